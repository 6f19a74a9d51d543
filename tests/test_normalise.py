"""Normalisation: one character in, one out; look-alike letters, quotes, dashes, spaces, ё."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qorgau.text.normalise import normalise

LAT_A = "A"  # Latin capital A
LAT_a = "a"
LAT_i = "i"
LAT_o = "o"
CYR_e = "\u0435"  # Cyrillic е
CYR_o = "\u043e"  # Cyrillic о


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ru: Latin look-alikes inside Cyrillic words become Cyrillic
        (f"{LAT_A}ктау", "Актау"),
        (f"Жительница {LAT_A}ктау обратилась в полицию.", "Жительница Актау обратилась в полицию."),
        (f"Алм{LAT_a}ты", "Алматы"),
        (f"M{LAT_a}нгистауская область", "Мангистауская область"),
        ("Пoлиция Шымкента", "Полиция Шымкента"),  # Latin o
        # kk: Latin i typed for Kazakh і, Latin schwa for ә
        (f"б{LAT_i}л{LAT_i}м беру", "білім беру"),
        ("\u018fділет министрлігі", "Әділет министрлігі"),
        (f"Қылмыстық к{LAT_o}декс", "Қылмыстық кодекс"),
        # en: Cyrillic look-alikes inside Latin words become Latin
        (f"Tengrin{CYR_e}ws reported", "Tengrinews reported"),
        (f"P{CYR_o}lice in Almaty", "Police in Almaty"),
        # a word made only of look-alikes follows the script of most of its letters
        ("СССP", "СССР"),
        # left alone: clean words, and words with distinctive letters of both scripts
        ("Шымкент", "Шымкент"),
        ("Kazakhstan", "Kazakhstan"),
        ("iPhoneды", "iPhoneды"),
        ("WhatsApp-қа жазды", "WhatsApp-қа жазды"),
        ("Kaspi.kz арқылы", "Kaspi.kz арқылы"),
    ],
)
def test_lookalike_letters(text, expected):
    out = normalise(text)
    assert out == expected
    assert len(out) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«нет»", '"нет"'),
        ("„так“", '"так"'),
        ("“No means no”", '"No means no"'),
        ("person’s ‘no’", "person's 'no'"),
        ("сталкинг — это", "сталкинг - это"),
        ("2024–2025", "2024-2025"),
        ("115‑1", "115-1"),
        ("−5", "-5"),
        ("―", "-"),
        ("1\u00a0500\u00a0000 тенге", "1 500 000 тенге"),
        ("27\u202f892", "27 892"),
        ("27\u2009892", "27 892"),
        ("8\u2007701", "8 701"),
        ("ёлка и Ёж", "елка и Еж"),
        ("передаёт", "передает"),
        ("line\u2028break", "line\nbreak"),
    ],
)
def test_fixed_maps(text, expected):
    out = normalise(text)
    assert out == expected
    assert len(out) == len(text)


def test_clean_text_is_returned_unchanged():
    text = "В Мангистауской области полицейские проверяют факты. 2025 жылы 27 892 қылмыс."
    assert normalise(text) == text


def test_empty():
    assert normalise("") == ""


def test_spans_stay_valid_in_the_original():
    original = f"Звонок из {LAT_A}ктау — «8\u00a0701\u00a0123\u00a045\u00a067»"
    norm = normalise(original)
    start = norm.index("8 701")
    end = start + len("8 701 123 45 67")
    assert original[start:end] == "8\u00a0701\u00a0123\u00a045\u00a067"
    assert norm[norm.index("Актау")] == "А"


def test_long_mixed_runs_are_left_alone():
    text = ("a" + "я") * 1000
    assert normalise(text) == text


@given(st.text(max_size=200))
def test_length_is_always_preserved(text):
    assert len(normalise(text)) == len(text)


@given(
    st.text(
        alphabet=st.sampled_from(list("AaBcEeHKMOoPpTXxyiІіАаВЕеКМНОоРрСсТХхУуқәң «»—–\u00a0ё")),
        max_size=80,
    )
)
def test_length_is_preserved_on_mixed_scripts(text):
    assert len(normalise(text)) == len(text)
