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
    ylabel: str = "effect on the outcome",
) -> tuple[Figure, Axes]:
    """Effects by years since joining, each with its confidence interval.

    Years before joining are grey (they should be near zero if schools that
    joined were on the same path as those that had not); years from joining
    on are blue. A dashed line marks no effect and a dotted one the year
    before joining, the reference of every comparison.

    Parameters
    ----------
    study : EventStudy or pandas.DataFrame
        What :func:`schoolnet.staggered_did` returns, or its ``event`` table
        (indexed by ``event_time``, with ``att``, ``ci_low`` and ``ci_high``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str or None, default "Effect of joining, by years since joining"
        The title; None for none.
    ylabel : str, default "effect on the outcome"
        The label of the vertical axis.

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
    x = np.asarray(event.index, dtype=float)
    att = event["att"].to_numpy(float)
    errors = np.vstack([att - event["ci_low"].to_numpy(float), event["ci_high"].to_numpy(float) - att])
    for after, colour, label in ((False, _BEFORE, "before joining"), (True, _AFTER, "after joining")):
        keep = (x >= 0) == after
        if keep.any():
            ax.errorbar(x[keep], att[keep], yerr=errors[:, keep], fmt="o", color=colour, capsize=3, label=label)
    ax.axhline(0.0, color="black", linestyle="--", linewidth=0.8)
    ax.axvline(-1.0, color="black", linestyle=":", linewidth=0.8)
    ax.set_xlabel("years since joining")
    ax.set_ylabel(ylabel)
    ax.set_xticks(np.arange(min(x.min(), -1.0), x.max() + 1))
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", frameon=False)
    return fig, ax
