"""Maps and charts of school networks.

Every function takes what it draws, and ``ax=`` to draw on existing
matplotlib axes, and returns ``(fig, ax)``; none calls ``plt.show()``. Maps
use the schools' easting and northing on the British National Grid, with equal
scaling and a scale bar in kilometres; schools without coordinates are left off
and counted in the title. A network without coordinates is drawn with a
force-directed layout instead.

Every figure colours a kind of tie or partnership from :data:`KIND_COLOURS`, so
a cluster is the same colour on a map, in a legend, on the timeline and in the
report.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal

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
from matplotlib.patches import Circle

from ._proximity import hop_limit as _one_hop_count
from ._proximity import radii as _radii
from .convert import nodes_frame, ties_frame
from .errors import MissingCoordinatesError, ParameterError
from .geo import METRES_PER_KM, Locator
from .isolation import isolation
from .network import PLAIN_TIE

if TYPE_CHECKING:
    from .brokerage import Assignment

__all__ = [
    "COVERAGE_COLOURS",
    "HOP_COLOURS",
    "ISOLATION_COLOURS",
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

#: The colour of each kind of tie or partnership, used by every figure: maps,
#: legends, the timeline, the panels of partners by kind and the report.
#:
#: The colours are Paul Tol's "muted" qualitative scheme
#: (https://personal.sron.nl/~pault/), chosen because its nine colours stay
#: distinct for readers with any of the common colour-vision deficiencies
#: (deuteranopia, protanopia, tritanopia) and as thin lines on white, and nine
#: is enough for every kind that makes a tie plus associations. The Okabe-Ito
#: palette, the other common choice, has only seven colours besides black.
#: Brokered support, the kind analysts look for first, has the strongest
#: warm colour; kinds that make no tie by default share Tol's grey.
KIND_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "cluster": "#332288",
        "trust": "#117733",
        "federation": "#aa4499",
        "company": "#999933",
        "alliance": "#ddcc77",
        "hub": "#88ccee",
        "support": "#cc6677",
        "other": "#44aa99",
        "association": "#882255",
        "single_academy_trust": "#bbbbbb",
        "sponsor": "#bbbbbb",
        "umbrella_trust": "#bbbbbb",
        "childrens_centres": "#bbbbbb",
        PLAIN_TIE: "#777777",
    }
)

#: The colour of each phase on maps: the Okabe-Ito palette, which stays distinct
#: for colour-blind readers, with grey for "not applicable".
PHASE_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "nursery": "#f0e442",
        "primary": "#0072b2",
        "middle": "#56b4e9",
        "secondary": "#e69f00",
        "all-through": "#cc79a7",
        "16 plus": "#009e73",
        "special": "#d55e00",
        "alternative provision": "#000000",
        "not applicable": "#999999",
    }
)

#: The colour of each reason a school is isolated (:func:`plot_isolation`),
#: most serious first: a school with several reasons takes the first. Okabe-Ito
#: colours, distinct for colour-blind readers.
ISOLATION_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no partnership of any kind": "#d55e00",
        "all partnerships ended": "#e69f00",
        "support only": "#cc79a7",
        "too few partners": "#56b4e9",
        "in no required group": "#0072b2",
        "no partner nearby": "#009e73",
        "other": "#999999",
    }
)
_UNKNOWN_COLOUR: Final = "#bbbbbb"
_NOTE_COLOUR: Final = "#555555"

#: Ties drawn faintly (hubs radiate from one school across a county) and boldly (support is what analysts look for).
_TIE_WIDTH: Final[Mapping[str, float]] = MappingProxyType({"hub": 0.3, "support": 0.9})
_TIE_ALPHA: Final = 0.45

Layout = Literal["geo", "spring"]


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
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = map_axes()
    >>> ax.get_aspect()
    1.0
    >>> plt.close(fig)
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
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ParameterError(f"seed={seed!r}: expected a whole number, which fixes the force-directed layout")
    spring = nx.spring_layout(G, seed=int(seed))
    frame = pd.DataFrame.from_dict(spring, orient="index", columns=["easting", "northing"]).reindex(nodes.index)
    return Locator(frame, what=what), False


def _group_stars(
    G: nx.Graph, ties: pd.DataFrame, where: Locator, star_above: int | None
) -> tuple[pd.DataFrame, list[tuple[np.ndarray, np.ndarray, str]]]:
    """Replace the ties of each group of more than ``star_above`` schools by spokes from its centre.

    Returns the ties left, and for each group drawn as a star its centre, the
    far ends of its spokes, and its kind. The centre is the group's lead school
    when it has one with coordinates, and otherwise the centroid of its members.
    """
    memberships = G.graph.get("memberships")
    if star_above is None or not isinstance(memberships, pd.DataFrame) or ties.empty:
        return ties, []
    live = memberships[memberships["urn"].isin(list(G)) & memberships["group_id"].isin(set(ties["group_id"]))]
    live = live.drop_duplicates(["group_id", "urn"])
    size = live.groupby("group_id")["urn"].size()
    big = set(size.index[size > star_above])
    stars = []
    for _, members in live[live["group_id"].isin(big)].groupby("group_id", sort=True):
        xy = where.points(members["urn"].to_numpy())
        has = np.isfinite(xy).all(axis=1)
        if not has.any():
            continue
        leads = np.flatnonzero(has & members["lead"].to_numpy(dtype=bool))
        centre = xy[leads[0]] if len(leads) else xy[has].mean(axis=0)
        ends = has.copy()
        if len(leads):
            ends[leads[0]] = False
        stars.append((centre, xy[ends], str(members["kind"].iloc[0])))
    return ties[~ties["group_id"].isin(big).to_numpy()], stars


def _tie_lines(
    G: nx.Graph, where: Locator, kinds: Collection[str] | None, star_above: int | None
) -> tuple[np.ndarray, list[str], int]:
    """The segments to draw for the ties, the kind of each, and how many groups are drawn as stars."""
    ties = ties_frame(G)
    for column, blank in (("kind", PLAIN_TIE), ("group_id", None)):
        if column not in ties.columns:
            ties[column] = blank
    ties["kind"] = ties["kind"].fillna(PLAIN_TIE)
    ties = ties[(ties["u"] != ties["v"]).to_numpy(dtype=bool)]
    if kinds is not None:
        ties = ties[ties["kind"].isin(list(kinds)).to_numpy(dtype=bool)]
    ties, stars = _group_stars(G, ties, where, star_above)
    starts = [where.points(ties["u"].to_numpy())] + [np.tile(c, (len(e), 1)) for c, e, _ in stars]
    ends = [where.points(ties["v"].to_numpy())] + [e for _, e, _ in stars]
    kind = [str(k) for k in ties["kind"]] + [k for _, e, k in stars for _ in range(len(e))]
    a, b = np.vstack(starts).reshape(-1, 2), np.vstack(ends).reshape(-1, 2)
    keep = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    segments = np.stack([a[keep], b[keep]], axis=1)
    kept = [k for k, ok in zip(kind, keep, strict=True) if ok]
    # Hubs underneath, support on top.
    order = np.argsort([{"hub": 0, "support": 2}.get(k, 1) for k in kept], kind="stable")
    return segments[order], [kept[i] for i in order], len(stars)


def _areas(shown: pd.DataFrame, size_by: str | None, node_size: float) -> tuple[np.ndarray, float | None]:
    """Marker areas proportional to ``size_by``, a school at the median drawn at ``node_size``; and that median."""
    if not np.isfinite(node_size) or node_size <= 0:
        raise ParameterError(f"node_size={node_size!r}: expected a marker area in points squared greater than 0")
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
            markerfacecolor=_UNKNOWN_COLOUR,
            markeredgecolor="white",
            label=f"{v:,.0f} {what}",
        )
        for v in shown
    ]


def _node_fill(shown: pd.DataFrame, node_color_by: str | None) -> tuple[list[str], dict[str, str]]:
    """Each school's colour, and the colour of each value for the legend."""
    if node_color_by is None:
        return [_UNKNOWN_COLOUR] * len(shown), {}
    if node_color_by == "phase":
        present = set(shown["phase"].dropna().astype(str))
        return _colours(shown["phase"], PHASE_COLOURS), {p: c for p, c in PHASE_COLOURS.items() if p in present}
    if node_color_by not in shown.columns:
        raise ParameterError(
            f"node_color_by={node_color_by!r}: not a school attribute; expected one of {', '.join(shown.columns)}"
        )
    values = shown[node_color_by].astype(str)
    cycle = plt.get_cmap("tab10")
    palette = {v: matplotlib.colors.to_hex(cycle(i % 10)) for i, v in enumerate(sorted(values.unique()))}
    return [palette[v] for v in values], (palette if len(palette) <= 10 else {})


def _sectioned_legend(ax: Axes, sections: Sequence[tuple[str, Sequence[Line2D]]]) -> Legend | None:
    """One legend beside the axes, in sections with bold headings; None when there is nothing to show."""
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
        ax.text(0.99, 0.01, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color=_NOTE_COLOUR)


def _draw_network(
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
) -> tuple[Figure, Axes, Locator, bool]:
    """Draw the ties and schools of ``G``; return the figure, the axes, the schools' positions and whether on a map."""
    _check_choice("color_by", color_by, ("kind", None))
    if star_above is not None and (
        isinstance(star_above, bool) or not isinstance(star_above, (int, np.integer)) or star_above < 1
    ):
        raise ParameterError(f"star_above={star_above!r}: expected a whole number of schools of at least 1, or None")
    nodes = nodes_frame(G)
    where, on_map = _positions(G, nodes, layout, seed, what)
    shown = nodes.loc[where.urns]
    fill, fill_legend = _node_fill(shown, node_color_by)
    areas, median = _areas(shown, size_by, node_size)
    fig, ax = map_axes(ax)
    segments, tie_kinds, n_stars = _tie_lines(G, where, kinds, star_above)
    lines = LineCollection(
        list(segments),
        colors=[KIND_COLOURS.get(k, _UNKNOWN_COLOUR) if color_by == "kind" else _UNKNOWN_COLOUR for k in tie_kinds],
        linewidths=[_TIE_WIDTH.get(k, 0.5) for k in tie_kinds],
        alpha=_TIE_ALPHA,
        zorder=1,
    )
    lines.set_gid("ties")
    ax.add_collection(lines)
    points = ax.scatter(
        where.xy[:, 0], where.xy[:, 1], s=areas, c=fill, edgecolors="white", linewidths=0.3, alpha=0.9, zorder=3
    )
    points.set_gid("schools")
    _frame(ax, where.xy, min_pad=500.0 if on_map else 0.0)
    if on_map:
        add_scale_bar(ax)
    tie_legend = [
        Line2D([], [], color=KIND_COLOURS.get(k, _UNKNOWN_COLOUR), linewidth=2, label=k.replace("_", " "))
        for k in [*KIND_COLOURS, *sorted(set(tie_kinds) - set(KIND_COLOURS))]
        if k in set(tie_kinds) and color_by == "kind"
    ]
    school_legend = [
        Line2D([], [], marker="o", linestyle="", color=c, markeredgecolor="white", label=v)
        for v, c in fill_legend.items()
    ]
    sizes = [] if median is None or size_by is None else _size_handles(shown[size_by], median, node_size, size_by)
    _sectioned_legend(ax, [("Ties", tie_legend), ("Schools", school_legend), ("Size", sizes)])
    notes = [f"groups of more than {star_above} schools drawn as spokes from their lead or centre"] if n_stars else []
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
        Schools to ring in black, such as isolated schools.
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
    fig, ax, where, on_map = _draw_network(
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
    )
    if highlight is not None:
        pos = where.positions(list(highlight))
        pos = pos[pos >= 0]
        areas = _areas(nodes_frame(G).loc[where.urns], size_by, node_size)[0][pos]
        marks = ax.scatter(
            where.xy[pos, 0],
            where.xy[pos, 1],
            s=areas * 2.5 + 20,
            facecolors="none",
            edgecolors="black",
            linewidths=1.1,
            zorder=4,
        )
        marks.set_gid("highlight")
    missing = f" ({len(where.missing)} without coordinates not shown)" if on_map and len(where.missing) else ""
    ax.set_title((title or _default_title(G)) + missing, fontsize=11)
    return fig, ax


def _frame(ax: Axes, xy: np.ndarray, *, min_pad: float = 500.0) -> None:
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = max(float((hi - lo).max()) * 0.05, min_pad)
    ax.set_xlim(lo[0] - pad, hi[0] + pad)
    ax.set_ylim(lo[1] - pad * 2, hi[1] + pad)


def _default_title(G: nx.Graph) -> str:
    as_of = G.graph.get("as_of")
    return "School partnerships" + (f" on {as_of}" if as_of and as_of != "all" else "")


def _reason_category(reasons: str) -> str:
    """The most serious of a school's reasons for isolation (the reasons :func:`schoolnet.isolation` gives)."""
    found = set()
    for reason in filter(None, reasons.split("; ")):
        if reason.startswith("no partnership of any kind"):
            found.add("no partnership of any kind")
        elif reason.startswith(("only partnership ended", "all ")) and "ended" in reason:
            found.add("all partnerships ended")
        elif reason.startswith("support only"):
            found.add("support only")
        elif reason.startswith("only ") and "fewer than" in reason:
            found.add("too few partners")
        elif reason.startswith("no partner within"):
            found.add("no partner nearby")
        elif reason.startswith("no "):
            found.add("in no required group")
        else:
            found.add("other")
    return next(c for c in ISOLATION_COLOURS if c in found) if found else "other"


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

    Each isolated school takes the colour of its most serious reason, in the
    order of :data:`ISOLATION_COLOURS`: no partnership of any kind; all its
    partnerships ended; support only, no peer partnership; too few partners;
    in none of the required groups (such as no cluster) though it has
    partners; no partner nearby. The other schools and their ties are drawn
    faintly in grey, for context.

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
        ``reasons`` columns.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> table = schoolnet.isolation(G)
    >>> fig, ax = plot_isolation(table, G=G)
    >>> marked = next(c for c in ax.collections if c.get_gid() == "isolated")
    >>> len(marked.get_offsets()) == int(table["isolated"].sum())
    True
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
        missing = [c for c in ("isolated", "reasons") if c not in table_or_G.columns]
        if missing:
            raise ParameterError(
                f"table: no column {missing[0]!r}; expected the result of schoolnet.isolation, with 'isolated' "
                "and 'reasons' columns"
            )
        network, table = G, table_or_G
    else:
        raise ParameterError(
            f"table_or_G: got a {type(table_or_G).__name__}; expected the table from schoolnet.isolation or a network"
        )
    fig, ax, where, _ = _draw_network(
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
    category = isolated["reasons"].astype(str).map(_reason_category)
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
    labels = {"in no required group": f"in no {' or '.join(required)}, has partners"} if required else {}
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, markeredgecolor="black", markersize=6.5)
        for colour in ISOLATION_COLOURS.values()
    ]
    for handle, reason in zip(handles, ISOLATION_COLOURS, strict=True):
        handle.set_label(f"{labels.get(reason, reason)} ({counts.get(reason, 0)})")
    _sectioned_legend(
        ax, [("Why isolated", [h for h, r in zip(handles, ISOLATION_COLOURS, strict=True) if r in counts])]
    )
    n, off = len(isolated), int(np.count_nonzero(pos < 0))
    heading = title or f"{n} professionally isolated school{'s' if n != 1 else ''}, by the main reason"
    ax.set_title(heading + (f" ({off} without coordinates not shown)" if off else ""), fontsize=11)
    return fig, ax


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
