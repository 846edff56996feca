"""``load_translator``: a model id, directory or language → a ready :class:`Translator`."""

from __future__ import annotations

import ctypes
import logging
import warnings
from pathlib import Path
from typing import Any

from multiling.errors import BackendError, ConfigError, ModelUnavailableError
from multiling.translate.base import Translator
from multiling.translate.config import TranslationConfig, cuda_device_count, resolve_backend, resolve_device

log = logging.getLogger("multiling.translate")

#: The CUDA libraries ctranslate2 4.x wheels load on first use, and where pip puts them.
CT2_CUDA_LIBRARIES = (("libcublas.so.12", "nvidia.cublas"), ("libcublasLt.so.12", "nvidia.cublas"))


class DeviceWarning(UserWarning):
    """``backend="auto"`` could not use ctranslate2 on the GPU and fell back to transformers."""


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


def load_translator(model: str | None = None, *, config: TranslationConfig | None = None, **options: Any) -> Translator:
    """Load a MarianMT translator into English.

    Args:
        model: Hugging Face model id or a local checkpoint directory (for ``ctranslate2`` also a directory
            converted by ``multiling models convert``). ``None``: ``config.model``, else the registry's model
            for ``src``.
        config: a :class:`~multiling.translate.config.TranslationConfig`; ``options`` override its fields.
        **options: :class:`~multiling.translate.config.TranslationConfig` fields (``src``, ``backend``
            ``auto``/``transformers``/``ctranslate2``, ``device`` ``auto``/``cpu``/``cuda[:N]``, ``compute_type``,
            ``profile``, ``offline``, ``cache``, ``batch_size``, ``max_batch_tokens``, ``threads``) and decoding
            options (``num_beams=4``, ``no_repeat_ngram_size=5`` ...).

    Returns:
        A translator with ``model_id``, ``revision``, ``signature`` (naming the backend, device and compute
        type actually used), ``max_input_tokens``, ``count_tokens`` and ``translate(list[str]) -> list[str]``.

    Raises:
        ConfigError: an unknown option or value, or neither ``model`` nor ``src``.
        ModelUnavailableError: the model is not on disk and cannot be downloaded (offline), or a directory
            that is not a Marian checkpoint.
        BackendError: the model, its backend or the device cannot be used (the message says what to do).
    """
    config = TranslationConfig.build(config, **options)
    model = model if model is not None else config.model
    if model is None:
        if config.src is None:
            raise ConfigError("load_translator needs a model (Hugging Face id or directory) or a source language src=")
        model, _ = model_for_language(config.src, config.profile)
    backend, device = choose_backend_and_device(config)
    translator = _load(model, config, backend, device)
    if config.cache:
        from multiling.translate.cache import CachedTranslator

        translator = CachedTranslator(translator)
    return translator


def choose_backend_and_device(config: TranslationConfig) -> tuple[str, str]:
    """The backend and device ``config`` asks for, resolved on this machine and checked before any model loads.

    ``auto`` backend: ctranslate2 when installed, else transformers; ``auto`` device: CUDA when the backend
    sees a GPU. With ``backend="auto"``, a GPU that ctranslate2 cannot use (its CUDA libraries missing) falls
    back to transformers with a :class:`DeviceWarning`.

    Raises:
        BackendError: CUDA asked for but not usable, with the fix in the message.
    """
    backend = resolve_backend(config.backend)
    device = resolve_device(config.device, backend)
    if config.backend == "auto" and backend == "ctranslate2" and config.device == "auto" and device == "cpu" \
            and cuda_device_count("transformers") > 0:
        device = "cuda"  # torch sees a GPU that a CPU-only ctranslate2 build does not
    if device.startswith("cuda"):
        if backend == "ctranslate2":
            try:
                check_ct2_cuda()
            except BackendError as exc:
                if config.backend != "auto" or cuda_device_count("transformers") == 0:
                    raise
                warnings.warn(f"{exc.message}; using the transformers backend on {device} instead", DeviceWarning,
                              stacklevel=3)
                backend = "transformers"
        if backend == "transformers" and cuda_device_count("transformers") == 0:
            raise BackendError(_no_gpu_message(device))
    return backend, device


def _no_gpu_message(device: str) -> str:
    try:
        import torch

        build = f"torch {torch.__version__} built {'with CUDA ' + torch.version.cuda if torch.version.cuda else 'for CPU only'}"
    except ImportError:  # pragma: no cover - torch is a core dependency
        build = "torch is not installed"
    return f"device {device!r} asked for, but no CUDA GPU is usable ({build}); use --device cpu (or device='auto')"


def check_ct2_cuda() -> None:
    """Load now the CUDA libraries ctranslate2 needs on a GPU, so that a missing one fails at load, once.

    A library pip installed (``nvidia-cublas-cu12``) but not on the loader's path is loaded from its
    package directory, which makes it available to ctranslate2 too.

    Raises:
        BackendError: ctranslate2 sees no GPU, or a library cannot be loaded: names it and the fix.
    """
    if cuda_device_count("ctranslate2") == 0:
        raise BackendError("ctranslate2 sees no CUDA GPU (a CPU-only build, or no driver); "
                           "use --backend transformers or --device cpu")
    for name, package in CT2_CUDA_LIBRARIES:
        if not _load_library(name, package):
            raise BackendError(f"ctranslate2 needs {name} for CUDA and it cannot be loaded; "
                               f"pip install nvidia-cublas-cu12, or use --backend transformers")


def _load_library(name: str, package: str) -> bool:
    try:
        ctypes.CDLL(name, mode=ctypes.RTLD_GLOBAL)
        return True
    except OSError:
        pass
    try:
        import importlib

        module = importlib.import_module(package)
    except ImportError:
        return False
    for folder in getattr(module, "__path__", []):
        candidate = Path(folder) / "lib" / name
        if candidate.is_file():
            try:
                ctypes.CDLL(str(candidate), mode=ctypes.RTLD_GLOBAL)
                return True
            except OSError:
                return False
    return False


def _load(model: str, config: TranslationConfig, backend: str, device: str) -> Translator:
    from multiling.translate import store
    from multiling.translate.convert import convert as convert_to_ct2

    limits = batch_limits(config, device)
    if backend == "transformers":
        from multiling.translate.marian import TransformersTranslator

        local = store.resolve(model, offline=config.offline)
        return TransformersTranslator(local, config.decoding, device=device, compute_type=config.compute_type,
                                      threads=config.threads, **limits)
    from multiling.translate.marian import CTranslate2Translator

    as_path = Path(model).expanduser()
    if store.is_ct2_dir(as_path):
        local, ct2_path = store.local_ct2(as_path), as_path
    else:
        local = store.resolve(model, offline=config.offline)
        ct2_path = store.ct2_dir(local)
        if not store.is_ct2_dir(ct2_path):
            log.info("converting %s to ctranslate2 in %s (once)", local.model_id, ct2_path)
            convert_to_ct2(local, ct2_path)
    return CTranslate2Translator(ct2_path, local, config.decoding, device=device, compute_type=config.compute_type,
                                 intra_threads=config.threads, model_max=store.ct2_max_positions(ct2_path), **limits)


def batch_limits(config: TranslationConfig, device: str) -> dict[str, int]:
    """Sentences and source tokens per batch: the config's, else sized for the device.

    CPU: 16 sentences, 4096 tokens. CUDA: up to 256 sentences under a token budget of 256 tokens per GiB of
    GPU memory (4096 to 32768), so that a large GPU gets batches large enough to keep it busy.
    """
    if not device.startswith("cuda"):
        return {"batch_size": config.batch_size or 16, "max_batch_tokens": config.max_batch_tokens or 4096}
    budget = config.max_batch_tokens
    if budget is None:
        budget = max(4096, min(32768, 256 * gpu_memory_gib(device)))
    return {"batch_size": config.batch_size or 256, "max_batch_tokens": budget}


def gpu_memory_gib(device: str) -> int:
    """Total memory of the CUDA ``device`` in GiB as torch reports it (16 when torch cannot say)."""
    try:
        import torch

        index = int(device.partition(":")[2] or 0)
        return int(torch.cuda.get_device_properties(index).total_memory // (1 << 30))
    except Exception:  # noqa: BLE001 - no torch CUDA: a middle-sized default
        return 16
