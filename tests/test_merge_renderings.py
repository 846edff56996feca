"""Article renderings: which English words of the article render a foreign span, and where they disagree."""

from __future__ import annotations

import pytest
from doubles import LookupTestTranslator

from multiling.merge.renderings import ascii_digits, find_renderings, has_negation, numbers_in
from multiling.pipeline import annotate
from multiling.testing import ReplayTranslator
from multiling.types import GlossStatus

ARABIC = "إن الجريمة الإرهابية التي ارتكبت بحق أبنائنا من الجيش في محافظة ديالى لن تمر من دون عقاب حاسم"
GLOSS = "The terrorist crime committed against our sons in the army in Diyala will not pass without decisive punishment"


def _links(text: str, gloss: str = GLOSS, arabic: str = ARABIC):  # type: ignore[no-untyped-def]
    doc = annotate(text, translator=LookupTestTranslator({arabic: gloss}))
    assert [s.text for s in doc.spans] == [arabic]
    return doc, find_renderings(doc.text, doc.spans)[0]


def test_renderings_finds_the_quoted_rendering_and_only_it() -> None:
    text = ("The prime minister said the attack “will not pass without a decisive punishment” and promised a response. "
            "Separately, the weather in Baghdad was mild.\n\n" + ARABIC + "\n")
    doc, links = _links(text)
    assert [link.text for link in links] == ["will not pass without a decisive punishment"]
    link = links[0]
    assert doc.text[link.start : link.end] == link.text
    assert 0 < link.score <= 1 and link.method == "gloss-similarity" and link.divergences == ()


def test_renderings_finds_an_unquoted_sentence_rendering() -> None:
    text = (ARABIC + "\n\nThe crime committed against our soldiers in Diyala will not go without decisive punishment, he wrote. "
            "Markets were closed on Friday.\n")
    _, links = _links(text)
    assert len(links) == 1 and links[0].text.startswith("The crime committed against our soldiers in Diyala")


def test_renderings_none_when_the_article_does_not_render_the_span() -> None:
    text = "Markets were closed on Friday. The football season starts next month.\n\n" + ARABIC + "\n"
    assert _links(text)[1] == ()


def test_renderings_never_inside_a_foreign_span_and_never_for_spans_without_gloss() -> None:
    text = "He wrote: «" + ARABIC + "». Nothing else.\n"
    doc = annotate(text, translator=LookupTestTranslator({}))
    assert doc.spans[0].status is GlossStatus.NO_MODEL
    assert find_renderings(doc.text, doc.spans) == [()]
    doc, links = _links(text)
    for link in links:
        assert not (link.start < doc.spans[0].end and doc.spans[0].start < link.end)


@pytest.mark.parametrize(
    ("rendered", "expected"),
    [
        ("will not pass without a decisive punishment for the 12 attackers", [("number", None, "12")]),
        # A negation missing from a rendering is reported when the rendering covers the whole gloss (a clause
        # of it may leave the negated part out).
        ("The terrorist crime against our sons in the army in Diyala will pass without decisive punishment",
         [("negation", "negated", "affirmed")]),
        ("will not pass without a decisive punishment, @IraqiPMO said", [("handle", None, "@iraqipmo")]),
    ],
)
def test_renderings_report_divergences(rendered: str, expected: list) -> None:
    text = f"The statement said the attack “{rendered}”.\n\n{ARABIC}\n"
    _, links = _links(text)
    assert len(links) == 1
    assert [(d.kind, d.in_span, d.in_rendering) for d in links[0].divergences] == expected


def test_renderings_numbers_in_any_script_agree() -> None:
    arabic = "قتل ١٢ جنديا في الهجوم على القاعدة العسكرية في ديالى"
    gloss = "12 soldiers were killed in the attack on the military base in Diyala"
    same = f"Officials said “12 soldiers were killed in the attack on the base”.\n\n{arabic}\n"
    differ = f"Officials said “15 soldiers were killed in the attack on the base”.\n\n{arabic}\n"
    assert _links(same, gloss, arabic)[1][0].divergences == ()
    assert [(d.kind, d.in_rendering) for d in _links(differ, gloss, arabic)[1][0].divergences] == [("number", "15")]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("١٢٣ و ۴۵", {"123": 1, "45": 1}), ("1,000 and 1.000", {"1000": 2}), ("2.5 or ٢٫٥ or 2,5", {"2.5": 3}), ("007", {"7": 1})],
)
def test_renderings_numbers_are_normalised(text: str, numbers: dict) -> None:
    assert dict(numbers_in(text)) == numbers


def test_renderings_helpers() -> None:
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ०१२") == "0123456789 0123456789 012"
    assert numbers_in("two of the three", words=True) == {"2": 1, "3": 1}
    assert has_negation("it won't happen") and has_negation("never again") and not has_negation("nothingness is a word")


def test_renderings_deterministic_and_ranked() -> None:
    text = ("“Will not pass without a decisive punishment,” he said. Later: “will not pass without decisive punishment”.\n\n"
            + ARABIC + "\n")
    doc, links = _links(text)
    again = find_renderings(doc.text, doc.spans)[0]
    assert links == again
    assert [link.score for link in links] == sorted((link.score for link in links), reverse=True)


def test_replay_translator_replays_saved_outputs_and_invents_nothing() -> None:
    replay = ReplayTranslator(["مرحبا بالعالم.", "شكرا"], ["Hello world.", "Thanks"], model="saved outputs of a test system")
    glosses = replay.gloss([("مرحبا بالعالم", "ar"), ("غير موجود", "ar")])
    assert glosses[0].text == "Hello world." and glosses[0].status is GlossStatus.OK
    assert glosses[1].text is None and glosses[1].status is GlossStatus.NO_MODEL
    with pytest.raises(ValueError):
        ReplayTranslator(["a"], [], model="x")
