"""Machine formats: JSON, JSONL and W3C Web Annotation JSON, with offset maps into their string values.

The JSON is written by a small emitter that matches ``json.dumps(..., ensure_ascii=False)`` byte for byte
(except that DEL, C1 controls and lone surrogates are ``\\uXXXX``-escaped, see :func:`dumps_json`), so that the characters of the original inside a string value (the document ``text``, or each annotation's
``exact`` quote) are mapped: unescaped characters are ``copy`` segments, escapes are ``replace``, everything
else is ``insert``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from multiling.document import AnnotatedDocument
from multiling.offsets import OffsetMapBuilder
from multiling.render.base import Rendering
from multiling.types import GlossStatus

_JSON_ESCAPES = {ch: json.dumps(ch)[1:-1] for ch in map(chr, range(0x20))} | {'"': '\\"', "\\": "\\\\"}
# Beyond json.dumps: DEL, C1 controls and lone surrogates are written as \\uXXXX escapes too (the same JSON value),
# so JSON output is safe to print on a terminal and always encodable as UTF-8.
_TERMINAL_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")
_JSON_ESCAPES |= {chr(code): f"\\u{code:04x}" for code in range(0x7F, 0xA0)}
_JSON_ESCAPES |= {chr(code): f"\\u{code:04x}" for code in range(0xD800, 0xE000)}


def dumps_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)`` with DEL, C1 controls and lone surrogates escaped as ``\\uXXXX``."""
    text = json.dumps(value, ensure_ascii=False)
    if _TERMINAL_UNSAFE_IN_JSON.search(text) is None:
        return text
    return _TERMINAL_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

WEB_ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


@dataclass(frozen=True, slots=True)
class _Mapped:
    """A JSON string value that is ``original[start:end]`` and is mapped character by character."""

    start: int
    end: int


def _emit(value: Any, b: OffsetMapBuilder, indent: int | None, level: int) -> None:
    if isinstance(value, _Mapped):
        b.insert('"')
        if b.original_position < value.start:
            b.replace(b.original_position, value.start, "")  # original text not quoted in the JSON: a delete
        b.copy_escaped(value.start, value.end, _JSON_ESCAPES)
        b.insert('"')
        return
    if isinstance(value, dict):
        if not value:
            b.insert("{}")
            return
        b.insert("{")
        for i, (key, item) in enumerate(value.items()):
            b.insert(_comma(i, indent) + _newline(indent, level + 1) + dumps_json(key) + ": ")
            _emit(item, b, indent, level + 1)
        b.insert(_newline(indent, level) + "}")
        return
    if isinstance(value, (list, tuple)):
        if not value:
            b.insert("[]")
            return
        b.insert("[")
        for i, item in enumerate(value):
            b.insert(_comma(i, indent) + _newline(indent, level + 1))
            _emit(item, b, indent, level + 1)
        b.insert(_newline(indent, level) + "]")
        return
    b.insert(dumps_json(value))


def _comma(index: int, indent: int | None) -> str:
    # json.dumps separators: ", " on one line, "," before a newline when indenting.
    return "" if not index else ("," if indent is not None else ", ")


def _newline(indent: int | None, level: int) -> str:
    return "" if indent is None else "\n" + " " * (indent * level)


def _render_json_value(doc: AnnotatedDocument, value: Any, fmt: str, media: str, indent: int | None, trailer: str) -> Rendering:
    b = OffsetMapBuilder(doc.text)
    _emit(value, b, indent, 0)
    # Ranges of the original that no string value covers map to where the emitter had got to.
    if b.original_position < len(doc.text):
        b.replace(b.original_position, len(doc.text), "")
    b.insert(trailer)
    text, omap = b.build(absorb_deletes=True)
    return Rendering(fmt, text, omap, media)


def _doc_value(doc: AnnotatedDocument) -> dict:
    data = doc.to_dict()
    data["text"] = _Mapped(0, len(doc.text))
    return data


def render_json(doc: AnnotatedDocument, *, indent: int | None = 2) -> Rendering:
    """The document as JSON (:meth:`AnnotatedDocument.to_dict`), pretty-printed, deterministic.

    Returns:
        A :class:`Rendering` whose map ties the ``"text"`` value to the original, character by character.
    """
    return _render_json_value(doc, _doc_value(doc), "json", "application/json", indent, "\n")


def render_jsonl(doc: AnnotatedDocument) -> Rendering:
    """The document as one JSON line (same shape as :func:`render_json`), newline-terminated."""
    return _render_json_value(doc, _doc_value(doc), "jsonl", "application/jsonl", None, "\n")


def web_annotations(doc: AnnotatedDocument, *, source: str | None = None, context: int = 32) -> dict:
    """The document's spans as a W3C Web Annotation ``AnnotationCollection`` (a plain dict).

    Each annotation targets its span with a ``TextPositionSelector`` (code points, end-exclusive, as the W3C
    model counts characters) and a ``TextQuoteSelector`` (exact, plus up to ``context`` characters of prefix
    and suffix); the gloss is a ``TextualBody`` in English. Spans without a gloss carry a ``commenting`` body
    saying why.

    Args:
        doc: the annotated document.
        source: the IRI of the annotated text (default ``urn:multiling:doc:<id>``).
        context: prefix/suffix length in code points.
    """
    source = source or f"urn:multiling:doc:{doc.id if doc.id is not None else 'document'}"
    items = []
    for index, span in enumerate(doc.spans):
        g = span.gloss
        if g.status is GlossStatus.OK:
            body: dict = {"type": "TextualBody", "purpose": "describing", "value": g.text, "language": "en", "format": "text/plain"}
        else:
            why = f"no gloss ({g.status.value})" + (f": {g.message}" if g.message else "")
            body = {"type": "TextualBody", "purpose": "commenting", "value": why, "language": "en", "format": "text/plain"}
        annotation: dict = {
            "id": f"{source}#span-{index}",
            "type": "Annotation",
            "motivation": "describing",
            "body": body,
            "target": {
                "source": source,
                "selector": [
                    {"type": "TextPositionSelector", "start": span.start, "end": span.end},
                    {
                        "type": "TextQuoteSelector",
                        "exact": span.text,
                        "prefix": doc.text[max(0, span.start - context) : span.start],
                        "suffix": doc.text[span.end : span.end + context],
                    },
                ],
            },
            "multiling": {"lang": span.lang, "script": span.script, "status": g.status.value, "model": g.model,
                          "revision": g.revision, "flags": list(g.flags),
                          "utf16": list(span.utf16), "utf8": list(span.utf8)},
        }
        if g.model:
            annotation["generator"] = {"type": "Software", "name": g.model}
        if span.post:
            annotation["multiling"]["post"] = span.post.to_dict()
        items.append(annotation)
    return {
        "@context": WEB_ANNOTATION_CONTEXT,
        "id": f"{source}#annotations",
        "type": "AnnotationCollection",
        "label": "multiling glosses",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }


def render_webanno(doc: AnnotatedDocument, *, source: str | None = None) -> Rendering:
    """W3C Web Annotation JSON (see :func:`web_annotations`), pretty-printed.

    Returns:
        A :class:`Rendering` whose map ties each annotation's ``exact`` quote to its span.
    """
    value = web_annotations(doc, source=source)
    for item, span in zip(value["first"]["items"], doc.spans):
        item["target"]["selector"][1]["exact"] = _Mapped(span.start, span.end)
    return _render_json_value(doc, value, "webanno", "application/ld+json", 2, "\n")
