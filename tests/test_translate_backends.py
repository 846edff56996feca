"""load_translator with both backends, on the tiny Marian checkpoint (same code path as a Hub model)."""

from __future__ import annotations

import pytest

from multiling.errors import BackendError, ConfigError, ModelUnavailableError
from multiling.translate import load_translator
from multiling.translate.base import Translator

TEXTS = ["في يوم الاثنين، أعلن علماء", "مرحبا", "كلية الطب بجامعة", "مرحبا", ""]

@pytest.fixture(scope="module")
def hf(tiny_marian_dir):
    return load_translator(str(tiny_marian_dir), backend="transformers", cache=False, num_beams=1)


def test_translate_backend_transformers_batch_in_batch_out(hf):
    out = hf.translate(TEXTS)
    assert len(out) == len(TEXTS)
    assert out[1] == out[3] and out[4] == ""
    assert out[0] != out[1]
    assert isinstance(hf, Translator)


def test_translate_backend_order_does_not_change_output(hf):
    forward = hf.translate(TEXTS[:3])
    backward = hf.translate(TEXTS[:3][::-1])
    assert forward == backward[::-1]


def test_translate_backend_signature_names_everything(hf, tiny_marian_dir):
    sig = hf.signature
    assert list(sig) == ["model", "revision", "backend", "device", "compute_type", "decoding", "multiling"]
    assert sig["model"] == hf.model_id == str(tiny_marian_dir.resolve())
    assert sig["revision"].startswith("sha256:") and sig["backend"] == "transformers"
    assert sig["decoding"]["num_beams"] == 1


def test_translate_backend_output_length_is_bounded(hf):
    out = hf.translate(["مرحبا"])[0]
    source_tokens = len(hf.encode("مرحبا"))
    assert len(hf.tokenizer(text_target=out)["input_ids"]) <= 2 * source_tokens + 10 + 1


def test_translate_backend_refuses_overlong_input(tiny_marian_dir):
    translator = load_translator(str(tiny_marian_dir), backend="transformers", cache=False, num_beams=1)
    translator.max_input_tokens = 5
    with pytest.raises(BackendError, match="accepts at most 5"):
        translator.translate(["في يوم الاثنين، أعلن علماء من كلية الطب"])


@pytest.mark.parametrize("kwargs, error", [
    ({"backend": "marian"}, ConfigError),
    ({"num_beams": 0}, ConfigError),
    ({"beam": 4}, ConfigError),
])
def test_translate_backend_bad_options(tiny_marian_dir, kwargs, error):
    with pytest.raises(error):
        load_translator(str(tiny_marian_dir), cache=False, **kwargs)


def test_translate_backend_needs_model_or_src():
    with pytest.raises(ConfigError, match="needs a model"):
        load_translator()


def test_translate_backend_src_uses_registry_offline():
    with pytest.raises(ModelUnavailableError) as info:
        load_translator(src="ar", offline=True)
    assert "Helsinki-NLP/opus-mt-tc-big-ar-en" in str(info.value)
    assert "multiling models pull Helsinki-NLP/opus-mt-tc-big-ar-en" in str(info.value)


def test_translate_backend_ctranslate2_matches_transformers(tiny_marian_dir, tmp_path, hf):
    pytest.importorskip("ctranslate2")
    from multiling.translate import convert, store

    local = store.find_local(str(tiny_marian_dir))
    out_dir = convert.convert(local, tmp_path / "ct2")
    assert store.is_ct2_dir(out_dir)
    fast = load_translator(str(out_dir), backend="ctranslate2", cache=False, num_beams=1, compute_type="float32")
    assert fast.model_id == hf.model_id and fast.revision == hf.revision
    assert fast.signature["backend"] == "ctranslate2"
    # Same weights, same greedy search: ctranslate2 may add one token where transformers forces </s>.
    for slow, quick in zip(hf.translate(TEXTS[:3]), fast.translate(TEXTS[:3])):
        assert quick.startswith(slow[: max(1, len(slow) - 3)])


def test_translate_backend_ctranslate2_int8_default_on_cpu(tiny_marian_dir):
    pytest.importorskip("ctranslate2")
    fast = load_translator(str(tiny_marian_dir), backend="ctranslate2", cache=False, num_beams=2)
    assert fast.signature["compute_type"] == "int8"
    out = fast.translate(TEXTS)
    assert len(out) == len(TEXTS) and out[1] == out[3] and out[4] == ""


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_translate_backend_fixed_length_forces_equal_work(tiny_marian_dir, backend):
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2")
    translator = load_translator(str(tiny_marian_dir), backend=backend, cache=False, num_beams=1, fixed_length=6,
                                 no_repeat_ngram_size=0)
    assert all(translator.translate(TEXTS[:3]))
    assert translator.decoding.max_new_tokens(source_tokens=100, model_max=512) == 6
