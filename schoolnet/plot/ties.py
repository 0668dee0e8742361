"""The map of a school network: schools at their places, ties coloured by kind, large groups drawn as stars.

:func:`plot_network` draws it, and :func:`draw_network` is the drawing that
other maps (such as :func:`schoolnet.plot_isolation`) lay their marks on.
Schools without coordinates are left off and counted in the title; a network
without coordinates is drawn with a force-directed layout instead.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Final, Literal

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from .._validate import number, whole_number
from ..errors import ParameterError
from ..geo import Locator
from ..network.convert import nodes_frame
from .base import (
    BOUNDARY_COLOUR,
    KIND_COLOURS,
    NOTE_COLOUR,
    PHASE_COLOURS,
    UNKNOWN_COLOUR,
    add_scale_bar,
    frame_points,
    map_axes,
)
from .lines import focus_mask, network_lines

__all__ = ["Layout", "draw_network", "plot_network", "sectioned_legend"]

#: Ties drawn faintly (hubs radiate from one school across a county) and boldly (support is what analysts look for).
_TIE_WIDTH: Final[Mapping[str, float]] = MappingProxyType({"hub": 0.3, "support": 0.9})
_TIE_ALPHA: Final = 0.45

Layout = Literal["geo", "spring"]


def _colours(values: pd.Series, palette: Mapping[str, str]) -> list[str]:
    return [palette.get(str(v), UNKNOWN_COLOUR) for v in values]


def _check_choice(name: str, value: object, choices: Sequence[object]) -> None:
    if value not in choices:
        raise ParameterError(f"{name}={value!r}: expected one of {', '.join(repr(c) for c in choices)}")


def _positions(G: nx.Graph, nodes: pd.DataFrame, layout: Layout, seed: int, what: str) -> tuple[Locator, bool]:
    """Where to draw each school, and whether that is on the British National Grid.

    ``"geo"`` uses easting and northing when any school has them; otherwise,
    and for ``"spring"``, a force-directed layout seeded with ``seed``.
    """
    _check_choice("layout", layout, ("geo", "spring"))
    if layout == "geo" and nodes[["easting", "northing"]].notna().all(axis=1).any():
        return Locator(nodes, what=what), True
    spring = nx.spring_layout(G, seed=whole_number("seed", seed))
    frame = pd.DataFrame.from_dict(spring, orient="index", columns=["easting", "northing"]).reindex(nodes.index)
    return Locator(frame, what=what), False


def _tie_lines(
    G: nx.Graph, where: Locator, kinds: Collection[str] | None, star_above: int | None
) -> tuple[np.ndarray, list[str], int]:
    """The segments to draw for the ties, the kind of each, and how many groups are drawn as stars."""
    lines, n_stars = network_lines(G, where, kinds=kinds, star_above=star_above)
    segments = lines[["x0", "y0", "x1", "y1"]].to_numpy(dtype=float).reshape(-1, 2, 2)
    kept = [str(k) for k in lines["kind"]]
    # Hubs underneath, support on top.
    order = np.argsort([{"hub": 0, "support": 2}.get(k, 1) for k in kept], kind="stable")
    return segments[order], [kept[i] for i in order], n_stars


def _areas(shown: pd.DataFrame, size_by: str | None, node_size: float) -> tuple[np.ndarray, float | None]:
    """Marker areas proportional to ``size_by``, a school at the median drawn at ``node_size``; and that median."""
    node_size = number("node_size", node_size, strict=True)
    if size_by is None:
        return np.full(len(shown), float(node_size)), None
    if size_by not in shown.columns:
        raise ParameterError(f"size_by={size_by!r}: not a school attribute; expected one of {', '.join(shown.columns)}")
    values = pd.to_numeric(shown[size_by], errors="coerce").to_numpy(dtype=float)
    valid = np.isfinite(values) & (values >= 0)
    if not valid.any():
        return np.full(len(shown), float(node_size)), None
    median = float(np.median(values[valid])) or 1.0
    areas = np.where(valid, node_size * values / median, node_size)
    return np.maximum(areas, node_size * 0.15), median


def _round(x: float) -> float:
    """``x`` to one significant figure: 180 -> 200, 1845 -> 2000."""
    if x <= 0:
        return 0.0
    scale = 10.0 ** np.floor(np.log10(x))
    return float(np.round(x / scale) * scale)


def _size_handles(values: pd.Series, median: float, node_size: float, what: str) -> list[Line2D]:
    shown = sorted({_round(float(q)) for q in values.dropna().astype(float).quantile([0.1, 0.5, 0.95])} - {0.0})
    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=float(np.sqrt(max(node_size * v / median, node_size * 0.15))),
            markerfacecolor=UNKNOWN_COLOUR,
            markeredgecolor="white",
            label=f"{v:,.0f} {what}",
        )
        for v in shown
    ]


def _node_fill(shown: pd.DataFrame, node_color_by: str | None, focus: np.ndarray) -> tuple[list[str], dict[str, str]]:
    """Each school's colour, and the colour of each value of the focus schools for the legend."""
    if node_color_by is None:
        return [UNKNOWN_COLOUR] * len(shown), {}
    if node_color_by == "phase":
        present = set(shown.loc[focus, "phase"].dropna().astype(str))
        return _colours(shown["phase"], PHASE_COLOURS), {p: c for p, c in PHASE_COLOURS.items() if p in present}
    if node_color_by not in shown.columns:
        raise ParameterError(
            f"node_color_by={node_color_by!r}: not a school attribute; expected one of {', '.join(shown.columns)}"
        )
    values = shown[node_color_by].astype(str)
    cycle = plt.get_cmap("tab10")
    palette = {v: matplotlib.colors.to_hex(cycle(i % 10)) for i, v in enumerate(sorted(values[focus].unique()))}
    return [palette.get(v, UNKNOWN_COLOUR) for v in values], (palette if len(palette) <= 10 else {})


def _boundary_schools(ax: Axes, xy: np.ndarray, size: float) -> list[Line2D]:
    """Draw the boundary schools small and grey, as context; return their legend entry (none if there are none).

    They are the partners across the border of a network selected to an area,
    kept for their ties to it; the map is framed on the area, so most of them
    lie beyond its edge.
    """
    if not len(xy):
        return []
    marks = ax.scatter(xy[:, 0], xy[:, 1], s=size, c=BOUNDARY_COLOUR, edgecolors="none", alpha=0.8, zorder=2)
    marks.set_gid("boundary schools")
    label = f"across the border ({len(xy):,})"
    return [Line2D([], [], marker="o", linestyle="", markersize=np.sqrt(size), color=BOUNDARY_COLOUR, label=label)]


def _rings(
    ax: Axes, where: Locator, highlight: Collection[object] | None, areas: np.ndarray, label: str
) -> list[Line2D]:
    """Ring the ``highlight`` schools in black, just outside their marker; return the legend's entry for them."""
    if highlight is None:
        return []
    pos = where.positions(list(highlight))
    pos = pos[pos >= 0]
    marks = ax.scatter(
        where.xy[pos, 0],
        where.xy[pos, 1],
        s=(np.sqrt(areas[pos]) + 4.0) ** 2,  # 2 points outside the marker, however large it is
        facecolors="none",
        edgecolors="black",
        linewidths=0.8,
        zorder=4,
    )
    marks.set_gid("highlight")
    entry = f"{label} ({len(pos):,})"
    return [Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="black", label=entry)]


def sectioned_legend(ax: Axes, sections: Sequence[tuple[str, Sequence[Line2D]]]) -> Legend | None:
    """One legend beside the axes, in sections with bold headings; None when there is nothing to show.

    Examples
    --------
    >>> fig, ax = map_axes()
    >>> legend = sectioned_legend(ax, [("Ties", [Line2D([], [], label="cluster")]), ("Schools", [])])
    >>> [t.get_text() for t in legend.get_texts()]
    ['Ties', 'cluster']
    >>> plt.close(fig)
    """
    handles: list[Line2D] = []
    headings: list[str] = []
    for heading, items in sections:
        if items:
            handles.append(Line2D([], [], linestyle="", marker="", label=heading))
            headings.append(heading)
            handles.extend(items)
    if not handles:
        return None
    legend = ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, handlelength=1.6
    )
    for text in legend.get_texts():
        if text.get_text() in headings:
            text.set_fontweight("bold")
    return legend


def _note(ax: Axes, text: str) -> None:
    """A short note in the lower right corner of the axes, for what a reader must know to read the figure."""
    if text:
        ax.text(0.99, 0.01, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color=NOTE_COLOUR)


def draw_network(
    G: nx.Graph,
    *,
    color_by: str | None,
    node_color_by: str | None,
    layout: Layout,
    kinds: Collection[str] | None,
    size_by: str | None,
    node_size: float,
    star_above: int | None,
    seed: int,
    ax: Axes | None,
    what: str,
    highlight: Collection[object] | None = None,
    highlight_label: str = "ringed",
) -> tuple[Figure, Axes, Locator, bool]:
    """Draw the ties and schools of ``G``; return the figure, the axes, the schools' positions and whether on a map.

    The arguments are those of :func:`plot_network`; ``what`` names the
    caller in messages. Other maps lay their marks on this drawing.
    ``highlight`` schools are ringed, and the legend says what the rings mean
    with ``highlight_label`` and their number.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> G = nx.MultiGraph([(1, 2, "C", {"kind": "cluster"})])
    >>> nx.set_node_attributes(G, {1: 0.0, 2: 3000.0}, "easting")
    >>> nx.set_node_attributes(G, {1: 0.0, 2: 4000.0}, "northing")
    >>> fig, ax, where, on_map = draw_network(
    ...     G, color_by="kind", node_color_by=None, layout="geo", kinds=None, size_by=None,
    ...     node_size=10.0, star_above=None, seed=0, ax=None, what="example",
    ... )
    >>> on_map, where.km_between([1], [2]).tolist()
    (True, [5.0])
    >>> plt.close(fig)
    """
    _check_choice("color_by", color_by, ("kind", None))
    star_above = whole_number("star_above", star_above, minimum=1, allow_none=True, what="schools")
    nodes = nodes_frame(G)
    where, on_map = _positions(G, nodes, layout, seed, what)
    shown = nodes.loc[where.urns]
    focus = focus_mask(G, where.urns)
    fill, fill_legend = _node_fill(shown, node_color_by, focus)
    areas, median = _areas(shown, size_by, node_size)
    fig, ax = map_axes(ax)
    segments, tie_kinds, n_stars = _tie_lines(G, where, kinds, star_above)
    lines = LineCollection(
        list(segments),
        colors=[KIND_COLOURS.get(k, UNKNOWN_COLOUR) if color_by == "kind" else UNKNOWN_COLOUR for k in tie_kinds],
        linewidths=[_TIE_WIDTH.get(k, 0.5) for k in tie_kinds],
        alpha=_TIE_ALPHA,
        zorder=1,
    )
    lines.set_gid("ties")
    ax.add_collection(lines)
    points = ax.scatter(
        where.xy[focus, 0],
        where.xy[focus, 1],
        s=areas[focus],
        c=[f for f, ok in zip(fill, focus, strict=True) if ok],
        edgecolors="white",
        linewidths=0.3,
        alpha=0.9,
        zorder=3,
    )
    points.set_gid("schools")
    context = _boundary_schools(ax, where.xy[~focus], number("node_size", node_size) * 0.6)
    frame_points(ax, where.xy[focus] if focus.any() else where.xy, min_pad=500.0 if on_map else 0.0)
    if on_map:
        add_scale_bar(ax)
    tie_legend = [
        Line2D([], [], color=KIND_COLOURS.get(k, UNKNOWN_COLOUR), linewidth=2, label=k.replace("_", " "))
        for k in [*KIND_COLOURS, *sorted(set(tie_kinds) - set(KIND_COLOURS))]
        if k in set(tie_kinds) and color_by == "kind"
    ]
    school_legend = [
        Line2D([], [], marker="o", linestyle="", color=c, markeredgecolor="white", label=v)
        for v, c in fill_legend.items()
    ]
    sizes = [] if median is None or size_by is None else _size_handles(shown[size_by], median, node_size, size_by)
    school_legend += context + _rings(ax, where, highlight, areas, highlight_label)
    sectioned_legend(ax, [("Ties", tie_legend), ("Schools", school_legend), ("Size", sizes)])
    notes = [f"groups of more than {star_above} schools drawn as spokes from their lead or centre"] if n_stars else []
    if context:
        notes.append(f"framed on the area's {int(focus.sum()):,} schools; their partners across the border in grey")
    if not on_map:
        notes.append("force-directed layout: distances on the page mean nothing")
    _note(ax, "\n".join(notes))
    return fig, ax, where, on_map


def plot_network(
    G: nx.Graph,
    *,
    color_by: Literal["kind"] | None = "kind",
    node_color_by: str | None = "phase",
    layout: Layout = "geo",
    kinds: Collection[str] | None = None,
    highlight: Collection[object] | None = None,
    size_by: str | None = "pupils",
    node_size: float = 14.0,
    star_above: int | None = 6,
    seed: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
    highlight_label: str = "ringed",
) -> tuple[Figure, Axes]:
    """Map a school network: schools at their positions, sized by pupils, and ties coloured by kind.

    Drawn to be read at county scale (hundreds of schools): ties are thin and
    translucent, hub ties faint and support ties on top; and a large group is
    drawn as a star, not a hairball. A group of ``n`` schools drawn as a
    clique is ``n(n-1)/2`` ties (21 for 7 schools, 105 for 15), which at
    county scale hides everything else, so a group of more than
    ``star_above`` schools (by the live memberships in
    ``G.graph["memberships"]``) is drawn as spokes from its lead school to
    each other member or, without a lead, from the centroid of its members
    to each of them. The default of 6 keeps small clusters and federations
    as the cliques they are and turns most larger clusters and trusts into
    stars.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
    color_by : {"kind"} or None, default "kind"
        What colours the ties: ``"kind"`` uses :data:`KIND_COLOURS`; ``None``
        draws every tie grey.
    node_color_by : str or None, default "phase"
        The node attribute that colours the schools: ``"phase"`` uses
        :data:`PHASE_COLOURS`; any other attribute gets one colour per value
        from matplotlib's ``tab10`` cycle; ``None`` draws every school grey.
    layout : {"geo", "spring"}, default "geo"
        ``"geo"`` places schools at their easting and northing on the British
        National Grid, with a scale bar. ``"spring"``, or ``"geo"`` when no
        school has coordinates, uses a force-directed layout
        (:func:`networkx.spring_layout`) seeded with ``seed``.
    kinds : collection of str, optional
        Draw only ties of these kinds.
    highlight : collection of URNs, optional
        Schools to ring in black, such as isolated schools. The legend counts
        them, as ``highlight_label``.
    size_by : str or None, default "pupils"
        The numeric node attribute that sizes the schools: marker area is
        proportional to it, a school at the median drawn at ``node_size``
        (schools without a value are drawn at ``node_size``). ``None``, or a
        graph without the attribute, draws every school at ``node_size``.
    node_size : float, default 14
        Marker area, in points squared, of a school at the median.
    star_above : int or None, default 6
        Draw groups of more schools than this as stars; ``None`` draws every
        tie.
    seed : int, default 0
        Seed of the force-directed layout: the same seed gives the same
        figure.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title; by default the graph's date.
    highlight_label : str, default "ringed"
        What the rings mean, for the legend: such as ``"no trust or
        federation tie"``.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Its collections are, by ``gid``: ``"ties"`` (a LineCollection, one
        segment per tie or spoke drawn), ``"schools"`` (one point per school
        drawn) and, with ``highlight``, ``"highlight"``. The legend has a
        section for the ties' kinds, the schools' colours and their sizes.

    Raises
    ------
    ParameterError
        If an argument is not valid.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> fig, ax = plot_network(G, kinds=["cluster", "trust"])
    >>> schools = next(c for c in ax.collections if c.get_gid() == "schools")
    >>> len(schools.get_offsets()) == G.number_of_nodes()
    True
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:3]
    ['Ties', 'cluster', 'trust']
    >>> plt.close(fig)
    """
    fig, ax, where, on_map = draw_network(
        G,
        color_by=color_by,
        node_color_by=node_color_by,
        layout=layout,
        kinds=kinds,
        size_by=size_by,
        node_size=node_size,
        star_above=star_above,
        seed=seed,
        ax=ax,
        what="plot_network",
        highlight=highlight,
        highlight_label=highlight_label,
    )
    missing = f" ({len(where.missing)} without coordinates not shown)" if on_map and len(where.missing) else ""
    ax.set_title((title or _default_title(G)) + missing, fontsize=11)
    return fig, ax


def _default_title(G: nx.Graph) -> str:
    as_of = G.graph.get("as_of")
    return "School partnerships" + (f" on {as_of}" if as_of and as_of != "all" else "")
