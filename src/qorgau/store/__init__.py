"""The store: schema, migrations, database opening and repositories over SQLite or PostgreSQL.

Start with :func:`qorgau.store.db.open_db`; read and write through :mod:`qorgau.store.repo`.
"""

from qorgau.store.db import Database, open_db, resolve_url

__all__ = ["Database", "open_db", "resolve_url"]
