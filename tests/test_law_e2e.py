"""End to end: short texts of our own through the facts engine and the legal engine.

Each case names the fact kinds it needs from the extractors (the legal reasoning itself is
tested over hand-built facts in test_law_qualify.py). These were skipped while the extractors
were placeholders; they now find what is needed, so a failure here means an extractor changed.
"""

from __future__ import annotations

from datetime import date

import pytest

from qorgau.extract.pipeline import extract_document
from qorgau.law.qualify import qualify

CASES = [
    (
        "ru_continuing",
        "14 января 2026 года в полицию Костаная обратилась женщина. Бывший муж с ноября 2025 "
        "года звонит ей по ночам и поджидает её у подъезда. Ещё в июне 2025 года он писал "
        "ей сообщения и приходил к ней на работу.",
        {"behaviour", "month", "relationship"},
        {"115-1": ("applicable", True)},
        ["history"],
    ),
    (
        "ru_only_before",
        "Заявление зарегистрировано 5 августа 2025 года. В апреле 2025 года бывший сожитель "
        "звонил заявительнице и следил за ней.",
        {"behaviour", "month"},
        {"115-1": ("not_in_force", False)},
        [],
    ),
    (
        "kk_after",
        "2026 жылғы 3 ақпанда әйел полицияға арыз берді. Бұрынғы күйеуі 2025 жылғы желтоқсанда "
        "оны аңдып, үйіне келген.",
        {"behaviour", "month"},
        {"115-1": ("applicable", True)},
        [],
    ),
    (
        "en_threats",
        "On 2 February 2026 a woman in Pavlodar reported that since December 2025 her former "
        "partner has been following her and threatened to kill her.",
        {"behaviour", "relationship"},
        {"115-1": ("applicable", True), "115": ("applicable", True)},
        [],
    ),
    (
        "ru_fraud_large",
        "10 марта 2026 года пенсионерка из Семея сообщила, что мошенники, представившись "
        "сотрудниками банка, убедили её перевести 6 000 000 тенге на «безопасный счёт».",
        {"offence", "money"},
        {"190": ("applicable", True)},
        [],
    ),
]


def _needs(facts, kinds):
    found = {f.kind for f in facts.facts}
    return sorted(kinds - found)


@pytest.mark.parametrize(("doc_id", "text", "needs", "expected", "extra"), CASES)
def test_end_to_end(doc_id, text, needs, expected, extra):
    facts = extract_document(text, doc_id)
    assert _needs(facts, needs) == [], "the facts engine no longer finds these fact kinds"
    result = qualify(facts)
    for article, (status, applicable) in expected.items():
        c = result.candidate(article)
        assert c is not None, f"nothing points to {article} any more"
        assert (c.status, c.applicable) == (status, applicable), c.reason.render("en")
        if "history" in extra:
            assert c.history and c.counted
    out = result.to_dict("ru")
    assert out["id"] == doc_id and out["candidates"]


def test_end_to_end_fraud_part_by_2026_mci():
    text = CASES[-1][1]
    facts = extract_document(text, "fraud")
    assert any(f.kind == "money" and f.value == 6_000_000 for f in facts.facts)
    assert facts.ref_date == date(2026, 3, 10)
    c = qualify(facts).candidate("190")
    assert c is not None and c.applicable
    # 6,000,000 > 1,000 x 4,325 (2026) and < 4,000 x 4,325: part 3
    assert c.statute.part == 3
