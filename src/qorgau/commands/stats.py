"""Statistics commands of the ``qorgau`` CLI: ``stats`` and its subcommands.

``register(app)`` adds:

* ``qorgau stats [--article A]... [--from D] [--to D] [--by region|month|status|scheme|article]
  [--lang kk|ru|en] [--format table|csv|xlsx|json|svg|png|sentence] [--out FILE] [--db URL]
  [--zeros] [--order official|count]``: a table of our cases, as text, CSV, JSON, an XLSX
  workbook, a chart, or (by region) the sentence officials write;
* ``qorgau stats fraud``: the fraud figures (registered, solved, solve rate, grave, persons
  prosecuted, damage, victims over 60, reporting delay) and the cases per scheme;
* ``qorgau stats compare --article A``: our table beside the newest published one, with the
  differences (fraud figures too for article 190);
* ``qorgau stats published [import|add]``: list the published figures, read them from stored
  official documents, or type one in;
* ``qorgau stats refresh [--all]``: bring the counted rows up to date with the store (every
  other command does this first, unless ``--no-refresh``).

Dates are ``YYYY-MM-DD``, ``DD.MM.YYYY``, ``YYYY-MM`` or ``YYYY`` (``--from 2026`` is 1 January,
``--to 2026`` 31 December). Bad input ends with a message naming the option and exit status 2.
A thin shell over :mod:`qorgau.stats`; see docs/statistics.md.
"""

from __future__ import annotations

import calendar
import re
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path

import typer

from qorgau.commands.common import DB_HELP

DATE_HELP = "YYYY-MM-DD, DD.MM.YYYY, YYYY-MM or YYYY."


class By(str, Enum):
    region = "region"
    month = "month"
    status = "status"
    scheme = "scheme"
    article = "article"


class Lang(str, Enum):
    kk = "kk"
    ru = "ru"
    en = "en"


class Fmt(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    svg = "svg"
    png = "png"
    sentence = "sentence"


class Order(str, Enum):
    official = "official"
    count = "count"


class Style(str, Enum):
    list = "list"
    full = "full"


class Case(str, Enum):
    nom = "nom"
    loc = "loc"


BINARY = (Fmt.xlsx, Fmt.png)


def _err(message: str) -> None:
    typer.echo(f"qorgau: {message}", err=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    _err(message)
    return typer.Exit(code)


_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_when(text: str | None, option: str, *, end: bool = False) -> date | None:
    """A date as the options take it; a month or year means its first day (its last for
    ``--to``)."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    try:
        if m := _DAY.match(raw):
            return date(*map(int, m.groups()))
        if m := _DMY.match(raw):
            d, mo, y = map(int, m.groups())
            return date(y, mo, d)
        if m := _MONTH.match(raw):
            y, mo = map(int, m.groups())
            return date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
        if m := _YEAR.match(raw):
            y = int(m.group(1))
            return date(y, 12, 31) if end else date(y, 1, 1)
    except ValueError as exc:
        raise _fail(f"{option}: {raw!r} is not a calendar date ({exc})") from None
    raise _fail(f"{option}: cannot read {raw!r}; write {DATE_HELP}")


def _open(url: str | None):  # noqa: ANN202
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from qorgau.store.db import open_db, resolve_url

    shown = make_url(resolve_url(url)).render_as_string(hide_password=True)
    try:
        return open_db(url)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise _fail(f"cannot open the database {shown}: {reason}") from exc


def _refresh(database, enabled: bool) -> None:  # noqa: ANN001
    if enabled:
        from qorgau.stats.derive import refresh

        refresh(database)


def _filters(articles: list[str], date_from: str | None, date_to: str | None,
             regions: list[str] | None = None, statuses: list[str] | None = None):  # noqa: ANN202
    from qorgau import geo
    from qorgau.stats.core import Filters, parse_article
    from qorgau.stats.models import STATUSES

    start = parse_when(date_from, "--from")
    end = parse_when(date_to, "--to", end=True)
    codes = []
    for r in regions or []:
        try:
            codes.append(geo.region(r).code)
        except KeyError as exc:
            raise _fail(f"--region: {exc.args[0]}") from None
    for s in statuses or []:
        if s not in STATUSES:
            raise _fail(f"--status: {s!r} is not one of {', '.join(STATUSES)}")
    for a in articles:
        try:
            parse_article(a)
        except ValueError as exc:
            raise _fail(f"--article: {exc}") from None
    try:
        return Filters(tuple(articles), start, end, tuple(codes), tuple(statuses or ()))
    except ValueError as exc:
        raise _fail(str(exc)) from None


def _emit(data: str | bytes, out: Path | None) -> None:
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            typer.echo(data, nl=not data.endswith("\n"))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        out.write_bytes(data)
    else:
        out.write_text(data if data.endswith("\n") else data + "\n", encoding="utf-8")
    _err(f"wrote {out}")


def _write(tables: list, fmt: Fmt, out: Path | None, *, sentence_opts: dict | None = None
           ) -> None:  # noqa: ANN001
    """Write the first table in ``fmt`` (XLSX: every table, a sheet each)."""
    from qorgau.stats import charts, export, sentence

    main = tables[0]
    if fmt in BINARY and out is None:
        raise _fail(f"--format {fmt.value}: give --out FILE (binary output)")
    if fmt == Fmt.table:
        _emit("\n".join(export.to_text(t) for t in tables), out)
    elif fmt == Fmt.csv:
        _emit(export.to_csv(main), out)
    elif fmt == Fmt.json:
        _emit(export.to_json(main), out)
    elif fmt == Fmt.xlsx:
        assert out is not None
        out.parent.mkdir(parents=True, exist_ok=True)
        export.to_xlsx(tables, out, generated=datetime.now())
        _err(f"wrote {out}")
    elif fmt == Fmt.sentence:
        try:
            lines = sentence.from_table(main, **(sentence_opts or {}))
        except ValueError as exc:
            raise _fail(f"--format sentence: {exc}") from None
        _emit("\n".join(lines), out)
    else:
        try:
            data = charts.render(main, fmt.value)
        except ValueError as exc:
            raise _fail(f"--format {fmt.value}: {exc}") from None
        _emit(data if fmt == Fmt.png else data.decode("utf-8"), out)


def main(
    ctx: typer.Context,
    article: list[str] = typer.Option(
        [], "--article", "-a", help="Article (115-1, 125-1, 190) or article and part (190-2); "
        "repeat for several (a column each)."),
    date_from: str | None = typer.Option(None, "--from", help=f"First registration day. {DATE_HELP}"),
    date_to: str | None = typer.Option(None, "--to", help=f"Last registration day. {DATE_HELP}"),
    by: By = typer.Option(By.region, "--by", help="What the rows are."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of names, headers and charts."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f", help="Output format; sentence: the "
                            "regional table as officials write it (--by region)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    zeros: bool = typer.Option(False, "--zeros", help="List regions (and months) with no cases."),
    order: Order = typer.Option(Order.official, "--order", help="official: cities of republican "
                                "significance first, then regions by code; count: largest first."),
    region: list[str] = typer.Option([], "--region", help="Only this region (ISO code); repeat."),
    status: list[str] = typer.Option([], "--status", help="Only this status; repeat."),
    style: Style = typer.Option(Style.list, "--style", help="Kazakh sentence: list (bare names, "
                                "one region word at the end) or full (words after every group)."),
    case: Case = typer.Option(Case.nom, "--case", help="Kazakh full sentence: nominative or "
                              "locative (облысында)."),
    refresh: bool = typer.Option(True, "--refresh/--no-refresh",
                                 help="Bring the counted rows up to date first."),
) -> None:
    """Tables of our cases in the shapes of official statistics (see the subcommands too)."""
    if ctx.invoked_subcommand is not None:
        return
    from qorgau.stats import tables as T

    filters = _filters(article, date_from, date_to, region, status)
    if fmt == Fmt.sentence and by != By.region:
        raise _fail("--format sentence: only the table by region reads as a sentence (--by region)")
    database = _open(db)
    try:
        _refresh(database, refresh)
        with database.session() as s:
            source = T.DbSource(s)
            tables = [T.build(source, filters, by.value, lang.value, zeros=zeros,
                              order=order.value)]
            if by == By.month and fmt in (Fmt.table, Fmt.xlsx):
                tables.append(T.trend_table(source, filters, lang.value))
            if fmt == Fmt.xlsx:
                for other in By:
                    if other != by and (other != By.scheme or _fraud_asked(filters)):
                        tables.append(T.build(source, filters, other.value, lang.value,
                                              zeros=zeros, order=order.value))
                if by != By.month:
                    tables.append(T.trend_table(source, filters, lang.value))
    finally:
        database.close()
    _write(tables, fmt, out, sentence_opts={"style": style.value, "case": case.value})


def _fraud_asked(filters) -> bool:  # noqa: ANN001
    return any(a == "190" for a, _p in filters.specs)


def fraud(
    article: list[str] = typer.Option(["190"], "--article", "-a", help="Fraud article (190, "
                                      "190-2 ...); repeat to add parts."),
    date_from: str | None = typer.Option(None, "--from", help=f"First registration day. {DATE_HELP}"),
    date_to: str | None = typer.Option(None, "--to", help=f"Last registration day. {DATE_HELP}"),
    lang: Lang = typer.Option(Lang.en, "--lang"),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f", help="table, csv, json, xlsx, svg or png "
                            "(charts and CSV/JSON of the schemes with --schemes)."),
    schemes: bool = typer.Option(False, "--schemes", help="CSV/JSON/charts: the per-scheme table "
                                 "instead of the figures."),
    out: Path | None = typer.Option(None, "--out", "-o"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    region: list[str] = typer.Option([], "--region", help="Only this region (ISO code); repeat."),
    refresh: bool = typer.Option(True, "--refresh/--no-refresh"),
) -> None:
    """Fraud figures: registered, solved, solve rate, grave, persons prosecuted, damage, victims
    over 60, reporting delay, and cases and damage per scheme."""
    from qorgau.stats import tables as T

    if fmt == Fmt.sentence:
        raise _fail("--format sentence: use qorgau stats --by region")
    filters = _filters(article, date_from, date_to, region)
    database = _open(db)
    try:
        _refresh(database, refresh)
        with database.session() as s:
            figures = T.DbSource(s).fraud(filters)
    finally:
        database.close()
    figure_table = T.fraud_table(figures, filters, lang.value)
    scheme_table = T.fraud_scheme_table(figures, filters, lang.value)
    ordered = [scheme_table, figure_table] if schemes or fmt in (Fmt.svg, Fmt.png) else [
        figure_table, scheme_table]
    _write(ordered, fmt, out)


def compare(
    article: str = typer.Option(..., "--article", "-a", help="Article of the published table "
                                "(115-1, 125-1, 190)."),
    date_from: str | None = typer.Option(None, "--from", help="Override the published period. "
                                         + DATE_HELP),
    date_to: str | None = typer.Option(None, "--to", help="Override the published period. "
                                       + DATE_HELP),
    source: str | None = typer.Option(None, "--source", help="Published document (its id); "
                                      "default: the newest."),
    lang: Lang = typer.Option(Lang.en, "--lang"),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f", help="table, csv, json, xlsx, svg, png."),
    out: Path | None = typer.Option(None, "--out", "-o"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    refresh: bool = typer.Option(True, "--refresh/--no-refresh"),
) -> None:
    """Our counts beside the newest published table for the article, region by region, with the
    differences (ours minus theirs); for 190 the fraud figures as well."""
    from qorgau.stats import published as P
    from qorgau.stats import tables as T

    if fmt == Fmt.sentence:
        raise _fail("--format sentence: not for comparisons")
    filters = _filters([article], date_from, date_to)
    database = _open(db)
    try:
        _refresh(database, refresh)
        with database.session() as s:
            src = T.DbSource(s)
            spec = filters.labels[0]
            tables = [P.compare_regions(s, src, spec, lang.value, source_name=source,
                                        start=filters.start, end=filters.end)]
            if spec.split("-")[0] == P.FIGURE_ARTICLE:
                tables.append(P.compare_figures(s, src, lang.value, source_name=source,
                                                start=filters.start, end=filters.end))
    finally:
        database.close()
    if not tables[0].rows and len(tables) > 1 and tables[1].rows:
        tables.reverse()
    if not any(t.rows for t in tables):
        _err(f"no published figures for article {article}: import them with "
             "qorgau stats published import")
    if fmt in (Fmt.svg, Fmt.png) and tables[0].name != "compare":
        raise _fail(f"--format {fmt.value}: no published regional table for {article} to chart")
    _write(tables, fmt, out)


def published_list(
    ctx: typer.Context,
    article: str | None = typer.Option(None, "--article", "-a"),
    metric: str | None = typer.Option(None, "--metric"),
    source: str | None = typer.Option(None, "--source"),
    lang: Lang = typer.Option(Lang.en, "--lang"),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f", help="table, csv, json or xlsx."),
    out: Path | None = typer.Option(None, "--out", "-o"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """List the published figures stored (see ``import`` and ``add``)."""
    if ctx.invoked_subcommand is not None:
        return
    from qorgau.stats import published as P

    if fmt in (Fmt.svg, Fmt.png, Fmt.sentence):
        raise _fail(f"--format {fmt.value}: use table, csv, json or xlsx")
    database = _open(db)
    try:
        with database.session() as s:
            rows = P.list_figures(s, article=article, metric=metric, source=source)
            table = P.figures_table(rows, lang.value)
    finally:
        database.close()
    _write([table], fmt, out)


def published_import(
    ids: list[str] = typer.Argument(None, metavar="[ID]...", help="Ids of stored documents "
                                    "(as ingested); none: every document holding figures."),
    date_from: str | None = typer.Option(None, "--from", help="Period where the text states "
                                         "none. " + DATE_HELP),
    date_to: str | None = typer.Option(None, "--to", help="Period where the text states none. "
                                       + DATE_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Read the published figures of stored official documents (regional tables, nationwide
    totals, fraud figures) into the published figures, with their periods."""
    from qorgau.stats import published as P
    from qorgau.store.repo import report_ids_by_ext_id

    start = parse_when(date_from, "--from")
    end = parse_when(date_to, "--to", end=True)
    period = P.Period(start, end, "given") if start or end else None
    database = _open(db)
    try:
        with database.transaction() as s:
            if ids:
                found = report_ids_by_ext_id(s, ids)
                missing = [i for i in ids if i not in found]
                if missing:
                    raise _fail(f"no stored document with id {', '.join(missing)}")
                report_ids = [found[i] for i in ids]
            else:
                report_ids = P.official_documents(s)
            total = 0
            for rid in report_ids:
                n = P.import_report(s, rid, period=period)
                total += n
    finally:
        database.close()
    docs = "document" if len(report_ids) == 1 else "documents"
    typer.echo(f"imported {total} published figures from {len(report_ids)} {docs}")


def published_add(
    metric: str = typer.Option("cases_registered", "--metric", help="cases_registered, or a "
                               "figure metric (crimes_solved, scheme_investment ...)."),
    value: float = typer.Option(..., "--value"),
    source: str = typer.Option(..., "--source", help="Where it was published (document, "
                               "letter number, link)."),
    article: str | None = typer.Option(None, "--article", "-a"),
    region: str = typer.Option("KZ", "--region", help="ISO code; KZ for the whole country."),
    date_from: str | None = typer.Option(None, "--from", help=DATE_HELP),
    date_to: str | None = typer.Option(None, "--to", help=DATE_HELP),
    published_on: str | None = typer.Option(None, "--published-on", help=DATE_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Store one published figure typed in by hand."""
    from qorgau.stats import published as P
    from qorgau.stats.core import article_spec, parse_article

    start = parse_when(date_from, "--from")
    end = parse_when(date_to, "--to", end=True)
    on = parse_when(published_on, "--published-on")
    spec = article_spec(*parse_article(article)) if article else None
    database = _open(db)
    try:
        with database.transaction() as s:
            try:
                row = P.add_figure(s, metric=metric, value=value, source=source, article=spec,
                                   region=region.strip().upper(), period_start=start,
                                   period_end=end, published_on=on)
            except KeyError as exc:
                raise _fail(f"--region: {exc.args[0]}") from None
            typer.echo(f"stored published figure {row.id}")
    finally:
        database.close()


def refresh_cmd(
    full: bool = typer.Option(False, "--all", help="Derive every report again."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Bring the counted rows (stat_cases) up to date with the reports in the store."""
    from qorgau.stats.derive import refresh

    database = _open(db)
    try:
        result = refresh(database, full=full)
    finally:
        database.close()
    typer.echo(f"derived {result.derived} cases ({'all' if result.full else 'new and re-read'})")


def register(app: typer.Typer) -> None:
    """Add the ``stats`` group to the main app."""
    stats_app = typer.Typer(help="Official statistics from our cases: tables, sentences, fraud "
                            "figures, charts, spreadsheets, published figures.")
    stats_app.callback(invoke_without_command=True)(main)
    stats_app.command("fraud")(fraud)
    stats_app.command("compare")(compare)
    stats_app.command("refresh")(refresh_cmd)
    published_app = typer.Typer(help="Figures published in official documents.")
    published_app.callback(invoke_without_command=True)(published_list)
    published_app.command("import")(published_import)
    published_app.command("add")(published_add)
    stats_app.add_typer(published_app, name="published")
    app.add_typer(stats_app, name="stats")
