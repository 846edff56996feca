"""Segmenting documents too big to hold twice: paragraph-sized chunks, offsets shifted back, seams joined.

A 100 MB article is read block by block (:func:`multiling.io.iter_text`), cut into chunks of about
``chunk_chars`` code points at paragraph boundaries (a blank line), each chunk is segmented on its own,
and the spans are shifted to document offsets and yielded as they are found — memory stays bounded by
the chunk size, whatever the document size.

Where to cut, in order of preference (all within the last ``chunk_chars`` code points of the buffer):

1. after a blank line (a paragraph boundary) — spans never cross a line break, so a cut there cannot
   change any span;
2. after the last line break (a giant paragraph);
3. after the last whitespace (a giant line);
4. at ``chunk_chars``, moved back so no combining mark, joiner, tatweel or variation selector is separated
   from the character before it.

For cuts 3 and 4 a span may reach the seam from both sides: the two halves are joined when they have the
same language and script and nothing but spaces (no line break) lies between them.

Offsets are code points, end-exclusive, into the whole document.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, Sequence, Union

from multiling.chars import LINE_BREAKS, PARAGRAPH_END, binds_to_previous
from multiling.types import Span

DEFAULT_CHUNK_CHARS = 1_000_000

_PARAGRAPH_END = re.compile(PARAGRAPH_END)
_MAX_SEAM_GAP = 16  # spaces allowed between two halves of a span cut at a seam

TextSource = Union[str, Iterable[str]]
Segmenter = Callable[[str], Sequence[Span]]


def _find_cut(buffer: str, limit: int) -> int:
    """Where to cut ``buffer`` (longer than ``limit``): a position in ``(0, limit + 1]``."""
    window = buffer[:limit]
    last = None
    for last in _PARAGRAPH_END.finditer(window):  # noqa: B007 (the loop only finds the last match)
        pass
    if last is not None:
        cut = last.end()
    else:
        cut = max(window.rfind(char) for char in LINE_BREAKS) + 1
        if cut <= 0:
            cut = _last_whitespace(window) + 1
            if cut <= 0:
                cut = _safe_hard_cut(buffer, limit)
    if buffer[cut - 1] == "\r" and cut < len(buffer) and buffer[cut] == "\n":
        cut += 1  # never between the two halves of CRLF
    return cut


def _last_whitespace(window: str) -> int:
    for index in range(len(window) - 1, -1, -1):
        if window[index].isspace():
            return index
    return -1


def _safe_hard_cut(buffer: str, limit: int) -> int:
    cut = limit
    while cut > 0 and (binds_to_previous(buffer[cut]) or buffer[cut - 1] == "\u200d"):
        cut -= 1
    return cut if cut > 0 else limit  # a whole chunk of marks: nothing better to do


def iter_chunks(source: TextSource, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut a text into chunks at paragraph boundaries where possible.

    Args:
        source: the whole text as a ``str``, or an iterable of ``str`` pieces (a :class:`multiling.io.TextStream`,
            an open text file) that are read as needed.
        chunk_chars: the most code points a chunk holds (plus one where a CRLF would otherwise be split).

    Yields:
        ``(offset, chunk)``: the chunk and the code-point offset of its first character in the whole text.
        The chunks, concatenated, are the text.

    Raises:
        ValueError: ``chunk_chars`` is below 2.
    """
    if chunk_chars < 2:
        raise ValueError(f"chunk_chars must be at least 2, got {chunk_chars}")
    if isinstance(source, str):
        yield from _chunks_of_str(source, chunk_chars)
        return
    offset = 0
    buffer = ""
    for piece in source:
        buffer += piece
        while len(buffer) > chunk_chars:
            cut = _find_cut(buffer, chunk_chars)
            yield offset, buffer[:cut]
            offset += cut
            buffer = buffer[cut:]
    if buffer:
        yield offset, buffer


def _chunks_of_str(text: str, chunk_chars: int) -> Iterator[tuple[int, str]]:
    offset = 0
    while len(text) - offset > chunk_chars:
        # Look at a window one longer than the limit, so the CRLF check can see the next character.
        window = text[offset : offset + chunk_chars + 2]
        cut = _find_cut(window, chunk_chars)
        yield offset, text[offset : offset + cut]
        offset += cut
    if offset < len(text):
        yield offset, text[offset:]


def segment_large(
    source: TextSource,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
    segmenter: Segmenter | None = None,
) -> Iterator[Span]:
    """Segment a text of any size chunk by chunk, yielding spans with whole-document offsets.

    On text whose paragraphs are shorter than ``chunk_chars`` the result equals ``segmenter(text)`` for any
    segmenter that treats paragraphs independently. A span cut by a seam inside a paragraph is joined
    back together when both halves have the same language and script.

    Args:
        source: the text, or an iterable of ``str`` pieces (e.g. ``multiling.io.iter_text(path)``).
        chunk_chars: the most code points segmented at once.
        segmenter: ``text -> spans``; :func:`multiling.segment` by default.

    Yields:
        :class:`Span` objects in document order; offsets are code points into the whole text.
    """
    if segmenter is None:
        from multiling.segment import segment as segmenter
    held: Span | None = None  # the last span of the previous chunk, waiting to see if the next one continues it
    held_tail = ""  # text of the previous chunk after ``held``
    for offset, chunk in iter_chunks(source, chunk_chars):
        spans = list(segmenter(chunk))  # type: ignore[misc]
        for index, local in enumerate(spans):
            span = local if offset == 0 else Span(local.start + offset, local.end + offset, local.lang, local.script, local.confidence, local.text)
            if index == 0 and held is not None:
                joined = _join_at_seam(held, held_tail, chunk[: local.start], span)
                if joined is not None:
                    held = joined
                    continue
                yield held
                held = None
            if held is not None:
                yield held
            held = span
        if spans:
            held_tail = chunk[spans[-1].end :]
        elif held is not None:
            held_tail += chunk
            if len(held_tail) > _MAX_SEAM_GAP:
                held_tail = held_tail[: _MAX_SEAM_GAP + 1]  # only needs to know the gap is too long
    if held is not None:
        yield held


def _join_at_seam(left: Span, left_tail: str, right_head: str, right: Span) -> Span | None:
    """``left`` and ``right`` as one span, if they are two halves of one cut by a seam; else None."""
    if left.lang != right.lang or left.script != right.script:
        return None
    gap = left_tail + right_head
    if len(gap) > _MAX_SEAM_GAP or len(gap) != right.start - left.end:
        return None
    if any(char in LINE_BREAKS or not char.isspace() for char in gap):
        return None  # punctuation or a line break between them: two spans on purpose
    confidence = (left.confidence * len(left.text) + right.confidence * len(right.text)) / (len(left.text) + len(right.text))
    return Span(left.start, right.end, left.lang, left.script, min(1.0, max(0.0, confidence)), left.text + gap + right.text)
