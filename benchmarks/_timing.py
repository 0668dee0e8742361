"""Time and memory of each stage of a benchmark, printed as a table.

Each stage reports its wall time and the peak resident memory of the process
while it ran. On Linux the peak is reset before each stage (by writing 5 to
``/proc/self/clear_refs``) and read from ``VmHWM`` after it, so it is the
stage's own peak, measured at no cost to its speed. Elsewhere it is the
process's peak so far.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR = Path("/proc/self/clear_refs")


def _reset_peak() -> bool:
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


@dataclass
class Stages:
    """Collects the stages of one benchmark run."""

    title: str
    rows: list[tuple[str, float, float]] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage and record its peak memory."""
        _reset_peak()
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            self.rows.append((name, seconds, peak_rss_mb()))
            print(f"  {name:<50} {seconds:8.3f} s", file=sys.stderr, flush=True)

    def seconds(self, name: str) -> float:
        """The time of a stage already run."""
        return next(s for n, s, _ in self.rows if n == name)

    def report(self) -> str:
        """The stages as a table, with the total time and the highest peak."""
        lines = [self.title, f"{'stage':<52}{'seconds':>9}{'peak RSS MB':>13}"]
        lines += [f"{name:<52}{seconds:9.3f}{rss:13.1f}" for name, seconds, rss in self.rows]
        total = sum(r[1] for r in self.rows)
        highest = max((r[2] for r in self.rows), default=0.0)
        lines.append(f"{'total':<52}{total:9.3f}{highest:13.1f}")
        return "\n".join(lines)
