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


def _new_pg_database(template: str | None = None) -> str:
    from sqlalchemy import create_engine, text

    name = f"qorgau_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        clause = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    admin.dispose()
    return name


def _drop_pg_database(name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _pg_url_for(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    problem = _pg_unavailable()
    if problem:
        pytest.skip(problem)
    name = _new_pg_database()
    try:
        yield _pg_url_for(name)
    finally:
        _drop_pg_database(name)


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    """A PostgreSQL database migrated to head once per session, cloned for each test."""
    problem = _pg_unavailable()
    if problem:
        pytest.skip(problem)
    from qorgau.store.db import open_db

    name = _new_pg_database()
    open_db(_pg_url_for(name)).close()
    try:
        yield name
    finally:
        _drop_pg_database(name)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def db(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201
    """An open store migrated to head, once on SQLite and once on PostgreSQL."""
    from qorgau.store.db import open_db

    if request.param == "sqlite":
        database = open_db(str(tmp_path / "qorgau-test.db"))
        yield database
        database.close()
        return
    name = _new_pg_database(template=request.getfixturevalue("_pg_template"))
    database = open_db(_pg_url_for(name))
    try:
        yield database
    finally:
        database.close()
        _drop_pg_database(name)


class FakeEngine:
    """Stands in for the facts engine in intake: returns the facts a test chose for each id."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._mp = monkeypatch
        self.facts: dict = {}
        self.ref_dates: dict = {}
        self.language = "ru"
        self.fail_on: set[str] = set()
        self.calls: list[str] = []
        self.set_version("test-engine/1")
        monkeypatch.setattr("qorgau.intake.ingest.extract_document", self)

    def set_version(self, version: str) -> None:
        self.version = version
        self._mp.setattr("qorgau.intake.ingest.ENGINE_VERSION", version)

    def __call__(self, text: str, doc_id: str = "doc"):
        from qorgau.model import Facts, Sentence

        self.calls.append(doc_id)
        if doc_id in self.fail_on:
            raise RuntimeError("engine bug")
        return Facts(
            id=doc_id,
            language=self.language,
            ref_date=self.ref_dates.get(doc_id),
            sentences=[Sentence(0, len(text), self.language)],
            facts=list(self.facts.get(doc_id, [])),
            engine_version=self.version,
        )


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    """Replace the facts engine used by intake with :class:`FakeEngine`."""
    return FakeEngine(monkeypatch)
