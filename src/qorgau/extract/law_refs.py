"""References to articles of the Criminal Code (CC) and the Administrative Offences Code (AC).

Finds "статья 115-1 УК РК", "ч. 2 ст. 190 УК", "по ст.ст. 115-1, 125-1 УК", "статьей 461 КоАП",
"ҚК-тің 115-1-бабы", "190-бабы 2-бөлімі 4-тармағы", "ӘҚБтК-нің 73-бабы", "Article 115-1 of the
Criminal Code", "Part 2 of Article 190" ... and emits one ``article`` fact per article number:

    {"code": "115-1" | "190-2" | "AC-73", "code_book": "CC" | "AC", "implied": False,
     "part": int | None, "item": int | None}

The code book comes from the code named right after the number (ru, en) or right before it (kk);
the preferred side follows the sentence language and the other side is tried next. A number tied to
another act (a law, the Constitution, the Criminal Procedure Code ...) is dropped. A reference with
no code of its own that follows, in the same sentence, one that names the Criminal or
Administrative Code cites that code too ("under Article 125-1 of the Criminal Code ... and under
Article 125"); so does one in the next sentence of the paragraph when that sentence goes on with
a charge ("... по ст. 190 УК РК. Кроме того, по статье 120 ..."). Under such a carried code every
number after a plural article word is an article ("по статьям 120, 125"), after a singular one
only the number beside it. Any other number with no code named counts only when it is one of the
tracked Criminal Code articles (115-1, 125-1, 190).
Criminal Code codes carry the part when it is stated ("190-2"); Administrative Code codes do not
(their article numbers already use hyphens, "AC-73-1"), the part stays in ``value["part"]``.
Keywords and code names live in ``data/lexicons/law_refs.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from qorgau.extract.money import _trie, literal_prefixes, shared_word_hits
from qorgau.model import Document, Fact
from qorgau.text.casefold import lower_stands_in

_DASH = "-\u2010\u2011\u2012\u2013"
_NUM = rf"\d{{1,3}}(?:[{_DASH}]\d{{1,2}})?"
_NUM_RE = re.compile(rf"(\d{{1,3}})(?:[{_DASH}](\d{{1,2}}))?")
_LIST_SEP = r"(?:\s{0,2}[,;]\s{0,2}|\s{1,2}(?:и|and|or|или|және|мен|немесе|&)\s{1,2})"
_NUM_LIST = rf"{_NUM}(?:{_LIST_SEP}{_NUM}){{0,6}}"
# A number list that does not continue a longer number, a date, a fraction or a "№ 210-VIII"
# style label. The first digit comes ahead of the look-behind that checks this, so the regex
# engine skips to the next digit in C instead of trying the look-behind at every character.
_NUM_LIST_FAST = (
    rf"\d(?<![\w.,/№\u2116-]\d)\d{{0,2}}(?:[{_DASH}]\d{{1,2}})?(?:{_LIST_SEP}{_NUM}){{0,6}}"
)
_NUM_END = r"(?![\d/]|[.,]\d)"

# A reference extends at most this far before / after its keyword (number lists, part prefixes).
_TRIGGER_BACK = 240
_TRIGGER_AHEAD = 280
_WINDOW = 120  # characters searched for a code name on each side of a reference
_MAX_GAP_NAMED = 4  # words allowed between the number and a CC/AC name
_MAX_GAP_OTHER = 2  # words allowed between the number and the name of another act

# ; ! ? or a line break, or a full stop with spaces and a capital after it. One class first, so
# the engine skips to these characters in C.
_SENT_END = re.compile(r"[;!?\n.](?:(?<=\.)\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«\"“])|(?<=[;!?\n]))")
_BRACKETED = re.compile(r"\([^()]{0,120}\)|«[^«»]{0,120}»|\"[^\"]{0,120}\"|“[^“”]{0,120}”|\*")
_GAP_WORD = re.compile(r"[^\W\d_]+")

# Case-insensitive matching of Cyrillic is slow in ``re``; the keyword patterns, written in lower
# case, run on the document's lower-cased copy where that is equivalent (see text.casefold).


@cache
def _lexicon() -> dict[str, Any]:
    path = resources.files("qorgau.data").joinpath("lexicons/law_refs.yaml")
    return yaml.safe_load(path.read_text("utf-8"))


def _alt(frags: list[str]) -> str:
    return "|".join(f"(?:{f})" for f in frags)


@dataclass(frozen=True)
class _Grammar:
    trigger: re.Pattern[str]  # an article keyword (or "УК"): references sit near one
    before: re.Pattern[str]  # keyword, then numbers: "ч. 2 ст. 190", "Article 115-1"
    after: re.Pattern[str]  # numbers, then keyword: "115-1-бабы", "190-бабы 2-бөлімі"
    before_lc: re.Pattern[str]  # the same two, case-sensitive, for a lower-cased copy
    after_lc: re.Pattern[str]
    bare: re.Pattern[str]  # numbers, then a code name: "по 115-1 УК РК"
    codes: re.Pattern[str]
    # The character before a word start (on a lower-cased copy) where ``before`` / ``codes``
    # may match.
    before_lead: re.Pattern[str]
    codes_lead: re.Pattern[str]
    ordinals: dict[str, int]
    ordinal_re: re.Pattern[str]
    known_cc: frozenset[str]
    known_re: re.Pattern[str]  # finds a tracked number in a number list
    filler: frozenset[str]
    plural: re.Pattern[str]  # a plural article word: every number of its list is an article
    continuation: re.Pattern[str]  # "кроме того", "сондай-ақ", "also": the sentence goes on
    frame_before: re.Pattern[str]  # "по", "under" right before a reference
    frame_after: re.Pattern[str]  # "бойынша" right after a reference


@cache
def _grammar() -> _Grammar:
    lex = _lexicon()
    ordinals = {k.lower(): int(v) for k, v in lex["ordinals"].items()}
    ord_alt = "|".join(sorted(map(re.escape, ordinals), key=len, reverse=True))
    n = rf"(?:\d{{1,2}}|(?:{ord_alt})[a-zа-яё]{{0,4}})"
    art_b = _alt(lex["article_before"])
    art_a = _alt(lex["article_after"])
    part_b = _alt(lex["part_before"])
    item_b = _alt(lex["item_before"])
    part_a = _alt(lex["part_after"])
    item_a = _alt(lex["item_after"])
    of = r"(?:\s{1,2}of(?:\s{1,2}the)?)?"
    tail = (
        # "(2)(4)" right after the number
        r"(?:\((?P<pp>\d{1,2})\)(?:\((?P<ip>\d{1,2})\))?"
        # "ч. 2 п. 4" / "part 2" after the article
        rf"|\s{{0,2}},?\s{{0,2}}(?:{part_a})\s?(?P<pt>{n})"
        rf"(?:\s{{0,2}},?\s{{0,2}}(?:{item_a})\s?(?P<it>{n}))?"
        # ... unless that part opens the next reference: "ст. 115-1, ч. 1 ст. 125-1"
        rf"(?!\s{{0,2}}(?:{art_b}))"
        # kk "2-бөлімі 4-тармағы"
        rf"|\s{{1,2}}(?P<pk>{n})[{_DASH}]?\s?(?:{part_a})(?![\w])"
        rf"(?:\s{{1,2}}(?P<ik>{n})[{_DASH}]?\s?(?:{item_a})(?![\w]))?"
        r")?"
    )
    before = (
        r"(?<![\w])"
        rf"(?:(?:{item_b})\s?(?P<ib>{n})\)?{of}\s{{0,2}},?\s{{0,2}})?"
        rf"(?:(?:{part_b})\s?(?P<pb>{n}){of}\s{{0,2}},?\s{{0,2}})?"
        rf"(?P<kw>{art_b})\s?(?P<nums>{_NUM_LIST}){_NUM_END}"
        + tail
    )
    after = (
        rf"(?P<nums>{_NUM_LIST_FAST})"
        r"(?:[\-\u2013]?(?:й|я|ю|ой|ая|ую|ші|шы|нші|ншы|ы|і))?"
        rf"[{_DASH}]?\s?(?P<kw>{art_a})(?![\w])" + tail
    )
    # "по 115-1 УК РК": a tracked number right before the code, with no article keyword
    code_next = _alt(lex["code_after_number"])
    code_first = rf"(?P<nums>{_NUM_LIST_FAST})\s?(?=(?:{code_next})(?![\w]))"
    code_parts = []
    for book in ("CC", "AC", "OTHER"):
        spec = lex["code_books"][book]
        cased = "|".join(spec.get("cased", []))
        words = "|".join(spec.get("words", []))
        code_parts.append(rf"(?P<{book}>(?-i:{cased})|{words})")
    codes = rf"(?<![\w])(?:{'|'.join(code_parts)})(?![\w])"
    code_frags = [
        frag
        for spec in lex["code_books"].values()
        for key in ("cased", "words")
        for frag in spec.get(key, [])
    ]
    filler = frozenset(str(w).lower() for w in lex["gap_filler"])
    # The trigger finds the article keywords fast: a character class first (so the scan skips
    # ahead in C), then the rest of the keyword for that first letter.
    firsts = "".join(lex["trigger"])
    conts = "|".join(rf"(?<=[{k}])(?i:{v})" for k, v in lex["trigger"].items())
    trigger = rf"[{firsts}](?<![\w].)(?:{conts})"
    known_alt = "|".join(k.replace("-", f"[{_DASH}]") for k in lex["known_cc"])
    carry = lex["carry_over"]
    return _Grammar(
        trigger=re.compile(trigger),
        before=re.compile(before, re.IGNORECASE),
        after=re.compile(after, re.IGNORECASE),
        before_lc=re.compile(before),
        after_lc=re.compile(after),
        bare=re.compile(code_first),
        codes=re.compile(codes, re.IGNORECASE),
        before_lead=_lead(lex["item_before"] + lex["part_before"] + lex["article_before"]),
        codes_lead=_lead(code_frags),
        ordinals=ordinals,
        ordinal_re=re.compile(rf"(?:{ord_alt})", re.IGNORECASE),
        known_cc=frozenset(lex["known_cc"]),
        known_re=re.compile(
            rf"(?<![{_DASH}\d])(?:{known_alt})(?![{_DASH}\d])"
        ),
        filler=filler,
        plural=re.compile(_alt(lex["article_plural"]), re.IGNORECASE),
        continuation=re.compile(
            rf"(?<![\w-])(?:{_alt(carry['continuation'])})(?![\w-])", re.IGNORECASE
        ),
        frame_before=re.compile(
            rf"(?<![\w-])(?:{_alt(carry['frame_before'])})\s{{1,2}}$", re.IGNORECASE
        ),
        frame_after=re.compile(rf"\s{{1,2}}(?:{_alt(carry['frame_after'])})(?!\w)", re.IGNORECASE),
    )


def _lead(fragments: list[str]) -> re.Pattern[str]:
    """The character before a word that can begin one of ``fragments``, on lower-cased text: a
    non-word character (a class the engine skips through in C, far rarer than the letters that
    begin the fragments), then a look at the word's first three letters."""
    prefixes = {p for frag in fragments for p in literal_prefixes(frag, 3, shortest=1)}
    return re.compile(rf"[^\w](?={_trie(prefixes)})")


def _matches_at(
    pattern: re.Pattern[str], text: str, low: str, lead: re.Pattern[str], lo: int, hi: int
) -> list[re.Match[str]]:
    """``pattern.finditer(text, lo, hi)`` for a pattern that starts at a word start with one of
    the fragments ``lead`` was built from: it is tried at ``lo`` and after each place ``lead``
    finds in ``low`` (the lower-cased copy of ``text``, where that stands in) only."""
    out = []
    m = pattern.match(text, lo, hi)
    last = lo
    if m:
        out.append(m)
        last = m.end()
    for c in lead.finditer(low, lo, hi):
        pos = c.start() + 1
        if pos < last:
            continue
        m = pattern.match(text, pos, hi)
        if m:
            out.append(m)
            last = m.end()
    return out


def _small_int(text: str | None, g: _Grammar) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    m = g.ordinal_re.match(text)
    return g.ordinals.get(m.group(0).lower()) if m else None


def _gap_words(gap: str, g: _Grammar) -> int:
    gap = _BRACKETED.sub(" ", gap)
    return sum(1 for w in _GAP_WORD.findall(gap) if w.lower() not in g.filler)


@dataclass
class _Code:
    book: str  # CC | AC | OTHER
    start: int
    end: int
    gap: int


@dataclass
class _Anchor:
    start: int
    end: int
    m: re.Match[str]
    order: str  # "before" (keyword first), "after" (number first), "code" (number, then code)


@dataclass
class _Scan:
    """What one pass over the keyword windows found: references, code names, sentence ends."""

    anchors: list[_Anchor]
    codes: list[tuple[int, int, str]]  # (start, end, book), sorted
    code_starts: list[int]
    code_ends: list[int]
    stops: list[int]  # sentence-end positions (start of the terminator), sorted


def scan_families() -> dict[str, list[str]]:
    """The article keywords as a family of the shared word-start scan
    (``money.shared_word_hits``): each trigger's first letters, then the rest of it."""
    return {"article_keyword": [f"[{k}](?:{v})" for k, v in _lexicon()["trigger"].items()]}


def _triggers(doc: Document, g: _Grammar, lc: bool) -> list[re.Match[str]]:
    """``g.trigger.finditer(doc.norm)``. Where the lower-cased copy stands in, the trigger is
    tried only at the word starts the shared scan found for the article keywords."""
    norm = doc.norm
    if not lc:
        return list(g.trigger.finditer(norm))
    out = []
    last = 0
    for pos, fams in shared_word_hits(doc):
        if pos < last or "article_keyword" not in fams:
            continue
        m = g.trigger.match(norm, pos)
        if m:
            out.append(m)
            last = m.end()
    return out


def _windows(norm: str, triggers: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Merged text ranges around the article keywords: the only places a reference can be."""
    n = len(norm)
    return _merge(
        [(max(0, m.start() - _TRIGGER_BACK), min(n, m.end() + _TRIGGER_AHEAD)) for m in triggers]
    )


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _scan(doc: Document, g: _Grammar) -> _Scan:
    found: list[_Anchor] = []
    norm, low = doc.norm, doc.lower
    lc = lower_stands_in(norm, low)
    windows = _windows(norm, _triggers(doc, g, lc))
    before, after, folded = g.before, g.after, norm
    if lc:
        before, after, folded = g.before_lc, g.after_lc, low
    for lo, hi in windows:
        hits = (
            _matches_at(before, low, low, g.before_lead, lo, hi) if lc
            else before.finditer(folded, lo, hi)
        )
        found += [_Anchor(m.start(), m.end(), m, "before") for m in hits]
        found += [_Anchor(m.start(), m.end(), m, "after") for m in after.finditer(folded, lo, hi)]
        found += [_Anchor(m.start(), m.end(), m, "code") for m in g.bare.finditer(norm, lo, hi)]
    found.sort(key=lambda a: (a.start, -a.end))
    kept: list[_Anchor] = []
    for a in found:
        if kept and a.start < kept[-1].end:
            continue
        kept.append(a)
    # code names and sentence ends matter only around the references found
    n = len(norm)
    near = _merge([(max(0, a.start - _WINDOW), min(n, a.end + _WINDOW)) for a in kept])
    codes: list[tuple[int, int, str]] = []
    stops: list[int] = []
    for lo, hi in near:
        # The code names run case-insensitively on ``norm`` (abbreviations keep their case);
        # where the lower-cased copy stands in, it tells where a name can start.
        hits = (
            _matches_at(g.codes, norm, low, g.codes_lead, lo, hi) if lc
            else g.codes.finditer(norm, lo, hi)
        )
        codes += [(m.start(), m.end(), m.lastgroup or "") for m in hits]
        stops += [m.start() for m in _SENT_END.finditer(norm, lo, hi)]
    return _Scan(
        anchors=kept,
        codes=codes,
        code_starts=[c[0] for c in codes],
        code_ends=[c[1] for c in codes],
        stops=stops,
    )


def _code_after(norm: str, sc: _Scan, pos: int, limit: int, g: _Grammar) -> _Code | None:
    """The first code name after ``pos``, before ``limit`` and the end of the sentence."""
    k = bisect_right(sc.stops, pos - 1)
    if k < len(sc.stops):
        limit = min(limit, sc.stops[k])
    j = bisect_left(sc.code_starts, pos)
    if j == len(sc.codes) or sc.codes[j][1] > limit:
        return None
    s, e, book = sc.codes[j]
    return _Code(book, s, e, _gap_words(norm[pos:s], g))


def _code_before(norm: str, sc: _Scan, pos: int, limit: int, g: _Grammar) -> _Code | None:
    """The last code name before ``pos``, after ``limit`` and the start of the sentence."""
    k = bisect_right(sc.stops, pos - 1)
    if k:
        limit = max(limit, sc.stops[k - 1] + 1)
    j = bisect_right(sc.code_ends, pos) - 1
    if j < 0 or sc.codes[j][0] < limit:
        return None
    s, e, book = sc.codes[j]
    return _Code(book, s, e, _gap_words(norm[e:pos], g))


def _acceptable(c: _Code | None) -> _Code | None:
    if c is None:
        return None
    limit = _MAX_GAP_OTHER if c.book == "OTHER" else _MAX_GAP_NAMED
    return c if c.gap <= limit else None


def _lang_lookup(doc: Document):  # type: ignore[no-untyped-def]
    starts = [s.start for s in doc.sentences]

    def lang_at(pos: int) -> str:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < doc.sentences[i].end:
            return doc.sentences[i].language
        return doc.language

    return lang_at


def extract(doc: Document) -> list[Fact]:
    """Article references of the document, one fact per article number."""
    g = _grammar()
    norm = doc.norm
    sc = _scan(doc, g)
    lang_at = _lang_lookup(doc)
    anchors = sc.anchors
    facts: list[Fact] = []
    last: _Code | None = None  # the code of the reference before, when it cited CC or AC
    named = False  # whether the reference before named that code itself
    for i, a in enumerate(anchors):
        if not sc.codes and not g.known_re.search(a.m.group("nums")):
            continue  # no code named anywhere near and no tracked number: nothing to emit
        prev_end = anchors[i - 1].end if i else 0
        next_start = anchors[i + 1].start if i + 1 < len(anchors) else len(norm)
        after = _acceptable(_code_after(norm, sc, a.end, min(next_start, a.end + _WINDOW), g))
        before = _acceptable(_code_before(norm, sc, a.start, max(prev_end, a.start - _WINDOW), g))
        first, second = (before, after) if lang_at(a.start) == "kk" else (after, before)
        code = first or second
        prev_code, last = last, None
        prev_named, named = named, False
        if code is not None and code.book == "OTHER":
            continue
        inherited = ""
        if code is None and prev_code is not None:
            if _continues(sc, prev_end, a.start):
                # "under Article 125-1 of the Criminal Code ... and under Article 125": a
                # reference with no code of its own goes on citing the code of the one before it
                code, inherited = prev_code, "same"
            elif prev_named and _carries_over(norm, sc, prev_code, prev_end, a, g):
                # "... по ст. 190 УК РК. Кроме того, по статье 120 ...": the next sentence goes on
                code, inherited = prev_code, "carried"
        if code is not None and a.order != "code":
            last, named = code, not inherited
        facts.extend(_facts_for(doc, a, code, g, inherited, prev_end))
    return facts


def _continues(sc: _Scan, lo: int, hi: int) -> bool:
    """No sentence end and no other act's name (a law, another code) between ``lo`` and ``hi``,
    which lie at most ``_WINDOW`` apart (sentence ends are known only near the references)."""
    if hi - lo > _WINDOW:
        return False
    k = bisect_left(sc.stops, lo)
    if k < len(sc.stops) and sc.stops[k] < hi:
        return False
    j = bisect_left(sc.code_starts, lo)
    while j < len(sc.codes) and sc.codes[j][0] < hi:
        if sc.codes[j][2] == "OTHER":
            return False
        j += 1
    return True


_CARRY_REACH = 2 * _WINDOW  # sentence ends and code names are known all the way between two
# references at most this far apart (each reference has them within _WINDOW on either side)


def _carries_over(
    norm: str, sc: _Scan, prev: _Code, lo: int, a: _Anchor, g: _Grammar
) -> bool:
    """Whether a reference with no code of its own, in the sentence after the reference that
    ended at ``lo`` and named the code ``prev``, goes on citing that code: the two sentences are
    next to each other in one paragraph (one sentence end between, no line break), no other code
    or act is named between, the sentence says it goes on ("Кроме того", "Сондай-ақ", "also"
    before the reference) and the reference is a charge ("по статье 120", "under Article 120",
    "120-бабы бойынша")."""
    hi = a.start
    if hi - lo > _CARRY_REACH:
        return False
    k = bisect_left(sc.stops, lo)
    if k + 1 > len(sc.stops) or sc.stops[k] >= hi:
        return False  # no sentence end between: the same-sentence rule decided already
    if k + 1 < len(sc.stops) and sc.stops[k + 1] < hi:
        return False  # a sentence in between
    stop = sc.stops[k]
    if "\n" in norm[lo:hi]:
        return False  # a line break: a new paragraph, a heading or a list item
    j = bisect_left(sc.code_starts, lo)
    while j < len(sc.codes) and sc.codes[j][0] < hi:
        if sc.codes[j][0] != prev.start:
            return False
        j += 1
    if g.continuation.search(norm, stop + 1, hi) is None:
        return False
    return bool(
        g.frame_before.search(norm, max(stop + 1, hi - 8), hi)
        or g.frame_after.match(norm, a.end)
    )


def _number(nm: re.Match[str]) -> str:
    return nm.group(1) + (f"-{nm.group(2)}" if nm.group(2) else "")


def _listed(a: _Anchor, g: _Grammar) -> bool:
    """Whether the article word is plural, so every number of the list is an article ("по
    статьям 120, 125", "Articles 120 and 125", "120, 125-баптары"); "статьи" after a part or an
    item ("ч. 2 статьи 190") is singular."""
    if a.order == "code":
        return False
    m = a.m
    kw = m.group("kw")
    if not g.plural.fullmatch(kw):
        return False
    if kw.lower().startswith("статьи") and a.order == "before":
        return not (m.group("pb") or m.group("ib"))
    return True


def _follows_frame(norm: str, g: _Grammar, prev_end: int, pos: int) -> bool:
    """Whether only a frame word ("бойынша") stands between the reference before, which ended at
    ``prev_end``, and ``pos``."""
    if prev_end < 0:
        return False
    m = g.frame_after.match(norm, prev_end, pos)
    return m is not None and not norm[m.end() : pos].strip()


_RULES = {"": "law_refs:named_code", "same": "law_refs:same_code",
          "carried": "law_refs:carried_code"}


def _facts_for(
    doc: Document,
    a: _Anchor,
    code: _Code | None,
    g: _Grammar,
    inherited: str = "",
    prev_end: int = -1,
) -> list[Fact]:
    m = a.m
    nums = list(_NUM_RE.finditer(m.group("nums")))
    if (code is None or a.order == "code") and not any(_number(nm) in g.known_cc for nm in nums):
        return []
    gd = m.groupdict()
    part = _small_int(gd.get("pb") or gd.get("pp") or gd.get("pt") or gd.get("pk"), g)
    item = _small_int(gd.get("ib") or gd.get("ip") or gd.get("it") or gd.get("ik"), g)
    base = m.start("nums")
    out: list[Fact] = []
    # Under a code carried over from the reference before, only the number next to a singular
    # article word is sure to be an article: in "115-1-бабы бойынша 80, 125-1-бабы" the 80 is a
    # count. A plural article word makes the whole list articles ("по статьям 120, 125").
    sure = 0 if a.order == "before" else len(nums) - 1
    listed = inherited and len(nums) > 1 and _listed(a, g)
    # ... but a number right after the reference before and its "бойынша" is that reference's
    # count: "190-бабы бойынша 64, 120 және 125-баптары бойынша 12"
    counted = listed and a.order == "after" and _follows_frame(doc.norm, g, prev_end, base)
    for k, nm in enumerate(nums):
        number = _number(nm)
        if code is None or a.order == "code" or (
            inherited and k != sure and (not listed or (counted and k == 0))
        ):
            if number not in g.known_cc:
                continue
        if code is None:
            book, rule = "CC", "law_refs:known_number"
        else:
            book, rule = code.book, _RULES[inherited]
        p, it = (part, item) if len(nums) == 1 else (None, None)
        if book == "CC":
            value_code = f"{number}-{p}" if p else number
        else:
            value_code = f"AC-{number}"
        if k == 0:
            start, end = a.start, a.end
            if code is not None and not inherited:
                start, end = min(start, code.start), max(end, code.end)
        else:
            start, end = base + nm.start(), base + nm.end()
        extra: dict[str, Any] = {}
        if code is not None:
            extra["code_text"] = doc.original[code.start : code.end]
        out.append(
            Fact(
                kind="article",
                value={"code": value_code, "code_book": book, "implied": False, "part": p,
                       "item": it},
                start=start,
                end=end,
                text=doc.original[start:end],
                rule=rule,
                extra=extra,
            )
        )
    return out
