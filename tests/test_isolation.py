from __future__ import annotations

import warnings

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet.errors import MissingCoordinatesError, NoGroupsLoadedWarning, ParameterError
from schoolnet.measures.isolation import ISOLATION_REASONS

NOT_LOADED = "ignore::schoolnet.errors.NoGroupsLoadedWarning"


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


def test_the_main_reason_is_a_code_ordered_by_seriousness(G: nx.MultiGraph) -> None:
    table = schoolnet.isolation(G)
    main = table["main_reason"]
    assert main.dtype == pd.CategoricalDtype(ISOLATION_REASONS, ordered=True)
    # 4: "no cluster" only; 5: no cluster and its only partnership ended (ended is the more serious);
    # 6: no cluster and support only; 7: no cluster and nothing at all.
    assert main.loc[[4, 5, 6, 7]].tolist() == [
        "no_required_group",
        "partnerships_ended",
        "support_only",
        "no_partnership",
    ]
    assert main.loc[[1, 2, 3]].isna().all()
    assert main.isna().tolist() == (~table["isolated"]).tolist()


def test_min_partners_zero_needs_no_partner(G: nx.MultiGraph) -> None:
    # 7 has no tie at all: with min_partners=0 that is no reason, but it is still in no cluster.
    assert schoolnet.isolation(G, min_partners=0).loc[7, "reasons"] == "no cluster"
    assert not schoolnet.isolation(G, require=(), min_partners=0)["isolated"].any()
    # With max_km, having no partner means having none within it. Schools are 1 km apart on a line:
    # 4's partner 3 is 1 km away; 6's only partner, 1, is 5 km away; 5 and 7 have no live partner.
    near = schoolnet.isolation(G, require=(), min_partners=0, max_km=1.5)
    assert near.index[near["isolated"]].tolist() == [5, 6, 7]
    assert set(near.loc[[5, 6, 7], "reasons"]) == {"no partner within 1.5 km"}


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


def rejoiner() -> schoolnet.Tables:
    """School 1 was in cluster C 2019-2020 and rejoined in 2023; school 2 has been in C throughout."""
    schools = pd.DataFrame({"urn": [1, 2], "name": ["One", "Two"]})
    groups = pd.DataFrame({"group_id": ["C"], "kind": ["cluster"], "opened": ["2015-09-01"]})
    memberships = pd.DataFrame(
        {"group_id": ["C", "C", "C"], "urn": [1, 1, 2], "joined": ["2019-01-01", "2023-01-01", None]}
    ).assign(left=["2020-12-31", None, None])
    return schoolnet.Tables.from_frames(schools, groups, memberships)


def test_a_school_that_rejoined_is_judged_by_the_period_live_then() -> None:
    everything = schoolnet.build_network(rejoiner(), as_of="all")
    in_2024 = schoolnet.isolation(everything, as_of="2024-01-01")
    assert in_2024.loc[1, ["partners", "in_cluster", "isolated", "reasons"]].tolist() == [1, True, False, ""]
    dated = schoolnet.isolation(schoolnet.build_network(rejoiner(), as_of="2024-01-01"))
    assert dated["reasons"].tolist() == in_2024["reasons"].tolist() == ["", ""]
    # Between its two periods it was out: its first period ended on 2020-12-31.
    in_2021 = schoolnet.isolation(everything, as_of="2021-06-01")
    assert in_2021.loc[1, "reasons"] == "no cluster (its cluster ended 2020-12-31); only partnership ended 2020-12-31"
    assert in_2021.loc[2, "reasons"] == "no partnership of any kind"  # in C, but alone in it then


def staggered() -> schoolnet.Tables:
    """Cluster C of 1, 2, 3 from 2015-09-01, closed 2022-08-31; 1 left early, on 2020-08-31."""
    schools = pd.DataFrame({"urn": [1, 2, 3], "name": ["One", "Two", "Three"]})
    groups = pd.DataFrame({"group_id": ["C"], "kind": ["cluster"], "opened": ["2015-09-01"], "closed": ["2022-08-31"]})
    memberships = pd.DataFrame({"group_id": ["C"] * 3, "urn": [1, 2, 3], "left": ["2020-08-31", None, None]})
    return schoolnet.Tables.from_frames(schools, groups, memberships)


def test_reasons_give_the_last_end_of_a_partnership() -> None:
    # 2's ties: to 1 until 2020-08-31, to 3 until the closure, 2022-08-31: its cluster ended on the later date.
    expected = {
        1: "no cluster (its cluster ended 2020-08-31); only partnership ended 2020-08-31",
        2: "no cluster (its cluster ended 2022-08-31); only partnership ended 2022-08-31",
        3: "no cluster (its cluster ended 2022-08-31); only partnership ended 2022-08-31",
    }
    everything = schoolnet.build_network(staggered(), as_of="all")
    assert schoolnet.isolation(everything, as_of="2024-01-01")["reasons"].to_dict() == expected
    dated = schoolnet.build_network(staggered(), as_of="2024-01-01")
    assert schoolnet.isolation(dated)["reasons"].to_dict() == expected


def test_a_network_with_no_live_tie_keeps_the_requirement() -> None:
    # In 2010 no group of the village had opened: no tie is live, but clusters are loaded.
    G = schoolnet.build_network(village(), as_of="2010-01-01")
    assert G.number_of_edges() == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoGroupsLoadedWarning)
        table = schoolnet.isolation(G)
    assert table.attrs["definition"]["require"] == ["cluster"]
    assert not table["in_cluster"].any()
    assert set(table["reasons"]) == {"no cluster; no partnership of any kind"}


def test_partners_without_coordinates_are_at_an_unknown_distance() -> None:
    # 1 at 0 km, 2 at 10 km, 3 without coordinates, all in cluster C; 4 at 20 km, in trust T with 2.
    schools = pd.DataFrame(
        {"urn": [1, 2, 3, 4], "name": list("abcd"), "easting": [0.0, 10_000.0, None, 20_000.0], "northing": 0.0}
    )
    groups = pd.DataFrame({"group_id": ["C", "T"], "kind": ["cluster", "trust"]})
    memberships = pd.DataFrame({"group_id": ["C", "C", "C", "T", "T"], "urn": [1, 2, 3, 2, 4]})
    G = schoolnet.build_network(schoolnet.Tables.from_frames(schools, groups, memberships), as_of="2025-01-01")
    table = schoolnet.isolation(G, require=(), max_km=5)
    reasons = table["reasons"].to_dict()
    # 1: 2 is 10 km away, 3's distance unknown. 3: it has no coordinates, so both partners are unknown.
    assert reasons[1] == "no partner known within 5 km: 1 partner at an unknown distance"
    assert reasons[3] == "no partner known within 5 km: 2 partners at an unknown distance"
    assert reasons[4] == "no partner within 5 km"  # its one partner, 2, is 10 km away
    assert table.loc[1, "nearest_partner_km"] == pytest.approx(10.0)
    assert table.loc[[1, 3, 4], "main_reason"].tolist() == [
        "partner_distance_unknown",
        "partner_distance_unknown",
        "no_partner_nearby",
    ]
    # 2's partners: 1 and 4 at 10 km, 3 unknown.
    assert schoolnet.isolation(G, require=(), max_km=10).loc[2, "reasons"] == ""


def test_a_warning_when_no_group_of_a_required_kind_is_loaded() -> None:
    schools = pd.DataFrame({"urn": [1, 2], "name": ["a", "b"]})
    groups = pd.DataFrame({"group_id": ["T"], "kind": ["trust"]})
    memberships = pd.DataFrame({"group_id": ["T", "T"], "urn": [1, 2]})
    G = schoolnet.build_network(schoolnet.Tables.from_frames(schools, groups, memberships), as_of="2025-01-01")
    with pytest.warns(NoGroupsLoadedWarning) as caught:
        table = schoolnet.isolation(G)
    assert [str(w.message) for w in caught] == [
        "no cluster data is loaded: whether a school is in a cluster is unknown, so no school is isolated for want "
        "of one; load your clusters or pass require=()"
    ]
    assert table.attrs["kinds_not_loaded"] == ["cluster"]
    assert issubclass(NoGroupsLoadedWarning, schoolnet.errors.SchoolnetWarning)
    with pytest.warns(NoGroupsLoadedWarning, match="no cluster or alliance data is loaded: .* in a cluster or"):
        schoolnet.isolation(G, require=("cluster", "alliance", "trust"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoGroupsLoadedWarning)
        assert schoolnet.isolation(G, require="trust").attrs["kinds_not_loaded"] == []
        schoolnet.isolation(G, require=())


def two_areas() -> nx.MultiGraph:
    """North: 1, 2, 3; South: 4, 5.

    Cluster CN ties 1-2 (North); trust T ties 3 (North) to 4 (South) across the border;
    cluster CS ties 4-5 (South).
    """
    schools = pd.DataFrame({"urn": range(1, 6), "name": list("abcde"), "district": ["North"] * 3 + ["South"] * 2})
    groups = pd.DataFrame({"group_id": ["CN", "T", "CS"], "kind": ["cluster", "trust", "cluster"]})
    memberships = pd.DataFrame(
        [("CN", 1), ("CN", 2), ("T", 3), ("T", 4), ("CS", 4), ("CS", 5)], columns=["group_id", "urn"]
    )
    return schoolnet.build_network(schoolnet.Tables.from_frames(schools, groups, memberships), as_of="2025-01-01")


def test_focus_schools_only_with_partners_across_the_border() -> None:
    north = schoolnet.select_schools(two_areas(), district="North")  # focus 1, 2, 3; boundary 4
    table = schoolnet.isolation(north, require=())
    assert table.index.tolist() == [1, 2, 3]
    assert table.loc[3, ["partners", "partners_trust", "isolated"]].tolist() == [1, 1, False]  # its partner is 4
    everyone = schoolnet.isolation(north, require=(), focus_only=False)
    assert everyone.index.tolist() == [1, 2, 3, 4]
    assert everyone["in_focus"].tolist() == [True, True, True, False]
    # Cut at the border, 3 has no partner at all.
    cut = schoolnet.isolation(schoolnet.select_schools(two_areas(), district="North", boundary="cut"), require=())
    assert cut.loc[3, "reasons"] == "no partnership of any kind"
    # With the default, 3 is in no cluster; 4 (boundary, in CS) would not count either way.
    with_cluster = schoolnet.isolation(north, focus_only=False)
    summary = schoolnet.isolation_summary(with_cluster)
    assert summary.index.tolist() == ["North"]
    assert summary.loc["North", ["schools", "isolated", "no_cluster"]].tolist() == [3, 1, 1]
    assert "no_focus" not in summary.columns
    both = schoolnet.isolation_summary(with_cluster, focus_only=False)
    assert both.loc["South", ["schools", "isolated"]].tolist() == [1, 0]


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


def test_sample_isolation_by_district(sample_network: nx.MultiGraph) -> None:
    table = schoolnet.isolation(sample_network)
    summary = schoolnet.isolation_summary(table, by="district")
    assert summary.index[0] == "Fellside"
    assert int(summary["schools"].sum()) == sample_network.number_of_nodes() == 395
    assert table.loc[table["isolated"], "district"].value_counts().index[0] == "Fellside"


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


@pytest.mark.filterwarnings(NOT_LOADED)
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
    # A first cluster tie loads clusters: a school whose status was unknown may then be found in none.
    assert not (after["isolated"] & ~before["isolated"] & (before["status"] != "unknown")).any()
    assert (after["partners"] >= before["partners"]).all()


@pytest.mark.filterwarnings(NOT_LOADED)
@settings(max_examples=30, deadline=None)
@given(networks())
def test_before_every_partnership_started_every_school_is_isolated(case: tuple[schoolnet.Tables, list]) -> None:
    tables, _ = case
    everything = schoolnet.build_network(tables, as_of="all")
    table = schoolnet.isolation(everything, as_of="2010-01-01")
    assert table["isolated"].all()
    assert (table["partners"] == 0).all()


def test_membership_of_a_kind_not_loaded_is_unknown_not_failed() -> None:
    # Trust T ties 1 and 2; 3 has nothing; support from 2 to 4 gives 4 no peer partner. No cluster is loaded.
    schools = pd.DataFrame({"urn": [1, 2, 3, 4], "name": list("abcd")})
    groups = pd.DataFrame({"group_id": ["T"], "kind": ["trust"]})
    memberships = pd.DataFrame({"group_id": ["T", "T"], "urn": [1, 2]})
    support = pd.DataFrame({"supporter_urn": [2], "supported_urn": [4]})
    tables = schoolnet.Tables.from_frames(schools, groups, memberships, support)
    G = schoolnet.build_network(tables, as_of="2025-01-01")
    with pytest.warns(NoGroupsLoadedWarning):
        table = schoolnet.isolation(G)
    # Cluster membership cannot be told: missing, not False.
    assert str(table["in_cluster"].dtype) == "boolean"
    assert table["in_cluster"].isna().all()
    # The tests that can be judged still count: 3 has no partnership, 4 only support.
    assert table["isolated"].to_dict() == {1: False, 2: False, 3: True, 4: True}
    assert table["status"].to_dict() == {1: "unknown", 2: "unknown", 3: "isolated", 4: "isolated"}
    assert table["reasons"].to_dict() == {
        1: "no cluster data loaded",
        2: "no cluster data loaded",
        3: "no partnership of any kind",
        4: "support only, no peer partnership",
    }
    assert table["main_reason"].isna().tolist() == [True, True, False, False]
    # Need does not count unknown as isolated: only 3 and 4 are in need (no Ofsted judgement is recorded).
    with pytest.warns(NoGroupsLoadedWarning):
        assert schoolnet.in_need(G).to_dict() == {1: False, 2: False, 3: True, 4: True}
    # The summary counts no school as out of a cluster: it cannot tell.
    with pytest.warns(NoGroupsLoadedWarning):
        summary = schoolnet.isolation_summary(schoolnet.isolation(G), by="phase")
    assert int(summary["isolated"].sum()) == 2
    assert int(summary["no_cluster"].sum()) == 0
    assert int(summary["unknown"].sum()) == 2
    # With clusters loaded, the status is known for everyone.
    with_cluster = schoolnet.build_network(
        schoolnet.Tables.from_frames(
            schools,
            pd.DataFrame({"group_id": ["T", "C"], "kind": ["trust", "cluster"]}),
            pd.DataFrame({"group_id": ["T", "T", "C", "C"], "urn": [1, 2, 1, 2]}),
            support,
        ),
        as_of="2025-01-01",
    )
    known = schoolnet.isolation(with_cluster)
    assert known["status"].to_dict() == {1: "not isolated", 2: "not isolated", 3: "isolated", 4: "isolated"}
    assert known["in_cluster"].dtype == bool


def walked(G: nx.MultiGraph, school: int, kind: str | None = None) -> set[int]:
    """A school's partners found by walking its ties in the graph: other schools, through ties of ``kind`` if given."""
    return {
        p
        for p, ties in G[school].items()
        if p != school and (kind is None or any(d["kind"] == kind for d in ties.values()))
    }


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_partner_counts_and_distances_agree_with_a_walk_of_the_graph(
    case: tuple[schoolnet.Tables, list[tuple[int, int, str]]],
) -> None:
    tables, [(u, v, kind)] = case
    live = schoolnet.build_network(tables, as_of="2025-01-01")
    if u != v:
        live.add_edge(u, v, key="new", kind=kind, group_id="new", since=None, until=None, weight=1.0)
    # Without a date the collapsed ties are read; with one, each tie and its dates, two groups of a kind counting once.
    everything = schoolnet.build_network(tables, as_of="all")
    for G, table in [
        (live, schoolnet.isolation(live, require=(), focus_only=False)),
        (everything, schoolnet.isolation(everything, require=(), as_of="2025-01-01", focus_only=False)),
    ]:
        for school in G:
            partners = walked(G, school)
            assert table.loc[school, "partners"] == len(partners)
            for column in [c for c in table.columns if c.startswith("partners_")]:
                assert table.loc[school, column] == len(walked(G, school, column.removeprefix("partners_")))
            # School u stands at easting 1000 u on one line: its partners are |u - p| km away.
            km = [abs(school - p) for p in partners]
            nearest, farthest = table.loc[school, ["nearest_partner_km", "farthest_partner_km"]]
            assert (nearest, farthest) == (min(km), max(km)) if km else pd.isna(nearest) and pd.isna(farthest)
