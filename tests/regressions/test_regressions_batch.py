"""Batch runs that lost or misplaced output (issue 11 items 4-10, 15, 17), and the rough edges of issue 10. Fixed."""

from __future__ import annotations

import codecs
import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from multiling.cli import main
from multiling.errors import BackendError, InputError
from multiling.io import RecordError, atomic_write, iter_records
from multiling.pipeline import DocumentError, Pipeline
from multiling.types import Gloss, GlossStatus

FRENCH = "He said «bonjour à tous, mes amis» today.\n"
OFFLINE = ["--offline", "--no-cache"]


def _annotate(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["annotate", *args, *OFFLINE], input=input)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class _Echo:
    """A test double: every span glossed as its own text."""

    def gloss(self, items):  # type: ignore[no-untyped-def]
        return [Gloss(text, GlossStatus.OK, model="echo") for text, _ in items]


# --- item 4: one bad file among good ones -----------------------------------------------------------------------


def test_regressions_batch_bad_file_is_skipped_and_good_files_are_written(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(FRENCH, encoding="utf-8")
    (src / "b.txt").write_bytes(b"caf\xe9 au lait\n")
    (src / "c.txt").write_text("Only English.\n", encoding="utf-8")
    result = _annotate(str(src), "--format", "inline", "--out", str(tmp_path / "out") + "/", "-q")
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "c.txt"]
    assert "b.txt: not valid UTF-8 at byte 3" in result.stderr and "(skipped)" in result.stderr


# --- item 5: same stems ----------------------------------------------------------------------------------------


def test_regressions_batch_same_stems_mirror_the_input_tree(tmp_path: Path) -> None:
    for folder, text in (("x", "Only English, x.\n"), ("y", "Only English, y.\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "doc.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = _annotate(str(tmp_path / "x" / "doc.txt"), str(tmp_path / "y" / "doc.txt"), "--format", "inline",
                       "--out", str(out) + "/", "-q")
    assert result.exit_code == 0, result.output
    assert (out / "x" / "doc.txt").read_text(encoding="utf-8") == "Only English, x.\n"
    assert (out / "y" / "doc.txt").read_text(encoding="utf-8") == "Only English, y.\n"


def test_regressions_batch_same_stem_in_one_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("One.\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text("Two.\n", encoding="utf-8")
    result = _annotate(str(tmp_path / "doc.txt"), str(tmp_path / "doc.md"), "--format", "html",
                       "--out", str(tmp_path / "out") + "/")
    assert result.exit_code == 2 and "would both be written to" in result.stderr
    assert not list((tmp_path / "out").glob("*.html"))


# --- item 6: JSONL with --out DIR/ ----------------------------------------------------------------------------


def test_regressions_batch_jsonl_into_a_directory_lands_there_not_on_stdout(tmp_path: Path) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text('{"id": "a", "text": "Only English."}\n{"id": "b", "text": "Also English."}\n', encoding="utf-8")
    result = _annotate(str(source), "--out", str(tmp_path / "out") + "/", "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert [line["id"] for line in _lines(tmp_path / "out" / "records.jsonl")] == ["a", "b"]


# --- item 7: file mode ------------------------------------------------------------------------------------------


def test_regressions_batch_output_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "page.html") as stream:
            stream.write("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644


def test_regressions_batch_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")
    target.chmod(0o640)
    with atomic_write(target) as stream:
        stream.write("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "new"


# --- item 8: a NUL byte in a JSONL line, wherever it is ---------------------------------------------------------


@pytest.mark.parametrize("padding_lines", [0, 500])  # inside the first 8 KiB, and far beyond it
def test_regressions_batch_nul_in_a_jsonl_line_is_one_error_line_anywhere(padding_lines: int) -> None:
    import io

    padding = b"".join(b'{"id": "p%d", "text": "padding text"}\n' % n for n in range(padding_lines))
    data = padding + b'{"id": "bad", "text": "a\x00b"}\n{"id": "after", "text": "fine"}\n'
    items = list(iter_records(io.BytesIO(data)))
    assert len(items) == padding_lines + 2
    bad = items[padding_lines]
    assert isinstance(bad, RecordError) and bad.kind == "binary" and bad.line == padding_lines + 1
    assert items[-1].id == "after" and not isinstance(items[-1], RecordError)


# --- item 9: an input generator that raises -----------------------------------------------------------------------


def _raising_at(position: int):  # type: ignore[no-untyped-def]
    for number in range(position):
        yield {"id": str(number), "text": f"Document {number}."}
    raise RuntimeError("the database went away")


def test_regressions_batch_documents_read_before_a_failing_input_are_yielded_then_raised() -> None:
    pipeline = Pipeline(translator=_Echo(), window=64)
    got = []
    with pytest.raises(RuntimeError, match="database went away"):
        for doc in pipeline.annotate_many(_raising_at(10)):
            got.append(doc.id)
    assert got == [str(n) for n in range(10)]


def test_regressions_batch_failing_input_with_on_error_yield_ends_with_the_error() -> None:
    results = list(Pipeline(translator=_Echo(), window=4).annotate_many(_raising_at(10), on_error="yield"))
    assert [r.id for r in results[:10]] == [str(n) for n in range(10)]
    last = results[-1]
    assert isinstance(last, DocumentError) and isinstance(last.error, InputError) and last.index == 10
    assert "RuntimeError: the database went away" in str(last.error)


# --- item 10: a translator that answers None ------------------------------------------------------------------------


class _AnswersNone:
    def gloss(self, items):  # type: ignore[no-untyped-def]
        return [None for _ in items]


def test_regressions_batch_translator_answering_none_is_refused_at_the_boundary() -> None:
    pipeline = Pipeline(translator=_AnswersNone())
    with pytest.raises(BackendError, match="returned NoneType for span 0"):
        pipeline.annotate("He said «bonjour à tous, mes amis».")
    results = list(pipeline.annotate_many(["He said «bonjour à tous, mes amis».", "Only English."], on_error="yield"))
    assert isinstance(results[0], DocumentError) and results[1].summary["spans"] == 0


# --- item 15: FIFOs and symlink loops ------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_regressions_batch_annotate_reads_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as stream:
            stream.write("Only English in a pipe.\n")

    writer = threading.Thread(target=feed)
    writer.start()
    result = CliRunner().invoke(main, ["annotate", str(fifo), "--format", "inline", *OFFLINE])
    writer.join()
    assert result.exit_code == 0, result.output
    assert result.stdout == "Only English in a pipe.\n"


def test_regressions_batch_symlink_loop_says_so(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = _annotate(str(loop))
    assert result.exit_code == 2 and "symbolic links" in result.stderr and "no such file" not in result.stderr


# --- item 17 --------------------------------------------------------------------------------------------------------


def test_regressions_batch_quiet_prints_no_line_per_span(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(FRENCH, encoding="utf-8")
    loud = _annotate(str(article))
    quiet = _annotate(str(article), "-q")
    assert loud.exit_code == quiet.exit_code == 1
    assert "no gloss (no-model)" in loud.stderr and "foreign span(s)" in loud.stderr
    assert quiet.stderr == ""


def test_regressions_batch_errors_replace_lines_say_replaced_without_resume(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "a", "text": "caf\xe9 au lait"}\n')
    result = _annotate(str(source), "--errors", "replace", "--out", str(tmp_path / "out.jsonl"), "-q")
    assert result.exit_code == 0, result.output
    (line,) = _lines(tmp_path / "out.jsonl")
    assert line["replaced"] == 1 and line["text"] == "caf\ufffd au lait"


def test_regressions_batch_utf16_jsonl_bad_line_is_one_error_line() -> None:
    import io

    good = '{"id": "a", "text": "fine"}\n'.encode("utf-16-le")
    bad = '{"id": "b", "text": "'.encode("utf-16-le") + b"\x00\xd8" + '"}\n'.encode("utf-16-le")  # a lone high surrogate
    after = '{"id": "c", "text": "also fine"}\n'.encode("utf-16-le")
    items = list(iter_records(io.BytesIO(codecs.BOM_UTF16_LE + good + bad + after)))
    assert [getattr(item, "kind", None) for item in items] == [None, "undecodable", None]
    assert items[1].line == 2 and "UTF-16-LE on line 2" in items[1].message and items[2].text == "also fine"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_regressions_batch_full_disk_names_the_file() -> None:
    result = _annotate("-", "--input-format", "jsonl", "--out", "/dev/full", input='{"id": "a", "text": "x"}\n')
    assert result.exit_code == 2
    assert "cannot write /dev/full: No space left on device" in result.stderr and "multiling: : " not in result.stderr


def test_regressions_batch_missing_output_directory_names_the_file_not_a_temp(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "f.html"
    result = _annotate("-", "--format", "html", "--out", str(target), input="Only English.\n")
    assert result.exit_code == 2
    assert f"cannot write {target}" in result.stderr and ".tmp" not in result.stderr


def test_regressions_batch_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiling.batch

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(multiling.batch, "run_annotate", interrupted)
    result = _annotate("-", input="x\n")
    assert result.exit_code == 130 and "interrupted" in result.stderr


# --- issue 10: rough edges -------------------------------------------------------------------------------------------


def test_regressions_batch_stdin_jsonl_is_detected_and_gives_jsonl() -> None:
    records = '{"id": "a", "text": "Only English."}\n{"id": "b", "text": "Also English."}\n'
    result = _annotate("-", "-q", input=records)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b"]
    as_text = _annotate("-", "-q", "--input-format", "text", "--format", "inline", input=records)
    assert as_text.stdout == records  # one text document, shown as it is


def test_regressions_batch_format_does_not_change_parsing() -> None:
    text = "Only English here.\n"
    for fmt in ("json", "jsonl"):
        result = _annotate("-", "-q", "--format", fmt, input=text)
        assert result.exit_code == 0 and json.loads(result.stdout)["text"] == text


def test_regressions_batch_resume_needs_no_format_for_jsonl(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Only English."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _annotate(str(source), "--out", str(out), "--resume", "-q")
    assert result.exit_code == 0, result.output
    assert [line["id"] for line in _lines(out)] == ["a"]


def test_regressions_batch_closing_summary_and_kept_progress_bar(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(n), "text": "Only English."}) + "\n" for n in range(3)), encoding="utf-8")
    result = _annotate(str(source), "--out", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    assert "3/3" in result.stderr  # the bar knows the total and is still there at the end
    assert "3 document(s), 0 foreign span(s): 0 glossed, 0 without a gloss" in result.stderr


def test_regressions_batch_model_not_made_for_a_language_is_named(tiny_marian_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("He wrote «الرحمة لشهدائنا» and «Привет, мир, как дела» yesterday.\n", encoding="utf-8")
    args = [str(article), "--model", str(tiny_marian_dir), "--beam", "1", "--format", "json"]
    loose = _annotate(*args)
    assert loose.exit_code == 0, loose.output
    # The tiny checkpoint names its source language (tokenizer_config.json): only the Russian span is not its own.
    assert loose.stderr.count("a model made for ar") == 1 and "1 glossed by a model not made for their language" in loose.stderr
    arabic, cyrillic = json.loads(loose.stdout)["spans"]
    assert "model-not-for-language" in cyrillic["flags"] and "model-not-for-language" not in arabic["flags"]
    inline = _annotate(*args[:-2], "--format", "inline")
    assert inline.stdout.count(f"[en, model not for {cyrillic['lang']}: ") == 1 and inline.stdout.count("[en: ") == 1
    strict = _annotate(*args, "--src", "ar")
    spans = json.loads(strict.stdout)["spans"]
    statuses = {span["lang"]: span["status"] for span in spans}
    assert statuses.pop("ar") == "ok" and set(statuses.values()) == {"no-model"}  # the Cyrillic span: registry model
    assert "unknown language" not in strict.stderr


def test_regressions_batch_translate_src_auto_and_stdin(tiny_marian_dir: Path) -> None:
    runner = CliRunner()
    args = ["translate", "-", "--model", str(tiny_marian_dir), "--beam", "1", "--format", "json", *OFFLINE]
    result = runner.invoke(main, args, input="الرحمة لشهدائنا الأبرار\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["src"] == "ar" and data["status"] == "ok" and data["text"] == "الرحمة لشهدائنا الأبرار\n"
    english = runner.invoke(main, ["translate", "Only English words here.", *OFFLINE])
    assert english.exit_code == 1 and "no foreign language found" in english.stderr


def test_regressions_batch_segment_says_no_foreign_spans_and_has_rtl() -> None:
    runner = CliRunner()
    english = runner.invoke(main, ["segment", "-"], input="Only English here.\n")
    assert english.exit_code == 0 and english.stdout == "" and "no foreign spans" in english.stderr
    arabic = "He said: إن الجريمة الإرهابية لن تمر.\n"
    logical = runner.invoke(main, ["segment", "-", "--rtl", "logical"], input=arabic)
    visual = runner.invoke(main, ["segment", "-", "--rtl", "visual"], input=arabic)
    assert "إن الجريمة الإرهابية لن تمر" in logical.stdout
    assert visual.exit_code == 0 and visual.stdout != logical.stdout and "no foreign spans" not in visual.stderr


@pytest.mark.parametrize("command", ["list", "pull", "convert", "path"])
def test_regressions_batch_models_help_has_examples(command: str) -> None:
    result = CliRunner().invoke(main, ["models", command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout and f"multiling models {command}" in result.stdout


def test_regressions_batch_beam_default_is_the_same_everywhere() -> None:
    defaults = {}
    for command in ("annotate", "translate"):
        (beam,) = [p for p in main.commands[command].params if p.name == "beam"]
        defaults[command] = beam.default
    assert len(set(defaults.values())) == 1, defaults


def test_regressions_batch_on_model_error_raise_stops_with_exit_3(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(FRENCH, encoding="utf-8")
    marked = _annotate(str(article), "--format", "inline", "-q")
    assert marked.exit_code == 1 and "[no gloss" in marked.stdout
    raised = _annotate(str(article), "--format", "inline", "--on-model-error", "raise")
    assert raised.exit_code == 3 and raised.stdout == ""
    assert "[E4" in raised.stderr and "multiling models pull" in raised.stderr and "Traceback" not in raised.output


@pytest.mark.parametrize(("name", "extra"), [("page.html", ["--format", "html"]), ("out.jsonl", ["--input-format", "jsonl"])])
def test_regressions_batch_unreadable_input_leaves_an_earlier_output_alone(tmp_path: Path, name: str, extra: list[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    target = tmp_path / name
    target.write_text("an earlier run's output\n", encoding="utf-8")
    result = _annotate(str(source), "--out", str(target), *extra)
    assert result.exit_code == 2 and "looks like a binary file" in result.stderr
    assert target.read_text(encoding="utf-8") == "an earlier run's output\n"
