"""The five seed articles with their expected spans (golden files in fixtures/segment/).

Regenerate after an intended change with ``pytest tests/test_segment_fixtures.py --update-golden`` and
review the diff: every span stores its text beside its offsets, so the diff shows what moved.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multiling import segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLDEN_DIR = ROOT / "fixtures" / "segment"


def render_spans(text: str) -> str:
    lines = [
        json.dumps({"start": s.start, "end": s.end, "lang": s.lang, "script": s.script, "text": s.text}, ensure_ascii=False)
        for s in segment(text)
    ]
    return "[\n" + ",\n".join(lines) + "\n]\n"


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.stem for seed in SEEDS])
def test_segment_fixture_seed_matches_golden(seed, request):
    text = seed.read_text(encoding="utf-8")
    actual = render_spans(text)
    golden = GOLDEN_DIR / f"{seed.stem}.spans.json"
    if request.config.getoption("--update-golden", False):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    if not golden.exists():
        pytest.fail(f"missing golden file {golden}; create it with `pytest {__file__} --update-golden`")
    expected = golden.read_text(encoding="utf-8")
    for span in json.loads(expected):
        assert text[span["start"] : span["end"]] == span["text"], "golden offsets no longer match the seed text"
    assert actual == expected


def test_segment_fixture_seed_003_foreign_spans():
    text = (ROOT / "seeds" / "003_60b8ed085d617c0b.txt").read_text(encoding="utf-8")
    foreign = [(s.text, s.lang) for s in segment(text) if s.lang != "en"]
    assert [lang for _, lang in foreign] == ["ar"] * 5
    assert foreign[2][0] == "مصطفى الكاظمي"
    assert foreign[4][0] == "المكتب الإعلامي لرئيس الوزراء"


@pytest.mark.parametrize("seed", [s for s in SEEDS if "003" not in s.name], ids=lambda p: p.stem)
def test_segment_fixture_english_seeds_have_no_foreign_span(seed):
    text = seed.read_text(encoding="utf-8")
    assert [s.text for s in segment(text) if s.lang != "en"] == []
