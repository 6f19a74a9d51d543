"""Name keys for person matching across scripts: Kazakh and Russian Cyrillic, Latin spellings.

The same man is written Мұхамедияров in a Kazakh complaint, Мухамедияров in a Russian police
report and Mukhamediyarov in a passport or an English form. Person matching compares names in
one canonical Latin spelling (:func:`canonical`) and blocks candidates on a coarse key
(:func:`skeleton`):

* :func:`canonical` fixes Latin look-alike letters inside Cyrillic words (and the reverse),
  transliterates Cyrillic (``data/link/names.yaml``), folds Kazakh Latin letters, and applies a
  few spelling rules so the usual romanisations meet: word-initial ``ye`` is ``e``
  (Yerlan/Ерлан), ``y`` between vowels is dropped (Issayev/Исаев, Nurgaliyev/Нургалиев),
  ``y`` before a consonant is ``i`` (Kayrat/Kairat, Sergey/Sergei), a final ``iy``/``ii`` is ``y``
  (Dmitriy/Dmitry), doubled letters are single (Kassymov/Қасымов).
* :func:`skeleton` keeps the first letter and the consonants of the rest, so that vowel
  differences between Kazakh and Russian forms (Төлеубаев/Тулеубаев) and gendered forms
  (Жанар/Жанара, Гүлнар/Гульнара) share a key.
* :func:`parse` splits a full name into first name, surname and patronymic, in either order
  (``Жанар Мұхамедиярова``, ``Мухамедиярова Жанара Ериковна``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from qorgau.text.normalise import normalise

_VOWELS = "aeiouy"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIGRAPHS = (
    ("shch", "w"),
    ("zh", "j"),
    ("kh", "h"),
    ("sh", "w"),
    ("ch", "c"),
    ("ts", "c"),
    ("ng", "n"),
)


@cache
def _data() -> dict:
    raw = resources.files("qorgau.data").joinpath("link", "names.yaml").read_text("utf-8")
    return yaml.safe_load(raw)


@cache
def _table() -> dict[int, str]:
    data = _data()
    table = {ord(k): v for k, v in data["cyrillic"].items()}
    table.update({ord(k.upper()): v for k, v in data["cyrillic"].items()})
    table.update({ord(k): v for k, v in data["latin"].items()})
    return table


_RULES = (
    (re.compile(r"^ye"), "e"),  # Yerlan, Yelena: Ерлан, Елена
    (re.compile(r"^yo"), "o"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),  # Issayev, Nurgaliyev, Seyitov
    (re.compile(r"(?:iy|ii|yi)$"), "y"),  # Dmitriy, Dmitrii: Dmitry
    (re.compile(r"(?<=[aeiou])y(?=[^aeiouy]|$)"), "i"),  # Kayrat, Bayzhanov: Kairat
    (re.compile(r"([a-z])\1+"), r"\1"),  # Kassymov: Kasymov
)


@lru_cache(maxsize=65536)
def canonical_word(word: str) -> str:
    """One word in the canonical Latin spelling (lower case, ASCII letters only)."""
    text = unicodedata.normalize("NFC", normalise(word)).lower().translate(_table())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if "a" <= ch <= "z")
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text


def canonical(name: str) -> str:
    """A whole name in the canonical Latin spelling, words separated by one space."""
    return " ".join(w for w in (canonical_word(m) for m in _WORD.findall(name)) if w)


def male_surname(surname: str) -> str:
    """A canonical surname with a female ending replaced by the male one (Мухамедиярова →
    mukhamediarov), so that the gendered forms of one family name compare equal."""
    for female, male in sorted(_data()["female_surname"].items(), key=lambda kv: -len(kv[0])):
        if surname.endswith(female) and len(surname) > len(female) + 1:
            return surname[: -len(female)] + male
    return surname


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """First letter and the following consonants of a canonical word: a coarse key that
    Kazakh/Russian vowel differences and gendered endings do not change."""
    if not word:
        return ""
    for digraph, one in _DIGRAPHS:
        word = word.replace(digraph, one)
    rest = "".join(ch for ch in word[1:] if ch not in _VOWELS)
    return re.sub(r"(.)\1+", r"\1", word[0] + rest)


@dataclass(frozen=True)
class NameParts:
    """A person's name split into canonical parts; empty strings where a part is unknown."""

    first: str
    last: str
    patronymic: str = ""

    @property
    def first_key(self) -> str:
        return skeleton(self.first)

    @property
    def last_key(self) -> str:
        return skeleton(self.last)

    @property
    def full(self) -> str:
        """First name and surname, canonical: what Jaro-Winkler compares as one string."""
        return " ".join(p for p in (self.first, self.last) if p)

    @property
    def key(self) -> str:
        """The blocking key of the whole name: first-name and surname skeletons."""
        return f"{self.first_key}|{self.last_key}" if self.first or self.last else ""


def _ends(word: str, endings: list[str]) -> bool:
    return any(word.endswith(e) and len(word) > len(e) + 1 for e in endings)


@lru_cache(maxsize=65536)
def parse(name: str | None) -> NameParts:
    """Split a full name (any script, either order) into first name, surname, patronymic.

    A word with a patronymic ending is the patronymic; of the rest, a word with a surname
    ending is the surname when the other is not; otherwise the order is first name, surname.
    One word alone is taken as a surname when it has a surname ending, else as a first name.
    """
    if not name:
        return NameParts("", "")
    words = [w for w in (canonical_word(m) for m in _WORD.findall(name)) if w]
    data = _data()
    patronymic = ""
    rest: list[str] = []
    for w in words:
        if w in data["patronymic_words"] and rest and not patronymic:
            patronymic = f"{rest.pop()} {w}"  # Гасан кызы, Серік ұлы: father's name and a word
        elif not patronymic and len(words) > 2 and _ends(w, data["patronymic_endings"]):
            patronymic = w
        else:
            rest.append(w)
    if not rest:
        return NameParts("", "", patronymic)
    if len(rest) == 1:
        w = rest[0]
        if _ends(w, data["surname_endings"]):
            return NameParts("", male_surname(w), patronymic)
        return NameParts(w, "", patronymic)
    first, last = rest[0], rest[-1]
    sur = data["surname_endings"]
    if _ends(first, sur) and not _ends(last, sur):
        first, last = last, first
    return NameParts(first, male_surname(last), patronymic)
