"""Decoding input bytes to text: encodings, BOMs, undecodable bytes, binary files, streaming decode.

Text is decoded exactly once, here; every offset downstream is a code-point offset into the decoded
``str``. A BOM is not part of the text (it is dropped before offsets start).

* whole files: :func:`decode_bytes`, :func:`read_text`;
* big files, in constant memory: :func:`iter_text` (streaming decode).

Nothing here ever opens a path or URL found *inside* the input: text is data.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
import threading
from pathlib import Path
from typing import BinaryIO, Iterator, Literal, Union

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
# This check only keeps binary files out (their first 8 KiB hold many such bytes; a few stray ones are tolerated);
# it is not what protects a terminal. ESC is exempt on purpose: ANSI-coloured logs and terminal captures are text
# worth annotating, and their escapes, like every control character of the input, are shown visibly wherever
# output reaches a terminal (multiling.render.display) and kept exactly in files.
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
    name = getattr(source, "name", None)
    yield source, name if isinstance(name, str) else "<stream>"


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
