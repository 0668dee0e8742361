"""Tests of schoolnet.measures.families: context features, similar schools and candidate partnerships.

Expected values are worked out by hand on small tables, or come from brute force: every pair of schools compared.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.measures.families import context_features, similar_not_connected, similar_schools
from schoolnet.network._matrix import lexsorted


def test_context_features_by_hand() -> None:
    schools = pd.DataFrame(
        {
            "pupils": [99, 999, np.nan],
            "fsm_pct": [10.0, 30.0, 20.0],
            "urban_rural": ["(England/Wales) Urban city and town", "(England/Wales) Rural village", None],
            "phase": ["primary", "primary", "secondary"],
        }
    )
    X = context_features(schools)
    # log(1 + pupils) = log 100 and log 1000, standardised to -1 and +1; the missing third is the mean, 0.
    assert X["pupils"].tolist() == pytest.approx([-1, 1, 0])
    assert X["fsm_pct"].tolist() == pytest.approx([-math.sqrt(1.5), math.sqrt(1.5), 0])
    assert X["urban_rural"].tolist() == pytest.approx([1, -1, 0])  # urban 1, rural 0, unknown the mean
    assert X["phase_primary"].tolist() == pytest.approx([1 / math.sqrt(2)] * 2 + [0])
    assert X.attrs["missing"] == 2
    with pytest.raises(ParameterError, match="'colour' is not a column"):
        context_features(schools, ["colour"])


def family_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": list("ABCDEF"),
            "phase": ["primary"] * 4 + ["secondary"] * 2,
            "fsm_pct": [10.0, 11.0, 13.0, 30.0, 10.0, 12.0],
            "easting": [400_000.0, 401_000, 402_000, 403_000, 400_000, 410_000],
            "northing": 300_000.0,
        },
        index=pd.Index([1, 2, 3, 4, 5, 6], name="urn"),
    )


def test_similar_schools_by_hand() -> None:
    family = similar_schools(family_table(), k=2, features=["fsm_pct"])
    mine = family[family["urn"] == 1]
    assert mine["similar"].tolist() == [2, 3]  # FSM 11 and 13 are nearest to 10; 30 is far
    assert mine["rank"].tolist() == [1, 2]
    assert mine["km"].tolist() == pytest.approx([1.0, 2.0])
    # Secondary schools are compared only with each other.
    assert family.loc[family["urn"] == 5, "similar"].tolist() == [6]
    everyone = similar_schools(family_table(), k=1, features=["fsm_pct"], same_phase=False)
    assert everyone.loc[everyone["urn"] == 5, "similar"].tolist() == [1]  # same FSM, other phase
    assert not family["partners"].any()
    with pytest.raises(ParameterError, match="k=0"):
        similar_schools(family_table(), k=0)


def test_similar_not_connected_leaves_out_partners_and_far_schools() -> None:
    G = nx.Graph()
    for urn, row in family_table().iterrows():
        G.add_node(urn, **row.to_dict())
    G.add_edge(1, 2, kind="cluster")
    candidates = similar_not_connected(G, k=2, max_km=1.5, features=["fsm_pct"])
    pairs = set(zip(candidates["urn"], candidates["similar"], strict=True))
    assert (1, 2) not in pairs  # already partners
    assert (2, 3) in pairs and (1, 3) not in pairs  # 1 and 3 are 2 km apart
    assert (candidates["urn"] < candidates["similar"]).all()


def test_families_on_the_sample(sample_network: nx.MultiGraph) -> None:
    family = similar_schools(sample_network, k=3)
    nodes = schoolnet.nodes_frame(sample_network)
    # Every phase has more than 3 schools but all-through, which has 2 (data/README.md): each school has 3
    # similar schools, an all-through school 1.
    sizes = family.groupby("urn").size()
    assert len(sizes) == len(nodes)
    assert sizes.to_dict() == {u: 1 if p == "all-through" else 3 for u, p in nodes["phase"].items()}
    phases = nodes["phase"].reindex(family["urn"]).to_numpy() == nodes["phase"].reindex(family["similar"]).to_numpy()
    assert phases.all()
    tied = {frozenset(e) for e in sample_network.edges()}
    expected = [frozenset((u, v)) in tied for u, v in zip(family["urn"], family["similar"], strict=True)]
    assert family["partners"].tolist() == expected


# ---------------------------------------------------------------------------
# Equal distances go to the lower URN
# ---------------------------------------------------------------------------


def identical_primaries(order: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"name": [f"School {u}" for u in order], "phase": "primary", "pupils": 200, "fsm_pct": 20.0},
        index=pd.Index(order, name="urn"),
    )


@pytest.mark.parametrize(
    "order", [list(range(101, 131)), list(range(130, 100, -1)), [*range(115, 131), *range(101, 115)]]
)
def test_identical_schools_take_the_lowest_urns(order: list[int]) -> None:
    # 30 primaries alike in every feature: all at distance 0 from each other, so each school's two most similar
    # are the two lowest URNs other than its own, whatever the order of the rows.
    family = similar_schools(identical_primaries(order), k=2, features=["pupils", "fsm_pct"])
    chosen = family.groupby("urn")["similar"].apply(list)
    assert chosen.loc[120] == [101, 102]
    assert chosen.loc[101] == [102, 103]
    assert chosen.loc[102] == [101, 103]
    assert (chosen.drop([101, 102]).map(tuple) == (101, 102)).all()
    assert (family["context_distance"] == 0).all()
    assert family["rank"].tolist() == [1, 2] * 30


def test_a_tie_at_the_last_place_goes_to_the_lower_urn() -> None:
    # School 50 has FSM 10. School 60 (FSM 11) is nearest; then 70, 40 and 80 tie (FSM 30 each): k=2 takes 60
    # and the lowest of the three, 40. School 90 (FSM 50) is farthest. The rows are in no particular order.
    schools = pd.DataFrame(
        {"phase": "primary", "fsm_pct": [30.0, 50.0, 10.0, 30.0, 11.0, 30.0]},
        index=pd.Index([70, 90, 50, 40, 60, 80], name="urn"),
    )
    family = similar_schools(schools, k=2, features=["fsm_pct"])
    assert family.loc[family["urn"] == 50, "similar"].tolist() == [60, 40]
    # From 70: 40 and 80 at distance 0, then 60, 50 and 90: the tie at 0 goes to 40, then 80.
    assert family.loc[family["urn"] == 70, "similar"].tolist() == [40, 80]
    # From 90: 70, 40 and 80 tie nearest (20 apart); 40 and 70 are the lower URNs.
    assert family.loc[family["urn"] == 90, "similar"].tolist() == [40, 70]


def test_ties_between_different_contexts_go_to_the_lower_urn() -> None:
    # Seven schools of seven religious characters: one-hot columns scaled by 1/sqrt(2), so any two different
    # characters are equally far apart, sqrt(1/2 + 1/2). Every school's three most similar are the three lowest
    # URNs other than its own, although they are seven different contexts.
    urns = [17, 12, 16, 11, 15, 13, 14]
    schools = pd.DataFrame(
        {"phase": "primary", "religious_character": list("ABCDEFG")}, index=pd.Index(urns, name="urn")
    )
    family = similar_schools(schools, k=3, features=["religious_character"])
    chosen = family.groupby("urn")["similar"].apply(list)
    assert chosen.loc[11] == [12, 13, 14]
    assert chosen.loc[12] == [11, 13, 14]
    assert chosen.loc[17] == [11, 12, 13]
    assert family["context_distance"].to_numpy() == pytest.approx(1.0)


def brute_force_families(schools: pd.DataFrame, k: int, features: list[str]) -> dict[object, list[object]]:
    """Each school's k most similar of its phase, by comparing it with every other: by distance, then URN."""
    X = context_features(schools, features).to_numpy(dtype=float)
    urns = schools.index.to_numpy()
    phase = schools["phase"].to_numpy()
    out = {}
    for i in range(len(schools)):
        others = [j for j in range(len(schools)) if j != i and phase[j] == phase[i]]
        dist = [float(np.linalg.norm(X[[j]] - X[[i]], axis=1)[0]) for j in others]
        ranked = sorted(zip(dist, urns[others], strict=True), key=lambda t: (t[0], t[1]))
        if ranked:
            out[urns[i]] = [u for _, u in ranked[:k]]
    return out


@settings(max_examples=80, deadline=None)
@given(
    st.integers(2, 40).flatmap(
        lambda n: st.tuples(
            st.permutations(list(range(1, n + 1))),
            st.lists(st.sampled_from([0.0, 10.0, 20.0, np.nan]), min_size=n, max_size=n),
            st.lists(st.sampled_from([100, 200, 400]), min_size=n, max_size=n),
            st.lists(st.sampled_from(["primary", "secondary"]), min_size=n, max_size=n),
            st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=n, max_size=n),
        )
    ),
    st.integers(1, 6),
)
def test_similar_schools_agree_with_brute_force(case: tuple, k: int) -> None:
    urns, fsm, pupils, phase, character = case
    schools = pd.DataFrame(
        {"fsm_pct": fsm, "pupils": pupils, "phase": phase, "religious_character": character},
        index=pd.Index(urns, name="urn"),
    )
    features = ["fsm_pct", "pupils", "phase", "religious_character"]
    family = similar_schools(schools, k=k, features=features)
    assert family.groupby("urn")["similar"].apply(list).to_dict() == brute_force_families(schools, k, features)


# ---------------------------------------------------------------------------
# Schools without coordinates
# ---------------------------------------------------------------------------


def test_a_pair_at_an_unknown_distance_is_counted_not_taken_as_far() -> None:
    # fsm 10, 10, 30, 30: standardised -1, -1, +1, +1. With k=2 the families are 1: [2, 3], 2: [1, 3], 3: [4, 1]
    # and 4: [3, 1] (ties to the lower URN). 1 and 2 are partners. Cedar (3) has no coordinates, so the pairs
    # 1-3, 2-3 and 3-4 are at an unknown distance; 1-4 is 30 km apart, beyond 15.
    schools = pd.DataFrame(
        {
            "name": ["Ash", "Beech", "Cedar", "Damson"],
            "phase": "primary",
            "fsm_pct": [10.0, 10.0, 30.0, 30.0],
            "easting": [0.0, 1000.0, np.nan, 30000.0],
            "northing": 0.0,
        },
        index=pd.Index([1, 2, 3, 4], name="urn"),
    )
    G = nx.Graph([(1, 2)])
    G.add_nodes_from(schools.to_dict("index").items())
    candidates = similar_not_connected(G, k=2, max_km=15, features=["fsm_pct"])
    assert candidates.empty
    assert candidates.attrs["unknown_distance"] == 3
    family = similar_schools(G, k=2, features=["fsm_pct"])
    assert family.loc[family["similar"] == 3, "km"].isna().all()


# ---------------------------------------------------------------------------
# The sample county
# ---------------------------------------------------------------------------


def test_similar_not_connected_on_the_sample(sample_network: nx.MultiGraph) -> None:
    candidates = similar_not_connected(sample_network, k=5, max_km=10)
    family = similar_schools(sample_network, k=5)
    assert len(candidates) > 0
    assert (candidates["km"] <= 10).all() and not candidates["partners"].any()
    assert (candidates["urn"] < candidates["similar"]).all()
    # exactly the pairs of the families within 10 km that are not tied, each once
    near = family[(family["km"] <= 10) & ~family["partners"]]
    expected = {tuple(sorted(p)) for p in zip(near["urn"], near["similar"], strict=True)}
    assert set(zip(candidates["urn"], candidates["similar"], strict=True)) == expected
    assert candidates.attrs["unknown_distance"] == 0  # every sample school has coordinates


def test_lexsorted_orders_as_numpy_lexsort_by_hand() -> None:
    # By the first key, then the value, then the last key: (0, 0.5, 2) < (0, 0.5, 3) < (1, -1.0, 1) < (1, 0.5, 0).
    first, value, last = np.array([1, 0, 1, 0]), np.array([0.5, 0.5, -1.0, 0.5]), np.array([0, 3, 1, 2])
    assert lexsorted(first, value, last).tolist() == [3, 1, 2, 0]
    # Equal keys keep their order; NaN goes last and -0.0 equals 0.0, as in numpy.lexsort.
    value = np.array([np.nan, 0.0, -0.0, 0.0])
    assert lexsorted(np.zeros(4, int), value, np.zeros(4, int)).tolist() == [1, 2, 3, 0]
    assert lexsorted(np.zeros(0, int), np.zeros(0), np.zeros(0, int)).tolist() == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),
            st.sampled_from([0.0, -0.0, 1.5, -2.0, math.nan, math.inf, -math.inf, 1e-300]),
            st.integers(0, 6),
        ),
        max_size=40,
    ),
    st.booleans(),
)
def test_lexsorted_agrees_with_numpy_lexsort(rows: list[tuple[int, float, int]], huge: bool) -> None:
    first = np.array([r[0] for r in rows], dtype=np.int64)
    value = np.array([r[1] for r in rows], dtype=float)
    # Keys too wide to be made one integer take numpy's lexsort itself.
    last = np.array([r[2] for r in rows], dtype=np.int64) * (2**40 if huge else 1)
    assert lexsorted(first, value, last).tolist() == np.lexsort((last, value, first)).tolist()
