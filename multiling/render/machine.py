"""Machine formats: JSON, JSONL and W3C Web Annotation JSON, with offset maps into their string values.

The JSON is ``json.dumps(..., ensure_ascii=False)`` (DEL, C1 controls and lone surrogates ``\\uXXXX``-escaped too,
see :func:`dumps_json`), and the characters of the original inside a string value (the document ``text``, or
each annotation's ``exact`` quote) are mapped: unescaped characters are ``copy`` segments, escapes are
``replace``, everything else is ``insert``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from multiling.document import AnnotatedDocument, ArticleRendering
from multiling.offsets import OffsetMapBuilder
from multiling.render.base import Rendering
from multiling.render.display import dumps_json
from multiling.types import GlossStatus

_JSON_ESCAPES = {ch: json.dumps(ch)[1:-1] for ch in map(chr, range(0x20))} | {'"': '\\"', "\\": "\\\\"}
# DEL, C1 controls and lone surrogates are \\uXXXX-escaped too (as dumps_json writes them).
_JSON_ESCAPES |= {chr(code): f"\\u{code:04x}" for code in range(0x7F, 0xA0)}
_JSON_ESCAPES |= {chr(code): f"\\u{code:04x}" for code in range(0xD800, 0xE000)}
WEB_ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


@dataclass(frozen=True, slots=True)
class _Mapped:
    """A JSON string value that is ``original[start:end]`` and is mapped character by character."""

    start: int
    end: int


# A mapped value is written as a placeholder string first, so that the whole document goes through one
# json.dumps call (C-speed on one line); each placeholder is then replaced by the escaped original text with an
# exact map. The placeholder is a private-use character + a number; if the document itself contains that
# stretch, the next marker is tried, so a placeholder can never be confused with content.
_PLACEHOLDER_MARKS = ("\ue000", "\ue001", "\ue002", "\ue003", "\uf8ff")


#: Builds a JSON value, calling ``place(start, end)`` for each string value that is ``original[start:end]``.
ValueBuilder = Callable[[Callable[[int, int], str]], Any]


def _dump_with_placeholders(build: ValueBuilder, indent: int | None) -> tuple[list[str], list[_Mapped]]:
    """The JSON text of the built value cut at each mapped value: ``pieces[i]`` comes before ``mapped[i]``."""
    for mark in _PLACEHOLDER_MARKS:
        mapped: list[_Mapped] = []

        def place(start: int, end: int, mapped: list[_Mapped] = mapped, mark: str = mark) -> str:
            mapped.append(_Mapped(start, end))
            return f"{mark}{len(mapped) - 1}{mark}"

        text = dumps_json(build(place), indent=indent)
        pieces = text.split(f'"{mark}')
        if len(pieces) == len(mapped) + 1 and text.count(mark) == 2 * len(mapped):
            del text
            out = [pieces[0]]
            for index, piece in enumerate(pieces[1:]):
                number, _, rest = piece.partition(mark)
                if number != str(index) or not rest.startswith('"'):
                    break
                out.append(rest[1:])
            else:
                return out, mapped
    raise AssertionError("every placeholder mark occurs in the document")  # pragma: no cover - five PUA marks at once


def _render_json_value(doc: AnnotatedDocument, build: ValueBuilder, fmt: str, media: str, indent: int | None, trailer: str) -> Rendering:
    pieces, mapped = _dump_with_placeholders(build, indent)
    b = OffsetMapBuilder(doc.text)
    for piece, item in zip(pieces, mapped):
        b.insert(piece + '"')
        if b.original_position < item.start:
            b.replace(b.original_position, item.start, "")  # original text not quoted in the JSON: a delete
        b.copy_escaped(item.start, item.end, _JSON_ESCAPES)
        b.insert('"')
    b.insert(pieces[-1])
    # Ranges of the original that no string value covers map to where the emitter had got to.
    if b.original_position < len(doc.text):
        b.replace(b.original_position, len(doc.text), "")
    b.insert(trailer)
    text, omap = b.build(absorb_deletes=True)
    return Rendering(fmt, text, omap, media)


def _doc_value(doc: AnnotatedDocument) -> ValueBuilder:
    def build(place: Callable[[int, int], str]) -> dict:
        data = doc.to_dict()
        data["text"] = place(0, len(doc.text))
        return data

    return build


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
    saying why. Each article rendering of a span follows its annotation as a ``linking`` annotation (target: the
    span; body: the English range that renders it, with score and divergences under ``multiling``).

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
        for number, link in enumerate(span.renderings):
            items.append(_linking_annotation(doc, source, index, number, link, context))
    return {
        "@context": WEB_ANNOTATION_CONTEXT,
        "id": f"{source}#annotations",
        "type": "AnnotationCollection",
        "label": "multiling glosses",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }


def _linking_annotation(doc: AnnotatedDocument, source: str, index: int, number: int, link: ArticleRendering,
                        context: int) -> dict:
    """A ``linking`` annotation: its target is the foreign span, its body the English range of the same article
    that renders it (a ``SpecificResource`` with position and quote selectors), with the score and divergences."""
    span = doc.spans[index]
    return {
        "id": f"{source}#span-{index}-rendering-{number}",
        "type": "Annotation",
        "motivation": "linking",
        "body": {
            "type": "SpecificResource",
            "source": source,
            "selector": [
                {"type": "TextPositionSelector", "start": link.start, "end": link.end},
                {"type": "TextQuoteSelector", "exact": link.text,
                 "prefix": doc.text[max(0, link.start - context) : link.start], "suffix": doc.text[link.end : link.end + context]},
            ],
        },
        "target": {"source": source, "selector": [{"type": "TextPositionSelector", "start": span.start, "end": span.end}]},
        "multiling": {"span": f"{source}#span-{index}", "score": link.score, "method": link.method,
                      "divergences": [d.to_dict() for d in link.divergences],
                      "utf16": list(link.utf16), "utf8": list(link.utf8)},
    }


def render_webanno(doc: AnnotatedDocument, *, source: str | None = None) -> Rendering:
    """W3C Web Annotation JSON (see :func:`web_annotations`), pretty-printed.

    Returns:
        A :class:`Rendering` whose map ties each annotation's ``exact`` quote to its span.
    """
    def build(place: Callable[[int, int], str]) -> dict:
        value = web_annotations(doc, source=source)
        describing = [item for item in value["first"]["items"] if item["motivation"] != "linking"]
        for item, span in zip(describing, doc.spans):
            item["target"]["selector"][1]["exact"] = place(span.start, span.end)
        return value

    return _render_json_value(doc, build, "webanno", "application/ld+json", 2, "\n")
