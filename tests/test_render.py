"""Renderings: exact outputs on small documents, escaping, bidi controls, and offset-map properties for every format."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multiling.document import AnnotatedDocument
from multiling.errors import ConfigError
from multiling.merge import merge
from multiling.render import FORMATS, render, web_annotations
from multiling.render.text import resolve_rtl, shape_for_display, terminal_does_bidi
from multiling.types import Gloss, GlossStatus, Span

TEXT = 'He said «bonjour à tous» & then "شكرا لكم" <ok>.'


def _doc(text: str = TEXT, glossed: bool = True) -> AnnotatedDocument:
    fr = text.index("bonjour")
    ar = text.index("شكرا")
    spans = [
        Span(0, fr - 1, "en", "Latn", 1.0, text[: fr - 1]),
        Span(fr, fr + 14, "fr", "Latn", 0.9, text[fr : fr + 14]),
        Span(ar, ar + 8, "ar", "Arab", 0.99, text[ar : ar + 8]),
    ]
    glosses = [
        Gloss("hello everyone", GlossStatus.OK, model="m-fr", revision="r1"),
        Gloss("thank you <all>", GlossStatus.OK, model="m-ar", revision="r2", flags=("length-ratio",)) if glossed
        else Gloss(None, GlossStatus.NO_MODEL, model="m-ar", message="fetch it with `multiling models pull m-ar`"),
    ]
    return merge(text, spans, glosses, id="t1")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("inline", 'He said «bonjour à tous [en: hello everyone]» & then "شكرا لكم [en: thank you <all>]" <ok>.'),
        ("replace", 'He said «hello everyone» & then "thank you <all>" <ok>.'),
        ("markdown", 'He said «bonjour à tous[^1]» \\& then "شكرا لكم[^2]" \\<ok\\>.\n\n'
                     "[^1]: *fr*: hello everyone (m-fr)\n[^2]: *ar*: thank you \\<all\\> (m-ar)\n"),
    ],
)
def test_render_text_formats_exact(fmt: str, expected: str) -> None:
    assert render(_doc(), fmt).text == expected


def test_render_inline_missing_gloss_says_why() -> None:
    assert "شكرا لكم [no gloss: no-model]" in render(_doc(glossed=False), "inline").text


def test_render_replace_maps_an_entity_back_to_the_original() -> None:
    doc = _doc()
    rendering = render(doc, "replace")
    start = rendering.text.index("thank you")
    s, e = rendering.to_original(start, start + len("thank you"))
    assert doc.text[s:e] == "شكرا لكم"  # a range inside a gloss maps to the whole span it replaced
    s, e = rendering.to_original(0, 7)
    assert doc.text[s:e] == "He said"


def test_render_replace_keeps_or_drops_unglossed_spans() -> None:
    doc = _doc(glossed=False)
    assert "شكرا لكم" in render(doc, "replace").text
    assert "شكرا" not in render(doc, "replace", missing="drop").text


def test_render_html_escapes_everything_and_isolates_rtl() -> None:
    text = 'A <script>alert("x")</script> then «شكرا لكم» & done'
    ar = text.index("شكرا")
    doc = merge(text, [Span(ar, ar + 8, "ar", "Arab", 1.0, text[ar : ar + 8])],
                [Gloss('<img src=x onerror="alert(1)">', GlossStatus.OK, model="m")])
    html = render(doc, "html").text
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert '<bdi class="ml-src" lang="ar" dir="rtl">شكرا لكم</bdi>' in html
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html


def test_render_html_contains_bidi_controls() -> None:
    text = "x \u202eoverride\nnext \u2067iso\u2069 line"
    doc = merge(text, [], [])
    html = render(doc, "html").text
    assert doc.bidi_controls == (2, 17, 21)
    assert '<bdi class="ml-bidi">x \u202eoverride</bdi>\n' in html  # the override ends with its line's isolate
    assert "\u2067iso\u2069" in html  # controls are kept, never dropped


def test_render_html_offsets_point_at_escaped_text() -> None:
    doc = _doc()
    rendering = render(doc, "html")
    for span in doc.spans:
        a, b = rendering.to_rendered(span.start, span.end)
        assert rendering.text[a:b] == span.text.replace("&", "&amp;")
        assert rendering.to_original(a, b) == (span.start, span.end)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_render_json_matches_to_dict(fmt: str) -> None:
    doc = _doc()
    rendering = render(doc, fmt)
    assert json.loads(rendering.text) == doc.to_dict()
    expected = json.dumps(doc.to_dict(), ensure_ascii=False, indent=2 if fmt == "json" else None) + "\n"
    assert rendering.text == expected
    a, b = rendering.to_rendered(3, 7)
    assert rendering.text[a:b] == "said"


def test_render_webanno_selectors_and_body() -> None:
    doc = _doc(glossed=False)
    collection = web_annotations(doc)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2
    first, second = collection["first"]["items"]
    position, quote = first["target"]["selector"]
    assert position == {"type": "TextPositionSelector", "start": doc.spans[0].start, "end": doc.spans[0].end}
    assert quote["exact"] == "bonjour à tous"
    assert doc.text[position["end"] : position["end"] + len(quote["suffix"])] == quote["suffix"]
    assert doc.text[position["start"] - len(quote["prefix"]) : position["start"]] == quote["prefix"]
    assert first["body"] == {"type": "TextualBody", "purpose": "describing", "value": "hello everyone",
                             "language": "en", "format": "text/plain"}
    assert second["body"]["purpose"] == "commenting" and "no-model" in second["body"]["value"]
    rendering = render(doc, "webanno")
    assert json.loads(rendering.text) == collection
    a, b = rendering.to_rendered(doc.spans[1].start, doc.spans[1].end)
    assert rendering.text[a:b] == "شكرا لكم"


def test_render_terminal_logical_and_visual() -> None:
    doc = _doc()
    plain = render(doc, "terminal", color=False, rtl="logical").text
    assert plain == render(doc, "inline").text
    coloured = render(doc, "terminal", color=True, rtl="visual").text
    assert "\x1b[" in coloured and shape_for_display("شكرا لكم") in coloured
    assert "شكرا لكم" not in coloured  # reordered for display
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).startswith("He said «bonjour à tous [en: hello everyone]»")


@pytest.mark.parametrize(("env", "expected"), [({}, False), ({"MLTERM": "1"}, True), ({"VTE_VERSION": "7600"}, True),
                                               ({"VTE_VERSION": "5200"}, False), ({"MULTILING_TERMINAL_BIDI": "1"}, True)])
def test_render_terminal_bidi_detection(env: dict, expected: bool) -> None:
    assert terminal_does_bidi(env) is expected


def test_render_rtl_auto_is_logical_when_not_a_terminal() -> None:
    import io

    assert resolve_rtl("auto", io.StringIO()) == "logical"
    assert resolve_rtl("visual", io.StringIO()) == "visual"


def test_render_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="inline"):
        render(_doc(), "pdf")


# -- properties over every format ---------------------------------------------------------------------------

_chars = st.sampled_from(list("ab <>&\"'\n\r\t\\") + ["\u202e", "\u2067", "\u2069", "\u200f", "ش", "ل", "😀", "é", "\x00", "\x01"])


@st.composite
def documents(draw: st.DrawFn) -> AnnotatedDocument:
    text = draw(st.text(_chars, max_size=30))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
    spans, glosses = [], []
    for start, end in zip(cuts[0::2], cuts[1::2]):
        if start < end:
            spans.append(Span(start, end, draw(st.sampled_from(["ar", "fr"])), "Arab", 0.5, text[start:end]))
            ok = draw(st.booleans())
            glosses.append(Gloss(draw(st.text(_chars, max_size=6)), GlossStatus.OK, model="m") if ok
                           else Gloss(None, GlossStatus.ERROR, message="<boom> & \"x\""))
    return merge(text, spans, glosses)


@settings(max_examples=60, deadline=None)
@given(doc=documents(), data=st.data())
@pytest.mark.parametrize("fmt", FORMATS)
def test_render_offset_map_inverts(fmt: str, doc: AnnotatedDocument, data: st.DataObject) -> None:
    options = {"color": True, "rtl": "visual"} if fmt == "terminal" else {}
    rendering = render(doc, fmt, **options)
    omap = rendering.offset_map
    assert omap.rendered_length == len(rendering.text) and omap.original_length == len(doc.text)
    s = data.draw(st.integers(0, len(doc.text)))
    e = data.draw(st.integers(s, len(doc.text)))
    r = rendering.to_rendered(s, e)
    assert rendering.to_rendered(*rendering.to_original(*r)) == r
    a = data.draw(st.integers(0, len(rendering.text)))
    z = data.draw(st.integers(a, len(rendering.text)))
    o = rendering.to_original(a, z)
    assert rendering.to_original(*rendering.to_rendered(*o)) == o
    if fmt in ("inline", "markdown", "html", "json", "jsonl"):  # every original character is in these
        assert rendering.to_original(*r) == (s, e)


@settings(max_examples=60, deadline=None)
@given(doc=documents())
def test_render_json_round_trips(doc: AnnotatedDocument) -> None:
    assert AnnotatedDocument.from_dict(json.loads(render(doc, "json").text)) == doc


@settings(max_examples=60, deadline=None)
@given(doc=documents())
def test_render_html_never_emits_raw_markup_from_input(doc: AnnotatedDocument) -> None:
    html = render(doc, "html").text
    body = html[html.index('data-schema="multiling.annotated-document/2">') :]
    # Only our own tags: every "<" starts one of the tags the renderer writes.
    for match in re.finditer(r"<(/?)([a-z]+)", body):
        assert match.group(2) in {"span", "bdi", "main", "body", "html"}
    assert "\x00" not in html


# Text a Markdown parser would read as markup if it were copied unescaped.
_markdown_chars = st.sampled_from(list("ab ب\n\t\r*_`[]()<>#!&|~\\-+=.:1") + ["  ", "\n\n", "&amp;", "http://x.y"])


@settings(max_examples=200, deadline=None)
@given(text=st.lists(_markdown_chars, max_size=40).map("".join))
def test_render_markdown_shows_the_article_as_written_in_a_commonmark_parser(text: str) -> None:
    """Parsed by CommonMark (markdown-it-py), the article part reads exactly like the original, spaces aside."""
    markdown_it = pytest.importorskip("markdown_it")
    rendering = render(merge(text, [], []), "markdown")
    article = "".join(rendering.text[seg.rendered_start : seg.rendered_end]
                      for seg in rendering.offset_map.segments if seg.kind != "insert")
    shown = []
    for token in markdown_it.MarkdownIt("commonmark").parse(article):
        assert token.type not in ("html_block", "fence", "hr"), token
        if token.type in ("code_block",):
            shown.append(token.content)
        for child in token.children or ():
            assert child.type in ("text", "softbreak", "hardbreak", "code_inline"), child
            shown.append(child.content if child.type != "softbreak" else "\n")
    assert "".join("".join(shown).split()) == "".join(text.split())


def test_render_markdown_escapes_glosses_in_footnotes() -> None:
    text = "He said: مرحبا"
    start = text.index("م")
    doc = merge(text, [Span(start, len(text), "ar", "Arab", 0.9, text[start:])],
                [Gloss("*hello* [x](y)", GlossStatus.OK, model="m")])
    assert render(doc, "markdown").text.endswith("[^1]: *ar*: \\*hello\\* \\[x\\](y) (m)\n")


def test_render_terminal_visual_reorders_each_line_of_a_multiline_span_on_its_own() -> None:
    pytest.importorskip("bidi")
    two_lines = "ابج دهو\nزحط يكل"
    shown = shape_for_display(two_lines)
    assert shown.count("\n") == 1 and not shown.startswith("\n")  # the break stays between the two lines
    first, second = shown.split("\n")
    assert first == shape_for_display("ابج دهو") and second == shape_for_display("زحط يكل")


@pytest.mark.parametrize("missing", ["keep", "drop"])
def test_render_replace_empty_gloss_keeps_the_span_invertible(missing: str) -> None:
    """Issue 11 item 11: an ok span with an empty gloss must not collapse to a point in the replace rendering."""
    text = "He said «مرحبا بالعالم» today."
    start = text.index("مرحبا")
    span = Span(start, start + len("مرحبا بالعالم"), "ar", "Arab", 0.99, "مرحبا بالعالم")
    doc = merge(text, [span], [Gloss("", GlossStatus.OK, model="m", flags=("empty",))])
    rendering = render(doc, "replace", missing=missing)
    rendered = rendering.to_rendered(span.start, span.end)
    assert rendered[1] > rendered[0]
    assert rendering.to_original(*rendered) == (span.start, span.end)
    assert rendering.text == text


def test_render_shape_for_display_survives_a_reshaper_crash() -> None:
    """arabic_reshaper raises IndexError on a ZWJ before lam-alef (found by bench/fuzz.py --target escapes)."""
    text = "مرحبا\u200dلا"
    assert sorted(shape_for_display(text)) == sorted(text)  # shown unshaped (reordered only), nothing lost


def test_render_terminal_visual_survives_a_lone_surrogate_in_a_right_to_left_span() -> None:
    """python-bidi cannot encode a lone surrogate: the span is shown in logical order, the surrogate as ``\\udc80``."""
    text = "He said مرحبا\udc80بالعالم today."
    start = text.index("مرحبا")
    span = Span(start, start + 13, "ar", "Arab", 0.9, text[start : start + 13])
    doc = merge(text, [span], [Gloss("hello world", GlossStatus.OK, model="m")])
    rendering = render(doc, "terminal", color=False, rtl="visual")
    assert "\\udc80" in rendering.text and "\udc80" not in rendering.text
    assert rendering.to_original(*rendering.to_rendered(span.start, span.end)) == (span.start, span.end)


def test_render_html_css_names_cjk_fonts_per_language() -> None:
    from multiling.render.html import STYLE

    # Han characters look different in Chinese, Japanese and Korean typography: each gets fonts made for it.
    for rule, font in ((":lang(zh)", "Noto Sans CJK SC"), (":lang(zh-Hant)", "Noto Sans CJK TC"),
                       (":lang(ja)", "Noto Sans CJK JP"), (":lang(ko)", "Noto Sans CJK KR")):
        line = next(line for line in STYLE.splitlines() if line.startswith(rule + " "))
        assert font in line
