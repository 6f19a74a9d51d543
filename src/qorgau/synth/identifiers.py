"""Valid synthetic identifiers (Kazakhstan phones, Luhn cards, IBANs, IINs) in the spellings
people really write them."""

from __future__ import annotations

import random
from datetime import date

MOBILE_PREFIXES = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"]
CARD_BINS = ["440043", "400303", "516949", "539545", "427221", "535694"]
BANK_CODES = ["722", "965", "914", "601", "826", "998", "551"]


def phone(rng: random.Random) -> str:
    """A Kazakhstan mobile number in E.164."""
    return "+7" + rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 9_999_999):07d}"


def spell_phone(e164: str, rng: random.Random) -> str:
    """One of the usual ways of writing a phone number."""
    n = e164[2:]
    a, b, c, d = n[:3], n[3:6], n[6:8], n[8:]
    return rng.choice(
        [
            f"8 {a} {b} {c} {d}",
            f"+7 ({a}) {b}-{c}-{d}",
            f"8{n}",
            f"+7{n}",
            f"8-{a}-{b}-{c}-{d}",
            f"+7 {a} {b} {c}{d}",
        ]
    )


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        x = int(ch)
        if i % 2 == 0:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    """A Luhn-valid 16-digit card number (digits only)."""
    body = rng.choice(CARD_BINS) + f"{rng.randint(0, 999_999_999):09d}"
    return body + _luhn_digit(body)


def spell_card(number: str, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return " ".join(number[i : i + 4] for i in range(0, 16, 4))
    return number


def iban(rng: random.Random) -> str:
    """A Kazakhstan IBAN with a correct ISO 13616 check."""
    bban = rng.choice(BANK_CODES) + f"{rng.randint(0, 10**13 - 1):013d}"
    rearranged = bban + "KZ00"
    num = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"KZ{98 - num % 97:02d}{bban}"


def spell_iban(value: str, rng: random.Random) -> str:
    if rng.random() < 0.4:
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return value


def iin(birth: date, male: bool, rng: random.Random) -> str:
    """An IIN for a birth date and sex, with a valid check digit (retrying serials when needed)."""
    century = 3 if birth.year < 2000 else 5
    digit7 = century if male else century + 1
    while True:
        body = f"{birth:%y%m%d}{digit7}{rng.randint(0, 9999):04d}"
        digits = [int(c) for c in body]
        r = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
        if r == 10:
            r = sum(d * w for d, w in zip(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], strict=True)) % 11
            if r == 10:
                continue
        return body + str(r)
