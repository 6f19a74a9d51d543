"""Hostile input and sessions: CSRF, SQL injection strings, script tags, expired sessions,
login throttling, the audit trail and what analysts see."""

from __future__ import annotations

import itertools

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from qorgau.api.app import create_app
from qorgau.api.testing import PASSWORD, shared_store
from qorgau.auth import service
from qorgau.store.models import AuditEntry, Report

_seq = itertools.count()


@pytest.fixture(scope="module")
def app():
    db, _ = shared_store()
    return create_app(db=db, web=False, login_limit=3)


def _client(app) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def _token(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {shared_store()[1].tokens[user]}"}


def _login(c: TestClient, user: str = "investigator") -> str:
    r = c.post("/api/login", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    assert "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    return r.json()["csrf"]


def test_cookie_session_write_without_csrf_is_refused(app) -> None:
    c = _client(app)
    csrf = _login(c)
    r = c.post("/api/extract", json={"text": "тест 87015551234"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf"
    r = c.post("/api/extract", json={"text": "тест"}, headers={"X-CSRF-Token": "wrong"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf"
    r = c.post("/api/extract", json={"text": "тест"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    assert c.get("/api/me").json()["user"] == "investigator"


def test_expired_session_is_refused(app) -> None:
    db, _ = shared_store()
    with db.transaction() as s:
        user = service.get_user(s, "investigator")
        opened = service.open_session(s, user, hours=-1)
    c = _client(app)
    c.cookies.set("qorgau_session", opened.cookie)
    r = c.get("/api/me")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"


def test_logout_ends_the_session(app) -> None:
    c = _client(app)
    csrf = _login(c)
    assert c.get("/api/me").status_code == 200
    cookie = c.cookies.get("qorgau_session")
    assert c.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    c.cookies.set("qorgau_session", cookie)
    assert c.get("/api/me").status_code == 401


def test_forged_and_revoked_tokens(app) -> None:
    c = _client(app)
    assert c.get("/api/me", headers={"Authorization": "Bearer qg_forged"}).status_code == 401
    assert c.get("/api/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_login_throttling(app) -> None:
    c = _client(app)
    for _ in range(3):
        r = c.post("/api/login", json={"username": "analyst", "password": "wrong password 1"})
        assert r.status_code == 401
        assert r.json()["error"]["field"] == "password"
    r = c.post("/api/login", json={"username": "analyst", "password": PASSWORD})
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0


def test_unknown_user_login_is_the_same_answer(app) -> None:
    c = _client(app)
    r = c.post("/api/login", json={"username": "nobody", "password": "x"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "bad_credentials"


SQL_STRINGS = [
    "'; DROP TABLE reports; --",
    "Robert'); DELETE FROM users; --",
    "' OR '1'='1",
    "1; UPDATE audit_log SET actor='x'",
]


@pytest.mark.parametrize("payload", SQL_STRINGS)
def test_sql_injection_strings_are_stored_as_text(app, payload: str) -> None:
    db, _ = shared_store()
    c = _client(app)
    n = next(_seq)
    body = {"id": f"sqli-{n}", "text": f"Жалоба {n}: {payload} звонил мне 87019998877",
            "region": "KZ-75", "victim": {"name": payload}}
    r = c.post("/api/reports", json=body, headers=_token("intake"))
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    got = c.get(f"/api/reports/{rid}", headers=_token("investigator")).json()
    assert payload in got["text"]
    assert got["persons"][0]["name"] == payload
    r = c.get("/api/search", params={"name": payload}, headers=_token("investigator"))
    assert r.status_code == 200
    assert {x["id"] for x in r.json()["results"]} <= {rid} | {
        x["id"] for x in r.json()["results"] if payload in x["persons"]}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Report)) > 0
        assert service.get_user(s, "admin") is not None


def test_script_in_narrative_comes_back_as_json_text(app) -> None:
    c = _client(app)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    r = c.post("/api/reports", json={"id": "xss-api", "text": f"Он пишет: {evil}",
                                     "region": "KZ-75"}, headers=_token("intake"))
    assert r.status_code in (200, 201)
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert evil in r.json()["text"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "ok", "region": "KZ-75", "received_at": "yesterday"}, "received_at"),
        ({"text": "ok", "region": "KZ-75", "channel": "pigeon"}, "channel"),
        ({"text": "ok", "region": "KZ-75", "victim": {"iin": "123"}}, "victim.iin"),
        ({"text": "ok", "region": "KZ-75", "victim": {"card": "4400 0000 0000 0001"}}, "victim.card"),
        ({"region": "KZ-75"}, "text"),
        ({"text": "ok\x00", "region": "KZ-75"}, "text"),
    ],
)
def test_refused_reports_name_the_field(app, body: dict, field: str) -> None:
    r = _client(app).post("/api/reports", json=body, headers=_token("intake"))
    assert r.status_code == 422, r.text
    assert r.json()["error"]["field"] == field


def test_reads_are_audited_with_who_what_when_why(app) -> None:
    db, _ = shared_store()
    c = _client(app)
    headers = {**_token("supervisor"), "X-Qorgau-Reason": "cross-region fraud check 17"}
    assert c.get("/api/reports/2", headers=headers).status_code == 200
    with db.session() as s:
        e = s.scalars(select(AuditEntry).where(AuditEntry.entity == "report",
                                               AuditEntry.entity_id == "2")
                      .order_by(AuditEntry.id.desc())).first()
    assert e.actor == "supervisor" and e.action == "read" and e.at is not None
    assert e.details["why"] == "cross-region fraud check 17"
    assert e.details["out_of_region"] is True
    entries = c.get("/api/audit", params={"entity": "report", "entity_id": "2"},
                    headers=_token("admin")).json()
    assert entries[0]["details"]["why"] == "cross-region fraud check 17"


def test_case_status_change_needs_a_reason_and_is_audited(app) -> None:
    c = _client(app)
    r = c.patch("/api/cases/1", json={"status": "investigating"}, headers=_token("investigator"))
    assert r.status_code == 422 and r.json()["error"]["field"] == "reason"
    r = c.patch("/api/cases/1", json={"status": "flying", "reason": "x y z"},
                headers=_token("investigator"))
    assert r.status_code == 422 and r.json()["error"]["field"] == "status"
    r = c.patch("/api/cases/1", json={"status": "closed", "reason": "suspect convicted"},
                headers=_token("investigator"))
    assert r.status_code == 200 and r.json()["status"] == "closed"
    log = c.get("/api/audit", params={"entity": "case", "entity_id": "1"},
                headers=_token("admin")).json()
    change = next(e for e in log if e["action"] == "case.status")
    assert change["details"]["why"] == "suspect convicted"
    assert change["details"]["new"] == "closed"


def test_analyst_sees_no_names_numbers_or_texts(app) -> None:
    c = _client(app)
    full = c.get("/api/reports/1", headers=_token("investigator")).json()
    pseudo = c.get("/api/reports/1", headers=_token("analyst"))
    assert pseudo.status_code == 200
    body = pseudo.text
    assert pseudo.json()["text"] is None and pseudo.json()["pseudonymised"] is True
    for p in full["persons"]:
        if p["name"]:
            assert p["name"] not in body
        if p["iin"]:
            assert p["iin"] not in body
    for i in full["identifiers"]:
        assert i["value"] not in body
    case = c.get("/api/cases/1", headers=_token("analyst")).text
    for p in full["persons"]:
        if p["name"]:
            assert p["name"] not in case
    for i in full["identifiers"]:
        assert i["value"] not in case
