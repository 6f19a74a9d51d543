"""Terms listed with one shared unit ("на 3 и на 7 суток") are terms each, and the value of the
MCI itself ("МРП составляет 4 325 тенге") is no fine. Every sentence was written for these
tests."""

import pytest

from qorgau.extract.pipeline import extract_document


def _penalties(text: str) -> set[tuple[str, object]]:
    return {(f.value["kind"], f.value["value"]) for f in extract_document(text).of_kind("penalty")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ранее его дважды подвергали административному аресту — на 3 и на 7 суток.",
         {("admin_arrest_days", 3), ("admin_arrest_days", 7)}),
        ("Ол бұрын әкімшілік тәртіппен 3 және 7 тәулікке қамауға алынған.",
         {("admin_arrest_days", 3), ("admin_arrest_days", 7)}),
        ("Under the administrative code he had been put under arrest for 3 and for 7 days.",
         {("admin_arrest_days", 3), ("admin_arrest_days", 7)}),
        ("Трое осуждены к лишению свободы на 2, 4 и 6 лет.",
         {("imprisonment_months", 24), ("imprisonment_months", 48),
          ("imprisonment_months", 72)}),
    ],
)
def test_listed_terms(text, expected):
    assert _penalties(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range stays a range, an article number is no term
        ("КоАП предусматривает арест от 3 и до 7 суток.", {("admin_arrest_days", 7)}),
        ("The code allows arrest of between 3 and 7 days.",
         {("arrest_days", 3), ("arrest_days", 7)}),
        ("Его наказали по статье 54 и 7 суток ареста.", {("arrest_days", 7)}),
    ],
)
def test_lists_traps(text, expected):
    assert _penalties(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("В этом году МРП составляет 4 100 тенге, поэтому штраф до 300 МРП — это до "
         "1 230 000 тенге.", {("fine_mci", 300), ("fine_tenge", 1230000)}),
        ("МРП в 2027 году равен 4 500 тенге; максимальный штраф — 900 тыс. тенге.",
         {("fine_tenge", 900000)}),
        ("1 МРП = 4 100 тенге, штраф составит до 100 МРП.", {("fine_mci", 100)}),
        ("Биыл бір АЕК 4 100 теңгеге тең, айыппұл 100 АЕК-ке дейін.", {("fine_mci", 100)}),
        ("One MCI is KZT 4,100 this year, so the fine of up to 100 MCI is KZT 410,000.",
         {("fine_mci", 100), ("fine_tenge", 410000)}),
        # a restated fine after a number of MCI is still a fine
        ("Суд назначил штраф 2 МРП (8 200 тенге).", {("fine_mci", 2), ("fine_tenge", 8200)}),
    ],
)
def test_mci_value_is_no_fine(text, expected):
    assert _penalties(text) == expected
