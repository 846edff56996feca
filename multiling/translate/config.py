"""One frozen, validated translation config: what :class:`~multiling.pipeline.Pipeline`,
:class:`~multiling.translate.Glosser`, :func:`~multiling.translate.load_translator` and the CLI all take.

It is validated once, when built; everything downstream trusts it. ``backend="auto"`` and ``device="auto"``
stay as written here (the config is data, shipped to workers as is) and are resolved on the machine that
loads the model (:func:`resolve_backend`, :func:`resolve_device`); the glosses' signature names what was used.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from multiling.errors import ConfigError
from multiling.translate.decoding import DecodingOptions
from multiling.translate.registry import PROFILES

BACKENDS = ("transformers", "ctranslate2")
#: What ``device=`` accepts: ``auto`` (a GPU when torch or ctranslate2 sees one), ``cpu``, ``cuda``, ``cuda:N``.
DEVICE_RE = re.compile(r"auto|cpu|cuda(?::\d+)?")
#: Compute types each backend accepts (``None`` picks the device's default).
COMPUTE_TYPES = {
    "transformers": ("float32", "float16", "bfloat16"),
    "ctranslate2": ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "float16", "bfloat16", "float32"),
}
MODEL_ERRORS = ("mark", "raise")


@dataclass(frozen=True, slots=True)
class TranslationConfig:
    """How spans are glossed. Frozen and hashable: equal configs share one cached pipeline.

    Attributes:
        model: Hugging Face id or local directory for the spans of ``src`` (every non-English span without
            ``src``); ``None``: the registry chooses per language.
        src: the language ``model`` is for.
        profile: ``best`` or ``fast`` registry models.
        backend: ``auto`` (ctranslate2 when it is installed, else transformers), ``transformers`` or ``ctranslate2``.
        device: ``auto`` (CUDA when torch or ctranslate2 sees a GPU, else CPU), ``cpu``, ``cuda`` or ``cuda:N``.
        compute_type: ``None`` for the device's default (transformers: float32 on CPU, float16 on CUDA;
            ctranslate2: int8 on CPU, float16 on CUDA), or one of :data:`COMPUTE_TYPES`.
        offline: forbid downloads; ``None``: from ``HF_HUB_OFFLINE``.
        cache: read and write the persistent translation cache.
        batch_size: at most this many sentences per model batch; ``None``: 16 on CPU, 256 on CUDA (where
            the token budget is what limits a batch).
        max_batch_tokens: at most this many source tokens per batch; ``None``: 4096 on CPU, sized by the
            GPU's memory on CUDA.
        max_sentence_tokens: longer sentences are cut at clause breaks or spaces (never truncated).
        threads: intra-op threads for torch and ctranslate2 (0: their default); set it when several
            processes share one machine. torch's setting is process-wide.
        on_model_error: ``mark`` gives spans whose model cannot be had the status ``no-model``; ``raise``
            makes the whole call fail with the error instead (a job should stop, not mark every span).
        decoding: beam size, length bound, repetition guard (:class:`DecodingOptions`).
    """

    model: str | None = None
    src: str | None = None
    profile: str = "best"
    backend: str = "auto"
    device: str = "auto"
    compute_type: str | None = None
    offline: bool | None = None
    cache: bool = True
    batch_size: int | None = None
    max_batch_tokens: int | None = None
    max_sentence_tokens: int = 256
    threads: int = 0
    on_model_error: str = "mark"
    decoding: DecodingOptions = field(default_factory=DecodingOptions)

    def __post_init__(self) -> None:
        if self.model is not None and not (isinstance(self.model, str) and self.model.strip()):
            raise ConfigError(f"model must be a Hugging Face id or a directory, got {self.model!r}")
        _choice("profile", self.profile, PROFILES)
        _choice("backend", self.backend, ("auto", *BACKENDS))
        _choice("on_model_error", self.on_model_error, MODEL_ERRORS)
        if not isinstance(self.device, str) or not DEVICE_RE.fullmatch(self.device):
            raise ConfigError(f"unknown device {self.device!r}; use auto, cpu, cuda or cuda:N")
        if self.compute_type is not None:
            allowed = sorted({c for types in COMPUTE_TYPES.values() for c in types}) if self.backend == "auto" \
                else COMPUTE_TYPES[self.backend]
            _choice("compute_type", self.compute_type, tuple(allowed))
        for name in ("batch_size", "max_batch_tokens"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ConfigError(f"{name} must be a positive integer or None, got {value!r}")
        if not isinstance(self.max_sentence_tokens, int) or self.max_sentence_tokens < 8:
            raise ConfigError(f"max_sentence_tokens must be an integer >= 8, got {self.max_sentence_tokens!r}")
        if not isinstance(self.threads, int) or self.threads < 0:
            raise ConfigError(f"threads must be an integer >= 0 (0: the backend's default), got {self.threads!r}")

    @classmethod
    def build(cls, config: "TranslationConfig | None" = None, **options: Any) -> "TranslationConfig":
        """A config from keyword options (decoding options such as ``num_beams`` included), on top of ``config``.

        Raises:
            ConfigError: an unknown option, or a value the config does not accept.
        """
        base = config if config is not None else cls()
        own = {f.name for f in fields(cls)} - {"decoding"}
        mine = {k: v for k, v in options.items() if k in own}
        decoding = {k: v for k, v in options.items() if k not in own}
        if "decoding" in options:
            raise ConfigError("pass decoding options by name (num_beams=4, ...), not as decoding=")
        if decoding:
            merged = {**base.decoding.to_dict(), **decoding}
            mine["decoding"] = DecodingOptions.from_kwargs(**merged)
        return replace(base, **mine) if mine else base

    def loader_options(self) -> dict[str, Any]:
        """The keyword arguments :func:`~multiling.translate.load_translator` takes besides the model."""
        return {"config": self}


def _choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(f"unknown {name} {value!r}; use one of {', '.join(allowed)}")


def resolve_backend(backend: str) -> str:
    """``auto`` → ``ctranslate2`` when it is importable here, else ``transformers``; others unchanged."""
    if backend != "auto":
        return backend
    return "ctranslate2" if importlib.util.find_spec("ctranslate2") is not None else "transformers"


def cuda_device_count(backend: str) -> int:
    """How many CUDA devices ``backend`` sees (0 when its library is missing or built without CUDA)."""
    try:
        if backend == "ctranslate2":
            import ctranslate2

            return int(ctranslate2.get_cuda_device_count())
        import torch

        return int(torch.cuda.device_count()) if torch.cuda.is_available() else 0
    except Exception:  # noqa: BLE001 - a broken CUDA install is "no GPU" for this question
        return 0


def resolve_device(device: str, backend: str) -> str:
    """``auto`` → ``cuda`` when ``backend`` sees a GPU, else ``cpu``; others unchanged."""
    if device != "auto":
        return device
    return "cuda" if cuda_device_count(backend) > 0 else "cpu"
