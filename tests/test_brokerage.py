from __future__ import annotations

import itertools
import warnings

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet.brokering.brokerage import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    _solve_networkx,
    _solve_scipy,
    assign_supporters,
    candidate_pairs,
    capacities,
    recommend_supporters,
)
from schoolnet.errors import MissingCoordinatesError, ParameterError
from schoolnet.plot.support import plot_assignment

# ---------------------------------------------------------------------------
# Recommendations: eligibility and scores
# ---------------------------------------------------------------------------


def county() -> nx.MultiGraph:
    """School 1 (primary, requires improvement) at the origin, and possible supporters around it."""
    rows = [
        # urn, phase, ofsted, designations, km east of school 1
        (1, "primary", "requires improvement", "", 0),
        (2, "primary", "good", "", 1),  # eligible
        (3, "secondary", "outstanding", "", 1),  # other phase
        (4, "secondary", "good", "NLE", 2),  # other phase, but an NLE spans phases
        (5, "primary", "requires improvement", "", 1),  # not strong and not designated
        (6, "primary", "requires improvement", "LLE", 3),  # designated
        (7, "primary", "good", "", 30),  # too far
        (8, "primary", "good", "", 4),  # supports school 1 already
        (9, "all-through", "good", "", 3),  # all-through serves primary pupils
    ]
    schools = pd.DataFrame(
        {
            "urn": [r[0] for r in rows],
            "name": [f"School {r[0]}" for r in rows],
            "phase": [r[1] for r in rows],
            "ofsted": [r[2] for r in rows],
            "designations": [r[3] for r in rows],
            "easting": [400_000 + 1_000 * r[4] for r in rows],
            "northing": 300_000,
            "pupils": 200,
            "fsm_pct": 20.0,
        }
    )
    # A cluster of 2 to 9 keeps the possible supporters from being isolated, so in need; 1 is in no cluster.
    groups = pd.DataFrame({"group_id": ["T1", "C1"], "kind": ["trust", "cluster"]})
    members = pd.DataFrame({"group_id": ["T1", "T1"] + ["C1"] * 8, "urn": [1, 2, *range(2, 10)]})
    support = pd.DataFrame({"supporter_urn": [8, 6], "supported_urn": [1, 5], "start": ["2024-01-01", "2024-01-01"]})
    return schoolnet.build_network(schoolnet.Tables.from_frames(schools, groups, members, support), as_of="2025-01-01")


def test_eligibility_rules() -> None:
    # 6, an LLE that requires improvement, is in need itself: it supports no one unless that is allowed.
    assert sorted(recommend_supporters(county(), [1], top=None)["supporter"]) == [2, 4, 9]
    table = recommend_supporters(county(), [1], top=None, allow_in_need=True)
    assert sorted(table["supporter"]) == [2, 4, 6, 9]


def test_each_component_by_hand() -> None:
    G = county()
    table = recommend_supporters(G, [1], top=None, allow_in_need=True).set_index("supporter")
    w = DEFAULT_WEIGHTS
    # School 2: good (0.6), no designation (0): strength (0.6 + 0) / 2 = 0.3. Same context: similarity 1.
    # 1 km of 20: distance 0.95. Same trust (strength 2 of 3): ties 2/3. No support given yet: load 1.
    expected = {"strength": 0.3, "similarity": 1.0, "distance": 0.95, "ties": 2 / 3, "load": 1.0}
    for name, value in expected.items():
        assert table.loc[2, name] == pytest.approx(w[name] * value)
    assert table.loc[2, "score"] == pytest.approx(sum(w[n] * v for n, v in expected.items()))
    # School 6: requires improvement (0.2), LLE (0.6): strength 0.4; 3 km: 0.85; no ties;
    # it supports school 5 already and an LLE can support 2: load 1 - 1/2.
    assert table.loc[6, "strength"] == pytest.approx(w["strength"] * 0.4)
    assert table.loc[6, "distance"] == pytest.approx(w["distance"] * 0.85)
    assert table.loc[6, "ties"] == 0
    assert table.loc[6, "load"] == pytest.approx(w["load"] * 0.5)
    # Phase is part of the context: an all-through school is less like a primary than another primary.
    assert table.loc[9, "similarity"] < table.loc[2, "similarity"]
    assert (table[list(COMPONENTS)].sum(axis=1) - table["score"]).abs().max() < 1e-12
    assert table.sort_values("rank").index[0] == 2
    assert table["rank"].tolist() == table["score"].rank(ascending=False, method="first").astype(int).tolist()


def test_weights_change_the_ranking() -> None:
    G = county()
    by_distance = recommend_supporters(
        G, [1], top=None, score_weights={"strength": 0, "similarity": 0, "ties": 0, "load": 0}, allow_in_need=True
    )
    assert by_distance.sort_values("rank")["supporter"].tolist() == [2, 4, 6, 9]  # 1, 2, 3 and 3 km
    with pytest.raises(ParameterError, match=r"score_weights=\{'charm': ...\}: unknown key"):
        recommend_supporters(G, [1], score_weights={"charm": 1})
    with pytest.raises(ParameterError, match="max_km=0"):
        recommend_supporters(G, [1], max_km=0)
    with pytest.raises(ParameterError, match="top=0"):
        recommend_supporters(G, [1], top=0)
    with pytest.raises(ParameterError, match="99 is not a school"):
        recommend_supporters(G, [99])


def test_capacities_by_designation_and_load() -> None:
    table = capacities(county(), {2: 5})
    assert table.loc[[2, 3, 4, 6, 9], "capacity"].tolist() == [5, 1, 3, 2, 1]
    assert table.loc[[1, 5], "capacity"].tolist() == [0, 0]  # not eligible
    assert table.loc[[6, 8], "current"].tolist() == [1, 1]
    assert table.loc[8, "remaining"] == 0
    with pytest.raises(ParameterError, match="whole numbers"):
        capacities(county(), {2: -1})
    with pytest.raises(ParameterError, match="77 is not a school"):
        capacities(county(), {77: 1})


def test_no_coordinates() -> None:
    G = nx.MultiGraph()
    G.add_node(1, ofsted="inadequate", name="a")
    G.add_node(2, ofsted="good", name="b")
    with pytest.raises(MissingCoordinatesError):
        recommend_supporters(G, [1])


def test_weights_is_the_deprecated_name_of_score_weights() -> None:
    G = county()
    by_distance = {"strength": 0, "similarity": 0, "ties": 0, "load": 0}
    with pytest.deprecated_call(match=r"recommend_supporters\(weights=...\) is deprecated: pass score_weights"):
        old = recommend_supporters(G, [1], top=None, weights=by_distance)
    pd.testing.assert_frame_equal(old, recommend_supporters(G, [1], top=None, score_weights=by_distance))
    need = pd.Series({1: True})
    with pytest.deprecated_call(match=r"assign_supporters\(weights=...\)"):
        old_round = assign_supporters(G, need=need, weights=by_distance)
    pd.testing.assert_frame_equal(old_round.pairs, assign_supporters(G, need=need, score_weights=by_distance).pairs)
    with pytest.deprecated_call(match=r"candidate_pairs\(weights=...\)"):
        candidate_pairs(G, pd.Index([1]), max_km=20, weights=by_distance)
    with pytest.raises(ParameterError, match="give score_weights= only"):
        recommend_supporters(G, [1], score_weights=by_distance, weights=by_distance)


def test_need_is_worked_out_once_and_only_when_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    G = county()
    calls = []
    measure = schoolnet.measures.need.isolation

    def counted(*args, **kwargs):
        calls.append(1)
        return measure(*args, **kwargs)

    monkeypatch.setattr(schoolnet.measures.need, "isolation", counted)
    need = schoolnet.in_need(G)
    assert len(calls) == 1
    given = assign_supporters(G, need=need)
    chosen = recommend_supporters(G, need=need, top=None)
    assert len(calls) == 1  # given need, neither measures isolation again
    default = assign_supporters(G)
    assert len(calls) == 2  # without it, once
    pd.testing.assert_frame_equal(given.pairs, default.pairs)
    pd.testing.assert_frame_equal(chosen, recommend_supporters(G, top=None, need=None))
    # need= picks the same schools as naming them
    named = recommend_supporters(G, need[need].index, top=None)
    pd.testing.assert_frame_equal(chosen, named)
    with pytest.raises(ParameterError, match="urns= and need=: give one of them"):
        recommend_supporters(G, [1], need=need)


def test_a_supporter_without_coordinates_is_at_an_unknown_distance() -> None:
    # School 1 needs support; 2 (good, 1 km) is its only eligible supporter with coordinates. Without them, 2 is
    # not within 20 km, nor beyond: it is at an unknown distance, and the reason says so.
    G = county()
    only = pd.Series({1: True})
    capacity = {4: 0, 6: 0, 9: 0}
    assert assign_supporters(G, need=only, capacity=capacity).pairs["supporter"].tolist() == [2]
    for school in (2, 4, 6, 9):
        G.nodes[school]["easting"] = None
    result = assign_supporters(G, need=only, capacity=capacity)
    # 2, 4, 6 and 9 would be eligible (8 supports 1 already, 3 is of another phase, 5 is not strong; 7 is 30 km).
    assert result.unmatched["reason"].tolist() == [
        "no eligible supporter within 20 km, and 4 at an unknown distance (no coordinates)"
    ]
    assert recommend_supporters(G, [1], top=None).empty
    G.nodes[1]["northing"] = float("nan")
    assert assign_supporters(G, need=only).unmatched["reason"].tolist() == [
        "no coordinates, so no known distance to any supporter"
    ]


# ---------------------------------------------------------------------------
# Assignment: optimality and constraints
# ---------------------------------------------------------------------------


def brute_force(pairs: pd.DataFrame, remaining: pd.Series) -> tuple[int, int]:
    """The best (matched, total score in millionths) over every feasible assignment."""
    schools = sorted(pairs["urn"].unique())
    options = {u: [(None, 0)] + [(s, round(sc * 1e6)) for s, sc in zip(g["supporter"], g["score"], strict=True)]
               for u, g in pairs.groupby("urn")}  # fmt: skip
    best = (0, 0)
    for choice in itertools.product(*(options[u] for u in schools)):
        used = pd.Series([s for s, _ in choice if s is not None], dtype=object).value_counts()
        if all(n <= remaining.get(s, 0) for s, n in used.items()):
            value = (sum(1 for s, _ in choice if s is not None), sum(c for _, c in choice))
            best = max(best, value)
    return best


def objective(pairs: pd.DataFrame, chosen: np.ndarray) -> tuple[int, int]:
    picked = pairs.iloc[chosen]
    return len(picked), int(np.round(picked["score"] * 1e6).sum())


def random_round(seed: int) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    need, supporters = [f"n{i}" for i in range(5)], [f"s{i}" for i in range(4)]
    rows = [(u, s, float(rng.random())) for u in need for s in supporters if rng.random() < 0.5]
    pairs = pd.DataFrame(rows, columns=["urn", "supporter", "score"])
    remaining = pd.Series(rng.integers(0, 3, len(supporters)), index=supporters)
    return pairs, remaining


@pytest.mark.parametrize("seed", range(25))
def test_both_solvers_reach_the_brute_force_optimum(seed: int) -> None:
    pairs, remaining = random_round(seed)
    if pairs.empty:
        return
    best = brute_force(pairs, remaining)
    assert objective(pairs, _solve_networkx(pairs, remaining)) == best
    assert objective(pairs, _solve_scipy(pairs, remaining)) == best


def test_matching_more_schools_comes_before_a_higher_score() -> None:
    # One supporter with one place, two schools: a and b. b scores higher with it, but a has no other option
    # while b has a weaker one: both are matched only if a takes the strong supporter.
    pairs = pd.DataFrame({"urn": ["a", "b", "b"], "supporter": ["s", "s", "t"], "score": [0.1, 0.9, 0.2]})
    remaining = pd.Series({"s": 1, "t": 1})
    for solve in (_solve_scipy, _solve_networkx):
        picked = pairs.iloc[solve(pairs, remaining)]
        assert sorted(zip(picked["urn"], picked["supporter"], strict=True)) == [("a", "s"), ("b", "t")]


def federation_round() -> nx.MultiGraph:
    """Schools 1 and 3 need support; 2 and 4, good primaries, could give it; 1 and 2 are federated.

    All four are primaries of the same size and FSM, on a line: 1 at 0 km, 2 at 5 km east, 3 at 10 km, and 4 at
    15 km west, so 25 km from 3, beyond the 20 km limit.
    """
    rows = [(1, "requires improvement", 0), (2, "good", 5), (3, "requires improvement", 10), (4, "good", -15)]
    schools = pd.DataFrame(
        {
            "urn": [r[0] for r in rows],
            "name": [f"School {r[0]}" for r in rows],
            "phase": "primary",
            "ofsted": [r[1] for r in rows],
            "easting": [400_000 + 1_000 * r[2] for r in rows],
            "northing": 300_000,
            "pupils": 200,
            "fsm_pct": 20.0,
        }
    )
    groups = pd.DataFrame({"group_id": ["F1"], "kind": ["federation"]})
    members = pd.DataFrame({"group_id": ["F1", "F1"], "urn": [1, 2]})
    return schoolnet.build_network(schoolnet.Tables.from_frames(schools, groups, members), as_of="2025-01-01")


@pytest.mark.parametrize("solver", ["scipy", "networkx"])
def test_a_heavy_weight_on_ties_does_not_cost_a_match(solver: str) -> None:
    G = federation_round()
    need = pd.Series({1: True, 3: True})
    # Weights: strength 0.3, similarity 0.25, distance 0.25, ties 10, load 0.1. Every pair: strength
    # (good 0.6 + no designation 0) / 2 = 0.3, weighted 0.09; the same context: similarity 1, 0.25; no support
    # given yet: load 1, 0.1. That is 0.44, plus distance and ties:
    #   1-2: 5 km, 1 - 5/20 = 0.75, 0.1875; federated, 3/3 = 1, 10.  Score 10.6275.
    #   1-4: 15 km, 0.25, 0.0625; no tie.                              Score 0.5025.
    #   3-2: 5 km, 0.1875; no tie.                                      Score 0.6275.
    #   3-4: 25 km, beyond 20: not a candidate.
    # 2 and 4 have one place each. 1-2 alone scores most, but leaves 3 without: 1-4 and 3-2 match both.
    # 4 has no partnership, so by the default definition it is in need: allowed here, as need says it is not.
    table = recommend_supporters(G, [1, 3], top=None, score_weights={"ties": 10}, allow_in_need=True)
    scores = dict(zip(zip(table["urn"], table["supporter"], strict=True), table["score"], strict=True))
    assert scores == pytest.approx({(1, 2): 10.6275, (1, 4): 0.5025, (3, 2): 0.6275})
    result = assign_supporters(G, need=need, score_weights={"ties": 10}, solver=solver)  # type: ignore[arg-type]
    assert list(zip(result.pairs["urn"], result.pairs["supporter"], strict=True)) == [(1, 4), (3, 2)]
    assert result.summary["total score"] == pytest.approx(0.5025 + 0.6275)
    assert result.unmatched.empty


@pytest.mark.parametrize("solver", ["scipy", "networkx"])
def test_a_pair_scoring_exactly_two_is_matched(solver: str) -> None:
    G = federation_round()
    # Similarity alone, weighted 2: schools alike in context have similarity 1, so 3-2 scores exactly 2.
    weights = {"strength": 0, "similarity": 2, "distance": 0, "ties": 0, "load": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = assign_supporters(G, need=pd.Series({3: True}), score_weights=weights, solver=solver)  # type: ignore[arg-type]
    assert result.pairs[["urn", "supporter", "score"]].to_numpy().tolist() == [[3, 2, 2.0]]


def brute_force_any(pairs: pd.DataFrame, remaining: pd.Series) -> tuple[int, float]:
    """The best (matched, total score) over every feasible assignment, in floats."""
    schools = sorted(pairs["urn"].unique())
    options = {u: [(None, 0.0), *zip(g["supporter"], g["score"], strict=True)] for u, g in pairs.groupby("urn")}
    best = (0, 0.0)
    for choice in itertools.product(*(options[u] for u in schools)):
        used = pd.Series([s for s, _ in choice if s is not None], dtype=object).value_counts()
        if all(n <= remaining.get(s, 0) for s, n in used.items()):
            best = max(best, (sum(1 for s, _ in choice if s is not None), float(sum(c for _, c in choice))))
    return best


@st.composite
def solver_rounds(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.Series]:
    """Up to 5 schools in need, 3 supporters, and scores in [0, 1] times a scale from a billionth to a billion."""
    n_need, n_supporters = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    links = draw(
        st.lists(
            st.tuples(st.integers(0, n_need - 1), st.integers(0, n_supporters - 1)),
            min_size=1,
            max_size=10,
            unique=True,
        )
    )
    scale = draw(st.sampled_from([1e-9, 1e-3, 1.0, 2.0, 40.0, 1e6, 1e9]))
    scores = draw(
        st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0]) | st.floats(0, 1), min_size=len(links), max_size=len(links))
    )
    pairs = pd.DataFrame(
        {
            "urn": [f"n{a}" for a, _ in links],
            "supporter": [f"s{b}" for _, b in links],
            "score": np.array(scores) * scale,
        }
    )
    remaining = pd.Series(draw(st.lists(st.integers(0, 2), min_size=n_supporters, max_size=n_supporters)))
    remaining.index = [f"s{b}" for b in range(n_supporters)]
    return pairs, remaining


@settings(max_examples=300, deadline=None)
@given(solver_rounds())
def test_scipy_and_networkx_reach_the_brute_force_optimum_at_any_scale(case: tuple[pd.DataFrame, pd.Series]) -> None:
    pairs, remaining = case
    matched, total = brute_force_any(pairs, remaining)
    # Costs are whole millionths of the spread of scores: each pair may be off the exact optimum by half of one.
    slack = len(pairs["urn"].unique()) * np.ptp(pairs["score"].to_numpy()) * 1e-6
    for solve in (_solve_scipy, _solve_networkx):
        picked = pairs.iloc[solve(pairs, remaining)]
        assert len(picked) == matched
        assert picked["urn"].is_unique
        assert float(picked["score"].sum()) == pytest.approx(total, rel=1e-9, abs=slack)


def test_assignment_on_the_sample(sample_network: nx.MultiGraph) -> None:
    need = schoolnet.in_need(sample_network)
    a = assign_supporters(sample_network, need=need)
    b = assign_supporters(sample_network, need=need, solver="networkx")
    # As many matched as the maximum flow through the eligible pairs, built here independently of both solvers.
    every_pair = candidate_pairs(sample_network, need.index[need], max_km=20)
    room = capacities(sample_network)
    F = nx.DiGraph()
    for u, s in zip(every_pair["urn"], every_pair["supporter"], strict=True):
        F.add_edge("source", ("n", u), capacity=1)
        F.add_edge(("n", u), ("s", s), capacity=1)
        F.add_edge(("s", s), "sink", capacity=int(room.loc[s, "remaining"]))
    assert a.summary["matched"] == nx.maximum_flow_value(F, "source", "sink")
    assert a.summary["matched"] == b.summary["matched"]
    assert a.summary["total score"] == pytest.approx(b.summary["total score"], abs=1e-5)
    every = recommend_supporters(sample_network, top=None)
    merged = a.pairs.merge(every, on=["urn", "supporter"], suffixes=("", "_all"))
    assert len(merged) == len(a.pairs)
    assert np.allclose(merged["score"], merged["score_all"])
    assert len(a.pairs) + len(a.unmatched) == int(schoolnet.in_need(sample_network).sum())
    assert a.pairs["urn"].is_unique
    room = capacities(sample_network)
    used = a.pairs["supporter"].value_counts()
    assert (used <= room.loc[used.index, "remaining"]).all()
    assert "Brokered support" in a._repr_html_() and repr(a).startswith("Assignment(")


def test_unmatched_reasons() -> None:
    G = county()
    # Only school 1 is in need; with capacity 0 everywhere its supporters are already full.
    full = assign_supporters(G, need=pd.Series({1: True}), capacity={2: 0, 4: 0, 6: 1, 9: 0})
    assert full.unmatched["reason"].tolist() == ["all 4 eligible supporters were already at capacity"]
    assert full.unmatched["candidates"].tolist() == [4]
    near = assign_supporters(G, need=pd.Series({1: True}), max_km=0.5)
    assert near.unmatched["reason"].tolist() == ["no eligible supporter within 0.5 km"]
    # Two schools in need, one supporter with one place: the other is left after this round.
    both = assign_supporters(G, need=pd.Series({1: True, 5: True}), capacity={2: 1, 4: 0, 6: 1, 9: 0})
    assert len(both.pairs) == 1
    assert both.unmatched["reason"].str.contains("at capacity after this round").all()
    with pytest.raises(ParameterError, match="solver='magic'"):
        assign_supporters(G, solver="magic")  # type: ignore[arg-type]


@st.composite
def rounds(draw: st.DrawFn) -> nx.MultiGraph:
    n = draw(st.integers(3, 12))
    schools = pd.DataFrame(
        {
            "urn": range(1, n + 1),
            "name": [f"S{i}" for i in range(1, n + 1)],
            "phase": draw(st.lists(st.sampled_from(["primary", "secondary", "all-through"]), min_size=n, max_size=n)),
            "ofsted": draw(
                st.lists(
                    st.sampled_from(["outstanding", "good", "requires improvement", "inadequate"]),
                    min_size=n,
                    max_size=n,
                )
            ),
            "designations": draw(
                st.lists(st.sampled_from(["", "", "NLE", "LLE", "teaching school"]), min_size=n, max_size=n)
            ),
            "easting": draw(st.lists(st.floats(400_000, 430_000), min_size=n, max_size=n)),
            "northing": draw(st.lists(st.floats(300_000, 330_000), min_size=n, max_size=n)),
        }
    )
    pairs = draw(st.lists(st.tuples(st.integers(1, n), st.integers(1, n)), max_size=4))
    support = pd.DataFrame([(a, b) for a, b in pairs if a != b], columns=["supporter_urn", "supported_urn"])
    support = support.drop_duplicates()
    tables = schoolnet.Tables.from_frames(schools, support=support)
    return schoolnet.build_network(tables, as_of="2025-01-01")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(), st.sampled_from([5.0, 15.0, 40.0]), st.sampled_from(["scipy", "networkx"]))
def test_assignments_never_break_a_constraint(G: nx.MultiGraph, max_km: float, solver: str) -> None:
    need = pd.Series({u: o in ("requires improvement", "inadequate") for u, o in G.nodes(data="ofsted")})
    result = assign_supporters(G, need=need, max_km=max_km, solver=solver)  # type: ignore[arg-type]
    eligible = candidate_pairs(G, need.index[need], max_km=max_km, capacity=None, score_weights=None)
    # A school in need never supports: so no school both gives and receives, and no two support each other.
    allowed = {(u, s) for u, s in zip(eligible["urn"], eligible["supporter"], strict=True) if not need[s]}
    assert set(zip(result.pairs["urn"], result.pairs["supporter"], strict=True)) <= allowed
    assert not set(result.pairs["urn"]) & set(result.pairs["supporter"])
    assert (result.pairs["km"] <= max_km + 1e-9).all()
    room = capacities(G)
    used = result.pairs["supporter"].value_counts()
    assert all(used[s] <= room.loc[s, "remaining"] for s in used.index)
    assert result.pairs["urn"].is_unique
    # As many matched as the maximum flow of the same network, built here independently.
    F = nx.DiGraph()
    for u, s in allowed:
        F.add_edge("source", ("n", u), capacity=1)
        F.add_edge(("n", u), ("s", s), capacity=1)
        F.add_edge(("s", s), "sink", capacity=int(room.loc[s, "remaining"]))
    flow = nx.maximum_flow_value(F, "source", "sink") if allowed else 0
    assert len(result.pairs) == flow


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(), st.dictionaries(st.sampled_from(COMPONENTS), st.sampled_from([0.0, 0.5, 3.0, 10.0, 1e4, 1e8])))
def test_both_solvers_agree_for_large_weights(G: nx.MultiGraph, weights: dict[str, float]) -> None:
    need = pd.Series({u: o in ("requires improvement", "inadequate") for u, o in G.nodes(data="ofsted")})
    a = assign_supporters(G, need=need, max_km=40, score_weights=weights, solver="scipy")
    b = assign_supporters(G, need=need, max_km=40, score_weights=weights, solver="networkx")
    assert len(a.pairs) == len(b.pairs)
    # No score is above the sum of the weights, since each component is at most 1.
    slack = max(len(need), 1) * sum({**DEFAULT_WEIGHTS, **weights}.values()) * 1e-6
    assert a.pairs["score"].sum() == pytest.approx(b.pairs["score"].sum(), rel=1e-9, abs=slack)


@pytest.mark.national
def test_national_assignment(national_network: nx.MultiGraph) -> None:
    need = schoolnet.in_need(national_network)
    result = assign_supporters(national_network, need=need)
    assert len(result.pairs) + len(result.unmatched) == int(need.sum())
    assert len(result.pairs) > 0.9 * need.sum()
    assert (result.pairs["km"] <= 20).all()
    used = result.pairs["supporter"].value_counts()
    room = capacities(national_network)
    assert (used <= room.loc[used.index, "remaining"]).all()


def test_plot_assignment_draws_each_pair(sample_network: nx.MultiGraph) -> None:
    result = assign_supporters(sample_network, max_km=5)
    fig, ax = plot_assignment(result, sample_network)
    by_gid = {c.get_gid(): c for c in ax.collections}
    assert len(by_gid["pairs"].get_segments()) == len(result.pairs)
    assert len(by_gid["supported"].get_offsets()) == len(result.pairs)
    assert len(by_gid["supporters"].get_offsets()) == result.pairs["supporter"].nunique()
    assert len(by_gid["unmatched"].get_offsets()) == len(result.unmatched)
    assert len(by_gid["schools"].get_offsets()) == sample_network.number_of_nodes()
    segment = by_gid["pairs"].get_segments()[0]
    first = result.pairs.iloc[0]
    nodes = schoolnet.nodes_frame(sample_network)
    assert segment[0].tolist() == nodes.loc[first["supporter"], ["easting", "northing"]].tolist()
    assert segment[1].tolist() == nodes.loc[first["urn"], ["easting", "northing"]].tolist()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [f"{gid} ({len(by_gid[gid].get_offsets())})" for gid in ("supporters", "supported", "unmatched")]
    plt.close(fig)


def test_supporters_across_the_border_support_the_focus_schools_only() -> None:
    # School 1 (In, inadequate) and school 2 (Out, inadequate) are in one trust with school 3 (Out, outstanding).
    schools = pd.DataFrame(
        {
            "urn": [1, 2, 3],
            "name": ["A", "B", "C"],
            "la": ["In", "Out", "Out"],
            "phase": ["primary"] * 3,
            "ofsted": ["inadequate", "inadequate", "outstanding"],
            "easting": [400_000, 401_000, 402_000],
            "northing": [300_000] * 3,
        }
    )
    groups = pd.DataFrame({"group_id": ["T"], "kind": ["trust"]})
    memberships = pd.DataFrame({"group_id": ["T"] * 3, "urn": [1, 2, 3]})
    tables = schoolnet.Tables.from_frames(schools, groups, memberships).select(la="In")
    G = schoolnet.build_network(tables, as_of="2025-09-01")
    need = schoolnet.in_need(G, lambda s: s["ofsted"] == "inadequate")
    round_ = schoolnet.assign_supporters(G, need=need)
    # 2 is in need too, but across the border: only 1 is found a supporter, and it is 3, across the border.
    pairs = round_.pairs
    assert pairs[["urn", "supporter"]].to_numpy().tolist() == [[1, 3]]


def test_the_sample_countys_round_has_no_school_both_giving_and_receiving(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    need = schoolnet.in_need(G)
    round_ = assign_supporters(G, need=need)
    givers, takers = set(round_.pairs["supporter"]), set(round_.pairs["urn"])
    assert round_.summary["matched"] > 0
    assert not givers & takers
    # Every supporter is strong (good or outstanding) or a system leader, and not in need itself.
    leaders = set(schoolnet.system_leaders(G))
    strong = schoolnet.strong(G)
    assert all(strong[s] or s in leaders for s in givers)
    assert not need.reindex(list(givers)).any()
    # Allowed explicitly, schools in need may support again.
    assert set(assign_supporters(G, need=need, allow_in_need=True).pairs["supporter"]) & set(need.index[need])
