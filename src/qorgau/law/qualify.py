"""Qualification of a case at a date: candidate articles, elements, history, penalties, risk.

``qualify(facts, on=...)`` takes the facts of one document (a :class:`~qorgau.model.Facts` or a
plain list of :class:`~qorgau.model.Fact`) and answers the investigator's first questions:

* which articles the conduct points to (stalking 115-1, coercion to marry 125-1, fraud 190 with
  its part, and the articles that apply alongside when there are threats, violence, blackmail,
  privacy intrusion or a breached protective order);
* for each, the elements found (with the evidence spans) and those still to establish;
* whether the acts fall inside the article's validity: acts before entry into force are shown as
  history and not counted (no retroactivity); acts continuing past it count for the later part;
* the escalation ladder (protective orders, administrative penalties, preventive registration)
  and whether it leads to 115-1;
* the penalty range at the date of the acts, the Fund payment and the limitation period;
* a risk level for stalking and domestic cases (:mod:`qorgau.law.risk`).

``on`` is the assessment date ("as of"): acts dated after it are left out, open periods run to
it, and limitation periods are checked against it. It defaults to the document date, else today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qorgau.law import risk as risk_mod
from qorgau.law.dating import check_date, code_start, horizon
from qorgau.law.errors import LawInputError
from qorgau.law.explain import Msg, article_ref, fmt_period, fmt_tenge
from qorgau.law.fund import FundAmount, combined_payment
from qorgau.law.matchers import Context, fact_matches, largest_money, match_any
from qorgau.law.penalties import PenaltyRange, range_for
from qorgau.law.statutes import (
    ArticleRef,
    Statute,
    all_statutes,
    element,
    in_force,
    measure_info,
    resolve,
    versions,
)
from qorgau.law.timeline import DatedFact, When, date_facts, parse_bound, place
from qorgau.model import Fact, Facts, Sentence

STALKING = "115-1"
STATISTICS_MIN = 3
"""Statistical facts (``stat``, ``figure``) from which a text is flagged as not one case."""
LADDER_MEASURES = (
    "protective_order",
    "admin_protocol",
    "admin_penalty",
    "preventive_registration",
    "special_requirements",
    "detention",
)
_LABEL_KINDS = ("behaviour", "relationship", "harm", "offence", "scheme")
_DICT_KINDS = ("measure", "count", "identifier", "article", "period")


@dataclass
class ElementResult:
    """An element or qualifying feature: found with evidence, or missing with a hint."""

    id: str
    evidence: list[DatedFact]
    part: int | None = None

    @property
    def found(self) -> bool:
        return bool(self.evidence)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        spec = element(self.id)
        d: dict[str, Any] = {"id": self.id, "label": spec["label"][lang]}
        if self.found:
            d["evidence"] = [e.to_dict() for e in self.evidence]
        else:
            d["hint"] = spec["hint"][lang]
        if self.part is not None:
            d["part"] = self.part
        if not spec.get("confirmed", True):
            d["confirmed"] = False
            if spec.get("note"):
                d["note"] = spec["note"]
        return d


@dataclass
class Candidate:
    """One article (with its part, where the facts decide it) the conduct may fall under."""

    statute: Statute
    applicable: bool
    status: str
    reason: Msg
    valid_from: date
    valid_to: date | None
    elements: list[ElementResult] = field(default_factory=list)
    features_found: list[ElementResult] = field(default_factory=list)
    features_missing: list[ElementResult] = field(default_factory=list)
    counted: list[DatedFact] = field(default_factory=list)
    history: list[DatedFact] = field(default_factory=list)
    undated: list[DatedFact] = field(default_factory=list)
    triggered_by: list[str] = field(default_factory=list)
    acts_date: date | None = None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        s = self.statute
        return {
            "id": s.id,
            "article": s.ref.article_id,
            "part": s.part,
            "code": s.code,
            "title": s.title[lang],
            "role": s.role,
            "applicable": self.applicable,
            "status": self.status,
            "reason": self.reason.render(lang),
            "reason_code": self.reason.key,
            "in_force_from": self.valid_from.isoformat(),
            "in_force_to": self.valid_to.isoformat() if self.valid_to else None,
            "elements_found": [e.to_dict(lang) for e in self.elements if e.found],
            "elements_missing": [e.to_dict(lang) for e in self.elements if not e.found],
            "features_found": [e.to_dict(lang) for e in self.features_found],
            "features_missing": [e.to_dict(lang) for e in self.features_missing],
            "acts_counted": [d.to_dict() for d in self.counted],
            "history": [d.to_dict() for d in self.history],
            "undated": [d.to_dict() for d in self.undated],
            "acts_date": self.acts_date.isoformat() if self.acts_date else None,
            "triggered_by": list(self.triggered_by),
            "confirmed": s.confirmed,
            "notes": list(s.notes),
        }


@dataclass
class Escalation:
    """The administrative ladder found in the facts and what it means for 115-1."""

    steps: list[DatedFact]
    messages: list[Msg]
    path_to_115_1: bool

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        steps = []
        for d in self.steps:
            item = d.to_dict()
            kind = d.fact.value.get("kind") if isinstance(d.fact.value, dict) else None
            info = measure_info(kind) if kind else None
            if info:
                item["label"] = info["label"][lang]
            elif d.fact.kind == "article" and isinstance(d.fact.value, dict):
                item["label"] = str(d.fact.value.get("code"))
            steps.append(item)
        return {
            "steps": steps,
            "path_to_115_1": self.path_to_115_1,
            "summary": [m.render(lang) for m in self.messages],
        }


@dataclass
class Qualification:
    """The answer for one document."""

    id: str
    on: date
    candidates: list[Candidate]
    penalties: list[PenaltyRange]
    fund_payment: FundAmount | None
    escalation: Escalation
    risk: risk_mod.RiskAssessment
    problems: list[Msg]
    ref_date: date | None = None

    def candidate(self, article: str) -> Candidate | None:
        """The candidate for an article (``"115-1"``, ``"190"``, ``"AC-461"``), if any."""
        for c in self.candidates:
            if c.statute.ref.article_id == article or c.statute.id == article:
                return c
        return None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "id": self.id,
            "on": self.on.isoformat(),
            "ref_date": self.ref_date.isoformat() if self.ref_date else None,
            "lang": lang,
            "candidates": [c.to_dict(lang) for c in self.candidates],
            "penalties": [p.to_dict(lang) for p in self.penalties],
            "fund_payment": self.fund_payment.to_dict() if self.fund_payment else None,
            "escalation": self.escalation.to_dict(lang),
            "risk": self.risk.to_dict(lang),
            "problems": [p.render(lang) for p in self.problems],
            "problem_codes": [p.key for p in self.problems],
        }


# --------------------------------------------------------------------------- input


def _valid_fact(f: Any) -> bool:
    if not isinstance(f, Fact):
        return False
    v = f.value
    if f.kind in _LABEL_KINDS:
        return isinstance(v, str)
    if f.kind in _DICT_KINDS:
        return isinstance(v, dict)
    if f.kind in ("money", "age"):
        return isinstance(v, int | float) and not isinstance(v, bool)
    if f.kind in ("date", "month"):
        return isinstance(v, str)
    return True


def _unpack(
    facts: Facts | list[Fact],
) -> tuple[str, list[Fact], list[Sentence] | None, date | None]:
    if isinstance(facts, Facts):
        return facts.id, list(facts.facts), list(facts.sentences) or None, facts.ref_date
    if isinstance(facts, list | tuple):
        return "facts", list(facts), None, None
    raise LawInputError(
        "qualify needs the facts of a document (Facts or a list of Fact), "
        f"not {type(facts).__name__}"
    )


def _assessment_date(on: date | None, ref_date: date | None, problems: list[Msg]) -> date:
    if on is not None:
        return check_date(on, "assessment date")
    candidate = ref_date or date.today()
    start, end = code_start(), horizon()
    if start <= candidate <= end:
        return candidate
    fallback = min(max(date.today(), start), end)
    problems.append(Msg("prob.bad_fact", {"kind": "ref_date", "text": candidate.isoformat()}))
    return fallback


# --------------------------------------------------------------------------- candidates


def _base_records() -> list[Statute]:
    """One record per article that carries the triggers (part 1 or the whole article)."""
    seen: dict[tuple[str, str], Statute] = {}
    for s in all_statutes():
        key = (s.code, s.article)
        if s.raw.get("base"):
            continue
        if key not in seen or (s.triggers and not seen[key].triggers):
            seen[key] = s
    return list(seen.values())


def _mentioned(facts: list[Fact]) -> dict[tuple[str, str], list[Fact]]:
    out: dict[tuple[str, str], list[Fact]] = {}
    for f in facts:
        if f.kind != "article" or not isinstance(f.value, dict):
            continue
        code = f.value.get("code")
        if not isinstance(code, str):
            continue
        try:
            ref = resolve(code)
        except LawInputError:
            continue
        out.setdefault((ref.code, ref.article), []).append(f)
    return out


def _window(ref: ArticleRef) -> tuple[date, date | None]:
    allv = versions(ArticleRef(ref.code, ref.article))
    start = min(v.valid_from for v in allv)
    ends = [v.valid_to for v in allv]
    return start, (None if any(e is None for e in ends) else max(ends))


def _acts_of(base: Statute, dated: list[DatedFact]) -> list[DatedFact]:
    kinds = {r.get("fact") for r in base.acts}
    return [
        d for d in dated if d.fact.kind in kinds and any(fact_matches(r, d.fact) for r in base.acts)
    ]


def _latest(acts: list[DatedFact], on: date) -> date | None:
    ends = []
    for d in acts:
        if d.when is None:
            continue
        end = d.when.end if d.when.end is not None else on
        ends.append(min(end, on))
    return max(ends) if ends else None


def _status(
    counted: list[DatedFact],
    history: list[DatedFact],
    undated: list[DatedFact],
    future: list[DatedFact],
    after: list[DatedFact],
    valid_from: date,
    valid_to: date | None,
    on: date,
    old: bool,
    why: list[str],
) -> tuple[bool, str, Msg]:
    if counted:
        reason = Msg("reason.applicable", {"n": len(counted), "since": valid_from})
        if history:
            reason = Msg(
                reason.key, reason.params, (Msg("reason.applicable_history", {"h": len(history)}),)
            )
        return True, "applicable", reason
    if undated and old:
        return True, "applicable_undated", Msg("reason.applicable_undated", {"since": valid_from})
    if history and undated:
        return (
            False,
            "needs_dates",
            Msg("reason.mixed_undated", {"since": valid_from, "u": len(undated)}),
        )
    if history:
        last = _latest(history, on)
        return False, "not_in_force", Msg("reason.before", {"since": valid_from, "last": last})
    if undated:
        return False, "undated", Msg("reason.undated", {"since": valid_from})
    if after:
        return False, "after", Msg("reason.after", {"to": valid_to})
    if future:
        return False, "future", Msg("reason.future", {"on": on})
    return False, "no_acts", Msg("reason.no_acts", {"why": ", ".join(why) or "—"})


def _evaluate(ids: tuple[str, ...], ctx: Context, part: int | None = None) -> list[ElementResult]:
    out = []
    for eid in ids:
        spec = element(eid)
        evidence = match_any(spec.get("any") or [], ctx, counted_only=bool(spec.get("counted")))
        out.append(ElementResult(eid, evidence, part))
    return out


def _candidate(
    base: Statute,
    why: list[str],
    dated: list[DatedFact],
    ctx_base: Context,
    on: date,
) -> Candidate:
    ref = ArticleRef(base.code, base.article)
    valid_from, valid_to = _window(ref)
    old = valid_from <= code_start()
    acts = _acts_of(base, dated)
    buckets: dict[str, list[DatedFact]] = {
        k: [] for k in ("within", "straddles", "before", "undated", "future", "after")
    }
    for d in acts:
        buckets[place(d.when, valid_from, valid_to, on)].append(d)
    counted = buckets["within"] + buckets["straddles"]
    applicable, status, reason = _status(
        counted,
        buckets["before"],
        buckets["undated"],
        buckets["future"],
        buckets["after"],
        valid_from,
        valid_to,
        on,
        old,
        why,
    )
    counted_ids = {id(d.fact) for d in counted}
    if status == "applicable_undated":
        counted_ids |= {id(d.fact) for d in buckets["undated"]}
    acts_date = _latest(counted, on) if counted else None
    ctx = Context(
        facts=ctx_base.facts,
        dated=ctx_base.dated,
        on=on,
        acts_date=acts_date or on,
        counted=counted_ids,
        tests=ctx_base.tests,
        by_kind=ctx_base.by_kind,
    )
    # the part: the gravest one whose qualifying features are found, at the date of the acts
    when = acts_date or on
    records = [s for s in in_force(ref, when)] or [s for s in versions(ref) if s.part in (None, 1)]
    chosen = base
    features_found: list[ElementResult] = []
    features_missing: list[ElementResult] = []
    with_features = sorted((s for s in records if s.features), key=lambda s: s.part or 0)
    for s in with_features:
        results = _evaluate(s.features, ctx, s.part)
        hits = [r for r in results if r.found]
        if hits:
            chosen, features_found = s, hits
    for s in with_features:
        if (s.part or 0) > (chosen.part or 0):
            features_missing += [r for r in _evaluate(s.features, ctx, s.part) if not r.found]
    if chosen is base:
        same = [s for s in records if s.part == base.part]
        chosen = same[0] if same else base
    return Candidate(
        statute=chosen,
        applicable=applicable,
        status=status,
        reason=reason,
        valid_from=valid_from,
        valid_to=valid_to,
        elements=_evaluate(base.elements, ctx),
        features_found=features_found,
        features_missing=features_missing,
        counted=counted + (buckets["undated"] if status == "applicable_undated" else []),
        history=buckets["before"],
        undated=[] if status == "applicable_undated" else buckets["undated"],
        triggered_by=why,
        acts_date=acts_date,
    )


# --------------------------------------------------------------------------- escalation


def _escalation(
    dated: list[DatedFact], stalking: Candidate | None, on: date, relevant: bool
) -> Escalation:
    steps = [
        d
        for d in dated
        if (d.fact.kind == "measure" and d.fact.value.get("kind") in LADDER_MEASURES)
        or (
            d.fact.kind == "article"
            and isinstance(d.fact.value, dict)
            and (
                d.fact.value.get("code_book") == "AC"
                or str(d.fact.value.get("code", "")).startswith("AC-")
            )
        )
    ]
    steps.sort(key=lambda d: (d.when.start or d.when.end or on) if d.when else on)
    messages: list[Msg] = []
    path = False
    measures = [d for d in steps if d.fact.kind == "measure"]
    names = sorted({d.fact.value["kind"] for d in measures})
    labels = [(measure_info(n) or {}).get("label", {"en": n, "ru": n, "kk": n}) for n in names]
    since = stalking.valid_from if stalking else _stalking_start()
    if measures:
        latest_conduct = _latest(stalking.counted, on) if stalking and stalking.applicable else None
        earliest_measure = min(
            (
                d.when.start or d.when.end
                for d in measures
                if d.when and (d.when.start or d.when.end)
            ),
            default=None,
        )
        if latest_conduct is not None and (
            earliest_measure is None or earliest_measure <= latest_conduct
        ):
            path = True
            messages.append(Msg("esc.path", {"measures": labels, "since": since}))
        elif stalking is not None:
            messages.append(Msg("esc.before_only", {"measures": labels, "since": since}))
    if any(
        d.fact.value.get("violated")
        for d in measures
        if d.fact.value.get("kind") == "protective_order"
    ):
        messages.append(Msg("esc.po_violated"))
    if not steps and relevant:
        messages.append(Msg("esc.none"))
    return Escalation(steps, messages, path)


def _stalking_start() -> date:
    return min(v.valid_from for v in versions(resolve(STALKING)))


# --------------------------------------------------------------------------- main


def qualify(facts: Facts | list[Fact], on: date | None = None) -> Qualification:
    """Qualify the conduct in ``facts`` as of ``on`` (see the module documentation).

    Raises :class:`LawInputError` only for an ``on`` the engine cannot answer for; problems in
    the facts themselves (no facts, no dates, odd values) are reported in ``problems``.
    """
    doc_id, raw_facts, sentences, ref_date = _unpack(facts)
    problems: list[Msg] = []
    on = _assessment_date(on, ref_date, problems)
    good = []
    for f in raw_facts:
        if _valid_fact(f):
            good.append(f)
        else:
            kind = getattr(f, "kind", type(f).__name__)
            text = str(getattr(f, "text", ""))[:40]
            problems.append(Msg("prob.bad_fact", {"kind": kind, "text": text}))
    if not good:
        problems.append(Msg("prob.no_facts"))
    targets = [f for f in good if f.kind not in ("date", "month", "period", "language", "sentence")]
    dated = [_breach_window(d) for d in date_facts(targets, good, sentences, ref_date)]
    by_id = {id(d.fact): d for d in dated}
    ctx = Context(facts=good, dated=by_id, on=on, tests=risk_mod.TESTS)

    conduct = [d for d in dated if d.fact.kind in ("behaviour", "offence", "scheme", "measure")]
    has_anchor = any(f.kind in ("date", "month", "period") for f in good)
    if (
        conduct
        and not has_anchor
        and ref_date is None
        and not any(d.how == "explicit" for d in conduct)
    ):
        problems.append(Msg("prob.no_dates"))
    future = [d for d in conduct if d.when and d.when.start and d.when.start > on]
    if future:
        problems.append(Msg("prob.future_acts", {"n": len(future), "on": on}))
    old = [d for d in conduct if d.when and d.when.end and d.when.end < code_start()]
    if old:
        problems.append(Msg("prob.before_code", {"n": len(old), "start": code_start()}))

    stats = sum(1 for f in good if f.kind in ("stat", "figure"))
    if stats >= STATISTICS_MIN:
        problems.append(Msg("prob.statistics", {"n": stats}))

    mentioned = _mentioned(good)
    candidates: list[Candidate] = []
    for base in _base_records():
        why = []
        for rule in base.triggers:
            hits = [f for f in ctx.of_kind(rule["fact"]) if fact_matches(rule, f)]
            if hits:
                why.append(
                    f"{rule['fact']}:{'/'.join(sorted({str(_short(h.value)) for h in hits}))}"
                )
        if base.code == "CC" and (base.code, base.article) in mentioned:
            why.append("article:" + base.article)
        if not why:
            continue
        candidates.append(_candidate(base, why, dated, ctx, on))
    candidates.sort(key=_order)

    penalties: list[PenaltyRange] = []
    for c in candidates:
        if not c.applicable:
            continue
        when = c.acts_date or on
        if c.acts_date is None:
            problems.append(
                Msg("prob.undated_penalties", {"article": _ref_msg(c.statute), "on": on})
            )
        records = [s for s in in_force(c.statute.ref, when) if s.part == c.statute.part] or [
            c.statute
        ]
        pr = range_for(records[0], when)
        penalties.append(pr)
        if pr.mci.assumed:
            problems.append(Msg("prob.assumed_mci", {"year": when.year}))
        if pr.limitation_ends and pr.limitation_ends < on:
            problems.append(
                Msg(
                    "prob.limitation",
                    {
                        "article": _ref_msg(c.statute),
                        "period": _period_msg(pr.limitation),
                        "date": pr.limitation_ends,
                    },
                )
            )
    if any(c.statute.article == "190" for c in candidates):
        money = largest_money(ctx)
        if money is not None and not (money.fact.extra or {}).get("role"):
            amount = int(money.fact.value)
            shown = {lang: fmt_tenge(amount, lang) for lang in ("kk", "ru", "en")}
            problems.append(Msg("prob.damage_largest", {"tenge": shown}))
    crim = [p for p in penalties if p.statute.code == "CC"]
    fund = None
    if crim:
        latest = max(p.on for p in crim)
        fund = combined_payment([p.statute.category for p in crim], latest)

    assessment = risk_mod.assess(ctx, dated)
    stalking = next((c for c in candidates if c.statute.article == STALKING), None)
    escalation = _escalation(dated, stalking, on, assessment.assessed)
    # one message per problem text
    unique: list[Msg] = []
    seen = set()
    for p in problems:
        key = (p.key, tuple(sorted((k, str(v)) for k, v in p.params.items())))
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return Qualification(
        doc_id, on, candidates, penalties, fund, escalation, assessment, unique, ref_date
    )


def _breach_window(d: DatedFact) -> DatedFact:
    """A violated order dated by the sentence that issued it: the breach is on or after that date.

    "In March an order was issued, which he violated" dates the order, not the breach; unless the
    extractor gives the breach date (``violated_on``), the breach is placed in an open period
    from the order's date, so no limitation period is counted from the wrong day.
    """
    v = d.fact.value
    if d.fact.kind != "measure" or not isinstance(v, dict) or not v.get("violated"):
        return d
    if v.get("violated_on"):
        b = parse_bound(v["violated_on"])
        if b:
            return DatedFact(d.fact, When(b[0], b[1], str(v["violated_on"]), b[2]), "explicit")
    if d.when is None or d.how == "explicit" or d.when.start is None:
        return d
    if d.when.precision == "before_document":
        return d
    return DatedFact(d.fact, When(d.when.start, None, d.when.text, "period"), d.how)


def _short(value: Any) -> Any:
    if isinstance(value, dict):
        return value.get("kind") or value.get("code") or value.get("what") or "?"
    return value


def _order(c: Candidate) -> tuple[int, int, str]:
    role = {"main": 0, "concurrent": 1, "ladder": 2}.get(c.statute.role, 3)
    return (0 if c.applicable else 1, role, c.statute.id)


def _ref_msg(s: Statute) -> dict[str, str]:
    return {lang: article_ref(s.code, s.article, s.part, lang) for lang in ("kk", "ru", "en")}


def _period_msg(period: dict[str, int] | None) -> dict[str, str]:
    return {lang: fmt_period(period, lang) for lang in ("kk", "ru", "en")}


def explain_text(result: Qualification, lang: str = "en") -> str:
    """The qualification as a readable report (see ``explain.render_qualification``)."""
    from qorgau.law.explain import render_qualification

    return render_qualification(result, lang)


__all__ = ["Candidate", "ElementResult", "Escalation", "Qualification", "explain_text", "qualify"]
