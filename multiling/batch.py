"""Batch runs: many documents in (files, directories, stdin, JSONL records), results out (stdout, a file, a directory).

This module sits above :mod:`multiling.pipeline` (it drives a :class:`~multiling.pipeline.Pipeline`) and below
``cli.py`` (whose ``annotate`` and ``segment`` commands are a few lines calling it); tests call it directly.

One JSONL path serves every JSONL run (``annotate`` with or without ``--resume``, ``segment --format jsonl``):
:func:`write_results` takes records (:class:`~multiling.io.Record` or :class:`~multiling.io.RecordError`), hands
them to a *processor* — records in, one result line (a dict) per record out, in order — and writes each line as
soon as it comes, to a :class:`~multiling.io.JsonlWriter` (a file, resumable) or a
:class:`~multiling.io.JsonlStream` (stdout). Error lines have one shape (:func:`multiling.io.error_line`).

The seam for other execution engines is the *annotator* of :func:`run_annotate`: any callable that turns an
iterable of records into one :class:`~multiling.document.AnnotatedDocument` (or
:class:`~multiling.pipeline.DocumentError`) per record, in input order — by default
``pipeline.annotate_many(records, on_error="yield")``. Reading, resuming, writing, reporting and exit codes stay here.
"""

from __future__ import annotations

import collections
import contextlib
import glob
import io
import itertools
import json
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterable, Iterator, TextIO, Union

from multiling.document import AnnotatedDocument
from multiling.errors import ConfigError, InputError
from multiling.io import (
    Errors,
    JsonlStream,
    JsonlWriter,
    Record,
    RecordError,
    Source,
    atomic_write,
    decode_bytes,
    iter_records,
    processing_error_line,
    read_text,
)
from multiling.io.parquet import PARQUET_SUFFIXES, ParquetSink, count_parquet_rows, is_parquet, iter_parquet_records
from multiling.io.records import PrefixedStream
from multiling.io.writers import LineFlag
from multiling.pipeline import DocumentError, Pipeline
from multiling.render import EXTENSIONS, render, write_rendering
from multiling.render.display import DisplaySafeWriter, display_safe
from multiling.render.text import RtlMode, resolve_rtl
from multiling.types import MISSING_GLOSS, MODEL_NOT_FOR_LANGUAGE, GlossStatus

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md")
_GLOB_CHARS = frozenset("*?[")
MAX_MISSING_LINES = 50  # per run; the rest are counted

Item = Union[Record, RecordError]
#: Records in, one result line (a dict) per record out, in the same order.
Processor = Callable[[Iterator[Item]], Iterable[dict[str, Any]]]
#: Records in, one document (or DocumentError) per record out, in the same order: the engine seam of run_annotate.
Annotator = Callable[[Iterable[Item]], Iterable[Union[AnnotatedDocument, DocumentError]]]
Sink = Union[JsonlWriter, JsonlStream, ParquetSink]


# --------------------------------------------------------------------------------------------------------
# The one JSONL path
# --------------------------------------------------------------------------------------------------------


@dataclass
class BatchSummary:
    """What a JSONL run did (counts of records)."""

    processed: int = 0  # written with a result
    failed: int = 0  # written with an error (bad record, or the processing function raised)
    skipped: int = 0  # already in the output (resume)
    previously_failed: int = 0  # of the skipped, how many were error lines
    previously_flagged: int = 0  # of the skipped, how many result lines the writer's ``flag`` picked out
    replaced: int = 0  # records in which U+FFFD was substituted
    errors: list[str] = field(default_factory=list)  # the first few error messages

    @property
    def ok(self) -> bool:
        """True when no record of the output failed (in this run or, after a resume, in earlier ones)."""
        return self.failed == 0 and self.previously_failed == 0


def write_results(items: Iterable[Item], sink: Sink, process_many: Processor, *,
                  on_error: Callable[[str], None] | None = None,
                  progress: Callable[[int], Any] | None = None) -> BatchSummary:
    """Run ``process_many`` over the records not yet in ``sink`` and write one line per record, as each comes.

    Each line carries its record's id first; a record with U+FFFD substitutions gets ``"replaced": N``; a line
    with an ``error`` key counts as failed and its message goes to ``on_error``. ``progress(1)`` is called per
    record written or skipped.

    Raises:
        ValueError: ``process_many`` yielded more lines than it was given records.
    """
    summary = BatchSummary(previously_failed=sink.resumed_failed, previously_flagged=sink.resumed_flagged)
    sent: collections.deque[Item] = collections.deque()

    def todo() -> Iterator[Item]:
        for item in items:
            if sink.done(item.output_id if isinstance(item, RecordError) else item.id):
                summary.skipped += 1
                if progress is not None:
                    progress(1)
                continue
            sent.append(item)
            yield item

    for result in process_many(todo()):
        if not sent:
            raise ValueError("process_many yielded more results than it was given records")
        item = sent.popleft()
        record_id = item.output_id if isinstance(item, RecordError) else item.id
        # Keep the processor's key order when it already carries the right id (deterministic output).
        line = dict(result) if result.get("id") == record_id else {"id": record_id, **{k: v for k, v in result.items() if k != "id"}}
        if isinstance(item, Record) and item.replaced and "error" not in line:
            summary.replaced += 1
            line.setdefault("replaced", item.replaced)
        sink.write(line)
        if progress is not None:
            progress(1)
        if "error" in line:
            summary.failed += 1
            error = line["error"]
            message = error.get("message", "") if isinstance(error, dict) else str(error)
            where = f"line {item.line} (id {record_id!r})" if item.line is not None else f"{record_id}"
            if len(summary.errors) < 20:
                summary.errors.append(f"{where}: {message}")
            if on_error is not None:
                on_error(f"{where}: {message}")
        else:
            summary.processed += 1
    return summary


def open_sink(out: str | Path | TextIO, *, resume: bool = False, fsync_every: int = 0,
              flag: LineFlag | None = None) -> Sink:
    """A :class:`JsonlWriter` for a path (``resume`` keeps what is there), a :class:`ParquetSink` for a path ending
    in ``.parquet`` (a dataset directory), a :class:`JsonlStream` for a stream.

    Raises:
        ConfigError: ``resume`` with Parquet output.
    """
    if isinstance(out, (str, Path)) and is_parquet(out):
        if resume:
            raise ConfigError("--resume needs JSONL output (--out FILE.jsonl); a Parquet output is written anew")
        return ParquetSink(out)
    if isinstance(out, (str, Path)):
        # The reader already reports duplicate ids, so the writer only needs the ids found on resume.
        return JsonlWriter(out, resume=resume, fsync_every=fsync_every, track_written=False, flag=flag)
    return JsonlStream(out)


def run_jsonl_many(
    source: Source,
    out: str | Path | TextIO,
    process_many: Processor,
    *,
    resume: bool = False,
    errors: Errors = "strict",
    fsync_every: int = 0,
    on_error: Callable[[str], None] | None = None,
    flag: LineFlag | None = None,
) -> BatchSummary:
    """Process a JSONL file into JSONL output that survives ``kill -9`` and ``--resume``.

    ``process_many`` receives the records (and :class:`RecordError` items) not yet in ``out`` and must yield
    exactly one dict per item, in order: a result, or an error line (:meth:`RecordError.to_dict`,
    :func:`multiling.io.processing_error_line`). With ``resume=True`` the records whose id is already in ``out``
    are skipped, so a run killed at any moment and restarted ends with every id exactly once.

    Args:
        source: input path, ``-`` or a binary stream.
        out: output path, or an open text stream (no resume).
        process_many: see :data:`Processor`.
        resume: continue an earlier run into the same ``out``.
        errors: ``strict`` or ``replace`` for undecodable bytes and lone surrogates.
        fsync_every: see :class:`JsonlWriter`.
        on_error: called with each error message (e.g. to echo it on stderr).
        flag: see :class:`JsonlWriter`; the summary's ``previously_flagged`` counts its yeses.

    Returns:
        A :class:`BatchSummary`.

    Raises:
        BinaryInputError: the input is not text at all.
        OSError: input or output cannot be opened.
        ValueError: ``process_many`` yielded more dicts than it was given items.
    """
    sink = open_sink(out, resume=resume, fsync_every=fsync_every, flag=flag)
    try:
        return write_results(iter_records(source, errors=errors), sink, process_many, on_error=on_error)
    finally:
        sink.close()


def run_jsonl(
    source: Source,
    out: str | Path | TextIO,
    process: Callable[[Record], dict[str, Any]],
    *,
    resume: bool = False,
    errors: Errors = "strict",
    fsync_every: int = 0,
    on_error: Callable[[str], None] | None = None,
) -> BatchSummary:
    """Like :func:`run_jsonl_many`, for a function that turns one record into its output dict.

    A record that could not be read, or whose ``process`` raised, becomes an error line and the run goes on.
    """

    def process_many(items: Iterable[Item]) -> Iterator[dict[str, Any]]:
        for item in items:
            if isinstance(item, RecordError):
                yield item.to_dict()
                continue
            try:
                yield dict(process(item))
            except Exception as exc:  # a failing document is recorded and the run goes on
                yield processing_error_line(item.id, item.line, exc)

    return run_jsonl_many(source, out, process_many, resume=resume, errors=errors, fsync_every=fsync_every, on_error=on_error)


# --------------------------------------------------------------------------------------------------------
# annotate
# --------------------------------------------------------------------------------------------------------


@dataclass
class AnnotateReport:
    """What a run did: counts used for the exit code and the closing summary."""

    documents: int = 0
    spans: int = 0  # foreign spans
    glossed: int = 0  # of those, status ok
    missing: int = 0  # spans with status no-model or error
    documents_missing: int = 0  # documents with at least one such span
    bad_records: int = 0
    unreadable: int = 0  # input files that could not be read at all (each is skipped; the others are written)
    unchecked: int = 0  # spans whose gloss is flagged model-not-for-language (--model without --src)
    messages: list[str] = field(default_factory=list)
    more_messages: int = 0
    # Why spans have no gloss, each reason once (the same missing model would otherwise repeat on every span).
    reasons: dict[str, int] = field(default_factory=dict)
    batch: BatchSummary | None = None  # for JSONL output
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """2 some input unreadable; else 1 some spans (or records) without a gloss, earlier runs' lines included
        on resume; else 0."""
        if self.unreadable:
            return 2
        earlier = (self.batch.previously_failed + self.batch.previously_flagged) if self.batch else 0
        return 0 if self.missing == 0 and self.bad_records == 0 and earlier == 0 else 1


def expand_sources(sources: tuple[str, ...]) -> list[str]:
    """Files to read: ``-``, files, FIFOs and devices as given; directories expanded to their text/JSONL/Parquet files
    (sorted; a Parquet dataset directory to its part files); glob patterns (``data/*.jsonl``, ``**``) expanded.

    Raises:
        InputError: a directory with no such files, a path that does not exist, or one that cannot be looked at
            (a symlink loop, no permission), with the system's reason.
    """
    out: list[str] = []
    for source in sources or ("-",):
        if source == "-":
            out.append(source)
            continue
        if _GLOB_CHARS.intersection(source) and not os.path.exists(source):
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                raise InputError(f"{source}: no file matches this pattern")
            out.extend(expand_sources(tuple(matches)))
            continue
        try:
            mode = os.stat(source).st_mode
        except FileNotFoundError:
            raise InputError(f"{source}: no such file or directory") from None
        except OSError as exc:
            raise InputError(f"{source}: {exc.strerror or exc}") from None
        if stat.S_ISDIR(mode):
            path = Path(source)
            found = sorted(str(p) for p in path.iterdir()
                           if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES
                           and not p.name.startswith("."))
            if not found:
                raise InputError(f"{source}: directory holds no .txt, .jsonl or .parquet files")
            out.extend(found)
        else:
            out.append(source)  # a regular file, a FIFO, /dev/stdin, a process substitution: all read as streams
    return out


def is_jsonl(source: str, input_format: str) -> bool:
    """Whether ``source`` is read as ``{"id", "text"}`` JSONL records (by name; stdin is looked at instead)."""
    if input_format != "auto":
        return input_format == "jsonl"
    return source.lower().endswith(JSONL_SUFFIXES)


class _Input:
    """The sources of a run, with stdin looked at once (``--input-format auto``: JSONL when its first line is a
    ``{"text": ...}`` object) and kept for reading, in constant memory."""

    def __init__(self, files: list[str], input_format: str, stdin: BinaryIO | None = None) -> None:
        self.files = files
        self.input_format = input_format
        self.stdin: BinaryIO | None = None
        self.stdin_jsonl = input_format == "jsonl"
        if "-" in files:
            self.stdin, self.stdin_jsonl = _look_at_stdin(stdin or sys.stdin.buffer, input_format)

    def jsonl(self, source: str) -> bool:
        """Whether ``source`` gives records (JSONL, or Parquet rows) and so JSONL (or Parquet) output."""
        if source != "-" and is_parquet(source):
            return True
        return self.stdin_jsonl if source == "-" else is_jsonl(source, self.input_format)

    def open(self, source: str) -> str | BinaryIO:
        return self.stdin if source == "-" and self.stdin is not None else source


def _look_at_stdin(stream: BinaryIO, input_format: str) -> tuple[BinaryIO, bool]:
    """``(a stream giving all of stdin, whether it is JSONL)``; with ``auto``, the first non-blank line decides."""
    if input_format != "auto":
        return stream, input_format == "jsonl"
    head = b""
    while len(head) < (1 << 20):
        line = stream.readline(1 << 20)
        head += line
        if not line or line.strip():
            break
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    looks_jsonl = False
    if first.startswith(b"{"):
        try:
            value = json.loads(first.split(b"\n", 1)[0])
            looks_jsonl = isinstance(value, dict) and isinstance(value.get("text"), str)
        except (ValueError, RecursionError):
            looks_jsonl = False
    return io.BufferedReader(PrefixedStream(head, stream, "<stdin>")), looks_jsonl


def read_items(inputs: _Input, sources: list[str], errors: Errors, note: Callable[[str], None],
               unreadable: Callable[[str, Exception], None], order: collections.deque[str] | None = None) -> Iterator[Item]:
    """Documents to annotate, lazily: one :class:`Record` per text file (``line`` None), the records of JSONL files.

    A file that cannot be read (missing, binary, undecodable with ``strict``) is passed to ``unreadable`` and
    skipped: every other file still gives its documents. ``order`` gets the source of each text record yielded.
    """
    for source in sources:
        name = "<stdin>" if source == "-" else source
        try:
            if source != "-" and is_parquet(source):
                yield from iter_parquet_records(source)
                continue
            if inputs.jsonl(source):
                yield from iter_records(inputs.open(source), errors=errors)
                continue
            opened = inputs.open(source)
            if isinstance(opened, str):
                text, replaced = read_text(opened, errors=errors)
            else:
                text, replaced = decode_bytes(opened.read(), name, errors)
        except (InputError, OSError) as exc:
            unreadable(name, exc)
            continue
        if replaced:
            note(f"{name}: replaced {replaced} undecodable byte sequence(s) with U+FFFD")
        if order is not None:
            order.append(source)
        yield Record("<stdin>" if source == "-" else Path(source).stem, text, None, replaced)


def output_paths(sources: list[str], out_dir: Path, extension: Callable[[str], str]) -> dict[str, Path]:
    """Where each source's output goes in ``out_dir``: ``<stem>.<ext>``, or, when two sources share a stem, the
    input tree mirrored below ``out_dir``.

    Raises:
        InputError: two sources would still write the same file (``doc.txt`` and ``doc.md`` in one directory).
    """
    def stem(source: str) -> str:
        return "stdin" if source == "-" else Path(source).stem

    flat = {source: out_dir / f"{stem(source)}.{extension(source)}" for source in sources}
    if len(set(flat.values())) == len(flat):
        return flat
    parents = {source: Path(os.path.abspath(source)).parent for source in sources if source != "-"}
    base = Path(os.path.commonpath(list(parents.values()))) if parents else Path(".")
    mirrored = {source: out_dir / (parents[source].relative_to(base) if source in parents else Path(".")) /
                f"{stem(source)}.{extension(source)}" for source in sources}
    by_path: dict[Path, str] = {}
    for source, path in mirrored.items():
        if path in by_path:
            raise InputError(f"{by_path[path]} and {source} would both be written to {path}; annotate them in "
                             "separate runs or rename one (multiling never overwrites an output it just wrote)")
        by_path[path] = source
    return mirrored


def lacks_gloss(line: dict[str, Any]) -> bool:
    """Whether a result line (of this or an earlier run) has a span that wanted a gloss and has none."""
    summary = line.get("summary")
    return isinstance(summary, dict) and any(summary.get(status.value) for status in MISSING_GLOSS)


def count_records(path: str) -> int:
    """Non-blank lines of a JSONL file (one pass over its bytes), for a progress bar's total."""
    with open(path, "rb") as stream:
        return sum(1 for line in stream if line.strip())


def run_annotate(
    sources: tuple[str, ...],
    *,
    fmt: str,
    pipeline: Pipeline,
    out: str | None = None,
    input_format: str = "auto",
    errors: Errors = "strict",
    rtl: RtlMode = "auto",
    color: bool | None = None,
    quiet: bool = False,
    resume: bool = False,
    annotator: Annotator | None = None,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> AnnotateReport:
    """Annotate every document of ``sources`` and write them in ``fmt``.

    JSONL input gives JSONL output (one line per record; bad records become error lines), which with
    ``resume`` continues an earlier run into the same ``out`` file. Several text documents go to one stream
    (``==> name <==`` headers for text formats, one JSON line each for ``json``) or, with ``out`` naming a
    directory, to one file per document (one ``.jsonl`` per JSONL source). A file that cannot be read is
    reported and skipped; the others are written (exit code 2 says so).

    Args:
        annotator: records in, documents out (see the module docstring); default the pipeline's ``annotate_many``.

    Returns:
        An :class:`AnnotateReport` (its ``exit_code`` is the command's).

    Raises:
        InputError: no source can be found, or several HTML/web-annotation documents without an output directory.
        ConfigError: ``resume`` without one JSONL source and an output file.
        OutputError: a result cannot be written.
    """
    started = time.perf_counter()
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    report = AnnotateReport()
    files = expand_sources(sources)
    inputs = _Input(files, input_format, stdin)
    jsonl_files = [source for source in files if inputs.jsonl(source)]
    text_files = [source for source in files if not inputs.jsonl(source)]
    out_dir = Path(out) if out and not is_parquet(out) and (out.endswith(("/", "\\")) or Path(out).is_dir()) else None
    if resume and (len(files) != 1 or not jsonl_files or out is None or out_dir is not None):
        raise ConfigError("--resume needs one JSONL source and --out FILE.jsonl (JSONL in gives JSONL out)")
    several = len(files) > 1 or bool(jsonl_files)
    if several and not jsonl_files and out_dir is None and fmt in ("html", "webanno"):
        raise InputError(f"{len(files)} documents cannot share one {fmt} page; pass --out DIR/ for one file per document")
    targets: dict[str, Path] = {}
    if out_dir is not None:
        targets = output_paths(files, out_dir, lambda source: "jsonl" if inputs.jsonl(source) else EXTENSIONS[fmt])
        for path in set(targets.values()):
            path.parent.mkdir(parents=True, exist_ok=True)
    stream_for_rtl = stdout if out is None else None
    rtl_mode = resolve_rtl(rtl, stream_for_rtl) if stream_for_rtl is not None else ("logical" if rtl == "auto" else rtl)
    use_color = (color if color is not None else (out is None and bool(getattr(stdout, "isatty", lambda: False)())))
    bar = _progress_bar(files, inputs, enabled=several and not quiet, stderr=stderr)
    tick = bar.written if bar is not None else None
    annotate = annotator or (lambda items: pipeline.annotate_many(items, on_error="yield",
                                                                  progress=bar.glossed if bar is not None else None))

    def note(message: str) -> None:
        if not quiet:
            print(f"multiling: {display_safe(message)}", file=stderr)

    def unreadable(name: str, exc: Exception) -> None:
        report.unreadable += 1
        reason = str(exc) if isinstance(exc, InputError) else f"{name}: {getattr(exc, 'strerror', None) or exc}"
        print(f"multiling: {display_safe(reason)} (skipped)", file=stderr)  # an error: shown even with -q

    def options_for(as_format: str) -> dict[str, Any]:
        return {"color": use_color, "rtl": rtl_mode} if as_format == "terminal" else {}

    def render_doc(doc: AnnotatedDocument, as_format: str) -> str:
        return render(doc, as_format, **options_for(as_format)).text

    def write_doc(doc: AnnotatedDocument, as_format: str, write: Callable[[str], Any]) -> str:
        return write_rendering(doc, as_format, write, **options_for(as_format))

    def counted(results: Iterable[AnnotatedDocument | DocumentError], jsonl: bool) -> Iterator[AnnotatedDocument | DocumentError]:
        for result in results:
            if isinstance(result, DocumentError):
                report.bad_records += 1
                if not jsonl:  # in JSONL output the error line is reported as it is written
                    _remember(report, f"{result.id or 'document'}: {result.error}")
            else:
                report.documents += 1
                report.spans += len(result.spans)
                report.glossed += sum(facts[0] is GlossStatus.OK for facts in result.gloss_facts())
                _note_missing(report, result, quiet=quiet)
                _note_unchecked(report, result, pipeline, quiet=quiet)
            yield result

    def result_lines(records: Iterator[Item]) -> Iterator[dict[str, Any]]:
        for result in counted(annotate(records), jsonl=True):
            if isinstance(result, DocumentError):
                yield document_error_line(result)
            elif fmt in ("json", "jsonl", "terminal"):  # terminal output makes no sense inside JSONL
                yield result.to_dict()
            else:
                yield {"id": result.id, "format": fmt, "rendered": render_doc(result, fmt), "summary": result.summary}

    def jsonl_run(group: list[str], target: str | Path | TextIO) -> None:
        unreadable_before = report.unreadable
        items = read_items(inputs, group, errors, note, unreadable)
        first = next(items, None)
        if first is None and report.unreadable > unreadable_before:
            return  # nothing could be read: an earlier output at ``target`` is left as it was
        sink = open_sink(target, resume=resume, flag=lacks_gloss)
        try:
            summary = write_results(itertools.chain([first] if first is not None else [], items), sink, result_lines,
                                    on_error=lambda message: _remember(report, message), progress=tick)
        finally:
            sink.close()
        report.batch = summary if report.batch is None else _add(report.batch, summary)

    try:
        if out_dir is not None:
            for source in jsonl_files:
                jsonl_run([source], targets[source])
            order: collections.deque[str] = collections.deque()
            results = counted(annotate(read_items(inputs, text_files, errors, note, unreadable, order)), jsonl=False)
            _write_documents(results, fmt, write_doc, None, lambda: targets[order.popleft()], several, stdout, tick)
        elif jsonl_files:
            jsonl_run(files, stdout if out is None else out)
        else:
            results = counted(annotate(read_items(inputs, files, errors, note, unreadable)), jsonl=False)
            _write_documents(results, fmt, write_doc, out, None, several, stdout, tick,
                             keep_old=lambda: report.documents == 0 and report.unreadable > 0)
    finally:
        if bar is not None:
            bar.close()
    report.seconds = time.perf_counter() - started
    _print_report(report, stderr, quiet=quiet, out=out, resume=resume)
    return report


def _add(first: BatchSummary, second: BatchSummary) -> BatchSummary:
    return BatchSummary(first.processed + second.processed, first.failed + second.failed, first.skipped + second.skipped,
                        first.previously_failed + second.previously_failed,
                        first.previously_flagged + second.previously_flagged, first.replaced + second.replaced,
                        (first.errors + second.errors)[:20])


def _write_documents(results: Iterable[AnnotatedDocument | DocumentError], fmt: str,
                     write_doc: Callable[[AnnotatedDocument, str, Callable[[str], Any]], str], out: str | None,
                     place: Callable[[], Path] | None, several: bool, stdout: TextIO,
                     tick: Callable[[int], Any] | None, keep_old: Callable[[], bool] = lambda: False) -> None:
    """Text formats: one file per document (``place()`` gives each document's path, in input order), one file
    (``out``, left as it was when ``keep_old()`` says nothing could be read), or stdout (flushed per document).

    Each document is written piece by piece as it is rendered (``write_doc(doc, format, write)`` returns the last
    character written), never held whole: a huge document costs no more than its annotation."""
    # A file keeps the article's characters; a terminal is shown them (terminal output is already display-safe).
    to_terminal = out is None and fmt != "terminal" and bool(getattr(stdout, "isatty", lambda: False)())
    with contextlib.ExitStack() as files:
        out_stream: IO[Any] | None = None
        for result in results:
            target = place() if place is not None else None
            if tick is not None:
                tick(1)
            if isinstance(result, DocumentError):
                continue  # counted and reported; the other documents are still written
            if target is not None:
                with atomic_write(target) as stream:
                    write_doc(result, fmt, stream.write)
                continue
            if out is not None and out_stream is None:
                out_stream = files.enter_context(atomic_write(Path(out)))  # opened at the first document written
            writer = DisplaySafeWriter(stdout.write) if to_terminal else None
            write = out_stream.write if out_stream is not None else writer.write if writer is not None else stdout.write
            if several and fmt in ("json", "jsonl"):
                write_doc(result, "jsonl", write)
            else:
                if several:
                    write(f"==> {result.id} <==\n")
                if write_doc(result, fmt, write) != "\n":
                    write("\n")
            if out is None:
                if writer is not None:
                    writer.close()
                stdout.flush()
        if out is not None and place is None and out_stream is None and not keep_old():
            _write_file(Path(out), "")


def document_error_line(result: DocumentError) -> dict[str, Any]:
    """The output line of an input item the pipeline could not annotate (a bad record, or a failure)."""
    item = result.item
    if isinstance(item, RecordError):
        return item.to_dict()
    return processing_error_line(result.id, getattr(item, "line", None), result.error)


def _print_report(report: AnnotateReport, stderr: TextIO, *, quiet: bool, out: str | None, resume: bool) -> None:
    for message in report.messages:
        print(f"multiling: {display_safe(message)}", file=stderr)
    if report.more_messages:
        print(f"multiling: ... and {report.more_messages} more message(s)", file=stderr)
    if not quiet:
        for reason, number in report.reasons.items():
            print(f"multiling: [{number}] {display_safe(reason)}", file=stderr)
    if quiet:
        return
    batch = report.batch
    parts = [f"{report.documents} document(s)", f"{report.spans} foreign span(s): {report.glossed} glossed, "
             f"{report.missing} without a gloss"]
    if report.unchecked:
        parts.append(f"{report.unchecked} glossed by a model not made for their language")
    if report.bad_records:
        parts.append(f"{report.bad_records} bad record(s)")
    if report.unreadable:
        parts.append(f"{report.unreadable} unreadable file(s) skipped")
    if resume and batch is not None:
        earlier = (f" (of those already done: {batch.previously_failed} failed, {batch.previously_flagged} with spans lacking a gloss)"
                   if batch.previously_failed or batch.previously_flagged else "")
        parts.append(f"{out}: {batch.processed} annotated, {batch.failed} failed, {batch.skipped} already done{earlier}, "
                     f"{report.documents_missing} with spans lacking a gloss")
    print(f"multiling: {', '.join(parts)}; {report.seconds:.1f} s (exit {report.exit_code})", file=stderr)


def _note_missing(report: AnnotateReport, doc: AnnotatedDocument, *, quiet: bool) -> None:
    missing_before = report.missing
    for index, (status, _, _, _, message) in enumerate(doc.gloss_facts()):
        if status in MISSING_GLOSS:
            report.missing += 1
            reason = message or "no reason given"
            number = report.reasons.setdefault(reason, len(report.reasons) + 1)
            if not quiet:
                _remember(report, f"{_where(doc, index)}: no gloss ({status.value}), see [{number}]")
    report.documents_missing += report.missing > missing_before


def _note_unchecked(report: AnnotateReport, doc: AnnotatedDocument, pipeline: Pipeline, *, quiet: bool) -> None:
    """Count (and name) the spans whose gloss is flagged as made by a model not made for their language."""
    for index, (_, model, _, flags, _) in enumerate(doc.gloss_facts()):
        if MODEL_NOT_FOR_LANGUAGE in flags:
            report.unchecked += 1
            if not quiet:
                languages = getattr(pipeline.translator, "model_languages", lambda: None)()
                made_for = f"made for {', '.join(sorted(languages))}" if languages else "of unknown language"
                _remember(report, f"{_where(doc, index)}: glossed by {model}, a model {made_for}; pass "
                                  "--src LANG so that --model glosses only LANG spans")


def _where(doc: AnnotatedDocument, index: int) -> str:
    span = doc.spans[index]
    preview = span.text if len(span.text) <= 40 else span.text[:37] + "..."
    return f"{doc.id or 'document'}: span {index} [{span.start}, {span.end}) {span.lang} «{preview}»"


def _remember(report: AnnotateReport, message: str) -> None:
    if len(report.messages) < MAX_MISSING_LINES:
        report.messages.append(message)
    else:
        report.more_messages += 1


def _write_file(path: Path, text: str) -> None:
    with atomic_write(path) as stream:
        stream.write(text)


class _DocumentBar:
    """A tqdm bar of documents: those written, plus those of the window being glossed whose work is done.

    The pipeline glosses a window of documents together and yields them only at the end, so counting writes alone
    moves the bar in window-sized jumps; :meth:`glossed` credits documents ahead as the window's batches finish, and
    each write uses up one credit instead of moving the bar again. The bar never goes back.
    """

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.done = 0  # documents written (or skipped on resume)
        self.ahead = 0  # documents credited by the pipeline and not yet written

    def glossed(self, documents: int) -> None:
        self.ahead += documents
        self._show()

    def written(self, documents: int = 1) -> None:
        self.done += documents
        self.ahead = max(0, self.ahead - documents)
        self._show()

    def _show(self) -> None:
        shown = self.done + self.ahead
        if self.bar.total is not None:
            shown = min(shown, max(self.bar.total, self.done))
        if shown > self.bar.n:
            self.bar.update(shown - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def _progress_bar(files: list[str], inputs: _Input, *, enabled: bool, stderr: TextIO) -> _DocumentBar | None:
    """A bar counting documents done (see :class:`_DocumentBar`), with a total and an ETA when the inputs can be
    counted; it stays on screen at the end."""
    if not enabled:
        return None
    from tqdm import tqdm

    total: int | None = 0
    for source in files:
        if not inputs.jsonl(source):
            total = None if total is None else total + 1
        elif source != "-" and os.path.isfile(source) and total is not None:
            total += count_parquet_rows(source) if is_parquet(source) else count_records(source)
        else:
            total = None  # stdin or a FIFO: cannot be read twice
    return _DocumentBar(tqdm(total=total, desc="annotate", unit="doc", file=stderr, leave=True, dynamic_ncols=True))


# --------------------------------------------------------------------------------------------------------
# segment
# --------------------------------------------------------------------------------------------------------


def segment_jsonl(source: Source, *, errors: Errors = "strict", stdout: TextIO | None = None) -> BatchSummary:
    """``segment --format jsonl``: one ``{"id", "spans"}`` line per record (every language) on ``stdout``.

    Returns:
        A :class:`BatchSummary` (``failed`` counts the error lines).
    """
    from multiling.segment import segment

    def spans_of(record: Record) -> dict[str, Any]:
        return {"id": record.id, "spans": [span.to_dict() for span in segment(record.text)]}

    return run_jsonl(source, stdout or sys.stdout, spans_of, errors=errors)
