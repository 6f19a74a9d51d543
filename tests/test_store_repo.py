"""Repositories: identifiers and the link graph, people and mentions, cases, measures, timelines."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from qorgau.model import Fact
from qorgau.store import repo
from qorgau.store.models import FactRow, Identifier, PersonMention, Report, ReportIdentifier


def _add_report(s, ext_id: str, **kw) -> int:
    report = Report(
        ext_id=ext_id, sha256=kw.pop("sha256", ext_id.ljust(64, "0")), text=kw.pop("text", ext_id),
        channel=kw.pop("channel", "import"), engine_version="v", **kw,
    )
    s.add(report)
    s.flush()
    return report.id


def _link(s, report_id: int, kind: str, value: str, source: str = "extracted", role=None) -> None:
    ids = repo.ensure_identifiers(s, [(kind, value)])
    s.add(
        ReportIdentifier(
            report_id=report_id, identifier_id=ids[(kind, value)], source=source, role=role,
            mentions=1,
        )
    )
    s.flush()


@pytest.mark.parametrize(
    ("kind", "value", "key"),
    [
        ("region", "KZ-75", "KZ-75"),
        ("money", 250000, "250000"),
        ("percent", 12.5, "12.5"),
        ("article", {"code": "115-1", "code_book": "CC", "implied": False}, "115-1"),
        ("identifier", {"kind": "phone", "value": "+77015550000", "valid": True}, "phone:+77015550000"),
        ("measure", {"kind": "protective_order", "start": "2025-01-01"}, "protective_order"),
        ("penalty", {"kind": "fine_mci", "value": 100, "mode": "imposed"}, "fine_mci"),
        ("count", {"what": "calls", "value": 40}, "calls"),
        ("figure", {"metric": "crimes_registered", "value": 10}, "crimes_registered"),
        ("stat", {"article": "190", "region": "KZ", "count": 3}, "190"),
        ("period", {"start": "2025-01-01", "end": None}, None),
        ("language", "kk", "kk"),
        ("flag", True, "true"),
    ],
)
def test_fact_key(kind, value, key):
    assert repo.fact_key(kind, value) == key


def test_ensure_identifiers_stores_each_pair_once(db):
    pairs = [("phone", "+77015550001"), ("card", "4400430000000001"), ("phone", "+77015550001")]
    with db.transaction() as s:
        first = repo.ensure_identifiers(s, pairs)
    with db.transaction() as s:
        again = repo.ensure_identifiers(s, pairs + [("iban", "KZ000000000000000001")])
    assert len(first) == 2
    assert {k: again[k] for k in first} == first
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Identifier)) == 3
        assert repo.find_identifier(s, "card", "4400430000000001").id == first[("card", "4400430000000001")]
        assert repo.find_identifier(s, "card", "nope") is None


def test_reports_with_identifier_and_seen_counts(db):
    with db.transaction() as s:
        r1, r2, r3 = (_add_report(s, f"r{i}") for i in (1, 2, 3))
        _link(s, r1, "phone", "+77015550002")
        _link(s, r2, "phone", "+77015550002")
        _link(s, r2, "phone", "+77015550002", source="supplied", role="suspect")
        _link(s, r3, "card", "4400430000000002")
        case, created = repo.get_or_create_case(s, "stalking:r1-r2", offence="stalking")
        assert created
        repo.add_report_to_case(s, case.id, r1, {"why": "shared phone"})
        repo.add_report_to_case(s, case.id, r1)  # a second time changes nothing
    with db.session() as s:
        assert repo.reports_with_identifier(s, "phone", "+77015550002") == [r1, r2]
        seen = repo.identifier_seen(s, "phone", "+77015550002", exclude_report=r2)
        assert (seen.reports, seen.cases) == (1, 1)
        assert seen.first_seen_at is not None
        assert repo.identifier_seen(s, "phone", "+77015550002").reports == 2
        unknown = repo.identifier_seen(s, "email", "x@y.kz")
        assert (unknown.reports, unknown.cases, unknown.first_seen_at) == (0, 0, None)
        uses = repo.report_identifiers(s, r2)
        assert sorted((u.source, u.role) for u in uses) == [("extracted", None), ("supplied", "suspect")]
        assert repo.case_reports(s, case.id) == [r1]


def test_identifier_edges_stream_in_order_across_pages(db):
    with db.transaction() as s:
        ids = [_add_report(s, f"e{i}") for i in range(7)]
        for i, rid in enumerate(ids):
            _link(s, rid, "phone", f"+7701555{i % 3:04d}")
            _link(s, rid, "email", f"user{i}@mail.kz")
            _link(s, rid, "phone", f"+7701555{i % 3:04d}", source="supplied")  # same edge, twice
    with db.session() as s:
        edges = list(repo.iter_identifier_edges(s, batch=4))
        assert len(edges) == 14 and edges == sorted(edges) and len(set(edges)) == 14
        phones = list(repo.iter_identifier_edges(s, kinds=["phone"], after_report_id=ids[4]))
        assert [r for r, _ in phones] == ids[5:]


def test_report_facts_come_back_as_model_facts(db):
    with db.transaction() as s:
        rid = _add_report(s, "f1")
        s.add_all(
            [
                FactRow(report_id=rid, seq=1, kind="money", key="5000", value=5000, span_start=9,
                        span_end=13, text="5000", rule="money:digits"),
                FactRow(report_id=rid, seq=0, kind="region", key="KZ-75", value="KZ-75",
                        span_start=0, span_end=6, text="Алматы", rule="places:city",
                        extra={"name": "Алматы"}),
            ]
        )
    with db.session() as s:
        facts = repo.report_facts(s, rid)
        assert facts == [
            Fact("region", "KZ-75", 0, 6, "Алматы", "places:city", {"name": "Алматы"}),
            Fact("money", 5000, 9, 13, "5000", "money:digits", {}),
        ]
        assert repo.report_facts(s, rid, "money")[0].value == 5000


def test_mentions_persons_and_history(db):
    with db.transaction() as s:
        r1 = _add_report(s, "h1", received_at=None, ref_date=date(2025, 2, 1))
        r2 = _add_report(s, "h2")
        m1 = PersonMention(report_id=r1, role="suspect", name="Болат Сейтказиев", source="supplied")
        m2 = PersonMention(report_id=r2, role="suspect", name="Bolat Seitkaziev", source="supplied")
        s.add_all([m1, m2])
        s.flush()
        person = repo.create_person(s, display_name="Болат Сейтказиев", name_key="bolat seitkaziev")
        repo.link_mention(s, m1.id, person.id, {"rule": "test", "score": 1.0})
        repo.link_mention(s, m2.id, person.id, {"rule": "fuzzy-name", "score": 0.97})
        order = repo.add_measure(
            s, "protective_order", person_id=person.id, report_id=r1,
            starts_on=date(2025, 2, 1), ends_on=date(2025, 3, 2), issuer="district police",
        )
        repo.add_measure(s, "admin_penalty", person_id=person.id, issued_on=date(2024, 11, 5))
        case, _ = repo.get_or_create_case(s, "stalking:p", offence="stalking")
        repo.add_person_to_case(s, case.id, person.id, "suspect")
        repo.add_person_to_case(s, case.id, person.id, "suspect")
    with db.session() as s:
        assert [m.name for m in repo.report_mentions(s, r2, "suspect")] == ["Bolat Seitkaziev"]
        assert repo.report_mentions(s, r2, "victim") == []
        assert [m.id for m in repo.iter_mentions(s, batch=1)] == [m1.id, m2.id]
        history = repo.person_history(s, person.id)
        assert [r.id for r in history.reports] == [r1, r2]
        assert [m.kind for m in history.measures] == ["protective_order", "admin_penalty"]
        assert [c.id for c in history.cases] == [case.id]
        assert [m.id for m in history.measures_in_force(date(2025, 2, 20))] == [order.id]
        assert history.measures_in_force(date(2025, 3, 3)) == []
        mention = s.get(PersonMention, m2.id)
        assert mention.link_evidence == {"rule": "fuzzy-name", "score": 0.97}
    with pytest.raises(KeyError), db.transaction() as s:
        repo.link_mention(s, 10_000, None, None)


def test_case_timeline_orders_reports_measures_incidents(db):
    with db.transaction() as s:
        r1 = _add_report(s, "t1", ref_date=date(2025, 4, 3), channel="102")
        r2 = _add_report(s, "t2", channel="walk_in")
        case, _ = repo.get_or_create_case(s, "k", offence="stalking")
        again, created = repo.get_or_create_case(s, "k")
        assert again.id == case.id and not created
        for rid in (r1, r2):
            repo.add_report_to_case(s, case.id, rid)
        repo.add_incident(s, "visits_home", report_id=r1, occurred_on=date(2025, 3, 30),
                          when_text="2025-03-30", description="waited at the entrance")
        repo.add_incident(s, "threats", case_id=case.id, occurred_on=date(2025, 4, 1))
        repo.add_measure(s, "protective_order", case_id=case.id, issued_on=date(2025, 4, 5))
        repo.add_incident(s, "calls", case_id=case.id)
    with db.session() as s:
        timeline = repo.case_timeline(s, case.id)
        assert [(e.on, e.what, e.kind) for e in timeline] == [
            (date(2025, 3, 30), "incident", "visits_home"),
            (date(2025, 4, 1), "incident", "threats"),
            (date(2025, 4, 3), "report", "102"),
            (date(2025, 4, 5), "measure", "protective_order"),
            (None, "incident", "calls"),
            (None, "report", "walk_in"),
        ]


def test_same_text_reports_and_iteration(db):
    with db.transaction() as s:
        a = _add_report(s, "same-a", sha256="a" * 64)
        b = _add_report(s, "same-b", sha256="a" * 64)
        c = _add_report(s, "other", sha256="c" * 64)
    with db.session() as s:
        assert repo.reports_with_same_text(s, a) == [b]
        assert repo.reports_with_same_text(s, c) == []
        assert [r.id for r in repo.iter_reports(s, batch=2)] == [a, b, c]
        assert repo.report_ids_by_ext_id(s, ["same-b", "missing"]) == {"same-b": b}
        assert repo.get_report(s, c).ext_id == "other"


def test_delete_extracted_keeps_supplied_rows(db):
    with db.transaction() as s:
        rid = _add_report(s, "d1")
        _link(s, rid, "phone", "+77015550009", source="extracted")
        _link(s, rid, "phone", "+77015550009", source="supplied", role="suspect")
        s.add(PersonMention(report_id=rid, role="victim", name="A", source="supplied"))
        s.add(PersonMention(report_id=rid, role="victim", name="B", source="extracted"))
        s.add(FactRow(report_id=rid, seq=0, kind="k", value=1, span_start=0, span_end=1,
                      text="x", rule="r"))
        repo.add_measure(s, "detention", report_id=rid, source="extracted")
        repo.add_measure(s, "detention", report_id=rid, source="entered")
    with db.transaction() as s:
        repo.delete_extracted(s, [rid])
    with db.session() as s:
        assert [u.source for u in repo.report_identifiers(s, rid)] == ["supplied"]
        assert [m.name for m in repo.report_mentions(s, rid)] == ["A"]
        assert repo.report_facts(s, rid) == []
