"""Pairwise precision and recall of links against the hidden truth of synthetic reports.

Synthetic records (``qorgau synth``) carry ``truth.offender``, ``truth.network`` and
``truth.identifiers``. Two reports are a *true pair* when they have the same offender (offender
links) or the same network (network links); a *predicted pair* when linking gave them the same
suspect entity (``person``) or the same fraud network.

True offender pairs are split by what could reveal them:

* *exact-identifier* pairs: the two reports are connected through the identifiers the truth
  says they name (a chain of shared phones, handles, IINs, cards, IBANs);
* *name-only* pairs: the rest, which only matching the suspect's name (with birth date, IIN or
  victim) can find.

Predicted pairs are split the same way by the evidence linking used: pairs in one identifier
group are *exact* links, other pairs of one entity are *name* links. Scores:

* exact: precision of exact links (against all true pairs), recall of exact-identifier pairs by
  exact links;
* name-only: precision of name links, recall of name-only pairs by name links;
* overall: all predicted pairs against all true pairs.

Pairs are counted from cluster sizes (the sum of n(n-1)/2 over groups of equal labels), never
enumerated, so a million reports score in seconds.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qorgau.link.graph import components


@dataclass(frozen=True)
class Truth:
    """The hidden truth of one synthetic report."""

    report: str
    offender: str | None
    network: str | None
    identifiers: tuple[str, ...]


@dataclass(frozen=True)
class Predicted:
    """What linking said about one report: suspect entity, fraud network, identifier group."""

    person: Hashable | None
    network: Hashable | None
    group: Hashable | None


def _identifier_key(value: str) -> str:
    return f"phone:{value}" if value.startswith("+") else value


def read_truth(path: str | Path) -> list[Truth]:
    """The truth of every record of a synthetic JSON Lines file, in file order."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            out.append(truth_of(rec))
    return out


def truth_of(rec: dict[str, Any]) -> Truth:
    """The truth of one synthetic record."""
    t = rec.get("truth") or {}
    idents = tuple(sorted({_identifier_key(str(v)) for v in t.get("identifiers") or []}))
    return Truth(str(rec["id"]), t.get("offender"), t.get("network"), idents)


def _pairs(*labels: Sequence[Hashable | None]) -> int:
    """Pairs of items equal on every label list (items with a None label pair with nothing)."""
    counts = Counter(key for key in zip(*labels, strict=True) if None not in key)
    return sum(n * (n - 1) // 2 for n in counts.values())


@dataclass
class Score:
    """Pairwise counts and the precision and recall they give."""

    predicted: int
    correct: int
    true: int
    found: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.true if self.true else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 5),
            "recall": round(self.recall, 5),
            "predicted_pairs": self.predicted,
            "correct_pairs": self.correct,
            "true_pairs": self.true,
            "found_pairs": self.found,
        }


@dataclass
class LinkScores:
    """Scores of offender and network links, split into exact and name-only."""

    reports: int
    offender_exact: Score
    offender_name: Score
    offender_overall: Score
    network: Score
    exact: Score
    overall: Score
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "exact_identifier": self.exact.to_dict(),
            "name_only": self.offender_name.to_dict(),
            "overall": self.overall.to_dict(),
            "offender": {
                "exact_identifier": self.offender_exact.to_dict(),
                "name_only": self.offender_name.to_dict(),
                "overall": self.offender_overall.to_dict(),
            },
            "network": self.network.to_dict(),
        }

    def lines(self) -> list[str]:
        rows = [
            ("exact-identifier", self.exact),
            ("  offender", self.offender_exact),
            ("  network", self.network),
            ("name-only", self.offender_name),
            ("overall", self.overall),
            ("  offender", self.offender_overall),
        ]
        out = [
            f"{self.reports} reports; pairwise links against the truth",
            f"{'links':<18}{'precision':>10}{'recall':>9}{'predicted':>11}{'true':>10}",
        ]
        for name, s in rows:
            out.append(
                f"{name:<18}{s.precision:>10.4f}{s.recall:>9.4f}{s.predicted:>11}{s.true:>10}"
            )
        return out


def evaluate(truth: Sequence[Truth], predicted: dict[str, Predicted]) -> LinkScores:
    """Score predictions (by report id) against the truth; reports without a prediction count
    as linked to nothing."""
    n = len(truth)
    none = Predicted(None, None, None)
    preds = [predicted.get(t.report, none) for t in truth]
    comp = components(t.identifiers for t in truth)
    t_off = [t.offender for t in truth]
    t_net = [t.network for t in truth]
    p_person = [p.person for p in preds]
    p_net = [p.network for p in preds]
    p_group = [p.group if p.group is not None else ("solo", i) for i, p in enumerate(preds)]

    # offenders
    true_all = _pairs(t_off)
    true_exact = _pairs(t_off, comp)
    pred_all = _pairs(p_person)
    pred_exact = _pairs(p_person, p_group)
    tp_all = _pairs(p_person, t_off)
    tp_exact_any = _pairs(p_person, p_group, t_off)
    found_exact = _pairs(p_person, p_group, t_off, comp)
    found_any_exact = _pairs(p_person, t_off, comp)
    off_exact = Score(pred_exact, tp_exact_any, true_exact, found_exact)
    name_pred = pred_all - pred_exact
    name_correct = tp_all - tp_exact_any
    name_true = true_all - true_exact
    name_found = (tp_all - tp_exact_any) - (found_any_exact - found_exact)
    off_name = Score(name_pred, name_correct, name_true, name_found)
    off_all = Score(pred_all, tp_all, true_all, tp_all)

    # networks
    net_pred = _pairs(p_net)
    net_tp = _pairs(p_net, t_net)
    net_true_exact = _pairs(t_net, comp)
    net_found = _pairs(p_net, t_net, comp)
    net = Score(net_pred, net_tp, net_true_exact, net_found)
    net_all_true = _pairs(t_net)

    exact = Score(
        off_exact.predicted + net.predicted,
        off_exact.correct + net.correct,
        off_exact.true + net.true,
        off_exact.found + net.found,
    )
    overall = Score(pred_all + net_pred, tp_all + net_tp, true_all + net_all_true, tp_all + net_tp)
    notes = []
    if net_all_true > net_true_exact:
        notes.append(
            f"{net_all_true - net_true_exact} true network pairs share no identifier chain "
            "(a ring that used disjoint cards and phones): no exact link can find them"
        )
    return LinkScores(n, off_exact, off_name, off_all, net, exact, overall, notes)


def predictions_from_db(session: Any) -> dict[str, Predicted]:
    """Every report's person, network and identifier group as stored by linking."""
    from qorgau.link.engine import iter_link_rows

    return {
        r.ext_id: Predicted(r.person_id, r.network_id, r.group_id)
        for r in iter_link_rows(session, batch=20_000)
    }


def evaluate_file(path: str | Path, predicted: dict[str, Predicted]) -> LinkScores:
    """Score predictions against the truth in a synthetic JSON Lines file."""
    return evaluate(read_truth(path), predicted)


def truth_from_records(records: Iterable[dict[str, Any]]) -> list[Truth]:
    """The truth of records already in memory."""
    return [truth_of(r) for r in records]
