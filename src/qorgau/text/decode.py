"""Turning the bytes of an input file into text, or refusing it with a reason a person can act on.

UTF-8 (with or without BOM) and UTF-16 (with a BOM, or detected by its zero bytes) are decoded;
Windows-1251, still common in Kazakhstan's office files, is recognised when the bytes are not valid
UTF-8 and decode to mostly Cyrillic letters. Empty input, binary data and oversized files are
refused with :class:`InputRefused`, whose message names the reason.
"""

from __future__ import annotations

import codecs

DEFAULT_MAX_BYTES = 16 * 1024 * 1024


class InputRefused(ValueError):
    """The input cannot be read as a text document; the message says why."""


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd")
    return bad / len(sample) < 0.01


def _cyrillic_share(text: str) -> float:
    letters = [c for c in text[:20000] if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0400" <= c <= "\u04ff") / len(letters)


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a document, or raise InputRefused."""
    if len(data) > max_bytes:
        raise InputRefused(
            f"too large: {len(data) / 1048576:.1f} MB is over the {max_bytes / 1048576:.0f} MB "
            "limit for one document (split it, or raise --max-mb)"
        )
    if not data.strip():
        raise InputRefused("empty: the file holds no text")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data, "utf-16"), "utf-16"
    head = data[:4096]
    utf16 = _utf16_guess(head)
    if utf16:
        return _checked(data, utf16), utf16
    if b"\x00" in head:
        raise InputRefused("binary: the file holds zero bytes and is not UTF-16 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError as exc:  # pragma: no cover - cp1251 maps nearly every byte
            raise InputRefused("not text: neither UTF-8 nor Windows-1251") from exc
        if _cyrillic_share(text) < 0.5 or not _looks_like_text(text):
            raise InputRefused(
                "not UTF-8: the bytes are not valid UTF-8 and do not read as Windows-1251 "
                "Cyrillic text either; convert the file to UTF-8"
            ) from None
        return text, "cp1251"
    if not _looks_like_text(text):
        raise InputRefused("binary: the file holds control characters, not text")
    return text, "utf-8"


def _utf16_guess(head: bytes) -> str | None:
    """UTF-16 without a BOM: one byte of each pair is nearly constant (0x00 for Latin, 0x04 for
    Cyrillic), the other varies."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]

    def concentrated(part: bytes) -> bool:
        counts = sorted((part.count(b) for b in set(part)), reverse=True)
        return sum(counts[:2]) / len(part) > 0.9 and counts[0] / len(part) > 0.3

    high = {0, 4}
    if concentrated(odd) and not concentrated(even) and max(set(odd), key=odd.count) in high:
        return "utf-16-le"
    if concentrated(even) and not concentrated(odd) and max(set(even), key=even.count) in high:
        return "utf-16-be"
    return None


def _plausible_script(text: str) -> bool:
    sample = text[:20000]
    ordinary = sum(
        1
        for c in sample
        if c.isspace() or c.isdigit() or ("a" <= c.lower() <= "z") or "\u0400" <= c <= "\u04ff"
    )
    return ordinary / len(sample) > 0.5


def _checked(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputRefused(f"broken {encoding}: {exc.reason} at byte {exc.start}") from exc
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputRefused("empty: the file holds no text")
    if not _looks_like_text(text) or not _plausible_script(text):
        raise InputRefused(f"binary: decoded as {encoding} but does not read as text")
    return text
