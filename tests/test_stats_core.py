"""Pure aggregation and table shapes: counts, order, zeros, totals, months and trends, fraud
figures, free-text statuses, and the words file.

Rows are built here from small hand-made numbers; the SQL queries are held to the same results
in test_stats_db.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from qorgau import geo
from qorgau.stats import core, export, tables, vocab
from qorgau.stats.core import CaseRow, Filters

D = date(2026, 3, 10)


def row(i: int, article: str = "115-1", region: str | None = "KZ-79", on: date = D,
        **kw) -> CaseRow:
    return CaseRow(i, article, kw.pop("part", None), region, kw.pop("status", "registered"), on,
                   **kw)


ROWS = [
    row(1, region="KZ-79"), row(2, region="KZ-79"), row(3, region="KZ-71"),
    row(4, region="KZ-55"), row(5, region="KZ-43"), row(6, region=None),
    row(7, "125-1", region="KZ-79"), row(8, "125-1", region="KZ-19"),
    row(9, "190", part=2, region="KZ-75", scheme="investment", damage_tenge=500_000),
    row(10, "190", part=3, region="KZ-75", scheme="impersonation", damage_tenge=2_000_000),
    row(11, region="KZ-79", on=date(2025, 12, 31)),
    row(12, region="KZ-79", on=date(2026, 1, 15)),
]
SRC = tables.RowSource(ROWS)
Q1 = Filters(("115-1",), date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("115-1", ("115-1", None)),
        ("125-1", ("125-1", None)),
        ("190", ("190", None)),
        ("190-2", ("190", 2)),
        ("ч. 3 ст. 190", ("190", 3)),
        ("AC-73", ("AC-73", None)),
    ],
)
def test_parse_article(text, expected):
    assert core.parse_article(text) == expected


def test_parse_article_refuses_empty():
    with pytest.raises(ValueError, match="article"):
        core.parse_article("  ")


def test_filters_refuse_reversed_period():
    with pytest.raises(ValueError, match="after"):
        Filters(start=date(2026, 2, 1), end=date(2026, 1, 1))


def test_count_by_region_filters_article_and_period():
    counts = core.count_rows(ROWS, Q1, "region")
    assert {k: v[0] for (k, _s), v in counts.items()} == {
        "KZ-79": 3, "KZ-71": 1, "KZ-55": 1, "KZ-43": 1, None: 1,
    }


def test_article_with_part_and_whole_article():
    whole = core.count_rows(ROWS, Filters(("190",)), "region")
    part = core.count_rows(ROWS, Filters(("190-3",)), "region")
    assert sum(v[0] for v in whole.values()) == 2
    assert {k: v[0] for (k, _s), v in part.items()} == {"KZ-75": 1}


def test_region_table_official_order_names_total_and_unknown_row():
    t = tables.region_table(SRC, Q1, "kk")
    assert [r["region"] for r in t.rows] == ["KZ-71", "KZ-79", "KZ-43", "KZ-55", ""]
    assert t.rows[0]["region_name"] == "Астана қаласы"
    assert t.rows[-1]["region_name"] == "көрсетілмеген"
    assert t.total["count"] == 7 == sum(r["count"] for r in t.rows)
    assert t.columns == ["region", "region_name", "count"]


def test_region_table_by_count_keeps_unknown_last():
    t = tables.region_table(SRC, Q1, "ru", order="count")
    assert [r["region"] for r in t.rows] == ["KZ-79", "KZ-71", "KZ-43", "KZ-55", ""]
    assert t.rows[0]["region_name"] == "город Шымкент"


def test_region_table_zeros_lists_every_unit():
    t = tables.region_table(SRC, Q1, "en", zeros=True)
    codes = [r["region"] for r in t.rows if r["region"]]
    assert sorted(codes) == sorted(geo.codes())
    assert codes[:3] == ["KZ-71", "KZ-75", "KZ-79"]
    assert t.total["count"] == 7


def test_region_table_with_several_articles_has_a_column_each():
    t = tables.region_table(SRC, Filters(("115-1", "125-1"), date(2026, 1, 1)), "en")
    assert t.columns == ["region", "region_name", "count", "115-1", "125-1"]
    shymkent = next(r for r in t.rows if r["region"] == "KZ-79")
    assert (shymkent["count"], shymkent["115-1"], shymkent["125-1"]) == (4, 3, 1)
    assert t.total["count"] == t.total["115-1"] + t.total["125-1"] == 9


def test_month_table_fills_gaps_and_changes_against_the_month_before():
    t = tables.month_table(SRC, Filters(("115-1",)), "en")
    assert [(r["month"], r["count"]) for r in t.rows] == [
        ("2025-12", 1), ("2026-01", 1), ("2026-02", 0), ("2026-03", 6),
    ]
    assert [r["change"] for r in t.rows] == [None, 0, -1, 6]
    assert t.rows[1]["change_pct"] == 0.0
    assert t.rows[3]["change_pct"] is None  # from zero: no percentage
    assert t.total["count"] == 8


def test_month_table_first_change_counts_the_month_before_the_period():
    t = tables.month_table(SRC, Filters(("115-1",), date(2026, 1, 1), date(2026, 3, 31)), "en")
    assert t.rows[0]["month"] == "2026-01"
    assert t.rows[0]["change"] == 0  # December 2025 had one case too


def test_month_table_zeros_span_the_period():
    t = tables.month_table(SRC, Filters(("125-1",), date(2026, 1, 1), date(2026, 4, 30)), "ru",
                           zeros=True)
    assert [r["month"] for r in t.rows] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert t.rows[0]["month_name"] == "январь 2026"


def test_trend_against_previous_period_and_last_year():
    rows = [row(i, on=date(2026, 3, 1) + timedelta(days=i % 31)) for i in range(12)]
    rows += [row(100 + i, on=date(2026, 2, 1) + timedelta(days=i)) for i in range(8)]
    rows += [row(200 + i, on=date(2025, 3, 5)) for i in range(3)]
    t = tables.trend_table(tables.RowSource(rows), Filters(("115-1",), date(2026, 3, 1),
                                                            date(2026, 3, 31)), "en")
    this, previous, last_year = t.rows
    assert this["count"] == 12
    assert (previous["start"], previous["end"]) == ("2026-01-29", "2026-02-28")
    assert previous["count"] == 8 and previous["change"] == 4 and previous["change_pct"] == 50.0
    assert (last_year["start"], last_year["count"], last_year["change"]) == ("2025-03-01", 3, 9)


def test_status_table_lists_the_procedural_statuses():
    rows = [row(1), row(2, status="sent_to_court"), row(3, status="verdict"),
            row(4, status="other")]
    t = tables.status_table(tables.RowSource(rows), Filters(), "kk")
    assert [r["status"] for r in t.rows] == [
        "registered", "sent_to_court", "verdict", "terminated", "other",
    ]
    assert [r["count"] for r in t.rows] == [1, 1, 1, 0, 1]
    assert t.rows[1]["status_name"] == "сотқа жолданған"


def test_scheme_table_sums_damage_and_shares():
    t = tables.scheme_table(SRC, Filters(("190",)), "en")
    by = {r["scheme"]: r for r in t.rows}
    assert list(by) == ["impersonation", "prepayment_ad", "investment", "account_takeover", "other"]
    assert by["investment"]["damage_tenge"] == 500_000
    assert by["impersonation"]["share_pct"] == 50.0
    assert t.total["count"] == 2 and t.total["damage_tenge"] == 2_500_000


def test_article_table():
    t = tables.article_table(SRC, Filters(), "en")
    assert [(r["article"], r["part"], r["count"]) for r in t.rows] == [
        ("115-1", None, 8), ("125-1", None, 2), ("190", 2, 1), ("190", 3, 1),
    ]


def fraud_rows() -> list[CaseRow]:
    rows = []
    spec = [  # scheme, status, category, damage, age, delay, suspect
        ("impersonation", "sent_to_court", "grave", 3_000_000, 67, 2, 1),
        ("impersonation", "verdict", "medium_gravity", 100_000, 72, 9, 1),
        ("impersonation", "registered", "grave", 40_000, 35, 0, None),
        ("prepayment_ad", "verdict", "especially_grave", 250_000, 59, 6, 2),
        ("investment", "registered", "medium_gravity", None, None, None, None),
        ("housing_sale", "sent_to_court", "grave", 9_000_000, 74, 30, 3),
        ("housing_sale", "registered", "grave", 7_000_000, 61, 12, None),
        (None, "terminated", None, 5_000, 60, 1, None),
    ]
    for i, (scheme, status, cat, dmg, age, delay, who) in enumerate(spec, start=1):
        rows.append(CaseRow(i, "190", 2, "KZ-75", status, D, scheme=scheme, category=cat,
                            damage_tenge=dmg, victim_age=age, delay_days=delay, suspect_id=who))
    return rows


def test_fraud_figures_definitions():
    f = core.fraud_figures(fraud_rows(), Filters(("190",)))
    assert f.registered == 8
    assert f.solved == 4  # sent to court or verdict
    assert f.solve_rate_pct == 50.0
    assert f.grave == 5 and f.especially_grave == 1  # grave counts both categories
    assert f.solved_grave == 3
    assert f.persons_prosecuted == 3  # distinct suspects of solved cases
    assert f.damage_total_tenge == 19_395_000 and f.damage_max_tenge == 9_000_000
    assert f.damage_known == 7
    assert (f.victims_with_age, f.victims_over_60) == (7, 4)  # 60 itself is not over 60
    assert f.share_over_60_pct == 57.1
    assert f.delay_known == 7 and f.delay_median_days == 6 and f.delay_max_days == 30
    assert f.delay_over_5_pct == 57.1  # 9, 6, 30, 12 of 7
    assert (f.home_sale_cases, f.home_sale_sent_to_court) == (2, 1)
    assert f.home_sale_share_over_60_pct == 100.0
    schemes = {s.scheme: (s.count, s.damage_tenge) for s in f.schemes}
    assert schemes == {
        "impersonation": (3, 3_140_000), "prepayment_ad": (1, 250_000), "investment": (1, 0),
        "account_takeover": (0, 0), "housing_sale": (2, 16_000_000), "other": (1, 5_000),
    }


@pytest.mark.parametrize(
    "histogram, median",
    [({}, None), ({3: 1}, 3), ({1: 1, 5: 1}, 1), ({0: 2, 7: 1}, 0), ({2: 1, 4: 1, 9: 1}, 4)],
)
def test_lower_median(histogram, median):
    assert core.lower_median(histogram) == median


@pytest.mark.parametrize(
    "text, status",
    [
        (None, "registered"),
        ("", "registered"),
        ("registered", "registered"),
        ("Зарегистрировано в ЕРДР", "registered"),
        ("досудебное расследование начато", "registered"),
        ("Тіркелді", "registered"),
        ("тергеу жүргізілуде", "registered"),
        ("Направлено в суд", "sent_to_court"),
        ("Іс сотқа жолданды", "sent_to_court"),
        ("sent to court", "sent_to_court"),
        ("Вынесен обвинительный приговор", "verdict"),
        ("Үкім шығарылды", "verdict"),
        ("convicted", "verdict"),
        ("Дело прекращено за примирением сторон", "terminated"),
        ("іс тоқтатылды", "terminated"),
        ("closed", "terminated"),
        ("передано по подследственности", "other"),
    ],
)
def test_status_of(text, status):
    assert vocab.status_of(text) == status


def test_words_have_every_language():
    d = vocab.data()
    for section in ("fraud", "columns", "titles", "categories", "schemes"):
        for key, value in d[section].items():
            assert set(value) == {"kk", "ru", "en"}, (section, key)
    for key, value in d["statuses"].items():
        assert set(value["name"]) == {"kk", "ru", "en"}, key
    for lang in vocab.LANGS:
        assert len(d["months"][lang]) == 12


@pytest.mark.parametrize(
    "value, lang, column, text",
    [
        (27892, "ru", "count", "27\u00a0892"),
        (27892, "en", "count", "27,892"),
        (21.6, "kk", "share_pct", "21,6"),
        (3, "en", "change", "+3"),
        (-3, "en", "diff", "-3"),
        (None, "en", "count", "—"),
    ],
)
def test_fmt_number(value, lang, column, text):
    assert export.fmt_number(value, lang, column) == text


def test_csv_and_json_carry_the_same_rows():
    import csv
    import io
    import json

    t = tables.region_table(SRC, Q1, "en")
    lines = list(csv.DictReader(io.StringIO(export.to_csv(t))))
    assert list(lines[0]) == ["region", "region_name", "count"]
    as_json = json.loads(export.to_json(t))
    assert [dict(d, count=str(d["count"])) for d in as_json] == lines
    assert len(as_json) == len(t.rows)  # no total row


def test_text_table_shows_names_total_and_filters():
    text = export.to_text(tables.region_table(SRC, Q1, "ru"))
    assert "Статья: ст. 115-1 УК" in text
    assert "Период: 2026-01-01 – 2026-12-31" in text
    assert "город Шымкент" in text and text.rstrip().endswith("7")


@pytest.mark.parametrize(
    "text, status",
    [
        ("сотқа дейінгі тергеп-тексеру басталды", "registered"),
        ("Досудебное расследование прекращено", "terminated"),
        ("сотқа дейінгі тергеу аяқталып, іс сотқа жолданды", "sent_to_court"),
        ("pre-trial investigation", "registered"),
        ("Сотта қаралуда", "sent_to_court"),
    ],
)
def test_status_of_pretrial_words_are_no_court(text, status):
    assert vocab.status_of(text) == status
