"""Maps and charts of school networks.

Every function takes what it draws, and ``ax=`` to draw on existing
matplotlib axes, and returns ``(fig, ax)``; none calls ``plt.show()``. Maps
use the schools' easting and northing on the British National Grid, with equal
scaling and a scale bar in kilometres; schools without coordinates are left off
and counted in the title. A network without coordinates is drawn with a
force-directed layout instead.

Every figure colours a kind of tie or partnership from :data:`KIND_COLOURS`, so
a cluster is the same colour on a map, in a legend, on the timeline and in the
report. The figures live in modules by concern: the network map in
:mod:`schoolnet.plot.ties`, the maps of support in
:mod:`schoolnet.plot.support`, what they share in :mod:`schoolnet.plot.base`;
this module draws the isolated schools.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..errors import ParameterError
from ..measures.isolation import isolation
from .base import KIND_COLOURS
from .ties import Layout, draw_network, sectioned_legend

__all__ = ["ISOLATION_COLOURS", "plot_isolation"]

#: The colour of each main reason a school is isolated (:func:`plot_isolation`),
#: by the codes of :data:`schoolnet.measures.isolation.ISOLATION_REASONS`, most serious
#: first. Okabe-Ito colours, distinct for colour-blind readers; grey for
#: partners at an unknown distance, which may not be a reason at all.
ISOLATION_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_partnership": "#d55e00",
        "partnerships_ended": "#e69f00",
        "support_only": "#cc79a7",
        "too_few_partners": "#56b4e9",
        "no_required_group": "#0072b2",
        "no_partner_nearby": "#009e73",
        "partner_distance_unknown": "#999999",
    }
)

#: The words for each main reason in the legend of :func:`plot_isolation`.
_REASON_WORDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_partnership": "no partnership of any kind",
        "partnerships_ended": "all partnerships ended",
        "support_only": "support only",
        "too_few_partners": "too few partners",
        "no_required_group": "in no required group",
        "no_partner_nearby": "no partner nearby",
        "partner_distance_unknown": "partners at an unknown distance",
    }
)


def plot_isolation(
    table_or_G: pd.DataFrame | nx.Graph,
    *,
    G: nx.Graph | None = None,
    layout: Layout = "geo",
    seed: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Map the isolated schools among all the others, coloured by why each is isolated.

    Each isolated school takes the colour of its main reason, the code in
    the table's ``main_reason`` column (see
    :data:`schoolnet.measures.isolation.ISOLATION_REASONS`), in the order of
    :data:`ISOLATION_COLOURS`: no partnership of any kind; all its
    partnerships ended; support only, no peer partnership; too few partners;
    in none of the required groups (such as no cluster) though it has
    partners; no partner nearby; partners at an unknown distance. The other
    schools and their ties are drawn faintly in grey, for context.

    Parameters
    ----------
    table_or_G : pandas.DataFrame or networkx.Graph
        The result of :func:`schoolnet.isolation`, or the network itself, in
        which case the isolation is worked out with its defaults.
    G : networkx.Graph, optional
        The network the table came from, for the schools' positions and ties.
        Needed with a table.
    layout : {"geo", "spring"}, default "geo"
        As :func:`plot_network`.
    seed : int, default 0
        Seed of the force-directed layout.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title; by default it counts the isolated schools.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        As :func:`plot_network`, with the isolated schools in a collection
        whose ``gid`` is ``"isolated"``, and a legend of the reasons with the
        number of schools for each.

    Raises
    ------
    ParameterError
        If a table is given without ``G``, or lacks the ``isolated`` and
        ``main_reason`` columns.

    Examples
    --------
    Schools 1 and 2 share a cluster; 3, 1 km east of 2, has nothing.

    >>> import matplotlib.pyplot as plt
    >>> G = nx.MultiGraph([(1, 2, "C", {"kind": "cluster"})])
    >>> G.add_node(3)
    >>> nx.set_node_attributes(G, {1: 0.0, 2: 1000.0, 3: 2000.0}, "easting")
    >>> nx.set_node_attributes(G, 0.0, "northing")
    >>> fig, ax = plot_isolation(G)
    >>> marked = next(c for c in ax.collections if c.get_gid() == "isolated")
    >>> marked.get_offsets().tolist()
    [[2000.0, 0.0]]
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Why isolated', 'no partnership of any kind (1)']
    >>> plt.close(fig)
    """
    if isinstance(table_or_G, nx.Graph):
        network, table = table_or_G, isolation(table_or_G)
    elif isinstance(table_or_G, pd.DataFrame):
        if G is None:
            raise ParameterError(
                "G=None: a table from schoolnet.isolation has no positions; pass the network it came from, "
                "plot_isolation(table, G=G), or the network alone, plot_isolation(G)"
            )
        missing = [c for c in ("isolated", "main_reason") if c not in table_or_G.columns]
        if missing:
            raise ParameterError(
                f"table: no column {missing[0]!r}; expected the result of schoolnet.isolation, with 'isolated' "
                "and 'main_reason' columns"
            )
        network, table = G, table_or_G
    else:
        raise ParameterError(
            f"table_or_G: got a {type(table_or_G).__name__}; expected the table from schoolnet.isolation or a network"
        )
    fig, ax, where, _ = draw_network(
        network,
        color_by=None,
        node_color_by=None,
        layout=layout,
        kinds=[k for k in KIND_COLOURS if k != "hub"],
        size_by=None,
        node_size=6.0,
        star_above=6,
        seed=seed,
        ax=ax,
        what="plot_isolation",
    )
    isolated = table[table["isolated"].to_numpy(dtype=bool)]
    category = isolated["main_reason"].astype(str)
    pos = where.positions(isolated.index)
    colours = [ISOLATION_COLOURS[c] for c in category[pos >= 0]]
    marks = ax.scatter(
        where.xy[pos[pos >= 0], 0],
        where.xy[pos[pos >= 0], 1],
        s=42,
        c=colours,
        edgecolors="black",
        linewidths=0.5,
        zorder=4,
    )
    marks.set_gid("isolated")
    counts = category[pos >= 0].value_counts()
    required = table.attrs.get("definition", {}).get("require")
    words = dict(_REASON_WORDS)
    if required:
        words["no_required_group"] = f"in no {' or '.join(required)}"
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, markeredgecolor="black", markersize=6.5)
        for colour in ISOLATION_COLOURS.values()
    ]
    for handle, reason in zip(handles, ISOLATION_COLOURS, strict=True):
        handle.set_label(f"{words[reason]} ({counts.get(reason, 0)})")
    sectioned_legend(
        ax, [("Why isolated", [h for h, r in zip(handles, ISOLATION_COLOURS, strict=True) if r in counts])]
    )
    n, off = len(isolated), int(np.count_nonzero(pos < 0))
    heading = title or f"{n} professionally isolated school{'s' if n != 1 else ''}, by the main reason"
    ax.set_title(heading + (f" ({off} without coordinates not shown)" if off else ""), fontsize=11)
    return fig, ax
