"""Offset maps and offset units: exact alignment tables and property tests (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multiling.errors import OffsetError
from multiling.offsets import OffsetMapBuilder, UnitIndex, utf8_offset, utf16_offset


def _example():
    b = OffsetMapBuilder("ab<c>de")
    b.copy(0, 2)
    b.insert("[X]")
    b.copy_escaped(2, 5, {"<": "&lt;", ">": "&gt;"})
    b.replace(5, 7, "DEE")
    return b.build()


def test_offsets_builder_segments_exact() -> None:
    text, omap = _example()
    assert text == "ab[X]&lt;c&gt;DEE"
    assert omap.to_list() == [
        [0, 2, 0, 2, "copy"],
        [2, 5, 2, 2, "insert"],
        [5, 9, 2, 3, "replace"],
        [9, 10, 3, 4, "copy"],
        [10, 14, 4, 5, "replace"],
        [14, 17, 5, 7, "replace"],
    ]


@pytest.mark.parametrize(
    ("rendered", "original"),
    [
        ((0, 2), (0, 2)),  # copied text maps exactly
        ((2, 5), (2, 2)),  # an insert maps to the point where it was inserted
        ((6, 7), (2, 3)),  # inside an escape: the whole escaped character
        ((9, 10), (3, 4)),
        ((15, 16), (5, 7)),  # inside a replacement: the whole replaced range
        ((0, 17), (0, 7)),
        ((17, 17), (7, 7)),
    ],
)
def test_offsets_range_to_original(rendered: tuple[int, int], original: tuple[int, int]) -> None:
    _, omap = _example()
    assert omap.range_to_original(*rendered) == original


@pytest.mark.parametrize(("original", "rendered"), [((0, 2), (0, 2)), ((2, 3), (5, 9)), ((5, 6), (14, 17)), ((0, 7), (0, 17))])
def test_offsets_range_to_rendered(original: tuple[int, int], rendered: tuple[int, int]) -> None:
    text, omap = _example()
    assert omap.range_to_rendered(*original) == rendered


@pytest.mark.parametrize("bad", [(-1, 2), (3, 2), (0, 99)])
def test_offsets_out_of_bounds_raise(bad: tuple[int, int]) -> None:
    _, omap = _example()
    with pytest.raises(OffsetError):
        omap.range_to_original(*bad)


def test_offsets_builder_refuses_out_of_order() -> None:
    b = OffsetMapBuilder("abc")
    b.copy(0, 2)
    with pytest.raises(OffsetError):
        b.copy(0, 1)


# -- property tests -------------------------------------------------------------------------------------

# Every renderer but ``replace(missing="drop")`` and webanno builds maps from these three (no deletes).
_ops = st.lists(st.tuples(st.sampled_from(["copy", "insert", "replace"]), st.integers(0, 4), st.text(max_size=3)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(original=st.text(max_size=20), ops=_ops, data=st.data())
def test_offsets_map_round_trips(original: str, ops: list, data: st.DataObject) -> None:
    b = OffsetMapBuilder(original)
    for kind, length, text in ops:
        start = b.original_position
        end = min(len(original), start + length)
        if kind == "copy":
            b.copy(start, end)
        elif kind == "insert":
            b.insert(text)
        elif kind == "replace":
            b.replace(start, end, text or "x")
        else:
            b.replace(start, end, "")
    rendered, omap = b.build()
    s = data.draw(st.integers(0, len(original)))
    e = data.draw(st.integers(s, len(original)))
    r = omap.range_to_rendered(s, e)
    back = omap.range_to_original(*r)
    assert back[0] <= s and back[1] >= e or s == e  # an original range comes back whole (or grown to segment edges)
    assert omap.range_to_rendered(*back) == r  # and forward again lands on the same rendered range
    a = data.draw(st.integers(0, len(rendered)))
    z = data.draw(st.integers(a, len(rendered)))
    o = omap.range_to_original(a, z)
    assert omap.range_to_original(*omap.range_to_rendered(*o)) == o


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), data=st.data())
def test_offsets_utf16_utf8_agree_with_code_points(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert UnitIndex(text, "utf-16")(offset) == len(text[:offset].encode("utf-16-le")) // 2 == utf16_offset(text, offset)
    assert UnitIndex(text, "utf-8")(offset) == len(text[:offset].encode("utf-8")) == utf8_offset(text, offset)


@pytest.mark.parametrize(
    ("text", "offset", "utf16", "utf8"),
    [("abc", 2, 2, 2), ("é😀x", 2, 3, 6), ("سلام", 4, 4, 8), ("🇮🇶!", 2, 4, 8)],
)
def test_offsets_units_table(text: str, offset: int, utf16: int, utf8: int) -> None:
    assert (UnitIndex(text, "utf-16")(offset), UnitIndex(text, "utf-8")(offset)) == (utf16, utf8)


def test_offsets_deleted_text_maps_to_a_point() -> None:
    b = OffsetMapBuilder("keep DROP keep")
    b.copy(0, 5)
    b.replace(5, 10, "")
    text, omap = b.build()
    assert text == "keep keep"
    assert omap.range_to_rendered(5, 10) == (5, 5)
    assert omap.range_to_original(5, 9) == (10, 14)
