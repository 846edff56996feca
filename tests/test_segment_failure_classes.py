"""The failure classes real articles exposed (issue 9, part 2): one parametrized table per class, own examples.

Each case asserts on sliced text (``span.text``) and language, never on raw offsets.
"""

import os
import subprocess
import sys

import pytest

from multiling.segment import segment


def foreign(text):
    return [(span.text, span.lang) for span in segment(text) if span.lang != "en"]


# 1. A line that is only a quotation is judged on its content.
@pytest.mark.parametrize(
    "text, expected",
    [
        ('The crowd chanted:\n"Liberté, égalité, fraternité, pour toujours!"\nand then dispersed.',
         [("Liberté, égalité, fraternité, pour toujours", "fr")]),
        ("The banner read:\n“Wir sind das Volk und wir bleiben hier”\nin large letters.",
         [("Wir sind das Volk und wir bleiben hier", "de")]),
        ("She sang the chorus:\n«Una mattina mi son svegliato, o bella ciao»\nwith the whole room.",
         [("Una mattina mi son svegliato, o bella ciao", "it")]),
        ("He wrote on the wall:\n'El pueblo unido jamás será vencido'\nbefore he left.",
         [("El pueblo unido jamás será vencido", "es")]),
        ('The plaque says:\n"Aqui nasceu a liberdade de um povo inteiro"\nin bronze.',
         [("Aqui nasceu a liberdade de um povo inteiro", "pt")]),
    ],
)
def test_segment_line_that_is_only_a_quotation_is_judged_on_its_content(text, expected):
    assert foreign(text) == expected


# 2. Quotations after a foreign-looking source name, in every kind of quote marks; the full stop inside or after.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le Monde declared: “Certains animaux, comme les éléphants et les girafes, s'approchent souvent des voitures”.",
         [("Certains animaux, comme les éléphants et les girafes, s'approchent souvent des voitures", "fr")]),
        ("El País wrote: “Los precios de la vivienda subieron un diez por ciento en la capital el año pasado”.",
         [("Los precios de la vivienda subieron un diez por ciento en la capital el año pasado", "es")]),
        ("Die Zeit wrote: “Der Rhein ist der längste Fluss Deutschlands. Er fließt durch viele Städte”.",
         [("Der Rhein ist der längste Fluss Deutschlands. Er fließt durch viele Städte", "de")]),
        ("Protesters held signs reading 'nunca más la violencia contra nosotros' outside.",
         [("nunca más la violencia contra nosotros", "es")]),
        ('La Repubblica quoted him: "Non abbiamo paura di nessuno, andremo avanti fino alla fine”.',
         [("Non abbiamo paura di nessuno, andremo avanti fino alla fine", "it")]),
        ("Le Figaro ran the headline «Le gouvernement annonce une nouvelle réforme des retraites» on Monday.",
         [("Le gouvernement annonce une nouvelle réforme des retraites", "fr")]),
        ("The Swiss paper printed ‹Die Verhandlungen sind am Montag gescheitert› on its front page.",
         [("Die Verhandlungen sind am Montag gescheitert", "de")]),
        ("Der Spiegel: „Die Regierung hat die Wahl verloren und muss jetzt gehen“, it wrote.",
         [("Die Regierung hat die Wahl verloren und muss jetzt gehen", "de")]),
        ("O Globo said ‘o presidente não vai participar da reunião amanhã’ in its late edition.",
         [("o presidente não vai participar da reunião amanhã", "pt")]),
        ('Hürriyet wrote: "Türkiye ekonomisi bu yıl yüzde beş büyüdü." The lira fell anyway.',
         [("Türkiye ekonomisi bu yıl yüzde beş büyüdü", "tr")]),
        ('NRC quoted the mayor: "We gaan de stad samen opnieuw opbouwen. Niemand blijft achter." Then he left.',
         [("We gaan de stad samen opnieuw opbouwen. Niemand blijft achter", "nl")]),
    ],
)
def test_segment_quotation_after_a_source_name_is_the_span_and_the_source_is_not(text, expected):
    assert foreign(text) == expected


# 3. Non-Latin letters never sit inside an English span; a script change is always a boundary; labels end a run.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kuwait (Arabic: الكويت al-Kuwayt; Persian: کویت) is a small country.", [("الكويت", "ar"), ("کویت", "fa")]),
        ("Kuwait (Arabic: الكويت; Persian: کویت)", [("الكويت", "ar"), ("کویت", "fa")]),
        ("Jerusalem (Hebrew: ירושלים Yerushalayim; Arabic: القدس al-Quds) is holy to three faiths.",
         [("ירושלים", "he"), ("القدس", "ar")]),
        ("Kyiv (Ukrainian: Київ, romanized: Kyiv; Russian: Киев) is the capital.", [("Київ", "uk"), ("Киев", "ru")]),
        ("Lahore (Punjabi: لہور; Urdu: لاہور) is in Pakistan.", [("لہور", "ur"), ("لاہور", "ur")]),
        ("Tokyo (Japanese: 東京都, romanized: Tōkyō-to) is large.", [("東京都", "zh")]),
        ("Seoul (Korean: 서울; lit. capital) hosted the games.", [("서울", "ko")]),
    ],
)
def test_segment_script_change_and_labels_are_boundaries(text, expected):
    assert foreign(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"사랑해" [pronunciation : sa-rang-hae] 사랑(love) + 해(do) → I love you',
         [("사랑해", "ko"), ("사랑", "ko"), ("해", "ko")]),
        ("People hang “福倒” (Fu Dao) upside down; 福(Fu) means luck.", [("福倒", "zh"), ("福", "zh")]),
        ("It ends with the particle れ. The first kanji 木 means tree.", [("れ", "ja"), ("木", "ja")]),
        ("Он сказал «нет» (no) и ушёл.", [("Он сказал «нет» (no) и ушёл", "ru")]),
    ],
)
def test_segment_brackets_quotes_and_sentence_ends_in_english_framing_are_boundaries(text, expected):
    assert foreign(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kuwait (Arabic: الكويت al-Kuwayt; Persian: کویت) is a small country.",
        "Athens (Greek: Αθήνα, Athína) and Moscow (Russian: Москва, Moskva) were compared.",
        "The FIFA World Cup (كأس العالم) starts in Qatar.",
    ],
)
def test_segment_no_non_latin_letter_inside_an_english_span(text):
    for span in segment(text):
        if span.lang == "en":
            assert all(not char.isalpha() or "LATIN" in __import__("unicodedata").name(char) for char in span.text), span


# 4. Short Latin-script foreign phrases in quotes or delimited by ¡…!
@pytest.mark.parametrize(
    "text, expected",
    [
        ('Thousands marched under the banner "Je Suis Charlie" in Paris.', [("Je Suis Charlie", "fr")]),
        ("Fans sang 'No Pasarán' all night.", [("No Pasarán", "es")]),
        ("Signs read ¡No pasarán! across the city.", [("No pasarán", "es")]),
        ("The chancellor's line “Wir schaffen das” became famous.", [("Wir schaffen das", "de")]),
        ("Everyone shouted «Vive la France» at the end.", [("Vive la France", "fr")]),
        ("The crowd kept asking ¿Dónde están nuestros hijos? for hours.", [("Dónde están nuestros hijos", "es")]),
        ("The campaign slogan 'Ne mutlu Türküm diyene' is everywhere.", [("Ne mutlu Türküm diyene", "tr")]),
    ],
)
def test_segment_short_foreign_phrases_are_spans(text, expected):
    assert foreign(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Unity makes strength" (Dutch: Eendracht maakt macht, pronounced [x]; French: L\'union fait la force; '
         "German: Einigkeit macht stark) is the national motto.",
         [("Eendracht maakt macht", "nl"), ("L'union fait la force", "fr"), ("Einigkeit macht stark", "de")]),
        ("The motto of the state (Latin: Regnat populus) dates from 1907.", [("Regnat populus", "la")]),
        ("The Dominican Republic (Spanish: República Dominicana) is in the Caribbean.", [("República Dominicana", "es")]),
        ("The Canal District (Dutch: Grachtengordel) is famous.", []),  # one word after a label: a name
        ("The ship (Italian: the Flying One) sank.", []),  # English words after the label
    ],
)
def test_segment_phrase_after_a_language_label_is_in_that_language(text, expected):
    assert foreign(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The German phrase\nWir schaffen das\nbecame famous.", [("Wir schaffen das", "de")]),
        ("Useful phrases:\nNon lo so\nmeans I don't know.", [("Non lo so", "it")]),
        ("Comments\nTidak ada komentar\nPost a comment", [("Tidak ada komentar", "id")]),
        ("Pictures\nSão Paulo, Brazil\nRio de Janeiro, Brazil", []),  # lines of names
        ("Menu\ncafé au lait\nespresso", []),  # a dish, not a sentence
        ("Breaking News\nTop Stories\nRelated Articles", []),
    ],
)
def test_segment_short_line_of_its_own_is_judged_on_its_function_words(text, expected):
    assert foreign(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'The film "Star Wars" opened in 1977.',
        "Analysts called it a “déjà vu” moment.",
        "It was a “coup d'état” in all but name.",
        "The “status quo” held.",
        'He supports "Real Madrid" and little else.',
        "They cheered 'Allahu Akbar' as the results came in.",
        'A banner said "Ramadan Mubarak" above the door.',
        "The show 'Breaking Bad' ended in 2013.",
        'She said "thank you so much" and left.',
    ],
)
def test_segment_quoted_names_titles_and_loan_phrases_stay_english(text):
    assert foreign(text) == []


# 5. One-character words in scripts where one character is a word.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The character 浮 means floating.", [("浮", "zh")]),
        ("The kana の is a possessive particle.", [("の", "ja")]),
        ("The syllable 한 means one.", [("한", "ko")]),
        ("Write 水 and 火 side by side.", [("水", "zh"), ("火", "zh")]),
        ("The top characters:\n1 福 (fú) - good fortune\n2 禄 (lù) - prosperity", [("福", "zh"), ("禄", "zh")]),
    ],
)
def test_segment_one_character_words_are_spans(text, expected):
    assert foreign(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The value of π is about 3.14.",
        "The letter ә is a schwa.",
        "My current schedule includes l'Astrance, Le Cinq, Jules Verne, Septime, Les Papilles and maybe Le Meurice",
    ],
)
def test_segment_lone_letters_and_lists_of_names_stay_english(text):
    assert foreign(text) == []


# 6. Letters only one language writes decide it, even in a short name.
@pytest.mark.parametrize(
    "text, lang",
    [
        ("The poet (علامہ اقبال) wrote in Persian too.", "ur"),
        ("Her name is written ٹیپو in the papers.", "ur"),
        ("The city of (سلێمانی) is in the north.", "ckb"),
        ("The party (یەکێتی نیشتمانی کوردستان) won.", "ckb"),
        ("The Kurdish word (کوردستانێ) appears.", "ckb"),
        ("The slogan Слава Україні was everywhere.", "uk"),
        ("A sign read Їжак in the window.", "uk"),
        ("The word Мінск is Belarusian.", "uk"),
    ],
)
def test_segment_distinctive_letters_decide_the_language_of_a_short_name(text, lang):
    assert [found for _, found in foreign(text)] == [lang]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Urdu letters settle the document; the short names beside them write none and follow it.
        ("The poet (فیض احمد فیض) wrote ہم دیکھیں گے in 1979. His friend (سلیم کوثر) sang it.",
         [("فیض احمد فیض", "ur"), ("ہم دیکھیں گے", "ur"), ("سلیم کوثر", "ur")]),
        # Persian letters settle it; نوروز writes neither Persian nor Arabic letters.
        ("They said چهارشنبه سوری and then نوروز began.", [("چهارشنبه سوری", "fa"), ("نوروز", "fa")]),
        # One Arabic and one Persian name: no majority, each keeps its own.
        ("Kuwait (Arabic: الكويت; Persian: کویت)", [("الكويت", "ar"), ("کویت", "fa")]),
    ],
)
def test_segment_short_arabic_script_names_follow_the_document(text, expected):
    assert foreign(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The word सरकार means government.", [("सरकार", "hi")]),
        ("He said का and है twice.", [("का", "hi"), ("है", "hi")]),
        ("The poet Абӯабдуллоҳ Рӯдакӣ wrote in Persian.", [("Абӯабдуллоҳ Рӯдакӣ", "tg")]),
        ("The letter و means and.", [("و", "ar")]),
    ],
)
def test_segment_short_words_take_their_script_s_main_language(text, expected):
    assert foreign(text) == expected


def test_segment_kanji_only_name_in_a_japanese_document_is_japanese():
    text = "The novel 吾輩は猫である was a hit. Its author 夏目漱石 was a teacher."
    assert foreign(text) == [("吾輩は猫である", "ja"), ("夏目漱石", "ja")]


def test_segment_han_in_a_chinese_document_stays_chinese():
    text = "The slogan 为人民服务 was painted everywhere. Its author 毛泽东 died in 1976."
    assert foreign(text) == [("为人民服务", "zh"), ("毛泽东", "zh")]


# 7. Romanised foreign text is not a span of an unrelated language.
@pytest.mark.parametrize(
    "text",
    [
        'The rapper\'s line was "wo ai ni zhongguo wo de jia" in pinyin.',
        'The chant "dil dil Pakistan jaan jaan Pakistan" filled the stadium.',
        "He greeted us with 'kya haal hai bhai' and laughed.",
        'The crowd answered "privet kak dela" in unison.',
        "The host said 'arigato gozaimasu minna san' and bowed.",
        'The verse begins "hum dekhenge lazim hai ke hum bhi dekhenge" in transliteration.',
        'They whispered "ni hao ma xie xie ni" to the guide.',
        "Every speech opens with 'bismillah ir rahman ir rahim' here.",
    ],
)
def test_segment_romanised_text_is_not_an_unrelated_language(text):
    assert foreign(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Beside the native text on its line, romanised words are its romanisation: only the native text is a span.
        ("His film 君の名は (Kimi no na wa) was a hit.", [("君の名は", "ja")]),
        ("The poster said 我爱你中国 (wo ai ni zhongguo) in red.", [("我爱你中国", "zh")]),
        ("Our guide wrote сделай сам — sdelai sam na zavtra on the board.", [("сделай сам", "ru")]),
        ("She sang 사랑해요 saranghaeyo nae sarang all night.", [("사랑해요", "ko")]),
        # A language English news does quote, beside the native text, keeps its verdict.
        ("Posters: Слава Україні / Gloire à l'Ukraine et à son peuple.", [("Слава Україні", "uk"), ("Gloire à l'Ukraine et à son peuple", "fr")]),
    ],
)
def test_segment_a_romanisation_beside_its_native_text_is_no_span(text, expected):
    assert foreign(text) == expected


def test_segment_confidence_is_higher_for_long_clear_text_than_for_short_text():
    long = foreign("Il a dit: « Nous allons reconstruire cette ville ensemble, pierre par pierre, et personne ne sera oublié ».")
    short = foreign("Fans sang 'No Pasarán' all night.")
    [long_span] = [s for s in segment("Il a dit: « Nous allons reconstruire cette ville ensemble, pierre par pierre, et personne ne sera oublié ».") if s.lang == "fr"]
    [short_span] = [s for s in segment("Fans sang 'No Pasarán' all night.") if s.lang == "es"]
    assert long and short and long_span.confidence > short_span.confidence


# 8. Same input, same spans, in every process (hash seeds differ between processes).
_DETERMINISM_TEXTS = [
    "Our children visit us in the รlysรฉe Palace . The little ones run around.",
    "Kuwait (Arabic: الكويت al-Kuwayt; Persian: کویت) is a small country.",
    'The crowd chanted:\n"Liberté, égalité, fraternité, pour toujours!"\nand then dispersed.',
    "Mixed 东京 and Москва and ירושלים and αβγ in one line, with 'nunca más la violencia' too.",
]


def test_segment_is_the_same_in_every_process():
    code = (
        "import json, sys, multiling\n"
        "texts = json.loads(sys.stdin.read())\n"
        "print(json.dumps([[(s.start, s.end, s.lang, s.script, s.confidence) for s in multiling.segment(t)] for t in texts]))\n"
    )
    import json

    outputs = set()
    for seed in ("0", "1", "2", "3", "42", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", code], input=json.dumps(_DETERMINISM_TEXTS), capture_output=True,
                                text=True, env=env, check=True)
        outputs.add(result.stdout)
    assert len(outputs) == 1, outputs


def test_segment_mojibake_word_is_not_a_foreign_span():
    assert foreign("Our children visit us in the รlysรฉe Palace . The little ones run around.") == []


# Issue 11 item 2: one long sentence without a break is judged in bounded windows (memory linear, small).
@pytest.mark.parametrize("kind", ["french", "a-dot", "handles"])
def test_segment_one_long_sentence_uses_memory_linear_in_its_length(kind):
    import tracemalloc

    words = {
        "french": "le gouvernement a annoncé une nouvelle réforme des retraites pour tous les travailleurs".split(),
        "a-dot": ["a."],
        "handles": ["@someone", "https://t.co/x", "#tag", "et", "nous", "sommes", "là"],
    }[kind]
    text = " ".join(words[i % len(words)] for i in range(60_000))
    segment(text[:2000])  # models built outside the measurement
    tracemalloc.start()
    try:
        spans = segment(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sum(len(span.text) for span in spans) <= len(text)
    # The text's copies (skeleton, lowercase, the spans' texts): some bytes per character, never an n-gram row
    # (31 floats) or a word object per character. 20 bytes a character is 300 MB for 16 MB of text.
    assert peak < 20 * len(text) + 2_000_000, (kind, peak, len(text))


# Speed (issue 9 part 3): a line of Latin script takes a direct path (segmenter._latin_line_spans), and a line of
# a document with no letter of another script a settled-English shortcut (segmenter._settled_english_line), that
# must give exactly what the full path gives: the same spans, languages and confidences.
_ENGLISH_LINES = [
    "Always refer to the instructor as ‘Sensei’ when you are in the dojo.",
    "Wow wow wow, he’s home 🤩♥️ and the fans are all over the place…",
    "She ordered a café au lait and the glühwein mit schuss at the market in the old town.",
    "Thousands marched under the banner “Je Suis Charlie” in Paris on Sunday.",
    "The word cafe\u0301 is written with a combining accent in this old file\u0301",
    "A soft\u00adhyphen and a no\u00a0break space sit in this line of the text.",
    "The quick brown fox jumps over the lazy dog. Then it was gone in the night.",
    'He said "this is not over" and left the room with his friends.',
    "Follow @someone on https://t.co/abc for #news about the election results in the state.",
    "Mr. Smith and Dr. Jones went to the U.S. embassy at 10 a.m. on Monday to meet the officials.",
    "It's the students' union, and they're 'not happy' about what the dean said at the meeting.",
    "The motto (Latin: Regnat populus) was adopted in 1907 by the state legislature.",
    "Bibimbap is a popular Korean dish.",
    "Protesters held signs reading 'nunca mas la violencia contra nosotros' outside the building.",
    "   leading and trailing spaces are trimmed from the span of the sentence ...   ",
    "!!! ??? ...",
]


@pytest.mark.parametrize("text", _ENGLISH_LINES)
def test_segment_plain_english_path_equals_the_full_path(text, monkeypatch):
    from multiling.segment import segmenter

    fast = segment(text)
    _take_the_full_path(monkeypatch, segmenter)
    assert fast == segment(text)


def _take_the_full_path(patch, segmenter) -> None:
    """Turn the direct Latin-line path and the settled-English line shortcut off."""
    patch.setattr(segmenter, "_latin_line_spans", lambda _text, _codes: None)
    patch.setattr(segmenter, "_settled_english_line", lambda _text, _codes, _start, _end, _context: None)


def _assert_direct_path_equals_full_path(monkeypatch, pieces: list[str], examples: int) -> None:
    """Random texts joined from ``pieces``: the direct Latin-line path gives what the full path gives."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from multiling.segment import segmenter

    @settings(max_examples=examples, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(pieces), max_size=30).map(" ".join))
    def check(text):
        direct = segmenter.segment(text)
        with monkeypatch.context() as patch:
            _take_the_full_path(patch, segmenter)
            assert direct == segmenter.segment(text), text

    check()


def test_segment_plain_english_path_equals_the_full_path_on_random_ascii(monkeypatch):
    _assert_direct_path_equals_full_path(monkeypatch, [
        "the", "and", "of", "a", "said", "le", "de", "la", "Paris", "@who", "#tag", "x.com/y",
        '"', "'", "(", ")", ".", ",", "!", "?", ":", "Latin:", "mr.", "no", "si", "est", "1907"], examples=300)


def test_segment_latin_line_path_equals_the_full_path_on_random_text(monkeypatch):
    # Words that reach every condition of the direct path: non-ASCII punctuation, emoji with variation selectors,
    # combining marks, Latin letters outside ASCII (foreign phrases), other scripts and line breaks (full path),
    # attributions, language labels, quotations.
    _assert_direct_path_equals_full_path(monkeypatch, [
        "the", "and", "of the", "is", "said", "le", "de", "la", "mit", "für", "très", "café", "São",
        "glühwein mit schuss", "Yaşasın özgürlük mücadelemiz", "c'est très bien", "in the", "to a",
        "Paulo", "déjà", "vu", "@who", "#tag", "x.com/y", "“", "”", "‘", "’", "«", "»", "…", "—",
        "♥\ufe0f", "🤩", "e\u0301", "\u00ad", "\u00a0", "\u2028", "\n", "²", "Москва",
        "القاهرة", "東京", "(@who)", "French:", "Latin:", "(Latin: Regnat populus)", ".", ",", "!", "?", '"', "'", "1907",
        "Fome Zero", "(zero hunger)", "meaning", "–", "-", "que", "las", "Proverbios"],
        examples=400)


def test_segment_foreign_phrases_walks_the_runs_every_word_walk_finds(monkeypatch):
    """_foreign_phrases walks only the runs of words around a seed (a word with a letter outside ASCII or a
    telling function word): it finds what walking every word finds, on random text."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from multiling.segment import langid, segmenter

    def every_word_walk(text: str) -> list:
        """The walk over every word: runs of words with no English function word and only spaces, commas and
        hyphens between them, each of two words or more judged by _phrase_guess."""
        phrases, run = [], []

        def close_run() -> None:
            if len(run) >= segmenter.MIN_QUOTATION_WORDS:
                found = segmenter._phrase_guess(run)
                if found is not None:
                    phrases.append(found)
            run.clear()

        for match in re.finditer(segmenter._WORD.pattern, text):
            if match.group().lower() in langid.ENGLISH_WORDS:
                close_run()
                continue
            if run and not re.fullmatch(r"[ ,\-]+", text[run[-1].end() : match.start()]):
                close_run()
            run.append(match)
        close_run()
        return phrases

    pieces = ["the", "and", "in", "Paris", "mit", "schuss", "glühwein", "Yaşasın", "özgürlük", "mücadelemiz",
              "que", "dicen", "las", "viejas", "Proverbios", "São", "Tomé", "c'est", "très", "bien", "nous", "und",
              "Je", "je", "ne", "regrette", "rien", ",", "-", ".", ";", "  ", "ʃaˈlom"]

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(pieces), max_size=25).map(" ".join))
    def check(text):
        if segmenter._NON_ASCII_LETTER.search(text) or segmenter._may_hold_ascii_phrase(text):
            assert segmenter._foreign_phrases(text, 0, len(text)) == every_word_walk(text), text

    check()


def test_segment_phrase_told_by_letters_and_glossed_at_the_same_bounds_does_not_crash():
    # The same phrase found by its letters and as a glossed one (the bracket after it): one span, no TypeError
    # from comparing two verdicts when the bounds tie.
    text = "the Yaşasın özgürlük mücadelemiz (@who)"
    spans = segment(text)
    assert "".join(span.text for span in spans if span.lang != "en") == "Yaşasın özgürlük mücadelemiz"


def test_segment_gloss_trigger_finds_what_its_regex_finds():
    """_may_hold_glossed_phrase looks for its trigger's literals instead of running the regex: the same answer."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from multiling.segment import segmenter

    trigger = re.compile(r"[(\[]|\b(?:translat|mean|literally)|\s[–—-]\s")
    pieces = ["mean", "means", "meaning", "translat", "translates", "literally", "x", "_", "é", "1", "²", "-", "–",
              "—", " ", "\t", "\u00a0", "\n", "(", "[", "word", "it"]

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(pieces), max_size=12).map("".join))
    def check(piece):
        assert segmenter._may_hold_glossed_phrase(piece) == (trigger.search(piece) is not None), piece

    check()


def test_segment_quotation_marks_are_q_in_the_skeleton():
    # _quotations looks for "q" in the skeleton (and the other openers in the text) before running _QUOTE.
    from multiling.chars import QUOTES
    from multiling.segment import segmenter
    from multiling.segment.scripts import skeleton

    assert skeleton(QUOTES) == "q" * len(QUOTES)
    assert "q" not in skeleton(segmenter._OTHER_QUOTE_OPENERS)


def test_segment_every_quotation_alternative_starts_with_one_mark():
    # _QUOTE is searched in every line with a quotation mark: when each alternative starts with a literal mark the
    # regex engine skips from mark to mark; one alternative starting otherwise (a set like [“«„]) makes it try every
    # position (several times slower on real text). Write one alternative per mark.
    import re._parser as parser

    from multiling.segment.segmenter import _QUOTE

    (branch, (_, alternatives)), = parser.parse(_QUOTE.pattern)
    assert branch is parser.BRANCH
    assert all(alternative[0][0] is parser.LITERAL for alternative in alternatives)


def test_segment_label_and_abbreviation_tests_find_what_their_regexes_find():
    """The sentence-end abbreviation test and the language-label lookbacks run their regex only where a cheap test
    of the window's end passes: the same answers as the regex alone, on random text (non-ASCII look-alikes that
    case-insensitive matching folds, ſ and the Kelvin sign, included)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from multiling.segment import segmenter

    pieces = ["Mr", "U.S", "Dec", "A", "b", ".", " ", " ", "\u00a0", "\n", ",", ":", '"', "“", "„", "'", "«", "in ",
              "In ", "French", "SPANISH", "ſpaniſh", "Kazakh", "\u212azakh", "russian", "-language", "Urdu", " phrase",
              " motto", " words", "the", "x", "é", "İn ", "Mr. ", "U.S. ", "in French: “", "Spanish phrase „",
              "Russian: ", "(Urdu-language “", "Latin:", "in ſpaniſh, “", "ſpaniſh:", "Spaniſh words “"]

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(pieces), max_size=10).map("".join), st.integers(0, 8))
    def check(text, low):
        low = min(low, len(text))
        for high in range(low, len(text) + 1):  # every window end: the tests look at the window's end
            assert segmenter._ends_with_abbreviation(text, low, high) == (
                segmenter._ABBREVIATION.search(text, low, high) is not None), (text, low, high)
            match = segmenter._LANGUAGE_LABEL_BEFORE.search(text, max(0, high - 40), high)
            expected = segmenter._named_language(segmenter._SCRIPT_LANGUAGE_LABELS, match.group("label")) if match else None
            assert segmenter._language_label_before(text, high) == expected, (text, high)
            colon_label = any(
                segmenter._LABEL_ENDS_HERE.search(text, max(low, end - segmenter._LONGEST_LABEL), end)
                for end in (len(text[low:colon].rstrip()) + low for colon in range(low, high) if text[colon] == ":")
            )
            assert segmenter._label_before_a_colon(text, low, high) == colon_label, (text, low, high)
            codes = segmenter.skeleton(text)
            quotes, labelled = segmenter._quotations(text, codes, low, high)
            for quote in quotes:
                label = segmenter._LABEL_BEFORE_QUOTE.search(text, max(low, quote[0] - 40), quote[0])
                assert label is None or quote in labelled, (text, quote)

    check()


@pytest.mark.parametrize("text, foreign", [
    ("He said in ſpaniſh, “hola amigos mios” to us.", ("hola amigos mios", "es")),
    ("Ruſſian: Киев", ("Киев", "ru")),
    ("ſpaniſh: hola amigos mios", ("hola amigos mios", "es")),
    ("İtalian: la dolce vita è bella", ("la dolce vita è bella", "it")),
])
def test_segment_language_labels_that_case_folding_matches_name_their_language(text, foreign):
    # The label regexes match case-insensitively (ſ matches s, İ matches i); the label's language was looked up by
    # lower(), which keeps those letters: a KeyError. Such a label names its language as the plain one does.
    assert [(span.text, span.lang) for span in segment(text) if span.lang != "en"] == [foreign]


def test_segment_gloss_matches_are_the_patterns_finditer_matches():
    """_gloss_matches finds _GLOSS_WORDS's and _DASH_GLOSS's matches from their gloss word or dash (their leads,
    ",?\\s*" and "\\s", would be tried at every position): the same matches as finditer, on random text and ranges."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from multiling.segment import segmenter

    pieces = ["which", "means", "which means", "translates to", "translated as", "meaning", "mean", "literally",
              "demeaning", "the", "Fome Zero", ",", ", ", "  ", "\t", "\n", "-", "–", "—", " - ", "--", "“", "”",
              '"', "'", "(", ")", ".", ";", ":", "zero hunger", "x", ", meaning ", ",  which means ", " – a coconut",
              "kelapa - a", " literally “the", ", ,", " = ", "→", " ⇒ water", "=>"]

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(pieces), max_size=20).map("".join), st.integers(0, 40), st.integers(0, 200))
    def check(text, start, length):
        start = min(start, len(text))
        end = min(len(text), start + length)
        for pattern in (segmenter._GLOSS_WORDS, segmenter._DASH_GLOSS, segmenter._BRACKETED):
            expected = [(match.start(), *match.span("inner")) for match in pattern.finditer(text, start, end)]
            assert list(segmenter._gloss_matches(pattern, text, start, end)) == expected, (pattern.pattern, text)

    # A lead that reaches back into the last match (which ends at a line break or after 200 characters of gloss).
    for text in ["x meaning foo\n meaning bar", "a meaning " + "b" * 199 + "   meaning c", "a - " + "b" * 199 + " - c"]:
        check.hypothesis.inner_test(text, 0, len(text))
    check()


def test_segment_strong_function_words_are_lowercase_words():
    # _settled_english_line looks for them among the line's lowercased tokens before it splits the line as written:
    # that finds every one written in lowercase only if each is a lowercase word without spaces.
    from multiling.segment import langid

    assert all(word == word.lower() and not any(char.isspace() for char in word) for word in langid.STRONG_FUNCTION_WORDS)
