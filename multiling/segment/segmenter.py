"""The segmenter: a document in, language spans with exact code-point offsets out.

How it decides, in order:

1. Lines. A span never crosses a line break. A tweet-style attribution
   (``— Name (@handle) Month D, YYYY``) is cut off from the text before it, and its name is a unit of its own.
2. Non-Latin scripts. Runs of one script are found on the script skeleton (see :mod:`.scripts`). A run goes
   on across spaces, punctuation, digits, emoji, @handles, URLs, hashtags, names and up to two lowercase Latin
   words in a row *as long as the same script goes on after them*; at its edges those are left out unless
   they belong to the same sentence.
3. Latin script. What remains is split into sentences and quotations; each is English unless its words
   say otherwise (few English function words, and a clear n-gram verdict for another language, from at
   least three words). A quoted foreign phrase is a span inside its English sentence; one foreign word
   cannot flip a sentence.
4. Tiling. Adjacent units of one language merge. Every span starts and ends on a letter, a combining mark
   or a digit — never on whitespace or punctuation. English spans cover the remaining letters, so the
   spans cover every letter of the document and :func:`segment_tiling` rebuilds it exactly.

Everything is deterministic: no sampling, no state kept between calls.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from itertools import chain, groupby
from typing import Iterator, Sequence

from multiling._lazy import MadeOnRead
from multiling.chars import BARE_DOMAIN_PATH, EMAIL, HANDLE, HASHTAG, JOINERS, PARAGRAPH_END, SCRIPT_LANGUAGE, URL
from multiling.document import Post
from multiling.posts import find_posts
from multiling.segment import langid
from multiling.segment.scripts import LETTER_CODES, NON_LATIN_CODES, SCRIPT_CODES, script_of, skeleton
from multiling.types import Piece, Span, tile, unchecked_span

# ---------------------------------------------------------------------------------------------------------
# Tokens that are not language: they travel with whatever text surrounds them.
_TRANSPARENT = re.compile(f"(?:{URL}|{BARE_DOMAIN_PATH}|{HANDLE}|{HASHTAG}|{EMAIL})")  # matched against a whole token
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?،؛؟…—–-|/\\*"

# Sentence ends (on the skeleton): final punctuation, optional closing quotes/brackets, then whitespace.
_SENTENCE_END_CODES = re.compile(r"tt*[qp]?[qp]?s+")  # "tt*", not "t+": a literal first lets the engine skip ahead
# Abbreviations and initials after which a full stop does not end a sentence.
_ABBREVIATIONS = (
    "Mr Mrs Ms Dr Prof St Sr Jr Mme Mlle Sra Sr Hr Fr Nr No Vol vs etc ca approx Gen Col Lt Sgt Gov Sen Rep U.S U.K a.m p.m "
    "e.g i.e z.B u.a bzw usw Inc Ltd Co Corp Jan Feb Aug Sept Oct Nov Dec"
).split()
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]|" + "|".join(map(re.escape, _ABBREVIATIONS)) + r"))\.\s+$")
# What _ABBREVIATION can end on before its full stop: a capital (an initial) or one of the words.
_ABBREVIATION_ENDINGS = (*_ABBREVIATIONS, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Quotations: one capture group per kind of pair; ``match.lastindex`` says which matched. A straight quote opens
# only after a space, a bracket or a dash and closes only after a non-space, so that a quote nested inside
# another ("... disebut "hei", yang ...") is not mistaken for the end of the outer one; a single quote closes
# only where no letter follows (don't, c'est and rock 'n' roll are apostrophes). Mixed pairs ("…”) are
# common on the web. Spanish ¡…! and ¿…? delimit a phrase just as quote marks do.
# Every alternative starts with its opening mark (the straight quotes' condition on the character before them is a
# lookbehind after the mark), so the regex engine skips to the next mark instead of trying each position.
_QUOTE = re.compile(
    r"“([^“”\n]+)[”\"]"
    r"|\"(?<![^\s(\[{—–-]\")(?=\S)([^\"“”\n]+)(?<=\S)[\"”]"
    r"|«([^«»\n]+)»|»([^«»\n]+)«|„([^„“”\n]+)[“”]|‹([^‹›\n]+)›|「([^「」\n]+)」|『([^『』\n]+)』"
    r"|‘((?:[^‘’\n]|’(?=\w))+)’(?!\w)|‚([^‚‘’\n]+)[‘’]"
    r"|'(?<![^\s(\[{—–-]')(?=\w)((?:[^'\n]|'(?=\w))+?)(?<=\S)'(?!\w)"
    r"|¡([^!¡\n]+)!|¿([^?¿\n]+)\?"
    # A quotation left open at the end of its line (a lyric, or a paragraph of speech that the next paragraph goes
    # on with: news leaves those open) runs to the line's end, its last letter. One alternative per mark: an
    # alternative starting with a set of marks ([“«„]) would stop the engine from skipping to the next mark.
    + "".join(f"|{mark}" + r"([^“”«»„\"\n]*[^\W_])[^\w\n]*(?=\n|$)" for mark in "“«„")
    + r"|\"(?<![^\s(\[{—–-]\")(?=\w)([^\"“”\n]*[^\W_])[^\w\n\"]*(?=\n|$)"
)
# What _QUOTE's alternatives open with besides the quotation marks, which are "q" in the skeleton (and nothing else
# is): whether [start, end) holds any of them is a few memchr-fast finds, not a regex scan of every character.
_OTHER_QUOTE_OPENERS = "'¡¿"
# A quotation needs this many words to be judged on its own (fewer stay with the sentence around them), and
# a two-word one this many letters ("Õ/õ" is about two letters, not a phrase).
MIN_QUOTATION_WORDS = 2
MIN_SHORT_QUOTATION_LETTERS = 6
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")  # _WORD's matches in ASCII text

# A Latin unit needs this many words before it may be called non-English.
MIN_FOREIGN_WORDS = 3
# Up to this many lowercase Latin words in a row may sit inside a run of another script.
MAX_LATIN_WORDS_INSIDE = 2
# ...and up to this many words in all when they are capitalised names or acronyms.
MAX_NAME_WORDS_INSIDE = 10
# Internal marker for a Latin sentence too short to judge on its own; settled by its neighbours.
UNDECIDED = "?"
# A run needs this many letters of its script before Latin names at its edges may join it.
MIN_LETTERS_FOR_EDGE_NAMES = 20
# A run of Greek, Cyrillic, Armenian or Georgian letters needs this many to be a span of its own: a lone "π", "Δ"
# or "ә" in English is a symbol or a letter being talked about. In other scripts one letter (with its marks) is
# often a word: 浮, の, 한, का, و.
MIN_SCRIPT_LETTERS = 2
_LETTERS_AS_SYMBOLS = frozenset({"G", "C", "P", "R"})


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    lang: str
    script: str
    confidence: float


def segment(text: str, *, posts: Sequence[Post] | None = None) -> list[Span]:
    """Split ``text`` into language spans.

    Args:
        text: any string (empty, whitespace, control characters and lone surrogates are fine).
        posts: the text's tweet attributions when the caller already found them
            (:func:`multiling.posts.find_posts`, as the pipeline does); found here otherwise.

    Returns:
        Spans in document order, disjoint, each starting and ending on a letter, mark or digit; together they
        cover every letter of ``text``. Offsets are code points, end-exclusive (``text[span.start:span.end]``).
        Foreign spans are those with ``lang != "en"``.
    """
    return _spans(text, posts, english=True)


class SpanColumns(MadeOnRead[Span]):
    """Spans of one text in document order, kept as offsets, language/script numbers and confidences; each
    :class:`Span` (its text sliced from the document) is made when it is read, equal to the one ``segment`` gives."""

    __slots__ = ("_text", "_bounds", "_kinds", "_kind_of", "_kind_numbers", "_confidences")

    def __init__(self, text: str) -> None:
        self._text = text
        self._bounds = array("q")  # start, end of each span
        self._kinds = array("H")  # index into _kind_of
        self._kind_of: list[tuple[str, str]] = []  # (lang, script)
        self._kind_numbers: dict[tuple[str, str], int] = {}
        self._confidences = array("d")

    def _append(self, start: int, end: int, lang: str, script: str, confidence: float) -> None:
        kind = (lang, script)
        number = self._kind_numbers.get(kind)
        if number is None:
            number = self._kind_numbers[kind] = len(self._kind_of)
            self._kind_of.append(kind)
        self._bounds.extend((start, end))
        self._kinds.append(number)
        self._confidences.append(confidence)

    def __len__(self) -> int:
        return len(self._kinds)

    def _item(self, index: int) -> Span:
        start, end = self._bounds[2 * index], self._bounds[2 * index + 1]
        lang, script = self._kind_of[self._kinds[index]]
        return unchecked_span(start, end, lang, script, self._confidences[index], self._text[start:end])

    def __iter__(self) -> Iterator[Span]:
        return map(self._item, range(len(self)))


def _spans(text: str, posts: Sequence[Post] | None, *, english: bool) -> list[Span]:
    direct, units = _kept_spans_or_units(text, posts, english=english)
    return direct if direct is not None else [_to_span(text, unit) for unit in units]


def spans_to_merge(text: str, posts: Sequence[Post]) -> Sequence[Span]:
    """The spans :func:`multiling.merge.merge` needs: ``segment(text, posts=posts)``, without the English spans when
    there is no attribution (the merge needs them only to find the span a post closes), held as columns
    (:class:`SpanColumns`: each ``Span`` is made when read).

    For the pipeline: on a huge document the English spans are never made, and the others take ~30 bytes each
    until the document's own columns take them, where ``Span`` objects with their texts took ~240."""
    direct, units = _kept_spans_or_units(text, posts, english=bool(posts))
    if direct is not None:
        return direct
    held = SpanColumns(text)
    append = held._append
    for unit in units:
        append(unit.start, unit.end, unit.lang, unit.script, _confidence(unit))
    return held


def _kept_spans_or_units(
    text: str, posts: Sequence[Post] | None, *, english: bool
) -> tuple[list[Span] | None, Iterator[_Unit]]:
    """The spans of the direct path, or else the document's units, each let go as the next is read; the English
    ones left out unless ``english``."""
    direct, units = _direct_spans_or_units(text, posts)
    if direct is not None:
        return (direct if english else [span for span in direct if span.lang != "en"]), iter(())
    each = _each_unit_once(units)
    return None, (each if english else (unit for unit in each if unit.lang != "en"))


def _direct_spans_or_units(text: str, posts: Sequence[Post] | None) -> tuple[list[Span] | None, list[_Unit]]:
    """The spans of a text the direct path takes (one line of Latin script: ``_latin_line_spans``), or else the
    document's units (after the steps that look across the whole document)."""
    if not text:
        return [], []
    codes = skeleton(text)
    if not posts:
        direct = _latin_line_spans(text, codes)
        if direct is not None:
            return direct, []
    units: list[_Unit] = []
    for seg_start, seg_end, is_name in _segments(text, codes, find_posts(text) if posts is None else posts):
        units.extend(_segment_units(text, codes, seg_start, seg_end, is_name))
    return None, _document_units(text, codes, units)


def _each_unit_once(units: list[_Unit]) -> Iterator[_Unit]:
    """``units`` in order, each let go as the next is read: the list is emptied from its end (reversed first), so
    the units and what is made of them are not all alive at once (the segmenter's peak on span-dense text)."""
    units.reverse()
    pop = units.pop
    while units:
        yield pop()


def _document_spans(text: str, codes: str, units: list[_Unit]) -> list[Span]:
    """The spans of a document's units, after the steps that look across the whole document."""
    return [_to_span(text, unit) for unit in _document_units(text, codes, units)]


def _document_units(text: str, codes: str, units: list[_Unit]) -> list[_Unit]:
    """A document's units after the steps that look across the whole document."""
    _take_trailing_marks(codes, units)
    # Which steps have anything to look at, found in one pass (none of them changes what the later ones look for:
    # they change the languages of Han, Arabic-script and Cyrillic units only).
    has_japanese = has_arabic = has_cyrillic = has_devanagari = has_foreign_latin = False
    for unit in units:
        script = unit.script
        if script == "Latn":
            has_foreign_latin = has_foreign_latin or unit.lang != "en"
        elif script == "Arab":
            has_arabic = True
        elif script == "Cyrl":
            has_cyrillic = True
        elif script == "Deva":
            has_devanagari = True
        if unit.lang == "ja":
            has_japanese = True
    if has_japanese:
        _han_takes_japanese(text, units)
    if has_arabic:
        _arabic_script_takes_the_document_language(text, units)
    if has_devanagari:
        _devanagari_takes_its_label(text, units)
    if has_cyrillic:
        _cyrillic_takes_the_language_around_it(text, units)
    if has_foreign_latin:
        _lines_take_the_language_of_their_verse(text, units)
        units = _repeated_phrases_keep_their_language(text, units)
    return units


# A foreign Latin-script span of this many words at most is a phrase the document may repeat.
MAX_REPEATED_PHRASE_WORDS = 6


def _repeated_phrases_keep_their_language(text: str, units: list[_Unit]) -> list[_Unit]:
    """A phrase found foreign once (“Nessun dorma” – “None shall sleep”) is the same foreign phrase where the
    document repeats it without the quote marks or gloss that gave it away ("how Nessun Dorma became the
    signature tune"): English units are searched for the document's short foreign phrases, whole words, any
    case. A title or a saying is also repeated by its first words ("Cien años" for "Cien años de soledad"): two
    words or more, none English, not ending on an article or a preposition."""
    phrases: dict[str, _Unit] = {}
    for unit in units:
        if unit.script == "Latn" and unit.lang != "en":
            words = _WORD.findall(text, unit.start, unit.end)
            if MIN_QUOTATION_WORDS <= len(words) <= MAX_REPEATED_PHRASE_WORDS:
                phrases.setdefault(" ".join(words).lower(), unit)
    for key, unit in list(phrases.items()):
        lower = key.split()
        for size in range(MIN_QUOTATION_WORDS, len(lower)):
            head = lower[:size]
            if head[-1] in langid.NAME_PARTICLES or any(map(langid.is_english_word, head)):
                continue
            phrases.setdefault(" ".join(head), unit)
    if not phrases:
        return units
    matcher = _PhraseMatcher(phrases)
    result: list[_Unit] = []
    for unit in units:
        if unit.lang != "en" or unit.script != "Latn":
            result.append(unit)
            continue
        cursor = unit.start
        for match in matcher.finditer(text, unit.start, unit.end):
            source = phrases.get(" ".join(_WORD.findall(match.group())).lower())
            if source is None:
                continue
            if match.start() > cursor:
                result.append(_Unit(cursor, match.start(), "en", unit.script, unit.confidence))
            result.append(_Unit(match.start(), match.end(), source.lang, unit.script, min(source.confidence, 0.7)))
            cursor = match.end()
        if cursor < unit.end:
            result.append(_Unit(cursor, unit.end, "en", unit.script, unit.confidence))
    return [unit for unit in result if _LETTER_OR_DIGIT.search(text, unit.start, unit.end)]


class _PhraseMatcher:
    r"""``finditer`` of the regex ``(?<!\w)(?:key|key|...)(?!\w)`` (IGNORECASE; each key's words joined by ``\W+``;
    longer keys tried first), with the same matches, in time linear in the text. A match starts where a run of word
    characters does that is some key's first run of word characters: the text is scanned for those runs (one regex,
    a trie of them), and only the keys starting with the run found are tried there, in the big regex's order. That
    regex, of thousands of phrases tried at every position, made the step quadratic in a long document's phrases."""

    # Characters IGNORECASE matching takes for one another beyond lowercasing (sre_compile's equivalences: dotless
    # i, long s, micro sign, Greek symbol forms...), folded onto one so that a run is filed and looked up alike.
    _SAME_UNDER_IGNORECASE = str.maketrans(
        {"ı": "i", "ſ": "s", "µ": "μ", "ϐ": "β", "ϵ": "ε", "ϑ": "θ", "ϰ": "κ", "ϖ": "π", "ϱ": "ρ", "ς": "σ", "ϕ": "φ",
         "ẛ": "ṡ", "ﬅ": "ﬆ", "\u1fd3": "\u0390", "\u1fe3": "\u03b0", "\u1fbe": "\u03b9", "\u0345": "\u03b9"}
    )
    _RUN = re.compile(r"\w+")

    def __init__(self, phrases: dict[str, _Unit]) -> None:
        # Each key as the regex writes it, filed by its first run of word characters, folded, in the regex's order.
        alternatives = sorted((r"\W+".join(map(re.escape, key.split())) for key in phrases), key=len, reverse=True)
        self._alternatives: dict[str, list[str]] = {}
        for alternative in alternatives:
            first_run = self._RUN.match(alternative)  # re.escape leaves letters as they are
            self._alternatives.setdefault(self._fold(first_run.group() if first_run else ""), []).append(alternative)
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._candidate = re.compile(r"(?<!\w)" + self._trie(sorted(self._alternatives)), re.IGNORECASE)

    @classmethod
    def _trie(cls, runs: list[str]) -> str:
        """A regex matching any of ``runs`` (sorted) as a whole run of word characters, written as a trie."""
        branches = []
        for first, group in groupby(runs, key=lambda run: run[:1]):
            if not first:
                branches.append(r"(?!\w)")  # a run ends here
            else:
                branches.append(re.escape(first) + cls._trie([run[1:] for run in group]))
        return "(?:" + "|".join(branches) + ")"

    @classmethod
    def _fold(cls, letters: str) -> str:
        # Per character: "İ".lower() is two code points, the regex's lowercase of it one ("i").
        return "".join(char.lower()[:1] for char in letters).translate(cls._SAME_UNDER_IGNORECASE)

    def _pattern(self, run: str) -> re.Pattern[str]:
        pattern = self._patterns.get(run)
        if pattern is None:
            alternatives = "|".join(self._alternatives[run])
            pattern = self._patterns[run] = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)
        return pattern

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        candidate = self._candidate.search(text, start, end)
        while candidate is not None:
            run = self._fold(candidate.group())
            match = self._pattern(run).match(text, candidate.start(), end) if run in self._alternatives else None
            candidate = self._candidate.search(text, match.end() if match else candidate.end(), end)
            if match is not None:
                yield match


# A line of its own with at most this many words may take the language of the lines around it.
MAX_VERSE_LINE_WORDS = 12


def _lines_take_the_language_of_their_verse(text: str, units: list[_Unit]) -> None:
    """Short lines of their own between lines of one foreign Latin-script language — a song's refrain
    ("Röslein, Röslein, Röslein rot"), the lines of a stanza too short or too full of names to be judged alone
    ("O partigiano, Porta mi via") — take that language when they write no English function word and name no
    language ("In German,"), the n-gram
    model prefers that language to English for them, and one of their words is in its word list or writes a
    letter English never writes ("Röslein, Röslein, Röslein rot"). Settled lines
    settle their neighbours in turn; an English line (a translation between the verses) stops it."""
    changed = True
    while changed:
        changed = False
        for index, unit in enumerate(units):
            if unit.lang != "en" or unit.script != "Latn":
                continue
            # The neighbours' languages and scripts first: most English units have no foreign Latin neighbour, and
            # those are cheaper to look at than the lines.
            neighbours = [
                units[i] for i in (index - 1, index + 1)
                if 0 <= i < len(units) and units[i].script == "Latn" and units[i].lang != "en"
            ]
            if not neighbours or not _is_whole_line(text, unit):
                continue
            langs = {
                neighbour.lang
                for neighbour in neighbours
                if _is_whole_line(text, neighbour)
                and _next_lines(text, *sorted((unit, neighbour), key=lambda u: u.start))
            }
            if len(langs) != 1:
                continue
            lang = langs.pop()
            lower = [word.lower() for word in _WORD.findall(text, unit.start, unit.end)]
            if not lower or len(lower) > MAX_VERSE_LINE_WORDS:
                continue
            if any(word in langid.ENGLISH_WORDS or word in _LANGUAGE_NAMES for word in lower):
                continue  # English framing: "This morning I woke up", "In German,"
            _, margins = langid.ngram_model("Latn").guess(lower)
            if lang not in margins or margins[lang] >= margins.get("en", 0.0):
                continue
            if not langid.known_words(lang, lower)[0] and not (
                len(lower) >= MIN_QUOTATION_WORDS and langid.words_with_foreign_letters(lower)
            ):
                continue  # one word with such a letter is as often a romanised name ("Âwena")
            unit.lang, unit.confidence = lang, 0.6
            changed = True


def _is_whole_line(text: str, unit: _Unit) -> bool:
    """Whether nothing but punctuation, digits and spaces stands beside ``unit`` on its line (a list number, a
    closing comma)."""
    # "\r" is looked for only between the unit and the nearest "\n": a document without "\r" is not scanned to
    # its start and end for every unit (quadratic time on a large document).
    newline = text.rfind("\n", 0, unit.start)
    line_start = max(newline, text.rfind("\r", newline + 1, unit.start)) + 1
    newline = text.find("\n", unit.end)
    carriage = text.find("\r", unit.end, len(text) if newline < 0 else newline)
    line_end = carriage if carriage >= 0 else newline if newline >= 0 else len(text)
    return not _ANY_LETTER.search(text, line_start, unit.start) and not _ANY_LETTER.search(text, unit.end, line_end)


def _next_lines(text: str, first: _Unit, second: _Unit) -> bool:
    """Whether ``second`` is on the line after ``first``'s, or after one blank line (a stanza break)."""
    between = text[first.end : second.start]
    return 1 <= between.count("\n") + between.count("\r") - between.count("\r\n") <= 2 and not _ANY_LETTER.search(between)


_ANY_LETTER = re.compile(r"[^\W\d_]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _arabic_script_takes_the_document_language(text: str, units: list[_Unit]) -> None:
    """Short Arabic-script spans often write no letter that tells Arabic, Persian, Urdu, Pashto and Sorani
    apart (سلیم کوثر, نوروز). A language label right before a span ("Urdu: سلیم کوثر", "(Pashto: کابل") names
    its language when its letters allow it. Where the document's other spans are settled by a label or by such
    letters, mostly in one language, a span whose letters allow that language takes it."""
    arabic = [(unit, langid.arabic_script_languages(text[unit.start : unit.end])) for unit in units if unit.script == "Arab"]
    labelled = set()
    for unit, _ in arabic:
        label = _language_label_before(text, unit.start)
        if label is not None and label in langid.arabic_script_languages(text[unit.start : unit.end], yeh_kaf=False):
            unit.lang = label
            labelled.add(id(unit))
    settled = Counter(unit.lang for unit, consistent in arabic if consistent == {unit.lang} or id(unit) in labelled)
    if not settled:  # no span singled out by its letters: those whose letters at least allow their verdict
        settled = Counter(unit.lang for unit, consistent in arabic if unit.lang in consistent != langid.ARABIC_SCRIPT_LANGUAGES)
    if not settled:
        return
    (document_lang, count), *rest = settled.most_common()
    if rest and rest[0][1] * 2 > count:
        return  # no clear majority: a document quoting several languages
    for unit, consistent in arabic:
        if len(consistent) > 1 and document_lang in consistent and id(unit) not in labelled:
            unit.lang = document_lang


def _devanagari_takes_its_label(text: str, units: list[_Unit]) -> None:
    """Hindi, Sanskrit, Marathi and Nepali share Devanagari, and a short span rarely tells them apart ("(Sanskrit:
    बोधिसत्त्वः", "Marathi: पुणे"): a language label right before a span names its language."""
    for unit in units:
        if unit.script == "Deva":
            label = _language_label_before(text, unit.start)
            if label in _DEVANAGARI_LABELLED:
                unit.lang = label


def _cyrillic_takes_the_language_around_it(text: str, units: list[_Unit]) -> None:
    """A short Cyrillic span often writes no letter that tells Russian, Ukrainian, Bulgarian or Macedonian apart
    (Героям слава, Добро утро, Серед степу широкого). A language label right before a span ("Russian: Киев")
    settles it; where the nearest spans before and after it that are settled by a label or by such letters
    (Україні, Добър, Заповіт) agree on one language its letters allow, it takes that language.
    Those of its own paragraph come first, the document's only when its paragraph has none: a page can quote a
    Ukrainian poem and its Russian translation one after the other, and each block's plain lines belong to their
    own block."""
    breaks = [match.end() for match in _PARAGRAPH_BREAK.finditer(text)]
    cyrillic = [(unit, langid.cyrillic_script_languages(text[unit.start : unit.end])) for unit in units
                if unit.script == "Cyrl"]
    paragraphs = [bisect_left(breaks, unit.end) for unit, _ in cyrillic]
    labels = [_language_label_before(text, unit.start) for unit, _ in cyrillic]
    settled = [label if label in consistent
               else (unit.lang if consistent & langid.COMMON_CYRILLIC_LANGUAGES == {unit.lang} else None)
               for (unit, consistent), label in zip(cyrillic, labels)]
    for (unit, _), lang in zip(cyrillic, settled):
        unit.lang = lang or unit.lang
    settled_paragraphs = {paragraph for paragraph, lang in zip(paragraphs, settled) if lang is not None}
    # Units whose paragraph has a settled unit look only inside it; the others look across the document.
    scope = [paragraph if paragraph in settled_paragraphs else -1 for paragraph in paragraphs]

    def nearest(order: range) -> list[str | None]:
        """For each unit, the language of the nearest settled unit of its scope met before it in ``order``."""
        found: list[str | None] = [None] * len(cyrillic)
        last: dict[int, str] = {}
        for i in order:
            found[i] = last.get(scope[i])
            lang = settled[i]
            if lang is not None:
                last[-1] = last[paragraphs[i]] = lang
        return found

    before, after = nearest(range(len(cyrillic))), nearest(range(len(cyrillic) - 1, -1, -1))
    for (unit, consistent), own, previous, following in zip(cyrillic, settled, before, after):
        around = {lang for lang in (previous, following) if lang is not None}
        if own is None and unit.lang in consistent and len(around) == 1 and around <= consistent:
            unit.lang = around.pop()


_PARAGRAPH_BREAK = re.compile(PARAGRAPH_END)
# "Russian: Киев", "(Urdu: سلیم کوثر", "the Russian-language 'Киев'", "in Bulgarian, „…": the name of a language
# right before a span names the span's language (for the scripts several languages share and letters often
# cannot tell apart; Latin-script labels are _LABELLED's).
_SCRIPT_LANGUAGE_LABELS = {
    "russian": "ru", "ukrainian": "uk", "bulgarian": "bg", "macedonian": "mk", "serbian": "sr", "belarusian": "be",
    "kazakh": "kk", "tajik": "tg",
    "arabic": "ar", "persian": "fa", "farsi": "fa", "dari": "fa", "urdu": "ur", "pashto": "ps", "sorani": "ckb",
    "kurdish": "ckb",
    "hindi": "hi", "sanskrit": "sa", "marathi": "mr", "nepali": "ne",
}
# The scripts each labelled language is written in (a label before a span of another script says nothing of it).
_DEVANAGARI_LABELLED = frozenset({"hi", "sa", "mr", "ne"})
_LANGUAGE_LABEL_BEFORE = re.compile(
    r"\b(?P<label>" + "|".join(_SCRIPT_LANGUAGE_LABELS) + r")(?:-language)?\s*[:,]?\s*[\"'“‘«„]?\s*$", re.IGNORECASE
)


_SCRIPT_LABEL_ENDINGS = (*_SCRIPT_LANGUAGE_LABELS, *(label + "-language" for label in _SCRIPT_LANGUAGE_LABELS))


def _language_label_before(text: str, start: int) -> str | None:
    """The language a label right before ``start`` names, if any."""
    window_start = max(0, start - 40)
    if not _may_end_with(text, window_start, start, ":,\"'“‘«„", _SCRIPT_LABEL_ENDINGS):
        return None
    match = _LANGUAGE_LABEL_BEFORE.search(text, window_start, start)
    return _named_language(_SCRIPT_LANGUAGE_LABELS, match.group("label")) if match else None


def _named_language(names: dict[str, str], label: str) -> str:
    """The language of a label that a case-insensitive regex matched against ``names``: by its lowercase form, or,
    where case-insensitive matching folds a letter that lower() keeps (ſ in "Ruſſian", İ in "İtalian"), by the
    name it matches (a KeyError there crashed the segmenter)."""
    lang = names.get(label.lower())
    if lang is None:
        lang = next(lang for name, lang in names.items() if re.fullmatch(name, label, re.IGNORECASE))
    return lang


def _may_end_with(text: str, start: int, end: int, trailing: str, endings: tuple[str, ...]) -> bool:
    """Whether text[start:end], less whitespace and ``trailing`` characters at its end, may end with one of
    ``endings`` (lowercase ASCII) in any case: a cheap test that the label regexes anchored at ``end`` need to pass
    (they try every position of their window). True where that end is not ASCII: the regex decides."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
        end -= 1
    tail = text[max(start, end - _LONGEST_ENDING) : end]
    return not tail.isascii() or tail.lower().endswith(endings)


# A line of Latin script only (the bulk of real input) skips steps 1 and 2: see _latin_line_spans.
_LINE_BREAK_OR_OTHER_SCRIPT = re.compile("[n" + "".join(sorted(NON_LATIN_CODES)) + "]")


def _latin_line_spans(text: str, codes: str) -> list[Span] | None:
    """The spans of a text that is one line of Latin script, or None to take the full path.

    Exactly what the full path gives, with less work. For a text with no line break, no letter of another
    script and no tweet attribution, steps 1 and 2 find one segment, the whole text, and no script run: the full
    path is then ``_document_spans(_latin_line_units(whole text))``, which this calls directly. A settled English
    line (the bulk of real input) is one unit there, which the document steps leave as it is but for the marks
    after it (``_take_trailing_marks``; they look at foreign units only): its span is made here without them.
    """
    if text.isascii():
        # The skeleton of ASCII text holds no letter of another script, no mark and no fullwidth at sign.
        if "n" in codes or "(@" in text:
            return None  # lines and attributions: the full path (find_posts needs "(@")
        if "L" not in codes:
            return []  # the full path finds no unit in a line without letters
    else:
        if _LINE_BREAK_OR_OTHER_SCRIPT.search(codes) or "(@" in text or "(＠" in text:
            return None  # lines, attributions and script runs: the full path
        if not _LETTER.search(codes):
            return []
    length = len(text)
    context = _LatinContext(text, codes, 0, length)
    confidence = _settled_english_line(text, codes, 0, length, context)
    if confidence is None:
        return _document_spans(text, codes, _finish(text, codes, _latin_units(text, codes, 0, length, True, context)))
    start, end = _trim(codes, 0, length, edge_letters=None)
    while end < length and codes[end] == "m":
        end += 1  # _take_trailing_marks
    # _to_span's clamp is not needed: a settled sentence's confidence is in (0.6, 0.99].
    return [unchecked_span(start, end, "en", "Latn", confidence, text[start:end])]  # trimmed to a letter: valid


def _latin_line_units(text: str, codes: str, start: int, end: int) -> list[_Unit]:
    """``_finish(_latin_units(text, codes, start, end, whole_line=True))`` for a segment with no letter of another
    script (the bulk of a document's lines), with the quotations, lowercase text and token positions found once
    (``_LatinContext``); a settled English line (``_settled_english_line``) needs no _finish but its trim."""
    if not _LETTER.search(codes, start, end):
        return []  # no letter: _segment_units makes no unit
    context = _LatinContext(text, codes, start, end)
    confidence = _settled_english_line(text, codes, start, end, context)
    if confidence is not None:
        unit_start, unit_end = _trim(codes, start, end, edge_letters=None)
        return [_Unit(unit_start, unit_end, "en", "Latn", confidence)]
    return _finish(text, codes, _latin_units(text, codes, start, end, True, context))


def _settled_english_line(text: str, codes: str, start: int, end: int, context: _LatinContext) -> float | None:
    """The confidence of the one English unit, [start, end) whole, that ``_latin_units(text, codes, start, end,
    context=context)`` makes when every sentence of [start, end) is settled English by its function words and
    nothing else can make a unit of another language, found without the units; None otherwise (``context.judged``
    then says how far it got, for _latin_units to go on from there).

    The shortcut is exact because, with every sentence settled, ``_latin_units`` adds one English unit per sentence
    (merged by ``add_lang``, at the highest confidence; the sentences cover [start, end)), whatever ``whole_line``
    says (its rules are for sentences not settled), and nothing after it can change that unit: no language label
    (``labelled``), no undecided sentence, no phrase for ``_with_foreign_phrases`` to split out (none told by
    letters English never writes, as there is no letter outside ASCII; none told by its function words; no
    glossed one). A rule added to ``_latin_units`` for sentences settled as English by their function words must
    keep this condition true, or end the shortcut for the texts it applies to; ``tests/test_segment_failure_classes.py``
    compares the paths with and without it on random text.
    """
    piece = text[start:end]
    if context.labelled or (not piece.isascii() and _NON_ASCII_LETTER.search(piece)):
        return None
    confidence = 0.0
    quotes, lowered = context.quotes, context.lowered
    sentences = _sentence_ranges(text, codes, start, end, quotes)
    settled_end = start
    telling = False  # whether a lowercase token is a strong function word, which _may_hold_ascii_phrase needs
    for s_start, s_end in sentences:
        tokens = lowered[s_start - start : s_end - start].split()
        english = _settled_english(
            lowered, start, s_start, s_end, _inner_quotes(quotes, s_start, s_end), context.special_at, tokens
        )
        if english is None:
            context.judged = (settled_end, confidence, (s_start, s_end), sentences)  # _latin_units goes on from here
            return None
        settled_end = s_end
        if english > confidence:
            confidence = english
        telling = telling or not langid.STRONG_FUNCTION_WORDS.isdisjoint(tokens)
    if _may_hold_glossed_phrase(piece) and _glossed_phrases(text, start, end):
        return None  # "Fome Zero (zero hunger)": the full path splits the phrase out
    # The line's tokens lowercased are the sentences' (no sentence cut inside a short word): a strong function word,
    # written in lowercase, is one of them too.
    if telling and _may_hold_ascii_phrase(piece) and _foreign_phrases(text, start, end):
        return None  # "Proverbios que dicen las viejas": the same
    return confidence


def _han_takes_japanese(text: str, units: list[_Unit]) -> None:
    """Kanji-only spans (夏目漱石) are Japanese in a document whose other Japanese spans have kana, unless they
    write a character only Simplified Chinese uses (这, 们, 说...)."""
    for unit in units:
        if unit.lang == "zh" and not langid.has_chinese_only_characters(text[unit.start : unit.end]):
            unit.lang = "ja"


def segment_tiling(text: str) -> tuple[Piece, ...]:
    """The spans of ``text`` plus the neutral gaps between them; their texts join to ``text`` exactly."""
    return tile(text, segment(text))


def foreign_spans(text: str) -> list[Span]:
    """Only the spans that are not English."""
    return _spans(text, None, english=False)


# ---------------------------------------------------------------------------------------------------------
# Step 1: lines and attributions


def _segments(text: str, codes: str, posts: Sequence[Post]) -> Iterator[tuple[int, int, bool]]:
    """Ranges no span may cross: lines, with tweet attributions cut off as their own pieces.

    Yields (start, end, is_name): ``is_name`` marks the author name of an attribution. (One at a time: a list of
    every line's range would be alive while the whole document is segmented.)
    """
    next_post = 0
    for match in re.finditer(r"[^n]+", codes):
        start, end = match.span()
        if codes.count("s", start, end) + codes.count("x", start, end) == end - start:
            continue
        cursor = start
        while next_post < len(posts) and posts[next_post].start < end:
            post = posts[next_post]
            next_post += 1
            if post.start < cursor:
                continue
            name_start = text.find(post.author, post.start, post.end)
            if post.start > cursor:
                yield (cursor, post.start, False)
            yield (name_start, name_start + len(post.author), True)
            cursor = name_start + len(post.author)
        if cursor < end:
            yield (cursor, end, False)


# ---------------------------------------------------------------------------------------------------------
# Step 2: runs of non-Latin scripts


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    kind: str  # a letter class code for script tokens; "w" Latin word; "t" transparent; "n" neutral
    letters: int


_TOKEN = re.compile(r"[^sn]+")
_NON_LATIN_CODES_AND_MARK = NON_LATIN_CODES | {"m"}  # what a token must hold for _cut_token to cut it
# Letters of an alphabetic script wedged between Latin letters inside one word ("รlysรฉe" for "Élysée") are
# mojibake, a Latin word misdecoded, not text in that script. Han, kana and Hangul mix with Latin letters
# without spaces for real (iPhone手机), so they are not taken for it.
# The characters _may_be_transparent looks for ("." for "www."), found in place in a token without slicing it out.
_MAYBE_TRANSPARENT = re.compile(r"[@#＠＃/.]")
_MOJIBAKE_WORD = re.compile("L[" + "".join(sorted(NON_LATIN_CODES - {"Z", "J", "K", "Q"})) + "]+m*L")


def _tokens(text: str, codes: str, start: int, end: int) -> list[_Token]:
    """Whitespace-separated tokens of [start, end), cut where one non-Latin script meets another (see
    _cut_token), with their kind and letter count."""
    tokens: list[_Token] = []
    append = tokens.append
    non_latin = _NON_LATIN_LETTER.search
    nothing_to_cut = _NON_LATIN_CODES_AND_MARK.isdisjoint
    for match in _TOKEN.finditer(codes, start, end):
        tok_codes = match.group()
        if nothing_to_cut(tok_codes):
            # Most tokens: no other script and no mark, so nothing to cut (the common case, fast).
            tok_start, tok_end = match.span()
            if "L" not in tok_codes:
                append(_Token(tok_start, tok_end, "n", 0))
            elif (
                # "@#/" are "p" in the skeleton and "." is "t": a token without either holds none of them
                ("p" in tok_codes or "t" in tok_codes)
                and _MAYBE_TRANSPARENT.search(text, tok_start, tok_end)
                and _is_transparent(text[tok_start:tok_end])
            ):
                append(_Token(tok_start, tok_end, "t", tok_codes.count("L")))
            else:
                append(_Token(tok_start, tok_end, "w", tok_codes.count("L")))
            continue
        for tok_start, tok_end in _cut_token(text, codes, *match.span(), tok_codes):
            tok_codes = codes[tok_start:tok_end]
            if non_latin(tok_codes) and not ("L" in tok_codes and _MOJIBAKE_WORD.search(tok_codes)):
                present = NON_LATIN_CODES.intersection(tok_codes)
                if len(present) == 1:  # one script (the common case): no counting of each
                    (code,) = present
                    letters = tok_codes.count(code)
                else:
                    counts = {code: tok_codes.count(code) for code in present}
                    code = max(counts, key=lambda code: (counts[code], code))
                    letters = sum(counts.values())
                append(_Token(tok_start, tok_end, _group(code), letters))
            elif "L" in tok_codes:
                kind = "w"
                if _MAYBE_TRANSPARENT.search(text, tok_start, tok_end) and _is_transparent(text[tok_start:tok_end]):
                    kind = "t"
                append(_Token(tok_start, tok_end, kind, tok_codes.count("L")))
            else:
                append(_Token(tok_start, tok_end, "n", 0))
    return tokens


# Tokens further than this from any letter of another script cannot affect a script run.
_TOKEN_WINDOW = 300
_SENTINEL = "|"  # a token kind that nothing may cross or take in: marks where a clipped token list was cut


# A bracket opening right after a letter of another script, before a Latin letter: "사랑(love)", "福(Fu)".
_GLOSS_BRACKET = re.compile(r"(?<=[" + "".join(sorted(NON_LATIN_CODES)) + r"m])p(?=L)")


def _cut_token(text: str, codes: str, tok_start: int, tok_end: int, token_codes: str) -> list[tuple[int, int]]:
    """A whitespace-separated token holding a letter of another script or a mark, cut where one non-Latin script
    meets another (欢迎قال) and before a bracketed Latin gloss written against a word (사랑(love): the gloss is
    English, not part of the word)."""
    ranges: list[tuple[int, int]] = []
    if "L" in token_codes and "p" in token_codes:
        bracket = _GLOSS_BRACKET.search(codes, tok_start, tok_end)
        if bracket is not None and text[bracket.start()] in "([":
            ranges.append((tok_start, bracket.start()))
            tok_start = bracket.start()
            # The gloss ends at its bracket: a word after it and a mark ("住(zhù)-春节对联") is a token of its own (a
            # letter right after the bracket goes on with the word: "사랑(love)은").
            close = text.find(")" if text[tok_start] == "(" else "]", tok_start, tok_end) + 1
            if 0 < close < tok_end and codes[close] not in LETTER_CODES and _NON_LATIN_LETTER.search(codes, close, tok_end):
                ranges.append((tok_start, close))
                tok_start = close
            token_codes = codes[tok_start:tok_end]
    groups = {_group(code) for code in set(token_codes) & NON_LATIN_CODES}
    if len(groups) < 2:
        ranges.append((tok_start, tok_end))
        return ranges
    cut, current = tok_start, None
    for index in range(tok_start, tok_end):
        code = codes[index]
        if code in NON_LATIN_CODES:
            group = _group(code)
            if current is not None and group != current:
                ranges.append((cut, index))
                cut = index
            current = group
    ranges.append((cut, tok_end))
    return ranges


def _tokens_near_scripts(text: str, codes: str, start: int, end: int) -> list[_Token]:
    """Tokens of [start, end) around its runs of non-Latin letters (none when it has none).

    Long English stretches far from any other script are left out; a sentinel token marks each cut so
    that the cut is never taken for the edge of the segment.
    """
    first = _NON_LATIN_LETTER.search(codes, start, end)
    if first is None:
        return []
    last = _last_non_latin(codes, start, end)
    window_start = max(start, first.start() - _TOKEN_WINDOW)
    window_end = min(end, last + 1 + _TOKEN_WINDOW)
    if window_start > start:
        window_start = codes.find("s", window_start, first.start()) + 1 or first.start()
    if window_end < end:
        cut = codes.rfind("s", last + 1, window_end)
        window_end = cut if cut > last else window_end
    tokens = _tokens(text, codes, window_start, window_end)
    if window_start > start:
        tokens.insert(0, _Token(window_start, window_start, _SENTINEL, 0))
    if window_end < end:
        tokens.append(_Token(window_end, window_end, _SENTINEL, 0))
    return tokens


def _last_non_latin(codes: str, start: int, end: int) -> int:
    # Only the classes the range holds are looked for (one or two of the 28, found in one pass over it).
    present = NON_LATIN_CODES.intersection(codes[start:end])
    return max(start, max((codes.rfind(code, start, end) for code in present), default=-1))


def _group(code: str) -> str:
    # Japanese mixes kanji and kana; treat Han and kana as one run and decide the language afterwards.
    return "Z" if code in ("Z", "J") else code


# Words that label or gloss foreign text in English framing (Wikipedia's "(Arabic: ...; Persian: ...)", "lit.",
# "romanized"): a run of another script never bridges them.
# Names of languages written in a script of their own, besides those of _SCRIPT_LANGUAGE_LABELS.
_OTHER_SCRIPT_LANGUAGE_NAMES = tuple(
    """hebrew yiddish greek chinese mandarin cantonese japanese korean bengali punjabi gujarati tamil telugu thai georgian armenian amharic burmese khmer lao tibetan mongolian""".split()
)
_LANGUAGE_LABELS = (
    frozenset(_SCRIPT_LANGUAGE_LABELS)
    | frozenset(_OTHER_SCRIPT_LANGUAGE_NAMES)
    | frozenset(
        """kurmanji lit literally romanized romanised transliterated transliteration meaning pinyin hepburn translated
        translation pronounced""".split()
    )
)
_CLOSING_EDGE = "\"'”’»)]}"


def _script_runs(text: str, codes: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Index ranges [first, last] of tokens forming runs of one non-Latin script."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind not in NON_LATIN_CODES:
            index += 1
            continue
        script = token.kind
        first = last = index
        lowercase_words = name_words = 0
        after_name = False
        probe = index + 1
        while probe < len(tokens):
            kind = tokens[probe].kind
            if kind == script:
                if _opens_new_item(text, codes, tokens, probe, after_latin_words=bool(name_words or lowercase_words)):
                    break
                last = probe
                lowercase_words = name_words = 0
                after_name = False
            elif kind == "w":
                # Names and titles (JAS 39C Gripen, BBC, Fray Bartolomé de las Casas) are common inside foreign
                # text; running English, with its lowercase words one after another, is not.
                raw = text[tokens[probe].start : tokens[probe].end]
                word = raw.strip(_EDGE_PUNCT)
                if word in langid.ENGLISH_WORDS and not after_name:
                    break  # a lowercase "and", "said" between foreign words: English resumes here, however briefly
                if _starts_gloss(text, tokens, probe, word):
                    break
                previous = tokens[probe - 1]
                if (
                    raw.rstrip(_CLOSING_EDGE)[-1:] in ":;"
                    or word.lower() in _LANGUAGE_LABELS
                    or (raw[:1] in "([{" and not _resumes_lowercase(text, codes, tokens, probe, script))
                    or _is_sentence_end(text, codes, previous)
                    or (text[tokens[first].start] in "([{" and _closes_bracket(text, previous))
                ):
                    # "(Arabic: الكويت al-Kuwayt; Persian: کویت)", "... in 1979. His friend سلیم", "사랑해" [pronunciation
                    # : ...] 사랑", "Christós (Χριστός) means … Anésti (Ανέστη)": a label, a clause break, a sentence end,
                    # a bracket, a closing quote or the close of a bracket the foreign text opened with, before
                    # English words, ends the foreign text, even when the same script comes back after them.
                    break
                if word[:1].islower():
                    lowercase_words += 1
                    after_name = False
                else:
                    lowercase_words = 0
                    name_words += 1
                    after_name = True  # "Sea to Sky", "Bank of America": function words inside a title
                if lowercase_words > MAX_LATIN_WORDS_INSIDE or name_words + lowercase_words > MAX_NAME_WORDS_INSIDE:
                    break
            elif kind in NON_LATIN_CODES:
                break
            elif (name_words or lowercase_words) and text[tokens[probe].start : tokens[probe].end] in _ITEM_SEPARATORS:
                break  # "علامہ اقبال, Rumi | مولانا رومی": Latin words, then a bar: the next item is another span
            probe += 1
        runs.append((first, last))
        index = last + 1
    return runs


# Marks that set a gloss after a word: "水 = water", "不 = un, not", "سلام → hello" (any Latin word after them is
# the gloss), "Дом – house" (a dash: only an English word after it, as a name may follow a dash inside foreign text).
_GLOSS_EQUALS = frozenset({"=", "→", "->", "=>", "⇒"})
_GLOSS_DASHES = ("–", "—", "-")
_GLOSS_DASH_MARKS = frozenset(_GLOSS_DASHES)
# What the glossed-phrase rule looks for between two spaces (_DASH_GLOSS, _GLOSS_PATTERN_PARTS): a dash, a slash
# (a title and its English title: "Crónica de una muerte anunciada / Chronicle of a Death Foretold"), or an equals
# sign or arrow of one character ("Komt tijd, komt raad = Time brings counsel").
_GLOSS_MARKS = (*_GLOSS_DASHES, "/", *sorted(mark for mark in _GLOSS_EQUALS if len(mark) == 1))
# A Han or kana token of at most this many characters right before an English word is a character being glossed.
MAX_GLOSSED_CHARACTERS = 2
# A bar between items ("Allama Iqbal | علامہ اقبال", "Home | الرئيسية"): nothing runs across it into Latin words.
_ITEM_SEPARATORS = frozenset({"|", "¦", "•", "·"})


def _opens_new_item(text: str, codes: str, tokens: list[_Token], index: int, after_latin_words: bool) -> bool:
    """Whether the script token at ``index`` starts another item rather than going on with the run: after Latin
    words, it opens a quotation ('千と千尋 movie trailers "千と千尋の神隠し"'); after an equals sign or an arrow, a
    Latin word written against it is the gloss of the item before ("山 = mountain川 = river")."""
    token = tokens[index]
    if after_latin_words and codes[token.start] == "q":
        return True
    previous = tokens[index - 1]
    return (
        codes[token.start] == "L"
        and previous.kind == "n"
        and text[previous.start : previous.end] in _GLOSS_EQUALS
    )


def _starts_gloss(text: str, tokens: list[_Token], index: int, word: str) -> bool:
    """Whether the Latin word at token ``index`` starts an English gloss of the foreign word before it, which ends
    the foreign text: any word after an equals sign or an arrow ("水 = water 火 = fire"), a lowercase English word
    after a dash ("Дом – house") or right after one or two Han or kana characters ("悟 enlightenment 一 one": a
    list of characters with their meanings). A glossary is one span per foreign word, not one span across the
    list and its English. A lowercase English word inside foreign text with none of these before it (a loanword:
    "我们用 app 打车") stays inside it. Words after an item separator ("|") end the foreign text too."""
    previous = tokens[index - 1]
    mark = text[previous.start : previous.end] if previous.kind == "n" else ""
    if mark in _GLOSS_EQUALS or mark in _ITEM_SEPARATORS:
        return True
    if previous.kind == "K" and _is_letter_of_the_alphabet(text[previous.start : previous.end]):
        return True  # "ㅎ h, ㅏ a, ㄴ n": a Korean letter alone, then its sound in Latin letters
    if not (word[:1].islower() and len(word) >= 3 and langid.is_english_word(word.lower())):
        return False
    if mark in _GLOSS_DASH_MARKS:
        return True
    return previous.kind == "Z" and previous.end - previous.start <= MAX_GLOSSED_CHARACTERS


# Hangul letters written alone (compatibility jamo ㄱ-ㆎ), as an alphabet lesson writes them, not inside syllables.
_HANGUL_JAMO = re.compile("[\u3131-\u318e]")


def _is_letter_of_the_alphabet(token: str) -> bool:
    """Whether a Hangul token is one letter written alone (ㅎ, "ㅏ,"), its punctuation aside."""
    letters = [char for char in token if char.isalpha()]
    return len(letters) == 1 and _HANGUL_JAMO.match(letters[0]) is not None


def _closes_bracket(text: str, token: _Token) -> bool:
    """Whether a token ends with a closing bracket (before any trailing comma or full stop)."""
    return text[token.start : token.end].rstrip(",.;:")[-1:] in ")]}"


def _resumes_lowercase(text: str, codes: str, tokens: list[_Token], index: int, script: str) -> bool:
    """Whether a cased script (Cyrillic, Greek...) goes on in lowercase within a few tokens after ``index``: the
    same sentence, with a bracketed gloss inside it ("Он сказал «нет» (no) и ушёл"). The script's own first letter
    decides, not a Latin word written against it ("standing歩"); Han, kana and Hangul have no case."""
    for token in tokens[index + 1 : index + 6]:
        if token.kind == script:
            first = codes.find(script, token.start, token.end)
            return first >= 0 and text[first].islower()
    return False


def _is_sentence_end(text: str, codes: str, token: _Token) -> bool:
    tail = codes[token.start : token.end].rstrip("qp")
    return tail.endswith("t")


def _extend_edges(
    text: str, codes: str, tokens: list[_Token], first: int, last: int, allow_names: bool = True
) -> tuple[int, int]:
    """Take in numbers and names at a run's edges when they belong to the same sentence.

    ``في عام 2022.`` ends on its number; ``MySpace அமெரிக்காவில் ... .`` starts on its name. The Latin
    tokens are taken only when nothing but numbers and names lies between the run and the sentence edge
    (a sentence end, an opening quote, the segment edge); names only for runs of some length, so that a
    short foreign name after an English one (``Mustafa Al-Kadhimi مصطفى الكاظمي``) stays a span of its own.
    """
    script = tokens[first].kind
    script_letters = sum(tokens[i].letters for i in range(first, last + 1) if tokens[i].kind == script)
    names_allowed = allow_names and script_letters >= MIN_LETTERS_FOR_EDGE_NAMES

    def takeable(token: _Token, leading: bool) -> bool:
        if leading and text[token.end - 1] in ":,;":
            return False  # "Seoul: ..." or "He said, ..." introduces the foreign text; it is not part of it
        if text[token.start : token.end] in _ITEM_SEPARATORS:
            return False  # "Allama Iqbal | علامہ اقبال": a bar sets items apart
        if leading and token is tokens[0] and token.kind == "n" and not names_allowed:
            return False  # "1 福 (fú) - good fortune": a list number at the line start, before a short run
        if token.kind == "n":
            # numbers always; bare punctuation (a dash, a bracket) only between names and numbers
            return "d" in codes[token.start : token.end] or names_allowed
        if token.kind == "w" and names_allowed:
            word = text[token.start : token.end].lstrip(_EDGE_PUNCT)
            return not word[:1].islower()
        return False

    after = last
    if not _is_sentence_end(text, codes, tokens[last]):
        probe, taken = last + 1, 0
        while probe < len(tokens) and takeable(tokens[probe], leading=False) and taken < MAX_NAME_WORDS_INSIDE:
            taken += 1
            if _is_sentence_end(text, codes, tokens[probe]) or _closes(text, codes, tokens[probe]):
                after = probe
                break
            probe += 1
        else:
            if probe == len(tokens) and taken:
                after = probe - 1
    before = first
    if not _opens_sentence(text, codes, tokens, first):
        probe, taken = first - 1, 0
        while probe >= 0 and takeable(tokens[probe], leading=True) and taken < MAX_NAME_WORDS_INSIDE:
            taken += 1
            if _opens_sentence(text, codes, tokens, probe):
                before = probe
                break
            probe -= 1
    return before, after


def _closes(text: str, codes: str, token: _Token) -> bool:
    """Whether a token ends with a closing quote or bracket (the end of a quotation or a citation)."""
    return codes[token.start : token.end].rstrip("p").endswith("q") or text[token.end - 1] in ")]}"


def _opens_sentence(text: str, codes: str, tokens: list[_Token], index: int) -> bool:
    """Whether token ``index`` starts a sentence: first in its segment, after a sentence end, or quoted/bracketed."""
    if index == 0 or _is_sentence_end(text, codes, tokens[index - 1]):
        return True
    return codes[tokens[index].start] == "q" or text[tokens[index].start] in "([{"


# ---------------------------------------------------------------------------------------------------------
# Step 3: Latin units


def _latin_words(text: str, codes: str, start: int, end: int) -> list[str]:
    """Lowercased Latin words of text[start:end], without URLs, handles, hashtags or e-mail addresses."""
    piece = text[start:end]
    if not _may_be_transparent(piece) or not _NEEDS_TOKEN_CHECK.search(text, start, end):
        # In ASCII a word's letters are [A-Za-z]: a set the regex engine tests in one step, where [^\W\d_] takes
        # three Unicode category tests a character.
        return (_ASCII_WORD if piece.isascii() else _WORD).findall(piece)
    words: list[str] = []
    for raw in piece.split():
        core = raw.strip(_EDGE_PUNCT)
        if core and not (_may_be_transparent(core) and _TRANSPARENT.fullmatch(core)):
            words.extend(_WORD.findall(core))
    return words


def _classify_latin(words: list[str], quotation: bool = False, cued: bool = False) -> langid.Guess:
    """English, another Latin-script language when the words clearly say so, or UNDECIDED (too few words).

    A ``quotation`` inside an English sentence is judged on its own terms: it is short and often starts
    mid-sentence, so any English function word settles it as English, and a foreign verdict needs less margin.
    ``cued``: the quotation follows a word that announces a phrase ("the motto", "the slogan", see _PHRASE_CUE).
    """
    lower = [word.lower() for word in words]
    hits, share = langid.english_share(lower)
    if quotation:
        if hits and share >= 0.15:
            return langid.Guess("en", round(min(0.99, 0.6 + share), 4))
        return _classify_quotation(lower, words, cued)
    latin = _latin_guess(lower, words)  # a motto or saying on its own ("Carthago delenda est.")
    if latin is not None:
        return latin
    if len(words) < MIN_FOREIGN_WORDS:
        return langid.Guess("en" if hits else UNDECIDED, 0.6)
    if hits >= 2 and share >= 0.2:
        return langid.Guess("en", round(min(0.99, 0.6 + share), 4))
    # Capitalised words are mostly names, which say little about the language around them: a sentence needs
    # three lowercase words besides its first to be called foreign. (They still count as n-gram evidence:
    # German capitalises every noun.)
    lowercase_words = sum(1 for raw in words[1:] if not raw[:1].isupper())
    if lowercase_words < MIN_FOREIGN_WORDS:
        return langid.Guess("en" if hits else UNDECIDED, 0.6)
    if not langid.could_be_foreign(lower) and len(lower) < _OWN_WORDS_NEEDED_BELOW:
        # No verdict could be clear (see _ngram_verdict): leave it to the neighbours without scoring n-grams.
        return langid.Guess(UNDECIDED if share < 0.15 else "en", 0.55)
    hint, guess, clear = _ngram_verdict(lower, _SENTENCE_MARGINS)
    if clear and guess.lang not in ("en", "und") and lowercase_words * 2 < len(words):
        # Mostly names ("… includes l'Astrance, Le Cinq, Jules Verne … and maybe Le Meurice"): the words that
        # are not names must lean the same way, or the names alone made the verdict.
        _, margins = langid.ngram_model("Latn").guess([raw.lower() for raw in words[1:] if not raw[:1].isupper()])
        if margins.get(guess.lang, 0.0) > margins.get("en", 0.0):
            clear = False
    if hint is not None and share < 0.1:
        return hint
    if guess.lang in ("en", "und"):
        return langid.Guess("en", guess.confidence if guess.lang == "en" else 0.5)
    if share < 0.15 and clear:
        return guess
    # Leaning foreign without enough margin: a foreign neighbour may settle it (see _settle_undecided).
    return langid.Guess(UNDECIDED if share < 0.15 else "en", 0.55)


def _classify_quotation(lower: list[str], words: list[str], cued: bool = False) -> langid.Guess:
    if " ".join(lower) in langid.ENGLISH_LOAN_PHRASES:
        return langid.Guess("en", 0.9)  # “déjà vu”, “status quo”: English words of foreign origin
    latin = _latin_guess(lower, words)
    if latin is not None:
        return latin
    if not langid.could_be_foreign(lower) and len(lower) < _OWN_WORDS_NEEDED_BELOW:
        # No n-gram verdict could be clear (see _ngram_verdict); its words may still be another language's.
        return _quotation_of_one_language(lower, words, cued) or langid.Guess("en", 0.6)
    hint, guess, clear = _ngram_verdict(lower, _QUOTATION_MARGINS)
    if hint is not None:
        return hint
    if guess.lang in ("en", "und") or not clear:
        telling = _told_by_function_words(lower) or _quotation_of_one_language(lower, words, cued)
        if telling is not None:
            return telling
        return langid.Guess("en", 0.6 if guess.lang == "en" else 0.55)
    lowercase_words = sum(1 for raw in words if not raw[:1].isupper())
    if lowercase_words < 2 or len(words) < MIN_FOREIGN_WORDS:
        # A short or Title Case quotation is a name or title unless its own words say which language it is:
        # a function word of that language ("Je Suis Charlie", "No Pasarán"), or a letter English never writes.
        if not langid.has_own_words(guess.lang, lower):
            return (
                _told_by_function_words(lower)
                or _quotation_of_one_language(lower, words, cued)
                or langid.Guess("en", 0.6)
            )
    return guess


def _latin_guess(lower: list[str], words: list[str], glossed: bool = False) -> langid.Guess | None:
    """Latin, for a phrase that reads as Latin (langid.is_latin_phrase) and writes a word in lowercase: Latin
    names ("Marcus Aurelius", "Julius Caesar Augustus") are capitalised. A ``glossed`` phrase (an English
    rendering beside it says it is no name) may be Title Case, as mottos often are ("Scientia Omnia Vincit").
    A capitalised word and a lowercase one is the scientific name of a species ("Lactobacillus bulgaricus",
    "Homo sapiens"), which English writes as a name."""
    if len(words) > langid.MAX_LATIN_PHRASE_WORDS:
        return None
    if len(words) == 2 and words[0][:1].isupper() and words[1].islower():
        return None
    if (glossed or any(word.islower() for word in words)) and langid.is_latin_phrase(lower, glossed=glossed):
        return langid.Guess(langid.LATIN, 0.7)
    return None


def _quotation_of_one_language(lower: list[str], words: list[str], cued: bool) -> langid.Guess | None:
    """A short quotation after a word that announces a phrase ("the motto “Ordem e Progresso”", "fans sang
    “Oranje boven, oranje boven”"), none of whose words is English and whose words are one language's (see
    _words_of_one_language). Without such a word, a quotation of words English does not list is as often a name
    ("Jornal da Tarde") or English words the list misses that other languages share: it must be written in
    lowercase after its first word, and every word must be in that language's lists (see _all_listed)."""
    if not MIN_QUOTATION_WORDS <= len(lower) < _OWN_WORDS_NEEDED_BELOW:
        return None
    if not cued and not all(word.islower() for word in words[1:]):
        return None  # "Jornal da Tarde", "Viva Zapata": names and titles
    if not _may_be_foreign_phrase(lower):
        return None
    # A cued Title Case slogan of three words or more counts frequent words too ("shouts of 'Viva il Papa!'"): the
    # cue says it is no name.
    frequent = _writes_lowercase(words) or (cued and len(set(lower)) >= MIN_FOREIGN_WORDS)
    guess = _words_of_one_language(lower, frequent=frequent)
    if guess is None or cued or _all_listed(guess.lang, lower):
        return guess
    return None


#: An uncued phrase of listed words (see _all_listed) holds a word of this many letters or more: short words
#: alone are as often a romanisation ("kalo mina", "wo ai ni").
MIN_LONG_LISTED_LETTERS = 5


def _all_listed(lang: str, lower: list[str]) -> bool:
    """Whether a phrase with nothing around it to say it is one (no cue, no gloss) is made of ``lang``'s words:
    two different words or more, one of MIN_LONG_LISTED_LETTERS letters or more, every one in its lists ("grazie
    mille", "potete aiutarli", "terima kasih banyak"; not "alt alt", "kalo mina")."""
    return (
        len(set(lower)) >= MIN_QUOTATION_WORDS
        and max(map(len, lower)) >= MIN_LONG_LISTED_LETTERS
        and langid.known_words(lang, lower)[0] == len(lower)
    )


def _writes_lowercase(words: list[str]) -> bool:
    """Whether a phrase writes a word after its first in lowercase that is no name particle: a Title Case phrase
    ("Le Vallon", "Callejon del Beso", "Salam Alaykum") is as often a name or a greeting as a phrase of the
    language whose frequent words hold it, so it is judged on its FLORES words only (langid.known_words)."""
    return any(word.islower() and word not in langid.NAME_PARTICLES for word in words[1:])


def _told_by_function_words(lower: list[str], telling_words: list[str] | None = None) -> langid.Guess | None:
    """A short quotation whose own function words name its language ("Non, je ne regrette rien", "Ni una
    menos", "Saya ingin"): that language, when the n-gram model also prefers it to English. Too few letters for a
    clear n-gram verdict, but pronouns, negations and verbs are not found in names; articles and prepositions,
    which are (Los Angeles, Le Monde), do not count. ``telling_words``: where to look for them (all of ``lower``
    by default)."""
    telling = lower if telling_words is None else telling_words
    candidates = frozenset(
        lang for lang in langid.telling_languages(telling) if langid.telling_words_suffice(lang, telling)
    )
    if not candidates or len(lower) < MIN_QUOTATION_WORDS:
        return None
    guess, margins = langid.ngram_model("Latn").guess(lower, allowed=candidates | {"en"})
    if guess.lang in candidates and margins.get("en", 0.0) > 0.0:
        return langid.Guess(guess.lang, 0.7)
    return None


def _outside_belongs_to(outside_words: list[str], lang: str) -> bool:
    """Whether the words around a foreign quotation are in its language too (nothing English about them)."""
    lower = [word.lower() for word in outside_words]
    if not lower:
        return True
    if all(word[:1].isupper() for word in outside_words):
        return False  # only names around it ("Le Monde: “…”"): names say nothing about the language
    if langid.english_share(lower)[0]:
        return False
    _, margins = langid.ngram_model("Latn").guess(lower)
    return lang in margins and margins[lang] <= margins.get("en", 0.0)


# Per-n-gram margin over English a foreign verdict needs: for 8+ words, 5-7 words, fewer; halved when at least
# the given number of words hold letters English does not use (ł, ā, ș, ő...), which are evidence of their own.
_SENTENCE_MARGINS = (0.1, 0.2, 0.35, 2)
_QUOTATION_MARGINS = (0.1, 0.15, 0.25, 1)


# Below this many words a foreign verdict needs words of that language of its own (see langid.has_own_words).
_OWN_WORDS_NEEDED_BELOW = 12


def _ngram_verdict(
    lower: list[str], margins: tuple[float, float, float, int]
) -> tuple[langid.Guess | None, langid.Guess, bool]:
    """Letter hint, n-gram guess, and whether the guess beats English by the margin its length needs.

    The fewer the words, the clearer the n-gram verdict must be before English is overruled.
    """
    content = [w.replace("ș", "ş").replace("ț", "ţ") for w in lower]  # langdetect's Romanian spelling
    joined = " ".join(content)
    guess, by_lang = langid.ngram_model("Latn").guess(content)
    if guess.lang not in ("en", "und"):
        if len(content) < _OWN_WORDS_NEEDED_BELOW:
            guess = _best_known(guess, by_lang, content)
        guess = langid.refine_latin(guess, joined)
    long_margin, mid_margin, short_margin, non_ascii_words = margins
    needed = long_margin if len(content) >= 8 else mid_margin if len(content) >= 5 else short_margin
    non_ascii = sum(1 for word in content if not word.isascii())
    if non_ascii >= non_ascii_words:
        needed /= 2
    clear = by_lang.get("en", 0.0) >= needed
    if clear and len(content) < _OWN_WORDS_NEEDED_BELOW and not langid.has_own_words(guess.lang, content):
        # Romanised Chinese, Arabic, Urdu or Russian scores well for some profile or other (Swahili, Somali,
        # German...): short text must also hold that language's function words or letters English never writes.
        clear = False
    return langid.latin_letter_hint(joined), guess, clear


# On short text, a language whose n-gram score is within this much per n-gram of the best is a rival.
_RIVAL_MARGIN = 0.15


def _best_known(guess: langid.Guess, by_lang: dict[str, float], content: list[str]) -> langid.Guess:
    """On short text the n-gram model's favourite among close languages is often wrong (Dutch "doe maar normaal"
    scored as Indonesian, "heb ik wat van je aan" as Afrikaans): a rival within _RIVAL_MARGIN whose word list has
    more of the words, as they are, takes its place."""
    best, best_known = guess.lang, sum(1 for word in content if langid.is_listed_word(guess.lang, word))
    for lang, margin in sorted(by_lang.items()):
        if lang in ("en", guess.lang) or margin > _RIVAL_MARGIN:
            continue
        known = sum(1 for word in content if langid.is_listed_word(lang, word))
        if known > best_known:
            best, best_known = lang, known
    return guess if best == guess.lang else langid.Guess(best, guess.confidence)


def _settle_undecided(text: str, codes: str, units: list[_Unit]) -> None:
    """Give undecided sentences (too few words, or a foreign lean too weak to call alone) the language of a
    foreign neighbour when the n-gram model prefers that language to English for them; otherwise English."""
    for index, unit in enumerate(units):
        if unit.lang != UNDECIDED:
            continue
        unit.lang = "en"
        neighbours = [units[i].lang for i in (index - 1, index + 1) if 0 <= i < len(units)]
        candidates = [lang for lang in neighbours if lang not in ("en", UNDECIDED)]
        if not candidates:
            continue
        words = [w.lower() for w in _latin_words(text, codes, unit.start, unit.end)]
        if not words:
            continue
        _, margins = langid.ngram_model("Latn").guess(words)
        if candidates[0] in margins and margins["en"] > margins[candidates[0]]:
            unit.lang = candidates[0]


_IS_ENGLISH_TOKEN = langid.ENGLISH_TOKENS.__contains__


def _sentence_ranges(
    text: str, codes: str, start: int, end: int, quotes: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """The sentences of [start, end), in order, as they are found (a text of a million "a." holds a million)."""
    cursor = start
    # Searched on the skeleton: an ASCII string, which the regex engine scans several times faster.
    for match in _SENTENCE_END_CODES.finditer(codes, start, end):
        boundary = match.end()
        if quotes and _inside_quote(quotes, match.start()):
            continue
        if (
            (boundary < end and text[boundary].islower())
            or _ends_with_abbreviation(text, max(start, boundary - 12), boundary)
            or (
                match.start() > start
                and text[match.start() - 1].isdigit()  # most sentence ends follow a letter: no ordinal
                and _ends_with_ordinal(text, max(start, boundary - 16), boundary)
            )
        ):
            continue
        if boundary - cursor > MAX_SENTENCE_CHARS:
            yield from _windows(codes, cursor, boundary, quotes)
        else:
            yield cursor, boundary  # one window, as _windows would yield it (most sentences)
        cursor = boundary
    if cursor < end:
        yield from _windows(codes, cursor, end, quotes)


def _ends_with_abbreviation(text: str, low: int, boundary: int) -> bool:
    """``_ABBREVIATION.search(text, low, boundary)``: a full stop after an abbreviation or an initial, then the spaces
    up to ``boundary``. The regex runs only where the last character before the spaces is a full stop after one of
    the words it ends on (most sentence ends are not)."""
    dot = boundary - 1
    while dot >= low and text[dot].isspace():
        dot -= 1
    if dot < low or dot == boundary - 1 or text[dot] != "." or not text.endswith(_ABBREVIATION_ENDINGS, low, dot):
        return False
    return _ABBREVIATION.search(text, low, boundary) is not None


# German writes an ordinal as a number and a full stop ("zum 50. Mal", "am 3. Oktober", "der 2. Weltkrieg"): after
# one of these words, a number of one to three digits and a full stop end no sentence.
_ORDINAL_BEFORE = frozenset("zum zur am im vom beim der die das den dem des seit bis ab jeden jedes".split())
_ORDINAL = re.compile(r"(?<!\S)(\S+) \d{1,3}\.\s+$")


def _ends_with_ordinal(text: str, low: int, boundary: int) -> bool:
    """Whether the full stop before ``boundary`` (and its spaces) follows a German ordinal (see _ORDINAL_BEFORE).
    The regex runs only where a digit stands before the full stop (most sentence ends have a letter there)."""
    dot = boundary - 1
    while dot >= low and text[dot].isspace():
        dot -= 1
    if dot <= low or text[dot] != "." or not text[dot - 1].isdigit():
        return False
    match = _ORDINAL.search(text, low, boundary)
    return match is not None and match.group(1) in _ORDINAL_BEFORE


# A "sentence" longer than this (no sentence end for pages: a list, a dump, an attack) is judged in windows of
# about this size, cut at spaces: memory and time stay linear in its length, and neighbouring windows of one
# language merge back into one span.
MAX_SENTENCE_CHARS = 2000


def _inside_quote(quotes: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    """The quotation (of ``quotes``, in order and disjoint) that ``position`` is strictly inside, if any."""
    index = bisect_left(quotes, (position,)) - 1
    if index >= 0 and quotes[index][0] < position < quotes[index][1]:
        return quotes[index]
    return None


def _windows(codes: str, start: int, end: int, quotes: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SENTENCE_CHARS:
        cut = codes.rfind("s", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        quote = _inside_quote(quotes, cut) if quotes else None
        if quote is not None and quote[0] > start:
            cut = quote[0]  # never inside a quotation
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS  # no space at all: a hard cut (the skeleton keeps marks with letters)
            while cut < end and codes[cut] == "m":
                cut += 1
        yield start, cut
        start = cut
    yield start, end


# Wikipedia's way of giving a name or a motto in its language: "(Dutch: Eendracht maakt macht, pronounced ...)",
# "French: L'union fait la force; German: Einigkeit macht stark". The label names the language; the phrase runs
# to a bracket, a semicolon, a line end, or a comma before the next label or gloss.
_LABEL_LANGUAGES = {
    "french": "fr", "spanish": "es", "german": "de", "italian": "it", "portuguese": "pt", "dutch": "nl",
    "turkish": "tr", "indonesian": "id", "malay": "ms", "latin": "la", "catalan": "ca", "romanian": "ro",
    "polish": "pl", "swedish": "sv", "danish": "da", "norwegian": "nb", "czech": "cs", "hungarian": "hu",
    "finnish": "fi", "croatian": "hr", "tagalog": "tl", "vietnamese": "vi", "swahili": "sw", "afrikaans": "af",
}
# Words that name a language or say that a gloss or a romanisation follows: a line holding one is about foreign
# text, not in it ("A Pashto tappa:", "Romanized:").
_LANGUAGE_NAMES = frozenset(["english", *_LABEL_LANGUAGES, *_LANGUAGE_LABELS])
_LABELLED = re.compile(
    r"\b(?P<label>" + "|".join(_LABEL_LANGUAGES) + r")\s*:\s+(?P<phrase>[^\W\d_][^;()\[\]\n:]*?)\s*"
    r"(?=[;()\[\]\n]|,\s+(?:pronounced|lit\b|literally|meaning|romani[sz]ed|IPA|" + "|".join(_LABEL_LANGUAGES) + r")|$)",
    re.IGNORECASE,
)


# A language named right before a quotation: "In Turkish, “Yurtta sulh, cihanda sulh”", "the Latin phrase “…”",
# "or, in Latin, “Repetitio est mater studiorum”".
_LABEL_BEFORE_QUOTE = re.compile(
    r"\b(?:in\s+(?P<label>" + "|".join(_LABEL_LANGUAGES) + r")\s*[,:]?"
    r"|(?P<label2>" + "|".join(_LABEL_LANGUAGES) + r")\s+(?:phrase|motto|saying|proverb|expression|words?))"
    r"\s*[,:]?\s*[\"“‘'«„]$",
    re.IGNORECASE,
)
# What _LABEL_BEFORE_QUOTE ends on: a quotation mark, and before it (spaces, commas and colons aside) a label or one
# of the words after one (see _may_end_with).
_LABEL_QUOTE_MARKS = "\"“‘'«„"
_LABEL_BEFORE_QUOTE_ENDINGS = (*_LABEL_LANGUAGES, "phrase", "motto", "saying", "proverb", "expression", "word", "words")
# A language label right before a colon (spaces between them allowed), as _LABELLED needs one: most colons in
# English text have none, and looking at the few letters before each colon is far cheaper than running _LABELLED.
_LABEL_ENDS_HERE = re.compile("(?:" + "|".join(_LABEL_LANGUAGES) + r")\Z", re.IGNORECASE)
_LABEL_NAMES = tuple(_LABEL_LANGUAGES)
# The longest ending _may_end_with looks for.
_LONGEST_ENDING = max(map(len, (*_SCRIPT_LABEL_ENDINGS, *_LABEL_BEFORE_QUOTE_ENDINGS)))
_LONGEST_LABEL = max(map(len, _LABEL_LANGUAGES))


def _label_before_a_colon(text: str, start: int, end: int) -> bool:
    """Whether some colon in [start, end) has a language label ending right before it (maybe before spaces)."""
    colon = text.find(":", start, end)
    while colon >= 0:
        label_end = colon
        while label_end > start and text[label_end - 1].isspace():
            label_end -= 1
        label_start = max(start, label_end - _LONGEST_LABEL)
        window = text[label_start:label_end]
        if window.isascii():
            # ASCII: the case-insensitive regex is lower() and endswith (cheaper than trying it at every position)
            if window.lower().endswith(_LABEL_NAMES):
                return True
        elif _LABEL_ENDS_HERE.search(text, label_start, label_end):
            return True
        colon = text.find(":", colon + 1, end)
    return False


# A line of its own with at most this many words is a heading, a list item or a line of a song: judged like a
# quotation when it is too short to be judged like a sentence.
MAX_SHORT_LINE_WORDS = 8


def _labelled_guess(words: list[str], lang: str) -> langid.Guess:
    """A phrase after a language label is in that language, unless its own words are English."""
    hits, share = langid.english_share([word.lower() for word in words])
    if len(words) < MIN_QUOTATION_WORDS or (hits and share >= 0.15):  # one word after a label is a name
        return langid.Guess("en", 0.6)
    return langid.Guess(lang, 0.85)


def _quotation_is_english(lowered: str, offset: int, quote: tuple[int, int]) -> bool:
    """The cheap test _classify_latin(quotation=True) starts with: English function words are 15% of it."""
    tokens = lowered[quote[0] - offset : quote[1] - offset].split()
    hits = sum(map(_IS_ENGLISH_TOKEN, tokens))
    return hits > 0 and hits >= 0.15 * len(tokens)


def _quotations(
    text: str, codes: str, start: int, end: int
) -> tuple[list[tuple[int, int]], dict[tuple[int, int], str]]:
    """The quotations of [start, end) long enough to judge (in order, disjoint), and which of them follow a
    language label (with that label's language)."""
    quotes: list[tuple[int, int]] = []
    quoted = codes.find("q", start, end) >= 0
    if not quoted:
        for mark in _OTHER_QUOTE_OPENERS:  # a loop, not any() over a generator: this runs for every line
            if text.find(mark, start, end) >= 0:
                quoted = True
                break
    if quoted:
        for match in _QUOTE.finditer(text, start, end):
            q_start, q_end = match.span(match.lastindex or 0)
            words = _WORD.findall(text, q_start, q_end)
            if len(words) >= MIN_FOREIGN_WORDS or (
                len(words) >= MIN_QUOTATION_WORDS and sum(map(len, words)) >= MIN_SHORT_QUOTATION_LETTERS
            ):
                quotes.append((q_start, q_end))
    labelled: dict[tuple[int, int], str] = {}
    for quote in quotes:
        window_start = max(start, quote[0] - 40)
        if quote[0] == window_start or text[quote[0] - 1] not in _LABEL_QUOTE_MARKS:
            continue
        if not _may_end_with(text, window_start, quote[0] - 1, ",:", _LABEL_BEFORE_QUOTE_ENDINGS):
            continue
        label = _LABEL_BEFORE_QUOTE.search(text, window_start, quote[0])
        if label is not None:
            labelled[quote] = _named_language(_LABEL_LANGUAGES, label.group("label") or label.group("label2"))
    if _label_before_a_colon(text, start, end):
        for match in _LABELLED.finditer(text, start, end):
            phrase = match.span("phrase")
            if not quotes or _inside_quote(quotes, phrase[0]) is None and _inside_quote(quotes, phrase[1] - 1) is None:
                labelled[phrase] = _named_language(_LABEL_LANGUAGES, match.group("label"))
        if labelled:
            quotes = sorted(set(quotes) | set(labelled))
    return quotes, labelled


def _special_positions(text: str, start: int, end: int) -> list[int]:
    """Where something that may be a URL, handle, hashtag or e-mail address starts in [start, end), in order: the
    starts of ``_NEEDS_TOKEN_CHECK.finditer(text[start:end])``, as offsets into ``text``.

    Found from the characters each alternative must hold (an at or number sign before a word character, a slash
    after one, "www.") rather than by trying the regex at every position, which costs more than settling an
    English sentence. At most one alternative can match at a position, so the matches are the candidates taken
    left to right without overlap, as ``finditer`` takes them.
    """
    piece = text[start:end]
    if not _may_be_transparent(piece):
        return []
    length = len(piece)
    candidates: list[tuple[int, int]] = []
    for sign in "@#＠＃":
        at = piece.find(sign)
        while at >= 0:
            if at + 1 < length and _is_word_character(piece[at + 1]):
                candidates.append((at, at + 2))
            at = piece.find(sign, at + 1)
    slash = piece.find("/")
    while slash >= 0:
        if 0 < slash < length - 1 and _is_word_character(piece[slash - 1]) and not piece[slash + 1].isspace():
            candidates.append((slash - 1, slash + 2))
        slash = piece.find("/", slash + 1)
    www = piece.find("www.")
    while www >= 0:
        candidates.append((www, www + 4))
        www = piece.find("www.", www + 1)
    positions = []
    covered = 0
    for match_start, match_end in sorted(candidates):
        if match_start >= covered:
            positions.append(start + match_start)
            covered = match_end
    return positions


def _is_word_character(char: str) -> bool:
    """What the regex class ``\\w`` matches."""
    return char.isalnum() or char == "_"


def _settled_english(
    lowered: str,
    offset: int,
    s_start: int,
    s_end: int,
    inner: list[tuple[int, int]],
    special_at: list[int],
    tokens: list[str] | None = None,
) -> float | None:
    """The confidence of a sentence settled as English by its function words alone, or None.

    Most sentences are settled this way, without the n-gram model: a sentence with 15% of them is never called
    foreign by the full classification, nor is a quotation with some. ``lowered`` is the lowercased text from
    ``offset``; handles, URLs and hashtags (at ``special_at``) are no language and do not count.
    """
    piece = lowered[s_start - offset : s_end - offset]
    if tokens is None:
        tokens = piece.split()
    hits = sum(map(_IS_ENGLISH_TOKEN, tokens))
    count = len(tokens)
    if special_at:
        first = bisect_left(special_at, s_start)
        if first < len(special_at) and special_at[first] < s_end:
            # Leave out the transparent tokens; only those holding an at sign, a slash... can be (_HINTED_TOKEN).
            for match in _HINTED_TOKEN.finditer(piece):
                if _is_transparent(match.group()):
                    count -= 1
                    hits -= _IS_ENGLISH_TOKEN(match.group())
    if hits >= 2 and hits >= 0.15 * count and all(_quotation_is_english(lowered, offset, q) for q in inner):
        return min(0.99, 0.6 + hits / count)
    return None


# A whitespace-separated token holding one of what every URL, handle, hashtag or e-mail address holds (see
# _may_be_transparent): the tokens that may be transparent, found in one pass over a sentence.
_HINTED_TOKEN = re.compile(r"(?<!\S)\S*?(?:[/@#＠＃]|www\.)\S*")


def _inner_quotes(quotes: list[tuple[int, int]], s_start: int, s_end: int) -> list[tuple[int, int]]:
    """The quotations wholly inside [s_start, s_end)."""
    if not quotes:
        return []
    return [quote for quote in quotes[bisect_left(quotes, (s_start,)) : bisect_left(quotes, (s_end,))] if quote[1] <= s_end]


class _LatinContext:
    """What the Latin-unit step finds once for a stretch [start, end) of text: its quotations (and which follow a
    language label), where URLs/handles/hashtags may start, and its lowercase text (aligned with it)."""

    __slots__ = ("quotes", "labelled", "special_at", "lowered", "judged")

    def __init__(self, text: str, codes: str, start: int, end: int) -> None:
        # Set by _settled_english_line when it stops at a sentence that is not settled English: where the
        # settled sentences before it end and their highest confidence, that sentence, and the sentences after it.
        self.judged: tuple[int, float, tuple[int, int], Iterator[tuple[int, int]]] | None = None
        self.quotes, self.labelled = _quotations(text, codes, start, end)
        self.special_at = _special_positions(text, start, end)
        piece = text[start:end]
        lowered = piece.lower()
        if len(lowered) != len(piece):  # a few characters lowercase to two code points; keep offsets aligned
            lowered = "".join(ch.lower()[:1] for ch in piece)
        self.lowered = lowered


def _latin_units(
    text: str, codes: str, start: int, end: int, whole_line: bool = False, context: _LatinContext | None = None
) -> list[_Unit]:
    """Classify the Latin-script text of [start, end) into units of one language each.

    ``whole_line``: [start, end) is a line of its own (a heading, a list item, a line of a song), judged like a
    quotation when it is too short to be judged like a sentence. ``context``: what was already found for
    [start, end) (found here otherwise).
    """
    if context is None:
        # A stretch beside a run of another script: the settled-English shortcut first (callers with a context
        # tried it already).
        context = _LatinContext(text, codes, start, end)
        confidence = _settled_english_line(text, codes, start, end, context)
        if confidence is not None:
            return [_Unit(start, end, "en", "Latn", confidence)]
    quotes, labelled, special_at, lowered = context.quotes, context.labelled, context.special_at, context.lowered
    piece = text[start:end]

    units: list[_Unit] = []

    def add(unit_start: int, unit_end: int, guess: langid.Guess) -> None:
        add_lang(unit_start, unit_end, guess.lang, guess.confidence)

    def add_lang(unit_start: int, unit_end: int, lang: str, confidence: float) -> None:
        if units and units[-1].lang == lang:
            units[-1].end = unit_end
            if confidence > units[-1].confidence:
                units[-1].confidence = confidence
        else:
            units.append(_Unit(unit_start, unit_end, lang, "Latn", confidence))

    sentences: Iterator[tuple[int, int]] = _sentence_ranges(text, codes, start, end, quotes)
    next_is_unsettled = False
    if context.judged is not None:
        # The settled-English shortcut judged the first sentences already (_settled_english_line): those settled as
        # English make one unit, as add_lang would merge them, and the one it stopped at is not settled.
        settled_end, confidence, unsettled, sentences = context.judged
        context.judged = None
        if settled_end > start:
            add_lang(start, settled_end, "en", confidence)
        sentences = chain([unsettled], sentences)
        next_is_unsettled = True
    for s_start, s_end in sentences:
        inner = _inner_quotes(quotes, s_start, s_end)
        if next_is_unsettled:
            english, next_is_unsettled = None, False
        else:
            english = _settled_english(lowered, start, s_start, s_end, inner, special_at)
        if english is not None:
            add_lang(s_start, s_end, "en", english)
            continue
        outside_words: list[str] = []
        cursor = s_start
        for q_start, q_end in inner:
            outside_words += _latin_words(text, codes, cursor, q_start)
            cursor = q_end
        outside_words += _latin_words(text, codes, cursor, s_end)
        sentence_guess = _classify_latin(outside_words)
        if (
            whole_line
            and not inner
            and sentence_guess.lang == UNDECIDED
            and (s_start, s_end) == (start, end)
            and len(outside_words) <= MAX_SHORT_LINE_WORDS
            and sum(1 for word in outside_words if word.islower()) >= 2
            and any(word.islower() and word not in langid.NAME_PARTICLES for word in outside_words)
        ):
            # "Wir schaffen das" on a line of its own, judged like a quotation, with two function words of its
            # language ("wir", "das") or two lowercase words with letters English never writes ("Bombas aéreas
            # destrozarán"); a line of names ("São Paulo, Brazil", "Luiz Inácio Lula da Silva") has too
            # few lowercase words to be judged, a menu item or a dish ("café au lait") too few function words.
            line_guess = _classify_latin(outside_words, quotation=True)
            line_lower = [word.lower() for word in outside_words]
            if line_guess.lang != "en" and (
                langid.function_words(line_guess.lang, line_lower) >= 2
                or langid.words_with_foreign_letters([word for word in outside_words if word.islower()]) >= 2
            ):
                sentence_guess = line_guess
        if (
            whole_line
            and not inner
            and sentence_guess.lang == UNDECIDED
            and _alone_on_its_line(text, start, end, s_start, s_end)
            and MIN_QUOTATION_WORDS <= len(outside_words) <= MAX_SHORT_LINE_WORDS
        ):
            line_lower = [word.lower() for word in outside_words]
            if any(word.islower() and word not in langid.NAME_PARTICLES for word in outside_words[1:]):
                first_letter = _ANY_LETTER.search(text, s_start, s_end)
                by_words = _line_of_one_language(
                    _unnamed(outside_words), text[first_letter.start() if first_letter else s_start : s_end]
                )
            elif _DATE_LINE.fullmatch(text, s_start, s_end):
                by_words = _date_of_one_language(line_lower)
            else:
                # A Title Case line (a song's title on its own line) is a name unless two of its own function
                # words say which language it is: "Non, Je Ne Regrette Rien" (not "São Paulo", "Ali Quli Qarai").
                by_words = _told_by_function_words(line_lower)
                if by_words is not None and langid.function_words(by_words.lang, line_lower) < 2:
                    by_words = None
            if by_words is not None:
                sentence_guess = by_words
        if (
            whole_line
            and not inner
            and sentence_guess.lang in ("en", UNDECIDED)
            and MIN_QUOTATION_WORDS <= len(outside_words) <= MAX_SHORT_LINE_WORDS
            and _translation_follows(text, end)
            and _alone_on_its_line(text, start, end, s_start, s_end)
        ):
            by_translation = _line_before_its_translation(outside_words)
            if by_translation is not None:
                sentence_guess = by_translation
        if sentence_guess.lang == UNDECIDED and not inner and len(outside_words) >= MIN_FOREIGN_WORDS:
            # A short sentence between English ones (a proverb before its translation: "Sakla saman gelir
            # zaman. Keep hay, its time will come.") whose words are one language's, most of them listed.
            by_words = _sentence_of_one_language(outside_words)
            if by_words is not None:
                sentence_guess = by_words
        if sentence_guess.lang not in ("en", UNDECIDED) or not inner:
            if sentence_guess.lang not in ("en", UNDECIDED):
                dateline = _DATELINE.search(text, s_start, min(s_end, s_start + MAX_DATELINE_START))
                if dateline is not None:
                    # A news agency's dateline, and what leads to it ("From the wire:"), is no part of the story.
                    add_lang(s_start, dateline.end(), "en", 0.6)
                    s_start = dateline.end()
            add(s_start, s_end, sentence_guess)
            continue
        # Too little or only English around the quotations: each is judged on its own content (a line that is
        # only a quotation, "Le Monde wrote: “…”").
        quote_guesses = [
            _labelled_guess(_latin_words(text, codes, q_start, q_end), labelled[(q_start, q_end)])
            if (q_start, q_end) in labelled
            else langid.Guess("en", 0.6)
            if _is_named_name(text, q_start, q_end) or _follows_non_latin_language_name(text, q_start)
            else _quotation_before_its_translation(_latin_words(text, codes, q_start, q_end))
            if whole_line and _alone_on_its_line(text, start, end, q_start, q_end) and _translation_follows(text, end)
            else _classify_latin(
                _latin_words(text, codes, q_start, q_end),
                quotation=True,
                # A quotation alone on its line (a proverb, a slogan) is set off as a phrase as a cue word sets it.
                cued=_follows_phrase_cue(text, q_start)
                or (whole_line and _alone_on_its_line(text, start, end, q_start, q_end)),
            )
            for q_start, q_end in inner
        ]
        foreign_quotes = [guess for guess in quote_guesses if guess.lang not in ("en", UNDECIDED)]
        if (
            foreign_quotes
            and not any(guess.lang == "en" for guess in quote_guesses)
            and _outside_belongs_to(outside_words, foreign_quotes[0].lang)
        ):
            # Nothing English around the quotation, nor in another quotation beside it (a list item's
            # "‘Dat kan niet’ : ‘It can’t be done’"): the whole sentence is in its language (a foreign sentence
            # with a quotation inside it, or a quotation split by a nested one); the whole sentence's marker words
            # settle a close pair ("Beliau berkata, “Tidak ada…": Malay, not Indonesian).
            add(s_start, s_end, langid.refine_latin(foreign_quotes[0], text[s_start:s_end]))
            continue
        if foreign_quotes and sentence_guess.lang == UNDECIDED:
            sentence_guess = langid.Guess("en", 0.6)  # the words around a foreign quotation that are not its language
        cursor = s_start
        for (q_start, q_end), quote_guess in zip(inner, quote_guesses):
            if q_start > cursor:
                add(cursor, q_start, sentence_guess)
            add(q_start, q_end, quote_guess)
            cursor = q_end
        if cursor < s_end:
            add(cursor, s_end, sentence_guess)
    if any(unit.lang == UNDECIDED for unit in units):
        _settle_undecided(text, codes, units)
    if (
        (not piece.isascii() and _NON_ASCII_LETTER.search(piece))
        or _may_hold_glossed_phrase(piece)
        or _may_hold_ascii_phrase(piece)
    ):
        units = _with_foreign_phrases(text, units)
    return units


# The start of a line that renders the line before it in English: "Literal translation: …", "Meaning: …", "This
# idiom literally translates to …", "What does it mean?" (an idiom list's entries).
_TRANSLATION_LINE = re.compile(
    r"[ \t]*(?:[-–—•*>]\s*)?(?:(?:(?:literal|english|rough|direct)\s+)?(?:translation|meaning)|literally)\s*:"
    r"|[ \t]*(?:this|it)\s+(?:\w+\s+){0,2}?(?:literally\s+)?(?:translates|means)\b"
    r"|[ \t]*what\s+does\s+(?:it|this)\s+mean\b",
    re.IGNORECASE,
)
MAX_LINES_TO_TRANSLATION = 3  # a blank line or two may stand between a line and its translation


def _translation_follows(text: str, end: int) -> bool:
    """Whether the next line holding text after the line ending at ``end`` renders it (see _TRANSLATION_LINE)."""
    position = end
    for _ in range(MAX_LINES_TO_TRANSLATION):
        if position >= len(text) or text[position] not in "\r\n":
            return False
        position += 2 if text.startswith("\r\n", position) else 1
        if _TRANSLATION_LINE.match(text, position):
            return True
        line_end = position
        while line_end < len(text) and text[line_end] in " \t":
            line_end += 1
        position = line_end
    return False


def _quotation_before_its_translation(words: list[str]) -> langid.Guess:
    """A quotation alone on its line, followed by its translation (see _line_before_its_translation), or English."""
    if not MIN_QUOTATION_WORDS <= len(words) <= MAX_SHORT_LINE_WORDS:
        return _classify_latin(words, quotation=True, cued=True)
    return _line_before_its_translation(words) or langid.Guess("en", 0.6)


def _line_before_its_translation(words: list[str]) -> langid.Guess | None:
    """The language of a short line followed by its English translation (an idiom or a proverb in a list: "Sputare
    il rospo" before "Literal translation: …"), which says it is foreign: the verdict of a quotation announced as a
    phrase; else, its words less the English ones, half of them at least, are one language's (see
    _words_of_one_language) and that language writes the English-looking ones too ("man" in "Aus Schaden wird man
    klug", "far" in "Far venire il latte").
    """
    lower = [word.lower() for word in words]
    if any(word in _LANGUAGE_NAMES for word in lower):
        return None
    latin = _latin_guess(lower, words, glossed=True)
    if latin is not None:
        return latin
    guess = _classify_latin(words, quotation=True, cued=True)
    if guess.lang not in ("en", UNDECIDED):
        return guess
    return _words_with_english_lookalikes(lower)


def _words_with_english_lookalikes(lower: list[str]) -> langid.Guess | None:
    """The language of a phrase that something around it says is foreign (a translation beside it), some of whose
    words are also English ("man" in "Aus Schaden wird man klug", "sore" in "Selamat sore"): its other words, half
    of them at least, are one language's (see _words_of_one_language), and that language's FLORES text writes the
    English-looking ones too (if any)."""
    english = [word for word in lower if langid.is_english_word(word)]
    rest = [word for word in lower if not langid.is_english_word(word)]
    if not rest or len(rest) < len(english) or any(map(langid.is_transliteration, rest)):
        return None
    if " ".join(lower).replace("’", "'") in langid.ENGLISH_LOAN_PHRASES:
        return None
    by_words = _words_of_one_language(rest)
    if by_words is None or not all(langid.is_listed_word(by_words.lang, word, frequent=False) for word in english):
        return None
    return by_words


# A news dateline before a story's first sentence: a place in capitals, perhaps a date, and the agency in brackets
# before a dash or colon ("PARIS (AP) - ", "MADRID, 3 mars (EFE) — "). It is no part of the story's language.
_DATELINE = re.compile(r"\b[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*(?:,[^()\n]{1,30})? \([A-Za-z]{2,8}\) ?[-–—:] ?")
MAX_DATELINE_START = 40  # how far into a sentence a dateline may stand (after "From the wire:", "| |")


def _unnamed(words: list[str]) -> list[str]:
    """``words`` lowercased, less the capitalised words after the first that English lists: names ("Al buen
    callar llaman Sancho"), no evidence that a short phrase is English. German capitalises its nouns, which English
    mostly does not list ("Röslein rot" keeps them)."""
    return [words[0].lower()] + [
        word.lower() for word in words[1:] if not (word[:1].isupper() and langid.is_english_word(word.lower()))
    ]


def _alone_on_its_line(text: str, start: int, end: int, s_start: int, s_end: int) -> bool:
    """Whether the sentence [s_start, s_end) holds every letter of the line [start, end): a list item's number or
    an emoji before it ("🤷 3. Non lo so") is cut off as a sentence of its own but is no text."""
    return not _ANY_LETTER.search(text, start, s_start) and not _ANY_LETTER.search(text, s_end, end)


def _line_of_one_language(lower: list[str], line: str) -> langid.Guess | None:
    """A short line of its own (a list item, a proverb, a heading: "Un momento!", "Lo barato sale caro") with a
    lowercase word after its first, two different words of two letters or more, none of them English or a
    language's name, whose words are one language's (see _words_of_one_language). A line of names is Title Case and
    stays English; a line with digits or a slash after its first letter (a list number before it is fine) is a
    date, a user name or a path ("u/ikalwewe Jan 14 '20"), a repeated word a placeholder ("alt alt alt")."""
    if len({word for word in lower if len(word) > 1}) < MIN_QUOTATION_WORDS or _DIGIT_OR_SLASH.search(line):
        return None  # one word besides a one-letter one ("A tappa:", "I cavalieri") is too little to go on
    if any(word in _LANGUAGE_NAMES for word in lower) or not _may_be_foreign_phrase(lower):
        return None  # "Tortilla de patata (english)", a menu's "café au lait"
    return _words_of_one_language(lower)


# A date on a line of its own, as a page heads a post: a weekday, the day, the month, the year ("Martedì, 14
# Ottobre 2014"). Its words are capitalised in many languages, but the numbers say they are no name.
_DATE_LINE = re.compile(r"[^\W\d_]+,?\s+\d{1,2}\.?\s+[^\W\d_]+\s+\d{4}\W*")


def _date_of_one_language(lower: list[str]) -> langid.Guess | None:
    """The language of a date line's weekday and month (see _DATE_LINE) when neither is English and both are in
    that language's lists (see _all_listed)."""
    if not _may_be_foreign_phrase(lower):
        return None
    guess = _words_of_one_language(lower)
    return guess if guess is not None and _all_listed(guess.lang, lower) else None


def _sentence_of_one_language(words: list[str]) -> langid.Guess | None:
    """The language of a sentence too short for the n-gram model alone (see _classify_latin), written in
    lowercase after its first word, of three different words or more, none English or a language's name, when
    three in four of its words are in that language's lists (see _words_of_one_language): romanised text and
    English words the English list misses are in no other language's lists that often."""
    if len(words) > MAX_SHORT_LINE_WORDS or not all(word.islower() for word in words[1:]):
        return None  # a title or a line of names ("Fado da Saudade", "Gezi Park Bizim")
    lower = [word.lower() for word in words]
    if len(set(lower)) < MIN_FOREIGN_WORDS:
        return None  # a placeholder ("alt alt alt")
    if any(word in _LANGUAGE_NAMES for word in lower) or not _may_be_foreign_phrase(lower):
        return None
    guess = _words_of_one_language(lower)
    if guess is None or langid.known_words(guess.lang, lower)[0] * 4 < len(lower) * 3:
        return None
    return guess


_DIGIT_OR_SLASH = re.compile(r"[\d/]")
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")  # a letter (word character, no digit or _) outside ASCII
# Between two words of one phrase: spaces, commas and hyphens ("primeiro-ministro", "Röslein, Röslein").
_PHRASE_GAP = re.compile(r"[ ,\-]+")


def _with_foreign_phrases(text: str, units: list[_Unit]) -> list[_Unit]:
    """Split foreign phrases out of English units (see _foreign_phrases). Neighbouring English units are looked
    at as one (as _finish will merge them): a gloss may be a sentence of its own that was settled apart ("the cry
    Ele Não! (Not Him).")."""
    merged: list[_Unit] = []
    for unit in units:
        previous = merged[-1] if merged else None
        if previous is not None and previous.lang == unit.lang == "en" and previous.end == unit.start and previous.script == unit.script:
            merged[-1] = _Unit(previous.start, unit.end, "en", unit.script, max(previous.confidence, unit.confidence))
        else:
            merged.append(unit)
    result: list[_Unit] = []
    for unit in merged:
        phrases = _phrases_in_english(text, unit.start, unit.end) if unit.lang == "en" else []
        # A phrase's words are letter runs; a joiner binds a letter run to the word before or after it
        # ("the\u200dmañana"): cutting there would split one written word, so such a phrase stays English.
        phrases = [phrase for phrase in phrases if not _against_a_joiner(text, phrase[0], phrase[1])]
        if not phrases:
            result.append(unit)
            continue
        cursor = unit.start
        for p_start, p_end, guess in phrases:
            if p_start > cursor:
                result.append(_Unit(cursor, p_start, "en", unit.script, unit.confidence))
            result.append(_Unit(p_start, p_end, guess.lang, unit.script, guess.confidence))
            cursor = p_end
        if cursor < unit.end:
            result.append(_Unit(cursor, unit.end, "en", unit.script, unit.confidence))
    return result


def _against_a_joiner(text: str, start: int, end: int) -> bool:
    """Whether [start, end) starts right after or ends right before a joiner (ZWJ, ZWNJ, tatweel, CGJ)."""
    return (start > 0 and text[start - 1] in JOINERS) or (end < len(text) and text[end] in JOINERS)


# Words that announce a phrase rather than a name: "the motto “Ordem e Progresso”", "the slogan Ni Una Menos",
# "the cry Ele Não!", "fans sang 'Oranje boven'", "the day is called ‘Hari Kebangkitan Nasional’", "the idiom “…”".
# What follows them (quoted or not) is a phrase, even in Title Case.
_PHRASE_CUE_WORDS = (
    r"motto|slogan|phrase|saying|proverb|expression|catchphrase|greeting|chant|chanted|chanting|cry|war cry|"
    r"banner|anthem|hymn|refrain|sang|singing|sing|shouted|shouting|shouts|known as|called|titled|entitled|idiom|words"
)
_PHRASE_CUE = re.compile(r"\b(?:" + _PHRASE_CUE_WORDS + r")\b(?:\s+(?:is|was|of|reading|read))?[\s,:–—-]*[\"“‘'«„¡]*$", re.IGNORECASE)
_PHRASE_CUE_TRIGGER = re.compile(r"\b(?:" + _PHRASE_CUE_WORDS + r")\b", re.IGNORECASE)


# Words that announce a name rather than a phrase: 'the newspaper "Jornal da Tarde"', 'the party "Die Linke"'.
_NAME_CUE = re.compile(
    r"\b(?:newspaper|magazine|daily|weekly|tabloid|broadcaster|channel|party|club|company|firm|brand|restaurant|"
    r"hotel|café|cafe|team|band)s?\s*[,:]?\s*[\"“‘'«„]$",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 6


# Languages not written in Latin script. Latin letters quoted right after one of their names are a romanisation
# ("the Korean name ‘Bang-tan-so-nyeon-dan’", "Japanese: “mono no aware”", "the Arabic word for peace, ‘salaam’"):
# English context or a romanised sentence, never text of a Latin-script language (issue 9, class 7).
_NON_LATIN_LANGUAGE_NAMES = (
    *(name for name in _SCRIPT_LANGUAGE_LABELS if name != "kurdish"),  # Kurmanji Kurdish is written in Latin
    *_OTHER_SCRIPT_LANGUAGE_NAMES,
)
_NON_LATIN_LANGUAGE_BEFORE_QUOTE = re.compile(
    r"\b(?:" + "|".join(_NON_LATIN_LANGUAGE_NAMES) + r")(?:-language)?"
    r"(?:\s+(?:name|nickname|word|words|phrase|term|expression|greeting|saying|title|motto|slogan|proverb|idiom|"
    r"pronunciation|romani[sz]ation|transliteration)(?:\s+for\s+[^\s,:]+)?)?\s*[,:]?\s*[\"“‘'«„]$",
    re.IGNORECASE,
)


def _follows_non_latin_language_name(text: str, position: int) -> bool:
    """Whether a quotation starting at ``position`` follows the name of a language not written in Latin script
    (see _NON_LATIN_LANGUAGE_BEFORE_QUOTE): what it quotes is a romanisation."""
    return _NON_LATIN_LANGUAGE_BEFORE_QUOTE.search(text, max(0, position - 50), position) is not None


def _is_named_name(text: str, start: int, end: int) -> bool:
    """Whether a short quotation follows a word that announces a name (see _NAME_CUE): a newspaper's or a party's
    name in its language is a name, not a phrase to gloss."""
    return _NAME_CUE.search(text, max(0, start - 20), start) is not None and len(text[start:end].split()) <= MAX_NAME_WORDS


def _follows_phrase_cue(text: str, position: int) -> bool:
    """Whether a word that announces a phrase (see _PHRASE_CUE) stands right before ``position``."""
    return _PHRASE_CUE.search(text, max(0, position - 30), position) is not None


def _phrases_in_english(text: str, start: int, end: int) -> list[tuple[int, int, langid.Guess]]:
    """Foreign phrases inside an English unit: those told by letters English never writes, and glossed ones."""
    found = _foreign_phrases(text, start, end)
    glossed = _glossed_phrases(text, start, end) if _may_hold_glossed_phrase(text[start:end]) else []
    if not glossed:
        return found
    if not found:
        return glossed
    phrases: list[tuple[int, int, langid.Guess]] = []
    for phrase in sorted(found + glossed, key=lambda phrase: phrase[:2]):  # by bounds: Guesses do not compare
        if not phrases or phrase[0] >= phrases[-1][1]:
            phrases.append(phrase)
    return phrases


# A gloss: an English rendering set right after a foreign phrase — in brackets ("Fome Zero (zero hunger)",
# "civis Romanus sum [“I am a Roman citizen”]"), or after "which translates to", "meaning", "literally".
# Or the other way round: a foreign phrase in brackets after the English it renders ("“thank you” (terima
# kasih)"). Brackets, those words or a spaced dash are a cheap trigger (_may_hold_glossed_phrase): text without
# them never gets here.
_GLOSS_TRIGGER_WORDS = ("translat", "mean", "literally")
_BRACKETED = re.compile(r"[(\[]\s*[\"“‘'«]?(?P<inner>[^()\[\]\n]{1,200}?)[\"”’'»]?\s*[)\]]")
_GLOSS_WORDS_AT_WORD = re.compile(
    r"(?:which\s+(?:(?:literally|roughly|loosely)\s+)?(?:means|translates(?:\s+(?:to|as))?)"
    r"|translat(?:es|ed|ing)\s+(?:to|as)|meaning|means?|literally)\b[:\s]*"
    r"[\"“‘'«]?(?P<inner>[^\"”’'»()\[\]\n.,;]{1,200})"
)
_GLOSS_WORDS = re.compile(r",?\s*" + _GLOSS_WORDS_AT_WORD.pattern)
# A list item's or a line's gloss after a dash: "kelapa muda – a young coconut", "1. Ik zal handhaven - I will
# uphold". The gloss runs to the next comma, sentence end or line end, as after "which means".
_DASH_GLOSS_AT_DASH = re.compile(
    r"[" + re.escape("".join(_GLOSS_MARKS)) + r"]\s+[\"“‘'«]?(?P<inner>[^–—=→⇒/\"”’'»()\[\]\n.,;!?]{1,200})"
)
_DASH_GLOSS = re.compile(r"\s" + _DASH_GLOSS_AT_DASH.pattern)
# _GLOSS_WORDS and _DASH_GLOSS start with what the regex engine must try at every position (",?\s*", "\s"): their
# matches are found from the gloss word or the mark each must hold (the *_AT_* patterns), see _gloss_matches.
# Closing quote marks and the marks that open them.
_OPENING_QUOTES = {"”": "“\"", "’": "‘'", "»": "«", '"': '"“', "'": "'‘"}
MAX_GLOSSED_WORDS = 8
# Between two words of a glossed phrase: what may be between two words of any phrase, and numbers ("Appel du 18
# juin (Appeal of 18 June)").
_GLOSSED_PHRASE_GAP = re.compile(r"[ ,\-0-9!¡]+")


def _may_hold_glossed_phrase(piece: str) -> bool:
    r"""Whether ``piece`` holds what a gloss needs: what ``re.search(r"[(\[]|\b(?:translat|mean|literally)|\s[–—=→⇒-]\s",
    piece)`` finds, found where the literals occur instead of trying the regex at every position (most English
    sentences hold none of them)."""
    if "(" in piece or "[" in piece:
        return True
    # A gloss word at the start of a word, a dash between two whitespace characters.
    for word in _GLOSS_TRIGGER_WORDS:
        at = piece.find(word)
        while at >= 0:
            if at == 0 or not _is_word_character(piece[at - 1]):
                return True
            at = piece.find(word, at + 1)
    last = len(piece) - 1
    for dash in _GLOSS_MARKS:
        at = piece.find(dash, 1, last)
        while at >= 0:
            if piece[at - 1].isspace() and piece[at + 1].isspace():
                return True
            at = piece.find(dash, at + 1, last)
    return False


# What the trigger's and the patterns' words and dashes hold: text without any of them cannot match those parts.
_GLOSS_WORD_PARTS = ("translat", "mean", "literally", "which")
_GLOSS_PATTERN_PARTS = ((_BRACKETED, ("(", "[")), (_GLOSS_WORDS, _GLOSS_WORD_PARTS), (_DASH_GLOSS, _GLOSS_MARKS))


def _gloss_matches(pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """``(match.start(), *match.span("inner"))`` for each match of ``pattern.finditer(text, start, end)``.

    _GLOSS_WORDS's and _DASH_GLOSS's matches are found from the word or dash after their lead: the lead of a
    gloss word's match is the whitespace before the word and one comma before that (",?\\s*": it holds no letter,
    so a match's lead reaches back over all of it, to the end of the last match at most); that of a dash's match is
    the one whitespace character right before the dash, which must be there (else the search goes on from the
    character after the dash, as finditer's would). A property test compares this with finditer.
    """
    if pattern is _GLOSS_WORDS:
        low = start
        for match in _GLOSS_WORDS_AT_WORD.finditer(text, start, end):
            lead = match.start()
            while lead > low and text[lead - 1].isspace():
                lead -= 1
            if lead > low and text[lead - 1] == ",":
                lead -= 1
            yield lead, *match.span("inner")
            low = match.end()
    elif pattern is _DASH_GLOSS:
        position = start + 1  # the whitespace before a dash is at ``start`` or later
        while position < end:
            found = _DASH_GLOSS_AT_DASH.search(text, position, end)
            if found is None:
                return
            dash = found.start()
            if text[dash - 1].isspace():
                yield dash - 1, *found.span("inner")
                position = found.end() + 1
            else:
                position = dash + 1
    else:
        for match in pattern.finditer(text, start, end):
            yield match.start(), *match.span("inner")


def _glossed_phrases(text: str, start: int, end: int) -> list[tuple[int, int, langid.Guess]]:
    """Foreign phrases with an English gloss beside them (see _may_hold_glossed_phrase), judged by _glossed_guess."""
    phrases: list[tuple[int, int, langid.Guess]] = []
    piece = text[start:end]
    for pattern, parts in _GLOSS_PATTERN_PARTS:
        for part in parts:
            if part in piece:
                break
        else:
            continue  # no bracket, gloss word or dash for this pattern to start from
        for match_start, gloss_start, gloss_end in _gloss_matches(pattern, text, start, end):
            inner_words = _WORD.findall(text, gloss_start, gloss_end)
            # The words of a phrase are looked up before any gloss is read: most brackets hold neither.
            found = _phrase_before(text, start, match_start, inner_words)
            if found is not None and _is_english_gloss(inner_words):
                guess = _glossed_guess(text, found[0], found[1], inner_words)
                if guess is None:
                    found, guess = _glossed_phrase_with_a_lookalike(text, start, match_start, inner_words)
            elif found is None and (
                longer := _phrase_with_a_lookalike_before(text, start, match_start, inner_words)
            ) is not None and _is_english_gloss(inner_words):
                found, guess = longer, _glossed_guess(text, longer[0], longer[1], inner_words)
            elif (
                pattern is _BRACKETED
                and len(inner_words) >= MIN_QUOTATION_WORDS
                and not any(langid.is_english_word(word.lower()) for word in inner_words)
                and _english_before(text, start, match_start)
            ):
                found = (gloss_start, gloss_end)  # the foreign phrase is in the brackets, the English before them
                guess = _glossed_guess(text, gloss_start, gloss_end, [])
            else:
                continue
            if found is not None and guess is not None:
                bounds = _trim_english_edges(text, found[0], found[1], guess.lang, _shared_words(inner_words))
                if bounds is not None:
                    bounds = (_from_line_start(text, start, bounds[0], guess.lang), bounds[1])
                    phrases.append((*bounds, guess))
                    if pattern is not _BRACKETED or found[0] < gloss_start:
                        phrases += _coordinated_phrases(text, start, bounds[0], guess.lang, inner_words)
    phrases.sort(key=lambda phrase: phrase[:2])
    return [phrase for i, phrase in enumerate(phrases) if i == 0 or phrase[0] >= phrases[i - 1][1]]


# "and", "or" or a comma between two phrases that one gloss renders: "buon giorno and buona sera (“good day” and
# “good evening”)", "Saya ingin and Kami ingin mean “I would like”".
_COORDINATION_BEFORE = re.compile(r"(?:\s*,\s*|\s+(?:and|or)\s+)[\"“‘'«]?\Z")
MAX_COORDINATED_PHRASES = 3


def _coordinated_phrases(
    text: str, start: int, position: int, lang: str, gloss_words: list[str]
) -> list[tuple[int, int, langid.Guess]]:
    """The phrases of ``lang`` coordinated with the glossed phrase that starts at ``position`` ("X and Y (gloss
    of both)"): each must be a phrase of that language on its own words (see _glossed_guess)."""
    found: list[tuple[int, int, langid.Guess]] = []
    for _ in range(MAX_COORDINATED_PHRASES):
        join = _COORDINATION_BEFORE.search(text, max(start, position - 8), position)
        if join is None:
            break
        before = _phrase_before(text, start, join.start(), gloss_words)
        if before is None:
            break
        guess = _glossed_guess(text, before[0], before[1], gloss_words)
        if guess is None or guess.lang != lang:
            break
        bounds = _trim_english_edges(text, before[0], before[1], lang, _shared_words(gloss_words))
        if bounds is None:
            break
        found.append((*bounds, guess))
        position = bounds[0]
    return found


def _is_english_gloss(words: list[str]) -> bool:
    """Words that read as an English rendering: half of them English words ("I" included), or English by the
    n-gram model with one English word at least (names and rarer words are missing from the word list)."""
    lower = [word.lower() for word in words]
    english = sum(1 for word in lower if word == "i" or langid.is_english_word(word))
    if not english:
        return False
    return english * 2 >= len(lower) or langid.ngram_model("Latn").guess(lower)[0].lang == "en"


def _english_before(text: str, start: int, position: int) -> bool:
    """Whether the words right before ``position`` are English (the last one an English word, or the last four
    English to the n-gram model with one English word among them: "the National Guard"), which a bracketed
    foreign phrase after them renders."""
    words = [word.lower() for word in _WORD.findall(text, max(start, position - 60), position)[-4:]]
    if not words:
        return False
    if langid.is_english_word(words[-1]):
        return True
    return any(map(langid.is_english_word, words)) and langid.ngram_model("Latn").guess(words)[0].lang == "en"


def _phrase_before(
    text: str, start: int, position: int, gloss_words: Sequence[str] = ()
) -> tuple[int, int] | None:
    """The phrase a gloss at ``position`` may render: a quotation closing right before it, or the words before it
    back to an English word, a punctuation mark other than a comma or hyphen, or MAX_GLOSSED_WORDS words. None
    unless it holds two words or more and no English word but those the gloss repeats (``gloss_words``, see
    _shared_words)."""
    phrase_end = _end_before_gloss(text, start, position)
    closing = text[phrase_end - 1] if phrase_end > start else ""
    if closing in _OPENING_QUOTES:
        phrase_end -= 1
        line_start = max(start, text.rfind("\n", start, phrase_end) + 1)
        opened = max(text.rfind(mark, line_start, phrase_end) for mark in _OPENING_QUOTES[closing])
        if opened < line_start:
            return None
        phrase_start = opened + 1
        quoted = _WORD.findall(text, phrase_start, phrase_end)
        english = sum(1 for word in quoted if _is_unshared_english(word.lower(), gloss_words))
        if english * 2 > len(quoted) or any(word.lower() in langid.ENGLISH_WORDS for word in quoted):
            # English words the phrase's language also writes ("sore" in "“Selamat sore” (good evening)") are
            # judged by _glossed_guess; English function words say it is English.
            return None
    else:
        last_words = _WORD.findall(text, max(start, phrase_end - 24), phrase_end)
        if not last_words or _is_unshared_english(last_words[-1].lower(), gloss_words):
            return None  # most brackets in English text follow an English word: settled without the walk below
        window_start = max(start, phrase_end - 160)
        # The walk mostly stops within a few words: the words of a short window first, the whole window only when
        # the walk reaches the short window's first word (which the window's edge may have cut).
        near_start = max(window_start, phrase_end - 48)
        taken = _walk_back_over_phrase(text, near_start, phrase_end, near_start > window_start, gloss_words)
        if taken is None:
            taken = _walk_back_over_phrase(text, window_start, phrase_end, False, gloss_words)
        if not taken:
            return None
        phrase_start, phrase_end = taken[-1].start(), taken[0].end()
    if len(text[phrase_start:phrase_end].split()) < MIN_QUOTATION_WORDS:
        return None
    return phrase_start, phrase_end


MAX_WORDS_BACK_TO_LINE_START = 3


def _from_line_start(text: str, start: int, phrase_start: int, lang: str) -> int:
    """Where a glossed phrase of ``lang`` starts when the words before it on its line, back to the line's start
    (a list number or bullet before them aside), are up to MAX_WORDS_BACK_TO_LINE_START words that ``lang``'s
    FLORES text writes, English ones only when they are ``lang``'s function words too: a proverb of a list and its
    gloss ("Er is altijd baas boven baas = Every boss has a boss", where the walk back from the gloss stopped at
    "is"). ``phrase_start`` otherwise."""
    line_start = max(start, text.rfind("\n", start, phrase_start) + 1)
    before = list(_WORD.finditer(text, line_start, phrase_start))
    if not before or len(before) > MAX_WORDS_BACK_TO_LINE_START or lang not in langid.WORD_LIST_LANGUAGES:
        return phrase_start
    if _LETTER.search(text[line_start : before[0].start()]) or not _PHRASE_GAP.fullmatch(
        text, before[-1].end(), phrase_start
    ):
        return phrase_start
    for match in before:
        word = match.group().lower()
        if not langid.is_listed_word(lang, word, frequent=False):
            return phrase_start
        if langid.is_english_word(word) and not langid.is_function_word(lang, word):
            return phrase_start  # an English sentence's start ("I live in casa mia (my house)")
    return before[0].start()


def _end_before_gloss(text: str, start: int, position: int) -> int:
    """Where a phrase before a gloss at ``position`` may end: before the spaces and a comma or colon there."""
    phrase_end = position
    while phrase_end > start and text[phrase_end - 1].isspace():
        phrase_end -= 1
    if phrase_end > start and text[phrase_end - 1] in ",:":
        phrase_end -= 1
    return phrase_end


def _phrase_with_a_lookalike_before(
    text: str, start: int, position: int, gloss_words: Sequence[str]
) -> tuple[int, int] | None:
    """The phrase before a gloss at ``position`` when one English word stands inside it, between two words that are
    not English ("il dolce far niente (the sweetness of doing nothing)": "far" is an English word and Italian's),
    written in lowercase with another lowercase word that is no name particle (names are capitalised), or None: the walk of _walk_back_over_phrase, going on once over such a word. _glossed_guess then asks that the
    phrase's language writes it (see _words_with_english_lookalikes)."""
    phrase_end = _end_before_gloss(text, start, position)
    last_words = _WORD.findall(text, max(start, phrase_end - 24), phrase_end)
    if not last_words or _is_unshared_english(last_words[-1].lower(), gloss_words):
        return None  # most brackets in English text follow an English word (as in _phrase_before)
    words = list(_WORD.finditer(text, max(start, phrase_end - 160), phrase_end))
    if not words or words[-1].end() != phrase_end:
        return None
    taken: list[re.Match[str]] = []
    lookalikes = 0
    for index in range(len(words) - 1, -1, -1):
        match = words[index]
        gap = text[match.end() : taken[-1].start()] if taken else ""
        if (gap and not _GLOSSED_PHRASE_GAP.fullmatch(gap)) or len(taken) == MAX_GLOSSED_WORDS:
            break
        if _is_unshared_english(match.group().lower(), gloss_words):
            before = words[index - 1] if index > 0 else None
            if (
                lookalikes
                or not taken
                or not match.group().islower()
                or before is None
                or not _GLOSSED_PHRASE_GAP.fullmatch(text, before.end(), match.start())
                or _is_unshared_english(before.group().lower(), gloss_words)
            ):
                break
            lookalikes += 1
        taken.append(match)
    if not lookalikes or _is_unshared_english(taken[-1].group().lower(), gloss_words):
        return None
    if sum(1 for match in taken if match.group().islower() and match.group() not in langid.NAME_PARTICLES) < 2:
        return None  # a name around an English word ("Santa Maria in Trastevere (a church)")
    return taken[-1].start(), taken[0].end()


def _glossed_phrase_with_a_lookalike(
    text: str, start: int, position: int, gloss_words: list[str]
) -> tuple[tuple[int, int] | None, langid.Guess | None]:
    """The phrase before a gloss with one English-looking word inside it and its language (see
    _phrase_with_a_lookalike_before), or (None, None)."""
    longer = _phrase_with_a_lookalike_before(text, start, position, gloss_words)
    if longer is None:
        return None, None
    return longer, _glossed_guess(text, longer[0], longer[1], gloss_words)


def _shared_words(gloss_words: Sequence[str]) -> frozenset[str]:
    """The words of a gloss, lowercased, that are no English function words: where the phrase before it writes
    them too (a name, "famine" in "Trouvailles, famine, patrouilles (Lucky finds, famine, patrols)"), they are
    no evidence that the phrase is English; the phrase is judged on its other words (two at least)."""
    return frozenset(word.lower() for word in gloss_words) - langid.ENGLISH_WORDS


def _is_unshared_english(lower_word: str, gloss_words: Sequence[str]) -> bool:
    """An English word that the gloss (its words, ``gloss_words``) does not repeat (see _phrase_before,
    _shared_words)."""
    if not langid.is_english_word(lower_word):
        return False
    return lower_word in langid.ENGLISH_WORDS or lower_word not in map(str.lower, gloss_words)


def _walk_back_over_phrase(
    text: str, window_start: int, phrase_end: int, first_may_be_cut: bool, gloss_words: Sequence[str] = ()
) -> list[re.Match[str]] | None:
    """The words of a phrase ending at ``phrase_end``, last first: back to an English word the gloss does not
    repeat (``gloss_words``), a gap other than
    _GLOSSED_PHRASE_GAP, or MAX_GLOSSED_WORDS words. None when ``first_may_be_cut`` and the walk reaches the first
    word of the window (a word the window's edge may have cut; the words after it are those of any wider window)."""
    words = list(_WORD.finditer(text, window_start, phrase_end))
    taken: list[re.Match[str]] = []
    for index in range(len(words) - 1, -1, -1):
        if index == 0 and first_may_be_cut:
            return None
        match = words[index]
        gap = text[match.end() : taken[-1].start()] if taken else text[match.end() : phrase_end]
        if gap and not _GLOSSED_PHRASE_GAP.fullmatch(gap):
            break
        if _is_unshared_english(match.group().lower(), gloss_words) or len(taken) == MAX_GLOSSED_WORDS:
            break
        taken.append(match)
    return taken


def _trim_english_edges(
    text: str, start: int, end: int, lang: str, shared: frozenset[str] = frozenset()
) -> tuple[int, int] | None:
    """[start, end) from its first to its last word, less edge words that are not in ``lang``'s word list (its
    FLORES words only for a Title Case phrase, see _writes_lowercase) and that English explains as well ("the
    slogan Ni Una Menos"); None when fewer than two words are left. Words a gloss repeats (``shared``: a name
    in "Recep istifa (Resign Recep)") are the phrase's own."""
    words = list(_WORD.finditer(text, start, end))
    frequent = _writes_lowercase([match.group() for match in words])

    def english_edge(match: re.Match[str]) -> bool:
        word = match.group().lower()
        if word in shared or langid.known_words(lang, [word], frequent=frequent)[0]:
            return False
        if lang == langid.LATIN:
            return langid.is_english_word(word)  # no list and no n-gram profile to ask
        _, margins = langid.ngram_model("Latn").guess([word])
        return margins.get(lang, 0.0) >= margins.get("en", 0.0)

    while len(words) > 1 and english_edge(words[0]):
        words.pop(0)
    while len(words) > 1 and english_edge(words[-1]):
        words.pop()
    if len(text[words[0].start() : words[-1].end()].split()) < MIN_QUOTATION_WORDS:
        return None
    if words[-1].group().lower() in langid.NAME_PARTICLES:
        return None  # what is left ends on an article or a preposition ("Callejon del"): part of a name
    if len(words) == 2 and words[0].group().lower() in langid.NAME_PARTICLES:
        return None  # an article or a preposition and one word ("Le Vallon", "tortilla de patata"): a name or its tail
    return words[0].start(), words[-1].end()


# A phrase's n-gram verdict must beat English by this much per n-gram to be called foreign on its words.
_WORDS_MARGIN = 0.15


def _may_be_foreign_phrase(lower: list[str]) -> bool:
    """What a short phrase judged on its words (see _words_of_one_language) must not hold: an English word, a
    letter of scholarly transliteration or pronunciation (romanised Arabic, IPA, pinyin), or be an English loan
    phrase."""
    if any(map(langid.is_english_word, lower)) or any(map(langid.is_transliteration, lower)):
        return False
    if any(map(langid.PRONUNCIATION_LETTERS.search, lower)):
        return False
    return " ".join(lower).replace("’", "'") not in langid.ENGLISH_LOAN_PHRASES


def _words_of_one_language(lower: list[str], *, frequent: bool = True) -> langid.Guess | None:
    """The language of a short phrase none of whose words is English, when its words are that language's: at
    least half of them (those English shares, like "e" or "no", left out), one of three letters or more or one of
    its function words, are in its word list (langid.known_words) and the n-gram model prefers it to English by _WORDS_MARGIN. Of several such
    languages, the one that knows most of the words, then the n-gram model's favourite. Romanised Arabic, Hebrew
    or Japanese scores well for some profile or other, but its words are in no list. ``frequent`` False counts
    only FLORES words (a Title Case phrase, see _writes_lowercase)."""
    content = [w.replace("ș", "ş").replace("ț", "ţ") for w in lower]
    telling = [word for word in content if word not in langid.SHARED_WITH_ENGLISH]
    if not telling:
        return None
    guess, margins = langid.ngram_model("Latn").guess(content)
    english = margins.get("en", 0.0)
    best: tuple[int, float, str] | None = None
    for lang, margin in sorted(margins.items()):
        if lang == "en" or english - margin < _WORDS_MARGIN:
            continue
        known, long_known = langid.known_words(lang, telling, frequent=frequent)
        # A function word that is no name's particle anchors it too: "je" in "Je maintiendrai" (not "le" in "Le
        # Vallon").
        anchored = long_known or langid.function_words(lang, [w for w in telling if w not in langid.NAME_PARTICLES])
        if anchored and known * 2 >= len(telling) and (best is None or (known, -margin) > best[:2]):
            best = (known, -margin, lang)
    if best is None:
        return None
    lang = langid.refine_latin(langid.Guess(best[2], guess.confidence), " ".join(content)).lang
    return langid.Guess(lang, min(0.8, guess.confidence))


def _glossed_guess(text: str, start: int, end: int, gloss_words: list[str]) -> langid.Guess | None:
    """The language of a phrase an English gloss renders, or None when it is not clearly foreign.

    The gloss says the phrase is not English; the phrase's words must agree: two or more, none an English word
    (see langid.is_english_word), no pronunciation letters, and either function words of its language
    (_told_by_function_words) or words of one language (_words_of_one_language). A Title Case phrase is often a
    name glossed by what it is ("Narendra Modi (Prime Minister)"): it needs letters English never writes in a
    lowercase word, or a gloss that renders it word for word, function words included ("Mulheres Unidas Contra
    Bolsonaro (Women United Against Bolsonaro)"). Words the gloss repeats (a name, "famine") are no evidence
    either way: the phrase is judged on its other words.
    """
    words = _WORD.findall(text, start, end)
    if not MIN_QUOTATION_WORDS <= len(text[start:end].split()) <= MAX_GLOSSED_WORDS * 2:
        return None  # one word, or one hyphenated name ("Eid-ul-Fitr")
    shared = _shared_words(gloss_words)
    written_lower = [
        word for word in words[1:] if word.islower() and word not in langid.NAME_PARTICLES and word not in shared
    ]
    words = [word for word in words if word.lower() not in shared]
    lower = [word.lower() for word in words]
    latin = _latin_guess(lower, words, glossed=True)
    if latin is not None:
        return latin
    if len(lower) >= MIN_QUOTATION_WORDS and "I" not in words and any(map(langid.is_english_word, lower)):
        return _words_with_english_lookalikes(lower)  # "Selamat sore" (good evening)
    if len(lower) == 1 and len(words) < len(_WORD.findall(text, start, end)):
        return _one_word_the_gloss_renders(lower[0], gloss_words, len(_WORD.findall(text, start, end)))
    if len(lower) < MIN_QUOTATION_WORDS or not _may_be_foreign_phrase(lower) or "I" in words:
        return None  # "I" is the English pronoun: "When I say Urdu, I mean both"
    told = _told_by_function_words(lower)
    if told is not None:
        return told
    guess = _words_of_one_language(lower, frequent=bool(written_lower))
    if guess is None:
        return None
    if not written_lower and not langid.has_own_words(guess.lang, written_lower):
        gloss_lower = [word.lower() for word in gloss_words]
        if len(gloss_words) < max(len(words), MIN_FOREIGN_WORDS) or not any(
            word in langid.ENGLISH_WORDS for word in gloss_lower
        ):
            return None
    return guess


MIN_RENDERED_WORD_LETTERS = 4


def _one_word_the_gloss_renders(lower_word: str, gloss_words: list[str], phrase_words: int) -> langid.Guess | None:
    """The language of a phrase whose gloss repeats all its words but one ("Fome Zero (zero hunger)", "Tayyip
    Istifa (Resign Tayyip)"): a gloss as short as the phrase that keeps a word as it is renders the other one word
    for word, as a description of a name ("Narendra Modi (Prime Minister Modi)") does not. That word, of
    MIN_RENDERED_WORD_LETTERS letters or more and no English word, must be a word of the FLORES text of one
    language only among those the n-gram model finds near it (one word is too little for its verdict alone)."""
    if len(gloss_words) > phrase_words + 1 or len(lower_word) < MIN_RENDERED_WORD_LETTERS:
        return None
    if not _may_be_foreign_phrase([lower_word]):
        return None
    _, margins = langid.ngram_model("Latn").guess([lower_word])
    holding = [
        lang
        for lang, margin in sorted(margins.items())
        if lang != "en" and margin <= _NEAR_MARGIN and langid.is_listed_word(lang, lower_word, frequent=False)
    ]
    return langid.Guess(holding[0], 0.6) if len(holding) == 1 else None


# Per n-gram, how far behind the n-gram model's favourite a language may be to be asked about a single word.
_NEAR_MARGIN = 0.5


def _foreign_phrases(text: str, start: int, end: int) -> list[tuple[int, int, langid.Guess]]:
    """Foreign phrases without quote marks inside English text ("ordered the glühwein mit schuss", "the slogan
    Yaşasın özgürlük mücadelemiz"): a run of two or more words with no English function word between them, with
    letters English never writes, and either telling function words of its language ("mit", "tous") or two
    lowercase words with such letters; names ("Ségolène Royal", "São Tomé") give neither. Words at its edges that
    are no evidence and that English explains as well ("the slogan", "in Paris") are left out. In plain ASCII the
    telling function words alone say it ("the anthology Proverbios que dicen las viejas tras el fuego")."""
    if not _NON_ASCII_LETTER.search(text, start, end) and not _may_hold_ascii_phrase(text[start:end]):
        return []
    # A run of words is what the words between English function words and other gaps than _PHRASE_GAP make; it
    # can be a phrase (_phrase_guess) only when one of its words is a seed: a word with a letter outside ASCII
    # (which "letters English never writes" need) or a telling function word written in lowercase (which
    # _told_by_function_words needs). So only the runs around seeds are walked, not every word of the text.
    words = _WORD.findall(text, start, end)
    seeds = [index for index, word in enumerate(words) if word in langid.TELLING_FUNCTION_WORDS or not word.isascii()]
    if not seeds:
        return []
    matches = list(_WORD.finditer(text, start, end))  # the same words, with their offsets

    def in_run(index: int) -> bool:
        return words[index].lower() not in langid.ENGLISH_WORDS

    def joined(left: int) -> bool:
        """Whether words ``left`` and ``left + 1`` are one phrase's (only spaces, commas, hyphens between)."""
        return _PHRASE_GAP.fullmatch(text, matches[left].end(), matches[left + 1].start()) is not None

    phrases: list[tuple[int, int, langid.Guess]] = []
    walked = -1  # the last word of the last run walked
    for seed in seeds:
        if seed <= walked or not in_run(seed):
            continue
        first = last = seed
        while first > 0 and in_run(first - 1) and joined(first - 1):
            first -= 1
        while last + 1 < len(words) and in_run(last + 1) and joined(last):
            last += 1
        walked = last
        if last - first + 1 >= MIN_QUOTATION_WORDS:
            found = _phrase_guess(matches[first : last + 1])
            if found is not None:
                phrases.append(found)
    return phrases


def _may_hold_ascii_phrase(piece: str) -> bool:
    """A cheap test: whether a telling function word of three letters or more ("que", "und", "nous") stands in
    ``piece`` as a word of its own, which a plain-ASCII foreign phrase needs (see _foreign_phrases)."""
    return not langid.STRONG_FUNCTION_WORDS.isdisjoint(piece.split())


def _english_edge_word(lower_word: str) -> bool:
    """A word English writes as well, at the edge of a run: an English word or one English shares ("in")."""
    return lower_word in langid.SHARED_WITH_ENGLISH or langid.is_english_word(lower_word)


def _listed_with_foreign_letters(lower: list[str], written_lower: list[str]) -> langid.Guess | None:
    """The language of a run of words with one lowercase word with letters English never writes, a content word
    (a function word inside a name, "Alternative für Deutschland", says less), when its words are that
    language's (_words_of_one_language) and every one is in its lists (_all_listed), or None."""
    lettered = [word for word in written_lower if langid.words_with_foreign_letters([word.lower()])]
    if len(lettered) != 1 or lettered[0].lower() in langid.FOREIGN_EVIDENCE_WORDS:
        return None
    if not _may_be_foreign_phrase(lower):
        return None
    guess = _words_of_one_language(lower)
    if guess is None or not _all_listed(guess.lang, lower):
        return None
    return guess


def _phrase_guess(run: list[re.Match[str]]) -> tuple[int, int, langid.Guess] | None:
    words = [match.group() for match in run]
    lower = [word.lower() for word in words]
    if any(map(langid.PRONUNCIATION_LETTERS.search, lower)):
        return None
    # Inside an English sentence a function word is written lowercase: "São" in "São Tomé" is a name's.
    written_lower = [word for word in words if word.islower()]
    told = _told_by_function_words(lower, written_lower)
    if told is None and not langid.words_with_foreign_letters(lower):
        return None
    if told is not None:
        guess = told
    elif langid.words_with_foreign_letters(written_lower) >= 2:
        _, guess, clear = _ngram_verdict(lower, _QUOTATION_MARGINS)
        if not clear or guess.lang in ("en", "und"):
            return None
    else:
        # One lowercase word with such letters: a title or a phrase when every word is its language's ("Cien
        # años de soledad", "pão de queijo"); a name writes its own words capitalised ("Ciudad Juárez"). The
        # run's English words at its edges ("the bakery sold …") are no part of it.
        first, last = 0, len(lower) - 1
        while first < last and _english_edge_word(lower[first]):
            first += 1
        while last > first and _english_edge_word(lower[last]):
            last -= 1
        core = words[first : last + 1]
        listed = _listed_with_foreign_letters(lower[first : last + 1], [word for word in core if word.islower()])
        if listed is None:
            return None  # _may_be_foreign_phrase (in it) leaves out English loan phrases ("coup d’état")
        return run[first].start(), run[last].end(), listed

    def is_evidence(word: str) -> bool:
        return langid.words_with_foreign_letters([word]) > 0 or langid.function_words(guess.lang, [word]) > 0

    def english_explains(word: str) -> bool:
        _, word_margins = langid.ngram_model("Latn").guess([word])
        return word_margins.get(guess.lang, 0.0) >= word_margins.get("en", 0.0)

    first, last = 0, len(lower) - 1
    while first < last and not is_evidence(lower[first]) and english_explains(lower[first]):
        first += 1
    while last > first and not is_evidence(lower[last]) and english_explains(lower[last]):
        last -= 1
    if last - first + 1 < MIN_QUOTATION_WORDS or " ".join(lower[first : last + 1]) in langid.ENGLISH_LOAN_PHRASES:
        return None
    return run[first].start(), run[last].end(), guess


# ---------------------------------------------------------------------------------------------------------
# Step 4: putting a segment together


_LETTER = re.compile("[" + "".join(sorted(LETTER_CODES)) + "]")
_NON_LATIN_LETTER = re.compile("[" + "".join(sorted(NON_LATIN_CODES)) + "]")
# Something that may be a URL, handle, hashtag or e-mail address (checked properly by _TRANSPARENT).
_NEEDS_TOKEN_CHECK = re.compile(r"[@#＠＃]\w|\w/\S|www\.")


# A number written against the end of a word, maybe after a hyphen: كوفيد-19, 2022年, ١١/٢.
_ATTACHED_NUMBER = re.compile(r"(?:[-‐/.,:،٫٬]?[0-9٠-٩۰-۹]+)+")


# A list or verse number of a line, set off by a bracket or a full stop: "٥. ", "1) ", "﴾ ١ ﴿ " before the text;
# " (156)", " .1" (a list number typed after right-to-left text), " ﴿٢٥٦﴾" after it. It numbers the line; it is
# not part of the sentence (a number inside the sentence, في عام 2022, is).
_MARKER_NUMBER = r"[0-9٠-٩۰-۹]{1,4}"
_MARKER_BRACKETED = r"[(\[﴾﴿][ \t]*" + _MARKER_NUMBER + r"[ \t]*[)\]﴾﴿]"
_LEADING_LIST_MARKER = re.compile(r"[ \t]*(?:" + _MARKER_BRACKETED + "|" + _MARKER_NUMBER + r"[.)])(?:[ \t]+|$)")
_TRAILING_LIST_MARKER = re.compile(
    r"(?:^|[ \t]+)(?:" + _MARKER_BRACKETED + r"|[(\[﴾﴿][ \t]*" + _MARKER_NUMBER + r"|\." + _MARKER_NUMBER + "|"
    + _MARKER_NUMBER + r"\.)[ \t]*$"
)


def _without_list_markers(text: str, codes: str, start: int, end: int, run_start: int, run_end: int) -> tuple[int, int]:
    """``[run_start, run_end)`` without a list or verse number it took in at the start or end of its line
    (segment ``[start, end)``), trimmed to letters again; an empty range when the run was nothing else."""
    leading = _LEADING_LIST_MARKER.match(text, start, end)
    if leading and run_start < leading.end():
        run_start = leading.end()
    trailing = _TRAILING_LIST_MARKER.search(text, max(run_start, end - 24), end)
    if trailing and trailing.start() < run_end:
        run_end = trailing.start()
    if run_start >= run_end:
        return run_start, run_start
    return _trim(codes, run_start, run_end, edge_letters=None)


def _segment_units(text: str, codes: str, start: int, end: int, is_name: bool = False) -> list[_Unit]:
    # Most lines hold no other script at all: no token walk, and the settled-English shortcut.
    tokens = _tokens_near_scripts(text, codes, start, end)
    if not tokens:
        return _latin_line_units(text, codes, start, end)
    script_units: list[_Unit] = []
    for first, last in _script_runs(text, codes, tokens):
        letters = sum(tokens[i].letters for i in range(first, last + 1) if tokens[i].kind == tokens[first].kind)
        if letters < (MIN_SCRIPT_LETTERS if tokens[first].kind in _LETTERS_AS_SYMBOLS else 1):
            continue
        before, after = _extend_edges(text, codes, tokens, first, last, allow_names=not is_name)
        run_start, run_end = _trim(codes, tokens[before].start, tokens[after].end, edge_letters=None)
        if run_start >= run_end:
            continue
        # The run's own script letters define its edges; digits taken in above may extend them.
        core_start, core_end = _trim(codes, tokens[first].start, tokens[last].end, edge_letters=tokens[first].kind)
        run_start = min(run_start, core_start) if before < first else core_start
        run_end = max(run_end, core_end) if after > last else core_end
        # Digits written against the script's letters belong to them (28歳, ٢٠٢٢م, 2022年).
        while run_start > tokens[before].start and codes[run_start - 1] == "d":
            run_start -= 1
        attached = _ATTACHED_NUMBER.match(text, run_end, tokens[after].end)
        if attached and "d" in codes[attached.start() : attached.end()]:
            run_end = attached.end()
        run_start, run_end = _without_list_markers(text, codes, start, end, run_start, run_end)
        if run_start >= run_end:
            continue
        run_codes = codes[run_start:run_end]
        # The run's script is its own letters' (Latin names inside may outnumber them: "كأس FIFA World Cup").
        kind = tokens[first].kind
        script = ("Jpan" if "J" in run_codes else "Hani") if kind == "Z" else SCRIPT_CODES[kind]
        script_units.extend(_identify_run(text, codes, run_start, run_end, script))

    units: list[_Unit] = []
    cursor = start
    for unit in script_units:
        if unit.start > cursor and _LETTER.search(codes, cursor, unit.start):
            units.extend(_latin_units(text, codes, cursor, unit.start))
        units.append(unit)
        cursor = unit.end
    if cursor < end and _LETTER.search(codes, cursor, end):
        units.extend(_latin_units(text, codes, cursor, end, whole_line=not script_units))
    _romanisations_stay_english(units)
    return _finish(text, codes, units)


# English context with little evidence of English (a romanisation, text around a foreign quotation).
ROMANISATION_CONFIDENCE = 0.6


def _romanisations_stay_english(units: list[_Unit]) -> None:
    """Latin letters next to a run of another script on its line are most often that run's romanisation ("君の名は
    (Kimi no na wa)", "پاکستان زنده باد — Pākistān Zindah bād"), which scores as one of the languages romanised text
    falls into by chance (langid.ATTRACTORS: Swahili, Latvian...). Such a verdict beside the run is no evidence of
    that language: the letters stay English context, as a romanisation is."""
    for index, unit in enumerate(units):
        if unit.script != "Latn" or unit.lang not in langid.ATTRACTORS:
            continue
        beside = units[index - 1 : index] + units[index + 1 : index + 2]
        if any(other.script != "Latn" for other in beside):
            units[index] = _Unit(unit.start, unit.end, "en", "Latn", ROMANISATION_CONFIDENCE)


# Where a sentence inside a run of one script ends (the run may hold sentences of several languages).
_RUN_SENTENCE_END = re.compile(r"t[qp]*(?:s+|(?=[ZJK]))")
# Sentences shorter than this (in letters) take the language of the run as a whole.
MIN_LETTERS_OWN_LANGUAGE = 40


def _identify_run(text: str, codes: str, start: int, end: int, script: str) -> list[_Unit]:
    """Language units for a run of one script: per sentence, merged where the language does not change."""
    whole = langid.identify_script_unit(text[start:end], script)
    cjk = script in ("Hani", "Jpan")
    if script not in langid.SHARED_SCRIPTS and not cjk:
        return [_Unit(start, end, whole.lang, script, whole.confidence)]
    bounds = [match.end() for match in _RUN_SENTENCE_END.finditer(codes, start, end)]
    if not bounds:
        return [_Unit(start, end, whole.lang, script, whole.confidence)]
    units: list[_Unit] = []
    cursor = start
    for boundary in [*bounds, end]:
        if boundary <= cursor:
            continue
        sentence = text[cursor:boundary]
        letters = sum(1 for code in codes[cursor:boundary] if code in LETTER_CODES)
        sentence_script = script
        if cjk:  # kana mark Japanese; Han alone is Chinese
            sentence_script = "Jpan" if "J" in codes[cursor:boundary] else "Hani"
            letters *= 3  # one Han character carries about as much as a short word
        guess = langid.identify_script_unit(sentence, sentence_script) if letters >= MIN_LETTERS_OWN_LANGUAGE else whole
        if guess is whole:
            sentence_script = script
        if units and units[-1].lang == guess.lang:
            units[-1].end = boundary
        else:
            units.append(_Unit(cursor, boundary, guess.lang, sentence_script, guess.confidence))
        cursor = boundary
    finished = []
    for unit in units:
        unit_start, unit_end = _trim(codes, unit.start, unit.end, edge_letters=None)
        if unit_start < unit_end:
            finished.append(_Unit(unit_start, unit_end, unit.lang, unit.script, unit.confidence))
    return finished


_EDGE_CODES = LETTER_CODES | {"d"}


def _trim(codes: str, start: int, end: int, edge_letters: str | None) -> tuple[int, int]:
    """Shrink [start, end) so it starts on a letter/digit and ends on a letter/digit/mark.

    With ``edge_letters`` the edges must be letters of that class (or digits of that script).
    """
    allowed_edges = _EDGE_CODES if edge_letters is None else ({edge_letters, "J"} if edge_letters == "Z" else {edge_letters})
    while start < end and codes[start] not in allowed_edges:
        start += 1
    while end > start:
        code = codes[end - 1]
        if code in allowed_edges or (code == "m" and _mark_has_base(codes, start, end - 1, allowed_edges)):
            break
        end -= 1
    return start, end


def _mark_has_base(codes: str, start: int, index: int, allowed_edges: frozenset[str] | set[str]) -> bool:
    """Whether the marks ending at ``index`` sit on an allowed edge character (a mark is never split from it)."""
    while index > start and codes[index] == "m":
        index -= 1
    return codes[index] in allowed_edges


_ANY_LETTER = re.compile(r"[^\W\d_]")


def _finish(text: str, codes: str, units: list[_Unit]) -> list[_Unit]:
    """Merge adjacent units of one language, trim every unit to its letters, drop letterless ones."""
    merged: list[_Unit] = []
    for unit in units:
        previous = merged[-1] if merged else None
        if previous and previous.script == unit.script and (
            previous.lang == unit.lang or langid.confusable(previous.lang, unit.lang)
        ):
            # Neighbouring sentences in two near-identical languages (nb/da, bg/mk, hr/sr) are far more often
            # one language misjudged once than a real switch: keep one span, in the language of the longer part.
            lang = previous.lang if previous.end - previous.start >= unit.end - unit.start else unit.lang
            merged[-1] = _Unit(previous.start, unit.end, lang, unit.script, max(previous.confidence, unit.confidence))
        else:
            merged.append(unit)
    if any(unit.lang != "en" and unit.script == "Latn" for unit in merged):
        merged = [piece for unit in merged for piece in _split_edge_tokens(text, codes, unit)]
    finished = []
    for unit in merged:
        start, end = _trim(codes, unit.start, unit.end, edge_letters=None)
        if start >= end:
            continue
        unit_codes = codes[start:end]
        if LETTER_CODES.isdisjoint(unit_codes) or not (text[start].isalpha() or _ANY_LETTER.search(text, start, end)):
            continue  # digits (of any script: ٢٥٦) and symbols only: neutral, part of the gaps
        script, lang = unit.script, unit.lang
        if lang == "en" and "L" not in unit_codes:
            # A letter of another script too short to be a span of its own (a lone "π", a lone tatweel) with no
            # English word beside it: covered, in the language its script mostly writes.
            script = script_of(unit_codes)
            lang = SCRIPT_LANGUAGE.get(script, "und")
        finished.append(_Unit(start, end, lang, script, unit.confidence))
    return finished


def _split_edge_tokens(text: str, codes: str, unit: _Unit) -> list[_Unit]:
    """Split URLs, handles, hashtags and e-mail addresses at the edges of a foreign Latin unit off it.

    They are not the foreign language (a trailing ``pic.twitter.com/...`` is not French); they become
    English-side units so that every letter is still covered by some span. Only the edge tokens are looked at
    (found on the skeleton), so a unit of any length costs the same.
    """
    if unit.lang == "en" or unit.script != "Latn":
        return [unit]
    start, end = unit.start, unit.end
    while start < end:
        tail_end = end
        while tail_end > start and codes[tail_end - 1] == "s":
            tail_end -= 1
        if tail_end == start:
            break
        tail_start = max(start, codes.rfind("s", start, tail_end) + 1)
        if _is_transparent(text[tail_start:tail_end]):
            end = tail_start
            continue
        head_start = start
        while codes[head_start] == "s":
            head_start += 1
        head_end = codes.find("s", head_start, end)
        head_end = end if head_end < 0 else head_end
        if _is_transparent(text[head_start:head_end]):
            start = head_end
            continue
        break
    pieces = []
    if start > unit.start:
        pieces.append(_Unit(unit.start, start, "en", "Latn", 0.5))
    if end > start:
        pieces.append(_Unit(start, end, unit.lang, unit.script, unit.confidence))
    if unit.end > max(end, start):
        pieces.append(_Unit(max(end, start), unit.end, "en", "Latn", 0.5))
    return pieces


def _is_transparent(token: str) -> bool:
    core = token.strip(_EDGE_PUNCT)
    return bool(core) and _may_be_transparent(core) and _TRANSPARENT.fullmatch(core) is not None


def _may_be_transparent(core: str) -> bool:
    """False for text that holds no URL, handle, hashtag or e-mail address (_TRANSPARENT, _NEEDS_TOKEN_CHECK):
    every URL holds "/" or "www.", a bare domain path "/", an e-mail address or handle an at sign, a hashtag a
    number sign (a far cheaper test than the regular expressions)."""
    return "/" in core or "@" in core or "#" in core or "www." in core or "＠" in core or "＃" in core


def _take_trailing_marks(codes: str, units: list[_Unit]) -> None:
    """Marks, joiners and keycaps after a span's last character belong to it (1️⃣ is one grapheme)."""
    for unit in units:
        while unit.end < len(codes) and codes[unit.end] == "m":
            unit.end += 1


def _to_span(text: str, unit: _Unit) -> Span:
    # A unit is trimmed to a letter, mark or digit at each end (_finish, _trim): its offsets make a valid span.
    return unchecked_span(unit.start, unit.end, unit.lang, unit.script, _confidence(unit), text[unit.start : unit.end])


def _confidence(unit: _Unit) -> float:
    return float(min(1.0, max(0.0, unit.confidence)))


__all__ = ["segment", "segment_tiling", "foreign_spans", "SCRIPT_CODES"]
