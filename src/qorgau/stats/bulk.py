"""Loading counted cases in bulk, without the facts engine: for benchmarks and tests.

:func:`insert_cases` writes, for each :class:`~qorgau.stats.core.CaseRow`, a minimal report (no
text, the row's article, region, status and registration time) and the row itself, with
multi-row ``executemany`` inserts in batches, then moves the refresh marks past them so that
:func:`qorgau.stats.derive.refresh` does not derive them again from their empty texts. On
PostgreSQL the report id sequence is moved past the ids written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, select, text

from qorgau.stats.core import CaseRow
from qorgau.stats.derive import STATE
from qorgau.stats.models import StatState
from qorgau.store.models import KZ_TIME, Report

EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
"""SHA-256 of the empty text."""


REPORT_COLUMNS = (
    "id", "ext_id", "sha256", "text", "channel", "received_at", "region", "article", "status",
    "source", "ingested_at", "supplied", "extracted", "differences", "sentences",
    "engine_version", "extracted_at",
)
CASE_COLUMNS = (
    "report_id", "article", "part", "region", "status", "registered_on", "month", "channel",
    "offence", "scheme", "category", "damage_tenge", "victim_age", "loss_on", "delay_days",
    "suspect_id",
)


def _when(value: datetime | date | None, sqlite: bool) -> Any:
    """A date or naive-UTC timestamp as the driver takes it (text for SQLite, as SQLAlchemy
    stores it there)."""
    if value is None or not sqlite:
        return value
    return value.isoformat(" ") if isinstance(value, datetime) else value.isoformat()


def _report(row: CaseRow, now: datetime, sqlite: bool) -> tuple:
    received = None
    if row.registered_on:
        received = datetime.combine(row.registered_on, time(10), KZ_TIME).astimezone(UTC)
        received = received.replace(tzinfo=None)
    article = row.article if row.part is None or row.article is None else (
        f"{row.article}-{row.part}")
    return (
        row.report_id, f"bulk-{row.report_id}", EMPTY_SHA, "", row.channel or "import",
        _when(received, sqlite), row.region, article, row.status, "bulk", _when(now, sqlite),
        "{}", "{}", "{}", "[]", "bulk", _when(now, sqlite),
    )


def _case(row: CaseRow, sqlite: bool) -> tuple:
    return (
        row.report_id, row.article, row.part, row.region, row.status,
        _when(row.registered_on, sqlite), row.month, row.channel, row.offence, row.scheme,
        row.category, row.damage_tenge, row.victim_age, _when(row.loss_on, sqlite),
        row.delay_days, row.suspect_id,
    )


def _sql(table: str, columns: tuple[str, ...], mark: str) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


def insert_cases(db: Any, rows: Iterable[CaseRow], *, batch: int = 20_000) -> int:
    """Write reports and counted rows for ``rows`` (ids must be new), a transaction per batch;
    returns how many."""
    now = datetime.now(UTC).replace(tzinfo=None)
    sqlite = db.backend == "sqlite"
    mark = "?" if sqlite else "%s"
    report_sql = _sql("reports", REPORT_COLUMNS, mark)
    case_sql = _sql("stat_cases", CASE_COLUMNS, mark)
    done = 0
    chunk: list[CaseRow] = []

    def flush() -> None:
        nonlocal done
        if not chunk:
            return
        with db.engine.begin() as conn:  # plain executemany: no per-row work in SQLAlchemy
            conn.exec_driver_sql(report_sql, [_report(r, now, sqlite) for r in chunk])
            conn.exec_driver_sql(case_sql, [_case(r, sqlite) for r in chunk])
        done += len(chunk)
        chunk.clear()

    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            flush()
    flush()
    with db.transaction() as s:
        max_id = int(s.scalar(select(func.max(Report.id))) or 0)
        max_at = s.scalar(select(func.max(Report.extracted_at)))
        state = s.get(StatState, STATE)
        if state is None:
            state = StatState(name=STATE)
            s.add(state)
        state.max_report_id = max_id
        state.max_extracted_at = max_at
        state.refreshed_at = now
        if db.backend == "postgresql":
            s.execute(
                text("SELECT setval(pg_get_serial_sequence('reports', 'id'), :n)"), {"n": max_id}
            )
    return done
