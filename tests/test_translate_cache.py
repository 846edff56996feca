"""The SQLite translation cache: keys, persistence, several processes, corrupt/locked files."""

from __future__ import annotations

import multiprocessing
import sqlite3
import warnings

import pytest

from multiling.translate.cache import CachedTranslator, CacheWarning, TranslationCache, signature_key


class Counting:
    model_id, revision = "test/count", "r1"

    def __init__(self, backend="b1", beams=4):
        self.seen: list[str] = []
        self._sig = {"model": self.model_id, "revision": self.revision, "backend": backend,
                     "decoding": {"num_beams": beams}, "multiling": "0"}

    @property
    def signature(self):
        return self._sig

    def translate(self, texts):
        self.seen.extend(texts)
        return [f"EN({t})" for t in texts]


def test_translate_cache_hits_skip_the_model(tmp_path):
    path = tmp_path / "c.sqlite3"
    first = Counting()
    assert CachedTranslator(first, TranslationCache(path)).translate(["a", "b", "a"]) == ["EN(a)", "EN(b)", "EN(a)"]
    assert first.seen == ["a", "b"]
    second = Counting()
    cached = CachedTranslator(second, TranslationCache(path))
    assert cached.translate(["b", "c"]) == ["EN(b)", "EN(c)"]
    assert second.seen == ["c"] and (cached.hits, cached.misses) == (1, 1)
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("other", [Counting(backend="b2"), Counting(beams=1)])
def test_translate_cache_key_includes_backend_and_decoding(tmp_path, other):
    path = tmp_path / "c.sqlite3"
    CachedTranslator(Counting(), TranslationCache(path)).translate(["a"])
    CachedTranslator(other, TranslationCache(path)).translate(["a"])
    assert other.seen == ["a"]


def test_translate_cache_key_ignores_multiling_version():
    a, b = Counting(), Counting()
    b._sig = {**b._sig, "multiling": "9"}
    assert signature_key(a.signature) == signature_key(b.signature)


def test_translate_cache_corrupt_file_degrades_with_warning(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    inner = Counting()
    with pytest.warns(CacheWarning, match="turned off"):
        out = CachedTranslator(inner, TranslationCache(path)).translate(["a"])
    assert out == ["EN(a)"] and inner.seen == ["a"]


def test_translate_cache_locked_file_degrades_with_warning(tmp_path):
    path = tmp_path / "c.sqlite3"
    TranslationCache(path).put_many("s", {"x": "y"})
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        cache = TranslationCache(path, timeout=0.05)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = CachedTranslator(Counting(), cache).translate(["a"])
        assert out == ["EN(a)"]
        assert any(issubclass(w.category, CacheWarning) for w in caught) and not cache.enabled
    finally:
        blocker.execute("ROLLBACK")


def test_translate_cache_unwritable_dir_degrades(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.warns(CacheWarning):
        assert CachedTranslator(Counting(), TranslationCache(blocker / "c.sqlite3")).translate(["a"]) == ["EN(a)"]


def _writer(path, worker):
    cached = CachedTranslator(Counting(), TranslationCache(path))
    for round_ in range(20):
        cached.translate([f"w{worker}-{round_}-{i}" for i in range(10)] + ["shared"])


def test_translate_cache_several_processes_write(tmp_path):
    path = tmp_path / "c.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    count = sqlite3.connect(path).execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    assert count == 3 * 20 * 10 + 1


def test_translate_cache_is_bounded_and_evicts_the_oldest(tmp_path):
    from multiling.translate.cache import TranslationCache

    cache = TranslationCache(tmp_path / "c.sqlite3", max_entries=100)
    for batch in range(5):
        cache.put_many("sig", {f"s{batch}-{i}": f"t{batch}-{i}" for i in range(40)})
    import sqlite3

    rows = sqlite3.connect(tmp_path / "c.sqlite3").execute("SELECT count(*) FROM translations").fetchone()[0]
    assert rows <= 100
    found = cache.get_many("sig", [f"s0-{i}" for i in range(40)] + [f"s4-{i}" for i in range(40)])
    assert not any(key.startswith("s0-") for key in found)  # the oldest batch went first
    assert sum(key.startswith("s4-") for key in found) == 40  # the newest is all there


def test_translate_cache_bound_from_the_environment(tmp_path, monkeypatch):
    from multiling.translate.cache import TranslationCache

    monkeypatch.setenv("MULTILING_CACHE_MAX_ENTRIES", "7")
    assert TranslationCache(tmp_path / "c.sqlite3").max_entries == 7
