"""The FastAPI application: JSON API under ``/api``, pages and static files for browsers.

:func:`create_app` builds an app over a store URL. Settings come from arguments or the
environment (``QORGAU_PSEUDONYM_KEY``, ``QORGAU_SECURE_COOKIES``). See docs/api.md.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from qorgau import __version__
from qorgau.api import errors, views
from qorgau.api.deps import (
    SESSION_COOKIE,
    bearer,
    commit_audit,
    db_session,
    principal_from,
    read_session,
    reason_of,
    require_user,
)
from qorgau.api.errors import ApiError
from qorgau.api.limits import BodyLimit, BodyTooLarge
from qorgau.api.schemas import CasePatch, ExtractIn, LoginIn, ReportIn
from qorgau.auth import service
from qorgau.auth.policy import Principal, require
from qorgau.intake.group import GroupIntake
from qorgau.store.db import Database, open_db

DEFAULT_MAX_BODY = 2 * 1024 * 1024
LANGS = ("kk", "ru", "en")


@dataclass
class Settings:
    """How an app instance behaves."""

    max_body: int = DEFAULT_MAX_BODY
    session_hours: float = service.SESSION_HOURS
    secure_cookies: bool = False
    pseudonym_key: bytes = b""
    login_limit: int = 5
    login_window: float = 900.0
    intake_window: float = 0.005
    """Seconds the intake writer waits for more reports after the first of a batch."""
    intake_max_batch: int = 200
    extra: dict[str, Any] = field(default_factory=dict)


def _settings(**overrides: Any) -> Settings:
    s = Settings(
        secure_cookies=os.environ.get("QORGAU_SECURE_COOKIES", "") in ("1", "true", "yes"),
        pseudonym_key=os.environ.get("QORGAU_PSEUDONYM_KEY", "").encode(),
    )
    for k, v in overrides.items():
        setattr(s, k, v)
    if not s.pseudonym_key:
        import secrets

        s.pseudonym_key = secrets.token_bytes(32)
    return s


DbSession = Annotated[Session, Depends(db_session)]
ReadSession = Annotated[Session, Depends(read_session)]


def user_dep(request: Request, session: ReadSession) -> Principal:
    """The authenticated user of a request (401 without one; CSRF checked on writes)."""
    return require_user(request, session)


CurrentUser = Annotated[Principal, Depends(user_dep)]
RecordId = Annotated[int, Path(ge=1, le=2**62, description="The record's id.")]


def _lang(value: str | None) -> str:
    if value not in LANGS:
        raise ApiError(422, "invalid", f"'lang' must be one of {', '.join(LANGS)}", "lang")
    return value


def _date(value: str | None, field_name: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "invalid", f"'{field_name}': '{value[:40]}' is not a date (YYYY-MM-DD)",
                       field_name) from None


def _not_found(exc: views.NotFound) -> ApiError:
    return ApiError(404, "not_found", exc.message, None)


def create_app(
    url: str | None = None, *, db: Database | None = None, web: bool = True, **settings: Any
) -> FastAPI:
    """An application over the store at ``url`` (or an open ``db``).

    ``web=False`` leaves out the browser pages (API only).
    """
    if db is None:
        from qorgau.store.db import resolve_url

        # a request may hold a reading connection while intake writes on another; the server
        # runs up to 40 requests at once, so the pool must cover two connections for each
        pool = {} if resolve_url(url).startswith("sqlite://") and resolve_url(url) == "sqlite://" \
            else {"pool_size": 40, "max_overflow": 45, "pool_timeout": 60}
        db = open_db(url, **pool)
        if db.backend == "sqlite":
            _share_sqlite_pages(db)
    database = db

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        # store what is still queued before the server goes (see qorgau.intake.group)
        import anyio.to_thread

        await anyio.to_thread.run_sync(app.state.intake.close)

    app = FastAPI(
        lifespan=lifespan,
        title="Qorgau API",
        version=__version__,
        description=(
            "Facts, law and cases for stalking (CC 115-1), coercion to marriage (125-1) and "
            "internet fraud (190) in Kazakhstan. Errors are JSON: {\"error\": {\"code\", "
            "\"message\", \"field\"}}. Authenticate with a session cookie (browser, with the "
            "X-CSRF-Token header on writes) or `Authorization: Bearer <API token>`."
        ),
    )
    app.state.db = database
    app.state.settings = _settings(**settings)
    from qorgau.api.records import describe_reports

    app.state.intake = GroupIntake(database, window=app.state.settings.intake_window,
                                   max_batch=app.state.settings.intake_max_batch,
                                   describe=describe_reports)
    app.state.throttle = service.Throttle(app.state.settings.login_limit,
                                          app.state.settings.login_window)
    app.state.ip_throttle = service.Throttle(app.state.settings.login_limit * 5,
                                             app.state.settings.login_window)
    errors.install(app)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return errors.json_error(413, "too_large", "the request body is too large", "body")

    app.add_middleware(BodyLimit, max_bytes=app.state.settings.max_body)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                "frame-ancestors 'none'; form-action 'self'",
            )
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    _api_routes(app)
    if web:
        from qorgau.web.pages import install as install_pages

        install_pages(app)
    return app



def _share_sqlite_pages(db: Database) -> None:
    """Read the SQLite file through a memory map: the server's many pooled connections then
    share the operating system's copy of the pages instead of each copying them into its own
    small page cache (a modest CPU saving per request in bench/bench_api.py, see
    docs/api.md)."""
    from sqlalchemy import event

    @event.listens_for(db.engine, "connect")
    def _mmap(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA mmap_size={1 << 32}")
        cur.close()


def _api_routes(app: FastAPI) -> None:
    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness: the version and the database backend."""
        return {"status": "ok", "version": __version__, "backend": app.state.db.backend}

    @app.post("/api/extract", tags=["stateless"])
    def extract(body: ExtractIn, p: CurrentUser) -> dict[str, Any]:
        """Text to facts with spans (the facts engine; nothing is stored)."""
        from qorgau.extract.pipeline import extract_document
        from qorgau.facts_v1 import project

        require(p, "extract")
        facts = extract_document(body.text, body.id)
        out = facts.to_dict()
        out["summary"] = project(facts)
        return out

    @app.get("/api/law/{article}", tags=["stateless"])
    def law(
        article: str,
        on: str | None = Query(None, description="Date (YYYY-MM-DD); default today."),
        lang: str = Query("en", description="kk, ru or en"),
    ) -> dict[str, Any]:
        """An article as in force on a date: sanctions, category, MCI, elements, versions
        (public: the law is no secret)."""
        from qorgau.law import LawInputError, article_view

        lang = _lang(lang)
        when = _date(on, "on") or date.today()
        try:
            return article_view(article, when).to_dict(lang)
        except LawInputError as exc:
            msg = str(exc)
            code = "unknown_article" if "unknown article" in msg else "invalid"
            status = 404 if code == "unknown_article" else 422
            raise ApiError(status, code, msg, "article" if status == 404 else "on") from None

    @app.post("/api/login", tags=["auth"])
    def login(body: LoginIn, request: Request, response: Response,
              session: DbSession) -> dict[str, Any]:
        """Open a browser session (cookie) and return the CSRF token for writes."""
        ip = request.client.host if request.client else "?"
        opened = login_user(app, session, body.username, body.password, ip)
        set_session_cookie(app, response, opened)
        return {"user": opened.principal.username, "role": opened.principal.role,
                "region": opened.principal.region, "csrf": opened.csrf,
                "expires_at": opened.expires_at.isoformat()}

    @app.post("/api/logout", tags=["auth"])
    def logout(request: Request, response: Response, session: DbSession,
               p: CurrentUser) -> dict[str, Any]:
        """Close the browser session."""
        service.close_session(session, request.cookies.get(SESSION_COOKIE))
        response.delete_cookie(SESSION_COOKIE, path="/")
        return {"logged_out": True}

    @app.get("/api/me", tags=["auth"])
    def me(p: CurrentUser) -> dict[str, Any]:
        """Who the request is authenticated as."""
        return {"user": p.username, "role": p.role, "region": p.region, "via": p.via,
                "csrf": p.csrf}

    @app.post("/api/reports", tags=["records"], status_code=201)
    def post_report(body: ReportIn, response: Response, p: CurrentUser
                    ) -> dict[str, Any]:
        """Take a complaint or report: store it, extract its facts, link it; returns the report
        with its facts, links and any match alert (201 new, 200 already stored). Reports that
        arrive together are stored in one transaction (group commit)."""
        from qorgau.api.records import create_report

        status, out = create_report(app.state.intake, p, body.record(),
                                    app.state.settings.pseudonym_key)
        response.status_code = status
        return out

    @app.get("/api/reports/{report_id}", tags=["records"])
    def get_report(*, report_id: RecordId, request: Request, reason: str | None = Query(None),
                   session: ReadSession, p: CurrentUser
                   ) -> dict[str, Any]:
        """A report with its facts, identifiers, people, links and alerts (audited)."""
        try:
            out = views.get_report(session, report_id, p, reason_of(request, reason))
        except views.NotFound as exc:
            raise _not_found(exc) from None
        commit_audit(request, session)
        return out

    @app.get("/api/cases/{case_id}", tags=["records"])
    def get_case(*, case_id: RecordId, request: Request, reason: str | None = Query(None),
                 on: str | None = Query(None), lang: str = Query("en"),
                 session: ReadSession, p: CurrentUser
                 ) -> dict[str, Any]:
        """A case: timeline, measures, qualification (elements found and missing), penalty
        ranges and risk (audited)."""
        when = _date(on, "on")
        try:
            out = views.get_case(session, case_id, p, reason_of(request, reason), when,
                                 _lang(lang))
        except views.NotFound as exc:
            raise _not_found(exc) from None
        commit_audit(request, session)
        return out

    @app.patch("/api/cases/{case_id}", tags=["records"])
    def patch_case(case_id: RecordId, body: CasePatch, session: DbSession,
                   p: CurrentUser) -> dict[str, Any]:
        """Change a case's status; the reason goes to the audit log."""
        if body.status not in views.CASE_STATUSES:
            raise ApiError(422, "invalid",
                           f"'status' must be one of {', '.join(views.CASE_STATUSES)}", "status")
        try:
            return views.update_case(session, case_id, p, body.status, body.reason)
        except views.NotFound as exc:
            raise _not_found(exc) from None

    @app.get("/api/search", tags=["records"])
    def search(*, request: Request,
               identifier: str | None = Query(None, max_length=200,
                                              description="phone, card, IBAN, IIN, e-mail, handle"),
               name: str | None = Query(None, max_length=200),
               reason: str | None = Query(None, max_length=500),
               session: ReadSession, p: CurrentUser
               ) -> dict[str, Any]:
        """Reports naming an identifier or a person (in your region; audited)."""
        if not (identifier and identifier.strip()) and not (name and name.strip()):
            raise ApiError(422, "invalid", "give 'identifier' or 'name'", "identifier")
        if name is not None and name.strip() and len(name.strip()) < 2:
            raise ApiError(422, "invalid", "'name' needs at least 2 characters", "name")
        out = views.search(session, p, identifier=identifier, name=name,
                           reason=reason_of(request, reason))
        commit_audit(request, session)
        return out

    @app.get("/api/stats", tags=["records"])
    def stats(*, region: str | None = Query(None, max_length=8),
              article: str | None = Query(None, max_length=16),
              year: int | None = Query(None, ge=2000, le=2100),
              session: ReadSession, p: CurrentUser
              ) -> dict[str, Any]:
        """Counts by article, region, month, channel and case status (aggregates only)."""
        return views.stats(session, p, region=region, article=article, year=year)

    @app.get("/api/audit", tags=["records"])
    def audit(*, limit: int = Query(100, ge=1, le=1000), entity: str | None = Query(None, max_length=32),
              entity_id: str | None = Query(None, max_length=64),
              session: ReadSession, p: CurrentUser
              ) -> list[dict[str, Any]]:
        """The latest audit entries (supervisors, administrators)."""
        from qorgau.store import repo

        require(p, "audit.read")
        return [
            {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
             "entity": e.entity, "entity_id": e.entity_id, "details": e.details}
            for e in repo.audit_entries(session, entity=entity, entity_id=entity_id, limit=limit)
        ]

    _ = (bearer, principal_from)


def login_user(app: FastAPI, session: Session, username: str, password: str, ip: str
               ) -> service.NewSession:
    """Check a login with throttling (per user name, and five times as many per address);
    raises ApiError 401 or
    429 and writes failures and successes to the audit log."""
    from qorgau.store import repo

    throttle: service.Throttle = app.state.throttle
    ip_throttle: service.Throttle = app.state.ip_throttle
    keys = (f"user:{username.strip().lower()}", f"ip:{ip}")
    wait = max(throttle.retry_after(keys[0]), ip_throttle.retry_after(keys[1]))
    if wait:
        raise ApiError(429, "throttled", f"too many failed logins: try again in {wait} s",
                       "username", headers={"Retry-After": str(wait)})
    user = service.authenticate(session, username, password)
    if user is None:
        throttle.fail(keys[0])
        ip_throttle.fail(keys[1])
        repo.audit(session, "login.failed", actor=username[:64], details={"ip": ip})
        raise ApiError(401, "bad_credentials", "wrong user name or password", "password")
    throttle.clear(keys[0])
    opened = service.open_session(session, user, hours=app.state.settings.session_hours, ip=ip)
    repo.audit(session, "login", actor=user.username, entity="user", entity_id=user.id,
               details={"ip": ip})
    return opened


def set_session_cookie(app: FastAPI, response: Response, opened: service.NewSession) -> None:
    response.set_cookie(
        SESSION_COOKIE, opened.cookie, max_age=int(app.state.settings.session_hours * 3600),
        httponly=True, samesite="strict", secure=app.state.settings.secure_cookies, path="/",
    )
