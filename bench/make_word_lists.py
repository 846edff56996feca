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

Both grow with the most frequent words of wordfreq (https://github.com/rspeer/wordfreq, data CC BY-SA 4.0), a build-time
tool only (``pip install wordfreq``; the lists are kept in git and the package never loads at run time): ~1,000
sentences hold a few thousand words per language, too few for dishes, sayings and titles ("tortilla de patatas",
"Cien años de soledad", "terima kasih") or for English itself ("versatile", "economical"). A frequent word is kept
in a foreign list only when that language writes it more often than English does ("treatment", "poison" are in
the Spanish and Italian web text too) and in the English list only when no other listed language writes it ten
times as often ("ciao", "bella", "que" are no evidence of English). Languages wordfreq lacks (Afrikaans, Welsh,
Estonian) keep their FLORES words only.

    python bench/make_word_lists.py            # rewrites multiling/data/words/*.txt
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `multiling` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.codeswitch import DEFAULT_DATA
from multiling.segment import langid

#: How many of wordfreq's most frequent words each list takes (measured on bench/real and FLORES: README,
#: "What is still missed").
FOREIGN_TOP_WORDS = 15_000
ENGLISH_TOP_WORDS = 50_000
#: A frequent English word is left out of the English list when another listed language writes it this much more
#: often (zipf units: 1.0 is ten times as often).
FOREIGN_MARGIN = 1.0
#: wordfreq's code for our language codes where they differ (Croatian is in its Serbo-Croatian list).
_WORDFREQ_CODES = {"hr": "sh", "tl": "fil"}

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


def _wordfreq_code(lang: str) -> str | None:
    from wordfreq import available_languages

    code = _WORDFREQ_CODES.get(lang, lang)
    return code if code in available_languages() else None


def frequent_words(lang: str, count: int) -> list[str]:
    """wordfreq's ``count`` most frequent words of ``lang`` that are words of letters (apostrophes inside), one
    letter long only for "a"; none for a language wordfreq lacks."""
    from wordfreq import top_n_list

    code = _wordfreq_code(lang)
    if code is None:
        return []
    return [
        word
        for word in top_n_list(code, count)
        if _WORD.fullmatch(word) and (len(word) > 1 or word == "a") and word == word.lower()
    ]


def frequent_foreign_words(lang: str, count: int) -> set[str]:
    """The frequent words of ``lang`` that it writes more often than English does."""
    from wordfreq import zipf_frequency

    code = _wordfreq_code(lang)
    return {word for word in frequent_words(lang, count) if zipf_frequency(word, code) > zipf_frequency(word, "en")}


def frequent_english_words(count: int, languages: list[str]) -> set[str]:
    """The frequent English words that no listed language writes FOREIGN_MARGIN more often than English."""
    from wordfreq import zipf_frequency

    codes = [code for code in map(_wordfreq_code, languages) if code is not None and code != "en"]
    kept = set()
    for word in frequent_words("en", count):
        english = zipf_frequency(word, "en")
        if all(zipf_frequency(word, code) < english + FOREIGN_MARGIN for code in codes):
            kept.add(word)
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=FOREIGN_TOP_WORDS, help="wordfreq words per foreign language")
    parser.add_argument("--english-top", type=int, default=ENGLISH_TOP_WORDS, help="wordfreq words for English")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    english_lines = (DEFAULT_DATA / "en.txt").read_text(encoding="utf-8").splitlines()
    languages = sorted(langid.WORD_LIST_LANGUAGES)
    for lang in languages:
        lines = (DEFAULT_DATA / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        if lang == "en":
            words = english_words(lines)
            frequent = frequent_english_words(args.english_top, languages) - langid.FOREIGN_EVIDENCE_WORDS
        else:
            words = sorted(foreign_words(lines, english_lines) if lang == "de" else lowercase_words(lines))
            frequent = frequent_foreign_words(lang, args.top)
        (OUT / f"{lang}.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
        more = sorted(frequent - set(words))
        if more:
            (OUT / f"{lang}.frequent.txt").write_text("\n".join(more) + "\n", encoding="utf-8")
        print(f"{lang}: {len(words)} words, {len(more)} more frequent ones", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
