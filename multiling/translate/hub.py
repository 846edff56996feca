"""Fetching models from the Hugging Face Hub: all-or-nothing downloads into a store or the Hugging Face cache,
the cache's ``refs`` pointer, and cleanup of staging directories that killed pulls left behind.

Where models are looked up is :mod:`multiling.translate.store`; converting them is :mod:`multiling.translate.convert`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from multiling.errors import ModelUnavailableError
from multiling.translate.store import (
    BASE_PATTERNS,
    MODELS_ENV,
    LocalModel,
    env_offline,
    is_checkpoint,
    store_name,
    write_meta,
)


def pull(model_id: str, *, revision: str | None = None, into: Path | None = None) -> LocalModel:
    """Download a model from the Hub (progress bar on stderr), preferring safetensors weights.

    All or nothing: into a store, the files are downloaded into a hidden staging directory next to
    ``<into>/<org>--<name>`` and renamed into place only once all of them have arrived; into the Hugging Face
    cache, the ``refs/<revision>`` pointer that :func:`find_local` follows is written only then. A failed
    download never leaves a half model where :func:`resolve` would take it for a complete one.

    Args:
        model_id: Hugging Face model id.
        revision: branch, tag or commit; default the main branch.
        into: a store directory to download into (``<into>/<org>--<name>``); default ``$MULTILING_MODELS``
            if set, else the Hugging Face cache.

    Returns:
        The downloaded model.

    Raises:
        ModelUnavailableError: offline, the Hub refused (no such model, no network), or the repo holds no
            Marian checkpoint.
    """
    if env_offline(None):
        raise ModelUnavailableError(model_id, "offline mode is on (HF_HUB_OFFLINE=1), nothing can be downloaded",
                                    f"HF_HUB_OFFLINE=0 multiling models pull {model_id}")
    from huggingface_hub import HfApi, snapshot_download

    if into is None and os.environ.get(MODELS_ENV):
        into = Path(os.environ[MODELS_ENV]).expanduser()
    try:
        info = HfApi().model_info(model_id, revision=revision)
        files = {s.rfilename for s in (info.siblings or [])}
        weights = ["model.safetensors"] if "model.safetensors" in files else ["pytorch_model.bin"]
        sha = str(info.sha)
        kwargs: dict = {"repo_id": model_id, "revision": sha, "allow_patterns": BASE_PATTERNS + weights}
        if into is not None:
            return _pull_into(Path(into), model_id, sha, kwargs, snapshot_download)
        path = Path(snapshot_download(**kwargs))
        _require_checkpoint(model_id, path)
        _write_hf_cache_ref(model_id, revision, sha)
    except ModelUnavailableError:
        raise
    except Exception as exc:  # network, 401/404, disk: one clear line
        reason, advice = _describe_download_error(model_id, exc, revision)
        raise ModelUnavailableError(model_id, f"download failed ({reason})", advice=advice) from exc
    return LocalModel(path, model_id, path.name, "hub")


def _pull_into(into: Path, model_id: str, sha: str, kwargs: dict,
               snapshot_download: Callable[..., str]) -> LocalModel:
    """Download into a staging directory beside ``<into>/<org>--<name>``, then rename it into place."""
    import shutil

    target = into / store_name(model_id)
    staging = into / f".{target.name}.partial-{os.getpid()}"
    into.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(into, target.name)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        snapshot_download(local_dir=staging, **kwargs)
        _require_checkpoint(model_id, staging)
        write_meta(staging, model_id, sha)
        if target.exists():  # a re-pull (another revision): swap, then drop the old copy
            old = into / f".{target.name}.old-{os.getpid()}"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return LocalModel(target, model_id, sha, "hub")


def _remove_abandoned_staging(into: Path, name: str) -> None:
    """Delete staging directories of pulls whose process is gone (killed mid-download): they are never loaded."""
    import shutil

    for leftover in into.glob(f".{name}.partial-*"):
        pid = leftover.name.rpartition("-")[2]
        if pid.isdigit() and int(pid) != os.getpid() and not _process_alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


def _require_checkpoint(model_id: str, path: Path) -> None:
    if not is_checkpoint(path):
        raise ModelUnavailableError(
            model_id, "the Hub repo holds no MarianMT checkpoint (config.json, model.safetensors or pytorch_model.bin, "
            "source.spm)", advice="pick a MarianMT model: `multiling models list` shows the registry's")


def _write_hf_cache_ref(model_id: str, revision: str | None, sha: str) -> None:
    """Point ``refs/<revision>`` of the Hugging Face cache at ``sha`` (``snapshot_download`` given a commit does not)."""
    import re

    from huggingface_hub import constants
    from huggingface_hub.file_download import repo_folder_name

    name = revision or constants.DEFAULT_REVISION
    if re.fullmatch(r"[0-9a-f]{40}", name):
        return  # a commit is its own snapshot; there is no ref to record
    ref = Path(constants.HF_HUB_CACHE) / repo_folder_name(repo_id=model_id, repo_type="model") / "refs" / name
    ref.parent.mkdir(parents=True, exist_ok=True)
    tmp = ref.with_name(f"{ref.name}.tmp{os.getpid()}")
    tmp.write_text(sha, encoding="utf-8")
    os.replace(tmp, ref)


def _describe_download_error(model_id: str, exc: Exception, revision: str | None) -> tuple[str, str]:
    """(what went wrong, what to do) in one line each (huggingface_hub's messages run over several lines)."""
    from huggingface_hub import constants
    from huggingface_hub.errors import (
        GatedRepoError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    if isinstance(exc, GatedRepoError):
        return "the model is gated", "accept its terms on the Hub and log in with `hf auth login`"
    if isinstance(exc, RepositoryNotFoundError):
        return (f"{constants.ENDPOINT} has no such model (or it is private and you are not logged in)",
                "check the model id; `multiling models list` shows the registry's")
    if isinstance(exc, RevisionNotFoundError):
        return f"the model has no revision {revision!r}", "check the revision (a branch, tag or commit)"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (f"{type(exc).__name__}: {lines[0] if lines else repr(exc)}",
            f"fetch it with `multiling models pull {model_id}` once the Hub is reachable (or copy the model "
            f"directory into $MULTILING_MODELS)")
