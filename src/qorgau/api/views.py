"""What the API and the pages show: reports, cases, search, statistics, with the policy applied.

Each function takes a session and the :class:`~qorgau.auth.policy.Principal` asking, checks the
role and the region, writes every read of a person's data to the audit log (who, what, when,
why) in the caller's transaction, and returns plain dicts for JSON. Analysts get pseudonymised
dicts. Linking (``qorgau.link``) and statistics (``qorgau.stats``) are used when installed.
"""

from __future__ import annotations

import importlib
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from qorgau.auth.policy import (
    Denied,
    Principal,
    check_region,
    pseudonym,
    pseudonymise_fact,
    require,
)
from qorgau.model import Fact, Facts, Sentence
from qorgau.store import repo
from qorgau.store.models import Case, CaseReport, FactRow, PersonMention, Report

CASE_STATUSES = ("open", "investigating", "referred_to_court", "closed", "suspended")
MAX_CASE_REPORTS = 25
"""Reports of a case read for its qualification (the latest ones)."""


class NotFound(LookupError):
    def __init__(self, what: str, ident: Any) -> None:
        super().__init__(f"no {what} {ident}")
        self.what = what
        self.message = f"no {what} {ident}"


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def _audit(
    session: Session, p: Principal, action: str, entity: str, entity_id: Any,
    reason: str | None, out_of_region: bool = False, **extra: Any,
) -> None:
    details = {"role": p.role, "region": p.region, "via": p.via, "why": reason or None,
               "out_of_region": out_of_region}
    details.update(extra)
    entry = {"action": action, "actor": p.username, "entity": entity, "entity_id": entity_id,
             "details": details}
    pending = session.info.get("audit")
    if pending is not None:
        pending.append(entry)
    else:
        repo.audit(session, **entry)


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


# Reports -----------------------------------------------------------------------------------


def _fact_dicts(facts: list[Fact]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in facts]


def _alerts(session: Session, report_id: int) -> list[dict[str, Any]]:
    alerts = _optional("qorgau.link.alerts")
    if alerts is not None and hasattr(alerts, "list_alerts"):
        return [a.to_dict() for a in alerts.list_alerts(session, report_ids=[report_id])]
    out = []
    for use in repo.report_identifiers(session, report_id):
        seen = repo.identifier_seen(session, use.kind, use.value, exclude_report=report_id)
        if seen.reports:
            out.append({"identifier": f"{use.kind}:{use.value}", "earlier_reports": seen.reports,
                        "earlier_cases": seen.cases, "first_report": None})
    return out


def _links(session: Session, report_id: int) -> dict[str, Any] | None:
    engine = _optional("qorgau.link.engine")
    if engine is not None and hasattr(engine, "report_links"):
        return engine.report_links(session, report_id)
    return None


def _report_cases(session: Session, report_id: int) -> list[int]:
    return list(session.scalars(
        select(CaseReport.case_id).where(CaseReport.report_id == report_id).order_by(CaseReport.case_id)
    ))


def report_dict(session: Session, report: Report, p: Principal) -> dict[str, Any]:
    """A report as the principal may see it (pseudonymised for analysts)."""
    return as_seen_by(report_dicts(session, [report])[report.id], p, session)


def as_seen_by(rep: dict[str, Any], p: Principal, session: Session) -> dict[str, Any]:
    """A dict of :func:`report_dicts` as ``p`` may see it (pseudonymised for analysts)."""
    return pseudonymise_report(rep, secret_for(session)) if p.pseudonymised else rep


def report_dicts(session: Session, reports: list[Report]) -> dict[int, dict[str, Any]]:
    """Several reports with their facts, identifiers, people, cases, alerts and links, keyed by
    id, as stored (not pseudonymised): one query per part for all of them, so describing the
    reports of an intake batch costs little more than describing one."""
    ids = [r.id for r in reports]
    facts: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    idents: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    persons: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    cases: dict[int, list[int]] = {i: [] for i in ids}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for f in session.scalars(select(FactRow).where(FactRow.report_id.in_(chunk))
                                 .order_by(FactRow.report_id, FactRow.seq)):
            facts[f.report_id].append(Fact(f.kind, f.value, f.span_start, f.span_end, f.text,
                                           f.rule, f.extra or {}).to_dict())
        for rid, u in repo.identifier_uses(session, chunk):
            idents[rid].append({"kind": u.kind, "value": u.value, "source": u.source,
                                "role": u.role, "start": u.span_start, "end": u.span_end})
        for m in session.scalars(select(PersonMention).where(PersonMention.report_id.in_(chunk))
                                 .order_by(PersonMention.id)):
            persons[m.report_id].append({"role": m.role, "name": m.name,
                                         "birth_date": _iso(m.birth_date), "iin": m.iin,
                                         "person": m.person_id})
        for rid, cid in session.execute(
            select(CaseReport.report_id, CaseReport.case_id)
            .where(CaseReport.report_id.in_(chunk)).order_by(CaseReport.case_id)
        ):
            cases[rid].append(cid)
    alerts = _alerts_of(session, ids)
    links = _links_of(session, reports)
    out: dict[int, dict[str, Any]] = {}
    for report in reports:
        out[report.id] = {
            "id": report.id,
            "ext_id": report.ext_id,
            "channel": report.channel,
            "received_at": report.received_at.isoformat() if report.received_at else None,
            "language": report.language,
            "region": report.region,
            "article": report.article,
            "status": report.status,
            "ref_date": _iso(report.ref_date),
            "engine_version": report.engine_version,
            "text": report.text,
            "facts": facts[report.id],
            "identifiers": idents[report.id],
            "persons": persons[report.id],
            "differences": report.differences or {},
            "cases": cases[report.id],
            "alerts": alerts[report.id],
            "links": links[report.id],
        }
    return out


def _links_of(session: Session, reports: list[Report]) -> dict[int, dict[str, Any] | None]:
    """``qorgau.link.engine.report_links`` of several reports, read with one query per part
    (tests/test_api_group_intake.py checks that both give the same)."""
    engine = _optional("qorgau.link.engine")
    if engine is None or not hasattr(engine, "report_links"):
        return {r.id: None for r in reports}
    if len(reports) < 2:
        return {r.id: _links(session, r.id) for r in reports}
    from qorgau.link.models import LinkEvidence, LinkReport
    from qorgau.store.models import Identifier

    ids = [r.id for r in reports]
    lrs = {lr.report_id: lr for lr in session.scalars(
        select(LinkReport).where(LinkReport.report_id.in_(ids)))}
    ev_rows = session.execute(
        select(LinkEvidence, Identifier.kind, Identifier.value)
        .outerjoin(Identifier, Identifier.id == LinkEvidence.identifier_id)
        .where(LinkEvidence.report_id.in_(ids) | LinkEvidence.other_report_id.in_(ids))
        .order_by(LinkEvidence.id)
    ).all() if lrs else []
    other_ids = {e.report_id for e, _k, _v in ev_rows} | {e.other_report_id for e, _k, _v in ev_rows}
    ext = dict(session.execute(
        select(Report.id, Report.ext_id).where(Report.id.in_(sorted(other_ids))))
        .all()) if other_ids else {}
    mention_ids = {m for e, _k, _v in ev_rows for m in (e.mention_id, e.other_mention_id) if m}
    names = dict(session.execute(
        select(PersonMention.id, PersonMention.name).where(
            PersonMention.id.in_(sorted(mention_ids)))
    ).all()) if mention_ids else {}
    out: dict[int, dict[str, Any] | None] = {}
    for report in reports:
        rid = report.id
        one: dict[str, Any] = {"report": report.ext_id, "id": rid}
        lr = lrs.get(rid)
        if lr is None:
            one["linked"] = False
            out[rid] = one
            continue
        evidence = []
        for e, kind, value in ev_rows:
            if rid not in (e.report_id, e.other_report_id):
                continue
            evidence.append(engine.evidence_item(e, kind, value, rid, ext, names))
        one.update({"linked": True, "offence": lr.offence, "group": lr.group_id,
                    "person": lr.person_id, "network": lr.network_id, "case": lr.case_id,
                    "damage_tenge": lr.damage_tenge, "evidence": evidence})
        out[rid] = one
    return out


def _alerts_of(session: Session, report_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """:func:`_alerts` of several reports (at most 100 each, newest first)."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in report_ids}
    alerts = _optional("qorgau.link.alerts")
    if alerts is None or not hasattr(alerts, "list_alerts") or len(report_ids) < 2:
        for rid in report_ids:
            out[rid] = _alerts(session, rid)
        return out
    for chunk in (report_ids[i:i + 500] for i in range(0, len(report_ids), 500)):
        for a in alerts.list_alerts(session, report_ids=chunk, limit=100 * len(chunk)):
            if len(out[a.report_id]) < 100:
                out[a.report_id].append(a.to_dict())
    return out


def secret_for(session: Session) -> bytes:
    """The pseudonymisation key: set by the app (``QORGAU_PSEUDONYM_KEY``) on the session info."""
    return session.info.get("pseudonym_key", b"qorgau-pseudonyms")


def pseudonymise_report(rep: dict[str, Any], secret: bytes) -> dict[str, Any]:
    """No text, no names, no numbers: people and identifiers as stable pseudonyms."""
    out = dict(rep)
    out["text"] = None
    out["ext_id"] = pseudonym("report", rep["ext_id"], secret)
    out["facts"] = [pseudonymise_fact(f, secret) for f in rep["facts"]]
    out["identifiers"] = [
        {"kind": i["kind"], "pseudonym": pseudonym(i["kind"], i["value"], secret),
         "source": i["source"], "role": i["role"]}
        for i in rep["identifiers"]
    ]
    out["persons"] = [
        {"role": m["role"], "pseudonym": pseudonym("person", m["person"] or (m["name"], m["iin"]),
                                                    secret)}
        for m in rep["persons"]
    ]
    out["differences"] = {}
    out["alerts"] = [
        {"identifier": pseudonym(*a["identifier"].split(":", 1), secret) if ":" in
         a.get("identifier", "") else None,
         "earlier_reports": a.get("earlier_reports"), "earlier_cases": a.get("earlier_cases")}
        for a in rep["alerts"]
    ]
    links = rep.get("links")
    if links:
        out["links"] = {k: v for k, v in links.items() if k in (
            "linked", "offence", "group", "network", "case", "damage_tenge")}
    out["pseudonymised"] = True
    return out


def get_report(
    session: Session, report_id: int, p: Principal, reason: str | None = None
) -> dict[str, Any]:
    """One report with its facts, identifiers, people, links and alerts; the read is audited."""
    require(p, "report.read")
    report = repo.get_report(session, report_id)
    if report is None:
        raise NotFound("report", report_id)
    out_of_region = check_region(p, report.region, reason)
    _audit(session, p, "read", "report", report.id, reason, out_of_region)
    return report_dict(session, report, p)


# Cases -------------------------------------------------------------------------------------


def _case_facts(session: Session, report_ids: list[int]) -> Facts:
    """The facts of several reports as one document (spans shifted apart, so acts in one report
    are never dated by a date in another)."""
    facts: list[Fact] = []
    sentences: list[Sentence] = []
    offset = 0
    ref: date | None = None
    reports = {r.id: r for r in session.scalars(select(Report).where(Report.id.in_(report_ids)))}
    for rid in report_ids:
        rep = reports.get(rid)
        if rep is None:
            continue
        for f in repo.report_facts(session, rid):
            facts.append(Fact(f.kind, f.value, f.start + offset, f.end + offset, f.text, f.rule,
                              dict(f.extra or {}, report=rep.ext_id)))
        for s in rep.sentences or []:
            sentences.append(Sentence(s[0] + offset, s[1] + offset, s[2]))
        if rep.ref_date and (ref is None or rep.ref_date > ref):
            ref = rep.ref_date
        offset += len(rep.text) + 10_000
    return Facts("case", "", ref, sentences, facts, "")


def qualification(session: Session, report_ids: list[int], on: date | None, lang: str) -> dict:
    """The law engine's qualification of a case's reports (latest ones), or the problem."""
    from qorgau.law import LawInputError
    from qorgau.law.qualify import qualify

    ids = sorted(report_ids)[-MAX_CASE_REPORTS:]
    try:
        return qualify(_case_facts(session, ids), on=on).to_dict(lang)
    except LawInputError as exc:
        return {"candidates": [], "penalties": [], "risk": None, "problems": [str(exc)]}


def _case_row_dict(case: Case) -> dict[str, Any]:
    return {
        "id": case.id, "key": case.key, "number": case.number, "title": case.title,
        "offence": case.offence, "article": case.article, "region": case.region,
        "status": case.status,
        "opened_at": case.opened_at.isoformat() if case.opened_at else None,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
    }


def get_case(
    session: Session, case_id: int, p: Principal, reason: str | None = None,
    on: date | None = None, lang: str = "en",
) -> dict[str, Any]:
    """A case: its reports, people, timeline (incidents and measures), qualification with
    elements found and missing, penalty ranges and risk. The read is audited."""
    require(p, "case.read")
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("case", case_id)
    out_of_region = check_region(p, case.region, reason)
    _audit(session, p, "read", "case", case.id, reason, out_of_region)
    report_ids = repo.case_reports(session, case_id)
    out = _case_row_dict(case)
    cases_mod = _optional("qorgau.link.cases")
    view = cases_mod.case_view(session, case_id) if cases_mod and hasattr(cases_mod, "case_view") else None
    if view is not None:
        vd = view.to_dict()
        out["reports"] = vd["reports"]
        out["damage_tenge"] = vd["damage_tenge"]
        out["timeline"] = vd["timeline"]
    else:
        out["reports"] = [
            {"id": r.id, "report": r.ext_id,
             "received_at": r.received_at.isoformat() if r.received_at else None}
            for r in session.scalars(select(Report).where(Report.id.in_(report_ids)).order_by(Report.id))
        ]
        out["damage_tenge"] = None
        out["timeline"] = [
            {"on": _iso(e.on), "what": e.what, "kind": e.kind, "ref": e.ref, "detail": e.detail}
            for e in repo.case_timeline(session, case_id)
        ]
    people = session.execute(
        select(PersonMention.role, PersonMention.name, PersonMention.person_id, PersonMention.iin)
        .where(PersonMention.report_id.in_(report_ids))
        .distinct()
    ).all()
    out["persons"] = [
        {"role": r, "name": n, "person": pid, "iin": iin} for r, n, pid, iin in people
    ]
    q = qualification(session, report_ids, on, lang)
    out["qualification"] = {
        "on": q.get("on"), "candidates": q.get("candidates", []), "problems": q.get("problems", []),
        "escalation": q.get("escalation"),
    }
    out["penalties"] = q.get("penalties", [])
    out["fund_payment"] = q.get("fund_payment")
    out["risk"] = q.get("risk")
    if p.pseudonymised:
        out = pseudonymise_case(out, secret_for(session))
    return out


def _strip_evidence(items: list[dict[str, Any]], secret: bytes) -> list[dict[str, Any]]:
    out = []
    for item in items:
        item = dict(item)
        for key in ("evidence", "acts_counted", "history", "undated"):
            if key in item and isinstance(item[key], list):
                item[key] = [pseudonymise_fact(e, secret) for e in item[key]]
        out.append(item)
    return out


def pseudonymise_case(case: dict[str, Any], secret: bytes) -> dict[str, Any]:
    out = dict(case)
    out["key"] = pseudonym("case", case["key"], secret) if case.get("key") else None
    out["title"] = None
    out["number"] = None
    out["reports"] = [
        {"id": r.get("id"), "received_at": r.get("received_at"),
         "damage_tenge": r.get("damage_tenge")}
        for r in case["reports"]
    ]
    out["timeline"] = [dict(e, detail=None) for e in case["timeline"]]
    out["persons"] = [
        {"role": m["role"], "pseudonym": pseudonym("person", m["person"] or (m["name"], m["iin"]),
                                                    secret)}
        for m in case["persons"]
    ]
    qual = dict(case["qualification"])
    cands = []
    for c in qual.get("candidates", []):
        c = dict(c)
        c["elements_found"] = _strip_evidence(c.get("elements_found", []), secret)
        c["features_found"] = _strip_evidence(c.get("features_found", []), secret)
        for key in ("acts_counted", "history", "undated"):
            c[key] = [pseudonymise_fact(e, secret) for e in c.get(key, [])]
        cands.append(c)
    qual["candidates"] = cands
    if qual.get("escalation"):
        esc = dict(qual["escalation"])
        esc["steps"] = [pseudonymise_fact(s, secret) for s in esc.get("steps", [])]
        qual["escalation"] = esc
    out["qualification"] = qual
    if case.get("risk") and case["risk"].get("factors"):
        risk = dict(case["risk"])
        risk["factors"] = _strip_evidence(risk["factors"], secret)
        out["risk"] = risk
    out["pseudonymised"] = True
    return out


def update_case(
    session: Session, case_id: int, p: Principal, status: str, reason: str
) -> dict[str, Any]:
    """Change a case's status, with the reason written to the audit log."""
    require(p, "case.update")
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("case", case_id)
    check_region(p, case.region, reason)
    if not p.in_scope(case.region) and p.role != "supervisor":
        raise Denied("out_of_region", f"the case is outside your region {p.region}")
    old = case.status
    case.status = status
    from qorgau.store.models import utcnow

    if status == "closed" and case.closed_at is None:
        case.closed_at = utcnow()
    elif status != "closed":
        case.closed_at = None
    _audit(session, p, "case.status", "case", case.id, reason, not p.in_scope(case.region),
           old=old, new=status)
    session.flush()
    return _case_row_dict(case)


# Search ------------------------------------------------------------------------------------

IDENTIFIER_KINDS = ("phone", "card", "iban", "iin", "email", "handle")


def normalise_query(identifier: str) -> list[tuple[str, str]]:
    """The normalised ``(kind, value)`` pairs an identifier typed by a person may be."""
    from qorgau.intake import normalise_identifier
    from qorgau.intake.fields import Refused

    raw = identifier.strip()
    if ":" in raw and raw.split(":", 1)[0] in IDENTIFIER_KINDS:
        kind, value = raw.split(":", 1)
        kinds: tuple[str, ...] = (kind,)
        raw = value
    else:
        kinds = IDENTIFIER_KINDS
    out = []
    for kind in kinds:
        try:
            value = normalise_identifier(kind, raw)
        except (Refused, ValueError, TypeError):
            continue
        if value:
            out.append((kind, value))
    return out


def search(
    session: Session, p: Principal, *, identifier: str | None = None, name: str | None = None,
    reason: str | None = None, limit: int = 50,
) -> dict[str, Any]:
    """Reports naming an identifier (phone, card, IBAN, IIN, e-mail, handle) or a person by
    name, within the principal's region (supervisors with a reason: everywhere). Audited."""
    require(p, "search")
    wide = p.national or (p.role == "supervisor" and bool(reason and reason.strip()))
    report_ids: list[int] = []
    matched: list[str] = []
    if identifier:
        for kind, value in normalise_query(identifier):
            ids = repo.reports_with_identifier(session, kind, value)
            if ids:
                matched.append(f"{kind}:{value}")
                report_ids.extend(ids)
    if name:
        pattern = "%" + name.strip().replace("\\", "").replace("%", "").replace("_", "") + "%"
        ids = session.scalars(
            select(PersonMention.report_id).where(
                func.lower(PersonMention.name).like(pattern.lower())
            ).distinct().limit(2000)
        )
        report_ids.extend(ids)
    seen: set[int] = set()
    ordered = [r for r in sorted(report_ids) if not (r in seen or seen.add(r))]
    rows = []
    hidden = 0
    if ordered:
        reports = session.scalars(select(Report).where(Report.id.in_(ordered[:5000])).order_by(Report.id))
        for r in reports:
            if not wide and not p.in_scope(r.region):
                hidden += 1
                continue
            if len(rows) >= limit:
                continue
            names = [m.name for m in repo.report_mentions(session, r.id) if m.name]
            rows.append({
                "id": r.id, "ext_id": r.ext_id, "region": r.region, "article": r.article,
                "channel": r.channel,
                "received_at": r.received_at.isoformat() if r.received_at else None,
                "persons": names, "cases": _report_cases(session, r.id),
            })
    _audit(session, p, "search", "search", None, reason, wide and not p.national,
           identifier=identifier, name=name, results=len(rows))
    return {"identifier": identifier, "name": name, "matched": matched, "results": rows,
            "outside_region": hidden}


# Statistics --------------------------------------------------------------------------------


def stats(
    session: Session, p: Principal, *, region: str | None = None, article: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Counts of reports by article, region, month and channel, and cases by status.

    Uses ``qorgau.stats.api_tables`` when the statistics module provides it; otherwise counts
    what the store holds. Aggregates only: no person's data, so no audit entry per person.
    """
    require(p, "stats")
    if not p.national:
        if region and region.upper() != p.region:
            raise Denied("out_of_region", f"statistics outside your region {p.region}")
        region = p.region
    stats_mod = _optional("qorgau.stats")
    if stats_mod is not None and hasattr(stats_mod, "api_tables"):
        return stats_mod.api_tables(session, region=region, article=article, year=year)
    conds = []
    if region:
        conds.append(Report.region == region.upper())
    if article:
        conds.append(Report.article == article.upper())
    if year:
        from datetime import UTC, datetime

        conds.append(Report.received_at >= datetime(year, 1, 1, tzinfo=UTC))
        conds.append(Report.received_at < datetime(year + 1, 1, 1, tzinfo=UTC))

    def count_by(col: Any) -> list[dict[str, Any]]:
        q = select(col, func.count()).where(*conds).group_by(col).order_by(func.count().desc())
        return [{"key": k, "reports": n} for k, n in session.execute(q)]

    months: Counter[str] = Counter()
    for (received,) in session.execute(select(Report.received_at).where(*conds)):
        if received is not None:
            months[received.strftime("%Y-%m")] += 1
    total = session.scalar(select(func.count()).select_from(Report).where(*conds)) or 0
    case_conds = []
    if region:
        case_conds.append(Case.region == region.upper())
    if article:
        case_conds.append(or_(Case.article == article.upper(), Case.offence == article))
    cases = [
        {"key": k, "cases": n}
        for k, n in session.execute(
            select(Case.status, func.count()).where(*case_conds).group_by(Case.status)
        )
    ]
    money = session.scalar(
        select(func.count()).select_from(FactRow).join(Report, Report.id == FactRow.report_id)
        .where(FactRow.kind == "money", *conds)
    ) or 0
    return {
        "filters": {"region": region, "article": article, "year": year},
        "source": "store",
        "reports": int(total),
        "by_article": count_by(Report.article),
        "by_region": count_by(Report.region),
        "by_channel": count_by(Report.channel),
        "by_month": [{"key": k, "reports": n} for k, n in sorted(months.items())],
        "cases_by_status": cases,
        "money_facts": int(money),
    }
