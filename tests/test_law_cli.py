"""The law commands through Typer: show, mci, list, qualify; bad input fails in one line."""

from __future__ import annotations

import json
from pathlib import Path

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


SHOW_KEYS = {
    "article", "part", "code", "id", "on", "title", "titles", "in_force", "in_force_from",
    "in_force_to", "category", "category_name", "sanctions", "limitation", "fund_payment", "mci",
    "elements", "features", "parts", "versions", "confirmed", "notes", "sources",
}  # fmt: skip
QUALIFY_KEYS = {
    "id", "on", "ref_date", "lang", "candidates", "penalties", "fund_payment", "escalation",
    "risk", "problems", "problem_codes",
}  # fmt: skip
CANDIDATE_KEYS = {
    "id", "article", "part", "code", "title", "role", "applicable", "status", "reason",
    "reason_code", "in_force_from", "in_force_to", "elements_found", "elements_missing",
    "features_found", "features_missing", "acts_counted", "history", "undated", "acts_date",
    "triggered_by", "confirmed", "notes",
}  # fmt: skip
PENALTY_KEYS = {
    "id", "article", "part", "code", "title", "on", "category", "category_name", "mci",
    "mci_assumed", "sanctions", "sanctions_known", "limitation", "limitation_ends",
    "fund_payment", "confirmed", "notes",
}  # fmt: skip
SANCTION_KEYS = {
    "kind", "min", "max", "unit", "min_tenge", "max_tenge", "additional", "confirmed", "note",
}  # fmt: skip
EVIDENCE_KEYS = {"kind", "value", "text", "start", "end", "rule", "when", "dated_by"}
RISK_KEYS = {"assessed", "level", "level_name", "score", "factors", "combinations", "thresholds"}


def test_json_shapes_are_exactly_the_documented_ones(app, tmp_path):
    """docs/law.md documents these keys; changing them needs the docs changed too."""
    d = json.loads(run(app, "law", "show", "190-2", "--on", "2025-06-01", "--json").stdout)
    assert set(d) == SHOW_KEYS
    assert all(set(s) == SANCTION_KEYS | {"part"} for s in d["sanctions"])
    f = tmp_path / "c.txt"
    f.write_text(
        "12 января 2026 года в полицию обратилась женщина. Бывший муж с октября 2025 года "
        "звонит ей и следит за ней, угрожает ей.",
        "utf-8",
    )
    q = json.loads(run(app, "qualify", str(f), "--json").stdout)
    assert set(q) == QUALIFY_KEYS
    assert q["candidates"] and all(set(c) == CANDIDATE_KEYS for c in q["candidates"])
    assert q["penalties"] and all(set(p) == PENALTY_KEYS for p in q["penalties"])
    assert all(set(s) == SANCTION_KEYS for p in q["penalties"] for s in p["sanctions"])
    acts = [a for c in q["candidates"] for a in c["acts_counted"]]
    assert acts and all(set(a) == EVIDENCE_KEYS for a in acts)
    assert set(q["risk"]) == RISK_KEYS
    assert set(q["escalation"]) == {"steps", "path_to_115_1", "summary"}
    docs = (Path(__file__).resolve().parents[1] / "docs" / "law.md").read_text("utf-8")
    for key in SHOW_KEYS | QUALIFY_KEYS | CANDIDATE_KEYS | RISK_KEYS | EVIDENCE_KEYS:
        assert f'"{key}"' in docs, key
