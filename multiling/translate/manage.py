"""Model management behind ``multiling models list | pull | convert | path`` (library functions the CLI wraps)."""

from __future__ import annotations

from pathlib import Path

from multiling.errors import ModelUnavailableError
from multiling.translate import convert, hub, store
from multiling.translate.registry import load_registry


def model_id_for(lang_or_id: str, profile: str = "best") -> str:
    """A model id from a language code (via the registry) or an id/directory given as is.

    Raises:
        ModelUnavailableError: for a language code with no model.
    """
    if "/" in lang_or_id or Path(lang_or_id).expanduser().exists():
        return lang_or_id
    choice = load_registry().choose(lang_or_id, profile)
    if choice is None:
        raise ModelUnavailableError(lang_or_id, f"the registry has no model for language {lang_or_id!r}",
                                    "multiling models list")
    return choice.entry.id


def list_models() -> list[dict]:
    """Registry rows with where each model is on disk (``None`` when not downloaded). Never touches the network."""
    rows = []
    for entry in load_registry().entries:
        local = store.find_local(entry.id)
        rows.append({
            "lang": entry.lang, "model": entry.id, "profile": entry.profile, "arch": entry.arch,
            "bleu": entry.bleu, "bleu_on": entry.bleu_on,
            "local": str(local.path) if local else None,
            "ctranslate2": str(store.ct2_dir(local)) if local and store.is_ct2_dir(store.ct2_dir(local)) else None,
        })
    return rows


def segmenter_languages() -> list[str]:
    """Every language code the segmenter can emit (besides ``en``/``und``), sorted."""
    from multiling.chars import SCRIPT_LANGUAGE
    from multiling.segment.langid import ARABIC_SCRIPT_LANGUAGES, NGRAM_LANGUAGES

    codes = set(SCRIPT_LANGUAGE.values()) | ARABIC_SCRIPT_LANGUAGES | NGRAM_LANGUAGES
    return sorted(codes - {"en", "und", "zxx"})


def language_coverage(profile: str = "best") -> list[dict]:
    """For each language the segmenter can emit: the model that glosses it and the evidence for that choice.

    Returns:
        Rows ``{"lang", "model", "fallback", "bleu", "evidence"}``; ``evidence`` names the score's test set and
        source, or says that none is published.
    """
    registry = load_registry()
    rows = []
    for lang in segmenter_languages():
        choice = registry.choose(lang, profile)
        if choice is None:
            rows.append({"lang": lang, "model": None, "fallback": False, "bleu": None,
                         "evidence": "no model and no fallback in the registry"})
            continue
        if choice.fallback:
            bleu = registry.fallback_bleu.get(registry.normalize(lang))
            evidence = ("no model of its own; fallback " + (f"Tatoeba-test BLEU {bleu:.1f} (published, "
                        "opus-mt-mul-en card)" if bleu is not None else "score not published for this language"))
        else:
            bleu = choice.entry.bleu
            evidence = (f"BLEU {bleu:.1f} on {choice.entry.bleu_on}" if bleu is not None and choice.entry.bleu_on
                        else "no published score found (see the model card)")
        rows.append({"lang": lang, "model": choice.entry.id, "fallback": choice.fallback, "bleu": bleu,
                     "evidence": evidence})
    return rows


def pull_model(lang_or_id: str, profile: str = "best", revision: str | None = None) -> store.LocalModel:
    """Download a model (by language or id) unless it is already on disk.

    Raises:
        ModelUnavailableError: offline, unknown language, or the download failed.
    """
    model_id = model_id_for(lang_or_id, profile)
    found = store.find_local(model_id)
    if found is not None and revision is None:
        return found
    return hub.pull(model_id, revision=revision)


def convert_model(lang_or_id: str, *, profile: str = "best", offline: bool | None = None,
                  quantization: str = "float16", output: str | None = None, force: bool = False) -> Path:
    """Convert a model (downloading it first if allowed) to ctranslate2; returns the converted directory."""
    local = store.resolve(model_id_for(lang_or_id, profile), offline=offline)
    return convert.convert(local, Path(output) if output else None, quantization=quantization, force=force)


def model_path(lang_or_id: str, *, profile: str = "best", backend: str = "transformers") -> Path:
    """The local directory of a model (its ctranslate2 conversion for ``backend="ctranslate2"``).

    Raises:
        ModelUnavailableError: not on disk (the message names the pull or convert command).
    """
    from multiling.translate.config import resolve_backend

    backend = resolve_backend(backend)
    model_id = model_id_for(lang_or_id, profile)
    local = store.find_local(model_id)
    if local is None:
        raise ModelUnavailableError(model_id, f"it is not in {store.searched_places(model_id)}")
    if backend == "ctranslate2":
        path = store.ct2_dir(local)
        if not store.is_ct2_dir(path):
            raise ModelUnavailableError(model_id, "it has no ctranslate2 conversion yet",
                                        f"multiling models convert {model_id}")
        return path
    return local.path
