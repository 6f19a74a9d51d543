"""Person matching: which suspect mentions name the same human, with Splink on DuckDB.

A suspect mention (a name, maybe a birth date or IIN, from one report) is compared with others by
a Fellegi-Sunter model (Splink). Comparisons, from strongest to weakest evidence:

* ``first`` and ``last``: the first name and surname in the canonical Latin spelling of
  :mod:`qorgau.link.names` (so Kazakh, Russian and Latin forms meet): exact, same skeleton key
  (vowel and gendered-form differences: Төлеубаев/Тулеубаев, Жанар/Жанара), Jaro-Winkler >= 0.88,
  else different;
* ``birth_date``: exact, one typo (Damerau-Levenshtein 1 on the ISO date), else different; a
  birth date is read from the IIN when only that is known (the IIN starts with it);
* ``iin``: equal or different (a different IIN is strong evidence of another person);
* ``victim``: the same victim's name key (a stalker reported again by the same woman);
* ``offence`` and ``region``: weak context.

Candidate pairs come from blocking rules (same birth date; same name keys and victim; same IIN),
so a name alone, shared by dozens of men in a large register, never merges two people: a match
needs the name *and* a birth date, an IIN or the same victim, and a probability of at least
:data:`MATCH_THRESHOLD`. The m and u probabilities are set from what the fields mean (see
docs/linking.md); :func:`person_settings` is the whole model.

Incremental use (intake) compares a batch's new mentions with the stored candidates that share a
blocking key (``predict_between``) and with each other (``predict_within``); bulk use compares
all mentions at once. Both apply the same pairwise rule, so the persons found do not depend on
the order reports arrive in.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from qorgau.link.names import parse

MATCH_THRESHOLD = 0.99
"""Match probability at or above which two mentions are taken as one person."""

PRIOR = 1e-4
"""Probability that two suspect mentions picked at random name the same person."""

COLUMNS = (
    "first",
    "last",
    "first_key",
    "last_key",
    "birth_date",
    "iin",
    "victim",
    "offence",
    "region",
)

LEVELS = {
    "first": {3: "exact", 2: "same key", 1: "similar", 0: "different", -1: "missing"},
    "last": {3: "exact", 2: "same key", 1: "similar", 0: "different", -1: "missing"},
    "birth_date": {2: "exact", 1: "one typo", 0: "different", -1: "missing"},
    "iin": {1: "exact", 0: "different", -1: "missing"},
    "victim": {1: "same", 0: "different", -1: "missing"},
    "offence": {1: "same", 0: "different", -1: "missing"},
    "region": {1: "same", 0: "different", -1: "missing"},
}
"""Comparison levels by Splink's gamma value, for evidence that a person can read."""


def birth_date_from_iin(iin: str | None) -> date | None:
    """The birth date an IIN starts with (YYMMDD and the century digit), or None."""
    if not iin or len(iin) != 12 or not iin.isdigit():
        return None
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}.get(iin[6])
    if century is None:
        return None
    try:
        return date(century + int(iin[:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def mention_record(
    mention_id: int,
    report_id: int,
    name: str | None,
    birth_date: date | None = None,
    iin: str | None = None,
    *,
    victim: str | None = None,
    offence: str | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """The row person matching compares for one suspect mention (also stored in
    ``link_mentions``). ``victim`` is the victim's name as the report gives it."""
    parts = parse(name)
    vparts = parse(victim)
    born = birth_date or birth_date_from_iin(iin)
    return {
        "unique_id": mention_id,
        "report_id": report_id,
        "first": parts.first or None,
        "last": parts.last or None,
        "first_key": parts.first_key or None,
        "last_key": parts.last_key or None,
        "birth_date": born,
        "iin": iin or None,
        "victim": vparts.key or None,
        "offence": offence or None,
        "region": region or None,
    }


@dataclass(frozen=True)
class NameMatch:
    """Two mentions that person matching takes as one person, with the model's reasons."""

    left: int
    right: int
    probability: float
    weight: float
    levels: dict[str, str]

    def evidence(self) -> dict[str, Any]:
        return {
            "match_probability": round(self.probability, 6),
            "match_weight": round(self.weight, 3),
            "levels": self.levels,
        }


def _level(name: str, m: float, u: float, creator: Any) -> Any:
    return creator.configure(m_probability=m, u_probability=u, label_for_charts=name)


def person_settings(threshold_prior: float = PRIOR) -> Any:
    """The Splink model for suspect mentions (a ``SettingsCreator``)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def name_part(col: str, key: str, u_exact: float, u_key: float) -> Any:
        return cl.CustomComparison(
            output_column_name=col,
            comparison_levels=[
                cll.NullLevel(col),
                _level("exact", 0.85, u_exact, cll.ExactMatchLevel(col)),
                _level("same key", 0.10, u_key, cll.ExactMatchLevel(key)),
                _level("similar", 0.03, 0.02, cll.JaroWinklerLevel(col, 0.88)),
                _level("different", 0.02, 1 - u_exact - u_key - 0.02, cll.ElseLevel()),
            ],
        )

    def same(col: str, m: float, u: float) -> Any:
        return cl.CustomComparison(
            output_column_name=col,
            comparison_levels=[
                cll.NullLevel(col),
                _level("same", m, u, cll.ExactMatchLevel(col)),
                _level("different", 1 - m, 1 - u, cll.ElseLevel()),
            ],
        )

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=threshold_prior,
        comparisons=[
            # A first name is shared by about one man in twenty, a surname by one in thirty;
            # the same person's two mentions agree exactly unless written in another script.
            name_part("first", "first_key", 0.05, 0.01),
            name_part("last", "last_key", 0.035, 0.005),
            # A birth date is shared by about one in 13,000 adults (40 birth years).
            cl.CustomComparison(
                output_column_name="birth_date",
                comparison_levels=[
                    cll.NullLevel("birth_date"),
                    _level("exact", 0.95, 1 / 13000, cll.ExactMatchLevel("birth_date")),
                    _level("one typo", 0.03, 0.003, cll.DamerauLevenshteinLevel("birth_date", 1)),
                    _level("different", 0.02, 0.997 - 1 / 13000, cll.ElseLevel()),
                ],
            ),
            # An IIN is unique and carries a check digit, so two valid IINs of one person
            # differ only by a rare wrong entry: a different IIN is near-proof of another man.
            same("iin", 0.9999, 1e-7),
            # A stalker is often reported again by the same woman; two unrelated reports name
            # the same victim rarely.
            same("victim", 0.3, 0.003),
            same("offence", 0.9, 0.6),
            same("region", 0.8, 0.12),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_date"),
            block_on("last_key", "first_key", "victim"),
            block_on("iin"),
        ],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
    )


def _schema() -> Any:
    import pyarrow as pa

    fields = [pa.field("unique_id", pa.int64()), pa.field("report_id", pa.int64())]
    fields += [pa.field(c, pa.string()) for c in COLUMNS]
    return pa.schema(fields)


def _table(records: Sequence[dict[str, Any]]) -> Any:
    import pyarrow as pa

    columns: dict[str, list[Any]] = {k: [r.get(k) for r in records] for k in _schema().names}
    columns["birth_date"] = [
        d.isoformat() if isinstance(d, date) else d for d in columns["birth_date"]
    ]
    return pa.table(columns, schema=_schema())


def mention_table(
    mentions: Iterable[
        tuple[int, str | None, date | None, str | None, str | None, str | None, str | None]
    ],
) -> Any:
    """A table of suspect mentions for :meth:`Matcher.within_table`, built column by column
    from ``(id, name, birth date, IIN, victim name, offence, region)`` (bulk mode: no dict per
    mention)."""
    import pyarrow as pa

    cols: dict[str, list[Any]] = {k: [] for k in _schema().names}
    for uid, name, born, iin, victim, offence, region in mentions:
        parts, vparts = parse(name), parse(victim)
        born = born or birth_date_from_iin(iin)
        for key, value in (
            ("unique_id", uid),
            ("report_id", uid),
            ("first", parts.first or None),
            ("last", parts.last or None),
            ("first_key", parts.first_key or None),
            ("last_key", parts.last_key or None),
            ("birth_date", born.isoformat() if born else None),
            ("iin", iin or None),
            ("victim", vparts.key or None),
            ("offence", offence or None),
            ("region", region or None),
        ):
            cols[key].append(value)
    return pa.table(cols, schema=_schema())


class Matcher:
    """A Splink linker on an in-memory DuckDB, built once per process and reused."""

    def __init__(self, threshold: float = MATCH_THRESHOLD, *, threads: int | None = None) -> None:
        from splink import DuckDBAPI, Linker

        logging.getLogger("splink").setLevel(logging.ERROR)
        self.threshold = threshold
        self.db_api = DuckDBAPI(":memory:")
        if threads is not None:
            # Intake scores a few hundred mentions per batch while extraction workers use the
            # other cores: one DuckDB thread is faster there and steadier.
            self.db_api._execute_sql_against_backend(f"SET threads = {int(threads)}")
        seed = self.db_api.register(_table([]))
        self.linker = Linker(seed, person_settings(), log_level=None)
        self._gammas = [f"gamma_{c}" for c in LEVELS]

    def _collect(self, frame: Any) -> list[NameMatch]:
        cols = ", ".join(
            ["unique_id_l", "unique_id_r", "match_probability", "match_weight", *self._gammas]
        )
        rows = self.db_api._execute_sql_against_backend(
            f"select {cols} from {frame.physical_name} order by unique_id_l, unique_id_r"
        ).fetchall()
        frame.drop_table_from_database_and_remove_from_cache()
        out = []
        for row in rows:
            levels = {
                name: LEVELS[name].get(int(g), str(g))
                for name, g in zip(LEVELS, row[4:], strict=True)
            }
            a, b = int(row[0]), int(row[1])
            out.append(NameMatch(min(a, b), max(a, b), float(row[2]), float(row[3]), levels))
        return out

    def _register(self, records: Sequence[dict[str, Any]]) -> Any:
        return self.db_api.register(_table(records))

    @staticmethod
    def _drop(*frames: Any) -> None:
        for f in frames:
            f.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)

    def between(
        self, existing: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]
    ) -> list[NameMatch]:
        """Matches between stored mentions and new ones (never two stored ones)."""
        if not existing or not new:
            return []
        left, right = self._register(existing), self._register(new)
        try:
            frame = self.linker.inference.predict_between(
                left, right, threshold_match_probability=self.threshold, warning_mode="never"
            )
            return self._collect(frame)
        finally:
            self._drop(left, right)

    def match(
        self, existing: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]
    ) -> list[NameMatch]:
        """Matches of new mentions with stored ones and with each other, in one Splink pass
        over stored + new (pairs of two stored mentions, found when the later one was new, are
        dropped)."""
        if not new or (not existing and len(new) < 2):
            return []
        fresh = {r["unique_id"] for r in new}
        found = self.within([*existing, *new])
        return [x for x in found if x.left in fresh or x.right in fresh]

    def within(self, records: Sequence[dict[str, Any]]) -> list[NameMatch]:
        """Matches among a set of mentions (a batch, or everything in bulk mode)."""
        if len(records) < 2:
            return []
        return self.within_table(_table(records))

    def within_table(self, table: Any, *, pairs_only: bool = False) -> list[Any]:
        """Matches among the mentions of a table built by :func:`mention_table`; with
        ``pairs_only`` just the ``(left, right)`` ids (bulk mode: less memory)."""
        if table.num_rows < 2:
            return []
        frame_in = self.db_api.register(table)
        try:
            frame = self.linker.inference.predict_within(
                frame_in, threshold_match_probability=self.threshold, warning_mode="never"
            )
            if pairs_only:
                rows = self.db_api._execute_sql_against_backend(
                    f"select unique_id_l, unique_id_r from {frame.physical_name}"
                ).fetchall()
                frame.drop_table_from_database_and_remove_from_cache()
                return [(int(a), int(b)) for a, b in rows]
            return self._collect(frame)
        finally:
            self._drop(frame_in)


@cache
def matcher() -> Matcher:
    """The process's matcher for intake (DuckDB and the Splink linker are set up once)."""
    return Matcher(threads=1)


def blocking_keys(records: Iterable[dict[str, Any]]) -> tuple[set, set, set]:
    """The values the blocking rules join on: birth dates, (last, first, victim) keys, IINs."""
    births, names, iins = set(), set(), set()
    for r in records:
        if r.get("birth_date"):
            births.add(r["birth_date"])
        if r.get("last_key") and r.get("first_key") and r.get("victim"):
            names.add((r["last_key"], r["first_key"], r["victim"]))
        if r.get("iin"):
            iins.add(r["iin"])
    return births, names, iins


# Incremental assignment at intake -----------------------------------------------------------


@dataclass
class SuspectMention:
    """A suspect mention of a batch report, as person assignment needs it."""

    id: int
    name: str | None
    birth_date: date | None
    iin: str | None


@dataclass
class PersonResult:
    """What :func:`assign_persons` did to a batch."""

    person_of: dict[int, int]
    merged: dict[int, int]
    affected_cases: set[int]
    matches: list[NameMatch]
    created: int = 0


def candidates(
    session: Any, records: Sequence[dict[str, Any]], exclude_reports: set[int]
) -> list[dict[str, Any]]:
    """Stored mentions that share a blocking key with one of ``records``."""
    from sqlalchemy import select, tuple_

    from qorgau.link.models import LinkMention

    births, names, iins = blocking_keys(records)
    found: dict[int, Any] = {}
    conditions = []
    for values, column in (
        (sorted(births), LinkMention.birth_date),
        (sorted(iins), LinkMention.iin),
    ):
        for i in range(0, len(values), 500):
            conditions.append(column.in_(values[i : i + 500]))
    keys = sorted(names)
    for i in range(0, len(keys), 300):
        conditions.append(
            tuple_(LinkMention.last_key, LinkMention.first_key, LinkMention.victim).in_(
                keys[i : i + 300]
            )
        )
    for cond in conditions:
        for row in session.scalars(select(LinkMention).where(cond)):
            if row.report_id not in exclude_reports:
                found[row.mention_id] = row
    out = []
    for mid in sorted(found):
        row = found[mid]
        rec = {c: getattr(row, c) for c in COLUMNS}
        rec["unique_id"] = mid
        rec["report_id"] = row.report_id
        out.append(rec)
    return out


def assign_persons(
    session: Any,
    bearing: dict[int, list[SuspectMention]],
    group_of: dict[int, int | None],
    records: list[dict[str, Any]],
) -> PersonResult:
    """Give each person-bearing report of a batch its suspect entity.

    ``bearing`` maps each report that names a suspect (or that is not a fraud report and has
    strong identifiers) to its suspect mentions; ``group_of`` gives every batch report's
    identifier group; ``records`` are the batch's :func:`mention_record` rows. Two reports share
    a person when they are in the same identifier group (exact evidence) or when their suspect
    mentions match by name (Splink, fuzzy evidence); the entities already stored are joined when
    a batch report connects them, the oldest keeping its id.
    """
    from sqlalchemy import select, update

    from qorgau.link.graph import KeyedUnionFind
    from qorgau.link.models import LinkEvidence, LinkReport
    from qorgau.link.sql import insert_returning_ids
    from qorgau.store.models import Person, PersonMention, utcnow

    batch = set(group_of)
    report_of = {r["unique_id"]: r["report_id"] for r in records}
    named = [r for r in records if r["first"] or r["last"]]
    cands = candidates(session, named, batch) if named else []
    matches = matcher().match(cands, named)
    cand_report = {c["unique_id"]: c["report_id"] for c in cands}
    person_of_report: dict[int, int | None] = {}
    ids = sorted(
        {cand_report[x.left] for x in matches if x.left in cand_report}
        | {cand_report[x.right] for x in matches if x.right in cand_report}
    )
    for i in range(0, len(ids), 500):
        person_of_report.update(
            session.execute(
                select(LinkReport.report_id, LinkReport.person_id).where(
                    LinkReport.report_id.in_(ids[i : i + 500])
                )
            ).all()
        )

    kuf = KeyedUnionFind()
    for rid in bearing:
        kuf.node(("r", rid))
    touched = sorted({g for g in group_of.values() if g is not None})
    by_group: dict[int, list[Any]] = {}
    for i in range(0, len(touched), 500):
        rows = session.execute(
            select(LinkReport.group_id, LinkReport.person_id)
            .where(LinkReport.group_id.in_(touched[i : i + 500]), LinkReport.person_id.is_not(None))
            .distinct()
        )
        for gid, pid in rows:
            by_group.setdefault(gid, []).append(("p", pid))
    for rid in bearing:
        gid = group_of.get(rid)
        if gid is not None:
            by_group.setdefault(gid, []).append(("r", rid))
    via: dict[int, dict[str, Any]] = {}
    for gid, members in by_group.items():
        for other in members[1:]:
            kuf.union(members[0], other)
        for key in members:
            if key[0] == "r" and len(members) > 1:
                via.setdefault(key[1], {"by": "identifier", "group": gid})

    evidence = []
    now = utcnow()
    for x in matches:
        nodes = []
        for mid in (x.left, x.right):
            if mid in report_of:
                nodes.append(("r", report_of[mid]))
            elif person_of_report.get(cand_report[mid]) is not None:
                nodes.append(("p", person_of_report[cand_report[mid]]))
        if len(nodes) == 2:
            kuf.union(nodes[0], nodes[1])
        ra = report_of.get(x.left, cand_report.get(x.left))
        rb = report_of.get(x.right, cand_report.get(x.right))
        if ra is None or rb is None or ra == rb:
            continue
        new_mid, old_mid = (x.left, x.right) if ra > rb else (x.right, x.left)
        newer, older = max(ra, rb), min(ra, rb)
        via.setdefault(
            newer, {"by": "name", "mention": old_mid, "match_probability": round(x.probability, 6)}
        )
        evidence.append(
            {
                "kind": "name",
                "report_id": newer,
                "other_report_id": older,
                "mention_id": new_mid,
                "other_mention_id": old_mid,
                "score": x.probability,
                "details": x.evidence(),
                "created_at": now,
            }
        )
    if evidence:
        session.execute(LinkEvidence.__table__.insert(), evidence)

    result = PersonResult({}, {}, set(), matches)
    first_mention = {rid: ms[0] for rid, ms in bearing.items() if ms}
    fresh: list[list[int]] = []
    for members in kuf.groups():
        reports = [k[1] for k in members if k[0] == "r"]
        persons = sorted({k[1] for k in members if k[0] == "p"})
        if not reports:
            continue
        if not persons:
            fresh.append(reports)
            continue
        survivor = persons[0]
        if len(persons) > 1:
            result.affected_cases |= merge_persons(session, survivor, persons[1:])
            for p in persons[1:]:
                result.merged[p] = survivor
        for rid in reports:
            result.person_of[rid] = survivor
    rows = []
    for reports in fresh:
        mention = next((first_mention[r] for r in reports if r in first_mention), None)
        rows.append(
            {
                "display_name": mention.name if mention else None,
                "name_key": parse(mention.name).key or None if mention else None,
                "birth_date": (mention.birth_date or birth_date_from_iin(mention.iin))
                if mention
                else None,
                "iin": mention.iin if mention else None,
                "attrs": {"source": "linking"},
                "created_at": now,
            }
        )
    for pid, reports in zip(insert_returning_ids(session, Person, rows), fresh, strict=True):
        for rid in reports:
            result.person_of[rid] = pid
    result.created = len(fresh)

    updates = [
        {
            "id": mention.id,
            "person_id": result.person_of[rid],
            "link_evidence": via.get(rid, {"by": "new"}),
        }
        for rid, ms in bearing.items()
        for mention in ms
    ]
    if updates:
        session.execute(update(PersonMention), updates)
    created = {result.person_of[r] for reports in fresh for r in reports}
    _fill_person_facts(
        session,
        {r: ms for r, ms in bearing.items() if result.person_of[r] not in created},
        result.person_of,
    )
    return result


def _fill_person_facts(
    session: Any, bearing: dict[int, list[SuspectMention]], person_of: dict[int, int]
) -> None:
    """Give entities the birth date, IIN and name that a new mention knows and they lack."""
    from sqlalchemy import select

    from qorgau.store.models import Person

    known: dict[int, dict[str, Any]] = {}
    for rid, ms in bearing.items():
        for mention in ms:
            slot = known.setdefault(person_of[rid], {})
            if mention.iin:
                slot.setdefault("iin", mention.iin)
            born = mention.birth_date or birth_date_from_iin(mention.iin)
            if born:
                slot.setdefault("birth_date", born)
            if mention.name:
                slot.setdefault("display_name", mention.name)
                slot.setdefault("name_key", parse(mention.name).key or None)
    ids = sorted(known)
    for i in range(0, len(ids), 500):
        for person in session.scalars(select(Person).where(Person.id.in_(ids[i : i + 500]))):
            for attr, value in known[person.id].items():
                if getattr(person, attr) is None and value is not None:
                    setattr(person, attr, value)
    session.flush()


def merge_persons(session: Any, survivor: int, absorbed: list[int]) -> set[int]:
    """Fold entities into ``survivor``: reports, mentions, measures, case roles follow; the
    absorbed entities point to the survivor (``merged_into``). Returns the cases to re-key."""
    from sqlalchemy import delete, select, update

    from qorgau.link.models import LinkReport
    from qorgau.store.models import CasePerson, Measure, Person, PersonMention
    from qorgau.store.repo import add_person_to_case

    cases = set(
        session.scalars(
            select(LinkReport.case_id)
            .where(LinkReport.person_id.in_(absorbed), LinkReport.case_id.is_not(None))
            .distinct()
        )
    )
    for model in (LinkReport, PersonMention, Measure):
        session.execute(
            update(model).where(model.person_id.in_(absorbed)).values(person_id=survivor)
        )
    roles = session.execute(
        select(CasePerson.case_id, CasePerson.role).where(CasePerson.person_id.in_(absorbed))
    ).all()
    for case_id, role in roles:
        add_person_to_case(session, case_id, survivor, role)
    session.execute(delete(CasePerson).where(CasePerson.person_id.in_(absorbed)))
    session.execute(
        update(Person)
        .where(Person.merged_into.in_(absorbed) | Person.id.in_(absorbed))
        .values(merged_into=survivor)
    )
    return cases
