"""Converting a Marian checkpoint to ctranslate2 (the ``fast`` extra), once per model and revision, under a file
lock so that several processes starting together on one store convert it once.

Where conversions live is :func:`multiling.translate.store.ct2_dir`.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

from multiling.translate.store import TOKENIZER_FILES, LocalModel, ct2_dir, is_ct2_dir, write_meta


def convert(local: LocalModel, output: Path | None = None, *, quantization: str = "float16",
            force: bool = False) -> Path:
    """Convert a Marian checkpoint to ctranslate2 (needs the ``fast`` extra).

    Weights are stored in ``quantization`` (float16 by default: half the size of float32, and loadable
    as int8 on CPU or float16 on CUDA — the backend picks the compute type when it loads). The tokenizer
    files are copied into ``<output>/tokenizer`` and ``multiling.json`` records the source model id and
    revision, so glosses name the same model as the transformers backend.

    Args:
        local: the checkpoint (see :func:`resolve`).
        output: target directory; default :func:`ct2_dir`.
        quantization: ctranslate2 weight type (``float16``, ``int8``, ``float32`` ...).
        force: overwrite an existing conversion.

    Returns:
        The converted directory.

    Raises:
        BackendError: if ctranslate2 is missing or the conversion fails.
    """
    from multiling.errors import BackendError

    out = Path(output) if output is not None else ct2_dir(local)
    if is_ct2_dir(out) and not force:
        return out
    if importlib.util.find_spec("ctranslate2") is None:
        raise BackendError("ctranslate2 is not installed; install the fast extra: pip install 'multiling[fast]'")
    from filelock import FileLock

    out.parent.mkdir(parents=True, exist_ok=True)
    # Several processes starting together on one model store: one converts, the others wait and reuse its result
    # (the converter, seconds to import, is imported only by the one that converts).
    with FileLock(str(out.with_name(out.name + ".lock"))):
        if is_ct2_dir(out) and not force:
            return out
        try:
            from ctranslate2.converters import TransformersConverter
        except ImportError as exc:
            raise BackendError(f"ctranslate2 cannot be imported ({exc}); reinstall the fast extra: pip install 'multiling[fast]'") from None
        return _convert_locked(TransformersConverter, local, out, quantization)


def _convert_locked(converter: Any, local: LocalModel, out: Path, quantization: str) -> Path:
    import shutil

    from multiling.errors import BackendError

    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            converter(str(local.path), trust_remote_code=False).convert(
                str(tmp), quantization=quantization, force=True
            )
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BackendError(f"converting {local.model_id} to ctranslate2 failed: {type(exc).__name__}: {exc}") from exc
    finally:
        hf_logging.enable_progress_bar()
    (tmp / "tokenizer").mkdir()
    for name in TOKENIZER_FILES:
        if (local.path / name).is_file():
            shutil.copyfile(local.path / name, tmp / "tokenizer" / name)
    config = json.loads((local.path / "config.json").read_text(encoding="utf-8"))
    write_meta(tmp, local.model_id, local.revision, quantization=quantization,
               max_position_embeddings=config.get("max_position_embeddings", 512))
    if out.exists():
        shutil.rmtree(out)
    os.replace(tmp, out)
    return out
