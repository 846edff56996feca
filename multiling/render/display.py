"""Making text safe to show on a terminal: the article's control characters are shown, never obeyed.

An article, a JSONL id or a model's gloss can hold terminal control sequences: OSC 52 (``ESC ] 52 ; c ; …``
writes the user's clipboard), OSC 8 (hidden hyperlinks), ``ESC [ 2 J`` (clears the screen), ``ESC [ 8 m`` (hidden
text), the one-byte C1 CSI U+009B, a bare carriage return or backspaces that overwrite what was printed. Anything
that reaches a terminal goes through :func:`display_safe` (or, where an offset map is built,
:func:`copy_for_display`), which replaces each such character by a visible stand-in:

* C0 controls except ``\\n`` and ``\\t`` → the Unicode Control Pictures (``ESC`` → ``␛`` U+241B, ``NUL`` → ``␀``);
  a carriage return is kept only as part of a ``\\r\\n`` line end (it cannot overwrite anything there);
* ``DEL`` → ``␡`` (U+2421);
* C1 controls U+0080–U+009F → ``\\x9b``-style text (no picture exists for them);
* lone surrogates → ``\\udc80``-style text (they cannot be written to a UTF-8 terminal at all).

Bidi formatting characters (U+202A–E, U+2066–9, LRM/RLM) are not terminal controls and are kept: the document
reports them (``bidi_controls``) and the terminal renderer reorders right-to-left text itself.

Files keep the article's characters: only output bound for a terminal is neutralised (see ``render_terminal`` and
``multiling annotate``, which neutralises every text format when stdout is a TTY).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from multiling.render.base import RenderTarget

#: Characters a terminal could obey: C0 (but \\t, \\n, and \\r before \\n), DEL, C1, lone surrogates.
DISPLAY_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")


def display_char(char: str) -> str:
    """The visible stand-in of one unsafe character (see the module docstring)."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: U+2400 NUL … U+241F US
    if code == 0x7F:
        return "\u2421"
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"  # lone surrogate


def display_safe(text: str) -> str:
    """``text`` with every character a terminal would obey replaced by a visible stand-in.

    Use it on anything printed to a terminal or to stderr that did not come from multiling itself: article text,
    record ids, glosses, file names, error messages quoting input.

    Args:
        text: any string (lone surrogates included).

    Returns:
        The same text when it holds no unsafe character (the common case costs one regex scan).
    """
    if DISPLAY_UNSAFE.search(text) is None:
        return text
    return DISPLAY_UNSAFE.sub(lambda m: display_char(m.group()), text)


def copy_for_display(builder: "RenderTarget", start: int, end: int) -> None:
    """Copy ``original[start:end]`` into ``builder``, each unsafe character as a ``replace`` by its stand-in.

    The offset map stays exact: a stand-in maps back to the one character it shows.
    """
    run = start
    for match in DISPLAY_UNSAFE.finditer(builder.original, start, end):
        builder.copy(run, match.start())
        builder.replace(match.start(), match.end(), display_char(match.group()))
        run = match.end()
    builder.copy(run, end)


class DisplaySafeWriter:
    """Passes text to ``write`` through :func:`display_safe`, piece by piece, as if it were one string: a carriage
    return at the end of a piece waits for the next one (kept only before a ``\\n``). Call :meth:`close` at the end."""

    def __init__(self, write: Callable[[str], Any]) -> None:
        self._write = write
        self._held = ""

    def write(self, text: str) -> None:
        text = self._held + text
        self._held = "\r" if text.endswith("\r") else ""
        if self._held:
            text = text[:-1]
        if text:
            self._write(display_safe(text))

    def close(self) -> None:
        """Write what is held back (a last carriage return, shown as ``␍``)."""
        if self._held:
            self._write(display_safe(self._held))
            self._held = ""


# JSON escapes C0 controls itself; DEL, C1 controls and lone surrogates it leaves raw (with ensure_ascii=False).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")


def dumps_json(value: Any, indent: int | None = None) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent)`` with DEL, C1 controls and lone surrogates written as
    ``\\uXXXX`` escapes: the same JSON value, safe to print on a terminal and always encodable as UTF-8. Every
    JSON multiling writes (renderings, JSONL lines, CLI output) goes through here.

    ``indent=2`` is written by orjson (the same bytes as json's pure-Python indenting encoder, ~10x faster); a value
    orjson refuses (a lone surrogate, an integer beyond 64 bits) goes through json instead, with the same result.
    """
    text = None
    if indent == 2:
        import orjson  # lazy: only pretty JSON needs it

        try:
            text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (orjson.JSONEncodeError, TypeError):
            text = None
    if text is None:
        text = json.dumps(value, ensure_ascii=False, indent=indent)
    if _UNSAFE_IN_JSON.search(text) is None:
        return text
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
