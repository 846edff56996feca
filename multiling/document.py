"""The annotated document: the original text, its foreign spans with their glosses, and embedded posts.

JSON shape (``AnnotatedDocument.to_dict``), version :data:`SCHEMA_VERSION`::

    {
      "schema": "multiling.annotated-document", "version": 2,
      "id": "a1" | null,
      "text": "<the original, unchanged>",
      "length": {"code_points": n, "utf16": n, "utf8": n},
      "spans": [{
          "start": 1180, "end": 1301,                 # code points, end-exclusive (= Python slicing)
          "utf16": [1180, 1301], "utf8": [1190, 1520], # the same range in UTF-16 code units / UTF-8 bytes
          "text": "...", "lang": "ar", "script": "Arab", "confidence": 0.99,
          "gloss": "..." | null, "status": "ok" | "no-model" | "skipped" | "error",
          "model": "Helsinki-NLP/opus-mt-ar-en" | null, "revision": "..." | null,
          "flags": ["length-ratio"], "message": "..." | null,
          "post": null | {"author": "...", "handle": "MAKadhimi", "date": "2022-01-21", "date_text": "January 21, 2022",
                          "url": "pic.twitter.com/..." | null, "start": 1400, "end": 1460, "text": "— Mustafa ..."},
          "article_renderings": [{                    # English ranges of the article that render this span, best first
              "start": 310, "end": 352, "utf16": [310, 352], "utf8": [310, 352], "text": "will not pass without ...",
              "score": 0.81, "method": "gloss-similarity",
              "divergences": [{"kind": "number" | "handle" | "negation", "in_span": "12" | null, "in_rendering": "15" | null}]
          }]
      }],
      "posts": [ {... as above, "span": 3 | null} ],  # every attribution found, with the index of the span it closes
      "bidi_controls": [1412, ...],                   # code-point offsets of U+200E/F, U+202A–E, U+2066–9 (kept in text)
      "summary": {"spans": 3, "ok": 2, "no-model": 1, "skipped": 0, "error": 0}
    }

Version history: 2 added ``article_renderings`` to each span (:mod:`multiling.merge.renderings`); version 1
documents are still read (their spans have no renderings).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence as SequenceABC
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar, Union, overload

from multiling.chars import BIDI_CONTROLS, RTL_SCRIPTS
from multiling.errors import InputError, OffsetError
from multiling.offsets import _ASTRAL, UnitIndex
from multiling.types import MISSING_GLOSS, Gloss, GlossStatus, Span, check_next_span, check_spans

SCHEMA_NAME = "multiling.annotated-document"
SCHEMA_VERSION = 2
#: Versions :meth:`AnnotatedDocument.from_dict` reads.
READABLE_VERSIONS = (1, 2)

T = TypeVar("T")
_STATUS_VALUE = {status: status.value for status in GlossStatus}  # faster than the enum's ``value`` property
#: A gloss without its text: ``(status, model, revision, flags, message)``.
GlossFacts = tuple[GlossStatus, Union[str, None], Union[str, None], tuple[str, ...], Union[str, None]]

_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


@dataclass(frozen=True, slots=True)
class Post:
    """An embedded post's attribution line (``— Name (@handle) Month D, YYYY``), as found in the text.

    Attributes:
        author: display name as written (may be in any script).
        handle: the account handle without ``@``.
        date: ISO date ``YYYY-MM-DD``, or ``None`` when the date could not be read.
        date_text: the date as written.
        url: a ``pic.twitter.com/...`` (or ``t.co``/status) link in the post, or ``None``.
        start: code-point offset where the attribution starts (its dash), end-exclusive ``end``.
        end: code-point offset just past the date.
        text: the attribution text, ``document[start:end]``.
    """

    author: str
    handle: str
    date: str | None
    date_text: str
    url: str | None
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        """A JSON-ready dict with a fixed key order."""
        return {
            "author": self.author,
            "handle": self.handle,
            "date": self.date,
            "date_text": self.date_text,
            "url": self.url,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Post":
        """Inverse of :meth:`to_dict` (extra keys such as ``span`` are ignored)."""
        return cls(
            author=data["author"],
            handle=data["handle"],
            date=data.get("date"),
            date_text=data["date_text"],
            url=data.get("url"),
            start=data["start"],
            end=data["end"],
            text=data["text"],
        )


@dataclass(frozen=True, slots=True)
class Divergence:
    """Something a foreign span and the article's rendering of it disagree on (a fact to check, not a verdict).

    Attributes:
        kind: ``number`` (digits in any script, normalised), ``handle`` (an @handle) or ``negation``.
        in_span: the value as the span has it (``None``: the span has no such value); for ``negation``,
            ``negated`` or ``affirmed`` as the gloss says.
        in_rendering: the value as the rendering has it (``None``: the rendering has no such value).
    """

    kind: str
    in_span: str | None
    in_rendering: str | None

    def to_dict(self) -> dict:
        """A JSON-ready dict with a fixed key order."""
        return {"kind": self.kind, "in_span": self.in_span, "in_rendering": self.in_rendering}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Divergence":
        """Inverse of :meth:`to_dict`."""
        return cls(data["kind"], data.get("in_span"), data.get("in_rendering"))


@dataclass(frozen=True, slots=True)
class ArticleRendering:
    """An English range of the article that renders a foreign span (found by :mod:`multiling.merge.renderings`).

    Attributes:
        start: code-point offset of the rendering in the document (end-exclusive ``end``); never inside a
            foreign span.
        end: code-point offset just past it.
        text: ``document[start:end]``.
        score: similarity of the span's gloss and this range, 0..1 (higher is closer).
        method: how it was found (``gloss-similarity``).
        divergences: numbers, handles or a negation that differ between the span and this rendering.
        utf16: ``(start, end)`` in UTF-16 code units.
        utf8: ``(start, end)`` in UTF-8 bytes.
    """

    start: int
    end: int
    text: str
    score: float
    method: str
    divergences: tuple[Divergence, ...] = ()
    utf16: tuple[int, int] = (-1, -1)
    utf8: tuple[int, int] = (-1, -1)

    def to_dict(self) -> dict:
        """A JSON-ready dict with a fixed key order."""
        return {
            "start": self.start,
            "end": self.end,
            "utf16": list(self.utf16),
            "utf8": list(self.utf8),
            "text": self.text,
            "score": self.score,
            "method": self.method,
            "divergences": [d.to_dict() for d in self.divergences],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ArticleRendering":
        """Inverse of :meth:`to_dict` (offsets are checked by :meth:`AnnotatedDocument.from_dict`)."""
        return cls(
            start=data["start"], end=data["end"], text=data["text"], score=float(data["score"]), method=data["method"],
            divergences=tuple(Divergence.from_dict(d) for d in data.get("divergences", ())),
            utf16=tuple(data.get("utf16", (-1, -1))),
            utf8=tuple(data.get("utf8", (-1, -1))),
        )


@dataclass(frozen=True, slots=True)
class AnnotatedSpan:
    """A foreign span with its gloss, in three offset units.

    Attributes:
        span: the segmenter's span (code-point offsets, end-exclusive).
        gloss: the translator's gloss or the reason there is none.
        utf16: ``(start, end)`` of the same range in UTF-16 code units (JavaScript, Java, C#).
        utf8: ``(start, end)`` in UTF-8 bytes (Go, Rust, C).
        post: the embedded post this span closes, if an attribution follows it.
        renderings: English ranges of the same document that render this span, best first (see
            :mod:`multiling.merge.renderings`); empty when none was found or the span has no gloss.
    """

    span: Span
    gloss: Gloss
    utf16: tuple[int, int]
    utf8: tuple[int, int]
    post: Post | None = None
    renderings: tuple[ArticleRendering, ...] = ()

    @property
    def start(self) -> int:
        """Code-point offset of the first character."""
        return self.span.start

    @property
    def end(self) -> int:
        """Code-point offset just past the last character."""
        return self.span.end

    @property
    def text(self) -> str:
        """The covered original text."""
        return self.span.text

    @property
    def lang(self) -> str:
        """The span's language code."""
        return self.span.lang

    @property
    def script(self) -> str:
        """The span's ISO 15924 script code."""
        return self.span.script

    @property
    def status(self) -> GlossStatus:
        """The gloss status."""
        return self.gloss.status

    @property
    def is_rtl(self) -> bool:
        """True when the span's script is written right to left."""
        return self.span.script in RTL_SCRIPTS

    def to_dict(self) -> dict:
        """A JSON-ready dict with a fixed key order (see the module docstring)."""
        s, g = self.span, self.gloss
        return _span_dict(s.start, s.end, self.utf16, self.utf8, s.text, s.lang, s.script, s.confidence,
                          g.text, (g.status, g.model, g.revision, g.flags, g.message), self.post, self.renderings)


def _span_dict(start: int, end: int, utf16: Sequence[int], utf8: Sequence[int], text: str, lang: str, script: str,
               confidence: float, gloss: str | None, about: GlossFacts,
               post: Post | None, renderings: Sequence[ArticleRendering]) -> dict:
    """The JSON dict of one span (:meth:`AnnotatedSpan.to_dict`); ``about`` is the gloss's status, model, revision,
    flags and message."""
    status, model, revision, flags, message = about
    return {
        "start": start,
        "end": end,
        "utf16": list(utf16),
        "utf8": list(utf8),
        "text": text,
        "lang": lang,
        "script": script,
        "confidence": round(confidence, 4),
        "gloss": gloss,
        "status": _STATUS_VALUE[status],
        "model": model,
        "revision": revision,
        "flags": list(flags),
        "message": message,
        "post": post.to_dict() if post else None,
        "article_renderings": [r.to_dict() for r in renderings],
    }


class SpanTable(SequenceABC):
    """A document's annotated spans held as columns; each :class:`AnnotatedSpan` is made when it is asked for.

    This is what :attr:`AnnotatedDocument.spans` holds for a document built by :func:`build_document`: a read-only
    sequence that behaves as a tuple of :class:`AnnotatedSpan` (indexing, slices as tuples, ``len``, iteration,
    equality with any sequence of the same spans). Per span it keeps offsets in machine-integer arrays (UTF-16 and
    UTF-8 ones only when they differ from the code points), an index into the document's distinct language/script
    pairs and into its distinct gloss statuses/models/flags/messages, the confidence and the gloss text; the covered
    text is sliced from the document on access. About 60 bytes and the gloss per span, where the objects took ~700.
    """

    __slots__ = ("_text", "_bounds", "_utf16", "_utf8", "_kinds", "_kind_of", "_confidences", "_glosses", "_abouts",
                 "_about_of", "_posts", "_renderings")

    def __init__(self, text: str, pairs: Iterable[tuple[Span, Gloss]], closing: Mapping[int, Post] | None = None) -> None:
        """Hold ``pairs`` (``(span, gloss)`` in document order) of ``text``, checked as :func:`check_spans` does.

        Raises:
            OffsetError: a span out of bounds, out of order, overlapping the one before, or not matching the text.
        """
        self._text = text
        self._bounds = array("q")  # start, end of each span
        kinds: list[tuple[str, str]] = []
        kind_of: dict[tuple[str, str], int] = {}
        abouts: list[GlossFacts] = []
        about_of: dict[tuple, int] = {}
        self._kinds = array("I")
        self._confidences = array("d")
        self._glosses: list[str | None] = []
        self._abouts = array("I")
        previous_end = 0
        for index, (span, gloss) in enumerate(pairs):
            check_next_span(text, index, span, previous_end)
            previous_end = span.end
            self._bounds.extend((span.start, span.end))
            kind = (span.lang, span.script)
            number = kind_of.get(kind)
            if number is None:
                number = kind_of[kind] = len(kinds)
                kinds.append(kind)
            self._kinds.append(number)
            self._confidences.append(span.confidence)
            self._glosses.append(gloss.text)
            about = (gloss.status, gloss.model, gloss.revision, gloss.flags, gloss.message)
            number = about_of.get(about)
            if number is None:
                number = about_of[about] = len(abouts)
                abouts.append(about)
            self._abouts.append(number)
        self._kind_of = tuple(kinds)
        self._about_of = tuple(abouts)
        self._utf16 = _unit_offsets(text, self._bounds, "utf-16")
        self._utf8 = _unit_offsets(text, self._bounds, "utf-8")
        self._posts: dict[int, Post] = dict(closing or {})
        self._renderings: dict[int, tuple[ArticleRendering, ...]] = {}

    def with_renderings(self, renderings: Mapping[int, tuple[ArticleRendering, ...]]) -> "SpanTable":
        """The same spans with ``renderings[i]`` as span ``i``'s article renderings (the others have none)."""
        table = object.__new__(SpanTable)
        for name in SpanTable.__slots__:
            setattr(table, name, getattr(self, name))
        table._renderings = {index: tuple(links) for index, links in renderings.items() if links}
        return table

    def __len__(self) -> int:
        return len(self._glosses)

    def _make(self, index: int) -> AnnotatedSpan:
        start, end = self._bounds[2 * index], self._bounds[2 * index + 1]
        lang, script = self._kind_of[self._kinds[index]]
        u16, u8 = self._utf16, self._utf8
        return _new_annotated_span(
            _new_span(start, end, lang, script, self._confidences[index], self._text[start:end]),
            _new_gloss(self._glosses[index], *self._about_of[self._abouts[index]]),
            (start, end) if u16 is None else (u16[2 * index], u16[2 * index + 1]),
            (start, end) if u8 is None else (u8[2 * index], u8[2 * index + 1]),
            self._posts.get(index),
            self._renderings.get(index, ()),
        )

    @overload
    def __getitem__(self, index: int) -> AnnotatedSpan: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[AnnotatedSpan, ...]: ...

    def __getitem__(self, index: int | slice) -> AnnotatedSpan | tuple[AnnotatedSpan, ...]:
        if isinstance(index, slice):
            return tuple(self._make(i) for i in range(*index.indices(len(self))))
        count = len(self)
        position = index + count if index < 0 else index
        if not 0 <= position < count:
            raise IndexError("span index out of range")
        return self._make(position)

    def __iter__(self) -> Iterator[AnnotatedSpan]:
        # _make, unrolled: every writer walks all the spans, so each one is made with as few calls as can be.
        text, bounds, kinds, kind_of, confidences = self._text, self._bounds, self._kinds, self._kind_of, self._confidences
        glosses, abouts, about_of, posts, renderings = self._glosses, self._abouts, self._about_of, self._posts, self._renderings
        u16, u8 = self._utf16, self._utf8
        new = object.__new__
        s_start, s_end, s_lang, s_script, s_confidence, s_text = _SPAN_SETTERS
        g_text, g_status, g_model, g_revision, g_flags, g_message = _GLOSS_SETTERS
        a_span, a_gloss, a_utf16, a_utf8, a_post, a_renderings = _ANNOTATED_SPAN_SETTERS
        for index in range(len(glosses)):
            start, end = bounds[2 * index], bounds[2 * index + 1]
            span = new(Span)
            s_start(span, start)
            s_end(span, end)
            s_lang(span, kind_of[kinds[index]][0])
            s_script(span, kind_of[kinds[index]][1])
            s_confidence(span, confidences[index])
            s_text(span, text[start:end])
            gloss = new(Gloss)
            status, model, revision, flags, message = about_of[abouts[index]]
            g_text(gloss, glosses[index])
            g_status(gloss, status)
            g_model(gloss, model)
            g_revision(gloss, revision)
            g_flags(gloss, flags)
            g_message(gloss, message)
            item = new(AnnotatedSpan)
            a_span(item, span)
            a_gloss(item, gloss)
            a_utf16(item, (start, end) if u16 is None else (u16[2 * index], u16[2 * index + 1]))
            a_utf8(item, (start, end) if u8 is None else (u8[2 * index], u8[2 * index + 1]))
            a_post(item, posts.get(index))
            a_renderings(item, renderings.get(index, ()))
            yield item

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SequenceABC) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def bounds(self, index: int) -> tuple[int, int]:
        """``(start, end)`` of span ``index`` in code points (no span object made)."""
        return self._bounds[2 * index], self._bounds[2 * index + 1]

    def gloss_text(self, index: int) -> str | None:
        """The gloss text of span ``index`` (``None`` unless its status is ``ok``)."""
        return self._glosses[index]

    def status(self, index: int) -> GlossStatus:
        """The gloss status of span ``index``."""
        return self._about_of[self._abouts[index]][0]

    def gloss_facts(self) -> Iterator[GlossFacts]:
        """Every span's gloss ``(status, model, revision, flags, message)``, in order (no span object made)."""
        return map(self._about_of.__getitem__, self._abouts)


    def span_dict(self, index: int) -> dict:
        """``self[index].to_dict()``, built from the columns."""
        start, end = self._bounds[2 * index], self._bounds[2 * index + 1]
        u16, u8 = self._utf16, self._utf8
        lang, script = self._kind_of[self._kinds[index]]
        return _span_dict(start, end, (start, end) if u16 is None else u16[2 * index : 2 * index + 2],
                          (start, end) if u8 is None else u8[2 * index : 2 * index + 2], self._text[start:end], lang,
                          script, self._confidences[index], self._glosses[index], self._about_of[self._abouts[index]],
                          self._posts.get(index), self._renderings.get(index, ()))


def _slot_constructor(cls: type[T]) -> Callable[..., T]:
    """A constructor of the frozen slots dataclass ``cls`` from all its fields in order that skips ``__init__`` and
    its checks: for values checked already (a :class:`SpanTable` checked its spans when it was built, and makes
    each one again on every access, three times faster this way). The object is the one ``cls(*values)`` makes."""
    setters = _setters(cls)
    new = object.__new__

    def make(*values: Any) -> T:
        obj = new(cls)
        for set_field, value in zip(setters, values):
            set_field(obj, value)
        return obj

    return make


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot setters of a slots dataclass's fields, in order (they bypass a frozen class's ``__setattr__``)."""
    return tuple(getattr(cls, f.name).__set__ for f in fields(cls))


_SPAN_SETTERS = _setters(Span)
_GLOSS_SETTERS = _setters(Gloss)
_ANNOTATED_SPAN_SETTERS = _setters(AnnotatedSpan)
_new_span = _slot_constructor(Span)
_new_gloss = _slot_constructor(Gloss)
_new_annotated_span = _slot_constructor(AnnotatedSpan)


def _unit_length(text: str, unit: str) -> int:
    """The length of ``text`` in UTF-16 code units or UTF-8 bytes, encoded 64 K characters at a time (a huge
    document is never held twice, not even a megabyte of it)."""
    encoding, width = ("utf-16-le", 2) if unit == "utf-16" else ("utf-8", 1)
    step = 1 << 16
    return sum(len(text[i : i + step].encode(encoding, "surrogatepass")) for i in range(0, len(text), step)) // width


def _unit_offsets(text: str, offsets: array, unit: str) -> array | None:
    """``offsets`` (code points, never decreasing) in UTF-16 code units or UTF-8 bytes; ``None`` when every offset
    of ``text`` is the same in that unit (ASCII for UTF-8, nothing beyond the BMP for UTF-16). One pass: each stretch
    between two offsets is encoded once."""
    if (text.isascii() if unit == "utf-8" else _ASTRAL.search(text) is None):
        return None
    encoding, width = ("utf-16-le", 2) if unit == "utf-16" else ("utf-8", 1)
    out = array("q")
    position = converted = 0
    for offset in offsets:
        if offset > position:
            converted += len(text[position:offset].encode(encoding, "surrogatepass")) // width
            position = offset
        out.append(converted)
    return out


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """An original text with its glossed foreign spans. The text is never modified.

    Build one with :func:`multiling.annotate`, :func:`multiling.merge.merge` or :meth:`from_dict`.

    Attributes:
        text: the original text.
        spans: the foreign spans (``lang != "en"``) in document order, each with its gloss: a read-only sequence
            of :class:`AnnotatedSpan` that behaves as a tuple (a :class:`SpanTable`, its spans held as columns and
            made on access, when built by :func:`build_document`; equal to the tuple of the same spans).
        id: the record id for documents that came from ``{"id", "text"}`` records.
        posts: every embedded-post attribution found, in order.
        bidi_controls: code-point offsets of bidi control characters in ``text`` (kept, reported).
        utf16_length: length of ``text`` in UTF-16 code units.
        utf8_length: length of ``text`` in UTF-8 bytes.
    """

    text: str
    spans: Sequence[AnnotatedSpan]
    id: str | None = None
    posts: tuple[Post, ...] = field(default_factory=tuple)
    bidi_controls: tuple[int, ...] = field(default_factory=tuple)
    utf16_length: int = -1
    utf8_length: int = -1

    def __post_init__(self) -> None:
        if not (isinstance(self.spans, SpanTable) and self.spans._text is self.text):  # a table is checked when built
            check_spans(self.text, [s.span for s in self.spans])
        if self.utf16_length < 0:
            object.__setattr__(self, "utf16_length", _unit_length(self.text, "utf-16"))
        if self.utf8_length < 0:
            object.__setattr__(self, "utf8_length", _unit_length(self.text, "utf-8"))

    @property
    def summary(self) -> dict[str, int]:
        """How many spans there are and how many have each status."""
        counts = {"spans": len(self.spans), **{status.value: 0 for status in GlossStatus}}
        for facts in self.gloss_facts():
            counts[_STATUS_VALUE[facts[0]]] += 1
        return counts

    @property
    def fully_glossed(self) -> bool:
        """True when no span ended ``no-model`` or ``error`` (``skipped`` is deliberate, not a failure)."""
        return all(facts[0] not in MISSING_GLOSS for facts in self.gloss_facts())

    def gloss_facts(self) -> Iterator[GlossFacts]:
        """Each span's gloss ``(status, model, revision, flags, message)``, in order, without making the spans."""
        spans = self.spans
        if isinstance(spans, SpanTable):
            return spans.gloss_facts()
        return ((s.gloss.status, s.gloss.model, s.gloss.revision, s.gloss.flags, s.gloss.message) for s in spans)

    def to_dict(self) -> dict:
        """The versioned JSON shape described in the module docstring; deterministic key order."""
        return self.outline(self.text, [s.to_dict() for s in self.spans])

    def outline(self, text: Any, spans: Any) -> dict:
        """:meth:`to_dict` with ``text`` and ``spans`` as its ``"text"`` and ``"spans"`` values: a writer that streams
        the document puts stand-ins there and writes the text and the spans piece by piece."""
        span_of_post = {(post.start, post.end): index for index, post in closing_posts(self)}
        return {
            "schema": SCHEMA_NAME,
            "version": SCHEMA_VERSION,
            "id": self.id,
            "text": text,
            "length": {"code_points": len(self.text), "utf16": self.utf16_length, "utf8": self.utf8_length},
            "spans": spans,
            "posts": [{**p.to_dict(), "span": span_of_post.get((p.start, p.end))} for p in self.posts],
            "bidi_controls": list(self.bidi_controls),
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "AnnotatedDocument":
        """Rebuild a document from :meth:`to_dict` output, checking every offset against the text.

        Raises:
            InputError: wrong schema name or an unknown version.
            OffsetError: a span whose offsets (any unit) or text do not match the document.
        """
        if data.get("schema") != SCHEMA_NAME or data.get("version") not in READABLE_VERSIONS:
            raise InputError(
                f"not a {SCHEMA_NAME} version {SCHEMA_VERSION} document "
                f"(schema={data.get('schema')!r}, version={data.get('version')!r}); re-run `multiling annotate --format json`"
            )
        text = data["text"]
        posts = tuple(Post.from_dict(p) for p in data.get("posts", ()))
        by_range = {(p.start, p.end): p for p in posts}
        spans = []
        for raw in data["spans"]:
            span = Span(raw["start"], raw["end"], raw["lang"], raw["script"], float(raw["confidence"]), raw["text"])
            gloss = Gloss(
                text=raw.get("gloss"),
                status=GlossStatus(raw["status"]),
                model=raw.get("model"),
                revision=raw.get("revision"),
                flags=tuple(raw.get("flags", ())),
                message=raw.get("message"),
            )
            post = None
            if raw.get("post"):
                post = Post.from_dict(raw["post"])
                post = by_range.get((post.start, post.end), post)
            spans.append((span, gloss, tuple(raw["utf16"]), tuple(raw["utf8"]), post,
                          tuple(ArticleRendering.from_dict(r) for r in raw.get("article_renderings") or ())))
        doc = build_document(text, [(s, g) for s, g, *_ in spans], id=data.get("id"), posts=posts,
                             closing={i: entry[4] for i, entry in enumerate(spans) if entry[4] is not None})
        for annotated, (_, _, u16, u8, *_) in zip(doc.spans, spans):
            if annotated.utf16 != u16 or annotated.utf8 != u8:
                raise OffsetError(
                    f"span [{annotated.start}, {annotated.end}) has utf16 {list(u16)} / utf8 {list(u8)}, "
                    f"but the text gives {list(annotated.utf16)} / {list(annotated.utf8)}"
                )
        return attach_renderings(doc, [links for *_, links in spans])


def attach_renderings(doc: AnnotatedDocument, renderings: Sequence[Sequence[ArticleRendering]]) -> AnnotatedDocument:
    """``doc`` with ``renderings[i]`` as the article renderings of span ``i``, each checked against the text.

    A rendering's UTF-16/UTF-8 offsets are computed when missing (``-1``) and must agree with the text otherwise.

    Raises:
        OffsetError: a rendering out of bounds, not matching its text, overlapping a foreign span, or with offsets
            in another unit that disagree; or not one list of renderings per span.
    """
    if len(renderings) != len(doc.spans):
        raise OffsetError(f"{len(renderings)} lists of renderings for {len(doc.spans)} spans")
    if not any(renderings):
        return doc
    import bisect
    from dataclasses import replace

    units = (UnitIndex(doc.text, "utf-16"), UnitIndex(doc.text, "utf-8"))
    bounds = [(s.start, s.end) for s in doc.spans] if not isinstance(doc.spans, SpanTable) else None
    table = doc.spans if isinstance(doc.spans, SpanTable) else None
    starts = table._bounds[::2] if table is not None else [start for start, _ in bounds or ()]
    attached: dict[int, tuple[ArticleRendering, ...]] = {}
    for number, links in enumerate(renderings):
        if not links:
            continue
        checked = []
        for link in links:
            if not (0 <= link.start < link.end <= len(doc.text)) or doc.text[link.start : link.end] != link.text:
                raise OffsetError(f"article rendering [{link.start}, {link.end}) does not match the text {link.text!r}")
            index = bisect.bisect_left(starts, link.end) - 1
            start, end = (table.bounds(index) if table is not None else bounds[index]) if index >= 0 else (0, 0)  # type: ignore[index]
            if index >= 0 and end > link.start:
                raise OffsetError(f"article rendering [{link.start}, {link.end}) overlaps the foreign span [{start}, {end})")
            u16 = (units[0](link.start), units[0](link.end))
            u8 = (units[1](link.start), units[1](link.end))
            for name, given, real in (("utf16", link.utf16, u16), ("utf8", link.utf8, u8)):
                if tuple(given) != (-1, -1) and tuple(given) != real:
                    raise OffsetError(f"article rendering [{link.start}, {link.end}) has {name} {list(given)}, "
                                      f"but the text gives {list(real)}")
            checked.append(replace(link, utf16=u16, utf8=u8))
        attached[number] = tuple(checked)
    if table is not None:
        return replace(doc, spans=table.with_renderings(attached))
    return replace(doc, spans=tuple(replace(span, renderings=attached[number]) if number in attached else span
                                    for number, span in enumerate(doc.spans)))


def bounds_and_glosses(spans: Sequence[AnnotatedSpan]) -> tuple[Sequence[int], Sequence[int], list[str | None]]:
    """Each span's start and end (code points), and its gloss text when its status is ``ok`` (else ``None``), in
    order (from the columns of a :class:`SpanTable`: no span made, 8 bytes per offset)."""
    if isinstance(spans, SpanTable):
        return (spans._bounds[::2], spans._bounds[1::2],
                [text if facts[0] is GlossStatus.OK else None for text, facts in zip(spans._glosses, spans.gloss_facts())])
    return ([s.start for s in spans], [s.end for s in spans],
            [s.gloss.text if s.status is GlossStatus.OK else None for s in spans])


def closing_posts(doc: AnnotatedDocument) -> Iterator[tuple[int, Post]]:
    """``(index, post)`` of each span that closes an embedded post, in order (the other spans are not made)."""
    spans = doc.spans
    if isinstance(spans, SpanTable):
        return iter(sorted(spans._posts.items()))
    return ((index, span.post) for index, span in enumerate(spans) if span.post is not None)


def renderings_count(doc: AnnotatedDocument) -> int:
    """How many article renderings the document's spans have in all."""
    spans = doc.spans
    if isinstance(spans, SpanTable):
        return sum(map(len, spans._renderings.values()))
    return sum(len(span.renderings) for span in spans)


def spans_with_renderings(doc: AnnotatedDocument) -> Iterator[tuple[int, AnnotatedSpan]]:
    """``(index, span)`` of each span that has article renderings, in order (the others are not made)."""
    spans = doc.spans
    if isinstance(spans, SpanTable):
        return ((index, spans[index]) for index in sorted(spans._renderings))
    return ((index, span) for index, span in enumerate(spans) if span.renderings)


def find_bidi_controls(text: str) -> tuple[int, ...]:
    """Code-point offsets of every bidi control character in ``text``."""
    return tuple(m.start() for m in _BIDI_RE.finditer(text))


def build_document(
    text: str,
    pairs: Iterable[tuple[Span, Gloss]],
    *,
    id: str | None = None,
    posts: Iterable[Post] = (),
    closing: Mapping[int, Post] | None = None,
) -> AnnotatedDocument:
    """Assemble an :class:`AnnotatedDocument`, computing UTF-16/UTF-8 offsets and bidi controls.

    Args:
        text: the original text.
        pairs: ``(span, gloss)`` per foreign span, in document order (code-point offsets); read once, kept as
            columns (:class:`SpanTable`), so the span and gloss objects can go.
        id: record id, if any.
        posts: attributions found in the text.
        closing: span index -> the post that span closes.

    Returns:
        The document.

    Raises:
        OffsetError: spans out of bounds, unordered, overlapping or not matching the text.
    """
    return AnnotatedDocument(
        text=text,
        spans=SpanTable(text, pairs, closing),
        id=id,
        posts=tuple(posts),
        bidi_controls=find_bidi_controls(text),
    )
