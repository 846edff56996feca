"""A persistent translation cache: a SQLite file (WAL) and a :class:`Translator` wrapper around it.

The key is a hash of the translator's signature (model id + revision, backend, device, compute type,
decoding options — not the multiling version) plus the exact source text. Several processes may read
and write one file at once. A cache that is corrupt, locked or unwritable turns itself off with a
warning; translation goes on without it — the cache never makes a run fail.

The file is bounded: past ``max_entries`` translations (default 1,000,000, about 200-400 MB; override with
``$MULTILING_CACHE_MAX_ENTRIES``) the oldest-written tenth is evicted. One cache file per machine, on a
local disk: SQLite's WAL mode needs shared memory between the processes, which network filesystems
(NFS, SMB, most cluster filesystems) do not provide — give each machine its own ``$MULTILING_CACHE_DIR``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import warnings
from pathlib import Path
from typing import Any, Iterable

from multiling.translate.base import Progress, Translator, translate_reporting

CACHE_ENV = "MULTILING_CACHE_DIR"
CACHE_FILE = "translations.sqlite3"
MAX_ENTRIES_ENV = "MULTILING_CACHE_MAX_ENTRIES"
DEFAULT_MAX_ENTRIES = 1_000_000
_CHUNK = 400  # SQLite host-parameter limit is 999 in old builds


class CacheWarning(UserWarning):
    """The translation cache was turned off (corrupt, locked or unwritable file)."""


def default_cache_path() -> Path:
    """``$MULTILING_CACHE_DIR/translations.sqlite3``, else the same file in the user cache directory."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser() / CACHE_FILE
    import platformdirs

    return Path(platformdirs.user_cache_dir("multiling")) / CACHE_FILE


def signature_key(signature: dict) -> str:
    """The cache namespace of a translator: a hash of its signature without the multiling version."""
    relevant = {k: v for k, v in signature.items() if k != "multiling"}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _env_max_entries() -> int:
    raw = os.environ.get(MAX_ENTRIES_ENV, "").strip()
    try:
        value = int(raw) if raw else DEFAULT_MAX_ENTRIES
    except ValueError:
        value = DEFAULT_MAX_ENTRIES
    return max(1, value)


class TranslationCache:
    """The SQLite store behind :class:`CachedTranslator`.

    Args:
        path: the database file; default :func:`default_cache_path`. Created with its directory.
        timeout: seconds to wait for another process's write lock before giving up (and warning).
        max_entries: the most translations kept; past it the oldest-written tenth is deleted. Default
            ``$MULTILING_CACHE_MAX_ENTRIES``, else 1,000,000.
    """

    def __init__(self, path: str | Path | None = None, *, timeout: float = 10.0, max_entries: int | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.timeout = timeout
        self.max_entries = max_entries if max_entries is not None else _env_max_entries()
        self._rows: int | None = None  # this process's estimate of the row count (others write too)
        self.enabled = True
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self._lock = threading.Lock()

    def _disable(self, what: str, exc: BaseException) -> None:
        if self.enabled:
            warnings.warn(
                f"translation cache {self.path} turned off ({what}: {exc}); translating without it. "
                f"Delete the file or set {CACHE_ENV} to another directory to start a fresh cache.",
                CacheWarning,
                stacklevel=4,
            )
        self.enabled = False
        self.close()

    def _connect(self) -> sqlite3.Connection | None:
        if not self.enabled:
            return None
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=self.timeout, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " sig TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL,"
                " PRIMARY KEY (sig, source)) WITHOUT ROWID"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS signatures (sig TEXT PRIMARY KEY, signature TEXT NOT NULL)")
            conn.execute("CREATE INDEX IF NOT EXISTS translations_created ON translations (created)")
        except (sqlite3.Error, OSError) as exc:
            self._disable("cannot open", exc)
            return None
        self._conn, self._pid = conn, os.getpid()
        return conn

    def get_many(self, sig: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of ``sources`` under ``sig``; missing ones are absent from the result."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        with self._lock:
            conn = self._connect()
            if conn is None:
                return found
            try:
                for start in range(0, len(wanted), _CHUNK):
                    chunk = wanted[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = conn.execute(
                        f"SELECT source, target FROM translations WHERE sig = ? AND source IN ({marks})", [sig, *chunk]
                    )
                    found.update(rows)
            except sqlite3.Error as exc:
                self._disable("cannot read", exc)
                return {}
        return found

    def put_many(self, sig: str, pairs: dict[str, str], signature: dict | None = None) -> None:
        """Store translations (source → target) under ``sig``, in one transaction."""
        if not pairs:
            return
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            now = time.time()
            try:
                conn.execute("BEGIN IMMEDIATE")
                if signature is not None:
                    conn.execute(
                        "INSERT OR IGNORE INTO signatures VALUES (?, ?)",
                        (sig, json.dumps(signature, sort_keys=True, ensure_ascii=False)),
                    )
                conn.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)",
                    [(sig, s, t, now) for s, t in pairs.items()],
                )
                self._evict_if_full(conn, len(pairs))
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                self._disable("cannot write", exc)

    def _evict_if_full(self, conn: sqlite3.Connection, added: int) -> None:
        """Past ``max_entries`` rows, delete the oldest-written tenth (inside the caller's transaction).

        The row count is counted once per connection and then estimated, so a full count runs only when the
        estimate says the bound may be passed (other processes' writes are caught by that recount).
        """
        if self._rows is None:
            self._rows = int(conn.execute("SELECT count(*) FROM translations").fetchone()[0])
        else:
            self._rows += added
        if self._rows <= self.max_entries:
            return
        self._rows = int(conn.execute("SELECT count(*) FROM translations").fetchone()[0])
        excess = self._rows - self.max_entries
        if excess <= 0:
            return
        drop = excess + self.max_entries // 10
        conn.execute(
            "DELETE FROM translations WHERE (sig, source) IN "
            "(SELECT sig, source FROM translations ORDER BY created, sig, source LIMIT ?)", (drop,)
        )
        self._rows -= drop

    def close(self) -> None:
        """Close the connection (it reopens on next use unless the cache was turned off)."""
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None


class CachedTranslator:
    """A :class:`Translator` that answers from the cache and sends only misses to ``inner``.

    Attributes are those of ``inner`` (``model_id``, ``revision``, ``signature``); ``hits`` and
    ``misses`` count unique texts since creation.
    """

    def __init__(self, inner: Translator, cache: TranslationCache | None = None) -> None:
        self.inner = inner
        self.cache = cache if cache is not None else TranslationCache()
        self.model_id = inner.model_id
        self.revision = inner.revision
        self._sig = signature_key(inner.signature)
        self.hits = 0
        self.misses = 0

    @property
    def signature(self) -> dict:
        """The inner translator's signature."""
        return self.inner.signature

    @property
    def max_input_tokens(self) -> int:
        """The inner translator's input limit."""
        return self.inner.max_input_tokens

    def count_tokens(self, texts: list[str]) -> list[int]:
        """The inner translator's token counts."""
        return self.inner.count_tokens(texts)

    def __getattr__(self, name: str) -> Any:  # backend extras (tokenizer, batches...) of the inner translator
        return getattr(self.inner, name)

    def translate(self, texts: list[str], *, progress: Progress | None = None) -> list[str]:
        """Translate ``texts`` (one string per input, same order), answering from the cache where possible.

        ``progress(n)``: the cached distinct texts at once, then the inner translator's batches as they finish.
        """
        unique = list(dict.fromkeys(texts))
        found = self.cache.get_many(self._sig, unique)
        missing = [t for t in unique if t not in found]
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        if progress is not None and len(unique) > len(missing):
            progress(len(unique) - len(missing))
        if missing:
            fresh = dict(zip(missing, translate_reporting(self.inner, missing, progress)))
            self.cache.put_many(self._sig, fresh, self.inner.signature)
            found.update(fresh)
        return [found[t] for t in texts]
