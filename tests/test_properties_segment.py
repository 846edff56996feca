"""Segmenter invariants over random mixes of scripts, punctuation, emoji, controls and line ends."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from _mixed_text import BIDI_CONTROLS, BINDING, mixed_text
from hypothesis import HealthCheck, example, given, settings

from multiling.segment import segment, segment_tiling
from multiling.types import Span, check_spans

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _is_edge_junk(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P") or char in BIDI_CONTROLS


@_SETTINGS
@given(text=mixed_text)
@example(text="")
@example(text="\r\n\r\n")
@example(text="\u202eabc\u202c")
def test_properties_segment_spans_in_bounds_ordered_disjoint_trimmed(text: str) -> None:
    spans = segment(text)
    check_spans(text, spans)  # in bounds, ordered, disjoint, text matches
    for span in spans:
        assert isinstance(span, Span) and span.start < span.end
        assert text[span.start : span.end] == span.text
        assert 0.0 <= span.confidence <= 1.0, span  # the segmenter makes its spans without Span's checks
        assert not _is_edge_junk(span.text[0]) and not _is_edge_junk(span.text[-1]), span
        assert not (_LINE_BREAKS & set(span.text)), f"span crosses a line break: {span}"
        assert any(char.isalpha() for char in span.text), f"span without a letter: {span}"
        assert span.lang != "en" or span.script == "Latn", f"English span in another script: {span}"


def _grapheme_boundaries(text: str) -> set[int]:
    return {0} | {match.end() for match in regex.finditer(r"\X", text)}


def _script_family(char: str) -> str:
    return unicodedata.name(char, "?").split(" ")[0]


def _tatweel_stretches_nothing(text: str, index: int) -> bool:
    """Whether the tatweel at ``index`` follows no Arabic or Syriac letter (marks in between are looked through)."""
    base = index - 1
    while base >= 0 and unicodedata.category(text[base]).startswith("M"):
        base -= 1
    return base < 0 or not (text[base].isalpha() and _script_family(text[base]) in ("ARABIC", "SYRIAC"))


@_SETTINGS
@given(text=mixed_text)
@example(text="عـــربي و كِتَابٌ")
@example(text="मैं नमस्ते‍दुनिया")
@example(text="Приветــمرحبا")  # tatweels after a Cyrillic letter stretch the Arabic word after them
@example(text="the\u200dmañana mañana")  # a foreign phrase inside English never starts at a joiner
def test_properties_segment_marks_joiners_and_selectors_stay_with_their_base(text: str) -> None:
    spans = segment(text)
    boundaries = _grapheme_boundaries(text)
    for span in spans:
        assert span.start in boundaries and span.end in boundaries, f"span splits a grapheme cluster: {span} in {text!r}"
        # a tatweel with no Arabic letter before it stretches nothing: it is a letter of its own, and some span covers it
        lone_tatweel = span.text[0] == "\u0640" and _tatweel_stretches_nothing(text, span.start)
        assert lone_tatweel or (span.text[0] not in BINDING and unicodedata.category(span.text[0]) not in ("Mn", "Mc", "Me")), span
    starts = {span.start for span in spans} | {span.end for span in spans}
    for index in range(1, len(text) - 1):
        before, char, after = text[index - 1], text[index], text[index + 1]
        if char in ("\u200d", "\u200c", "\u0640") and before.isalpha() and after.isalpha() and _script_family(before) == _script_family(after):
            # a joiner or tatweel inside a word of one script: the word is never cut at it
            assert index not in starts and index + 1 not in starts, f"word cut at U+{ord(char):04X} in {text!r}: {spans}"


@_SETTINGS
@given(text=mixed_text)
def test_properties_segment_tiling_rebuilds_text_and_is_deterministic(text: str) -> None:
    pieces = segment_tiling(text)
    assert "".join(piece.text for piece in pieces) == text
    assert [piece.start for piece in pieces[1:]] == [piece.end for piece in pieces[:-1]]
    assert segment(text) == segment(text) == [piece for piece in pieces if isinstance(piece, Span)]


@pytest.mark.parametrize("control", BIDI_CONTROLS + ["\u200d", "\u200c"])
def test_properties_segment_control_inside_a_phrase_does_not_split_it(control: str) -> None:
    phrase = f"مرحبا{control} بالعالم يا أصدقاء"
    text = f"The minister said «{phrase}» on Monday."
    foreign = [span for span in segment(text) if span.is_foreign]
    assert len(foreign) == 1 and foreign[0].text.strip(control) in phrase
    assert foreign[0].text.startswith("مرحبا") and foreign[0].text.endswith("أصدقاء")


@pytest.mark.parametrize(
    "wrapped",
    ["\u2067مرحبا بالعالم يا أصدقاء\u2069", "\u202bمرحبا بالعالم يا أصدقاء\u202c", "\u200fمرحبا بالعالم يا أصدقاء\u200f"],
)
def test_properties_segment_bidi_wrapper_is_kept_in_text_and_out_of_the_span(wrapped: str) -> None:
    text = f"The minister said {wrapped} on Monday."
    (foreign,) = [span for span in segment(text) if span.is_foreign]
    assert foreign.text == "مرحبا بالعالم يا أصدقاء"
    assert "".join(piece.text for piece in segment_tiling(text)) == text


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_properties_segment_line_ends_keep_exact_offsets(newline: str) -> None:
    text = newline.join(["He said «bonjour à tous».", "", "Она сказала «Привет, мир» вчера."]) + newline
    spans = segment(text)
    check_spans(text, spans)
    assert [text[s.start : s.end] for s in spans] == [s.text for s in spans]
    unix = [(s.text, s.lang) for s in segment(text.replace(newline, "\n"))]
    assert [(s.text, s.lang) for s in spans] == unix


def test_unchecked_span_is_the_span_the_constructor_makes() -> None:
    import dataclasses

    from multiling.types import unchecked_span

    made = unchecked_span(3, 8, "fr", "Latn", 0.75, "salut")
    built = Span(3, 8, "fr", "Latn", 0.75, "salut")
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert type(made) is Span and made.to_dict() == built.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.lang = "en"  # type: ignore[misc]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixed_text)
@example(text="Il a dit « bonjour à tous » hier.\nمرحبا بالعالم and привет мир today.")
@example(text="Viva il Papa! — Pope Francis (@Pontifex) March 3, 2013\nshe said")
def test_properties_segment_spans_to_merge_are_segments_spans_less_english_without_posts(text: str) -> None:
    # The pipeline's entry point leaves the English spans out (never made) only where no attribution needs them.
    from multiling.posts import find_posts
    from multiling.segment.segmenter import foreign_spans, spans_to_merge

    posts = find_posts(text)
    spans = segment(text, posts=posts)
    held = spans_to_merge(text, posts)
    expected = spans if posts else [span for span in spans if span.is_foreign]
    assert list(held) == expected
    assert len(held) == len(expected)
    assert [held[index] for index in range(-len(held), len(held))] == expected + expected
    assert held[1:3] == expected[1:3]
    assert foreign_spans(text) == [span for span in segment(text) if span.is_foreign]


def test_span_columns_index_out_of_range_raises_index_error() -> None:
    from multiling.segment.segmenter import spans_to_merge

    held = spans_to_merge("Il a dit « bonjour à tous » hier.\nمرحبا بالعالم today.", [])
    count = len(held)
    assert count and held[count - 1] == held[-1]
    with pytest.raises(IndexError):
        held[count]
    with pytest.raises(IndexError):
        held[-count - 1]
