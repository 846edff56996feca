"""Reading input text safely: encodings, BOMs, undecodable bytes and binary files.

Text is decoded exactly once, here; every offset downstream is a code-point offset into the decoded
``str``. A BOM is not part of the text (it is dropped before offsets start).
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import BinaryIO, Literal

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
    encoding, bom_length = "utf-8", 0
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, bom_length = name, len(bom)
            break
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


def _refuse_binary(body: bytes, source: str, base_offset: int) -> None:
    nul = body.find(b"\x00")
    if nul >= 0:
        raise BinaryInputError(source, base_offset + nul)
    # Only scan the start: a text file with a stray control byte somewhere deep is still text.
    head = body[:8192]
    if head and sum(byte in _BINARY_BYTES for byte in head) > max(4, len(head) // 100):
        first = next(i for i, byte in enumerate(head) if byte in _BINARY_BYTES)
        raise BinaryInputError(source, base_offset + first)


def _decode_replacing(body: bytes, encoding: str) -> tuple[str, int]:
    count = 0

    def counting_replace(exc: UnicodeError) -> tuple[str, int]:
        nonlocal count
        count += 1
        return "\ufffd", exc.end  # type: ignore[attr-defined]

    name = f"multiling-count-replace-{id(counting_replace)}"
    codecs.register_error(name, counting_replace)
    return body.decode(encoding, errors=name), count


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
