"""The demo run: the facts engine over the bundled demo documents, as a table and as JSON Lines.

The demo documents (``data/demo``) are the project's own fictional texts in Kazakh, Russian and
English: a first-person complaint, a police summary, a court report, a statistics letter and fraud
reports.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from qorgau.extract.pipeline import extract_document
from qorgau.facts_v1 import project


def demo_documents() -> list[tuple[str, str]]:
    """(id, text) of every bundled demo document, sorted by id."""
    folder = resources.files("qorgau.data").joinpath("demo")
    docs = []
    for entry in folder.iterdir():
        if entry.name.endswith(".txt"):
            docs.append((entry.name[:-4], entry.read_text(encoding="utf-8")))
    return sorted(docs)


def _short(items: list, limit: int = 6) -> str:
    parts = []
    for item in items[:limit]:
        if isinstance(item, dict):
            parts.append("/".join(str(v) for v in item.values()))
        else:
            parts.append(str(item))
    more = f" (+{len(items) - limit})" if len(items) > limit else ""
    return ", ".join(parts) + more


def run_demo(out: Path, console: Console | None = None) -> list[dict]:
    """Extract facts from every demo document, print a table, write JSON Lines to ``out``."""
    console = console or Console()
    records = []
    for doc_id, text in demo_documents():
        records.append(project(extract_document(text, doc_id)))
    table = Table(title="Qorgau facts engine: demo documents", show_lines=True)
    table.add_column("document", no_wrap=True)
    table.add_column("lang")
    for name in ("articles", "regions", "dates / months", "penalties", "counts", "money ₸", "identifiers"):
        table.add_column(name, overflow="fold")
    for r in records:
        table.add_row(
            r["id"],
            r["language"],
            _short(r["articles"]),
            _short(r["regions"]),
            _short(r["dates"] + r["months"]),
            _short(r["penalties"]),
            _short(r["counts"]),
            _short(r["money_tenge"]),
            _short(r["identifiers"], 4),
        )
    console.print(table)
    with out.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    console.print(f"facts-v1 JSON Lines written to {out}")
    console.print("Every fact with its span and rule: qorgau extract --format full FILE")
    return records
