"""Sentence boundaries for Kazakh, Russian and English news, letters and police reports.

``split`` cuts the (normalised) text into sentences whose spans cover it end to end: each
sentence runs up to and including the whitespace after its last character, so every position
belongs to exactly one sentence. Language is left empty; ``text/lang.py`` labels it afterwards.

A boundary is terminal punctuation (``.``, ``!``, ``?``, ``…`` and runs of them, closing quotes
and brackets included) followed by whitespace, or a line break. It is not a boundary when:

* the next word starts with a lower-case letter (``и т.д. и`` …, a wrapped line);
* a full stop closes an abbreviation that is followed by a name or a number (``г. Алматы``,
  ``ст. 115-1``, ``ч. 2``, ``т.е.``, ``обл.``, ``Mr.``, Kazakh ``ж.``, ``б.``), an initial
  (``О. Бектенов``), or a list number at the start of a line (``1. Полиция``);
* a single line break follows a comma.

A blank line always ends a sentence. Decimals (``0,175``, ``1.5``) never split because the stop
is not followed by whitespace. One regular-expression pass and constant work per candidate keep it
linear in the length of the text.
"""

from __future__ import annotations

import re

from qorgau.model import Sentence

# Abbreviations after which a capital letter or a number usually continues the same sentence.
# Lower case, without the final full stop. Words that usually end a sentence (``т.д.``, ``etc.``)
# are deliberately absent.
ABBREVIATIONS = frozenset(
    """
    г гг ч чч ст стт п пп т.е т.к т.н т.ч и.о им ул просп пр пр-т мкр кв д корп обл р-н
    рис см напр гр тел моб факс каб зам нач пом рук упр ген полк подполк лейт кап серж
    проф акад доц канд д-р руб тг с пос дер ред изд абз подп
    ж жж б бб т тт қ к ауд
    mr mrs ms dr prof st no nos art para sec ch vol p pp cf e.g i.e vs gen col lt sgt capt jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec approx dept univ
    """.split()
)

# Terminal punctuation with closing quotes/brackets (and markdown emphasis), then the whitespace after it (or the end);
# or a bare line break with the whitespace after it. The first character is a plain class so the
# regex engine scans for it quickly; look-behinds tell the two kinds apart.
_CANDIDATE = re.compile(
    r"[.!?…\n](?:(?<=\n)(?P<nl>\s*+)"
    r"|(?<=[.!?…])(?P<punct>[.!?…]*+)[\"')\]*]*+(?P<ws>\s++|\Z))"
)
# The token right before a full stop: letters, possibly dotted (т.е, и.о) or hyphenated (р-н).
_TOKEN_BEFORE = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,12}(?:[.-][^\W\d_]{1,12}){0,3}\Z")
_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*\d{1,3}\Z")
_NONSPACE = re.compile(r"\S")
_LOOKBACK = 40


def _prev_nonspace(text: str, pos: int) -> str:
    """The last non-space character before ``pos`` on the same line (bounded look-back)."""
    i = pos - 1
    floor = max(-1, pos - _LOOKBACK)
    while i > floor and text[i] in " \t\r":
        i -= 1
    return text[i] if i > floor else ""


def _abbreviation_before(text: str, stop: int) -> bool:
    """True when the full stop at ``stop`` closes an abbreviation, an initial or a list number."""
    if stop == 0 or not text[stop - 1].isalnum():
        return False
    window_start = max(0, stop - _LOOKBACK)
    # A token is made of letters, full stops and hyphens, so it cannot start before the run of
    # such characters (digits included, to stay on the safe side) that ends at the stop:
    # searching from the run's start finds the same match as searching the whole window.
    run = stop - 1
    while run > window_start and (text[run - 1].isalnum() or text[run - 1] in ".-"):
        run -= 1
    m = _TOKEN_BEFORE.search(text, run, stop)
    if m:
        token = m.group()
        if len(token) == 1 and token.isupper():
            return True  # an initial: О. Бектенов, J. Smith
        if token.lower() in ABBREVIATIONS:
            return True
        parts = token.split(".")
        # dotted single letters: т.е, А.Б (initials written together)
        return (
            len(parts) > 1
            and all(len(p) == 1 for p in parts)
            and token.lower()
            not in (
                "т.д",
                "т.п",
            )
        )
    return bool(_LIST_NUMBER.search(text, window_start, stop))


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    nl, punct, ws = m.groups()
    line_break = nl is not None
    if line_break:
        ws = nl
    end = m.end()
    after = text[end] if end < len(text) else ""
    if not after or ws.count("\n") + line_break >= 2:
        return True
    if after.islower():
        return False
    if line_break:
        return _prev_nonspace(text, m.start()) != ","
    if not punct and text[m.start()] == ".":
        return not _abbreviation_before(text, m.start())
    return True


def split(text: str) -> list[Sentence]:
    """Split ``text`` into sentences that cover it end to end (language left empty)."""
    if not text:
        return []
    sentences: list[Sentence] = []
    start = 0
    n = len(text)
    nonspace = _NONSPACE.search
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        if end <= start or end >= n:
            continue
        if text[start].isspace() and nonspace(text, start, m.start() + 1) is None:
            continue  # only whitespace so far: it joins the next sentence
        if _is_boundary(text, m):
            sentences.append(Sentence(start, end, ""))
            start = end
    sentences.append(Sentence(start, n, ""))
    return sentences
