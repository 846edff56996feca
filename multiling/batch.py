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
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO, Union

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
    iter_records,
    processing_error_line,
    read_text,
)
from multiling.io.writers import LineFlag
from multiling.pipeline import DocumentError, Pipeline
from multiling.render import EXTENSIONS, render
from multiling.render.text import RtlMode, resolve_rtl
from multiling.types import MISSING_GLOSS

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md")
MAX_MISSING_LINES = 50  # per run; the rest are counted

Item = Union[Record, RecordError]
#: Records in, one result line (a dict) per record out, in the same order.
Processor = Callable[[Iterator[Item]], Iterable[dict[str, Any]]]
#: Records in, one document (or DocumentError) per record out, in the same order: the engine seam of run_annotate.
Annotator = Callable[[Iterable[Item]], Iterable[Union[AnnotatedDocument, DocumentError]]]
Sink = Union[JsonlWriter, JsonlStream]


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
                  on_error: Callable[[str], None] | None = None) -> BatchSummary:
    """Run ``process_many`` over the records not yet in ``sink`` and write one line per record, as each comes.

    Each line carries its record's id first; a record with U+FFFD substitutions gets ``"replaced": N``; a line
    with an ``error`` key counts as failed and its message goes to ``on_error``.

    Raises:
        ValueError: ``process_many`` yielded more lines than it was given records.
    """
    summary = BatchSummary(previously_failed=sink.resumed_failed, previously_flagged=sink.resumed_flagged)
    sent: collections.deque[Item] = collections.deque()

    def todo() -> Iterator[Item]:
        for item in items:
            if sink.done(item.output_id if isinstance(item, RecordError) else item.id):
                summary.skipped += 1
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
    """A :class:`JsonlWriter` for a path (``resume`` keeps what is there), a :class:`JsonlStream` for a stream."""
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
    spans: int = 0
    missing: int = 0  # spans with status no-model or error
    documents_missing: int = 0  # documents with at least one such span
    bad_records: int = 0
    messages: list[str] = field(default_factory=list)
    more_messages: int = 0
    # Why spans have no gloss, each reason once (the same missing model would otherwise repeat on every span).
    reasons: dict[str, int] = field(default_factory=dict)
    batch: BatchSummary | None = None  # for JSONL output

    @property
    def exit_code(self) -> int:
        """0 every span glossed (earlier runs' lines included on resume); 1 some spans (or records) without a gloss."""
        earlier = (self.batch.previously_failed + self.batch.previously_flagged) if self.batch else 0
        return 0 if self.missing == 0 and self.bad_records == 0 and earlier == 0 else 1


def expand_sources(sources: tuple[str, ...]) -> list[str]:
    """Files to read: ``-`` and files as given, directories expanded to their ``*.txt``/``*.jsonl`` files (sorted).

    Raises:
        InputError: a directory with no such files, or a path that does not exist.
    """
    out: list[str] = []
    for source in sources or ("-",):
        path = Path(source)
        if source == "-" or path.is_file():
            out.append(source)
        elif path.is_dir():
            found = sorted(str(p) for p in path.iterdir()
                           if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES and not p.name.startswith("."))
            if not found:
                raise InputError(f"{source}: directory holds no .txt or .jsonl files")
            out.extend(found)
        else:
            raise InputError(f"{source}: no such file or directory")
    return out


def is_jsonl(source: str, input_format: str) -> bool:
    """Whether ``source`` is read as ``{"id", "text"}`` JSONL records."""
    if input_format != "auto":
        return input_format == "jsonl"
    return source.lower().endswith(JSONL_SUFFIXES)


def read_items(sources: list[str], input_format: str, errors: Errors, note: Callable[[str], None]) -> Iterator[Item]:
    """Documents to annotate, lazily: one :class:`Record` per text file (``line`` None), records for JSONL."""
    for source in sources:
        if is_jsonl(source, input_format):
            yield from iter_records(source, errors=errors)
            continue
        text, replaced = read_text(source, errors=errors)
        if replaced:
            note(f"{source}: replaced {replaced} undecodable byte sequence(s) with U+FFFD")
        yield Record("<stdin>" if source == "-" else Path(source).stem, text, None, replaced)


def lacks_gloss(line: dict[str, Any]) -> bool:
    """Whether a result line (of this or an earlier run) has a span that wanted a gloss and has none."""
    summary = line.get("summary")
    return isinstance(summary, dict) and any(summary.get(status.value) for status in MISSING_GLOSS)


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
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> AnnotateReport:
    """Annotate every document of ``sources`` and write them in ``fmt``.

    JSONL input gives JSONL output (one line per record; bad records become error lines), which with
    ``resume`` continues an earlier run into the same ``out`` file. Several text documents go to one stream
    (``==> name <==`` headers for text formats, one JSON line each for ``json``) or, with ``out`` naming a
    directory, to one file per document.

    Args:
        annotator: records in, documents out (see the module docstring); default the pipeline's ``annotate_many``.

    Returns:
        An :class:`AnnotateReport` (its ``exit_code`` is the command's).

    Raises:
        InputError: unreadable sources, or several HTML/web-annotation documents without an output directory.
        ConfigError: ``resume`` without one JSONL source and a JSONL output file.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    report = AnnotateReport()
    files = expand_sources(sources)
    jsonl_out = any(is_jsonl(s, input_format) for s in files)
    if resume and (len(files) != 1 or not jsonl_out or out is None or Path(out).is_dir() or fmt not in ("json", "jsonl")):
        raise ConfigError("--resume needs one JSONL source, --format jsonl and --out FILE.jsonl")
    several = len(files) > 1 or jsonl_out
    out_dir = Path(out) if out and (out.endswith(("/", "\\")) or Path(out).is_dir()) else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    if several and not jsonl_out and out_dir is None and fmt in ("html", "webanno"):
        raise InputError(f"{len(files)} documents cannot share one {fmt} page; pass --out DIR/ for one file per document")
    stream_for_rtl = stdout if out is None else None
    rtl_mode = resolve_rtl(rtl, stream_for_rtl) if stream_for_rtl is not None else ("logical" if rtl == "auto" else rtl)
    use_color = (color if color is not None else (out is None and bool(getattr(stdout, "isatty", lambda: False)())))
    annotate = annotator or (lambda items: pipeline.annotate_many(items, on_error="yield"))

    def note(message: str) -> None:
        if not quiet:
            print(f"multiling: {message}", file=stderr)

    def render_doc(doc: AnnotatedDocument, as_format: str) -> str:
        options: dict[str, Any] = {}
        if as_format == "terminal":
            options = {"color": use_color, "rtl": rtl_mode}
        return render(doc, as_format, **options).text

    def counted(results: Iterable[AnnotatedDocument | DocumentError]) -> Iterator[AnnotatedDocument | DocumentError]:
        for result in results:
            if isinstance(result, DocumentError):
                report.bad_records += 1
                if not jsonl_out:  # in JSONL output the error line is reported as it is written
                    _remember(report, f"{result.id or 'document'}: {result.error}")
            else:
                report.documents += 1
                report.spans += len(result.spans)
                _note_missing(report, result)
            yield result

    items = _progress(read_items(files, input_format, errors, note), enabled=several and not quiet, stderr=stderr)
    if jsonl_out:

        def result_lines(records: Iterator[Item]) -> Iterator[dict[str, Any]]:
            for result in counted(annotate(records)):
                if isinstance(result, DocumentError):
                    yield document_error_line(result)
                elif fmt in ("json", "jsonl", "terminal"):  # terminal output makes no sense inside JSONL
                    yield result.to_dict()
                else:
                    yield {"id": result.id, "format": fmt, "rendered": render_doc(result, fmt), "summary": result.summary}

        target: str | TextIO = stdout if out is None or out_dir is not None else out
        sink = open_sink(target, resume=resume, flag=lacks_gloss)
        try:
            report.batch = write_results(items, sink, result_lines, on_error=lambda message: _remember(report, message))
        finally:
            sink.close()
    else:
        _write_documents(counted(annotate(items)), fmt, render_doc, out, out_dir, several, stdout)
    _print_report(report, stderr, quiet=quiet, out=out, resume=resume)
    return report


def _write_documents(results: Iterable[AnnotatedDocument | DocumentError], fmt: str,
                     render_doc: Callable[[AnnotatedDocument, str], str], out: str | None, out_dir: Path | None,
                     several: bool, stdout: TextIO) -> None:
    """Text formats: one file per document (``out_dir``), one file (``out``), or stdout (flushed per document)."""
    parts: list[str] = []

    def emit(text: str) -> None:
        if out is not None:
            parts.append(text)
        else:
            stdout.write(text)
            stdout.flush()

    for result in results:
        if isinstance(result, DocumentError):
            continue  # text files always give a document; counted in the report all the same
        if out_dir is not None:
            _write_file(out_dir / f"{result.id or 'document'}.{EXTENSIONS[fmt]}", render_doc(result, fmt))
        elif several:
            if fmt in ("json", "jsonl"):
                emit(render_doc(result, "jsonl"))
            else:
                emit(f"==> {result.id} <==\n" + _ensure_newline(render_doc(result, fmt)))
        else:
            emit(_ensure_newline(render_doc(result, fmt)))
    if out is not None and out_dir is None:
        _write_file(Path(out), "".join(parts))


def document_error_line(result: DocumentError) -> dict[str, Any]:
    """The output line of an input item the pipeline could not annotate (a bad record, or a failure)."""
    item = result.item
    if isinstance(item, RecordError):
        return item.to_dict()
    return processing_error_line(result.id, getattr(item, "line", None), result.error)


def _print_report(report: AnnotateReport, stderr: TextIO, *, quiet: bool, out: str | None, resume: bool) -> None:
    for message in report.messages:
        print(f"multiling: {message}", file=stderr)
    if report.more_messages:
        print(f"multiling: ... and {report.more_messages} more span(s) without a gloss", file=stderr)
    for reason, number in report.reasons.items():
        print(f"multiling: [{number}] {reason}", file=stderr)
    batch = report.batch
    if resume and batch is not None and not quiet:
        earlier = (f" (of those already done: {batch.previously_failed} failed, {batch.previously_flagged} with spans "
                   f"lacking a gloss)" if batch.previously_failed or batch.previously_flagged else "")
        print(f"multiling: {out}: {batch.processed} annotated, {batch.failed} failed, {batch.skipped} already done"
              f"{earlier}, {report.documents_missing} with spans lacking a gloss", file=stderr)
    elif report.missing and not quiet:
        print(f"multiling: {report.missing} of {report.spans} foreign span(s) have no gloss (exit 1)", file=stderr)


def _note_missing(report: AnnotateReport, doc: AnnotatedDocument) -> None:
    missing_before = report.missing
    for index, span in enumerate(doc.spans):
        if span.status in MISSING_GLOSS:
            report.missing += 1
            preview = span.text if len(span.text) <= 40 else span.text[:37] + "..."
            reason = span.gloss.message or "no reason given"
            number = report.reasons.setdefault(reason, len(report.reasons) + 1)
            _remember(report, f"{doc.id or 'document'}: span {index} [{span.start}, {span.end}) {span.lang} «{preview}»: "
                              f"no gloss ({span.status.value}), see [{number}]")
    report.documents_missing += report.missing > missing_before


def _remember(report: AnnotateReport, message: str) -> None:
    if len(report.messages) < MAX_MISSING_LINES:
        report.messages.append(message)
    else:
        report.more_messages += 1


def _ensure_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _write_file(path: Path, text: str) -> None:
    with atomic_write(path) as stream:
        stream.write(text)


def _progress(items: Iterator[Item], *, enabled: bool, stderr: TextIO) -> Iterator[Item]:
    if not enabled:
        return items
    from tqdm import tqdm

    return iter(tqdm(items, desc="annotate", unit="doc", file=stderr, leave=False, dynamic_ncols=True))


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
