"""Where models live: resolve a model id (or a directory) to a local checkpoint, and where conversions go.

Downloading is :mod:`multiling.translate.hub`; converting to ctranslate2 is :mod:`multiling.translate.convert`.

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
from dataclasses import dataclass
from pathlib import Path

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
    from multiling.translate.hub import pull

    return pull(model)


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
