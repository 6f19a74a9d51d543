"""Errors as JSON: ``{"error": {"code", "message", "field"}}``; never a traceback.

Every refusal names its field when there is one (``text``, ``on``, ``body``, ``identifier``).
Unexpected exceptions are logged on the server and answered with a bare ``internal`` error.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from qorgau.auth.policy import Denied

log = logging.getLogger("qorgau.api")

STATUS_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    422: "invalid", 429: "throttled", 500: "internal",
}


class ApiError(Exception):
    """An error answered to the client as it is."""

    def __init__(
        self, status: int, code: str, message: str, field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def json_error(
    status: int, code: str, message: str, field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, field), status_code=status, headers=headers)


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or (str(loc[0]) if loc else "body")


def validation_message(exc: RequestValidationError) -> tuple[str, str]:
    """The field and a sentence for the first problem of a request that did not validate."""
    errors = exc.errors()
    if not errors:
        return "body", "the request is not valid"
    first = errors[0]
    field = _field_of(first.get("loc", ()))
    kind = first.get("type", "")
    if kind == "json_invalid":
        return "body", "the body is not valid JSON"
    if kind == "missing":
        return field, f"'{field}' is required"
    return field, f"'{field}': {first.get('msg', 'invalid value')}"


def install(app: FastAPI) -> None:
    """Register the JSON error handlers on ``app``."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return json_error(exc.status, exc.code, exc.message, exc.field, exc.headers)

    @app.exception_handler(Denied)
    async def _denied(request: Request, exc: Denied) -> JSONResponse:
        return json_error(403, exc.code, exc.message, "reason" if exc.code == "reason_required" else None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        field, message = validation_message(exc)
        return json_error(422, "invalid", message, field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = STATUS_CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else code
        return json_error(exc.status_code, code, detail, None, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return json_error(500, "internal", "an internal error occurred; it has been logged")
