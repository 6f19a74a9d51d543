"""The article as in force at a date: what ``qorgau law show`` prints and returns as JSON.

:func:`article_view` answers for an article or a part: in force or not on that date (and since
when), the category, every sanction with its limits in MCI and tenge of that date, the
limitation period, the compulsory Fund payment, the elements, the sources and the items the
reference marks UNCONFIRMED. An article with parts lists each part under ``parts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qorgau.law.dating import check_date
from qorgau.law.mci import MciValue, mci
from qorgau.law.penalties import PenaltyRange, range_for
from qorgau.law.statutes import ArticleRef, Statute, element, in_force, resolve, versions


@dataclass
class ArticleView:
    """An article (or part) looked up at a date."""

    ref: ArticleRef
    on: date
    records: list[Statute]
    ranges: list[PenaltyRange]
    all_versions: list[Statute]
    mci: MciValue
    notes: list[str] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        return bool(self.records)

    @property
    def first_from(self) -> date:
        return min(v.valid_from for v in self.all_versions)

    @property
    def last_to(self) -> date | None:
        ends = [v.valid_to for v in self.all_versions]
        return None if any(e is None for e in ends) else max(ends)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        parts = [_record_dict(r, pr, lang) for r, pr in zip(self.records, self.ranges, strict=True)]
        if self.records:
            cats = {r.category for r in self.records}
            category = cats.pop() if len(cats) == 1 else None
            in_from = min(r.valid_from for r in self.records)
            tos = [r.valid_to for r in self.records]
            in_to = None if any(t is None for t in tos) else min(tos)
        else:
            category, in_from, in_to = None, self.first_from, self.last_to
            if self.on < self.first_from:
                in_to = None
        single = parts[0] if len(parts) == 1 else None
        sanctions = [dict(s, part=p["part"]) for p in parts for s in p["sanctions"]]
        first = self.all_versions[0]
        return {
            "article": self.ref.article_id,
            "part": self.ref.part,
            "code": self.ref.code,
            "id": self.ref.id,
            "on": self.on.isoformat(),
            "title": (self.records[0] if self.records else first).title[lang],
            "titles": dict((self.records[0] if self.records else first).title),
            "in_force": self.in_force,
            "in_force_from": in_from.isoformat(),
            "in_force_to": in_to.isoformat() if in_to else None,
            "category": category,
            "category_name": single["category_name"] if single else None,
            "sanctions": sanctions,
            "limitation": single["limitation"] if single else None,
            "fund_payment": single["fund_payment"] if single else None,
            "mci": self.mci.to_dict(),
            "elements": single["elements"] if single else [],
            "features": single["features"] if single else [],
            "parts": parts if len(parts) > 1 else [],
            "versions": [
                {
                    "id": v.id,
                    "from": v.valid_from.isoformat(),
                    "to": v.valid_to.isoformat() if v.valid_to else None,
                }
                for v in self.all_versions
            ],
            "confirmed": all(r.confirmed for r in self.records)
            if self.records
            else first.confirmed,
            "notes": _unique(self.notes + [n for p in parts for n in p["notes"]]),
            "sources": _unique([s for r in (self.records or [first]) for s in r.sources]),
        }


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out


def _element_dicts(ids: tuple[str, ...], lang: str) -> list[dict[str, Any]]:
    out = []
    for eid in ids:
        spec = element(eid)
        out.append(
            {
                "id": eid,
                "label": spec["label"][lang],
                "confirmed": bool(spec.get("confirmed", True)),
            }
        )
    return out


def _record_dict(r: Statute, pr: PenaltyRange, lang: str) -> dict[str, Any]:
    d = pr.to_dict(lang)
    d["in_force_from"] = r.valid_from.isoformat()
    d["in_force_to"] = r.valid_to.isoformat() if r.valid_to else None
    d["elements"] = _element_dicts(r.elements, lang)
    d["features"] = _element_dicts(r.features, lang)
    d["title_confirmed"] = bool(r.raw.get("title_confirmed", False))
    d["enacted_by"] = r.raw.get("enacted_by")
    d["sources"] = list(r.sources)
    return d


def article_view(article: str, on: date) -> ArticleView:
    """Look an article up at ``on``; raises :class:`LawInputError` for unknown articles and dates
    out of range (a valid article not in force on that date is an answer, not an error)."""
    check_date(on)
    ref = resolve(article)
    records = in_force(ref, on)
    notes = []
    if ref.part is not None and records and all(r.part is None for r in records):
        notes.append(
            f"the part structure of the text in force on {on.isoformat()} is not known; "
            "showing the article as a whole"
        )
    return ArticleView(
        ref=ref,
        on=on,
        records=records,
        ranges=[range_for(r, on) for r in records],
        all_versions=versions(ref),
        mci=mci(on),
        notes=notes,
    )
