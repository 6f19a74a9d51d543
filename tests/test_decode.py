"""Input decoding: UTF-8, UTF-16, Windows-1251 accepted; empty, binary and oversized refused."""

import codecs

import pytest

from qorgau.text.decode import InputRefused, decode

SAMPLE = "Жәбірленуші полицияға 2026 жылғы 3 наурызда жүгінді. Заявление принято."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_encodings_round_trip(data, encoding):
    text, enc = decode(data)
    assert text == SAMPLE
    assert enc == encoding


def test_cp1251_russian_is_recognised():
    ru = "Гражданка обратилась в полицию с заявлением о преследовании со стороны бывшего мужа."
    text, enc = decode(ru.encode("cp1251"))
    assert text == ru
    assert enc == "cp1251"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\xff" * 100, "binary"),
        ("Le caf\u00e9 na\u00efve du r\u00e9sum\u00e9 \u00e0 Gen\u00e8ve. ".encode("latin-1") * 20, "not UTF-8"),
    ],
)
def test_refusals_name_the_reason(data, reason):
    with pytest.raises(InputRefused) as exc:
        decode(data)
    assert reason in str(exc.value)


def test_oversized_input_is_refused_with_the_limit():
    with pytest.raises(InputRefused) as exc:
        decode(b"a" * 2000, max_bytes=1000)
    assert "too large" in str(exc.value)
