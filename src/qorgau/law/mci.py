"""The Monthly Calculation Index (MCI, МРП, АЕК) as dated values, and MCI-to-tenge conversion.

The MCI that applies to a penalty or a damage threshold is the one in force on the date of the
offence (Criminal Code art. 41 part 1, art. 42 part 1). Values come from ``data/law/mci.yaml``;
after the last known value Qorgau uses that value and flags it as an assumption, up to the horizon
(see :func:`qorgau.law.dating.horizon`); before the first known value it gives no tenge amount.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from qorgau.law.data import load
from qorgau.law.dating import horizon
from qorgau.law.errors import LawInputError


@dataclass(frozen=True)
class MciValue:
    """The MCI asked for at a date; ``tenge`` is None when no value is known for that date."""

    on: date
    tenge: int | None
    valid_from: date | None
    valid_to: date | None
    confirmed: bool
    assumed: bool = False
    note: str | None = None
    sources: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("on", "valid_from", "valid_to"):
            d[key] = d[key].isoformat() if d[key] else None
        d["sources"] = list(self.sources)
        return d


def _rows() -> list[dict[str, Any]]:
    return sorted(load("mci")["values"], key=lambda r: r["from"])


def mci(on: date) -> MciValue:
    """The MCI in force on ``on``.

    Raises :class:`LawInputError` for dates beyond the horizon. Dates after the last known value
    get that value with ``assumed=True``; dates before the first known value get ``tenge=None``.
    """
    if not isinstance(on, date):
        raise LawInputError(f"the MCI is asked for at a date, not {type(on).__name__}")
    rows = _rows()
    for row in rows:
        if row["from"] <= on <= row["to"]:
            return MciValue(
                on,
                int(row["tenge"]),
                row["from"],
                row["to"],
                bool(row.get("confirmed", False)),
                False,
                row.get("note"),
                tuple(row.get("sources", ())),
            )
    first, last = rows[0], rows[-1]
    if on < first["from"]:
        return MciValue(
            on,
            None,
            None,
            None,
            False,
            False,
            f"no MCI value known before {first['from'].isoformat()}; amounts stay in MCI",
        )
    end = horizon()
    if on > end:
        raise LawInputError(
            f"{on.isoformat()} is too far in the future: the last known MCI is for "
            f"{last['to'].year}; Qorgau assumes it only up to {end.isoformat()}"
        )
    return MciValue(
        on,
        int(last["tenge"]),
        last["from"],
        None,
        False,
        True,
        f"ASSUMPTION: no MCI known for {on.year}; the last known value "
        f"({last['tenge']} tenge, {last['from'].year}) is used",
        tuple(last.get("sources", ())),
    )


def to_tenge(amount_mci: float | int, on: date) -> int | None:
    """``amount_mci`` MCI in whole tenge at the MCI of ``on`` (None if no value is known)."""
    value = mci(on)
    if value.tenge is None:
        return None
    exact = Decimal(str(amount_mci)) * value.tenge
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def known_values() -> list[MciValue]:
    """Every MCI period in the data, oldest first."""
    return [mci(row["from"]) for row in _rows()]
