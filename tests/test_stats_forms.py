"""More ways ministries and newspapers write regional counts and nationwide totals (kk/ru/en).

The sentences are written for these tests. Forms: counts in brackets after places in prose;
a shared count written before its places ("по 4 ... в X и Y, по 2 — в Z"); "X область и
область Y – по 3"; dotted-leader tables with a total line; a total after a heading that names the
article; a count pointing back to "данной статье" and its new value in the next sentence.
Traps: "Алматинская" alone in a table is the region, "г. Алматы" the city; counts of persons
before places make no rows; a row without a region ("other regions") is not a row; a count "в
области" (one region, unnamed) is not nationwide, but "в области кибербезопасности" is a field;
"Всего ..., из них по ст. 190 – ..." is a total of all crimes, not of article 190.
Breakdowns: a total broken down by what became of the cases ("из них направлено в суд") keeps the
article of its heading, one broken down into kinds of offence does not; places after "оның
ішінде"/"из них"/"of which" do not make the total local, and the parts written before their
places ("олардың 14-і Жамбыл облысында", "из них 17 — в ...", "of which 210 in ...") are rows,
unless the count broken down is one of persons. A ranking's first place may carry its count
("led with 1,310 cases, followed by ..."), but not a number that is no count of cases.
"""

import pytest

from qorgau.extract.pipeline import extract_document


def rows(text: str) -> set[tuple[str, str, int]]:
    doc = extract_document(text)
    return {
        (f.value["article"], f.value["region"], f.value["count"])
        for f in doc.facts
        if f.kind == "stat"
    }


CASES = [
    # counts in brackets after places, in prose; the feminine adjective alone is the region
    (
        "По статье 125-1 УК больше всего дел возбуждено в Шымкенте (11), Алматы (6) и Кокшетау "
        "(4). Далее идут Жамбылская (3), Алматинская (2) и Кызылординская (2) области.",
        {("125-1", "KZ-79", 11), ("125-1", "KZ-75", 6), ("125-1", "KZ-11", 4),
         ("125-1", "KZ-31", 3), ("125-1", "KZ-19", 2), ("125-1", "KZ-43", 2)},
    ),
    # a shared count before its places, "по одному" = 1, "в области Ұлытау"
    (
        "В 2026 году по ст. 115-1 УК по 4 уголовных дела зарегистрировано в Костанайской и "
        "Павлодарской областях, по 2 — в Акмолинской, Атырауской и Жетысуской, по одному — в "
        "области Ұлытау и Северо-Казахстанской области.",
        {("115-1", "KZ-39", 4), ("115-1", "KZ-55", 4), ("115-1", "KZ-11", 2),
         ("115-1", "KZ-23", 2), ("115-1", "KZ-33", 2), ("115-1", "KZ-62", 1),
         ("115-1", "KZ-59", 1)},
    ),
    # one group, with a case noun
    (
        "По ст. 115-1 УК по 3 дела учтено в Карагандинской и Актюбинской областях.",
        {("115-1", "KZ-35", 3), ("115-1", "KZ-15", 3)},
    ),
    # persons, not cases
    (
        "По ст. 115-1 УК по 2 человека из Карагандинской и Актюбинской областей осуждены, по 1 — "
        "в Мангистауской.",
        set(),
    ),
    (
        "По ст. 115-1 УК по 2 сотрудника направлены в Карагандинскую и Актюбинскую области.",
        set(),
    ),
    # the word for region before the name, joined to a name written the other way round
    (
        "Дела по ст. 125-1 УК:\nг. Шымкент – 9;\nЖамбылская область и область Абай – по 3;\n"
        "Алматинская – 2;\nАкмолинская область и область Жетісу – по 1.",
        {("125-1", "KZ-79", 9), ("125-1", "KZ-31", 3), ("125-1", "KZ-10", 3),
         ("125-1", "KZ-19", 2), ("125-1", "KZ-11", 1), ("125-1", "KZ-33", 1)},
    ),
    (
        "По ст. 190 УК г. Алматы – 40, Алматинская – 12, Алматинская городская прокуратура – 3.",
        {("190", "KZ-75", 40), ("190", "KZ-19", 12)},
    ),
    # a dotted-leader table, a row without a region, the total line
    (
        "Registered cases, Article 115-1, 2026\nAstana ........................ 14\n"
        "Karaganda region ............ 6\nAlmaty ......................... 5\n"
        "all other regions .......... 9\nTotal .......................... 34",
        {("115-1", "KZ-71", 14), ("115-1", "KZ-35", 6), ("115-1", "KZ-75", 5),
         ("115-1", "KZ", 34)},
    ),
    (
        "Кестеде 190-бап бойынша:\nШымкент қаласы ............ 120\nАлматы облысы ............. 85"
        "\nАстана ...................... 77",
        {("190", "KZ-79", 120), ("190", "KZ-19", 85), ("190", "KZ-71", 77)},
    ),
    # a count for each, before its places, in English
    (
        "Registered cases under Article 190: 5 cases each in Aktobe and Atyrau regions, 3 each in "
        "Pavlodar and Kostanay regions.",
        {("190", "KZ-15", 5), ("190", "KZ-23", 5), ("190", "KZ-55", 3), ("190", "KZ-39", 3)},
    ),
    # totals after a heading that names the article
    (
        "Справка о преследовании по ст. 115-1 УК РК за январь–август 2026 года\n"
        "Всего по республике зарегистрировано 143 уголовных правонарушения.",
        {("115-1", "KZ", 143)},
    ),
    (
        "Statistics on Article 125-1 of the Criminal Code, 2026\n"
        "In total, 58 criminal cases were registered nationwide.",
        {("125-1", "KZ", 58)},
    ),
    # "по данной статье", and the count given anew in the next sentence
    (
        "Статья 115-1 введена в 2025 году.\n\nЗа 2025 год органами полиции было зарегистрировано "
        "11 уголовных дел по данной статье. За восемь месяцев 2026 года их число составило 143.",
        {("115-1", "KZ", 11), ("115-1", "KZ", 143)},
    ),
    (
        "125-1-бап 2025 жылы күшіне енді.\n\n2025 жылы осы бап бойынша 9 қылмыстық іс тіркелді. "
        "Биылғы сегіз айда олардың саны 61-ге жетті.",
        {("125-1", "KZ", 9), ("125-1", "KZ", 61)},
    ),
    # a new value that is a share, not a count
    (
        "Статья 115-1 введена в 2025 году.\n\nЗа 2025 год было зарегистрировано 11 уголовных дел "
        "по данной статье. В 2026 году их число выросло до 40%.",
        {("115-1", "KZ", 11)},
    ),
    # one region, unnamed: no nationwide row
    (
        "Департамент полиции Костанайской области\n\nС начала года в области зарегистрировано 734 "
        "факта интернет-мошенничества, раскрыто 210.",
        set(),
    ),
    (
        "Пресс-служба ДП\n\nС начала года в области было учтено 734 факта интернет-мошенничества.",
        set(),
    ),
    ("Облысымызда биыл 312 интернет-алаяқтық дерегі тіркелді.", set()),
    # a field, not a place
    (
        "Эксперты в области кибербезопасности отмечают: в Казахстане зарегистрировано 734 факта "
        "интернет-мошенничества.",
        {("190", "KZ", 734)},
    ),
    # a total of all crimes with a breakdown
    (
        "Всего зарегистрировано 73 610 уголовных правонарушений, из них по ст. 190 УК – 19 874.",
        set(),
    ),
    # a total after a heading, broken down by what became of the cases: still the article's total
    (
        "Справка по ст. 125-1 УК РК за девять месяцев 2026 года\n"
        "Всего по республике зарегистрировано 63 уголовных правонарушения, из них направлено в "
        "суд 25.",
        {("125-1", "KZ", 63)},
    ),
    (
        "190-бап бойынша 2026 жылғы мәліметтер\n"
        "Барлығы 4 120 қылмыстық құқық бұзушылық тіркелді, оның ішінде 1 900 іс сотқа жолданды.",
        {("190", "KZ", 4120)},
    ),
    # broken down into kinds of offence: a total of all crimes, not the heading's article
    (
        "Справка по ст. 190 УК РК за 2026 год\n"
        "Всего зарегистрировано 5 400 преступлений, из них мошенничеств — 1 250.",
        set(),
    ),
    # a total whose regions follow a breakdown word, and parts written before their places
    (
        "Биыл 115-1-бап бойынша 96 қылмыстық құқық бұзушылық тіркелді, оның ішінде Астана "
        "қаласында – 20, Ақтөбе облысында – 11.",
        {("115-1", "KZ", 96), ("115-1", "KZ-71", 20), ("115-1", "KZ-15", 11)},
    ),
    (
        "Бұдан бөлек 125-1-бап бойынша 35 факт тіркелді, олардың 14-і Жамбыл облысында, 6-сы "
        "Ақтауда.",
        {("125-1", "KZ", 35), ("125-1", "KZ-31", 14), ("125-1", "KZ-47", 6)},
    ),
    (
        "По ст. 115-1 УК в 2026 году зарегистрировано 52 уголовных дела, из них 17 — в "
        "Павлодарской области, а 9 — в г. Семей.",
        {("115-1", "KZ", 52), ("115-1", "KZ-55", 17), ("115-1", "KZ-10", 9)},
    ),
    (
        "Under Article 190, 640 criminal cases were registered in 2026, of which 210 in Aktobe "
        "region and 95 in Atyrau.",
        {("190", "KZ", 640), ("190", "KZ-15", 210), ("190", "KZ-23", 95)},
    ),
    # persons, not cases, broken down by place: no rows
    (
        "По ст. 190 УК к ответственности привлечено 30 человек, из них 12 — в Жамбылской "
        "области, 8 — в Шымкенте.",
        set(),
    ),
    (
        "190-бап бойынша жауапкершілікке 30 адам тартылды, олардың 12-сі Жамбыл облысында, 8-і "
        "Шымкентте.",
        set(),
    ),
    # a place named before the count keeps it local, breakdown or not
    (
        "В Шымкенте по ст. 190 УК зарегистрировано 400 уголовных дел, из них раскрыто 120.",
        set(),
    ),
    # the first place of a ranking, then the others in brackets
    (
        "Article 190 cases by region in 2026: Shymkent led with 1,310 cases, followed by Astana "
        "(1,020) and Pavlodar region (640).",
        {("190", "KZ-79", 1310), ("190", "KZ-71", 1020), ("190", "KZ-55", 640)},
    ),
    (
        "По ст. 190 УК в 2026 году больше всего дел в Шымкенте — лидирует Шымкент с 1 310 "
        "делами, далее следуют Астана (1 020) и Павлодарская область (640).",
        {("190", "KZ-79", 1310), ("190", "KZ-71", 1020), ("190", "KZ-55", 640)},
    ),
    (
        "190-бап бойынша Шымкент қаласы 1 310 дерекпен алда, одан кейін Астана (1 020) және "
        "Павлодар облысы (640).",
        {("190", "KZ-79", 1310), ("190", "KZ-71", 1020), ("190", "KZ-55", 640)},
    ),
    # a first place with a number that is not a count of cases
    (
        "Article 190 cases in 2026: Almaty with 2 million residents, followed by Astana (1,020) "
        "and Pavlodar region (640).",
        {("190", "KZ-71", 1020), ("190", "KZ-55", 640)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_forms(text, expected):
    assert rows(text) == expected


def test_a_local_table_total_is_not_the_country():
    text = (
        "Дела по ст. 115-1 УК в регионе за 2026 год\nг. Караганда – 6\nг. Жезказган – 3\n"
        "Итого – 9"
    )
    found = rows(text)
    assert ("115-1", "KZ-35", 6) in found
    assert not any(region == "KZ" for _, region, _ in found)


def test_leader_rows_keep_their_spans():
    doc = extract_document("Cases, Article 125-1\nShymkent ....... 31\nAstana ......... 4\n")
    facts = [f for f in doc.facts if f.kind == "stat"]
    assert [f.text for f in facts] == ["Shymkent ....... 31", "Astana ......... 4"]


# tables of count columns, cells separated by tabs or runs of spaces, headed by years or words
COLUMN_CASES = [
    (
        "Число зарегистрированных уголовных правонарушений по ст. 125-1 УК.\n\n"
        "Регион\t\t2024\t2025\nЖамбылская область\t\t3\t9\nг. Шымкент\t\t\t5\t12\n"
        "Другие регионы\t\t4\t20\nВсего по республике\t12\t41\n",
        {("125-1", "KZ-31", 3), ("125-1", "KZ-31", 9), ("125-1", "KZ-79", 5),
         ("125-1", "KZ-79", 12), ("125-1", "KZ", 12), ("125-1", "KZ", 41)},
    ),
    (
        "ҚК-нің 115-1-бабы бойынша тіркелген қылмыстық құқық бұзушылықтар саны:\n\n"
        "Өңір                 2025 ж.   2026 ж.\nТүркістан облысы      2         7\n"
        "Маңғыстау облысы      -         4\nБарлығы               2         11\n",
        {("115-1", "KZ-61", 2), ("115-1", "KZ-61", 7), ("115-1", "KZ-47", 4),
         ("115-1", "KZ", 2), ("115-1", "KZ", 11)},
    ),
    # a column of growth or of percentages is not a count; nor is one of cases sent to court
    (
        "Article 190 offences registered, by region:\n\n"
        "Region          2026     Growth, %    Sent to court\nKostanay Region   140      12           61\n"
        "Atyrau Region     95       8            40\nTotal             235      10           101\n",
        {("190", "KZ-39", 140), ("190", "KZ-23", 95), ("190", "KZ", 235)},
    ),
    # rows with several numbers but no heading of columns are not read as such a table
    (
        "Article 190.\n\nKostanay Region   140   12\nAtyrau Region   95   8\n",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), COLUMN_CASES)
def test_column_tables(text, expected):
    assert rows(text) == expected


# a year is no count; two totals may share one verb, for two periods
TOTAL_CASES = [
    ("The 2025 cases were registered under Article 125-1 in these regions: none outside Astana.",
     set()),
    ("Article 190 offences registered in 2026 are listed below.", set()),
    (
        "14 criminal cases were registered under Article 115-1 from 16 September to 31 December "
        "2025, and 61 between 1 January and 31 August 2026.",
        {("115-1", "KZ", 14), ("115-1", "KZ", 61)},
    ),
    (
        "По статье 115-1 УК с 16 сентября по 31 декабря 2025 года зарегистрировано 14 уголовных "
        "дел, а с начала 2026 года — 61.",
        {("115-1", "KZ", 14), ("115-1", "KZ", 61)},
    ),
    (
        "ҚК-нің 115-1-бабы бойынша 2025 жылы 14 қылмыстық іс тіркелді, ал 2026 жылдың сегіз "
        "айында – 61.",
        {("115-1", "KZ", 14), ("115-1", "KZ", 61)},
    ),
    # the second number is of something else
    (
        "14 criminal cases were registered under Article 115-1 in 2025, and 6 people were "
        "convicted in 2026.",
        {("115-1", "KZ", 14)},
    ),
    (
        "По статье 115-1 УК зарегистрировано 14 уголовных дел, а в суд направлено — 6.",
        {("115-1", "KZ", 14)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), TOTAL_CASES)
def test_years_and_second_totals(text, expected):
    assert rows(text) == expected


# Kazakh words for "in the republic" make a total nationwide even when a city follows
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Республикада ҚК-нің 115-1-бабы бойынша 45 қылмыстық іс тіркелді, ең көбі Астанада.",
         {("115-1", "KZ", 45)}),
        ("Республика көлемінде ҚК-нің 125-1-бабы бойынша 8 қылмыстық іс тіркелді, оның үшеуі "
         "Шымкентте.", {("125-1", "KZ", 8)}),
        # a region's own total stays no row
        ("ҚК-нің 115-1-бабы бойынша Астанада 9 қылмыстық іс тіркелді.", set()),
    ],
)
def test_republic_words(text, expected):
    assert rows(text) == expected


# the sentence right after a ranking may give one more region its count
NEXT_CASES = [
    (
        "Article 190: Shymkent (512), Astana (438) and Pavlodar Region (241). Zhambyl Region "
        "reported 189 cases.",
        {("190", "KZ-79", 512), ("190", "KZ-71", 438), ("190", "KZ-55", 241),
         ("190", "KZ-31", 189)},
    ),
    (
        "ҚК-нің 190-бабы бойынша: Шымкент – 512, Астана – 438, Павлодар облысы – 241. Жамбыл "
        "облысында 189 қылмыстық іс тіркелді.",
        {("190", "KZ-79", 512), ("190", "KZ-71", 438), ("190", "KZ-55", 241),
         ("190", "KZ-31", 189)},
    ),
    # a count of persons, a sentence with another number, a new paragraph: no row
    (
        "Article 190: Shymkent (512), Astana (438). Zhambyl Region reported 189 victims.",
        {("190", "KZ-79", 512), ("190", "KZ-71", 438)},
    ),
    (
        "Article 190: Shymkent (512), Astana (438). Zhambyl Region reported 18 cases in 2025.",
        {("190", "KZ-79", 512), ("190", "KZ-71", 438)},
    ),
    (
        "Article 190: Shymkent (512), Astana (438).\n\nZhambyl Region reported 18 cases.",
        {("190", "KZ-79", 512), ("190", "KZ-71", 438)},
    ),
    # cases opened are cases registered
    (
        "Since Article 125-1 took effect, police have opened 37 criminal cases.",
        {("125-1", "KZ", 37)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), NEXT_CASES)
def test_next_sentence_rows(text, expected):
    assert rows(text) == expected


# tables with their cells between bars, as pasted from a document or written in Markdown; the
# row number before the name is no count
PIPE_CASES = [
    (
        "Уголовные дела по ст. 115-1 УК РК по регионам\n(данные на 1 сентября 2026 года)\n"
        "№ | Область, город | Зарегистрировано\n1 | Карагандинская область | 17\n"
        "2 | город Астана | 9\n3 | Павлодарская область | 4\n | Итого | 30\n",
        {("115-1", "KZ-35", 17), ("115-1", "KZ-71", 9), ("115-1", "KZ-55", 4),
         ("115-1", "KZ", 30)},
    ),
    (
        "Article 190 crimes registered in two years:\n\n| Region | 2025 | 2026 | Solved, % |\n"
        "|---|---|---|---|\n| Kostanay Region | 210 | 256 | 41 |\n| Shymkent | 118 | 97 | 38 |\n",
        {("190", "KZ-39", 210), ("190", "KZ-39", 256), ("190", "KZ-79", 118),
         ("190", "KZ-79", 97)},
    ),
    (
        "ҚК-нің 125-1-бабы бойынша тіркелген істер\n\nӨңір | Істер саны\nЖамбыл облысы | 6\n"
        "Шымкент қаласы | 3\n",
        {("125-1", "KZ-31", 6), ("125-1", "KZ-79", 3)},
    ),
    # a column of persons is no count of cases, and bars in prose make no table
    (
        "Article 115-1.\n\n| Region | Victims |\n|---|---|\n| Astana | 12 |\n| Shymkent | 8 |\n",
        set(),
    ),
    ("Article 190: Astana | 12 | Almaty 4.", set()),
    # a column of growth in percent is read past, not taken
    (
        "По ст. 190 УК\n| Регион | 2026 | Рост |\n|:--|--:|--:|\n| г. Шымкент | 97 | +12,5% |\n"
        "| Костанайская область | 256 | -3% |\n",
        {("190", "KZ-79", 97), ("190", "KZ-39", 256)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), PIPE_CASES)
def test_pipe_tables(text, expected):
    assert rows(text) == expected


# a list of one region a line under the sentence that opens it; the article may come from the
# offence the sentence names
BULLET_CASES = [
    (
        "Most stalking cases were recorded in these regions:\n- Karaganda Region – 22;\n"
        "- Astana – 17;\n- Almaty – 9.\n",
        {("115-1", "KZ-35", 22), ("115-1", "KZ-71", 17), ("115-1", "KZ-75", 9)},
    ),
    (
        "Больше всего фактов принуждения к вступлению в брак зарегистрировано в регионах:\n"
        "• Туркестанская область — 14\n• г. Шымкент — 11\n• Алматинская область — 3\n",
        {("125-1", "KZ-61", 14), ("125-1", "KZ-79", 11), ("125-1", "KZ-19", 3)},
    ),
    (
        "Интернет-алаяқтық бойынша ең көп іс тіркелген өңірлер:\n1) Алматы қаласы – 640 іс;\n"
        "2) Астана қаласы – 512 іс;\n3) Қарағанды облысы – 301 іс.\n",
        {("190", "KZ-75", 640), ("190", "KZ-71", 512), ("190", "KZ-35", 301)},
    ),
    (
        "По статье 190 УК больше всего дел в регионах:\n1. Шымкент - 70;\n2. Астана - 55.\n",
        {("190", "KZ-79", 70), ("190", "KZ-71", 55)},
    ),
    (
        "Чаще всего случаев преследования фиксировали здесь:\n– Павлодарская область – 13;\n"
        "– город Алматы – 10.\n",
        {("115-1", "KZ-55", 13), ("115-1", "KZ-75", 10)},
    ),
    (
        "Аңду бойынша ең көп іс тіркелген өңірлер:\n* Павлодар облысы – 13;\n* Астана – 10.\n",
        {("115-1", "KZ-55", 13), ("115-1", "KZ-71", 10)},
    ),
    # "уголовное преследование" is prosecution, not stalking
    (
        "Органы уголовного преследования чаще всего регистрировали дела здесь:\n"
        "– Павлодарская область – 13;\n– город Алматы – 10.\n",
        set(),
    ),
    # a list of lines with no offence or article named anywhere makes no rows
    ("Regions visited by the minister:\n- Astana – 2 days;\n- Shymkent – 3 days.\n", set()),
]


@pytest.mark.parametrize(("text", "expected"), BULLET_CASES)
def test_bullet_lists(text, expected):
    assert rows(text) == expected
