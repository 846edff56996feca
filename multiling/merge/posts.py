"""Embedded posts: tweet-style attribution lines and the span each one closes.

The attributions (``— Display Name (@handle) January 21, 2022``) are found once per document by
:func:`multiling.posts.find_posts`; the span one *closes* is the last span that ends before its dash, when that
span is foreign.
"""

from __future__ import annotations

import bisect
from typing import Sequence

from multiling.document import Post
from multiling.posts import LINK_RE, find_posts
from multiling.types import Span

__all__ = ["closing_spans", "find_posts"]


def closing_spans(text: str, spans: Sequence[Span], posts: Sequence[Post]) -> dict[int, Post]:
    """Which foreign span each post closes.

    The closing span is the last span ending before the attribution's dash, skipping spans that are only a
    link (``pic.twitter.com/...``) or have no letters; it must be foreign.

    Args:
        text: the document.
        spans: all spans of the document (English included), in order, code-point offsets.
        posts: the document's posts.

    Returns:
        Index into the *foreign* spans (``lang != "en"``) -> the post that span closes. A post whose
        last preceding span is English (or that has no span before it) closes nothing.
    """
    links = [(m.start(), m.end()) for m in LINK_RE.finditer(text)]
    link_starts = [start for start, _ in links]  # the links are disjoint and in order
    foreign_index: dict[int, int] = {}
    for index, span in enumerate(spans):
        if span.is_foreign:
            foreign_index[index] = len(foreign_index)

    def neutral(span: Span) -> bool:
        if not any(ch.isalpha() for ch in span.text):
            return True
        # Only the last link starting at or before the span can hold it (a binary search, not a scan of every link).
        index = bisect.bisect_right(link_starts, span.start) - 1
        return index >= 0 and span.end <= links[index][1]

    result: dict[int, Post] = {}
    cursor = 0
    last: int | None = None
    for post in posts:
        while cursor < len(spans) and spans[cursor].end <= post.start:
            if not neutral(spans[cursor]):
                last = cursor
            cursor += 1
        if last is not None and last in foreign_index and foreign_index[last] not in result:
            result[foreign_index[last]] = post
    return result
