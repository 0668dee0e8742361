from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.network.build import parse_as_of

from .conftest import AS_OF


def county(n: int = 12) -> schoolnet.Tables:
    """Schools 1..n: a cluster of 1-5, a trust of 4-7, an alliance led by 8 with 1, 2, 9, 10, a federation of 11-12."""
    schools = pd.DataFrame({"urn": range(1, n + 1), "name": [f"S{i}" for i in range(1, n + 1)]})
    groups = pd.DataFrame(
        {
            "group_id": ["C1", "T1", "A1", "F1"],
            "kind": ["cluster", "trust", "alliance", "federation"],
            "lead_urn": [None, None, 8, None],
            "opened": ["2015-09-01", None, "2013-09-01", None],
            "closed": [None, None, None, "2022-07-31"],
        }
    )
    members = [("C1", u) for u in range(1, 6)] + [("T1", u) for u in range(4, 8)]
    members += [("A1", u) for u in (1, 2, 9, 10)] + [("F1", 11), ("F1", 12)]
    memberships = pd.DataFrame(members, columns=["group_id", "urn"])
    return schoolnet.Tables.from_frames(schools, groups, memberships)


def kinds_of(G: nx.MultiGraph) -> Counter[str]:
    return Counter(kind for *_, kind in G.edges(data="kind"))


def test_cliques_and_stars_follow_their_formulas() -> None:
    G = schoolnet.build_network(county(), as_of="2020-01-01")
    # Clique of n: n(n-1)/2. Star of n members led by one of them: n-1; here the lead has no row, so 4 spokes.
    assert kinds_of(G) == Counter({"cluster": 10, "trust": 6, "alliance": 4, "federation": 1})
    assert set(G.edges(8)) == {(8, 1), (8, 2), (8, 9), (8, 10)}
    assert G.number_of_nodes() == 12
    assert G.nodes[1]["name"] == "S1"


def test_each_tie_is_keyed_by_its_group_with_its_attributes() -> None:
    G = schoolnet.build_network(county(), as_of="2020-01-01")
    assert set(G[4][5]) == {"C1", "T1"}
    tie = G.edges[4, 5, "C1"]
    assert tie == {
        "kind": "cluster",
        "group_id": "C1",
        "since": pd.Timestamp("2015-09-01"),
        "until": None,
        "weight": schoolnet.tables.schema.DEFAULT_TIE_STRENGTH["cluster"],
    }


def test_a_star_with_several_leads() -> None:
    schools = pd.DataFrame({"urn": range(1, 7), "name": list("abcdef")})
    groups = pd.DataFrame({"group_id": ["H"], "kind": ["hub"]})
    memberships = pd.DataFrame(
        {"group_id": ["H"] * 6, "urn": range(1, 7), "role": ["lead", "lead", "member", "member", "member", "member"]}
    )
    G = schoolnet.build_network(schoolnet.Tables.from_frames(schools, groups, memberships), as_of="all")
    # L leads among n members: L(L-1)/2 ties between leads, L(n-L) spokes.
    assert G.number_of_edges() == 1 + 2 * 4


def test_expansion_can_be_overridden() -> None:
    tables = county()
    G = schoolnet.build_network(tables, as_of="2020-01-01", expand={"alliance": "clique", "cluster": "none"})
    counts = kinds_of(G)
    assert counts["alliance"] == 10  # the lead and four members: 5 * 4 / 2
    assert "cluster" not in counts
    assert G.graph["expand"]["alliance"] == "clique"
    with pytest.raises(ParameterError, match="expected one of clique, star, none"):
        schoolnet.build_network(tables, expand={"cluster": "ring"})  # type: ignore[dict-item]
    with pytest.raises(ParameterError, match="unknown group kind"):
        schoolnet.build_network(tables, expand={"club": "clique"})  # type: ignore[dict-item]


def test_kinds_keeps_only_those_ties() -> None:
    G = schoolnet.build_network(county(), as_of="2020-01-01", kinds=["trust", "federation"])
    assert kinds_of(G) == Counter({"trust": 6, "federation": 1})
    assert G.graph["kinds"] == ["federation", "trust"]
    with pytest.raises(ParameterError, match="unknown kind 'club'"):
        schoolnet.build_network(county(), kinds="club")


def test_as_of_keeps_what_is_live_on_that_date_both_ends_inclusive() -> None:
    tables = county()
    assert "federation" in kinds_of(schoolnet.build_network(tables, as_of="2022-07-31"))
    assert "federation" not in kinds_of(schoolnet.build_network(tables, as_of="2022-08-01"))
    assert "cluster" in kinds_of(schoolnet.build_network(tables, as_of="2015-09-01"))
    assert "cluster" not in kinds_of(schoolnet.build_network(tables, as_of="2015-08-31"))
    everything = schoolnet.build_network(tables, as_of="all")
    assert kinds_of(everything)["federation"] == 1
    assert everything.graph["as_of"] == "all"
    assert len(everything.graph["ended"]) == 0


def test_memberships_join_and_leave() -> None:
    schools = pd.DataFrame({"urn": [1, 2, 3], "name": list("abc")})
    groups = pd.DataFrame({"group_id": ["T"], "kind": ["trust"], "opened": ["2012-01-01"]})
    memberships = pd.DataFrame(
        {
            "group_id": ["T", "T", "T", "T"],
            "urn": [1, 2, 3, 3],
            "joined": ["2012-09-01", "2016-09-01", "2012-09-01", "2020-09-01"],
            "left": [None, None, "2014-08-31", None],
        }
    )
    tables = schoolnet.Tables.from_frames(schools, groups, memberships)
    G = schoolnet.build_network(tables, as_of="2015-01-01")
    assert G.number_of_edges() == 0  # 2 had not joined, 3 had left
    ended = G.graph["ended"]
    assert ended[["urn", "partnership", "kind"]].to_numpy().tolist() == [[3, "T", "trust"]]
    assert ended["end"].tolist() == [pd.Timestamp("2014-08-31")]
    G = schoolnet.build_network(tables, as_of="2021-01-01")
    assert sorted(G.edges()) == [(1, 2), (1, 3), (2, 3)]
    assert G.edges[1, 3, "T"]["since"] == pd.Timestamp("2020-09-01")  # the later of the two joinings
    # A school that left and rejoined has one tie per period: 3 was in T 2012-2014 and from 2020, 1 throughout.
    everything = schoolnet.build_network(tables, as_of="all")
    periods = {k: (d["since"], d["until"]) for k, d in everything[1][3].items()}
    assert periods == {
        "T": (pd.Timestamp("2012-09-01"), pd.Timestamp("2014-08-31")),
        "T#2": (pd.Timestamp("2020-09-01"), None),
    }
    # 2 joined in 2016, after 3 had left: only 3's second period ties them.
    assert list(everything[2][3]) == ["T"]
    assert everything.edges[2, 3, "T"]["since"] == pd.Timestamp("2020-09-01")
    rows = everything.graph["memberships"]
    assert rows.loc[rows["urn"] == 3, "start"].tolist() == [pd.Timestamp("2012-09-01"), pd.Timestamp("2020-09-01")]


def test_support_edges_keep_their_direction() -> None:
    schools = pd.DataFrame({"urn": [1, 2], "name": ["a", "b"]})
    support = pd.DataFrame(
        {"supporter_urn": [2], "supported_urn": [1], "kind": ["nle"], "start": ["2024-01-01"], "end": ["2024-12-31"]}
    )
    tables = schoolnet.Tables.from_frames(schools, support=support)
    G = schoolnet.build_network(tables, as_of="2024-06-01")
    ((_, _, data),) = G.edges(data=True)
    assert data["supporter"] == 2 and data["support_kind"] == "nle" and data["kind"] == "support"
    later = schoolnet.build_network(tables, as_of="2025-01-01")
    assert later.number_of_edges() == 0
    assert sorted(later.graph["ended"]["urn"]) == [1, 2]


def test_provenance_is_recorded(sample_tables: schoolnet.Tables) -> None:
    G = schoolnet.build_network(sample_tables, as_of=AS_OF)
    assert G.graph["as_of"] == AS_OF
    assert G.graph["source"] == sample_tables.source
    assert G.graph["crs"] == "EPSG:27700"
    assert set(G.graph["kinds"]) == set(kinds_of(G))
    assert {"urn", "group_id", "kind", "lead"} <= set(G.graph["memberships"].columns)


def test_as_of_defaults_to_today_and_rejects_nonsense() -> None:
    assert parse_as_of(None) == pd.Timestamp.today().normalize()
    with pytest.raises(ParameterError, match="as_of='soon'"):
        parse_as_of("soon")


def expected_ties(tables: schoolnet.Tables, as_of: str) -> Counter[str]:
    """Count ties independently: the clique and star formulas over live members, group by group."""
    when = pd.Timestamp(as_of)
    g = tables.groups
    live_groups = g[(g["opened"].isna() | (g["opened"] <= when)) & (g["closed"].isna() | (g["closed"] >= when))]
    m = tables.memberships
    m = m[(m["joined"].isna() | (m["joined"] <= when)) & (m["left"].isna() | (m["left"] >= when))]
    counts: Counter[str] = Counter()
    for gid, group in live_groups.iterrows():
        members = set(m.loc[m["group_id"] == gid, "urn"])
        if pd.notna(group["lead_urn"]):
            members.add(int(group["lead_urn"]))
        n = len(members)
        if group["kind"] in ("cluster", "trust", "federation", "company"):
            counts[group["kind"]] += n * (n - 1) // 2
        elif group["kind"] in ("alliance", "hub"):
            counts[group["kind"]] += n - 1
    s = tables.support
    live = s[(s["start"].isna() | (s["start"] <= when)) & (s["end"].isna() | (s["end"] >= when))]
    counts["support"] = len(live)
    return +counts


def test_sample_network_matches_the_formulas(sample_tables: schoolnet.Tables) -> None:
    G = schoolnet.build_network(sample_tables, as_of=AS_OF)
    assert kinds_of(G) == expected_ties(sample_tables, AS_OF)


def test_collapse_sums_tie_strengths() -> None:
    M = nx.MultiGraph()
    M.add_node(3)
    M.add_edge(1, 2, key="C", kind="cluster", weight=1.0)
    M.add_edge(1, 2, key="T", kind="trust", weight=2.0)
    M.add_edge(2, 1, key="S", kind="support", weight=2.0)
    M.add_edge(2, 2, key="X", kind="cluster")
    H = schoolnet.collapse(M)
    assert isinstance(H, nx.Graph) and not H.is_multigraph()
    assert sorted(H.nodes) == [1, 2, 3]
    assert H.number_of_edges() == 1  # the self-loop is dropped
    assert H.edges[1, 2] == {
        "weight": 1.0 + 2.0 + 2.0,
        "ties": 3,
        "kinds": ("cluster", "support", "trust"),
        "n_cluster": 1,
        "n_support": 1,
        "n_trust": 1,
    }
    custom = schoolnet.collapse(M, weights={"trust": 5, "support": 0})
    assert custom.edges[1, 2]["weight"] == 1.0 + 5.0 + 0.0
    assert custom.graph["tie_strength"]["trust"] == 5.0
    with pytest.raises(ParameterError, match="expected a number of at least 0"):
        schoolnet.collapse(M, weights={"trust": -1})


def test_collapse_of_plain_graphs_uses_their_weights() -> None:
    D = nx.DiGraph()
    D.add_edge("a", "b", weight=2.5)
    D.add_edge("b", "a", weight=1.0)
    D.add_edge("b", "c")
    H = schoolnet.collapse(D)
    assert H.edges["a", "b"]["weight"] == 3.5
    assert H.edges["a", "b"]["kinds"] == ("tie",)
    assert H.edges["b", "c"]["weight"] == 1.0


def test_collapse_keeps_every_pair_of_the_sample(sample_network: nx.MultiGraph) -> None:
    H = schoolnet.collapse(sample_network)
    pairs = {frozenset((u, v)) for u, v in sample_network.edges() if u != v}
    assert {frozenset(e) for e in H.edges()} == pairs
    total = sum(d["ties"] for *_, d in H.edges(data=True))
    assert total == sample_network.number_of_edges()
    weights = np.array([d["weight"] for *_, d in sample_network.edges(data=True)])
    assert sum(d["weight"] for *_, d in H.edges(data=True)) == pytest.approx(weights.sum())


def test_select_kinds_and_schools(sample_network: nx.MultiGraph) -> None:
    T = schoolnet.select_kinds(sample_network, ["trust"])
    assert set(kinds_of(T)) == {"trust"}
    assert T.number_of_nodes() == sample_network.number_of_nodes()
    assert T.number_of_edges() == kinds_of(sample_network)["trust"]
    F = schoolnet.select_schools(sample_network, district="Fellside", boundary="cut")
    assert {d for _, d in F.nodes(data="district")} == {"Fellside"}
    assert set(F.graph["memberships"]["urn"]) <= set(F.nodes)
    assert F.number_of_edges() == sum(1 for u, v in sample_network.edges() if {u, v} <= set(F.nodes))
    assert sample_network.number_of_nodes() == 395  # unchanged


def two_areas() -> nx.MultiGraph:
    """North: 1, 2, 3; South: 4, 5, 6.

    Cluster CN ties 1-2 (North); trust T ties 3 (North) to 4 (South) across the border;
    cluster CS ties 4-5-6 (South). School 6 is in the South and has no tie to the North.
    """
    schools = pd.DataFrame(
        {"urn": range(1, 7), "name": [f"S{i}" for i in range(1, 7)], "district": ["North"] * 3 + ["South"] * 3}
    )
    groups = pd.DataFrame({"group_id": ["CN", "T", "CS"], "kind": ["cluster", "trust", "cluster"]})
    memberships = pd.DataFrame(
        [("CN", 1), ("CN", 2), ("T", 3), ("T", 4), ("CS", 4), ("CS", 5), ("CS", 6)], columns=["group_id", "urn"]
    )
    return schoolnet.build_network(schoolnet.Tables.from_frames(schools, groups, memberships), as_of="2025-01-01")


def test_select_schools_keeps_partners_across_the_border() -> None:
    G = two_areas()
    north = schoolnet.select_schools(G, district="North")
    # Focus 1, 2, 3; boundary: 4 (3's trust partner). Ties: 1-2 (CN), 3-4 (T); 4-5, 4-6, 5-6 are South-South.
    assert dict(north.nodes(data="in_focus")) == {1: True, 2: True, 3: True, 4: False}
    assert sorted((u, v, k) for u, v, k in north.edges(keys=True)) == [(1, 2, "CN"), (3, 4, "T")]
    assert schoolnet.network.convert.in_focus(north).tolist() == [True, True, True, False]
    # 4's memberships (T and CS) stay with it; 5 and 6 are gone.
    assert sorted(north.graph["memberships"]["urn"].tolist()) == [1, 2, 3, 4, 4]
    cut = schoolnet.select_schools(G, district="North", boundary="cut")
    assert sorted(cut) == [1, 2, 3] and sorted(cut.edges()) == [(1, 2)]
    assert "in_focus" not in cut.nodes[1]
    # A boundary school is never chosen again as a focus school.
    assert sorted(schoolnet.select_schools(north, district="South")) == []
    with pytest.raises(ParameterError, match="boundary='both'"):
        schoolnet.select_schools(G, district="North", boundary="both")  # type: ignore[arg-type]


@pytest.mark.national
def test_national_network_matches_the_formulas(national_tables: schoolnet.Tables) -> None:
    G = schoolnet.build_network(national_tables, as_of=AS_OF)
    assert kinds_of(G) == expected_ties(national_tables, AS_OF)
    assert G.number_of_nodes() == 22_000


def test_dates_are_read_iso_or_day_first_never_month_first() -> None:
    assert parse_as_of("2025-09-01") == pd.Timestamp("2025-09-01")
    assert parse_as_of("20250901") == pd.Timestamp("2025-09-01")
    # 01/09/2025 is the first of September, as written in England, and a warning says how it was read.
    with pytest.warns(schoolnet.DayFirstDateWarning, match=r"read day first, as 1 September 2025 \(2025-09-01\)"):
        assert parse_as_of("01/09/2025") == pd.Timestamp("2025-09-01")
    # 13/01/2025 can only be day first; 01/13/2025 (month first) is refused, as is any other layout.
    with pytest.warns(schoolnet.DayFirstDateWarning):
        assert parse_as_of("13/01/2025") == pd.Timestamp("2025-01-13")
    for text in ("01/13/2025", "09-01-2025", "1 Sept 2025", "2025/09/01", "31/02/2025"):
        with pytest.raises(ParameterError, match="expected an ISO date such as '2024-09-01'"):
            parse_as_of(text)
