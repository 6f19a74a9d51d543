"""Group commit for records that arrive one at a time (the HTTP API, the web intake form).

Storing each record on its own costs a write transaction and a linking pass per record. A
:class:`GroupIntake` owns one writer thread: callers :meth:`~GroupIntake.submit` a record and
wait on a future, the writer gathers what arrives within a short window (or up to
``max_batch`` records) and stores it with one :meth:`Intake.process` call, so one transaction
and one linking pass per batch, then answers each caller with its own :class:`Outcome`.

* Every record keeps the outcome it would have had alone: taken, duplicate (the same id and
  text, also when the first copy is in the same batch: the duplicate then carries the report id
  of that copy) or refused with the field and the reason.
* A batch that fails as a whole (the linking hook, a database error) is stored again one record
  per transaction, so one bad record never fails the others; a record that fails alone gets the
  exception on its future.
* A caller may pass ``then(session, outcome)``: the writer runs it for each record of the batch,
  all in one more write transaction after the batch (if one raises, that transaction is rolled
  back and each runs again in its own), e.g. to write the audit entry of the request. What it
  returns, or raises, is the caller's result.
* ``describe(session, report_ids)`` (optional, given to the constructor) is called once per
  batch in a reading session with the ids of the reports the batch took or found, and returns
  ``{id: anything}``: each caller gets its report's entry as :attr:`Stored.details` (the HTTP API
  reads the reports of a batch for its answers with one query per part). If it fails, the
  details are None and callers read what they need themselves.
* The run: one ``ingest_runs`` row for the writer's life (``actor`` and ``source`` as given),
  its counters updated with each batch, closed by :meth:`~GroupIntake.close`, which stores what
  is queued before it returns. A later :meth:`~GroupIntake.submit` starts a new writer and run.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from qorgau.intake.ingest import Intake, Outcome
from qorgau.intake.sources import RawRecord
from qorgau.store.db import Database

log = logging.getLogger(__name__)

Then = Callable[[Session, Outcome], Any]
Describe = Callable[[Session, list[int]], Mapping[int, Any]]

DEFAULT_WINDOW = 0.005
"""Seconds the writer waits for more records after the first of a batch."""

DEFAULT_MAX_BATCH = 200


@dataclass
class Stored:
    """What a caller gets back: the record's outcome and what its ``then`` returned."""

    outcome: Outcome
    result: Any = None
    details: Any = None


@dataclass
class _Item:
    record: Mapping[str, Any]
    source: str
    then: Then | None
    future: Future = field(default_factory=Future)


class Closed(RuntimeError):
    """The group intake is shutting down and takes nothing more."""


_STOP = object()


class GroupIntake:
    """A writer thread storing submitted records in batches (see the module's docstring)."""

    def __init__(
        self, db: Database, *, window: float = DEFAULT_WINDOW, max_batch: int = DEFAULT_MAX_BATCH,
        actor: str = "api", source: str = "api", describe: Describe | None = None,
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self.db = db
        self.window = max(0.0, window)
        self.max_batch = max_batch
        self.actor = actor
        self.source = source
        self.describe = describe
        self.batches = 0
        """Batches stored since this object was made (for tests and statistics)."""
        self._lock = threading.Lock()
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closing = False
        self._seq = 0

    # callers -------------------------------------------------------------------------------

    def submit(self, record: Mapping[str, Any], source: str | None = None,
               then: Then | None = None) -> Future:
        """Queue one record; the future resolves to a :class:`Stored`.

        ``source`` names where the record came from (stored on the report, made unique here).
        """
        with self._lock:
            if self._closing:
                raise Closed("intake is shutting down")
            self._seq += 1
            item = _Item(record, f"{source or self.source}:{self._seq}", then)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._writer, name="qorgau-group-intake", daemon=True)
                self._thread.start()
            self._queue.put(item)
        return item.future

    def store(self, record: Mapping[str, Any], source: str | None = None,
              then: Then | None = None, timeout: float | None = None) -> Stored:
        """Submit one record and wait for its outcome (exceptions of its batch are raised)."""
        return self.submit(record, source, then).result(timeout)

    def close(self, timeout: float | None = None) -> None:
        """Store everything queued, close the run and stop the writer. A submission while it
        closes raises :class:`Closed`; one after it starts a new writer."""
        with self._lock:
            thread = self._thread
            if thread is None or not thread.is_alive():
                self._thread = None
                return
            self._closing = True
            self._queue.put(_STOP)
        try:
            thread.join(timeout)
        finally:
            with self._lock:
                self._closing = False
                if not thread.is_alive():
                    self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # the writer ----------------------------------------------------------------------------

    def _writer(self) -> None:
        intake = Intake(self.db, actor=self.actor, sources=[self.source], keep_outcomes=True)
        try:
            intake.start()
        except BaseException as exc:
            self._fail_queued(exc)
            raise
        state = "failed"
        try:
            while True:
                batch, stop = self._gather()
                if batch:
                    self._store_batch(intake, batch)
                    self.batches += 1
                if stop:
                    break
            state = "done"
        finally:
            intake.finish(state)

    def _gather(self) -> tuple[list[_Item], bool]:
        """The next batch: the first record (waiting for it), then what arrives within the
        window, up to ``max_batch``; and whether the stop mark was seen."""
        first = self._queue.get()
        if first is _STOP:
            return [], True
        batch = [first]
        deadline = time.monotonic() + self.window
        while len(batch) < self.max_batch:
            remaining = deadline - time.monotonic()
            try:
                item = self._queue.get(timeout=remaining) if remaining > 0 \
                    else self._queue.get_nowait()
            except queue.Empty:
                break
            if item is _STOP:
                return batch, True
            batch.append(item)
        return batch, False

    def _fail_queued(self, exc: BaseException) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP:
                item.future.set_exception(exc)

    def _store_batch(self, intake: Intake, batch: list[_Item]) -> None:
        try:
            outcomes = _process(intake, batch)
        except Exception as exc:
            if len(batch) == 1:
                batch[0].future.set_exception(exc)
                return
            for item in batch:  # isolate what fails: one record per transaction
                self._store_batch(intake, [item])
            return
        self._finish(batch, outcomes)

    def _finish(self, batch: list[_Item], outcomes: list[Outcome]) -> None:
        """Run the callers' ``then`` in one transaction and answer them; if any ``then`` fails,
        that transaction is rolled back and each ``then`` runs again in its own, so one
        failure touches no other caller. ``session.info["batch_report_ids"]`` lists the
        batch's stored reports, for callbacks that read them all at once."""
        results: list[tuple[bool, Any]] = []
        try:
            with self.db.transaction() as s:
                s.info["batch_report_ids"] = sorted(
                    {o.report_id for o in outcomes if o.report_id is not None})
                for item, outcome in zip(batch, outcomes, strict=True):
                    results.append((True, None if item.then is None else item.then(s, outcome)))
        except Exception:
            results = []
            for item, outcome in zip(batch, outcomes, strict=True):
                try:  # a failing ``then`` leaves the transaction by its exception: rolled back
                    with self.db.transaction() as s:
                        value = None if item.then is None else item.then(s, outcome)
                    results.append((True, value))
                except Exception as exc:
                    results.append((False, exc))
        details = self._describe([o.report_id for (ok, _), o in zip(results, outcomes, strict=True)
                                  if ok and o.report_id is not None])
        for item, outcome, (ok, value) in zip(batch, outcomes, results, strict=True):
            if ok:
                item.future.set_result(Stored(outcome, value, details.get(outcome.report_id)))
            else:
                item.future.set_exception(value)


    def _describe(self, report_ids: list[int]) -> Mapping[int, Any]:
        if self.describe is None or not report_ids:
            return {}
        try:
            with self.db.session() as s:
                return self.describe(s, sorted(set(report_ids)))
        except Exception:
            log.exception("describing an intake batch failed; requests read their reports")
            return {}


def _process(intake: Intake, batch: list[_Item]) -> list[Outcome]:
    """One :meth:`Intake.process` call for the batch; the outcomes in the batch's order. The
    run's counters are put back as they were if it raises."""
    sm = intake.summary
    saved = (sm.taken, sm.duplicate, sm.refused, Counter(sm.refused_by_field),
             sm.extraction_failed)
    sm.outcomes = []
    raws = [RawRecord(item.source, dict(item.record) if isinstance(item.record, Mapping)
                      else item.record) for item in batch]
    try:
        intake.process(raws)
    except Exception:
        (sm.taken, sm.duplicate, sm.refused, sm.refused_by_field, sm.extraction_failed) = saved
        raise
    finally:
        got, sm.outcomes = sm.outcomes or [], []
    by_source = {o.source: o for o in got}
    taken = {o.ext_id: o.report_id for o in got if o.status == "taken"}
    out: list[Outcome] = []
    for item in batch:
        o = by_source.get(item.source)
        if o is None:
            o = Outcome(item.source, None, "refused", None, "record", "the record was not stored")
        elif o.status == "duplicate" and o.report_id is None:
            # the same record twice in this batch: the copy after the first is answered with
            # the report its first copy became
            rid = taken.get(o.ext_id) or _stored_id(intake, o.ext_id)
            o = Outcome(o.source, o.ext_id, "duplicate", rid) if rid is not None else Outcome(
                o.source, o.ext_id, "refused", None, "record", "the record was not stored")
        out.append(o)
    return out


def _stored_id(intake: Intake, ext_id: str | None) -> int | None:
    if ext_id is None:
        return None
    known = intake._stored([ext_id]).get(ext_id)
    return known[0] if known else None
