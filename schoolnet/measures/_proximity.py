"""The schools of a network as arrays, for measuring reach: hops through the network and distances on the map.

:mod:`schoolnet.measures.reach` and :mod:`schoolnet.measures.coverage` measure how system
leaders reach schools, and ask the same questions of a network: which schools
are within so many hops of each leader, which are within so many km, and
which leader is nearest to each school. They are answered here, from every
leader at once: hops by sparse matrix products and a breadth-first search
over all leaders together, distances from the KD-tree of
:class:`schoolnet.geo.Locator`.

Rows are the schools in the graph's node order. Ties between equally near
leaders go to the lowest URN.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import chain
from typing import Final

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from .._validate import distances_km, whole_number
from ..geo import Locator
from ..network._matrix import collapsed_ties, ragged_positions
from ..network.convert import nodes_frame

__all__ = [
    "Schools",
    "hop_limit",
    "missing_where",
    "nearest_by_hops",
    "nearest_by_km",
    "nearest_table",
    "ones_at",
    "pairs_within_km",
    "radii",
    "within_hops",
]

#: How many of its nearest leaders a school's distances are compared among first, to break exact ties.
_TIED_NEIGHBOURS: Final = 8

#: Distances within this many km of each other are equal, for breaking ties (a micrometre).
_SAME_KM: Final = 1e-9


def hop_limit(hops: object) -> int | None:
    """``hops=`` where it is one number of hops: a whole number of at least 0, or None.

    Examples
    --------
    >>> hop_limit(2), hop_limit(None)
    (2, None)
    """
    return whole_number("hops", hops, allow_none=True, what="hops")


def radii(km: object) -> tuple[float, ...]:
    """``km=`` where it is several radii: distances in km above 0, sorted, each once; ``()`` for none.

    Examples
    --------
    >>> radii(10), radii([20, 5, 20]), radii(())
    ((10.0,), (5.0, 20.0), ())
    """
    return distances_km("km", km)


class Schools:
    """The schools of a network in node order, with their ties as a sparse adjacency and a tie-break order."""

    def __init__(self, G: nx.Graph) -> None:
        self.G = G
        self.index = pd.Index(list(G), name="urn")
        self._locator: Locator | None = None

    def __len__(self) -> int:
        return len(self.index)

    @cached_property
    def nodes(self) -> pd.DataFrame:
        """The schools table (:func:`schoolnet.nodes_frame`), made when a measure first needs it."""
        return nodes_frame(self.G)

    def positions(self, urns: Sequence[object] | pd.Index | np.ndarray) -> np.ndarray:
        """The rows of some schools, all of which are nodes."""
        return np.asarray(self.index.get_indexer(pd.Index(urns)), dtype=np.int64)

    @cached_property
    def adjacency(self) -> sparse.csr_array:
        """Which schools are one hop apart: symmetric, 0/1, with an empty diagonal.

        Read from each school's neighbours rather than edge by edge, so that
        parallel ties are counted once at no cost.
        """
        if not self.G.is_directed():
            # The collapsed ties already hold each pair once, in node order.
            pattern = collapsed_ties(self.G).pattern
            return sparse.csr_array(
                (np.ones(pattern.nnz, dtype=np.int32), pattern.indices, pattern.indptr), pattern.shape
            )
        n = len(self)
        neighbours = [self.G.adj[u] for u in self.index]
        lengths = np.fromiter(map(len, neighbours), dtype=np.int64, count=n)
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        cols = self.positions(pd.Index(list(chain.from_iterable(neighbours))))
        apart = rows != cols
        rows, cols = rows[apart], cols[apart]
        # A directed graph lists each tie at one end only: count it both ways.
        return ones_at(np.concatenate([rows, cols]), np.concatenate([cols, rows]), (n, n))

    @cached_property
    def rank(self) -> np.ndarray:
        """Each school's place in URN order, for breaking ties; node order if URNs cannot be compared."""
        try:
            order = np.argsort(self.index.to_numpy(), kind="stable")
        except TypeError:
            order = np.arange(len(self))
        rank = np.empty(len(self), dtype=np.int64)
        rank[order] = np.arange(len(self))
        return rank

    def locator(self, what: str) -> Locator:
        """The positions of the schools; raises :class:`MissingCoordinatesError` if none has any."""
        if self._locator is None:
            self._locator = Locator(self.nodes, what=what)
        return self._locator

    def urn_column(self, rows: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
        """The URNs of some rows, missing where the row is -1."""
        urns = self.index.to_numpy()[np.maximum(rows, 0)] if rows.size else self.index.to_numpy()[:0]
        return missing_where(urns, rows < 0)


def missing_where(values: np.ndarray, missing: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Values with gaps where ``missing`` is true: ``Int64`` for whole numbers, else objects with None."""
    if np.issubdtype(values.dtype, np.integer):
        whole = pd.array(np.where(missing, 0, values), dtype="Int64")
        whole[missing] = pd.NA
        return whole
    array = values.astype(object)
    array[missing] = None
    return array


def _ties_out(A: sparse.csr_array, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every tie out of some rows of a CSR adjacency, as ``(row, neighbour)`` arrays."""
    positions, counts = ragged_positions(A.indptr, rows)
    return np.repeat(rows, counts), A.indices[positions]


def within_hops(A: sparse.csr_array, sources: np.ndarray, steps: Iterable[int]) -> dict[int, sparse.csr_array]:
    """For each number of hops, which schools each source reaches within it (itself included).

    Returns one 0/1 matrix of shape ``(len(sources), n)`` per number of hops,
    grown one hop at a time by sparse products: a breadth-first search from
    every source at once.
    """
    wanted = set(steps)
    n = A.shape[0]
    reached = ones_at(np.arange(len(sources)), sources, (len(sources), n))
    out = {0: reached} if 0 in wanted else {}
    for h in range(1, max(wanted, default=0) + 1):
        reached = sparse.csr_array(reached + reached @ A)
        reached.data[:] = 1
        if h in wanted:
            out[h] = reached
    return out


def nearest_by_hops(A: sparse.csr_array, sources: np.ndarray, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Multi-source breadth-first search: each school's hops to the nearest source, and which source.

    One level at a time, every newly reached school takes, among the sources
    of its neighbours one level nearer, the one of lowest ``rank``; by
    induction that is the lowest-ranked of all its nearest sources.

    Returns
    -------
    hops : numpy.ndarray
        Hops to the nearest source, -1 where none can be reached.
    source : numpy.ndarray
        The position in ``sources`` of that source, -1 where none.
    """
    n = A.shape[0]
    hops = np.full(n, -1, dtype=np.int64)
    owner = np.full(n, -1, dtype=np.int64)
    hops[sources] = 0
    owner[sources] = np.arange(len(sources))
    source_rank = rank[sources]
    frontier, level = np.asarray(sources, dtype=np.int64), 0
    while frontier.size:
        level += 1
        school, neighbour = _ties_out(A, frontier)
        fresh = hops[neighbour] < 0
        neighbour, claim = neighbour[fresh], owner[school[fresh]]
        order = np.lexsort((source_rank[claim], neighbour))
        neighbour, claim = neighbour[order], claim[order]
        first = np.ones(neighbour.size, dtype=bool)
        first[1:] = neighbour[1:] != neighbour[:-1]
        frontier = neighbour[first]
        hops[frontier] = level
        owner[frontier] = claim[first]
    return hops, owner


def nearest_by_km(schools: Schools, leaders: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Each school's distance to the nearest leader, and that leader's row (-1 where none is known).

    Among equally near leaders (on one site, or on a circle round the
    school), the lowest URN: the nearest few are compared first, and more for
    the schools whose ties go on past them.
    """
    where = schools.locator(what)
    km = np.full(len(schools), np.nan)
    nearest = np.full(len(schools), -1, dtype=np.int64)
    placed = leaders[where.positions(schools.index[leaders]) >= 0]
    if not placed.size:
        return km, nearest
    leading = Locator(schools.nodes.iloc[placed], what=what)
    at = schools.positions(where.urns)
    todo, k = np.arange(len(at)), min(_TIED_NEIGHBOURS, len(placed))
    while todo.size:
        urns, dist = leading.nearest(where.xy[todo], k=k)
        rows = schools.positions(urns.ravel()).reshape(urns.shape)
        tied = dist <= dist[:, :1] + _SAME_KM
        best = np.argmin(np.where(tied, schools.rank[rows], np.iinfo(np.int64).max), axis=1)
        km[at[todo]] = dist[np.arange(len(todo)), best]
        nearest[at[todo]] = rows[np.arange(len(todo)), best]
        # Where every leader found is tied, more may be: look again, twice as far down the list.
        todo = todo[tied[:, -1]] if k < len(placed) else todo[:0]
        k = min(2 * k, len(placed))
    return km, nearest


def pairs_within_km(
    schools: Schools, sources: np.ndarray, km: float, what: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (source, school) pair within ``km`` of each other: source index, school row, distance."""
    where = schools.locator(what)
    source_urns = schools.index[sources]
    placed = np.flatnonzero(where.positions(source_urns) >= 0)
    found = where.within(where.points(source_urns[placed]), km)
    counts = np.array([len(f) for f in found], dtype=np.int64)
    source = np.repeat(placed, counts)
    urns = np.concatenate(found) if found else np.array([], dtype=np.int64)
    rows = schools.positions(urns)
    dist = where.km_between(source_urns[source], urns)
    return source, rows, dist


def ones_at(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_array:
    """A 0/1 sparse matrix with ones at ``(rows, cols)``."""
    matrix = sparse.csr_array((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=shape)
    matrix.data[:] = 1
    return matrix


def nearest_table(schools: Schools, lead: np.ndarray, *, use_km: bool, what: str) -> pd.DataFrame:
    """Each school's nearest leader in hops and in km (rows of ``schools``), before labels."""
    hops, owner = nearest_by_hops(schools.adjacency, lead, schools.rank)
    by_hops = np.where(owner >= 0, lead[np.maximum(owner, 0)], -1) if len(lead) else owner
    table = pd.DataFrame(
        {
            "nearest_by_hops": schools.urn_column(by_hops),
            "hops": missing_where(hops, hops < 0),
        },
        index=schools.index,
    )
    if use_km:
        km, by_km = nearest_by_km(schools, lead, what)
        table["nearest_by_km"] = schools.urn_column(by_km)
        table["km"] = km
    return table
