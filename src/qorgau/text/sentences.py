"""Placeholder sentence splitter."""

from qorgau.model import Sentence


def split(text: str) -> list[Sentence]:
    return [Sentence(0, len(text), "ru")]
