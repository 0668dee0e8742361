"""Tests for schoolnet.measures.changes: what changed between two dates, and the network date by date."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.measures.changes import Changes, changes, groups_over_time, over_time, snapshots

BEFORE, AFTER = "2024-09-01", "2025-09-01"


@pytest.fixture(scope="module")
def town() -> schoolnet.Tables:
    """Seven schools over one year, from 2024-09-01 to 2025-09-01.

    1, 2, 3: cluster C1 throughout; 7 joins C1 on 2025-01-01
    4, 5: cluster C2, closed 2024-12-31
    1, 2: trust T1; 2 leaves it on 2024-12-31 and joins trust T2 (opened 2025-01-01) with 6
    1 supports 5 from 2025-02-01 (S1)
    """
    schools = pd.DataFrame(
        {
            "urn": range(1, 8),
            "name": [f"School {i}" for i in range(1, 8)],
            "phase": "primary",
            "district": "North",
            "easting": [400_000 + 1_000 * i for i in range(7)],
            "northing": [300_000 + 500 * (i % 2) for i in range(7)],
        }
    )
    groups = pd.DataFrame(
        {
            "group_id": ["C1", "C2", "T1", "T2"],
            "kind": ["cluster", "cluster", "trust", "trust"],
            "opened": ["2015-09-01", "2015-09-01", "2016-09-01", "2025-01-01"],
            "closed": [None, "2024-12-31", None, None],
        }
    )
    memberships = pd.DataFrame(
        [
            ("C1", 1, None, None),
            ("C1", 2, None, None),
            ("C1", 3, None, None),
            ("C1", 7, "2025-01-01", None),
            ("C2", 4, None, None),
            ("C2", 5, None, None),
            ("T1", 1, None, None),
            ("T1", 2, None, "2024-12-31"),
            ("T2", 2, "2025-01-01", None),
            ("T2", 6, "2025-01-01", None),
        ],
        columns=["group_id", "urn", "joined", "left"],
    )
    support = pd.DataFrame({"support_id": ["S1"], "supporter_urn": [1], "supported_urn": [5], "start": ["2025-02-01"]})
    return schoolnet.Tables.from_frames(schools, groups, memberships, support)


@pytest.fixture(scope="module")
def found(town: schoolnet.Tables) -> Changes:
    return changes(town, between=(BEFORE, AFTER), rank_by="degree")


def _edge_set(G: nx.MultiGraph) -> set[tuple[int, int, str, str]]:
    return {(min(u, v), max(u, v), k, d["kind"]) for u, v, k, d in G.edges(keys=True, data=True)}


def test_ties_gained_and_lost_are_the_set_differences_of_the_edges(town: schoolnet.Tables, found: Changes) -> None:
    # An independent reckoning: the edges of each network as a set, and their differences.
    before = _edge_set(schoolnet.build_network(town, as_of=BEFORE))
    after = _edge_set(schoolnet.build_network(town, as_of=AFTER))
    table = found.ties.reset_index()
    gained = {(r.u, r.v, r.partnership, r.kind) for r in table[table["change"] == "gained"].itertuples()}
    lost = {(r.u, r.v, r.partnership, r.kind) for r in table[table["change"] == "lost"].itertuples()}
    assert gained == after - before
    assert lost == before - after
    # By hand: 7 joins C1 (1-7, 2-7, 3-7), T2 ties 2-6, S1 ties 1-5; C2 (4-5) closes and 2 leaves T1 (1-2).
    assert gained == {
        (1, 7, "C1", "cluster"),
        (2, 7, "C1", "cluster"),
        (3, 7, "C1", "cluster"),
        (2, 6, "T2", "trust"),
        (1, 5, "S1", "support"),
    }
    assert lost == {(4, 5, "C2", "cluster"), (1, 2, "T1", "trust")}


def test_changes_of_two_networks_equal_changes_of_the_tables_and_two_dates(
    town: schoolnet.Tables, found: Changes
) -> None:
    G0, G1 = (schoolnet.build_network(town, as_of=d) for d in (BEFORE, AFTER))
    again = changes(G0, G1, rank_by="degree")
    pd.testing.assert_frame_equal(again.ties, found.ties)
    pd.testing.assert_frame_equal(again.summary, found.summary)
    assert (again.before, again.after) == (BEFORE, AFTER)


def test_a_pair_in_two_partnerships_keeps_the_tie_that_stays() -> None:
    # 1-2 are tied by C1 and T1 in both networks; only T1's tie ends, so only it is lost.
    G0, G1 = nx.MultiGraph(), nx.MultiGraph()
    G0.add_edge(1, 2, key="C1", kind="cluster")
    G0.add_edge(2, 1, key="T1", kind="trust")
    G1.add_edge(2, 1, key="C1", kind="cluster")
    G1.add_edge(1, 3, key="T1", kind="trust")
    found = changes(G0, G1, require=(), rank_by="degree")
    assert found.ties.reset_index()[["partnership", "u", "v", "change"]].to_numpy().tolist() == [
        ["T1", 1, 3, "gained"],
        ["T1", 1, 2, "lost"],
    ]
    # Without memberships the members are the ends of the ties: T1 went from {1, 2} to {1, 3}.
    assert found.partnerships.loc["T1", ["change", "joined", "left"]].tolist() == ["regrouped", [3], [2]]


def test_partnerships_opened_closed_and_regrouped(found: Changes) -> None:
    table = found.partnerships
    assert table["change"].to_dict() == {"C1": "regrouped", "C2": "closed", "T1": "regrouped", "T2": "opened"}
    assert table.loc["C1", ["members_before", "members_after", "joined", "left"]].tolist() == [3, 4, [7], []]
    assert table.loc["T1", ["members_before", "members_after", "joined", "left"]].tolist() == [2, 1, [], [2]]
    assert table.loc["T2", "joined"] == [2, 6]


def test_a_school_that_moves_trust_is_a_move(found: Changes) -> None:
    assert found.moves.reset_index()[["urn", "kind", "from", "to"]].to_numpy().tolist() == [[2, "trust", "T1", "T2"]]
    assert found.moves.loc[2, "name"] == "School 2"


def test_schools_newly_isolated_and_no_longer_isolated_with_the_reason(found: Changes) -> None:
    table = found.isolation
    # 4 and 5 lose cluster C2; 5 keeps only the support it receives. 7 joins C1. 6 is isolated on both dates.
    assert table["change"].to_dict() == {4: "newly isolated", 5: "newly isolated", 7: "no longer isolated"}
    assert table.loc[4, "reason"] == "no cluster (its cluster ended 2024-12-31); only partnership ended 2024-12-31"
    assert table.loc[5, "reason"] == "no cluster (its cluster ended 2024-12-31); support only, no peer partnership"
    assert table.loc[7, "reason"] == "joined C1"


def test_ranks_that_moved_most(town: schoolnet.Tables) -> None:
    # Distinct partners before: 1, 2, 3: 2; 4, 5: 1; 6, 7: 0 -> ranks 1, 1, 1, 4, 4, 6, 6.
    # After: 1: {2, 3, 5, 7} and 2: {1, 3, 6, 7}: 4; 3 and 7: 3; 5 and 6: 1; 4: 0 -> ranks 1, 1, 3, 7, 5, 5, 3.
    # Moved (before - after): 3: -2, 4: -3, 5: -1, 6: +1, 7: +3; the largest first, then by new rank: 7, 4, 3.
    found = changes(town, between=(BEFORE, AFTER), rank_by="degree", top=3)
    assert found.ranks.index.tolist() == [7, 4, 3]
    assert found.ranks["moved"].tolist() == [3, -3, -2]
    assert found.ranks[["rank_before", "rank_after"]].to_numpy().tolist() == [[6, 3], [4, 7], [1, 3]]


def test_summary_counts_each_kind(found: Changes) -> None:
    summary = found.summary
    counts = summary.drop(columns="text")
    assert counts.loc["cluster"].tolist() == [3, 1, 0, 1, 1, 0]
    assert counts.loc["trust"].tolist() == [1, 1, 1, 0, 1, 1]
    assert counts.loc["support"].tolist() == [1, 0, 0, 0, 0, 0]
    assert summary.loc["trust", "text"] == (
        "trust: 1 tie gained and 1 lost; 1 partnership opened, 0 closed and 1 regrouped; "
        "1 school moved from one trust to another"
    )
    assert summary.loc["support", "text"] == "support: 1 tie gained and 0 lost"


def test_changes_needs_two_networks_or_tables_and_two_dates(town: schoolnet.Tables) -> None:
    with pytest.raises(schoolnet.ParameterError, match="two dates"):
        changes(town)
    with pytest.raises(schoolnet.ParameterError, match="two networks"):
        changes(nx.MultiGraph())
    with pytest.raises(schoolnet.ParameterError, match="top"):
        changes(town, between=(BEFORE, AFTER), top=-1)


SAMPLE_DATES = ["2012-09-01", "2018-01-01", "2021-09-01", "2023-08-31", "2024-09-01", "2025-09-01", "2027-01-01"]


def test_snapshots_equal_the_network_built_on_each_date(sample_tables: schoolnet.Tables) -> None:
    built = snapshots(sample_tables, reversed(SAMPLE_DATES))
    assert list(built) == [pd.Timestamp(d) for d in SAMPLE_DATES]
    for date, G in built.items():
        R = schoolnet.build_network(sample_tables, as_of=date)
        assert list(G.nodes) == list(R.nodes)
        assert dict(G.nodes(data=True)) == dict(R.nodes(data=True))
        ours = {(min(u, v), max(u, v), k): d for u, v, k, d in G.edges(keys=True, data=True)}
        theirs = {(min(u, v), max(u, v), k): d for u, v, k, d in R.edges(keys=True, data=True)}
        assert ours == theirs, date
        assert G.graph["as_of"] == R.graph["as_of"]
        assert G.graph["kinds"] == R.graph["kinds"]
        pd.testing.assert_frame_equal(G.graph["memberships"], R.graph["memberships"])
        pd.testing.assert_frame_equal(G.graph["ended"], R.graph["ended"])


def test_snapshots_of_some_kinds_equal_the_network_built_for_them(sample_tables: schoolnet.Tables) -> None:
    for date, G in snapshots(sample_tables, SAMPLE_DATES[2:4], kinds=["cluster", "support"]).items():
        R = schoolnet.build_network(sample_tables, as_of=date, kinds=["cluster", "support"])
        assert _edge_set(G) == _edge_set(R)
        pd.testing.assert_frame_equal(G.graph["ended"], R.graph["ended"])


def test_over_time_isolation_equals_isolation_on_each_date(sample_tables: schoolnet.Tables) -> None:
    long = over_time(sample_tables, SAMPLE_DATES[3:6], "isolated")
    assert list(long.columns) == ["date", "urn", "value"]
    for date in SAMPLE_DATES[3:6]:
        expected = schoolnet.isolation(schoolnet.build_network(sample_tables, as_of=date))["isolated"]
        got = long[long["date"] == pd.Timestamp(date)].set_index("urn")["value"]
        assert got.to_dict() == expected.to_dict()


def test_over_time_degree_and_a_function(town: schoolnet.Tables) -> None:
    degree = over_time(town, [BEFORE, AFTER], "degree").pivot(index="urn", columns="date", values="value")
    # The hand-counted distinct partners of test_ranks_that_moved_most.
    assert degree.to_numpy().tolist() == [[2, 4], [2, 4], [2, 3], [1, 0], [1, 1], [0, 1], [0, 3]]
    edges = over_time(town, AFTER, lambda G: pd.Series(dict(G.degree())))
    assert edges.set_index("urn")["value"].to_dict() == {1: 4, 2: 4, 3: 3, 4: 0, 5: 1, 6: 1, 7: 3}


def test_over_time_trust_size(town: schoolnet.Tables) -> None:
    size = over_time(town, [BEFORE, AFTER], "trust_size").pivot(index="urn", columns="date", values="value")
    # Before: T1 = {1, 2}. After: T1 = {1}, T2 = {2, 6}.
    assert size.to_numpy().tolist() == [[2, 1], [2, 2], [0, 0], [0, 0], [0, 0], [0, 2], [0, 0]]


def test_over_time_refuses_an_unknown_measure_or_no_date(town: schoolnet.Tables) -> None:
    with pytest.raises(schoolnet.ParameterError, match="measure"):
        over_time(town, [BEFORE], "closeness_of_heart")
    with pytest.raises(schoolnet.ParameterError, match="dates"):
        over_time(town, [], "degree")
    with pytest.raises(schoolnet.ParameterError, match="dates"):
        snapshots(town, ["all"])


def _rejoined() -> schoolnet.Tables:
    # School 2 is in cluster C1 with 1 in 2020-21, leaves, and rejoins in September 2022.
    return schoolnet.Tables.from_frames(
        pd.DataFrame({"urn": [1, 2], "name": ["A", "B"]}),
        pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"], "opened": ["2015-09-01"]}),
        pd.DataFrame(
            {
                "group_id": "C1",
                "urn": [1, 2, 2],
                "joined": [None, "2020-09-01", "2022-09-01"],
                "left": [None, "2021-08-31", None],
            }
        ),
    )


def test_a_school_that_left_and_rejoined_is_keyed_on_each_date_as_build_network_keys_it() -> None:
    tables = _rejoined()
    built = snapshots(tables, ["2021-01-01", "2023-01-01"])
    # On each date the one live period of the pair 1-2 is the tie "C1", as build_network(as_of=date) keys it.
    for date, G in built.items():
        assert (
            list(G.edges(keys=True))
            == list(schoolnet.build_network(tables, as_of=date).edges(keys=True))
            == [(1, 2, "C1")]
        )
    # So the snapshots show no change in the ties, as changes of the tables and the two dates shows none.
    first, second = built.values()
    assert changes(first, second).ties.empty
    assert changes(tables, between=("2021-01-01", "2023-01-01")).ties.empty


def test_snapshots_of_one_date_of_any_kind_and_of_a_date_before_any_membership() -> None:
    tables = _rejoined()
    for one in ("2023-01-01", pd.Timestamp("2023-01-01"), dt.date(2023, 1, 1), dt.datetime(2023, 1, 1)):
        assert list(snapshots(tables, one)) == [pd.Timestamp("2023-01-01")]
    # In 2010 C1 has no member yet (1 joined when it opened, in 2015): no live membership, and the same column types
    # as build_network's.
    [G] = snapshots(tables, "2010-01-01").values()
    R = schoolnet.build_network(tables, as_of="2010-01-01")
    assert G.graph["memberships"].empty
    pd.testing.assert_frame_equal(G.graph["memberships"], R.graph["memberships"])
    pd.testing.assert_frame_equal(G.graph["ended"], R.graph["ended"])


def test_change_over_time_refuses_the_wrong_arguments(town: schoolnet.Tables) -> None:
    with pytest.raises(schoolnet.ParameterError, match="measure=\\['degree'\\]"):
        over_time(town, [BEFORE], ["degree"])  # type: ignore[arg-type]
    with pytest.raises(schoolnet.ParameterError, match="tables: got DataFrame"):
        snapshots(town.schools, [BEFORE])  # type: ignore[arg-type]
    with pytest.raises(schoolnet.ParameterError, match="'all' is not a date"):
        changes(town, between=("all", AFTER))
    with pytest.raises(schoolnet.ParameterError, match="the earlier first"):
        changes(town, between=(AFTER, BEFORE))
    with pytest.raises(schoolnet.ParameterError, match="before: got str"):
        changes("before.gexf", "after.gexf")  # type: ignore[arg-type]


def test_groups_over_time_counts_trusts_and_the_largest_component(town: schoolnet.Tables) -> None:
    table = groups_over_time(snapshots(town, [BEFORE, AFTER]), kind="trust")
    # Before: T1 {1, 2}; ties C1 1-2-3, C2 4-5, T1 1-2, so the largest component is {1, 2, 3}.
    # After: T1 {1}, T2 {2, 6}; ties C1 1-2-3-7, T2 2-6, S1 1-5: {1, 2, 3, 5, 6, 7}.
    assert table.loc[pd.Timestamp(BEFORE), ["in_trust", "trusts", "largest", "1 school", "2-5"]].tolist() == [
        2,
        1,
        2,
        0,
        1,
    ]
    assert table.loc[pd.Timestamp(AFTER), ["in_trust", "trusts", "largest", "1 school", "2-5"]].tolist() == [
        3,
        2,
        2,
        1,
        1,
    ]
    assert table["largest_component"].tolist() == [3, 6]
    assert table["median_size"].tolist() == [2.0, 1.5]


@pytest.mark.parametrize("seed", range(6))
def test_the_largest_component_is_that_of_a_graph_of_the_ties_alone(seed: int) -> None:
    # Random multigraphs with schools without ties, parallel ties and ties of a school to itself; seed 0 has none.
    rng = np.random.default_rng(seed)
    G = nx.MultiGraph()
    G.add_nodes_from(range(30))
    pairs = rng.integers(0, 30, size=(3 * seed, 2))
    if seed == 1:
        pairs = np.array([[4, 4], [7, 7]])  # ties of a school to itself only: parts of one school
    G.add_edges_from((int(u), int(v), f"G{i % 4}") for i, (u, v) in enumerate(pairs))
    G.graph["memberships"] = pd.DataFrame({"urn": [1, 2], "group_id": ["T1", "T1"], "kind": "trust"})
    table = groups_over_time({pd.Timestamp(BEFORE): G})
    # The plain route: the parts of a simple graph made of the ties alone, 0 when there is none.
    tied = nx.Graph(list(G.edges()))
    assert table["largest_component"].tolist() == [max((len(c) for c in nx.connected_components(tied)), default=0)]
    if seed == 0:
        assert table["largest_component"].tolist() == [0]  # no tie at all
    if seed == 1:
        assert table["largest_component"].tolist() == [1]  # a school tied to itself is a part of one


def test_trust_size_on_a_date_before_any_trust_is_nought() -> None:
    tables = schoolnet.Tables.from_frames(
        pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"]}),
        pd.DataFrame({"group_id": ["T1"], "kind": ["trust"], "opened": ["2020-01-01"]}),
        pd.DataFrame({"group_id": "T1", "urn": [1, 2, 3], "joined": [None, None, "2023-01-01"]}),
    )
    long = over_time(tables, ["2019-09-01", "2023-09-01"], "trust_size")
    # 2019: T1 not yet open, so no school is in a trust; 2023: all three are in T1, of three schools.
    assert long.pivot(index="urn", columns="date", values="value").to_numpy().tolist() == [[0, 3], [0, 3], [0, 3]]


def test_exported_from_schoolnet() -> None:
    for name in ("changes", "snapshots", "over_time", "groups_over_time", "Changes", "plot_changes", "plot_over_time"):
        assert name in schoolnet.__all__
