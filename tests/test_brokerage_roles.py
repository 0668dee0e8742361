from __future__ import annotations

import math
import sys
import warnings
from itertools import permutations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import ParameterError, UnknownGroupWarning
from schoolnet.measures.brokerage_roles import ROLES, brokerage_roles


def brute_force(G: nx.Graph, group: dict[int, str]) -> pd.DataFrame:
    """Walk every ordered two-path i -> b -> k with no tie i -> k, as sna's brokerage does."""
    out = {}
    for b in G:
        into = set(G.predecessors(b)) if G.is_directed() else set(G.neighbors(b))
        onto = set(G.successors(b)) if G.is_directed() else set(G.neighbors(b))
        counts = dict.fromkeys(ROLES, 0)
        for i in into - {b}:
            for k in onto - {b, i}:
                if G.has_edge(i, k):
                    continue
                gi, gb, gk = group[i], group[b], group[k]
                role = (
                    "coordinator" if gi == gb == gk else
                    "representative" if gi == gb else
                    "gatekeeper" if gb == gk else
                    "itinerant" if gi == gk else "liaison"
                )  # fmt: skip
                counts[role] += 1
        out[b] = counts
    return pd.DataFrame(out).T


@pytest.mark.parametrize("directed", [False, True])
def test_counts_match_a_brute_force_walk(directed: bool) -> None:
    rng = np.random.default_rng(5)
    for seed in range(20):
        G = nx.gnp_random_graph(20, 0.25, seed=seed, directed=directed)
        G.add_edge(0, 0)
        group = {u: "ABC"[int(rng.integers(0, 3))] for u in G}
        ours = brokerage_roles(G, by=group)
        expected = brute_force(G, group)
        assert ours[list(ROLES)].to_numpy().tolist() == expected[list(ROLES)].to_numpy().tolist()
        assert (ours["total"] == ours[list(ROLES)].sum(axis=1)).all()


def test_a_star_by_hand() -> None:
    # Centre 0 in group X; partners 1 and 2 in X, 3 in Y; no ties among partners.
    # Ordered pairs of partners: (1,2), (2,1): coordinator; (1,3), (2,3): representative;
    # (3,1), (3,2): gatekeeper.
    roles = brokerage_roles(nx.star_graph(3), by={0: "X", 1: "X", 2: "X", 3: "Y"})
    assert roles.loc[0, list(ROLES)].tolist() == [2, 0, 2, 2, 0]
    assert roles.loc[0, "group"] == "X"
    assert roles.loc[[1, 2, 3], "total"].tolist() == [0, 0, 0]


def test_expectations_and_z_scores_by_hand() -> None:
    # Path 0 - 1 - 2, groups A B A. sna: d = m / (N (N - 1)) with m = 4 directed ties, so d = 2/3
    # and p = d^2 (1 - d) = 4/27. Broker 1 is alone in B; group A has 2 schools.
    # Itinerant: E = p * 2 * 1 = 8/27, Var = E (1 - p) = (8/27)(23/27) = 184/729.
    # z = (2 - 8/27) / sqrt(184/729) = 46 / sqrt(184).
    roles = brokerage_roles(nx.path_graph(3), by={0: "A", 1: "B", 2: "A"})
    assert roles.attrs["density"] == pytest.approx(2 / 3)
    assert roles.loc[1, "exp_itinerant"] == pytest.approx(8 / 27)
    assert roles.loc[1, "z_itinerant"] == pytest.approx(46 / math.sqrt(184))
    # Schools 0 and 2 (group A, size 2): representative E = p (N - n)(n - 1) = 4/27.
    assert roles.loc[0, "exp_representative"] == pytest.approx(4 / 27)
    assert roles.loc[0, "exp_total"] == pytest.approx(4 / 27 * 2 * 1)
    assert np.isnan(roles.loc[1, "z_coordinator"])  # a group of one has no coordinator expectation


def sna_moments(sizes: list[int], d: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """sna's moments (sna 2.7-2, R/models.R, brokerage) written out term by term, with its triple loop."""
    n = np.array(sizes, dtype=float)
    N = n.sum()
    e = d**2 * (1 - d)
    a, b, c = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    ebr, vbr = np.zeros((len(n), 6)), np.zeros((len(n), 6))
    for i in range(len(n)):
        o = np.delete(n, i)
        ebr[i] = [
            e * (n[i] - 1) * (n[i] - 2),
            e * sum(o * (o - 1)),
            e * (N - n[i]) * (n[i] - 1),
            e * (N - n[i]) * (n[i] - 1),
            e * (sum(np.outer(o, o).ravel()) - sum(o**2)),
            e * (N - 1) * (N - 2),
        ]
        vbr[i] = ebr[i] * (1 - e) + np.array(
            [
                2 * (n[i] - 1) * (n[i] - 2) * (n[i] - 3) * a,
                2 * sum(o * (o - 1) * (o - 2)) * a,
                2 * ((n[i] - 1) * math.comb(int(N - n[i]), 2) + (N - n[i]) * math.comb(int(n[i] - 1), 2)) * a,
                2 * ((n[i] - 1) * math.comb(int(N - n[i]), 2) + (N - n[i]) * math.comb(int(n[i] - 1), 2)) * a,
                4 * sum(oo * math.comb(int(N - oo - n[i]), 2) for oo in o) * a,
                2 * (N - 1) * (N - 2) * (N - 3) * a,
            ]
        )
    liaison = e * (sum(x * y * (N - x - y) for x in n for y in n) - sum(n * n * (N - 2 * n)))
    v_liaison = liaison * (1 - e)
    for i, j, k in permutations(range(len(n)), 3):
        v_liaison += (
            n[i]
            * n[j]
            * n[k]
            * (
                (4 * (N - n[j]) - 2 * (n[i] + n[k] + 1)) * a
                - (4 * (N - n[k]) - 2 * (n[i] + n[j] + 1)) * b
                + (N - (n[i] + n[k] + 1)) * c
            )
        )
    return ebr, vbr, np.array([liaison]), np.array([v_liaison])


def test_expectations_follow_sna() -> None:
    G = nx.gnp_random_graph(30, 0.2, seed=2, directed=True)
    group = {u: "PQRS"[u % 4] for u in G}
    roles = brokerage_roles(G, by=group)
    sizes = [sum(1 for g in group.values() if g == x) for x in "PQRS"]
    ebr, vbr, liaison, v_liaison = sna_moments(sizes, roles.attrs["density"])
    for u in G:
        g = "PQRS".index(group[u])
        expected = roles.loc[u, [f"exp_{r}" for r in (*ROLES, "total")]].to_numpy(dtype=float)
        assert expected == pytest.approx(ebr[g])
        observed = roles.loc[u, [*ROLES, "total"]].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (observed - ebr[g]) / np.sqrt(vbr[g])
        np.testing.assert_allclose(roles.loc[u, [f"z_{r}" for r in (*ROLES, "total")]].to_numpy(dtype=float), z)
    overall = roles.attrs["global"]
    assert overall.loc["liaison", "expected"] == pytest.approx(liaison[0])
    assert overall.loc["liaison", "sd"] == pytest.approx(math.sqrt(v_liaison[0]))
    assert overall.loc["total", "observed"] == roles["total"].sum()


def test_expected_counts_match_simulation() -> None:
    # Under random ties of density d with groups held fixed, the mean count of each role
    # for a broker should be the expectation. 12 schools in groups of 5, 4 and 3.
    group = {u: "A" if u < 5 else "B" if u < 9 else "C" for u in range(12)}
    rng = np.random.default_rng(0)
    d = 0.3
    totals = np.zeros((12, 6))
    runs = 600
    for _ in range(runs):
        A = (rng.random((12, 12)) < d) & ~np.eye(12, dtype=bool)
        G = nx.from_numpy_array(A.astype(int), create_using=nx.DiGraph)
        counts = brokerage_roles(G, by=group)
        totals += counts[[*ROLES, "total"]].to_numpy(dtype=float)
    mean = totals / runs
    exact = brokerage_roles(nx.DiGraph(nx.complete_graph(12)), by=group)  # any graph: only the groups matter
    ebr, _, _, _ = sna_moments([5, 4, 3], d)
    for u in range(12):
        g = "ABC".index(group[u])
        assert mean[u] == pytest.approx(ebr[g], rel=0.15, abs=0.5)
    assert exact.loc[0, "group"] == "A"


def test_groups_from_attributes_kinds_and_mappings(sample_network: nx.MultiGraph) -> None:
    by_district = brokerage_roles(sample_network, by="district")
    assert by_district["group"].tolist() == [d for _, d in sample_network.nodes(data="district")]
    by_trust = brokerage_roles(sample_network, by="trust")
    trusts = sample_network.graph["memberships"].query("kind == 'trust'")
    outside = ~by_trust.index.isin(trusts["urn"])
    # A school in no trust is a group of its own, so it is never in a group with another school.
    assert by_trust.loc[outside, "group"].is_unique
    assert by_trust.loc[outside, "coordinator"].sum() == 0
    with pytest.raises(ParameterError, match="by='colour'"):
        brokerage_roles(sample_network, by="colour")


def test_multigraph_ties_count_once() -> None:
    M = nx.MultiGraph([(0, 1), (0, 1), (1, 2)])
    roles = brokerage_roles(M, by={0: "A", 1: "A", 2: "A"})
    assert roles.loc[1, "coordinator"] == 2


@pytest.mark.national
def test_national_brokerage_roles(national_network: nx.MultiGraph) -> None:
    roles = brokerage_roles(national_network, by="la")
    assert len(roles) == national_network.number_of_nodes()
    assert (roles[list(ROLES)] >= 0).all().all()
    # Spot-check a few brokers against the brute-force walk on their neighbourhood.
    H = nx.Graph(schoolnet.collapse(national_network))
    group = dict(national_network.nodes(data="la"))
    for b in list(roles.sort_values("total").index[-3:]):
        local = H.subgraph({b, *H.neighbors(b)})
        expected = brute_force(local, group).loc[b]
        assert roles.loc[b, list(ROLES)].tolist() == expected[list(ROLES)].tolist()


def test_every_role_by_hand_on_a_directed_graph() -> None:
    # Broker x is in group B. Ties run into x from a1 (A), b2 (B), c1 (C), and out of x to a2 (A), b3 (B), c2 (C):
    #
    #   a1 --\            /--> a2
    #   b2 ---+--> x --->+---> b3
    #   c1 --/            \--> c2
    #
    # The nine two-paths i -> x -> j, by the groups of (i, x, j):
    #   a1 x a2: A B A itinerant     b2 x a2: B B A representative   c1 x a2: C B A liaison
    #   a1 x b3: A B B gatekeeper    b2 x b3: B B B coordinator      c1 x b3: C B B gatekeeper
    #   a1 x c2: A B C liaison       b2 x c2: B B C representative   c1 x c2: C B C itinerant
    G = nx.DiGraph([(i, "x") for i in ("a1", "b2", "c1")] + [("x", j) for j in ("a2", "b3", "c2")])
    group = {u: u[0].upper() for u in G if u != "x"} | {"x": "B"}
    roles = brokerage_roles(G, by=group)
    assert roles.loc["x", [*ROLES, "total"]].tolist() == [1, 2, 2, 2, 2, 9]
    # A tie a2 -> a1 runs the wrong way to close a1 -> x -> a2; a tie a1 -> a2 closes it.
    G.add_edge("a2", "a1")
    assert brokerage_roles(G, by=group).loc["x", "itinerant"] == 2
    G.add_edge("a1", "a2")
    assert brokerage_roles(G, by=group).loc["x", [*ROLES, "total"]].tolist() == [1, 1, 2, 2, 2, 8]


# Brokerage counts on Zachary's karate club with every tie directed from the lower-numbered member to the
# higher (numbered from 1), members 1-17 in one group and 18-34 in the other: the expected values of
# facebookresearch/dachshund, tests/karate_club.rs, test_brokerage, an independent implementation that
# replicates sna's counts. Columns: coordinator, itinerant, representative, gatekeeper, liaison, total.
KARATE_BROKERAGE = [
    (0, 0, 0, 0, 0, 0), (0, 0, 1, 0, 0, 1), (3, 0, 6, 0, 0, 9), (2, 0, 0, 0, 0, 2), (0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 1), (2, 0, 0, 0, 0, 2), (0, 0, 0, 0, 0, 0), (0, 0, 5, 0, 0, 5), (0, 0, 1, 0, 0, 1),
    (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 4, 0, 0, 4), (0, 0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 2, 0, 2),
    (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 1), (0, 0, 0, 0, 0, 0), (1, 0, 0, 1, 0, 2), (0, 0, 0, 2, 0, 2), (1, 0, 0, 0, 0, 1),
    (0, 0, 0, 2, 0, 2), (5, 0, 0, 2, 0, 7), (0, 0, 0, 1, 0, 1), (0, 0, 0, 0, 0, 0),
]  # fmt: skip


def test_karate_club_matches_a_published_implementation() -> None:
    G = nx.DiGraph()
    G.add_nodes_from(range(1, 35))
    G.add_edges_from((min(u, v) + 1, max(u, v) + 1) for u, v in nx.karate_club_graph().edges())
    roles = brokerage_roles(G, by={u: "low" if u <= 17 else "high" for u in G})
    expected = pd.DataFrame(KARATE_BROKERAGE, index=range(1, 35), columns=[*ROLES, "total"])
    assert roles[[*ROLES, "total"]].to_numpy().tolist() == expected.to_numpy().tolist()


def test_any_networkx_graph_and_whole_number_groups() -> None:
    # Parallel ties count once; a tie in an undirected graph counts both ways, as a reciprocated directed tie.
    G = nx.gnp_random_graph(25, 0.2, seed=8)
    group = {u: u % 3 for u in G if u != 0}  # school 0 has no group
    with pytest.warns(UnknownGroupWarning, match="1 of 25 schools have no group"):
        expected = brokerage_roles(G, by=group)
    assert expected.loc[0, "group"] == "(unknown)" and expected.loc[0, list(ROLES)].isna().all()
    assert [type(g) for g in expected["group"].iloc[1:4]] == [int] * 3 and expected.loc[1, "group"] == 1  # not 1.0
    both_ways = nx.DiGraph()
    both_ways.add_nodes_from(G)
    both_ways.add_edges_from([*G.edges(), *((v, u) for u, v in G.edges())])
    multi = nx.MultiGraph(G)
    multi.add_edges_from(list(G.edges()))
    multi_directed = nx.MultiDiGraph(both_ways)
    multi_directed.add_edges_from(list(both_ways.edges()))
    for other in (both_ways, multi, multi_directed):
        with pytest.warns(UnknownGroupWarning):
            pd.testing.assert_frame_equal(brokerage_roles(other, by=group), expected)
    assert expected[["name", "phase", "district"]].isna().all().all()


def test_schools_without_a_group_are_left_out() -> None:
    # A star: centre 0 (A) with partners 1 (A), 2 (B) and 3 (no group), not tied to each other.
    # Among 1 and 2: (1, 0, 2) is A A B, representative; (2, 0, 1) is B A A, gatekeeper. The four ordered
    # pairs with 3 cannot be given a role (had 3 been a group "(unknown)", they would have added two
    # representatives and two gatekeepers).
    with pytest.warns(UnknownGroupWarning, match="brokerage_roles: 1 of 4 schools have no group"):
        roles = brokerage_roles(nx.star_graph(3), by={0: "A", 1: "A", 2: "B"})
    assert roles.loc[0, [*ROLES, "total"]].tolist() == [0, 0, 1, 1, 0, 2]
    assert roles.loc[3, "group"] == "(unknown)" and roles.loc[3, [*ROLES, "total"]].isna().all()
    assert roles.loc[3, ["exp_total", "z_total"]].isna().all()
    assert roles.attrs["unknown"] == 1
    # The model is that of the three schools with a group: 4 directed ties of 3 * 2, d = 2/3,
    # p = d^2 (1 - d) = 4/27; the centre's group has n = 2 of N = 3, so E(representative) = p (N - n)(n - 1).
    assert roles.attrs["density"] == pytest.approx(2 / 3)
    assert roles.loc[0, "exp_representative"] == pytest.approx(4 / 27)
    # The same as the network of the schools with a group.
    known = brokerage_roles(nx.star_graph(3).subgraph([0, 1, 2]), by={0: "A", 1: "A", 2: "B"})
    pd.testing.assert_frame_equal(roles.loc[[0, 1, 2]], known, check_dtype=False)
    pd.testing.assert_frame_equal(roles.attrs["global"], known.attrs["global"])


def test_small_networks_counted_densely_agree_with_the_sparse_products(monkeypatch: pytest.MonkeyPatch) -> None:
    # A small network's counts come from dense arrays; forced through scipy's sparse products they must not change.
    module = sys.modules[brokerage_roles.__module__]
    rng = np.random.default_rng(7)
    for case in range(40):
        n = int(rng.integers(2, 25))
        A = (rng.random((n, n)) < rng.uniform(0.05, 0.6)) & ~np.eye(n, dtype=bool)
        directed = case % 2 == 0
        G = nx.from_numpy_array(A.astype(int), create_using=nx.DiGraph if directed else nx.Graph)
        groups = {u: "ABCD"[int(g)] for u, g in enumerate(rng.integers(0, 4, n)) if case % 5 or u % 4}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnknownGroupWarning)
            dense = brokerage_roles(G, by=groups)
            monkeypatch.setattr(module, "_DENSE_UP_TO", -1)
            plain = brokerage_roles(G, by=groups)
            monkeypatch.undo()
        pd.testing.assert_frame_equal(dense, plain, check_exact=True)
        pd.testing.assert_frame_equal(dense.attrs["global"], plain.attrs["global"], check_exact=True)
        assert dense.attrs["density"] == plain.attrs["density"]
