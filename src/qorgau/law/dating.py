"""Dates the legal engine accepts: parsing user input and checking the range it can answer for.

The range starts on the day the Criminal Code of 3 July 2014 came into force (1 January 2015) and
ends at the MCI horizon (the last known MCI year plus ``horizon_years`` from ``mci.yaml``). Dates
outside it are refused with a message that says why.
"""

from __future__ import annotations

import re
from datetime import date

from qorgau.law.data import load
from qorgau.law.errors import LawInputError

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` or ``DD.MM.YYYY``; raise :class:`LawInputError` otherwise."""
    raw = text if isinstance(text, str) else str(text)
    m = _ISO.match(raw)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.match(raw)
        if not m:
            raise LawInputError(
                f"cannot read the date {raw!r}: write it as YYYY-MM-DD (e.g. 2025-10-01) "
                "or DD.MM.YYYY"
            )
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise LawInputError(f"{raw!r} is not a calendar date ({exc})") from None


def code_start() -> date:
    """The day the Criminal Code (No. 226-V of 3 July 2014) came into force."""
    return load("statutes")["codes"]["CC"]["valid_from"]


def horizon() -> date:
    """The last date Qorgau answers for: 31 December of the last known MCI year + the horizon."""
    data = load("mci")
    last = max(row["to"] for row in data["values"])
    return date(last.year + int(data["horizon_years"]), 12, 31)


def check_date(on: date, what: str = "date") -> date:
    """Return ``on`` if the engine can answer for it; raise :class:`LawInputError` otherwise."""
    if not isinstance(on, date):
        raise LawInputError(f"{what} must be a date, not {type(on).__name__}")
    start = code_start()
    if on < start:
        raise LawInputError(
            f"{what} {on.isoformat()} is before the Criminal Code of 3 July 2014 (No. 226-V) "
            f"came into force on {start.isoformat()}; earlier acts fall under the 1997 Code, "
            "which Qorgau does not cover"
        )
    end = horizon()
    if on > end:
        raise LawInputError(
            f"{what} {on.isoformat()} is too far in the future: the last known MCI is for "
            f"{end.year - int(load('mci')['horizon_years'])} and Qorgau answers up to "
            f"{end.isoformat()} (later values flagged as assumptions)"
        )
    return on
