"""Fuzz multiling for minutes (not in CI): the segmenter, chunked segmentation, the JSONL reader, the renderers.

    python bench/fuzz.py --minutes 5                 # every target, time shared
    python bench/fuzz.py --minutes 2 --target jsonl  # one target

Driven by hypothesis (no atheris build needed): the strategies of tests/_mixed_text.py (six scripts, punctuation,
emoji with ZWJ/flags/skin tones, bidi controls, joiners, tatweel, marks, selectors, CR/CRLF) plus arbitrary
code points, and random bytes spliced into JSONL. Every example checks the invariants, and any exception is a
crash. Each failure is shrunk by hypothesis and written to ``--crash-dir`` (default $TMPDIR/multiling-fuzz-crashes/) as a
JSON reproducer: turn it into a test in tests/regressions/ (or report it to the owner of the code).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from _mixed_text import BIDI_CONTROLS, wild_text  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# The segmenter's line breaks: exactly what str.splitlines() splits on.
_LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def check_segment(text: str) -> None:
    from multiling.segment import segment, segment_tiling
    from multiling.types import check_spans

    spans = segment(text)
    check_spans(text, spans)
    for span in spans:
        assert not span.text[0].isspace() and not span.text[-1].isspace(), f"untrimmed {span}"
        assert not (_LINE_BREAKS & set(span.text)), f"line break inside {span}"
        assert span.text[0] not in BIDI_CONTROLS and span.text[-1] not in BIDI_CONTROLS, f"bidi control at edge {span}"
    assert "".join(p.text for p in segment_tiling(text)) == text
    assert segment(text) == spans, "not deterministic"


def check_chunked(text: str) -> None:
    from multiling.chunking import segment_large
    from multiling.types import check_spans

    for chunk_chars in (2, 7, 64):
        check_spans(text, list(segment_large(text, chunk_chars)))


_json_piece = st.one_of(
    st.just('{"id": "a", "text": "x"}'),
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}, ensure_ascii=False), st.one_of(st.text(max_size=5), st.integers(), st.none()), wild_text),
    st.builds(lambda t: json.dumps({"text": t}), wild_text),  # ensure_ascii: \\uXXXX escapes, surrogate pairs
    st.sampled_from(["", " ", "{", "}", "[", '"', "\\ud800", "\\udc00", '"text":', "null", "NaN", "1e999", ",", ":"]),
)
_jsonl_bytes = st.lists(
    st.one_of(_json_piece.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=12)), max_size=12
).map(lambda parts: b"".join(p + (b"\n" if i % 2 else b"") for i, p in enumerate(parts)))


def check_jsonl(data: bytes) -> None:
    from multiling.errors import BinaryInputError
    from multiling.io import Record, RecordError, iter_records

    for errors in ("strict", "replace"):
        try:
            items = list(iter_records(io.BytesIO(data), errors=errors))  # type: ignore[arg-type]
        except BinaryInputError:
            return
        seen = set()
        for item in items:
            assert isinstance(item, (Record, RecordError))
            key = item.output_id if isinstance(item, RecordError) else item.id
            assert key not in seen, f"id {key!r} twice"
            seen.add(key)
            if isinstance(item, Record):
                item.text.encode("utf-8")  # never a lone surrogate
                item.id.encode("utf-8")
            else:
                json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")


class _Hostile:
    def gloss(self, items: Sequence[tuple[str, str]]):  # type: ignore[no-untyped-def]
        from multiling.types import Gloss, GlossStatus

        return [Gloss(f'<script>alert("x")</script>&\u202e\n{text[:3]}', GlossStatus.OK, model="fuzz") for text, _ in items]


def check_render(text: str) -> None:
    from multiling.pipeline import annotate
    from multiling.render import FORMATS, render

    doc = annotate(text, id="fuzz", translator=_Hostile())
    for fmt in FORMATS:
        rendering = render(doc, fmt, **({"color": False, "rtl": "logical"} if fmt == "terminal" else {}))
        ranges = [(s.start, s.end) for s in doc.spans] + ([] if fmt == "webanno" else [(0, len(text))])
        for start, end in ranges:
            assert rendering.to_original(*rendering.to_rendered(start, end)) == (start, end), (fmt, start, end)
        if fmt == "html":
            assert 'alert("x")' not in rendering.text, "gloss not escaped in HTML"


# Terminal attacks spliced into article text, glosses and record ids: OSC 52 (clipboard), OSC 8 (hidden link),
# clear screen, hidden text, C1 CSI/OSC, bare CR, backspaces, DEL.
_ESCAPES = ["\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b]8;;http://x.example/\x1b\\", "\x1b[2J", "\x1b[8m", "\u009b2J",
            "\u009d52;c;eA==\u009c", "\rEVIL", "\x08\x08", "\x7f", "\x1bP+q\x1b\\"]
_escape_case = st.tuples(wild_text, st.lists(st.sampled_from(_ESCAPES), min_size=1, max_size=4), st.integers(0, 2**16))


def check_escapes(case: tuple[str, list[str], int]) -> None:
    """Every escape sequence in article, gloss or id reaches a terminal only in visible form (issue 11 item 1)."""
    from multiling.pipeline import annotate
    from multiling.render import FORMATS, display_safe, render
    from multiling.render.display import DISPLAY_UNSAFE
    from multiling.types import Gloss, GlossStatus

    base, attacks, seed = case
    cut = seed % (len(base) + 1)
    text = base[:cut] + "".join(attacks) + " «مرحبا بالعالم» " + base[cut:]

    class Injecting:
        def gloss(self, items):  # type: ignore[no-untyped-def]
            return [Gloss(f"{attacks[0]}{t[:3]}{attacks[-1]}", GlossStatus.OK, model="fuzz") for t, _ in items]

    doc = annotate(text, id="id" + attacks[0], translator=Injecting())
    for color in (True, False):
        shown = render(doc, "terminal", color=color, rtl="visual" if color else "logical").text
        left = [m.group() for m in DISPLAY_UNSAFE.finditer(shown)]
        assert len(left) == (shown.count("\x1b[") if color else 0), f"raw control in terminal output: {left[:3]}"
    for fmt in FORMATS:
        rendered = render(doc, fmt, **({"color": False} if fmt == "terminal" else {})).text
        assert not DISPLAY_UNSAFE.search(display_safe(rendered)), fmt  # what annotate prints on a TTY
        if fmt in ("json", "jsonl", "webanno"):
            assert not DISPLAY_UNSAFE.search(rendered), f"{fmt} carries a raw control"


TARGETS: dict[str, tuple[Callable, st.SearchStrategy]] = {
    "segment": (check_segment, wild_text),
    "chunked": (check_chunked, wild_text),
    "jsonl": (check_jsonl, _jsonl_bytes),
    "render": (check_render, wild_text),
    "escapes": (check_escapes, _escape_case),
}


def fuzz(target: str, seconds: float, crash_dir: Path) -> dict:
    check, strategy = TARGETS[target]
    examples = 0
    crashes: list[dict] = []
    deadline = time.monotonic() + seconds
    round_number = 0
    while time.monotonic() < deadline:
        round_number += 1
        failure: dict = {}

        @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=False)
        @given(strategy)
        def run(value):  # type: ignore[no-untyped-def]
            nonlocal examples
            examples += 1
            try:
                check(value)
            except Exception as exc:
                failure.update(value=value, error=f"{type(exc).__name__}: {exc}"[:2000], traceback=traceback.format_exc()[-4000:])  # noqa: B023 (run() is called in this same iteration)
                raise

        try:
            run()
        except Exception:
            value = failure.get("value")
            record = {"target": target, "input": value.decode("latin-1") if isinstance(value, bytes) else value,
                      "input_is_bytes_latin1": isinstance(value, bytes), "error": failure.get("error"), "traceback": failure.get("traceback")}
            if all(c["error"] != record["error"] for c in crashes):
                crashes.append(record)
                crash_dir.mkdir(parents=True, exist_ok=True)
                path = crash_dir / f"{target}-{len(crashes)}.json"
                path.write_text(json.dumps(record, ensure_ascii=True, indent=1), encoding="utf-8")
                print(f"fuzz: {target}: {record['error']} -> {path}", file=sys.stderr)
    return {"target": target, "seconds": round(seconds), "examples": examples, "crashes": len(crashes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--crash-dir", type=Path, default=Path(tempfile.gettempdir()) / "multiling-fuzz-crashes")
    args = parser.parse_args()
    targets = list(TARGETS) if args.target == "all" else [args.target]
    total = 0
    for target in targets:
        result = fuzz(target, args.minutes * 60 / len(targets), args.crash_dir)
        total += result["crashes"]
        print(json.dumps(result), flush=True)
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
