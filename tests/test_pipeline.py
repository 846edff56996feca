"""annotate / Pipeline: documents in order, translation batched across a window, lazy input, bad items."""

from __future__ import annotations

import pytest
from doubles import LookupTestTranslator, ReversingTestTranslator

import multiling
from multiling.errors import InputError
from multiling.pipeline import DocumentError, Pipeline
from multiling.types import GlossStatus

TEXT = "The minister said «нет комментариев» and left."


def test_pipeline_annotate_glosses_foreign_spans() -> None:
    doc = multiling.annotate(TEXT, translator=ReversingTestTranslator(), id="x")
    assert isinstance(doc, multiling.AnnotatedDocument)
    assert doc.text == TEXT and doc.id == "x"
    [span] = doc.spans
    assert TEXT[span.start : span.end] == "нет комментариев" and span.script == "Cyrl"
    assert span.gloss.text == f"TEST({span.lang}): комментариев нет" and span.status is GlossStatus.OK


def test_pipeline_missing_model_is_a_status_not_a_gloss() -> None:
    doc = multiling.annotate(TEXT, translator=LookupTestTranslator({}))
    assert doc.spans[0].status is GlossStatus.NO_MODEL and doc.spans[0].gloss.text is None
    assert "multiling models pull" in doc.spans[0].gloss.message and not doc.fully_glossed


def test_pipeline_annotate_many_orders_and_batches_across_documents() -> None:
    translator = ReversingTestTranslator()
    texts = [f"Doc {i} says «привет мир {i}»." for i in range(7)]
    docs = list(Pipeline(translator=translator, window=3).annotate_many(texts))
    assert [d.spans[0].text for d in docs] == [f"привет мир {i}" for i in range(7)]
    assert translator.calls == [3, 3, 1]  # one translator call per window of documents


def test_pipeline_annotate_many_reads_input_lazily() -> None:
    pulled = []

    def source():
        for i in range(100):
            pulled.append(i)
            yield {"id": i, "text": f"n{i} «bonjour»"}

    stream = Pipeline(translator=ReversingTestTranslator(), window=4).annotate_many(source())
    first = next(stream)
    assert first.id == "0" and len(pulled) == 4  # only one window was read


@pytest.mark.parametrize("item", [{"id": "a", "text": "hi"}, "hi"])
def test_pipeline_annotate_many_accepts_records_and_strings(item) -> None:
    [doc] = Pipeline(translator=ReversingTestTranslator()).annotate_many([item])
    assert doc.text == "hi"


def test_pipeline_bad_items_raise_or_yield() -> None:
    items = ["ok", {"id": "b", "text": 3}, "fine"]
    with pytest.raises(InputError):
        list(Pipeline(translator=ReversingTestTranslator()).annotate_many(items))
    out = list(Pipeline(translator=ReversingTestTranslator()).annotate_many(items, on_error="yield"))
    assert isinstance(out[1], DocumentError) and out[1].id == "b" and out[1].index == 1
    assert [o.text for o in (out[0], out[2])] == ["ok", "fine"]


def test_pipeline_annotate_refuses_bytes() -> None:
    with pytest.raises(InputError):
        multiling.annotate(b"bytes", translator=ReversingTestTranslator())  # type: ignore[arg-type]


def test_pipeline_real_model_path_with_tiny_marian(tiny_marian_dir) -> None:
    doc = multiling.annotate("He wrote «الرحمة لشهدائنا» yesterday.", model=str(tiny_marian_dir), offline=True,
                             cache=False, num_beams=1)
    [span] = doc.spans
    assert span.status is GlossStatus.OK and span.gloss.model == str(tiny_marian_dir) and span.gloss.text


def test_pipeline_default_offline_gives_no_model_with_fetch_command() -> None:
    doc = multiling.annotate("He wrote «الرحمة لشهدائنا» yesterday.", offline=True, cache=False)
    [span] = doc.spans
    assert span.status is GlossStatus.NO_MODEL and "multiling models pull" in span.gloss.message


def test_pipeline_translator_requests_are_the_windows_foreign_spans_in_order() -> None:
    # The pairs handed to the translator are made when read (a huge document's spans are held as columns).
    from multiling.pipeline import _Requests
    from multiling.segment.segmenter import spans_to_merge

    first = spans_to_merge("Il a dit « bonjour à tous » hier.\nمرحبا بالعالم today.", [])
    second = spans_to_merge("привет мир and שלום today", [])
    requests = _Requests([first, [], second])
    expected = [(span.text, span.lang) for span in [*first, *second]]
    assert len(requests) == len(expected) and list(requests) == expected
    assert [requests[index] for index in range(-len(expected), len(expected))] == expected + expected
    assert requests[1:] == expected[1:]
    with pytest.raises(IndexError):
        requests[len(expected)]
    assert len(_Requests([])) == 0 and list(_Requests([])) == []
