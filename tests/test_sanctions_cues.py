"""Verdict wording: the operative part of a Russian verdict uses infinitives (взыскать,
назначить), and Kazakh news reports a court decision on compensation (өтеу туралы шешім)."""

import pytest

from qorgau.extract.pipeline import extract_document


def _penalties(text: str) -> set[tuple[str, object]]:
    return {(f.value["kind"], f.value["value"]) for f in extract_document(text).of_kind("penalty")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ПОСТАНОВИЛ: взыскать с осуждённого принудительный платёж в фонд компенсации потерпевшим.",
         ("compensation", True)),
        ("Сот жәбірленушіге 300 000 теңге моральдық зиян өтеу туралы шешім шығарды.",
         ("compensation", True)),
        ("Назначить наказание в виде 60 часов общественных работ.",
         ("community_service_hours", 60)),
    ],
)
def test_verdict_wording(text, expected):
    assert expected in _penalties(text)


def test_a_refused_claim_is_no_compensation():
    text = "Суд отказал во взыскании морального вреда."
    assert ("compensation", True) not in _penalties(text)
