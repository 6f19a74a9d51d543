"""SQL queries against ``stat_cases``: the same aggregates as :mod:`qorgau.stats.core`.

Every function takes a SQLAlchemy session (or connection) and a :class:`~qorgau.stats.core.Filters`
and runs one ``GROUP BY`` over the rows the filters select. The filters become range conditions
on ``(article, registered_on)``, the leading columns of the covering indexes of ``stat_cases``,
so that each table is one index range scan with no look-ups into the table (query plans in
docs/statistics.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.sql import ColumnElement

from qorgau.stats.core import (
    DIMENSIONS,
    OVER_AGE,
    Counts,
    Cube,
    CubeCell,
    Filters,
    FraudFigures,
    article_spec,
    fold_fraud,
)
from qorgau.stats.models import SOLVED, StatCase

T = StatCase.__table__.c


def _article_cond(article: str, part: int | None) -> ColumnElement[bool]:
    if part is None:
        return T.article == article
    return and_(T.article == article, T.part == part)


def conditions(filters: Filters, exclude: tuple[int, ...] = ()) -> list[ColumnElement[bool]]:
    """WHERE conditions for ``filters`` (leaving out the reports in ``exclude``)."""
    conds: list[ColumnElement[bool]] = []
    if exclude:
        conds.append(T.report_id.not_in(exclude))
    specs = filters.specs
    if specs:
        parts = [_article_cond(a, p) for a, p in specs]
        conds.append(parts[0] if len(parts) == 1 else or_(*parts))
    if filters.start:
        conds.append(T.registered_on >= filters.start)
    if filters.end:
        conds.append(T.registered_on <= filters.end)
    if filters.regions:
        conds.append(T.region.in_(filters.regions))
    if filters.statuses:
        conds.append(T.status.in_(filters.statuses))
    return conds


def _spec_expr(filters: Filters) -> ColumnElement[Any]:
    """The label of the article a row falls under (the first that matches, as in core)."""
    specs = filters.specs
    if len(specs) <= 1:
        return literal(article_spec(*specs[0]) if specs else "")
    return case(*[(_article_cond(a, p), article_spec(a, p)) for a, p in specs], else_="")


def count_rows(session: Any, filters: Filters, by: str, exclude: tuple[int, ...] = ()) -> Counts:
    """Counts and summed damage per value of ``by`` and article (see :func:`core.count_rows`)."""
    if by not in DIMENSIONS:
        raise ValueError(f"by: expected one of {', '.join(DIMENSIONS)}, got {by!r}")
    keys = [T.article, T.part] if by == "article" else [T[by]]
    spec = _spec_expr(filters).label("spec")
    damage = func.coalesce(func.sum(T.damage_tenge), 0) if by == "scheme" else literal(0)
    q = (
        select(*keys, spec, func.count().label("n"), damage.label("damage"))
        .where(*conditions(filters, exclude))
        .group_by(*keys, spec)
    )
    out: Counts = {}
    for row in session.execute(q):
        key = (row[0], row[1]) if by == "article" else row[0]
        out[(key, row.spec or "")] = [int(row.n), int(row.damage or 0)]
    return out


def period_total(session: Any, filters: Filters, exclude: tuple[int, ...] = ()) -> int:
    """How many cases fall under ``filters``."""
    return int(
        session.scalar(
            select(func.count()).select_from(StatCase).where(*conditions(filters, exclude))
        )
        or 0
    )


def fraud_cube(session: Any, filters: Filters, exclude: tuple[int, ...] = ()) -> Cube:
    """The cube :func:`core.fold_fraud` folds: one GROUP BY, a few hundred rows back."""
    over = case((T.victim_age > OVER_AGE, 1), else_=0)
    keys = [T.scheme, T.status, T.category, T.delay_days]
    q = (
        select(
            *keys,
            func.count().label("n"),
            func.coalesce(func.sum(T.damage_tenge), 0).label("damage_sum"),
            func.max(T.damage_tenge).label("damage_max"),
            func.count(T.damage_tenge).label("damage_n"),
            func.count(T.victim_age).label("age_n"),
            func.coalesce(func.sum(over), 0).label("over_age"),
        )
        .where(*conditions(filters, exclude))
        .group_by(*keys)
    )
    cube: Cube = {}
    for r in session.execute(q):
        cube[(r.scheme, r.status, r.category, r.delay_days)] = CubeCell(
            int(r.n),
            int(r.damage_sum or 0),
            None if r.damage_max is None else int(r.damage_max),
            int(r.damage_n),
            int(r.age_n),
            int(r.over_age or 0),
        )
    return cube


def distinct_suspects(session: Any, filters: Filters, exclude: tuple[int, ...] = ()) -> int:
    """Distinct suspect entities of the solved cases under ``filters``."""
    q = select(func.count(func.distinct(T.suspect_id))).where(
        *conditions(filters, exclude), T.status.in_(SOLVED), T.suspect_id.is_not(None)
    )
    return int(session.scalar(q) or 0)


def fraud_figures(session: Any, filters: Filters, exclude: tuple[int, ...] = ()) -> FraudFigures:
    """The fraud figures of the cases under ``filters``, from the database."""
    return fold_fraud(
        fraud_cube(session, filters, exclude), distinct_suspects(session, filters, exclude)
    )


def data_months(
    session: Any, filters: Filters, exclude: tuple[int, ...] = ()
) -> tuple[str | None, str | None]:
    """The first and last month with cases under ``filters`` (for filling empty months)."""
    row = session.execute(
        select(func.min(T.month), func.max(T.month)).where(*conditions(filters, exclude))
    ).one()
    return row[0], row[1]
