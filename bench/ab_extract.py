"""A/B timing of the facts engine: an older revision against the working tree, in one process.

Run: ``.venv/bin/python bench/ab_extract.py REV [--mb 1] [--kind dense] [--rounds 3]``

The package as it stands at git revision ``REV`` is exported to a temporary folder and imported
beside the working tree's copy (each copy keeps its own modules, lexicons and caches). Both read
the same corpus, document by document (each document by one copy right after the other, which
copy goes first alternating), so load that comes and goes on a shared machine moves both
versions alike; each step (``prepare`` and every extractor) keeps its best CPU time
(``time.process_time``) over the rounds. Prints seconds per MB for each
step, old and new, and the ratio.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _export(rev: str, dest: Path) -> Path:
    """Write ``src/qorgau`` as it is at ``rev`` under ``dest``; returns the ``src`` folder."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", rev, "src/qorgau"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src"


def _take_out() -> dict[str, ModuleType]:
    """Remove the ``qorgau`` modules from ``sys.modules``; returns them."""
    mods = {k: m for k, m in sys.modules.items() if k == "qorgau" or k.startswith("qorgau.")}
    for k in mods:
        del sys.modules[k]
    return mods


def _load(src: Path) -> tuple[ModuleType, dict[str, ModuleType]]:
    """Import the engine's pipeline from ``src``; returns it and that copy's ``qorgau`` modules,
    which are then taken out of ``sys.modules`` so that another copy can be imported."""
    _take_out()  # e.g. the corpus builder's import of the demo documents
    sys.path.insert(0, str(src))
    try:
        pipeline = importlib.import_module("qorgau.extract.pipeline")
        if not pipeline.__file__.startswith(str(src)):
            raise RuntimeError(f"pipeline imported from {pipeline.__file__}, not from {src}")
        pipeline.warm_up()
    finally:
        sys.path.remove(str(src))
    return pipeline, _take_out()


def _steps(pipeline: ModuleType, text: str, times: dict[str, float]) -> None:
    """Read ``text`` with one copy of the engine, adding CPU seconds per step to ``times``."""
    clock = time.process_time
    t = clock()
    doc = pipeline.prepare(text, "d")
    times["prepare"] = times.get("prepare", 0.0) + clock() - t
    for name, fn in pipeline.EXTRACTORS:
        t = clock()
        doc.facts.extend(fn(doc))
        times[name] = times.get(name, 0.0) + clock() - t


def _round(copies: dict[str, tuple[ModuleType, dict[str, ModuleType]]], docs: list[str],
           flip: bool) -> dict[str, dict[str, float]]:
    """CPU seconds per step of each copy over ``docs``; each document is read by both copies
    one right after the other, the first of them alternating from document to document, so a
    change of the machine's speed reaches both alike. Each copy's modules are put in
    ``sys.modules`` while it runs (for imports made inside functions)."""
    times: dict[str, dict[str, float]] = {label: {} for label in copies}
    labels = list(copies)
    for i, text in enumerate(docs):
        order = labels if (i % 2 == 0) != flip else labels[::-1]
        for label in order:
            pipeline, mods = copies[label]
            sys.modules.update(mods)
            try:
                _steps(pipeline, text, times[label])
            finally:
                for k in mods:
                    sys.modules.pop(k, None)
    for steps in times.values():
        steps["total"] = sum(steps.values())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="git revision to compare the working tree with (e.g. HEAD)")
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB (default 1)")
    parser.add_argument("--kind", choices=["news", "dense"], default="dense")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each version (default 3)")
    args = parser.parse_args()
    docs = build_corpus(int(args.mb * 1048576), kind=args.kind)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1048576
    with tempfile.TemporaryDirectory() as tmp:
        old = _load(_export(args.rev, Path(tmp)))
        new = _load(ROOT / "src")
        copies = {"old": old, "new": new}
        best: dict[str, dict[str, float]] = {"old": {}, "new": {}}
        for i in range(args.rounds):
            for label, steps in _round(copies, docs, flip=i % 2 == 1).items():
                for step, secs in steps.items():
                    best[label][step] = min(secs, best[label].get(step, secs))
    print(f"{args.kind} corpus, {mb:.2f} MB, best of {args.rounds}; CPU seconds per MB")
    print(f"{'step':14} {'old':>7} {'new':>7} {'new/old':>8}")
    steps = sorted(best["old"], key=lambda s: (s == "total", -best["old"][s]))
    for step in steps:
        o, n = best["old"][step] / mb, best["new"].get(step, 0.0) / mb
        print(f"{step:14} {o:7.3f} {n:7.3f} {n / o if o else 0:8.3f}")
    print(f"MB/s CPU: old {mb / best['old']['total']:.3f}, new {mb / best['new']['total']:.3f}")


if __name__ == "__main__":
    main()
