"""Incremental linking of a batch of stored reports, inside the transaction that stores them.

:func:`link_batch` is what intake calls (through :func:`qorgau.link.on_ingest_batch`). For the
batch's reports it:

1. reads what linking needs: offence (article, else the engine's classification), region,
   damage (fraud reports), strong identifiers (victims' own left out), suspect and victim
   mentions;
2. joins them into identifier groups (:func:`qorgau.link.graph.assign_groups`), with identifier
   evidence;
3. gives person-bearing reports their suspect entity (:func:`qorgau.link.persons.assign_persons`:
   same group, or a Splink name match), with name evidence;
4. sets the fraud network of fraud reports (their group);
5. re-keys cases whose entities or networks were merged, then puts each report in its case
   (:mod:`qorgau.link.cases`);
6. writes the ``link_reports`` rows, attaches the reports' measures to their suspect and case,
   raises match alerts (:mod:`qorgau.link.alerts`) and appends one audit entry.

On PostgreSQL the batch first takes a transaction-level advisory lock, so two intake processes
link one after the other and never miss a join between their batches. Reports already linked
are skipped, so running the hook twice changes nothing.

:func:`relink` undoes and redoes the links of some reports (after ``qorgau reprocess``) and
:func:`rebuild` relinks the whole store in report order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from qorgau.link.alerts import record_alerts
from qorgau.link.cases import CaseInput, assign_cases, rekey_cases
from qorgau.link.graph import IdentifierUse, assign_groups
from qorgau.link.models import LinkAlert, LinkEvidence, LinkGroup, LinkMention, LinkReport
from qorgau.link.names import parse
from qorgau.link.networks import FRAUD, is_fraud
from qorgau.link.persons import SuspectMention, assign_persons, mention_record
from qorgau.store.models import (
    Case,
    CasePerson,
    CaseReport,
    FactRow,
    Identifier,
    Measure,
    Person,
    PersonMention,
    Report,
    ReportIdentifier,
    utcnow,
)
from qorgau.store.repo import STRONG_KINDS, audit

ADVISORY_LOCK = 7_311_405_215
"""PostgreSQL advisory lock key that serialises linking between concurrent writers."""

_OFFENCE_OF_ARTICLE = (
    (re.compile(r"^115-1(?:-|$)"), "stalking"),
    (re.compile(r"^125-1(?:-|$)"), "coercion_to_marriage"),
    (re.compile(r"^190(?:-|$)"), FRAUD),
)


def offence_of(article: str | None, classified: str | None = None) -> str | None:
    """The offence a report is about: from its article (115-1, 125-1, 190), else the engine's
    classification."""
    if article:
        for pattern, offence in _OFFENCE_OF_ARTICLE:
            if pattern.match(article):
                return offence
    return classified


@dataclass
class Item:
    """One report of the batch being linked."""

    report_id: int
    article: str | None = None
    region: str | None = None
    received_at: datetime | None = None
    offence: str | None = None
    damage: int | None = None
    uses: list[IdentifierUse] = field(default_factory=list)
    suspects: list[SuspectMention] = field(default_factory=list)
    victim_name: str | None = None
    victim_key: str | None = None
    group_id: int | None = None
    person_id: int | None = None
    network_id: int | None = None
    case_id: int | None = None

    @property
    def fraud(self) -> bool:
        return is_fraud(self.offence, {u.kind for u in self.uses})

    @property
    def person_bearing(self) -> bool:
        """Names a suspect, or is not fraud and has strong identifiers (a stalker's phones)."""
        return bool(self.suspects) or (not self.fraud and self.group_id is not None)


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def load_items(session: Session, report_ids: list[int]) -> list[Item]:
    """Read what linking needs about these reports, a few queries per 500 reports."""
    items: dict[int, Item] = {}
    for chunk in _chunks(report_ids):
        for r in session.execute(
            select(Report.id, Report.article, Report.region, Report.received_at).where(
                Report.id.in_(chunk)
            )
        ):
            items[r.id] = Item(r.id, r.article, r.region, r.received_at)
        classified: dict[int, str] = {}
        money: dict[int, int] = {}
        for rid, kind, value in session.execute(
            select(FactRow.report_id, FactRow.kind, FactRow.value)
            # coalesce() keeps SQLite from scanning the (kind, key) index of the whole table
            .where(
                FactRow.report_id.in_(chunk),
                func.coalesce(FactRow.kind, "").in_(("offence", "money")),
            )
            .order_by(FactRow.report_id, FactRow.seq)
        ):
            if kind == "offence" and isinstance(value, str):
                classified.setdefault(rid, value)
            elif kind == "money" and isinstance(value, int | float) and not isinstance(value, bool):
                money[rid] = max(money.get(rid, 0), int(value))
        for rid in chunk:
            it = items.get(rid)
            if it is not None:
                it.offence = offence_of(it.article, classified.get(rid))
                it.damage = money.get(rid)
        uses: dict[tuple[int, int], IdentifierUse] = {}
        victim_owned: set[tuple[int, int]] = set()
        for rid, iid, kind, value, role in session.execute(
            select(
                ReportIdentifier.report_id,
                ReportIdentifier.identifier_id,
                Identifier.kind,
                Identifier.value,
                ReportIdentifier.role,
            )
            .join(Identifier, Identifier.id == ReportIdentifier.identifier_id)
            .where(ReportIdentifier.report_id.in_(chunk))
            .order_by(ReportIdentifier.report_id, ReportIdentifier.span_start, Identifier.id)
        ):
            if kind not in STRONG_KINDS:
                continue
            if role == "victim":
                victim_owned.add((rid, iid))
            use = uses.setdefault((rid, iid), IdentifierUse(iid, kind, value, role))
            use.role = use.role or role
        for (rid, iid), use in uses.items():
            if (rid, iid) not in victim_owned and rid in items:
                items[rid].uses.append(use)
        for m in session.execute(
            select(
                PersonMention.id,
                PersonMention.report_id,
                PersonMention.role,
                PersonMention.name,
                PersonMention.birth_date,
                PersonMention.iin,
            )
            .where(PersonMention.report_id.in_(chunk))
            .order_by(PersonMention.id)
        ):
            it = items.get(m.report_id)
            if it is None:
                continue
            if m.role == "suspect" and (m.name or m.iin or m.birth_date):
                it.suspects.append(SuspectMention(m.id, m.name, m.birth_date, m.iin))
            elif m.role == "victim" and it.victim_name is None and m.name:
                it.victim_name = m.name
                it.victim_key = parse(m.name).key or None
    for it in items.values():
        if it.offence != FRAUD and not it.fraud:
            it.damage = None
    return [items[r] for r in report_ids if r in items]


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK})


@dataclass
class BatchSummary:
    """Counts of one linked batch."""

    reports: int = 0
    new_groups: int = 0
    merged_groups: int = 0
    new_persons: int = 0
    merged_persons: int = 0
    name_links: int = 0
    alerts: int = 0
    merged_cases: int = 0

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def link_batch(
    session: Session, report_ids: Iterable[int], *, actor: str | None = None
) -> BatchSummary:
    """Link stored reports that are not linked yet (see the module docstring)."""
    _lock(session)
    ids = sorted(set(report_ids))
    done: set[int] = set()
    for chunk in _chunks(ids):
        done.update(
            session.scalars(select(LinkReport.report_id).where(LinkReport.report_id.in_(chunk)))
        )
    ids = [r for r in ids if r not in done]
    summary = BatchSummary(reports=len(ids))
    if not ids:
        return summary
    items = load_items(session, ids)
    by_id = {it.report_id: it for it in items}

    groups = assign_groups(session, {it.report_id: it.uses for it in items})
    summary.new_groups, summary.merged_groups = groups.new_groups, len(groups.merged)
    for it in items:
        it.group_id = groups.group_of.get(it.report_id)
        it.network_id = it.group_id if it.fraud else None
    affected = set(groups.affected_cases)

    records = [
        mention_record(
            m.id,
            it.report_id,
            m.name,
            m.birth_date,
            m.iin,
            victim=it.victim_name,
            offence=it.offence,
            region=it.region,
        )
        for it in items
        for m in it.suspects
    ]
    if records:
        session.execute(
            LinkMention.__table__.insert(),
            [
                {
                    "mention_id": r["unique_id"],
                    **{
                        k: r[k]
                        for k in (
                            "report_id",
                            "first",
                            "last",
                            "first_key",
                            "last_key",
                            "birth_date",
                            "iin",
                            "victim",
                            "offence",
                            "region",
                        )
                    },
                }
                for r in records
            ],
        )
    bearing = {it.report_id: it.suspects for it in items if it.person_bearing}
    persons = assign_persons(session, bearing, groups.group_of, records)
    summary.new_persons, summary.merged_persons = persons.created, len(persons.merged)
    summary.name_links = len(persons.matches)
    affected |= persons.affected_cases
    for rid, pid in persons.person_of.items():
        by_id[rid].person_id = pid

    summary.merged_cases = len(rekey_cases(session, affected))
    case_of = assign_cases(
        session,
        [
            CaseInput(
                it.report_id,
                it.offence,
                it.article,
                it.region,
                it.received_at,
                it.person_id,
                it.network_id,
                it.victim_key,
                it.victim_name,
                it.suspects[0].name if it.suspects else None,
            )
            for it in items
        ],
    )
    now = utcnow()
    session.execute(
        LinkReport.__table__.insert(),
        [
            {
                "report_id": it.report_id,
                "group_id": it.group_id,
                "person_id": it.person_id,
                "network_id": it.network_id,
                "case_id": case_of[it.report_id],
                "offence": it.offence,
                "damage_tenge": it.damage,
                "victim_key": it.victim_key,
                "linked_at": now,
            }
            for it in items
        ],
    )
    for it in items:
        it.case_id = case_of[it.report_id]
    # extracted measures go to the report's suspect and case (one statement per 500 reports)
    measures: list[Any] = []
    for chunk in _chunks(ids):
        measures.extend(
            session.execute(
                select(Measure.id, Measure.report_id).where(
                    Measure.report_id.in_(chunk), Measure.source == "extracted"
                )
            ).all()
        )
    if measures:
        session.execute(
            update(Measure),
            [
                {"id": mid, "case_id": by_id[rid].case_id, "person_id": by_id[rid].person_id}
                for mid, rid in measures
            ],
        )
    summary.alerts = record_alerts(
        session, {it.report_id: [u.identifier_id for u in it.uses] for it in items}, groups.holders
    )
    audit(
        session,
        "link_batch",
        actor=actor,
        entity="report",
        details={"first": ids[0], "last": ids[-1], **summary.to_dict()},
    )
    session.flush()
    return summary


# Undo and redo -------------------------------------------------------------------------------


def _closure(session: Session, report_ids: list[int], limit: int = 200_000) -> list[int]:
    """The reports that share an identifier group or a suspect entity with these, transitively."""
    reports = set(report_ids)
    groups: set[int] = set()
    persons: set[int] = set()
    frontier = set(report_ids)
    while frontier and len(reports) < limit:
        new_groups: set[int] = set()
        new_persons: set[int] = set()
        for chunk in _chunks(sorted(frontier)):
            for g, p in session.execute(
                select(LinkReport.group_id, LinkReport.person_id).where(
                    LinkReport.report_id.in_(chunk)
                )
            ):
                if g is not None and g not in groups:
                    new_groups.add(g)
                if p is not None and p not in persons:
                    new_persons.add(p)
        groups |= new_groups
        persons |= new_persons
        found: set[int] = set()
        for chunk in _chunks(sorted(new_groups)):
            found.update(
                session.scalars(select(LinkReport.report_id).where(LinkReport.group_id.in_(chunk)))
            )
        for chunk in _chunks(sorted(new_persons)):
            found.update(
                session.scalars(select(LinkReport.report_id).where(LinkReport.person_id.in_(chunk)))
            )
        frontier = found - reports
        reports |= found
    return sorted(reports)


def unlink(session: Session, report_ids: Iterable[int]) -> list[int]:
    """Remove the links of these reports and of every report linked with them; returns the
    reports unlinked (to be linked again). Entities, groups and cases left empty are removed."""
    ids = _closure(session, sorted(set(report_ids)))
    if not ids:
        return []
    persons: set[int] = set()
    groups: set[int] = set()
    cases: set[int] = set()
    for chunk in _chunks(ids):
        for g, p, c in session.execute(
            select(LinkReport.group_id, LinkReport.person_id, LinkReport.case_id).where(
                LinkReport.report_id.in_(chunk)
            )
        ):
            groups.update([g] if g is not None else [])
            persons.update([p] if p is not None else [])
            cases.update([c] if c is not None else [])
    for chunk in _chunks(ids):
        session.execute(
            delete(LinkEvidence).where(
                LinkEvidence.report_id.in_(chunk) | LinkEvidence.other_report_id.in_(chunk)
            )
        )
        session.execute(delete(LinkAlert).where(LinkAlert.report_id.in_(chunk)))
        session.execute(delete(LinkMention).where(LinkMention.report_id.in_(chunk)))
        session.execute(delete(LinkReport).where(LinkReport.report_id.in_(chunk)))
        session.execute(
            update(PersonMention)
            .where(PersonMention.report_id.in_(chunk))
            .values(person_id=None, link_evidence=None)
        )
        session.execute(
            update(Measure)
            .where(Measure.report_id.in_(chunk), Measure.source == "extracted")
            .values(person_id=None, case_id=None)
        )
        session.execute(
            delete(CaseReport).where(
                CaseReport.report_id.in_(chunk),
                CaseReport.case_id.in_(select(Case.id).where(Case.key.is_not(None))),
            )
        )
    _drop_empty(session, persons, groups, cases)
    return ids


def _drop_empty(session: Session, persons: set[int], groups: set[int], cases: set[int]) -> None:
    for chunk in _chunks(sorted(cases)):
        empty = [
            c
            for c in chunk
            if not session.scalar(
                select(func.count()).select_from(CaseReport).where(CaseReport.case_id == c)
            )
        ]
        if empty:
            session.execute(delete(Case).where(Case.id.in_(empty), Case.key.is_not(None)))
    for chunk in _chunks(sorted(persons)):
        for pid in chunk:
            used = session.scalar(
                select(func.count())
                .select_from(PersonMention)
                .where(PersonMention.person_id == pid)
            ) or session.scalar(
                select(func.count()).select_from(LinkReport).where(LinkReport.person_id == pid)
            )
            person = session.get(Person, pid)
            if not used and person is not None and (person.attrs or {}).get("source") == "linking":
                session.execute(
                    update(Person).where(Person.merged_into == pid).values(merged_into=None)
                )
                session.execute(delete(CasePerson).where(CasePerson.person_id == pid))
                session.execute(
                    update(Measure).where(Measure.person_id == pid).values(person_id=None)
                )
                session.delete(person)
    for chunk in _chunks(sorted(groups)):
        for gid in chunk:
            used = session.scalar(
                select(func.count())
                .select_from(LinkReport)
                .where((LinkReport.group_id == gid) | (LinkReport.network_id == gid))
            )
            if not used:
                session.execute(
                    update(LinkGroup).where(LinkGroup.merged_into == gid).values(merged_into=None)
                )
                session.execute(delete(LinkGroup).where(LinkGroup.id == gid))
            else:
                session.execute(update(LinkGroup).where(LinkGroup.id == gid).values(reports=used))
    session.flush()


def relink(
    session: Session, report_ids: Iterable[int], *, actor: str | None = None
) -> BatchSummary:
    """Link these reports again from their current facts (after ``qorgau reprocess``)."""
    ids = unlink(session, report_ids)
    return link_batch(session, ids, actor=actor)


def clear(session: Session) -> None:
    """Remove every link, linking-made entity and linking-made case (before a full rebuild)."""
    for model in (LinkAlert, LinkEvidence, LinkMention, LinkReport):
        session.execute(delete(model))
    session.execute(update(PersonMention).values(person_id=None, link_evidence=None))
    session.execute(
        update(Measure).where(Measure.source == "extracted").values(person_id=None, case_id=None)
    )
    keyed = select(Case.id).where(Case.key.is_not(None) | (Case.status == "merged"))
    session.execute(delete(CaseReport).where(CaseReport.case_id.in_(keyed)))
    session.execute(delete(CasePerson).where(CasePerson.case_id.in_(keyed)))
    session.execute(update(Measure).where(Measure.case_id.in_(keyed)).values(case_id=None))
    session.execute(delete(Case).where(Case.key.is_not(None) | (Case.status == "merged")))
    linking = [
        p
        for p, attrs in session.execute(select(Person.id, Person.attrs))
        if (attrs or {}).get("source") == "linking"
    ]
    for chunk in _chunks(linking):
        session.execute(
            update(Person).where(Person.merged_into.in_(chunk)).values(merged_into=None)
        )
        session.execute(delete(CasePerson).where(CasePerson.person_id.in_(chunk)))
        session.execute(update(Measure).where(Measure.person_id.in_(chunk)).values(person_id=None))
        session.execute(delete(Person).where(Person.id.in_(chunk)))
    session.execute(update(LinkGroup).values(merged_into=None))
    session.execute(delete(LinkGroup))
    session.flush()


def unlinked_reports(session: Session, *, after_id: int = 0, limit: int = 1000) -> list[int]:
    """Ids of stored reports that have no links yet, in report order."""
    return list(
        session.scalars(
            select(Report.id)
            .outerjoin(LinkReport, LinkReport.report_id == Report.id)
            .where(Report.id > after_id, LinkReport.report_id.is_(None))
            .order_by(Report.id)
            .limit(limit)
        )
    )


# Reading the results -------------------------------------------------------------------------


def iter_link_rows(session: Session, *, batch: int = 5000) -> Iterator[Any]:
    """Every stored report with its links, in report order, read a page at a time: rows with
    ``id``, ``ext_id``, ``person_id``, ``network_id``, ``group_id`` and ``case_id``."""
    after = 0
    while True:
        rows = session.execute(
            select(
                Report.id,
                Report.ext_id,
                LinkReport.person_id,
                LinkReport.network_id,
                LinkReport.group_id,
                LinkReport.case_id,
            )
            .outerjoin(LinkReport, LinkReport.report_id == Report.id)
            .where(Report.id > after)
            .order_by(Report.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].id


def export_rows(session: Session, *, batch: int = 5000) -> Iterator[dict[str, Any]]:
    """One row per stored report, in report order: ``{"report", "person", "network", "case"}``
    (``report`` is the id the report was ingested under)."""
    for r in iter_link_rows(session, batch=batch):
        yield {
            "report": r.ext_id,
            "person": r.person_id,
            "network": r.network_id,
            "case": r.case_id,
        }


def report_links(session: Session, report_id: int) -> dict[str, Any] | None:
    """Everything linking knows about one report, with the evidence of each link."""
    lr = session.get(LinkReport, report_id)
    report = session.get(Report, report_id)
    if report is None:
        return None
    out: dict[str, Any] = {"report": report.ext_id, "id": report_id}
    if lr is None:
        out["linked"] = False
        return out
    ext = {}
    ev_rows = session.execute(
        select(LinkEvidence, Identifier.kind, Identifier.value)
        .outerjoin(Identifier, Identifier.id == LinkEvidence.identifier_id)
        .where((LinkEvidence.report_id == report_id) | (LinkEvidence.other_report_id == report_id))
        .order_by(LinkEvidence.id)
    ).all()
    other_ids = {e.report_id for e, _k, _v in ev_rows} | {
        e.other_report_id for e, _k, _v in ev_rows
    }
    for rid, eid in session.execute(
        select(Report.id, Report.ext_id).where(Report.id.in_(sorted(other_ids)))
    ):
        ext[rid] = eid
    mention_ids = {m for e, _k, _v in ev_rows for m in (e.mention_id, e.other_mention_id) if m}
    names = dict(
        session.execute(
            select(PersonMention.id, PersonMention.name).where(
                PersonMention.id.in_(sorted(mention_ids))
            )
        ).all()
    )
    evidence = [evidence_item(e, kind, value, report_id, ext, names) for e, kind, value in ev_rows]
    out.update(
        {
            "linked": True,
            "offence": lr.offence,
            "group": lr.group_id,
            "person": lr.person_id,
            "network": lr.network_id,
            "case": lr.case_id,
            "damage_tenge": lr.damage_tenge,
            "evidence": evidence,
        }
    )
    return out


def person_view(session: Session, person_id: int) -> dict[str, Any] | None:
    """An offender entity: names as written, birth date, IIN, every number and account, reports,
    cases, and measures against him."""
    from qorgau.store.repo import person_history

    person = session.get(Person, person_id)
    if person is None:
        return None
    while person.merged_into is not None:
        person = session.get(Person, person.merged_into)
    history = person_history(session, person.id)
    names = sorted(
        set(
            session.scalars(
                select(PersonMention.name).where(
                    PersonMention.person_id == person.id, PersonMention.name.is_not(None)
                )
            )
        )
    )
    report_ids = [r.id for r in history.reports]
    idents: dict[str, int] = {}
    for chunk in _chunks(report_ids):
        for kind, value, _rid in session.execute(
            select(Identifier.kind, Identifier.value, ReportIdentifier.report_id)
            .join(ReportIdentifier, ReportIdentifier.identifier_id == Identifier.id)
            .where(
                ReportIdentifier.report_id.in_(chunk),
                (ReportIdentifier.role.is_(None)) | (ReportIdentifier.role != "victim"),
                Identifier.kind.in_(STRONG_KINDS),
            )
            .distinct()
        ):
            idents[f"{kind}:{value}"] = idents.get(f"{kind}:{value}", 0) + 1
    today = date.today()
    return {
        "person": person.id,
        "display_name": person.display_name,
        "names": names,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "iin": person.iin,
        "identifiers": [
            {"identifier": k, "reports": n}
            for k, n in sorted(idents.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "reports": [r.ext_id for r in history.reports],
        "cases": [c.id for c in history.cases if c.status != "merged"],
        "measures": [
            {
                "kind": m.kind,
                "issued_on": m.issued_on.isoformat() if m.issued_on else None,
                "ends_on": m.ends_on.isoformat() if m.ends_on else None,
            }
            for m in history.measures
        ],
        "measures_in_force": [m.kind for m in history.measures_in_force(today)],
    }


def rebuild(
    db: Any, *, batch_size: int = 500, clear_first: bool = True, on_batch: Any = None
) -> BatchSummary:
    """Link every stored report again, in report order, one transaction per batch.

    With ``clear_first`` every link is removed first (in its own transaction), so the result is
    what intake would have built had the reports arrived in this order; without it, only reports
    not linked yet are linked (catching up after an intake run without linking).
    """
    total = BatchSummary()
    if clear_first:
        with db.transaction() as s:
            clear(s)
    after = 0
    while True:
        with db.session() as s:
            ids = unlinked_reports(s, after_id=after, limit=batch_size)
        if not ids:
            return total
        with db.transaction() as s:
            done = link_batch(s, ids)
        for key, value in done.to_dict().items():
            setattr(total, key, getattr(total, key) + value)
        after = ids[-1]
        if on_batch is not None:
            on_batch(len(ids), total)


def evidence_item(e: Any, kind: str | None, value: str | None, report_id: int,
                  ext: dict[int, str], names: dict[int, str]) -> dict[str, Any]:
    """One piece of link evidence as seen from report ``report_id``: the other report's
    external id, and the identifier shared or the two names compared (this report's first),
    with the score and details."""
    mine = e.report_id == report_id
    other = e.other_report_id if mine else e.report_id
    item: dict[str, Any] = {"kind": e.kind, "other_report": ext.get(other)}
    if e.kind == "identifier":
        item["identifier"] = f"{kind}:{value}"
    else:
        pair = (e.mention_id, e.other_mention_id)
        if not mine:
            pair = pair[::-1]
        item["names"] = [names.get(pair[0]), names.get(pair[1])]
        item["score"] = e.score
        item.update(e.details or {})
    return item
