"""Charts of the tables, labelled in the table's language: SVG and PNG, drawn offline.

* bars for tables by region, status, scheme or article (horizontal, one bar per row in the
  table's order, the count written at the end of each bar, one bar colour per article when the
  table has a column per article);
* lines for the monthly table (one line per article, the count at each point);
* paired bars (ours and published) for the comparison table.

Matplotlib draws through the Agg renderer on a :class:`matplotlib.figure.Figure` of its own, so
nothing needs a display, nothing touches the global pyplot state, and the output of the same
table is the same bytes (no timestamps in the files). Its bundled DejaVu Sans font has the
Kazakh letters.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from qorgau.stats import vocab
from qorgau.stats.export import fmt_number
from qorgau.stats.tables import Table

FORMATS = ("svg", "png")
COLOURS = ("#2f6690", "#d9822b", "#3a7d44", "#9b2915", "#6d597a", "#8a817c")
NAME_COLUMN = {"region": "region_name", "status": "status_name", "scheme": "scheme_name",
               "article": "article", "compare": "region_name"}


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    fig.patch.set_facecolor("white")
    return fig


def _subtitle(table: Table) -> str:
    return " · ".join(value for _label, value in table.filters)


def _series(table: Table) -> list[tuple[str, str]]:
    """``(column, legend label)`` of the values to draw."""
    if table.name == "compare":
        return [("ours", vocab.column("ours", table.lang)),
                ("theirs", vocab.column("theirs", table.lang))]
    specs = [c for c in table.columns if c[:1].isdigit() or c.startswith("AC-")]
    if specs:
        return [(c, c) for c in specs]
    return [("count", vocab.column("count", table.lang))]


def _label(table: Table, row: dict[str, Any]) -> str:
    if table.name == "article":
        part = row.get("part")
        return vocab.article_label(row.get("article") or "?", part, table.lang)
    return str(row.get(NAME_COLUMN.get(table.name, "count")) or "—")


def _header(fig: Any, table: Table) -> None:
    """Title and filters above the plot, placed in inches from the top edge."""
    h = fig.get_figheight()
    fig.text(0.02, 1 - 0.32 / h, table.title, fontsize=13, fontweight="bold", ha="left",
             va="center")
    sub = textwrap.fill(_subtitle(table), 130)
    fig.text(0.02, 1 - 0.62 / h, sub, fontsize=9, color="#444444", ha="left", va="top")


def _bars(table: Table) -> Any:
    rows = table.rows
    series = _series(table)
    labels = [_label(table, r) for r in rows]
    per_row = 0.32 if len(series) == 1 else 0.26 * len(series)
    sub_lines = len(textwrap.wrap(_subtitle(table), 130)) or 1
    top_in, bottom_in = 0.75 + 0.16 * sub_lines, 0.7
    height = top_in + bottom_in + per_row * max(1, len(rows)) + 0.2
    width = 10.0
    left_in = min(4.6, 0.35 + 0.088 * max([len(t) for t in labels] + [4]))
    fig = _figure(width, height)
    ax = fig.add_axes((left_in / width, bottom_in / height, 1 - (left_in + 0.5) / width,
                       1 - (top_in + bottom_in) / height))
    bar_h = 0.8 / len(series)
    top = max([r.get(col) or 0 for r in rows for col, _ in series] + [1])
    for k, (col, legend) in enumerate(series):
        ys = [i + (k - (len(series) - 1) / 2) * bar_h for i in range(len(rows))]
        values = [r.get(col) or 0 for r in rows]
        bars = ax.barh(ys, values, height=bar_h * 0.92, color=COLOURS[k % len(COLOURS)],
                       label=legend)
        for bar, v in zip(bars, values, strict=True):
            if v or len(series) == 1:
                ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2,
                        fmt_number(v, table.lang), va="center", ha="left", fontsize=9)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel(vocab.title("cases", table.lang) if table.name != "scheme"
                  else vocab.column("count", table.lang))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if len(series) > 1:
        ax.legend(loc="lower right", frameon=False)
    _header(fig, table)
    return fig


def _lines(table: Table) -> Any:
    rows = table.rows
    series = _series(table)
    fig = _figure(10, 5)
    ax = fig.add_axes((0.08, 0.2, 0.88, 0.64))
    xs = list(range(len(rows)))
    labels = [vocab.month_name(r["month"], table.lang, short=True) for r in rows]
    top = max([r.get(col) or 0 for r in rows for col, _ in series] + [1])
    for k, (col, legend) in enumerate(series):
        values = [r.get(col) or 0 for r in rows]
        ax.plot(xs, values, marker="o", color=COLOURS[k % len(COLOURS)], linewidth=2,
                label=legend)
        if len(rows) <= 36:  # a second line's counts go below its points
            offset, va = ((0, 7), "bottom") if k % 2 == 0 else ((0, -9), "top")
            for x, v in zip(xs, values, strict=True):
                ax.annotate(fmt_number(v, table.lang), (x, v), textcoords="offset points",
                            xytext=offset, ha="center", va=va, fontsize=8,
                            color=COLOURS[k % len(COLOURS)] if len(series) > 1 else "black")
    step = max(1, -(-len(rows) // 18))
    ax.set_xticks(xs[::step], labels[::step], rotation=45, ha="right")
    ax.set_xlim(-0.5, max(0.5, len(rows) - 0.5))
    ax.set_ylim(-top * 0.1 if len(series) > 1 else 0, top * 1.18)
    ax.set_ylabel(vocab.title("cases", table.lang))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    if len(series) > 1:
        ax.legend(loc="upper left", frameon=False)
    _header(fig, table)
    return fig


def render(table: Table, fmt: str = "svg") -> bytes:
    """The chart of a table as SVG or PNG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"format: expected svg or png, got {fmt!r}")
    if table.name == "month":
        fig = _lines(table)
    elif table.name in NAME_COLUMN:
        fig = _bars(table)
    else:
        raise ValueError(f"chart: no chart for the {table.name} table (use region, month, status,"
                         " scheme, article or compare)")
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    if fmt == "svg":
        import matplotlib

        with matplotlib.rc_context({"svg.hashsalt": "qorgau"}):
            fig.savefig(buf, format="svg", metadata=metadata)
    else:
        fig.savefig(buf, format="png", metadata=metadata, dpi=110)
    return buf.getvalue()
