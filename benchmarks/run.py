"""Time every stage of a whole analysis, against networkx's and igraph's algorithms on the same graph.

Run ``python benchmarks/run.py --scale national`` (about 22,000 schools: the
synthetic network and, when ``$SCHOOLNET_REAL_DATA`` holds the DfE register
extracts, the real register) or ``--scale county`` (the sample county; a few
seconds). For each stage it prints:

- seconds: the median of ``--repeat`` runs (3 by default), and the peak
  resident memory while it ran;
- networkx: the time of the fastest correct networkx route to the same
  measure on the same graph (the collapsed graph, built beforehand), and how
  many times slower it is. When it would take more than two minutes it is
  timed on a sample of sources or schools and scaled up, and marked ``~``;
- igraph: the same for python-igraph (installed with the ``bench`` extra),
  where igraph has the measure, timed on an igraph graph built beforehand;
- equal: whether schoolnet's result equals the reference's, on the whole graph
  or on the sample timed.

igraph is only needed here; schoolnet never imports it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from _timing import peak_rss_mb, reset_peak

import schoolnet
from schoolnet.datasets import synthetic
from schoolnet.network._matrix import collapsed_ties
from schoolnet.tables.schema import IN_NEED_OFSTED

ROOT = Path(__file__).resolve().parent.parent

#: A reference predicted to take longer than this many seconds is timed on a sample and scaled up.
REFERENCE_LIMIT = 120.0

K = 256

#: networkx's whole-network effective size holds a dense schools x schools matrix: tried up to this many schools.
DENSE_LIMIT = 5_000


def real_data() -> Path:
    """The folder of the register extracts; a relative path is taken from the repository's root."""
    return ROOT / os.environ.get("SCHOOLNET_REAL_DATA", "../shared/data/real")


@dataclass
class Row:
    stage: str
    seconds: float
    peak_mb: float
    networkx: float | None = None
    networkx_note: str = ""
    igraph: float | None = None
    equal: str = ""


@dataclass
class Run:
    """The stages of one graph's analysis."""

    title: str
    repeat: int
    references: bool
    limit: float = REFERENCE_LIMIT
    rows: list[Row] = field(default_factory=list)

    def time(self, stage: str, work: Callable[[], Any]) -> Any:
        """Run ``work`` ``repeat`` times; record the median time and the highest peak memory."""
        times, peaks, result = [], [], None
        for _ in range(self.repeat):
            reset_peak()
            start = time.perf_counter()
            result = work()
            times.append(time.perf_counter() - start)
            peaks.append(peak_rss_mb())
        row = Row(stage, statistics.median(times), max(peaks))
        self.rows.append(row)
        print(f"  {stage:<46}{row.seconds:9.3f} s", file=sys.stderr, flush=True)
        return result

    @property
    def last(self) -> Row:
        return self.rows[-1]

    def table(self) -> str:
        head = f"{'stage':<46}{'seconds':>9}{'peak MB':>9}{'networkx s':>13}{'ratio':>8}{'igraph s':>10}{'ratio':>7}"
        head += "  equal"
        lines = [self.title, head, "-" * len(head)]
        for r in self.rows:
            nx_s = f"{r.networkx_note}{r.networkx:.2f}" if r.networkx is not None else "-"
            # A reference with nothing to do (no leaders, say) has no meaningful ratio.
            nx_ratio = f"{r.networkx / r.seconds:.0f}x" if r.networkx else "-"
            ig_s = f"{r.igraph:.3f}" if r.igraph is not None else "-"
            ig_ratio = f"{r.seconds / r.igraph:.1f}" if r.igraph is not None else "-"
            times = f"{r.seconds:9.3f}{r.peak_mb:9.0f}{nx_s:>13}{nx_ratio:>8}{ig_s:>10}{ig_ratio:>7}"
            lines.append(f"{r.stage:<46}{times}  {r.equal}")
        total = sum(r.seconds for r in self.rows)
        lines.append(f"{'total':<46}{total:9.3f}{max(r.peak_mb for r in self.rows):9.0f}")
        lines.append("ratio: networkx's time / schoolnet's; igraph's: schoolnet's time / igraph's (lower is better)")
        return "\n".join(lines)


@contextmanager
def quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"    reference {seconds:9.3f} s", file=sys.stderr, flush=True)
    return seconds, result


def scaled(
    run_some: Callable[[list[Any]], Any], items: list[Any], *, probe: int, limit: float
) -> tuple[float, str, Any, list[Any]]:
    """Time ``run_some`` on all ``items``, or on a sample scaled up when all would exceed the limit.

    Returns the time, "~" when it was scaled up, the result and the items run.
    """
    first = items[: min(probe, len(items))]
    seconds, result = timed(lambda: run_some(first))
    if len(first) == len(items):
        return seconds, "", result, first
    predicted = seconds * len(items) / len(first)
    if predicted <= limit:
        seconds, result = timed(lambda: run_some(items))
        return seconds, "", result, items
    return predicted, "~", result, first


def close(a: Any, b: Any, *, rtol: float = 1e-9, atol: float = 1e-12) -> str:
    ok = np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol, equal_nan=True)
    return "yes" if ok else "NO"


def igraph_graph(G: nx.MultiGraph) -> tuple[Any, np.ndarray] | None:
    """The collapsed network as an igraph graph, and its tie strengths; None without igraph."""
    try:
        import igraph
    except ImportError:
        return None
    ties = collapsed_ties(G)
    graph = igraph.Graph(n=ties.n, edges=np.column_stack([ties.first, ties.second]).tolist())
    return graph, ties.strength


def nx_eigenvector(H: nx.Graph) -> dict[Any, float]:
    """networkx's eigenvector centrality of the main component, by its sparse eigensolver.

    :func:`networkx.eigenvector_centrality_numpy` refuses a network in several
    parts, so it is run on the largest, where schoolnet's leading eigenvector
    lies when that part has the largest leading eigenvalue.
    """
    giant = max(nx.connected_components(H), key=len)
    found: dict[Any, float] = nx.eigenvector_centrality_numpy(H.subgraph(giant), weight="weight")
    return found


def nx_assignment(G: nx.MultiGraph, need: pd.Series) -> float:
    """The total score of the best round of support, from networkx's network simplex.

    The flow runs source -> school in need (capacity 1) -> eligible supporter
    (cost 2 - score, in millionths) -> sink (capacity: the places left), as
    :func:`schoolnet.assign_supporters` defines it, with an arc straight from
    source to sink dearer than any number of matches could save: one
    minimum-cost flow then matches as many schools as possible at the highest
    total score. It is faster than :func:`networkx.max_flow_min_cost`, which
    solves a maximum flow first and then the minimum-cost flow of that value.
    """
    # The same need as the assignment's: it also says which schools may not support (those in need).
    pairs = schoolnet.recommend_supporters(G, need=need, top=None)
    if pairs.empty:
        return 0.0
    remaining = schoolnet.capacities(G)["remaining"]
    scale = 1_000_000
    costs = (2 * scale - np.round(pairs["score"].to_numpy() * scale)).astype(int)
    needs = pairs["urn"].unique()
    F = nx.DiGraph()
    F.add_node("source", demand=-len(needs))
    F.add_node("sink", demand=len(needs))
    F.add_edge("source", "sink", capacity=len(needs), weight=2 * scale * (len(needs) + 1))
    F.add_edges_from((("source", ("need", u)) for u in needs), capacity=1, weight=0)
    for supporter in pairs["supporter"].unique():
        F.add_edge(("supporter", supporter), "sink", capacity=int(remaining.get(supporter, 0)), weight=0)
    for urn, supporter, cost in zip(pairs["urn"], pairs["supporter"], costs, strict=True):
        F.add_edge(("need", urn), ("supporter", supporter), capacity=1, weight=int(cost))
    _, flow = nx.network_simplex(F)
    matched = zip(pairs["urn"], pairs["supporter"], strict=True)
    chosen = [flow[("need", u)].get(("supporter", s), 0) > 0 for u, s in matched]
    return float(pairs.loc[chosen, "score"].sum())


def analyse(run: Run, G: nx.MultiGraph, *, by: str, need: pd.Series, seed: int = 0) -> None:
    """Every stage of the analysis on one network, with the fastest correct networkx route for each measure."""
    H = run.time("collapse", lambda: schoolnet.collapse(G))
    nodes = list(H)
    for _, _, data in H.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    ig = igraph_graph(G) if run.references else None

    run.time("isolation", lambda: schoolnet.isolation(G))

    basic = ["degree", "strength", "degree_by_kind", "core", "eigenvector"]
    table = run.time("degree, k-core and eigenvector", lambda: schoolnet.centrality(G, measures=basic))
    if run.references:
        row = run.last
        row.networkx, (degree, core, eigen) = timed(lambda: (dict(H.degree()), nx.core_number(H), nx_eigenvector(H)))
        row.equal = close(table["degree"], [degree[u] for u in nodes]) + " (degree), "
        row.equal += close(table["core"], [core[u] for u in nodes]) + " (core), "
        # ARPACK's eigenvectors agree to about 1e-10.
        row.equal += close(table.loc[list(eigen), "eigenvector"], list(eigen.values()), rtol=1e-6, atol=1e-10)
        row.equal += " (eigenvector, main component)"
        if ig is not None:
            graph, weights = ig
            with quiet():
                row.igraph, _ = timed(
                    lambda: (graph.degree(), graph.coreness(), graph.eigenvector_centrality(weights=weights.tolist()))
                )

    chosen = "betweenness"
    between = run.time(
        f"betweenness, k={K}", lambda: schoolnet.centrality(G, measures=[chosen], betweenness_k=K, seed=seed)
    )
    if run.references:
        row = run.last
        k = min(K, len(H))
        sample = random.Random(seed).sample(nodes, k)

        def nx_between(sources: list[Any]) -> dict[Any, float]:
            return nx.betweenness_centrality(H, k=len(sources), seed=seed, weight="distance")

        # networkx draws its own sample from the seed: the probe with fewer sources is timed, and checked
        # against schoolnet with the same k and seed.
        row.networkx, row.networkx_note, reference, used = scaled(nx_between, sample, probe=8, limit=run.limit)
        ours = (
            between
            if len(used) == k
            else schoolnet.centrality(G, measures=[chosen], betweenness_k=len(used), seed=seed)
        )
        row.equal = close(ours["betweenness"], [reference[u] for u in nodes])
        if ig is not None:
            graph, weights = ig
            positions = {u: i for i, u in enumerate(nodes)}
            row.igraph, _ = timed(
                lambda: graph.betweenness(sources=[positions[u] for u in sample], weights=1 / weights)
            )

    constraint = run.time("Burt's constraint", lambda: schoolnet.centrality(G, measures=["constraint"]))
    if run.references:
        # networkx 3.5 and later compute every node's constraint at once with sparse matrices.
        row = run.last
        row.networkx, reference = timed(lambda: nx.constraint(H, weight="weight"))
        row.equal = close(constraint["constraint"], [reference[u] for u in nodes])
        if ig is not None:
            graph, weights = ig
            row.igraph, _ = timed(lambda: graph.constraint(weights=weights.tolist()))

    size = run.time("Burt's effective size", lambda: schoolnet.centrality(G, measures=["effective_size"]))
    if run.references:
        # networkx's whole-network route for effective size (no ``nodes``) divides each tie by the other
        # school's strongest tie, not by its own, on weighted networks (networkx PR #8906), and holds a dense
        # schools x schools matrix; the node-by-node route is the correct one.
        row = run.last
        tied = [u for u in nodes if H.degree(u)]
        random.Random(seed).shuffle(tied)
        row.networkx, row.networkx_note, reference, used = scaled(
            lambda some: nx.effective_size(H, nodes=some, weight="weight"), tied, probe=20, limit=run.limit
        )
        row.equal = close(size.loc[used, "effective_size"], [reference[u] for u in used])
        if len(H) <= DENSE_LIMIT:
            whole = nx.effective_size(H, weight="weight")
            agrees = close(size["effective_size"], [whole[u] for u in nodes]) == "yes"
            row.equal += f"; networkx's whole-network route {'agrees' if agrees else 'differs'} (PR #8906)"

    run.time(f"brokerage roles by {by}", lambda: schoolnet.brokerage_roles(G, by=by))
    run.time(f"E-I index by {by}, 1,000 permutations", lambda: schoolnet.ei_index(G, by=by, seed=seed))

    reached = run.time("reach of every leader (1 and 2 hops)", lambda: schoolnet.reach(G, km=(), need=need))
    if run.references:
        row = run.last
        leaders = list(reached.index)
        random.Random(seed).shuffle(leaders)
        # Phases name columns with underscores: "all-through" counts under hops_1_all_through.
        phase = {u: str(p).replace("-", "_").replace(" ", "_") for u, p in G.nodes(data="phase")}
        flagged = need.to_dict()
        columns = [c for c in reached.columns if c.startswith("hops_")]

        def nx_reach(some: list[Any]) -> pd.DataFrame:
            # The same counts from networkx's breadth-first search on the collapsed graph (one tie per pair of
            # schools, so fewer to walk than the network's parallel ties): schools within 1 and 2 hops.
            rows = {}
            for u in some:
                found = nx.single_source_shortest_path_length(H, u, cutoff=2)
                row: dict[str, int] = {}
                for hops in (1, 2):
                    within = [v for v, d in found.items() if 0 < d <= hops]
                    row[f"hops_{hops}"] = len(within)
                    for v in within:
                        key = f"hops_{hops}_{phase[v]}"
                        row[key] = row.get(key, 0) + 1
                    row[f"hops_{hops}_in_need"] = sum(flagged[v] for v in within)
                rows[u] = row
            return pd.DataFrame.from_dict(rows, orient="index").reindex(columns=columns).fillna(0)

        row.networkx, row.networkx_note, counts, used = scaled(nx_reach, leaders, probe=50, limit=run.limit)
        row.equal = close(reached.loc[used, columns], counts.loc[used, columns])
        row.equal += f" (every hop column, {len(leaders):,} leaders)"
    run.time("coverage by district", lambda: schoolnet.coverage(G, need=need))

    run.time("similar schools, k=10", lambda: schoolnet.similar_schools(G, k=10))
    result = run.time("supporter assignment", lambda: schoolnet.assign_supporters(G, need=need))
    if run.references:
        # The same eligible pairs and scores, matched by networkx's network simplex; the total score is what
        # both maximise.
        row = run.last
        row.networkx, total = timed(lambda: nx_assignment(G, need))
        row.equal = close(result.pairs["score"].sum(), total) + " (total score)"


def county(new_run: Callable[[str], Run]) -> list[Run]:
    run = new_run(f"the sample county, {len(schoolnet.load_sample().schools)} schools")
    G = run.time("load and build", lambda: schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01"))
    analyse(run, G, by="district", need=schoolnet.in_need(G))
    return [run]


def register(new_run: Callable[[str], Run]) -> Run | None:
    """The real register: read, built and analysed; None when the extracts are absent."""
    folder = real_data()
    files = {
        "establishments": folder / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz",
        "links": folder / "gias-groups-2022-07" / "group_links.csv.gz",
        "groups": folder / "gias-groups-2022-07" / "groups.csv.gz",
    }
    if not all(p.is_file() for p in files.values()):
        print(f"real register not found in {folder}; set SCHOOLNET_REAL_DATA", file=sys.stderr)
        return None
    run = new_run("the DfE register of 2022-07-06, read and built")

    def load() -> nx.MultiGraph:
        with quiet():
            tables = schoolnet.read_gias(files["establishments"], links=files["links"], groups=files["groups"])
        return schoolnet.build_network(tables, as_of="2022-07-06")

    G = run.time("load and build", load)
    run.title += f" ({len(G):,} schools, {G.number_of_edges():,} ties)"
    # The register has no clusters, so by the default definition every school would be isolated and in need:
    # here need is Ofsted's judgement alone.
    judged = schoolnet.in_need(G, lambda schools: schools["ofsted"].isin(IN_NEED_OFSTED))
    analyse(run, G, by="la", need=judged)
    hubs_folder = folder / "teaching-school-hubs"
    if (hubs_folder / "hub_lead_schools.csv").is_file():
        with quiet():
            tables = schoolnet.read_gias(files["establishments"], links=files["links"], groups=files["groups"])
        hubs(run, tables, hubs_folder)
    return run


def hubs(run: Run, tables: schoolnet.Tables, folder: Path) -> None:
    """England's teaching school hubs over the register: reach of every lead, and coverage through the hubs."""
    with quiet():
        found = run.time(
            "87 teaching school hubs: read, matched",
            lambda: schoolnet.read_hubs(folder / "hub_lead_schools.csv", folder / "hub_region_districts.csv", tables),
        )
    H = schoolnet.build_network(found.tables, as_of="2022-07-06")
    need = schoolnet.in_need(H, lambda schools: schools["ofsted"].isin(IN_NEED_OFSTED))
    reached = run.time(
        f"reach of {found.tables.groups['lead_urn'].notna().sum()} hub leads (1 and 2 hops)",
        lambda: schoolnet.reach(H, "hub", km=(), need=need),
    )
    if run.references:
        row = run.last
        row.networkx, counts = timed(
            lambda: {u: len(nx.single_source_shortest_path_length(H, u, cutoff=1)) - 1 for u in reached.index}
        )
        row.equal = close(reached["hops_1"], [counts[u] for u in reached.index]) + " (schools 1 hop from each lead)"
    covered = run.time(
        "coverage by region, served by its hub",
        lambda: schoolnet.coverage(H, by="region", need=need, hops=None, km=None, leaders="hub", served_by="hub"),
    )
    if run.references:
        # Independently: the schools in need that are members of a hub whose lead is in the register.
        m = found.tables.memberships
        led = set(found.tables.groups.index[found.tables.groups["lead_urn"].notna()])
        served = set(m.loc[m["group_id"].isin(led), "urn"])
        expected = int(need[need].index.isin(list(served)).sum())
        run.last.equal = close(float(covered["covered"].sum()), float(expected)) + " (schools in need served)"


def national(new_run: Callable[[str], Run]) -> list[Run]:
    # The register first: its loading is measured before the synthetic network takes memory.
    runs = [run for run in [register(new_run)] if run is not None]
    tables = synthetic(22_000, seed=0)
    run = new_run("synthetic national network")
    G = run.time("build", lambda: schoolnet.build_network(tables, as_of="2025-09-01"))
    run.title += f" ({len(G):,} schools, {G.number_of_edges():,} ties)"
    analyse(run, G, by="la", need=schoolnet.in_need(G))
    runs.append(run)
    return runs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("national", "county"), default="national")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage; the median is reported")
    parser.add_argument("--no-reference", action="store_true", help="skip networkx and igraph")
    parser.add_argument(
        "--reference-limit",
        type=float,
        default=REFERENCE_LIMIT,
        help="seconds beyond which a networkx reference is timed on a sample and scaled up",
    )
    args = parser.parse_args(argv)

    def new_run(title: str) -> Run:
        return Run(
            f"schoolnet {schoolnet.__version__}: {title}", args.repeat, not args.no_reference, args.reference_limit
        )

    runs = (national if args.scale == "national" else county)(new_run)
    stamp = time.strftime("%Y-%m-%d")
    print(f"{stamp}, {os.cpu_count()} cores, python {sys.version.split()[0]}, networkx {nx.__version__}")
    for run in runs:
        print()
        print(run.table())


if __name__ == "__main__":
    main()
