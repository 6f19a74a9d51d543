"""Regex building helpers shared by the extractors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any


def trie_pattern(strings: set[str] | list[str],
                 order: Callable[[str], Any] | None = None) -> str:
    """A regex source matching any of ``strings``, shared prefixes merged so it scans fast.

    Longer matches win over their prefixes (``мошенник`` before ``мошен``), as in a plain
    alternation sorted longest first. Sibling branches start with different characters, so
    their order (``order``, a sort key on that character; by default the character itself)
    changes only how fast the engine finds the right one.
    """
    root: dict[str, dict] = {}
    for w in strings:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        kids = sorted((ch for ch in node if ch), key=order)
        alts = [re.escape(ch) + build(node[ch]) for ch in kids]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def structural(src: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(index, character) of every ``(``, ``)`` and ``|`` of the regex source ``src`` from
    ``start`` that stands outside character classes and escapes (a ``]`` right after ``[`` or
    ``[^`` is a literal, as in ``re``)."""
    i, n = start, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i += 1
            if src[i : i + 1] == "^":
                i += 1
            if src[i : i + 1] == "]":
                i += 1
            while i < n and src[i] != "]":
                i += 2 if src[i] == "\\" else 1
        elif c in "()|":
            yield i, c
        i += 1


def split_top_level(body: str) -> list[str]:
    """``body``, a regex source, split on its top-level ``|`` (outside groups and character
    classes; escapes kept with what they escape)."""
    parts: list[str] = []
    depth = start = 0
    for i, c in structural(body):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def group_end(src: str, i: int) -> int:
    """Index of the ``)`` closing the group that opens at ``src[i]``."""
    depth = 0
    for j, c in structural(src, i):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"unbalanced group in pattern {src!r}")
