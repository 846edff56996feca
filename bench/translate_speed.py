"""Translation speed: transformers fp32 vs ctranslate2 int8, greedy and beam 4, at opus-mt dimensions.

Builds random-weight MarianMT checkpoints with the dimensions of opus-mt-ar-en ("base": d_model 512,
6+6 layers, FFN 2048, 8 heads, vocab ~62k) and of opus-mt-tc-big ("big": 1024, 6+6, 4096, 16 heads),
forces equal work (every sentence ~30 source tokens, exactly --out-tokens decoder steps), and prints a
markdown table of sentences/s, output tokens/s and peak memory (max RSS of a fresh process per row).
Then measures translation-cache hits per second.

    python bench/translate_speed.py                    # everything (~5 min on 2 cores)
    python bench/translate_speed.py --sizes base --sentences 32
    python bench/translate_speed.py --device cuda --batch 64 --sentences 512   # the GPU table (needs a GPU)

Checkpoints are kept in $MULTILING_BENCH_DIR (default: <tmp>/multiling-bench) between runs.
Random weights decode as fast as trained ones for a fixed number of steps; this measures speed only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.memory import peak_rss_mib  # noqa: E402

SIZES = {
    "base": {"d_model": 512, "layers": 6, "heads": 8, "ffn_dim": 2048, "vocab_size": 62_000},
    "big": {"d_model": 1024, "layers": 6, "heads": 16, "ffn_dim": 4096, "vocab_size": 62_000},
}
RUNS = [("transformers", 1), ("transformers", 4), ("ctranslate2", 1), ("ctranslate2", 4), ("auto", 4)]
#: On CUDA: transformers in float32 and in its CUDA default float16, ctranslate2 in float16.
CUDA_RUNS = [("transformers:float32", 4), ("transformers", 4), ("ctranslate2", 4), ("auto", 4)]


def bench_dir() -> Path:
    return Path(os.environ.get("MULTILING_BENCH_DIR", Path(tempfile.gettempdir()) / "multiling-bench"))


def checkpoint(size: str) -> Path:
    """Build (once) the random checkpoint of ``size`` and its ctranslate2 conversion."""
    from multiling.testing import make_tiny_marian
    from multiling.translate import convert, store

    path = bench_dir() / f"random-{size}"
    if not (path / "model.safetensors").is_file():
        print(f"building random {size} checkpoint in {path}", file=sys.stderr)
        make_tiny_marian(path, src="ar", seed=0, init_std=0.02, **SIZES[size])
    ct2 = bench_dir() / f"random-{size}-ct2"
    if not store.is_ct2_dir(ct2):
        print(f"converting {size} to ctranslate2", file=sys.stderr)
        convert.convert(store.find_local(str(path)), ct2)
    return path


def sources(tokenizer, n: int, in_tokens: int) -> list[str]:
    """``n`` distinct sentences of about ``in_tokens`` source tokens (``</s>`` included)."""
    from multiling.testing import SAMPLE_LANGS, sample_lines

    text = " ".join(line for lang in ("ar", "fa", "ru") if lang in SAMPLE_LANGS for line in sample_lines(lang))
    pieces = tokenizer.spm_source.encode(text, out_type=str)
    out = []
    step = in_tokens - 1
    for i in range(n):
        start = (i * 7) % max(1, len(pieces) - step)
        out.append(tokenizer.spm_source.decode_pieces(pieces[start : start + step]))
    return out


def run_one(size: str, backend: str, beams: int, n: int, in_tokens: int, out_tokens: int, batch: int,
            device: str = "cpu") -> dict:
    """One measurement, in this process (the parent runs each in a fresh process for clean peak memory).

    ``backend`` may carry a compute type (``transformers:float32``); ``auto`` reports what it resolved to.
    """
    from multiling.translate import load_translator
    from multiling.translate.config import resolve_backend

    backend, _, compute_type = backend.partition(":")
    path = checkpoint(size)
    model = str(bench_dir() / f"random-{size}-ct2") if resolve_backend(backend) == "ctranslate2" else str(path)
    translator = load_translator(model, backend=backend, device=device, compute_type=compute_type or None,
                                 cache=False, batch_size=batch, num_beams=beams, fixed_length=out_tokens,
                                 no_repeat_ngram_size=0)
    texts = sources(translator.tokenizer, n, in_tokens)
    lengths = translator.count_tokens(texts)
    translator.translate(sources(translator.tokenizer, batch, in_tokens - 2))  # warm-up
    start = time.perf_counter()
    translator.translate(texts)
    seconds = time.perf_counter() - start
    peak_mb = peak_rss_mib()
    return {
        "size": size, "backend": backend + ("=" + translator.signature["backend"] if backend == "auto" else ""),
        "device": translator.signature["device"], "compute_type": translator.signature["compute_type"], "beams": beams,
        "sentences": n, "mean_in_tokens": round(sum(lengths) / len(lengths), 1), "out_tokens": out_tokens,
        "sent_per_s": n / seconds, "tok_per_s": n * out_tokens / seconds, "peak_rss_mb": peak_mb,
    }


def cache_hits_per_second(n: int = 20_000) -> dict:
    """Segments/s answered by the SQLite cache (all hits), with a stand-in inner translator."""
    from multiling.translate.cache import CachedTranslator, TranslationCache

    class Never:
        model_id, revision = "bench/none", "0"
        signature = {"model": "bench/none", "revision": "0", "backend": "none"}

        def translate(self, texts):
            return [t[::-1] for t in texts]

    with tempfile.TemporaryDirectory() as tmp:
        cached = CachedTranslator(Never(), TranslationCache(Path(tmp) / "c.sqlite3"))
        texts = [f"جملة رقم {i} من الأخبار اليوم" for i in range(n)]
        start = time.perf_counter()
        cached.translate(texts)
        fill = time.perf_counter() - start
        again = CachedTranslator(Never(), TranslationCache(Path(tmp) / "c.sqlite3"))
        start = time.perf_counter()
        again.translate(texts)
        hit = time.perf_counter() - start
        assert again.hits == n
    return {"segments": n, "fill_per_s": n / fill, "hits_per_s": n / hit}


def _gpu_name(device: str) -> str:
    import torch

    return f"GPU {torch.cuda.get_device_name(int(device.partition(':')[2] or 0))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--sentences", type=int, default=48)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--in-tokens", type=int, default=30)
    parser.add_argument("--out-tokens", type=int, default=30)
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (the GPU table)")
    parser.add_argument("--one", nargs=3, metavar=("SIZE", "BACKEND", "BEAMS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        size, backend, beams = args.one
        print(json.dumps(run_one(size, backend, int(beams), args.sentences, args.in_tokens, args.out_tokens, args.batch,
                                 args.device)))
        return
    rows = []
    for size in args.sizes:
        checkpoint(size)
        for backend, beams in (CUDA_RUNS if args.device.startswith("cuda") else RUNS):
            cmd = [sys.executable, __file__, "--one", size, backend, str(beams), "--device", args.device,
                   "--sentences", str(args.sentences),
                   "--batch", str(args.batch), "--in-tokens", str(args.in_tokens), "--out-tokens", str(args.out_tokens)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
            print(f"{size} {backend} beam {beams}: {rows[-1]['sent_per_s']:.1f} sent/s", file=sys.stderr)
    where = _gpu_name(args.device) if args.device.startswith("cuda") else f"{os.cpu_count()} CPU cores"
    print(f"\nbatch {args.batch}, ~{args.in_tokens} tokens in, exactly {args.out_tokens} decoder steps out, "
          f"{args.sentences} sentences per row, {where}\n")
    print("| model | backend | compute | beam | sentences/s | tokens/s | peak RSS MB | speed-up vs transformers |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        ref = next(r for r in rows if r["size"] == row["size"] and r["beams"] == row["beams"]
                   and r["backend"].startswith("transformers"))
        print(f"| {row['size']} | {row['backend']} | {row['compute_type']} | {row['beams']} | {row['sent_per_s']:.1f} "
              f"| {row['tok_per_s']:.0f} | {row['peak_rss_mb']:.0f} | {row['sent_per_s'] / ref['sent_per_s']:.2f}× |")
    cache = cache_hits_per_second()
    print(f"\n| translation cache | segments | writes/s | hits/s |\n|---|---|---|---|\n"
          f"| SQLite WAL | {cache['segments']} | {cache['fill_per_s']:.0f} | {cache['hits_per_s']:.0f} |")


if __name__ == "__main__":
    main()
