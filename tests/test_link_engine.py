"""Incremental linking at intake, on SQLite and PostgreSQL: exact identifier groups, suspect
entities across scripts, fraud networks, cases, alerts, evidence, reprocessing and rebuilds.

The facts engine is replaced by the test's own facts (``fake_engine``) so each test states
exactly which identifiers, amounts and offences a report has."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from qorgau.intake.ingest import ingest_records, reprocess
from qorgau.link import engine
from qorgau.link.alerts import list_alerts
from qorgau.link.cases import case_view
from qorgau.link.models import LinkEvidence, LinkGroup, LinkReport
from qorgau.link.networks import largest_networks, network_summary
from qorgau.model import Fact
from qorgau.store.models import Case, Measure, Person, PersonMention, Report


def ident(kind: str, value: str) -> Fact:
    return Fact(
        "identifier",
        {"kind": kind, "value": value, "valid": True},
        0,
        5,
        value,
        f"identifier:{kind}",
    )


def fact(kind: str, value) -> Fact:
    return Fact(kind, value, 0, 1, "x", f"test:{kind}")


def stalking(rid: str, suspect, victim: str | dict = "Айгерім Омарова", **extra) -> dict:
    victim = victim if isinstance(victim, dict) else {"name": victim}
    rec = {"id": rid, "text": f"Жалоба {rid}.", "article": "115-1", "victim": victim}
    if suspect is not None:
        rec["suspect"] = suspect
    rec.update(extra)
    return rec


def fraud(rid: str, victim: str) -> dict:
    return {
        "id": rid,
        "text": f"Мошенничество {rid}.",
        "article": "190",
        "victim": {"name": victim},
    }


def exported(db) -> dict[str, dict]:
    with db.session() as s:
        return {row["report"]: row for row in engine.export_rows(s)}


def same(rows: dict[str, dict], field: str, *ids: str) -> bool:
    values = {rows[i][field] for i in ids}
    return len(values) == 1 and None not in values


def partition(rows: dict[str, dict], field: str) -> set[frozenset[str]]:
    groups: dict[object, set[str]] = defaultdict(set)
    for rid, row in rows.items():
        if row[field] is not None:
            groups[row[field]].add(rid)
    return {frozenset(g) for g in groups.values()}


def test_reports_sharing_a_phone_are_one_suspect(db, fake_engine):
    fake_engine.facts = {
        "a": [ident("phone", "+77011112233")],
        "b": [ident("phone", "+77011112233"), ident("phone", "+77079998877")],
        "c": [ident("phone", "+77079998877")],
        "d": [ident("phone", "+77470001122")],
    }
    records = [
        stalking("a", "Ерлан Ахметов"),
        stalking("b", "Нұрлан Сейітов"),
        stalking("c", None),
        stalking("d", "Ерлан Ахметов"),
    ]
    ingest_records(db, records, batch_size=1)
    rows = exported(db)
    assert same(rows, "person", "a", "b", "c")
    assert rows["d"]["person"] not in (None, rows["a"]["person"])
    assert all(rows[r]["network"] is None for r in rows)
    with db.session() as s:
        ev = s.execute(
            select(LinkEvidence.kind, LinkEvidence.report_id, LinkEvidence.other_report_id)
        ).all()
        assert {k for k, _r, _o in ev} == {"identifier"}
        c = s.scalar(select(Report.id).where(Report.ext_id == "c"))
        assert (c, c - 1) in {(r, o) for _k, r, o in ev}


def test_a_report_bridging_two_groups_joins_them(db, fake_engine):
    fake_engine.facts = {
        "a": [ident("card", "4400430000000001")],
        "b": [ident("card", "4400430000000002")],
        "c": [ident("card", "4400430000000001"), ident("card", "4400430000000002")],
    }
    ingest_records(db, [fraud("a", "Сәуле Ибраева"), fraud("b", "Динара Касымова")], batch_size=5)
    before = exported(db)
    assert before["a"]["network"] != before["b"]["network"]
    ingest_records(db, [fraud("c", "Роза Исаева")])
    rows = exported(db)
    assert same(rows, "network", "a", "b", "c")
    assert all(rows[r]["person"] is None for r in rows)
    with db.session() as s:
        groups = s.execute(select(LinkGroup.id, LinkGroup.reports, LinkGroup.merged_into)).all()
        live = [g for g in groups if g.merged_into is None]
        assert len(live) == 1 and live[0].reports == 3
        assert [g.merged_into for g in groups if g.merged_into is not None] == [live[0].id]
        assert engine.report_links(s, s.scalar(select(Report.id).where(Report.ext_id == "a")))


def test_the_result_does_not_depend_on_order_or_batching(db, fake_engine, tmp_path):
    from qorgau.store.db import open_db

    fake_engine.facts = {
        "r1": [ident("phone", "+77010000001")],
        "r2": [ident("phone", "+77010000002")],
        "r3": [ident("phone", "+77010000001"), ident("phone", "+77010000002")],
        "r4": [ident("card", "5169490000000001"), fact("money", 150000)],
        "r5": [ident("card", "5169490000000001"), fact("money", 20000)],
    }
    dob = {"birth_date": "1988-04-05"}
    records = [
        stalking("r1", {"name": "Ерлан Ахметов", **dob}),
        stalking("r2", {"name": "Мұрат Қасымов"}, victim="Динара Ибраева"),
        stalking("r3", None),
        fraud("r4", "Сәуле Ибраева"),
        fraud("r5", "Роза Исаева"),
        stalking("r6", {"name": "Yerlan Akhmetov", **dob}, victim="Мадина Омарова"),
        stalking("r7", {"name": "Ерлан Ахметов"}),
    ]
    ingest_records(db, records, batch_size=1)
    other = open_db(str(tmp_path / "other.db"))
    ingest_records(other, list(reversed(records)), batch_size=50)
    first, second = exported(db), exported(other)
    other.close()
    for field in ("person", "network", "case"):
        assert partition(first, field) == partition(second, field)
    assert frozenset({"r1", "r2", "r3", "r6"}) in partition(first, "person")
    assert first["r7"]["person"] not in (None, first["r1"]["person"])


def test_names_across_scripts_match_with_a_birth_date(db, fake_engine):
    records = [
        stalking("kk", {"name": "Бауыржан Нұрғалиев", "birth_date": "1991-07-21"}),
        stalking(
            "ru",
            {"name": "Бауыржан Нургалиев", "birth_date": "1991-07-21"},
            victim="Динара Ибраева",
        ),
        stalking(
            "en",
            {"name": "Bauyrzhan Nurgaliyev", "birth_date": "1991-07-21"},
            victim="Madina Omarova",
        ),
        stalking("nodate", {"name": "Бауыржан Нургалиев"}, victim="Роза Исаева"),
        stalking(
            "otherdate",
            {"name": "Бауыржан Нургалиев", "birth_date": "1979-01-02"},
            victim="Сауле Ахметова",
        ),
    ]
    ingest_records(db, records, batch_size=2)
    rows = exported(db)
    assert same(rows, "person", "kk", "ru", "en")
    assert len({rows[r]["person"] for r in rows}) == 3
    with db.session() as s:
        ev = s.execute(select(LinkEvidence).where(LinkEvidence.kind == "name")).scalars().all()
        assert len(ev) == 3 and all(e.score >= 0.99 for e in ev)
        assert all(e.identifier_id is None and e.mention_id for e in ev)
        levels = {e.details["levels"]["birth_date"] for e in ev}
        assert levels == {"exact"}
        why = s.scalars(
            select(PersonMention.link_evidence)
            .join(Report, Report.id == PersonMention.report_id)
            .where(Report.ext_id == "en", PersonMention.role == "suspect")
        ).one()
        assert why["by"] == "name" and why["match_probability"] >= 0.99
        en = s.scalar(select(Report.id).where(Report.ext_id == "en"))
        shown = [e for e in engine.report_links(s, en)["evidence"] if e["kind"] == "name"]
        assert {e["other_report"] for e in shown} == {"kk", "ru"}
        assert all(e["names"][0] == "Bauyrzhan Nurgaliyev" for e in shown)
        assert all(e["levels"]["first"] == "exact" for e in shown)
        person = s.get(Person, rows["kk"]["person"])
        assert person.birth_date.isoformat() == "1991-07-21"
        view = engine.person_view(s, person.id)
        assert set(view["names"]) == {
            "Бауыржан Нұрғалиев",
            "Бауыржан Нургалиев",
            "Bauyrzhan Nurgaliyev",
        }


def test_a_different_iin_keeps_namesakes_apart(db, fake_engine):
    records = [
        stalking("a", {"name": "Арман Оспанов", "birth_date": "1990-05-06", "iin": "900506300019"}),
        stalking("b", {"name": "Арман Оспанов", "birth_date": "1990-05-06", "iin": "900506300029"}),
        stalking("c", {"name": "Arman Ospanov", "iin": "900506300019"}, victim="Роза Исаева"),
    ]
    from qorgau.intake.fields import iin_is_valid

    assert all(iin_is_valid(r["suspect"]["iin"]) for r in records)
    ingest_records(db, records, batch_size=1)
    rows = exported(db)
    assert same(rows, "person", "a", "c")
    assert rows["b"]["person"] != rows["a"]["person"]
    with db.session() as s:
        b = s.scalar(select(Report.id).where(Report.ext_id == "b"))
        ev = s.execute(
            select(LinkEvidence.kind, LinkEvidence.report_id, LinkEvidence.other_report_id)
        ).all()
        assert ("identifier", b + 1, b - 1) in ev
        assert all(b not in (r, o) for _k, r, o in ev)


def test_victims_own_identifiers_do_not_link_offenders(db, fake_engine):
    victim = {"name": "Айгерім Омарова", "phone": "+77015550011"}
    records = [
        stalking("a", "Ерлан Ахметов", victim=victim),
        stalking("b", "Мұрат Қасымов", victim=victim),
    ]
    ingest_records(db, records)
    rows = exported(db)
    assert rows["a"]["person"] != rows["b"]["person"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(LinkEvidence)) == 0


def test_fraud_network_damage_victims_and_alerts(db, fake_engine):
    card, phone = "4003030000000011", "+77770001100"
    fake_engine.facts = {
        "f1": [ident("card", card), fact("money", 450000)],
        "f2": [
            ident("card", card),
            ident("phone", phone),
            fact("money", 1200000),
            fact("money", 5000),
        ],
        "f3": [ident("phone", phone), fact("money", 80000)],
        "f4": [ident("card", "4400430000009999"), fact("money", 10)],
    }
    records = [
        fraud("f1", "Сәуле Ибраева"),
        fraud("f2", "Динара Касымова"),
        fraud("f3", "Сәуле Ибраева"),
        fraud("f4", "Роза Исаева"),
    ]
    ingest_records(db, records, batch_size=1)
    rows = exported(db)
    assert same(rows, "network", "f1", "f2", "f3")
    with db.session() as s:
        net = network_summary(s, rows["f1"]["network"])
        assert (net.reports, net.victims, net.damage_tenge) == (3, 2, 1_730_000)
        assert {f"{k}:{v}" for k, v, _n in net.identifiers} == {f"card:{card}", f"phone:{phone}"}
        assert [n.id for n in largest_networks(s)] == [net.id]
        alerts = list_alerts(s)
        by_report = {(a.report, a.kind): a for a in alerts}
        assert set(by_report) == {("f2", "card"), ("f3", "phone")}
        assert (by_report[("f2", "card")].reports, by_report[("f2", "card")].cases) == (1, 1)
        assert by_report[("f3", "phone")].first_report == "f2"
        assert "already named by 1 report in 1 case" in by_report[("f3", "phone")].line()
    # f1 and f3 are the same victim of the same network: one case
    assert rows["f1"]["case"] == rows["f3"]["case"] != rows["f2"]["case"]


def test_cases_by_offence_and_victim_suspect_pair_with_a_timeline(db, fake_engine):
    fake_engine.facts = {
        "s1": [ident("phone", "+77014440000"), fact("measure", {"kind": "protective_order"})],
        "s2": [ident("phone", "+77014440000")],
        "s3": [ident("phone", "+77014440000")],
        "s4": [ident("phone", "+77014440000")],
    }
    records = [
        stalking("s1", "Ерлан Ахметов", received_at="2026-01-10T10:00:00"),
        stalking("s2", "Ерлан Ахметов", received_at="2026-02-03T10:00:00"),
        stalking("s3", "Ерлан Ахметов", victim="Динара Ибраева"),
        {**stalking("s4", "Ерлан Ахметов"), "article": "125-1"},
        stalking("s5", None, victim="Роза Исаева"),
    ]
    ingest_records(db, records)
    rows = exported(db)
    assert rows["s1"]["case"] == rows["s2"]["case"]
    assert len({rows[r]["case"] for r in ("s1", "s3", "s4", "s5")}) == 4
    assert all(row["case"] is not None for row in rows.values())
    with db.session() as s:
        view = case_view(s, rows["s1"]["case"]).to_dict()
        assert view["offence"] == "stalking" and view["suspects"] == [rows["s1"]["person"]]
        assert [r["report"] for r in view["reports"]] == ["s1", "s2"]
        assert [(e["what"], e["on"]) for e in view["timeline"] if e["what"] == "report"] == [
            ("report", "2026-01-10"),
            ("report", "2026-02-03"),
        ]
        assert view["opened_at"].startswith("2026-01-10")
        measure = s.scalars(select(Measure)).one()
        assert (measure.person_id, measure.case_id) == (rows["s1"]["person"], rows["s1"]["case"])
        history = engine.person_view(s, rows["s1"]["person"])
        assert history["measures"][0]["kind"] == "protective_order"
        assert s.scalar(select(Case.offence).where(Case.id == rows["s4"]["case"])) == (
            "coercion_to_marriage"
        )


def test_cases_merge_when_their_suspects_turn_out_to_be_one(db, fake_engine):
    fake_engine.facts = {
        "a": [ident("phone", "+77015550001")],
        "b": [ident("phone", "+77015550002")],
        "c": [ident("phone", "+77015550001"), ident("phone", "+77015550002")],
    }
    ingest_records(db, [stalking("a", "Ерлан Ахметов"), stalking("b", "Ерлан Ахметов")])
    before = exported(db)
    assert before["a"]["case"] != before["b"]["case"]
    ingest_records(db, [stalking("c", None)])
    rows = exported(db)
    assert same(rows, "case", "a", "b", "c")
    with db.session() as s:
        merged = s.scalars(select(Case).where(Case.status == "merged")).all()
        assert len(merged) == 1 and merged[0].key is None
        persons = s.scalars(select(Person).where(Person.merged_into.is_not(None))).all()
        assert [p.merged_into for p in persons] == [rows["a"]["person"]]


def test_linking_a_batch_twice_changes_nothing(db, fake_engine):
    fake_engine.facts = {
        "a": [ident("phone", "+77015550001")],
        "b": [ident("phone", "+77015550001")],
    }
    ingest_records(db, [stalking("a", "Ерлан Ахметов"), stalking("b", "Ерлан Ахметов")])
    before = exported(db)
    with db.transaction() as s:
        ids = list(s.scalars(select(Report.id)))
        summary = engine.link_batch(s, ids)
    assert summary.reports == 0
    assert exported(db) == before


def test_reprocess_links_again_from_the_new_facts(db, fake_engine):
    fake_engine.facts = {
        "a": [ident("phone", "+77015550001")],
        "b": [ident("phone", "+77015550001")],
    }
    ingest_records(db, [stalking("a", "Ерлан Ахметов"), stalking("b", "Мұрат Қасымов")])
    assert same(exported(db), "person", "a", "b")
    fake_engine.facts["b"] = [ident("phone", "+77015550999")]
    fake_engine.set_version("test-engine/2")
    done = reprocess(db)
    assert done.done == 2
    rows = exported(db)
    assert rows["a"]["person"] != rows["b"]["person"]
    assert None not in (rows["a"]["person"], rows["b"]["person"])
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(LinkEvidence)) == 0
        orphans = s.scalar(
            select(func.count())
            .select_from(Person)
            .where(
                ~Person.id.in_(
                    select(LinkReport.person_id).where(LinkReport.person_id.is_not(None))
                )
            )
        )
        assert orphans == 0


def test_rebuild_gives_what_intake_built(db, fake_engine):
    fake_engine.facts = {
        "a": [ident("phone", "+77015550001")],
        "b": [ident("phone", "+77015550001"), ident("card", "4400430000000001")],
        "c": [ident("card", "4400430000000001"), fact("money", 1000)],
    }
    records = [
        stalking("a", "Ерлан Ахметов"),
        stalking("b", None),
        fraud("c", "Роза Исаева"),
        stalking("d", {"name": "Yerlan Akhmetov"}),
    ]
    ingest_records(db, records, batch_size=1)
    before = exported(db)
    summary = engine.rebuild(db, batch_size=2)
    assert summary.reports == 4
    after = exported(db)
    for field in ("person", "network", "case"):
        assert partition(before, field) == partition(after, field)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == len(
            {r["case"] for r in after.values()}
        )


def test_two_writers_at_once_miss_no_join(db, fake_engine):
    """Two intake runs in parallel name the same cards: every report still ends in one network
    (PostgreSQL serialises linking with an advisory lock, SQLite with its write lock)."""
    import threading

    cards = [f"44004300000{i:05d}" for i in range(6)]
    records = {"x": [], "y": []}
    for side in records:
        for i in range(12):
            rid = f"{side}{i}"
            fake_engine.facts[rid] = [
                ident("card", cards[i % 6]), ident("card", cards[(i + 1) % 6])
            ]
            records[side].append(fraud(rid, f"Жертва {side}{i}"))
    errors = []

    def run(side: str) -> None:
        try:
            ingest_records(db, records[side], batch_size=3)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(side,)) for side in records]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    rows = exported(db)
    assert len(rows) == 24
    assert len({row["network"] for row in rows.values()}) == 1
    with db.session() as s:
        live = s.scalars(select(LinkGroup).where(LinkGroup.merged_into.is_(None))).all()
        assert [g.reports for g in live] == [24]
