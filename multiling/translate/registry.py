"""The model registry: which MarianMT model glosses which language (``models/registry.toml``)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from multiling.errors import ConfigError

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
        ConfigError: if the file is missing or malformed.
    """
    return _load(str(path or default_registry_path()))


@lru_cache(maxsize=8)
def _load(path: str) -> Registry:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"model registry {path} not found; set {REGISTRY_ENV} to a registry.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"model registry {path} is not valid TOML: {exc}") from None
    entries = []
    for index, row in enumerate(data.get("models", [])):
        try:
            entry = ModelEntry(
                lang=str(row["lang"]).lower(),
                id=str(row["id"]),
                profile=str(row.get("profile", "best")),
                arch=str(row.get("arch", "")),
                bleu=float(row["bleu"]) if "bleu" in row else None,
                bleu_on=row.get("bleu_on"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"model registry {path}: entry {index} is malformed ({exc}); it needs lang and id") from None
        if entry.profile not in PROFILES:
            raise ConfigError(f"model registry {path}: entry {index} has unknown profile {entry.profile!r}")
        entries.append(entry)
    aliases = {str(k).lower(): str(v).lower() for k, v in data.get("aliases", {}).items()}
    return Registry(tuple(entries), aliases, data.get("fallback"), path)
