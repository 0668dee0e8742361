from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.plot.base import KIND_COLOURS
from schoolnet.plot.charts import plot_partners_distribution, plot_timeline


@pytest.fixture
def tied() -> nx.MultiGraph:
    """A cluster of three (each has 2 partners), a trust pair, and a school tied to both by support."""
    G = nx.MultiGraph()
    G.add_nodes_from(range(1, 7))
    for u, v in ((1, 2), (1, 3), (2, 3)):
        G.add_edge(u, v, key="C", kind="cluster", group_id="C")
    G.add_edge(4, 5, key="T", kind="trust", group_id="T")
    G.add_edge(6, 1, key="S1", kind="support", group_id="S1")
    G.add_edge(6, 4, key="S2", kind="support", group_id="S2")
    return G


def bars(ax, gid: str) -> dict[float, float]:
    return {p.get_x() + p.get_width() / 2: p.get_height() for p in ax.patches if p.get_gid() == gid and p.get_height()}


def test_partners_distribution_has_one_panel_per_kind(tied: nx.MultiGraph) -> None:
    fig, axes = plot_partners_distribution(tied)
    assert [a.get_title() for a in axes] == [
        "cluster: 3 schools (3 with none)",
        "trust: 2 schools (4 with none)",
        "support: 3 schools (3 with none)",
    ]
    assert bars(axes[0], "cluster") == {2.0: 3.0}  # three schools with two cluster partners
    assert bars(axes[1], "trust") == {1.0: 2.0}
    assert bars(axes[2], "support") == {1.0: 2.0, 2.0: 1.0}  # 1 and 4 have one; 6 has two
    for ax, kind in zip(axes, ["cluster", "trust", "support"], strict=True):
        assert {to_hex(p.get_facecolor()) for p in ax.patches if p.get_gid() == kind} == {KIND_COLOURS[kind]}
    plt.close(fig)


def test_partners_distribution_on_given_axes_or_figure(tied: nx.MultiGraph) -> None:
    fig, given = plt.subplots(1, 2)
    out, axes = plot_partners_distribution(tied, kinds=["trust", "cluster"], ax=list(given))
    assert out is fig and axes == list(given)
    assert axes[0].get_title().startswith("trust")
    plt.close(fig)
    fig = plt.figure()
    out, axes = plot_partners_distribution(tied, ax=fig)
    assert out is fig and len(axes) == 3 and all(a.get_figure() is fig for a in axes)
    plt.close(fig)


def test_partners_distribution_errors(tied: nx.MultiGraph) -> None:
    with pytest.raises(ParameterError, match="no ties of kind 'hub'"):
        plot_partners_distribution(tied, kinds=["hub"])
    fig, given = plt.subplots(1, 2)
    with pytest.raises(ParameterError, match="got 2 axes; expected a figure, or one axes per kind drawn \\(3\\)"):
        plot_partners_distribution(tied, ax=list(given))
    plt.close(fig)


def test_partners_distribution_on_the_sample(sample_network: nx.MultiGraph) -> None:
    fig, axes = plot_partners_distribution(sample_network)
    table = schoolnet.isolation(sample_network)
    for ax in axes:
        kind = ax.get_title().split(":")[0]
        drawn = sum(p.get_height() for p in ax.patches if p.get_gid() == kind)
        assert drawn == int((table[f"partners_{kind}"] > 0).sum())
    plt.close(fig)


@pytest.fixture
def history() -> schoolnet.Tables:
    schools = pd.DataFrame({"urn": [1, 2, 3, 4], "name": list("abcd")})
    groups = pd.DataFrame(
        {"group_id": ["C", "T"], "kind": ["cluster", "trust"], "opened": ["2019-01-01", None], "closed": [None, None]}
    )
    memberships = pd.DataFrame(
        {
            "group_id": ["C", "C", "C", "T", "T"],
            "urn": [1, 2, 3, 1, 4],
            # 1 joined before the cluster opened: it counts from 2019; 3 left in 2021.
            "joined": ["2018-09-01", "2019-09-01", "2019-09-01", "2020-09-01", None],
            "left": [None, None, "2021-08-31", None, None],
        }
    )
    support = pd.DataFrame(
        {
            "supporter_urn": [2, 2],
            "supported_urn": [3, 4],
            "kind": ["nle", "lle"],
            "start": ["2020-01-01", "2021-01-01"],
            "end": ["2021-07-31", None],
        }
    )
    return schoolnet.Tables.from_frames(schools, groups, memberships, support)


def test_timeline_counts_joined_and_ended_by_kind_and_year(history: schoolnet.Tables) -> None:
    fig, ax = plot_timeline(history)
    assert bars(ax, "joined cluster") == {2019: 3.0}
    assert bars(ax, "ended cluster") == {2021: -1.0}
    assert bars(ax, "joined trust") == {2020: 1.0}  # school 4's joining date is not known
    assert bars(ax, "joined support") == {2020: 1.0, 2021: 1.0}
    assert bars(ax, "ended support") == {2021: -1.0}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["cluster", "trust", "support"]
    colours = {p.get_gid(): to_hex(p.get_facecolor()) for p in ax.patches}
    assert colours["joined trust"] == colours["ended trust"] == KIND_COLOURS["trust"]
    assert "1 with no known start not shown" in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_timeline_stacks_kinds_in_a_year(history: schoolnet.Tables) -> None:
    fig, ax = plot_timeline(history, kinds=["cluster", "support"])
    ended_2021 = sorted((p.get_y(), p.get_height()) for p in ax.patches if p.get_x() < 2021 < p.get_x() + 1)
    ended_2021 = [(y, h) for y, h in ended_2021 if h < 0]
    assert ended_2021 == [(-1.0, -1.0), (0.0, -1.0)]  # the support link stacked below the cluster membership
    assert "trust" not in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)


def test_timeline_on_given_axes_and_errors(history: schoolnet.Tables) -> None:
    fig, given = plt.subplots()
    out, ax = plot_timeline(history, ax=given)
    assert out is fig and ax is given
    plt.close(fig)
    with pytest.raises(ParameterError, match=r"got a DataFrame; expected schoolnet\.Tables"):
        plot_timeline(history.memberships)  # type: ignore[arg-type]
