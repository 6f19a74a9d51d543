"""Opening the database: URL resolution, engine set-up per backend, sessions, migrations.

The embedded default is a SQLite file (``qorgau.db`` in the current directory) in WAL mode with
foreign keys enforced; ``QORGAU_DATABASE_URL`` (or an explicit URL) selects PostgreSQL through
psycopg 3. :func:`open_db` upgrades the schema to the latest Alembic revision before returning,
so every program that opens the store sees the schema it was written for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

ENV_URL = "QORGAU_DATABASE_URL"
DEFAULT_SQLITE_FILE = "qorgau.db"
MIGRATIONS = "qorgau.store:migrations"


def resolve_url(url: str | None = None) -> str:
    """Return the SQLAlchemy URL to use: ``url``, else ``$QORGAU_DATABASE_URL``, else the default
    SQLite file.

    A bare file path means a SQLite file; ``postgresql://`` and ``postgres://`` URLs are given the
    psycopg 3 driver.
    """
    url = url or os.environ.get(ENV_URL) or DEFAULT_SQLITE_FILE
    if "://" not in url:
        if url == ":memory:":
            return "sqlite://"
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_setup(engine: Engine) -> None:
    """WAL, foreign keys, and transactions that SQLAlchemy (not the driver) begins.

    The standard library driver opens transactions lazily and commits on its own before DDL; here
    it is put in autocommit mode and SQLAlchemy emits ``BEGIN`` itself, so a session's transaction
    covers every statement it runs. Sessions opened for writing begin with ``BEGIN IMMEDIATE`` so
    two writers wait for each other (``busy_timeout``) instead of failing on a lock upgrade.
    """
    memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001
        immediate = conn.get_execution_options().get("qorgau_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """Create an engine for ``url`` (resolved by :func:`resolve_url`) with the backend's set-up."""
    resolved = resolve_url(url)
    backend = make_url(resolved).get_backend_name()
    if backend == "sqlite":
        path = make_url(resolved).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, **kwargs)
        _sqlite_setup(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(resolved, **kwargs)


def alembic_config(connection=None):  # noqa: ANN001, ANN201
    """The Alembic configuration of the shipped migrations, bound to ``connection`` if given
    (for ``alembic.command.revision`` when writing a new migration)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this version of Qorgau."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Apply the migrations up to ``revision`` and return the revision the database is now at."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    return current_revision(engine)


def downgrade(engine: Engine, revision: str) -> str | None:
    """Revert the migrations down to ``revision`` (``"base"``: an empty database)."""
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
    return current_revision(engine)


@dataclass
class Database:
    """An open store: the engine and session factories for reading and for writing."""

    url: str
    engine: Engine
    _sessions: sessionmaker[Session] = field(init=False, repr=False)
    _writers: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        writer_bind = self.engine.execution_options(qorgau_write=True)
        self._writers = sessionmaker(writer_bind, expire_on_commit=False)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def session(self) -> Session:
        """A new session for reading (or light writing); use it as a context manager."""
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose single transaction commits on success and rolls back on any error.

        On SQLite it takes the write lock at once, so concurrent writers queue instead of failing.
        """
        with self._writers() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_db(url: str | None = None, *, upgrade_schema: bool = True, **engine_kwargs) -> Database:
    """Open the store at ``url`` (see :func:`resolve_url`), upgrading its schema to the head
    revision unless ``upgrade_schema`` is False."""
    engine = make_engine(url, **engine_kwargs)
    if upgrade_schema:
        upgrade(engine)
    return Database(resolve_url(url), engine)
