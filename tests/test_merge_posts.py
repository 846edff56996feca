"""Merging glosses onto spans, embedded-post attributions, and the document's JSON round trip."""

from __future__ import annotations

import pytest

from multiling.document import SCHEMA_VERSION, AnnotatedDocument
from multiling.errors import InputError, OffsetError
from multiling.merge import find_posts, merge
from multiling.types import Gloss, GlossStatus, Span

SEED_TAIL = (
    "الرحمة لشهدائنا الأبرار. — Mustafa Al-Kadhimi مصطفى الكاظمي (@MAKadhimi) January 21, 2022\n\n"
    "وأدى إلى استشهاد ضابط. pic.twitter.com/YoRRLu2U2Z — المكتب الإعلامي 🇮🇶 (@IraqiPMO) Jan 21, 2022\n"
)


def _span(text: str, piece: str, lang: str = "ar", start_at: int = 0) -> Span:
    start = text.index(piece, start_at)
    return Span(start, start + len(piece), lang, "Arab" if lang == "ar" else "Latn", 0.9, piece)


@pytest.mark.parametrize(
    ("field", "first", "second"),
    [
        ("author", "Mustafa Al-Kadhimi مصطفى الكاظمي", "المكتب الإعلامي 🇮🇶"),
        ("handle", "MAKadhimi", "IraqiPMO"),
        ("date", "2022-01-21", "2022-01-21"),
        ("date_text", "January 21, 2022", "Jan 21, 2022"),
        ("url", None, "pic.twitter.com/YoRRLu2U2Z"),
    ],
)
def test_merge_posts_fields(field: str, first: object, second: object) -> None:
    posts = find_posts(SEED_TAIL)
    assert [getattr(p, field) for p in posts] == [first, second]
    for post in posts:
        assert SEED_TAIL[post.start : post.end] == post.text and post.text.startswith("—")


def test_merge_posts_attach_to_the_span_they_close() -> None:
    text = SEED_TAIL
    spans = [
        _span(text, "الرحمة لشهدائنا الأبرار"),
        _span(text, "Mustafa Al-Kadhimi", "en"),
        _span(text, "مصطفى الكاظمي"),
        _span(text, "وأدى إلى استشهاد ضابط"),
        _span(text, "pic.twitter.com", "en"),  # a link is not what a post closes
        _span(text, "المكتب الإعلامي"),
    ]
    glosses = [Gloss(f"g{i}", GlossStatus.OK, model="m") for i in range(4)]
    doc = merge(text, spans, glosses)
    assert [s.post.handle if s.post else None for s in doc.spans] == ["MAKadhimi", None, "IraqiPMO", None]
    assert doc.to_dict()["posts"][1]["span"] == 2


def test_merge_post_after_english_closes_nothing() -> None:
    text = "He wrote: we are fine — Some One (@someone) May 3, 2021"
    doc = merge(text, [Span(0, 21, "en", "Latn", 1.0, text[:21])], [])
    assert len(doc.posts) == 1 and doc.to_dict()["posts"][0]["span"] is None


def test_merge_gloss_count_must_match() -> None:
    text = "سلام world"
    with pytest.raises(OffsetError, match="one per span"):
        merge(text, [_span(text, "سلام")], [])


def test_document_offsets_in_three_units() -> None:
    text = "😀 é سلام"
    doc = merge(text, [_span(text, "سلام")], [Gloss("peace", GlossStatus.OK)])
    span = doc.spans[0]
    assert (span.start, span.end, span.utf16, span.utf8) == (4, 8, (5, 9), (8, 16))
    assert text.encode("utf-8")[8:16].decode() == "سلام"
    assert (doc.utf16_length, doc.utf8_length) == (9, 16)


def test_document_round_trip_and_version() -> None:
    text = SEED_TAIL
    spans = [_span(text, "الرحمة لشهدائنا الأبرار"), _span(text, "مصطفى الكاظمي")]
    doc = merge(text, spans, [Gloss("mercy", GlossStatus.OK, model="m", revision="r", flags=("x",)),
                              Gloss(None, GlossStatus.NO_MODEL, model="m", message="pull it")], id="a")
    data = doc.to_dict()
    assert (data["schema"], data["version"]) == ("multiling.annotated-document", SCHEMA_VERSION)
    assert list(data["spans"][0]) == ["start", "end", "utf16", "utf8", "text", "lang", "script", "confidence", "gloss",
                                      "status", "model", "revision", "flags", "message", "post", "article_renderings"]
    assert data["summary"] == {"spans": 2, "ok": 1, "no-model": 1, "skipped": 0, "error": 0}
    assert AnnotatedDocument.from_dict(data) == doc
    assert not doc.fully_glossed


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: d.update(version=99), InputError),
        (lambda d: d["spans"][0].update(utf8=[0, 1]), OffsetError),
        (lambda d: d["spans"][0].update(start=1), OffsetError),
    ],
)
def test_document_from_dict_checks(change, error) -> None:
    text = "x سلام"
    data = merge(text, [_span(text, "سلام")], [Gloss("peace", GlossStatus.OK)]).to_dict()
    change(data)
    with pytest.raises(error):
        AnnotatedDocument.from_dict(data)


def test_document_reports_bidi_controls() -> None:
    text = "a\u200fb \u202bسلام\u202c \u2066x\u2069"
    doc = merge(text, [], [])
    assert [text[i] for i in doc.bidi_controls] == ["\u200f", "\u202b", "\u202c", "\u2066", "\u2069"]
    assert doc.text == text


def test_merge_posts_found_once_per_document_and_passed_to_segmenter_and_merge(monkeypatch) -> None:
    import importlib

    from doubles import ReversingTestTranslator

    import multiling.merge as merge_module
    import multiling.pipeline as pipeline_module
    from multiling.pipeline import Pipeline

    # By module name: the attribute multiling.segment is the segment() function, not the subpackage.
    segmenter_module = importlib.import_module("multiling.segment.segmenter")

    calls = []
    real = pipeline_module.find_posts

    def counting(text: str):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(pipeline_module, "find_posts", counting)
    monkeypatch.setattr(segmenter_module, "find_posts", counting)
    monkeypatch.setattr(merge_module, "find_posts", counting)
    doc = Pipeline(translator=ReversingTestTranslator()).annotate(SEED_TAIL)
    assert calls == [SEED_TAIL]
    assert [post.handle for post in doc.posts] == ["MAKadhimi", "IraqiPMO"]
    # The segmenter cut each attribution off: the author names are spans of their own.
    assert "مصطفى الكاظمي" in [span.span.text for span in doc.spans]
