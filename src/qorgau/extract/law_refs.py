"""Placeholder: filled in by the law_refs extractor work."""

from qorgau.model import Document, Fact


def extract(doc: Document) -> list[Fact]:
    return []
