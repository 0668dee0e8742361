from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.measures.isolation import ISOLATION_REASONS
from schoolnet.plot.base import BOUNDARY_COLOUR, KIND_COLOURS, PHASE_COLOURS, add_scale_bar, map_axes
from schoolnet.plot.isolation import ISOLATION_COLOURS, plot_isolation
from schoolnet.plot.ties import plot_network

from .conftest import AS_OF


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
    assert "ringed (1)" in [t.get_text() for t in ax.get_legend().get_texts()]  # 4 has no place, so no ring
    plt.close(fig)
    fig, ax = plot_network(small, highlight=[3], highlight_label="no partner")
    assert "no partner (1)" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)


def test_an_area_is_framed_on_its_schools_with_its_partners_grey(sample_tables: schoolnet.Tables) -> None:
    G = schoolnet.build_network(sample_tables.select(district="Saltmere"), as_of=AS_OF)
    nodes = schoolnet.nodes_frame(G)
    focus = nodes[nodes["in_focus"]]
    boundary = nodes[~nodes["in_focus"]]
    fig, ax = plot_network(G)
    assert len(collection(ax, "schools").get_offsets()) == len(focus)
    assert len(collection(ax, "boundary schools").get_offsets()) == len(boundary)
    assert {to_hex(c) for c in collection(ax, "boundary schools").get_facecolors()} == {BOUNDARY_COLOUR}
    # framed on the district's schools: the limits hold them, with the margin of frame_points, not the partners
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < focus["easting"].min() and focus["easting"].max() < x1
    assert y0 < focus["northing"].min() and focus["northing"].max() < y1
    span = max(np.ptp(focus["easting"]), np.ptp(focus["northing"]))
    assert x1 - x0 <= span * 1.1 + 1 and y1 - y0 <= span * 1.15 + 1  # 5% each side, 10% more below
    outside = (boundary["easting"] < x0) | (boundary["easting"] > x1) | (boundary["northing"] < y0)
    assert outside.any()
    # no line joins two boundary schools: every tie drawn has an end at a focus school
    ends = collection(ax, "ties").get_segments()
    at_focus = {(float(x), float(y)) for x, y in focus[["easting", "northing"]].to_numpy()}
    assert all((tuple(map(float, a)) in at_focus) or (tuple(map(float, b)) in at_focus) for a, b in ends)
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


def legend_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def group_of(n: int, *, lead: int | None = None, kind: str = "cluster") -> nx.MultiGraph:
    """``n`` schools on a circle of radius 10 km round (50 km, 50 km), all in one group drawn as a clique."""
    G = nx.MultiGraph()
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    for i, a in enumerate(angles, start=1):
        G.add_node(i, easting=50_000 + 10_000 * np.cos(a), northing=50_000 + 10_000 * np.sin(a), phase="primary")
    for u in range(1, n + 1):
        for v in range(u + 1, n + 1):
            G.add_edge(u, v, key="G1", kind=kind, group_id="G1")
    G.graph["memberships"] = pd.DataFrame(
        {"urn": list(range(1, n + 1)), "group_id": "G1", "kind": kind, "lead": [i == lead for i in range(1, n + 1)]}
    )
    return G


def test_a_large_group_is_drawn_as_spokes_from_its_centroid() -> None:
    G = group_of(8)
    fig, ax = plot_network(G, star_above=6)
    segments = collection(ax, "ties").get_segments()
    assert len(segments) == 8  # one spoke per school, not 8 * 7 / 2 = 28 ties
    assert np.allclose([s[0] for s in segments], [50_000, 50_000])  # all from the centre of the circle
    ends = sorted(map(tuple, np.round([s[1] for s in segments], 6)))
    assert ends == sorted(map(tuple, np.round(collection(ax, "schools").get_offsets(), 6)))
    assert "spokes" in " ".join(t.get_text() for t in ax.texts)
    plt.close(fig)


def test_a_large_group_with_a_lead_is_drawn_as_spokes_from_the_lead() -> None:
    G = group_of(8, lead=3)
    fig, ax = plot_network(G, star_above=6)
    segments = collection(ax, "ties").get_segments()
    assert len(segments) == 7  # from the lead to each of the other seven
    assert np.allclose([s[0] for s in segments], [G.nodes[3]["easting"], G.nodes[3]["northing"]])
    plt.close(fig)


def test_small_groups_and_star_above_none_keep_every_tie() -> None:
    for star_above in (8, None):
        fig, ax = plot_network(group_of(8), star_above=star_above)
        assert len(collection(ax, "ties").get_segments()) == 28
        plt.close(fig)


def test_stars_on_the_sample_leave_fewer_lines_and_keep_every_school(sample_network: nx.MultiGraph) -> None:
    fig, ax = plot_network(sample_network)
    starred = len(collection(ax, "ties").get_segments())
    plt.close(fig)
    fig, ax = plot_network(sample_network, star_above=None)
    assert len(collection(ax, "ties").get_segments()) == sample_network.number_of_edges()
    assert starred < sample_network.number_of_edges() / 2
    plt.close(fig)


def test_schools_are_sized_by_pupils(small: nx.MultiGraph) -> None:
    for urn, pupils in ((1, 100), (2, 200), (3, 400)):
        small.nodes[urn]["pupils"] = pupils
    fig, ax = plot_network(small, node_size=10)
    # The median school (200 pupils) is drawn at node_size; area is proportional to pupils.
    assert collection(ax, "schools").get_sizes().tolist() == [5.0, 10.0, 20.0]
    labels = legend_labels(ax)
    assert "Size" in labels and "200 pupils" in labels
    plt.close(fig)
    fig, ax = plot_network(small, node_size=10, size_by=None)
    assert collection(ax, "schools").get_sizes().tolist() == [10.0] * 3
    assert "Size" not in legend_labels(ax)
    plt.close(fig)


def test_legend_names_the_kinds_drawn_and_the_phases(small: nx.MultiGraph) -> None:
    fig, ax = plot_network(small)
    assert legend_labels(ax) == ["Ties", "cluster", "trust", "support", "Schools", "primary", "secondary", "special"]
    handles = ax.get_legend().legend_handles
    assert [to_hex(h.get_color()) for h in handles[1:4]] == [KIND_COLOURS[k] for k in ("cluster", "trust", "support")]
    plt.close(fig)


def test_ties_grey_without_color_by(small: nx.MultiGraph) -> None:
    fig, ax = plot_network(small, color_by=None)
    assert {to_hex(c) for c in collection(ax, "ties").get_colors()} == {"#bbbbbb"}
    assert "Ties" not in legend_labels(ax)
    plt.close(fig)


def test_spring_layout_without_coordinates() -> None:
    G = nx.MultiGraph([(1, 2), (2, 3), (3, 1), (3, 4)])
    fig, ax = plot_network(G, seed=7)
    drawn = collection(ax, "schools").get_offsets()
    expected = nx.spring_layout(G, seed=7)
    assert np.allclose(drawn, [expected[n] for n in G])
    assert len(collection(ax, "ties").get_segments()) == 4
    assert not any(line.get_gid() == "scale bar" for line in ax.lines)
    assert "force-directed" in " ".join(t.get_text() for t in ax.texts)
    plt.close(fig)
    fig, ax = plot_network(G, seed=7)
    assert np.array_equal(collection(ax, "schools").get_offsets(), drawn)  # the same seed, the same figure
    plt.close(fig)


def test_spring_layout_on_request(small: nx.MultiGraph) -> None:
    fig, ax = plot_network(small, layout="spring")
    assert len(collection(ax, "schools").get_offsets()) == 4  # the school without coordinates is drawn too
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"color_by": "phase"}, "color_by='phase'"),
        ({"layout": "map"}, "layout='map'"),
        ({"star_above": 0}, "star_above=0"),
        ({"size_by": "height"}, "size_by='height'"),
        ({"node_size": -1}, "node_size=-1"),
        ({"layout": "spring", "seed": 1.5}, "seed=1.5"),
    ],
)
def test_plot_network_argument_errors(small: nx.MultiGraph, kwargs, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        plot_network(small, **kwargs)


def test_plot_isolation_colours_each_school_by_its_main_reason(small: nx.MultiGraph) -> None:
    # The colour follows the code, whatever the words: 2's words are not read.
    codes = ["no_partnership", "no_required_group", "partnerships_ended", None]
    table = pd.DataFrame(
        {
            "isolated": [True, True, True, False],
            "reasons": ["", "words that are not parsed", "", ""],
            "main_reason": pd.Categorical(codes, categories=ISOLATION_REASONS, ordered=True),
        },
        index=[1, 2, 3, 4],
    )
    table.attrs["definition"] = {"require": ["cluster"]}
    fig, ax = plot_isolation(table, G=small)
    marked = collection(ax, "isolated")
    assert np.array_equal(marked.get_offsets(), [[0, 0], [3000, 4000], [6000, 0]])
    assert [to_hex(c) for c in marked.get_facecolors()] == [
        ISOLATION_COLOURS["no_partnership"],
        ISOLATION_COLOURS["no_required_group"],
        ISOLATION_COLOURS["partnerships_ended"],
    ]
    assert legend_labels(ax) == [
        "Why isolated",
        "no partnership of any kind (1)",
        "all partnerships ended (1)",
        "in no cluster (1)",
    ]
    plt.close(fig)


def test_every_reason_has_a_colour_in_order_of_seriousness() -> None:
    assert tuple(ISOLATION_COLOURS) == ISOLATION_REASONS
    assert len(set(ISOLATION_COLOURS.values())) == len(ISOLATION_REASONS)


def test_plot_isolation_of_the_network_is_that_of_its_table(sample_network: nx.MultiGraph) -> None:
    fig, ax = plot_isolation(sample_network)
    from_G = collection(ax, "isolated")
    table = schoolnet.isolation(sample_network)
    fig2, ax2 = plot_isolation(table, G=sample_network)
    from_table = collection(ax2, "isolated")
    assert np.array_equal(from_G.get_offsets(), from_table.get_offsets())
    assert np.array_equal(from_G.get_facecolors(), from_table.get_facecolors())
    # One mark per isolated school with coordinates, in the colour of its main reason.
    shown = table[table["isolated"]]
    expected = [to_hex(ISOLATION_COLOURS[c]) for c in shown["main_reason"]]
    assert [to_hex(c) for c in from_G.get_facecolors()] == expected
    plt.close(fig)
    plt.close(fig2)


def test_plot_isolation_errors(small: nx.MultiGraph) -> None:
    table = pd.DataFrame({"isolated": [True], "main_reason": ["no_required_group"]}, index=[1])
    with pytest.raises(ParameterError, match="G=None"):
        plot_isolation(table)
    with pytest.raises(ParameterError, match="no column 'main_reason'"):
        plot_isolation(table[["isolated"]], G=small)
    with pytest.raises(ParameterError, match="got a list"):
        plot_isolation([1, 2], G=small)  # type: ignore[arg-type]


def test_the_kind_palette_is_public_and_complete() -> None:
    assert schoolnet.KIND_COLOURS is KIND_COLOURS
    assert set(schoolnet.tables.schema.EDGE_KINDS) <= set(KIND_COLOURS)
    tie_kinds = [k for k in schoolnet.schema.EDGE_KINDS if schoolnet.schema.DEFAULT_EXPANSION.get(k) != "none"]
    assert len({KIND_COLOURS[k] for k in tie_kinds}) == len(tie_kinds)  # every kind that makes a tie has its own


def test_sample_reach_and_coverage_maps(sample_network: nx.MultiGraph) -> None:
    fig, ax = schoolnet.plot_reach(sample_network, 910024, hops=1, km=(5, 10))
    # One mark per neighbour of the leader with coordinates, from the network itself.
    neighbours = set(sample_network[910024])
    hop1 = collection(ax, "hop 1")
    assert len(hop1.get_offsets()) == len(neighbours) == 38
    plt.close(fig)
    table = schoolnet.coverage(sample_network)
    fig, ax = schoolnet.plot_coverage(table)
    widths = [round(p.get_width()) for p in ax.patches if p.get_gid() == "uncovered"]
    assert widths == table["uncovered"].head(25).round().astype(int).tolist()
    plt.close(fig)
