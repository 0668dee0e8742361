"""Benchmark generating, building and collapsing a national-scale network.

Run ``python benchmarks/bench_network.py [n_schools]``. Prints the seconds and
memory of each stage.
"""

from __future__ import annotations

import sys

from _timing import Stages

import schoolnet
from schoolnet.datasets import synthetic


def main(n_schools: int = 22_000) -> None:
    stages = Stages(f"schoolnet {schoolnet.__version__}: national-scale network ({n_schools:,} schools)")
    with stages.stage("synthetic tables"):
        tables = synthetic(n_schools, seed=0)
    with stages.stage("build_network (as_of 2025-09-01)"):
        G = schoolnet.build_network(tables, as_of="2025-09-01")
    with stages.stage("collapse"):
        H = schoolnet.collapse(G)
    with stages.stage("load_sample + build_network"):
        schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    print(stages.report())
    print(f"ties: {G.number_of_edges():,}; collapsed edges: {H.number_of_edges():,}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 22_000)
