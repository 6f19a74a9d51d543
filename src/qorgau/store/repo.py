"""Repositories: the functions linking, statistics, the API and the web pages call on a session.

Each takes an open :class:`sqlalchemy.orm.Session` and leaves the transaction to the caller
(``with db.transaction() as s: ...``), so several calls commit or roll back together. Lookups by
identifier take *normalised* values (see :func:`qorgau.intake.fields.normalise_identifier`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from qorgau.model import Fact
from qorgau.store.models import (
    AuditEntry,
    Case,
    CasePerson,
    CaseReport,
    FactRow,
    Identifier,
    Incident,
    Measure,
    Person,
    PersonMention,
    Report,
    ReportIdentifier,
    utcnow,
)

STRONG_KINDS = ("phone", "iin", "card", "iban", "email", "handle")
"""Identifier kinds strong enough for an exact link between reports."""

LASTING_MEASURES = ("protective_order", "preventive_registration", "special_requirements")


def fact_key(kind: str, value: Any) -> str | None:
    """The plain-string key of a fact value stored in ``facts.key`` (see FactRow)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int | float):
        return str(value)[:200]
    if isinstance(value, dict):
        if kind == "identifier":
            return f"{value.get('kind')}:{value.get('value')}"[:200]
        for name in ("code", "metric", "what", "article", "kind"):
            if name in value and value[name] is not None:
                return str(value[name])[:200]
    return None


# Reports and facts -------------------------------------------------------------------------


def get_report(session: Session, report_id: int) -> Report | None:
    return session.get(Report, report_id)


def get_report_by_ext_id(session: Session, ext_id: str) -> Report | None:
    """The report ingested under the id its source gave it."""
    return session.scalar(select(Report).where(Report.ext_id == ext_id))


def report_ids_by_ext_id(session: Session, ext_ids: Iterable[str]) -> dict[str, int]:
    """Map source ids to report ids, for those that are stored."""
    ids = list(ext_ids)
    out: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        rows = session.execute(
            select(Report.ext_id, Report.id).where(Report.ext_id.in_(ids[i : i + 500]))
        )
        out.update({e: r for e, r in rows})
    return out


def reports_with_same_text(session: Session, report_id: int) -> list[int]:
    """Other reports whose text is byte-for-byte the same (same SHA-256)."""
    sha = select(Report.sha256).where(Report.id == report_id).scalar_subquery()
    rows = session.scalars(
        select(Report.id).where(Report.sha256 == sha, Report.id != report_id).order_by(Report.id)
    )
    return list(rows)


def report_facts(session: Session, report_id: int, kind: str | None = None) -> list[Fact]:
    """The facts of a report, in engine order, as :class:`qorgau.model.Fact` objects."""
    q = select(FactRow).where(FactRow.report_id == report_id).order_by(FactRow.seq)
    if kind is not None:
        q = q.where(FactRow.kind == kind)
    return [
        Fact(r.kind, r.value, r.span_start, r.span_end, r.text, r.rule, r.extra or {})
        for r in session.scalars(q)
    ]


def iter_reports(
    session: Session, *, after_id: int = 0, batch: int = 1000
) -> Iterator[Report]:
    """All reports in id order, read a batch at a time (for bulk passes over the store)."""
    while True:
        rows = list(
            session.scalars(
                select(Report).where(Report.id > after_id).order_by(Report.id).limit(batch)
            )
        )
        if not rows:
            return
        yield from rows
        after_id = rows[-1].id


# Identifiers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentifierUse:
    """An identifier as a report uses it."""

    identifier_id: int
    kind: str
    value: str
    source: str
    role: str | None
    mentions: int
    span_start: int | None
    span_end: int | None


def _insert_ignore(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING, for SQLite and PostgreSQL."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    ins = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(ins(table).on_conflict_do_nothing(), rows)


def ensure_identifiers(session: Session, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Return the id of each normalised ``(kind, value)``, storing the ones not yet known.

    Safe under concurrent writers: a pair another transaction stored first is reused.
    """
    wanted = sorted(set(pairs))
    if not wanted:
        return {}
    ids = _identifier_ids(session, wanted)
    missing = [p for p in wanted if p not in ids]
    if missing:
        now = utcnow()
        _insert_ignore(
            session,
            Identifier,
            [{"kind": k, "value": v, "first_seen_at": now} for k, v in missing],
        )
        ids.update(_identifier_ids(session, missing))
    return ids


def _identifier_ids(session: Session, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    # One query per kind with ``value IN (...)``: it is answered from the (kind, value) index.
    # A row-value ``(kind, value) IN (...)`` is not, on SQLite: it scanned the whole table.
    by_kind: dict[str, list[str]] = {}
    for kind, value in pairs:
        by_kind.setdefault(kind, []).append(value)
    out: dict[tuple[str, str], int] = {}
    for kind, values in by_kind.items():
        for i in range(0, len(values), 400):
            rows = session.execute(
                select(Identifier.value, Identifier.id).where(
                    Identifier.kind == kind, Identifier.value.in_(values[i : i + 400])
                )
            )
            out.update({(kind, v): i_ for v, i_ in rows})
    return out


def find_identifier(session: Session, kind: str, value: str) -> Identifier | None:
    """The stored identifier with this normalised kind and value."""
    return session.scalar(
        select(Identifier).where(Identifier.kind == kind, Identifier.value == value)
    )


def report_identifiers(session: Session, report_id: int) -> list[IdentifierUse]:
    """Every identifier a report names, supplied and extracted, with role and first span."""
    rows = session.execute(
        select(ReportIdentifier, Identifier.kind, Identifier.value)
        .join(Identifier, Identifier.id == ReportIdentifier.identifier_id)
        .where(ReportIdentifier.report_id == report_id)
        .order_by(ReportIdentifier.span_start, Identifier.kind, Identifier.value)
    )
    return [
        IdentifierUse(
            ri.identifier_id, kind, value, ri.source, ri.role, ri.mentions, ri.span_start,
            ri.span_end,
        )
        for ri, kind, value in rows
    ]


def identifier_uses(
    session: Session, report_ids: list[int]
) -> list[tuple[int, IdentifierUse]]:
    """``(report id, use)`` for every identifier the reports name, each report's in the order
    of :func:`report_identifiers`."""
    rows = session.execute(
        select(ReportIdentifier, Identifier.kind, Identifier.value)
        .join(Identifier, Identifier.id == ReportIdentifier.identifier_id)
        .where(ReportIdentifier.report_id.in_(report_ids))
        .order_by(ReportIdentifier.report_id, ReportIdentifier.span_start, Identifier.kind,
                  Identifier.value)
    )
    return [
        (ri.report_id, IdentifierUse(ri.identifier_id, kind, value, ri.source, ri.role,
                                     ri.mentions, ri.span_start, ri.span_end))
        for ri, kind, value in rows
    ]


def reports_with_identifier(session: Session, kind: str, value: str) -> list[int]:
    """Ids of the reports that name this normalised identifier, oldest first."""
    rows = session.scalars(
        select(ReportIdentifier.report_id)
        .join(Identifier, Identifier.id == ReportIdentifier.identifier_id)
        .where(Identifier.kind == kind, Identifier.value == value)
        .distinct()
        .order_by(ReportIdentifier.report_id)
    )
    return list(rows)


@dataclass(frozen=True)
class IdentifierSeen:
    """How well known an identifier already is: for a match alert at intake."""

    kind: str
    value: str
    reports: int
    cases: int
    first_seen_at: datetime | None


def identifier_seen(
    session: Session, kind: str, value: str, *, exclude_report: int | None = None
) -> IdentifierSeen:
    """How many reports (other than ``exclude_report``) and cases already involve the identifier."""
    ident = find_identifier(session, kind, value)
    if ident is None:
        return IdentifierSeen(kind, value, 0, 0, None)
    reports = select(ReportIdentifier.report_id).where(ReportIdentifier.identifier_id == ident.id)
    if exclude_report is not None:
        reports = reports.where(ReportIdentifier.report_id != exclude_report)
    n_reports = session.scalar(
        select(func.count()).select_from(reports.distinct().subquery())
    )
    n_cases = session.scalar(
        select(func.count(func.distinct(CaseReport.case_id))).where(
            CaseReport.report_id.in_(reports)
        )
    )
    return IdentifierSeen(kind, value, int(n_reports or 0), int(n_cases or 0), ident.first_seen_at)


def iter_identifier_edges(
    session: Session,
    *,
    kinds: Iterable[str] = STRONG_KINDS,
    after_report_id: int = 0,
    batch: int = 50_000,
) -> Iterator[tuple[int, int]]:
    """Stream ``(report_id, identifier_id)`` edges of the link graph in report order.

    Reads in keyset-paginated batches so a million reports never sit in memory at once; start
    after ``after_report_id`` for incremental passes.
    """
    kinds = list(kinds)
    after = ReportIdentifier.report_id > after_report_id
    while True:
        rows = session.execute(
            select(ReportIdentifier.report_id, ReportIdentifier.identifier_id)
            .join(Identifier, Identifier.id == ReportIdentifier.identifier_id)
            .where(Identifier.kind.in_(kinds), after)
            .distinct()
            .order_by(ReportIdentifier.report_id, ReportIdentifier.identifier_id)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from ((r, i) for r, i in rows)
        after = tuple_(ReportIdentifier.report_id, ReportIdentifier.identifier_id) > tuple(rows[-1])


# People ------------------------------------------------------------------------------------


def create_person(
    session: Session,
    *,
    display_name: str | None = None,
    name_key: str | None = None,
    birth_date: date | None = None,
    iin: str | None = None,
    attrs: dict[str, Any] | None = None,
) -> Person:
    """Store a new person entity and return it (with its id)."""
    person = Person(
        display_name=display_name, name_key=name_key, birth_date=birth_date, iin=iin,
        attrs=attrs or {},
    )
    session.add(person)
    session.flush()
    return person


def report_mentions(
    session: Session, report_id: int, role: str | None = None
) -> list[PersonMention]:
    """The people a report names, optionally of one role (``victim``, ``suspect`` ...)."""
    q = select(PersonMention).where(PersonMention.report_id == report_id)
    if role is not None:
        q = q.where(PersonMention.role == role)
    return list(session.scalars(q.order_by(PersonMention.id)))


def iter_mentions(
    session: Session, *, after_id: int = 0, role: str | None = None, batch: int = 10_000
) -> Iterator[PersonMention]:
    """All person mentions in id order (for person matching), a batch at a time."""
    while True:
        q = select(PersonMention).where(PersonMention.id > after_id)
        if role is not None:
            q = q.where(PersonMention.role == role)
        rows = list(session.scalars(q.order_by(PersonMention.id).limit(batch)))
        if not rows:
            return
        yield from rows
        after_id = rows[-1].id


def link_mention(
    session: Session, mention_id: int, person_id: int | None, evidence: dict[str, Any] | None
) -> None:
    """Attach a mention to a person entity (or detach it with None), keeping the evidence."""
    mention = session.get(PersonMention, mention_id)
    if mention is None:
        raise KeyError(f"no person mention {mention_id}")
    mention.person_id = person_id
    mention.link_evidence = evidence
    session.flush()


def person_reports(session: Session, person_id: int, role: str | None = None) -> list[int]:
    """Ids of the reports that name this person entity, oldest first."""
    q = select(PersonMention.report_id).where(PersonMention.person_id == person_id)
    if role is not None:
        q = q.where(PersonMention.role == role)
    return list(session.scalars(q.distinct().order_by(PersonMention.report_id)))


def person_measures(session: Session, person_id: int) -> list[Measure]:
    """Measures taken against a person, newest first."""
    q = (
        select(Measure)
        .where(Measure.person_id == person_id)
        .order_by(func.coalesce(Measure.issued_on, Measure.starts_on).desc(), Measure.id.desc())
    )
    return list(session.scalars(q))


@dataclass
class PersonHistory:
    """What an intake officer sees about a person: reports, measures in force or past, cases."""

    person: Person
    reports: list[Report]
    measures: list[Measure]
    cases: list[Case]

    def measures_in_force(self, on: date) -> list[Measure]:
        """Lasting measures (protective order, preventive registration, special requirements)
        in force on a date; one-off ones (penalties, protocols, detention) are never listed."""
        return [
            m
            for m in self.measures
            if m.kind in LASTING_MEASURES
            and (m.starts_on or m.issued_on or date.min) <= on <= (m.ends_on or date.max)
        ]


def person_history(session: Session, person_id: int) -> PersonHistory:
    """A person's earlier reports, measures and cases in one call."""
    person = session.get(Person, person_id)
    if person is None:
        raise KeyError(f"no person {person_id}")
    report_ids = person_reports(session, person_id)
    reports = list(
        session.scalars(select(Report).where(Report.id.in_(report_ids)).order_by(Report.id))
    )
    cases = list(
        session.scalars(
            select(Case)
            .where(
                Case.id.in_(select(CasePerson.case_id).where(CasePerson.person_id == person_id))
                | Case.id.in_(select(CaseReport.case_id).where(CaseReport.report_id.in_(report_ids)))
            )
            .order_by(Case.id)
        )
    )
    return PersonHistory(person, reports, person_measures(session, person_id), cases)


# Cases, measures, incidents ----------------------------------------------------------------


def get_or_create_case(session: Session, key: str, **fields: Any) -> tuple[Case, bool]:
    """The case with this grouping key, created with ``fields`` if new; returns (case, created)."""
    case = session.scalar(select(Case).where(Case.key == key))
    if case is not None:
        return case, False
    case = Case(key=key, **fields)
    session.add(case)
    session.flush()
    return case, True


def add_report_to_case(
    session: Session, case_id: int, report_id: int, reason: dict[str, Any] | None = None
) -> None:
    """Put a report into a case (once; a second call changes nothing)."""
    _insert_ignore(
        session,
        CaseReport,
        [{"case_id": case_id, "report_id": report_id, "reason": reason, "added_at": utcnow()}],
    )


def add_person_to_case(session: Session, case_id: int, person_id: int, role: str) -> None:
    """Record a person entity's role in a case (once)."""
    _insert_ignore(
        session, CasePerson, [{"case_id": case_id, "person_id": person_id, "role": role}]
    )


def case_reports(session: Session, case_id: int) -> list[int]:
    return list(
        session.scalars(
            select(CaseReport.report_id).where(CaseReport.case_id == case_id).order_by(
                CaseReport.report_id
            )
        )
    )


def add_measure(session: Session, kind: str, *, source: str = "entered", **fields: Any) -> Measure:
    """Store a measure (protective order, administrative penalty ...) and return it."""
    fields.setdefault("details", {})
    measure = Measure(kind=kind, source=source, **fields)
    session.add(measure)
    session.flush()
    return measure


def add_incident(session: Session, kind: str, *, source: str = "entered", **fields: Any) -> Incident:
    """Store an incident of a timeline and return it."""
    incident = Incident(kind=kind, source=source, **fields)
    session.add(incident)
    session.flush()
    return incident


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a case timeline."""

    on: date | None
    what: str
    kind: str
    ref: str
    detail: str | None


def case_timeline(session: Session, case_id: int) -> list[TimelineEntry]:
    """A case's incidents, measures and the receipt of its reports, in date order (undated
    last)."""
    entries: list[TimelineEntry] = []
    for inc in session.scalars(select(Incident).where(Incident.case_id == case_id)):
        entries.append(
            TimelineEntry(inc.occurred_on, "incident", inc.kind, f"incident:{inc.id}", inc.description)
        )
    report_ids = case_reports(session, case_id)
    for inc in session.scalars(
        select(Incident).where(Incident.report_id.in_(report_ids), Incident.case_id.is_(None))
    ):
        entries.append(
            TimelineEntry(inc.occurred_on, "incident", inc.kind, f"incident:{inc.id}", inc.description)
        )
    for m in session.scalars(
        select(Measure).where((Measure.case_id == case_id) | Measure.report_id.in_(report_ids))
    ):
        entries.append(
            TimelineEntry(m.issued_on or m.starts_on, "measure", m.kind, f"measure:{m.id}", m.issuer)
        )
    for r in session.scalars(select(Report).where(Report.id.in_(report_ids))):
        on = r.received_at.date() if r.received_at else r.ref_date
        entries.append(TimelineEntry(on, "report", r.channel, f"report:{r.id}", r.ext_id))
    entries.sort(key=lambda e: (e.on is None, e.on or date.min, e.what, e.ref))
    return entries


# Audit -------------------------------------------------------------------------------------


def audit(
    session: Session,
    action: str,
    *,
    actor: str | None = None,
    entity: str | None = None,
    entity_id: str | int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append an entry to the audit log (the database refuses to change or delete entries)."""
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            details=details,
        )
    )


def audit_entries(
    session: Session, *, entity: str | None = None, entity_id: str | int | None = None, limit: int = 100
) -> list[AuditEntry]:
    """Latest audit entries first, optionally about one entity."""
    q = select(AuditEntry)
    if entity is not None:
        q = q.where(AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == str(entity_id))
    return list(session.scalars(q.order_by(AuditEntry.id.desc()).limit(limit)))


def delete_extracted(session: Session, report_ids: list[int]) -> None:
    """Remove everything derived from the facts of these reports (before they are recomputed)."""
    for model in (FactRow, Measure, Incident):
        cond = model.report_id.in_(report_ids)
        if model is not FactRow:
            cond = cond & (model.source == "extracted")
        session.execute(delete(model).where(cond))
    session.execute(
        delete(ReportIdentifier).where(
            ReportIdentifier.report_id.in_(report_ids), ReportIdentifier.source == "extracted"
        )
    )
    session.execute(
        delete(PersonMention).where(
            PersonMention.report_id.in_(report_ids), PersonMention.source == "extracted"
        )
    )
