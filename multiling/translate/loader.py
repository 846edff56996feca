"""``load_translator``: a model id, directory or language → a ready :class:`Translator`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from multiling.errors import ConfigError, ModelUnavailableError
from multiling.translate.base import Translator
from multiling.translate.decoding import DecodingOptions
from multiling.translate.marian import BACKENDS


def model_for_language(src: str, profile: str = "best") -> tuple[str, bool]:
    """The registry's model id for ``src`` and whether it is the multilingual fallback.

    Raises:
        ModelUnavailableError: for ``en``/``und`` or a language with no model and no fallback.
    """
    from multiling.translate.registry import load_registry

    choice = load_registry().choose(src, profile)
    if choice is None:
        raise ModelUnavailableError(src, f"the registry has no model for language {src!r}", "multiling models list")
    return choice.entry.id, choice.fallback


def load_translator(
    model: str | None = None,
    *,
    src: str | None = None,
    backend: str = "transformers",
    device: str = "cpu",
    profile: str = "best",
    offline: bool | None = None,
    cache: bool = True,
    compute_type: str | None = None,
    batch_size: int = 16,
    max_batch_tokens: int = 4096,
    **decoding: Any,
) -> Translator:
    """Load a MarianMT translator into English.

    Args:
        model: Hugging Face model id or a local checkpoint directory (for ``ctranslate2`` also a
            directory converted by ``multiling models convert``). ``None``: the registry picks one for ``src``.
        src: source language code (as the segmenter emits it); used only when ``model`` is ``None``.
        backend: ``transformers`` (default) or ``ctranslate2`` (``multiling[fast]``; converts the checkpoint
            on first use into the model store).
        device: ``cpu``, ``cuda`` or ``cuda:N``.
        profile: ``best`` or ``fast`` — which registry model to pick for ``src``.
        offline: forbid downloads; default from ``HF_HUB_OFFLINE``.
        cache: wrap the translator in the persistent SQLite cache (:mod:`multiling.translate.cache`).
        compute_type: ctranslate2 compute type; default int8 on CPU, float16 on CUDA.
        batch_size: at most this many sentences per batch.
        max_batch_tokens: at most this many padded source tokens per batch.
        **decoding: :class:`~multiling.translate.decoding.DecodingOptions` fields (``num_beams=4``,
            ``no_repeat_ngram_size=5`` ...).

    Returns:
        A translator with ``model_id``, ``revision``, ``signature`` and ``translate(list[str]) -> list[str]``.

    Raises:
        ConfigError: unknown backend or decoding option, or neither ``model`` nor ``src``.
        ModelUnavailableError: the model is not on disk and cannot be downloaded (offline).
        BackendError: the model or its backend failed to load.
    """
    from multiling.translate import store

    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    options = DecodingOptions.from_kwargs(**decoding)
    if model is None:
        if src is None:
            raise ConfigError("load_translator needs a model (Hugging Face id or directory) or a source language src=")
        model, _ = model_for_language(src, profile)
    common = {"batch_size": batch_size, "max_batch_tokens": max_batch_tokens}
    translator: Translator
    if backend == "transformers":
        from multiling.translate.marian import TransformersTranslator

        local = store.resolve(model, offline=offline)
        translator = TransformersTranslator(local, options, device=device, **common)
    else:
        from multiling.translate.marian import CTranslate2Translator

        as_path = Path(model).expanduser()
        if store.is_ct2_dir(as_path):
            meta = store._read_meta(as_path)
            local = store.LocalModel(as_path, meta.get("model", str(as_path.resolve())),
                                     meta.get("revision") or store.directory_revision(as_path), "directory")
            ct2_path = as_path
        else:
            local = store.resolve(model, offline=offline)
            ct2_path = store.ct2_dir(local)
            if not store.is_ct2_dir(ct2_path):
                print(f"multiling: converting {local.model_id} to ctranslate2 in {ct2_path} (once)", file=sys.stderr)
                store.convert(local, ct2_path)
        meta = store._read_meta(ct2_path)
        translator = CTranslate2Translator(ct2_path, local, options, device=device, compute_type=compute_type,
                                           model_max=int(meta.get("max_position_embeddings", 512)), **common)
    if cache:
        from multiling.translate.cache import CachedTranslator

        translator = CachedTranslator(translator)
    return translator
