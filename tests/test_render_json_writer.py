"""The JSON writer: orjson's pretty-printing gives the bytes json.dumps gives, with terminal controls escaped."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multiling.render.display import dumps_json

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(min_value=0, max_value=1).map(lambda x: round(x, 4)),
    st.text(alphabet=st.characters(codec=None, max_codepoint=0x10FFFF), max_size=12),  # lone surrogates, C0, C1
)
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=5), inner, max_size=4)), max_leaves=20)


def _expected(value: object, indent: int | None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return "".join(f"\\u{ord(ch):04x}" if 0x7F <= ord(ch) <= 0x9F or 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


@settings(max_examples=300, deadline=None)
@given(value=_values)
def test_dumps_json_is_json_dumps_with_controls_escaped(value: object) -> None:
    for indent in (None, 2):
        text = dumps_json(value, indent=indent)
        assert text == _expected(value, indent)
        assert json.loads(text) == json.loads(json.dumps(value))  # the same JSON value


@pytest.mark.parametrize("fmt", ["json", "jsonl", "webanno"])
def test_render_json_placeholder_marks_in_the_article_are_just_text(fmt: str) -> None:
    """The emitter marks mapped values with private-use characters; an article holding them renders the same."""
    from multiling.merge import merge
    from multiling.render import render
    from multiling.types import Gloss, GlossStatus, Span

    text = 'He wrote "\ue0000\ue000" and \ue001 then «مرحبا بالعالم» \uf8ff.'
    start = text.index("مرحبا")
    doc = merge(text, [Span(start, start + 13, "ar", "Arab", 0.9, text[start : start + 13])],
                [Gloss("hello \ue000 world", GlossStatus.OK, model="m")])
    rendering = render(doc, fmt)
    value = json.loads(rendering.text)
    if fmt == "webanno":
        assert value["first"]["items"][0]["target"]["selector"][1]["exact"] == "مرحبا بالعالم"
    else:
        assert value == json.loads(json.dumps(doc.to_dict()))
    for s, e in [(0, len(text)), (start, start + 13)] if fmt != "webanno" else [(start, start + 13)]:
        assert rendering.to_original(*rendering.to_rendered(s, e)) == (s, e)
