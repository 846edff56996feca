"""Segmentation speed against pycld2 on the real sets, measured so that a shared machine disturbs it little.

``bench/real_bench.py`` times each system over the whole set, one after the other, in wall-clock time: when the
machine's load changes between the two (other sessions' jobs), the ratio moves by a factor of two from run to run.
Here the passes alternate (multiling, pycld2, multiling, ...), each is timed in CPU time of this process
(``time.process_time``: waiting for a core does not count), and the fastest pass of each system is kept. Same
systems as the benchmark (``bench.segment_bench`` factories: multiling's spans, pycld2 with its byte-to-code-point
mapping), same texts, one thread, warm.

    python bench/interleaved_speed.py                # real English sentences and real mixed documents, 9 passes
    python bench/interleaved_speed.py --passes 15 --json out.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.real.load import load_documents, load_english  # noqa: E402
from bench.segment_bench import make_multiling, make_pycld2  # noqa: E402


def fastest_passes(runs: dict[str, Callable[[str], object]], texts: Sequence[str], passes: int) -> dict[str, float]:
    """The CPU seconds of each system's fastest pass over ``texts``, the systems' passes alternating."""
    for run in runs.values():  # warm: lazily loaded profiles and caches stay outside the timing
        for text in texts:
            run(text)
    best = {name: float("inf") for name in runs}
    for _ in range(passes):
        for name, run in runs.items():
            started = time.process_time()
            for text in texts:
                run(text)
            best[name] = min(best[name], time.process_time() - started)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=9, help="passes per system and set (the fastest is kept)")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    runs = {"multiling": make_multiling(), "pycld2": make_pycld2()}
    sets = {
        "real pure English (one call per sentence)": [e["text"] for e in load_english()],
        "real mixed documents": [d["text"] for d in load_documents()],
    }
    rows = []
    print("| set | calls | multiling µs/call | pycld2 µs/call | multiling MB/s | pycld2 MB/s | multiling / pycld2 |")
    print("|---|---|---|---|---|---|---|")
    for name, texts in sets.items():
        seconds = fastest_passes(runs, texts, args.passes)
        megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
        row = {
            "set": name,
            "calls": len(texts),
            "us_per_call": {system: seconds[system] / len(texts) * 1e6 for system in runs},
            "mbps": {system: megabytes / seconds[system] for system in runs},
        }
        row["ratio"] = row["mbps"]["multiling"] / row["mbps"]["pycld2"]
        rows.append(row)
        us, mbps = row["us_per_call"], row["mbps"]
        print(
            f"| {name} | {len(texts)} | {us['multiling']:.1f} | {us['pycld2']:.1f} | {mbps['multiling']:.2f} | "
            f"{mbps['pycld2']:.2f} | **{row['ratio']:.2f}×** |"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"passes": args.passes, "rows": rows}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
