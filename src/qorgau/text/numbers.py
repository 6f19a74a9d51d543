"""Numbers as written in Kazakh, Russian and English texts: digit groups, decimals, scale words.

Officials write ``27 892`` (space-grouped thousands), ``0,175`` (decimal comma), ``1,7 млрд``,
``60 млн``, ``28 мыңға жуық``; English texts write ``865,000`` and ``1.5 million``. This module gives
regex sources that other extractors embed, and functions that turn a match into a number.
Lexicons live in ``data/lexicons/numbers.yaml``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from qorgau.text.patterns import trie_pattern

# A numeric literal: space- or comma-grouped thousands, or plain digits with an optional decimal
# part. Bounded repetition keeps it linear. The first digit comes before the look-behind so the
# regex engine can jump straight to digits. The spaces are plain ones because the text is
# normalised first (no-break and thin spaces become plain spaces).
NUM_SRC = r"\d(?<![\d.,]\d)(?:\d{0,2}(?:(?: |,|\.)\d{3}){1,4}(?!\d)|\d{0,11})(?:[.,]\d{1,4})?(?!\d)"

# Kazakh and Russian words glue case endings and suffixes to scale words (мыңға, мыңнан, млн-ға).
_SUFFIX = r"[а-яәғқңөұүһіa-z\-]{0,8}"


@cache
def lexicon() -> dict:
    """The number-word lexicon (``data/lexicons/numbers.yaml``), loaded once."""
    data = resources.files("qorgau.data.lexicons").joinpath("numbers.yaml").read_text("utf-8")
    return yaml.safe_load(data)


@cache
def scale_table() -> dict[str, int]:
    """Stem of a scale word → multiplier."""
    table: dict[str, int] = {}
    for entry in lexicon()["scales"].values():
        for stem in entry["stems"]:
            table[stem.lower()] = int(entry["value"])
    return table


@cache
def scale_src() -> str:
    """Regex source matching one scale word with its suffixes; group ``scale`` holds the stem."""
    stems = sorted(scale_table(), key=len, reverse=True)
    alt = "|".join(re.escape(s) for s in stems)
    return rf"(?P<scale>{alt})\.?{_SUFFIX}(?![\w])"


def scale_value(word: str) -> int:
    """Multiplier for a scale word as written (``млн``, ``мыңнан``, ``billion``); 1 if unknown."""
    w = word.lower().rstrip(".")
    table = scale_table()
    for stem in sorted(table, key=len, reverse=True):
        if w.startswith(stem):
            return table[stem]
    return 1


# parse_number's patterns, compiled once (it runs at nearly every number the extractors read)
_GROUPED = re.compile(r"(\d{1,3})((?:[,.]\d{3})+)")
_SEPARATOR = re.compile(r"[,.]")
_PLAIN = re.compile(r"(\d+)(?:[.,](\d+))?")
_MIXED = re.compile(r"(\d{1,3}(?:,\d{3})+)\.(\d+)")


def parse_number(text: str, lang: str | None = None) -> int | float | None:
    """Turn a numeric literal into a number.

    ``27 892`` → 27892, ``0,175`` → 0.175, ``1,7`` → 1.7, ``865,000`` → 865000 (a comma followed
    by exactly three digits is a thousands separator, except in ``0,175`` where the integer part is
    zero), ``1.5`` → 1.5. Returns None for text that holds no number.
    """
    s = text.strip().replace(" ", "")
    if not s or not s[0].isdigit():
        return None
    if s.isdecimal():  # digits only (what \d matches): the common case, read at once
        return int(s)
    groups = _GROUPED.fullmatch(s)
    if groups and groups.group(1) != "0":
        seps = {c for c in groups.group(2) if c in ",."}
        # "1.500" in Russian text is a thousands group only when more than one group or lang not en
        if len(seps) == 1 and (len(groups.group(2)) > 4 or lang != "en" or "," in seps):
            return int(_SEPARATOR.sub("", s))
    m = _PLAIN.fullmatch(s)
    if not m:
        # mixed separators such as 1,234.56
        m2 = _MIXED.fullmatch(s)
        if m2:
            return float(m2.group(1).replace(",", "") + "." + m2.group(2))
        return None
    if m.group(2) is None:
        return int(m.group(1))
    return float(f"{m.group(1)}.{m.group(2)}")


def as_int_if_whole(x: float | int) -> int | float:
    """1.0 → 1, 1.7 → 1.7 (money and counts are integers whenever they can be)."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def scaled(number: int | float, scale_word: str | None) -> int | float:
    """A number times its scale word, rounded to an integer when the result is whole."""
    value = number * (scale_value(scale_word) if scale_word else 1)
    if isinstance(value, float):
        value = round(value, 6)
    return as_int_if_whole(value)


@cache
def word_numbers(lang: str) -> dict[str, int]:
    """Number words of one language (``ru``, ``kk``, ``en``) → value."""
    return {k.lower(): int(v) for k, v in lexicon()["words"].get(lang, {}).items()}


@cache
def word_number_src(lang: str) -> str:
    """Regex source for one to three number words in a row (``двадцать пять``, ``үш жүз``)."""
    words = word_numbers(lang)
    if not words:
        return r"(?!x)x"
    # a trie matches as the alternation of the words longest first, with fewer tries
    one = rf"(?:{trie_pattern(set(words))})"
    # Kazakh words carry suffixes (бесінші is ordinal, so only short case suffixes are allowed).
    suffix = r"(?:[ауеы]?[дтн][аеы]н|[ғгқк][аае]|[дт][аеы]|н[ыі]ң)?" if lang == "kk" else ""
    joiner = r"(?:[ -]|\s+and\s+)" if lang == "en" else r"[ -]"
    return rf"(?<![\w-]){one}(?:{joiner}{one}){{0,2}}{suffix}(?![\w])"


def parse_word_number(text: str, lang: str) -> int | None:
    """Value of number words such as ``двадцать пять``, ``үш жүз``, ``twenty-five``."""
    table = word_numbers(lang)
    total = 0
    current = 0
    found = False
    for token in re.split(r"[ -]+", text.lower().strip().replace("ё", "е")):
        if lang == "en" and token == "and":
            continue
        value = table.get(token)
        if value is None and lang == "kk":
            # strip a Kazakh case suffix (оннан, бестен, жүзге)
            value = next(
                (v for w, v in sorted(table.items(), key=lambda kv: -len(kv[0]))
                 if token.startswith(w) and len(token) - len(w) <= 4),
                None,
            )
        if value is None:
            return None
        found = True
        if value == 100 and lang in ("kk", "en"):
            current = (current or 1) * 100
        else:
            current += value
    total += current
    return total if found else None
