"""Placeholder normaliser: identity until the normalisation work lands."""


def normalise(text: str) -> str:
    return text
