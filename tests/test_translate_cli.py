"""`multiling translate` and `multiling models ...` (offline, tiny model)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from multiling.cli import main


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_translate_cli_translate_with_tiny_model(tiny_marian_dir):
    result = _run("translate", "قال @AJArabic إن الوضع صعب", "--src", "ar", "--model", str(tiny_marian_dir),
                  "--beam", "1", "--no-cache", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["status"] == "ok" and record["gloss"].count("@AJArabic") == 1
    assert record["model"] == str(tiny_marian_dir.resolve())


def test_translate_cli_translate_offline_missing_model_exit_3():
    result = _run("translate", "你好，世界", "--src", "zh", "--offline")
    assert result.exit_code == 3
    assert "multiling models pull Helsinki-NLP/opus-mt-zh-en" in result.stderr


def test_translate_cli_models_list_json():
    result = _run("models", "list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    ar = [r for r in rows if r["lang"] == "ar"]
    assert [(r["model"], r["profile"], r["bleu"]) for r in ar] == [
        ("Helsinki-NLP/opus-mt-tc-big-ar-en", "best", 42.6), ("Helsinki-NLP/opus-mt-ar-en", "fast", 33.9)]


def test_translate_cli_models_list_text_names_each_score_s_test_set():
    result = _run("models", "list")
    assert result.exit_code == 0
    header, *lines = result.stdout.splitlines()
    assert header.split() == ["LANG", "PROF", "ARCH", "QUALITY", "MODEL", "ON", "DISK"]
    assert header.index("MODEL") == lines[0].index("Helsinki-NLP/")  # the header names the columns it stands over
    assert any(line.split()[:6] == ["ar", "best", "big", "BLEU", "42.6", "FLORES-101"] for line in lines)
    assert all("BLEU -" in line or "BLEU" in line and line.split()[5] != "Helsinki-NLP" for line in lines)
    assert len({line.index("Helsinki-NLP/") for line in lines}) == 1  # the model column lines up


def test_translate_cli_models_path_missing_exit_3():
    result = _run("models", "path", "ar")
    assert result.exit_code == 3 and "Helsinki-NLP/opus-mt-tc-big-ar-en" in result.stderr


def test_translate_cli_models_pull_offline_exit_3():
    result = _run("models", "pull", "fa")
    assert result.exit_code == 3 and "offline" in result.stderr and "opus-mt-mul-en" in result.stderr


def test_translate_cli_models_convert_and_path(tiny_marian_dir, tmp_path):
    out = tmp_path / "ct2"
    result = _run("models", "convert", str(tiny_marian_dir), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out) and (out / "model.bin").is_file()
    result = _run("translate", "مرحبا", "--model", str(out), "--backend", "ctranslate2", "--no-cache", "--beam", "1")
    assert result.exit_code == 0, result.output and result.stdout.strip()
