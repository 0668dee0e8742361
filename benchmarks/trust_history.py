"""Time the trust history: the register's five snapshots of its links file, April 2017 to June 2019.

Run ``python benchmarks/trust_history.py`` beside ``../shared/data/real`` (or with
``$SCHOOLNET_REAL_DATA``). It times, median of 3:

- ``read_trust_history`` of the five files (62,015 rows, 8,859 schools): the
  goal is under 3 s;
- ``snapshots`` of the history on the five snapshot dates;
- ``changes`` between May 2018 and June 2019 (``rank_by="degree"``).

It prints seconds per stage and the peak memory of the read, and the processor time of
the read beside its wall-clock time, which on a shared machine the other work inflates;
it asserts nothing.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

from _timing import median_seconds, peak_rss_mb, reset_peak

import schoolnet

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("SCHOOLNET_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))
FOLDER = REAL / "gias-trust-links-2017-2019"
DATES = ["2017-04-03", "2018-05-01", "2018-09-02", "2019-01-01", "2019-06-01"]


def read() -> schoolnet.Tables:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", schoolnet.SchoolnetWarning)
        return schoolnet.read_trust_history(FOLDER)


def main() -> None:
    reset_peak()
    wall, cpu = time.perf_counter(), time.process_time()
    history = read()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{len(history.schools):,} schools, {len(history.memberships):,} stays, peak {peak_rss_mb():.0f} MB")
    print(f"one read: {wall:.2f} s wall-clock, {cpu:.2f} s of processor time")
    between = ("2018-05-01", "2019-06-01")
    print(f"read_trust_history (5 files):   {median_seconds(read):6.2f} s")
    print(f"snapshots (5 dates):            {median_seconds(lambda: schoolnet.snapshots(history, DATES)):6.2f} s")
    found = median_seconds(lambda: schoolnet.changes(history, between=between, require=(), rank_by="degree"))
    print(f"changes, May 2018 to June 2019: {found:6.2f} s")


if __name__ == "__main__":
    main()
