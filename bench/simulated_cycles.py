"""Segmentation cost on the real sets in simulated CPU cycles: a measure a busy machine does not disturb.

On a machine shared by several sessions CPU time moves by 10-30% from run to run (other processes thrash the caches),
more than most single speed changes. This runs one warm pass of ``multiling.segment`` over a real set under
valgrind's callgrind with its cache simulation and reports the instructions executed and an estimate of cycles
(instructions + 10 per first-level cache miss + 100 per last-level miss): the same code and input give the same
numbers to within ~0.1%, so two versions of the segmenter compare exactly (copy it into each checkout and run it there). Needs valgrind
(``apt-get install valgrind``); one set takes a minute or two.

    python bench/simulated_cycles.py                  # both real sets
    python bench/simulated_cycles.py --set docs
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout this script is in is the one measured
SETS = ("english", "docs")


def _texts(name: str) -> list[str]:
    from bench.real.load import load_documents, load_english

    return [e["text"] for e in load_english()] if name == "english" else [d["text"] for d in load_documents()]


def _child(name: str) -> None:
    """One warm pass over a set, with callgrind's instrumentation on for the pass only."""
    from multiling.segment import segment

    texts = _texts(name)
    for text in texts:  # warm: word lists, profiles and tables are loaded outside the count
        segment(text)
    gc.collect()
    gc.disable()  # a pass triggers no collection in a plain process; the harness's own allocations must not either
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], stdout=subprocess.DEVNULL, check=True)
    for text in texts:
        segment(text)
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], stdout=subprocess.DEVNULL, check=True)
    time.sleep(1)  # let valgrind take the command before the interpreter's teardown
    os._exit(0)


def measure(name: str) -> dict[str, float]:
    """Instructions and estimated cycles of one pass over set ``name`` (millions)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--cache-sim=yes", f"--callgrind-out-file={out}",
             sys.executable, __file__, "--child", name],
            check=True, capture_output=True,
        )
        events = summary = None
        for line in out.read_text().splitlines():
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith("summary:") or line.startswith("totals:"):
                summary = [int(value) for value in line.split()[1:]]
        if events is None or summary is None:
            raise RuntimeError(f"no event summary in callgrind's output for {name}")
    count = dict(zip(events, summary))
    first_level = count.get("I1mr", 0) + count.get("D1mr", 0) + count.get("D1mw", 0)
    last_level = count.get("ILmr", 0) + count.get("DLmr", 0) + count.get("DLmw", 0)
    return {
        "instructions": count["Ir"] / 1e6,
        "cycles": (count["Ir"] + 10 * first_level + 100 * last_level) / 1e6,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=SETS, action="append", help="a real set (both by default)")
    parser.add_argument("--child", choices=SETS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
    print("| set | calls | million instructions per pass | million simulated cycles per pass |")
    print("|---|---|---|---|")
    for name in args.set or SETS:
        result = measure(name)
        print(f"| {name} | {len(_texts(name))} | {result['instructions']:.1f} | {result['cycles']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
