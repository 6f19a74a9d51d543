"""Risk triage for stalking and domestic cases: documented indicators, weights and levels.

Indicators, their weights, the reason for each weight and the published instruments they come
from are data (``data/law/risk.yaml``; explained in ``docs/risk.md``). The level is
``standard``, ``elevated`` or ``high`` by the sum of weights, and ``high`` whenever a listed
combination is present. It is a triage aid that shows the factors that raised it, not a
validated prediction; professional judgement may always raise it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qorgau.law.data import load
from qorgau.law.matchers import Context, match_any
from qorgau.law.timeline import DatedFact

LEVELS = ("standard", "elevated", "high")
_CONTACT = {
    "calls",
    "messages",
    "social_media_monitoring",
    "following",
    "visits_home",
    "visits_work",
    "visits_public",
    "contact_against_will",
    "privacy_intrusion",
}
_SEVERE = {"threats", "violence", "blackmail"}
_STEP_MEASURES = {
    "admin_penalty",
    "admin_protocol",
    "protective_order",
    "detention",
    "special_requirements",
}


@dataclass
class Factor:
    """One indicator found in the facts, with its weight, reason and evidence."""

    id: str
    weight: int
    label: dict[str, str]
    reason: str
    instruments: list[str]
    evidence: list[DatedFact]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label[lang],
            "weight": self.weight,
            "reason": self.reason,
            "instruments": list(self.instruments),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class RiskAssessment:
    """The risk level with the factors that raised it (``level`` None when not assessed)."""

    assessed: bool
    level: str | None
    score: int
    factors: list[Factor] = field(default_factory=list)
    combinations: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        from qorgau.law.explain import word

        data = load("risk")
        return {
            "assessed": self.assessed,
            "level": self.level,
            "level_name": word("levels", self.level, lang) if self.level else None,
            "score": self.score,
            "factors": [f.to_dict(lang) for f in self.factors],
            "combinations": [dict(c) for c in self.combinations],
            "thresholds": dict(data["levels"]),
        }


def _behaviour_acts(ctx: Context) -> list[DatedFact]:
    return [
        d
        for d in ctx.dated.values()
        if d.fact.kind == "behaviour" and d.when is not None and d.when.start is not None
    ]


def _mid(d: DatedFact, on: date) -> date:
    start = d.when.start
    end = d.when.end or on
    return start + (end - start) / 2


def _escalation(rule: dict[str, Any], ctx: Context) -> list[DatedFact]:
    on = ctx.on
    acts = [d for d in _behaviour_acts(ctx) if d.when.start <= on]
    flagged = [d for d in ctx.dated.values() if (d.fact.extra or {}).get("escalation")]
    if flagged:
        return flagged
    # severity: threats, violence or blackmail that begin after the earliest contact acts
    contact = [d for d in acts if d.fact.value in _CONTACT]
    severe = [d for d in acts if d.fact.value in _SEVERE]
    if contact and severe:
        first_contact = min(d.when.start for d in contact)
        later = [d for d in severe if d.when.start > first_contact]
        if later:
            return sorted(contact, key=lambda d: d.when.start)[:1] + later
    # frequency: more acts in the later half of the span than in the earlier half
    if len(acts) >= 4:
        mids = sorted((_mid(d, on), i) for i, d in enumerate(acts))
        first, last = mids[0][0], mids[-1][0]
        if last > first:
            half = first + (last - first) / 2
            early = [acts[i] for m, i in mids if m <= half]
            late = [acts[i] for m, i in mids if m > half]
            if len(late) >= 3 and len(late) > len(early) >= 1:
                return late
    # ladder: two or more dated measures, and conduct again after the latest one
    steps = [
        d
        for d in ctx.dated.values()
        if d.fact.kind == "measure"
        and isinstance(d.fact.value, dict)
        and d.fact.value.get("kind") in _STEP_MEASURES
        and d.when is not None
        and d.when.start is not None
    ]
    if len({d.when.start for d in steps}) >= 2:
        last_step = max(d.when.start for d in steps)
        after = [d for d in acts if d.when.start > last_step]
        if after:
            return sorted(steps, key=lambda d: d.when.start) + after
    return []


def _duration(rule: dict[str, Any], ctx: Context) -> list[DatedFact]:
    days = int(rule["days"])
    on = ctx.on
    acts = [d for d in _behaviour_acts(ctx) if d.when.start <= on]
    if acts:
        first = min(d.when.start for d in acts)
        last = max(min(d.when.end or on, on) for d in acts)
        if (last - first).days >= days:
            return sorted(acts, key=lambda d: d.when.start)
    for f in ctx.of_kind("period"):
        if isinstance(f.value, dict):
            n = (
                (f.value.get("days") or 0)
                + 30 * (f.value.get("months") or 0)
                + 365 * (f.value.get("years") or 0)
            )
            if isinstance(n, int | float) and n >= days:
                return [ctx.dated_fact(f)]
    return []


def _distinct_phones(rule: dict[str, Any], ctx: Context) -> list[DatedFact]:
    phones: dict[str, DatedFact] = {}
    for f in ctx.of_kind("identifier"):
        v = f.value
        if isinstance(v, dict) and v.get("kind") == "phone":
            if v.get("valid", True) and isinstance(v.get("value"), str):
                phones.setdefault(v["value"], ctx.dated_fact(f))
    return list(phones.values()) if len(phones) >= int(rule.get("n", 3)) else []


TESTS = {
    "escalation": _escalation,
    "duration_days_at_least": _duration,
    "distinct_phones_at_least": _distinct_phones,
}


def indicators() -> list[dict[str, Any]]:
    """The indicator definitions from the data."""
    return list(load("risk")["indicators"])


def assess(ctx: Context, dated: list[DatedFact] | None = None) -> RiskAssessment:
    """The risk level for the facts in ``ctx`` (not assessed when nothing is about stalking or
    domestic abuse)."""
    data = load("risk")
    ctx.tests = {**TESTS, **ctx.tests}
    plain = Context(ctx.facts, ctx.dated, ctx.on, ctx.acts_date, None, ctx.tests, ctx.by_kind)
    if not match_any(data["applies_when"], plain):
        return RiskAssessment(False, None, 0)
    factors = []
    for ind in data["indicators"]:
        evidence = match_any(ind["any"], plain)
        if evidence:
            factors.append(
                Factor(
                    ind["id"],
                    int(ind["weight"]),
                    dict(ind["label"]),
                    ind["reason"],
                    list(ind["instruments"]),
                    evidence,
                )
            )
    score = sum(f.weight for f in factors)
    ids = {f.id for f in factors}
    combos = [
        {"id": c["id"], "indicators": list(c["all"]), "level": c["level"], "reason": c["reason"]}
        for c in data["combinations"]
        if set(c["all"]) <= ids
    ]
    thresholds = data["levels"]
    if score >= thresholds["high"] or any(c["level"] == "high" for c in combos):
        level = "high"
    elif score >= thresholds["elevated"]:
        level = "elevated"
    else:
        level = "standard"
    factors.sort(key=lambda f: (-f.weight, f.id))
    return RiskAssessment(True, level, score, factors, combos)
