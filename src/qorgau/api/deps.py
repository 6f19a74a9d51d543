"""Request plumbing shared by the API and the pages: the database session, the user behind a
request (session cookie or API token), CSRF checks and the reason header."""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from qorgau.api.errors import ApiError
from qorgau.auth import service
from qorgau.auth.policy import Principal

SESSION_COOKIE = "qorgau_session"
CSRF_HEADER = "x-csrf-token"
REASON_HEADER = "x-qorgau-reason"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def db_session(request: Request) -> Iterator[Session]:
    """A write transaction for the request: commits when the handler returns, rolls back on
    error (login, logout, status changes)."""
    db = request.app.state.db
    with db.transaction() as session:
        session.info["pseudonym_key"] = request.app.state.settings.pseudonym_key
        yield session


def read_session(request: Request) -> Iterator[Session]:
    """A reading session for the request. Audit entries made on it are collected in
    ``session.info["audit"]`` and written by :func:`commit_audit` in a short write transaction
    before the response leaves, so readers never hold the write lock while they read."""
    db = request.app.state.db
    with db.session() as session:
        session.info["pseudonym_key"] = request.app.state.settings.pseudonym_key
        session.info["audit"] = []
        yield session


def commit_audit(request: Request, session: Session) -> None:
    """Write the audit entries collected on a reading session (before answering)."""
    from qorgau.store import repo

    entries = session.info.get("audit") or []
    if not entries:
        return
    session.info["audit"] = []
    with request.app.state.db.transaction() as writer:
        for entry in entries:
            repo.audit(writer, **entry)


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


def principal_from(request: Request, session: Session) -> Principal | None:
    """The user of the request's API token or session cookie (token first), or None."""
    token = bearer(request)
    if token is not None:
        return service.token_principal(session, token)
    return service.session_principal(session, request.cookies.get(SESSION_COOKIE))


def csrf_ok(principal: Principal, supplied: str | None) -> bool:
    if principal.via != "session":
        return True
    return bool(supplied and principal.csrf and hmac.compare_digest(supplied, principal.csrf))


def require_user(request: Request, session: Session) -> Principal:
    """The authenticated user; 401 without one; for cookie sessions, unsafe methods need the
    session's CSRF token in the ``X-CSRF-Token`` header (403 ``csrf`` otherwise)."""
    p = principal_from(request, session)
    if p is None:
        raise ApiError(
            401, "unauthenticated", "log in or send an API token (Authorization: Bearer ...)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if request.method in UNSAFE and not csrf_ok(p, request.headers.get(CSRF_HEADER)):
        raise ApiError(403, "csrf", "missing or wrong CSRF token (X-CSRF-Token header)",
                       "X-CSRF-Token")
    request.state.principal = p
    return p


def reason_of(request: Request, query_reason: str | None = None) -> str | None:
    r = query_reason or request.headers.get(REASON_HEADER)
    return r.strip()[:500] if r and r.strip() else None
