"""Matching the data files' evidence rules against facts.

Statute elements and risk indicators say in data which facts prove them, e.g.
``{fact: behaviour, values: [threats]}`` or ``{fact: measure, kinds: [protective_order],
violated: true}``, or name a computed test (``{test: acts_at_least, n: 2}``). :func:`match`
returns the facts that satisfy a rule (empty when it is not satisfied), each with its place in
time, so every conclusion can show its evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qorgau.law.timeline import DatedFact
from qorgau.model import Fact

ACT_KINDS = frozenset({"behaviour", "measure", "offence", "scheme"})
"""Fact kinds that are conduct: restricted to the counted acts when an element says so."""


@dataclass
class Context:
    """What a rule is matched against."""

    facts: list[Fact]
    dated: dict[int, DatedFact]
    on: date
    acts_date: date | None = None
    counted: set[int] | None = None
    tests: dict[str, Callable[[dict[str, Any], Context], list[DatedFact]]] = field(
        default_factory=dict
    )
    by_kind: dict[str, list[Fact]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.by_kind:
            self.by_kind = index_by_kind(self.facts)

    def of_kind(self, kind: str) -> list[Fact]:
        return self.by_kind.get(kind, [])

    def dated_fact(self, f: Fact) -> DatedFact:
        return self.dated.get(id(f)) or DatedFact(f, None, "none")


def index_by_kind(facts: list[Fact]) -> dict[str, list[Fact]]:
    """Facts grouped by kind, in their original order."""
    out: dict[str, list[Fact]] = {}
    for f in facts:
        out.setdefault(f.kind, []).append(f)
    return out


def _value_kind(value: Any) -> Any:
    return value.get("kind") if isinstance(value, dict) else None


def fact_matches(rule: dict[str, Any], f: Fact) -> bool:
    """Whether one fact satisfies a ``{fact: ...}`` rule (ignoring the counted restriction)."""
    if f.kind != rule.get("fact"):
        return False
    v = f.value
    if "values" in rule:
        return isinstance(v, str) and v in rule["values"]
    if "kinds" in rule:
        if _value_kind(v) not in rule["kinds"]:
            return False
        if "violated" in rule:
            return bool(v.get("violated")) == bool(rule["violated"])
        return True
    if "lt" in rule:
        return isinstance(v, int | float) and not isinstance(v, bool) and v < rule["lt"]
    if "what" in rule:
        return (
            isinstance(v, dict)
            and v.get("what") in rule["what"]
            and isinstance(v.get("value"), int | float)
            and v["value"] >= rule.get("gte", 1)
        )
    return v is not None


def match(rule: dict[str, Any], ctx: Context, counted_only: bool = False) -> list[DatedFact]:
    """Facts satisfying ``rule``; with ``counted_only`` conduct must be among the counted acts."""
    if "test" in rule:
        fn = ctx.tests.get(rule["test"]) or _TESTS.get(rule["test"])
        return fn(rule, ctx) if fn else []
    out = []
    for f in ctx.of_kind(rule.get("fact", "")):
        if not fact_matches(rule, f):
            continue
        if counted_only and f.kind in ACT_KINDS and ctx.counted is not None:
            if id(f) not in ctx.counted:
                continue
        out.append(ctx.dated_fact(f))
    return out


def match_any(
    rules: list[dict[str, Any]], ctx: Context, counted_only: bool = False
) -> list[DatedFact]:
    """All evidence of every rule that matches, each fact once."""
    seen: set[int] = set()
    out = []
    for rule in rules or ():
        for d in match(rule, ctx, counted_only):
            if id(d.fact) not in seen:
                seen.add(id(d.fact))
                out.append(d)
    return out


def _acts_at_least(rule: dict[str, Any], ctx: Context) -> list[DatedFact]:
    counted = ctx.counted or set()
    acts = [ctx.dated_fact(f) for f in ctx.of_kind("behaviour") if id(f) in counted]
    weight = 0
    for d in acts:
        w = d.when
        # one fact dated by a month or a period describes conduct over time, not one act
        continuing = w is not None and w.precision in ("month", "year", "period")
        weight += 2 if continuing else 1
    return acts if weight >= int(rule.get("n", 2)) else []


def largest_money(ctx: Context) -> DatedFact | None:
    """The money fact taken as the damage: one marked ``role: damage``, else the largest amount."""
    money = [f for f in ctx.of_kind("money") if isinstance(f.value, int | float)]
    marked = [f for f in money if (f.extra or {}).get("role") == "damage"]
    pool = marked or money
    if not pool:
        return None
    return ctx.dated_fact(max(pool, key=lambda f: f.value))


def _damage_over_mci(rule: dict[str, Any], ctx: Context) -> list[DatedFact]:
    from qorgau.law.mci import mci

    d = largest_money(ctx)
    if d is None:
        return []
    at = ctx.acts_date or ctx.on
    value = mci(at)
    if value.tenge is None:
        return []
    return [d] if d.fact.value > int(rule["mci"]) * value.tenge else []


_TESTS: dict[str, Callable[[dict[str, Any], Context], list[DatedFact]]] = {
    "acts_at_least": _acts_at_least,
    "damage_over_mci": _damage_over_mci,
}
