"""Figures written the way ministry letters and news reports write them (kk/ru/en).

The sentences are written for these tests. Forms: total damage said after the counts of a
period; the largest loss after a dash; bases in brackets after shares of all criminal offences;
schemes in a dash list ("под предлогом инвестирования", hijacked accounts); a Kazakh range of days
with the suffix on the first number. Traps: the total damage of one case needs a period word; an
account hijacked "от имени" its owner is account takeover, not impersonation; a call "от имени"
bank staff stays impersonation; "сумма ущерба достигала" is not the largest loss.
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
    ],
)
def test_figure_forms(text, present, absent):
    found = _figures(text)
    assert present <= found
    assert not (absent & found)
