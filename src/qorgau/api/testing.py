"""A populated store with a user of every role, for tests, benchmarks and demos.

:func:`populate` loads synthetic reports (through intake, so facts, identifiers and links are
real) and creates users and API tokens; :func:`fixture_users` says who they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qorgau.auth import service
from qorgau.intake import ingest_records
from qorgau.store.db import Database
from qorgau.synth import generate

PASSWORD = "qorgau-demo-2026"


@dataclass(frozen=True)
class FixtureUser:
    username: str
    role: str
    region: str


FIXTURE_USERS = (
    FixtureUser("intake", "intake_officer", "KZ-75"),
    FixtureUser("investigator", "investigator", "KZ-75"),
    FixtureUser("investigator_astana", "investigator", "KZ-71"),
    FixtureUser("analyst", "analyst", "KZ"),
    FixtureUser("supervisor", "supervisor", "KZ-75"),
    FixtureUser("admin", "administrator", "KZ"),
)
"""Users of every role: Almaty city (KZ-75), Astana (KZ-71) and national scope (KZ)."""


@dataclass
class Populated:
    users: dict[str, FixtureUser]
    tokens: dict[str, str] = field(default_factory=dict)
    password: str = PASSWORD
    reports: int = 0


def create_users(db: Database, password: str = PASSWORD, tokens: bool = True) -> Populated:
    """Create the fixture users (skipping existing ones) and an API token for each."""
    out = Populated({u.username: u for u in FIXTURE_USERS}, password=password)
    with db.transaction() as s:
        for u in FIXTURE_USERS:
            user = service.get_user(s, u.username)
            if user is None:
                user = service.create_user(s, u.username, password, u.role, u.region,
                                           display_name=u.username.replace("_", " ").title())
            if tokens:
                out.tokens[u.username] = service.create_token(s, user, "fixture")
    return out


def load_synthetic(db: Database, n: int, seed: int = 7, batch_size: int = 500,
                   regions: tuple[str, ...] = ()) -> int:
    """Ingest ``n`` synthetic records; returns how many were taken.

    ``regions`` (if given) are assigned in turn to the records, so every scope has data.
    """
    def records() -> Any:
        for i, rec in enumerate(generate(n, seed=seed)):
            if regions:
                rec["region"] = regions[i % len(regions)]
            yield rec

    summary = ingest_records(db, records(), source="synthetic", batch_size=batch_size,
                             keep_outcomes=False)
    return summary.taken


def populate(db: Database, n: int = 40, seed: int = 7) -> Populated:
    """Users, tokens and ``n`` synthetic reports spread over Almaty city and Astana."""
    out = create_users(db)
    out.reports = load_synthetic(db, n, seed, regions=("KZ-75", "KZ-71"))
    return out


_SHARED: dict[str, Any] = {}


def shared_store(n: int = 40) -> tuple[Database, Populated]:
    """One populated SQLite store per process (tests of several modules share it)."""
    if "db" not in _SHARED:
        import atexit
        import shutil
        import tempfile

        from qorgau.store.db import open_db

        folder = tempfile.mkdtemp(prefix="qorgau-api-")
        atexit.register(shutil.rmtree, folder, True)
        db = open_db(f"{folder}/store.db")
        _SHARED["db"] = db
        _SHARED["pop"] = populate(db, n)
    return _SHARED["db"], _SHARED["pop"]
