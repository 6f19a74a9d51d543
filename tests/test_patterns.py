"""The regex-source helpers shared by the extractors (``qorgau.text.patterns``)."""

from __future__ import annotations

import re

import pytest

from qorgau.text.patterns import (
    first_char_branches,
    group_end,
    split_top_level,
    structural,
    trie_pattern,
)


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


# An alternation with branches led by digits, letters, look-behinds, optional and empty parts,
# classes with ranges, categories and negation, and a case-insensitive twin.
_BRANCHY = (
    r"(?P<year>(?<![\w.])(?:19|20)\d\d)(?!\d)"
    r"|(?P<day>[0-3]?\d)\.(?P<month>\d\d)"
    r"|(?P<word>(?<!\w)(?:мая|май|марта?|may))\s(?P<wnum>\d{1,2})"
    r"|(?P<opt>(?:от\s)?(?P<onum>\d+)\s?лет)"
    r"|(?P<neg>[^\d\s]x)"
    r"|(?P<rng>[а-яё]{2}\d)"
    r"|(?P<empty>(?=;))"
)


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize(
    "text",
    [
        "в 2024 году", "12.05 утром", "9 мая 2020", "Май 5", "MAY 12", "от 5 лет", "5лет",
        "ax", "ёж1", "Ёж1", ";", "", "120x", "İx", "ıx", "ſx", "K 1", "x\n",
    ],
)
def test_first_char_branches_match_as_the_whole_pattern(flags, text):
    pattern = re.compile(_BRANCHY, flags)
    cut = first_char_branches(pattern)
    for pos in range(len(text) + 1):
        want, got = pattern.match(text, pos), cut.match(text, pos)
        assert (want is None) == (got is None), (text, pos)
        if want is not None:
            assert want.span() == got.span() and want.lastgroup == got.lastgroup
            assert {n: want.span(n) for n in pattern.groupindex} == {
                n: got.span(n) for n in pattern.groupindex
            }


def test_first_char_branches_leave_out_branches_that_cannot_start():
    pattern = re.compile(_BRANCHY)
    cut = first_char_branches(pattern)
    cut.match("7", 0)
    digit = cut._by_char["7"].pattern
    assert "(?P<year>" in digit and "(?P<opt>" in digit and "(?P<empty>" in digit
    assert "(?P<word>(?<!" not in digit  # only its group names are kept, in a dead branch
    assert first_char_branches(pattern) is cut
