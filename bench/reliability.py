"""Reliability measurements for multiling: bad inputs, kill -9 + resume, memory on huge inputs, fsync cost.

Not part of the test suite (it runs for minutes). Every figure in docs/readme/reliability.md comes from here:

    python bench/reliability.py bad-inputs
    python bench/reliability.py batch-outputs --trials 20
    python bench/reliability.py kill --records 2000 --kills 20
    python bench/reliability.py memory-doc --mb 100
    python bench/reliability.py memory-jsonl --lines 1000000
    python bench/reliability.py fsync --records 20000
    python bench/reliability.py render-scale --mb 1 4 16 --kinds news alternating

Each prints one JSON object per measurement on stdout. Memory is the peak resident set size (VmHWM) of a
fresh child process doing only that job. The FLORES-200 dev sentences come from ../shared/data/flores200-dev
(relative to the repository root; override with MULTILING_FLORES_DIR).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.memory import peak_rss_mib  # noqa: E402

FLORES = Path(os.environ.get("MULTILING_FLORES_DIR", REPO.parent / "shared" / "data" / "flores200-dev"))
LANGS = ["ar", "ru", "fr", "de", "zh", "hi", "he", "fa", "es", "uk", "ja", "el"]


def _emit(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def _peak_rss_mb() -> float:
    return round(peak_rss_mib(), 1)


# ------------------------------------------------------------------------------------------------ inputs


def _sentences() -> dict[str, list[str]]:
    if not FLORES.is_dir():
        sys.exit(f"FLORES-200 dev not found at {FLORES}; set MULTILING_FLORES_DIR")
    return {lang: (FLORES / f"{lang}.txt").read_text(encoding="utf-8").splitlines() for lang in ["en", *LANGS] if (FLORES / f"{lang}.txt").exists()}


def _paragraphs(rng: random.Random, sentences: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    foreign = [lang for lang in sentences if lang != "en"]
    while True:
        if seeds and rng.random() < 0.05:
            yield rng.choice(seeds).strip()
            continue
        parts = []
        for _ in range(rng.randint(2, 6)):
            index = rng.randrange(len(sentences["en"]))
            parts.append(sentences["en"][index])
            if rng.random() < 0.35:
                lang = rng.choice(foreign)
                parts.append(f"The quote read «{sentences[lang][index]}».")
        yield " ".join(parts)


def build_document(path: Path, megabytes: float, seed: int = 0) -> int:
    """A news-like document of ``megabytes`` MB: FLORES sentences (English with foreign quotes) and seed articles."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as stream:
        for number, paragraph in enumerate(_paragraphs(rng, _sentences())):
            block = paragraph + ("\r\n\r\n" if number % 7 == 3 else "\n\n")
            stream.write(block)
            written += len(block.encode("utf-8"))
            if written >= target:
                break
    return written


def build_jsonl(path: Path, lines: int, seed: int = 0) -> int:
    """``lines`` records ``{"id", "text"}``, each a short paragraph, with a few bad lines sprinkled in."""
    rng = random.Random(seed)
    paragraphs = _paragraphs(rng, _sentences())
    with open(path, "w", encoding="utf-8") as stream:
        for number in range(lines):
            if number % 100_000 == 99_999:
                stream.write('{"id": "broken-%d", "text": 12}\n' % number)
                continue
            text = next(paragraphs)[:400]
            stream.write(json.dumps({"id": f"r{number}", "text": text}, ensure_ascii=False) + "\n")
    return path.stat().st_size


# ------------------------------------------------------------------------------------------------ bad inputs


def bad_input_catalogue() -> list[tuple[str, str, bytes]]:
    """``(name, kind, bytes)``: kind ``text`` goes through ``segment``/``annotate``, ``jsonl`` through ``annotate``."""
    import codecs

    article = "He said «bonjour à tous» and «مرحبا بالعالم» today.\n"
    text_cases = {
        "nul-byte": b"abc\x00def",
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "elf": b"\x7fELF\x02\x01\x01" + bytes(64),
        "control-bytes": bytes(range(1, 32)) * 10,
        "invalid-utf8-lone-continuation": b"abc \x80 def",
        "invalid-utf8-truncated-sequence": b"caf\xc3",
        "invalid-utf8-overlong": b"\xc0\xafetc",
        "invalid-utf8-surrogate-encoded": b"\xed\xa0\x80 x",
        "latin1": "café déjà vu".encode("latin-1"),
        "utf16-le-bom": codecs.BOM_UTF16_LE + article.encode("utf-16-le"),
        "utf16-be-bom": codecs.BOM_UTF16_BE + article.encode("utf-16-be"),
        "utf32-le-bom": codecs.BOM_UTF32_LE + article.encode("utf-32-le"),
        "utf16-without-bom": article.encode("utf-16-le"),
        "utf16-odd-length": codecs.BOM_UTF16_LE + article.encode("utf-16-le")[:-1],
        "utf8-bom": codecs.BOM_UTF8 + article.encode(),
        "empty": b"",
        "only-bom": codecs.BOM_UTF8,
        "only-newlines": b"\r\n\r\n\n\r",
        "crlf": article.replace("\n", "\r\n").encode() * 3,
        "cr-only": article.replace("\n", "\r").encode() * 3,
        "bidi-trojan-source": "if (access != \u202e\u2066 admin \u2069\u2066) said «مرحبا\u200f بالعالم»\u202c\n".encode(),
        "zwj-tatweel-marks": "عـــربي كِتَابٌ नमस्ते\u200dदुनिया 👩🏽\u200d💻 ❤\ufe0f e\u0301\u0301\n".encode(),
        "lone-combining-marks": "\u0301\u0301\u064e start\n".encode(),
        "variation-selectors-only": "\ufe0f\ufe0e\U000e0100\n".encode(),
        "huge-line": ("word " * 200_000).encode(),
        "many-blank-lines": b"\n" * 100_000 + b"x",
        "path-in-text": b"/etc/passwd file:///etc/shadow https://example.org/x.txt\n",
        "html-script": b"<script>alert(1)</script> \xc2\xabbonjour\xc2\xbb &amp; <b>\n",
        "private-use-and-unassigned": "\ue000\U0010fffd\u0378 text\n".encode(),
        "noncharacters": "\ufffe\uffff\U0001fffe x\n".encode(),
        "replacement-char": "\ufffd\ufffd text\n".encode(),
    }
    jsonl_cases = {
        "jsonl-lone-surrogate": b'{"id": "a", "text": "\\ud800 x"}\n',
        "jsonl-lone-low-surrogate-id": b'{"id": "\\udc00", "text": "x"}\n',
        "jsonl-missing-text": b'{"id": "a"}\n',
        "jsonl-null-text": b'{"id": "a", "text": null}\n',
        "jsonl-number-text": b'{"id": "a", "text": 5}\n',
        "jsonl-list-text": b'{"id": "a", "text": ["x"]}\n',
        "jsonl-object-text": b'{"id": "a", "text": {"x": 1}}\n',
        "jsonl-bad-id": b'{"id": [1], "text": "x"}\n',
        "jsonl-bool-id": b'{"id": false, "text": "x"}\n',
        "jsonl-duplicate-ids": b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n',
        "jsonl-blank-lines": b'\n\n{"id": "a", "text": "x"}\n   \n\r\n',
        "jsonl-truncated-last-line": b'{"id": "a", "text": "x"}\n{"id": "b", "te',
        "jsonl-not-json": b"hello world\n",
        "jsonl-array": b"[1, 2, 3]\n",
        "jsonl-deep-nesting": b"[" * 100_000 + b"\n",
        "jsonl-invalid-utf8-in-line": b'{"id": "a", "text": "caf\xe9"}\n',
        "jsonl-nul-in-line": b'{"id": "ok", "text": "fine"}\n' + b"x" * 9000 + b'\n{"id": "a", "text": "x\x00"}\n',
        "jsonl-huge-number": b'{"id": 1' + b"0" * 5000 + b', "text": "x"}\n',
        "jsonl-nan": b'{"id": "a", "text": NaN}\n',
        "jsonl-utf16-bom": codecs.BOM_UTF16_LE + '{"id": "a", "text": "שלום"}\n'.encode("utf-16-le"),
        "jsonl-crlf": b'{"id": "a", "text": "x"}\r\n{"id": "b", "text": "y"}\r\n',
        "jsonl-text-with-controls": json.dumps({"id": "a", "text": "\u202e\u2066x\u2069\u202c\u200d\u0640\x0b"}).encode() + b"\n",
        "jsonl-id-is-path": b'{"id": "../../etc/passwd", "text": "x"}\n',
        "jsonl-empty-object": b"{}\n",
        "jsonl-binary-file": bytes(range(256)) * 4,
        "jsonl-nul-in-first-line": b'{"id": "a", "text": "x\x00"}\n{"id": "ok", "text": "fine"}\n',
        "jsonl-utf16-bad-line": codecs.BOM_UTF16_LE + '{"id": "a", "text": "'.encode("utf-16-le") + b"\x00\xd8"
                                + '"}\n{"id": "b", "text": "fine"}\n'.encode("utf-16-le"),
    }
    return [(name, "text", data) for name, data in text_cases.items()] + [(name, "jsonl", data) for name, data in jsonl_cases.items()]


def cmd_bad_inputs(args: argparse.Namespace) -> None:
    from click.testing import CliRunner

    from multiling.cli import main

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    runner = CliRunner()
    tried = crashes = 0
    outcomes: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind, data in bad_input_catalogue():
            source = Path(tmp) / (name + (".jsonl" if kind == "jsonl" else ".txt"))
            source.write_bytes(data)
            invocations = [["segment", str(source)], ["segment", "--errors", "replace", str(source)]] if kind == "text" else [["segment", "--format", "jsonl", str(source)]]
            for fmt in (["terminal", "html", "json"] if kind == "text" else ["jsonl"]):
                out = ["--out", str(Path(tmp) / f"{name}.{fmt}.out")] if kind == "jsonl" else []
                invocations.append(["annotate", str(source), "--format", fmt, "--offline", "--no-cache", "-q", *out])
                invocations.append(["annotate", str(source), "--format", fmt, "--errors", "replace", "--offline", "--no-cache", "-q", *out])
            if kind == "jsonl":
                invocations.append(["annotate", str(source), "--format", "jsonl", "--resume", "--out", str(Path(tmp) / f"{name}.resume.jsonl"), "--offline", "--no-cache", "-q"])
            for argv in invocations:
                tried += 1
                result = runner.invoke(main, argv, catch_exceptions=True)
                crashed = result.exit_code not in (0, 1, 2) or (result.exception is not None and not isinstance(result.exception, SystemExit)) or "Traceback" in result.output
                if crashed:
                    crashes += 1
                    _emit({"crash": name, "argv": argv[:2], "exit": result.exit_code, "exception": repr(result.exception)[:300]})
                outcomes.setdefault(name, []).append(result.exit_code)
    _emit({"measure": "bad-inputs", "inputs": len(outcomes), "invocations": tried, "crashes": crashes,
           "exit_codes": {name: sorted(set(codes)) for name, codes in outcomes.items()}})


# ------------------------------------------------------------------------------------------------ batch outputs


def cmd_batch_outputs(args: argparse.Namespace) -> None:
    """Batch runs that must lose no output (issue 11 items 4-8, 15, 17), each class tried ``--trials`` times with
    random contents: a bad file among good ones, same stems, JSONL into a directory, file modes, a NUL at any
    position of a JSONL file, a bad line in UTF-16 JSONL, a FIFO, a full disk."""
    import codecs
    import threading

    from click.testing import CliRunner

    from multiling.cli import main

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rng = random.Random(args.seed)
    runner = CliRunner()
    offline = ["--offline", "--no-cache", "-q"]
    counts = {"scenarios": 0, "outputs_expected": 0, "outputs_lost": 0, "silent_overwrites": 0, "wrong_modes": 0,
              "position_dependent": 0, "messages_without_path": 0}
    failures: list[str] = []

    def words(n: int) -> str:
        return " ".join(rng.choice(["the", "minister", "said", "today", "bonjour", "مرحبا", "мир", "news"]) for _ in range(n))

    def annotate(*argv: str, input: str | None = None):  # type: ignore[no-untyped-def]
        counts["scenarios"] += 1
        return runner.invoke(main, ["annotate", *argv, *offline], input=input, catch_exceptions=True)

    old_umask = os.umask(0o022)
    try:
        for trial in range(args.trials):
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                # a bad file among good ones, some sharing a stem in other folders
                good = []
                for _ in range(rng.randint(2, 6)):
                    folder = root / "in" / rng.choice(["x", "y", "z"])
                    folder.mkdir(parents=True, exist_ok=True)
                    path = folder / f"doc{rng.randint(0, 2)}.txt"
                    if path.exists():
                        continue
                    path.write_text(words(rng.randint(3, 30)) + "\n", encoding="utf-8")
                    good.append(path)
                (root / "in" / "x").mkdir(parents=True, exist_ok=True)
                bad = root / "in" / "x" / "bad.txt"
                bad.write_bytes(b"caf\xe9 " + words(3).encode())
                out = root / "out"
                result = annotate(*map(str, good), str(bad), "--format", "html", "--out", str(out) + "/")
                written = sorted(out.rglob("*.html"))
                counts["outputs_expected"] += len(good)
                counts["outputs_lost"] += max(0, len(good) - len(written))
                counts["silent_overwrites"] += len(good) - len({p.read_text(encoding="utf-8") for p in written}) if len(written) == len(good) else 0
                counts["wrong_modes"] += sum(stat_mode(p) != 0o644 for p in written)
                if result.exit_code != 2:
                    failures.append(f"trial {trial}: bad file among good ones exited {result.exit_code}")
                # JSONL into a directory, a NUL byte at a random line
                records = [json.dumps({"id": f"r{n}", "text": words(rng.randint(1, 40))}, ensure_ascii=False) for n in range(rng.randint(1, 300))]
                nul_at = rng.randrange(len(records))
                records[nul_at] = '{"id": "nul", "text": "a\x00b"}'
                (root / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
                annotate(str(root / "records.jsonl"), "--out", str(root / "jout") + "/")
                lines = [json.loads(line) for line in (root / "jout" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
                counts["outputs_expected"] += len(records)
                counts["outputs_lost"] += len(records) - len(lines)
                errors = [line for line in lines if "error" in line]
                counts["position_dependent"] += not (len(errors) == 1 and errors[0]["error"]["kind"] == "binary")
                # UTF-16 JSONL with one undecodable line
                wide = [json.dumps({"id": f"w{n}", "text": words(3)}) + "\n" for n in range(rng.randint(1, 50))]
                broken = rng.randrange(len(wide))
                data = codecs.BOM_UTF16_LE + b"".join(
                    line.encode("utf-16-le") if n != broken else line[:-3].encode("utf-16-le") + b"\x00\xd8" + line[-3:].encode("utf-16-le")
                    for n, line in enumerate(wide))
                (root / "wide.jsonl").write_bytes(data)
                annotate(str(root / "wide.jsonl"), "--out", str(root / "wide.out.jsonl"))
                lines = [json.loads(line) for line in (root / "wide.out.jsonl").read_text(encoding="utf-8").splitlines()]
                counts["outputs_expected"] += len(wide)
                counts["outputs_lost"] += len(wide) - len(lines)
                counts["position_dependent"] += sum("error" in line for line in lines) != 1
                # a FIFO
                if hasattr(os, "mkfifo"):
                    fifo = root / "pipe"
                    os.mkfifo(fifo)
                    text = words(10) + "\n"
                    feeder = threading.Thread(target=Path(fifo).write_text, args=(text,), kwargs={"encoding": "utf-8"})
                    feeder.start()
                    result = annotate(str(fifo), "--format", "inline")
                    feeder.join()
                    counts["outputs_expected"] += 1
                    counts["outputs_lost"] += not result.stdout.startswith(text.split()[0])  # glosses may follow
                # a full disk
                if Path("/dev/full").exists():
                    result = annotate("-", "--input-format", "jsonl", "--out", "/dev/full", input=records[0] + "\n")
                    counts["messages_without_path"] += "/dev/full" not in result.stderr
    finally:
        os.umask(old_umask)
    _emit({"measure": "batch-outputs", "trials": args.trials, **counts, "failures": failures[:10]})


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# ------------------------------------------------------------------------------------------------ kill -9


def _cli() -> list[str]:
    script = shutil.which("multiling", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "multiling.cli"]


def cmd_kill(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        build_jsonl(source, args.records, seed=args.seed)
        ids = []
        for line in source.read_text(encoding="utf-8").splitlines():
            ids.append(json.loads(line)["id"])
        command = _cli() + ["annotate", str(source), "--format", "jsonl", "--out", str(out), "--resume", "--no-cache", "-q", "--offline"]
        if args.model:
            command += ["--model", args.model]
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        started = time.perf_counter()
        partial_lines_cut = 0
        for _ in range(args.kills):
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(args.min_wait, args.max_wait))
            process.send_signal(signal.SIGKILL)
            process.wait()
            if out.exists() and out.stat().st_size and not out.read_bytes().endswith(b"\n"):
                partial_lines_cut += 1
        final = subprocess.run(command, env=env, capture_output=True, text=True)
        data = out.read_bytes()
        written = [json.loads(line).get("id") for line in data.decode("utf-8").splitlines()]
        expected = {f"line-{i + 1}" if i_id is None else i_id for i, i_id in enumerate(ids)}
        _emit({"measure": "kill-9-resume", "records": len(ids), "kills": args.kills, "final_exit": final.returncode,
               "kills_that_left_a_partial_line": partial_lines_cut, "ids_written": len(written),
               "lost": len(expected - set(written)), "duplicated": len(written) - len(set(written)),
               "ends_with_newline": data.endswith(b"\n"), "seconds": round(time.perf_counter() - started, 1)})


# ------------------------------------------------------------------------------------------------ memory


def _child(argv: list[str]) -> dict:
    result = subprocess.run([sys.executable, __file__, "_child", *argv], capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if result.returncode != 0:
        raise SystemExit(f"child failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def cmd_memory_doc(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        path = Path(tmp) / "big.txt"
        size = build_document(path, args.mb)
        baseline = _child(["baseline"])
        result = _child(["segment-large", str(path), str(args.chunk_chars)])
        _emit({"measure": "memory-100mb-document", "bytes": size, **result, "baseline_peak_rss_mb": baseline["peak_rss_mb"]})


def cmd_memory_jsonl(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for lines in args.lines:
            path = Path(tmp) / f"in-{lines}.jsonl"
            size = build_jsonl(path, lines)
            for mode in args.modes:
                result = _child(["jsonl", mode, str(path), str(Path(tmp) / f"out-{lines}-{mode}.jsonl")])
                _emit({"measure": f"memory-jsonl-{mode}", "lines": lines, "bytes": size, **result})


def _child_main(argv: list[str]) -> None:
    job = argv[0]
    started = time.perf_counter()
    if job == "baseline":
        from multiling.segment import segment

        segment("warm up «bonjour» مرحبا")
        _emit({"peak_rss_mb": _peak_rss_mb()})
        return
    if job == "segment-large":
        from multiling.chunking import segment_large
        from multiling.io import iter_text

        path, chunk_chars = argv[1], int(argv[2])
        stream = iter_text(path)
        spans = foreign = 0
        with open(os.devnull, "w", encoding="utf-8") as sink:
            for span in segment_large(stream, chunk_chars=chunk_chars):
                spans += 1
                foreign += span.is_foreign
                sink.write(json.dumps(span.to_dict(), ensure_ascii=False) + "\n")
        _emit({"code_points": stream.chars, "spans": spans, "foreign_spans": foreign, "chunk_chars": chunk_chars,
               "seconds": round(time.perf_counter() - started, 1), "peak_rss_mb": _peak_rss_mb()})
        return
    if job == "render-scale":
        _render_scale_child(argv[1], argv[2].split(","), library=len(argv) > 3 and argv[3] == "library")
        return
    if job == "jsonl":
        mode, source, out = argv[1], argv[2], argv[3]
        from multiling.batch import run_jsonl, run_jsonl_many

        if mode == "read":
            summary = run_jsonl(source, out, lambda record: {"chars": len(record.text)})
        elif mode == "segment":
            from multiling.segment import segment

            summary = run_jsonl(source, out, lambda record: {"spans": [s.to_dict() for s in segment(record.text) if s.is_foreign]})
        elif mode == "pipeline":
            from multiling.pipeline import Pipeline
            from multiling.types import Gloss, GlossStatus

            class Echo:
                """A test double: every span glossed as its own text (no model)."""

                def gloss(self, items):  # type: ignore[no-untyped-def]
                    return [Gloss(text, GlossStatus.OK, model="echo") for text, _ in items]

            pipeline = Pipeline(translator=Echo())

            def process_many(items):  # type: ignore[no-untyped-def]
                from multiling.batch import document_error_line
                from multiling.pipeline import DocumentError

                for result in pipeline.annotate_many(items, on_error="yield"):
                    yield document_error_line(result) if isinstance(result, DocumentError) else result.to_dict()

            summary = run_jsonl_many(source, out, process_many)
        else:
            raise SystemExit(f"unknown mode {mode}")
        _emit({"processed": summary.processed, "failed": summary.failed, "seconds": round(time.perf_counter() - started, 1),
               "peak_rss_mb": _peak_rss_mb()})
        return
    raise SystemExit(f"unknown child job {job}")


# ------------------------------------------------------------------------------------------------ render scale


def build_alternating(path: Path, megabytes: float, seed: int = 0) -> int:
    """One document of words alternating across scripts (Latin, Arabic, Cyrillic, Hebrew): a span every few words."""
    rng = random.Random(seed)
    words = ["the", "minister", "said", "مرحبا", "بالعالم", "привет", "мир", "and", "שלום", "today", "«quoted»", "2022"]
    target = int(megabytes * 1_000_000)
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as stream:
        while written < target:
            line = " ".join(rng.choice(words) for _ in range(rng.randint(5, 40))) + ".\n"
            stream.write(line)
            written += len(line.encode("utf-8"))
    return written


_RENDER_KINDS = {"news": build_document, "alternating": build_alternating}
_ALL_FORMATS = ["json", "jsonl", "webanno", "html", "inline", "replace", "markdown", "terminal"]


def cmd_render_scale(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for kind in args.kinds:
            for mb in args.mb:
                path = Path(tmp) / f"{kind}-{mb}.txt"
                size = _RENDER_KINDS[kind](path, mb)
                result = _child(["render-scale", str(path), ",".join(args.formats), "library" if args.library else "stream"])
                megabytes = size / 1e6
                peak = max(result["annotate_peak_rss_mb"], *(result[fmt]["peak_rss_mb"] for fmt in args.formats))
                ratios = {
                    # peak RSS less the RSS after imports, and less the RSS after warming on the input's beginning
                    "x_input_after_imports": round((peak - result["baseline_rss_mb"]) / megabytes, 1),
                    "x_input_after_warmup": round((peak - result["warm_rss_mb"]) / megabytes, 1),
                }
                if "json" in args.formats:
                    cpu = result["annotate_cpu_s"] + result["json"]["cpu_s"]
                    ratios["annotate_json_mb_per_cpu_s"] = round(megabytes / cpu, 2)
                _emit({"measure": "render-scale", "kind": kind, "mb": mb, "bytes": size, **ratios, **result})


def _reset_peak_rss() -> None:
    """Make VmHWM start again from the current RSS (Linux ≥ 4.0), so each stage's peak is its own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


#: Code points of the input's own beginning a render-scale child annotates first, to load what is loaded once.
WARM_CHARS = 65_536


def _render_scale_child(path: str, formats: list[str], library: bool = False) -> None:
    """Annotate one big document (echo glosses) then write it in each format: CPU seconds and peak RSS per stage.

    Each format is written as ``multiling annotate --out FILE`` writes it (``write_rendering``: piece by piece into
    the file, no offset map), or with ``library`` built as ``render(doc, fmt)`` returns it (text + offset map).

    Two baselines: the RSS after imports and a one-line warm-up (``baseline_rss_mb``, the old one), and the RSS
    after also annotating the first :data:`WARM_CHARS` code points of the same input (``warm_rss_mb``): the word
    lists and n-gram models its languages need, loaded on first use, and the segmenter's bounded caches are then
    in memory, so ``peak - warm`` is what grows with the input. ``segment_peak_rss_mb`` is the peak when the
    segmenter has returned (before glossing and merging), ``segment_cpu_s`` its share of ``annotate_cpu_s``.
    """
    import gc

    from bench.memory import rss_mib
    from multiling.io import read_text
    from multiling.pipeline import Pipeline, annotate
    from multiling.render import render, write_rendering
    from multiling.segment import segmenter as segmenter_module

    annotate("warm up «bonjour à tous» مرحبا بالعالم", translator=_EchoTranslator())
    baseline = rss_mib()
    text, _ = read_text(path)
    cut = text.rfind("\n", 0, WARM_CHARS) + 1 or WARM_CHARS
    annotate(text[:cut], translator=_EchoTranslator())
    gc.collect()
    warm = rss_mib() - sys.getsizeof(text) / 2**20  # less the text itself: it grows with the input
    stages: dict = {}

    spans_to_merge = segmenter_module.spans_to_merge

    def timed_spans_to_merge(document: str, posts: list) -> list:
        # The call the pipeline makes with its default segmenter (as the CLI runs it), timed.
        started = time.process_time()
        spans = spans_to_merge(document, posts)
        stages["segment_cpu_s"] = round(time.process_time() - started, 2)
        stages["segment_peak_rss_mb"] = _peak_rss_mb()
        return spans

    segmenter_module.spans_to_merge = timed_spans_to_merge  # type: ignore[assignment]
    started = time.process_time()
    try:
        doc = Pipeline(translator=_EchoTranslator()).annotate(text)
    finally:
        segmenter_module.spans_to_merge = spans_to_merge  # type: ignore[assignment]
    out: dict = {"spans": len(doc.spans), "baseline_rss_mb": round(baseline, 1), "warm_rss_mb": round(warm, 1),
                 "annotate_cpu_s": round(time.process_time() - started, 2), "annotate_peak_rss_mb": _peak_rss_mb(),
                 **stages, "writer": "render" if library else "stream"}
    for fmt in formats:
        options = {"color": False} if fmt == "terminal" else {}
        gc.collect()
        _reset_peak_rss()
        before = rss_mib()
        started = time.process_time()
        if library:
            rendering = render(doc, fmt, **options)
            chars, segments = len(rendering.text), len(rendering.offset_map.segments)
            del rendering
        else:
            with open(os.devnull, "w", encoding="utf-8") as sink:
                counter = _CountingWriter(sink.write)
                write_rendering(doc, fmt, counter.write, **options)
            chars, segments = counter.chars, None
        seconds = time.process_time() - started
        out[fmt] = {"cpu_s": round(seconds, 2), "peak_rss_mb": _peak_rss_mb(), "added_mb": round(_peak_rss_mb() - before, 1),
                    "output_chars": chars, "segments": segments}
    _emit(out)


class _CountingWriter:
    """Passes text on to ``write`` and counts its characters."""

    def __init__(self, write) -> None:  # type: ignore[no-untyped-def]
        self._write = write
        self.chars = 0

    def write(self, piece: str) -> None:
        self.chars += len(piece)
        self._write(piece)


class _EchoTranslator:
    """A test double: every span glossed as its own text reversed (no model)."""

    def gloss(self, items):  # type: ignore[no-untyped-def]
        from multiling.types import Gloss, GlossStatus

        return [Gloss(text[::-1], GlossStatus.OK, model="echo-test-double") for text, _ in items]


# ------------------------------------------------------------------------------------------------ fsync


def cmd_fsync(args: argparse.Namespace) -> None:
    from multiling.io import JsonlWriter

    record = {"text": "He said «bonjour à tous» and «مرحبا بالعالم» today." * 4}
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for every in (0, 1000, 100, 1):
            path = Path(tmp) / f"o{every}.jsonl"
            started = time.perf_counter()
            with JsonlWriter(path, fsync_every=every) as writer:
                for number in range(args.records):
                    writer.write({"id": f"r{number}", **record})
            seconds = time.perf_counter() - started
            _emit({"measure": "jsonl-write-cost", "fsync_every": every, "records": args.records,
                   "microseconds_per_record": round(seconds / args.records * 1e6, 1)})


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        _child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("bad-inputs").set_defaults(run=cmd_bad_inputs)
    outputs = sub.add_parser("batch-outputs", help="batch runs that must lose no output (issue 11 items 4-8, 15, 17)")
    outputs.add_argument("--trials", type=int, default=20)
    outputs.add_argument("--seed", type=int, default=1123)
    outputs.set_defaults(run=cmd_batch_outputs)
    kill = sub.add_parser("kill")
    kill.add_argument("--records", type=int, default=2000)
    kill.add_argument("--kills", type=int, default=20)
    kill.add_argument("--min-wait", type=float, default=0.3)
    kill.add_argument("--max-wait", type=float, default=3.0)
    kill.add_argument("--seed", type=int, default=0)
    kill.add_argument("--model", default=None, help="a model directory (e.g. a tiny Marian) for --model")
    kill.set_defaults(run=cmd_kill)
    doc = sub.add_parser("memory-doc")
    doc.add_argument("--mb", type=float, default=100)
    doc.add_argument("--chunk-chars", type=int, default=1_000_000)
    doc.add_argument("--tmp", default=None)
    doc.set_defaults(run=cmd_memory_doc)
    jsonl = sub.add_parser("memory-jsonl")
    jsonl.add_argument("--lines", type=int, nargs="+", default=[1_000_000])
    jsonl.add_argument("--modes", nargs="+", default=["read"], choices=["read", "segment", "pipeline"])
    jsonl.add_argument("--tmp", default=None)
    jsonl.set_defaults(run=cmd_memory_jsonl)
    fsync = sub.add_parser("fsync")
    fsync.add_argument("--records", type=int, default=20000)
    fsync.add_argument("--tmp", default=None)
    fsync.set_defaults(run=cmd_fsync)
    scale = sub.add_parser("render-scale", help="annotate one big document, then render it in every format")
    scale.add_argument("--mb", type=float, nargs="+", default=[0.5, 1, 2, 4, 16])
    scale.add_argument("--kinds", nargs="+", default=list(_RENDER_KINDS), choices=list(_RENDER_KINDS))
    scale.add_argument("--formats", nargs="+", default=_ALL_FORMATS, choices=_ALL_FORMATS)
    scale.add_argument("--library", action="store_true",
                       help="build each rendering with its offset map (render()) instead of writing it as the CLI does")
    scale.add_argument("--tmp", default=None)
    scale.set_defaults(run=cmd_render_scale)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
