"""Tables for users, their browser sessions and the API tokens systems use.

Secrets are never stored: sessions and tokens are kept as SHA-256 digests of the random value
the client holds, passwords as argon2 hashes. The migration is ``0003_auth``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from qorgau.store.models import Base, utcnow

ROLE_NAMES = ("intake_officer", "investigator", "analyst", "supervisor", "administrator")


class User(Base):
    """A person who logs in: a role and a region scope (``KZ`` = the whole country)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    region: Mapped[str] = mapped_column(String(8), default="KZ")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "role IN (" + ", ".join(repr(r) for r in ROLE_NAMES) + ")", name="role"
        ),
    )


class UserSession(Base):
    """A browser session: the digest of the cookie value, its CSRF token and its expiry."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    ip: Mapped[str | None] = mapped_column(String(64))


class ApiToken(Base):
    """A token another system sends as ``Authorization: Bearer ...``, acting as its user."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(default=False)
