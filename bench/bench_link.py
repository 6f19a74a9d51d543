"""Benchmark: link accuracy, ingest throughput, bulk linking of a million reports, naive baseline.

Run: ``.venv/bin/python bench/bench_link.py [--synth FILE.jsonl] [--accuracy-n 100000]
[--ingest-n 5000] [--workers 2] [--bulk-n 1000000]``

Prints, for synthetic reports with hidden truth (``qorgau synth``):

1. **Accuracy at intake.** ``--accuracy-n`` reports are ingested into a fresh SQLite database
   (facts engine and incremental linking included, as ``qorgau eval-links`` does) and the links
   are scored pairwise: exact-identifier truth (target precision >= 0.99, recall >= 0.98),
   name-only matching (target precision >= 0.95), overall. The same reports linked in bulk
   from their truth identifiers (perfect extraction) are scored too.
2. **Ingest throughput.** Reports per second of that ingest (extraction, storage and linking),
   and of a separate ``--ingest-n`` run with ``--workers`` extraction processes; the share of
   the time spent in linking is measured by timing the linking hook.
3. **Bulk linking.** ``--bulk-n`` reports' identifier rows (truth identifiers, suspect and victim
   names, birth dates, IINs) are linked in memory in a child process: wall time and peak
   resident memory of that process (targets: under 60 s, under 2 GB), and the accuracy.
   ``qorgau synth`` gets slower than linear with its size, so a million rows are built from
   copies of a smaller synthetic set (``--bulk-base``), each copy with its own identifiers,
   IINs and birth dates (shifted), so that copies are different people who share the names.
4. **Naive baseline.** Every pair of a 5,000-report sample compared directly (shared identifier,
   or same canonical name and birth date), timed and extrapolated to ``--bulk-n`` reports.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from qorgau.link.bulk import BulkReport, from_synthetic, link_reports
from qorgau.link.evaluate import Predicted, Truth, evaluate, truth_of

TARGETS = {"exact_precision": 0.99, "exact_recall": 0.98, "name_precision": 0.95,
           "ingest_rate": 300.0, "bulk_seconds": 60.0, "bulk_mb": 2048.0}


def _records(path: Path | None, n: int, seed: int) -> list[dict]:
    if path is not None:
        out = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if len(out) >= n:
                    break
                if line.strip():
                    out.append(json.loads(line))
        if len(out) < n:
            sys.exit(f"{path} has only {len(out)} records; {n} wanted")
        return out
    from qorgau.synth import generate

    print(f"generating {n} synthetic reports (seed {seed}) ...", flush=True)
    return list(generate(n, seed))


def _ok(value: float, target: float, higher: bool = True) -> str:
    good = value >= target if higher else value < target
    return "ok" if good else "BELOW TARGET" if higher else "ABOVE TARGET"


def _score_lines(scores) -> None:  # noqa: ANN001
    for line in scores.lines():
        print("   " + line)
    e, n = scores.exact, scores.offender_name
    print(f"   exact precision {e.precision:.4f} ({_ok(e.precision, TARGETS['exact_precision'])}),"
          f" recall {e.recall:.4f} ({_ok(e.recall, TARGETS['exact_recall'])}); "
          f"name-only precision {n.precision:.4f} ({_ok(n.precision, TARGETS['name_precision'])})")
    for note in scores.notes:
        print(f"   note: {note}")


def _ingest(
    records: list[dict], workers: int, batch: int, *, link: bool = True
) -> tuple[dict, object, float, float]:
    """Ingest records into a fresh SQLite file; returns the summary, the predictions, and the
    wall and CPU seconds spent in the linking hook (``link=False``: the hook taken out)."""
    import qorgau.link
    from qorgau.intake.ingest import ingest_records
    from qorgau.link.evaluate import predictions_from_db
    from qorgau.store.db import open_db

    spent = [0.0, 0.0]
    hook = qorgau.link.on_ingest_batch

    @functools.wraps(hook)
    def timed(session, ids):  # noqa: ANN001, ANN202
        t, c = time.perf_counter(), time.process_time()
        try:
            return hook(session, ids)
        finally:
            spent[0] += time.perf_counter() - t
            spent[1] += time.process_time() - c

    qorgau.link.on_ingest_batch = timed if link else (lambda session, ids: None)
    try:
        with tempfile.TemporaryDirectory(prefix="qorgau-bench-") as tmp:
            db = open_db(str(Path(tmp) / "bench.db"))
            summary = ingest_records(db, records, batch_size=batch, workers=workers,
                                     keep_outcomes=False)
            with db.session() as s:
                predicted = predictions_from_db(s)
            db.close()
    finally:
        qorgau.link.on_ingest_batch = hook
    return summary.to_dict() | {"rate": summary.rate}, predicted, spent[0], spent[1]


# Bulk rows -----------------------------------------------------------------------------------


def _copy(row: BulkReport, truth: Truth, c: int) -> tuple[BulkReport, Truth]:
    """Copy ``c`` of a row: other identifiers, IIN and birth date, the same names."""
    if c == 0:
        return row, truth
    from qorgau.synth.identifiers import iin as make_iin

    tag = f"#{c}"
    shift = timedelta(days=97 * c)
    born = row.suspect_birth_date + shift if row.suspect_birth_date else None
    iin = None
    idents = [i + tag for i in row.identifiers if not i.startswith("iin:")]
    if row.suspect_iin:
        from qorgau.link.persons import birth_date_from_iin

        base = born or (birth_date_from_iin(row.suspect_iin) or date(1980, 1, 1)) + shift
        iin = make_iin(base, True, random.Random(f"{row.suspect_iin}:{c}"))
        if any(i.startswith("iin:") for i in row.identifiers):
            idents.append(f"iin:{iin}")
    new = BulkReport(
        row.key + tag, tuple(idents), row.offence, row.suspect_name, born, iin, row.victim,
        row.region, row.damage,
    )
    t = Truth(truth.report + tag, truth.offender and truth.offender + tag,
              truth.network and truth.network + tag, tuple(i + tag for i in truth.identifiers))
    return new, t


def _bulk_rows(base: list[dict], n: int) -> tuple[list[BulkReport], list[Truth]]:
    rows0 = [from_synthetic(r) for r in base]
    truth0 = [truth_of(r) for r in base]
    rows, truth = [], []
    c = 0
    while len(rows) < n:
        for row, t in zip(rows0, truth0, strict=True):
            if len(rows) >= n:
                break
            a, b = _copy(row, t, c)
            rows.append(a)
            truth.append(b)
        c += 1
    return rows, truth


def _child(path: str) -> None:
    """Link the rows pickled at ``path``; write the labels next to it and print the time and
    peak memory of this process as JSON (the truth stays in the parent)."""
    rows = []
    with open(path, encoding="utf-8") as fh:  # line by line: no unpickling memo in memory
        for line in fh:
            r = json.loads(line)
            r[1] = tuple(r[1])
            r[4] = date.fromisoformat(r[4]) if r[4] else None
            for i in (2, 3, 6, 7):  # offence, names, region: few distinct values, shared
                if r[i] is not None:
                    r[i] = sys.intern(r[i])
            rows.append(BulkReport(*r))
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    result = link_reports(rows)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(path + ".labels", "wb") as fh:
        pickle.dump((result.person, result.network, result.group), fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    print(json.dumps({"reports": len(rows), "seconds": seconds, "steps": result.seconds,
                      "peak_mb": peak, "mb_after_loading": loaded,
                      "name_links": result.name_links}))


# Naive baseline ------------------------------------------------------------------------------


def _naive(rows: list[BulkReport]) -> float:
    """Compare every pair directly; returns seconds."""
    from qorgau.link.graph import UnionFind
    from qorgau.link.names import parse

    idents = [set(r.identifiers) for r in rows]
    names = [(parse(r.suspect_name).full, r.suspect_birth_date) if r.suspect_name else None
             for r in rows]
    uf = UnionFind(len(rows))
    start = time.perf_counter()
    for i in range(len(rows)):
        a, na = idents[i], names[i]
        for j in range(i + 1, len(rows)):
            if (a and not a.isdisjoint(idents[j])) or (
                na is not None and na[1] is not None and na == names[j]
            ):
                uf.union(i, j)
    return time.perf_counter() - start


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synth", type=Path, help="synthetic JSON Lines to use (else generated)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--accuracy-n", type=int, default=100_000)
    parser.add_argument("--ingest-n", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--bulk-n", type=int, default=1_000_000)
    parser.add_argument("--bulk-base", type=int, default=100_000)
    parser.add_argument("--naive-n", type=int, default=5_000)
    parser.add_argument("--skip-ingest", action="store_true", help="bulk and baseline only")
    args = parser.parse_args()

    need = max(args.accuracy_n, args.ingest_n, min(args.bulk_base, args.bulk_n))
    records = _records(args.synth, need, args.seed)
    print(f"qorgau link benchmark, {os.cpu_count()} CPUs, {len(records)} synthetic reports read")

    if not args.skip_ingest and args.accuracy_n > 0:
        acc = records[: args.accuracy_n]
        print(f"\n1. accuracy at intake: {len(acc)} reports ingested into SQLite "
              f"(extraction + incremental linking), {args.workers} extraction workers",
              flush=True)
        summary, predicted, linking, cpu = _ingest(acc, args.workers, args.batch_size)
        scores = evaluate([truth_of(r) for r in acc], predicted)
        _score_lines(scores)
        print(f"   ingest {summary['taken']} reports in {summary['seconds']:.1f} s: "
              f"{summary['rate']:.0f} reports/s; linking {linking:.1f} s "
              f"({len(acc) / linking:.0f} reports/s, {1000 * cpu / len(acc):.2f} ms CPU a "
              f"report, {100 * linking / summary['seconds']:.0f}% of the time)")
        bulk_acc = link_reports([from_synthetic(r) for r in acc])
        pred = {r["id"]: Predicted(p, n, g) for r, p, n, g in
                zip(acc, bulk_acc.person, bulk_acc.network, bulk_acc.group, strict=True)}
        print(f"   the same {len(acc)} reports linked in bulk from their truth identifiers:")
        _score_lines(evaluate([truth_of(r) for r in acc], pred))

    if not args.skip_ingest and args.ingest_n > 0:
        ing = records[: args.ingest_n]
        print(f"\n2. ingest throughput: {len(ing)} reports, {args.workers} extraction workers, "
              f"batches of {args.batch_size}", flush=True)
        summary, _p, linking, cpu = _ingest(ing, args.workers, args.batch_size)
        rate = summary["rate"]
        print(f"   {rate:.0f} reports/s ({_ok(rate, TARGETS['ingest_rate'])}, target 300), "
              f"{summary['seconds']:.1f} s; linking {linking:.1f} s of it "
              f"({1000 * cpu / len(ing):.2f} ms CPU a report)")
        bare, _p, _l, _c = _ingest(ing, args.workers, args.batch_size, link=False)
        print(f"   the same without linking: {bare['rate']:.0f} reports/s, "
              f"{bare['seconds']:.1f} s (load average now {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs)")

    if args.bulk_n <= 0:
        return
    print(f"\n3. bulk linking of {args.bulk_n} reports in memory (child process)", flush=True)
    base = records[: min(args.bulk_base, args.bulk_n)]
    rows, truth = _bulk_rows(base, args.bulk_n)
    del records, base
    with tempfile.TemporaryDirectory(prefix="qorgau-bench-") as tmp:
        path = Path(tmp) / "rows.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                born = r.suspect_birth_date.isoformat() if r.suspect_birth_date else None
                fh.write(json.dumps([*r[:4], born, *r[5:]], ensure_ascii=False) + "\n")
        keys = [r.key for r in rows]
        sample = rows[: args.naive_n]
        del rows
        out = subprocess.run([sys.executable, __file__, "--child", str(path)], check=True,
                             capture_output=True, text=True)
        with open(str(path) + ".labels", "rb") as fh:
            person, network, group = pickle.load(fh)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in res["steps"].items() if k != "total")
    print(f"   linked in {res['seconds']:.1f} s ({_ok(res['seconds'], 60, False)}, target < 60 s):"
          f" {steps}")
    print(f"   peak memory {res['peak_mb']:.0f} MB ({_ok(res['peak_mb'], 2048, False)}, "
          f"target < 2048 MB; {res['mb_after_loading']:.0f} MB after loading the rows)")
    print(f"   {res['name_links']} name links; accuracy against the truth (perfect extraction):")
    predicted = {k: Predicted(p, n, g) for k, p, n, g in
                 zip(keys, person, network, group, strict=True)}
    del keys, person, network, group
    for line in evaluate(truth, predicted).lines():
        print("   " + line)
    del predicted, truth

    print(f"\n4. naive baseline: every pair of {len(sample)} reports compared", flush=True)
    naive = _naive(sample)
    factor = (args.bulk_n / len(sample)) ** 2
    est = naive * factor
    print(f"   {naive:.1f} s for {len(sample) * (len(sample) - 1) // 2} pairs; extrapolated to "
          f"{args.bulk_n} reports: {est:,.0f} s (~{est / 86400:.1f} days) against "
          f"{res['seconds']:.1f} s in bulk mode, {est / res['seconds']:,.0f} times slower")


if __name__ == "__main__":
    main()
