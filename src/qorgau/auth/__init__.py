"""Who may see what: users with a role and a region scope, sessions, API tokens and audit.

* :mod:`qorgau.auth.models`: the ``users``, ``user_sessions`` and ``api_tokens`` tables.
* :mod:`qorgau.auth.passwords`: argon2 hashing.
* :mod:`qorgau.auth.service`: creating users, logging in (with throttling), sessions with
  CSRF tokens, API tokens.
* :mod:`qorgau.auth.policy`: the role rules (which role may do what, in which region) and the
  pseudonymisation analysts get.

See docs/security.md.
"""

from qorgau.auth.policy import ROLES, Principal

__all__ = ["ROLES", "Principal"]
