"""Loading counted cases in bulk, without the facts engine: for benchmarks and tests.

:func:`insert_cases` writes, for each :class:`~qorgau.stats.core.CaseRow`, a minimal report (no
text, the row's article, region, status and registration time) and the row itself, with
multi-row ``executemany`` inserts in batches, then moves the refresh marks past them so that
:func:`qorgau.stats.derive.refresh` does not derive them again from their empty texts. On
PostgreSQL the report id sequence is moved past the ids written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import func, insert, select, text

from qorgau.stats.core import CaseRow
from qorgau.stats.derive import STATE
from qorgau.stats.models import StatCase, StatState
from qorgau.store.models import KZ_TIME, Report

EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
"""SHA-256 of the empty text."""


def _report(row: CaseRow, now: datetime) -> dict[str, Any]:
    received = (
        datetime.combine(row.registered_on, time(10), KZ_TIME) if row.registered_on else None
    )
    return {
        "id": row.report_id,
        "ext_id": f"bulk-{row.report_id}",
        "sha256": EMPTY_SHA,
        "text": "",
        "channel": row.channel or "import",
        "received_at": received,
        "language": None,
        "region": row.region,
        "article": None if row.article is None else (
            row.article if row.part is None else f"{row.article}-{row.part}"
        ),
        "status": row.status,
        "ref_date": None,
        "source": "bulk",
        "run_id": None,
        "ingested_at": now,
        "supplied": {},
        "extracted": {},
        "differences": {},
        "sentences": [],
        "engine_version": "bulk",
        "extracted_at": now,
    }


def insert_cases(db: Any, rows: Iterable[CaseRow], *, batch: int = 20_000) -> int:
    """Write reports and counted rows for ``rows`` (ids must be new), a transaction per batch;
    returns how many."""
    now = datetime.now(UTC)
    done = 0
    chunk: list[CaseRow] = []

    def flush() -> None:
        nonlocal done
        if not chunk:
            return
        with db.transaction() as s:
            s.execute(insert(Report), [_report(r, now) for r in chunk])
            s.execute(insert(StatCase), [r.as_dict() for r in chunk])
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
