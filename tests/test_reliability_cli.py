"""Bad input through the CLI: one clear message and exit 2 (never a traceback); batch runs that lose nothing."""

from __future__ import annotations

import codecs
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from multiling.cli import main

ARTICLE = "He said «bonjour à tous» and «مرحبا بالعالم» today.\r\nNext line.\n"


def _invoke(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, args, catch_exceptions=True)


@pytest.mark.parametrize("command", ["segment", "annotate"])
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks like a binary file"),
        (b"text then a NUL\x00 byte", "looks like a binary file (NUL or control byte at byte 15)"),
        (b"caf\xe9 au lait", "not valid UTF-8 at byte 3"),
    ],
)
def test_reliability_cli_bad_file_exits_2_with_one_clear_line(tmp_path: Path, command: str, data: bytes, expected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    result = _invoke([command, str(path)] + (["--offline", "--no-cache", "-q"] if command == "annotate" else []))
    assert result.exit_code == 2, result.output
    assert expected in result.output and str(path) in result.output
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))


def test_reliability_cli_errors_replace_processes_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"caf\xe9 au lait, he said.\n")
    result = _invoke(["segment", "--errors", "replace", "--format", "json", str(path)])
    assert result.exit_code == 0 and "replaced 1 undecodable byte sequence" in result.output


def test_reliability_cli_utf16_with_bom_keeps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    result = CliRunner().invoke(main, ["segment", "--format", "json", str(path)])
    assert result.exit_code == 0
    spans = json.loads(result.stdout)["spans"]
    assert spans and all(ARTICLE[s["start"] : s["end"]] == s["text"] for s in spans)


def test_reliability_cli_jsonl_bad_records_are_reported_and_run_goes_on(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"id": "a", "text": "He said \\u00abbonjour\\u00bb."}\n{"id": "b", "text": 3}\n\n{"id": "c"}\n'
        b'{"id": "a", "text": "dup"}\n{"id": "s", "text": "\\ud800"}\n{"id": "u", "text": "caf\xe9"}\n'
        b'{"id": "ok", "text": "Plain English."}\n{"id": "t", "text": "trunc'
    )
    out = tmp_path / "out.jsonl"
    result = _invoke(["annotate", str(source), "--format", "jsonl", "--out", str(out), "--offline", "--no-cache", "-q"])
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c", "line-5", "s", "u", "ok", "line-9"]
    assert [line["error"]["code"] for line in lines if "error" in line] == ["E106", "E105", "E108", "E110", "E101", "E109"]


def test_reliability_cli_resume_with_nothing_left_still_reports_earlier_gaps(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "en", "text": "Plain English."}\n'
                      '{"id": "ar", "text": "He said: \u0625\u0646 \u0627\u0644\u062c\u0631\u064a\u0645\u0629 '
                      '\u0627\u0644\u0625\u0631\u0647\u0627\u0628\u064a\u0629 \u0644\u0646 \u062a\u0645\u0631."}\n',
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = ["annotate", str(source), "--format", "jsonl", "--out", str(out), "--resume", "--offline", "--no-cache"]
    first = _invoke(command)
    assert first.exit_code == 1, first.output  # offline: the Arabic span has no gloss
    again = _invoke(command)
    assert again.exit_code == 1, again.output  # nothing left to do, but the output still lacks a gloss
    assert "2 already done (of those already done: 0 failed, 1 with spans lacking a gloss)" in again.output
    out.write_text(out.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")  # only "en" kept
    english_only = tmp_path / "en.jsonl"
    english_only.write_text('{"id": "en", "text": "Plain English."}\n', encoding="utf-8")
    assert _invoke(command[:1] + [str(english_only)] + command[2:]).exit_code == 0


def test_reliability_cli_resume_refuses_non_jsonl_use(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = _invoke(["annotate", str(path), "--resume", "--out", str(tmp_path / "o.html"), "--format", "html"])
    assert result.exit_code == 2 and "--resume needs one JSONL source" in result.output


def _cli() -> list[str]:
    script = shutil.which("multiling", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-c", "from multiling.cli import main; main()"]


def test_reliability_cli_kill9_then_resume_every_id_exactly_once(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    ids = []
    with open(source, "w", encoding="utf-8") as stream:
        for index in range(300):
            ids.append(f"doc-{index}")
            text = f"Article {index}: the minister said «مرحبا بالعالم يا أصدقاء» and «Привет, мир» on Monday."
            stream.write(json.dumps({"id": ids[-1], "text": text}, ensure_ascii=False) + "\n")
        stream.write('{"id": "bad", "text": null}\n')
    ids.append("bad")
    out = tmp_path / "out.jsonl"
    command = _cli() + ["annotate", str(source), "--format", "jsonl", "--out", str(out), "--resume", "--offline", "--no-cache", "-q"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    rng = random.Random(1121)
    for _ in range(5):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.0))  # a random moment to kill at, not a threshold
        process.send_signal(signal.SIGKILL)
        process.wait()
    final = subprocess.run(command, env=env, capture_output=True, text=True)
    assert final.returncode == 1, final.stderr  # "bad" failed (and spans lack a model): the exit code says so
    data = out.read_bytes()
    assert data.endswith(b"\n"), "partial last line"
    written = [json.loads(line)["id"] for line in data.decode("utf-8").splitlines()]
    assert sorted(written) == sorted(ids) and len(written) == len(set(written))
