"""Placeholder language detection."""

from qorgau.model import Sentence


def label_sentences(text: str, sents: list[Sentence]) -> list[Sentence]:
    return sents


def document_language(text: str, sents: list[Sentence]) -> str:
    return "ru"
