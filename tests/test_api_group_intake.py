"""Group commit of reports posted one at a time: concurrent posts share a batch, each request
gets its own answer, refusals and failures stay with their record, shutdown stores the queue."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from qorgau.api.app import create_app
from qorgau.api.testing import create_users
from qorgau.intake.group import GroupIntake
from qorgau.intake.ingest import LinkHookError
from qorgau.store.db import Database, open_db
from qorgau.store.models import AuditEntry, IngestRun, Report


def _text(i: int) -> str:
    return (f"{1 + i % 28} марта 2026 года гражданка сообщила: бывший муж звонит с номера "
            f"8 701 555 {i % 100:02d} {i // 100 % 100:02d} и угрожает ей. Заявление {i}.")


@pytest.fixture
def store(tmp_path: Path):
    db = open_db(str(tmp_path / "group.db"))
    yield db
    db.close()


def _app(db: Database, window: float = 0.5):
    pop = create_users(db)
    app = create_app(db=db, web=False, intake_window=window)
    return app, {u: {"Authorization": f"Bearer {t}"} for u, t in pop.tokens.items()}


def _count(db: Database, model, *where) -> int:  # noqa: ANN001
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _post_all(c: TestClient, bodies: list[dict], headers: dict) -> list:
    """Post every body at once from its own thread (they meet in the writer's window)."""
    start = threading.Barrier(len(bodies))

    def post(body: dict):  # noqa: ANN202
        start.wait()
        return c.post("/api/reports", json=body, headers=headers)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(post, bodies))


def test_concurrent_posts_are_stored_once_each_with_its_own_answer(store: Database) -> None:
    app, tokens = _app(store)
    bodies = [{"id": f"g-{i}", "text": _text(i), "region": "KZ-75"} for i in range(12)]
    with TestClient(app) as c:
        answers = _post_all(c, bodies, tokens["intake"])
        batches = app.state.intake.batches
        # the answer, read with the rest of its batch, is the report as a later read shows it
        for r in answers[:3]:
            again = c.get(f"/api/reports/{r.json()['id']}", headers=tokens["intake"]).json()
            assert {k: v for k, v in r.json().items() if k != "outcome"} == again
    assert [r.status_code for r in answers] == [201] * 12, [r.text for r in answers]
    for body, r in zip(bodies, answers, strict=True):
        got = r.json()
        assert got["ext_id"] == body["id"] and got["text"] == body["text"]
        assert got["outcome"] == "taken"
        assert any(i["kind"] == "phone" for i in got["identifiers"])
        assert "links" in got and "alerts" in got
    assert len({r.json()["id"] for r in answers}) == 12
    assert _count(store, Report) == 12
    assert batches < 12  # they were grouped, not stored one by one
    with store.session() as s:
        created = s.scalars(select(AuditEntry).where(AuditEntry.action == "report.create")).all()
    assert sorted(int(e.entity_id) for e in created) == sorted(r.json()["id"] for r in answers)
    assert {e.actor for e in created} == {"intake"} and all(e.at for e in created)


def test_a_refused_record_in_a_batch_is_422_and_the_others_are_stored(store: Database) -> None:
    app, tokens = _app(store)
    bodies = [{"id": f"r-{i}", "text": _text(i), "region": "KZ-75"} for i in range(4)]
    bodies[2]["victim"] = {"iin": "123"}
    with TestClient(app) as c:
        answers = _post_all(c, bodies, tokens["intake"])
        assert app.state.intake.batches == 1
    assert [r.status_code for r in answers] == [201, 201, 422, 201]
    assert answers[2].json()["error"]["field"] == "victim.iin"
    with store.session() as s:
        assert set(s.scalars(select(Report.ext_id))) == {"r-0", "r-1", "r-3"}


def test_the_same_record_posted_twice_at_once_gives_201_and_200(store: Database) -> None:
    app, tokens = _app(store)
    body = {"id": "twice", "text": _text(7), "region": "KZ-75"}
    with TestClient(app) as c:
        answers = _post_all(c, [body, dict(body)], tokens["intake"])
        # and once more later, in a batch of its own
        later = c.post("/api/reports", json=body, headers=tokens["intake"])
        changed = c.post("/api/reports", json=dict(body, text="другой текст"),
                         headers=tokens["intake"])
    assert sorted(r.status_code for r in answers) == [200, 201]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert sorted(r.json()["outcome"] for r in answers) == ["duplicate", "taken"]
    assert later.status_code == 200 and later.json()["id"] == answers[0].json()["id"]
    assert changed.status_code == 422 and changed.json()["error"]["field"] == "id"
    assert _count(store, Report) == 1


def test_out_of_region_and_role_are_checked_before_queueing(store: Database) -> None:
    app, tokens = _app(store)
    with TestClient(app) as c:
        r = c.post("/api/reports", json={"id": "far", "text": _text(1), "region": "KZ-71"},
                   headers=tokens["intake"])
        assert r.status_code == 403 and r.json()["error"]["code"] == "out_of_region"
        r = c.post("/api/reports", json={"id": "an", "text": _text(2)}, headers=tokens["analyst"])
        assert r.status_code == 403
        assert not app.state.intake.running  # nothing was queued, no writer started
    assert _count(store, Report) == 0


def test_a_batch_that_fails_is_stored_one_by_one(store: Database, monkeypatch) -> None:
    import qorgau.link

    real = qorgau.link.on_ingest_batch

    def fragile(session, ids):  # noqa: ANN001, ANN202
        texts = session.scalars(select(Report.text).where(Report.id.in_(ids)))
        if any("СБОЙ" in t for t in texts):
            raise RuntimeError("linking broke")
        real(session, ids)

    monkeypatch.setattr(qorgau.link, "on_ingest_batch", fragile)
    group = GroupIntake(store, window=0.5)
    futures = [group.submit({"id": f"f-{i}", "text": _text(i) + (" СБОЙ" if i == 1 else "")})
               for i in range(3)]
    results = []
    for f in futures:
        try:
            results.append(f.result(60).outcome.status)
        except LinkHookError:
            results.append("failed")
    group.close()
    assert results == ["taken", "failed", "taken"]
    with store.session() as s:
        assert set(s.scalars(select(Report.ext_id))) == {"f-0", "f-2"}
        run = s.scalars(select(IngestRun).order_by(IngestRun.id.desc())).first()
    assert run.taken == 2 and run.state == "done"


def test_close_stores_what_is_queued(store: Database) -> None:
    group = GroupIntake(store, window=5.0)
    futures = [group.submit({"id": f"q-{i}", "text": _text(i)}) for i in range(5)]
    group.close(timeout=60)  # does not wait out the window: the stop mark ends the batch
    assert all(f.done() for f in futures)
    assert [f.result().outcome.status for f in futures] == ["taken"] * 5
    assert not group.running
    assert _count(store, Report) == 5
    with store.session() as s:
        run = s.scalars(select(IngestRun).order_by(IngestRun.id.desc())).first()
    assert run.state == "done" and run.taken == 5 and run.actor == "api"
    # a later record starts a new writer and run
    assert group.store({"id": "q-late", "text": _text(9)}).outcome.status == "taken"
    group.close()
    assert _count(store, IngestRun) == 2


def test_app_shutdown_drains_the_queue(store: Database) -> None:
    app, tokens = _app(store, window=5.0)
    with TestClient(app) as c:
        assert c.get("/api/health").status_code == 200
        futures = [app.state.intake.submit({"id": f"s-{i}", "text": _text(i)}) for i in range(3)]
        assert not any(f.done() for f in futures)
    # leaving the client ran the app's shutdown, which stored the queue
    assert [f.result(0).outcome.status for f in futures] == ["taken"] * 3
    assert _count(store, Report) == 3


def test_reports_read_together_are_read_as_one_by_one() -> None:
    from qorgau.api import views
    from qorgau.api.testing import shared_store
    from qorgau.auth.policy import Principal
    from qorgau.link.engine import report_links

    db, _ = shared_store()
    p = Principal(1, "x", "investigator", "KZ", "token")
    with db.session() as s:
        reports = list(s.scalars(select(Report).order_by(Report.id)))
        together = views.report_dicts(s, reports)
        assert any(r["links"] and r["links"].get("evidence") for r in together.values())
        assert any(r["alerts"] for r in together.values())
        for r in reports:
            alone = views.report_dict(s, r, p)  # one report: the linking module's own reader
            assert together[r.id] == alone
            assert together[r.id]["links"] == report_links(s, r.id)
