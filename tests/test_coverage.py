"""Tests of schoolnet.measures.coverage: reach, nearest leaders, coverage, uncovered schools and suggested leaders.

Most expected values are worked out by hand on the small county ``tiny`` below. The rest come from independent
implementations: networkx shortest paths, distances computed pairwise with numpy, and brute force over every
subset of candidates.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import MissingCoordinatesError, ParameterError, SchoolnetWarning
from schoolnet.measures.coverage import coverage, nearest_leader, reach, suggest_leaders, uncovered

# ---------------------------------------------------------------------------
# A county small enough to work out by hand
# ---------------------------------------------------------------------------
#
#  urn  phase      ofsted                designation  at (km)    district
#   1   primary    good                  NLE          (0, 0)     North
#   2   primary    requires improvement               (3, 0)     North
#   3   secondary  inadequate                         (6, 0)     North
#   4   primary    good                               (0, 4)     North
#   5   special    requires improvement               (9, 0)     North
#   6   secondary  outstanding           LLE          (20, 0)    South
#   7   primary    requires improvement               (26, 8)    South   (exactly 10 km from 6)
#   8   primary    requires improvement               (50, 50)   South   (no ties at all)
#
#  ties: 1-2 cluster and trust (parallel), 2-3 cluster, 3-5 support, 1-4 alliance, 5-6 cluster, 6-7 trust,
#        and a self-loop on 4.
#
#  hops from 1: 2 and 4 at 1; 3 at 2; 5 at 3; 6 at 4; 7 at 5; 8 never.
#  hops from 6: 5 and 7 at 1; 3 at 2; 2 at 3; 1 at 4; 4 at 5; 8 never.
#  km from 1:   2: 3, 4: 4, 3: 6, 5: 9, 6: 20, 7: 27.20, 8: 70.71.
#  km from 6:   7: 10, 5: 11, 3: 14, 2: 17, 1: 20, 4: 20.40, 8: 58.31.

LEADERS = [1, 6]
NEED = pd.Series({2: True, 3: True, 5: True, 7: True, 8: True})


def tiny_graph() -> nx.MultiGraph:
    G = nx.MultiGraph()
    schools = {
        1: ("primary", "good", "NLE", 0, 0, "North"),
        2: ("primary", "requires improvement", "", 3, 0, "North"),
        3: ("secondary", "inadequate", "", 6, 0, "North"),
        4: ("primary", "good", "", 0, 4, "North"),
        5: ("special", "requires improvement", "", 9, 0, "North"),
        6: ("secondary", "outstanding", "LLE", 20, 0, "South"),
        7: ("primary", "requires improvement", "", 26, 8, "South"),
        8: ("primary", "requires improvement", "", 50, 50, "South"),
    }
    for urn, (phase, ofsted, designations, x, y, district) in schools.items():
        G.add_node(
            urn,
            name=f"School {urn}",
            phase=phase,
            ofsted=ofsted,
            designations=designations,
            easting=x * 1000.0,
            northing=y * 1000.0,
            district=district,
        )
    for u, v, key, kind in [
        (1, 2, "C1", "cluster"),
        (1, 2, "T1", "trust"),
        (2, 3, "C1", "cluster"),
        (3, 5, "S1", "support"),
        (1, 4, "A1", "alliance"),
        (5, 6, "C2", "cluster"),
        (6, 7, "T2", "trust"),
        (4, 4, "X", "cluster"),
    ]:
        G.add_edge(u, v, key=key, kind=kind)
    return G


@pytest.fixture
def tiny() -> nx.MultiGraph:
    return tiny_graph()


# ---------------------------------------------------------------------------
# reach
# ---------------------------------------------------------------------------


def test_reach_by_hand(tiny: nx.MultiGraph) -> None:
    table = reach(tiny, LEADERS, hops=(1, 2), km=(5, 10), need=NEED)
    assert list(table.index) == [1, 6]
    assert table.index.name == "urn"
    assert list(table.columns[:3]) == ["name", "phase", "district"]
    expected = {
        # leader 1: 1 hop {2, 4}; 2 hops {2, 3, 4}; 5 km {2, 4}; 10 km {2, 3, 4, 5}
        # leader 6: 1 hop {5, 7}; 2 hops {3, 5, 7}; 5 km {};   10 km {7} (exactly 10 km counts)
        "hops_1": [2, 2],
        "hops_1_primary": [2, 1],
        "hops_1_secondary": [0, 0],
        "hops_1_special": [0, 1],
        "hops_1_in_need": [1, 2],
        "hops_2": [3, 3],
        "hops_2_primary": [2, 1],
        "hops_2_secondary": [1, 1],
        "hops_2_special": [0, 1],
        "hops_2_in_need": [2, 3],
        "km_5": [2, 0],
        "km_5_primary": [2, 0],
        "km_5_secondary": [0, 0],
        "km_5_special": [0, 0],
        "km_5_in_need": [1, 0],
        "km_10": [4, 1],
        "km_10_primary": [2, 1],
        "km_10_secondary": [1, 0],
        "km_10_special": [1, 0],
        "km_10_in_need": [3, 1],
    }
    assert list(table.columns[3:]) == list(expected)
    for column, values in expected.items():
        assert table[column].tolist() == values, column


def test_reach_column_names_for_other_hops_and_radii(tiny: nx.MultiGraph) -> None:
    table = reach(tiny, [1], hops=3, km=[2.5], need=NEED)
    assert [c for c in table.columns if not c.endswith(("primary", "secondary", "special"))][3:] == [
        "hops_3",
        "hops_3_in_need",
        "km_2.5",
        "km_2.5_in_need",
    ]
    # 3 hops from 1: 2, 3, 4, 5; nothing but itself within 2.5 km
    assert table.loc[1, "hops_3"] == 4
    assert table.loc[1, "km_2.5"] == 0


def test_reach_leaders_default_to_designated_schools(tiny: nx.MultiGraph) -> None:
    assert list(reach(tiny, km=(), need=NEED).index) == [1, 6]


def test_reach_does_not_change_the_graph(tiny: nx.MultiGraph) -> None:
    before = nx.to_dict_of_dicts(tiny), dict(tiny.nodes(data=True))
    reach(tiny, LEADERS, need=NEED)
    nearest_leader(tiny, leaders=LEADERS)
    suggest_leaders(tiny, leaders=LEADERS, need=NEED, candidates=[4, 5, 8], allow_in_need=True)
    assert (nx.to_dict_of_dicts(tiny), dict(tiny.nodes(data=True))) == before


def test_reach_counts_a_directed_tie_both_ways() -> None:
    D = nx.DiGraph([(2, 1), (3, 2)])
    table = reach(D, [1], hops=(1, 2), km=(), need=pd.Series({3: True}))
    assert table.loc[1, ["hops_1", "hops_2", "hops_2_in_need"]].tolist() == [1, 2, 1]


def test_reach_counts_schools_at_the_leaders_site_but_not_the_leader() -> None:
    G = nx.Graph()
    G.add_node(1, easting=0.0, northing=0.0, designations="NLE")
    G.add_node(2, easting=0.0, northing=0.0)
    G.add_node(3, easting=500.0, northing=0.0)
    table = reach(G, hops=(), km=1)
    assert table.loc[1, "km_1"] == 2


def test_reach_of_a_leader_without_coordinates_is_missing_in_km(tiny: nx.MultiGraph) -> None:
    tiny.nodes[6]["easting"] = None
    table = reach(tiny, LEADERS, km=(10,), need=NEED)
    assert table.loc[1, "km_10"] == 4
    assert pd.isna(table.loc[6, "km_10"])
    assert table.loc[6, "hops_1"] == 2


def test_reach_default_need_is_in_need(sample_network: nx.MultiGraph) -> None:
    table = reach(sample_network, "alliance", hops=(1,), km=())
    flags = schoolnet.in_need(sample_network)
    for leader in table.index:
        neighbours = set(nx.single_source_shortest_path_length(sample_network, leader, cutoff=1)) - {leader}
        assert table.loc[leader, "hops_1_in_need"] == int(flags.loc[list(neighbours)].sum())


def test_reach_on_the_sample_agrees_with_networkx_and_pairwise_distances(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    need = schoolnet.in_need(G)
    table = reach(G, hops=(1, 2, 3), km=(5, 12.5), need=need)
    nodes = schoolnet.nodes_frame(G)
    xy = nodes[["easting", "northing"]].to_numpy(dtype=float)
    assert len(table) == len(schoolnet.system_leaders(G))
    for leader in table.index:
        hops = pd.Series(nx.single_source_shortest_path_length(G, leader))
        km = pd.Series(np.hypot(*(xy - xy[nodes.index.get_loc(leader)]).T) / 1000, index=nodes.index)
        for h in (1, 2, 3):
            within = hops.index[(hops <= h) & (hops.index != leader)]
            assert table.loc[leader, f"hops_{h}"] == len(within)
            assert table.loc[leader, f"hops_{h}_in_need"] == int(need.loc[within].sum())
            assert table.loc[leader, f"hops_{h}_primary"] == int((nodes.loc[within, "phase"] == "primary").sum())
        for r in (5, 12.5):
            within = km.index[(km <= r) & (km.index != leader)]
            assert table.loc[leader, f"km_{r:g}"] == len(within)
            assert table.loc[leader, f"km_{r:g}_secondary"] == int((nodes.loc[within, "phase"] == "secondary").sum())


def test_reach_of_the_sample_alliances(sample_network: nx.MultiGraph) -> None:
    # data/README.md: five alliances, Kettleby's closed in 2021, and no system leader in Fellside; so the four
    # live alliances are led from Brackenmoor, Eastholme, Marrowdale and Saltmere.
    table = reach(sample_network, "alliance", need=schoolnet.in_need(sample_network))
    assert sorted(table["district"]) == ["Brackenmoor", "Eastholme", "Marrowdale", "Saltmere"]
    # The columns: each number of hops, then each radius; within each, all schools, each phase present in the
    # order of schoolnet.tables.schema.PHASES, then those in need.
    phases = [p for p in schoolnet.tables.schema.PHASES if p in set(schoolnet.nodes_frame(sample_network)["phase"])]
    slugs = [p.replace(" ", "_").replace("-", "_") for p in phases]
    expected = [
        f"{m}{s}"
        for m in ("hops_1", "hops_2", "km_5", "km_10", "km_20")
        for s in ["", *(f"_{x}" for x in slugs), "_in_need"]
    ]
    assert list(table.columns) == ["name", "phase", "district", *expected]


def test_reach_by_kind_of_group(sample_network: nx.MultiGraph) -> None:
    table = reach(sample_network, "hub", km=())
    memberships = sample_network.graph["memberships"]
    hub_leads = memberships.loc[memberships["lead"] & (memberships["kind"] == "hub"), "urn"]
    assert list(table.index) == sorted(set(hub_leads))


# ---------------------------------------------------------------------------
# nearest_leader
# ---------------------------------------------------------------------------


def test_nearest_leader_by_hand(tiny: nx.MultiGraph) -> None:
    table = nearest_leader(tiny, leaders=LEADERS, hops=(1, 2), km=(5, 10))
    assert list(table.index) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert list(table.columns) == [
        "name",
        "phase",
        "district",
        "nearest_by_hops",
        "hops",
        "nearest_by_km",
        "km",
        "leaders_within_hops_1",
        "leaders_within_hops_2",
        "leaders_within_km_5",
        "leaders_within_km_10",
    ]
    # 3 is two hops from both leaders: the lower URN wins. 5 is nearer 6 in hops but nearer 1 in km.
    assert table["nearest_by_hops"].tolist() == [1, 1, 1, 1, 6, 6, 6, pd.NA]
    assert table["hops"].tolist() == [0, 1, 2, 1, 1, 0, 1, pd.NA]
    assert table["nearest_by_km"].tolist() == [1, 1, 1, 1, 1, 6, 6, 6]
    np.testing.assert_allclose(table["km"], [0, 3, 6, 4, 9, 0, 10, math.hypot(30, 50)])
    assert table["leaders_within_hops_1"].tolist() == [1, 1, 0, 1, 1, 1, 1, 0]
    assert table["leaders_within_hops_2"].tolist() == [1, 1, 2, 1, 1, 1, 1, 0]
    assert table["leaders_within_km_5"].tolist() == [1, 1, 0, 1, 0, 1, 0, 0]
    assert table["leaders_within_km_10"].tolist() == [1, 1, 1, 1, 1, 1, 1, 0]


@pytest.mark.parametrize("side", [-1.0, 1.0])
@pytest.mark.parametrize("order", [[20, 30, 40, 10], [40, 30, 20, 10], [10, 40, 20, 30]])
def test_nearest_leader_breaks_a_tie_in_km_by_lowest_urn(side: float, order: list[int]) -> None:
    # 20, 30 and 40 are all 1 km from 10, whichever side each is on and whatever the node order
    at = {10: (0.0, 0.0), 20: (side * 1000.0, 0.0), 30: (-side * 1000.0, 0.0), 40: (0.0, 1000.0)}
    G = nx.Graph()
    for urn in order:
        G.add_node(urn, easting=at[urn][0], northing=at[urn][1])
    table = nearest_leader(G, leaders=[40, 30, 20], hops=(), km=(5,))
    assert table.loc[10, "nearest_by_km"] == 20
    assert table.loc[10, "km"] == 1.0
    assert "km" not in nearest_leader(G, leaders=[40, 30, 20], hops=(), km=()).columns


@pytest.mark.parametrize("at", range(12))
def test_nearest_leader_breaks_a_tie_among_more_leaders_than_it_first_compares(at: int) -> None:
    # Twelve leaders exactly 1 km from school 1, at whole metres: (±1000, 0), (0, ±1000), (±600, ±800) and
    # (±800, ±600). The nearest is the lowest URN of the twelve, 7, wherever on the ring it is.
    ring = [(1000, 0), (-1000, 0), (0, 1000), (0, -1000)]
    ring += [(sx * a, sy * b) for a, b in [(600, 800), (800, 600)] for sx in (1, -1) for sy in (1, -1)]
    urns = [40, 33, 21, 18, 99, 12, 56, 64, 71, 85, 90]
    urns.insert(at, 7)
    G = nx.Graph()
    G.add_node(1, easting=0.0, northing=0.0)
    for urn, (x, y) in zip(urns, ring, strict=True):
        G.add_node(urn, easting=float(x), northing=float(y))
    table = nearest_leader(G, leaders=urns, hops=(), km=(2,))
    assert table.loc[1, "nearest_by_km"] == 7
    assert table.loc[1, "km"] == 1.0
    assert table.loc[1, "leaders_within_km_2"] == 12


def test_nearest_leader_breaks_a_tie_in_hops_by_lowest_urn_whatever_the_node_order() -> None:
    G = nx.Graph([(9, 5), (5, 3), (3, 7), (7, 4)])  # 3 is two hops from both 9 and 4
    table = nearest_leader(G, leaders=[9, 4], km=())
    assert table.loc[3, "nearest_by_hops"] == 4
    assert table.loc[3, "hops"] == 2


def test_nearest_leader_agrees_with_networkx_on_the_sample(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    table = nearest_leader(G)
    leaders = list(schoolnet.system_leaders(G))
    hops = pd.DataFrame({leader: pd.Series(nx.single_source_shortest_path_length(G, leader)) for leader in leaders})
    hops = hops.reindex(list(G))
    nearest = hops.min(axis=1)
    assert table["hops"].astype(float).fillna(-1).tolist() == nearest.fillna(-1).tolist()
    lowest = hops.eq(nearest, axis=0).apply(lambda row: min(row.index[row]) if row.any() else pd.NA, axis=1)
    assert table["nearest_by_hops"].astype(object).tolist() == lowest.tolist()
    assert table["leaders_within_hops_2"].tolist() == (hops <= 2).sum(axis=1).tolist()
    nodes = schoolnet.nodes_frame(G)
    xy = nodes[["easting", "northing"]].to_numpy(dtype=float)
    lead_xy = nodes.loc[leaders, ["easting", "northing"]].to_numpy(dtype=float)
    km = np.hypot(xy[:, None, 0] - lead_xy[None, :, 0], xy[:, None, 1] - lead_xy[None, :, 1]) / 1000
    np.testing.assert_allclose(table["km"], km.min(axis=1))
    assert table["leaders_within_km_10"].tolist() == (km <= 10).sum(axis=1).tolist()


def test_the_sample_schools_farthest_from_a_leader_are_in_fellside(sample_network: nx.MultiGraph) -> None:
    # data/README.md: Fellside, the remote uplands, has no system leader.
    table = nearest_leader(sample_network)
    assert table.groupby("district")["km"].median().idxmax() == "Fellside"


def test_nearest_leader_without_any_leader(tiny: nx.MultiGraph) -> None:
    table = nearest_leader(tiny, leaders=[], km=(5,))
    assert table["nearest_by_hops"].isna().all()
    assert table["km"].isna().all()
    assert (table["leaders_within_km_5"] == 0).all()


def test_nearest_leader_of_a_school_without_coordinates(tiny: nx.MultiGraph) -> None:
    tiny.nodes[2]["northing"] = float("nan")
    table = nearest_leader(tiny, leaders=LEADERS, km=(5,))
    assert pd.isna(table.loc[2, "km"])
    assert pd.isna(table.loc[2, "leaders_within_km_5"])
    assert table.loc[2, "hops"] == 1


# ---------------------------------------------------------------------------
# coverage and uncovered
# ---------------------------------------------------------------------------


def test_coverage_by_hand(tiny: nx.MultiGraph) -> None:
    # hops=1, km=5: 2 (1 hop from 1), 5 (1 hop from 6) and 7 (1 hop from 6) are covered;
    # 3 (2 hops, 6 km) and 8 (no path, 58 km) are not.
    table = coverage(tiny, leaders=LEADERS, need=NEED, hops=1, km=5)
    assert list(table.columns) == ["schools", "leaders", "in_need", "covered", "uncovered", "share_covered"]
    # one uncovered school each: South, where a smaller share is covered, comes first
    assert list(table.index) == ["South", "North"]
    assert table.loc["North"].tolist() == [5, 1, 3, 2, 1, pytest.approx(2 / 3)]
    assert table.loc["South"].tolist() == [3, 1, 2, 1, 1, 0.5]


@pytest.mark.parametrize(
    ("hops", "km", "covered"),
    [
        (2, 10, {2, 3, 5, 7}),
        (1, 5, {2, 5, 7}),
        (None, 10, {2, 3, 5, 7}),  # 7 is exactly 10 km from 6
        (None, 5, {2}),
        (1, None, {2, 5, 7}),
        (0, None, set()),
        (3, None, {2, 3, 5, 7}),
    ],
)
def test_coverage_counts_a_school_covered_by_hops_or_by_km(
    tiny: nx.MultiGraph, hops: int | None, km: float | None, covered: set[int]
) -> None:
    table = coverage(tiny, by="phase", leaders=LEADERS, need=NEED, hops=hops, km=km)
    assert int(table["covered"].sum()) == len(covered)
    gaps = uncovered(tiny, leaders=LEADERS, need=NEED, hops=hops, km=km)
    assert set(gaps.index) == set(NEED.index) - covered


def test_coverage_ranks_worst_first_and_names_break_ties() -> None:
    G = nx.Graph()
    areas = {"B": [False, True], "A": [False, True], "C": [True, True, True], "D": [False, False]}
    urn = 0
    for area, needs in areas.items():
        for flag in needs:
            urn += 1
            G.add_node(urn, district=area, need=flag)
    table = coverage(G, leaders=[], need=lambda s: s["need"].astype(bool), hops=1, km=None)
    # C has 3 uncovered; A and B one each with the same share, in name order; D has none in need.
    assert list(table.index) == ["C", "A", "B", "D"]
    assert pd.isna(table.loc["D", "share_covered"])


def test_coverage_with_missing_areas_and_several_columns(tiny: nx.MultiGraph) -> None:
    tiny.nodes[8]["district"] = None
    table = coverage(tiny, by=["district", "phase"], leaders=LEADERS, need=NEED)
    assert table.index.names == ["district", "phase"]
    assert table.loc[("(unknown)", "primary"), "uncovered"] == 1
    assert int(table["schools"].sum()) == 8


def test_coverage_default_need_and_leaders_on_the_sample(sample_network: nx.MultiGraph) -> None:
    table = coverage(sample_network)
    status = nearest_leader(sample_network, hops=(), km=())
    flags = schoolnet.in_need(sample_network)
    nodes = schoolnet.nodes_frame(sample_network)
    lead_xy = nodes.loc[schoolnet.system_leaders(sample_network), ["easting", "northing"]].to_numpy()
    xy = nodes[["easting", "northing"]].to_numpy()
    km = np.hypot(xy[:, None, 0] - lead_xy[None, :, 0], xy[:, None, 1] - lead_xy[None, :, 1]).min(axis=1) / 1000
    covered = status["hops"].le(2).fillna(False).to_numpy(dtype=bool) | (km <= 10)
    expected = pd.DataFrame({"district": nodes["district"], "gap": flags.to_numpy() & ~covered})
    assert table["uncovered"].to_dict() == expected.groupby("district")["gap"].sum().to_dict()
    assert table.index[0] == "Fellside"
    assert table.loc["Fellside", "leaders"] == 0
    assert int(table["schools"].sum()) == sample_network.number_of_nodes()


def test_uncovered_by_hand(tiny: nx.MultiGraph) -> None:
    table = uncovered(tiny, leaders=LEADERS, need=NEED, hops=1, km=5)
    # South is the worse area, so its school comes first
    assert list(table.index) == [8, 3]
    assert list(table.columns) == [
        "name",
        "phase",
        "district",
        "ofsted",
        "nearest_by_hops",
        "nearest_by_hops_name",
        "hops",
        "nearest_by_km",
        "nearest_by_km_name",
        "km",
    ]
    assert table["nearest_by_hops"].tolist() == [pd.NA, 1]
    assert table["nearest_by_hops_name"].tolist()[1] == "School 1"
    assert table["hops"].tolist() == [pd.NA, 2]
    assert table["nearest_by_km"].tolist() == [6, 1]
    np.testing.assert_allclose(table["km"], [math.hypot(30, 50), 6])


def test_uncovered_lists_the_farthest_first_within_an_area(tiny: nx.MultiGraph) -> None:
    table = uncovered(tiny, by="phase", leaders=[1], need=NEED, hops=1, km=None)
    # from 1: 3 at 2 hops, 5 at 3, 7 at 5, 8 never. Primary has 2 uncovered (7, 8), so it comes first;
    # secondary (3) and special (5) have one each with none covered, so they come in name order.
    assert list(table.index) == [8, 7, 3, 5]
    assert "km" not in table.columns


def test_uncovered_adds_the_area_column(tiny: nx.MultiGraph) -> None:
    nx.set_node_attributes(tiny, "Shire", "la")
    table = uncovered(tiny, by="la", leaders=LEADERS, need=NEED)
    assert list(table.columns[:5]) == ["name", "phase", "district", "la", "ofsted"]


def test_uncovered_in_the_sample_is_fellside(sample_network: nx.MultiGraph) -> None:
    table = uncovered(sample_network)
    assert set(table["district"]) == {"Fellside"}
    assert len(table) == coverage(sample_network).loc["Fellside", "uncovered"]
    assert (table["km"] > 10).all()
    assert table["km"].is_monotonic_decreasing


# ---------------------------------------------------------------------------
# suggest_leaders
# ---------------------------------------------------------------------------


def covers_by_brute_force(G: nx.Graph, school: object, hops: int | None, km: float | None) -> set[object]:
    """The schools ``school`` would cover, from networkx shortest paths and pairwise distances."""
    found: set[object] = set()
    if hops is not None:
        found |= set(nx.single_source_shortest_path_length(G, school, cutoff=hops))
    if km is not None:
        x, y = G.nodes[school]["easting"], G.nodes[school]["northing"]
        found |= {v for v, d in G.nodes(data=True) if math.hypot(d["easting"] - x, d["northing"] - y) <= km * 1000}
    return found


def brute_force(G, leaders, candidates, need, n, hops, km):
    """Uncovered needs, each candidate's cover, the greedy gains and the best total over every n-subset."""
    covered = set().union(*(covers_by_brute_force(G, s, hops, km) for s in leaders)) if leaders else set()
    gaps = {s for s in G if need.get(s, False)} - covered
    cover = {c: covers_by_brute_force(G, c, hops, km) & gaps for c in candidates}
    best = max(len(set().union(*(cover[c] for c in subset))) for subset in itertools.combinations(cover, n))
    return len({s for s in G if need.get(s, False)}) - len(gaps), gaps, cover, best


def random_county(seed: int, n: int = 14) -> nx.MultiGraph:
    rng = np.random.default_rng(seed)
    G = nx.MultiGraph()
    for urn in range(100, 100 + n):
        G.add_node(
            urn,
            easting=float(rng.uniform(0, 30_000)),
            northing=float(rng.uniform(0, 30_000)),
            ofsted="good",
            district="Anywhere",
        )
    urns = list(G)
    for _ in range(n):
        u, v = rng.choice(urns, size=2, replace=False)
        G.add_edge(int(u), int(v), kind="cluster")
    return G


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize(("hops", "km"), [(1, 4.0), (2, None), (None, 6.0)])
def test_suggest_leaders_against_brute_force(seed: int, hops: int | None, km: float | None) -> None:
    G = random_county(seed)
    rng = np.random.default_rng(1000 + seed)
    urns = list(G)
    leaders = [int(u) for u in rng.choice(urns, size=1, replace=False)]
    need = pd.Series(rng.random(len(urns)) < 0.6, index=urns)
    candidates = [u for u in urns if u not in leaders]
    for n in (1, 2, 3):
        # The greedy algorithm on any candidates, schools in need among them.
        picks = suggest_leaders(
            G, candidates=candidates, leaders=leaders, need=need, n=n, hops=hops, km=km, allow_in_need=True
        )
        before, gaps, cover, best = brute_force(G, leaders, candidates, need.to_dict(), n, hops, km)
        assert picks.attrs["covered_before"] == before
        # every pick is a candidate with the largest marginal gain, the lowest URN among equals
        left = set(gaps)
        for urn, gain in zip(picks["urn"], picks["gain"], strict=True):
            gains = {c: len(cover[c] & left) for c in cover}
            top = max(gains.values())
            assert gain == top
            assert urn == min(c for c, g in gains.items() if g == top)
            left -= cover[urn]
        total = len(gaps) - len(left)
        assert picks["covered_total"].tolist() == (before + picks["gain"].cumsum()).tolist()
        assert picks["uncovered"].tolist() == (len(gaps) - picks["gain"].cumsum()).tolist()
        # the (1 - 1/e) guarantee, and the optimum for a single pick
        assert total >= (1 - 1 / math.e) * best - 1e-9
        if n == 1:
            assert total == best
        # it stops early only when nothing more can be covered
        if len(picks) < n:
            assert all(not (cover[c] & left) for c in cover)


def test_suggest_leaders_greedy_can_miss_the_optimum_by_the_known_margin() -> None:
    # Needs at 1..6 km along a line; candidates A covers {1, 2, 3}, B {4, 5, 6}, C {2, 3, 4, 5} within 1 km.
    G = nx.Graph()
    for i in range(1, 7):
        G.add_node(i, easting=i * 1000.0, northing=0.0)
    G.add_node(91, easting=2000.0, northing=0.0)  # A: covers 1, 2, 3
    G.add_node(92, easting=5000.0, northing=0.0)  # B: covers 4, 5, 6
    G.add_node(93, easting=3500.0, northing=0.0)  # C: covers 3, 4 within 1 km, and 2, 5 at 1.5 km
    need = pd.Series(True, index=range(1, 7))
    picks = suggest_leaders(
        G, candidates=[91, 92, 93], leaders=[], need=need, n=2, hops=None, km=1.5, allow_in_need=True
    )
    # C covers four, then A or B one more each: greedy covers 5 where A and B together cover all 6
    assert picks["urn"].tolist() == [93, 91]
    assert picks["gain"].tolist() == [4, 1]
    _, _, _, best = brute_force(G, [], [91, 92, 93], need.to_dict(), 2, None, 1.5)
    assert best == 6
    assert picks["covered_total"].iloc[-1] >= (1 - 1 / math.e) * best


def test_suggest_leaders_by_hand(tiny: nx.MultiGraph) -> None:
    # Uncovered with hops=1, km=5: 3 and 8. Candidate 4 covers neither (3 hops and 7.2 km from 3);
    # 5 covers 3 (one hop); 8 covers itself. But 5 and 8 are in need, and 4 is isolated (its one cluster tie is
    # to itself): they are set aside unless allowed.
    with pytest.warns(SchoolnetWarning, match=r"candidates: 3 set aside, in need of support or isolated themselves"):
        assert suggest_leaders(tiny, candidates=[4, 5, 8], leaders=LEADERS, need=NEED, hops=1, km=5).empty
    picks = suggest_leaders(
        tiny, candidates=[4, 5, 8], leaders=LEADERS, need=NEED, n=5, hops=1, km=5, allow_in_need=True
    )
    assert picks.index.name == "pick"
    assert list(picks.index) == [1, 2]
    assert list(picks.columns) == ["urn", "name", "phase", "district", "gain", "covered_total", "uncovered"]
    assert picks["urn"].tolist() == [5, 8]  # equal gains: the lower URN first
    assert picks["gain"].tolist() == [1, 1]
    assert picks["covered_total"].tolist() == [4, 5]
    assert picks["uncovered"].tolist() == [1, 0]


def test_suggest_leaders_default_candidates_are_strong_undesignated_schools(tiny: nx.MultiGraph) -> None:
    # Strong schools: 1 (NLE), 4 and 6 (LLE): only 4 can be designated, and it covers nothing uncovered.
    # 4 is in no cluster (its one cluster tie is to itself), so isolated: it is a candidate only if allowed.
    assert suggest_leaders(tiny, leaders=LEADERS, need=NEED, hops=1, km=5).attrs["definition"]["candidates"] == 0
    picks = suggest_leaders(tiny, leaders=LEADERS, need=NEED, hops=1, km=5, allow_in_need=True)
    assert picks.empty
    assert picks.attrs["definition"]["candidates"] == 1
    tiny.nodes[8]["ofsted"] = "good"
    picks = suggest_leaders(tiny, leaders=LEADERS, need=NEED, hops=1, km=5, allow_in_need=True)
    assert picks["urn"].tolist() == [8]
    # 8 is still in need by NEED, and isolated: never suggested by default.
    assert suggest_leaders(tiny, leaders=LEADERS, need=NEED, hops=1, km=5).empty


def test_suggest_leaders_leaves_out_leaders_given_as_urns(tiny: nx.MultiGraph) -> None:
    picks = suggest_leaders(tiny, leaders=[6], need=NEED, hops=1, km=None, allow_in_need=True)
    # candidates: 4 only (1 is an NLE; 4 is isolated, but allowed); from 4 nothing in need is within one hop
    assert picks.attrs["definition"]["candidates"] == 1
    assert picks.empty


def test_suggest_leaders_on_the_sample_closes_the_fellside_gap(sample_network: nx.MultiGraph) -> None:
    picks = suggest_leaders(sample_network, n=5)
    gaps = uncovered(sample_network)
    assert picks.iloc[-1]["uncovered"] == len(gaps) - picks["gain"].sum()
    assert picks.iloc[0]["district"] == "Fellside"
    designated = schoolnet.system_leaders(sample_network)
    assert not picks["urn"].isin(designated).any()
    assert schoolnet.strong(sample_network).loc[picks["urn"]].all()
    # designating the picks leaves exactly the uncovered schools the picks report
    after = uncovered(sample_network, leaders=[*designated, *picks["urn"]])
    assert len(after) == picks.iloc[-1]["uncovered"]


def test_suggest_leaders_first_pick_on_the_sample_against_brute_force(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    need = schoolnet.in_need(G)
    picks = suggest_leaders(G, need=need, n=1)
    gaps = set(uncovered(G, need=need).index)
    designated = set(schoolnet.system_leaders(G))
    candidates = [u for u in schoolnet.strong(G).index[schoolnet.strong(G)] if u not in designated]
    gains = {c: len(covers_by_brute_force(G, c, 2, 10) & gaps) for c in candidates}
    best = max(gains.values())
    assert picks["gain"].iloc[0] == best
    assert picks["urn"].iloc[0] == min(c for c, g in gains.items() if g == best)


# ---------------------------------------------------------------------------
# Without coordinates
# ---------------------------------------------------------------------------


def test_hops_work_without_coordinates_and_km_raises_a_clear_error() -> None:
    P = nx.path_graph([1, 2, 3, 4, 5])
    need = pd.Series({3: True, 5: True})
    assert reach(P, [1], hops=(2,), km=(), need=need)[["hops_2", "hops_2_in_need"]].iloc[0].tolist() == [2, 1]
    table = nearest_leader(P, leaders=[1], km=())
    assert table["hops"].tolist() == [0, 1, 2, 3, 4]
    assert "km" not in table.columns
    assert coverage(P, by="district", leaders=[1], need=need, hops=2, km=None)["uncovered"].tolist() == [1]
    assert uncovered(P, leaders=[1], need=need, km=None).index.tolist() == [5]
    assert suggest_leaders(P, candidates=[4], leaders=[1], need=need, km=None)["urn"].tolist() == [4]
    for call in (
        lambda: reach(P, [1], need=need),
        lambda: nearest_leader(P, leaders=[1]),
        lambda: coverage(P, leaders=[1], need=need),
        lambda: uncovered(P, leaders=[1], need=need),
        lambda: suggest_leaders(P, candidates=[4], leaders=[1], need=need),
    ):
        with pytest.raises(MissingCoordinatesError, match="none of the 5 schools has coordinates"):
            call()
    with pytest.raises(MissingCoordinatesError, match=r"km=None counts network hops only"):
        coverage(P, leaders=[1], need=need)
    with pytest.raises(MissingCoordinatesError, match=r"km=\(\) counts network hops only"):
        reach(P, [1], need=need)


def test_default_need_on_a_plain_graph() -> None:
    # no Ofsted judgements: only the isolated school (5, with no tie) is in need
    G = nx.path_graph([1, 2, 3])
    G.add_node(5)
    table = coverage(G, leaders=[1], hops=2, km=None)
    assert table.loc["(unknown)", ["in_need", "uncovered"]].tolist() == [1, 1]


# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda G: reach(G, [1], hops=-1), r"hops=-1: expected whole numbers"),
        (lambda G: reach(G, [1], hops=(1, 1.5)), r"hops=\(1, 1.5\)"),
        (lambda G: reach(G, [1], hops="2"), r"hops='2'"),
        (lambda G: reach(G, [1], hops=True), r"hops=True"),
        (lambda G: reach(G, [1], km=0), r"km=0: expected distances in km greater than 0"),
        (lambda G: reach(G, [1], km=(5, -1)), r"km=\(5, -1\)"),
        (lambda G: reach(G, [1], km="10"), r"km='10'"),
        (lambda G: reach(G, [1], km=float("nan")), r"km=nan"),
        (lambda G: reach(G, [99]), r"leaders: .*99.* is not a school of this network"),
        (lambda G: reach(G, "nonsense"), r"leaders='nonsense': not a group kind"),
        (lambda G: nearest_leader(G, hops=(0, -2)), r"hops=\(0, -2\)"),
        (lambda G: coverage(G, hops=None, km=None), r"hops=None, km=None: expected at least one"),
        (lambda G: coverage(G, hops=1.5), r"hops=1.5: expected a whole number of hops"),
        (lambda G: coverage(G, km=-3), r"km=-3: expected a distance in km greater than 0, or None"),
        (lambda G: coverage(G, by="county"), r"by='county': expected a school attribute"),
        (lambda G: coverage(G, by=[]), r"by=\[\]"),
        (lambda G: coverage(G, need=pd.Series([1, 2])), r"need: expected a boolean Series"),
        (lambda G: uncovered(G, by=["district", "nope"]), r"by=\['district', 'nope'\]"),
        (lambda G: suggest_leaders(G, n=0), r"n=0: expected a whole number of schools to suggest"),
        (lambda G: suggest_leaders(G, n=2.0), r"n=2.0"),
        (lambda G: suggest_leaders(G, candidates=[4, 99]), r"candidates: 99 is not a school"),
        (lambda G: suggest_leaders(G, candidates="4"), r"candidates='4': expected URNs"),
        (lambda G: suggest_leaders(G, candidates=4), r"candidates=4: expected URNs"),
    ],
)
def test_wrong_arguments_raise_parameter_error(tiny: nx.MultiGraph, call, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        call(tiny)


def test_single_numbers_are_accepted_for_hops_and_km(tiny: nx.MultiGraph) -> None:
    one = reach(tiny, LEADERS, hops=2, km=10, need=NEED)
    many = reach(tiny, LEADERS, hops=(2, 2), km=[10.0], need=NEED)
    pd.testing.assert_frame_equal(one, many)


# ---------------------------------------------------------------------------
# National scale
# ---------------------------------------------------------------------------


@pytest.mark.national
def test_every_function_at_national_scale(national_network: nx.MultiGraph) -> None:
    G = national_network
    need = schoolnet.in_need(G)
    leaders = schoolnet.system_leaders(G)
    assert len(leaders) > 300

    table = reach(G, need=need)
    assert len(table) == len(leaders)
    assert (table["hops_2"] >= table["hops_1"]).all()
    assert (table["km_20"] >= table["km_10"]).all()
    # spot-check a few leaders against networkx
    for leader in table.index[:: max(1, len(table) // 5)]:
        near = nx.single_source_shortest_path_length(G, leader, cutoff=2)
        assert table.loc[leader, "hops_2"] == len(near) - 1

    near = nearest_leader(G)
    assert len(near) == G.number_of_nodes()
    assert (near.loc[leaders, "hops"] == 0).all()

    areas = coverage(G, need=need)
    assert int(areas["schools"].sum()) == G.number_of_nodes()
    assert int(areas["in_need"].sum()) == int(need.sum())
    assert (areas["covered"] + areas["uncovered"] == areas["in_need"]).all()
    assert areas["uncovered"].is_monotonic_decreasing

    gaps = uncovered(G, need=need)
    assert len(gaps) == int(areas["uncovered"].sum())
    status = near.loc[gaps.index]
    assert not ((status["hops"] <= 2).fillna(False) | (status["km"] <= 10)).any()

    picks = suggest_leaders(G, need=need, n=10)
    assert 0 < len(picks) <= 10
    assert picks["gain"].is_monotonic_decreasing
    assert picks["uncovered"].iloc[-1] == len(gaps) - picks["gain"].sum()


def _hub_tables() -> schoolnet.Tables:
    # A hub led by school 1; its members 2 and 3 are 50 km away and judged inadequate; school 4 is too, and in no hub.
    schools = pd.DataFrame(
        {
            "urn": [1, 2, 3, 4],
            "name": list("ABCD"),
            "la": ["In", "In", "Out", "In"],
            "district": ["North", "South", "Far", "South"],
            "ofsted": ["outstanding", "inadequate", "inadequate", "inadequate"],
            "easting": [400_000, 450_000, 450_000, 450_500],
            "northing": [300_000] * 4,
        }
    )
    groups = pd.DataFrame({"group_id": ["H"], "kind": ["hub"], "lead_urn": [1]})
    memberships = pd.DataFrame({"group_id": ["H"] * 3, "urn": [1, 2, 3], "role": ["lead", "member", "member"]})
    return schoolnet.Tables.from_frames(schools, groups, memberships)


def test_a_hub_serves_its_members_through_their_membership() -> None:
    G = schoolnet.build_network(_hub_tables(), as_of="2025-09-01")
    need = schoolnet.in_need(G, lambda schools: schools["ofsted"] == "inadequate")
    # By distance alone (5 km), the lead covers nobody; through the hub, 2 and 3 are served, and 4 is not.
    assert coverage(G, need=need, hops=None, km=5, leaders="hub")["covered"].sum() == 0
    served = coverage(G, need=need, hops=None, km=5, leaders="hub", served_by="hub")
    assert served["covered"].sum() == 2 and served["uncovered"].sum() == 1
    assert uncovered(G, need=need, hops=None, km=5, leaders="hub", served_by="hub").index.tolist() == [4]
    with pytest.raises(schoolnet.ParameterError, match="served_by"):
        coverage(G, need=need, leaders="hub", served_by=[3])
    # A number, and a kind of group that does not exist, are refused in words too.
    for wrong in (5, "hubz"):
        with pytest.raises(schoolnet.ParameterError, match=f"served_by={wrong!r}: expected a kind of group"):
            coverage(G, need=need, leaders="hub", served_by=wrong)  # type: ignore[arg-type]


def test_coverage_counts_the_focus_schools_and_leaders_across_the_border_cover_them() -> None:
    tables = _hub_tables().select(la="In")
    # The hub's lead is in focus, so every member of its star is its partner: 3 is kept across the border.
    assert tables.schools["in_focus"].to_dict() == {1: True, 2: True, 3: False, 4: True}
    out = _hub_tables().select(la="Out")
    G = schoolnet.build_network(out, as_of="2025-09-01")
    # School 3 is the focus; the hub's lead, 1, is kept across the border and serves it; 2 is not kept.
    assert sorted(G.nodes) == [1, 3]
    need = schoolnet.in_need(G, lambda schools: schools["ofsted"] == "inadequate")
    table = coverage(G, need=need, hops=1, km=None, leaders="hub")
    assert table.index.tolist() == ["Far"]
    assert table[["schools", "leaders", "in_need", "covered"]].iloc[0].tolist() == [1, 0, 1, 1]
    assert table.attrs["definition"]["boundary_schools"] == 1
