"""Render stage: turn an :class:`~multiling.document.AnnotatedDocument` into text, each rendering with an offset map.

    >>> from multiling.render import render
    >>> rendering = render(doc, "replace")          # doctest: +SKIP
    >>> rendering.to_original(10, 25)               # a range of the English text -> the original article

Formats: ``inline``, ``replace``, ``html``, ``markdown``, ``json``, ``jsonl``, ``webanno`` (W3C Web Annotation),
``terminal``. Offsets in every frame are code points, end-exclusive.
"""

from __future__ import annotations

from typing import Any, Callable

from multiling._lazy import make_module_callable
from multiling.document import AnnotatedDocument
from multiling.errors import ConfigError
from multiling.render.base import Rendering
from multiling.render.display import display_safe
from multiling.render.html import render_html
from multiling.render.machine import render_json, render_jsonl, render_webanno, web_annotations
from multiling.render.text import render_inline, render_markdown, render_replace, render_terminal, resolve_rtl

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
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise ConfigError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(doc, **options)


__all__ = [
    "EXTENSIONS", "FORMATS", "RENDERERS", "Rendering", "display_safe", "render", "render_html", "render_inline", "render_json",
    "render_jsonl", "render_markdown", "render_replace", "render_terminal", "render_webanno", "resolve_rtl",
    "web_annotations",
]


# ``multiling.render(doc, format)`` works whether ``multiling.render`` resolves to this package or to the function.
make_module_callable(__name__, render)
