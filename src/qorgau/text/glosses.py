"""Numbers spelled out in brackets after their digits, read past as if they were not there.

Court decisions and official letters repeat every amount and term in words: ``штраф в размере
100 (сто) МРП``, ``432 500 (четыреста тридцать две тысячи пятьсот) тенге``, ``2 (екі) жылға``,
``1 (one) year``. The extractors expect the unit right after the number, so the pipeline reads a
copy of the text without these glosses and maps every span found back onto the original.

A gloss is removed only when it stands right after a digit (spaces allowed before the bracket),
every word inside the brackets is a number word of Kazakh, Russian or English (with a short case
ending), a scale word or a joining word (``и``, ``and``, ``целых``, ``бүтін`` ...), and at least
one of them is a number or scale word exactly as listed in ``data/lexicons/numbers.yaml``; ``5 (пять лет)`` or ``100 (в месяц)`` stay as they are. The
stored text is never changed: :class:`Glossless` holds the copy and the offsets back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from qorgau.text import numbers

# A digit, up to two spaces, then a bracket holding letters, spaces and hyphens only. The digit
# comes first so the regex engine skips through the text to digits; the content is checked word
# by word afterwards.
_CANDIDATE = re.compile(r"\d([ \t\u00a0]{0,2}\(([^\W\d_][^()\d\n]{0,150})\))")
_WORD = re.compile(r"[^\W\d_]+")
# Longest case ending a Kazakh or Russian number word may carry beyond its listed form
# (жүзге, мыңнан, тысячами, двадцатью).
_MAX_ENDING = 4


@cache
def _vocabulary() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """Number and scale words as listed, the joining words, and the stems accepted with a short
    ending."""
    data = numbers.lexicon()
    numerals: set[str] = set()
    for table in data["words"].values():
        numerals.update(str(word).lower() for word in table)
    for scale in data["scales"].values():
        numerals.update(str(stem).lower() for stem in scale["stems"])
    numerals.update(str(w).lower() for w in data.get("gloss_collective", []))
    joining = frozenset(w.lower() for w in data.get("gloss_words", []))
    stems = numerals | {str(stem).lower() for stem in data.get("gloss_stems", [])}
    return frozenset(numerals), joining, tuple(sorted(stems, key=len, reverse=True))


def is_number_word(word: str) -> bool:
    """True for a number, scale or joining word, with a short case ending allowed after a number
    word of four letters or more (``четырехсот``, ``тридцатью``) or a short one (``жүзге``)."""
    w = word.lower().replace("ё", "е")
    numerals, joining, stems = _vocabulary()
    if w in numerals or w in joining:
        return True
    for stem in stems:
        if w.startswith(stem) and len(w) - len(stem) <= _MAX_ENDING:
            return True
    return False


def find(text: str) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of the glosses in ``text``: the spaces before the bracket, the
    bracket and its words."""
    out: list[tuple[int, int]] = []
    for m in _CANDIDATE.finditer(text):
        words = [w.lower().replace("ё", "е") for w in _WORD.findall(m.group(2))]
        # every word a number word, and one of them a number as listed (not only a stem with an
        # ending, which ordinary words can look like: "стажер", "тренер", "семья")
        if words and all(is_number_word(w) for w in words) and any(
            w in _vocabulary()[0] for w in words
        ):
            out.append((m.start(1), m.end(1)))
    return out


@dataclass(frozen=True, slots=True)
class Glossless:
    """A copy of a text without its glosses, and the way back to the original's offsets."""

    text: str
    # For each piece kept: its start in the copy and its start in the original.
    _copy_starts: tuple[int, ...]
    _orig_starts: tuple[int, ...]

    def start(self, i: int) -> int:
        """Original offset of the character at copy offset ``i``."""
        k = bisect_right(self._copy_starts, i) - 1
        return self._orig_starts[k] + (i - self._copy_starts[k])

    def end(self, i: int) -> int:
        """Original offset just after the copy's character ``i - 1`` (the end of a span)."""
        if i <= 0:
            return self.start(0) if self.text else 0
        return self.start(i - 1) + 1


def strip(text: str) -> Glossless | None:
    """The text without its glosses, or None when it has none (the usual case)."""
    if "(" not in text:
        return None
    spans = find(text)
    if not spans:
        return None
    pieces: list[str] = []
    copy_starts: list[int] = []
    orig_starts: list[int] = []
    pos = 0
    length = 0
    for s, e in spans:
        copy_starts.append(length)
        orig_starts.append(pos)
        pieces.append(text[pos:s])
        length += s - pos
        pos = e
    copy_starts.append(length)
    orig_starts.append(pos)
    pieces.append(text[pos:])
    return Glossless("".join(pieces), tuple(copy_starts), tuple(orig_starts))
