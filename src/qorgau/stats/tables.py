"""Official-table shapes: counts turned into titled tables with names, order, zeros and totals.

A :class:`Table` has machine column keys (``region,region_name,count``: what CSV and JSON carry),
rows as dicts, a total row that adds up, the filters as a reader sees them, and its language.
Tables are built from a *source* of aggregates, the database (:class:`DbSource`) or a list of
rows (:class:`RowSource`), so the same shaping serves the command line, the web pages and the
tests.

Region order: ``official`` puts the cities of republican significance first (Astana, Almaty,
Shymkent), then the regions by their ISO code (the order of the official classifier), then
anything else, then cases with no region; ``count`` orders by count, largest first, with the
official order between equal counts.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from qorgau import geo
from qorgau.stats import core, vocab
from qorgau.stats.core import MAIN_SCHEMES, Counts, Filters, FraudFigures, pct
from qorgau.stats.models import STATUSES

CITIES = ("KZ-71", "KZ-75", "KZ-79")
ORDERS = ("official", "count")


class Source(Protocol):
    """Where aggregates come from: the database or a list of rows."""

    def counts(self, filters: Filters, by: str) -> Counts: ...

    def total(self, filters: Filters) -> int: ...

    def fraud(self, filters: Filters) -> FraudFigures: ...

    def months(self, filters: Filters) -> tuple[str | None, str | None]: ...


class RowSource:
    """Aggregates computed in Python over :class:`~qorgau.stats.core.CaseRow` objects."""

    def __init__(self, rows: list[core.CaseRow]) -> None:
        self.rows = rows

    def counts(self, filters: Filters, by: str) -> Counts:
        return core.count_rows(self.rows, filters, by)

    def total(self, filters: Filters) -> int:
        return core.period_total(self.rows, filters)

    def fraud(self, filters: Filters) -> FraudFigures:
        return core.fraud_figures(self.rows, filters)

    def months(self, filters: Filters) -> tuple[str | None, str | None]:
        found = [r.month for r in self.rows if r.month and core.matches(r, filters)]
        return (min(found), max(found)) if found else (None, None)


class DbSource:
    """Aggregates computed by the database over ``stat_cases`` (see :mod:`qorgau.stats.query`)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def counts(self, filters: Filters, by: str) -> Counts:
        from qorgau.stats import query

        return query.count_rows(self.session, filters, by)

    def total(self, filters: Filters) -> int:
        from qorgau.stats import query

        return query.period_total(self.session, filters)

    def fraud(self, filters: Filters) -> FraudFigures:
        from qorgau.stats import query

        return query.fraud_figures(self.session, filters)

    def months(self, filters: Filters) -> tuple[str | None, str | None]:
        from qorgau.stats import query

        return query.data_months(self.session, filters)


@dataclass
class Table:
    """A titled table: column keys, rows, a total row, the filters and the language."""

    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = None
    filters: list[tuple[str, str]] = field(default_factory=list)
    lang: str = "en"
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def header(self, column: str) -> str:
        """The header of a column in the table's language (an article column keeps its label)."""
        return self.labels.get(column) or vocab.column(column, self.lang)

    def headers(self) -> list[str]:
        return [self.header(c) for c in self.columns]

    def all_rows(self) -> list[dict[str, Any]]:
        """The rows and then the total row, if any."""
        return self.rows + ([self.total] if self.total else [])


# Filters as a reader sees them ------------------------------------------------------------


def fmt_period(start: date | None, end: date | None, lang: str) -> str:
    if not start and not end:
        return vocab.column("period_all", lang)
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"


def describe(filters: Filters, lang: str) -> list[tuple[str, str]]:
    """The filters as ``(label, value)`` lines, for the top of a table or sheet."""
    arts = []
    for article, part in filters.specs:
        label = vocab.article_label(article, part, lang)
        topic = vocab.article_topic(article, lang)
        arts.append(f"{label} ({topic})" if topic else label)
    out = [
        (vocab.title("article_label", lang), "; ".join(arts) or vocab.column("article_all", lang)),
        (vocab.title("period_label", lang), fmt_period(filters.start, filters.end, lang)),
    ]
    if filters.regions:
        names = [region_name(r, lang) for r in filters.regions]
        out.append((vocab.title("region_label", lang), ", ".join(names)))
    if filters.statuses:
        names = [vocab.status_name(s, lang) for s in filters.statuses]
        out.append((vocab.title("status_label", lang), ", ".join(names)))
    return out


# Regions ----------------------------------------------------------------------------------


def region_name(code: str | None, lang: str) -> str:
    """Official name of a unit; the code itself when unknown; ``not stated`` for None."""
    if not code:
        return vocab.column("not_stated", lang)
    try:
        return geo.name(code, lang)
    except KeyError:
        return code


def official_key(code: str | None) -> tuple[int, str]:
    """Sort key of the official order (cities of republican significance first)."""
    if code is None or code == "":
        return (4, "")
    if code in CITIES:
        return (0, str(CITIES.index(code)))
    if code == geo.NATIONWIDE:
        return (3, code)
    return (1, code) if code in geo.codes() else (2, code)


def _pivot(counts: Counts) -> dict[Any, dict[str, list[int]]]:
    out: dict[Any, dict[str, list[int]]] = {}
    for (key, spec), cell in counts.items():
        out.setdefault(key, {})[spec] = cell
    return out


def _spec_columns(filters: Filters) -> list[str]:
    labels = list(filters.labels)
    return labels if len(labels) > 1 else []


def _count_row(per_spec: dict[str, list[int]], specs: list[str]) -> dict[str, int]:
    out = {"count": sum(c[0] for c in per_spec.values())}
    for s in specs:
        out[s] = per_spec.get(s, [0, 0])[0]
    return out


def _total_row(rows: list[dict[str, Any]], first: str, keys: list[str], lang: str) -> dict:
    total: dict[str, Any] = {first: "", f"{first}_name": vocab.column("total", lang)}
    for k in keys:
        total[k] = sum(r.get(k) or 0 for r in rows)
    return total


def region_table(
    source: Source, filters: Filters, lang: str = "en", *, zeros: bool = False,
    order: str = "official",
) -> Table:
    """Cases per region: ``region,region_name,count`` (plus a column per article when several
    are asked for), a total that adds up (cases with no region included as their own row)."""
    vocab.check_lang(lang)
    if order not in ORDERS:
        raise ValueError(f"order: expected official or count, got {order!r}")
    specs = _spec_columns(filters)
    per = _pivot(source.counts(filters, "region"))
    if zeros:
        wanted = filters.regions or tuple(geo.codes())
        for code in wanted:
            per.setdefault(code, {})
    rows = []
    for code, cells in per.items():
        row: dict[str, Any] = {"region": code or "", "region_name": region_name(code, lang)}
        row.update(_count_row(cells, specs))
        rows.append(row)
    rows.sort(key=lambda r: official_key(r["region"] or None))
    if order == "count":
        rows.sort(key=lambda r: (r["region"] == "", -r["count"]))
    columns = ["region", "region_name", "count", *specs]
    return Table(
        "region", vocab.title("region", lang), columns, rows,
        _total_row(rows, "region", ["count", *specs], lang), describe(filters, lang), lang,
    )


# Months -----------------------------------------------------------------------------------


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included."""
    y, m = map(int, first.split("-"))
    ly, lm = map(int, last.split("-"))
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_bounds(month: str) -> tuple[date, date]:
    y, m = map(int, month.split("-"))
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _change(n: int, before: int | None) -> tuple[int | None, float | None]:
    if before is None:
        return None, None
    return n - before, (round(100.0 * (n - before) / before, 1) if before else None)


def month_table(
    source: Source, filters: Filters, lang: str = "en", *, zeros: bool = False
) -> Table:
    """Cases per month with the change against the month before: ``month,count,change,
    change_pct``. Months inside the data's span are always listed (zero when empty); with
    ``zeros`` the whole period asked for is."""
    vocab.check_lang(lang)
    specs = _spec_columns(filters)
    per = _pivot(source.counts(filters, "month"))
    per.pop(None, None)
    months = sorted(per)
    if zeros and filters.start and filters.end:
        first, last = filters.start.strftime("%Y-%m"), filters.end.strftime("%Y-%m")
        months = month_range(min([first, *months]), max([last, *months]))
    elif months:
        months = month_range(months[0], months[-1])
    rows: list[dict[str, Any]] = []
    before: int | None = None
    if months:
        # the first month's change is against the month before it, when the store has data
        # that far back (otherwise there is nothing to compare with)
        start, _ = month_bounds(months[0])
        previous = (start - timedelta(days=1)).strftime("%Y-%m")
        earliest, _ = source.months(filters.with_period(None, None))
        if earliest is not None and earliest <= previous:
            before = source.total(filters.with_period(*month_bounds(previous)))
    for month in months:
        row: dict[str, Any] = {"month": month, "month_name": vocab.month_name(month, lang)}
        row.update(_count_row(per.get(month, {}), specs))
        row["change"], row["change_pct"] = _change(row["count"], before)
        before = row["count"]
        rows.append(row)
    total = {"month": "", "month_name": vocab.column("total", lang)}
    for k in ["count", *specs]:
        total[k] = sum(r[k] for r in rows)
    columns = ["month", "count", "change", "change_pct", *specs]
    return Table("month", vocab.title("month", lang), columns, rows, total,
                 describe(filters, lang), lang)


def shift_year(d: date, years: int) -> date:
    """The same day ``years`` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def trend_table(source: Source, filters: Filters, lang: str = "en") -> Table:
    """This period against the period of the same length before it and the same period a year
    earlier: ``period,start,end,count,change,change_pct``."""
    vocab.check_lang(lang)
    start, end = filters.start, filters.end
    if start is None or end is None:
        first, last = source.months(filters)
        if first is None or last is None:
            return Table("trend", vocab.title("trend", lang),
                         ["period", "start", "end", "count", "change", "change_pct"], [],
                         None, describe(filters, lang), lang)
        start = start or month_bounds(first)[0]
        end = end or month_bounds(last)[1]
    length = (end - start).days + 1
    this = source.total(filters.with_period(start, end))
    periods = [
        ("previous_period", start - timedelta(days=length), start - timedelta(days=1)),
        ("last_year", shift_year(start, -1), shift_year(end, -1)),
    ]
    rows: list[dict[str, Any]] = [
        {"period": vocab.title("this_period", lang), "start": start.isoformat(),
         "end": end.isoformat(), "count": this, "change": None, "change_pct": None}
    ]
    for name, s, e in periods:
        n = source.total(filters.with_period(s, e))
        change, change_pct = _change(this, n)
        rows.append({"period": vocab.title(name, lang), "start": s.isoformat(),
                     "end": e.isoformat(), "count": n, "change": change, "change_pct": change_pct})
    return Table("trend", vocab.title("trend", lang),
                 ["period", "start", "end", "count", "change", "change_pct"], rows, None,
                 describe(filters, lang), lang)


# Status, scheme, article ------------------------------------------------------------------


def status_table(
    source: Source, filters: Filters, lang: str = "en", *, zeros: bool = False
) -> Table:
    """Cases per current status: ``status,status_name,count``; the four procedural statuses
    are always listed."""
    vocab.check_lang(lang)
    specs = _spec_columns(filters)
    per = _pivot(source.counts(filters, "status"))
    keys = [s for s in STATUSES if s != "other" or "other" in per]
    keys += sorted(k for k in per if k not in STATUSES)
    rows = []
    for key in keys:
        row: dict[str, Any] = {"status": key, "status_name": vocab.status_name(key, lang)}
        row.update(_count_row(per.get(key, {}), specs))
        rows.append(row)
    return Table("status", vocab.title("status", lang), ["status", "status_name", "count", *specs],
                 rows, _total_row(rows, "status", ["count", *specs], lang),
                 describe(filters, lang), lang)


def scheme_table(
    source: Source, filters: Filters, lang: str = "en", *, zeros: bool = False
) -> Table:
    """Fraud cases and damage per scheme: ``scheme,scheme_name,count,damage_tenge,share_pct``;
    the five main schemes are always listed, cases with no scheme count as ``other``."""
    vocab.check_lang(lang)
    per: dict[str, list[int]] = {}
    for (key, _spec), (n, damage) in source.counts(filters, "scheme").items():
        cell = per.setdefault(key or "other", [0, 0])
        cell[0] += n
        cell[1] += damage
    total_n = sum(c[0] for c in per.values())
    keys = list(MAIN_SCHEMES[:-1]) + sorted(set(per) - set(MAIN_SCHEMES)) + ["other"]
    rows = []
    for key in keys:
        n, damage = per.get(key, [0, 0])
        if n or key in MAIN_SCHEMES:
            rows.append({"scheme": key, "scheme_name": vocab.scheme_name(key, lang), "count": n,
                         "damage_tenge": damage, "share_pct": pct(n, total_n)})
    total = _total_row(rows, "scheme", ["count", "damage_tenge"], lang)
    total["share_pct"] = 100.0 if total_n else None
    return Table("scheme", vocab.title("scheme", lang),
                 ["scheme", "scheme_name", "count", "damage_tenge", "share_pct"], rows, total,
                 describe(filters, lang), lang)


def article_table(
    source: Source, filters: Filters, lang: str = "en", *, zeros: bool = False
) -> Table:
    """Cases per article and part: ``article,part,count``."""
    vocab.check_lang(lang)
    per: dict[tuple[str | None, int | None], int] = {}
    for (key, _spec), (n, _d) in source.counts(filters, "article").items():
        per[key] = per.get(key, 0) + n
    rows = [
        {"article": a or "", "part": p, "count": n}
        for (a, p), n in sorted(per.items(), key=lambda kv: (kv[0][0] or "~", kv[0][1] or 0))
    ]
    total = {"article": vocab.column("total", lang), "part": None,
             "count": sum(r["count"] for r in rows)}
    return Table("article", vocab.title("article", lang), ["article", "part", "count"], rows,
                 total, describe(filters, lang), lang)


BUILDERS = {
    "region": region_table,
    "month": month_table,
    "status": status_table,
    "scheme": scheme_table,
    "article": article_table,
}


def build(
    source: Source, filters: Filters, by: str, lang: str = "en", *, zeros: bool = False,
    order: str = "official",
) -> Table:
    """The table of cases by ``by`` (region, month, status, scheme or article)."""
    if by not in BUILDERS:
        raise ValueError(f"by: expected one of {', '.join(BUILDERS)}, got {by!r}")
    if by == "region":
        return region_table(source, filters, lang, zeros=zeros, order=order)
    return BUILDERS[by](source, filters, lang, zeros=zeros)


# Fraud figures ----------------------------------------------------------------------------

FRAUD_ROWS = (
    "registered", "grave", "especially_grave", "solved", "solved_grave", "solve_rate_pct",
    "persons_prosecuted", "damage_total_tenge", "damage_max_tenge", "damage_known",
    "victims_with_age", "victims_over_60", "share_over_60_pct", "delay_known",
    "delay_median_days", "delay_over_5_pct", "delay_max_days", "home_sale_cases",
    "home_sale_sent_to_court", "home_sale_share_over_60_pct",
)


def fraud_table(figures: FraudFigures, filters: Filters, lang: str = "en") -> Table:
    """The fraud figures as ``metric,metric_name,value`` rows (schemes are in
    :func:`fraud_scheme_table`)."""
    vocab.check_lang(lang)
    rows = [
        {"metric": name, "metric_name": vocab.fraud_label(name, lang),
         "value": getattr(figures, name)}
        for name in FRAUD_ROWS
    ]
    return Table("fraud", vocab.title("fraud", lang), ["metric", "metric_name", "value"], rows,
                 None, describe(filters, lang), lang)


def fraud_scheme_table(figures: FraudFigures, filters: Filters, lang: str = "en") -> Table:
    """Fraud cases and damage per scheme from computed figures."""
    rows = [
        {"scheme": s.scheme, "scheme_name": vocab.scheme_name(s.scheme, lang), "count": s.count,
         "damage_tenge": s.damage_tenge, "share_pct": s.share_pct}
        for s in figures.schemes
    ]
    total = _total_row(rows, "scheme", ["count", "damage_tenge"], lang)
    total["share_pct"] = 100.0 if figures.registered else None
    return Table("scheme", vocab.title("scheme", lang),
                 ["scheme", "scheme_name", "count", "damage_tenge", "share_pct"], rows, total,
                 describe(filters, lang), lang)
