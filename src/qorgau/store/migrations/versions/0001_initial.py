"""Initial schema: reports, facts, identifiers, people, cases, measures, incidents, audit log.

The audit log is made append-only by triggers that refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL). Types are written out here rather than imported from the models, so this revision
stays as it is when the models change later.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
SOURCES = "source IN ('supplied', 'extracted', 'entered')"
ROLES = "role IN ('victim', 'suspect', 'witness', 'other')"


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(column: str, target: str, nullable: bool = True, ondelete: str | None = None) -> sa.Column:
    return sa.Column(column, sa.Integer(), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns))


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        _id(),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64)),
        sa.Column("engine_version", sa.String(64), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.Column("duplicate", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state IN ('running', 'done', 'interrupted', 'failed')", name=op.f("ck_ingest_runs_state")
        ),
    )
    op.create_table(
        "reports",
        _id(),
        sa.Column("ext_id", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("received_at", sa.DateTime()),
        sa.Column("language", sa.String(8)),
        sa.Column("region", sa.String(8)),
        sa.Column("article", sa.String(16)),
        sa.Column("status", sa.String(64)),
        sa.Column("ref_date", sa.Date()),
        sa.Column("source", sa.String(500)),
        _fk("run_id", "ingest_runs.id"),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("supplied", JSON, nullable=False),
        sa.Column("extracted", JSON, nullable=False),
        sa.Column("differences", JSON, nullable=False),
        sa.Column("sentences", JSON, nullable=False),
        sa.Column("engine_version", sa.String(64), nullable=False),
        sa.Column("extracted_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("ext_id", name=op.f("uq_reports_ext_id")),
        sa.CheckConstraint(
            "channel IN ('e_otinish', '102', 'walk_in', 'court', 'official_letter', 'news', "
            "'import')",
            name=op.f("ck_reports_channel"),
        ),
    )
    for column in ("sha256", "channel", "received_at", "region", "article", "run_id"):
        _index("reports", column)
    _index("reports", "engine_version")

    op.create_table(
        "facts",
        sa.Column("id", BIGID, primary_key=True),
        _fk("report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("key", sa.String(200)),
        sa.Column("value", JSON, nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("extra", JSON),
    )
    _index("facts", "report_id")
    _index("facts", "kind", "key")

    op.create_table(
        "identifiers",
        _id(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("kind", "value", name=op.f("uq_identifiers_kind_value")),
    )
    op.create_table(
        "report_identifiers",
        _fk("report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        _fk("identifier_id", "identifiers.id", nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16)),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer()),
        sa.Column("span_end", sa.Integer()),
        sa.PrimaryKeyConstraint("report_id", "identifier_id", "source"),
        sa.CheckConstraint(SOURCES, name=op.f("ck_report_identifiers_source")),
    )
    _index("report_identifiers", "identifier_id")

    op.create_table(
        "persons",
        _id(),
        sa.Column("display_name", sa.String(300)),
        sa.Column("name_key", sa.String(300)),
        sa.Column("birth_date", sa.Date()),
        sa.Column("iin", sa.String(12)),
        sa.Column("attrs", JSON, nullable=False),
        _fk("merged_into", "persons.id"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    _index("persons", "name_key")
    _index("persons", "iin")

    op.create_table(
        "person_mentions",
        _id(),
        _fk("report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("name", sa.String(300)),
        sa.Column("birth_date", sa.Date()),
        sa.Column("iin", sa.String(12)),
        sa.Column("attrs", JSON, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        _fk("person_id", "persons.id", ondelete="SET NULL"),
        sa.Column("link_evidence", JSON),
        sa.CheckConstraint(ROLES, name=op.f("ck_person_mentions_role")),
        sa.CheckConstraint(SOURCES, name=op.f("ck_person_mentions_source")),
    )
    for column in ("report_id", "iin", "person_id"):
        _index("person_mentions", column)

    op.create_table(
        "cases",
        _id(),
        sa.Column("key", sa.String(200)),
        sa.Column("number", sa.String(64)),
        sa.Column("title", sa.String(300)),
        sa.Column("offence", sa.String(32)),
        sa.Column("article", sa.String(16)),
        sa.Column("region", sa.String(8)),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("opened_at", sa.DateTime()),
        sa.Column("closed_at", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("key", name=op.f("uq_cases_key")),
    )
    _index("cases", "number")

    op.create_table(
        "case_reports",
        _fk("case_id", "cases.id", nullable=False, ondelete="CASCADE"),
        _fk("report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        sa.Column("reason", JSON),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "report_id"),
    )
    _index("case_reports", "report_id")

    op.create_table(
        "case_persons",
        _fk("case_id", "cases.id", nullable=False, ondelete="CASCADE"),
        _fk("person_id", "persons.id", nullable=False, ondelete="CASCADE"),
        sa.Column("role", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "person_id", "role"),
        sa.CheckConstraint(ROLES, name=op.f("ck_case_persons_role")),
    )
    _index("case_persons", "person_id")

    op.create_table(
        "measures",
        _id(),
        sa.Column("kind", sa.String(32), nullable=False),
        _fk("person_id", "persons.id", ondelete="SET NULL"),
        _fk("case_id", "cases.id", ondelete="SET NULL"),
        _fk("report_id", "reports.id", ondelete="CASCADE"),
        sa.Column("article", sa.String(16)),
        sa.Column("issued_on", sa.Date()),
        sa.Column("starts_on", sa.Date()),
        sa.Column("ends_on", sa.Date()),
        sa.Column("issuer", sa.String(200)),
        sa.Column("details", JSON, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('protective_order', 'preventive_registration', 'admin_protocol', "
            "'admin_penalty', 'special_requirements', 'detention')",
            name=op.f("ck_measures_kind"),
        ),
        sa.CheckConstraint(SOURCES, name=op.f("ck_measures_source")),
    )
    for column in ("kind", "person_id", "case_id", "report_id"):
        _index("measures", column)

    op.create_table(
        "incidents",
        _id(),
        _fk("report_id", "reports.id", ondelete="CASCADE"),
        _fk("case_id", "cases.id", ondelete="SET NULL"),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("occurred_on", sa.Date()),
        sa.Column("when_text", sa.String(32)),
        sa.Column("description", sa.Text()),
        sa.Column("amount_tenge", sa.BigInteger()),
        sa.Column("span_start", sa.Integer()),
        sa.Column("span_end", sa.Integer()),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(SOURCES, name=op.f("ck_incidents_source")),
    )
    for column in ("report_id", "case_id", "occurred_on"):
        _index("incidents", column)

    op.create_table(
        "audit_log",
        sa.Column("id", BIGID, primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64)),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(32)),
        sa.Column("entity_id", sa.String(64)),
        sa.Column("details", JSON),
    )
    _index("audit_log", "at")
    _index("audit_log", "entity", "entity_id")
    _append_only("audit_log")


def _append_only(table: str) -> None:
    """Refuse UPDATE and DELETE on ``table`` in the database itself."""
    message = f"{table} is append-only"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION qorgau_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION qorgau_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION qorgau_refuse_change()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_log")
        op.execute("DROP FUNCTION qorgau_refuse_change()")
    else:
        op.drop_table("audit_log")
    for table in (
        "incidents",
        "measures",
        "case_persons",
        "case_reports",
        "cases",
        "person_mentions",
        "persons",
        "report_identifiers",
        "identifiers",
        "facts",
        "reports",
        "ingest_runs",
    ):
        op.drop_table(table)
