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
    foreign_index: dict[int, int] = {}
    for index, span in enumerate(spans):
        if span.is_foreign:
            foreign_index[index] = len(foreign_index)
    line_start, line_end, line_links = 0, -1, []  # the line last searched for links, and its links

    def neutral(span: Span) -> bool:
        nonlocal line_start, line_end, line_links
        if not any(ch.isalpha() for ch in span.text):
            return True
        # A link never holds a line break, so only the links of the span's own line can hold it: a line is
        # searched when a span just before a post lies in it, not the whole text (the spans looked at are
        # those nearest each post, mostly on the line before it).
        if not (line_start <= span.start and span.end <= line_end):
            line_start = text.rfind("\n", 0, span.start) + 1
            found = text.find("\n", span.end)
            line_end = len(text) if found < 0 else found
            line_links = [(m.start(), m.end()) for m in LINK_RE.finditer(text, line_start, line_end)]
        return any(a <= span.start and span.end <= b for a, b in line_links)

    ends = [span.end for span in spans]  # increasing: spans are in order and disjoint
    result: dict[int, Post] = {}
    checked = -1  # spans[: checked + 1] have been looked at already
    last: int | None = None  # the last span before the post that is not neutral
    for post in posts:
        before = bisect.bisect_right(ends, post.start) - 1  # the last span ending before the post's dash
        for index in range(before, checked, -1):
            if not neutral(spans[index]):
                last = index
                break
        checked = max(checked, before)
        if last is not None and last in foreign_index and foreign_index[last] not in result:
            result[foreign_index[last]] = post
    return result
