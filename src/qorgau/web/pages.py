"""The pages: login, intake with a live preview, report, case, search, statistics, law, audit.

Every page reads through :mod:`qorgau.api.views`, so the pages follow exactly the rules of the
API (roles, region scope, pseudonyms for analysts, audit). Forms carry the session's CSRF token;
the login form a double-submit token. Jinja2 escapes everything it prints, so narratives with
HTML or script tags are shown as text.
"""

from __future__ import annotations

import inspect
import secrets
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from qorgau.api import views
from qorgau.api.deps import SESSION_COOKIE, commit_audit, csrf_ok, principal_from
from qorgau.api.errors import ApiError
from qorgau.auth import service
from qorgau.auth.policy import Denied, Principal
from qorgau.web.i18n import LANG_NAMES, LANGS, gettext_for, pick

HERE = Path(__file__).parent
LANG_COOKIE = "qorgau_lang"
LOGIN_CSRF_COOKIE = "qorgau_login_csrf"

KIND_CLASS = {
    "identifier": "f-id", "money": "f-money", "date": "f-date", "month": "f-date",
    "period": "f-date", "region": "f-place", "place": "f-place", "article": "f-law",
    "behaviour": "f-act", "offence": "f-act", "scheme": "f-act", "measure": "f-law",
    "age": "f-age", "penalty": "f-law", "relationship": "f-act", "harm": "f-act",
    "count": "f-money",
}


def highlight(text: str | None, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into segments, the ones a fact covers marked with its kind (overlapping
    facts: the earlier, then longer, wins)."""
    if not text:
        return []
    spans = sorted(
        ((f["start"], f["end"], f["kind"], f.get("rule", "")) for f in facts
         if isinstance(f.get("start"), int) and isinstance(f.get("end"), int)
         and 0 <= f["start"] < f["end"] <= len(text) and f["kind"] not in ("language", "sentence")),
        key=lambda s: (s[0], -(s[1] - s[0])),
    )
    out: list[dict[str, Any]] = []
    pos = 0
    for start, end, kind, rule in spans:
        if start < pos:
            continue
        if start > pos:
            out.append({"text": text[pos:start], "kind": None})
        out.append({"text": text[start:end], "kind": kind, "cls": KIND_CLASS.get(kind, "f-other"),
                    "rule": rule})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:], "kind": None})
    return out


def bar_chart(rows: list[dict[str, Any]], value: str, label: str = "key", width: int = 380,
              bar: int = 20) -> dict[str, Any]:
    """Geometry of a horizontal bar chart drawn as inline SVG by the template."""
    top = max((r.get(value) or 0 for r in rows), default=0) or 1
    label_w = 64
    bars = []
    for i, r in enumerate(rows):
        n = r.get(value) or 0
        bars.append({"y": i * (bar + 6), "w": max(1, int((width - label_w - 40) * n / top)),
                     "label": str(r.get(label) or "—"), "n": n})
    return {"bars": bars, "height": len(rows) * (bar + 6) + 4, "width": width, "bar": bar,
            "label_w": label_w}


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html", "xml"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["LANG_NAMES"] = LANG_NAMES
    env.globals["LANGS"] = LANGS
    env.filters["money"] = lambda v: f"{int(v):,}".replace(",", " ") if isinstance(v, int | float) else v
    return env


ENV = _env()


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


class Pages:
    """Rendering with the request's language, user and CSRF token."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def lang(self, request: Request) -> str:
        return pick(request.cookies.get(LANG_COOKIE), request.query_params.get("lang"),
                    request.headers.get("accept-language"))

    def render(self, request: Request, template: str, status: int = 200,
               p: Principal | None = None, **ctx: Any) -> HTMLResponse:
        lang = self.lang(request)
        html = ENV.get_template(template).render(
            request=request, _=gettext_for(lang), lang=lang, user=p,
            csrf=p.csrf if p else None, path=request.url.path,
            path_qs=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            **ctx,
        )
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in LANGS:
            response.set_cookie(LANG_COOKIE, request.query_params["lang"], max_age=31536000,
                                samesite="lax", httponly=True)
        return response

    def user(self, request: Request) -> tuple[Principal | None, Any]:
        db = self.app.state.db
        session = db.session()
        session.info["pseudonym_key"] = self.app.state.settings.pseudonym_key
        session.info["audit"] = []
        return principal_from(request, session), session

    def error(self, request: Request, p: Principal | None, status: int, message: str) -> HTMLResponse:
        return self.render(request, "error.html", status=status, p=p, status_code=status,
                           message=message)


def _login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def install(app: FastAPI) -> None:
    """Add the pages and the static files to ``app``."""
    pages = Pages(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def guarded(handler: Any) -> Any:
        """Run a page handler with the user and a reading session; map refusals to pages."""

        def run(request: Request, **kwargs: Any) -> Response:
            p, session = pages.user(request)
            try:
                if p is None:
                    return _login_redirect(request)
                response = handler(request, p, session, **kwargs)
                commit_audit(request, session)
                return response
            except Denied as exc:
                return pages.error(request, p, 403, exc.message)
            except views.NotFound as exc:
                return pages.error(request, p, 404, exc.message)
            except ApiError as exc:
                return pages.error(request, p, exc.status, exc.message)
            finally:
                session.close()

        params = list(inspect.signature(handler).parameters.values())
        run.__signature__ = inspect.Signature([params[0], *params[3:]])  # type: ignore[attr-defined]
        return run

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        p, session = pages.user(request)
        session.close()
        if p is None:
            return RedirectResponse("/login", status_code=303)
        if p.role == "analyst":
            return RedirectResponse("/stats", status_code=303)
        if p.role == "administrator":
            return RedirectResponse("/audit", status_code=303)
        if p.role in ("investigator", "supervisor"):
            return RedirectResponse("/search", status_code=303)
        return RedirectResponse("/intake", status_code=303)

    @app.get("/lang/{code}", include_in_schema=False)
    def set_lang(code: str, next: str | None = None) -> Response:
        response = RedirectResponse(_safe_next(next), status_code=303)
        if code in LANGS:
            response.set_cookie(LANG_COOKIE, code, max_age=31536000, samesite="lax", httponly=True)
        return response

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str | None = None) -> Response:
        token = secrets.token_urlsafe(16)
        response = pages.render(request, "login.html", login_csrf=token, next=_safe_next(next),
                                error=None)
        response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=app.state.settings.secure_cookies, max_age=3600)
        return response

    @app.post("/login", include_in_schema=False)
    def login_submit(request: Request, username: str = Form(""), password: str = Form(""),
                     csrf: str = Form(""), next: str = Form("/")) -> Response:
        from qorgau.api.app import login_user, set_session_cookie

        _ = gettext_for(pages.lang(request))
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
        if not cookie or not csrf or not secrets.compare_digest(cookie, csrf):
            return pages.render(request, "login.html", status=403, login_csrf=cookie or "",
                                next=_safe_next(next),
                                error=_("The form has expired. Please try again."))
        ip = request.client.host if request.client else "?"
        try:
            with app.state.db.transaction() as session:
                opened = login_user(app, session, username[:64], password[:1024], ip)
        except ApiError as exc:
            message = (_("Too many failed attempts. Try again later.") if exc.status == 429
                       else _("Wrong user name or password."))
            return pages.render(request, "login.html", status=exc.status, login_csrf=cookie,
                                next=_safe_next(next), error=message)
        response = RedirectResponse(_safe_next(next), status_code=303)
        set_session_cookie(app, response, opened)
        response.delete_cookie(LOGIN_CSRF_COOKIE)
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form("")) -> Response:
        p, session = pages.user(request)
        session.close()
        if p is not None and csrf_ok(p, csrf):
            with app.state.db.transaction() as s:
                service.close_session(s, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def _intake(request: Request, p: Principal, session: Any) -> Response:
        if not p.may("report.create"):
            raise Denied("forbidden", "your role does not take complaints")
        return pages.render(request, "intake.html", p=p, form={}, error=None,
                            channels=_CHANNELS, today=date.today().isoformat())

    app.get("/intake", include_in_schema=False)(guarded(_intake))

    @app.post("/intake", include_in_schema=False)
    def intake_submit(
        request: Request, csrf: str = Form(""), text: str = Form(""), channel: str = Form(""),
        received_at: str = Form(""), region: str = Form(""), article: str = Form(""),
        victim_name: str = Form(""), victim_phone: str = Form(""), victim_iin: str = Form(""),
        suspect_name: str = Form(""), suspect_phone: str = Form(""), suspect_card: str = Form(""),
        suspect_iban: str = Form(""),
    ) -> Response:
        from qorgau.api.records import create_report

        p, session = pages.user(request)
        session.close()
        if p is None:
            return _login_redirect(request)
        if not csrf_ok(p, csrf):
            return pages.error(request, p, 403, gettext_for(pages.lang(request))(
                "The form has expired. Please try again."))
        form = {k: v for k, v in {
            "text": text, "channel": channel, "received_at": received_at, "region": region,
            "article": article, "victim_name": victim_name, "victim_phone": victim_phone,
            "victim_iin": victim_iin, "suspect_name": suspect_name,
            "suspect_phone": suspect_phone, "suspect_card": suspect_card,
            "suspect_iban": suspect_iban,
        }.items()}
        record: dict[str, Any] = {"text": text}
        for key in ("channel", "received_at", "region", "article"):
            if form[key].strip():
                record[key] = form[key].strip()
        for role, fields in (("victim", ("name", "phone", "iin")),
                             ("suspect", ("name", "phone", "card", "iban"))):
            person = {f: form[f"{role}_{f}"].strip() for f in fields if form[f"{role}_{f}"].strip()}
            if person:
                record[role] = person
        try:
            if not text.strip():
                raise ApiError(422, "invalid", "'text' is required", "text")
            status, rep = create_report(app.state.intake, p, record, app.state.settings.pseudonym_key)
        except (ApiError, Denied) as exc:
            message = exc.message
            return pages.render(request, "intake.html", status=422 if isinstance(exc, ApiError)
                                else 403, p=p, form=form, error=message, channels=_CHANNELS,
                                today=date.today().isoformat())
        return RedirectResponse(f"/reports/{rep['id']}?new=1", status_code=303)

    def _report(request: Request, p: Principal, session: Any, report_id: int) -> Response:
        reason = request.query_params.get("reason")
        rep = views.get_report(session, report_id, p, reason)
        return pages.render(request, "report.html", p=p, r=rep,
                            segments=highlight(rep.get("text"), rep["facts"]),
                            new=request.query_params.get("new") == "1", reason=reason)

    app.get("/reports/{report_id}", include_in_schema=False)(guarded(_report))

    def _case(request: Request, p: Principal, session: Any, case_id: int) -> Response:
        reason = request.query_params.get("reason")
        on = request.query_params.get("on") or None
        try:
            when = date.fromisoformat(on) if on else None
        except ValueError:
            raise ApiError(422, "invalid", f"'{on}' is not a date", "on") from None
        case = views.get_case(session, case_id, p, reason, when, pages.lang(request))
        return pages.render(request, "case.html", p=p, c=case, reason=reason)

    app.get("/cases/{case_id}", include_in_schema=False)(guarded(_case))

    @app.post("/cases/{case_id}/status", include_in_schema=False)
    def case_status(case_id: int, request: Request, csrf: str = Form(""), status: str = Form(""),
                    reason: str = Form("")) -> Response:
        p, session = pages.user(request)
        session.close()
        if p is None:
            return _login_redirect(request)
        if not csrf_ok(p, csrf):
            return pages.error(request, p, 403, gettext_for(pages.lang(request))(
                "The form has expired. Please try again."))
        if status not in views.CASE_STATUSES or len(reason.strip()) < 3:
            return pages.error(request, p, 422, "status and a reason are required")
        try:
            with app.state.db.transaction() as s:
                views.update_case(s, case_id, p, status, reason.strip()[:1000])
        except Denied as exc:
            return pages.error(request, p, 403, exc.message)
        except views.NotFound as exc:
            return pages.error(request, p, 404, exc.message)
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    def _search(request: Request, p: Principal, session: Any) -> Response:
        q = (request.query_params.get("q") or "").strip()[:200]
        by = request.query_params.get("by") or "identifier"
        reason = request.query_params.get("reason")
        result = None
        if q:
            if by == "name":
                result = views.search(session, p, name=q, reason=reason)
            else:
                result = views.search(session, p, identifier=q, reason=reason)
        elif not p.may("search"):
            raise Denied("forbidden", "your role may not search people")
        return pages.render(request, "search.html", p=p, q=q, by=by, result=result, reason=reason)

    app.get("/search", include_in_schema=False)(guarded(_search))

    def _stats(request: Request, p: Principal, session: Any) -> Response:
        region = request.query_params.get("region") or None
        article = request.query_params.get("article") or None
        data = views.stats(session, p, region=region, article=article)
        charts = {
            "by_month": bar_chart(data.get("by_month", []), "reports"),
            "by_article": bar_chart(data.get("by_article", []), "reports"),
            "by_region": bar_chart(data.get("by_region", []), "reports"),
        }
        return pages.render(request, "stats.html", p=p, s=data, charts=charts, region=region,
                            article=article)

    app.get("/stats", include_in_schema=False)(guarded(_stats))

    def _law(request: Request, p: Principal, session: Any) -> Response:
        from qorgau.law import LawInputError, article_view

        article = (request.query_params.get("article") or "115-1").strip()[:16]
        on = request.query_params.get("on") or date.today().isoformat()
        view, error = None, None
        try:
            view = article_view(article, date.fromisoformat(on)).to_dict(pages.lang(request))
        except (LawInputError, ValueError) as exc:
            error = str(exc)
        return pages.render(request, "law.html", p=p, article=article, on=on, v=view, error=error)

    app.get("/law", include_in_schema=False)(guarded(_law))

    def _audit(request: Request, p: Principal, session: Any) -> Response:
        from qorgau.store import repo

        if not p.may("audit.read"):
            raise Denied("forbidden", "your role may not read the audit log")
        entries = repo.audit_entries(session, limit=200)
        return pages.render(request, "audit.html", p=p, entries=entries)

    app.get("/audit", include_in_schema=False)(guarded(_audit))


_CHANNELS = ("walk_in", "102", "e_otinish", "court", "official_letter", "news", "import")
