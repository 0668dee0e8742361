"""Benchmark reading the DfE register's national extracts and building the national network.

Run ``python benchmarks/bench_gias.py``. The extracts are found in
``$SCHOOLNET_REAL_DATA``, by default ``../shared/data/real`` from the
repository's root. Prints the seconds and peak memory of each stage: the
establishments file read alone, then the three files read together and the
network built from them (the total is that of the second table).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

from _timing import Stages

import schoolnet

ROOT = Path(__file__).resolve().parent.parent


def real_data() -> Path:
    """The folder of the real register extracts; a relative path is taken from the repository's root."""
    return ROOT / os.environ.get("SCHOOLNET_REAL_DATA", "../shared/data/real")


def main() -> None:
    folder = real_data()
    establishments = folder / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz"
    links = folder / "gias-groups-2022-07" / "group_links.csv.gz"
    groups = folder / "gias-groups-2022-07" / "groups.csv.gz"
    missing = [str(p) for p in (establishments, links, groups) if not p.is_file()]
    if missing:
        sys.exit(f"real data not found: {', '.join(missing)}; set SCHOOLNET_REAL_DATA")
    warnings.simplefilter("ignore", schoolnet.SetAsideWarning)
    schoolnet.read_gias(establishments)  # import and warm up once, outside the stages

    alone = Stages("read_gias on the establishments file alone")
    with alone.stage("read establishments"):
        schools_only = schoolnet.read_gias(establishments)
    stages = Stages(f"schoolnet {schoolnet.__version__}: national register extracts, read and built")
    with stages.stage("read establishments + links + groups"):
        tables = schoolnet.read_gias(establishments, links=links, groups=groups)
    with stages.stage("build network (as_of 2022-07-06)"):
        G = schoolnet.build_network(tables, as_of="2022-07-06")
    print(alone.report())
    print()
    print(stages.report())
    extra = stages.seconds("read establishments + links + groups") - alone.seconds("read establishments")
    print(f"of which reading links + groups: {extra:.3f} s")
    print(
        f"schools: {len(schools_only.schools):,}; groups: {len(tables.groups):,}; "
        f"memberships: {len(tables.memberships):,}; set aside: {len(tables.rejected):,}; "
        f"ties: {G.number_of_edges():,}"
    )


if __name__ == "__main__":
    main()
