"""Identifiers that tie reports together: phones, e-mails, social accounts, cards, IBANs, IINs.

Every fact has kind ``identifier`` and a value ``{"kind", "value", "valid", ...}`` with the
identifier in normalised form (see ``docs/identifiers.md``):

* ``phone``: E.164 (``+77011234567``), from every usual spelling of Kazakh numbers (``8 701 123 45
  67``, ``+7(777)1234567``, ``8-702-555-12-34``, ``7011234567`` where the text speaks of a phone),
  checked with the ``phonenumbers`` metadata and the Kazakh mobile prefixes; also ``wa.me`` links;
* ``service_number``: short numbers such as 102 or 1414 where the text says they are called; never
  a phone;
* ``email``: lower case;
* ``handle``: ``platform:name`` lower case, from links (``instagram.com/name``, ``t.me/name``),
  from ``@name`` when the sentence names the platform, and from a name that looks like one right
  after the platform's name (``Instagram-дағы aru.k аккаунтынан``, ``в Telegram под ником x``);
* ``card``: digits only (13 to 19), Luhn-checked; masked cards keep ``*`` (``4400********1234``);
* ``iban``: Kazakh IBANs, upper case without spaces, ISO 13616 mod-97 check;
* ``iin``: 12 digits with the date, century/sex digit and check digit verified.

Numbers are found as *runs*: digit groups joined by single separators (spaces, hyphens, dots,
brackets). A run is cut into identifiers left to right, taking at each group the longest span
that forms a phone, card or IIN; so a list of phones in one line, or a date before a phone, is
read correctly, while years, money and counts never reach the 10 to 19 digits an identifier needs.
Links, e-mails, IBANs and masked cards are matched first and their characters are not reused.
Word lists live in ``data/lexicons/identifiers.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import phonenumbers
import yaml
from phonenumbers import PhoneNumberType

from qorgau.model import Document, Fact

KIND = "identifier"

# Characters that look before/after a number for context words, clipped to the sentence.
_CTX_BEFORE = 60
_CTX_AFTER = 30
_HANDLE_BEFORE = 100
_HANDLE_AFTER = 60
# How far before a dot, underscore or account word the platform's name is looked for, and the
# longest platform name (a window that ends inside one is scanned again from before it).
_BARE_BEFORE = 80
_PLATFORM_WORD_MAX = 16


@cache
def _lexicon() -> dict[str, Any]:
    raw = resources.files("qorgau.data.lexicons").joinpath("identifiers.yaml").read_text("utf-8")
    return yaml.safe_load(raw)


_WORD_START = r"(?<![^\W\d_])"


def _words_src(words: list[str]) -> str:
    """Regex source for a word list: ``stem*`` entries take any ending, others are whole words."""
    alts = []
    for w in sorted(words, key=len, reverse=True):
        w = str(w).lower()
        if w.endswith("*"):
            alts.append(re.escape(w[:-1]))
        elif w[-1:].isalpha():
            alts.append(re.escape(w) + r"(?![^\W\d_])")
        else:
            alts.append(re.escape(w))
    return _WORD_START + "(?:" + "|".join(alts) + ")"


@cache
def _words(name: str) -> re.Pattern[str]:
    return re.compile(_words_src(_lexicon()[name]), re.IGNORECASE)


@cache
def _mobile_prefixes() -> frozenset[str]:
    return frozenset(str(p) for p in _lexicon()["kz_mobile_prefixes"])


@cache
def _services() -> dict[str, str]:
    return {str(k): str(v) for k, v in _lexicon()["service_numbers"].items()}


@dataclass(frozen=True)
class _Platform:
    name: str
    account: re.Pattern[str]
    reserved: frozenset[str]
    prefixes: frozenset[str]


@cache
def _platforms() -> dict[str, _Platform]:
    out = {}
    for name, spec in _lexicon()["platforms"].items():
        out[name] = _Platform(
            name=name,
            account=re.compile(spec["name"]),
            reserved=frozenset(str(p).lower() for p in spec.get("reserved_paths", [])),
            prefixes=frozenset(str(p).lower() for p in spec.get("prefix_paths", [])),
        )
    return out


@cache
def _platform_words() -> re.Pattern[str]:
    """One alternation of every platform's names; the group name is the platform."""
    alts = []
    for name, spec in _lexicon()["platforms"].items():
        if name == "whatsapp":  # WhatsApp accounts are phone numbers, not @names
            continue
        body = _words_src(spec["words"]).removeprefix(_WORD_START)
        alts.append(f"(?P<{name}>{body})")
    return re.compile(_WORD_START + "(?:" + "|".join(alts) + ")", re.IGNORECASE)


@cache
def _platform_scan() -> re.Pattern[str]:
    """The same names, for scanning: the first letter is a plain character class (which the
    regex engine skips through quickly), then the rest of the word is chosen by that letter."""
    by_first: dict[str, list[str]] = {}
    for name, spec in _lexicon()["platforms"].items():
        if name != "whatsapp":
            for w in spec["words"]:
                w = str(w).lower()
                by_first.setdefault(w[0], []).append(w[1:])
    branches = []
    for first, rests in by_first.items():
        alts = [
            re.escape(r[:-1]) if r.endswith("*") else re.escape(r) + r"(?![^\W\d_])"
            for r in sorted(rests, key=len, reverse=True)
        ]
        branches.append(f"(?<={re.escape(first)})(?:{'|'.join(alts)})")
    firsts = "".join(re.escape(c) for c in sorted(by_first))
    return re.compile(rf"[{firsts}](?<![^\W\d_].)(?:{'|'.join(branches)})", re.IGNORECASE)


@cache
def _platform_scan_lower() -> re.Pattern[str]:
    """:func:`_platform_scan` for the lower-cased copy (without IGNORECASE: faster in ``re``)."""
    return re.compile(_platform_scan().pattern)


@cache
def _domains() -> dict[str, str]:
    return {
        str(d).lower(): name
        for name, spec in _lexicon()["platforms"].items()
        for d in spec["domains"]
    }


@cache
def _domain_before() -> re.Pattern[str]:
    """A platform domain (with scheme and www/m prefix) ending where the search window ends."""
    alt = "|".join(re.escape(d) for d in sorted(_domains(), key=len, reverse=True))
    return re.compile(
        r"(?<![\w.@/-])(?:https?://)?(?:(?:www|m|mobile|web|vm|vt)\.)?"
        rf"(?P<domain>{alt})\Z",
        re.IGNORECASE,
    )


@cache
def _tld_hit() -> re.Pattern[str]:
    """The top-level domain of a platform domain; a literal dot first keeps the scan fast."""
    tlds = sorted({d.rsplit(".", 1)[1] for d in _domains()}, key=len, reverse=True)
    return re.compile(r"\.(?:" + "|".join(map(re.escape, tlds)) + r")(?![\w-])", re.IGNORECASE)


_DOT_WORD = re.compile(r"\.(?=[A-Za-z0-9])")
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz")
_URL_PATH = re.compile(r"/[^\s\"'<>()\[\]{},]{0,300}")
_SCHEME = re.compile(r"://")
_WWW = re.compile(r"www\.")  # on the lower-cased copy: a literal the engine finds fast
_URL_BODY = re.compile(r"[^\s\"'<>]{1,500}")
_URL_SCHEME_BEFORE = re.compile(r"(?<![\w@])https?\Z", re.IGNORECASE)
_DOMAIN_REACH = 40

# A cheap search (literal first character, on the lower-cased copy) that tells whether an IBAN
# can occur at all.
_IBAN_TRIGGER = re.compile(r"z ?\d")

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9_][A-Za-z0-9._%+-]{0,63}"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z]{2,24}(?![\w-])",
    re.ASCII,
)
_AT_HANDLE = re.compile(r"(?<![\w.@/])@(?P<name>[A-Za-z0-9_][A-Za-z0-9_.]{0,63}+)(?!@)")

# Kazakh IBAN: KZ, two check digits, 16 alphanumerics (bank code and account), spaces allowed.
# Cyrillic capitals that look like Latin ones are accepted and read as Latin.
_IBAN_LOOKALIKES = "АВЕКМНОРСТХ"
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[KkКк][Zz][ ]?(?P<check>\d{2})"
    rf"(?P<rest>(?:[ -]?[0-9A-Za-z{_IBAN_LOOKALIKES}]){{16}})(?![A-Za-z0-9])"
)
_TO_LATIN = str.maketrans(_IBAN_LOOKALIKES + "к", "ABEKMHOPCTXK")

# Masked cards: groups of four digits or mask characters (*, x, х, •), at least one mask.
_MASK_CHARS = "*xXхХ•●"
# A digit next to a mask character: every masked card has one (``43**``, ``**** 1234``). One
# search that starts at the mask characters (rarer than digits, and one class, so the engine
# skips to them in C): a mask right after a digit (a space or hyphen between allowed), or a
# star-like mask right before one.
_MASK_HIT = re.compile(r"[*•●xXхХ](?:(?<=[0-9].)|(?<=[0-9][ -].)|(?<=[*•●])(?=[ -]?[0-9]))")


def _mask_hits(text: str) -> Iterator[int]:
    """Where each hit of :data:`_MASK_HIT` is anchored: a star-like mask itself, the digit
    before an x-like mask. Nothing but a space or hyphen stands between that digit and its x,
    so the places come in text order."""
    for h in _MASK_HIT.finditer(text):
        p = h.start()
        if text[p] in "*•●":
            yield p
        else:
            yield p - 1 if text[p - 1] in "0123456789" else p - 2
_MASK_REACH = 24
_MASKED = re.compile(
    rf"(?<![\w*])[\d{_MASK_CHARS}]{{4}}(?:[ -]?[\d{_MASK_CHARS}]{{4}}){{2,3}}"
    rf"(?:[ -]?[\d{_MASK_CHARS}]{{1,3}})?(?![\w*])"
)

# A run of digit groups joined by single separators. Possessive quantifiers keep it linear: a
# run never gives back a group, so a digit string that continues into letters is dropped whole.
# The first character comes first in the pattern (a character class the regex engine scans
# fast); the look-behind after it checks that the run is not glued to a word, a mask or a plus.
_RUN = re.compile(
    r"[0-9+(](?<![\w*+].)"
    r"(?:(?<=\+)[ ]?\(?|(?<=\()[ ]?)?+"
    r"[0-9]{0,19}+(?<=[0-9])"
    r"(?:(?:[ ]?\([ ]?|[ ]?\)[ \-.]?|[ \-.]{1,3}+)[0-9]{1,19}+){0,40}+(?![0-9A-Za-z_*])"
)
_DIGITS = re.compile(r"[0-9]+")
_NOT_DIGITS = str.maketrans(dict.fromkeys(" -.()+"))
_SPACES_AFTER = re.compile(r"[ ]{0,3}")
_DOC_NUMBER_SIGN = re.compile(r"№[ ]{0,2}\Z")


# ---------------------------------------------------------------------------------------------
# Check digits


def luhn_ok(digits: str) -> bool:
    """Luhn check of a card number given as digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN written upper case without spaces."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{1,30}", iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


_IIN_W1 = tuple(range(1, 12))
_IIN_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def iin_check_digit(first11: str) -> int | None:
    """The 12th digit of an IIN/BIN for its first 11 digits, or None where none exists."""
    d = [ord(c) - 48 for c in first11]
    r = sum(a * b for a, b in zip(d, _IIN_W1, strict=True)) % 11
    if r == 10:
        r = sum(a * b for a, b in zip(d, _IIN_W2, strict=True)) % 11
        if r == 10:
            return None
    return r


def iin_info(iin: str) -> dict[str, Any]:
    """Validity of a 12-digit IIN with birth date and sex, or the reason it is invalid."""
    if not re.fullmatch(r"\d{12}", iin):
        return {"valid": False, "error": "format"}
    century = _CENTURY.get(iin[6])
    if century is None:
        return {"valid": False, "error": "century_digit"}
    try:
        born = date(century + int(iin[:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return {"valid": False, "error": "date"}
    check = iin_check_digit(iin[:11])
    if check is None or check != int(iin[11]):
        return {"valid": False, "error": "check_digit"}
    return {
        "valid": True,
        "birth_date": born.isoformat(),
        "sex": "M" if int(iin[6]) % 2 else "F",
    }


_LINE_TYPES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.VOIP: "voip",
}


def phone_info(e164: str) -> dict[str, Any]:
    """Validity, region and line type of a number in E.164 form."""
    return dict(_phone_info(e164))


@lru_cache(maxsize=4096)
def _phone_info(e164: str) -> dict[str, Any]:
    try:
        num = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return {"valid": False}
    region = phonenumbers.region_code_for_number(num)
    if phonenumbers.is_valid_number(num):
        info: dict[str, Any] = {"valid": True, "region": region}
        line = _LINE_TYPES.get(phonenumbers.number_type(num))
        if line:
            info["line"] = line
        return info
    national = str(num.national_number)
    if num.country_code == 7 and len(national) == 10 and national[:3] in _mobile_prefixes():
        return {"valid": True, "region": "KZ", "line": "mobile"}
    return {"valid": False}


# ---------------------------------------------------------------------------------------------
# Helpers over the document


class _Taken:
    """Non-overlapping character spans already used by an identifier.

    Each family adds its spans left to right, so spans are kept as a few sorted lists (a new
    list starts whenever a span comes before the last one added): appends stay O(1) and a check
    is one binary search per list.
    """

    def __init__(self) -> None:
        self.lists: list[tuple[list[int], list[int]]] = []

    def overlaps(self, start: int, end: int) -> bool:
        for starts, ends in self.lists:
            i = bisect_left(starts, end) - 1
            if i >= 0 and ends[i] > start:
                return True
        return False

    def add(self, start: int, end: int) -> None:
        if not self.lists or start < self.lists[-1][1][-1]:
            self.lists.append(([], []))
        starts, ends = self.lists[-1]
        starts.append(start)
        ends.append(end)


class _Sentences:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.starts = [s.start for s in doc.sentences]

    def bounds(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return 0, len(self.doc.norm)
        s = self.doc.sentences[i]
        return s.start, s.end


class _Ctx:
    """Context words around one number run, looked up once per word list."""

    def __init__(self, text: str, lo: int, hi: int, run_start: int, run_end: int) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self.run_start, self.run_end = run_start, run_end
        self._near: dict[str, bool] = {}

    def before(self, name: str, reach: int = _CTX_BEFORE) -> bool:
        start = max(self.lo, self.run_start - reach)
        return _words(name).search(self.text, start, self.run_start) is not None

    def near(self, name: str) -> bool:
        found = self._near.get(name)
        if found is None:
            start = max(self.lo, self.run_start - _CTX_BEFORE)
            end = min(self.hi, self.run_end + _CTX_AFTER)
            found = _words(name).search(self.text, start, end) is not None
            self._near[name] = found
        return found

    def word_after(self, name: str) -> bool:
        pos = _SPACES_AFTER.match(self.text, self.run_end).end()
        return _words(name).match(self.text, pos) is not None


def _merged(hits: list[re.Match[str]], more: list[re.Match[str]]) -> list[re.Match[str]]:
    """Matches of two patterns in text order."""
    if more:
        hits = sorted(hits + more, key=lambda m: m.start())
    return hits


def _fact(doc: Document, start: int, end: int, rule: str, value: dict[str, Any]) -> Fact:
    return Fact(KIND, value, start, end, doc.original[start:end], rule)


# ---------------------------------------------------------------------------------------------
# Links, e-mails, IBANs, masked cards, @names


def _account_from_path(platform: _Platform, path: str) -> str | None:
    path = path.rstrip(".,;:!?")
    route, _, query = path.partition("?")
    segments = [s for s in route.split("/") if s]
    if platform.name == "facebook" and segments[:1] == ["profile.php"]:
        m = re.search(r"(?:^|&)id=(\d{1,20})", query)
        return m.group(1) if m else None
    while segments and segments[0].lower() in platform.prefixes:
        segments = segments[1:]
    if not segments:
        return None
    first = segments[0]
    if first.lower() in platform.reserved or first.startswith("+"):
        return None
    return first.lstrip("@").lower() or None


def _whatsapp_phone(path: str) -> str | None:
    path = path.rstrip(".,;:!?")
    m = re.search(r"(?:^/|[?&]phone=)\+?(\d{10,15})(?!\d)", path)
    if not m:
        return None
    digits = m.group(1)
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    return "+" + digits


def _links(doc: Document, taken: _Taken, spots: list[int]) -> list[Fact]:
    """Platform links (accounts, WhatsApp numbers); other links are only marked as used. The
    dots inside Latin words that are no platform domain go to ``spots`` (see _bare_handles)."""
    text = doc.norm
    facts = []
    platforms = _platforms()
    tld = _tld_hit()
    for dot in _DOT_WORD.finditer(text):
        p = dot.start()
        hit = tld.match(text, p)
        if hit is None:
            if text[p - 1 : p].lower() in _LATIN or text[p + 1].lower() in _LATIN:
                spots.append(p)
            continue
        m = _domain_before().search(text, max(0, hit.start() - _DOMAIN_REACH), hit.end())
        if m is None or taken.overlaps(m.start(), hit.end()):
            continue
        platform = platforms[_domains()[m.group("domain").lower()]]
        p = _URL_PATH.match(text, hit.end())
        path = p.group().rstrip(".,;:!?") if p else ""
        start, end = m.start(), hit.end() + len(path)
        if platform.name == "whatsapp":
            e164 = _whatsapp_phone(path)
            if e164:
                value = {"kind": "phone", "value": e164, **phone_info(e164)}
                facts.append(_fact(doc, start, end, "identifier:phone_link", value))
        else:
            account = _account_from_path(platform, path)
            if account:
                value = {
                    "kind": "handle",
                    "value": f"{platform.name}:{account}",
                    "valid": platform.account.fullmatch(account) is not None,
                    "platform": platform.name,
                    "name": account,
                }
                facts.append(_fact(doc, start, end, "identifier:handle_link", value))
        taken.add(start, end)
    # "www." is looked for in the lower-cased copy (same length, same places)
    for hit in _merged(list(_SCHEME.finditer(text)), list(_WWW.finditer(doc.lower))):
        start = hit.start()
        if hit.group() == "://":
            scheme = _URL_SCHEME_BEFORE.search(text, max(0, start - 5), start)
            if scheme is None:
                continue
            start = scheme.start()
        body = _URL_BODY.match(text, hit.end())
        end = body.end() if body else hit.end()
        if not taken.overlaps(start, end):
            taken.add(start, end)
    return facts


def _emails(doc: Document, taken: _Taken) -> list[Fact]:
    facts = []
    for m in _EMAIL.finditer(doc.norm):
        if taken.overlaps(m.start(), m.end()):
            continue
        value = {"kind": "email", "value": m.group().lower(), "valid": True}
        facts.append(_fact(doc, m.start(), m.end(), "identifier:email", value))
        taken.add(m.start(), m.end())
    return facts


def _ibans(doc: Document, taken: _Taken) -> list[Fact]:
    facts = []
    for m in _IBAN.finditer(doc.norm):
        if taken.overlaps(m.start(), m.end()):
            continue
        rest = m.group("rest").replace(" ", "").replace("-", "").upper().translate(_TO_LATIN)
        iban = "KZ" + m.group("check") + rest
        value = {"kind": "iban", "value": iban, "valid": iban_ok(iban), "bank_code": rest[:3]}
        facts.append(_fact(doc, m.start(), m.end(), "identifier:iban", value))
        taken.add(m.start(), m.end())
    return facts


_MASK_TO_STAR = str.maketrans({c: "*" for c in _MASK_CHARS} | {" ": None, "-": None})


def _masked_matches(text: str) -> Iterator[re.Match[str]]:
    """Masked-card matches, looked for only around a digit that touches a mask character."""
    last_end = 0
    for at in _mask_hits(text):
        if at < last_end:
            continue
        lo = max(last_end, at - _MASK_REACH)
        for m in _MASKED.finditer(text, lo, min(len(text), at + _MASK_REACH + 1)):
            if m.start() <= at < m.end():
                last_end = m.end()
                yield m
                break


def _masked_cards(doc: Document, taken: _Taken) -> list[Fact]:
    text = doc.norm
    facts = []
    for m in _masked_matches(text):
        value_text = m.group().translate(_MASK_TO_STAR)
        digits = sum(c.isdigit() for c in value_text)
        if "*" not in value_text or digits < 4 or not 13 <= len(value_text) <= 19:
            continue
        if taken.overlaps(m.start(), m.end()):
            continue
        value = {"kind": "card", "value": value_text, "valid": True, "masked": True}
        facts.append(_fact(doc, m.start(), m.end(), "identifier:card_masked", value))
        taken.add(m.start(), m.end())
    return facts


def _handles(doc: Document, taken: _Taken, sents: _Sentences) -> list[Fact]:
    text = doc.norm
    facts = []
    platforms = _platforms()
    for m in _AT_HANDLE.finditer(text):
        name = m.group("name").rstrip(".")
        start, end = m.start(), m.start() + 1 + len(name)
        if taken.overlaps(start, end):
            continue
        lo, hi = sents.bounds(start)
        platform = _nearest_platform(text, start, end, lo, hi)
        if platform is None:
            continue
        account = name.lower()
        value = {
            "kind": "handle",
            "value": f"{platform}:{account}",
            "valid": platforms[platform].account.fullmatch(account) is not None,
            "platform": platform,
            "name": account,
        }
        facts.append(_fact(doc, start, end, "identifier:handle_at", value))
        taken.add(start, end)
    return facts


@cache
def _bare_handle() -> re.Pattern[str]:
    """What follows a platform's name when an account name without "@" comes next: the rest of
    the word and a case ending, up to three account or link words, the name, an account word."""
    lex = _lexicon()["bare_handles"]
    acc = _words_src(lex["account_words"])
    gap_word = rf"(?:{acc}|{_words_src(lex['link_words'])})[^\W\d_]*"
    return re.compile(
        rf"[^\W\d_]*(?:[-\u2010\u2011][^\W\d_]{{1,8}})?"
        rf"(?P<gap>(?:[ \t]{{1,3}}{gap_word}[ \t]?:?){{0,3}}(?:[ \t]?:)?)[ \t]{{1,3}}(?P<q>[\"'«“])?"
        r"(?P<name>[a-z0-9][a-z0-9._]{0,62}[a-z0-9_])(?![\w@/]|\.[a-z0-9])"
        rf"(?:[\"'»”]?(?:[ \t]{{1,3}}деген)?[ \t]{{1,3}}(?P<after>{acc}))?",
        re.IGNORECASE,
    )


@cache
def _name_word() -> re.Pattern[str]:
    return re.compile(_words_src(_lexicon()["bare_handles"]["name_words"]), re.IGNORECASE)


_NICK_MARK = re.compile(r"[0-9._]")
_HAS_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


def _bare_handles(doc: Document, taken: _Taken, spots: list[int]) -> list[Fact]:
    """Account names right after the platform's name, without "@" or a link.

    Scanning the whole text for platform names would cost more than the rest of this module, so
    the platforms are looked for only before the places where such a name can be: a dot (found by
    _links) or an underscore next to a Latin letter, or one of the commonest account words
    (``аккаунт``, ``ник``), each found by a plain substring search.
    """
    low = doc.lower
    for needle in ("_", *_lexicon()["bare_handles"]["trigger_words"]):
        if needle not in low:
            continue
        # an underscore next to a Latin letter; a word at the start of a word ("ник", not
        # "участник")
        inside = needle == "_"
        p = low.find(needle)
        while p >= 0:
            if (
                low[p - 1 : p] in _LATIN or low[p + 1 : p + 2] in _LATIN
                if inside
                else not low[p - 1 : p].isalpha()
            ):
                spots.append(p)
            p = low.find(needle, p + 1)
    if not spots:
        return []
    text = doc.norm
    facts: list[Fact] = []
    platforms = _platforms()
    not_tlds = frozenset(_lexicon()["bare_handles"]["not_tlds"])
    scan = _platform_scan_lower()
    done = -1  # the platform names that start before this point have been read
    scanned = 0  # the text before this point has been scanned (but for a name cut at its end)
    for p in sorted(spots):
        lo = max(scanned - _PLATFORM_WORD_MAX, p - _BARE_BEFORE, done + 1)
        if lo >= p or taken.overlaps(p, p + 1):
            continue  # read already, or inside a link or an e-mail
        scanned = p
        for hit in scan.finditer(low, lo, p):
            done = hit.start()
            fact = _bare_handle_at(text, hit.start(), taken, platforms, not_tlds)
            if fact is not None:
                facts.append(_fact(doc, *fact))
    return facts


def _bare_handle_at(
    text: str, pos: int, taken: _Taken, platforms: dict[str, _Platform], not_tlds: frozenset[str]
) -> tuple[int, int, str, dict[str, Any]] | None:
    """The account named after the platform name at ``pos``, if there is one."""
    named = _platform_words().match(text, pos)
    if named is None or named.lastgroup not in platforms:
        return None
    m = _bare_handle().match(text, named.end())
    if m is None:
        return None
    start, end = m.span("name")
    name = m.group("name")
    account = name.lower()
    platform = platforms[named.lastgroup]
    if (
        not _HAS_LETTER.search(name)
        or taken.overlaps(start, end)
        or not platform.account.fullmatch(account)
        or ("." in account and account.rsplit(".", 1)[1] in not_tlds)
    ):
        return None
    # a name-like token, or any Latin word that an account word names: after it ("daniyar
    # аккаунтынан"), or before it as its name ("под ником", "username") or with a colon or quotes
    # ("аккаунты: daniyar"; but "an Instagram account and ..." names nothing). English reads the
    # word after "username", "handle" as a verb too ("the handle was"): a colon or quotes there.
    gap = m.group("gap")
    said = _name_word().search(gap)
    if not (
        _NICK_MARK.search(name)
        or m.group("after")
        or m.group("q")
        or gap.endswith(":")
        or (said is not None and not said.group().isascii())
    ):
        return None
    taken.add(start, end)
    value = {
        "kind": "handle",
        "value": f"{platform.name}:{account}",
        "valid": True,
        "platform": platform.name,
        "name": account,
    }
    return start, end, "identifier:handle_named", value


def _nearest_platform(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    """The platform named closest before the @name in its sentence, else closest after it."""
    scan = _platform_scan()
    found = None
    for m in scan.finditer(text, max(lo, start - _HANDLE_BEFORE), start):
        found = m
    if found is None:
        found = scan.search(text, end, min(hi, end + _HANDLE_AFTER))
        if found is None:
            return None
    named = _platform_words().match(text, found.start())
    return named.lastgroup if named else None


# ---------------------------------------------------------------------------------------------
# Number runs: phones, cards, IINs, service numbers


@dataclass(slots=True)
class _Group:
    digits: str
    start: int
    end: int
    sep: str  # separator text before this group ("" for the first of a run)


def _runs_of_groups(m: re.Match[str], taken: _Taken) -> list[list[_Group]]:
    """Digit groups of a run, split where a group overlaps an identifier already found."""
    base = m.start()
    run = m.group()
    out: list[list[_Group]] = [[]]
    prev_end = None
    check = taken.overlaps(base, m.end())
    for g in _DIGITS.finditer(run):
        start, end = base + g.start(), base + g.end()
        if check and taken.overlaps(start, end):
            out.append([])
            prev_end = None
            continue
        sep = "" if prev_end is None else run[prev_end - base : g.start()]
        out[-1].append(_Group(g.group(), start, end, sep))
        prev_end = end
    return [gs for gs in out if gs]


def _thousands_shaped(groups: list[_Group]) -> bool:
    """``77 500 000 000``: a money amount grouped by thousands, not a phone."""
    return (
        len(groups) >= 3
        and len(groups[0].digits) <= 3
        and all(len(g.digits) == 3 for g in groups[1:])
        and all(g.sep in (" ", ".", ",") for g in groups[1:])
    )


def _phone_candidate(
    groups: list[_Group], plus: bool, whole: bool, ctx: _Ctx
) -> dict[str, Any] | None:
    digits = "".join(g.digits for g in groups)
    n = len(digits)
    if not plus and _thousands_shaped(groups):
        return None
    if any(len(g.digits) < 2 for g in groups[1:]):
        return None  # phones are written in groups of two or more after the trunk/country code
    if plus and n == 11 and digits[0] == "8":
        digits = "7" + digits[1:]  # "+8 701 ...": a trunk 8 written after the plus
    if plus and not (digits[0] == "7" and n == 11):
        if not 8 <= n <= 15:
            return None
        info = phone_info("+" + digits)
        if info["valid"] or (whole and n >= 10):
            return {"kind": "phone", "value": "+" + digits, **info}
        return None
    if n == 11 and digits[0] in "78":
        national = digits[1:]
    elif n == 10 and digits[0] == "7":
        shaped = len(groups) >= 2 and len(groups[0].digits) == 3
        if not (shaped or ctx.near("phone_context")):
            return None
        national = digits
    else:
        return None
    e164 = "+7" + national
    info = phone_info(e164)
    if info["valid"] and info.get("region") not in ("KZ", None):
        # +7 is shared with Russia: take such numbers only where written as phones
        if not (plus or len(groups) >= 3 or ctx.near("phone_context")):
            return None
    if not info["valid"] and not (whole and (plus or ctx.near("phone_context"))):
        return None
    return {"kind": "phone", "value": e164, **info}


def _card_candidate(groups: list[_Group], ctx: _Ctx) -> dict[str, Any] | None:
    digits = "".join(g.digits for g in groups)
    n = len(digits)
    if not 13 <= n <= 19:
        return None
    sizes = [len(g.digits) for g in groups]
    seps_ok = all(g.sep in (" ", "-", "  ") for g in groups[1:])
    grouped = seps_ok and (
        (len(sizes) >= 3 and all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4)
        or sizes == [4, 6, 5]
    )
    if grouped:
        years = all(1900 <= int(g.digits) <= 2099 for g in groups if len(g.digits) == 4)
        if not ctx.near("card_context") and (digits[0] not in "23456" or years):
            return None
    elif len(groups) == 1:
        if not ctx.near("card_context"):
            if not (n == 16 and digits[0] in "23456" and luhn_ok(digits)):
                return None
    else:
        return None
    return {"kind": "card", "value": digits, "valid": luhn_ok(digits), "masked": False}


def _iin_candidate(groups: list[_Group], ctx: _Ctx) -> dict[str, Any] | None:
    if len(groups) != 1 or len(groups[0].digits) != 12:
        return None
    digits = groups[0].digits
    info = iin_info(digits)
    has_ctx = ctx.near("iin_context")
    if not has_ctx and ctx.near("bin_context"):
        return None
    if not info["valid"] and not has_ctx:
        return None
    return {"kind": "iin", "value": digits, **info}


def _service_candidate(group: _Group, ctx: _Ctx) -> dict[str, Any] | None:
    service = _services().get(group.digits)
    if service is None or ctx.word_after("count_words"):
        return None
    if not (ctx.before("service_context", 40) or ctx.word_after("service_context")):
        return None
    return {"kind": "service_number", "value": group.digits, "valid": True, "service": service}


_RULES = {
    "phone": "identifier:phone",
    "card": "identifier:card",
    "iin": "identifier:iin",
    "service_number": "identifier:service_number",
}


def _numbers(doc: Document, taken: _Taken, sents: _Sentences) -> list[Fact]:
    text = doc.norm
    facts = []
    services = _services()
    for m in _RUN.finditer(text):
        run = m.group()
        if len(run) < 10:
            if run.strip("+ (") not in services:
                continue  # too short for anything but a service number
        elif len(run.translate(_NOT_DIGITS)) < 10:
            continue  # dates, amounts, counts: fewer digits than any identifier
        for groups in _runs_of_groups(m, taken):
            facts.extend(_cut_run(doc, m, groups, sents))
    return facts


def _cut_run(
    doc: Document, m: re.Match[str], groups: list[_Group], sents: _Sentences
) -> Iterator[Fact]:
    text = doc.norm
    run_start, run_end = groups[0].start, groups[-1].end
    lo, hi = sents.bounds(run_start)
    ctx = _Ctx(text, lo, hi, run_start, run_end)
    total = sum(len(g.digits) for g in groups)
    if total < 10:
        if len(groups) == 1 and len(groups[0].digits) in (3, 4) and text[m.start()] != "+":
            value = _service_candidate(groups[0], ctx)
            if value:
                g = groups[0]
                yield _fact(doc, g.start, g.end, _RULES["service_number"], value)
        return
    if ctx.word_after("amount_words") or _DOC_NUMBER_SIGN.search(
        text, max(0, m.start() - 3), m.start()
    ):
        return  # an amount (1 500 000 тенге) or a document number (№ 87011234567)
    plus_at = m.start() if text[m.start()] == "+" and groups[0].start - m.start() <= 3 else None
    i = 0
    while i < len(groups):
        found = _longest_at(groups, i, i == 0 and plus_at is not None, ctx)
        if found is None:
            i += 1
            continue
        j, value = found
        start, end = groups[i].start, groups[j].end
        if i == 0 and plus_at is not None:
            start = plus_at
        elif ")" in text[groups[i].end : groups[j].start]:
            start = _open_paren(text, start, m.start() if i == 0 else groups[i - 1].end)
        yield _fact(doc, start, end, _RULES[value["kind"]], value)
        i = j + 1


def _longest_at(
    groups: list[_Group], i: int, plus: bool, ctx: _Ctx
) -> tuple[int, dict[str, Any]] | None:
    """The longest identifier starting at group ``i``: valid ones first, else a flagged one."""
    first = groups[i].digits
    may_phone = plus or first[0] in "78"
    may_card = len(first) == 4 or len(first) >= 13
    may_iin = len(first) == 12
    if not (may_phone or may_card or may_iin):
        return None
    best = None
    best_valid = False
    digits = 0
    for j in range(i, len(groups)):
        size = len(groups[j].digits)
        if j > i:
            # stop as soon as no kind can still grow: phones take no one-digit group after the
            # first, grouped cards are fours (or 4-6-5), an IIN is a single group
            may_iin = False
            may_phone = may_phone and size >= 2
            prev = len(groups[j - 1].digits)
            if j - 1 > i and prev != 4 and not (j - 1 == i + 1 and prev == 6):
                may_card = False
            if not (may_phone or may_card):
                break
        digits += size
        if digits > 19 or (digits > 15 and not may_card):
            break
        if digits < 10:
            continue
        part = groups[i : j + 1]
        value = None
        if may_phone and (digits <= 11 or plus):
            whole = i == 0 and j == len(groups) - 1
            value = _phone_candidate(part, plus, whole, ctx)
        if value is None and may_card and digits >= 13:
            value = _card_candidate(part, ctx)
        if value is None and may_iin and j == i:
            value = _iin_candidate(part, ctx)
        if value is not None and (value["valid"] or not best_valid):
            best = (j, value)
            best_valid = bool(value["valid"])
    return best


def _open_paren(text: str, start: int, floor: int) -> int:
    """Include the opening bracket of a bracketed first group: ``(701) 123-45-67``."""
    for k in (start - 1, start - 2):
        if k >= floor and text[k] == "(":
            return k
    return start


def extract(doc: Document) -> list[Fact]:
    """Every identifier in the document, each with its span in the original and its rule."""
    text = doc.norm
    taken = _Taken()
    sents = _Sentences(doc)
    facts: list[Fact] = []
    # Each family runs only where its cheap trigger occurs, so ordinary prose costs one pass.
    spots: list[int] = []  # where an account name without "@" may be
    facts += _links(doc, taken, spots)
    if "@" in text:
        facts += _emails(doc, taken)
    if _IBAN_TRIGGER.search(doc.lower):
        facts += _ibans(doc, taken)
    facts += _masked_cards(doc, taken)
    if "@" in text:
        facts += _handles(doc, taken, sents)
    facts += _bare_handles(doc, taken, spots)
    facts += _numbers(doc, taken, sents)
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
