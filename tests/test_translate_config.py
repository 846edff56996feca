"""TranslationConfig (validated once), backend/device choice, CUDA checks (monkeypatched: no GPU needed),
the shared pipeline of multiling.annotate, on_model_error, and models that are not Marian checkpoints."""

from __future__ import annotations

import warnings

import pytest

import multiling
from multiling.errors import BackendError, ConfigError, ModelUnavailableError
from multiling.pipeline import Pipeline, shared_pipeline
from multiling.translate import config as cfg
from multiling.translate import loader
from multiling.translate.config import TranslationConfig
from multiling.translate.glosser import Glosser
from multiling.translate.marian import one_line


@pytest.mark.parametrize("options, message", [
    ({"device": "gpu"}, "unknown device 'gpu'"),
    ({"backend": "onnx"}, "unknown backend 'onnx'"),
    ({"profile": "tiny"}, "unknown profile"),
    ({"on_model_error": "ignore"}, "unknown on_model_error"),
    ({"backend": "transformers", "compute_type": "int8"}, "unknown compute_type 'int8'"),
    ({"batch_size": 0}, "batch_size must be a positive integer"),
    ({"threads": -1}, "threads must be an integer >= 0"),
    ({"model": ""}, "model must be a Hugging Face id or a directory"),
    ({"num_beams": 0}, "num_beams must be >= 1"),
    ({"beams": 4}, "unknown decoding option"),
])
def test_translate_config_refuses_bad_values(options, message):
    with pytest.raises(ConfigError, match=message):
        TranslationConfig.build(**options)


def test_translate_config_is_frozen_hashable_and_merges_decoding():
    base = TranslationConfig.build(num_beams=2, backend="transformers")
    again = TranslationConfig.build(base, no_repeat_ngram_size=3)
    assert again.decoding.num_beams == 2 and again.decoding.no_repeat_ngram_size == 3
    assert again.backend == "transformers"
    assert TranslationConfig.build(num_beams=2, backend="transformers") == base
    assert len({base, TranslationConfig.build(num_beams=2, backend="transformers")}) == 1


def test_translate_config_the_same_object_everywhere(tiny_marian_dir):
    config = TranslationConfig.build(model=str(tiny_marian_dir), backend="transformers", num_beams=1, cache=False)
    pipeline = Pipeline(config=config)
    assert pipeline.config is config
    assert pipeline.translator.config is config  # the Glosser takes it as is: validated once


# -- backend and device choice ----------------------------------------------------------------------------


def test_translate_config_auto_backend_is_ctranslate2_when_installed(monkeypatch):
    monkeypatch.setattr(cfg.importlib.util, "find_spec", lambda name: None)
    assert cfg.resolve_backend("auto") == "transformers"
    monkeypatch.setattr(cfg.importlib.util, "find_spec", lambda name: object())
    assert cfg.resolve_backend("auto") == "ctranslate2"
    assert cfg.resolve_backend("transformers") == "transformers"


def _gpus(monkeypatch, torch: int, ct2: int) -> None:
    monkeypatch.setattr(loader, "cuda_device_count", lambda backend: ct2 if backend == "ctranslate2" else torch)
    monkeypatch.setattr(cfg, "cuda_device_count", lambda backend: ct2 if backend == "ctranslate2" else torch)


def test_translate_config_auto_device_follows_the_gpu(monkeypatch):
    _gpus(monkeypatch, torch=0, ct2=0)
    assert loader.choose_backend_and_device(TranslationConfig(backend="transformers")) == ("transformers", "cpu")
    _gpus(monkeypatch, torch=1, ct2=0)
    assert loader.choose_backend_and_device(TranslationConfig(backend="transformers")) == ("transformers", "cuda")


def test_translate_config_cuda_without_gpu_fails_at_once_in_one_line(monkeypatch):
    _gpus(monkeypatch, torch=0, ct2=0)
    with pytest.raises(BackendError, match=r"device 'cuda' asked for, but no CUDA GPU is usable .*--device cpu") as err:
        loader.choose_backend_and_device(TranslationConfig(backend="transformers", device="cuda"))
    assert "\n" not in str(err.value)


def test_translate_config_ct2_cuda_library_missing_names_it_and_the_fix(monkeypatch):
    _gpus(monkeypatch, torch=1, ct2=1)
    monkeypatch.setattr(loader, "_load_library", lambda name, package: False)
    with pytest.raises(BackendError, match=r"libcublas\.so\.12 .*pip install nvidia-cublas-cu12.*--backend transformers"):
        loader.choose_backend_and_device(TranslationConfig(backend="ctranslate2", device="cuda"))


def test_translate_config_auto_falls_back_to_transformers_with_a_warning(monkeypatch):
    _gpus(monkeypatch, torch=1, ct2=1)
    monkeypatch.setattr(loader, "resolve_backend", lambda backend: "ctranslate2")
    monkeypatch.setattr(loader, "_load_library", lambda name, package: False)
    with pytest.warns(loader.DeviceWarning, match="using the transformers backend on cuda"):
        assert loader.choose_backend_and_device(TranslationConfig()) == ("transformers", "cuda")


def test_translate_config_ct2_cuda_libraries_present(monkeypatch):
    _gpus(monkeypatch, torch=1, ct2=1)
    monkeypatch.setattr(loader, "_load_library", lambda name, package: True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert loader.choose_backend_and_device(TranslationConfig(backend="ctranslate2", device="cuda:1")) == (
            "ctranslate2", "cuda:1")


def test_translate_config_batches_sized_for_the_device(monkeypatch):
    monkeypatch.setattr(loader, "gpu_memory_gib", lambda device: 80)
    assert loader.batch_limits(TranslationConfig(), "cpu") == {"batch_size": 16, "max_batch_tokens": 4096}
    assert loader.batch_limits(TranslationConfig(), "cuda") == {"batch_size": 256, "max_batch_tokens": 20480}
    assert loader.batch_limits(TranslationConfig(batch_size=8, max_batch_tokens=999), "cuda") == {
        "batch_size": 8, "max_batch_tokens": 999}


def test_translate_config_threads_reach_torch(tiny_marian_dir):
    import torch

    before = torch.get_num_threads()
    wanted = 2 if before == 1 else 1  # not the count torch already has (the tests run with OMP_NUM_THREADS=1)
    try:
        multiling.load_translator(str(tiny_marian_dir), backend="transformers", cache=False, threads=wanted)
        assert torch.get_num_threads() == wanted
    finally:
        torch.set_num_threads(before)


def test_translate_config_float16_on_cpu_is_refused(tiny_marian_dir):
    with pytest.raises(BackendError, match="float16 compute on CPU"):
        multiling.load_translator(str(tiny_marian_dir), backend="transformers", device="cpu", compute_type="float16",
                                  cache=False)


# -- multiling.annotate reuses one pipeline per config ----------------------------------------------------


def test_translate_config_annotate_reuses_the_pipeline(tiny_marian_dir):
    options = {"model": str(tiny_marian_dir), "backend": "transformers", "cache": False, "num_beams": 1}
    first = multiling.annotate("He said «مرحبا بكم» twice.", **options)
    pipeline = shared_pipeline(TranslationConfig.build(**options))
    loaded = dict(pipeline.translator._loaded)
    second = multiling.annotate("He said «مرحبا بكم» twice.", **options)
    assert first.to_dict() == second.to_dict()
    assert pipeline.translator._loaded == loaded  # the model was not loaded again
    assert shared_pipeline(TranslationConfig.build(**options)) is pipeline
    assert shared_pipeline(TranslationConfig.build(**{**options, "num_beams": 2})) is not pipeline


# -- on_model_error ---------------------------------------------------------------------------------------


def test_translate_config_on_model_error_mark_and_raise():
    (gloss,) = Glosser("test-org/no-such-model", offline=True, cache=False).gloss([("مرحبا", "ar")])
    assert gloss.status.value == "no-model"
    with pytest.raises(ModelUnavailableError, match="no-such-model"):
        Glosser("test-org/no-such-model", offline=True, cache=False, on_model_error="raise").gloss([("مرحبا", "ar")])
    pipeline = Pipeline(model="test-org/no-such-model", offline=True, cache=False, on_model_error="raise")
    with pytest.raises(ModelUnavailableError):
        list(pipeline.annotate_many(["He said «مرحبا».", "She said «شكرا»."], on_error="yield"))


# -- a directory that is not a Marian checkpoint ----------------------------------------------------------


@pytest.mark.parametrize("model", ["/etc", "", "   "])
def test_translate_config_not_a_checkpoint_is_an_error(model):
    from multiling.translate import store

    with pytest.raises(ModelUnavailableError):
        store.find_local(model)


@pytest.mark.parametrize("args", [
    ["models", "pull", "/etc"], ["models", "pull", ""], ["models", "path", "/etc"],
    ["translate", "مرحبا", "--src", "ar", "--model", "/etc", "--backend", "transformers", "--no-cache"],
])
def test_translate_config_cli_not_a_checkpoint_exits_3_in_one_line(args):
    from click.testing import CliRunner

    from multiling.cli import main

    done = CliRunner().invoke(main, args)
    assert done.exit_code == 3, done.output
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_translate_config_refused_pickle_is_one_line():
    exc = RuntimeError("Weights only load failed. This file can still be loaded, to do so you have two options\n"
                       "(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument ...\n"
                       "(2) Alternatively, to load with `weights_only=True` please check ...")
    line = one_line(exc)
    assert "\n" not in line and "refuses to run it" in line and "weights_only=False" not in line


# -- a hostile or broken registry file: one [E301] line naming the file and the field, exit 2 -------------

HOSTILE_REGISTRIES = {
    "aliases-list": ('aliases = ["zh", "cmn"]\n', "aliases"),
    "bleu-on-number": ('[[models]]\nlang = "ar"\nid = "a/b"\nbleu_on = 12\n', "models[0].bleu_on"),
    "fallback-number": ("fallback = 123\n", "fallback"),
    "bleu-string": ('[[models]]\nlang = "ar"\nid = "a/b"\nbleu = "high"\n', "models[0].bleu"),
    "lang-missing": ('[[models]]\nid = "a/b"\n', "models[0].lang"),
    "models-table": ('[models]\nlang = "ar"\n', "models"),
    "alias-target-int": ('[aliases]\nzh = 5\n', "aliases.zh"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_REGISTRIES))
def test_translate_config_hostile_registry_is_refused_on_load(name, tmp_path):
    from multiling.errors import RegistryError
    from multiling.translate.registry import load_registry

    body, field = HOSTILE_REGISTRIES[name]
    path = tmp_path / f"{name}.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RegistryError, match=r"\[E301\] model registry .*" + field.replace("[", r"\[").replace("]", r"\]")):
        load_registry(path)


@pytest.mark.parametrize("args", [
    ["models", "list"],
    ["translate", "مرحبا", "--src", "ar", "--no-cache"],
    ["annotate", "-", "--format", "inline", "--no-cache"],
])
def test_translate_config_cli_broken_registry_exits_2_in_one_line(args, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from multiling.cli import main

    path = tmp_path / "registry.toml"
    path.write_bytes(b'fallback = "\xff\xfe"\n')
    monkeypatch.setenv("MULTILING_REGISTRY", str(path))
    done = CliRunner().invoke(main, args, input="He said «مرحبا».\n")
    assert done.exit_code == 2, done.output
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "[E301]" in lines[0] and str(path) in lines[0] and "not UTF-8" in lines[0]


def test_translate_config_lone_surrogate_inside_a_span_is_glossed_without_it(tiny_marian_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTILING_CACHE_DIR", str(tmp_path))  # the cache must not be what fails
    glosser = Glosser(str(tiny_marian_dir), backend="transformers", num_beams=1, cache=True)
    (gloss,) = glosser.gloss([("مرحبا \ud83d بكم", "ar")])
    assert gloss.status.value == "ok" and "dropped-lone-surrogate" in gloss.flags
    assert gloss.text == glosser.gloss([("مرحبا  بكم", "ar")])[0].text


def test_translate_config_cli_warning_is_one_line_without_source(tiny_marian_dir, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from multiling.cli import main

    (tmp_path / "translations.sqlite3").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("MULTILING_CACHE_DIR", str(tmp_path))
    done = CliRunner().invoke(main, ["translate", "مرحبا", "--src", "ar", "--model", str(tiny_marian_dir),
                                     "--backend", "transformers", "--beam", "1"])
    lines = done.stderr.strip().splitlines()
    assert lines and lines[0].startswith("multiling: warning: translation cache") and "turned off" in lines[0]
    assert not any("warn(" in line or ".py:" in line for line in lines), done.stderr


@pytest.mark.parametrize("device, code, message", [
    ("cuda", 3, "no CUDA GPU"),  # this machine's torch and ctranslate2 see none
    ("gpu", 2, "unknown device 'gpu'"),
])
def test_translate_config_cli_unusable_device_fails_up_front(device, code, message):
    from click.testing import CliRunner

    from multiling.cli import main

    pytest.importorskip("torch")
    from multiling.translate.config import cuda_device_count

    if cuda_device_count("transformers") or cuda_device_count("ctranslate2"):
        pytest.skip("a GPU is present")
    done = CliRunner().invoke(main, ["annotate", "-", "--format", "inline", "--device", device, "--no-cache"],
                              input="He said «مرحبا» and «شكرا».\n")
    assert done.exit_code == code, done.output
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr
