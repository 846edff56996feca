"""Scale-out: `multiling annotate` on the local engine vs Ray (1 and 2 actors) vs Spark local[2], same records and model.

Every row runs the real command (``multiling annotate in.jsonl --out out.jsonl --engine ...``) in a fresh process,
on ``--records`` records and on ``--probe`` records (each ``--repeats`` times, the fastest kept: other processes
share the machine). From the two wall times:

* **start-up** = the wall time of the probe run (engine start, worker processes, model loads, a few records);
* **throughput** = ``N / wall_N``, end to end, start-up included (on a shared 2-core machine the start-up varies by
  more than the per-record time of 1,000 records, so a rate "once running" cannot be told apart reliably);
* **peak memory** = the largest sum of resident memory over the whole process tree (driver, Ray's raylet/GCS and
  actors, Spark's JVM and Python workers), sampled every 0.2 s;
* **non-model cost** = ``wall_N - wall_N(local)``: what the engine adds to the same run (starting it, serialising
  records and documents, scheduling, moving results back), as a share of the model time of the N records (time
  inside the translator, measured in-process on the same records).

Every output is checked byte for byte against the local engine's. The model is the tiny test Marian
(``multiling.testing.make_tiny_marian``, greedy): it makes the model's share small, so the engines' own costs show.

    python bench/scale_out.py                       # 1,000 records, each run twice (~10 min on 2 busy cores)
    python bench/scale_out.py --records 200 --engines local ray-1
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ENGINES = {
    "local": [],
    "ray-1": ["--engine", "ray", "--workers", "1"],
    "ray-2": ["--engine", "ray", "--workers", "2"],
    "spark-2": ["--engine", "spark", "--workers", "2"],
}
COMMON = ["--offline", "--no-cache", "--threads", "1", "--beam", "1", "-q"]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry))
    return tree


def _tree_rss_mib(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, in MiB."""
    tree, total, stack = _children(), 0.0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(tree.get(pid, ()))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def run_cli(source: Path, out: Path, model: Path, engine: str) -> tuple[float, float, int]:
    """``(wall seconds, peak tree memory MiB, exit code)`` of one ``multiling annotate`` run."""
    command = [sys.executable, "-c", "from multiling.cli import main; main()", "annotate", str(source),
               "--model", str(model), "--out", str(out), *COMMON, *ENGINES[engine]]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_mib(process.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{engine} failed (exit {process.returncode}):\n{stderr.decode(errors='replace')[-2000:]}")
    return wall, peak, process.returncode


def model_seconds(records: list[dict], model: Path) -> float:
    """Seconds spent inside the translator for ``records``, in-process, one thread, as the CLI rows run."""
    import torch

    from multiling.pipeline import Pipeline

    torch.set_num_threads(1)
    pipeline = Pipeline(model=str(model), offline=True, cache=False, num_beams=1)
    pipeline.warmup()
    glosser = pipeline.translator
    spent = 0.0
    inner = glosser.gloss

    def timed(items):  # type: ignore[no-untyped-def]
        nonlocal spent
        started = time.perf_counter()
        try:
            return inner(items)
        finally:
            spent += time.perf_counter() - started

    glosser.gloss = timed  # type: ignore[method-assign]
    list(pipeline.annotate_many(records))
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--probe", type=int, default=10, help="records of the start-up run")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument("--repeats", type=int, default=2, help="runs of each measurement; the fastest is kept "
                                                                  "(other processes share the machine)")
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from multiling.testing import make_tiny_marian, sample_records

    work = Path(tempfile.mkdtemp(prefix="multiling-scale-out-"))
    model = make_tiny_marian(work / "tiny-ar-en", src="ar", seed=0)
    records = sample_records(args.records)
    inputs = {}
    for name, count in (("full", args.records), ("probe", args.probe)):
        inputs[name] = work / f"{name}.jsonl"
        inputs[name].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:count]), encoding="utf-8")

    per_record_model = min(model_seconds(records, model) for _ in range(args.repeats)) / args.records
    print(f"{args.records} records, tiny Marian (greedy, 1 thread per worker), {os.cpu_count()} CPUs; "
          f"model time {per_record_model * 1000:.1f} ms/record (in-process)\n", flush=True)
    local_wall = None
    reference = None
    for engine in args.engines:
        probe_wall = min(run_cli(inputs["probe"], work / f"{engine}-probe.jsonl", model, engine)[0]
                         for _ in range(args.repeats))
        runs = [run_cli(inputs["full"], work / f"{engine}.jsonl", model, engine) for _ in range(args.repeats)]
        wall, peak, code = min(run[0] for run in runs), max(run[1] for run in runs), runs[-1][2]
        output = (work / f"{engine}.jsonl").read_bytes()
        reference = reference if reference is not None else output
        local_wall = local_wall if local_wall is not None else wall
        print(f"| {engine} | {probe_wall:.1f} s | {wall:.1f} s | {args.records / wall:.0f} rec/s | {peak:.0f} MiB | "
              f"{wall - local_wall:+.1f} s = {(wall - local_wall) / (per_record_model * args.records):.1f}x | "
              f"{'yes' if output == reference else 'NO'} | exit {code} |", flush=True)
    print("\ncolumns: engine | start-up (probe run) | wall | throughput (end to end) | peak memory (process tree) | "
          "non-model cost: wall minus the first row's, and that over the model time | output identical to the first "
          "row's, byte for byte | exit")


if __name__ == "__main__":
    main()
