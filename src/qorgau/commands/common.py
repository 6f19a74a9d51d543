"""What the command groups share: the --db help text, error lines, opening the database."""

from __future__ import annotations

import typer

DB_HELP = (
    "Database URL or SQLite file path (default: $QORGAU_DATABASE_URL, else ./qorgau.db). "
    "PostgreSQL: postgresql://user:pass@host/dbname."
)


def err(message: str) -> None:
    """Print ``qorgau: message`` on standard error."""
    typer.echo(f"qorgau: {message}", err=True)


def open_database(url: str | None):  # noqa: ANN201
    """Open (and upgrade) the database, or exit 2 with one line naming it and the reason."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from qorgau.store.db import open_db, resolve_url

    shown = make_url(resolve_url(url)).render_as_string(hide_password=True)
    try:
        return open_db(url)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        err(f"cannot open the database {shown}: {reason}")
        raise typer.Exit(2) from exc
