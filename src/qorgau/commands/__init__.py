"""CLI command groups, each registered on the main Typer app by qorgau.cli."""
