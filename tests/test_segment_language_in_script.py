"""Language inside a script several languages share (issue 9, class 6): letters only one language writes decide
a span, a language label before it names it, and short spans that write no telling letter take the language
of the settled spans around them (Cyrillic: their neighbours; Arabic script: the document's majority)."""

from __future__ import annotations

import pytest

from multiling import segment
from multiling.segment.langid import arabic_script_languages, cyrillic_script_languages, identify_cyrillic


def _foreign(text: str) -> list[tuple[str, str]]:
    return [(span.text, span.lang) for span in segment(text) if span.lang != "en"]


@pytest.mark.parametrize(("word", "languages"), [
    ("добър", {"bg", "tg"}),            # ъ as a vowel: Bulgarian (Tajik writes it before consonants too)
    ("подъезд", {"ru", "bg", "tg"}),     # ъ before е: Russian spelling, and still possible in Bulgarian
    ("пом’янути", {"uk", "be"}),         # an apostrophe where Russian writes ъ
    ("сім'я", {"uk", "be"}),
    ("щастя", {"ru", "uk", "bg", "kk"}),
    ("љубав", {"mk", "sr"}),
    ("вода", {"ru", "uk", "bg", "mk", "be", "sr", "kk", "tg"}),  # no telling letter: every language
])
def test_segment_cyrillic_letters_narrow_the_languages(word: str, languages: set[str]) -> None:
    assert cyrillic_script_languages(word) == languages


@pytest.mark.parametrize(("text", "lang"), [
    ("Добър вечер", "bg"), ("Къде е гарата", "bg"), ("Не забудьте пом’янути", "uk"), ("п’ять хвилин", "uk"),
])
def test_segment_cyrillic_a_letter_only_one_language_writes_decides(text: str, lang: str) -> None:
    assert identify_cyrillic(text).lang == lang


@pytest.mark.parametrize(("text", "lang"), [
    # No letter tells Russian from Bulgarian here; their frequent function words do.
    ("Ще видим какво ще стане утре", "bg"), ("Мога ли да си тръгна сега", "bg"), ("Те са приятели от училище", "bg"),
    ("Он сказал, что придёт", "ru"), ("Мы знали, что это правда", "ru"), ("Она уже пошла домой", "ru"),
    ("Как дела, как си", "bg"),  # "как" is both languages': Bulgarian си decides
])
def test_segment_cyrillic_function_words_tell_russian_from_bulgarian(text: str, lang: str) -> None:
    assert identify_cyrillic(text).lang == lang


def test_segment_cyrillic_phrase_list_lines_take_the_language_of_their_settled_neighbours() -> None:
    ukrainian = ("Useful phrases:\nGood morning – Добрий ранок\nThank you – Дякую\nHow are you? – Як справи?\n"
                 "See you – До побачення\nWhere is the station? – Де вокзал?\nGood night – На добраніч")
    assert {lang for _, lang in _foreign(ukrainian)} == {"uk"}
    bulgarian = ("Phrases for your trip:\nHello – Здравей\nGood evening – Добър вечер\nHow much? – Колко струва?\n"
                 "I do not know – Не знам\nWater, please – Вода, моля\nWhere is it? – Къде е?")
    assert {lang for _, lang in _foreign(bulgarian)} == {"bg"}


def test_segment_cyrillic_a_poem_beside_its_translation_keeps_each_block_apart() -> None:
    text = ("The carol in Ukrainian:\nДобрий вечір тобі, пане господарю\nРадуйся, земле, Син Божий народився\n\n"
            "And in Russian:\nДобрый вечер тебе, хозяин дома\nРадуйся, земля, Сын Божий родился\n")
    assert _foreign(text) == [
        ("Добрий вечір тобі, пане господарю", "uk"), ("Радуйся, земле, Син Божий народився", "uk"),
        ("Добрый вечер тебе, хозяин дома", "ru"), ("Радуйся, земля, Сын Божий родился", "ru"),
    ]


def test_segment_cyrillic_a_chant_in_paragraphs_of_its_own_follows_the_document() -> None:
    text = "The crowd shouted:\n\nСлава Україні!\n\nГероям слава!\n\nand then sang."
    assert _foreign(text) == [("Слава Україні", "uk"), ("Героям слава", "uk")]


def test_segment_cyrillic_neighbours_that_disagree_change_nothing() -> None:
    # Between a settled Ukrainian line and a settled Russian one, a plain line keeps its own verdict.
    alone = _foreign("He quoted: Как умру, похороните.")[0][1]
    text = "В сем’ї вольній, новій,\nКак умру, похороните\nВыройте могилу"
    assert [lang for _, lang in _foreign(text)] == ["uk", alone, "ru"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Kyiv (Ukrainian: Київ, romanized: Kyiv; Russian: Киев) is the capital.", [("Київ", "uk"), ("Киев", "ru")]),
    ("The name comes from the Russian-language 'Киев' of the maps.", [("Киев", "ru")]),
    ("He answered in Bulgarian, «Да».", [("Да", "bg")]),
    ("The sign said, in Ukrainian: Ласкаво просимо", [("Ласкаво просимо", "uk")]),
])
def test_segment_cyrillic_a_language_label_names_the_span(text: str, expected: list[tuple[str, str]]) -> None:
    assert _foreign(text) == expected


def test_segment_cyrillic_a_label_the_letters_contradict_is_ignored() -> None:
    assert _foreign("Russian: Україна") == [("Україна", "uk")]  # ї is no Russian letter


# --- Arabic script ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Muhammad Iqbal (Urdu: محمد اقبال) was a poet.", [("محمد اقبال", "ur")]),
    ("Herat (Persian: هرات) is a city.", [("هرات", "fa")]),
    ("Jalalabad (Pashto: جلال آباد) lies east.", [("جلال آباد", "ps")]),
    ("Baghdad (Arabic: بغداد) is old.", [("بغداد", "ar")]),
    ("Ali (Urdu: علي) was a name.", [("علي", "ur")]),  # an Arabic yeh typed in an Urdu name: the label wins
    ("A wrong label (Persian: ټول ښار) on Pashto letters.", [("ټول ښار", "ps")]),  # ټ ښ: letters win
])
def test_segment_arabic_script_a_language_label_names_the_span(text: str, expected: list[tuple[str, str]]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize(("word", "languages"), [
    ("پۀ شان دے", {"ur", "ps"}),         # پ and the bari ye ے: Urdu or (Pakistani) Pashto
    ("راځي", {"ar", "ps"}),              # Arabic yeh: Arabic, or Pashto, which writes it too
    ("مدرسة", {"ar"}),                   # ta marbuta
    ("گل", {"fa", "ur", "ckb", "ps"}),
])
def test_segment_arabic_script_letters_narrow_the_languages(word: str, languages: set[str]) -> None:
    assert arabic_script_languages(word) == languages


def test_segment_arabic_script_pashto_lines_with_urdu_letters_follow_the_poem() -> None:
    text = ("A Pashto tappa:\n\nد کابل ښار ډېر ښکلی دی\nزما زړه پۀ کابل کې دے\nسوات پۀ شان د باغ دے\n\n"
            "It is sung at weddings.")
    assert {lang for _, lang in _foreign(text)} == {"ps"}


@pytest.mark.parametrize("text", ["Украина", "тарикат", "Москва", "Добро утро"])
def test_segment_cyrillic_short_text_without_macedonian_letters_is_not_macedonian(text: str) -> None:
    assert identify_cyrillic(text).lang != "mk"


@pytest.mark.parametrize("text", ["Ќе дојдам утре", "Ѕвездите се убави", "Ѓорѓи е тука"])
def test_segment_cyrillic_macedonian_letters_still_say_macedonian(text: str) -> None:
    assert identify_cyrillic(text).lang == "mk"


# --- Han ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("The sign says 危険 (kiken), danger.", [("危険", "ja")]),        # 険: Japanese only (Chinese 险 / 險)
    ("Tokyo Station (東京駅) is busy.", [("東京駅", "ja")]),            # 駅: Japanese only (Chinese 驿 / 驛)
    ("The word 天気 means weather.", [("天気", "ja")]),                 # 気: Japanese only (Chinese 气 / 氣)
    ("He wrote 中国人民 on the wall.", [("中国人民", "zh")]),
    ("The café is called 东京驿站.", [("东京驿站", "zh")]),             # Simplified Chinese for the same place
])
def test_segment_han_a_character_only_japanese_writes_says_japanese(text: str, expected: list[tuple[str, str]]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Persian typed with Arabic yeh, kaf or alef maksura still writes گ پ چ ژ, which no Arabic word has.
    ("A line of Hafez:\nگر آن ترك شيرازى بدست آرد دل ما را\nIf that Shirazi Turk", [("گر آن ترك شيرازى بدست آرد دل ما را", "fa")]),
    ("The sign read پنجره هاي باز in the old style.", [("پنجره هاي باز", "fa")]),
    ("A proverb: چو فردا شود فكر فردا كنيم\nTomorrow's worries", [("چو فردا شود فكر فردا كنيم", "fa")]),
])
def test_segment_arabic_script_a_letter_no_arabic_word_has_rules_arabic_out(text: str, expected: list[tuple[str, str]]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize(("text", "lang"), [
    # Short lines without one telling letter: the n-gram model decides when it is clear and the line has words.
    ("The poem opens:\nبه نام خداوند جان و خرد\nIn the name of", "fa"),
    ("He wrote:\nدر این شب سرد و دراز\nOn this cold night", "fa"),
    ("He said:\nهذا هو الطريق إلى المدرسة\nThis is the way", "ar"),
])
def test_segment_arabic_script_short_lines_without_telling_letters_go_by_ngrams(text: str, lang: str) -> None:
    assert [found for _, found in _foreign(text)] == [lang]


@pytest.mark.parametrize("text", ["He met محمد there.", "The city of حلب fell.", "Then سلام و درود to all."])
def test_segment_arabic_script_names_and_two_word_phrases_stay_arabic_without_evidence(text: str) -> None:
    assert [lang for _, lang in _foreign(text)] == ["ar"]


@pytest.mark.parametrize(("text", "expected"), [
    # Devanagari is shared: a label right before a span names its language.
    ("The bodhisattva of wisdom (Sanskrit: प्रज्ञापारमिता) is revered.", [("प्रज्ञापारमिता", "sa")]),
    ("The city of Pune (Marathi: पुणे) is large.", [("पुणे", "mr")]),
    ("Kathmandu (Nepali: काठमाडौं) is the capital.", [("काठमाडौं", "ne")]),
    ("Namaste (Hindi: नमस्ते) means hello.", [("नमस्ते", "hi")]),
    ("Kyiv (Sanskrit: Київ) is a city.", [("Київ", "uk")]),  # a label of another script's language is ignored
])
def test_segment_devanagari_a_language_label_names_the_span(text: str, expected: list[tuple[str, str]]) -> None:
    assert _foreign(text) == expected
