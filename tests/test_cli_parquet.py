"""annotate with Parquet: a Parquet file or dataset directory in, ``--out X.parquet`` out (typed by ARROW_SCHEMA)."""

from __future__ import annotations

import json

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install 'multiling[parquet]'")
import pyarrow.parquet as pq  # noqa: E402
from _engine_cli import annotate, write_input  # noqa: E402

import multiling  # noqa: E402
from multiling.io.parquet import iter_parquet_records  # noqa: E402
from multiling.testing import sample_records  # noqa: E402


def test_parquet_output_holds_the_jsonl_lines_as_typed_rows(tmp_path, tiny_marian_dir):
    source = write_input(tmp_path)
    assert annotate(source, tmp_path / "out.jsonl", tiny_marian_dir) == 1
    assert annotate(source, tmp_path / "out.parquet", tiny_marian_dir) == 1
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema.equals(multiling.ARROW_SCHEMA, check_metadata=False)
    rows = table.to_pylist()
    assert [row["id"] for row in rows] == [json.loads(line)["id"] for line in lines]
    assert [row["document"] for row in rows if row["error"] is None] == [line for line in lines if '"error": {' not in line]
    bad = [row for row in rows if row["error"] is not None]
    assert [(row["error"]["code"], row["error"]["kind"]) for row in bad] == [("E103", "bad-json")]
    first = json.loads(rows[0]["document"])
    assert [(s["start"], s["end"], s["gloss"]) for s in rows[0]["spans"]] == [(s["start"], s["end"], s["gloss"]) for s in first["spans"]]


def test_parquet_input_gives_the_same_documents_as_jsonl_input(tmp_path, tiny_marian_dir):
    records = sample_records(6)
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "data.parquet").mkdir()
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "data.parquet" / "part-0.parquet")
    # Exit 1 both times: --src ar leaves the Russian and Persian spans without a model (offline).
    assert annotate(tmp_path / "in.jsonl", tmp_path / "a.jsonl", tiny_marian_dir) == 1
    assert annotate(tmp_path / "data.parquet", tmp_path / "b.jsonl", tiny_marian_dir) == 1
    a = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    b = [json.loads(line) for line in (tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()]
    assert a == b  # same documents (ids, spans, glosses); only the line numbers of the inputs differ, and they are not written


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], ["a", ("duplicate-id", 2)]),
        ([{"id": None, "text": "x"}], ["line-1"]),
        ([{"id": 5, "text": None}], [("text-not-string", 1)]),
    ],
)
def test_parquet_records_are_checked_like_jsonl(tmp_path, rows, expected):
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "x.parquet")
    got = [r.id if hasattr(r, "text") else (r.kind, r.line) for r in iter_parquet_records(str(tmp_path / "x.parquet"))]
    assert got == expected


def test_glob_of_parquet_and_jsonl_inputs(tmp_path, tiny_marian_dir):
    records = sample_records(4)
    pq.write_table(pa.Table.from_pylist(records[:2]), tmp_path / "p1.parquet")
    (tmp_path / "p2.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[2:]), encoding="utf-8")
    assert annotate(tmp_path / "p*", tmp_path / "out.jsonl", tiny_marian_dir) == 1  # ru/fa spans: no model offline
    ids = [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == [r["id"] for r in records]
