"""A development set of the project's own news-style documents in kk, ru and en, with gold facts.

The texts are written for this project (fictional cases in the style of police and court news) and
carry the traps the real documents have: city vs region, shared counts, legal maximums beside the
sentence imposed, date ranges that share a year, service numbers that are not counts. The engine
must keep a high micro-F1 here; it guards against tuning to the five seed documents.
"""

import json
from pathlib import Path

from qorgau.evaluation import score
from qorgau.extract.pipeline import extract_document
from qorgau.facts_v1 import project

HERE = Path(__file__).resolve().parent / "data"


def _report():
    gold = [json.loads(x) for x in (HERE / "devset.gold.jsonl").read_text("utf-8").splitlines() if x]
    predicted = {}
    for g in gold:
        text = (HERE / "devset" / f"{g['id']}.txt").read_text("utf-8")
        predicted[g["id"]] = project(extract_document(text, g["id"]))
    return score(gold, predicted)


def test_devset_language_is_right_everywhere():
    assert _report().language_accuracy == 1.0


def test_devset_micro_f1_is_high():
    report = _report()
    misses = {k: (v.missed, v.extra) for k, v in report.fields.items() if v.missed or v.extra}
    assert report.overall.f1 >= 0.9, misses
