"""Checking one intake record and normalising its fields, or refusing it with the field and reason.

A record is a mapping with ``id`` and ``text`` and, optionally, structured fields that a form or
another system supplies: ``received_at``, ``channel``, ``region``, ``article``, ``status``,
``language``, ``victim``, ``suspect``. Other keys are ignored and not stored (synthetic data
carries its hidden truth there). Every refusal names the field, so the sender can fix it.

Supplied identifiers of people (phone, IIN, card, IBAN, e-mail, handle) are normalised the way the
facts engine writes them (facts-v1): phone E.164, IIN 12 digits, card digits (masked ones as
written, ``*`` kept), IBAN upper case without spaces, e-mail lower case, handle
``platform:name`` lower case.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import phonenumbers

from qorgau.store.models import CHANNELS, KZ_TIME

MAX_TEXT_CHARS = 16 * 1024 * 1024
MAX_ID_CHARS = 200

CHANNEL_ALIASES = {
    "eotinish": "e_otinish",
    "e_otinish": "e_otinish",
    "otinish": "e_otinish",
    "102": "102",
    "walk_in": "walk_in",
    "walkin": "walk_in",
    "court": "court",
    "official_letter": "official_letter",
    "letter": "official_letter",
    "news": "news",
    "import": "import",
}
assert set(CHANNEL_ALIASES.values()) == set(CHANNELS)

LANGUAGES = ("kk", "ru", "en")
PERSON_ROLES = ("victim", "suspect")
IDENTIFIER_KEYS = {
    "phone": "phone",
    "phones": "phone",
    "iin": "iin",
    "email": "email",
    "emails": "email",
    "card": "card",
    "cards": "card",
    "iban": "iban",
    "ibans": "iban",
    "handle": "handle",
    "handles": "handle",
}

_REGION = re.compile(r"KZ(?:-\d{2})?")
_ARTICLE = re.compile(r"(?:AC-)?\d{1,3}(?:-\d{1,2}){0,2}")
_DMY = re.compile(
    r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s.]{2,63}")
_HANDLE = re.compile(r"([a-z][a-z0-9_]{0,31}):@?([^\s:@]{1,100})")
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_CARD = re.compile(r"[0-9*]{12,19}")


class Refused(ValueError):
    """A record cannot be taken; ``field`` names what is wrong and ``reason`` says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass
class PersonIn:
    """A victim or suspect as the record supplies them."""

    role: str
    name: str | None = None
    birth_date: date | None = None
    iin: str | None = None
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.birth_date is not None:
            out["birth_date"] = self.birth_date.isoformat()
        if self.iin is not None:
            out["iin"] = self.iin
        out.update(self.identifier_map())
        out.update(self.attrs)
        return out

    def identifier_map(self) -> dict[str, list[str]]:
        """The person's identifiers other than the IIN, by kind: ``{"phone": [...], ...}``."""
        out: dict[str, list[str]] = {}
        for kind, value in self.identifiers:
            if kind != "iin":
                out.setdefault(kind, []).append(value)
        return out


@dataclass
class RecordIn:
    """A checked record, ready to store."""

    ext_id: str
    text: str
    sha256: str
    source: str
    channel: str = "import"
    received_at: datetime | None = None
    region: str | None = None
    article: str | None = None
    status: str | None = None
    language: str | None = None
    persons: list[PersonIn] = field(default_factory=list)
    supplied: dict[str, Any] = field(default_factory=dict)


def text_sha256(text: str) -> str:
    """SHA-256 of the text as UTF-8: the content half of a report's identity."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _string(name: str, value: Any, max_len: int, *, allow_number: bool = False) -> str:
    if allow_number and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Refused(name, f"must be a string, not {_type_name(value)}")
    value = value.strip()
    if not value:
        raise Refused(name, "is empty")
    _storable(name, value)
    if len(value) > max_len:
        raise Refused(name, f"is {len(value)} characters long; the limit is {max_len}")
    return value


def _storable(name: str, value: str) -> None:
    if "\x00" in value:
        raise Refused(name, "contains a NUL character (U+0000), which cannot be stored")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Refused(
            name, f"is not valid UTF-8 (undecodable byte or lone surrogate at character {exc.start})"
        ) from None


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def parse_datetime(name: str, value: Any) -> datetime:
    """ISO 8601 date or date-time, or ``DD.MM.YYYY[ HH:MM[:SS]]``; naive means Kazakhstan time."""
    text = _string(name, value, 64)
    m = _DMY.fullmatch(text)
    try:
        if m:
            d, mo, y, hh, mm, ss = m.groups()
            result = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
        else:
            result = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise Refused(
            name, f"{text!r} is not a date or time (use ISO 8601, e.g. 2025-03-12T14:30+05:00)"
        ) from None
    if not 1990 <= result.year <= 2100:
        raise Refused(name, f"year {result.year} is out of range (1990-2100)")
    if result.tzinfo is None:
        result = result.replace(tzinfo=KZ_TIME)
    return result


def parse_date(name: str, value: Any) -> date:
    """ISO 8601 date or ``DD.MM.YYYY``."""
    text = _string(name, value, 32)
    m = _DMY.fullmatch(text)
    try:
        if m and m.group(4) is None:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(name, f"{text!r} is not a date (use ISO 8601, e.g. 1994-07-21)") from None


def iin_is_valid(iin: str) -> bool:
    """The check digit of a Kazakhstan IIN/BIN (12 digits)."""
    if len(iin) != 12 or not iin.isdigit():
        return False
    digits = [int(c) for c in iin]
    for weights in (range(1, 12), [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]):
        check = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
        if check != 10:
            return check == digits[11]
    return False


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(iban: str) -> bool:
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def normalise_identifier(kind: str, value: str) -> str:
    """Normalise a supplied identifier of ``kind``; raise ValueError with the reason if invalid."""
    raw = value.strip()
    if kind == "phone":
        try:
            number = phonenumbers.parse(raw, "KZ")
        except phonenumbers.NumberParseException:
            raise ValueError(f"{raw!r} is not a phone number") from None
        if not phonenumbers.is_valid_number(number):
            raise ValueError(f"{raw!r} is not a valid phone number")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if kind == "iin":
        digits = re.sub(r"[\s-]", "", raw)
        if not iin_is_valid(digits):
            raise ValueError(f"{raw!r} is not a valid IIN (12 digits with a correct check digit)")
        return digits
    if kind == "card":
        digits = re.sub(r"[\s-]", "", raw)
        if not _CARD.fullmatch(digits):
            raise ValueError(f"{raw!r} is not a card number (12-19 digits, '*' for masked ones)")
        if "*" not in digits and not _luhn(digits):
            raise ValueError(f"{raw!r} fails the card number check (Luhn)")
        return digits
    if kind == "iban":
        iban = re.sub(r"\s", "", raw).upper()
        if not _IBAN.fullmatch(iban) or not _iban_ok(iban):
            raise ValueError(f"{raw!r} is not a valid IBAN")
        return iban
    if kind == "email":
        email = raw.lower()
        if not _EMAIL.fullmatch(email):
            raise ValueError(f"{raw!r} is not an e-mail address")
        return email
    if kind == "handle":
        m = _HANDLE.fullmatch(raw.lower())
        if not m:
            raise ValueError(f"{raw!r} is not a handle written as platform:name (instagram:name)")
        return f"{m.group(1)}:{m.group(2)}"
    raise ValueError(f"unknown identifier kind {kind!r}")


def _person(name: str, role: str, value: Any) -> PersonIn:
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in "{[":
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError as exc:
                raise Refused(name, f"looks like JSON but is not: {exc.msg}") from None
            return _person(name, role, value)
        return PersonIn(role, name=_string(name, value, 300))
    if not isinstance(value, dict):
        raise Refused(name, f"must be a name or an object, not {_type_name(value)}")
    person = PersonIn(role)
    for key, item in value.items():
        where = f"{name}.{key}"
        if item is None or item == "" or item == []:
            continue
        if key == "name":
            person.name = _string(where, item, 300)
        elif key == "birth_date":
            person.birth_date = parse_date(where, item)
        elif key in IDENTIFIER_KEYS:
            kind = IDENTIFIER_KEYS[key]
            items = item if isinstance(item, list) else [item]
            for i, one in enumerate(items):
                spot = f"{where}[{i}]" if isinstance(item, list) else where
                text = _string(spot, one, 200, allow_number=True)
                try:
                    normal = normalise_identifier(kind, text)
                except ValueError as exc:
                    raise Refused(spot, str(exc)) from None
                if kind == "iin":
                    if person.iin is not None and person.iin != normal:
                        raise Refused(spot, "a person has one IIN; two different ones were given")
                    person.iin = normal
                if (kind, normal) not in person.identifiers:
                    person.identifiers.append((kind, normal))
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            if not isinstance(key, str) or len(key) > 64:
                raise Refused(name, f"attribute name {str(key)[:70]!r} is too long")
            person.attrs[key] = _string(where, str(item), 500)
        else:
            raise Refused(where, f"must be text or a number, not {_type_name(item)}")
    if person.name is None and not person.identifiers and not person.attrs and not person.birth_date:
        raise Refused(name, "names nobody: give at least a name or an identifier")
    return person


def check_record(data: Any, source: str) -> RecordIn:
    """Check one raw record and return it normalised, or raise :class:`Refused`."""
    if not isinstance(data, dict):
        raise Refused("record", f"must be an object with id and text, not {_type_name(data)}")
    if data.get("id") in (None, ""):
        raise Refused("id", "is missing")
    ext_id = _string("id", data["id"], MAX_ID_CHARS, allow_number=True)
    if any(ord(c) < 32 for c in ext_id):
        raise Refused("id", "contains control characters")
    text = data.get("text")
    if text is None:
        raise Refused("text", "is missing")
    if not isinstance(text, str):
        raise Refused("text", f"must be a string, not {_type_name(text)}")
    if not text.strip():
        raise Refused("text", "is empty")
    _storable("text", text)
    if len(text) > MAX_TEXT_CHARS:
        raise Refused("text", f"is {len(text)} characters long; the limit is {MAX_TEXT_CHARS}")
    rec = RecordIn(ext_id=ext_id, text=text, sha256=text_sha256(text), source=source)
    sup = rec.supplied

    def given(key: str) -> Any:
        value = data.get(key)
        return None if value is None or value == "" else value

    if (v := given("received_at")) is not None:
        rec.received_at = parse_datetime("received_at", v)
        sup["received_at"] = rec.received_at.isoformat()
    if (v := given("channel")) is not None:
        key = re.sub(r"[\s-]+", "_", _string("channel", v, 32, allow_number=True).lower())
        if key not in CHANNEL_ALIASES:
            raise Refused("channel", f"{v!r} is not one of {', '.join(CHANNELS)}")
        rec.channel = sup["channel"] = CHANNEL_ALIASES[key]
    if (v := given("region")) is not None:
        region = _string("region", v, 8).upper()
        if not _REGION.fullmatch(region):
            raise Refused("region", f"{v!r} is not an ISO 3166-2:KZ code such as KZ-75")
        rec.region = sup["region"] = region
    if (v := given("article")) is not None:
        article = _string("article", v, 16, allow_number=True).upper()
        if not _ARTICLE.fullmatch(article):
            raise Refused("article", f"{v!r} is not an article such as 115-1, 190-2 or AC-73")
        rec.article = sup["article"] = article
    if (v := given("status")) is not None:
        rec.status = sup["status"] = _string("status", v, 64)
    if (v := given("language")) is not None:
        lang = _string("language", v, 8).lower()
        if lang not in LANGUAGES:
            raise Refused("language", f"{v!r} is not one of kk, ru, en")
        rec.language = sup["language"] = lang
    for role in PERSON_ROLES:
        if (v := given(role)) is None:
            continue
        items = v if isinstance(v, list) else [v]
        people = [
            _person(f"{role}[{i}]" if isinstance(v, list) else role, role, one)
            for i, one in enumerate(items)
        ]
        rec.persons.extend(people)
        sup[role] = [p.to_json() for p in people]
    return rec
