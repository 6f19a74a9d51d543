"""The store commands as a person uses them: qorgau ingest, qorgau reprocess, qorgau db upgrade."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from qorgau.cli import app
from qorgau.store.db import open_db
from qorgau.store.models import Report

runner = CliRunner()


def _inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "complaints.jsonl").write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"id": "j1", "text": "Мне пишут с номера +7 701 555 12 34.", "channel": "102",
                 "suspect": {"name": "Серик", "phone": "87015551234"}},
                {"id": "j2", "text": "Алаяқтар картаға ақша аударуды сұрады.", "region": "Almaty"},
                {"id": "j3", "text": "Someone keeps following me home.", "received_at": "2025-04-01"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (d / "forms.csv").write_text(
        "id,text,channel,victim\nc1,Заявление с сайта,e-otinish,Гульнар\n", encoding="utf-8"
    )
    (d / "walkin-7.txt").write_text("Пришла лично, рассказала о звонках.", encoding="utf-8")
    return d


def _count(url: str) -> int:
    db = open_db(url)
    with db.session() as s:
        n = s.scalar(select(func.count()).select_from(Report))
    db.close()
    return n


def test_ingest_reports_a_summary_and_writes_rejects(db_url: str, tmp_path: Path):
    src = _inputs(tmp_path)
    rejects = tmp_path / "rejects.jsonl"
    result = runner.invoke(app, ["ingest", str(src), "--db", db_url, "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    assert "taken 4, duplicate 0, refused 1 (region 1)" in result.stdout
    assert f"refused records and reasons: {rejects}" in result.stdout
    (line,) = [json.loads(x) for x in rejects.read_text(encoding="utf-8").splitlines()]
    assert (line["id"], line["field"]) == ("j2", "region")
    assert line["source"].endswith("complaints.jsonl:2")
    assert _count(db_url) == 4

    again = runner.invoke(
        app, ["ingest", str(src), "--db", db_url, "--rejects", str(rejects), "--json"]
    )
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["taken"], summary["duplicate"], summary["refused"]) == (0, 4, 1)
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 1  # rewritten, not appended
    assert _count(db_url) == 4


def test_ingest_uses_the_environment_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("QORGAU_DATABASE_URL", str(target))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "one.txt").write_text("Текст жалобы.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "one.txt", "--batch-size", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert _count(str(target)) == 1
    assert not (tmp_path / "rejects.jsonl").exists()


def test_ingest_progress_bar_does_not_break_the_summary(tmp_path: Path):
    src = _inputs(tmp_path)
    db = tmp_path / "p.db"
    result = runner.invoke(
        app, ["ingest", str(src), "--db", str(db), "--progress", "--rejects", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    assert "taken 4" in result.stdout


def test_ingest_missing_path_stops_before_touching_the_database(tmp_path: Path):
    db = tmp_path / "never.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.jsonl"), "--db", str(db)])
    assert result.exit_code == 2
    assert "missing.jsonl: no such file or directory" in result.stderr
    assert not db.exists()


def test_ingest_unreachable_database_is_a_clear_error(tmp_path: Path):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    result = runner.invoke(
        app,
        ["ingest", str(tmp_path / "a.txt"), "--db", "postgresql://nobody:secret@127.0.0.1:1/none"],
    )
    assert result.exit_code == 2
    assert "cannot open the database postgresql+psycopg://nobody:***@127.0.0.1:1/none" in result.stderr
    assert "secret" not in result.stderr


@pytest.mark.parametrize("bad", ["0", "-3", "many"])
def test_ingest_batch_size_is_checked(tmp_path: Path, bad: str):
    result = runner.invoke(app, ["ingest", str(tmp_path), "--batch-size", bad])
    assert result.exit_code == 2


def test_reprocess_and_db_upgrade(db_url: str, tmp_path: Path):
    up = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert up.exit_code == 0, up.output
    assert "upgraded from revision empty to" in up.stdout
    again = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert "already at revision" in again.stdout

    runner.invoke(app, ["ingest", str(_inputs(tmp_path)), "--db", db_url,
                        "--rejects", str(tmp_path / "r.jsonl")])
    fresh = runner.invoke(app, ["reprocess", "--db", db_url])
    assert fresh.exit_code == 0, fresh.output
    assert fresh.stdout.startswith("reprocessed 0 of 0 reports")
    everything = runner.invoke(app, ["reprocess", "--db", db_url, "--all", "--json",
                                     "--batch-size", "2"])
    assert everything.exit_code == 0, everything.output
    summary = json.loads(everything.stdout)
    assert (summary["selected"], summary["done"], summary["failed"]) == (4, 4, [])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_then_the_same_command_resumes(tmp_path: Path, workers: str):
    """SIGINT to the whole process group, as a terminal sends it, with and without workers."""
    import os
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "many.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": f"k{i:05d}", "text": f"Жалоба {i}: звонки с номера +7 701 555 {i % 100:02d} 11."},
                       ensure_ascii=False) + "\n"
            for i in range(1200)
        ),
        encoding="utf-8",
    )
    db = tmp_path / "c.db"
    cmd = [sys.executable, "-c", "from qorgau.cli import app; app()", "ingest", str(src),
           "--db", str(db), "--workers", workers, "--batch-size", "25", "--no-progress",
           "--rejects", str(tmp_path / "rejects.jsonl")]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists() and _stored_so_far(db) >= 25:
            break
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before it could be interrupted")
    assert proc.returncode == 130, err
    assert "interrupted" in err
    first = _stored_so_far(db)
    assert 0 < first < 1200

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"taken {1200 - first}, duplicate {first}, refused 0" in again.stdout
    database = open_db(str(db))
    with database.session() as s:
        assert s.scalar(select(func.count(func.distinct(Report.ext_id)))) == 1200
        assert s.scalar(select(func.count()).select_from(Report)) == 1200
    database.close()


def _stored_so_far(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    except sqlite3.Error:
        return 0
