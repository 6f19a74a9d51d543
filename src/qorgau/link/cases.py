"""Cases: reports grouped by offence and by the victim-suspect pair, with a timeline.

A case key is built from what linking knows about a report:

* the offence (``stalking``, ``coercion_to_marriage``, ``internet_fraud``, or ``other``);
* the suspect side: the suspect entity (``p<person id>``), else the fraud network
  (``n<group id>``); a report with neither is a case of its own (``r<report id>``);
* the victim side: the victim's name key (first-name and surname skeletons, see
  :mod:`qorgau.link.names`), or ``-`` when the report names no victim.

So the third complaint of the same woman about the same man joins the first two, and every
victim of a fraud network has her own case against that network. When linking later finds two
suspect entities (or two networks) to be one, their cases are re-keyed and cases that now share
a key are merged: the older case keeps its id, the other is marked ``merged`` and keeps its row
so that references to it stay readable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from qorgau.link.models import LinkReport
from qorgau.link.sql import chunks, insert_ignore
from qorgau.store.models import Case, CasePerson, CaseReport, Incident, Measure, Report, utcnow
from qorgau.store.repo import TimelineEntry, add_person_to_case, add_report_to_case
from qorgau.store.repo import case_timeline as repo_case_timeline

OFFENCE_TITLES = {
    "stalking": "Stalking (CC 115-1)",
    "coercion_to_marriage": "Coercion to marriage (CC 125-1)",
    "internet_fraud": "Internet fraud (CC 190)",
}


def case_key(
    offence: str | None,
    person_id: int | None,
    network_id: int | None,
    victim_key: str | None,
    report_id: int,
) -> str:
    """The grouping key of a report's case (see the module docstring)."""
    off = offence or "other"
    if person_id is not None:
        who = f"p{person_id}"
    elif network_id is not None:
        who = f"n{network_id}"
    else:
        return f"{off}|r{report_id}"
    return f"{off}|{who}|v:{victim_key or '-'}"[:200]


@dataclass
class CaseInput:
    """What case assignment needs to know about one report of a batch."""

    report_id: int
    offence: str | None
    article: str | None
    region: str | None
    received_at: datetime | None
    person_id: int | None
    network_id: int | None
    victim_key: str | None
    victim_name: str | None
    suspect_name: str | None


def _title(item: CaseInput) -> str:
    what = OFFENCE_TITLES.get(item.offence or "", "Report")
    if item.person_id is not None:
        who = item.suspect_name or f"person {item.person_id}"
    elif item.network_id is not None:
        who = f"fraud network {item.network_id}"
    else:
        who = "unknown suspect"
    victim = item.victim_name or "unknown victim"
    return f"{what}: {who} / {victim}"[:300]


def assign_cases(session: Session, items: Iterable[CaseInput]) -> dict[int, int]:
    """Put each report into its case (created when new); returns ``{report_id: case_id}``."""
    items = list(items)
    keys = {
        it.report_id: case_key(it.offence, it.person_id, it.network_id, it.victim_key, it.report_id)
        for it in items
    }
    wanted = sorted(set(keys.values()))
    known: dict[str, int] = {}
    opened: dict[str, datetime | None] = {}
    for chunk in chunks(wanted):
        for cid, key, at in session.execute(
            select(Case.id, Case.key, Case.opened_at).where(Case.key.in_(chunk))
        ):
            known[key] = cid
            opened[key] = at
    new: dict[str, CaseInput] = {}
    earlier: dict[str, datetime] = {}
    for it in items:
        key = keys[it.report_id]
        if key not in known:
            new.setdefault(key, it)
        if (
            it.received_at is not None
            and (opened.get(key) is None or it.received_at < opened[key])
            and (key not in earlier or it.received_at < earlier[key])
        ):
            earlier[key] = it.received_at
    fresh = list(new)
    rows = [
        {
            "key": key,
            "title": _title(it),
            "offence": it.offence,
            "article": it.article,
            "region": it.region,
            "opened_at": earlier.get(key, it.received_at),
            "status": "open",
            "created_at": utcnow(),
        }
        for key, it in new.items()
    ]
    if rows:
        # keys are unique: a plain multi-row insert, then the new ids by key
        session.execute(insert(Case.__table__), rows)
        for chunk in chunks(fresh):
            known.update(
                session.execute(select(Case.key, Case.id).where(Case.key.in_(chunk))).all()
            )
    moved = [{"id": known[k], "opened_at": at} for k, at in earlier.items() if k not in new]
    if moved:
        session.execute(update(Case), moved)
    out: dict[int, int] = {}
    links, roles = [], []
    now = utcnow()
    for it in items:
        key = keys[it.report_id]
        case_id = out[it.report_id] = known[key]
        reason: dict[str, Any] = {"key": key, "offence": it.offence, "victim": it.victim_key}
        if it.person_id is not None:
            reason["person"] = it.person_id
            roles.append({"case_id": case_id, "person_id": it.person_id, "role": "suspect"})
        if it.network_id is not None:
            reason["network"] = it.network_id
        links.append(
            {"case_id": case_id, "report_id": it.report_id, "reason": reason, "added_at": now}
        )
    insert_ignore(session, CaseReport.__table__, links)
    insert_ignore(session, CasePerson.__table__, roles)
    return out


def rekey_cases(session: Session, case_ids: Iterable[int]) -> dict[int, int]:
    """Recompute the keys of cases whose suspect entity or network was merged into another,
    merging cases that now share a key. Returns ``{merged case id: surviving case id}``."""
    merged: dict[int, int] = {}
    for case_id in sorted(set(case_ids)):
        if case_id in merged:
            continue
        row = session.execute(
            select(
                LinkReport.offence,
                LinkReport.person_id,
                LinkReport.network_id,
                LinkReport.victim_key,
                LinkReport.report_id,
            )
            .where(LinkReport.case_id == case_id)
            .order_by(LinkReport.report_id)
            .limit(1)
        ).first()
        case = session.get(Case, case_id)
        if row is None or case is None or case.status == "merged":
            continue
        key = case_key(row.offence, row.person_id, row.network_id, row.victim_key, row.report_id)
        if key == case.key:
            continue
        other = session.scalar(select(Case).where(Case.key == key, Case.id != case_id))
        if other is None:
            case.key = key
            session.flush()
            continue
        keep, drop = (other, case) if other.id < case.id else (case, other)
        _merge_case(session, keep, drop)
        keep.key = key
        merged[drop.id] = keep.id
        session.flush()
    return merged


def _merge_case(session: Session, keep: Case, drop: Case) -> None:
    """Move everything of ``drop`` into ``keep`` and mark ``drop`` merged."""
    for report_id, reason in session.execute(
        select(CaseReport.report_id, CaseReport.reason).where(CaseReport.case_id == drop.id)
    ).all():
        add_report_to_case(session, keep.id, report_id, reason)
    for person_id, role in session.execute(
        select(CasePerson.person_id, CasePerson.role).where(CasePerson.case_id == drop.id)
    ).all():
        add_person_to_case(session, keep.id, person_id, role)
    session.execute(delete(CaseReport).where(CaseReport.case_id == drop.id))
    session.execute(delete(CasePerson).where(CasePerson.case_id == drop.id))
    for model in (LinkReport, Measure, Incident):
        session.execute(update(model).where(model.case_id == drop.id).values(case_id=keep.id))
    if drop.opened_at is not None and (keep.opened_at is None or drop.opened_at < keep.opened_at):
        keep.opened_at = drop.opened_at
    drop.key = None
    drop.status = "merged"
    drop.title = f"merged into case {keep.id}"[:300]
    session.flush()


def live_case(session: Session, case_id: int) -> int | None:
    """The case a (possibly merged) case id now lives on, or None if unknown."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    if case.status != "merged":
        return case.id
    row = session.scalar(
        select(LinkReport.case_id)
        .where(
            LinkReport.report_id.in_(
                select(CaseReport.report_id).where(CaseReport.case_id == case_id)
            )
        )
        .limit(1)
    )
    if row is not None:
        return row
    title = case.title or ""
    if title.startswith("merged into case "):
        try:
            return live_case(session, int(title.rsplit(" ", 1)[1]))
        except ValueError:
            return None
    return None


@dataclass
class CaseView:
    """A case as an investigator reads it: its reports, parties, damage and timeline."""

    case: Case
    reports: list[dict[str, Any]]
    suspect_persons: list[int]
    damage_tenge: int
    timeline: list[TimelineEntry]

    def to_dict(self) -> dict[str, Any]:
        c = self.case
        return {
            "case": c.id,
            "key": c.key,
            "title": c.title,
            "offence": c.offence,
            "article": c.article,
            "region": c.region,
            "status": c.status,
            "opened_at": c.opened_at.isoformat() if c.opened_at else None,
            "suspects": self.suspect_persons,
            "damage_tenge": self.damage_tenge,
            "reports": self.reports,
            "timeline": [
                {
                    "on": e.on.isoformat() if isinstance(e.on, date) else None,
                    "what": e.what,
                    "kind": e.kind,
                    "ref": e.ref,
                    "detail": e.detail,
                }
                for e in self.timeline
            ],
        }


def case_view(session: Session, case_id: int) -> CaseView | None:
    """Everything about one case, with its timeline (reports received, measures, incidents)."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    rows = session.execute(
        select(
            Report.id,
            Report.ext_id,
            Report.received_at,
            LinkReport.damage_tenge,
            LinkReport.person_id,
            LinkReport.network_id,
        )
        .join(CaseReport, CaseReport.report_id == Report.id)
        .outerjoin(LinkReport, LinkReport.report_id == Report.id)
        .where(CaseReport.case_id == case_id)
        .order_by(Report.received_at, Report.id)
    ).all()
    reports = [
        {
            "report": r.ext_id,
            "id": r.id,
            "received_at": r.received_at.isoformat() if r.received_at else None,
            "damage_tenge": r.damage_tenge,
            "person": r.person_id,
            "network": r.network_id,
        }
        for r in rows
    ]
    persons = sorted(
        session.scalars(
            select(CasePerson.person_id).where(
                CasePerson.case_id == case_id, CasePerson.role == "suspect"
            )
        )
    )
    damage = sum(r.damage_tenge or 0 for r in rows)
    return CaseView(case, reports, persons, damage, repo_case_timeline(session, case_id))
