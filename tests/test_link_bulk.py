"""Bulk linking in memory gives the same suspects, networks and cases as incremental linking at
intake, and scores well against the synthetic truth."""

from __future__ import annotations

from collections import defaultdict

from qorgau.intake.ingest import ingest_records
from qorgau.link.bulk import BulkReport, from_synthetic, link_reports
from qorgau.link.engine import export_rows
from qorgau.link.evaluate import Predicted, evaluate, truth_from_records
from qorgau.model import Fact
from qorgau.synth import generate


def partition(keys: list[str], labels: list) -> set[frozenset[str]]:
    groups: dict[object, set[str]] = defaultdict(set)
    for k, lab in zip(keys, labels, strict=True):
        if lab is not None:
            groups[lab].add(k)
    return {frozenset(g) for g in groups.values()}


def facts_from_truth(rec: dict) -> list[Fact]:
    out = []
    for value in rec["truth"]["identifiers"]:
        if value.startswith("+"):
            kind = "phone"
        else:
            kind, rest = value.split(":", 1)
            if kind not in ("phone", "card", "iban", "iin"):
                kind, rest = "handle", value
            value = rest
        out.append(Fact("identifier", {"kind": kind, "value": value, "valid": True}, 0, 1, "x",
                        f"identifier:{kind}"))
    if rec["truth"].get("damage_tenge"):
        out.append(Fact("money", rec["truth"]["damage_tenge"], 0, 1, "x", "money:test"))
    return out


def test_bulk_and_incremental_linking_agree(db, fake_engine):
    records = list(generate(300, seed=21))
    fake_engine.facts = {r["id"]: facts_from_truth(r) for r in records}
    ingest_records(db, records, batch_size=37)
    with db.session() as s:
        rows = {row["report"]: row for row in export_rows(s)}
    keys = [r["id"] for r in records]
    bulk = link_reports([from_synthetic(r) for r in records])
    for field, labels in (("person", bulk.person), ("network", bulk.network),
                          ("case", bulk.case)):
        assert partition(keys, [rows[k][field] for k in keys]) == partition(keys, labels), field
    assert bulk.name_links > 0 and set(bulk.seconds) >= {"groups", "splink", "total"}


def test_bulk_links_score_well_against_the_truth():
    records = list(generate(3000, seed=4))
    bulk = link_reports([from_synthetic(r) for r in records])
    predicted = {r["id"]: Predicted(p, n, g) for r, p, n, g in
                 zip(records, bulk.person, bulk.network, bulk.group, strict=True)}
    scores = evaluate(truth_from_records(records), predicted)
    assert scores.exact.precision >= 0.99 and scores.exact.recall >= 0.98
    assert scores.offender_name.precision >= 0.95
    assert scores.offender_name.found > 0


def test_without_names_only_exact_links_are_made():
    rows = [
        BulkReport("a", ("phone:+77010000001",), "stalking", "Ерлан Ахметов"),
        BulkReport("b", (), "stalking", "Yerlan Akhmetov"),
        BulkReport("c", ("phone:+77010000001",), "stalking"),
        BulkReport("d", ("card:4400430000000001",), None, damage=5),
        BulkReport("e", (), "internet_fraud"),
    ]
    result = link_reports(rows, names=False)
    assert result.person[0] == result.person[2] == 0 and result.person[1] == 1
    assert result.network == [None, None, None, 3, None]
    assert result.case[4] == "internet_fraud|r4"
    assert len(result) == 5
