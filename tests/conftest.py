"""Shared fixtures: a fresh database URL for SQLite and for PostgreSQL.

``db_url`` runs a test once per backend. The PostgreSQL half comes from ``QORGAU_TEST_PG_URL``
(``eval "$(.ci/pg-start)"`` starts a throwaway server and sets it); every test gets its own
database there, created and dropped around it. Without the variable, or when the server cannot be
reached, PostgreSQL tests are skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "QORGAU_TEST_PG_URL"
_pg_problem: str | None = None
_pg_checked = False


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgresql: needs a PostgreSQL server (QORGAU_TEST_PG_URL)"
    )


def _admin_url() -> str:
    from qorgau.store.db import resolve_url

    return resolve_url(os.environ[PG_ENV])


def _pg_unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can (checked once)."""
    global _pg_problem, _pg_checked
    if _pg_checked:
        return _pg_problem
    _pg_checked = True
    if not os.environ.get(PG_ENV):
        _pg_problem = (
            f"{PG_ENV} is not set; start a throwaway server with: eval \"$(.ci/pg-start)\""
        )
        return _pg_problem
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = _admin_url()
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: skip, saying why
        shown = make_url(url).render_as_string(hide_password=True)
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _pg_problem = f"PostgreSQL at {shown} is unreachable: {first}"
    return _pg_problem


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file in the test's temporary directory."""
    return f"sqlite:///{tmp_path / 'qorgau-test.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    problem = _pg_unavailable()
    if problem:
        pytest.skip(problem)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"qorgau_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str):  # noqa: ANN201
    """An open, migrated store on each backend."""
    from qorgau.store.db import open_db

    database = open_db(db_url)
    yield database
    database.close()
