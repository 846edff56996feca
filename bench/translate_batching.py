"""What deterministic batching costs: same-length batches (what ``translate`` does, so a sentence's gloss never
depends on its batch-mates) against padded, length-sorted batches of 16 (what it did before), in one process.

    python bench/translate_batching.py ctranslate2 120
    python bench/translate_batching.py transformers 120

Uses the base-size random checkpoint of bench/translate_speed.py (built on first use), beam 4, exactly 20
decoder steps per sentence (equal work), and FLORES clauses of the committed samples (ar, fa, ru, he): a
realistic mix of lengths.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from bench.translate_speed import bench_dir, checkpoint
    from multiling.testing import sample_lines
    from multiling.translate import load_translator

    backend = sys.argv[1] if len(sys.argv) > 1 else "ctranslate2"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    model = str(bench_dir() / "random-base-ct2") if backend == "ctranslate2" else str(checkpoint("base"))
    checkpoint("base")
    t = load_translator(model, backend=backend, device="cpu", cache=False, num_beams=4, fixed_length=20,
                        no_repeat_ngram_size=0)
    texts = list(dict.fromkeys(clause.strip() for lang in ("ar", "fa", "ru", "he") for line in sample_lines(lang)
                               for clause in line.split("،") if clause.strip()))[:n]
    encoded = {text: t.encode(text) for text in texts}
    t.translate(texts[:4])  # warm-up
    start = time.perf_counter()
    t.translate(texts)
    same_length = time.perf_counter() - start
    order = sorted(texts, key=lambda text: len(encoded[text]))
    start = time.perf_counter()
    for first in range(0, len(order), 16):
        t._decode_batch([encoded[text] for text in order[first : first + 16]], 20)
    padded = time.perf_counter() - start
    print(f"{backend}: {len(texts)} sentences of {len(set(map(len, encoded.values())))} distinct lengths; "
          f"same-length batches {len(texts) / same_length:.1f} sent/s, padded batches of 16 "
          f"{len(texts) / padded:.1f} sent/s: {padded / same_length:.2f}× the speed")


if __name__ == "__main__":
    main()
