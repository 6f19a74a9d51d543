"""Correctness against seed 002 (a government letter answering deputies): records matching its
2026 counts (79 stalking and 31 coercion-to-marriage cases by region) give exactly its table,
and its Kazakh sentence groups the regions the way the letter does.

The records are built here from the numbers (law.md §1.6), with texts of our own; the letter
itself is read only to compare groupings and to import its published figures.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from qorgau.extract import places, stats_tables
from qorgau.extract.pipeline import prepare
from qorgau.intake import ingest_paths, ingest_records
from qorgau.stats import published, sentence
from qorgau.stats.core import Filters
from qorgau.stats.derive import refresh
from qorgau.stats.tables import DbSource, region_table

STALKING_2026 = {
    "KZ-79": 23, "KZ-71": 16, "KZ-75": 8, "KZ-55": 7, "KZ-43": 7, "KZ-10": 3, "KZ-61": 3,
    "KZ-19": 2, "KZ-27": 2, "KZ-35": 2, "KZ-47": 2, "KZ-59": 2, "KZ-63": 1, "KZ-39": 1,
}
COERCION_2026 = {"KZ-79": 15, "KZ-61": 10, "KZ-19": 2, "KZ-43": 2, "KZ-75": 1, "KZ-31": 1}
LETTER_DATE = date(2026, 1, 23)
PERIOD = Filters(start=date(2026, 1, 1), end=LETTER_DATE)

TEXTS = {
    "115-1": "Өтініш иесі бұрынғы күйеуі оны бірнеше ай бойы аңдып, күн сайын қоңырау "
             "шалатынын хабарлады (жазба {n}).",
    "125-1": "Жәбірленуші туыстары оны еркінен тыс некеге отыруға көндіріп жатқанын айтты "
             "(жазба {n}).",
    "190": "Заявитель перевёл деньги продавцу по объявлению, товар не получил (запись {n}).",
}

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LETTER = next(iter(sorted((SHARED / "seeds").glob("002_*.txt"))), None) if (
    SHARED / "seeds").is_dir() else None


def records() -> list[dict]:
    """The 2026 cases of the letter, plus cases before 2026 and of another article that the
    2026 table must leave out."""
    out: list[dict] = []

    def add(article: str, region: str, day: date, status: str | None = None) -> None:
        n = len(out) + 1
        rec = {"id": f"s002-{n}", "text": TEXTS[article].format(n=n), "article": article,
               "region": region, "channel": "e_otinish",
               "received_at": datetime(day.year, day.month, day.day, 11, 0).isoformat()}
        if status:
            rec["status"] = status
        out.append(rec)

    for article, table in (("115-1", STALKING_2026), ("125-1", COERCION_2026)):
        for i, (region, n) in enumerate(table.items()):
            for k in range(n):
                status = "Сотқа жолданды" if k == 0 and i % 3 == 0 else None
                add(article, region, date(2026, 1, 2) + timedelta(days=(k * 5 + i) % 21), status)
    for region in ("KZ-79", "KZ-71", "KZ-55"):  # autumn 2025: outside the period
        add("115-1", region, date(2025, 12, 30))
        add("125-1", region, date(2025, 11, 3))
    add("115-1", "KZ-23", date(2026, 1, 24))  # the day after the letter
    add("190", "KZ-79", date(2026, 1, 10))
    return out


@pytest.fixture
def loaded(db):
    summary = ingest_records(db, records())
    assert summary.refused == 0
    refresh(db)
    return db


def table_of(db, article: str, lang: str = "kk"):
    with db.session() as s:
        return region_table(DbSource(s), Filters((article,), PERIOD.start, PERIOD.end), lang)


def grouping(text: str) -> dict[int, set[str]]:
    """Regions per count, as the facts engine reads a regional sentence."""
    doc = prepare(text)
    doc.facts.extend(places.extract(doc))
    out: dict[int, set[str]] = {}
    for f in stats_tables.extract(doc):
        out.setdefault(f.value["count"], set()).add(f.value["region"])
    return out


def expected_grouping(table: dict[str, int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for region, n in table.items():
        out.setdefault(n, set()).add(region)
    return out


def test_the_2026_tables_and_sentences_are_the_letters(loaded):
    # (one test per backend: the records are ingested through the facts engine once)
    for article, expected, total in (("115-1", STALKING_2026, 79), ("125-1", COERCION_2026, 31)):
        t = table_of(loaded, article)
        assert {r["region"]: r["count"] for r in t.rows} == expected
        assert t.total["count"] == total

    ru = table_of(loaded, "115-1", "ru")  # cities of republican significance first
    assert [r["region"] for r in ru.rows[:3]] == ["KZ-71", "KZ-75", "KZ-79"]
    assert ru.rows[0]["region_name"] == "город Астана"

    [text] = sentence.from_table(table_of(loaded, "115-1"))
    assert text == (
        "Шымкент – 23, Астана – 16, Алматы қаласы – 8, Қызылорда және Павлодар – 7, Абай және "
        "Түркістан – 3, Алматы облысы, Батыс Қазақстан, Қарағанды, Маңғыстау, Солтүстік "
        "Қазақстан – 2, Қостанай және Шығыс Қазақстан облыстары – 1."
    )
    assert text.count(" – ") == len(set(STALKING_2026.values())) == 7
    assert grouping("ҚК-нің 115-1 бабы бойынша " + text) == expected_grouping(STALKING_2026)

    [text] = sentence.from_table(table_of(loaded, "125-1"), style="full", case="loc")
    assert text == (
        "Шымкент қаласында – 15, Түркістан облысында – 10, Алматы және Қызылорда облыстарында "
        "– 2, Алматы қаласында және Жамбыл облысында – 1."
    )
    assert grouping("ҚК-нің 125-1 бабы бойынша " + text) == expected_grouping(COERCION_2026)


@pytest.mark.skipif(LETTER is None, reason="shared seed documents absent")
def test_same_grouping_as_the_letter_itself(loaded):
    letter = LETTER.read_text("utf-8")
    start = letter.index("115-1 бабы бойынша (сталкинг)")
    ours = sentence.from_table(table_of(loaded, "115-1"))[0]
    theirs = grouping(letter[start:letter.index("\n", start)])
    assert grouping("ҚК-нің 115-1 бабы бойынша " + ours) == theirs


@pytest.mark.skipif(LETTER is None, reason="shared seed documents absent")
def test_published_table_of_the_letter_matches_ours(loaded, tmp_path):
    ingest_paths(loaded, [LETTER], rejects=tmp_path / "rejects.jsonl")
    refresh(loaded)  # the letter itself is not a case
    with loaded.transaction() as s:
        [rid] = published.official_documents(s)
        assert published.import_report(s, rid) == 24
    with loaded.session() as s:
        for article, total in (("115-1", 79), ("125-1", 31)):
            t = published.compare_regions(s, DbSource(s), article, "kk")
            assert all(r["diff"] == 0 for r in t.rows), t.rows
            assert (t.total["ours"], t.total["theirs"], t.total["diff"]) == (total, total, 0)
            assert "2026-01-01 – 2026-01-23" in t.notes[0]
        autumn = [f for f in published.list_figures(s, article="115-1")
                  if f.region == "KZ" and f.value == 15]
        assert (autumn[0].period_start, autumn[0].period_end) == (
            date(2025, 9, 16), date(2025, 12, 31))
