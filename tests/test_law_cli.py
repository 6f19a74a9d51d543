"""The law commands through Typer: show, mci, list, qualify; bad input fails in one line."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from qorgau.commands.law import register

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def main() -> None:
        """Test app."""

    register(a)
    return a


def run(app, *args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_show_in_force_json(app):
    r = run(app, "law", "show", "115-1", "--on", "2025-10-01", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["article"] == "115-1" and d["in_force"] is True
    assert d["in_force_from"] == "2025-09-16" and d["in_force_to"] is None
    assert d["category"] == "criminal_misdemeanour"
    fine = next(s for s in d["sanctions"] if s["kind"] == "fine")
    assert (fine["min"], fine["max"], fine["unit"], fine["max_tenge"]) == (20, 200, "mci", 786_400)
    assert d["sources"] and d["fund_payment"]["tenge"] == 19_660


def test_show_2026_tenge(app):
    d = json.loads(run(app, "law", "show", "115-1", "--on", "2026-02-12", "--json").stdout)
    assert next(s for s in d["sanctions"] if s["kind"] == "fine")["max_tenge"] == 865_000


@pytest.mark.parametrize(
    ("lang", "needle"),
    [
        ("en", "Not in force on 2025-01-01; in force from 2025-09-16."),
        ("ru", "Не действует на 01.01.2025; действует с 16.09.2025."),
        ("kk", "01.01.2025 күні күшінде емес; 16.09.2025 бастап күшінде."),
    ],
)
def test_show_not_yet_in_force(app, lang, needle):
    r = run(app, "law", "show", "115-1", "--on", "2025-01-01", "--lang", lang)
    assert r.exit_code == 0 and needle in r.stdout


def test_show_not_in_force_json(app):
    d = json.loads(run(app, "law", "show", "125-1", "--on", "2025-07-16", "--json").stdout)
    assert d["in_force"] is False and d["in_force_from"] == "2025-09-16" and d["sanctions"] == []


def test_show_article_with_parts(app):
    d = json.loads(run(app, "law", "show", "190", "--on", "2025-06-01", "--json").stdout)
    assert [p["part"] for p in d["parts"]] == [1, 2, 3, 4]
    assert d["category"] is None
    assert {s["part"] for s in d["sanctions"]} == {1, 2, 3, 4}


def test_show_ended_version(app):
    r = run(app, "law", "show", "AC-434-1", "--on", "2023-03-05")
    assert r.exit_code == 0 and "5 MCI" in r.stdout
    r = run(app, "law", "show", "AC-434-1", "--on", "2023-03-06")
    assert "20 MCI" in r.stdout and "86,500" not in r.stdout


def test_show_future_assumption(app):
    d = json.loads(run(app, "law", "show", "115-1", "--on", "2028-01-01", "--json").stdout)
    assert d["mci"]["assumed"] is True
    assert any("ASSUMPTION" in n for n in d["notes"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["law", "show", "999"], "unknown article '999'"),
        (["law", "show", "190-9"], "has parts 1, 2, 3, 4"),
        (["law", "show", "115-1", "--on", "2014-12-31"], "before the Criminal Code"),
        (["law", "show", "115-1", "--on", "2099-01-01"], "too far in the future"),
        (["law", "show", "115-1", "--on", "tomorrow"], "cannot read the date"),
        (["law", "show", "115-1", "--lang", "de"], "unknown language"),
        (["law", "mci", "--on", "1990-01-01"], "before the Criminal Code"),
        (["law", "mci", "--on", "2025-01-01", "--amount", "-5"], "must not be negative"),
        (["qualify", "x.txt", "--on", "2013-01-01"], "before the Criminal Code"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(app, args, needle):
    r = run(app, *args)
    assert r.exit_code == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("qorgau: ") and needle in lines[0]
    assert "Traceback" not in r.output


def test_mci(app):
    r = run(app, "law", "mci", "--on", "2025-10-01", "--amount", "200")
    assert "3,932" in r.stdout and "786,400" in r.stdout
    d = json.loads(run(app, "law", "mci", "--on", "2026-01-01", "--amount", "200", "--json").stdout)
    assert (d["tenge"], d["amount_tenge"]) == (4325, 865_000)


def test_list(app):
    rows = json.loads(run(app, "law", "list", "--on", "2025-10-01", "--json").stdout)
    by = {(r["id"], r["from"]): r["in_force"] for r in rows}
    assert by[("115-1", "2025-09-16")] and not by[("AC-434/1", "2015-01-01")]


def test_qualify_files(app, tmp_path):
    f = tmp_path / "case.txt"
    f.write_text("Заявительница сообщила, что бывший муж звонит ей каждый день.", "utf-8")
    r = run(app, "qualify", str(f), "--on", "2026-01-10", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout.strip().splitlines()[0])
    assert d["id"] == "case" and d["on"] == "2026-01-10"
    assert {"candidates", "penalties", "risk", "problems"} <= set(d)


def test_qualify_text_report_in_three_languages(app, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Қоңырау шалды.", "utf-8")
    for lang, needle in [("kk", "құжаты"), ("ru", "Документ"), ("en", "Document")]:
        r = run(app, "qualify", str(f), "--on", "2026-01-10", "--lang", lang)
        assert r.exit_code == 0 and needle in r.stdout


def test_qualify_reports_unreadable_files_and_goes_on(app, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Текст.", "utf-8")
    r = run(
        app, "qualify", str(tmp_path / "missing.txt"), str(good), "--json", "--on", "2026-01-01"
    )
    assert r.exit_code == 1
    assert "missing.txt: not found" in r.stderr
    assert json.loads(r.stdout.strip())["id"] == "good"


def test_qualify_stdin(app):
    r = run(app, "qualify", "-", "--json", "--on", "2026-01-01", input="Он звонил ей.".encode())
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == "stdin"
