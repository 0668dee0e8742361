"""Maps and charts of support: a leader's reach, coverage of the schools in need, a round of brokered support."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .._validate import whole_number
from ..errors import MissingCoordinatesError, ParameterError
from ..geo import METRES_PER_KM, Locator
from ..measures._proximity import hop_limit as _one_hop_count
from ..measures._proximity import radii as _radii
from ..network.build import PLAIN_TIE
from ..network.convert import nodes_frame
from .base import KIND_COLOURS, UNKNOWN_COLOUR, add_scale_bar, frame_points, map_axes
from .lines import focus_mask

if TYPE_CHECKING:
    from ..brokering.brokerage import Assignment

__all__ = ["COVERAGE_COLOURS", "HOP_COLOURS", "plot_assignment", "plot_coverage", "plot_reach"]

#: The colour of the schools a leader reaches in 1, 2, 3, ... hops (:func:`plot_reach`), from Okabe-Ito's
#: colour-blind-safe palette, warm near and cool far; repeats after the last.
HOP_COLOURS: Final = ("#d55e00", "#e69f00", "#009e73", "#56b4e9", "#0072b2")

#: The colours of the schools in need that a leader covers, and of those it does not (:func:`plot_coverage`):
#: Okabe-Ito blue and vermillion, which colour-blind readers tell apart, unlike green and red.
COVERAGE_COLOURS: Final[Mapping[str, str]] = MappingProxyType({"covered": "#0072b2", "uncovered": "#d55e00"})


def plot_reach(
    G: nx.Graph,
    leader: object,
    *,
    hops: int = 2,
    km: float | Collection[float] = (5, 10),
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Map a system leader's reach: the schools within ``hops`` of it, by hop, and rings at each radius.

    Hops are counted as :func:`schoolnet.reach` counts them: along ties of any
    kind, in either direction.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`.
    leader : URN
        The school whose reach to draw.
    hops : int, default 2
        Draw the schools within this many hops.
    km : float or collection of float, default (5, 10)
        Draw a ring at each of these distances from the leader, in km.
        ``()`` for none.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title; by default the leader's name and how many schools it
        reaches.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        On the British National Grid, with a scale bar. Its artists are, by
        ``gid``: ``"leader"`` (one point); ``"hop 1"``, ``"hop 2"``, ...
        (the schools first reached at each hop, coloured by
        :data:`HOP_COLOURS`); ``"ties"`` (a LineCollection of the ties that
        carry the reach, from a school at one hop to a school at the next,
        coloured by kind);
        ``"other schools"`` (every other school, grey); and
        ``"ring 5 km"``, ``"ring 10 km"``, ... (circles whose radius is in
        metres). Schools without coordinates are left off and counted in the
        title.

    Raises
    ------
    ParameterError
        If ``leader`` is not a school of ``G``, or ``hops`` or ``km`` is not
        valid.
    MissingCoordinatesError
        If the leader, or every school, has no coordinates.

    Examples
    --------
    A path 1 - 2 - 3 - 4, schools 1 km apart: from 1, school 2 is one hop
    away and 3 two.

    >>> G = nx.path_graph([1, 2, 3, 4])
    >>> nx.set_node_attributes(G, {u: 1000.0 * u for u in G}, "easting")
    >>> nx.set_node_attributes(G, 0.0, "northing")
    >>> fig, ax = plot_reach(G, 1, hops=2, km=(5, 10))
    >>> [len(c.get_offsets()) for c in ax.collections if str(c.get_gid()).startswith("hop")]
    [1, 1]
    >>> sorted(p.get_radius() for p in ax.patches if str(p.get_gid()).startswith("ring"))
    [5000.0, 10000.0]
    >>> plt.close(fig)
    """
    steps = _one_hop_count(hops)
    if steps is None:
        raise ParameterError("hops=None: expected a whole number of hops of at least 0")
    radii = _radii(km)
    if leader not in G:
        raise ParameterError(f"leader={leader!r}: not a school of this network; expected the URN of one of its nodes")
    nodes = nodes_frame(G)
    where = Locator(nodes, what="plot_reach")
    centre = where.points([leader])[0]
    if not np.isfinite(centre).all():
        raise MissingCoordinatesError(
            f"plot_reach: the leader {leader!r} has no coordinates; give it 'easting' and 'northing' in metres"
        )
    undirected = G.to_undirected(as_view=True) if G.is_directed() else G
    hop = pd.Series(nx.single_source_shortest_path_length(undirected, leader, cutoff=steps), dtype="int64")
    fig, ax = map_axes(ax)
    reached = list(hop.index)
    # The ties that carry the reach: from a school at one hop to a school at the next.
    segments = [
        (u, v, d.get("kind", PLAIN_TIE))
        for u, v, d in G.subgraph(reached).edges(data=True)
        if abs(int(hop[u]) - int(hop[v])) == 1
    ]
    a, b = where.points([s[0] for s in segments]), where.points([s[1] for s in segments])
    keep = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    ties = LineCollection(
        list(np.stack([a[keep], b[keep]], axis=1)),
        colors=[KIND_COLOURS.get(s[2], UNKNOWN_COLOUR) for s, k in zip(segments, keep, strict=True) if k],
        linewidths=0.6,
        alpha=0.45,
        zorder=1,
    )
    ties.set_gid("ties")
    ax.add_collection(ties)
    others = where.xy[~where.urns.isin(reached)]
    rest = ax.scatter(others[:, 0], others[:, 1], s=6, c="#d0d0d0", linewidths=0, zorder=2)
    rest.set_gid("other schools")
    for h in range(1, steps + 1):
        xy = where.points(list(hop.index[hop.to_numpy() == h]))
        xy = xy[np.isfinite(xy).all(axis=1)]
        colour = HOP_COLOURS[(h - 1) % len(HOP_COLOURS)]
        label = f"{h} hop{'s' if h != 1 else ''} ({len(xy)})"
        points = ax.scatter(
            xy[:, 0], xy[:, 1], s=22, c=colour, edgecolors="white", linewidths=0.4, zorder=3, label=label
        )
        points.set_gid(f"hop {h}")
    star = ax.scatter([centre[0]], [centre[1]], s=180, marker="*", c="black", zorder=5, label="leader")
    star.set_gid("leader")
    for r in radii:
        ring = Circle((centre[0], centre[1]), r * METRES_PER_KM, fill=False, linestyle="--", color="#555555", zorder=4)
        ring.set_gid(f"ring {r:g} km")
        ax.add_patch(ring)
        ax.text(centre[0], centre[1] + r * METRES_PER_KM, f"{r:g} km", ha="center", va="bottom", fontsize=8)
    corners = [centre + np.array([dx, dy]) * max(radii, default=0) * METRES_PER_KM for dx in (-1, 1) for dy in (-1, 1)]
    drawn = where.points(reached)
    frame_points(ax, np.vstack([drawn[np.isfinite(drawn).all(axis=1)], *corners]))
    add_scale_bar(ax)
    handles = [h for h in ax.get_legend_handles_labels()[0] if h.get_gid() != "scale bar"]
    kinds = sorted({s[2] for s in segments})
    handles += [Line2D([], [], color=KIND_COLOURS.get(k, UNKNOWN_COLOUR), label=k) for k in kinds]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    n = len(hop) - 1
    recorded = nodes.loc[[leader], "name"].dropna()
    name = str(recorded.iloc[0]) if len(recorded) else f"School {leader}"
    missing = int(np.count_nonzero(where.positions(reached) < 0))
    heading = title or f"{name}: {n} school{'s' if n != 1 else ''} within {steps} hop{'s' if steps != 1 else ''}"
    note = f" ({missing} without coordinates not shown)" if missing else ""
    ax.set_title(heading + note, fontsize=11)
    return fig, ax


def plot_coverage(
    table: pd.DataFrame, *, top: int | None = 25, ax: Axes | None = None, title: str | None = None
) -> tuple[Figure, Axes]:
    """Chart the schools in need covered and not covered by a system leader, area by area, worst first.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`schoolnet.coverage`, or any table with
        ``covered`` and ``uncovered`` columns, one row per area, in the
        order to draw them.
    top : int or None, default 25
        Draw only the first ``top`` rows: with the table ranked worst first,
        the areas where most schools in need are uncovered. ``None`` for all.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        One horizontal bar per area, the first area at the top: the covered
        schools in need (bars whose ``gid`` is ``"covered"``) and, stacked on
        them, the uncovered ones (``gid`` ``"uncovered"``).

    Raises
    ------
    ParameterError
        If ``table`` lacks a column, or ``top`` is not valid.

    Examples
    --------
    >>> table = pd.DataFrame({"covered": [2, 5], "uncovered": [3, 0]}, index=["North", "South"])
    >>> fig, ax = plot_coverage(table)
    >>> [round(p.get_width()) for p in ax.patches if p.get_gid() == "uncovered"]
    [3, 0]
    >>> plt.close(fig)
    """
    missing = [c for c in ("covered", "uncovered") if c not in table.columns]
    if missing:
        raise ParameterError(
            f"table: no column {missing[0]!r}; expected the result of schoolnet.coverage, with 'covered' and "
            "'uncovered' columns"
        )
    top = whole_number("top", top, minimum=1, allow_none=True, what="areas")
    shown = table if top is None else table.iloc[:top]
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.0, 1.6 + 0.32 * max(len(shown), 1)), layout="constrained")
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    y = np.arange(len(shown))
    covered = shown["covered"].to_numpy(dtype=float)
    uncovered = shown["uncovered"].to_numpy(dtype=float)
    for name, left, width in (("covered", None, covered), ("uncovered", covered, uncovered)):
        bars = ax.barh(y, width, left=left, color=COVERAGE_COLOURS[name], label=name, height=0.7)
        for patch in bars.patches:
            patch.set_gid(name)
    for i, (c, u) in enumerate(zip(covered, uncovered, strict=True)):
        if c + u:
            ax.text(c + u, i, f" {c / (c + u):.0%}", va="center", fontsize=8)
    ax.set_yticks(y, [" / ".join(map(str, k)) if isinstance(k, tuple) else str(k) for k in shown.index])
    ax.invert_yaxis()
    ax.set_xlabel("schools in need")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    of = f" (the {len(shown)} worst of {len(table)})" if len(shown) < len(table) else ""
    ax.set_title(title or f"Schools in need covered by a system leader, by area{of}", fontsize=11)
    return fig, ax


def plot_assignment(
    assignment: Assignment, G: nx.Graph, *, ax: Axes | None = None, title: str | None = None
) -> tuple[Figure, Axes]:
    """Map a round of brokered support: each supporter joined to the school it would support.

    Parameters
    ----------
    assignment : Assignment
        The result of :func:`schoolnet.assign_supporters` on ``G``.
    G : networkx.Graph
        The network, for the schools' positions.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title; by default it counts the schools matched and unmatched.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Its collections are, by ``gid``: ``"schools"`` (every school, grey),
        ``"pairs"`` (one line per pair), ``"supported"`` (the schools in need
        matched), ``"supporters"`` (the supporters used) and ``"unmatched"``
        (the schools in need left without a supporter).

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> round_ = schoolnet.assign_supporters(G)
    >>> fig, ax = plot_assignment(round_, G)
    >>> pairs = next(c for c in ax.collections if c.get_gid() == "pairs")
    >>> len(pairs.get_segments()) == len(round_.pairs)
    True
    """
    where = Locator(nodes_frame(G), what="plot_assignment")
    fig, ax = map_axes(ax)
    everyone = ax.scatter(where.xy[:, 0], where.xy[:, 1], s=6, c=UNKNOWN_COLOUR, alpha=0.5, zorder=1)
    everyone.set_gid("schools")
    pairs = assignment.pairs
    a, b = where.points(pairs["supporter"].to_numpy()), where.points(pairs["urn"].to_numpy())
    lines = LineCollection(list(np.stack([a, b], axis=1)), colors=KIND_COLOURS["support"], linewidths=1.2, zorder=2)
    lines.set_gid("pairs")
    ax.add_collection(lines)
    layers = (
        ("supporters", where.points(pairs["supporter"].unique()), "^", KIND_COLOURS["trust"]),
        ("supported", b, "o", KIND_COLOURS["support"]),
        ("unmatched", where.points(assignment.unmatched["urn"].to_numpy()), "X", "black"),
    )
    for gid, xy, marker, colour in layers:
        xy = xy[np.isfinite(xy).all(axis=1)] if len(xy) else np.zeros((0, 2))
        points = ax.scatter(
            xy[:, 0], xy[:, 1], s=36, marker=marker, c=colour, edgecolors="white", linewidths=0.5, zorder=3
        )
        points.set_gid(gid)
        points.set_label(f"{gid} ({len(xy)})")
    focus = focus_mask(G, where.urns)
    frame_points(ax, where.xy[focus] if focus.any() else where.xy)
    add_scale_bar(ax)
    marks = [h for h in ax.get_legend_handles_labels()[0] if h.get_gid() != "scale bar"]
    ax.legend(handles=marks, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    s = assignment.summary
    ax.set_title(title or f"Proposed support: {s['matched']} schools matched, {s['unmatched']} unmatched", fontsize=11)
    return fig, ax
