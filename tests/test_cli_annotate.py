"""`multiling annotate`: formats, JSONL in/out, directories, exit codes, messages for spans without a gloss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from multiling.cli import main

REPO = Path(__file__).resolve().parents[1]
SEED3 = str(REPO / "seeds" / "003_60b8ed085d617c0b.txt")


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["annotate", *args], input=input, catch_exceptions=False)


def test_cli_annotate_demo_offline_states_why_and_exits_1() -> None:
    result = _run(SEED3, "--offline", "--no-cache")
    assert result.exit_code == 1
    assert "[no gloss: no-model]" in result.stdout  # the segmentation is still printed
    assert "الرحمة لشهدائنا الأبرار" in result.stdout
    # Per span: that it has no gloss and which reason; each reason (why, and how to fetch the model) once.
    assert result.stderr.count("no gloss (no-model), see [1]") == 5
    assert result.stderr.count("multiling models pull Helsinki-NLP/opus-mt-tc-big-ar-en") == 1
    assert "\x1b[" not in result.stdout  # no colours into a pipe


def test_cli_annotate_tiny_model_json_exit_0(tiny_marian_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("He wrote «الرحمة لشهدائنا» yesterday.\n", encoding="utf-8")
    result = _run(str(article), "--model", str(tiny_marian_dir), "--offline", "--no-cache", "--beam", "1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "a" and data["spans"][0]["status"] == "ok"
    assert data["text"][data["spans"][0]["start"] : data["spans"][0]["end"]] == "الرحمة لشهدائنا"


def test_cli_annotate_jsonl_in_gives_jsonl_out(tmp_path: Path) -> None:
    records = tmp_path / "in.jsonl"
    records.write_text('{"id": "a", "text": "He said «bonjour à tous, mes amis»."}\n{"id": 5}\nnot json\n'
                       '{"id": "c", "text": "plain English only."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _run(str(records), "--offline", "--no-cache", "--out", str(out), "-q")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "5", "line-3", "c"]
    assert lines[0]["schema"] == "multiling.annotated-document" and "error" in lines[1] and "error" in lines[2]
    assert lines[3]["spans"] == []


def test_cli_annotate_directory_to_directory(tmp_path: Path) -> None:
    src = tmp_path / "articles"
    src.mkdir()
    (src / "one.txt").write_text("Only English here.\n", encoding="utf-8")
    (src / "two.txt").write_text("Also English.\n", encoding="utf-8")
    result = _run(str(src), "--format", "html", "--out", str(tmp_path / "html") + "/", "--offline", "-q")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "html").iterdir()) == ["one.html", "two.html"]


def test_cli_annotate_stdin_inline() -> None:
    result = _run("-", "--format", "inline", "--offline", "--no-cache", input="No foreign words here.\n")
    assert result.exit_code == 0 and result.stdout == "No foreign words here.\n"


@pytest.mark.parametrize("args", [["/no/such/file.txt"], ["--format", "pdf", "-"]])
def test_cli_annotate_bad_usage_exits_2(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["annotate", *args])
    assert result.exit_code == 2


def test_cli_annotate_several_html_to_stdout_is_usage_error(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "html"])
    assert result.exit_code == 2 and "--out" in result.stderr


def test_cli_annotate_help_has_example_and_exit_codes() -> None:
    result = CliRunner().invoke(main, ["annotate", "--help"])
    assert result.exit_code == 0
    assert "multiling annotate seeds/003_60b8ed085d617c0b.txt" in result.stdout and "Exit codes" in result.stdout
