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

from typing import Any, Callable

from multiling._lazy import make_module_callable
from multiling.document import AnnotatedDocument
from multiling.errors import ConfigError
from multiling.render.base import Format, Rendering, StreamTarget, build_rendering
from multiling.render.display import display_safe
from multiling.render.html import HTML_FORMAT, render_html, write_html
from multiling.render.machine import (
    JSON_FORMAT,
    JSONL_FORMAT,
    WEBANNO_FORMAT,
    render_json,
    render_jsonl,
    render_webanno,
    web_annotations,
    write_json,
    write_jsonl,
    write_webanno,
)
from multiling.render.text import (
    INLINE_FORMAT,
    MARKDOWN_FORMAT,
    REPLACE_FORMAT,
    TERMINAL_FORMAT,
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

#: Each format by name: its writer, media type and offset-map rule (see :mod:`multiling.render.base`).
WRITERS: dict[str, Format] = {fmt.name: fmt for fmt in (INLINE_FORMAT, REPLACE_FORMAT, HTML_FORMAT, MARKDOWN_FORMAT,
                                                         JSON_FORMAT, JSONL_FORMAT, WEBANNO_FORMAT, TERMINAL_FORMAT)}

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
    return build_rendering(doc, _format(format), **options)


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
    "render_webanno", "resolve_rtl", "web_annotations", "write_html", "write_inline", "write_json", "write_jsonl",
    "write_markdown", "write_rendering", "write_replace", "write_terminal", "write_webanno",
]


# ``multiling.render(doc, format)`` works whether ``multiling.render`` resolves to this package or to the function.
make_module_callable(__name__, render)
