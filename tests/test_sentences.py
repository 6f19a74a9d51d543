"""Sentence boundaries in Kazakh, Russian and English news, letters and police reports."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qorgau.text.normalise import normalise
from qorgau.text.sentences import split


def sentences(text: str) -> list[str]:
    norm = normalise(text)
    return [norm[s.start : s.end].strip() for s in split(norm)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ru
        (
            "Заявление поступило в полицию. Мужчину задержали!",
            ["Заявление поступило в полицию.", "Мужчину задержали!"],
        ),
        (
            "Он проживает в г. Алматы. Дело возбуждено по ч. 2 ст. 115-1 УК РК.",
            ["Он проживает в г. Алматы.", "Дело возбуждено по ч. 2 ст. 115-1 УК РК."],
        ),
        (
            "Письмо подписал О. Бектенов. Ответ направлен депутатам.",
            ["Письмо подписал О. Бектенов.", "Ответ направлен депутатам."],
        ),
        (
            "Доля составила 0,175 процента. Рост в 1.5 раза зафиксирован в Караганд. обл. Полиция "
            "проверяет.",
            [
                "Доля составила 0,175 процента.",
                "Рост в 1.5 раза зафиксирован в Караганд. обл. Полиция проверяет.",
            ],
        ),
        (
            "Он звонил, писал, т.е. преследовал её. Т.е. это сталкинг.",
            ["Он звонил, писал, т.е. преследовал её.", "Т.е. это сталкинг."],
        ),
        (
            "Изъяты телефоны, сим-карты и т.д. Следствие продолжается.",
            ["Изъяты телефоны, сим-карты и т.д.", "Следствие продолжается."],
        ),
        (
            "Она спросила: «За что?» Ответа не было…",
            ["Она спросила: «За что?»", "Ответа не было…"],
        ),
        (
            "Подождите... а потом позвоните. Хорошо?",
            ["Подождите... а потом позвоните.", "Хорошо?"],
        ),
        (
            "Один из первых приговоров\n\nСуд установил вину.",
            ["Один из первых приговоров", "Суд установил вину."],
        ),
        (
            "Жительница обратилась в полицию, указав, что\nбывший муж преследует её.",
            ["Жительница обратилась в полицию, указав, что\nбывший муж преследует её."],
        ),
        (
            "Способы мошенничества:\n– звонки от имени банка – 8 554;\n– объявления – 8 357.",
            [
                "Способы мошенничества:",
                "- звонки от имени банка - 8 554;",
                "- объявления - 8 357.",
            ],
        ),
        ("1. Полиция\n2. Суд", ["1. Полиция", "2. Суд"]),
        ("**Құрметті депутаттар!** Хат жіберілді.", ["**Құрметті депутаттар!**", "Хат жіберілді."]),
        # kk
        (
            "Заң 2025 жылғы 16 шілдеде қабылданды. Ол қыркүйекте күшіне енді.",
            ["Заң 2025 жылғы 16 шілдеде қабылданды.", "Ол қыркүйекте күшіне енді."],
        ),
        (
            "2025 ж. 79 қылмыстық іс тіркелді. Оның 15-і Шымкентте.",
            ["2025 ж. 79 қылмыстық іс тіркелді.", "Оның 15-і Шымкентте."],
        ),
        (
            "ҚК-нің 115-1 б. бойынша іс қозғалды. Күдікті ұсталды!",
            ["ҚК-нің 115-1 б. бойынша іс қозғалды.", "Күдікті ұсталды!"],
        ),
        (
            "Жауапты хатқа Ә. Ахметов қол қойды. Хат депутаттарға жіберілді.",
            ["Жауапты хатқа Ә. Ахметов қол қойды.", "Хат депутаттарға жіберілді."],
        ),
        (
            "Үлесі 0,175%-ды құрады. Ал залал 60 млн теңгеге жетті?",
            ["Үлесі 0,175%-ды құрады.", "Ал залал 60 млн теңгеге жетті?"],
        ),
        (
            "Құрметті депутаттар!\n\nСауалыңызды қарап, мынаны хабарлаймын.",
            ["Құрметті депутаттар!", "Сауалыңызды қарап, мынаны хабарлаймын."],
        ),
        (
            "Алматы қ. Полиция департаменті хабарлады. Тергеу жалғасуда.",
            ["Алматы қ. Полиция департаменті хабарлады.", "Тергеу жалғасуда."],
        ),
        # en
        (
            "Mr. Smith called the police. Officers arrived at 9 p.m. on Friday.",
            ["Mr. Smith called the police.", "Officers arrived at 9 p.m. on Friday."],
        ),
        (
            "The fine is up to 200 MCI. It is about 865,000 tenge.",
            ["The fine is up to 200 MCI.", "It is about 865,000 tenge."],
        ),
        (
            "Dr. A. Seitkali testified. The court agreed!",
            ["Dr. A. Seitkali testified.", "The court agreed!"],
        ),
        (
            "Was she followed? Yes. She moved twice, i.e. she changed her home.",
            ["Was she followed?", "Yes.", "She moved twice, i.e. she changed her home."],
        ),
        (
            "Legal liability\nUnder Article 115-1, stalking may be punished.",
            ["Legal liability", "Under Article 115-1, stalking may be punished."],
        ),
        (
            "The rate grew 1.5 times. See Art. 190 of the Code.",
            ["The rate grew 1.5 times.", "See Art. 190 of the Code."],
        ),
        (
            "“No means no,” the ministry said. The warning was published.",
            ['"No means no," the ministry said.', "The warning was published."],
        ),
    ],
)
def test_split(text, expected):
    assert sentences(text) == [normalise(e) for e in expected]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\nТекст без точки",
        "Один. Два! Три? Четыре…",
        "a. b. c. D. E. F.\n\n\nG",
        "Заголовок\nТекст.\n\n\n  \nЕщё текст.   ",
    ],
)
def test_spans_cover_the_text(text):
    sents = split(text)
    if not text:
        assert sents == []
        return
    assert sents[0].start == 0
    assert sents[-1].end == len(text)
    for a, b in zip(sents, sents[1:], strict=False):
        assert a.end == b.start
        assert a.start < a.end
    assert all(s.language == "" for s in sents)


@given(st.text(alphabet=st.sampled_from(list('аА bB.!?…\n,"1т.е')), max_size=120))
def test_spans_cover_any_text(text):
    sents = split(text)
    assert "".join(text[s.start : s.end] for s in sents) == text
    assert all(s.start < s.end for s in sents)


def test_adversarial_input_is_linear():
    text = ". " * 200_000 + "a. " * 200_000 + "\n" * 200_000 + "!" * 200_000
    started = time.perf_counter()
    sents = split(text)
    assert time.perf_counter() - started < 20
    assert sents[-1].end == len(text)
