"""Resident memory of the current process, for the benchmark tables."""

from __future__ import annotations

import resource
from pathlib import Path


def _proc_status_mib(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mib() -> float:
    """Current resident set size in MiB (Linux /proc; elsewhere the peak)."""
    current = _proc_status_mib("VmRSS")
    return current if current is not None else peak_rss_mib()


def peak_rss_mib() -> float:
    """Peak resident set size of this process since it started its program, in MiB.

    ``VmHWM`` rather than ``ru_maxrss``: Linux carries ``ru_maxrss`` over ``fork``/``exec``, so a child started by
    a parent that had grown to 1.8 GB reports at least 1.8 GB whatever it used itself.
    """
    peak = _proc_status_mib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
