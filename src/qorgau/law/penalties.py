"""Penalty ranges at the date of the acts: sanctions in MCI and tenge, category, limitation, Fund.

``penalty_range("115-1", on=date(2025, 10, 1))`` gives every sanction the court may choose with its
minimum and maximum, fines in MCI and in tenge at the MCI of that date, the offence category, the
limitation period (and when it runs out, counted from ``on``) and the compulsory payment to the
Victims' Compensation Fund.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qorgau.law.dating import check_date
from qorgau.law.errors import LawInputError
from qorgau.law.fund import FundAmount, compulsory_payment
from qorgau.law.mci import MciValue, mci, to_tenge
from qorgau.law.statutes import Statute, category_info, in_force, resolve, versions


@dataclass(frozen=True)
class SanctionAt:
    """A sanction with its limits, and for MCI units the same limits in tenge at a date."""

    kind: str
    min: float | None
    max: float | None
    unit: str | None
    min_tenge: int | None
    max_tenge: int | None
    additional: bool
    confirmed: bool
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "min": self.min,
            "max": self.max,
            "unit": self.unit,
            "min_tenge": self.min_tenge,
            "max_tenge": self.max_tenge,
            "additional": self.additional,
            "confirmed": self.confirmed,
            "note": self.note,
        }


@dataclass(frozen=True)
class PenaltyRange:
    """What the court can impose for one statute record, for acts on ``on``."""

    statute: Statute
    on: date
    mci: MciValue
    sanctions: tuple[SanctionAt, ...]
    limitation: dict[str, int] | None
    limitation_ends: date | None
    fund_payment: FundAmount | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def category(self) -> str | None:
        return self.statute.category

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        s = self.statute
        cat = category_info(s.category)
        return {
            "id": s.id,
            "article": s.ref.article_id,
            "part": s.part,
            "code": s.code,
            "title": s.title.get(lang, s.title["en"]),
            "on": self.on.isoformat(),
            "category": s.category,
            "category_name": cat["name"][lang] if cat else None,
            "mci": self.mci.tenge,
            "mci_assumed": self.mci.assumed,
            "sanctions": [x.to_dict() for x in self.sanctions],
            "sanctions_known": s.sanctions_known,
            "limitation": self.limitation,
            "limitation_ends": self.limitation_ends.isoformat() if self.limitation_ends else None,
            "fund_payment": self.fund_payment.to_dict() if self.fund_payment else None,
            "confirmed": s.confirmed,
            "notes": list(self.notes),
        }


def add_period(start: date, period: dict[str, int]) -> date:
    """``start`` plus a period of ``{"years": n}`` or ``{"months": n}`` (end of month clamped)."""
    months = int(period.get("years", 0)) * 12 + int(period.get("months", 0))
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(f"cannot add {period} to {start}")  # unreachable for real dates


def _sanction_at(s, on: date) -> SanctionAt:
    in_mci = s.unit == "mci"
    return SanctionAt(
        kind=s.kind,
        min=s.min,
        max=s.max,
        unit=s.unit,
        min_tenge=to_tenge(s.min, on) if in_mci and s.min is not None else None,
        max_tenge=to_tenge(s.max, on) if in_mci and s.max is not None else None,
        additional=s.additional,
        confirmed=s.confirmed,
        note=s.note,
    )


def range_for(statute: Statute, on: date) -> PenaltyRange:
    """The penalty range of one record for acts on ``on`` (no check that it is in force)."""
    value = mci(on)
    cat = category_info(statute.category)
    limitation = dict(cat["limitation"]) if cat else None
    notes = list(statute.notes)
    if value.note:
        notes.append(value.note)
    if not statute.sanctions_known:
        notes.append("sanctions not in the reference: check the current text of the article")
    return PenaltyRange(
        statute=statute,
        on=on,
        mci=value,
        sanctions=tuple(_sanction_at(s, on) for s in statute.sanctions),
        limitation=limitation,
        limitation_ends=add_period(on, limitation) if limitation else None,
        fund_payment=compulsory_payment(statute.category, on),
        notes=tuple(notes),
    )


def penalty_ranges(article: str, on: date) -> list[PenaltyRange]:
    """Penalty ranges of every record of ``article`` in force on ``on`` (one per part).

    Raises :class:`LawInputError` for an unknown article, a date the engine cannot answer for, or
    an article not in force on that date (the message says when it is in force).
    """
    check_date(on)
    ref = resolve(article)
    found = in_force(ref, on)
    if not found:
        allv = versions(ref)
        first = min(v.valid_from for v in allv)
        if on < first:
            raise LawInputError(
                f"{ref.label()} is not in force on {on.isoformat()}; in force from "
                f"{first.isoformat()}"
            )
        last = max((v.valid_to for v in allv if v.valid_to), default=None)
        raise LawInputError(
            f"{ref.label()} is not in force on {on.isoformat()}"
            + (f"; the known text ended on {last.isoformat()}" if last else "")
        )
    return [range_for(s, on) for s in found]


def penalty_range(article: str, on: date) -> PenaltyRange:
    """The penalty range of one article or part for acts on ``on``.

    An article with several parts must be named with its part (``"190-2"``); otherwise
    :class:`LawInputError` says which parts exist.
    """
    ranges = penalty_ranges(article, on)
    if len(ranges) > 1:
        parts = ", ".join(str(r.statute.part) for r in ranges)
        raise LawInputError(
            f"{ranges[0].statute.ref.article_id} has parts {parts} on {on.isoformat()}: "
            f"name one, e.g. {ranges[0].statute.ref.article_id}-{ranges[0].statute.part}"
        )
    return ranges[0]
