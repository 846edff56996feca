"""What every renderer returns: the rendered text and the offset map back to the original."""

from __future__ import annotations

from dataclasses import dataclass

from multiling.document import AnnotatedSpan
from multiling.offsets import OffsetMap
from multiling.types import GlossStatus


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


def gloss_label(span: AnnotatedSpan) -> str:
    """``en: <gloss>`` for a glossed span, ``no gloss: <status>`` otherwise (used inside brackets)."""
    if span.status is GlossStatus.OK and span.gloss.text is not None:
        return f"en: {span.gloss.text}"
    return f"no gloss: {span.status.value}"
