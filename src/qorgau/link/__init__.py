"""Linking: repeat offenders, fraud networks, cases and match alerts, kept up to date at intake.

Intake calls :func:`on_ingest_batch` inside the transaction that stores a batch of reports, so
links commit with the reports or not at all; ``qorgau reprocess`` calls
:func:`on_reprocess_batch` after replacing the reports' facts. The work is done by
:mod:`qorgau.link.engine`:

* exact links: a graph of reports and strong identifiers with incrementally kept connected
  components (:mod:`qorgau.link.graph`);
* suspect entities: reports in one identifier group, or whose suspects match by name across
  scripts and spellings (:mod:`qorgau.link.names`, Splink on DuckDB in
  :mod:`qorgau.link.persons`);
* fraud networks with their damage and victims (:mod:`qorgau.link.networks`), cases by offence
  and victim-suspect pair with a timeline (:mod:`qorgau.link.cases`), match alerts
  (:mod:`qorgau.link.alerts`);
* evaluation against synthetic truth (:mod:`qorgau.link.evaluate`) and bulk linking in memory
  (:mod:`qorgau.link.bulk`).

Exact and fuzzy links are kept apart (``link_evidence.kind``) and each carries its evidence.
See docs/linking.md.
"""

from __future__ import annotations

from sqlalchemy.orm import Session


def on_ingest_batch(session: Session, report_ids: list[int]) -> None:
    """Link a batch of newly stored reports (intake calls this inside the batch transaction)."""
    from qorgau.link.engine import link_batch

    link_batch(session, report_ids)


def on_reprocess_batch(session: Session, report_ids: list[int]) -> None:
    """Link reports again after their facts were recomputed (``qorgau reprocess``)."""
    from qorgau.link.engine import relink

    relink(session, report_ids)
