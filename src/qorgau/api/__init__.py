"""The HTTP API (FastAPI): stateless facts and law, records with roles, region scope and audit.

Start with :func:`qorgau.api.app.create_app`. See docs/api.md and docs/security.md.
"""


def create_app(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201
    """See :func:`qorgau.api.app.create_app`."""
    from qorgau.api.app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
