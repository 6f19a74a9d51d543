"""The Victims' Compensation Fund: compulsory payments by offence category and payouts to victims.

A court that convicts orders a compulsory payment to the Fund (CC art. 98-1, 98-2) by the category
of the offence; for several offences one payment at the most serious category. The Fund pays
victims of listed offences a one-off amount. All amounts are in MCI, in tenge at the MCI of the
offence date. Data: ``data/law/fund.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qorgau.law.data import load
from qorgau.law.mci import mci, to_tenge
from qorgau.law.statutes import category_info


@dataclass(frozen=True)
class FundAmount:
    """An amount owed to or paid by the Fund at a date."""

    what: str
    mci: int
    tenge: int | None
    on: date
    confirmed: bool
    assumed: bool
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "mci": self.mci,
            "tenge": self.tenge,
            "on": self.on.isoformat(),
            "confirmed": self.confirmed,
            "assumed": self.assumed,
            "note": self.note,
        }


def _active(block: dict[str, Any], on: date) -> bool:
    return block["from"] <= on and (block.get("to") is None or on <= block["to"])


def compulsory_payment(category: str | None, on: date) -> FundAmount | None:
    """The compulsory payment for an offence of ``category`` committed on ``on``.

    None for administrative offences, unknown categories, and dates before payments were
    collected (1 July 2018).
    """
    block = load("fund")["compulsory_payment"]
    if category is None or category not in block["by_category"] or not _active(block, on):
        return None
    amount = int(block["by_category"][category])
    value = mci(on)
    return FundAmount(
        what=category,
        mci=amount,
        tenge=to_tenge(amount, on),
        on=on,
        confirmed=bool(block.get("confirmed", False)),
        assumed=value.assumed,
        note=block.get("note"),
    )


def combined_payment(categories: list[str | None], on: date) -> FundAmount | None:
    """One payment for several offences: the rate of the most serious category among them."""
    ranked = [
        (category_info(c)["rank"], c)
        for c in categories
        if c is not None and category_info(c) is not None and c in _payable()
    ]
    if not ranked:
        return None
    return compulsory_payment(max(ranked)[1], on)


def _payable() -> set[str]:
    return set(load("fund")["compulsory_payment"]["by_category"])


def payouts(on: date) -> list[FundAmount]:
    """Every payout group with its amount on ``on`` (empty before payouts began, 1 July 2020)."""
    block = load("fund")["payouts"]
    if not _active(block, on):
        return []
    value = mci(on)
    return [
        FundAmount(
            what=g["id"],
            mci=int(g["mci"]),
            tenge=to_tenge(int(g["mci"]), on),
            on=on,
            confirmed=bool(g.get("confirmed", False)),
            assumed=value.assumed,
            note=g.get("note"),
        )
        for g in block["groups"]
    ]


def payout(group: str, on: date) -> FundAmount | None:
    """The payout for one group (``minor_sexual_trafficking_torture``, ``serious_harm_or_hiv``,
    ``death``) on ``on``; None if not paid on that date or unknown group."""
    return next((p for p in payouts(on) if p.what == group), None)


def payout_note(article: str) -> str | None:
    """Why victims of ``article`` get no payout (115-1, 190), if the reference says so."""
    for item in load("fund")["payouts"].get("not_eligible", []):
        if item["article"] == article:
            return item["note"]
    return None
