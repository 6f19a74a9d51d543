"""Keeping ``stat_cases`` in step with the store: one counted row per report, from its facts.

:func:`refresh` derives the rows of the reports stored or re-read since the last refresh (found
through two high-water marks: the latest report id and the latest extraction time), so that it
costs two index look-ups when nothing changed; ``full=True`` derives every report again.
:func:`refresh_reports` derives given reports inside the caller's transaction (for intake).

What a row takes from a report (supplied fields win, as everywhere in the store):

* article and part: the report's article; its part from an article fact of the same article
  that states one (``ч. 2 ст. 190`` → 190 part 2); with no article, the offence the classifier
  found (stalking → 115-1, coercion to marriage → 125-1, internet fraud → 190);
* status: the report's free-text status read by :func:`qorgau.stats.vocab.status_of`;
* registration date: the date the report was received (Kazakhstan time), else its own date;
* category: the offence category of the article and part in force on that date (``qorgau.law``);
* for fraud (article 190 or the internet-fraud offence): the scheme fact (``other`` without one),
  the largest sum of money as the damage, and the earliest full date on or before registration
  as the date of the loss, which gives the reporting delay;
* victim's age: the ``age`` a form supplied for the victim, else the first age fact;
* suspect: the person entity linking gave the report's suspect (for persons prosecuted).

Official letters and news items (by channel), and any document that publishes statistics (it
holds ``stat`` or ``figure`` facts), are documents about cases, not cases: they get no row (their
figures go to ``published_figures``, see :mod:`qorgau.stats.published`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from qorgau.stats.core import CaseRow
from qorgau.stats.models import StatCase, StatState
from qorgau.stats.vocab import status_of
from qorgau.store.models import KZ_TIME, FactRow, PersonMention, Report, utcnow

STATE = "cases"
FRAUD_ARTICLE = "190"
OFFENCE_ARTICLES = {"stalking": "115-1", "coercion_to_marriage": "125-1", "internet_fraud": "190"}
ARTICLE_OFFENCES = {v: k for k, v in OFFENCE_ARTICLES.items()}
FACT_KINDS = ("article", "offence", "scheme", "money", "date", "age", "stat", "figure")
DOCUMENT_CHANNELS = ("official_letter", "news")
"""Channels of documents about cases (letters, news), which are not cases themselves."""


@lru_cache(maxsize=512)
def _ref(code: str) -> Any:
    """The legal engine's reading of an article code, or None when it does not know it."""
    from qorgau.law.errors import LawInputError
    from qorgau.law.statutes import resolve

    try:
        return resolve(code)
    except LawInputError:
        return None


def split_article(code: str | None) -> tuple[str | None, int | None]:
    """``190-2`` → ``("190", 2)``; ``115-1`` → ``("115-1", None)``; unknown codes stay whole."""
    if not code:
        return None, None
    ref = _ref(code)
    if ref is None:
        return code.upper(), None
    return ref.article_id, ref.part


@lru_cache(maxsize=8192)
def category_of(article: str | None, part: int | None, on: date | None) -> str | None:
    """The offence category of an article (and part) in force on a date, when the legal engine
    knows exactly one; None otherwise."""
    if not article:
        return None
    ref = _ref(article if part is None else f"{article}-{part}")
    if ref is None:
        return None
    from qorgau.law.statutes import in_force

    try:
        found = in_force(ref, on or date.today())
    except Exception:  # a date outside the legal data, or an article it cannot place
        return None
    cats = {s.category for s in found if s.category}
    return cats.pop() if len(cats) == 1 else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _full_date(value: Any) -> date | None:
    if isinstance(value, str) and len(value) == 10 and value[0] != "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _kz_date(moment: datetime | None) -> date | None:
    return moment.astimezone(KZ_TIME).date() if moment else None


@dataclass
class _Report:
    id: int
    article: str | None
    region: str | None
    status: str | None
    received_at: datetime | None
    ref_date: date | None
    channel: str | None
    facts: list[tuple[str, Any]]
    victim_age: int | None = None
    suspect_id: int | None = None


def is_case(r: _Report) -> bool:
    """Whether a report counts as a case: not an official letter or news item, and not a
    document that publishes statistics (it holds ``stat`` or ``figure`` facts)."""
    if r.channel in DOCUMENT_CHANNELS:
        return False
    return not any(kind in ("stat", "figure") for kind, _ in r.facts)


def _row(r: _Report) -> CaseRow:
    first: dict[str, Any] = {}
    codes: list[str] = []
    money = 0
    dates: list[date] = []
    for kind, value in r.facts:
        if kind == "article" and isinstance(value, dict) and value.get("code"):
            codes.append(str(value["code"]))
        elif kind == "money":
            money = max(money, _int(value) or 0)
        elif kind == "date":
            d = _full_date(value)
            if d:
                dates.append(d)
        elif kind not in first:
            first[kind] = value
    offence = first.get("offence") if isinstance(first.get("offence"), str) else None
    code = r.article or (codes[0] if codes else None) or OFFENCE_ARTICLES.get(offence or "")
    article, part = split_article(code)
    if article and part is None:
        for c in codes:
            a, p = split_article(c)
            if a == article and p is not None:
                part = p
                break
    offence = offence or ARTICLE_OFFENCES.get(article or "")
    registered = _kz_date(r.received_at) or r.ref_date
    fraud = article == FRAUD_ARTICLE or offence == "internet_fraud"
    scheme = damage = loss = delay = None
    if fraud:
        scheme = first.get("scheme") if isinstance(first.get("scheme"), str) else "other"
        damage = money or None
        if registered:
            earlier = [d for d in dates if d <= registered]
            if earlier:
                loss = min(earlier)
                delay = (registered - loss).days
    age = r.victim_age if r.victim_age is not None else _int(first.get("age"))
    return CaseRow(
        report_id=r.id,
        article=article,
        part=part,
        region=r.region,
        status=status_of(r.status),
        registered_on=registered,
        channel=r.channel,
        offence=offence,
        scheme=scheme,
        category=category_of(article, part, registered),
        damage_tenge=damage,
        victim_age=age if age is None or 0 <= age < 130 else None,
        loss_on=loss,
        delay_days=delay,
        suspect_id=r.suspect_id,
    )


def derive(session: Session, report_ids: list[int]) -> list[CaseRow]:
    """The counted rows of these reports, read from the store (no writes)."""
    reports: dict[int, _Report] = {}
    for r in session.execute(
        select(
            Report.id, Report.article, Report.region, Report.status, Report.received_at,
            Report.ref_date, Report.channel,
        ).where(Report.id.in_(report_ids))
    ):
        reports[r.id] = _Report(r.id, r.article, r.region, r.status, r.received_at, r.ref_date,
                                r.channel, [])
    for rid, kind, value in session.execute(
        select(FactRow.report_id, FactRow.kind, FactRow.value)
        # coalesce() keeps SQLite on the report_id index rather than scanning (kind, key)
        .where(FactRow.report_id.in_(report_ids), func.coalesce(FactRow.kind, "").in_(FACT_KINDS))
        .order_by(FactRow.report_id, FactRow.seq)
    ):
        reports[rid].facts.append((kind, value))
    for rid, role, attrs, person_id in session.execute(
        select(PersonMention.report_id, PersonMention.role, PersonMention.attrs,
               PersonMention.person_id)
        .where(PersonMention.report_id.in_(report_ids))
        .order_by(PersonMention.id)
    ):
        r = reports[rid]
        if role == "victim" and r.victim_age is None and isinstance(attrs, dict):
            r.victim_age = _int(attrs.get("age"))
        elif role == "suspect" and person_id is not None:
            r.suspect_id = person_id if r.suspect_id is None else min(r.suspect_id, person_id)
    return [_row(reports[i]) for i in report_ids if i in reports and is_case(reports[i])]


def store_rows(session: Session, rows: Iterable[CaseRow], replace: Iterable[int] = ()) -> int:
    """Write rows into ``stat_cases``, replacing those of the same reports (and removing those
    of the reports in ``replace``)."""
    rows = list(rows)
    ids = sorted({r.report_id for r in rows} | set(replace))
    for i in range(0, len(ids), 900):
        session.execute(delete(StatCase).where(StatCase.report_id.in_(ids[i : i + 900])))
    if rows:
        session.execute(insert(StatCase), [r.as_dict() for r in rows])
    return len(rows)


def refresh_reports(session: Session, report_ids: list[int]) -> int:
    """Derive and store the rows of these reports inside the caller's transaction; returns how
    many of them count as cases."""
    done = 0
    for i in range(0, len(report_ids), 900):
        chunk = report_ids[i : i + 900]
        done += store_rows(session, derive(session, chunk), replace=chunk)
    return done


@dataclass
class RefreshResult:
    """What a refresh did."""

    derived: int
    full: bool
    max_report_id: int
    max_extracted_at: datetime | None


def _marks(session: Session) -> tuple[int, datetime | None]:
    max_id = session.scalar(select(func.max(Report.id))) or 0
    max_at = session.scalar(select(func.max(Report.extracted_at)))
    return int(max_id), max_at


def _ids(session: Session, cond: Any, batch: int) -> Iterator[list[int]]:
    after = 0
    while True:
        ids = list(
            session.scalars(
                select(Report.id).where(cond, Report.id > after).order_by(Report.id).limit(batch)
            )
        )
        if not ids:
            return
        yield ids
        after = ids[-1]


def is_current(session: Session) -> bool:
    """Whether ``stat_cases`` already holds every stored report as last extracted."""
    return _current(session.get(StatState, STATE), *_marks(session))


def _current(state: StatState | None, max_id: int, max_at: datetime | None) -> bool:
    if state is None or state.max_report_id < max_id:
        return False
    return max_at is None or (
        state.max_extracted_at is not None and state.max_extracted_at >= max_at
    )


def refresh(db: Any, *, full: bool = False, batch: int = 2000) -> RefreshResult:
    """Bring ``stat_cases`` up to date with the store (see the module docstring).

    Each batch of reports is its own transaction, so a long refresh can be interrupted and run
    again; the marks are written last."""
    with db.session() as s:
        state = s.get(StatState, STATE)
        max_id, max_at = _marks(s)
    full = full or state is None
    if not full and _current(state, max_id, max_at):
        return RefreshResult(0, False, max_id, max_at)
    conds = []
    if full:
        conds.append(Report.id <= max_id)
    else:
        conds.append((Report.id > state.max_report_id) & (Report.id <= max_id))
        if state.max_extracted_at is not None:
            conds.append(
                (Report.extracted_at > state.max_extracted_at) & (Report.id <= state.max_report_id)
            )
    derived = 0
    seen: set[int] = set()
    with db.session() as reader:
        for cond in conds:
            for ids in _ids(reader, cond, batch):
                ids = [i for i in ids if i not in seen]
                seen.update(ids)
                with db.transaction() as s:
                    derived += refresh_reports(s, ids)
    with db.transaction() as s:
        state = s.get(StatState, STATE)
        if state is None:
            state = StatState(name=STATE)
            s.add(state)
        state.max_report_id = max_id
        state.max_extracted_at = max_at
        state.refreshed_at = utcnow()
    return RefreshResult(derived, full, max_id, max_at)
