"""Alembic migrations of the Qorgau store, shipped inside the package and applied by open_db."""
