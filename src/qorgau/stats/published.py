"""Published figures: what official documents say, stored with source, date and period, and
set beside our own counts.

:func:`import_report` reads the ``stat`` facts (regional tables and nationwide totals of
registered cases) and the ``figure`` facts (fraud figures) of a stored document and keeps them
in ``published_figures``: the source document, its date, the article, region, metric, value and
the words they were read from, and the period each figure covers. The period is read from the
sentence that holds the figure (see :func:`period_of`); a regional table takes the period of the
nationwide total it adds up to; a figure whose sentence names no period carries the period of
the figure before it in the same document.

:func:`compare_regions` and :func:`compare_figures` put a published table or set of figures
beside the same table computed from our cases, for the same article and period, with the
differences (ours minus theirs).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qorgau import geo
from qorgau.model import Fact
from qorgau.stats import vocab
from qorgau.stats.core import Filters, FraudFigures
from qorgau.stats.models import PublishedFigure
from qorgau.stats.tables import (
    Source,
    Table,
    describe,
    official_key,
    region_name,
    shift_year,
)
from qorgau.store.models import KZ_TIME, FactRow, Report
from qorgau.store.repo import report_facts

CASES = "cases_registered"
"""Metric of a count of registered cases (a row of a regional table, or a nationwide total)."""
FIGURE_ARTICLE = "190"
"""The article figure facts are about: the figures extractor reads internet-fraud figures."""

FIGURE_MAP: dict[str, str] = {
    "crimes_registered": "registered",
    "crimes_solved": "solved",
    "solved_grave": "solved_grave",
    "solve_rate_pct": "solve_rate_pct",
    "persons_prosecuted": "persons_prosecuted",
    "scheme_impersonation": "scheme:impersonation",
    "scheme_prepayment": "scheme:prepayment_ad",
    "scheme_investment": "scheme:investment",
    "max_damage_tenge": "damage_max_tenge",
    "damage_total_tenge": "damage_total_tenge",
    "victims_over_60_pct": "share_over_60_pct",
    "victims_sold_home": "home_sale_cases",
    "home_sale_cases_sent_to_court": "home_sale_sent_to_court",
    "home_sale_victims_over_60_pct": "home_sale_share_over_60_pct",
    "reporting_delay_days_max": "delay_max_days",
    "crimes_registered_growth_pct": "growth:registered",
    "solved_growth_pct": "growth:solved",
}
"""Published figure metric → our figure (``scheme:NAME`` is that scheme's count,
``growth:NAME`` the change of a figure against the same period a year earlier, in per cent)."""


@dataclass(frozen=True)
class Period:
    """A period a figure covers, and how it was known."""

    start: date | None
    end: date | None
    basis: str


# Reading the period ------------------------------------------------------------------------


@cache
def _cues() -> tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str]]:
    words = vocab.data()["period"]
    ytd = tuple(geo.fold(w) for w in words["year_to_date"])
    after = "|".join(re.escape(geo.fold(w)) for w in words["since_after"])
    before = "|".join(re.escape(geo.fold(w)) for w in words["since_before"])
    return (
        ytd,
        re.compile(rf"^[\s)»\"']{{0,3}}(?:{after})\b"),
        re.compile(rf"(?:^|[\s(«\"])(?:{before})\s{{1,3}}$"),
    )


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _alt(words: list[Any]) -> str:
    """A regex alternation of folded words, longest first, spaces matching any spacing."""
    folded = sorted({geo.fold(str(w)) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded)


@dataclass(frozen=True)
class _PartCues:
    months: tuple[re.Pattern[str], ...]
    count_of: dict[str, int]
    halves: re.Pattern[str]
    quarters: re.Pattern[str]
    ordinal_of: dict[str, int]
    month_range: re.Pattern[str]
    month_of: list[tuple[str, int]]


@cache
def _part_cues() -> _PartCues:
    """Patterns for a part of the year: N months from January, a half, a quarter, a month range."""
    v = vocab.data()["period"]["part_of_year"]
    count_of = {geo.fold(w): int(n) for n, ws in v["counts"].items() for w in ws}
    count = rf"(?P<n>1[01]|[2-9]|{_alt(list(count_of))})"
    before = _alt(v["months_before"])
    months = tuple(re.compile(src) for src in (
        rf"(?<!\w)(?:{before})\s+{count}\s+(?:{_alt(v['months_word_ru'])})",
        rf"(?<!\w){count}\s+(?:{_alt(v['months_word_kk'])})(?!\w)",
        rf"(?<!\w)(?:{before})\s+{count}\s+(?:{_alt(v['months_word_en'])})(?!\w)",
        rf"(?<!\w){count}\s+(?:{_alt(v['months_word_en'])})\s+of\s+(?:the\s+year|\d{{4}})",
    ))
    ordinal_of = {geo.fold(w): int(n) for n, ws in v["ordinals"].items() for w in ws}
    ordinal = (rf"(?P<o>(?:iv|i{{1,3}})(?!\w)|[1-4](?:\s*-?\s*(?:[^\W\d_]{{1,3}}))?(?!\w)"
               rf"|(?:{_alt(list(ordinal_of))})(?!\w))")
    halves = re.compile(rf"(?<!\w){ordinal}\s*(?:{_alt(v['half'])})|(?<!\w)h(?P<h>[12])(?!\w)")
    quarters = re.compile(rf"(?<!\w){ordinal}\s*(?:{_alt(v['quarter'])})|(?<!\w)q(?P<q>[1-4])(?!\w)")
    month_of = [(geo.fold(w), int(n)) for n, ws in v["month_stems"].items() for w in ws]
    month_of.sort(key=lambda p: len(p[0]), reverse=True)
    stem = _alt([w for w, _n in month_of])
    month_range = re.compile(
        rf"(?<!\w)(?P<a>{stem})[^\W\d_]*\s*(?:{_alt(v['range_joiners'])})\s*(?P<b>{stem})"
    )
    return _PartCues(months, count_of, halves, quarters, ordinal_of, month_range, month_of)


def _ordinal(word: str, cues: _PartCues) -> int | None:
    word = word.strip()
    if word in _ROMAN:
        return _ROMAN[word]
    if word[:1].isdigit():
        return int(word[0])
    return cues.ordinal_of.get(word)


def part_of_year(folded: str) -> tuple[int, int] | None:
    """The months (first, last) of a part of the year named in ``folded`` text (folded with
    :func:`qorgau.geo.fold`): ``за 9 месяцев`` (1, 9), ``I полугодие`` (1, 6), ``екінші
    тоқсанда`` (4, 6), ``January-September`` (1, 9); None when it names none."""
    cues = _part_cues()
    for pattern in cues.months:
        m = pattern.search(folded)
        if m:
            n = m.group("n")
            count = int(n) if n.isdigit() else cues.count_of.get(re.sub(r"\s+", " ", n))
            if count:
                return 1, count
    m = cues.halves.search(folded)
    if m:
        k = int(m.group("h")) if m.group("h") else _ordinal(m.group("o"), cues)
        if k in (1, 2):
            return 6 * k - 5, 6 * k
    m = cues.quarters.search(folded)
    if m:
        k = int(m.group("q")) if m.group("q") else _ordinal(m.group("o"), cues)
        if k in (1, 2, 3, 4):
            return 3 * k - 2, 3 * k
    m = cues.month_range.search(folded)
    if m:
        first = next(n for w, n in cues.month_of if w == m.group("a"))
        last = next(n for w, n in cues.month_of if w == m.group("b"))
        if first < last:
            return first, last
    return None


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _part_period(months: tuple[int, int], year: int | None, published: date | None) -> Period | None:
    """The dates of the months ``months`` of ``year``; without a year, the latest such part that
    ended by ``published``. The end is cut at ``published`` when it falls after it."""
    first, last = months
    if year is None:
        if published is None:
            return None
        year = published.year if _month_end(published.year, last) <= published else published.year - 1
    end = _month_end(year, last)
    if published and end > published >= date(year, first, 1):
        end = published
    return Period(date(year, first, 1), end, "stated")


def _year_end(year: int, published: date | None) -> date:
    if published and year >= published.year:
        return published
    return date(year, 12, 31)


def period_of(
    text: str, sentence: tuple[int, int], fact: Fact, facts: list[Fact], published: date | None
) -> Period | None:
    """The period the sentence ``text[sentence]`` states for ``fact``, or None when it states
    none.

    * a date followed by *since* (``2025 жылғы 16 қыркүйектен бастап``, ``с 16 сентября``) starts
      the period; it ends with the year a year phrase in the sentence names (``2025 жылы``), or
      at the publication date;
    * a part of the year (``за 9 месяцев``, ``I полугодие``, ``екінші тоқсанда``, ``in the first
      half of 2025``, ``январь–сентябрь``) is those months of the year the sentence names, or
      else of the latest year in which they ended by the publication date;
    * *since the start of the year* (``ағымдағы жылдың басынан``, ``с начала года``, ``this
      year``) is the year up to the publication date;
    * a year (``2025 жылы``, ``в 2025 году``, ``in 2025``) is that year (up to the publication
      date when it is the current one).
    """
    s_start, s_end = sentence
    folded = geo.fold(text[s_start:s_end])
    ytd_cues, since_after, since_before = _cues()
    years = [f for f in facts if f.kind == "year" and s_start <= f.start < s_end]
    year = None
    if years:
        before = [f for f in years if f.start <= fact.start]
        chosen = before[-1] if before else years[0]
        year = int(chosen.value) if str(chosen.value).isdigit() else None
    since = None
    for f in facts:
        if f.kind != "date" or not (s_start <= f.start < s_end) or f.start > fact.start:
            continue
        d = _full_date(f.value) or _month_day(f.value, year, published)
        if d is None:
            continue
        tail = geo.fold(text[f.end : min(f.end + 12, s_end)])
        head = geo.fold(text[max(s_start, f.start - 14) : f.start])
        if since_after.search(tail) or since_before.search(head):
            since = d
    if since is not None:
        end = date(year, 12, 31) if year and published and year < published.year else published
        return Period(since, end, "stated")
    months = part_of_year(folded)
    if months is not None:
        part = _part_period(months, year, published)
        if part is not None:
            return part
    if any(c in folded for c in ytd_cues) and (published or year):
        y = year or (published.year if published else None)
        assert y is not None
        return Period(date(y, 1, 1), _year_end(y, published), "stated")
    if year:
        return Period(date(year, 1, 1), _year_end(year, published), "stated")
    return None


def _full_date(value: Any) -> date | None:
    if isinstance(value, str) and len(value) == 10 and value[0] != "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _month_day(value: Any, year: int | None, published: date | None) -> date | None:
    """A day written without its year (``--09-16``) in the year the sentence names, else the
    latest such day on or before the publication date."""
    if not (isinstance(value, str) and len(value) == 7 and value.startswith("--")):
        return None
    try:
        month, day = int(value[2:4]), int(value[5:7])
        if year:
            return date(year, month, day)
        if published:
            d = date(published.year, month, day)
            return d if d <= published else date(published.year - 1, month, day)
    except ValueError:
        return None
    return None


def _sentence_at(sentences: list[tuple[int, int]], pos: int, length: int) -> tuple[int, int]:
    for start, end in sentences:
        if start <= pos < end:
            return start, end
    return 0, length


# Reading and storing a document's figures --------------------------------------------------


def read_document(
    text: str,
    facts: list[Fact],
    sentences: list[tuple[int, int]],
    published: date | None,
    *,
    period: Period | None = None,
) -> list[dict[str, Any]]:
    """The published figures of one document as rows of ``published_figures`` (no source or
    report id yet). ``period`` is used where the text states none."""
    facts = sorted(facts, key=lambda f: f.start)
    out: list[dict[str, Any]] = []
    carried: Period | None = None
    totals: list[tuple[Fact, Period | None]] = []
    tables: dict[str, list[Fact]] = {}
    for f in facts:
        if f.kind == "stat" and isinstance(f.value, dict) and (f.extra or {}).get("table_id"):
            tables.setdefault(f.extra["table_id"], []).append(f)
    for f in facts:
        if f.kind not in ("stat", "figure") or not isinstance(f.value, dict):
            continue
        sentence = _sentence_at(sentences, f.start, len(text))
        stated = period_of(text, sentence, f, facts, published)
        extra = f.extra or {}
        table_id = extra.get("table_id") if f.kind == "stat" else None
        found: Period | None = stated
        if found is None and table_id:
            found = _table_period(tables[table_id], totals)
        if found is None and carried is not None:
            found = Period(carried.start, carried.end, "carried")
        if found is None and period is not None:
            found = period
        if found is None and published is not None:
            found = Period(date(published.year, 1, 1), published, "assumed")
        if stated is not None:
            carried = stated
        if f.kind == "stat":
            row = {
                "metric": CASES,
                "article": f.value.get("article"),
                "region": f.value.get("region") or geo.NATIONWIDE,
                "value": f.value.get("count"),
                "table_id": table_id,
            }
            if row["region"] == geo.NATIONWIDE:
                totals.append((f, found))
        else:
            row = {
                "metric": f.value.get("metric"),
                "article": FIGURE_ARTICLE,
                "region": extra.get("region") or geo.NATIONWIDE,
                "value": f.value.get("value"),
                "table_id": None,
            }
        if row["value"] is None or not row["metric"]:
            continue
        row.update(
            published_on=published,
            period_start=found.start if found else None,
            period_end=found.end if found else None,
            period_basis=found.basis if found else "unknown",
            text=f.text,
            span_start=f.start,
            span_end=f.end,
        )
        out.append(row)
    return out


def _table_period(rows: list[Fact], totals: list[tuple[Fact, Period | None]]) -> Period | None:
    """The period of the nationwide total of the same article that the table adds up to."""
    article = rows[0].value.get("article")
    total = sum(int(r.value.get("count") or 0) for r in rows)
    for fact, found in reversed(totals):
        if fact.value.get("article") == article and fact.value.get("count") == total and found:
            return Period(found.start, found.end, "table")
    return None


def import_report(
    session: Session, report_id: int, *, period: Period | None = None, source: str | None = None
) -> int:
    """Store the published figures of a stored document (replacing those stored from it before);
    returns how many. ``period`` is used where the text states none."""
    report = session.get(Report, report_id)
    if report is None:
        raise KeyError(f"no report {report_id}")
    facts = report_facts(session, report_id)
    sentences = [(int(s[0]), int(s[1])) for s in (report.sentences or [])]
    published = report.ref_date or (
        report.received_at.astimezone(KZ_TIME).date() if report.received_at else None
    )
    rows = read_document(report.text, facts, sentences, published, period=period)
    session.execute(delete(PublishedFigure).where(PublishedFigure.report_id == report_id))
    for row in rows:
        session.add(PublishedFigure(report_id=report_id, source=source or report.ext_id, **row))
    session.flush()
    return len(rows)


def official_documents(session: Session) -> list[int]:
    """Ids of the stored reports that hold published figures (stat or figure facts)."""
    q = (
        select(FactRow.report_id)
        .where(FactRow.kind.in_(("stat", "figure")))
        .distinct()
        .order_by(FactRow.report_id)
    )
    return list(session.scalars(q))


def add_figure(
    session: Session,
    *,
    metric: str,
    value: float,
    source: str,
    article: str | None = None,
    region: str = geo.NATIONWIDE,
    period_start: date | None = None,
    period_end: date | None = None,
    published_on: date | None = None,
) -> PublishedFigure:
    """Store one figure typed in by a person (a table from a document the store does not hold)."""
    if region != geo.NATIONWIDE:
        region = geo.region(region).code
    row = PublishedFigure(
        report_id=None,
        source=source,
        published_on=published_on,
        period_start=period_start,
        period_end=period_end,
        period_basis="given",
        article=article,
        region=region,
        metric=metric,
        value=float(value),
        text=None,
        span_start=None,
        span_end=None,
        table_id=None,
    )
    session.add(row)
    session.flush()
    return row


def list_figures(
    session: Session,
    *,
    article: str | None = None,
    metric: str | None = None,
    source: str | None = None,
) -> list[PublishedFigure]:
    """Stored published figures, newest document first, in the order they were read."""
    q = select(PublishedFigure)
    if article:
        q = q.where(PublishedFigure.article == article)
    if metric:
        q = q.where(PublishedFigure.metric == metric)
    if source:
        q = q.where(PublishedFigure.source == source)
    q = q.order_by(
        PublishedFigure.published_on.desc(),
        PublishedFigure.source,
        PublishedFigure.span_start,
        PublishedFigure.id,
    )
    return list(session.scalars(q))


def figures_table(rows: list[PublishedFigure], lang: str = "en") -> Table:
    """Published figures as a table: source, date, period, article, region, metric, value."""
    columns = [
        "source",
        "published_on",
        "period_start",
        "period_end",
        "period_basis",
        "article",
        "region",
        "metric",
        "value",
    ]
    out = []
    for r in rows:
        value = r.value
        out.append(
            {
                "source": r.source,
                "published_on": r.published_on,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "period_basis": r.period_basis,
                "article": r.article,
                "region": r.region,
                "metric": r.metric,
                "value": int(value) if float(value).is_integer() else value,
            }
        )
    labels = {
        "region": vocab.title("region_label", lang),
        "metric": vocab.column("metric_name", lang),
        "article": vocab.column("article", lang),
    }
    return Table(
        "published", vocab.title("published", lang), columns, out, None, [], lang, labels=labels
    )


# Comparison --------------------------------------------------------------------------------


def _latest(rows: list[PublishedFigure]) -> list[PublishedFigure]:
    """The rows of the newest document and period among ``rows``."""
    if not rows:
        return []

    def key(r: PublishedFigure) -> tuple:
        return (
            r.published_on or date.min,
            r.source,
            r.period_start or date.min,
            r.period_end or date.min,
        )

    newest = max(key(r) for r in rows)
    return [r for r in rows if key(r) == newest]


def compare_regions(
    session: Session,
    source: Source,
    article: str,
    lang: str = "en",
    *,
    source_name: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Table:
    """Ours and theirs per region for one article: the newest published regional table (or the
    one from ``source_name``) beside our counts for its period (or ``start``–``end``).

    Columns ``region,region_name,ours,theirs,diff``; a region the published table does not list
    counts as 0 there (letters list the regions that have cases); the total row uses the
    published nationwide total when the document states one."""
    vocab.check_lang(lang)
    wanted = list_figures(session, article=article, metric=CASES, source=source_name)
    regional = _latest([r for r in wanted if r.region != geo.NATIONWIDE])
    chosen = regional or _latest(wanted)
    notes: list[str] = []
    if chosen:
        first = chosen[0]
        start = start or first.period_start
        end = end or first.period_end
        notes.append(
            f"{vocab.title('source', lang)}: {first.source} ({first.published_on}), "
            f"{vocab.title('period_label', lang)}: {first.period_start} – "
            f"{first.period_end} [{first.period_basis}]"
        )
    theirs: dict[str, int] = {r.region: int(r.value) for r in regional}
    total_theirs = None
    if chosen:
        for r in wanted:
            if (
                r.region == geo.NATIONWIDE
                and r.source == chosen[0].source
                and r.period_start == chosen[0].period_start
                and r.period_end == chosen[0].period_end
            ):
                total_theirs = int(r.value)
    filters = Filters(articles=(article,), start=start, end=end)
    ours: dict[str | None, int] = {}
    for (code, _spec), (n, _d) in source.counts(filters, "region").items():
        ours[code] = ours.get(code, 0) + n
    codes = (set(theirs) | {c for c in ours if c}) if regional else set()
    rows = []
    for code in sorted(codes, key=official_key):
        o = ours.get(code, 0)
        t = theirs.get(code, 0) if regional else None
        rows.append(
            {
                "region": code,
                "region_name": region_name(code, lang),
                "ours": o,
                "theirs": t,
                "diff": None if t is None else o - t,
            }
        )
    if ours.get(None) and regional:
        rows.append(
            {
                "region": "",
                "region_name": region_name(None, lang),
                "ours": ours[None],
                "theirs": None,
                "diff": None,
            }
        )
    ours_total = sum(ours.values())
    if total_theirs is None and regional:
        total_theirs = sum(theirs.values())
    total = {
        "region": "",
        "region_name": vocab.column("total", lang),
        "ours": ours_total,
        "theirs": total_theirs,
        "diff": None if total_theirs is None else ours_total - total_theirs,
    }
    return Table(
        "compare",
        vocab.title("compare", lang),
        ["region", "region_name", "ours", "theirs", "diff"],
        rows,
        total,
        describe(filters, lang),
        lang,
        notes,
    )


def _our_value(
    figures: FraudFigures, name: str, last_year: FraudFigures | None
) -> float | int | None:
    if name.startswith("scheme:"):
        s = figures.scheme(name.split(":", 1)[1])
        return s.count if s else 0
    if name.startswith("growth:"):
        field_name = name.split(":", 1)[1]
        now = getattr(figures, field_name)
        before = getattr(last_year, field_name) if last_year else 0
        return round(100.0 * (now - before) / before, 1) if before else None
    return getattr(figures, name)


def _label(name: str, lang: str) -> str:
    kind, _, rest = name.partition(":")
    if kind == "scheme":
        return vocab.scheme_name(rest, lang)
    if kind == "growth":
        return f"{vocab.fraud_label(rest, lang)}: {vocab.column('change_pct', lang)}"
    return vocab.fraud_label(name, lang)


def compare_figures(
    session: Session,
    source: Source,
    lang: str = "en",
    *,
    source_name: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Table:
    """Ours and theirs for the fraud figures of the newest document that publishes them (or of
    ``source_name``), over its period (or ``start``–``end``): ``metric,metric_name,ours,theirs,
    diff``."""
    vocab.check_lang(lang)
    rows_all = [
        r
        for r in list_figures(session, article=FIGURE_ARTICLE, source=source_name)
        if r.metric in FIGURE_MAP and r.region == geo.NATIONWIDE
    ]
    newest = _latest(rows_all)
    if newest:
        doc = (newest[0].source, newest[0].published_on)
        chosen = [r for r in rows_all if (r.source, r.published_on) == doc]
    else:
        chosen = []
    notes = []
    if chosen:
        periods = Counter((r.period_start, r.period_end) for r in chosen)
        (p_start, p_end), _n = periods.most_common(1)[0]
        start, end = start or p_start, end or p_end
        notes.append(
            f"{vocab.title('source', lang)}: {chosen[0].source} "
            f"({chosen[0].published_on}), {vocab.title('period_label', lang)}: "
            f"{p_start} – {p_end}"
        )
    filters = Filters(articles=(FIGURE_ARTICLE,), start=start, end=end)
    figures = source.fraud(filters)
    theirs = {r.metric: r.value for r in chosen}
    last_year = None
    if start and end and any(FIGURE_MAP[m].startswith("growth:") for m in theirs):
        last_year = source.fraud(filters.with_period(shift_year(start, -1), shift_year(end, -1)))
    rows = []
    for metric, ours_name in FIGURE_MAP.items():
        if metric not in theirs:
            continue
        o = _our_value(figures, ours_name, last_year)
        t = theirs[metric]
        t = int(t) if float(t).is_integer() else t
        diff = None if o is None else round(o - t, 1)
        rows.append(
            {
                "metric": metric,
                "metric_name": _label(ours_name, lang),
                "ours": o,
                "theirs": t,
                "diff": int(diff) if diff is not None and float(diff).is_integer() else diff,
            }
        )
    return Table(
        "compare_figures",
        vocab.title("compare", lang),
        ["metric", "metric_name", "ours", "theirs", "diff"],
        rows,
        None,
        describe(filters, lang),
        lang,
        notes,
    )
