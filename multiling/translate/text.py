"""Preparing span text for a sentence-level MT model, and checking what comes back.

A span is cut into *pieces*: ``("mt", text)`` goes to the model, ``("lit", text)`` is copied into
the gloss verbatim. Handles, URLs, e-mail addresses, hashtags and emoji are always literal pieces —
the model never sees them, so it can neither mangle nor duplicate them, and a gloss holds each
exactly once. Numbers stay inside the sentence (the model reorders them correctly) but a
translation must give back exactly the same numbers, else that piece is re-translated with its
numbers cut out as literals. Text with no letters is never sent to a model.

All offsets here are code points into the span text, end-exclusive.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable, Sequence

from multiling.chars import CJK_SENTENCE_FINAL, CLOSING_MARKS, EMAIL, HANDLE, HASHTAG, SPACED_SENTENCE_FINAL, URL

_EMOJI_CHARS = (
    "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\u3030\u303D\u3297\u3299\u00A9\u00AE\u203C\u2049"
    "\u2122\u2139\u2194-\u2199\u21A9\u21AA"
)
_EMOJI_MODIFIERS = "\uFE0F\uFE0E\u200D\u20E3\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F"
EMOJI = rf"(?:[{_EMOJI_CHARS}][{_EMOJI_MODIFIERS}]*)+"
NUMBER = r"\d+(?:[.,٫٬:/]\d+)*"

#: Always kept out of the model's input.
PROTECTED = re.compile(f"{URL}|{EMAIL}|{HANDLE}|{HASHTAG}|{EMOJI}")
NUMBER_RE = re.compile(NUMBER)
#: A UTF-16 surrogate code point on its own (from a bad ``\ud83d`` escape): not text, cannot be encoded.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: What the model must not invent (removed from its output, and the gloss flagged).
INVENTED = re.compile(f"{URL}|{EMAIL}|{HANDLE}")

# Sentence ends (multiling.chars: . ! ? … ؟ ۔ । ॥ ។ ܂ ...), with closing quotes/brackets, before a space or the end;
# 。！？ end a sentence even with no space after them. Line breaks always end one.
_SENTENCE_END = re.compile(
    rf"(?:[{re.escape(SPACED_SENTENCE_FINAL)}]+[{re.escape(CLOSING_MARKS)}]*(?=\s|$)"
    rf"|[{CJK_SENTENCE_FINAL}]+[{re.escape(CLOSING_MARKS)}]*)\s*|\s*\n\s*"
)
_CLAUSE_BREAK = re.compile(r"[,،;؛:、，；：]\s*")
_SPACE = re.compile(r"\s+")

Piece = tuple[str, str]  # (kind, text): kind is "mt" or "lit"


def has_letters(text: str) -> bool:
    """True if ``text`` holds at least one letter (Unicode category L*)."""
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges of ``text``: code-point offsets, end-exclusive, covering every non-space character.

    Breaks after the sentence ends of :mod:`multiling.chars` (``. ! ? … ؟ ۔ । ॥ ។ ܂``... followed by a space or
    the end; ``。！？`` need no space) and at line breaks — except after an abbreviation (:func:`is_abbreviation`:
    ``M. Dupont``, ``т. е. так``, ``Dr. Smith``), which is no sentence end.
    """
    ranges = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end <= start or (end < len(text) and is_abbreviation(text, match.start(), end)):
            continue
        piece = text[start:end]
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        stripped_end = start + len(piece.rstrip())
        if stripped_end > stripped_start:
            ranges.append((stripped_start, stripped_end))
        start = end
    if start < len(text):
        rest = text[start:]
        s = start + (len(rest) - len(rest.lstrip()))
        e = start + len(rest.rstrip())
        if e > s:
            ranges.append((s, e))
    return ranges


#: Abbreviations of more than one letter that are followed by a name or a number, not by a new sentence
#: (titles, "number", "page", "Saint"...), lower-cased, without their period.
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt no nr vol pp fig gen col lt sgt capt gov sen rep rev hon jr sr mme mlle mm me dott sig "
    "sra srta ing dipl hr fr frau herr nº".split()
)
_WORD_BEFORE = re.compile(r"(\w+)$")
#: Longer than any abbreviation of TITLE_ABBREVIATIONS (and than an initial).
_LONGEST_WORD = 32


def is_abbreviation(text: str, stop: int, after: int) -> bool:
    """True when the full stop at ``text[stop]`` ends an abbreviation rather than a sentence.

    Only a single ``.`` counts (``!``, ``?``, ``…`` and the other scripts' stops always end a sentence), when:
    the next word starts with a lower-case letter (``т. е. так``, ``etc. and``: cased scripts do not start a
    sentence in lower case); or the word before it is one letter (an initial: ``M. Dupont``, ``J. R. R.``);
    or it is a title such as ``Dr``/``Mme``/``St`` (:data:`TITLE_ABBREVIATIONS`).

    Args:
        text: the text; ``stop`` is the offset of the sentence-end match, ``after`` where the next text starts.
    """
    if text[stop] != "." or text[stop + 1 : stop + 2] == ".":
        return False
    following = text[after : after + 1]
    if following.islower():
        return True
    # The word is looked for in the last _LONGEST_WORD characters only: searching from 0 made each call cost the
    # whole text before it (split_sentences quadratic in a line's length). A longer word is neither an initial nor
    # a title either way.
    word = _WORD_BEFORE.search(text, max(0, stop - _LONGEST_WORD), stop)
    if word is None:
        return False
    token = word.group(1)
    return (len(token) == 1 and token.isalpha()) or token.lower() in TITLE_ABBREVIATIONS


def _separator(gap: str) -> str:
    """How a gap between pieces is rendered in a gloss: newlines kept, other whitespace one space."""
    if "\n" in gap:
        return "\n" * min(gap.count("\n"), 2)
    return " " if gap else ""


def cut_around(text: str, pattern: re.Pattern) -> list[Piece]:
    """Cut ``text`` into model pieces and literal matches of ``pattern`` (whitespace kept as literals)."""
    pieces: list[Piece] = []
    cursor = 0
    for match in pattern.finditer(text):
        if match.start() > cursor:
            pieces.extend(_text_pieces(text[cursor : match.start()]))
        pieces.append(("lit", match.group()))
        cursor = match.end()
    if cursor < len(text):
        pieces.extend(_text_pieces(text[cursor:]))
    return pieces


def _text_pieces(chunk: str) -> list[Piece]:
    """A stretch without protected tokens: leading/trailing space as literals, the rest to the model if it has letters."""
    core = chunk.strip()
    if not core:
        return [("lit", _separator(chunk))]
    lead = chunk[: len(chunk) - len(chunk.lstrip())]
    trail = chunk[len(chunk.rstrip()) :]
    out: list[Piece] = []
    if lead:
        out.append(("lit", _separator(lead)))
    out.append(("mt" if has_letters(core) else "lit", core))
    if trail:
        out.append(("lit", _separator(trail)))
    return out


def plan_span(text: str) -> list[Piece]:
    """Pieces for a whole span: sentences, separated by literal gaps, protected tokens cut out.

    ``"".join(t for _, t in plan)`` is ``text`` with runs of whitespace collapsed.
    """
    pieces: list[Piece] = []
    previous_end = None
    for start, end in split_sentences(text):
        if previous_end is not None:
            pieces.append(("lit", _separator(text[previous_end:start]) or " "))
        pieces.extend(cut_around(text[start:end], PROTECTED))
        previous_end = end
    return pieces


def split_to_fit(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` tokens each (by ``count``), at clause breaks, else spaces,
    else anywhere, nearest the middle. Parts joined with single spaces give back the text (modulo spacing).
    """
    if count(text) <= limit or len(text) < 2:
        return [text]
    middle = len(text) // 2
    candidates = [m.end() for m in _CLAUSE_BREAK.finditer(text) if 0 < m.end() < len(text)]
    if not candidates:
        candidates = [m.end() for m in _SPACE.finditer(text) if 0 < m.end() < len(text)]
    if not candidates:
        candidates = list(range(1, len(text)))
    cut = min(candidates, key=lambda i: abs(i - middle))
    left, right = text[:cut].strip(), text[cut:].strip()
    if not left or not right:
        return [text]
    return split_to_fit(left, count, limit) + split_to_fit(right, count, limit)


def numbers(text: str) -> Counter:
    """The multiset of numbers in ``text``."""
    return Counter(NUMBER_RE.findall(text))


def remove_invented(output: str) -> tuple[str, bool]:
    """Drop URLs, e-mail addresses and @handles from a model output whose source had none.

    Returns:
        The cleaned output and whether anything was removed.
    """
    cleaned, count = INVENTED.subn("", output)
    if not count:
        return output, False
    return _SPACE.sub(" ", cleaned).strip(), True


_WIDE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def _expected_chars(source: str) -> float:
    """Source length in 'Latin-equivalent' characters: a CJK character says as much as ~3 Latin ones."""
    total = 0.0
    for ch in source:
        if ch.isspace():
            total += 1
            continue
        name = unicodedata.name(ch, "")
        total += 3.0 if name.startswith(_WIDE_SCRIPTS) else 1.0
    return total


def quality_flags(source: str, gloss: str, *, min_ratio: float = 0.3, max_ratio: float = 3.5) -> list[str]:
    """Flags for a gloss that looks broken. The gloss is kept either way; flags only say why to doubt it.

    - ``empty``: no output for a source with letters.
    - ``length-ratio``: gloss length / source length (CJK counted ×3) outside ``[min_ratio, max_ratio]``
      (sources under 12 characters are not judged).
    - ``repeated-ngrams``: a word 3-gram occurs 3 times or more, or one word 4 times in a row.
    """
    flags = []
    if not gloss.strip():
        return ["empty"] if has_letters(source) else []
    expected = _expected_chars(source)
    if expected >= 12:
        ratio = len(gloss) / expected
        if ratio < min_ratio or ratio > max_ratio:
            flags.append("length-ratio")
    if looks_repetitive(gloss):
        flags.append("repeated-ngrams")
    return flags


def looks_repetitive(text: str) -> bool:
    """True if a word 3-gram occurs 3+ times or a word repeats 4+ times in a row (also within long no-space runs)."""
    words = text.lower().split()
    trigrams = Counter(zip(words, words[1:], words[2:]))
    if trigrams and max(trigrams.values()) >= 3:
        return True
    run = 1
    for a, b in zip(words, words[1:]):
        run = run + 1 if a == b else 1
        if run >= 4:
            return True
    # A substring repeated 4+ times back to back ("مراتمراتمراتمرات", "hahahaha" excluded by length >= 3).
    return re.search(r"(\S{3,}?)\1{3,}", text) is not None


def join_pieces(pieces: Sequence[str]) -> str:
    """Join rendered pieces, collapsing doubled spaces at the seams."""
    out = "".join(pieces)
    out = re.sub(r"[ \t]+", " ", out)
    out = re.sub(r" ?\n ?", "\n", out)
    return out.strip()
