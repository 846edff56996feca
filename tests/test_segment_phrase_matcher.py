"""The repeated-phrase step's matcher gives the matches of the one big regex it replaces (issue 11: that regex,
tried at every position, made the step quadratic in a long document's phrases)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from multiling.segment.segmenter import _PhraseMatcher

# Letters that IGNORECASE matching treats specially (dotless i, long s, Kelvin sign, final sigma, İ) beside plain ones.
_LETTERS = "abilsıſKkσςΣéİ"
_WORDS = st.text(alphabet=_LETTERS, min_size=1, max_size=4) | st.sampled_from(["l'ab", "d’ı", "i\u0307s", "la", "de"])


def _big_regex_spans(phrases: dict[str, None], text: str, start: int, end: int) -> list[tuple[int, int]]:
    keys = sorted((r"\W+".join(map(re.escape, key.split())) for key in phrases), key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(keys) + r")(?!\w)", re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text, start, end)]


# Spellings the regex matches case-insensitively: the text repeats the keys' words written these ways.
_VARIANTS = str.maketrans({"i": "ı", "s": "ſ", "k": "K", "σ": "ς", "ı": "I", "a": "A"})


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.lists(_WORDS, min_size=2, max_size=3), min_size=1, max_size=6),
    picks=st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["same", "upper", "variant", " ", ", ", "-", "l'", "X1_"])), max_size=30),
    bounds=st.tuples(st.integers(0, 200), st.integers(0, 200)),
)
def test_phrase_matcher_finds_what_the_big_regex_finds(keys, picks, bounds) -> None:
    phrases = dict.fromkeys(" ".join(words).lower() for words in keys)
    # The text: keys (whole, or their first words) written as they are, in capitals or with variant letters.
    keys_in_order = list(phrases)
    pieces = []
    for index, how in picks:
        key = keys_in_order[index % len(keys_in_order)]
        words = key.split()[: 1 + index % 3]
        phrase = " ".join(words)
        pieces.append({"same": phrase, "upper": phrase.upper(), "variant": phrase.translate(_VARIANTS)}.get(how, how))
    text = " ".join(pieces)
    start, end = sorted(min(bound, len(text)) for bound in bounds)
    found = [match.span() for match in _PhraseMatcher(phrases).finditer(text, start, end)]
    assert found == _big_regex_spans(phrases, text, start, end)


def test_phrase_matcher_prefers_the_longer_key_as_the_regex_does() -> None:
    phrases = dict.fromkeys(["cien años", "cien años de soledad"])
    text = "He reread Cien Años de Soledad and cien años later."
    assert [m.group() for m in _PhraseMatcher(phrases).finditer(text, 0, len(text))] == ["Cien Años de Soledad", "cien años"]
