"""The graph of reports and strong identifiers, and its connected components.

Two reports that name the same strong identifier (phone, IIN, card, IBAN, e-mail, social
handle) are linked exactly; the connected components of that graph are the *identifier groups*.

* :class:`UnionFind` is an array-based union-find (union by size, path halving) over integers,
  used by bulk linking and by the in-memory steps of incremental linking.
* :func:`components` links rows of ``(report, identifiers)`` in memory: a dictionary maps each
  identifier to the first report that named it and each later report is joined to that one, so
  the work is one dictionary look-up and one union per identifier use.
* :func:`assign_groups` is the incremental step run at intake inside the batch transaction: it
  reads which stored groups the batch's identifiers already belong to, joins them, relabels the
  smaller groups into the largest (so a report is relabelled O(log n) times over its life) and
  records the identifier evidence of each new report.

Identifiers that a record supplies for the *victim* (role ``victim``) are not offender links and
are left out of the graph.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qorgau.link.models import LinkEvidence, LinkGroup, LinkReport
from qorgau.link.sql import insert_returning_ids
from qorgau.store.models import Identifier, ReportIdentifier, utcnow

CHUNK = 500


class UnionFind:
    """Union-find over the integers ``0..n-1``; :meth:`add` appends a new singleton."""

    __slots__ = ("parent", "size")

    def __init__(self, n: int = 0) -> None:
        self.parent = array("q", range(n))
        self.size = array("q", [1]) * n

    def __len__(self) -> int:
        return len(self.parent)

    def add(self) -> int:
        """A new singleton; returns its number."""
        self.parent.append(len(self.parent))
        self.size.append(1)
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        """The representative of ``x``'s set."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        """Join the sets of ``a`` and ``b``; returns the new representative."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def labels(self) -> list[int]:
        """For each element, the smallest element of its set (a stable component label)."""
        roots = [self.find(x) for x in range(len(self.parent))]
        smallest: dict[int, int] = {}
        for x, r in enumerate(roots):
            smallest.setdefault(r, x)
        return [smallest[r] for r in roots]


class KeyedUnionFind:
    """Union-find over arbitrary hashable keys, added on first use."""

    def __init__(self) -> None:
        self._uf = UnionFind()
        self._index: dict[Hashable, int] = {}
        self._keys: list[Hashable] = []

    def node(self, key: Hashable) -> int:
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = self._uf.add()
            self._keys.append(key)
        return i

    def union(self, a: Hashable, b: Hashable) -> None:
        self._uf.union(self.node(a), self.node(b))

    def groups(self) -> list[list[Hashable]]:
        """The sets, each as the list of its keys in the order they were first seen."""
        out: dict[int, list[Hashable]] = defaultdict(list)
        for i, key in enumerate(self._keys):
            out[self._uf.find(i)].append(key)
        return list(out.values())


def components(rows: Iterable[Sequence[Hashable]]) -> list[int]:
    """Connected components of reports joined by shared identifiers, in memory.

    ``rows`` gives, for each report in order, the identifiers it names (any hashable keys,
    e.g. ``"phone:+77011234567"``). Returns for each report the index of the first report of its
    component, so reports with the same label are exactly linked.
    """
    uf = UnionFind()
    first: dict[Hashable, int] = {}
    for r, idents in enumerate(rows):
        uf.add()
        for ident in idents:
            prev = first.setdefault(ident, r)
            if prev != r:
                uf.union(r, prev)
    return uf.labels()


# Incremental linking at intake ---------------------------------------------------------------


@dataclass
class IdentifierUse:
    """A strong identifier named by a report of the batch."""

    identifier_id: int
    kind: str
    value: str
    role: str | None = None


@dataclass
class GroupResult:
    """What :func:`assign_groups` did to a batch."""

    group_of: dict[int, int | None] = field(default_factory=dict)
    merged: dict[int, int] = field(default_factory=dict)
    """Absorbed group id -> surviving group id."""
    holders: dict[int, list[tuple[int, int | None]]] = field(default_factory=dict)
    """Identifier id -> ``(report id, group id)`` of every stored report naming it before."""
    new_groups: int = 0
    affected_cases: set[int] = field(default_factory=set)
    """Cases of absorbed networks, whose keys must be recomputed."""


def _chunks(seq: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def identifier_holders(
    session: Session, identifier_ids: Iterable[int], exclude: set[int] | None = None
) -> dict[int, list[tuple[int, int | None]]]:
    """For each identifier, the linked reports that name it (not as the victim's) with their
    group: ``{identifier_id: [(report_id, group_id), ...]}`` in report order."""
    ids = sorted(set(identifier_ids))
    out: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for chunk in _chunks(ids):
        rows = session.execute(
            select(ReportIdentifier.identifier_id, ReportIdentifier.report_id, LinkReport.group_id)
            .join(LinkReport, LinkReport.report_id == ReportIdentifier.report_id)
            .where(
                ReportIdentifier.identifier_id.in_(chunk),
                (ReportIdentifier.role.is_(None)) | (ReportIdentifier.role != "victim"),
            )
            .order_by(ReportIdentifier.report_id)
        )
        for ident, rid, gid in rows:
            if (exclude and rid in exclude) or (ident, rid) in seen:
                continue
            seen.add((ident, rid))
            out[ident].append((rid, gid))
    return out


def assign_groups(session: Session, uses: dict[int, list[IdentifierUse]]) -> GroupResult:
    """Put each report of a batch into its identifier group, joining groups it connects.

    ``uses`` maps each report of the batch (in id order) to the strong identifiers it names,
    victims' own identifiers already left out. Writes the new groups, relabels absorbed ones in
    ``link_reports`` and stores one identifier evidence row per (report, identifier already
    named by an earlier report). The batch's own ``link_reports`` rows are written by the
    caller with the group ids returned.
    """
    result = GroupResult()
    batch = set(uses)
    holders = identifier_holders(
        session, (u.identifier_id for us in uses.values() for u in us), exclude=batch
    )
    result.holders = holders
    kuf = KeyedUnionFind()
    first_in_batch: dict[int, int] = {}
    evidence: list[dict[str, Any]] = []
    now = utcnow()
    for rid, us in uses.items():
        if not us:
            continue
        kuf.node(("r", rid))
        for u in us:
            earlier = holders.get(u.identifier_id, [])
            for _other, gid in earlier:
                if gid is not None:
                    kuf.union(("r", rid), ("g", gid))
            prev = first_in_batch.setdefault(u.identifier_id, rid)
            if prev != rid:
                kuf.union(("r", rid), ("r", prev))
            anchor = earlier[0][0] if earlier else (prev if prev != rid else None)
            if anchor is not None:
                evidence.append(
                    {
                        "kind": "identifier",
                        "report_id": rid,
                        "other_report_id": anchor,
                        "identifier_id": u.identifier_id,
                        "details": {"identifier": f"{u.kind}:{u.value}", "role": u.role},
                        "created_at": now,
                    }
                )
    sets = kuf.groups()
    existing = sorted({k[1] for s in sets for k in s if k[0] == "g"})
    sizes: dict[int, int] = {}
    for chunk in _chunks(existing):
        sizes.update(
            session.execute(
                select(LinkGroup.id, LinkGroup.reports).where(LinkGroup.id.in_(chunk))
            ).all()
        )
    fresh: list[list[int]] = []
    grown: list[dict[str, Any]] = []
    for members in sets:
        reports = [k[1] for k in members if k[0] == "r"]
        groups = [k[1] for k in members if k[0] == "g"]
        if not reports:
            continue
        if not groups:
            fresh.append(reports)
            continue
        survivor = max(groups, key=lambda g: (sizes.get(g, 0), -g))
        absorbed = [g for g in groups if g != survivor]
        if absorbed:
            result.affected_cases |= _absorb(session, survivor, absorbed)
            for g in absorbed:
                result.merged[g] = survivor
        total = sum(sizes.get(g, 0) for g in groups) + len(reports)
        grown.append({"id": survivor, "reports": total, "updated_at": now})
        for rid in reports:
            result.group_of[rid] = survivor
    if grown:
        session.execute(update(LinkGroup), grown)
    new_ids = insert_returning_ids(
        session,
        LinkGroup,
        [{"reports": len(reports), "created_at": now, "updated_at": now} for reports in fresh],
    )
    for gid, reports in zip(new_ids, fresh, strict=True):
        for rid in reports:
            result.group_of[rid] = gid
    result.new_groups = len(fresh)
    for rid in uses:
        result.group_of.setdefault(rid, None)
    if evidence:
        session.execute(LinkEvidence.__table__.insert(), evidence)
    return result


def _absorb(session: Session, survivor: int, absorbed: list[int]) -> set[int]:
    """Relabel the absorbed groups' reports and networks into the survivor; returns the cases
    of the absorbed networks (their keys name the old network)."""
    cases: set[int] = set()
    for chunk in _chunks(absorbed):
        cases.update(
            session.scalars(
                select(LinkReport.case_id)
                .where(LinkReport.network_id.in_(chunk), LinkReport.case_id.is_not(None))
                .distinct()
            )
        )
        session.execute(
            update(LinkReport).where(LinkReport.group_id.in_(chunk)).values(group_id=survivor)
        )
        session.execute(
            update(LinkReport).where(LinkReport.network_id.in_(chunk)).values(network_id=survivor)
        )
        session.execute(
            update(LinkGroup).where(LinkGroup.merged_into.in_(chunk)).values(merged_into=survivor)
        )
        session.execute(
            update(LinkGroup).where(LinkGroup.id.in_(chunk)).values(merged_into=survivor, reports=0)
        )
    return cases


def group_identifiers(session: Session, group_id: int) -> list[tuple[str, str, int]]:
    """The strong identifiers of a group's reports: ``(kind, value, reports naming it)``,
    most used first."""
    rows = session.execute(
        select(Identifier.kind, Identifier.value, ReportIdentifier.report_id)
        .join(ReportIdentifier, ReportIdentifier.identifier_id == Identifier.id)
        .join(LinkReport, LinkReport.report_id == ReportIdentifier.report_id)
        .where(
            LinkReport.group_id == group_id,
            (ReportIdentifier.role.is_(None)) | (ReportIdentifier.role != "victim"),
        )
    )
    counts: dict[tuple[str, str], set[int]] = defaultdict(set)
    for kind, value, rid in rows:
        counts[(kind, value)].add(rid)
    return sorted(
        ((k, v, len(r)) for (k, v), r in counts.items()), key=lambda t: (-t[2], t[0], t[1])
    )


def resolve_group(session: Session, group_id: int) -> int | None:
    """The live group a (possibly absorbed) group id now belongs to, or None if unknown."""
    seen = 0
    while seen < 64:
        row = session.execute(
            select(LinkGroup.id, LinkGroup.merged_into).where(LinkGroup.id == group_id)
        ).first()
        if row is None:
            return None
        if row.merged_into is None:
            return row.id
        group_id = row.merged_into
        seen += 1
    return group_id
