"""Placeholder: filled in by the stats_tables extractor work."""

from qorgau.model import Document, Fact


def extract(doc: Document) -> list[Fact]:
    return []
