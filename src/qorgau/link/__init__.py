"""Linking: the seam where intake hands each newly stored report to the linking engine.

This module is the linking seam. The linking work (identifier graph with incremental connected
components, person matching, fraud networks, cases) replaces the no-op below. Intake calls, inside
the same transaction that stores a batch of reports (so links commit with the reports or not at
all):

* ``on_ingest_batch(session, report_ids)`` if this module defines it, otherwise
* ``on_ingest(session, report_id)`` once per new report.

``qorgau reprocess`` likewise calls ``on_reprocess_batch(session, report_ids)`` or
``on_reprocess(session, report_id)`` when defined, after replacing the reports' extracted facts
and identifier edges. An exception from a hook rolls the batch back and stops the run.
Read the store through :mod:`qorgau.store.repo` (``report_identifiers``,
``reports_with_identifier``, ``iter_identifier_edges``, ``report_mentions`` ...).
"""

from __future__ import annotations

from sqlalchemy.orm import Session


def on_ingest(session: Session, report_id: int) -> None:
    """Link a newly stored report; does nothing until the linking engine lands."""
    return None
