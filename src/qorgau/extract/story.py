"""The story of a case: what the offender did, how often, who they are to the victim, what it did.

Four fact kinds come out of this module (value shapes in ``qorgau.model``):

* ``behaviour``    a label: calls, messages, social_media_monitoring, following, visits_home,
  visits_work, visits_public, threats, violence, blackmail, privacy_intrusion,
  contact_against_will, and the fraud behaviours fake_call, safe_account, sms_code, prepayment,
  fake_investment, loan_in_victim_name, money_transfer;
* ``count``        ``{"what", "value"}``: counted acts (calls, messages, visits, victims, episodes,
  numbers, accounts), with extra ``approx`` or ``bound`` (min / max) and ``range``; a rate
  (40 times a day, күніне 40 рет) is not a total and a document number (№ 3-1/7712 хат) is no
  count, so neither gives one; adverbs (трижды, twice) are numbers of times;
* ``relationship`` a label: ex_partner, spouse, ex_spouse, partner, relative, acquaintance,
  colleague, neighbour, stranger;
* ``harm``         a label: fear, moved_home, changed_job, psychological, substantial_harm.

Every fact's span is its cue phrase and its rule says which path found it. Negated cues (``не
угрожал``, ``қорқытпады``, ``did not threaten``) are not emitted at all, so every fact here is
an assertion. Cue phrases, visit places, negation and the parts of counts live in
``data/lexicons/story.yaml``; docs/story.md describes the rules and their limits.

Speed: a cheap prefilter (a regex of the first letters of every cue, no groups) finds candidate
word starts in one pass; only there is the full cue regex of that first letter tried. Counts are
anchored on numbers the same way. Word starts are found without a look-behind (``WordStarts``:
a scan from space to space, plus the word starts after punctuation, found once per text). Every
window looked at around a candidate is bounded.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate, islice, repeat
from operator import attrgetter, itemgetter, methodcaller

import yaml

from qorgau.model import Document, Fact
from qorgau.text import numbers
from qorgau.text.patterns import group_end, split_top_level

# Same-length folding before lower-casing: ё→е, dashes→"-", no-break space→space. "İ" is the one
# character whose lower case is two characters long; it is folded first so lengths stay equal.
# (The normaliser does most of this already; it is repeated here so the extractor stands alone.)
_FOLD = (
    ("ё", "е"),
    ("Ё", "Е"),
    ("İ", "i"),
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\u2012", "-"),
    ("\u2013", "-"),
    ("\u2014", "-"),
    ("\u2212", "-"),
    ("\u00a0", " "),
    ("\u2019", "'"),
)

_SPACE = r"\s{1,3}"
_STAR = r"\w{0,15}"
_GAP = r"[\s,]{1,3}(?:[\w-]{1,25}[\s,]{1,3}){0,3}"
_BL = r"(?<![\w-])"
_BR = r"(?!\w)"
_HEAD_LEN = 5

# How far the engine looks around a candidate (characters, or words before it).
_WORD_REACH = 16
_NEG_REACH = 90
_CONTEXT_WORDS = 6
_CLAUSE_REACH = 300
_QUAL_WORDS = 4
_TIMES_WORDS = 7
_VICTIM_WORDS = 5
_MAX_COUNT = 1_000_000
_RATE_REACH = 80  # characters before a count where a rate word (every day, күніне) is looked for

# Fact kinds that own their digits: a number inside one of them is not a count.
_NUMBER_OWNERS = frozenset(
    {"date", "month", "period", "age", "identifier", "money", "mci", "percent", "penalty"}
)

_CLAUSE_STOPS = ".!?;\n"
_CLAUSE_STOP = re.compile(f"[{_CLAUSE_STOPS}]")
# Everything a numeric literal (numbers.NUM_SRC) can span: digits and group or decimal separators.
_NUMBER_RUN = re.compile(r"[\d ,.]*")
# what stands right before a number that names a document (№ 14, No. 5, 3-1/7712)
_REFERENCE_BEFORE = re.compile(r"(?:/\s{0,2}|(?<=\d)-|(?:[№#]|(?<![\w.])(?:no|nr|n)\.?)\s{0,3})\Z")
_NEXT_WORD = re.compile(r"\s{1,3}[\w-]{1,25}")
_SPACES = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")
_START1 = methodcaller("start", 1)
_SPARSE = 24  # WordStarts tries shared marks one by one when fewer than one in this many chars
_FACT_ORDER = attrgetter("start", "end", "kind")


# ---------------------------------------------------------------------------------- scanning


@cache
def _joined_class(joiners: str) -> str:
    """Body of a character class listing every character up to U+FFFF that is a word character
    (``\\w``), a space or one of ``joiners``, as ranges."""
    runs: list[tuple[int, int]] = []
    start = None
    for c in range(0x10000):
        ch = chr(c)
        inside = ch == " " or ch in joiners or (
            not 0xD800 <= c <= 0xDFFF and _WORD_CHAR.match(ch) is not None
        )
        if inside and start is None:
            start = c
        elif not inside and start is not None:
            runs.append((start, c - 1))
            start = None
    if start is not None:
        runs.append((start, 0xFFFF))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs
    )


@cache
def _marks() -> re.Pattern[str]:
    return re.compile(f"[^{_joined_class('')}](?<=[^\\w ])(?=\\w)")


# ``Document._shared`` key: (text, marked_word_starts(text)) for the document's lower-cased copy
WORD_MARKS = "word_marks"


def marked_word_starts(t: str) -> list[int] | None:
    """Starts of the words right after a character that is neither a word character nor a
    space (a line break, a bracket, a quote, a hyphen, a dot ...), in order. One scan serves
    every :class:`WordStarts` of a text that is given it. None for a text so full of them that
    each pattern's own regex scan is cheaper than trying them one by one."""
    limit = len(t) // _SPARSE
    found = [m.end() for m in islice(_marks().finditer(t), limit + 1)]
    return None if len(found) > limit else found


class WordStarts:
    """Every match of a pattern at a word start: a position with no word character and none of
    ``joiners`` just before it (what ``(?<![\\w-])`` says for the default joiner).

    A pattern that opens with a look-behind makes the regex engine try it at every character.
    Here two scans the engine can skip through in C do the same work: one jumps from space to
    space (the literal space comes first), the other from one character outside the class of
    word characters, spaces and joiners to the next (a class written out as ranges, checked
    through a bitmap; a look-behind confirms characters above U+FFFF). The start of the text is
    tried on its own. For a pattern that can only start with a word character (``word_first``),
    the second scan can be replaced by the text's :func:`marked_word_starts`, found once for
    all such patterns.
    """

    __slots__ = ("_at", "_space", "_other", "_joiners", "word_first")

    def __init__(self, body: str, joiners: str = "-", word_first: bool = False) -> None:
        body = f"(?=({body}))"
        not_before = "\\w " + re.escape(joiners)
        self._at = re.compile(body)
        self._space = re.compile(" " + body)
        self._other = re.compile(
            f"[^{_joined_class(joiners)}](?<=[^{not_before}])" + body
        )
        self._joiners = joiners
        self.word_first = word_first

    def all(
        self, t: str, lo: int = 0, hi: int | None = None, marks: list[int] | None = None
    ) -> list[re.Match[str]]:
        """Matches at every word start in ``t[lo:hi]``, by start; group 1 is the pattern's match
        (matches may overlap). ``marks`` is ``marked_word_starts(t)`` when the caller has it."""
        hi = len(t) if hi is None else hi
        at = max(lo - 1, 0)
        found = list(self._space.finditer(t, at, hi))
        i = j = 0
        if marks is not None and self.word_first:
            i, j = bisect_left(marks, lo), bisect_left(marks, hi)
        # marks tried one by one in Python pay off while they are sparse (ordinary text has one
        # in a hundred characters or so); text made of them is left to the regex scan
        if 0 <= (j - i) * _SPARSE < hi - lo and marks is not None and self.word_first:
            other = []
            joiners = self._joiners
            match = self._at.match
            for p in marks[i:j]:
                if t[p - 1] not in joiners:
                    m = match(t, p, hi)
                    if m is not None:
                        other.append(m)
        else:
            other = list(self._other.finditer(t, at, hi))
        if other:
            if found:
                found += other
                found.sort(key=_START1)
            else:
                found = other
        if lo == 0:
            m = self._at.match(t, 0, hi)
            if m is not None:
                found.insert(0, m)
        return found

    def finditer_starts(self, t: str, marks: list[int] | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of what ``re.finditer`` finds with the pattern behind a word-start
        look-behind: matches left to right, each starting at or after the end of the one
        before."""
        out = []
        end = 0
        for m in self.all(t, marks=marks):
            s = m.start(1)
            if s >= end:
                end = m.end(1)
                out.append((s, end))
        return out


# ---------------------------------------------------------------------------------- lexicon


@cache
def _lexicon() -> dict:
    raw = resources.files("qorgau.data.lexicons").joinpath("story.yaml").read_text("utf-8")
    return yaml.safe_load(raw)


def translate(src: str) -> str:
    """Turn the lexicon's pattern shorthand into a regular expression.

    A space is one to three whitespace characters, ``*`` the rest of the word, `` ~ `` a gap of
    up to three words; everything else (inside character classes too) is kept as written.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(src):
        if not in_class and src.startswith(" ~ ", i):
            out.append(_GAP)
            i += 3
            continue
        c = src[i]
        if c == "\\":
            out.append(src[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
        elif c == " ":
            out.append(_SPACE)
        elif c == "*":
            out.append(_STAR)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def heads(src: str, size: int = _HEAD_LEN) -> set[str]:
    """Literal beginnings (up to ``size`` characters) of everything a shorthand pattern matches.

    Raises ValueError for a pattern that may start with something other than a known letter: the
    prefilter could not find it.
    """
    found: set[str] = set()

    def walk(prefix: str, s: str) -> None:
        i = 0
        while len(prefix) < size and i < len(s):
            c = s[i]
            nxt = s[i + 1 : i + 2]
            if c.isalnum() or c in "'- ":
                if nxt in ("?", "{", "*") and c == " ":
                    break
                if nxt in ("?", "{"):
                    break
                prefix += c
                i += 1
                continue
            if s.startswith("(?:", i):
                j = group_end(s, i)
                if s[j + 1 : j + 2] in ("?", "{"):
                    break
                for alt in split_top_level(s[i + 3 : j]):
                    walk(prefix, alt + s[j + 1 :])
                return
            if c == "[":
                j = s.index("]", i)
                body = s[i + 1 : j]
                simple = body and "\\" not in body and body[0] != "^"
                if not simple or re.search(r".-.", body) or s[j + 1 : j + 2] in ("?", "{"):
                    break
                for ch in body:
                    walk(prefix + ch, s[j + 1 :])
                return
            break
        if not prefix:
            raise ValueError(f"lexicon pattern must start with a letter: {src!r}")
        found.add(prefix)

    walk("", src)
    return found


# Letters roughly by how often kk/ru/en words start with them. The regex engine tries the branches
# of an alternation one after the other, so branches in this order settle the common word starts
# after fewer tries; the order never changes what matches, since sibling branches of a trie start
# with different characters.
_LETTER_ORDER = {
    ch: i for i, ch in enumerate("пtсaнcбжsвзоhкаfрдiтwbқpmмиnчrуedшlyеөvгліәхэgkүjяұғңйщюцфъыьё")
}


def _trie_src(words: set[str]) -> str:
    """Regex source matching any of ``words`` as a prefix (no groups): a trie, so at each
    character only the branch of that character is followed. Longer words win over their
    prefixes, except that a one-letter word stands for every word with its first letter."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def esc(ch: str) -> str:
        return _SPACE if ch == " " else re.escape(ch)

    def kids(node: dict[str, dict]) -> list[str]:
        return sorted((ch for ch in node if ch), key=lambda ch: (_LETTER_ORDER.get(ch, 999), ch))

    def build(node: dict[str, dict]) -> str:
        alts = [esc(ch) + build(node[ch]) for ch in kids(node)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    branches = [esc(ch) if "" in root[ch] else esc(ch) + build(root[ch]) for ch in kids(root)]
    return "(?:" + "|".join(branches) + ")"


@dataclass(frozen=True, slots=True)
class _Entry:
    """One cue pattern of the lexicon with its post-match checks."""

    idx: int
    kind: str  # behaviour | relationship | harm | visit
    label: str
    lang: str
    source: str
    before: re.Pattern[str] | None
    unless_before: re.Pattern[str] | None
    has_after: bool
    rule: str  # story:<kind>


def _word_anchored(src: str) -> re.Pattern[str]:
    """A context pattern that must run from a word start up to the cue (see :func:`_ends_at`)."""
    return re.compile(rf"(?:{translate(src)})")


def _make_entry(idx: int, kind: str, label: str, lang: str, item: str | dict) -> _Entry:
    spec = {"re": item} if isinstance(item, str) else dict(item)
    unknown = set(spec) - {"re", "after", "before", "unless_after", "unless_before"}
    if unknown:
        raise ValueError(f"story.yaml: unknown keys {sorted(unknown)} in {kind}/{label}")
    return _Entry(
        idx=idx,
        kind=kind,
        label=label,
        lang=lang,
        source=spec["re"],
        before=_word_anchored(spec["before"]) if "before" in spec else None,
        unless_before=_word_anchored(spec["unless_before"]) if "unless_before" in spec else None,
        has_after="after" in spec,
        rule=f"story:{kind}",
    )


def _entry_regex(idx: int, item: str | dict) -> str:
    spec = {"re": item} if isinstance(item, str) else item
    parts = [f"(?P<e{idx}>{_BL}(?:{translate(spec['re'])}){_BR}"]
    if "unless_after" in spec:
        parts.append(f"(?!{translate(spec['unless_after'])})")
    if "after" in spec:
        parts.append(f"(?=(?P<a{idx}>{translate(spec['after'])}))")
    parts.append(")")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Matcher:
    """Finds lexicon patterns fast: a group-free prefilter of their first letters finds
    candidate word starts; the regex of the head found there holds only the patterns that can
    start with it. Group ``e<i>`` of a match names the pattern."""

    prefilter: WordStarts
    buckets: dict[str, re.Pattern[str]]

    def finditer(
        self, t: str, lo: int = 0, hi: int | None = None, marks: list[int] | None = None
    ):
        """Matches of the patterns in ``t[lo:hi]``, left to right, not overlapping (``marks``:
        see :meth:`WordStarts.all`)."""
        hi = len(t) if hi is None else hi
        pos = lo
        buckets = self.buckets
        for cand in self.prefilter.all(t, lo, hi, marks):
            p = cand.start(1)
            if p < pos:
                continue
            head = cand.group(1)
            # a head read across a line break or several spaces is looked up with one space
            bucket = buckets.get(head) or buckets[_SPACES.sub(" ", head)]
            m = bucket.match(t, p, hi)
            if m is not None:
                pos = m.end()
                yield m


def _matcher(items: list[tuple[int, str, str]]) -> _Matcher:
    """Build a :class:`_Matcher` from ``(index, shorthand, regex source)`` in priority order."""
    item_heads = [(idx, heads(short), src) for idx, short, src in items]
    all_heads = set().union(*(hs for _, hs, _ in item_heads))
    buckets = {}
    for key in all_heads:
        srcs = [
            src
            for _, hs, src in item_heads
            if any(h.startswith(key) or key.startswith(h) for h in hs)
        ]
        buckets[key] = re.compile("|".join(srcs))
    # The head is read in a lookahead: a head running over two words must not hide a cue that
    # starts at the second word.
    word_first = all(_WORD_CHAR.match(h) for h in all_heads)
    return _Matcher(WordStarts(_trie_src(all_heads), word_first=word_first), buckets)


@dataclass(frozen=True, slots=True)
class _CueMachine:
    matcher: _Matcher
    entries: tuple[_Entry, ...]
    by_group: dict[str, _Entry]  # group name of a pattern (e<i>) -> its entry


@cache
def _cues() -> _CueMachine:
    """Compile every cue of the lexicon."""
    data = _lexicon()
    items: list[tuple[str, str, str, str | dict]] = []
    for kind in ("behaviour", "relationship", "harm"):
        for label, langs in data["cues"][kind].items():
            for lang, entries in langs.items():
                items.extend((kind, label, lang, e) for e in entries)
    for lang, entries in data["visits"]["verbs"].items():
        items.extend(("visit", "visit", lang, e) for e in entries)
    entries_out = [_make_entry(i, *item) for i, item in enumerate(items)]
    sources = [
        (e.idx, e.source, _entry_regex(e.idx, item[3]))
        for e, item in zip(entries_out, items, strict=True)
    ]
    by_group = {f"e{e.idx}": e for e in entries_out}
    return _CueMachine(_matcher(sources), tuple(entries_out), by_group)


@dataclass(frozen=True, slots=True)
class _Negation:
    markers: WordStarts
    glued_markers: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    kk_verb: re.Pattern[str]
    kk_privative: re.Pattern[str]
    kk_idioms: re.Pattern[str]


@cache
def _negation() -> _Negation:
    neg = _lexicon()["negation"]
    return _Negation(
        # the lexicon's markers start with a letter (a test checks it)
        markers=WordStarts(neg["markers"], word_first=True),
        glued_markers=re.compile(neg["glued_markers"]),
        before=re.compile("(?:" + "|".join(neg["before"]) + ")"),
        after=re.compile("(?:" + "|".join(neg["after"]) + ")"),
        kk_verb=re.compile(neg["kk_verb_suffix"]),
        kk_privative=re.compile(neg["kk_privative"]),
        kk_idioms=re.compile("|".join(neg["kk_idioms"])),
    )


@cache
def _places() -> tuple[_Matcher, tuple[str, ...]]:
    """Places a visit goes to, and the label (home, work, public) of each pattern."""
    items = []
    labels = []
    for label, langs in _lexicon()["visits"]["places"].items():
        for pats in langs.values():
            for pat in pats:
                idx = len(labels)
                labels.append(label)
                items.append((idx, pat, f"(?P<e{idx}>{_BL}(?:{translate(pat)}){_BR})"))
    return _matcher(items), tuple(labels)


# ---------------------------------------------------------------------------------- text


def _folded_doc(doc: Document) -> str:
    """Lower-cased copy of ``doc.norm`` with ё and dashes folded, the same length, built from the
    document's shared lower-cased copy (the folds commute with lower-casing: "Ё" and "ё" both
    end as "е", "İ" as "i")."""
    t = doc.lower
    for src, dst in _FOLD:
        if src in t:
            t = t.replace(src, dst)
    return t


def _clause(t: str, s: int, e: int) -> tuple[int, int]:
    """Bounds of the clause around [s, e): up to the nearest . ! ? ; or line break, bounded."""
    lo = max(0, s - _CLAUSE_REACH)
    start = max(lo, max(t.rfind(c, lo, s) for c in _CLAUSE_STOPS) + 1)
    m = _CLAUSE_STOP.search(t, e, e + _CLAUSE_REACH)
    end = m.start() if m else min(len(t), e + _CLAUSE_REACH)
    return start, end


def _word_starts_before(t: str, s: int, words: int, floor: int = 0) -> list[int]:
    """Starts of up to ``words`` words before position ``s`` (nearest first), not below floor.

    A word cut by the window's left edge is left out: its tail is not a word.
    """
    lo = max(floor, s - _WORD_REACH * words)
    seg = t[lo:s]
    tokens = seg.split()
    starts: list[int] = []
    end = len(seg)
    # From the right: the last word before ``end`` is the last place its text occurs there.
    for k in range(len(tokens) - 1, max(len(tokens) - words, 0) - 1, -1):
        i = seg.rfind(tokens[k], 0, end)
        if i == 0 and k == 0 and lo > floor and not t[lo - 1].isspace():
            break
        starts.append(lo + i)
        end = i
    return starts


def _ends_at(
    pattern: re.Pattern[str],
    t: str,
    s: int,
    words: int,
    floor: int = 0,
    farthest: bool = True,
) -> re.Match[str] | None:
    """The match of ``pattern`` running from one of the ``words`` word starts before ``s``
    exactly up to ``s`` (the farthest such start, or the nearest), or None.

    Only ``fullmatch`` calls at a few word starts: the cost does not depend on the pattern.
    """
    found = None
    for start in _word_starts_before(t, s, words, floor):
        m = pattern.fullmatch(t, start, s)
        if m is not None:
            if not farthest:
                return m
            found = m
    return found


def _marker_starts(t: str, marks: list[int] | None = None) -> list[int]:
    """Sorted starts of the words a negation before a cue can start with: ``markers`` at word
    starts and ``glued_markers`` right after a word character, left to right and not overlapping
    (as one alternation of the two would find them)."""
    neg = _negation()
    found = neg.markers.finditer_starts(t, marks)
    glued = [
        m.span()
        for m in neg.glued_markers.finditer(t)
        if m.start() > 0 and _WORD_CHAR.match(t, m.start() - 1)
    ]
    if glued:
        found = sorted(found + glued)
    out = []
    end = 0
    for s, e in found:
        if s >= end:
            out.append(s)
            end = e
    return out


def _negated(
    t: str, s: int, e: int, entry: _Entry, markers: list[int], neg: _Negation
) -> bool:
    """True when the cue at [s, e) is negated. ``markers`` are the sorted starts of the words
    a negation can start with; only they are tried as starts of a negation before the cue."""
    i = bisect_left(markers, s - _NEG_REACH)
    n = len(markers)
    while i < n and markers[i] < s:
        if neg.before.fullmatch(t, markers[i], s):
            return True
        i += 1
    if neg.after.match(t, e):
        return True
    if entry.lang == "kk":
        # the cue's own words and the word after it (қоңырау шалмады, хабарлама жібермеген)
        nxt = _NEXT_WORD.match(t, e)
        words = neg.kk_idioms.sub(" ", t[s : nxt.end() if nxt else e])
        if neg.kk_verb.search(words) or neg.kk_privative.search(words):
            return True
    return False


# ---------------------------------------------------------------------------------- cues


def _fact(doc: Document, kind: str, value, s: int, e: int, rule: str, **extra) -> Fact:
    return Fact(kind, value, s, e, doc.original[s:e], rule, dict(extra))


@cache
def _visit_windows() -> tuple[int, int]:
    """How far before and after a visit verb its place is looked for (characters)."""
    cfg = _lexicon()["visits"]
    return int(cfg["window_before"]), int(cfg["window_after"])


def _visit_places(
    t: str, s: int, e: int, marks: list[int] | None = None
) -> list[tuple[str, int, int, int]]:
    """Places near a visit verb at [s, e): (label, span start, span end, place start)."""
    matcher, labels = _places()
    before, after = _visit_windows()
    cs, ce = _clause(t, s, e)
    lo = max(cs, s - before)
    hi = min(ce, e + after)
    out = []
    seen: set[str] = set()
    for pm in matcher.finditer(t, lo, hi, marks):
        label = labels[int(pm.lastgroup[1:])]
        if s <= pm.start() < e or label in seen:
            continue
        seen.add(label)
        out.append((f"visits_{label}", min(s, pm.start()), max(e, pm.end()), pm.start()))
    return out


def _cue_facts(doc: Document, t: str, marks: list[int] | None = None) -> list[Fact]:
    machine = _cues()
    out: list[Fact] = []
    seen_places: set[tuple[str, int]] = set()
    markers = _marker_starts(t, marks)
    neg = _negation()
    by_group = machine.by_group
    original = doc.original
    for m in machine.matcher.finditer(t, marks=marks):
        entry = by_group[m.lastgroup]
        s, e = m.span()
        span_s, span_e = s, e
        if entry.has_after:
            span_e = m.end(f"a{entry.idx}")
        if entry.unless_before and _ends_at(entry.unless_before, t, s, _CONTEXT_WORDS):
            continue
        if entry.before:
            bm = _ends_at(entry.before, t, s, _CONTEXT_WORDS)
            if bm is None:
                continue
            span_s = bm.start()
        if _negated(t, span_s, span_e, entry, markers, neg):
            continue
        if entry.kind == "visit":
            for label, vs, ve, place_at in _visit_places(t, s, span_e, marks):
                if (label, place_at) in seen_places:
                    continue
                seen_places.add((label, place_at))
                out.append(_fact(doc, "behaviour", label, vs, ve, "story:visit"))
            continue
        out.append(
            Fact(entry.kind, entry.label, span_s, span_e, original[span_s:span_e], entry.rule, {})
        )
    return out


# ---------------------------------------------------------------------------------- counts


def _alt(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s{1,3}".join(re.escape(p) for p in w.split()) for w in ordered)


def _norm_phrase(s: str) -> str:
    return " ".join(s.split())


@dataclass(frozen=True, slots=True)
class _CountMachine:
    digits: WordStarts  # the first digit of a number (no word character, dot or comma before)
    words: WordStarts
    core_digits: re.Pattern[str]
    core_words: re.Pattern[str]
    qual_before: re.Pattern[str]
    qual_kind: dict[str, str]
    after_kind: dict[str, str]
    times_after: re.Pattern[str]
    times_before: re.Pattern[str]
    times_far: re.Pattern[str]
    victim_after: re.Pattern[str]
    victim_before: re.Pattern[str]
    complaint_after: re.Pattern[str]
    complaint_before: re.Pattern[str]
    losses: re.Pattern[str]
    total_before: re.Pattern[str]
    rate_after: re.Pattern[str]
    rate_hint: re.Pattern[str]
    rate_before: re.Pattern[str]
    statistic: re.Pattern[str]
    call_receivers: re.Pattern[str]
    nouns: dict[tuple[str, str], re.Pattern[str]]
    adverbs: dict[str, tuple[str, int]]  # трижды, twice -> (language, number of times)
    extra_numbers: dict[str, float]  # полутора, тысячу, a thousand -> value
    qualified: frozenset[str]  # extra numbers read only after a qualifier (более тысячи)


@cache
def _counts() -> _CountMachine:
    c = _lexicon()["counts"]
    langs = ("ru", "kk", "en")
    extra = {
        lang: {_norm_phrase(k): v for k, v in c["extra_numbers"].get(lang, {}).items()}
        for lang in langs
    }
    # the story's own number words come first: one and a half before one
    extra_src = "|".join(
        f"(?:{_alt(list(ws))})" + (f"(?:{c['kk_word_suffix']})?" if lang == "kk" else "")
        for lang, ws in extra.items()
        if ws
    )
    words = f"(?:{extra_src})(?!\\w)|" + "|".join(
        f"(?:{numbers.word_number_src(lang)})" for lang in langs
    )
    adverbs = {w: (lang, n) for lang, ws in c["multiplicatives"].items() for w, n in ws.items()}
    # an adverb is a number of times by itself, an alternative to the whole number-and-word core
    adverb_core = (
        rf"|(?P<adv>{_alt(list(adverbs))})(?!\w)(?!{c['multiplicative_not_before']})"
    )
    after_words = [w for ws in c["after_qualifiers"].values() for w in ws]
    # The number is digits or number words; each has its own copy of the pattern, since a
    # candidate is one or the other (the engine need not try number words at a digit).
    block = (
        r"(?P<num>{num})"
        rf"(?:\s{{0,2}}-\s{{0,2}}(?P<num2>{numbers.NUM_SRC}))?"
        rf"(?:\s{{1,3}}{numbers.scale_src()})?"
        rf"(?:(?:{c['kk_case_suffix']})?\s{{1,3}}(?P<qpost>{_alt(after_words)})(?!\w)"
        rf"|(?P<kapprox>{c['kk_approx_suffix']})(?!\w))?"
        r"(?P<plus>\+)?"
    )
    adj = "(?:" + "|".join(c["adjectives"][lang] for lang in langs) + ")"
    times = "|".join(f"(?P<t_{lang}>{c['times'][lang]})(?!\\w)" for lang in langs)
    nouns = "|".join(
        f"(?P<n_{what}_{lang}>{'|'.join(translate(p) for p in pats)})"
        for what, by_lang in c["nouns"].items()
        for lang, pats in by_lang.items()
    )
    persons = "|".join(f"(?P<p_{lang}>{c['persons'][lang]})" for lang in langs)
    core = (
        rf"{block}(?:\s{{1,3}}(?:{times}"
        rf"|(?:{adj}\s{{1,3}}){{0,2}}(?:{nouns}){_BR}"
        rf"|(?:{adj}\s{{1,3}})?(?:{persons}))"
        rf"|(?P<s_kk>{c['total_after_kk']}))"
    )
    quals = {_norm_phrase(w): kind for kind, ws in c["qualifiers"].items() for w in ws}
    after_kind = {_norm_phrase(w): kind for kind, ws in c["after_qualifiers"].items() for w in ws}
    tv_alt = "|".join(f"(?P<{what}>{src})" for what, src in c["times_verbs"].items())
    gap = r"(?:[\s,]{1,3}[\w-]{1,25})"
    all_words = {w for lang in langs for w in numbers.word_numbers(lang)}
    all_words |= set(adverbs) | {w for ws in extra.values() for w in ws}
    return _CountMachine(
        digits=WordStarts(r"\d", joiners=".,", word_first=True),
        words=WordStarts(
            rf"{_trie_src(all_words)}(?:{c['kk_word_suffix']})?{_BR}",
            word_first=all(_WORD_CHAR.match(w) for w in all_words),
        ),
        core_digits=re.compile(core.replace("{num}", numbers.NUM_SRC, 1)),
        core_words=re.compile(core.replace("{num}", words, 1) + adverb_core),
        # a preposition may stand between the qualifier and the number (не менее чем в пяти)
        qual_before=re.compile(
            rf"(?P<q>{_alt(list(quals))})\s{{1,3}}(?:(?:{c['qualifier_prepositions']})\s{{1,3}})?"
        ),
        qual_kind=quals,
        after_kind=after_kind,
        times_after=re.compile(rf"{gap}{{0,2}}?\s{{1,3}}(?:{tv_alt})"),
        times_before=re.compile(rf"(?:{tv_alt})\w{{0,6}}{gap}{{0,4}}?\s{{1,3}}"),
        # the last resort: five or six words between, with no comma or number among them
        # (приходил ко мне домой и на работу 9 раз, came to her office in Aktobe 20 times)
        times_far=re.compile(rf"(?:{tv_alt})\w{{0,6}}(?:\s{{1,3}}[^\W\d][\w-]{{0,24}}){{5,6}}\s{{1,3}}"),
        victim_after=re.compile(rf"{gap}{{0,2}}?\s{{1,3}}{c['victim_verbs_after']}"),
        victim_before=re.compile(rf"{c['victim_verbs_before']}\w{{0,8}}{gap}{{0,3}}?\s{{1,3}}"),
        complaint_after=re.compile(c["victim_complaint_after"]),
        complaint_before=re.compile(rf"{c['victim_complaint_before']}{gap}{{0,3}}?\s{{1,3}}"),
        losses=re.compile(c["victim_losses"]),
        total_before=re.compile(
            "|".join(f"(?P<{what}>{src})" for what, src in c["total_before"].items())
        ),
        rate_after=re.compile(c["rate_after"]),
        rate_hint=re.compile(c["rate_before"]),
        rate_before=re.compile(
            rf"{c['rate_before']}(?:[\s,]{{1,3}}(?!{c['rate_totals']})[\w-]{{1,25}}){{0,3}}?\s{{1,3}}"
        ),
        statistic=re.compile(c["statistic_markers"]),
        call_receivers=re.compile(c["call_receivers"]),
        nouns={
            (what, lang): re.compile("|".join(translate(p) for p in pats))
            for what, by_lang in c["nouns"].items()
            for lang, pats in by_lang.items()
        },
        adverbs=adverbs,
        extra_numbers={w: v for ws in extra.values() for w, v in ws.items()},
        qualified=frozenset(_norm_phrase(w) for w in c["qualified"]),
    )


def _value(m: re.Match[str], langs: tuple[str, ...], extra: dict[str, float]) -> int | None:
    """The counted number of a core match, or None when it is not a whole count.

    Number words must belong to a language the counted word belongs to: Russian ``он`` (he)
    before ``сообщения`` is not Kazakh ``он`` (ten). ``extra`` holds the story's own number
    words (полутора, a thousand), tried before the shared ones.
    """
    raw = m.group("num2") or m.group("num")
    if raw[0].isdigit():
        value = numbers.parse_number(raw, langs[0])
    elif (key := _norm_phrase(raw)) in extra:
        value = extra[key]
    else:
        parsed = (numbers.parse_word_number(raw, lang) for lang in langs)
        value = next((v for v in parsed if v is not None), None)
        if value is None:
            value = _extra_with_ending(key, extra)
    if value is None:
        return None
    value = numbers.scaled(value, m.group("scale"))
    if not isinstance(value, int) or not 0 < value <= _MAX_COUNT:
        return None
    return value


def _extra_with_ending(key: str, extra: dict[str, float]) -> float | None:
    """The value of a Kazakh extra number word with a case ending (мыңнан, мыңға)."""
    return next(
        (v for k, v in extra.items() if key.startswith(k) and 0 < len(key) - len(k) <= 3), None
    )


def _noun_langs(cm: _CountMachine, group: str, word: str) -> tuple[str, ...]:
    """Languages whose counted-word patterns match ``word`` (the matched group's one first)."""
    lang = group.rsplit("_", 1)[-1]
    if not group.startswith("n_"):
        return (lang,)
    what = group[2 : -len(lang) - 1]
    others = tuple(
        other
        for other in ("ru", "kk", "en")
        if other != lang and cm.nouns[(what, other)].fullmatch(word)
    )
    return (lang, *others)


class _Owned:
    """Spans whose digits an earlier extractor already read (dates, ages, money, phones ...)."""

    def __init__(self, facts: list[Fact]) -> None:
        spans = sorted((f.start, f.end) for f in facts if f.kind in _NUMBER_OWNERS)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = list(accumulate((e for _, e in spans), max))

    def inside(self, positions: list[int]) -> list[bool]:
        """For each of the sorted ``positions``: does an owned span hold it (one sweep)?"""
        out = []
        starts, max_end = self.starts, self.max_end
        k, n = 0, len(starts)
        for q in positions:
            while k < n and starts[k] <= q:
                k += 1
            out.append(k > 0 and max_end[k - 1] > q)
        return out

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_left(self.starts, e)
        return i > 0 and self.max_end[i - 1] > s


def _count_extra(cm: _CountMachine, t: str, m: re.Match[str], s: int) -> tuple[int, dict]:
    """Start of the span (with a qualifier in front) and the extra of a count."""
    extra: dict = {}
    start = s
    kind = None
    qm = _ends_at(cm.qual_before, t, s, _QUAL_WORDS)
    if qm:
        start = qm.start()
        kind = cm.qual_kind.get(_norm_phrase(qm.group("q")))
    if kind is None and m.group("qpost"):
        kind = cm.after_kind.get(_norm_phrase(m.group("qpost")))
    if kind is None and m.group("plus"):
        kind = "min"
    if kind is None and m.group("kapprox"):
        kind = "approx"
    if kind == "approx":
        extra["approx"] = True
    elif kind in ("min", "max"):
        extra["bound"] = kind
    if m.group("num2"):
        lo = numbers.parse_number(m.group("num"))
        if isinstance(lo, int):
            extra["range"] = [lo, None]
    return start, extra


def _near(
    after: re.Pattern[str], before: re.Pattern[str], t: str, m: re.Match[str], start: int,
    floor: int, words: int, lang: str,
) -> re.Match[str] | None:
    """A verb right after the counted word, or ending right before the number (Kazakh prefers
    the one after, Russian and English the one before)."""
    fwd = after.match(t, m.end())
    back = _ends_at(before, t, start, words, floor, farthest=False)
    first, second = (fwd, back) if lang == "kk" else (back, fwd)
    return first if first is not None else second


def _rate(
    cm: _CountMachine, t: str, m: re.Match[str], p: int, start: int, floor: int, what: str
) -> bool:
    """Is the count a rate (40 times a day, по 40 звонков в день, күніне 40 рет), not a total?

    ``p`` is where the number starts, ``start`` where its qualifier does. Russian distributive
    ``по`` counts only for calls, messages and visits, and for anything told by the number of
    times (по 3 раза угрожал); по 5 эпизодам, по 5 номерам are datives: five episodes, numbers.
    """
    if cm.rate_after.match(t, m.end()):
        return True
    # the rate words are rare: a bounded search for one comes before the word-by-word check
    lo = max(floor, start - _RATE_REACH)
    if cm.rate_hint.search(t, lo, start) and _ends_at(
        cm.rate_before, t, start, _CONTEXT_WORDS, floor
    ):
        return True
    timed = m.lastgroup == "adv" or (m.lastgroup or "").startswith("t_")
    return (timed or what in ("calls", "messages", "visits")) and t[
        max(floor, p - 6) : p
    ].split()[-1:] == ["по"]


# The locative ending of a Kazakh number word (онда, бесте); no base number word ends so.
_LOCATIVE_END = re.compile(r"[дт][ае]$")


def _count_facts(doc: Document, t: str, marks: list[int] | None = None) -> list[Fact]:
    cm = _counts()
    owned = _Owned(doc.facts)
    out: list[Fact] = []
    pos = 0
    digits = cm.core_digits
    starts = [m.start(1) for m in cm.digits.all(t, marks=marks)]
    # (position, pattern, inside an owned span): a word is never owned here
    candidates = list(zip(starts, repeat(digits), owned.inside(starts)))
    words = cm.words.finditer_starts(t, marks)
    if words:
        candidates += [(s, cm.core_words, False) for s, _ in words]
        candidates.sort(key=itemgetter(0))
    i = 0
    n = len(candidates)
    while i < n:
        p, core, inside = candidates[i]
        i += 1
        if p < pos:
            continue
        if inside:
            # A number inside a fact that owns its digits is never a count. When every candidate
            # in the rest of its run of digits and separators lies in such facts too, none of
            # them can give a count, and the number they could match ends inside the run, so
            # nothing after the run depends on them: skip the run without matching.
            run_end = _NUMBER_RUN.match(t, p).end()
            j = i
            while j < n and candidates[j][0] < run_end:
                if not candidates[j][2]:
                    break
                j += 1
            else:
                i = j
                continue
        m = core.match(t, p)
        if m is None:
            continue
        group = m.lastgroup or ""
        if group == "adv":
            # трижды, twice: a number of times by itself
            lang, value = cm.adverbs[m.group("adv")]
            group = f"t_{lang}"
            pos = m.end()
            num = None
        else:
            # the whole number (a range's second number, a scale word) is read here and never
            # again on its own, even when it gives no count (күніне 30-40 рет)
            pos = m.end("scale") if m.group("scale") else m.end("num2" if m.group("num2") else "num")
            # a number an earlier extractor owns is no count (checked before the value is parsed)
            if owned.overlaps(m.start("num"), pos):
                continue
            lang = group.rsplit("_", 1)[-1]
            num = m.group("num")
            if not num[0].isdigit():
                value = _value(m, _noun_langs(cm, group, m.group(group)), cm.extra_numbers)
                # "one" in words before a counted noun names a thing (блокировала один номер,
                # бір хабарлама жіберді), it counts nothing; the digit 1 and "once" (один раз)
                # still count
                if value == 1 and group.startswith("n_"):
                    continue
                # a Kazakh number word in the locative is no count: "онда" is "there", "then"
                if _LOCATIVE_END.search(num):
                    continue
            # a number after №, #, No. or a slash, or glued to digits before it by a hyphen,
            # names a document or a file (№ 14-02 хат, 3-1/7712 хат): it counts nothing
            elif _REFERENCE_BEFORE.search(t, max(p - 6, 0), p):
                continue
            else:
                value = _value(m, (lang,), cm.extra_numbers)
            if value is None:
                continue
        cs, ce = _clause(t, p, m.end())
        if cm.statistic.search(t, cs, ce):
            continue
        start, extra = _count_extra(cm, t, m, p)
        # тысячи звонков is "thousands of calls"; более тысячи звонков is a thousand
        if num in cm.qualified and "bound" not in extra and "approx" not in extra:
            continue
        number_start = start
        if "range" in extra:
            if extra["range"][0] >= value:
                continue  # 14-02 is a reference, not a range
            extra["range"][1] = value
        end = m.end()
        what = None
        rule = "story:count"
        if group.startswith("n_"):
            what = group[2 : -len(lang) - 1]
        elif group.startswith("t_"):
            rule = "story:count_times"
            hit = _near(cm.times_after, cm.times_before, t, m, start, cs, _TIMES_WORDS, lang)
            if hit is None:
                hit = _ends_at(cm.times_far, t, start, _TIMES_WORDS, cs, farthest=False)
            if hit is not None:
                what = hit.lastgroup
                start, end = min(start, hit.start()), max(end, hit.end())
        elif group.startswith("p_"):
            rule = "story:count_victims"
            hit = _near(cm.victim_after, cm.victim_before, t, m, start, cs, _VICTIM_WORDS, lang)
            if hit is None and cm.losses.search(t, cs, ce):
                # people who turned to the police, in a clause that tells their loss
                after, before = cm.complaint_after, cm.complaint_before
                hit = _near(after, before, t, m, start, cs, _VICTIM_WORDS, lang)
            if hit is not None:
                what = "victims"
                start, end = min(start, hit.start()), max(end, hit.end())
        elif group == "s_kk":
            # жәбірленушілер саны 12-ге жетті: what was counted stands before the number
            hit = _ends_at(cm.total_before, t, start, _VICTIM_WORDS, cs)
            if hit is not None:
                what = hit.lastgroup
                start = hit.start()
        if what is None or _rate(cm, t, m, p, number_start, cs, what):
            continue
        if what == "calls" and cm.call_receivers.search(t, cs, ce):
            continue  # the helpline received 3 000 calls: not an offender's calls
        pos = m.end()
        out.append(_fact(doc, "count", {"what": what, "value": value}, start, end, rule, **extra))
    return out


# ---------------------------------------------------------------------------------- entry


def _dedupe(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple] = set()
    out = []
    for f in facts:
        # a label is its own key (two labels are equal when their reprs are); other values
        # (counts) by repr, in a longer tuple so the two kinds of key never meet
        v = f.value
        key = (f.kind, v, f.start, f.end) if type(v) is str else (f.kind, repr(v), f.start, f.end, 0)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def extract(doc: Document) -> list[Fact]:
    """Behaviours, counts, relationships and harms told in the document, with their spans."""
    t = _folded_doc(doc)
    marks = marked_word_starts(t)
    if marks is not None and "\u00a0" not in doc.lower:
        # the folds keep every character's kind (word, space, other) but for the no-break
        # space, so these are the word starts after punctuation of the lower-cased copy too
        doc._shared[WORD_MARKS] = (doc.lower, marks)
    facts = _cue_facts(doc, t, marks) + _count_facts(doc, t, marks)
    facts.sort(key=_FACT_ORDER)
    return _dedupe(facts)
