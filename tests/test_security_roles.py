"""Role and region enforcement on every endpoint: a table of role x endpoint x expected status.

Fixture users (qorgau.api.testing): intake officer, investigator and supervisor of Almaty city
(KZ-75), an investigator of Astana (KZ-71), a national analyst and a national administrator.
Report 1 and case 1 are in KZ-75, report 2 and case 2 in KZ-71.
"""

from __future__ import annotations

import itertools

import pytest
from fastapi.testclient import TestClient

from qorgau.api.app import create_app
from qorgau.api.testing import shared_store

ROLES = ("intake", "investigator", "investigator_astana", "analyst", "supervisor", "admin", None)
_seq = itertools.count()


@pytest.fixture(scope="module")
def client() -> TestClient:
    db, _ = shared_store()
    return TestClient(create_app(db=db, web=False), raise_server_exceptions=False)


def _headers(user: str | None) -> dict[str, str]:
    if user is None:
        return {}
    return {"Authorization": f"Bearer {shared_store()[1].tokens[user]}"}


def _report_body() -> dict:
    n = next(_seq)
    return {"text": f"Заявление {n}: мне звонит бывший муж каждый день, Алматы.",
            "region": "KZ-75", "channel": "walk_in", "id": f"sec-role-{n}"}


#            intake investigator inv_astana analyst supervisor admin anonymous
TABLE = [
    ("POST", "/api/extract", None, (200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/law/115-1?on=2025-10-01", None, (200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/reports", "report", (201, 201, 403, 403, 201, 403, 401)),
    ("GET", "/api/reports/1", None, (200, 200, 403, 200, 200, 403, 401)),
    ("GET", "/api/reports/2", None, (403, 403, 200, 200, 403, 403, 401)),
    ("GET", "/api/reports/2?reason=fraud+network+spans+regions", None,
     (403, 403, 200, 200, 200, 403, 401)),
    ("GET", "/api/reports/999999", None, (404, 404, 404, 404, 404, 403, 401)),
    ("GET", "/api/cases/1", None, (403, 200, 403, 200, 200, 403, 401)),
    ("GET", "/api/cases/2", None, (403, 403, 200, 200, 403, 403, 401)),
    ("GET", "/api/cases/2?reason=linked+to+an+Almaty+case", None, (403, 403, 200, 200, 200, 403, 401)),
    ("PATCH", "/api/cases/1", "patch", (403, 200, 403, 403, 200, 403, 401)),
    ("PATCH", "/api/cases/2", "patch", (403, 403, 200, 403, 200, 403, 401)),
    ("GET", "/api/search?identifier=%2B77015551234", None, (200, 200, 200, 403, 200, 403, 401)),
    ("GET", "/api/search?name=Nurlan", None, (200, 200, 200, 403, 200, 403, 401)),
    ("GET", "/api/stats", None, (403, 200, 200, 200, 200, 403, 401)),
    ("GET", "/api/stats?region=KZ-71", None, (403, 403, 200, 200, 403, 403, 401)),
    ("GET", "/api/audit", None, (403, 403, 403, 403, 200, 200, 401)),
    ("GET", "/api/me", None, (200, 200, 200, 200, 200, 200, 401)),
]

CASES = [
    pytest.param(method, path, body, role, expected,
                 id=f"{method} {path.split('?')[0]}{'?' if '?' in path else ''} {role or 'anonymous'}")
    for method, path, body, statuses in TABLE
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_role_endpoint_status(client: TestClient, method: str, path: str, body: str | None,
                              role: str | None, expected: int) -> None:
    payload = None
    if path == "/api/extract":
        payload = {"text": "Позвони на 87015551234"}
    elif body == "report":
        payload = _report_body()
    elif body == "patch":
        payload = {"status": "investigating", "reason": "security table check"}
    r = client.request(method, path, json=payload, headers=_headers(role))
    assert r.status_code == expected, r.text
    if expected >= 400:
        err = r.json()["error"]
        assert err["code"] and err["message"]


def test_supervisor_out_of_region_needs_reason_code(client: TestClient) -> None:
    r = client.get("/api/cases/2", headers=_headers("supervisor"))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "reason_required"
    assert r.json()["error"]["field"] == "reason"
    r = client.get("/api/cases/2", headers={**_headers("supervisor"),
                                            "X-Qorgau-Reason": "joint operation"})
    assert r.status_code == 200


def test_regional_search_hides_other_regions(client: TestClient) -> None:
    db, _ = shared_store()
    from sqlalchemy import select

    from qorgau.store.models import Identifier, Report, ReportIdentifier

    with db.session() as s:
        kind, value = s.execute(
            select(Identifier.kind, Identifier.value)
            .join(ReportIdentifier, ReportIdentifier.identifier_id == Identifier.id)
            .join(Report, Report.id == ReportIdentifier.report_id)
            .where(Report.region == "KZ-71", Identifier.kind == "phone")
        ).first()
    wide = client.get("/api/search", params={"identifier": value},
                      headers=_headers("investigator_astana")).json()
    assert wide["results"] and all(r["region"] == "KZ-71" for r in wide["results"])
    narrow = client.get("/api/search", params={"identifier": value},
                        headers=_headers("investigator")).json()
    assert all(r["region"] == "KZ-75" for r in narrow["results"])
    assert narrow["outside_region"] >= 1
