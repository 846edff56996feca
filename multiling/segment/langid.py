"""Language identification for one unit of text (a sentence, a quote, a run of one script).

Three layers, cheapest first:

1. Script. Most scripts belong to one language (Hebrew, Greek, Thai, Hangul, Armenian...).
2. Letters only some languages use. Inside a shared script, orthography is decisive far more often than
   statistics: Persian writes ی and ک where Arabic writes ي and ك, Urdu has ے ں ٹ, Ukrainian є ї ґ,
   Belarusian ў, Serbian ђ ћ, Macedonian ѓ ќ ѕ, Azerbaijani ə, Maltese ħ, Icelandic ð þ.
3. Character n-gram statistics: a naive Bayes over langdetect's published profiles (the same 1-3-gram
   frequencies langdetect samples from), scored *deterministically* over every n-gram of the unit and
   restricted to the languages of the unit's script. langdetect's own ``detect`` samples n-grams at
   random, which is why it is not deterministic unless seeded; we keep its data, not its sampling.

For Latin script the question is usually "English or not?": a lexicon of English function words answers it
for most English sentences without touching the n-gram model (this is what makes pure English fast).
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from multiling.chars import SCRIPT_LANGUAGE

# langdetect's profile names -> our ISO 639-1 codes
_PROFILE_TO_ISO = {"zh-cn": "zh", "zh-tw": "zh", "no": "nb"}

_LATIN_PROFILES = (
    "af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id", "it", "lt", "lv",
    "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw", "tl", "tr", "vi",
)
_PROFILES_BY_SCRIPT = {
    "Latn": _LATIN_PROFILES,
    "Arab": ("ar", "fa", "ur"),
    "Cyrl": ("bg", "mk", "ru", "uk"),
    "Deva": ("hi", "mr", "ne"),
}
#: Every language the n-gram profiles can name (ISO 639-1): with SCRIPT_LANGUAGE and the letter rules below, what
#: the segmenter can emit (`multiling models list --languages` shows a model for each).
NGRAM_LANGUAGES = frozenset(_PROFILE_TO_ISO.get(p, p) for profiles in _PROFILES_BY_SCRIPT.values() for p in profiles)
#: scripts shared by several languages: a run of one of them is identified sentence by sentence
SHARED_SCRIPTS = frozenset({"Arab", "Cyrl", "Deva", "Latn", "Beng", "Hebr"})

# langdetect adds this to every probability (alpha 0.5 / BASE_FREQ 10000), so unseen n-grams cost a finite amount.
_SMOOTHING = 0.5 / 10000

# English function and very common words that are rare as words in other Latin-script languages.
# Deliberately absent: a, i, in, no, me, he, an, so, die, also, will, over, under, per, hat, war (common words
# of Spanish, German, Dutch, Danish, Italian, Polish...).
ENGLISH_WORDS = frozenset(
    """
    the and of to that with for was were is are this which have has had been by from on at it its as be not
    but or they their them theirs he's she his her hers who whom whose said says would could should can
    more than after into about there when where what one all we our ours you your yours my him us these those
    then some other such only out if do does did being because while many any each how why new first two
    three time people year years like just very well might must through during before between both same own
    off against without within again still even here now made make get got since until another every
    according including however although though around among back down government country state officials
    police told reported week month today yesterday last next later early being was been also's it's that's
    don't didn't can't won't isn't wasn't aren't weren't shouldn't wouldn't couldn't doesn't haven't hasn't
    i'm i've we're they're you're whether
    just about being back most important here try win already always anything became become becomes
    behind below best better big called came children city come comes days did didn't different does
    done each early end enough ever every everyone family far feel few find found four gave give given
    go goes going good great group half having high home house idea important it's keep knew
    know known large last least left less let life little long look looking lot made major men
    money much need never next night nothing number often old once open order others part past place
    point power public put quite rather read really reason right room run saw say see seen seems set
    several show shown small something sometimes soon take taken tell thing things think thought three
    together told took toward towards town turn turned until upon use used using want way ways
    week went what whether white whole why wife without woman women word words work world year young
    should shall across along anyone
    wrote writes declared stated added asked tweeted posted chanted shouted titled entitled announced insisted
    replied explained noted claimed warned urged
    """.split()
)

WORD_CHARS_EXTRA = "'’"

# The same words as whitespace-separated tokens may appear: with punctuation stuck to them. Counting tokens
# of ``str.split()`` against this set is several times faster than a word regex and gives the same counts.
_LEADING = ("", "(", '"', "“", "‘", "'", "[")
_TRAILING = ("", ",", ".", ";", ":", "?", "!", ")", '"', "”", "’", "'", ".”", ',"', '."', ",”", "]")
ENGLISH_TOKENS = frozenset(lead + word + trail for word in ENGLISH_WORDS for lead in _LEADING for trail in _TRAILING)


@dataclass(frozen=True, slots=True)
class Guess:
    """A language guess for one unit: ISO code and a confidence in 0..1."""

    lang: str
    confidence: float


def profiles_dir() -> str:
    import langdetect  # only for the location of its bundled profiles

    return os.path.join(os.path.dirname(langdetect.__file__), "profiles")


# Words whose n-gram scores are kept (about 0.5 KB each): the working vocabulary of a large batch.
_WORD_CACHE_SIZE = 50_000


class NgramModel:
    """Deterministic naive Bayes over langdetect's 1-3-gram profiles for a fixed set of languages."""

    def __init__(self, profile_names: tuple[str, ...]) -> None:
        self.langs = tuple(_PROFILE_TO_ISO.get(name, name) for name in profile_names)
        grams: dict[str, int] = {}
        columns: list[dict[int, float]] = []
        base = profiles_dir()
        for name in profile_names:
            with open(os.path.join(base, name), encoding="utf-8") as handle:
                profile = json.load(handle)
            totals = profile["n_words"]
            column: dict[int, float] = {}
            for gram, count in profile["freq"].items():
                if not 1 <= len(gram) <= 3 or gram.isupper():
                    continue
                index = grams.setdefault(gram, len(grams))
                column[index] = count / totals[len(gram) - 1]
            columns.append(column)
        matrix = np.full((len(grams), len(profile_names)), _SMOOTHING, dtype=np.float64)
        for lang_index, column in enumerate(columns):
            if column:
                indices = np.fromiter(column.keys(), dtype=np.int64, count=len(column))
                values = np.fromiter(column.values(), dtype=np.float64, count=len(column))
                matrix[indices, lang_index] += values
        self.log_probs = np.log(matrix).astype(np.float32)
        self.index = grams
        self._word_scores: dict[str, tuple[np.ndarray | None, int]] = {}

    def scores(self, words: list[str]) -> tuple[np.ndarray, int]:
        """Summed log-probabilities per language over every known 1-3-gram of ``words``, and the n-gram count.

        No profile n-gram holds a space inside it (langdetect resets at every space), so the score of a text is
        the sum of its words' scores: each word is scored once, padded with spaces, and kept in a bounded cache,
        and a text of any length needs memory for one row of scores, never one row per n-gram.
        """
        totals = np.zeros(len(self.langs), dtype=np.float64)
        count = 0
        cache = self._word_scores
        for word in words:
            known = cache.get(word)
            if known is None:
                known = self._score_word(word)
                if len(cache) >= _WORD_CACHE_SIZE:
                    cache.clear()  # a bounded cache; what is in it never changes a result, only how fast it comes
                cache[word] = known
            row, grams = known
            if row is not None:  # None exactly when the word has no known n-gram
                totals += row
                count += grams
        return totals, count

    def _score_word(self, word: str) -> tuple[np.ndarray | None, int]:
        padded = " " + word + " "
        get = self.index.get
        length = len(padded)
        rows = [
            row
            for size in (1, 2, 3)
            for row in map(get, [padded[i : i + size] for i in range(length - size + 1)])
            if row is not None
        ]
        if not rows:
            return None, 0
        return self.log_probs[rows].sum(axis=0, dtype=np.float64), len(rows)

    def guess(self, words: list[str], allowed: frozenset[str] | None = None) -> tuple[Guess, dict[str, float]]:
        """The most likely language of ``words`` and per-gram log-likelihood margins against each language."""
        totals, count = self.scores(words)
        if count == 0:
            return Guess("und", 0.0), {}
        values = totals.tolist()
        everyone = range(len(values))
        candidates = everyone if allowed is None else [i for i in everyone if self.langs[i] in allowed] or everyone
        best = max(candidates, key=values.__getitem__)  # max() keeps the first of equals: ties never depend on order
        runner_up = max((i for i in candidates if i != best), key=values.__getitem__, default=best)
        top = values[best]
        margins = {lang: (top - value) / count for lang, value in zip(self.langs, values)}
        gap = margins[self.langs[runner_up]]
        # Per-gram margins of ~0.3 nats already mean a clear winner on a sentence; map onto 0.5..1.
        confidence = 0.5 + 0.5 * (1.0 - math.exp(-gap * count / 8.0))
        return Guess(self.langs[best], round(confidence, 4)), margins


@lru_cache(maxsize=None)
def ngram_model(script: str) -> NgramModel:
    """The n-gram model for the languages of one script (built once, on first use)."""
    return NgramModel(_PROFILES_BY_SCRIPT[script])


def _count(text: str, letters: str) -> int:
    return sum(text.count(ch) for ch in letters)


def identify_arabic_script(text: str) -> Guess:
    """Arabic, Persian, Urdu, Pashto or Sorani Kurdish, from orthography first and n-grams when it is silent."""
    letters = sum(1 for ch in text if ch.isalpha()) or 1
    urdu = _count(text, "ٹڈڑںےۓہۂ")
    pashto = _count(text, "ټډړږښګڼۍې")
    sorani = _count(text, "ێۆڵڕە")
    persian_yeh_kaf = _count(text, "یک")
    arabic_yeh_kaf = _count(text, "يكةى")
    persian_only = _count(text, "پچژگ")
    # In a short name one letter only that language writes decides it (علامہ → ur, سلێمانی → ckb).
    needed = 1 if letters < 30 else 2
    if pashto >= needed and pashto > urdu and pashto > sorani:
        return Guess("ps", 0.9)
    if sorani >= needed and sorani > urdu:
        return Guess("ckb", 0.9)
    if urdu >= needed:
        return Guess("ur", 0.95)
    words = text.split()
    if persian_only and arabic_yeh_kaf:
        # The letters disagree: Persian typed with Arabic yeh and kaf (an old keyboard, a page's font: "بناهاى
        # آباد گردد خراب"), or Arabic writing a foreign name with پ چ ژ گ ("العقيد چون ستارك"). The words decide.
        guess, _ = ngram_model("Arab").guess(words, allowed=frozenset({"ar", "fa"}))
        if guess.lang in ("ar", "fa"):
            return guess
    if persian_yeh_kaf + persian_only > arabic_yeh_kaf:
        return Guess("fa", _ratio_confidence(persian_yeh_kaf + persian_only, arabic_yeh_kaf))
    if arabic_yeh_kaf > 0:
        return Guess("ar", _ratio_confidence(arabic_yeh_kaf, persian_yeh_kaf + persian_only))
    if letters < 30 and len(words) < MIN_WORDS_FOR_SHORT_ARABIC_SCRIPT_NGRAMS:
        return Guess("ar", 0.6)  # too short to judge and no letter says otherwise: the most common language
    guess, margins = ngram_model("Arab").guess(words)
    if letters < 30 and min((m for lang, m in margins.items() if lang != guess.lang), default=0.0) < _SHORT_ARABIC_MARGIN:
        return Guess("ar", 0.6)  # a few words the n-grams do not tell apart clearly
    return guess if guess.lang != "und" else Guess("ar", 0.5)


# Short Arabic-script text without a letter that tells its language (no yeh or kaf, no پ چ ژ گ) is Arabic unless
# it has this many words and the n-gram model prefers another language by this margin per n-gram over every other:
# "به نام خداوند جان و خرد" (Persian: "In the name of the Lord of soul and wisdom") writes no telling letter.
MIN_WORDS_FOR_SHORT_ARABIC_SCRIPT_NGRAMS = 4
_SHORT_ARABIC_MARGIN = 0.3


# Letters that only some of the Arabic-script languages write (which ones each is evidence for).
_ARABIC_SCRIPT_EVIDENCE = (
    ("ٹڈڑںۓہۂ", frozenset({"ur"})),
    ("ے", frozenset({"ur", "ps"})),  # Pakistani Pashto writes the Urdu bari ye too (دے)
    ("ټډړږښګڼۍې", frozenset({"ps"})),
    ("ێۆڵڕە", frozenset({"ckb"})),
    ("پچژگ", frozenset({"fa", "ur", "ckb", "ps"})),  # no Arabic word has them
    ("ة", frozenset({"ar"})),
)
# Yeh and kaf: Persian-style ی ک or Arabic ي ك ى. Weaker evidence than the letters above: keyboards swap them (an
# Urdu name typed with Arabic ي on Wikipedia), so a language label before a span outweighs them.
_ARABIC_SCRIPT_YEH_KAF = (
    ("یک", frozenset({"fa", "ur", "ckb", "ps"})),
    ("ي", frozenset({"ar", "ps"})),  # Pashto writes both ی and ي (راځي)
    ("كى", frozenset({"ar"})),
)


ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ckb"})


def arabic_script_languages(text: str, *, yeh_kaf: bool = True) -> frozenset[str]:
    """The Arabic-script languages consistent with every distinctive letter ``text`` writes (all of them when it
    writes none; none when its letters contradict each other); ``yeh_kaf=False`` leaves the forms of yeh and kaf
    out of the evidence."""
    consistent = ARABIC_SCRIPT_LANGUAGES
    for letters, langs in _ARABIC_SCRIPT_EVIDENCE + (_ARABIC_SCRIPT_YEH_KAF if yeh_kaf else ()):
        if any(letter in text for letter in letters):
            consistent &= langs
    return consistent


CYRILLIC_SCRIPT_LANGUAGES = frozenset({"ru", "uk", "bg", "mk", "be", "sr", "kk", "tg"})
#: Those whose text often writes none of the letters that tell them apart (Belarusian, Kazakh and Tajik text
#: nearly always writes one of its own: ў, әғқңөұ, ӣӯҷ).
COMMON_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "bg", "mk", "sr"})

# Letters (one of them in context) that only some Cyrillic-script languages write, and those languages.
_CYRILLIC_SCRIPT_EVIDENCE = (
    (re.compile("[єїґ]"), frozenset({"uk"})),
    (re.compile("і"), frozenset({"uk", "be", "kk"})),
    (re.compile("ў"), frozenset({"be"})),
    # An apostrophe before я ю є ї where Russian writes ъ or ь (пом'янути, сім'я, п'ять).
    (re.compile("[бвмпфрк][\u2019'\u02bc][яюєї]"), frozenset({"uk", "be"})),
    (re.compile("ы"), frozenset({"ru", "be", "kk"})),
    (re.compile("[эё]"), frozenset({"ru", "be", "kk", "tg"})),
    (re.compile("ъ"), frozenset({"ru", "bg", "tg"})),
    # Russian writes ъ only before е ё ю я (объект, подъезд); Bulgarian writes it as a vowel (добър, къде).
    (re.compile("ъ[^еёюя\\W]"), frozenset({"bg", "tg"})),
    (re.compile("щ"), frozenset({"ru", "uk", "bg", "kk"})),
    (re.compile("[йьяю]"), frozenset({"ru", "uk", "bg", "be", "kk", "tg"})),  # never Serbian or Macedonian
    (re.compile("[ѓќѕ]"), frozenset({"mk"})),
    (re.compile("[јљњџ]"), frozenset({"mk", "sr"})),
    (re.compile("[ђћ]"), frozenset({"sr"})),
    (re.compile("[әғқңөұһ]"), frozenset({"kk"})),
    (re.compile("[ӣӯҷҳ]"), frozenset({"tg"})),
)


def cyrillic_script_languages(text: str) -> frozenset[str]:
    """The Cyrillic-script languages consistent with every distinctive letter ``text`` writes (all of them when it
    writes none; none when its letters contradict each other)."""
    lower = text.lower()
    consistent = CYRILLIC_SCRIPT_LANGUAGES
    for pattern, langs in _CYRILLIC_SCRIPT_EVIDENCE:
        if pattern.search(lower):
            consistent &= langs
    return consistent


def _ratio_confidence(winner: int, loser: int) -> float:
    return round(min(0.99, 0.6 + 0.4 * (winner - loser) / (winner + loser + 1)), 4)


def identify_cyrillic(text: str) -> Guess:
    """Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian or Kazakh."""
    lower = text.lower()
    if "ў" in lower:
        return Guess("be", 0.97)
    if _count(lower, "ӣӯҷ") >= 1:
        return Guess("tg", 0.95)  # Tajik
    if _count(lower, "әғқңөұһ") >= 1 and _count(lower, "әғқңұ") >= 1:
        return Guess("kk", 0.95)
    if _count(lower, "єїґ") >= 1:
        return Guess("uk", 0.97)
    if _count(lower, "ђћ") >= 1:
        return Guess("sr", 0.95)
    if _count(lower, "ѓќѕ") >= 1:
        return Guess("mk", 0.95)
    has_i = "і" in lower
    russian_letters = _count(lower, "ыэё")
    letters = sum(1 for ch in lower if ch.isalpha())
    if has_i and russian_letters:
        return Guess("be", 0.85)
    if has_i:
        return Guess("uk", 0.9)
    if _count(lower, "јљњџ") >= 1 or (letters >= 60 and _count(lower, "йщъьяюёэы") == 0):
        # Serbian and Macedonian write none of й щ ъ ь я ю ё э ы; Russian, Ukrainian and Bulgarian use them all the time.
        guess, _ = ngram_model("Cyrl").guess(lower.split(), allowed=frozenset({"mk", "bg"}))
        return Guess("mk", 0.7) if guess.lang == "mk" and _count(lower, "јљњџ") == 0 else Guess("sr", 0.85)
    if russian_letters:
        return Guess("ru", 0.95)
    told = cyrillic_script_languages(lower) & COMMON_CYRILLIC_LANGUAGES
    if len(told) == 1:  # letters only one of them writes: Bulgarian добър, Ukrainian пом'янути
        return Guess(min(told), 0.9)
    # Not Macedonian: its text writes ј ќ ѓ ѕ љ њ џ within a few words (those went above), or is long enough for the
    # branch above; short text without them (Украина, тарикат) is far more often Russian or Bulgarian.
    words = lower.split()
    by_words = _cyrillic_function_word_language(words)
    if by_words is not None:
        return by_words
    guess, margins = ngram_model("Cyrl").guess(words, allowed=frozenset({"bg", "ru", "uk"}))
    if letters < 30 and guess.lang != "ru" and margins.get("ru", 1.0) < 0.05 and "ъ" not in lower:
        return Guess("ru", 0.55)  # a near tie on short text goes to the far more common language
    return guess if guess.lang != "und" else Guess("ru", 0.5)


# Frequent words that one of Russian and Bulgarian writes and the other does not (Bulgarian ще "will", си, са, съм,
# това; Russian что, это, как, был): a short sentence that writes none of the letters telling them apart
# ("Помогни си сам да ти помогне и Господ") is told by them more surely than by its n-grams.
_RUSSIAN_ONLY_WORDS = frozenset("что это был была было были только уже ещё еще он она они мы вы если чтобы его её нет".split())
_BULGARIAN_ONLY_WORDS = frozenset("ще си са съм сме сте това този тази тези които който която какво нещо във със е".split())


def _cyrillic_function_word_language(words: list[str]) -> Guess | None:
    """Russian or Bulgarian when the text's words are only one language's of those two lists, else None."""
    stripped = [word.strip(".,;:!?«»\"“”„()—–-") for word in words]
    russian = sum(1 for word in stripped if word in _RUSSIAN_ONLY_WORDS)
    bulgarian = sum(1 for word in stripped if word in _BULGARIAN_ONLY_WORDS)
    if bulgarian >= 1 and not russian:
        return Guess("bg", 0.85)
    if russian >= 1 and not bulgarian:
        return Guess("ru", 0.85)
    return None


def identify_devanagari(text: str) -> Guess:
    """Hindi, Marathi or Nepali; a few words are Hindi, by far the most common, unless Marathi's ळ says otherwise."""
    if sum(1 for ch in text if ch.isalpha()) < 12:
        return Guess("mr", 0.6) if "ळ" in text else Guess("hi", 0.6)
    guess, _ = ngram_model("Deva").guess(text.split())
    return guess if guess.lang != "und" else Guess("hi", 0.5)


# Common characters of Simplified Chinese that Japanese writes otherwise (这 這, 时 時, 说 説, 电 電...),
# and Chinese particles Japanese does not use.
_CHINESE_ONLY = frozenset("这们说个东车长书买发时对过还没问间见现让请边么吗呢哪谁给门为从开关习经济报图乐华亚电话")


def has_chinese_only_characters(text: str) -> bool:
    """Whether Han text writes a character only (Simplified) Chinese uses."""
    return not _CHINESE_ONLY.isdisjoint(text)


# Japanese shinjitai: the post-war simplified forms only Japanese writes, where Simplified and Traditional Chinese
# both write another character (険: 险 險, 駅: 驿 驛, 気: 气 氣, 図: 图 圖). One of them in Han-only text says
# Japanese. None occurs in the 997 Simplified Chinese sentences of FLORES-200 dev; 60% of its Japanese ones hold one.
_JAPANESE_ONLY = frozenset(
    "険験検駅沢択訳売読続変楽薬気広拡図団転伝円価桜歩渋悪圧囲絵覚栄営歓観関帰経軽継県剣権顕黒済斎剤雑歯児実釈収従"
    "獣縦処焼乗浄譲寝粋酔瀬斉摂専戦銭荘捜巣総騒増蔵臓対帯滝単弾遅鋳庁徴聴鉄闘徳悩脳廃拝髪抜晩仏払辺舗満黙様頼覧猟"
    "緑隣涙暦歴労戻姫拠挙恵掲渓鶏撃倹圏厳砕桟賛粛奨剰畳醸穂髄繊挿勅逓稲縄弐塀揺謡塁毎"
)


def has_japanese_only_characters(text: str) -> bool:
    """Whether Han text writes a character only Japanese uses (a shinjitai form: 険, 駅, 気)."""
    return not _JAPANESE_ONLY.isdisjoint(text)


def identify_script_unit(text: str, script: str) -> Guess:
    """The language of a run of non-Latin text whose main script is ``script`` (ISO 15924)."""
    if script == "Arab":
        return identify_arabic_script(text)
    if script == "Cyrl":
        return identify_cyrillic(text)
    if script == "Deva":
        return identify_devanagari(text)
    if script == "Hani" and has_japanese_only_characters(text) and not has_chinese_only_characters(text):
        return Guess("ja", 0.9)
    if script == "Hebr" and _count(text, "װױײ") >= 1:
        return Guess("yi", 0.9)
    if script == "Beng" and _count(text, "ৰৱ") >= 1:
        return Guess("as", 0.9)
    return Guess(SCRIPT_LANGUAGE.get(script, "und"), 0.95 if script in SCRIPT_LANGUAGE else 0.3)


# Latin letters that single out one language the n-gram profiles do not cover.
_LATIN_LETTER_HINTS = (
    ("ə", "az"),
    ("ħ", "mt"),
    ("għ", "mt"),
    ("ġ", "mt"),
    ("ċ", "mt"),
    ("ð", "is"),
    ("þ", "is"),
)
_VIETNAMESE = "ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
_IGBO_DOTS = "ịọụṅ"


def latin_letter_hint(text: str) -> Guess | None:
    """A language forced by distinctive letters, or None."""
    if text.isascii():
        return None  # every hint is a letter outside ASCII
    lower = text.lower()
    for letter, lang in _LATIN_LETTER_HINTS:
        if letter in lower:
            return Guess(lang, 0.9)
    vietnamese = _count(lower, _VIETNAMESE)
    if vietnamese >= 3 and _count(lower, "ơưđ") >= 1:
        return Guess("vi", 0.95)
    if _count(lower, _IGBO_DOTS) >= 2 and _count(lower, "ơưđ") == 0:
        return Guess("ig", 0.85)
    return None


# Languages close enough that one sentence is not enough to tell them apart reliably.
_CONFUSABLE_GROUPS = (
    frozenset({"nb", "nn", "da", "sv"}),
    frozenset({"hr", "bs", "sr", "sl"}),
    frozenset({"bg", "mk", "sr"}),
    frozenset({"id", "ms"}),
    frozenset({"es", "gl", "pt", "ca"}),
    frozenset({"cs", "sk"}),
    frozenset({"nl", "af", "de"}),
    frozenset({"hi", "mr", "ne"}),
)


def confusable(first: str, second: str) -> bool:
    """Whether two languages are easily mistaken for each other on one sentence."""
    return any(first in group and second in group for group in _CONFUSABLE_GROUPS)


# Words that tell apart pairs of close languages the n-gram profiles cannot (langdetect has no Malay, Bosnian
# or Galician profile). Standard spelling and vocabulary differences, not statistics.
_MARKER_WORDS = {
    "ms": frozenset("kerana iaitu selepas sahaja mahu wang bandar boleh semasa baharu kerajaan beliau daripada manakala berkata".split()),
    "id": frozenset("karena yaitu setelah sesudah saja mau uang kota bisa bahwa sejak tetapi".split()),
    "bs": frozenset("sedmica sedmice hiljada hiljade historija historije univerzitet univerziteta naučnici naučnika tačno opština općina hljeb".split()),
    "hr": frozenset("tjedan tjedna tisuća tisuće povijest povijesti sveučilište sveučilišta znanstvenici znanstvenika točno kruh".split()),
    "gl": frozenset("non unha tamén moi cando polo pola xa dende coa cunha nunha cun sexa isto iso aínda nin máis".split()),
    "pt": frozenset("não uma também muito quando pelo pela já desde isso ainda nem mais".split()),
    "es": frozenset("una también muy cuando por para ya desde eso todavía ni más el los".split()),
}
_MARKER_RIVALS = (("id", "ms"), ("hr", "bs"), ("pt", "gl"), ("es", "gl"))


def refine_latin(guess: Guess, text: str) -> Guess:
    """Settle close pairs the profiles confuse: Czech/Slovak by letters, Indonesian/Malay, Croatian/Bosnian,
    Portuguese or Spanish/Galician by marker words."""
    if guess.lang in ("af", "nl") and _count(text, "üäß") >= 1 or guess.lang == "af" and "ö" in text:
        return Guess("de", guess.confidence)  # Afrikaans and Dutch write none of ü ä ß
    if guess.lang in ("cs", "sk"):
        czech, slovak = _count(text, "řůě"), _count(text, "ľĺŕô")
        if czech != slovak:
            return Guess("cs" if czech > slovak else "sk", guess.confidence)
        return guess
    for known, rival in _MARKER_RIVALS:
        if guess.lang != known:
            continue
        words = text.lower().split()
        rival_hits = sum(1 for word in words if word in _MARKER_WORDS[rival])
        known_hits = sum(1 for word in words if word in _MARKER_WORDS[known])
        if known == "pt" and ("ção" in text or "ções" in text or "ã" in text):
            known_hits += 2
        if rival_hits > known_hits:
            return Guess(rival, round(guess.confidence * 0.9, 4))
    return guess


#: Latin-script profiles that attract romanised text of other languages (pinyin, transliterated Arabic, Urdu,
#: Russian or Japanese score best as Swahili, Somali, Tagalog, Indonesian...), and that English news rarely quotes
#: in the original: a verdict for one of them on short plain-ASCII text is not evidence of that language.
ATTRACTORS = frozenset({"sw", "so", "tl", "id", "vi", "cy", "sq", "sl", "sk", "lt", "lv", "et", "fi", "hu", "af"})

# The most frequent short words of the languages English articles quote most in Latin script. A short or Title
# Case quotation is taken for that language only when it holds one of them (or a letter English never writes):
# "Je Suis Charlie", "No Pasarán", "Wir schaffen das" — not "Allahu Akbar" or "Real Madrid".
_FUNCTION_WORDS = {
    "fr": "le la les un une des du de et est je tu il elle nous vous ils sont suis pas ne qui que au aux en pour sur avec dans ce cette mon ma mes son sa ses notre votre leur plus tout tous rien jamais toujours où".split(),
    "es": "el la los las un una unos de del y que en por para con no es son soy somos mi mis tu su sus nuestro se lo le más pero como muy todo todos nada nunca siempre hasta ni".split(),
    "de": "der die das den dem des ein eine einen und ist sind ich du er sie wir ihr nicht mit von zu auf für im in dem auch noch nur wie was wer kein keine uns unser über".split(),
    "it": "il lo la gli le un una di del della che è e non per con su sono sei siamo io tu lui noi voi mio mia tutto tutti sempre mai più ma come".split(),
    "pt": "o a os as um uma de do da dos das e que não é são sou em no na por para com meu minha seu sua nós vocês tudo todos sempre nunca mais mas como você".split(),
    "nl": "de het een en van is zijn ik jij je wij we niet met op voor in aan dat die deze ons onze maakt geen ook".split(),
    "tr": "ve bir bu şu o ben sen biz siz için ile de da ne mi değil çok her gibi daha".split(),
    "id": "yang dan di ini itu dengan untuk tidak ada akan dari ke pada kami kita saya juga sudah bisa karena atau oleh dalam adalah mereka masih hanya sangat lebih bahwa telah sebagai tersebut seperti harus dapat para bagi tentang banyak orang semua setiap antara hingga namun bagaimana".split(),
    "tl": "ang ng mga sa na ay si ni kay at hindi ko mo ito siya nila namin natin po".split(),
    "af": "die het is nie van en wat op was vir met sy hy ek".split(),
    "sw": "na ya wa kwa za la ni katika kuwa hii hiyo yake wake hata lakini pia sana".split(),
    "so": "iyo oo ka ku waa ee uu ay ayaa kale".split(),
    "cy": "y yr ac yn ei ar mae oedd gan fel".split(),
    "sq": "të në dhe për një nga me është janë".split(),
    "sl": "in je na se da za so ki tudi ali".split(),
    "fi": "ja on ei se että oli ovat mutta kun myös".split(),
    "hu": "az és hogy nem egy volt csak még meg".split(),
    "et": "ja on ei et see oli ka kui aga".split(),
    "da": "og i at det en den til er som på de med han af for ikke der var".split(),
    "nb": "og i det er en til som på de med han av for ikke der var å".split(),
    "hr": "i je u se na da za su od ne što kao".split(),
    "cs": "a je v se na že to s z o do ale jako".split(),
    "sk": "a je v sa na že to s z o do ale ako".split(),
    "lt": "ir yra kad su į iš bet kaip".split(),
    "lv": "un ir ka ar uz no bet kā".split(),
    "ca": "el la els les un una de del i que és són per amb no més tot".split(),
    "ro": "și în de la un o cu nu este sunt pe pentru care mai".split(),
    "pl": "i w nie na się z że to jest do jak ale po co tak".split(),
    "sv": "och i att det som en på är av för med till den inte om jag vi".split(),
}
#: Words these lists share with English ("in", "a", "no", "die", "is", "me") are evidence of neither.
SHARED_WITH_ENGLISH = frozenset("a i o e in an is me he so no die also will over war".split())
# One-letter words (Croatian "u", Spanish "y", Italian "e") turn up in romanisations and abbreviations: no evidence.
_FUNCTION_WORD_SETS = {
    lang: frozenset(word for word in words if len(word) > 1) - ENGLISH_WORDS - SHARED_WITH_ENGLISH
    for lang, words in _FUNCTION_WORDS.items()
}


#: Foreign phrases English dictionaries list as English: quoted in an English sentence they are English words.
ENGLISH_LOAN_PHRASES = frozenset(
    phrase.strip()
    for phrase in """déjà vu|deja vu|coup d'état|coup d'etat|raison d'être|fait accompli|carte blanche|joie de vivre|je ne sais quoi|
    laissez faire|savoir faire|bon appétit|bon voyage|tête-à-tête|vis-à-vis|à la carte|avant garde|nouveau riche|
    femme fatale|film noir|art déco|belle époque|cause célèbre|crème de la crème|esprit de corps|haute couture|
    hors d'oeuvre|hors d'œuvre|pièce de résistance|enfant terrible|noblesse oblige|par excellence|status quo|ad hoc|
    per se|bona fide|de facto|de jure|pro bono|quid pro quo|vice versa|et cetera|mea culpa|alma mater|
    persona non grata|modus operandi|in situ|a priori|post mortem|magnum opus|carpe diem|terra incognita|
    sine qua non|ad nauseam|ad infinitum|habeas corpus|rigor mortis|mano a mano|fin de siècle|trompe l'oeil|
    idée fixe|sotto voce|a cappella|al fresco|al dente|dolce vita|cul de sac|cul-de-sac|lingua franca|
    crème brûlée|crème fraîche|crème de menthe|café au lait|piña colada|pâté de foie gras|papier mâché""".split("|")
)


# Malay writes Indonesian's function words; Bosnian and Serbian in Latin script Croatian's.
_SAME_FUNCTION_WORDS = {"ms": "id", "bs": "hr", "sr": "hr"}
# Letters of scholarly transliteration (ā ī ū ḥ ṣ ṭ ḍ ẓ ṇ ś ʿ ʾ...): romanised Arabic, Urdu or Sanskrit, not
# evidence of a Latin-script language.
_TRANSLITERATION_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyz'’-āīūēōḥṣṭḍẓṇṃśṛḷġḳẕʿʾǧšžčḏṯḫ"
)
#: IPA letters and stress/length marks (ɑ ʊ ə ɦ ˈ ː) and pinyin's tone carons (ǎ ǐ ǒ ǔ ǚ ǜ): a word holding one is
#: a pronunciation or a romanisation, not a word of a Latin-script language.
PRONUNCIATION_LETTERS = re.compile("[\u0250-\u02ff\u1d00-\u1dbfǎǐǒǔǚǜ]")
# Attractors whose own letters are evidence enough (Vietnamese tones, Slovak, Hungarian, Baltic, Finnish...).
_OWN_LETTERS_COUNT = frozenset({"vi", "sk", "hu", "lt", "lv", "et", "fi", "sq", "sl", "cy"})


def function_words(lang: str, lower_words: list[str]) -> int:
    """How many distinct listed function words of ``lang`` the words hold."""
    return len(_FUNCTION_WORD_SETS.get(_SAME_FUNCTION_WORDS.get(lang, lang), frozenset()).intersection(lower_words))


def is_function_word(lang: str, lower_word: str) -> bool:
    """Whether the word is one of ``lang``'s listed function words, those English writes too ("is", "die", "me")
    included."""
    return lower_word in _FUNCTION_WORDS.get(_SAME_FUNCTION_WORDS.get(lang, lang), ())


def words_with_foreign_letters(lower_words: list[str]) -> int:
    """How many of ``lower_words`` hold a letter English never writes (é, ñ, ß, ç, ı, ğ, ş, ã...), leaving out the
    letters of scholarly transliteration (ā, ḥ, ṣ...), which romanised Arabic, Urdu or Sanskrit write."""
    return sum(1 for word in lower_words if not word.isascii() and not set(word) <= _TRANSLITERATION_LETTERS)


def has_own_words(lang: str, lower_words: list[str]) -> bool:
    """Whether short text holds evidence of ``lang`` of its own: its function words, or a letter English does not
    write (á, ü, ç, ş...). Romanised text lands in the ATTRACTORS by chance, so they need two of their function
    words or one of three letters or more (Swahili "ni" is also pinyin), and letters alone do not count for them."""
    found = _FUNCTION_WORD_SETS.get(_SAME_FUNCTION_WORDS.get(lang, lang), frozenset()).intersection(lower_words)
    letters = words_with_foreign_letters(lower_words) > 0
    if lang in ATTRACTORS:
        return len(found) >= 2 or any(len(word) >= 3 for word in found) or (letters and lang in _OWN_LETTERS_COUNT)
    return bool(found) or letters


_ANY_FUNCTION_WORD = frozenset().union(*_FUNCTION_WORD_SETS.values())

#: Lowercase words inside names (Charles de Gaulle, Lula da Silva, Ludwig van Beethoven) and the articles that
#: start place and team names (Los Angeles, Las Vegas, Le Monde, El Paso, Il Divo): no evidence of a language.
NAME_PARTICLES = frozenset(
    "de da do dos das del della di du van von der den la le les los las lo il al el bin ibn y e het des dem".split()
)

#: Listed function words that are also English words ("met", "son", "plus", "till", "care"): no evidence either.
_ALSO_ENGLISH = frozenset("ale bet ben care con fel han med met mes mis mon non pas per plus sen son till tot var wake".split())
_NOT_TELLING = NAME_PARTICLES | _ALSO_ENGLISH


#: Words that are evidence of another language (any listed function word, shared ones like "no", "me", "die"
#: included) or particles of names: never counted as English words by :func:`is_english_word`.
FOREIGN_EVIDENCE_WORDS = (
    frozenset(word for words in _FUNCTION_WORDS.values() for word in words) | NAME_PARTICLES | SHARED_WITH_ENGLISH
) - ENGLISH_WORDS


#: Languages with a word list in ``multiling/data/words/`` (FLORES-200 dev and wordfreq, built by
#: bench/make_word_lists.py): English and the Latin-script languages of the n-gram profiles that FLORES translates
#: into.
WORD_LIST_LANGUAGES = frozenset(
    "af ca cs cy da de en es et fi fr hr hu id it lt lv nb nl pl pt ro sk sl sv tl tr vi".split()
)


def _read_words(name: str) -> frozenset[str]:
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "words", name)
    if not os.path.exists(path):
        return frozenset()  # no frequent words for a language wordfreq lacks (af, cy, et)
    with open(path, encoding="utf-8") as handle:
        return frozenset(handle.read().split())


@lru_cache(maxsize=None)
def _word_lists(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """``lang``'s words: those its FLORES translation writes (``<lang>.txt``), and the most frequent words of the
    language that it writes more often than English and FLORES does not (``<lang>.frequent.txt``, from wordfreq).
    Two disjoint sets, not their union: a union would hold the FLORES words' table twice. Loaded on first use."""
    if lang not in WORD_LIST_LANGUAGES:
        return frozenset(), frozenset()
    return _read_words(f"{lang}.txt"), _read_words(f"{lang}.frequent.txt")


def _is_in_list(lang: str, word: str, frequent: bool = True) -> bool:
    prose, more = _word_lists(lang)
    return word in prose or (frequent and word in more)


def is_english_word(lower_word: str) -> bool:
    """Whether a lowercased word is an English word: a function word, a word FLORES English writes in lowercase,
    or one of the ~45,000 most frequent English words that no listed language writes ten times as often (so a
    word missing from it is most probably not English). Loaded on first use."""
    return lower_word in ENGLISH_WORDS or _is_in_list("en", lower_word.replace("’", "'"))


# A word of this many letters or more is known when a listed word of that language starts with its first
# STEM_LETTERS letters: another form of the same word ("maintiendrai" / "maintenir", "aiutarli" / "aiutare").
MIN_STEMMED_LETTERS = 7
STEM_LETTERS = 5


@lru_cache(maxsize=None)
def _stems(lang: str) -> frozenset[str]:
    # FLORES words only: wordfreq's frequent words hold most forms of a frequent word already, and their stems
    # would triple the memory the lists take.
    return frozenset(word[:STEM_LETTERS] for word in _word_lists(lang)[0] if len(word) > STEM_LETTERS)


def known_words(lang: str, lower_words: list[str], *, frequent: bool = True) -> tuple[int, int]:
    """How many of ``lower_words`` are words of that language's lists (or other forms of its FLORES words, see
    STEM_LETTERS), and how many of them have three letters or more and are in a list as they are (0 for a language
    without a list; Malay, Bosnian and Serbian count as Indonesian and Croatian). With ``frequent`` False, only the words
    of its FLORES translation count: wordfreq's frequent words hold the names and greetings web text writes
    ("vallon", "beso", "salam"), which a Title Case phrase is as often a name of. Romanised Arabic, Hebrew,
    Persian or Japanese (``nowruz mobarak``, ``shalom aleichem``) scores 0 in most lists, whatever the n-gram
    model makes of it; one- and two-letter words ("bi", "al", "ka") are words of many languages and syllables of
    many romanisations, and a stem shared with a word of the list is weaker evidence than the word itself (English
    words missing from the English list share stems with other languages' words: "policies", "admittance"), so
    the second count is of words of three letters or more found as they are."""
    code = _SAME_FUNCTION_WORDS.get(lang, lang)
    prose, more = _word_lists(code)
    if not prose:
        return 0, 0
    stems = _stems(code)
    exact = stemmed = exact_long = 0
    for word in (raw.replace("’", "'") for raw in lower_words):
        if word in prose or (frequent and word in more):
            exact += 1
            exact_long += len(word) >= 3
        elif len(word) >= MIN_STEMMED_LETTERS and word[:STEM_LETTERS] in stems:
            stemmed += 1
    return exact + stemmed, exact_long


def is_listed_word(lang: str, lower_word: str, *, frequent: bool = True) -> bool:
    """Whether the word, as it is, is in that language's word list (no stems; see known_words); with ``frequent``
    False, in its FLORES words only."""
    return _is_in_list(_SAME_FUNCTION_WORDS.get(lang, lang), lower_word.replace("’", "'"), frequent)


#: Latin, which English articles quote in mottos and sayings ("civis Romanus sum", "urbi et orbi"), has no n-gram
#: profile and no word list; the multilingual fallback model glosses it. Its function words and the endings of
#: its declensions and conjugations tell it in a short phrase.
LATIN = "la"
# Latin's own function words (conjunctions, pronouns, "est"); "et" and "qui" are also French, but a phrase of them
# needs content words that no Romance language lists.
_LATIN_OWN_FUNCTION_WORDS = frozenset(
    "et est sunt sum cum ex sine ubi qui quae quod quid quo nec neque aut vel sed ut atque ac ab apud inter sub "
    "ante nihil nil omnia omnes semper ergo enim hic haec hoc nunc sic se deo dei deus meus mea meum tuus tua "
    "tuum".split()
)
# Function words Latin shares with the Romance languages: no evidence of their own.
_LATIN_FUNCTION_WORDS = _LATIN_OWN_FUNCTION_WORDS | frozenset("non ad pro per post contra e a in de".split())
# Endings of Latin nouns, adjectives, adverbs and verbs ("civis", "urbi", "fraternitas", "pluribus", "vincit",
# "petens", "conabor").
_LATIN_ENDINGS = (
    "us", "um", "ae", "is", "i", "as", "os", "es", "a", "o", "e", "it", "at", "et", "nt", "ns", "mus", "tis", "ur",
    "or", "er", "em", "am", "x",
)
# Endings few other languages' words have, and English words less often than not (English words never count).
_LATIN_OWN_ENDINGS = ("us", "um", "ae", "orum", "arum", "ibus", "tas", "tatis", "tudo", "tudinis")
# Letters Latin writes rarely or never, and letter pairs of French, romanisations and Bantu languages
# ("trouvailles", "salaam alaikum", "Sunzi bingfa", "upandacho ndicho").
_NOT_LATIN = re.compile(r"[kwyz]|aa|ee|oo|ou|sh|kh|gh|ch")
# Romance languages write words of Latin's shape: a word of their lists is no evidence of Latin.
_LATIN_LOOKALIKES = ("it", "es", "pt", "fr", "ro", "ca")
MAX_LATIN_PHRASE_WORDS = 8
MIN_LATIN_OWN_ENDING_LETTERS = 5


def is_latin_phrase(lower_words: list[str], *, glossed: bool = False) -> bool:
    """Whether a short phrase (two to MAX_LATIN_PHRASE_WORDS words, lowercased) reads as Latin. Every word is a
    Latin function word or a plain-ASCII word with a Latin ending that English prose does not write (its FLORES
    words; wordfreq's frequent English words hold Latin mottos' words: "veritas", "dominus") and that writes none
    of the letters or letter pairs Latin lacks. Half its content words at least are in no Romance language's
    lists as they are, nor in that of the language the n-gram model favours (the evidence; their stems are
    Latin's), and either one of them carries one of Latin's own endings ("civis Romanus
    sum", "Libertas, aequalitas, fraternitas"), or one stands beside a function word only Latin writes ("Semper
    eadem", "urbi et orbi"), or there are three, or two when an English gloss renders the phrase (``glossed``),
    one of them ending in a consonant ("Moniti Meliora Sequamur", "lauda finem ('praise to the end')"). English loan phrases ("status quo", "ad hoc") are English."""
    if not 2 <= len(lower_words) <= MAX_LATIN_PHRASE_WORDS or " ".join(lower_words) in ENGLISH_LOAN_PHRASES:
        return False
    content = [word for word in lower_words if word not in _LATIN_FUNCTION_WORDS]
    if not content:
        return False
    for word in content:
        if not (word.isascii() and word.isalpha() and len(word) >= 3 and word.endswith(_LATIN_ENDINGS)):
            return False
        if _NOT_LATIN.search(word) or word in ENGLISH_WORDS or _is_in_list("en", word, frequent=False):
            return False
    favourite = ngram_model("Latn").guess(content)[0].lang  # "selamat pagi": Indonesian's words
    evidence = [
        word
        for word in content
        if not _is_in_list(favourite, word) and not any(_is_in_list(lang, word) for lang in _LATIN_LOOKALIKES)
    ]
    if not evidence or len(evidence) * 2 < len(content):
        return False
    distinct = len(set(evidence))  # "Lorem lorem lorem lorem" is one word
    if any(len(word) >= MIN_LATIN_OWN_ENDING_LETTERS and word.endswith(_LATIN_OWN_ENDINGS) for word in evidence):
        return True
    if not _LATIN_OWN_FUNCTION_WORDS.isdisjoint(lower_words):
        return True
    # Three words, or two glossed ones, one of them ending in an inflection's consonant ("Moniti Meliora
    # Sequamur", "lauda finem"): romanisations and names end in vowels ("Padma asana", "Mahsa Amini (…)").
    return distinct >= (2 if glossed else 3) and any(word[-1] in "smtrx" for word in evidence)


def is_transliteration(lower_word: str) -> bool:
    """Whether a word writes letters of scholarly transliteration (ā, ḥ, ṣ...) and nothing else outside ASCII (a
    curly apostrophe is no such letter: "kemal’in")."""
    return not lower_word.replace("’", "'").isascii() and set(lower_word) <= _TRANSLITERATION_LETTERS


#: Telling function words of three letters or more ("que", "und", "nous", "yang"): one of them, written in
#: lowercase, is evidence of its language on its own (see telling_words_suffice).
STRONG_FUNCTION_WORDS = frozenset(word for word in _ANY_FUNCTION_WORD if len(word) >= 3) - _NOT_TELLING


#: The function words telling_languages counts: every listed one but name particles and English look-alikes.
TELLING_FUNCTION_WORDS = _ANY_FUNCTION_WORD - _NOT_TELLING


def telling_languages(lower_words: list[str]) -> frozenset[str]:
    """The languages whose function words ``lower_words`` hold, name particles and English look-alikes left out
    ("je", "ne", "wir", "saya"...): pronouns, verbs, negations and conjunctions, which names do not carry."""
    telling = set(lower_words) - _NOT_TELLING
    if telling.isdisjoint(_ANY_FUNCTION_WORD):
        return frozenset()
    return frozenset(lang for lang, words in _FUNCTION_WORD_SETS.items() if not telling.isdisjoint(words))


def telling_words_suffice(lang: str, lower_words: list[str]) -> bool:
    """Whether ``lang``'s telling function words in ``lower_words`` are evidence enough on their own: two of them,
    or one of three letters or more. One two-letter word is not ("ni", "ma", "de" are also pinyin syllables)."""
    found = _FUNCTION_WORD_SETS.get(_SAME_FUNCTION_WORDS.get(lang, lang), frozenset()).intersection(lower_words)
    found -= _NOT_TELLING
    return len(found) >= 2 or any(len(word) >= 3 for word in found)


def could_be_foreign(lower_words: list[str]) -> bool:
    """False when short text can give no clear foreign verdict: plain ASCII without any listed function word of
    a language other than English (see has_own_words) — the n-gram model need not be asked."""
    return not _ANY_FUNCTION_WORD.isdisjoint(lower_words) or not all(word.isascii() for word in lower_words)


def english_share(words: list[str]) -> tuple[int, float]:
    """How many of ``words`` (lowercased) are English function words, and their share."""
    if not words:
        return 0, 0.0
    hits = sum(1 for word in words if word in ENGLISH_WORDS)
    return hits, hits / len(words)
