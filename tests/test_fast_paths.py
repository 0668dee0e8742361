"""The sparse routes of the measures against networkx's reference algorithms on the same graphs."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.measures.centrality import MEASURES, centrality
from schoolnet.network._matrix import collapsed_ties, distinct_sorted, in_sorted

KINDS = ("cluster", "trust", "federation", "hub")


def reference(G: nx.Graph, *, k: int | None = None, seed: int | None = None) -> dict[str, dict]:
    """networkx's measures on the collapsed graph, with distance = 1 / strength."""
    H = schoolnet.collapse(G)
    for _, _, data in H.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    out = {
        "betweenness": nx.betweenness_centrality(H, k=k, seed=seed, weight="distance"),
        "core": nx.core_number(H),
        "degree": dict(H.degree()),
        "strength": dict(H.degree(weight="weight")),
    }
    if len(H) <= 60:  # networkx's Burt's measures loop over pairs of partners in Python: small graphs only
        out["constraint"] = nx.constraint(H, weight="weight")
        out["effective_size"] = nx.effective_size(H, nodes=list(H), weight="weight")
    if k is None:
        out["closeness"] = nx.closeness_centrality(H, distance="distance")
    return out


def assert_matches(G: nx.Graph, *, k: int | None = None, seed: int | None = None) -> None:
    table = centrality(G, betweenness_k=k, seed=seed)
    expected = reference(G, k=k, seed=seed)
    for measure, values in expected.items():
        want = np.array([values[u] for u in table.index], dtype=float)
        np.testing.assert_allclose(
            table[measure].to_numpy(dtype=float), want, rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=measure
        )


def random_multigraph(n: int, m: int, seed: int, *, kinds: tuple[str, ...] = KINDS) -> nx.MultiGraph:
    """A random network whose pairs are tied once or several times, by ties of several kinds."""
    rng = random.Random(seed)
    simple = nx.gnm_random_graph(n, m, seed=seed)
    M = nx.MultiGraph()
    M.add_nodes_from(simple)
    for u, v in simple.edges():
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            M.add_edge(u, v, kind=rng.choice(kinds))
    return M


@pytest.mark.parametrize("seed", range(4))
def test_random_weighted_networks_match_networkx(seed: int) -> None:
    G = random_multigraph(200, 500, seed)
    assert_matches(G)
    assert_matches(G, k=30, seed=seed)


@pytest.mark.parametrize("seed", range(3))
def test_random_unweighted_networks_match_networkx(seed: int) -> None:
    # Every tie a cluster tie, once: every distance is 1, so shortest paths tie often.
    simple = nx.gnm_random_graph(200, 400, seed=seed)
    G = nx.MultiGraph()
    G.add_nodes_from(simple)
    G.add_edges_from(simple.edges(), kind="cluster")
    assert_matches(G)
    assert_matches(G, k=25, seed=seed + 10)


def test_sample_county_matches_networkx(sample_network: nx.MultiGraph) -> None:
    assert_matches(sample_network)
    assert_matches(sample_network, k=60, seed=7)


def test_isolates_and_several_components_match_networkx() -> None:
    G = nx.disjoint_union_all([random_multigraph(80, 160, 1), random_multigraph(60, 90, 2), nx.MultiGraph()])
    G.add_nodes_from(range(1_000, 1_030))  # schools with no tie at all
    G.add_edge(1_030, 1_031, kind="trust")  # a pair on its own
    assert nx.number_connected_components(G) > 30
    assert_matches(G)
    assert_matches(G, k=40, seed=3)


def test_sums_of_thirds_compare_exactly_as_networkx_does() -> None:
    # Three federation ties of length 1/3 against one cluster tie of length 1: in floating point
    # (1/3 + 1/3) + 1/3 == 1.0, so both routes are shortest, as networkx counts them.
    G = nx.MultiGraph()
    G.add_edges_from([(0, 1), (1, 2), (2, 3)], kind="federation")
    G.add_edge(0, 3, kind="cluster")
    G.add_edges_from([(3, 4), (4, 5)], kind="cluster")
    assert_matches(G)
    table = centrality(G)
    assert table.loc[1, "betweenness"] > 0 and table.loc[3, "betweenness"] > 0


def test_sampled_sources_are_networkx_sources() -> None:
    # A star: only the centre lies between others. With k = 1 the estimate depends on which school was
    # drawn; the same seed must draw the same school as networkx.
    G = nx.MultiGraph(nx.star_graph(6))
    for seed in range(6):
        assert_matches(G, k=3, seed=seed)


def test_core_numbers_by_hand() -> None:
    # A 4-clique (core 3) joined through 4 to a triangle: 4 has two partners, each in a group where all have
    # two or more, so 4 is in the 2-core with the triangle. 9 hangs off 4 alone (core 1); 8 has no tie (core 0).
    G = nx.MultiGraph()
    G.add_edges_from(nx.complete_graph(4).edges(), kind="trust")
    G.add_edges_from([(3, 4), (4, 5), (5, 6), (6, 7), (7, 5), (4, 9)], kind="cluster")
    G.add_node(8)
    core = centrality(G, measures="core")["core"]
    assert core.to_dict() == {0: 3, 1: 3, 2: 3, 3: 3, 4: 2, 5: 2, 6: 2, 7: 2, 9: 1, 8: 0}


def test_eigenvector_matches_networkx_on_a_connected_network() -> None:
    G = random_multigraph(150, 600, 5)
    assert nx.is_connected(G)
    H = schoolnet.collapse(G)
    expected = nx.eigenvector_centrality_numpy(H, weight="weight")
    table = centrality(G, measures=["eigenvector"])
    np.testing.assert_allclose(table["eigenvector"], [expected[u] for u in table.index], atol=1e-9)


def test_collapsed_ties_sum_the_ties_of_each_pair() -> None:
    G = nx.MultiGraph()
    G.add_edge("b", "a", kind="trust")
    G.add_edge("a", "b", kind="cluster")
    G.add_edge("a", "b", kind="cluster")
    G.add_edge("c", "a", kind="hub")
    G.add_edge("c", "c", kind="hub")  # a self-loop: no partner
    G.add_edge("c", "b", weight=4.0)  # no kind: its own weight
    ties = collapsed_ties(G, weights={"cluster": 0.25})
    pairs = {
        (ties.nodes[x], ties.nodes[y]): (s, dict(zip(ties.kinds, c.tolist(), strict=True)))
        for x, y, s, c in zip(ties.first, ties.second, ties.strength, ties.counts, strict=True)
    }
    assert ties.nodes == ["b", "a", "c"]
    assert pairs == {
        ("b", "a"): (2.0 + 0.25 + 0.25, {"cluster": 2, "hub": 0, "tie": 0, "trust": 1}),
        ("b", "c"): (4.0, {"cluster": 0, "hub": 0, "tie": 1, "trust": 0}),
        ("a", "c"): (0.5, {"cluster": 0, "hub": 1, "tie": 0, "trust": 0}),
    }
    matrix = ties.matrix().toarray()
    assert (matrix == matrix.T).all() and matrix[0, 1] == 2.5 and matrix[2, 2] == 0


def test_directed_graphs_collapse_to_undirected_ties() -> None:
    D = nx.MultiDiGraph()
    D.add_edge(1, 2, kind="trust")
    D.add_edge(2, 1, kind="trust")
    D.add_edge(2, 3, kind="cluster")
    ties = collapsed_ties(D)
    assert ties.first.tolist() == [0, 1] and ties.second.tolist() == [1, 2]
    assert ties.strength.tolist() == [4.0, 1.0]


def test_measures_choose_columns(sample_network: nx.MultiGraph) -> None:
    full = centrality(sample_network, betweenness_k=40, seed=2)
    some = centrality(sample_network, measures=["core", "betweenness"], betweenness_k=40, seed=2)
    assert some.columns.tolist() == ["name", "phase", "district", "betweenness", "core"]
    assert some["betweenness"].equals(full["betweenness"]) and some["core"].equals(full["core"])
    by_kind = centrality(sample_network, measures="degree_by_kind")
    assert [c for c in by_kind.columns if c.startswith("degree_")] == [
        c for c in full.columns if c.startswith("degree_")
    ]
    assert "betweenness" not in centrality(sample_network, measures=["degree"]).attrs
    every = centrality(sample_network, measures=MEASURES, betweenness_k=40, seed=2)
    assert every.equals(full)


def test_unknown_measure_is_refused(sample_network: nx.MultiGraph) -> None:
    with pytest.raises(ParameterError, match="unknown measure 'pagerank'; expected some of degree, strength"):
        centrality(sample_network, measures=["degree", "pagerank"])


def test_zero_strength_ties_carry_no_path() -> None:
    G = nx.MultiGraph()
    G.add_edge(0, 1, kind="cluster")
    G.add_edge(1, 2, kind="hub")
    table = centrality(G, weights={"hub": 0})
    # 1 is tied to 2, but no path runs through the hub tie: nobody lies between anyone.
    assert table["degree"].tolist() == [1, 2, 1]
    assert table["betweenness"].tolist() == [0.0, 0.0, 0.0]
    assert table.loc[2, "closeness"] == 0.0


@st.composite
def multigraphs(draw: st.DrawFn) -> nx.MultiGraph:
    n = draw(st.integers(min_value=1, max_value=12))
    G = nx.MultiGraph()
    G.add_nodes_from(range(n))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(KINDS))
    for u, v, kind in draw(st.lists(pairs, max_size=30)):
        G.add_edge(u, v, kind=kind)
    return G


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=multigraphs(), k=st.integers(min_value=1, max_value=12), seed=st.integers(0, 1_000))
def test_small_random_multigraphs_match_networkx(G: nx.MultiGraph, k: int, seed: int) -> None:
    assert_matches(G)
    assert_matches(G, k=min(k, len(G)), seed=seed)


def test_the_ties_are_read_once_and_reread_after_a_change() -> None:
    G = random_multigraph(40, 80, 8)
    first = collapsed_ties(G)
    assert collapsed_ties(G) is first  # kept in the graph's cache
    assert collapsed_ties(G, weights={"hub": 2.0}) is not first  # other strengths, other ties
    with pytest.raises(ValueError, match="read-only"):
        first.strength[0] = 99.0
    before = centrality(G, measures="degree")["degree"]
    u, v = next((u, v) for u in G for v in G if u < v and not G.has_edge(u, v))
    G.add_edge(u, v, kind="trust")  # networkx empties the cache when a tie is added
    after = centrality(G, measures="degree")["degree"]
    assert (after - before).to_dict() == {x: int(x in (u, v)) for x in G}
    a, b, key = next(iter(G.edges(keys=True)))
    G.edges[a, b, key]["kind"] = "federation"  # a change in place: the cache must be emptied by hand
    G.__networkx_cache__.clear()
    assert collapsed_ties(G) is not first
    assert centrality(G, measures="strength")["strength"].sum() == pytest.approx(
        2 * schoolnet.collapse(G).size(weight="weight")
    )


def test_no_cache_when_networkx_is_told_not_to_keep_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nx.config, "cache_converted_graphs", False)
    G = random_multigraph(20, 30, 9)
    assert collapsed_ties(G) is not collapsed_ties(G)
    assert not G.__networkx_cache__


def test_a_network_without_schools() -> None:
    table = centrality(nx.MultiGraph())
    assert len(table) == 0 and set(MEASURES) - {"degree_by_kind"} <= set(table.columns)


@pytest.mark.parametrize("seed", range(4))
def test_sorted_keys_and_lookups_match_numpy(seed: int) -> None:
    # numpy's unique and isin are the reference, on keys with repeats, on empty arrays, and beyond both ends.
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, 50 * (seed + 1), size=rng.integers(0, 200) if seed else 0)
    values = rng.integers(-10, 60 * (seed + 1), size=300)
    distinct = distinct_sorted(keys)
    assert distinct.tolist() == np.unique(keys).tolist()
    assert in_sorted(values, distinct).tolist() == np.isin(values, keys).tolist()
    assert in_sorted(values[:0], distinct).tolist() == []
