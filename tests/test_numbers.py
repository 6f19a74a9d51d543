"""Numbers as officials and journalists write them, in kk, ru and en."""

import re

import pytest

from qorgau.text import numbers


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("12 345", "ru", 12345),
        ("4 518", "kk", 4518),
        ("0,25", "ru", 0.25),
        ("3,4", "kk", 3.4),
        ("1,250", "en", 1250),
        ("2.75", "en", 2.75),
        ("1 200 500", "ru", 1200500),
        ("7", "ru", 7),
        ("abc", "ru", None),
    ],
)
def test_parse_number(text, lang, expected):
    assert numbers.parse_number(text, lang) == expected


@pytest.mark.parametrize(
    ("number", "word", "expected"),
    [
        (2.5, "млрд", 2_500_000_000),
        (45, "млн", 45_000_000),
        (12, "мыңнан", 12_000),
        (300, "тысяч", 300_000),
        (3, "million", 3_000_000),
        (7, None, 7),
    ],
)
def test_scaled(number, word, expected):
    assert numbers.scaled(number, word) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("сорок два", "ru", 42),
        ("екі жүз", "kk", 200),
        ("отыз бес", "kk", 35),
        ("thirty-one", "en", 31),
        ("four hundred", "en", 400),
        ("банан", "ru", None),
    ],
)
def test_word_numbers(text, lang, expected):
    assert numbers.parse_word_number(text, lang) == expected


def test_numeric_literal_regex_keeps_groups_and_skips_years_glued_to_counts():
    found = [m.group() for m in re.finditer(numbers.NUM_SRC, "в 2024 году 14 503 из 2 100,5 и 12")]
    assert found == ["2024", "14 503", "2 100,5", "12"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("двенадцати", "ru", 12),
        ("трехсот", "ru", 300),
        ("two hundred and fifty", "en", 250),
        ("оннан", "kk", 10),
        ("жүзге", "kk", 100),
    ],
)
def test_oblique_and_suffixed_number_words(text, lang, expected):
    assert numbers.parse_word_number(text, lang) == expected


def test_english_and_joins_number_words_in_the_regex():
    m = re.search(numbers.word_number_src("en"), "he called two hundred and fifty times")
    assert m and m.group() == "two hundred and fifty"
