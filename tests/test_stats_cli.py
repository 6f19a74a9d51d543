"""The ``stats`` commands on a local Typer app: formats (table, CSV, JSON, XLSX, SVG, PNG,
sentence), options, published figures, comparisons, and refusals that name the option.

The cases are loaded in bulk into a SQLite file (the commands behave the same on PostgreSQL;
the aggregates are held to each other on both backends in test_stats_db.py).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
import typer
from typer.testing import CliRunner

from qorgau.commands import stats as stats_cmd
from qorgau.stats.bulk import insert_cases
from qorgau.stats.core import CaseRow
from qorgau.store.db import open_db

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    stats_cmd.register(app)
    return app


TABLE = {"KZ-79": 6, "KZ-71": 4, "KZ-55": 4, "KZ-19": 2, "KZ-75": 1}


@pytest.fixture(scope="module")
def dbfile(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "cases.db")
    rows, i = [], 0
    for region, n in TABLE.items():
        for k in range(n):
            i += 1
            rows.append(CaseRow(i, "115-1", None, region, "registered",
                                date(2026, 1, 5) + timedelta(days=k * 9)))
    for k in range(12):
        i += 1
        rows.append(CaseRow(i, "190", 2, "KZ-75", "verdict" if k % 3 == 0 else "registered",
                            date(2025, 11, 1) + timedelta(days=k * 10), scheme=(
                                "impersonation", "investment", None)[k % 3],
                            category="medium_gravity", damage_tenge=100_000 * (k + 1),
                            victim_age=40 + k * 3, delay_days=k, suspect_id=k % 2))
    db = open_db(path)
    insert_cases(db, rows)
    db.close()
    return path


def run(app, *args: str):
    result = runner.invoke(app, ["stats", *args])
    return result


def test_table_by_region_in_kazakh(app, dbfile):
    r = run(app, "--db", dbfile, "--article", "115-1", "--from", "2026", "--lang", "kk")
    assert r.exit_code == 0, r.output
    assert "Өңірлер бойынша" in r.stdout
    assert "Шымкент қаласы" in r.stdout and "Барлығы" in r.stdout
    lines = r.stdout.splitlines()
    assert lines[-1].split()[-1] == "17"


def test_csv_and_json_by_region(app, dbfile):
    r = run(app, "--db", dbfile, "-a", "115-1", "--format", "csv", "--order", "count")
    assert r.exit_code == 0, r.output
    got = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(got[0]) == ["region", "region_name", "count"]
    assert [(g["region"], g["count"]) for g in got] == [
        ("KZ-79", "6"), ("KZ-71", "4"), ("KZ-55", "4"), ("KZ-19", "2"), ("KZ-75", "1")]
    r = run(app, "--db", dbfile, "-a", "115-1", "--format", "json", "--order", "count")
    assert json.loads(r.stdout) == [dict(g, count=int(g["count"])) for g in got]


def test_zeros_and_official_order(app, dbfile):
    r = run(app, "--db", dbfile, "-a", "115-1", "--format", "json", "--zeros")
    rows = json.loads(r.stdout)
    assert len(rows) == 20
    assert [row["region"] for row in rows[:3]] == ["KZ-71", "KZ-75", "KZ-79"]


def test_csv_by_month_with_changes(app, dbfile):
    r = run(app, "--db", dbfile, "-a", "190", "--by", "month", "-f", "csv")
    got = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(got[0])[:2] == ["month", "count"]
    assert [(g["month"], g["count"]) for g in got] == [
        ("2025-11", "3"), ("2025-12", "4"), ("2026-01", "3"), ("2026-02", "2")]
    assert (got[1]["change"], got[1]["change_pct"]) == ("1", "33.3")


def test_sentence(app, dbfile):
    r = run(app, "--db", dbfile, "-a", "115-1", "-f", "sentence", "--lang", "kk")
    assert r.exit_code == 0, r.output
    # the closing region word covers every bare region name before it (Павлодар, Алматы)
    assert r.stdout.strip() == (
        "Шымкент – 6, Астана және Павлодар – 4, Алматы облыстары – 2, Алматы қаласы – 1.")
    r = run(app, "--db", dbfile, "-a", "115-1", "-f", "sentence", "--lang", "ru")
    assert r.stdout.strip() == ("г. Шымкент – 6, г. Астана и Павлодарская область – по 4, "
                                "Алматинская область – 2, г. Алматы – 1.")


def test_sentence_needs_the_table_by_region(app, dbfile):
    r = run(app, "--db", dbfile, "-a", "115-1", "-f", "sentence", "--by", "month")
    assert r.exit_code == 2
    assert "--by region" in r.stderr


@pytest.mark.parametrize("by", ["status", "scheme", "article"])
def test_other_tables(app, dbfile, by):
    r = run(app, "--db", dbfile, "-a", "190", "--by", by, "--lang", "ru", "-f", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert sum(row["count"] for row in rows) == 12


def test_xlsx_has_a_sheet_per_table_with_the_filters_on_top(app, dbfile, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    r = run(app, "--db", dbfile, "-a", "190", "--from", "2025-11", "--to", "2026-02",
            "-f", "xlsx", "-o", str(out), "--lang", "ru")
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["По регионам", "По месяцам", "По статусу"]
    assert "По способам" in wb.sheetnames
    ws = wb["По регионам"]
    assert ws["A1"].value == "По регионам"
    assert (ws["A2"].value, ws["B2"].value) == ("Статья", "ст. 190 УК (мошенничество)")
    assert (ws["A3"].value, ws["B3"].value) == ("Период", "2025-11-01 – 2026-02-28")
    header = next(i for i in range(1, 10) if ws.cell(i, 1).value == "Код")
    assert [c.value for c in ws[header]] == ["Код", "Регион", "Количество"]
    assert ws.auto_filter.ref == f"A{header}:C{header + 1}"
    assert [c.value for c in ws[header + 1]] == ["KZ-75", "город Алматы", 12]


def test_xlsx_needs_out(app, dbfile):
    r = run(app, "--db", dbfile, "-f", "xlsx")
    assert r.exit_code == 2 and "--out" in r.stderr


def test_charts(app, dbfile, tmp_path):
    r = run(app, "--db", dbfile, "-a", "115-1", "-f", "svg", "--lang", "kk")
    assert r.exit_code == 0, r.output
    assert r.stdout.lstrip().startswith("<?xml") and "</svg>" in r.stdout
    again = run(app, "--db", dbfile, "-a", "115-1", "-f", "svg", "--lang", "kk")
    assert again.stdout == r.stdout  # the same table gives the same file
    png = tmp_path / "m.png"
    r = run(app, "--db", dbfile, "-a", "190", "--by", "month", "-f", "png", "-o", str(png))
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fraud_figures(app, dbfile):
    r = run(app, "fraud", "--db", dbfile, "-f", "json")
    assert r.exit_code == 0, r.output
    got = {row["metric"]: row["value"] for row in json.loads(r.stdout)}
    assert got["registered"] == 12 and got["solved"] == 4 and got["solve_rate_pct"] == 33.3
    assert got["damage_max_tenge"] == 1_200_000 and got["persons_prosecuted"] == 2
    r = run(app, "fraud", "--db", dbfile, "--schemes", "-f", "csv")
    got = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(g["scheme"], g["count"]) for g in got] == [
        ("impersonation", "4"), ("prepayment_ad", "0"), ("investment", "4"),
        ("account_takeover", "0"), ("other", "4")]


def test_published_add_list_and_compare(app, dbfile):
    r = run(app, "published", "add", "--db", dbfile, "--article", "115-1", "--region",
            "KZ-79", "--value", "5", "--from", "2026-01-01", "--to", "2026-03-31",
            "--source", "letter 12")
    assert r.exit_code == 0, r.output
    r = run(app, "published", "add", "--db", dbfile, "--article", "115-1", "--value", "20",
            "--from", "2026-01-01", "--to", "2026-03-31", "--source", "letter 12")
    assert r.exit_code == 0, r.output
    r = run(app, "published", "--db", dbfile, "-f", "json")
    assert [row["region"] for row in json.loads(r.stdout)] == ["KZ-79", "KZ"]
    r = run(app, "compare", "--db", dbfile, "-a", "115-1", "-f", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert {row["region"]: (row["ours"], row["theirs"], row["diff"]) for row in rows} == {
        "KZ-71": (4, 0, 4), "KZ-75": (1, 0, 1), "KZ-79": (6, 5, 1), "KZ-19": (2, 0, 2),
        "KZ-55": (4, 0, 4)}
    r = run(app, "compare", "--db", dbfile, "-a", "115-1", "--lang", "kk")
    assert "Жарияланған" in r.stdout and "letter 12" in r.stdout


def test_refresh_command(app, dbfile):
    r = run(app, "refresh", "--db", dbfile)
    assert r.exit_code == 0 and "derived 0 cases" in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "yesterday"], "--from"),
        (["--from", "2026-02-30"], "--from"),
        (["--from", "2026-03-01", "--to", "2026-01-01"], "after"),
        (["--region", "KZ-99"], "--region"),
        (["--status", "closed"], "--status"),
        (["--article", " "], "--article"),
    ],
)
def test_bad_input_names_the_option(app, dbfile, args, message):
    r = run(app, "--db", dbfile, *args)
    assert r.exit_code == 2
    assert message in r.stderr
