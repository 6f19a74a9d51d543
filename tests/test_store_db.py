"""Opening the store: URLs, SQLite settings, migrations that match the models, the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from qorgau.store import repo
from qorgau.store.db import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    open_db,
    resolve_url,
    upgrade,
)
from qorgau.store.models import AuditEntry, Report, load_schema

TABLES = {
    "ingest_runs", "reports", "facts", "identifiers", "report_identifiers", "persons",
    "person_mentions", "cases", "case_reports", "case_persons", "measures", "incidents",
    "audit_log",
}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
        (":memory:", "sqlite://"),
    ],
)
def test_resolve_url_forms(given: str, expected: str):
    assert resolve_url(given) == expected


def test_resolve_url_bare_path_is_sqlite_file(tmp_path: Path):
    assert resolve_url(str(tmp_path / "cases.db")) == f"sqlite:///{tmp_path / 'cases.db'}"


def test_resolve_url_environment_and_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("QORGAU_DATABASE_URL", "postgresql://a@b/c")
    assert resolve_url() == "postgresql+psycopg://a@b/c"
    assert resolve_url("other.db").endswith("/other.db")  # explicit wins over the environment
    monkeypatch.delenv("QORGAU_DATABASE_URL")
    monkeypatch.chdir(tmp_path)
    assert resolve_url() == f"sqlite:///{tmp_path / 'qorgau.db'}"


def test_sqlite_file_is_wal_with_foreign_keys(tmp_path: Path):
    db = open_db(str(tmp_path / "sub" / "q.db"))
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.execute(text("INSERT INTO facts (report_id, seq, kind, value, span_start, span_end, "
                       "text, rule) VALUES (999, 0, 'x', '1', 0, 1, 'x', 'r')"))
    db.close()


def test_open_db_upgrades_to_head(db_url: str):
    db = open_db(db_url)
    assert current_revision(db.engine) == head_revision()
    assert TABLES <= set(inspect(db.engine).get_table_names())
    db.close()


def test_migrations_create_exactly_the_models(db_url: str):
    db = open_db(db_url)
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, load_schema()) == []
    db.close()


def test_downgrade_and_upgrade_again(db_url: str):
    engine = make_engine(db_url)
    upgrade(engine)
    assert downgrade(engine, "base") is None
    assert not TABLES & set(inspect(engine).get_table_names())
    assert upgrade(engine) == head_revision()
    engine.dispose()


def test_without_upgrade_the_database_stays_empty(db_url: str):
    db = open_db(db_url, upgrade_schema=False)
    assert current_revision(db.engine) is None
    db.close()


def test_audit_log_is_append_only(db):
    with db.transaction() as s:
        repo.audit(s, "view", actor="inspector-7", entity="report", entity_id=12)
    with db.session() as s:
        (entry,) = repo.audit_entries(s, entity="report", entity_id=12)
        assert (entry.actor, entry.action) == ("inspector-7", "view")
    for statement in ("UPDATE audit_log SET actor = 'someone'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), db.transaction() as s:
            s.execute(text(statement))
    with db.session() as s:
        assert s.scalar(select(AuditEntry.actor)) == "inspector-7"


@pytest.mark.postgresql
def test_audit_log_cannot_be_truncated(pg_url: str):
    db = open_db(pg_url)
    with pytest.raises(DBAPIError, match="append-only"), db.transaction() as s:
        s.execute(text("TRUNCATE audit_log"))
    db.close()


def _report(**kw) -> Report:
    base = dict(ext_id="r", sha256="0" * 64, text="t", channel="import", engine_version="v")
    return Report(**{**base, **kw})


def test_timestamps_come_back_as_aware_utc(db):
    almaty = datetime(2025, 3, 12, 14, 30, tzinfo=timezone(timedelta(hours=5)))
    with db.transaction() as s:
        s.add(_report(ext_id="a", received_at=almaty))
        s.add(_report(ext_id="b", received_at=datetime(2025, 3, 12, 14, 30)))  # naive: KZ time
    with db.session() as s:
        a = repo.get_report_by_ext_id(s, "a")
        b = repo.get_report_by_ext_id(s, "b")
        assert a.received_at == almaty and a.received_at.tzinfo == UTC
        assert b.received_at == almaty
        assert a.ingested_at.tzinfo == UTC


@pytest.mark.parametrize(
    ("column", "value"),
    [("channel", "fax"), ("channel", "E-OTINISH")],
)
def test_channel_is_checked_by_the_database(db, column: str, value: str):
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(_report(**{column: value}))


def test_ext_id_is_unique(db):
    with db.transaction() as s:
        s.add(_report(ext_id="same"))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(_report(ext_id="same", sha256="1" * 64))
