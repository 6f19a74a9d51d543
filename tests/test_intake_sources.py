"""Reading intake files: JSON Lines, CSV, plain text and directories, bad lines refused alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qorgau.intake.sources import expand, read_csv, read_file, read_jsonl, read_text


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_jsonl_records_blank_lines_and_bad_lines(tmp_path: Path):
    lines = [
        json.dumps({"id": "a", "text": "Первая жалоба"}, ensure_ascii=False),
        "",
        "   ",
        "{broken",
        "[1, 2]",
        json.dumps({"id": "b", "text": "Second complaint", "channel": "102"}),
    ]
    path = _write(tmp_path / "in.jsonl", "\ufeff" + "\n".join(lines) + "\n")
    got = list(read_jsonl(path))
    assert [r.source for r in got] == [f"{path}:1", f"{path}:4", f"{path}:5", f"{path}:6"]
    assert got[0].data == {"id": "a", "text": "Первая жалоба"}
    assert got[1].refused[0] == "record" and "not JSON" in got[1].refused[1]
    assert got[2].refused == ("record", "a line must hold a JSON object")
    assert got[3].data["channel"] == "102"
    assert sum(r.nbytes for r in got) == path.stat().st_size


def test_jsonl_line_that_is_not_utf8_is_refused_alone(tmp_path: Path):
    path = _write(
        tmp_path / "in.jsonl",
        b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "\xff\xfe"}\n{"id": "c", "text": "ok"}\n',
    )
    got = list(read_jsonl(path))
    assert [r.data["id"] if r.data else r.refused[0] for r in got] == ["a", "record", "c"]
    assert "not UTF-8" in got[1].refused[1]


def test_csv_quotes_json_cells_empty_cells_and_extra_cells(tmp_path: Path):
    content = (
        "ID,Text,Region,Suspect\r\n"
        'c1,"Жалоба, с запятой\nи переносом",KZ-79,"{""name"": ""Ерлан"", ""phone"": ""87015551234""}"\r\n'
        "c2,Без региона,,\r\n"
        ",,,\r\n"
        "c3,Лишняя,KZ-75,x,extra\r\n"
    )
    path = _write(tmp_path / "in.csv", "\ufeff" + content)
    got = list(read_csv(path))
    assert got[0].data == {
        "id": "c1",
        "text": "Жалоба, с запятой\nи переносом",
        "region": "KZ-79",
        "suspect": '{"name": "Ерлан", "phone": "87015551234"}',
    }
    assert got[0].source == f"{path}:3"  # the record ends on line 3
    assert got[1].data == {"id": "c2", "text": "Без региона"}
    assert got[2].refused == ("record", "5 cells but the header names 4")
    assert len(got) == 3


def test_csv_undecodable_bytes_reach_the_checks(tmp_path: Path):
    path = _write(tmp_path / "in.csv", b"id,text\nc1,\xff bad\nc2,good\n")
    got = list(read_csv(path))
    assert got[0].data["id"] == "c1" and "\udcff" in got[0].data["text"]
    assert got[1].data == {"id": "c2", "text": "good"}


def test_empty_csv_yields_nothing(tmp_path: Path):
    assert list(read_csv(_write(tmp_path / "e.csv", ""))) == []


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Мне угрожают.".encode(), "Мне угрожают."),
        ("\ufeffMaған қоңырау шалды.".encode(), "Maған қоңырау шалды."),
        ("Заявление о мошенничестве принято.".encode("cp1251"), "Заявление о мошенничестве принято."),
        ("Fraud report".encode("utf-16"), "Fraud report"),
    ],
)
def test_text_files_in_common_encodings(tmp_path: Path, data: bytes, text: str):
    got = read_text(_write(tmp_path / "complaint-17.txt", data))
    assert got.data == {"id": "complaint-17", "text": text}
    assert got.nbytes == len(data)


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty"), (bytes(range(256)) * 4, "binary")])
def test_unreadable_text_files_are_refused(tmp_path: Path, data: bytes, reason: str):
    got = read_text(_write(tmp_path / "bad.txt", data))
    assert got.refused[0] == "text" and reason in got.refused[1]


def test_read_file_dispatches_by_extension(tmp_path: Path):
    j = _write(tmp_path / "a.NDJSON", '{"id": "j", "text": "t"}\n')
    c = _write(tmp_path / "b.csv", "id,text\nc,t\n")
    t = _write(tmp_path / "c.md", "Plain text document")
    assert [r.data["id"] for p in (j, c, t) for r in read_file(p)] == ["j", "c", "c"]


def test_expand_directories_in_order_without_hidden_or_excluded(tmp_path: Path):
    _write(tmp_path / "d" / "b.txt", "b")
    _write(tmp_path / "d" / "a" / "z.jsonl", "")
    _write(tmp_path / "d" / ".hidden.txt", "h")
    _write(tmp_path / "d" / ".git" / "x.txt", "h")
    _write(tmp_path / "d" / "store.db", "db")
    single = _write(tmp_path / "single.csv", "")
    files = expand([tmp_path / "d", single], {tmp_path / "d" / "store.db"})
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "d/a/z.jsonl", "d/b.txt", "single.csv",
    ]


def test_expand_names_a_missing_path(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="nope.jsonl"):
        expand([tmp_path / "nope.jsonl"])
