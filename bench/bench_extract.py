"""Benchmark: end-to-end extraction throughput and peak memory on a mixed kk/ru/en corpus.

Run: ``.venv/bin/python bench/bench_extract.py [--mb 5] [--kind news|dense|both] [--natasha-kb 300]``

Prints MB/s of text (wall clock and CPU time) for the whole facts engine in one process (one
core), the peak resident memory, and, as a reference point, the throughput of natasha's Russian
NER pipeline on a sample of the same texts (natasha is far slower, so it gets a smaller sample;
the figure is per MB all the same). It also checks that time grows linearly with size by timing
half the corpus. The engine is warmed up first (``pipeline.warm_up``), untimed, and the one-off
start-up cost is printed on its own.

The official figure is the news-like corpus (facts per KB close to real documents; the density is
printed, with the seed documents' density when ``../shared/seeds`` is present); the dense corpus
(every sentence fact-bearing) is printed as a stress figure. See ``bench/corpus.py``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402

from qorgau.extract.pipeline import extract_document, warm_up  # noqa: E402


def _run(docs: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of extracting ``docs``."""
    start, cpu = time.perf_counter(), time.process_time()
    for i, text in enumerate(docs):
        extract_document(text, f"d{i}")
    return time.perf_counter() - start, time.process_time() - cpu


def _density(docs: list[str]) -> float:
    """Facts per KB of UTF-8 over ``docs``."""
    facts = sum(len(extract_document(text, "x").facts) for text in docs)
    return facts / (sum(len(text.encode("utf-8")) for text in docs) / 1024)


def _seed_texts() -> list[str]:
    folder = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


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


def _measure(kind: str, mb: float) -> list[str]:
    docs = build_corpus(int(mb * 1048576), kind=kind)
    size = sum(len(d.encode("utf-8")) for d in docs)
    half = docs[: len(docs) // 2]
    half_size = sum(len(d.encode("utf-8")) for d in half)
    t_half, _cpu_half = _run(half)
    t_full, cpu_full = _run(docs)
    print(f"[{kind}] corpus: {len(docs)} documents, {size / 1048576:.2f} MB (kk/ru/en mixed), "
          f"{_density(docs[:200]):.1f} facts per KB")
    print(f"[{kind}] qorgau extraction: {t_full:.2f} s, {size / 1048576 / t_full:.2f} MB/s on one core")
    print(
        f"[{kind}] qorgau extraction, CPU time of this process: {cpu_full:.2f} s, "
        f"{size / 1048576 / cpu_full:.2f} MB/s (less moved by other load on the machine)"
    )
    print(
        f"[{kind}] linearity: half corpus {half_size / 1048576:.2f} MB in {t_half:.2f} s "
        f"({half_size / 1048576 / t_half:.2f} MB/s); ratio full/half time {t_full / t_half:.2f} "
        f"for size ratio {size / half_size:.2f}"
    )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--kind", choices=["news", "dense", "both"], default="both",
                        help="which corpus: news-like (official), dense (stress) or both (default)")
    parser.add_argument("--natasha-kb", type=int, default=300, help="natasha sample size in KB")
    args = parser.parse_args()

    t_warm = warm_up()
    print(f"start-up (not in the figures below): {t_warm:.2f} s to load lexicons, patterns and "
          "language models")
    seeds = _seed_texts()
    if seeds:
        reps = max(1, int(1048576 / sum(len(t.encode("utf-8")) for t in seeds)))
        _wall, cpu = _run(seeds * reps)
        size = sum(len(t.encode("utf-8")) for t in seeds) * reps
        print(f"seed documents: {_density(seeds):.1f} facts per KB; repeated {reps} times "
              f"({size / 1048576:.2f} MB): {size / 1048576 / cpu:.2f} MB/s CPU (real text, small)")
    kinds = ["news", "dense"] if args.kind == "both" else [args.kind]
    docs: list[str] = []
    for kind in kinds:
        measured = _measure(kind, args.mb)
        docs = docs or measured  # natasha reads the first corpus
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory (extraction): {peak_mb:.0f} MB")
    res = _natasha(docs, args.natasha_kb * 1024)
    if res is None:
        print("natasha: not installed (pip install -e '.[bench]')")
    else:
        t_n, n_size = res
        print(
            f"natasha NER (segment + tag_ner) on {n_size / 1024:.0f} KB of the first corpus: "
            f"{t_n:.2f} s, {n_size / 1048576 / t_n:.3f} MB/s"
        )


if __name__ == "__main__":
    main()
