"""Output that loses nothing: per-record flushed JSONL, resume after a partial line, atomic whole files."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from multiling.batch import run_jsonl
from multiling.io import JsonlWriter, Record, atomic_write


def _lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "output ends in a partial line"
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def _write_input(path: Path, count: int) -> list[str]:
    ids = [f"doc-{index}" for index in range(count)]
    with open(path, "w", encoding="utf-8") as stream:
        for index, record_id in enumerate(ids):
            stream.write(json.dumps({"id": record_id, "text": f"Article {index} says «bonjour»."}, ensure_ascii=False) + "\n")
    return ids


def test_io_writer_resume_cuts_partial_last_line_and_knows_done_ids(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"id": "a", "n": 1}\n{"id": "b", "n": 2}\n{"id": "c", "n"')
    with JsonlWriter(out, resume=True) as writer:
        assert writer.done("a") and writer.done("b") and not writer.done("c")
        assert writer.dropped_bytes == len(b'{"id": "c", "n"') and writer.resumed == 2
        writer.write({"id": "c", "n": 3})
    assert [line["id"] for line in _lines(out)] == ["a", "b", "c"]


def test_io_writer_without_resume_starts_over(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "old"}\n')
    with JsonlWriter(out) as writer:
        writer.write({"id": "new", "text": "é"})
    assert out.read_text(encoding="utf-8") == '{"id": "new", "text": "é"}\n'


def test_io_writer_refuses_record_without_id(tmp_path: Path) -> None:
    with JsonlWriter(tmp_path / "o.jsonl") as writer, pytest.raises(ValueError):
        writer.write({"text": "x"})


def test_io_writer_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("boom")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]
    with atomic_write(target) as stream:
        stream.write("new\r\n")
    assert target.read_bytes() == b"new\r\n"


def test_io_writer_run_jsonl_writes_every_record_once_with_errors(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"id": "a", "text": "fine"}\n{"id": "b", "text": 3}\n\n{"id": "a", "text": "dup"}\n'
        b'{"id": "boom", "text": "raises"}\n{"text": "no id"}\n{"id": "t", "text": "trunc'
    )

    def process(record: Record) -> dict:
        if record.id == "boom":
            raise RuntimeError("model fell over")
        return {"id": "ignored", "length": len(record.text)}

    summary = run_jsonl(source, tmp_path / "out.jsonl", process)
    lines = _lines(tmp_path / "out.jsonl")
    assert [line["id"] for line in lines] == ["a", "b", "line-4", "boom", "line-6", "line-7"]
    assert lines[0] == {"id": "a", "length": 4}
    assert [line["error"]["kind"] for line in lines if "error" in line] == ["text-not-string", "duplicate-id", "processing", "truncated"]
    assert (summary.processed, summary.failed, summary.skipped) == (2, 4, 0)
    again = run_jsonl(source, tmp_path / "out.jsonl", process, resume=True)
    assert (again.processed, again.failed, again.skipped) == (0, 0, 6)
    assert _lines(tmp_path / "out.jsonl") == lines


_DRIVER = """
import sys, time
from multiling.batch import run_jsonl
def process(record):
    time.sleep(0.002)
    return {"chars": len(record.text)}
summary = run_jsonl(sys.argv[1], sys.argv[2], process, resume=True)
sys.exit(0 if summary.ok else 1)
"""


def test_io_writer_kill9_and_resume_lose_nothing(tmp_path: Path) -> None:
    ids = _write_input(tmp_path / "in.jsonl", 300)
    out = tmp_path / "out.jsonl"
    rng = random.Random(20261121)
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-c", _DRIVER, str(tmp_path / "in.jsonl"), str(out)]
    for _ in range(6):
        process = subprocess.Popen(command, env=env)
        time.sleep(rng.uniform(0.05, 0.4))  # a random moment, not a threshold
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert subprocess.run(command, env=env).returncode == 0
    written = [line["id"] for line in _lines(out)]
    assert sorted(written) == sorted(ids) and len(written) == len(set(written))
