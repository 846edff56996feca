"""Machine formats: JSON, JSONL and W3C Web Annotation JSON, with offset maps into their string values.

The JSON is ``json.dumps(..., ensure_ascii=False)`` (DEL, C1 controls and lone surrogates ``\\uXXXX``-escaped too,
see :func:`dumps_json`), and the characters of the original inside a string value (the document ``text``, or
each annotation's ``exact`` quote) are mapped: unescaped characters are ``copy`` segments, escapes are
``replace``, everything else is ``insert``.

The document is written piece by piece (:func:`_write_value`): the top-level object key by key, the ``spans`` (and
the web annotations) one item at a time, each through one ``dumps_json`` call, so the writer never holds the whole
JSON, or a dict of every span, at once. The bytes are those of one ``dumps_json`` of the whole value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Iterable, Iterator

from multiling.document import AnnotatedDocument, AnnotatedSpan, ArticleRendering, SpanTable, renderings_count
from multiling.render.base import Format, Rendering, RenderTarget, build_rendering
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


#: Builds a JSON value, calling ``place(start, end)`` for each string value that is ``original[start:end]``.
ValueBuilder = Callable[[Callable[[int, int], str]], Any]


class _Fields(dict):
    """A JSON object written key by key: its values may be :class:`_Items`, :class:`_Mapped` or ``_Fields``."""


@dataclass(frozen=True, slots=True)
class _Items:
    """A JSON array written item by item: each item is made by its :data:`ValueBuilder` just before it is written."""

    builders: Iterable[ValueBuilder]


@dataclass(frozen=True, slots=True)
class _Batches:
    """A JSON array of plain values (nothing in them mapped), written a batch at a time: one ``dumps_json`` call per
    batch, cut out of its brackets and indented to its depth (the same bytes as one call per item, a few times faster)."""

    batches: Iterable[list[Any]]


#: Items per :class:`_Batches` batch: enough to amortise a ``dumps_json`` call, few enough to hold; and the
#: characters of text a batch of spans may quote before it is written (long spans: fewer per batch).
BATCH = 256
BATCH_CHARS = 16_384


# A mapped value inside an item is written as a placeholder string first, so that the item goes through one
# json.dumps call (C-speed on one line); each placeholder is then replaced by the escaped original text with an
# exact map. The placeholder is a private-use character + a number; if the item itself contains that stretch, the
# next marker is tried, so a placeholder can never be confused with content.
_PLACEHOLDER_MARKS = ("\ue000", "\ue001", "\ue002", "\ue003", "\uf8ff")


def _dump_with_placeholders(build: ValueBuilder, indent: int | None) -> tuple[list[str], list[_Mapped]]:
    """The JSON text of the built value cut at each mapped value: ``pieces[i]`` comes before ``mapped[i]``."""
    for mark in _PLACEHOLDER_MARKS:
        mapped: list[_Mapped] = []

        def place(start: int, end: int, mapped: list[_Mapped] = mapped, mark: str = mark) -> str:
            mapped.append(_Mapped(start, end))
            return f"{mark}{len(mapped) - 1}{mark}"

        text = dumps_json(build(place), indent=indent)
        if not mapped:
            return [text], mapped
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


def _write_mapped(b: RenderTarget, item: _Mapped) -> None:
    b.insert('"')
    if b.original_position < item.start:
        b.replace(b.original_position, item.start, "")  # original text not quoted in the JSON: a delete
    b.copy_escaped(item.start, item.end, _JSON_ESCAPES)
    b.insert('"')


def _write_value(b: RenderTarget, value: Any, indent: int | None, depth: int = 0) -> None:
    """Write ``value`` as ``dumps_json(value, indent=indent)`` would at nesting ``depth``, piece by piece."""
    newline = "" if indent is None else "\n" + " " * (indent * (depth + 1))
    separator = ", " if indent is None else ","
    if isinstance(value, _Mapped):
        _write_mapped(b, value)
    elif isinstance(value, _Fields):
        if not value:
            b.insert("{}")
            return
        for number, (key, field) in enumerate(value.items()):
            b.insert((separator if number else "{") + newline + dumps_json(key) + ": ")
            _write_value(b, field, indent, depth + 1)
        b.insert(newline[: len(newline) - (indent or 0)] + "}")
    elif isinstance(value, _Batches):
        written = False
        for batch in value.batches:
            if not batch:
                continue
            text = dumps_json(batch, indent=indent)
            # "[item, item]", or "[\n  item,\n  item\n]" with the items one level deep: the items, at depth + 1.
            body = text[1:-1] if indent is None else text[2 + indent : -2]
            if indent and depth:
                body = body.replace("\n", "\n" + " " * (indent * depth))
            b.insert((separator if written else "[") + newline + body)
            written = True
        b.insert(newline[: len(newline) - (indent or 0)] + "]" if written else "[]")
    elif isinstance(value, _Items):
        written = False
        for build in value.builders:
            b.insert((separator if written else "[") + newline)
            _write_item(b, build, indent, depth + 1)
            written = True
        b.insert(newline[: len(newline) - (indent or 0)] + "]" if written else "[]")
    else:
        _write_item(b, partial(_constant, value), indent, depth)


def _constant(value: Any, place: Callable[[int, int], str]) -> Any:
    return value


def _write_item(b: RenderTarget, build: ValueBuilder, indent: int | None, depth: int) -> None:
    pieces, mapped = _dump_with_placeholders(build, indent)
    if indent and depth:
        inner = "\n" + " " * (indent * depth)
        pieces = [piece.replace("\n", inner) for piece in pieces]
    for piece, item in zip(pieces, mapped):
        b.insert(piece)
        _write_mapped(b, item)
    b.insert(pieces[-1])


def _write_json_value(doc: AnnotatedDocument, b: RenderTarget, value: Any, indent: int | None, trailer: str) -> None:
    _write_value(b, value, indent)
    # Ranges of the original that no string value covers map to where the emitter had got to.
    if b.original_position < len(doc.text):
        b.replace(b.original_position, len(doc.text), "")
    b.insert(trailer)


def _document_value(doc: AnnotatedDocument) -> _Fields:
    return _Fields(doc.outline(_Mapped(0, len(doc.text)), _Batches(_span_dicts(doc))))


def _span_dicts(doc: AnnotatedDocument) -> Iterator[list[dict]]:
    """The spans' dicts, up to :data:`BATCH` at a time and fewer long ones (:data:`BATCH_CHARS`), straight from the
    columns of a :class:`SpanTable`."""
    spans = doc.spans
    table = spans if isinstance(spans, SpanTable) else None
    batch: list[dict] = []
    chars = 0
    for index in range(len(spans)):
        item = table.span_dict(index) if table is not None else spans[index].to_dict()
        batch.append(item)
        chars += len(item["text"]) + len(item["gloss"] or "") + sum(len(r["text"]) for r in item["article_renderings"])
        if len(batch) == BATCH or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def render_json(doc: AnnotatedDocument, *, indent: int | None = 2) -> Rendering:
    """The document as JSON (:meth:`AnnotatedDocument.to_dict`), pretty-printed, deterministic.

    Returns:
        A :class:`Rendering` whose map ties the ``"text"`` value to the original, character by character.
    """
    return build_rendering(doc, JSON_FORMAT, indent=indent)


def write_json(doc: AnnotatedDocument, b: RenderTarget, *, indent: int | None = 2) -> None:
    """Write the ``json`` rendering (see :func:`render_json`) into ``b``."""
    _write_json_value(doc, b, _document_value(doc), indent, "\n")


def render_jsonl(doc: AnnotatedDocument) -> Rendering:
    """The document as one JSON line (same shape as :func:`render_json`), newline-terminated."""
    return build_rendering(doc, JSONL_FORMAT)


def write_jsonl(doc: AnnotatedDocument, b: RenderTarget) -> None:
    """Write the ``jsonl`` rendering (see :func:`render_jsonl`) into ``b``."""
    _write_json_value(doc, b, _document_value(doc), None, "\n")


#: Characters of prefix and suffix a web annotation's ``TextQuoteSelector`` quotes around the span.
QUOTE_CONTEXT = 32


def web_annotations(doc: AnnotatedDocument, *, source: str | None = None, context: int = QUOTE_CONTEXT) -> dict:
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
    source = _source(doc, source)
    items = [build(lambda start, end: doc.text[start:end]) for build in _annotation_builders(doc, source, context)]
    return _collection(source, items, len(items), dict)


def _source(doc: AnnotatedDocument, source: str | None) -> str:
    return source or f"urn:multiling:doc:{doc.id if doc.id is not None else 'document'}"


def _collection(source: str, items: Any, total: int, obj: Callable[[dict], dict]) -> dict:
    """The ``AnnotationCollection`` of ``total`` annotations ``items`` (``obj`` makes each object: ``dict``, or
    ``_Fields`` to write it piece by piece)."""
    return obj({
        "@context": WEB_ANNOTATION_CONTEXT,
        "id": f"{source}#annotations",
        "type": "AnnotationCollection",
        "label": "multiling glosses",
        "total": total,
        "first": obj({"type": "AnnotationPage", "items": items}),
    })


def _annotation_builders(doc: AnnotatedDocument, source: str, context: int) -> Iterator[ValueBuilder]:
    """One builder per annotation, in order: each span's, then the ``linking`` ones of its article renderings."""
    for index, span in enumerate(doc.spans):
        yield partial(_span_annotation, doc, source, index, span, context)
        for number, link in enumerate(span.renderings):
            yield partial(_placed_linking_annotation, doc, source, index, number, link, context)


def _span_annotation(doc: AnnotatedDocument, source: str, index: int, span: AnnotatedSpan, context: int,
                     place: Callable[[int, int], str]) -> dict:
    """The ``describing`` annotation of ``span`` (number ``index``); its ``exact`` quote is ``place(span.start, span.end)``."""
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
                    "exact": place(span.start, span.end),
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
    return annotation


def _placed_linking_annotation(doc: AnnotatedDocument, source: str, index: int, number: int, link: ArticleRendering,
                               context: int, place: Callable[[int, int], str]) -> dict:
    return _linking_annotation(doc, source, index, number, link, context)  # quotes nothing that is mapped


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
    return build_rendering(doc, WEBANNO_FORMAT, source=source)


def write_webanno(doc: AnnotatedDocument, b: RenderTarget, *, source: str | None = None) -> None:
    """Write the ``webanno`` rendering (see :func:`render_webanno`) into ``b``, one annotation at a time."""
    name = _source(doc, source)
    total = len(doc.spans) + renderings_count(doc)
    value = _collection(name, _Items(_annotation_builders(doc, name, QUOTE_CONTEXT)), total, _Fields)
    _write_json_value(doc, b, value, 2, "\n")


# The JSON formats quote only parts of the original: a stretch no string value holds is absorbed into the markup
# beside it, so every original range still maps somewhere.
JSON_FORMAT = Format("json", write_json, "application/json", absorb_deletes=True)
JSONL_FORMAT = Format("jsonl", write_jsonl, "application/jsonl", absorb_deletes=True)
WEBANNO_FORMAT = Format("webanno", write_webanno, "application/ld+json", absorb_deletes=True)
