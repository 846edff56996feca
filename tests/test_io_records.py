"""The JSONL reader: every line is a record or a reported error, and the run goes on."""

from __future__ import annotations

import codecs
import io
import json

import pytest

from multiling.errors import BinaryInputError
from multiling.io import IdSet, Record, RecordError, iter_records


def _read(data: bytes, errors: str = "strict") -> list[Record | RecordError]:
    return list(iter_records(io.BytesIO(data), errors=errors))  # type: ignore[arg-type]


def _line(**fields: object) -> bytes:
    return (json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8")


def test_io_records_reads_ids_text_and_line_numbers() -> None:
    items = _read(_line(id="a", text="He said «bonjour».") + b"\n" + _line(id=7, text="x") + _line(text="no id"))
    assert items == [
        Record("a", "He said «bonjour».", 1),
        Record("7", "x", 3),
        Record("line-4", "no id", 4, id_generated=True),
    ]


@pytest.mark.parametrize(
    ("line", "kind", "code"),
    [
        (b'{"id": "a", "text": "x"', "bad-json", "E103"),  # not the last line, so not "truncated"
        (b"[1, 2]", "not-an-object", "E104"),
        (b'"just a string"', "not-an-object", "E104"),
        (b'{"id": "a"}', "missing-text", "E105"),
        (b'{"id": "a", "text": null}', "text-not-string", "E106"),
        (b'{"id": "a", "text": ["x"]}', "text-not-string", "E106"),
        (b'{"id": "a", "text": 12}', "text-not-string", "E106"),
        (b'{"id": ["a"], "text": "x"}', "bad-id", "E107"),
        (b'{"id": true, "text": "x"}', "bad-id", "E107"),
        (b'{"id": "", "text": "x"}', "bad-id", "E107"),
        (b'{"id": "a", "text": "\\ud800 x"}', "lone-surrogate", "E110"),
        (b'{"id": "\\udfff", "text": "x"}', "lone-surrogate", "E110"),
        (b'{"id": "a", "text": "caf\xe9"}', "undecodable", "E101"),
        (b'{"id": "a", "text": "x\x00"}', "binary", "E102"),
        (b"[" * 100_000, "bad-json", "E103"),  # deep nesting: RecursionError inside json, reported
    ],
)
def test_io_records_bad_line_is_reported_and_reading_goes_on(line: bytes, kind: str, code: str) -> None:
    good = _line(id="ok", text="fine")
    data = good + b"x" * 9000 + b"\n" + line + b"\n" + _line(id="after", text="still read") if kind == "binary" else good + line + b"\n" + _line(id="after", text="still read")
    items = _read(data)
    errors = [item for item in items if isinstance(item, RecordError)]
    records = [item for item in items if isinstance(item, Record)]
    assert [record.id for record in records] == ["ok", "after"]
    assert [(error.kind, error.code) for error in errors if error.kind == kind] == [(kind, code)]
    assert all(error.to_dict()["error"]["message"].startswith(f"[{error.code}]") for error in errors)


def test_io_records_undecodable_names_byte_offset_and_id() -> None:
    first = _line(id="a", text="x")
    items = _read(first + b'{"id": "b", "text": "caf\xe9"}\n')
    error = items[1]
    assert isinstance(error, RecordError)
    assert error.id == "b"
    assert error.byte_offset == len(first) + len(b'{"id": "b", "text": "caf')
    assert f"byte {error.byte_offset}" in error.message


@pytest.mark.parametrize(
    ("line", "text", "replaced"),
    [
        (b'{"id": "a", "text": "caf\xe9 au lait"}', "caf\ufffd au lait", 1),
        (b'{"id": "a", "text": "\\ud800x\\udc00"}', "\ufffdx\ufffd", 2),
        (b'{"id": "a", "text": "\\ud83d\\ude00"}', "\U0001F600", 0),  # a proper pair is one emoji, untouched
    ],
)
def test_io_records_replace_substitutes_one_code_point_per_problem(line: bytes, text: str, replaced: int) -> None:
    (record,) = _read(line + b"\n", errors="replace")
    assert record == Record("a", text, 1, replaced)


def test_io_records_duplicate_id_second_is_reported() -> None:
    items = _read(_line(id="a", text="first") + _line(id="a", text="second") + _line(id="b", text="third"))
    assert [type(item).__name__ for item in items] == ["Record", "RecordError", "Record"]
    duplicate = items[1]
    assert isinstance(duplicate, RecordError) and duplicate.kind == "duplicate-id"
    assert duplicate.to_dict()["id"] == "line-2" and duplicate.to_dict()["duplicate_of"] == "a"


def test_io_records_an_error_record_still_claims_its_id() -> None:
    items = _read(_line(id="a", text=None) + _line(id="a", text="later"))
    assert [item.kind for item in items] == ["text-not-string", "duplicate-id"]  # type: ignore[union-attr]


@pytest.mark.parametrize("blank", [b"\n", b"   \n", b"\r\n", b"\t \r\n"])
def test_io_records_blank_lines_are_skipped(blank: bytes) -> None:
    items = _read(blank + _line(id="a", text="x") + blank + blank + _line(id="b", text="y") + blank)
    assert [(item.id, item.line) for item in items] == [("a", 2), ("b", 5)]  # type: ignore[union-attr]


def test_io_records_truncated_last_line_is_reported() -> None:
    items = _read(_line(id="a", text="x") + b'{"id": "b", "text": "cut sho')
    assert isinstance(items[-1], RecordError) and items[-1].kind == "truncated" and items[-1].line == 2


def test_io_records_complete_last_line_without_newline_is_read() -> None:
    assert _read(b'{"id": "a", "text": "x"}') == [Record("a", "x", 1)]


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_io_records_bom_selects_encoding(bom: bytes, encoding: str) -> None:
    body = '{"id": "u", "text": "שלום עולם"}\r\n{"id": "v", "text": "x"}\n'
    assert _read(bom + body.encode(encoding)) == [Record("u", "שלום עולם", 1), Record("v", "x", 2)]


def test_io_records_crlf_lines_keep_text_exact() -> None:
    (record,) = _read(b'{"id": "a", "text": "one\\r\\ntwo\\rthree"}\r\n')
    assert record.text == "one\r\ntwo\rthree"  # type: ignore[union-attr]


@pytest.mark.parametrize("head", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x7fELF\x02\x01\x01\x00", b"PK\x03\x04\x14\x00\x00\x00"])
def test_io_records_binary_file_is_refused(head: bytes) -> None:
    with pytest.raises(BinaryInputError) as info:
        _read(head + bytes(range(256)) * 4)
    assert "binary" in str(info.value) and info.value.code == "E102"


def test_io_records_path_inside_text_is_never_opened(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    (record,) = _read(_line(id="a", text=str(secret)) + b"")
    assert record.text == str(secret)  # type: ignore[union-attr]


def test_io_records_reads_from_path_and_streams(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(_line(id=f"r{i}", text="x" * i) for i in range(2000)))
    ids = [item.id for item in iter_records(path)]  # type: ignore[union-attr]
    assert ids == [f"r{i}" for i in range(2000)]


def test_io_records_long_line_over_limit_is_reported_not_kept() -> None:
    items = list(iter_records(io.BytesIO(_line(id="big", text="x" * 100_000) + _line(id="b", text="y")), max_line_bytes=50_000))
    assert [getattr(item, "kind", "record") for item in items] == ["too-long", "record"]


def test_io_records_idset_counts_distinct_ids() -> None:
    ids = IdSet()
    assert [ids.add(key) for key in ["a", "b", "a", "\ud800", "\ud800"]] == [True, True, False, True, False]
    assert len(ids) == 3 and "a" in ids and "c" not in ids
    for index in range(5000):
        ids.add(f"k{index}")
    assert all(f"k{index}" in ids for index in range(5000)) and len(ids) == 5003
