"""A deterministic code-switched benchmark built from line-aligned FLORES-200 dev sentences.

Each document is English news-style text with embedded foreign text, and records the gold foreign spans:

* ``sentence``  — English paragraph(s) of 3-8 FLORES English sentences with 1-2 foreign sentences inserted;
* ``paragraph`` — a foreign paragraph (2-4 consecutive foreign sentences) between English paragraphs;
* ``quote``     — an English sentence quoting a whole foreign sentence in “…”;
* ``tweet``     — a tweet-style line: foreign sentence(s), an optional ``pic.twitter.com/…`` link and a
  ``— Name (@handle) Month D, YYYY`` attribution (for Arabic sometimes an Arabic-script name);
* ``phrase``    — an English sentence quoting 3-6 consecutive words cut from a foreign sentence in “…”.

Gold offsets are code points, end-exclusive (Python slicing), like :class:`multiling.types.Span`.
A gold span is the inserted foreign text with edge whitespace and edge punctuation/symbols (Unicode
categories ``P*``/``S*``) stripped; it never crosses a line break. Links and attributions are not
part of a tweet's span; an Arabic-script author name is a gold span of its own.

The English context and the foreign content of one document come from different FLORES lines, so
they are never translations of each other. Each document has one foreign language (``lang``).
"""

from __future__ import annotations

import random
import re
import string
import unicodedata
from pathlib import Path
from typing import Iterable, Mapping

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "flores200-dev"

KINDS = ("sentence", "paragraph", "quote", "tweet", "phrase")
KIND_WEIGHTS = (0.30, 0.15, 0.20, 0.20, 0.15)

# Share of foreign insertions per language; every other FLORES language shares REST_WEIGHT equally.
LANG_WEIGHTS = {
    "ar": 0.35,
    "fa": 0.05, "ru": 0.05,
    "he": 0.04, "zh": 0.04, "fr": 0.04,
    "uk": 0.03, "bg": 0.03, "es": 0.03, "de": 0.03, "tr": 0.03,
    "id": 0.03, "hi": 0.03, "el": 0.03, "ja": 0.03, "ko": 0.03,
}
REST_WEIGHT = 1.0 - sum(LANG_WEIGHTS.values())

# Languages written without spaces between words: a "phrase" is cut by characters, not words.
NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "my"})

LATIN_NAMES = (
    "Sarah Mitchell", "Omar Haddad", "Lena Fischer", "Carlos Mendes", "Aylin Demir", "Ivan Petrov",
    "Marie Dubois", "Kenji Sato", "Priya Nair", "Yusuf Karim", "Dana Levi", "Reza Ahmadi",
    "Olena Kovalenko", "Wei Zhang", "Nour Saleh", "Ministry of Foreign Affairs", "Reuters Arabic",
)
ARABIC_NAMES = (
    "محمد العلي", "مصطفى الكاظمي", "المكتب الإعلامي لرئيس الوزراء", "وزارة الخارجية", "سارة الحسيني",
    "قناة الجزيرة", "أحمد منصور",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)
QUOTE_TEMPLATES = (
    "In a statement, the spokesperson said: “{q}”",
    "“{q}” the official told reporters.",
    "A banner at the rally read “{q}”, according to witnesses.",
    "The minister wrote on social media: “{q}”",
    "One resident told local television, “{q}”",
    "The report opens with the line “{q}” and goes on from there.",
)
PHRASE_TEMPLATES = (
    "Protesters chanted “{q}” outside the embassy.",
    "The sign, which read “{q}”, was removed by the next morning.",
    "Officials used the phrase “{q}” several times during the briefing.",
    "The headline, “{q}”, was shared thousands of times.",
    "Locals call the festival “{q}” in their own language.",
)
ENGLISH_TWEETS = (
    "Heartbreaking news tonight. Our thoughts are with the families.",
    "Thank you to everyone who came out today, what a turnout!",
    "We are monitoring the situation closely and will share updates.",
)

Corpus = Mapping[str, list[str]]

_WORD = re.compile(r"[^\W\d_]+")


def load_flores(path: str | Path = DEFAULT_DATA) -> dict[str, list[str]]:
    """Read ``<lang>.txt`` files of line-aligned FLORES sentences.

    Args:
        path: the folder holding ``en.txt`` and one file per language.

    Returns:
        ``{lang: [sentence, ...]}`` with ``en`` included; every list has the same length.

    Raises:
        FileNotFoundError: if the folder or ``en.txt`` is missing.
        ValueError: if the files are not line-aligned.
    """
    folder = Path(path)
    if not (folder / "en.txt").is_file():
        raise FileNotFoundError(f"no en.txt in {folder}; pass --data pointing at the flores200-dev folder")
    corpus: dict[str, list[str]] = {}
    for file in sorted(folder.glob("*.txt")):
        corpus[file.stem] = file.read_text(encoding="utf-8").splitlines()
    lengths = {len(lines) for lines in corpus.values()}
    if len(lengths) != 1:
        raise ValueError(f"FLORES files in {folder} are not line-aligned (line counts {sorted(lengths)})")
    return corpus


def _is_edge_junk(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PSZC"


def strip_bounds(text: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """Shrink ``[start, end)`` past edge whitespace, punctuation and symbols.

    Args:
        text: the string the offsets index (code points).
        start: first code point (inclusive).
        end: last code point (exclusive); ``None`` for ``len(text)``.

    Returns:
        The stripped ``(start, end)``; ``start == end`` when nothing is left.
    """
    end = len(text) if end is None else end
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    return start, end


def is_letter(char: str) -> bool:
    """True for letters and marks (Unicode categories ``L*``/``M*``): the characters char F1 counts."""
    return unicodedata.category(char)[0] in "LM"


class _Builder:
    """Appends pieces of a document and records gold foreign spans at their code-point offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.gold: list[dict] = []

    def add(self, piece: str, lang: str | None = None) -> None:
        if lang is not None:
            start, end = strip_bounds(piece)
            if start < end:
                if "\n" in piece[start:end]:
                    raise ValueError("a foreign piece must not contain a line break")
                self.gold.append(
                    {"start": self.length + start, "end": self.length + end, "lang": lang, "text": piece[start:end]}
                )
        self.parts.append(piece)
        self.length += len(piece)

    def build(self, doc_id: str, kind: str, lang: str) -> dict:
        text = "".join(self.parts)
        for span in self.gold:
            assert text[span["start"] : span["end"]] == span["text"], (doc_id, span)
        return {"id": doc_id, "kind": kind, "lang": lang, "text": text, "gold": self.gold}


class _Generator:
    def __init__(self, corpus: Corpus, rng: random.Random) -> None:
        if "en" not in corpus:
            raise ValueError("the corpus has no 'en' lines")
        self.corpus = corpus
        self.rng = rng
        self.n_lines = len(corpus["en"])
        foreign = sorted(lang for lang in corpus if lang != "en")
        if not foreign:
            raise ValueError("the corpus has no foreign language")
        rest = [lang for lang in foreign if lang not in LANG_WEIGHTS]
        self.langs = foreign
        self.weights = [
            LANG_WEIGHTS[lang] if lang in LANG_WEIGHTS else REST_WEIGHT / max(1, len(rest)) for lang in foreign
        ]

    # -- sampling helpers -------------------------------------------------------------------------
    def english_run(self, count: int) -> list[int]:
        """Indices of ``count`` consecutive English lines (consecutive FLORES lines read like one story)."""
        count = min(count, self.n_lines)
        first = self.rng.randrange(0, self.n_lines - count + 1)
        return list(range(first, first + count))

    def foreign_run(self, count: int, avoid: Iterable[int]) -> list[int]:
        """Indices of ``count`` consecutive lines that avoid the English lines (so no translation pairs)."""
        avoid = set(avoid)
        count = min(count, self.n_lines)
        for _ in range(100):
            first = self.rng.randrange(0, self.n_lines - count + 1)
            run = list(range(first, first + count))
            if not avoid.intersection(run):
                return run
        return run  # tiny corpora only

    def en(self, indices: Iterable[int]) -> list[str]:
        return [self.corpus["en"][i].strip() for i in indices]

    def fl(self, lang: str, indices: Iterable[int]) -> list[str]:
        return [self.corpus[lang][i].strip() for i in indices]

    def pick_lang(self) -> str:
        return self.rng.choices(self.langs, weights=self.weights, k=1)[0]

    # -- document kinds ---------------------------------------------------------------------------
    def sentence_doc(self, b: _Builder, lang: str) -> None:
        eng_idx = self.english_run(self.rng.randint(3, 8))
        english = self.en(eng_idx)
        n_foreign = 1 if len(english) < 5 or self.rng.random() < 0.6 else 2
        # Slots between English sentences (0 = before the first); never two foreign sentences side by side.
        slots = list(range(len(english) + 1))
        chosen: list[int] = []
        while len(chosen) < n_foreign and slots:
            slot = self.rng.choice(slots)
            chosen.append(slot)
            slots = [s for s in slots if abs(s - slot) > 1]
        foreign_idx = [self.foreign_run(1, eng_idx)[0] for _ in chosen]
        sequence: list[tuple[str, str | None]] = []
        for position in range(len(english) + 1):
            if position in chosen:
                line = foreign_idx[chosen.index(position)]
                sequence.append((self.fl(lang, [line])[0], lang))
            if position < len(english):
                sequence.append((english[position], None))
        # Sometimes break the run into two paragraphs.
        break_after = self.rng.randrange(1, len(sequence)) if len(sequence) > 3 and self.rng.random() < 0.4 else -1
        for position, (sentence, sentence_lang) in enumerate(sequence):
            if position:
                b.add("\n\n" if position == break_after else " ")
            b.add(sentence, sentence_lang)

    def paragraph_doc(self, b: _Builder, lang: str) -> None:
        eng_idx = self.english_run(self.rng.randint(3, 7))
        english = self.en(eng_idx)
        cut = self.rng.randint(1, len(english) - 1)
        foreign = " ".join(self.fl(lang, self.foreign_run(self.rng.randint(2, 4), eng_idx)))
        b.add(" ".join(english[:cut]))
        b.add("\n\n")
        b.add(foreign, lang)
        b.add("\n\n")
        b.add(" ".join(english[cut:]))

    def quote_doc(self, b: _Builder, lang: str) -> None:
        eng_idx = self.english_run(self.rng.randint(1, 4))
        english = self.en(eng_idx)
        before = self.rng.randint(0, len(english))
        quoted = self.fl(lang, self.foreign_run(1, eng_idx))[0]
        # Quotes rarely keep the sentence's final full stop; drop it half of the time.
        if self.rng.random() < 0.5:
            quoted = quoted.rstrip(".。।۔")
        template = self.rng.choice(QUOTE_TEMPLATES)
        head, tail = template.split("{q}")
        parts = english[:before]
        prefix = " ".join(parts) + (" " if parts else "")
        b.add(prefix + head)
        b.add(quoted, lang)
        b.add(tail)
        if english[before:]:
            b.add(" " + " ".join(english[before:]))

    def tweet_doc(self, b: _Builder, lang: str) -> None:
        eng_idx = self.english_run(self.rng.randint(2, 5))
        english = self.en(eng_idx)
        cut = self.rng.randint(1, len(english))
        b.add(" ".join(english[:cut]))
        b.add("\n\n")
        self.tweet(b, lang, eng_idx)
        if self.rng.random() < 0.3:  # an English tweet too: it must not produce a foreign span
            b.add("\n\n")
            self.tweet(b, None, eng_idx)
        if english[cut:]:
            b.add("\n\n")
            b.add(" ".join(english[cut:]))

    def tweet(self, b: _Builder, lang: str | None, avoid: list[int]) -> None:
        rng = self.rng
        if lang is None:
            b.add(rng.choice(ENGLISH_TWEETS))
        else:
            b.add(" ".join(self.fl(lang, self.foreign_run(rng.choice((1, 1, 1, 2)), avoid))), lang)
        if rng.random() < 0.6:
            link = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(10))
            b.add(f" pic.twitter.com/{link}")
        b.add("\n— " if rng.random() < 0.2 else " — ")
        roll = rng.random()
        if lang == "ar" and roll < 0.25:
            b.add(rng.choice(ARABIC_NAMES), lang)
        elif lang == "ar" and roll < 0.4:  # "Mustafa Al-Kadhimi مصطفى الكاظمي", as in the seed article
            b.add(rng.choice(LATIN_NAMES) + " ")
            b.add(rng.choice(ARABIC_NAMES), lang)
        else:
            b.add(rng.choice(LATIN_NAMES))
        handle = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(5, 12)))
        b.add(f" (@{handle}) {rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2012, 2026)}")

    def phrase_doc(self, b: _Builder, lang: str) -> None:
        eng_idx = self.english_run(self.rng.randint(1, 4))
        english = self.en(eng_idx)
        before = self.rng.randint(0, len(english))
        phrase = self.phrase(lang, eng_idx)
        head, tail = self.rng.choice(PHRASE_TEMPLATES).split("{q}")
        parts = english[:before]
        b.add(" ".join(parts) + (" " if parts else "") + head)
        b.add(phrase, lang)
        b.add(tail)
        if english[before:]:
            b.add(" " + " ".join(english[before:]))

    def phrase(self, lang: str, avoid: list[int]) -> str:
        for _ in range(50):
            line = self.foreign_run(1, avoid)[0]
            sentence = self.fl(lang, [line])[0]
            # Words the English translation shares (names, loans: "New York University") would make a short
            # phrase half English; such phrases are skipped.
            english_words = {w.casefold() for w in _WORD.findall(self.corpus["en"][line])}
            words = sentence.split()
            if lang in NO_SPACE_LANGS or len(words) < 8:
                size = self.rng.randint(4, 10)
                if len(sentence) <= size:
                    continue
                first = self.rng.randrange(0, len(sentence) - size)
                candidate = sentence[first : first + size]
            else:
                size = self.rng.randint(3, 6)
                first = self.rng.randrange(0, len(words) - size + 1)
                candidate = " ".join(words[first : first + size])
            start, end = strip_bounds(candidate)
            core = candidate[start:end]
            shared = any(w.casefold() in english_words for w in _WORD.findall(core) if len(w) > 1)
            if core and is_letter(core[0]) and is_letter(core[-1]) and sum(map(is_letter, core)) >= 3 and not shared:
                return core
        return sentence  # pragma: no cover - only for degenerate corpora


def generate_documents(n_docs: int = 1000, seed: int = 0, data: str | Path | Corpus = DEFAULT_DATA) -> list[dict]:
    """Generate ``n_docs`` code-switched documents with gold foreign spans.

    Args:
        n_docs: how many documents.
        seed: the random seed; the same seed and data give the same documents.
        data: a FLORES folder or an already loaded ``{lang: lines}`` corpus (must hold ``en``).

    Returns:
        Records ``{"id", "kind", "lang", "text", "gold": [{"start", "end", "lang", "text"}]}``; offsets are
        code points, end-exclusive, and ``text[start:end] == gold["text"]`` for every gold span.
    """
    corpus = data if isinstance(data, Mapping) else load_flores(data)
    rng = random.Random(seed)
    gen = _Generator(corpus, rng)
    builders = {
        "sentence": gen.sentence_doc,
        "paragraph": gen.paragraph_doc,
        "quote": gen.quote_doc,
        "tweet": gen.tweet_doc,
        "phrase": gen.phrase_doc,
    }
    docs = []
    for number in range(n_docs):
        kind = rng.choices(KINDS, weights=KIND_WEIGHTS, k=1)[0]
        lang = gen.pick_lang()
        builder = _Builder()
        builders[kind](builder, lang)
        docs.append(builder.build(f"mix-{number:05d}", kind, lang))
    return docs


def english_documents(data: str | Path | Corpus = DEFAULT_DATA, seed: int = 0, per_doc: int = 5) -> list[dict]:
    """All English FLORES sentences, in order, joined into paragraphs of 3-8 sentences.

    Args:
        data: a FLORES folder or a loaded corpus.
        seed: seeds the paragraph lengths.
        per_doc: paragraphs per document (separated by blank lines).

    Returns:
        Records like :func:`generate_documents` with ``kind == "english"``, empty ``gold`` and an
        ``n_sentences`` count (the sum over all records is the number of English lines).
    """
    corpus = data if isinstance(data, Mapping) else load_flores(data)
    rng = random.Random(seed)
    lines = [line.strip() for line in corpus["en"] if line.strip()]
    paragraphs: list[list[str]] = []
    cursor = 0
    while cursor < len(lines):
        size = rng.randint(3, 8)
        paragraphs.append(lines[cursor : cursor + size])
        cursor += size
    docs = []
    for number, first in enumerate(range(0, len(paragraphs), per_doc)):
        group = paragraphs[first : first + per_doc]
        docs.append(
            {
                "id": f"en-{number:04d}",
                "kind": "english",
                "lang": "en",
                "text": "\n\n".join(" ".join(p) for p in group),
                "gold": [],
                "n_sentences": sum(len(p) for p in group),
            }
        )
    return docs
