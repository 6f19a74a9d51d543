"""Correctness against seed 004 (the ministry's 2025 internet-fraud figures): cases shaped like
its numbers give back its figures, in Python and from the database on both backends.

The 27,892 cases of 2025 are built here from the numbers (fraud.md §2): 8,554 by impersonation,
8,357 by prepayment through ads, 3,110 by investment, the rest by other schemes (among them the
49 victims who sold their homes, 2 of those cases sent to court, 87% of those victims over 60);
6,016 solved, of which 4,357 grave; 1,750 persons prosecuted; damage up to 60 million tenge;
victims reporting from the same day to 30 days late. 2024 holds the solved cases that make the
36% growth.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import pytest

from qorgau.stats import core, published
from qorgau.stats.bulk import insert_cases
from qorgau.stats.core import CaseRow, Filters
from qorgau.stats.tables import DbSource, RowSource

REGISTERED = 27_892
SCHEMES = {"impersonation": 8_554, "prepayment_ad": 8_357, "investment": 3_110}
HOME_SALE, HOME_SALE_COURT, HOME_SALE_OVER_60 = 49, 2, 43  # 43 of 49 is 87.8%
ACCOUNT_TAKEOVER = 1_000
SOLVED, SOLVED_GRAVE, PERSONS = 6_016, 4_357, 1_750
MAX_DAMAGE = 60_000_000
SOLVED_2024 = 4_424  # 6,016 is 36.0% more
YEAR = Filters(("190",), date(2025, 1, 1), date(2025, 12, 31))
REGIONS = ("KZ-71", "KZ-75", "KZ-79", "KZ-19", "KZ-35", "KZ-55", "KZ-61", "KZ-63")


def rows_2025() -> list[CaseRow]:
    schemes: list[str] = []
    for name, n in SCHEMES.items():
        schemes += [name] * n
    schemes += ["housing_sale"] * HOME_SALE + ["account_takeover"] * ACCOUNT_TAKEOVER
    schemes += ["other"] * (REGISTERED - len(schemes))
    rows = []
    # the two housing sales sent to court are solved and grave too
    solved_left, grave_left = SOLVED - HOME_SALE_COURT, SOLVED_GRAVE - HOME_SALE_COURT
    home_seen = 0
    for i, scheme in enumerate(schemes):
        status, category, suspect = "registered", "medium_gravity", None
        age = 25 + (i * 7) % 50  # 25..74: some over 60
        if scheme == "housing_sale":
            status = "sent_to_court" if home_seen < HOME_SALE_COURT else "registered"
            age = 62 + home_seen % 12 if home_seen < HOME_SALE_OVER_60 else 50 + home_seen % 9
            category = "grave"
            home_seen += 1
        elif solved_left and i % 4 == 0:
            status = "sent_to_court" if i % 8 else "verdict"
            category = "grave" if grave_left else "medium_gravity"
            grave_left -= category == "grave"
            suspect = 1 + solved_left % PERSONS
            solved_left -= 1
        on = date(2025, 1, 1) + timedelta(days=i % 365)
        delay = (0, 1, 2, 3, 5, 6, 8, 12, 20, 30)[i % 10]
        damage = 20_000 + (i * 7919) % 3_000_000
        rows.append(CaseRow(
            report_id=i + 1, article="190", part=3 if category == "grave" else 2,
            region=REGIONS[i % len(REGIONS)], status=status, registered_on=on,
            offence="internet_fraud", scheme=scheme, category=category, damage_tenge=damage,
            victim_age=age, loss_on=on - timedelta(days=delay), delay_days=delay,
            suspect_id=suspect,
        ))
    assert solved_left == 0 and grave_left == 0
    rows[5] = replace_damage(rows[5], MAX_DAMAGE)
    return rows


def replace_damage(row: CaseRow, damage: int) -> CaseRow:
    d = row.as_dict()
    d.pop("month")
    d["damage_tenge"] = damage
    return CaseRow(**d)


def rows_2024(start_id: int) -> list[CaseRow]:
    return [
        CaseRow(start_id + i, "190", 2, REGIONS[i % len(REGIONS)],
                "verdict" if i < SOLVED_2024 else "registered",
                date(2024, 1, 1) + timedelta(days=i % 366), scheme="other",
                category="medium_gravity")
        for i in range(SOLVED_2024 + 500)
    ]


@pytest.fixture(scope="module")
def all_rows() -> list[CaseRow]:
    rows = rows_2025()
    return rows + rows_2024(len(rows) + 1)


def check(f: core.FraudFigures) -> None:
    assert f.registered == REGISTERED
    assert {s.scheme: s.count for s in f.schemes if s.scheme in SCHEMES} == SCHEMES
    official_other = REGISTERED - sum(SCHEMES.values())
    assert sum(s.count for s in f.schemes if s.scheme not in SCHEMES) == official_other == 7_871
    assert f.solved == SOLVED
    assert f.solved_grave == SOLVED_GRAVE
    assert f.solve_rate_pct == 21.6 and math.floor(f.solve_rate_pct) == 21  # published: 21%
    assert f.persons_prosecuted == PERSONS
    assert f.damage_max_tenge == MAX_DAMAGE
    assert (f.home_sale_cases, f.home_sale_sent_to_court) == (HOME_SALE, HOME_SALE_COURT)
    assert math.floor(f.home_sale_share_over_60_pct) == 87  # published: 87%
    assert f.delay_max_days == 30 and f.delay_median_days == 5
    assert f.delay_over_5_pct == 50.0


def test_figures_from_rows(all_rows):
    check(core.fraud_figures(all_rows, YEAR))


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def fraud_db(request, tmp_path_factory, all_rows):
    """One database per backend holding the cases, loaded once for this module."""
    from qorgau.store.db import open_db

    if request.param == "sqlite":
        database = open_db(str(tmp_path_factory.mktemp("seed004") / "cases.db"))
        insert_cases(database, all_rows)
        yield database
        database.close()
        return
    from conftest import _drop_pg_database, _new_pg_database, _pg_url_for

    name = _new_pg_database(template=request.getfixturevalue("_pg_template"))
    database = open_db(_pg_url_for(name))
    try:
        insert_cases(database, all_rows)
        yield database
    finally:
        database.close()
        _drop_pg_database(name)


def test_figures_from_the_database(fraud_db, all_rows):
    with fraud_db.session() as s:
        src = DbSource(s)
        f = src.fraud(YEAR)
        check(f)
        assert f == core.fraud_figures(all_rows, YEAR)
        assert src.fraud(YEAR.with_period(date(2024, 1, 1), date(2024, 12, 31))).solved == 4_424


TYPED = "MVD answer of 2026-01-16 (typed in)"


def published_from_numbers(session) -> None:
    """The seed's figures typed in by hand (as an analyst would without the document)."""
    figures = {
        "crimes_registered": REGISTERED, "crimes_solved": SOLVED, "solved_grave": SOLVED_GRAVE,
        "solve_rate_pct": 21, "solved_growth_pct": 36, "persons_prosecuted": PERSONS,
        "scheme_impersonation": 8_554, "scheme_prepayment": 8_357, "scheme_investment": 3_110,
        "victims_sold_home": HOME_SALE, "home_sale_cases_sent_to_court": HOME_SALE_COURT,
        "home_sale_victims_over_60_pct": 87, "max_damage_tenge": MAX_DAMAGE,
        "reporting_delay_days_max": 30,
    }
    for metric, value in figures.items():
        published.add_figure(session, metric=metric, value=value, source=TYPED,
                             article="190", period_start=YEAR.start, period_end=YEAR.end,
                             published_on=date(2026, 1, 16))


def assert_compare_matches(table) -> None:
    got = {r["metric"]: r for r in table.rows}
    assert len(got) == 14
    for metric, r in got.items():
        if metric.endswith("_pct"):
            assert math.floor(r["ours"]) == r["theirs"], r  # official shares are cut down
        else:
            assert r["diff"] == 0, r


def test_compare_with_published_figures(fraud_db):
    with fraud_db.transaction() as s:
        published_from_numbers(s)
    with fraud_db.session() as s:
        table = published.compare_figures(s, DbSource(s), "ru", source_name=TYPED)
        assert_compare_matches(table)
        assert table.rows[0]["metric_name"] == "Зарегистрировано"
        growth = next(r for r in table.rows if r["metric"] == "solved_growth_pct")
        assert growth["ours"] == 36.0


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = next(iter(sorted((SHARED / "seeds").glob("004_*.txt"))), None) if (
    SHARED / "seeds").is_dir() else None


@pytest.mark.skipif(SEED is None, reason="shared seed documents absent")
def test_figures_read_from_the_seed_document_match_ours(fraud_db, tmp_path):
    from qorgau.intake import ingest_paths
    from qorgau.stats.derive import refresh

    ingest_paths(fraud_db, [SEED], rejects=tmp_path / "rejects.jsonl")
    refresh(fraud_db)  # the document is no case: the counts stay as they were
    with fraud_db.transaction() as s:
        for rid in published.official_documents(s):
            published.import_report(s, rid)
    with fraud_db.session() as s:
        table = published.compare_figures(s, DbSource(s), "kk", source_name=SEED.stem)
        assert "2025-01-01 – 2025-12-31" in table.notes[0]
        assert_compare_matches(table)
        regional = published.compare_regions(s, DbSource(s), "190", "en", source_name=SEED.stem)
        assert regional.rows == []  # the seed has no regional table for fraud
        assert (regional.total["ours"], regional.total["theirs"]) == (REGISTERED, REGISTERED)


def test_scheme_table_in_the_shape_the_ministry_uses(all_rows):
    from qorgau.stats.tables import fraud_scheme_table

    f = RowSource(all_rows).fraud(YEAR)
    t = fraud_scheme_table(f, YEAR, "kk")
    assert [r["scheme"] for r in t.rows] == [
        "impersonation", "prepayment_ad", "investment", "account_takeover", "housing_sale",
        "other",
    ]
    assert t.rows[0]["scheme_name"].startswith("банк, полиция")
    assert t.total["count"] == REGISTERED
    assert t.rows[0]["share_pct"] == 30.7  # 8,554 of 27,892
