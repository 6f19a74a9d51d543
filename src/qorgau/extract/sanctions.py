"""Placeholder: filled in by the sanctions extractor work."""

from qorgau.model import Document, Fact


def extract(doc: Document) -> list[Fact]:
    return []
