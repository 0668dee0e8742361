"""Peak memory of a stage of a benchmark.

On Linux the peak resident memory is reset before each stage (by writing 5 to
``/proc/self/clear_refs``) and read from ``VmHWM`` after it, so it is the
stage's own peak, measured at no cost to its speed. Elsewhere it is the
process's peak so far.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR = Path("/proc/self/clear_refs")


def reset_peak() -> bool:
    """Start measuring a new peak; False where the platform cannot."""
    try:
        _CLEAR.write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """The peak resident memory since the last reset (Linux) or since the start, in MB."""
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def median_seconds(run: Callable[[], object], repeat: int = 3) -> float:
    """The median wall-clock time of ``run`` over ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
