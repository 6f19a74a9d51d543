"""Runs the extractors over a document in dependency order and returns its Facts.

Order matters: dates come first because they fix the document's reference date; places come
before the statistics tables that need region lookups; sanctions come after money; classification
comes last because it reads everything found before it.
"""

from __future__ import annotations

from collections.abc import Callable

from qorgau import __version__
from qorgau.extract import (
    ages,
    classify,
    dates,
    figures,
    identifiers,
    law_refs,
    money,
    places,
    sanctions,
    stats_tables,
    story,
)
from qorgau.model import Document, Fact, Facts
from qorgau.text import glosses, lang, normalise, sentences

ENGINE_VERSION = f"qorgau-facts/{__version__}"

Extractor = Callable[[Document], list[Fact]]

EXTRACTORS: list[tuple[str, Extractor]] = [
    ("dates", dates.extract),
    ("identifiers", identifiers.extract),
    ("money", money.extract),
    ("places", places.extract),
    ("law_refs", law_refs.extract),
    ("sanctions", sanctions.extract),
    ("ages", ages.extract),
    ("story", story.extract),
    ("stats_tables", stats_tables.extract),
    ("figures", figures.extract),
    ("classify", classify.extract),
]


def prepare(text: str, doc_id: str = "doc") -> Document:
    """Build the Document the extractors read: normalised copy, sentences, languages."""
    norm = normalise.normalise(text)
    sents = sentences.split(norm)
    labelled = lang.label_sentences(norm, sents)
    doc_lang = lang.document_language(norm, labelled)
    return Document(id=doc_id, original=text, norm=norm, language=doc_lang, sentences=labelled)


def extract_document(text: str, doc_id: str = "doc") -> Facts:
    """Read one text and return every fact found, each with its span and rule.

    Numbers spelled out in brackets after their digits (``100 (сто) МРП``) are read past: the
    extractors read a copy without them and the spans are mapped back onto ``text``."""
    stripped = glosses.strip(text)
    doc = prepare(stripped.text if stripped else text, doc_id)
    for _name, fn in EXTRACTORS:
        found = fn(doc)
        doc.facts.extend(found)
    if stripped:
        _map_back(doc, stripped, text)
    doc.facts.sort(key=lambda f: (f.start, f.end, f.kind))
    return Facts(
        id=doc_id,
        language=doc.language,
        ref_date=doc.ref_date,
        sentences=doc.sentences,
        facts=doc.facts,
        engine_version=ENGINE_VERSION,
    )


def _map_back(doc: Document, stripped: glosses.Glossless, text: str) -> None:
    """Move every span found in the gloss-free copy onto the original text, the quoted text of
    each fact (and of classification cues) with it."""
    for s in doc.sentences:
        s.start, s.end = stripped.start(s.start), stripped.end(s.end)
    for f in doc.facts:
        f.start, f.end = stripped.start(f.start), stripped.end(f.end)
        f.text = text[f.start : f.end]
        for item in f.extra.get("cues", ()):
            if isinstance(item, dict) and isinstance(item.get("start"), int):
                item["start"], item["end"] = stripped.start(item["start"]), stripped.end(item["end"])
                item["text"] = text[item["start"] : item["end"]]


def warm_up() -> float:
    """Load every lexicon, compiled pattern and the language detector's models now, by reading
    the bundled demo documents and one sentence the detector must settle; returns the seconds it
    took. Servers and benchmarks call it once at start so that the first real document does not
    carry this one-off cost (about a second)."""
    import time

    from qorgau.demo import demo_documents

    start = time.perf_counter()
    for doc_id, text in demo_documents():
        extract_document(text, doc_id)
    lang.load_detector()
    return time.perf_counter() - start
