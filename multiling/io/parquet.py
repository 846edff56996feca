"""Parquet records in and out (``multiling[parquet]``: pyarrow), for ``multiling annotate`` and its engines.

* :func:`iter_parquet_records`: the ``id``/``text`` rows of a Parquet file as :class:`~multiling.io.Record` /
  :class:`~multiling.io.RecordError`, with the JSONL reader's checks and error kinds (``line`` is the 1-based row);
* :class:`ParquetSink`: the :class:`~multiling.io.JsonlWriter` interface writing a Parquet dataset directory typed by
  ``multiling.ARROW_SCHEMA`` (one row per output line: :func:`multiling.columnar.row_from_line`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

from multiling.errors import ConfigError, InputError
from multiling.io.records import IdSet, Record, RecordError

PARQUET_SUFFIXES = (".parquet", ".pq")
_READ_ROWS = 4096  # rows read at a time: memory stays bounded by a few thousand documents


def is_parquet(path: str | Path) -> bool:
    """Whether ``path`` names a Parquet file or dataset directory (by its suffix)."""
    return str(path).lower().rstrip("/\\").endswith(PARQUET_SUFFIXES)


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("Parquet input or output needs pyarrow: pip install 'multiling[parquet]'") from None
    return pq


def count_parquet_rows(path: str) -> int:
    """Rows of a Parquet file, from its footer (for a progress bar's total)."""
    return int(_pyarrow_parquet().ParquetFile(path).metadata.num_rows)


def iter_parquet_records(path: str, *, text_key: str = "text", id_key: str = "id") -> Iterator[Record | RecordError]:
    """The rows of a Parquet file as records, a few thousand rows at a time.

    As in JSONL: a null id becomes ``line-<row>``; an id that is not a non-empty string or an integer is ``bad-id``;
    a text that is not a string is ``text-not-string``; an id seen before is ``duplicate-id``.

    Raises:
        InputError: the file is not Parquet, or has no ``text`` column.
    """
    pq = _pyarrow_parquet()
    try:
        parquet = pq.ParquetFile(path)
    except OSError as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    names = parquet.schema_arrow.names
    if text_key not in names:
        raise InputError(f"{path}: no {text_key!r} column (columns: {', '.join(names)}); each row needs its text")
    columns = [text_key] + ([id_key] if id_key in names else [])
    seen = IdSet()
    row = 0
    for batch in parquet.iter_batches(batch_size=_READ_ROWS, columns=columns):
        texts = batch.column(text_key).to_pylist()
        ids = batch.column(id_key).to_pylist() if id_key in names else [None] * len(texts)
        for raw_id, text in zip(ids, texts):
            row += 1
            yield _record(row, raw_id, text, seen, text_key, id_key)


def _record(row: int, raw_id: Any, text: Any, seen: IdSet, text_key: str, id_key: str) -> Record | RecordError:
    generated = raw_id is None
    if generated:
        record_id = f"line-{row}"
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        record_id = str(raw_id)
    elif isinstance(raw_id, str) and raw_id:
        record_id = raw_id
    else:
        return RecordError(row, None, "bad-id", f"row {row}: {id_key!r} is {type(raw_id).__name__} {raw_id!r}; "
                                                "use a non-empty string or an integer, or leave it null")
    if not seen.add(record_id):  # as in JSONL, a bad row still claims its id
        return RecordError(row, record_id, "duplicate-id", f"row {row}: id {record_id!r} was already used by an earlier "
                                                           "row; ids must be unique (the first one was kept)")
    if not isinstance(text, str):
        what = "null" if text is None else type(text).__name__
        return RecordError(row, record_id, "text-not-string", f"row {row}: {text_key!r} is {what}, expected a string")
    return Record(record_id, text, row, 0, generated)


class ParquetSink:
    """The :class:`~multiling.io.JsonlWriter` interface over a Parquet dataset directory (``--out DIR.parquet``).

    Each output line (a document's JSON, or an error line) becomes one row of ``multiling.ARROW_SCHEMA``; rows are
    written ``rows_per_file`` at a time to ``part-00000.parquet``, ``part-00001.parquet``... each file written under
    a temporary name and renamed when complete, so a killed run leaves only whole files. Nothing is resumed.

    Raises:
        ConfigError: pyarrow is missing, or ``path`` is an existing file rather than a directory.
    """

    resumed = resumed_failed = resumed_flagged = 0

    def __init__(self, path: str | Path, *, rows_per_file: int = 10_000) -> None:
        self.pq = _pyarrow_parquet()
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise ConfigError(f"{self.path} is a file; Parquet output is a directory of part files (choose a new name)")
        self.path.mkdir(parents=True, exist_ok=True)
        for old in self.path.glob("part-*.parquet"):
            old.unlink()  # a new run replaces the dataset, as a JSONL output file is replaced
        self.rows_per_file = rows_per_file
        self.rows: list[dict[str, Any]] = []
        self.files = 0
        self.written = 0

    def done(self, record_id: str) -> bool:
        """Always False: a Parquet output is written anew."""
        return False

    def write(self, line: dict[str, Any]) -> None:
        """Add one output line as a row."""
        from multiling.columnar import row_from_line

        self.rows.append(row_from_line(line))
        self.written += 1
        if len(self.rows) >= self.rows_per_file:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        from multiling.columnar import COLUMNS, arrow_schema

        if not self.rows and self.files:
            return
        table = pa.Table.from_pydict({name: [row[name] for row in self.rows] for name in COLUMNS}, schema=arrow_schema())
        target = self.path / f"part-{self.files:05d}.parquet"
        partial = target.with_name(f".{target.name}.partial")
        self.pq.write_table(table, partial)
        os.replace(partial, target)
        self.files += 1
        self.rows = []

    def close(self) -> None:
        """Write the last rows (an empty dataset still gets one file holding the schema)."""
        self._flush()
