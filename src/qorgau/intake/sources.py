"""Reading intake records from text files, directories, JSON Lines and CSV, one at a time.

Each input yields :class:`RawRecord` items in a stable order: a mapping to check, or a refusal
when the bytes themselves cannot be read (bad JSON, broken CSV row, undecodable text file). A bad
line never stops the file. Files are streamed, so a JSON Lines file of millions of records is
never held in memory.

* ``*.jsonl`` / ``*.ndjson``: one JSON object per line; blank lines are skipped.
* ``*.csv``: a header row naming the fields (``id``, ``text`` ...); empty cells count as absent;
  ``victim``/``suspect`` cells hold a name or a JSON object.
* anything else: one plain-text document, id = file name without extension, decoded like
  ``qorgau extract`` does (UTF-8, UTF-16, Windows-1251).
* a directory: every non-hidden file below it, in path order, each read by its extension.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qorgau.text.decode import DEFAULT_MAX_BYTES, InputRefused, decode

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class RawRecord:
    """One record as read: ``data`` to check, or ``refused`` as ``(field, reason)``."""

    source: str
    data: dict[str, Any] | None = None
    refused: tuple[str, str] | None = None
    nbytes: int = 0


def expand(paths: list[str | Path], exclude: set[Path] | None = None) -> list[Path]:
    """The files to read for the paths given: files as named, directories expanded in order.

    Inside directories, hidden files and the files in ``exclude`` (the database, the rejects
    file) are left out. Raises FileNotFoundError naming the first path that does not exist.
    """
    skip = {p.resolve() for p in exclude or ()}
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    and p.resolve() not in skip
                )
            )
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(f"{raw}: no such file or directory")
    return files


def read_file(path: Path) -> Iterator[RawRecord]:
    """The records of one file, by its extension."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv(path)
    else:
        yield read_text(path)


def read_text(path: Path) -> RawRecord:
    """A plain-text file as one record ``{"id": stem, "text": ...}``."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return RawRecord(source, refused=("text", f"cannot read the file: {exc.strerror or exc}"))
    try:
        text, _encoding = decode(data, DEFAULT_MAX_BYTES)
    except InputRefused as exc:
        return RawRecord(source, refused=("text", str(exc)), nbytes=len(data))
    return RawRecord(source, {"id": path.stem, "text": text}, nbytes=len(data))


def read_jsonl(path: Path) -> Iterator[RawRecord]:
    """One record per non-blank line of a JSON Lines file."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield RawRecord(str(path), refused=("record", f"cannot read the file: {exc.strerror or exc}"))
        return
    with handle:
        carried = 0  # bytes of skipped blank lines, counted with the next record for progress
        for lineno, line in enumerate(handle, 1):
            source = f"{path}:{lineno}"
            size = len(line) + carried
            if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                carried = size
                continue
            carried = 0
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield RawRecord(
                    source, refused=("record", f"line is not UTF-8 (byte {exc.start})"), nbytes=size
                )
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                yield RawRecord(
                    source,
                    refused=("record", f"not JSON: {exc.msg} at column {exc.colno}"),
                    nbytes=size,
                )
                continue
            if not isinstance(data, dict):
                yield RawRecord(
                    source, refused=("record", "a line must hold a JSON object"), nbytes=size
                )
                continue
            yield RawRecord(source, data, nbytes=size)


def read_csv(path: Path) -> Iterator[RawRecord]:
    """One record per row of a CSV file with a header row."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield RawRecord(str(path), refused=("record", f"cannot read the file: {exc.strerror or exc}"))
        return
    with raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.reader(text)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RawRecord(f"{path}:1", refused=("record", f"broken CSV header: {exc}"))
            return
        names = [h.strip().lower() for h in header]
        last = raw.tell()
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield RawRecord(f"{path}:{reader.line_num}", refused=("record", f"broken CSV: {exc}"))
                continue
            pos = raw.tell()
            size, last = max(pos - last, 0), pos
            source = f"{path}:{reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                yield RawRecord(
                    source,
                    refused=("record", f"{len(row)} cells but the header names {len(names)}"),
                    nbytes=size,
                )
                continue
            data = {name: cell for name, cell in zip(names, row, strict=False) if cell != ""}
            yield RawRecord(source, data, nbytes=size)
