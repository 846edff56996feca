"""Embedded posts: tweet-style attributions, found once per document, in a module no stage owns.

An embedded tweet in a news page, once flattened to text, ends with::

    <post text> pic.twitter.com/YoRRLu2U2Z — Display Name (@handle) January 21, 2022

:func:`find_posts` finds every such attribution. The pipeline finds them once and passes them on: the segmenter
cuts each attribution off the post before it (its author name is a unit of its own), and the merge stage
attaches author, handle, date and link to the span the attribution closes.
"""

from __future__ import annotations

import re
from datetime import date as _date

from multiling.document import Post

#: lowercase month name or abbreviation -> month number
MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

#: ``— Name (@handle) Month D, YYYY`` (the date is optional); groups: dash, author, handle (without @),
#: date, month, day, year.
# The dash stands after a space (or at a line start), and the author holds no dash of its own that is not a
# hyphen, so a hyphenated word earlier in the post ("Ghraib-fängelse") is never taken for the attribution.
ATTRIBUTION_RE = re.compile(
    r"(?<!\S)(?P<dash>[—–―]|-{1,2})[ \t\u00a0]*"
    r"(?P<author>[^\n()@＠—–―]{1,80}?)[ \t\u00a0]*"
    r"\([@＠](?P<handle>[A-Za-z0-9_]{1,30})\)[ \t\u00a0]*"
    r"(?P<date>(?P<month>" + _MONTH_RE + r")\.?[ \t\u00a0]+(?P<day>\d{1,2}),?[ \t\u00a0]+(?P<year>\d{4}))?",
    re.IGNORECASE,
)

#: The post's own link (a picture, a t.co short link or a status URL) before the attribution.
LINK_RE = re.compile(r"(?:https?://)?(?:pic\.twitter\.com/\w+|t\.co/\w+|(?:twitter|x)\.com/\w+/status/\d+)", re.IGNORECASE)


def find_posts(text: str) -> list[Post]:
    """Every tweet-style attribution in ``text``.

    Args:
        text: the document.

    Returns:
        Posts in document order; ``start``/``end`` are code-point offsets of the attribution (dash to date).
    """
    if "(@" not in text and "(＠" not in text:
        return []  # every attribution has its handle in brackets
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
