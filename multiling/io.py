"""Reading input text safely: encodings, BOMs, undecodable bytes, binary files, JSONL records, resumable output.

Text is decoded exactly once, here; every offset downstream is a code-point offset into the decoded
``str``. A BOM is not part of the text (it is dropped before offsets start).

Three layers:

* whole files: :func:`decode_bytes`, :func:`read_text`;
* big files, in constant memory: :func:`iter_text` (streaming decode), :func:`iter_records` (a JSONL
  reader that yields a :class:`Record` or a :class:`RecordError` per line and never stops on a bad line);
* output that survives ``kill -9``: :class:`JsonlWriter` (one flushed line per record, ``resume`` drops a
  partial last line and remembers which ids are done), :func:`atomic_write` (temp file + ``os.replace``),
  and :func:`run_jsonl`, the loop that ties them together for batch commands.

Nothing here ever opens a path or URL found *inside* the input: text is data.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import hashlib
import io
import json
import os
import re
import sys
import tempfile
import threading
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterable, Iterator, Literal, Union

from multiling.errors import BinaryInputError, DecodeError

Errors = Literal["strict", "replace"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control bytes that never occur in real text files (everything below 0x20 except \t \n \v \f \r, and ESC).
_BINARY_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(range(0x1C, 0x20))
_SNIFF_BYTES = 8192


def decode_bytes(data: bytes, source: str = "<bytes>", errors: Errors = "strict") -> tuple[str, int]:
    """Decode file bytes to text.

    UTF-8 is assumed; a UTF-8, UTF-16 or UTF-32 BOM selects that encoding and is dropped.

    Args:
        data: the raw bytes.
        source: a name for messages (file path or ``<stdin>``).
        errors: ``strict`` raises on undecodable bytes; ``replace`` substitutes U+FFFD.

    Returns:
        ``(text, replaced)``: the decoded text and how many undecodable byte sequences were replaced.

    Raises:
        DecodeError: undecodable bytes with ``errors="strict"``, naming the byte offset.
        BinaryInputError: NUL or other control bytes that mark binary content.
    """
    encoding, bom_length = _detect_bom(data)
    body = data[bom_length:]
    if encoding == "utf-8":
        _refuse_binary(body, source, bom_length)
    try:
        text = body.decode(encoding)
        replaced = 0
    except UnicodeDecodeError as exc:
        if errors == "strict":
            raise DecodeError(source, bom_length + exc.start, exc.reason) from None
        text, replaced = _decode_replacing(body, encoding)
    if encoding != "utf-8" and "\x00" in text:
        raise BinaryInputError(source, bom_length + text.index("\x00"))
    return text, replaced


def _detect_bom(head: bytes) -> tuple[str, int]:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    return "utf-8", 0


def _refuse_binary(body: bytes, source: str, base_offset: int) -> None:
    nul = body.find(b"\x00")
    if nul >= 0:
        raise BinaryInputError(source, base_offset + nul)
    _refuse_binary_head(body[:_SNIFF_BYTES], source, base_offset)


def _refuse_binary_head(head: bytes, source: str, base_offset: int) -> None:
    # Only scan the start: a text file with a stray control byte somewhere deep is still text.
    if head and sum(byte in _BINARY_BYTES for byte in head) > max(4, len(head) // 100):
        first = next(i for i, byte in enumerate(head) if byte in _BINARY_BYTES)
        raise BinaryInputError(source, base_offset + first)


# One error handler, registered once, counting into a per-thread counter (registering a fresh handler per
# call would grow the codec registry forever in a long-running service).
_replace_counter = threading.local()


def _counting_replace(exc: UnicodeError) -> tuple[str, int]:
    _replace_counter.count = getattr(_replace_counter, "count", 0) + 1
    return "\ufffd", exc.end  # type: ignore[attr-defined]


_COUNTING_REPLACE = "multiling-count-replace"
codecs.register_error(_COUNTING_REPLACE, _counting_replace)


def _decode_replacing(body: bytes, encoding: str) -> tuple[str, int]:
    _replace_counter.count = 0
    text = body.decode(encoding, errors=_COUNTING_REPLACE)
    return text, _replace_counter.count


def read_text(path: str | Path, errors: Errors = "strict") -> tuple[str, int]:
    """Read a text file (``-`` for standard input).

    Args:
        path: file path, or ``-`` for stdin.
        errors: ``strict`` or ``replace``, see :func:`decode_bytes`.

    Returns:
        ``(text, replaced)`` as :func:`decode_bytes`.

    Raises:
        DecodeError, BinaryInputError: see :func:`decode_bytes`.
        OSError: the file cannot be opened.
    """
    if str(path) == "-":
        data = _read_all(sys.stdin.buffer)
        return decode_bytes(data, "<stdin>", errors)
    data = Path(path).read_bytes()
    return decode_bytes(data, str(path), errors)


def _read_all(stream: BinaryIO) -> bytes:
    return stream.read()


# --------------------------------------------------------------------------------------------------------
# Streaming decode
# --------------------------------------------------------------------------------------------------------

Source = Union[str, Path, BinaryIO]


@contextlib.contextmanager
def _open_binary(source: Source) -> Iterator[tuple[BinaryIO, str]]:
    """``(binary stream, name for messages)``; opens and closes paths, leaves given streams open."""
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            yield sys.stdin.buffer, "<stdin>"
            return
        with open(source, "rb") as stream:
            yield stream, str(source)
        return
    yield source, getattr(source, "name", None) if isinstance(getattr(source, "name", None), str) else "<stream>"


class TextStream:
    """Decoded text of a file, read block by block in constant memory.

    Iterating yields ``str`` blocks whose concatenation is exactly what :func:`read_text` would return
    (same BOM handling, same binary refusal, same U+FFFD substitutions). ``replaced`` counts the undecodable
    byte sequences substituted so far; ``chars`` the code points yielded so far.

    Raises (while iterating):
        DecodeError: undecodable bytes with ``errors="strict"``, naming the byte offset from the start of the file.
        BinaryInputError: a NUL byte anywhere, or control bytes in the first 8 KiB.
    """

    def __init__(self, source: Source, errors: Errors = "strict", block_bytes: int = 1 << 20) -> None:
        self.source = source
        self.errors = errors
        self.block_bytes = max(16, block_bytes)
        self.replaced = 0
        self.chars = 0
        self.name = "<stream>"

    def __iter__(self) -> Iterator[str]:
        with _open_binary(self.source) as (stream, name):
            self.name = name
            yield from self._blocks(stream, name)

    def _blocks(self, stream: BinaryIO, name: str) -> Iterator[str]:
        head = _read_at_least(stream, 4)
        encoding, bom_length = _detect_bom(head)
        first = head[bom_length:]
        decoder = codecs.getincrementaldecoder(encoding)(errors=_COUNTING_REPLACE if self.errors == "replace" else "strict")
        consumed = bom_length  # bytes handed to the decoder so far, counted from the start of the file
        sniffed = 0
        data = first + stream.read(self.block_bytes)
        while True:
            final = not data
            if encoding == "utf-8" and data:
                nul = data.find(b"\x00")
                if nul >= 0:
                    raise BinaryInputError(name, consumed + nul)
                if sniffed < _SNIFF_BYTES:
                    _refuse_binary_head(data[: _SNIFF_BYTES - sniffed], name, consumed)
                    sniffed += len(data)
            buffered = len(decoder.getstate()[0])
            _replace_counter.count = 0
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as exc:
                raise DecodeError(name, consumed - buffered + exc.start, exc.reason) from None
            self.replaced += getattr(_replace_counter, "count", 0)
            if encoding != "utf-8" and "\x00" in text:
                raise BinaryInputError(name, consumed)  # NUL in UTF-16/32 text: binary; offset of the block
            consumed += len(data)
            if text:
                self.chars += len(text)
                yield text
            if final:
                return
            data = stream.read(self.block_bytes)


def _read_at_least(stream: BinaryIO, count: int) -> bytes:
    parts, have = [], 0
    while have < count:
        piece = stream.read(count - have)
        if not piece:
            break
        parts.append(piece)
        have += len(piece)
    return b"".join(parts)


def iter_text(source: Source, errors: Errors = "strict", block_bytes: int = 1 << 20) -> TextStream:
    """Decode a (possibly huge) file block by block, in constant memory.

    Args:
        source: a path, ``-`` for stdin, or a binary stream (left open).
        errors: ``strict`` or ``replace``, as :func:`decode_bytes`.
        block_bytes: bytes read per block.

    Returns:
        A :class:`TextStream`: iterate it for ``str`` blocks; its ``replaced`` attribute counts substitutions.
    """
    return TextStream(source, errors, block_bytes)


# --------------------------------------------------------------------------------------------------------
# JSONL records
# --------------------------------------------------------------------------------------------------------

#: Stable codes of per-record problems, by short name. E101/E102 are the file-level codes of errors.py.
RECORD_ERROR_CODES = {
    "undecodable": "E101",  # invalid UTF-8 inside the line (with errors="strict")
    "binary": "E102",  # a NUL byte inside the line
    "bad-json": "E103",  # the line is not JSON (or nests too deep to parse)
    "not-an-object": "E104",  # valid JSON, but not an object
    "missing-text": "E105",  # no "text" key
    "text-not-string": "E106",  # "text" is a number, a list, null...
    "bad-id": "E107",  # "id" is not a non-empty string or an integer
    "duplicate-id": "E108",  # an id seen on an earlier line (the first one wins)
    "truncated": "E109",  # the last line has no newline and does not parse: the file was cut short
    "lone-surrogate": "E110",  # a "\\ud800"-style escape with no partner (with errors="strict")
    "too-long": "E111",  # a line longer than max_line_bytes
}

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Record:
    """One readable JSONL record.

    Attributes:
        id: the record's ``id`` (an integer id is turned into its decimal string); ``line-<n>`` when it has none.
        text: the ``text`` value, exactly as decoded; offsets into it are code points.
        line: 1-based line number in the input file.
        replaced: how many undecodable byte sequences or lone surrogates were replaced by U+FFFD
            (only with ``errors="replace"``; each replacement is one code point, so offsets are unaffected
            for surrogates).
        id_generated: True when ``id`` was made up from the line number.
    """

    id: str
    text: str
    line: int
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
        """A JSON-ready dict with a fixed key order: ``id``, ``line``, ``error`` (code, kind, message)."""
        out: dict[str, Any] = {"id": self.output_id, "line": self.line}
        if self.kind == "duplicate-id" and self.id is not None:
            out["duplicate_of"] = self.id
        out["error"] = {"code": self.code, "kind": self.kind, "message": f"[{self.code}] {self.message}"}
        return out


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
        BinaryInputError: a NUL or many control bytes in the first 8 KiB (the file is not JSONL at all).
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
    if b"\x00" in sample:
        raise BinaryInputError(name, bom_length + sample.index(b"\x00"))
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
    """UTF-16/32 JSONL (with a BOM): decoded as a whole stream; byte offsets are not tracked."""
    reader = io.TextIOWrapper(
        _Prefixed(first, stream), encoding=encoding, errors="replace" if errors == "replace" else "strict", newline="\n"
    )
    seen = IdSet()
    line = 0
    try:
        for text_line in reader:
            line += 1
            if "\x00" in text_line:
                yield RecordError(line, None, "binary", f"{name}: NUL character on line {line}; the line is binary, not JSON")
                continue
            raw = text_line.encode("utf-8", "surrogatepass")
            yield from _record_from_line(raw, line, 0, name, errors, text_key, id_key, seen)
    except UnicodeDecodeError as exc:
        raise DecodeError(name, -1, f"{encoding}: {exc.reason} after line {line}") from None
    finally:
        reader.detach()


class _Prefixed(io.RawIOBase):
    """A raw stream that first returns ``prefix`` and then reads ``stream``."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self._prefix = prefix
        self._stream = stream

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


def _peek_id_and_error(body: bytes, id_key: str) -> tuple[str | None, bool]:
    """The id of an output line and whether it is an error line."""
    try:
        value = json.loads(body.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None, False
    if not isinstance(value, dict):
        return None, False
    record_id = value.get(id_key)
    return (record_id if isinstance(record_id, str) and record_id else None), "error" in value


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


# --------------------------------------------------------------------------------------------------------
# Output that survives kill -9
# --------------------------------------------------------------------------------------------------------


class JsonlWriter:
    """Append-only JSONL output, one line per record, flushed per record; resumable after a crash.

    With ``resume=True`` an existing file is kept: its complete lines are scanned for ids (see
    :meth:`done`), and a partial last line — what a ``kill -9`` in the middle of a write leaves — is cut off,
    so the file again ends at a newline. Without ``resume`` the file is truncated.

    Every :meth:`write` is one ``write`` of one complete line followed by a flush, so a killed run loses at
    most the record being written, and that one is cut off on resume. ``fsync_every`` additionally forces
    the data to disk every N records (0: only on :meth:`close`), which protects against power loss too.

    Args:
        path: the output file (its directory must exist).
        resume: keep what is there and skip the ids already written.
        id_key: the key of the id in each line.
        fsync_every: call ``os.fsync`` after every N records; 0 for only at close.
        track_written: remember the ids written by this run too (for :meth:`done`); a caller whose input
            ids are already unique (:func:`iter_records` reports duplicates) can save that memory.

    Raises:
        OSError: the file cannot be opened.
    """

    def __init__(
        self, path: str | Path, *, resume: bool = False, id_key: str = "id", fsync_every: int = 0, track_written: bool = True
    ) -> None:
        self.path = Path(path)
        self.track_written = track_written
        self.id_key = id_key
        self.fsync_every = fsync_every
        self.written = 0
        self.dropped_bytes = 0  # size of the partial last line cut off on resume
        self._done = IdSet()
        self.resumed = 0  # ids found in the existing file
        self.resumed_failed = 0  # of those, lines with an "error"
        if resume and self.path.exists():
            self._file: BinaryIO = open(self.path, "r+b")
            self._scan_existing()
            self._file.seek(0, os.SEEK_END)
        else:
            self._file = open(self.path, "wb")
        self._since_sync = 0

    def _scan_existing(self) -> None:
        stream = self._file
        stream.seek(0)
        good_end = 0
        offset = 0
        while True:
            line = stream.readline()
            if not line:
                break
            offset += len(line)
            if not line.endswith(b"\n"):
                break  # a partial last line: cut off below
            good_end = offset
            record_id, failed = _peek_id_and_error(line.rstrip(b"\r\n"), self.id_key)
            if record_id is not None and self._done.add(record_id):
                self.resumed += 1
                self.resumed_failed += failed
        size = stream.seek(0, os.SEEK_END)
        if size > good_end:
            self.dropped_bytes = size - good_end
            stream.truncate(good_end)
            stream.flush()
            os.fsync(stream.fileno())

    def done(self, record_id: str) -> bool:
        """True if a line with this id is already in the file (from before a resume, or written now)."""
        return record_id in self._done

    def write(self, obj: dict[str, Any]) -> None:
        """Append ``obj`` as one JSON line and flush it.

        Raises:
            ValueError: ``obj`` has no string id under ``id_key``.
        """
        record_id = obj.get(self.id_key)
        if not isinstance(record_id, str):
            raise ValueError(f"an output record needs a string {self.id_key!r}, got {record_id!r}")
        line = (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass")
        self._file.write(line)
        self._file.flush()
        if self.track_written:
            self._done.add(record_id)
        self.written += 1
        self._since_sync += 1
        if self.fsync_every and self._since_sync >= self.fsync_every:
            os.fsync(self._file.fileno())
            self._since_sync = 0

    def close(self) -> None:
        """Flush, fsync and close the file."""
        if self._file.closed:
            return
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Write a file so that readers see either the old file or the complete new one, never a part.

    The data goes to a temporary file in the same directory, which is fsynced and then moved over ``path``
    with ``os.replace``. If the block raises (or the process dies), ``path`` is untouched and the temporary
    file is removed (or, after ``kill -9``, left as ``.<name>.*.tmp``).

    Args:
        path: the destination.
        mode: ``"w"`` (text) or ``"wb"`` (bytes).
        encoding: for text mode.

    Yields:
        The open temporary file.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with open(handle, mode, encoding=None if "b" in mode else encoding, newline=None if "b" in mode else "") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable; not possible on every platform
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@dataclass
class BatchSummary:
    """What a :func:`run_jsonl` run did (counts of records)."""

    processed: int = 0  # written with a result
    failed: int = 0  # written with an error (bad record, or the processing function raised)
    skipped: int = 0  # already in the output (resume)
    previously_failed: int = 0  # of the skipped, how many were error lines
    replaced: int = 0  # records in which U+FFFD was substituted
    errors: list[str] = field(default_factory=list)  # the first few error messages

    @property
    def ok(self) -> bool:
        """True when no record of the output file failed (in this run or, after a resume, in earlier ones)."""
        return self.failed == 0 and self.previously_failed == 0


def error_record(record_id: str, line: int, exc: BaseException) -> dict[str, Any]:
    """The output line for a record whose processing raised: its id, line and the error (code, kind, message)."""
    code = getattr(exc, "code", "E000")
    message = str(exc) if str(exc).startswith("[") else f"[{code}] {type(exc).__name__}: {exc}"
    return {"id": record_id, "line": line, "error": {"code": code, "kind": "processing", "message": message[:2000]}}


def run_jsonl(
    source: Source,
    out: str | Path,
    process: Callable[[Record], dict[str, Any]],
    *,
    resume: bool = False,
    errors: Errors = "strict",
    fsync_every: int = 0,
    on_error: Callable[[str], None] | None = None,
) -> BatchSummary:
    """Process a JSONL file record by record into a JSONL file that survives ``kill -9`` and ``--resume``.

    Each input record becomes exactly one output line: ``process(record)`` (a dict; its ``id`` is set to the
    record's id and put first), or an error line (``{"id", "line", "error": {"code", "kind", "message"}}``) for
    a record that could not be read or whose processing raised. With ``resume=True`` the records whose id is
    already in ``out`` are skipped, so a run killed at any moment and restarted ends with every id exactly once.

    Args:
        source: input path, ``-`` or a binary stream.
        out: output path.
        process: turns one record into its output dict.
        resume: continue an earlier run into the same ``out``.
        errors: ``strict`` or ``replace`` for undecodable bytes and lone surrogates.
        fsync_every: see :class:`JsonlWriter`.
        on_error: called with each error message (e.g. to echo it on stderr).

    Returns:
        A :class:`BatchSummary`.

    Raises:
        BinaryInputError: the input is not text at all.
        OSError: input or output cannot be opened.
    """

    def process_many(items: Iterable[Record | RecordError]) -> Iterator[dict[str, Any]]:
        for item in items:
            if isinstance(item, RecordError):
                yield item.to_dict()
                continue
            try:
                yield dict(process(item))
            except Exception as exc:  # a failing document is recorded and the run goes on
                yield error_record(item.id, item.line, exc)

    return run_jsonl_many(source, out, process_many, resume=resume, errors=errors, fsync_every=fsync_every, on_error=on_error)


def run_jsonl_many(
    source: Source,
    out: str | Path,
    process_many: Callable[[Iterator[Record | RecordError]], Iterable[dict[str, Any]]],
    *,
    resume: bool = False,
    errors: Errors = "strict",
    fsync_every: int = 0,
    on_error: Callable[[str], None] | None = None,
) -> BatchSummary:
    """Like :func:`run_jsonl`, for a processor that works on a stream (and may batch across records).

    ``process_many`` receives the records (and :class:`RecordError` items) not yet in ``out`` and must yield
    exactly one dict per item, in order: a result, or for an error an ``{"error": {...}}`` dict (use
    :meth:`RecordError.to_dict` and :func:`error_record`). Each dict is written as soon as it is yielded, with the
    item's id; a dict with an ``error`` key counts as failed.

    Returns:
        A :class:`BatchSummary`.

    Raises:
        BinaryInputError: the input is not text at all.
        OSError: input or output cannot be opened.
        ValueError: ``process_many`` yielded more dicts than it was given items.
    """
    summary = BatchSummary()
    sent: collections.deque[Record | RecordError] = collections.deque()

    # The reader already reports duplicate ids, so the writer only needs the ids found on resume.
    with JsonlWriter(out, resume=resume, fsync_every=fsync_every, track_written=False) as writer:

        def todo() -> Iterator[Record | RecordError]:
            for item in iter_records(source, errors=errors):
                if writer.done(item.output_id if isinstance(item, RecordError) else item.id):
                    summary.skipped += 1
                    continue
                sent.append(item)
                yield item

        summary.previously_failed = writer.resumed_failed
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
            writer.write(line)
            if "error" in line:
                summary.failed += 1
                error = line["error"]
                message = error.get("message", "") if isinstance(error, dict) else str(error)
                if len(summary.errors) < 20:
                    summary.errors.append(f"line {item.line} (id {record_id!r}): {message}")
                if on_error is not None:
                    on_error(f"line {item.line} (id {record_id!r}): {message}")
            else:
                summary.processed += 1
    return summary
