"""The database schema as SQLAlchemy 2 models: reports and their facts, identifiers, people, cases.

One schema serves SQLite (the embedded default) and PostgreSQL. Conventions:

* Every timestamp is stored as UTC without a zone and read back as an aware UTC datetime
  (:class:`UTCDateTime`); a naive value handed in is taken as Kazakhstan time (UTC+05:00).
* JSON columns are JSONB on PostgreSQL and JSON text on SQLite.
* A *report* is any ingested document (complaint, police report, court decision, letter, news).
  Its text is stored exactly as received, with its SHA-256.
* Facts are rows with their span in the original text and the rule that found them; the engine
  version that produced them is on the report, so ``qorgau reprocess`` knows what is stale.
* Strong identifiers (phone, IIN, card, IBAN, e-mail, social handle) are normalised once into
  ``identifiers`` and joined to reports by ``report_identifiers``: the edges of the link graph.
* ``person_mentions`` are people as one report names them; ``persons`` are the entities that
  linking resolves them to (``person_mentions.person_id`` with its evidence).

The Alembic migrations in ``qorgau/store/migrations`` create exactly this schema; a test compares
the two so they cannot drift apart.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

KZ_TIME = timezone(timedelta(hours=5), "Asia/Almaty")
"""Kazakhstan has one time zone, UTC+05:00, since 1 March 2024."""

CHANNELS = ("e_otinish", "102", "walk_in", "court", "official_letter", "news", "import")
"""Where a report came from."""

ROLES = ("victim", "suspect", "witness", "other")
"""The part a person plays in a report."""

SOURCES = ("supplied", "extracted", "entered")
"""Where a row came from: a structured field of the record, the facts engine, or a person."""

MEASURE_KINDS = (
    "protective_order",
    "preventive_registration",
    "admin_protocol",
    "admin_penalty",
    "special_requirements",
    "detention",
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timestamp stored as naive UTC on every backend and returned as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=KZ_TIME)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")
NullableJSON = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
"""JSON where Python None is stored as SQL NULL (not the JSON text ``null``)."""
BigId = BigInteger().with_variant(Integer(), "sqlite")


SCHEMA_MODULES = ("qorgau.link.models", "qorgau.auth.models", "qorgau.stats.models")
"""Modules outside the store that add tables to :class:`Base` (with their own migrations)."""


def load_schema() -> MetaData:
    """The full schema: :class:`Base` metadata with the tables of every module in
    ``SCHEMA_MODULES`` that is installed (what migrations and schema checks compare against)."""
    import importlib

    for name in SCHEMA_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return Base.metadata


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONType, datetime: UTCDateTime(), date: Date()}


class IngestRun(Base):
    """One ``qorgau ingest`` (or API intake) run, its counters kept in step with its commits."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    state: Mapped[str] = mapped_column(String(16), default="running")
    actor: Mapped[str | None] = mapped_column(String(64))
    engine_version: Mapped[str] = mapped_column(String(64))
    sources: Mapped[Any] = mapped_column(JSONType, default=list)
    taken: Mapped[int] = mapped_column(default=0)
    duplicate: Mapped[int] = mapped_column(default=0)
    refused: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        CheckConstraint(_in("state", ("running", "done", "interrupted", "failed")), name="state"),
    )


class Report(Base):
    """An ingested document: original text, provenance, and the facts engine's reading of it.

    ``region``, ``article``, ``language`` and ``received_at`` hold the effective values: the
    supplied field where the record carried one, otherwise what the engine extracted.
    ``supplied`` keeps the structured fields as validated, ``extracted`` what the engine found for
    the same fields, and ``differences`` each field where the two disagree.
    """

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    ext_id: Mapped[str] = mapped_column(String(200), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(32), index=True)
    received_at: Mapped[datetime | None] = mapped_column(index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(8), index=True)
    article: Mapped[str | None] = mapped_column(String(16), index=True)
    status: Mapped[str | None] = mapped_column(String(64))
    ref_date: Mapped[date | None]
    source: Mapped[str | None] = mapped_column(String(500))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"), index=True)
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)
    supplied: Mapped[dict[str, Any]] = mapped_column(default=dict)
    extracted: Mapped[dict[str, Any]] = mapped_column(default=dict)
    differences: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sentences: Mapped[Any] = mapped_column(JSONType, default=list)
    engine_version: Mapped[str] = mapped_column(String(64), index=True)
    extracted_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint(_in("channel", CHANNELS), name="channel"),)


class FactRow(Base):
    """One fact of a report (see :class:`qorgau.model.Fact`), in engine order (``seq``).

    ``key`` is a plain string for grouping and lookups without JSON functions: the value itself
    when it is a scalar, the code of an article, ``kind:value`` of an identifier, the kind of a
    measure or penalty, the ``what`` of a count, the metric of a figure.
    """

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[Any] = mapped_column(JSONType)
    span_start: Mapped[int]
    span_end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(64))
    extra: Mapped[Any | None] = mapped_column(NullableJSON)

    __table_args__ = (Index(None, "kind", "key"),)


class Identifier(Base):
    """A normalised strong identifier, stored once: ``phone`` E.164, ``iin`` 12 digits, ``card``
    digits (masked as written), ``iban`` upper case, ``email`` lower case, ``handle``
    ``platform:name``."""

    __tablename__ = "identifiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(200))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("kind", "value"),)


class ReportIdentifier(Base):
    """An edge of the link graph: a report names an identifier.

    Supplied and extracted evidence are separate rows (``source``). ``role`` is the person the
    identifier belongs to when known (``victim``/``suspect``); ``span_start``/``span_end`` is
    its first mention in the text (none for supplied ones), ``mentions`` how often it occurs.
    """

    __tablename__ = "report_identifiers"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), primary_key=True)
    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    role: Mapped[str | None] = mapped_column(String(16))
    mentions: Mapped[int] = mapped_column(default=1)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]

    __table_args__ = (
        Index(None, "identifier_id"),
        CheckConstraint(_in("source", SOURCES), name="source"),
    )


class Person(Base):
    """A person entity: the same human across reports, as linking resolved it.

    ``merged_into`` points to the surviving entity when two entities are found to be one.
    """

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(300))
    name_key: Mapped[str | None] = mapped_column(String(300), index=True)
    birth_date: Mapped[date | None]
    iin: Mapped[str | None] = mapped_column(String(12), index=True)
    attrs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PersonMention(Base):
    """A person as one report names them (victim, suspect ...), before or after linking.

    ``person_id`` and ``link_evidence`` are set by linking: which entity, and why (exact IIN,
    fuzzy name with birth date, with the score).
    """

    __tablename__ = "person_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(300))
    birth_date: Mapped[date | None]
    iin: Mapped[str | None] = mapped_column(String(12), index=True)
    attrs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    link_evidence: Mapped[Any | None] = mapped_column(NullableJSON)

    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint(_in("source", SOURCES), name="source"),
    )


class Case(Base):
    """A case grouping reports: by offence and victim-suspect pair, or a registered case.

    ``key`` is the deterministic grouping key linking builds (unique when set); ``number`` the
    official register number when there is one.
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    number: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(String(300))
    offence: Mapped[str | None] = mapped_column(String(32))
    article: Mapped[str | None] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(32), default="open")
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseReport(Base):
    """A report belonging to a case, with why it was put there."""

    __tablename__ = "case_reports"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[Any | None] = mapped_column(NullableJSON)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index(None, "report_id"),)


class CasePerson(Base):
    """A person entity's part in a case."""

    __tablename__ = "case_persons"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)

    __table_args__ = (
        Index(None, "person_id"),
        CheckConstraint(_in("role", ROLES), name="role"),
    )


class Measure(Base):
    """A measure taken against a person: protective order, administrative penalty, preventive
    registration, protocol, special requirements, detention; with its dates.

    Extracted measures (``source='extracted'``) come from a report's ``measure`` facts and are
    rebuilt when the report is reprocessed; entered ones are kept.
    """

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    article: Mapped[str | None] = mapped_column(String(16))
    issued_on: Mapped[date | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    issuer: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(_in("kind", MEASURE_KINDS), name="kind"),
        CheckConstraint(_in("source", SOURCES), name="source"),
    )


class Incident(Base):
    """An event on a case's timeline: a call, a visit, a threat, a payment to a mule card.

    ``occurred_on`` is the date when known to the day; ``when_text`` keeps the precision the text
    gave (``2025-03-12``, ``2025-03``, ``--03-12``).
    """

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    occurred_on: Mapped[date | None] = mapped_column(index=True)
    when_text: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    amount_tenge: Mapped[int | None] = mapped_column(BigInteger)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint(_in("source", SOURCES), name="source"),)


class AuditEntry(Base):
    """Append-only log of who did what; the database itself refuses updates and deletes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[Any | None] = mapped_column(NullableJSON)

    __table_args__ = (Index(None, "entity", "entity_id"),)
