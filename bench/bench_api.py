"""API benchmark: case reads and report intake over HTTP on loopback.

Builds (or reuses) a SQLite store with N synthetic reports and the fixture users, starts
``qorgau`` 's app under uvicorn in one process on 127.0.0.1, and drives it from a second process:

1. ``GET /api/cases/{id}`` for random cases, one at a time: p50/p95/p99 latency;
2. ``POST /api/reports`` at a fixed rate for a duration (a thread pool keeps the schedule),
   after 30 warm-up posts (the facts engine and the linker load their tables once): achieved
   rate, errors, p50/p95 latency, the server's CPU time per post and the machine's load average.

    python bench/bench_api.py --reports 100000 --db /tmp/bench-api.db --reads 500 --rate 100 \
        --seconds 60

Building 100,000 reports takes minutes (intake speed); the store is kept in ``--db`` and reused.
Every run adds its posts to it. ``--intake-window`` sets the app's group-commit window.

Targets (issue 6): p95 of case reads under 50 ms; 100 reports/s for 60 s with no errors.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(db_url: str, n: int) -> None:
    from sqlalchemy import func, select

    from qorgau.api.testing import create_users, load_synthetic
    from qorgau.store.db import open_db
    from qorgau.store.models import Report

    with open_db(db_url) as db:
        create_users(db, tokens=False)
        with db.session() as s:
            have = s.scalar(select(func.count()).select_from(Report)) or 0
        if have < n:
            t = time.time()
            print(f"loading {n - have} synthetic reports ...", flush=True)
            taken = load_synthetic(db, n - have, seed=1000 + have,
                                   regions=("KZ-75", "KZ-71", "KZ-79"))
            print(f"  {taken} in {time.time() - t:.0f} s", flush=True)


def token(db_url: str) -> tuple[str, list[int]]:
    from sqlalchemy import select

    from qorgau.auth import service
    from qorgau.store.db import open_db
    from qorgau.store.models import Case

    with open_db(db_url) as db, db.transaction() as s:
        tok = service.create_token(s, service.get_user(s, "supervisor"), "bench")
        # a national investigator for the bench (sees every region without a reason)
        user = service.get_user(s, "bench_national")
        if user is None:
            user = service.create_user(s, "bench_national", "bench-pass-123", "investigator", "KZ")
        tok = service.create_token(s, user, "bench")
        cases = list(s.scalars(select(Case.id)))
    return tok, cases


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(base: str, tok: str, cases: list[int], reads: int, rate: float, seconds: float,
         out: mp.Queue, server_pid: int = 0) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {tok}"}
    rng = random.Random(5)
    result: dict = {}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as c:
        for cid in rng.sample(cases, min(20, len(cases))):  # warm-up
            c.get(f"/api/cases/{cid}")
        lat, errors = [], 0
        for _ in range(reads):
            cid = rng.choice(cases)
            t = time.perf_counter()
            r = c.get(f"/api/cases/{cid}")
            lat.append((time.perf_counter() - t) * 1000)
            errors += r.status_code != 200
        result["case_reads"] = {"n": reads, "errors": errors, "p50_ms": percentile(lat, .5),
                                "p95_ms": percentile(lat, .95), "p99_ms": percentile(lat, .99),
                                "mean_ms": statistics.fmean(lat) if lat else float("nan")}

    def post_body(i: int) -> dict:
        return {"id": f"bench-{os.getpid()}-{i}", "region": "KZ-75", "channel": "102",
                "text": (f"{1 + i % 28} марта 2026 года гражданка обратилась: бывший муж звонит "
                         f"с номера 8 701 {i % 1000:03d} {i % 100:02d} {(i // 100) % 100:02d}, "
                         "угрожает и приходит к работе. Ущерб 150 000 тенге.")}

    n = int(rate * seconds)
    with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
        for i in range(30):  # warm-up: the facts engine and the linker load their tables once
            c.post("/api/reports", json=post_body(-1 - i))
    bodies = [post_body(i) for i in range(n)]
    cpu0, gen0 = _cpu_seconds(server_pid), time.process_time()
    done = _post_at_rate(base, headers, bodies, rate)
    elapsed = done.pop()[1] / 1000
    cpu, gen_cpu = _cpu_seconds(server_pid) - cpu0, time.process_time() - gen0
    codes = [c for c, _ in done]
    lat = [ms for _, ms in done]
    result["report_posts"] = {
        "n": n, "seconds": elapsed, "rate_per_s": n / elapsed,
        "errors": sum(c not in (200, 201) for c in codes),
        "p50_ms": percentile(lat, .5), "p95_ms": percentile(lat, .95),
        "max_ms": max(lat) if lat else None,
        "server_cpu_ms_per_post": cpu / n * 1000 if n else None,
        "generator_cpu_ms_per_post": gen_cpu / n * 1000 if n else None,
        "load_average_1min_after": os.getloadavg()[0],
    }
    out.put(result)


def _post_at_rate(base: str, headers: dict, bodies: list[dict], rate: float,
                  workers: int = 48) -> list[tuple[int, float]]:
    """POST ``bodies`` to /api/reports on the schedule ``i / rate``; returns (status, ms) per
    body, then (0, total ms). Each worker thread keeps one HTTP/1.1 connection open and sends
    pre-encoded JSON with the standard library, so the generator spends little CPU of its own
    (a heavier client would take CPU from the server on a 2-core machine)."""
    import http.client
    import queue
    import threading
    from urllib.parse import urlsplit

    url = urlsplit(base)
    head = {**headers, "Content-Type": "application/json"}
    payloads = [json.dumps(b, ensure_ascii=False).encode("utf-8") for b in bodies]
    jobs: queue.Queue = queue.Queue()
    results: list[tuple[int, float]] = [(0, 0.0)] * len(bodies)

    def worker() -> None:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        while (i := jobs.get()) is not None:
            t = time.perf_counter()
            try:
                conn.request("POST", "/api/reports", payloads[i], head)
                resp = conn.getresponse()
                resp.read()
                code = resp.status
            except (OSError, http.client.HTTPException):
                code = 0
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
            results[i] = (code, (time.perf_counter() - t) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for th in threads:
        th.start()
    start = time.perf_counter()
    for i in range(len(bodies)):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        jobs.put(i)
    for _ in threads:
        jobs.put(None)
    for th in threads:
        th.join()
    return [*results, (0, (time.perf_counter() - start) * 1000)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--db", default=os.path.join(tempfile.gettempdir(), "qorgau-bench-api.db"),
                    help="SQLite file of the benchmark store (built once, then reused)")
    ap.add_argument("--reads", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=100.0)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--intake-window", type=float, default=None,
                    help="seconds the intake writer waits to fill a batch (the app's default "
                         "if not given)")
    args = ap.parse_args()
    app_args = "web=False" if args.intake_window is None else \
        f"web=False, intake_window={args.intake_window!r}"

    build(args.db, args.reports)
    tok, cases = token(args.db)
    port = _port()
    server = subprocess.Popen(
        [sys.executable, "-c",
         "import uvicorn; from qorgau.api.app import create_app; "
         "from qorgau.extract.pipeline import warm_up; from qorgau.link.persons import matcher; "
         "warm_up(); matcher(); "  # as `qorgau serve` does before it listens
         f"uvicorn.run(create_app({args.db!r}, {app_args}), host='127.0.0.1', port={port}, "
         "log_level='warning')"],
    )
    try:
        import httpx

        for _ in range(200):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        q: mp.Queue = mp.Queue()
        gen = mp.Process(target=load, args=(f"http://127.0.0.1:{port}", tok, cases, args.reads,
                                            args.rate, args.seconds, q, server.pid))
        gen.start()
        result = q.get()
        gen.join()
    finally:
        server.terminate()
        server.wait(10)
    result["reports_loaded"] = args.reports
    result["cases"] = len(cases)
    result["cpus"] = os.cpu_count()
    print(json.dumps(result, indent=2))
    reads, posts = result["case_reads"], result["report_posts"]
    print(f"GET /api/cases/{{id}}: p95 {reads['p95_ms']:.1f} ms "
          f"({'PASS' if reads['p95_ms'] < 50 and not reads['errors'] else 'FAIL'} < 50 ms)")
    print(f"POST /api/reports: {posts['rate_per_s']:.1f}/s for {posts['seconds']:.0f} s, "
          f"{posts['errors']} errors, p95 {posts['p95_ms']:.0f} ms "
          f"({'PASS' if posts['errors'] == 0 and posts['rate_per_s'] >= args.rate * 0.98 else 'FAIL'})")


if __name__ == "__main__":
    Path(__file__).resolve()
    main()
