"""Regional statistics tables and nationwide totals of registered criminal cases, per article.

Ministries write case counts by region as running lists: ``Шымкент – 23, Астана – 16, Павлодар
және Қызылорда – 7``, ``Шымкент қаласында – 15, Түркістан облысында – 10``, ``г. Шымкент – 23,
Туркестанская область – 10``, one region per line, or ``Shymkent (23), Astana (16)``. Each region
of a table becomes a ``stat`` fact ``{"article", "region", "count"}``; a count written after several
names joined by және/и/and/commas goes to each of them (``Павлодар және Қызылорда – 7`` is 7 and 7),
as does one written with a word for "each" (``– по 5``, ``5 each``, ``облыстарында 4-тен``).
A count may also stand before its names (``по 5 дел ... в Актюбинской и Жамбылской областях, по 4
— в ...``, ``5 cases each in ...``), or after a dotted leader (``Shymkent ...... 31``); a line
``Total ..... 96`` right after a table of several regions is a nationwide row. ``Алматинская`` alone
is the region (the places reader takes a feminine adjective with no noun after it for the region).
The region codes come from the ``region`` facts of the places extractor, which has already read
city against region (a bare ``Алматы`` early in a list is the city, one in a list that ends in
``облыстары`` the region).

A nationwide total is a count of registered cases or crimes (``бойынша 15 қылмыстық іс ...
тіркелді``, ``зарегистрировано 79 уголовных дел``, ``12 criminal cases ... were registered``) in a
sentence that names no region; it becomes a row with region ``KZ``. A list of totals may write the
noun once: ``18 уголовных дел о ... и 14 — о ...``, ``115-1-бабы бойынша 80, 125-1-бабы бойынша 33
іс``, ``тиісінше 16 және 12 іс`` (respectively: the articles named just before, in their order).
Counts of persons, of solved cases and approximate counts (``28 мыңға жуық``) make no rows, nor
does a single prose count about one region, named or not (``облыста``, ``по области``, ``в
области зарегистрировано``: no row, rather than a guess at the region). A total whose sentence
names no article takes the one of the heading line before it, or the one named earlier where it
says ``по данной статье``; ``их число составило 196`` in the next sentence is a second row.

The article of a row is the nearest article reference: an ``article`` fact of the law references
extractor, or a word naming the offence (``сталкинг`` → 115-1, ``интернет-алаяқтық`` → 190; the
lexicon is ``data/lexicons/figures.yaml``). Kazakh puts the reference before the count
(``115-1-бабы бойынша 15 қылмыстық іс``), Russian and English usually after it (``79 уголовных дел
по ст. 115-1``), and the search follows the sentence's language. A table takes the reference
before it in its paragraph (or just before the paragraph).

Each table row carries ``extra["table_id"]`` and ``extra["sum_matches_total"]``: whether the sum of
the table's rows equals a total stated for the same article (a nationwide row, or ``Барлығы``/
``Всего``/``Total`` after the table); None where no total is stated.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources
from math import inf
from typing import Any

import yaml

from qorgau import geo
from qorgau.extract.places import COUNT_GAP, COUNT_TAIL, folded_text, gap_kind, is_nationwide
from qorgau.model import Document, Fact
from qorgau.text.numbers import NUM_SRC, parse_number, scale_src

NATIONWIDE = geo.NATIONWIDE


def _stat(doc: Document, article: str, region: str, count: int, start: int, end: int, rule: str,
          extra: dict[str, Any] | None = None) -> Fact:
    """A ``stat`` fact: one row of a table or one total, with its span in the original."""
    return Fact(kind="stat", value={"article": article, "region": region, "count": count},
                start=start, end=end, text=doc.original[start:end], rule=rule, extra=extra or {})


@cache
def lexicon() -> dict[str, Any]:
    """The statistics and figures lexicon (``data/lexicons/figures.yaml``)."""
    raw = resources.files("qorgau.data.lexicons").joinpath("figures.yaml").read_text("utf-8")
    return yaml.safe_load(raw)


def _fold_key(s: str) -> str:
    return " ".join(geo.fold(s).split())


def scan_stems(
    text: str, stems: dict[str, str] | list[str], spans: list[tuple[int, int]] | None = None
) -> list[tuple[int, int, str]]:
    """Every occurrence of each stem in ``text`` as (start, end, stem), in text order; with
    ``spans``, only the occurrences that start inside one of them (sorted, disjoint [a, b)).

    ``str.find`` runs a fast substring search in C, so a few dozen stems cost far less than one
    regex alternation tried at every position of the text. With spans, the search runs over the
    spans alone, joined into one string (each span with the few characters after it that a stem
    starting in it may reach).
    """
    if spans is not None and not spans:
        return []
    if spans is None or spans == [(0, len(text))]:
        return _scan(text, stems)
    # A stem that can overlap itself (общего) is searched in the whole text: the search skips
    # over each occurrence, so where a piece starts could change which ones it finds.
    plain, overlapping, longest = _split_stems(stems)
    out = [hit for hit in _scan(text, overlapping) if _in_spans(spans, hit[0])]
    stems = plain
    pieces: list[str] = []
    offsets: list[int] = []  # start of each piece in the joined string
    size = 0
    for a, b in spans:
        piece = text[a : b + longest - 1]
        offsets.append(size)
        pieces.append(piece)
        size += len(piece) + 1
    joined = "\x00".join(pieces)  # no stem holds U+0000, so none is found across two pieces
    k = 0
    for i, e, stem in _scan(joined, stems):
        while k + 1 < len(offsets) and offsets[k + 1] <= i:
            k += 1
        a, b = spans[k]
        start = a + i - offsets[k]
        if start < b:
            out.append((start, start + e - i, stem))
    out.sort()
    return out


_SPLIT: dict[int, tuple[Any, list[str], list[str], int]] = {}


def _split_stems(stems: dict[str, str] | list[str]) -> tuple[list[str], list[str], int]:
    """Stems that cannot overlap themselves, those that can, and the longest length (kept per
    stem collection; the compiled lexicons live as long as the process)."""
    hit = _SPLIT.get(id(stems))
    if hit is not None and hit[0] is stems and len(hit[1]) + len(hit[2]) == len(stems):
        return hit[1], hit[2], hit[3]
    plain = [s for s in stems if not any(s[:k] == s[-k:] for k in range(1, len(s)))]
    overlapping = [s for s in stems if s not in plain]
    longest = max((len(s) for s in stems), default=1)
    if len(_SPLIT) > 32:  # callers that pass a new collection each time
        _SPLIT.clear()
    _SPLIT[id(stems)] = (stems, plain, overlapping, longest)
    return plain, overlapping, longest


def _in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, inf)) - 1  # the last span that starts at or before pos
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _scan(text: str, stems: dict[str, str] | list[str]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for stem in stems:
        n = len(stem)
        i = text.find(stem)
        while i >= 0:
            found.append((i, i + n, stem))
            i = text.find(stem, i + n)
    found.sort()
    return found


def _alt(words: list[str], tail: str = "") -> str:
    keys = sorted({" ".join(geo.fold(w).split()) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s{1,3}") + tail for k in keys)


@dataclass(slots=True)
class _Compiled:
    offence_code: dict[str, str]
    status: dict[str, str]  # folded verb stem → reg | other
    count_re: re.Pattern[str]
    approx_before_re: re.Pattern[str]
    approx_after_re: re.Pattern[str]
    total_re: re.Pattern[str]
    all_before_re: re.Pattern[str]
    article_re: re.Pattern[str]
    local_re: re.Pattern[str]
    bare_re: re.Pattern[str]
    respectively_re: re.Pattern[str]
    local_oblast_re: re.Pattern[str]
    this_article_re: re.Pattern[str]
    follow_re: re.Pattern[str]
    total_line_re: re.Pattern[str]


@cache
def compiled() -> _Compiled:
    lex = lexicon()
    st = lex["stats"]
    offence_code: dict[str, str] = {}
    for code, words in lex["offences"].items():
        for w in words:
            offence_code[" ".join(geo.fold(w).split())] = str(code)
    offence_src = _alt(list(offence_code))
    status = {_fold_key(w): "other" for w in st["other_status"]}
    status.update({_fold_key(w): "reg" for w in st["registered"]})
    noun = rf"(?:{_alt(st['case_nouns'])})"
    count_src = (
        rf"(?P<n>{NUM_SRC})(?:-[а-я]{{1,5}})?\s{{1,3}}(?:(?:{_alt(st['participles'])})\s{{1,3}})?"
        rf"(?:(?:{offence_src})[\w-]{{0,10}}(?:\s{{1,3}}{noun})?|{noun})"
    )
    approx_before = rf"(?<!\w)(?:{_alt(st['approx_before'])})\s{{1,3}}$"
    approx_after = rf"(?:\s?{scale_src()})?\s{{0,2}}(?:{_alt(st['approx_after'])})(?!\w)"
    total_src = rf"(?<!\w)(?:{_alt(st['total'])})\s{{0,3}}[-:]?\s{{0,3}}(?P<n>{NUM_SRC})"
    all_before = (
        rf"(?<!\w)(?:{_alt(st['all_before'])})(?:[\s,:]{{1,3}}[\w.-]{{1,20}}){{0,3}}[\s,:]{{1,3}}$"
    )
    # a local reading of article numbers, used only when the document holds no article facts
    article_src = (
        r"(?:(?<!\w)(?:ст|статья|статьи|статье|статьей|article|art)\.?\s{0,2}"
        r"(?P<a>\d{2,3}(?:-\d{1,2})?)(?![\d-])"
        r"|(?<![\d-])(?P<b>\d{2,3}(?:-\d{1,2})?)\s?-?\s?баб)"
    )
    # a number without its noun, in a list that shares one: "80, 125-1-бабы бойынша 33 іс",
    # "18 дел ... и 14 — о ...", "16 және 12 қылмыстық іс"
    # (no number right after a letter, a hyphen or a table's dash, colon or bracket; the pattern
    # starts with the digit, so the engine skips to digits before looking behind)
    assert NUM_SRC.startswith(r"\d")
    bare_src = (
        r"(?P<n>\d(?<![\w./-]\d)(?<![-:(]\s\d)(?<![-:(]\s\s\d)"
        rf"{NUM_SRC[2:]})(?:-[а-я]{{1,5}})?(?=\s{{0,2}}[,;]|\s{{0,3}}-\s"
        rf"|\s{{1,3}}(?:и|а|жане|and|о|об|обо|по|под|under|for|of)\s)"
    )
    return _Compiled(
        offence_code=offence_code,
        status=status,
        count_re=re.compile(count_src),
        approx_before_re=re.compile(approx_before),
        approx_after_re=re.compile(approx_after),
        total_re=re.compile(total_src),
        all_before_re=re.compile(all_before),
        article_re=re.compile(article_src),
        local_re=re.compile(
            "|".join(re.escape(w) for w in sorted({_fold_key(w) for w in st["local_scope"]},
                                                  key=len, reverse=True))
        ),
        bare_re=re.compile(bare_src),
        respectively_re=re.compile(rf"(?<!\w)(?:{_alt(st['respectively'])})(?!\w)"),
        local_oblast_re=re.compile(
            r"(?<!\w)в\s{1,3}области(?=\s{0,3}(?:\d|[,.;:!?)-]|$)|\s{1,3}(?:"
            + "|".join(
                re.escape(w) + (r"(?!\w)" if len(w) <= 2 else "")
                for w in sorted({_fold_key(w) for w in st["local_oblast_next"]}, key=len,
                                reverse=True)
            )
            + "))"
        ),
        this_article_re=re.compile(rf"(?<!\w)(?:{_alt(st['this_article'])})(?!\w)"),
        follow_re=re.compile(_follow_src(NUM_SRC)),
        total_line_re=re.compile(
            rf"\n[ \t]{{0,6}}(?:{_alt(st['total'])})[ \t]{{0,3}}(?:[-:]|\.{{3,}}|…)?[ \t.…]{{0,80}}?"
            rf"(?P<n>{NUM_SRC})[ \t]{{0,3}}\.?[ \t]{{0,3}}(?=\n|$)"
        ),
    )


def _follow_src(num: str) -> str:
    """A sentence giving a new value of the count just stated: "их число составило 196",
    "олардың саны 196-ға жетті", "their number rose to 196"."""
    kk = geo.fold("(?:олардың|мұндай\\s(?:істер|қылмыстар)дың)\\sсаны")
    kk_verb = geo.fold("(?:жетті|болды|құрады)")
    return (
        r"(?<!\w)(?:(?:их|таких\s[а-я]{3,20})\s(?:число|количество)"
        r"|(?:число|количество)\s(?:таких\s)?(?:дел|преступлений|правонарушений))"
        r"\s(?:уже\s)?(?:составило|составляет|достигло|выросло\sдо|увеличилось\sдо|возросло\sдо)"
        rf"\s(?P<n>{num})(?!\s?(?:%|процент|раз))"
        rf"|(?<!\w){kk}\s(?P<k>{num})(?:-[а-я]{{1,4}})?\s{kk_verb}"
        r"|(?<!\w)(?:their|the)\snumber\s(?:rose\sto|reached|grew\sto"
        rf"|increased\sto|was|stood\sat|came\sto)\s(?P<e>{num})(?!\s?(?:%|per|times))"
    )


# ---------------------------------------------------------------------------------------------
# document helpers shared with the figures reader


@dataclass(slots=True)
class Ref:
    """An article reference: an article fact, or a word naming an offence."""

    start: int
    end: int
    code: str
    explicit: bool


@dataclass(slots=True)
class Layout:
    """Sentence and paragraph bounds of a document, and the language of each sentence."""

    sent_starts: list[int]
    sent_ends: list[int]
    sent_lang: list[str]
    newlines: list[int]
    length: int
    # digit_sentence_spans() of this layout, once computed: (folded text, spans)
    digit_spans: tuple[str, list[tuple[int, int]] | None] | None = None

    def sentence(self, pos: int) -> tuple[int, int, str]:
        i = bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return 0, self.length, "ru"
        return self.sent_starts[i], self.sent_ends[i], self.sent_lang[i]

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = bisect_left(self.newlines, pos)
        start = self.newlines[i - 1] + 1 if i > 0 else 0
        end = self.newlines[i] if i < len(self.newlines) else self.length
        return start, end


_KK_LETTERS = re.compile("[әғқңөұүһі]")
_CYR = re.compile("[а-я]")


def _guess_lang(folded_low: str) -> str:
    if _KK_LETTERS.search(folded_low):
        return "kk"
    return "ru" if _CYR.search(folded_low) else "en"


def layout(doc: Document) -> Layout:
    """Sentences (from the document, else the whole text as one) and paragraph bounds; computed
    once per document (the statistics tables and the figures both read it)."""
    hit = doc._shared.get("layout")
    if (
        hit is not None
        and hit[0] is doc.norm
        and hit[1] is doc.sentences
        and hit[2] == len(doc.sentences)
    ):
        return hit[3]
    lay = _layout(doc)
    doc._shared["layout"] = (doc.norm, doc.sentences, len(doc.sentences), lay)
    return lay


def _layout(doc: Document) -> Layout:
    n = len(doc.norm)
    sents = sorted(doc.sentences, key=lambda s: s.start) or []
    if sents:
        starts = [s.start for s in sents]
        ends = [s.end for s in sents]
        langs = [
            s.language if s.language in ("kk", "ru", "en") else
            _guess_lang(doc.norm[s.start : s.end].lower())
            for s in sents
        ]
    else:
        starts, ends, langs = [0], [n], [_guess_lang(doc.norm.lower())]
    newlines = [m.start() for m in re.finditer("\n", doc.norm)]
    return Layout(starts, ends, langs, newlines, n)


_ANY_DIGIT = re.compile(r"\d")
# Below this share of the text, scanning only the sentences with a digit is worth the joining.
_SPAN_SHARE = 0.7


def digit_sentence_spans(folded: str, lay: Layout) -> list[tuple[int, int]] | None:
    """Positions whose sentence (as :meth:`Layout.sentence` finds it) holds a digit, as sorted
    disjoint spans [a, b); None when that is (nearly) the whole text, so the caller reads all of
    it. A position before the first sentence belongs to the whole text, which has a digit.
    Overlapping sentences give None too: each span then holds its whole sentence."""
    hit = lay.digit_spans
    if hit is not None and hit[0] is folded:
        return hit[1]
    spans = _digit_sentence_spans(folded, lay)
    lay.digit_spans = (folded, spans)
    return spans


def _digit_sentence_spans(folded: str, lay: Layout) -> list[tuple[int, int]] | None:
    starts, ends, n = lay.sent_starts, lay.sent_ends, len(folded)
    search = _ANY_DIGIT.search
    spans: list[tuple[int, int]] = []
    if starts[0] > 0:
        spans.append((0, starts[0]))
    covered = starts[0]
    enough = _SPAN_SHARE * n
    for i, a in enumerate(starts):
        b = starts[i + 1] if i + 1 < len(starts) else n
        if ends[i] > b:
            return None
        if b <= a or not search(folded, a, ends[i]):
            continue
        if spans and spans[-1][1] == a:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
        covered += b - a
        if covered >= enough:
            return None  # no need to look at the other sentences
    return spans


_ARTICLE_WORDS = ("ст.", "стать", "article", "art.", "баб")


def article_refs(doc: Document, folded: str) -> Refs:
    """Article references of the document, in text order."""
    c = compiled()
    refs: list[Ref] = []
    arts = [f for f in doc.facts if f.kind == "article"]
    for f in arts:
        v = f.value if isinstance(f.value, dict) else {}
        if v.get("code_book", "CC") != "CC" or v.get("negated") or not v.get("code"):
            continue
        refs.append(Ref(f.start, f.end, str(v["code"]), not v.get("implied", False)))
    if not arts and any(w in folded for w in _ARTICLE_WORDS):
        for m in c.article_re.finditer(folded):
            refs.append(Ref(m.start(), m.end(), m.group("a") or m.group("b"), True))
    last_end = -1
    for start, end, stem in scan_stems(folded, c.offence_code):
        if start < last_end or (start and folded[start - 1].isalpha()):
            continue  # inside a longer stem already taken, or inside a word
        refs.append(Ref(start, end, c.offence_code[stem], False))
        last_end = end
    return Refs(refs)


class Refs:
    """Article references in text order, searchable by position."""

    def __init__(self, refs: list[Ref]) -> None:
        self.items = sorted(refs, key=lambda r: (r.start, not r.explicit))
        self.starts = [r.start for r in self.items]

    def before(self, lo: int, hi: int) -> Ref | None:
        """The last reference that starts in [lo, hi)."""
        i = bisect_left(self.starts, hi) - 1
        return self.items[i] if i >= 0 and self.starts[i] >= lo else None

    def after(self, lo: int, hi: int) -> Ref | None:
        """The first reference that starts in [lo, hi)."""
        i = bisect_left(self.starts, lo)
        return self.items[i] if i < len(self.items) and self.starts[i] < hi else None

    def code(self, ref: Ref) -> str:
        """An offence word next to an explicit article of the same offence gives way to it."""
        if ref.explicit:
            return ref.code
        base = ref.code.split("-")[0]
        lo = bisect_left(self.starts, ref.start - 120)
        hi = bisect_right(self.starts, ref.start + 120)
        for r in self.items[lo:hi]:
            if r.explicit and r.code.split("-")[0] == base:
                return r.code
        return ref.code


class _LazyRefs(Refs):
    """:func:`article_refs` of a document, read at the first question (most documents have no
    count or table that needs an article)."""

    def __init__(self, doc: Document, folded: str) -> None:
        self._source: tuple[Document, str] | None = (doc, folded)

    def _load(self) -> None:
        if self._source is not None:
            refs = article_refs(*self._source)
            self.items, self.starts = refs.items, refs.starts
            self._source = None

    def before(self, lo: int, hi: int) -> Ref | None:
        self._load()
        return super().before(lo, hi)

    def after(self, lo: int, hi: int) -> Ref | None:
        self._load()
        return super().after(lo, hi)

    def code(self, ref: Ref) -> str:
        self._load()
        return super().code(ref)


def lazy_refs(doc: Document, folded: str) -> Refs:
    """:func:`article_refs` of a document, read only when first asked."""
    return _LazyRefs(doc, folded)


def is_approx(folded: str, start: int, end: int) -> bool:
    """Whether the number at [start, end) is written as an approximation (около, жуық, over)."""
    c = compiled()
    if c.approx_before_re.search(folded, max(0, start - 24), start):
        return True
    return c.approx_after_re.match(folded, end) is not None


# ---------------------------------------------------------------------------------------------
# nationwide totals


_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class _Status:
    start: int
    end: int
    kind: str  # reg | other


def _article_for_count(
    refs: Refs,
    lay: Layout,
    lang: str,
    lo: int,
    hi: int,
    seg_lo: int,
    seg_hi: int,
    pos: int,
    own_only: bool = False,
    folded: str = "",
    pos_end: int = 0,
) -> str | None:
    """Article of a count at ``pos`` in the sentence [lo, hi); [seg_lo, seg_hi) is the stretch
    between the neighbouring counts of the same sentence. ``own_only`` keeps the search inside
    that stretch (for a total of all crimes, an article further away is about something else)."""
    if own_only:
        nxt = _DIGIT.search(folded, pos_end, seg_hi)
        r = refs.after(pos, nxt.start() if nxt else seg_hi)
        if r is not None and _BREAKDOWN.search(folded, pos_end, r.start):
            r = None  # "Всего ... 73 610 ..., из них по ст. 190 – ...": a total of all crimes
        r = r or refs.before(seg_lo, pos)
        return refs.code(r) if r is not None else None
    if lang == "kk":
        order = [
            refs.before(seg_lo, pos),
            refs.after(pos, seg_hi),
            refs.before(lo, pos),
            refs.after(pos, hi),
        ]
    else:
        order = [
            refs.after(pos, seg_hi),
            refs.before(seg_lo, pos),
            refs.before(lo, pos),
            refs.after(pos, hi),
        ]
    p_lo, _ = lay.paragraph(pos)
    order.append(refs.before(p_lo, lo))
    for r in order:
        if r is not None:
            return refs.code(r)
    return None


def _blocked_by_region(
    region_starts: list[int], folded: str, p_lo: int, s_hi: int, count_end: int
) -> bool:
    """A region named in the sentence or earlier in the paragraph makes a count local, unless
    the regions come after a colon that opens a breakdown of the total."""
    i = bisect_left(region_starts, p_lo)
    while i < len(region_starts) and region_starts[i] < s_hi:
        r_start = region_starts[i]
        if not (
            r_start >= count_end
            and (":" in folded[count_end:r_start] or _BREAKDOWN.search(folded, count_end, r_start))
        ):
            return True
        i += 1
    return False


@dataclass(slots=True)
class _Count:
    start: int  # the count with its noun (the number alone for a count that shares a noun)
    end: int
    n_start: int
    n_end: int
    code: str | None = None  # the article, where the form of the list already says it


_LIST_JOIN = re.compile(r"\s{0,2},\s{0,2}(?:(?:и|жане|and)\s{1,3})?|\s{1,3}(?:и|жане|and)\s{1,3}")
_BEFORE_NEXT = re.compile(r"(?:\s{0,2}[,;]\s{0,3}|\s{1,3})(?:(?:и|а|жане|and)\s{1,3})?[^.!?:;\n]*")
_AFTER_PREV = re.compile(
    r"[^.!?:;\n]*?(?:,\s{0,2}(?:(?:и|а|жане|and)\s{1,3})?|\s(?:и|а|жане|and)\s{1,3})"
)
_LINK_GAP = 70


def _blank_refs(refs: Refs, folded: str, lo: int, hi: int) -> tuple[str, bool]:
    """The text [lo, hi) with the article references in it blanked out, and whether one was."""
    text = folded[lo:hi]
    i = bisect_left(refs.starts, lo)
    found = False
    while i < len(refs.items) and refs.starts[i] < hi:
        r = refs.items[i]
        if r.explicit:
            a, b = r.start - lo, min(r.end, hi) - lo
            text = text[:a] + " " * (b - a) + text[b:]
            found = True
        i += 1
    return text, found


_JOINERS = frozenset({"и", "а", "жане", "and"})


def _joined(folded: str, lo: int, hi: int) -> bool:
    """Whether the text [lo, hi) ends with a comma or a joining word (a cheap look before the
    full check)."""
    tail = folded[max(lo, hi - 8) : hi].rstrip()
    return tail.endswith(",") or tail.rsplit(" ", 1)[-1] in _JOINERS


def _inside_ref(refs: Refs, pos: int) -> bool:
    r = refs.before(max(0, pos - 40), pos + 1)
    return r is not None and r.start <= pos < r.end


# a year named with a determiner before it is no count: "The 2026 cases were registered in ..."
_ART_BEFORE = re.compile(r"(?<!\w)(?:article|art\.|ст\.|статья|статьи|статье)\s{0,2}$")
_YEAR_DET = re.compile(r"(?<!\w)(?:the|these|those|its|their|эти|этих|бул|осы)\s{1,3}$")


def _no_count(folded: str, a: int, b: int) -> bool:
    """Whether the number at [a, b) is no count: the number of an article ("Article 190
    offences"), or a year after a determiner."""
    if _ART_BEFORE.search(folded, max(0, a - 12), a):
        return True
    return (
        b - a == 4
        and folded.startswith(("19", "20"), a)
        and _YEAR_DET.search(folded, max(0, a - 8), a) is not None
    )


def _codes_in_order(refs: Refs, lo: int, hi: int, k: int, last: bool) -> list[str] | None:
    """``k`` different articles referred to in [lo, hi), in text order: the first ``k`` there, or
    the last ``k`` (``last``); None when fewer are named."""
    i, j = bisect_left(refs.starts, lo), bisect_left(refs.starts, hi)
    items = refs.items[i:j]
    codes: list[str] = []
    for r in reversed(items) if last else items:
        code = refs.code(r)
        if code in codes:
            continue
        codes.append(code)
        if len(codes) == k:
            return codes[::-1] if last else codes
    return None


def _bare_numbers(
    c: _Compiled, folded: str, full: list[_Count], s_lo: int, s_hi: int
) -> list[re.Match[str]]:
    """Numbers without a noun close enough to a count with one to share it (on its side of any
    colon: the numbers after "тіркелді:" are a table's)."""
    found: list[re.Match[str]] = []
    done = s_lo
    search = _DIGIT.search
    for f in full:
        lo, hi = max(done, f.n_start - _LINK_GAP), min(s_hi, f.end + _LINK_GAP)
        lo = max(lo, folded.rfind(":", lo, f.n_start) + 1)
        colon = folded.find(":", f.end, hi)
        if colon >= 0:
            hi = colon
        if lo < hi and (search(folded, lo, f.n_start) or search(folded, f.n_end, hi)):
            found.extend(c.bare_re.finditer(folded, lo, hi))
        done = max(done, hi)
    return found


def _counts(
    c: _Compiled, folded: str, refs: Refs, lay: Layout, s_lo: int, s_hi: int
) -> list[_Count]:
    """The counts of a sentence: each number with its noun, and the numbers of a list that share
    the noun of a neighbour (``18 дел о ... и 14 — о ...``, ``115-1-бабы бойынша 80, 125-1-бабы
    бойынша 33 іс``, ``тиісінше 16 және 12 іс``)."""
    full = [
        _Count(m.start(), m.end(), m.start("n"), m.end("n"))
        for m in c.count_re.finditer(folded, s_lo, s_hi)
        if not _no_count(folded, m.start("n"), m.end("n"))
    ]
    if not full:
        return full
    taken: list[_Count] = []
    respectively: bool | None = None
    for m in _bare_numbers(c, folded, full, s_lo, s_hi):
        a, b = m.span("n")
        if any(f.start <= a < f.end for f in full):
            continue
        prev = next((f for f in reversed(full) if f.end <= a), None)
        nxt = next((f for f in full if f.n_start >= b), None)
        after_prev = prev is not None and a - prev.end <= _LINK_GAP and _joined(folded, prev.end, a)
        if not after_prev and (nxt is None or nxt.n_start - b > _LINK_GAP):
            continue
        if _inside_ref(refs, a):
            continue
        x = _Count(a, b, a, b)
        # "18 дел о ... и 14 — о принуждении ...": the article follows the number
        if prev is not None and after_prev:
            gap, _ = _blank_refs(refs, folded, prev.end, a)
            if not _DIGIT.search(gap) and _AFTER_PREV.fullmatch(gap):
                r = refs.after(b, min(s_hi, b + 40))
                if r is not None and not _DIGIT.search(folded, b, r.start):
                    x.code = refs.code(r)
                    taken.append(x)
                    continue
        if nxt is None or nxt.n_start - b > _LINK_GAP:
            continue
        gap, has_ref = _blank_refs(refs, folded, b, nxt.n_start)
        if _DIGIT.search(gap):
            continue
        if has_ref and _BEFORE_NEXT.fullmatch(gap):
            # "115-1-бабы бойынша 80, 125-1-бабы бойынша 33 іс": each number has its own article,
            # before it where the next one has it before too, else the one between them
            lo = taken[-1].end if taken and taken[-1].end <= a else s_lo
            lo = max(lo, prev.end if prev is not None else s_lo)
            r = refs.before(lo, a) or refs.after(b, nxt.n_start)
            if r is not None:
                x.code = refs.code(r)
                taken.append(x)
            continue
        if not has_ref and _LIST_JOIN.fullmatch(gap):
            if respectively is None:
                respectively = c.respectively_re.search(folded, s_lo, s_hi) is not None
            if respectively:
                x.code = ""  # filled in below, once the whole list is known
                taken.append(x)
    if not taken:
        return full
    _respectively(refs, lay, folded, full, taken, s_hi)
    return sorted(full + [x for x in taken if x.code], key=lambda x: x.n_start)


def _respectively(
    refs: Refs, lay: Layout, folded: str, full: list[_Count], taken: list[_Count], s_hi: int
) -> None:
    """Counts listed with тиісінше/соответственно/respectively take the articles named just before
    the list (or after it in the sentence), in the same order."""
    i = 0
    while i < len(taken):
        if taken[i].code != "":
            i += 1
            continue
        j = i
        chain = [taken[i]]
        while True:
            nxt_bare = taken[j + 1] if j + 1 < len(taken) and taken[j + 1].code == "" else None
            if nxt_bare is not None and _LIST_JOIN.fullmatch(
                folded, chain[-1].n_end, nxt_bare.n_start
            ):
                chain.append(nxt_bare)
                j += 1
                continue
            break
        last = next((f for f in full if f.n_start >= chain[-1].n_end), None)
        codes = None
        if last is not None and _LIST_JOIN.fullmatch(folded, chain[-1].n_end, last.n_start):
            k = len(chain) + 1
            codes = _codes_in_order(refs, last.end, s_hi, k, last=False)
            if codes is None:
                p_lo, _ = lay.paragraph(chain[0].n_start)
                codes = _codes_in_order(refs, max(0, p_lo - 600), chain[0].n_start, k, last=True)
        if codes is None:
            for x in chain:
                x.code = None
        else:
            for x, code in zip(chain, codes, strict=False):
                x.code = code
            assert last is not None
            last.code = codes[-1]
        i = j + 1


def _local_words(c: _Compiled, folded: str, s_lo: int, s_hi: int) -> list[int]:
    """Where the sentence [s_lo, s_hi) holds a word such as облыста / по области / in the region,
    which puts a count in one region without naming it. (The pattern is a plain alternation of
    words, which the regex engine skips through by first letter; word bounds are checked here.)"""
    found: list[int] = []
    n = len(folded)
    for m in c.local_re.finditer(folded, s_lo, s_hi):
        i, j = m.span()
        if (i == 0 or not folded[i - 1].isalnum()) and (j >= n or not folded[j].isalnum()):
            found.append(i)
    if folded.find("области", s_lo, s_hi) >= 0:
        found.extend(m.start() for m in c.local_oblast_re.finditer(folded, s_lo, s_hi))
    return found


# words that open a breakdown of the count before them ("из них", "оның ішінде", "олардың",
# "of which")
_BREAKDOWN = re.compile(
    r"(?<!\w)(?:из\s(?:них|которых)|в\sтом\sчисле|онын\sишинде|олардын|of\s(?:which|them|these)"
    r"|including)(?!\w)"
)


def _earlier_article(
    c: _Compiled, refs: Refs, lay: Layout, folded: str, s_lo: int, s_hi: int
) -> str | None:
    """The article of a count whose sentence names none: the one named before it where the
    sentence points back to it ("по данной статье", "осы бап бойынша"), else the one of a heading
    line right before the paragraph the sentence opens ("Сведения ... по ст. 115-1 УК РК за
    январь–октябрь\nВсего по республике зарегистрировано 214 ...")."""
    if c.this_article_re.search(folded, s_lo, s_hi):
        r = refs.before(max(0, s_lo - 1500), s_lo)
        return refs.code(r) if r is not None else None
    p_lo, _ = lay.paragraph(s_lo)
    if s_lo - p_lo > 3 or p_lo == 0 or _parts_of_kinds(c, folded, s_lo, s_hi):
        return None
    k = p_lo - 1
    while k > 0 and folded[k - 1] in " \t\n":
        k -= 1
    h_lo = folded.rfind("\n", 0, k) + 1
    if k - h_lo > 250 or k <= h_lo or folded[k - 1] in ".!?:;,":
        return None
    i, j = bisect_left(refs.starts, h_lo), bisect_left(refs.starts, k)
    codes = {refs.code(r) for r in refs.items[i:j]}
    return codes.pop() if len(codes) == 1 else None


def _parts_of_kinds(c: _Compiled, folded: str, s_lo: int, s_hi: int) -> bool:
    """Whether the sentence breaks its count down into kinds of offence ("Всего ... 73 610 ...,
    из них мошенничеств – ..."), which makes it a count of all crimes; a breakdown by what became
    of the cases ("из них направлено в суд 97", "оның ішінде 97 іс сотқа жолданды") does not."""
    m = _BREAKDOWN.search(folded, s_lo, s_hi)
    if m is None:
        return False
    end = s_hi
    for stop in ",;":
        k = folded.find(stop, m.end(), end)
        if k >= 0:
            end = k
    return not any(folded.find(stem, m.end(), end) >= 0 for stem in c.status)


def _local_scope(local: list[int], folded: str, count_end: int) -> bool:
    """A word found by :func:`_local_words` puts the count in one region, unless it comes after
    a colon that opens a breakdown of the total."""
    return any(not (p >= count_end and ":" in folded[count_end:p]) for p in local)


def nationwide_rows(
    doc: Document, folded: str, lay: Layout, refs: Refs, regions: list[Fact]
) -> list[Fact]:
    c = compiled()
    out: list[Fact] = []
    done: set[int] = set()
    # a count holds a digit: only sentences with one need their status words, unless a status
    # word stands before the first sentence (its sentence is then the whole text)
    spans = digit_sentence_spans(folded, lay)
    found = scan_stems(folded, c.status, spans)
    if spans and found and found[0][0] < lay.sent_starts[0]:
        found = scan_stems(folded, c.status)
    statuses = [_Status(a, b, c.status[k]) for a, b, k in found]
    status_starts = [x.start for x in statuses]
    region_starts = [r.start for r in regions]
    for st in statuses:
        if st.kind != "reg":
            continue
        s_lo, s_hi, lang = lay.sentence(st.start)
        if s_lo in done:
            continue
        done.add(s_lo)
        in_sent = statuses[bisect_left(status_starts, s_lo) : bisect_left(status_starts, s_hi)]
        counts = _counts(c, folded, refs, lay, s_lo, s_hi)
        p_lo, _ = lay.paragraph(s_lo)
        nationwide: bool | None = None  # looked up at the first count that needs it
        local: list[int] | None = None  # where the sentence names an unnamed region, likewise
        for k, m in enumerate(counts):
            n_start, n_end = m.n_start, m.n_end
            value = parse_number(folded[n_start:n_end])
            if not isinstance(value, int) or value <= 0 or is_approx(folded, n_start, n_end):
                continue
            near = min(in_sent, key=lambda x: min(abs(x.start - n_start), abs(x.end - n_end)))
            if near.kind != "reg":
                continue
            if nationwide is None:
                nationwide = is_nationwide(folded, s_lo, s_hi)
            if not nationwide and _blocked_by_region(region_starts, folded, p_lo, s_hi, m.end):
                continue
            own = refs.after(m.start, m.end) if m.end > n_end else None
            if m.code is not None:
                code: str | None = m.code
            elif own is not None:  # an offence word inside the count itself
                code = refs.code(own)
            else:
                seg_lo = counts[k - 1].end if k else s_lo
                seg_hi = counts[k + 1].start if k + 1 < len(counts) else s_hi
                generic = c.all_before_re.search(folded, max(s_lo, n_start - 60), n_start)
                code = _article_for_count(
                    refs, lay, lang, s_lo, s_hi, seg_lo, seg_hi, n_start,
                    generic is not None, folded, n_end,
                )
                if code is None and (generic is None or refs.after(s_lo, s_hi) is None):
                    code = _earlier_article(c, refs, lay, folded, s_lo, s_hi)
            if code is None:
                continue
            if not nationwide:
                if local is None:
                    local = _local_words(c, folded, s_lo, s_hi)
                if _local_scope(local, folded, m.end):
                    continue
            out.append(
                _stat(doc, code, NATIONWIDE, value, m.start, m.end, "stats:nationwide")
            )
            second = _second_total(folded, m.end, s_hi, counts[k + 1 :])
            if second is not None:
                a, b = second
                v2 = parse_number(folded[a:b])
                if isinstance(v2, int) and v2 > 0:
                    out.append(
                        _stat(doc, code, NATIONWIDE, v2, a, b, "stats:nationwide_second")
                    )
    if out:
        out += _follow_rows(c, doc, folded, lay, out, region_starts)
    return out


# a second total sharing the count's verb, for another period: "12 cases were registered ...
# in 2025, and 52 between 1 January and ...", "зарегистрировано 12 дел, а с 1 января ... — 52",
# "12 іс тіркелді, ал 2026 жылдың басынан бері – 52"
_SECOND_EN = re.compile(
    rf",?\s{{1,3}}and\s{{1,3}}(?P<n>{NUM_SRC})\s{{1,3}}(?:between|from|during|in|over|since|for)\s"
)
_SECOND_DASH = re.compile(
    rf",\s{{1,3}}(?:а|ал|и|and)\s{{1,3}}[^,;:!?\n–—-]{{3,80}}?\s[–—-]\s{{0,2}}(?P<n>{NUM_SRC})"
    r"(?=\s{0,3}(?:[.;!?]|$))"
)


_PERIOD = re.compile(r"\d|год|жыл|месяц|(?<!\w)ай|квартал|период|начал|басы|кезен|since|year|month")
_PERIOD_EN = re.compile(
    r"(?:the\s{1,3}(?:first|last|same)\s|\d|(?:january|february|march|april|may|june|july|august"
    r"|september|october|november|december|year|month|quarter|this|last)(?!\w))"
)
_OTHER_VERB = re.compile(
    r"направл|суд|сот(?!\w)|прекращ|токтат|раскры|ашыл|осужд|сотта|court|convict|solved|лиц|адам"
)


def _second_total(
    folded: str, end: int, s_hi: int, later: list[_Count]
) -> tuple[int, int] | None:
    """The span of a second total after a count's clause, with no other count between."""
    if not later and folded.find(",", end, s_hi) >= 0:
        m = _SECOND_EN.search(folded, end, s_hi)
        if m is not None and not _PERIOD_EN.match(folded, m.end(), s_hi):
            m = None  # "and 95 in Atyrau" is a place's part
        if m is None:
            m = _SECOND_DASH.search(folded, end, s_hi)
            # the clause before the dash names a period, and no other verb
            if m is None or not _PERIOD.search(folded, m.start(), m.start("n")):
                return None
            if _OTHER_VERB.search(folded, m.start(), m.start("n")):
                return None
        a, b = m.span("n")
        if b - a == 4 and folded.startswith(("19", "20"), a):
            return None
        return a, b
    return None


_FOLLOW_WORDS = ("числ", "количеств", "саны", "number")


def _follow_rows(
    c: _Compiled,
    doc: Document,
    folded: str,
    lay: Layout,
    rows: list[Fact],
    region_starts: list[int],
) -> list[Fact]:
    """A nationwide row's count given anew in the next sentence of its paragraph: "До конца 2025
    года зарегистрировано 15 уголовных дел. С 1 января по 30 сентября 2026 года их число
    составило 196." (a row for 196, same article)."""
    out: list[Fact] = []
    seen: set[int] = set()
    starts, ends = lay.sent_starts, lay.sent_ends
    for row in rows:
        i = bisect_right(starts, row.start)  # the sentence after the row's
        if i >= len(starts) or starts[i] in seen:
            continue
        n_lo, n_hi = starts[i], ends[i]
        seen.add(n_lo)
        if not any(folded.find(w, n_lo, n_hi) >= 0 for w in _FOLLOW_WORDS):
            continue
        if lay.paragraph(n_lo)[0] != lay.paragraph(row.start)[0]:
            continue
        m = c.follow_re.search(folded, n_lo, n_hi)
        if m is None:
            continue
        g = "n" if m.group("n") is not None else "k" if m.group("k") is not None else "e"
        value = parse_number(m.group(g))
        if (
            not isinstance(value, int)
            or value <= 0
            or is_approx(folded, m.start(g), m.end(g))
            or bisect_left(region_starts, n_lo) < bisect_left(region_starts, n_hi)
            or _local_words(c, folded, n_lo, n_hi)
        ):
            continue
        out.append(
            _stat(doc, row.value["article"], NATIONWIDE, value, m.start(), m.end(),
                  "stats:nationwide")
        )
    return out


# ---------------------------------------------------------------------------------------------
# regional tables


@dataclass(slots=True)
class _Table:
    groups: list[list[Fact]]
    counts: list[tuple[int, int, int]]  # value, start, end of each group's count


# A count that goes to each name of its group: "Павлодарская и Костанайская области – по 4",
# "Aktobe and Atyrau regions – 2 each", "Жамбыл және Түркістан облыстарында 4-тен"; after it the
# next group may open with a generic word ("области Абай и Жетісу").
_EACH = (
    rf"(?:по\s{{1,3}}(?P<n>{NUM_SRC})"
    rf"|(?P<m>{NUM_SRC})(?P<each>\s{{1,3}}each|-?(?:тен|тан|ден|дан|нен|нан)(?!\w))?)"
)
_EACH_NOUN = r"(?:[ \t]{1,3}(?:ис|дело|дела|дел|случа\w{0,3}|факт\w{0,3}|cases?|crimes?))?"
_EACH_SEP = r"(?:\s{1,3}бойынша)?\s{0,3}(?:[-:]\s{0,3}|[ \t]{1,3})?"
_EACH_GAP = re.compile(
    rf"{_EACH_SEP}{_EACH}{_EACH_NOUN}[ \t]{{0,2}}(?:[ \t]{{0,3}}[,;.])?"
    r"(?:\s{0,6}(?:(?:жане|и|and)\s{1,3})?(?:(?:по|в|во|in|at)\s{1,3})?"
    r"(?:г\.\s{0,2}|город\s{1,2}|city\s+of\s{1,2}|области\s{1,2}|regions?\s+of\s{1,2})?)?"
)
_EACH_TAIL = re.compile(
    rf"{_EACH_SEP}{_EACH}{_EACH_NOUN}[ \t]{{0,2}}\)?(?=[ \t]{{0,3}}(?:[,;.)]|\n|$))"
)
_MAX_GAP = 60
# "Северо-Казахстанская область и область Жетісу", "– 8;\nобласть Абай": the word for region
# written before the next name (the places gaps know "г." and "город" there)
_LEAD_WORD = re.compile(r"(?<!\w)(?:область|области|обл\.)\s{1,3}$")
# a dotted leader between a name and its count: "Shymkent ........ 31"
_LEADER = rf"[ \t]{{0,3}}(?:\.{{3,}}|…)[ \t.…]{{0,80}}?(?P<n>{NUM_SRC})(?![\d.,])"
_LEADER_GAP = re.compile(rf"{_LEADER}[ \t]{{0,3}}[,;]?[ \t]{{0,3}}\n\s{{0,6}}")
_LEADER_TAIL = re.compile(rf"{_LEADER}(?=[ \t]{{0,3}}[,;.]?[ \t]{{0,3}}(?:\n|$))")
_LEADER_MAX = 120
# a list of one row a line, each opening with a bullet or a number: "- Shymkent – 87;\n- Astana",
# "• Шымкент — 87\n• Астана", "1) Шымкент – 87 іс;\n2) Астана"
_BULLET_GAP = re.compile(
    rf"{_EACH_SEP}\(?(?P<n>{NUM_SRC}){_EACH_NOUN}\)?[ \t]{{0,3}}[,;.]?[ \t]{{0,3}}\n\s{{0,6}}"
    r"(?:[-–—•*·▪]|\d{1,2}[.)])[ \t]{1,3}(?:г\.\s{0,2}|город\s{1,2}|city\s+of\s{1,2})?"
)
def _each_count(m: re.Match[str], tail: bool) -> tuple[int, int, int] | None:
    group = "n" if m.group("n") is not None else "m"
    if tail and group == "m" and m.group("each") is None:
        return None  # a plain count after the last name is COUNT_TAIL's
    value = parse_number(m.group(group))
    return (value, m.start(group), m.end(group)) if isinstance(value, int) else None


# The first place of a ranking, with its count, and the word that goes on to the next ones:
# "Almaty city led with 2,711 cases, followed by Astana (1,984)", "Алматы с 2 711 случаями, далее
# следуют Астана (1 984)", "Алматы қаласы 2 711 дерекпен алда, одан кейін Астана (1 984)".
_LED_MAX = 90
_LED_MARK = re.compile(r"follow|ahead|then|далее|затем|след|кейин|келеси|артынан")
_LED_NOUN_EN = r"(?:cases?|crimes?|offen[cs]es?|incidents?|reports?)"
_LED_NOUN_RU = r"(?:(?:уголовными\s{1,3})?делами|случаями|фактами|преступлениями|правонарушениями)"
_LED_NOUN_KK = r"(?:дерек|ис|факти|кылмыс|жагдай|кылмыстык\s{1,3}ис)(?:пен|мен|бен)"
_LED_GAP = re.compile(
    r"(?:\s{1,3}(?:city|region))?(?:\s{1,3}(?:led|leads|topped|tops|ranked\s{1,3}first"
    r"|came\s{1,3}first|comes\s{1,3}first|лидирует|лидировал[аи]?|лидером|на\s{1,3}первом"
    r"\s{1,3}месте)(?:\s{1,3}the\s{1,3}(?:list|ranking|table))?)?"
    rf"(?:\s{{1,3}}(?:with|с|со)\s{{1,3}}(?P<n>{NUM_SRC})(?:\s{{1,3}}(?:{_LED_NOUN_EN}|{_LED_NOUN_RU}))?"
    rf"|(?:\s{{1,3}}(?:каласы|облысы))?\s{{1,3}}(?P<k>{NUM_SRC})(?:-?(?:пен|мен|бен)|\s{{1,3}}{_LED_NOUN_KK})"
    r"(?:\s{1,3}(?:алда|алдында|бирінші\s{1,3}орында|кош\s{1,3}бастап(?:\s{1,3}тур)?))?)"
    r"\s{0,3}[,;]?\s{0,3}(?:followed\s{1,3}by|ahead\s{1,3}of|then"
    r"|(?:далее|затем|следом)(?:\s{1,3}(?:следуют|идут))?|за\s{1,3}(?:ним|ней)\s{1,3}(?:следуют|идут)"
    r"|одан\s{1,3}кейин|келеси\s{1,3}орында|артынан)\s{1,3}(?:the\s{1,3}|г\.\s{0,2})?"
)


def _led_count(m: re.Match[str] | None) -> tuple[int, int, int] | None:
    if m is None:
        return None
    group = "n" if m.group("n") is not None else "k"
    value = parse_number(m.group(group))
    return (value, m.start(group), m.end(group)) if isinstance(value, int) else None


_LEADER_STARTS = ("...", " ...", "  ...", "…", " …")


def _leader_at(folded: str, pos: int) -> bool:
    return folded.startswith(_LEADER_STARTS, pos)


def _leader_count(m: re.Match[str] | None) -> tuple[int, int, int] | None:
    value = parse_number(m.group("n")) if m is not None else None
    return (value, m.start("n"), m.end("n")) if m is not None and isinstance(value, int) else None


def _tables(folded: str, regions: list[Fact], left: list[int] | None = None) -> list[_Table]:
    """Tables whose counts follow their names; ``left`` gets the indexes of the regions that
    are in none."""
    tables: list[_Table] = []
    i = 0
    while i < len(regions):
        groups: list[list[Fact]] = [[regions[i]]]
        counts: list[tuple[int, int, int]] = []
        j = i
        while j + 1 < len(regions):
            a, b = regions[j], regions[j + 1]
            b_lo = b.start
            kind, value = gap_kind(folded, a.end, b_lo)
            if kind == "break" and folded[b_lo - 2 : b_lo - 1] in ("ь", "и", "."):
                lead = _LEAD_WORD.search(folded, max(a.end, b_lo - 12), b_lo)
                if lead is not None:
                    b_lo = lead.start()
                    kind, value = gap_kind(folded, a.end, b_lo)
            if kind == "join":
                groups[-1].append(b)
            elif kind == "count":
                m = COUNT_GAP.fullmatch(folded, a.end, b_lo)
                assert m is not None
                counts.append((int(value or 0), m.start("n"), m.end("n")))
                groups.append([b])
            else:
                # a count for each name of the group ("– по 5", "5 each", "5-тен")
                each = (
                    _EACH_GAP.fullmatch(folded, a.end, b_lo)
                    if b_lo - a.end <= _MAX_GAP else None
                )
                count = _each_count(each, tail=False) if each is not None else None
                if count is None and b_lo - a.end <= _LEADER_MAX and _leader_at(folded, a.end):
                    count = _leader_count(_LEADER_GAP.fullmatch(folded, a.end, b_lo))
                if (
                    count is None
                    and b_lo - a.end <= _LED_MAX
                    and _LED_MARK.search(folded, a.end, b_lo)
                ):
                    count = _led_count(_LED_GAP.fullmatch(folded, a.end, b_lo))
                if count is None and b_lo - a.end <= _MAX_GAP and folded.find("\n", a.end, b_lo) >= 0:
                    count = _leader_count(_BULLET_GAP.fullmatch(folded, a.end, b_lo))
                if count is None:
                    break
                counts.append(count)
                groups.append([b])
            j += 1
        end = regions[j].end
        tail = COUNT_TAIL.match(folded, end)
        if tail:
            value = parse_number(tail.group("n"))
            if isinstance(value, int):
                counts.append((value, tail.start("n"), tail.end("n")))
        else:
            each = _EACH_TAIL.match(folded, end)
            count = _each_count(each, tail=True) if each is not None else None
            if count is None and _leader_at(folded, end):
                count = _leader_count(_LEADER_TAIL.match(folded, end))
            if count is not None:
                counts.append(count)
        closed = groups[: len(counts)]
        if len(closed) >= 2:
            tables.append(_Table(closed, counts[: len(closed)]))
            if left is not None:
                left.extend(range(i + sum(map(len, closed)), j + 1))
        elif left is not None:
            left.extend(range(i, j + 1))
        i = j + 1
    return tables


# A count for each name written before the names: "по 5 дел зарегистрировано в Актюбинской и
# Жамбылской областях, по 4 — в Павлодарской ..., по одному делу — в ...", "5 cases each in
# Aktobe and Zhambyl regions". The words between the count and the names may hold a case noun
# and a verb, not a noun of persons.
_PRE_WORDS = {
    "одному": 1, "одной": 1, "одно": 1, "одна": 1, "один": 1, "два": 2, "две": 2, "двум": 2,
    "три": 3, "трем": 3, "четыре": 4, "четырем": 4, "пять": 5, "пяти": 5,
}
_PRE_RU = (
    rf"(?<!\w)по\s{{1,3}}(?:(?P<n>{NUM_SRC})|(?P<w>{'|'.join(_PRE_WORDS)})(?!\w))"
    r"(?P<words>(?:\s{1,3}[а-я-]{2,20}){0,3}?)"
    r"(?:\s{0,3}[-:]\s{0,3}(?:(?:в|во|на)\s{1,3})?|\s{1,3}(?:в|во|на)\s{1,3})"
)
_PRE_EN = (
    rf"(?<!\w)(?P<e>{NUM_SRC})(?P<ewords>(?:\s{{1,3}}[a-z]{{2,12}}){{0,1}})\s{{1,3}}each"
    r"(?:\s{1,3}(?:were|was)\s{1,3}(?:registered|recorded))?\s{1,3}(?:in|for)\s{1,3}"
    r"(?:the\s{1,3})?"
)
_PRE_LEAD = r"(?:г\.\s{0,2}|городе?\s{1,2}|област(?:и|ях)\s{1,2}|regions?\s+of\s{1,2})?"
_PRE_FIRST = re.compile(rf"(?:{_PRE_RU}|{_PRE_EN}){_PRE_LEAD}$")
_PRE_NEXT = re.compile(
    rf"\s{{0,3}}[,;]\s{{0,3}}(?:(?:и|а|and)\s{{1,3}})?(?:{_PRE_RU}|{_PRE_EN}){_PRE_LEAD}"
)
_PRE_PERSONS = re.compile(r"(?<!\w)(?:человек|лиц|граждан|жител|потерпевш|подозрева|person|people)")
_PRE_CASES = re.compile(r"(?<!\w)(?:дел|случа|факт|преступлен|уголовн|зарегистр|учтен|case|crime)")
_PRE_WINDOW = 80


def _pre_count(m: re.Match[str]) -> tuple[int, int, int, str] | None:
    """The count of a match of ``_PRE_FIRST``/``_PRE_NEXT`` (value, start, end) and its words."""
    for group in ("n", "e"):
        if m.group(group) is not None:
            value = parse_number(m.group(group))
            words = m.group("words" if group == "n" else "ewords") or ""
            if not isinstance(value, int) or _PRE_PERSONS.search(words):
                return None
            return value, m.start(group), m.end(group), words
    return _PRE_WORDS[m.group("w")], m.start("w"), m.end("w"), m.group("words") or ""


_PRE_STARTS = tuple("0123456789") + ("од", "дв", "тр", "че", "пя")


# what stands right before the first name of such a table
_PRE_ENDS = ("в ", "во ", "на ", "- ", ": ", "in ", "for ", "the ", "области ", "областях ", "г. ",
             "г.", "городе ")


def _pre_mark(folded: str, lo: int, hi: int) -> bool:
    """Whether a count for each may start in [lo, hi): "по " before a digit or a small number
    word, or "each"."""
    i = folded.find("по ", lo, hi)
    while i >= 0:
        if folded.startswith(_PRE_STARTS, i + 3):
            return True
        i = folded.find("по ", i + 3, hi)
    return folded.find("each", lo, hi) >= 0


def _pre_tables(folded: str, regions: list[Fact], left: list[int]) -> list[_Table]:
    """Tables whose counts stand before their names (``по 5 ... в X и Y, по 4 — в Z``), among
    the regions of indexes ``left`` (those in no other table)."""
    tables: list[_Table] = []
    if len(left) < 2:
        return tables
    free = set(left)
    done = -1
    for i in left:
        if i <= done or i + 1 not in free:  # a table names two places at least
            continue
        first = regions[i]
        lo = max(0, first.start - _PRE_WINDOW)
        if (
            regions[i + 1].start - first.end > _MAX_GAP
            or not folded.endswith(_PRE_ENDS, max(0, first.start - 9), first.start)
            or not _pre_mark(folded, lo, first.start)
        ):
            continue
        m = _PRE_FIRST.search(folded, lo, first.start)
        head = _pre_count(m) if m is not None else None
        if head is None:
            continue
        groups: list[list[Fact]] = [[first]]
        counts = [head[:3]]
        j = i
        while j + 1 in free:
            a, b = regions[j], regions[j + 1]
            b_lo = b.start
            kind, _ = gap_kind(folded, a.end, b_lo)
            if kind != "join":
                lead = _LEAD_WORD.search(folded, max(a.end, b_lo - 12), b_lo)
                if lead is not None and gap_kind(folded, a.end, lead.start())[0] == "join":
                    kind = "join"
            if kind == "join":
                groups[-1].append(b)
            else:
                nxt = _PRE_NEXT.fullmatch(folded, a.end, b_lo) if b_lo - a.end <= _MAX_GAP else None
                count = _pre_count(nxt) if nxt is not None else None
                if count is None:
                    break
                counts.append(count[:3])
                groups.append([b])
            j += 1
        if len(groups) >= 2 or (len(groups[0]) >= 2 and _PRE_CASES.search(head[3])):
            tables.append(_Table(groups, counts))
        done = j
    return tables


# The parts of a count, each written before its place, after a word opening the breakdown:
# "41 факт тіркелді, олардың 18-і Түркістан облысында, 11-і Шымкентте", "41 случай, из них 18 — в
# Туркестанской области, 11 — в Шымкенте", "41 cases, of which 18 in Turkestan region and 11 in
# Shymkent". The count broken down must be one of cases (a count of persons has no rows).
_PART_RU = (
    rf"(?P<n>{NUM_SRC})(?:\s{{1,3}}(?:дел[оа]?|случа[а-я]{{0,3}}|факт[а-я]{{0,3}}))?"
    r"(?:\s{0,3}-\s{0,3}|\s{1,3})(?:(?:был[оаи]?\s{1,3})?(?:зарегистрирован[а-я]{0,3}|учтен[а-я]{0,3})"
    r"\s{1,3})?(?:в|во)\s{1,3}"
)
_PART_KK = rf"(?P<k>{NUM_SRC})-(?:и|ы|сы|си)(?:\s{{0,3}}-)?\s{{1,3}}"
_PART_EN = (
    rf"(?P<e>{NUM_SRC})(?:\s{{1,3}}(?:cases?|crimes?|offen[cs]es?))?(?:\s{{1,3}}(?:were|was)"
    r"(?:\s{1,3}(?:registered|recorded))?)?\s{1,3}in\s{1,3}(?:the\s{1,3})?"
)
_PART_LEAD = r"(?:г\.\s{0,2}|городе\s{1,2}|city\s+of\s{1,2})?"
_PART_FIRST = re.compile(
    rf"{_BREAKDOWN.pattern}\s{{0,3}},?\s{{0,3}}(?:{_PART_RU}|{_PART_KK}|{_PART_EN}){_PART_LEAD}$"
)
_PART_NEXT = re.compile(
    r"(?:\s{0,3}[,;]\s{0,3}(?:(?:и|а|ал|and)\s{1,3})?|\s{1,3}(?:и|а|ал|жане|and)\s{1,3})"
    rf"(?:{_PART_RU}|{_PART_KK}|{_PART_EN}){_PART_LEAD}"
)
_PART_WINDOW = 60
# one of these stands in every text with such a table (the words of _BREAKDOWN)
_PART_WORDS = ("из них", "из которых", "в том числе", "онын ишинде", "олардын", "of which",
               "of them", "of these", "including")


def _part_count(m: re.Match[str]) -> tuple[int, int, int] | None:
    for group in ("n", "k", "e"):
        if m.group(group) is not None:
            value = parse_number(m.group(group))
            return (value, m.start(group), m.end(group)) if isinstance(value, int) else None
    return None


def _part_tables(
    c: _Compiled, folded: str, lay: Layout, regions: list[Fact], free: list[int]
) -> list[_Table]:
    """Tables of the parts of a count of cases, each count before its place, among the regions of
    indexes ``free`` (those in no other table)."""
    tables: list[_Table] = []
    if not free:
        return tables
    # the breakdown word stands in the few words before a place: look for it there only
    starts = [regions[i].start for i in free]
    near = "\x00".join([folded[max(0, a - _PART_WINDOW) : a] for a in starts])
    if not any(w in near for w in _PART_WORDS):
        return tables
    free_set = set(free)
    done = -1
    for i in free:
        if i <= done:
            continue
        first = regions[i]
        lo = max(0, first.start - _PART_WINDOW)
        # the count stands a few words before the place, the breakdown word before the count
        if _DIGIT.search(folded, max(lo, first.start - 45), first.start) is None:
            continue
        if _BREAKDOWN.search(folded, lo, first.start) is None:
            continue
        m = _PART_FIRST.search(folded, lo, first.start)
        head = _part_count(m) if m is not None else None
        if m is None or head is None or not _counted_cases(c, folded, lay, m.start()):
            continue
        groups: list[list[Fact]] = [[first]]
        counts = [head]
        j = i
        while j + 1 in free_set:
            a, b = regions[j], regions[j + 1]
            if gap_kind(folded, a.end, b.start)[0] == "join":
                groups[-1].append(b)
            else:
                nxt = (
                    _PART_NEXT.fullmatch(folded, a.end, b.start)
                    if b.start - a.end <= _MAX_GAP else None
                )
                count = _part_count(nxt) if nxt is not None else None
                if count is None:
                    break
                counts.append(count)
                groups.append([b])
            j += 1
        tables.append(_Table(groups, counts))
        done = j
    return tables


# A table of count columns: a heading line names the columns ("Регион<TAB>2025<TAB>2026",
# "Өңір  2025 ж.  2026 ж.", "Region  Registered  Solved"), then one row a line, the name and then
# its cells, separated by tabs or runs of spaces. A column headed by a year or a word for
# registered cases is a count of the article; one of percentages, growth, solved cases or cases
# sent to court is not. A row whose name is no region ("Прочие регионы") makes no row; a total
# line ("Республика Казахстан, всего", "Барлығы", "Total") makes nationwide rows.
_CELL_SEP = re.compile(r"\t[ \t]*| {2,}[ \t]*")
_COL_NOT = re.compile(
    r"%|процент|пайыз|percent|рост|прирост|динамик|измен|снижен|темп|осу|осим|азаю|кему"
    r"|growth|change|increase|decrease|share|дол[яи]|улес|раскры|ашыл|solved|суд|сот(?!\w)"
    r"|court|прекращ|токтат|terminat|лиц|адам|person|people|потерп|жапа|victim"
)
_COL_COUNT = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?!\d)|аппг|зарегистр|тиркел|registered|recorded|учтен"
    r"|(?<!\w)(?:дел|ис|cases|crimes|количество|число|саны|number)(?!\w)"
)
_COL_TOTAL = re.compile(
    r"(?<!\w)(?:всего|итого|барлыгы|жиыны|total|республика\s{1,3}казахстан"
    r"|казахстан\s{1,3}республикасы|republic\s{1,3}of\s{1,3}kazakhstan|kazakhstan)(?!\w)"
)
_CELL_NUM = re.compile(rf"{NUM_SRC}|[-–—]")
_YEAR_CELL = re.compile(r"(?:19|20)\d\d")


def _line_at(folded: str, pos: int) -> tuple[int, int]:
    lo = folded.rfind("\n", 0, pos) + 1
    hi = folded.find("\n", pos)
    return lo, (hi if hi >= 0 else len(folded))


def _cells(folded: str, lo: int, hi: int) -> tuple[int, list[tuple[int, int]]] | None:
    """The end of a line's name and the spans of the cells after it, when every one of them
    is a number or a dash; None for any other line."""
    line = folded[lo:hi].rstrip()
    seps = list(_CELL_SEP.finditer(line))
    if not seps or seps[0].start() == 0:
        return None
    spans: list[tuple[int, int]] = []
    for k, sep in enumerate(seps):
        c_hi = seps[k + 1].start() if k + 1 < len(seps) else len(line)
        if not _CELL_NUM.fullmatch(line, sep.end(), c_hi):
            return None
        spans.append((lo + sep.end(), lo + c_hi))
    return lo + seps[0].start(), spans


def _years_only(folded: str, cells: list[tuple[int, int]]) -> bool:
    """Whether every cell is a year (a heading "Регион  2025  2026", not a row)."""
    return all(_YEAR_CELL.fullmatch(folded, lo, hi) for lo, hi in cells)


def _heading(folded: str, lo: int, hi: int, k: int) -> list[bool] | None:
    """Which of the last ``k`` columns a heading line presents as counts of cases."""
    line = folded[lo:hi].strip(" \t")
    if not line or _CELL_NUM.fullmatch(line):
        return None
    parts = [p for p in _CELL_SEP.split(line) if p]
    if len(parts) < k or (len(parts) == k and _COL_COUNT.search(parts[0])):
        # the name column may have no heading of its own ("\t2025\t2026")
        if len(parts) != k:
            return None
    else:
        parts = parts[-k:]
    return [bool(_COL_COUNT.search(h)) and not _COL_NOT.search(h) for h in parts]


# The same table with its cells between bars, as tables pasted from a document come out:
# "№ | Регион | 2026", "1 | город Шымкент | 34", " | Итого | 128", or in Markdown ("| Region |
# Cases |" over a "|---|---|" line). The cells before the name are row numbers, no counts.
_PIPE_RULE = re.compile(r"[ \t|:]*-{2,}[ \t|:-]*")


def _bar_parts(folded: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans of a line's cells between bars, stripped; the empty ones at its ends (the
    borders of a Markdown table) left out."""
    spans: list[tuple[int, int]] = []
    a = lo
    while True:
        b = folded.find("|", a, hi)
        c_hi = b if b >= 0 else hi
        c_lo = a
        while c_lo < c_hi and folded[c_lo] in " \t":
            c_lo += 1
        while c_hi > c_lo and folded[c_hi - 1] in " \t\r":
            c_hi -= 1
        spans.append((c_lo, c_hi))
        if b < 0:
            break
        a = b + 1
    while spans and spans[-1][0] == spans[-1][1]:
        spans.pop()
    k = 0
    while k < len(spans) and spans[k][0] == spans[k][1]:
        k += 1
    return spans[k:] if k < 2 else spans[k - 1 :]


def _pipe_cells(folded: str, lo: int, hi: int) -> tuple[int, list[tuple[int, int]]] | None:
    """:func:`_cells` of a line whose cells are between bars: the name is the last cell that is
    no number, the counts the cells after it; the cells before it must be row numbers."""
    if folded.find("|", lo, hi) < 0:
        return None
    parts = _bar_parts(folded, lo, hi)
    k = len(parts)
    while k > 0 and _PIPE_NUM.fullmatch(folded, *parts[k - 1]):
        k -= 1
    if k == 0 or k == len(parts) or parts[k - 1][0] == parts[k - 1][1]:
        return None
    for a, b in parts[: k - 1]:
        if a != b and not _ROW_NO.fullmatch(folded, a, b):
            return None
    return parts[k - 1][1], parts[k:]


_ROW_NO = re.compile(r"\d{1,3}\.?")
# a cell of a column that may be no count ("+12,5 %", "-3%"): its heading decides
_PIPE_NUM = re.compile(rf"[+-]?[ \t]?{NUM_SRC}[ \t]?%?|[-–—]")


def _pipe_heading(folded: str, lo: int, hi: int, k: int) -> list[bool] | None:
    if folded.find("|", lo, hi) < 0:
        return None
    parts = [folded[a:b] for a, b in _bar_parts(folded, lo, hi)]
    if len(parts) <= k:
        return None
    return [bool(_COL_COUNT.search(h)) and not _COL_NOT.search(h) for h in parts[-k:]]


def _column_tables(
    doc: Document, folded: str, lay: Layout, refs: Refs, regions: list[Fact], used: set[int],
    first_id: int,
) -> list[Fact]:
    out: list[Fact] = []
    k_id = first_id
    hi = -1  # the end of the last line looked at: each line is looked at once
    for r in regions:
        if r.start <= hi:
            continue
        lo = folded.rfind("\n", hi + 1, r.start) + 1 or hi + 1
        hi = folded.find("\n", r.start)
        if hi < 0:
            hi = len(folded)
        bars = folded.find("|", lo, hi) >= 0
        if bars:
            read, head, least = _pipe_cells, _pipe_heading, 1
        elif folded.find("\t", lo, hi) >= 0 or folded.find("  ", lo, hi) >= 0:
            read, head, least = _cells, _heading, 2
        else:
            continue
        row = read(folded, lo, hi)
        if row is None or len(row[1]) < least or r.end > row[0]:
            continue
        k = len(row[1])
        # up over the rows of the same shape to the heading line
        top = lo
        while top > 0:
            p_lo, p_hi = _line_at(folded, top - 1)
            above = read(folded, p_lo, p_hi)
            if above is None or len(above[1]) != k or _years_only(folded, above[1]):
                break
            top = p_lo
        if top == 0:
            continue
        h_lo, h_hi = _line_at(folded, top - 1)
        if bars and h_lo > 0 and _PIPE_RULE.fullmatch(folded, h_lo, h_hi):
            h_lo, h_hi = _line_at(folded, h_lo - 1)
        cols = head(folded, h_lo, h_hi, k)
        if cols is None or not any(cols):
            continue
        rows: list[tuple[int, int, list[tuple[int, int]]]] = []
        pos = top
        while pos < len(folded):
            l_lo, l_hi = _line_at(folded, pos)
            cells = read(folded, l_lo, l_hi)
            if cells is None or len(cells[1]) != k or _years_only(folded, cells[1]):
                break
            rows.append((l_lo, cells[0], cells[1]))
            hi = l_hi
            pos = l_hi + 1
        code = _table_article(refs, lay, rows[0][0], rows[-1][2][-1][1], folded)
        if code is None:
            continue
        table: list[tuple[str, int, int, int, int]] = []  # region, column, count, start, end
        for l_lo, name_end, cells in rows:
            names = [f for f in regions if l_lo <= f.start and f.end <= name_end]
            if names:
                codes = [f.value for f in names]
                used.update(id(f) for f in names)
            elif _COL_TOTAL.search(folded, l_lo, name_end):
                codes = [NATIONWIDE]
            else:
                continue
            for col, (c_lo, c_hi) in enumerate(cells):
                if not cols[col]:
                    continue
                v = parse_number(folded[c_lo:c_hi])
                if not isinstance(v, int):
                    continue
                for region in codes:
                    table.append((region, col, v, l_lo, c_hi))
        k_id += 1
        local = [0] * k
        stated: list[set[int]] = [set() for _ in range(k)]
        for region, col, v, _, _ in table:
            if region == NATIONWIDE:
                stated[col].add(v)
            else:
                local[col] += v
        for region, col, v, start, end in table:
            out.append(
                _stat(
                    doc, code, region, v, start, end,
                    "stats:table_total" if region == NATIONWIDE else "stats:table",
                    {
                        "table_id": f"t{k_id}",
                        "column": col,
                        "sum_matches_total": (local[col] in stated[col]) if stated[col] else None,
                    },
                )
            )
    return out


def _counted_cases(c: _Compiled, folded: str, lay: Layout, pos: int) -> bool:
    """Whether the last count before ``pos`` in its sentence is one of cases, with no count of
    persons after it ("41 факт тіркелді, олардың ...", not "30 адам тартылды, олардың ...")."""
    s_lo, _, _ = lay.sentence(pos)
    last = None
    for m in c.count_re.finditer(folded, max(s_lo, pos - 200), pos):
        last = m
    return last is not None and not _PRE_PERSONS.search(folded, last.end(), pos)


def _table_article(
    refs: Refs, lay: Layout, start: int, end: int, folded: str = ""
) -> str | None:
    p_lo, p_hi = lay.paragraph(start)
    r = refs.before(p_lo, start) or refs.before(max(0, p_lo - 600), p_lo)
    if r is None and folded:
        # a table written one row a line: look before its block of lines, not only its line
        blank = folded.rfind("\n\n", max(0, p_lo - 2000), p_lo)
        if 0 <= blank < p_lo - 600:
            r = refs.before(max(0, blank - 600), p_lo)
    if r is None:
        r = refs.after(end, p_hi)
    return refs.code(r) if r is not None else None


def _total_line(c: _Compiled, folded: str, end: int) -> re.Match[str] | None:
    """A line of its own that states the total, at most two lines after the table's last row
    ("Total ........ 96", "Всего – 214"; the line between may be a row without a region)."""
    limit = end
    for _ in range(3):
        nl = folded.find("\n", limit + 1)
        if nl < 0:
            limit = len(folded)
            break
        limit = nl
    return c.total_line_re.search(folded, end, limit + 1 if limit < len(folded) else limit)


def _nationwide_table(c: _Compiled, folded: str, t: _Table, start: int) -> bool:
    """Whether a table's total is the country's: its rows name at least two regions and the line
    before the table does not put it in one region."""
    if len({r.value for g in t.groups for r in g}) < 2:
        return False
    line_lo = folded.rfind("\n", 0, start)
    head_lo = folded.rfind("\n", 0, line_lo) + 1 if line_lo > 0 else 0
    return not _local_words(c, folded, head_lo, start)


_NEXT_LEAD = 12  # "In ", "В ", "На " before the region that opens the next sentence
_NEXT_GAP = 40


def _next_row(
    c: _Compiled, folded: str, lay: Layout, regions: list[Fact], end: int
) -> tuple[Fact, int, int, int] | None:
    """A table's row in the sentence after it, in the same paragraph, when that sentence opens
    with one region and gives it one count of cases and no other number ("... Karaganda Region
    (341). Almaty Region reported 289 cases.", "Алматы облысында 289 іс тіркелді.")."""
    _, s_hi, _ = lay.sentence(end)
    if s_hi >= len(folded) or folded.find("\n", end, s_hi + 3) >= 0:
        return None
    n_lo, n_hi, _ = lay.sentence(s_hi + 1)
    while n_lo < n_hi and folded[n_lo].isspace():
        n_lo += 1
    if n_lo <= end or folded.find("\n", s_hi, n_lo) >= 0:
        return None
    i, j = bisect_left(regions, n_lo, key=_start), bisect_left(regions, n_hi, key=_start)
    if j - i != 1 or regions[i].start - n_lo > _NEXT_LEAD:
        return None
    r = regions[i]
    found = list(c.count_re.finditer(folded, r.end, n_hi))
    if len(found) != 1:
        return None
    m = found[0]
    if m.start() - r.end > _NEXT_GAP or _DIGIT.search(folded, n_lo, m.start("n")):
        return None
    if _DIGIT.search(folded, m.end("n"), n_hi) or _PRE_PERSONS.search(folded, r.end, n_hi):
        return None
    value = parse_number(m.group("n"))
    if not isinstance(value, int) or value <= 0:
        return None
    return r, value, m.start("n"), m.end()


def _start(f: Fact) -> int:
    return f.start


def table_rows(
    doc: Document,
    folded: str,
    lay: Layout,
    refs: Refs,
    regions: list[Fact],
    totals: list[Fact],
) -> list[Fact]:
    c = compiled()
    used: set[int] = set()
    out: list[Fact] = []
    if "\t" in folded or "  " in folded or "|" in folded:
        out = _column_tables(doc, folded, lay, refs, regions, used, 100)
    if used:
        regions = [r for r in regions if id(r) not in used]
    left: list[int] = []
    tables = _tables(folded, regions, left)
    pre = _pre_tables(folded, regions, left)
    tables += pre
    if pre:
        used = {id(r) for t in pre for g in t.groups for r in g}
        left = [i for i in left if id(regions[i]) not in used]
    tables += _part_tables(c, folded, lay, regions, left)
    for k, t in enumerate(tables, start=1):
        first = t.groups[0][0]
        last_end = t.counts[-1][2]
        code = _table_article(refs, lay, first.start, last_end, folded)
        if code is None:
            continue
        total = sum(value * len(g) for g, (value, _, _) in zip(t.groups, t.counts, strict=True))
        stated = [f.value["count"] for f in totals if f.value["article"] == code]
        after = c.total_re.search(folded, last_end, min(len(folded), last_end + 60))
        if after:
            v = parse_number(after.group("n"))
            if isinstance(v, int):
                stated.append(v)
        t_end = max(last_end, t.groups[-1][-1].end)
        line = _total_line(c, folded, t_end) if folded.find("\n", t_end, t_end + 4) >= 0 else None
        if line is not None:
            v = parse_number(line.group("n"))
            if isinstance(v, int) and v > 0:
                if v not in stated and _nationwide_table(c, folded, t, first.start):
                    out.append(
                        _stat(doc, code, NATIONWIDE, v, line.start() + 1, line.end(),
                              "stats:table_total", {"table_id": f"t{k}"})
                    )
                stated.append(v)
        matches = (total in stated) if stated else None
        if t.groups[-1][-1].end <= last_end:
            nxt = _next_row(c, folded, lay, regions, last_end)
            if nxt is not None:
                t.groups.append([nxt[0]])
                t.counts.append(nxt[1:])
        for g, (value, c_start, c_end) in zip(t.groups, t.counts, strict=True):
            if folded[c_end : c_end + 1] == ")":
                c_end += 1
            for r in g:
                # a count before its names ("по 5 ... в X и Y") spans from the count to the name
                start = r.start if r.start < c_start else c_start
                end = c_end if c_end > r.end else r.end
                region = r.value
                out.append(
                    _stat(
                        doc, code, region, value, start, end, "stats:table",
                        {
                            "table_id": f"t{k}",
                            "sum_matches_total": matches,
                            "shared": len(g) > 1,
                        },
                    )
                )
    return out


def extract(doc: Document) -> list[Fact]:
    if not re.search(r"\d", doc.norm):
        return []
    folded = folded_text(doc)
    lay = layout(doc)
    refs = _LazyRefs(doc, folded)
    regions = sorted(
        (f for f in doc.facts if f.kind == "region" and not f.extra.get("dateline")),
        key=lambda f: f.start,
    )
    totals = nationwide_rows(doc, folded, lay, refs, regions)
    return totals + table_rows(doc, folded, lay, refs, regions, totals)
