"""Placeholder: filled in by the ages extractor work."""

from qorgau.model import Document, Fact


def extract(doc: Document) -> list[Fact]:
    return []
