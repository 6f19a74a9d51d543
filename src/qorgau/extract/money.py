"""Money, MCI and percentages: amounts in tenge, other currencies, MCI multiples and shares.

Finds ``865 тысяч тенге``, ``60 млн теңгеге``, ``₸500,000``, ``KZT 1.2 million`` (kind ``money``,
integer tenge), amounts in dollars, roubles and other currencies (``money_foreign``, value
``{"amount", "currency"}``), ``200 МРП`` / ``200 АЕК`` / ``200 MCI`` (kind ``mci``) and ``29%``,
``87 пайыз``, ``0,175%`` (kind ``percent``). A number is an amount only when a unit marks it: the
unit follows it, precedes it (``₸500``), or is shared with a neighbouring amount in the same phrase
(``от 1,7 до 2 млрд тенге``, ``1,7 млрд и 800 млн тенге``). ``28 мыңға жуық`` has no unit and
stays a plain number. Hedges and limits go into ``extra``: ``{"approx": True}`` for около /
about / жуық, ``{"bound": "max"}`` for до / up to / дейін, ``{"bound": "min"}`` for более /
over / астам.

The lexicon lives in ``data/lexicons/money.yaml``. All patterns are compiled once at import and
run over ``doc.norm``, or without IGNORECASE over ``doc.lower`` where that copy stands in
(``text.casefold.lower_stands_in``). Amounts that start with a digit are found by one scan that
also reads the unit after them; number words come from a word-start scan shared with the
sanctions and law_refs extractors (:func:`shared_word_hits`). Each number is then looked at
through a few bounded windows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

try:  # the regex parser, used to read literal prefixes of lexicon fragments
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

from qorgau.model import Document, Fact
from qorgau.text.casefold import lower_stands_in
from qorgau.text.numbers import (
    NUM_SRC,
    as_int_if_whole,
    parse_number,
    parse_word_number,
    scale_src,
    scale_value,
    word_number_src,
    word_numbers,
)
from qorgau.text.patterns import trie_pattern

# --------------------------------------------------------------------------- fast scanning
#
# Python's regex engine is slow on a long alternation tried at every position, but fast when a
# pattern starts with literal characters. So each family of words is found in two steps: one
# scan of the lower-cased text with a trie of the literal prefixes every match must start with
# (computed from the lexicon's own regex fragments), then the real pattern is tried only at those
# candidate positions. The sanctions extractor uses the same helpers.

_SPECIAL_LOWER = {0x0130: "i"}  # "İ".lower() is two characters; keep lengths equal


def safe_lower(text: str) -> str:
    """``text.lower()`` with the same length as ``text`` (spans stay valid)."""
    low = text.lower()
    if len(low) != len(text):
        low = text.translate(_SPECIAL_LOWER).lower()
    return low


def _class_chars(items: list[Any]) -> list[str] | None:
    chars: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            chars.append(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < 8:
            chars.extend(chr(x) for x in range(av[0], av[1] + 1))
        else:
            return None
    return chars


def _walk(items: list[Any], states: set[tuple[str, bool]], k: int) -> set[tuple[str, bool]]:
    """Extend (prefix, still_open) states over a parsed regex sequence."""
    for op, av in items:
        live = {s for s, o in states if o and len(s) < k}
        if not live:
            break
        states = {(s, False) for s, o in states if not (o and len(s) < k)}
        opened = {(s, True) for s in live}
        if op is _c.LITERAL:
            states |= {(s + chr(av), True) for s in live}
        elif op is _c.IN and (chars := _class_chars(av)) is not None:
            states |= {(s + ch, True) for s in live for ch in chars}
        elif op is _c.SUBPATTERN:
            states |= _walk(list(av[-1]), opened, k)
        elif op is _c.BRANCH:
            for alt in av[1]:
                states |= _walk(list(alt), opened, k)
        elif op in _REPEATS:
            lo, _hi, sub = av
            taken = {(s, False) for s, _o in _walk(list(sub), opened, k)}
            states |= taken | (opened if lo == 0 else set())
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            states |= opened
        else:
            states |= {(s, False) for s in live}
    return states


def literal_prefixes(fragment: str, k: int = 4, shortest: int = 2) -> set[str]:
    """Lower-case literal strings (up to ``k`` characters), one of which starts every match.

    Raises ValueError for a fragment whose matches could start with anything (or with fewer
    than ``shortest`` known characters): such a fragment cannot be found by a literal scan and
    must be rewritten to start with letters.
    """
    found = {s for s, _o in _walk(list(_parser.parse(fragment.lower(), 0)), {("", True)}, k)}
    if not found or min(len(s) for s in found) < shortest:
        raise ValueError(f"lexicon fragment needs two literal leading characters: {fragment!r}")
    return found


_GLUED = ("or", "and", "или", "либо")

# Letters roughly by how often kk/ru/en words start with them. The regex engine tries the branches
# of an alternation one after the other, so a trie whose branches come in this order settles the
# common word starts after fewer tries; the order never changes what matches, since sibling
# branches start with different characters.
_LETTER_ORDER = {
    ch: i for i, ch in enumerate("пtсaнcбжsвзоhкаfрдiтwbқpmмиnчrуedшlyеөvгліәхэgkүjяұғңйщюцфъыьё")
}


def _trie(strings: set[str]) -> str:
    """:func:`~qorgau.text.patterns.trie_pattern` with branches in :data:`_LETTER_ORDER`."""
    return trie_pattern(strings, order=lambda ch: (_LETTER_ORDER.get(ch, 999), ch))


class Prefilter:
    """Finds where words of several families start, by a literal-prefix trie scan.

    ``families`` maps a family name to regex fragments; ``extra`` maps a family name to literal
    prefixes given directly. Only word starts are reported: the scan looks for a non-word
    character followed by a prefix (so the engine can skip through words quickly), the text
    start, and a prefix glued to a conjunction by lost markup ("orarrest", "илиарест").
    With ``digits`` every run of digits is reported too, wherever it stands.
    """

    def __init__(
        self,
        families: dict[str, list[str]],
        extra: dict[str, set[str]] | None = None,
        digits: bool = False,
        depth: int = 4,
    ):
        owners: dict[str, set[str]] = {}
        for family, fragments in families.items():
            for frag in fragments:
                for prefix in literal_prefixes(frag, depth):
                    owners.setdefault(prefix, set()).add(family)
        for family, prefixes in (extra or {}).items():
            for prefix in prefixes:
                owners.setdefault(prefix, set()).add(family)
        # key -> (offset of the word in the hit, families of every key that starts the hit)
        self.keys: dict[str, tuple[int, frozenset[str]]] = {}
        for key in owners:
            fams = frozenset().union(*(owners.get(key[:j], ()) for j in range(1, len(key) + 1)))
            self.keys[key] = (0, fams)
            for conj in _GLUED:
                self.keys.setdefault(conj + key, (len(conj), fams))
        trie = _trie(set(self.keys))
        self.at_start = re.compile(trie)
        # The lead character is consumed, the prefix only looked at, so a prefix that holds a
        # space ("was given") cannot hide the word after it. A class of the keys' first
        # characters turns most word starts away in one test.
        firsts = "".join(sorted({re.escape(k[0]) for k in self.keys}))
        self.pattern = re.compile(rf"[^\w](?=[{firsts}])(?=({trie}))")
        self.digits = re.compile(r"[0-9]+") if digits else None

    def candidates(self, low: str, start: int = 0, end: int | None = None):
        """(position, families) for each word start with a known prefix in ``low[start:end]``,
        in text order."""
        end = len(low) if end is None else end
        hits = self._words(low, start, end)
        if self.digits is None:
            return hits
        runs = [(m.start(), _NUMBER) for m in self.digits.finditer(low, start, end)]
        if not runs:
            return hits
        found = list(hits)
        if not found:
            return runs
        found.extend(runs)
        found.sort(key=_first)
        return found

    def _words(self, low: str, start: int, end: int):
        keys = self.keys
        if start == 0 or not (low[start - 1].isalnum() or low[start - 1] == "_"):
            m = self.at_start.match(low, start, end)
            if m:
                off, fams = keys[m.group()]
                yield start + off, fams
        for m in self.pattern.finditer(low, start, end):
            off, fams = keys[m.group(1)]
            yield m.start(1) + off, fams


_NUMBER = frozenset({"number"})


def _first(hit: tuple[int, frozenset[str]]) -> int:
    return hit[0]


_WORD_START_SRC = r"(?<![\w-])(?=[\w~$₸€₽])"
# Keyed by id(): hashing a compiled pattern hashes its whole code each time. The value holds
# the pattern, so its id is not reused while the entry stands.
_AT_WORD_START: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def match_tail(pattern: re.Pattern[str], text: str, stop: int, reach: int) -> re.Match[str] | None:
    """The leftmost match of ``pattern`` (which ends with ``$``) that starts at a word start in
    the ``reach`` characters before ``stop`` and ends at ``stop``. ``pattern`` is searched with
    a word-start check in front (compiled once per pattern), so the engine tries it only where
    a word starts, in one call."""
    hit = _AT_WORD_START.get(id(pattern))
    if hit is None or hit[0] is not pattern:
        at_start = re.compile(f"{_WORD_START_SRC}(?:{pattern.pattern})", pattern.flags)
        hit = _AT_WORD_START[id(pattern)] = (pattern, at_start)
    return hit[1].search(text, max(0, stop - reach), stop)


def _number_keys(more_words: list[str] | None) -> set[str]:
    words = {w for lang in ("ru", "kk", "en") for w in word_numbers(lang)}
    words |= {w.lower() for w in more_words or []}
    return {w[:4] for w in words}


def number_prefilter(more_words: list[str] | None = None) -> Prefilter:
    """A scan for where a number may start: digit runs and number words of kk, ru and en."""
    return Prefilter({}, {"number": _number_keys(more_words)}, digits=True)


@cache
def _shared_scan() -> Prefilter:
    """One word-start scan for the number words of amounts (family ``amount``), the article
    keywords of law_refs and the sanctions extractor's word families: the text is walked once
    for all three."""
    # these modules import this one; their families join the scan
    from qorgau.extract import law_refs, sanctions

    more = list(lexicon()["fraction_words"]) + list(lexicon()["bare_scales"])
    families = {**sanctions.scan_families(), **law_refs.scan_families()}
    return Prefilter(families, {"amount": _number_keys(more)}, depth=8)


def shared_word_hits(doc: Document) -> list[tuple[int, frozenset[str]]]:
    """(position, families) of every word start the shared scan reports in ``doc.lower``, in
    text order; computed once per document and shared (callers must not change the list)."""
    low = doc.lower
    hit = doc._shared.get("word_hits")
    if hit is not None and hit[0] is low:
        return hit[1]
    hits = list(_shared_scan().candidates(low))
    doc._shared["word_hits"] = (low, hits)
    return hits


_NUM_HEAD = r"\d(?<![\d.,]\d)"  # how NUM_SRC starts: a digit no digit, dot or comma precedes
_REPEATS = tuple(
    getattr(_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, name)
)
_LANGS = ("ru", "kk", "en")
_FLAGS = re.IGNORECASE


@cache
def lexicon() -> dict[str, Any]:
    """The money lexicon (``data/lexicons/money.yaml``), loaded once."""
    data = resources.files("qorgau.data.lexicons").joinpath("money.yaml").read_text("utf-8")
    return yaml.safe_load(data)


def _alt(fragments: list[str]) -> str:
    return "|".join(f"(?:{f})" for f in fragments)


def _word_end(src: str) -> str:
    """A unit fragment that may not run on into a word (symbols such as % or ₸ may)."""
    return rf"(?:{src})(?:(?<!\w)|(?!\w))"


@dataclass(frozen=True)
class _Patterns:
    amount: re.Pattern[str]
    unit: re.Pattern[str]
    prefix: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    gap: re.Pattern[str]
    ablative_end: re.Pattern[str]
    currencies: tuple[str, ...]
    bare: dict[str, int]
    fractions: dict[str, float]
    digit_amount: re.Pattern[str]
    unit_heads: frozenset[str]  # first one or two characters of the units after a number


def _build() -> _Patterns:
    lex = lexicon()
    bare = {k.lower(): int(v) for k, v in lex["bare_scales"].items()}
    fractions = {k.lower(): float(v) for k, v in lex["fraction_words"].items()}
    words = "|".join(f"(?:{word_number_src(lang)})" for lang in _LANGS)
    frac_alt = "|".join(re.escape(k) for k in sorted(fractions, key=len, reverse=True))
    bare_alt = "|".join(re.escape(k) for k in sorted(bare, key=len, reverse=True))
    amount = re.compile(
        rf"(?P<amt>(?:(?P<num>{NUM_SRC})|(?P<frac>(?<!\w)(?:{frac_alt})(?!\w))"
        rf"|(?P<word>{words}))(?:\s{{0,2}}{scale_src()})?"
        rf"|(?P<bare>(?<!\w)(?:{bare_alt})(?!\w)))",
        _FLAGS,
    )
    currencies = tuple(lex["foreign"])
    unit_groups = [f"(?P<tenge>{_word_end(_alt(lex['tenge_after']))})"]
    prefix_groups = [f"(?P<tenge>{_word_end(_alt(lex['tenge_before']))})"]
    for code in currencies:
        entry = lex["foreign"][code]
        unit_groups.append(f"(?P<cur_{code}>{_word_end(_alt(entry['after']))})")
        prefix_groups.append(f"(?P<cur_{code}>{_word_end(_alt(entry['before']))})")
    unit_groups.append(f"(?P<mci>(?:{lex['mci_between']})?{_word_end(_alt(lex['mci']))})")
    unit_groups.append(f"(?P<pct>{_word_end(_alt(lex['percent']))})")
    unit = re.compile(r"[ \t]{0,2}(?:" + "|".join(unit_groups) + ")", _FLAGS)
    # An amount that starts with a digit, and the unit right after it if there is one, in one
    # match: the engine finds these by skipping to the next ASCII digit in C. The never-matching
    # groups give the match the groups of ``amount``.
    if not NUM_SRC.startswith(_NUM_HEAD):
        raise ValueError("NUM_SRC no longer starts with its first digit")
    unit_fragments = lex["tenge_after"] + lex["mci"] + lex["percent"] + [lex["mci_between"]]
    unit_fragments += [f for code in currencies for f in lex["foreign"][code]["after"]]
    unit_heads = frozenset(
        p for frag in unit_fragments for p in literal_prefixes(frag, 2, shortest=1)
    )
    # every unit starts with one of these characters: at the many numbers followed by none of
    # them, one class check ends the unit part instead of trying every unit
    unit_firsts = "".join(re.escape(c) for c in sorted({h[0] for h in unit_heads}))
    spaces = r"[ \t]{0,2}"
    if not unit.pattern.startswith(spaces):
        raise ValueError("the unit pattern no longer starts with its spaces")
    units = unit.pattern[len(spaces) :]
    digit_amount = re.compile(
        rf"(?P<amt>(?P<num>[0-9](?<![\d.,][0-9]){NUM_SRC[len(_NUM_HEAD):]})"
        rf"(?:\s{{0,2}}{scale_src()})?)"
        rf"(?P<frac>(?!))?(?P<word>(?!))?(?P<bare>(?!))?"
        rf"(?:{spaces}(?=[{unit_firsts}]){units})?",
        _FLAGS,
    )
    # Prefix units sit right before the amount: the pattern is searched in a short window that
    # ends at the amount, and the left boundary keeps "usd" out of longer words.
    prefix = re.compile(r"(?<!\w)(?:" + "|".join(prefix_groups) + r")\s{0,2}$", _FLAGS)
    hedges = (
        ("approx", lex["approx"]),
        ("max", lex["bound_max"]),
        ("min", lex["bound_min"]),
    )
    before = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(f"(?P<{name}>{_alt(e['before'])})" for name, e in hedges)
        + r")\s{0,3}$",
        _FLAGS,
    )
    after = re.compile(
        r"\s{0,3}(?:"
        + "|".join(f"(?P<{name}>{_alt(e['after'])})" for name, e in hedges)
        + r")(?!\w)",
        _FLAGS,
    )
    abl = lex["ablative"]
    gap = re.compile(
        rf"(?P<abl>{abl})?\s{{0,3}}(?:(?P<range>{_alt(lex['range_connectors'])})"
        rf"|(?P<list>{_alt(lex['list_connectors'])}))?\s{{0,3}}",
        _FLAGS,
    )
    return _Patterns(
        amount=amount,
        unit=unit,
        prefix=prefix,
        before=before,
        after=after,
        gap=gap,
        ablative_end=re.compile(rf"{abl}$", _FLAGS),
        currencies=currencies,
        bare=bare,
        fractions=fractions,
        digit_amount=digit_amount,
        unit_heads=unit_heads,
    )


def lower_twin(p: re.Pattern[str]) -> re.Pattern[str]:
    """``p`` compiled without IGNORECASE, to run on a lower-cased copy of the text where
    ``text.casefold.lower_stands_in`` holds. ``p`` must be written in lower case."""
    bare = re.sub(r"\(\?P<\w+>", "(", p.pattern)  # group names may hold capitals
    if re.sub(r"\\.", "", bare) != re.sub(r"\\.", "", bare).lower():
        raise ValueError(f"pattern not written in lower case: {p.pattern[:60]!r}")
    return re.compile(p.pattern, p.flags & ~re.IGNORECASE)


_P = _build()
# Case-insensitive matching of Cyrillic is slow in ``re``. Every pattern here is written in lower
# case and the groups that are read (numbers, scale words, connectors) are read
# case-insensitively, so where the document's lower-cased copy stands in, the twins run on it.
_PL = replace(
    _P,
    **{f.name: lower_twin(getattr(_P, f.name)) for f in fields(_P)
       if isinstance(getattr(_P, f.name), re.Pattern)},
)
_RANGE_START = re.compile(
    rf"(?<!\w)(?:{_alt(lexicon()['range_start'])})\s{{1,3}}$", _FLAGS
)
_RANGE_START_LC = lower_twin(_RANGE_START)
_YEAR = re.compile(r"(?:19|20)\d\d")


class _Token:
    """A number found in the text, parsed only when a unit makes it matter."""

    __slots__ = ("m", "lang", "start", "end", "_number", "scale", "has_scale", "is_digits",
                 "text", "unit", "unit_start", "unit_end", "prefix_start", "rule", "extra")

    def __init__(self, m: re.Match[str], lang_at: Callable[[int], str]):
        self.m = m
        self.lang = lang_at
        self.start, self.end = m.start(), m.end("amt")
        self.text = m.group("amt")
        self._number: float | int | None = None
        self.is_digits = m.group("num") is not None
        scale_word = m.group("scale")
        if m.group("bare"):
            self.scale, self.has_scale = _P.bare[m.group("bare").lower()], True
        else:
            self.scale = scale_value(scale_word) if scale_word else 1
            self.has_scale = bool(scale_word)
        self.unit: str | None = None
        self.unit_start = self.unit_end = 0
        self.prefix_start: int | None = None
        self.rule = ""
        self.extra: dict[str, Any] = {}

    @property
    def number(self) -> float | int | None:
        if self._number is None:
            g = self.m.group
            if g("bare"):
                self._number = 1
            elif g("num"):
                self._number = parse_number(g("num"), self.lang(self.start))
            elif g("frac"):
                self._number = _P.fractions[g("frac").lower()]
            else:
                raw = g("word")
                self._number = next(
                    (n for n in (parse_word_number(raw, lg) for lg in _LANGS) if n is not None),
                    None,
                )
        return self._number

    @property
    def value(self) -> float | int:
        v = (self.number or 0) * self.scale
        if isinstance(v, float):
            v = round(v, 6)
        return as_int_if_whole(v)


def _hedges(P: _Patterns, text: str, start: int, end: int | None) -> dict[str, Any]:
    """approx / bound read from the words right before ``start`` and right after ``end``."""
    extra: dict[str, Any] = {}
    stop = start
    for _ in range(2):
        m = match_tail(P.before, text, stop, 32)
        if not m:
            break
        if m.group("approx"):
            extra["approx"] = True
        elif "bound" not in extra:
            extra["bound"] = "max" if m.group("max") else "min"
        stop = m.start()
    if end is not None:
        m = P.after.match(text, end)
        if m:
            if m.group("approx"):
                extra["approx"] = True
            else:
                extra.setdefault("bound", "max" if m.group("max") else "min")
    return extra


_PREFIX_LAST = frozenset("₸$€₽tdrbys")  # last characters of the prefix units in the lexicon


def _with_unit(
    m: re.Match[str], P: _Patterns, text: str, low: str, lang_at: Callable[[int], str]
) -> _Token | re.Match[str]:
    """A token for the number ``m`` when a unit right after it or before it marks it; else
    ``m`` itself (most numbers have no unit: they become tokens only if a later amount shares
    its unit with them)."""
    end = m.end()
    n = len(low)
    j = end
    while j < n and j < end + 2 and low[j] in " \t":
        j += 1
    if j < n and (low[j] in _P.unit_heads or low[j : j + 2] in _P.unit_heads):
        u = P.unit.match(text, end)
        if u:
            tok = _Token(m, lang_at)
            tok.unit = u.lastgroup
            tok.unit_start, tok.unit_end = u.start(u.lastgroup), u.end()
            tok.rule = "direct"
            return tok
    if m.group("num") is None and not m.group("bare") and not m.group("scale"):
        return m  # prefix units stand only before digits or scaled amounts
    return _with_prefix(m, P, text, low, lang_at)


@cache
def _glued_scale() -> re.Pattern[str]:
    """Scale letters glued to an amount after a prefix unit: ``₸86m``, ``$5k``."""
    letters = sorted(lexicon()["glued_scales"], key=len, reverse=True)
    return re.compile(rf"({'|'.join(map(re.escape, letters))})(?![\w\u00b2\u00b3])")


def _with_prefix(
    m: re.Match[str], P: _Patterns, text: str, low: str, lang_at: Callable[[int], str]
) -> _Token | re.Match[str]:
    """A token for the number ``m`` when a prefix unit (``₸500``, ``$ 20``) stands right
    before it; else ``m``."""
    start = m.start()
    j = start - 1
    while j >= 0 and j > start - 3 and low[j] == " ":
        j -= 1
    if j < 0 or low[j] not in _PREFIX_LAST:
        return m
    p = match_tail(P.prefix, text, start, 10)
    if p and p.lastgroup:
        tok = _Token(m, lang_at)
        if not tok.has_scale and tok.is_digits:
            g = _glued_scale().match(low, tok.end)
            if g:  # "₸86m", "KZT 40m": a scale letter glued to the amount
                tok.scale, tok.has_scale = lexicon()["glued_scales"][g.group(1)], True
                tok.end = g.end()
        tok.unit = p.lastgroup
        tok.unit_start, tok.unit_end = tok.end, tok.end
        tok.prefix_start = p.start()
        tok.rule = "prefix"
        return tok
    return m


def _looks_like_year(tok: _Token) -> bool:
    return tok.is_digits and not tok.has_scale and bool(_YEAR.fullmatch(tok.text.strip()))


def _share_units(
    tokens: list[_Token | re.Match[str]], P: _Patterns, text: str, lang_at: Callable[[int], str]
) -> set[int]:
    """Give unitless amounts the unit of the next amount in the same phrase, right to left.
    Returns the indexes of tokens folded into a compound amount. A bare match in ``tokens`` is
    a number with no unit; it is made a token here when the amount after it has one."""
    absorbed: set[int] = set()
    for i in range(len(tokens) - 2, -1, -1):
        b = tokens[i + 1]
        if type(b) is not _Token or b.unit is None:
            continue
        a = tokens[i]
        if type(a) is not _Token:
            if b.start - a.end() > 12:
                continue
            a = tokens[i] = _Token(a, lang_at)
        if a.unit is not None or b.start - a.end > 12:
            continue
        if not (a.is_digits or a.has_scale) or _looks_like_year(a):
            continue
        gap = P.gap.fullmatch(text, a.end, b.start)
        if gap is None or a.number is None or b.number is None:
            continue
        connector = gap.group("range") or gap.group("list")
        ablative = gap.group("abl") or _P.ablative_end.search(a.text)
        between = match_tail(_RANGE_START if P is _P else _RANGE_START_LC, text, a.start, 12)
        is_range = bool(gap.group("range") or ablative) or (
            bool(between) and between.group(0).lower().startswith("between")
        )
        if connector is None and not ablative:
            # "1 млн 500 тыс. тенге": a larger scale followed by a smaller part is one amount.
            if a.has_scale and b.unit == "tenge" and b.value < a.scale and b.rule == "direct":
                b._number, b.scale = a.value + b.value, 1
                b.has_scale = True
                b.start = a.start
                b.text = text[a.start : b.unit_start].strip()
                b.rule = "compound"
                absorbed.add(i)
            continue
        if b.has_scale and not a.has_scale:
            if a.number < b.number:
                a.scale, a.has_scale = b.scale, True
            else:
                continue
        a.unit, a.rule = b.unit, "shared"
        a.unit_start = a.unit_end = a.end
        if is_range:
            a.extra["bound"] = "min"
            b.extra.setdefault("bound", "max")
    return absorbed


_CURRENCY_RULE = {"direct": "unit_after", "prefix": "unit_before", "shared": "shared_unit"}


def _fact(tok: _Token, doc: Document, P: _Patterns, text: str) -> Fact | None:
    if tok.number is None:
        return None
    start = tok.prefix_start if tok.prefix_start is not None else tok.start
    end = max(tok.unit_end, tok.end)
    extra = _hedges(P, text, start, end if tok.rule != "shared" else None)
    extra.update(tok.extra)
    value: Any = tok.value
    rule = _CURRENCY_RULE.get(tok.rule, tok.rule)
    if tok.unit == "tenge":
        kind, value = "money", int(round(value))
    elif tok.unit == "mci":
        kind = "mci"
    elif tok.unit == "pct":
        kind = "percent"
    elif tok.unit and tok.unit.startswith("cur_"):
        kind, value = "money_foreign", {"amount": value, "currency": tok.unit[4:]}
    else:
        return None
    return Fact(
        kind=kind,
        value=value,
        start=start,
        end=end,
        text=doc.original[start:end],
        rule=f"{kind}:{rule}",
        extra=extra,
    )


def language_lookup(doc: Document) -> Callable[[int], str]:
    """A fast ``doc.lang_at``: bisect over the sentence starts instead of a scan per call."""
    sents = sorted(doc.sentences, key=lambda s: s.start)
    starts = [s.start for s in sents]

    def lang_at(pos: int) -> str:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < sents[i].end:
            return sents[i].language
        return doc.language

    return lang_at


def extract(doc: Document) -> list[Fact]:
    """Amounts of money (tenge and foreign), MCI multiples and percentages in ``doc``."""
    norm = doc.norm
    low = doc.lower
    # ``text`` is what the patterns ``P`` run on: the lower-cased copy where it stands in
    P, text = (_PL, low) if lower_stands_in(norm, low) else (_P, norm)
    lang_at = language_lookup(doc)
    tokens: list[_Token | re.Match[str]] = []
    last_end = 0
    amount = P.amount
    # Amounts start at a digit or at a number word. Those that start with a digit come from one
    # scan that also reads the unit after them; number words are found by the prefix scan and
    # read one by one. Both kinds are taken in text order, never overlapping (number words and
    # units hold no digits, so a digit amount never starts inside another amount).
    words = [pos for pos, fams in shared_word_hits(doc) if "amount" in fams]
    wi, nw = 0, len(words)
    for dm in P.digit_amount.finditer(text):
        p = dm.start()
        while wi < nw and words[wi] < p:
            q = words[wi]
            wi += 1
            if q < last_end:
                continue
            m = amount.match(text, q)
            if m is not None:
                last_end = m.end()
                tokens.append(_with_unit(m, P, text, low, lang_at))
        if p < last_end:
            continue
        last_end = dm.end("amt")
        unit = dm.lastgroup
        if unit != "amt":
            tok = _Token(dm, lang_at)
            tok.unit = unit
            tok.unit_start, tok.unit_end = dm.start(unit), dm.end()
            tok.rule = "direct"
            tokens.append(tok)
        else:
            tokens.append(_with_prefix(dm, P, text, low, lang_at))
    for q in words[wi:]:
        if q < last_end:
            continue
        m = amount.match(text, q)
        if m is not None:
            last_end = m.end()
            tokens.append(_with_unit(m, P, text, low, lang_at))
    absorbed = _share_units(tokens, P, text, lang_at)
    facts = []
    for i, tok in enumerate(tokens):
        if i in absorbed or type(tok) is not _Token or tok.unit is None:
            continue
        fact = _fact(tok, doc, P, text)
        if fact is not None:
            facts.append(fact)
    return facts
