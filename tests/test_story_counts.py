"""Counted acts in kk, ru and en: several counts in one clause, qualifiers with a preposition,
numbers registered to someone, rates, episodes, fake accounts, and the numbers that count nothing."""

from __future__ import annotations

import pytest

from qorgau.extract import pipeline, story


def _counts(text: str) -> set[tuple[str, int]]:
    doc = pipeline.prepare(text)
    return {(f.value["what"], f.value["value"]) for f in story.extract(doc) if f.kind == "count"}


POSITIVE = [
    # several counts joined by "and", the last one with a number word and an adjective, in a
    # clause that says whose name the phones were registered in
    (
        "Over the summer he wrote her over 140 texts and placed 35 calls from no fewer than "
        "six separate numbers, two of which were registered to his cousin.",
        {("messages", 140), ("calls", 35), ("numbers", 6)},
    ),
    (
        "The phones he used were registered in his sister's name; he rang her from 11 numbers.",
        {("numbers", 11)},
    ),
    (
        "За месяц он прислал ей свыше 140 сообщений и сделал 35 звонков не менее чем с шести "
        "разных номеров, оформленных и зарегистрированных на его знакомых.",
        {("messages", 140), ("calls", 35), ("numbers", 6)},
    ),
    (
        "Ол бір ай ішінде 140-тан астам хабарлама жазып, кемінде алты түрлі нөмірден 35 рет "
        "қоңырау шалған, нөмірлер досының атына тіркелген.",
        {("messages", 140), ("numbers", 6), ("calls", 35)},
    ),
    # visits and numbers told by the number of times
    ("She said he came to her office 9 times in April.", {("visits", 9)}),
    ("Он 9 раз приезжал к ней на работу.", {("visits", 9)}),
    ("Ол оның кеңсесіне 9 рет келген.", {("visits", 9)}),
    ("He phoned her from 13 different numbers.", {("numbers", 13)}),
    ("Он звонил ей с 13 различных номеров.", {("numbers", 13)}),
    ("Ол 13 түрлі нөмірден хабарласқан.", {("numbers", 13)}),
    # Kazakh хабарласу (to get in touch by phone) told by the number of times
    ("Ол бір тәулік ішінде оған 15 рет хабарласқан.", {("calls", 15)}),
    ("Ол оған 15 рет қоңырау шалған.", {("calls", 15)}),
    # a total told after what it counts
    ("Қоңыраулар саны 300-ге жетті.", {("calls", 300)}),
    # visits with two destinations, or a place name, between the verb and the number
    ("Он приходил к ней домой и на работу не менее 6 раз.", {("visits", 6)}),
    ("He came to her office in Aktobe more than 14 times.", {("visits", 14)}),
    ("Он 126 раз звонил ей с 11 разных номеров и 6 раз приезжал к её дому.",
     {("calls", 126), ("numbers", 11), ("visits", 6)}),
    ("Он звонил ей с 11 разных номеров и 6 раз приезжал к её дому.",
     {("numbers", 11), ("visits", 6)}),
    # "one" in words names a thing, the digit 1 and "once" still count
    ("Он звонил с одного номера 40 раз, а потом ещё с 5 разных номеров.",
     {("calls", 40), ("numbers", 5)}),
    ("Он приходил один раз и отправил 1 сообщение.", {("visits", 1), ("messages", 1)}),
    # fake social media accounts
    ("He opened four fake Instagram accounts to watch her.", {("accounts", 4)}),
    ("He ran three fake social media profiles.", {("accounts", 3)}),
    ("Он завёл четыре фейковых аккаунта.", {("accounts", 4)}),
    ("Ол төрт жалған аккаунт ашып, оны бақылаған.", {("accounts", 4)}),
    # victims
    ("The pair cheated 31 pensioners out of their savings.", {("victims", 31)}),
    ("Аферисты обманули 31 пенсионера.", {("victims", 31)}),
    ("Алаяқтар 31 зейнеткерді алдаған.", {("victims", 31)}),
    # threats, following, violence so many times or on so many occasions: episodes
    ("He threatened her on no fewer than seven occasions.", {("episodes", 7)}),
    ("He followed her home on four separate occasions.", {("episodes", 4)}),
    ("He assaulted her 3 times.", {("episodes", 3)}),
    ("Он угрожал ей не менее чем в семи случаях.", {("episodes", 7)}),
    ("Он четыре раза преследовал её.", {("episodes", 4)}),
    ("Ол оны кемінде жеті рет қорқытқан.", {("episodes", 7)}),
    ("Ол оны төрт жағдайда аңдыған.", {("episodes", 4)}),
    # letters in Kazakh
    ("Ол оған 45 хат жазған.", {("messages", 45)}),
    # a rate word before the count, but the count is said to be the total
    ("Ежедневно он писал ей, всего 500 сообщений.", {("messages", 500)}),
    # a day named without a rate is a total for that day
    ("Сол күні ол оған 25 рет қоңырау шалған.", {("calls", 25)}),
    ("Осуждён по 4 эпизодам мошенничества.", {("episodes", 4)}),
    # adverbs that are a number of times by themselves, next to a verb of the counted act
    ("Он трижды приходил к ней на работу.", {("visits", 3)}),
    ("Бывший муж дважды звонил ей ночью.", {("calls", 2)}),
    ("Он четырежды угрожал соседке.", {("episodes", 4)}),
    ("He turned up at her flat twice last week.", {("visits", 2)}),
    ("He rang her thrice before noon.", {("calls", 3)}),
    ("He phoned her five times from the office.", {("calls", 5)}),
    ("Ол оған екі дүркін қоңырау шалған.", {("calls", 2)}),
    # halves and scale words in words
    ("За год он отправил ей свыше полутора тысяч сообщений.", {("messages", 1500)}),
    ("Он сделал более двух тысяч звонков.", {("calls", 2000)}),
    ("Он сделал около тысячи звонков.", {("calls", 1000)}),
    ("Он отправил ей тысячу сообщений.", {("messages", 1000)}),
    ("Ол мыңнан астам хабарлама жазған.", {("messages", 1000)}),
    ("Ол бір жарым мың хабарлама жіберген.", {("messages", 1500)}),
    ("He left her more than a thousand voice messages.", {("messages", 1000)}),
    ("He sent her one and a half thousand texts.", {("messages", 1500)}),
    # a range is a count when no rate is told; a slash or № elsewhere in the clause is harmless
    ("Ол 3-4 рет үйіне келген, бұл туралы № 12/7 хатта жазылған.", {("visits", 4)}),
    # "come" after an auxiliary, victims recognised in the perfect
    ("By May he had come to her flat 7 times.", {("visits", 7)}),
    ("He has come to the college 4 times this week.", {("visits", 4)}),
    ("To date 64 people have been recognized as victims.", {("victims", 64)}),
    # the calls a victim received from the offender are still his calls
    ("She received 25 calls from him that evening.", {("calls", 25)}),
]


TRAPS = [
    # хабарлады (reported) is not a call; a rate of calls is no total
    "Полиция бұл туралы 3 рет хабарлады.",
    "Ол күніне 15 рет хабарласқан.",
    # a verb six words back across a comma does not own the times
    "Он звонил ей и просил встретиться, она отказала 3 раза.",
    # "one" in words before a counted noun names a thing
    "Когда она заблокировала один номер, он писал с другого.",
    "Ол бір хабарлама жіберді.",
    "She blocked one number, and he called from another.",
    # rates are not totals
    "He rang her up to 30 times a day.",
    "He sent her 50 messages per day for a month.",
    "Every night he called her 20 times.",
    "Он звонил ей по 30 раз в день.",
    "Он присылал ей 50 сообщений ежедневно.",
    "Каждый день он звонил ей 20 раз.",
    "Ол оған күніне 30 рет қоңырау шалған.",
    "Ол оған күн сайын 50 хабарлама жіберген.",
    # a rate given as a range: neither number is a count on its own
    "Ол оған күніне 30-40 рет қоңырау шалған.",
    "Ол тәулігіне 20-25 хабарлама жіберген.",
    "Он звонил ей по 20-30 раз в день.",
    "He called her 20-30 times every day.",
    # the other Kazakh rate words: every week, every hour, every day, daily
    "Ол апта сайын 2 рет жұмысына келген.",
    "Ол сағат сайын 5 хабарлама жазған.",
    "Ол әр күні 10 рет қоңырау шалатын.",
    "Ол күнделікті 10 рет хабарласатын.",
    "Ол аптасына екі рет үйіне келетін.",
    "Он ежемесячно присылал ей 10 писем.",
    # rates told by adverbs, and distributive по before the times of any act
    "Он трижды в день приходил к её дому.",
    "He phoned her twice a day.",
    "Он угрожал ей по 3 раза при каждой встрече.",
    # statistics stay statistics
    "In 2025, 900 calls were registered in the region.",
    "В области зарегистрировано 900 сообщений о преследовании.",
    "Облыста 900 қоңырау тіркелді.",
    # the calls a helpline or a crisis centre received are not an offender's calls
    "In 2025 the helpline received 2,716 calls.",
    "The crisis centre received 640 calls last year.",
    "Our hot line answered 1 200 calls in March.",
    "На телефон доверия за год поступило 2 716 звонков.",
    "В колл-центр банка поступило 480 звонков.",
    "Сенім телефонына 2 716 қоңырау түсті.",
    "Жедел желіге биыл 900 қоңырау келді.",
    # a Kazakh number word in the locative is "there", "then", not a count
    "Онда жәбірленушіден хат келді.",
    # numbers that count nothing: years, ages, articles, money, services, distances, durations
    "He threatened her in 2023 and followed her in 2024.",
    "The 27-year-old was followed 200 metres and threatened for 3 hours.",
    "He was charged under Article 115-1 twice.",
    "He threatened to call 102.",
    "Он угрожал ей 2 года.",
    "Он преследовал её 5 км.",
    "Ол оны 3 сағат бойы аңдыған.",
    "Ол 2024 жылы 102-ге қоңырау шалған.",
    "He demanded 500 000 tenge and threatened her.",
    # comparisons
    "He threatened her three times more often than before.",
    "Он угрожал ей в 3 раза чаще.",
    # document numbers and reversed "ranges" are references
    "№ 14-02 хатқа жауап жіберілді.",
    "Ответ на письмо № 7 получен.",
    # a number after a slash, №, No. or N, or glued to digits before it by a hyphen, is a
    # document number
    "2025 жылғы 5 наурыздағы № 4-2/615 хат қайтарылды.",
    "Исх. № 3/12 письмо направлено заявителю.",
    "Исх. №3/12 письмо направлено заявителю.",
    "Ответ за N 45 письмо получен.",
    "Form No. 12 letters were sent out to both banks.",
    "Ref. 2024/317 messages log was attached.",
    # adverbs with no verb of the act, or in a comparison
    "Он дважды был судим за преследование.",
    "He called her twice as often as before.",
    "Он писал ей трижды больше, чем раньше.",
    "Однажды он пришёл к ней домой.",
    # thousands of, a half with no scale word
    "Он отправил ей тысячи сообщений.",
    "Ол оған мыңдаған хабарлама жіберген.",
    "He sent her thousands of messages.",
    "Он звонил ей полтора часа подряд.",
    # convictions are not acts
    "He was convicted under the same article on two occasions.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_counts_found(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize("text", TRAPS)
def test_no_count(text):
    assert _counts(text) == set()


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ("Он звонил ей не менее чем с 8 номеров.", {"bound": "min"}),
        ("Ақша кемінде 5 картаға аударылған.", {"bound": "min"}),
        ("He used no more than 4 numbers.", {"bound": "max"}),
    ],
)
def test_qualifier_before_a_preposition(text, extra):
    doc = pipeline.prepare(text)
    counts = [f for f in story.extract(doc) if f.kind == "count"]
    assert len(counts) == 1 and counts[0].extra == extra, [f.to_dict() for f in counts]
