"""Users, logins, sessions and API tokens over the store.

Session cookies and API tokens are random 32-byte values; only their SHA-256 digest is stored,
so a copy of the database opens no session. Logins are throttled per user name and per client
address (:class:`Throttle`); a failed login for an unknown user takes as long as for a known one.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qorgau.auth.models import ApiToken, User, UserSession
from qorgau.auth.passwords import check_strength, dummy_hash, hash_password, verify_password
from qorgau.auth.policy import NATIONAL, ROLES, Principal
from qorgau.store.models import utcnow

SESSION_HOURS = 8
TOKEN_PREFIX = "qg_"


class AuthError(ValueError):
    """A user could not be created or a credential was refused; ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_region(region: str | None) -> str:
    """``KZ`` or ``KZ-NN`` in upper case; raises AuthError otherwise."""
    value = (region or NATIONAL).strip().upper()
    if value == NATIONAL:
        return value
    if len(value) == 5 and value.startswith("KZ-") and value[3:].isalnum():
        return value
    raise AuthError("region", f"'{region}' is not a region: use KZ or an ISO code like KZ-75")


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    region: str | None = NATIONAL,
    display_name: str | None = None,
) -> User:
    """Store a new user; raises :class:`AuthError` naming the field for bad input."""
    username = (username or "").strip()
    if not username or len(username) > 64 or not all(c.isalnum() or c in "._-@" for c in username):
        raise AuthError("username", "a user name is 1-64 letters, digits or . _ - @")
    if role not in ROLES:
        raise AuthError("role", f"'{role}' is not a role: one of {', '.join(ROLES)}")
    problem = check_strength(password)
    if problem:
        raise AuthError("password", problem)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AuthError("username", f"the user '{username}' already exists")
    user = User(
        username=username, password_hash=hash_password(password), role=role,
        region=normalise_region(region), display_name=display_name, active=True,
    )
    session.add(user)
    session.flush()
    return user


def principal_of(user: User, via: str = "session", csrf: str | None = None) -> Principal:
    return Principal(
        user.id, user.username, user.role, user.region, via=via, csrf=csrf,
        display_name=user.display_name,
    )


class Throttle:
    """Counts failed logins per key in a sliding window; a key with ``limit`` failures inside
    ``window`` seconds is refused until the oldest one leaves the window."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit = limit
        self.window = window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            q = self._recent(key, now)
            if len(q) < self.limit:
                return 0
            return max(1, int(q[0] + self.window - now) + 1)

    def fail(self, key: str) -> None:
        with self._lock:
            self._recent(key, time.monotonic()).append(time.monotonic())

    def clear(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)


@dataclass
class NewSession:
    """A session just opened: the cookie value (secret) and the CSRF token for its forms."""

    cookie: str
    csrf: str
    expires_at: datetime
    principal: Principal


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None (same cost either way)."""
    user = session.scalar(select(User).where(User.username == (username or "").strip()))
    if user is None or not user.active:
        verify_password(dummy_hash(), password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    return user


def open_session(
    session: Session, user: User, *, hours: float = SESSION_HOURS, ip: str | None = None
) -> NewSession:
    """Start a browser session for ``user``."""
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    expires = utcnow() + timedelta(hours=hours)
    session.add(UserSession(id=digest(cookie), user_id=user.id, csrf=csrf, expires_at=expires, ip=ip))
    session.flush()
    return NewSession(cookie, csrf, expires, principal_of(user, "session", csrf))


def session_principal(session: Session, cookie: str | None) -> Principal | None:
    """The user of a live session cookie, or None (unknown, expired, or user deactivated)."""
    if not cookie:
        return None
    row = session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id).where(
            UserSession.id == digest(cookie)
        )
    ).first()
    if row is None:
        return None
    us, user = row
    if us.expires_at <= utcnow() or not user.active:
        return None
    return principal_of(user, "session", us.csrf)


def close_session(session: Session, cookie: str | None) -> None:
    if cookie:
        session.execute(delete(UserSession).where(UserSession.id == digest(cookie)))


def purge_sessions(session: Session) -> int:
    """Delete expired sessions; returns how many."""
    res = session.execute(delete(UserSession).where(UserSession.expires_at <= utcnow()))
    return int(res.rowcount or 0)


def create_token(
    session: Session, user: User, name: str, *, days: float | None = None
) -> str:
    """A new API token for ``user`` (shown once; only its digest is stored)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(days=days) if days else None
    session.add(ApiToken(user_id=user.id, name=name[:100], digest=digest(token), expires_at=expires,
                         revoked=False))
    session.flush()
    return token


def token_principal(session: Session, token: str | None) -> Principal | None:
    """The user of a live API token, or None."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    row = session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(
            ApiToken.digest == digest(token)
        )
    ).first()
    if row is None:
        return None
    tok, user = row
    if tok.revoked or not user.active or (tok.expires_at and tok.expires_at <= utcnow()):
        return None
    return principal_of(user, "token")


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
