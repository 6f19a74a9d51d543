"""More ways officials write figures: 'of these ... were solved', 'posed as', 'largest loss'."""

import pytest

from qorgau.extract.pipeline import extract_document


def _figures(text: str) -> set[tuple[str, float]]:
    return {(f.value["metric"], f.value["value"]) for f in extract_document(text).of_kind("figure")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2025 police registered 9,870 online fraud cases. Of these, 2,140 were solved.",
         ("crimes_solved", 2140)),
        ("Scammers most often posed as bank staff (3,305 cases) in 2025.",
         ("scheme_impersonation", 3305)),
        ("In 2025 the largest single loss was 48 million tenge.",
         ("max_damage_tenge", 48_000_000)),
        ("В 2025 году зарегистрировано 5 120 фактов интернет-мошенничества, из них раскрыто 1 044.",
         ("crimes_solved", 1044)),
        ("В 2025 году максимальный ущерб по одному делу составил 31 млн тенге.",
         ("max_damage_tenge", 31_000_000)),
        ("2025 жылы ең ірі залал 22 млн теңгені құрады.",
         ("max_damage_tenge", 22_000_000)),
    ],
)
def test_figure_cues(text, expected):
    assert expected in _figures(text)
