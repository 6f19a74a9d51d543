"""Intake: reading documents and records from files or callers, checking them, storing them.

:func:`ingest_paths` takes text files, directories, JSON Lines and CSV; :func:`ingest_records`
takes records already in memory (a form, an API call); :func:`reprocess` recomputes stored facts
with the current engine. See docs/storage.md for the design.
"""

from qorgau.intake.fields import Refused, check_record, normalise_identifier
from qorgau.intake.ingest import (
    IngestSummary,
    Outcome,
    ReprocessSummary,
    ingest_paths,
    ingest_records,
    reprocess,
)

__all__ = [
    "IngestSummary",
    "Outcome",
    "Refused",
    "ReprocessSummary",
    "check_record",
    "ingest_paths",
    "ingest_records",
    "normalise_identifier",
    "reprocess",
]
