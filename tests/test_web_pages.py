"""Server-rendered pages: login, intake, report, case, search, statistics, law, audit; language
switch; narratives shown inert; forms refused without their CSRF token; the user and audit
commands."""

from __future__ import annotations

import re

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from qorgau.api.app import create_app
from qorgau.api.testing import PASSWORD, shared_store
from qorgau.web.pages import highlight


@pytest.fixture(scope="module")
def app():
    db, _ = shared_store()
    return create_app(db=db)


def _login(app, user: str = "investigator") -> TestClient:
    c = TestClient(app, raise_server_exceptions=False)
    page = c.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = c.post("/login", data={"username": user, "password": PASSWORD, "csrf": token,
                               "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return c


def _csrf(page: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def test_pages_need_login(app) -> None:
    c = TestClient(app)
    r = c.get("/cases/1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=%2Fcases%2F1")


def test_login_form_without_token_is_refused(app) -> None:
    c = TestClient(app)
    r = c.post("/login", data={"username": "investigator", "password": PASSWORD, "csrf": "x"})
    assert r.status_code == 403
    assert "qorgau_session" not in c.cookies


def test_wrong_password_page(app) -> None:
    c = TestClient(app)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post("/login", data={"username": "intake", "password": "nope nope 1", "csrf": token})
    assert r.status_code == 401 and "alert" in r.text


@pytest.mark.parametrize(
    ("user", "path", "status", "needle"),
    [
        ("investigator", "/intake", 200, 'id="preview"'),
        ("investigator", "/cases/1", 200, 'id="qualification"'),
        ("investigator", "/cases/2", 403, ""),
        ("investigator", "/reports/1", 200, "<mark"),
        ("investigator", "/search?q=a&by=name", 200, "results"),
        ("investigator", "/stats", 200, "<svg"),
        ("investigator", "/law?article=115-1&on=2025-10-01", 200, 'id="law"'),
        ("investigator", "/audit", 403, ""),
        ("analyst", "/intake", 403, ""),
        ("analyst", "/stats", 200, "chart-month"),
        ("analyst", "/search?q=a&by=name", 403, ""),
        ("analyst", "/cases/1", 200, "person-"),
        ("admin", "/audit", 200, "login"),
        ("supervisor", "/cases/2", 403, 'name="reason"'),
        ("supervisor", "/cases/2?reason=joint+operation", 200, "qualification"),
    ],
)
def test_page_access(app, user: str, path: str, status: int, needle: str) -> None:
    c = _login(app, user)
    r = c.get(path)
    assert r.status_code == status
    assert needle in r.text
    assert "Traceback" not in r.text


@pytest.mark.parametrize(("lang", "word"), [("kk", "Іздеу"), ("ru", "Поиск"), ("en", "Search")])
def test_language_switch(app, lang: str, word: str) -> None:
    c = _login(app)
    r = c.get(f"/lang/{lang}?next=/search")
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in r.text and word in r.text
    assert f"<html lang=\"{lang}\">" in c.get("/stats").text


def test_bad_next_does_not_leave_the_site(app) -> None:
    c = TestClient(app)
    r = c.get("/lang/en?next=//evil.example/", follow_redirects=False)
    assert r.headers["location"] == "/"


def test_intake_form_stores_and_shows_facts_and_alert(app) -> None:
    c = _login(app, "intake")
    page = c.get("/intake").text
    text = ("12 марта 2026 года мне звонил бывший муж с номера 8 701 444 33 22, угрожал. "
            "<script>alert('x')</script><b onmouseover=alert(2)>Алматы</b>")
    r = c.post("/intake", data={"csrf": _csrf(page), "text": text, "region": "KZ-75",
                                "channel": "walk_in", "received_at": "2026-03-12",
                                "suspect_phone": "87014443322"})
    assert r.status_code == 200 and "/reports/" in str(r.url)
    assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text
    assert "<b onmouseover" not in r.text
    assert '<mark class="f-id"' in r.text
    page = c.get("/intake").text
    r = c.post("/intake", data={"csrf": _csrf(page), "text": "Снова звонит 87014443322.",
                                "region": "KZ-75", "channel": "102"})
    assert 'id="alerts"' in r.text and "+77014443322" in r.text


def test_intake_form_without_csrf_is_refused(app) -> None:
    c = _login(app, "intake")
    r = c.post("/intake", data={"text": "hello 87011112233", "region": "KZ-75"})
    assert r.status_code == 403


def test_intake_refusal_names_the_problem(app) -> None:
    c = _login(app, "intake")
    page = c.get("/intake").text
    r = c.post("/intake", data={"csrf": _csrf(page), "text": "ok", "region": "KZ-75",
                                "victim_iin": "123"})
    assert r.status_code == 422 and "victim.iin" in r.text


def test_case_status_form(app) -> None:
    c = _login(app, "investigator")
    page = c.get("/cases/3").text
    r = c.post("/cases/3/status", data={"csrf": _csrf(page), "status": "investigating",
                                        "reason": "evidence gathered"})
    assert r.status_code == 200 and "investigating" in r.text.lower() or "расслед" in r.text
    r = c.post("/cases/3/status", data={"csrf": "bad", "status": "closed", "reason": "x y z"})
    assert r.status_code == 403


def test_highlight_segments_cover_the_text() -> None:
    text = "call 8 701 555 12 34 on 12.03.2026"
    facts = [{"kind": "identifier", "start": 5, "end": 20, "rule": "r"},
             {"kind": "date", "start": 24, "end": 34, "rule": "d"},
             {"kind": "money", "start": 6, "end": 9, "rule": "overlap"}]
    segs = highlight(text, facts)
    assert "".join(s["text"] for s in segs) == text
    assert [s["kind"] for s in segs] == [None, "identifier", None, "date"]


def test_user_and_audit_commands(tmp_path) -> None:
    from qorgau.commands.web import register

    app = typer.Typer()
    app.command("noop")(lambda: None)
    register(app)
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    r = runner.invoke(app, ["user", "add", "aliya", "--role", "investigator", "--region", "KZ-75",
                            "--password", "long enough 12", "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["user", "add", "bad", "--role", "chief", "--password", "x" * 12,
                            "--db", db])
    assert r.exit_code == 2 and "role" in r.output
    r = runner.invoke(app, ["user", "add", "weak", "--role", "analyst", "--password", "short",
                            "--db", db])
    assert r.exit_code == 2 and "password" in r.output
    r = runner.invoke(app, ["user", "list", "--db", db])
    assert "aliya" in r.output and "KZ-75" in r.output
    r = runner.invoke(app, ["user", "token", "aliya", "--db", db])
    assert r.output.startswith("qg_")
    r = runner.invoke(app, ["audit", "--db", db])
    assert "user.add" in r.output and "token.add" in r.output
    r = runner.invoke(app, ["audit", "--json", "--db", db, "--limit", "1"])
    assert '"action": "token.add"' in r.output
