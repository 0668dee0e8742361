"""Maps and charts of school networks.

Every function takes what it draws, and ``ax=`` to draw on an existing
matplotlib axes, and returns ``(fig, ax)``. Maps use the schools' easting and
northing on the British National Grid, with equal scaling and a scale bar in
kilometres; schools without coordinates are left off and counted in the title.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Final

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .convert import nodes_frame
from .errors import ParameterError
from .geo import METRES_PER_KM, Locator
from .network import PLAIN_TIE

__all__ = ["KIND_COLOURS", "PHASE_COLOURS", "add_scale_bar", "map_axes", "plot_isolation", "plot_network"]

#: The colour of each kind of tie on maps.
KIND_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "cluster": "#4c72b0",
        "alliance": "#dd8452",
        "hub": "#c7c7c7",
        "trust": "#55a868",
        "federation": "#8172b3",
        "company": "#937860",
        "support": "#c44e52",
        "other": "#8c8c8c",
        PLAIN_TIE: "#8c8c8c",
    }
)

#: The colour of each phase on maps.
PHASE_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "nursery": "#f2c14e",
        "primary": "#4c72b0",
        "middle": "#64b5cd",
        "secondary": "#dd8452",
        "all-through": "#937860",
        "16 plus": "#da8bc3",
        "special": "#55a868",
        "alternative provision": "#c44e52",
        "not applicable": "#8c8c8c",
    }
)
_UNKNOWN_COLOUR: Final = "#8c8c8c"


def map_axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (9.0, 6.5)) -> tuple[Figure, Axes]:
    """Return a figure and axes ready for a map on the British National Grid.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when not given.
    figsize : tuple of float, default (9, 6.5)
        The size of a new figure, in inches.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        With equal scaling and no tick labels (eastings and northings in
        metres mean little to a reader; the scale bar gives the distance).

    Examples
    --------
    >>> fig, ax = map_axes()
    >>> ax.get_aspect()
    1.0
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    return fig, ax


def add_scale_bar(ax: Axes, *, km: float | None = None, location: str = "lower left") -> Line2D:
    """Draw a scale bar in kilometres on a map in metres.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        A map whose data units are metres, with its limits already set.
    km : float, optional
        The bar's length. By default a round length about a fifth of the map's
        width (1, 2, 5, 10, 20, 50 ... km).
    location : {"lower left", "lower right"}, default "lower left"
        Where to put it.

    Returns
    -------
    matplotlib.lines.Line2D
        The bar, with ``get_label()`` giving its length, such as ``"10 km"``.

    Examples
    --------
    >>> fig, ax = map_axes()
    >>> _ = ax.set_xlim(0, 50_000); _ = ax.set_ylim(0, 50_000)
    >>> add_scale_bar(ax).get_label()
    '10 km'
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    if km is None:
        target = (x1 - x0) / METRES_PER_KM / 5
        nice = np.array([m * 10.0**e for e in range(-2, 4) for m in (1, 2, 5)])
        km = float(nice[nice <= target].max()) if (nice <= target).any() else float(nice[0])
    length = km * METRES_PER_KM
    pad_x, pad_y = (x1 - x0) * 0.04, (y1 - y0) * 0.04
    start = x0 + pad_x if location == "lower left" else x1 - pad_x - length
    label = f"{km:g} km"
    (bar,) = ax.plot([start, start + length], [y0 + pad_y] * 2, color="black", linewidth=3, label=label, zorder=5)
    bar.set_gid("scale bar")
    ax.text(start + length / 2, y0 + pad_y * 1.4, label, ha="center", va="bottom", fontsize=9, zorder=5)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return bar


def _colours(values: pd.Series, palette: Mapping[str, str]) -> list[str]:
    return [palette.get(str(v), _UNKNOWN_COLOUR) for v in values]


def plot_network(
    G: nx.Graph,
    *,
    color_by: str | None = "phase",
    kinds: Collection[str] | None = None,
    highlight: Collection[object] | None = None,
    node_size: float = 14.0,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Map a school network: schools at their positions, ties as lines coloured by kind.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network` (or any graph whose
        nodes have ``easting`` and ``northing``).
    color_by : str or None, default "phase"
        The node attribute that colours the schools: ``"phase"`` uses
        :data:`PHASE_COLOURS`; any other attribute gets one colour per value
        from matplotlib's ``tab10`` cycle; ``None`` draws every school grey.
    kinds : collection of str, optional
        Draw only ties of these kinds. Hub ties, which radiate from one school
        across a county, are drawn faintly.
    highlight : collection of URNs, optional
        Schools to ring in black, such as isolated schools.
    node_size : float, default 14
        Marker area, in points squared.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title; by default the graph's name and date.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Its collections are, by ``gid``: ``"ties"`` (a LineCollection, one
        segment per tie drawn), ``"schools"`` (one point per school with
        coordinates) and, with ``highlight``, ``"highlight"``.

    Raises
    ------
    MissingCoordinatesError
        If no school has coordinates.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> fig, ax = plot_network(G, kinds=["cluster", "trust"])
    >>> schools = next(c for c in ax.collections if c.get_gid() == "schools")
    >>> len(schools.get_offsets()) == G.number_of_nodes()
    True
    """
    nodes = nodes_frame(G)
    where = Locator(nodes, what="plot_network")
    fig, ax = map_axes(ax)
    segments, colours, widths = [], [], []
    for u, v, data in G.edges(data=True):
        kind = data.get("kind", PLAIN_TIE)
        if u == v or (kinds is not None and kind not in kinds):
            continue
        segments.append((u, v))
        colours.append(KIND_COLOURS.get(kind, _UNKNOWN_COLOUR))
        widths.append(0.3 if kind == "hub" else 0.8)
    if segments:
        a = where.points([s[0] for s in segments])
        b = where.points([s[1] for s in segments])
        keep = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
        lines = LineCollection(
            list(np.stack([a[keep], b[keep]], axis=1)),
            colors=np.array(colours, dtype=object)[keep].tolist(),
            linewidths=np.array(widths)[keep],
            alpha=0.5,
            zorder=1,
        )
    else:
        lines = LineCollection([], zorder=1)
    lines.set_gid("ties")
    ax.add_collection(lines)

    shown = nodes.loc[where.urns]
    fill: list[str]
    if color_by is None:
        fill = [_UNKNOWN_COLOUR] * len(shown)
    elif color_by == "phase":
        fill = _colours(shown["phase"], PHASE_COLOURS)
    elif color_by in shown.columns:
        values = shown[color_by].astype(str)
        cycle = plt.get_cmap("tab10")
        palette = {v: matplotlib.colors.to_hex(cycle(i % 10)) for i, v in enumerate(sorted(values.unique()))}
        fill = [palette[v] for v in values]
    else:
        raise ParameterError(
            f"color_by={color_by!r}: not a school attribute; expected one of {', '.join(nodes.columns)}"
        )
    points = ax.scatter(
        where.xy[:, 0], where.xy[:, 1], s=node_size, c=fill, edgecolors="white", linewidths=0.3, zorder=3
    )
    points.set_gid("schools")
    if highlight is not None:
        ring = where.points(list(highlight))
        ring = ring[np.isfinite(ring).all(axis=1)]
        marks = ax.scatter(
            ring[:, 0], ring[:, 1], s=node_size * 3.5, facecolors="none", edgecolors="black", linewidths=1.1, zorder=4
        )
        marks.set_gid("highlight")
    _frame(ax, where.xy)
    add_scale_bar(ax)
    _legend(ax, G, kinds, shown, color_by)
    missing = f" ({len(where.missing)} without coordinates not shown)" if len(where.missing) else ""
    ax.set_title((title or _default_title(G)) + missing, fontsize=11)
    return fig, ax


def _frame(ax: Axes, xy: np.ndarray) -> None:
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = max(float((hi - lo).max()) * 0.05, 500.0)
    ax.set_xlim(lo[0] - pad, hi[0] + pad)
    ax.set_ylim(lo[1] - pad * 2, hi[1] + pad)


def _legend(ax: Axes, G: nx.Graph, kinds: Collection[str] | None, shown: pd.DataFrame, color_by: str | None) -> None:
    present = sorted({d.get("kind", PLAIN_TIE) for *_, d in G.edges(data=True)})
    handles = [
        Line2D([], [], color=KIND_COLOURS.get(k, _UNKNOWN_COLOUR), label=k)
        for k in present
        if kinds is None or k in kinds
    ]
    if color_by == "phase":
        handles += [
            Line2D([], [], marker="o", linestyle="", color=PHASE_COLOURS.get(p, _UNKNOWN_COLOUR), label=p)
            for p in sorted(shown["phase"].dropna().unique())
        ]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)


def _default_title(G: nx.Graph) -> str:
    as_of = G.graph.get("as_of")
    return "School partnerships" + (f" on {as_of}" if as_of and as_of != "all" else "")


def plot_isolation(
    table: pd.DataFrame, G: nx.Graph, *, ax: Axes | None = None, title: str | None = None
) -> tuple[Figure, Axes]:
    """Map the isolated schools among all the others.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`schoolnet.isolation` on ``G``.
    G : networkx.Graph
        The network, for the schools' positions and ties.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title; by default it counts the isolated schools.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        As :func:`plot_network`, with the isolated schools drawn in red in a
        collection whose ``gid`` is ``"isolated"``.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> table = schoolnet.isolation(G)
    >>> fig, ax = plot_isolation(table, G)
    >>> red = next(c for c in ax.collections if c.get_gid() == "isolated")
    >>> len(red.get_offsets()) == int(table["isolated"].sum())
    True
    """
    isolated = table.index[table["isolated"].to_numpy(dtype=bool)]
    n = len(isolated)
    heading = title or f"{n} professionally isolated school{'s' if n != 1 else ''} (red)"
    fig, ax = plot_network(G, color_by=None, kinds=[k for k in KIND_COLOURS if k != "hub"], ax=ax, title=heading)
    where = Locator(nodes_frame(G))
    xy = where.points(list(isolated))
    xy = xy[np.isfinite(xy).all(axis=1)]
    marks = ax.scatter(
        xy[:, 0], xy[:, 1], s=40, c=KIND_COLOURS["support"], edgecolors="black", linewidths=0.6, zorder=4
    )
    marks.set_gid("isolated")
    return fig, ax
