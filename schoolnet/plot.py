"""Maps and charts of school networks.

Every function takes what it draws, and ``ax=`` to draw on an existing
matplotlib axes, and returns ``(fig, ax)``. Maps use the schools' easting and
northing on the British National Grid, with equal scaling and a scale bar in
kilometres; schools without coordinates are left off and counted in the title.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .convert import nodes_frame
from .coverage import _one_hop_count, _radii
from .errors import MissingCoordinatesError, ParameterError
from .geo import METRES_PER_KM, Locator
from .network import PLAIN_TIE

if TYPE_CHECKING:
    from .brokerage import Assignment

__all__ = [
    "COVERAGE_COLOURS",
    "HOP_COLOURS",
    "KIND_COLOURS",
    "PHASE_COLOURS",
    "add_scale_bar",
    "map_axes",
    "plot_assignment",
    "plot_coverage",
    "plot_isolation",
    "plot_network",
    "plot_reach",
]

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
    color_by: str | None = "kind",
    node_color_by: str | None = "phase",
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
    color_by : {"kind"} or None, default "kind"
        What colours the ties: ``"kind"`` uses :data:`KIND_COLOURS`; ``None``
        draws every tie grey.
    node_color_by : str or None, default "phase"
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
    if color_by not in ("kind", None):
        raise ParameterError(f"color_by={color_by!r}: expected 'kind' (ties coloured by kind) or None (all grey)")
    nodes = nodes_frame(G)
    where = Locator(nodes, what="plot_network")
    fig, ax = map_axes(ax)
    segments, colours, widths = [], [], []
    for u, v, data in G.edges(data=True):
        kind = data.get("kind", PLAIN_TIE)
        if u == v or (kinds is not None and kind not in kinds):
            continue
        segments.append((u, v))
        colours.append(KIND_COLOURS.get(kind, _UNKNOWN_COLOUR) if color_by == "kind" else _UNKNOWN_COLOUR)
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
    if node_color_by is None:
        fill = [_UNKNOWN_COLOUR] * len(shown)
    elif node_color_by == "phase":
        fill = _colours(shown["phase"], PHASE_COLOURS)
    elif node_color_by in shown.columns:
        values = shown[node_color_by].astype(str)
        cycle = plt.get_cmap("tab10")
        palette = {v: matplotlib.colors.to_hex(cycle(i % 10)) for i, v in enumerate(sorted(values.unique()))}
        fill = [palette[v] for v in values]
    else:
        raise ParameterError(
            f"node_color_by={node_color_by!r}: not a school attribute; expected one of {', '.join(nodes.columns)}"
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
    _legend(ax, G, kinds if color_by == "kind" else (), shown, node_color_by)
    missing = f" ({len(where.missing)} without coordinates not shown)" if len(where.missing) else ""
    ax.set_title((title or _default_title(G)) + missing, fontsize=11)
    return fig, ax


def _frame(ax: Axes, xy: np.ndarray) -> None:
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = max(float((hi - lo).max()) * 0.05, 500.0)
    ax.set_xlim(lo[0] - pad, hi[0] + pad)
    ax.set_ylim(lo[1] - pad * 2, hi[1] + pad)


def _legend(
    ax: Axes, G: nx.Graph, kinds: Collection[str] | None, shown: pd.DataFrame, node_color_by: str | None
) -> None:
    present = sorted({d.get("kind", PLAIN_TIE) for *_, d in G.edges(data=True)})
    handles = [
        Line2D([], [], color=KIND_COLOURS.get(k, _UNKNOWN_COLOUR), label=k)
        for k in present
        if kinds is None or k in kinds
    ]
    if node_color_by == "phase":
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
    fig, ax = plot_network(G, node_color_by=None, kinds=[k for k in KIND_COLOURS if k != "hub"], ax=ax, title=heading)
    where = Locator(nodes_frame(G))
    xy = where.points(list(isolated))
    xy = xy[np.isfinite(xy).all(axis=1)]
    marks = ax.scatter(
        xy[:, 0], xy[:, 1], s=40, c=KIND_COLOURS["support"], edgecolors="black", linewidths=0.6, zorder=4
    )
    marks.set_gid("isolated")
    return fig, ax


#: The colour of the schools a leader reaches in 1, 2, 3, ... hops (:func:`plot_reach`); repeats after the last.
HOP_COLOURS: Final = ("#c44e52", "#dd8452", "#ccb974", "#64b5cd", "#8172b3")

#: The colours of the schools in need that a leader covers, and of those it does not (:func:`plot_coverage`).
COVERAGE_COLOURS: Final[Mapping[str, str]] = MappingProxyType({"covered": "#55a868", "uncovered": "#c44e52"})


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
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> fig, ax = plot_reach(G, 910024, hops=1, km=(5, 10))
    >>> hop1 = next(c for c in ax.collections if c.get_gid() == "hop 1")
    >>> len(hop1.get_offsets())
    38
    >>> sorted(p.get_radius() for p in ax.patches if str(p.get_gid()).startswith("ring"))
    [5000.0, 10000.0]
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
        colors=[KIND_COLOURS.get(s[2], _UNKNOWN_COLOUR) for s, k in zip(segments, keep, strict=True) if k],
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
    _frame(ax, np.vstack([drawn[np.isfinite(drawn).all(axis=1)], *corners]))
    add_scale_bar(ax)
    handles = [h for h in ax.get_legend_handles_labels()[0] if h.get_gid() != "scale bar"]
    kinds = sorted({s[2] for s in segments})
    handles += [Line2D([], [], color=KIND_COLOURS.get(k, _UNKNOWN_COLOUR), label=k) for k in kinds]
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
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> fig, ax = plot_coverage(schoolnet.coverage(G))
    >>> [round(p.get_width()) for p in ax.patches if p.get_gid() == "uncovered"]
    [18, 0, 0, 0, 0, 0]
    """
    missing = [c for c in ("covered", "uncovered") if c not in table.columns]
    if missing:
        raise ParameterError(
            f"table: no column {missing[0]!r}; expected the result of schoolnet.coverage, with 'covered' and "
            "'uncovered' columns"
        )
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
        raise ParameterError(f"top={top!r}: expected a whole number of areas of at least 1, or None")
    shown = table if top is None else table.iloc[: int(top)]
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
    everyone = ax.scatter(where.xy[:, 0], where.xy[:, 1], s=6, c=_UNKNOWN_COLOUR, alpha=0.5, zorder=1)
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
    _frame(ax, where.xy)
    add_scale_bar(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    s = assignment.summary
    ax.set_title(title or f"Proposed support: {s['matched']} schools matched, {s['unmatched']} unmatched", fontsize=11)
    return fig, ax
