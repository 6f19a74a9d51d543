"""A person in a browser: log in, take a complaint and see its facts highlighted and a match
alert, open the case page, switch language, look at the statistics chart.

Drives Debian's Chromium headless through Playwright for Python (no browser download); skipped
with the reason when Chromium or Playwright is missing. Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from qorgau.api.testing import PASSWORD, shared_store

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser")
                 if Path(p).exists()), shutil.which("chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                                "(run .ci/browser-setup)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    import uvicorn

    from qorgau.api.app import create_app

    db, _ = shared_store()
    port = _free_port()
    config = uvicorn.Config(create_app(db=db), host="127.0.0.1", port=port, log_level="error")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _login(page, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill('input[name="username"]', user)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [1280, 390])
def test_complaint_to_case_in_the_browser(server: str, browser, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
    page = ctx.new_page()
    tag = "phone" if width < 500 else "desktop"
    _login(page, server, "investigator")
    page.goto(f"{server}/lang/ru?next=/intake")
    assert page.locator("h1").inner_text() == "Новое заявление"

    phone = f"8 702 31{width // 10 % 10:d} 45 67"
    text = (f"15 марта 2026 года в Алматы бывший муж снова звонил мне с номера {phone}, "
            "угрожал и ждал у подъезда. <script>window.pwned=1</script> Он перевёл долг 250 000 тенге.")
    page.fill("#text", text)
    page.wait_for_selector("#preview mark.f-id", timeout=15000)
    assert page.locator("#preview mark").count() >= 3
    assert page.evaluate("window.pwned") is None
    _shot(page, f"1-intake-preview-{tag}")
    page.select_option('select[name="channel"]', "walk_in")
    page.fill('input[name="region"]', "KZ-75")
    page.click("#submit")
    page.wait_for_url(re.compile(r".*/reports/\d+\?new=1"))
    assert page.locator(".ok").count() == 1
    assert page.locator(".doc mark.f-id").count() >= 1
    assert page.evaluate("window.pwned") is None

    # the same phone again: a match alert
    page.goto(f"{server}/intake")
    page.fill("#text", f"Опять звонок с {phone} ночью, 20 марта 2026 года.")
    page.fill('input[name="region"]', "KZ-75")
    page.click("#submit")
    page.wait_for_url(re.compile(r".*/reports/\d+\?new=1"))
    alerts = page.locator("#alerts li")
    assert alerts.count() >= 1
    assert "+7702" in alerts.first.inner_text()
    _shot(page, f"2-report-alert-{tag}")

    page.locator('a[href^="/cases/"]').first.click()
    page.wait_for_selector("#qualification")
    assert page.locator("#timeline li").count() >= 1
    _shot(page, f"3-case-ru-{tag}")

    page.click('a[data-lang="kk"]')
    page.wait_for_selector('html[lang="kk"]')
    assert "Құқықтық саралау" in page.locator("#qualification h2").inner_text()
    page.click('a[data-lang="en"]')
    page.wait_for_selector('html[lang="en"]')
    assert "Legal qualification" in page.locator("#qualification h2").inner_text()
    _shot(page, f"4-case-en-{tag}")

    page.goto(f"{server}/stats")
    bars = page.locator("#chart-month rect")
    assert bars.count() >= 2
    box = page.locator("#chart-month svg").bounding_box()
    assert box and box["width"] <= width
    _shot(page, f"5-stats-{tag}")
    ctx.close()


def test_analyst_sees_pseudonyms_in_the_browser(server: str, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    _login(page, server, "analyst")
    page.goto(f"{server}/lang/en?next=/cases/1")
    page.wait_for_selector("#qualification")
    body = page.locator("main").inner_text()
    assert "person-" in body and "pseudonymised" in body
    _shot(page, "6-case-analyst")
    ctx.close()
