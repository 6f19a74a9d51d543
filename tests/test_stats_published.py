"""Published figures: which period an official sentence states (kk/ru/en, sentences written for
these tests), tables taking the period of the total they add up to, carried periods, storing,
listing and comparing with our counts.
"""

from __future__ import annotations

from datetime import date

import pytest

from qorgau import geo
from qorgau.extract.pipeline import extract_document
from qorgau.intake import ingest_records
from qorgau.stats import published
from qorgau.stats.bulk import insert_cases
from qorgau.stats.core import CaseRow
from qorgau.stats.tables import DbSource

PUB = date(2026, 4, 10)


def read(text: str, published_on: date | None = PUB, period=None) -> list[dict]:
    facts = extract_document(text)
    sentences = [(s.start, s.end) for s in facts.sentences]
    return published.read_document(text, facts.facts, sentences, published_on, period=period)


@pytest.mark.parametrize(
    "text, start, end, basis",
    [
        # a year
        ("2025 жылы елімізде 640 интернет-алаяқтық қылмысы тіркелді.",
         date(2025, 1, 1), date(2025, 12, 31), "stated"),
        ("В 2025 году зарегистрировано 512 фактов интернет-мошенничества.",
         date(2025, 1, 1), date(2025, 12, 31), "stated"),
        ("In 2024, 388 internet fraud crimes were registered.",
         date(2024, 1, 1), date(2024, 12, 31), "stated"),
        # the current year so far
        ("Биыл 115-1-бабы бойынша 41 қылмыстық іс тіркелді.",
         date(2026, 1, 1), PUB, "stated"),
        ("С начала года по ст. 125-1 УК зарегистрировано 17 уголовных дел.",
         date(2026, 1, 1), PUB, "stated"),
        ("Since the start of the year 23 criminal cases under Article 115-1 were registered.",
         date(2026, 1, 1), PUB, "stated"),
        ("В 2026 году зарегистрировано 75 фактов интернет-мошенничества.",
         date(2026, 1, 1), PUB, "stated"),
        # from a date
        ("2025 жылғы 1 қазаннан бастап 115-1-бабы бойынша 6 қылмыстық іс тіркелді.",
         date(2025, 10, 1), PUB, "stated"),
        ("В 2025 году с 16 сентября по ст. 115-1 УК зарегистрировано 11 уголовных дел.",
         date(2025, 9, 16), date(2025, 12, 31), "stated"),
        # a part of the year
        ("За 9 месяцев 2025 года зарегистрировано 512 фактов интернет-мошенничества.",
         date(2025, 1, 1), date(2025, 9, 30), "stated"),
        ("2025 жылдың бірінші жартыжылдығында 115-1-бабы бойынша 14 қылмыстық іс тіркелді.",
         date(2025, 1, 1), date(2025, 6, 30), "stated"),
        # no year: the latest such part that ended by the document's date (10 April 2026)
        ("In the first quarter, 57 internet fraud crimes were registered.",
         date(2026, 1, 1), date(2026, 3, 31), "stated"),
        ("За январь–сентябрь по ст. 125-1 УК зарегистрировано 8 уголовных дел.",
         date(2025, 1, 1), date(2025, 9, 30), "stated"),
        ("Ағымдағы жылдың 3 айында 115-1-бабы бойынша 9 қылмыстық іс тіркелді.",
         date(2026, 1, 1), date(2026, 3, 31), "stated"),
        # nothing stated: the year up to the document's date
        ("По ст. 115-1 УК зарегистрировано 30 уголовных дел.",
         date(2026, 1, 1), PUB, "assumed"),
    ],
)
def test_period_of_a_total(text, start, end, basis):
    [row] = [r for r in read(text) if r["metric"] in ("cases_registered", "crimes_registered")][:1]
    assert (row["period_start"], row["period_end"], row["period_basis"]) == (start, end, basis)


def test_a_given_period_stands_where_the_text_states_none():
    given = published.Period(date(2025, 7, 1), date(2025, 12, 31), "given")
    [row] = read("По ст. 115-1 УК зарегистрировано 30 уголовных дел.", period=given)
    assert (row["period_start"], row["period_end"], row["period_basis"]) == (
        date(2025, 7, 1), date(2025, 12, 31), "given")


LETTER = (
    "Құрметті депутаттар!\n\n"
    "2025 жылы ҚК-нің 115-1-бабы бойынша 9 қылмыстық іс тіркелді.\n\n"
    "Ағымдағы жылдың басынан бастап ҚК-нің 115-1-бабы бойынша 12 қылмыстық іс тіркелді.\n\n"
    "ҚК-нің 115-1-бабы бойынша Астана – 5, Қарағанды және Атырау облыстары – 2, "
    "Ақтөбе облысы – 3.\n"
)


def test_a_table_takes_the_period_of_the_total_it_adds_up_to():
    rows = read(LETTER)
    table = [r for r in rows if r["region"] != "KZ"]
    assert {r["region"]: r["value"] for r in table} == {
        "KZ-71": 5, "KZ-35": 2, "KZ-23": 2, "KZ-15": 3}
    assert {(r["period_start"], r["period_end"], r["period_basis"]) for r in table} == {
        (date(2026, 1, 1), PUB, "table")}
    totals = [(r["value"], r["period_start"]) for r in rows if r["region"] == "KZ"]
    assert totals == [(9, date(2025, 1, 1)), (12, date(2026, 1, 1))]


def test_figures_without_a_period_carry_the_one_before():
    text = ("В 2025 году зарегистрировано 1 200 фактов интернет-мошенничества. "
            "Раскрыто 300 преступлений, раскрываемость составила 25%.")
    rows = {r["metric"]: r for r in read(text)}
    assert rows["crimes_solved"]["period_basis"] == "carried"
    assert rows["crimes_solved"]["period_end"] == date(2025, 12, 31)


def cases(n: int, region: str, start_id: int, on: date, article: str = "115-1") -> list[CaseRow]:
    return [CaseRow(start_id + i, article, None, region, "registered", on) for i in range(n)]


def test_import_list_and_compare(db):
    rows = (cases(5, "KZ-71", 1, date(2026, 2, 1)) + cases(1, "KZ-35", 10, date(2026, 3, 1))
            + cases(3, "KZ-15", 20, date(2026, 1, 5)) + cases(4, "KZ-79", 30, date(2026, 3, 3))
            + cases(7, "KZ-71", 40, date(2025, 5, 5)))
    insert_cases(db, rows)
    letter = LETTER.replace("Құрметті", "2026 жылғы 10 сәуір\n\nҚұрметті")  # its date
    ingest_records(db, [{"id": "letter-1", "text": letter, "channel": "official_letter"}])
    with db.transaction() as s:
        [rid] = published.official_documents(s)
        assert published.import_report(s, rid) == 6
        assert published.import_report(s, rid) == 6  # again: replaced, not doubled
    with db.session() as s:
        listed = published.list_figures(s, article="115-1")
        assert len(listed) == 6 and {f.source for f in listed} == {"letter-1"}
        t = published.compare_regions(s, DbSource(s), "115-1", "en")
    by = {r["region"]: (r["ours"], r["theirs"], r["diff"]) for r in t.rows}
    assert by == {
        "KZ-71": (5, 5, 0), "KZ-79": (4, 0, 4), "KZ-15": (3, 3, 0), "KZ-23": (0, 2, -2),
        "KZ-35": (1, 2, -1),
    }
    assert list(by) == ["KZ-71", "KZ-79", "KZ-15", "KZ-23", "KZ-35"]  # official order
    assert (t.total["ours"], t.total["theirs"], t.total["diff"]) == (13, 12, 1)


def test_typed_in_figures_and_bad_region(db):
    with db.transaction() as s:
        published.add_figure(s, metric="cases_registered", value=4, source="letter 7",
                             article="125-1", region="kz-61", period_start=date(2026, 1, 1),
                             period_end=date(2026, 3, 31))
        with pytest.raises(KeyError):
            published.add_figure(s, metric="cases_registered", value=1, source="x",
                                 region="KZ-99")
    insert_cases(db, cases(6, "KZ-61", 1, date(2026, 2, 2), "125-1"))
    with db.session() as s:
        t = published.compare_regions(s, DbSource(s), "125-1", "ru", source_name="letter 7")
    assert [(r["region_name"], r["ours"], r["theirs"], r["diff"]) for r in t.rows] == [
        ("Туркестанская область", 6, 4, 2)]


@pytest.mark.parametrize(
    "text, months",
    [
        ("за 9 месяцев 2025 года", (1, 9)),
        ("за первые шесть месяцев", (1, 6)),
        ("алғашқы тоғыз айда", (1, 9)),
        ("2025 жылдың 10 айында", (1, 10)),
        ("in the first eight months of the year", (1, 8)),
        ("11 months of 2025", (1, 11)),
        ("во II полугодии", (7, 12)),
        ("за 1-е полугодие", (1, 6)),
        ("in the second half of 2025", (7, 12)),
        ("H1 2026", (1, 6)),
        ("за III квартал", (7, 9)),
        ("төртінші тоқсанда", (10, 12)),
        ("Q2 2026", (4, 6)),
        ("за январь-август", (1, 8)),
        ("с февраля по май", (2, 5)),
        ("қаңтар–маусым аралығында", (1, 6)),
        ("from January through October", (1, 10)),
        # not a part of the year
        ("в течение 3 дней", None),
        ("за 10 лет", None),
        ("в 1 квартире", None),
        ("он звонил ей 300 раз", None),
        ("в 2025 году", None),
        ("сентябрь-январь", None),
    ],
)
def test_part_of_year(text, months):
    assert published.part_of_year(geo.fold(text)) == months
