"""The ``law`` command group and the ``qualify`` command: statutes, MCI and qualification at a date.

``register(app)`` adds to the main Typer app:

* ``qorgau law show ARTICLE [--on DATE] [--json] [--lang kk|ru|en]``: the article as in force on
  that date, with sanctions in MCI and tenge;
* ``qorgau law mci [--on DATE] [--amount N] [--json]``: the MCI at a date (and N MCI in tenge);
* ``qorgau law list [--on DATE] [--json]``: the articles Qorgau knows and whether each is in force;
* ``qorgau qualify FILE... [--on DATE] [--json] [--lang kk|ru|en]``: reads each file with the
  facts engine and prints the qualification, penalty range and risk, with the evidence.

Bad input (unknown article, unreadable or out-of-range date, unknown language) ends with a
one-line message on standard error and exit status 2; unreadable files are reported and the exit
status is 1.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import typer

from qorgau.law.errors import LawInputError

LANG_HELP = "Language of the explanation: kk, ru or en."


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"qorgau: {message}", err=True)
    raise typer.Exit(code)


def _date_or_today(text: str | None) -> date:
    from qorgau.law.dating import check_date, parse_date

    on = parse_date(text) if text else date.today()
    return check_date(on)


def _lang(lang: str) -> str:
    from qorgau.law.explain import check_lang

    return check_lang(lang.strip().lower())


def show(
    article: str = typer.Argument(..., help="Article as the code writes it: 115-1, 190-2, AC-461."),
    on: str | None = typer.Option(None, "--on", help="Date (YYYY-MM-DD); default today."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (shape in docs/law.md)."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
) -> None:
    """Show an article as in force on a date: validity, category, sanctions in MCI and tenge."""
    from qorgau.law.explain import render_statute
    from qorgau.law.show import article_view

    try:
        language = _lang(lang)
        view = article_view(article, _date_or_today(on))
    except LawInputError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(view.to_dict(language), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_statute(view, language))


def mci_cmd(
    on: str | None = typer.Option(None, "--on", help="Date (YYYY-MM-DD); default today."),
    amount: float | None = typer.Option(None, "--amount", help="Convert this many MCI to tenge."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the MCI in force on a date (and an amount in MCI converted to tenge)."""
    from qorgau.law.mci import mci, to_tenge

    try:
        day = _date_or_today(on)
        value = mci(day)
    except LawInputError as exc:
        _fail(str(exc))
        return
    data = value.to_dict()
    if amount is not None:
        if amount < 0:
            _fail(f"--amount must not be negative (got {amount:g})")
        data["amount_mci"] = amount
        data["amount_tenge"] = to_tenge(amount, day)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if value.tenge is None:
        typer.echo(f"MCI on {day.isoformat()}: not known ({value.note})")
        return
    line = f"MCI on {day.isoformat()}: {value.tenge:,} tenge"
    if amount is not None:
        line += f"; {amount:g} MCI = {data['amount_tenge']:,} tenge"
    typer.echo(line)
    if value.note:
        typer.echo(value.note)


def list_cmd(
    on: str | None = typer.Option(None, "--on", help="Date (YYYY-MM-DD); default today."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
) -> None:
    """List the statute records Qorgau knows and whether each is in force on the date."""
    from qorgau.law.statutes import all_statutes

    try:
        language = _lang(lang)
        day = _date_or_today(on)
    except LawInputError as exc:
        _fail(str(exc))
        return
    rows = [
        {
            "id": s.id,
            "title": s.title[language],
            "in_force": s.in_force(day),
            "from": s.valid_from.isoformat(),
            "to": s.valid_to.isoformat() if s.valid_to else None,
            "category": s.category,
        }
        for s in all_statutes()
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        mark = "in force" if r["in_force"] else "-"
        window = f"{r['from']}..{r['to'] or ''}"
        typer.echo(f"{r['id']:<10} {mark:<9} {window:<23} {r['title']}")


def qualify_cmd(
    paths: list[str] = typer.Argument(
        ..., metavar="FILE...", help="Text files or directories to read; '-' reads standard input."
    ),
    on: str | None = typer.Option(
        None, "--on", help="Assessment date (YYYY-MM-DD); default the document's date, else today."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print one JSON object per file (JSON Lines; shape in docs/law.md)."
    ),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    max_mb: float = typer.Option(16.0, "--max-mb", help="Refuse documents larger than this (MB)."),
) -> None:
    """Qualify the conduct in each file: candidate articles, penalties at the date, risk."""
    from qorgau.extract.pipeline import extract_document
    from qorgau.law.dating import check_date, parse_date
    from qorgau.law.explain import render_qualification
    from qorgau.law.qualify import qualify
    from qorgau.reading import iter_inputs

    try:
        language = _lang(lang)
        day = check_date(parse_date(on), "assessment date") if on else None
    except LawInputError as exc:
        _fail(str(exc))
        return
    failed = 0
    for item in iter_inputs(paths, int(max_mb * 1048576)):
        if item.error:
            failed += 1
            typer.echo(f"qorgau: {item.source}: {item.error}", err=True)
            continue
        try:
            result = qualify(extract_document(item.text or "", item.id), day)
        except LawInputError as exc:
            failed += 1
            typer.echo(f"qorgau: {item.source}: {exc}", err=True)
            continue
        if as_json:
            sys.stdout.write(json.dumps(result.to_dict(language), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            typer.echo(render_qualification(result, language))
            typer.echo("")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``law`` group (show, mci, list) and the ``qualify`` command to ``app``."""
    law_app = typer.Typer(
        name="law",
        help="Statutes, MCI and Fund payments as dated data: ask what is in force on a date.",
        no_args_is_help=True,
    )
    law_app.command("show")(show)
    law_app.command("mci")(mci_cmd)
    law_app.command("list")(list_cmd)
    app.add_typer(law_app, name="law")
    app.command("qualify")(qualify_cmd)
