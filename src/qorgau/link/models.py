"""Tables that hold what linking found, on the store's schema (migration 0002).

* ``link_groups``: connected components of the graph of reports and strong identifiers
  (phone, IIN, card, IBAN, e-mail, handle), kept incrementally at intake. A group that absorbs
  another keeps its id; the absorbed one points to it (``merged_into``).
* ``link_reports``: one row per linked report: its identifier group, its suspect entity
  (``persons``), its fraud network (the group, for fraud reports), its case, and what linking
  read from it (offence, damage, victim name key).
* ``link_mentions``: the suspect mentions person matching compares, with their name keys (see
  :mod:`qorgau.link.names`), birth date and the context of their report. Indexed on the
  blocking keys so that a new mention finds its candidates without reading the whole table.
* ``link_evidence``: why two reports are linked: an exact identifier (which one) or a fuzzy name
  match (which names, the comparison levels, the match probability). Kept apart by ``kind``.
* ``link_alerts``: a new report named an identifier already seen, with how many earlier reports
  and cases name it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Float, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from qorgau.store.models import Base, utcnow

NullableJSON = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
"""JSON where Python None is SQL NULL."""

EVIDENCE_KINDS = ("identifier", "name")


class LinkGroup(Base):
    """A connected component of reports joined by shared strong identifiers."""

    __tablename__ = "link_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    reports: Mapped[int] = mapped_column(default=0)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("link_groups.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkReport(Base):
    """Where linking put one report: identifier group, suspect entity, fraud network, case."""

    __tablename__ = "link_reports"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int | None] = mapped_column(ForeignKey("link_groups.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    network_id: Mapped[int | None] = mapped_column(ForeignKey("link_groups.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    offence: Mapped[str | None] = mapped_column(String(32))
    damage_tenge: Mapped[int | None] = mapped_column(BigInteger)
    victim_key: Mapped[str | None] = mapped_column(String(300))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkMention(Base):
    """A suspect mention as person matching compares it (canonical name parts and keys)."""

    __tablename__ = "link_mentions"

    mention_id: Mapped[int] = mapped_column(
        ForeignKey("person_mentions.id", ondelete="CASCADE"), primary_key=True
    )
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    first: Mapped[str | None] = mapped_column(String(100))
    last: Mapped[str | None] = mapped_column(String(100))
    first_key: Mapped[str | None] = mapped_column(String(100))
    last_key: Mapped[str | None] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(index=True)
    iin: Mapped[str | None] = mapped_column(String(12), index=True)
    victim: Mapped[str | None] = mapped_column(String(200))
    offence: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(8))

    __table_args__ = (Index(None, "last_key", "first_key", "victim"),)


class LinkEvidence(Base):
    """Why a report is linked to an earlier one: an exact identifier or a fuzzy name match.

    ``report_id`` is the newer report, ``other_report_id`` the earlier one. Identifier evidence
    names the identifier; name evidence names the two mentions and carries the Splink match
    probability in ``score`` and the comparison levels in ``details``.
    """

    __tablename__ = "link_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    other_report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    identifier_id: Mapped[int | None] = mapped_column(ForeignKey("identifiers.id"))
    mention_id: Mapped[int | None] = mapped_column(
        ForeignKey("person_mentions.id", ondelete="CASCADE")
    )
    other_mention_id: Mapped[int | None] = mapped_column(
        ForeignKey("person_mentions.id", ondelete="CASCADE")
    )
    score: Mapped[float | None] = mapped_column(Float)
    details: Mapped[Any | None] = mapped_column(NullableJSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("kind IN ('identifier', 'name')", name="kind"),)


class LinkAlert(Base):
    """A new report names an identifier already seen: how many reports and cases name it."""

    __tablename__ = "link_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), index=True)
    reports: Mapped[int]
    cases: Mapped[int]
    first_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
