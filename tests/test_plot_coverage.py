"""Tests of the reach and coverage plots, on the artists they draw."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

import schoolnet
from schoolnet.errors import MissingCoordinatesError, ParameterError
from schoolnet.plot.base import KIND_COLOURS
from schoolnet.plot.support import COVERAGE_COLOURS, HOP_COLOURS, plot_coverage, plot_reach

from .test_coverage import LEADERS, NEED, tiny_graph


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture
def tiny() -> nx.MultiGraph:
    return tiny_graph()


def by_gid(ax, gid: str):
    found = [a for a in [*ax.collections, *ax.patches, *ax.lines] if a.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


# ---------------------------------------------------------------------------
# plot_reach
# ---------------------------------------------------------------------------


def test_plot_reach_draws_the_leader_the_schools_by_hop_the_ties_and_the_rings(tiny: nx.MultiGraph) -> None:
    _fig, ax = plot_reach(tiny, 1, hops=2, km=(5, 10))
    # from 1: 2 and 4 at one hop, 3 at two; 5, 6, 7 and 8 are further
    assert by_gid(ax, "leader").get_offsets().tolist() == [[0.0, 0.0]]
    assert sorted(map(tuple, by_gid(ax, "hop 1").get_offsets().tolist())) == [(0.0, 4000.0), (3000.0, 0.0)]
    assert by_gid(ax, "hop 2").get_offsets().tolist() == [[6000.0, 0.0]]
    assert len(by_gid(ax, "other schools").get_offsets()) == 4
    assert tuple(by_gid(ax, "hop 1").get_facecolors()[0]) == to_rgba(HOP_COLOURS[0])
    assert tuple(by_gid(ax, "hop 2").get_facecolors()[0]) == to_rgba(HOP_COLOURS[1])
    rings = sorted((p for p in ax.patches if str(p.get_gid()).startswith("ring")), key=lambda p: p.get_radius())
    assert [p.get_gid() for p in rings] == ["ring 5 km", "ring 10 km"]
    assert [p.get_radius() for p in rings] == [5000.0, 10000.0]
    assert all(tuple(p.center) == (0.0, 0.0) for p in rings)
    # ties from one hop to the next: 1-2 twice (cluster and trust), 1-4 and 2-3; not the self-loop on 4
    ties = by_gid(ax, "ties")
    assert len(ties.get_segments()) == 4
    assert {tuple(c) for c in ties.get_colors()} == {
        to_rgba(KIND_COLOURS[k], alpha=0.45) for k in ("cluster", "trust", "alliance")
    }
    assert by_gid(ax, "scale bar").get_label().endswith("km")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["1 hop (2)", "2 hops (1)", "leader", "alliance", "cluster", "trust"]
    assert ax.get_title() == "School 1: 3 schools within 2 hops"
    # the whole of the largest ring is in view
    assert ax.get_xlim()[0] <= -10_000 and ax.get_xlim()[1] >= 10_000
    assert ax.get_aspect() == 1.0


def test_plot_reach_colours_each_hop(tiny: nx.MultiGraph) -> None:
    _, ax = plot_reach(tiny, 6, hops=5, km=())
    # from 6: 5 and 7; then 3; then 2; then 1; then 4
    sizes = [len(by_gid(ax, f"hop {h}").get_offsets()) for h in range(1, 6)]
    assert sizes == [2, 1, 1, 1, 1]
    for h in range(1, 6):
        assert tuple(by_gid(ax, f"hop {h}").get_facecolors()[0]) == to_rgba(HOP_COLOURS[(h - 1) % len(HOP_COLOURS)])
    assert not [p for p in ax.patches if str(p.get_gid()).startswith("ring")]


def test_plot_reach_on_given_axes(tiny: nx.MultiGraph) -> None:
    fig, given = plt.subplots()
    out_fig, ax = plot_reach(tiny, 1, ax=given)
    assert ax is given and out_fig is fig


def test_plot_reach_leaves_off_schools_without_coordinates(tiny: nx.MultiGraph) -> None:
    tiny.nodes[4]["easting"] = None
    _, ax = plot_reach(tiny, 1, hops=1)
    assert by_gid(ax, "hop 1").get_offsets().tolist() == [[3000.0, 0.0]]
    assert "(1 without coordinates not shown)" in ax.get_title()
    assert "2 schools within 1 hop " in ax.get_title()


def test_plot_reach_matches_reach_on_the_sample(sample_network: nx.MultiGraph) -> None:
    table = schoolnet.reach(sample_network, hops=(1, 2), km=())
    top = table["hops_2"].idxmax()
    _, ax = plot_reach(sample_network, top, hops=2)
    drawn = [len(by_gid(ax, f"hop {h}").get_offsets()) for h in (1, 2)]
    assert drawn[0] == table.loc[top, "hops_1"]
    assert sum(drawn) == table.loc[top, "hops_2"]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"leader": 99}, ParameterError, r"leader=99: not a school"),
        ({"leader": 1, "hops": -1}, ParameterError, r"hops=-1"),
        ({"leader": 1, "hops": None}, ParameterError, r"hops=None"),
        ({"leader": 1, "km": (5, 0)}, ParameterError, r"km=\(5, 0\)"),
    ],
)
def test_plot_reach_argument_errors(tiny: nx.MultiGraph, kwargs, error, match: str) -> None:
    with pytest.raises(error, match=match):
        plot_reach(tiny, **kwargs)


def test_plot_reach_needs_coordinates() -> None:
    with pytest.raises(MissingCoordinatesError, match="plot_reach needs distances"):
        plot_reach(nx.path_graph(3), 0)
    G = tiny_graph()
    G.nodes[1]["northing"] = None
    with pytest.raises(MissingCoordinatesError, match="the leader 1 has no coordinates"):
        plot_reach(G, 1)


# ---------------------------------------------------------------------------
# plot_coverage
# ---------------------------------------------------------------------------


def bars(ax, gid: str) -> list:
    return [p for p in ax.patches if p.get_gid() == gid]


def test_plot_coverage_draws_covered_and_uncovered_bars_worst_first(tiny: nx.MultiGraph) -> None:
    table = schoolnet.coverage(tiny, leaders=LEADERS, need=NEED, hops=1, km=5)
    _fig, ax = plot_coverage(table)
    covered, uncovered = bars(ax, "covered"), bars(ax, "uncovered")
    assert len(covered) == len(uncovered) == len(table) == 2
    assert [p.get_width() for p in covered] == table["covered"].tolist()
    assert [p.get_width() for p in uncovered] == table["uncovered"].tolist()
    # uncovered bars stack on the covered ones
    assert [p.get_x() for p in uncovered] == table["covered"].tolist()
    assert {tuple(p.get_facecolor()) for p in covered} == {to_rgba(COVERAGE_COLOURS["covered"])}
    assert {tuple(p.get_facecolor()) for p in uncovered} == {to_rgba(COVERAGE_COLOURS["uncovered"])}
    # the worst area is drawn at the top
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table.index)
    assert ax.yaxis_inverted()
    assert covered[0].get_y() < covered[1].get_y()


def test_plot_coverage_on_the_sample(sample_network: nx.MultiGraph) -> None:
    table = schoolnet.coverage(sample_network)
    _, ax = plot_coverage(table)
    assert [p.get_width() for p in bars(ax, "uncovered")] == table["uncovered"].tolist()
    assert ax.get_yticklabels()[0].get_text() == "Fellside"


def test_plot_coverage_shows_the_worst_areas_only(tiny: nx.MultiGraph) -> None:
    table = schoolnet.coverage(tiny, leaders=LEADERS, need=NEED, hops=1, km=5)
    _, ax = plot_coverage(table, top=1)
    assert len(bars(ax, "uncovered")) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == [table.index[0]]
    assert "the 1 worst of 2" in ax.get_title()


def test_plot_coverage_labels_areas_of_several_columns(tiny: nx.MultiGraph) -> None:
    table = schoolnet.coverage(tiny, by=["district", "phase"], leaders=LEADERS, need=NEED)
    _, ax = plot_coverage(table, top=None)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(table)
    assert "South / primary" in labels


def test_plot_coverage_on_given_axes(tiny: nx.MultiGraph) -> None:
    fig, given = plt.subplots()
    table = schoolnet.coverage(tiny, leaders=LEADERS, need=NEED)
    out_fig, ax = plot_coverage(table, ax=given)
    assert ax is given and out_fig is fig


@pytest.mark.parametrize(
    ("table", "kwargs", "match"),
    [
        (pd.DataFrame({"covered": [1]}), {}, r"table: no column 'uncovered'"),
        (pd.DataFrame({"covered": [1], "uncovered": [0]}), {"top": 0}, r"top=0"),
        (pd.DataFrame({"covered": [1], "uncovered": [0]}), {"top": 2.5}, r"top=2.5"),
    ],
)
def test_plot_coverage_argument_errors(table: pd.DataFrame, kwargs, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        plot_coverage(table, **kwargs)


def test_plot_coverage_of_an_empty_table() -> None:
    empty = pd.DataFrame({"covered": np.array([], dtype=int), "uncovered": np.array([], dtype=int)})
    _, ax = plot_coverage(empty)
    assert not bars(ax, "covered")
