"""A failing document must not stop a batch (found 2026-11-21 while wiring `annotate --resume`; reported)."""

from __future__ import annotations

import pytest

from multiling.pipeline import DocumentError, Pipeline


class _Boom:
    def gloss(self, items):  # type: ignore[no-untyped-def]
        raise RuntimeError("backend fell over")


def test_regressions_pipeline_translator_failure_is_yielded_not_raised() -> None:
    items = [{"id": "a", "text": "He said «مرحبا بالعالم يا أصدقاء»."}, {"id": "b", "text": "Plain English."}]
    results = list(Pipeline(translator=_Boom()).annotate_many(items, on_error="yield"))
    assert len(results) == 2 and isinstance(results[0], DocumentError)
    assert "backend fell over" in str(results[0].error)
    assert results[1].text == "Plain English."  # the next document still comes through


class _BoomOnHebrew:
    def gloss(self, items):  # type: ignore[no-untyped-def]
        from multiling.types import Gloss, GlossStatus

        if any(lang == "he" for _, lang in items):
            raise RuntimeError("no Hebrew today")
        return [Gloss(f"gloss of {len(text)} characters", GlossStatus.OK, model="test") for text, _ in items]


def test_regressions_pipeline_only_the_failing_document_fails() -> None:
    items = ["He said «مرحبا بالعالم يا أصدقاء».", "She said «שלום לכולם חברים».", "They said «Привет всем друзьям»."]
    results = list(Pipeline(translator=_BoomOnHebrew(), window=8).annotate_many(items, on_error="yield"))
    assert [type(r).__name__ for r in results] == ["AnnotatedDocument", "DocumentError", "AnnotatedDocument"]
    assert results[0].spans[0].gloss.text == "gloss of 23 characters"


def test_regressions_pipeline_translator_failure_raises_by_default() -> None:
    from multiling.errors import BackendError

    with pytest.raises(BackendError, match="backend fell over"):
        list(Pipeline(translator=_Boom()).annotate_many(["He said «مرحبا بالعالم يا أصدقاء»."]))
