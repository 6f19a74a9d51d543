"""Benchmark of the statistics tables over a million cases, on SQLite and PostgreSQL.

Cases are generated directly as counted rows (with a minimal report each) and written with
plain ``executemany`` (:func:`qorgau.stats.bulk.insert_cases`), not through the facts engine.
Then every table the ``stats`` command builds is timed end to end (SQL and shaping): by region,
by month with the trend, by status, by scheme and by article, the fraud figures, and the
comparison with a published table. Targets: under 1 s on SQLite, under 0.5 s on PostgreSQL.

    .venv/bin/python bench/bench_stats.py                       # SQLite, 1,000,000 cases
    .venv/bin/python bench/bench_stats.py --pg postgresql://u@host/db --n 1000000
    .venv/bin/python bench/bench_stats.py --explain             # print the query plans

The SQLite file is kept (``--sqlite``) and reused when it already holds the cases asked for;
the PostgreSQL database given is emptied and loaded unless it holds them already.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from qorgau import geo
from qorgau.stats import published
from qorgau.stats.bulk import insert_cases
from qorgau.stats.core import CaseRow, Filters
from qorgau.stats.derive import is_current
from qorgau.stats.models import StatCase
from qorgau.stats.tables import DbSource, build, trend_table
from qorgau.store.db import downgrade, open_db

START = date(2024, 1, 1)
DAYS = 912  # to mid-2026
SCHEMES = ["impersonation", "prepayment_ad", "investment", "account_takeover", "housing_sale",
           "other"]
SCHEME_WEIGHTS = [31, 30, 11, 8, 0.2, 19.8]


def generate(n: int, seed: int = 1) -> Iterator[CaseRow]:
    """``n`` cases: 35% stalking, 10% coercion to marriage, 55% fraud, over 2024 to mid-2026."""
    rng = random.Random(seed)
    codes = geo.codes()
    weights = [3 if c in ("KZ-71", "KZ-75", "KZ-79") else 1 for c in codes]
    for i in range(1, n + 1):
        kind = rng.random()
        on = START + timedelta(days=rng.randrange(DAYS))
        region = rng.choices(codes, weights)[0] if rng.random() > 0.01 else None
        solved = rng.random() < 0.22
        status = rng.choice(["sent_to_court", "verdict"]) if solved else rng.choice(
            ["registered", "registered", "registered", "terminated"])
        if kind < 0.35:
            yield CaseRow(i, "115-1", None, region, status, on, channel="e_otinish",
                          offence="stalking", category="criminal_misdemeanour",
                          victim_age=rng.randint(16, 70),
                          suspect_id=rng.randint(1, 200_000) if solved else None)
        elif kind < 0.45:
            yield CaseRow(i, "125-1", None, region, status, on, channel="102",
                          offence="coercion_to_marriage", category="minor_gravity",
                          victim_age=rng.randint(15, 30),
                          suspect_id=rng.randint(1, 200_000) if solved else None)
        else:
            part = rng.choices([2, 3, 4], [80, 17, 3])[0]
            delay = min(90, int(rng.expovariate(1 / 5)))
            yield CaseRow(
                i, "190", part, region, status, on, channel="e_otinish",
                offence="internet_fraud", scheme=rng.choices(SCHEMES, SCHEME_WEIGHTS)[0],
                category="medium_gravity" if part == 2 else "grave",
                damage_tenge=int(math.exp(rng.gauss(12.8, 1.2))) // 1000 * 1000,
                victim_age=rng.randint(18, 88), loss_on=on - timedelta(days=delay),
                delay_days=delay, suspect_id=rng.randint(1, 300_000) if solved else None,
            )


def load(db, n: int) -> float:  # noqa: ANN001
    """Load ``n`` cases unless the database holds exactly them; seconds spent (0 if reused)."""
    with db.session() as s:
        have = s.scalar(select(func.count()).select_from(StatCase)) or 0
    if have == n:
        return 0.0
    if have:
        downgrade(db.engine, "base")
        db = open_db(db.url)
    t = time.perf_counter()
    insert_cases(db, generate(n), batch=50_000)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    if db.backend == "postgresql":  # visibility map for index-only scans
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE stat_cases")
            conn.exec_driver_sql("VACUUM ANALYZE reports")
    with db.transaction() as s:
        s.execute(text("DELETE FROM published_figures"))
        for code, value in (("KZ-79", 2500), ("KZ-71", 1900), ("KZ-75", 2100), ("KZ-55", 700)):
            published.add_figure(s, metric="cases_registered", value=value, source="bench",
                                 article="115-1", region=code, period_start=date(2025, 1, 1),
                                 period_end=date(2025, 12, 31), published_on=date(2026, 1, 20))
    return time.perf_counter() - t


YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def cases(db) -> list[tuple[str, Callable[[DbSource], object]]]:  # noqa: ANN001
    fraud_year = Filters(("190",), *YEAR)
    both = Filters(("115-1", "125-1"), *YEAR)
    return [
        ("region, 190, 2025", lambda s: build(s, fraud_year, "region", "kk")),
        ("region, 115-1 + 125-1, 2025, zeros", lambda s: build(s, both, "region", "ru",
                                                               zeros=True)),
        ("region, all articles, all dates", lambda s: build(s, Filters(), "region", "en")),
        ("month, 190, all dates", lambda s: build(s, Filters(("190",)), "month", "kk")),
        ("trend, 190, 2025", lambda s: trend_table(s, fraud_year, "ru")),
        ("status, 190, 2025", lambda s: build(s, fraud_year, "status", "en")),
        ("scheme, 190, 2025", lambda s: build(s, fraud_year, "scheme", "kk")),
        ("article, all dates", lambda s: build(s, Filters(), "article", "en")),
        ("fraud figures, 190, 2025", lambda s: s.fraud(fraud_year)),
        ("fraud figures, 190, all dates", lambda s: s.fraud(Filters(("190",)))),
        ("compare 115-1 with published", lambda s: published.compare_regions(
            s.session, s, "115-1", "kk")),
        ("refresh check (nothing new)", lambda s: is_current(s.session)),
    ]


def run(db, repeat: int) -> list[tuple[str, float, float]]:  # noqa: ANN001
    out = []
    with db.session() as s:
        src = DbSource(s)
        for name, fn in cases(db):
            fn(src)  # warm: plans cached, pages in memory
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                fn(src)
                times.append(time.perf_counter() - t)
            out.append((name, min(times), statistics.median(times)))
    return out


EXPLAINED = (
    "region, 190, 2025",
    "region, all articles, all dates",
    "month, 190, all dates",
    "scheme, 190, 2025",
    "fraud figures, 190, 2025",
)


def explain(db) -> None:  # noqa: ANN001
    """Print the plan of every statement some of the tables run, as the database chose it."""
    from sqlalchemy import event

    captured: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters))

    wanted = dict(cases(db))
    with db.session() as s:
        src = DbSource(s)
        for name in EXPLAINED:
            captured.clear()
            event.listen(db.engine, "before_cursor_execute", grab)
            try:
                wanted[name](src)
            finally:
                event.remove(db.engine, "before_cursor_execute", grab)
            print(f"\n== {name}: {len(captured)} statements")
            seen = set()
            for statement, params in captured:
                if statement in seen:
                    continue
                seen.add(statement)
                prefix = "EXPLAIN QUERY PLAN " if db.backend == "sqlite" else "EXPLAIN "
                conn = s.connection()
                plan = conn.exec_driver_sql(prefix + statement, params).all()
                print("  " + " ".join(statement.split()))
                for row in plan:
                    print("      " + str(row[-1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--sqlite", default=os.path.join(tempfile.gettempdir(), "qorgau-bench-stats.db"))
    ap.add_argument("--pg", help="PostgreSQL URL of a database the benchmark may empty")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--explain", action="store_true")
    args = ap.parse_args()
    targets = []
    if not args.no_sqlite:
        targets.append(("sqlite", args.sqlite, 1.0))
    if args.pg:
        targets.append(("postgresql", args.pg, 0.5))
    worst_ok = True
    for backend, url, limit in targets:
        if backend == "sqlite":
            Path(url).parent.mkdir(parents=True, exist_ok=True)
        db = open_db(url)
        loaded = load(db, args.n)
        db.close()
        db = open_db(url)
        print(f"\n{backend}: {args.n:,} cases" + (
            f" (loaded in {loaded:.0f} s, {args.n / loaded:,.0f} cases/s)" if loaded else
            " (reused)"))
        if args.explain:
            explain(db)
        results = run(db, args.repeat)
        width = max(len(n) for n, _, _ in results)
        print(f"{'table':<{width}}  {'best s':>7}  {'median s':>8}  target {limit} s")
        for name, best, median in results:
            ok = median < limit
            worst_ok &= ok
            print(f"{name:<{width}}  {best:7.3f}  {median:8.3f}  {'ok' if ok else 'SLOW'}")
        db.close()
    return 0 if worst_ok else 1


if __name__ == "__main__":
    sys.exit(main())
