"""Per-call cost of ``multiling.annotate``: a new pipeline per call (what it did before it kept one per
config) against the shared pipeline it reuses now. Same process, same document, same model.

    python bench/annotate_call_cost.py                 # tiny random Marian (fast, ~1 min)
    python bench/annotate_call_cost.py --size base     # opus-mt-ar-en dimensions, random weights (bench/translate_speed.py builds it)

The document's foreign span is glossed with the cache off, so each call really translates, but into a few
tokens only (greedy, output bound 0.1 × source + 1): random weights never stop early, and a full-length gloss
would hide the per-call overhead this measures — building a pipeline and loading the model.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TEXT = "The minister wrote: «إن الجريمة الإرهابية لن تمر من دون عقاب» and left the room."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["tiny", "base"], default="tiny")
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--backends", nargs="+", default=["auto", "transformers"])
    args = parser.parse_args()

    import multiling
    from multiling.pipeline import Pipeline, shared_pipeline
    from multiling.translate.config import TranslationConfig

    if args.size == "base":
        from bench.translate_speed import checkpoint

        model = str(checkpoint("base"))
    else:
        from multiling.testing import make_tiny_marian

        model = str(make_tiny_marian(Path(tempfile.mkdtemp()) / "tiny", src="ar", seed=0))
    print(f"model {args.size}, {args.calls} calls each, median seconds per call\n")
    print("| backend | before: new pipeline + model load per call | after: one shared pipeline per config | ratio |")
    print("|---|---|---|---|")
    for backend in args.backends:
        options = {"model": model, "backend": backend, "cache": False, "offline": True, "num_beams": 1,
                   "max_length_ratio": 0.1, "max_length_extra": 1}

        def timed(call) -> float:
            seconds = []
            for _ in range(args.calls):
                start = time.perf_counter()
                call()
                seconds.append(time.perf_counter() - start)
            return statistics.median(seconds)

        doc = multiling.annotate(TEXT, **options)  # imports, conversion, first load: outside both measurements
        assert doc.spans and any(s.gloss is not None for s in doc.spans)
        fresh = timed(lambda options=options: Pipeline(**options).annotate(TEXT))
        shared = timed(lambda options=options: multiling.annotate(TEXT, **options))
        used = next(iter(shared_pipeline(TranslationConfig.build(**options)).translator.signatures.values()))["backend"]
        print(f"| {backend} ({used}) | {fresh:.3f} | {shared:.3f} | {fresh / shared:.0f}× |")


if __name__ == "__main__":
    main()
