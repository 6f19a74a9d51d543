"""SQL queries against ``stat_cases``: the same aggregates as :mod:`qorgau.stats.core`.

Every function takes a SQLAlchemy session (or connection) and a
:class:`~qorgau.stats.core.Filters`. A table is computed one article at a time: one ``GROUP BY``
per article asked for (per article present in the table when none is asked for, found by an
index skip-scan), with ``article = ?`` as the first condition. Each dimension has a covering
index that starts with ``(article, <dimension>)``, so SQLite reads the groups in index order and
counts them as a stream, with no sort and no look-up into the table; PostgreSQL reads the same
indexes (or the ``(article, registered_on)`` one for a short period) with a hash aggregate.
Query plans and timings are in docs/statistics.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, text
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
Part = tuple[str, list[ColumnElement[bool]]]
"""One per-article query: the label of its column (``""`` when no article was asked for) and
its conditions on article and part."""


def _sqlite(session: Any) -> bool:
    bind = session.get_bind() if hasattr(session, "get_bind") else session
    return bind.dialect.name == "sqlite"


def _article_cond(article: str, part: int | None) -> ColumnElement[bool]:
    if part is None:
        return T.article == article
    return and_(T.article == article, T.part == part)


def common(
    filters: Filters, exclude: tuple[int, ...] = (), *, seek_period: bool = True
) -> list[ColumnElement[bool]]:
    """The conditions besides the article: period, regions, statuses, excluded reports.

    ``seek_period=False`` writes the period so that SQLite cannot seek on it: its planner would
    otherwise prefer the ``(article, registered_on)`` range and look every row up in the table,
    where reading the covering index of the GROUP BY in order is several times faster."""
    conds: list[ColumnElement[bool]] = []
    day = T.registered_on if seek_period else func.coalesce(T.registered_on, None)
    if filters.start:
        conds.append(day >= filters.start)
    if filters.end:
        conds.append(day <= filters.end)
    if filters.regions:
        conds.append(T.region.in_(filters.regions))
    if filters.statuses:
        conds.append(T.status.in_(filters.statuses))
    if exclude:
        conds.append(T.report_id.not_in(exclude))
    return conds


def conditions(filters: Filters, exclude: tuple[int, ...] = ()) -> list[ColumnElement[bool]]:
    """All WHERE conditions for ``filters`` in one list (articles joined with OR)."""
    conds = common(filters, exclude)
    specs = filters.specs
    if specs:
        ors = [_article_cond(a, p) for a, p in specs]
        conds.insert(0, ors[0] if len(ors) == 1 else or_(*ors))
    return conds


_ARTICLES = text(
    "WITH RECURSIVE a(x) AS ("
    " SELECT min(article) FROM stat_cases"
    " UNION ALL"
    " SELECT (SELECT min(article) FROM stat_cases WHERE article > a.x) FROM a"
    " WHERE a.x IS NOT NULL"
    ") SELECT x FROM a WHERE x IS NOT NULL"
)


def articles(session: Any) -> list[str]:
    """The articles present in ``stat_cases``: one index seek each (a skip-scan)."""
    return [r[0] for r in session.execute(_ARTICLES)]


def parts(session: Any, filters: Filters) -> list[Part]:
    """The per-article queries for ``filters``. A row counts under the first article asked for
    that it falls under (as in :func:`qorgau.stats.core.spec_of`), so a later spec leaves out
    the parts an earlier one of the same article took."""
    specs = filters.specs
    if not specs:
        out: list[Part] = [("", [T.article == a]) for a in articles(session)]
        return out + [("", [T.article.is_(None)])]
    out = []
    for i, (article, part) in enumerate(specs):
        conds = [_article_cond(article, part)]
        covered = False
        for other, other_part in specs[:i]:
            if other != article:
                continue
            if other_part is None or other_part == part:
                covered = True
            else:
                conds.append(or_(T.part.is_(None), T.part != other_part))
        if not covered:
            out.append((article_spec(article, part), conds))
    return out


def count_rows(session: Any, filters: Filters, by: str, exclude: tuple[int, ...] = ()) -> Counts:
    """Counts per value of ``by`` and article, with the summed damage per scheme (see
    :func:`qorgau.stats.core.count_rows`)."""
    if by not in DIMENSIONS:
        raise ValueError(f"by: expected one of {', '.join(DIMENSIONS)}, got {by!r}")
    keys = [T.article, T.part] if by == "article" else [T[by]]
    damage = func.coalesce(func.sum(T.damage_tenge), 0) if by == "scheme" else literal(0)
    # the scheme table reads damage too: only the fraud index covers it
    rest = common(filters, exclude, seek_period=not (by == "scheme" and _sqlite(session)))
    out: Counts = {}
    for label, conds in parts(session, filters):
        q = (
            select(*keys, func.count().label("n"), damage.label("damage"))
            .where(*conds, *rest)
            .group_by(*keys)
        )
        for row in session.execute(q):
            key = (row[0], row[1]) if by == "article" else row[0]
            cell = out.setdefault((key, label), [0, 0])
            cell[0] += int(row.n)
            cell[1] += int(row.damage or 0)
    return out


def period_total(session: Any, filters: Filters, exclude: tuple[int, ...] = ()) -> int:
    """How many cases fall under ``filters``."""
    rest = common(filters, exclude)
    total = 0
    for _label, conds in parts(session, filters):
        q = select(func.count()).select_from(StatCase).where(*conds, *rest)
        total += int(session.scalar(q) or 0)
    return total


def fraud_cube(session: Any, filters: Filters, exclude: tuple[int, ...] = ()) -> Cube:
    """The cube :func:`~qorgau.stats.core.fold_fraud` folds: a GROUP BY per article, in the
    order of the fraud index, a few hundred rows back."""
    over = case((T.victim_age > OVER_AGE, 1), else_=0)
    keys = [T.scheme, T.status, T.category, T.delay_days]
    rest = common(filters, exclude, seek_period=not _sqlite(session))
    cube: Cube = {}
    for _label, conds in parts(session, filters):
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
            .where(*conds, *rest)
            .group_by(*keys)
        )
        for r in session.execute(q):
            cell = CubeCell(
                int(r.n),
                int(r.damage_sum or 0),
                None if r.damage_max is None else int(r.damage_max),
                int(r.damage_n),
                int(r.age_n),
                int(r.over_age or 0),
            )
            key = (r.scheme, r.status, r.category, r.delay_days)
            if key in cube:
                cube[key].add(cell)
            else:
                cube[key] = cell
    return cube


def distinct_suspects(session: Any, filters: Filters, exclude: tuple[int, ...] = ()) -> int:
    """Distinct suspect entities of the solved cases under ``filters``."""
    rest = [*common(filters, exclude), T.status.in_(SOLVED), T.suspect_id.is_not(None)]
    queries = parts(session, filters)
    if len(queries) == 1:
        conds = queries[0][1]
        q = select(func.count(func.distinct(T.suspect_id))).where(*conds, *rest)
        return int(session.scalar(q) or 0)
    seen: set[int] = set()
    for _label, conds in queries:
        seen.update(session.scalars(select(T.suspect_id).where(*conds, *rest).distinct()))
    return len(seen)


def fraud_figures(session: Any, filters: Filters, exclude: tuple[int, ...] = ()) -> FraudFigures:
    """The fraud figures of the cases under ``filters``, from the database."""
    return fold_fraud(
        fraud_cube(session, filters, exclude), distinct_suspects(session, filters, exclude)
    )


def data_months(
    session: Any, filters: Filters, exclude: tuple[int, ...] = ()
) -> tuple[str | None, str | None]:
    """The first and last month with cases under ``filters`` (for filling empty months)."""
    rest = common(filters, exclude)
    found: list[str] = []
    for _label, conds in parts(session, filters):
        for agg in (func.min, func.max):  # one index seek each
            value = session.scalar(select(agg(T.month)).where(*conds, *rest))
            if value is not None:
                found.append(value)
    return (min(found), max(found)) if found else (None, None)


def explainable(filters: Filters, by: str) -> Any:
    """The statement :func:`count_rows` runs for the first article of ``filters`` (for plans)."""
    keys = [T.article, T.part] if by == "article" else [T[by]]
    conds = [_article_cond(*filters.specs[0])] if filters.specs else [literal(True)]
    return select(*keys, func.count()).where(*conds, *common(filters)).group_by(*keys)

