"""Merge stage: re-attach glosses to their spans by offset and build the :class:`AnnotatedDocument`."""

from __future__ import annotations

from typing import Sequence

from multiling.document import AnnotatedDocument, Post, build_document
from multiling.errors import OffsetError
from multiling.merge.posts import closing_spans, find_posts
from multiling.merge.renderings import find_renderings, link_renderings
from multiling.types import Gloss, Span


def merge(
    text: str, spans: Sequence[Span], glosses: Sequence[Gloss], *, id: str | None = None,
    posts: Sequence[Post] | None = None, renderings: bool = True,
) -> AnnotatedDocument:
    """Attach one gloss to each foreign span, find embedded posts, and link each glossed span to the article's own
    English rendering of it (:mod:`multiling.merge.renderings`).

    Args:
        text: the original document.
        spans: every span the segmenter returned (English ones included, code-point offsets), in order.
        glosses: one gloss per *foreign* span (``lang != "en"``), in the same order.
        id: the record id, if any.
        posts: the document's attributions when the caller already found them (:func:`multiling.posts.find_posts`);
            found here otherwise.
        renderings: look for the article's renderings of each glossed span (no model; cheap).

    Returns:
        The annotated document (foreign spans only; English spans are used to place post attributions).

    Raises:
        OffsetError: the number of glosses does not match the foreign spans, or spans do not fit the text.
    """
    # The foreign spans are read twice rather than listed: spans held as columns (the pipeline's) make each Span
    # when read, and the document's columns take each one as it is made.
    foreign = sum(1 for s in spans if s.is_foreign)
    if foreign != len(glosses):
        raise OffsetError(f"{len(glosses)} glosses for {foreign} foreign spans; the translator must return one per span")
    found = list(posts) if posts is not None else find_posts(text)
    closing = closing_spans(text, spans, found) if found else {}
    doc = build_document(text, zip((s for s in spans if s.is_foreign), glosses), id=id, posts=found, closing=closing)
    return link_renderings(doc) if renderings else doc


__all__ = ["merge", "find_posts", "closing_spans", "find_renderings", "link_renderings"]
