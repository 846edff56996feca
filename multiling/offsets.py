"""Offset maps between a rendered text and the original it was made from, and offset unit conversion.

Every rendering (inline, replace, html, ...) is built as a sequence of *segments*, each tying a range of
the rendered text to a range of the original:

    copy     the rendered range is the original range, character for character
    insert   rendered text with no original counterpart (a gloss, markup); maps to one original position
    replace  a rendered range standing for a whole original range (a gloss replacing a span, ``&lt;`` for ``<``)
    delete   original text with no rendered counterpart; maps to one rendered position

Both frames are code points, end-exclusive (Python slicing). Segments are contiguous and in order in both
frames, so a position maps with one binary search. Ranges map *outward*: a range that starts or ends inside
a ``replace`` segment grows to cover all of it, so mapping a range there and back always contains the range,
and is the same range whenever its ends fall on copy text or segment boundaries.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from typing import Iterable, Literal

from multiling.errors import OffsetError

Kind = Literal["copy", "insert", "replace", "delete"]
Side = Literal["start", "end"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of an offset map: rendered ``[rendered_start, rendered_end)`` ↔ original ``[original_start, original_end)``.

    All offsets are code points, end-exclusive.
    """

    rendered_start: int
    rendered_end: int
    original_start: int
    original_end: int
    kind: Kind

    def to_list(self) -> list:
        """``[rendered_start, rendered_end, original_start, original_end, kind]`` for JSON."""
        return [self.rendered_start, self.rendered_end, self.original_start, self.original_end, self.kind]


class _Frame:
    """Binary-search tables over the segments that have a non-zero length in one frame."""

    __slots__ = ("segments", "starts", "ends", "length")

    def __init__(self, segments: list[Segment], rendered: bool, length: int) -> None:
        if rendered:
            chosen = [s for s in segments if s.rendered_end > s.rendered_start]
            self.starts = [s.rendered_start for s in chosen]
            self.ends = [s.rendered_end for s in chosen]
        else:
            chosen = [s for s in segments if s.original_end > s.original_start]
            self.starts = [s.original_start for s in chosen]
            self.ends = [s.original_end for s in chosen]
        self.segments = chosen
        self.length = length


class OffsetMap:
    """Maps positions and ranges between a rendered text and its original, both ways.

    Build one with :class:`OffsetMapBuilder`. Offsets in both frames are code points, end-exclusive.

    Attributes:
        segments: the map's segments, contiguous and in order in both frames.
        rendered_length: length of the rendered text, in code points.
        original_length: length of the original text, in code points.
    """

    __slots__ = ("segments", "rendered_length", "original_length", "_rendered", "_original")

    def __init__(self, segments: Iterable[Segment], rendered_length: int, original_length: int) -> None:
        self.segments: tuple[Segment, ...] = tuple(segments)
        self.rendered_length = rendered_length
        self.original_length = original_length
        r = o = 0
        for seg in self.segments:
            if seg.rendered_start != r or seg.original_start != o:
                raise OffsetError(f"offset map segment {seg} does not continue from rendered {r}, original {o}")
            if seg.kind == "copy" and seg.rendered_end - seg.rendered_start != seg.original_end - seg.original_start:
                raise OffsetError(f"copy segment {seg} has different lengths in the two frames")
            r, o = seg.rendered_end, seg.original_end
        if r != rendered_length or o != original_length:
            raise OffsetError(f"offset map covers rendered {r}/{rendered_length}, original {o}/{original_length}")
        self._rendered = _Frame(list(self.segments), True, rendered_length)
        self._original = _Frame(list(self.segments), False, original_length)

    # -- positions -------------------------------------------------------------------------------------

    def to_original(self, position: int, side: Side = "start") -> int:
        """The original position of a rendered position.

        Args:
            position: code-point offset into the rendered text, ``0..rendered_length``.
            side: ``start`` for the start of a range (a position inside a replaced stretch goes to its
                start), ``end`` for the end of a range (it goes to the end of the replaced stretch).

        Returns:
            A code-point offset into the original text.

        Raises:
            OffsetError: ``position`` is out of bounds.
        """
        return _map(self._rendered, position, side, to_rendered=False)

    def to_rendered(self, position: int, side: Side = "start") -> int:
        """The rendered position of an original position; see :meth:`to_original` (same ``side`` rules).

        Raises:
            OffsetError: ``position`` is out of bounds.
        """
        return _map(self._original, position, side, to_rendered=True)

    # -- ranges ----------------------------------------------------------------------------------------

    def range_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original range ``[start, end)`` (code points) covering a rendered range ``[start, end)``.

        Raises:
            OffsetError: the range is out of bounds or reversed.
        """
        _check_range(start, end, self.rendered_length)
        a, b = self.to_original(start, "start"), self.to_original(end, "end")
        return (a, b) if a <= b else (b, b)

    def range_to_rendered(self, start: int, end: int) -> tuple[int, int]:
        """The rendered range covering an original range ``[start, end)`` (code points).

        Raises:
            OffsetError: the range is out of bounds or reversed.
        """
        _check_range(start, end, self.original_length)
        a, b = self.to_rendered(start, "start"), self.to_rendered(end, "end")
        return (a, b) if a <= b else (b, b)

    def to_list(self) -> list[list]:
        """The segments as JSON-ready lists ``[rendered_start, rendered_end, original_start, original_end, kind]``."""
        return [s.to_list() for s in self.segments]

    def __repr__(self) -> str:
        return f"OffsetMap({len(self.segments)} segments, rendered={self.rendered_length}, original={self.original_length})"


def _check_range(start: int, end: int, length: int) -> None:
    if not (0 <= start <= end <= length):
        raise OffsetError(f"range [{start}, {end}) is not inside 0..{length} or is reversed")


def _map(frame: _Frame, position: int, side: Side, to_rendered: bool) -> int:
    if not (0 <= position <= frame.length):
        raise OffsetError(f"position {position} is outside 0..{frame.length}")
    if side == "start":
        if position == frame.length:
            return _other_end(frame, to_rendered)
        index = bisect.bisect_right(frame.ends, position)
        return _through(frame.segments[index], position - frame.starts[index], to_rendered, at_end=False)
    if position == 0:
        return 0
    index = bisect.bisect_left(frame.starts, position) - 1
    seg = frame.segments[index]
    return _through(seg, position - frame.starts[index], to_rendered, at_end=True)


def _other_end(frame: _Frame, to_rendered: bool) -> int:
    if not frame.segments:
        return 0
    last = frame.segments[-1]
    return last.rendered_end if to_rendered else last.original_end


def _through(seg: Segment, delta: int, to_rendered: bool, at_end: bool) -> int:
    if to_rendered:
        start, end = seg.rendered_start, seg.rendered_end
    else:
        start, end = seg.original_start, seg.original_end
    if seg.kind == "copy":
        return start + delta
    # insert/replace/delete: the whole stretch stands for the other frame's range; ranges grow outward.
    return end if at_end else start


class OffsetMapBuilder:
    """Builds a rendered text and its :class:`OffsetMap` piece by piece, in original order.

    Example:
        >>> b = OffsetMapBuilder("abc")
        >>> b.copy(0, 2); b.insert(" [x]"); b.replace(2, 3, "C")
        >>> text, omap = b.build()
        >>> text, omap.range_to_original(0, 2)
        ('ab [x]C', (0, 2))
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._r = 0  # rendered cursor
        self._o = 0  # original cursor

    @property
    def original_position(self) -> int:
        """How far into the original (code points) the rendering has got."""
        return self._o

    def copy(self, start: int, end: int) -> None:
        """Copy ``original[start:end]``; ``start`` must be where the last piece stopped."""
        self._expect(start, end)
        if end == start:
            return
        self._add(self.original[start:end], end, "copy")

    def insert(self, text: str) -> None:
        """Add rendered text that has no original counterpart, at the current original position."""
        if text:
            self._add(text, self._o, "insert")

    def replace(self, start: int, end: int, text: str) -> None:
        """Render ``original[start:end]`` as ``text`` (a gloss, an escape); as ``delete`` when ``text`` is empty."""
        self._expect(start, end)
        if end == start:
            self.insert(text)
            return
        self._add(text, end, "replace" if text else "delete")

    def copy_escaped(self, start: int, end: int, escapes: dict[str, str]) -> None:
        """Copy ``original[start:end]``, writing each character found in ``escapes`` as its escape (a replace)."""
        self._expect(start, end)
        pattern = escape_pattern(escapes)
        run = start
        for match in pattern.finditer(self.original, start, end):
            index = match.start()
            self.copy(run, index)
            self.replace(index, index + 1, escapes[match.group()])
            run = index + 1
        self.copy(run, end)

    def build(self, absorb_deletes: bool = False) -> tuple[str, OffsetMap]:
        """The rendered text and its map; copies the rest of the original if the rendering stopped short.

        Args:
            absorb_deletes: merge each ``delete`` with a neighbouring ``insert`` into one ``replace`` (the
                inserted text stands for the deleted text), so every range keeps somewhere to map to. Used by
                formats that quote only parts of the original (web annotations).
        """
        if self._o < len(self.original):
            self.copy(self._o, len(self.original))
        segments = _absorb_deletes(self._segments) if absorb_deletes else self._segments
        return "".join(self._parts), OffsetMap(segments, self._r, len(self.original))

    def _expect(self, start: int, end: int) -> None:
        if start != self._o or end < start or end > len(self.original):
            raise OffsetError(f"builder at original {self._o} cannot take range [{start}, {end})")

    def _add(self, text: str, original_end: int, kind: Kind) -> None:
        last = self._segments[-1] if self._segments else None
        new_r = self._r + len(text)
        if last is not None and kind == "copy" and last.kind == "copy":
            self._segments[-1] = Segment(last.rendered_start, new_r, last.original_start, original_end, "copy")
        elif last is not None and kind == "insert" and last.kind == "insert":
            self._segments[-1] = Segment(last.rendered_start, new_r, last.original_start, original_end, "insert")
        else:
            self._segments.append(Segment(self._r, new_r, self._o, original_end, kind))
        self._parts.append(text)
        self._r, self._o = new_r, original_end


# Escape tables are module constants: their pattern is made once per table (a character class of ranges, so a
# table holding all 2,048 surrogates stays a short pattern), keyed by identity with the table kept alive beside it.
_PATTERNS: dict[int, tuple[dict[str, str], int, "re.Pattern[str]"]] = {}


def escape_pattern(escapes: dict[str, str]) -> "re.Pattern[str]":
    """A regular expression matching any one character of the escape table ``escapes`` (made once per table)."""
    cached = _PATTERNS.get(id(escapes))
    if cached is not None and cached[0] is escapes and cached[1] == len(escapes):
        return cached[2]
    codes = sorted(ord(ch) for ch in escapes)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    pattern = re.compile(f"[{body}]")
    _PATTERNS[id(escapes)] = (escapes, len(escapes), pattern)
    return pattern


def _absorb_deletes(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        last = out[-1] if out else None
        if last is not None and (last.kind, seg.kind) in (("insert", "delete"), ("delete", "insert")):
            out[-1] = Segment(last.rendered_start, seg.rendered_end, last.original_start, seg.original_end, "replace")
        else:
            out.append(seg)
    return out


# -- offset units -----------------------------------------------------------------------------------------


def utf16_offsets(text: str) -> "UnitIndex":
    """An index converting code-point offsets of ``text`` to UTF-16 code units."""
    return UnitIndex(text, "utf-16")


def utf8_offsets(text: str) -> "UnitIndex":
    """An index converting code-point offsets of ``text`` to UTF-8 bytes."""
    return UnitIndex(text, "utf-8")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

#: Code points between two checkpoints of a :class:`UnitIndex`: a lookup encodes at most this many.
CHECKPOINT_EVERY = 128


class UnitIndex:
    """Converts code-point offsets of one text to UTF-16 code units or UTF-8 bytes.

    It keeps the count of extra units (bytes past one per character, or the second unit of each astral
    character) before every :data:`CHECKPOINT_EVERY`-th code point, in one machine-integer array: a lookup
    encodes only the stretch from the checkpoint before it. Memory is about 1/16 of a byte per character, whatever
    the text holds (one Python int per non-ASCII character would cost more than the text itself). A text with no
    character that needs more than one unit maps every offset to itself.
    """

    __slots__ = ("_text", "_encoding", "_width", "_checkpoints", "_length")

    def __init__(self, text: str, unit: Literal["utf-16", "utf-8"]) -> None:
        self._text = text
        self._length = len(text)
        self._encoding, self._width = ("utf-16-le", 2) if unit == "utf-16" else ("utf-8", 1)
        self._checkpoints: array[int] | None = None
        identity = text.isascii() if unit == "utf-8" else _ASTRAL.search(text) is None
        if identity:
            return
        checkpoints = array("q", [0])
        extra = 0
        for start in range(0, len(text) - CHECKPOINT_EVERY + 1, CHECKPOINT_EVERY):
            extra += self._extra(start, start + CHECKPOINT_EVERY)
            checkpoints.append(extra)
        self._checkpoints = checkpoints

    def _extra(self, start: int, end: int) -> int:
        """Units beyond one per code point in ``text[start:end]``."""
        return len(self._text[start:end].encode(self._encoding, "surrogatepass")) // self._width - (end - start)

    def __call__(self, offset: int) -> int:
        """The offset in the other unit of code-point ``offset`` (0..len(text))."""
        if not (0 <= offset <= self._length):
            raise OffsetError(f"code-point offset {offset} is outside 0..{self._length}")
        if self._checkpoints is None:
            return offset
        block = offset // CHECKPOINT_EVERY
        start = block * CHECKPOINT_EVERY
        return offset + self._checkpoints[block] + (self._extra(start, offset) if offset > start else 0)


def utf16_offset(text: str, offset: int) -> int:
    """UTF-16 code-unit offset of code-point ``offset`` in ``text`` (one-off; use :class:`UnitIndex` for many)."""
    return len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2


def utf8_offset(text: str, offset: int) -> int:
    """UTF-8 byte offset of code-point ``offset`` in ``text`` (one-off; use :class:`UnitIndex` for many)."""
    return len(text[:offset].encode("utf-8", "surrogatepass"))
