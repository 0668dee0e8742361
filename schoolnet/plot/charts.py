"""Charts of a school network that are not maps: partners by kind, and partnerships over time.

Like the maps in :mod:`schoolnet.plot`, they colour each kind of tie or
partnership from :data:`schoolnet.plot.base.KIND_COLOURS`, return the figure and
what was drawn on, and never call ``plt.show()``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..errors import ParameterError
from ..measures.isolation import isolation
from ..network.build import member_periods, resolve_expansions
from ..tables.schema import SUPPORT
from ..tables.tables import Tables
from .base import KIND_COLOURS, UNKNOWN_COLOUR

__all__ = ["plot_partners_distribution", "plot_timeline"]


def _kind_order(kinds: Collection[str]) -> list[str]:
    """Kinds in the order of :data:`KIND_COLOURS`, then any others alphabetically."""
    return [k for k in KIND_COLOURS if k in kinds] + sorted(set(kinds) - set(KIND_COLOURS))


def _panels(ax: Figure | Sequence[Axes] | None, n: int, *, width: float = 3.0) -> tuple[Figure, list[Axes]]:
    """``n`` axes for small multiples: new, on a given figure, or given."""
    columns = min(n, 4)
    rows = -(-n // columns) if n else 1
    if ax is None or isinstance(ax, Figure):
        fig = (
            ax
            if isinstance(ax, Figure)
            else plt.figure(figsize=(width * columns, 2.4 * rows + 0.6), layout="constrained")
        )
        grid = fig.subplots(rows, max(columns, 1), squeeze=False)
        axes = list(grid.ravel())
        for spare in axes[n:]:
            spare.set_visible(False)
        return fig, axes[:n]
    given = list(ax)
    if len(given) != n or not all(isinstance(a, Axes) for a in given):
        raise ParameterError(f"ax: got {len(given)} axes; expected a figure, or one axes per kind drawn ({n})")
    return given[0].get_figure(), given  # type: ignore[return-value]


def _axis_end(tied: np.ndarray) -> int:
    """Where a panel's axis of partners ends: the upper quartile plus three interquartile ranges, at least 10.

    Examples
    --------
    >>> _axis_end(np.array([1] * 200 + [200])), _axis_end(np.array([1, 3, 8, 14, 23]))
    (10, 23)
    """
    if not len(tied):
        return 1
    q1, q3 = np.percentile(tied, [25, 75])
    return int(min(tied.max(), max(10, np.ceil(q3 + 3 * (q3 - q1)))))


def _off_the_scale(panel: Axes, beyond: np.ndarray, at: float, width: float, colour: str, kind: str) -> None:
    """One hatched bar for the schools beyond the axis's end, labelled with how many partners they have."""
    if not len(beyond):
        return
    (bar,) = panel.bar(at, len(beyond), width=width, color="white", edgecolor=colour, hatch="////", linewidth=0.8)
    bar.set_gid(kind)
    low, high = int(beyond.min()), int(beyond.max())
    span = f"{low}" if low == high else f"{low}-{high}"
    label = f"{len(beyond)} with {span}"
    panel.annotate(label, (at, len(beyond)), xytext=(0, 3), textcoords="offset points", ha="right", fontsize=7)


def plot_partners_distribution(
    G: nx.Graph,
    *,
    kinds: Collection[str] | None = None,
    ax: Figure | Sequence[Axes] | None = None,
    title: str | None = None,
) -> tuple[Figure, list[Axes]]:
    """Chart how many distinct partner schools each school has, one small panel per kind of tie.

    Each panel is a histogram, in the kind's colour from
    :data:`schoolnet.plot.base.KIND_COLOURS`, of the schools with at least one tie
    of that kind, by their number of distinct partners through ties of that
    kind (as :func:`schoolnet.isolation` counts them in ``partners_<kind>``).
    The schools with none are counted in the panel's title rather than drawn,
    so that they do not flatten the rest. A dashed line marks the median.
    The few schools with far more partners than the rest (the lead of a hub
    or an alliance is tied to every member) share one hatched bar at the
    right, labelled with their range, so that they do not squash the others
    to the left edge: the axis ends at the upper quartile plus three times
    the interquartile range, or 10, whichever is more.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
    kinds : collection of str, optional
        The kinds to draw, one panel each; by default every kind of tie in
        ``G``, in the order of :data:`schoolnet.plot.base.KIND_COLOURS`.
    ax : matplotlib.figure.Figure or sequence of matplotlib.axes.Axes, optional
        Where to draw: a figure to fill with a grid of panels (up to four a
        row), or one axes per kind, in the order of ``kinds``. By default a
        new figure.
    title : str, optional
        The figure's title.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : list of matplotlib.axes.Axes
        One per kind, in order; each panel's bars have ``gid`` the kind.

    Raises
    ------
    ParameterError
        If a kind has no ties in ``G``, or ``ax`` does not hold one axes per
        kind.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> fig, axes = plot_partners_distribution(G, kinds=["cluster", "trust"])
    >>> [a.get_title().split(":")[0] for a in axes]
    ['cluster', 'trust']
    >>> plt.close(fig)
    """
    table = isolation(G, require=())
    present = [c.removeprefix("partners_") for c in table.columns if c.startswith("partners_")]
    chosen = _kind_order(present) if kinds is None else list(kinds)
    unknown = [k for k in chosen if k not in present]
    if unknown:
        raise ParameterError(
            f"kinds: no ties of kind {unknown[0]!r} in this network; expected some of {', '.join(present)}"
        )
    fig, axes = _panels(ax, len(chosen))
    for kind, panel in zip(chosen, axes, strict=True):
        counts = table[f"partners_{kind}"].to_numpy(dtype="int64")
        tied = counts[counts > 0]
        top = _axis_end(tied)
        step = max(1, int(np.ceil(top / 30)))
        edges = np.arange(0.5, top + step + 0.5, step)
        heights, _ = np.histogram(tied[tied <= top], bins=edges)
        colour = KIND_COLOURS.get(kind, UNKNOWN_COLOUR)
        bars = panel.bar(
            (edges[:-1] + edges[1:]) / 2, heights, width=step, color=colour, edgecolor="white", linewidth=0.5
        )
        for bar in bars.patches:
            bar.set_gid(kind)
        _off_the_scale(panel, tied[tied > top], edges[-1] + step, step, colour, kind)
        if len(tied):
            panel.axvline(float(np.median(tied)), color="#333333", linestyle="--", linewidth=0.8)
        none = len(counts) - len(tied)
        panel.set_title(f"{kind.replace('_', ' ')}: {len(tied)} schools ({none} with none)", fontsize=9)
        panel.set_xlabel("distinct partners", fontsize=8)
        panel.set_ylabel("schools", fontsize=8)
        panel.tick_params(labelsize=7)
        panel.spines[["top", "right"]].set_visible(False)
    fig.suptitle(title or "Distinct partner schools per school, by kind of tie (dashed: median)", fontsize=11)
    return fig, axes


def _events(tables: Tables) -> pd.DataFrame:
    """Every membership and support link with the year it started and ended (NaN when not known), and its kind."""
    members = member_periods(tables, resolve_expansions(None), None)
    support = tables.support
    frames = [
        pd.DataFrame(
            {"kind": members["kind"].to_numpy(dtype=object), "start": members["start"], "end": members["end"]}
        ),
        pd.DataFrame({"kind": SUPPORT, "start": support["start"].to_numpy(), "end": support["end"].to_numpy()}),
    ]
    events = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else frames[0]
    return pd.DataFrame(
        {
            "kind": events["kind"].astype(str),
            "joined": pd.to_datetime(events["start"]).dt.year,
            "ended": pd.to_datetime(events["end"]).dt.year,
        }
    )


def plot_timeline(
    tables: Tables,
    *,
    kinds: Collection[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Chart the partnerships schools joined (above the line) and ended (below) each year, by kind.

    A school's membership of a group counts from the later of the day it
    joined and the day the group opened, to the earlier of the day it left and
    the day the group closed (as :func:`schoolnet.build_network` counts it);
    a group's lead counts as a member. A support link counts from its start
    to its end, under the kind ``"support"``. Memberships and links whose
    start or end is not known are left off, and counted in a note.

    Parameters
    ----------
    tables : Tables
        The tables, such as :func:`schoolnet.load_sample` returns.
    kinds : collection of str, optional
        Draw only these kinds; by default all, in the order of
        :data:`schoolnet.plot.base.KIND_COLOURS`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Bars stacked by kind, one per year: those joined have ``gid``
        ``"joined <kind>"`` and positive heights, those ended ``"ended
        <kind>"`` and negative heights. The legend names the kinds.

    Raises
    ------
    ParameterError
        If ``tables`` is not a :class:`~schoolnet.Tables`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import schoolnet
    >>> fig, ax = plot_timeline(schoolnet.load_sample())
    >>> joined = [p for p in ax.patches if p.get_gid() == "joined support"]
    >>> sum(round(p.get_height()) for p in joined)
    51
    >>> plt.close(fig)
    """
    if not isinstance(tables, Tables):
        raise ParameterError(
            f"tables: got a {type(tables).__name__}; expected schoolnet.Tables (schoolnet.load_sample())"
        )
    events = _events(tables)
    if kinds is not None:
        events = events[events["kind"].isin(list(kinds)).to_numpy(dtype=bool)]
    joined = events.dropna(subset=["joined"]).groupby(["joined", "kind"]).size().unstack(fill_value=0)
    ended = events.dropna(subset=["ended"]).groupby(["ended", "kind"]).size().unstack(fill_value=0)
    seen = [int(y) for y in (*joined.index, *ended.index)]
    years = np.arange(min(seen), max(seen) + 1) if seen else np.arange(0)
    order = _kind_order(set(joined.columns) | set(ended.columns))
    joined = joined.reindex(index=years, columns=order, fill_value=0)
    ended = ended.reindex(index=years, columns=order, fill_value=0)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9.0, 4.8), layout="constrained")
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    for sign, frame, what in ((1, joined, "joined"), (-1, ended, "ended")):
        base = np.zeros(len(years))
        for kind in order:
            heights = sign * frame[kind].to_numpy(dtype=float)
            bars = ax.bar(years, heights, bottom=base, width=0.8, color=KIND_COLOURS.get(kind, UNKNOWN_COLOUR))
            for bar in bars.patches:
                bar.set_gid(f"{what} {kind}")
            base += heights
    ax.axhline(0, color="black", linewidth=0.8)
    ax.legend(
        handles=[Patch(color=KIND_COLOURS.get(k, UNKNOWN_COLOUR), label=k.replace("_", " ")) for k in order],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        frameon=False,
    )
    if len(years):
        ax.set_xticks(years, [str(y) for y in years], rotation=90 if len(years) > 15 else 0, fontsize=8)
    up = max(float(joined.sum(axis=1).max()) if len(years) else 0.0, 1.0)
    down = max(float(ended.sum(axis=1).max()) if len(years) else 0.0, up * 0.1)
    ax.set_ylim(-down * 1.1, up * 1.1)
    ax.yaxis.set_major_formatter(lambda y, _: f"{abs(y):g}")
    ax.text(0.005, 0.98, "joined", transform=ax.transAxes, va="top", fontsize=8, color="#555555")
    ax.text(0.005, 0.02, "ended", transform=ax.transAxes, va="bottom", fontsize=8, color="#555555")
    ax.set_ylabel("memberships and support links")
    ax.spines[["top", "right"]].set_visible(False)
    unknown = int(events["joined"].isna().sum())
    if unknown:
        ax.annotate(
            f"{unknown} with no known start not shown",
            xy=(1.0, -0.02),
            xycoords="axes fraction",
            ha="right",
            va="top",
            fontsize=7,
            color="#555555",
        )
    ax.set_title(title or "Partnerships joined and ended each year, by kind", fontsize=11)
    return fig, ax
