"""Identifiers in kk/ru/en texts: phones, service numbers, e-mails, accounts, cards, IBANs, IINs."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qorgau.extract import identifiers
from qorgau.extract.identifiers import iban_ok, iin_check_digit, iin_info, luhn_ok
from qorgau.extract.pipeline import prepare
from qorgau.model import Document
from qorgau.text.normalise import normalise
from qorgau.text.sentences import split


def doc_of(text: str) -> Document:
    norm = normalise(text)
    return Document(id="t", original=text, norm=norm, sentences=split(norm))


def found(text: str) -> list[tuple[str, str, bool]]:
    return [
        (f.value["kind"], f.value["value"], f.value["valid"])
        for f in identifiers.extract(doc_of(text))
    ]


# Phones and service numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ru
        (
            "Мне звонили с номера 8 701 123 45 67 каждый вечер.",
            [("phone", "+77011234567", True)],
        ),
        (
            "Его номер +7(777)1234567, он пишет с него ночью.",
            [("phone", "+77771234567", True)],
        ),
        (
            "Неизвестный писал с 87011234567 и с 8-702-555-12-34.",
            [("phone", "+77011234567", True), ("phone", "+77025551234", True)],
        ),
        ("Телефон злоумышленника: +7 701 123-45-67.", [("phone", "+77011234567", True)]),
        (
            "Контактный телефон 7011234567 указан в объявлении.",
            [("phone", "+77011234567", True)],
        ),
        (
            "Звоните в дежурную часть: 8 (7172) 55-12-34.",
            [("phone", "+77172551234", True)],
        ),
        (
            "Номер +7 916 123-45-67 зарегистрирован в России.",
            [("phone", "+79161234567", True)],
        ),
        (
            "Список: 87011234567 87021234567 87771234567.",
            [
                ("phone", "+77011234567", True),
                ("phone", "+77021234567", True),
                ("phone", "+77771234567", True),
            ],
        ),
        (
            "12.03.2025 8 701 123 45 67 позвонил снова.",
            [("phone", "+77011234567", True)],
        ),
        ("Сообщите по телефону 102.", [("service_number", "102", True)]),
        # kk
        (
            "Маған 8 747 555 66 77 нөмірінен күн сайын қоңырау шалды.",
            [("phone", "+77475556677", True)],
        ),
        (
            "Алаяқ +7 (705) 111-22-33 нөмірі арқылы хабарласқан.",
            [("phone", "+77051112233", True)],
        ),
        (
            "Ол 87087654321 және 8 775 765 43 21 нөмірлерінен жазды.",
            [("phone", "+77087654321", True), ("phone", "+77757654321", True)],
        ),
        ("Телефон нөмірі 7711234567 деп көрсетілген.", [("phone", "+77711234567", True)]),
        (
            "Ол 87011234567-ден, кейін 87021234567ден жазды.",
            [("phone", "+77011234567", True), ("phone", "+77021234567", True)],
        ),
        ("Қауіп төнсе, 102 нөміріне қоңырау шалыңыз.", [("service_number", "102", True)]),
        ("Ақпаратты 1414 байланыс орталығы арқылы алуға болады.", []),
        ("Ақпаратты 1414 нөміріне қоңырау шалып алуға болады.", [("service_number", "1414", True)]),
        # en
        (
            "She received calls from +7 701 987 65 43 almost every night.",
            [("phone", "+77019876543", True)],
        ),
        ("The scammer used the number 8-700-404-40-40.", [("phone", "+77004044040", True)]),
        (
            "Call the police on 102 or the emergency line 112.",
            [("service_number", "102", True), ("service_number", "112", True)],
        ),
        ("The number 7011234567 was listed in the advert.", [("phone", "+77011234567", True)]),
        (
            "Her landline 8 (727) 250 33 44 was also called.",
            [("phone", "+77272503344", True)],
        ),
        ("A caller from +998 90 123 45 67 asked for money.", [("phone", "+998901234567", True)]),
    ],
)
def test_phones(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # service numbers are never phones, and counts are not service numbers
        "Он совершил 102 звонка с разных номеров.",
        "He made 102 calls in three weeks.",
        "Ол 112 рет хабарлама жіберген.",
        # years, ranges, money, counts, dates
        "В 2024-2025 годах ущерб составил 1 500 000 тенге.",
        "Between 2024-2025 the losses reached 1 500 000 tenge.",
        "2025 жылы 27 892 интернет-алаяқтық қылмысы тіркелді.",
        "Залал 77 500 000 000 теңгеге жетті.",
        "Бюджет составил 7 500 000 000 тенге.",
        "The damage was 15 000 000 000 tenge in 2025.",
        "Приговор от 12.02.2026, дело № 7599-25-00-1/123.",
        "Жалоба № 87011234567 принята к рассмотрению.",
        # a ten-digit number without a word about phones is not taken as one
        "The account 7011234567 was blocked.",
        # a number glued to a word or inside a link
        "Код A87011234567 в системе.",
        "Новость: https://site.kz/news/87011234567 опубликована.",
        # calendar lines and short digit lists
        "1 2 3\n4\n5\n6\n7\n8\n9\n10",
        "7 7 7 7 7 7 7 7 7 7 7",
    ],
)
def test_not_phones(text):
    assert found(text) == []


def test_phone_with_no_break_spaces_keeps_the_original_text():
    original = "Номер: 8\u00a0701\u00a0123\u00a045\u00a067."
    (fact,) = identifiers.extract(doc_of(original))
    assert fact.value["value"] == "+77011234567"
    assert fact.text == "8\u00a0701\u00a0123\u00a045\u00a067"
    assert original[fact.start : fact.end] == fact.text
    assert fact.rule == "identifier:phone"
    assert fact.kind == "identifier"


def test_phone_span_includes_plus_and_brackets():
    (fact,) = identifiers.extract(doc_of("тел. +7 (701) 123-45-67"))
    assert fact.text == "+7 (701) 123-45-67"
    (fact,) = identifiers.extract(doc_of("тел. (701) 123-45-67"))
    assert fact.text == "(701) 123-45-67"
    assert fact.value["value"] == "+77011234567"
    (fact,) = identifiers.extract(doc_of("нөмірі (87011234567) болды"))
    assert fact.text == "87011234567"


# Cards ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Деньги ушли на карту 4400 4301 2345 6789.",
            [("card", "4400430123456789", True)],
        ),
        (
            "Перевела на карточку 4400 4301 2345 6788 двумя платежами.",
            [("card", "4400430123456788", False)],
        ),
        (
            "Ақшаны 5100 1122 3344 5569 картасына аударды.",
            [("card", "5100112233445569", True)],
        ),
        (
            "Карта нөмірі 4400 43** **** 1234 болды.",
            [("card", "440043******1234", True)],
        ),
        ("The card 4400********1234 was used twice.", [("card", "4400********1234", True)]),
        (
            "He sent the money to card 2200701234567896 at night.",
            [("card", "2200701234567896", True)],
        ),
        ("Transfer to 4400-4301-2345-6788 failed.", [("card", "4400430123456788", False)]),
        (
            "Картаға 4400 4301 2345 6789 және 8 701 123 45 67 нөмірі байланысты.",
            [("card", "4400430123456789", True), ("phone", "+77011234567", True)],
        ),
        (
            "Переводы на 4400 43XX XXXX 1234 продолжались.",
            [("card", "440043******1234", True)],
        ),
        # x-like masks after a space or a hyphen, Cyrillic х, bullet masks
        ("Оплата с карты 4400 xxxx xxxx 1234 прошла.", [("card", "4400********1234", True)]),
        ("Карта 4400-43хх-хххх-1234 заблокирована.", [("card", "440043******1234", True)]),
        ("Card 5100 12•• •••• 5569 used.", [("card", "510012******5569", True)]),
        # traps: money, case numbers, years in a row
        ("Похищено 1 500 000 тенге с карты.", []),
        ("Номер дела 251500031000123 присвоен.", []),
        ("Годы: 2020 2021 2022 2023.", []),
    ],
)
def test_cards(text, expected):
    assert found(text) == expected


def test_masked_card_flags():
    (fact,) = identifiers.extract(doc_of("card 4400 43** **** 1234"))
    assert fact.value["masked"] is True
    assert fact.rule == "identifier:card_masked"
    assert fact.text == "4400 43** **** 1234"


def test_luhn():
    assert luhn_ok("4400430123456789")
    assert not luhn_ok("4400430123456788")
    assert luhn_ok("621234567890123457")


# IBANs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Деньги перечислены на счёт KZ18 722S 0000 1234 5678 в банке.",
            [("iban", "KZ18722S000012345678", True)],
        ),
        (
            "Шот нөмірі KZ86125KZT5004100100 болып табылады.",
            [("iban", "KZ86125KZT5004100100", True)],
        ),
        ("IBAN KZ19 722S 0000 1234 5678 is wrong.", [("iban", "KZ19722S000012345678", False)]),
        ("счет kz12601a861000123456", [("iban", "KZ12601A861000123456", True)]),
        # Cyrillic К typed for the Latin K
        ("Шот: \u041aZ86125KZT5004100100", [("iban", "KZ86125KZT5004100100", True)]),
        ("Сумма в KZT 500 000.", []),
    ],
)
def test_ibans(text, expected):
    assert found(text) == expected


def test_iban_check():
    assert iban_ok("KZ86125KZT5004100100")
    assert not iban_ok("KZ87125KZT5004100100")
    assert not iban_ok("KZ86125KZT50041001")


# IINs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ИИН 900101301233 принадлежит заявителю.",
            {"value": "900101301233", "valid": True, "birth_date": "1990-01-01", "sex": "M"},
        ),
        (
            "Жәбірленушінің ЖСН 010515604569 деп көрсетілген.",
            {"value": "010515604569", "valid": True, "birth_date": "2001-05-15", "sex": "F"},
        ),
        (
            "The suspect's IIN 851231407891 was checked.",
            {"value": "851231407891", "valid": True, "birth_date": "1985-12-31", "sex": "F"},
        ),
        (
            "ИИН: 900101300123 указан в заявлении.",
            {"value": "900101300123", "valid": False, "error": "check_digit"},
        ),
        (
            "ЖСН 980229503332 қате жазылған.",
            {"value": "980229503332", "valid": False, "error": "date"},
        ),
        (
            "IIN 900101901233 has a bad century digit.",
            {"value": "900101901233", "valid": False, "error": "century_digit"},
        ),
        (
            # first sum gives 10, the second weights give the check digit
            "Азамат 880707300600 туралы мәлімет.",
            {"value": "880707300600", "valid": True, "birth_date": "1988-07-07", "sex": "M"},
        ),
    ],
)
def test_iins(text, expected):
    facts = identifiers.extract(doc_of(text))
    assert len(facts) == 1
    value = facts[0].value
    assert value["kind"] == "iin"
    assert {k: value[k] for k in expected} == expected
    if not expected["valid"]:
        assert "birth_date" not in value and "sex" not in value


@pytest.mark.parametrize(
    "text",
    [
        # 12 digits without IIN context that fail the check: probably something else
        "Номер 900101300123 в реестре.",
        "Reference 123456789012 was given.",
        # a business identification number is not an IIN
        "БИН 990140001234 компании.",
    ],
)
def test_not_iins(text):
    assert found(text) == []


def test_iin_check_digit_rules():
    assert iin_check_digit("90010130123") == 3
    assert iin_check_digit("88070730060") == 0  # second set of weights
    assert iin_check_digit("88070730065") is None  # both sums give 10: no valid IIN
    assert iin_info("880707300651")["valid"] is False
    assert iin_info("12345")["valid"] is False


# E-mails and social accounts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Пишите на Aliya.Nurova@Mail.KZ.", [("email", "aliya.nurova@mail.kz", True)]),
        (
            "Хатты info@police.gov.kz поштасына жіберіңіз.",
            [("email", "info@police.gov.kz", True)],
        ),
        ("В инстаграме @baur_87 он следил за ней.", [("handle", "instagram:baur_87", True)]),
        ("Instagram-аккаунт @Aru.Style удалён.", [("handle", "instagram:aru.style", True)]),
        (
            "Подписан на телеграм-каналы @kz_news_bot и @almaty_live.",
            [("handle", "telegram:kz_news_bot", True), ("handle", "telegram:almaty_live", True)],
        ),
        (
            "Ол тиктоктағы @zhanna_kz парақшасында жазды.",
            [("handle", "tiktok:zhanna_kz", True)],
        ),
        (
            "He messaged her on Telegram as @night_owl_99.",
            [("handle", "telegram:night_owl_99", True)],
        ),
        ("@baur_87 инстаграмда жазылған.", [("handle", "instagram:baur_87", True)]),
        ("Пишите @someone, если что.", []),
        (
            "Почта baur@mail.ru, инстаграм @baur.",
            [("email", "baur@mail.ru", True), ("handle", "instagram:baur", True)],
        ),
        (
            "Профиль https://www.instagram.com/baur_87/ заблокирован.",
            [("handle", "instagram:baur_87", True)],
        ),
        ("Канал t.me/almaty_live и t.me/+AbCdEf.", [("handle", "telegram:almaty_live", True)]),
        ("Видео на tiktok.com/@zhanna_kz/video/123.", [("handle", "tiktok:zhanna_kz", True)]),
        ("Страница vk.com/id12345 удалена.", [("handle", "vk:id12345", True)]),
        (
            "Profile facebook.com/profile.php?id=100012345678 was reported.",
            [("handle", "facebook:100012345678", True)],
        ),
        ("Пост instagram.com/p/Cxyz123/ удалён.", []),
        ("Жазыңыз: wa.me/77011234567", [("phone", "+77011234567", True)]),
        (
            "Ссылка https://api.whatsapp.com/send?phone=87011234567 пришла в смс.",
            [("phone", "+77011234567", True)],
        ),
    ],
)
def test_emails_and_accounts(text, expected):
    assert found(text) == expected


def test_handle_fact_fields():
    (fact,) = identifiers.extract(doc_of("в инстаграме @baur_87."))
    assert fact.text == "@baur_87"
    assert fact.rule == "identifier:handle_at"
    assert fact.value["platform"] == "instagram"
    assert fact.value["name"] == "baur_87"


def test_telegram_name_too_short_is_flagged():
    assert found("телеграм @ab1") == [("handle", "telegram:ab1", False)]


# Through the pipeline, and on adversarial input -----------------------------------------------


def test_through_prepare():
    text = "Жительница Aктау получила угрозы с 8 701 123 45 67 и в инстаграме @baur_87."
    doc = prepare(text)
    facts = identifiers.extract(doc)
    values = [f.value["value"] for f in facts]
    assert values == ["+77011234567", "instagram:baur_87"]
    for f in facts:
        assert f.text == text[f.start : f.end]


@given(st.text(alphabet=st.sampled_from(list("0123456789 +-().@*xKZ№карт\u00a0ИИН")), max_size=80))
def test_spans_and_texts_on_any_input(text):
    doc = doc_of(text)
    for f in identifiers.extract(doc):
        assert f.text == text[f.start : f.end]
        assert 0 <= f.start < f.end <= len(text)
        assert f.value["kind"] in {
            "phone",
            "service_number",
            "email",
            "handle",
            "card",
            "iban",
            "iin",
        }


def test_adversarial_input_finishes():
    text = (
        "1" * 2_000_000
        + " "
        + "- " * 500_000
        + "+7 (" * 100_000
        + "8 701 1" * 20_000
        + "4400 " * 20_000
        + "@x " * 20_000
    )
    assert len(text) > 3_000_000
    started = time.perf_counter()
    norm = normalise(text)
    doc = Document(id="adv", original=text, norm=norm, sentences=split(norm))
    facts = identifiers.extract(doc)
    assert time.perf_counter() - started < 20
    assert len(norm) == len(text)
    assert all(f.value["kind"] != "phone" or f.value["valid"] for f in facts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ол маған Instagram-дағы marat.s_77 аккаунтынан жазды.", ["instagram:marat.s_77"]),
        ("Он писал ей в Telegram под ником zhanar_k.", ["telegram:zhanar_k"]),
        ("She was followed on TikTok as bolat.k_2005 for months.", ["tiktok:bolat.k_2005"]),
        ("Қыздың Instagram-дағы парақшасы: aru_sh.", ["instagram:aru_sh"]),
        ("Его аккаунт в инстаграме под ником erlan88 заблокирован.", ["instagram:erlan88"]),
        ("Оның Instagram аккаунты: saltanat.", ["instagram:saltanat"]),
        ("Instagram-дағы nurlan аккаунтынан хат келді.", ["instagram:nurlan"]),
        # traps: ordinary words after the platform, addresses, English verbs after an account word
        ("В Instagram он писал ей каждую ночь.", []),
        ("Ол Instagram-да жазды.", []),
        ("He messaged her on Instagram every day.", []),
        ("He wrote on Instagram at 9pm.", []),
        ("В Instagram у него 2.5 тысячи подписчиков.", []),
        ("He has an Instagram account and a bank account.", []),
        ("His Instagram handle was hacked.", []),
        ("Instagram: www.example.kz", []),
    ],
)
def test_account_named_without_at(text, expected):
    assert [v for k, v, _ in found(text) if k == "handle"] == expected
