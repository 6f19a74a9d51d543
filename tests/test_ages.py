"""Ages of people, birth years and age thresholds in kk, ru and en texts.

Every sentence here was written for these tests. Traps: group bounds (over 60, under 18) are
thresholds, and lengths of time (terms, durations, months, days) are not ages at all.
"""

from __future__ import annotations

import pytest

from qorgau.extract import ages, dates
from qorgau.model import Document
from qorgau.text.normalise import normalise


def read(text: str, lang: str = "ru") -> tuple[Document, list]:
    doc = Document(id="t", original=text, norm=normalise(text), language=lang)
    doc.facts.extend(dates.extract(doc))
    return doc, ages.extract(doc)


def of_kind(text: str, kind: str) -> list:
    return [f.value for f in read(text)[1] if f.kind == kind]


AGES = [
    # ru
    ("ru", "В полицию обратилась 42-летняя жительница Талдыкоргана.", 42),
    ("ru", "Задержан 29-летний житель Кокшетау.", 29),
    ("ru", "Суд выслушал 51-летнего заявителя.", 51),
    ("ru", "Девушку в возрасте 19 лет преследовал знакомый.", 19),
    ("ru", "Ей было 33 года, когда начались звонки.", 33),
    ("ru", "Ему исполнилось 47 лет в прошлом месяце.", 47),
    ("ru", "Жительница Семея, 58 лет, написала заявление.", 58),
    ("ru", "Потерпевшая Сауле (36 лет) дала показания.", 36),
    ("ru", "Он переехал сюда в 17-летнем возрасте.", 17),
    ("ru", "Пострадал 16-ти летний подросток.", 16),
    # kk
    ("kk", "Полицияға 34 жастағы әйел жүгінді.", 34),
    ("kk", "Күдікті 41 жаста, бұрын сотталмаған.", 41),
    ("kk", "Жәбірленуші 27 жасар қыз екен.", 27),
    ("kk", "Ол 19 жасында тұрмысқа шығуға мәжбүрленді.", 19),
    ("kk", "Ұлы биыл 18 жасқа толды.", 18),
    ("kk", "Әйелдің жасы 52-де екен.", 52),
    ("kk", "Отыз бес жастағы ер адам ұсталды.", 35),
    # en
    ("en", "A 31-year-old woman from Kostanay filed a complaint.", 31),
    ("en", "The suspect, 44 years old, was detained in Semey.", 44),
    ("en", "A woman aged 38 reported the threats.", 38),
    ("en", "He met her at the age of 26.", 26),
    ("en", "The victim, a twenty-two-year-old student, called 102.", 22),
    ("en", "Police questioned a man, 50-year-old, near the school.", 50),
]


@pytest.mark.parametrize(("lang", "text", "expected"), AGES)
def test_ages(lang, text, expected):
    doc, facts = read(text)
    assert [f.value for f in facts if f.kind == "age"] == [expected]
    for f in facts:
        assert f.text == text[f.start : f.end]


THRESHOLDS = [
    ("ru", "Среди пострадавших много лиц старше 65 лет.", {"op": "over", "years": 65}),
    ("ru", "Услуга для граждан моложе 30 лет.", {"op": "under", "years": 30}),
    ("ru", "Дети в возрасте до 16 лет не допускаются.", {"op": "up_to", "years": 16}),
    (
        "ru",
        "Опрошены женщины в возрасте от 20 до 35 лет.",
        {"op": "between", "years": 20, "years_max": 35},
    ),
    ("ru", "Лица, не достигшие 14 лет, не отвечают.", {"op": "under", "years": 14}),
    ("ru", "Ответственность наступает с 16-летнего возраста.", {"op": "from", "years": 16}),
    ("ru", "Пенсионеры 63 лет и старше получают выплату.", {"op": "from", "years": 63}),
    ("kk", "70 жастан асқан азаматтар алаяқтарға сенеді.", {"op": "over", "years": 70}),
    ("kk", "16 жасқа толмаған балалар қорғалады.", {"op": "under", "years": 16}),
    ("kk", "18 жасқа дейінгі жасөспірімдер тартылды.", {"op": "up_to", "years": 18}),
    ("kk", "25-35 жастағы әйелдер жиі жүгінеді.", {"op": "between", "years": 25, "years_max": 35}),
    ("kk", "65 жас және одан жоғары адамдар.", {"op": "from", "years": 65}),
    ("en", "Most victims over 65 lost their savings.", {"op": "over", "years": 65}),
    ("en", "The programme covers people aged 70 and over.", {"op": "from", "years": 70}),
    ("en", "Minors under the age of 16 need a guardian.", {"op": "under", "years": 16}),
    ("en", "Women aged 18-30 were surveyed.", {"op": "between", "years": 18, "years_max": 30}),
    ("en", "Callers targeted the over-70s in Taraz.", {"op": "over", "years": 70}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), THRESHOLDS)
def test_thresholds_are_not_ages(lang, text, expected):
    doc, facts = read(text)
    assert [f.value for f in facts if f.kind == "age_threshold"] == [expected]
    assert [f.value for f in facts if f.kind == "age"] == []


NOT_AGES = [
    ("ru", "Суд приговорил его к лишению свободы на 5 лет."),
    ("ru", "Звонки продолжались в течение 3 лет."),
    ("ru", "Его арестовали на 50 суток."),
    ("ru", "После 12-летнего брака супруги развелись."),
    ("ru", "Ему назначен 7-летний срок."),
    ("ru", "Лишение свободы (4 года) заменено штрафом."),
    ("ru", "Мужчина 5 лет назад переехал в Атырау."),
    ("kk", "Ол 2 жыл бойы хабарлама жіберді."),
    ("kk", "Сот оған 3 жыл бас бостандығын шектеу тағайындады."),
    ("kk", "Бес жыл ішінде 20 арыз түсті."),
    ("en", "He stalked her for more than 18 months."),
    ("en", "She waited 30 days before reporting."),
    ("en", "The law is over 60 pages long."),
    ("en", "A 5-year sentence was handed down."),
]


@pytest.mark.parametrize(("lang", "text"), NOT_AGES)
def test_lengths_of_time_are_not_ages(lang, text):
    facts = read(text)[1]
    assert [f.kind for f in facts] == []


BIRTH = [
    ("ru", "Ответ от 12.02.2026. Пенсионерка 1957 года рождения лишилась сбережений.", 1957, 69),
    ("ru", "Письмо от 3 марта 2026 г. Гражданин К., 1990 г.р., задержан.", 1990, 36),
    ("kk", "2026 жылғы 10 қаңтардағы хат. 1961 жылы туған зейнеткер алданды.", 1961, 65),
    ("en", "Report of 20 January 2026. The victim, born in 1948, lost her flat.", 1948, 78),
]


@pytest.mark.parametrize(("lang", "text", "year", "age"), BIRTH)
def test_birth_year_gives_age_at_reference_date(lang, text, year, age):
    doc, facts = read(text)
    got = [f for f in facts if f.kind == "age"]
    assert [f.value for f in got] == [age]
    assert got[0].extra["birth_year"] == year
    # the birth year is not an event year for the dates extractor
    assert year not in [f.value for f in doc.facts if f.kind == "year"]


BIRTH_DATES = [
    # the birthday after the document date: one year less than the years' difference
    ("ru", "Рапорт от 20.02.2026. Задержан Ахметов Д.К., 12.03.1987 г.р., житель Семея.",
     "1987-03-12", 38),
    ("ru", "Рапорт от 20.02.2026. Задержан Ахметов Д.К., 12.02.1987 года рождения.",
     "1987-02-12", 39),
    ("kk", "2026 жылғы 20 ақпан. Күдікті 1987 жылғы 12 наурызда туған.", "1987-03-12", 38),
    ("en", "Report of 20 February 2026. The suspect, born on 12 March 1987, was held.",
     "1987-03-12", 38),
    ("en", "Report of 20 February 2026. The suspect, born 20 February 1996, was held.",
     "1996-02-20", 30),
]


@pytest.mark.parametrize(("lang", "text", "born", "age"), BIRTH_DATES)
def test_full_birth_date_gives_exact_age_and_a_date(lang, text, born, age):
    doc, facts = read(text)
    got = [f for f in facts if f.kind == "age"]
    assert [f.value for f in got] == [age]
    assert got[0].extra["birth_date"] == born
    assert "approximate" not in got[0].extra
    # the date of birth is a date of the text, but never its reference date
    assert born in [f.value for f in doc.facts if f.kind == "date"]
    assert str(doc.ref_date) != born


def test_full_birth_date_without_reference_date_gives_birth_year():
    doc, facts = read("Задержан Ахметов Д.К., 12.03.1987 г.р.")
    assert [f.value for f in facts if f.kind == "birth_year"] == [1987]
    assert [f.value for f in facts if f.kind == "age"] == []
    assert doc.ref_date is None


def test_birthday_is_no_birth_date():
    doc, facts = read("2026 жылғы 14 ақпанда туған күнін тойлады.")
    assert [f.kind for f in facts] == []
    assert doc.ref_date is not None


@pytest.mark.parametrize(
    ("lang", "text", "year"),
    [
        ("ru", "Пенсионерка 1957 года рождения лишилась сбережений.", 1957),
        ("kk", "1961 жылы туған зейнеткер алданды.", 1961),
        ("en", "The victim, born in 1948, lost her flat.", 1948),
    ],
)
def test_birth_year_without_reference_date(lang, text, year):
    assert of_kind(text, "birth_year") == [year]
    assert of_kind(text, "age") == []


def test_ages_out_of_bounds_rejected():
    assert of_kind("Дому 300-летний юбилей, а не возраст.", "age") == []
    assert of_kind("A 150-year-old oak was cut.", "age") == []


# Two or more ages that share one age word, and English ages in apposition ("the mother, 48,").
SEVERAL = [
    ("kk", "Тонауға 19 және 23 жастағы екі жігіт қатысқан.", [19, 23]),
    ("kk", "Ұсталғандар 20 бен 27 жаста, екеуі де жұмыссыз.", [20, 27]),
    ("kk", "Қамауға 31, 35 және 40 жастағы үш ер адам алынды.", [31, 35, 40]),
    ("ru", "Полиция задержала двух мужчин 27 и 33 лет.", [27, 33]),
    ("ru", "Пострадали сестры в возрасте 16 и 19 лет.", [16, 19]),
    ("ru", "Обвиняемым 33- и 41-летнему назначены штрафы.", [33, 41]),
    ("ru", "Братьям, 18 и 21 год, вынесли предупреждение.", [18, 21]),
    ("en", "Two sisters, aged 19 and 24, were questioned.", [19, 24]),
    ("en", "The 43- and 47-year-old brothers pleaded guilty.", [43, 47]),
    ("en", "Neighbours who are 52 and 58 years old saw the car.", [52, 58]),
    ("en", "A retired teacher's husband, 77, called the police.", [77]),
    ("en", "Aliya Serikova, 29, told reporters she had been followed.", [29]),
    ("en", "Mr Ospanov, 56, denied the charges; his son, 30, was released.", [56, 30]),
    ("en", "The defendants, 23 and 26, will appeal.", [23, 26]),
    ("en", "The judge spoke to the mother, 48.", [48]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), SEVERAL)
def test_several_ages(lang, text, expected):
    doc, facts = read(text)
    got = [f for f in facts if f.kind == "age"]
    assert [f.value for f in got] == expected
    for f in got:
        assert f.text == text[f.start : f.end]
        assert f.text.startswith(str(f.value))


NOT_SEVERAL = [
    # ranges, terms, times ago and group bounds
    ("kk", "Сауалнамаға 18 бен 30 жас аралығындағы жастар қатысты."),
    ("ru", "Суд назначил им 4 и 6 лет лишения свободы."),
    ("ru", "Он получил 4 и 6 лет колонии по двум приговорам."),
    ("ru", "Это случилось 3 и 8 лет назад."),
    ("ru", "Сотрудников со стажем от 5 и более лет наградили."),
    ("ru", "Подсчитали случаи за 2 и 5 лет."),
    ("ru", "Им дали сроки на 3 и 7 лет."),
    ("en", "The survey covered people between 20 and 35 years old."),
    # apposition needs a person noun or a full name; places, dates, lists and counts are not ages
    ("en", "In 2025, 71 cases were opened."),
    ("en", "Police counted cases in Aktobe, 14, and Atyrau, 9."),
    ("en", "Kostanay, 12 reports were filed."),
    ("en", "Read Articles 190, 45, 46 and 47 of the Code."),
    ("en", "She lives at Abylai Khan Avenue, 25, flat 4."),
    ("en", "The hearings were on Tuesday, 14, and Friday, 17."),
    ("en", "The victims, 11, 14, 16 and 18, were children."),
    ("en", "Shares of Kaspi Bank, 12, fell."),
    ("en", "Kazakhstan, 40, and Uzbekistan, 35, signed the pact."),
    ("en", "Chapter Nine, 12, covers fraud."),
    ("en", "The report says that Smith, 34, was the witness."),
]


@pytest.mark.parametrize(("lang", "text"), NOT_SEVERAL)
def test_ranges_terms_and_lists_are_not_several_ages(lang, text):
    assert of_kind(text, "age") == []


def test_aged_range_stays_a_threshold():
    assert of_kind("Volunteers aged 18 to 30 may apply.", "age_threshold") == [
        {"op": "between", "years": 18, "years_max": 30}
    ]
    assert of_kind("Volunteers aged between 18 and 30 may apply.", "age") == []


# Ages told as a plain predicate or in the first person.
PREDICATE = [
    ("ru", "Мне 41 год, я живу в Павлодаре.", [41]),
    ("ru", "Дочери сейчас 7 лет.", [7]),
    ("ru", "Ему 23 года, он студент.", [23]),
    ("ru", "Самой старшей — 64 года.", [64]),
    ("ru", "Им 20 и 22 года, они соседи.", [20, 22]),
    ("kk", "Мен 38 жастамын, екі балам бар.", [38]),
    ("kk", "Сіз 50 жастасыз ба?", [50]),
    ("en", "Saule, 26, works at a bank in Oral.", [26]),
    ("en", "He called again. Timur, 44, was fined.", [44]),
    ("en", "She is 52 and lives alone.", [52]),
    ("en", "He was 16 when the messages started.", [16]),
    ("en", "I'm 29.", [29]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), PREDICATE)
def test_predicate_ages(lang, text, expected):
    doc, facts = read(text, lang)
    assert [f.value for f in facts if f.kind == "age"] == expected
    for f in facts:
        assert f.text == text[f.start : f.end]


NOT_PREDICATE = [
    ("ru", "Мне 3 года назад звонил этот человек."),
    ("ru", "Ему 8 лет грозит по этой статье."),
    ("ru", "Суд дал ему 6 лет."),
    ("ru", "Ей 2 года лишения свободы заменили штрафом."),
    ("ru", "Сыну 10 лет не платили алименты."),
    ("ru", "Общий стаж 25 лет."),
    ("kk", "21 жастан асқан азаматтар жүгінді."),
    ("en", "She worked there for 26 years."),
    ("en", "He is 3 km from the school."),
    ("en", "He was one of the callers."),
    ("en", "However, 12, not 14, cases were closed."),
    ("en", "Semey, 12, was next on the list."),
    ("en", "Saule, 26, Dana, 30, and Aigerim, 19 are on the list."),
    ("en", "The damage was KZT 26,4 million."),
]


@pytest.mark.parametrize(("lang", "text"), NOT_PREDICATE)
def test_not_predicate_ages(lang, text):
    assert [f.value for f in read(text, lang)[1] if f.kind == "age"] == []


def test_aged_plus_is_a_threshold():
    assert of_kind("Victims aged 70+ lost the most.", "age_threshold") == [
        {"op": "from", "years": 70}
    ]
    assert of_kind("Victims aged 70+ lost the most.", "age") == []
