"""Intake over HTTP: ``POST /api/reports`` stores a report through :mod:`qorgau.intake`."""

from __future__ import annotations

import uuid
from typing import Any

from qorgau.api import views
from qorgau.api.errors import ApiError
from qorgau.auth.policy import Denied, Principal, check_region, require
from qorgau.intake import ingest_records
from qorgau.store.db import Database


def create_report(db: Database, p: Principal, record: dict[str, Any], pseudonym_key: bytes
                  ) -> tuple[int, dict[str, Any]]:
    """Store one record as ``p``; returns (HTTP status, the report as ``p`` may see it, with
    its facts, links and match alerts). 201 when new, 200 when the same record was stored
    before; refusals raise :class:`ApiError` 422 naming the field."""
    require(p, "report.create")
    region = record.get("region")
    if region and not p.in_scope(str(region)):
        raise Denied("out_of_region", f"you take reports for region {p.region} only")
    if not region and not p.national:
        record["region"] = p.region
    record.setdefault("id", f"api-{uuid.uuid4().hex[:20]}")
    summary = ingest_records(db, [record], source=f"api:{p.username}", actor=p.username)
    outcome = (summary.outcomes or [None])[0]
    if outcome is None or outcome.status == "refused" or outcome.report_id is None:
        field = outcome.field if outcome else "record"
        reason = outcome.reason if outcome else "the record was not stored"
        raise ApiError(422, "refused", f"'{field}': {reason}", field)
    with db.transaction() as session:
        session.info["pseudonym_key"] = pseudonym_key
        report = views.repo.get_report(session, outcome.report_id)
        check_region(p, report.region, None)
        views._audit(session, p, "report.create" if outcome.status == "taken" else "read",
                     "report", outcome.report_id, None)
        out = views.report_dict(session, report, p)
    out["outcome"] = outcome.status
    return (201 if outcome.status == "taken" else 200), out
