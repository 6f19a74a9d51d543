"""Pure aggregation: the counts and fraud figures of official tables, computed over case rows.

A :class:`CaseRow` is one report as the statistics count it (the columns of ``stat_cases``).
The functions here take any iterable of rows and a :class:`Filters`, and return plain
aggregates: :func:`count_rows` (counts and damage per region, month, status, scheme or article,
split per article asked for), :func:`fraud_cube` (counts and sums per scheme, status, category
and reporting delay, from which :func:`fold_fraud` makes the figures) and
:func:`distinct_suspects`. The SQL queries in :mod:`qorgau.stats.query` return exactly the same
aggregates from the database; the tests hold the two to each other.

Definitions (also in docs/statistics.md):

* a case is *solved* when its status is ``sent_to_court`` or ``verdict``;
* *grave* counts the categories ``grave`` and ``especially_grave`` (Criminal Code art. 11);
* *persons prosecuted* are the distinct suspect entities of solved cases;
* a victim is *over 60* when older than 60 (``60 жастан асқан``, ``старше 60 лет``);
* the *reporting delay* is the days from the loss to the registration; the median is the lower
  median for an even number of cases (a whole number of days);
* percentages have one decimal (official letters seem to cut them to whole numbers: 6,016 of
  27,892 solved is 21.6%, published as 21%).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qorgau.stats.models import SOLVED

DIMENSIONS = ("region", "month", "status", "scheme", "article", "channel")
GRAVE = ("grave", "especially_grave")
MAIN_SCHEMES = ("impersonation", "prepayment_ad", "investment", "account_takeover", "other")
"""The schemes every fraud table shows (the MVD's three named methods, account takeover, other)."""
OVER_AGE = 60
LATE_DAYS = 5
HOME_SALE = "housing_sale"
"""Victims who sold their homes lawfully and gave the money to the fraudsters (a subgroup the
ministry reports on its own: how many, how many sent to court, the share over 60)."""


def parse_article(text: str) -> tuple[str, int | None]:
    """Read an article as asked for: ``115-1`` → ``("115-1", None)``, ``190-2`` → ``("190", 2)``.

    Known articles and their parts come from the legal engine (``qorgau.law``); a code it does not
    know is kept whole, upper-cased (``AC-73``).
    """
    from qorgau.law.errors import LawInputError
    from qorgau.law.statutes import resolve

    raw = text.strip()
    if not raw:
        raise ValueError("article: empty; name one, e.g. 115-1, 125-1 or 190")
    try:
        ref = resolve(raw)
    except LawInputError:
        return raw.upper(), None
    return ref.article_id, ref.part


def article_spec(article: str, part: int | None) -> str:
    """The label of an article as tables print it: ``190`` or ``190-2``."""
    return article if part is None else f"{article}-{part}"


@dataclass(frozen=True)
class Filters:
    """What a table is about: articles (each ``115-1``, ``190`` or ``190-2``), an inclusive
    period of registration dates, regions and statuses. Empty means no restriction."""

    articles: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    regions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"period: --from {self.start} is after --to {self.end}")

    @property
    def specs(self) -> tuple[tuple[str, int | None], ...]:
        """The articles as ``(article, part)`` pairs, in the order asked, without repeats."""
        return tuple(dict.fromkeys(parse_article(a) for a in self.articles))

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels of :attr:`specs` (``190-2``)."""
        return tuple(article_spec(a, p) for a, p in self.specs)

    def with_period(self, start: date | None, end: date | None) -> Filters:
        return Filters(self.articles, start, end, self.regions, self.statuses)


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One case as the statistics count it (a row of ``stat_cases``)."""

    report_id: int
    article: str | None
    part: int | None = None
    region: str | None = None
    status: str = "registered"
    registered_on: date | None = None
    channel: str | None = None
    offence: str | None = None
    scheme: str | None = None
    category: str | None = None
    damage_tenge: int | None = None
    victim_age: int | None = None
    loss_on: date | None = None
    delay_days: int | None = None
    suspect_id: int | None = None

    @property
    def month(self) -> str | None:
        return self.registered_on.strftime("%Y-%m") if self.registered_on else None

    def as_dict(self) -> dict[str, Any]:
        """The row as the columns of ``stat_cases`` (``month`` included)."""
        out = {name: getattr(self, name) for name in self.__slots__}
        out["month"] = self.month
        return out


def spec_of(row: CaseRow, filters: Filters) -> str | None:
    """The label of the first article asked for that the row falls under; ``""`` when no article
    was asked for; None when the row is not under any of them."""
    specs = filters.specs
    if not specs:
        return ""
    for article, part in specs:
        if row.article == article and (part is None or row.part == part):
            return article_spec(article, part)
    return None


def matches(row: CaseRow, filters: Filters) -> bool:
    """Whether a row is counted under ``filters``."""
    if filters.start and (row.registered_on is None or row.registered_on < filters.start):
        return False
    if filters.end and (row.registered_on is None or row.registered_on > filters.end):
        return False
    if filters.regions and row.region not in filters.regions:
        return False
    if filters.statuses and row.status not in filters.statuses:
        return False
    return spec_of(row, filters) is not None


def key_of(row: CaseRow, by: str) -> Any:
    """The value a row is grouped under for the dimension ``by``."""
    if by == "article":
        return (row.article, row.part)
    return getattr(row, by)


Counts = dict[tuple[Any, str], list[int]]
"""``(dimension value, article label) -> [count, damage in tenge]``; label ``""`` when the
filters name no article; damage only per scheme."""


def count_rows(rows: Iterable[CaseRow], filters: Filters, by: str) -> Counts:
    """Counts of the rows under ``filters`` per value of ``by`` and article (with the summed
    damage when ``by`` is ``scheme``, 0 otherwise)."""
    if by not in DIMENSIONS:
        raise ValueError(f"by: expected one of {', '.join(DIMENSIONS)}, got {by!r}")
    out: Counts = {}
    for row in rows:
        if not matches(row, filters):
            continue
        cell = out.setdefault((key_of(row, by), spec_of(row, filters) or ""), [0, 0])
        cell[0] += 1
        if by == "scheme":
            cell[1] += row.damage_tenge or 0
    return out


def period_total(rows: Iterable[CaseRow], filters: Filters) -> int:
    """How many rows fall under ``filters`` (for comparisons with other periods)."""
    return sum(1 for row in rows if matches(row, filters))


@dataclass
class CubeCell:
    """Sums over the fraud cases that share scheme, status, category and delay."""

    n: int = 0
    damage_sum: int = 0
    damage_max: int | None = None
    damage_n: int = 0
    age_n: int = 0
    over_age: int = 0

    def add(self, other: CubeCell) -> None:
        self.n += other.n
        self.damage_sum += other.damage_sum
        self.damage_n += other.damage_n
        self.age_n += other.age_n
        self.over_age += other.over_age
        if other.damage_max is not None:
            self.damage_max = max(self.damage_max or 0, other.damage_max)


Cube = dict[tuple[str | None, str, str | None, int | None], CubeCell]
"""``(scheme, status, category, delay_days) -> CubeCell``."""


def fraud_cube(rows: Iterable[CaseRow], filters: Filters) -> Cube:
    """The sums the fraud figures are folded from (see :func:`fold_fraud`)."""
    cube: Cube = {}
    for row in rows:
        if not matches(row, filters):
            continue
        cell = cube.setdefault((row.scheme, row.status, row.category, row.delay_days), CubeCell())
        cell.n += 1
        if row.damage_tenge is not None:
            cell.damage_sum += row.damage_tenge
            cell.damage_n += 1
            cell.damage_max = max(cell.damage_max or 0, row.damage_tenge)
        if row.victim_age is not None:
            cell.age_n += 1
            cell.over_age += row.victim_age > OVER_AGE
    return cube


def distinct_suspects(rows: Iterable[CaseRow], filters: Filters) -> int:
    """Distinct suspect entities of the solved cases under ``filters``."""
    return len(
        {
            row.suspect_id
            for row in rows
            if row.suspect_id is not None and row.status in SOLVED and matches(row, filters)
        }
    )


@dataclass
class SchemeFigure:
    scheme: str
    count: int
    damage_tenge: int
    share_pct: float | None


@dataclass
class FraudFigures:
    """The figures ministries publish about fraud, computed from our own cases."""

    registered: int = 0
    grave: int = 0
    especially_grave: int = 0
    solved: int = 0
    solved_grave: int = 0
    solve_rate_pct: float | None = None
    persons_prosecuted: int = 0
    damage_total_tenge: int = 0
    damage_max_tenge: int | None = None
    damage_known: int = 0
    victims_with_age: int = 0
    victims_over_60: int = 0
    share_over_60_pct: float | None = None
    delay_known: int = 0
    delay_median_days: int | None = None
    delay_over_5_pct: float | None = None
    delay_max_days: int | None = None
    home_sale_cases: int = 0
    home_sale_sent_to_court: int = 0
    home_sale_share_over_60_pct: float | None = None
    schemes: list[SchemeFigure] = field(default_factory=list)

    def scheme(self, name: str) -> SchemeFigure | None:
        return next((s for s in self.schemes if s.scheme == name), None)

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "schemes"}
        out["schemes"] = [s.__dict__.copy() for s in self.schemes]
        return out


def pct(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in per cent, one decimal; None when ``whole`` is 0."""
    return round(100.0 * part / whole, 1) if whole else None


def lower_median(histogram: dict[int, int]) -> int | None:
    """The lower median of values given as ``value -> how many``."""
    n = sum(histogram.values())
    if not n:
        return None
    rank = (n - 1) // 2
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen > rank:
            return value
    return None  # pragma: no cover (unreachable)


def fold_fraud(cube: Cube, persons: int) -> FraudFigures:
    """Fold a cube (from rows or from SQL) and the count of prosecuted persons into figures."""
    f = FraudFigures(persons_prosecuted=persons)
    per_scheme: dict[str, list[int]] = {}
    delays: Counter[int] = Counter()
    late = 0
    home_age = [0, 0]
    for (scheme, status, category, delay), cell in cube.items():
        f.registered += cell.n
        solved = status in SOLVED
        if category in GRAVE:
            f.grave += cell.n
            if solved:
                f.solved_grave += cell.n
        if category == "especially_grave":
            f.especially_grave += cell.n
        if solved:
            f.solved += cell.n
        f.damage_total_tenge += cell.damage_sum
        f.damage_known += cell.damage_n
        if cell.damage_max is not None:
            f.damage_max_tenge = max(f.damage_max_tenge or 0, cell.damage_max)
        f.victims_with_age += cell.age_n
        f.victims_over_60 += cell.over_age
        if delay is not None:
            delays[delay] += cell.n
            if delay > LATE_DAYS:
                late += cell.n
        s = per_scheme.setdefault(scheme or "other", [0, 0])
        s[0] += cell.n
        s[1] += cell.damage_sum
        if scheme == HOME_SALE:
            f.home_sale_cases += cell.n
            f.home_sale_sent_to_court += cell.n if status == "sent_to_court" else 0
            home_age[0] += cell.over_age
            home_age[1] += cell.age_n
    f.solve_rate_pct = pct(f.solved, f.registered)
    f.share_over_60_pct = pct(f.victims_over_60, f.victims_with_age)
    f.delay_known = sum(delays.values())
    f.delay_median_days = lower_median(delays)
    f.delay_over_5_pct = pct(late, f.delay_known)
    f.delay_max_days = max(delays) if delays else None
    f.home_sale_share_over_60_pct = pct(*home_age)
    names = list(MAIN_SCHEMES[:-1]) + sorted(set(per_scheme) - set(MAIN_SCHEMES)) + ["other"]
    for name in names:
        count, damage = per_scheme.get(name, (0, 0))
        if count or name in MAIN_SCHEMES:
            f.schemes.append(SchemeFigure(name, count, damage, pct(count, f.registered)))
    return f


def fraud_figures(rows: Iterable[CaseRow], filters: Filters) -> FraudFigures:
    """The fraud figures of the rows under ``filters`` (pure Python)."""
    rows = list(rows)
    return fold_fraud(fraud_cube(rows, filters), distinct_suspects(rows, filters))
