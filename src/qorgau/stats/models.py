"""Tables of the statistics module (migration 0004): case rows for counting, published figures.

* ``stat_cases``: one row per stored report, in the shape official tables count: the article and
  part, region, status, registration date and month, and for fraud the scheme, offence category,
  damage, victim's age, date of the loss, reporting delay and suspect entity. It is derived from
  ``reports``, their facts and person mentions by :func:`qorgau.stats.derive.refresh` and kept
  narrow so that a table over a million cases is one pass over an index.
* ``stat_state``: the high-water marks of the last refresh (latest report id and extraction
  time), so that a refresh with nothing new costs two index look-ups.
* ``published_figures``: figures that official documents publish (regional counts, fraud
  figures), each with its source document, publication date and the period it covers.

The module also puts an index on ``reports.extracted_at``: the refresh finds reports whose facts
were recomputed (``qorgau reprocess``) through it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from qorgau.store.models import Base, Report, UTCDateTime, utcnow

STATUSES = ("registered", "sent_to_court", "verdict", "terminated", "other")
"""A case's procedural status as the tables count it (``other``: a status text not understood)."""

SOLVED = ("sent_to_court", "verdict")
"""Statuses that count as solved (ашылды / раскрыто): the case went to court with a suspect."""


INDEXES: dict[str, tuple[str, ...]] = {
    # totals of an article over a period, and short periods
    "period": ("article", "registered_on", "part", "region", "status"),
    # one per dimension: the groups come out of the index in order (no sort), and the filters
    # are read from the index entries (no look-up into the table)
    "region": ("article", "region", "registered_on", "part", "status"),
    "status": ("article", "status", "registered_on", "part", "region"),
    "month": ("article", "month", "registered_on", "part", "region", "status"),
    "part": ("article", "part", "registered_on", "region", "status"),
    # fraud figures and schemes (the cube's GROUP BY order), persons prosecuted
    "fraud": ("article", "scheme", "status", "category", "delay_days", "registered_on", "part",
              "region", "victim_age", "damage_tenge"),
    "suspect": ("article", "suspect_id", "status", "registered_on", "part", "region"),
}
"""Covering indexes of ``stat_cases`` (see :mod:`qorgau.stats.query` and docs/statistics.md)."""


class StatCase(Base):
    """One report as the statistics count it (see the module docstring)."""

    __tablename__ = "stat_cases"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    article: Mapped[str | None] = mapped_column(String(16))
    part: Mapped[int | None] = mapped_column(SmallInteger)
    region: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    registered_on: Mapped[date | None] = mapped_column(Date)
    month: Mapped[str | None] = mapped_column(String(7))
    channel: Mapped[str | None] = mapped_column(String(32))
    offence: Mapped[str | None] = mapped_column(String(32))
    scheme: Mapped[str | None] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(24))
    damage_tenge: Mapped[int | None] = mapped_column(BigInteger)
    victim_age: Mapped[int | None] = mapped_column(SmallInteger)
    loss_on: Mapped[date | None] = mapped_column(Date)
    delay_days: Mapped[int | None] = mapped_column(Integer)
    suspect_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = tuple(
        Index(f"ix_stat_cases_{name}", *columns) for name, columns in INDEXES.items()
    )


class StatState(Base):
    """High-water marks of the last refresh of ``stat_cases`` (one row, ``name='cases'``)."""

    __tablename__ = "stat_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    max_report_id: Mapped[int] = mapped_column(Integer, default=0)
    max_extracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PublishedFigure(Base):
    """A figure an official document publishes, with its source, date and period.

    ``metric`` is ``cases_registered`` for a count of cases (a row of a regional table, or the
    nationwide total with ``region='KZ'``) and a figure metric of the facts engine otherwise
    (``crimes_solved``, ``scheme_investment``, ``max_damage_tenge`` ...). ``period_basis`` says
    how the period was known: ``stated`` (in the sentence), ``table`` (from the total the table
    adds up to), ``carried`` (from an earlier figure of the same document), ``given`` (by the
    person who imported it) or ``assumed`` (the year up to the publication date).
    """

    __tablename__ = "published_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(500))
    published_on: Mapped[date | None] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    period_basis: Mapped[str] = mapped_column(String(16))
    article: Mapped[str | None] = mapped_column(String(16))
    region: Mapped[str] = mapped_column(String(8))
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    table_id: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (Index(None, "metric", "article", "region"),)


Index("ix_reports_extracted_at", Report.extracted_at)
