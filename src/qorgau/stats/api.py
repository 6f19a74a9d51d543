"""Statistics for the HTTP API and the web pages: :func:`api_tables`.

The API reads with a session it may already have written to (audit entries), so this module
never writes: counts come from ``stat_cases`` where it is current, and the reports stored or
re-read since the last refresh are derived in memory and counted with them (read-only, and
cheap while few reports are pending). The payload has the shape the API's own fallback returns
(``by_article``, ``by_region``, ``by_month``, ``by_channel``, ``cases_by_status`` ...), with
``"source": "stats"``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qorgau.stats import core, derive
from qorgau.stats.core import Counts, Filters, article_spec
from qorgau.stats.models import StatCase, StatState
from qorgau.stats.tables import DbSource, RowSource, official_key
from qorgau.store.models import Report

PENDING_LIMIT = 20_000
"""At most this many pending reports are derived in memory; beyond it the payload says
``stale`` and counts what ``stat_cases`` holds."""


class LiveSource:
    """Counts from ``stat_cases`` plus the pending reports derived in memory."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.stale = False
        state = session.get(StatState, derive.STATE)
        after_id = state.max_report_id if state else 0
        q = select(Report.id).where(Report.id > after_id)
        pending = list(session.scalars(q.order_by(Report.id).limit(PENDING_LIMIT + 1)))
        reread: list[int] = []
        if state is not None and state.max_extracted_at is not None:
            q = select(Report.id).where(
                Report.extracted_at > state.max_extracted_at, Report.id <= after_id
            )
            reread = list(session.scalars(q.limit(PENDING_LIMIT + 1)))
        if len(pending) + len(reread) > PENDING_LIMIT:
            self.stale = True
            pending, reread = [], []
        rows: list[core.CaseRow] = []
        ids = pending + reread
        for i in range(0, len(ids), 900):
            rows.extend(derive.derive(session, ids[i : i + 900]))
        self.exclude = tuple(reread)
        self.db = DbSource(session)
        self.mem = RowSource(rows)

    def counts(self, filters: Filters, by: str) -> Counts:
        from qorgau.stats import query

        out = query.count_rows(self.session, filters, by, self.exclude)
        for key, cell in self.mem.counts(filters, by).items():
            mine = out.setdefault(key, [0, 0])
            mine[0] += cell[0]
            mine[1] += cell[1]
        return out

    def total(self, filters: Filters) -> int:
        from qorgau.stats import query

        return query.period_total(self.session, filters, self.exclude) + self.mem.total(filters)


def _listing(counts: Counts, name: str, key=None) -> list[dict[str, Any]]:  # noqa: ANN001
    merged: dict[Any, int] = {}
    for (k, _spec), (n, _d) in counts.items():
        k = key(k) if key else k
        merged[k] = merged.get(k, 0) + n
    return [{"key": k, name: n} for k, n in sorted(merged.items(), key=lambda kv: -kv[1])]


def api_tables(
    session: Session,
    *,
    region: str | None = None,
    article: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Counts of cases by article, region, month and channel, and by status, for the API."""
    filters = Filters(
        articles=(article,) if article else (),
        start=date(year, 1, 1) if year else None,
        end=date(year, 12, 31) if year else None,
        regions=(region.upper(),) if region else (),
    )
    src = LiveSource(session)
    by_region = _listing(src.counts(filters, "region"), "reports")
    by_region.sort(key=lambda r: (-r["reports"], official_key(r["key"])))
    months = _listing(src.counts(filters, "month"), "reports")
    from qorgau.stats import query

    damage = (
        session.scalar(
            select(func.count())
            .select_from(StatCase)
            .where(StatCase.damage_tenge.is_not(None), *query.conditions(filters, src.exclude))
        )
        or 0
    )
    damage += sum(
        1 for r in src.mem.rows if r.damage_tenge is not None and core.matches(r, filters)
    )
    return {
        "filters": {"region": region, "article": article, "year": year},
        "source": "stats",
        "stale": src.stale,
        "reports": src.total(filters),
        "by_article": _listing(
            src.counts(filters, "article"),
            "reports",
            key=lambda k: article_spec(*k) if k[0] else None,
        ),
        "by_region": by_region,
        "by_channel": _listing(src.counts(filters, "channel"), "reports"),
        "by_month": sorted((m for m in months if m["key"]), key=lambda m: m["key"]),
        "cases_by_status": [
            {"key": r["key"], "cases": r["reports"]}
            for r in _listing(src.counts(filters, "status"), "reports")
        ],
        "money_facts": int(damage),
    }
