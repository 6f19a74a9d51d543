"""Writing tables out: aligned text, CSV, JSON and XLSX.

* CSV and JSON carry the machine columns of a table (``region,region_name,count``;
  ``month,count,change,change_pct``) and its rows, without the total row: JSON is a list of the
  same row objects as the CSV lines.
* Text is for reading in a terminal: the title, the filters, the columns a reader needs (names
  rather than codes), numbers grouped by thousands, the total row and any notes.
* XLSX has one sheet per table: the title and the filters written on top, then the header with
  an auto-filter, the rows, the total row in bold and the notes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from qorgau.stats import vocab
from qorgau.stats.tables import Table

DISPLAY = {
    "region": ["region_name", "count"],
    "month": ["month_name", "count", "change", "change_pct"],
    "status": ["status_name", "count"],
    "scheme": ["scheme_name", "count", "damage_tenge", "share_pct"],
    "fraud": ["metric_name", "value"],
    "compare": ["region_name", "ours", "theirs", "diff"],
    "compare_figures": ["metric_name", "ours", "theirs", "diff"],
}
SIGNED = ("change", "change_pct", "diff")


MACHINE = {"region", "month", "status", "scheme", "metric", "change", "change_pct", "count",
           "damage_tenge", "share_pct", "ours", "theirs", "diff", "value", "region_name",
           "month_name", "status_name", "scheme_name", "metric_name"}


def display_columns(table: Table) -> list[str]:
    """The columns a reader sees: names instead of codes, plus the per-article columns."""
    base = DISPLAY.get(table.name)
    if base is None:
        return list(table.columns)
    return base + [c for c in table.columns if c not in MACHINE]


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def to_csv(table: Table) -> str:
    """The table's machine columns and rows as CSV (no total row)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.columns)
    for row in table.rows:
        w.writerow(["" if row.get(c) is None else _plain(row.get(c)) for c in table.columns])
    return buf.getvalue()


def to_json(table: Table) -> str:
    """The same rows as the CSV, as a JSON list of objects."""
    rows = [{c: _plain(row.get(c)) for c in table.columns} for row in table.rows]
    return json.dumps(rows, ensure_ascii=False, indent=1)


def fmt_number(value: Any, lang: str, column: str = "") -> str:
    """``27892`` → ``27 892`` (kk, ru) or ``27,892`` (en); one decimal for shares; ``—`` for
    none; changes and differences signed."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(_plain(value))
    sign = "+" if column in SIGNED and value > 0 else ""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    if lang != "en":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return sign + text


def to_text(table: Table) -> str:
    """An aligned text table with its title, filters, total row and notes."""
    cols = display_columns(table)
    headers = [table.header(c) for c in cols]
    body = [
        [fmt_number(r.get(c), table.lang, c) if not isinstance(r.get(c), str) else r[c]
         for c in cols]
        for r in table.all_rows()
    ]
    numeric = [
        all(not isinstance(r.get(c), str) or r.get(c) == "" for r in table.rows) for c in cols
    ]
    widths = [max([len(h)] + [len(b[i]) for b in body]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        out = [
            c.rjust(widths[i]) if numeric[i] else c.ljust(widths[i]) for i, c in enumerate(cells)
        ]
        return "  ".join(out).rstrip()

    lines = [table.title]
    lines += [f"{label}: {value}" for label, value in table.filters]
    lines.append("")
    lines.append(line(headers))
    lines.append("  ".join("-" * w for w in widths))
    for i, cells in enumerate(body):
        if table.total is not None and i == len(body) - 1:
            lines.append("  ".join("-" * w for w in widths))
        lines.append(line(cells))
    lines += table.notes
    return "\n".join(lines) + "\n"


_BAD_SHEET = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(title: str, used: set[str]) -> str:
    base = title.translate(_BAD_SHEET).strip()[:31] or "Sheet"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def to_xlsx(tables: Sequence[Table], path: Any, *, generated: datetime | None = None) -> None:
    """Write an XLSX workbook with one sheet per table (``path``: a file name or binary
    stream)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE7F0")
    for table in tables:
        ws = wb.create_sheet(_sheet_title(table.title, used))
        lang = table.lang
        ws.append([table.title])
        ws["A1"].font = Font(bold=True, size=13)
        for label, value in table.filters:
            ws.append([label, value])
        if generated is not None:
            ws.append([vocab.title("generated", lang), generated.strftime("%Y-%m-%d %H:%M")])
        cols = list(table.columns)
        if table.name == "month":  # the month's name beside its code
            cols.insert(1, "month_name")
        header_row = ws.max_row + 2  # a blank row between the filters and the table
        ws.cell(row=header_row, column=1)
        for i, c in enumerate(cols, start=1):
            ws.cell(row=header_row, column=i, value=table.header(c))
        for cell in ws[header_row]:
            cell.font = bold
            cell.fill = head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            ws.append([_plain(row.get(c)) for c in cols])
        last_data = ws.max_row
        if table.total is not None:
            ws.append([_plain(table.total.get(c)) for c in cols])
            for cell in ws[ws.max_row]:
                cell.font = bold
        ref = f"A{header_row}:{get_column_letter(len(cols))}{max(last_data, header_row)}"
        ws.auto_filter.ref = ref
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        for note in table.notes:
            ws.append([note])
        for i, c in enumerate(cols, start=1):
            values = [table.header(c)] + [str(r.get(c) or "") for r in table.all_rows()]
            width = min(60, max(8, max(len(v) for v in values) + 2))
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 16)
        for i, c in enumerate(cols, start=1):
            if c.endswith("_pct"):
                for r in range(header_row + 1, ws.max_row + 1):
                    ws.cell(row=r, column=i).number_format = "0.0"
            elif c in ("count", "damage_tenge", "ours", "theirs", "diff", "value"):
                for r in range(header_row + 1, ws.max_row + 1):
                    ws.cell(row=r, column=i).number_format = "#,##0"
    wb.save(path)
