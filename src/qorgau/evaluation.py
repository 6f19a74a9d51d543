"""Scoring facts-v1 predictions against gold records: per-field precision, recall and micro-F1.

Each field is a set of normalised items (a penalty is the pair kind/value, a stats row the triple
article/region/count, a figure the pair metric/value; repeats collapse). A field that a gold record
does not carry is not scored for that record. ``language`` is scored apart, as accuracy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from qorgau.facts_v1 import FIELDS

SET_FIELDS = tuple(f for f in FIELDS if f != "language")


def _norm_number(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def item_key(item: Any) -> str:
    """A canonical, hashable form of one facts-v1 item."""
    if isinstance(item, dict):
        return json.dumps(
            {k: _norm_number(v) for k, v in item.items()}, sort_keys=True, ensure_ascii=False
        )
    return json.dumps(_norm_number(item), ensure_ascii=False)


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    fields: dict[str, FieldScore]
    overall: FieldScore
    language_right: int
    language_total: int
    unmatched_gold: list[str]

    @property
    def language_accuracy(self) -> float:
        return self.language_right / self.language_total if self.language_total else 1.0

    def to_dict(self) -> dict[str, Any]:
        def one(s: FieldScore) -> dict[str, Any]:
            return {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }

        return {
            "fields": {k: one(v) for k, v in self.fields.items()},
            "overall": one(self.overall),
            "language_accuracy": round(self.language_accuracy, 4),
            "documents": self.language_total,
            "unmatched_gold": self.unmatched_gold,
        }


def score(gold: list[dict[str, Any]], predicted: dict[str, dict[str, Any]]) -> Report:
    """Score predictions (by id) against gold records."""
    fields = {name: FieldScore() for name in SET_FIELDS}
    overall = FieldScore()
    right = total = 0
    unmatched: list[str] = []
    for g in gold:
        pred = predicted.get(g["id"])
        if pred is None:
            unmatched.append(g["id"])
            pred = {}
        if "language" in g:
            total += 1
            right += int(pred.get("language") == g["language"])
        for name in SET_FIELDS:
            if name not in g:
                continue
            gold_set = {item_key(x) for x in g[name]}
            pred_set = {item_key(x) for x in pred.get(name, [])}
            s = fields[name]
            tp = len(gold_set & pred_set)
            s.tp += tp
            s.fp += len(pred_set - gold_set)
            s.fn += len(gold_set - pred_set)
            s.missed += [(g["id"], k) for k in sorted(gold_set - pred_set)]
            s.extra += [(g["id"], k) for k in sorted(pred_set - gold_set)]
            overall.tp += tp
            overall.fp += len(pred_set - gold_set)
            overall.fn += len(gold_set - pred_set)
    return Report(fields, overall, right, total, unmatched)
