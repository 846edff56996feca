"""Tests for the real-text benchmark: every committed gold file follows bench/real/README.md; the scorer's rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `bench` is not an installed package

from bench.real.load import DOCS, ENGLISH, GoldError, load_document, load_documents, load_english  # noqa: E402
from bench.real_bench import as_scored_document, blank_regions, drop_dont_care, script_of  # noqa: E402

HELDOUT = Path(__file__).resolve().parent.parent / "bench" / "real-heldout"
LATIN_DEV = Path(__file__).resolve().parent.parent / "bench" / "real-latin-dev"


@pytest.mark.parametrize("docs_dir, english_dir", [(DOCS, ENGLISH), (HELDOUT / "docs", HELDOUT / "english")])
def test_bench_real_every_gold_file_loads(docs_dir, english_dir):
    docs = load_documents(docs_dir)
    english = load_english(english_dir)
    assert docs and english
    assert len({d["id"] for d in docs}) == len(docs), "document ids must be unique"
    assert len({e["id"] for e in english}) == len(english), "English sentence ids must be unique"
    for doc in docs:
        for start, end, _lang in doc["spans"]:
            assert doc["text"][start:end] in {s["text"] for s in doc["raw_spans"]}


def test_bench_real_heldout_shares_no_page_with_bench_real():
    def urls(docs_dir: Path, english_dir: Path) -> set[str]:
        return {d["url"] for d in load_documents(docs_dir)} | {e["url"] for e in load_english(english_dir)}

    assert not urls(DOCS, ENGLISH) & urls(HELDOUT / "docs", HELDOUT / "english")


def test_bench_real_latin_dev_loads_and_every_document_has_a_latin_script_span():
    docs = load_documents(LATIN_DEV / "docs")
    assert docs
    assert len({d["id"] for d in docs}) == len(docs), "document ids must be unique"
    assert len({d["url"] for d in docs}) == len(docs), "one document a page"
    for doc in docs:
        assert any(script_of(doc["text"][s:e]) == "Latin" for s, e, _lang in doc["spans"]), doc["id"]


def test_bench_real_latin_dev_shares_no_page_with_the_scored_sets():
    latin_dev = {d["url"] for d in load_documents(LATIN_DEV / "docs")}
    scored = {d["url"] for folder in (DOCS, HELDOUT / "docs") for d in load_documents(folder)}
    scored |= {e["url"] for folder in (ENGLISH, HELDOUT / "english") for e in load_english(folder)}
    assert not latin_dev & scored


def _write(tmp_path: Path, **doc) -> Path:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"id": "t", "url": "u", **doc}, ensure_ascii=False), encoding="utf-8")
    return path


def test_bench_real_spans_resolve_in_document_order(tmp_path):
    text = "He said «نعم» twice: «نعم»."
    doc = load_document(_write(tmp_path, text=text, spans=[{"text": "نعم", "lang": "ar"}, {"text": "نعم", "lang": "ar"}]))
    assert [(text[s:e], lang) for s, e, lang in doc["spans"]] == [("نعم", "ar"), ("نعم", "ar")]
    assert doc["spans"][0][0] < doc["spans"][1][0]


@pytest.mark.parametrize(
    "text, span, message",
    [
        ("He said «نعم».", {"text": "«نعم", "lang": "ar"}, "letter or digit"),
        ("He said نعم\nنعم.", {"text": "نعم\nنعم", "lang": "ar"}, "line break"),
        ("He said نعم.", {"text": "لا", "lang": "ar"}, "not found"),
        ("He said نعم.", {"text": "نعم", "lang": "en"}, "foreign lang"),
    ],
)
def test_bench_real_bad_gold_is_refused(tmp_path, text, span, message):
    with pytest.raises(GoldError, match=message):
        load_document(_write(tmp_path, text=text, spans=[span]))


def test_bench_real_dont_care_is_scored_neither_way():
    text = "The line was wo ai ni zhongguo in pinyin."
    region = (text.index("wo"), text.index(" in pinyin"))
    inside = (region[0], region[1], "sw")
    outside = (0, 3, "fr")
    assert drop_dont_care([inside, outside], [region]) == [outside]
    blanked = blank_regions(text, [region])
    assert len(blanked) == len(text) and "zhongguo" not in blanked


@pytest.mark.parametrize(
    "text, script",
    [("الكويت", "Arabic"), ("کویت", "Arabic"), ("שלום", "Hebrew"), ("Привет", "Cyrillic"), ("浮", "Han"),
     ("ひらがな", "Kana"), ("한국어", "Hangul"), ("नमस्ते", "Devanagari"), ("Liberté", "Latin"), ("Ελλάδα", "Greek")],
)
def test_bench_real_script_of(text, script):
    assert script_of(text) == script


def test_bench_real_scored_document_shape():
    scored = as_scored_document({"id": "x", "text": "a نعم", "spans": [(2, 5, "ar")], "dont_care": [], "kind": "blog"})
    assert scored["gold"] == [{"start": 2, "end": 5, "lang": "ar"}] and scored["lang"] == "ar"


def test_bench_interleaved_speed_times_every_system_on_the_same_texts():
    from bench.interleaved_speed import fastest_passes

    calls: dict[str, list[str]] = {"a": [], "b": []}
    seconds = fastest_passes({name: calls[name].append for name in calls}, ["one", "two"], passes=2)
    assert set(seconds) == {"a", "b"} and all(value >= 0.0 for value in seconds.values())
    assert calls["a"] == calls["b"] == ["one", "two"] * 3  # a warm pass, then two timed passes each


def test_bench_real_scores_another_set_given_by_docs_and_english(tmp_path, capsys):
    from bench.real_bench import main

    docs, english = tmp_path / "docs", tmp_path / "english"
    docs.mkdir()
    english.mkdir()
    (docs / "x-001.json").write_text(
        json.dumps({"id": "x-001", "url": "u", "text": "He said «نعم» twice.", "spans": [{"text": "نعم", "lang": "ar"}]}),
        encoding="utf-8",
    )
    (english / "x.jsonl").write_text('{"id": "x-e1", "url": "u", "text": "Hello there."}\n', encoding="utf-8")
    argv = ["--docs", str(docs), "--english", str(english), "--systems", "multiling", "--flores-docs", "0", "--min-seconds", "0"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "|docs:1|gold-spans:1|" in out and "|english-sents:1|" in out
