"""Match alerts: a new report names a phone, card, IBAN, IIN, e-mail or handle already seen.

An alert is raised at intake, inside the batch transaction, for every (new report, strong
identifier) where earlier reports already name the identifier. It says how many earlier reports
and how many distinct cases name it, and which report named it first, so the officer taking the
complaint sees at once that this card already took money from eleven other victims.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qorgau.link.models import LinkAlert, LinkReport
from qorgau.store.models import Identifier, Report, utcnow


@dataclass(frozen=True)
class Alert:
    """One alert as shown to a person."""

    id: int
    report: str
    report_id: int
    kind: str
    value: str
    reports: int
    cases: int
    first_report: str | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "alert": self.id,
            "report": self.report,
            "identifier": f"{self.kind}:{self.value}",
            "earlier_reports": self.reports,
            "earlier_cases": self.cases,
            "first_report": self.first_report,
            "created_at": self.created_at.isoformat(),
        }

    def line(self) -> str:
        first = f", first in {self.first_report}" if self.first_report else ""
        return (
            f"{self.report}: {self.kind} {self.value} already named by {self.reports} "
            f"report{'s' if self.reports != 1 else ''} in {self.cases} "
            f"case{'s' if self.cases != 1 else ''}{first}"
        )


def record_alerts(
    session: Session,
    uses: dict[int, list[int]],
    holders: dict[int, list[tuple[int, int | None]]],
) -> int:
    """Store the alerts of a linked batch; returns how many were raised.

    ``uses`` maps each batch report to the identifier ids it names; ``holders`` the stored
    reports that named each identifier before the batch (see
    :func:`qorgau.link.graph.identifier_holders`). Reports earlier in the same batch count too.
    The batch's cases must already be assigned.
    """
    report_ids = {rid for hs in holders.values() for rid, _g in hs} | set(uses)
    case_of: dict[int, int | None] = {}
    ids = sorted(report_ids)
    for i in range(0, len(ids), 500):
        case_of.update(
            session.execute(
                select(LinkReport.report_id, LinkReport.case_id).where(
                    LinkReport.report_id.in_(ids[i : i + 500])
                )
            ).all()
        )
    seen_in_batch: dict[int, list[int]] = {}
    rows: list[dict[str, Any]] = []
    now = utcnow()
    for rid in sorted(uses):
        for ident in sorted(set(uses[rid])):
            earlier = [r for r, _g in holders.get(ident, [])] + seen_in_batch.get(ident, [])
            seen_in_batch.setdefault(ident, []).append(rid)
            if not earlier:
                continue
            cases = {case_of.get(r) for r in earlier} - {None}
            rows.append(
                {
                    "report_id": rid,
                    "identifier_id": ident,
                    "reports": len(set(earlier)),
                    "cases": len(cases),
                    "first_report_id": min(earlier),
                    "created_at": now,
                }
            )
    if rows:
        session.execute(LinkAlert.__table__.insert(), rows)
    return len(rows)


def list_alerts(
    session: Session,
    *,
    report_ids: Iterable[int] | None = None,
    since: datetime | None = None,
    min_reports: int = 1,
    limit: int = 100,
) -> list[Alert]:
    """Alerts, newest first: for some reports, since a time, or about well-known identifiers."""
    first = Report.__table__.alias("first_report")
    q = (
        select(LinkAlert, Report.ext_id, Identifier.kind, Identifier.value, first.c.ext_id)
        .join(Report, Report.id == LinkAlert.report_id)
        .join(Identifier, Identifier.id == LinkAlert.identifier_id)
        .outerjoin(first, first.c.id == LinkAlert.first_report_id)
        .where(LinkAlert.reports >= min_reports)
    )
    if report_ids is not None:
        q = q.where(LinkAlert.report_id.in_(list(report_ids)))
    if since is not None:
        q = q.where(LinkAlert.created_at >= since)
    q = q.order_by(LinkAlert.id.desc()).limit(limit)
    return [
        Alert(a.id, ext, a.report_id, kind, value, a.reports, a.cases, first_ext, a.created_at)
        for a, ext, kind, value, first_ext in session.execute(q)
    ]
