"""Regional tables and nationwide totals of registered cases in kk/ru/en, and the seed documents.

The sentences are written for these tests. Traps: a count shared by several names goes to each
(also written "по 4", "4-тен", "4 each");
a bare Алматы early in a list is the city, later in a list of regions the region; counts of
persons, solved cases and approximate counts make no rows; a count about one region in prose is
not a table; a phone number is not a count.
"""

import json
from pathlib import Path

import pytest

from qorgau.extract import places, stats_tables
from qorgau.extract.pipeline import extract_document, prepare
from qorgau.facts_v1 import project
from timing import cpu_seconds


def run(text: str):
    """Places then tables, without the law references extractor (the local article reading)."""
    doc = prepare(text)
    doc.facts.extend(places.extract(doc))
    return stats_tables.extract(doc)


def rows(text: str) -> set[tuple[str, str, int]]:
    return {(f.value["article"], f.value["region"], f.value["count"]) for f in run(text)}


KK = [
    (
        "ҚК-нің 115-1-бабы бойынша Шымкент – 12, Астана – 9, Алматы – 4, Жамбыл және Түркістан "
        "облыстары – 2.",
        {("115-1", "KZ-79", 12), ("115-1", "KZ-71", 9), ("115-1", "KZ-75", 4),
         ("115-1", "KZ-31", 2), ("115-1", "KZ-61", 2)},
    ),
    (
        "Ағымдағы жылы ҚК-нің 125-1-бабы бойынша 20 қылмыстық іс тіркелді: Шымкент қаласында – 8, "
        "Түркістан облысында – 6, Алматы және Қызылорда облыстарында – 3.",
        {("125-1", "KZ", 20), ("125-1", "KZ-79", 8), ("125-1", "KZ-61", 6),
         ("125-1", "KZ-19", 3), ("125-1", "KZ-43", 3)},
    ),
    (
        "ҚК-нің 115-1-бабы бойынша Астана – 7, Алматы – 5, Ақтөбе – 3, Алматы, Павлодар, Атырау "
        "облыстары – 1.",
        {("115-1", "KZ-71", 7), ("115-1", "KZ-75", 5), ("115-1", "KZ-15", 3),
         ("115-1", "KZ-19", 1), ("115-1", "KZ-55", 1), ("115-1", "KZ-23", 1)},
    ),
    (
        "Өткен жылы елімізде сталкинг фактілері бойынша 41 қылмыстық іс тіркелді.",
        {("115-1", "KZ", 41)},
    ),
    ("2024 жылы 19 450 интернет-алаяқтық қылмысы тіркелді.", {("190", "KZ", 19450)}),
    (
        "ҚК-нің 115-1-бабы бойынша 6 қылмыстық іс және ҚК-нің 125-1-бабы бойынша 4 қылмыстық іс "
        "тіркелді.",
        {("115-1", "KZ", 6), ("125-1", "KZ", 4)},
    ),
    (
        "ҚК-нің 115-1-бабы бойынша Түркістан облысы бойынша – 10, Шымкент қаласы бойынша – 5.",
        {("115-1", "KZ-61", 10), ("115-1", "KZ-79", 5)},
    ),
    (
        "ҚК-нің 115-1-бабы бойынша Шымкент – 23 іс, Астана – 16 іс.",
        {("115-1", "KZ-79", 23), ("115-1", "KZ-71", 16)},
    ),
    (
        "ҚК-нің 125-1-бабы бойынша Шымкент қаласында – 7, Қызылорда және Маңғыстау облыстарында "
        "3-тен, Астана қаласында – 1.",
        {("125-1", "KZ-79", 7), ("125-1", "KZ-43", 3), ("125-1", "KZ-47", 3),
         ("125-1", "KZ-71", 1)},
    ),
    (
        "ҚК-нің 190-бабы бойынша Астана – 40, Қарағанды және Павлодар облыстарында 12-ден.",
        {("190", "KZ-71", 40), ("190", "KZ-35", 12), ("190", "KZ-55", 12)},
    ),
    (
        "ҚК-нің 115-1-бабы бойынша 37, 125-1-бабы бойынша 15 қылмыстық іс тіркелді.",
        {("115-1", "KZ", 37), ("125-1", "KZ", 15)},
    ),
    (
        "ҚК-нің 115-1-бабы және 125-1-бабы күшіне енгеннен бері тиісінше 14 және 6 қылмыстық іс "
        "тіркелді.",
        {("115-1", "KZ", 14), ("125-1", "KZ", 6)},
    ),
    # traps: a count in one region said in prose; two years, not two articles
    ("Былтыр облыста сталкинг бойынша 5 қылмыстық іс тіркелді.", set()),
    (
        "2025 жылы 14, 2026 жылы 9 қылмыстық іс тіркелді, бәрі ҚК-нің 115-1-бабы бойынша.",
        {("115-1", "KZ", 9)},
    ),
    ("Былтыр 20 мыңға жуық интернет-алаяқтық дерегі тіркелді.", set()),
    (
        "Барлығы 90 120 қылмыс тіркелді, оның ішінде 26 400-і интернет-алаяқтық.",
        {("190", "KZ", 26400)},
    ),
    ("2025 жылы 4 200 интернет-алаяқтық қылмысы ашылды.", set()),
    ("ҚК-нің 115-1-бабы бойынша 12 адам жауапкершілікке тартылды.", set()),
    ("Павлодар облысында ҚК-нің 115-1-бабы бойынша 3 қылмыстық іс тіркелді.", set()),
    ("Сталкинг туралы 102 нөміріне хабарласыңыз, Астана – 8 7172 55 44 33.", set()),
    ("Шымкент қаласында интернет-алаяқтық дерегі тіркелді.", set()),
]

RU = [
    (
        "По ст. 115-1 УК РК: г. Шымкент – 14, г. Астана – 10, Карагандинская область – 6, "
        "Павлодарская и Костанайская области – 2.",
        {("115-1", "KZ-79", 14), ("115-1", "KZ-71", 10), ("115-1", "KZ-35", 6),
         ("115-1", "KZ-55", 2), ("115-1", "KZ-39", 2)},
    ),
    (
        "С начала года зарегистрировано 52 уголовных дела по ст. 125-1 УК.",
        {("125-1", "KZ", 52)},
    ),
    (
        "Статья 115-1 УК, по регионам:\nг. Алматы — 11\nг. Шымкент — 9\nАктюбинская область — 4\n"
        "Всего — 24",
        {("115-1", "KZ-75", 11), ("115-1", "KZ-79", 9), ("115-1", "KZ-15", 4)},
    ),
    (
        "В Казахстане за 2025 год зарегистрировано 27 100 фактов интернет-мошенничества.",
        {("190", "KZ", 27100)},
    ),
    (
        "По ст. 125-1 УК: Туркестанская и Жамбылская области – 4, г. Шымкент – 6.",
        {("125-1", "KZ-61", 4), ("125-1", "KZ-31", 4), ("125-1", "KZ-79", 6)},
    ),
    (
        "С начала года по ст. 190 УК РК зарегистрировано 28 700 уголовных правонарушений.",
        {("190", "KZ", 28700)},
    ),
    (
        "По ст. 125-1 УК: в г. Шымкенте – 4, в Туркестанской области – 3, по Жамбылской "
        "области – 1.",
        {("125-1", "KZ-79", 4), ("125-1", "KZ-61", 3), ("125-1", "KZ-31", 1)},
    ),
    (
        "По ст. 115-1 УК: г. Шымкент – 9, Костанайская и Актюбинская области – по 4, области "
        "Улытау и Абай – по 1.",
        {("115-1", "KZ-79", 9), ("115-1", "KZ-39", 4), ("115-1", "KZ-15", 4),
         ("115-1", "KZ-62", 1), ("115-1", "KZ-10", 1)},
    ),
    (
        "По ст. 125-1 УК: г. Алматы – 5, Алматинская область – 3, ЗКО – 2.",
        {("125-1", "KZ-75", 5), ("125-1", "KZ-19", 3), ("125-1", "KZ-27", 2)},
    ),
    (
        "По ст. 190 УК: г. Астана – 12, Атырауская и Мангистауская области – по 6.",
        {("190", "KZ-71", 12), ("190", "KZ-23", 6), ("190", "KZ-47", 6)},
    ),
    (
        "За 2025 год зарегистрировано 21 уголовное дело о незаконном преследовании и 9 — о "
        "принуждении к вступлению в брак.",
        {("115-1", "KZ", 21), ("125-1", "KZ", 9)},
    ),
    (
        "С начала года зарегистрировано 40 уголовных дел по статье 115-1 УК и 17 — по статье "
        "125-1 УК.",
        {("115-1", "KZ", 40), ("125-1", "KZ", 17)},
    ),
    (
        "Отдельно об интернет-мошенничестве. С начала года зарегистрировано 3 210 таких "
        "преступлений.",
        {("190", "KZ", 3210)},
    ),
    # traps
    ("С начала года по области зарегистрировано 6 уголовных дел о сталкинге.", set()),
    (
        "Зарегистрировано 20 уголовных дел о сталкинге, раскрыто 8 — по ст. 115-1 УК.",
        {("115-1", "KZ", 20)},
    ),
    ("В Костанайской области зарегистрировано 2 уголовных дела о сталкинге.", set()),
    (
        "Всего в стране зарегистрировано 91 800 преступлений, из них 25 100 – "
        "интернет-мошенничества.",
        set(),
    ),
    ("Около 30 тысяч фактов интернет-мошенничества зарегистрировано в прошлом году.", set()),
    ("По ст. 190 УК к уголовной ответственности привлечено 640 человек.", set()),
    ("Из зарегистрированных по ст. 190 УК раскрыто 300 преступлений.", set()),
    ("Заявления принимают по телефону 102 и в г. Шымкент – 8 7252 30 40 50.", set()),
    ("В Актау по ст. 115-1 УК зарегистрировано два уголовных дела.", set()),
]

EN = [
    (
        "Under Article 115-1, cases by region: Shymkent (11), Astana (8), Almaty (5), "
        "Mangystau Region (2).",
        {("115-1", "KZ-79", 11), ("115-1", "KZ-71", 8), ("115-1", "KZ-75", 5),
         ("115-1", "KZ-47", 2)},
    ),
    (
        "In 2025, 64 criminal cases of stalking were registered nationwide.",
        {("115-1", "KZ", 64)},
    ),
    (
        "A total of 18,300 internet fraud crimes were registered in Kazakhstan last year.",
        {("190", "KZ", 18300)},
    ),
    (
        "Under Article 125-1: Turkistan Region - 5, Shymkent - 4, Kyzylorda and Zhambyl regions - 1.",
        {("125-1", "KZ-61", 5), ("125-1", "KZ-79", 4), ("125-1", "KZ-43", 1),
         ("125-1", "KZ-31", 1)},
    ),
    (
        "Since January, 37 cases under Article 125-1 were registered across the country.",
        {("125-1", "KZ", 37)},
    ),
    (
        "Under Article 115-1: Astana (16 cases), Almaty (9 cases).",
        {("115-1", "KZ-71", 16), ("115-1", "KZ-75", 9)},
    ),
    (
        "Under Article 125-1: Shymkent - 6, Aktobe and Atyrau regions - 2 each, Astana - 1.",
        {("125-1", "KZ-79", 6), ("125-1", "KZ-15", 2), ("125-1", "KZ-23", 2),
         ("125-1", "KZ-71", 1)},
    ),
    (
        "Under Article 190: Astana - 30, Karaganda and Pavlodar regions - 12 each.",
        {("190", "KZ-71", 30), ("190", "KZ-35", 12), ("190", "KZ-55", 12)},
    ),
    (
        "Since January, 30 cases were registered under Article 115-1 and 11 under Article 125-1.",
        {("115-1", "KZ", 30), ("125-1", "KZ", 11)},
    ),
    (
        "Internet fraud remains a concern. This year 2,700 such crimes were registered.",
        {("190", "KZ", 2700)},
    ),
    # traps
    ("This year 4 stalking cases were registered in the region.", set()),
    ("Police in Aktobe Region registered 3 criminal cases of stalking.", set()),
    (
        "In total, 92,700 crimes were registered, including 24,900 internet frauds.",
        {("190", "KZ", 24900)},
    ),
    ("About 9,000 internet fraud cases were registered.", set()),
    ("Call 102 if you are followed; 15 people were prosecuted under Article 115-1.", set()),
    ("In Shymkent, 2 stalking cases were registered this month.", set()),
    ("Police solved 120 internet fraud crimes out of those registered.", set()),
]


@pytest.mark.parametrize(("text", "expected"), KK)
def test_kazakh(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), RU)
def test_russian(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), EN)
def test_english(text, expected):
    assert rows(text) == expected


def test_table_sum_is_checked_against_the_stated_total():
    text = (
        "Ағымдағы жылы ҚК-нің 125-1-бабы бойынша 20 қылмыстық іс тіркелді: Шымкент қаласында – 8, "
        "Түркістан облысында – 6, Алматы және Қызылорда облыстарында – 3."
    )
    table = [f for f in run(text) if f.rule == "stats:table"]
    assert {f.extra["table_id"] for f in table} == {"t1"}
    assert all(f.extra["sum_matches_total"] is True for f in table)
    shared = {f.value["region"] for f in table if f.extra["shared"]}
    assert shared == {"KZ-19", "KZ-43"}


def test_table_sum_mismatch_and_missing_total():
    wrong = run("По ст. 115-1 УК зарегистрировано 30 уголовных дел: г. Астана – 10, г. Алматы – 10.")
    assert ("115-1", "KZ", 30) in {(f.value["article"], f.value["region"], f.value["count"])
                                   for f in wrong}
    assert {f.extra["sum_matches_total"] for f in wrong if f.rule == "stats:table"} == {False}
    inline = run("Статья 115-1 УК:\nг. Алматы — 11\nг. Шымкент — 9\nВсего — 20")
    assert {f.extra["sum_matches_total"] for f in inline} == {True}
    none = run("По ст. 115-1 УК: г. Алматы – 3, г. Шымкент – 2.")
    assert {f.extra["sum_matches_total"] for f in none} == {None}


def test_two_tables_get_their_own_articles_and_ids():
    text = (
        "ҚК-нің 115-1-бабы бойынша Шымкент – 3, Астана – 2.\n"
        "ҚК-нің 125-1-бабы бойынша Түркістан облысында – 4, Шымкент қаласында – 1."
    )
    got = {(f.value["article"], f.value["region"], f.value["count"], f.extra["table_id"])
           for f in run(text)}
    assert got == {("115-1", "KZ-79", 3, "t1"), ("115-1", "KZ-71", 2, "t1"),
                   ("125-1", "KZ-61", 4, "t2"), ("125-1", "KZ-79", 1, "t2")}


def test_article_from_the_previous_paragraph():
    text = (
        "ҚК-нің 115-1-бабы бойынша 9 қылмыстық іс тіркелді.\n\n"
        "Өңірлер бойынша: Астана – 5, Ақтөбе облысы – 4."
    )
    assert rows(text) == {("115-1", "KZ", 9), ("115-1", "KZ-71", 5), ("115-1", "KZ-15", 4)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ҚК-нің 190-бабы бойынша 15 000 қылмыстық іс тіркелді.",
            {("190", "KZ", 15000)},
        ),
        (
            "По ч. 2 ст. 190 УК: г. Астана – 40, г. Алматы – 35.",
            {("190-2", "KZ-71", 40), ("190-2", "KZ-75", 35)},
        ),
        (
            "In 2025, 25 and 8 criminal cases were registered under Article 115-1 and Article "
            "125-1 respectively.",
            {("115-1", "KZ", 25), ("125-1", "KZ", 8)},
        ),
        (
            "По статьям 115-1 и 125-1 УК зарегистрировано соответственно 19 и 7 уголовных дел.",
            {("115-1", "KZ", 19), ("125-1", "KZ", 7)},
        ),
        (
            "ҚК-нің 115-1 және 125-1-баптары 2025 жылдан бері қолданылады. Аталған баптар бойынша "
            "тиісінше 16 және 5 қылмыстық іс тіркелді.",
            {("115-1", "KZ", 16), ("125-1", "KZ", 5)},
        ),
        # without a word saying "respectively" the first number of the pair is not read
        (
            "За 2025 год по статьям 115-1 и 125-1 УК зарегистрировано 19 и 7 уголовных дел.",
            {("125-1", "KZ", 7)},
        ),
    ],
)
def test_with_the_whole_pipeline(text, expected):
    got = {(f.value["article"], f.value["region"], f.value["count"])
           for f in extract_document(text).facts if f.kind == "stat"}
    assert got == expected


def test_adversarial_input_stays_linear():
    unit = (
        "ҚК-нің 115-1-бабы бойынша 15 қылмыстық іс тіркелді. " * 50
        + "Шымкент – 1, Астана – 2, " * 200
        + "1" * 3000
        + " - - , , ; ; " * 200
        + "зарегистрировано 12 уголовных дел " * 100
    )
    small, big = unit * 2, unit * 8
    t_small, t_big = cpu_seconds(run, small), cpu_seconds(run, big)
    assert t_big < 4 * t_small * 2.5 + 0.1


# --- the seed documents of the project against their gold facts --------------------------

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
GOLD_FILE = SHARED / "eval" / "seeds.gold.jsonl"


def _gold() -> dict[str, dict]:
    if not GOLD_FILE.is_file():
        return {}
    lines = GOLD_FILE.read_text("utf-8").splitlines()
    return {json.loads(x)["id"]: json.loads(x) for x in lines if x.strip()}


def _key(item) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


@pytest.mark.skipif(not SEEDS or not GOLD_FILE.is_file(), reason="shared seed documents absent")
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_regions_stats_and_figures_match_gold(path):
    gold = _gold().get(path.stem)
    if gold is None:
        pytest.skip(f"no gold record for {path.stem}")
    got = project(extract_document(path.read_text("utf-8"), path.stem))
    for field in ("regions", "stats", "figures"):
        if field not in gold:
            continue
        want = {_key(x) for x in gold[field]}
        have = {_key(x) for x in got[field]}
        assert have == want, (field, sorted(want - have), sorted(have - want))
