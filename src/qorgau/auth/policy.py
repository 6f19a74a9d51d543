"""The rules of who may do what, where, and what analysts see instead of people.

Each action names the roles allowed to take it. Every record has a region (ISO 3166-2:KZ); a
user's scope is one region or ``KZ`` for the whole country. Outside their scope, supervisors may
read when they give a reason (written to the audit log); everyone else is refused. A record with
no region is within the scope of national users only. Analysts read records pseudonymised: no
names, no numbers, no texts; people and identifiers become stable pseudonyms, so patterns stay
visible without anyone being named.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

ROLES = ("intake_officer", "investigator", "analyst", "supervisor", "administrator")
NATIONAL = "KZ"

PERMISSIONS: dict[str, frozenset[str]] = {
    "extract": frozenset(ROLES),
    "law": frozenset(ROLES),
    "report.create": frozenset({"intake_officer", "investigator", "supervisor"}),
    "report.read": frozenset({"intake_officer", "investigator", "supervisor", "analyst"}),
    "case.read": frozenset({"investigator", "supervisor", "analyst"}),
    "case.update": frozenset({"investigator", "supervisor"}),
    "search": frozenset({"intake_officer", "investigator", "supervisor"}),
    "stats": frozenset({"investigator", "analyst", "supervisor"}),
    "audit.read": frozenset({"supervisor", "administrator"}),
    "user.manage": frozenset({"administrator"}),
}
"""Action -> the roles that may take it."""

PSEUDONYMISED_ROLES = frozenset({"analyst"})
REASON_ROLES = frozenset({"supervisor"})
"""Roles that may act outside their region when they give a reason."""


@dataclass(frozen=True)
class Principal:
    """The user behind a request, however they authenticated."""

    user_id: int
    username: str
    role: str
    region: str
    via: str = "session"  # session | token
    csrf: str | None = None
    display_name: str | None = None

    def may(self, action: str) -> bool:
        return self.role in PERMISSIONS.get(action, frozenset())

    @property
    def national(self) -> bool:
        return self.region == NATIONAL

    @property
    def pseudonymised(self) -> bool:
        return self.role in PSEUDONYMISED_ROLES

    def in_scope(self, region: str | None) -> bool:
        """Whether a record of ``region`` lies in this user's scope."""
        if self.national:
            return True
        return region is not None and region.upper() == self.region


class Denied(Exception):
    """An action refused by the policy; ``code`` is one of ``forbidden``, ``out_of_region``,
    ``reason_required``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def require(principal: Principal, action: str) -> None:
    """Raise :class:`Denied` unless the role may take ``action``."""
    if not principal.may(action):
        raise Denied("forbidden", f"the role {principal.role} may not do {action}")


def check_region(principal: Principal, region: str | None, reason: str | None) -> bool:
    """Allow reading a record of ``region``; returns True when the access is out of region
    (allowed only to supervisors with a reason). Raises :class:`Denied` otherwise."""
    if principal.in_scope(region):
        return False
    if principal.role in REASON_ROLES:
        if reason and reason.strip():
            return True
        raise Denied(
            "reason_required",
            f"the record is outside your region {principal.region}: give a reason "
            "(the reason field or the X-Qorgau-Reason header)",
        )
    raise Denied("out_of_region", f"the record is outside your region {principal.region}")


def pseudonym(kind: str, value: Any, secret: bytes) -> str:
    """A stable pseudonym of a value (same value, same pseudonym; not reversible without the
    secret): ``phone-3f9a0c12e7``."""
    digest = hmac.new(secret, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}-{digest[:10]}"


PERSONAL_FACT_KINDS = frozenset({"identifier", "person", "name", "address"})
"""Fact kinds whose value names a person or a number: replaced by a pseudonym for analysts."""


def pseudonymise_fact(fact: dict[str, Any], secret: bytes) -> dict[str, Any]:
    """A fact without its text; personal values replaced by pseudonyms."""
    out = {k: v for k, v in fact.items() if k not in ("text",)}
    if fact.get("kind") in PERSONAL_FACT_KINDS:
        value = fact.get("value")
        if isinstance(value, dict) and "kind" in value:
            out["value"] = {"kind": value["kind"], "pseudonym": pseudonym(
                str(value["kind"]), value.get("value"), secret)}
        else:
            out["value"] = pseudonym(str(fact.get("kind")), value, secret)
    return out
