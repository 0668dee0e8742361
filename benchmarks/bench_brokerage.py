"""Benchmark brokering support at national scale.

Run ``python benchmarks/bench_brokerage.py``. On the synthetic national
network (22,000 schools) it times families of similar schools, the eligible
pairs within 20 km (pruned by a KD-tree), recommendations, and the whole
assignment with the scipy solver; and it compares the scipy and networkx
solvers on one region, where both are quick enough to run.
"""

from __future__ import annotations

import time

from _timing import Stages

import schoolnet
from schoolnet.brokerage import _solve_networkx, _solve_scipy, candidate_pairs, capacities
from schoolnet.datasets import synthetic


def main() -> None:
    G = schoolnet.build_network(synthetic(22_000, seed=0), as_of="2025-09-01")
    stages = Stages(
        f"schoolnet {schoolnet.__version__}: brokering support, synthetic national network ({len(G):,} schools)"
    )
    with stages.stage("who is in need (default definition)"):
        need = schoolnet.in_need(G)
    with stages.stage("similar schools, k = 10"):
        family = schoolnet.similar_schools(G, k=10)
    with stages.stage("eligible pairs within 20 km, scored"):
        pairs = candidate_pairs(G, need.index[need], max_km=20, capacity=None, weights=None)
    with stages.stage("recommend_supporters, top 5"):
        schoolnet.recommend_supporters(G, need.index[need], top=5)
    with stages.stage("assign_supporters (scipy), whole round"):
        result = schoolnet.assign_supporters(G, need=need)
    print(stages.report())
    print(
        f"schools in need: {int(need.sum()):,}; eligible pairs: {len(pairs):,}; family rows: {len(family):,}; "
        f"matched: {len(result.pairs):,}; unmatched: {len(result.unmatched):,}"
    )

    region = schoolnet.select_schools(G, la=sorted({la for _, la in G.nodes(data="la")})[:10])
    region_need = schoolnet.in_need(region)
    region_pairs = candidate_pairs(region, region_need.index[region_need], max_km=20, capacity=None, weights=None)
    remaining = capacities(region)["remaining"]
    for name, solve in (("scipy", _solve_scipy), ("networkx", _solve_networkx)):
        start = time.perf_counter()
        chosen = solve(region_pairs, remaining)
        seconds = time.perf_counter() - start
        total = region_pairs["score"].iloc[chosen].sum()
        print(f"{name:>8} solver on {len(region):,} schools, {len(region_pairs):,} pairs: {seconds:.2f} s, "
              f"{len(chosen)} matched, total score {total:.4f}")  # fmt: skip


if __name__ == "__main__":
    main()
