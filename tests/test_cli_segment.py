"""`multiling segment`: formats, encodings and bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from multiling.cli import main

ARTICLE = "Officials said: إن الجريمة الإرهابية لن تمر من دون عقاب. Then they left.\n"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_cli_segment_text_lists_foreign_spans(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["segment", str(path)])
    assert result.exit_code == 0
    assert "ar" in result.output and "إن الجريمة الإرهابية لن تمر من دون عقاب" in result.output
    assert "Officials" not in result.output


def test_cli_segment_json_offsets_slice_the_text(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["segment", "--format", "json", str(path)])
    spans = json.loads(result.output)["spans"]
    assert [list(span) for span in spans][0] == ["start", "end", "lang", "script", "confidence", "text"]
    assert all(ARTICLE[s["start"] : s["end"]] == s["text"] for s in spans)


def test_cli_segment_reads_utf8_with_bom(runner, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    spans = json.loads(runner.invoke(main, ["segment", "--format", "json", str(path)]).output)["spans"]
    text = ARTICLE  # the BOM is not part of the text: offsets start after it
    assert all(text[s["start"] : s["end"]] == s["text"] for s in spans)


def test_cli_segment_undecodable_bytes_exit_2_naming_file_and_offset(runner, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Hello \xff world")
    result = runner.invoke(main, ["segment", str(path)])
    assert result.exit_code == 2
    assert str(path) in result.output and "byte 6" in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_cli_segment_errors_replace_goes_on(runner, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Hello \xff world")
    result = runner.invoke(main, ["segment", "--all", "--errors", "replace", str(path)])
    assert result.exit_code == 0 and "replaced 1" in result.output


def test_cli_segment_jsonl_one_line_per_record_and_errors_inline(runner):
    lines = [
        json.dumps({"id": "a", "text": ARTICLE}),
        "",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "Pure English here."}),
    ]
    result = runner.invoke(main, ["segment", "--format", "jsonl", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 1  # a record could not be read: like annotate, the exit code says so
    assert "line 3 (id 'b')" in result.stderr and "[E105]" in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["id"] for record in out] == ["a", "b", "c"]
    assert out[1]["error"]["kind"] == "missing-text"
    assert [s["lang"] for s in out[0]["spans"]].count("ar") == 1


def test_cli_segment_help_has_an_example(runner):
    assert "Examples" in runner.invoke(main, ["segment", "--help"]).output
