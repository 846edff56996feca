"""Placeholder while the real segmenter lands: one English span per line."""

from __future__ import annotations

from multiling.types import Piece, Span, tile


def segment(text: str) -> list[Span]:
    spans = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            spans.append(Span(start, start + len(stripped), "en", "Latn", 0.5, stripped))
        offset += len(line)
    return spans


def segment_tiling(text: str) -> tuple[Piece, ...]:
    return tile(text, segment(text))
