"""Store commands of the ``qorgau`` CLI: ``ingest``, ``reprocess`` and ``db upgrade``.

A thin shell over :mod:`qorgau.intake` and :mod:`qorgau.store`: it parses options, shows a
progress bar on a terminal and prints the summary.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import typer

from qorgau.commands.common import DB_HELP, err, open_database

_err = err
_open = open_database


def _progress_bar(enabled: bool | None, counting_bytes: bool):  # noqa: ANN202
    """A rich progress bar on standard error, or None when not wanted (default: on a terminal)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    amount = DownloadColumn() if counting_bytes else MofNCompleteColumn()
    return Progress(
        TextColumn("{task.description}"), BarColumn(), amount, TimeElapsedColumn(),
        TimeRemainingColumn(), console=Console(stderr=True),
    )


def _run_in_batches(
    database, label: str, total: int | None, progress: bool | None, job: Callable,  # noqa: ANN001
    describe: Callable, rolled_back: str,
):  # noqa: ANN202
    """Run ``job(on_batch)`` over ``database`` under a progress bar (when shown) and return its
    summary. ``describe(summary)`` gives the bar's description and total after each batch; a
    failing link hook ends the command with ``rolled_back`` added to its message. The database
    is closed in every case."""
    from qorgau.intake.ingest import LinkHookError

    bar = _progress_bar(progress, counting_bytes=total is not None)
    on_batch = None
    try:
        with bar or nullcontext():
            if bar is not None:
                task = bar.add_task(label, total=total)

                def on_batch(n: int, sm) -> None:  # noqa: ANN001
                    description, new_total = describe(sm)
                    bar.update(task, advance=n, description=description,
                               total=new_total if new_total is not None else total)

            return job(on_batch)
    except LinkHookError as exc:
        _err(f"{exc}; {rolled_back}")
        raise typer.Exit(1) from exc
    finally:
        database.close()


def ingest(
    paths: list[str] = typer.Argument(
        ..., metavar="PATH...", help="Text files, directories, JSON Lines (.jsonl) or CSV files."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    rejects: Path = typer.Option(
        Path("rejects.jsonl"),
        "--rejects",
        help="Where to write refused records, one JSON line each with the field and the reason "
        "(written only when something is refused).",
    ),
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Records per transaction."),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Processes running the facts engine in parallel."
    ),
    progress: bool | None = typer.Option(
        None, "--progress/--no-progress", help="Progress bar (default: on a terminal)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Store documents and their facts: text files, directories, JSON Lines and CSV.

    A JSON Lines or CSV record has `id` and `text` and may carry `received_at`, `channel`,
    `region`, `article`, `status`, `language`, `victim` and `suspect`; supplied fields win over
    extracted ones and the difference is kept. The same id with the same text again is skipped
    as a duplicate, so an interrupted run is resumed by running the same command again. Refused
    records go to the rejects file with their reason; the others are still stored.
    """
    from qorgau.intake.ingest import ingest_paths, total_bytes
    from qorgau.intake.sources import expand

    try:
        expand(paths)
    except FileNotFoundError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    database = _open(db)
    summary = _run_in_batches(
        database, "ingest", total_bytes(paths, database, rejects), progress,
        lambda on_batch: ingest_paths(database, paths, rejects=rejects, batch_size=batch_size,
                                      workers=workers, on_batch=on_batch),
        lambda sm: (f"taken {sm.taken} · duplicate {sm.duplicate} · refused {sm.refused}", None),
        "the batch was rolled back, run the command again once linking is fixed",
    )
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        by_field = ", ".join(f"{k} {v}" for k, v in summary.refused_by_field.most_common())
        typer.echo(
            f"taken {summary.taken}, duplicate {summary.duplicate}, refused {summary.refused}"
            + (f" ({by_field})" if by_field else "")
            + f" in {summary.seconds:.1f} s ({summary.rate:.0f} records/s), run {summary.run_id}"
        )
        if summary.rejects_path:
            typer.echo(f"refused records and reasons: {summary.rejects_path}")
    if summary.extraction_failed:
        _err(
            f"the facts engine failed on {summary.extraction_failed} reports; they are stored "
            "without facts and `qorgau reprocess` will read them again once the engine is fixed"
        )
        for ext_id, reason in summary.extraction_errors[:5]:
            _err(f"  {ext_id}: {reason}")
    if summary.interrupted:
        _err("interrupted: what was committed is kept; run the same command again to resume")
        raise typer.Exit(130)


def reprocess(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    all_reports: bool = typer.Option(
        False, "--all", help="Every report, not only those read by an older engine version."
    ),
    batch_size: int = typer.Option(200, "--batch-size", min=1, help="Reports per transaction."),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Processes running the facts engine in parallel."
    ),
    progress: bool | None = typer.Option(
        None, "--progress/--no-progress", help="Progress bar (default: on a terminal)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Recompute the facts of stored reports with the current facts engine.

    Only reports whose facts came from another engine version are read again, unless --all.
    Supplied fields are kept; extracted facts, identifiers and measures are replaced. An
    interrupted run is resumed by running it again.
    """
    from qorgau.intake.ingest import reprocess as run_reprocess

    database = _open(db)
    summary = _run_in_batches(
        database, "reprocess", None, progress,
        lambda on_batch: run_reprocess(database, all_reports=all_reports, batch_size=batch_size,
                                       workers=workers, on_batch=on_batch),
        lambda sm: ("reprocess", sm.selected),
        "the batch was rolled back",
    )
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        typer.echo(
            f"reprocessed {summary.done} of {summary.selected} reports with "
            f"{summary.engine_version} in {summary.seconds:.1f} s"
            + (f"; {len(summary.failed)} failed" if summary.failed else "")
        )
        for ext_id, reason in summary.failed[:20]:
            _err(f"{ext_id}: {reason}")
    if summary.interrupted:
        _err("interrupted: run the command again to finish")
        raise typer.Exit(130)


def db_upgrade(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Create the database or bring its schema up to this version's latest migration."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from qorgau.store.db import current_revision, head_revision, make_engine, resolve_url, upgrade

    shown = make_url(resolve_url(db)).render_as_string(hide_password=True)
    engine = make_engine(db)
    try:
        before = current_revision(engine)
        after = upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _err(f"cannot upgrade the database {shown}: {reason}")
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    if before == after:
        typer.echo(f"{shown}: already at revision {after} (head {head_revision()})")
    else:
        typer.echo(f"{shown}: upgraded from revision {before or 'empty'} to {after}")


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``reprocess`` and the ``db`` group to the main app."""
    app.command("ingest")(ingest)
    app.command("reprocess")(reprocess)
    db_app = typer.Typer(help="Database maintenance: schema migrations.", no_args_is_help=True)
    db_app.command("upgrade")(db_upgrade)
    app.add_typer(db_app, name="db")
