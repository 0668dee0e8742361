"""Distances between schools, in kilometres, on the British National Grid.

Schools carry ``easting`` and ``northing`` in metres on the British National
Grid (EPSG:27700), on which straight-line distance is Euclidean. Every
question of distance in schoolnet goes through :class:`Locator`, which builds a
scipy KD-tree once and answers radius and nearest-neighbour queries from it,
never by looping over pairs of schools.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.spatial import KDTree

from .errors import MissingCoordinatesError

__all__ = ["METRES_PER_KM", "Locator", "grid_points", "km_apart"]

METRES_PER_KM = 1000.0


def km_apart(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the distance in km between each point of ``a`` and the point on the same row of ``b``.

    Points are rows of easting and northing in metres; a distance is NaN
    where either point has a missing coordinate.

    Examples
    --------
    >>> km_apart(np.array([[0.0, 0.0], [0.0, 0.0]]), np.array([[3000.0, 4000.0], [np.nan, 0.0]])).tolist()
    [5.0, nan]
    """
    km: np.ndarray = np.hypot(a[:, 0] - b[:, 0], a[:, 1] - b[:, 1]) / METRES_PER_KM
    return km


def grid_points(nodes: pd.DataFrame, *, what: str = "this measure") -> np.ndarray:
    """Return every school's easting and northing as numbers, shape ``(n, 2)``; NaN where either is missing.

    Values that are not numbers count as missing.

    Raises
    ------
    MissingCoordinatesError
        If no school has both coordinates; ``what`` names what needed them.

    Examples
    --------
    >>> nodes = pd.DataFrame({"easting": [0, 3000, "x"], "northing": [0, None, 5]}, index=[1, 2, 3])
    >>> grid_points(nodes).tolist()
    [[0.0, 0.0], [nan, nan], [nan, nan]]
    """
    columns = [c for c in ("easting", "northing") if c in nodes.columns]
    if len(columns) < 2:
        xy = np.full((len(nodes), 2), np.nan)
    else:
        xy = nodes[["easting", "northing"]].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, copy=True)
    valid = np.isfinite(xy).all(axis=1)
    if not valid.any():
        raise MissingCoordinatesError(
            f"{what} needs distances, but none of the {len(nodes)} schools has coordinates: give the "
            "schools 'easting' and 'northing' in metres on the British National Grid (the DfE register's "
            "Easting and Northing), or use a measure in network hops instead"
        )
    xy[~valid] = np.nan
    return xy


class Locator:
    """The positions of schools, indexed for questions of distance.

    Parameters
    ----------
    nodes : pandas.DataFrame
        Schools indexed by URN with ``easting`` and ``northing`` columns, such
        as :func:`schoolnet.network.convert.nodes_frame` returns.
    what : str, default "this measure"
        What needs the distances, for the error message.

    Attributes
    ----------
    urns : pandas.Index
        The schools that have coordinates, in the tree's order.
    xy : numpy.ndarray
        Their easting and northing, in metres, shape ``(n, 2)``.
    missing : pandas.Index
        The schools without coordinates, which no distance can reach.

    Raises
    ------
    MissingCoordinatesError
        If no school has coordinates.

    Examples
    --------
    >>> import pandas as pd
    >>> nodes = pd.DataFrame({"easting": [0, 3000, 0], "northing": [0, 4000, None]}, index=[1, 2, 3])
    >>> where = Locator(nodes)
    >>> where.km_between([1], [2]).tolist(), list(where.missing)
    ([5.0], [3])
    """

    def __init__(self, nodes: pd.DataFrame, *, what: str = "this measure") -> None:
        xy = grid_points(nodes, what=what)
        valid = np.isfinite(xy[:, 0])
        self.urns = pd.Index(nodes.index[valid], name="urn")
        self.xy = xy[valid]
        self.missing = pd.Index(nodes.index[~valid], name="urn")
        self.tree = KDTree(self.xy)
        self._position = pd.Series(np.arange(len(self.urns)), index=self.urns)

    def __len__(self) -> int:
        return len(self.urns)

    def positions(self, urns: Sequence[object] | pd.Index | np.ndarray) -> np.ndarray:
        """Return each URN's row in :attr:`xy`, or -1 where it has no coordinates."""
        return self._position.reindex(pd.Index(urns)).fillna(-1).to_numpy(dtype="int64")

    def points(self, urns: Sequence[object] | pd.Index | np.ndarray) -> np.ndarray:
        """Return the coordinates of some schools; NaN for those without."""
        pos = self.positions(urns)
        out = np.full((len(pos), 2), np.nan)
        out[pos >= 0] = self.xy[pos[pos >= 0]]
        return out

    def km_between(
        self, u: Sequence[object] | pd.Index | np.ndarray, v: Sequence[object] | pd.Index | np.ndarray
    ) -> np.ndarray:
        """Return the distance in km between each pair ``(u[i], v[i])``; NaN if either lacks coordinates."""
        return km_apart(self.points(u), self.points(v))

    def pairs_within(self, km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return every pair of schools within ``km`` of each other, once each.

        Returns
        -------
        u, v : numpy.ndarray
            The URNs of each pair.
        km : numpy.ndarray
            The distance between them.
        """
        pairs = self.tree.query_pairs(km * METRES_PER_KM, output_type="ndarray")
        i, j = pairs[:, 0], pairs[:, 1]
        return self.urns.to_numpy()[i], self.urns.to_numpy()[j], km_apart(self.xy[i], self.xy[j])

    def within(self, xy: np.ndarray, km: float) -> list[np.ndarray]:
        """For each point, the URNs of the schools within ``km`` of it (including any at the point)."""
        hits = self.tree.query_ball_point(np.asarray(xy, dtype=float), km * METRES_PER_KM)
        urns = self.urns.to_numpy()
        return [urns[np.asarray(h, dtype="int64")] for h in hits]

    def count_within(self, xy: np.ndarray, km: float) -> np.ndarray:
        """For each point, how many schools are within ``km`` of it."""
        return np.asarray(
            self.tree.query_ball_point(np.asarray(xy, dtype=float), km * METRES_PER_KM, return_length=True)
        )

    def nearest(self, xy: np.ndarray, *, k: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """For each point, the ``k`` nearest schools and their distances in km.

        Returns
        -------
        urns : numpy.ndarray
            Shape ``(len(xy), k)``.
        km : numpy.ndarray
            Shape ``(len(xy), k)``; ``inf`` where there are fewer than ``k``
            schools.
        """
        points = np.asarray(xy, dtype=float).reshape(-1, 2)
        dist, idx = self.tree.query(points, k=k)
        dist, idx = np.asarray(dist).reshape(len(points), k), np.asarray(idx).reshape(len(points), k)
        found = idx < len(self.urns)
        urns = np.where(found, self.urns.to_numpy()[np.minimum(idx, len(self.urns) - 1)], -1)
        return urns, np.where(found, dist / METRES_PER_KM, np.inf)
