"""Pipeline and Glosser pickle at any time (Ray actors, Spark executors), and warmup() fails fast on a missing model."""

from __future__ import annotations

import json
import pickle

import pytest

from multiling.errors import BackendError, DecodeError, ModelUnavailableError
from multiling.pipeline import Pipeline
from multiling.translate import Glosser

TEXT = "The minister wrote: إن الجريمة الإرهابية لن تمر من دون عقاب. Then he left."


def _as_json(doc) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False)


def test_pipeline_pickle_after_use_gives_the_same_document(tiny_marian_dir):
    pipeline = Pipeline(model=str(tiny_marian_dir), offline=True, cache=True)
    before = pipeline.annotate(TEXT, id="a")
    assert before.spans[0].status.value == "ok"
    copy = pickle.loads(pickle.dumps(pipeline))
    assert _as_json(copy.annotate(TEXT, id="a")) == _as_json(before)


def test_pipeline_pickle_before_use_is_light(tiny_marian_dir):
    pipeline = Pipeline(model=str(tiny_marian_dir), offline=True, cache=False)
    pipeline.annotate(TEXT)  # loads the model
    payload = pickle.dumps(pipeline)
    # Options only: the model's weights (tens of kB even for the tiny one) and its tokenizers stay behind.
    assert len(payload) < len(pickle.dumps(Pipeline(model=str(tiny_marian_dir), offline=True, cache=False))) + 2000


def test_glosser_pickle_drops_models_and_rebuilds_them(tiny_marian_dir):
    glosser = Glosser(str(tiny_marian_dir), offline=True, cache=False)
    first = glosser.gloss([("إن الجريمة الإرهابية", "ar")])
    assert glosser.signatures  # a model is loaded
    copy = pickle.loads(pickle.dumps(glosser))
    assert copy.signatures == {}  # nothing loaded yet on the "worker"
    assert copy.gloss([("إن الجريمة الإرهابية", "ar")]) == first


class _UpperTranslator:
    """A picklable explicit translator: upper-cases each sentence (a test double, never a CLI default)."""

    model_id = "test/upper"
    revision = "0"
    signature = {"model": "test/upper"}
    max_input_tokens = 512

    def count_tokens(self, texts):
        return [len(t.split()) + 1 for t in texts]

    def translate(self, texts):
        return [t.upper() for t in texts]


def test_glosser_pickle_keeps_an_explicit_translator():
    glosser = Glosser(translator=_UpperTranslator(), cache=False)
    copy = pickle.loads(pickle.dumps(glosser))
    assert copy.gloss([("привет мир", "ru")]) == glosser.gloss([("привет мир", "ru")])


def test_warmup_loads_the_explicit_model(tiny_marian_dir):
    glosser = Glosser(str(tiny_marian_dir), offline=True, cache=False)
    assert glosser.warmup() == [str(tiny_marian_dir)]
    assert glosser.signatures


def test_warmup_raises_for_a_missing_model():
    pipeline = Pipeline(model="test-org/no-such-model", offline=True, cache=False)
    with pytest.raises(ModelUnavailableError, match=r"test-org/no-such-model' is not available.*multiling models pull"):
        pipeline.warmup()


@pytest.mark.parametrize("error", [
    ModelUnavailableError("org/model", "offline"),
    DecodeError("f.txt", 12, "invalid start byte"),
    BackendError("boom"),
], ids=lambda e: type(e).__name__)
def test_errors_pickle_as_themselves(error):
    # A Ray actor or Spark executor sends its exception to the driver pickled; it must arrive as the same error.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error) and copy.__dict__ == error.__dict__
