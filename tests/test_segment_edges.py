"""Where a foreign span ends: list and verse numbers are not part of the line they number (bench/real convention
2: numbers at a span's edges stay out) while a number inside the sentence stays in, a number alone carries no
language, and a bracketed native name ends where its bracket closes."""

from __future__ import annotations

import pytest

from multiling import segment


def _foreign(text: str) -> list[str]:
    return [span.text for span in segment(text) if span.lang != "en"]


@pytest.mark.parametrize(("text", "expected"), [
    ("The qasida, verse by verse:\n٥. لا تفزع الكاعب العذراء من كلمي\nDo not be alarmed", ["لا تفزع الكاعب العذراء من كلمي"]),
    ("Ghazal:\n۳) دل نادان تجھے ہوا کیا ہے\nfoolish heart", ["دل نادان تجھے ہوا کیا ہے"]),
    ("Surah:\n ﴾ ١ ﴿ طسۤمۤ\n ﴾ 1 ﴿ T S M", ["طسۤمۤ"]),
    ("Proverbs:\n\nعوير وزوير وبليس مافيه خير .1\n2. Many hands", ["عوير وزوير وبليس مافيه خير"]),
    ("A tappa:\n\nد لرې لرې شهزادګان ورته راځينه (156)\n\nFrom far away", ["د لرې لرې شهزادګان ورته راځينه"]),
    ("Lines:\n12. Широка страна моя родная\nWide is my native land", ["Широка страна моя родная"]),
    ("Slogans:\n(3) 人民万岁\nLong live the people", ["人民万岁"]),
])
def test_segment_list_and_verse_numbers_stay_out_of_the_line_they_number(text: str, expected: list[str]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("He wrote: قال الرئيس في عام ٢٠٢٢\nThen he left.", ["قال الرئيس في عام ٢٠٢٢"]),
    ("The banner said: В 2024 году мы победим\nand more.", ["В 2024 году мы победим"]),
])
def test_segment_a_number_inside_the_sentence_stays_in(text: str, expected: list[str]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize("text", ["The verse is numbered ﴿٢٥٦﴾ in the Quran.", "Page ٢٥٦ of the book.", "۱۴۰۳"])
def test_segment_a_number_alone_is_no_foreign_span(text: str) -> None:
    assert _foreign(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ('Christós (Χριστός) means "Christ," and Anésti (Ανέστη) means "He is risen."', ["Χριστός", "Ανέστη"]),
    ("Moscow (Москва) and Kazan (Казань) are cities.", ["Москва", "Казань"]),
    ("Kuwait (الكويت) and Iraq (العراق) are neighbours.", ["الكويت", "العراق"]),
])
def test_segment_a_bracketed_native_name_ends_where_its_bracket_closes(text: str, expected: list[str]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A glossary: each foreign word is a span of its own, its English gloss between them is English.
    ("Elements: 火 = fire, 水 = water, 木 = wood.", ["火", "水", "木"]),
    ("Words to know: дом = house, кот = cat", ["дом", "кот"]),
    ("Greetings: שלום – peace, תודה – thanks", ["שלום", "תודה"]),
    ("The radicals 山 mountain 川 river 田 field appear often.", ["山", "川", "田"]),
    ("The name combines 明 bright and 美 beautiful.", ["明", "美"]),
    ("The motto 一期一会 = One Time One Meeting, and 七転八起 = Fall Seven Rise Eight.", ["一期一会", "七転八起"]),
    ("Signs: خروج → Exit, دخول → Entrance", ["خروج", "دخول"]),
    # The gloss written against the next word, with no space: the word after the equals sign is still a gloss.
    ("Radicals:山 (the first and last kanji) = mountain川 = river田 = field", ["山", "川", "田"]),
    ("Learn: 月 (moon) = month日 = day", ["月", "日"]),
    # Korean letters written alone, each with its sound in Latin letters (an alphabet lesson).
    ("The consonants ㄱ g, ㄴ n and ㄷ d come first.", ["ㄱ", "ㄴ", "ㄷ"]),
    ("Vowels: ㅏ a, ㅓ eo, ㅗ o", ["ㅏ", "ㅓ", "ㅗ"]),
    # A romanisation in brackets written between two words: each word is its own span.
    ("住(zhù)-春节对联 (Spring Festival Couplets)", ["住", "春节对联"]),
    ("福(fú)/新年快乐 is what the card says.", ["福", "新年快乐"]),
])
def test_segment_a_glossary_is_one_span_per_foreign_word(text: str, expected: list[str]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A lowercase English word inside foreign text, with no gloss mark before it, is a loanword: the span goes on.
    ("She posted 我们用 app 打车 yesterday.", ["我们用 app 打车"]),
    ("He wrote: Мы обновили сайт и email рассылку.", ["Мы обновили сайт и email рассылку"]),
    ("사랑(love)은 어디에 있나요?", ["사랑(love)은 어디에 있나요"]),  # a particle right after the bracket goes on
])
def test_segment_a_loanword_inside_foreign_text_stays_inside(text: str, expected: list[str]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Latin words, then a quotation in the same script: the quotation is another item.
    ('We watched 千と千尋 movie trailers "千と千尋の神隠し" online.', ["千と千尋", "千と千尋の神隠し"]),
    ("Their old album 안녕 Seoul stories “서울의 밤” came first.", ["안녕", "서울의 밤"]),
    ("Он сказал «нет» и ушёл.", ["Он сказал «нет» и ушёл"]),  # no Latin word between: one stretch
])
def test_segment_a_quotation_after_latin_words_is_another_item(text: str, expected: list[str]) -> None:
    assert _foreign(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A bar sets items apart: a name in Latin letters and its native spelling, menu items, bylines.
    ("Poets: Hafez | حافظ, Saadi | سعدی", ["حافظ", "سعدی"]),
    ("Leo Tolstoy | Лев Толстой, Anton Chekhov | Антон Чехов", ["Лев Толстой", "Антон Чехов"]),
    ("Menu: الرئيسية | أخبار | رياضة", ["الرئيسية | أخبار | رياضة"]),  # no Latin word between: one stretch
])
def test_segment_a_bar_between_items_ends_the_foreign_text(text: str, expected: list[str]) -> None:
    assert _foreign(text) == expected
