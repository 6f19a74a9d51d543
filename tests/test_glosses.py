"""Numbers repeated in words in brackets (court style) are read past, spans stay on the original."""

from __future__ import annotations

import pytest

from qorgau.extract.pipeline import extract_document
from qorgau.facts_v1 import project
from qorgau.text import glosses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("оштрафован на 50 (пятьдесят) МРП", "оштрафован на 50 МРП"),
        ("сумма 1 250 000 (один миллион двести пятьдесят тысяч) тенге", "сумма 1 250 000 тенге"),
        ("сроком на 2 (два) года 3 (три) месяца", "сроком на 2 года 3 месяца"),
        ("арест на 20 (двадцать) суток", "арест на 20 суток"),
        ("2,5 (две целых пять десятых) МРП", "2,5 МРП"),
        ("300 (үш жүз) АЕК айыппұл", "300 АЕК айыппұл"),
        ("1 (бір) жылға", "1 жылға"),
        ("арест сроком на 3 (трое) суток", "арест сроком на 3 суток"),
        ("a fine of 150 (one hundred and fifty) MCI", "a fine of 150 MCI"),
        ("от 3 (трех) до 5 (пяти) лет", "от 3 до 5 лет"),
    ],
)
def test_glosses_after_digits_are_removed(text: str, expected: str) -> None:
    stripped = glosses.strip(text)
    assert stripped is not None
    assert stripped.text == expected


@pytest.mark.parametrize(
    "text",
    [
        "ст. 115-1 (Преследование) УК",  # a title, not a number
        "в 2025 (прошлом) году",  # an ordinary word in the bracket
        "150 (в среднем) звонков",
        "10 (десять лет)",  # the unit inside the bracket: left alone
        "пункт (один) без цифры",  # no digit before the bracket
        "100 (2025 жыл)",  # digits inside
        "ул. Абая 12 (второй подъезд)",
        "12 (ten) points of view (a list)",  # only the first bracket is a gloss
        # ordinary words that begin like a number stem
        "5 (стажер)",
        "3 (тренер)",
        "7 (столица)",
        "4 (семья)",
    ],
)
def test_other_brackets_stay(text: str) -> None:
    stripped = glosses.strip(text)
    if text.startswith("12 (ten)"):
        assert stripped is not None and stripped.text == "12 points of view (a list)"
    else:
        assert stripped is None


def test_offsets_map_back_onto_the_original() -> None:
    text = "A 7 (семь) B 40 (сорок) C"
    stripped = glosses.strip(text)
    assert stripped is not None and stripped.text == "A 7 B 40 C"
    for i, ch in enumerate(stripped.text):
        assert text[stripped.start(i)] == ch
    # a span over "7 B 40" in the copy covers the first gloss in the original
    s, e = stripped.text.index("7"), stripped.text.index("40") + 2
    assert text[stripped.start(s) : stripped.end(e)] == "7 (семь) B 40"


def test_court_sentence_in_russian_reads_fine_term_and_money() -> None:
    text = (
        "Приговором суда от 2 июля 2026 года подсудимому назначено наказание в виде штрафа "
        "в размере 150 (сто пятьдесят) МРП, что составляет 648 750 (шестьсот сорок восемь "
        "тысяч семьсот пятьдесят) тенге. Ранее он отбыл арест сроком 10 (десять) суток."
    )
    facts = extract_document(text, "court_ru")
    v1 = project(facts)
    assert {"kind": "fine_mci", "value": 150} in v1["penalties"]
    assert {"kind": "fine_tenge", "value": 648750} in v1["penalties"]
    assert 648750 in v1["money_tenge"]
    assert {"kind": "arrest_days", "value": 10} in v1["penalties"]
    # every span is a slice of the original text, glosses included where they fall inside
    for f in facts.facts:
        assert text[f.start : f.end] == f.text
    fine = next(f for f in facts.facts if f.kind == "money")
    assert "шестьсот сорок восемь" in fine.text
    assert facts.sentences[-1].end <= len(text)
    assert text[facts.sentences[0].start : facts.sentences[0].start + 10] == "Приговором"


def test_court_sentence_in_kazakh_reads_restriction_of_freedom() -> None:
    text = (
        "Сот сотталушыға 2 (екі) жылға бас бостандығын шектеу жазасын тағайындады және "
        "жәбірленушіге 300 000 (үш жүз мың) теңге өтеуді міндеттеді."
    )
    v1 = project(extract_document(text, "court_kk"))
    assert {"kind": "restriction_of_freedom_months", "value": 24} in v1["penalties"]
    assert 300000 in v1["money_tenge"]


def test_text_without_glosses_is_read_as_before() -> None:
    text = "Суд назначил штраф 100 МРП (432 500 тенге)."
    assert glosses.strip(text) is None
    v1 = project(extract_document(text, "plain"))
    assert {"kind": "fine_mci", "value": 100} in v1["penalties"]
