"""Lists of legal maximums that drop the repeated sanction noun ("до трёх лет, а при отягчающих –
до восьми лет"), tenge sums that restate an MCI fine, and the terms and numbers that must stay
out: ages, spans of time, the added ban on holding posts, probation periods."""

from __future__ import annotations

import pytest

from qorgau.extract.pipeline import extract_document

IM, RF = "imprisonment_months", "restriction_of_freedom_months"
FM, FT = "fine_mci", "fine_tenge"


def _penalties(text: str) -> set[tuple[str, object]]:
    return {(f.value["kind"], f.value["value"]) for f in extract_document(text).of_kind("penalty")}


ELLIPTIC = [
    # ---- Russian
    (
        "Закон предусматривает лишение свободы на срок до трёх лет, а при наличии отягчающих "
        "обстоятельств – до восьми лет.",
        {(IM, 36), (IM, 96)},
    ),
    (
        "Преследование наказывается штрафом до 500 МРП или лишением свободы до одного года. "
        "Если потерпевший несовершеннолетний, наказание возрастает до пяти лет.",
        {(FM, 500), (IM, 12), (IM, 60)},
    ),
    (
        "Санкция предусматривает ограничение свободы до двух лет, а при повторном деянии – "
        "до четырёх лет.",
        {(RF, 24), (RF, 48)},
    ),
    # ---- Kazakh
    (
        "Бұл әрекет үшін 3 жылға дейін, ал топ болып жасалса, 6 жылға дейін бас бостандығынан "
        "айыру көзделген.",
        {(IM, 36), (IM, 72)},
    ),
    (
        "Бұл қылмыс 1 жылға дейін бас бостандығынан айыруға әкеп соғады. Жәбірленуші кәмелетке "
        "толмаған болса, жаза 5 жылға дейін ұлғаяды.",
        {(IM, 12), (IM, 60)},
    ),
    # ---- English
    (
        "The offence carries up to three years in prison. If a weapon is used, the penalty rises "
        "to up to eight years.",
        {(IM, 36), (IM, 96)},
    ),
    (
        "Extortion is punishable by up to 4 years of imprisonment, up to 9 years when committed "
        "by a group, and up to 12 years if the victim dies.",
        {(IM, 48), (IM, 108), (IM, 144)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), ELLIPTIC)
def test_a_bare_term_in_a_list_of_maximums_repeats_the_sanction(text, expected):
    assert _penalties(text) == expected


TRAPS = [
    # a span of time, not a term
    (
        "For up to 2 years he followed her everywhere, and the court sentenced him to 3 years "
        "in prison.",
        {(IM, 36)},
    ),
    ("He faces up to 2 years in prison. He lived there for up to 10 years.", {(IM, 24)}),
    ("Суд приговорил его к 3 годам лишения свободы. Следствие длилось до 2 лет.", {(IM, 36)}),
    ("Оған 4 жылға бас бостандығынан айыру тағайындалды. Тергеу 2 жылға дейін созылды.",
     {(IM, 48)}),
    # the next sentence has no penalty noun before its term
    ("He was sentenced to 4 years in prison. Up to 2 years of that may be served at home.",
     {(IM, 48)}),
    # an age
    ("Лишение свободы до 5 лет грозит тому, кто похитит детей до 14 лет.", {(IM, 60)}),
    ("The law provides up to 5 years in prison; the victim's son is up to 7 years old.",
     {(IM, 60)}),
    # a term of another sanction
    (
        "Ему назначено 5 лет лишения свободы с лишением права занимать должности на срок до "
        "трех лет.",
        {(IM, 60)},
    ),
    ("Приговорён к 2 годам лишения свободы условно с испытательным сроком до 3 лет.", {(IM, 24)}),
    ("He got 2 years in prison, suspended, and up to 3 years of probation.", {(IM, 24)}),
    # a term with no limit word does not repeat the sanction
    ("Лишение свободы до 3 лет. Наказание он отбывал 2 года.", {(IM, 36)}),
]


@pytest.mark.parametrize(("text", "expected"), TRAPS)
def test_spans_ages_and_other_terms_stay_out(text, expected):
    assert _penalties(text) == expected


RESTATED = [
    ("A fine of up to 150 MCI, roughly 648,750 tenge, may be imposed.", {(FM, 150), (FT, 648_750)}),
    ("Предусмотрен штраф до 100 МРП, приблизительно 432 500 тенге.", {(FM, 100), (FT, 432_500)}),
    ("Айыппұл 50 АЕК-ке дейін, шамасы 216 250 теңге.", {(FM, 50), (FT, 216_250)}),
]


@pytest.mark.parametrize(("text", "expected"), RESTATED)
def test_a_tenge_sum_that_restates_an_mci_fine_is_its_tenge_value(text, expected):
    assert _penalties(text) == expected


def test_a_tenge_sum_that_is_not_the_fine_stays_out():
    text = "Он оштрафован на 100 МРП, похитив почти 2 млн тенге."
    assert (FT, 2_000_000) not in _penalties(text)
