from __future__ import annotations

import importlib
import random
from collections import defaultdict

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.measures.centrality import centrality, structural_holes

centrality_module = importlib.import_module("schoolnet.measures.centrality")


def reference_holes(G: nx.Graph, weight: str | None) -> tuple[np.ndarray, np.ndarray]:
    H = G.copy()
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    size = nx.effective_size(H, nodes=list(H), weight=weight)  # the per-node path: see DESIGN.md
    constraint = nx.constraint(H, weight=weight)
    return np.array([size[u] for u in H]), np.array([constraint[u] for u in H])


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_structural_holes_match_networkx(directed: bool, weighted: bool) -> None:
    rng = np.random.default_rng(3)
    for seed in range(8):
        G = nx.gnp_random_graph(30, 0.15, seed=seed, directed=directed)
        G.add_node(99)  # an isolate
        G.add_edge(4, 4)  # a self-loop, which is dropped
        if weighted:
            for u, v in G.edges():
                G[u][v]["weight"] = float(rng.integers(1, 6)) / 2
        weight = "weight" if weighted else None
        ours = structural_holes(G, weight=weight)
        size, constraint = reference_holes(G, weight)
        np.testing.assert_allclose(ours["constraint"].to_numpy(), constraint, atol=1e-9, equal_nan=True)
        # networkx's per-node effective size is NaN for a directed node whose ties all come in; ours measures it.
        measured = ~np.isnan(size)
        np.testing.assert_allclose(ours["effective_size"].to_numpy()[measured], size[measured], atol=1e-9)
        isolated = np.array([G.degree(u) - 2 * G.number_of_edges(u, u) == 0 for u in G])
        assert (ours["effective_size"].isna().to_numpy() == isolated).all()


def test_structural_holes_by_hand() -> None:
    # A star: the centre's three partners are not tied to each other, so none is redundant.
    # Each partner takes a third of the centre's ties: constraint 3 * (1/3)^2 = 1/3.
    star = structural_holes(nx.star_graph(3), weight=None)[["effective_size", "constraint"]]
    assert star.loc[0].tolist() == pytest.approx([3.0, 1 / 3])
    assert star.loc[1].tolist() == pytest.approx([1.0, 1.0])
    # A triangle: each node's two partners are tied (t = 1 of n = 2): size 2 - 2/2 = 1.
    # Constraint: 2 * (1/2 + 1/2 * 1/2)^2 = 1.125.
    triangle = structural_holes(nx.complete_graph(3), weight=None)
    assert triangle["effective_size"].tolist() == pytest.approx([1.0] * 3)
    assert triangle["constraint"].tolist() == pytest.approx([1.125] * 3)
    # Parallel ties of a multigraph add up.
    M = nx.MultiGraph([(0, 1), (0, 1), (0, 2)])
    assert structural_holes(M, weight=None).loc[0, "constraint"] == pytest.approx((2 / 3) ** 2 + (1 / 3) ** 2)


def test_weighted_effective_size_by_hand() -> None:
    # Ties 0-1 (strength 2), 0-2 (1), 1-2 (1), 1-3 (3). School 0 puts p = 2/3 of its ties on 1 and 1/3 on 2.
    # Partner 1's strongest tie is 3 (to 3), so its tie to 2 counts m = 1/3; partner 2's strongest is 1, so
    # its tie to 1 counts m = 1. Redundancy of 1: p_02 m_12 = 1/9; of 2: p_01 m_21 = 2/3.
    # Effective size = (1 - 1/9) + (1 - 2/3) = 11/9.
    G = nx.Graph()
    G.add_weighted_edges_from([(0, 1, 2), (0, 2, 1), (1, 2, 1), (1, 3, 3)])
    holes = structural_holes(G)
    assert holes.loc[0, "effective_size"] == pytest.approx(11 / 9)
    assert holes.loc[0, "effective_size"] == pytest.approx(nx.effective_size(G, nodes=[0], weight="weight")[0])
    # Constraint of 0: (p_01 + p_02 p_21)^2 + (p_02 + p_01 p_12)^2, with p_21 = 1/2 and p_12 = 1/6:
    # (2/3 + 1/6)^2 + (1/3 + 1/9)^2 = 25/36 + 16/81.
    assert holes.loc[0, "constraint"] == pytest.approx(25 / 36 + 16 / 81)


def distances(G: nx.MultiGraph) -> nx.Graph:
    H = schoolnet.collapse(G)
    for _, _, data in H.edges(data=True):
        data["distance"] = 1 / data["weight"]
    return H


def test_sample_centrality_matches_networkx(sample_network: nx.MultiGraph) -> None:
    table = centrality(sample_network)
    H = distances(sample_network)
    assert table.attrs["betweenness"] == {"method": "exact", "k": None, "seed": None}
    between = nx.betweenness_centrality(H, weight="distance")
    closeness = nx.closeness_centrality(H, distance="distance")
    core = nx.core_number(H)
    for u in H:
        assert table.loc[u, "betweenness"] == pytest.approx(between[u], abs=1e-12)
        assert table.loc[u, "closeness"] == pytest.approx(closeness[u], abs=1e-12)
        assert table.loc[u, "core"] == core[u]
        assert table.loc[u, "degree"] == H.degree(u)
        assert table.loc[u, "strength"] == pytest.approx(H.degree(u, weight="weight"))
    giant = max(nx.connected_components(H), key=len)
    reference = nx.eigenvector_centrality_numpy(H.subgraph(giant), weight="weight")
    ours = table.loc[sorted(giant), "eigenvector"]
    ours = ours / np.linalg.norm(ours)
    assert np.allclose(ours.to_numpy(), [reference[u] for u in sorted(giant)], atol=1e-8)
    assert (table.loc[[u for u in H if u not in giant], "eigenvector"] < 1e-8).all()


def test_degree_by_kind_counts_partners_of_each_kind(sample_network: nx.MultiGraph) -> None:
    table = centrality(sample_network, betweenness_k=5, seed=0)
    partners: dict[tuple[int, str], set[int]] = defaultdict(set)
    for u, v, kind in sample_network.edges(data="kind"):
        partners[u, kind].add(v)
        partners[v, kind].add(u)
    for (urn, kind), found in partners.items():
        assert table.loc[urn, f"degree_{kind}"] == len(found)
    assert list(table.columns[:3]) == ["name", "phase", "district"]


def test_weights_change_path_lengths() -> None:
    # 0 - 1 - 3 is one cluster tie and one trust tie; 0 - 2 - 3 two federation ties.
    M = nx.MultiGraph()
    M.add_edge(0, 1, kind="cluster")
    M.add_edge(1, 3, kind="trust")
    M.add_edge(0, 2, kind="federation")
    M.add_edge(2, 3, kind="federation")
    table = centrality(M)
    # Distances: 0-1-3 = 1/1 + 1/2 = 1.5; 0-2-3 = 1/3 + 1/3 = 0.67, so 2 lies on the shortest path.
    assert table.loc[2, "betweenness"] > 0 and table.loc[1, "betweenness"] == 0
    equal = centrality(M, weights={"cluster": 3, "trust": 3})
    assert equal.loc[1, "betweenness"] == equal.loc[2, "betweenness"]


def test_sampled_betweenness_is_repeatable_and_exact_with_every_source(sample_network: nx.MultiGraph) -> None:
    a = centrality(sample_network, betweenness_k=20, seed=4)
    b = centrality(sample_network, betweenness_k=20, seed=4)
    assert a.attrs["betweenness"] == {"method": "sampled", "k": 20, "seed": 4, "closeness_own_search": 2}
    assert a["betweenness"].equals(b["betweenness"]) and a["closeness"].equals(b["closeness"])
    n = sample_network.number_of_nodes()
    every = centrality(sample_network, betweenness_k=n, seed=1)
    exact = centrality(sample_network)
    np.testing.assert_allclose(every["betweenness"], exact["betweenness"], atol=1e-12)
    np.testing.assert_allclose(every["closeness"], exact["closeness"], atol=1e-12)


def test_sampled_closeness_estimates_exact_closeness(monkeypatch: pytest.MonkeyPatch, sample_network) -> None:
    exact = centrality(sample_network)
    monkeypatch.setattr(centrality_module, "EXACT_LIMIT", 10)
    sampled = centrality(sample_network, seed=2)
    assert sampled.attrs["betweenness"]["method"] == "sampled"
    assert sampled.attrs["betweenness"]["k"] == centrality_module.DEFAULT_BETWEENNESS_K
    # Schools outside the main component are measured exactly or not at all; inside it, within 15%.
    connected = exact["closeness"] > 0
    ratio = sampled.loc[connected, "closeness"] / exact.loc[connected, "closeness"]
    assert ratio.median() == pytest.approx(1.0, abs=0.05)
    assert np.corrcoef(sampled["betweenness"], exact["betweenness"])[0, 1] > 0.8


def three_parts() -> nx.Graph:
    """A path 0-1-2-3, a pair 4-5 and a triangle 6-7-8: nine schools, every tie of distance 1."""
    return nx.disjoint_union_all([nx.path_graph(4), nx.path_graph(2), nx.complete_graph(3)])


def test_sampled_closeness_of_schools_that_no_source_reaches() -> None:
    G = three_parts()
    assert sorted(random.Random(1).sample(list(G), 2)) == [1, 2]  # networkx's sources for k=2, seed=1
    table = centrality(G, betweenness_k=2, seed=1)
    # The pair and the triangle hold no source: each of their schools is measured from its own search.
    # School 4 reaches 1 school of 8 others at distance 1: (1/8) * (1/1) = 0.125; school 6 reaches 2 at
    # distance 1: (2/8) * (2/2) = 0.25. Exactly networkx's closeness.
    assert table.loc[[4, 5], "closeness"].tolist() == [0.125, 0.125]
    assert table.loc[[6, 7, 8], "closeness"].tolist() == [0.25, 0.25, 0.25]
    exact = nx.closeness_centrality(G)
    assert table.loc[4:, "closeness"].tolist() == [exact[u] for u in range(4, 9)]
    assert table.attrs["betweenness"]["closeness_own_search"] == 5
    # The path is estimated from sources 1 and 2. School 0 is at 1 and 2 from them: 3 of 8 schools
    # reached, mean distance 3/2: (3/8) * (2/3) = 0.25. School 1 is at 1 from source 2: (3/8) * 1 = 0.375.
    assert table.loc[[0, 1], "closeness"].tolist() == pytest.approx([0.25, 0.375])
    # Betweenness alone searches from the sources only, and says nothing of closeness.
    alone = centrality(G, betweenness_k=2, seed=1, measures="betweenness")
    assert (
        alone["betweenness"].equals(table["betweenness"]) and "closeness_own_search" not in alone.attrs["betweenness"]
    )


def test_a_sampled_school_alone_in_its_part_gets_its_own_closeness() -> None:
    G = three_parts()
    assert sorted(random.Random(12).sample(list(G), 2)) == [4, 7]
    table = centrality(G, betweenness_k=2, seed=12)
    # 4 and 7 are the only sources of their parts: each is measured from its own search, as is every school
    # of the path, which holds none. 5, 6 and 8 are estimated from one source at distance 1, which is exact
    # for them too. So every school has networkx's exact closeness.
    exact = nx.closeness_centrality(G)
    assert table["closeness"].tolist() == pytest.approx([exact[u] for u in G], abs=1e-15)
    assert table.loc[4, "closeness"] == 0.125  # (1/8) * (1/1), where it used to be 0
    assert table.attrs["betweenness"]["closeness_own_search"] == 6  # 4, 7 and the path's 0, 1, 2, 3


def test_plain_and_disconnected_graphs() -> None:
    G = nx.Graph([(0, 1), (1, 2), (3, 4)])
    table = centrality(G)
    assert table["name"].isna().all()
    assert table["degree"].tolist() == [1, 2, 1, 1, 1]
    closeness = nx.closeness_centrality(G)
    assert table["closeness"].tolist() == pytest.approx([closeness[u] for u in G])
    assert table["degree_tie"].tolist() == [1, 2, 1, 1, 1]
    lonely = centrality(nx.empty_graph(3))
    assert lonely["degree"].tolist() == [0, 0, 0]
    assert lonely["effective_size"].isna().all()


def test_bad_arguments(sample_network: nx.MultiGraph) -> None:
    with pytest.raises(
        ParameterError, match="betweenness_k=0: expected a whole number of schools of at least 1, or None"
    ):
        centrality(sample_network, betweenness_k=0)
    for bad in (True, 2.0, "5"):
        with pytest.raises(ParameterError, match=f"betweenness_k={bad!r}"):
            centrality(sample_network, betweenness_k=bad)
    with pytest.raises(ParameterError, match=r"weights=\{'trust': -1\}: expected a number of at least 0"):
        centrality(sample_network, weights={"trust": -1})
    # numpy's whole numbers are whole numbers.
    assert centrality(sample_network, betweenness_k=np.int64(5), seed=0).attrs["betweenness"]["k"] == 5


@pytest.mark.national
def test_national_centrality(national_network: nx.MultiGraph) -> None:
    table = centrality(national_network, betweenness_k=5, seed=1)
    assert len(table) == national_network.number_of_nodes()
    assert table.attrs["betweenness"]["method"] == "sampled"
    alone = table["degree"] == 0
    assert table.loc[~alone, "effective_size"].notna().all() and table.loc[alone, "effective_size"].isna().all()
    # Spot-check Burt's measures against networkx's per-node path on a few schools.
    H = schoolnet.collapse(national_network)
    some = list(table.index[~alone][:5])
    size = nx.effective_size(H, nodes=some, weight="weight")
    constraint = nx.constraint(H, nodes=some, weight="weight")
    assert table.loc[some, "effective_size"].tolist() == pytest.approx([size[u] for u in some], abs=1e-9)
    assert table.loc[some, "constraint"].tolist() == pytest.approx([constraint[u] for u in some], abs=1e-9)
    assert table["eigenvector"].ge(0).all() and np.linalg.norm(table["eigenvector"]) == pytest.approx(1.0)


def test_path_measures_on_a_weighted_multigraph_built_by_hand() -> None:
    # Schools 1-6, tied by several kinds; strength by kind from ``weights``; distance = 1 / summed strength.
    #
    #   1 =cluster+trust= 2 --cluster-- 3
    #   |                               |
    #   hub                          federation
    #   |                               |
    #   4 ---------- support ---------- 5 --cluster-- 6
    M = nx.MultiGraph()
    ties = [(1, 2, "cluster"), (1, 2, "trust"), (2, 3, "cluster"), (1, 4, "hub"), (3, 5, "federation")]
    ties += [(4, 5, "support"), (5, 6, "cluster")]
    for i, (u, v, kind) in enumerate(ties):
        M.add_edge(u, v, key=i, kind=kind)
    weights = {"cluster": 1.0, "trust": 4.0, "hub": 0.5, "federation": 2.0, "support": 3.0}
    table = centrality(M, weights=weights)
    H = nx.Graph()
    for u, v, kind in ties:
        old = H.get_edge_data(u, v, {"strength": 0.0})["strength"]
        H.add_edge(u, v, strength=old + weights[kind])
    for _, _, data in H.edges(data=True):
        data["length"] = 1 / data["strength"]
    between = nx.betweenness_centrality(H, weight="length")
    closeness = nx.closeness_centrality(H, distance="length")
    for u in H:
        assert table.loc[u, "betweenness"] == pytest.approx(between[u], abs=1e-12)
        assert table.loc[u, "closeness"] == pytest.approx(closeness[u], abs=1e-12)
        assert table.loc[u, "strength"] == pytest.approx(H.degree(u, weight="strength"))
    # By hand: 1-2 has strength 5, so 1 reaches 3 through 2 (0.2 + 1 = 1.2) rather than through 4 and 5.
    assert table.loc[2, "betweenness"] > 0
    assert table.loc[[1, 2], "degree_cluster"].tolist() == [1, 2]
    assert table.loc[1, ["degree_trust", "degree_hub"]].tolist() == [1, 1]


def test_eigenvector_on_a_network_in_parts() -> None:
    # networkx refuses a disconnected graph; here the main part gets networkx's values and the rest 0.
    karate = nx.karate_club_graph()
    G = nx.disjoint_union(karate, nx.path_graph(4))
    G.add_node("alone")
    table = centrality(G)
    reference = nx.eigenvector_centrality_numpy(karate, weight="weight")
    assert table["eigenvector"].iloc[:34].tolist() == pytest.approx([reference[u] for u in karate], abs=1e-10)
    assert table["eigenvector"].iloc[34:].tolist() == [0.0] * 5
    with pytest.raises(nx.AmbiguousSolution):
        nx.eigenvector_centrality_numpy(G)
    # Two identical triangles tie for the largest eigenvalue: they share the unit length, 1/sqrt(6) each.
    twins = centrality(nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3)))
    assert twins["eigenvector"].tolist() == pytest.approx([1 / np.sqrt(6)] * 6)


def test_eigenvector_on_large_parts_is_repeatable() -> None:
    # Parts above the dense limit go to ARPACK, which must start from a fixed vector to repeat itself.
    ring = nx.random_regular_graph(4, 600, seed=1)
    twins = nx.disjoint_union(ring, ring)
    runs = [centrality(twins, betweenness_k=2, seed=0)["eigenvector"].to_numpy() for _ in range(3)]
    assert all(np.array_equal(run, runs[0]) for run in runs)
    assert runs[0] == pytest.approx(np.full(1200, 1 / np.sqrt(1200)))  # a regular graph: every school alike
    big = nx.barabasi_albert_graph(700, 3, seed=2)
    G = nx.disjoint_union(big, nx.star_graph(5))
    table = centrality(G, betweenness_k=2, seed=0)
    reference = nx.eigenvector_centrality_numpy(big)
    assert table["eigenvector"].iloc[:700].tolist() == pytest.approx([reference[u] for u in big], abs=1e-8)
    assert (table["eigenvector"].iloc[700:] == 0).all()


@pytest.mark.parametrize("kind", [nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph])
def test_any_networkx_graph(kind: type[nx.Graph]) -> None:
    # A plain graph of any kind, without school attributes: ties count 1, label columns are empty.
    plain = nx.Graph(nx.les_miserables_graph().edges())  # without its weights: the analyst's ties are unweighted
    G = kind()
    G.add_nodes_from(plain)
    G.add_edges_from(plain.edges())  # in a directed graph, each tie one way only
    assert G.number_of_edges() == plain.number_of_edges()
    table = centrality(G)
    expected = centrality(plain)
    assert table[["name", "phase", "district"]].isna().all().all()
    pd.testing.assert_frame_equal(table, expected)
    holes = structural_holes(plain, weight=None)
    np.testing.assert_allclose(table["effective_size"], holes["effective_size"], atol=1e-12)
