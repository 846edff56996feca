"""Streaming writers: ``write_rendering`` (what ``multiling annotate`` writes) gives exactly ``render(doc).text``.

Each format has one writer; ``render`` runs it into the offset-map builder, ``write_rendering`` into a stream in
pieces. These tests hold the two to the same characters for every format, on the fixture articles and on random
mixed-script documents, with pieces cut as small as one character, and through the CLI's ``--out`` and stdout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import pytest
from _mixed_text import mixed_text
from click.testing import CliRunner
from doubles import ReversingTestTranslator
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import multiling.render.base as render_base
from multiling.document import AnnotatedDocument
from multiling.io import read_text
from multiling.pipeline import Pipeline, annotate
from multiling.render import FORMATS, render, write_rendering
from multiling.render.display import DisplaySafeWriter, display_safe
from multiling.types import Gloss, GlossStatus

REPO = Path(__file__).resolve().parents[1]
ARTICLES = sorted((REPO / "fixtures" / "articles").glob("*.txt"))
#: Every format with the option sets the CLI and library use.
VARIANTS = [(fmt, {}) for fmt in FORMATS if fmt != "terminal"] + [
    ("terminal", {"color": True}), ("terminal", {"color": False}), ("replace", {"missing": "drop"}),
    ("json", {"indent": None}), ("html", {"title": "a <title> & more"}), ("webanno", {"source": "urn:x:y"}),
]


def _streamed(doc: AnnotatedDocument, fmt: str, **options: object) -> tuple[str, str]:
    pieces: list[str] = []
    last = write_rendering(doc, fmt, pieces.append, **options)
    return "".join(pieces), last


@pytest.fixture(scope="module")
def fixture_documents() -> list[AnnotatedDocument]:
    pipeline = Pipeline(translator=ReversingTestTranslator(), window=len(ARTICLES))
    return list(pipeline.annotate_many([{"id": a.stem, "text": read_text(a)[0]} for a in ARTICLES]))


@pytest.mark.parametrize("piece", [render_base.STREAM_PIECE, 5, 1])
@pytest.mark.parametrize(("fmt", "options"), VARIANTS, ids=[f"{f}-{'-'.join(map(str, o.values()))}" for f, o in VARIANTS])
def test_render_stream_fixtures_write_exactly_the_rendering(fixture_documents: list[AnnotatedDocument], fmt: str,
                                                            options: dict, piece: int,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_base, "STREAM_PIECE", piece)
    for doc in fixture_documents:
        text, last = _streamed(doc, fmt, **options)
        expected = render(doc, fmt, **options).text
        assert text == expected, (doc.id, fmt)
        assert last == expected[-1:]


class _OddGlosser:
    """A test double: glosses with markup, quotes, a newline, a C1 control and the emitter's placeholder marks;
    every third span left without a gloss."""

    def gloss(self, items: Sequence[tuple[str, str]]) -> list[Gloss]:
        return [Gloss(f'<b>"{text[:4]}"\n\x9b\ue000{len(text)}\ue000', GlossStatus.OK, model="test-double")
                if number % 3 else Gloss(None, GlossStatus.NO_MODEL, message="no model for this test")
                for number, (text, _) in enumerate(items)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixed_text, piece=st.sampled_from([1, 3, 64]))
@example(text="", piece=1)
@example(text="He said «مرحبا بالعالم»\r\n\r\n«Привет, мир» \udc80 \x1b[2J \ue000 \"q\" & <i>", piece=1)
def test_render_stream_random_documents_write_exactly_the_rendering(text: str, piece: int) -> None:
    doc = annotate(text, id="doc", translator=_OddGlosser())
    original, render_base.STREAM_PIECE = render_base.STREAM_PIECE, piece
    try:
        for fmt, options in VARIANTS:
            assert _streamed(doc, fmt, **options)[0] == render(doc, fmt, **options).text, fmt
    finally:
        render_base.STREAM_PIECE = original


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab\r\n\x1b\x9b\udc80", max_size=30), cuts=st.lists(st.integers(0, 30), max_size=6))
def test_display_safe_writer_pieces_give_display_safe_of_the_whole(text: str, cuts: list[int]) -> None:
    out: list[str] = []
    writer = DisplaySafeWriter(out.append)
    points = sorted({0, len(text), *(min(cut, len(text)) for cut in cuts)})
    for start, end in zip(points, points[1:]):
        writer.write(text[start:end])
    writer.close()
    assert "".join(out) == display_safe(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_stream_cli_out_file_and_stdout_hold_the_rendering(fmt: str, tmp_path: Path) -> None:
    """``multiling annotate --out FILE`` and stdout write what ``render`` gives (offline: spans say no-model)."""
    from multiling.cli import main

    def annotate_cli(*args: str) -> str:
        result = CliRunner().invoke(main, ["annotate", str(ARTICLES[0]), "--offline", "--no-cache", "-q", *args],
                                    catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        return result.stdout

    options: dict = {"color": False, "rtl": "logical"} if fmt == "terminal" else {}
    flags = ["--no-color", "--rtl", "logical"] if fmt == "terminal" else []
    out = tmp_path / f"out.{fmt}"
    annotate_cli("--format", fmt, *flags, "--out", str(out))
    to_stdout = annotate_cli("--format", fmt, *flags)
    expected = render(AnnotatedDocument.from_dict(json.loads(annotate_cli("--format", "json"))), fmt, **options).text
    assert out.read_text(encoding="utf-8") == expected
    assert to_stdout == (expected if expected.endswith("\n") else expected + "\n")
