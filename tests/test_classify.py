"""Offence classification, implied articles and fraud schemes in kk, ru and en."""

from __future__ import annotations

import time

import pytest

from qorgau.extract import classify, law_refs
from qorgau.extract.pipeline import prepare
from qorgau.model import Document, Fact, Sentence


def _run(text: str) -> tuple[Document, list[Fact]]:
    doc = prepare(text)
    doc.facts.extend(law_refs.extract(doc))  # classify reads the explicit references
    return doc, classify.extract(doc)


def _offences(text: str) -> set[str]:
    return {f.value for f in _run(text)[1] if f.kind == "offence"}


def _schemes(text: str) -> set[str]:
    return {f.value for f in _run(text)[1] if f.kind == "scheme"}


S, C, F = "stalking", "coercion_to_marriage", "internet_fraud"

RU = [
    ("Бывший муж месяцами преследовал её, звонил с разных номеров и приходил к ней на работу.",
     {S}),
    ("В Костанае зарегистрирован первый случай сталкинга.", {S}),
    ("Мужчина выслеживал бывшую девушку и навязывал ей общение вопреки её воле.", {S}),
    ("Студентку похитили с целью вступления в брак, возбуждено дело о принуждении к браку.", {C}),
    ("Родители насильно выдали 16-летнюю дочь замуж.", {C}),
    ("Пенсионерка перевела мошенникам деньги на «безопасный счёт».", {F}),
    ("Интернет-мошенники продавали несуществующие телефоны по предоплате.", {F}),
    ("Мошенники представились сотрудниками банка и убедили её перевести сбережения.", {F}),
    ("Телефонные мошенники за неделю выманили у жителей Караганды 40 млн тенге.", {F}),
    ("Несмотря на предупреждение, он продолжал ей звонить.", set()),
    # traps: traffic, domestic violence, hooliganism, prosecution, "pursue a goal", plain fraud
    ("Водитель не справился с управлением, произошло ДТП, двоих пострадавших госпитализировали.",
     set()),
    ("Муж избил жену, в отношении него вынесено защитное предписание.", set()),
    ("Мелкое хулиганство: мужчина выражался нецензурной бранью в кафе и был оштрафован.", set()),
    ("Прокуратура прекратила уголовное преследование в отношении директора школы.", set()),
    ("Компания преследует цель увеличить продажи в регионах.", set()),
    ("Полицейские преследовали автомобиль нарушителя по проспекту.", set()),
    ("Риелтор обманом завладел квартирой пенсионера, возбуждено дело о мошенничестве.", set()),
]

KK = [
    ("Ол бұрынғы әйелін бірнеше ай бойы аңдып, күн сайын қоңырау шалған.", {S}),
    ("Полиция заңсыз қудалау дерегі бойынша тексеру жүргізуде.", {S}),
    ("Ер адам бұрынғы әйелінің соңынан қалмай, жұмысына барып, қорқытқан.", {S}),
    ("Түркістан облысында қыз ұрлау дерегі бойынша іс қозғалды.", {C}),
    ("Жас жігіт қызды некеге тұруға мәжбүрлеген.", {C}),
    ("Шымкентте интернет-алаяқтар тұрғындарды алдап, 2 млн теңге ұрлады.", {F}),
    ("Алаяқтар банк қызметкерлерінің атынан хабарласып, ақшаны қауіпсіз шотқа аударуды сұраған.",
     {F}),
    # traps
    ("Жол-көлік оқиғасы салдарынан екі адам жарақат алды.", set()),
    ("Прокуратура қылмыстық қудалауды тоқтатты.", set()),
    ("Ауылда жаңа мектеп ашылды, оған үш жүз оқушы барады.", set()),
    ("Күйеуі әйелін ұрып-соққан, оған қатысты қорғау нұсқамасы шығарылды.", set()),
]

EN = [
    ("A man in Atyrau was convicted of stalking his former girlfriend.", {S}),
    ("He followed her to work and sent unwanted messages against her will for months.", {S}),
    ("He kept calling her and showing up at her workplace, and was detained for harassment.",
     {S}),
    ("Police warned about bride kidnapping cases in the south.", {C}),
    ("The victim was forced to marry a man she had never met.", {C}),
    ("Online fraud losses rose sharply last year.", {F}),
    ("Scammers posing as bank employees persuaded her to move savings to a safe account.", {F}),
    # traps
    ("A truck collided with a bus on the highway near Taraz.", set()),
    ("The opposition alleged election fraud in two districts.", set()),
    ("Stalking horse bidders were invited to the auction.", set()),
    ("He was arrested for petty hooliganism after a fight in a bar.", set()),
    ("The audit report mentions fraud once, in a footnote about accounting.", set()),
    ("Police chased the car through the city centre.", set()),
]


@pytest.mark.parametrize(("text", "expected"), RU)
def test_russian_offences(text: str, expected: set[str]) -> None:
    assert _offences(text) == expected


@pytest.mark.parametrize(("text", "expected"), KK)
def test_kazakh_offences(text: str, expected: set[str]) -> None:
    assert _offences(text) == expected


@pytest.mark.parametrize(("text", "expected"), EN)
def test_english_offences(text: str, expected: set[str]) -> None:
    assert _offences(text) == expected


def test_offence_fact_shape() -> None:
    text = "Суд вынес приговор за сталкинг: мужчина преследовал бывшую жену."
    _, facts = _run(text)
    (off,) = [f for f in facts if f.kind == "offence"]
    assert off.value == S
    assert off.text == "сталкинг" == text[off.start : off.end]
    assert off.rule == "classify:offence"
    assert off.extra["score"] >= 3
    ids = [c["id"] for c in off.extra["cues"]]
    assert ids[0] == "stalking_term" and "ru_pursued" in ids
    assert all(text[c["start"] : c["end"]] == c["text"] for c in off.extra["cues"])


def test_implied_article_when_no_number_is_given() -> None:
    _, facts = _run("Полиция расследует факт незаконного преследования жительницы Актау.")
    arts = [f for f in facts if f.kind == "article"]
    assert [a.value for a in arts] == [
        {"code": "115-1", "code_book": "CC", "implied": True, "part": None, "item": None}
    ]
    assert arts[0].rule == "classify:implied_article"


@pytest.mark.parametrize(
    "text",
    [
        "Возбуждено дело по ст. 115-1 УК РК: мужчина преследовал бывшую жену.",
        "Іс ҚК-нің 115-1-бабы бойынша тіркелді, ол бұрынғы әйелін аңдыған.",
        "He was convicted of stalking under Article 115-1 of the Criminal Code.",
    ],
)
def test_no_implied_article_when_the_same_article_is_explicit(text: str) -> None:
    doc, facts = _run(text)
    assert S in {f.value for f in facts if f.kind == "offence"}
    assert not [f for f in facts if f.kind == "article"]
    assert [f.value["code"] for f in doc.facts if f.kind == "article"] == ["115-1"]


def test_explicit_part_counts_as_the_same_article() -> None:
    text = "По ч. 3 ст. 190 УК РК: мошенники убедили пенсионерку перевести всё на безопасный счёт."
    _, facts = _run(text)
    assert F in {f.value for f in facts if f.kind == "offence"}
    assert not [f for f in facts if f.kind == "article"]


def test_explicit_article_alone_classifies_stalking_but_190_needs_an_online_cue() -> None:
    assert _offences("Возбуждено уголовное дело по статье 115-1 УК РК.") == {S}
    assert _offences("Возбуждено уголовное дело по статье 190 УК РК.") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Мошенники позвонили от имени банка и попросили код из SMS, а затем перевести деньги "
         "на безопасный счёт.", {"impersonation"}),
        ("Интернет-мошенники продали несуществующий товар по объявлению на OLX, взяв предоплату.",
         {"prepayment_ad"}),
        ("Жертва интернет-мошенничества вложила деньги в фейковую инвестиционную платформу и "
         "криптовалюту.", {"investment"}),
        ("Интернет-алаяқтар тұрғынға жалған сайт сілтемесін жіберіп, картасынан ақша ұрлаған.",
         {"phishing"}),
        ("Fraudsters hijacked her WhatsApp account through a linked device and asked her friends "
         "for money in an online scam.", {"account_takeover"}),
        ("Online scammers persuaded the victim to install a malicious app that gave them remote "
         "access to his bank account.", {"malware"}),
        ("Интернет-мошенники оформили кредит на её имя через приложение банка.",
         {"credit_in_victim_name"}),
        ("Студент стал дроппером: интернет-мошенники переводили похищенные деньги через его карту.",
         {"dropper"}),
        ("After a phone scam the pensioner sold her flat and gave the money to fraudsters.",
         {"housing_sale"}),
        ("Число случаев интернет-мошенничества в регионе выросло на 12%.", {"other"}),
    ],
)
def test_fraud_schemes(text: str, expected: set[str]) -> None:
    assert _schemes(text) == expected


def test_no_schemes_without_internet_fraud() -> None:
    assert _schemes("Компания привлекла инвестиции и открыла интернет-магазин.") == set()


def test_lexicon_cues_compile_and_are_indexed() -> None:
    lex = classify._lexicon()
    assert set(lex.offences) == {S, C, F}
    assert all(2 <= len(k) <= 3 for k in lex.index)
    with pytest.raises(ValueError):
        classify._literal_prefixes(r"\w+abc")


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (r"продолжа\w{1,4}\s+(?:ей|ему)", {"продолжа"}),
        (r"(?:поддельн|фейков)\w{1,6}", {"поддельн", "фейков"}),
        ("abcd?", {"abc"}),  # the optional last letter is not part of the stem
        ("ab?cdef", {"ab"}),  # an optional letter inside the key: the key as before
        (r"(?:abcd|ef?g)x", {"abc", "ef"}),  # one branch falls back: every branch does
        (r"(?:ab|cd)?xyz", {"ab", "cd", "xyz"}),  # an optional group: the keys as before
        ("abcdefghijk", {"abcdefgh"}),
    ],
)
def test_long_prefixes(src: str, expected: set[str]) -> None:
    assert classify._long_prefixes(src) == expected


def test_long_keys_keep_the_cues_of_the_short_keys_in_order() -> None:
    lex = classify._lexicon()
    for key, cues in lex.long_index.items():
        short = key[:3] if len(key) >= 3 and key[:3] in lex.index else key[:2]
        base = lex.index[short]
        it = iter(base)
        assert all(any(c is b for b in it) for c in cues), key  # a subsequence of the short list


_CASES = [
    "Бывший муж ПРЕСЛЕДОВАЛ её, звонил с разных номеров. Возбуждено дело о сталкинге.",
    "Мошенники представились сотрудниками банка и выманили деньги на безопасный счёт.",
    "He kept STALKING her and sent threatening messages; the fraudsters used phishing links.",
]


@pytest.mark.parametrize("text", _CASES)
@pytest.mark.parametrize("odd", ["", " \u017f", " \u1c80", " \u0130"])
def test_lower_cased_scan_finds_what_the_case_insensitive_one_finds(text: str, odd: str) -> None:
    # a character that case-insensitive matching treats as a variant of a letter switches the
    # scan back to the case-insensitive cues; the facts must not change either way
    want = [(f.kind, f.value, f.start, f.end, f.extra) for f in _run(text)[1]]
    assert want
    got = [(f.kind, f.value, f.start, f.end, f.extra) for f in _run(text + odd)[1]]
    assert got == want


# U+0130 (capital I with dot above: Turkish names, Kazakh Latin script) lowers to two characters;
# a text that holds it is read as any other, upper-case cues included, with exact offsets.
DOTTED_I = [
    ("СТАЛКИНГ: бывший муж следил за ней даже в поездке в İzmir.", {S}, "СТАЛКИНГ"),
    ("İSTANBUL-ДАН ОРАЛҒАН ҚЫЗДЫ НЕКЕГЕ ТҰРУҒА МӘЖБҮРЛЕГЕН.", {C}, "НЕКЕГЕ ТҰРУҒА МӘЖБҮРЛЕГЕН"),
    ("Online fraud: Scammers posing as İş Bankası staff took her savings.", {F}, "Online fraud"),
    # traps: the letter alone decides nothing
    ("İstanbul'da yeni bir müze açıldı.", set(), None),
    ("Делегация из İzmir посетила Астану.", set(), None),
]


@pytest.mark.parametrize(("text", "expected", "cue"), DOTTED_I)
def test_text_with_capital_dotted_i_is_read_like_any_other(
    text: str, expected: set[str], cue: str | None
) -> None:
    facts = [f for f in _run(text)[1] if f.kind == "offence"]
    assert {f.value for f in facts} == expected
    for f in facts:
        assert text[f.start : f.end] == f.text == cue


@pytest.mark.parametrize("text", _CASES)
def test_capital_dotted_i_before_the_cues_keeps_their_offsets(text: str) -> None:
    want = [(f.kind, f.value, f.start, f.end) for f in _run(text)[1]]
    lead = "İİ "
    got = [(f.kind, f.value, f.start - len(lead), f.end - len(lead))
           for f in _run(lead + text)[1]]
    assert got == want


@pytest.mark.parametrize(
    "text",
    [
        "7" * 1_000_000,
        "пре " * 250_000,
        "интернет " * 110_000,
        "мошенники перевели " * 50_000,
        "сталкинг " * 110_000,
        "я" * 1_000_000,
        "İ" * 1_000_000,
        "СТАЛКИНГ İ " * 90_000,
    ],
)
def test_adversarial_input_runs_in_linear_time(text: str) -> None:
    doc = Document(id="x", original=text, norm=text, language="ru",
                   sentences=[Sentence(0, len(text), "ru")])
    t0 = time.perf_counter()
    classify.extract(doc)
    assert time.perf_counter() - t0 < 5.0
