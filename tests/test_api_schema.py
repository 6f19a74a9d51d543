"""schemathesis against the served OpenAPI document: generated requests, valid and not, to
every operation (as a supervisor with an API token) never get a server error."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from qorgau.api.app import create_app  # noqa: E402
from qorgau.api.testing import shared_store  # noqa: E402


def _operations() -> list[tuple[str, str]]:
    doc = create_app(":memory:", web=False).openapi()
    return [(m.upper(), p) for p, item in doc["paths"].items() for m in item
            if p not in ("/api/logout",)]


@pytest.fixture(scope="module")
def api_schema():
    db, _ = shared_store()
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db=db, web=False))


@pytest.mark.parametrize(("method", "path"), _operations())
def test_no_server_error(api_schema, method: str, path: str) -> None:
    operation = api_schema[path][method]
    token = shared_store()[1].tokens["supervisor"]

    @given(case=operation.as_strategy())
    @settings(max_examples=15, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
        if response.status_code >= 400:
            assert "error" in response.json()

    run()
