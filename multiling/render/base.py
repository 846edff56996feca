"""What every renderer returns: the rendered text and the offset map back to the original."""

from __future__ import annotations

from dataclasses import dataclass

from multiling.document import AnnotatedSpan, Divergence
from multiling.offsets import OffsetMap
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
