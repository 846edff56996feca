"""Merge stage: re-attach glosses to their spans by offset and build the :class:`AnnotatedDocument`."""

from __future__ import annotations

from typing import Sequence

from multiling.document import AnnotatedDocument, build_document
from multiling.errors import OffsetError
from multiling.merge.posts import closing_spans, find_posts
from multiling.types import Gloss, Span


def merge(text: str, spans: Sequence[Span], glosses: Sequence[Gloss], *, id: str | None = None) -> AnnotatedDocument:
    """Attach one gloss to each foreign span and find embedded posts.

    Args:
        text: the original document.
        spans: every span the segmenter returned (English ones included, code-point offsets), in order.
        glosses: one gloss per *foreign* span (``lang != "en"``), in the same order.
        id: the record id, if any.

    Returns:
        The annotated document (foreign spans only; English spans are used to place post attributions).

    Raises:
        OffsetError: the number of glosses does not match the foreign spans, or spans do not fit the text.
    """
    foreign = [s for s in spans if s.is_foreign]
    if len(foreign) != len(glosses):
        raise OffsetError(f"{len(glosses)} glosses for {len(foreign)} foreign spans; the translator must return one per span")
    posts = find_posts(text)
    closing = closing_spans(text, spans, posts) if posts else {}
    return build_document(text, list(zip(foreign, glosses)), id=id, posts=posts, closing=closing)


__all__ = ["merge", "find_posts", "closing_spans"]
