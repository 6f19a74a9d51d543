"""Dates, months, years, periods and the reference date in kk, ru and en texts.

Every sentence here was written for these tests. The traps are things that look like dates but
are not: times, phone numbers, article and law numbers, version numbers, sums, calendar widgets.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from qorgau.extract import ages, dates
from qorgau.model import Document
from qorgau.text.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def read(text: str) -> tuple[Document, list]:
    doc = Document(id="t", original=text, norm=normalise(text))
    facts = dates.extract(doc)
    return doc, facts


def values(text: str, kind: str) -> list:
    return [f.value for f in read(text)[1] if f.kind == kind]


# --- full dates --------------------------------------------------------------------------------

FULL_DATES = [
    # ru
    ("ru", "Заявление поступило 13 января 2026 года через портал.", ["2026-01-13"]),
    ("ru", "Постановление вынесено 4 ноября 2025 г. в Павлодаре.", ["2025-11-04"]),
    ("ru", "Опубликовано 12 Февраль 2026 на сайте акимата.", ["2026-02-12"]),
    ("ru", "Протокол составлен 07.03.2025 участковым.", ["2025-03-07"]),
    ("ru", "Дата регистрации: 2025-10-21, номер КУИ 4512.", ["2025-10-21"]),
    ("ru", "Приговор оглашён «28» августа 2025 г. в Костанае.", ["2025-08-28"]),
    ("ru", "Жалобу подали 1-го декабря 2024 года, ответа нет.", ["2024-12-01"]),
    ("ru", "Срок рассмотрения истёк 30 апреля 2025 года.", ["2025-04-30"]),
    ("ru", "Встреча прошла 29 февраля 2024 года.", ["2024-02-29"]),
    # kk
    ("kk", "Арыз 2025 жылғы 3 қарашада тіркелді.", ["2025-11-03"]),
    ("kk", "Шешім 2024 жылғы 19 желтоқсандағы хаттамамен бекітілді.", ["2024-12-19"]),
    ("kk", "Тергеу 2025 жылғы 2 қыркүйектен бастап жүргізілді.", ["2025-09-02"]),
    ("kk", "Сот 2026 ж. 11 ақпанда үкім шығарды.", ["2026-02-11"]),
    ("kk", "Қорғау нұсқамасы 2025 жылдың 8 мамырында берілді.", ["2025-05-08"]),
    ("kk", "Хабарлама 2025 жылғы 27 қыркүйегінде келді.", ["2025-09-27"]),
    ("kk", "Өтініш 14.04.2025 ж. қабылданды.", ["2025-04-14"]),
    ("kk", "Құжат 21 сәуір 2025 жыл күні жасалды.", ["2025-04-21"]),
    # en
    ("en", "The complaint was lodged on October 3, 2025 in Taraz.", ["2025-10-03"]),
    ("en", "A protective order was issued on 22 November 2024.", ["2024-11-22"]),
    ("en", "The hearing took place on Sept. 9, 2025 in Oral.", ["2025-09-09"]),
    ("en", "Police logged the call on Jan 15, 2026 at night.", ["2026-01-15"]),
    ("en", "The ruling of 2nd June 2025 was appealed.", ["2025-06-02"]),
    ("en", "The amendment took effect on the 1st of July 2025.", ["2025-07-01"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), FULL_DATES)
def test_full_dates(lang, text, expected):
    assert values(text, "date") == expected
    assert values(text, "month") == []  # a full date is not also a month


# --- months ------------------------------------------------------------------------------------

MONTHS = [
    ("ru", "Он писал ей с ноября 2023 года без перерыва.", ["2023-11"]),
    ("ru", "В феврале 2025 года её вызвали в полицию.", ["2025-02"]),
    ("ru", "Слежка продолжалась до сентября 2025 года.", ["2025-09"]),
    ("ru", "Звонки начались с января 2024 г. и не прекращались.", ["2024-01"]),
    ("ru", "Отчёт за Август 2025 опубликован.", ["2025-08"]),
    ("kk", "Ол 2025 жылғы наурызда полицияға жүгінді.", ["2025-03"]),
    ("kk", "Қудалау 2024 жылдың қараша айынан басталды.", ["2024-11"]),
    ("kk", "Хабарламалар 2025 жылғы шілдеге дейін келді.", ["2025-07"]),
    ("en", "The messages started in April 2025 and continued.", ["2025-04"]),
    ("en", "He has followed her since December 2024.", ["2024-12"]),
    ("en", "The unit expects a decision by August 2026.", ["2026-08"]),
    ("en", "Figures for Dec. 2025 were released.", ["2025-12"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MONTHS)
def test_months(lang, text, expected):
    assert values(text, "month") == expected
    assert values(text, "date") == []


def test_month_heading_across_line_break():
    text = "Новости региона\nМарт\n2026\n\nСегодня в городе тепло."
    assert values(text, "month") == ["2026-03"]


# --- years -------------------------------------------------------------------------------------

YEARS = [
    ("ru", "В 2024 году таких дел было меньше.", [2024]),
    ("ru", "Данные приведены за 2025 г. по всем областям.", [2025]),
    ("kk", "2025 жылы 40 қылмыстық іс тіркелді.", [2025]),
    ("kk", "Әкімдік 2026 жылға арналған жоспарды бекітті.", [2026]),
    ("en", "In 2025 the police opened forty cases.", [2025]),
    ("en", "Reports have grown since 2021.", [2021]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), YEARS)
def test_years(lang, text, expected):
    assert values(text, "year") == expected


# --- traps: nothing date-like must come out ------------------------------------------------------

TRAPS = [
    ("ru", "Звонок зафиксирован в 21:45, номер 8 777 123 20 25."),
    ("ru", "Дело возбуждено по статье 115-1 УК, часть 2."),
    ("ru", "Закон № 210-VIII подписан Президентом."),
    ("ru", "Ущерб составил 2025 тенге и 2030 рублей."),
    ("ru", "Обновите приложение до версии 3.12.2025b."),
    ("ru", "Сумма 1 999 000 тенге списана с карты."),
    ("ru", "Всего 31 февраля — такой даты нет, как и 31.02.2025."),
    ("kk", "Қоңырау 102 нөміріне 09:30-да түсті."),
    ("kk", "ҚК-нің 125-1-бабы бойынша 12 іс тіркелді."),
    ("kk", "Бес мың теңге, 2040 данасы сатылды."),
    ("en", "Call 102 or +7 701 555 2025 for help."),
    ("en", "Version 2.16.2025 of the app was removed."),
    ("en", "She may 5 times have asked him to stop."),
    ("en", "The fine is 2025 tenge under Article 73."),
    ("en", "It happened on 31 February 2025, the report says."),
]


@pytest.mark.parametrize(("lang", "text"), TRAPS)
def test_traps(lang, text):
    found = [(f.kind, f.value) for f in read(text)[1] if f.kind in ("date", "month", "year")]
    assert found == []


def test_kazan_city_is_not_october():
    text = "Ол 2024 жылғы Қазан қаласындағы жиынға барды."
    assert values(text, "month") == []
    assert values(text, "year") == [2024]


def test_calendar_widget_is_not_dates():
    widget = "Архив\nАпрель\n2026\n" + "\n".join(str(i) for i in range(1, 31)) + "\n\nГлавное"
    doc, facts = read(widget)
    assert [f.value for f in facts if f.kind == "date"] == []
    assert [f.value for f in facts if f.kind == "month"] == ["2026-04"]


def test_invalid_calendar_dates_rejected():
    assert values("Документ датирован 31.04.2025 и 30 февраля 2024 года.", "date") == []
    assert values("Документ датирован 29.02.2023.", "date") == []
    assert values("Документ датирован 29.02.2024.", "date") == ["2024-02-29"]


def test_years_out_of_range_rejected():
    assert values("В 1850 году и в 2099 году.", "year") == []
    assert values("In 1991 and in 2040 things changed.", "year") == [1991, 2040]


# --- day and month without a year ---------------------------------------------------------------

DAY_MONTH = [
    ("ru", "Потерпевшая обратилась 14 марта в отдел.", "--03-14"),
    ("ru", "Он снова пришёл 2 октября вечером.", "--10-02"),
    ("kk", "Ол 30 қаңтарда қайта жүгінді.", "--01-30"),
    ("kk", "Күдікті 5 маусымда ұсталды.", "--06-05"),
    ("en", "She called the hotline on 5 March.", "--03-05"),
    ("en", "He was warned again on May 19 by the inspector.", "--05-19"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DAY_MONTH)
def test_day_month_without_year_is_kept(lang, text, expected):
    doc, facts = read(text)
    got = [f for f in facts if f.kind == "date"]
    assert [f.value for f in got] == [expected]
    assert got[0].extra["year_known"] is False
    assert doc.ref_date is None


def test_kazakh_genitive_month_with_possessive_day():
    text = "2026 жылғы 20 ақпан\nЗаң өткен жылғы қыркүйектің 16-сынан бастап қолданылады."
    assert values(text, "date") == ["2026-02-20", "2025-09-16"]
    assert values(text, "month") == []
    assert values("Ол 2025 жылғы қыркүйектің 16-сы күні келді.", "date") == ["2025-09-16"]
    assert values("Ол 2024 жылғы наурыз айының 8-і күні келді.", "date") == ["2024-03-08"]
    # without a year nothing resolves it
    assert values("Ол наурыздың 8-і күні келді.", "date") == ["--03-08"]
    # a bare day with a possessive, or a genitive month without a day, is no date
    assert values("Ол 16-сы күні келді. Қыркүйектің басында кетті.", "date") == []


def test_numeric_date_range_without_spaces_gives_both_dates():
    text = "Кейсы по статье, 16.09.2025\u201315.09.2026"
    assert values(text, "date") == ["2025-09-16", "2026-09-15"]
    assert values(text, "period") == [{"start": "2025-09-16", "end": "2026-09-15"}]
    assert values("Тел. 8-701-16.09.2025", "date") == []


FOLLOW_ON = [
    # (text, expected dates): a day and month just after a full date, within a week of it
    (
        "Іс 2026 жылғы 14 ақпанда басталды. Келесі күні, 15 ақпанда, ол табылды.",
        ["2026-02-14", "2026-02-15"],
    ),
    ("Дело возбуждено 30 декабря 2025 года, а 3 января его передали в суд.",
     ["2025-12-30", "2026-01-03"]),
    ("В марте 2025 года, 16 марта, он снова пришёл.", ["2025-03-16"]),
    # more than a week later, before the date, or after another month: no year
    ("Дело возбуждено 14 февраля 2026 года, а 25 февраля его передали в суд.",
     ["2026-02-14", "--02-25"]),
    ("Іс 2026 жылғы 14 ақпанда басталды. 13 ақпанда ол келген.", ["2026-02-14", "--02-13"]),
    ("В марте 2025 года он уехал, а 16 апреля вернулся.", ["--04-16"]),
    ("Письмо от 14 февраля 2026 года. В 2024 году, 15 февраля, он пришёл.",
     ["2026-02-14", "--02-15"]),
]


@pytest.mark.parametrize(("text", "expected"), FOLLOW_ON)
def test_day_month_right_after_a_full_date_takes_its_year(text, expected):
    assert values(text, "date") == expected


RELATIVE = [
    # (text, expected dates, expected months)
    (
        "ru",
        "Письмо от 10.02.2026. Встреча прошла 3 февраля текущего года.",
        ["2026-02-10", "2026-02-03"],
        [],
    ),
    (
        "ru",
        "Ответ от 15.01.2026: нарушение выявлено 20 мая прошлого года.",
        ["2026-01-15", "2025-05-20"],
        [],
    ),
    (
        "ru",
        "Ответ от 15.01.2026: проверка была в марте прошлого года.",
        ["2026-01-15"],
        ["2025-03"],
    ),
    (
        "ru",
        "Справка от 02.03.2026. В прошлом году 7 июня он угрожал ей.",
        ["2026-03-02", "2025-06-07"],
        [],
    ),
    (
        "kk",
        "2026 жылғы 4 ақпандағы хат. Ағымдағы жылғы 12 қаңтарда кеңес өтті.",
        ["2026-02-04", "2026-01-12"],
        [],
    ),
    (
        "kk",
        "2026 жылғы 4 ақпандағы хат. Өткен жылғы 9 қазанда арыз түсті.",
        ["2026-02-04", "2025-10-09"],
        [],
    ),
    (
        "kk",
        "2026 жылғы 4 ақпандағы хат. Ағымдағы жылғы қаңтарда жоспар бекітілді.",
        ["2026-02-04"],
        ["2026-01"],
    ),
    (
        "kk",
        "2026 жылғы 4 ақпандағы хат. Биыл қаңтарда науқан басталды.",
        ["2026-02-04"],
        ["2026-01"],
    ),
    (
        "en",
        "Letter of 9 February 2026. The visit on 12 January this year was recorded.",
        ["2026-02-09", "2026-01-12"],
        [],
    ),
    (
        "en",
        "Letter of 9 February 2026. He moved away in May last year.",
        ["2026-02-09"],
        ["2025-05"],
    ),
]


@pytest.mark.parametrize(("lang", "text", "want_dates", "want_months"), RELATIVE)
def test_relative_years_resolve_from_ref_date(lang, text, want_dates, want_months):
    assert values(text, "date") == want_dates
    assert values(text, "month") == want_months


def test_relative_year_without_reference_stays_unknown():
    assert values("Ағымдағы жылғы 30 қаңтарда кеңес өтті.", "date") == ["--01-30"]
    assert values("Проверка была в марте текущего года.", "month") == []


# --- reference date and dateline ----------------------------------------------------------------


def test_dateline_iso_marker_resolves_bare_dates():
    text = " date 2026-03-05 Жаңалықтар\nПолиция 14 ақпанда және 20 наурызда хабарлама алды."
    doc, facts = read(text)
    assert doc.ref_date == date(2026, 3, 5)
    got = [f.value for f in facts if f.kind == "date"]
    assert got == ["2026-03-05", "2026-02-14", "2025-03-20"]
    assert facts[0].extra.get("dateline") is True


def test_dateline_with_time_and_zone():
    text = "10:05, 3 Март 2026 | GMT +5\n\nВ Актобе 28 февраля задержан мужчина."
    doc, facts = read(text)
    assert doc.ref_date == date(2026, 3, 3)
    assert [f.value for f in facts if f.kind == "date"] == ["2026-03-03", "2026-02-28"]


def test_dateline_with_place():
    text = "УРАЛЬСК, 11 марта 2026 г.\nЖительница города 2 марта сообщила о слежке."
    doc, facts = read(text)
    assert doc.ref_date == date(2026, 3, 11)
    assert "2026-03-02" in [f.value for f in facts if f.kind == "date"]


def test_sentence_opening_with_a_date_is_not_a_dateline():
    text = "16 сентября 2025 года вступил в силу закон. 3 октября поступила первая жалоба."
    doc, facts = read(text)
    assert doc.ref_date == date(2025, 9, 16)  # the latest full date, not a dateline
    assert "--10-03" in [f.value for f in facts if f.kind == "date"]


def test_ref_date_is_latest_full_date_without_dateline():
    text = (
        "Құрметті депутаттар! 2026 жылғы 19 қаңтардағы сауалыңызға жауап береміз. "
        "Заң 2025 жылғы 16 шілдеде қабылданды."
    )
    doc, _ = read(text)
    assert doc.ref_date == date(2026, 1, 19)


def test_no_dates_no_ref_date():
    doc, facts = read("Мужчина преследовал бывшую жену и угрожал ей.")
    assert doc.ref_date is None
    assert facts == []


# --- periods -------------------------------------------------------------------------------------

RANGES = [
    (
        "ru",
        "Он преследовал её с августа 2024 года по февраль 2025 года.",
        "2024-08",
        "2025-02",
        ["2024-08", "2025-02"],
        [],
    ),
    (
        "ru",
        "Проверка шла с 3 по 17 ноября 2025 года.",
        "2025-11-03",
        "2025-11-17",
        [],
        ["2025-11-03", "2025-11-17"],
    ),
    (
        "ru",
        "Акция проводилась с октября по декабрь 2025 года.",
        "2025-10",
        "2025-12",
        ["2025-10", "2025-12"],
        [],
    ),
    (
        "ru",
        "Рейды прошли с 20 декабря по 10 января 2026 года.",
        "2025-12-20",
        "2026-01-10",
        [],
        ["2025-12-20", "2026-01-10"],
    ),
    (
        "kk",
        "Науқан 2025 жылғы қазаннан желтоқсанға дейін өтті.",
        "2025-10",
        "2025-12",
        ["2025-10", "2025-12"],
        [],
    ),
    (
        "kk",
        "Тексеру 2024 жылғы 1 қарашадан 2025 жылғы 15 ақпанға дейін жүрді.",
        "2024-11-01",
        "2025-02-15",
        [],
        ["2024-11-01", "2025-02-15"],
    ),
    (
        "en",
        "Calls continued from March 2025 to June 2025.",
        "2025-03",
        "2025-06",
        ["2025-03", "2025-06"],
        [],
    ),
    (
        "en",
        "The campaign ran from May to July 2025.",
        "2025-05",
        "2025-07",
        ["2025-05", "2025-07"],
        [],
    ),
    (
        "en",
        "Raids took place on 4-9 August 2025 in Aktau.",
        "2025-08-04",
        "2025-08-09",
        [],
        ["2025-08-04", "2025-08-09"],
    ),
]


@pytest.mark.parametrize(("lang", "text", "start", "end", "months", "dates_"), RANGES)
def test_ranges_and_their_ends(lang, text, start, end, months, dates_):
    _, facts = read(text)
    periods = [f.value for f in facts if f.kind == "period"]
    assert {"start": start, "end": end} in periods
    assert [f.value for f in facts if f.kind == "month"] == months
    assert [f.value for f in facts if f.kind == "date"] == dates_


def test_year_ranges():
    assert values("В 2023-2025 годах число дел выросло.", "year") == [2023, 2025]
    assert {"start": "2023", "end": "2025"} in values("В 2023-2025 годах рост.", "period")
    assert {"start": "2019", "end": "2024"} in values("Data from 2019 to 2024 show it.", "period")
    assert {"start": "2020", "end": "2025"} in values("2020 жылдан 2025 жылға дейін.", "period")


DURATIONS = [
    ("ru", "Он следил за ней в течение полугода.", {"months": 6}),
    ("ru", "Преследование длилось около года.", {"years": 1, "qualifier": "about"}),
    ("ru", "Сообщения приходили более 8 месяцев подряд.", {"months": 8, "qualifier": "more_than"}),
    ("ru", "Она терпела на протяжении 3 лет.", {"years": 3}),
    ("ru", "Люди обращаются поздно — от 3 до 20 дней.", {"days_min": 3, "days_max": 20}),
    ("ru", "Звонки шли почти полтора года.", {"months": 18, "qualifier": "almost"}),
    ("kk", "Ол әйелді 3 жыл бойы қудалады.", {"years": 3}),
    ("kk", "Хабарламалар 10 айдан астам келді.", {"months": 10, "qualifier": "more_than"}),
    ("kk", "Жәбірленушілер 2 күннен 14 күнге дейін кешігеді.", {"days_min": 2, "days_max": 14}),
    ("kk", "Ол бір жылға жуық үндемеді.", {"years": 1, "qualifier": "almost"}),
    ("kk", "Күдікті жарты жыл бойы аңдыды.", {"months": 6}),
    ("en", "He stalked her for more than 14 months.", {"months": 14, "qualifier": "more_than"}),
    ("en", "Victims wait 4 to 25 days before reporting.", {"days_min": 4, "days_max": 25}),
    ("en", "The harassment went on for about two years.", {"years": 2, "qualifier": "about"}),
    ("en", "She had been followed for over a year.", {"years": 1, "qualifier": "more_than"}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DURATIONS)
def test_durations(lang, text, expected):
    assert values(text, "period") == [expected]


DURATION_TRAPS = [
    ("ru", "Суд назначил лишение свободы сроком более 3 лет."),
    ("ru", "Грозит арест до 50 суток."),
    ("ru", "Санкция: от 2 до 5 лет лишения свободы."),
    ("ru", "Около 300 звонков с разных номеров."),
    ("kk", "60 жастан асқан жәбірленушілердің үлесі 87%."),
    ("en", "Children under 18 years of age were not involved."),
    ("en", "He was sentenced to prison for 5 years."),
    ("en", "The law allows 3 to 7 years in prison for droppers."),
]


@pytest.mark.parametrize(("lang", "text"), DURATION_TRAPS)
def test_duration_traps(lang, text):
    assert values(text, "period") == []


# --- spans ---------------------------------------------------------------------------------------


def test_spans_point_at_the_original_text():
    text = "Ответ от «5» марта 2026 г.\u00a0— заявление от 16\u00a0сентября 2025\u00a0года."
    doc, facts = read(text)
    for f in facts:
        assert f.text == text[f.start : f.end]
        assert f.rule.startswith(("date:", "month:", "year:", "period:"))
    assert [f.value for f in facts if f.kind == "date"] == ["2026-03-05", "2025-09-16"]


# --- speed ----------------------------------------------------------------------------------------

ADVERSARIAL = {
    # cheap to scan: megabytes
    "digits": "7" * 2_000_000,
    "letters": "ы" * 2_000_000,
    "separators": "-./,: " * 300_000,
    "months": "января " * 150_000,
    # dense with candidates or facts: smaller, the point is that time grows linearly
    "digit_groups": "12 " * 12_000,
    "dots": "1." * 20_000,
    "dashes": "2025-" * 8_000,
    "dates": "13 января " * 4_000,
    "years": "2025 года " * 4_000,
    "one_line": "с 1 по 15 марта 2025 более 18 месяцев 45-летняя " * 800,
}


def _elapsed(text: str) -> float:
    doc = Document(id="x", original=text, norm=text)
    t0 = time.process_time()
    dates.extract(doc)
    ages.extract(doc)
    return time.process_time() - t0


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_input_is_linear(name):
    small = ADVERSARIAL[name]
    _elapsed(small[:1000])  # compile the patterns
    t1 = _elapsed(small)
    t4 = _elapsed(small * 4)
    # four times the text may take at most about four times as long (with slack for noise)
    assert t4 < 8 * t1 + 0.5, (name, t1, t4)
    assert t4 < 30


# --- seeds -------------------------------------------------------------------------------------


def _seed_records():
    gold = SHARED / "eval" / "seeds.gold.jsonl"
    if not gold.exists():
        return []
    return [json.loads(line) for line in gold.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("record", _seed_records(), ids=lambda r: r["id"])
def test_seed_dates_months_ages(record):
    path = SHARED / "seeds" / f"{record['id']}.txt"
    if not path.exists():
        pytest.skip("seed text not available")
    text = path.read_text("utf-8")
    doc = Document(id=record["id"], original=text, norm=normalise(text))
    doc.facts.extend(dates.extract(doc))
    doc.facts.extend(ages.extract(doc))
    got = {
        "dates": {f.value for f in doc.facts if f.kind == "date" and f.value[:2] != "--"},
        "months": {f.value for f in doc.facts if f.kind == "month"},
        "ages": {f.value for f in doc.facts if f.kind == "age"},
    }
    for field_name, found in got.items():
        if field_name in record:
            assert found == set(record[field_name]), field_name


def test_seed_gold_present_or_skipped():
    if not _seed_records():
        pytest.skip("shared seeds are not next to this checkout")


# --- lists that share one month or one year ----------------------------------------------------

DAY_LISTS = [
    ("ru", "Он приходил к её дому 3 и 4 марта 2026 года.", ["2026-03-03", "2026-03-04"]),
    ("ru", "Звонки поступали 7, 8 и 9 апреля 2025 г.", ["2025-04-07", "2025-04-08", "2025-04-09"]),
    ("en", "He called her on 21 and 22 May 2025.", ["2025-05-21", "2025-05-22"]),
    ("en", "He called her on June 2 and 3, 2025.", ["2025-06-02", "2025-06-03"]),
    ("kk", "Ол 2026 жылғы 5 және 6 ақпанда келді.", ["2026-02-05", "2026-02-06"]),
    # traps: a time before "и", a list out of order
    ("ru", "Встреча в 18:30 и 9 марта 2026 года.", ["2026-03-09"]),
    ("ru", "Номера 30 и 4 июня 2025 года.", ["2025-06-04"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DAY_LISTS)
def test_days_sharing_a_month(lang, text, expected):
    assert values(text, "date") == expected


def test_day_list_without_a_year_keeps_the_yearless_rules():
    assert values("Он звонил ей 3 и 4 марта.", "date") == ["--03-03", "--03-04"]
    assert values("Ол оған 3 және 4 наурызда хабарласты.", "date") == ["--03-03", "--03-04"]
    text = "Шешім 2026 жылғы 1 наурызда шықты. Ол 3 және 4 наурызда тағы келді."
    assert values(text, "date") == ["2026-03-01", "2026-03-03", "2026-03-04"]


MONTH_LISTS = [
    ("ru", "В мае и июне 2025 года поступило 12 заявлений.", ["2025-05", "2025-06"]),
    ("ru", "В марте и второй половине апреля 2026 года он писал ей.", ["2026-03", "2026-04"]),
    ("ru", "В январе, феврале и марте 2026 года.", ["2026-01", "2026-02", "2026-03"]),
    ("en", "The messages came in May and June 2025.", ["2025-05", "2025-06"]),
    ("en", "In March, April and May 2026 he wrote daily.", ["2026-03", "2026-04", "2026-05"]),
    ("kk", "2025 жылғы мамыр мен маусымда 12 өтініш түсті.", ["2025-05", "2025-06"]),
    ("kk", "2026 жылдың наурыз, сәуір айларында ол хат жазды.", ["2026-03", "2026-04"]),
    # a dash between Kazakh months is a range, as in Russian and English
    ("kk", "2026 жылдың наурыз-сәуір айларында тексеру жүрді.", ["2026-03", "2026-04"]),
    ("ru", "В марте-апреле 2026 года шла проверка.", ["2026-03", "2026-04"]),
    ("en", "Checks ran in March-April 2026.", ["2026-03", "2026-04"]),
    # traps: months out of order, a comma alone, a month with its own day
    ("ru", "В ноябре и марте 2026 года.", ["2026-03"]),
    ("ru", "Жалоба в ноябре, марте 2026 года.", ["2026-03"]),
    ("kk", "2026 жылғы наурызда және ақпанда.", ["2026-03"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MONTH_LISTS)
def test_months_sharing_a_year(lang, text, expected):
    assert sorted(values(text, "month")) == expected


def test_kazakh_month_list_with_a_relative_year():
    text = "2026 жылғы 2 наурызда хабарланды: биылғы қаңтар-ақпан айларында 5 өтініш түсті."
    assert sorted(values(text, "month")) == ["2026-01", "2026-02"]
    text = "2026 жылғы 2 наурызда хабарланды: өткен жылғы қазан мен қараша айларында 5 өтініш."
    assert sorted(values(text, "month")) == ["2025-10", "2025-11"]
