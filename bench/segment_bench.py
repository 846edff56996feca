"""Score foreign-span segmenters on the code-switched FLORES benchmark (bench/codeswitch.py).

Rows: ``multiling`` (multiling.segment) and three comparison systems run on the same documents in the
same run: ``pycld2`` (returnVectors), ``langdetect`` (per sentence) and ``lingua``
(detect_multiple_languages_of). Metrics are over FOREIGN spans (lang != "en"); offsets are code
points, end-exclusive.

    python bench/segment_bench.py --docs 1000 --seed 0
    python bench/segment_bench.py --systems multiling --show-errors 30

Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.codeswitch import DEFAULT_DATA, english_documents, generate_documents, is_letter, load_flores, strip_bounds

# (start, end, lang): a predicted or gold span in code points, end-exclusive.
Triple = tuple[int, int, str]

ALL_SYSTEMS = ("multiling", "pycld2", "langdetect", "lingua")
SLOW_SYSTEMS = frozenset({"langdetect", "lingua"})

# Languages langdetect 1.0.9 has profiles for, as FLORES codes (its "no" is nb, its zh-cn/zh-tw are zh).
LANGDETECT_LANGS = frozenset(
    "af ar bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk ml mr ne nl "
    "nb pa pl pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh".split()
)
_LANG_ALIASES = {"no": "nb", "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "fil": "tl", "zh-hans": "zh", "zh-hant": "zh"}


def normalize_lang(code: str) -> str:
    """Fold code variants that name the same FLORES language: ``zh-cn``/``zh-Hant`` → ``zh``, ``no`` → ``nb``."""
    code = code.strip().lower().replace("_", "-")
    code = _LANG_ALIASES.get(code, code)
    if code.startswith("zh"):
        return "zh"
    return code


# ---------------------------------------------------------------------------------------------------
# Systems: each is text -> list of foreign (start, end, lang) in code points.
# ---------------------------------------------------------------------------------------------------


def _split_lines(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Cut ``[start, end)`` at line breaks and strip each piece (spans never cross a line break)."""
    cursor = start
    for match in re.finditer(r"[\n\r\u2028\u2029]+", text[start:end]):
        yield strip_bounds(text, cursor, start + match.start())
        cursor = start + match.end()
    yield strip_bounds(text, cursor, end)


def _clean(text: str, raw: Iterable[Triple]) -> list[Triple]:
    """Baseline post-processing: drop English/unknown, merge touching same-language runs, cut at lines, strip."""
    merged: list[list] = []
    for start, end, lang in raw:
        lang = normalize_lang(lang)
        if lang in ("en", "un", "und", "xx", "") or start >= end:
            continue
        gap = text[merged[-1][1] : start] if merged else ""
        if merged and merged[-1][2] == lang and all(_edge(c) and c not in "\n\r" for c in gap):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, lang])
    spans = []
    for start, end, lang in merged:
        for s, e in _split_lines(text, start, end):
            if s < e and any(is_letter(c) for c in text[s:e]):
                spans.append((s, e, lang))
    return spans


def _edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PSZC"


def make_multiling() -> Callable[[str], list[Triple]]:
    import multiling

    def run(text: str) -> list[Triple]:
        return [(s.start, s.end, s.lang) for s in multiling.segment(text) if s.lang != "en"]

    return run


def make_pycld2() -> Callable[[str], list[Triple]]:
    import pycld2

    def run(text: str) -> list[Triple]:
        data = text.encode("utf-8")
        try:
            vectors = pycld2.detect(text, returnVectors=True)[3]
        except pycld2.error:
            return []
        # Vectors are (byte offset, byte length, name, code) over UTF-8 bytes; map to code points.
        byte_to_cp = {}
        position = 0
        for index, char in enumerate(text):
            byte_to_cp[position] = index
            position += len(char.encode("utf-8"))
        byte_to_cp[position] = len(text)

        def to_cp(offset: int) -> int:
            offset = max(0, min(offset, len(data)))
            while offset not in byte_to_cp:  # inside a character: move back to its first byte
                offset -= 1
            return byte_to_cp[offset]

        return _clean(text, ((to_cp(o), to_cp(o + n), code) for o, n, _name, code in vectors))

    return run


_SENTENCE_END = re.compile(r"(?<=[.!?؟۔。।])\s+|[\n\r]+")


def make_langdetect() -> Callable[[str], list[Triple]]:
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0

    def run(text: str) -> list[Triple]:
        raw = []
        cursor = 0
        for match in list(_SENTENCE_END.finditer(text)) + [None]:
            stop = match.start() if match else len(text)
            start, end = strip_bounds(text, cursor, stop)
            if start < end:
                try:
                    lang = detect(text[start:end])
                except LangDetectException:
                    lang = "un"
                raw.append((start, end, lang))
            if match:
                cursor = match.end()
        return _clean(text, raw)

    return run


def make_lingua() -> Callable[[str], list[Triple]]:
    from lingua import LanguageDetectorBuilder

    # Preloading keeps model loading (seconds, ~1.4 GB) out of the timed calls.
    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

    def run(text: str) -> list[Triple]:
        raw = []
        for result in detector.detect_multiple_languages_of(text):
            raw.append((result.start_index, result.end_index, result.language.iso_code_639_1.name.lower()))
        return _clean(text, raw)

    return run


FACTORIES = {"multiling": make_multiling, "pycld2": make_pycld2, "langdetect": make_langdetect, "lingua": make_lingua}
LABELS = {"langdetect": "langdetect per sentence"}


# ---------------------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------------------


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two code-point ranges."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def match_spans(gold: Sequence[Triple], pred: Sequence[Triple], threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one greedy matching by IoU (highest first) of pairs with IoU >= ``threshold``.

    Returns:
        ``(gold index, pred index)`` pairs.
    """
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            score = iou(g[:2], p[:2])
            if score >= threshold:
                pairs.append((-score, gi, pi))
    pairs.sort()
    used_g, used_p, matches = set(), set(), []
    for _score, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matches.append((gi, pi))
    return matches


@dataclass
class Counts:
    """Additive counts behind every metric."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    exact: int = 0
    lang_ok: int = 0
    matched_supported: int = 0
    lang_ok_supported: int = 0
    char_tp: int = 0
    char_fp: int = 0
    char_fn: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(tp: int, n_pred: int, n_gold: int) -> float | None:
        if n_pred == 0 and n_gold == 0:
            return None
        return 2 * tp / (n_pred + n_gold) if (n_pred + n_gold) else 0.0

    def metrics(self) -> dict:
        return {
            "span_f1": self._f1(self.matched, self.pred, self.gold),
            "span_precision": self.matched / self.pred if self.pred else None,
            "span_recall": self.matched / self.gold if self.gold else None,
            "exact_f1": self._f1(self.exact, self.pred, self.gold),
            "lang_acc": self.lang_ok / self.matched if self.matched else None,
            "lang_acc_supported": self.lang_ok_supported / self.matched_supported if self.matched_supported else None,
            "char_f1": self._f1(self.char_tp, self.char_tp + self.char_fp, self.char_tp + self.char_fn),
            "gold": self.gold,
            "pred": self.pred,
        }


def score_document(text: str, gold: Sequence[Triple], pred: Sequence[Triple]) -> tuple[Counts, list[tuple[int, int]]]:
    """Counts for one document; ``gold`` and ``pred`` are foreign spans only.

    Args:
        text: the document (offsets index it in code points).
        gold: gold foreign spans ``(start, end, lang)``.
        pred: predicted foreign spans ``(start, end, lang)``.

    Returns:
        The counts and the IoU matches ``(gold index, pred index)``.
    """
    counts = Counts(gold=len(gold), pred=len(pred))
    matches = match_spans(gold, pred)
    counts.matched = len(matches)
    for gi, pi in matches:
        g, p = gold[gi], pred[pi]
        same_lang = normalize_lang(g[2]) == normalize_lang(p[2])
        counts.lang_ok += same_lang
        if normalize_lang(g[2]) in LANGDETECT_LANGS:
            counts.matched_supported += 1
            counts.lang_ok_supported += same_lang
    # Exact boundaries: one-to-one is automatic (distinct gold spans have distinct ranges).
    gold_ranges = {(g[0], g[1]) for g in gold}
    counts.exact = len({(p[0], p[1]) for p in pred} & gold_ranges)
    gold_mask = _mask(len(text), gold)
    pred_mask = _mask(len(text), pred)
    for index, char in enumerate(text):
        if is_letter(char):
            g, p = gold_mask[index], pred_mask[index]
            counts.char_tp += g and p
            counts.char_fp += p and not g
            counts.char_fn += g and not p
    return counts, matches


def _mask(length: int, spans: Iterable[Triple]) -> bytearray:
    mask = bytearray(length)
    for start, end, _lang in spans:
        mask[max(0, start) : min(length, end)] = b"\x01" * (min(length, end) - max(0, start))
    return mask


# ---------------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------------


@dataclass
class SystemResult:
    name: str
    n_docs: int = 0
    total: Counts = field(default_factory=Counts)
    by_lang: dict = field(default_factory=lambda: defaultdict(Counts))
    by_kind: dict = field(default_factory=lambda: defaultdict(Counts))
    mixed_bytes: int = 0
    mixed_seconds: float = 0.0
    english_sentences: int = 0
    english_false_spans: int = 0
    english_bytes: int = 0
    english_seconds: float = 0.0
    failures: int = 0
    first_failure: str = ""
    errors: list = field(default_factory=list)

    def row(self) -> dict:
        out = self.total.metrics()
        out.update(
            system=LABELS.get(self.name, self.name),
            docs=self.n_docs,
            false_spans_per_1k=1000 * self.english_false_spans / self.english_sentences if self.english_sentences else None,
            english_false_spans=self.english_false_spans,
            english_sentences=self.english_sentences,
            mbps_mixed=self.mixed_bytes / 1e6 / self.mixed_seconds if self.mixed_seconds else None,
            mbps_english=self.english_bytes / 1e6 / self.english_seconds if self.english_seconds else None,
            failures=self.failures,
            first_failure=self.first_failure,
        )
        return out


def _gold_triples(doc: dict) -> list[Triple]:
    return [(g["start"], g["end"], g["lang"]) for g in doc["gold"] if normalize_lang(g["lang"]) != "en"]


def _timed(run: Callable[[str], list[Triple]], text: str, result: SystemResult) -> tuple[list[Triple], float]:
    started = time.perf_counter()
    try:
        pred = run(text)
    except Exception as error:  # a broken segmenter must not hide the other rows
        elapsed = time.perf_counter() - started
        result.failures += 1
        if not result.first_failure:
            result.first_failure = f"{type(error).__name__}: {error}"
        return [], elapsed
    return pred, time.perf_counter() - started


def _collect_errors(doc: dict, gold: list[Triple], pred: list[Triple], matches: list[tuple[int, int]], result: SystemResult) -> None:
    matched_g = {gi for gi, _ in matches}
    matched_p = {pi for _, pi in matches}
    for gi, pi in matches:
        g, p = gold[gi], pred[pi]
        if normalize_lang(g[2]) != normalize_lang(p[2]):
            result.errors.append(("wrong-lang", doc, g, p))
        elif (g[0], g[1]) != (p[0], p[1]):
            result.errors.append(("boundary", doc, g, p))
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            overlap = [pred[pi] for pi in range(len(pred)) if iou(g[:2], pred[pi][:2]) > 0]
            result.errors.append(("missed" if not overlap else "split/merged", doc, g, overlap[0] if overlap else None))
    for pi, p in enumerate(pred):
        if pi not in matched_p and not any(iou(p[:2], g[:2]) > 0 for g in gold):
            result.errors.append(("false-english" if doc["kind"] == "english" else "false-span", doc, None, p))


def run_system(name: str, docs: list[dict], english: list[dict], keep_errors: bool = False, min_timing_s: float = 1.0) -> SystemResult:
    """Run one system over the mixed and the pure-English documents and accumulate its counts.

    Args:
        name: a key of :data:`FACTORIES`.
        docs: mixed documents from :func:`bench.codeswitch.generate_documents`.
        english: pure-English documents from :func:`bench.codeswitch.english_documents`.
        keep_errors: keep mismatches for ``--show-errors``.
        min_timing_s: repeat the pure-English pass (timing only) until this many seconds were measured.

    Returns:
        The accumulated :class:`SystemResult`.
    """
    run = FACTORIES[name]()
    result = SystemResult(name, n_docs=len(docs))
    for doc in docs[:3] + english[:1]:  # warm-up (lazy loads, caches) stays out of the timings
        try:
            run(doc["text"])
        except Exception:
            pass
    for number, doc in enumerate(docs):
        if number % 200 == 0:
            print(f"  {name}: {number}/{len(docs)}", file=sys.stderr, flush=True)
        pred, elapsed = _timed(run, doc["text"], result)
        result.mixed_seconds += elapsed
        result.mixed_bytes += len(doc["text"].encode("utf-8"))
        gold = _gold_triples(doc)
        pred = sorted(pred)
        counts, matches = score_document(doc["text"], gold, pred)
        result.total.add(counts)
        result.by_lang[doc["lang"]].add(counts)
        result.by_kind[doc["kind"]].add(counts)
        if keep_errors:
            _collect_errors(doc, gold, pred, matches, result)
    first_pass = True
    while first_pass or result.english_seconds < min_timing_s:
        for doc in english:
            pred, elapsed = _timed(run, doc["text"], result)
            result.english_seconds += elapsed
            result.english_bytes += len(doc["text"].encode("utf-8"))
            if first_pass:
                result.english_sentences += doc["n_sentences"]
                result.english_false_spans += len(pred)
                if keep_errors:
                    _collect_errors(doc, [], sorted(pred), [], result)
        first_pass = False
        if name in SLOW_SYSTEMS:
            break
    return result


# ---------------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _mbps(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 1 else f"{value:.1f}"


def table(results: list[SystemResult], n_docs_all: int) -> str:
    """The markdown results table."""
    lines = [
        "| system | docs | span F1 | exact F1 | lang acc | lang acc (supported) | char F1 | false spans /1k EN sents | MB/s mixed | MB/s English |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        row = result.row()
        docs = str(row["docs"]) + ("" if row["docs"] == n_docs_all else " (subset)")
        lines.append(
            f"| {row['system']} | {docs} | {_fmt(row['span_f1'])} | {_fmt(row['exact_f1'])} | {_fmt(row['lang_acc'])} | "
            f"{_fmt(row['lang_acc_supported'])} | {_fmt(row['char_f1'])} | {_fmt(row['false_spans_per_1k'], 1)} | "
            f"{_mbps(row['mbps_mixed'])} | {_mbps(row['mbps_english'])} |"
        )
    return "\n".join(lines)


def breakdown(result: SystemResult, attribute: str, top: int | None = None) -> str:
    """Per-language or per-kind table for one system (unmatched predictions count against the document's group)."""
    groups = getattr(result, attribute)
    ordered = sorted(groups.items(), key=lambda item: (-item[1].gold, item[0]))
    if top:
        ordered = ordered[:top]
    label = "lang" if attribute == "by_lang" else "kind"
    lines = [f"| {label} | gold spans | span F1 | exact F1 | lang acc | char F1 |", "|---|---|---|---|---|---|"]
    for key, counts in ordered:
        m = counts.metrics()
        lines.append(
            f"| {key} | {counts.gold} | {_fmt(m['span_f1'])} | {_fmt(m['exact_f1'])} | {_fmt(m['lang_acc'])} | {_fmt(m['char_f1'])} |"
        )
    return "\n".join(lines)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return (left + "⟦" + text[start:end] + "⟧" + right).replace("\n", "⏎")


def show_errors(result: SystemResult, limit: int) -> str:
    """Up to ``limit`` mismatches, taken round-robin over error types, plus a count per type."""
    by_type: dict[str, list] = defaultdict(list)
    for error in result.errors:
        by_type[error[0]].append(error)
    lines = [f"error counts for {result.name}: " + ", ".join(f"{k}={len(v)}" for k, v in sorted(by_type.items()))]
    picked = []
    index = 0
    while len(picked) < limit and any(index < len(v) for v in by_type.values()):
        for kind in sorted(by_type):
            if index < len(by_type[kind]) and len(picked) < limit:
                picked.append(by_type[kind][index])
        index += 1
    for kind, doc, g, p in picked:
        text = doc["text"]
        lines.append(f"- [{kind}] {doc['id']} ({doc['kind']}, {doc['lang']})")
        if g is not None:
            lines.append(f"    gold {g[2]} [{g[0]},{g[1]}): {_context(text, g[0], g[1])}")
        if p is not None:
            lines.append(f"    pred {p[2]} [{p[0]},{p[1]}): {_context(text, p[0], p[1])}")
    return "\n".join(lines)


def _multiling_version() -> str:
    """``<version>+<git commit>`` of the checkout being measured, ``-dirty`` when multiling/ has local edits."""
    import subprocess

    import multiling

    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "multiling"], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return multiling.__version__
    return f"{multiling.__version__}+{commit}{'-dirty' if dirty else ''}" if commit else multiling.__version__


def report_details(results: Sequence[SystemResult], args: argparse.Namespace, signature: str) -> None:
    """What follows the main tables: failures, ``--breakdown``/``--show-errors`` tables, the ``--json`` file."""
    for result in results:
        if result.failures:
            print(f"\n{result.name}: {result.failures} documents raised; first: {result.first_failure}")
    if args.breakdown or args.show_errors:
        for result in results if args.breakdown else results[:1]:
            print(f"\n### {LABELS.get(result.name, result.name)} by kind\n\n{breakdown(result, 'by_kind')}")
            print(f"\n### {LABELS.get(result.name, result.name)} by language\n\n{breakdown(result, 'by_lang')}")
    if args.show_errors:
        print("\n" + show_errors(results[0], args.show_errors))
    if args.json:
        payload = {
            "signature": signature,
            "rows": [r.row() for r in results],
            "by_lang": {r.name: {k: v.metrics() for k, v in sorted(r.by_lang.items())} for r in results},
            "by_kind": {r.name: {k: v.metrics() for k, v in sorted(r.by_kind.items())} for r in results},
        }
        Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="FLORES-200 dev folder (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--docs", type=int, default=1000, help="mixed documents (default: %(default)s)")
    parser.add_argument("--slow-docs", type=int, default=300, help="mixed documents for langdetect and lingua (a prefix)")
    parser.add_argument("--systems", default=",".join(ALL_SYSTEMS), help="comma-separated: " + ",".join(ALL_SYSTEMS))
    parser.add_argument("--quick", action="store_true", help="200 mixed documents, 100 for the slow systems")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N mismatches of the first system")
    parser.add_argument("--breakdown", action="store_true", help="print per-language and per-kind tables for every system")
    parser.add_argument("--json", metavar="PATH", help="write results as JSON")
    args = parser.parse_args(argv)

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in FACTORIES]
    if unknown:
        parser.error(f"unknown system(s) {unknown}; choose from {list(FACTORIES)}")
    n_docs = 200 if args.quick else args.docs
    n_slow = min(n_docs, 100 if args.quick else args.slow_docs)

    corpus = load_flores(args.data)
    docs = generate_documents(n_docs, seed=args.seed, data=corpus)
    english = english_documents(corpus, seed=args.seed)
    signature = (
        f"codeswitch-bench|seed:{args.seed}|docs:{n_docs}|slow-docs:{n_slow}|gold-spans:{sum(len(d['gold']) for d in docs)}"
        f"|mixed-MB:{sum(len(d['text'].encode()) for d in docs) / 1e6:.3f}|english-sents:{sum(d['n_sentences'] for d in english)}"
        f"|data:{Path(args.data).resolve()}|offsets:codepoint|multiling:{_multiling_version()}"
    )
    print(f"signature: {signature}", file=sys.stderr)

    results = []
    for position, name in enumerate(systems):
        subset = docs[:n_slow] if name in SLOW_SYSTEMS else docs
        print(f"running {name} on {len(subset)} mixed + {len(english)} English documents", file=sys.stderr, flush=True)
        results.append(run_system(name, subset, english, keep_errors=position == 0 and args.show_errors > 0))

    print(f"signature: {signature}\n")
    print(table(results, n_docs))
    report_details(results, args, signature)
    return 0


if __name__ == "__main__":
    sys.exit(main())
