"""Crashes found by ``bench/reliability.py bad-inputs`` (2026-11-21): `segment --format jsonl` on bad records. Fixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from multiling.cli import main


@pytest.mark.parametrize(
    "data",
    [
        b'{"id": "\\udc00", "text": "x"}\n',  # UnicodeEncodeError: surrogates not allowed
        b"[" * 100_000 + b"\n",  # RecursionError from json.loads
    ],
)
def test_regressions_cli_segment_jsonl_bad_record_is_reported_not_raised(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["segment", "--format", "jsonl", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2)
