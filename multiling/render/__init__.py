"""Render stage: turn an :class:`~multiling.document.AnnotatedDocument` into text, each rendering with an offset map.

    >>> from multiling.render import render
    >>> rendering = render(doc, "replace")          # doctest: +SKIP
    >>> rendering.to_original(10, 25)               # a range of the English text -> the original article

Every format has one writer (``write_<format>``, :data:`WRITERS`): :func:`render` runs it into a builder that keeps
the offset map, :func:`write_rendering` straight into a stream, in bounded memory (what ``multiling annotate`` does).

Formats: ``inline``, ``replace``, ``html``, ``markdown``, ``json``, ``jsonl``, ``webanno`` (W3C Web Annotation),
``terminal``. Offsets in every frame are code points, end-exclusive.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

from multiling._lazy import make_module_callable
from multiling.document import AnnotatedDocument
from multiling.errors import ConfigError
from multiling.render.base import Rendering, StreamTarget, Writer, build_rendering
from multiling.render.display import display_safe
from multiling.render.html import render_html, write_html
from multiling.render.machine import (
    render_json,
    render_jsonl,
    render_webanno,
    web_annotations,
    write_json,
    write_jsonl,
    write_webanno,
)
from multiling.render.text import (
    render_inline,
    render_markdown,
    render_replace,
    render_terminal,
    resolve_rtl,
    write_inline,
    write_markdown,
    write_replace,
    write_terminal,
)

RENDERERS: dict[str, Callable[..., Rendering]] = {
    "inline": render_inline,
    "replace": render_replace,
    "html": render_html,
    "markdown": render_markdown,
    "json": render_json,
    "jsonl": render_jsonl,
    "webanno": render_webanno,
    "terminal": render_terminal,
}

class Format(NamedTuple):
    """A format's writer (the one source of its characters), media type, and whether its map absorbs deletes
    (formats that quote only parts of the original)."""

    write: Writer
    media_type: str
    absorb_deletes: bool = False


WRITERS: dict[str, Format] = {
    "inline": Format(write_inline, "text/plain; charset=utf-8"),
    "replace": Format(write_replace, "text/plain; charset=utf-8"),
    "html": Format(write_html, "text/html; charset=utf-8"),
    "markdown": Format(write_markdown, "text/markdown; charset=utf-8"),
    "json": Format(write_json, "application/json", True),
    "jsonl": Format(write_jsonl, "application/jsonl", True),
    "webanno": Format(write_webanno, "application/ld+json", True),
    "terminal": Format(write_terminal, "text/plain; charset=utf-8"),
}

#: File extension per format, for writing one file per document.
EXTENSIONS = {"inline": "txt", "replace": "txt", "html": "html", "markdown": "md", "json": "json",
              "jsonl": "jsonl", "webanno": "jsonld", "terminal": "txt"}

FORMATS = tuple(RENDERERS)


def render(doc: AnnotatedDocument, format: str = "inline", **options: Any) -> Rendering:
    """Render ``doc`` in ``format``.

    Args:
        doc: the annotated document.
        format: one of :data:`FORMATS`.
        **options: passed to the renderer (``render_terminal(color=, rtl=)``, ``render_replace(missing=)``,
            ``render_html(title=)``, ``render_webanno(source=)``).

    Returns:
        A :class:`Rendering` (text + offset map).

    Raises:
        ConfigError: an unknown format.
    """
    spec = _format(format)
    return build_rendering(doc, format, spec.write, spec.media_type, absorb_deletes=spec.absorb_deletes, **options)


def write_rendering(doc: AnnotatedDocument, format: str, write: Callable[[str], Any], **options: Any) -> str:
    """Write ``doc`` in ``format`` straight to ``write`` (e.g. ``stream.write``), piece by piece, without holding
    the rendering or building its offset map: memory stays bounded for a document of any size. The characters are
    those of ``render(doc, format, **options).text``.

    Args:
        doc: the annotated document.
        format: one of :data:`FORMATS`.
        write: called with each piece of text, in order.
        **options: as for :func:`render`.

    Returns:
        The last character written (``""`` when nothing was), so a caller can end the output on a newline.

    Raises:
        ConfigError: an unknown format.
    """
    spec = _format(format)
    target = StreamTarget(doc.text, write)
    spec.write(doc, target, **options)
    target.finish()
    return target.last_char


def _format(format: str) -> Format:
    try:
        return WRITERS[format]
    except KeyError:
        raise ConfigError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}") from None


__all__ = [
    "EXTENSIONS", "FORMATS", "RENDERERS", "WRITERS", "Format", "Rendering", "display_safe", "render", "render_html",
    "render_inline", "render_json", "render_jsonl", "render_markdown", "render_replace", "render_terminal",
    "render_webanno", "resolve_rtl", "web_annotations", "write_rendering",
]


# ``multiling.render(doc, format)`` works whether ``multiling.render`` resolves to this package or to the function.
make_module_callable(__name__, render)
