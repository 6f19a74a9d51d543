"""Checking intake records: normalised fields, and refusals that name the field and the reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from qorgau.intake.fields import (
    Refused,
    check_record,
    iin_is_valid,
    normalise_identifier,
    text_sha256,
)

KZ = timezone(timedelta(hours=5))
TEXT = "Бывший муж пишет мне каждый день с разных номеров."
IIN = "921103504565"
IIN2 = "010203607894"
CARD = "4400430123456789"
IBAN = "KZ86125KZT5004100100"


def rec(**fields):
    return {"id": "r-1", "text": TEXT, **fields}


def test_minimal_record():
    r = check_record(rec(), "in.jsonl:1")
    assert (r.ext_id, r.text, r.channel, r.source) == ("r-1", TEXT, "import", "in.jsonl:1")
    assert r.sha256 == text_sha256(TEXT) and len(r.sha256) == 64
    assert r.supplied == {} and r.persons == []


def test_text_is_kept_exactly_and_id_trimmed():
    raw = "  Алаяқ маған 8 701 555 12 34 нөмірінен қоңырау шалды.\r\n\t"
    r = check_record({"id": "  42 ", "text": raw}, "x")
    assert r.text == raw and r.ext_id == "42"


def test_numeric_id_becomes_text():
    assert check_record({"id": 7, "text": TEXT}, "x").ext_id == "7"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2025-03-12", datetime(2025, 3, 12, tzinfo=KZ)),
        ("2025-03-12T14:30", datetime(2025, 3, 12, 14, 30, tzinfo=KZ)),
        ("2025-03-12 14:30:15", datetime(2025, 3, 12, 14, 30, 15, tzinfo=KZ)),
        ("2025-03-12T09:30:00Z", datetime(2025, 3, 12, 9, 30, tzinfo=UTC)),
        ("2025-03-12T14:30:00+05:00", datetime(2025, 3, 12, 14, 30, tzinfo=KZ)),
        ("2025-03-12T12:30:00+03:00", datetime(2025, 3, 12, 14, 30, tzinfo=KZ)),
        ("12.03.2025", datetime(2025, 3, 12, tzinfo=KZ)),
        ("2.3.2025 8:05", datetime(2025, 3, 2, 8, 5, tzinfo=KZ)),
    ],
)
def test_received_at_forms(given, expected):
    r = check_record(rec(received_at=given), "x")
    assert r.received_at == expected
    assert datetime.fromisoformat(r.supplied["received_at"]) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("e-Otinish", "e_otinish"),
        ("E_OTINISH", "e_otinish"),
        ("eotinish", "e_otinish"),
        (102, "102"),
        ("102", "102"),
        ("walk-in", "walk_in"),
        ("Walk in", "walk_in"),
        ("court", "court"),
        ("official letter", "official_letter"),
        ("news", "news"),
        ("import", "import"),
    ],
)
def test_channel_aliases(given, expected):
    r = check_record(rec(channel=given), "x")
    assert r.channel == expected and r.supplied["channel"] == expected


@pytest.mark.parametrize(
    ("field", "given", "expected"),
    [
        ("region", "kz-75", "KZ-75"),
        ("region", "KZ", "KZ"),
        ("article", "115-1", "115-1"),
        ("article", 190, "190"),
        ("article", "190-2", "190-2"),
        ("article", "ac-73", "AC-73"),
        ("article", "125-1", "125-1"),
        ("status", " under investigation ", "under investigation"),
        ("language", "KK", "kk"),
        ("language", "en", "en"),
    ],
)
def test_simple_fields_normalised(field, given, expected):
    r = check_record(rec(**{field: given}), "x")
    assert getattr(r, field) == expected and r.supplied[field] == expected


def test_empty_optional_fields_count_as_absent():
    r = check_record(rec(region="", channel=None, victim=""), "x")
    assert r.region is None and r.channel == "import" and r.supplied == {}


def test_unknown_fields_are_ignored_and_not_stored():
    r = check_record(rec(truth={"offender": "o-17"}, note="internal"), "x")
    assert r.supplied == {}


def test_person_as_name_object_and_list():
    r = check_record(
        rec(
            victim="Жанар Омарова",
            suspect=[
                {"name": "Ruslan Abenov", "birth_date": "14.02.1990", "phone": "8 701 555 12 34",
                 "iin": IIN, "cards": [CARD, "4400 43** **** 6789"], "address": "Shymkent"},
                '{"name": "Второй", "handle": "Instagram:@Bad_Guy"}',
            ],
        ),
        "x",
    )
    victim, s1, s2 = r.persons
    assert (victim.role, victim.name) == ("victim", "Жанар Омарова")
    assert (s1.role, s1.name, s1.birth_date, s1.iin) == ("suspect", "Ruslan Abenov", date(1990, 2, 14), IIN)
    assert s1.identifiers == [
        ("phone", "+77015551234"), ("iin", IIN), ("card", CARD), ("card", "440043******6789"),
    ]
    assert s1.attrs == {"address": "Shymkent"}
    assert s2.identifiers == [("handle", "instagram:bad_guy")]
    assert r.supplied["suspect"][0] == {
        "name": "Ruslan Abenov", "birth_date": "1990-02-14", "iin": IIN,
        "phone": ["+77015551234"], "card": [CARD, "440043******6789"], "address": "Shymkent",
    }
    assert r.supplied["victim"] == [{"name": "Жанар Омарова"}]


@pytest.mark.parametrize(
    ("kind", "given", "expected"),
    [
        ("phone", "+7 701 555 12 34", "+77015551234"),
        ("phone", "8 (701) 555-12-34", "+77015551234"),
        ("phone", "87015551234", "+77015551234"),
        ("phone", "+7 727 255 00 00", "+77272550000"),
        ("iin", IIN, IIN),
        ("iin", "0102 0360 7894", IIN2),
        ("card", "4400 4301 2345 6789", CARD),
        ("card", "4400-4301-2345-6789", CARD),
        ("card", "440043******6789", "440043******6789"),
        ("iban", "kz86 125k zt50 0410 0100", IBAN),
        ("email", " Victim.Help@Mail.KZ ", "victim.help@mail.kz"),
        ("handle", "Telegram:@Seller_KZ", "telegram:seller_kz"),
        ("handle", "instagram:baur_87", "instagram:baur_87"),
    ],
)
def test_normalise_identifier(kind, given, expected):
    assert normalise_identifier(kind, given) == expected


@pytest.mark.parametrize(
    ("kind", "given"),
    [
        ("phone", "12"),
        ("phone", "not a phone"),
        ("phone", "+7 000 000 00 00"),
        ("iin", "921103504564"),  # wrong check digit
        ("iin", "92110350456"),  # 11 digits
        ("card", "4400430123456788"),  # fails Luhn
        ("card", "4400"),
        ("iban", "KZ87125KZT5004100100"),  # wrong check digits
        ("iban", "KZ86"),
        ("email", "nobody-at-mail.kz"),
        ("handle", "just_a_name"),
        ("fax", "123"),
    ],
)
def test_normalise_identifier_refuses(kind, given):
    with pytest.raises(ValueError):
        normalise_identifier(kind, given)


@pytest.mark.parametrize(
    ("iin", "ok"),
    [(IIN, True), (IIN2, True), ("000000000000", True), ("921103504560", False), ("abc", False)],
)
def test_iin_check_digit(iin, ok):
    assert iin_is_valid(iin) is ok


@pytest.mark.parametrize(
    ("record", "field", "reason"),
    [
        ("not an object", "record", "must be an object"),
        ({"text": TEXT}, "id", "missing"),
        ({"id": "", "text": TEXT}, "id", "missing"),
        ({"id": "   ", "text": TEXT}, "id", "empty"),
        ({"id": True, "text": TEXT}, "id", "must be a string"),
        ({"id": {"a": 1}, "text": TEXT}, "id", "must be a string"),
        ({"id": "a\nb", "text": TEXT}, "id", "control characters"),
        ({"id": "x" * 201, "text": TEXT}, "id", "limit is 200"),
        ({"id": "r"}, "text", "missing"),
        ({"id": "r", "text": "  \n "}, "text", "empty"),
        ({"id": "r", "text": 12}, "text", "must be a string"),
        ({"id": "r", "text": "a\x00b"}, "text", "NUL"),
        ({"id": "r", "text": "broken \udcff byte"}, "text", "not valid UTF-8"),
        (rec(received_at="yesterday"), "received_at", "not a date"),
        (rec(received_at="31.02.2025"), "received_at", "not a date"),
        (rec(received_at="1970-01-01"), "received_at", "out of range"),
        (rec(received_at=20250312), "received_at", "must be a string"),
        (rec(channel="fax"), "channel", "not one of"),
        (rec(region="Almaty"), "region", "ISO 3166-2:KZ"),
        (rec(region="KZ-7"), "region", "ISO 3166-2:KZ"),
        (rec(article="ст. 190"), "article", "not an article"),
        (rec(status="x" * 65), "status", "limit is 64"),
        (rec(language="de"), "language", "not one of"),
        (rec(victim=12), "victim", "must be a name or an object"),
        (rec(victim={}), "victim", "names nobody"),
        (rec(victim='{"name": '), "victim", "looks like JSON"),
        (rec(suspect={"phone": "12"}), "suspect.phone", "not a valid phone"),
        (rec(suspect={"iin": "123"}), "suspect.iin", "not a valid IIN"),
        (rec(suspect={"iin": [IIN, IIN2]}), "suspect.iin[1]", "one IIN"),
        (rec(suspect={"cards": [CARD, "1"]}), "suspect.cards[1]", "not a card"),
        (rec(suspect={"birth_date": "soon"}), "suspect.birth_date", "not a date"),
        (rec(suspect={"name": "A", "notes": {"x": 1}}), "suspect.notes", "text or a number"),
        (rec(suspect=[{"name": "A"}, {"email": "bad"}]), "suspect[1].email", "not an e-mail"),
    ],
)
def test_refusals_name_the_field(record, field, reason):
    with pytest.raises(Refused) as info:
        check_record(record, "x")
    assert info.value.field == field
    assert reason in info.value.reason
    assert str(info.value).startswith(f"{field}: ")
