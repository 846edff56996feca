"""Hypothesis strategies for mixed-script text: words in six scripts, punctuation, emoji, controls, line ends.

Shared by the property tests (tests/test_properties*.py) and the fuzz harness (bench/fuzz.py).
"""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = {
    "Latn": ["the", "minister", "said", "bonjour", "tous", "mañana", "straße", "Zürich", "naïve", "Œuvre"],
    "Arab": ["مرحبا", "بالعالم", "قال", "الوزير", "نحن", "مستعدون", "عـــربي", "كِتَابٌ", "لا"],
    "Cyrl": ["Привет", "мир", "Слава", "Україні", "сказал", "їжак", "Ёлка"],
    "Hebr": ["שלום", "עולם", "אמר", "השר", "בְּרֵאשִׁית"],
    "Hani": ["欢迎", "光临", "世界", "你好", "北京"],
    "Deva": ["नमस्ते", "दुनिया", "भारत", "क्षत्रिय", "हिन्दी"],
}
PUNCTUATION = [".", ",", ";", ":", "!", "?", "«", "»", "“", "”", '"', "'", "(", ")", "—", "–", "-", "…", "،", "؟", "。", "、", "#", "@", "/", "&"]
EMOJI = [
    "😀", "👍🏽", "👩🏽\u200d💻", "👨\u200d👩\u200d👧\u200d👦", "🇫🇷", "🇸🇦", "❤\ufe0f", "☺\ufe0e", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "1\ufe0f\u20e3",
]
BIDI_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
JOINERS = ["\u200d", "\u200c"]
TATWEEL = "\u0640"
COMBINING = ["\u0301", "\u0308", "\u064e", "\u0651", "\u05b0", "\u093c"]
VARIATION_SELECTORS = ["\ufe0e", "\ufe0f", "\U000e0100"]
LINE_ENDS = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0", "\u3000"]
OTHER = ["2026", "3.5", "%", "$", "€", "https://example.org/a?b=c", "@someone", "#tag", "\u2028", "\x0b", "\ufffd"]

#: Characters that belong to the character before them: never the first character of a span.
BINDING = set(JOINERS) | {TATWEEL} | set(COMBINING) | set(VARIATION_SELECTORS)

_word = st.sampled_from(sorted(script for script in WORDS)).flatmap(lambda script: st.sampled_from(WORDS[script]))
_decorated_word = st.tuples(_word, st.lists(st.sampled_from(COMBINING + VARIATION_SELECTORS + [TATWEEL]), max_size=2)).map(
    lambda pair: pair[0] + "".join(pair[1])
)
_joined_word = st.tuples(_word, st.sampled_from(JOINERS + [TATWEEL]), _word).map("".join)

piece = st.one_of(
    _word,
    _word,
    _word,
    _decorated_word,
    _joined_word,
    st.sampled_from(PUNCTUATION),
    st.sampled_from(EMOJI),
    st.sampled_from(BIDI_CONTROLS),
    st.sampled_from(JOINERS + [TATWEEL] + COMBINING + VARIATION_SELECTORS),
    st.sampled_from(LINE_ENDS),
    st.sampled_from(SPACES),
    st.sampled_from(SPACES),
    st.sampled_from(OTHER),
)

#: A document: 0–60 pieces, mostly words and spaces.
mixed_text = st.lists(piece, max_size=60).map("".join)

#: Anything at all, for the fuzz harness: mixed text spliced with arbitrary code points (surrogates excluded).
wild_text = st.one_of(
    mixed_text,
    st.text(max_size=80),
    st.lists(st.one_of(piece, st.text(max_size=4)), max_size=40).map("".join),
)
