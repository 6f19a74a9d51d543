"""Placing facts in time: which date, month or period each act belongs to.

The facts engine finds dates and acts separately, each with its span. An act (a behaviour, a
measure, an offence) is dated by, in order: a date the extractor put on it (``extra`` keys
``date``/``month``/``period``, or the same keys inside a dict value); the nearest date, month or
period in the same sentence (without sentence information: within ``WINDOW`` characters);
otherwise it stays undated. An undated act in a dated document is known to be no later than the
document date, which is enough to place it before a law that came into force later.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from qorgau.model import Fact, Sentence

WINDOW = 200
"""Characters around an act searched for a date when sentences are not known."""
NEIGHBOURS = 3
"""Anchors looked at on each side of an act, in text order."""

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_NO_YEAR = re.compile(r"^--(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class When:
    """A time range (both ends inclusive; None = open) and the text that gave it."""

    start: date | None
    end: date | None
    text: str
    precision: str  # day | month | year | period | before_document

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "text": self.text,
            "precision": self.precision,
        }


@dataclass(frozen=True)
class DatedFact:
    """A fact with the time it was placed at (``when`` None = undated) and how."""

    fact: Fact
    when: When | None
    how: str  # explicit | sentence | window | document | none

    def to_dict(self) -> dict[str, Any]:
        f = self.fact
        d: dict[str, Any] = {
            "kind": f.kind,
            "value": f.value,
            "text": f.text,
            "start": f.start,
            "end": f.end,
            "rule": f.rule,
        }
        d["when"] = self.when.to_dict() if self.when else None
        d["dated_by"] = self.how
        return d


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def parse_bound(text: Any, ref_date: date | None = None) -> tuple[date, date, str] | None:
    """Read an ISO day, month or year (or ``--MM-DD`` with ``ref_date``) as an inclusive range."""
    if isinstance(text, date):
        return text, text, "day"
    if not isinstance(text, str):
        return None
    s = text.strip()
    try:
        if m := _ISO_DAY.match(s):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d, "day"
        if m := _ISO_MONTH.match(s):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), _month_end(y, mo), "month"
        if m := _ISO_YEAR.match(s):
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31), "year"
        if (m := _NO_YEAR.match(s)) and ref_date is not None:
            d = date(ref_date.year, int(m[1]), int(m[2]))
            if d > ref_date:
                d = date(ref_date.year - 1, int(m[1]), int(m[2]))
            return d, d, "day"
    except ValueError:
        return None
    return None


def when_of(fact: Fact, ref_date: date | None = None) -> When | None:
    """The time range a ``date``, ``month`` or ``period`` fact stands for (None if unreadable)."""
    value = fact.value
    if fact.kind in ("date", "month"):
        b = parse_bound(value, ref_date)
        return When(b[0], b[1], fact.text, b[2]) if b else None
    if fact.kind == "period" and isinstance(value, dict):
        start = parse_bound(value.get("start"), ref_date)
        end = parse_bound(value.get("end"), ref_date)
        if start is None and end is None:
            return None  # a bare duration ("for 3 months") places nothing in time
        return When(start[0] if start else None, end[1] if end else None, fact.text, "period")
    return None


def _explicit(fact: Fact, ref_date: date | None) -> When | None:
    sources = [fact.extra or {}]
    if isinstance(fact.value, dict):
        sources.append(fact.value)
    for src in sources:
        for key in ("date", "month"):
            if src.get(key):
                b = parse_bound(src[key], ref_date)
                if b:
                    return When(b[0], b[1], str(src[key]), b[2])
        period = src.get("period")
        if isinstance(period, dict):
            w = when_of(
                Fact("period", period, fact.start, fact.end, fact.text, "explicit"), ref_date
            )
            if w:
                return w
    return None


def anchors(facts: list[Fact], ref_date: date | None = None) -> list[tuple[Fact, When]]:
    """Every date, month and period fact that places something in time, in text order."""
    out = []
    for f in facts:
        if f.kind in ("date", "month", "period"):
            w = when_of(f, ref_date)
            if w is not None:
                out.append((f, w))
    out.sort(key=lambda fw: fw[0].start)
    return out


def _distance(a: Fact, b: Fact) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def date_facts(
    targets: list[Fact],
    facts: list[Fact],
    sentences: list[Sentence] | None = None,
    ref_date: date | None = None,
) -> list[DatedFact]:
    """Place each target fact in time using the date facts among ``facts`` (see module doc)."""
    marks = anchors(facts, ref_date)
    sent_starts = [s.start for s in sentences] if sentences else []

    def sentence_of(pos: int) -> int | None:
        if not sentences:
            return None
        i = bisect.bisect_right(sent_starts, pos) - 1
        if i >= 0 and sentences[i].start <= pos < max(sentences[i].end, sentences[i].start + 1):
            return i
        return None

    # index the anchors once (by sentence when known), sorted by start: the nearest anchor to an
    # act is among its neighbours in that order, so each act looks at a few anchors only
    pools: dict[int | None, tuple[list[int], list[tuple[Fact, When]]]] = {}
    for f, fw in marks:
        key = sentence_of(f.start) if sentences else None
        pools.setdefault(key, ([], []))
        pools[key][0].append(f.start)
        pools[key][1].append((f, fw))

    def nearby(t: Fact) -> list[tuple[Fact, When]]:
        key = sentence_of(t.start) if sentences else None
        if sentences and key is None or key not in pools:
            return []
        starts, pool = pools[key]
        i = bisect.bisect_right(starts, t.start)
        near = pool[max(0, i - NEIGHBOURS) : i + NEIGHBOURS]
        if sentences:
            return near
        return [m for m in near if _distance(t, m[0]) <= WINDOW]

    out = []
    for t in targets:
        w = _explicit(t, ref_date)
        if w is not None:
            out.append(DatedFact(t, w, "explicit"))
            continue
        best = None
        for f, fw in nearby(t):
            # nearest wins; on a tie the date written before the act wins
            key = (_distance(t, f), 0 if f.start <= t.start else 1)
            if best is None or key < best[0]:
                best = (key, fw)
        if best is not None:
            out.append(DatedFact(t, best[1], "sentence" if sentences else "window"))
        elif ref_date is not None:
            out.append(
                DatedFact(
                    t, When(None, ref_date, ref_date.isoformat(), "before_document"), "document"
                )
            )
        else:
            out.append(DatedFact(t, None, "none"))
    return out


def place(when: When | None, valid_from: date, valid_to: date | None, on: date) -> str:
    """Where a time range falls against a validity window, as seen on the assessment date ``on``.

    Returns ``before`` (entirely before ``valid_from``), ``within``, ``straddles`` (begins before
    and continues into the window: only the later part counts), ``after`` (after ``valid_to``),
    ``future`` (begins after ``on``) or ``undated``.
    """
    if when is None:
        return "undated"
    start, end = when.start, when.end
    if start is not None and start > on:
        return "future"
    effective_end = min(end, on) if end is not None else on
    if effective_end < valid_from:
        return "before"
    if valid_to is not None and start is not None and start > valid_to:
        return "after"
    if when.precision == "before_document":
        return "undated"
    if start is None:
        return "straddles"  # "until <date>" with no start: the conduct ran into the window
    if start >= valid_from:
        return "within"
    return "straddles"
