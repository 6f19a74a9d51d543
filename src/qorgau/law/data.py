"""Loading the law data files (``qorgau/data/law/*.yaml``) once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """Parsed content of ``data/law/<name>.yaml`` (cached; treat it as read-only)."""
    text = resources.files("qorgau.data.law").joinpath(f"{name}.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, C version if built
    if not isinstance(data, dict):
        raise RuntimeError(f"law data file {name}.yaml is not a mapping")
    return data
