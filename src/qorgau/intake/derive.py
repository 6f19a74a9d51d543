"""Turning a report's facts into stored rows, shared by intake and ``qorgau reprocess``.

* :func:`merge_fields`: supplied structured fields against what the engine extracted for the same
  fields; supplied values win, and every disagreement is kept in ``differences``.
* :func:`store_derived`: facts, identifier edges, person mentions and measures of a batch of
  reports, written with one multi-row statement per table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from qorgau.intake.fields import PersonIn
from qorgau.model import Facts
from qorgau.store.models import (
    KZ_TIME,
    MEASURE_KINDS,
    FactRow,
    Measure,
    PersonMention,
    ReportIdentifier,
)
from qorgau.store.repo import ensure_identifiers, fact_key


def _unique(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def extracted_fields(facts: Facts) -> dict[str, Any]:
    """What the engine found for the fields a record may also supply."""
    out: dict[str, Any] = {}
    if facts.language:
        out["language"] = facts.language
    if facts.ref_date:
        out["received_at"] = facts.ref_date.isoformat()
    regions = _unique([f.value for f in facts.facts if f.kind == "region" and isinstance(f.value, str)])
    if regions:
        out["region"] = regions
    articles = _unique(
        [
            f.value.get("code")
            for f in facts.facts
            if f.kind == "article" and isinstance(f.value, dict) and f.value.get("code")
        ]
    )
    if articles:
        out["article"] = articles
    return out


def _supplied_date(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(KZ_TIME).date().isoformat()


def merge_fields(supplied: dict[str, Any], facts: Facts) -> tuple[dict[str, Any], dict, dict]:
    """Return ``(effective, extracted, differences)`` for a report.

    ``effective`` holds the column values (``language``, ``region``, ``article``,
    ``received_at``, ``ref_date``): the supplied value where there is one, else the first
    extracted. ``differences`` maps each supplied field that the text contradicts to
    ``{"supplied": ..., "extracted": ...}``; a supplied region or article counts as agreeing when
    it is among those the text names.
    """
    extracted = extracted_fields(facts)
    differences: dict[str, Any] = {}
    for name, got in extracted.items():
        if name not in supplied:
            continue
        given = supplied[name]
        if name in ("region", "article"):
            same = given in got
        elif name == "received_at":
            same = _supplied_date(given) == got
        else:
            same = given == got
        if not same:
            differences[name] = {"supplied": given, "extracted": got}
    effective: dict[str, Any] = {"ref_date": facts.ref_date}
    effective["language"] = supplied.get("language", extracted.get("language"))
    for name in ("region", "article"):
        effective[name] = supplied.get(name, (extracted.get(name) or [None])[0])
    if "received_at" in supplied:
        effective["received_at"] = datetime.fromisoformat(supplied["received_at"])
    elif facts.ref_date:
        effective["received_at"] = datetime.combine(facts.ref_date, time(), KZ_TIME)
    else:
        effective["received_at"] = None
    return effective, extracted, differences


def _jsonable(values: list[Any]) -> list[Any]:
    """Fact values as JSON would store them (dates and other objects become strings)."""
    try:
        json.dumps(values)
        return values
    except (TypeError, ValueError):
        return json.loads(json.dumps(values, default=str))


def _iso_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass
class Derived:
    """Rows for one report, collected for a batch insert."""

    report_id: int
    facts: Facts
    persons: list[PersonIn] = field(default_factory=list)


def store_derived(session: Session, items: list[Derived]) -> None:
    """Insert facts, identifier edges, supplied person mentions and measures for a batch."""
    fact_rows: list[dict[str, Any]] = []
    measure_rows: list[dict[str, Any]] = []
    edges: dict[tuple[int, tuple[str, str], str], dict[str, Any]] = {}
    mention_rows: list[dict[str, Any]] = []

    for item in items:
        rid = item.report_id
        facts = item.facts.facts
        values = _jsonable([f.value for f in facts])
        extras = _jsonable([f.extra or None for f in facts])
        for seq, (f, value, extra) in enumerate(zip(facts, values, extras, strict=True)):
            fact_rows.append(
                {
                    "report_id": rid,
                    "seq": seq,
                    "kind": f.kind[:32],
                    "key": fact_key(f.kind, value),
                    "value": value,
                    "span_start": f.start,
                    "span_end": f.end,
                    "text": f.text,
                    "rule": f.rule[:64],
                    "extra": extra,
                }
            )
            if f.kind == "identifier" and isinstance(value, dict) and value.get("valid") is True:
                kind, ident = value.get("kind"), value.get("value")
                if not (isinstance(kind, str) and isinstance(ident, str) and ident):
                    continue
                pair = (kind[:16], ident[:200])
                key = (rid, pair, "extracted")
                role = value.get("role") or (f.extra or {}).get("role")
                if key in edges:
                    edges[key]["mentions"] += 1
                    edges[key]["role"] = edges[key]["role"] or role
                else:
                    edges[key] = {
                        "role": role if isinstance(role, str) else None,
                        "mentions": 1,
                        "span_start": f.start,
                        "span_end": f.end,
                    }
            elif f.kind == "measure" and isinstance(value, dict):
                kind = value.get("kind")
                if kind not in MEASURE_KINDS:
                    continue
                measure_rows.append(
                    {
                        "kind": kind,
                        "report_id": rid,
                        "article": str(value["article"])[:16] if value.get("article") else None,
                        "issued_on": _iso_date(value.get("date") or value.get("issued")),
                        "starts_on": _iso_date(value.get("start")),
                        "ends_on": _iso_date(value.get("end")),
                        "details": {"fact_seq": seq, "value": value, "text": f.text},
                        "source": "extracted",
                    }
                )
        for person in item.persons:
            mention_rows.append(
                {
                    "report_id": rid,
                    "role": person.role,
                    "name": person.name,
                    "birth_date": person.birth_date,
                    "iin": person.iin,
                    "attrs": {**person.attrs, **person.identifier_map()},
                    "source": "supplied",
                }
            )
            for pair in person.identifiers:
                key = (rid, pair, "supplied")
                if key not in edges:
                    edges[key] = {"role": person.role, "mentions": 1, "span_start": None, "span_end": None}

    if fact_rows:
        session.execute(insert(FactRow.__table__), fact_rows)
    if edges:
        ids = ensure_identifiers(session, (pair for _r, pair, _s in edges))
        session.execute(
            insert(ReportIdentifier.__table__),
            [
                {"report_id": rid, "identifier_id": ids[pair], "source": source, **rest}
                for (rid, pair, source), rest in edges.items()
            ],
        )
    if mention_rows:
        session.execute(insert(PersonMention.__table__), mention_rows)
    if measure_rows:
        session.execute(insert(Measure.__table__), measure_rows)
