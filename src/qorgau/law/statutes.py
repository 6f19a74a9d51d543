"""Statutes as dated data: records per article and part, lookup of what is in force at a date.

Records come from ``data/law/statutes.yaml``. An article is named as the code writes it
(``"115-1"``, ``"190"``, ``"AC-73"``); a part as ``"190-2"``, ``"190 ч.2"``, ``"190 part 2"`` or
``"190/2"``. ``"115-1"`` always means article 115-1 (never article 115 part 1) because the
article exists: a trailing ``-N`` is read as a part only when the whole is not an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from qorgau.law.data import load
from qorgau.law.errors import LawInputError

LANGS = ("kk", "ru", "en")


@dataclass(frozen=True)
class Sanction:
    """One punishment the court may choose, with its limits in ``unit``.

    ``unit`` is one of ``mci``, ``hours``, ``days``, ``months``, ``times_amount``, ``lifetime`` or
    None (warning, confiscation). ``min``/``max`` are None where the reference gives no limit.
    """

    kind: str
    min: float | None
    max: float | None
    unit: str | None
    additional: bool = False
    min_basis: str | None = None
    confirmed: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Statute:
    """One article or part in one version, valid from ``valid_from`` to ``valid_to``."""

    id: str
    code: str
    article: str
    part: int | None
    title: dict[str, str]
    valid_from: date
    valid_to: date | None
    category: str | None
    role: str
    confirmed: bool
    sanctions: tuple[Sanction, ...]
    sanctions_known: bool
    elements: tuple[str, ...]
    features: tuple[str, ...]
    acts: tuple[dict[str, Any], ...]
    triggers: tuple[dict[str, Any], ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def in_force(self, on: date) -> bool:
        """Whether this version is in force on ``on`` (both ends inclusive)."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def ref(self) -> ArticleRef:
        return ArticleRef(self.code, self.article, self.part)

    def label(self) -> str:
        """Short English label, e.g. ``CC art. 190 part 2``."""
        return self.ref.label()


@dataclass(frozen=True)
class ArticleRef:
    """An article (and optionally a part) in one of the codes: CC or AC."""

    code: str
    article: str
    part: int | None = None

    @property
    def article_id(self) -> str:
        return f"AC-{self.article}" if self.code == "AC" else self.article

    @property
    def id(self) -> str:
        return self.article_id if self.part is None else f"{self.article_id}/{self.part}"

    def label(self) -> str:
        text = f"{self.code} art. {self.article}"
        return text if self.part is None else f"{text} part {self.part}"


def _sanction(raw: dict[str, Any]) -> Sanction:
    return Sanction(
        kind=raw["kind"],
        min=raw.get("min"),
        max=raw.get("max"),
        unit=raw.get("unit"),
        additional=bool(raw.get("additional", False)),
        min_basis=raw.get("min_basis"),
        confirmed=bool(raw.get("confirmed", True)),
        note=raw.get("note"),
    )


@cache
def all_statutes() -> tuple[Statute, ...]:
    """Every statute record in the data, in file order; parts inherit from their ``base``."""
    data = load("statutes")
    raws = data["statutes"]
    by_id = {r["id"]: r for r in raws}
    out = []
    for r in raws:
        base = by_id.get(r["base"]) if r.get("base") else None

        def inherit(key: str, r: dict[str, Any] = r, base: dict[str, Any] | None = base) -> Any:
            if key in r:
                return r[key]
            return base.get(key, []) if base else []

        notes = tuple(
            str(r[k]) for k in ("note", "validity_note", "title_note", "category_note") if r.get(k)
        )
        out.append(
            Statute(
                id=str(r["id"]),
                code=r["code"],
                article=str(r["article"]),
                part=r.get("part"),
                title=dict(r["title"]),
                valid_from=r["valid_from"],
                valid_to=r.get("valid_to"),
                category=r.get("category"),
                role=r.get("role", "main"),
                confirmed=bool(r.get("confirmed", False)),
                sanctions=tuple(_sanction(s) for s in r.get("sanctions") or ()),
                sanctions_known=bool(r.get("sanctions_known", True)),
                elements=tuple(inherit("elements")),
                features=tuple(r.get("features", ())),
                acts=tuple(inherit("acts")),
                triggers=tuple(inherit("triggers")),
                sources=tuple(r.get("sources", ())),
                notes=notes,
                raw=r,
            )
        )
    return tuple(out)


def element(element_id: str) -> dict[str, Any]:
    """The definition of an element or qualifying feature (label, hint, matchers, sources)."""
    try:
        return load("statutes")["elements"][element_id]
    except KeyError:
        raise LawInputError(f"unknown element {element_id!r}") from None


def code_info(code: str) -> dict[str, Any]:
    """Name, number and dates of a code (``CC`` or ``AC``)."""
    return load("statutes")["codes"][code]


def thresholds() -> list[dict[str, Any]]:
    """Damage-size thresholds in MCI (large, especially large) with the articles they serve."""
    return list(load("statutes")["thresholds"])


def measure_info(kind: str) -> dict[str, Any] | None:
    """Data on a preventive measure (protective order, special requirements ...), if known."""
    return load("statutes")["measures"].get(kind)


@cache
def known_articles() -> dict[tuple[str, str], tuple[int | None, ...]]:
    """``{(code, article): parts}`` for every article in the data."""
    parts: dict[tuple[str, str], set[int | None]] = {}
    for s in all_statutes():
        parts.setdefault((s.code, s.article), set()).add(s.part)
    return {k: tuple(sorted(v, key=lambda p: -1 if p is None else p)) for k, v in parts.items()}


_AC_WORDS = re.compile(
    r"(?<![a-zа-яәғқңөұүһі])(?:ac|коап|кодекс[а-я]* об адм\w*|әқбтк|акк)(?![a-zа-яәғқңөұүһі])"
)
_CC_WORDS = re.compile(r"(?<![a-zа-яәғқңөұүһі])(?:cc|ук|қк|уголовн\w*)(?![a-zа-яәғқңөұүһі])")
_PART = re.compile(
    r"(?:ч\.?|часть|части|part|pt\.?|p\.)\s*(\d{1,2})\b"
    r"|(\d{1,2})\s*-?\s*(?:бөлік|бөлігі)\b"
    r"|/\s*(\d{1,2})\b"
    r"|\(\s*(\d{1,2})\s*\)"
)
_NUMBER = re.compile(r"(?<!\d)(\d{1,3}(?:-\d{1,2}){0,2})(?!\d)")


def _known_list() -> str:
    cc = sorted((a for c, a in known_articles() if c == "CC"), key=_sort_key)
    ac = sorted((a for c, a in known_articles() if c == "AC"), key=_sort_key)
    return f"CC {', '.join(cc)}; AC {', '.join(ac)}"


def _sort_key(article: str) -> tuple[int, ...]:
    return tuple(int(x) for x in article.split("-"))


def resolve(text: str) -> ArticleRef:
    """Read an article reference as people write it; raise :class:`LawInputError` if unknown."""
    if not isinstance(text, str) or not text.strip():
        raise LawInputError("no article given: name one, e.g. 115-1, 190-2 or AC-461")
    raw = text.strip()
    low = raw.lower().replace("\u2011", "-").replace("–", "-").replace("—", "-")
    code = "AC" if _AC_WORDS.search(low) else ("CC" if _CC_WORDS.search(low) else None)
    part = None
    pm = _PART.search(low)
    if pm:
        part = int(next(g for g in pm.groups() if g))
        low = low[: pm.start()] + " " + low[pm.end() :]
    nm = _NUMBER.search(low)
    if not nm:
        raise LawInputError(f"cannot read an article number in {raw!r}: write e.g. 115-1 or 190-2")
    number = nm.group(1)
    known = known_articles()
    codes = [code] if code else ["CC", "AC"]
    for c in codes:
        if (c, number) in known:
            return _with_part(raw, c, number, part)
    if part is None and "-" in number:
        head, tail = number.rsplit("-", 1)
        for c in codes:
            if (c, head) in known:
                return _with_part(raw, c, head, int(tail))
    raise LawInputError(f"unknown article {raw!r}: Qorgau knows {_known_list()}")


def _with_part(raw: str, code: str, article: str, part: int | None) -> ArticleRef:
    parts = [p for p in known_articles()[(code, article)] if p is not None]
    if part is not None and part not in parts:
        if not parts:
            raise LawInputError(
                f"{raw!r}: {code} art. {article} has no parts in Qorgau's data; "
                f"ask for {article} as a whole"
            )
        listed = ", ".join(str(p) for p in parts)
        raise LawInputError(
            f"{raw!r}: {code} art. {article} has parts {listed} in Qorgau's data, not {part}"
        )
    return ArticleRef(code, article, part)


def versions(ref: ArticleRef) -> list[Statute]:
    """Every record of the article (all parts when ``ref.part`` is None), oldest first."""
    out = [
        s
        for s in all_statutes()
        if s.code == ref.code
        and s.article == ref.article
        and (ref.part is None or s.part == ref.part or s.part is None)
    ]
    if ref.part is not None and any(s.part == ref.part for s in out):
        out = [s for s in out if s.part == ref.part or s.part is None]
    return sorted(out, key=lambda s: (s.valid_from, -1 if s.part is None else s.part))


def in_force(ref: ArticleRef | str, on: date) -> list[Statute]:
    """Records of the article in force on ``on`` (several when the article has parts).

    When a part is asked for and only a whole-article version is in force on that date (the part
    structure of the newer text is not known), the whole-article record is returned.
    """
    if isinstance(ref, str):
        ref = resolve(ref)
    found = [s for s in versions(ref) if s.in_force(on)]
    if ref.part is not None:
        exact = [s for s in found if s.part == ref.part]
        return exact or found
    with_parts = [s for s in found if s.part is not None]
    whole = [s for s in found if s.part is None]
    return whole + with_parts if whole and not with_parts else (with_parts or whole)


def get(record_id: str, on: date | None = None) -> Statute:
    """The record with this id (``"190/2"``, ``"115-1"``), in force on ``on`` when given."""
    matches = [s for s in all_statutes() if s.id == record_id]
    if on is not None:
        matches = [s for s in matches if s.in_force(on)]
    if not matches:
        raise LawInputError(f"no statute record {record_id!r}" + (f" on {on}" if on else ""))
    return matches[-1]


def category_info(category: str | None) -> dict[str, Any] | None:
    """Name, rank and limitation period of an offence category (None if unknown)."""
    if category is None:
        return None
    return load("categories")["categories"].get(category)
