"""Guard for speed work: save every fact the engine finds on a fixed set of texts, then check
that a changed engine finds exactly the same facts (kind, value, span, rule, sentence language).

Run before a change:  ``.venv/bin/python bench/snapshot_extract.py save /tmp/facts-before.jsonl``
and after it:         ``.venv/bin/python bench/snapshot_extract.py compare /tmp/facts-before.jsonl``

The texts: the bundled demo documents, the development set under ``tests/data/devset``, the seed
documents when ``../shared/seeds`` is present, and the first documents of both benchmark corpora
(dense and news-like). ``compare`` prints the first differences and exits 1 when any is found.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402

from qorgau.demo import demo_documents  # noqa: E402
from qorgau.extract.pipeline import extract_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def texts(n_bench: int, seeds: Path | None = None) -> Iterator[tuple[str, str]]:
    """(name, text) of every text the snapshot covers, in a fixed order.

    ``seeds`` is the folder of seed documents; by default ``../shared/seeds`` beside the
    repository, skipped when absent.
    """
    for doc_id, text in demo_documents():
        yield f"demo/{doc_id}", text
    for path in sorted((ROOT / "tests" / "data" / "devset").glob("*.txt")):
        yield f"devset/{path.name}", path.read_text(encoding="utf-8")
    seeds = seeds or ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            yield f"seeds/{path.name}", path.read_text(encoding="utf-8")
    for kind in ("dense", "news"):
        for i, text in enumerate(build_corpus(n_bench * 4000, kind=kind)[:n_bench]):
            yield f"{kind}/{i}", text


def records(n_bench: int, seeds: Path | None = None) -> Iterator[dict]:
    for name, text in texts(n_bench, seeds):
        yield {"name": name, "facts": extract_document(text, name).to_dict()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("path", type=Path, help="snapshot file (JSON Lines)")
    parser.add_argument("--bench-docs", type=int, default=300,
                        help="documents taken from each benchmark corpus (default 300)")
    parser.add_argument("--seeds", type=Path, default=None,
                        help="folder of seed documents (default ../shared/seeds)")
    args = parser.parse_args()
    if args.action == "save":
        n = 0
        with args.path.open("w", encoding="utf-8") as out:
            for rec in records(args.bench_docs, args.seeds):
                out.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
        print(f"saved {n} documents to {args.path}")
        return 0
    saved = {}
    for line in args.path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        saved[rec["name"]] = rec["facts"]
    diffs = seen = 0
    for rec in records(args.bench_docs, args.seeds):
        seen += 1
        before = saved.get(rec["name"])
        now = json.loads(json.dumps(rec["facts"], ensure_ascii=False, sort_keys=True))
        if before != now:
            diffs += 1
            if diffs <= 5:
                _show(rec["name"], before, now)
    if seen != len(saved):
        print(f"the snapshot has {len(saved)} documents, this run {seen}")
        diffs += 1
    print(f"{seen} documents compared, {diffs} differ")
    return 1 if diffs else 0


def _show(name: str, before: dict | None, now: dict) -> None:
    print(f"--- {name}")
    if before is None:
        print("    not in the snapshot")
        return
    b = {json.dumps(f, sort_keys=True, ensure_ascii=False) for f in before.get("facts", [])}
    a = {json.dumps(f, sort_keys=True, ensure_ascii=False) for f in now.get("facts", [])}
    for f in sorted(b - a)[:5]:
        print(f"    lost:  {f}")
    for f in sorted(a - b)[:5]:
        print(f"    new:   {f}")
    if a == b:
        print("    same facts; other fields differ (language, sentences or order)")


if __name__ == "__main__":
    raise SystemExit(main())
