"""Terminal escape injection: control sequences in an article, a record id or a gloss are shown, never sent."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multiling.document import AnnotatedDocument
from multiling.merge import merge
from multiling.render import render
from multiling.render.display import DISPLAY_UNSAFE, display_safe
from multiling.types import Gloss, GlossStatus, Span

# Each is a real attack: clipboard write, hidden hyperlink, clear screen, hidden text, the one-byte C1 CSI,
# a carriage return that overwrites the line, backspaces that erase what was printed, a DCS string.
ATTACKS = {
    "osc52-clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "osc8-hidden-link": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "clear-screen": "\x1b[2J\x1b[H",
    "hidden-text": "\x1b[8msecret\x1b[0m",
    "c1-csi": "\u009b2J\u009b8m",
    "c1-osc": "\u009d52;c;eA==\u009c",
    "carriage-return": "safe\rEVIL",
    "backspace": "rm -rf\x08\x08\x08\x08\x08\x08ls",
    "dcs": "\x1bP+q\x1b\\",
    "del": "a\x7fb",
}


def _raw_controls(text: str) -> list[str]:
    """Characters a terminal would obey (what must never be printed)."""
    return [m.group() for m in DISPLAY_UNSAFE.finditer(text)]


@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_display_safe_leaves_no_control_character(attack: str) -> None:
    shown = display_safe(attack)
    assert _raw_controls(shown) == []
    assert "\x1b" not in shown and "\u009b" not in shown and "\r" not in shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\u241b[2J"),  # ESC shown as ␛
        ("\x00", "\u2400"),
        ("a\x7fb", "a\u2421b"),
        ("\u009b8m", "\\x9b8m"),
        ("x\ud800y", "x\\ud800y"),
        ("line\r\nnext\tcol", "line\r\nnext\tcol"),  # CRLF line ends and tabs are text, kept
        ("over\rwrite", "over\u240dwrite"),
        ("Arabic \u202eRLO\u202c and émoji 👍", "Arabic \u202eRLO\u202c and émoji 👍"),  # bidi controls are not terminal controls
    ],
)
def test_display_safe_visible_forms(raw: str, shown: str) -> None:
    assert display_safe(raw) == shown


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x2100), max_size=40))
def test_display_safe_output_has_no_control_and_is_idempotent(text: str) -> None:
    shown = display_safe(text)
    assert _raw_controls(shown) == []
    assert display_safe(shown) == shown
    shown.encode("utf-8")  # always printable to a UTF-8 terminal (no lone surrogate)


def _doc(article_attack: str, gloss_attack: str) -> AnnotatedDocument:
    text = f"He wrote {article_attack} then «مرحبا بالعالم» and left."
    start = text.index("مرحبا")
    span = Span(start, start + len("مرحبا بالعالم"), "ar", "Arab", 0.99, "مرحبا بالعالم")
    return merge(text, [span], [Gloss(f"hello {gloss_attack} world", GlossStatus.OK, model="m")], id="doc\x1b]52;c;x\x07")


@pytest.mark.parametrize("color", [True, False])
@pytest.mark.parametrize("rtl", ["logical", "visual"])
@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_render_terminal_neutralises_article_and_gloss(attack: str, color: bool, rtl: str) -> None:
    doc = _doc(attack, attack)
    rendering = render(doc, "terminal", color=color, rtl=rtl)
    controls = _raw_controls(rendering.text)
    # Only multiling's own colour codes (ESC [ digits ; m) may remain.
    own = rendering.text.count("\x1b[") if color else 0
    assert len(controls) == own
    assert all(c == "\x1b" for c in controls)
    assert display_safe(attack) in rendering.text


@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_render_terminal_offset_map_stays_exact_around_neutralised_characters(attack: str) -> None:
    doc = _doc(attack, "x")
    rendering = render(doc, "terminal", color=False)
    start = doc.text.index(attack)
    rendered = rendering.to_rendered(start, start + len(attack))
    assert rendering.text[rendered[0] : rendered[1]] == display_safe(attack)
    assert rendering.to_original(*rendered) == (start, start + len(attack))
    span = doc.spans[0]
    assert rendering.to_original(*rendering.to_rendered(span.start, span.end)) == (span.start, span.end)


@pytest.mark.parametrize("fmt", ["inline", "replace", "markdown"])
def test_text_formats_keep_the_article_characters_with_exact_maps(fmt: str) -> None:
    """A file keeps what the article says; the map still points at the control character itself."""
    attack = ATTACKS["osc52-clipboard"]
    doc = _doc(attack, "x")
    rendering = render(doc, fmt)
    start = doc.text.index(attack)
    rendered = rendering.to_rendered(start, start + len(attack))
    assert rendering.to_original(*rendered) == (start, start + len(attack))
    if fmt != "markdown":
        assert rendering.text[rendered[0] : rendered[1]] == attack


@pytest.mark.parametrize("fmt", ["json", "jsonl", "webanno", "html"])
@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_machine_formats_print_no_control_character(fmt: str, attack: str) -> None:
    """JSON escapes C0; C1, DEL and lone surrogates are escaped too (same value), HTML shows U+FFFD: safe to cat.

    HTML keeps a carriage return as text (the HTML parser reads it as a line break); no other control is left.
    """
    doc = _doc(attack + "\ud800", attack)
    rendering = render(doc, fmt)
    left = _raw_controls(rendering.text)
    assert left == (["\r"] if fmt == "html" and "\r" in attack else [])


# --- the command line: what reaches a terminal, what reaches a file -------------------------------------------------


class _Terminal(io.StringIO):
    """A stdout/stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _run(tmp_path: Path, fmt: str, records: list[dict], out: str | None = None) -> tuple[str, str]:
    from multiling.batch import run_annotate
    from multiling.pipeline import Pipeline

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    stdout, stderr = _Terminal(), _Terminal()
    run_annotate((str(source),), fmt=fmt, pipeline=Pipeline(translator=_Injecting()), out=out, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


class _Injecting:
    """A test double: each gloss carries a clipboard write and a C1 CSI; spans of one text get no gloss."""

    def gloss(self, items):  # type: ignore[no-untyped-def]
        return [Gloss(None, GlossStatus.NO_MODEL, model="t", message="no model\x1b]52;c;eA==\x07 here")
                if "لا" in text else Gloss(f"hi {ATTACKS['osc52-clipboard']}{ATTACKS['c1-csi']}", GlossStatus.OK, model="t")
                for text, _ in items]


_RECORDS = [{"id": f"id-{name}{attack}", "text": f"He wrote {attack} «مرحبا بالعالم» and «لا شيء هنا {attack}»."}
            for name, attack in ATTACKS.items()]


@pytest.mark.parametrize("fmt", ["inline", "replace", "markdown", "terminal", "json", "jsonl", "webanno", "html"])
def test_cli_annotate_on_a_terminal_shows_no_control_character(tmp_path: Path, fmt: str) -> None:
    """JSONL ids, article text, glosses and the stderr span previews: nothing a terminal would obey."""
    stdout, stderr = _run(tmp_path, fmt, _RECORDS)
    messages = "\n".join(line[line.index("multiling:"):] for line in stderr.split("\n") if "multiling:" in line)
    assert _raw_controls(stdout) == [] and _raw_controls(messages) == []  # (the progress bar's own \r is multiling's)
    assert "\u241b]52" in messages  # the preview and the reason show the escape, visibly


def test_cli_annotate_text_documents_on_a_terminal_are_shown_safely_and_kept_in_files(tmp_path: Path) -> None:
    from multiling.batch import run_annotate
    from multiling.pipeline import Pipeline

    article = tmp_path / "a.txt"
    text = f"He wrote {ATTACKS['osc8-hidden-link']} «مرحبا بالعالم» today.\n"
    article.write_text(text, encoding="utf-8")
    for fmt in ("inline", "replace", "markdown"):
        stdout = _Terminal()
        run_annotate((str(article),), fmt=fmt, pipeline=Pipeline(translator=_Injecting()), stdout=stdout, stderr=_Terminal())
        assert _raw_controls(stdout.getvalue()) == []
        out = tmp_path / f"a.{fmt}.txt"
        run_annotate((str(article),), fmt=fmt, pipeline=Pipeline(translator=_Injecting()), out=str(out), stdout=_Terminal(), stderr=_Terminal())
        kept = out.read_text(encoding="utf-8")  # a file keeps the article's characters (Markdown escapes its ] and \\)
        assert (ATTACKS["osc8-hidden-link"] in kept) if fmt != "markdown" else kept.count("\x1b") == 5
