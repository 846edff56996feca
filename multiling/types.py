"""The data model every stage shares: spans, gaps and glosses.

Offsets are code points, end-exclusive: exactly Python ``str`` slicing. ``text[span.start:span.end]``
is always ``span.text``. The original text is never modified by any stage.

Invariants are checked when objects are built, so a ``Span`` that exists is a valid one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Iterable, Sequence, Union

from multiling.errors import OffsetError


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document written in one language.

    Attributes:
        start: code-point offset of the first character (inclusive).
        end: code-point offset just past the last character (exclusive).
        lang: ISO 639-1 code where one exists (``ar``, ``fa``, ``en``), ISO 639-3 otherwise;
            ``und`` when the script is known but the language is not.
        script: ISO 15924 code (``Arab``, ``Latn``, ``Cyrl``...).
        confidence: 0..1, how sure the segmenter is of ``lang``.
        text: the covered text, ``document[start:end]``.
    """

    start: int
    end: int
    lang: str
    script: str
    confidence: float
    text: str

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise OffsetError(f"span [{self.start}, {self.end}) is empty or negative; start must be < end")
        if len(self.text) != self.end - self.start:
            raise OffsetError(
                f"span [{self.start}, {self.end}) holds {len(self.text)} characters, expected {self.end - self.start}"
            )
        if not (0.0 <= self.confidence <= 1.0):
            raise OffsetError(f"span confidence {self.confidence} is outside 0..1")

    @property
    def is_foreign(self) -> bool:
        """True for any language other than English."""
        return self.lang != "en"

    def to_dict(self) -> dict:
        """A JSON-ready dict with a fixed key order."""
        return {
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "script": self.script,
            "confidence": round(self.confidence, 4),
            "text": self.text,
        }


# The slots of Span, set directly by unchecked_span (a frozen dataclass's __init__ sets them the same way).
_SPAN_SLOTS = tuple(Span.__dict__[name].__set__ for name in ("start", "end", "lang", "script", "confidence", "text"))
_new_object = object.__new__


def unchecked_span(start: int, end: int, lang: str, script: str, confidence: float, text: str) -> Span:
    """``Span(start, end, lang, script, confidence, text)`` without the checks of ``__post_init__``, for a caller
    that has established them for every span it makes (the segmenter: trimmed non-empty offsets, the covered
    text sliced at them, a clamped confidence). About a third of the cost of ``Span(...)``, which the segmenter
    pays once per span."""
    span = _new_object(Span)
    set_start, set_end, set_lang, set_script, set_confidence, set_text = _SPAN_SLOTS
    set_start(span, start)
    set_end(span, end)
    set_lang(span, lang)
    set_script(span, script)
    set_confidence(span, confidence)
    set_text(span, text)
    return span


@dataclass(frozen=True, slots=True)
class Gap:
    """Neutral text between spans (whitespace, punctuation, digits, symbols): no language of its own.

    Offsets are code points, end-exclusive, like :class:`Span`.
    """

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end) or len(self.text) != self.end - self.start:
            raise OffsetError(f"gap [{self.start}, {self.end}) does not match its text of length {len(self.text)}")


Piece = Union[Span, Gap]


def check_spans(text: str, spans: Sequence[Span]) -> None:
    """Check that spans lie inside ``text``, match it, are in order and do not overlap.

    Raises:
        OffsetError: naming the first span that breaks an invariant.
    """
    previous_end = 0
    for index, span in enumerate(spans):
        check_next_span(text, index, span, previous_end)
        previous_end = span.end


def check_next_span(text: str, index: int, span: Span, previous_end: int) -> None:
    """The checks of :func:`check_spans` for span number ``index``, which follows a span ending at ``previous_end``.

    Raises:
        OffsetError: the span runs past the text, starts before ``previous_end`` or does not match the text.
    """
    if span.end > len(text):
        raise OffsetError(f"span {index} [{span.start}, {span.end}) runs past the end of a text of length {len(text)}")
    if span.start < previous_end:
        raise OffsetError(f"span {index} [{span.start}, {span.end}) overlaps or precedes the span before it")
    if text[span.start : span.end] != span.text:
        raise OffsetError(f"span {index} [{span.start}, {span.end}) text does not match the document")


def tile(text: str, spans: Iterable[Span]) -> tuple[Piece, ...]:
    """Spans plus the neutral gaps between them, covering ``text`` exactly.

    ``"".join(piece.text for piece in tile(text, spans)) == text`` always holds.

    Args:
        text: the document.
        spans: its spans, in document order and disjoint (as :func:`multiling.segment` returns them).

    Returns:
        A tuple of :class:`Span` and :class:`Gap`, in document order.

    Raises:
        OffsetError: if the spans do not fit the text.
    """
    spans = list(spans)
    check_spans(text, spans)
    pieces: list[Piece] = []
    cursor = 0
    for span in spans:
        if span.start > cursor:
            pieces.append(Gap(cursor, span.start, text[cursor : span.start]))
        pieces.append(span)
        cursor = span.end
    if cursor < len(text):
        pieces.append(Gap(cursor, len(text), text[cursor:]))
    return tuple(pieces)


class GlossStatus(str, enum.Enum):
    """What happened when a span was glossed."""

    OK = "ok"  # glossed by the model
    NO_MODEL = "no-model"  # no model for the span's language (or the model could not be loaded)
    SKIPPED = "skipped"  # deliberately not sent to a model (English, no letters, disabled)
    ERROR = "error"  # the model failed on this span; see the message


#: Statuses that mean a gloss was wanted and is missing (``skipped`` is deliberate, not a failure). GlossStatus is a
#: str enum, so the JSON values ("no-model", "error") are members of this set too.
MISSING_GLOSS = frozenset({GlossStatus.NO_MODEL, GlossStatus.ERROR})

#: The flag of a gloss made by an explicitly chosen model (``--model`` without ``--src``) that is not known to be made
#: for the span's language: the registry (or the model directory's ``tokenizer_config.json``) names another source
#: language, or none. Renderings mark such glosses; ``annotate`` counts them.
MODEL_NOT_FOR_LANGUAGE = "model-not-for-language"


@dataclass(frozen=True, slots=True)
class Gloss:
    """The English gloss of one span, or the reason there is none.

    Attributes:
        text: the English gloss; ``None`` unless ``status`` is ``ok``.
        status: see :class:`GlossStatus`.
        model: the model id that produced it (or would have), e.g. ``Helsinki-NLP/opus-mt-ar-en``.
        revision: the model revision (commit hash or local checksum) that produced it.
        flags: quality flags such as ``length-ratio`` or ``repeated-ngrams``, and ``fallback-model`` or
            :data:`MODEL_NOT_FOR_LANGUAGE` (how the model was chosen); empty when the gloss looks sound.
        message: for ``no-model``/``error``/``skipped``, why, and what to do about it.
    """

    text: str | None
    status: GlossStatus
    model: str | None = None
    revision: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    message: str | None = None

    def __post_init__(self) -> None:
        if (self.status is GlossStatus.OK) != (self.text is not None):
            raise ValueError(f"a gloss with status {self.status.value!r} must {'' if self.status is GlossStatus.OK else 'not '}have text")
