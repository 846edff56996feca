"""Character facts every stage shares: line breaks, joiners, sentence ends, quotes, URL/handle patterns, scripts.

This is the ground floor: it imports nothing from ``multiling``, so the segmenter, the chunker, the translator's
sentence splitter, the document model and the renderers can all read the same facts from it. A fact that
changes here changes everywhere at once (a Devanagari danda ends a sentence for the segmenter *and* the
translator).
"""

from __future__ import annotations

import unicodedata

# ---------------------------------------------------------------------------------------------------------
# Breaks and joiners

#: What ``str.splitlines()`` splits on: a span never crosses one of these.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

#: Characters that belong to the character before them although they are not combining marks:
#: ZWNJ, ZWJ, tatweel (kashida), the combining grapheme joiner.
JOINERS = frozenset("\u200c\u200d\u0640\u034f")


def binds_to_previous(char: str) -> bool:
    """True for characters that must stay with the one before them: combining marks, joiners, tatweel,
    variation selectors, emoji skin-tone modifiers and emoji tag characters (subdivision flags)."""
    if char in JOINERS:
        return True
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x1F3FB <= code <= 0x1F3FF:
        return True  # variation selectors, emoji skin-tone modifiers
    if 0xE0020 <= code <= 0xE007F:
        return True  # emoji tag characters
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


#: The end of a paragraph: a line break, a line holding only spaces or tabs, and its line break (a regex source).
PARAGRAPH_END = r"(?:\r\n|\r|\n)[ \t\f\v\u00a0\u2000-\u200a\u3000]*(?:\r\n|\r|\n)"

# ---------------------------------------------------------------------------------------------------------
# Sentence ends and quotation marks

#: Sentence-final punctuation that ends a sentence when a space (or the end of the text) follows it:
#: . ! ? … ‼ ⁇ ⁈ ⁉, Arabic ؟, Urdu ۔, Devanagari danda ।॥, Armenian ։, Ethiopic ።, Khmer khan ។,
#: Myanmar section ။, Syriac end of paragraph and full stops ܀ ܁ ܂, fullwidth ． (the CJK stops are in
#: CJK_SENTENCE_FINAL).
SPACED_SENTENCE_FINAL = (
    ".!?\u2026\u203c\u2047\u2048\u2049\u061f\u06d4\u0964\u0965\u0589\u1362\u17d4\u104b\u0700\u0701\u0702"
    "\uff0e"
)
#: CJK sentence ends, which need no space after them: 。！？
CJK_SENTENCE_FINAL = "\u3002\uff01\uff1f"
#: Every sentence-final character.
SENTENCE_FINAL = SPACED_SENTENCE_FINAL + CJK_SENTENCE_FINAL

#: Quotation marks of every kind (straight, curly, low-9, guillemets, corner brackets).
QUOTES = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f\u2018\u2019\u201a\u201b"
#: Marks that may close a quotation or a bracket after a sentence end (``."``, ``.»``, ``。」``).
CLOSING_MARKS = "\"'\u201d\u2019\u00bb\u203a)\\]\u300d\u300f\uff09"

# ---------------------------------------------------------------------------------------------------------
# Tokens that are not language (regular-expression sources, to be combined by each user)

#: A URL with a scheme or ``www.``; trailing sentence punctuation is not part of it.
URL = r"(?:https?://|www\.)[^\s<>\"'«»]+[^\s<>\"'«».,;:!?)\]}،؟…]"
#: A bare domain with a path (``pic.twitter.com/x``, ``example.org/page``).
BARE_DOMAIN_PATH = r"(?:[A-Za-z0-9-]+\.)+(?:com|org|net|gov|edu|io|co|ly|me|tv|info|int|[a-z]{2})/\S*"
#: An e-mail address.
EMAIL = r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
#: An @handle (ASCII or fullwidth at sign), not inside a word or an e-mail address.
HANDLE = r"(?<![\w@＠])[@＠][A-Za-z0-9_]{1,30}"
#: A #hashtag (ASCII or fullwidth number sign), not inside a word or an HTML entity.
HASHTAG = r"(?<![#＃&A-Za-z0-9_])[#＃]\w+"

# ---------------------------------------------------------------------------------------------------------
# Bidi and scripts

#: Bidi formatting characters: LRM/RLM, the embeddings/overrides (LRE RLE PDF LRO RLO) and the isolates (LRI RLI FSI PDI).
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Scripts written right to left (ISO 15924).
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Samr", "Mand", "Rohg"})

#: First word(s) of a Unicode character name -> ISO 15924 script of the letters that carry it.
SCRIPT_BY_NAME_PREFIX = {
    "LATIN": "Latn", "FULLWIDTH LATIN": "Latn", "ARABIC": "Arab", "CYRILLIC": "Cyrl", "GREEK": "Grek",
    "COPTIC": "Grek", "HEBREW": "Hebr", "CJK": "Hani", "IDEOGRAPHIC": "Hani", "BOPOMOFO": "Hani",
    "KANGXI": "Hani", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "HALFWIDTH KATAKANA": "Jpan", "HANGUL": "Hang",
    "HALFWIDTH HANGUL": "Hang", "DEVANAGARI": "Deva", "BENGALI": "Beng", "GURMUKHI": "Guru", "GUJARATI": "Gujr",
    "ORIYA": "Orya", "TAMIL": "Taml", "TELUGU": "Telu", "KANNADA": "Knda", "MALAYALAM": "Mlym",
    "SINHALA": "Sinh", "THAI": "Thai", "LAO": "Laoo", "TIBETAN": "Tibt", "MYANMAR": "Mymr", "GEORGIAN": "Geor",
    "ETHIOPIC": "Ethi", "ARMENIAN": "Armn", "KHMER": "Khmr", "SYRIAC": "Syrc", "THAANA": "Thaa",
}

#: Scripts that mostly write one language (ISO 15924 -> ISO 639). Shared scripts map to their most common
#: language on the web (the segmenter decides between their languages by letters and n-grams).
SCRIPT_LANGUAGE = {
    "Hebr": "he", "Grek": "el", "Hang": "ko", "Jpan": "ja", "Hani": "zh", "Thai": "th", "Beng": "bn",
    "Guru": "pa", "Gujr": "gu", "Orya": "or", "Taml": "ta", "Telu": "te", "Knda": "kn", "Mlym": "ml",
    "Sinh": "si", "Laoo": "lo", "Tibt": "bo", "Mymr": "my", "Geor": "ka", "Ethi": "am", "Armn": "hy",
    "Khmr": "km", "Syrc": "syr", "Thaa": "dv",
    "Arab": "ar", "Cyrl": "ru", "Deva": "hi", "Latn": "en", "Zyyy": "und",
}

#: Scripts whose characters each carry about as much as a short word (a CJK character ~ 3 Latin letters).
WIDE_SCRIPTS = frozenset({"Hani", "Jpan", "Hang"})


def name_prefix(char: str) -> str:
    """The first word of ``char``'s Unicode name (two words for FULLWIDTH LATIN, HALFWIDTH KATAKANA...)."""
    name = unicodedata.name(char, "")
    if not name:
        return ""
    for two_words in ("FULLWIDTH LATIN", "HALFWIDTH KATAKANA", "HALFWIDTH HANGUL", "FULLWIDTH DIGIT"):
        if name.startswith(two_words):
            return two_words
    return name.split(" ", 1)[0].split("-", 1)[0]
