"""Shared data classes of the facts engine: a document being read and the facts found in it.

The core modules (text, extract, law, link) exchange only these types. Every fact carries the
character span it came from in the *original* text and the name of the rule that found it, so any
interface can show why a fact is there.
"""

from __future__ import annotations

from bisect import bisect_right
from copy import deepcopy
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date
from typing import Any

# Fact kinds and the shape of their ``value`` (see docs/facts.md for the full contract).
#   language     "kk" | "ru" | "en"                     (per sentence; rule "lang:...")
#   identifier   {"kind": phone|email|handle|card|iban|iin|service_number, "value": str,
#                 "valid": bool, ...}
#   date         "YYYY-MM-DD", or "--MM-DD" when the year is unknown and nothing resolves it
#   month        "YYYY-MM"
#   period       {"start": iso|None, "end": iso|None, "months"|"days"|"years": n (durations)}
#   money        int tenge
#   mci          number of MCI (int or float)
#   percent      number
#   region       ISO 3166-2:KZ code, e.g. "KZ-47"
#   article      {"code": "115-1" | "190-2" | "AC-73", "code_book": "CC"|"AC", "implied": bool}
#   penalty      {"kind": fine_mci|fine_tenge|community_service_hours|arrest_days|
#                 imprisonment_months|restriction_of_freedom_months|admin_arrest_days|
#                 contact_ban|compensation|correctional_work_mci, "value": number|True,
#                 "mode": "imposed"|"max"|"min"|"range", "code_book": "CC"|"AC"}
#   measure      {"kind": protective_order|preventive_registration|admin_protocol|
#                 admin_penalty|special_requirements|detention, ...}
#   count        {"what": calls|messages|visits|victims|episodes|numbers|accounts, "value": int}
#   behaviour    label: calls|messages|social_media_monitoring|following|visits_home|
#                 visits_work|visits_public|threats|violence|blackmail|privacy_intrusion|
#                 contact_against_will
#   relationship label: ex_partner|spouse|ex_spouse|partner|relative|acquaintance|stranger
#   harm         label: fear|moved_home|changed_job|psychological|substantial_harm
#   age          int years
#   stat         {"article": str, "region": "KZ" | "KZ-xx", "count": int}
#   figure       {"metric": str, "value": number}
#   offence      label: stalking|coercion_to_marriage|internet_fraud (classification)
#   scheme       fraud scheme label (impersonation, prepayment_ad, investment, ...)


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) in the original text."""

    start: int
    end: int


@dataclass(slots=True)
class Fact:
    """One thing the engine found, with where and how it found it."""

    kind: str
    value: Any
    start: int
    end: int
    text: str
    rule: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        """The fact as plain JSON-ready data (a copy: changing it leaves the fact as it is);
        ``extra`` only when it holds something."""
        d = {"kind": self.kind, "value": _plain(self.value), "start": self.start,
             "end": self.end, "text": self.text, "rule": self.rule}
        if self.extra:
            d["extra"] = _plain(self.extra)
        return d


_SCALARS = (str, int, float, bool, type(None))


def _plain(v: Any) -> Any:
    """A copy of ``v`` as :func:`dataclasses.asdict` makes it, without its generic walk."""
    t = type(v)
    if t in _SCALARS:
        return v
    if t is dict:
        return {k: _plain(x) for k, x in v.items()}
    if t is list:
        return [_plain(x) for x in v]
    if t is tuple:
        return tuple(_plain(x) for x in v)
    if is_dataclass(v) and not isinstance(v, type):
        return asdict(v)
    return deepcopy(v)


@dataclass(slots=True)
class Sentence:
    """A sentence of the document: its span and its language."""

    start: int
    end: int
    language: str


@dataclass(slots=True)
class Document:
    """A document as the extractors see it.

    ``original`` is never altered. ``norm`` is the normalised copy, built by
    :func:`qorgau.text.normalise.normalise`, and has exactly the same length as ``original`` so a
    span found in ``norm`` is valid in ``original`` too. ``ref_date`` is the document's own date
    (from a dateline or the latest full date it states), used to resolve "this year" and dates
    written without a year.
    """

    id: str
    original: str
    norm: str
    language: str = "ru"
    sentences: list[Sentence] = field(default_factory=list)
    ref_date: date | None = None
    facts: list[Fact] = field(default_factory=list)

    _starts: list[int] | None = field(default=None, repr=False)
    _lower: str | None = field(default=None, repr=False, compare=False)
    # Intermediate results that several extractors need (e.g. digit runs), keyed by name; each
    # entry records the text it was computed from so a stale one is never used.
    _shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def lower(self) -> str:
        """Lower-cased copy of ``norm`` with the same length, computed once and shared by the
        extractors. U+0130 (the only character whose lower case is two characters long) becomes
        "i". Reset ``_lower`` to None after replacing ``norm``."""
        low = self._lower
        if low is None or len(low) != len(self.norm):
            low = self.norm.lower()
            if len(low) != len(self.norm):
                low = self.norm.replace("\u0130", "I").lower()
            self._lower = low
        return low

    def lang_at(self, pos: int) -> str:
        """Language of the sentence that contains character ``pos`` (binary search)."""
        if self._starts is None or len(self._starts) != len(self.sentences):
            self._starts = [s.start for s in self.sentences]
        i = bisect_right(self._starts, pos) - 1
        if 0 <= i < len(self.sentences):
            s = self.sentences[i]
            if s.start <= pos < s.end:
                return s.language or self.language
        return self.language

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]


@dataclass(slots=True)
class Facts:
    """The result of reading one document."""

    id: str
    language: str
    ref_date: date | None
    sentences: list[Sentence]
    facts: list[Fact]
    engine_version: str

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "language": self.language,
            "ref_date": self.ref_date.isoformat() if self.ref_date else None,
            "engine_version": self.engine_version,
            "sentences": [asdict(s) for s in self.sentences],
            "facts": [f.to_dict() for f in self.facts],
        }
