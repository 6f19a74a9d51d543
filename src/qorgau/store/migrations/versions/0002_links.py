"""Linking results: identifier groups, per-report links, suspect mentions, evidence, alerts.

The tables are described in :mod:`qorgau.link.models`. Types are written out here rather than
imported, so this revision stays as it is when the models change later. Importing
``qorgau.link.models`` below registers those models on the store's metadata, so that the
schema comparison of the models and the migrations sees them wherever the migrations are run.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import qorgau.link.models  # noqa: F401  (the link tables join the store's metadata)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _fk(column: str, target: str, nullable: bool = True, ondelete: str | None = None) -> sa.Column:
    return sa.Column(
        column, sa.Integer(), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns))


def upgrade() -> None:
    op.create_table(
        "link_groups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        _fk("merged_into", "link_groups.id"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "link_reports",
        _fk("report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        _fk("group_id", "link_groups.id"),
        _fk("person_id", "persons.id", ondelete="SET NULL"),
        _fk("network_id", "link_groups.id"),
        _fk("case_id", "cases.id", ondelete="SET NULL"),
        sa.Column("offence", sa.String(32)),
        sa.Column("damage_tenge", sa.BigInteger()),
        sa.Column("victim_key", sa.String(300)),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("report_id"),
    )
    for column in ("group_id", "person_id", "network_id", "case_id"):
        _index("link_reports", column)

    op.create_table(
        "link_mentions",
        _fk("mention_id", "person_mentions.id", nullable=False, ondelete="CASCADE"),
        _fk("report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        sa.Column("first", sa.String(100)),
        sa.Column("last", sa.String(100)),
        sa.Column("first_key", sa.String(100)),
        sa.Column("last_key", sa.String(100)),
        sa.Column("birth_date", sa.Date()),
        sa.Column("iin", sa.String(12)),
        sa.Column("victim", sa.String(200)),
        sa.Column("offence", sa.String(32)),
        sa.Column("region", sa.String(8)),
        sa.PrimaryKeyConstraint("mention_id"),
    )
    for columns in (("report_id",), ("birth_date",), ("iin",), ("last_key", "first_key", "victim")):
        _index("link_mentions", *columns)

    op.create_table(
        "link_evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        _fk("report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        _fk("other_report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        _fk("identifier_id", "identifiers.id"),
        _fk("mention_id", "person_mentions.id", ondelete="CASCADE"),
        _fk("other_mention_id", "person_mentions.id", ondelete="CASCADE"),
        sa.Column("score", sa.Float()),
        sa.Column("details", JSON),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('identifier', 'name')", name=op.f("ck_link_evidence_kind")),
    )
    _index("link_evidence", "report_id")
    _index("link_evidence", "other_report_id")

    op.create_table(
        "link_alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("report_id", "reports.id", nullable=False, ondelete="CASCADE"),
        _fk("identifier_id", "identifiers.id", nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        _fk("first_report_id", "reports.id", ondelete="SET NULL"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    for column in ("report_id", "identifier_id", "created_at"):
        _index("link_alerts", column)


def downgrade() -> None:
    for table in ("link_alerts", "link_evidence", "link_mentions", "link_reports", "link_groups"):
        op.drop_table(table)
