"""Progress within a window: the pipeline reports documents' worth of glossing per translated batch, so the
``annotate`` bar moves smoothly; the documents are the same with or without a progress callback."""

from __future__ import annotations

from pathlib import Path

import pytest
from doubles import ReversingTestTranslator

from multiling.batch import _DocumentBar
from multiling.pipeline import Pipeline
from multiling.translate.base import takes_progress

# Arabic spans of different lengths (so the tiny model's batches, one source length each, are several).
SPANS = ["الرحمة لشهدائنا", "الرحمة لشهدائنا الأبرار", "قال الوزير إن الحكومة", "لن تمر دون عقاب حاسم",
         "السلام عليكم ورحمة الله وبركاته", "مرحبا", "الحكومة الجديدة تعمل", "شكرا جزيلا لكم جميعا"]
DOCUMENTS = [{"id": str(n), "text": f"Report {n}: the minister said «{SPANS[n % len(SPANS)]}» and «{SPANS[(3 * n + 1) % len(SPANS)]}»."}
             for n in range(6)]


@pytest.fixture(scope="module")
def tiny_pipeline_options(tiny_marian_dir: Path) -> dict:
    return {"model": str(tiny_marian_dir), "backend": "transformers", "device": "cpu", "offline": True, "cache": False,
            "num_beams": 1, "batch_size": 2}


def test_progress_called_several_times_within_one_window_and_output_unchanged(tiny_pipeline_options: dict) -> None:
    calls: list[int] = []
    with_progress = [doc.to_dict() for doc in Pipeline(window=64, **tiny_pipeline_options).annotate_many(
        DOCUMENTS, progress=calls.append)]
    without = [doc.to_dict() for doc in Pipeline(window=64, **tiny_pipeline_options).annotate_many(DOCUMENTS)]
    assert with_progress == without
    assert len(calls) >= 3 and all(n >= 1 for n in calls)  # one window of 6 documents, reported in several steps
    assert sum(calls) == len(DOCUMENTS)  # every span glossed: the whole window, never more


def test_progress_credits_each_window_up_to_its_documents(tiny_pipeline_options: dict) -> None:
    seen: list[tuple[int, int]] = []  # (documents yielded so far, credit so far) at each report
    yielded = 0
    credit = 0

    def report(documents: int) -> None:
        nonlocal credit
        credit += documents
        seen.append((yielded, credit))

    for _ in Pipeline(window=4, **tiny_pipeline_options).annotate_many(DOCUMENTS, progress=report):
        yielded += 1
    # Reports come before their window's documents are yielded, and never run past the end of that window.
    assert seen and all(credit <= min(len(DOCUMENTS), (done // 4 + 1) * 4) for done, credit in seen)
    assert credit == len(DOCUMENTS)


def test_progress_is_optional_for_plug_in_translators() -> None:
    translator = ReversingTestTranslator()  # its gloss(items) takes no progress keyword
    assert not takes_progress(translator.gloss)
    calls: list[int] = []
    docs = list(Pipeline(translator=translator).annotate_many(DOCUMENTS, progress=calls.append))
    assert len(docs) == len(DOCUMENTS) and calls == []


class _FakeTqdm:
    def __init__(self, total: int | None) -> None:
        self.total, self.n, self.updates = total, 0, []

    def update(self, n: int) -> None:
        self.n += n
        self.updates.append(n)


def test_document_bar_counts_credit_once_and_never_goes_back() -> None:
    fake = _FakeTqdm(total=10)
    bar = _DocumentBar(fake)
    bar.glossed(2)
    bar.glossed(3)
    assert fake.n == 5
    for _ in range(5):  # the credited documents are written: the bar stays where it is
        bar.written()
    assert fake.n == 5
    bar.written(2)  # documents without foreign spans: no credit, written at once
    bar.glossed(4)
    assert fake.n == 10 and all(n > 0 for n in fake.updates)  # 7 written + 4 credited, capped at the total
