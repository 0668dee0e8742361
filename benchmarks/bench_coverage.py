"""Benchmark the reach and coverage measures on a national-scale network.

Run ``python benchmarks/bench_coverage.py [n_schools]``. Prints the seconds and
memory of each stage. Every measure runs for every system leader: about 1,800
of them at the default 22,000 schools.
"""

from __future__ import annotations

import sys

from _timing import Stages

import schoolnet
from schoolnet.datasets import synthetic


def main(n_schools: int = 22_000) -> None:
    stages = Stages(f"schoolnet {schoolnet.__version__}: reach and coverage ({n_schools:,} schools)")
    with stages.stage("synthetic tables + build_network"):
        G = schoolnet.build_network(synthetic(n_schools, seed=0), as_of="2025-09-01")
    with stages.stage("in_need (default: Ofsted or isolated)"):
        need = schoolnet.in_need(G)
    leaders = schoolnet.system_leaders(G)
    with stages.stage("reach (hops 1, 2; 5, 10, 20 km)"):
        table = schoolnet.reach(G, need=need)
    with stages.stage("reach (hops 1, 2, 3; no km)"):
        schoolnet.reach(G, hops=(1, 2, 3), km=(), need=need)
    with stages.stage("reach, default need"):
        schoolnet.reach(G)
    with stages.stage("nearest_leader"):
        schoolnet.nearest_leader(G)
    with stages.stage("coverage by district"):
        areas = schoolnet.coverage(G, need=need)
    with stages.stage("coverage by la, default need"):
        schoolnet.coverage(G, by="la")
    with stages.stage("uncovered"):
        gaps = schoolnet.uncovered(G, need=need)
    with stages.stage("suggest_leaders (n=10)"):
        picks = schoolnet.suggest_leaders(G, need=need, n=10)
    with stages.stage("suggest_leaders (n=10, hops=1, km=5)"):
        schoolnet.suggest_leaders(G, need=need, n=10, hops=1, km=5)
    print(stages.report())
    print(
        f"leaders: {len(leaders):,}; median schools within 2 hops: {table['hops_2'].median():.0f}; "
        f"schools in need: {int(areas['in_need'].sum()):,}; uncovered: {len(gaps):,}; "
        f"{len(picks)} suggested designations cover {int(picks['gain'].sum())} of them"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 22_000)
