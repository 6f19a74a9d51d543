"""Article references: Criminal Code and Administrative Offences Code, in kk, ru and en."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from qorgau.extract import law_refs
from qorgau.extract.pipeline import prepare
from qorgau.model import Document, Sentence

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _refs(text: str) -> list[tuple[str, str, int | None, int | None]]:
    doc = prepare(text)
    return [
        (f.value["code"], f.value["code_book"], f.value["part"], f.value["item"])
        for f in law_refs.extract(doc)
    ]


CC, AC = "CC", "AC"

RU = [
    ("Материалы направлены в суд по статье 115-1 УК РК.", [("115-1", CC, None, None)]),
    ("Дело возбуждено по ч. 2 ст. 190 УК.", [("190-2", CC, 2, None)]),
    ("Его действия квалифицированы по п. 4 ч. 2 ст. 190 УК РК.", [("190-2", CC, 2, 4)]),
    ("Обвинение предъявлено по части третьей статьи 190 Уголовного кодекса.",
     [("190-3", CC, 3, None)]),
    ("Расследование ведётся по ст.ст. 115-1, 125-1 УК РК.",
     [("115-1", CC, None, None), ("125-1", CC, None, None)]),
    ("Ответственность установлена статьями 115-1 и 125-1 Уголовного кодекса РК.",
     [("115-1", CC, None, None), ("125-1", CC, None, None)]),
    ("Нарушителя привлекли по статье 461 КоАП.", [("AC-461", AC, None, None)]),
    ("Протокол составлен по статье 73 Кодекса об административных правонарушениях.",
     [("AC-73", AC, None, None)]),
    ("Ранее его наказывали по ст. 434 КоАП РК, а теперь судят по ст. 115-1 УК РК.",
     [("AC-434", AC, None, None), ("115-1", CC, None, None)]),
    # a bare tracked number counts as the Criminal Code
    ("Принята новая норма: статья 125-1 вводит ответственность за принуждение.",
     [("125-1", CC, None, None)]),
    ("По ст.190 ч.2 УК РК дело передано в суд.", [("190-2", CC, 2, None)]),
    ("Дознание ведётся по статье 115-1 («Незаконное преследование») УК РК.",
     [("115-1", CC, None, None)]),
    # a tracked number right before "УК", with no "article" word
    ("Прошу возбудить уголовное дело по 115-1 УК РК.", [("115-1", CC, None, None)]),
    # the part before the second article belongs to it, not to the first
    ("Дело по ст. 115-1, ч. 1 ст. 125-1 УК РК.",
     [("115-1", CC, None, None), ("125-1-1", CC, 1, None)]),
    # "УК" as a management company, with an untracked number
    ("В этом квартале 5 УК обслуживают дома.", []),
    # 115 is the threat article, not 115-1
    ("Ему вменяют статью 115 УК РК (угроза).", [("115", CC, None, None)]),
    # traps: the enacting law, letter numbers, other acts, ranks, phone numbers
    ("Норма введена Законом № 210-VIII от 16 июля 2025 года.", []),
    ("В соответствии со статьей 5 Закона о правоохранительной службе.", []),
    ("Ходатайство рассмотрено по статье 188 УПК РК.", []),
    ("Звоните 8 700 115 12 34, спросите ст. лейтенанта Ахметова.", []),
    ("Ответ на запрос № ДС-16 от 23 января 2026 года.", []),
    ("Статья вышла 12.05.2025 в газете.", []),
    # a bare number that is not tracked is not a reference
    ("По статье 12 дело не рассматривалось.", []),
]

KK = [
    ("Іс ҚК-тің 115-1-бабы бойынша тіркелді.", [("115-1", CC, None, None)]),
    ("Күдіктіге ҚК-нің 125-1 бабы бойынша айып тағылды.", [("125-1", CC, None, None)]),
    ("Қылмыстық кодекстің 190-бабы бойынша тергеу басталды.", [("190", CC, None, None)]),
    ("Ол бұған дейін ӘҚБтК-нің 73-бабы бойынша жауапқа тартылған.", [("AC-73", AC, None, None)]),
    ("Әкімшілік құқық бұзушылық туралы кодекстің 461-бабымен хаттама толтырылды.",
     [("AC-461", AC, None, None)]),
    ("Іс 190-бабы 2-бөлімі 4-тармағы бойынша қозғалды.", [("190-2", CC, 2, 4)]),
    ("Қазақстан Республикасы Қылмыстық кодексінің 190-бабының үшінші бөлігі бойынша іс қозғалды.",
     [("190-3", CC, 3, None)]),
    ("ҚК-нің 115-1 және 125-1-баптары бойынша іс қозғалды.",
     [("115-1", CC, None, None), ("125-1", CC, None, None)]),
    # the code named before the number decides, even with another code after it
    ("Ол ӘҚБтК-нің 73-бабы және ҚК-тің 115-1-бабы бойынша жауапқа тартылды.",
     [("AC-73", AC, None, None), ("115-1", CC, None, None)]),
    ("ҚР ҚК 190-бабы бойынша 12 іс тіркелді.", [("190", CC, None, None)]),
    ("Бұл әрекет 115-1-бапқа сәйкес қылмыс болып табылады.", [("115-1", CC, None, None)]),
    # traps
    ("2025 жылғы 16 шілдедегі № 210-VIII Заңға сәйкес өзгерістер енгізілді.", []),
    ("Заңның 5-бабына сәйкес өтініш қаралды.", []),
    ("№ ДС-16 сауалға жауап дайындалды.", []),
    ("Біз 2026 жылы 115 адамды тексердік.", []),
]

EN = [
    ("He was charged under Article 115-1 of the Criminal Code.", [("115-1", CC, None, None)]),
    ("The case falls under Art. 190 of the Criminal Code.", [("190", CC, None, None)]),
    ("She had been fined under article 73 of the Administrative Code.",
     [("AC-73", AC, None, None)]),
    ("Part 2 of Article 190 of the Criminal Code provides for up to four years.",
     [("190-2", CC, 2, None)]),
    ("He faces charges under Article 190(3) of the Criminal Code.", [("190-3", CC, 3, None)]),
    ("Articles 115-1 and 125-1 of the Criminal Code took effect in September.",
     [("115-1", CC, None, None), ("125-1", CC, None, None)]),
    ("He was punished under Article 461 of the Code of Administrative Offences.",
     [("AC-461", AC, None, None)]),
    ("Under Article 115-1 of Kazakhstan's Criminal Code, stalking is a crime.",
     [("115-1", CC, None, None)]),
    ("Article 125-1 makes coercion to marry a crime.", [("125-1", CC, None, None)]),
    ("Paragraph 4 of Part 2 of Article 190 of the Criminal Code applies.", [("190-2", CC, 2, 4)]),
    # traps
    ("Article 115 of the Criminal Code covers threats.", [("115", CC, None, None)]),
    ("Article 5 of the Law on Road Traffic was amended.", []),
    ("Law No. 210-VIII was signed on 16 July 2025.", []),
    ("The hotline 102 took 115 calls on 19 March.", []),
    ("Article 12 of the Constitution protects private life.", []),
]


@pytest.mark.parametrize(("text", "expected"), RU)
def test_russian_references(text: str, expected: list) -> None:
    assert _refs(text) == expected


@pytest.mark.parametrize(("text", "expected"), KK)
def test_kazakh_references(text: str, expected: list) -> None:
    assert _refs(text) == expected


@pytest.mark.parametrize(("text", "expected"), EN)
def test_english_references(text: str, expected: list) -> None:
    assert _refs(text) == expected


def test_fact_shape_span_and_rule() -> None:
    text = "Дело возбуждено по статье 115–1 «Незаконное преследование» УК РК."
    doc = prepare(text)
    (f,) = law_refs.extract(doc)
    assert f.kind == "article"
    assert f.value == {"code": "115-1", "code_book": "CC", "implied": False, "part": None,
                       "item": None}
    assert f.text == text[f.start : f.end] == "статье 115–1 «Незаконное преследование» УК"
    assert f.rule == "law_refs:named_code"
    assert f.extra["code_text"] == "УК"


def test_bare_tracked_number_has_its_own_rule() -> None:
    (f,) = law_refs.extract(prepare("Статья 190 применяется чаще других."))
    assert f.value["code"] == "190" and f.rule == "law_refs:known_number"
    assert "code_text" not in f.extra


SAME_CODE = [
    ("Его обвиняют по статье 190 УК РК, а также по статье 385 за подделку документов.",
     [("190", CC), ("385", CC)]),
    ("Оған ҚК-нің 190-бабы бойынша, сондай-ақ 385-бабы бойынша айып тағылды.",
     [("190", CC), ("385", CC)]),
    ("He was charged under Article 115-1 of the Criminal Code, stalking, and under Article 120 "
     "for threats.", [("115-1", CC), ("120", CC)]),
    ("Протокол составлен по статье 73 КоАП, затем по статье 434.", [("AC-73", AC), ("AC-434", AC)]),
    # a new sentence, or another act named in between, ends the list
    ("Дело возбуждено по статье 190 УК. Статья 5 регулирует иное.", [("190", CC)]),
    ("Article 190 of the Criminal Code and Article 12 of the Law on Police apply.", [("190", CC)]),
    ("Статья 115-1 УК введена Законом № 210-VIII, статья 2 которого вступает позже.",
     [("115-1", CC)]),
    ("He was charged under Article 190 of the Criminal Code; Article 9 of the Marriage and "
     "Family Code also applies.", [("190", CC)]),
    ("Ол ҚК-нің 125-1-бабы бойынша айыпталды. Ал 9-бап басқа жайды реттейді.", [("125-1", CC)]),
    # a count before the next article number is not an article
    ("Былтыр ҚК-нің 190-бабы бойынша 64, 125-1-бабы бойынша 12 іс тіркелді.",
     [("190", CC), ("125-1", CC)]),
    ("По статье 190 УК РК зарегистрировано 40 дел, по статье 120 – 7.",
     [("190", CC), ("120", CC)]),
]


@pytest.mark.parametrize(("text", "expected"), SAME_CODE)
def test_a_reference_without_a_code_goes_on_citing_the_code_before_it(
    text: str, expected: list
) -> None:
    assert [(code, book) for code, book, _p, _i in _refs(text)] == expected


# A plural article word makes every number of its list an article, under a carried code too;
# a singular one keeps only the number beside it (other numbers count only when tracked).
LISTS = [
    ("Его обвиняют по статье 190 УК РК, а кроме того следствие вменило ему по статьям 120, 125 "
     "ещё два эпизода.", [("190", CC), ("120", CC), ("125", CC)]),
    ("Его обвиняют по статье 190 УК РК, а кроме того следствие вменило ему по статьям 120 и 125 "
     "ещё два эпизода.", [("190", CC), ("120", CC), ("125", CC)]),
    ("Ему вменили статью 190 УК РК, а после новых показаний следствие добавило статьи 120, 125 "
     "и 190-2.", [("190", CC), ("120", CC), ("125", CC), ("190-2", CC)]),
    ("Оған ҚК-нің 190-бабы бойынша айып тағылып, тергеушілер сондай-ақ оның әрекеттерін 120, "
     "125-баптары бойынша саралады.", [("190", CC), ("120", CC), ("125", CC)]),
    ("He was charged under Article 190 of the Criminal Code, and investigators later added "
     "charges under Articles 120 and 125.", [("190", CC), ("120", CC), ("125", CC)]),
    ("Протокол составлен по статье 73 КоАП РК, затем инспектор дописал в него статьи 434 и 461.",
     [("AC-73", AC), ("AC-434", AC), ("AC-461", AC)]),
    # traps: a count after a singular article word, a count before a Kazakh list
    ("По статье 190 УК РК в прошлом году следователи зарегистрировали по статье 120, 7 дел.",
     [("190", CC), ("120", CC)]),
    ("Былтыр ҚК-нің 190-бабы бойынша 64, 120 және 125-баптары бойынша 12 іс тіркелді.",
     [("190", CC), ("120", CC), ("125", CC)]),
    ("Былтыр ҚК-нің 190-бабы бойынша 64, 115-1 және 125-1-баптары бойынша 12 іс тіркелді.",
     [("190", CC), ("115-1", CC), ("125-1", CC)]),
    ("Ему вменили ч. 2 статьи 190 УК РК, а в обвинительном акте указана ч. 1 статьи 120, 5 "
     "эпизодов.", [("190-2", CC), ("120", CC)]),
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_every_number_after_a_plural_article_word_is_an_article(
    text: str, expected: list
) -> None:
    assert [(code, book) for code, book, _p, _i in _refs(text)] == expected


# The code a reference named is carried into the next sentence of the same paragraph when that
# sentence goes on ("Кроме того", "Сондай-ақ", "also") with a charge ("по статье", "бойынша",
# "under Article") that names no code of its own.
CARRIED = [
    ("Прокуратура возбудила дело по ст. 190 УК РК. Кроме того, по статье 120 возбуждено ещё "
     "одно дело.", [("190", CC), ("120", CC)]),
    ("Дело направлено в суд по ч. 2 ст. 190 УК РК. Также по статьям 120, 125 и 190-2 ему "
     "предъявлено обвинение.", [("190-2", CC), ("120", CC), ("125", CC), ("190-2", CC)]),
    ("Оған ҚК-нің 190-бабы бойынша айып тағылды. Сондай-ақ ол 120, 125-баптары бойынша "
     "айыпталады.", [("190", CC), ("120", CC), ("125", CC)]),
    ("Іс ҚК-нің 115-1-бабы бойынша қозғалды. Сонымен қатар күдікті 120-бабы бойынша да "
     "жауапқа тартылады.", [("115-1", CC), ("120", CC)]),
    ("He was charged under Article 190 of the Criminal Code. He was also charged under Articles "
     "120 and 125.", [("190", CC), ("120", CC), ("125", CC)]),
    ("Протокол составлен по статье 73 КоАП. Кроме того, по статье 434 его оштрафовали.",
     [("AC-73", AC), ("AC-434", AC)]),
    # traps: the next sentence names the Administrative Code or another act itself
    ("Дело возбуждено по ст. 190 УК РК. Кроме того, по статье 73 КоАП составлен протокол.",
     [("190", CC), ("AC-73", AC)]),
    ("Оған ҚК-нің 190-бабы бойынша айып тағылды. Сондай-ақ ӘҚБтК-нің 73-бабы бойынша хаттама "
     "толтырылды.", [("190", CC), ("AC-73", AC)]),
    ("Дело по статье 190 УК РК. Кроме того, по статье 12 Закона о полиции проведена проверка.",
     [("190", CC)]),
    # traps: no word saying the sentence goes on, or no charge
    ("Дело возбуждено по ст. 190 УК РК. Ранее его оштрафовали по статье 73 за хулиганство.",
     [("190", CC)]),
    ("Дело возбуждено по статье 190 УК. Кроме того, статья 5 регулирует иное.", [("190", CC)]),
    ("He was charged under Article 190 of the Criminal Code. Article 5 deals with something else.",
     [("190", CC)]),
    # traps: a number that is not an article, a sentence or a line break in between
    ("Дело по ст. 190 УК РК. Кроме того, в 120 случаях ущерб возмещён.", [("190", CC)]),
    ("Дело возбуждено по статье 190 УК. Это первый случай. Кроме того, по статье 120 возбуждено "
     "ещё одно дело.", [("190", CC)]),
    ("Дело возбуждено по статье 190 УК.\nКроме того, по статье 120 возбуждено ещё одно дело.",
     [("190", CC)]),
    # the reference before must have named the code itself: a carried code goes no further
    ("Дело по ст. 190 УК РК. Кроме того, по статье 120 возбуждено дело. Также по статье 125 "
     "начата проверка.", [("190", CC), ("120", CC)]),
]


@pytest.mark.parametrize(("text", "expected"), CARRIED)
def test_a_code_named_in_a_sentence_is_carried_into_the_next_that_goes_on(
    text: str, expected: list
) -> None:
    assert [(code, book) for code, book, _p, _i in _refs(text)] == expected


def test_a_carried_code_has_its_own_rule_and_span() -> None:
    text = "Прокуратура возбудила дело по ст. 190 УК РК. Кроме того, по статье 120 возбуждено дело."
    facts = law_refs.extract(prepare(text))
    assert [f.rule for f in facts] == ["law_refs:named_code", "law_refs:carried_code"]
    assert facts[1].text == "статье 120" and facts[1].extra["code_text"] == "УК"


def test_facts_v1_articles_take_carried_codes_and_leave_the_uncarried_number() -> None:
    from qorgau.extract.pipeline import extract_document
    from qorgau.facts_v1 import project

    text = ("Дело возбуждено по ст. 190 УК РК. Кроме того, по статьям 120 и 125 предъявлено "
            "обвинение. Ранее его оштрафовали по статье 73 за хулиганство.\n"
            "Протокол составлен по статье 461 КоАП. Кроме того, по статье 434 его оштрафовали.")
    articles = project(extract_document(text, "x"))["articles"]
    # 73 follows no continuation word and stays out; 434 continues the Administrative Code
    assert sorted(articles) == ["120", "125", "190", "AC-434", "AC-461"]


def test_an_inherited_code_keeps_its_own_span_and_rule() -> None:
    text = "Обвинение предъявлено по статье 125-1 УК РК за принуждение к браку и по статье 125."
    facts = law_refs.extract(prepare(text))
    assert [f.rule for f in facts] == ["law_refs:named_code", "law_refs:same_code"]
    assert facts[1].text == "статье 125" and facts[1].extra["code_text"] == "УК"


def _plain(text: str) -> Document:
    return Document(id="x", original=text, norm=text, language="ru",
                    sentences=[Sentence(0, len(text), "ru")])


@pytest.mark.parametrize(
    "text",
    [
        "1" * 1_000_000,
        "1, " * 300_000,
        "ст. " * 250_000,
        "ст. 1, " * 50_000,
        "1-бап " * 50_000,
        "-" * 1_000_000,
        "УК " * 300_000,
        "ч. 2 п. 4 " * 100_000,
        "статья 115-1 УК РК; " * 10_000,
        "ст. 1 УК, " * 30_000,
    ],
)
def test_adversarial_input_runs_in_linear_time(text: str) -> None:
    # catastrophic backtracking would take minutes; linear work takes well under a second
    t0 = time.perf_counter()
    law_refs.extract(_plain(text))
    assert time.perf_counter() - t0 < 10.0


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared seed documents are not checked out")
def test_seed_documents_articles_match_gold() -> None:
    from qorgau.extract.pipeline import extract_document
    from qorgau.facts_v1 import project

    gold = [
        json.loads(x)
        for x in (SHARED / "eval" / "seeds.gold.jsonl").read_text("utf-8").splitlines()
        if x.strip()
    ]
    assert gold
    for g in gold:
        text = (SHARED / "seeds" / f"{g['id']}.txt").read_text("utf-8")
        got = project(extract_document(text, g["id"]))
        assert sorted(got["articles"]) == sorted(g["articles"]), g["id"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Карту передал за плату: по статье 232-1 ему грозит до 5 лет.", ["232-1"]),
        ("Дроппер жауапкершілігі 232-1-бапта көзделген.", ["232-1"]),
        ("Money mules (Article 232-1)", ["232-1"]),
        # an untracked bare number stays unread, with or without a part of its own
        ("Статья 232 применяется редко.", []),
        ("Article 233-1 is not cited here with its code.", []),
    ],
)
def test_the_dropper_article_is_a_tracked_number(text: str, codes: list[str]) -> None:
    got = [f.value["code"] for f in law_refs.extract(prepare(text))]
    assert got == codes
    assert all(f.rule == "law_refs:known_number" for f in law_refs.extract(prepare(text)))
