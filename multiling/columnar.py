"""Columnar batches for distributed engines: ``id``/``text`` columns in, one typed row per record out.

:meth:`multiling.Pipeline.annotate_batch` is the one place a batch of records becomes result columns; the Ray and
Spark integrations (``multiling.integrations``) and the CLI's ``--engine`` all go through it, so every engine
writes the same rows. Output columns (:data:`COLUMNS`), typed by :data:`ARROW_SCHEMA` for Parquet:

* ``id`` — the record's id (an integer id becomes its decimal string);
* ``document`` — the annotated document as one JSON string, byte for byte the JSONL line ``multiling annotate``
  writes for it (``doc.to_dict()`` through :func:`multiling.io.dumps_line`, without the newline); null for a
  failed record;
* ``spans`` — ``list<struct<start, end, start_utf16, end_utf16, start_utf8, end_utf8, text, lang, script,
  confidence, gloss, status, model, revision, flags, message>>``: the document's spans flattened for SQL
  (offsets in code points, end-exclusive, plus UTF-16 units and UTF-8 bytes);
* ``summary`` — ``struct<spans, ok, no_model, skipped, error>`` counts (the document summary, ``-`` as ``_``);
* ``error`` — null, or ``struct<code, kind, message>`` for a record that could not be annotated. A bad record is
  a row with an error, never a failed batch.

``import multiling.columnar`` does not import pyarrow or pandas: a dict of lists in gives a dict of lists out; a
pandas DataFrame gives a DataFrame, a pyarrow Table or RecordBatch a Table with :data:`ARROW_SCHEMA`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from multiling.errors import InputError
from multiling.types import GlossStatus

if TYPE_CHECKING:
    import pyarrow

    from multiling.pipeline import Pipeline

COLUMNS = ("id", "document", "spans", "summary", "error")

#: Span struct fields and their Arrow types (by name, so pyarrow is imported only when a schema is built).
SPAN_FIELDS = (
    ("start", "int64"), ("end", "int64"), ("start_utf16", "int64"), ("end_utf16", "int64"),
    ("start_utf8", "int64"), ("end_utf8", "int64"), ("text", "string"), ("lang", "string"), ("script", "string"),
    ("confidence", "float64"), ("gloss", "string"), ("status", "string"), ("model", "string"),
    ("revision", "string"), ("flags", "list<string>"), ("message", "string"),
)
#: Summary struct fields: the span count and one count per gloss status (``no-model`` → ``no_model``: SQL-friendly).
SUMMARY_FIELDS = ("spans", *(status.value.replace("-", "_") for status in GlossStatus))
ERROR_FIELDS = ("code", "kind", "message")


def _arrow_type(name: str) -> "pyarrow.DataType":
    import pyarrow as pa

    return pa.list_(pa.string()) if name == "list<string>" else getattr(pa, name)()


@lru_cache(maxsize=1)
def arrow_schema() -> "pyarrow.Schema":
    """The Arrow schema of :meth:`~multiling.Pipeline.annotate_batch` output (also ``multiling.ARROW_SCHEMA``)."""
    import pyarrow as pa

    span = pa.struct([pa.field(name, _arrow_type(kind)) for name, kind in SPAN_FIELDS])
    summary = pa.struct([pa.field(name, pa.int64()) for name in SUMMARY_FIELDS])
    error = pa.struct([pa.field(name, pa.string()) for name in ERROR_FIELDS])
    return pa.schema([
        pa.field("id", pa.string()),
        pa.field("document", pa.string()),
        pa.field("spans", pa.list_(span)),
        pa.field("summary", summary),
        pa.field("error", error),
    ], metadata={"multiling.columns": "document: the JSON of one annotated document, as multiling annotate writes it"})


def __getattr__(name: str) -> Any:
    # ARROW_SCHEMA is built on first access: importing this module must not import pyarrow.
    if name == "ARROW_SCHEMA":
        return arrow_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def row_from_line(line: Mapping[str, Any]) -> dict[str, Any]:
    """The columnar row (:data:`COLUMNS`) of one JSONL output line: a document (``doc.to_dict()``) or an error line.

    ``document`` is the line itself as JSON, byte for byte what ``multiling annotate`` writes; ``spans`` and
    ``summary`` are read from it, so the typed columns can never disagree with the document.
    """
    if "error" in line:
        error = line["error"]
        return {"id": line.get("id"), "document": None, "spans": [], "summary": None,
                "error": {name: error.get(name) for name in ERROR_FIELDS}}
    spans = [
        {
            "start": s["start"], "end": s["end"], "start_utf16": s["utf16"][0], "end_utf16": s["utf16"][1],
            "start_utf8": s["utf8"][0], "end_utf8": s["utf8"][1], "text": s["text"], "lang": s["lang"],
            "script": s["script"], "confidence": s["confidence"], "gloss": s["gloss"], "status": s["status"],
            "model": s["model"], "revision": s["revision"], "flags": list(s["flags"]), "message": s["message"],
        }
        for s in line["spans"]
    ]
    from multiling.render.display import dumps_json

    summary = {name.replace("-", "_"): count for name, count in line["summary"].items()}
    return {"id": line["id"], "document": dumps_json(line), "spans": spans, "summary": summary, "error": None}


def _column_values(batch: Any) -> tuple[str, list[Any], list[Any]]:
    """``(kind, ids, texts)`` of a batch: ``dict`` (of sequences), ``pandas`` or ``arrow``."""
    kind = "dict"
    module = type(batch).__module__
    if module.startswith("pyarrow"):
        kind = "arrow"
        names = batch.schema.names
        get = lambda name: batch.column(name).to_pylist()  # noqa: E731 - one accessor per batch kind
    elif module.startswith("pandas"):
        kind = "pandas"
        names = list(batch.columns)
        get = lambda name: batch[name].tolist()  # noqa: E731
    elif isinstance(batch, Mapping):
        names = list(batch)
        get = lambda name: list(batch[name])  # noqa: E731
    else:
        raise InputError(f"annotate_batch takes a dict of columns, a pandas DataFrame or a pyarrow Table, "
                         f"got {type(batch).__name__}")
    if "text" not in names:
        raise InputError(f"the batch has no 'text' column (columns: {', '.join(map(str, names)) or 'none'}); "
                         "rename the column that holds the documents to 'text'")
    if "id" not in names:
        raise InputError("the batch has no 'id' column; add one (ids made up from row positions would change with "
                         "the batching), e.g. pandas: df['id'] = range(len(df))")
    ids, texts = get("id"), get("text")
    if len(ids) != len(texts):
        raise InputError(f"the batch's 'id' column has {len(ids)} values and its 'text' column {len(texts)}")
    return kind, ids, texts


def _checked_id(raw: Any, position: int) -> tuple[str | None, dict[str, Any] | None]:
    """The record id as text, or an error line for an id that is not a non-empty string or an integer.

    A null id is an error too: an id made up from the row's position would change with the batching.
    """
    if isinstance(raw, str) and raw:
        return raw, None
    if hasattr(raw, "__index__") and not isinstance(raw, bool):  # int, numpy integers
        return str(int(raw)), None
    what = "null" if raw is None else "an empty string" if raw == "" else type(raw).__name__
    return None, _record_error(None, "bad-id", f"row {position} of the batch: 'id' is {what}; every record needs a "
                                               "non-empty string or integer id")


def _record_error(record_id: str | None, kind: str, message: str) -> dict[str, Any]:
    from multiling.errors import RECORD_ERROR_CODES
    from multiling.io import error_line

    return error_line(record_id, None, RECORD_ERROR_CODES[kind], kind, message)


def annotate_rows(pipeline: "Pipeline", ids: Sequence[Any], texts: Sequence[Any]) -> list[dict[str, Any]]:
    """Annotate one batch of records into result rows, in order; a bad record gives a row with ``error`` set.

    Args:
        pipeline: the pipeline to run.
        ids: one id per record (a non-empty string or an integer; anything else gives an error row).
        texts: one text per record.

    Returns:
        One :func:`row_from_line` dict per record.
    """
    from multiling.io import processing_error_line
    from multiling.pipeline import DocumentError

    rows: list[dict[str, Any] | None] = [None] * len(texts)
    good: list[dict[str, Any]] = []
    for position, (raw_id, text) in enumerate(zip(ids, texts)):
        record_id, error = _checked_id(raw_id, position)
        if error is None and not isinstance(text, str):
            what = "null" if text is None else type(text).__name__
            error = _record_error(record_id, "text-not-string", f"record {record_id!r}: 'text' is {what}, expected a string")
        if error is not None:
            rows[position] = row_from_line(error)
        else:
            good.append({"id": record_id, "text": text, "position": position})
    results: Iterator[Any] = pipeline.annotate_many(good, on_error="yield")
    for item, result in zip(good, results):
        if isinstance(result, DocumentError):
            rows[item["position"]] = row_from_line(processing_error_line(item["id"], None, result.error))
        else:
            rows[item["position"]] = row_from_line(result.to_dict())
    return [row for row in rows if row is not None]


def annotate_batch(pipeline: "Pipeline", batch: Any) -> Any:
    """Annotate a columnar batch; see :meth:`multiling.Pipeline.annotate_batch`."""
    kind, ids, texts = _column_values(batch)
    rows = annotate_rows(pipeline, ids, texts)
    columns = {name: [row[name] for row in rows] for name in COLUMNS}
    if kind == "arrow":
        import pyarrow as pa

        return pa.Table.from_pydict(columns, schema=arrow_schema())
    if kind == "pandas":
        import pandas as pd

        return pd.DataFrame(columns, columns=list(COLUMNS))
    return columns
