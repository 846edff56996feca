"""multiling.testing.make_tiny_marian: a Hub-shaped checkpoint, deterministic, loadable by the real code path."""

from __future__ import annotations

import hashlib
import json

import pytest

from multiling.testing import SAMPLE_LANGS, make_tiny_marian, sample_lines

HUB_FILES = ["config.json", "generation_config.json", "model.safetensors", "source.spm", "special_tokens_map.json",
             "target.spm", "tokenizer_config.json", "vocab.json"]


def _digests(path):
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(path.iterdir())}


def test_testing_tiny_marian_has_hub_layout(tiny_marian_dir):
    assert sorted(p.name for p in tiny_marian_dir.iterdir()) == HUB_FILES
    vocab = json.loads((tiny_marian_dir / "vocab.json").read_text(encoding="utf-8"))
    config = json.loads((tiny_marian_dir / "config.json").read_text(encoding="utf-8"))
    assert vocab["</s>"] == 0 and vocab["<pad>"] == len(vocab) - 1 == config["pad_token_id"]
    assert config["model_type"] == "marian" and config["decoder_start_token_id"] == config["pad_token_id"]


def test_testing_tiny_marian_is_deterministic(tiny_marian_dir, tmp_path):
    again = make_tiny_marian(tmp_path / "again", src="ar", seed=0)
    assert _digests(again) == _digests(tiny_marian_dir)


def test_testing_tiny_marian_seed_changes_weights(tiny_marian_dir, tmp_path):
    other = make_tiny_marian(tmp_path / "other", src="ar", seed=1)
    assert _digests(other)["model.safetensors"] != _digests(tiny_marian_dir)["model.safetensors"]
    assert _digests(other)["source.spm"] == _digests(tiny_marian_dir)["source.spm"]


@pytest.mark.parametrize("lang", SAMPLE_LANGS)
def test_testing_sample_lines_are_aligned(lang):
    assert len(sample_lines(lang)) == len(sample_lines("en")) == 30


def test_testing_tiny_marian_tokenizes_source_script(tiny_marian_dir):
    from multiling.translate.marian import load_tokenizer

    tokenizer = load_tokenizer(tiny_marian_dir)
    ids = tokenizer("في يوم الاثنين")["input_ids"]
    assert ids[-1] == tokenizer.eos_token_id
    assert tokenizer.unk_token_id not in ids
