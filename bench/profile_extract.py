"""Where extraction time goes: seconds per extractor over the benchmark corpus.

Run: ``.venv/bin/python bench/profile_extract.py [--mb 0.5] [--kind dense] [--cprofile 40]``

Times are CPU seconds of this process (``time.process_time``), so other load on the machine moves
them less than wall-clock time. The demo documents are read first, untimed, so one-off loading
(lexicons, patterns, the language detector's models) is not counted.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402

from qorgau.extract import pipeline  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=0.5, help="corpus size in MB")
    parser.add_argument("--kind", choices=["news", "dense"], default="news",
                        help="news-like corpus (default) or the fact-dense one")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N",
                        help="also profile the timed part with cProfile and print its top N "
                             "functions by own time (warm-up and corpus building left out)")
    args = parser.parse_args()
    docs = build_corpus(int(args.mb * 1048576), kind=args.kind)
    size = sum(len(d.encode("utf-8")) for d in docs)
    pipeline.warm_up()
    profiler = cProfile.Profile() if args.cprofile else None
    if profiler:
        profiler.enable()
    times: dict[str, float] = {}
    start = time.process_time()
    for text in docs:
        t = time.process_time()
        doc = pipeline.prepare(text, "d")
        times["prepare"] = times.get("prepare", 0.0) + time.process_time() - t
        for name, fn in pipeline.EXTRACTORS:
            t = time.process_time()
            doc.facts.extend(fn(doc))
            times[name] = times.get(name, 0.0) + time.process_time() - t
    total = time.process_time() - start
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)
    print(f"{size / 1048576:.2f} MB in {total:.2f} s = {size / 1048576 / total:.3f} MB/s")
    for name, secs in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"{name:14} {secs:6.2f} s  {secs / total * 100:5.1f} %")


if __name__ == "__main__":
    main()
