"""Whole-file and streaming decoding: BOMs, bad bytes with their offsets, binary refusal, line ends kept."""

from __future__ import annotations

import codecs
import io

import pytest

from multiling.errors import BinaryInputError, DecodeError
from multiling.io import decode_bytes, iter_text, read_text

SAMPLE = "Headline\r\nHe said «مرحبا بالعالم» and left.\rNext: Привет, 世界 👩🏽‍💻\n"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (SAMPLE.encode("utf-8"), SAMPLE),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), SAMPLE),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), SAMPLE),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), SAMPLE),
        (codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), SAMPLE),
    ],
)
def test_io_text_bom_selects_encoding_and_is_dropped(data: bytes, text: str) -> None:
    assert decode_bytes(data) == (text, 0)
    assert "".join(iter_text(io.BytesIO(data), block_bytes=7)) == text


def test_io_text_crlf_and_cr_are_kept_so_offsets_stay_exact() -> None:
    text, _ = decode_bytes(SAMPLE.encode("utf-8"))
    start = text.index("مرحبا")
    assert text[start : start + 5] == "مرحبا" and "\r\n" in text and "\r" in text.replace("\r\n", "")


@pytest.mark.parametrize(
    ("data", "offset"),
    [(b"caf\xe9", 3), (b"abc\xff\xfe", 3), (b"ok \xe2\x82", 3), (codecs.BOM_UTF8 + b"x\x80", 4), (b"a" * 5000 + b"\xc3(", 5000)],
)
def test_io_text_invalid_utf8_names_byte_offset(data: bytes, offset: int) -> None:
    with pytest.raises(DecodeError) as whole:
        decode_bytes(data, "in.txt")
    assert whole.value.byte_offset == offset and f"in.txt: not valid UTF-8 at byte {offset}" in str(whole.value)
    for block in (1, 2, 3, 16, 4096):
        with pytest.raises(DecodeError) as streamed:
            list(iter_text(io.BytesIO(data), block_bytes=block))
        assert streamed.value.byte_offset == offset, block


def test_io_text_replace_counts_substitutions() -> None:
    data = b"caf\xe9 and \xff\xfe end \xe2\x82"
    text, replaced = decode_bytes(data, errors="replace")
    assert text == data.decode("utf-8", "replace") and replaced == 4  # \xff and \xfe are one each
    stream = iter_text(io.BytesIO(data), errors="replace", block_bytes=4)
    assert "".join(stream) == text and stream.replaced == 4


@pytest.mark.parametrize(
    "data",
    [b"text\x00more", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(1, 9)) * 20, codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le")],
)
def test_io_text_binary_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryInputError):
        decode_bytes(data, "blob.bin")
    with pytest.raises(BinaryInputError):
        list(iter_text(io.BytesIO(data), block_bytes=3))


def test_io_text_streaming_matches_whole_decode_for_every_block_size() -> None:
    data = (SAMPLE * 40).encode("utf-8")
    for block in (1, 2, 3, 5, 64, 1 << 20):
        assert "".join(iter_text(io.BytesIO(data), block_bytes=block)) == SAMPLE * 40


def test_io_text_read_text_from_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"))
    assert read_text(path) == (SAMPLE, 0)
    stream = iter_text(path)
    assert "".join(stream) == SAMPLE and stream.chars == len(SAMPLE)
