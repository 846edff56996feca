"""What every renderer writes into, and what :func:`multiling.render.render` returns.

Each format has one *writer*, ``write_<format>(doc, target, **options)``, which is the only place its bytes come
from. It drives a :class:`RenderTarget` piece by piece, in original order: ``copy`` the article's characters,
``insert`` markup and glosses, ``replace`` a stretch by a stand-in, ``copy_escaped`` with an escape table. Two
targets take those pieces:

* :class:`~multiling.offsets.OffsetMapBuilder` keeps them and builds the text with its offset map
  (:func:`multiling.render.render` returns that :class:`Rendering`);
* :class:`StreamTarget` writes them to a stream as they come and keeps nothing (``multiling annotate`` and
  :func:`multiling.render.write_rendering`), so a huge document is written in bounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, NamedTuple, Protocol

from multiling.document import AnnotatedDocument, AnnotatedSpan, Divergence
from multiling.errors import OffsetError
from multiling.offsets import OffsetMap, OffsetMapBuilder, escape_pattern
from multiling.types import MODEL_NOT_FOR_LANGUAGE, GlossStatus


@dataclass(frozen=True, slots=True)
class Rendering:
    """A rendered document.

    Attributes:
        format: the renderer's name (``inline``, ``replace``, ``html``, ...).
        text: the rendered text.
        offset_map: maps code-point positions/ranges of ``text`` to the original and back.
        media_type: e.g. ``text/plain; charset=utf-8``, ``text/html; charset=utf-8``.
    """

    format: str
    text: str
    offset_map: OffsetMap
    media_type: str

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original range (code points) covering rendered ``[start, end)`` (code points)."""
        return self.offset_map.range_to_original(start, end)

    def to_rendered(self, start: int, end: int) -> tuple[int, int]:
        """The rendered range (code points) covering original ``[start, end)`` (code points)."""
        return self.offset_map.range_to_rendered(start, end)


class RenderTarget(Protocol):
    """What a format's writer writes into (see the module docstring). Offsets are code points of ``original``."""

    original: str

    @property
    def original_position(self) -> int:
        """How far into the original (code points) the rendering has got."""
        ...

    def copy(self, start: int, end: int) -> None:
        """Write ``original[start:end]``; ``start`` must be where the last piece stopped."""

    def insert(self, text: str) -> None:
        """Write text that has no original counterpart."""

    def replace(self, start: int, end: int, text: str) -> None:
        """Write ``text`` standing for ``original[start:end]``."""

    def copy_escaped(self, start: int, end: int, escapes: dict[str, str]) -> None:
        """Write ``original[start:end]`` with each character found in ``escapes`` as its escape."""


#: A format's writer: ``write(doc, target, **options)``.
Writer = Callable[..., None]

#: A copy longer than this many code points is written in pieces of this size (never one more copy of the text).
STREAM_PIECE = 1 << 16


class StreamTarget:
    """A :class:`RenderTarget` that writes each piece to ``write`` (buffered, :data:`STREAM_PIECE` characters at a
    time) and keeps no offset map: memory stays bounded whatever the length of the rendering.

    It checks the writer's calls exactly as :class:`~multiling.offsets.OffsetMapBuilder` does, so both targets
    see one sequence of pieces and write the same characters.
    """

    def __init__(self, original: str, write: Callable[[str], Any]) -> None:
        self.original = original
        self._write = write
        self._buffer: list[str] = []
        self._buffered = 0
        self._o = 0
        self.last_char = ""  # the last character written ("" before any): lets a caller end on a newline

    @property
    def original_position(self) -> int:
        return self._o

    def copy(self, start: int, end: int) -> None:
        self._expect(start, end)
        for piece_start in range(start, end, STREAM_PIECE):
            self._put(self.original[piece_start : min(end, piece_start + STREAM_PIECE)])
        self._o = end

    def insert(self, text: str) -> None:
        self._put(text)

    def replace(self, start: int, end: int, text: str) -> None:
        self._expect(start, end)
        self._put(text)
        self._o = end

    def copy_escaped(self, start: int, end: int, escapes: dict[str, str]) -> None:
        self._expect(start, end)
        pattern = escape_pattern(escapes)
        for piece_start in range(start, end, STREAM_PIECE):
            piece = self.original[piece_start : min(end, piece_start + STREAM_PIECE)]
            self._put(pattern.sub(lambda match: escapes[match.group()], piece))
        self._o = end

    def finish(self) -> None:
        """Copy what is left of the original (as :meth:`OffsetMapBuilder.build` does) and flush."""
        if self._o < len(self.original):
            self.copy(self._o, len(self.original))
        self.flush()

    def flush(self) -> None:
        if self._buffer:
            self._write("".join(self._buffer))
            self._buffer.clear()
            self._buffered = 0

    def _put(self, text: str) -> None:
        if not text:
            return
        self._buffer.append(text)
        self._buffered += len(text)
        self.last_char = text[-1]
        if self._buffered >= STREAM_PIECE:
            self.flush()

    def _expect(self, start: int, end: int) -> None:
        if start != self._o or end < start or end > len(self.original):
            raise OffsetError(f"writer at original {self._o} cannot take range [{start}, {end})")


class Format(NamedTuple):
    """A format: its name, its writer (the one source of its characters), its media type, and whether its offset
    map absorbs deletes (formats that quote only parts of the original)."""

    name: str
    write: Writer
    media_type: str
    absorb_deletes: bool = False


def build_rendering(doc: AnnotatedDocument, fmt: Format, **options: Any) -> Rendering:
    """Run the writer of ``fmt`` into an :class:`~multiling.offsets.OffsetMapBuilder`: the rendering with its map."""
    builder = OffsetMapBuilder(doc.text)
    fmt.write(doc, builder, **options)
    text, omap = builder.build(absorb_deletes=fmt.absorb_deletes)
    return Rendering(fmt.name, text, omap, fmt.media_type)


def gloss_label(span: AnnotatedSpan) -> str:
    """``en: <gloss>`` for a glossed span (``en, model not for <lang>: <gloss>`` when the gloss is flagged
    ``model-not-for-language``), ``no gloss: <status>`` otherwise (used inside brackets)."""
    if span.status is GlossStatus.OK and span.gloss.text is not None:
        if MODEL_NOT_FOR_LANGUAGE in span.gloss.flags:
            return f"en, model not for {span.lang}: {span.gloss.text}"
        return f"en: {span.gloss.text}"
    return f"no gloss: {span.status.value}"


#: How long a quoted article rendering may be inside a short note (longer ones are cut with …).
NOTE_QUOTE_CHARS = 60


def describe_divergence(divergence: Divergence) -> str:
    """A short, neutral phrase for one divergence (``12 in the span, not in the article``)."""
    if divergence.kind == "negation":
        return f"negation differs (gloss {divergence.in_span}, article {divergence.in_rendering})"
    if divergence.in_span is not None and divergence.in_rendering is None:
        return f"{divergence.in_span} in the span, not in the article"
    if divergence.in_rendering is not None and divergence.in_span is None:
        return f"{divergence.in_rendering} in the article, not in the span"
    return f"{divergence.kind}: {divergence.in_span} vs {divergence.in_rendering}"


def rendering_note(span: AnnotatedSpan) -> str | None:
    """``article: “…” (0.81); 12 in the article, not in the span`` for a span the article renders, else None.

    Only the best rendering is quoted; its divergences follow. Used in brackets by the text renderings.
    """
    if not span.renderings:
        return None
    best = span.renderings[0]
    quote = " ".join(best.text.split())
    if len(quote) > NOTE_QUOTE_CHARS:
        quote = quote[: NOTE_QUOTE_CHARS - 1].rstrip() + "…"
    parts = [f"article: “{quote}” ({best.score:.2f})"]
    parts += [describe_divergence(d) for d in best.divergences]
    more = len(span.renderings) - 1
    if more:
        parts.append(f"+{more} more")
    return "; ".join(parts)
