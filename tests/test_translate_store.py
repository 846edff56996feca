"""Model store: local resolution order, revisions, offline errors, models list/path (no network)."""

from __future__ import annotations

import shutil

import pytest

from multiling.errors import ModelUnavailableError
from multiling.translate import manage, store


def test_translate_store_directory_wins(tiny_marian_dir):
    local = store.resolve(str(tiny_marian_dir), offline=True)
    assert local.path == tiny_marian_dir and local.source == "directory"
    assert local.revision == store.directory_revision(tiny_marian_dir)


def test_translate_store_finds_id_in_multiling_models(tiny_marian_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTILING_MODELS", str(tmp_path))
    shutil.copytree(tiny_marian_dir, tmp_path / "Helsinki-NLP--opus-mt-ar-en")
    local = store.resolve("Helsinki-NLP/opus-mt-ar-en", offline=True)
    assert local.source == "store" and local.model_id == "Helsinki-NLP/opus-mt-ar-en"
    assert local.revision == store.directory_revision(tiny_marian_dir)  # same bytes, same checksum
    assert manage.model_path("ar", profile="fast") == tmp_path / "Helsinki-NLP--opus-mt-ar-en"
    listed = {row["model"]: row["local"] for row in manage.list_models()}
    assert listed["Helsinki-NLP/opus-mt-ar-en"] == str(tmp_path / "Helsinki-NLP--opus-mt-ar-en")
    assert listed["Helsinki-NLP/opus-mt-tc-big-ar-en"] is None


def test_translate_store_finds_id_in_hf_cache(tiny_marian_dir, tmp_path, monkeypatch):
    hub = tmp_path / "hub"
    monkeypatch.setenv("HF_HUB_CACHE", str(hub))
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(hub))
    repo = hub / "models--Helsinki-NLP--opus-mt-ar-en"
    commit = "0123456789abcdef0123456789abcdef01234567"
    shutil.copytree(tiny_marian_dir, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    local = store.find_local("Helsinki-NLP/opus-mt-ar-en")
    assert local is not None and local.source == "hf-cache" and local.revision == commit


def test_translate_store_offline_missing_names_model_and_command():
    with pytest.raises(ModelUnavailableError) as info:
        store.resolve("Helsinki-NLP/opus-mt-zh-en", offline=True)
    message = str(info.value)
    assert message.startswith("[E400]")
    assert "Helsinki-NLP/opus-mt-zh-en" in message and "multiling models pull Helsinki-NLP/opus-mt-zh-en" in message
    assert "offline" in message


def test_translate_store_pull_refuses_offline():
    with pytest.raises(ModelUnavailableError, match="offline"):
        manage.pull_model("zh")


@pytest.mark.parametrize("bad", ["./no/such/dir", "not-an-id"])
def test_translate_store_bad_model_names(bad):
    with pytest.raises(ModelUnavailableError, match="not a Hugging Face model id"):
        store.resolve(bad, offline=False)


def test_translate_store_model_for_unknown_language():
    with pytest.raises(ModelUnavailableError, match="no model for language 'und'"):
        manage.model_id_for("und")


def test_translate_store_path_ct2_missing(tiny_marian_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTILING_MODELS", str(tmp_path))  # an empty store: no conversion yet
    with pytest.raises(ModelUnavailableError, match="models convert"):
        manage.model_path(str(tiny_marian_dir), backend="ctranslate2")


def test_translate_store_concurrent_conversions_share_one_result(tiny_marian_dir, tmp_path):
    """Three processes start together on one store: the file lock lets one convert; all get a valid model."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    pytest.importorskip("ctranslate2")
    out = tmp_path / "ct2"
    script = ("import sys; from pathlib import Path; from multiling.translate import store; "
              "from multiling.translate.convert import convert; p = convert(store.find_local(sys.argv[1]), Path(sys.argv[2])); print(store.is_ct2_dir(p))")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tiny_marian_dir), str(out)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [proc.communicate(timeout=300) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], [err for _, err in results]
    assert [stdout.strip() for stdout, _ in results] == ["True"] * 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ct2")) == ["ct2", "ct2.lock"]
