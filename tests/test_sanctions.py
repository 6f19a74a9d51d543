"""Sanctions and measures in Kazakh, Russian and English sentences (our own wording), the seed
documents against their gold penalties and tenge amounts, and linear time on hostile input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from qorgau.extract import money, sanctions
from qorgau.model import Document, Fact, Sentence


def read(text: str, lang: str = "ru") -> list[Fact]:
    doc = Document(
        id="t", original=text, norm=text, language=lang, sentences=[Sentence(0, len(text), lang)]
    )
    doc.facts.extend(money.extract(doc))
    return sanctions.extract(doc)


def penalties(facts: list[Fact]) -> set[tuple]:
    return {
        (f.value["kind"], f.value["value"], f.value["mode"], f.value["code_book"])
        for f in facts
        if f.kind == "penalty"
    }


def measures(facts: list[Fact]) -> set[str]:
    out = set()
    for f in facts:
        if f.kind == "measure":
            kind = f.value["kind"]
            if kind == "protective_order":
                kind += ":violated" if f.value["violated"] else ":in_force"
            out.add(kind)
    return out


FM, FT, CS, AR = "fine_mci", "fine_tenge", "community_service_hours", "arrest_days"
AA, IM, RF = "admin_arrest_days", "imprisonment_months", "restriction_of_freedom_months"
CW, CB, CO = "correctional_work_mci", "contact_ban", "compensation"
IMP, MAX, MIN = "imposed", "max", "min"

PENALTY_CASES = [
    # ---- Russian
    ("ru", "Суд назначил ему штраф в размере 150 МРП.", {(FM, 150, IMP, "CC")}),
    (
        "ru",
        "За угрозу предусмотрен штраф до 120 МРП, общественные работы до 120 часов "
        "или арест до 30 суток.",
        {(FM, 120, MAX, "CC"), (CS, 120, MAX, "CC"), (AR, 30, MAX, "CC")},
    ),
    ("ru", "Его приговорили к лишению свободы на 2 года.", {(IM, 24, IMP, "CC")}),
    (
        "ru",
        "Статья предусматривает лишение свободы на срок от трех до семи лет.",
        {(IM, 36, MIN, "CC"), (IM, 84, MAX, "CC")},
    ),
    ("ru", "Он арестован на 10 суток за административное правонарушение.", {(AA, 10, IMP, "AC")}),
    ("ru", "Мировой суд назначил административный арест сроком 5 суток.", {(AA, 5, IMP, "AC")}),
    ("ru", "Осуждённому назначено 2 года 6 месяцев ограничения свободы.", {(RF, 30, IMP, "CC")}),
    ("ru", "Мужчину оштрафовали на 50 000 тенге.", {(FT, 50_000, IMP, "CC")}),
    (
        "ru",
        "Суд назначил штраф 50 МРП, что составляет 216 250 тенге.",
        {(FM, 50, IMP, "CC"), (FT, 216_250, IMP, "CC")},
    ),
    ("ru", "Ему назначено 240 часов общественных работ.", {(CS, 240, IMP, "CC")}),
    ("ru", "Суд взыскал с осуждённого компенсацию морального вреда.", {(CO, True, IMP, "CC")}),
    ("ru", "Суд запретил ему приближаться к потерпевшей.", {(CB, True, IMP, "CC")}),
    ("ru", "Назначены исправительные работы в размере 100 МРП.", {(CW, 100, IMP, "CC")}),
    (
        "ru",
        "Грозит ограничение свободы или лишение свободы на срок до 2 лет.",
        {(RF, 24, MAX, "CC"), (IM, 24, MAX, "CC")},
    ),
    ("ru", "По статье 434 КоАП ему назначили 40 часов общественных работ.", {(CS, 40, IMP, "AC")}),
    ("ru", "За организацию схемы ему грозит до 10 лет.", {(IM, 120, MAX, "CC")}),
    ("ru", "Он преследовал её 18 месяцев и звонил по ночам.", set()),
    ("ru", "Потерпевшая обратилась в полицию через 5 дней.", set()),
    ("ru", "В области возбуждено 12 уголовных дел.", set()),
    ("ru", "Потерпевшая требует компенсации морального вреда.", set()),
    ("ru", "Полиция выдала защитное предписание сроком на 30 суток.", set()),
    ("ru", "С 2025 года за это грозит уголовная ответственность.", set()),
    # ---- Kazakh
    ("kk", "Сот оған 100 АЕК мөлшерінде айыппұл тағайындады.", {(FM, 100, IMP, "CC")}),
    (
        "kk",
        "Бұл әрекет үшін 1 000 АЕК-ке дейін айыппұл, 600 сағатқа дейін қоғамдық жұмыстар "
        "немесе 30 тәулікке дейін қамаққа алу көзделген.",
        {(FM, 1000, MAX, "CC"), (CS, 600, MAX, "CC"), (AR, 30, MAX, "CC")},
    ),
    ("kk", "Ол 7 жылға бас бостандығынан айырылды.", {(IM, 84, IMP, "CC")}),
    (
        "kk",
        "Бұл қылмыс үшін бас бостандығынан айыру 3 жылдан 7 жылға дейін көзделген.",
        {(IM, 36, MIN, "CC"), (IM, 84, MAX, "CC")},
    ),
    (
        "kk",
        "Сот оған 2 жыл бас бостандығын шектеу жазасын тағайындады.",
        {(RF, 24, IMP, "CC")},
    ),
    (
        "kk",
        "Ол әкімшілік құқық бұзушылық үшін 15 тәулікке қамауға алынды.",
        {(AA, 15, IMP, "AC")},
    ),
    ("kk", "Оған 10 тәулік әкімшілік қамақ тағайындалды.", {(AA, 10, IMP, "AC")}),
    ("kk", "Сот 120 сағат қоғамдық жұмыс тағайындады.", {(CS, 120, IMP, "CC")}),
    ("kk", "Сот жәбірленушімен байланысуға тыйым салды.", {(CB, True, IMP, "CC")}),
    (
        "kk",
        "Сотталған адамнан жәбірленушілерге өтемақы қорына төлем өндірілді.",
        {(CO, True, IMP, "CC")},
    ),
    ("kk", "Оған 4 жылға бас бостандығынан айыру жазасы тағайындалды.", {(IM, 48, IMP, "CC")}),
    ("kk", "Айыппұл 500 000 теңге мөлшерінде салынды.", {(FT, 500_000, IMP, "CC")}),
    ("kk", "Ол 5 жылға сотталды.", {(IM, 60, IMP, "CC")}),
    ("kk", "Түзеу жұмыстары 150 АЕК мөлшерінде тағайындалды.", {(CW, 150, IMP, "CC")}),
    ("kk", "Азаматтар полицияға кеш жүгінеді (5 күннен 30 күнге дейін).", set()),
    ("kk", "Былтыр 15 қылмыстық іс тіркелді.", set()),
    ("kk", "Ол 2 жыл бойы жәбірленушіні аңдыған.", set()),
    ("kk", "2025 жылы қылмыстық жауапкершілік енгізілді.", set()),
    # ---- English
    ("en", "The court sentenced him to 150 hours of community service.", {(CS, 150, IMP, "CC")}),
    (
        "en",
        "Threats are punishable by a fine of up to 100 MCI, community service of up to "
        "120 hours, or arrest for up to 30 days.",
        {(FM, 100, MAX, "CC"), (CS, 120, MAX, "CC"), (AR, 30, MAX, "CC")},
    ),
    (
        "en",
        "The offence carries imprisonment of 3 to 7 years.",
        {(IM, 36, MIN, "CC"), (IM, 84, MAX, "CC")},
    ),
    ("en", "He was sentenced to 5 years in prison.", {(IM, 60, IMP, "CC")}),
    (
        "en",
        "A fine of up to 300 MCI (about 1,297,500 tenge) may be imposed.",
        {(FM, 300, MAX, "CC"), (FT, 1_297_500, MAX, "CC")},
    ),
    ("en", "He received an administrative arrest of 15 days.", {(AA, 15, IMP, "AC")}),
    ("en", "The man was arrested for 10 days for petty hooliganism.", {(AA, 10, IMP, "AC")}),
    ("en", "She was fined 50,000 tenge.", {(FT, 50_000, IMP, "CC")}),
    ("en", "The law provides restriction of liberty for up to 2 years.", {(RF, 24, MAX, "CC")}),
    ("en", "The court also imposed a ban on contacting the victim.", {(CB, True, IMP, "CC")}),
    ("en", "The court ordered compensation for moral damages.", {(CO, True, IMP, "CC")}),
    ("en", "He was sentenced to 200 hours.", {(CS, 200, IMP, "CC")}),
    ("en", "He was given correctional labour of 100 MCI.", {(CW, 100, IMP, "CC")}),
    ("en", "He was jailed for 4 years.", {(IM, 48, IMP, "CC")}),
    ("en", "The organiser faces up to 10 years.", {(IM, 120, MAX, "CC")}),
    ("en", "He stalked her for more than 18 months.", set()),
    ("en", "Call 102 if you are being followed.", set()),
    ("en", "Police opened 12 criminal cases last year.", set()),
    ("en", "Victims may receive compensation from the fund.", set()),
    ("en", "Within 24 hours the police responded.", set()),
    ("en", "The law took effect 60 days after publication.", set()),
    (
        "en",
        "He stalked her for 18 months and was sentenced to 100 hours of community service.",
        {(CS, 100, IMP, "CC")},
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), PENALTY_CASES)
def test_penalties(lang, text, expected):
    assert penalties(read(text, lang)) == expected


MEASURE_CASES = [
    ("ru", "За нарушение защитного предписания составлен административный протокол.",
     {"protective_order:violated", "admin_protocol"}),
    ("ru", "Полиция вынесла защитное предписание.", {"protective_order:in_force"}),
    ("ru", "Он состоит на профилактическом учёте.", {"preventive_registration"}),
    ("ru", "Суд установил особые требования к поведению правонарушителя.",
     {"special_requirements"}),
    ("ru", "Задержанного водворили в ИВС.", {"detention"}),
    ("ru", "По факту преследования зарегистрировано уголовное дело.", {"criminal_case"}),
    ("ru", "Его привлекли к административной ответственности с назначением штрафа.",
     {"admin_penalty"}),
    ("ru", "В области возбуждено 12 уголовных дел.", set()),
    ("kk", "Қорғау нұсқамасын бұзғаны үшін әкімшілік хаттама толтырылды.",
     {"protective_order:violated", "admin_protocol"}),
    ("kk", "Ол профилактикалық есепке алынды.", {"preventive_registration"}),
    ("kk", "Ол әкімшілік жауапкершілікке тартылды.", {"admin_penalty"}),
    ("kk", "Сталкинг фактісі бойынша қылмыстық іс тіркелді.", {"criminal_case"}),
    ("kk", "Ол уақытша ұстау изоляторына орналастырылды.", {"detention"}),
    ("kk", "Сот ерекше талаптар белгіледі.", {"special_requirements"}),
    ("kk", "Былтыр 15 қылмыстық іс тіркелді.", set()),
    ("en", "A protective order was issued and later breached.", {"protective_order:violated"}),
    ("en", "He is on the preventive register.", {"preventive_registration"}),
    ("en", "An administrative protocol was drawn up.", {"admin_protocol"}),
    ("en", "He was detained and placed in a temporary detention facility.", {"detention"}),
    ("en", "A criminal case was opened against him.", {"criminal_case"}),
    ("en", "The court set special requirements for the offender's behaviour.",
     {"special_requirements"}),
    ("en", "Police opened 12 criminal cases last year.", set()),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MEASURE_CASES)
def test_measures(lang, text, expected):
    assert measures(read(text, lang)) == expected


def test_each_language_has_enough_cases():
    for lang in ("ru", "kk", "en"):
        n = sum(1 for c in PENALTY_CASES + MEASURE_CASES if c[0] == lang)
        assert n >= 20


def test_fine_without_amount_is_a_measure_not_a_penalty():
    facts = read("В марте его оштрафовали за мелкое хулиганство.")
    assert penalties(facts) == set()
    [m] = [f for f in facts if f.kind == "measure"]
    assert m.value == {"kind": "admin_penalty", "penalty": "fine"}


def test_suspended_term_and_span():
    text = "Суд приговорил его к 3 годам лишения свободы условно."
    [f] = [f for f in read(text) if f.kind == "penalty"]
    assert f.value == {"kind": IM, "value": 36, "mode": IMP, "code_book": "CC"}
    assert f.extra == {"suspended": True}
    assert f.text == text[f.start : f.end] == "3 годам лишения свободы"


def test_range_facts_carry_both_ends():
    facts = [f for f in read("imprisonment of 3 to 7 years", "en") if f.kind == "penalty"]
    assert sorted((f.value["value"], f.value["mode"], tuple(f.extra["range"])) for f in facts) == [
        (36, MIN, (36, 84)),
        (84, MAX, (36, 84)),
    ]


def test_arrest_after_an_administrative_offence_named_in_the_previous_sentence():
    text = (
        "В мае его привлекли к административной ответственности за хулиганство. "
        "Через неделю он был арестован на 15 суток."
    )
    assert penalties(read(text)) == {(AA, 15, IMP, "AC")}


def test_colon_list_reads_the_legal_cue_before_it():
    text = (
        "Under the Criminal Code a threat may be punished by:\n\n"
        "a fine of up to 100 MCI (100 MCI is about 432,500 tenge),\n"
        "community service for up to 120 hours, orarrest for up to 30 days."
    )
    assert penalties(read(text, "en")) == {
        (FM, 100, MAX, "CC"),
        (FT, 432_500, MAX, "CC"),
        (CS, 120, MAX, "CC"),
        (AR, 30, MAX, "CC"),
    }


# --------------------------------------------------------------------------- seeds

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
GOLD_FILE = SHARED / "eval" / "seeds.gold.jsonl"


def _gold() -> dict[str, dict]:
    lines = GOLD_FILE.read_text("utf-8").splitlines()
    return {rec["id"]: rec for rec in map(json.loads, filter(None, lines))}


@pytest.mark.skipif(not SEEDS or not GOLD_FILE.exists(), reason="shared seeds not available")
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_penalties_and_tenge_match_gold(path):
    from qorgau.extract.pipeline import extract_document

    gold = _gold()[path.stem]
    facts = extract_document(path.read_text("utf-8"), path.stem)
    got_penalties = {
        (f.value["kind"], f.value["value"])
        for f in facts.of_kind("penalty")
        if f.value["kind"] != "correctional_work_mci"
    }
    want_penalties = {(p["kind"], p["value"]) for p in gold["penalties"]}
    assert got_penalties == want_penalties
    assert {f.value for f in facts.of_kind("money")} == set(gold["money_tenge"])


# --------------------------------------------------------------------------- speed

HOSTILE = {
    "digits": "7" * 40_000,
    "grouped": "1 000 " * 8_000,
    "commas": "1,000," * 8_000,
    "dots": "." * 40_000,
    "spaces": " " * 40_000,
    "sanctions": "штраф до 200 МРП, общественные работы до 200 часов, либо арест до 50 суток " * 400,
    "english": "community service for up to 200 hours orarrest for up to 50 days ordered " * 400,
    "asides": "штраф 200 МРП (200 МРП (" * 1000,
    "money": "1 млн 500 тыс. тенге от 5 до 10 млн тенге ₸500 " * 600,
    "kazakh": "қылмыстық іс тіркелді 5 күннен 30 күнге дейін бас бостандығын " * 600,
    "orders": "нарушение защитного предписания на тот же срок " * 800,
}


def _seconds(text: str) -> float:
    doc = Document(id="x", original=text, norm=text, sentences=[Sentence(0, len(text), "ru")])
    t0 = time.process_time()
    doc.facts.extend(money.extract(doc))
    sanctions.extract(doc)
    return time.process_time() - t0


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_runs_in_linear_time(name):
    unit = HOSTILE[name]
    small = min(_seconds(unit) for _ in range(3))
    large = min(_seconds(unit * 4) for _ in range(2))
    # four times the text should take about four times as long; the slack covers timer noise
    # and a busy machine, not a quadratic step (that would take sixteen times)
    assert large < 10 * small + 0.5, (small, large)


@pytest.mark.parametrize(
    ("text", "tenge"),
    [
        ("Бап 300 АЕК-ке дейін айыппұл салуды көздейді. Биыл 300 АЕК – 1 297 500 теңге.", 1297500),
        ("Санкция — штраф до 150 МРП. Для справки: 150 МРП = 589 800 тенге.", 589800),
        ("The court may fine him up to 120 MCI. This year 120 MCI is 519,000 tenge.", 519000),
    ],
)
def test_a_later_conversion_of_a_fines_mci_into_tenge_restates_it(text: str, tenge: int) -> None:
    from qorgau.extract.pipeline import extract_document
    from qorgau.facts_v1 import project

    v1 = project(extract_document(text, "t"))
    assert {"kind": "fine_tenge", "value": tenge} in v1["penalties"]


@pytest.mark.parametrize(
    "text",
    [
        # the converted MCI amount is not the fine's amount
        "Санкция — штраф до 150 МРП. Ущерб составил 40 МРП – 157 280 тенге.",
        # no fine in MCI at all: a conversion of a benefit
        "Пособие равно 10 МРП. 10 МРП – 43 250 тенге.",
        # a word other than an equivalence between the amounts
        "Штраф до 150 МРП. В 150 МРП входит доплата 589 800 тенге.",
    ],
)
def test_other_mci_and_tenge_pairs_are_no_fine(text: str) -> None:
    from qorgau.extract.pipeline import extract_document
    from qorgau.facts_v1 import project

    v1 = project(extract_document(text, "t"))
    assert not [p for p in v1["penalties"] if p["kind"] == "fine_tenge"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the amount belongs to the sanction word before it when the word after it starts the
        # next item of the list (after a comma or an "or")
        ("Санкция: штраф до 150 МРП, исправительные работы в том же размере, арест до 30 суток.",
         {("fine_mci", 150), ("correctional_work_mci", 150), ("arrest_days", 30)}),
        ("The article provides a fine of up to 300 MCI, correctional work of the same amount "
         "or community service of up to 240 hours.",
         {("fine_mci", 300), ("correctional_work_mci", 300), ("community_service_hours", 240)}),
        ("Ему грозит ограничение свободы на срок до трёх лет либо лишение свободы на тот же срок.",
         {("restriction_of_freedom_months", 36), ("imprisonment_months", 36)}),
        ("It is punishable by restriction of freedom for up to 3 years or imprisonment for up to "
         "5 years.", {("restriction_of_freedom_months", 36), ("imprisonment_months", 60)}),
        # with nothing between them the amount still takes the word after it
        ("Суд назначил ему 2 года ограничения свободы.", {("restriction_of_freedom_months", 24)}),
    ],
)
def test_an_amount_between_two_sanction_words_of_a_list(text: str, expected: set) -> None:
    from qorgau.extract.pipeline import extract_document

    got = {(f.value["kind"], f.value["value"]) for f in extract_document(text, "t").facts
           if f.kind == "penalty"}
    assert got == expected


@pytest.mark.parametrize(
    ("text", "ban"),
    [
        ("The court may also bar him from contacting his former wife.", True),
        ("A judge barred the man from approaching the victim's home.", True),
        ("He waited at a bar near her office and then called her.", False),
        ("Officers bar entry to the building from 9 pm.", False),
    ],
)
def test_english_bar_from_contacting_is_a_contact_ban(text: str, ban: bool) -> None:
    from qorgau.extract.pipeline import extract_document

    facts = extract_document(text, "t").facts
    assert any(f.kind == "penalty" and f.value["kind"] == "contact_ban" for f in facts) is ban
