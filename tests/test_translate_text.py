"""Sentence splitting, protected tokens, length splitting and quality flags (multiling.translate.text)."""

from __future__ import annotations

import pytest

from multiling.translate import text as tx


@pytest.mark.parametrize("span, sentences", [
    ("جملة أولى. جملة ثانية", ["جملة أولى.", "جملة ثانية"]),
    ("هل أنت بخير؟ نعم!", ["هل أنت بخير؟", "نعم!"]),
    ("یہ پہلا ہے۔ یہ دوسرا", ["یہ پہلا ہے۔", "یہ دوسرا"]),
    ("你好。我很好！再见", ["你好。", "我很好！", "再见"]),
    ("line one\nline two", ["line one", "line two"]),
    ("Он сказал: «Да.» Потом ушёл.", ["Он сказал: «Да.»", "Потом ушёл."]),
    ("3.5 مليون", ["3.5 مليون"]),
])
def test_translate_text_split_sentences(span, sentences):
    assert [span[s:e] for s, e in tx.split_sentences(span)] == sentences


@pytest.mark.parametrize("span, literal", [
    ("تابعونا على @AJArabic الآن", "@AJArabic"),
    ("الرابط https://t.co/abc123 هنا", "https://t.co/abc123"),
    ("الرابط www.aljazeera.net/news، هنا", "www.aljazeera.net/news"),
    ("راسلونا على info@bbc.co.uk اليوم", "info@bbc.co.uk"),
    ("وسم و#غزة_تحت_القصف اليوم", "#غزة_تحت_القصف"),
    ("أحبك ❤️ كثيرا", "❤️"),
    ("عائلة 👨‍👩‍👧 سعيدة", "👨‍👩‍👧"),
])
def test_translate_text_protected_tokens_are_literal(span, literal):
    plan = tx.plan_span(span)
    assert ("lit", literal) in plan
    assert all(literal not in text for kind, text in plan if kind == "mt")


def test_translate_text_numbers_stay_in_model_input():
    assert tx.plan_span("قتل 12 شخصا") == [("mt", "قتل 12 شخصا")]


def test_translate_text_no_letters_never_goes_to_model():
    assert all(kind == "lit" for kind, _ in tx.plan_span("2024 — 15% !!"))


def test_translate_text_split_to_fit_cuts_at_clause_breaks():
    text = "الأول، الثاني، الثالث، الرابع"
    parts = tx.split_to_fit(text, lambda s: len(s.split()), 2)
    assert parts == ["الأول، الثاني،", "الثالث، الرابع"]


def test_translate_text_split_to_fit_without_spaces():
    text = "我" * 40
    parts = tx.split_to_fit(text, len, 10)
    assert "".join(parts) == text and all(len(p) <= 10 for p in parts)


@pytest.mark.parametrize("source, gloss, flags", [
    ("قال الرئيس إن الوضع صعب جدا", "The president said the situation is very difficult", []),
    ("قال الرئيس إن الوضع صعب جدا", "The", ["length-ratio"]),
    ("قال الرئيس إن الوضع صعب جدا", "the the the the situation", ["repeated-ngrams"]),
    ("قال الرئيس إن الوضع صعب جدا", "he said it he said it he said it", ["repeated-ngrams"]),
    ("قال الرئيس", "", ["empty"]),
    ("我们今天在北京开会讨论经济问题", "We held a meeting in Beijing today to discuss economic issues", []),
])
def test_translate_text_quality_flags(source, gloss, flags):
    assert tx.quality_flags(source, gloss) == flags


def test_translate_text_remove_invented():
    assert tx.remove_invented("see https://x.y/z and @bob now") == ("see and now", True)
    assert tx.remove_invented("nothing here") == ("nothing here", False)


@pytest.mark.parametrize("text, sentences", [
    ("M. Dupont a dit que tout va bien. Il est parti.", ["M. Dupont a dit que tout va bien.", "Il est parti."]),
    ("Это, т. е. вот так, было сказано. Потом всё.", ["Это, т. е. вот так, было сказано.", "Потом всё."]),
    ("He met Dr. Smith. Then he left!", ["He met Dr. Smith.", "Then he left!"]),
    ("Das ist z. B. ein Satz. Hier der nächste.", ["Das ist z. B. ein Satz.", "Hier der nächste."]),
    ("Wait... What? Yes.", ["Wait...", "What?", "Yes."]),
    ("यह एक वाक्य है। यह दूसरा है।", ["यह एक वाक्य है।", "यह दूसरा है।"]),
    ("Il a dit non. 12 personnes sont venues.", ["Il a dit non.", "12 personnes sont venues."]),
])
def test_translate_text_split_sentences_abbreviations(text, sentences):
    from multiling.translate.text import split_sentences

    assert [text[a:b] for a, b in split_sentences(text)] == sentences


@pytest.mark.parametrize("word, is_abbreviation", [("Dr", True), ("J", True), ("Mme", True), ("minister", False),
                                                    ("a" * 31, False), ("b" * 40, False), ("Dr" + "x" * 40, False)])
def test_translate_text_abbreviation_on_a_long_line_looks_at_the_word_before_only(word: str, is_abbreviation: bool):
    """The word before a full stop is found near it, however long the line before it (the search once started at 0)."""
    from multiling.translate.text import is_abbreviation as check
    from multiling.translate.text import split_sentences

    text = "It was said. " * 5000 + f"He met {word}. Smith left."
    stop = text.rindex(". Smith")
    assert check(text, stop, stop + 2) is is_abbreviation
    assert (text[split_sentences(text)[-1][0] :] == "Smith left.") is not is_abbreviation
