"""Statistics: case rows for counting, refresh marks, published figures; index on extraction time.

The tables are described in :mod:`qorgau.stats.models`. Types are written out here rather than
imported, so this revision keeps its meaning when the models change later. Importing
``qorgau.stats.models`` registers those models (and the index on ``reports.extracted_at``) on
the store's metadata, so the comparison of models and migrations sees them wherever migrations
run.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qorgau.stats.models  # noqa: F401  (the statistics tables join the store's metadata)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = {
    "period": ("article", "registered_on", "part", "region", "status"),
    "region": ("article", "region", "registered_on", "part", "status"),
    "status": ("article", "status", "registered_on", "part", "region"),
    "month": ("article", "month", "registered_on", "part", "region", "status"),
    "part": ("article", "part", "registered_on", "region", "status"),
    "fraud": ("article", "scheme", "status", "category", "delay_days", "registered_on", "part",
              "region", "victim_age", "damage_tenge"),
    "suspect": ("article", "suspect_id", "status", "registered_on", "part", "region"),
}
"""Covering indexes of ``stat_cases``, one per table the statistics build (written out here, as
they are on this revision)."""


def upgrade() -> None:
    op.create_table(
        "stat_cases",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("article", sa.String(16), nullable=True),
        sa.Column("part", sa.SmallInteger(), nullable=True),
        sa.Column("region", sa.String(8), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("month", sa.String(7), nullable=True),
        sa.Column("channel", sa.String(32), nullable=True),
        sa.Column("offence", sa.String(32), nullable=True),
        sa.Column("scheme", sa.String(32), nullable=True),
        sa.Column("category", sa.String(24), nullable=True),
        sa.Column("damage_tenge", sa.BigInteger(), nullable=True),
        sa.Column("victim_age", sa.SmallInteger(), nullable=True),
        sa.Column("loss_on", sa.Date(), nullable=True),
        sa.Column("delay_days", sa.Integer(), nullable=True),
        sa.Column("suspect_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_stat_cases_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_stat_cases")),
    )
    for name, columns in INDEXES.items():
        op.create_index(f"ix_stat_cases_{name}", "stat_cases", list(columns))

    op.create_table(
        "stat_state",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("max_report_id", sa.Integer(), nullable=False),
        sa.Column("max_extracted_at", sa.DateTime(), nullable=True),
        sa.Column("refreshed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_stat_state")),
    )

    op.create_table(
        "published_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("period_basis", sa.String(16), nullable=False),
        sa.Column("article", sa.String(16), nullable=True),
        sa.Column("region", sa.String(8), nullable=False),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("table_id", sa.String(16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_published_figures_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_figures")),
    )
    op.create_index(
        op.f("ix_published_figures_report_id"), "published_figures", ["report_id"]
    )
    op.create_index(
        op.f("ix_published_figures_metric_article_region"),
        "published_figures",
        ["metric", "article", "region"],
    )
    op.create_index(op.f("ix_reports_extracted_at"), "reports", ["extracted_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_reports_extracted_at"), table_name="reports")
    for table in ("published_figures", "stat_state", "stat_cases"):
        op.drop_table(table)
