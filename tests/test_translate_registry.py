"""The model registry (models/registry.toml) and language-code mapping."""

from __future__ import annotations

import pytest

from multiling.errors import ConfigError
from multiling.translate.registry import load_registry


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def test_translate_registry_arabic_profiles(registry):
    rows = registry.models_for("ar")
    assert [(r.id, r.profile, r.bleu) for r in rows] == [
        ("Helsinki-NLP/opus-mt-tc-big-ar-en", "best", 42.6),
        ("Helsinki-NLP/opus-mt-ar-en", "fast", 33.9),
    ]


@pytest.mark.parametrize("code, normal", [
    ("zh-Hans", "zh"), ("zh-Hant", "zh"), ("zh_TW", "zh"), ("cmn", "zh"), ("iw", "he"), ("arz", "ar"),
    ("AR", "ar"), ("fa-IR", "fa"), ("pt-BR", "pt"),
])
def test_translate_registry_normalize(registry, code, normal):
    assert registry.normalize(code) == normal


@pytest.mark.parametrize("lang, expected, fallback", [
    ("ar", "Helsinki-NLP/opus-mt-tc-big-ar-en", False),
    ("ru", "Helsinki-NLP/opus-mt-tc-big-zle-en", False),  # one East Slavic model for be/ru/uk
    ("zh-Hant", "Helsinki-NLP/opus-mt-zh-en", False),  # only a fast model: used for best too
    ("fa", "Helsinki-NLP/opus-mt-mul-en", True),
    ("sw", "Helsinki-NLP/opus-mt-mul-en", True),
])
def test_translate_registry_choose(registry, lang, expected, fallback):
    choice = registry.choose(lang, "best")
    assert (choice.entry.id, choice.fallback) == (expected, fallback)


@pytest.mark.parametrize("lang", ["en", "und", "en-GB"])
def test_translate_registry_never_translates(registry, lang):
    assert registry.choose(lang) is None


def test_translate_registry_unknown_profile(registry):
    with pytest.raises(ConfigError, match="unknown profile"):
        registry.choose("ar", "tiny")


def test_translate_registry_override_and_errors(tmp_path, monkeypatch):
    custom = tmp_path / "r.toml"
    custom.write_text('[[models]]\nlang = "xx"\nid = "me/xx-en"\nprofile = "fast"\n', encoding="utf-8")
    monkeypatch.setenv("MULTILING_REGISTRY", str(custom))
    registry = load_registry()
    assert registry.choose("xx").entry.id == "me/xx-en" and registry.choose("yy") is None
    bad = tmp_path / "bad.toml"
    bad.write_text("[[models]]\nid = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"models\[0\]\.lang: is missing"):
        load_registry(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_registry(tmp_path / "missing.toml")


def test_translate_registry_every_segmenter_language_has_a_model_and_evidence():
    from multiling.translate.manage import language_coverage, segmenter_languages

    rows = {row["lang"]: row for row in language_coverage()}
    assert set(rows) == set(segmenter_languages()) and {"fa", "ckb", "ps", "bn", "si", "ar"} <= set(rows)
    assert all(row["model"] and row["evidence"] for row in rows.values())
    # The Indo-Iranian group model loses to the fallback for Persian, Sorani and Pashto (Tatoeba-test, both cards)
    # and wins for Bengali and Sinhala.
    assert {rows[lang]["model"] for lang in ("fa", "ckb", "ps")} == {"Helsinki-NLP/opus-mt-mul-en"}
    assert {rows[lang]["model"] for lang in ("bn", "si")} == {"Helsinki-NLP/opus-mt-iir-en"}
    assert rows["fa"]["bleu"] == 7.5 and "fallback" in rows["fa"]["evidence"]


def test_translate_registry_fallback_bleu_must_be_numbers(tmp_path):
    from multiling.errors import RegistryError

    bad = tmp_path / "r.toml"
    bad.write_text('[fallback_bleu]\nfa = "low"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match=r"fallback_bleu\.fa: must be a number"):
        load_registry(bad)
