"""Link each glossed foreign span to the article's own English rendering of it, and check that they agree.

News articles that quote a foreign text often render it in English in their own words. For every span with a
gloss, :func:`find_renderings` looks for English ranges of the same document that say what the gloss says:

1. **Candidates** are English stretches of the article (never inside a foreign span or a post attribution)
   within ``window`` code points of the span, taken from the sentences and quotations that share at least
   :data:`MIN_SHARED_WORDS` content words with the gloss: each quotation (“…”, "…", «…», ‘…’), each sentence
   (and runs of two or three), and each run of clauses of a sentence (cut at , ; : — and before *that*), so that
   a rendering of part of the span, or one wrapped in "the minister said that …", is found as the range it is.
2. **Similarity** (method ``gloss-similarity``) is a chrF-style character n-gram F-score between the gloss and
   the candidate (n = 3..5 inside words, after lower-casing, HTML-unescaping and mapping digits of every script to
   ASCII), averaged with a content-word F-score; numbers and @handles shared by both are strong evidence, a
   partial rendering (high precision, lower recall) is scored on its precision.
3. **Ranking**: candidates above ``threshold`` are kept best first, overlapping ones dropped, at most
   ``max_links``; ties go to the earlier, shorter range. Everything is deterministic.
4. **Divergences** on each link: numbers (digits in any script, with Arabic/Persian separators normalised) and
   @handles written in the span but not in the rendering (only when the rendering covers the gloss, not a
   clause of it) or in the rendering but not in the span; and a negation (*not*, *never*, *no*, *n't*…) on one side only.
   They are facts to check, not accusations: a low score is reported as a low score.

No model is used: the cost is a few Counter operations per candidate, and at most :data:`MAX_CANDIDATES`
candidates within ``window`` are scored per span.
"""

from __future__ import annotations

import bisect
import heapq
import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, filterfalse
from typing import Any, Callable, Iterable, Iterator, Sequence

from multiling.chars import HANDLE, QUOTES
from multiling.document import (
    AnnotatedDocument,
    AnnotatedSpan,
    ArticleRendering,
    Divergence,
    attach_renderings,
    bounds_and_glosses,
)
from multiling.offsets import UnitIndex
from multiling.translate.text import split_sentences

METHOD = "gloss-similarity"

#: Default search radius around a span, in code points (a rendering further away is not looked for).
WINDOW = 6000
#: Default minimum score of a link.
THRESHOLD = 0.38
#: A gloss needs this many content words to be linked.
MIN_GLOSS_WORDS = 3
#: A sentence or quotation is scored only if it shares this many content words (crude stems) with the gloss.
MIN_SHARED_WORDS = 2
#: Shortest candidate range, in code points.
MIN_RANGE = 8
#: At most this many candidate ranges (nearest the span) are scored per span.
MAX_CANDIDATES = 600
#: Profiles of candidate ranges are kept for reuse by the next spans; past this many, those behind the window go
#: (they are never asked for again, so a low bound costs no work; a profile of a sentence holds ~10 KB of n-grams).
PROFILES_KEPT = 1024
#: Default number of links kept per span.
MAX_LINKS = 2
#: A second link is kept only when it scores at least this share of the first (the same quote rendered twice).
SECOND_LINK = 0.9
#: A range containing the best one is preferred when it scores at most this much less.
WIDEN = 0.15
#: Share of the gloss a rendering must cover to be checked for what it leaves out (else it renders a clause).
COVERS = 0.8
#: Weight of the character n-gram match against the content-word match.
CHAR_WEIGHT = 0.5
#: Weight of recall against precision in the score (F-beta): below 1, a partial rendering is not punished much.
BETA = 0.8

def _digit_table() -> dict[int, str]:
    """Digits of every script -> ASCII (a str.translate table, built on first use from unicodedata)."""
    import unicodedata

    table = {}
    for code in range(0x80, 0x20000):
        value = unicodedata.decimal(chr(code), None)
        if value is not None:
            table[code] = str(value)
    table[0x066B] = "."  # ARABIC DECIMAL SEPARATOR
    table[0x066C] = ","  # ARABIC THOUSANDS SEPARATOR
    return table


_DIGIT_TABLE: dict[int, str] | None = None


def ascii_digits(text: str) -> str:
    """``text`` with the digits of every script (Arabic-Indic ٠-٩, Persian ۰-۹, Devanagari …) as ASCII digits and
    the Arabic decimal/thousands separators as ``.``/``,``."""
    global _DIGIT_TABLE
    if _DIGIT_TABLE is None:
        _DIGIT_TABLE = _digit_table()
    return text.translate(_DIGIT_TABLE)


_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")  # 1,000 · 2.5 · 11:20
_HANDLE = re.compile(HANDLE)
_WORD = re.compile(r"[^\W_]+")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|nobody|neither|nor|cannot)\b|n['’]t\b", re.IGNORECASE)

_STOPWORDS = frozenset(
    "a an the of to in on at by for from with and or but as is are was were be been being it its this that these those "
    "he she they we i you his her their our my your them him us which who whom whose what when where while has have had "
    "do does did will would shall should can could may might must also than then there here into over about after "
    "before during said says say".split()
)


_NUMBER_WORDS = {word: str(value) for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
    "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100", "thousand": "1000", "million": "1000000"} | {
    word: str(value) for value, word in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def _number_value(raw: str) -> str:
    # 1,000 and 1.000 are thousands; 2.5 and 2,5 are decimals: a separator before exactly three digits groups.
    parts = re.split(r"[.,]", raw)
    value = "".join(parts) if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) else raw.replace(",", ".")
    return value.lstrip("0") or "0"


def numbers_in(text: str, *, words: bool = False) -> Counter[str]:
    """Numbers in ``text``: digits of any script, normalised (ASCII digits, no thousands separators); with
    ``words``, English number words too (``two`` → ``2``)."""
    out: Counter[str] = Counter(_number_value(m.group()) for m in _NUMBER.finditer(ascii_digits(text)))
    if words:
        out.update(_NUMBER_WORDS[m.group().lower()] for m in _NUMBER_WORD.finditer(text))
    return out


def _standalone_numbers(text: str) -> Counter[str]:
    """Numbers written with digits and not glued to letters (``1960s``, ``19th``, ``4x4`` are left out: a span
    often writes those as words)."""
    digits = ascii_digits(text)
    return Counter(_number_value(m.group()) for m in _NUMBER.finditer(digits)
                   if not (m.start() and digits[m.start() - 1].isalpha()) and not (m.end() < len(digits) and digits[m.end()].isalpha()))


def handles_in(text: str) -> set[str]:
    """@handles in ``text``, lower-cased, without the at sign."""
    return {m.group()[1:].lower() for m in _HANDLE.finditer(text)}


def has_negation(text: str) -> bool:
    """True when ``text`` holds an English negation (not, n't, never, no, without …)."""
    return _NEGATION.search(text) is not None


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the similarity needs of one text: character n-grams, content words, numbers, handles."""

    grams: Counter
    words: Counter
    numbers: Counter
    handles: frozenset
    size: int  # n-grams in all, ``sum(grams.values())``
    word_count: int  # content words in all, ``sum(words.values())``


def _normalise(text: str) -> str:
    text = html.unescape(text)
    if not text.isascii():  # the digit table maps non-ASCII digits only: ASCII text is its own translation
        text = ascii_digits(text).replace("’", "'")
    return text.lower()


_SUFFIX = re.compile(r"(?:ies|es|s|ed|ing|ly)$")


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """A crude English stem (``reported`` ~ ``reports`` ~ ``report``), enough to compare two renderings' words.

    Cached: an article repeats its words, and every sentence of a long one is looked at. A few thousand words make
    most of any English text; more entries would cost megabytes (about 250 bytes each) for little.
    """
    return _SUFFIX.sub("", word) if len(word) > 4 else word


def profile(text: str) -> _Profile:
    """The n-gram profile of an English text (a gloss or a candidate rendering)."""
    norm = _normalise(text)
    words = _WORD.findall(norm)
    # Numbers are compared as numbers (a bonus when shared), never as letters.
    grams = Counter(chain.from_iterable(map(_word_grams, filterfalse(str.isdigit, words))))
    content = Counter(map(_stem, [w for w in words if w not in _STOPWORDS]))
    return _Profile(grams, content, numbers_in(text), frozenset(handles_in(text)), sum(grams.values()),
                    sum(content.values()))


@lru_cache(maxsize=2048)
def _word_grams(word: str) -> tuple[str, ...]:
    """The character 3-, 4- and 5-grams of `` word `` (cached: an article repeats its words; ~1 KB an entry)."""
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def _shared(a: Counter, b: Counter) -> int:
    """``sum((a & b).values())`` without building ``a & b``: the counts two texts have in common."""
    keys = a.keys() & b.keys()
    return sum(map(min, map(a.__getitem__, keys), map(b.__getitem__, keys)))


def _f_score(common: int, candidate_total: int, gloss_total: int) -> tuple[float, float]:
    """(precision, recall) of a candidate against the gloss."""
    if not common:
        return 0.0, 0.0
    return common / candidate_total, common / gloss_total


def similarity(gloss: _Profile, candidate: _Profile) -> tuple[float, float, float]:
    """``(score, precision, recall)`` of ``candidate`` as a rendering of ``gloss``, each in 0..1.

    The score is an F-score weighting precision twice as much as recall (beta 0.5): a rendering of a clause of
    the span (all of it in the gloss, little of the gloss in it) still scores well, a long stretch that merely
    contains the rendering scores less than the rendering itself. Shared numbers and handles add a bonus.
    """
    if not gloss.grams or not candidate.grams:
        return 0.0, 0.0, 0.0
    char_p, char_r = _f_score(_shared(gloss.grams, candidate.grams), candidate.size, gloss.size)
    word_p, word_r = _f_score(_shared(gloss.words, candidate.words), candidate.word_count or 1, gloss.word_count or 1)
    precision = CHAR_WEIGHT * char_p + (1 - CHAR_WEIGHT) * word_p
    recall = CHAR_WEIGHT * char_r + (1 - CHAR_WEIGHT) * word_r
    beta2 = BETA * BETA
    score = (1 + beta2) * precision * recall / (beta2 * precision + recall) if precision + recall else 0.0
    shared = _shared(gloss.numbers, candidate.numbers) + len(gloss.handles & candidate.handles)
    if shared and score > 0.15:
        score = min(1.0, score + 0.08 * min(shared, 3))
    return score, precision, recall


# -- candidates ---------------------------------------------------------------------------------------------

_QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"|«([^«»\n]+)»|‘([^‘’\n]{12,})’")
_CLAUSE_CUT = re.compile(r"[,;:—–]\s+|\s+(?=that\s)|\s+[-–]\s+")
_EDGE = "\"'“”‘’«».,;:!?—–-()[] \t"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def english_areas(text: str, foreign: Sequence[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """Ranges of ``text[lo:hi]`` outside the ``foreign`` ranges (sorted, disjoint), cut at line breaks."""
    return list(_iter_english_areas(text, foreign, lo, hi))


_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")


def _iter_english_areas(text: str, foreign: Iterable[tuple[int, int]], lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """:func:`english_areas`, one range at a time (``foreign`` is read as the ranges are made)."""
    cursor = lo
    for start, end in foreign:
        if end <= lo or start >= hi:
            continue
        if start > cursor:
            yield from _lines(text, cursor, start)
        cursor = max(cursor, end)
    if cursor < hi:
        yield from _lines(text, cursor, hi)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut at line breaks (the breaks themselves left out, empty lines skipped)."""
    line_start = start
    for match in _LINE_BREAK.finditer(text, start, end):
        if match.start() > line_start:
            yield line_start, match.start()
        line_start = match.end()
    if end > line_start:
        yield line_start, end


@dataclass(frozen=True, slots=True)
class _Unit:
    """A sentence or quotation of the article's English text (its candidate ranges are made only when needed).

    ``run_ends`` are the ends of the one or two sentences after a sentence (a rendering may run over them);
    a quotation has none and is its own only range.
    """

    start: int
    end: int
    stems: frozenset
    quotation: bool
    run_ends: tuple[int, ...] = ()


def _stems(text: str) -> frozenset:
    """The content words (crude stems) of ``text``; a short text's are remembered (:func:`_short_stems`)."""
    return _short_stems(text) if len(text) <= _SHORT_AREA else _text_stems(text)


def _text_stems(text: str) -> frozenset:
    words = set(_WORD.findall(_normalise(text))) - _STOPWORDS  # each distinct word once
    return frozenset(map(_stem, filterfalse(str.isdigit, words)))


#: Areas up to this long are first checked for enough content words as a whole (most such areas, a few words
#: between two foreign spans, have too few to share with a gloss, and cost no sentence split then); the stems of
#: texts this short are cached, as a document repeats its short phrases.
_SHORT_AREA = 64
_short_stems = lru_cache(maxsize=4096)(_text_stems)


def _units(text: str, areas: Iterable[tuple[int, int]]) -> list[_Unit]:
    """The English ``areas`` cut into quotations and sentences, in order."""
    return list(_iter_units(text, areas))


def _iter_units(text: str, areas: Iterable[tuple[int, int]], floor: Callable[[], int] = lambda: 0,
                min_stems: int = 0) -> Iterator[_Unit]:
    """:func:`_units`, one area at a time: areas are disjoint and in order, so sorting each area's units sorts them all.

    Units starting before ``floor()`` (read as the areas are reached) are not made: a window that has moved past
    them would drop them unread. Units with fewer than ``min_stems`` content words are left out: they can never
    share enough with a gloss; with ``min_stems``, so are areas shorter than :data:`MIN_RANGE`, whose ranges all are. A unit's words are whole words of its area (sentence ends, quotation marks and
    line breaks are never letters or digits), so an area with fewer content words holds no such unit.
    """
    for area_start, area_end in areas:
        if min_stems and area_end - area_start < MIN_RANGE:
            continue  # every range in it is too short to be a candidate (the window's units are only for their ranges)
        lowest = floor()
        if area_end <= lowest:
            continue
        units: list[_Unit] = []
        area = text[area_start:area_end]
        if min_stems and area_end - area_start <= _SHORT_AREA and len(_stems(area)) < min_stems:
            continue
        for match in _QUOTED.finditer(area):
            group = next(i for i in range(1, 5) if match.group(i) is not None)
            start, end = _trim(text, area_start + match.start(group), area_start + match.end(group))
            if end - start >= MIN_RANGE and start >= lowest:
                units.append(_Unit(start, end, _stems(text[start:end]), True))
        sentences = [(area_start + a, area_start + b) for a, b in split_sentences(area)]
        for index, (s_start, s_end) in enumerate(sentences):
            if s_start < lowest:
                continue
            run_ends = tuple(following[1] for following in sentences[index + 1 : index + 3])
            units.append(_Unit(s_start, s_end, _stems(text[s_start:s_end]), False, run_ends))
        units.sort(key=lambda u: (u.start, u.end))
        for unit in units:
            if len(unit.stems) >= min_stems:
                yield unit


def _unit_ranges(text: str, unit: _Unit) -> list[tuple[int, int]]:
    """A unit's candidate ranges: the quotation; or the sentence, runs of two or three sentences from it, and
    every run of its clauses."""
    if unit.quotation:
        return [(unit.start, unit.end)]
    found = {_trim(text, unit.start, unit.end)}
    found.update(_trim(text, unit.start, end) for end in unit.run_ends)
    cuts = sorted({unit.start, unit.end, *(m.end() for m in _CLAUSE_CUT.finditer(text, unit.start, unit.end))})[:12]
    for i in range(len(cuts) - 1):
        for j in range(i + 1, len(cuts)):
            found.add(_trim(text, cuts[i], cuts[j]))
    return sorted(r for r in found if r[1] - r[0] >= MIN_RANGE)


def candidates(text: str, areas: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every candidate rendering range in the English ``areas``: quotations, sentences and runs of their clauses."""
    return sorted({r for unit in _units(text, areas) for r in _unit_ranges(text, unit)})


# -- linking ------------------------------------------------------------------------------------------------


def divergences(span: AnnotatedSpan, rendering_text: str, recall: float) -> tuple[Divergence, ...]:
    """What a span and its rendering disagree on: numbers, handles, negation (see the module docstring).

    The span's numbers are those written in it (any script) and those its gloss has (a span may write a number
    as a word); a number of the rendering that is not among them is reported when it stands alone, or when it is
    glued to letters (``1960s``) but has the length of one of the span's numbers. A number of the span missing
    from the rendering is reported only when the rendering covers the gloss (not a clause of it).
    """
    out: list[Divergence] = []
    gloss = span.gloss.text or ""
    written = numbers_in(span.text)
    in_span = written | numbers_in(gloss, words=True)
    in_rendering = numbers_in(rendering_text)
    standalone = _standalone_numbers(rendering_text)
    lengths = {len(value) for value in written}
    covers = recall >= COVERS
    for value in sorted(in_rendering - in_span):
        if value in standalone or len(value) in lengths:
            out.append(Divergence("number", None, value))
    if covers:
        for value in sorted(written - in_rendering - numbers_in(rendering_text, words=True)):
            out.append(Divergence("number", value, None))
    span_handles, rendering_handles = handles_in(span.text), handles_in(rendering_text)
    for value in sorted(rendering_handles - span_handles):
        out.append(Divergence("handle", None, "@" + value))
    if covers:
        for value in sorted(span_handles - rendering_handles):
            out.append(Divergence("handle", "@" + value, None))
    if has_negation(gloss) != has_negation(rendering_text) and (covers or has_negation(rendering_text)):
        out.append(Divergence("negation", "negated" if has_negation(gloss) else "affirmed",
                              "negated" if has_negation(rendering_text) else "affirmed"))
    return tuple(out)


def _widest_close(text: str, best: tuple[float, int, int, float], scored: list[tuple[float, int, int, float]]) -> tuple[float, int, int, float]:
    """The longest candidate that contains ``best`` and scores within :data:`WIDEN` of it (``In 1996, X`` rather
    than ``X`` when the two score alike: the rendering's edges are where the gloss stops matching)."""
    score, start, length, _ = best
    quotes = _count_quotes(text, start, start + length)
    chosen = best
    for item in scored:
        if item[0] - score > WIDEN:
            break
        if (item[1] <= start and item[1] + item[2] >= start + length and item[2] > chosen[2]
                and _count_quotes(text, item[1], item[1] + item[2]) == quotes):  # never widen out of a quotation
            chosen = item
    return chosen


def _count_quotes(text: str, start: int, end: int) -> int:
    return sum(text.count(mark, start, end) for mark in QUOTES)


class _UnitWindow:
    """The article's units (sentences and quotations) that start within ``[lo, hi]`` as the window moves forward:
    made as the window reaches them, dropped once behind it, with an index from each content word's stem to the
    units that hold it and each unit's candidate ranges once asked for. Memory follows the window, not the document.
    """

    def __init__(self, text: str, areas: Iterator[tuple[int, int]]) -> None:
        self._text = text
        self._lo = 0  # the window's lower edge: units starting before it are not made
        self._units = _iter_units(text, areas, lambda: self._lo, MIN_SHARED_WORDS)
        self._ahead: _Unit | None = None  # the next unit not yet in the window
        self._started = False
        self._live: list[_Unit] = []  # the window's units, in order; the first is unit number ``self._first``
        self._first = 0
        self._ranges: dict[int, list[tuple[int, int]]] = {}  # unit number -> its candidate ranges, once made
        self._by_stem: dict[str, list[int]] = {}  # stem -> numbers of the units holding it (some may have left)
        self._indexed = 0  # entries in ``_by_stem``
        self._live_stems = 0  # of which belong to units still in the window

    def move(self, lo: int, hi: int) -> None:
        """Take the units starting up to ``hi`` and drop those starting before ``lo`` (both only ever grow)."""
        self._lo = lo
        if not self._started:
            self._ahead, self._started = next(self._units, None), True
        while self._ahead is not None and self._ahead.start <= hi:
            if self._ahead.start < lo:  # made before the window moved past it
                self._ahead = next(self._units, None)
                continue
            number = self._first + len(self._live)
            self._live.append(self._ahead)
            for stem in self._ahead.stems:
                self._by_stem.setdefault(stem, []).append(number)
            self._indexed += len(self._ahead.stems)
            self._live_stems += len(self._ahead.stems)
            self._ahead = next(self._units, None)
        gone = 0
        while gone < len(self._live) and self._live[gone].start < lo:
            self._live_stems -= len(self._live[gone].stems)
            gone += 1
        if gone:
            del self._live[:gone]
            self._first += gone
            for number in [number for number in self._ranges if number < self._first]:
                del self._ranges[number]
        if self._indexed > 2 * self._live_stems + 4096:  # mostly units that left: index the window afresh
            self._by_stem = {}
            for offset, unit in enumerate(self._live):
                for stem in unit.stems:
                    self._by_stem.setdefault(stem, []).append(self._first + offset)
            self._indexed = self._live_stems

    def sharing(self, stems: frozenset) -> Iterator[list[tuple[int, int]]]:
        """The candidate ranges of each unit in the window sharing :data:`MIN_SHARED_WORDS` stems with ``stems``,
        in the units' order."""
        shared: dict[int, int] = {}
        for stem in stems:
            numbers = self._by_stem.get(stem)
            if numbers:
                for number in numbers[bisect.bisect_left(numbers, self._first) :]:
                    shared[number] = shared.get(number, 0) + 1
        for number in sorted(shared):
            if shared[number] >= MIN_SHARED_WORDS:
                ranges = self._ranges.get(number)
                if ranges is None:
                    ranges = self._ranges[number] = _unit_ranges(self._text, self._live[number - self._first])
                yield ranges


def find_renderings(
    text: str,
    spans: Sequence[AnnotatedSpan],
    *,
    excluded: Sequence[tuple[int, int]] = (),
    window: int = WINDOW,
    threshold: float = THRESHOLD,
    max_links: int = MAX_LINKS,
) -> list[tuple[ArticleRendering, ...]]:
    """The article's renderings of each span (one tuple per span, in order; empty for spans without a gloss).

    Args:
        text: the document.
        spans: its foreign spans with their glosses (code-point offsets).
        excluded: other ranges never to link to (post attributions).
        window: how far from a span (code points, each side) to look.
        threshold: minimum score of a link (0..1).
        max_links: at most this many links per span, best first.

    Returns:
        ``ArticleRendering`` tuples, ranked by score (ties: earlier, then shorter range first). A gloss with fewer
        than :data:`MIN_GLOSS_WORDS` content words (a name, a one-word quote) is not linked: it would match too
        much of any article. At most :data:`MAX_CANDIDATES` candidates nearest the span are scored, so the cost
        per span is bounded whatever the document's length.
    """
    starts, ends, glosses = bounds_and_glosses(spans)
    if not any(glosses):
        return [() for _ in glosses]
    # Spans are in order and disjoint: merged with the sorted exclusions, the blocked ranges come in order, made
    # one at a time (a list of every span's range cost ~120 bytes per span).
    blocked = heapq.merge(zip(starts, ends), sorted(excluded))
    # The article's sentences and quotations are made as the spans reach them and dropped once behind the
    # window, with their candidate ranges and profiles: memory follows the window, not the document.
    window_units = _UnitWindow(text, _iter_english_areas(text, blocked, 0, len(text)))
    offsets: tuple[UnitIndex, UnitIndex] | None = None  # made when the first link is kept
    profiles: dict[tuple[int, int], _Profile] = {}
    profiles_limit = PROFILES_KEPT
    out: list[tuple[ArticleRendering, ...]] = []
    for number, (span_start, span_end, gloss) in enumerate(zip(starts, ends, glosses)):
        gloss_stems = _stems(gloss) if gloss else frozenset()
        if len(gloss_stems) < MIN_GLOSS_WORDS:
            out.append(())
            continue
        lo, hi = span_start - window, span_end + window
        window_units.move(lo, hi)
        # Only sentences and quotations sharing content words with the gloss are worth scoring.
        nearby = sorted({r for ranges in window_units.sharing(gloss_stems) for r in ranges if r[1] <= hi})
        if not nearby:
            out.append(())
            continue
        gloss_profile = profile(gloss or "")
        if len(nearby) > MAX_CANDIDATES:
            nearby.sort(key=lambda c: (min(abs(c[0] - span_end), abs(span_start - c[1])), c))
            nearby = sorted(nearby[:MAX_CANDIDATES])
        if len(profiles) > profiles_limit:
            # Candidates start inside a unit, and units before ``lo`` are gone: their profiles are never asked again.
            profiles = {key: value for key, value in profiles.items() if key[0] >= lo}
            profiles_limit = max(PROFILES_KEPT, 2 * len(profiles))
        scored = []
        for key in nearby:
            if key not in profiles:
                profiles[key] = profile(text[key[0] : key[1]])
            score, _, recall = similarity(gloss_profile, profiles[key])
            if score >= threshold:
                scored.append((-round(score, 6), key[0], key[1] - key[0], recall))
        scored.sort()
        kept: list[tuple[float, int, int, float]] = []
        for item in scored:
            _, start, length, _ = item
            if any(start < k_start + k_length and k_start < start + length for _, k_start, k_length, _ in kept):
                continue
            if kept and -item[0] < SECOND_LINK * -kept[0][0]:
                break
            kept.append(_widest_close(text, item, scored))
            if len(kept) == max_links:
                break
        links = []
        if kept and offsets is None:
            offsets = (UnitIndex(text, "utf-16"), UnitIndex(text, "utf-8"))
        span = spans[number] if kept else None
        for negative_score, start, length, recall in kept:
            end = start + length
            links.append(ArticleRendering(
                start=start, end=end, text=text[start:end], score=round(-negative_score, 4), method=METHOD,
                divergences=divergences(span, text[start:end], recall),  # type: ignore[arg-type]
                utf16=(offsets[0](start), offsets[0](end)), utf8=(offsets[1](start), offsets[1](end)),  # type: ignore[index]
            ))
        out.append(tuple(links))
    return out


def link_renderings(doc: AnnotatedDocument, **options: Any) -> AnnotatedDocument:
    """``doc`` with each glossed span's article renderings attached (post attributions are never linked to).

    Args:
        doc: an annotated document (its existing renderings are replaced).
        **options: ``window``, ``threshold``, ``max_links`` of :func:`find_renderings`.
    """
    found = find_renderings(doc.text, doc.spans, excluded=[(p.start, p.end) for p in doc.posts], **options)
    return attach_renderings(doc, found)
