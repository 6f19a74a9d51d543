"""The linking commands through Typer's test runner: link export, alerts, show, networks,
rebuild, and eval-links on a small synthetic file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from qorgau.commands.link import register
from qorgau.intake.ingest import ingest_records
from qorgau.model import Fact
from qorgau.store.db import open_db
from qorgau.synth import generate

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    register(app)
    return app


def ident(kind: str, value: str) -> Fact:
    return Fact("identifier", {"kind": kind, "value": value, "valid": True}, 0, 5, value,
                f"identifier:{kind}")


@pytest.fixture
def store(db_url: str, fake_engine) -> str:
    card = "4400430000000001"
    fake_engine.facts = {
        "f1": [ident("card", card), Fact("money", 300000, 0, 1, "x", "test:money")],
        "f2": [ident("card", card), Fact("money", 700000, 0, 1, "x", "test:money")],
        "s1": [ident("phone", "+77015550001")],
        "s2": [ident("phone", "+77015550001")],
    }
    records = [
        {"id": "f1", "text": "a", "article": "190", "victim": "Сәуле Ибраева"},
        {"id": "f2", "text": "b", "article": "190", "victim": "Роза Исаева"},
        {"id": "s1", "text": "c", "article": "115-1", "suspect": "Ерлан Ахметов",
         "victim": "Динара Омарова"},
        {"id": "s2", "text": "d", "article": "115-1", "suspect": "Yerlan Akhmetov",
         "victim": "Динара Омарова"},
    ]
    db = open_db(db_url)
    ingest_records(db, records, batch_size=1)
    db.close()
    return db_url


def test_export_prints_one_line_per_report(app, store, tmp_path: Path):
    result = runner.invoke(app, ["link", "export", "--db", store])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["report"] for r in rows] == ["f1", "f2", "s1", "s2"]
    assert all(set(r) == {"report", "person", "network", "case"} for r in rows)
    assert rows[0]["network"] == rows[1]["network"] is not None
    assert rows[0]["person"] is None and rows[2]["person"] == rows[3]["person"] is not None
    assert rows[2]["case"] == rows[3]["case"] != rows[0]["case"]
    out = tmp_path / "links.jsonl"
    assert runner.invoke(app, ["link", "export", "--db", store, "--out", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.output


def test_alerts_networks_and_show(app, store):
    result = runner.invoke(app, ["link", "alerts", "--db", store])
    assert result.exit_code == 0, result.output
    line = "s2: phone +77015550001 already named by 1 report in 1 case, first in s1"
    assert line in result.output
    assert "f2: card 4400430000000001" in result.output
    as_json = runner.invoke(app, ["link", "alerts", "--db", store, "--json", "--report", "f2"])
    [alert] = [json.loads(line) for line in as_json.output.splitlines()]
    assert alert["identifier"] == "card:4400430000000001" and alert["earlier_reports"] == 1

    nets = runner.invoke(app, ["link", "networks", "--db", store])
    assert nets.exit_code == 0
    assert "2 reports, 2 victims, 1 000 000 tenge; card:4400430000000001" in nets.output

    report = runner.invoke(app, ["link", "show", "report", "s2", "--db", store])
    shown = json.loads(report.output)
    assert shown["evidence"] == [
        {"kind": "identifier", "other_report": "s1", "identifier": "phone:+77015550001"}
    ]
    person = json.loads(runner.invoke(app, ["link", "show", "person", str(shown["person"]),
                                            "--db", store]).output)
    assert person["reports"] == ["s1", "s2"]
    assert set(person["names"]) == {"Ерлан Ахметов", "Yerlan Akhmetov"}
    case = json.loads(runner.invoke(app, ["link", "show", "case", str(shown["case"]),
                                          "--db", store]).output)
    assert [r["report"] for r in case["reports"]] == ["s1", "s2"]
    network = json.loads(runner.invoke(app, ["link", "show", "network", "1", "--db",
                                             store]).output)
    assert network["damage_tenge"] == 1_000_000
    missing = runner.invoke(app, ["link", "show", "case", "999", "--db", store])
    assert missing.exit_code == 1 and "no case 999" in missing.output
    bad = runner.invoke(app, ["link", "show", "person", "x", "--db", store])
    assert bad.exit_code == 2


def test_rebuild_keeps_the_same_links(app, store):
    before = runner.invoke(app, ["link", "export", "--db", store]).output
    result = runner.invoke(app, ["link", "rebuild", "--db", store, "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("linked 4 reports")
    again = runner.invoke(app, ["link", "rebuild", "--db", store, "--missing-only"])
    assert again.output.startswith("linked 0 reports")
    after = [json.loads(x) for x in runner.invoke(app, ["link", "export", "--db", store])
             .output.splitlines()]
    first = [json.loads(x) for x in before.splitlines()]
    assert [r["report"] for r in after] == [r["report"] for r in first]
    for field in ("person", "network", "case"):
        pairs_before = {(a["report"], b["report"]) for a in first for b in first
                        if a[field] is not None and a[field] == b[field]}
        pairs_after = {(a["report"], b["report"]) for a in after for b in after
                       if a[field] is not None and a[field] == b[field]}
        assert pairs_before == pairs_after


def test_eval_links_scores_a_synthetic_file(app, tmp_path: Path):
    path = tmp_path / "synth.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for rec in generate(150, seed=5):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    keep = tmp_path / "kept.db"
    result = runner.invoke(app, ["eval-links", str(path), "--json", "--keep-db", str(keep)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["ingest"]["taken"] == 150
    exact = scores["links"]["exact_identifier"]
    assert exact["precision"] >= 0.99 and exact["recall"] >= 0.98
    assert exact["true_pairs"] > 50
    assert scores["links"]["name_only"]["precision"] >= 0.95
    assert keep.exists()
    text = runner.invoke(app, ["eval-links", str(path)])
    assert "exact-identifier" in text.output and "name-only" in text.output
    again = runner.invoke(app, ["eval-links", str(path), "--keep-db", str(keep)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert runner.invoke(app, ["eval-links", str(tmp_path / "none.jsonl")]).exit_code == 2
