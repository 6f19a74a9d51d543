"""Linking commands of the ``qorgau`` CLI: the ``link`` group and ``eval-links``.

* ``link export``: one JSON line per report, ``{"report", "person", "network", "case"}``;
* ``link alerts``: match alerts (a new report named an identifier already seen);
* ``link show``: a report's links with their evidence, an offender entity, a fraud network or a
  case with its timeline;
* ``link networks``: the largest fraud networks by damage or by reports;
* ``link rebuild``: link the whole store again (or only reports not linked yet);
* ``eval-links FILE.jsonl``: ingest synthetic reports into a fresh temporary database and print
  pairwise precision and recall of the links against their hidden truth.

A thin shell over :mod:`qorgau.link`; see docs/linking.md.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import datetime
from enum import Enum
from pathlib import Path

import typer

from qorgau.commands.common import DB_HELP, err, open_database


class ShowWhat(str, Enum):
    report = "report"
    person = "person"
    network = "network"
    case = "case"


class NetworkOrder(str, Enum):
    damage = "damage"
    reports = "reports"


_err = err
_open = open_database


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def export(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    out: Path | None = typer.Option(None, "--out", help="Write to this file instead of stdout."),
) -> None:
    """Print one JSON line per report: its ingest id, suspect entity, fraud network and case.

    `{"report": <ingest id>, "person": <suspect entity id or null>, "network": <fraud network id
    or null>, "case": <case id>}`, in the order the reports were stored.
    """
    from qorgau.link.engine import export_rows

    database = _open(db)
    try:
        fh = out.open("w", encoding="utf-8") if out is not None else sys.stdout
    except OSError as exc:
        database.close()
        _err(f"--out {out}: cannot write: {exc.strerror}")
        raise typer.Exit(1) from exc
    try:
        with database.session() as s:
            for row in export_rows(s):
                fh.write(_dump(row) + "\n")
    finally:
        if out is not None:
            fh.close()
        database.close()


def alerts(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    report: list[str] = typer.Option(
        [], "--report", help="Only alerts of this report (its ingest id); repeatable."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only alerts raised since this time (ISO 8601)."
    ),
    min_reports: int = typer.Option(
        1, "--min-reports", min=1, help="Only identifiers already named by this many reports."
    ),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many alerts."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per alert."),
) -> None:
    """Match alerts, newest first: a new report named a phone, card, IBAN, IIN, e-mail or handle
    that earlier reports already name, with how many reports and cases."""
    from qorgau.link.alerts import list_alerts
    from qorgau.store.repo import report_ids_by_ext_id

    when = None
    if since is not None:
        try:
            when = datetime.fromisoformat(since)
        except ValueError as exc:
            _err(f"--since {since!r} is not an ISO 8601 time")
            raise typer.Exit(2) from exc
    database = _open(db)
    try:
        with database.session() as s:
            ids = None
            if report:
                known = report_ids_by_ext_id(s, report)
                for missing in sorted(set(report) - set(known)):
                    _err(f"no report {missing!r}")
                ids = list(known.values())
            found = list_alerts(s, report_ids=ids, since=when, min_reports=min_reports, limit=limit)
    finally:
        database.close()
    for a in found:
        typer.echo(_dump(a.to_dict()) if as_json else a.line())
    if not found and not as_json:
        typer.echo("no alerts")


def show(
    what: ShowWhat = typer.Argument(..., help="report, person, network or case."),
    ident: str = typer.Argument(
        ..., metavar="ID", help="A report's ingest id, or the number of a person, network, case."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show what linking knows, as JSON: a report's links and their evidence, an offender entity
    with all his numbers and accounts, a fraud network with its damage and victims, or a case
    with its timeline."""
    from qorgau.link.cases import case_view
    from qorgau.link.engine import person_view, report_links
    from qorgau.link.networks import network_summary
    from qorgau.store.repo import get_report_by_ext_id

    database = _open(db)
    try:
        with database.session() as s:
            if what is ShowWhat.report:
                rep = get_report_by_ext_id(s, ident)
                result = report_links(s, rep.id) if rep is not None else None
            else:
                try:
                    number = int(ident)
                except ValueError as exc:
                    _err(f"{what.value} ids are numbers, not {ident!r}")
                    raise typer.Exit(2) from exc
                if what is ShowWhat.person:
                    result = person_view(s, number)
                elif what is ShowWhat.network:
                    summary = network_summary(s, number)
                    result = summary.to_dict() if summary else None
                else:
                    view = case_view(s, number)
                    result = view.to_dict() if view else None
    finally:
        database.close()
    if result is None:
        _err(f"no {what.value} {ident}")
        raise typer.Exit(1)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))


def networks(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    min_reports: int = typer.Option(2, "--min-reports", min=1, help="Smallest network shown."),
    limit: int = typer.Option(20, "--limit", min=1, help="At most this many networks."),
    by: NetworkOrder = typer.Option(NetworkOrder.damage, "--by", help="damage or reports."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per network."),
) -> None:
    """The largest fraud networks: reports, victims, total damage, cards, IBANs and phones."""
    from qorgau.link.networks import largest_networks

    database = _open(db)
    try:
        with database.session() as s:
            found = largest_networks(s, min_reports=min_reports, limit=limit, by=by.value)
    finally:
        database.close()
    for n in found:
        if as_json:
            typer.echo(_dump(n.to_dict()))
            continue
        idents = ", ".join(f"{k}:{v}" for k, v, _n in n.identifiers[:6])
        more = f" (+{len(n.identifiers) - 6})" if len(n.identifiers) > 6 else ""
        damage = f"{n.damage_tenge:,}".replace(",", " ")
        typer.echo(
            f"network {n.id}: {n.reports} reports, {n.victims} victims, {damage} tenge; "
            f"{idents}{more}"
        )
    if not found and not as_json:
        typer.echo("no networks")


def rebuild(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    missing_only: bool = typer.Option(
        False, "--missing-only", help="Link only reports not linked yet; keep existing links."
    ),
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Reports per transaction."),
) -> None:
    """Link the stored reports again, in the order they were stored (one transaction per batch).

    Without --missing-only every link, linking-made entity and case is removed first, so the
    result is what intake would have built; interrupted, run it again with --missing-only.
    """
    from qorgau.link.engine import rebuild as run_rebuild

    database = _open(db)
    started = time.perf_counter()
    try:
        summary = run_rebuild(database, batch_size=batch_size, clear_first=not missing_only)
    finally:
        database.close()
    seconds = time.perf_counter() - started
    s = summary
    typer.echo(
        f"linked {s.reports} reports in {seconds:.1f} s: {s.new_groups} identifier groups "
        f"({s.merged_groups} joined), {s.new_persons} suspect entities ({s.merged_persons} "
        f"merged, {s.name_links} name links), {s.alerts} alerts"
    )


def eval_links(
    path: Path = typer.Argument(..., metavar="FILE.jsonl", help="Synthetic reports with truth."),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Processes running the facts engine in parallel."
    ),
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Records per transaction."),
    keep_db: Path | None = typer.Option(
        None, "--keep-db", help="Keep the database in this SQLite file (must not exist)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Ingest synthetic reports into a fresh SQLite database and score the links.

    Prints pairwise precision and recall of offender and network links against the records'
    hidden truth: on exact-identifier truth pairs (reports joined by a chain of shared
    identifiers), on name-only pairs (found only by matching the suspect's name), and overall.
    """
    from qorgau.intake.ingest import LinkHookError, ingest_paths
    from qorgau.link.evaluate import evaluate_file, predictions_from_db
    from qorgau.store.db import open_db

    if not path.is_file():
        _err(f"{path}: no such file")
        raise typer.Exit(2)
    if keep_db is not None and keep_db.exists():
        _err(f"--keep-db {keep_db}: already exists; give a new file")
        raise typer.Exit(2)
    with tempfile.TemporaryDirectory(prefix="qorgau-eval-") as tmp:
        db_path = keep_db if keep_db is not None else Path(tmp) / "eval.db"
        database = open_db(str(db_path))
        try:
            summary = ingest_paths(
                database,
                [path],
                rejects=Path(tmp) / "rejects.jsonl",
                batch_size=batch_size,
                workers=workers,
            )
            with database.session() as s:
                predicted = predictions_from_db(s)
        except LinkHookError as exc:
            _err(str(exc))
            raise typer.Exit(1) from exc
        finally:
            database.close()
    scores = evaluate_file(path, predicted)
    if as_json:
        typer.echo(
            json.dumps(
                {"ingest": summary.to_dict(), "links": scores.to_dict(), "notes": scores.notes},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    typer.echo(
        f"ingested {summary.taken} reports ({summary.refused} refused) in "
        f"{summary.seconds:.1f} s, {summary.rate:.0f} reports/s, extraction and linking included"
    )
    for line in scores.lines():
        typer.echo(line)
    for note in scores.notes:
        typer.echo(f"note: {note}")


def register(app: typer.Typer) -> None:
    """Add the ``link`` group and ``eval-links`` to the main app."""
    link_app = typer.Typer(
        help="Linking: offender entities, fraud networks, cases, match alerts.",
        no_args_is_help=True,
    )
    link_app.command("export")(export)
    link_app.command("alerts")(alerts)
    link_app.command("show")(show)
    link_app.command("networks")(networks)
    link_app.command("rebuild")(rebuild)
    app.add_typer(link_app, name="link")
    app.command("eval-links")(eval_links)
