"""Latin-script foreign phrases inside English text (issue 9, classes 4 and 7): short quotations told by their own
function words, song lines of their own, and phrases without quote marks — and the names, pronunciations and
romanisations that must stay English."""

from __future__ import annotations

import pytest

import multiling


def _foreign(text: str) -> list[tuple[str, str]]:
    return [(span.lang, span.text) for span in multiling.segment(text) if span.lang != "en"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He sang "Non, je ne regrette rien" at the gala.', ("fr", "Non, je ne regrette rien")),
        ('Women marched behind the banner "Ni una menos" in Buenos Aires.', ("es", "Ni una menos")),
        ('The phrase book starts with "Saya ingin pulang" for tourists.', ("id", "Saya ingin pulang")),
        ('Fans kept shouting "Ma che vuoi" at the referee.', ("it", "Ma che vuoi")),
        ('The coach repeated "Wij zijn niet bang" before the final.', ("nl", "Wij zijn niet bang")),
    ],
)
def test_short_quotation_told_by_its_function_words(text: str, expected: tuple[str, str]) -> None:
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'Fans of "Los Angeles" and "La Liga" and "Las Vegas" argue online.',
        'The rapper\'s line was "wo ai ni zhongguo wo de jia" in pinyin.',
        'They whispered "ni hao ma xie xie ni" to the guide.',
        'The crowd chanted "Allahu Akbar" and "Inshallah wa Mashallah" outside.',
    ],
)
def test_names_articles_and_romanisations_in_quotes_stay_english(text: str) -> None:
    assert _foreign(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The chorus goes:\nBombas aéreas destrozarán\nand the crowd joins in.", ("es", "Bombas aéreas destrozarán")),
        ("The second verse:\nSei gefühllos, sagt mir überall\nthen it slows down.", ("de", "Sei gefühllos, sagt mir überall")),
        ("They all sang:\nYaşasın özgürlük mücadelemiz\nuntil midnight.", ("tr", "Yaşasın özgürlük mücadelemiz")),
    ],
)
def test_song_line_of_its_own_with_letters_english_never_writes(text: str, expected: tuple[str, str]) -> None:
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "line",
    ["São Paulo, Brasília, Bogotá", "Crème brûlée recipes", "Fiancé visa requirements", "Café Society tickets on sale"],
)
def test_line_of_accented_names_or_loanwords_stays_english(line: str) -> None:
    assert _foreign(f"Weekly digest.\n{line}\nRead more below.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I also ordered the glühwein mit schuss at the market.", ("de", "glühwein mit schuss")),
        ("The song ends with Röslein auf der Heiden every time.", ("de", "Röslein auf der Heiden")),
        ("In Istanbul, the slogan Yaşasın özgürlük mücadelemiz was everywhere.", ("tr", "Yaşasın özgürlük mücadelemiz")),
        ("Later the motto became liberté, égalité, fraternité ou la mort for a while.", ("fr", "liberté, égalité, fraternité ou la mort")),
        ("Her grandmother always said que será será and smiled.", ("es", "que será será")),
    ],
)
def test_unquoted_phrase_inside_an_english_sentence(text: str, expected: tuple[str, str]) -> None:
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "We visited São Tomé and the Café Müller yesterday.",
        "Ségolène Royal met the Iraqi president Jalal Talabani in Paris.",
        "The slogan (Heroiam slava, IPA: [ɦeˈrɔjɐm ˈslɑwɐ]) spread quickly.",
        "The trend is called Lying Flat (tǎng píng) by young workers.",
        "The bar serves café au lait and jalapeño poppers until late.",
        "He loves the crème brûlée and the piña colada here.",
        "The ordinary English sentence has no foreign words at all.",
    ],
)
def test_names_pronunciations_and_single_loanwords_stay_english(text: str) -> None:
    assert _foreign(text) == []
