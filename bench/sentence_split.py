"""Sentence splitting for the translator, measured: multiling's rules (with and without the abbreviation rule)
against the maintained splitters pysbd and sentencex, on FLORES-200 dev.

FLORES lines are single sentences (a few hold two), so for each language:
  * over-split: lines cut into more than one piece (a sentence sent to the model in fragments);
  * missed: pairs of consecutive lines joined by a space that are *not* cut exactly at the join.
Plus a handful of abbreviation cases written for this bench (ABBREVIATIONS) that FLORES rarely contains.

    python bench/sentence_split.py                     # all FLORES languages present (~1-2 min)
    python bench/sentence_split.py --langs fr ru hi ar

Splitters that are not installed are skipped; pysbd is only asked about the languages it supports.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FLORES = Path(__file__).resolve().parents[2] / "shared" / "data" / "flores200-dev"
#: (language, text, expected sentences).
ABBREVIATIONS = [
    ("fr", "M. Dupont a dit que tout va bien. Il est parti.", 2),
    ("fr", "Mme Martin et M. Durand sont arrivés. La réunion a commencé.", 2),
    ("ru", "Это, т. е. вот так, было сказано. Потом всё кончилось.", 2),
    ("ru", "Он приехал в г. Москву. Там его ждали.", 2),
    ("de", "Das ist z. B. ein Satz. Hier ist der nächste.", 2),
    ("es", "El Sr. García habló ayer. Nadie respondió.", 2),
    ("en", "Dr. Smith met J. R. R. Tolkien. They talked.", 2),
    ("it", "Il dott. Rossi ha detto di no. Poi è uscito.", 2),
    ("ar", "قال الرئيس إن الوضع صعب. ثم غادر القاعة.", 2),
    ("hi", "यह एक वाक्य है। यह दूसरा है।", 2),
]


def splitters() -> dict[str, Callable[[str, str], list[str]]]:
    from multiling.translate import text as tx

    out: dict[str, Callable[[str, str], list[str]]] = {}

    def rules(lang: str, text: str) -> list[str]:
        return [text[a:b] for a, b in tx.split_sentences(text)]

    def rules_without_abbreviations(lang: str, text: str) -> list[str]:
        original = tx.is_abbreviation
        tx.is_abbreviation = lambda *args: False  # type: ignore[assignment]
        try:
            return rules(lang, text)
        finally:
            tx.is_abbreviation = original

    out["multiling rules"] = rules
    out["rules, no abbreviations"] = rules_without_abbreviations
    try:
        import pysbd
        from pysbd.languages import LANGUAGE_CODES

        cache: dict[str, object] = {}

        def with_pysbd(lang: str, text: str) -> list[str]:
            if lang not in LANGUAGE_CODES:
                return rules(lang, text)  # unsupported: counted with multiling's rules (noted in the output)
            seg = cache.setdefault(lang, pysbd.Segmenter(language=lang, clean=False))
            return [s.strip() for s in seg.segment(text) if s.strip()]  # type: ignore[attr-defined]

        out["pysbd (rules where unsupported)"] = with_pysbd
    except ImportError:
        pass
    try:
        import sentencex

        out["sentencex"] = lambda lang, text: [s.strip() for s in sentencex.segment(lang, text) if s.strip()]
    except ImportError:
        pass
    return out


def measure(split: Callable[[str, str], list[str]], lang: str, lines: list[str]) -> tuple[int, int, int]:
    over = sum(len(split(lang, line)) > 1 for line in lines)
    missed = 0
    for first, second in zip(lines, lines[1:]):
        pieces = split(lang, f"{first} {second}")
        if not pieces or re.sub(r"\s+", " ", pieces[-1]) != re.sub(r"\s+", " ", second.strip()) or len(pieces) != \
                len(split(lang, first)) + len(split(lang, second)):
            missed += 1
    return over, missed, len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", nargs="*", default=None)
    parser.add_argument("--lines", type=int, default=300, help="FLORES lines per language")
    args = parser.parse_args()
    langs = args.langs or sorted(p.stem for p in FLORES.glob("*.txt") if p.stem != "en")
    table = splitters()
    print(f"FLORES-200 dev, {len(langs)} languages, first {args.lines} lines each\n")
    print("| splitter | over-split lines | missed sentence ends | abbreviation cases right | seconds |")
    print("|---|---|---|---|---|")
    for name, split in table.items():
        start = time.perf_counter()
        over = missed = total = 0
        for lang in langs:
            lines = (FLORES / f"{lang}.txt").read_text(encoding="utf-8").splitlines()[: args.lines]
            o, m, n = measure(split, lang, lines)
            over, missed, total = over + o, missed + m, total + n
        right = sum(len(split(lang, text)) == want for lang, text, want in ABBREVIATIONS)
        seconds = time.perf_counter() - start
        print(f"| {name} | {over} ({100 * over / total:.2f}%) | {missed} ({100 * missed / max(1, total - len(langs)):.2f}%) "
              f"| {right}/{len(ABBREVIATIONS)} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
