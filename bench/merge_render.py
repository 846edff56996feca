"""Measure the annotate stage: merge + render cost per span, and annotate_many memory over many documents.

    python bench/merge_render.py                # both measurements
    python bench/merge_render.py --docs 10000   # documents for the memory run

Translation is a deterministic test translator (no model), so the numbers are the cost of *this* stage:
segmenting is measured separately (bench/segment_bench.py), translating in bench/translate_speed.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from doubles import ReversingTestTranslator  # noqa: E402  (a test double: never a CLI default)

from bench.memory import rss_mib  # noqa: E402
from multiling.merge import merge  # noqa: E402
from multiling.pipeline import Pipeline  # noqa: E402
from multiling.render import FORMATS, render  # noqa: E402
from multiling.segment import segment  # noqa: E402


def bench_merge_render(repeat: int) -> dict:
    articles = sorted((REPO / "fixtures" / "articles").glob("*.txt"))
    texts = [a.read_bytes().decode("utf-8") for a in articles]
    segmented = [(t, segment(t)) for t in texts]
    translator = ReversingTestTranslator()
    glossed = [(t, s, translator.gloss([(x.text, x.lang) for x in s if x.is_foreign])) for t, s in segmented]
    foreign = sum(len(g) for _, _, g in glossed)
    results = {"documents": len(texts), "foreign_spans": foreign, "repeat": repeat}
    start = time.perf_counter()
    for _ in range(repeat):
        docs = [merge(t, s, g) for t, s, g in glossed]
    results["merge_us_per_span"] = (time.perf_counter() - start) / (repeat * foreign) * 1e6
    results["merge_us_per_doc"] = (time.perf_counter() - start) / (repeat * len(texts)) * 1e6
    for fmt in FORMATS:
        start = time.perf_counter()
        for _ in range(repeat):
            for doc in docs:
                render(doc, fmt)
        elapsed = time.perf_counter() - start
        results[f"render_{fmt}_us_per_span"] = elapsed / (repeat * foreign) * 1e6
        results[f"render_{fmt}_us_per_doc"] = elapsed / (repeat * len(texts)) * 1e6
    return results


def bench_memory(n_docs: int, window: int) -> dict:
    base = "Officials said «{ru}» and later «{ar}» while the spokesman (@press) added: «{fr}» on day {i}.\n" * 3

    def documents():
        for i in range(n_docs):
            yield {"id": str(i), "text": base.format(ru="нет комментариев", ar="لا تعليق على ذلك", fr="pas de commentaire", i=i)}

    pipeline = Pipeline(translator=ReversingTestTranslator(), window=window)
    samples = []
    gc.collect()
    start_rss = rss_mib()
    start = time.perf_counter()
    spans = 0
    for count, doc in enumerate(pipeline.annotate_many(documents()), start=1):
        spans += len(doc.spans)
        render(doc, "jsonl")
        if count % (n_docs // 10 or 1) == 0:
            samples.append(round(rss_mib(), 1))
    elapsed = time.perf_counter() - start
    return {"documents": n_docs, "window": window, "foreign_spans": spans, "seconds": round(elapsed, 2),
            "docs_per_second": round(n_docs / elapsed), "rss_start_mib": round(start_rss, 1),
            "rss_every_tenth_mib": samples, "rss_growth_mib": round(samples[-1] - samples[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--window", type=int, default=64)
    parser.add_argument("--json", action="store_true", help="print the raw numbers as JSON instead of tables")
    args = parser.parse_args()
    out = {"merge_render": bench_merge_render(args.repeat), "annotate_many": bench_memory(args.docs, args.window)}
    if args.json:
        print(json.dumps(out, indent=2))
        return
    stage = out["merge_render"]
    print(f"{stage['documents']} fixture articles, {stage['foreign_spans']} foreign spans, {stage['repeat']} repeats\n")
    print("| stage | µs / span | µs / document |")
    print("|---|---|---|")
    for key in [k for k in stage if k.endswith("_us_per_span")]:
        name = key[: -len("_us_per_span")].replace("_", " ")
        print(f"| {name} | {stage[key]:.0f} | {stage[key.replace('per_span', 'per_doc')]:.0f} |")
    memory = out["annotate_many"]
    print(f"\nannotate_many: {memory['documents']} documents, {memory['foreign_spans']} foreign spans, window "
          f"{memory['window']}, {memory['docs_per_second']} documents/s\n")
    print("| RSS MiB at start | after each tenth of the run | growth |")
    print("|---|---|---|")
    print(f"| {memory['rss_start_mib']} | {' · '.join(str(x) for x in memory['rss_every_tenth_mib'])} | "
          f"{memory['rss_growth_mib']:+.1f} |")


if __name__ == "__main__":
    main()
