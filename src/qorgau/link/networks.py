"""Fraud networks: fraud reports joined by shared cards, IBANs and phones, with their damage.

A fraud network is the identifier group (:mod:`qorgau.link.graph`) of internet-fraud reports:
every report in it shares a mule card, an IBAN or a phone with another one, directly or through
others. A fraud report is one whose article is 190 or that the engine classified as internet
fraud; a report with no offence at all that names a card or an IBAN is taken as fraud too. Its
network id is its group id, so it is stable while the network grows and follows the surviving
group when two networks turn out to be one.

:func:`network_summary` gives a network's reports, victims, total damage (the largest amount
of money each report names, summed), its cards, IBANs and phones, and its first and last report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qorgau.link.graph import group_identifiers
from qorgau.link.models import LinkReport
from qorgau.store.models import Report

FRAUD = "internet_fraud"
MONEY_KINDS = ("card", "iban")


def is_fraud(offence: str | None, identifier_kinds: set[str]) -> bool:
    """Whether a report belongs in a fraud network rather than with a suspect entity."""
    if offence == FRAUD:
        return True
    return offence is None and bool(identifier_kinds & set(MONEY_KINDS))


@dataclass
class NetworkSummary:
    """A fraud network with what an analyst asks first."""

    id: int
    reports: int
    victims: int
    damage_tenge: int
    first_at: datetime | None
    last_at: datetime | None
    identifiers: list[tuple[str, str, int]] = field(default_factory=list)
    report_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "network": self.id,
            "reports": self.reports,
            "victims": self.victims,
            "damage_tenge": self.damage_tenge,
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "identifiers": [
                {"identifier": f"{k}:{v}", "reports": n} for k, v, n in self.identifiers
            ],
            "report_ids": self.report_ids,
        }


def network_summary(
    session: Session, network_id: int, *, details: bool = True
) -> NetworkSummary | None:
    """A network's reports, distinct victims, total damage, identifiers and dates."""
    rows = session.execute(
        select(
            Report.ext_id,
            Report.received_at,
            LinkReport.damage_tenge,
            LinkReport.victim_key,
            LinkReport.report_id,
        )
        .join(LinkReport, LinkReport.report_id == Report.id)
        .where(LinkReport.network_id == network_id)
        .order_by(Report.id)
    ).all()
    if not rows:
        return None
    victims = {r.victim_key or f"report:{r.report_id}" for r in rows}
    dates = [r.received_at for r in rows if r.received_at is not None]
    return NetworkSummary(
        id=network_id,
        reports=len(rows),
        victims=len(victims),
        damage_tenge=sum(r.damage_tenge or 0 for r in rows),
        first_at=min(dates) if dates else None,
        last_at=max(dates) if dates else None,
        identifiers=group_identifiers(session, network_id) if details else [],
        report_ids=[r.ext_id for r in rows] if details else [],
    )


def largest_networks(
    session: Session, *, min_reports: int = 2, limit: int = 20, by: str = "damage"
) -> list[NetworkSummary]:
    """Networks with at least ``min_reports`` reports, largest damage (or reports) first."""
    order = func.sum(func.coalesce(LinkReport.damage_tenge, 0)).desc()
    if by == "reports":
        order = func.count().desc()
    ids = session.scalars(
        select(LinkReport.network_id)
        .where(LinkReport.network_id.is_not(None))
        .group_by(LinkReport.network_id)
        .having(func.count() >= min_reports)
        .order_by(order, LinkReport.network_id)
        .limit(limit)
    ).all()
    out = []
    for nid in ids:
        summary = network_summary(session, nid, details=True)
        if summary is not None:
            out.append(summary)
    return out
