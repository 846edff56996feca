"""A per-character script skeleton of a text.

``skeleton(text)`` returns a string of the same length as ``text`` where every character is replaced
by one ASCII class code. Because the skeleton is aligned one-to-one with the text, every offset found
in it is a code-point offset into the original — no mapping back is needed.

Class codes:
    uppercase letters  a letter of one script (``L`` Latin, ``A`` Arabic, ``C`` Cyrillic... see SCRIPT_CODES;
                       also ``k`` Khmer, ``y`` Syriac, ``h`` Thaana, once the capitals ran out);
                       digits that belong to a script (Arabic-Indic, Devanagari...) count as that script
    ``d``  a digit of no particular script (ASCII, fullwidth)
    ``m``  a character that belongs to the letter before it: combining marks, ZWJ/ZWNJ, variation
           selectors, tatweel, emoji modifiers — never a span edge on its own
    ``s``  whitespace other than line breaks
    ``n``  a line break (``\\n``, ``\\r``, U+2028/2029, VT, FF, FS/GS/RS, NEL: what str.splitlines() splits on)
    ``t``  sentence-final punctuation (``. ! ? ؟ ۔ 。 । …``)
    ``q``  quotation marks
    ``p``  other punctuation and symbols (emoji included)
    ``x``  controls and format characters (bidi controls, BOM, soft hyphen)
Characters beyond the table (rare supplementary planes) pass through unchanged and count as ``p``.

The table is built once, on first use, from :mod:`unicodedata` (no extra dependency).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Name prefix (first word of the Unicode character name) -> class code.
_NAME_TO_CODE = {
    "LATIN": "L", "FULLWIDTH LATIN": "L", "ARABIC": "A", "CYRILLIC": "C", "GREEK": "G", "COPTIC": "G",
    "HEBREW": "H", "CJK": "Z", "IDEOGRAPHIC": "Z", "BOPOMOFO": "Z", "KANGXI": "Z",
    "HIRAGANA": "J", "KATAKANA": "J", "HALFWIDTH KATAKANA": "J", "HANGUL": "K", "HALFWIDTH HANGUL": "K",
    "DEVANAGARI": "D", "BENGALI": "B", "GURMUKHI": "U", "GUJARATI": "V", "ORIYA": "O", "TAMIL": "T",
    "TELUGU": "E", "KANNADA": "N", "MALAYALAM": "M", "SINHALA": "S", "THAI": "I", "LAO": "W",
    "TIBETAN": "X", "MYANMAR": "Y", "GEORGIAN": "R", "ETHIOPIC": "F", "ARMENIAN": "P",
    # The capitals are spent; these lowercase codes are ones no other class uses.
    "KHMER": "k", "SYRIAC": "y", "THAANA": "h",
}

#: class code -> ISO 15924 script code
SCRIPT_CODES = {
    "L": "Latn", "A": "Arab", "C": "Cyrl", "G": "Grek", "H": "Hebr", "Z": "Hani", "J": "Jpan", "K": "Hang",
    "D": "Deva", "B": "Beng", "U": "Guru", "V": "Gujr", "O": "Orya", "T": "Taml", "E": "Telu", "N": "Knda",
    "M": "Mlym", "S": "Sinh", "I": "Thai", "W": "Laoo", "X": "Tibt", "Y": "Mymr", "R": "Geor", "F": "Ethi",
    "P": "Armn", "k": "Khmr", "y": "Syrc", "h": "Thaa", "Q": "Zyyy",
}

LETTER_CODES = frozenset(SCRIPT_CODES)
NON_LATIN_CODES = LETTER_CODES - {"L"}

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() splits on
_SENTENCE_FINAL = (".!?\u061f\u06d4\u3002\u0964\u0965\u2026\u203c\u2047\u2048\u2049\uff01\uff1f\uff0e\u0589\u1362"
                   "\u17d4\u0700\u0701\u0702")  # Khmer khan, Syriac end of paragraph and full stops
_QUOTES = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f\u2018\u2019\u201a\u201b"
# Characters that attach to the letter before them even though they are not combining marks.
_ATTACHED = {0x200C, 0x200D, 0x0640, 0x034F} | set(range(0xFE00, 0xFE10)) | set(range(0x1F3FB, 0x1F400))
_TABLE_LIMIT = 0x30000


def _code_for(cp: int) -> str:
    ch = chr(cp)
    if ch in _LINE_BREAKS:
        return "n"
    if cp in _ATTACHED or 0xE0100 <= cp <= 0xE01EF:
        return "m"
    category = unicodedata.category(ch)
    major = category[0]
    if ch.isspace() or category == "Zs":
        return "s"
    if major == "M":
        return "m"
    if major == "L":
        prefix = _name_prefix(ch)
        if category == "Lm" and prefix not in _NAME_TO_CODE:
            return "m"  # modifier letters (ʼ ˆ ...) behave like marks
        return _NAME_TO_CODE.get(prefix, "Q")
    if category == "Nd":
        # Script digits (Arabic-Indic, Devanagari...) belong to the text around them; ASCII digits to none.
        if "ARABIC-INDIC" in unicodedata.name(ch, ""):
            return "A"
        prefix = _name_prefix(ch)
        return _NAME_TO_CODE.get(prefix, "d") if prefix != "FULLWIDTH LATIN" else "d"
    if major == "N":
        return "d"
    if ch in _SENTENCE_FINAL:
        return "t"
    if ch in _QUOTES:
        return "q"
    if major in ("P", "S"):
        return "p"
    return "x"  # Cc, Cf, Co, Cs, Cn


def _name_prefix(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name:
        return ""
    for two_words in ("FULLWIDTH LATIN", "HALFWIDTH KATAKANA", "HALFWIDTH HANGUL", "FULLWIDTH DIGIT"):
        if name.startswith(two_words):
            return two_words
    return name.split(" ", 1)[0].split("-", 1)[0]


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table = {cp: _code_for(cp) for cp in range(_TABLE_LIMIT)}
    for cp in range(0xE0000, 0xE0080):  # emoji tag sequences (subdivision flags) attach like marks
        table[cp] = "m"
    for cp in range(0xE0100, 0xE01F0):
        table[cp] = "m"
    return table


def skeleton(text: str) -> str:
    """The class-code skeleton of ``text`` (same length; see the module docstring)."""
    if text.isascii():
        return text.translate(_ascii_table())
    out = text.translate(_table())
    if not out.isascii():
        # Characters past the table keep themselves; make them plain symbols so the skeleton stays ASCII.
        out = "".join(c if c < "\x80" else "p" for c in out)
    return out


@lru_cache(maxsize=1)
def _ascii_table() -> dict[int, str]:
    return {cp: _code_for(cp) for cp in range(128)}


def script_of(codes: str) -> str:
    """The ISO 15924 script of the most frequent letter class in a skeleton slice (``Zyyy`` if none)."""
    best, best_count = "Q", 0
    for code in set(codes) & LETTER_CODES:
        count = codes.count(code)
        if count > best_count:
            best, best_count = code, count
    return SCRIPT_CODES[best]

