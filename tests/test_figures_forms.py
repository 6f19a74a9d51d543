"""Figures written the way ministry letters and news reports write them (kk/ru/en).

The sentences are written for these tests. Forms: total damage said after the counts of a
period; the largest loss after a dash; bases in brackets after shares of all criminal offences;
schemes in a dash list ("под предлогом инвестирования", hijacked accounts); a Kazakh range of days
with the suffix on the first number. Traps: the total damage of one case needs a period word; an
account hijacked "от имени" its owner is account takeover, not impersonation; a call "от имени"
bank staff stays impersonation; "сумма ущерба достигала" is not the largest loss.
Also: solved "of them" (only after a count of internet fraud), schemes whose counts share one verb
("accounted for N, ... for M", "на долю ... пришлось"), damage "totalled KZT 5.4 billion" and "в
общей сложности", the largest loss in apposition, the age group written before its share of the
victims (not of callers), and "between N and M days after".
"""

import pytest

from qorgau.extract.pipeline import extract_document


def _figures(text: str) -> set[tuple[str, float]]:
    return {(f.value["metric"], f.value["value"]) for f in extract_document(text).of_kind("figure")}


REPORT = (
    "За шесть месяцев 2026 года зарегистрировано 8 240 интернет-мошенничеств. Раскрыто 2 110 "
    "преступлений.\n\n"
)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            REPORT + "Общая сумма ущерба превысила 6 млрд тенге, в отдельных случаях ущерб "
            "достигал 40 млн тенге.",
            {("damage_total_tenge", 6_000_000_000), ("max_damage_tenge", 40_000_000)},
            set(),
        ),
        (
            REPORT + "Общая сумма ущерба от мошенничеств составила 7,2 млрд тенге, а максимальный "
            "ущерб по одному делу — 64 млн тенге.",
            {("damage_total_tenge", 7_200_000_000), ("max_damage_tenge", 64_000_000)},
            set(),
        ),
        # one case, no period and no official counts before it
        (
            "Суд установил, что подсудимый обманул пенсионерку. Общая сумма ущерба составила "
            "3 млн тенге.",
            set(),
            {("damage_total_tenge", 3_000_000)},
        ),
        # official counts before, but the sentence is about one case
        (
            REPORT + "Общая сумма ущерба по этому делу составила 3 млн тенге.",
            set(),
            {("damage_total_tenge", 3_000_000)},
        ),
        # the total "reached", not the largest loss
        (
            REPORT + "Общая сумма ущерба достигала 6 млрд тенге.",
            {("damage_total_tenge", 6_000_000_000)},
            {("max_damage_tenge", 6_000_000_000)},
        ),
        (
            "В 2026 году это 41% от общего числа мошенничеств (20 100) и 12% от всех "
            "зарегистрированных уголовных правонарушений (69 000).",
            {("share_of_all_frauds_pct", 41), ("all_frauds_registered", 20100),
             ("share_of_all_crimes_pct", 12), ("all_crimes_registered", 69000)},
            set(),
        ),
        (
            "In 2026 online fraud made up 14% of all registered criminal offences (58,300).",
            {("share_of_all_crimes_pct", 14), ("all_crimes_registered", 58300)},
            set(),
        ),
        (
            "Способы в 2026 году:\n– звонки от имени сотрудников банков – 3 300;\n"
            "– под предлогом инвестирования на поддельных площадках – 1 250;\n"
            "– взлом страниц в соцсетях с просьбами о займе от имени владельца – 870.",
            {("scheme_impersonation", 3300), ("scheme_investment", 1250),
             ("scheme_account_takeover", 870)},
            {("scheme_impersonation", 870)},
        ),
        (
            "2026 жылғы тәсілдер: банк қызметкерлері атынан қоңырау шалу – 2 900; мессенджердегі "
            "аккаунтты бұзу – 640.",
            {("scheme_impersonation", 2900), ("scheme_account_takeover", 640)},
            set(),
        ),
        (
            "Schemes in 2026: hacked messenger accounts sending loan requests on behalf of the "
            "owner - 512.",
            {("scheme_account_takeover", 512)},
            {("scheme_impersonation", 512)},
        ),
        (
            "– Жәбірленушілер полицияға әдетте 4-тен 20 күнге дейін кешігіп жүгінеді, – деді ол.",
            {("reporting_delay_days_min", 4), ("reporting_delay_days_max", 20)},
            set(),
        ),
        # solved "of them", schemes sharing one verb of share, damage with the currency first,
        # the largest loss in apposition, the age group before its share, "between N and M days"
        (
            "In the first nine months of 2026, 9,480 internet fraud cases were registered. "
            "Police solved 2,615 of them. Callers posing as bank staff accounted for 3,120 cases, "
            "advance payment scams for 2,240 and fake investment platforms for 1,005. Losses "
            "totalled KZT 5.4 billion; the biggest loss, 62 million tenge, hit a teacher in "
            "Taraz. Pensioners over 60 made up 23% of all victims, and victims contacted the "
            "police between 4 and 18 days after paying.",
            {("crimes_solved", 2615), ("scheme_impersonation", 3120),
             ("scheme_prepayment", 2240), ("scheme_investment", 1005),
             ("damage_total_tenge", 5_400_000_000), ("max_damage_tenge", 62_000_000),
             ("victims_over_60_pct", 23), ("reporting_delay_days_min", 4),
             ("reporting_delay_days_max", 18)},
            set(),
        ),
        (
            "За девять месяцев 2026 года зарегистрировано 9 480 интернет-мошенничеств, раскрыто "
            "2 615 из них. На долю звонков от имени сотрудников банков пришлось 3 120 случаев, "
            "мошенничеств с предоплатой — 2 240, лжеинвестиций — 1 005. Ущерб составил в общей "
            "сложности 5,4 млрд тенге, крупнейший ущерб, 62 млн тенге, понес учитель из Тараза. "
            "Люди старше 60 лет составили 23% потерпевших.",
            {("crimes_solved", 2615), ("scheme_impersonation", 3120),
             ("scheme_prepayment", 2240), ("scheme_investment", 1005),
             ("damage_total_tenge", 5_400_000_000), ("max_damage_tenge", 62_000_000),
             ("victims_over_60_pct", 23)},
            set(),
        ),
        (
            "2026 жылдың тоғыз айында 9 480 интернет-алаяқтық дерегі тіркелді. Полиция олардың "
            "2 615-ін ашты. Банк қызметкерлері атынан алаяқтық 3 120 жағдайды құрады. Залал "
            "барлығы 5,4 млрд теңгені құрады, ең ірі залал, 62 млн теңге, Тараздағы мұғалімге "
            "келді. 60 жастан асқан жәбірленушілер 23%-ды құрады.",
            {("crimes_solved", 2615), ("scheme_impersonation", 3120),
             ("damage_total_tenge", 5_400_000_000), ("max_damage_tenge", 62_000_000),
             ("victims_over_60_pct", 23)},
            set(),
        ),
        # "of them" after a count of another offence; a share, not a count, of a scheme
        (
            "In 2026, 310 stalking cases were registered; police solved 120 of them. Fake bank "
            "employees accounted for 31% of online fraud.",
            set(),
            {("crimes_solved", 120), ("scheme_impersonation", 31)},
        ),
        # the damage of one case, no period, no official counts before it
        (
            "The court found that the damage totalled KZT 3 million.",
            set(),
            {("damage_total_tenge", 3_000_000)},
        ),
        # people over 60 as a share of callers, not of victims
        (
            "In 2026 people over 60 made up 40% of callers to the hotline.",
            set(),
            {("victims_over_60_pct", 40)},
        ),
    ],
)
def test_figure_forms(text, present, absent):
    found = _figures(text)
    assert present <= found
    assert not (absent & found)


# Kazakh forms of registered internet frauds, schemes and damage; a count for the regions left out
# of a list is no total
@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "2025 жылы облыста интернет-алаяқтықтың 2 306 дерегі тіркелді. Келтірілген жалпы залал "
            "3 млрд 420 млн теңгеден асты.",
            {("crimes_registered", 2306), ("damage_total_tenge", 3_420_000_000)},
            set(),
        ),
        (
            "Биыл интернет-алаяқтықтың 540 дерегі тіркелді, оның 203-і – алдын ала төлем алу "
            "тәсілімен жасалған. Келтірілген залал 97 млн теңгеден асады.",
            {("crimes_registered", 540), ("scheme_prepayment", 203),
             ("damage_total_tenge", 97_000_000)},
            set(),
        ),
        (
            "Тоғыз айда ақпараттық технологияларды пайдаланып жасалған алаяқтық бойынша (ҚК-нің "
            "190-бабы) 15 870 қылмыс тіркелді. Қалған өңірлерде барлығы 3 114 қылмыс тіркелді. "
            "Залалдың жалпы сомасы 18,4 млрд теңгені құрады.",
            {("crimes_registered", 15870), ("damage_total_tenge", 18_400_000_000)},
            {("all_crimes_registered", 3114)},
        ),
        (
            "2026 жылы ең көп тараған тәсіл – банк қызметкерлерінің атынан қоңырау шалу (644 "
            "дерек), одан кейін – алдын ала төлем алу (519) және инвестициялау сылтауымен алдау "
            "(88).",
            {("scheme_impersonation", 644), ("scheme_prepayment", 519), ("scheme_investment", 88)},
            set(),
        ),
        (
            "2026 жылғы тәсілдер: – полиция қызметкерлерінің атын жамылып – 2 907; – алдын ала "
            "төлем – 1 450.",
            {("scheme_impersonation", 2907), ("scheme_prepayment", 1450)},
            set(),
        ),
        (
            "С начала года зарегистрировано 430 интернет-мошенничеств, ущерб превысил 96 млн тенге.",
            {("crimes_registered", 430), ("damage_total_tenge", 96_000_000)},
            set(),
        ),
        # one victim's loss in a story, with no period and no official count: no figure
        (
            "Зейнеткерге келтірілген залал 8 млн теңгеден асты.",
            set(),
            {("damage_total_tenge", 8_000_000)},
        ),
    ],
)
def test_kazakh_fraud_forms(text, present, absent):
    got = _figures(text)
    assert present <= got
    assert not (absent & got)
