"""Latin-script foreign phrases inside English text (issue 9, classes 4 and 7): short quotations told by their own
function words, song lines of their own, and phrases without quote marks — and the names, pronunciations and
romanisations that must stay English."""

from __future__ import annotations

import pytest

import multiling
from multiling.segment import langid


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


def _foreign_pairs(text: str) -> list[tuple[str, str]]:
    return [(span.text, span.lang) for span in multiling.segment(text) if span.lang != "en"]


# A phrase with an English gloss right after it (in brackets, after "which translates to" / "meaning", or after a
# dash) or right before it (a bracketed phrase after the English it renders), whose words are words of one
# language and none an English word.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The old regime's motto was \"Travail, famille, patrie\" (Work, family, homeland) for four years.",
         [("Travail, famille, patrie", "fr")]),
        ('The flag carries the words "Ordem e Progresso," which translates to "Order and Progress".',
         [("Ordem e Progresso", "pt")]),
        ("Waiters greet you with buongiorno, and friends say buona sera (good evening) after dark.",
         [("buona sera", "it")]),
        ("The government launched a plan called Hambre Cero (zero hunger) in 2015, with the slogan "
         "Ni Una Menos (Not One Less) on every poster.",
         [("Ni Una Menos", "es")]),
        ("A group called Frauen Gemeinsam Gegen Rechts (Women Together Against the Right) organised the march.",
         [("Frauen Gemeinsam Gegen Rechts", "de")]),
        ("Every morning the guide said selamat pagi – good morning – to the whole group.",
         [("selamat pagi", "id")]),
        ("Learn to say “thank you” (dank je wel) before you visit Amsterdam.",
         [("dank je wel", "nl")]),
        ("Their anthem ends with the line \"Samen staan wij sterk\" (together we stand strong).",
         [("Samen staan wij sterk", "nl")]),
        ("The headline \"Yaşasın özgür basın\" (long live the free press) was printed in red.",
         [("Yaşasın özgür basın", "tr")]),
        ("He kept repeating the words \"Appel du 18 juin\" (Appeal of 18 June) in his speech.",
         [("Appel du 18 juin", "fr")]),
    ],
)
def test_segment_glossed_phrase_is_foreign(text, expected):
    assert _foreign_pairs(text) == expected


# Glossed, but no words of a Latin-script language: romanised Arabic, Hebrew, Persian, Korean, Japanese; names
# glossed by what they are; English words; one word or one hyphenated name.
@pytest.mark.parametrize(
    "text",
    [
        "The most common greeting is “Nowruz Mobarak,” which translates to “Happy Nowruz.”",
        'The word comes from the greeting "Shalom Aleichem" (peace be upon you) used across the region.',
        "The crowd shouted Allahu Akbar (God is greatest) as the results came in.",
        "Guests say itadakimasu (I humbly receive) before every meal in Japan.",
        "Bap is a Korean word for rice and bi bim means to stir or mix together.",
        "Prime minister Narendra Modi (BJP) met Xi Jinping (China's president) on Monday.",
        "The term Eid-ul-Fitr means \"breaking the fast\".",
        "We ordered a glass of Le Vallon (a blend of Grenache and Syrah) with dinner.",
        "The shop sold sleepy kittens (very cute) and old books (cheap) all day.",
        "Run ls -al — list all files in the directory, hidden ones included.",
        "The festival (held every spring) draws crowds from around the world.",
        "Good Morning – Добро утро (Dobro utro). Good night – Лека нощ (Leka nosht).",
    ],
)
def test_segment_glossed_phrase_leaves_names_and_romanisations_english(text):
    assert [lang for _, lang in _foreign_pairs(text) if lang not in ("bg", "ru", "mk", "uk")] == []


@pytest.mark.parametrize(
    "lang, words, known",
    [
        ("pt", ["ordem", "governo", "progresso"], 3),  # "progresso": a form of a listed word
        ("it", ["buona", "sera"], 2),
        ("id", ["selamat", "pagi"], 2),
        ("de", ["nowruz", "mobarak"], 0),
        ("fr", ["shalom", "aleichem"], 0),
        ("xx", ["anything"], 0),
    ],
)
def test_langid_known_words_counts_words_of_the_language(lang, words, known):
    assert langid.known_words(lang, words)[0] == known


@pytest.mark.parametrize("word, english", [("government", True), ("the", True), ("progresso", False), ("de", False)])
def test_langid_is_english_word(word, english):
    assert langid.is_english_word(word) is english


# A quotation after a word that announces a phrase (motto, slogan, chant, sang...), whose words are words of one
# language and none English; without such a word, names and English words the list misses stay English.
@pytest.mark.parametrize(
    "text, expected",
    [
        ('The national motto, "Ordem e Progresso," is written across the flag.', [("Ordem e Progresso", "pt")]),
        ("Fans kept singing “Oranje boven, oranje boven” after the final whistle.",
         [("Oranje boven, oranje boven", "nl")]),
        ('The old slogan "Prego, potete aiutarli" still hangs in the station.', [("Prego, potete aiutarli", "it")]),
    ],
)
def test_segment_announced_quotation_is_foreign(text, expected):
    assert _foreign_pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'The order of the day read "Discipline, composure, vigilance" on every wall.',
        'The officials amended the sign to say "NO ADMITTANCE" in red.',
        'The crowd chanted "Pakistan Zindabad" until the speech began.',
    ],
)
def test_segment_unannounced_or_romanised_quotation_stays_english(text):
    assert _foreign_pairs(text) == []


# A language named right before a quotation ("In Turkish, “…”", "the Latin phrase “…”") names its language;
# "French for “…”" introduces the English rendering, not the phrase.
@pytest.mark.parametrize(
    "text, expected",
    [
        ('In Turkish, "Yurtta sulh, cihanda sulh" was first said in 1931.', [("Yurtta sulh, cihanda sulh", "tr")]),
        ('It comes from the Latin phrase "concordia res parvae crescunt" of the old republic.',
         [("concordia res parvae crescunt", "la")]),
        ('Or, in Dutch, "Eendracht maakt macht" as grandmother used to say.', [("Eendracht maakt macht", "nl")]),
    ],
)
def test_segment_language_named_before_quotation(text, expected):
    assert _foreign_pairs(text) == expected


def test_segment_language_for_introduces_the_english_rendering():
    assert _foreign_pairs('Liberté, égalité, fraternité, French for "Liberty, equality, fraternity", is a motto.') == [
        ("Liberté, égalité, fraternité", "fr")
    ]


# A short line between lines of one foreign language (a refrain, a line too short or too full of names to be
# judged alone) takes their language; an English line between the verses (a translation) stops it.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The chorus:\nSah ein Knab ein Röslein stehn, Röslein auf der Heiden\nRöslein, Röslein, Röslein auf der Heiden\n"
         "Then the second verse.",
         [("Sah ein Knab ein Röslein stehn, Röslein auf der Heiden", "de"), ("Röslein, Röslein, Röslein auf der Heiden", "de")]),
        ("They sang:\nUna mattina mi son svegliato e ho trovato l'invasor\nO partigiano, porta mi via\n\nThe end.",
         [("Una mattina mi son svegliato e ho trovato l'invasor", "it"), ("O partigiano, porta mi via", "it")]),
    ],
)
def test_segment_verse_line_takes_the_language_of_its_verse(text, expected):
    assert _foreign_pairs(text) == expected


def test_segment_translation_between_verses_stays_english():
    text = "Una mattina mi son svegliato e ho trovato l'invasor\nOne morning I woke up\nIn German,\nFlorence Nightingale"
    assert _foreign_pairs(text) == [("Una mattina mi son svegliato e ho trovato l'invasor", "it")]


# A short line of its own (a list item, a proverb, a heading) whose words are one language's and none English.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Useful phrases.\n\nUn momento!\n\nThis means wait a moment.", [("Un momento", "it")]),
        ("Proverbs:\nNadie nace enseñado\nNobody is born taught.", [("Nadie nace enseñado", "es")]),
        ("Sayings:\nsamen sterk staan\nStanding strong together.", [("samen sterk staan", "nl")]),
    ],
)
def test_segment_line_of_one_language(text, expected):
    assert _foreign_pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Comments\n\nu/ikalwewe Jan 14 '20\n\nWhat if you're not a tourist?",
        "alt alt alt alt\n\nHow one word helps",
        "Meet the team\n\nAmália Rodrigues\n\nLuiz Inácio Lula da Silva",
        "Recipes\n\nTortilla de patata (english)\n\nIt is easy.",
    ],
)
def test_segment_line_of_names_dates_or_placeholders_stays_english(text):
    assert _foreign_pairs(text) == []


# A Title Case line or glossed title is a name unless two of its own function words name its language.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Songs\n\nNon, Je Ne Regrette Rien\n\nEdith Piaf sang it in 1960.", [("Non, Je Ne Regrette Rien", "fr")]),
        ("Non, Je Ne Regrette Rien (I Don't Regret Anything) was her last hit.", [("Non, Je Ne Regrette Rien", "fr")]),
        ("Books\n\nDer Mann Ohne Eigenschaften Und Die Zeit\n\nA long novel.",
         [("Der Mann Ohne Eigenschaften Und Die Zeit", "de")]),
    ],
)
def test_segment_title_case_line_told_by_two_function_words(text, expected):
    assert _foreign_pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Pictures\n\nSão Paulo, Brazil:\n\nRio de Janeiro, Brazil:\n\nMore soon.",
        "Translation\n\nAli Quli Qarai\n\nThere is no compulsion in religion.",
        "The congress was attended by Jong Java (Young Java) delegations.",
    ],
)
def test_segment_title_case_names_stay_english(text):
    assert _foreign_pairs(text) == []


# In plain ASCII, a run of words holding a telling function word of its language written in lowercase ("que",
# "mit", "che") is a phrase of that language; name particles ("de", "los") and Title Case names are not.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The first anthology, Proverbios que dicen las viejas tras el fuego, was written in 1508.",
         [("Proverbios que dicen las viejas tras el fuego", "es")]),
        ("In winter you can order it mit sahne at every stall.", [("mit sahne", "de")]),
        ("Her favourite reply was ma che vuoi when we asked.", [("ma che vuoi", "it")]),
    ],
)
def test_segment_ascii_phrase_told_by_function_words(text, expected):
    assert _foreign_pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "She moved to Los Angeles and then to Rio de Janeiro last year.",
        "The Que Sera Cafe opened on Main Street in 2019.",
        "We watched the Grand Prix from the stands with friends.",
    ],
)
def test_segment_ascii_names_with_particles_stay_english(text):
    assert _foreign_pairs(text) == []


# A list item that pairs a foreign quotation with its English one keeps them apart.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Expressions\n5. ‘Dat kan niet’ : ‘It can’t be done’\nYou will hear it often.", [("Dat kan niet", "nl")]),
        ("Phrases\n2. ‘Ich weiß es nicht’ : ‘I do not know’\nUseful everywhere.", [("Ich weiß es nicht", "de")]),
    ],
)
def test_segment_quotation_beside_its_english_rendering(text, expected):
    assert _foreign_pairs(text) == expected


# Between close languages on short text, the one whose word list holds more of the words wins a near tie.
@pytest.mark.parametrize(
    "text, lang",
    [
        ('They say "doe maar normaal dan doe je al gek genoeg" there.', "nl"),
        ('Grandma answered "heb ik wat van je aan" and laughed.', "nl"),
        ('He muttered "der Boden schwankt überall" to himself.', "de"),
    ],
)
def test_segment_short_quotation_language_by_word_lists(text, lang):
    assert [found for _, found in _foreign_pairs(text)] == [lang]


# A phrase found foreign once keeps its language where the document repeats it bare.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("She decrees “Nessun dorma” – “None shall sleep” – that night.\nLater Nessun Dorma became a football anthem.",
         [("Nessun dorma", "it"), ("Nessun Dorma", "it")]),
        ('The motto "Ordem e Progresso," is on the flag. Every child knows Ordem e Progresso by heart.',
         [("Ordem e Progresso", "pt"), ("Ordem e Progresso", "pt")]),
    ],
)
def test_segment_repeated_phrase_keeps_its_language(text, expected):
    assert _foreign_pairs(text) == expected


# A quotation after a word that announces a name (newspaper, party, restaurant...) is a name.
@pytest.mark.parametrize(
    "text",
    [
        'He told the newspaper "Jornal da Tarde" in 1989 that he would run.',
        'She dined at the restaurant "Le Petit Jardin de la Mer" last night.',
    ],
)
def test_segment_announced_name_stays_english(text):
    assert _foreign_pairs(text) == []


# A list item's number or emoji before a short line is no text: the line is still judged on its own.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gestures:\n🤷 3. Non lo so\n“I don’t know.”", [("Non lo so", "it")]),
        ("Sayings:\n2. Nadie nace enseñado\nNobody is born taught.", [("Nadie nace enseñado", "es")]),
    ],
)
def test_segment_numbered_line_of_one_language(text, expected):
    assert _foreign_pairs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('In class we learned that Kami ingin mean "We would like" in Indonesian.', [("Kami ingin", "id")]),
        ("When I say Urdu, I mean both Urdu and Hindi.", []),
    ],
)
def test_segment_phrase_glossed_after_mean(text, expected):
    assert _foreign_pairs(text) == expected


# A function word of the language that is no name particle anchors a short phrase's words ("je", "un").
@pytest.mark.parametrize(
    "text, expected",
    [
        ("In 1816 it switched to the House of Orange motto 'Je maintiendrai'.", [("Je maintiendrai", "fr")]),
        ("Gestures:\n🤏 4. Un pochino\n“Just a little bit.”", [("Un pochino", "it")]),
        ("We had a glass of Le Vallon (a blend of Grenache and Syrah) with dinner.", []),
    ],
)
def test_segment_phrase_anchored_by_function_word(text, expected):
    assert _foreign_pairs(text) == expected


# Frequent words (wordfreq, multiling/data/words/<lang>.frequent.txt) beside the FLORES ones: words of dishes,
# songs and greetings that ~1,000 sentences of news do not write, and a far larger English list; a word another
# language writes ten times as often as English is no English word. Title Case phrases count FLORES words only.
@pytest.mark.parametrize(
    "lang, words, known, flores_only",
    [
        ("es", ["patatas", "lindo"], 2, 0),
        ("it", ["dorme", "magari"], 2, 0),
        ("nl", ["lekker", "handhaven"], 2, 0),
        ("tr", ["selam", "olsun"], 2, 1),
        ("de", ["gemütlich", "vorkommt"], 2, 0),
        ("cy", ["croeso"], 0, 0),  # a language wordfreq lacks keeps its FLORES words only
    ],
)
def test_langid_known_words_reach_frequent_words(lang, words, known, flores_only):
    assert langid.known_words(lang, words)[0] == known
    assert langid.known_words(lang, words, frequent=False)[0] == flores_only


@pytest.mark.parametrize(
    "word, english",
    [("versatile", True), ("economical", True), ("admittance", True), ("ciao", False), ("que", False)],
)
def test_langid_large_english_list_leaves_out_other_languages_words(word, english):
    assert langid.is_english_word(word) is english


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('They sang "cielito lindo" until dawn.', ("es", "cielito lindo")),
        ('Grandma always said "chi dorme non piglia pesci" on Sundays.', ("it", "chi dorme non piglia pesci")),
        ('The motto "Ik zal volharden" hangs above the door.', ("nl", "Ik zal volharden")),
    ],
)
def test_segment_phrase_of_frequent_words_is_foreign(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "We ordered a bottle of La Tourelle (a red from the Rhone valley) with dinner.",
        "We walked down the Calle del Mar (Street of the Sea) to the harbour.",
        'He greeted us with "Salaam Aleikum" at the mosque.',
        "That was a super versatile and economical centre for the team.",
    ],
)
def test_segment_title_case_names_and_english_stay_english_with_frequent_words(text):
    assert _foreign(text) == []


# A quotation of two or more words written in lowercase after its first, none of them English and every one in one
# language's word lists, is that language's even with no word before it that announces a phrase: "grazie mille"
# has no function word and no letter English never writes, but no English list holds it and Italian's holds both.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('The waiter smiled when we said "grazie mille" after dinner.', ("it", "grazie mille")),
        ('Our host answered "terima kasih banyak" every single time.', ("id", "terima kasih banyak")),
        ('She wrote "hasta luego amigos" on the postcard.', ("es", "hasta luego amigos")),
        ('My neighbour just shrugged: "Komt goed, vriendje."', ("nl", "Komt goed, vriendje")),
    ],
)
def test_segment_lowercase_quotation_of_listed_words_is_foreign(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'We all said "kalo mina" to each other on the first of the month.',  # romanised Greek: short words
        'The placeholder "alt alt" was left in the template.',  # one word twice
        'Her handle "crazyfrog johnny" was everywhere.',  # no language's lists hold both
        'They named the boat "Grazie Mille" last year.',  # Title Case: a name
        'They ordered the "kimchi jjigae" and rice.',  # romanised Korean
    ],
)
def test_segment_quotation_of_unlisted_or_title_case_words_stays_english(text):
    assert _foreign(text) == []


# Words that a gloss repeats (a name, a word both languages write) are no evidence that the phrase before it is
# English: the phrase is judged on its other words, two at least.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Marchers chanted Memleket bizim, Taksim bizim (The country is ours, Taksim is ours) all night.",
            ("tr", "Memleket bizim, Taksim bizim"),
        ),
        (
            'The cartoon called it "Chômage, famine, pagaille" (Unemployment, famine, chaos) that week.',
            ("fr", "Chômage, famine, pagaille"),
        ),
        (
            "A new group, Mulheres Unidas Contra Temer (Women United Against Temer), marched on Sunday.",
            ("pt", "Mulheres Unidas Contra Temer"),
        ),
    ],
)
def test_segment_glossed_phrase_judged_without_the_words_its_gloss_repeats(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "We put oil into the pan (more or less enough oil to cover the pan) and warm it.",  # English "the" shared
        "He met Maria Santos (Santos is her mother's name) in Lisbon.",  # a name and one word left
        "The crowd cheered for Recep Tayyip (Recep Tayyip Erdogan) at the rally.",  # nothing but shared words
    ],
)
def test_segment_gloss_repeating_english_words_or_names_only_gives_no_phrase(text):
    assert _foreign(text) == []


# A sentence too short for the n-gram model alone, between English ones (a proverb before its translation), is
# its language's when three in four of its words are in that language's lists and none is English.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Our teacher wrote on the board. Kolay gelsin arkadaslar. May it come easy, friends.",
            ("tr", "Kolay gelsin arkadaslar"),
        ),
        (
            "The old farmer nodded. Tempo ruim, paciencia curta. Time is plenty, patience short.",
            ("pt", "Tempo ruim, paciencia curta"),
        ),
    ],
)
def test_segment_short_sentence_of_listed_words_between_english_ones_is_foreign(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "It was late. Everything happened quickly afterwards. Nobody remembered much.",
        "He shouted. Allahu akbar allahu akbar. Then he left.",  # romanised Arabic: in no list
        "Notes follow. Wo ai ni zhongguo. That was all.",  # pinyin
        "Setup steps. Install numpy pandas scipy. Then run it.",
        "Template text. Lorem lorem lorem lorem. More below.",  # one word repeated
    ],
)
def test_segment_short_sentence_of_english_romanised_or_repeated_words_stays_english(text):
    assert _foreign(text) == []

@pytest.mark.parametrize("text", [
    # Latin letters quoted right after the name of a language written in another script are a romanisation.
    "The band's name comes from the Korean phrase ‘bangtan sonyeondan’, bulletproof boy scouts.",
    "Japanese: “mono no aware”, the pathos of things.",
    "The Arabic word for peace, “salaam alaikum wa rahmatullah”, opens many letters.",
    "Her Hindi nickname ‘meri jaan hai tu’ stuck.",
    "The Russian expression “na zdorovye drug moy” is a toast.",
])
def test_segment_latin_a_quoted_romanisation_after_a_non_latin_language_name_stays_english(text: str) -> None:
    assert [span for span in multiling.segment(text) if span.lang != "en"] == []


def test_segment_latin_a_quotation_after_other_words_about_a_non_latin_language_is_still_judged() -> None:
    text = "Chinese tourists chanted “Vive la France, vive la République” in Paris."
    assert [(span.text, span.lang) for span in multiling.segment(text) if span.lang != "en"] == [
        ("Vive la France, vive la République", "fr")
    ]


# A quotation left open at the end of its line (a lyric, a quotation broken by a line break) runs to the line's
# end and is judged on its content like any other.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The whole stadium kept singing: “Forza ragazzi, forza ragazzi\nand the players waved back.", ("it", "Forza ragazzi, forza ragazzi")),
        ('On the radio she said "grazie mille\n(thank you very much)" and hung up.', ("it", "grazie mille")),
        ("« Liberté, égalité, fraternité\nis written on every town hall.", ("fr", "Liberté, égalité, fraternité")),
    ],
)
def test_segment_quotation_open_at_line_end_is_judged_on_its_content(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "He told reporters: “We will not give up on this city\nand we will rebuild it,” the mayor said.",
        'The screen is 6" wide and the "pro model\nis thicker.',
    ],
)
def test_segment_english_quotation_open_at_line_end_stays_english(text):
    assert _foreign(text) == []


# A run with one lowercase content word with letters English never writes is a phrase (a dish, a title) when every
# word is in one language's lists; a name writes its own words capitalised, and a function word inside a name
# ("für") or an English loan phrase says less.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bakery sold pão de queijo every morning.", ("pt", "pão de queijo")),
        ("We tried the famous köttbullar med potatismos there.", ("sv", "köttbullar med potatismos")),
        ("Students memorised the poem Ödeme günü quickly.", ("tr", "Ödeme günü")),
    ],
)
def test_segment_run_with_one_lettered_word_of_listed_words_is_foreign(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "We drove through Ciudad Juárez at night.",
        "We met at the Café de Flore in Paris.",
        "Since the coup d’état in February the junta has ruled.",
        "Our guide said the café was closed.",
        "She loved the jalapeño poppers at the fair.",
    ],
)
def test_segment_names_loans_and_single_lettered_words_stay_english(text):
    assert _foreign(text) == []


# A date on a line of its own (a weekday, the day, the month, the year) is in the language of its weekday and
# month when neither is English and both are in that language's lists; the numbers say the capitalised words are
# no name.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Martedì, 14 Ottobre 2014\nToday was a good day.", ("it", "Martedì, 14 Ottobre 2014")),
        ("Sábado, 12 Dezembro 2015\nRecipe of the day.", ("pt", "Sábado, 12 Dezembro 2015")),
        ("Jumat, 5 Maret 2010\nWe went to the beach.", ("id", "Jumat, 5 Maret 2010")),
    ],
)
def test_segment_date_line_in_another_language(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    ["Tuesday, 3 May 2016\nToday we went out.", "Monday, 5 Marzo 2020\nNotes.", "Paris, 14 July 2015\nNotes."],
)
def test_segment_english_date_line_stays_english(text):
    assert _foreign(text) == []


# On a short line of its own, a capitalised word after the first that English lists is a name, no evidence that
# the line is English.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Notes:\nHoje dormimos cedo, Jessica\nDone.", ("pt", "Hoje dormimos cedo, Jessica")),
        ("Notes:\nYarın erken gidiyoruz Michael\nDone.", ("tr", "Yarın erken gidiyoruz Michael")),
    ],
)
def test_segment_line_of_one_language_with_a_name_english_lists(text, expected):
    assert _foreign(text) == [expected]


def test_segment_english_line_with_a_name_stays_english():
    assert _foreign("Notes:\nGreat day with Jessica\nDone.") == []


# Phrases joined by "and", "or" or a comma before one gloss that renders them all are each that language's.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "From buongiorno to grazie mille and buona notte (“thank you very much” and “good night”) we learned a lot.",
            [("it", "grazie mille"), ("it", "buona notte")],
        ),
        ("In class, Saya mau and Kami mau mean “I want” and “we want”.", [("id", "Saya mau"), ("id", "Kami mau")]),
        (
            "We ate pão de queijo and bolo de fubá (cheese bread and corn cake) daily.",
            [("pt", "pão de queijo"), ("pt", "bolo de fubá")],
        ),
    ],
)
def test_segment_phrases_coordinated_before_one_gloss(text, expected):
    assert _foreign(text) == expected


def test_segment_english_words_coordinated_before_a_bracket_stay_english():
    assert _foreign("The house and the garden (a big place) were nice.") == []


# A phrase found foreign once is also repeated by its first words (two or more, none English, not ending on an
# article or a preposition): the short form of a title or a saying.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Grandma said "chi dorme non piglia pesci" every morning. Chi dorme, she insisted, loses out.',
            [("it", "chi dorme non piglia pesci"), ("it", "Chi dorme")],
        ),
        (
            'They chanted "Wir sind das Volk" in Leipzig. Wir sind, they said.',
            [("de", "Wir sind das Volk"), ("de", "Wir sind")],
        ),
        (
            "“Vive la République française” was painted on walls; vive la, he began.",
            [("fr", "Vive la République française")],
        ),
    ],
)
def test_segment_repeated_first_words_of_a_foreign_phrase(text, expected):
    assert _foreign(text) == expected


# A chant glossed after its exclamation marks: the marks stay inside the phrase, and a gloss settled as a sentence
# of its own ("(Go boys).") is still read with the English before it.
def test_segment_chant_with_exclamation_marks_before_its_gloss():
    text = "Outside, the cry Forza ragazzi!, forza ragazzi! (Go boys). Then silence."
    assert _foreign(text) == [("it", "Forza ragazzi!, forza ragazzi")]


def test_segment_english_exclamation_before_a_bracket_stays_english():
    assert _foreign("We said hello! (a greeting) and left.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('The seal reads "e pluribus unum" under the eagle.', ("la", "e pluribus unum")),
        ("Its motto, “Fluctuat nec mergitur” (tossed but not sunk), is on the city's arms.", ("la", "Fluctuat nec mergitur")),
        ('The university\'s motto is "lux et veritas", light and truth.', ("la", "lux et veritas")),
        ("The family motto ‘Dominus illuminatio mea’ is carved above the gate.", ("la", "Dominus illuminatio mea")),
        ('The old boast "civis Romanus sum" opened his speech.', ("la", "civis Romanus sum")),
    ],
)
def test_segment_latin_motto_in_quotes(text, expected):
    """Latin has no n-gram profile or word list: its function words and endings tell it (it is not Italian or
    French), and the multilingual fallback model glosses it."""
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'They named the boat "Marcus Aurelius" after the emperor.',  # a Latin name: capitalised
        'Everyone shouted "salaam alaikum" at the door.',  # a romanisation: letters Latin lacks
        'The club calls it "bonus status" in the rules.',  # English words of Latin shape
        'It was a "quid pro quo" and everyone knew it.',  # an English loan phrase
    ],
)
def test_segment_latin_shaped_names_romanisations_and_loans_stay_english(text):
    assert _foreign(text) == []


def test_segment_romance_phrase_of_latin_shape_keeps_its_language():
    assert _foreign('Order the “tortilla de patatas” at the bar.') != [("la", "tortilla de patatas")]
    assert not langid.is_latin_phrase(["tortilla", "de", "patatas"])  # words of the Spanish lists


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The pope blessed the crowd urbi et orbi (to the city and to the world) from the balcony.", ("la", "urbi et orbi")),
        ("Its motto was libertas et justitia (freedom and justice) for a century.", ("la", "libertas et justitia")),
    ],
)
def test_segment_latin_phrase_before_its_gloss(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Favourite sayings:\n• Alea iacta est. The die is cast.\n", ("la", "Alea iacta est")),
        ("Scientia Omnia Vincit translates as “Knowledge Conquers All”.", ("la", "Scientia Omnia Vincit")),
        ("Moniti Meliora Sequamur translates as “Instructed, let us follow better things”.", ("la", "Moniti Meliora Sequamur")),
        ("The ring bore the words Amor Vincit Omnia (love conquers all) inside.", ("la", "Amor Vincit Omnia")),
        ("Their crest says Audentes Fortuna Iuvat (fortune favours the bold) in gold.", ("la", "Audentes Fortuna Iuvat")),
    ],
)
def test_segment_latin_saying_on_its_own_line_or_title_case_before_its_gloss(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Yogurt owes its tang to Lactobacillus bulgaricus (a bacterium) in the milk.",  # a species: a name
        "Padma+asana=Padmasana.",  # romanised Sanskrit: vowel endings only
        "She is also known by her name Mahsa Amini (as the papers wrote it) abroad.",  # a name before a bracket
        "The Sunzi bingfa (The Art of War) is older.",  # pinyin
        'The proverb "upandacho ndicho uvunacho" is Swahili.',  # Bantu letter pairs
        "Every morning the guide said selamat pagi (good morning) to us.",  # Indonesian's listed words
        "Template text. Lorem lorem lorem lorem. More below.",  # one word repeated
    ],
)
def test_segment_species_names_and_romanisations_are_not_latin(text):
    assert all(lang != "la" for lang, _ in _foreign(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Idioms to know:\n1. Sputare il rospo\nLiteral translation: To spit the toad\n", ("it", "Sputare il rospo")),
        ("Idioms to know:\n3. Aus Schaden wird man klug.\nLiteral translation: Failure makes smart.\n", ("de", "Aus Schaden wird man klug")),
        ("Sayings:\nBez peněz do hospody nelez\n\nTranslation: Don't go to the pub without money.\n", ("cs", "Bez peněz do hospody nelez")),
        ("Next:\nHet beste paard struikelt wel eens\n\nThis proverb means that everyone makes mistakes.\n", ("nl", "Het beste paard struikelt wel eens")),
        ("Mottos:\nScientia Potentia Est\nMeaning: knowledge is power\n", ("la", "Scientia Potentia Est")),
    ],
)
def test_segment_line_before_its_translation_line(text, expected):
    """A short line followed by a line that renders it ("Literal translation:", "Meaning:", "This … means") is
    foreign when its words say which language, English-looking words of that language included ("man")."""
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'My favourite:\nGood morning to you all\n\nThis translates to "Buenos dias".\n',
        "Word of the day:\nThank you so much\nMeaning: gracias\n",
        "Our trip:\nWe went to Paris\nIt means a lot to us.\n",
        "Phrase:\nNowruz Mobarak\nMeaning: happy new year\n",  # romanised Persian
    ],
)
def test_segment_english_line_before_a_translation_line_stays_english(text):
    assert [span for span in _foreign(text) if span[1] not in ("Buenos dias", "gracias")] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sayings:\nKomt tijd, komt raad = Time brings counsel.\n", [("nl", "Komt tijd, komt raad")]),
        ("Phrases:\nsalud y pesetas → health and money\n", [("es", "salud y pesetas")]),
    ],
)
def test_segment_phrase_before_an_equals_sign_or_arrow_and_its_gloss(text, expected):
    assert _foreign(text) == expected


@pytest.mark.parametrize(
    "text",
    ["The formula is speed = distance over time, as you know.", "Set x = 5 and y = 10 before running it."],
)
def test_segment_english_around_an_equals_sign_stays_english(text):
    assert _foreign(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('In the evening people greet you with "Selamat sore" (good evening) on the street.', ("id", "Selamat sore")),
        ("My first words were “Aus Schaden wird man klug” (one learns from damage) at school.", ("de", "Aus Schaden wird man klug")),
    ],
)
def test_segment_quoted_glossed_phrase_with_a_word_english_also_writes(text, expected):
    """"sore" and "man" are English words, but the gloss says the phrase is foreign and Indonesian and German
    write them too."""
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "She called it “fast food” (junk) again.",
        "The shop sign said “Super Sale” (big discounts) all week.",
        "He said “the end” (finally) and left.",
    ],
)
def test_segment_quoted_english_before_a_bracket_stays_english(text):
    assert _foreign(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Summers there were pure dolce far niente (sweet idleness) for us.", ("it", "dolce far niente")),
        ("At dinner they said buon appetito a tutti (enjoy your meal, everyone) loudly.", ("it", "buon appetito a tutti")),
    ],
)
def test_segment_glossed_phrase_with_an_english_looking_word_inside(text, expected):
    """"far" and "a" are English words, but inside a lowercase phrase of Italian words before its gloss, Italian
    writes them too."""
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "We saw Santa Maria in Trastevere (a church) at noon.",  # a name around an English word
        "We visited São Paulo and Rio (two cities) last year.",
        "He ordered grazie mille and buona notte (thank you and good night) twice.",  # two phrases, not one
    ],
)
def test_segment_names_around_an_english_word_before_a_bracket(text):
    assert all(" in " not in phrase and " and " not in phrase for _, phrase in _foreign(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Shouts of "Viva la Revolución" greeted him.', ("es", "Viva la Revolución")),
        ("Fans kept chanting 'Forza Italia Sempre' after the match.", ("it", "Forza Italia Sempre")),
        ('The fans chanted "Vamos los Pibes" until dawn.', ("es", "Vamos los Pibes")),  # was Portuguese
    ],
)
def test_segment_cued_title_case_slogan_of_three_words(text, expected):
    """After a word that announces a phrase, a Title Case slogan of three words is judged on all its language's
    words, the frequent ones included (a name would not follow "shouts of")."""
    assert _foreign(text) == [expected]


def test_segment_uncued_title_case_quotation_stays_a_name():
    assert _foreign('He reads "Vamos los Pibes" every morning.') == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Books to read:\nEl amor en los tiempos del colera / Love in the Time of Cholera (1985)\n", ("es", "El amor en los tiempos del colera")),
        ("Books to read:\nIl nome della rosa / The Name of the Rose (1980)\n", ("it", "Il nome della rosa")),
    ],
)
def test_segment_title_before_a_slash_and_its_english_title(text, expected):
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text", ["Use and / or in the form, he / she said.", "Our albums: Lost Highway / Mad Season (2001) and more."]
)
def test_segment_english_around_a_slash_stays_english(text):
    assert _foreign(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He launched a program called Fome Zero (zero hunger) in 2003.", ("pt", "Fome Zero")),
        ("Protesters wrote Erdogan Istifa (Resign Erdogan) on the walls.", ("tr", "Erdogan Istifa")),
    ],
)
def test_segment_phrase_whose_gloss_repeats_all_but_one_word(text, expected):
    """The gloss keeps one word as it is and renders the other: a translation, not a description of a name."""
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "We met Narendra Modi (Prime Minister Modi) there.",
        "They went to Hotel Adlon (the Adlon) for tea.",
        "The team Real Madrid (Madrid FC) won.",
    ],
)
def test_segment_name_glossed_by_a_description_that_repeats_it_stays_english(text):
    assert _foreign(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('She said it often.\n"Ringan sama dijinjing, berat sama dipikul."\n\nLight is carried together.\n', ("id", "Ringan sama dijinjing, berat sama dipikul")),
        ('She said it often.\n"Bagai kacang lupa kulitnya."\n\nLike a peanut forgetting its shell.\n', ("id", "Bagai kacang lupa kulitnya")),
    ],
)
def test_segment_quotation_alone_on_its_line_is_set_off_as_a_phrase(text, expected):
    """A quotation that is a line of its own (a proverb, a slogan) is judged as a quotation after a cue word is:
    its words need not all be listed."""
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    "text", ['The sign:\n"Welcome to our home"\nwas by the door.\n', 'Their team:\n"Real Madrid Club"\nwon again.\n']
)
def test_segment_english_or_a_name_quoted_alone_on_its_line_stays_english(text):
    assert _foreign(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Another:\n"Her işte bir hayır vardır."\nLiteral translation: There is good in everything.\n', ("tr", "Her işte bir hayır vardır")),
        ("Saying 4\n“Aus Fehlern wird man klug”\n\nLiterally: one gets wise from mistakes.\n", ("de", "Aus Fehlern wird man klug")),
    ],
)
def test_segment_quotation_alone_on_its_line_before_its_translation(text, expected):
    """"her" and "man" are English words: the translation line after the quotation says the quotation is foreign,
    and Turkish and German write them too."""
    assert _foreign(text) == [expected]


def test_segment_english_quotation_before_a_meaning_line_stays_english():
    assert _foreign('Another:\n"We are the champions"\nMeaning: we won.\n') == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "My uncle wrote:\nIm Jahr 2013 feiert die Stadt ihr Jubiläum zum 25. Mal. Wir freuen uns sehr darauf und laden alle ein.\n",
            [("de", "Im Jahr 2013 feiert die Stadt ihr Jubiläum zum 25. Mal. Wir freuen uns sehr darauf und laden alle ein")],
        ),
        ("The party was on the 3rd. We came at 5. Then we left.", []),
    ],
)
def test_segment_german_ordinal_ends_no_sentence(text, expected):
    """"zum 25. Mal" is an ordinal: the full stop after it ends no sentence (an English "at 5." does)."""
    assert _foreign(text) == expected
    from multiling.segment import segmenter

    assert segmenter._ends_with_ordinal("am 3. ", 0, 6) and not segmenter._ends_with_ordinal("at 5. ", 0, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("People say buona fortuna, which roughly means good luck, before exams.", [("it", "buona fortuna")]),
        ("Grandparents call them atasözleri, or ata sözü, which literally translates to “words of the ancestors”.", [("tr", "ata sözü")]),
        ("It was a nice day, which literally means nothing.", []),
    ],
)
def test_segment_phrase_before_which_literally_means(text, expected):
    assert [span for span in _foreign(text) if span[1] != "atasözleri"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Proverbs:\nEr is altijd baas boven baas = Every boss has a boss.\n", ("nl", "Er is altijd baas boven baas")),
        ("Sayings:\n2. Wie is er bang voor de boze wolf – Who is afraid of the big bad wolf\n", ("nl", "Wie is er bang voor de boze wolf")),
    ],
)
def test_segment_glossed_proverb_from_its_line_start(text, expected):
    """The walk back from the gloss stops at "is" (an English word); the words before it on the line are Dutch
    function or FLORES words, so the proverb starts at the line's start."""
    assert _foreign(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "MADRID (EFE) — El Gobierno aprobó hoy una nueva ley de vivienda para los jóvenes de todo el país.",
            ("es", "El Gobierno aprobó hoy una nueva ley de vivienda para los jóvenes de todo el país"),
        ),
        (
            "From the wire: LYON (AFP) - Le maire a annoncé mardi la fermeture de trois écoles de la ville.",
            ("fr", "Le maire a annoncé mardi la fermeture de trois écoles de la ville"),
        ),
    ],
)
def test_segment_news_dateline_is_no_part_of_the_story(text, expected):
    assert _foreign(text) == [expected]


def test_segment_quotation_after_called_or_known_as_is_announced():
    """"called", "known as", "titled", "idiom" announce a phrase as "motto" does; English stays English."""
    assert _foreign("In Indonesia the holiday is called ‘Hari Kebangkitan Nasional’ by everyone.") == [
        ("id", "Hari Kebangkitan Nasional")
    ]
    assert _foreign("A charity called “Save the Children” helped.") == []
