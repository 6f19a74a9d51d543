"""Scoring facts-v1 predictions: set semantics, absent gold fields, language apart."""

from qorgau.evaluation import item_key, score


def test_items_are_compared_as_normalised_sets():
    gold = [{"id": "a", "language": "kk", "regions": ["KZ-79", "KZ-71"], "ages": [30]}]
    pred = {"a": {"language": "kk", "regions": ["KZ-71", "KZ-79", "KZ-79"], "ages": [31],
                  "dates": ["2026-01-01"]}}
    report = score(gold, pred)
    assert report.fields["regions"].tp == 2
    assert report.fields["regions"].fp == 0
    assert report.fields["ages"].fp == 1 and report.fields["ages"].fn == 1
    # dates is not in the gold record, so it is not scored
    assert report.fields["dates"].tp + report.fields["dates"].fp == 0
    assert report.overall.tp == 2 and report.overall.fp == 1 and report.overall.fn == 1
    assert report.language_accuracy == 1.0


def test_dict_items_ignore_key_order_and_whole_floats():
    assert item_key({"kind": "fine_mci", "value": 200.0}) == item_key({"value": 200, "kind": "fine_mci"})


def test_missing_prediction_counts_as_all_missed():
    report = score([{"id": "x", "language": "en", "months": ["2025-10"]}], {})
    assert report.fields["months"].fn == 1
    assert report.language_accuracy == 0.0
    assert report.unmatched_gold == ["x"]
