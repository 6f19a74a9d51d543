"""Ingest into SQLite and PostgreSQL: idempotency, refusals, facts and identifiers, supplied vs
extracted fields, crash and Ctrl-C resume, the linking hook, reprocessing."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

import qorgau.link
from qorgau.extract.pipeline import extract_document
from qorgau.intake import ingest as ingest_mod
from qorgau.intake.ingest import Intake, LinkHookError, ingest_paths, ingest_records, reprocess
from qorgau.model import Fact
from qorgau.store import repo
from qorgau.store.db import open_db
from qorgau.store.models import (
    AuditEntry,
    FactRow,
    Identifier,
    IngestRun,
    Measure,
    PersonMention,
    Report,
    ReportIdentifier,
)

KZ = timezone(timedelta(hours=5))


@pytest.fixture(autouse=True)
def _no_linking(monkeypatch):
    """These tests are about intake: the linking engine's hooks are taken out; a test that
    checks the seam installs its own."""
    for name in ("on_ingest_batch", "on_ingest", "on_reprocess_batch", "on_reprocess"):
        monkeypatch.delattr(qorgau.link, name, raising=False)


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def ident(kind: str, value: str, start: int, raw: str | None = None, valid: bool = True) -> Fact:
    raw = raw or value
    return Fact("identifier", {"kind": kind, "value": value, "valid": valid}, start,
                start + len(raw), raw, f"identifier:{kind}")


def fact(kind: str, value, start: int = 0, raw: str = "x") -> Fact:
    return Fact(kind, value, start, start + len(raw), raw, f"test:{kind}")


def test_taken_duplicate_and_refused(db, fake_engine):
    records = [
        {"id": "a", "text": "Первая жалоба."},
        {"id": "b", "text": "Second complaint.", "channel": "e-otinish"},
        {"id": "a", "text": "Первая жалоба."},  # the same record twice: a duplicate
        {"id": "b", "text": "Changed text."},  # the same id, another text: refused
        {"id": "c", "text": "Третья.", "channel": "fax"},
        {"id": "d", "text": "a\x00b"},
    ]
    summary = ingest_records(db, records)
    assert (summary.taken, summary.duplicate, summary.refused) == (2, 1, 3)
    assert dict(summary.refused_by_field) == {"id": 1, "channel": 1, "text": 1}
    by_source = {o.source: o for o in summary.outcomes}
    assert by_source["api:3"].status == "duplicate"
    assert by_source["api:4"].field == "id" and "api:2" in by_source["api:4"].reason
    assert by_source["api:6"].reason.startswith("contains a NUL")
    with db.session() as s:
        a = repo.get_report_by_ext_id(s, "a")
        assert by_source["api:1"].report_id == a.id
        assert (a.text, a.channel, a.engine_version, a.source) == (
            "Первая жалоба.", "import", "test-engine/1", "api:1")
        assert repo.get_report_by_ext_id(s, "b").channel == "e_otinish"
        run = s.get(IngestRun, summary.run_id)
        assert (run.state, run.taken, run.duplicate, run.refused) == ("done", 2, 1, 3)
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == ["ingest_batch", "ingest"]


def test_second_run_changes_nothing(db, fake_engine):
    records = [{"id": f"r{i}", "text": f"Жалоба номер {i}."} for i in range(7)]
    first = ingest_records(db, records, batch_size=3)
    second = ingest_records(db, records, batch_size=3)
    assert (first.taken, first.duplicate) == (7, 0)
    assert (second.taken, second.duplicate, second.refused) == (0, 7, 0)
    assert [o.report_id for o in second.outcomes] == [o.report_id for o in first.outcomes]
    assert count(db, Report) == 7
    assert fake_engine.calls == [f"r{i}" for i in range(7)]  # duplicates are not re-extracted


def test_id_reused_with_another_text_is_refused_later(db, fake_engine):
    ingest_records(db, [{"id": "x", "text": "Original."}])
    summary = ingest_records(db, [{"id": "x", "text": "Edited."}])
    (outcome,) = summary.outcomes
    assert (outcome.status, outcome.field) == ("refused", "id")
    assert "already stored with a different text" in outcome.reason
    with db.session() as s:
        assert repo.get_report_by_ext_id(s, "x").text == "Original."


def test_same_text_under_another_id_is_a_new_report(db, fake_engine):
    summary = ingest_records(db, [{"id": "p", "text": "Same."}, {"id": "q", "text": "Same."}])
    assert summary.taken == 2
    p, q = (o.report_id for o in summary.outcomes)
    with db.session() as s:
        assert repo.reports_with_same_text(s, p) == [q]


def test_facts_identifiers_and_measures_are_stored(db, fake_engine):
    text = "Звонил с +7 701 555 12 34, потом снова с 87015551234; карта 4400 4301 2345 6789."
    fake_engine.facts["f"] = [
        ident("phone", "+77015551234", 9, "+7 701 555 12 34"),
        ident("phone", "+77015551234", 41, "87015551234"),
        ident("card", "4400430123456789", 60, "4400 4301 2345 6789"),
        ident("card", "1234", 70, "1234", valid=False),
        fact("region", "KZ-79", 0, "Звонил"),
        fact("article", {"code": "115-1", "code_book": "CC", "implied": True}),
        fact("measure", {"kind": "protective_order", "start": "2025-02-01", "end": "2025-03-02"}),
        fact("measure", {"kind": "something_new"}),
        fact("money", 150000),
        fact("date", date(2025, 2, 1)),  # an object JSON cannot hold is stored as text
    ]
    summary = ingest_records(db, [{"id": "f", "text": text}])
    rid = summary.outcomes[0].report_id
    with db.session() as s:
        facts = repo.report_facts(s, rid)
        assert [f.kind for f in facts] == [f.kind for f in fake_engine.facts["f"]]
        assert facts[0] == fake_engine.facts["f"][0]
        assert facts[-1].value == "2025-02-01"
        rows = {r.seq: r.key for r in s.scalars(select(FactRow).where(FactRow.report_id == rid))}
        assert rows[0] == "phone:+77015551234" and rows[5] == "115-1"
        uses = repo.report_identifiers(s, rid)
        assert [(u.kind, u.value, u.mentions, u.span_start, u.source) for u in uses] == [
            ("phone", "+77015551234", 2, 9, "extracted"),
            ("card", "4400430123456789", 1, 60, "extracted"),
        ]
        assert s.scalar(select(func.count()).select_from(Identifier)) == 2
        (measure,) = s.scalars(select(Measure))
        assert (measure.kind, measure.starts_on, measure.ends_on, measure.source) == (
            "protective_order", date(2025, 2, 1), date(2025, 3, 2), "extracted")
        report = s.get(Report, rid)
        assert (report.region, report.article) == ("KZ-79", "115-1")
        assert report.sentences == [[0, len(text), "ru"]]


def test_supplied_fields_win_and_differences_are_kept(db, fake_engine):
    fake_engine.facts["s"] = [
        fact("region", "KZ-79"), fact("region", "KZ-75"),
        fact("article", {"code": "190", "code_book": "CC", "implied": False}),
    ]
    fake_engine.ref_dates["s"] = date(2025, 3, 10)
    fake_engine.ref_dates["plain"] = date(2025, 3, 10)
    fake_engine.facts["plain"] = fake_engine.facts["s"]
    ingest_records(
        db,
        [
            {"id": "s", "text": "t1", "region": "KZ-11", "article": "190", "language": "kk",
             "received_at": "2025-03-12T10:00", "status": "registered"},
            {"id": "plain", "text": "t2"},
        ],
    )
    with db.session() as s:
        r = repo.get_report_by_ext_id(s, "s")
        assert (r.region, r.article, r.language, r.status) == ("KZ-11", "190", "kk", "registered")
        assert r.received_at == datetime(2025, 3, 12, 10, 0, tzinfo=KZ)
        assert r.ref_date == date(2025, 3, 10)
        assert r.extracted == {"language": "ru", "received_at": "2025-03-10",
                               "region": ["KZ-79", "KZ-75"], "article": ["190"]}
        assert r.differences == {
            "region": {"supplied": "KZ-11", "extracted": ["KZ-79", "KZ-75"]},
            "language": {"supplied": "kk", "extracted": "ru"},
            "received_at": {"supplied": "2025-03-12T10:00:00+05:00", "extracted": "2025-03-10"},
        }
        p = repo.get_report_by_ext_id(s, "plain")
        assert (p.region, p.article, p.language) == ("KZ-79", "190", "ru")
        assert p.received_at == datetime(2025, 3, 10, tzinfo=KZ)
        assert p.differences == {} and p.supplied == {}


def test_supplied_people_become_mentions_and_identifier_edges(db, fake_engine):
    fake_engine.facts["m"] = [ident("phone", "+77015551234", 5)]
    ingest_records(
        db,
        [{"id": "m", "text": "text", "victim": "Айгерим",
          "suspect": {"name": "Dauren", "phone": "8 701 555 12 34", "iin": "921103504565",
                      "birth_date": "1992-11-03"}}],
    )
    with db.session() as s:
        rid = repo.get_report_by_ext_id(s, "m").id
        victim, suspect = repo.report_mentions(s, rid)
        assert (victim.role, victim.name, victim.source) == ("victim", "Айгерим", "supplied")
        assert (suspect.name, suspect.iin, suspect.birth_date) == (
            "Dauren", "921103504565", date(1992, 11, 3))
        assert suspect.attrs == {"phone": ["+77015551234"]}
        uses = {(u.kind, u.source, u.role) for u in repo.report_identifiers(s, rid)}
        assert uses == {("phone", "extracted", None), ("phone", "supplied", "suspect"),
                        ("iin", "supplied", "suspect")}
        assert repo.reports_with_identifier(s, "iin", "921103504565") == [rid]


def test_real_engine_identifiers_reach_the_identifier_table(db):
    text = (
        "Мошенник позвонил с номера +7 701 555 12 34 и попросил перевести 50 000 тенге "
        "на карту 4400 4301 2345 6789, IBAN KZ86125KZT5004100100, почта fraud.desk@mail.kz."
    )
    ingest_records(db, [{"id": "real", "text": text}])
    expected = {
        (f.value["kind"], f.value["value"])
        for f in extract_document(text, "real").facts
        if f.kind == "identifier" and f.value.get("valid") is True
    }
    with db.session() as s:
        rid = repo.get_report_by_ext_id(s, "real").id
        stored = {(u.kind, u.value) for u in repo.report_identifiers(s, rid)}
        facts = repo.report_facts(s, rid)
    assert stored == expected
    for f in facts:
        assert text[f.start:f.end] == f.text


def _jsonl(path: Path, n: int, bad: tuple[int, ...] = ()) -> Path:
    lines = []
    for i in range(n):
        if i in bad:
            lines.append(json.dumps({"id": f"r{i:03d}", "text": f"Жалоба {i}", "channel": "fax"}))
        else:
            lines.append(json.dumps({"id": f"r{i:03d}", "text": f"Жалоба {i}"}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _crash_on_call(monkeypatch, n: int, exc: BaseException) -> None:
    real = ingest_mod.store_derived
    calls = {"n": 0}

    def flaky(session, items):
        calls["n"] += 1
        if calls["n"] == n:
            raise exc
        return real(session, items)

    monkeypatch.setattr(ingest_mod, "store_derived", flaky)


def test_resume_after_a_crash_loses_nothing_and_doubles_nothing(
    db, fake_engine, tmp_path, monkeypatch
):
    src = _jsonl(tmp_path / "in.jsonl", 23, bad=(4, 17))
    rejects = tmp_path / "rejects.jsonl"
    _crash_on_call(monkeypatch, 3, RuntimeError("power cut"))
    with pytest.raises(RuntimeError, match="power cut"):
        ingest_paths(db, [src], rejects=rejects, batch_size=5)
    assert count(db, Report) == 9  # two whole batches (one bad record); the third rolled back
    with db.session() as s:
        (run,) = s.scalars(select(IngestRun))
        assert (run.state, run.taken, run.refused) == ("failed", 9, 1)

    monkeypatch.setattr(ingest_mod, "store_derived", _real_store())
    summary = ingest_paths(db, [src], rejects=rejects, batch_size=5)
    assert (summary.taken, summary.duplicate, summary.refused) == (12, 9, 2)
    with db.session() as s:
        ext_ids = list(s.scalars(select(Report.ext_id).order_by(Report.ext_id)))
    assert ext_ids == [f"r{i:03d}" for i in range(23) if i not in (4, 17)]
    rejected = [json.loads(x) for x in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["field"], r["source"]) for r in rejected] == [
        ("r004", "channel", f"{src}:5"), ("r017", "channel", f"{src}:18"),
    ]


def _real_store():
    from qorgau.intake.derive import store_derived

    return store_derived


def test_hard_interrupt_keeps_what_was_committed(db, fake_engine, tmp_path, monkeypatch):
    """A KeyboardInterrupt inside a batch (a second Ctrl-C) rolls that batch back."""
    src = _jsonl(tmp_path / "in.jsonl", 12)
    _crash_on_call(monkeypatch, 2, KeyboardInterrupt())
    summary = ingest_paths(db, [src], batch_size=5)
    assert summary.interrupted and summary.taken == 5
    with db.session() as s:
        run = s.get(IngestRun, summary.run_id)
        assert (run.state, run.taken) == ("interrupted", 5)
        assert run.finished_at is not None
    monkeypatch.setattr(ingest_mod, "store_derived", _real_store())
    again = ingest_paths(db, [src], batch_size=5)
    assert (again.taken, again.duplicate, again.interrupted) == (7, 5, False)
    assert count(db, Report) == 12


def test_first_ctrl_c_finishes_the_batch_in_flight(db, fake_engine, tmp_path, monkeypatch):
    import os
    import signal

    src = _jsonl(tmp_path / "in.jsonl", 12)
    real = _real_store()
    calls = {"n": 0}

    def press_ctrl_c(session, items):
        calls["n"] += 1
        if calls["n"] == 2:
            os.kill(os.getpid(), signal.SIGINT)
        return real(session, items)

    monkeypatch.setattr(ingest_mod, "store_derived", press_ctrl_c)
    summary = ingest_paths(db, [src], batch_size=5)
    assert summary.interrupted and summary.taken == 10  # the second batch still committed
    assert count(db, Report) == 10
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with db.session() as s:
        assert s.scalar(select(IngestRun.state)) == "interrupted"


def test_engine_failure_stores_the_text_for_reprocessing(db, fake_engine):
    fake_engine.fail_on = {"b"}
    summary = ingest_records(db, [{"id": k, "text": k, "region": "KZ-75"} for k in "abc"])
    assert (summary.taken, summary.refused, summary.extraction_failed) == (3, 0, 1)
    assert summary.extraction_errors[0][0] == "b" and "engine bug" in summary.extraction_errors[0][1]
    with db.session() as s:
        b = repo.get_report_by_ext_id(s, "b")
        assert (b.engine_version, b.region, b.text) == ("failed:test-engine/1", "KZ-75", "b")
    fake_engine.fail_on = set()
    fake_engine.facts["b"] = [fact("money", 1000)]
    assert reprocess(db).done == 1
    with db.session() as s:
        b = repo.get_report_by_ext_id(s, "b")
        assert b.engine_version == "test-engine/1"
        assert [f.value for f in repo.report_facts(s, b.id)] == [1000]


def test_record_stored_meanwhile_by_another_writer_is_a_duplicate(db, fake_engine, monkeypatch):
    ingest_records(db, [{"id": "b", "text": "B"}])
    real = Intake._stored
    calls = {"n": 0}

    def blind_once(self, ext_ids):
        calls["n"] += 1
        return {} if calls["n"] == 1 else real(self, ext_ids)

    monkeypatch.setattr(Intake, "_stored", blind_once)
    summary = ingest_records(db, [{"id": k, "text": k.upper()} for k in "abc"])
    assert (summary.taken, summary.duplicate, summary.refused) == (2, 1, 0)
    assert count(db, Report) == 3


def test_a_record_the_database_refuses_is_isolated(db, fake_engine, monkeypatch):
    real = ingest_mod._report_row

    def broken(rec, facts, run_id):
        row = real(rec, facts, run_id)
        if rec.ext_id == "b":
            row["channel"] = "pigeon"  # breaks the database's check constraint
        return row

    monkeypatch.setattr(ingest_mod, "_report_row", broken)
    summary = ingest_records(db, [{"id": k, "text": k} for k in "abcd"], batch_size=10)
    assert (summary.taken, summary.refused) == (3, 1)
    bad = next(o for o in summary.outcomes if o.status == "refused")
    assert (bad.ext_id, bad.field) == ("b", "record")
    assert bad.reason.startswith("the database refused it")
    with db.session() as s:
        assert s.scalar(select(IngestRun.taken)) == 3


def test_link_hook_runs_in_the_batch_transaction(db, fake_engine, monkeypatch):
    seen: list[tuple[int, int]] = []

    def on_ingest_batch(session, ids):
        visible = session.scalar(select(func.count()).select_from(Report).where(Report.id.in_(ids)))
        seen.append((len(ids), visible))

    monkeypatch.setattr(qorgau.link, "on_ingest_batch", on_ingest_batch, raising=False)
    ingest_records(db, [{"id": str(i), "text": str(i)} for i in range(5)], batch_size=2)
    assert seen == [(2, 2), (2, 2), (1, 1)]


def test_link_hook_per_report_when_no_batch_hook(db, fake_engine, monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(qorgau.link, "on_ingest", lambda session, rid: ids.append(rid), raising=False)
    summary = ingest_records(db, [{"id": "x", "text": "x"}, {"id": "y", "text": "y"}])
    assert ids == [o.report_id for o in summary.outcomes]


def test_link_hook_failure_rolls_the_batch_back(db, fake_engine, monkeypatch):
    def broken(session, rid):
        raise ValueError("graph bug")

    monkeypatch.setattr(qorgau.link, "on_ingest", broken, raising=False)
    with pytest.raises(LinkHookError, match="graph bug"):
        ingest_records(db, [{"id": "x", "text": "x"}])
    assert count(db, Report) == 0
    with db.session() as s:
        assert s.scalar(select(IngestRun.state)) == "failed"


def test_reprocess_recomputes_older_versions_only(db, fake_engine):
    fake_engine.facts["a"] = [ident("phone", "+77015550001", 0), fact("region", "KZ-75")]
    ingest_records(
        db,
        [{"id": "a", "text": "A", "region": "KZ-79", "suspect": {"name": "S", "phone": "87015550003"}},
         {"id": "b", "text": "B"}],
    )
    fake_engine.set_version("test-engine/2")
    ingest_records(db, [{"id": "c", "text": "C"}])
    fake_engine.facts["a"] = [ident("phone", "+77015550002", 0), fact("region", "KZ-79")]
    fake_engine.calls.clear()

    summary = reprocess(db, batch_size=1)
    assert (summary.selected, summary.done, summary.failed) == (2, 2, [])
    assert fake_engine.calls == ["a", "b"]
    with db.session() as s:
        a = repo.get_report_by_ext_id(s, "a")
        assert a.engine_version == "test-engine/2"
        uses = {(u.value, u.source) for u in repo.report_identifiers(s, a.id)}
        assert uses == {("+77015550002", "extracted"), ("+77015550003", "supplied")}
        assert a.region == "KZ-79" and a.differences == {}
        assert [m.name for m in repo.report_mentions(s, a.id)] == ["S"]
        assert [f.value for f in repo.report_facts(s, a.id, "region")] == ["KZ-79"]
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "reprocess_batch")) == 2

    assert reprocess(db).selected == 0
    fake_engine.fail_on = {"c"}
    everything = reprocess(db, all_reports=True)
    assert (everything.selected, everything.done) == (3, 2)
    assert everything.failed[0][0] == "c"


def test_reprocess_calls_the_linking_hook(db, fake_engine, monkeypatch):
    ingest_records(db, [{"id": "a", "text": "A"}])
    fake_engine.set_version("test-engine/2")
    got: list[int] = []
    monkeypatch.setattr(qorgau.link, "on_reprocess", lambda s, rid: got.append(rid), raising=False)
    reprocess(db)
    assert len(got) == 1


def test_progress_callback_counts_bytes(db, fake_engine, tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", 9)
    seen: list[int] = []
    ingest_paths(db, [src], batch_size=4, on_batch=lambda n, sm: seen.append(n))
    assert len(seen) == 3 and sum(seen) == src.stat().st_size


def test_rejects_file_only_when_something_is_refused(db, fake_engine, tmp_path):
    rejects = tmp_path / "out" / "rejects.jsonl"
    summary = ingest_records(db, [{"id": "ok", "text": "fine"}], rejects=rejects)
    assert not rejects.exists() and summary.rejects_path is None
    summary = ingest_records(db, [{"id": "bad", "text": ""}], rejects=rejects)
    assert json.loads(rejects.read_text(encoding="utf-8")) == {
        "source": "api:1", "id": "bad", "field": "text", "reason": "is empty"}
    assert summary.rejects_path == str(rejects)
    ingest_records(db, [{"id": "bad", "text": "fixed now"}], rejects=rejects)
    assert not rejects.exists()  # no stale refusals from the earlier run


def test_batch_size_must_be_positive(db):
    with pytest.raises(ValueError):
        Intake(db, batch_size=0)


def test_worker_processes_give_the_same_facts(tmp_path):
    texts = [
        {"id": f"w{i}", "text": f"Мне звонили {i + 2} раза с номера +7 701 555 00 0{i}. "
                                 f"12 марта 2025 года я обратилась в полицию Шымкента."}
        for i in range(6)
    ]
    results = []
    for workers in (1, 2):
        db = open_db(str(tmp_path / f"w{workers}.db"))
        summary = ingest_records(db, texts, workers=workers, batch_size=4)
        assert summary.extraction_failed == 0, summary.extraction_errors
        with db.session() as s:
            results.append([(r.report_id, r.kind, r.key, r.span_start) for r in
                            s.scalars(select(FactRow).order_by(FactRow.id))])
            assert s.scalar(select(func.count()).select_from(Report)) == 6
        db.close()
    assert results[0] == results[1]


def test_mentions_of_deleted_reports_go_with_them(db, fake_engine):
    ingest_records(db, [{"id": "z", "text": "z", "victim": "V"}])
    with db.transaction() as s:
        s.delete(repo.get_report_by_ext_id(s, "z"))
    assert count(db, PersonMention) == 0 and count(db, ReportIdentifier) == 0
