"""Translation quality: BLEU and chrF (sacrebleu) of a model, or of saved outputs, on FLORES-200 dev ar→en.

    # score the six saved systems in ../shared/data/flores200-dev/ar-en-systems/ (no model, no network)
    python bench/translate_quality.py --systems

    # translate ar.txt with a model and score it (needs the model on disk: `multiling models pull ar`)
    python bench/translate_quality.py --model Helsinki-NLP/opus-mt-tc-big-ar-en --backend ctranslate2
    python bench/translate_quality.py --src ar --profile fast --limit 200

The data folder is ../shared/data/flores200-dev relative to the repository (override: MULTILING_FLORES_DIR).
Expected (published / measured elsewhere): opus-mt-tc-big-ar-en ≈ 42 BLEU, opus-mt-ar-en ≈ 34 BLEU.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def flores_dir() -> Path:
    """FLORES-200 dev: $MULTILING_FLORES_DIR, else ../shared/data/flores200-dev from the repository root."""
    return Path(os.environ.get("MULTILING_FLORES_DIR", REPO.parent / "shared" / "data" / "flores200-dev"))


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def score(hypotheses: list[str], references: list[str]) -> dict:
    """Corpus BLEU and chrF (sacrebleu defaults: 13a tokenisation), with their signatures.

    Raises:
        ValueError: if the two lists differ in length.
    """
    import sacrebleu

    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses for {len(references)} references")
    bleu = sacrebleu.metrics.BLEU()
    chrf = sacrebleu.metrics.CHRF()
    b = bleu.corpus_score(hypotheses, [references])
    c = chrf.corpus_score(hypotheses, [references])
    return {"bleu": round(b.score, 1), "chrf": round(c.score, 1), "n": len(hypotheses),
            "bleu_signature": str(bleu.get_signature()), "chrf_signature": str(chrf.get_signature())}


def score_systems(folder: Path, reference: Path) -> list[tuple[str, dict]]:
    """Score every ``*.en`` file in ``folder`` against ``reference``; best BLEU first."""
    refs = read_lines(reference)
    rows = [(path.stem, score(read_lines(path), refs)) for path in sorted(folder.glob("*.en"))]
    return sorted(rows, key=lambda row: -row[1]["bleu"])


def translate_file(args: argparse.Namespace, sources: list[str]) -> tuple[list[str], dict, float]:
    from multiling.translate import load_translator

    translator = load_translator(args.model, src=None if args.model else args.src, profile=args.profile,
                                 backend=args.backend, device=args.device, cache=not args.no_cache,
                                 num_beams=args.beam)
    start = time.perf_counter()
    hypotheses = translator.translate(sources)
    return hypotheses, translator.signature, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", action="store_true", help="Score the saved outputs in ar-en-systems/.")
    parser.add_argument("--model", default=None, help="Model id or directory to translate with.")
    parser.add_argument("--src", default="ar")
    parser.add_argument("--profile", choices=["best", "fast"], default="best")
    parser.add_argument("--backend", choices=["transformers", "ctranslate2"], default="transformers")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N sentences.")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--save", default=None, help="Write the translations here, one per line.")
    args = parser.parse_args()
    data = flores_dir()
    if not (data / "en.txt").is_file():
        sys.exit(f"FLORES-200 dev data not found at {data}; set MULTILING_FLORES_DIR")
    if args.systems:
        print(f"FLORES-200 dev ar→en, {len(read_lines(data / 'en.txt'))} sentences, sacrebleu defaults\n")
        print("| system | BLEU | chrF |\n|---|---|---|")
        for name, result in score_systems(data / "ar-en-systems", data / "en.txt"):
            print(f"| {name} | {result['bleu']:.1f} | {result['chrf']:.1f} |")
        return
    sources = read_lines(data / f"{args.src}.txt")
    refs = read_lines(data / "en.txt")
    if args.limit:
        sources, refs = sources[: args.limit], refs[: args.limit]
    hypotheses, signature, seconds = translate_file(args, sources)
    if args.save:
        Path(args.save).write_text("\n".join(hypotheses) + "\n", encoding="utf-8")
    result = score(hypotheses, refs)
    print("| model | revision | backend | beam | sentences | BLEU | chrF | sent/s |\n|---|---|---|---|---|---|---|---|")
    print(f"| {signature['model']} | {signature['revision'][:12]} | {signature['backend']} {signature['compute_type']} "
          f"| {args.beam} | {result['n']} | {result['bleu']:.1f} | {result['chrf']:.1f} | {len(sources) / seconds:.1f} |")
    print(f"\n{result['bleu_signature']}")


if __name__ == "__main__":
    main()
