"""Time the network on many dates: England's trusts on every 1 September from 2011 to 2022.

Run ``python benchmarks/changes.py`` beside ``../shared/data/real`` (or with
``$SCHOOLNET_REAL_DATA``). It reads the DfE register's July 2022 extracts and
times, median of 3:

- ``snapshots``: the 12 annual networks, built from one pass over the
  memberships (``build_network(as_of="all")`` once, then the live ties of each
  date chosen by comparing dates);
- the same 12 networks built one by one with ``build_network(as_of=date)``,
  for comparison;
- isolation (``require=()``, as the register records no clusters) and degree
  on each of the 12 snapshots;
- ``changes`` between 2021 and 2022.

It prints seconds per stage; it asserts nothing.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from pathlib import Path

from _timing import median_seconds

import schoolnet

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("SCHOOLNET_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))
DATES = [f"{year}-09-01" for year in range(2011, 2023)]


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", schoolnet.SetAsideWarning)
        tables = schoolnet.read_gias(
            REAL / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz",
            links=REAL / "gias-groups-2022-07" / "group_links.csv.gz",
            groups=REAL / "gias-groups-2022-07" / "groups.csv.gz",
        )
    print(f"{len(tables.schools):,} schools, {len(tables.memberships):,} memberships, {len(DATES)} dates")

    def measured() -> None:
        for G in schoolnet.snapshots(tables, DATES).values():
            schoolnet.isolation(G, require=())
            schoolnet.centrality(G, measures=["degree"])

    stages: dict[str, Callable[[], object]] = {
        "snapshots (12 dates, one pass)": lambda: schoolnet.snapshots(tables, DATES),
        "build_network on each date (12 builds)": lambda: [schoolnet.build_network(tables, as_of=d) for d in DATES],
        "snapshots with isolation and degree on each": measured,
        "changes, 2021 to 2022": lambda: schoolnet.changes(
            tables, between=("2021-09-01", "2022-09-01"), require=(), rank_by="degree"
        ),
    }
    for name, run in stages.items():
        print(f"{name:<48} {median_seconds(run):6.2f} s")


if __name__ == "__main__":
    main()
