"""Where models live: resolve a model id to a local directory, fetch it, convert it.

Resolution order for a model id (``Helsinki-NLP/opus-mt-ar-en``):

1. an existing directory given as the model (``--model ./my-model``);
2. the multiling store: ``$MULTILING_MODELS`` if set, else ``<user data dir>/multiling/models``,
   then ``models/`` of the source checkout — each holding ``<org>--<name>/`` directories;
3. the Hugging Face cache (``HF_HOME`` / ``HF_HUB_CACHE``);
4. the Hub, with a progress bar on stderr — unless offline (``HF_HUB_OFFLINE=1`` or ``--offline``),
   in which case :class:`~multiling.errors.ModelUnavailableError` names the model and the command
   that fetches it.

Never ``trust_remote_code``; safetensors weights are preferred wherever a model has them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multiling.errors import ModelUnavailableError

MODELS_ENV = "MULTILING_MODELS"
META_FILE = "multiling.json"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "target_vocab.json", "tokenizer_config.json",
                   "special_tokens_map.json")
# What `pull` downloads: configs and tokenizers, plus safetensors weights where the repo has them.
BASE_PATTERNS = ["config.json", "generation_config.json", *TOKENIZER_FILES, "README.md"]


@dataclass(frozen=True, slots=True)
class LocalModel:
    """A model found on disk.

    Attributes:
        path: the checkpoint directory.
        model_id: the Hub id it came from, or the directory's absolute path when unknown.
        revision: the Hub commit hash, or ``sha256:<12 hex>`` checksum of a local directory.
        source: where it was found: ``directory``, ``store``, ``hf-cache`` or ``hub``.
    """

    path: Path
    model_id: str
    revision: str
    source: str


def env_offline(offline: bool | None = None) -> bool:
    """``offline`` if given, else whether ``HF_HUB_OFFLINE`` is set to a true value."""
    if offline is not None:
        return offline
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def store_dirs() -> list[Path]:
    """The multiling store directories searched, in order (existing or not)."""
    dirs = []
    override = os.environ.get(MODELS_ENV)
    if override:
        dirs.append(Path(override).expanduser())
    else:
        import platformdirs

        dirs.append(Path(platformdirs.user_data_dir("multiling")) / "models")
    dirs.append(Path(__file__).resolve().parents[2] / "models")
    return dirs


def store_name(model_id: str) -> str:
    """Directory name of a model id inside a store (``org/name`` → ``org--name``)."""
    return model_id.strip("/").replace("/", "--")


def is_checkpoint(path: Path) -> bool:
    """True if ``path`` holds a Transformers Marian checkpoint (config, weights, tokenizer)."""
    return (path / "config.json").is_file() and any((path / w).is_file() for w in WEIGHT_FILES) and (
        path / "source.spm"
    ).is_file()


def directory_revision(path: Path) -> str:
    """A checksum of a local checkpoint: its config and tokenizer files, weights by size and edges.

    Cheap (reads ~2 MiB of weights however big they are) and the same for byte-identical copies.
    """
    digest = hashlib.sha256()
    for name in sorted(os.listdir(path)):
        file = path / name
        if not file.is_file() or name == META_FILE:
            continue
        digest.update(name.encode() + b"\0")
        size = file.stat().st_size
        digest.update(str(size).encode() + b"\0")
        with open(file, "rb") as handle:
            if size <= 2 << 20:
                digest.update(handle.read())
            else:
                digest.update(handle.read(1 << 20))
                handle.seek(-(1 << 20), os.SEEK_END)
                digest.update(handle.read())
    return "sha256:" + digest.hexdigest()[:12]


def read_meta(path: Path) -> dict:
    """What ``multiling.json`` in ``path`` records (source model id, revision...); ``{}`` when absent or unreadable."""
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_meta(path: Path, model_id: str, revision: str, **extra: object) -> None:
    """Record where a directory came from (``multiling.json``), so its signature names the Hub model."""
    meta = {"model": model_id, "revision": revision, **extra}
    (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _local(path: Path, source: str, model_id: str | None = None) -> LocalModel:
    meta = read_meta(path)
    return LocalModel(
        path=path,
        model_id=meta.get("model") or model_id or str(path.resolve()),
        revision=meta.get("revision") or directory_revision(path),
        source=source,
    )


def find_local(model: str) -> LocalModel | None:
    """Look for ``model`` (an id or a directory) on disk without touching the network.

    Returns:
        The model, or ``None`` if it is in no store and not in the Hugging Face cache.
    """
    as_path = Path(model).expanduser()
    if not model.strip():
        raise ModelUnavailableError(model, "an empty name is neither a model id nor a directory", "multiling models list")
    if as_path.is_dir():
        if not is_checkpoint(as_path):
            raise ModelUnavailableError(
                model, f"{as_path} is a directory but not a Marian checkpoint (it needs config.json, "
                       f"{' or '.join(WEIGHT_FILES)} and source.spm)", "multiling models list")
        return _local(as_path, "directory")
    for store in store_dirs():
        candidate = store / store_name(model)
        if is_checkpoint(candidate):
            return _local(candidate, "store", model)
    return _find_in_hf_cache(model)


def _find_in_hf_cache(model_id: str) -> LocalModel | None:
    if model_id.count("/") != 1:
        return None
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - huggingface_hub is a core dependency
        return None
    try:
        config = try_to_load_from_cache(model_id, "config.json")
    except Exception:  # noqa: BLE001 - an invalid repo id, an unreadable cache: treat as not cached
        return None
    if not isinstance(config, str):
        return None
    snapshot = Path(config).parent
    if not is_checkpoint(snapshot):
        return None
    return LocalModel(path=snapshot, model_id=model_id, revision=snapshot.name, source="hf-cache")


def searched_places(model: str) -> str:
    """A readable list of where :func:`find_local` looked, for error messages."""
    places = [str(d / store_name(model)) for d in store_dirs()]
    return ", ".join(places) + ", the Hugging Face cache"


def resolve(model: str, *, offline: bool | None = None) -> LocalModel:
    """A local directory for ``model``, downloading it first if allowed.

    Args:
        model: Hugging Face model id or a local directory.
        offline: forbid downloads; default from ``HF_HUB_OFFLINE``.

    Returns:
        The model on disk.

    Raises:
        ModelUnavailableError: if it is not on disk and cannot or may not be downloaded.
    """
    found = find_local(model)
    if found is not None:
        return found
    if Path(model).expanduser().exists() or model.startswith((".", "/", "~")) or model.count("/") != 1:
        raise ModelUnavailableError(model, "no such directory and not a Hugging Face model id (org/name)",
                                    "multiling models list")
    if env_offline(offline):
        raise ModelUnavailableError(
            model, f"offline mode is on (HF_HUB_OFFLINE=1 or --offline) and it is not in {searched_places(model)}"
        )
    return pull(model)


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


def ct2_dir(local: LocalModel) -> Path:
    """Where the ctranslate2 conversion of ``local`` lives (first store directory, keyed by revision)."""
    revision = local.revision.replace("sha256:", "")[:12]
    is_hub_id = local.model_id.count("/") == 1 and not Path(local.model_id).is_absolute()
    name = store_name(local.model_id) if is_hub_id else local.path.name
    return store_dirs()[0] / "ct2" / f"{name}--{revision}"


def is_ct2_dir(path: Path) -> bool:
    """True if ``path`` holds a ctranslate2 model converted by :func:`convert`."""
    return (path / "model.bin").is_file() and (path / "tokenizer" / "source.spm").is_file()


def local_ct2(path: Path) -> LocalModel:
    """A converted directory given as the model: named by the source model and revision it records."""
    meta = read_meta(path)
    return LocalModel(path, meta.get("model", str(path.resolve())), meta.get("revision") or directory_revision(path),
                      "directory")


def ct2_max_positions(path: Path) -> int:
    """The longest source, in tokens, of the model converted into ``path`` (recorded at conversion; 512 if not)."""
    return int(read_meta(path).get("max_position_embeddings", 512))


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
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        raise BackendError("ctranslate2 is not installed; install the fast extra: pip install 'multiling[fast]'") from None
    from filelock import FileLock

    out.parent.mkdir(parents=True, exist_ok=True)
    # Several processes starting together on one model store: one converts, the others wait and reuse its result.
    with FileLock(str(out.with_name(out.name + ".lock"))):
        if is_ct2_dir(out) and not force:
            return out
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
