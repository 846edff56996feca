"""Language inside the Cyrillic script: letters only one language writes decide a span, and short spans that
write none of them take the language of the settled spans around them (issue 9, class 6)."""

from __future__ import annotations

import pytest

from multiling import segment
from multiling.segment.langid import cyrillic_script_languages, identify_cyrillic


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
