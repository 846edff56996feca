"""The document's spans held as columns (SpanTable): the same spans, attributes and JSON as a tuple of objects."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest
from _mixed_text import mixed_text
from doubles import ReversingTestTranslator
from hypothesis import HealthCheck, given, settings

from multiling.document import AnnotatedDocument, SpanTable, attach_renderings, bounds_and_glosses
from multiling.errors import OffsetError
from multiling.pipeline import annotate
from multiling.types import Gloss, GlossStatus, Span

TEXT = "He said «bonjour à tous» then مرحبا بالعالم 😀 and привет мир, then שלום."


def _doc(text: str = TEXT) -> AnnotatedDocument:
    return annotate(text, translator=ReversingTestTranslator())


def _as_tuple(doc: AnnotatedDocument) -> AnnotatedDocument:
    """The same document with its spans as a plain tuple of objects (the form a caller may build)."""
    return replace(doc, spans=tuple(doc.spans))


def test_document_columns_hold_the_spans_of_a_built_document() -> None:
    doc = _doc()
    assert isinstance(doc.spans, SpanTable) and len(doc.spans) == 4
    assert [s.text for s in doc.spans] == ["bonjour à tous", "مرحبا بالعالم", "привет мир", "שלום"]
    assert [doc.text[s.start : s.end] for s in doc.spans] == [s.text for s in doc.spans]


def test_document_columns_behave_as_a_tuple() -> None:
    doc = _doc()
    spans = tuple(doc.spans)
    assert doc.spans == spans and spans == doc.spans and doc.spans != spans[:-1]
    assert doc.spans[-1] == spans[-1] and doc.spans[1:3] == spans[1:3] and isinstance(doc.spans[1:3], tuple)
    assert list(reversed(doc.spans)) == list(reversed(spans)) and doc.spans.index(spans[2]) == 2
    assert hash(doc.spans) == hash(spans) and repr(doc.spans) == repr(spans)
    with pytest.raises(IndexError):
        doc.spans[4]
    assert _as_tuple(doc) == doc and doc == _as_tuple(doc)


def test_document_columns_json_and_summary_equal_the_objects() -> None:
    doc = _doc()
    plain = _as_tuple(doc)
    assert doc.to_dict() == plain.to_dict()
    assert [doc.spans.span_dict(i) for i in range(len(doc.spans))] == [s.to_dict() for s in plain.spans]
    assert doc.summary == plain.summary and doc.fully_glossed == plain.fully_glossed
    assert list(doc.gloss_facts()) == list(plain.gloss_facts())
    starts, ends, glosses = bounds_and_glosses(doc.spans)
    assert (list(starts), list(ends), glosses) == tuple(list(column) for column in bounds_and_glosses(plain.spans))


def test_document_columns_survive_pickle_and_from_dict() -> None:
    doc = _doc()
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert AnnotatedDocument.from_dict(doc.to_dict()) == doc


def test_document_columns_offsets_in_utf16_and_utf8() -> None:
    doc = _doc()
    for span in doc.spans:
        assert doc.text.encode("utf-16-le")[2 * span.utf16[0] : 2 * span.utf16[1]].decode("utf-16-le") == span.text
        assert doc.text.encode("utf-8")[span.utf8[0] : span.utf8[1]].decode("utf-8") == span.text
    assert (doc.utf16_length, doc.utf8_length) == (len(doc.text.encode("utf-16-le")) // 2, len(doc.text.encode("utf-8")))


def test_document_columns_check_spans_when_built() -> None:
    gloss = Gloss("x", GlossStatus.OK)
    with pytest.raises(OffsetError, match="does not match"):
        SpanTable("abc def", [(Span(0, 3, "fr", "Latn", 1.0, "abd"), gloss)])
    with pytest.raises(OffsetError, match="overlaps"):
        SpanTable("abc def", [(Span(4, 7, "fr", "Latn", 1.0, "def"), gloss), (Span(0, 3, "fr", "Latn", 1.0, "abc"), gloss)])
    with pytest.raises(OffsetError, match="runs past"):
        SpanTable("abc", [(Span(0, 4, "fr", "Latn", 1.0, "abcd"), gloss)])


def test_document_columns_renderings_attach_to_tables_and_tuples_alike() -> None:
    doc = _doc()
    link = replace(doc.spans[0].renderings[0], score=0.5) if doc.spans[0].renderings else None
    from multiling.document import ArticleRendering

    link = link or ArticleRendering(0, 7, "He said", 0.5, "gloss-similarity")
    renderings = [(link,), (), (), ()]
    on_table, on_tuple = attach_renderings(doc, renderings), attach_renderings(_as_tuple(doc), renderings)
    assert isinstance(on_table.spans, SpanTable) and on_table == on_tuple
    assert on_table.spans[0].renderings[0].utf8 == (0, 7) and on_table.spans[1].renderings == ()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_text)
def test_properties_document_columns_equal_the_objects(text: str) -> None:
    doc = _doc(text)
    plain = _as_tuple(doc)
    assert doc.to_dict() == plain.to_dict() and doc == plain
    assert [doc.spans[i] for i in range(len(doc.spans))] == list(doc.spans)
