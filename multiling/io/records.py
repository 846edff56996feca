"""JSONL records: :func:`iter_records` yields a :class:`Record` or a :class:`RecordError` per line and never stops
on a bad line; :func:`error_line` is the one shape of an error line in every output.

Reading is in constant memory (one line at a time, plus ~16 bytes per id in an :class:`IdSet`).
Nothing here ever opens a path or URL found *inside* the input: text is data.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
from array import array
from dataclasses import dataclass
from typing import Any, BinaryIO, Iterator

from multiling.errors import PROCESSING_ERROR_KIND, RECORD_ERROR_CODES, MultilingError
from multiling.io.decode import (
    _SNIFF_BYTES,
    Errors,
    Source,
    _decode_replacing,
    _detect_bom,
    _open_binary,
    _read_at_least,
    _refuse_binary_head,
)

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Record:
    """One readable JSONL record.

    Attributes:
        id: the record's ``id`` (an integer id is turned into its decimal string); ``line-<n>`` when it has none.
        text: the ``text`` value, exactly as decoded; offsets into it are code points.
        line: 1-based line number in the input file; ``None`` for a whole text file read as one record.
        replaced: how many undecodable byte sequences or lone surrogates were replaced by U+FFFD
            (only with ``errors="replace"``; each replacement is one code point, so offsets are unaffected
            for surrogates).
        id_generated: True when ``id`` was made up from the line number.
    """

    id: str
    text: str
    line: int | None
    replaced: int = 0
    id_generated: bool = False


@dataclass(frozen=True, slots=True)
class RecordError:
    """A line that could not be turned into a :class:`Record`; the reader goes on with the next line.

    Attributes:
        line: 1-based line number in the input file.
        id: the record's id when it could be read, else ``None``.
        kind: a stable short name (a key of :data:`RECORD_ERROR_CODES`).
        message: what was wrong and what to do.
        byte_offset: for ``undecodable``/``binary``, the offset in bytes from the start of the file.
    """

    line: int
    id: str | None
    kind: str
    message: str
    byte_offset: int | None = None

    @property
    def code(self) -> str:
        """The stable code of ``kind``, e.g. ``E103``."""
        return RECORD_ERROR_CODES[self.kind]

    @property
    def output_id(self) -> str:
        """The id an output line for this error carries.

        The record's own id, except for a duplicate (whose id belongs to the first record) and records
        without a readable id, which get ``line-<n>``.
        """
        if self.id is not None and self.kind != "duplicate-id":
            return self.id
        return f"line-{self.line}"

    def to_dict(self) -> dict[str, Any]:
        """Its output line (see :func:`error_line`)."""
        duplicate_of = self.id if self.kind == "duplicate-id" else None
        return error_line(self.output_id, self.line, self.code, self.kind, self.message, duplicate_of=duplicate_of)


def error_line(record_id: str | None, line: int | None, code: str, kind: str, message: str, *,
               duplicate_of: str | None = None) -> dict[str, Any]:
    """The output line of a record that has no result: the one error shape of every JSONL output.

    Args:
        record_id: the id the line carries.
        line: 1-based input line number; ``None`` for a whole-file document (the key is then left out).
        code: the stable code (``E103``).
        kind: a key of :data:`multiling.errors.RECORD_ERROR_CODES`, or ``processing``.
        message: what went wrong and what to do; the ``[code]`` prefix is added when it is missing.
        duplicate_of: for a duplicate id, the id of the record that was kept.

    Returns:
        ``{"id", "line", ["duplicate_of"], "error": {"code", "kind", "message"}}`` in that key order.
    """
    out: dict[str, Any] = {"id": record_id}
    if line is not None:
        out["line"] = line
    if duplicate_of is not None:
        out["duplicate_of"] = duplicate_of
    prefixed = message if message.startswith(f"[{code}]") else f"[{code}] {message}"
    out["error"] = {"code": code, "kind": kind, "message": prefixed[:2000]}
    return out


def processing_error_line(record_id: str | None, line: int | None, exc: BaseException) -> dict[str, Any]:
    """The output line of a record whose processing raised ``exc`` (kind ``processing``, the error's own code)."""
    code = getattr(exc, "code", "E000")
    message = str(exc) if isinstance(exc, MultilingError) else f"{type(exc).__name__}: {exc}"
    return error_line(record_id, line, code, PROCESSING_ERROR_KIND, message)


class IdSet:
    """A set of ids in 12 to 24 bytes per id (64-bit BLAKE2b digests, open addressing).

    Used for duplicate detection over millions of records without keeping every id string. Two different
    ids share a digest with probability about n²/2⁶⁵ (3·10⁻⁸ for a million ids); such a pair would be
    reported as a duplicate.
    """

    def __init__(self) -> None:
        self._slots = array("Q", bytes(8 * 1024))
        self._mask = 1023
        self._count = 0

    @staticmethod
    def _digest(key: str) -> int:
        value = int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
        return value or 1  # 0 marks an empty slot

    def _find(self, digest: int) -> tuple[int, bool]:
        """The slot holding ``digest``, or the empty slot where it would go; and whether it is there."""
        slots, mask = self._slots, self._mask
        index = digest & mask
        while True:
            current = slots[index]
            if current == 0 or current == digest:
                return index, current == digest
            index = (index + 1) & mask

    def add(self, key: str) -> bool:
        """Add ``key``; True if it was not there before."""
        digest = self._digest(key)
        index, present = self._find(digest)
        if present:
            return False
        self._slots[index] = digest
        self._count += 1
        if self._count * 3 > len(self._slots) * 2:  # grow at 2/3 full: short probes, ~12-24 bytes per id
            self._grow()
        return True

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(self._digest(key))[1]

    def __len__(self) -> int:
        return self._count

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._mask = len(self._slots) - 1
        for digest in old:
            if digest:
                self._slots[self._find(digest)[0]] = digest


def iter_records(
    source: Source,
    *,
    errors: Errors = "strict",
    text_key: str = "text",
    id_key: str = "id",
    max_line_bytes: int = 1 << 30,
) -> Iterator[Record | RecordError]:
    """Read a JSONL file record by record, in constant memory (one line at a time, plus ~16 bytes per id).

    Every non-blank line yields exactly one :class:`Record` or one :class:`RecordError`; nothing stops the
    reader except a file that is binary from the start or cannot be opened. Blank lines are skipped.

    * invalid UTF-8 in a line: ``strict`` → ``undecodable`` error naming the byte offset; ``replace`` → U+FFFD,
      counted in ``Record.replaced``;
    * a lone surrogate escape (``"\\ud800"``) in ``text`` or ``id``: ``strict`` → ``lone-surrogate`` error;
      ``replace`` → U+FFFD (one code point for one code point, so offsets do not move), counted in ``replaced``.
      Lone surrogates cannot be written as UTF-8, so they are never passed on as they are;
    * no ``text``, or a ``text`` that is not a string: ``missing-text`` / ``text-not-string``;
    * an id already seen: ``duplicate-id`` (the first record wins);
    * a last line without a newline that does not parse: ``truncated``.

    Args:
        source: a path, ``-`` for stdin, or a binary stream (left open).
        errors: ``strict`` or ``replace``.
        text_key, id_key: the keys holding the text and the id.
        max_line_bytes: longer lines are skipped (read through, not kept) and reported as ``too-long``.

    Yields:
        :class:`Record` or :class:`RecordError`, in file order.

    Raises:
        BinaryInputError: a file that does not start with a JSON object and has many NUL or control bytes in its
            first 8 KiB (it is not JSONL at all); in a file that does, each bad line is one error.
        OSError: the file cannot be opened.
    """
    with _open_binary(source) as (stream, name):
        yield from _records(stream, name, errors, text_key, id_key, max_line_bytes)


def _records(
    stream: BinaryIO, name: str, errors: Errors, text_key: str, id_key: str, max_line_bytes: int
) -> Iterator[Record | RecordError]:
    head = _read_at_least(stream, _SNIFF_BYTES)
    encoding, bom_length = _detect_bom(head)
    if encoding != "utf-8":
        yield from _records_wide(head[bom_length:], stream, encoding, name, errors, text_key, id_key)
        return
    sample = head[bom_length:]
    # A file that starts with a JSON object is JSONL: each line is judged on its own, wherever a NUL or control
    # byte sits (a bad line is one error line). Anything else is refused whole only when it looks binary.
    if not sample.lstrip().startswith(b"{"):
        _refuse_binary_head(sample, name, bom_length)
    seen = IdSet()
    offset = bom_length
    line_number = 0
    for raw, too_long in _raw_lines(stream, sample, max_line_bytes):
        line_number += 1
        line_offset = offset
        offset += too_long or len(raw)
        if too_long:
            yield RecordError(line_number, None, "too-long", f"line {line_number} is {too_long} bytes, over the limit of {max_line_bytes}; split the record")
            continue
        yield from _record_from_line(raw, line_number, line_offset, name, errors, text_key, id_key, seen)


def _raw_lines(stream: BinaryIO, pending: bytes, max_line_bytes: int) -> Iterator[tuple[bytes, int]]:
    """``(line bytes with its newline, 0)``, or ``(b"", length)`` for a line over ``max_line_bytes``.

    Reads with ``readline(limit)``, so a file without newlines is never read into memory whole.
    """
    while pending:
        newline = pending.find(b"\n")
        if newline < 0:
            break
        line = pending[: newline + 1]
        yield (line, 0) if len(line) <= max_line_bytes else (b"", len(line))
        pending = pending[newline + 1 :]
    parts = [pending] if pending else []
    size = len(pending)
    while True:
        piece = stream.readline(1 << 16)
        if not piece:
            if size:
                yield (b"".join(parts), 0) if size <= max_line_bytes else (b"", size)
            return
        size += len(piece)
        if size <= max_line_bytes:
            parts.append(piece)
        else:
            parts = []  # too long: keep counting, stop keeping
        if piece.endswith(b"\n"):
            yield (b"".join(parts), 0) if size <= max_line_bytes else (b"", size)
            parts, size = [], 0


def _record_from_line(
    raw: bytes, line: int, line_offset: int, name: str, errors: Errors, text_key: str, id_key: str, seen: IdSet
) -> Iterator[Record | RecordError]:
    complete = raw.endswith(b"\n")
    body = raw.rstrip(b"\r\n")
    if not body.strip():
        return  # blank line
    nul = body.find(b"\x00")
    if nul >= 0:
        record_id = _peek_id(body, id_key)
        yield _register_error(seen, RecordError(line, record_id, "binary", f"{name}: NUL byte at byte {line_offset + nul} (line {line}); the line is binary, not JSON", line_offset + nul))
        return
    replaced = 0
    try:
        line_text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if errors == "strict":
            record_id = _peek_id(body, id_key)
            yield _register_error(seen, RecordError(
                line, record_id, "undecodable",
                f"{name}: not valid UTF-8 at byte {line_offset + exc.start} (line {line}, {exc.reason}); "
                "fix the encoding, or pass --errors replace to substitute U+FFFD",
                line_offset + exc.start,
            ))
            return
        line_text, replaced = _decode_replacing(body, "utf-8")
    try:
        value = json.loads(line_text)
    except (ValueError, RecursionError) as exc:
        if not complete:
            yield RecordError(line, None, "truncated", f"the last line ({line}) ends without a newline and is not complete JSON ({_short(exc)}); the file was probably cut short — rerun the producer, or drop the line")
        else:
            yield RecordError(line, None, "bad-json", f"line {line} is not JSON: {_short(exc)}")
        return
    if not isinstance(value, dict):
        yield RecordError(line, None, "not-an-object", f"line {line} is a JSON {type(value).__name__}, expected an object with a {text_key!r} string")
        return
    record_id, id_generated = value.get(id_key), False
    if record_id is None:
        record_id, id_generated = f"line-{line}", True
    elif isinstance(record_id, int) and not isinstance(record_id, bool):
        record_id = str(record_id)
    elif not isinstance(record_id, str) or not record_id:
        yield RecordError(line, None, "bad-id", f"line {line}: {id_key!r} is {_json_type(record_id)}; use a non-empty string or an integer, or leave it out")
        return
    if _SURROGATE.search(record_id):
        if errors == "strict":
            yield RecordError(line, None, "lone-surrogate", f"line {line}: {id_key!r} holds a lone surrogate escape; fix the producer, or pass --errors replace to substitute U+FFFD")
            return
        record_id, count = _replace_surrogates(record_id)
        replaced += count
    if text_key not in value:
        yield _register_error(seen, RecordError(line, record_id, "missing-text", f"line {line} has no {text_key!r} key; every record needs its text as a string"))
        return
    text = value[text_key]
    if not isinstance(text, str):
        yield _register_error(seen, RecordError(line, record_id, "text-not-string", f"line {line}: {text_key!r} is {_json_type(text)}, expected a string"))
        return
    if _SURROGATE.search(text):
        if errors == "strict":
            position = _SURROGATE.search(text).start()  # type: ignore[union-attr]
            yield _register_error(seen, RecordError(line, record_id, "lone-surrogate", f"line {line}: {text_key!r} holds a lone surrogate at code point {position}; fix the producer, or pass --errors replace to substitute U+FFFD"))
            return
        text, count = _replace_surrogates(text)
        replaced += count
    if not seen.add(record_id):
        yield RecordError(line, record_id, "duplicate-id", f"line {line}: id {record_id!r} was already used by an earlier record; ids must be unique (the first one was kept)")
        return
    yield Record(record_id, text, line, replaced, id_generated)


def _register_error(seen: IdSet, error: RecordError) -> RecordError:
    """An error record still claims its id, so a later record with the same id is reported as a duplicate."""
    if error.id is not None and not seen.add(error.id):
        return RecordError(error.line, error.id, "duplicate-id", f"line {error.line}: id {error.id!r} was already used by an earlier record; ids must be unique (the first one was kept)")
    return error


def _records_wide(
    first: bytes, stream: BinaryIO, encoding: str, name: str, errors: Errors, text_key: str, id_key: str
) -> Iterator[Record | RecordError]:
    """UTF-16/32 JSONL (with a BOM): decoded as a whole stream, judged line by line; byte offsets are not tracked.

    Undecodable code units become a marker (a lone surrogate, which valid UTF-16/32 never decodes to), so a bad
    line is one error line (or, with ``errors="replace"``, U+FFFD) and the lines after it are read as usual.
    """
    reader = io.TextIOWrapper(io.BufferedReader(PrefixedStream(first, stream)), encoding=encoding, errors=_MARK_UNDECODABLE,
                              newline="\n")
    seen = IdSet()
    line = 0
    try:
        for text_line in reader:
            line += 1
            if _UNDECODABLE in text_line:
                if errors == "strict":
                    body = text_line.replace(_UNDECODABLE, "\ufffd").encode("utf-8", "replace")
                    yield _register_error(seen, RecordError(
                        line, _peek_id(body, id_key), "undecodable",
                        f"{name}: not valid {encoding.upper()} on line {line}; fix the encoding, or pass --errors replace "
                        "to substitute U+FFFD"))
                    continue
                text_line = text_line.replace(_UNDECODABLE, "\ufffd")
            if "\x00" in text_line:
                yield RecordError(line, None, "binary", f"{name}: NUL character on line {line}; the line is binary, not JSON")
                continue
            raw = text_line.encode("utf-8", "surrogatepass")
            yield from _record_from_line(raw, line, 0, name, errors, text_key, id_key, seen)
    finally:
        reader.detach()


# Undecodable bytes in UTF-16/32 input are decoded to this lone surrogate, one per bad sequence, and handled per line.
_UNDECODABLE = "\udcff"
_MARK_UNDECODABLE = "multiling-mark-undecodable"
codecs.register_error(_MARK_UNDECODABLE, lambda exc: (_UNDECODABLE, exc.end))  # type: ignore[attr-defined]


class PrefixedStream(io.RawIOBase):
    """A raw stream that first returns ``prefix`` and then reads ``stream`` (bytes already read to look at them)."""

    def __init__(self, prefix: bytes, stream: BinaryIO, name: str | None = None) -> None:
        self._prefix = prefix
        self._stream = stream
        if name is not None:
            self.name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            size = min(len(buffer), len(self._prefix))
            buffer[:size] = self._prefix[:size]
            self._prefix = self._prefix[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _peek_id(body: bytes, id_key: str) -> str | None:
    """The id of a line that cannot be used as it is, when a lenient decode can still find it."""
    try:
        value = json.loads(body.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    if isinstance(value, dict):
        record_id = value.get(id_key)
        if isinstance(record_id, int) and not isinstance(record_id, bool):
            return str(record_id)
        if isinstance(record_id, str) and record_id and not _SURROGATE.search(record_id):
            return record_id
    return None


def _replace_surrogates(text: str) -> tuple[str, int]:
    count = len(_SURROGATE.findall(text))
    return _SURROGATE.sub("\ufffd", text), count


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "an empty string", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _short(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)[:200]
