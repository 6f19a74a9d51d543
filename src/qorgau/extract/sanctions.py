"""Sanctions and measures: penalties courts impose or the law provides, and police/court measures.

Penalties (kind ``penalty``, value ``{"kind", "value", "mode", "code_book"}``) come from a number
with a unit next to a sanction word: ``штраф до 200 МРП`` (fine_mci), ``100 часов общественных
работ`` (community_service_hours), ``арест до 50 суток`` (arrest_days), ``арестован на 15 суток``
after an administrative offence (admin_arrest_days), ``бас бостандығынан айыру 7 жылға``
(imprisonment_months 84), ``imprisonment of 3 to 7 years`` (36 as ``min`` and 84 as ``max``).
Amounts of money and MCI are read from the facts the money extractor left in ``doc.facts``. A
tenge sum that restates an MCI fine (``200 MCI ... about 865,000 tenge``) is its ``fine_tenge``.
A list of maximums that drops the repeated noun (``лишение свободы до 3 лет, а при отягчающих –
до 8 лет``, ``3 жылға дейін, ал ... 6 жылға дейін бас бостандығынан айыру``, ``up to 3 years in
prison. If ..., the sentence rises to up to 8 years``) gives the bare bounded term the kind of the
nearest prison or restriction term in its sentence, or in the sentence before when a penalty noun
leads to it; ages, spans of time and the terms of untracked sanctions (``лишение права занимать
должности``, ``испытательный срок``, probation) stay out. ``contact_ban`` and ``compensation``
have the value True.

``mode`` is ``max``/``min`` when a limit word stands at the number (до, up to, дейін; ranges give
both), else the nearest cue in the sentence decides: a court's act (назначил, sentenced,
сотталды) gives ``imposed``, the law's wording (предусмотрена, punishable, жазаланады) gives
``max``. ``code_book`` is ``AC`` when the nearest code marker is administrative (КоАП, әкімшілік,
правонарушение, protocol), else ``CC``.

Measures (kind ``measure``, value ``{"kind", ...}``): protective orders (with ``violated``),
preventive registration, administrative protocols and penalties, special requirements,
detention and opened criminal cases, at most one per kind per sentence.

Word lists are regex fragments in ``data/lexicons/sanctions.yaml``; everything is compiled once.
The word families (sanction words, cues, code markers, measures) are found through the word-start
scan shared with the money extractor (``money.shared_word_hits``); positions of cues and markers
are looked up by bisection, so a long text costs linear time. Where the lower-cased copy stands
in (``text.casefold.lower_stands_in``), the patterns run without IGNORECASE on ``doc.lower``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from qorgau.extract.money import (
    Prefilter,
    language_lookup,
    match_tail,
    number_prefilter,
    shared_word_hits,
)
from qorgau.model import Document, Fact
from qorgau.text.casefold import lower_stands_in
from qorgau.text.numbers import NUM_SRC, parse_number, parse_word_number, word_number_src

_FLAGS = re.IGNORECASE
_LANGS = ("ru", "kk", "en")
# Left edge of a word; a word glued to a conjunction by lost markup ("orarrest") still counts.
_LB = r"(?:(?<!\w)|(?<=\bor)|(?<=\band)|(?<=\bили)|(?<=\bлибо))"
_LEFT_REACH = 60  # a sanction word before its number
_RIGHT_REACH = 40  # a sanction word after its number (Kazakh order)
_EQUIV_REACH = 45  # an MCI fine and the tenge sum that restates it
_TERM_KINDS = ("imprisonment", "restriction")  # sanctions whose term a later bare term repeats

COMPATIBLE: dict[str, tuple[str, ...]] = {
    "fine": ("mci", "tenge"),
    "correctional_work": ("mci",),
    "community_service": ("hours",),
    "arrest": ("days",),
    "admin_arrest": ("days",),
    "imprisonment": ("months",),
    "restriction": ("months",),
    "other_term": (),
}
WEAK_KIND = {"hours": "community_service", "days": "arrest", "months": "imprisonment"}
PENALTY_KIND = {
    ("fine", "mci"): "fine_mci",
    ("fine", "tenge"): "fine_tenge",
    ("correctional_work", "mci"): "correctional_work_mci",
    ("community_service", "hours"): "community_service_hours",
    ("arrest", "days"): "arrest_days",
    ("admin_arrest", "days"): "admin_arrest_days",
    ("imprisonment", "months"): "imprisonment_months",
    ("restriction", "months"): "restriction_of_freedom_months",
}
ALWAYS_CC = frozenset({"imprisonment", "restriction", "correctional_work"})


@cache
def lexicon() -> dict[str, Any]:
    """The sanctions lexicon (``data/lexicons/sanctions.yaml``), loaded once."""
    data = resources.files("qorgau.data.lexicons").joinpath("sanctions.yaml").read_text("utf-8")
    return yaml.safe_load(data)


def _alt(fragments: list[str]) -> str:
    return "|".join(f"(?:{f})" for f in fragments)


def _groups(table: dict[str, list[str]]) -> str:
    return "|".join(f"(?P<{name}>{_alt(frags)})" for name, frags in table.items())


def _word(src: str) -> str:
    """Fragment that starts at a word edge and does not run on into a longer word."""
    return rf"{_LB}(?:{src})(?:(?<!\w)|(?!\w))"


def _compile(src: str) -> re.Pattern[str]:
    return re.compile(src, _FLAGS)


@dataclass(frozen=True)
class _Patterns:
    triggers: re.Pattern[str]
    weak_forward: re.Pattern[str]
    weak_backward: re.Pattern[str]
    quantity: re.Pattern[str]
    term_join: re.Pattern[str]
    range_gap: re.Pattern[str]
    range_before: re.Pattern[str]
    ablative_end: re.Pattern[str]
    bound_before: re.Pattern[str]
    bound_after: re.Pattern[str]
    duration_before: re.Pattern[str]
    duration_after: re.Pattern[str]
    blockers: re.Pattern[str]
    equivalence: re.Pattern[str]
    cues: re.Pattern[str]
    markers: re.Pattern[str]
    contact_ban: re.Pattern[str]
    compensation: re.Pattern[str]
    refusal: re.Pattern[str]
    suspended: re.Pattern[str]
    measures: re.Pattern[str]
    violation_before: re.Pattern[str]
    violation_after: re.Pattern[str]
    same_term: re.Pattern[str]
    trigger_chain: re.Pattern[str]
    count_before: re.Pattern[str]
    penalty_noun: re.Pattern[str]
    not_term_before: re.Pattern[str]
    not_term_after: re.Pattern[str]
    list_before: re.Pattern[str]
    list_not_after: re.Pattern[str]
    mci_value_before: re.Pattern[str]
    extra_words: dict[str, float]
    caps: dict[str, float]
    numbers: Prefilter


def _build() -> _Patterns:
    lex = lexicon()
    extra_words = {k.lower(): float(v) for k, v in lex["extra_number_words"].items()}
    extra_alt = "|".join(re.escape(w) for w in sorted(extra_words, key=len, reverse=True))
    words = "|".join(f"(?:{word_number_src(lang)})" for lang in _LANGS)
    numw = rf"(?:(?P<num>{NUM_SRC})|(?P<extra>(?<!\w)(?:{extra_alt})(?!\w))|(?P<word>{words}))"
    units = "|".join(
        f"(?P<{name}>(?:{_alt(frags)})(?:(?<!\\w)|(?!\\w)))" for name, frags in lex["units"].items()
    )
    rng = lex["range"]
    abl = rng["ablative"]
    bound_groups = {"max": lex["bound_max"], "min": lex["bound_min"]}
    measures = dict(lex["measures"])
    return _Patterns(
        triggers=_compile("(?:" + _groups(lex["triggers"]) + r")(?:(?<!\w)|(?!\w))"),
        weak_forward=_compile(_word(_alt(lex["weak_triggers"]["forward"])) + r"\s{0,3}$"),
        weak_backward=_compile(r"\s{0,3}" + _word(_alt(lex["weak_triggers"]["backward"]))),
        quantity=_compile(rf"{numw}\s{{1,2}}(?:{units})"),
        term_join=_compile(rf"\s{{0,2}}(?:(?:{_alt(lex['term_joiners'])})\s{{0,2}})?"),
        range_gap=_compile(rf"\s{{0,3}}(?P<conn>{_alt(rng['connectors'])})?\s{{0,3}}"),
        range_before=_compile(
            rf"(?:(?P<start>{_word(_alt(rng['start']))})\s{{1,3}})?"
            rf"(?P<lo>{numw.replace('?P<', '?P<lo_')})(?P<abl>{abl})?"
            rf"\s{{0,3}}(?P<conn>{_alt(rng['connectors'])})?\s{{0,3}}$"
        ),
        ablative_end=_compile(rf"{abl}$"),
        bound_before=_compile(
            r"(?<![\w-])(?:"
            + "|".join(f"(?P<{k}>{_alt(v['before'])})" for k, v in bound_groups.items())
            + r")\s{0,3}$"
        ),
        bound_after=_compile(
            r"\s{0,3}(?:"
            + "|".join(f"(?P<{k}>{_alt(v['after'])})" for k, v in bound_groups.items())
            + r")(?!\w)"
        ),
        duration_before=_compile(_word(_alt(lex["duration_before"])) + r"\s{0,3}$"),
        duration_after=_compile(r"\s{0,3}" + _word(_alt(lex["duration_after"]))),
        blockers=_compile(_word(_alt(lex["blockers"]))),
        equivalence=_compile(
            r"(?:\(|=)|" + _word(_alt([e for e in lex["equivalence"] if e not in ("\\(", "=")]))
        ),
        cues=_compile("(?:" + _groups(lex["cues"]) + r")(?:(?<!\w)|(?!\w))"),
        markers=_compile("(?:" + _groups(lex["markers"]) + r")(?:(?<!\w)|(?!\w))"),
        contact_ban=_compile(rf"(?:{_alt(lex['contact_ban'])})(?:(?<!\w)|(?!\w))"),
        compensation=_compile(rf"(?:{_alt(lex['compensation'])})(?:(?<!\w)|(?!\w))"),
        refusal=_compile(_word(_alt(lex["refusal"]))),
        suspended=_compile(_word(_alt(lex["suspended"]))),
        measures=_compile("(?:" + _groups(measures) + r")(?:(?<!\w)|(?!\w))"),
        violation_before=_compile(
            _word(_alt(lex["violation"]["before"])) + r"(?: [\w-]{1,14}){0,2}?\s{1,3}$"
        ),
        violation_after=_compile(r"(?<!не )" + _word(_alt(lex["violation"]["after"]))),
        same_term=_compile(
            r"\s{0,3}(?:на (?:тот|такой) же срок|в (?:том|таком) же размере|for the same (?:term|period)"
            r"|(?:of|in) the same amount|сол мерзімге|сол мөлшерде)",
        ),
        trigger_chain=_compile(r"\s{0,2}(?:,|или|либо|or|немесе|не болмаса)?\s{1,3}"),
        count_before=_compile(rf"{numw}\s{{1,2}}$"),
        penalty_noun=_compile(_word(_alt(lex["elliptic"]["penalty_nouns"]))),
        not_term_before=_compile(_word(_alt(lex["elliptic"]["not_before"]))),
        not_term_after=_compile(r"\s{0,3}" + _word(_alt(lex["elliptic"]["not_after"]))),
        list_before=_compile(
            rf"{numw.replace('?P<', '?P<lo_')}\s{{0,3}}(?:,|{_word(_alt(lex['list_joiners'][1:]))})"
            rf"\s{{1,3}}(?:{_word(_alt(lex['list_prepositions']))}\s{{1,3}})?$"
        ),
        list_not_after=_compile(rf"(?:{_alt(lex['list_not_after'])})\s{{0,3}}$"),
        mci_value_before=_compile(
            rf"{_word(_alt(lex['mci_value']['words']))}"
            r"(?:\s{1,3}(?:(?:в|на|за|in|for)\s{1,3})?(?:19|20)\d\d"
            r"(?:\s{1,3}(?:года|году|г\.|жылғы|жылы|жылға|year))?)?,?\s{0,3}"
            rf"(?:{_word(_alt(lex['mci_value']['links']))}\s{{0,3}})?"
            r"(?:[(=:\u2014\u2013-]\s{0,3})?(?:kzt|₸)?\s{0,2}$"
        ),
        extra_words=extra_words,
        caps={k: float(v) for k, v in lex["caps"].items()},
        numbers=number_prefilter(list(extra_words)),
    )


def scan_families() -> dict[str, list[str]]:
    """The word families found by the shared word-start scan (``money.shared_word_hits``),
    as regex fragments; their literal prefixes are taken up to 8 characters."""
    lex = lexicon()
    return {
        "triggers": _flat(lex["triggers"]),
        "cues": _flat(lex["cues"]),
        "markers": _flat(lex["markers"]),
        "measures": _flat(dict(lex["measures"])),
        "contact_ban": lex["contact_ban"],
        "compensation": lex["compensation"],
    }


def _flat(table: dict[str, list[str]]) -> list[str]:
    return [frag for frags in table.values() for frag in frags]


_P = _build()
_CASE_NOUN = re.compile(r"уголовн|қылмыстық іс|criminal (?:case|investigation)", _FLAGS)
_SCANNED = ("triggers", "cues", "markers", "measures", "contact_ban", "compensation")


def _lower_twin(p: re.Pattern[str]) -> re.Pattern[str]:
    """``p`` without IGNORECASE, for the lower-cased copy of a text (see text.casefold)."""
    bare = re.sub(r"\(\?P<\w+>", "(", p.pattern)  # group names may hold capitals
    if re.sub(r"\\.", "", bare) != re.sub(r"\\.", "", bare).lower():
        raise ValueError(f"pattern not written in lower case: {p.pattern[:60]!r}")
    return re.compile(p.pattern)


# Every pattern is written in lower case (the lexicon's fragments too). Case-insensitive matching
# of Cyrillic is slow in ``re``, so where the document's lower-cased copy stands in for the text
# (``lower_stands_in``), the reader runs these twins without IGNORECASE on that copy. Only spans,
# group names and group texts that are read case-insensitively (numbers, units, connectors) are
# used, so the result is the same.
_PL = replace(
    _P,
    **{
        f.name: _lower_twin(getattr(_P, f.name))
        for f in fields(_P)
        if isinstance(getattr(_P, f.name), re.Pattern)
    },
)
_RANGE_START = re.compile(r"(от|from|between|с)\s{1,3}$", _FLAGS)
_RANGE_START_LC = _lower_twin(_RANGE_START)


def _scan(P: _Patterns, text: str, doc: Document) -> dict[str, list[re.Match[str]]]:
    """Every match of the scanned word families, each family's matches not overlapping. The
    places to try come from the word-start scan shared with the money extractor."""
    found: dict[str, list[re.Match[str]]] = {f: [] for f in _SCANNED}
    last_end = dict.fromkeys(_SCANNED, -1)
    patterns = {f: getattr(P, f) for f in _SCANNED}
    for pos, fams in shared_word_hits(doc):
        for f in fams:
            if f not in patterns or pos < last_end[f]:
                continue
            m = patterns[f].match(text, pos)
            if m:
                found[f].append(m)
                last_end[f] = m.end()
    return found
# Sentence ends: . ! ? … before a capital, a blank line, a line that starts with a capital or a
# bullet. The pattern starts with one character class so the engine skips ahead fast.
_SENT_BREAK = re.compile(
    r"[.!?…\n](?:"
    r"(?<=[.!?…])[.!?…]{0,2}[\"»”')\]]?\s{1,8}(?=[\"«“(\[—–-]?\s?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
    r"|(?<=\n)[ \t]*\n\s*"
    r"|(?<=\n)(?=[ \t]*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ—–•*])"
    r")"
)


# --------------------------------------------------------------------------- sentences


@dataclass
class _Sentences:
    starts: list[int]
    ends: list[int]
    ctx: list[int]  # where each sentence's context begins (earlier when a colon introduces it)

    def index(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)


def _sentences(text: str) -> _Sentences:
    spans = [m.span() for m in _SENT_BREAK.finditer(text)]
    starts = [0] + [e for _s, e in spans]
    # a break on "\n" ends the sentence before it, one on ".!?…" after that character
    ends = [s if text[s] == "\n" else s + 1 for s, _e in spans]
    ends.append(len(text))
    if ":" not in text:
        return _Sentences(starts, ends, starts)
    ctx = starts[:]
    for i in range(1, len(starts)):
        # the sentence before ends with a colon (trailing spaces aside): it introduces this one
        s, e = starts[i - 1], ends[i - 1]
        p = text.rfind(":", s, e)
        if p >= 0 and (p + 1 == e or text[p + 1 : e].isspace()):
            ctx[i] = ctx[i - 1]
    return _Sentences(starts, ends, ctx)


# --------------------------------------------------------------------------- position index


class _Marks:
    """Sorted positions with a label, for nearest-in-range and any-in-range lookups."""

    def __init__(self, items: list[tuple[int, str]]):
        items.sort()
        self.pos = [p for p, _ in items]
        self.label = [lab for _, lab in items]
        self.by_label: dict[str, list[int]] = {}
        for p, lab in items:
            self.by_label.setdefault(lab, []).append(p)

    def nearest(self, at: int, lo: int, hi: int) -> str | None:
        i = bisect_left(self.pos, at)
        best: tuple[int, str] | None = None
        for j in (i - 1, i):
            if 0 <= j < len(self.pos) and lo <= self.pos[j] < hi:
                d = abs(self.pos[j] - at)
                if best is None or d < best[0]:
                    best = (d, self.label[j])
        return best[1] if best else None

    def any_in(self, lo: int, hi: int, label: str | None = None) -> bool:
        pos = self.pos if label is None else self.by_label.get(label, [])
        i = bisect_left(pos, lo)
        return i < len(pos) and pos[i] < hi


# --------------------------------------------------------------------------- quantities


@dataclass
class _Item:
    start: int
    end: int
    unit: str  # hours | days | months | mci | tenge
    value: float
    lo: float | None = None  # lower end of a range
    bound: str | None = None
    approx: bool = False
    absorbed: bool = False
    text_unit: str = ""


def _number(m: re.Match[str], prefix: str, lang: str) -> float | None:
    g = m.group
    if g(prefix + "num"):
        return parse_number(g(prefix + "num"), lang)
    if g(prefix + "extra"):
        return _P.extra_words[g(prefix + "extra").lower()]
    raw = g(prefix + "word")
    return next((n for n in (parse_word_number(raw, lg) for lg in _LANGS) if n is not None), None)


def _in_units(value: float, unit: str) -> tuple[float, str]:
    if unit == "years":
        return value * 12, "months"
    return value, unit


def _quantity_matches(P: _Patterns, text: str, low: str, ranges: list[tuple[int, int]]):
    quantity = P.quantity
    for lo, hi in ranges:
        last_end = lo
        for pos, _f in _P.numbers.candidates(low, lo, hi):
            if pos < last_end:
                continue
            m = quantity.match(text, pos)
            if m:
                last_end = m.end()
                yield m


def _quantities(
    P: _Patterns, text: str, low: str, lang_at, ranges: list[tuple[int, int]]
) -> list[_Item]:
    """Numbers with a time unit inside ``ranges`` (the sentences that speak of sanctions).
    ``text`` is the text ``P`` runs on (the lower-cased copy for the lower-case twins)."""
    items: list[_Item] = []
    for m in _quantity_matches(P, text, low, ranges):
        unit = next(u for u in ("hours", "days", "months", "years") if m.group(u))
        n = _number(m, "", lang_at(m.start()))
        if n is None or n <= 0 or n > _P.caps[unit]:
            continue
        value, base = _in_units(n, unit)
        items.append(_Item(m.start(), m.end(), base, value, text_unit=m.group(unit)))
    out: list[_Item] = []
    for i, it in enumerate(items):
        if it.absorbed:
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt and it.unit == nxt.unit == "months" and it.text_unit and nxt.text_unit:
            # "2 года 6 месяцев": years then months are one term.
            if _is_years(it) and not _is_years(nxt) and P.term_join.fullmatch(
                text, it.end, nxt.start
            ):
                it.value += nxt.value
                it.end = nxt.end
                nxt.absorbed = True
        if nxt and not nxt.absorbed and nxt.unit == it.unit:
            gap = P.range_gap.fullmatch(text, it.end, nxt.start)
            start = _range_start(P, text, it.start)
            conn = gap.group("conn") if gap else None
            abl = _P.ablative_end.search(it.text_unit)
            if gap and (abl or _range_ok(conn, start)) and it.value < nxt.value:
                nxt.lo, nxt.start = it.value, it.start
                it.absorbed = True
                continue
        out.append(it)
    for it in out:
        if it.lo is None:
            _bare_range(P, text, it, lang_at)
    return [it for it in out if not it.absorbed]


def _is_years(it: _Item) -> bool:
    return bool(re.match(r"(?:г|л|ж|y)", it.text_unit, _FLAGS))


def _range_start(P: _Patterns, text: str, pos: int) -> str | None:
    m = match_tail(_RANGE_START if P is _P else _RANGE_START_LC, text, pos, 12)
    return m.group(1).lower() if m else None


def _range_ok(conn: str | None, start: str | None) -> bool:
    if conn is None:
        return False
    conn = conn.lower()
    if conn in ("-", "–", "—"):
        return True
    if conn == "and":
        return start == "between"
    if conn == "to":  # "3 to 7 years" needs no "from"
        return True
    return start in ("от", "с") if conn == "до" else False


def _bare_range(P: _Patterns, text: str, it: _Item, lang_at) -> None:
    """"от 3 до 7 лет", "3–7 years", "3-тен 7 жылға дейін": the lower end has no unit."""
    m = match_tail(P.range_before, text, it.start, 40)
    if not m:
        return
    conn = m.group("conn")
    if not (m.group("abl") and conn is None) and not _range_ok(
        conn, (m.group("start") or "").lower() or None
    ):
        return
    lo = _number(m, "lo_", lang_at(m.start()))
    if lo is None:
        return
    if _is_years(it):
        lo *= 12
    if 0 < lo < it.value:
        it.lo = lo
        it.start = m.start()


def _money_items(doc: Document, P: _Patterns, text: str) -> list[_Item]:
    """MCI and tenge amounts found by the money extractor, ranges joined into one item; the
    value of the MCI itself (``МРП составляет 4 325 тенге``) is left out."""
    items: list[_Item] = []
    below = float(lexicon()["mci_value"]["below"])
    for f in doc.facts:
        if f.kind not in ("mci", "money"):
            continue
        unit = "mci" if f.kind == "mci" else "tenge"
        if unit == "tenge" and float(f.value) < below:
            lead = _mci_value(P, text, f.start)
            if lead is not None:
                # "1 МРП = 4 325 тенге": neither the sum nor the one MCI before it is a fine
                while items and items[-1].unit == "mci" and items[-1].start >= lead:
                    items.pop()
                continue
        it = _Item(f.start, f.end, unit, float(f.value), bound=f.extra.get("bound"))
        it.approx = bool(f.extra.get("approx"))
        prev = items[-1] if items else None
        if (
            prev
            and prev.unit == unit
            and prev.bound == "min"
            and it.bound == "max"
            and 0 <= it.start - prev.end <= 12
        ):
            it.lo, it.start, it.bound = prev.value, prev.start, None
            items[-1] = it
            continue
        items.append(it)
    items.sort(key=lambda i: i.start)
    return items


@cache
def _mci_hints() -> tuple[str, ...]:
    return tuple(lexicon()["mci_value"]["hints"])


_LIST_JOINERS = frozenset(lexicon()["list_joiners"])
_LIST_PREPS = frozenset(lexicon()["list_prepositions"])
# the last characters of the joiners and prepositions, upper case too
_LIST_LAST = frozenset(
    c for w in _LIST_JOINERS | _LIST_PREPS for c in (w[-1], w[-1].upper())
)


def _list_before(text: str, at: int) -> bool:
    """Quick test: a list joiner (or a comma) ends the text before ``at``, perhaps followed by
    a repeated preposition ("5 и на 10", "3, 5", "5 and for 10")."""
    if at < 3 or not text[at - 1].isspace() or text[at - 2] not in _LIST_LAST:
        return False
    toks = text[max(0, at - 16) : at].lower().split()[-2:]
    if toks and toks[-1] in _LIST_PREPS:
        toks = toks[:-1]
    return bool(toks) and (toks[-1] in _LIST_JOINERS or toks[-1].endswith(","))


def _mci_value(P: _Patterns, text: str, start: int) -> int | None:
    """Where the statement of what one MCI is worth starts, when the tenge sum at ``start``
    is that value: an MCI word (with no number before it but one) stands right before it
    ("МРП в 2026 году составляет", "1 МРП ="); None otherwise."""
    window = text[max(0, start - 90) : start].lower()
    if not any(h in window for h in _mci_hints()):
        return None
    m = match_tail(P.mci_value_before, text, start, 90)
    if m is None:
        return None
    n = match_tail(P.count_before, text, m.start(), 24)
    if n is None:
        return m.start()
    return n.start() if _number(n, "", "ru") == 1 else None


# --------------------------------------------------------------------------- attachment


@dataclass
class _Trigger:
    start: int
    end: int
    kind: str


@dataclass
class _Link:
    item: _Item
    kind: str  # sanction family (fine, arrest, ...)
    start: int
    end: int
    rule: str
    via: _Link | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class _Reader:
    """Everything one document needs: sentences, triggers, items, cue and marker positions."""

    def __init__(self, doc: Document):
        self.doc = doc
        norm, low = doc.norm, doc.lower
        # ``text`` is what the patterns ``P`` run on: the lower-cased copy where it stands in
        self.P, self.text = (_PL, low) if lower_stands_in(norm, low) else (_P, norm)
        text = self.text
        self.lang_at = language_lookup(doc)
        self.sents = _sentences(norm)
        self.found = found = _scan(self.P, text, doc)
        self.triggers = [_Trigger(m.start(), m.end(), m.lastgroup or "") for m in found["triggers"]]
        self.trig_starts = [t.start for t in self.triggers]
        self.cues = _Marks([(m.start(), m.lastgroup or "") for m in found["cues"]])
        ranges = self.sanction_sentences()
        items = _quantities(self.P, text, low, self.lang_at, ranges) + _money_items(
            doc, self.P, text
        )
        items.sort(key=lambda i: i.start)
        self.items = items
        self.item_starts = [i.start for i in items]
        marks = [(m.start(), m.lastgroup or "") for m in found["markers"]]
        for f in doc.facts:
            if f.kind == "article" and isinstance(f.value, dict):
                book = "admin" if f.value.get("code_book") == "AC" else "criminal"
                marks.append((f.start, book))
        self.markers = _Marks(marks)
        self.trigger_marks = _Marks([(t.start, t.kind) for t in self.triggers])

    def sanction_sentences(self) -> list[tuple[int, int]]:
        """Spans of the sentences that hold a sanction word or a cue, and of the sentence after
        one with a prison or restriction term (it may go on listing terms), merged."""
        last = len(self.sents.starts) - 1
        idx = sorted(
            {self.sents.index(t.start) for t in self.triggers}
            | {min(last, self.sents.index(t.start) + 1) for t in self.triggers
               if t.kind in _TERM_KINDS}
            | {self.sents.index(p) for p in self.cues.pos}
        )
        ranges: list[tuple[int, int]] = []
        for i in idx:
            s, e = self.sents.starts[i], self.sents.ends[i]
            if ranges and s <= ranges[-1][1] + 2:
                ranges[-1] = (ranges[-1][0], e)
            else:
                ranges.append((s, e))
        return ranges

    # -- context helpers
    def sentence(self, pos: int) -> tuple[int, int, int]:
        i = self.sents.index(pos)
        return self.sents.ctx[i], self.sents.starts[i], self.sents.ends[i]

    def same_sentence(self, a: int, b: int) -> bool:
        return self.sents.index(a) == self.sents.index(b)

    def items_between(self, lo: int, hi: int, skip: _Item) -> bool:
        i = bisect_left(self.item_starts, lo)
        while i < len(self.items) and self.items[i].start < hi:
            if self.items[i] is not skip:
                return True
            i += 1
        return False

    def gap_clear(self, lo: int, hi: int, item: _Item) -> bool:
        if hi < lo:
            return False
        if self.items_between(lo, hi, item) or self.P.blockers.search(self.text, lo, hi):
            return False
        return self.same_sentence(lo, max(lo, hi - 1))

    def marker(self, pos: int, look_back: bool = False) -> str | None:
        """"admin" or "criminal": the nearest code marker in the sentence (or, with
        ``look_back``, in the sentence before it, where the offence an arrest answers is often
        named); None when there is none."""
        ctx, _s, end = self.sentence(pos)
        mark = self.markers.nearest(pos, ctx, end)
        if mark is None and look_back:
            i = self.sents.index(pos)
            mark = self.markers.nearest(pos, self.sents.starts[max(0, i - 1)], end)
        return mark

    def code_book(self, pos: int, look_back: bool = False) -> str:
        return "AC" if self.marker(pos, look_back) == "admin" else "CC"

    def mode(self, pos: int) -> str:
        ctx, _s, end = self.sentence(pos)
        cue = self.cues.nearest(pos, ctx, end)
        return "max" if cue == "legal" else "imposed"

    def sanction_context(self, pos: int) -> bool:
        ctx, _s, end = self.sentence(pos)
        return self.cues.any_in(ctx, end) or self.trigger_marks.any_in(ctx, end)

    # -- attachment
    def adjacent(self, item: _Item) -> list[tuple[int, _Trigger]]:
        """The sanction words right before and right after ``item`` whose gap is clear."""
        out = []
        i = bisect_left(self.trig_starts, item.start)
        if i > 0:
            t = self.triggers[i - 1]
            if t.end <= item.start and item.start - t.end <= _LEFT_REACH:
                if self.gap_clear(t.end, item.start, item):
                    out.append((item.start - t.end, t))
        if i < len(self.triggers):
            t = self.triggers[i]
            if t.start >= item.end and t.start - item.end <= _RIGHT_REACH:
                if self.gap_clear(item.end, t.start, item):
                    out.append((t.start - item.end, t))
        return out

    def listed_after(self, item: _Item, after: _Trigger) -> bool:
        """"штраф до 200 МРП, исправительные работы в том же размере", "restriction of freedom
        for up to 2 years or imprisonment ...": a comma, a semicolon or an "or" between an
        amount and the sanction word after it starts the next item of a list, so the amount
        belongs to the word before it."""
        gap = self.text[item.end : after.start]
        words = gap.split(None, 1)
        return "," in gap or ";" in gap or bool(words) and words[0].lower() in _LIST_JOINERS

    def chained(self, t: _Trigger, unit: str) -> list[_Trigger]:
        """"ограничение свободы или лишение свободы на срок до 2 лет": both words share it."""
        out = [t]
        i = bisect_left(self.trig_starts, t.start)
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.triggers):
                o = self.triggers[j]
                lo, hi = (o.end, t.start) if j < i else (t.end, o.start)
                if unit in COMPATIBLE.get(o.kind, ()) and self.P.trigger_chain.fullmatch(
                    self.text, lo, hi
                ):
                    out.append(o)
        return out

    def attach(self) -> list[_Link]:
        links: list[_Link] = []
        bare: list[_Item] = []  # terms with no sanction word next to them
        for item in self.items:
            if item.unit == "months" and self.P.not_term_after.match(self.text, item.end):
                continue  # "7 years old", "5 лет назад": an age or a time ago, never a term
            near = self.adjacent(item)
            if near and min(near, key=lambda c: c[0])[1].kind == "other_term":
                continue  # "with a ban on holding posts for up to 3 years": that sanction's term
            cands = [(d, t) for d, t in near if item.unit in COMPATIBLE[t.kind]]
            if len(cands) == 2 and self.listed_after(item, cands[1][1]):
                cands = cands[:1]
            if cands:
                _d, t = min(cands, key=lambda c: c[0])
                for tt in self.chained(t, item.unit):
                    lo, hi = min(tt.start, item.start), max(tt.end, item.end)
                    links.append(_Link(item, tt.kind, lo, hi, "sanction_word"))
                continue
            link = self.weak(item)
            if link:
                links.append(link)
            elif item.unit == "months" and not near:
                bare.append(item)
        if bare:
            self.elliptic(links, bare)
        self.listed(links)
        self.equivalents(links)
        self.same_terms(links)
        self.parenthesised(links)
        return links

    def elliptic(self, links: list[_Link], bare: list[_Item]) -> None:
        """"лишение свободы до 2 лет, а при отягчающих – до семи лет", "7 жылға дейін, ...
        10 жылға дейін бас бостандығынан айыру", "up to two years in prison. ... the sentence
        rises to up to seven years": a bounded term with no sanction word of its own repeats the
        noun of the nearest prison or restriction term in its sentence, or of one in the
        sentence before when a penalty noun (наказание, жаза, sentence) stands before it."""
        terms = sorted(
            (lk for lk in links if lk.kind in _TERM_KINDS and lk.item.unit == "months"),
            key=lambda lk: lk.item.start,
        )
        if not terms:
            return
        starts = [lk.item.start for lk in terms]
        text, reach = self.text, int(lexicon()["elliptic"]["reach"])
        for item in bare:
            if not self.bare_term(item):
                continue
            si = self.sents.index(item.start)
            i = bisect_left(starts, item.start)
            best: tuple[int, _Link] | None = None
            for j in (i - 1, i):  # the nearest term before and after
                if not 0 <= j < len(terms):
                    continue
                lk = terms[j]
                d = abs(lk.item.start - item.start)
                if d > reach or (best and d >= best[0]):
                    continue
                sj = self.sents.index(lk.item.start)
                if sj != si:
                    if sj != si - 1 or not self.P.penalty_noun.search(
                        text, self.sents.starts[si], item.start
                    ):
                        continue
                best = (d, lk)
            if best is None:
                continue
            src = best[1]
            link = _Link(item, src.kind, item.start, item.end, "elliptic_term")
            links.append(link)
            k = bisect_left(starts, item.start)
            starts.insert(k, item.start)
            terms.insert(k, link)

    def listed(self, links: list[_Link]) -> None:
        """"административный арест — на 5 и на 10 суток", "3, 5 и 7 суток", "5 және 10
        тәулікке": numbers before a linked term, joined to it with no unit of their own, are
        terms of the same sanction (after a range start, "between 5 and 10 days", they are not;
        nor is a number another fact holds, such as an article)."""
        text = self.text
        for lk in [lk for lk in links if lk.rule == "sanction_word"]:
            item = lk.item
            at = item.start
            if item.lo is not None or item.unit not in WEAK_KIND or not _list_before(text, at):
                continue
            years = _is_years(item)
            for _ in range(4):
                if not _list_before(text, at):
                    break
                m = match_tail(self.P.list_before, text, at, 48)
                if m is None or _range_start(self.P, text, m.start()) is not None:
                    break
                if match_tail(self.P.list_not_after, text, m.start(), 16):
                    break
                n = _number(m, "lo_", self.lang_at(m.start()))
                cap = _P.caps["years" if years else item.unit]
                end = max(m.end(g) for g in ("lo_num", "lo_extra", "lo_word"))
                if n is None or not 0 < n <= cap or self.owned(m.start(), end):
                    break
                new = _Item(m.start(), end, item.unit, n * 12 if years else n)
                links.append(_Link(new, lk.kind, lk.start, lk.end, "listed_term"))
                at = m.start()

    def owned(self, s: int, e: int) -> bool:
        """Whether another extractor's fact (an article, a date, an amount) holds ``s:e``."""
        return any(
            f.start < e and s < f.end and f.kind not in ("penalty", "measure")
            for f in self.doc.facts
        )

    def bare_term(self, item: _Item) -> bool:
        """A term with a limit word (до, up to, дейін, or a range) that is not an age or a
        span of time ("детей до 7 лет", "up to 7 years old", "for up to two years")."""
        text = self.text
        lead = item.start
        if item.lo is None:
            m = match_tail(self.P.bound_before, text, item.start, 24)
            if m:
                lead = m.start()
            elif not self.P.bound_after.match(text, item.end):
                return False
        if match_tail(self.P.duration_before, text, lead, 40):
            return False
        if self.P.not_term_before.search(text, max(0, lead - 32), lead):
            return False
        end = item.end
        m = self.P.bound_after.match(text, end)
        if m:
            end = m.end()
        return not self.P.not_term_after.match(text, end)

    def parenthesised(self, links: list[_Link]) -> None:
        """"штраф до 200 МРП (200 МРП — это 786 400 тенге)": the aside restates the sanction
        before it and takes its mode."""
        ordered = sorted((lk for lk in links if lk.via is None), key=lambda lk: lk.start)
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.kind != b.kind or a.item is b.item or b.start - a.item.end > 80:
                continue
            gap = self.text[a.item.end : b.start]
            if "(" in gap and ")" not in gap and self.same_sentence(a.start, b.start):
                b.via = a.via or a  # always the first statement, so chains stay one step

    def weak(self, item: _Item) -> _Link | None:
        if item.unit not in WEAK_KIND:
            return None
        text = self.text
        m = match_tail(self.P.weak_forward, text, item.start, 48)
        if m and self.same_sentence(m.start(), item.start):
            return _Link(item, WEAK_KIND[item.unit], m.start(), item.end, "sentencing_word")
        m = self.P.weak_backward.match(text, item.end)
        if m:
            return _Link(item, WEAK_KIND[item.unit], item.start, m.end(), "sentencing_word")
        if item.unit == "hours" and self.sanction_context(item.start):
            if match_tail(self.P.duration_before, text, item.start, 40):
                return None
            if self.P.duration_after.match(text, item.end):
                return None
            return _Link(item, "community_service", item.start, item.end, "hours_in_sanctions")
        return None

    def equivalents(self, links: list[_Link]) -> None:
        """A tenge sum right after an MCI fine (or the reverse, or the same MCI said again in an
        aside) restates the same fine."""
        fines = {id(lk.item): lk for lk in links if lk.kind == "fine"}
        linked = {id(lk.item) for lk in links}
        for a, b in zip(self.items, self.items[1:], strict=False):
            if id(b) in linked or id(a) not in fines:
                continue
            if a.unit == b.unit and a.value != b.value:  # "200 MCI (200 MCI is ...)" restates
                continue
            if b.unit not in ("mci", "tenge") or b.start - a.end > _EQUIV_REACH:
                continue
            if not self.gap_clear(a.end, b.start, b) or self.trigger_marks.any_in(a.end, b.start):
                continue
            if not self.P.equivalence.search(self.text, a.end, b.start):
                continue
            src = fines[id(a)]
            link = _Link(b, "fine", b.start, b.end, "restated_fine", via=src.via or src)
            links.append(link)
            fines[id(b)] = link
            linked.add(id(b))
        self.conversions(links, fines, linked)

    def conversions(self, links: list[_Link], fines: dict[int, _Link], linked: set[int]) -> None:
        """"200 АЕК – 865 000 теңге" said on its own (a later sentence converting the MCI of a
        fine stated before into tenge) restates that fine: the MCI amount is no fine of its own,
        the same amount is a fine elsewhere in the text, and only a dash, an equals sign or an
        equivalence word stands between the two amounts."""
        by_value = {}
        for lk in fines.values():
            if lk.item.unit == "mci":
                by_value.setdefault(lk.item.value, lk)
        if not by_value:
            return
        for a, b in zip(self.items, self.items[1:], strict=False):
            if a.unit != "mci" or b.unit != "tenge" or id(a) in linked or id(b) in linked:
                continue
            src = by_value.get(a.value)
            if src is None or b.start - a.end > 24 or not self.same_sentence(a.start, b.start):
                continue
            gap = self.text[a.end : b.start].strip(" -:=—–")
            if gap and not self.P.equivalence.fullmatch(gap):
                continue
            link = _Link(b, "fine", b.start, b.end, "restated_fine", via=src.via or src)
            links.append(link)
            linked.add(id(b))

    def same_terms(self, links: list[_Link]) -> None:
        """"лишение свободы ... либо ограничение свободы на тот же срок"."""
        ordered = sorted(links, key=lambda lk: lk.end)
        ends = [lk.end for lk in ordered]
        for t in self.triggers:
            m = self.P.same_term.match(self.text, t.end)
            if not m:
                continue
            i = bisect_right(ends, t.start)
            for lk in reversed(ordered[max(0, i - 8) : i]):
                if self.same_sentence(lk.start, t.start) and lk.item.unit in COMPATIBLE.get(
                    t.kind, ()
                ):
                    links.append(_Link(lk.item, t.kind, t.start, m.end(), "same_term", via=lk.via or lk))
                    break

    # -- facts
    def bound_of(self, item: _Item) -> str | None:
        if item.bound:
            return item.bound
        m = match_tail(self.P.bound_before, self.text, item.start, 24)
        if m:
            return m.lastgroup
        m = self.P.bound_after.match(self.text, item.end)
        return m.lastgroup if m else None

    def penalty_facts(self, links: list[_Link]) -> list[Fact]:
        facts: list[Fact] = []
        seen: set[tuple] = set()
        for lk in links:
            item = lk.item
            arrest = lk.kind == "arrest"
            book = "CC" if lk.kind in ALWAYS_CC else self.code_book(item.start, arrest)
            if lk.kind == "admin_arrest":
                book = "AC"
            family = "admin_arrest" if lk.kind == "arrest" and book == "AC" else lk.kind
            kind = PENALTY_KIND[(family, item.unit)]
            extra: dict[str, Any] = {}
            if item.approx:
                extra["approx"] = True
            if family in ("imprisonment", "restriction"):
                if self.P.suspended.search(self.text, lk.end, min(len(self.text), lk.end + 40)):
                    extra["suspended"] = True
            if item.lo is not None:
                pairs = [(item.lo, "min"), (item.value, "max")]
                extra["range"] = [_num(item.lo), _num(item.value)]
            else:
                mode = self.bound_of(item) or (
                    self.fact_mode(lk.via) if lk.via else self.mode(item.start)
                )
                if lk.rule == "sanction_word" and lk.via and item.unit == lk.via.item.unit:
                    lk.rule = "restated_sanction"
                pairs = [(item.value, mode)]
            for value, mode in pairs:
                v = int(round(value)) if item.unit == "tenge" else _num(value)
                key = (kind, v, mode, lk.start, lk.end)
                if key in seen:
                    continue
                seen.add(key)
                facts.append(
                    self.fact(
                        lk.start,
                        lk.end,
                        {"kind": kind, "value": v, "mode": mode, "code_book": book},
                        f"penalty:{lk.rule}",
                        dict(extra),
                    )
                )
        return facts

    def fact_mode(self, link: _Link) -> str:
        while link.via is not None:
            link = link.via
        return self.bound_of(link.item) or self.mode(link.item.start)

    def fact(self, start: int, end: int, value: Any, rule: str, extra=None, kind="penalty"):
        return Fact(
            kind=kind,
            value=value,
            start=start,
            end=end,
            text=self.doc.original[start:end],
            rule=rule,
            extra=extra or {},
        )

    def boolean_facts(self) -> list[Fact]:
        facts: list[Fact] = []
        text = self.text
        orders = {
            self.sents.index(m.start())
            for m in self.found["measures"]
            if m.lastgroup == "protective_order"
        }
        done: set[tuple[str, int]] = set()
        for m in self.found["contact_ban"]:
            si = self.sents.index(m.start())
            if si in orders or ("contact_ban", si) in done:
                continue
            done.add(("contact_ban", si))
            facts.append(self.boolean("contact_ban", m))
        for m in self.found["compensation"]:
            si = self.sents.index(m.start())
            if ("compensation", si) in done:
                continue
            done.add(("compensation", si))  # one look per sentence, found or not
            ctx, _s, end = self.sentence(m.start())
            if not self.cues.any_in(ctx, end, "imposed"):
                continue
            if self.P.refusal.search(text, max(ctx, m.start() - 40), m.start()):
                continue
            facts.append(self.boolean("compensation", m))
        return facts

    def boolean(self, kind: str, m: re.Match[str]) -> Fact:
        value = {
            "kind": kind,
            "value": True,
            "mode": self.mode(m.start()),
            "code_book": self.code_book(m.start()),
        }
        return self.fact(m.start(), m.end(), value, f"penalty:{kind}")

    def measure_facts(self, penalties: list[Fact]) -> list[Fact]:
        facts: list[Fact] = []
        done: set[tuple[str, int]] = set()
        fines = sorted(
            (f for f in penalties if f.value["kind"] in ("fine_mci", "fine_tenge")),
            key=lambda f: f.start,
        )
        fine_starts = [f.start for f in fines]

        def has_amount(s: int, e: int) -> bool:
            i = bisect_left(fine_starts, s - 80)
            while i < len(fines) and fines[i].start < e + 60:
                f = fines[i]
                if self.same_sentence(f.start, s) and f.end > s - 10:
                    return True
                i += 1
            return False

        def add(kind: str, start: int, end: int, rule: str, **more: Any) -> None:
            si = self.sents.index(start)
            if (kind, si) in done:
                return
            done.add((kind, si))
            value = {"kind": kind, **more}
            facts.append(self.fact(start, end, value, f"measure:{rule}", kind="measure"))

        for m in self.found["measures"]:
            kind = m.lastgroup or ""
            s, e = m.start(), m.end()
            if kind == "protective_order":
                add(kind, s, e, kind, violated=self.violated(s, e))
            elif kind == "criminal_case":
                if not self.counted(m):
                    add(kind, s, e, kind)
            elif kind == "fine_event":
                if not has_amount(s, e) and self.marker(s) != "criminal":
                    add("admin_penalty", s, e, "fine_without_amount", penalty="fine")
            else:
                add(kind, s, e, kind)
        for f in penalties:
            v = f.value["value"]
            if f.value["code_book"] == "AC" and not isinstance(v, bool):
                add("admin_penalty", f.start, f.end, "admin_sanction", penalty=f.value["kind"])
        return facts

    def violated(self, s: int, e: int) -> bool:
        ctx, _st, end = self.sentence(s)
        if match_tail(self.P.violation_before, self.text, s, min(40, s - ctx)):
            return True
        return bool(self.P.violation_after.search(self.text, e, min(end, e + 70)))

    def counted(self, m: re.Match[str]) -> bool:
        """"79 қылмыстық іс тіркелді", "заведены два уголовных дела": a statistic, not a case."""
        span = self.text[m.start() : m.end()]
        noun = _CASE_NOUN.search(span)
        at = m.start() + (noun.start() if noun else 0)
        c = match_tail(self.P.count_before, self.text, at, 24)
        if not c:
            return False
        n = _number(c, "", self.lang_at(at))
        return n is not None and n >= 2


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 3)


def extract(doc: Document) -> list[Fact]:
    """Penalties and measures in ``doc``; reads the money and MCI facts already in ``doc.facts``."""
    reader = _Reader(doc)
    penalties = reader.penalty_facts(reader.attach()) + reader.boolean_facts()
    measures = reader.measure_facts(penalties)
    out = penalties + measures
    out.sort(key=lambda f: (f.start, f.end))
    return out
