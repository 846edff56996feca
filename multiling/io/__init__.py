"""Reading input and writing output safely, split by job:

* :mod:`multiling.io.decode`: bytes → text (encodings, BOMs, undecodable bytes, binary files), whole or streamed;
* :mod:`multiling.io.records`: JSONL records (:func:`iter_records`) and the one error-line shape (:func:`error_line`);
* :mod:`multiling.io.writers`: output that survives ``kill -9`` (:class:`JsonlWriter`, :func:`atomic_write`).

The batch loop that ties them together is :mod:`multiling.batch`. Nothing here ever opens a path or URL found
*inside* the input: text is data.
"""

from __future__ import annotations

from multiling.errors import RECORD_ERROR_CODES
from multiling.io.decode import Errors, Source, TextStream, decode_bytes, iter_text, read_text
from multiling.io.records import IdSet, Record, RecordError, error_line, iter_records, processing_error_line
from multiling.io.writers import JsonlStream, JsonlWriter, atomic_write, dumps_line

__all__ = [
    "RECORD_ERROR_CODES", "Errors", "IdSet", "JsonlStream", "JsonlWriter", "Record", "RecordError", "Source",
    "TextStream", "atomic_write", "decode_bytes", "dumps_line", "error_line", "iter_records", "iter_text",
    "processing_error_line", "read_text",
]
