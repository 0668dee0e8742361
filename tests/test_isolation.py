from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet.errors import MissingCoordinatesError, ParameterError


def village() -> schoolnet.Tables:
    """Seven schools on a line 1 km apart, worked through by hand.

    1, 2, 3: cluster C1 (1, 2 and 3 are each other's partners)
    3, 4: trust T1
    5: its cluster C2 closed on 2023-08-31, with 6 (so 5 and 6 have nothing live)
    6: receives support from 1
    7: nothing at all
    """
    schools = pd.DataFrame(
        {
            "urn": range(1, 8),
            "name": [f"School {i}" for i in range(1, 8)],
            "phase": "primary",
            "district": ["North"] * 4 + ["South"] * 3,
            "easting": [400_000 + 1_000 * i for i in range(7)],
            "northing": 300_000,
        }
    )
    groups = pd.DataFrame(
        {
            "group_id": ["C1", "T1", "C2"],
            "kind": ["cluster", "trust", "cluster"],
            "opened": ["2015-09-01", "2016-09-01", "2015-09-01"],
            "closed": [None, None, "2023-08-31"],
        }
    )
    memberships = pd.DataFrame(
        [("C1", 1), ("C1", 2), ("C1", 3), ("T1", 3), ("T1", 4), ("C2", 5), ("C2", 6)], columns=["group_id", "urn"]
    )
    support = pd.DataFrame({"supporter_urn": [1], "supported_urn": [6], "start": ["2024-01-01"]})
    return schoolnet.Tables.from_frames(schools, groups, memberships, support)


@pytest.fixture(scope="module")
def G() -> nx.MultiGraph:
    return schoolnet.build_network(village(), as_of="2025-01-01")


def test_partners_by_kind_and_distances(G: nx.MultiGraph) -> None:
    table = schoolnet.isolation(G)
    assert table.loc[3, ["partners", "partners_cluster", "partners_trust"]].tolist() == [3, 2, 1]
    assert table.loc[1, ["partners", "partners_support"]].tolist() == [3, 1]
    assert table.loc[3, "nearest_partner_km"] == pytest.approx(1.0)
    assert table.loc[3, "farthest_partner_km"] == pytest.approx(2.0)
    assert table.loc[1, "farthest_partner_km"] == pytest.approx(5.0)  # its support link to 6
    assert pd.isna(table.loc[7, "nearest_partner_km"])
    assert list(table.columns[:3]) == ["name", "phase", "district"]


def test_each_reason(G: nx.MultiGraph) -> None:
    reasons = schoolnet.isolation(G)["reasons"].to_dict()
    assert reasons[1] == reasons[2] == reasons[3] == ""
    assert reasons[4] == "no cluster"
    assert reasons[5] == "no cluster (its cluster ended 2023-08-31); only partnership ended 2023-08-31"
    assert reasons[6] == "no cluster (its cluster ended 2023-08-31); support only, no peer partnership"
    assert reasons[7] == "no cluster; no partnership of any kind"


def test_the_definition_can_be_changed(G: nx.MultiGraph) -> None:
    none_required = schoolnet.isolation(G, require=())
    assert none_required.loc[4, "isolated"] == False  # noqa: E712
    assert "in_cluster" not in none_required.columns
    two = schoolnet.isolation(G, require=(), min_partners=2)
    assert two.loc[4, "reasons"] == "only 1 partner school, fewer than 2"
    assert two.loc[3, "isolated"] == False  # noqa: E712
    near = schoolnet.isolation(G, require=(), max_km=0.5)
    assert near.loc[1, "reasons"] == "no partner within 0.5 km"
    assert near.attrs["definition"] == {"require": [], "min_partners": 1, "max_km": 0.5, "as_of": None}
    trust = schoolnet.isolation(G, require="trust")
    assert trust["isolated"].sum() == 5


def test_as_of_looks_at_the_ties_live_then() -> None:
    everything = schoolnet.build_network(village(), as_of="all")
    in_2020 = schoolnet.isolation(everything, as_of="2020-01-01")
    assert in_2020.loc[5, "reasons"] == ""  # its cluster was still open
    assert in_2020.loc[6, "partners_support"] == 0  # support began in 2024
    in_2024 = schoolnet.isolation(everything, as_of="2024-06-01")
    assert in_2024.loc[5, "reasons"] == "no cluster (its cluster ended 2023-08-31); only partnership ended 2023-08-31"


def test_plain_graphs_are_measured_without_requirements() -> None:
    table = schoolnet.isolation(nx.Graph([(1, 2), (2, 3)]))
    assert table["partners"].tolist() == [1, 2, 1]
    assert not table["isolated"].any()
    with pytest.raises(MissingCoordinatesError, match="easting"):
        schoolnet.isolation(nx.Graph([(1, 2)]), max_km=5)


def test_bad_arguments(G: nx.MultiGraph) -> None:
    with pytest.raises(ParameterError, match="unknown kind 'club'"):
        schoolnet.isolation(G, require=("club",))
    with pytest.raises(ParameterError, match="min_partners=-1"):
        schoolnet.isolation(G, min_partners=-1)
    with pytest.raises(ParameterError, match="max_km=0"):
        schoolnet.isolation(G, max_km=0)


def test_summary_counts_by_area(G: nx.MultiGraph) -> None:
    summary = schoolnet.isolation_summary(schoolnet.isolation(G))
    assert summary.loc["South", ["schools", "isolated", "no_partnership", "no_cluster"]].tolist() == [3, 3, 2, 3]
    assert summary.loc["North", "share_isolated"] == pytest.approx(0.25)
    assert summary.index.tolist() == ["South", "North"]
    with pytest.raises(ParameterError, match="by='region'"):
        schoolnet.isolation_summary(schoolnet.isolation(G), by="region")


def test_sample_isolation_agrees_with_the_tables(sample_tables: schoolnet.Tables, sample_network) -> None:
    table = schoolnet.isolation(sample_network)
    m = sample_tables.memberships.merge(sample_tables.groups, left_on="group_id", right_index=True)
    m = m[(m["kind"] == "cluster") & (m["closed"].isna() | (m["closed"] >= pd.Timestamp("2025-09-01")))]
    no_cluster = ~sample_tables.schools.index.isin(m["urn"])
    degree = pd.Series(dict(sample_network.degree())).reindex(sample_tables.schools.index)
    expected = no_cluster | (degree == 0).to_numpy()
    assert table["isolated"].to_numpy().tolist() == expected.tolist()


# -- properties --------------------------------------------------------------

schools_strategy = st.integers(min_value=2, max_value=8)


@st.composite
def networks(draw: st.DrawFn) -> tuple[schoolnet.Tables, list[tuple[int, int, str]]]:
    n = draw(schools_strategy)
    urns = list(range(1, n + 1))
    kinds = ["cluster", "trust", "federation"]
    groups = draw(
        st.lists(
            st.tuples(st.sampled_from(kinds), st.lists(st.sampled_from(urns), min_size=1, max_size=n, unique=True)),
            max_size=4,
        )
    )
    schools = pd.DataFrame(
        {"urn": urns, "name": [f"s{u}" for u in urns], "easting": [1000.0 * u for u in urns], "northing": 0.0}
    )
    group_frame = pd.DataFrame(
        {"group_id": [f"G{i}" for i in range(len(groups))], "kind": [k for k, _ in groups], "opened": "2015-01-01"}
    )
    members = pd.DataFrame([(f"G{i}", u) for i, (_, us) in enumerate(groups) for u in us], columns=["group_id", "urn"])
    extra = draw(st.tuples(st.sampled_from(urns), st.sampled_from(urns), st.sampled_from([*kinds, "support"])))
    return schoolnet.Tables.from_frames(schools, group_frame, members), [extra]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.sampled_from([(), ("cluster",)]), st.integers(0, 3), st.sampled_from([None, 1.5]))
def test_adding_a_live_tie_never_makes_a_school_more_isolated(
    case: tuple[schoolnet.Tables, list[tuple[int, int, str]]],
    require: tuple[str, ...],
    min_partners: int,
    max_km: float | None,
) -> None:
    tables, [(u, v, kind)] = case
    G = schoolnet.build_network(tables, as_of="2025-01-01")
    before = schoolnet.isolation(G, require=require, min_partners=min_partners, max_km=max_km)
    H = G.copy()
    if u != v:
        H.add_edge(u, v, key="new", kind=kind, group_id="new", since=None, until=None, weight=1.0)
        if kind != "support":
            H.graph["memberships"] = pd.concat(
                [G.graph["memberships"], pd.DataFrame({"urn": [u, v], "group_id": "new", "kind": kind, "lead": False})],
                ignore_index=True,
            )
    after = schoolnet.isolation(H, require=require, min_partners=min_partners, max_km=max_km)
    assert not (after["isolated"] & ~before["isolated"]).any()
    assert (after["partners"] >= before["partners"]).all()


@settings(max_examples=30, deadline=None)
@given(networks())
def test_before_every_partnership_started_every_school_is_isolated(case: tuple[schoolnet.Tables, list]) -> None:
    tables, _ = case
    everything = schoolnet.build_network(tables, as_of="all")
    table = schoolnet.isolation(everything, as_of="2010-01-01")
    assert table["isolated"].all()
    assert (table["partners"] == 0).all()
