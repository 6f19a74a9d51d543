"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of a password (salted; the parameters are stored in the hash)."""
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash; never raises for a wrong password."""
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)


@cache
def dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so timing tells nothing."""
    return hash_password("not a password of anyone")


def check_strength(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if password.isdigit() or password.isalpha():
        return "a password needs letters and at least one digit or sign"
    return None
