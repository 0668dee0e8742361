"""What every figure of schoolnet shares: the colours of kinds and phases, and map axes with a scale bar.

Every figure colours a kind of tie or partnership from :data:`KIND_COLOURS`, so
a cluster is the same colour on a map, in a legend, on the timeline and in the
report. Maps are drawn on the British National Grid, in metres, with equal
scaling and a scale bar in kilometres.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..geo import METRES_PER_KM
from ..network.build import PLAIN_TIE

__all__ = [
    "BOUNDARY_COLOUR",
    "KIND_COLOURS",
    "NOTE_COLOUR",
    "PHASE_COLOURS",
    "UNKNOWN_COLOUR",
    "add_scale_bar",
    "frame_points",
    "map_axes",
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


#: The colour of a school or tie of no known kind or value.
UNKNOWN_COLOUR: Final = "#bbbbbb"

#: The colour of boundary schools: the partners across the border of an area, drawn as context.
BOUNDARY_COLOUR: Final = "#a0a0a0"

#: The colour of the notes that say how to read a figure.
NOTE_COLOUR: Final = "#555555"


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


def frame_points(ax: Axes, xy: np.ndarray, *, min_pad: float = 500.0) -> None:
    """Set the limits of ``ax`` to show the points ``xy``, with a margin (more below, for the scale bar).

    Examples
    --------
    >>> fig, ax = map_axes()
    >>> frame_points(ax, np.array([[0.0, 0.0], [10_000.0, 10_000.0]]))
    >>> [float(x) for x in (*ax.get_xlim(), *ax.get_ylim())]
    [-500.0, 10500.0, -1000.0, 10500.0]
    >>> plt.close(fig)
    """
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = max(float((hi - lo).max()) * 0.05, min_pad)
    ax.set_xlim(lo[0] - pad, hi[0] + pad)
    ax.set_ylim(lo[1] - pad * 2, hi[1] + pad)
