"""Intake over HTTP: ``POST /api/reports`` (and the web intake form) store reports through a
:class:`~qorgau.intake.group.GroupIntake`, so records arriving together share one transaction
and one linking pass while each request gets its own answer."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qorgau.api import views
from qorgau.api.errors import ApiError
from qorgau.auth.policy import Denied, Principal, check_region, require
from qorgau.intake.group import Closed, GroupIntake
from qorgau.intake.ingest import Outcome
from qorgau.store.models import Report


def describe_reports(session: Session, report_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The answers' reports for a whole intake batch (the writer calls this once per batch)."""
    reports = list(session.scalars(select(Report).where(Report.id.in_(report_ids))))
    return views.report_dicts(session, reports)


def _batch_regions(session: Session) -> dict[int, str | None]:
    """Regions of the intake batch's stored reports, read once per batch transaction."""
    regions = session.info.get("batch_regions")
    if regions is None:
        ids = session.info.get("batch_report_ids") or []
        regions = dict(session.execute(
            select(Report.id, Report.region).where(Report.id.in_(ids))).all())
        session.info["batch_regions"] = regions
    return regions


STORE_TIMEOUT = 120.0
"""Seconds a request waits for its batch before giving up (the record may still be stored)."""


def create_report(intake: GroupIntake, p: Principal, record: dict[str, Any], pseudonym_key: bytes
                  ) -> tuple[int, dict[str, Any]]:
    """Store one record as ``p``; returns (HTTP status, the report as ``p`` may see it, with
    its facts, links and match alerts). 201 when new, 200 when the same record was stored
    before; refusals raise :class:`ApiError` 422 naming the field.

    The role and the region are checked before the record is queued; the audit entry of the
    request (who, what, when) is written by the writer in the transaction after its batch."""
    require(p, "report.create")
    region = record.get("region")
    if region and not p.in_scope(str(region)):
        raise Denied("out_of_region", f"you take reports for region {p.region} only")
    if not region and not p.national:
        record["region"] = p.region
    record.setdefault("id", f"api-{uuid.uuid4().hex[:20]}")

    def audited(session: Session, outcome: Outcome) -> None:
        if outcome.status == "refused" or outcome.report_id is None:
            return
        regions = _batch_regions(session)
        stored_region = regions[outcome.report_id] if outcome.report_id in regions else \
            session.scalar(select(Report.region).where(Report.id == outcome.report_id))
        check_region(p, stored_region, None)
        views._audit(session, p, "report.create" if outcome.status == "taken" else "read",
                     "report", outcome.report_id, None)

    try:
        stored = intake.store(record, source=f"api:{p.username}", then=audited,
                              timeout=STORE_TIMEOUT)
    except Closed:
        raise ApiError(503, "unavailable", "the server is shutting down; send the report again",
                       None, headers={"Retry-After": "5"}) from None
    except TimeoutError:
        raise ApiError(503, "busy", "intake is busy; send the report again (it is taken once)",
                       None, headers={"Retry-After": "5"}) from None
    outcome = stored.outcome
    if outcome.status == "refused" or outcome.report_id is None:
        field = outcome.field or "record"
        reason = outcome.reason or "the record was not stored"
        raise ApiError(422, "refused", f"'{field}': {reason}", field)
    with intake.db.session() as session:
        session.info["pseudonym_key"] = pseudonym_key
        if stored.details is not None:  # read by the writer with the rest of its batch
            out = views.as_seen_by(dict(stored.details), p, session)
        else:
            report = views.repo.get_report(session, outcome.report_id)
            out = views.report_dict(session, report, p)
    out["outcome"] = outcome.status
    return (201 if outcome.status == "taken" else 200), out
