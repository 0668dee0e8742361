"""Benchmark the measures of isolation and structure at national scale.

Run ``python benchmarks/bench_measures.py``. Prints the seconds and peak
memory of each measure on the synthetic national network (22,000 schools)
and, when ``$SCHOOLNET_REAL_DATA`` (default ``../shared/data/real``) holds
the register extracts, on the real national register network. Also compares
the sparse structural holes with networkx's per-node implementation on a
sample of schools.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

import networkx as nx
from _timing import Stages

import schoolnet
from schoolnet.centrality import DEFAULT_BETWEENNESS_K
from schoolnet.datasets import synthetic

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("SCHOOLNET_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))


def measure(stages: Stages, G: nx.MultiGraph, by: str) -> None:
    with stages.stage("isolation"):
        schoolnet.isolation(G)
    with stages.stage("centrality, betweenness sampled from 20 schools"):
        schoolnet.centrality(G, betweenness_k=20, seed=0)
    with stages.stage(f"centrality, default sample ({DEFAULT_BETWEENNESS_K} schools)"):
        schoolnet.centrality(G, seed=0)
    H = schoolnet.collapse(G)
    with stages.stage("structural holes (sparse)"):
        schoolnet.structural_holes(H)
    with stages.stage(f"brokerage roles by {by}"):
        schoolnet.brokerage_roles(G, by=by)
    with stages.stage(f"E-I index by {by}, 1000 permutations"):
        schoolnet.ei_index(G, by=by, seed=0)
    with stages.stage("communities (Louvain) against clusters and districts"):
        schoolnet.communities(G, seed=0)


def holes_against_networkx(G: nx.MultiGraph, sample: int = 100) -> None:
    H = schoolnet.collapse(G)
    nodes = [u for u in H if H.degree(u)][:sample]
    start = time.perf_counter()
    schoolnet.structural_holes(H)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    nx.effective_size(H, nodes=nodes, weight="weight")
    nx.constraint(H, nodes=nodes, weight="weight")
    theirs = (time.perf_counter() - start) / len(nodes) * H.number_of_nodes()
    print(
        f"structural holes for all {H.number_of_nodes():,} schools: {ours:.2f} s sparse; networkx's per-node path "
        f"{theirs:,.0f} s (extrapolated from {len(nodes)} schools): {theirs / ours:,.0f} times as long"
    )


def main() -> None:
    G = schoolnet.build_network(synthetic(22_000, seed=0), as_of="2025-09-01")
    stages = Stages(
        f"schoolnet {schoolnet.__version__}: measures on the synthetic national network ({len(G):,} schools)"
    )
    measure(stages, G, by="la")
    print(stages.report())
    holes_against_networkx(G)
    establishments = REAL / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz"
    if establishments.exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = schoolnet.read_gias(
                establishments,
                links=REAL / "gias-groups-2022-07" / "group_links.csv.gz",
                groups=REAL / "gias-groups-2022-07" / "groups.csv.gz",
            )
        real = schoolnet.build_network(tables, as_of="2022-07-06")
        stages = Stages(
            f"measures on the real register network ({len(real):,} schools, {real.number_of_edges():,} ties)"
        )
        measure(stages, real, by="la")
        print(stages.report())
    else:
        print(f"(no register extracts at {REAL}: set SCHOOLNET_REAL_DATA)", file=sys.stderr)


if __name__ == "__main__":
    main()
