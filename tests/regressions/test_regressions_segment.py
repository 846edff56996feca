"""Crash and invariant reproducers found by the property tests and bench/fuzz.py.

Each test names how it was found. Tests marked xfail document bugs in code owned by someone else; they were
reported, and start passing (XPASS) once fixed — then drop the mark.
"""

from __future__ import annotations

import pytest
import regex

from multiling.segment import segment


def _grapheme_boundaries(text: str) -> set[int]:
    return {0} | {match.end() for match in regex.finditer(r"\X", text)}


@pytest.mark.parametrize("text", ["مرحبا1\ufe0f\u20e3", "\u2067 \u3000השר1\ufe0f\u20e3", "\t你好光临1\ufe0f\u20e3 "])
def test_regressions_segment_keycap_is_not_split_from_its_digit(text: str) -> None:
    boundaries = _grapheme_boundaries(text)
    for span in segment(text):
        assert span.start in boundaries and span.end in boundaries, span


@pytest.mark.parametrize("text", ["欢迎قال", "نحن\u200c世界", "مرحبا\u200dПривет"])
def test_regressions_segment_non_latin_run_is_never_english(text: str) -> None:
    for span in segment(text):
        assert not (span.lang == "en" and span.script != "Latn"), span
