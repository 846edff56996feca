"""The CLI check shared by the Ray and Spark tests: ``--engine X`` writes what ``--engine local`` writes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from multiling.cli import main
from multiling.testing import sample_records


def write_input(tmp_path: Path) -> Path:
    """24 sample records and one line that is not JSON (an error line in every engine's output)."""
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(record, ensure_ascii=False) for record in sample_records(24)]
    lines.insert(7, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def annotate(source: Path, out: Path, model: Path, *engine: str) -> int:
    # --device cpu: the engine's workers have no GPU, and with the device named they never import torch to look for one.
    args = ["annotate", str(source), "--model", str(model), "--src", "ar", "--device", "cpu", "--offline", "--no-cache",
            "--threads", "1", "--out", str(out), "-q", *engine]
    return CliRunner().invoke(main, args, catch_exceptions=False).exit_code


def check_engine_matches_local(tmp_path: Path, model: Path, engine: str) -> None:
    source = write_input(tmp_path)
    local, remote = tmp_path / "local.jsonl", tmp_path / f"{engine}.jsonl"
    assert annotate(source, local, model) == 1  # the bad line
    assert annotate(source, remote, model, "--engine", engine, "--workers", "2") == 1
    assert remote.read_bytes() == local.read_bytes()  # byte-identical, error line included
    assert json.loads(local.read_text(encoding="utf-8").splitlines()[7])["error"]["code"] == "E103"
