"""Placeholder: filled in by the dates extractor work."""

from qorgau.model import Document, Fact


def extract(doc: Document) -> list[Fact]:
    return []
