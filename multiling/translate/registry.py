"""The model registry: which MarianMT model glosses which language (``models/registry.toml``)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from multiling.errors import ConfigError, RegistryError

PROFILES = ("best", "fast")
NEVER_TRANSLATED = frozenset({"en", "und", "zxx"})
REGISTRY_ENV = "MULTILING_REGISTRY"


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """One registry row.

    Attributes:
        lang: the language code it glosses (``mul`` for the multilingual fallback).
        id: Hugging Face model id.
        profile: ``best`` or ``fast``.
        arch: ``base`` or ``big``.
        bleu: published or measured BLEU into English, if known.
        bleu_on: the test set ``bleu`` was measured on.
    """

    lang: str
    id: str
    profile: str
    arch: str = ""
    bleu: float | None = None
    bleu_on: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """The model chosen for a language.

    Attributes:
        entry: the registry row.
        fallback: True when the language has no model of its own and the multilingual one is used.
    """

    entry: ModelEntry
    fallback: bool = False


def default_registry_path() -> Path:
    """``$MULTILING_REGISTRY``, else the registry shipped with the package.

    ``multiling/data/registry.toml`` is a symlink to ``models/registry.toml`` in a checkout and a copy of it in
    an installed wheel, so an editable and a regular install read the same file.
    """
    override = os.environ.get(REGISTRY_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1] / "data" / "registry.toml"


@dataclass(frozen=True)
class Registry:
    """All registry rows plus the aliases and the fallback model.

    Build with :func:`load_registry`.
    """

    entries: tuple[ModelEntry, ...]
    aliases: dict
    fallback: str | None
    path: str
    #: the fallback model's published BLEU per language code (``[fallback_bleu]``), for ``models list --languages``
    fallback_bleu: dict = field(default_factory=dict)

    def normalize(self, lang: str) -> str:
        """Map a code the segmenter emits (``zh-Hant``, ``iw``, ``arb``) onto a registry code."""
        code = lang.strip().replace("_", "-").lower()
        if code in self.aliases:
            return self.aliases[code]
        base = code.split("-", 1)[0]
        return self.aliases.get(base, base)

    def models_for(self, lang: str) -> list[ModelEntry]:
        """The rows of ``lang`` (after :meth:`normalize`), ``best`` first."""
        code = self.normalize(lang)
        rows = [e for e in self.entries if e.lang == code]
        return sorted(rows, key=lambda e: PROFILES.index(e.profile) if e.profile in PROFILES else len(PROFILES))

    def choose(self, lang: str, profile: str = "best") -> Choice | None:
        """The model for ``lang`` in ``profile``.

        Falls back to the other profile, then to the multilingual fallback model. Returns ``None`` for
        ``en``/``und`` and when there is no fallback either.

        Raises:
            ConfigError: for an unknown profile.
        """
        if profile not in PROFILES:
            raise ConfigError(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
        code = self.normalize(lang)
        if code in NEVER_TRANSLATED:
            return None
        rows = self.models_for(code)
        for row in rows:
            if row.profile == profile:
                return Choice(row)
        if rows:
            return Choice(rows[0])
        if self.fallback:
            known = [e for e in self.entries if e.id == self.fallback]
            entry = known[0] if known else ModelEntry(lang="mul", id=self.fallback, profile="fast")
            return Choice(entry, fallback=True)
        return None

    def find_id(self, model_id: str) -> ModelEntry | None:
        """The row of a model id, if registered."""
        for entry in self.entries:
            if entry.id == model_id:
                return entry
        return None

    def languages(self) -> list[str]:
        """Registry language codes, sorted."""
        return sorted({e.lang for e in self.entries})


def load_registry(path: str | Path | None = None) -> Registry:
    """Read a registry TOML file.

    Args:
        path: the file; default :func:`default_registry_path`.

    Raises:
        RegistryError: the file is missing, unreadable, not UTF-8 TOML, or a field has the wrong type (the
            message names the file and the field).
    """
    return _load(str(path or default_registry_path()))


@lru_cache(maxsize=8)
def _load(path: str) -> Registry:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise RegistryError(path, None, f"not found (set {REGISTRY_ENV} to a registry.toml)") from None
    except OSError as exc:
        raise RegistryError(path, None, f"cannot be read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RegistryError(path, None, f"not UTF-8 (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(path, None, f"not valid TOML ({exc})") from None
    rows = _typed(path, "models", data.get("models", []), list, "a list of [[models]] tables")
    entries = [_entry(path, index, row) for index, row in enumerate(rows)]
    aliases: dict[str, str] = {}
    for key, value in _typed(path, "aliases", data.get("aliases", {}), dict, "a table of code = code").items():
        aliases[str(key).lower()] = _typed(path, f"aliases.{key}", value, str, "a language code (string)").lower()
    fallback = data.get("fallback")
    if fallback is not None:
        _typed(path, "fallback", fallback, str, "a Hugging Face model id (string)")
    fallback_bleu: dict[str, float] = {}
    for key, value in _typed(path, "fallback_bleu", data.get("fallback_bleu", {}), dict, "a table of code = BLEU").items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RegistryError(path, f"fallback_bleu.{key}", f"must be a number, got {value!r:.60}")
        fallback_bleu[str(key).lower()] = float(value)
    return Registry(tuple(entries), aliases, fallback, path, fallback_bleu)


def _typed(path: str, field: str, value: Any, kind: type, expected: str) -> Any:
    """``value`` if it is a ``kind`` (a bool is never a number), else a :class:`RegistryError` naming ``field``."""
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise RegistryError(path, field, f"must be {expected}, got {value!r:.60}")
    return value


def _entry(path: str, index: int, row: Any) -> ModelEntry:
    where = f"models[{index}]"
    row = _typed(path, where, row, dict, "a table with lang and id")
    for key in ("lang", "id"):
        if key not in row:
            raise RegistryError(path, f"{where}.{key}", "is missing")
        if not _typed(path, f"{where}.{key}", row[key], str, "a non-empty string").strip():
            raise RegistryError(path, f"{where}.{key}", "must be a non-empty string")
    profile = _typed(path, f"{where}.profile", row.get("profile", "best"), str, "best or fast")
    if profile not in PROFILES:
        raise RegistryError(path, f"{where}.profile", f"must be one of {', '.join(PROFILES)}, got {profile!r}")
    bleu = row.get("bleu")
    if bleu is not None and (isinstance(bleu, bool) or not isinstance(bleu, (int, float))):
        raise RegistryError(path, f"{where}.bleu", f"must be a number, got {bleu!r:.60}")
    bleu_on = row.get("bleu_on")
    if bleu_on is not None:
        _typed(path, f"{where}.bleu_on", bleu_on, str, "a string naming the test set")
    return ModelEntry(lang=row["lang"].lower(), id=row["id"], profile=profile,
                      arch=_typed(path, f"{where}.arch", row.get("arch", ""), str, "base or big"),
                      bleu=None if bleu is None else float(bleu), bleu_on=bleu_on)
