"""Pairwise scores of links against synthetic truth, counted from cluster sizes."""

from __future__ import annotations

import pytest

from qorgau.link.evaluate import Predicted, Truth, _pairs, evaluate


def test_pairs_counts_items_equal_on_every_label():
    assert _pairs(["a", "a", "a", "b", None, None]) == 3
    assert _pairs(["a", "a", "a", "b"], [1, 1, 2, 2]) == 1
    assert _pairs([]) == 0


def t(rid, offender=None, network=None, idents=()):
    return Truth(rid, offender, network, tuple(idents))


def test_exact_and_name_only_pairs_are_scored_apart():
    truth = [
        t("1", "o1", idents=["phone:a"]),
        t("2", "o1", idents=["phone:a"]),
        t("3", "o1"),  # name only: no identifier
        t("4", "o2", idents=["phone:b"]),
        t("5", None, "n1", ["card:1"]),
        t("6", None, "n1", ["card:1"]),
        t("7", None, "n1", ["card:2"]),  # same ring, no shared identifier
    ]
    predicted = {
        "1": Predicted(10, None, 100),
        "2": Predicted(10, None, 100),
        "3": Predicted(10, None, None),  # found by name
        "4": Predicted(10, None, 101),  # wrongly joined by name
        "5": Predicted(None, 200, 200),
        "6": Predicted(None, 200, 200),
        "7": Predicted(None, 201, 201),
    }
    s = evaluate(truth, predicted)
    # exact: offender pair (1,2) and network pair (5,6), all right, all found
    assert (s.exact.predicted, s.exact.correct, s.exact.true, s.exact.found) == (2, 2, 2, 2)
    assert s.exact.precision == s.exact.recall == 1.0
    # name links: 1-3, 2-3 right; 1-4, 2-4, 3-4 wrong
    n = s.offender_name
    assert (n.predicted, n.correct, n.true, n.found) == (5, 2, 2, 2)
    assert n.precision == pytest.approx(0.4) and n.recall == 1.0
    assert s.overall.true == 3 + 3  # offender o1: 3 pairs; ring n1: 3 pairs
    assert s.overall.correct == 3 + 1
    assert s.notes and "share no identifier chain" in s.notes[0]
    assert s.to_dict()["name_only"]["precision"] == 0.4
    assert any(line.startswith("exact-identifier") for line in s.lines())


def test_missing_predictions_link_nothing():
    truth = [t("1", "o1", idents=["phone:a"]), t("2", "o1", idents=["phone:a"])]
    s = evaluate(truth, {})
    assert s.exact.recall == 0.0 and s.exact.precision == 1.0
