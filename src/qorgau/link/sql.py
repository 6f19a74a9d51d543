"""Small SQL helpers for linking: multi-row inserts that return ids, and INSERT-or-ignore.

Linking writes a batch's new groups, entities and cases with one statement each rather than one
flush per row; both backends (SQLite 3.35+ and PostgreSQL) support ``RETURNING``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def chunks(seq: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Slices of at most ``size`` items (keeps IN lists within every backend's limits)."""
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows of an ORM model in one statement; their new ids, in the order given."""
    if not rows:
        return []
    stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(stmt, rows))


def insert_ignore(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING of many rows, on SQLite and PostgreSQL."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    ins = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(ins(table).on_conflict_do_nothing(), rows)
