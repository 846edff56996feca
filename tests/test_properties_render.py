"""Invariants of annotated documents and every rendering, over random mixed-script text and hostile glosses."""

from __future__ import annotations

from typing import Sequence

import pytest
from _mixed_text import BIDI_CONTROLS, mixed_text
from hypothesis import HealthCheck, example, given, settings

from multiling.document import AnnotatedDocument
from multiling.pipeline import annotate
from multiling.render import FORMATS, render
from multiling.types import Gloss, GlossStatus

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_HOSTILE = '<script>alert("x")</script> & <b>\u202e\n'


class HostileGlosser:
    """A test double: every gloss carries markup, an ampersand, a bidi override and a newline."""

    def gloss(self, items: Sequence[tuple[str, str]]) -> list[Gloss]:
        return [Gloss(f"{_HOSTILE}{text[:5]}", GlossStatus.OK, model="test-double") for text, _ in items]


def _doc(text: str) -> AnnotatedDocument:
    return annotate(text, id="doc", translator=HostileGlosser())


@_SETTINGS
@given(text=mixed_text)
@example(text="<script>alert(1)</script> He said «مرحبا بالعالم» & «Привет, мир».")
def test_properties_render_offset_maps_invert_for_every_format(text: str) -> None:
    doc = _doc(text)
    ranges = [(s.start, s.end) for s in doc.spans] + [(0, len(text))]
    for fmt in FORMATS:
        options = {"color": False, "rtl": "logical"} if fmt == "terminal" else {}
        rendering = render(doc, fmt, **options)
        # Web annotations hold only the spans (with some context), not the whole text: only span ranges round-trip.
        for start, end in ranges[:-1] if fmt == "webanno" else ranges:
            rendered = rendering.to_rendered(start, end)
            assert 0 <= rendered[0] <= rendered[1] <= len(rendering.text), (fmt, start, end, rendered)
            assert rendering.to_original(*rendered) == (start, end), (fmt, start, end, rendered)


@_SETTINGS
@given(text=mixed_text)
def test_properties_render_utf16_and_utf8_offsets_agree_with_code_points(text: str) -> None:
    doc = _doc(text)
    data = doc.to_dict()
    assert data["length"] == {"code_points": len(text), "utf16": len(text.encode("utf-16-le")) // 2, "utf8": len(text.encode("utf-8"))}
    for span in data["spans"]:
        start, end = span["start"], span["end"]
        assert span["utf16"] == [len(text[:start].encode("utf-16-le")) // 2, len(text[:end].encode("utf-16-le")) // 2]
        assert span["utf8"] == [len(text[:start].encode("utf-8")), len(text[:end].encode("utf-8"))]
    assert data["bidi_controls"] == [index for index, char in enumerate(text) if char in BIDI_CONTROLS]
    assert AnnotatedDocument.from_dict(data) == doc


@pytest.mark.parametrize("article", ["<script>alert(1)</script> He said «مرحبا بالعالم يا أصدقاء».", "a <img src=x onerror=alert(1)> «Привет, мир» &amp;"])
def test_properties_render_html_escapes_input_and_gloss(article: str) -> None:
    page = render(_doc(article), "html").text
    baseline = render(_doc("He said «مرحبا بالعالم يا أصدقاء»."), "html").text
    assert page.count("<script") == baseline.count("<script")  # only the renderer's own, if any
    assert "<img" not in page and "<b>" not in page and 'alert("x")' not in page
