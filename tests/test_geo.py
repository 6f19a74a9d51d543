"""The region reference: 20 units, names, codes, lookup of free-text names, towns data."""

import pytest

from qorgau import geo


def test_twenty_units_with_unique_codes():
    units = geo.regions()
    assert len(units) == 20
    assert len({u.code for u in units}) == 20
    assert sum(u.type == "city" for u in units) == 3
    assert {u.code for u in units if u.type == "city"} == {"KZ-71", "KZ-75", "KZ-79"}
    assert geo.codes()[0] == "KZ-10" and geo.codes()[-1] == "KZ-79"


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [
        ("KZ-47", "ru", "Мангистауская область"),
        ("KZ-47", "kk", "Маңғыстау облысы"),
        ("KZ-47", "en", "Mangystau Region"),
        ("KZ-10", "ru", "область Абай"),
        ("KZ-71", "kk", "Астана қаласы"),
        ("KZ-75", "en", "Almaty"),
        ("KZ-19", "en", "Almaty Region"),
        ("kz-59", "en", "North Kazakhstan Region"),
        ("KZ", "en", "Kazakhstan"),
    ],
)
def test_names(code, lang, name):
    assert geo.name(code, lang) == name


def test_centres_and_old_codes():
    assert geo.region("KZ-10").centre("en") == "Semey"
    assert geo.region("KZ-19").centre("ru") == "Конаев"
    assert geo.region("KZ-33").centre("kk") == "Талдықорған"
    assert geo.region("KZ-62").centre("en") == "Zhezkazgan"
    assert geo.region("KZ-71").centre("en") is None
    assert geo.region("MAN").code == "KZ-47"
    assert "Нур-Султан" in geo.region("KZ-71").former_names


def test_unknown_code_and_language_are_refused_with_a_reason():
    with pytest.raises(KeyError, match="not one of the 20"):
        geo.region("KZ-99")
    with pytest.raises(ValueError, match="kk, ru or en"):
        geo.region("KZ-47").name("de")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Алматинская область", "KZ-19"),
        ("Алматы облысы", "KZ-19"),
        ("Алматы", "KZ-75"),
        ("Almaty Region", "KZ-19"),
        ("Aktau", "KZ-47"),
        ("Мунайлинский район", "KZ-47"),
        ("Шымкентте", "KZ-79"),
        ("Нур-Султан", "KZ-71"),
        ("ВКО", "KZ-63"),
        ("область Жетісу", "KZ-33"),
        ("Semey", "KZ-10"),
        ("Талдыкорган", "KZ-33"),
        ("Сатпаев", "KZ-62"),
        ("Капшагай", "KZ-19"),
        ("Жанаозен", "KZ-47"),
        ("Ekibastuz", "KZ-55"),
        ("Уральск", "KZ-27"),
        ("Байконур", "KZ-43"),
        ("Казахстан", None),
        ("Абай", None),
        ("Жамбыл ауданы", None),
        ("Шымкент и Астана", None),
    ],
)
def test_lookup(text, code):
    assert geo.lookup(text) == code


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Қарағандыда", "карагандыда"),
        ("Qaraǵandy", "qaragandy"),
        ("ӨСКЕМЕН", "оскемен"),
        ("Ёлка – İstanbul", "елка - istanbul"),
    ],
)
def test_fold_keeps_length(text, folded):
    assert geo.fold(text) == folded
    assert len(geo.fold(text)) == len(text)


def test_towns_table_maps_every_town_to_one_of_the_units():
    data = geo.places_data()
    codes = set(geo.codes())
    assert len(data["towns"]) > 100
    owner: dict[str, str] = {}
    for t in data["towns"] + data["towns_extra"]:
        assert t["code"] in codes, t
        for form in t["forms"]:
            key = geo.fold(form)
            assert owner.setdefault(key, t["code"]) == t["code"], form
    for d in data["districts"]:
        assert d["code"] in codes, d


@pytest.mark.parametrize(
    ("town", "code"),
    [("Semey", "KZ-10"), ("Taldykorgan", "KZ-33"), ("Satpayev", "KZ-62"),
     ("Zhezkazgan", "KZ-62"), ("Konaev", "KZ-19"), ("Kapshagay", "KZ-19")],
)
def test_towns_moved_in_2022(town, code):
    assert geo.lookup(town) == code
