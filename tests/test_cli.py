"""The qorgau command as a person uses it: extract, eval, demo, bad input, help everywhere."""

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qorgau.cli import app

runner = CliRunner()

COMPLAINT = (
    "Ерлан звонил мне более 100 раз. 12 марта 2026 года я обратилась в полицию Шымкента."
)


def test_extract_prints_one_facts_v1_object_per_file(tmp_path: Path):
    a = tmp_path / "first.txt"
    a.write_text(COMPLAINT, encoding="utf-8")
    b = tmp_path / "second.txt"
    b.write_text("Court in Astana, March 3, 2026.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(a), str(b)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["first", "second"]
    for record in lines:
        assert set(record) >= {"language", "articles", "regions", "penalties", "stats", "figures",
                               "counts", "money_tenge", "dates", "months", "ages", "identifiers"}


def test_extract_full_format_has_spans_and_rules(tmp_path: Path):
    a = tmp_path / "doc.txt"
    a.write_text(COMPLAINT, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--format", "full", str(a)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == "doc"
    for fact in record["facts"]:
        assert COMPLAINT[fact["start"]:fact["end"]] == fact["text"]
        assert fact["rule"]


def test_extract_reads_stdin():
    result = runner.invoke(app, ["extract", "-"], input=COMPLAINT)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "stdin"


def test_bad_files_are_reported_and_the_rest_processed(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(COMPLAINT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "win.txt").write_bytes("Заявление о мошенничестве принято полицией.".encode("cp1251"))
    result = runner.invoke(app, ["extract", str(tmp_path), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    ids = [json.loads(x)["id"] for x in result.stdout.splitlines()]
    assert ids == ["good", "win"]
    assert "empty.txt: empty" in result.stderr
    assert "blob.bin: binary" in result.stderr
    assert "missing.txt: not found" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_named(tmp_path: Path):
    locked = tmp_path / "locked.txt"
    locked.write_text("text", encoding="utf-8")
    locked.chmod(0)
    result = runner.invoke(app, ["extract", str(locked)])
    assert result.exit_code == 1
    assert "permission denied" in result.stderr


def test_oversized_file_refused_with_limit(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a " * 600_000)
    result = runner.invoke(app, ["extract", "--max-mb", "1", str(big)])
    assert result.exit_code == 1
    assert "too large" in result.stderr


def test_eval_scores_its_own_output(tmp_path: Path):
    doc = tmp_path / "d1.txt"
    doc.write_text(COMPLAINT, encoding="utf-8")
    produced = json.loads(runner.invoke(app, ["extract", str(doc)]).stdout)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(produced, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--json", str(gold), str(doc)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["language_accuracy"] == 1.0
    assert scores["overall"]["fp"] == 0 and scores["overall"]["fn"] == 0


def test_eval_rejects_a_broken_gold_file(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{not json\n", encoding="utf-8")
    doc = tmp_path / "d.txt"
    doc.write_text(COMPLAINT, encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), str(doc)])
    assert result.exit_code == 2
    assert "line 1: not JSON" in result.stderr


def test_demo_writes_json_lines(tmp_path: Path):
    out = tmp_path / "demo.jsonl"
    result = runner.invoke(app, ["demo", "--no-serve", "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {r["language"] for r in records} == {"kk", "ru", "en"}
    assert len(records) >= 5


def _all_commands(group, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group) if not hasattr(group, "commands") else group
    for name, cmd in click_group.commands.items():
        path = prefix + (name,)
        yield path, cmd
        if hasattr(cmd, "commands"):
            yield from _all_commands(cmd, path)


def test_every_command_has_help_and_is_documented():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    for path, cmd in _all_commands(app):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"
        assert f"qorgau {' '.join(path)}" in docs, f"docs/cli.md does not document {' '.join(path)}"


def test_demo_builds_a_database_with_users_and_the_demo_documents(tmp_path: Path):
    from sqlalchemy import func, select

    from qorgau.store.db import open_db
    from qorgau.store.models import Report

    db = tmp_path / "demo.db"
    result = runner.invoke(
        app, ["demo", "--no-serve", "--db", str(db), "--out", str(tmp_path / "d.jsonl")]
    )
    assert result.exit_code == 0, result.output
    assert "Log in as:" in result.stdout
    with open_db(str(db)) as database, database.session() as s:
        ids = set(s.scalars(select(Report.ext_id)))
        assert (s.scalar(select(func.count()).select_from(Report)) or 0) > 100
    assert "demo-complaint_ru" in ids
