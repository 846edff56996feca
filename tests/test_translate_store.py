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
