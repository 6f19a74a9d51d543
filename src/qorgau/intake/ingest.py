"""Ingesting records into the store: batches, deduplication, extraction, one transaction per batch.

Design (see docs/storage.md):

* **Identity.** A report is known by the id its source gave it (``id``, or the file name for a
  text file) together with the SHA-256 of its text. The same id with the same text again is a
  *duplicate* and is skipped; the same id with a different text is *refused* (a corrected
  version needs its own id); a different id with the same text is a new report.
* **Transactions.** Each batch is written in one transaction: the reports, their facts,
  identifier edges, person mentions, measures, the linking hook's work, the run's counters and an
  audit entry commit together or not at all. Multi-row INSERTs, no per-row commits.
* **Resume.** A crash loses at most the uncommitted batch; Ctrl-C lets the batch in flight commit
  and stops (a second Ctrl-C stops at once). Running the same command
  again re-reads the input, skips what is stored as duplicates (checked before extraction, so it
  is cheap) and stores the rest: nothing lost, nothing doubled. The rejects file is rewritten by
  each run, so it lists every refused record of the input exactly once.
* **Refusals.** A bad record is refused alone with the field and the reason; the batch goes on. A
  record the database itself rejects (a constraint) is isolated by retrying its batch one record
  at a time. A text the facts engine fails on is not refused: it is stored without facts under
  the engine version ``failed:<version>``, which ``qorgau reprocess`` selects again.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import func, insert, select, true, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from qorgau.extract.pipeline import ENGINE_VERSION, extract_document
from qorgau.intake.derive import Derived, merge_fields, store_derived
from qorgau.intake.fields import RecordIn, Refused, check_record
from qorgau.intake.sources import RawRecord, expand, read_file
from qorgau.model import Facts
from qorgau.store.db import Database
from qorgau.store.models import IngestRun, Report, utcnow
from qorgau.store.repo import audit, delete_extracted

DEFAULT_BATCH = 500


class StopOnInterrupt:
    """While active (in the main thread), the first Ctrl-C only sets ``requested`` so the caller
    can stop at a clean point; the previous handler is restored for a second Ctrl-C."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None
        self._installed = False

    def _handle(self, signum: int, frame: Any) -> None:
        self.requested = True
        signal.signal(signal.SIGINT, self._previous)

    def __enter__(self) -> StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.getsignal(signal.SIGINT)
            if self._previous is signal.default_int_handler:
                signal.signal(signal.SIGINT, self._handle)
                self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed and signal.getsignal(signal.SIGINT) == self._handle:
            signal.signal(signal.SIGINT, self._previous)


class LinkHookError(RuntimeError):
    """The linking hook failed; the batch was rolled back and the run stopped."""


@dataclass
class Outcome:
    """What happened to one record (kept only when asked for, e.g. by the HTTP API)."""

    source: str
    ext_id: str | None
    status: str  # taken | duplicate | refused
    report_id: int | None = None
    field: str | None = None
    reason: str | None = None


@dataclass
class IngestSummary:
    """Counts of one run: taken, skipped as duplicate, refused (by field)."""

    run_id: int | None = None
    taken: int = 0
    duplicate: int = 0
    refused: int = 0
    refused_by_field: Counter = field(default_factory=Counter)
    extraction_failed: int = 0
    extraction_errors: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0
    rejects_path: str | None = None
    outcomes: list[Outcome] | None = None

    @property
    def rate(self) -> float:
        """Records handled per second."""
        n = self.taken + self.duplicate + self.refused
        return n / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run_id,
            "taken": self.taken,
            "duplicate": self.duplicate,
            "refused": self.refused,
            "refused_by_field": dict(self.refused_by_field),
            "extraction_failed": self.extraction_failed,
            "interrupted": self.interrupted,
            "seconds": round(self.seconds, 3),
            "rejects": self.rejects_path,
        }


class RejectsFile:
    """The rejects file: one JSON line per refused record with source, id, field and reason.

    A rejects file left by an earlier run is removed at the start; the file is created on the
    first refusal, so after a clean run there is none.
    """

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self._fh: TextIO | None = None

    def reset(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def write(self, source: str, ext_id: str | None, field_name: str, reason: str) -> None:
        if self.path is None:
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("w", encoding="utf-8")
        line = {"source": source, "id": ext_id, "field": field_name, "reason": reason}
        self._fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _link_hooks(prefix: str) -> tuple[Callable | None, Callable | None]:
    """The linking module's ``<prefix>_batch(session, ids)`` and ``<prefix>(session, id)``."""
    try:
        from qorgau import link
    except ImportError:
        return None, None
    return getattr(link, f"{prefix}_batch", None), getattr(link, prefix, None)


def _call_hooks(hooks: tuple[Callable | None, Callable | None], session: Session, ids: list[int]) -> None:
    batch_hook, one_hook = hooks
    try:
        if batch_hook is not None:
            batch_hook(session, ids)
        elif one_hook is not None:
            for rid in ids:
                one_hook(session, rid)
    except Exception as exc:
        raise LinkHookError(f"linking failed: {type(exc).__name__}: {exc}") from exc


FAILED_PREFIX = "failed:"
"""Engine version of reports stored without facts because the engine failed on them."""


def _no_facts(doc_id: str) -> Facts:
    return Facts(doc_id, "", None, [], [], FAILED_PREFIX + ENGINE_VERSION)


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which stops the pool cleanly; a SIGINT landing
    in a worker in the middle of a queue operation would leave the pool hung."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract_one(job: tuple[str, str]) -> tuple[Facts | None, str | None]:
    text, doc_id = job
    try:
        return extract_document(text, doc_id), None
    except Exception as exc:  # an engine bug must not stop the run (see Intake.process)
        return None, f"the facts engine failed on this text ({type(exc).__name__}: {exc})"


class Extractor:
    """Runs the facts engine over a list of texts, in this process or in a pool of workers."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._pool: Executor | None = None

    def __call__(self, jobs: list[tuple[str, str]]) -> list[tuple[Facts | None, str | None]]:
        if self.workers == 1 or len(jobs) < 2:
            return [_extract_one(j) for j in jobs]
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(["qorgau.extract.pipeline"])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_worker_init)
        chunk = max(1, len(jobs) // (self.workers * 4))
        return list(self._pool.map(_extract_one, jobs, chunksize=chunk))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _report_row(rec: RecordIn, facts: Facts, run_id: int | None) -> dict[str, Any]:
    effective, extracted, differences = merge_fields(rec.supplied, facts)
    now = utcnow()
    return {
        "ext_id": rec.ext_id,
        "sha256": rec.sha256,
        "text": rec.text,
        "channel": rec.channel,
        "status": rec.status,
        "source": rec.source[:500],
        "run_id": run_id,
        "ingested_at": now,
        "extracted_at": now,
        "supplied": rec.supplied,
        "extracted": extracted,
        "differences": differences,
        "sentences": [[s.start, s.end, s.language] for s in facts.sentences],
        "engine_version": facts.engine_version,
        **effective,
    }


class Intake:
    """One intake run. Use :func:`ingest_paths` or :func:`ingest_records` unless you need the
    pieces (e.g. a long-lived intake feeding batches as they arrive)."""

    def __init__(
        self,
        db: Database,
        *,
        rejects: str | Path | None = None,
        batch_size: int = DEFAULT_BATCH,
        workers: int = 1,
        actor: str | None = None,
        sources: list[str] | None = None,
        keep_outcomes: bool = False,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch size must be at least 1")
        self.db = db
        self.batch_size = batch_size
        self.actor = actor or os.environ.get("QORGAU_ACTOR") or _login()
        self.sources = sources or []
        self.rejects = RejectsFile(rejects)
        self.extract = Extractor(workers)
        self.hooks = _link_hooks("on_ingest")
        self.summary = IngestSummary(
            rejects_path=str(rejects) if rejects is not None else None,
            outcomes=[] if keep_outcomes else None,
        )
        self._started = 0.0

    # lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        self._started = time.perf_counter()
        self.rejects.reset()
        with self.db.transaction() as s:
            run = IngestRun(
                actor=self.actor, engine_version=ENGINE_VERSION, sources=self.sources, state="running"
            )
            s.add(run)
            s.flush()
            self.summary.run_id = run.id

    def finish(self, state: str) -> IngestSummary:
        self.extract.close()
        self.rejects.close()
        self.summary.seconds = time.perf_counter() - self._started
        self.summary.interrupted = state == "interrupted"
        if self.summary.rejects_path and not self.summary.refused:
            self.summary.rejects_path = None
        with self.db.transaction() as s:
            self._update_run(s, state=state, finished_at=utcnow())
            audit(
                s,
                "ingest",
                actor=self.actor,
                entity="ingest_run",
                entity_id=self.summary.run_id,
                details={"state": state, **self.summary.to_dict()},
            )
        return self.summary

    def run(
        self, raws: Iterable[RawRecord], on_batch: Callable[[int, IngestSummary], None] | None = None
    ) -> IngestSummary:
        """Process every record, then close the run.

        Ctrl-C stops at the end of the batch in flight (which commits) and closes the run as
        interrupted; a second Ctrl-C interrupts at once (the open batch then rolls back).
        """
        self.start()
        state = "failed"
        try:
            with StopOnInterrupt() as stop:
                it = iter(raws)
                while batch := list(islice(it, self.batch_size)):
                    self.process(batch)
                    if on_batch is not None:
                        on_batch(sum(r.nbytes for r in batch), self.summary)
                    if stop.requested:
                        break
            state = "interrupted" if stop.requested else "done"
        except KeyboardInterrupt:
            state = "interrupted"
            self.db.engine.dispose()  # drop connections a hard interrupt may have left mid-write
        finally:
            summary = self.finish(state)
        return summary

    # one batch -----------------------------------------------------------------------------

    def process(self, raws: list[RawRecord]) -> None:
        """Check, deduplicate, extract and store one batch of raw records."""
        checked: list[RecordIn] = []
        for raw in raws:
            if raw.refused is not None:
                self._refuse(raw.source, _raw_id(raw.data), *raw.refused)
                continue
            try:
                checked.append(check_record(raw.data, raw.source))
            except Refused as exc:
                self._refuse(raw.source, _raw_id(raw.data), exc.field, exc.reason)

        fresh = self._new_only(checked)
        jobs = [(rec.text, rec.ext_id) for rec in fresh]
        ready: list[tuple[RecordIn, Facts]] = []
        for rec, (facts, error) in zip(fresh, self.extract(jobs), strict=True):
            if facts is None:
                # An engine bug must not lose a complaint: store the text without facts, under a
                # version that `qorgau reprocess` will select once the engine is fixed.
                facts = _no_facts(rec.ext_id)
                self.summary.extraction_failed += 1
                if len(self.summary.extraction_errors) < 20:
                    self.summary.extraction_errors.append((rec.ext_id, error or "unknown error"))
            ready.append((rec, facts))
        self._store(ready)

    def _new_only(self, checked: list[RecordIn]) -> list[RecordIn]:
        """Drop duplicates (same id and text) and refuse id conflicts, in the batch and the store."""
        first: dict[str, RecordIn] = {}
        unique: list[RecordIn] = []
        for rec in checked:
            prev = first.get(rec.ext_id)
            if prev is None:
                first[rec.ext_id] = rec
                unique.append(rec)
            elif prev.sha256 == rec.sha256:
                self._duplicate(rec, None)
            else:
                self._refuse(
                    rec.source, rec.ext_id, "id",
                    f"used again in this input ({prev.source}) with a different text",
                )
        stored = self._stored(rec.ext_id for rec in unique)
        fresh: list[RecordIn] = []
        for rec in unique:
            known = stored.get(rec.ext_id)
            if known is None:
                fresh.append(rec)
            elif known[1] == rec.sha256:
                self._duplicate(rec, known[0])
            else:
                self._refuse(
                    rec.source, rec.ext_id, "id",
                    f"already stored with a different text (sha256 {known[1][:12]}...); "
                    "a corrected version needs its own id",
                )
        return fresh

    def _stored(self, ext_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
        """``ext_id -> (report id, sha256)`` of those already stored."""
        ids = list(ext_ids)
        out: dict[str, tuple[int, str]] = {}
        with self.db.session() as s:
            for i in range(0, len(ids), 500):
                rows = s.execute(
                    select(Report.ext_id, Report.id, Report.sha256).where(
                        Report.ext_id.in_(ids[i : i + 500])
                    )
                )
                out.update({e: (r, h) for e, r, h in rows})
        return out

    def _store(self, ready: list[tuple[RecordIn, Facts]]) -> None:
        try:
            ids = self._write(ready)
        except (IntegrityError, DataError):
            if not ready:
                raise
            # Something in the batch breaks a constraint (or another writer stored one of these
            # ids a moment ago): isolate it by writing one record per transaction.
            for item in ready:
                self._store_one(item)
            with self.db.transaction() as s:
                self._update_run(s)
            self.rejects.flush()
            return
        self.summary.taken += len(ids)
        if self.summary.outcomes is not None:
            for (rec, _facts), rid in zip(ready, ids, strict=True):
                self.summary.outcomes.append(Outcome(rec.source, rec.ext_id, "taken", rid))
        self.rejects.flush()

    def _store_one(self, item: tuple[RecordIn, Facts]) -> None:
        rec = item[0]
        known = self._stored([rec.ext_id]).get(rec.ext_id)
        if known is not None:
            if known[1] == rec.sha256:
                self._duplicate(rec, known[0])
            else:
                self._refuse(rec.source, rec.ext_id, "id", "already stored with a different text")
            return
        try:
            ids = self._write([item])
        except (IntegrityError, DataError) as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            self._refuse(rec.source, rec.ext_id, "record", f"the database refused it: {reason}")
            return
        self.summary.taken += 1
        if self.summary.outcomes is not None:
            self.summary.outcomes.append(Outcome(rec.source, rec.ext_id, "taken", ids[0]))

    def _write(self, ready: list[tuple[RecordIn, Facts]]) -> list[int]:
        """One transaction: reports, derived rows, linking, run counters, audit."""
        with self.db.transaction() as s:
            ids: list[int] = []
            if ready:
                rows = [_report_row(rec, facts, self.summary.run_id) for rec, facts in ready]
                ids = list(
                    s.scalars(insert(Report).returning(Report.id, sort_by_parameter_order=True), rows)
                )
                store_derived(
                    s, [Derived(rid, facts, rec.persons) for rid, (rec, facts) in zip(ids, ready, strict=True)]
                )
                _call_hooks(self.hooks, s, ids)
                audit(
                    s, "ingest_batch", actor=self.actor, entity="ingest_run",
                    entity_id=self.summary.run_id,
                    details={"count": len(ids), "first": ids[0], "last": ids[-1]},
                )
            self._update_run(s, taken=len(ids))
        return ids

    def _update_run(self, s: Session, taken: int = 0, **values: Any) -> None:
        """Set the run's counters to what they will be once this transaction commits
        (``taken`` being the reports it stores)."""
        sm = self.summary
        s.execute(
            update(IngestRun)
            .where(IngestRun.id == sm.run_id)
            .values(taken=sm.taken + taken, duplicate=sm.duplicate, refused=sm.refused, **values)
        )

    def _refuse(self, source: str, ext_id: str | None, field_name: str, reason: str) -> None:
        self.summary.refused += 1
        self.summary.refused_by_field[field_name] += 1
        self.rejects.write(source, ext_id, field_name, reason)
        if self.summary.outcomes is not None:
            self.summary.outcomes.append(Outcome(source, ext_id, "refused", None, field_name, reason))

    def _duplicate(self, rec: RecordIn, report_id: int | None) -> None:
        self.summary.duplicate += 1
        if self.summary.outcomes is not None:
            self.summary.outcomes.append(Outcome(rec.source, rec.ext_id, "duplicate", report_id))


def _raw_id(data: Mapping[str, Any] | None) -> str | None:
    if isinstance(data, Mapping) and isinstance(data.get("id"), str | int):
        return str(data["id"])[:200]
    return None


def _login() -> str | None:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no login name in some containers
        return None


ProgressFn = Callable[[int, IngestSummary], None]


def ingest_paths(
    db: Database,
    paths: list[str | Path],
    *,
    rejects: str | Path | None = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int = 1,
    actor: str | None = None,
    on_batch: ProgressFn | None = None,
) -> IngestSummary:
    """Ingest text files, directories, JSON Lines and CSV files (see :mod:`qorgau.intake.sources`).

    Raises FileNotFoundError before storing anything if a path does not exist. ``on_batch`` is
    called after each batch with the bytes it consumed (for a progress bar).
    """
    files = expand(paths, _outputs(db, rejects))
    intake = Intake(
        db, rejects=rejects, batch_size=batch_size, workers=workers, actor=actor,
        sources=[str(p) for p in paths],
    )
    return intake.run(_chain(files), on_batch)


def total_bytes(
    paths: list[str | Path], db: Database | None = None, rejects: str | Path | None = None
) -> int:
    """Bytes :func:`ingest_paths` will read (what a progress bar counts up to)."""
    skip = _outputs(db, rejects) if db is not None else set()
    return sum(p.stat().st_size for p in expand(paths, skip))


def _outputs(db: Database, rejects: str | Path | None) -> set[Path]:
    """Files this run writes, never to be read as input: the rejects file, the SQLite files."""
    out = {Path(rejects)} if rejects is not None else set()
    name = db.engine.url.database
    if db.backend == "sqlite" and name and name != ":memory:":
        out.update(Path(name + suffix) for suffix in ("", "-wal", "-shm", "-journal"))
    return out


def _chain(files: list[Path]) -> Iterator[RawRecord]:
    for path in files:
        yield from read_file(path)


def ingest_records(
    db: Database,
    records: Iterable[Mapping[str, Any]],
    *,
    source: str = "api",
    rejects: str | Path | None = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int = 1,
    actor: str | None = None,
    keep_outcomes: bool = True,
) -> IngestSummary:
    """Ingest records already in memory (a form, an API call, another system's export).

    With ``keep_outcomes`` the summary lists what happened to each record, with the report id
    of those taken or already stored.
    """
    raws = (
        RawRecord(f"{source}:{i}", dict(r) if isinstance(r, Mapping) else r)
        for i, r in enumerate(records, 1)
    )
    intake = Intake(
        db, rejects=rejects, batch_size=batch_size, workers=workers, actor=actor,
        sources=[source], keep_outcomes=keep_outcomes,
    )
    return intake.run(raws)


# Reprocessing ------------------------------------------------------------------------------


@dataclass
class ReprocessSummary:
    """What ``qorgau reprocess`` did."""

    engine_version: str
    selected: int = 0
    done: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine_version": self.engine_version,
            "selected": self.selected,
            "done": self.done,
            "failed": [{"id": i, "reason": r} for i, r in self.failed],
            "interrupted": self.interrupted,
            "seconds": round(self.seconds, 3),
        }


def reprocess(
    db: Database,
    *,
    all_reports: bool = False,
    batch_size: int = 200,
    workers: int = 1,
    actor: str | None = None,
    on_batch: Callable[[int, ReprocessSummary], None] | None = None,
) -> ReprocessSummary:
    """Recompute the facts of stored reports with the current engine.

    Only reports whose facts came from another engine version, unless ``all_reports``. Each batch
    replaces the reports' extracted facts, identifier edges, mentions and measures and updates
    their effective fields in one transaction (supplied data is kept). Interrupted, it can simply
    be run again: reports already at the current version are not selected a second time.
    """
    started = time.perf_counter()
    summary = ReprocessSummary(ENGINE_VERSION)
    actor = actor or os.environ.get("QORGAU_ACTOR") or _login()
    cond = true() if all_reports else Report.engine_version != ENGINE_VERSION
    hooks = _link_hooks("on_reprocess")
    extract = Extractor(workers)
    with db.session() as s:
        summary.selected = s.scalar(select(func.count()).select_from(Report).where(cond)) or 0
    last = 0
    stop = StopOnInterrupt().__enter__()
    try:
        while not stop.requested:
            with db.session() as s:
                rows = s.execute(
                    select(Report.id, Report.ext_id, Report.text, Report.supplied)
                    .where(cond, Report.id > last)
                    .order_by(Report.id)
                    .limit(batch_size)
                ).all()
            if not rows:
                break
            last = rows[-1].id
            results = extract([(r.text, r.ext_id) for r in rows])
            updates: list[dict[str, Any]] = []
            derived: list[Derived] = []
            now = utcnow()
            for row, (facts, error) in zip(rows, results, strict=True):
                if facts is None:
                    summary.failed.append((row.ext_id, error or "extraction failed"))
                    continue
                effective, extracted, differences = merge_fields(row.supplied or {}, facts)
                updates.append(
                    {
                        "id": row.id,
                        **effective,
                        "extracted": extracted,
                        "differences": differences,
                        "sentences": [[x.start, x.end, x.language] for x in facts.sentences],
                        "engine_version": facts.engine_version,
                        "extracted_at": now,
                    }
                )
                derived.append(Derived(row.id, facts))
            if updates:
                ids = [u["id"] for u in updates]
                with db.transaction() as s:
                    delete_extracted(s, ids)
                    store_derived(s, derived)
                    s.execute(update(Report), updates)
                    _call_hooks(hooks, s, ids)
                    audit(
                        s, "reprocess_batch", actor=actor, entity="report",
                        details={"count": len(ids), "first": ids[0], "last": ids[-1],
                                 "engine_version": ENGINE_VERSION},
                    )
                summary.done += len(ids)
            if on_batch is not None:
                on_batch(len(rows), summary)
    except KeyboardInterrupt:
        summary.interrupted = True
        db.engine.dispose()
    finally:
        stop.__exit__()
        extract.close()
    summary.interrupted = summary.interrupted or stop.requested
    summary.seconds = time.perf_counter() - started
    return summary
