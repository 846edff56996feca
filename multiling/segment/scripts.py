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

The table is built once, on first use, from :mod:`unicodedata`; a text outside ASCII is looked up in it with numpy.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

import numpy as np

from multiling.chars import JOINERS, LINE_BREAKS, QUOTES, SCRIPT_BY_NAME_PREFIX, SENTENCE_FINAL, name_prefix

#: ISO 15924 script -> its one-character class code in the skeleton. The capitals ran out, so Khmer, Syriac
#: and Thaana take lowercase codes no other class uses; ``Q`` stands for letters of no listed script.
_CLASS_OF_SCRIPT = {
    "Latn": "L", "Arab": "A", "Cyrl": "C", "Grek": "G", "Hebr": "H", "Hani": "Z", "Jpan": "J", "Hang": "K",
    "Deva": "D", "Beng": "B", "Guru": "U", "Gujr": "V", "Orya": "O", "Taml": "T", "Telu": "E", "Knda": "N",
    "Mlym": "M", "Sinh": "S", "Thai": "I", "Laoo": "W", "Tibt": "X", "Mymr": "Y", "Geor": "R", "Ethi": "F",
    "Armn": "P", "Khmr": "k", "Syrc": "y", "Thaa": "h", "Zyyy": "Q",
}
_NAME_TO_CODE = {prefix: _CLASS_OF_SCRIPT[script] for prefix, script in SCRIPT_BY_NAME_PREFIX.items()}

#: class code -> ISO 15924 script code
SCRIPT_CODES = {code: script for script, code in _CLASS_OF_SCRIPT.items()}

LETTER_CODES = frozenset(SCRIPT_CODES)
NON_LATIN_CODES = LETTER_CODES - {"L"}

# Characters that attach to the letter before them even though they are not combining marks.
_ATTACHED = {ord(ch) for ch in JOINERS} | set(range(0xFE00, 0xFE10)) | set(range(0x1F3FB, 0x1F400))
_TABLE_LIMIT = 0x30000


def _code_for(cp: int) -> str:
    ch = chr(cp)
    if ch in LINE_BREAKS:
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
        prefix = name_prefix(ch)
        if category == "Lm" and prefix not in _NAME_TO_CODE:
            return "m"  # modifier letters (ʼ ˆ ...) behave like marks
        return _NAME_TO_CODE.get(prefix, "Q")
    if category == "Nd":
        # Script digits (Arabic-Indic, Devanagari...) belong to the text around them; ASCII digits to none.
        if "ARABIC-INDIC" in unicodedata.name(ch, ""):
            return "A"
        prefix = name_prefix(ch)
        return _NAME_TO_CODE.get(prefix, "d") if prefix != "FULLWIDTH LATIN" else "d"
    if major == "N":
        return "d"
    if ch in SENTENCE_FINAL:
        return "t"
    if ch in QUOTES:
        return "q"
    if major in ("P", "S"):
        return "p"
    return "x"  # Cc, Cf, Co, Cs, Cn


@lru_cache(maxsize=1)
def _code_bytes() -> np.ndarray:
    """The class code of every code point as one ASCII byte (1.1 MB): _code_for's below _TABLE_LIMIT; beyond it
    "p", a plain symbol, but for emoji tag sequences (subdivision flags) and the supplementary variation
    selectors, which attach like marks."""
    table = np.full(sys.maxunicode + 1, ord("p"), dtype=np.uint8)
    table[:_TABLE_LIMIT] = np.frombuffer("".join(map(_code_for, range(_TABLE_LIMIT))).encode("ascii"), dtype=np.uint8)
    table[0xE0000:0xE0080] = ord("m")
    table[0xE0100:0xE01F0] = ord("m")
    return table


# Characters looked up at a time: the lookup's arrays (4 + 1 + 1 bytes a character) stay small for any text.
_CHUNK_CHARACTERS = 1 << 16


def _looked_up(table: np.ndarray, text: str) -> str:
    # UTF-32 with "surrogatepass" gives every code point as itself, lone surrogates included.
    return table.take(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)).tobytes().decode("ascii")


def skeleton(text: str) -> str:
    """The class-code skeleton of ``text`` (same length; see the module docstring)."""
    if text.isascii():
        return text.translate(_ascii_table())
    # Every code point's byte looked up at once in C: str.translate with a dict pays a dict lookup per character.
    table = _code_bytes()
    if len(text) <= _CHUNK_CHARACTERS:
        out = _looked_up(table, text)
    else:
        out = "".join(_looked_up(table, text[at : at + _CHUNK_CHARACTERS]) for at in range(0, len(text), _CHUNK_CHARACTERS))
    if "\u0640" in text:
        out = _lone_tatweels_as_letters(text, out)
    return out


# The scripts whose letters a tatweel stretches (Arabic, Syriac).
_STRETCHED_BY_TATWEEL = frozenset("Ay")


def _lone_tatweels_as_letters(text: str, codes: str) -> str:
    """A tatweel stretches the Arabic (or Syriac) letter before it, so after one it is a mark. With no letter
    before it (the start of a word, a space) it is an Arabic letter of its own, so that some span covers it; after
    a letter of another script it goes with the Arabic word it leads into (Приветــمرحبا), else it stays a mark of
    that letter (a word is never cut at it).

    Only the tatweels are visited and the skeleton is rebuilt from slices: memory stays one more skeleton, not a
    list of one string per character."""
    letters: list[int] = []  # tatweels that become letters, in order
    for match in re.finditer("\u0640", text):
        index = match.start()
        if index == 0:
            letters.append(index)
            continue
        base = index - 1
        while base > 0 and codes[base] == "m" and text[base] != "\u0640":
            base -= 1  # marks on the letter before: the letter they sit on decides
        before = "A" if letters and letters[-1] == base else codes[base]
        if before in LETTER_CODES and before not in _STRETCHED_BY_TATWEEL:
            # After a letter of another script: it goes with the Arabic word it leads into, else with that letter.
            after = index + 1
            while after < len(text) and text[after] == "\u0640":
                after += 1
            if after < len(text) and codes[after] in _STRETCHED_BY_TATWEEL:
                letters.append(index)
        elif before not in LETTER_CODES and before != "m":
            letters.append(index)  # after a space, a symbol or nothing: it stretches nothing
    if not letters:
        return codes
    pieces = []
    cursor = 0
    for index in letters:
        pieces.append(codes[cursor:index])
        pieces.append("A")
        cursor = index + 1
    pieces.append(codes[cursor:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _ascii_table() -> dict[int, str]:
    return {cp: _code_for(cp) for cp in range(128)}


def script_of(codes: str) -> str:
    """The ISO 15924 script of the most frequent letter class in a skeleton slice (``Zyyy`` if none)."""
    best, best_count = "Q", 0
    for code in sorted(set(codes) & LETTER_CODES):  # sorted: a tie must not depend on the hash seed
        count = codes.count(code)
        if count > best_count:
            best, best_count = code, count
    return SCRIPT_CODES[best]

