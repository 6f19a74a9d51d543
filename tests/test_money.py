"""Money, MCI and percentages in Kazakh, Russian and English sentences (our own wording)."""

from __future__ import annotations

import pytest

from qorgau.extract import money
from qorgau.model import Document, Fact, Sentence


def read(text: str, lang: str = "ru") -> list[Fact]:
    doc = Document(
        id="t", original=text, norm=text, language=lang, sentences=[Sentence(0, len(text), lang)]
    )
    return money.extract(doc)


def summary(facts: list[Fact]) -> list[tuple]:
    out = []
    for f in facts:
        value = f.value
        if f.kind == "money_foreign":
            value = (value["currency"], value["amount"])
        out.append((f.kind, value, f.extra.get("approx", False), f.extra.get("bound")))
    return out


M, MCI, PCT, FX = "money", "mci", "percent", "money_foreign"

CASES = [
    # ---- Russian
    ("ru", "Ущерб составил 645 тысяч тенге.", [(M, 645_000, False, None)]),
    ("ru", "Мошенники вывели 1,7 млрд тенге со счетов вкладчиков.",
     [(M, 1_700_000_000, False, None)]),
    ("ru", "Сумма перевода — 786 400 тг.", [(M, 786_400, False, None)]),
    ("ru", "На чужую карту ушло 500 000 ₸.", [(M, 500_000, False, None)]),
    ("ru", "Пенсионерка лишилась около 2 млн тенге.", [(M, 2_000_000, True, None)]),
    ("ru", "Штраф составит до 300 тысяч тенге.", [(M, 300_000, False, "max")]),
    ("ru", "Ущерб оценивается от 5 до 12 млн тенге.",
     [(M, 5_000_000, False, "min"), (M, 12_000_000, False, "max")]),
    ("ru", "Изъято 1,2 млрд и 300 млн тенге наличными.",
     [(M, 1_200_000_000, False, None), (M, 300_000_000, False, None)]),
    ("ru", "Ущерб превысил 1 млн 200 тыс. тенге.", [(M, 1_200_000, False, None)]),
    ("ru", "Аферист получил более миллиона тенге.", [(M, 1_000_000, False, "min")]),
    ("ru", "В 2024 году он отдал 40 тысяч тенге.", [(M, 40_000, False, None)]),
    ("ru", "Он отправил 3 500 долларов на чужой счёт.", [(FX, ("USD", 3500), False, None)]),
    ("ru", "Ей вернули 15 000 рублей.", [(FX, ("RUB", 15_000), False, None)]),
    ("ru", "Штраф в размере 100 МРП.", [(MCI, 100, False, None)]),
    ("ru", "Санкция — 2 000 месячных расчетных показателей.", [(MCI, 2000, False, None)]),
    ("ru", "Доля выросла на 12,5%.", [(PCT, 12.5, False, None)]),
    ("ru", "Раскрываемость составила 34 процента.", [(PCT, 34, False, None)]),
    ("ru", "Позвоните по номеру 102 или 112.", []),
    ("ru", "Зарегистрировано почти 28 тысяч заявлений.", []),
    ("ru", "Он звонил ей около 300 раз с разных номеров.", []),
    # ---- Kazakh
    ("kk", "Алаяқтар зейнеткерден 35 млн теңгені алды.", [(M, 35_000_000, False, None)]),
    ("kk", "Залал мөлшері 2 млн теңгеге жетті.", [(M, 2_000_000, False, None)]),
    ("kk", "Ол 150 мың теңгеден астам ақша аударды.", [(M, 150_000, False, "min")]),
    ("kk", "Шамамен 45 мың теңге ұрланды.", [(M, 45_000, True, None)]),
    ("kk", "Шығын 80 млн теңгеге дейін жетеді.", [(M, 80_000_000, False, "max")]),
    ("kk", "Айыппұл 200 АЕК-ке дейін.", [(MCI, 200, False, "max")]),
    ("kk", "Бұл 100 айлық есептік көрсеткішке тең.", [(MCI, 100, False, None)]),
    ("kk", "Үлесі 29%-ды құрады.", [(PCT, 29, False, None)]),
    ("kk", "Жәбірленушілердің 87 пайызы зейнеткерлер.", [(PCT, 87, False, None)]),
    ("kk", "Ашылу деңгейі 21 % болды.", [(PCT, 21, False, None)]),
    ("kk", "Ол бес жүз мың теңге төледі.", [(M, 500_000, False, None)]),
    ("kk", "Шығын 5-тен 10 млн теңгеге дейін.",
     [(M, 5_000_000, False, "min"), (M, 10_000_000, False, "max")]),
    ("kk", "Алаяқ 300 доллар сұрады.", [(FX, ("USD", 300), False, None)]),
    ("kk", "Залал 1,5 млрд теңге болды.", [(M, 1_500_000_000, False, None)]),
    ("kk", "Былтыр 28 мыңға жуық қылмыс тіркелді.", []),
    ("kk", "Полицияға 102 нөмірі арқылы хабарласыңыз.", []),
    ("kk", "2025 жылы 27 892 алаяқтық тіркелді.", []),
    # ---- English
    ("en", "The victim lost KZT 1.2 million to the scheme.", [(M, 1_200_000, False, None)]),
    ("en", "The fine is about 432,500 tenge.", [(M, 432_500, True, None)]),
    ("en", "Transfers of ₸500,000 were blocked.", [(M, 500_000, False, None)]),
    ("en", "She sent 2,500 tenge to a stranger.", [(M, 2500, False, None)]),
    ("en", "Losses reached 3 billion tenge.", [(M, 3_000_000_000, False, None)]),
    ("en", "He stole more than 4 million tenge.", [(M, 4_000_000, False, "min")]),
    ("en", "The fraudster asked for $1,500.", [(FX, ("USD", 1500), False, None)]),
    ("en", "They charged 20 USD per card.", [(FX, ("USD", 20), False, None)]),
    ("en", "a fine of up to 200 MCI", [(MCI, 200, False, "max")]),
    ("en", "up to 1,000 monthly calculation indices", [(MCI, 1000, False, "max")]),
    ("en", "The solve rate was 21%.", [(PCT, 21, False, None)]),
    ("en", "about 87 percent of victims were pensioners", [(PCT, 87, True, None)]),
    ("en", "between 3 and 5 per cent of calls",
     [(PCT, 3, False, "min"), (PCT, 5, False, "max")]),
    ("en", "Call 102 if someone follows you.", []),
    ("en", "He made 300 calls from 40 numbers.", []),
    ("en", "Nearly 28 thousand frauds were registered.", []),
    # a scale letter glued to an amount after a currency sign; without the sign, metres
    ("en", "The scheme took ₸73m from investors.", [(M, 73_000_000, False, None)]),
    ("en", "Police froze ₸9.5m and returned ₸2.3bn.",
     [(M, 9_500_000, False, None), (M, 2_300_000_000, False, None)]),
    ("en", "He lost KZT 15m in a month.", [(M, 15_000_000, False, None)]),
    ("en", "They asked for up to $40k.", [(FX, ("USD", 40_000), False, "max")]),
    ("en", "The fence is 73 m long and the yard is 40m².", []),
    ("en", "A 73m stretch of road was closed.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_money_table(lang, text, expected):
    assert summary(read(text, lang)) == expected


def test_each_language_has_enough_cases():
    for lang in ("ru", "kk", "en"):
        assert sum(1 for c in CASES if c[0] == lang) >= 15


def test_spans_point_at_the_original_text():
    text = "Штраф — около 393 200 тенге, а ущерб 2 млн тенге."
    facts = read(text)
    assert [f.text for f in facts] == ["393 200 тенге", "2 млн тенге"]
    for f in facts:
        assert text[f.start : f.end] == f.text
    assert all(f.rule.startswith("money:") for f in facts)


def test_shared_unit_keeps_the_first_amount_without_unit_text():
    facts = read("от 1,7 до 2 млрд тенге")
    assert [(f.value, f.rule) for f in facts] == [
        (1_700_000_000, "money:shared_unit"),
        (2_000_000_000, "money:unit_after"),
    ]


def test_a_comma_does_not_share_a_unit():
    assert summary(read("часть 2, 200 МРП")) == [(MCI, 200, False, None)]


def test_prefix_unit_span_starts_at_the_sign():
    [f] = read("Платёж ₸ 12 000 прошёл.")
    assert (f.kind, f.value, f.text) == ("money", 12_000, "₸ 12 000")


def test_literal_prefixes_and_trie():
    assert money.literal_prefixes("штраф[а-яё]{0,4}") == {"штра"}
    assert money.literal_prefixes("(?:обязательн|принудительн)ый") == {"обяз", "прин"}
    assert money.literal_prefixes("fine[sd]?") == {"fine"}
    with pytest.raises(ValueError):
        money.literal_prefixes("[а-я]+ый")
    import re

    pattern = re.compile(money._trie({"abc", "abd", "ab", "x"}))
    assert [m.group() for m in pattern.finditer("abd ab x abc")] == ["abd", "ab", "x", "abc"]
    # branches come in letter-frequency order; what matches does not depend on it
    words = {"штраф", "штрафа", "арест", "ареста", "fine", "fines", "п", "по", "при"}
    pattern = re.compile(money._trie(words))
    text = "штрафа арест fines п по при пора штраф"
    found = [m.group() for m in pattern.finditer(text)]
    assert found == ["штрафа", "арест", "fines", "п", "по", "при", "по", "штраф"]


def test_safe_lower_keeps_length():
    text = "İstanbul ŞTRAF ТЕҢГЕ"
    assert len(money.safe_lower(text)) == len(text)
    assert money.safe_lower("ТЕҢГЕ") == "теңге"
