"""Benchmark: end-to-end extraction throughput and peak memory on a mixed kk/ru/en corpus.

Run: ``.venv/bin/python bench/bench_extract.py [--mb 5] [--natasha-kb 300]``

Prints MB/s of text (wall clock and CPU time) for the whole facts engine in one process (one
core), the peak resident memory, and, as a reference point, the throughput of natasha's Russian NER pipeline on a sample of
the same texts (natasha is far slower, so it gets a smaller sample; the figure is per MB all the
same). It also checks that time grows linearly with size by timing half the corpus. The bundled
demo documents are read first, untimed, and the one-off start-up cost is printed on its own.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402

from qorgau.demo import demo_documents  # noqa: E402
from qorgau.extract.pipeline import extract_document  # noqa: E402


def _run(docs: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of extracting ``docs``."""
    start, cpu = time.perf_counter(), time.process_time()
    for i, text in enumerate(docs):
        extract_document(text, f"d{i}")
    return time.perf_counter() - start, time.process_time() - cpu


def _warm_up() -> tuple[float, float]:
    """Read the bundled demo documents once so that lexicons, compiled patterns and the language
    detector's models are loaded before timing. Returns (first document, the rest) in seconds:
    the first one carries the one-off start-up cost, which is printed, not hidden."""
    demos = [text for _id, text in demo_documents()]
    start = time.perf_counter()
    extract_document(demos[0], "warm0")
    first = time.perf_counter() - start
    start = time.perf_counter()
    for i, text in enumerate(demos[1:]):
        extract_document(text, f"warm{i + 1}")
    return first, time.perf_counter() - start


def _natasha(docs: list[str], budget_bytes: int) -> tuple[float, int] | None:
    try:
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
    except ImportError:
        return None
    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())
    sample, size = [], 0
    for text in docs:
        if size >= budget_bytes:
            break
        sample.append(text)
        size += len(text.encode("utf-8"))
    start = time.perf_counter()
    for text in sample:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
    return time.perf_counter() - start, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--natasha-kb", type=int, default=300, help="natasha sample size in KB")
    args = parser.parse_args()

    docs = build_corpus(int(args.mb * 1048576))
    size = sum(len(d.encode("utf-8")) for d in docs)
    t_first, t_rest = _warm_up()
    half = docs[: len(docs) // 2]
    half_size = sum(len(d.encode("utf-8")) for d in half)
    t_half, _cpu_half = _run(half)
    t_full, cpu_full = _run(docs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(docs)} documents, {size / 1048576:.2f} MB (kk/ru/en mixed)")
    print(
        f"start-up (not in the figures below): first demo document {t_first:.2f} s (loads "
        f"lexicons, patterns, language models); the other demo documents {t_rest:.2f} s"
    )
    print(f"qorgau extraction: {t_full:.2f} s, {size / 1048576 / t_full:.2f} MB/s on one core")
    print(
        f"qorgau extraction, CPU time of this process: {cpu_full:.2f} s, "
        f"{size / 1048576 / cpu_full:.2f} MB/s (less moved by other load on the machine)"
    )
    print(
        f"linearity: half corpus {half_size / 1048576:.2f} MB in {t_half:.2f} s "
        f"({half_size / 1048576 / t_half:.2f} MB/s); ratio full/half time {t_full / t_half:.2f} "
        f"for size ratio {size / half_size:.2f}"
    )
    print(f"peak resident memory (extraction): {peak_mb:.0f} MB")
    res = _natasha(docs, args.natasha_kb * 1024)
    if res is None:
        print("natasha: not installed (pip install -e '.[bench]')")
    else:
        t_n, n_size = res
        print(
            f"natasha NER (segment + tag_ner) on {n_size / 1024:.0f} KB of the same texts: "
            f"{t_n:.2f} s, {n_size / 1048576 / t_n:.3f} MB/s"
        )


if __name__ == "__main__":
    main()
