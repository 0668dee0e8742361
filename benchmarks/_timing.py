"""Time and memory of each stage of a benchmark, printed as a table.

Each stage reports its wall time, the peak memory traced while it ran (Python
and NumPy allocations, via tracemalloc), and the process's peak resident
memory so far.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

MB = 1024 * 1024


@dataclass
class Stages:
    """Collects the stages of one benchmark run."""

    title: str
    rows: list[tuple[str, float, float, float]] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage."""
        tracemalloc.start()
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            self.rows.append((name, seconds, peak / MB, peak_rss_mb()))
            print(f"  {name:<44} {seconds:8.3f} s {peak / MB:9.1f} MB traced", file=sys.stderr, flush=True)

    def report(self) -> str:
        """The stages as a table, with the total."""
        lines = [self.title, f"{'stage':<46}{'seconds':>9}{'traced MB':>12}{'peak RSS MB':>13}"]
        for name, seconds, traced, rss in self.rows:
            lines.append(f"{name:<46}{seconds:9.3f}{traced:12.1f}{rss:13.1f}")
        total = sum(r[1] for r in self.rows)
        lines.append(f"{'total':<46}{total:9.3f}{'':>12}{peak_rss_mb():13.1f}")
        return "\n".join(lines)


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / MB
