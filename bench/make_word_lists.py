"""Build the word lists the segmenter asks "is this a word of language X?" (``multiling/data/words/``).

``en.txt``: the words FLORES-200 dev English (``shared/data/flores200-dev/en.txt``, 997 sentences of news, travel
and science prose) writes in lowercase — names are capitalised and left out — less the function words of other
languages and the particles of names (``de``, ``la``, ``non``, ``me``: evidence of those languages, see
:mod:`multiling.segment.langid`), plus the segmenter's own list of English function words.

``<lang>.txt`` for every other Latin-script language of both FLORES dev and the n-gram profiles: the words its
FLORES dev translation writes in lowercase (the same 997 sentences); for German, whose nouns are capitalised,
also its capitalised words that the English text does not write (names: ``Paris``, ``Mustafa``). A phrase whose words are in such a list is
made of words of that language, which romanised Arabic, Hebrew, Persian or Japanese (``Nowruz Mobarak``,
``Shalom Aleichem``) is not, whatever the n-gram model says. Never built from ``bench/real`` (the benchmark
stays unseen).

    python bench/make_word_lists.py            # rewrites multiling/data/words/*.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `multiling` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.codeswitch import DEFAULT_DATA
from multiling.segment import langid

OUT = Path(__file__).resolve().parent.parent / "multiling" / "data" / "words"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def lowercase_words(lines: list[str]) -> set[str]:
    """The words ``lines`` write in lowercase at least once (apostrophes as ')."""
    return {word.replace("’", "'") for line in lines for word in _WORD.findall(line) if word.islower()}


def foreign_words(lines: list[str], english_lines: list[str]) -> set[str]:
    """The words of ``lines``, lowercased, less capitalised ones that also occur in the English translation (German
    nouns stay, names go)."""
    in_english = {word.lower().replace("’", "'") for line in english_lines for word in _WORD.findall(line)}
    words = lowercase_words(lines)
    capitalised = {word.lower().replace("’", "'") for line in lines for word in _WORD.findall(line) if not word.islower()}
    return words | (capitalised - in_english)


def english_words(lines: list[str]) -> list[str]:
    """Sorted English words of ``lines`` (one letter long only for "a"), less foreign evidence."""
    words = {word for word in lowercase_words(lines) if len(word) > 1 or word == "a"}
    words -= langid.FOREIGN_EVIDENCE_WORDS
    return sorted(words | langid.ENGLISH_WORDS)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    english_lines = (DEFAULT_DATA / "en.txt").read_text(encoding="utf-8").splitlines()
    for lang in sorted(langid.WORD_LIST_LANGUAGES):
        lines = (DEFAULT_DATA / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        if lang == "en":
            words = english_words(lines)
        elif lang == "de":
            words = sorted(foreign_words(lines, english_lines))
        else:
            words = sorted(lowercase_words(lines))
        (OUT / f"{lang}.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
        print(f"{lang}: {len(words)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
