"""Commands for people and services: ``serve`` (the web pages and the HTTP API), ``user add``,
``user list``, ``user token`` and ``audit``. A thin shell over :mod:`qorgau.api`,
:mod:`qorgau.auth` and the store; see docs/web.md and docs/security.md.
"""

from __future__ import annotations

import json

import typer

from qorgau.commands.common import DB_HELP
from qorgau.commands.common import err as _err


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Serve the web pages and the HTTP API (OpenAPI at /docs and /openapi.json)."""
    import uvicorn

    from qorgau.api.app import create_app
    from qorgau.extract.pipeline import warm_up
    from qorgau.link.persons import matcher

    app = create_app(db)
    warm_up()  # load lexicons and language models before the first request, not during it
    matcher()  # and the name matcher of linking (Splink on DuckDB)
    typer.echo(f"Qorgau on http://{host}:{port}/ (API documentation: http://{host}:{port}/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


user_app = typer.Typer(help="Users: add, list, API tokens.", no_args_is_help=True)


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., help="Login name (letters, digits, . _ - @)."),
    role: str = typer.Option(..., "--role", help=(
        "intake_officer, investigator, analyst, supervisor or administrator")),
    region: str = typer.Option("KZ", "--region", help="KZ (whole country) or KZ-NN."),
    name: str = typer.Option(None, "--name", help="Display name."),
    password: str = typer.Option(
        None, "--password", help="Password (asked for when not given; at least 10 characters)."
    ),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Create a user with a role and a region scope."""
    from qorgau.auth.service import AuthError, create_user
    from qorgau.store.db import open_db
    from qorgau.store.repo import audit

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with open_db(db) as database, database.transaction() as s:
            user = create_user(s, username, password, role, region, name)
            audit(s, "user.add", actor="cli", entity="user", entity_id=user.id,
                  details={"username": user.username, "role": user.role, "region": user.region})
            typer.echo(f"user {user.username}: {user.role}, region {user.region}")
    except AuthError as exc:
        _err(f"{exc.field}: {exc.message}")
        raise typer.Exit(2) from exc


@user_app.command("list")
def user_list(db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """List users with their role and region."""
    from qorgau.auth.service import list_users
    from qorgau.store.db import open_db

    with open_db(db) as database, database.session() as s:
        for u in list_users(s):
            state = "" if u.active else " (inactive)"
            typer.echo(f"{u.username:<24} {u.role:<16} {u.region}{state}")


@user_app.command("token")
def user_token(
    username: str = typer.Argument(...),
    name: str = typer.Option("api", "--name", help="What the token is for."),
    days: float = typer.Option(None, "--days", help="Valid for this many days (default: no end)."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Create an API token acting as a user (printed once; send it as 'Authorization: Bearer')."""
    from qorgau.auth.service import create_token, get_user
    from qorgau.store.db import open_db
    from qorgau.store.repo import audit

    with open_db(db) as database, database.transaction() as s:
        user = get_user(s, username)
        if user is None:
            _err(f"no user '{username}'")
            raise typer.Exit(2)
        token = create_token(s, user, name, days=days)
        audit(s, "token.add", actor="cli", entity="user", entity_id=user.id, details={"name": name})
    typer.echo(token)


def audit_cmd(
    limit: int = typer.Option(50, "--limit", help="How many entries (newest first)."),
    entity: str = typer.Option(None, "--entity", help="report, case, search, user ..."),
    entity_id: str = typer.Option(None, "--id", help="The record's id."),
    actor: str = typer.Option(None, "--actor", help="Only this user's entries."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """List the audit log: who read or changed what, when, and why."""
    from sqlalchemy import select

    from qorgau.store.db import open_db
    from qorgau.store.models import AuditEntry

    with open_db(db) as database, database.session() as s:
        q = select(AuditEntry)
        if entity:
            q = q.where(AuditEntry.entity == entity)
        if entity_id:
            q = q.where(AuditEntry.entity_id == entity_id)
        if actor:
            q = q.where(AuditEntry.actor == actor)
        for e in s.scalars(q.order_by(AuditEntry.id.desc()).limit(limit)):
            details = e.details or {}
            if as_json:
                typer.echo(json.dumps({
                    "id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                    "entity": e.entity, "entity_id": e.entity_id, "details": details,
                }, ensure_ascii=False))
            else:
                why = details.get("why") if isinstance(details, dict) else None
                what = f"{e.entity or ''} {e.entity_id or ''}".strip()
                typer.echo(f"{e.at:%Y-%m-%d %H:%M:%S} {e.actor or '-':<20} {e.action:<14} "
                           f"{what:<16} {why or ''}".rstrip())


def register(app: typer.Typer) -> None:
    """Add ``serve``, ``user`` and ``audit`` to the ``qorgau`` command."""
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
    app.command("audit")(audit_cmd)
