"""Statute data: every record checked against the reference, in force when it should be."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qorgau.law.data import load
from qorgau.law.errors import LawInputError
from qorgau.law.statutes import all_statutes, element, in_force, resolve, thresholds

DOCS = Path(__file__).resolve().parents[1] / "docs"

# ---------------------------------------------------------------------------------------------
# The reference, written out by hand from law.md (sections named) and money.md. Sanctions are
# (kind, min, max, unit); where an article states only a maximum, the minimum is the General-Part
# one (law.md §7.4: misdemeanour fine/correctional work 20 MCI, community service 20 h, arrest
# 10 days; crime fine/correctional work 200 MCI, community service 200 h, imprisonment 6 months).
# ---------------------------------------------------------------------------------------------
REFERENCE: dict[tuple[str, date], dict] = {
    # law.md §1.3
    ("115-1", date(2025, 9, 16)): {
        "category": "criminal_misdemeanour",
        "sanctions": {
            ("fine", 20, 200, "mci"),
            ("correctional_work", 20, 200, "mci"),
            ("community_service", 20, 200, "hours"),
            ("arrest", 10, 50, "days"),
        },
    },
    # law.md §2 (reported sanctions; gazeta.ru options without limits)
    ("125-1/1", date(2025, 9, 16)): {
        "category": "minor_gravity",
        "sanctions": {
            ("fine", 200, 2000, "mci"),
            ("imprisonment", 6, 24, "months"),
            ("correctional_work", None, None, "mci"),
            ("community_service", None, None, "hours"),
            ("restriction_of_liberty", None, None, "months"),
        },
    },
    ("125-1/2", date(2025, 9, 16)): {
        "category": "grave",
        "sanctions": {("fine", 200, 5000, "mci"), ("imprisonment", 36, 84, "months")},
    },
    ("125-1/3", date(2025, 9, 16)): {
        "category": "grave",
        "sanctions": {("imprisonment", None, 120, "months")},
    },
    # law.md §3.2
    ("190/1", date(2015, 1, 1)): {
        "category": "minor_gravity",
        "sanctions": {
            ("fine", 200, 1000, "mci"),
            ("correctional_work", 200, 1000, "mci"),
            ("community_service", 200, 600, "hours"),
            ("restriction_of_liberty", None, 24, "months"),
            ("imprisonment", 6, 24, "months"),
            ("confiscation", None, None, None),
        },
    },
    ("190/2", date(2015, 1, 1)): {
        "category": "medium_gravity",
        "sanctions": {
            ("fine", 200, 4000, "mci"),
            ("correctional_work", 200, 4000, "mci"),
            ("community_service", 200, 1000, "hours"),
            ("restriction_of_liberty", None, 48, "months"),
            ("imprisonment", 6, 48, "months"),
            ("confiscation", None, None, None),
            ("ban_on_positions", None, 36, "months"),
        },
    },
    ("190/3", date(2015, 1, 1)): {
        "category": "grave",
        "sanctions": {
            ("restriction_of_liberty", 36, 84, "months"),
            ("imprisonment", 36, 84, "months"),
            ("fine", 10, 20, "times_amount"),
            ("confiscation", None, None, None),
            ("ban_on_positions", None, None, "lifetime"),
        },
    },
    ("190/4", date(2015, 1, 1)): {
        "category": "grave",
        "sanctions": {
            ("imprisonment", 60, 120, "months"),
            ("confiscation", None, None, None),
            ("ban_on_positions", None, None, "lifetime"),
        },
    },
    # law.md §1.5
    ("115", date(2015, 1, 1)): {
        "category": "criminal_misdemeanour",
        "sanctions": {
            ("fine", 20, 120, "mci"),
            ("community_service", 20, 120, "hours"),
            ("arrest", 10, 30, "days"),
        },
    },
    ("194/1", date(2015, 1, 1)): {
        "category": "medium_gravity",
        "sanctions": {("imprisonment", 6, 48, "months")},
    },
    ("147", date(2015, 1, 1)): {"category": None, "sanctions": set()},
    ("148", date(2015, 1, 1)): {"category": None, "sanctions": set()},
    ("149", date(2015, 1, 1)): {"category": None, "sanctions": set()},
    ("106", date(2015, 1, 1)): {"category": None, "sanctions": set()},
    ("107", date(2015, 1, 1)): {"category": None, "sanctions": set()},
    ("110", date(2015, 1, 1)): {"category": None, "sanctions": set()},
    # law.md §3.4
    ("232-1", date(2025, 9, 16)): {
        "category": None,
        "sanctions": {
            ("fine", None, None, "mci"),
            ("imprisonment", None, 84, "months"),
            ("confiscation", None, None, None),
        },
    },
    # law.md §4.1
    ("AC-434/1", date(2015, 1, 1)): {
        "category": "administrative_offence",
        "sanctions": {("admin_fine", 5, 5, "mci"), ("admin_arrest", None, 10, "days")},
    },
    ("AC-434/1", date(2023, 3, 6)): {
        "category": "administrative_offence",
        "sanctions": {
            ("admin_fine", 20, 20, "mci"),
            ("community_service", 20, 60, "hours"),
            ("admin_arrest", 5, 15, "days"),
        },
    },
    ("AC-434/2", date(2015, 1, 1)): {
        "category": "administrative_offence",
        "sanctions": {("admin_arrest", None, 15, "days"), ("admin_fine", 20, 20, "mci")},
    },
    ("AC-434/2", date(2023, 3, 6)): {
        "category": "administrative_offence",
        "sanctions": {("admin_arrest", None, 30, "days"), ("admin_fine", 50, 50, "mci")},
    },
    # law.md §4.2
    ("AC-73/1", date(2015, 1, 1)): {
        "category": "administrative_offence",
        "sanctions": {("warning", None, None, None), ("admin_arrest", None, 5, "days")},
    },
    ("AC-73/2", date(2015, 1, 1)): {
        "category": "administrative_offence",
        "sanctions": {("admin_arrest", None, 10, "days")},
    },
    ("AC-73/3", date(2015, 1, 1)): {
        "category": "administrative_offence",
        "sanctions": {("admin_fine", 5, 5, "mci")},
    },
    ("AC-73", date(2024, 6, 16)): {"category": "administrative_offence", "sanctions": set()},
    ("AC-73-1", date(2015, 1, 1)): {
        "category": "administrative_offence",
        "sanctions": {("warning", None, None, None), ("admin_arrest", None, 15, "days")},
    },
    ("AC-73-2", date(2015, 1, 1)): {"category": "administrative_offence", "sanctions": set()},
    # law.md §4.3
    ("AC-461", date(2015, 1, 1)): {
        "category": "administrative_offence",
        "sanctions": {("warning", None, None, None), ("admin_arrest", None, 5, "days")},
    },
}

# Validity windows from the reference: (id, from, to).
WINDOWS = {
    ("115-1", date(2025, 9, 16), None),  # law.md §1.1
    ("125-1/1", date(2025, 9, 16), None),  # law.md §2
    ("125-1/2", date(2025, 9, 16), None),
    ("125-1/3", date(2025, 9, 16), None),
    ("232-1", date(2025, 9, 16), None),  # law.md §3.4
    ("AC-434/1", date(2023, 3, 6), None),  # law.md §4.1: current since 6 March 2023
    ("AC-434/2", date(2023, 3, 6), None),
    ("AC-73", date(2024, 6, 16), None),  # law.md §4.2: 2024 laws in force 16 June 2024
}


def _key(s) -> tuple[str, date]:
    return (s.id, s.valid_from)


def test_every_record_is_in_the_reference_table_and_back():
    data = {_key(s) for s in all_statutes()}
    assert data == set(REFERENCE)


@pytest.mark.parametrize("key", sorted(REFERENCE, key=lambda k: (k[0], k[1])))
def test_sanctions_and_category_match_the_reference(key):
    record = next(s for s in all_statutes() if _key(s) == key)
    expected = REFERENCE[key]
    got = {(x.kind, x.min, x.max, x.unit) for x in record.sanctions}
    assert got == expected["sanctions"]
    assert record.category == expected["category"]
    assert record.sanctions_known == bool(expected["sanctions"])


@pytest.mark.parametrize(("rid", "start", "end"), sorted(WINDOWS, key=str))
def test_validity_windows_match_the_reference(rid, start, end):
    assert any(s.id == rid and s.valid_from == start and s.valid_to == end for s in all_statutes())


def test_thresholds_match_the_reference():
    # law.md §3.3: over 1,000 MCI large, over 4,000 MCI especially large, for art. 190
    got = {t["id"]: (t["over_mci"], t["strict"], "190" in t["articles"]) for t in thresholds()}
    assert got == {"large": (1000, True, True), "especially_large": (4000, True, True)}
    assert all(t["confirmed"] is False for t in thresholds())


def test_categories_and_limitation_match_the_reference():
    # law.md §7.3
    cats = load("categories")["categories"]
    got = {k: v["limitation"] for k, v in cats.items()}
    assert got == {
        "criminal_misdemeanour": {"years": 1},
        "minor_gravity": {"years": 2},
        "medium_gravity": {"years": 5},
        "grave": {"years": 10},
        "especially_grave": {"years": 15},
        "administrative_offence": {"months": 2},
    }


def test_general_part_ranges_match_the_reference():
    gp = load("categories")["general_part"]
    got = {
        (k, kind): (v["min"], v["max"], v["unit"]) for k, d in gp.items() for kind, v in d.items()
    }
    assert got == {
        ("misdemeanour", "fine"): (20, 200, "mci"),
        ("misdemeanour", "correctional_work"): (20, 200, "mci"),
        ("misdemeanour", "community_service"): (20, 200, "hours"),
        ("misdemeanour", "arrest"): (10, 50, "days"),
        ("crime", "fine"): (200, 10000, "mci"),
        ("crime", "correctional_work"): (200, 10000, "mci"),
        ("crime", "community_service"): (200, 1200, "hours"),
        ("crime", "imprisonment"): (6, 180, "months"),
    }


def test_general_part_minimums_are_used_where_the_article_states_only_a_maximum():
    gp = load("categories")["general_part"]
    for s in all_statutes():
        group = "misdemeanour" if s.category == "criminal_misdemeanour" else "crime"
        for x in s.sanctions:
            if x.min_basis == "general_part":
                assert x.min == gp[group][x.kind]["min"], (s.id, x.kind)
                assert x.max <= gp[group][x.kind]["max"], (s.id, x.kind)


# ---------------------------------------------------------------------------------------------
# Table-driven cases: (query, date, ids in force). Every record must be the answer of at least
# one case (test_every_record_has_a_case).
# ---------------------------------------------------------------------------------------------
CASES = [
    ("115-1", date(2025, 9, 16), ["115-1"]),
    ("115-1", date(2025, 9, 15), []),
    ("115-1", date(2026, 2, 12), ["115-1"]),
    ("125-1", date(2025, 10, 14), ["125-1/1", "125-1/2", "125-1/3"]),
    ("125-1-2", date(2025, 12, 1), ["125-1/2"]),
    ("125-1 ч. 3", date(2026, 1, 25), ["125-1/3"]),
    ("125-1", date(2025, 7, 16), []),
    ("190", date(2025, 1, 1), ["190/1", "190/2", "190/3", "190/4"]),
    ("190-1", date(2015, 1, 1), ["190/1"]),
    ("190 part 2", date(2026, 1, 16), ["190/2"]),
    ("ст. 190 ч.3", date(2024, 6, 1), ["190/3"]),
    ("190(4)", date(2026, 2, 7), ["190/4"]),
    ("115", date(2025, 10, 1), ["115"]),
    ("194", date(2025, 10, 1), ["194/1"]),
    ("147", date(2025, 10, 1), ["147"]),
    ("148", date(2020, 1, 1), ["148"]),
    ("149", date(2020, 1, 1), ["149"]),
    ("106", date(2025, 1, 1), ["106"]),
    ("107", date(2025, 1, 1), ["107"]),
    ("110", date(2025, 1, 1), ["110"]),
    ("232-1", date(2025, 10, 22), ["232-1"]),
    ("232-1", date(2025, 9, 1), []),
    ("AC-434", date(2020, 6, 1), ["AC-434/1", "AC-434/2"]),
    ("AC-434-1", date(2023, 3, 5), ["AC-434/1"]),
    ("КоАП 434 ч. 1", date(2023, 3, 6), ["AC-434/1"]),
    ("AC-434/2", date(2025, 9, 22), ["AC-434/2"]),
    ("AC-73", date(2020, 1, 1), ["AC-73/1", "AC-73/2", "AC-73/3"]),
    ("AC-73", date(2024, 6, 15), ["AC-73/1", "AC-73/2", "AC-73/3"]),
    ("AC-73", date(2025, 5, 1), ["AC-73"]),
    ("AC-73/1", date(2025, 5, 1), ["AC-73"]),
    ("AC-73-1", date(2022, 1, 1), ["AC-73-1"]),
    ("AC-73-2", date(2022, 1, 1), ["AC-73-2"]),
    ("КоАП 461", date(2026, 3, 3), ["AC-461"]),
]


@pytest.mark.parametrize(("query", "on", "expected"), CASES)
def test_in_force_at_date(query, on, expected):
    assert [s.id for s in in_force(query, on)] == expected


def test_every_record_has_a_case():
    answered = set()
    for query, on, _ids in CASES:
        answered |= {_key(s) for s in in_force(query, on)}
    missing = {_key(s) for s in all_statutes()} - answered
    assert not missing, f"statute records without a table-driven case: {sorted(missing)}"


@pytest.mark.parametrize("record", all_statutes(), ids=lambda s: f"{s.id}@{s.valid_from}")
def test_every_record_has_source_window_titles(record):
    assert record.sources, "no source"
    assert isinstance(record.valid_from, date)
    assert record.valid_to is None or record.valid_to >= record.valid_from
    assert set(record.title) == {"kk", "ru", "en"} and all(record.title.values())
    for eid in record.elements + record.features:
        spec = element(eid)
        assert set(spec["label"]) == {"kk", "ru", "en"}
        assert set(spec["hint"]) == {"kk", "ru", "en"}
        assert spec.get("sources"), eid


def test_unconfirmed_items_are_marked_with_a_note():
    # the reference calls the 2025 articles' wording, 125-1's parts and 190 part 4 UNCONFIRMED
    for rid in ("115-1", "125-1/1", "125-1/2", "125-1/3", "190/4", "232-1", "AC-73", "AC-461"):
        rec = next(s for s in all_statutes() if s.id == rid)
        assert rec.confirmed is False
        assert any("UNCONFIRMED" in n for n in rec.notes), rid
    # and every record marked unconfirmed says why
    for rec in all_statutes():
        if not rec.confirmed:
            assert rec.notes, rec.id


def test_versions_do_not_overlap():
    by_id: dict[str, list] = {}
    for s in all_statutes():
        by_id.setdefault(s.id, []).append(s)
    for rid, recs in by_id.items():
        recs.sort(key=lambda s: s.valid_from)
        for a, b in zip(recs, recs[1:], strict=False):
            assert a.valid_to is not None and a.valid_to < b.valid_from, rid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("115-1", "115-1"),
        ("ст. 115-1 УК РК", "115-1"),
        ("ҚК 115-1", "115-1"),
        ("190", "190"),
        ("190-2", "190/2"),
        ("190 ч. 2", "190/2"),
        ("190 часть 3", "190/3"),
        ("article 190 part 4", "190/4"),
        ("190 2-бөлік", "190/2"),
        ("190/1", "190/1"),
        ("125-1", "125-1"),
        ("125-1-3", "125-1/3"),
        ("AC-461", "AC-461"),
        ("КоАП 73", "AC-73"),
        ("ӘҚБтК 434", "AC-434"),
        ("AC-73-1", "AC-73-1"),
        ("AC-73/2", "AC-73/2"),
        ("73-2", "AC-73-2"),
        ("194", "194"),
        ("  232-1 ", "232-1"),
    ],
)
def test_resolve(text, expected):
    assert resolve(text).id == expected


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("999", "unknown article"),
        ("115-2", "no parts"),
        ("116", "unknown article"),
        ("190-7", "parts 1, 2, 3, 4"),
        ("115-1-2", "no parts"),
        ("", "no article given"),
        ("stalking", "cannot read an article number"),
        ("КоАП 190", "unknown article"),
    ],
)
def test_resolve_bad_input(text, needle):
    with pytest.raises(LawInputError, match=needle):
        resolve(text)


def test_docs_list_every_record_and_element():
    text = (DOCS / "law.md").read_text("utf-8")
    for s in all_statutes():
        assert f"`{s.id}`" in text, s.id
    for eid in load("statutes")["elements"]:
        assert f"`{eid}`" in text, eid
