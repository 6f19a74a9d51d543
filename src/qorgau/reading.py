"""Collecting input documents from paths (files, directories, standard input) for the CLI.

Each input becomes either a readable document ``(id, text)`` or a refusal ``(path, reason)``; one
bad file never stops the others.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qorgau.text.decode import DEFAULT_MAX_BYTES, InputRefused, decode


@dataclass
class Input:
    """One input: a document to read, or the reason it could not be read."""

    source: str
    id: str
    text: str | None = None
    error: str | None = None


def _from_file(path: Path, max_bytes: int) -> Input:
    doc_id = path.stem
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputRefused(
                f"too large: {size / 1048576:.1f} MB is over the {max_bytes / 1048576:.0f} MB "
                "limit for one document (split it, or raise --max-mb)"
            )
        data = path.read_bytes()
    except InputRefused as exc:
        return Input(str(path), doc_id, error=str(exc))
    except PermissionError:
        return Input(str(path), doc_id, error="unreadable: permission denied")
    except FileNotFoundError:
        return Input(str(path), doc_id, error="not found")
    except IsADirectoryError:
        return Input(str(path), doc_id, error="is a directory")
    except OSError as exc:
        return Input(str(path), doc_id, error=f"unreadable: {exc.strerror or exc}")
    try:
        text, _enc = decode(data, max_bytes)
    except InputRefused as exc:
        return Input(str(path), doc_id, error=str(exc))
    return Input(str(path), doc_id, text=text)


def iter_inputs(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Input]:
    """Yield one Input per file named, per file inside a named directory, or for ``-`` (stdin)."""
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            try:
                text, _enc = decode(data, max_bytes)
                yield Input("-", "stdin", text=text)
            except InputRefused as exc:
                yield Input("-", "stdin", error=str(exc))
            continue
        path = Path(raw)
        if path.is_dir():
            try:
                children = sorted(p for p in path.rglob("*") if not p.is_dir())
            except OSError as exc:
                yield Input(str(path), path.name, error=f"unreadable directory: {exc}")
                continue
            if not children:
                yield Input(str(path), path.name, error="empty directory: no files inside")
            for child in children:
                yield _from_file(child, max_bytes)
        else:
            yield _from_file(path, max_bytes)
