"""One test per segmentation rule. Assertions are on sliced text, not raw integers."""

from __future__ import annotations

import pytest

from multiling import segment, segment_tiling
from multiling.types import Gap, Span

SEED_003_TWEET = (
    "الرحمة لشهدائنا الأبرار. — Mustafa Al-Kadhimi مصطفى الكاظمي (@MAKadhimi) January 21, 2022"
)
SEED_003_PMO = (
    "رئيس مجلس الوزراء، القائد العام للقوات المسلحة @MAKadhimi يترأس اجتماعاً طارئاً للقيادات الأمنية. "
    "pic.twitter.com/YoRRLu2U2Z — المكتب الإعلامي لرئيس الوزراء 🇮🇶 (@IraqiPMO) January 21, 2022"
)


def foreign(text: str) -> list[tuple[str, str]]:
    return [(span.text, span.lang) for span in segment(text) if span.lang != "en"]


def test_segment_arabic_sentence_inside_english_is_one_span():
    text = "The prime minister wrote: إن الجريمة الإرهابية لن تمر من دون عقاب حاسم، سوف يكون لقواتنا رد. He then left."
    assert foreign(text) == [("إن الجريمة الإرهابية لن تمر من دون عقاب حاسم، سوف يكون لقواتنا رد", "ar")]


@pytest.mark.parametrize(
    "arabic",
    [
        "هل ستعود القوات؟ نعم، ستعود",  # Arabic question mark inside
        "قال الوزير؛ لن نتراجع",  # Arabic semicolon
        "مُحَمَّدٌ رَسُولُ اللَّهِ",  # full diacritics
        "الجيـــــش العراقـــي",  # tatweel
        "قُتل ١١ جندياً في الهجوم",  # Arabic-Indic digits inside
    ],
)
def test_segment_arabic_punctuation_diacritics_tatweel_digits_stay_inside(arabic):
    text = f"Officials said {arabic}. Nothing else was known."
    assert foreign(text) == [(arabic, "ar")]


def test_segment_arabic_indic_digits_at_the_edge_belong_to_the_span():
    text = "The date was في عام ٢٠٢٢ according to the statement."
    assert foreign(text) == [("في عام ٢٠٢٢", "ar")]


def test_segment_handle_inside_arabic_stays_inside():
    spans = foreign(SEED_003_PMO)
    assert spans[0] == ("رئيس مجلس الوزراء، القائد العام للقوات المسلحة @MAKadhimi يترأس اجتماعاً طارئاً للقيادات الأمنية", "ar")


def test_segment_trailing_link_and_attribution_are_left_out():
    spans = foreign(SEED_003_PMO)
    assert all("pic.twitter.com" not in text and "IraqiPMO" not in text and "2022" not in text for text, _ in spans)
    # The author's name in Arabic is a span of its own.
    assert spans[-1] == ("المكتب الإعلامي لرئيس الوزراء", "ar")


def test_segment_short_arabic_name_inside_english_is_its_own_span():
    assert foreign(SEED_003_TWEET) == [("الرحمة لشهدائنا الأبرار", "ar"), ("مصطفى الكاظمي", "ar")]


@pytest.mark.parametrize(
    "inner",
    [
        "https://example.com/a/b?c=d",
        "#العراق",
        "@IraqiPMO",
        "2022",
        "🇮🇶",
        "BBC",
    ],
)
def test_segment_latin_tokens_inside_foreign_text_stay_inside(inner):
    text = f"He wrote: قواتنا المسلحة البطلة {inner} عليها واجب منع تكرار هذه الخروقات. Then nothing."
    spans = foreign(text)
    assert len(spans) == 1 and inner in spans[0][0]


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("روز دوشنبه، دانشمندان دانشکده پزشکی دانشگاه استنفورد از اختراع دستگاه تشخیصی جدیدی سخن گفتند", "fa"),
        ("اتوار کو سٹینفورڈ یونیورسٹی اسکول آف میڈیسن کے سائنس دانوں نے ایک نئے تشخیصی آلے کی ایجاد کا اعلان کیا", "ur"),
        ("في يوم الاثنين، أعلن علماء من كلية الطب بجامعة ستانفورد عن اختراع أداة تشخيصية جديدة", "ar"),
        ("В понедельник ученые из Медицинской школы Стэнфордского университета объявили об изобретении", "ru"),
        ("У понеділок науковці зі Стенфордської школи медицини оголосили про винахід нового діагностичного", "uk"),
        ("В понеделник учени от Медицинския факултет на Станфордския университет обявиха изобретяването", "bg"),
        ("Lundi, des scientifiques de l'école de médecine de l'université de Stanford ont annoncé l'invention", "fr"),
        ("El lunes, los científicos de la Facultad de Medicina de la Universidad de Stanford anunciaron", "es"),
        ("Am Montag haben die Wissenschaftler der Stanford University School of Medicine die Erfindung", "de"),
        ("Pazartesi günü, Stanford Üniversitesi Tıp Fakültesi'nden bilim insanları yeni bir teşhis aracının", "tr"),
        ("Pada hari Senin, para ilmuwan dari Fakultas Kedokteran Universitas Stanford mengumumkan penemuan", "id"),
    ],
)
def test_segment_languages_sharing_a_script_are_told_apart(sentence, lang):
    text = f"Researchers announced a new tool on Monday. {sentence}. The chip costs about one cent."
    assert foreign(text) == [(sentence, lang)]


def test_segment_quoted_foreign_phrase_of_three_words_is_a_span():
    text = "Protesters chanted “la liberté de la presse” outside the ministry."
    assert foreign(text) == [("la liberté de la presse", "fr")]


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Smith met Barack Obama and Angela Merkel in Berlin on Friday.",
        "The router supports 802.11a and costs $49.99, the FCC said.",
        "NATO, the UN and the EU issued statements at 3 a.m. local time.",
        "Farhad Shami, a spokesperson for the SDF, told The Associated Press.",
        "Jardín de la Unión. This space was built as the atrium for a convent.",
        "",
        "   \n\n  ",
        "11 soldiers, 3 am, 120km.",
    ],
)
def test_segment_pure_english_has_no_foreign_span(text):
    assert foreign(text) == []


@pytest.mark.parametrize("word", ["“coup d'état”", "“Kristallnacht”", "the “intifada”", "“déjà vu”"])
def test_segment_one_quoted_foreign_word_does_not_flip_the_sentence(word):
    text = f"Analysts described the events as a {word} in a report published on Friday."
    assert foreign(text) == []


def test_segment_spans_cover_every_letter_including_english():
    text = "He said إن الجريمة الإرهابية لن تمر and left."
    covered = set()
    for span in segment(text):
        covered.update(range(span.start, span.end))
    assert all(i in covered for i, ch in enumerate(text) if ch.isalpha())


def test_segment_tiling_rebuilds_the_text():
    pieces = segment_tiling(SEED_003_PMO)
    assert "".join(piece.text for piece in pieces) == SEED_003_PMO
    assert any(isinstance(piece, Gap) for piece in pieces) and any(isinstance(piece, Span) for piece in pieces)


def test_segment_spans_never_cross_a_line_break():
    text = "إن الجريمة الإرهابية\nلن تمر من دون عقاب"
    assert [span.text for span in segment(text)] == ["إن الجريمة الإرهابية", "لن تمر من دون عقاب"]


def test_segment_crlf_keeps_offsets():
    text = "First line in English.\r\nقواتنا المسلحة البطلة\r\nLast line."
    spans = foreign(text)
    assert spans == [("قواتنا المسلحة البطلة", "ar")]


@pytest.mark.parametrize(
    "text",
    ["\ud800 lone surrogate", "\x00\x01\x02", "\u202eRTL override\u202c", "a\u200db", "\ufeffBOM", "‏مرحبا‎", "🏳️‍🌈" * 3],
)
def test_segment_accepts_any_string(text):
    spans = segment(text)
    assert all(text[span.start : span.end] == span.text for span in spans)


def test_segment_is_deterministic():
    text = "Le président a dit que la situation est grave. He left. Лидер партии заявил о победе."
    assert segment(text) == segment(text) == segment(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tokyo: 操縦士は中隊長のディロクリット・パタヴェー氏であることが確認されました。 Officials agreed.", ("操縦士は中隊長のディロクリット・パタヴェー氏であることが確認されました", "ja")),
        ("Beijing: 当地时间上午左右，鹰狮战斗机撞上跑道并发生爆炸。 Officials agreed.", ("当地时间上午左右，鹰狮战斗机撞上跑道并发生爆炸", "zh")),
        ("Seoul: 그 조종사는 비행 중대장으로 확인되었다. Officials agreed.", ("그 조종사는 비행 중대장으로 확인되었다", "ko")),
        ("Jerusalem: הטייס זוהה כמפקד הטייסת. Officials agreed.", ("הטייס זוהה כמפקד הטייסת", "he")),
        ("The sign read: ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា។ Then we left.", ("ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា", "km")),
        ("The inscription says ܫܠܡܐ ܥܠܡܐ in Syriac.", ("ܫܠܡܐ ܥܠܡܐ", "syr")),
        ("The Maldivian motto ދިވެހިރާއްޖެ ރައްޔިތުންގެ is printed.", ("ދިވެހިރާއްޖެ ރައްޔިތުންގެ", "dv")),
    ],
)
def test_segment_scripts_of_one_language(text, expected):
    assert foreign(text) == [expected]


def test_segment_syriac_and_thaana_spans_are_right_to_left():
    from multiling.merge import merge
    from multiling.types import Gloss, GlossStatus

    for text in ("The inscription says ܫܠܡܐ ܥܠܡܐ in Syriac.", "The motto ދިވެހިރާއްޖެ is printed."):
        spans = [s for s in segment(text) if s.lang != "en"]
        doc = merge(text, spans, [Gloss(None, GlossStatus.NO_MODEL)] * len(spans))
        assert [span.is_rtl for span in doc.spans] == [True], doc.spans


def test_segment_digits_attached_to_cjk_letters_are_inside():
    text = "Madrid: 28歳のビダル選手は、3シーズン前にセビージャから移籍しました。 Officials agreed."
    assert foreign(text)[0][0].startswith("28歳")


@pytest.mark.parametrize("line", ["A tappa:", "A Pashto tappa:", "Romanized:", "I cavalieri", "Urdu ghazal", "Japanese haiku"])
def test_segment_heading_about_foreign_text_stays_english(line: str) -> None:
    # A line of its own naming a language, or one word beside a one-letter one, is no foreign line.
    text = f"{line}\n\nد کابل ښار ډېر ښکلی دی\n\nIt is sung at weddings."
    assert [span.lang for span in segment(text) if span.script == "Latn"] == ["en", "en"]
