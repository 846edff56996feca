"""Score foreign-span segmenters on real web text (bench/real/: gold written by reading, see its README).

Rows: ``multiling`` and the comparison systems of :mod:`bench.segment_bench` (``pycld2``, ``langdetect`` per
sentence, ``lingua``) on the same documents in the same run. Metrics are those of the FLORES benchmark (span F1
at IoU ≥ 0.5, exact-boundary F1, language accuracy over matched spans, char F1 over letters), plus recall per
script of the gold span and false foreign spans per 1,000 real pure-English sentences. ``dont_care`` regions
(romanised foreign sentences) are scored neither way: a prediction mostly inside one is dropped and their letters
do not count in char F1.

Speed is measured on one thread, warm (a first pass over every set stays outside the timing), on the real mixed
documents, the real pure-English sentences, and — in the same run, for comparison — FLORES-built mixed documents
and FLORES English; the ratio to pycld2 is printed when pycld2 ran.

    python bench/real_bench.py
    python bench/real_bench.py --systems multiling,pycld2 --show-errors 40
    python bench/real_bench.py --json results.json
    python bench/real_bench.py --docs bench/real-heldout/docs --english bench/real-heldout/english   # another set

Progress goes to stderr, the tables to stdout.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.codeswitch import DEFAULT_DATA, english_documents, generate_documents, load_flores
from bench.real.load import DOCS, ENGLISH, load_documents, load_english
from bench.segment_bench import (
    ALL_SYSTEMS,
    FACTORIES,
    LABELS,
    SystemResult,
    Triple,
    _collect_errors,
    _fmt,
    _mbps,
    _multiling_version,
    _timed,
    report_details,
    score_document,
)

SCRIPT_NAMES = (
    ("ARABIC", "Arabic"), ("HEBREW", "Hebrew"), ("CYRILLIC", "Cyrillic"), ("GREEK", "Greek"),
    ("CJK", "Han"), ("HIRAGANA", "Kana"), ("KATAKANA", "Kana"), ("HANGUL", "Hangul"),
    ("DEVANAGARI", "Devanagari"), ("LATIN", "Latin"),
)


def script_of(text: str) -> str:
    """The script most letters of ``text`` are in (Unicode character names; Japanese kana count as "Kana")."""
    votes: Counter[str] = Counter()
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        for prefix, script in SCRIPT_NAMES:
            if name.startswith(prefix):
                votes[script] += 1
                break
        else:
            votes[name.split(" ")[0].title() or "Other"] += 1
    return votes.most_common(1)[0][0] if votes else "Other"


def as_scored_document(doc: dict) -> dict:
    """A bench/real document in the shape :mod:`bench.segment_bench` scores (``gold`` dicts, ``lang``, ``kind``)."""
    gold = [{"start": s, "end": e, "lang": lang} for s, e, lang in doc["spans"]]
    langs = Counter(lang for _, _, lang in doc["spans"])
    return {
        "id": doc["id"],
        "text": doc["text"],
        "gold": gold,
        "dont_care": doc["dont_care"],
        "kind": doc.get("kind", "other"),
        "lang": langs.most_common(1)[0][0] if langs else "en",
    }


def drop_dont_care(pred: list[Triple], regions: Sequence[tuple[int, int]]) -> list[Triple]:
    """Predictions at least half inside a don't-care region are not scored."""
    kept = []
    for start, end, lang in pred:
        inside = sum(max(0, min(end, e) - max(start, s)) for s, e in regions)
        if not regions or inside * 2 < (end - start):
            kept.append((start, end, lang))
    return kept


def blank_regions(text: str, regions: Sequence[tuple[int, int]]) -> str:
    """``text`` with the don't-care letters turned to spaces (same length: offsets unchanged)."""
    if not regions:
        return text
    chars = list(text)
    for start, end in regions:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


class RealResult(SystemResult):
    """A :class:`SystemResult` plus per-script recall and the FLORES timings of the same run."""

    def __init__(self, name: str, n_docs: int) -> None:
        super().__init__(name, n_docs=n_docs)
        self.script_gold: Counter[str] = Counter()
        self.script_found: Counter[str] = Counter()
        self.flores_mixed_bytes = 0
        self.flores_mixed_seconds = 0.0
        self.flores_english_bytes = 0
        self.flores_english_seconds = 0.0

    def row(self) -> dict:
        out = super().row()
        out["recall_by_script"] = {
            script: self.script_found[script] / total for script, total in sorted(self.script_gold.items())
        }
        out["mbps_flores_mixed"] = self.flores_mixed_bytes / 1e6 / self.flores_mixed_seconds if self.flores_mixed_seconds else None
        out["mbps_flores_english"] = (
            self.flores_english_bytes / 1e6 / self.flores_english_seconds if self.flores_english_seconds else None
        )
        return out


def _time_pass(run: Callable[[str], list[Triple]], texts: Sequence[str], result: SystemResult, min_seconds: float) -> tuple[int, float]:
    """Bytes and seconds of repeated passes over ``texts`` until ``min_seconds`` were measured."""
    total_bytes, seconds = 0, 0.0
    while True:
        for text in texts:
            _pred, elapsed = _timed(run, text, result)
            seconds += elapsed
            total_bytes += len(text.encode("utf-8"))
        if seconds >= min_seconds:
            return total_bytes, seconds


def run_system(
    name: str,
    docs: list[dict],
    english: list[dict],
    flores_mixed: list[str],
    flores_english: list[str],
    keep_errors: bool,
    min_seconds: float,
) -> RealResult:
    """Score one system on the real sets and time it on the real and FLORES sets (warm, repeated)."""
    run = FACTORIES[name]()
    result = RealResult(name, len(docs))
    timing_min = 0.0 if name in ("langdetect", "lingua") else min_seconds
    # Warm-up over everything: lazily loaded profiles and caches stay outside the timings.
    for text in [d["text"] for d in docs] + [e["text"] for e in english] + flores_mixed[:20] + flores_english[:5]:
        _timed(run, text, result)
    result.failures, result.first_failure = 0, ""
    for doc in docs:
        pred = sorted(drop_dont_care(_timed(run, doc["text"], result)[0], doc["dont_care"]))
        gold = [(g["start"], g["end"], g["lang"]) for g in doc["gold"]]
        counts, matches = score_document(blank_regions(doc["text"], doc["dont_care"]), gold, pred)
        result.total.add(counts)
        result.by_lang[doc["lang"]].add(counts)
        result.by_kind[doc["kind"]].add(counts)
        found = {gi for gi, _ in matches}
        for gi, g in enumerate(gold):
            script = script_of(doc["text"][g[0] : g[1]])
            result.script_gold[script] += 1
            result.script_found[script] += gi in found
        if keep_errors:
            _collect_errors(doc, gold, pred, matches, result)
    for sentence in english:
        pred = sorted(_timed(run, sentence["text"], result)[0])
        result.english_sentences += 1
        result.english_false_spans += len(pred)
        if keep_errors:
            _collect_errors({**sentence, "kind": "english", "lang": "en"}, [], pred, [], result)
    print(f"  {name}: timing", file=sys.stderr, flush=True)
    result.mixed_bytes, result.mixed_seconds = _time_pass(run, [d["text"] for d in docs], result, timing_min)
    result.english_bytes, result.english_seconds = _time_pass(run, [e["text"] for e in english], result, timing_min)
    if flores_mixed:
        result.flores_mixed_bytes, result.flores_mixed_seconds = _time_pass(run, flores_mixed, result, timing_min)
        result.flores_english_bytes, result.flores_english_seconds = _time_pass(run, flores_english, result, timing_min)
    return result


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}×" if value and base else "–"


def quality_table(results: list[RealResult]) -> str:
    lines = [
        "| system | span F1 | exact F1 | lang acc | char F1 | span recall | span precision | false spans /1k EN sents |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        row = result.row()
        lines.append(
            f"| {row['system']} | {_fmt(row['span_f1'])} | {_fmt(row['exact_f1'])} | {_fmt(row['lang_acc'])} | "
            f"{_fmt(row['char_f1'])} | {_fmt(row['span_recall'])} | {_fmt(row['span_precision'])} | "
            f"{_fmt(row['false_spans_per_1k'], 1)} ({row['english_false_spans']}/{row['english_sentences']}) |"
        )
    return "\n".join(lines)


def script_table(results: list[RealResult]) -> str:
    scripts = sorted({s for r in results for s in r.script_gold}, key=lambda s: -results[0].script_gold[s])
    lines = ["| script | gold spans | " + " | ".join(LABELS.get(r.name, r.name) for r in results) + " |"]
    lines.append("|---|---|" + "---|" * len(results))
    for script in scripts:
        cells = [_fmt(r.script_found[script] / r.script_gold[script]) if r.script_gold[script] else "–" for r in results]
        lines.append(f"| {script} | {results[0].script_gold[script]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def speed_table(results: list[RealResult]) -> str:
    base = next((r.row() for r in results if r.name == "pycld2"), None)
    lines = [
        "| system | real mixed MB/s | real English MB/s | FLORES mixed MB/s | FLORES English MB/s | vs pycld2 (real mixed / real English / FLORES mixed / FLORES English) |",
        "|---|---|---|---|---|---|",
    ]
    keys = ("mbps_mixed", "mbps_english", "mbps_flores_mixed", "mbps_flores_english")
    for result in results:
        row = result.row()
        ratios = " / ".join(_ratio(row[k], base[k] if base else None) for k in keys)
        lines.append(f"| {row['system']} | " + " | ".join(_mbps(row[k]) for k in keys) + f" | {ratios} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", default=",".join(ALL_SYSTEMS), help="comma-separated: " + ",".join(ALL_SYSTEMS))
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N mismatches of the first system")
    parser.add_argument("--breakdown", action="store_true", help="per-language and per-kind tables for every system")
    parser.add_argument("--flores", default=str(DEFAULT_DATA), help="FLORES-200 dev folder for the speed comparison")
    parser.add_argument("--flores-docs", type=int, default=200, help="FLORES-built mixed documents timed (0: skip)")
    parser.add_argument("--min-seconds", type=float, default=2.0, help="time each set at least this long (fast systems)")
    parser.add_argument("--docs", type=Path, default=DOCS, metavar="DIR", help="gold documents (default: bench/real/docs)")
    parser.add_argument(
        "--english", type=Path, default=ENGLISH, metavar="DIR", help="pure-English sentences (default: bench/real/english)"
    )
    parser.add_argument("--json", metavar="PATH", help="write results as JSON")
    args = parser.parse_args(argv)

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in FACTORIES]
    if unknown:
        parser.error(f"unknown system(s) {unknown}; choose from {list(FACTORIES)}")
    try:  # one core: the comparison is per thread
        import os

        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass

    docs = [as_scored_document(d) for d in load_documents(args.docs)]
    english = load_english(args.english)
    flores_mixed: list[str] = []
    flores_english: list[str] = []
    if args.flores_docs:
        corpus = load_flores(args.flores)
        flores_mixed = [d["text"] for d in generate_documents(args.flores_docs, seed=0, data=corpus)]
        flores_english = [d["text"] for d in english_documents(corpus, seed=0)]
    signature = (
        f"real-bench|set:{args.docs.parent.name}|docs:{len(docs)}|gold-spans:{sum(len(d['gold']) for d in docs)}"
        f"|mixed-MB:{sum(len(d['text'].encode()) for d in docs) / 1e6:.3f}|english-sents:{len(english)}"
        f"|flores-docs:{args.flores_docs}|offsets:codepoint|multiling:{_multiling_version()}"
    )
    print(f"signature: {signature}", file=sys.stderr)
    results = []
    for position, name in enumerate(systems):
        print(f"running {name}", file=sys.stderr, flush=True)
        results.append(
            run_system(name, docs, english, flores_mixed, flores_english, position == 0 and args.show_errors > 0, args.min_seconds)
        )

    print(f"signature: {signature}\n")
    print(quality_table(results))
    print("\nRecall by script of the gold span (IoU ≥ 0.5, any language):\n")
    print(script_table(results))
    print("\nSpeed (one thread, warm):\n")
    print(speed_table(results))
    report_details(results, args, signature)
    return 0


if __name__ == "__main__":
    sys.exit(main())
