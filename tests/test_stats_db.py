"""The statistics over the store, on SQLite and PostgreSQL: the SQL aggregates equal the pure
ones, the refresh derives rows from ingested reports and their facts, follows new and re-read
reports incrementally, leaves official documents out, and the API payload counts pending
reports without writing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select, update

from qorgau import geo
from qorgau.intake import ingest_records, reprocess
from qorgau.stats import api_tables, core, derive, query
from qorgau.stats.bulk import insert_cases
from qorgau.stats.core import CaseRow, Filters
from qorgau.stats.models import StatCase
from qorgau.stats.tables import DbSource, RowSource, build, trend_table
from qorgau.store.models import Report

STATUSES = ["registered", "registered", "sent_to_court", "verdict", "terminated", "other"]
SCHEMES = ["impersonation", "prepayment_ad", "investment", "account_takeover", "housing_sale",
           "other", None]


def random_rows(n: int, seed: int = 7) -> list[CaseRow]:
    rng = random.Random(seed)
    codes = geo.codes() + [None]
    rows = []
    for i in range(1, n + 1):
        article, part = rng.choice([("115-1", None), ("125-1", None), ("190", 2), ("190", 3),
                                    ("190", None)])
        fraud = article == "190"
        rows.append(CaseRow(
            report_id=i, article=article, part=part, region=rng.choice(codes),
            status=rng.choice(STATUSES),
            registered_on=date(2025, 1, 1) + timedelta(days=rng.randint(0, 600)),
            channel=rng.choice(["102", "e_otinish", "walk_in"]),
            scheme=rng.choice(SCHEMES) if fraud else None,
            category=rng.choice(["grave", "medium_gravity", "especially_grave", None]),
            damage_tenge=rng.choice([None, rng.randint(1_000, 90_000_000)]) if fraud else None,
            victim_age=rng.choice([None, rng.randint(14, 90)]),
            delay_days=rng.choice([None, rng.randint(0, 45)]) if fraud else None,
            suspect_id=rng.choice([None, rng.randint(1, 40)]),
        ))
    return rows


FILTERS = [
    Filters(),
    Filters(("115-1",)),
    Filters(("190",), date(2025, 3, 1), date(2025, 12, 31)),
    Filters(("190-3", "125-1"), date(2025, 6, 1)),
    Filters(("190",), regions=("KZ-75", "KZ-79"), statuses=("verdict", "sent_to_court")),
]


def test_sql_aggregates_equal_the_pure_ones(db):
    rows = random_rows(1500)
    insert_cases(db, rows)
    with db.session() as s:
        for f in FILTERS:
            for by in core.DIMENSIONS:
                assert query.count_rows(s, f, by) == core.count_rows(rows, f, by), (f, by)
            assert query.fraud_figures(s, f) == core.fraud_figures(rows, f), f
            assert query.period_total(s, f) == core.period_total(rows, f)
        db_src, mem = DbSource(s), RowSource(rows)
        for by in ("region", "month", "status", "scheme", "article"):
            for zeros in (False, True):
                f = FILTERS[3]
                assert build(db_src, f, by, "kk", zeros=zeros).rows == build(
                    mem, f, by, "kk", zeros=zeros).rows
        assert trend_table(db_src, FILTERS[2], "ru").rows == trend_table(mem, FILTERS[2],
                                                                          "ru").rows


def synthetic(n: int, seed: int) -> list[dict]:
    from qorgau.synth.generator import generate

    return list(generate(n, seed=seed))


def test_refresh_derives_rows_from_ingested_reports(db):
    records = synthetic(40, 11)
    truth = {r["id"]: r for r in records}
    ingest_records(db, records)
    result = derive.refresh(db)
    assert result.full and result.derived == 40
    with db.session() as s:
        got = s.execute(select(StatCase, Report.ext_id).join(Report)).all()
    assert len(got) == 40
    fraud = damage = delay = age = 0
    for row, ext_id in got:
        rec = truth[ext_id]
        assert row.article == rec["article"]
        assert row.status == "registered"
        assert row.registered_on == date.fromisoformat(rec["received_at"][:10])
        assert row.region == rec.get("region", row.region)
        if rec["article"] == "190":
            fraud += 1
            t = rec["truth"]
            damage += row.damage_tenge == t["damage_tenge"]
            delay += row.delay_days == t["report_delay_days"]
            age += row.victim_age == t["victim_age"]
            assert row.offence == "internet_fraud"
        else:
            assert row.scheme is None and row.damage_tenge is None
    assert fraud >= 15
    assert damage == fraud and age == fraud  # amounts and supplied ages are exact
    assert delay >= fraud - 1  # the loss date is read from the text


def test_refresh_is_incremental_and_follows_reprocess(db, fake_engine):
    from qorgau.model import Fact

    fake_engine.facts["r2"] = [Fact("scheme", "investment", 0, 4, "text", "t:scheme")]
    base = {"text": "text {n}", "article": "190", "region": "KZ-71",
            "received_at": "2026-02-03T10:00:00"}
    ingest_records(db, [dict(base, id=f"r{n}", text=f"text {n}") for n in (1, 2)])
    assert derive.refresh(db).derived == 2
    assert derive.refresh(db).derived == 0  # nothing new: two index look-ups
    ingest_records(db, [dict(base, id="r3", text="text 3", status="Направлено в суд")])
    assert derive.refresh(db).derived == 1
    with db.session() as s:
        schemes = dict(s.execute(select(StatCase.report_id, StatCase.scheme)).all())
        assert sorted(schemes.values()) == ["investment", "other", "other"]
        assert derive.is_current(s)
    fake_engine.set_version("test-engine/2")
    fake_engine.facts["r1"] = [Fact("scheme", "impersonation", 0, 4, "text", "t:scheme")]
    reprocess(db)
    assert derive.refresh(db).derived == 3  # every report was read again
    with db.session() as s:
        rows = {r.report_id: r for r in s.scalars(select(StatCase))}
        r1 = s.scalar(select(Report.id).where(Report.ext_id == "r1"))
        r3 = s.scalar(select(Report.id).where(Report.ext_id == "r3"))
        assert rows[r1].scheme == "impersonation"
        assert rows[r3].status == "sent_to_court"
    with db.transaction() as s:  # a deleted report takes its row with it
        s.execute(delete(Report).where(Report.id == r1))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(StatCase)) == 2


def test_official_documents_are_not_cases(db, fake_engine):
    from qorgau.model import Fact

    stat = Fact("stat", {"article": "115-1", "region": "KZ", "count": 9}, 0, 4, "text", "t:s")
    fake_engine.facts["letter"] = [stat]
    ingest_records(db, [
        {"id": "letter", "text": "a letter", "article": "115-1"},
        {"id": "news", "text": "a news item", "article": "115-1", "channel": "news"},
        {"id": "case", "text": "a complaint", "article": "115-1"},
    ])
    derive.refresh(db)
    with db.session() as s:
        ids = s.scalars(select(Report.ext_id).join(StatCase)).all()
    assert ids == ["case"]


def test_full_refresh_and_status_edits(db, fake_engine):
    ingest_records(db, [{"id": "a", "text": "a", "article": "125-1", "region": "KZ-61"}])
    derive.refresh(db)
    with db.transaction() as s:  # a status edit does not touch the extraction time ...
        s.execute(update(Report).values(status="үкім шығарылды"))
    assert derive.refresh(db).derived == 0
    assert derive.refresh(db, full=True).derived == 1  # ... a full refresh picks it up
    with db.session() as s:
        assert s.scalar(select(StatCase.status)) == "verdict"


def test_api_payload_counts_pending_reports_without_writing(db, fake_engine):
    records = [{"id": f"p{n}", "text": f"t{n}", "article": "115-1", "region": "KZ-79",
                "received_at": f"2026-03-0{1 + n % 3}T09:00:00", "channel": "102"}
               for n in range(5)]
    ingest_records(db, records[:3])
    derive.refresh(db)
    ingest_records(db, records[3:])  # not refreshed yet
    with db.session() as s:
        payload = api_tables(s, article="115-1", year=2026)
        assert s.scalar(select(func.count()).select_from(StatCase)) == 3  # nothing written
    assert payload["source"] == "stats" and payload["reports"] == 5 and not payload["stale"]
    assert payload["by_region"] == [{"key": "KZ-79", "reports": 5}]
    assert payload["by_channel"] == [{"key": "102", "reports": 5}]
    assert [m["key"] for m in payload["by_month"]] == ["2026-03"]
    assert payload["cases_by_status"][0] == {"key": "registered", "cases": 5}


@pytest.mark.parametrize("article, part, on, category", [
    ("190", 2, date(2025, 6, 1), "medium_gravity"),
    ("190", 3, date(2025, 6, 1), "grave"),
    ("115-1", None, date(2026, 1, 10), "criminal_misdemeanour"),
    ("190", None, date(2025, 6, 1), None),  # parts differ: no single category
    ("AC-73", None, date(2025, 6, 1), "administrative_offence"),
])
def test_category_of(article, part, on, category):
    assert derive.category_of(article, part, on) == category
