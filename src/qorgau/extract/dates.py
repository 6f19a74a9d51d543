"""Dates, months, years and periods in Kazakh, Russian and English texts.

Runs first in the pipeline and fixes ``doc.ref_date``: the dateline at the top of the document if
there is one, else the latest full date the text states (never today's date).

Fact kinds and values:

* ``date``  ``"YYYY-MM-DD"``; a day and month whose year the text does not give stays
  ``"--MM-DD"`` with ``extra["year_known"] = False``;
* ``month`` ``"YYYY-MM"`` (a month with a year and no day);
* ``year``  int (a year alone, 1990-2040);
* ``period`` ranges ``{"start", "end"}`` (ISO strings at the precision written), durations
  ``{"months": 18, "qualifier": "more_than"}``, and day ranges ``{"days_min": 5, "days_max": 30}``.

How it works: one combined regex finds date "atoms" (full dates, month-years, years, day-months,
bare month names); relative years (``текущего года``, ``ағымдағы жылғы``, ``last year``), ranges
(``с ... по ...``, ``...-дан ...-ға дейін``, ``from ... to ...``) and the dateline then give years
to atoms that lack them. A second combined regex finds durations. Words live in
``data/lexicons/dates.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from qorgau.model import Document, Fact
from qorgau.text import numbers
from qorgau.text.patterns import first_char_branches

YEAR_MIN = 1990
YEAR_MAX = 2040
# A full date of birth (12.03.1987 г.р., born on 12 March 1987) may be older than YEAR_MIN.
BIRTH_YEAR_MIN = 1900

_SP = r"[ \t\u00a0\u202f]"
_S1 = _SP + "{1,3}"
_S0 = _SP + "{0,3}"
# A gap that may cross one line break (headings such as "Февраль\n2026").
_GAP = rf"(?:{_SP}{{1,3}}|{_SP}{{0,3}}\r?\n{_SP}{{0,3}})"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_LET = r"[^\W\d_]"
_OPEN_Q = r"[\"'«“„]?"
_CLOSE_Q = r"[\"'»”]?"


@cache
def lexicon() -> dict[str, Any]:
    """The dates lexicon (``data/lexicons/dates.yaml``)."""
    raw = resources.files("qorgau.data.lexicons").joinpath("dates.yaml").read_text("utf-8")
    return yaml.safe_load(raw)


def lowered(text: str) -> str:
    """Lower-case copy of the same length (patterns run on it without a slow case-folding flag)."""
    # U+0130 is the only character whose lower case is two characters long.
    return text.replace("\u0130", "I").lower()


_TRAIL = ".,:;!?)]\"'»-"
_LEAD = "([\"'«“„"
_STRIP = _LEAD + _TRAIL

# An anchor: (start, end, gated). A gated anchor (a run of digits) is looked at closely only when
# the gate regex matches right after it, or when the word before it may end a phrase.
Anchor = tuple[int, int, bool]
_DASHES_STR = "-\u2010\u2011\u2012\u2013\u2014\u2212"


@cache
def _short_run(max_len: int) -> re.Pattern[str]:
    # A whole run of 1..max_len digits. The first digit comes first (not a look-behind) so the
    # engine skips to the next digit in C; the look-behind then checks it starts the run.
    return re.compile(rf"[0-9](?<![0-9]{{2}})[0-9]{{0,{max_len - 1}}}(?![0-9])")


def shared_digit_runs(doc: Document, low: str) -> list[Anchor]:
    """:func:`digit_runs` of ``low`` (default length), computed once per document and shared by
    dates, durations and ages. The list is shared: callers must not change it."""
    hit = doc._shared.get("digit_runs")
    if hit is not None and hit[0] is low:
        return hit[1]
    runs = digit_runs(low)
    doc._shared["digit_runs"] = (low, runs)
    return runs


def digit_runs(low: str, max_len: int = 4) -> list[Anchor]:
    """Gated anchors at every run of at most ``max_len`` digits."""
    if max_len < 1:
        return []
    return [(*m.span(), True) for m in _short_run(max_len).finditer(low)]


def prev_word(low: str, pos: int) -> str:
    """The word right before ``pos`` (one space apart), without punctuation."""
    e = pos - 1 if pos and low[pos - 1] == " " else pos
    lo = max(0, e - 24)
    b = max(low.rfind(" ", lo, e), low.rfind("\n", lo, e), lo - 1) + 1
    return low[b:e].lstrip(_LEAD).rstrip(_TRAIL)


def _split_words(low: str, pos: int, k: int, floor: int) -> tuple[int, str, list[str]]:
    lo = max(floor, pos - 16 * k)
    seg = low[lo:pos]
    for ch in _DASHES_STR:
        if ch in seg:
            seg = seg.replace(ch, " ")  # "январь-март": two words
    toks = seg.split()
    if toks and lo > floor and low[lo - 1].isalnum() and seg[:1].isalnum():
        toks = toks[1:]  # cut in the middle of a word
    return lo, seg, toks[-k:]


def _word_start(lo: int, seg: str, tok: str, end: int) -> tuple[int, int, str]:
    i = seg.rfind(tok, 0, end)
    j = 0
    while j < len(tok) and not tok[j].isalnum():
        j += 1
    return i, lo + i + j, tok[j:].rstrip(_TRAIL)


def words_before(low: str, pos: int, k: int, floor: int = 0) -> list[tuple[int, str]]:
    """Up to ``k`` words right before ``pos``: (start, word without punctuation), nearest last."""
    return _words(*_split_words(low, pos, k, floor))


def _words(lo: int, seg: str, toks: list[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    end = len(seg)
    for tok in reversed(toks):
        end, start, word = _word_start(lo, seg, tok, end)
        out.append((start, word))
    out.reverse()
    return out


_DASH_RE = re.compile(_DASH)
_DASH_TO_SPACE = str.maketrans(dict.fromkeys(_DASHES_STR, " "))


_MEMO_MAX = 50_000  # words a _HeadWords memo keeps before it starts afresh


class _HeadWords(dict):
    """Memo per word for one set of head words: does a whitespace-free token hold one of them
    once split at dashes and stripped of punctuation? Keys are single tokens, so the memo is
    bounded by the vocabulary (and emptied past ``_MEMO_MAX``)."""

    __slots__ = ("heads",)

    def __init__(self, heads: frozenset[str]) -> None:
        super().__init__()
        self.heads = heads

    def __missing__(self, tok: str) -> bool:
        heads = self.heads
        found = any(w.strip(_STRIP) in heads for w in tok.translate(_DASH_TO_SPACE).split())
        if len(self) >= _MEMO_MAX:
            self.clear()
        self[tok] = found
        return found


_HEAD_WORDS: dict[frozenset[str], _HeadWords] = {}


def _head_words(heads: frozenset[str]) -> _HeadWords:
    memo = _HEAD_WORDS.get(heads)
    if memo is None:
        memo = _HEAD_WORDS[heads] = _HeadWords(heads)
    return memo


def head_starts(low: str, pos: int, k: int, floor: int, heads: frozenset[str]) -> list[int]:
    """Starts of those of the ``k`` words before ``pos`` that are ``heads``, leftmost first."""
    # the words of _split_words(), written out: this runs at most anchors and mostly finds none
    lo = pos - 16 * k
    if lo < floor:
        lo = floor
    seg = low[lo:pos]
    # Quick no: the words below are the last k whitespace-separated tokens, or parts of them
    # split at dashes, so when no part of those tokens is a head word there is none below.
    toks = seg.rsplit(None, k)
    if len(toks) > k:
        del toks[0]  # the rest of the window, not one token
    if not any(map(_head_words(heads).__getitem__, toks)):
        return []
    if _DASH_RE.search(seg) is not None:
        seg = seg.translate(_DASH_TO_SPACE)  # "январь-март": two words
    toks = seg.rsplit(None, k)
    if len(toks) > k:
        toks = toks[1:]  # the last k words; a word cut at the window start is not among them
    elif toks and lo > floor and low[lo - 1].isalnum() and seg[:1].isalnum():
        toks = toks[1:]  # cut in the middle of a word
    for t in toks:
        if t.strip(_STRIP) in heads:
            break
    else:
        return []
    return [s for s, w in _words(lo, seg, toks) if w in heads]


@cache
def _last_letters(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w[-1] for w in words if w)


def match_near(
    low: str,
    anchors: list[Anchor],
    heads: frozenset[str],
    regex: re.Pattern[str],
    k: int,
    gate: re.Pattern[str] | None = None,
    tail_heads: frozenset[str] = frozenset(),
) -> list[re.Match[str]]:
    """Matches of ``regex`` that start at an anchor or at one of the ``k`` words before it.

    Anchors are places where a fact may be (a number, a unit word). A word before an anchor is
    tried only when it is one of ``heads`` (a month name, a preposition, a cue word). A gated
    anchor is tried only when ``gate`` matches at its end (the number is followed by a unit, a
    month ...) or when the word before it is one of ``tail_heads`` (phrases that end with the
    number: ``aged 62``, ``March 5``). The regex thus runs at a few places instead of at every
    character, which keeps the extractors fast on long texts. Matches do not overlap; the
    leftmost wins.
    """
    out: list[re.Match[str]] = []
    last = 0
    tail_last = _last_letters(tail_heads)
    match = first_char_branches(regex).match
    for pos, end, gated in anchors:
        if pos < last:
            continue
        self_try = True
        if gated and gate is not None and gate.match(low, end) is None:
            if not tail_heads:
                continue
            # prev_word() can be a tail head only if the character before the anchor (and one
            # space) is closing punctuation or the last letter of a tail head
            e = pos - 1 if pos and low[pos - 1] == " " else pos
            if not e or low[e - 1] not in tail_last:
                if not e or low[e - 1] not in _TRAIL:
                    continue
                # closing punctuation: the letter before it must end a tail head
                j, lo = e - 1, max(0, e - 24)
                while j > lo and low[j - 1] in _TRAIL:
                    j -= 1
                if j <= lo or low[j - 1] not in tail_last:
                    continue
            if prev_word(low, pos) not in tail_heads:
                continue
            self_try = False
        cands = head_starts(low, pos, k, last, heads)
        if self_try:
            cands.append(pos)
        for c in cands:
            if c < last:
                continue
            m = match(low, c)
            if m is not None and m.end() > c:
                out.append(m)
                last = m.end()
    return out


def _alt(words: list[str]) -> str:
    """Regex alternation of words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# ---------------------------------------------------------------------------------------------
# Month names


@dataclass(frozen=True)
class _Months:
    forms: dict[str, int]  # ru and en full forms and abbreviations, lower case
    english: frozenset[str]  # lower-cased English forms (must be written capitalised)
    kk_stems: tuple[tuple[str, int], ...]  # longest first
    full_src: str  # full month words (ru, en, kk stem + suffix)
    any_src: str  # full words and abbreviations
    before_year_src: str  # as any_src, but Kazakh only in the nominative
    kk_src: str  # Kazakh month words only


@cache
def _months() -> _Months:
    lex = lexicon()["months"]
    forms: dict[str, int] = {}
    english: set[str] = set()
    full: list[str] = []
    abbr: list[str] = []
    for part in ("ru", "ru_abbr", "en", "en_abbr"):
        for num, words in lex[part].items():
            for w in words:
                forms[w.lower()] = int(num)
                (abbr if part.endswith("abbr") else full).append(w.lower())
                if part.startswith("en"):
                    english.add(w.lower())
    stems = sorted(
        ((s.lower(), int(n)) for n, ss in lex["kk"].items() for s in ss), key=lambda x: -len(x[0])
    )
    kk = rf"(?:{_alt([s for s, _ in stems])}){_LET}{{0,12}}(?!\w)"
    # Kazakh writes the year before the month; a month word followed by a year is nominative.
    kk_nom = rf"(?:{_alt([s for s, _ in stems])})(?!\w)"
    words = rf"(?:{_alt(full)})(?!\w)|(?:{_alt(abbr)})(?:\.|(?!\w))"
    return _Months(
        forms,
        frozenset(english),
        tuple(stems),
        full_src=rf"(?<!\w)(?:(?:{_alt(full)})(?!\w)|{kk})",
        any_src=rf"(?<!\w)(?:{words}|{kk})",
        before_year_src=rf"(?<!\w)(?:{words}|{kk_nom})",
        kk_src=rf"(?<!\w){kk}",
    )


def month_number(token: str) -> int | None:
    """Month number of a month word as written (``января``, ``Sept.``, ``қыркүйегінде``)."""
    mon = _months()
    t = token.lower().rstrip(".")
    if t in mon.forms:
        if t in mon.english and not token[:1].isupper():
            return None  # "may", "march" in lower case are English verbs
        return mon.forms[t]
    for stem, num in mon.kk_stems:
        if t.startswith(stem):
            return num
    return None


# ---------------------------------------------------------------------------------------------
# The atom regex


_ORD = r"(?:st|nd|rd|th|-?го)?"


@cache
def _and_src() -> str:
    """The last link of a list: ", и", " and ", " және "."""
    return rf"{_S0},?{_S1}(?:{_alt(lexicon()['lists']['and_words'])}){_S1}"


def _day(n: str, lists: bool = True) -> str:
    """A day number, optionally a day range (``1-15``) and an ordinal ending; with ``lists``, the
    days of a list may come before it (``14, 15 и 16``: group ``{n}l`` holds ``14, 15``)."""
    day_list = ""
    if lists:
        d = rf"[0-3]?\d(?!\d){_ORD}"
        day_list = rf"(?:(?P<{n}l>{d}(?:{_S0},{_S0}{d})*){_and_src()})?"
    return (
        rf"(?<![\w.,:/+\-]){_OPEN_Q}{day_list}(?P<{n}>[0-3]?\d)"
        rf"(?:{_S0}{_DASH}{_S0}(?P<{n}2>[0-3]?\d))?(?!\d){_ORD}{_CLOSE_Q}"
    )


def _year(n: str, dash_ok: bool = False) -> str:
    """A four-digit year, not part of a longer number (nor of ``2024-2025`` unless ``dash_ok``)."""
    after = r"(?![\d]|[.,/]\d)" if dash_ok else rf"(?![\d]|[.,/]\d|{_DASH}\d)"
    return rf"(?<![\w.,/\-№])(?P<{n}>(?:19|20)\d\d){after}"


@cache
def _year_word_src() -> str:
    yw = lexicon()["year_words"]
    words = _alt([w for w in yw["ru"] if not w.endswith(".")])
    abbr = _alt([w.rstrip(".") for w in yw["ru"] + yw["kk_abbr"] if w.endswith(".")])
    kk = yw["kk_stem"]
    return rf"(?:(?:{words})(?!\w)|{kk}{_LET}{{0,8}}(?!\w)|(?:{abbr})(?:\.|(?!\w)))"


@cache
def _kk_year_word_src() -> str:
    yw = lexicon()["year_words"]
    kk_abbr = _alt([w.rstrip(".") for w in yw["kk_abbr"]])
    return rf"(?:{yw['kk_stem']}(?:ғы|дың|ы)(?!\w)|(?:{kk_abbr})\.)"


_KK_AY = r"(?:ай(?=[ыдғ]|лар|\W|$)" + _LET + r"{0,7})"
# Kazakh genitive endings of a month word before a day with a possessive: қыркүйектің 16-сы
_KK_GEN = ("дың", "дің", "тың", "тің", "ның", "нің")


def _kk_day_poss(n: str) -> str:
    """A day with the Kazakh possessive (and any case ending): 16-сы, 8-і, 16-сынан."""
    return rf"(?<![\w.,:/+\-])(?P<{n}>[0-3]?\d)(?!\d)-?(?:сы|сі|ы|і){_LET}{{0,8}}(?!\w)"


@cache
def _atom_re() -> re.Pattern[str]:
    mon = _months()
    anym, kkm, nomm = mon.any_src, mon.kk_src, mon.before_year_src
    yw = _year_word_src()
    kyw = _kk_year_word_src()
    preps = _alt(lexicon()["en_year_preps"])
    en_only = _alt(
        [w.lower() for p in ("en", "en_abbr") for ws in lexicon()["months"][p].values() for w in ws]
    )
    enm = rf"(?<!\w)(?:{en_only})(?:\.|(?!\w))"
    day_month_sep = rf"(?:{_S1}|-)(?:of{_S1})?"
    kk_gen = rf"(?<!\w)(?:{_alt([st for st, _ in mon.kk_stems])})"
    kk_gen += rf"(?:(?:{_alt(list(_KK_GEN))})|{_S1}айының)"
    alts = [
        # 2025-09-16, 2025.09.16
        r"(?P<iso>(?<![\w.\-/])(?P<iso_y>\d{4})(?P<iso_s>[-./])(?P<iso_m>\d\d)(?P=iso_s)"
        r"(?P<iso_d>\d\d)(?![\w\-]|[.,]\d))",
        # 16.09.2025 (г.), and the second date of 16.09.2025-15.09.2026
        rf"(?P<num>(?:(?<![\w.,/\-:+])|(?<=\.\d{{4}}{_DASH}))(?P<num_d>\d{{1,2}})\.(?P<num_m>\d{{1,2}})\.(?P<num_y>\d{{4}})"
        rf"(?:(?=[гж]\.|[гж](?!\w))|(?!\w|[.,]\d))(?:{_S0}{yw})?)",
        # 2025 жылғы 16 қыркүйектен, 2025 ж. 5 наурызда
        rf"(?P<kkf>{_year('kkf_y')}{_S0}{kyw}{_GAP}{_day('kkf_d')}(?:{_S1}|-)"
        rf"(?P<kkf_m>{kkm})(?:{_S1}{_KK_AY})?)",
        # 2025 жылғы қыркүйектің 16-сы
        rf"(?P<kkg>{_year('kkg_y')}{_S0}{kyw}{_GAP}(?P<kkg_m>{kk_gen}){_S1}{_kk_day_poss('kkg_d')})",
        # 2024-2025 годы / жылдары
        rf"(?P<yr>{_year('yr_a', dash_ok=True)}{_S0}{_DASH}{_S0}(?P<yr_b>(?:19|20)\d\d)(?!\d){_S0}"
        rf"(?:{_alt(lexicon()['year_words']['range_ru'])}|жыл{_LET}{{0,8}})(?!\w))",
        # 2026 жылғы қаңтарда, 2025 жылдың қазан айынан
        rf"(?P<kkm>{_year('kkm_y')}{_S0}{kyw}{_GAP}(?P<kkm_m>{kkm})(?!{_S1}қала)"
        rf"(?:{_S1}{_KK_AY})?)",
        # 2025 году, 2025 г., 2025 жылы
        rf"(?P<yw>{_year('yw_y')}{_S0}{yw})",
        # 16 сентября 2025 г., 12 Февраль 2026, 16 September 2025, 1-15 марта 2025
        rf"(?P<dmy>{_day('dmy_d', lists=False)}{day_month_sep}(?P<dmy_m>{nomm}),?{_GAP}{_year('dmy_y')}"
        rf"(?:{_S0}{yw})?)",
        # September 16, 2025
        rf"(?P<mdy>(?P<mdy_m>{enm}){_S1}{_day('mdy_d')}(?:,{_S0}|{_S1}){_year('mdy_y')})",
        # октября 2024 года, March 2025, Февраль\n2026
        rf"(?P<my>(?P<my_m>{nomm}),?{_GAP}{_year('my_y')}(?:{_S0}{yw})?)",
        # қыркүйектің 16-сынан, наурыздың 8-і
        rf"(?P<kgd>(?P<kgd_m>{kk_gen}){_S1}{_kk_day_poss('kgd_d')})",
        # 13 января, 30 қаңтарда, 5 March
        rf"(?P<dm>{_day('dm_d', lists=False)}{day_month_sep}(?P<dm_m>{anym})(?:{_S1}{_KK_AY})?)",
        # March 5
        rf"(?P<md>(?P<md_m>{enm}){_S1}{_day('md_d', lists=False)})",
        # in 2025, since 2019
        rf"(?P<yen>(?<!\w)(?:{preps})-?{_S1}(?:the{_S1}year{_S1})?{_year('yen_y')})",
    ]
    return re.compile("|".join(alts))


@cache
def _date_heads() -> frozenset[str]:
    """Words that may open a date written month first or a year after a preposition."""
    mon = _months()
    heads = set(mon.forms) | {s for s, _ in mon.kk_stems}
    heads |= {s + g for s, _ in mon.kk_stems for g in _KK_GEN}  # қыркүйектің 16-сы
    heads |= {w.lower() for w in lexicon()["en_year_preps"]}
    return frozenset(heads)


@cache
def _date_tail_heads() -> frozenset[str]:
    """English month names: "March 5", "September 16, 2025" end with the day."""
    lex = lexicon()["months"]
    return frozenset(w.lower() for p in ("en", "en_abbr") for ws in lex[p].values() for w in ws)


@cache
def _date_gate() -> re.Pattern[str]:
    """What may follow a day number: a date separator and a digit, or a month word."""
    mon = _months()
    prefixes = {w[:3] for w in mon.forms} | {st[:3] for st, _ in mon.kk_stems}
    month = rf"{_ORD}{_CLOSE_Q}(?:{_S1}|-)(?:of{_S1})?(?:{_alt(sorted(prefixes))})"
    poss = rf"-?(?:сы|сі|ы|і){_LET}{{0,8}}(?!\w)"  # the day of қыркүйектің 16-сы
    return re.compile(rf"\.\d\d?\.\d{{4}}|(?:{_S0}{_DASH}{_S0}\d\d?)?{month}|{poss}")


# ---------------------------------------------------------------------------------------------
# Context regexes


@cache
def _context_res() -> dict[str, re.Pattern[str]]:
    rel = lexicon()["relative"]
    yw = lexicon()["year_words"]
    markers = _alt(lexicon()["dateline_markers"])
    rng = lexicon()["range"]
    return {
        "ru_after": re.compile(
            rf"{_S0},?{_S0}({_alt(list(rel['ru_after']))}){_S1}{rel['ru_year_gen']}(?!\w)"
        ),
        "en_after": re.compile(
            rf"{_S0},?{_S0}(?:of{_S1})?({_alt(list(rel['en_after']))}){_S1}year(?!\w)"
        ),
        "ru_before": re.compile(
            rf"(?<!\w)в{_S1}({_alt(list(rel['ru_before']))}){_S1}{rel['ru_year_loc']}{_S0},?{_S0}$"
        ),
        "kk_before": re.compile(
            rf"(?<!\w)({_alt(list(rel['kk_before']))}){_S1}(?:{_alt(rel['kk_year'])}){_S1}$"
        ),
        "kk_adverb": re.compile(rf"(?<!\w)({_alt(list(rel['kk_adverb']))}){_S1}$"),
        # (туған күні is a birthday, not a birth)
        "birth_after": re.compile(
            rf"{_S0}(?:{_alt([w for w in yw['birth_after']])})(?:\.|(?!\w))(?!{_S1}күн)"
        ),
        "birth_before": re.compile(rf"(?<!\w)(?:{_alt(yw['birth_before'])}){_S1}$"),
        "dateline_prefix": re.compile(
            rf"^{_S0}(?:(?:{markers})(?:{_S0}|:)){{0,3}}{_S0}:?{_S0}"
            rf"(?:\d{{1,2}}:\d\d(?::\d\d)?{_S0}[,|]?{_S0})?$",
            re.IGNORECASE,
        ),
        "dateline_place": re.compile(
            rf"^{_S0}[A-ZА-ЯӘҒҚҢӨҰҮҺІЁ]{{3,}}(?:[ -][A-ZА-ЯӘҒҚҢӨҰҮҺІЁ]{{2,}})?{_S0}[,.]?{_S0}$"
        ),
        "dateline_tail": re.compile(
            rf"[\s,|.:\-\u2013\u2014]*(?:\d{{1,2}}:\d\d(?::\d\d)?)?[\s,|.\-\u2013\u2014]*"
            rf"(?:(?:GMT|UTC){_S0}[+\-]?{_S0}\d{{0,2}})?[\s|.,]*$",
            re.IGNORECASE,
        ),
        "range_start": re.compile(rf"(?<!\w)(?:{_alt(rng['start_words'])}){_S1}$"),
        "range_mid": re.compile(
            rf"{_S0},?{_S0}(?:(?:{_alt(rng['mid_words'])})(?!\w)|{_DASH}){_S0}"
        ),
        "range_dash": re.compile(rf"{_S0}{_DASH}{_S0}"),
        "kk_ablative": re.compile(rf"(?:{_alt(rng['kk_ablative'])})$"),
        "kk_dative": re.compile(rf"(?:{_alt(rng['kk_dative'])})$"),
        "kk_gap": re.compile(rf"{_S1}(?:бастап{_S1})?"),
        "kk_until": re.compile(rf"{_S1}(?:{_alt(rng['kk_until'])})(?!\w)"),
        "bare_end": re.compile(
            rf"{_S0}(?:(?:{_alt(rng['mid_words'])})(?!\w)|{_DASH}){_S0}"
            rf"((?:19|20)\d\d)(?![\d.,]\d|\d)",
        ),
        "bare_before": re.compile(
            rf"(?:(?<!\w)(?P<pre>{_alt(rng['start_words'])}){_S1})?(?P<m>{_months().full_src})"
            rf"{_S0},?{_S0}(?:(?:{_alt(rng['mid_words'])})(?!\w)|(?P<dash>{_DASH})){_S0}$"
        ),
        "kk_bare_after": re.compile(rf"{_S1}(?:бастап{_S1})?(?P<m>{_months().kk_src})"),
        "kk_month_after": re.compile(rf"{_S1}(?P<m>{_months().kk_src})(?:{_S1}{_KK_AY})?"),
        # "в январе и (первой половине) ...", "January, ..." right before a month with a year
        "list_before": re.compile(
            rf"(?<!\w)(?P<m>{_months().full_src}){_S0}(?:(?P<and>{_and_src()})|,{_S0})"
            rf"(?:(?:{_alt(lexicon()['lists']['month_parts'])})(?:{_S1}|(?<=-)))*$"
        ),
        # "-ақпан (айларында)", " мен ақпанда", ", ақпан" right after a Kazakh month with a year
        "kk_list_after": re.compile(
            rf"(?:{_S0}(?P<dash>{_DASH}){_S0}|{_and_src()}|{_S0},{_S0})"
            rf"(?P<m>{_months().kk_src})(?:{_S1}{_KK_AY})?"
        ),
        "bare_start": re.compile(
            rf"(?<!\w)(?:{_alt(rng['start_words'])}){_S1}(\d{{1,4}})"
            rf"{_S0}(?:(?:{_alt(rng['mid_words'])})(?!\w)|{_DASH}){_S0}$",
        ),
    }


# ---------------------------------------------------------------------------------------------
# Atoms


@dataclass(slots=True)
class _Atom:
    kind: str  # date | month | year | yrange | dm | mon
    start: int
    end: int
    y: int | None
    m: int | None = None
    d: int | None = None
    d2: int | None = None
    days: tuple[int, ...] = ()  # the days listed before ``d``: 14 and 15 of "14 и 15 ноября"
    y2: int | None = None
    rule: str = ""
    how: str | None = None  # how a missing year was found
    used: bool = False  # a weak atom taken into a range
    extra: dict[str, Any] = field(default_factory=dict)

    def iso(self) -> str | None:
        if self.y is None:
            return None
        if self.kind in ("year", "yrange"):
            return f"{self.y:04d}"
        if self.d is None:
            return f"{self.y:04d}-{self.m:02d}"
        return f"{self.y:04d}-{self.m:02d}-{self.d:02d}"


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is None or not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        date(y if y is not None else 2000, m, d)  # 2000 is a leap year: 29 Feb is allowed
    except ValueError:
        return False
    return True


def _year_ok(y: int | None) -> bool:
    return y is not None and YEAR_MIN <= y <= YEAR_MAX


def _int(m: re.Match[str], name: str) -> int | None:
    v = m.group(name)
    return int(v) if v is not None else None


@cache
def _and_words() -> frozenset[str]:
    return frozenset(lexicon()["lists"]["and_words"])


@cache
def _and_tails() -> frozenset[str]:
    """The last letter of each "and" word and a space: a quick test before prev_word()."""
    return frozenset(w[-1] + " " for w in _and_words())


@cache
def _day_list_before() -> re.Pattern[str]:
    """The days of a list before its last day: "14, 15 и " of "14, 15 и 16 ноября"."""
    d = rf"[0-3]?\d(?!\d){_ORD}"
    return re.compile(rf"(?<![\w.,:/+\-]){_OPEN_Q}(?P<l>{d}(?:{_S0},{_S0}{d})*){_and_src()}\Z")


def _listed_days(a: _Atom, m: re.Match[str], kind: str, text: str, floor: int) -> None:
    """The days listed before the day of a date (increasing, else none) into ``a.days``.
    Written inside the match after a Kazakh year or an English month (``kkf``, ``mdy``); before
    it for the others, where the atom then starts at the first day."""
    start = a.start
    if kind in ("kkf", "mdy"):
        listed = m.group(f"{kind}_dl")
    else:
        d = m.start(f"{kind}_d")
        if text[d - 2 : d] not in _and_tails() or prev_word(text, d) not in _and_words():
            return  # the usual case: no list
        lm = _day_list_before().search(text, max(floor, d - 40), d)
        if lm is None:
            return
        listed, start = lm.group("l"), lm.start()
    if not listed:
        return
    days = tuple(int(x) for x in re.findall(r"\d+", listed))
    if all(x < y for x, y in zip(days, (*days[1:], a.d or 0), strict=True)):
        a.days, a.start = days, start


@cache
def _birth_cues() -> tuple[frozenset[str], tuple[str, ...]]:
    """First letters of the birth words after a date, and first words of those before it."""
    yw = lexicon()["year_words"]
    return frozenset(w[0] for w in yw["birth_after"]), tuple({w.split()[0] for w in yw["birth_before"]})


def _atoms(doc: Document, text: str, runs: list[Anchor]) -> list[_Atom]:
    norm = doc.norm
    ctx = _context_res()
    out: list[_Atom] = []
    # four-digit runs (years) are always looked at; a day only before a month or a separator
    anchors = [(s, e, e - s != 4) for s, e, _ in runs]
    found = match_near(
        text, anchors, _date_heads(), _atom_re(), 3, _date_gate(), _date_tail_heads()
    )
    floor = 0
    for m in found:
        kind = m.lastgroup
        s, e = m.span()
        a: _Atom | None = None
        floor, prev_floor = e, floor
        if kind == "iso":
            a = _Atom("date", s, e, _int(m, "iso_y"), _int(m, "iso_m"), _int(m, "iso_d"))
            a.rule = "date:iso"
        elif kind == "num":
            a = _Atom("date", s, e, _int(m, "num_y"), _int(m, "num_m"), _int(m, "num_d"))
            a.rule = "date:numeric"
        elif kind in ("kkf", "kkg", "dmy", "mdy"):
            mn = month_number(norm[m.start(f"{kind}_m") : m.end(f"{kind}_m")])
            if mn is None:
                continue
            a = _Atom("date", s, e, _int(m, f"{kind}_y"), mn, _int(m, f"{kind}_d"))
            a.d2 = _int(m, f"{kind}_d2") if kind != "kkg" else None
            if kind != "kkg":
                _listed_days(a, m, kind, text, prev_floor)
            a.rule = {
                "kkf": "date:kk_year_day_month",
                "kkg": "date:kk_year_month_day",
                "dmy": "date:day_month_year",
            }.get(kind, "date:month_day_year")
        elif kind in ("kkm", "my"):
            mn = month_number(norm[m.start(f"{kind}_m") : m.end(f"{kind}_m")])
            if mn is None:
                continue
            a = _Atom("month", s, e, _int(m, f"{kind}_y"), mn, rule=f"month:{kind}")
        elif kind == "yw":
            birth = ctx["birth_after"].match(text, e)
            if birth or ctx["birth_before"].search(text, max(0, s - 12), s):
                continue  # a birth year: the ages extractor reads it
            a = _Atom("year", s, e, _int(m, "yw_y"), rule="year:word")
        elif kind == "yen":
            ys = m.start("yen_y")
            if ctx["birth_before"].search(text, max(0, s - 12), ys):
                continue
            a = _Atom("year", ys, e, _int(m, "yen_y"), rule="year:en_prep")
        elif kind == "yr":
            a = _Atom("yrange", s, e, _int(m, "yr_a"), rule="period:year_range")
            a.y2 = int(m.group("yr_b"))
            if not (_year_ok(a.y2) and a.y < a.y2):
                continue
        elif kind in ("dm", "md", "kgd"):
            mn = month_number(norm[m.start(f"{kind}_m") : m.end(f"{kind}_m")])
            if mn is None:
                continue
            a = _Atom("dm", s, e, None, mn, _int(m, f"{kind}_d"), rule=f"date:{kind}")
            a.d2 = _int(m, f"{kind}_d2") if kind != "kgd" else None
            if kind == "dm":
                _listed_days(a, m, kind, text, prev_floor)
        if a is None:
            continue
        if a.kind == "date":
            # a date of birth: the ages extractor reads the age from it (the regexes run only
            # where the first letter after the date, or a word before it, may be a birth word)
            firsts, befores = _birth_cues()
            after = text[e : e + 4].lstrip()[:1]
            born = ctx["birth_after"].match(text, e) if after and after in firsts else None
            window = text[max(0, s - 12) : s]
            if born or (
                any(w in window for w in befores)
                and ctx["birth_before"].search(text, max(0, s - 12), s)
            ):
                a.extra["birth"] = True
                if born:
                    # over the marker, but not over a full stop after a whole word (туған.)
                    a.end = born.end() - (born.group().endswith(".") and len(born.group().strip()) > 3)
        if a.y is not None and not _year_ok(a.y) and not (
            a.extra.get("birth") and BIRTH_YEAR_MIN <= a.y <= YEAR_MAX
        ):
            continue
        if a.kind in ("date", "dm", "month", "mon"):
            if not _valid(a.y, a.m, a.d):
                continue
            if a.d2 is not None and (a.d2 <= (a.d or 0) or not _valid(a.y, a.m, a.d2)):
                continue
            if a.days and (a.days[-1] >= (a.d or 0) or not _valid(a.y, a.m, a.days[0])):
                a.days = ()  # not a list of days of the month: "31 и 5 мая" keeps the 5th
        out.append(a)
    return out


# ---------------------------------------------------------------------------------------------
# Dateline and reference date


_LOWER_WORD = re.compile(r"[^\W\d_A-ZА-ЯӘҒҚҢӨҰҮҺІЁ]{2,}")


def _dateline(doc: Document, atoms: list[_Atom]) -> _Atom | None:
    """A full date on one of the first three non-empty lines, alone or after a marker or time."""
    text = doc.norm
    ctx = _context_res()
    limit = 0
    lines = 0
    pos = 0
    while lines < 3 and pos < len(text) and pos < 600:
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        if text[pos:nl].strip():
            lines += 1
        pos = nl + 1
        limit = nl
    for a in atoms:
        if a.start > limit:
            break
        if a.kind != "date" or a.d2 is not None or a.days or a.extra.get("birth"):
            continue
        line_start = text.rfind("\n", 0, a.start) + 1
        prefix = text[line_start : a.start]
        if ctx["dateline_place"].match(prefix):
            return a
        m = ctx["dateline_prefix"].match(prefix)
        if m is None:
            continue
        line_end = text.find("\n", a.end)
        tail = text[a.end : len(text) if line_end < 0 else line_end]
        # A marker ("date", "Опубликовано") or a time before it, or nothing but a time, a zone
        # or upper-case words after it: a date that merely opens a sentence is not a dateline.
        if prefix.strip() or ctx["dateline_tail"].match(tail) or not _LOWER_WORD.search(tail):
            return a
    return None


# ---------------------------------------------------------------------------------------------
# Years for atoms that lack them


def _relative(text: str, a: _Atom) -> int | None:
    """Offset of a relative year written next to the atom (and widen its span), else None."""
    ctx = _context_res()
    rel = lexicon()["relative"]
    m = ctx["ru_after"].match(text, a.end)
    if m:
        a.end = m.end()
        return int(rel["ru_after"][m.group(1).lower()])
    m = ctx["en_after"].match(text, a.end)
    if m:
        a.end = m.end()
        return int(rel["en_after"][m.group(1).lower()])
    lo = max(0, a.start - 40)
    for key in ("kk_before", "ru_before", "kk_adverb"):
        m = ctx[key].search(text, lo, a.start)
        if m:
            a.start = m.start()
            return int(rel[key][m.group(1).lower()])
    return None


def _latest_before(m: int, d: int, ref: date) -> int:
    """Year that puts day ``d`` of month ``m`` on or before ``ref`` and within a year of it."""
    return ref.year if (m, d) <= (ref.month, ref.day) else ref.year - 1


_FOLLOW_DAYS = 7


def _follow_on(atoms: list[_Atom]) -> None:
    """A day and month without a year that comes right after a full date of the text, and falls
    on that date or within a week after it (in its year or, across New Year, the next), takes
    that year: "2026 жылғы 14 ақпанда ... келесі күні, 15 ақпанда". So does a day of the month
    named just before with its year ("в марте 2025 года, 16 марта"). Only the nearest atom with a
    year before it counts; a year, another month or a date further away gives none."""
    prev: _Atom | None = None
    for a in atoms:
        if a.kind == "dm" and a.y is None and "relative" not in a.extra and a.d is not None:
            if prev is not None and prev.kind == "date" and prev.d is not None:
                start = date(prev.y, prev.m, prev.d2 or prev.d)
                for y in (prev.y, prev.y + 1):
                    if _valid(y, a.m, a.d) and 0 <= (date(y, a.m, a.d) - start).days <= _FOLLOW_DAYS:
                        a.y, a.how = y, "preceding_date"
                        break
            elif prev is not None and prev.kind in ("month", "mon") and prev.m == a.m:
                a.y, a.how = prev.y, "preceding_date"
        if a.y is not None and not a.extra.get("birth"):
            prev = a


def _inherit(a: _Atom, b: _Atom) -> None:
    """Give the year-less end of a range the year of the other end."""
    if a.y is None and b.y is not None:
        a.y = b.y - (1 if (a.m or 1, a.d or 1) > (b.m or 12, b.d or 31) else 0)
        a.how = "range"
    elif b.y is None and a.y is not None:
        b.y = a.y + (1 if (b.m or 12, b.d or 31) < (a.m or 1, a.d or 1) else 0)
        b.how = "range"


@cache
def _mid_words() -> frozenset[str]:
    return frozenset(w for w in lexicon()["range"]["mid_words"] if " " not in w)


_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")


def _mid_before(text: str, pos: int, floor: int) -> bool:
    """Whether a range connector ("по", "to", a dash) stands right before ``pos``."""
    tail = text[max(floor, pos - 12) : pos].rstrip()
    if not tail:
        return False
    if tail[-1] in _DASHES:
        return True
    prev = tail.split()[-1] if tail.split() else ""
    return prev in _mid_words()


def _bare_months(doc: Document, text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Month words without a year at the open end of a range with a dated atom.

    ``с октября по декабрь 2025 года``, ``январь-март 2025 года``, ``from May to July 2025``
    (the month before the atom), ``2025 жылғы қаңтардан наурызға дейін`` (the month after it).
    """
    ctx = _context_res()
    out: list[_Atom] = []
    prev_end = 0
    for a in atoms:
        if a.kind in ("date", "month", "dm") and _mid_before(text, a.start, prev_end):
            m = ctx["bare_before"].search(text, max(prev_end, a.start - 48), a.start)
            if m and (m.group("pre") or m.group("dash")):
                s, e = m.span("m")
                mn = month_number(doc.norm[s:e])
                if mn is not None:
                    out.append(_Atom("mon", s, e, None, mn, rule="month:range_start"))
        if a.kind in ("date", "month") and ctx["kk_ablative"].search(text, a.start, a.end):
            m = ctx["kk_bare_after"].match(text, a.end)
            if m:
                s, e = m.span("m")
                mn = month_number(doc.norm[s:e])
                if mn is not None:
                    out.append(_Atom("mon", s, e, None, mn, rule="month:range_end"))
        prev_end = a.end
    return out


def _month_lists(doc: Document, text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Months that share the year of a month next to them.

    ``в январе и феврале 2026 года``, ``January, February and March 2026`` (the months before the
    dated one, the last joined by "и"/"and"); ``2026 жылғы қаңтар мен ақпанда``, ``биылғы
    қаңтар, ақпан айларында`` (the months after a Kazakh one). The months must come in calendar
    order. ``2026 жылдың қаңтар-ақпан айларында`` gives the second month without a year: the
    range reading joins it to the first, as ``январь-февраль 2026 года`` is joined.
    """
    ctx = _context_res()
    out: list[_Atom] = []
    prev_end = 0
    for i, a in enumerate(atoms):
        lo = prev_end
        prev_end = a.end
        if a.kind not in ("month", "mon") or a.y is None and "relative" not in a.extra:
            continue
        if a.rule == "month:my":
            end, m_next, first = a.start, a.m, True
            while True:
                m = ctx["list_before"].search(text, max(lo, end - 64), end)
                if m is None or not (first and m.group("and") or not first):
                    break
                s, e = m.span("m")
                mn = month_number(doc.norm[s:e])
                if mn is None or mn >= m_next:
                    break
                b = _Atom("mon", s, e, a.y, mn, rule="month:list", how="list")
                out.append(b)
                end, m_next, first = s, mn, False
        elif a.rule in ("month:kkm", "month:relative"):
            nxt = atoms[i + 1].start if i + 1 < len(atoms) else len(text)
            pos, m_prev = a.end, a.m
            while True:
                m = ctx["kk_list_after"].match(text, pos)
                if m is None or m.end() > nxt:
                    break
                s, e = m.span("m")
                mn = month_number(doc.norm[s:e])
                if mn is None or mn <= (m_prev or 0):
                    break
                if m.group("dash"):
                    # a range: _ranges() joins it to ``a`` and gives it the year
                    out.append(_Atom("mon", s, m.end(), None, mn, rule="month:range_end"))
                    break
                b = _Atom("mon", s, m.end(), a.y, mn, rule="month:list", how="list")
                b.extra.update(a.extra)
                out.append(b)
                pos, m_prev = m.end(), mn
    return out


@cache
def _rel_anchor() -> re.Pattern[str]:
    """Words that sit next to a month with a relative year."""
    rel = lexicon()["relative"]

    def longest_first(words: list[str]) -> list[str]:
        return sorted(set(words), key=len, reverse=True)

    # (?:года|year)(?!\w)|(?:жылдың|жылғы)(?!\w)|былтыр|биыл, with the words that share a
    # first letter grouped behind it, so that the engine skips in C to the next such letter
    items = [(w, r"(?!\w)") for w in [rel["ru_year_gen"], rel["en_year"]]]
    items += [(w, r"(?!\w)") for w in longest_first(rel["kk_year"])]
    items += [(w, "") for w in longest_first(list(rel["kk_adverb"]))]
    groups: dict[str, list[str]] = {}
    for w, tail in items:
        groups.setdefault(w[0], []).append(re.escape(w[1:]) + tail)
    return re.compile("|".join(f"{re.escape(c)}(?:{'|'.join(alts)})" for c, alts in groups.items()))


_WORD = re.compile(r"[^\W\d_]+")


def _relative_months(doc: Document, text: str, atoms: list[_Atom], ref: date | None) -> list[_Atom]:
    """Months with a relative year: ``в марте текущего года``, ``in May last year``,
    ``ағымдағы жылғы қаңтарда``, ``биыл наурызда``."""
    rel = lexicon()["relative"]
    ctx = _context_res()
    starts = [a.start for a in atoms]
    out: list[_Atom] = []
    for m in _rel_anchor().finditer(text):
        p = m.start()
        i = bisect_right(starts, p) - 1
        if i >= 0 and atoms[i].end > p:
            continue
        w = m.group()
        if w in (rel["ru_year_gen"], rel["en_year"]):
            table = rel["ru_after"] if w == rel["ru_year_gen"] else rel["en_after"]
            prev = words_before(text, p, 3)
            if len(prev) < 2 or prev[-1][1] not in table:
                continue
            off = table[prev[-1][1]]
            j = len(prev) - 2
            if w == rel["en_year"] and prev[j][1] == "of" and j > 0:
                j -= 1
            ms, mw = prev[j]
            mn = month_number(doc.norm[ms : ms + len(mw)])
            start, end = ms, m.end()
        else:
            if w in rel["kk_adverb"]:
                if p > 0 and text[p - 1].isalnum():
                    continue
                wm = _WORD.match(text, p)
                word, start, after = wm.group(), p, wm.end()
            else:
                prev = words_before(text, p, 1)
                if not prev:
                    continue
                word, start, after = prev[-1][1], prev[-1][0], m.end()
            table = rel["kk_before"] if word in rel["kk_before"] else rel["kk_adverb"]
            if word not in table:
                continue
            off = table[word]
            mm = ctx["kk_month_after"].match(text, after)
            if not mm:
                continue
            mn = month_number(doc.norm[mm.start("m") : mm.end("m")])
            end = mm.end()
        if mn is None:
            continue
        a = _Atom("mon", start, end, None, mn, rule="month:relative")
        a.extra["relative"] = int(off)
        if ref is not None:
            a.y, a.how = ref.year + int(off), "relative"
        out.append(a)
    return out


def _ranges(text: str, atoms: list[_Atom], dateline: date | None) -> list[tuple]:
    """Pairs of atoms joined as a from-to range: (start atom, end atom, span start, span end)."""
    ctx = _context_res()
    pairs: list[tuple] = []
    taken: set[int] = set()
    for i in range(len(atoms) - 1):
        a, b = atoms[i], atoms[i + 1]
        if i in taken or a.kind == "yrange" or b.kind == "yrange":
            continue
        if (a.kind == "year") != (b.kind == "year"):
            continue
        if b.start - a.end > 24:
            continue
        start, end = a.start, b.end
        mid = ctx["range_mid"].fullmatch(text, a.end, b.start)
        pre = ctx["range_start"].search(text, max(0, a.start - 24), a.start)
        joined = False
        if mid and (pre or ctx["range_dash"].fullmatch(text, a.end, b.start)):
            joined = True
            start = pre.start() if pre else a.start
        elif (
            ctx["kk_ablative"].search(text, a.start, a.end)
            and ctx["kk_gap"].fullmatch(text, a.end, b.start)
            and ctx["kk_dative"].search(text, b.start, b.end)
        ):
            until = ctx["kk_until"].match(text, b.end)
            if until:
                joined = True
                end = until.end()
        if not joined:
            continue
        if a.y is None and b.y is None and dateline is not None and b.d is not None:
            b.y, b.how = _latest_before(b.m, b.d, dateline), "dateline"
        _inherit(a, b)
        if a.y is None or b.y is None or (a.iso() or "") > (b.iso() or ""):
            continue
        a.used = b.used = True
        taken.add(i + 1)
        pairs.append((a, b, start, end))
    # "с 1 по 15 марта 2025", "from 2019 to 2025"
    for i, b in enumerate(atoms):
        if b.used or b.kind not in ("date", "dm", "year"):
            continue
        lo = max(atoms[i - 1].end if i else 0, b.start - 30)
        if not _mid_before(text, b.start, lo):
            continue
        m = ctx["bare_start"].search(text, lo, b.start)
        if not m:
            continue
        n = int(m.group(1))
        if b.y is None and dateline is not None and b.d is not None:
            b.y, b.how = _latest_before(b.m, b.d, dateline), "dateline"
        if b.y is None:
            continue
        if b.kind == "year" and _year_ok(n) and n < b.y:
            a = _Atom("year", m.start(1), m.end(1), n, rule="year:range_start")
        elif b.kind != "year" and b.d is not None and 1 <= n < b.d:
            a = _Atom("dm", m.start(1), m.end(1), b.y, b.m, n, rule="date:range_start")
            a.how = "range"
        else:
            continue
        a.used = b.used = True
        pairs.append((a, b, m.start(), b.end))
    # "from 2019 to 2024": the second year has no preposition of its own
    for i, a in enumerate(atoms):
        if a.used or a.kind != "year" or a.rule != "year:en_prep":
            continue
        pre = ctx["range_start"].search(text, max(0, a.start - 12), a.start)
        m = ctx["bare_end"].match(text, a.end)
        if not (pre and m) or (i + 1 < len(atoms) and atoms[i + 1].start < m.end()):
            continue
        n = int(m.group(1))
        if not (_year_ok(n) and n > (a.y or 0)):
            continue
        b = _Atom("year", m.start(1), m.end(1), n, rule="year:range_end")
        a.used = b.used = True
        pairs.append((a, b, pre.start(), m.end()))
    return pairs


# ---------------------------------------------------------------------------------------------
# Facts


def _fact(doc: Document, kind: str, value: Any, s: int, e: int, rule: str, **extra: Any) -> Fact:
    return Fact(kind, value, s, e, doc.original[s:e], rule, dict(extra))


def _atom_facts(doc: Document, a: _Atom) -> list[Fact]:
    extra: dict[str, Any] = dict(a.extra)
    if a.how:
        extra["year_from"] = a.how
    if a.kind == "year":
        return [_fact(doc, "year", a.y, a.start, a.end, a.rule, **extra)]
    if a.kind == "yrange":
        return [
            _fact(doc, "year", a.y, a.start, a.end, "year:range"),
            _fact(doc, "year", a.y2, a.start, a.end, "year:range"),
            _fact(doc, "period", {"start": f"{a.y}", "end": f"{a.y2}"}, a.start, a.end, a.rule),
        ]
    if a.kind in ("month", "mon"):
        if a.y is None:
            return []
        return [_fact(doc, "month", a.iso(), a.start, a.end, a.rule, **extra)]
    # a date, with or without its year
    days = [*a.days, a.d] if a.d2 is None else [*a.days, a.d, a.d2]
    facts = []
    for d in days:
        if a.y is None:
            value = f"--{a.m:02d}-{d:02d}"
            facts.append(_fact(doc, "date", value, a.start, a.end, a.rule, year_known=False))
        else:
            value = f"{a.y:04d}-{a.m:02d}-{d:02d}"
            facts.append(_fact(doc, "date", value, a.start, a.end, a.rule, **extra))
    if a.d2 is not None and a.y is not None:
        facts.append(
            _fact(
                doc,
                "period",
                {"start": facts[-2].value, "end": facts[-1].value},
                a.start,
                a.end,
                "period:day_range",
            )
        )
    return facts


def extract(doc: Document) -> list[Fact]:
    """Find dates, months, years and periods; set ``doc.ref_date``."""
    low = doc.lower
    runs = shared_digit_runs(doc, low)
    atoms = _atoms(doc, low, runs)
    dl = _dateline(doc, atoms)
    if dl is not None:
        dl.extra["dateline"] = True
        ref: date | None = date(dl.y, dl.m, dl.d)
    else:
        full = [
            date(a.y, a.m, a.d)
            for a in atoms
            if a.kind == "date" and a.d2 is None and not a.extra.get("birth")
        ]
        ref = max(full) if full else None
    doc.ref_date = ref
    dateline = ref if dl is not None else None

    # relative years: "13 марта текущего года", "ағымдағы жылғы 30 қаңтарда", "5 May last year"
    for a in atoms:
        if a.kind == "dm":
            off = _relative(low, a)
            if off is not None:
                a.extra["relative"] = off
                if ref is not None:
                    a.y, a.how = ref.year + off, "relative"

    atoms.extend(_bare_months(doc, low, atoms))
    atoms.sort(key=lambda a: a.start)
    atoms.extend(_relative_months(doc, low, atoms, ref))
    atoms.sort(key=lambda a: a.start)
    lists = _month_lists(doc, low, atoms)
    if lists:
        atoms.extend(lists)
        atoms.sort(key=lambda a: a.start)
    pairs = _ranges(low, atoms, dateline)

    facts: list[Fact] = []
    _follow_on(atoms)
    for a, b, s, e in pairs:
        value = {"start": a.iso(), "end": b.iso()}
        facts.append(_fact(doc, "period", value, s, e, "period:range"))
        if a.rule in ("year:range_start", "date:range_start"):
            facts.extend(_atom_facts(doc, a))
        if b.rule == "year:range_end":
            facts.extend(_atom_facts(doc, b))

    for a in atoms:
        if a.kind == "dm" and a.y is None and dateline is not None and "relative" not in a.extra:
            a.y, a.how = _latest_before(a.m, a.d2 or a.d, dateline), "dateline"
            if not _valid(a.y, a.m, a.d):
                a.y, a.how = None, None
        if a.kind == "mon" and not a.used and a.how not in ("relative", "list"):
            continue
        facts.extend(_atom_facts(doc, a))

    facts.extend(_durations(doc, low, atoms, runs))
    facts.sort(key=lambda f: (f.start, f.end, f.kind))
    return facts


# ---------------------------------------------------------------------------------------------
# Durations: "более 18 месяцев", "2 жыл бойы", "5 күннен 30 күнге дейін", "5 to 30 days"


_UNIT_GROUPS = ("day", "week", "month", "year")


@cache
def _unit_src(prefix: str, kk_case: str | None = None) -> str:
    """Alternation of unit words with one named group per unit (``{prefix}_day`` ...)."""
    units = lexicon()["durations"]["units"]
    parts = []
    for unit in _UNIT_GROUPS:
        entry = units[unit]
        kk = _alt(entry["kk_stem"])
        if kk_case == "abl":
            kk_forms = rf"(?:{kk})(?:{_alt(lexicon()['range']['kk_ablative'])})"
        elif kk_case == "dat":
            kk_forms = rf"(?:{kk})(?:{_alt(lexicon()['range']['kk_dative'])})"
        else:
            kk_forms = rf"(?:{kk})(?:[ыіадтғгқкнл]{_LET}{{0,6}})?"
        words = [w.rstrip(".") for w in entry["ru"] + entry["en"]]
        src = rf"(?:{_alt(words)})(?:\.|(?!\w))" if kk_case is None else ""
        alts = "|".join(x for x in (src, rf"{kk_forms}(?!\w)") if x)
        parts.append(rf"(?P<{prefix}_{unit}>{alts})")
    return "(?:" + "|".join(parts) + ")"


@cache
def _word_num_src() -> str:
    return "|".join(f"(?:{numbers.word_number_src(lang)})" for lang in ("ru", "kk", "en"))


def _num(n: str) -> str:
    return rf"(?P<{n}>(?<![\d.,])\d{{1,3}}(?:[.,]\d)?(?![\d])|{_word_num_src()})"


@cache
def _duration_re() -> re.Pattern[str]:
    dur = lexicon()["durations"]
    pre = _alt(list(dur["pre_cues"]))
    post = _alt(list(dur["post_cues"]))
    special = _alt(list(dur["special"]))
    bare = _alt(list(dur["bare_units"]))
    mid = rf"(?:{_S0}{_DASH}{_S0}|{_S1}(?:{_alt(dur['range_mid'])}){_S1})"
    alts = [
        # от 5 до 30 дней, 5-30 дней, from 5 to 30 days, between 5 and 30 days
        rf"(?P<rng>(?<!\w)(?:(?:{_alt(dur['range_start'])}){_S1})?{_num('rng_a')}{mid}"
        rf"{_num('rng_b')}"
        rf"{_S1}{_unit_src('ru')})",
        # 5 күннен 30 күнге дейін
        rf"(?P<kkr>{_num('kkr_a')}{_S1}{_unit_src('ka', 'abl')}{_S1}{_num('kkr_b')}{_S1}"
        rf"{_unit_src('kb', 'dat')}{_S1}(?:дейін|шейін)(?!\w))",
        # 5-тен 30 күнге дейін
        rf"(?P<kkn>(?P<kkn_a>\d{{1,3}})-?(?:ден|тен|нан|дан|тан|нен){_S1}{_num('kkn_b')}{_S1}"
        rf"{_unit_src('kn', 'dat')}{_S1}(?:дейін|шейін)(?!\w))",
        # более 18 месяцев, for more than a year, в течение полугода
        rf"(?P<cue>(?<!\w)(?P<cue_w>{pre}){_S1}(?:(?P<cue_sp>{special})(?!\w)|(?P<cue_bare>{bare})"
        rf"(?!\w)|{_num('cue_n')}{_S1}{_unit_src('cu')}(?:{_S1}(?P<cue_post>{post})(?!\w))?))",
        # 2 жыл бойы, 18 айдан астам, жарты жыл бойы
        rf"(?P<post>(?:(?P<post_sp>{special})|{_num('post_n')}{_S1}{_unit_src('po')}){_S1}"
        rf"(?P<post_w>{post})(?!\w))",
    ]
    return re.compile("|".join(alts))


@cache
def penalty_context_re() -> re.Pattern[str]:
    """Words that name a punishment (terms near them belong to the sanctions extractor)."""
    return re.compile(_alt(lexicon()["durations"]["penalty_context"]))


@cache
def _penalty_after() -> re.Pattern[str]:
    """A punishment named right after a term: "от 2 до 5 лет лишения свободы"."""
    words = _alt(lexicon()["durations"]["penalty_context"])
    return re.compile(rf"['’]?{_S1}(?:(?:in|of){_S1})?(?:{words})")


def _number(text: str) -> int | float | None:
    t = text.strip()
    if t[:1].isdigit():
        return numbers.parse_number(t)
    for lang in ("ru", "kk", "en"):
        v = numbers.parse_word_number(t, lang)
        if v is not None:
            return v
    return None


def _unit_of(m: re.Match[str], prefix: str) -> str | None:
    for unit in _UNIT_GROUPS:
        if m.group(f"{prefix}_{unit}") is not None:
            return unit
    return None


@cache
def _age_context() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words around a number of years that make it an age ("under 18 years of age")."""
    ctx = lexicon()["durations"]["age_context"]
    after = re.compile(rf"{_S1}(?:{_alt(ctx['after'])})(?!\w)")
    before = re.compile(rf"(?<!\w)(?:{_alt(ctx['before'])}){_LET}{{0,3}}\W{{0,3}}$")
    return after, before


_PLURAL = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
_LIMIT = {"day": 3660, "week": 520, "month": 600, "year": 100}


def _amount(n: int | float, unit: str) -> dict[str, Any] | None:
    if n <= 0 or n > _LIMIT[unit]:
        return None
    if isinstance(n, float) and not n.is_integer():
        if unit == "year":
            return {"months": round(n * 12)}
        if unit == "month":
            return {"days": round(n * 30)}
        return None
    n = int(n)
    if unit == "week":
        return {"weeks": n, "days": 7 * n}
    return {_PLURAL[unit]: n}


@cache
def _unit_anchor() -> re.Pattern[str]:
    """A unit word or a number-free duration word after a space (anchors for durations)."""
    dur = lexicon()["durations"]
    words = {w.rstrip(".") for u in dur["units"].values() for w in u["ru"] + u["en"] + u["kk_stem"]}
    words |= {w.split()[0] for w in dur["special"]}
    return re.compile(rf" (?:{_alt(sorted(words))})")


@cache
def _duration_heads() -> frozenset[str]:
    dur = lexicon()["durations"]
    heads = {c.split()[0] for c in dur["pre_cues"]}
    heads |= {c.split()[0] for c in dur["special"]}
    heads |= {"от", "с", "from", "between"}
    for lang in ("ru", "kk", "en"):
        heads |= set(numbers.word_numbers(lang))
    return frozenset(heads)


@cache
def _duration_gate() -> re.Pattern[str]:
    """What may follow the number of a duration: a unit word or a range connector."""
    dur = lexicon()["durations"]
    units = dur["units"]
    words = [w.rstrip(".") for u in units.values() for w in u["ru"] + u["en"] + u["kk_stem"]]
    unit = rf"(?:{_alt(words)})"
    return re.compile(
        rf"(?:[.,]\d)?{_S0}(?:(?:{_DASH}|(?:{_alt(dur['range_mid'])})(?!\w))"
        rf"{_S0}\d{{1,3}}{_S0}{unit}|"
        rf"-?(?:{_alt(lexicon()['range']['kk_ablative'])})(?!\w)|{unit})"
    )


_S1_CHARS = " \t\u00a0\u202f"
_DIGIT_NUM_END = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d)?\Z")


@dataclass(frozen=True)
class _DurationCores:
    # needle -> (unit words that start with it, (phrase, offset of the needle in it) of the
    # number-free durations, and of the bare units, that hold it)
    needles: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, int], ...],
                         tuple[tuple[str, int], ...]], ...]
    other_phrases: tuple[str, ...]  # number-free durations that hold no needle
    other_bare: tuple[str, ...]  # bare units that hold no needle ("a decade")
    number_word: tuple[re.Pattern[str], ...]  # the last number word of a number, per language
    pre_end: re.Pattern[str]  # a cue word and spaces right before a bare unit
    cue_last: frozenset[str]  # the last letters of the cue words


@cache
def _duration_cores() -> _DurationCores:
    dur = lexicon()["durations"]
    words = sorted(
        {w.rstrip(".") for u in dur["units"].values() for w in u["ru"] + u["en"] + u["kk_stem"]}
    )
    # every unit word starts with one of a few short needles (its first three letters)
    by_needle: dict[str, list[str]] = {}
    for w in words:
        by_needle.setdefault(w[:3], []).append(w)
    phrases, bare = list(dur["special"]), list(dur["bare_units"])

    def holding(needle: str, texts: list[str]) -> tuple[tuple[str, int], ...]:
        return tuple((t, o) for t in texts for o in range(len(t)) if t.startswith(needle, o))

    needles = tuple(
        (n, tuple(ws), holding(n, phrases), holding(n, bare)) for n, ws in by_needle.items()
    )
    number_word = []
    for lang in ("ru", "kk", "en"):
        alt = "|".join(re.escape(w) for w in numbers.word_numbers(lang))
        suffix = r"(?:[ауеы]?[дтн][аеы]н|[ғгқк][аае]|[дт][аеы]|н[ыі]ң)?" if lang == "kk" else ""
        number_word.append(re.compile(rf"(?:{alt}){suffix}"))
    return _DurationCores(
        needles=needles,
        other_phrases=tuple(p for p in phrases if not any(n in p for n in by_needle)),
        other_bare=tuple(b for b in bare if not any(n in b for n in by_needle)),
        number_word=tuple(number_word),
        pre_end=re.compile(rf"(?<!\w)(?:{_alt(list(dur['pre_cues']))}){_S1}\Z"),
        cue_last=frozenset(c[-1] for c in dur["pre_cues"]),
    )


def _number_before(text: str, end: int, cores: _DurationCores) -> bool:
    """Whether a number (digits or the last of its number words) ends at ``end``."""
    if end <= 0:
        return False
    ch = text[end - 1]
    if ch.isdecimal():
        # a number has at most three digits before its end (or one, after a decimal point)
        if end >= 4 and text[end - 4 : end].isdecimal():
            return False
        return _DIGIT_NUM_END.search(text, max(0, end - 8), end) is not None
    if not ch.isalpha():
        return False
    # the run of letters that ends here; a number word is a whole word of letters
    k = end - 1
    lo = max(0, end - 20)
    while k >= lo and text[k].isalpha():
        k -= 1
    if k >= 0 and (k < lo or text[k].isalnum() or text[k] == "_"):
        return False  # longer than any number word, or part of a word with digits
    return _is_number_word(text[k + 1 : end])


@lru_cache(maxsize=4096)
def _is_number_word(word: str) -> bool:
    """Whether ``word`` can be the last word of a number written in words (memo per word)."""
    return any(p.fullmatch(word) for p in _duration_cores().number_word)


def _spaces_start(text: str, i: int) -> int:
    """Start of the one to three spaces (``_S1``) right before ``i``; ``i`` when there is none."""
    j = i
    while j > i - 3 and j and text[j - 1] in _S1_CHARS:
        j -= 1
    return j


def _may_hold_duration(text: str) -> bool:
    """Whether ``text`` holds what every duration match contains: a number, one to three spaces
    and a unit word (``5 лет``, ``бес жыл``), a number-free duration (``полгода``), or a cue
    word before a bare unit (``около года``). Text without any of them has no duration, so the
    anchor search below is skipped; a text with one of them is read in full as before."""
    cores = _duration_cores()
    for phrase in cores.other_phrases:
        if phrase in text:
            return True
    for word in cores.other_bare:
        if _bare_after_cue(text, word, cores):
            return True
    startswith = text.startswith
    for needle, words, phrases, bare in cores.needles:
        i = text.find(needle)
        while i >= 0:
            for phrase, o in phrases:
                if i >= o and startswith(phrase, i - o):
                    return True
            for word, o in bare:
                b = i - o
                if b >= 0 and startswith(word, b) and _cue_before(text, b, cores):
                    return True
            if i and text[i - 1] in _S1_CHARS and any(startswith(w, i) for w in words):
                # one to three spaces, then the number
                if _number_before(text, _spaces_start(text, i), cores):
                    return True
            i = text.find(needle, i + 1)
    return False


def _cue_before(text: str, b: int, cores: _DurationCores) -> bool:
    """Whether a cue word and one to three spaces end at ``b``."""
    j = _spaces_start(text, b)
    if j == b or not j or text[j - 1] not in cores.cue_last:
        return False
    return cores.pre_end.search(text, max(0, b - 24), b) is not None


def _bare_after_cue(text: str, word: str, cores: _DurationCores) -> bool:
    i = text.find(word)
    while i >= 0:
        if _cue_before(text, i, cores):
            return True
        i = text.find(word, i + 1)
    return False


def _durations(doc: Document, text: str, atoms: list[_Atom], runs: list[Anchor]) -> list[Fact]:
    if not _may_hold_duration(text):
        return []
    dur = lexicon()["durations"]
    out: list[Fact] = []
    starts = [a.start for a in atoms]
    words = [(m.start() + 1, m.end(), False) for m in _unit_anchor().finditer(text)]
    anchors = sorted(runs + words)
    for m in match_near(text, anchors, _duration_heads(), _duration_re(), 3, _duration_gate()):
        s, e = m.span()
        i = bisect_right(starts, e - 1) - 1
        if i >= 0 and atoms[i].end > s:
            continue
        lo = max(0, s - 60)
        cut = max(text.rfind(".", lo, s), text.rfind("\n", lo, s))
        if penalty_context_re().search(text, max(lo, cut + 1), s) or _penalty_after().match(
            text, e
        ):
            continue  # a punishment's term: the sanctions extractor reads it
        age_after, age_before = _age_context()
        if age_after.match(text, e) or age_before.search(text, max(0, s - 16), s):
            continue  # "under 18 years of age", "в возрасте более 60 лет": ages, not durations
        kind = m.lastgroup
        value: dict[str, Any] | None = None
        qualifier = None
        if kind in ("rng", "kkr", "kkn"):
            a = _number(m.group(f"{kind}_a"))
            b = _number(m.group(f"{kind}_b"))
            unit = _unit_of(m, {"rng": "ru", "kkr": "kb", "kkn": "kn"}[kind])
            if kind == "kkr" and _unit_of(m, "ka") != unit:
                continue
            if a is None or b is None or unit is None or not 0 <= a < b <= _LIMIT[unit]:
                continue
            if isinstance(a, float) or isinstance(b, float):
                continue
            value = {f"{_PLURAL[unit]}_min": int(a), f"{_PLURAL[unit]}_max": int(b)}
            rule = "period:duration_range"
        elif kind == "cue":
            qualifier = dur["pre_cues"][_key(dur["pre_cues"], m.group("cue_w"))]
            if m.group("cue_sp"):
                value = dict(dur["special"][_key(dur["special"], m.group("cue_sp"))])
            elif m.group("cue_bare"):
                value = dict(dur["bare_units"][_key(dur["bare_units"], m.group("cue_bare"))])
                if "weeks" in value:
                    value["days"] = 7 * value["weeks"]
            else:
                n = _number(m.group("cue_n"))
                unit = _unit_of(m, "cu")
                value = _amount(n, unit) if n is not None and unit else None
                if m.group("cue_post"):
                    q2 = dur["post_cues"][_key(dur["post_cues"], m.group("cue_post"))]
                    qualifier = q2 or qualifier
            rule = "period:duration"
        else:  # post
            qualifier = dur["post_cues"][_key(dur["post_cues"], m.group("post_w"))]
            if m.group("post_sp"):
                value = dict(dur["special"][_key(dur["special"], m.group("post_sp"))])
            else:
                n = _number(m.group("post_n"))
                unit = _unit_of(m, "po")
                value = _amount(n, unit) if n is not None and unit else None
            rule = "period:duration_kk"
        if not value:
            continue
        if qualifier:
            value["qualifier"] = qualifier
        out.append(_fact(doc, "period", value, s, e, rule))
    return out


def _key(table: dict[str, Any], written: str) -> str:
    """The lexicon key for a phrase as written (case and spacing may differ)."""
    w = " ".join(written.lower().split())
    return w if w in table else next(k for k in table if k.lower() == w)
