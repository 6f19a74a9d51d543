"""Person matching with Splink: the same man across scripts and spellings is found when a birth
date, IIN or victim backs the name; a name alone, a different IIN or birth date is not enough."""

from __future__ import annotations

from datetime import date

import pytest

from qorgau.link.persons import (
    MATCH_THRESHOLD,
    birth_date_from_iin,
    blocking_keys,
    matcher,
    mention_record,
)


@pytest.mark.parametrize(
    "iin, expected",
    [
        ("900506300019", date(1990, 5, 6)),
        ("050101500017", date(2005, 1, 1)),
        ("851231400011", date(1985, 12, 31)),
        ("901332300019", None),  # month 13
        ("900506900019", None),  # no such century digit
        ("9005063", None),
        (None, None),
    ],
)
def test_birth_date_from_iin(iin, expected):
    assert birth_date_from_iin(iin) == expected


def rec(uid, name, born=None, iin=None, victim="Айгерім Омарова", **kw):
    return mention_record(uid, uid, name, born, iin, victim=victim, **kw)


def test_mention_record_keys():
    r = rec(1, "Мухамедияров Жанат", None, "900506300019", offence="stalking", region="KZ-75")
    assert (r["first"], r["last"], r["first_key"], r["last_key"]) == (
        "zhanat", "mukhamediarov", "jnt", "mhmdrv")
    assert r["birth_date"] == date(1990, 5, 6)
    assert r["victim"] == parse_key("Айгерім Омарова")
    births, names, iins = blocking_keys([r])
    assert births == {date(1990, 5, 6)} and iins == {"900506300019"}
    assert names == {("mhmdrv", "jnt", r["victim"])}


def parse_key(name):
    from qorgau.link.names import parse

    return parse(name).key


def pairs(found):
    return {(m.left, m.right) for m in found}


def test_same_man_in_three_scripts_with_a_birth_date():
    born = date(1987, 3, 14)
    new = [
        rec(1, "Дәурен Төлеубаев", born, victim="Динара Ибраева"),
        rec(2, "Даурен Тулеубаев", born, victim="Роза Исаева"),
        rec(3, "Dauren Tuleubayev", born, victim="Madina Omarova"),
    ]
    found = matcher().within(new)
    assert pairs(found) == {(1, 2), (1, 3), (2, 3)}
    kk_ru = next(m for m in found if (m.left, m.right) == (1, 2))
    assert kk_ru.probability >= MATCH_THRESHOLD
    assert kk_ru.levels["last"] == "same key" and kk_ru.levels["birth_date"] == "exact"
    assert kk_ru.evidence()["levels"]["first"] == "exact"


@pytest.mark.parametrize(
    "other, linked",
    [
        (rec(2, "Ерлан Ахметов"), False),  # a name alone: dozens of namesakes
        (rec(2, "Ерлан Ахметов", date(1979, 1, 2)), False),  # another birth date
        (rec(2, "Ерлан Ахметов", date(1990, 5, 7)), False),  # one typo is not enough alone
        (rec(2, "Ерлан Ахметов", date(1990, 5, 6)), True),
        (rec(2, "Yerlan Akhmetov", date(1990, 5, 6)), True),
        (rec(2, "Ерлан Ахметов", None, "900506300019"), True),  # birth date from the IIN
        (rec(2, "Ерлан Ахметов", date(1990, 5, 6), "900506300029"), False),  # another IIN
        (rec(2, "Мұрат Ахметов", date(1990, 5, 6)), False),  # a brother born the same day?
        (rec(2, None, None, "900506300019"), True),  # the same IIN alone
    ],
)
def test_what_is_enough_to_link(other, linked):
    first = rec(1, "Ерлан Ахметов", date(1990, 5, 6), "900506300019")
    found = matcher().match([first], [other])
    assert bool(found) is linked


def test_matching_does_not_depend_on_which_side_is_new():
    a = rec(1, "Талғат Тоқтаров", date(1995, 8, 1))
    b = rec(2, "Talgat Toktarov", date(1995, 8, 1), victim="Сауле Ермекова")
    ab = matcher().match([a], [b])
    ba = matcher().match([b], [a])
    assert pairs(ab) == pairs(ba) == {(1, 2)}
    assert ab[0].probability == pytest.approx(ba[0].probability)
    assert matcher().match([], [a]) == [] and matcher().within([a]) == []
