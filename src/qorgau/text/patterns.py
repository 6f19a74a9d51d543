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


# ------------------------------------------------------------------ branches by first character

try:  # the regex parser, to read what each branch of an alternation can start with
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_REPEATS = tuple(
    getattr(_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_c, name)
)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}


def _char_source(op: Any, av: Any) -> str | None:
    """Regex source of a one-character element of a parsed pattern, or None when it is not
    one (or holds something this reader does not know)."""
    if op is _c.LITERAL:
        return re.escape(chr(av))
    if op is _c.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is _c.ANY:
        return "."
    if op is not _c.IN:
        return None
    body = []
    for iop, iav in av:
        if iop is _c.NEGATE:
            body.insert(0, "^")
        elif iop is _c.LITERAL:
            body.append(re.escape(chr(iav)))
        elif iop is _c.RANGE:
            body.append(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
        elif iop is _c.CATEGORY and iav in _CATEGORIES:
            body.append(_CATEGORIES[iav])
        else:
            return None
    return "[" + "".join(body) + "]"


def _may_start(items: list, ch: str, flags: int) -> tuple[bool, bool]:
    """(may a match of the parsed sequence ``items`` start with ``ch``, may it be empty).
    Unknown elements answer "may start"; look-arounds and anchors are passed over (they
    consume nothing), so the answer errs only towards "may start"."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _c.SUBPATTERN:
            if av[1] or av[2]:  # local flags: not read here
                return True, True
            start, empty = _may_start(av[3], ch, flags)
        elif op is _c.BRANCH:
            found = [_may_start(alt, ch, flags) for alt in av[1]]
            start, empty = any(s for s, _ in found), any(e for _, e in found)
        elif op in _REPEATS:
            start, empty = _may_start(av[2], ch, flags)
            empty = empty or av[0] == 0
        else:
            src = _char_source(op, av)
            if src is None:
                return True, True
            # the engine itself says whether the character matches (case rules and all)
            start, empty = re.fullmatch(src, ch, flags) is not None, False
        if start:
            return True, empty
        if not empty:
            return False, False
    return False, True


class FirstCharBranches:
    """``pattern.match`` with the pattern's top-level alternation cut down, for the digit
    at the match position, to the branches that can start with it (plus the group names of
    the others, in a branch that never matches, so every group name still reads None).

    The alternation tries its branches in order and a branch that cannot start with the
    character cannot match there, so the match is the same: the same branch, span and groups
    by name (group numbers differ). Big alternations of many groups cost the regex engine far
    more per call than their parts. At any other character the whole pattern runs."""

    __slots__ = ("pattern", "_parts", "_names", "_trees", "_by_char", "_by_kept")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._parts = split_top_level(pattern.pattern)
        self._names = [set(re.compile(p, pattern.flags).groupindex) for p in self._parts]
        self._trees = [list(_parser.parse(p, pattern.flags)) for p in self._parts]
        self._by_char: dict[str, re.Pattern[str]] = {"": pattern}
        # characters that keep the same branches share one compiled pattern
        self._by_kept: dict[tuple[int, ...], re.Pattern[str]] = {}
        for ch in "0123456789":  # compiled now, with the pattern, not while reading
            self._for(ch)

    def _for(self, ch: str) -> re.Pattern[str]:
        if not ch.isdecimal():
            # Only digits get a cut pattern: most places the extractors try are numbers, and
            # a cut pattern of a big alternation takes long to compile (letters would need
            # one each for many different sets of branches).
            self._by_char[ch] = self.pattern
            return self.pattern
        flags = self.pattern.flags
        kept = tuple(
            i for i, tree in enumerate(self._trees) if any(_may_start(tree, ch, flags))
        )
        cut = self._by_kept.get(kept)
        if cut is None:
            if len(kept) == len(self._parts):
                cut = self.pattern
            else:
                dead = sorted(n for i, names in enumerate(self._names) if i not in kept
                              for n in names)
                keep = [self._parts[i] for i in kept]
                keep.append("(?!)" + "".join(f"(?P<{n}>)" for n in dead))
                cut = re.compile("|".join(keep), flags)
            self._by_kept[kept] = cut
        self._by_char[ch] = cut
        return cut

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """``pattern.match(text, pos)``, by the branches that can start with ``text[pos]``."""
        ch = text[pos : pos + 1]
        cut = self._by_char.get(ch)
        if cut is None:
            cut = self._for(ch)
        return cut.match(text, pos)


# Keyed by id(): hashing a compiled pattern hashes its whole code each time. The value holds
# the pattern, so its id is not reused while the entry stands.
_FIRST_CHAR: dict[int, FirstCharBranches] = {}


def first_char_branches(pattern: re.Pattern[str]) -> FirstCharBranches:
    """The :class:`FirstCharBranches` of ``pattern``, built once."""
    found = _FIRST_CHAR.get(id(pattern))
    if found is None or found.pattern is not pattern:
        found = _FIRST_CHAR[id(pattern)] = FirstCharBranches(pattern)
    return found
