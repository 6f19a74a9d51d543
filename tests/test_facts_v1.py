"""The facts-v1 projection: which article references reach the document-level record."""

from __future__ import annotations

import pytest

from qorgau.extract.pipeline import extract_document
from qorgau.facts_v1 import project


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an earlier administrative penalty cited with its article keeps its AC- prefix
        ("В марте его оштрафовали по статье 73 КоАП РК, теперь дело возбуждено по статье 115-1 УК РК.",
         {"AC-73", "115-1"}),
        ("Бұған дейін ол ӘҚБтК-нің 461-бабы бойынша жауапқа тартылған, енді ҚК-нің 125-1-бабы бойынша іс қозғалды.",
         {"AC-461", "125-1"}),
        ("He had been fined under Article 434 of the Code of Administrative Offences.", {"AC-434"}),
    ],
)
def test_administrative_code_articles_are_listed_with_their_prefix(text: str, expected: set[str]) -> None:
    assert set(project(extract_document(text, "t"))["articles"]) == expected


def test_implied_article_is_not_repeated_next_to_a_cited_part() -> None:
    text = "По ч. 2 ст. 190 УК РК возбуждено дело об интернет-мошенничестве: фейковый сотрудник банка."
    assert project(extract_document(text, "t"))["articles"] == ["190-2"]


def test_a_number_of_another_act_is_not_an_article() -> None:
    text = "Согласно статье 12 Закона о профилактике правонарушений полиция выдала защитное предписание."
    assert "AC-12" not in project(extract_document(text, "t"))["articles"]
    assert "12" not in project(extract_document(text, "t"))["articles"]


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        # a birth year or date gives an age in the full facts, but the text states none
        ("Суд, 12 мая 2026 года. Обвиняемый Сериков Б., 1990 г.р., ранее не судим.", []),
        ("2026 жылғы 3 наурыз. Күдікті 1998 жылы туған, жұмыссыз.", []),
        ("Приговор от 2 июня 2026 года. Подсудимый 12.03.1987 г.р.", []),
        # stated ages are listed next to them
        ("Суд, 12 мая 2026 года. Обвиняемый 1990 г.р. преследовал 29-летнюю соседку.", [29]),
    ],
)
def test_ages_are_the_ones_stated(text: str, ages: list[int]) -> None:
    facts = extract_document(text, "t")
    assert project(facts)["ages"] == ages
    if "29-летнюю" not in text:
        assert facts.of_kind("age") or facts.of_kind("birth_year")  # still in the full facts
