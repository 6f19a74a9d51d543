"""The regex-source helpers shared by the extractors (``qorgau.text.patterns``)."""

from __future__ import annotations

import re

import pytest

from qorgau.text.patterns import group_end, split_top_level, structural, trie_pattern


@pytest.mark.parametrize(
    "src, parts",
    [
        ("звон|пис(?:ал|ьм)|visit", ["звон", "пис(?:ал|ьм)", "visit"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        ("[|(]x|y", ["[|(]x", "y"]),
        ("[]|]z|w", ["[]|]z", "w"]),
        ("[^]|]z|w", ["[^]|]z", "w"]),
        ("one", ["one"]),
    ],
)
def test_split_top_level_ignores_groups_classes_and_escapes(src, parts):
    assert split_top_level(src) == parts
    assert "|".join(parts) == src


def test_group_end_finds_the_matching_parenthesis():
    src = r"x(?:a(b|c)\)[)]d)y"
    assert src[group_end(src, 1)] == ")"
    assert src[group_end(src, 1) + 1] == "y"
    with pytest.raises(ValueError, match="unbalanced"):
        group_end("(ab", 0)


def test_structural_reports_only_metacharacters_outside_classes():
    assert [c for _i, c in structural(r"(a|[()|]\()")] == ["(", "|", ")"]


def test_trie_pattern_matches_longest_first():
    rx = re.compile(trie_pattern({"мошен", "мошенник", "мол"}))
    assert rx.match("мошенники").group() == "мошенник"
    assert rx.match("мошенство").group() == "мошен"
    assert rx.match("молча").group() == "мол"
