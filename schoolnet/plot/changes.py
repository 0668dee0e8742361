"""Figures of change over time: the ties gained and lost on a map, and measures date by date.

:func:`plot_changes` maps what :func:`schoolnet.changes` found: ties gained
as solid lines and ties lost as dashed lines, each in its kind's colour from
:data:`schoolnet.KIND_COLOURS`. :func:`plot_over_time` draws a measure on
each date from :func:`schoolnet.over_time` (or any table with a date), as one
line per group or per column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.ticker import PercentFormatter

from ..errors import MissingCoordinatesError, ParameterError
from ..measures.changes import Changes
from .base import KIND_COLOURS, add_scale_bar, frame_points, map_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["CHANGE_STYLES", "plot_changes", "plot_over_time"]

#: The line style of ties gained and lost on :func:`plot_changes`'s map.
CHANGE_STYLES = {"gained": "solid", "lost": "dashed"}

_OTHER_COLOUR = "#777777"


def plot_changes(
    changes: Changes,
    *,
    kinds: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Map the ties gained and lost between two dates.

    Every school is a small grey point. Each tie gained is a solid line and
    each tie lost a dashed line, in its kind's colour. The map is framed on
    the focus schools of a network selected to an area.

    Parameters
    ----------
    changes : Changes
        What :func:`schoolnet.changes` found.
    kinds : sequence of str, optional
        Draw only ties of these kinds; by default all.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        The title; by default the two dates.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        One ``LineCollection`` per kind and change, with ``gid``
        ``"gained <kind>"`` or ``"lost <kind>"``, labelled for the legend
        with the number of ties, such as ``"trust gained (12)"``.

    Raises
    ------
    MissingCoordinatesError
        If no school has coordinates.

    Examples
    --------
    >>> import pandas as pd, schoolnet
    >>> schools = pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"], "easting": [0, 1000, 2000],
    ...                         "northing": [0, 0, 1000]})
    >>> members = pd.DataFrame({"group_id": "C1", "urn": [1, 2, 3], "joined": [None, None, "2025-01-01"]})
    >>> tables = schoolnet.Tables.from_frames(schools, pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"]}), members)
    >>> fig, ax = plot_changes(schoolnet.changes(tables, between=("2024-09-01", "2025-09-01")))
    >>> [(c.get_gid(), len(c.get_segments())) for c in ax.collections if isinstance(c, LineCollection)]
    [('gained cluster', 2)]
    >>> plt.close(fig)
    """
    schools = changes.schools
    located = schools[["easting", "northing"]].dropna()
    if located.empty:
        raise MissingCoordinatesError("plot_changes: no school has coordinates (easting and northing)")
    fig, ax = map_axes(ax)
    ax.scatter(located["easting"], located["northing"], s=4, color="#bbbbbb", linewidths=0, zorder=1)
    ties = changes.ties
    if kinds is not None:
        ties = ties[ties["kind"].isin(list(kinds)).to_numpy()]
    ends = ties[ties["u"].isin(located.index).to_numpy() & ties["v"].isin(located.index).to_numpy()]
    drawn: list[LineCollection] = []
    order = [k for k in KIND_COLOURS if k in set(ends["kind"])] + sorted(set(ends["kind"]) - set(KIND_COLOURS))
    for kind in order:
        for change, style in CHANGE_STYLES.items():
            chosen = ends[(ends["kind"] == kind).to_numpy() & (ends["change"] == change).to_numpy()]
            if chosen.empty:
                continue
            start = located.loc[chosen["u"], ["easting", "northing"]].to_numpy(dtype=float)
            end = located.loc[chosen["v"], ["easting", "northing"]].to_numpy(dtype=float)
            lines = LineCollection(
                list(np.stack([start, end], axis=1)),
                colors=KIND_COLOURS.get(kind, _OTHER_COLOUR),
                linestyles=style,
                linewidths=1.4 if change == "gained" else 1.0,
                label=f"{kind} {change} ({len(chosen)})",
                zorder=3 if change == "gained" else 2,
            )
            lines.set_gid(f"{change} {kind}")
            ax.add_collection(lines)
            drawn.append(lines)
    in_area = schools.loc[located.index, "in_focus"].ne(False) if "in_focus" in schools.columns else True
    focus = located[np.broadcast_to(np.asarray(in_area, dtype=bool), len(located))]
    frame_points(ax, (focus if len(focus) else located).to_numpy(dtype=float))
    add_scale_bar(ax)
    if drawn:
        ax.legend(handles=drawn, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, title="ties")
    else:
        ax.text(0.5, 0.5, "no tie gained or lost", transform=ax.transAxes, ha="center", color="#5f6b7a")
    ax.set_title(title or f"Ties gained and lost, {changes.before} to {changes.after}")
    return fig, ax


def plot_over_time(
    table: pd.DataFrame,
    *,
    y: str | Sequence[str] = "value",
    by: str | None = None,
    how: Literal["sum", "mean", "median", "max", "count"] = "sum",
    ax: Axes | None = None,
    title: str | None = None,
    ylabel: str | None = None,
    labels: Mapping[str, str] | None = None,
    right: str | Sequence[str] | None = None,
    right_label: str | None = None,
    percent: bool | None = None,
) -> tuple[Figure, Axes]:
    """Draw a measure on each date: one line per group, or per column.

    Parameters
    ----------
    table : pandas.DataFrame
        A table with a ``date`` column (such as :func:`schoolnet.over_time`'s
        long table) or indexed by date (such as
        :func:`schoolnet.groups_over_time`'s).
    y : str or sequence of str, default "value"
        The column to draw, or several columns, one line each.
    by : str, optional
        A column to group the rows by, one line per group (for example
        ``"district"`` after joining it, or ``"kind"``). Only with one ``y``.
    how : {"sum", "mean", "median", "max", "count"}, default "sum"
        How the rows of a date (and group) are combined: with ``"sum"`` a
        long table of ``isolated`` gives the number of isolated schools on
        each date.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title, ylabel : str, optional
        The title and the label of the vertical axis.
    labels : mapping of str to str, optional
        The legend's text for a column or group; by default its name, with
        spaces for underscores (``"in_trust"`` reads "in trust").
    right : str or sequence of str, optional
        Columns of ``y`` to draw against an axis of their own on the right,
        dashed, for a count on another scale: the largest trust (tens of
        schools) beside the schools in a trust (thousands) would otherwise be
        a flat line at the bottom.
    right_label : str, optional
        The label of the right-hand axis.
    percent : bool, optional
        Draw the values as percentages (a share of 0.25 as 25%). By default,
        when ``how="mean"`` of a true-or-false column, which is a share.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        One line per group or column, labelled with it, in the kind's colour
        from :data:`schoolnet.KIND_COLOURS` when the label is a kind.

    Raises
    ------
    ParameterError
        If a column is missing, or ``how`` is not known.

    Examples
    --------
    >>> long = pd.DataFrame({"date": pd.to_datetime(["2023-09-01"] * 2 + ["2024-09-01"] * 2),
    ...                      "urn": [1, 2, 1, 2], "value": [True, True, False, True]})
    >>> fig, ax = plot_over_time(long)
    >>> ax.lines[0].get_ydata().tolist()
    [2, 1]
    >>> plt.close(fig)
    """
    columns = [y] if isinstance(y, str) else list(y)
    if how not in ("sum", "mean", "median", "max", "count"):
        raise ParameterError(f"how={how!r}: expected one of sum, mean, median, max, count")
    frame = table if "date" in table.columns else table.rename_axis("date").reset_index()
    missing = [c for c in [*columns, *([by] if by else [])] if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"plot_over_time: no column {missing[0]!r}; the table has {', '.join(map(str, frame.columns))}"
        )
    if by is not None and len(columns) != 1:
        raise ParameterError("plot_over_time: give one y with by=")
    frame = frame.assign(date=pd.to_datetime(frame["date"]))
    if by is None:
        wide = frame.groupby("date")[columns].agg(how)
    else:
        wide = frame.groupby(["date", by])[columns[0]].agg(how).unstack(by)
    on_right = [] if right is None else [right] if isinstance(right, str) else list(right)
    if set(on_right) - set(columns) or (on_right and by is not None):
        raise ParameterError(f"right={right!r}: expected some of the columns of y, {columns}, and no by=")
    if percent is None:
        percent = how == "mean" and all(pd.api.types.is_bool_dtype(frame[c]) for c in columns)
    if percent:
        wide = wide * 100.0
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.0, 4.5), layout="constrained")
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    other = ax.twinx() if on_right else None
    for i, label in enumerate(wide.columns):
        on = other if other is not None and label in on_right else ax
        name = (labels or {}).get(str(label), str(label).replace("_", " "))
        style = "--" if on is other else "-"
        colour = KIND_COLOURS.get(str(label), f"C{i % 10}")
        on.plot(wide.index, wide[label].to_numpy(), marker="o", markersize=3, label=name, color=colour, linestyle=style)
    if other is not None:
        _right_axis(ax, other, right_label, percent)
    ax.set_xlabel("date")
    ax.set_ylabel(ylabel or (f"{columns[0]} ({how})" if len(columns) == 1 else how))
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    if len(wide.columns) > 1:
        handles = ax.get_lines() + (other.get_lines() if other is not None else [])
        ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.14), ncols=2)
    ax.grid(axis="y", color="#e6e9ed")
    ax.set_title(title or "")
    return fig, ax


def _right_axis(ax: Axes, other: Axes, label: str | None, percent: bool) -> None:
    """The right-hand axis: from zero, labelled, and its lines dashed in the legend."""
    other.set_ylim(bottom=0)
    ax.set_ylim(bottom=0)
    if label:
        other.set_ylabel(label)
    if percent:
        other.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    other.spines[["top"]].set_visible(False)
