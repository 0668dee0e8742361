"""Draw the effect of joining a partnership by years since joining.

:func:`plot_impact` draws the event-study table of
:func:`schoolnet.staggered_did`: one point per year since joining with its
confidence interval, a line at no effect and a mark at the year before
joining, the reference. It returns the figure and axes and never calls
``plt.show()``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..errors import ParameterError
from ..impact.staggered import EventStudy

__all__ = ["plot_impact"]

_BEFORE, _AFTER = "#7f7f7f", "#1f77b4"


def plot_impact(
    study: EventStudy | pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = "Effect of joining, by years since joining",
    ylabel: str | None = None,
    points: bool = False,
) -> tuple[Figure, Axes]:
    """Effects by years since joining, each with its confidence interval.

    Years before joining are grey (they should be near zero if schools that
    joined were on the same path as those that had not); years from joining
    on are blue. A dashed line marks no effect and a dotted one the year
    before joining, the reference of every comparison. Each effect is written
    beside its point, every year of the table has its place on the axis (a
    year that could not be estimated is named in a note), and the legend
    stands below the chart, over no point or whisker.

    Parameters
    ----------
    study : EventStudy or pandas.DataFrame
        What :func:`schoolnet.staggered_did` returns, or its ``event`` table
        (indexed by ``event_time``, with ``att``, ``ci_low`` and ``ci_high``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str or None, default "Effect of joining, by years since joining"
        The title; None for none.
    ylabel : str, optional
        The label of the vertical axis; by default "effect on the outcome",
        with "(percentage points)" when ``points``.
    points : bool, default False
        For an outcome that is a share (0.45 for 45% of pupils): draw the
        effects in percentage points, 100 times the share, as a report speaks
        of them.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes

    Raises
    ------
    ParameterError
        If the table has no rows or lacks a column.

    Examples
    --------
    >>> event = pd.DataFrame({"att": [0.1, 2.0], "ci_low": [-0.5, 1.0], "ci_high": [0.7, 3.0]},
    ...                      index=pd.Index([-2, 0], name="event_time"))
    >>> fig, ax = plot_impact(event)
    >>> [bars.get_label() for bars in ax.containers]
    ['before joining', 'after joining']
    >>> plt.close(fig)
    """
    event = study.event if isinstance(study, EventStudy) else study
    missing = {"att", "ci_low", "ci_high"} - set(event.columns)
    if missing or event.empty:
        raise ParameterError(
            f"study: expected an event-study table with att, ci_low and ci_high; "
            f"{'it has no rows' if event.empty else f'missing {sorted(missing)}'}"
        )
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.0, 4.0), layout="constrained")
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    scale = 100.0 if points else 1.0
    x = np.asarray(event.index, dtype=float)
    att = event["att"].to_numpy(float) * scale
    low, high = event["ci_low"].to_numpy(float) * scale, event["ci_high"].to_numpy(float) * scale
    errors = np.vstack([att - low, high - att])
    estimated = np.isfinite(att)
    for after, colour, label in ((False, _BEFORE, "before joining"), (True, _AFTER, "after joining")):
        keep = ((x >= 0) == after) & estimated
        if keep.any():
            ax.errorbar(x[keep], att[keep], yerr=errors[:, keep], fmt="o", color=colour, capsize=3, label=label)
    for at, value in zip(x[estimated], att[estimated], strict=True):
        ax.annotate(_value(value, points), (at, value), xytext=(6, 0), textcoords="offset points", va="center")
    ax.axhline(0.0, color="black", linestyle="--", linewidth=0.8)
    ax.axvline(-1.0, color="black", linestyle=":", linewidth=0.8, label="year before joining (reference)")
    ax.set_xlabel("years since joining")
    ax.set_ylabel(ylabel or ("effect on the outcome" + (" (percentage points)" if points else "")))
    first, last = min(x.min(), -1.0), max(x.max(), -1.0)
    ax.set_xticks(np.arange(first, last + 1))
    ax.set_xlim(first - 0.6, last + 0.9)  # room for the labels beside the points
    if not estimated.all():
        unknown = ", ".join(f"{t:g}" for t in x[~estimated])
        ax.text(0.01, 0.01, f"not estimable: {unknown}", transform=ax.transAxes, fontsize=8, color="#555555")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=3, frameon=False, fontsize=9)
    return fig, ax


def _value(value: float, points: bool) -> str:
    """An effect as written beside its point: to one decimal of a percentage point, or to three figures."""
    return f"{value:+.1f}" if points else f"{value:+.3g}"
