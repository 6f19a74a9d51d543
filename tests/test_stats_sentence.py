"""The regional table as the sentence officials write: grouping of equal counts, order, region
words and their forms in kk, ru and en, and that the facts engine reads our Kazakh sentences
back into the same table.

The counts are made up for these tests (the seed letter's own table is checked in
test_stats_seed002.py).
"""

from __future__ import annotations

import pytest

from qorgau.extract import places, stats_tables
from qorgau.extract.pipeline import prepare
from qorgau.stats import sentence
from qorgau.stats.tables import RowSource, region_table

SMALL = {"KZ-79": 4, "KZ-71": 2}
PAIR = {"KZ-55": 3, "KZ-39": 3}
MIXED = {"KZ-79": 9, "KZ-55": 5, "KZ-43": 5, "KZ-10": 5, "KZ-63": 1}
ALMATY_BOTH = {"KZ-75": 6, "KZ-19": 2, "KZ-31": 2}
ALMATY_REGION_ONLY = {"KZ-19": 4, "KZ-23": 1}
ALMATY_REGION_EARLY = {"KZ-19": 8, "KZ-71": 3, "KZ-47": 1}
NOUN_REGIONS = {"KZ-10": 2, "KZ-33": 2, "KZ-62": 2, "KZ-35": 2}
WITH_UNKNOWN = {"KZ-71": 3, "KZ-15": 1, None: 2}


@pytest.mark.parametrize(
    "counts, lang, style, expected",
    [
        (SMALL, "kk", "list", "Шымкент – 4, Астана – 2."),
        (SMALL, "kk", "full", "Шымкент қаласы – 4, Астана қаласы – 2."),
        (PAIR, "kk", "list", "Қостанай және Павлодар облыстары – 3."),
        (PAIR, "kk", "full", "Қостанай және Павлодар облыстары – 3."),
        (MIXED, "kk", "list",
         "Шымкент – 9, Абай, Қызылорда, Павлодар – 5, Шығыс Қазақстан облыстары – 1."),
        (MIXED, "kk", "full", "Шымкент қаласы – 9, Абай, Қызылорда, Павлодар облыстары – 5, "
         "Шығыс Қазақстан облысы – 1."),
        (ALMATY_BOTH, "kk", "list", "Алматы қаласы – 6, Алматы және Жамбыл облыстары – 2."),
        (ALMATY_BOTH, "kk", "full", "Алматы қаласы – 6, Алматы және Жамбыл облыстары – 2."),
        (ALMATY_REGION_ONLY, "kk", "list", "Алматы облысы – 4, Атырау облысы – 1."),
        (ALMATY_REGION_EARLY, "kk", "list",
         "Алматы облысы – 8, Астана – 3, Маңғыстау облысы – 1."),
        (NOUN_REGIONS, "kk", "list", "Абай, Жетісу, Қарағанды, Ұлытау облыстары – 2."),
        (WITH_UNKNOWN, "kk", "list", "Астана – 3, Ақтөбе облысы – 1, өңірі көрсетілмеген – 2."),
        (SMALL, "ru", "list", "г. Шымкент – 4, г. Астана – 2."),
        (PAIR, "ru", "list", "Костанайская и Павлодарская области – по 3."),
        (MIXED, "ru", "list", "г. Шымкент – 9, область Абай, Кызылординская и Павлодарская "
         "области – по 5, Восточно-Казахстанская область – 1."),
        (ALMATY_BOTH, "ru", "list", "г. Алматы – 6, Алматинская и Жамбылская области – по 2."),
        (NOUN_REGIONS, "ru", "list",
         "области Абай, Жетісу и Ұлытау, Карагандинская область – по 2."),
        (WITH_UNKNOWN, "ru", "list", "г. Астана – 3, Актюбинская область – 1, регион не указан – 2."),
        (SMALL, "en", "list", "Shymkent – 4, Astana – 2."),
        (PAIR, "en", "list", "Kostanay and Pavlodar regions – 3 each."),
        (ALMATY_BOTH, "en", "list", "Almaty city – 6, Almaty and Zhambyl regions – 2 each."),
        (ALMATY_REGION_ONLY, "en", "list", "Almaty Region – 4, Atyrau Region – 1."),
        (WITH_UNKNOWN, "en", "list", "Astana – 3, Aktobe Region – 1, region not stated – 2."),
    ],
)
def test_render(counts, lang, style, expected):
    assert sentence.render(counts, lang, style=style) == expected


def test_kazakh_locative_and_mixed_city_and_region_group():
    counts = {"KZ-79": 15, "KZ-61": 10, "KZ-75": 1, "KZ-31": 1}
    assert sentence.render(counts, "kk", style="full", case="loc") == (
        "Шымкент қаласында – 15, Түркістан облысында – 10, Алматы қаласында және Жамбыл "
        "облысында – 1."
    )


def test_equal_counts_are_written_once_and_largest_first():
    counts = {"KZ-11": 2, "KZ-15": 7, "KZ-23": 2, "KZ-27": 7, "KZ-71": 7, "KZ-31": 1}
    assert sentence.groups(counts) == [
        (7, ["KZ-71", "KZ-15", "KZ-27"]), (2, ["KZ-11", "KZ-23"]), (1, ["KZ-31"]),
    ]
    text = sentence.render(counts, "kk")
    assert text.count(" – ") == 3
    assert text.startswith("Астана, Ақтөбе, Батыс Қазақстан – 7")


def test_zero_counts_and_empty_tables():
    assert sentence.render({"KZ-71": 0, "KZ-79": 1}, "kk") == "Шымкент – 1."
    assert sentence.render({}, "ru") == ""


def test_bad_options_are_refused():
    with pytest.raises(ValueError, match="style"):
        sentence.render(SMALL, "kk", style="prose")
    with pytest.raises(ValueError, match="lang"):
        sentence.render(SMALL, "de")


def _read_back(text: str) -> dict[str, int]:
    doc = prepare(text)
    doc.facts.extend(places.extract(doc))
    return {f.value["region"]: f.value["count"] for f in stats_tables.extract(doc)}


@pytest.mark.parametrize(
    "counts",
    [MIXED, ALMATY_BOTH, ALMATY_REGION_ONLY, ALMATY_REGION_EARLY,
     {"KZ-10": 2, "KZ-33": 2, "KZ-62": 1, "KZ-35": 2},
     {"KZ-79": 5, "KZ-75": 5, "KZ-19": 5, "KZ-61": 2, "KZ-59": 2, "KZ-27": 1}],
    ids=["mixed", "almaty-both", "almaty-region", "almaty-region-first", "noun-regions",
         "almaty-both-one-group"],
)
@pytest.mark.parametrize("style", ["list", "full"])
def test_the_facts_engine_reads_our_kazakh_sentence_back(counts, style):
    # (a table needs two groups at least for the engine to read it as one)
    text = "ҚК-нің 115-1-бабы бойынша " + sentence.render(counts, "kk", style=style)
    assert _read_back(text) == counts


def test_sentence_from_a_table_with_several_articles_leads_each_line():
    from datetime import date

    from qorgau.stats.core import CaseRow, Filters

    rows = [CaseRow(1, "115-1", None, "KZ-71", "registered", date(2026, 1, 5)),
            CaseRow(2, "125-1", None, "KZ-79", "registered", date(2026, 1, 6))]
    t = region_table(RowSource(rows), Filters(("115-1", "125-1")), "kk")
    assert sentence.from_table(t) == [
        "ҚК-нің 115-1-бабы бойынша: Астана – 1.",
        "ҚК-нің 125-1-бабы бойынша: Шымкент – 1.",
    ]
