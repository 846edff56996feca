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
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from multiling.chars import BIDI_CONTROLS, RTL_SCRIPTS
from multiling.errors import InputError, OffsetError
from multiling.offsets import UnitIndex
from multiling.types import MISSING_GLOSS, Gloss, GlossStatus, Span, check_spans

SCHEMA_NAME = "multiling.annotated-document"
SCHEMA_VERSION = 2
#: Versions :meth:`AnnotatedDocument.from_dict` reads.
READABLE_VERSIONS = (1, 2)

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
        g = self.gloss
        return {
            "start": self.span.start,
            "end": self.span.end,
            "utf16": list(self.utf16),
            "utf8": list(self.utf8),
            "text": self.span.text,
            "lang": self.span.lang,
            "script": self.span.script,
            "confidence": round(self.span.confidence, 4),
            "gloss": g.text,
            "status": g.status.value,
            "model": g.model,
            "revision": g.revision,
            "flags": list(g.flags),
            "message": g.message,
            "post": self.post.to_dict() if self.post else None,
            "article_renderings": [r.to_dict() for r in self.renderings],
        }


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """An original text with its glossed foreign spans. The text is never modified.

    Build one with :func:`multiling.annotate`, :func:`multiling.merge.merge` or :meth:`from_dict`.

    Attributes:
        text: the original text.
        spans: the foreign spans (``lang != "en"``) in document order, each with its gloss.
        id: the record id for documents that came from ``{"id", "text"}`` records.
        posts: every embedded-post attribution found, in order.
        bidi_controls: code-point offsets of bidi control characters in ``text`` (kept, reported).
        utf16_length: length of ``text`` in UTF-16 code units.
        utf8_length: length of ``text`` in UTF-8 bytes.
    """

    text: str
    spans: tuple[AnnotatedSpan, ...]
    id: str | None = None
    posts: tuple[Post, ...] = field(default_factory=tuple)
    bidi_controls: tuple[int, ...] = field(default_factory=tuple)
    utf16_length: int = -1
    utf8_length: int = -1

    def __post_init__(self) -> None:
        check_spans(self.text, [s.span for s in self.spans])
        if self.utf16_length < 0:
            object.__setattr__(self, "utf16_length", len(self.text.encode("utf-16-le", "surrogatepass")) // 2)
        if self.utf8_length < 0:
            object.__setattr__(self, "utf8_length", len(self.text.encode("utf-8", "surrogatepass")))

    @property
    def summary(self) -> dict[str, int]:
        """How many spans there are and how many have each status."""
        counts = {"spans": len(self.spans), **{status.value: 0 for status in GlossStatus}}
        for span in self.spans:
            counts[span.status.value] += 1
        return counts

    @property
    def fully_glossed(self) -> bool:
        """True when no span ended ``no-model`` or ``error`` (``skipped`` is deliberate, not a failure)."""
        return all(s.status not in MISSING_GLOSS for s in self.spans)

    def to_dict(self) -> dict:
        """The versioned JSON shape described in the module docstring; deterministic key order."""
        return self.outline(self.text, [s.to_dict() for s in self.spans])

    def outline(self, text: Any, spans: Any) -> dict:
        """:meth:`to_dict` with ``text`` and ``spans`` as its ``"text"`` and ``"spans"`` values: a writer that streams
        the document puts stand-ins there and writes the text and the spans piece by piece."""
        span_of_post = {(s.post.start, s.post.end): index for index, s in enumerate(self.spans) if s.post is not None}
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
    starts = [s.start for s in doc.spans]
    spans = []
    for span, links in zip(doc.spans, renderings):
        checked = []
        for link in links:
            if not (0 <= link.start < link.end <= len(doc.text)) or doc.text[link.start : link.end] != link.text:
                raise OffsetError(f"article rendering [{link.start}, {link.end}) does not match the text {link.text!r}")
            index = bisect.bisect_left(starts, link.end) - 1
            if index >= 0 and doc.spans[index].end > link.start:
                raise OffsetError(f"article rendering [{link.start}, {link.end}) overlaps the foreign span "
                                  f"[{doc.spans[index].start}, {doc.spans[index].end})")
            u16 = (units[0](link.start), units[0](link.end))
            u8 = (units[1](link.start), units[1](link.end))
            for name, given, real in (("utf16", link.utf16, u16), ("utf8", link.utf8, u8)):
                if tuple(given) != (-1, -1) and tuple(given) != real:
                    raise OffsetError(f"article rendering [{link.start}, {link.end}) has {name} {list(given)}, "
                                      f"but the text gives {list(real)}")
            checked.append(replace(link, utf16=u16, utf8=u8))
        spans.append(replace(span, renderings=tuple(checked)) if checked else span)
    return replace(doc, spans=tuple(spans))


def find_bidi_controls(text: str) -> tuple[int, ...]:
    """Code-point offsets of every bidi control character in ``text``."""
    return tuple(m.start() for m in _BIDI_RE.finditer(text))


def build_document(
    text: str,
    pairs: Sequence[tuple[Span, Gloss]],
    *,
    id: str | None = None,
    posts: Iterable[Post] = (),
    closing: Mapping[int, Post] | None = None,
) -> AnnotatedDocument:
    """Assemble an :class:`AnnotatedDocument`, computing UTF-16/UTF-8 offsets and bidi controls.

    Args:
        text: the original text.
        pairs: ``(span, gloss)`` per foreign span, in document order (code-point offsets).
        id: record id, if any.
        posts: attributions found in the text.
        closing: span index -> the post that span closes.

    Returns:
        The document.

    Raises:
        OffsetError: spans out of bounds, unordered, overlapping or not matching the text.
    """
    closing = closing or {}
    u16, u8 = UnitIndex(text, "utf-16"), UnitIndex(text, "utf-8")
    spans = tuple(
        AnnotatedSpan(span, gloss, (u16(span.start), u16(span.end)), (u8(span.start), u8(span.end)), closing.get(i))
        for i, (span, gloss) in enumerate(pairs)
    )
    return AnnotatedDocument(
        text=text,
        spans=spans,
        id=id,
        posts=tuple(posts),
        bidi_controls=find_bidi_controls(text),
        utf16_length=u16(len(text)),
        utf8_length=u8(len(text)),
    )
