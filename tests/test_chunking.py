"""Chunked segmentation of huge documents: cuts at paragraph boundaries, offsets shifted, seams joined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multiling.chunking import iter_chunks, segment_large
from multiling.io import iter_text
from multiling.segment import segment
from multiling.types import Span, check_spans

PARAGRAPHS = [
    "He said «bonjour à tous, mes amis» and left.",
    "قال الوزير: «نحن مستعدون للحوار» أمس.",
    "The crowd chanted «Слава Україні!» twice.\r\nThen it was quiet.",
    "Signs read 欢迎光临 and שלום עולם in the square.",
    "A caption: नमस्ते दुनिया 👩🏽‍💻 🇫🇷 — then English again.",
    "Plain English with no foreign words at all.",
]


@pytest.mark.parametrize("chunk_chars", [2, 3, 7, 16, 50, 1000])
def test_chunking_chunks_rebuild_the_text_with_their_offsets(chunk_chars: int) -> None:
    text = "\n\n".join(PARAGRAPHS) + "\r\n\r\nlast\r"
    chunks = list(iter_chunks(text, chunk_chars))
    assert "".join(chunk for _, chunk in chunks) == text
    for offset, chunk in chunks:
        assert text[offset : offset + len(chunk)] == chunk
        assert len(chunk) <= chunk_chars + 1
        assert not (chunk.endswith("\r") and text[offset + len(chunk) : offset + len(chunk) + 1] == "\n"), "CRLF split"
    streamed = list(iter_chunks(iter(text[i : i + 5] for i in range(0, len(text), 5)), chunk_chars))
    assert streamed == chunks


@pytest.mark.parametrize(
    ("text", "chunk_chars", "first"),
    [
        ("para one\n\npara two is longer\nwith lines", 25, "para one\n\n"),  # a blank line wins over a later line break
        ("para one\r\n  \r\npara two", 16, "para one\r\n  \r\n"),  # a blank line holding spaces, CRLF
        ("one line\nanother line here", 15, "one line\n"),  # no paragraph: the last line break
        ("words and more words", 12, "words and "),  # no line break: the last whitespace
        ("abcdefghij", 4, "abcd"),  # nothing: a hard cut
        ("abc\u0301\u0301def", 4, "ab"),  # a hard cut moves back before a letter with combining marks ...
        ("ab\u200dcdef", 3, "a"),  # ... and never leaves a ZWJ at a chunk edge
        ("abـــcd", 3, "a"),  # ... nor separates tatweel from its letter
        ("ab\ufe0fcd", 2, "a"),  # ... nor a variation selector
    ],
)
def test_chunking_cut_preference(text: str, chunk_chars: int, first: str) -> None:
    assert next(iter_chunks(text, chunk_chars))[1] == first


def test_chunking_rejects_tiny_chunk_size() -> None:
    with pytest.raises(ValueError):
        list(iter_chunks("abc", 1))


_paragraph = st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=3).map(" ".join)
_break = st.sampled_from(["\n\n", "\r\n\r\n", "\n \n", "\r\r", "\n\n\n"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(_paragraph, min_size=1, max_size=8), breaks=st.lists(_break, min_size=8, max_size=8), data=st.data())
def test_chunking_segment_large_equals_segment_on_paragraph_text(paragraphs: list[str], breaks: list[str], data: st.DataObject) -> None:
    text = "".join(p + b for p, b in zip(paragraphs, breaks))
    longest = max(len(p) + 8 for p in re.split(r"(?:\r\n|\r|\n)[ ]*(?:\r\n|\r|\n)", text))
    chunk_chars = data.draw(st.integers(min_value=longest, max_value=longest * 4), label="chunk_chars")
    expected = segment(text)
    assert list(segment_large(text, chunk_chars)) == expected
    pieces = iter(text[i : i + 97] for i in range(0, len(text), 97))
    assert list(segment_large(pieces, chunk_chars)) == expected


def _runs(text: str) -> list[Span]:
    """A stand-in segmenter: one span per run of letters with single inner spaces."""
    return [Span(m.start(), m.end(), "en", "Latn", 0.5, m.group()) for m in re.finditer(r"[^\W\d_]+(?: [^\W\d_]+)*", text)]


@pytest.mark.parametrize("chunk_chars", [2, 3, 5, 8, 13, 100])
def test_chunking_spans_cut_by_a_seam_are_joined(chunk_chars: int) -> None:
    text = "alpha beta gamma, delta epsilon zeta. eta"
    spans = list(segment_large(text, chunk_chars, segmenter=_runs))
    check_spans(text, spans)
    assert [span.text for span in spans] == ["alpha beta gamma", "delta epsilon zeta", "eta"]


def test_chunking_segment_large_streams_a_file(tmp_path: Path) -> None:
    text = ("\n\n".join(PARAGRAPHS) + "\n\n") * 30
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode("utf-8"))
    spans = list(segment_large(iter_text(path, block_bytes=333), chunk_chars=400))
    check_spans(text, spans)
    assert spans == segment(text)
