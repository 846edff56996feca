"""Fixture regression suite: every article under fixtures/articles, annotated end to end, against golden files.

Glosses come from deterministic sources only: the tiny MarianMT checkpoint (``multiling.testing.make_tiny_marian``,
through the real ``Glosser`` path) for ``fixtures/golden/*``, and the clearly fake ``ReversingTestTranslator``
for the readable ``fixtures/golden/readable/*``. ``pytest --update-golden`` rewrites them; review the git diff.
The goldens depend on the segmenter: regenerate them when it changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doubles import RenamedModel, ReversingTestTranslator

from multiling.io import read_text
from multiling.pipeline import Pipeline
from multiling.render import EXTENSIONS, render

REPO = Path(__file__).resolve().parents[1]
ARTICLES = sorted((REPO / "fixtures" / "articles").glob("*.txt"))
GOLDEN = REPO / "fixtures" / "golden"
FORMATS = ("json", "inline", "replace", "html")
TINY_NAME = "multiling.testing:tiny-marian-ar-en"
REGENERATE = "python -m pytest tests/test_fixtures_golden.py --update-golden"


def _golden_name(article: Path, fmt: str) -> str:
    ext = EXTENSIONS[fmt]
    return f"{article.stem}.{ext}" if ext == fmt else f"{article.stem}.{fmt}.{ext}"


@pytest.fixture(scope="module")
def tiny_documents(tiny_marian_dir: Path) -> dict:
    from multiling.translate import Glosser

    glosser = RenamedModel(Glosser(model=str(tiny_marian_dir), backend="transformers", device="cpu", offline=True,
                                   cache=False, num_beams=1), TINY_NAME)
    pipeline = Pipeline(translator=glosser, window=len(ARTICLES))
    records = [{"id": a.stem, "text": read_text(a)[0]} for a in ARTICLES]
    return {doc.id: doc for doc in pipeline.annotate_many(records)}


@pytest.fixture(scope="module")
def readable_documents() -> dict:
    pipeline = Pipeline(translator=ReversingTestTranslator())
    return {doc.id: doc for doc in pipeline.annotate_many({"id": a.stem, "text": read_text(a)[0]} for a in ARTICLES)}


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def _check(path: Path, actual: str, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"golden file {_shown(path)} is missing; create it with `{REGENERATE}`")
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{_shown(path)} differs; if the change is intended run `{REGENERATE}` and review the diff"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_fixtures_golden_tiny_model(article: Path, fmt: str, tiny_documents: dict, update_golden: bool) -> None:
    doc = tiny_documents[article.stem]
    assert doc.text == read_text(article)[0]  # the original is never modified
    _check(GOLDEN / _golden_name(article, fmt), render(doc, fmt).text, update_golden)


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_fixtures_golden_readable_inline(article: Path, readable_documents: dict, update_golden: bool) -> None:
    _check(GOLDEN / "readable" / _golden_name(article, "inline"), render(readable_documents[article.stem], "inline").text,
           update_golden)


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_fixtures_spans_match_their_text(article: Path, readable_documents: dict) -> None:
    doc = readable_documents[article.stem]
    for span in doc.spans:
        assert doc.text[span.start : span.end] == span.text
        assert doc.text.encode("utf-16-le")[2 * span.utf16[0] : 2 * span.utf16[1]].decode("utf-16-le") == span.text
        assert doc.text.encode("utf-8")[span.utf8[0] : span.utf8[1]].decode("utf-8") == span.text


def test_fixtures_cover_the_languages_the_issue_names(readable_documents: dict) -> None:
    langs = {span.lang for doc in readable_documents.values() for span in doc.spans}
    assert {"ar", "fa", "he", "ru", "zh", "fr"} <= langs


def test_fixtures_golden_missing_file_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="--update-golden"):
        _check(tmp_path / "absent.json", "{}", update=False)
