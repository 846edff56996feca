"""Plain-text renderings: inline, replace, markdown and terminal."""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_left
from typing import Literal, TextIO

from multiling.document import BIDI_CONTROLS as _BIDI_CONTROLS
from multiling.document import AnnotatedDocument, AnnotatedSpan
from multiling.render.base import Format, Rendering, RenderTarget, build_rendering, gloss_label, rendering_note
from multiling.render.display import copy_for_display, display_safe
from multiling.types import GlossStatus

RtlMode = Literal["auto", "logical", "visual"]


def render_inline(doc: AnnotatedDocument) -> Rendering:
    """The original with `` [en: gloss]`` after each foreign span (`` [no gloss: no-model]`` where none), and
    `` [article: “…” (0.81); …]`` after a span the article itself renders in English (with any divergence).

    Args:
        doc: the annotated document.

    Returns:
        A :class:`Rendering`; every original character is copied, so any original range maps there and back exactly.
    """
    return build_rendering(doc, INLINE_FORMAT)


def write_inline(doc: AnnotatedDocument, b: RenderTarget) -> None:
    """Write the ``inline`` rendering (see :func:`render_inline`) into ``b``."""
    for span in doc.spans:
        b.copy(b.original_position, span.end)
        b.insert(f" [{gloss_label(span)}]")
        note = rendering_note(span)
        if note:
            b.insert(f" [{note}]")


def render_replace(doc: AnnotatedDocument, missing: Literal["keep", "drop"] = "keep") -> Rendering:
    """An all-English text: each glossed foreign span replaced by its gloss.

    An entity found in the result maps back to the original article through the offset map.

    Args:
        doc: the annotated document.
        missing: spans without a gloss are kept as written (``keep``) or removed (``drop``). A span whose gloss
            is empty is always kept as written, so every span keeps a rendered range that maps back to it.

    Returns:
        A :class:`Rendering`; a range inside a gloss maps back to the whole span it replaced.
    """
    return build_rendering(doc, REPLACE_FORMAT, missing=missing)


def write_replace(doc: AnnotatedDocument, b: RenderTarget, missing: Literal["keep", "drop"] = "keep") -> None:
    """Write the ``replace`` rendering (see :func:`render_replace`) into ``b``."""
    for span in doc.spans:
        b.copy(b.original_position, span.start)
        if span.status is GlossStatus.OK and span.gloss.text:
            b.replace(span.start, span.end, span.gloss.text)
        elif span.status is GlossStatus.OK:
            # An empty gloss (a model can produce one) would map the span to a single point, so no rendered
            # range could lead back to it: the span stays as written, like a span without a gloss.
            b.copy(span.start, span.end)
        elif missing == "drop":
            b.replace(span.start, span.end, "")
        else:
            b.copy(span.start, span.end)


def render_markdown(doc: AnnotatedDocument) -> Rendering:
    """The original with a footnote reference ``[^n]`` after each foreign span and the glosses as footnotes.

    The article is plain text, so every character Markdown would read as markup (``*``, ``_``, ``[``, ``<``, a
    ``#`` or ``-`` or ``1.`` opening a line, ...) is backslash-escaped: a Markdown viewer shows the article as
    written. Each escape maps back to the one character it stands for.

    Returns:
        A :class:`Rendering` (``text/markdown``).
    """
    return build_rendering(doc, MARKDOWN_FORMAT)


def write_markdown(doc: AnnotatedDocument, b: RenderTarget) -> None:
    """Write the ``markdown`` rendering (see :func:`render_markdown`) into ``b``."""
    escapes = _markdown_escapes(doc.text)
    positions = list(escapes)
    for number, span in enumerate(doc.spans, start=1):
        _copy_markdown(b, span.end, escapes, positions)
        b.insert(f"[^{number}]")
    _copy_markdown(b, len(doc.text), escapes, positions)
    if doc.spans:
        # The footnotes are made one at a time as they are written: none is kept.
        b.insert("\n\n")
        for number, span in enumerate(doc.spans, start=1):
            b.insert(_footnote(number, span) + "\n")


def _footnote(number: int, span: AnnotatedSpan) -> str:
    """``[^n]: *lang*: gloss (model) — post — article note`` for span ``number``."""
    if span.status is GlossStatus.OK:
        body = span.gloss.text
    else:
        body = f"no gloss ({span.status.value})" + (f": {span.gloss.message}" if span.gloss.message else "")
    source = f" ({span.gloss.model})" if span.gloss.model else ""
    post = f" — {span.post.author} (@{span.post.handle}) {span.post.date_text}".rstrip() if span.post else ""
    rendered = rendering_note(span)
    rendered = f" — {rendered}" if rendered else ""
    return f"[^{number}]: *{span.lang}*: {escape_markdown(_one_line(body or '') + source + post + rendered)}"


# ASCII punctuation that starts or ends inline Markdown anywhere in a line (emphasis, code, links, images, raw
# HTML, entities, tables, strikethrough, autolinks); CommonMark lets a backslash escape each of them.
_MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]<>#|~&!]")
# What opens a block at the start of a line (after up to three spaces): list markers, setext underlines and
# ordered-list numbers ("1." / "1)"); block quotes and headings are covered by _MARKDOWN_INLINE.
_MARKDOWN_LINE_START = re.compile(r"(?:\A|(?<=[\r\n])) {0,3}(?:([-+=])|\d{1,9}([.)]))")
# A tab or a fourth space of indentation would start an indented code block: the line's first blank becomes
# a character reference, which is not indentation.
_MARKDOWN_CODE_INDENT = re.compile(r"(?:\A|(?<=[\r\n]))(?= {0,3}\t| {4})")


def escape_markdown(text: str) -> str:
    """``text`` with every Markdown-significant character escaped (for text that has no offset map)."""
    escapes = _markdown_escapes(text)
    return "".join(escapes.get(index, ch) for index, ch in enumerate(text))


def _markdown_escapes(text: str) -> dict[int, str]:
    """Position → escape, for each character of ``text`` Markdown would read as markup, in position order."""
    escapes = {m.start(): "\\" + m.group() for m in _MARKDOWN_INLINE.finditer(text)}
    for match in _MARKDOWN_LINE_START.finditer(text):
        index = match.start(1) if match.group(1) else match.start(2)
        escapes[index] = "\\" + text[index]
    for match in _MARKDOWN_CODE_INDENT.finditer(text):
        escapes[match.start()] = f"&#{ord(text[match.start()])};"
    return dict(sorted(escapes.items()))


def _copy_markdown(b: RenderTarget, end: int, escapes: dict[int, str], positions: list[int]) -> None:
    """Copy the original up to ``end``, each escaped character as a replace (so it maps back to itself)."""
    run = b.original_position
    for index in positions[bisect_left(positions, run) : bisect_left(positions, end)]:
        b.copy(run, index)
        b.replace(index, index + 1, escapes[index])
        run = index + 1
    b.copy(run, end)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ANSI SGR codes: bold yellow source span, cyan gloss, red missing gloss, dim note on the article's rendering.
_SPAN, _GLOSS, _MISSING, _NOTE, _RESET = "\x1b[1;33m", "\x1b[36m", "\x1b[31m", "\x1b[2m", "\x1b[0m"


def terminal_does_bidi(environ: dict | None = None) -> bool:
    """Whether the terminal is known to reorder right-to-left text itself (mlterm, Konsole, VTE with bidi).

    ``MULTILING_TERMINAL_BIDI=1`` or ``0`` overrides the guess.
    """
    env = os.environ if environ is None else environ
    override = env.get("MULTILING_TERMINAL_BIDI")
    if override in ("0", "1"):
        return override == "1"
    if env.get("MLTERM") or env.get("KONSOLE_VERSION"):
        return True
    try:
        return int(env.get("VTE_VERSION", "0")) >= 5800  # VTE 0.58 added BiDi
    except ValueError:
        return False


def resolve_rtl(rtl: RtlMode, stream: TextIO | None = None) -> Literal["logical", "visual"]:
    """Turn ``auto`` into ``logical`` or ``visual``.

    ``auto`` is ``visual`` only when writing to a terminal (a TTY) that does not do bidi itself; a pipe or
    file always gets logical order, so stored output is never reshaped.
    """
    if rtl != "auto":
        return rtl
    stream = stream if stream is not None else sys.stdout
    is_tty = bool(getattr(stream, "isatty", lambda: False)())
    return "visual" if is_tty and not terminal_does_bidi() else "logical"


def shape_for_display(text: str) -> str:
    """Arabic shaping and bidi reordering (visual order) for a terminal without bidi support.

    Display only: never used for stored or machine formats, never before computing offsets.
    """
    import arabic_reshaper  # lazy: only terminal output needs them

    try:
        from bidi import get_display  # python-bidi >= 0.5 (handles isolates)
    except ImportError:  # pragma: no cover - older python-bidi
        from bidi.algorithm import get_display
    def reorder(line: str) -> str:
        try:
            return get_display(line)
        except Exception:  # a bidi implementation that chokes on controls: reorder without them (display only)
            try:
                return get_display("".join(ch for ch in line if ch not in _BIDI_CONTROLS))
            except Exception:  # python-bidi cannot encode a lone surrogate: show the line in logical order
                return line

    try:
        shaped = arabic_reshaper.reshape(text)
    except Exception:  # arabic_reshaper raises IndexError on some joiner/ligature sequences ("مرحبا\u200dلا"): display unshaped
        shaped = text
    # Each line is its own paragraph: reordering across a line break would move the break and glue lines.
    out = []
    for line in shaped.splitlines(keepends=True):
        body = line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        out.append(reorder(body) + line[len(body) :] if body else line)
    return "".join(out)


def render_terminal(doc: AnnotatedDocument, *, color: bool = True, rtl: Literal["logical", "visual"] = "logical") -> Rendering:
    """Coloured spans with their glosses, for reading in a terminal.

    The article's and the gloss's control characters (ESC, C0, DEL, C1, lone surrogates) are shown as visible
    stand-ins (:mod:`multiling.render.display`), with or without colour: this format is never a copy of the
    article, it is what a terminal may safely be sent.

    Args:
        doc: the annotated document.
        color: emit ANSI colours.
        rtl: ``logical`` keeps stored order; ``visual`` shapes and reorders right-to-left spans for terminals
            without bidi (resolve ``auto`` with :func:`resolve_rtl` first).

    Returns:
        A :class:`Rendering`; a reordered span is a single ``replace`` segment, ANSI codes are inserts, each
        neutralised control character is a ``replace`` of that one character.
    """
    return build_rendering(doc, TERMINAL_FORMAT, color=color, rtl=rtl)


def write_terminal(doc: AnnotatedDocument, b: RenderTarget, *, color: bool = True,
                   rtl: Literal["logical", "visual"] = "logical") -> None:
    """Write the ``terminal`` rendering (see :func:`render_terminal`) into ``b``."""
    for span in doc.spans:
        copy_for_display(b, b.original_position, span.start)
        if color:
            b.insert(_SPAN)
        if rtl == "visual" and span.is_rtl:
            b.replace(span.start, span.end, display_safe(shape_for_display(span.text)))
        else:
            copy_for_display(b, span.start, span.end)
        glossed = span.status is GlossStatus.OK
        label = display_safe(f"[{gloss_label(span)}]")
        if color:
            b.insert(_RESET + " " + (_GLOSS if glossed else _MISSING) + label + _RESET)
        else:
            b.insert(" " + label)
        note = rendering_note(span)
        if note:
            b.insert(" " + (_NOTE if color else "") + display_safe(f"[{note}]") + (_RESET if color else ""))
    copy_for_display(b, b.original_position, len(doc.text))


PLAIN_TEXT = "text/plain; charset=utf-8"
INLINE_FORMAT = Format("inline", write_inline, PLAIN_TEXT)
REPLACE_FORMAT = Format("replace", write_replace, PLAIN_TEXT)
MARKDOWN_FORMAT = Format("markdown", write_markdown, "text/markdown; charset=utf-8")
TERMINAL_FORMAT = Format("terminal", write_terminal, PLAIN_TEXT)
