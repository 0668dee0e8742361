from __future__ import annotations

import importlib

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import ParameterError, UnknownGroupWarning
from schoolnet.measures.communities import adjusted_rand_index, communities, ei_index, normalised_mutual_information

communities_module = importlib.import_module("schoolnet.measures.communities")


def test_partition_scores_by_hand() -> None:
    a, b = pd.Series([0, 0, 1, 1]), pd.Series([0, 0, 1, 2])
    # Contingency: cells 2, 1, 1 -> 1 pair together in both; rows 2, 2 -> 2 pairs; columns 2, 1, 1 -> 1 pair.
    # Expected 2 * 1 / C(4, 2) = 1/3; ARI = (1 - 1/3) / ((2 + 1) / 2 - 1/3) = 4/7.
    assert adjusted_rand_index(a, b) == pytest.approx(4 / 7)
    # b refines a, so I(a; b) = H(a) = ln 2; H(b) = 1.5 ln 2; NMI = ln 2 / (1.25 ln 2) = 0.8.
    assert normalised_mutual_information(a, b) == pytest.approx(0.8)
    assert adjusted_rand_index(a, a.map({0: "x", 1: "y"})) == pytest.approx(1.0)
    assert normalised_mutual_information(a, a) == pytest.approx(1.0)
    # Independent partitions: every cell of a 2 x 2 table holds one item.
    c, d = pd.Series([0, 0, 1, 1]), pd.Series([0, 1, 0, 1])
    assert normalised_mutual_information(c, d) == pytest.approx(0.0)
    assert adjusted_rand_index(c, d) == pytest.approx(-0.5)


def line() -> nx.Graph:
    G = nx.Graph([(1, 2), (2, 3), (3, 4)])
    return G


def test_ei_index_by_hand() -> None:
    table = ei_index(line(), by={1: "A", 2: "A", 3: "B", 4: "B"}, permutations=0)
    assert table.loc["all", ["ties", "external", "internal"]].tolist() == [3, 1, 2]
    assert table.loc["all", "ei"] == pytest.approx(-1 / 3)
    assert np.isnan(table.loc["all", "p_value"])
    H = nx.Graph(line())
    nx.set_node_attributes(H, {1: "A", 2: "A", 3: "B", 4: "B"}, "g")
    assert table.loc["all", "assortativity"] == pytest.approx(nx.attribute_assortativity_coefficient(H, "g"))


def test_ei_index_per_kind_counts_pairs_once() -> None:
    M = nx.MultiGraph()
    M.add_edge(1, 2, key="C", kind="cluster")
    M.add_edge(1, 2, key="C2", kind="cluster")
    M.add_edge(1, 2, key="T", kind="trust")
    M.add_edge(2, 3, key="T", kind="trust")
    table = ei_index(M, by={1: "A", 2: "A", 3: "B"}, permutations=0)
    assert table.loc["cluster", ["ties", "internal", "external"]].tolist() == [1, 1, 0]
    assert table.loc["trust", ["ties", "internal", "external"]].tolist() == [2, 1, 1]
    assert table.loc["all", "ties"] == 2
    only = ei_index(M, by={1: "A", 2: "A", 3: "B"}, kind="trust", permutations=0)
    assert only.index.tolist() == ["trust"]
    with pytest.raises(ParameterError, match="kind='hub'"):
        ei_index(M, by={1: "A", 2: "A", 3: "B"}, kind="hub")


def test_permutation_test_finds_ties_that_stay_inside() -> None:
    # Two cliques of eight, each one group, joined by one tie: far more internal than chance.
    G = nx.disjoint_union(nx.complete_graph(8), nx.complete_graph(8))
    G.add_edge(0, 8)
    group = {u: "A" if u < 8 else "B" for u in G}
    table = ei_index(G, by=group, permutations=500, seed=1)
    assert table.loc["all", "ei"] < table.loc["all", "expected"]
    assert table.loc["all", "p_inside"] < 0.01
    assert table.loc["all", "p_value"] < 0.01
    again = ei_index(G, by=group, permutations=500, seed=1)
    pd.testing.assert_frame_equal(table, again)
    # Shuffled groups: no pattern to find.
    rng = np.random.default_rng(0)
    random_groups = {u: "AB"[int(rng.integers(0, 2))] for u in G}
    assert (
        ei_index(nx.gnp_random_graph(16, 0.4, seed=3), by=random_groups, permutations=300, seed=2).loc["all", "p_value"]
        > 0.01
    )
    with pytest.raises(ParameterError, match="permutations=-1"):
        ei_index(G, by=group, permutations=-1)


def test_ei_index_on_the_sample(sample_network: nx.MultiGraph) -> None:
    table = ei_index(sample_network, by="district", permutations=99, seed=0)
    # Clusters are made within districts: every cluster tie is internal.
    assert table.loc["cluster", "external"] == 0 and table.loc["cluster", "ei"] == -1
    assert table.loc["all", "ties"] == len({frozenset(e) for e in sample_network.edges()})


def two_clusters() -> nx.MultiGraph:
    """Two cliques of five joined by one tie; formal clusters match them, except school 4, put in the other."""
    G = nx.MultiGraph()
    for block, start in (("C1", 0), ("C2", 5)):
        for i in range(start, start + 5):
            G.add_node(i, name=f"S{i}", district="North" if start == 0 else "South")
            for j in range(i + 1, start + 5):
                G.add_edge(i, j, key=block, kind="cluster")
    G.add_edge(4, 5, key="T", kind="trust")
    cluster = {i: ("C1" if i < 4 else "C2") for i in range(10)}
    G.graph["memberships"] = pd.DataFrame(
        {"urn": list(cluster), "group_id": list(cluster.values()), "kind": "cluster", "lead": False}
    )
    return G


def test_communities_flag_schools_working_outside_their_cluster() -> None:
    found = communities(two_clusters(), seed=1)
    schools = found.schools
    assert schools["community"].nunique() == 2
    assert len(set(schools.loc[[0, 1, 2, 3, 4], "community"])) == 1
    assert found.differing.index.tolist() == [4]  # its ties are all with C1's schools
    assert found.scores.loc["formal clusters", "schools"] == 10
    expected = adjusted_rand_index(schools["community"], schools["cluster"])
    assert found.scores.loc["formal clusters", "ari"] == pytest.approx(expected)
    assert found.scores.loc["districts", "ari"] == pytest.approx(1.0)
    assert 0 < found.modularity < 1
    assert "2 communities" in repr(found) and "<table" in found._repr_html_()


def test_communities_are_repeatable_and_work_on_plain_graphs(sample_network: nx.MultiGraph) -> None:
    a, b = communities(sample_network, seed=3), communities(sample_network, seed=3)
    pd.testing.assert_frame_equal(a.schools, b.schools)
    assert a.scores.loc["formal clusters", "schools"] == len(
        set(sample_network.graph["memberships"].query("kind == 'cluster'")["urn"])
    )
    plain = communities(nx.karate_club_graph(), seed=1)
    assert np.isnan(plain.scores.loc["formal clusters", "ari"])
    assert not plain.schools["differs"].any()
    with pytest.raises(ParameterError, match="resolution=0"):
        communities(sample_network, resolution=0)


@pytest.mark.national
def test_national_homophily_and_communities(national_network: nx.MultiGraph) -> None:
    table = ei_index(national_network, by="la", permutations=20, seed=0)
    assert table.loc["cluster", "ei"] == -1  # clusters are made within local authorities
    found = communities(national_network, seed=0)
    assert len(found.schools) == national_network.number_of_nodes()
    assert found.scores.loc["formal clusters", "ari"] > 0
    assert schoolnet.brokerage_roles is not None


def pair_counts(a: list[int], b: list[int]) -> tuple[int, int, int, int]:
    """Walk every pair of items: together in both partitions, in a only, in b only, in neither."""
    both = only_a = only_b = neither = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            same_a, same_b = a[i] == a[j], b[i] == b[j]
            both += same_a and same_b
            only_a += same_a and not same_b
            only_b += same_b and not same_a
            neither += not same_a and not same_b
    return both, only_a, only_b, neither


def entropy(*columns: list[int]) -> float:
    """The entropy of the items' joint groups in the given partitions."""
    shares = pd.Series(list(zip(*columns, strict=True))).value_counts().to_numpy() / len(columns[0])
    return float(-(shares * np.log(shares)).sum())


def test_partition_scores_match_pair_counting_and_entropies() -> None:
    # ARI from its definition over pairs (Hubert and Arabie 1985, eq. 5); NMI as (H(a) + H(b) - H(a, b)) over
    # the mean entropy, each worked from scratch.
    rng = np.random.default_rng(11)
    for _ in range(30):
        n = int(rng.integers(5, 40))
        a = rng.integers(0, int(rng.integers(1, 6)), n).tolist()
        b = rng.integers(0, int(rng.integers(1, 6)), n).tolist()
        both, only_a, only_b, neither = pair_counts(a, b)
        pairs = both + only_a + only_b + neither
        in_a, in_b = both + only_a, both + only_b
        expected = in_a * in_b / pairs
        top = (in_a + in_b) / 2
        ari = 1.0 if top == expected else (both - expected) / (top - expected)
        assert adjusted_rand_index(pd.Series(a), pd.Series(b)) == pytest.approx(ari)

        ha, hb = entropy(a), entropy(b)
        nmi = 1.0 if ha == hb == 0 else (ha + hb - entropy(a, b)) / ((ha + hb) / 2)
        assert normalised_mutual_information(pd.Series(a), pd.Series(b)) == pytest.approx(nmi, abs=1e-12)


def test_ei_index_on_directed_and_multigraphs() -> None:
    # A reciprocated directed tie is one pair of schools; so is a tie repeated in a multigraph.
    group = {1: "A", 2: "A", 3: "B", 4: "B"}
    D = nx.DiGraph([(1, 2), (2, 1), (2, 3), (3, 4), (4, 3)])
    expected = ei_index(line(), by=group, permutations=50, seed=3)
    for G in (D, nx.MultiDiGraph(D), nx.MultiGraph([*line().edges(), (1, 2)])):
        pd.testing.assert_frame_equal(ei_index(G, by=group, permutations=50, seed=3), expected)


def test_permutations_do_not_depend_on_the_block_size(monkeypatch: pytest.MonkeyPatch, sample_network) -> None:
    whole = ei_index(sample_network, by="phase", permutations=60, seed=9)
    monkeypatch.setattr(communities_module, "_CHUNK", 1)  # one shuffle at a time
    pd.testing.assert_frame_equal(ei_index(sample_network, by="phase", permutations=60, seed=9), whole)


@pytest.mark.parametrize("kind", [nx.Graph, nx.DiGraph, nx.MultiDiGraph])
def test_communities_on_any_networkx_graph(kind: type[nx.Graph]) -> None:
    G = kind(nx.karate_club_graph().edges())
    found = communities(G, seed=4)
    assert found.schools.index.tolist() == list(G)
    assert found.schools[["name", "phase", "district", "cluster"]].isna().all().all()
    assert found.scores["schools"].tolist() == [0, 0]
    assert found.schools["community"].max() > 1  # numbered from 1


@pytest.mark.parametrize("seed", range(5))
def test_assortativity_matches_networkx_on_random_networks(seed: int) -> None:
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(60, 150, seed=seed)
    groups = {u: "ABCD"[int(rng.integers(0, 2 + seed % 3))] for u in G}
    table = ei_index(G, by=groups, permutations=0)
    nx.set_node_attributes(G, groups, "g")
    assert table.loc["all", "assortativity"] == pytest.approx(nx.attribute_assortativity_coefficient(G, "g"), abs=1e-12)


def test_ei_index_of_a_network_without_ties() -> None:
    G = nx.Graph()
    G.add_nodes_from([1, 2, 3])
    table = ei_index(G, by={1: "A", 2: "A", 3: "B"}, permutations=10, seed=0)
    assert table.loc["all", "ties"] == 0
    assert table.loc["all", ["ei", "expected", "p_value"]].isna().all()


def test_partition_scores_leave_out_items_without_a_label() -> None:
    a, b = pd.Series([np.nan, 0, 0, 1, 1]), pd.Series([0, 0, 0, 1, 1])
    # Item 0 has no label in a, so it is left out: [0, 0, 1, 1] against [0, 0, 1, 1], the same partition.
    assert adjusted_rand_index(a, b) == 1.0
    assert adjusted_rand_index(b, a) == 1.0
    assert normalised_mutual_information(a, b) == pytest.approx(1.0)
    # Had item 0 been a group of its own, a = [x, 0, 0, 1, 1]: cells 1, 2, 2 give 0 + 1 + 1 = 2 pairs together
    # in both; rows 1, 2, 2 give 2 pairs; columns 3, 2 give 3 + 1 = 4; expected 2 * 4 / C(5, 2) = 0.8;
    # ARI = (2 - 0.8) / ((2 + 4) / 2 - 0.8) = 6/11. Had it been put with group 1 (a pandas code of -1 read as
    # the last row), a = [1, 0, 0, 1, 1]: cells 2, 1, 2 give 2; rows 2, 3 give 4; columns 4; expected 1.6;
    # ARI = 0.4 / 2.4 = 1/6. Neither is what a school with no label should count for.
    assert adjusted_rand_index(pd.Series(["x", 0, 0, 1, 1]), b) == pytest.approx(6 / 11)
    assert adjusted_rand_index(pd.Series([1, 0, 0, 1, 1]), b) == pytest.approx(1 / 6)
    # None counts as missing too, in either partition; items left out on both sides are left out once.
    labels = pd.Series(["p", "p", None, "q", "q", "q"])
    other = pd.Series([1, 1, 2, None, 2, 2])
    # Left: items 0, 1, 4, 5 -> [p, p, q, q] against [1, 1, 2, 2]: the same partition.
    assert adjusted_rand_index(labels, other) == 1.0
    assert np.isnan(adjusted_rand_index(pd.Series([None, 0]), pd.Series([0, 0])))  # one item left
    assert np.isnan(normalised_mutual_information(pd.Series([None]), pd.Series([0])))
    with pytest.raises(ParameterError, match="got 3 and 2"):
        adjusted_rand_index(pd.Series([0, 0, 1]), pd.Series([0, 1]))


def test_communities_compare_only_schools_in_a_cluster() -> None:
    # Two triangles joined by one tie; schools 0-3 are in clusters that match the triangles, 4 and 5 in none.
    G = nx.barbell_graph(3, 0)
    cluster = {0: "C1", 1: "C1", 2: "C1", 3: "C2"}
    G.graph["memberships"] = pd.DataFrame(
        {"urn": list(cluster), "group_id": list(cluster.values()), "kind": "cluster", "lead": False}
    )
    found = communities(G, seed=1)
    # Communities [1, 1, 1, 2] against clusters [C1, C1, C1, C2] for the four schools in a cluster: the same.
    assert found.scores.loc["formal clusters", ["ari", "nmi", "schools"]].tolist() == [1.0, 1.0, 4]


def test_ei_index_leaves_out_ties_of_schools_without_a_group() -> None:
    # Ties 1-2 (A, A), 2-3 (A, ?), 3-4 (?, ?), 4-5 (?, B) and 1-5 (A, B). Schools 3 and 4 have no group:
    # only 1-2 (internal) and 1-5 (external) can be judged, so EI = (1 - 1) / 2 = 0. Had the two been one
    # group, "(unknown)", 3-4 would be internal: EI = (3 - 2) / 5 = 0.2.
    G = nx.cycle_graph([1, 2, 3, 4, 5])
    group = {1: "A", 2: "A", 5: "B"}
    with pytest.warns(UnknownGroupWarning, match="ei_index: 2 of 5 schools have no group; their ties are left out"):
        table = ei_index(G, by=group, permutations=0)
    assert table.loc["all", ["ties", "internal", "external"]].tolist() == [2, 1, 1]
    assert table.loc["all", "ei"] == 0.0
    assert table.attrs["unknown"] == 2
    # The shuffles are those of the network of the schools with a group.
    with pytest.warns(UnknownGroupWarning):
        shuffled = ei_index(G, by=group, permutations=40, seed=5)
    known = ei_index(G.subgraph([1, 2, 5]), by=group, permutations=40, seed=5)
    pd.testing.assert_frame_equal(shuffled, known)
    # A school attribute missing for some schools says which attribute.
    nx.set_node_attributes(G, {1: "North", 2: "North", 3: "South"}, "district")
    with pytest.warns(UnknownGroupWarning, match="2 of 5 schools have no value of 'district'"):
        ei_index(G, by="district", permutations=0)


def test_p_values_count_the_observed_index_as_a_shuffle() -> None:
    # Two cliques of eight, one group each, joined by one tie: 56 internal pairs, 1 external. A shuffle is
    # as low only if it splits the cliques exactly as the groups do (2 of C(16, 8) = 12,870 shuffles); none
    # of these 500 does, and no shuffle can be as far above the expected index (about 0.07) as the observed
    # -55/57 is below it. So c = 0 and both p-values are (1 + 0) / (1 + 500).
    G = nx.disjoint_union(nx.complete_graph(8), nx.complete_graph(8))
    G.add_edge(0, 8)
    table = ei_index(G, by={u: u // 8 for u in G}, permutations=500, seed=1)
    assert table.loc["all", "ei"] == pytest.approx(-55 / 57)
    assert table.loc["all", "p_inside"] == 1 / 501
    assert table.loc["all", "p_value"] == 1 / 501


def test_argument_checks_name_the_argument() -> None:
    with pytest.raises(ParameterError, match=r"permutations=1\.5: expected a whole number of at least 0"):
        ei_index(line(), by={1: "A"}, permutations=1.5)
    with pytest.raises(ParameterError, match="permutations=True"):
        ei_index(line(), by={1: "A"}, permutations=True)
    with pytest.raises(ParameterError, match="resolution='1': expected a number greater than 0"):
        communities(line(), resolution="1")


@pytest.mark.parametrize("groups", [3, 40_000])
def test_shuffles_count_each_kind_as_a_plain_loop_does(groups: int) -> None:
    # Pairs of several kinds overlapping (a pair may be in one kind, several, or only "all"); each shuffle's index is
    # recounted kind by kind with the same generator drawing the same permutations one after another. 40,000
    # groups take the path where the shuffled groups do not fit in 16 bits.
    rng = np.random.default_rng(7)
    code = rng.integers(0, 3, 60) + (groups - 3) * (np.arange(60) % 2)
    every = np.array([(a, b) for a in range(60) for b in range(a + 1, 60)])
    chosen = every[rng.choice(len(every), 300, replace=False)]
    chosen = chosen[np.lexsort((chosen[:, 1], chosen[:, 0]))]
    pairs = {"cluster": chosen[:120], "trust": chosen[80:200], "hub": chosen[::7], "none": chosen[:0], "all": chosen}
    null = communities_module._shuffled_ei(code, pairs, 25, 3)
    draws = np.random.default_rng(3)
    shuffles = [draws.permutation(code) for _ in range(25)]
    for name, pair in pairs.items():
        expected = [
            (len(pair) - 2 * int(np.sum(s[pair[:, 0]] == s[pair[:, 1]]))) / len(pair) for s in shuffles if len(pair)
        ]
        assert null[name].tolist() == expected, name
