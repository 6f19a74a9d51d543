"""The ``qorgau`` command: a thin shell over the core (extraction, evaluation, law, store).

Command groups that live in their own modules (``qorgau.commands.*``) register themselves here.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from qorgau import __version__

app = typer.Typer(
    name="qorgau",
    help=(
        "Qorgau reads complaints, police reports, court decisions, statistics letters and news in "
        "Kazakh, Russian and English about stalking (115-1), coercion to marriage (125-1) and "
        "internet fraud (190), and turns them into explainable facts."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    facts_v1 = "facts-v1"
    full = "full"


def _err(message: str) -> None:
    typer.echo(f"qorgau: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qorgau {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Qorgau: case intelligence for stalking, coercion to marriage and internet fraud."""


@app.command()
def extract(
    paths: list[str] = typer.Argument(
        ..., metavar="FILE...", help="Text files or directories to read; '-' reads standard input."
    ),
    fmt: OutputFormat = typer.Option(
        OutputFormat.facts_v1,
        "--format",
        "-f",
        help="facts-v1: the document summary that evaluation reads; full: every fact with its span and rule.",
    ),
    max_mb: float = typer.Option(16.0, "--max-mb", help="Refuse documents larger than this (MB)."),
) -> None:
    """Read documents and print one JSON object per document (JSON Lines) on standard output.

    Files that cannot be read (empty, binary, not UTF-8/UTF-16/Windows-1251, too large,
    unreadable) are reported on standard error; the others are still processed, and the exit
    status is 1 if any failed.
    """
    from qorgau.extract.pipeline import extract_document
    from qorgau.facts_v1 import project
    from qorgau.reading import iter_inputs

    failed = 0
    for item in iter_inputs(paths, int(max_mb * 1048576)):
        if item.error:
            failed += 1
            _err(f"{item.source}: {item.error}")
            continue
        facts = extract_document(item.text or "", item.id)
        record = project(facts) if fmt is OutputFormat.facts_v1 else facts.to_dict()
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., metavar="GOLD.jsonl", help="Gold facts-v1 records, one per line."),
    paths: list[str] = typer.Argument(..., metavar="FILE...", help="The documents the gold describes."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    errors: bool = typer.Option(False, "--errors", help="List every missed and extra item."),
) -> None:
    """Score the engine's facts-v1 output against gold records: precision, recall, F1 per field."""
    from qorgau.evaluation import score
    from qorgau.extract.pipeline import extract_document
    from qorgau.facts_v1 import project
    from qorgau.reading import iter_inputs

    try:
        lines = gold.read_text(encoding="utf-8").splitlines()
        gold_records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"{gold}: cannot read the gold file: {exc}")
        raise typer.Exit(2) from exc
    except json.JSONDecodeError as exc:
        _err(f"{gold}: line {exc.lineno}: not JSON: {exc.msg}")
        raise typer.Exit(2) from exc
    predicted = {}
    failed = 0
    for item in iter_inputs(paths):
        if item.error:
            failed += 1
            _err(f"{item.source}: {item.error}")
            continue
        predicted[item.id] = project(extract_document(item.text or "", item.id))
    report = score(gold_records, predicted)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{'field':<14}{'precision':>10}{'recall':>10}{'f1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
        for name, s in report.fields.items():
            if s.tp + s.fp + s.fn == 0:
                continue
            typer.echo(
                f"{name:<14}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
            )
        o = report.overall
        typer.echo(
            f"{'overall':<14}{o.precision:>10.3f}{o.recall:>10.3f}{o.f1:>8.3f}{o.tp:>6}{o.fp:>6}{o.fn:>6}"
        )
        typer.echo(
            f"language accuracy {report.language_accuracy:.3f} "
            f"({report.language_right}/{report.language_total})"
        )
        if report.unmatched_gold:
            typer.echo(f"no prediction for: {', '.join(report.unmatched_gold)}")
        if errors:
            for name, s in report.fields.items():
                for doc_id, key in s.missed:
                    typer.echo(f"missed  {name:<12} {doc_id}  {key}")
                for doc_id, key in s.extra:
                    typer.echo(f"extra   {name:<12} {doc_id}  {key}")
    if failed:
        raise typer.Exit(1)


@app.command()
def demo(
    serve: bool = typer.Option(
        True, "--serve/--no-serve", help="Serve the web pages and API after building the demo."
    ),
    port: int = typer.Option(8000, "--port", help="Port for the demo server."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address for the demo server."),
    db: str = typer.Option(
        "", "--db", help="Demo database (SQLite path or URL); default a new temporary file."
    ),
    out: Path = typer.Option(
        Path("demo-facts.jsonl"), "--out", help="Where to write the demo facts as JSON Lines."
    ),
) -> None:
    """Show Qorgau on a fresh machine: the facts engine on the bundled demo documents, then a
    SQLite demo database (synthetic reports, the demo documents, a user of every role) served
    with the web pages and API."""
    import os
    import tempfile

    from qorgau.demo import demo_documents, run_demo

    run_demo(out)
    if not serve and not db:
        return
    url = db or os.path.join(tempfile.mkdtemp(prefix="qorgau-demo-"), "demo.db")
    from qorgau.intake.ingest import ingest_records
    from qorgau.store.db import open_db
    from qorgau.web.demo import build_demo_db

    typer.echo(f"Building the demo database {url} (synthetic reports; a minute or so) ...")
    users = build_demo_db(url)
    with open_db(url) as database:
        ingest_records(
            database,
            [{"id": f"demo-{doc_id}", "text": text, "channel": "import"} for doc_id, text in demo_documents()],
            source="demo",
            keep_outcomes=False,
        )
    typer.echo("Log in as:")
    for user, password, role in users:
        typer.echo(f"  {user:<22} {password}   {role}")
    if not serve:
        return
    import uvicorn

    from qorgau.api.app import create_app
    from qorgau.extract.pipeline import warm_up
    from qorgau.link.persons import matcher

    warm_up()  # the first complaint should not wait for the language models to load
    matcher()  # nor for the name matcher of linking
    typer.echo(f"Qorgau demo on http://{host}:{port}/  (Ctrl-C stops it)")
    uvicorn.run(create_app(url), host=host, port=port, log_level="warning")


def _register_groups() -> None:
    import importlib

    for name in ("law", "store", "synth", "link", "stats", "web"):
        try:
            module = importlib.import_module(f"qorgau.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"qorgau.commands.{name}":
                raise
            continue
        module.register(app)


_register_groups()
