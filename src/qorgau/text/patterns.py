"""Regex building helpers shared by the extractors."""

from __future__ import annotations

import re


def trie_pattern(strings: set[str] | list[str]) -> str:
    """A regex source matching any of ``strings``, shared prefixes merged so it scans fast.

    Longer matches win over their prefixes (``мошенник`` before ``мошен``), as in a plain
    alternation sorted longest first.
    """
    root: dict[str, dict] = {}
    for w in strings:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(root)


def split_top_level(body: str) -> list[str]:
    """``body``, a regex source, split on its top-level ``|`` (outside groups and character
    classes; escapes kept with what they escape)."""
    parts: list[str] = []
    depth = start = i = 0
    in_class = False
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts
