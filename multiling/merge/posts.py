"""Embedded posts: tweet-style attribution lines and the span each one closes.

The attribution (``— Display Name (@handle) January 21, 2022``, see :mod:`multiling.segment.attribution`) is
found with a pattern on each line (spans never cross a line break, and neither do
attributions); the span it *closes* is the last span that ends before its dash, when that span is foreign.
"""

from __future__ import annotations

import re
from datetime import date as _date
from typing import Sequence

from multiling.document import Post
from multiling.segment.attribution import ATTRIBUTION_RE, MONTHS
from multiling.types import Span

LINK_RE = re.compile(r"(?:https?://)?(?:pic\.twitter\.com/\w+|t\.co/\w+|(?:twitter|x)\.com/\w+/status/\d+)", re.IGNORECASE)


def find_posts(text: str) -> list[Post]:
    """Every tweet-style attribution in ``text``.

    Args:
        text: the document.

    Returns:
        Posts in document order; ``start``/``end`` are code-point offsets of the attribution (dash to date).
    """
    posts = []
    line_start = 0
    for line in text.splitlines(keepends=True):
        for match in ATTRIBUTION_RE.finditer(line):
            author = match.group("author").strip()
            if not author:
                continue
            link = None
            for found in LINK_RE.finditer(line, 0, match.start()):
                link = found.group(0)  # the last link before the dash belongs to this post
            iso = None
            if match.group("date"):
                try:
                    iso = _date(int(match.group("year")), MONTHS[match.group("month").lower()],
                                int(match.group("day"))).isoformat()
                except ValueError:
                    iso = None
            start, end = line_start + match.start(), line_start + match.end()
            posts.append(
                Post(
                    author=author,
                    handle=match.group("handle"),
                    date=iso,
                    date_text=match.group("date") or "",
                    url=link,
                    start=start,
                    end=end,
                    text=text[start:end].rstrip(),
                )
            )
        line_start += len(line)
    return [Post(p.author, p.handle, p.date, p.date_text, p.url, p.start, p.start + len(p.text), p.text) for p in posts]


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
    foreign_index: dict[int, int] = {}
    for index, span in enumerate(spans):
        if span.is_foreign:
            foreign_index[index] = len(foreign_index)

    def neutral(span: Span) -> bool:
        if not any(ch.isalpha() for ch in span.text):
            return True
        return any(a <= span.start and span.end <= b for a, b in links)

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
