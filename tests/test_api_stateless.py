"""The stateless API: facts from text, the law on a date, the OpenAPI document, JSON errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from qorgau.api.app import create_app
from qorgau.api.testing import shared_store


@pytest.fixture(scope="module")
def client() -> TestClient:
    db, pop = shared_store()
    app = create_app(db=db, web=False, max_body=64 * 1024)
    c = TestClient(app, raise_server_exceptions=False)
    c.headers["Authorization"] = f"Bearer {pop.tokens['investigator']}"
    return c


def test_extract_returns_facts_with_spans(client: TestClient) -> None:
    text = "Мне звонят с номера 8 701 555 12 34 каждый день с марта 2026 года, Алматы."
    r = client.post("/api/extract", json={"text": text, "id": "t1"})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "t1"
    phones = [f for f in body["facts"] if f["kind"] == "identifier"]
    assert phones and phones[0]["value"]["value"] == "+77015551234"
    f = phones[0]
    assert text[f["start"]:f["end"]] == f["text"]
    assert "summary" in body and body["summary"]["identifiers"]


@pytest.mark.parametrize(
    ("article", "on", "in_force"),
    [("115-1", "2025-10-01", True), ("115-1", "2025-01-01", False), ("190", "2025-06-01", True)],
)
def test_law_on_date(client: TestClient, article: str, on: str, in_force: bool) -> None:
    r = client.get(f"/api/law/{article}", params={"on": on, "lang": "ru"})
    assert r.status_code == 200
    assert r.json()["in_force"] is in_force
    assert r.json()["on"] == on


def test_law_is_public() -> None:
    db, _ = shared_store()
    anon = TestClient(create_app(db=db, web=False), raise_server_exceptions=False)
    assert anon.get("/api/law/115-1", params={"on": "2025-10-01"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "params", "status", "code", "field"),
    [
        ("/api/law/999", {"on": "2025-10-01"}, 404, "unknown_article", "article"),
        ("/api/law/115-1", {"on": "yesterday"}, 422, "invalid", "on"),
        ("/api/law/115-1", {"on": "1990-01-01"}, 422, "invalid", "on"),
        ("/api/law/115-1", {"lang": "de"}, 422, "invalid", "lang"),
    ],
)
def test_law_errors_name_the_field(client: TestClient, path: str, params: dict, status: int,
                                   code: str, field: str) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status
    err = r.json()["error"]
    assert (err["code"], err["field"]) == (code, field)
    assert err["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": 5}, "text"),
        ({"text": "ok", "colour": "red"}, "colour"),
        ([1, 2], "body"),
    ],
)
def test_extract_bad_bodies(client: TestClient, body: object, field: str) -> None:
    r = client.post("/api/extract", json=body)
    assert r.status_code == 422
    assert r.json()["error"]["field"] == field


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe\x00", b'{"text": "a"', b"null"])
def test_extract_malformed_json(client: TestClient, raw: bytes) -> None:
    r = client.post("/api/extract", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 422)
    assert r.json()["error"]["code"] in ("invalid", "bad_request")
    assert "Traceback" not in r.text


def test_oversized_body_is_413(client: TestClient) -> None:
    r = client.post("/api/extract", json={"text": "а" * 100_000})
    assert r.status_code == 413
    assert r.json()["error"] == {
        "code": "too_large", "message": r.json()["error"]["message"], "field": "body"}


def test_oversized_chunked_body_is_413(client: TestClient) -> None:
    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    r = client.post("/api/extract", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_openapi_served_and_lists_endpoints(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for path in ("/api/extract", "/api/law/{article}", "/api/reports", "/api/reports/{report_id}",
                 "/api/cases/{case_id}", "/api/search", "/api/stats"):
        assert path in paths
    assert "patch" in paths["/api/cases/{case_id}"]


def test_unknown_path_and_method_are_json(client: TestClient) -> None:
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.delete("/api/extract")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_internal_error_has_no_traceback() -> None:
    db, pop = shared_store()
    app = create_app(db=db, web=False)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    c = TestClient(app, raise_server_exceptions=False)
    r = c.get("/api/boom")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal"
    assert "secret internals" not in r.text and "Traceback" not in r.text
