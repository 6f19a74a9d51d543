"""Normalised copy of a text for matching: one character in, one character out.

Extractors match on the copy this module builds, never on the stored original, and the original
is never altered. Every change is a one-to-one character mapping, so the copy has exactly the
length of the original and a span found in it is valid in the original too.

What is mapped (the character tables live in ``data/lexicons/homoglyphs.yaml``):

* typographic quotes (``« » „ “ ” ‟`` ...) → ``"``, single ones (``‘ ’ ‚ ‛ ‹ ›``) → ``'``;
* every dash and minus variant (``‐ ‑ ‒ – — ― −``, the soft hyphen) → ``-``;
* no-break, thin, narrow no-break, figure, ideographic and zero-width spaces → a plain space;
  Unicode line and paragraph separators → ``\\n``;
* ``ё`` → ``е``, ``Ё`` → ``Е``;
* Latin/Cyrillic look-alike letters inside a word that mixes the two scripts: when the word's
  distinctive letters (those with no look-alike) are all Cyrillic, its Latin look-alikes become
  Cyrillic (``Aктау`` with a Latin ``A`` → ``Актау``; Kazakh ``бiлiм`` with Latin ``i`` →
  ``білім``); when they are all Latin, its Cyrillic look-alikes become Latin. A word made only of
  look-alikes follows the script of most of its letters. Words with distinctive letters of both
  scripts (``WhatsApp-қа`` is two words, but ``iPhoneды`` is one) and clean words are left alone.

Speed: the fixed maps run as ``str.replace`` only for the characters that occur, and the
look-alike pass searches only for letters of the rarer script next to a letter of the other one,
so ordinary text is normalised at well over 20 MB/s.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

_LAT = "A-Za-z\u00c0-\u024f\u0259\u0275"
_CYR = "\u0400-\u04ff"

# A letter of one script that touches a letter of the other. The pattern starts with the class of
# the script searched for, which the regex engine scans quickly when that script is rare.
_MIX_AT_LATIN = re.compile(rf"[{_LAT}](?:(?<=[{_CYR}][{_LAT}])|(?=[{_CYR}]))")
_MIX_AT_CYRILLIC = re.compile(rf"[{_CYR}](?:(?<=[{_LAT}][{_CYR}])|(?=[{_LAT}]))")
_LETTERS = re.compile(r"[^\W\d_]*")

# Longer letter runs are not words (or are adversarial); they are left alone.
_MAX_WORD = 64
_SAMPLE = 4096


@cache
def _tables() -> tuple[tuple[tuple[str, str], ...], dict[int, str], dict[int, str]]:
    raw = resources.files("qorgau.data.lexicons").joinpath("homoglyphs.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    fixed: dict[str, str] = {}
    for section in ("quotes", "dashes", "spaces", "line_breaks", "letters"):
        for target, codes in data[section].items():
            for code in codes:
                fixed[chr(int(code, 16))] = str(target)
    for src, dst in fixed.items():
        if len(src) != 1 or len(dst) != 1:
            raise ValueError(f"homoglyphs.yaml: {src!r} -> {dst!r} is not one-to-one")
    to_cyr = {ord(str(k)): str(v) for k, v in data["latin_to_cyrillic"].items()}
    to_lat = {ord(str(k)): str(v) for k, v in data["cyrillic_to_latin"].items()}
    for table in (to_cyr, to_lat):
        if any(len(v) != 1 for v in table.values()):
            raise ValueError("homoglyphs.yaml: look-alike maps must be one character to one")
    return tuple(fixed.items()), to_cyr, to_lat


def _is_latin(ch: str) -> bool:
    o = ord(ch)
    return o < 0x80 or 0xC0 <= o <= 0x24F or o in (0x259, 0x275)


def _fix_word(word: str) -> str | None:
    """The word with its look-alikes mapped to the word's script, or None to leave it alone."""
    _, to_cyr, to_lat = _tables()
    lat = cyr = lat_distinct = cyr_distinct = 0
    for ch in word:
        o = ord(ch)
        if 0x400 <= o <= 0x4FF:
            cyr += 1
            if o not in to_lat:
                cyr_distinct += 1
        elif _is_latin(ch):
            lat += 1
            if o not in to_cyr:
                lat_distinct += 1
    if not lat or not cyr:
        return None
    if cyr_distinct and not lat_distinct:
        target = to_cyr
    elif lat_distinct and not cyr_distinct:
        target = to_lat
    elif not lat_distinct and not cyr_distinct and lat != cyr:
        target = to_cyr if cyr > lat else to_lat
    else:
        return None
    fixed = word.translate(target)
    return fixed if fixed != word else None


def _fix_mixed_words(text: str) -> str:
    # Which script is rarer: Cyrillic letters take two bytes in UTF-8, ASCII one, so the
    # growth of an encoded sample estimates the share of Cyrillic (and other non-ASCII) text.
    sample = text[:_SAMPLE]
    latin_rarer = 3 * (len(sample.encode("utf-8", "surrogatepass")) - len(sample)) > len(sample)
    pattern = _MIX_AT_LATIN if latin_rarer else _MIX_AT_CYRILLIC
    m = pattern.search(text)
    if m is None:
        return text
    parts: list[str] = []
    last = 0
    while m is not None:
        i = m.start()
        start = i
        floor = max(0, i - _MAX_WORD)
        while start > floor and text[start - 1].isalpha():
            start -= 1
        end = _LETTERS.match(text, i).end()
        too_long = (start == floor and start > 0 and text[start - 1].isalpha()) or (
            end - start > _MAX_WORD
        )
        if not too_long:
            fixed = _fix_word(text[start:end])
            if fixed is not None:
                parts.append(text[last:start])
                parts.append(fixed)
                last = end
        m = pattern.search(text, max(end, i + 1))
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def normalise(text: str) -> str:
    """Return the normalised copy of ``text``; ``len(result) == len(text)`` always.

    The stored original is never altered: callers keep ``text`` as it was and use the copy only
    for matching, taking any span found in the copy back to the original unchanged.
    """
    fixed, _, _ = _tables()
    out = text
    for src, dst in fixed:
        if src in out:
            out = out.replace(src, dst)
    out = _fix_mixed_words(out)
    if len(out) != len(text):  # pragma: no cover - guarded by the one-to-one tables
        raise AssertionError("normalise changed the length of the text")
    return out
