"""Victim counts written with a loss verb (lost, потеряли, айырылды)."""

import pytest

from qorgau.extract.pipeline import extract_document


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("At least 6 pensioners lost a total of 2 million tenge to fake couriers.", 6),
        ("15 жителей потеряли сбережения после звонков лжебанкиров.", 15),
        ("Алаяқтардың кесірінен 4 зейнеткер ақшасынан айырылды.", 4),
    ],
)
def test_victims_counted_from_loss_verbs(text, value):
    counts = [f.value for f in extract_document(text).of_kind("count")]
    assert {"what": "victims", "value": value} in counts


def test_losing_a_phone_is_no_victim_count():
    text = "He lost 2 phones last year."
    counts = [f.value for f in extract_document(text).of_kind("count")]
    assert not any(c["what"] == "victims" for c in counts)
