"""Article renderings: which English words of the article render a foreign span, and where they disagree."""

from __future__ import annotations

import pytest
from _mixed_text import mixed_text
from doubles import LookupTestTranslator
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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


# --- the data model: to_dict / from_dict carry the renderings, checked against the text ---------------------------


def _linked_doc():  # type: ignore[no-untyped-def]
    text = "The minister said the attack “will not pass without a decisive punishment for the 12 attackers”.\n\n" + ARABIC + "\n"
    return annotate(text, translator=LookupTestTranslator({ARABIC: GLOSS}))


def test_renderings_travel_in_to_dict_and_from_dict() -> None:
    from multiling.document import SCHEMA_VERSION, AnnotatedDocument

    doc = _linked_doc()
    (link,) = doc.spans[0].renderings  # annotate links renderings as it merges
    assert link.text.startswith("will not pass") and [d.kind for d in link.divergences] == ["number"]
    data = doc.to_dict()
    assert data["version"] == SCHEMA_VERSION == 2
    assert data["spans"][0]["article_renderings"][0] == {
        "start": link.start, "end": link.end, "utf16": [link.start, link.end], "utf8": list(link.utf8),
        "text": link.text, "score": link.score, "method": "gloss-similarity",
        "divergences": [{"kind": "number", "in_span": None, "in_rendering": "12"}],
    }
    assert AnnotatedDocument.from_dict(data) == doc


def test_renderings_version_1_documents_are_still_read() -> None:
    from multiling.document import AnnotatedDocument

    data = _linked_doc().to_dict()
    data["version"] = 1
    for span in data["spans"]:
        del span["article_renderings"]
    assert AnnotatedDocument.from_dict(data).spans[0].renderings == ()


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.update(start=r["start"] + 1),  # text no longer matches
        lambda r: r.update(utf8=[0, 1]),
        lambda r: r.update(end=10_000),
    ],
)
def test_renderings_from_dict_checks_offsets(change) -> None:  # type: ignore[no-untyped-def]
    from multiling.document import AnnotatedDocument
    from multiling.errors import OffsetError

    data = _linked_doc().to_dict()
    change(data["spans"][0]["article_renderings"][0])
    with pytest.raises(OffsetError):
        AnnotatedDocument.from_dict(data)


def test_renderings_from_dict_refuses_a_rendering_inside_a_foreign_span() -> None:
    from multiling.document import AnnotatedDocument
    from multiling.errors import OffsetError

    data = _linked_doc().to_dict()
    span = data["spans"][0]
    span["article_renderings"][0].update(start=span["start"], end=span["end"], text=span["text"], utf16=[-1, -1], utf8=[-1, -1])
    with pytest.raises(OffsetError, match="overlaps the foreign span"):
        AnnotatedDocument.from_dict(data)


def test_renderings_cost_is_bounded_on_a_long_document() -> None:
    """Many spans in a long article: each span scores at most MAX_CANDIDATES ranges within its window."""
    from multiling.merge import renderings as module

    sentence = "The crime against the army in Diyala was discussed, again, at the council meeting. "  # shares words
    text = (sentence * 400 + "\n" + ARABIC + "\n") * 3
    doc = annotate(text, translator=LookupTestTranslator({ARABIC: GLOSS}))
    calls = 0
    real = module.similarity

    def counting(*args):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(*args)

    module.similarity = counting
    try:
        module.find_renderings(doc.text, doc.spans)
    finally:
        module.similarity = real
    assert 0 < calls <= len(doc.spans) * module.MAX_CANDIDATES


# --- every rendering shows the link ---------------------------------------------------------------------------------


def test_renderings_shown_inline_terminal_and_markdown_as_a_short_note() -> None:
    from multiling.render import render

    doc = _linked_doc()
    note = "[article: “will not pass without a decisive punishment for the 12 atta…” (0.57); 12 in the article, not in the span]"
    assert render(doc, "inline").text.rstrip().endswith("punishment] " + note)
    assert note in render(doc, "terminal", color=False).text
    assert "— article: “will not pass" in render(doc, "markdown").text


def test_renderings_html_marks_the_rendering_and_hover_rules_link_it_to_the_span() -> None:
    from multiling.render import render

    doc = _linked_doc()
    rendering = render(doc, "html")
    page = rendering.text
    link = doc.spans[0].renderings[0]
    assert f'<span class="ml-rendering" data-renders="span-0" title="renders span 0 ({link.score:.2f}), 12 in the article, ' \
           f'not in the span">{link.text}</span>' in page
    assert '.ml-doc:has(#span-0:hover) .ml-rendering[data-renders~="span-0"]' in page
    start, end = rendering.to_rendered(link.start, link.end)
    assert page[start:end] == link.text and rendering.to_original(start, end) == (link.start, link.end)


def test_renderings_web_annotation_has_a_linking_annotation() -> None:
    import json

    from multiling.render import render

    doc = _linked_doc()
    items = json.loads(render(doc, "webanno").text)["first"]["items"]
    assert [item["motivation"] for item in items] == ["describing", "linking"]
    linking = items[1]
    link = doc.spans[0].renderings[0]
    assert linking["target"]["selector"][0] == {"type": "TextPositionSelector", "start": doc.spans[0].start, "end": doc.spans[0].end}
    assert linking["body"]["selector"][0] == {"type": "TextPositionSelector", "start": link.start, "end": link.end}
    assert linking["body"]["selector"][1]["exact"] == link.text
    assert linking["multiling"]["divergences"] == [{"kind": "number", "in_span": None, "in_rendering": "12"}]


# --- invariants over random mixed-script text --------------------------------------------------------------------


class _EchoTheArticle:
    """A test double whose gloss reuses the article's own Latin words, so that renderings are found."""

    def __init__(self, text: str) -> None:
        import re

        self.words = re.findall(r"[A-Za-z]+", text)[:12] or ["nothing"]

    def gloss(self, items):  # type: ignore[no-untyped-def]
        from multiling.types import Gloss

        return [Gloss(" ".join(self.words + ["2026"]), GlossStatus.OK, model="echo-article") for _ in items]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixed_text)
@example(text="the minister said bonjour tous the minister said naïve Zürich 2026.\nمرحبا بالعالم قال الوزير نحن مستعدون\r\n")
def test_properties_renderings_are_english_ranges_of_the_text_ranked_and_round_trip(text: str) -> None:
    from multiling.document import AnnotatedDocument

    doc = annotate(text, translator=_EchoTheArticle(text))
    for span in doc.spans:
        scores = [link.score for link in span.renderings]
        assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
        for link in span.renderings:
            assert text[link.start : link.end] == link.text
            assert not any(link.start < other.end and other.start < link.end for other in doc.spans)
            assert link.utf16 == (len(text[: link.start].encode("utf-16-le", "surrogatepass")) // 2,
                                  len(text[: link.end].encode("utf-16-le", "surrogatepass")) // 2)
    assert AnnotatedDocument.from_dict(doc.to_dict()) == doc
    assert annotate(text, translator=_EchoTheArticle(text)) == doc  # deterministic


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_text, st.integers(min_value=0, max_value=400))
@example("the minister said «bonjour» today. привет мир the report said reports were late", 0)
def test_properties_renderings_window_units_are_the_units_it_can_use(text: str, floor: int) -> None:
    # The search's window skips units before its edge and units too poor in content words to share
    # MIN_SHARED_WORDS with a gloss (and short areas too poor as a whole): exactly those, no other.
    from multiling.merge.renderings import MIN_SHARED_WORDS, _iter_english_areas, _iter_units, _unit_ranges, _units
    from multiling.segment import segment

    foreign = [(s.start, s.end) for s in segment(text) if s.is_foreign]
    areas = list(_iter_english_areas(text, foreign, 0, len(text)))
    expected = [u for u in _units(text, areas) if u.start >= floor and len(u.stems) >= MIN_SHARED_WORDS]
    found = list(_iter_units(text, areas, lambda: floor, MIN_SHARED_WORDS))
    # Units of areas too short for any candidate range are left out too: they would never give one.
    assert [u for u in found if _unit_ranges(text, u)] == [u for u in expected if _unit_ranges(text, u)]
    assert set(found) <= set(expected)


@given(st.lists(st.sampled_from(["abc", "bcd", "cde", "x", "1"]), max_size=20),
       st.lists(st.sampled_from(["abc", "bcd", "zz", "x", "2"]), max_size=20))
def test_properties_renderings_shared_counts_are_the_counter_intersection(a: list[str], b: list[str]) -> None:
    from collections import Counter

    from multiling.merge.renderings import _shared

    assert _shared(Counter(a), Counter(b)) == sum((Counter(a) & Counter(b)).values())
