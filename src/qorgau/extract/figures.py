"""Official figures: the numbers ministries and prosecutors publish about an offence, mostly fraud.

A ``figure`` fact is ``{"metric": name, "value": number}``: internet frauds registered
(``crimes_registered``), all crimes and all frauds registered with the share internet fraud takes
of them (``share_of_all_crimes_pct``, ``all_crimes_registered`` ...), crimes solved and the grave
ones among them, the solve rate and its growth, persons prosecuted, counts by scheme
(``scheme_impersonation``, ``scheme_prepayment``, ``scheme_investment``,
``scheme_account_takeover``; one list item is one scheme, the one named first), victims who sold their
homes and the cases and shares that belong to them, damage figures, and the delay with which
victims report. The full list, with the words that give each metric in kk/ru/en, is in
``data/lexicons/figures.yaml`` and ``docs/places_and_statistics.md``.

How it reads: each metric has patterns over the folded text (a number placeholder between cue
words). A pattern is tried only inside sentences where one of its cue stems occurs (looked for
only in the sentences that hold a digit, since every pattern holds a number; a percent or money
pattern also needs its unit word there), so documents without statistics cost almost nothing.
A template may also ask that the offence named last before it be internet fraud (``4 512 таких
преступлений`` after a heading on it). Percentages and sums of money take their value from the ``percent`` and ``money`` facts of the
earlier extractors where one covers the number, and are parsed with ``text/numbers.py``
otherwise; a sum may write its currency first (``KZT 8.7 billion``). A figure written as an
approximation (``28 мыңға жуық``, ``около``, ``over``) is dropped when the same metric also has an
exact value. The count of cases sent to court and the share of victims over an age that follow a
figure about victims who sold their homes, in the same paragraph, are about those cases and get
the ``home_sale_`` prefix.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from qorgau import geo
from qorgau.extract import stats_tables
from qorgau.extract.places import folded_text, is_nationwide
from qorgau.model import Document, Fact
from qorgau.text.numbers import NUM_SRC, as_int_if_whole, parse_number, scale_src, scaled
from qorgau.text.patterns import structural

_NUM_SUFFIX = r"(?:-[а-я]{1,5})?"
_PCT_UNIT = r"\s?(?:%|процент\w{0,3}|пайыз\w{0,3}|per\s?cent)(?:-?[а-я]{1,5})?"
_CURRENCY = r"\s?(?:тенге|тг\.?|₸|tenge|kzt)\w{0,5}"
# One of these stands wherever _PCT_UNIT / _CURRENCY matches (keep them in step).
_PCT_WORDS = ("%", "процент", "пайыз", "per")
_CURRENCY_WORDS = ("тенге", "тг", "₸", "tenge", "kzt")
_GAP = r"[^.!?\n]{0,60}?"
_SECOND_PART = r"(?:\s\d{1,3}\s(?:млн|миллион\w{0,3}|мын|тыс\.?|тысяч\w{0,2}|million|thousand))?"
# a count for the regions left out of a list is no total ("Қалған өңірлерде барлығы 9 899 қылмыс
# тіркелді", "в остальных регионах", "in the remaining regions")
_REST = re.compile(
    r"(?<!\w)(?:калган|баска|озге|остальн\w{1,3}|прочих|других|remaining|other)\s"
    r"(?:\w{1,15}\s)?(?:онир|облыс|регион|област|region|oblast)"
)


def _placeholders() -> dict[str, str]:
    return {
        "{n}": rf"(?P<n>{NUM_SRC}){_NUM_SUFFIX}",
        "{n2}": rf"(?P<n2>{NUM_SRC}){_NUM_SUFFIX}",
        "{p}": rf"(?P<n>{NUM_SRC}){_PCT_UNIT}",
        "{p2}": rf"(?P<n2>{NUM_SRC}){_PCT_UNIT}",
        # the currency after the sum, or before it ("KZT 8.7 billion", "₸ 97 million")
        # (a sum in two parts, "2 млрд 150 млн теңге", takes its value from the money fact)
        "{m}": rf"(?P<cur>(?:kzt|₸)\s?)?(?P<n>{NUM_SRC})(?:\s?{scale_src()}{_SECOND_PART})?"
        rf"(?(cur)|{_CURRENCY})",
        "{age}": r"(?P<age>\d{2})",
        "{g}": _GAP,
    }


@dataclass(frozen=True, slots=True)
class _Template:
    metric: str
    metric2: str | None
    lang: str
    period: bool
    kind: str  # count | pct | money (what group n holds)
    regex: re.Pattern[str]
    # words one of which every match holds (the percent or currency word), None when unknown
    needs: tuple[str, ...] | None = None
    # the article the offence named just before a match must have ("таких преступлений")
    context: str | None = None


@dataclass(slots=True)
class _Compiled:
    templates: list[_Template]
    cue_templates: dict[str, list[int]]
    period_re: re.Pattern[str]


def _fold_key(s: str) -> str:
    return " ".join(geo.fold(s).split())


@cache
def compiled() -> _Compiled:
    lex = stats_tables.lexicon()
    holders = _placeholders()
    templates: list[_Template] = []
    cue_templates: dict[str, list[int]] = {}
    for i, e in enumerate(lex["figures"]):
        src = geo.fold(e["re"])
        kind = "pct" if "{p}" in src else "money" if "{m}" in src else "count"
        needs = (
            _PCT_WORDS if _required(src, "{p}") else _CURRENCY_WORDS if _required(src, "{m}")
            else None
        )
        for k, v in holders.items():
            src = src.replace(k, v)
        templates.append(
            _Template(
                metric=e["metric"],
                metric2=e.get("metric2"),
                lang=e.get("lang", ""),
                period=bool(e.get("period")),
                kind=kind,
                regex=re.compile(src),
                needs=needs,
                context=str(e["context"]) if e.get("context") else None,
            )
        )
        for cue in e["cue"]:
            cue_templates.setdefault(_fold_key(cue), []).append(i)
    period_words = sorted({_fold_key(w) for w in lex["period"]}, key=len, reverse=True)
    period_src = "|".join(re.escape(w).replace(r"\ ", r"\s{1,3}") for w in period_words)
    return _Compiled(
        templates=templates,
        cue_templates=cue_templates,
        period_re=re.compile(rf"(?<!\w)(?:{period_src})(?!\w)|(?<!\d)(?:19|20)\d\d(?!\d)"),
    )


def _required(src: str, holder: str) -> bool:
    """Whether every match of the template source ``src`` holds ``holder``: it stands outside any
    group and the source has no alternation at its top level."""
    at = src.find(holder)
    if at < 0:
        return False
    depth, depth_at = 0, None
    for i, c in structural(src):
        if depth_at is None and i >= at:
            depth_at = depth
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            return False  # an alternation at the top level
    return (depth if depth_at is None else depth_at) == 0


@dataclass(slots=True)
class _Candidate:
    metric: str
    value: int | float
    start: int
    end: int
    approx: bool
    region: str | None = None


def _value_of(
    doc: Document, kind: str, m: re.Match[str], group: str, by_start: dict[str, list[Fact]]
) -> int | float | None:
    start = m.start(group)
    if kind in ("pct", "money") and group == "n":
        fact_kind = "percent" if kind == "pct" else "money"
        for f in by_start.get(fact_kind, []):
            if f.start <= start < f.end and isinstance(f.value, int | float):
                return as_int_if_whole(f.value)
    number = parse_number(m.group(group))
    if number is None:
        return None
    if kind == "money" and group == "n":
        scale = m.groupdict().get("scale")
        return scaled(number, scale)
    return as_int_if_whole(number)


def _sentences_with_cues(folded: str, lay: stats_tables.Layout, c: _Compiled) -> dict[int, set[int]]:
    """Sentence start → indexes of the templates whose cues occur in that sentence."""
    todo: dict[int, set[int]] = {}
    # every template holds a number: cues in sentences without a digit cannot give a figure
    spans = stats_tables.digit_sentence_spans(folded, lay)
    for start, _end, cue in stats_tables.scan_stems(folded, c.cue_templates, spans):
        idx = c.cue_templates[cue]
        s_lo, _s_hi, _ = lay.sentence(start)
        todo.setdefault(s_lo, set()).update(idx)
    return todo


def _in_context(
    refs: stats_tables.Refs, lay: stats_tables.Layout, code: str, pos: int
) -> bool:
    """Whether the offence or article named last before ``pos`` (in its paragraph, else in the
    few lines before it) is the article ``code``."""
    p_lo, _ = lay.paragraph(pos)
    r = refs.before(p_lo, pos) or refs.before(max(0, p_lo - 300), p_lo)
    return r is not None and refs.code(r).split("-")[0] == code


# Figures that make a document an official statistics release: a `period` figure after one of
# them needs no period word of its own ("Общая сумма ущерба превысила 12 млрд тенге" after the
# counts for nine months), unless its sentence is about one case.
_OFFICIAL = frozenset({
    "crimes_registered", "crimes_solved", "persons_prosecuted", "all_crimes_registered",
    "all_frauds_registered",
})
_ONE_CASE = re.compile(
    r"(?<!\w)(?:по\s(?:этому\s|данному\s|его\s|ее\s|её\s)?делу|в\s(?:этом|данном)\s(?:деле|случае)"
    r"|осы\sис|in\s(?:this|that|the)\scase)(?!\w)"
)


def _candidates(doc: Document, folded: str, lay: stats_tables.Layout) -> list[_Candidate]:
    c = compiled()
    refs: stats_tables.Refs | None = None
    official = False  # an official count was read in an earlier sentence
    by_kind: dict[str, list[Fact]] = {
        "percent": [f for f in doc.facts if f.kind == "percent"],
        "money": [f for f in doc.facts if f.kind == "money"],
    }
    out: list[_Candidate] = []
    seen = 0  # candidates already looked at for an official count
    for s_lo, idx in _sentences_with_cues(folded, lay, c).items():
        _, s_hi, _ = lay.sentence(s_lo)
        if not official and len(out) > seen:
            official = any(x.metric in _OFFICIAL and not x.approx for x in out[seen:])
            seen = len(out)
        has_period = None
        has_words: dict[tuple[str, ...], bool] = {}
        for i in sorted(idx):
            t = c.templates[i]
            if t.needs is not None:
                # a percent or money template cannot match without its unit word
                has = has_words.get(t.needs)
                if has is None:
                    has = any(folded.find(w, s_lo, s_hi) >= 0 for w in t.needs)
                    has_words[t.needs] = has
                if not has:
                    continue
            for m in t.regex.finditer(folded, s_lo, s_hi):
                if t.period:
                    if has_period is None:
                        has_period = c.period_re.search(folded, s_lo, s_hi) is not None
                    if not has_period and not (
                        official and not _ONE_CASE.search(folded, s_lo, m.end())
                    ):
                        continue
                if t.context is not None:
                    if refs is None:
                        refs = stats_tables.lazy_refs(doc, folded)
                    if not _in_context(refs, lay, t.context, m.start()):
                        continue
                if t.kind == "count" and _REST.search(folded, max(s_lo, m.start() - 60), m.start()):
                    continue
                metric = t.metric
                if "{age}" in metric:
                    metric = metric.replace("{age}", m.group("age"))
                for group, name in (("n", metric), ("n2", t.metric2)):
                    if name is None or m.groupdict().get(group) is None:
                        continue
                    value = _value_of(doc, t.kind if group == "n" else "count", m, group, by_kind)
                    if value is None:
                        continue
                    approx = stats_tables.is_approx(folded, m.start(group), m.end(group))
                    out.append(_Candidate(name, value, m.start(), m.end(), approx))
    return out


def _scope(doc: Document, folded: str, lay: stats_tables.Layout, cands: list[_Candidate]) -> None:
    """A figure in a sentence that names one region (in it, or earlier in its paragraph) is that
    region's figure, unless the sentence says the whole country."""
    regions = sorted(
        (f for f in doc.facts if f.kind == "region" and not f.extra.get("dateline")),
        key=lambda f: f.start,
    )
    if not regions:
        return
    starts = [f.start for f in regions]
    for cand in cands:
        s_lo, s_hi, _ = lay.sentence(cand.start)
        p_lo, _ = lay.paragraph(cand.start)
        if is_nationwide(folded, s_lo, s_hi):
            continue
        codes = {f.value for f in regions[bisect_left(starts, p_lo) : bisect_left(starts, s_hi)]}
        if len(codes) == 1:
            cand.region = codes.pop()


def _home_sale(cands: list[_Candidate], lay: stats_tables.Layout) -> None:
    """Figures after a 'victims sold their homes' figure in its paragraph belong to those cases."""
    sold_at: list[tuple[int, int]] = []  # (paragraph start, position)
    for cand in sorted(cands, key=lambda x: x.start):
        p_lo, _ = lay.paragraph(cand.start)
        if cand.metric == "victims_sold_home":
            sold_at.append((p_lo, cand.start))
            continue
        if cand.metric == "cases_sent_to_court" or (
            cand.metric.startswith("victims_over_") and cand.metric.endswith("_pct")
        ):
            if any(p == p_lo and pos < cand.start for p, pos in sold_at):
                cand.metric = "home_sale_" + cand.metric


def extract(doc: Document) -> list[Fact]:
    if not re.search(r"\d", doc.norm):
        return []
    folded = folded_text(doc)
    lay = stats_tables.layout(doc)
    cands = _candidates(doc, folded, lay)
    if not cands:
        return []
    _home_sale(cands, lay)
    _scope(doc, folded, lay, cands)
    exact = {c.metric for c in cands if not c.approx}
    # one item of a list of schemes is one scheme: the one named first in it
    scheme_at: dict[int, int] = {}
    for cand in cands:
        if cand.metric.startswith("scheme_"):
            scheme_at[cand.end] = min(scheme_at.get(cand.end, cand.start), cand.start)
    seen: set[tuple[str, float, int]] = set()
    facts: list[Fact] = []
    for cand in sorted(cands, key=lambda x: (x.start, x.end)):
        if cand.approx and cand.metric in exact:
            continue
        if cand.metric.startswith("scheme_") and cand.start != scheme_at[cand.end]:
            continue
        key = (cand.metric, float(cand.value), cand.start)
        if key in seen:
            continue
        seen.add(key)
        facts.append(
            Fact(
                kind="figure",
                value={"metric": cand.metric, "value": cand.value},
                start=cand.start,
                end=cand.end,
                text=doc.original[cand.start : cand.end],
                rule="figure:cue",
                extra={
                    k: v for k, v in (("approx", cand.approx), ("region", cand.region)) if v
                },
            )
        )
    return facts
