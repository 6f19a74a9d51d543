"""MCI by date, MCI-to-tenge, Fund payments and payouts, penalty ranges at the date of the acts."""

from __future__ import annotations

from datetime import date

import pytest

from qorgau.law.dating import check_date, horizon, parse_date
from qorgau.law.errors import LawInputError
from qorgau.law.fund import combined_payment, compulsory_payment, payout, payout_note, payouts
from qorgau.law.mci import mci, to_tenge
from qorgau.law.penalties import add_period, penalty_range, penalty_ranges

# money.md §5.2
MCI_VALUES = [
    (date(2022, 1, 1), 3063, True),
    (date(2022, 3, 31), 3063, True),
    (date(2022, 4, 1), 3180, False),  # UNCONFIRMED mid-2022 value
    (date(2023, 1, 1), 3450, True),
    (date(2023, 12, 31), 3450, True),
    (date(2024, 7, 1), 3692, True),
    (date(2025, 1, 1), 3932, True),
    (date(2025, 9, 16), 3932, True),
    (date(2025, 12, 31), 3932, True),
    (date(2026, 1, 1), 4325, True),
    (date(2026, 12, 31), 4325, True),
]


@pytest.mark.parametrize(("on", "tenge", "confirmed"), MCI_VALUES)
def test_mci_by_date(on, tenge, confirmed):
    value = mci(on)
    assert value.tenge == tenge
    assert value.confirmed is confirmed
    assert value.assumed is False
    assert value.sources


# money.md §5.3 "ready-made multiples", all four years
MULTIPLES = [
    (5, 17_250, 18_460, 19_660, 21_625),
    (10, 34_500, 36_920, 39_320, 43_250),
    (15, 51_750, 55_380, 58_980, 64_875),
    (20, 69_000, 73_840, 78_640, 86_500),
    (30, 103_500, 110_760, 117_960, 129_750),
    (40, 138_000, 147_680, 157_280, 173_000),
    (50, 172_500, 184_600, 196_600, 216_250),
    (200, 690_000, 738_400, 786_400, 865_000),
    (1000, 3_450_000, 3_692_000, 3_932_000, 4_325_000),
    (2000, 6_900_000, 7_384_000, 7_864_000, 8_650_000),
    (4000, 13_800_000, 14_768_000, 15_728_000, 17_300_000),
    (5000, 17_250_000, 18_460_000, 19_660_000, 21_625_000),
]


@pytest.mark.parametrize("row", MULTIPLES, ids=lambda r: f"{r[0]}MCI")
@pytest.mark.parametrize("year_index", range(4), ids=["2023", "2024", "2025", "2026"])
def test_mci_multiples(row, year_index):
    on = date(2023 + year_index, 6, 30)
    assert to_tenge(row[0], on) == row[1 + year_index]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 9, 16), 786_400),
        (date(2025, 12, 31), 786_400),
        (date(2026, 1, 1), 865_000),
        (date(2026, 2, 12), 865_000),
    ],
)
def test_200_mci_is_786400_in_2025_and_865000_in_2026(on, expected):
    assert to_tenge(200, on) == expected
    fine = next(s for s in penalty_range("115-1", on).sanctions if s.kind == "fine")
    assert fine.max == 200 and fine.max_tenge == expected


def test_fractional_mci_rounds_half_up():
    assert to_tenge(0.5, date(2025, 1, 1)) == 1966
    assert to_tenge(2.5, date(2026, 1, 1)) == 10813  # 10,812.5 -> 10,813


def test_after_last_known_year_is_an_assumption():
    value = mci(date(2027, 3, 1))
    assert value.tenge == 4325 and value.assumed and not value.confirmed
    assert "ASSUMPTION" in value.note
    pr = penalty_range("115-1", date(2027, 3, 1))
    assert pr.mci.assumed and any("ASSUMPTION" in n for n in pr.notes)


def test_before_first_known_value_has_no_tenge():
    value = mci(date(2019, 5, 1))
    assert value.tenge is None and "no MCI value known" in value.note
    pr = penalty_range("190-1", date(2019, 5, 1))
    fine = next(s for s in pr.sanctions if s.kind == "fine")
    assert fine.max == 1000 and fine.max_tenge is None


@pytest.mark.parametrize(
    ("on", "needle"),
    [
        (date(2014, 12, 31), "before the Criminal Code"),
        (date(2010, 1, 1), "1997 Code"),
        (date(2032, 1, 1), "too far in the future"),
        (date(2100, 1, 1), "too far in the future"),
    ],
)
def test_dates_out_of_range_are_refused(on, needle):
    with pytest.raises(LawInputError, match=needle):
        check_date(on)
    with pytest.raises(LawInputError, match=needle):
        penalty_range("190-1", on)


def test_horizon_is_five_years_after_the_last_known_value():
    assert horizon() == date(2031, 12, 31)
    assert mci(date(2031, 12, 31)).assumed
    with pytest.raises(LawInputError):
        mci(date(2032, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-01", date(2025, 10, 1)),
        ("01.10.2025", date(2025, 10, 1)),
        (" 2026-1-5 ", date(2026, 1, 5)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2025-13-01", "31.02.2025", "yesterday", "2025/10/01", ""])
def test_parse_date_refuses(text):
    with pytest.raises(LawInputError):
        parse_date(text)


# money.md §6.2: compulsory payment by category, with 2025 and 2026 tenge
FUND = [
    ("criminal_misdemeanour", 5, 19_660, 21_625),
    ("minor_gravity", 10, 39_320, 43_250),
    ("medium_gravity", 15, 58_980, 64_875),
    ("grave", 20, 78_640, 86_500),
    ("especially_grave", 30, 117_960, 129_750),
]


@pytest.mark.parametrize(("category", "n", "t2025", "t2026"), FUND)
def test_compulsory_payment_by_category(category, n, t2025, t2026):
    a = compulsory_payment(category, date(2025, 10, 1))
    b = compulsory_payment(category, date(2026, 2, 1))
    assert (a.mci, a.tenge, b.mci, b.tenge) == (n, t2025, n, t2026)
    assert a.confirmed is False  # post-2020 changes UNCONFIRMED


@pytest.mark.parametrize(
    ("category", "on"),
    [
        ("administrative_offence", date(2025, 1, 1)),
        (None, date(2025, 1, 1)),
        ("grave", date(2018, 6, 30)),  # collected from 1 July 2018
    ],
)
def test_no_compulsory_payment(category, on):
    assert compulsory_payment(category, on) is None


def test_several_offences_pay_once_at_the_most_serious_category():
    p = combined_payment(
        ["criminal_misdemeanour", "grave", "medium_gravity", None], date(2025, 10, 1)
    )
    assert (p.what, p.mci, p.tenge) == ("grave", 20, 78_640)
    assert combined_payment(["administrative_offence"], date(2025, 10, 1)) is None


# money.md §6.4
@pytest.mark.parametrize(
    ("group", "n", "t2026"),
    [
        ("minor_sexual_trafficking_torture", 30, 129_750),
        ("serious_harm_or_hiv", 40, 173_000),
        ("death", 50, 216_250),
    ],
)
def test_payouts(group, n, t2026):
    p = payout(group, date(2026, 1, 10))
    assert (p.mci, p.tenge) == (n, t2026)


def test_no_payouts_before_july_2020_and_none_for_stalking_or_fraud():
    assert payouts(date(2020, 6, 30)) == []
    assert len(payouts(date(2020, 7, 1))) == 3
    assert "not in the payout list" in payout_note("115-1")
    assert "not in the payout list" in payout_note("190")


# Penalty ranges at the date of the acts (law.md §1.3, §3.2, §7.3; money.md §6.2)
PENALTIES = [
    (
        "115-1",
        date(2025, 10, 1),
        "criminal_misdemeanour",
        {"years": 1},
        5,
        ("fine", 20, 200, 78_640, 786_400),
    ),
    (
        "115-1",
        date(2026, 2, 12),
        "criminal_misdemeanour",
        {"years": 1},
        5,
        ("fine", 20, 200, 86_500, 865_000),
    ),
    (
        "125-1-1",
        date(2025, 11, 4),
        "minor_gravity",
        {"years": 2},
        10,
        ("fine", 200, 2000, 786_400, 7_864_000),
    ),
    (
        "125-1-2",
        date(2026, 1, 25),
        "grave",
        {"years": 10},
        20,
        ("fine", 200, 5000, 865_000, 21_625_000),
    ),
    (
        "190-1",
        date(2024, 3, 1),
        "minor_gravity",
        {"years": 2},
        10,
        ("fine", 200, 1000, 738_400, 3_692_000),
    ),
    (
        "190-2",
        date(2025, 6, 1),
        "medium_gravity",
        {"years": 5},
        15,
        ("fine", 200, 4000, 786_400, 15_728_000),
    ),
    ("190-3", date(2026, 1, 16), "grave", {"years": 10}, 20, ("imprisonment", 36, 84, None, None)),
    ("190-4", date(2023, 5, 5), "grave", {"years": 10}, 20, ("imprisonment", 60, 120, None, None)),
    (
        "115",
        date(2025, 10, 1),
        "criminal_misdemeanour",
        {"years": 1},
        5,
        ("fine", 20, 120, 78_640, 471_840),
    ),
    (
        "AC-434-1",
        date(2025, 11, 28),
        "administrative_offence",
        {"months": 2},
        None,
        ("admin_fine", 20, 20, 78_640, 78_640),
    ),
    (
        "AC-434-1",
        date(2026, 1, 2),
        "administrative_offence",
        {"months": 2},
        None,
        ("admin_fine", 20, 20, 86_500, 86_500),
    ),
    (
        "AC-461",
        date(2026, 3, 3),
        "administrative_offence",
        {"months": 2},
        None,
        ("admin_arrest", None, 5, None, None),
    ),
]


@pytest.mark.parametrize(("article", "on", "category", "limitation", "fund", "sanction"), PENALTIES)
def test_penalty_range(article, on, category, limitation, fund, sanction):
    pr = penalty_range(article, on)
    assert pr.category == category
    assert pr.limitation == limitation
    assert pr.limitation_ends == add_period(on, limitation)
    assert (pr.fund_payment.mci if pr.fund_payment else None) == fund
    kind, lo, hi, lo_t, hi_t = sanction
    s = next(x for x in pr.sanctions if x.kind == kind)
    assert (s.min, s.max, s.min_tenge, s.max_tenge) == (lo, hi, lo_t, hi_t)
    d = pr.to_dict()
    assert {"kind", "min", "max", "unit", "max_tenge"} <= set(d["sanctions"][0])


@pytest.mark.parametrize(
    ("article", "on", "needle"),
    [
        ("115-1", date(2025, 9, 15), "in force from 2025-09-16"),
        ("125-1-1", date(2025, 7, 16), "in force from 2025-09-16"),
        ("190", date(2025, 1, 1), "name one"),
        ("999", date(2025, 1, 1), "unknown article"),
    ],
)
def test_penalty_range_bad_input(article, on, needle):
    with pytest.raises(LawInputError, match=needle):
        penalty_range(article, on)


def test_penalty_ranges_of_all_parts():
    assert [p.statute.part for p in penalty_ranges("190", date(2025, 1, 1))] == [1, 2, 3, 4]


def test_ac_434_changed_on_6_march_2023():
    before = penalty_range("AC-434-1", date(2023, 3, 5))
    after = penalty_range("AC-434-1", date(2023, 3, 6))
    assert {s.kind: s.max for s in before.sanctions} == {"admin_fine": 5, "admin_arrest": 10}
    assert {s.kind: s.max for s in after.sanctions} == {
        "admin_fine": 20,
        "community_service": 60,
        "admin_arrest": 15,
    }


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        (date(2025, 10, 1), {"years": 1}, date(2026, 10, 1)),
        (date(2024, 2, 29), {"years": 1}, date(2025, 2, 28)),
        (date(2025, 12, 31), {"months": 2}, date(2026, 2, 28)),
        (date(2025, 1, 15), {"years": 10}, date(2035, 1, 15)),
    ],
)
def test_add_period(start, period, expected):
    assert add_period(start, period) == expected
