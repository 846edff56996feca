"""The scoring path of bench/translate_quality.py on the saved real outputs of six systems."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("sacrebleu")
_SPEC = importlib.util.spec_from_file_location("translate_quality", Path(__file__).parents[1] / "bench" / "translate_quality.py")
quality = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(quality)

# From ../shared/data/README.md (sacrebleu 2.6, 13a).
PUBLISHED = {"opusmt": (33.9, 60.8), "argos": (30.0, 57.2), "nllb": (37.5, 63.1), "bergamot-base": (39.6, 65.2),
             "microsoft": (44.0, 67.7), "google": (46.0, 70.4)}


@pytest.fixture(scope="module")
def scores(flores_dir):
    return dict(quality.score_systems(flores_dir / "ar-en-systems", flores_dir / "en.txt"))


@pytest.mark.parametrize("system", sorted(PUBLISHED))
def test_translate_quality_scores_match_published(scores, system):
    bleu, chrf = PUBLISHED[system]
    assert scores[system]["bleu"] == pytest.approx(bleu, abs=0.15)
    assert scores[system]["chrf"] == pytest.approx(chrf, abs=0.15)
    assert scores[system]["n"] == 997


def test_translate_quality_reference_scores_100(flores_dir):
    refs = quality.read_lines(flores_dir / "en.txt")[:50]
    assert quality.score(refs, refs)["bleu"] == 100.0


def test_translate_quality_length_mismatch(flores_dir):
    with pytest.raises(ValueError, match="hypotheses"):
        quality.score(["a"], ["a", "b"])
