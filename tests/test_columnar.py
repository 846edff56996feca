"""Pipeline.annotate_batch: columnar batches in, typed result rows out (dict, pandas, Arrow, Parquet)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from doubles import ReversingTestTranslator

import multiling
from multiling.columnar import COLUMNS, SUMMARY_FIELDS
from multiling.errors import InputError
from multiling.pipeline import Pipeline
from multiling.render import render

RECORDS = [
    {"id": "a", "text": "He quoted the slogan «الرحمة لشهدائنا الأبرار» and left."},
    {"id": "b", "text": "Nothing foreign here, only English."},
    {"id": "c", "text": "Он сказал: «Мы будем бороться до конца». Then the meeting ended.\nSecond line: привет всем друзьям."},
]


def _pipeline() -> Pipeline:
    return Pipeline(translator=ReversingTestTranslator())


def _columns(records: list[dict]) -> dict[str, list]:
    return {"id": [r["id"] for r in records], "text": [r["text"] for r in records]}


def test_annotate_batch_document_is_the_cli_jsonl_line():
    out = _pipeline().annotate_batch(_columns(RECORDS))
    assert list(out) == list(COLUMNS)
    for record, document in zip(RECORDS, out["document"]):
        doc = _pipeline().annotate(record["text"], id=record["id"])
        assert document == render(doc, "jsonl").text.rstrip("\n")
    assert out["error"] == [None, None, None]


def test_annotate_batch_spans_and_summary_match_the_document():
    out = _pipeline().annotate_batch(_columns(RECORDS))
    for record, document, spans, summary in zip(RECORDS, out["document"], out["spans"], out["summary"]):
        data = json.loads(document)
        assert [s["text"] for s in spans] == [record["text"][s["start"]:s["end"]] for s in spans]
        assert [(s["start_utf16"], s["end_utf16"]) for s in spans] == [tuple(s["utf16"]) for s in data["spans"]]
        assert [s["gloss"] for s in spans] == [s["gloss"] for s in data["spans"]]
        assert summary == {name.replace("-", "_"): n for name, n in data["summary"].items()}
        assert set(summary) == set(SUMMARY_FIELDS)


@pytest.mark.parametrize(
    ("record", "kind", "code"),
    [
        ({"id": "n", "text": None}, "text-not-string", "E106"),
        ({"id": "x", "text": 42}, "text-not-string", "E106"),
        ({"id": None, "text": "text"}, "bad-id", "E107"),
        ({"id": "", "text": "text"}, "bad-id", "E107"),
        ({"id": 1.5, "text": "text"}, "bad-id", "E107"),
    ],
)
def test_annotate_batch_bad_record_is_an_error_row(record, kind, code):
    out = _pipeline().annotate_batch(_columns([RECORDS[0], record, RECORDS[1]]))
    assert out["error"][0] is None and out["error"][2] is None
    error = out["error"][1]
    assert (error["kind"], error["code"]) == (kind, code)
    assert error["message"].startswith(f"[{code}] ")
    assert out["document"][1] is None and out["spans"][1] == [] and out["summary"][1] is None


def test_annotate_batch_integer_ids_become_text():
    out = _pipeline().annotate_batch({"id": [7, 8], "text": ["one", "two"]})
    assert out["id"] == ["7", "8"]


@pytest.mark.parametrize("batch", [{"text": ["x"]}, {"id": ["a"]}, ["not", "columns"]])
def test_annotate_batch_rejects_a_batch_without_the_columns(batch):
    with pytest.raises(InputError, match="annotate_batch|column"):
        _pipeline().annotate_batch(batch)


def test_annotate_batch_processing_failure_is_an_error_row():
    class Exploding:
        def gloss(self, items):
            if any("взрыв" in text for text, _ in items):
                raise RuntimeError("boom")
            return ReversingTestTranslator().gloss(items)

    records = [RECORDS[0], {"id": "bad", "text": "Он сказал: взрыв будет очень громким сегодня."}]
    out = Pipeline(translator=Exploding()).annotate_batch(_columns(records))
    assert out["error"][0] is None
    assert out["error"][1]["kind"] == "processing" and out["error"][1]["code"] == "E500"


def test_annotate_batch_pandas_in_pandas_out():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(RECORDS + [{"id": "n", "text": None}])
    out = _pipeline().annotate_batch(frame)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(COLUMNS)
    assert out["document"].tolist()[:3] == _pipeline().annotate_batch(_columns(RECORDS))["document"]
    assert out["error"].tolist()[3]["kind"] == "text-not-string"


def test_annotate_batch_arrow_table_has_the_published_schema_and_survives_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(_columns(RECORDS + [{"id": "n", "text": None}]))
    out = _pipeline().annotate_batch(table)
    assert out.schema == multiling.ARROW_SCHEMA
    pq.write_table(out, tmp_path / "part.parquet")
    back = pq.read_table(tmp_path / "part.parquet")
    assert back.schema.equals(multiling.ARROW_SCHEMA, check_metadata=False)
    assert back.to_pylist() == out.to_pylist()
    assert back.column("spans").type.value_type.field("status").type == pa.string()


def test_annotate_batch_with_the_tiny_model_matches_annotate(tiny_marian_dir):
    pipeline = Pipeline(model=str(tiny_marian_dir), offline=True, cache=False)
    out = pipeline.annotate_batch(_columns(RECORDS[:1]))
    assert out["spans"][0][0]["status"] == "ok" and out["spans"][0][0]["model"]
    assert out["document"][0] == render(pipeline.annotate(RECORDS[0]["text"], id="a"), "jsonl").text.rstrip("\n")


def test_import_multiling_does_not_import_arrow_pandas_or_engines():
    code = ("import multiling, multiling.columnar, sys; "
            "print(*[m in sys.modules for m in ('pyarrow', 'pandas', 'ray', 'pyspark')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"] * 4
