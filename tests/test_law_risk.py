"""Risk triage: each indicator from its facts, levels, combinations, documented sources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qorgau.law.data import load
from qorgau.law.qualify import qualify
from qorgau.model import Fact

DOCS = Path(__file__).resolve().parents[1] / "docs"


def build(items):
    facts, pos = [], 0
    for kind, value, *rest in items:
        text = rest[0] if rest else str(value)
        facts.append(Fact(kind, value, pos, pos + len(text), text, "test"))
        pos += len(text) + 2
    return facts


BASE = [("month", "2025-11", "в ноябре 2025"), ("behaviour", "messages", "писал")]

# (extra facts, indicator expected)
INDICATORS = [
    ([("behaviour", "threats")], "threats"),
    ([("behaviour", "violence")], "violence"),
    ([("behaviour", "weapon_access")], "weapon_access"),
    ([("measure", {"kind": "protective_order", "violated": True})], "protective_order_violated"),
    ([("relationship", "ex_partner")], "ex_intimate"),
    ([("relationship", "ex_spouse")], "ex_intimate"),
    ([("behaviour", "visits_home")], "approach_home_work"),
    ([("behaviour", "visits_work")], "approach_home_work"),
    ([("behaviour", "following")], "approach_home_work"),
    ([("measure", {"kind": "admin_penalty"})], "failed_admin_measures"),
    ([("measure", {"kind": "preventive_registration"})], "failed_admin_measures"),
    ([("behaviour", "blackmail")], "blackmail"),
    ([("harm", "fear")], "victim_fear"),
    ([("harm", "moved_home")], "victim_relocated"),
    ([("harm", "changed_job")], "victim_relocated"),
    ([("count", {"what": "numbers", "value": 5})], "many_numbers"),
    (
        [
            ("identifier", {"kind": "phone", "value": f"+7701555000{i}", "valid": True})
            for i in range(3)
        ],
        "many_numbers",
    ),
    ([("count", {"what": "calls", "value": 300})], "high_volume_contact"),
    ([("behaviour", "social_media_monitoring")], "surveillance"),
    ([("behaviour", "privacy_intrusion")], "surveillance"),
    ([("period", {"months": 8}, "восемь месяцев")], "long_duration"),
]


@pytest.mark.parametrize(("extra", "indicator"), INDICATORS)
def test_each_indicator(extra, indicator):
    risk = qualify(build(BASE + extra), on=date(2026, 1, 1)).risk
    assert risk.assessed
    assert indicator in {f.id for f in risk.factors}
    f = next(f for f in risk.factors if f.id == indicator)
    assert f.evidence and f.reason and f.instruments


def test_every_indicator_has_a_case():
    assert {i for _, i in INDICATORS} | {"escalation"} == {
        x["id"] for x in load("risk")["indicators"]
    }


@pytest.mark.parametrize(
    ("extra", "not_indicator"),
    [
        ([("count", {"what": "numbers", "value": 2})], "many_numbers"),
        ([("count", {"what": "calls", "value": 29})], "high_volume_contact"),
        ([("relationship", "spouse")], "ex_intimate"),
        (
            [("measure", {"kind": "protective_order", "violated": False})],
            "protective_order_violated",
        ),
        ([("period", {"months": 5})], "long_duration"),
    ],
)
def test_indicator_traps(extra, not_indicator):
    risk = qualify(build(BASE + extra), on=date(2026, 1, 1)).risk
    assert not_indicator not in {f.id for f in risk.factors}


def _months(*pairs):
    items = []
    for month, behaviour in pairs:
        items += [("month", month, f"в {month}"), ("behaviour", behaviour, behaviour)]
    return items


@pytest.mark.parametrize(
    ("items", "escalates"),
    [
        # severity: threats begin after months of calls
        (_months(("2025-06", "calls"), ("2025-12", "threats")), True),
        # frequency: one act early, three late
        (
            _months(
                ("2025-01", "calls"),
                ("2025-11", "calls"),
                ("2025-11", "messages"),
                ("2025-12", "following"),
            ),
            True,
        ),
        # ladder: two measures, then conduct again
        (
            [
                ("month", "2025-03", "в марте"),
                ("measure", {"kind": "admin_penalty"}, "штраф"),
                ("month", "2025-05", "в мае"),
                ("measure", {"kind": "protective_order"}, "предписание"),
                ("month", "2025-10", "в октябре"),
                ("behaviour", "calls", "звонил"),
            ],
            True,
        ),
        # steady: same acts spread evenly
        (
            _months(
                ("2025-01", "calls"),
                ("2025-04", "calls"),
                ("2025-07", "calls"),
                ("2025-10", "calls"),
            ),
            False,
        ),
        # threats from the start are not an escalation in severity
        (_months(("2025-06", "threats"), ("2025-12", "calls")), False),
    ],
)
def test_escalation(items, escalates):
    risk = qualify(build(items), on=date(2026, 1, 1)).risk
    assert ("escalation" in {f.id for f in risk.factors}) is escalates


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        ([], "standard"),  # messages only
        ([("harm", "fear")], "standard"),
        ([("behaviour", "threats"), ("harm", "fear")], "elevated"),  # 3 + 1
        ([("relationship", "ex_partner"), ("behaviour", "visits_home")], "elevated"),  # 2 + 2
        ([("behaviour", "threats"), ("behaviour", "weapon_access")], "high"),  # combination
        ([("behaviour", "violence"), ("relationship", "ex_spouse")], "high"),  # combination
        (
            [("behaviour", "threats"), ("measure", {"kind": "protective_order", "violated": True})],
            "high",
        ),  # combination
        (
            [
                ("relationship", "ex_partner"),
                ("behaviour", "visits_work"),
                ("measure", {"kind": "admin_penalty"}),
                ("harm", "fear"),
                ("harm", "moved_home"),
            ],
            "high",
        ),  # 2+2+2+1+1 = 8
    ],
)
def test_levels(extra, level):
    risk = qualify(build(BASE + extra), on=date(2026, 1, 1)).risk
    assert risk.level == level
    assert risk.score == sum(f.weight for f in risk.factors)


def test_fraud_only_is_not_assessed():
    facts = build(
        [
            ("month", "2025-06", "в июне"),
            ("offence", "internet_fraud", "мошенники"),
            ("money", 100000),
        ]
    )
    risk = qualify(facts, on=date(2026, 1, 1)).risk
    assert risk.assessed is False and risk.level is None
    assert risk.to_dict("kk")["level"] is None


def test_level_names_in_three_languages():
    risk = qualify(
        build(BASE + [("behaviour", "threats"), ("behaviour", "weapon_access")]),
        on=date(2026, 1, 1),
    ).risk
    assert [risk.to_dict(lang)["level_name"] for lang in ("kk", "ru", "en")] == [
        "жоғары",
        "высокий",
        "high",
    ]


def test_every_weight_has_a_reason_and_instruments_and_docs():
    data = load("risk")
    text = (DOCS / "risk.md").read_text("utf-8")
    for ind in data["indicators"]:
        assert ind["reason"].strip() and ind["instruments"], ind["id"]
        assert set(ind["instruments"]) <= set(data["instruments"])
        assert set(ind["label"]) == {"kk", "ru", "en"}
        assert f"`{ind['id']}`" in text, ind["id"]
    for name in data["instruments"]:
        assert name in text
    for combo in data["combinations"]:
        assert f"`{combo['id']}`" in text
