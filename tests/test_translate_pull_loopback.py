"""`multiling models pull` end to end against a loopback fake Hub (tests/fake_hub.py), never the network.

The CLI runs in a subprocess with ``HF_ENDPOINT`` pointing at the fake Hub, so huggingface_hub's real client
code (model_info, the tree listing, HEAD/GET /resolve) does the download. Every proxy variable points at a
closed loopback port (``NO_PROXY`` exempts only 127.0.0.1), so a request to any other host fails instead of
leaving the machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fake_hub import FakeHub, serve_fake_hub

from multiling.errors import BackendError
from multiling.translate import load_translator, store

pytestmark = pytest.mark.slow

MODEL = "fake-org/opus-mt-xx-en"
BIN_MODEL = "fake-org/opus-mt-bin-en"
EVIL_MODEL = "fake-org/opus-mt-evil-en"
TEXTS = ["في يوم الاثنين، أعلن علماء", "مرحبا", "كلية الطب بجامعة"]
# What pull takes from a repo with safetensors: configs, tokenizer, README, model.safetensors — nothing else.
WANTED = {"config.json", "generation_config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json",
          "tokenizer_config.json", "special_tokens_map.json", "README.md"}
_ROUTE = re.compile(r"^/api/models/fake-org/[^/]+(/revision/[^/]+|/tree/[0-9a-f]{40})?$"
                    r"|^/fake-org/[^/]+/resolve/[0-9a-f]{40}/[^/]+$")


def _bin_weights(source: Path, target: Path, payload: object | None = None) -> Path:
    """``source`` with its safetensors weights re-saved as a (pickled) pytorch_model.bin."""
    import torch
    from safetensors.torch import load_file

    shutil.copytree(source, target)
    state = load_file(target / "model.safetensors")
    torch.save(state if payload is None else payload, target / "pytorch_model.bin")
    (target / "model.safetensors").unlink()
    return target


class _MakesDirectory:
    """A pickle that runs ``os.mkdir(path)`` when loaded — what a weights-only loader must refuse."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self) -> tuple:
        return (os.mkdir, (self.path,))


@pytest.fixture(scope="module")
def repos(tiny_marian_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fake-hub-repos")
    full = root / "full"
    shutil.copytree(tiny_marian_dir, full)
    (full / "README.md").write_text("---\nlicense: cc-by-4.0\n---\n# tiny\n", encoding="utf-8")
    _bin_weights(tiny_marian_dir, root / "bin-copy")
    shutil.copyfile(root / "bin-copy" / "pytorch_model.bin", full / "pytorch_model.bin")  # both formats: take safetensors
    (full / "rust_model.ot").write_bytes(b"\0" * 64)  # not in the allow patterns
    evil_marker = root / "evil-ran"
    return {
        MODEL: full,
        BIN_MODEL: root / "bin-copy",
        EVIL_MODEL: _bin_weights(tiny_marian_dir, root / "evil", payload={"x": _MakesDirectory(evil_marker)}),
        "evil-marker": evil_marker,
    }


@pytest.fixture(scope="module")
def expected(tiny_marian_dir: Path) -> list[str]:
    """Glosses of TEXTS by the source checkpoint, loaded from its directory."""
    return load_translator(str(tiny_marian_dir), cache=False, num_beams=1).translate(TEXTS)


def _env(hub: FakeHub, tmp: Path, *, store_dir: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HF_", "HUGGINGFACE_", "MULTILING_MODELS", "TRANSFORMERS_"))
           and k.lower() not in {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}}
    dead = "http://127.0.0.1:9"  # discard port: anything not exempted by NO_PROXY is refused at once
    env.update(HF_ENDPOINT=hub.url, HF_HOME=str(tmp / "hf-home"), HF_HUB_OFFLINE="0", TRANSFORMERS_OFFLINE="0",
               HF_HUB_DISABLE_TELEMETRY="1", XDG_DATA_HOME=str(tmp / "xdg-data"),
               HTTP_PROXY=dead, HTTPS_PROXY=dead, ALL_PROXY=dead, NO_PROXY="127.0.0.1")
    if store_dir is not None:
        env["MULTILING_MODELS"] = str(store_dir)
    return env


def _pull(hub: FakeHub, tmp: Path, *args: str, store_dir: Path | None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from multiling.cli import main; main()", "models", "pull", *args]
    return subprocess.run(command, check=False, env=_env(hub, tmp, store_dir=store_dir), capture_output=True,
                          text=True, timeout=60)


def _assert_loopback_only(hub: FakeHub) -> None:
    host = hub.url.removeprefix("http://")
    assert {r.host for r in hub.requests} == {host}
    assert all(_ROUTE.match(r.path) for r in hub.requests), [r.path for r in hub.requests]


def _loads_like_source(model: str, expected: list[str]) -> None:
    translator = load_translator(model, cache=False, num_beams=1)  # HF_HUB_OFFLINE=1 (conftest)
    assert translator.model_id == model
    assert translator.translate(TEXTS) == expected


def test_pull_into_store_then_load_offline(repos, expected, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    with serve_fake_hub({MODEL: repos[MODEL]}) as hub:
        result = _pull(hub, tmp_path, MODEL, store_dir=store_dir)
        assert result.returncode == 0, result.stderr
        target = store_dir / "fake-org--opus-mt-xx-en"
        assert result.stdout.strip() == str(target)
        assert "Fetching 9 files" in result.stderr  # huggingface_hub's progress bar, also without a tty
        _assert_loopback_only(hub)
        fetched = {r.path.rsplit("/", 1)[-1] for r in hub.requests if r.method == "GET" and "/resolve/" in r.path}
        assert fetched == WANTED  # never pytorch_model.bin (safetensors exists) nor files outside the patterns
        assert not [r for r in hub.requests if "pytorch_model.bin" in r.path]
        sha = hub.repos[MODEL]
        for name in WANTED:
            assert (target / name).read_bytes() == (repos[MODEL] / name).read_bytes(), name
        assert not (target / "pytorch_model.bin").exists()
        assert json.loads((target / "multiling.json").read_text()) == {"model": MODEL, "revision": sha}
        assert sorted(p.name for p in store_dir.iterdir()) == [target.name]  # no staging directory left

        seen = len(hub.requests)
        again = _pull(hub, tmp_path, MODEL, store_dir=store_dir)
        assert again.returncode == 0 and again.stdout.strip() == str(target)
        assert len(hub.requests) == seen  # already in the store: no network at all

    monkeypatch.setenv("MULTILING_MODELS", str(store_dir))
    local = store.resolve(MODEL, offline=True)
    assert (local.path, local.source, local.revision) == (target, "store", sha)
    _loads_like_source(MODEL, expected)


def test_pull_into_hf_cache_without_store(repos, expected, tmp_path, monkeypatch):
    with serve_fake_hub({MODEL: repos[MODEL]}) as hub:
        result = _pull(hub, tmp_path, MODEL, store_dir=None)
    assert result.returncode == 0, result.stderr
    sha = hub.repos[MODEL]
    cache = tmp_path / "hf-home" / "hub"
    repo = cache / "models--fake-org--opus-mt-xx-en"
    assert result.stdout.strip() == str(repo / "snapshots" / sha)
    assert (repo / "refs" / "main").read_text() == sha  # what find_local follows; snapshot_download(sha) skips it
    assert {p.name for p in (repo / "snapshots" / sha).iterdir()} == WANTED
    assert not (tmp_path / "xdg-data").exists()  # nothing in the user's store

    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("MULTILING_MODELS", str(tmp_path / "empty-store"))
    local = store.resolve(MODEL, offline=True)
    assert (local.source, local.revision) == ("hf-cache", sha)
    _loads_like_source(MODEL, expected)


def test_pull_unknown_model_exits_3_with_one_line(repos, tmp_path):
    store_dir = tmp_path / "store"
    with serve_fake_hub({MODEL: repos[MODEL]}) as hub:
        result = _pull(hub, tmp_path, "fake-org/no-such-model", store_dir=store_dir)
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("multiling: [E400] model 'fake-org/no-such-model' is not available")
    assert f"{hub.url} has no such model" in lines[0] and "Traceback" not in result.stderr
    assert "check the model id" in lines[0] and "models pull" not in lines[0]  # not "pull it" after a failed pull
    assert result.stdout == ""
    assert [r.path for r in hub.requests] == ["/api/models/fake-org/no-such-model"]
    assert not store_dir.exists() or not any(store_dir.iterdir())


def test_pull_bin_only_repo_loads_weights_only(repos, expected, tmp_path, monkeypatch):
    """No safetensors: pull takes pytorch_model.bin; transformers loads it with torch.load(weights_only=True),
    so plain tensors load and a pickle that would run code is refused (BackendError, nothing run)."""
    store_dir = tmp_path / "store"
    with serve_fake_hub({BIN_MODEL: repos[BIN_MODEL], EVIL_MODEL: repos[EVIL_MODEL]}) as hub:
        for model in (BIN_MODEL, EVIL_MODEL):
            result = _pull(hub, tmp_path, model, store_dir=store_dir)
            assert result.returncode == 0, result.stderr
        _assert_loopback_only(hub)
        assert len(hub.fetched("pytorch_model.bin")) == 2 and not hub.fetched("model.safetensors")
    monkeypatch.setenv("MULTILING_MODELS", str(store_dir))
    assert (store_dir / "fake-org--opus-mt-bin-en" / "pytorch_model.bin").is_file()
    _loads_like_source(BIN_MODEL, expected)
    with pytest.raises(BackendError, match="Weights only load failed"):
        load_translator(EVIL_MODEL, cache=False, num_beams=1)
    assert not repos["evil-marker"].exists()


@pytest.mark.parametrize("faults", [{"vocab.json": "500"}, {"model.safetensors": "drop-then-500"}],
                         ids=["500-on-vocab", "drop-then-500-on-weights"])
def test_pull_failure_exits_3_and_leaves_no_half_model(repos, tmp_path, monkeypatch, faults):
    """Regression: a failed pull used to leave config.json + weights + source.spm in the store, which
    find_local() took for a complete checkpoint (and the loader then failed on the missing tokenizer file)."""
    store_dir = tmp_path / "store"
    (failing,) = faults
    with serve_fake_hub({MODEL: repos[MODEL]}, faults=faults) as hub:
        result = _pull(hub, tmp_path, MODEL, store_dir=store_dir)
        assert result.returncode == 3
        message = [line for line in result.stderr.splitlines() if line.startswith("multiling:")]
        assert len(message) == 1, result.stderr
        assert f"model {MODEL!r} is not available: download failed" in message[0]
        assert "500" in message[0] and failing in message[0]
        assert "Traceback" not in result.stderr
        assert len(hub.fetched("config.json")) == 1  # the other files did arrive, in the staging directory
        assert list(store_dir.iterdir()) == []  # ... which is gone
    monkeypatch.setenv("MULTILING_MODELS", str(store_dir))
    assert store.find_local(MODEL) is None


def test_pull_failure_into_hf_cache_is_not_found(repos, tmp_path, monkeypatch):
    with serve_fake_hub({MODEL: repos[MODEL]}, faults={"vocab.json": "500"}) as hub:
        result = _pull(hub, tmp_path, MODEL, store_dir=None)
    assert result.returncode == 3
    repo = tmp_path / "hf-home" / "hub" / "models--fake-org--opus-mt-xx-en"
    assert (repo / "snapshots" / hub.repos[MODEL] / "config.json").exists()  # the half snapshot is there...
    assert not (repo / "refs" / "main").exists()  # ... but nothing points at it
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf-home" / "hub"))
    monkeypatch.setenv("MULTILING_MODELS", str(tmp_path / "empty-store"))
    assert store.find_local(MODEL) is None


def test_pull_resumes_after_a_dropped_connection(repos, tmp_path):
    store_dir = tmp_path / "store"
    with serve_fake_hub({MODEL: repos[MODEL]}, faults={"model.safetensors": "drop-once"}) as hub:
        result = _pull(hub, tmp_path, MODEL, store_dir=store_dir)
        assert result.returncode == 0, result.stderr
        assert len(hub.fetched("model.safetensors")) == 2  # huggingface_hub retried by itself
    weights = store_dir / "fake-org--opus-mt-xx-en" / "model.safetensors"
    assert weights.read_bytes() == (repos[MODEL] / "model.safetensors").read_bytes()


def test_pull_language_through_the_registry(repos, tmp_path, monkeypatch):
    registry = tmp_path / "registry.toml"
    registry.write_text(f'version = 1\nfallback = "{BIN_MODEL}"\n\n'
                        f'[[models]]\nlang = "ar"\nid = "{MODEL}"\nprofile = "best"\narch = "base"\n', encoding="utf-8")
    store_dir = tmp_path / "store"
    monkeypatch.setenv("MULTILING_REGISTRY", str(registry))  # _env copies os.environ
    with serve_fake_hub({MODEL: repos[MODEL]}) as hub:
        result = _pull(hub, tmp_path, "ar", "--profile", "fast", store_dir=store_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(store_dir / "fake-org--opus-mt-xx-en")
    assert hub.requests[0].path == f"/api/models/{MODEL}"


def test_pull_repo_without_marian_checkpoint_exits_3(repos, tmp_path):
    not_marian = tmp_path / "not-marian"
    not_marian.mkdir()
    shutil.copyfile(repos[MODEL] / "config.json", not_marian / "config.json")
    shutil.copyfile(repos[MODEL] / "model.safetensors", not_marian / "model.safetensors")  # no source.spm
    store_dir = tmp_path / "store"
    with serve_fake_hub({"fake-org/not-marian": not_marian}) as hub:
        result = _pull(hub, tmp_path, "fake-org/not-marian", store_dir=store_dir)
    assert result.returncode == 3
    assert "holds no MarianMT checkpoint" in result.stderr and "Traceback" not in result.stderr
    assert list(store_dir.iterdir()) == []


def test_pull_removes_staging_left_by_a_killed_pull_but_not_a_running_one(repos, tmp_path):
    store_dir = tmp_path / "store"
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                              capture_output=True, text=True)
    abandoned = store_dir / f".fake-org--opus-mt-xx-en.partial-{finished.stdout.strip()}"
    running = store_dir / f".fake-org--opus-mt-xx-en.partial-{os.getpid()}"  # this test process is alive
    for leftover in (abandoned, running):
        leftover.mkdir(parents=True)
        (leftover / "config.json").write_text("{}", encoding="utf-8")
    with serve_fake_hub({MODEL: repos[MODEL]}) as hub:
        assert _pull(hub, tmp_path, MODEL, store_dir=store_dir).returncode == 0
    assert not abandoned.exists() and running.exists()
