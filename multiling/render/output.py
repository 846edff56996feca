"""Running ``multiling annotate`` over files, directories, stdin and JSONL, and writing the results.

Kept out of ``cli.py`` so the command stays a few lines and tests can call :func:`run_annotate` directly.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, TextIO

from multiling.document import AnnotatedDocument
from multiling.errors import InputError
from multiling.pipeline import DocumentError, Pipeline
from multiling.render import EXTENSIONS, render
from multiling.render.text import resolve_rtl
from multiling.types import MISSING_GLOSS

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md")
MAX_MISSING_LINES = 50  # per run; the rest are counted


@dataclass
class AnnotateReport:
    """What a run did: counts used for the exit code and the closing summary."""

    documents: int = 0
    spans: int = 0
    missing: int = 0  # spans with status no-model or error
    bad_records: int = 0
    messages: list[str] = field(default_factory=list)
    more_messages: int = 0
    # Why spans have no gloss, each reason once (the same missing model would otherwise repeat on every span).
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 every span glossed; 1 some spans (or records) without a gloss."""
        return 0 if self.missing == 0 and self.bad_records == 0 else 1


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


def iter_items(sources: list[str], input_format: str, errors: str, note: Callable[[str], None]) -> Iterator[Any]:
    """Documents to annotate, lazily: ``{"id", "text"}`` dicts for text files, records (or record errors) for JSONL."""
    from multiling import io as mio

    for source in sources:
        if is_jsonl(source, input_format):
            yield from mio.iter_records(source, errors=errors)  # type: ignore[arg-type]
            continue
        text, replaced = mio.read_text(source, errors=errors)  # type: ignore[arg-type]
        if replaced:
            note(f"{source}: replaced {replaced} undecodable byte sequence(s) with U+FFFD")
        yield {"id": "<stdin>" if source == "-" else Path(source).stem, "text": text, "source": source}


def run_annotate(
    sources: tuple[str, ...],
    *,
    fmt: str,
    pipeline: Pipeline,
    out: str | None = None,
    input_format: str = "auto",
    errors: str = "strict",
    rtl: str = "auto",
    color: bool | None = None,
    quiet: bool = False,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> AnnotateReport:
    """Annotate every document of ``sources`` and write them in ``fmt``.

    JSONL input gives JSONL output (one line per record; bad records become error lines). Several text
    documents go to one stream (``==> name <==`` headers for text formats, one JSON line each for ``json``)
    or, with ``--out`` naming a directory, to one file per document.

    Returns:
        An :class:`AnnotateReport` (its ``exit_code`` is the command's).

    Raises:
        InputError: unreadable sources, or several HTML/web-annotation documents without an output directory.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    report = AnnotateReport()
    files = expand_sources(sources)
    jsonl_out = any(is_jsonl(s, input_format) for s in files)
    several = len(files) > 1 or jsonl_out
    out_dir = Path(out) if out and (out.endswith(("/", "\\")) or Path(out).is_dir()) else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    if several and not jsonl_out and out_dir is None and fmt in ("html", "webanno"):
        raise InputError(f"{len(files)} documents cannot share one {fmt} page; pass --out DIR/ for one file per document")
    stream_for_rtl = stdout if out is None else None
    rtl_mode = resolve_rtl(rtl, stream_for_rtl) if stream_for_rtl is not None else ("logical" if rtl == "auto" else rtl)
    use_color = (color if color is not None else (out is None and bool(getattr(stdout, "isatty", lambda: False)())))

    def note(message: str) -> None:
        if not quiet:
            print(f"multiling: {message}", file=stderr)

    def render_doc(doc: AnnotatedDocument, as_format: str) -> str:
        options: dict[str, Any] = {}
        if as_format == "terminal":
            options = {"color": use_color, "rtl": rtl_mode}
        return render(doc, as_format, **options).text

    items = iter_items(files, input_format, errors, note)
    progress = _progress(items, enabled=several and not quiet, stderr=stderr)
    writer = _Writer(out if out_dir is None else None, stdout)
    try:
        for result in pipeline.annotate_many(progress, on_error="yield"):
            if isinstance(result, DocumentError):
                report.bad_records += 1
                item = result.item
                line = item.to_dict() if hasattr(item, "to_dict") else {"id": result.id, "error": {"code": result.error.code, "message": str(result.error)}}
                writer.line(_dumps(line))
                _remember(report, f"record {line.get('id')}: {line['error']['message']}")
                continue
            doc = result
            report.documents += 1
            report.spans += len(doc.spans)
            _note_missing(report, doc)
            if jsonl_out:
                if fmt in ("json", "jsonl", "terminal"):  # terminal output makes no sense inside JSONL
                    writer.line(render_doc(doc, "jsonl").rstrip("\n"))
                else:
                    writer.line(_dumps({"id": doc.id, "format": fmt, "rendered": render_doc(doc, fmt), "summary": doc.summary}))
            elif out_dir is not None:
                target = out_dir / f"{doc.id or 'document'}.{EXTENSIONS[fmt]}"
                _write_file(target, render_doc(doc, fmt))
            elif several:
                if fmt in ("json", "jsonl"):
                    writer.line(render_doc(doc, "jsonl").rstrip("\n"))
                else:
                    writer.text(f"==> {doc.id} <==\n" + _ensure_newline(render_doc(doc, fmt)))
            else:
                writer.text(_ensure_newline(render_doc(doc, fmt)))
    finally:
        writer.close()
    for message in report.messages:
        print(f"multiling: {message}", file=stderr)
    if report.more_messages:
        print(f"multiling: ... and {report.more_messages} more span(s) without a gloss", file=stderr)
    for reason, number in report.reasons.items():
        print(f"multiling: [{number}] {reason}", file=stderr)
    if report.missing and not quiet:
        print(f"multiling: {report.missing} of {report.spans} foreign span(s) have no gloss (exit 1)", file=stderr)
    return report


def run_annotate_resumable(source: str, out: str, pipeline: Pipeline, *, errors: str = "strict", quiet: bool = False,
                           stderr: TextIO | None = None) -> int:
    """Annotate a JSONL file into a JSONL file, continuing a run that was killed (``annotate --resume``).

    Lines already in ``out`` are kept (a partial last line is cut off), their ids skipped, and every other record
    is annotated and appended, one flushed line each; a failing record is written as an error line.

    Returns:
        The exit code over the whole output, earlier lines included: 0 every record annotated with every span
        glossed, 1 otherwise.
    """
    import json

    from multiling.io import error_record, run_jsonl_many

    stderr = stderr or sys.stderr
    failed_before, missing_before = _count_unfinished_lines(Path(out))
    missing = 0

    def annotated(items: Any) -> Any:
        nonlocal missing
        for result in pipeline.annotate_many(items, on_error="yield"):
            if isinstance(result, DocumentError):
                item = result.item
                yield item.to_dict() if hasattr(item, "to_dict") else error_record(str(result.id), getattr(item, "line", 0), result.error)
                continue
            missing += 0 if result.fully_glossed else 1
            yield json.loads(render(result, "jsonl").text)

    def note(message: str) -> None:
        print(f"multiling: {message}", file=stderr)

    summary = run_jsonl_many(source, out, annotated, resume=True, errors=errors, on_error=None if quiet else note)  # type: ignore[arg-type]
    if not quiet:
        earlier = (f" (of those already done: {failed_before} failed, {missing_before} with spans lacking a gloss)"
                   if failed_before or missing_before else "")
        note(f"{out}: {summary.processed} annotated, {summary.failed} failed, {summary.skipped} already done{earlier}, "
             f"{missing} with spans lacking a gloss")
    return 0 if summary.ok and missing == 0 and failed_before == 0 and missing_before == 0 else 1


def _count_unfinished_lines(path: Path) -> tuple[int, int]:
    """(error lines, documents with a span lacking a gloss) among the complete lines of an earlier run's output."""
    import json

    failed = missing = 0
    try:
        stream = path.open("rb")
    except OSError:
        return 0, 0
    with stream:
        for raw in stream:
            if not raw.endswith(b"\n"):
                break  # the partial last line of a killed run: the resume cuts it and redoes that record
            try:
                record = json.loads(raw)
            except ValueError:
                failed += 1
                continue
            if not isinstance(record, dict) or "error" in record:
                failed += 1
            elif any(span.get("status") in MISSING_GLOSS for span in record.get("spans") or () if isinstance(span, dict)):
                missing += 1
    return failed, missing


def _note_missing(report: AnnotateReport, doc: AnnotatedDocument) -> None:
    for index, span in enumerate(doc.spans):
        if span.status in MISSING_GLOSS:
            report.missing += 1
            preview = span.text if len(span.text) <= 40 else span.text[:37] + "..."
            reason = span.gloss.message or "no reason given"
            number = report.reasons.setdefault(reason, len(report.reasons) + 1)
            _remember(report, f"{doc.id or 'document'}: span {index} [{span.start}, {span.end}) {span.lang} «{preview}»: "
                              f"no gloss ({span.status.value}), see [{number}]")


def _remember(report: AnnotateReport, message: str) -> None:
    if len(report.messages) < MAX_MISSING_LINES:
        report.messages.append(message)
    else:
        report.more_messages += 1


def _dumps(obj: Any) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False)


def _ensure_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _write_file(path: Path, text: str) -> None:
    from multiling.io import atomic_write

    with atomic_write(path) as stream:
        stream.write(text)


def _progress(items: Iterator[Any], *, enabled: bool, stderr: TextIO) -> Iterator[Any]:
    if not enabled:
        return items
    from tqdm import tqdm

    return iter(tqdm(items, desc="annotate", unit="doc", file=stderr, leave=False, dynamic_ncols=True))


class _Writer:
    """Lines/text to stdout (flushed per document) or to one file (written atomically at the end)."""

    def __init__(self, path: str | None, stdout: TextIO) -> None:
        self.path = path
        self.stdout = stdout
        self.parts: list[str] | None = [] if path else None
        self._jsonl = None

    def line(self, line: str) -> None:
        if self.path is not None:
            if self._jsonl is None:
                from multiling.io import JsonlWriter

                self._jsonl = JsonlWriter(self.path)
            import json

            self._jsonl.write(json.loads(line))
            return
        self.stdout.write(line + "\n")
        self.stdout.flush()

    def text(self, text: str) -> None:
        if self.parts is not None:
            self.parts.append(text)
            return
        self.stdout.write(text)
        self.stdout.flush()

    def close(self) -> None:
        if self._jsonl is not None:
            self._jsonl.close()
        elif self.parts is not None and self.path is not None:
            _write_file(Path(self.path), "".join(self.parts))
