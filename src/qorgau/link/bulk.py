"""Bulk linking in memory: a million reports' identifier rows linked in one pass.

Incremental linking (:mod:`qorgau.link.engine`) keeps the store's links up to date batch by
batch. Bulk mode links a whole collection at once, from plain rows: each report's strong
identifiers (``kind:value`` strings, victims' own left out), offence, suspect (name, birth
date, IIN), victim name and damage. It applies the same rules:

1. identifier groups: connected components by an array union-find
   (:func:`qorgau.link.graph.components`), one dictionary look-up and one union per identifier;
2. suspect entities: person-bearing reports in one group share an entity; Splink on DuckDB
   matches all suspect mentions at once (``predict_within`` with the blocking rules of
   :func:`qorgau.link.persons.person_settings`), and the matches join entities;
3. fraud networks: the group of each fraud report;
4. cases: the keys of :func:`qorgau.link.cases.case_key`.

Labels are indexes into the input (the first report of a group or entity), so results compare
directly with those of incremental linking, up to renaming. The benchmark feeds it the identifier
rows of synthetic reports (their hidden truth identifiers, i.e. perfect extraction).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from qorgau.link.cases import case_key
from qorgau.link.graph import UnionFind, components
from qorgau.link.names import parse
from qorgau.link.networks import is_fraud
from qorgau.link.persons import Matcher, mention_table


class BulkReport(NamedTuple):
    """One report as bulk linking reads it (a named tuple: compact, cheap to pickle)."""

    key: str
    identifiers: Sequence[str] = ()
    offence: str | None = None
    suspect_name: str | None = None
    suspect_birth_date: date | None = None
    suspect_iin: str | None = None
    victim: str | None = None
    region: str | None = None
    damage: int | None = None


@dataclass
class BulkResult:
    """Labels per report (index of the first report of its group, entity or network; None
    where the report has none), case keys, and the time each step took."""

    group: list[int | None]
    person: list[int | None]
    network: list[int | None]
    case: list[str]
    name_links: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.group)


def _kinds(identifiers: Sequence[str]) -> set[str]:
    return {i.split(":", 1)[0] for i in identifiers}


def link_reports(
    reports: Sequence[BulkReport], *, names: bool = True, matcher: Matcher | None = None
) -> BulkResult:
    """Link a collection of reports in memory (see the module docstring)."""
    timing: dict[str, float] = {}
    t0 = time.perf_counter()
    labels = components(r.identifiers for r in reports)
    group = [lab if r.identifiers else None for lab, r in zip(labels, reports, strict=True)]
    timing["groups"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    fraud = [is_fraud(r.offence, _kinds(r.identifiers)) for r in reports]
    bearing = [
        r.suspect_name is not None
        or r.suspect_iin is not None
        or r.suspect_birth_date is not None
        or (not f and g is not None)
        for r, f, g in zip(reports, fraud, group, strict=True)
    ]
    uf = UnionFind(len(reports))
    first_in_group: dict[int, int] = {}
    for i, (b, g) in enumerate(zip(bearing, group, strict=True)):
        if b and g is not None:
            prev = first_in_group.setdefault(g, i)
            if prev != i:
                uf.union(i, prev)
    name_links = 0
    if names:
        table = mention_table(
            (i, r.suspect_name, r.suspect_birth_date, r.suspect_iin, r.victim, r.offence,
             r.region)
            for i, r in enumerate(reports)
            if r.suspect_name
        )
        timing["mention rows"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        found = (matcher or Matcher()).within_table(table, pairs_only=True)
        del table
        timing["splink"] = time.perf_counter() - t2
        for a, b in found:
            uf.union(a, b)
        name_links = len(found)
    t3 = time.perf_counter()
    roots = uf.labels()
    person = [roots[i] if b else None for i, b in enumerate(bearing)]
    network = [g if f else None for g, f in zip(group, fraud, strict=True)]
    case = [
        case_key(r.offence, p, n, parse(r.victim).key or None if r.victim else None, i)
        for i, (r, p, n) in enumerate(zip(reports, person, network, strict=True))
    ]
    timing["entities and cases"] = time.perf_counter() - t3
    timing["total"] = time.perf_counter() - t0
    return BulkResult(group, person, network, case, name_links, timing)


def from_synthetic(rec: dict[str, Any]) -> BulkReport:
    """A bulk row from a synthetic record, using its truth identifiers as the extraction (the
    suspect's and the victim's names, birth date and IIN as the form supplied them)."""
    from qorgau.link.engine import offence_of

    truth = rec.get("truth") or {}
    idents = []
    for v in truth.get("identifiers") or []:
        v = str(v)
        idents.append(f"phone:{v}" if v.startswith("+") else v)
    suspect = rec.get("suspect") or {}
    born = suspect.get("birth_date")
    return BulkReport(
        key=str(rec["id"]),
        identifiers=tuple(idents),
        offence=offence_of(rec.get("article")),
        suspect_name=suspect.get("name"),
        suspect_birth_date=date.fromisoformat(born) if born else None,
        suspect_iin=suspect.get("iin"),
        victim=(rec.get("victim") or {}).get("name"),
        region=rec.get("region"),
        damage=truth.get("damage_tenge"),
    )
