"""Alembic environment: runs the migrations on the connection :mod:`qorgau.store.db` hands over.

Qorgau has no ``alembic.ini``; :func:`qorgau.store.db.upgrade` builds the configuration in code and
passes an open connection in ``config.attributes["connection"]``. Run from the ``alembic``
command line instead (to write a new revision), the URL comes from ``QORGAU_DATABASE_URL`` or the
default SQLite file.
"""

from __future__ import annotations

from alembic import context

from qorgau.store.db import make_engine
from qorgau.store.models import load_schema

config = context.config
target_metadata = load_schema()


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Qorgau migrations run online only: open the database with qorgau db upgrade")
run_migrations_online()
