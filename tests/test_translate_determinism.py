"""Same sentence, same model, same decoding options → the same gloss, whatever else is in the batch.

The tiny Marian rarely emits ``</s>``, so every output runs to its length bound: a bound taken from a
batch-mate (the bug these tests pin down) changes the output visibly, for both backends.
"""

from __future__ import annotations

import json
import random

import pytest

from multiling.pipeline import Pipeline
from multiling.testing import sample_lines
from multiling.translate import load_translator

BACKENDS = ("transformers", "ctranslate2")
#: Sentences of many lengths (1 to 12 words of FLORES Arabic lines).
SENTENCES = list(dict.fromkeys(
    " ".join(line.split()[:words]) for line, words in zip(sample_lines("ar"), (1, 2, 3, 4, 5, 6, 8, 3, 5, 12))
))
#: Beam 4 with a short output bound (half the source tokens + 3): every output still runs to its own bound,
#: and the tests stay fast on a busy machine.
DECODING = {"num_beams": 4, "max_length_ratio": 0.5, "max_length_extra": 3}


@pytest.fixture(scope="module", params=BACKENDS)
def translator(request, tiny_marian_dir):
    if request.param == "ctranslate2":
        pytest.importorskip("ctranslate2")
    return load_translator(str(tiny_marian_dir), backend=request.param, cache=False, **DECODING)


@pytest.fixture(scope="module")
def alone(translator):
    return {s: translator.translate([s])[0] for s in SENTENCES}


def test_translate_determinism_batch_equals_alone(translator, alone):
    assert dict(zip(SENTENCES, translator.translate(SENTENCES))) == alone


@pytest.mark.parametrize("seed", [1, 2])
def test_translate_determinism_any_order_and_company(translator, alone, seed):
    rng = random.Random(seed)
    company = rng.sample(SENTENCES, k=len(SENTENCES) // 2)
    assert dict(zip(company, translator.translate(company))) == {s: alone[s] for s in company}


def test_translate_determinism_batch_size_does_not_matter(tiny_marian_dir, translator, alone):
    small = load_translator(str(tiny_marian_dir), backend=translator.backend, cache=False, **DECODING,
                            batch_size=2, max_batch_tokens=64)
    assert dict(zip(SENTENCES, small.translate(SENTENCES))) == alone


def test_translate_determinism_batches_hold_one_length(translator):
    lengths = dict(zip(SENTENCES, translator.count_tokens(SENTENCES)))
    batches = translator.batches(SENTENCES, lengths)
    assert sorted(s for b in batches for s in b) == sorted(SENTENCES)
    assert all(len({lengths[s] for s in batch}) == 1 for batch in batches)
    assert all(len(batch) <= translator.batch_size for batch in batches)


# -- the pipeline: window, batch size, order, resume, cache -------------------------------------------------

RECORDS = [{"id": f"d{i}", "text": f"He said «{s}» on Monday."} for i, s in enumerate(SENTENCES)]


def _run(tiny_marian_dir, records, **options):
    pipeline = Pipeline(model=str(tiny_marian_dir), backend="transformers", **DECODING, **options)
    return {doc.id: json.dumps(doc.to_dict(), sort_keys=True, ensure_ascii=False)
            for doc in pipeline.annotate_many(records)}


@pytest.fixture(scope="module")
def reference(tiny_marian_dir):
    return _run(tiny_marian_dir, RECORDS, cache=False)


@pytest.mark.parametrize("options", [
    {"window": 1}, {"window": 3, "batch_size": 2}, {"window": 64, "batch_size": 64}, {"batch_size": 1},
])
def test_translate_determinism_annotate_many_window_and_batch(tiny_marian_dir, reference, options):
    assert _run(tiny_marian_dir, RECORDS, cache=False, **options) == reference


def test_translate_determinism_annotate_many_input_order(tiny_marian_dir, reference):
    shuffled = RECORDS[:]
    random.Random(7).shuffle(shuffled)
    assert _run(tiny_marian_dir, shuffled, cache=False, window=4) == reference


def test_translate_determinism_resumed_equals_uninterrupted(tiny_marian_dir, reference):
    # A run killed after 5 documents and resumed: the rest is glossed in a new process-like pipeline,
    # with different batch-mates than in the uninterrupted run.
    first = _run(tiny_marian_dir, RECORDS[:5], cache=False)
    rest = _run(tiny_marian_dir, RECORDS[5:], cache=False)
    assert {**first, **rest} == reference


def test_translate_determinism_warm_cache_equals_no_cache(tiny_marian_dir, reference, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTILING_CACHE_DIR", str(tmp_path))
    # Another run fills the cache with every second document, batched differently.
    _run(tiny_marian_dir, RECORDS[::2], cache=True, batch_size=3)
    assert (tmp_path / "translations.sqlite3").is_file()
    assert _run(tiny_marian_dir, RECORDS, cache=True) == reference


def test_translate_determinism_cli_resume_equals_uninterrupted(tiny_marian_dir, tmp_path):
    """`annotate --resume` after a kill (the output cut after 2 records) writes the same file as one full run.

    Six short records and beam 2: the CLI has no output-length option, and every tiny-model output runs to its bound.
    """
    from click.testing import CliRunner

    from multiling.cli import main

    source = tmp_path / "in.jsonl"
    records = RECORDS[:6]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    options = ["--model", str(tiny_marian_dir), "--backend", "transformers", "--device", "cpu", "--no-cache",
               "--beam", "2", "--format", "jsonl", "-q"]
    full = tmp_path / "full.jsonl"
    CliRunner().invoke(main, ["annotate", str(source), "--out", str(full), *options], catch_exceptions=False)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == len(records)
    resumed = tmp_path / "resumed.jsonl"
    resumed.write_text("".join(lines[:2]) + lines[2][: len(lines[2]) // 2], encoding="utf-8")  # killed mid-line
    CliRunner().invoke(main, ["annotate", str(source), "--out", str(resumed), "--resume", *options],
                       catch_exceptions=False)
    assert resumed.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")
