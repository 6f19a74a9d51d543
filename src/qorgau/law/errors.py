"""The one error type of the legal engine: bad input, with a one-line message naming the problem."""

from __future__ import annotations


class LawInputError(ValueError):
    """Input the legal engine cannot answer for (unknown article, date out of range ...).

    The message is a single line meant for the person who typed the input; commands print it and
    exit non-zero instead of showing a traceback.
    """
