"""One home for character facts (multiling.chars): every stage reads the same ones."""

import re

import pytest

from multiling import chars
from multiling.chunking import iter_chunks
from multiling.segment import segment
from multiling.segment.scripts import skeleton
from multiling.translate.text import PROTECTED, split_sentences


@pytest.mark.parametrize("stop", list(chars.SPACED_SENTENCE_FINAL))
def test_chars_translator_splits_at_every_sentence_end(stop):
    text = f"First part{stop} Second part"
    assert [text[s:e] for s, e in split_sentences(text)] == [f"First part{stop}", "Second part"]


@pytest.mark.parametrize("stop", list(chars.SENTENCE_FINAL))
def test_chars_segmenter_skeleton_knows_every_sentence_end(stop):
    assert skeleton(stop) == "t"


def test_chars_hindi_span_is_split_into_sentences_for_the_translator():
    text = "भारत एक विशाल देश है। यहाँ कई भाषाएँ बोली जाती हैं।"
    assert [text[s:e] for s, e in split_sentences(text)] == ["भारत एक विशाल देश है।", "यहाँ कई भाषाएँ बोली जाती हैं।"]


def test_chars_myanmar_span_is_split_into_sentences_for_the_translator():
    text = "မြန်မာနိုင်ငံသည် ကြီးမားသည်။ ဘာသာစကားများစွာ ပြောဆိုကြသည်။"
    assert [text[s:e] for s, e in split_sentences(text)] == ["မြန်မာနိုင်ငံသည် ကြီးမားသည်။", "ဘာသာစကားများစွာ ပြောဆိုကြသည်။"]


@pytest.mark.parametrize("brk", list(chars.LINE_BREAKS))
def test_chars_line_breaks_are_what_splitlines_splits_on(brk):
    assert f"a{brk}b".splitlines() == ["a", "b"]
    assert skeleton(brk) == "n"
    assert all(brk not in span.text for span in segment(f"Привет мир{brk}Привет мир"))


@pytest.mark.parametrize("joiner", sorted(chars.JOINERS))
def test_chars_joiners_bind_to_previous_and_are_never_cut_before(joiner):
    assert chars.binds_to_previous(joiner)
    base = "ب" if joiner == "\u0640" else "a"  # a tatweel stretches an Arabic letter; after a Latin one it is a letter
    assert skeleton(base + joiner)[1] == "m"
    text = "ab" * 5 + joiner + "cd" * 5
    cut_points = [offset for offset, _ in iter_chunks(text, chunk_chars=10)]
    assert all(text[point] != joiner for point in cut_points)


@pytest.mark.parametrize(
    "token", ["https://example.com/a?b=1", "www.bbc.co.uk", "@someone", "＠someone", "#hashtag", "mail@example.org"]
)
def test_chars_url_and_handle_patterns_are_shared(token):
    assert PROTECTED.search(f"x {token} y").group() == token
    transparent = re.compile("|".join([chars.URL, chars.BARE_DOMAIN_PATH, chars.HANDLE, chars.HASHTAG, chars.EMAIL]))
    assert transparent.fullmatch(token)


def test_chars_scripts_have_languages_and_rtl_scripts_are_scripts():
    scripts = set(chars.SCRIPT_BY_NAME_PREFIX.values())
    assert scripts <= set(chars.SCRIPT_LANGUAGE)
    assert {"Arab", "Hebr", "Syrc", "Thaa"} <= chars.RTL_SCRIPTS
    assert chars.name_prefix("ك") == "ARABIC" and chars.name_prefix("Ａ") == "FULLWIDTH LATIN"


def test_chars_skeleton_codes_every_code_point_as_its_class():
    # The skeleton looks a text outside ASCII up in a byte table with numpy: every code point, lone surrogates and
    # those past the table included, gets _code_for's class ("p" past the table, "m" for emoji tags and the
    # supplementary variation selectors), in a text longer than one lookup chunk.
    import sys

    from multiling.segment.scripts import _TABLE_LIMIT, _code_for

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    codes = skeleton(everything)
    assert len(codes) == len(everything) and codes.isascii()
    assert codes[:_TABLE_LIMIT] == "".join(map(_code_for, range(_TABLE_LIMIT)))
    beyond = {cp: "m" for cp in [*range(0xE0000, 0xE0080), *range(0xE0100, 0xE01F0)]}
    assert all(codes[cp] == beyond.get(cp, "p") for cp in range(_TABLE_LIMIT, sys.maxunicode + 1))
    assert skeleton("a\ud800b") == "LxL" and skeleton("é") == "L"
