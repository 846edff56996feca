"""Tests for the code-switched benchmark: the generator's gold offsets and the scorer's metrics."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `bench` is not an installed package

from bench.codeswitch import DEFAULT_DATA, KINDS, english_documents, generate_documents, strip_bounds  # noqa: E402
from bench.segment_bench import Counts, _clean, iou, match_spans, normalize_lang, score_document  # noqa: E402

N_LINES = 60

# A tiny line-aligned corpus in which every line names its index (e17 / f17), so a test can tell which
# FLORES line a piece of a document came from.
TINY = {
    "en": [f"The e{i} report was published on Monday, officials said." for i in range(N_LINES)],
    "ar": [f"وقال المسؤولون إن التقرير f{i} نشر يوم الاثنين." for i in range(N_LINES)],
    "ru": [f"«Доклад f{i} был опубликован в понедельник», — сказали чиновники." for i in range(N_LINES)],
    "fr": [f"Le rapport f{i} a été publié lundi, selon les responsables." for i in range(N_LINES)],
    "zh": [f"官员们说，报告f{i}于星期一发表。" for i in range(N_LINES)],
}


@pytest.fixture(scope="module")
def tiny_docs() -> list[dict]:
    return generate_documents(300, seed=3, data=TINY)


def _edge_is_clean(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char)[0] not in "PSZC"


def test_codeswitch_gold_text_equals_slice(tiny_docs):
    for doc in tiny_docs:
        for gold in doc["gold"]:
            assert doc["text"][gold["start"] : gold["end"]] == gold["text"]


def test_codeswitch_gold_edges_are_stripped_and_within_a_line(tiny_docs):
    for doc in tiny_docs:
        for gold in doc["gold"]:
            assert _edge_is_clean(gold["text"][0]) and _edge_is_clean(gold["text"][-1]), gold
            assert "\n" not in gold["text"]


def test_codeswitch_gold_spans_are_ordered_and_disjoint(tiny_docs):
    for doc in tiny_docs:
        ends = [0] + [g["end"] for g in doc["gold"]]
        starts = [g["start"] for g in doc["gold"]]
        assert all(start >= end for start, end in zip(starts, ends)), doc["id"]


def test_codeswitch_is_deterministic():
    assert generate_documents(50, seed=7, data=TINY) == generate_documents(50, seed=7, data=TINY)
    assert generate_documents(50, seed=7, data=TINY) != generate_documents(50, seed=8, data=TINY)


def test_codeswitch_covers_every_kind_and_weights_arabic_highest(tiny_docs):
    assert set(Counter(doc["kind"] for doc in tiny_docs)) == set(KINDS)
    langs = Counter(doc["lang"] for doc in tiny_docs)
    assert langs.most_common(1)[0][0] == "ar"


def test_codeswitch_english_and_foreign_lines_differ(tiny_docs):
    for doc in tiny_docs:
        if doc["kind"] == "phrase":  # a phrase may not include the line's id
            continue
        english_ids = set(re.findall(r"\be(\d+)\b", doc["text"]))
        foreign_ids = set(re.findall(r"f(\d+)", doc["text"]))
        assert foreign_ids and not english_ids & foreign_ids, doc["text"]


def test_codeswitch_tweet_span_excludes_link_and_attribution(tiny_docs):
    tweets = [doc for doc in tiny_docs if doc["kind"] == "tweet"]
    assert tweets
    for doc in tweets:
        assert "— " in doc["text"] and "(@" in doc["text"]
        for gold in doc["gold"]:
            assert "pic.twitter.com" not in gold["text"] and "(@" not in gold["text"]
            assert re.match(r"[.。]?( pic\.twitter\.com/\w{10})?\n?\s?— |[ \n]|$|\s\(@", doc["text"][gold["end"] :])


def test_codeswitch_paragraph_is_one_span(tiny_docs):
    paragraphs = [doc for doc in tiny_docs if doc["kind"] == "paragraph"]
    assert paragraphs
    for doc in paragraphs:
        assert len(doc["gold"]) == 1
        assert len(re.findall(r"f\d+", doc["gold"][0]["text"])) >= 2


def test_codeswitch_quote_span_is_inside_the_quotation_marks(tiny_docs):
    for doc in (d for d in tiny_docs if d["kind"] in ("quote", "phrase")):
        (gold,) = doc["gold"]
        assert doc["text"].rfind("“", 0, gold["start"]) > doc["text"].rfind("”", 0, gold["start"])
        assert "”" in doc["text"][gold["end"] :]


def test_codeswitch_english_documents_hold_every_sentence():
    docs = english_documents(TINY)
    assert sum(doc["n_sentences"] for doc in docs) == N_LINES
    assert all(doc["gold"] == [] for doc in docs)
    assert re.findall(r"\be(\d+)\b", "\n".join(doc["text"] for doc in docs)) == [str(i) for i in range(N_LINES)]


@pytest.mark.skipif(not (DEFAULT_DATA / "en.txt").is_file(), reason=f"FLORES data not at {DEFAULT_DATA}")
def test_codeswitch_real_flores_gold_offsets():
    docs = generate_documents(200, seed=0)
    for doc in docs:
        for gold in doc["gold"]:
            assert doc["text"][gold["start"] : gold["end"]] == gold["text"]
            assert _edge_is_clean(gold["text"][0]) and _edge_is_clean(gold["text"][-1])
    arabic = sum(g["lang"] == "ar" for d in docs for g in d["gold"])
    assert arabic / sum(len(d["gold"]) for d in docs) > 0.25


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  “مرحبا بكم”. ", "مرحبا بكم"), ("(hello)", "hello"), ("...", ""), ("a", "a")],
)
def test_codeswitch_strip_bounds(text, expected):
    start, end = strip_bounds(text)
    assert text[start:end] == expected


# -- metrics ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [((0, 10), (0, 10), 1.0), ((0, 10), (5, 15), 5 / 15), ((0, 10), (10, 20), 0.0), ((0, 10), (0, 5), 0.5)],
)
def test_segment_bench_iou(a, b, expected):
    assert iou(a, b) == pytest.approx(expected)


def test_segment_bench_matching_is_one_to_one_and_greedy():
    gold = [(0, 10, "ar"), (12, 22, "ar")]
    pred = [(0, 22, "ar"), (1, 10, "ar")]  # the long one overlaps both but IoU < 0.5 with each
    assert match_spans(gold, pred) == [(0, 1)]


TEXT = "Officials said وقال المسؤولون إن التقرير نشر and then left."
AR = (TEXT.index("وقال"), TEXT.index(" and"))


@pytest.mark.parametrize(
    ("pred", "matched", "exact", "lang_ok"),
    [
        ([(AR[0], AR[1], "ar")], 1, 1, 1),  # perfect
        ([(AR[0], AR[1] + 4, "ar")], 1, 0, 1),  # boundary off, IoU still >= 0.5
        ([(AR[0], AR[1], "fa")], 1, 1, 0),  # right span, wrong language
        ([(AR[0], AR[0] + 5, "ar")], 0, 0, 0),  # too short: IoU < 0.5
        ([], 0, 0, 0),
    ],
)
def test_segment_bench_score_document(pred, matched, exact, lang_ok):
    gold = [(AR[0], AR[1], "ar")]
    counts, _ = score_document(TEXT, gold, pred)
    assert (counts.matched, counts.exact, counts.lang_ok) == (matched, exact, lang_ok)
    metrics = counts.metrics()
    if pred:
        assert metrics["span_f1"] == pytest.approx(2 * matched / 2)


def test_segment_bench_char_f1_counts_letters_only():
    text = "ab, وقال. cd"
    gold = [(4, 8, "ar")]
    # The prediction also covers ", " and "." (not letters) but no extra letter: char F1 is perfect.
    counts, _ = score_document(text, gold, [(2, 9, "ar")])
    assert (counts.char_tp, counts.char_fp, counts.char_fn) == (4, 0, 0)
    counts, _ = score_document(text, gold, [(0, 6, "ar")])  # "ab" wrongly foreign, "وق" right, "ال" missed
    assert (counts.char_tp, counts.char_fp, counts.char_fn) == (2, 2, 2)


def test_segment_bench_false_spans_without_gold():
    counts, _ = score_document("Plain English text here.", [], [(0, 5, "fr")])
    assert counts.metrics()["span_f1"] == 0.0 and counts.pred == 1


@pytest.mark.parametrize(
    ("code", "expected"),
    [("zh-cn", "zh"), ("zh-TW", "zh"), ("zh-Hant", "zh"), ("no", "nb"), ("nb", "nb"), ("iw", "he"), ("ar", "ar")],
)
def test_segment_bench_normalize_lang(code, expected):
    assert normalize_lang(code) == expected


def test_segment_bench_clean_merges_runs_and_cuts_lines():
    text = "Hello. Привет, мир! Как дела?\nЕщё строка. Bye."
    a, b, c = text.index("Привет"), text.index("Как"), text.index("Bye")
    raw = [(0, a, "en"), (a, b, "ru"), (b, c, "ru"), (c, len(text), "en")]
    spans = _clean(text, raw)
    assert [text[s:e] for s, e, _ in spans] == ["Привет, мир! Как дела", "Ещё строка"]
    assert {lang for _, _, lang in spans} == {"ru"}


def test_segment_bench_pycld2_offsets_are_code_points():
    pytest.importorskip("pycld2")
    from bench.segment_bench import make_pycld2

    english = "The weather service said the storm would reach the coast by the end of the week. "
    arabic = "وقالت الأرصاد الجوية إن العاصفة ستصل إلى الساحل بحلول نهاية الأسبوع المقبل حسب التوقعات."
    text = english + arabic + " Residents were told to stay at home until further notice from officials."
    spans = make_pycld2()(text)
    assert [(text[s:e], lang) for s, e, lang in spans] == [(arabic.rstrip("."), "ar")]


def test_segment_bench_counts_add():
    total = Counts()
    total.add(Counts(gold=2, pred=1, matched=1))
    total.add(Counts(gold=1, pred=2, matched=1))
    assert (total.gold, total.pred, total.matched) == (3, 3, 2)
    assert total.metrics()["span_f1"] == pytest.approx(2 / 3)
