"""Glosser: model choice per language, statuses, protected tokens, splitting, dedupe — never raising per span."""

from __future__ import annotations

import pytest

from multiling.translate import Glosser
from multiling.translate.config import resolve_backend
from multiling.types import GlossStatus


class EchoTranslator:
    """Test double: 'translates' by upper-casing and tagging; records every batch it gets."""

    model_id = "test/echo"
    revision = "r0"
    max_input_tokens = 12

    def __init__(self, fail_on: str | None = None, mangle_numbers: bool = False, invent: str | None = None):
        self.calls: list[list[str]] = []
        self.fail_on = fail_on
        self.mangle_numbers = mangle_numbers
        self.invent = invent

    @property
    def signature(self) -> dict:
        return {"model": self.model_id, "revision": self.revision, "backend": "echo"}

    def count_tokens(self, texts):
        return [len(t.split()) + 1 for t in texts]

    def translate(self, texts):
        self.calls.append(list(texts))
        if self.fail_on and any(self.fail_on in t for t in texts):
            raise RuntimeError("boom")
        out = []
        for t in texts:
            g = f"<{t}>"
            if self.mangle_numbers:
                g = g.replace("12", "twelve")
            if self.invent:
                g += f" {self.invent}"
            out.append(g)
        return out


def _gloss(glosser, *items):
    return glosser.gloss(list(items))


def test_translate_glosser_statuses_one_per_item():
    glosser = Glosser(translator=EchoTranslator(), src="ar")
    items = [("مرحبا بكم", "ar"), ("2024 — 15%", "ar"), ("hello", "en"), ("слово", "und"), ("привет", "ru")]
    glosses = glosser.gloss(items)
    assert [g.status for g in glosses] == [GlossStatus.OK, GlossStatus.SKIPPED, GlossStatus.SKIPPED,
                                          GlossStatus.NO_MODEL, GlossStatus.NO_MODEL]
    assert glosses[0].text == "<مرحبا بكم>" and glosses[0].model == "test/echo" and glosses[0].revision == "r0"
    assert "no letters" in glosses[1].message
    assert "not determined" in glosses[3].message
    # ru goes to the registry; offline and not in the store: the message names the fetch command.
    assert glosses[4].model == "Helsinki-NLP/opus-mt-tc-big-zle-en"
    assert "multiling models pull Helsinki-NLP/opus-mt-tc-big-zle-en" in glosses[4].message


def test_translate_glosser_without_src_glosses_every_foreign_span():
    glosser = Glosser(translator=EchoTranslator())
    glosses = glosser.gloss([("слово", "und"), ("привет", "ru"), ("hi", "en")])
    assert [g.status for g in glosses] == [GlossStatus.OK, GlossStatus.OK, GlossStatus.SKIPPED]


@pytest.mark.parametrize("token", [
    "@AJArabic", "https://t.co/x1Y2?z=3", "news@example.org", "#غزة", "#Gaza", "😀", "👍🏽", "🇵🇸", "👨‍👩‍👧",
])
def test_translate_glosser_protected_tokens_verbatim_exactly_once(token):
    translator = EchoTranslator()
    glosser = Glosser(translator=translator)
    span = f"قال {token} إن الوضع صعب"
    (gloss,) = glosser.gloss([(span, "ar")])
    assert gloss.status is GlossStatus.OK
    assert gloss.text.count(token) == 1
    assert all(token not in text for batch in translator.calls for text in batch)


def test_translate_glosser_invented_urls_are_removed_and_flagged():
    glosser = Glosser(translator=EchoTranslator(invent="https://evil.example/x @ghost"))
    (gloss,) = glosser.gloss([("قال الرئيس", "ar")])
    assert "evil" not in gloss.text and "@ghost" not in gloss.text
    assert "removed-invented-token" in gloss.flags


def test_translate_glosser_numbers_kept_when_model_keeps_them():
    translator = EchoTranslator()
    (gloss,) = Glosser(translator=translator).gloss([("قتل 12 شخصا", "ar")])
    assert gloss.text == "<قتل 12 شخصا>" and "numbers-kept-apart" not in gloss.flags


def test_translate_glosser_numbers_cut_out_when_model_mangles_them():
    translator = EchoTranslator(mangle_numbers=True)
    (gloss,) = Glosser(translator=translator).gloss([("قتل 12 شخصا", "ar")])
    assert gloss.text.count("12") == 1 and "twelve" not in gloss.text
    assert "numbers-kept-apart" in gloss.flags


def test_translate_glosser_splits_sentences_and_long_ones():
    translator = EchoTranslator()
    span = "جملة أولى. جملة ثانية؟\nثالثة! " + " ".join(["كلمة"] * 30)
    (gloss,) = Glosser(translator=translator).gloss([(span, "ar")])
    sent = [t for batch in translator.calls for t in batch]
    assert "جملة أولى." in sent and "جملة ثانية؟" in sent and "ثالثة!" in sent
    assert all(len(t.split()) + 1 <= 12 for t in sent)
    assert gloss.text.count("كلمة") == 30  # nothing dropped (identical parts were translated once)
    assert "split-long" in gloss.flags and "\n" in gloss.text


def test_translate_glosser_dedupes_across_items_in_one_batch():
    translator = EchoTranslator()
    glosser = Glosser(translator=translator)
    glosses = glosser.gloss([("نعم.", "ar"), ("لا. نعم.", "ar"), ("نعم.", "fa")])
    assert len(translator.calls) == 1
    assert sorted(translator.calls[0]) == sorted(["نعم.", "لا."])
    assert glosses[0].text == glosses[2].text == "<نعم.>"
    assert glosses[1].text == "<لا.> <نعم.>"


def test_translate_glosser_one_bad_span_does_not_sink_the_others():
    glosser = Glosser(translator=EchoTranslator(fail_on="سيء"))
    glosses = glosser.gloss([("نص جيد", "ar"), ("نص سيء", "ar")])
    assert glosses[0].status is GlossStatus.OK
    assert glosses[1].status is GlossStatus.ERROR and "boom" in glosses[1].message


def test_translate_glosser_fallback_model_for_languages_without_their_own(monkeypatch):
    glosser = Glosser(offline=True)
    key, fallback, _ = glosser.route("fa")
    assert key == "Helsinki-NLP/opus-mt-mul-en" and fallback
    (gloss,) = glosser.gloss([("سلام دنیا", "fa")])
    assert gloss.status is GlossStatus.NO_MODEL and "opus-mt-mul-en" in gloss.message


@pytest.mark.parametrize("lang, model", [
    ("ar", "Helsinki-NLP/opus-mt-tc-big-ar-en"),
    ("zh-Hant", "Helsinki-NLP/opus-mt-zh-en"),
    ("zh_CN", "Helsinki-NLP/opus-mt-zh-en"),
    ("iw", "Helsinki-NLP/opus-mt-tc-big-he-en"),
])
def test_translate_glosser_routes_by_registry(lang, model):
    assert Glosser().route(lang)[0] == model


def test_translate_glosser_fast_profile():
    assert Glosser(profile="fast").route("ar")[0] == "Helsinki-NLP/opus-mt-ar-en"


def test_translate_glosser_real_model_path(tiny_marian_dir):
    glosser = Glosser(str(tiny_marian_dir), src="ar", cache=False, num_beams=1)
    span = "تابعونا على @AJArabic وموقع https://aja.me/x1 — قتل 3 أشخاص."
    glosses = glosser.gloss([(span, "ar"), ("مرحبا", "ar"), ("привет", "ru")])
    assert glosses[0].status is GlossStatus.OK
    assert glosses[0].text.count("@AJArabic") == 1 and glosses[0].text.count("https://aja.me/x1") == 1
    assert glosses[0].model == str(tiny_marian_dir.resolve()) and glosses[0].revision.startswith("sha256:")
    assert glosses[2].status is GlossStatus.NO_MODEL
    sig = glosser.signature("ar")
    # backend="auto": ctranslate2 where it is installed; the signature names the backend actually used.
    assert sig["model"] == glosses[0].model and sig["backend"] == resolve_backend("auto")
    assert glosser.signature("en") is None


def test_translate_glosser_broken_model_dir_is_no_model(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    (gloss,) = Glosser(str(broken), cache=False).gloss([("مرحبا", "ar")])
    assert gloss.status is GlossStatus.NO_MODEL and gloss.message


class _NamedEcho(EchoTranslator):
    def __init__(self, model_id: str) -> None:
        super().__init__()
        self.model_id = model_id


def _flagged(glosser: Glosser, items: list[tuple[str, str]]) -> list[bool]:
    return ["model-not-for-language" in g.flags for g in glosser.gloss(items)]


def test_glosser_flags_spans_an_explicit_model_was_not_made_for() -> None:
    items = [("مرحبا بكم", "ar"), ("привет мир", "ru"), ("سلام دوستان", "fa")]
    registered_ar = _NamedEcho("Helsinki-NLP/opus-mt-tc-big-ar-en")
    assert _flagged(Glosser(translator=registered_ar, offline=True), items) == [False, True, True]
    # With src the model glosses only its language; other spans go to the registry and are not flagged.
    assert _flagged(Glosser(translator=registered_ar, src="ar", offline=True, cache=False), items) == [False, False, False]
    multilingual = _NamedEcho("Helsinki-NLP/opus-mt-mul-en")
    assert _flagged(Glosser(translator=multilingual, offline=True), items) == [False, False, False]
    unknown = _NamedEcho("someone/some-model")
    assert _flagged(Glosser(translator=unknown, offline=True), items) == [True, True, True]


def test_glosser_reads_the_language_of_a_model_directory(tiny_marian_dir) -> None:
    glosser = Glosser(model=str(tiny_marian_dir), backend="transformers", offline=True, cache=False, num_beams=1)
    assert glosser.model_languages() == frozenset({"ar"})  # tokenizer_config.json: "source_lang": "ar"
    assert _flagged(glosser, [("الرحمة لشهدائنا", "ar"), ("привет мир", "ru")]) == [False, True]
