from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.plot import KIND_COLOURS, PHASE_COLOURS, add_scale_bar, map_axes, plot_isolation, plot_network


def collection(ax, gid: str):
    return next(c for c in ax.collections if c.get_gid() == gid)


@pytest.fixture
def small() -> nx.MultiGraph:
    G = nx.MultiGraph()
    G.add_node(1, easting=0.0, northing=0.0, phase="primary")
    G.add_node(2, easting=3000.0, northing=4000.0, phase="secondary")
    G.add_node(3, easting=6000.0, northing=0.0, phase="special")
    G.add_node(4, phase="primary")  # no coordinates
    G.add_edge(1, 2, key="C", kind="cluster")
    G.add_edge(1, 2, key="T", kind="trust")
    G.add_edge(2, 3, key="S", kind="support")
    G.add_edge(3, 4, key="C", kind="cluster")
    return G


def test_plot_network_draws_each_school_and_tie(small: nx.MultiGraph) -> None:
    fig, ax = plot_network(small)
    points = collection(ax, "schools")
    assert np.array_equal(points.get_offsets(), [[0, 0], [3000, 4000], [6000, 0]])
    assert [to_hex(c) for c in points.get_facecolors()] == [
        PHASE_COLOURS["primary"],
        PHASE_COLOURS["secondary"],
        PHASE_COLOURS["special"],
    ]
    ties = collection(ax, "ties")
    assert len(ties.get_segments()) == 3  # the tie to the school without coordinates is not drawn
    assert sorted(to_hex(c) for c in ties.get_colors()) == sorted(
        [KIND_COLOURS["cluster"], KIND_COLOURS["trust"], KIND_COLOURS["support"]]
    )
    assert "(1 without coordinates not shown)" in ax.get_title()
    assert any(line.get_gid() == "scale bar" for line in ax.lines)
    plt.close(fig)


def test_plot_network_filters_kinds_and_rings_schools(small: nx.MultiGraph) -> None:
    fig, ax = plot_network(small, kinds=["cluster"], highlight=[3, 4], node_color_by=None)
    assert len(collection(ax, "ties").get_segments()) == 1
    assert np.array_equal(collection(ax, "highlight").get_offsets(), [[6000, 0]])
    plt.close(fig)


def test_plot_network_on_given_axes(small: nx.MultiGraph) -> None:
    fig, axes = plt.subplots(1, 2)
    out_fig, ax = plot_network(small, ax=axes[1])
    assert out_fig is fig and ax is axes[1]
    assert ax.get_aspect() == 1.0
    plt.close(fig)


def test_plot_network_errors() -> None:
    G = nx.Graph()
    G.add_node(1, easting=0, northing=0)
    with pytest.raises(ParameterError, match="node_color_by='colour'"):
        plot_network(G, node_color_by="colour")


def test_scale_bar_length_is_in_metres() -> None:
    fig, ax = map_axes()
    ax.set_xlim(0, 60_000)
    ax.set_ylim(0, 40_000)
    bar = add_scale_bar(ax)
    xs = bar.get_xdata()
    assert bar.get_label() == "10 km" and xs[1] - xs[0] == pytest.approx(10_000)
    assert add_scale_bar(ax, km=2.5).get_label() == "2.5 km"
    plt.close(fig)


def test_plot_isolation_marks_the_isolated(sample_network: nx.MultiGraph) -> None:
    table = schoolnet.isolation(sample_network)
    fig, ax = plot_isolation(table, G=sample_network)
    marked = collection(ax, "isolated").get_offsets()
    nodes = schoolnet.nodes_frame(sample_network)
    expected = nodes.loc[table.index[table["isolated"]], ["easting", "northing"]].to_numpy()
    assert np.array_equal(np.asarray(marked), expected)
    assert ax.get_title().startswith(f"{int(table['isolated'].sum())} professionally isolated")
    plt.close(fig)


def test_colour_by_any_attribute(sample_network: nx.MultiGraph) -> None:
    fig, ax = plot_network(sample_network, node_color_by="district")
    colours = {to_hex(c) for c in collection(ax, "schools").get_facecolors()}
    assert len(colours) == pd.Series(dict(sample_network.nodes(data="district"))).nunique()
    plt.close(fig)
