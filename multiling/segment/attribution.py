"""Tweet-style attributions, the one pattern both the segmenter and the merge stage use.

An embedded tweet in a news page, once flattened to text, ends with::

    <post text> pic.twitter.com/YoRRLu2U2Z — Display Name (@handle) January 21, 2022

The segmenter cuts the attribution off the post (its author name is a unit of its own); the merge stage
attaches author, handle, date and link to the span the attribution closes.
"""

from __future__ import annotations

import re

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
