"""Official statistics from Qorgau's own case records, in the shapes ministries publish.

* :mod:`~qorgau.stats.core`: case rows, filters and the pure aggregation (counts per region,
  month, status, scheme, article; fraud figures);
* :mod:`~qorgau.stats.query`: the same aggregates as SQL over ``stat_cases``;
* :mod:`~qorgau.stats.derive`: keeping ``stat_cases`` in step with the store;
* :mod:`~qorgau.stats.tables`: official-table shapes (names, order, zeros, totals, trends);
* :mod:`~qorgau.stats.sentence`: the regional table as the sentence officials write (kk/ru/en);
* :mod:`~qorgau.stats.published`: published figures with source, date and period, and the
  comparison of ours and theirs;
* :mod:`~qorgau.stats.export` and :mod:`~qorgau.stats.charts`: text, CSV, JSON, XLSX, SVG, PNG;
* :func:`api_tables`: the payload of the API's statistics endpoint.

See docs/statistics.md.
"""

from qorgau.stats.api import api_tables
from qorgau.stats.core import CaseRow, Filters, FraudFigures, fraud_figures
from qorgau.stats.derive import refresh, refresh_reports
from qorgau.stats.sentence import render as render_sentence
from qorgau.stats.tables import DbSource, RowSource, Table, build, trend_table

__all__ = [
    "CaseRow",
    "DbSource",
    "Filters",
    "FraudFigures",
    "RowSource",
    "Table",
    "api_tables",
    "build",
    "fraud_figures",
    "refresh",
    "refresh_reports",
    "render_sentence",
    "trend_table",
]
