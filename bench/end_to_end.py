"""End to end: how much of an annotate run is *not* the model?

Runs ``Pipeline.annotate_many`` over code-switched news documents (bench/codeswitch.py, Arabic-heavy) with a
random-weight MarianMT checkpoint of opus-mt-ar-en's dimensions (built by bench/translate_speed.py), and splits the
wall time into:

* model   — time inside the backends' batch decode (``_decode_batch``: the forward passes);
* segment — ``multiling.segment`` on every document;
* rest    — everything else: sentence splitting, token protection, de-duplication, length-sorted batching,
            tokenisation, merging glosses back by offset, building the documents.

The target (issue 3) is segment + batching + merging < 5% of model time. Random weights never emit an end token,
so decoding is capped at ``max_length_ratio * source tokens + 2`` (ratio 1.0: about the length of a real gloss);
the cache is off so every sentence reaches the model.

    python bench/end_to_end.py                       # ctranslate2 int8 and transformers, 60 documents
    python bench/end_to_end.py --backends ctranslate2 --docs 200
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.codeswitch import generate_documents  # noqa: E402
from bench.translate_speed import bench_dir, checkpoint  # noqa: E402


def measure(backend: str, docs: list[str], beams: int) -> dict:
    from multiling import segment
    from multiling.pipeline import Pipeline
    from multiling.translate import Glosser
    from multiling.translate.marian import MarianTranslatorBase

    model_seconds = 0.0
    backends = MarianTranslatorBase.__subclasses__()
    originals = {cls: cls._decode_batch for cls in backends}

    def timed(original):  # type: ignore[no-untyped-def]
        def timed_decode(self, ids, max_new_tokens):  # type: ignore[no-untyped-def]
            nonlocal model_seconds
            start = time.perf_counter()
            try:
                return original(self, ids, max_new_tokens)
            finally:
                model_seconds += time.perf_counter() - start

        return timed_decode

    segment_seconds = 0.0

    def timed_segment(text: str):  # type: ignore[no-untyped-def]
        nonlocal segment_seconds
        start = time.perf_counter()
        try:
            return segment(text)
        finally:
            segment_seconds += time.perf_counter() - start

    path = checkpoint("base")
    model = str(bench_dir() / "random-base-ct2") if backend == "ctranslate2" else str(path)
    glosser = Glosser(model, backend=backend, cache=False, offline=True, num_beams=beams,
                      max_length_ratio=1.0, max_length_extra=2, no_repeat_ngram_size=0)
    pipeline = Pipeline(segmenter=timed_segment, translator=glosser, window=32)
    list(pipeline.annotate_many(docs[:2]))  # load the model outside the timing
    model_seconds = segment_seconds = 0.0
    for cls, original in originals.items():
        cls._decode_batch = timed(original)  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        results = list(pipeline.annotate_many(docs))
        total = time.perf_counter() - start
    finally:
        for cls, original in originals.items():
            cls._decode_batch = original  # type: ignore[method-assign]
    spans = sum(len(doc.spans) for doc in results)
    rest = total - model_seconds - segment_seconds
    return {"backend": backend, "docs": len(docs), "spans": spans, "total": total, "model": model_seconds,
            "segment": segment_seconds, "rest": rest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--backends", default="ctranslate2,transformers")
    args = parser.parse_args()
    docs = [record["text"] for record in generate_documents(n_docs=args.docs, seed=args.seed)]
    print(f"{args.docs} code-switched documents (seed {args.seed}), random-weight opus-mt-ar-en-sized model, "
          f"beam {args.beams}, cache off\n")
    print("| backend | docs | foreign spans | total s | model s | segment s | rest s | (segment + rest) / model |")
    print("|---|---|---|---|---|---|---|---|")
    for backend in args.backends.split(","):
        print(f"measuring {backend}...", file=sys.stderr)
        row = measure(backend, docs, args.beams)
        share = (row["segment"] + row["rest"]) / row["model"]
        print(f"| {backend} | {row['docs']} | {row['spans']} | {row['total']:.2f} | {row['model']:.2f} | "
              f"{row['segment']:.3f} | {row['rest']:.3f} | {share:.1%} |")


if __name__ == "__main__":
    main()
