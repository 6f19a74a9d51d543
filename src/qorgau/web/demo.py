"""A demo on a fresh machine: a SQLite database with synthetic reports and a user of every role,
then the server. ``qorgau demo`` calls :func:`serve_demo`."""

from __future__ import annotations

import os
import tempfile

from qorgau.api.testing import FIXTURE_USERS, PASSWORD, create_users, load_synthetic

DEMO_REPORTS = 600


def build_demo_db(url: str, n: int = DEMO_REPORTS, seed: int = 11) -> list[tuple[str, str, str]]:
    """Create the demo users and load ``n`` synthetic reports into the store at ``url``;
    returns ``(user, password, role)`` for each demo user."""
    from qorgau.store.db import open_db

    with open_db(url) as db:
        create_users(db, tokens=False)
        with db.session() as s:
            from sqlalchemy import func, select

            from qorgau.store.models import Report

            have = s.scalar(select(func.count()).select_from(Report)) or 0
        if have < n:
            load_synthetic(db, n, seed, regions=("KZ-75", "KZ-71", "KZ-75", "KZ-79"))
    return [(u.username, PASSWORD, f"{u.role} ({u.region})") for u in FIXTURE_USERS]


def serve_demo(port: int = 8000, host: str = "127.0.0.1", url: str | None = None) -> None:
    """Build the demo database (in a temporary folder unless ``url`` is given), print how to log
    in, and serve it until interrupted."""
    import uvicorn

    from qorgau.api.app import create_app

    if url is None:
        folder = tempfile.mkdtemp(prefix="qorgau-demo-")
        url = os.path.join(folder, "demo.db")
    print(f"Building the demo database {url} (synthetic reports; a minute or so) ...", flush=True)
    users = build_demo_db(url)
    print(f"\nQorgau demo on http://{host}:{port}/  — log in as:")
    for user, password, role in users:
        print(f"  {user:<22} {password}   {role}")
    print("Press Ctrl-C to stop.", flush=True)
    uvicorn.run(create_app(url), host=host, port=port, log_level="warning")
