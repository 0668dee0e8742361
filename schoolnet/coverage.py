"""Reach of system leaders, and the schools in need that it does not cover.

The Education Select Committee asked for system leaders to be designated "in
areas where they are currently lacking", and heard that distance inhibits
joint work. The functions here measure both ways a leader reaches a school,
through the network and across the map:

- :func:`reach`: how many schools each leader reaches, by phase and in need;
- :func:`nearest_leader`: each school's nearest leader, and how many are near;
- :func:`coverage`: by area, the schools in need that a leader covers, worst
  area first;
- :func:`uncovered`: the schools in need that no leader covers;
- :func:`suggest_leaders`: the schools to designate next so that the most of
  them are covered.

Who is in need and who leads are those of :func:`schoolnet.in_need` and
:func:`schoolnet.system_leaders`, so that every measure answers them the same
way. The conventions shared by the functions are these.

- **A hop** is one tie of any kind in ``G`` (cluster, alliance, hub, trust,
  federation, company or brokered support), taken in either direction.
  Parallel ties count once and self-loops not at all. Every tie of ``G``
  counts, so build the network for the date wanted; to count only some kinds
  of tie, measure ``schoolnet.select_kinds(G, kinds)``. A hub is a star, so
  the members of a hub are two hops apart, through its lead.
- **A distance** is straight-line, on the British National Grid, from the
  KD-tree of :class:`schoolnet.geo.Locator`. A school without coordinates is
  at no known distance from any other. Pass ``km=()`` (or ``km=None`` where
  ``km`` is a single radius) to measure in hops only: then no coordinates are
  needed. Otherwise a network whose schools have no coordinates raises
  :class:`schoolnet.errors.MissingCoordinatesError`.
- **A leader reaches itself**, at 0 hops and 0 km: a leader in need covers
  itself. :func:`reach` counts the *other* schools a leader reaches.
- **Ties** between equally near leaders, or equally good candidates, go to the
  lowest URN.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import chain
from typing import Any, Final, Literal, TypeGuard

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from ._matrix import collapsed_ties
from ._progress import progress
from .convert import LABEL_COLUMNS, node_values, nodes_frame, with_labels
from .errors import ParameterError
from .geo import Locator
from .need import Leaders, Need, in_need, strong, system_leaders
from .schema import PHASES

__all__ = ["coverage", "nearest_leader", "reach", "suggest_leaders", "uncovered"]

#: The default numbers of hops of :func:`reach` and :func:`nearest_leader`.
DEFAULT_HOPS: Final = (1, 2)

#: The default radii, in km, of :func:`reach` and :func:`nearest_leader`.
DEFAULT_KM: Final = (5.0, 10.0, 20.0)

#: The area of a school whose area is not recorded.
UNKNOWN_AREA: Final = "(unknown)"

#: How many of its nearest leaders a school's distances are compared among, to break exact ties.
_TIED_NEIGHBOURS: Final = 8


# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------


def _is_whole(value: object) -> TypeGuard[int | np.integer]:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _is_distance(value: object) -> TypeGuard[float | int | np.integer | np.floating]:
    return (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, bool)
        and bool(np.isfinite(value))
        and float(value) > 0
    )


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, Iterable) and not isinstance(value, str) else [value]


def _hop_counts(hops: int | Iterable[int]) -> tuple[int, ...]:
    """``hops=`` of reach and nearest_leader: whole numbers of at least 0, sorted, each once."""
    values = _as_list(hops)
    if not all(_is_whole(v) and v >= 0 for v in values):
        raise ParameterError(f"hops={hops!r}: expected whole numbers of hops of at least 0, such as (1, 2), or ()")
    return tuple(sorted({int(v) for v in values if _is_whole(v)}))


def _radii(km: float | Iterable[float]) -> tuple[float, ...]:
    """``km=`` of reach and nearest_leader: distances above 0, sorted, each once."""
    values = _as_list(km)
    if not all(_is_distance(v) for v in values):
        raise ParameterError(f"km={km!r}: expected distances in km greater than 0, such as (5, 10, 20), or ()")
    return tuple(sorted({float(v) for v in values if _is_distance(v)}))


def _one_hop_count(hops: int | None) -> int | None:
    if hops is not None and not (_is_whole(hops) and int(hops) >= 0):
        raise ParameterError(f"hops={hops!r}: expected a whole number of hops of at least 0, or None")
    return None if hops is None else int(hops)


def _one_radius(km: float | None) -> float | None:
    if km is not None and not _is_distance(km):
        raise ParameterError(f"km={km!r}: expected a distance in km greater than 0, or None")
    return None if km is None else float(km)


def _reach_rule(hops: int | None, km: float | None) -> tuple[int | None, float | None]:
    """The ``hops`` and ``km`` that say when a leader covers a school; at least one is needed."""
    rule = _one_hop_count(hops), _one_radius(km)
    if rule == (None, None):
        raise ParameterError("hops=None, km=None: expected at least one of them, so that a leader can reach a school")
    return rule


def _area_columns(nodes: pd.DataFrame, by: str | Sequence[str]) -> list[str]:
    columns = [by] if isinstance(by, str) else list(by)
    missing = [c for c in columns if c not in nodes.columns]
    if missing or not columns:
        raise ParameterError(
            f"by={by!r}: expected a school attribute, or a list of them, such as 'district', 'la' or 'phase'"
        )
    return columns


def _label(value: float) -> str:
    """A number as it appears in a column name: 10 -> "10", 2.5 -> "2.5"."""
    return f"{value:g}"


def _slug(value: object) -> str:
    """A phase as it appears in a column name: "alternative provision" -> "alternative_provision"."""
    return re.sub(r"[^0-9a-z]+", "_", str(value).lower()).strip("_")


# ---------------------------------------------------------------------------
# The network as arrays
# ---------------------------------------------------------------------------


class _Schools:
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
        return _matrix(np.concatenate([rows, cols]), np.concatenate([cols, rows]), (n, n))

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
        return _missing_where(urns, rows < 0)


def _missing_where(values: np.ndarray, missing: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
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
    starts, ends = A.indptr[rows], A.indptr[rows + 1]
    counts = ends - starts
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(rows, counts), A.indices[np.repeat(starts, counts) + offsets]


def _within_hops(A: sparse.csr_array, sources: np.ndarray, steps: Iterable[int]) -> dict[int, sparse.csr_array]:
    """For each number of hops, which schools each source reaches within it (itself included).

    Returns one 0/1 matrix of shape ``(len(sources), n)`` per number of hops,
    grown one hop at a time by sparse products: a breadth-first search from
    every source at once.
    """
    wanted = set(steps)
    n = A.shape[0]
    reached = _matrix(np.arange(len(sources)), sources, (len(sources), n))
    out = {0: reached} if 0 in wanted else {}
    for h in range(1, max(wanted, default=0) + 1):
        reached = sparse.csr_array(reached + reached @ A)
        reached.data[:] = 1
        if h in wanted:
            out[h] = reached
    return out


def _nearest_by_hops(A: sparse.csr_array, sources: np.ndarray, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def _nearest_by_km(schools: _Schools, leaders: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Each school's distance to the nearest leader, and that leader's row (-1 where none is known)."""
    where = schools.locator(what)
    km = np.full(len(schools), np.nan)
    nearest = np.full(len(schools), -1, dtype=np.int64)
    placed = leaders[where.positions(schools.index[leaders]) >= 0]
    if not placed.size:
        return km, nearest
    leading = Locator(schools.nodes.iloc[placed], what=what)
    k = min(_TIED_NEIGHBOURS, len(placed))
    urns, dist = leading.nearest(where.xy, k=k)
    rows = schools.positions(urns.ravel()).reshape(urns.shape)
    # Exact ties (schools on one site) go to the lowest URN among the equally near.
    tied = dist <= dist[:, :1] + 1e-9
    rank = np.where(tied, schools.rank[rows], np.iinfo(np.int64).max)
    best = np.argmin(rank, axis=1)
    at = schools.positions(where.urns)
    km[at] = dist[np.arange(len(at)), best]
    nearest[at] = rows[np.arange(len(at)), best]
    return km, nearest


def _pairs_within_km(
    schools: _Schools, sources: np.ndarray, km: float, what: str
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


def _matrix(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_array:
    """A 0/1 sparse matrix with ones at ``(rows, cols)``."""
    matrix = sparse.csr_array((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=shape)
    matrix.data[:] = 1
    return matrix


# ---------------------------------------------------------------------------
# Reach
# ---------------------------------------------------------------------------


def _tally_columns(phases_of: pd.Series, need: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The suffixes of the columns of a tally (all schools, each phase, in need), and a 0/1 matrix of them."""
    codes, distinct = pd.factorize(phases_of, use_na_sentinel=True)
    code_of = {str(p): i for i, p in enumerate(distinct)}
    phases = [p for p in PHASES if p in code_of] + sorted(set(code_of) - set(PHASES))
    columns = [np.ones(len(phases_of)), *(codes == code_of[p] for p in phases), need]
    return ["", *(f"_{_slug(p)}" for p in phases), "_in_need"], np.column_stack(columns).astype(np.float64)


def reach(
    G: nx.Graph,
    leaders: Leaders = None,
    *,
    hops: int | Iterable[int] = DEFAULT_HOPS,
    km: float | Iterable[float] = DEFAULT_KM,
    need: Need = None,
) -> pd.DataFrame:
    """Count the schools each system leader reaches, through the network and across the map.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph;
        every tie counts as a hop, in either direction (see
        :mod:`schoolnet.coverage`).
    leaders : iterable of URNs, str or None, default None
        As :func:`schoolnet.system_leaders`: ``None`` for every school with a
        system-leader designation, a group kind such as ``"alliance"`` or
        ``"hub"`` for the leads of its live groups, or URNs.
    hops : int or iterable of int, default (1, 2)
        The numbers of hops to count within. ``()`` for none.
    km : float or iterable of float, default (5, 10, 20)
        The radii to count within, in km. ``()`` for none: then no
        coordinates are needed.
    need : pandas.Series, callable or None, default None
        Which schools are in need, as :func:`schoolnet.in_need`.

    Returns
    -------
    pandas.DataFrame
        One row per leader, indexed by URN in the graph's node order, with
        ``name``, ``phase`` and ``district``, then for each number of hops
        ``h`` and each radius ``r``:

        ``hops_<h>``
            The other schools within ``h`` hops of the leader.
        ``hops_<h>_<phase>``
            Those of each phase present in ``G`` (``primary``,
            ``secondary``, ``alternative_provision``, ...).
        ``hops_<h>_in_need``
            Those in need.
        ``km_<r>``, ``km_<r>_<phase>``, ``km_<r>_in_need``
            The same for the other schools within ``r`` km (``km_10``,
            ``km_2.5_primary``), including those at the leader's own site;
            missing (``<NA>``) for a leader without coordinates.

        ``attrs["definition"]`` records the arguments.

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If ``km`` is not empty and no school has coordinates.

    See Also
    --------
    nearest_leader : the same reach, seen from each school.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> alliances = reach(G, "alliance")
    >>> alliances[["district", "hops_1", "hops_2", "hops_2_in_need", "km_10"]]
               district  hops_1  hops_2  hops_2_in_need  km_10
    urn
    910024  Brackenmoor      38     222              57     70
    910110     Saltmere      37     239              58     49
    910166    Eastholme      30     253              61     67
    910241   Marrowdale      35     257              61     44
    >>> list(alliances.columns[:8])
    ['name', 'phase', 'district', 'hops_1', 'hops_1_nursery', 'hops_1_primary', 'hops_1_secondary',
     'hops_1_all_through']
    >>> bool((alliances["hops_2"] >= alliances["hops_1"]).all())
    True

    Without coordinates, count in hops only:

    >>> import networkx as nx
    >>> P = nx.path_graph([1, 2, 3, 4])
    >>> reach(P, [1], hops=(1, 2, 3), km=())[["hops_1", "hops_2", "hops_3"]]
         hops_1  hops_2  hops_3
    urn
    1         1       2       3
    """
    steps, radii = _hop_counts(hops), _radii(km)
    schools = _Schools(G)
    lead = schools.positions(system_leaders(G, leaders))
    flags = in_need(G, need).to_numpy(dtype=bool)
    suffixes, tally = _tally_columns(node_values(G, "phase"), flags)
    own = tally[lead]
    parts: list[pd.DataFrame] = []
    for h, within in _within_hops(schools.adjacency, lead, steps).items():
        counts = within @ tally - own
        parts.append(_counts_frame(counts, [f"hops_{h}{s}" for s in suffixes], "int64"))
    if radii:
        what = f"reach with km={radii!r} (km=() counts network hops only)"
        source, rows, dist = _pairs_within_km(schools, lead, radii[-1], what)
        placed = schools.locator(what).positions(schools.index[lead]) >= 0
        for r in radii:
            keep = (dist <= r) & (rows != lead[source])
            counts = _matrix(source[keep], rows[keep], (len(lead), len(schools))) @ tally
            frame = _counts_frame(counts, [f"km_{_label(r)}{s}" for s in suffixes], "Int64")
            frame.loc[~placed, :] = pd.NA
            parts.append(frame)
    table = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=range(len(lead)))
    table.index = schools.index[lead]
    out = with_labels(table, G)
    out.attrs["definition"] = {"leaders": len(lead), "hops": list(steps), "km": list(radii)}
    return out


def _counts_frame(counts: np.ndarray, columns: list[str], dtype: Literal["int64", "Int64"]) -> pd.DataFrame:
    return pd.DataFrame(np.rint(counts).astype(np.int64), columns=columns).astype(dtype)


# ---------------------------------------------------------------------------
# Nearest leader
# ---------------------------------------------------------------------------


def _nearest(schools: _Schools, lead: np.ndarray, *, use_km: bool, what: str) -> pd.DataFrame:
    """Each school's nearest leader in hops and in km (rows of ``schools``), before labels."""
    hops, owner = _nearest_by_hops(schools.adjacency, lead, schools.rank)
    by_hops = np.where(owner >= 0, lead[np.maximum(owner, 0)], -1) if len(lead) else owner
    table = pd.DataFrame(
        {
            "nearest_by_hops": schools.urn_column(by_hops),
            "hops": _missing_where(hops, hops < 0),
        },
        index=schools.index,
    )
    if use_km:
        km, by_km = _nearest_by_km(schools, lead, what)
        table["nearest_by_km"] = schools.urn_column(by_km)
        table["km"] = km
    return table


def nearest_leader(
    G: nx.Graph,
    *,
    leaders: Leaders = None,
    hops: int | Iterable[int] = DEFAULT_HOPS,
    km: float | Iterable[float] = DEFAULT_KM,
) -> pd.DataFrame:
    """Find each school's nearest system leader, in network hops and in km, and count the leaders near it.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
    leaders : iterable of URNs, str or None, default None
        As :func:`schoolnet.system_leaders`.
    hops : int or iterable of int, default (1, 2)
        Count the leaders within each of these numbers of hops.
    km : float or iterable of float, default (5, 10, 20)
        Count the leaders within each of these radii, in km. ``()`` measures
        in hops only: the nearest leader in km is then left out too, and no
        coordinates are needed.

    Returns
    -------
    pandas.DataFrame
        One row per school, indexed by URN in the graph's node order, with
        ``name``, ``phase``, ``district``, then:

        ``nearest_by_hops``, ``hops``
            The nearest leader through the network and the hops to it;
            missing (``<NA>``) when no leader can be reached. A leader is its
            own nearest, at 0 hops. Among equally near leaders, the lowest URN.
        ``nearest_by_km``, ``km``
            The nearest leader in a straight line and the distance to it;
            missing without coordinates (unless ``km=()``).
        ``leaders_within_hops_<h>``
            The leaders within ``h`` hops, for each ``h`` in ``hops``
            (itself included, if a leader).
        ``leaders_within_km_<r>``
            The leaders within ``r`` km, for each ``r`` in ``km``; missing
            for a school without coordinates.

        ``attrs["definition"]`` records the arguments.

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If ``km`` is not empty and no school has coordinates.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> table = nearest_leader(G)
    >>> list(table.columns[3:])  # doctest: +NORMALIZE_WHITESPACE
    ['nearest_by_hops', 'hops', 'nearest_by_km', 'km', 'leaders_within_hops_1', 'leaders_within_hops_2',
     'leaders_within_km_5', 'leaders_within_km_10', 'leaders_within_km_20']
    >>> far = table.groupby("district")["km"].median().idxmax()
    >>> far
    'Fellside'
    """
    steps, radii = _hop_counts(hops), _radii(km)
    schools = _Schools(G)
    lead = schools.positions(system_leaders(G, leaders))
    what = f"nearest_leader with km={radii!r} (km=() measures network hops only)"
    table = _nearest(schools, lead, use_km=bool(radii), what=what)
    for h, within in _within_hops(schools.adjacency, lead, steps).items():
        table[f"leaders_within_hops_{h}"] = np.asarray(within.sum(axis=0)).ravel().astype(np.int64)
    if radii:
        where = schools.locator(what)
        at = schools.positions(where.urns)
        placed = lead[where.positions(schools.index[lead]) >= 0]
        leading = Locator(schools.nodes.iloc[placed], what=what) if placed.size else None
        for r in radii:
            counts = np.zeros(len(schools), dtype=np.int64)
            if leading is not None:
                counts[at] = leading.count_within(where.xy, r)
            unplaced = np.zeros(len(schools), dtype=bool)
            unplaced[schools.positions(where.missing)] = True
            table[f"leaders_within_km_{_label(r)}"] = _missing_where(counts, unplaced)
    out = with_labels(table, G)
    out.attrs["definition"] = {"leaders": len(lead), "hops": list(steps), "km": list(radii)}
    return out


# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------


def _status(
    schools: _Schools, leaders: Leaders, need: Need, hops: int | None, km: float | None, caller: str
) -> tuple[np.ndarray, pd.DataFrame]:
    """The leaders' rows, and each school's need, nearest leaders and whether a leader covers it."""
    G = schools.G
    lead = schools.positions(system_leaders(G, leaders))
    what = f"{caller} with km={km!r} (km=None counts network hops only)"
    table = _nearest(schools, lead, use_km=km is not None, what=what)
    covered = np.zeros(len(schools), dtype=bool)
    if hops is not None:
        covered |= table["hops"].le(hops).fillna(False).to_numpy(dtype=bool)
    if km is not None:
        covered |= table["km"].le(km).to_numpy(dtype=bool)
    table.insert(0, "in_need", in_need(G, need).to_numpy(dtype=bool))
    table.insert(1, "covered", covered)
    return lead, table


def _areas(nodes: pd.DataFrame, columns: list[str]) -> list[pd.Series]:
    return [nodes[c].astype(object).where(nodes[c].notna(), UNKNOWN_AREA).rename(c) for c in columns]


def _summarise(schools: _Schools, lead: np.ndarray, status: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Schools, leaders and schools in need (covered or not) by area, worst first."""
    need = status["in_need"].to_numpy(dtype=bool)
    covered = status["covered"].to_numpy(dtype=bool)
    is_leader = np.zeros(len(schools), dtype=bool)
    is_leader[lead] = True
    flags = pd.DataFrame(
        {
            "schools": 1,
            "leaders": is_leader.astype(np.int64),
            "in_need": need.astype(np.int64),
            "covered": (need & covered).astype(np.int64),
            "uncovered": (need & ~covered).astype(np.int64),
        },
        index=schools.index,
    )
    table = flags.groupby(_areas(schools.nodes, columns), sort=True).sum()
    table["share_covered"] = (table["covered"] / table["in_need"].where(table["in_need"] > 0)).astype(float)
    keys = table.index.to_frame(index=False)
    order = np.lexsort(
        (
            *(keys[c].astype(str).to_numpy() for c in reversed(columns)),
            table["share_covered"].fillna(np.inf).to_numpy(),
            -table["uncovered"].to_numpy(),
        )
    )
    return table.iloc[order]


def coverage(
    G: nx.Graph,
    *,
    by: str | Sequence[str] = "district",
    need: Need = None,
    hops: int | None = 2,
    km: float | None = 10,
    leaders: Leaders = None,
) -> pd.DataFrame:
    """Count, by area, the schools in need that a system leader covers, and those it does not.

    A school is **covered** when a leader is within ``hops`` of it in the
    network, or within ``km`` of it in a straight line.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
    by : str or list of str, default "district"
        The school attribute(s) that make the areas, such as ``"district"``,
        ``"la"`` or ``["la", "phase"]``. Schools with no value are counted
        under ``"(unknown)"``.
    need : pandas.Series, callable or None, default None
        Which schools are in need, as :func:`schoolnet.in_need`: by default,
        judged requires improvement or inadequate, or isolated.
    hops : int or None, default 2
        A leader within this many hops covers a school. ``None`` counts
        distance only.
    km : float or None, default 10
        A leader within this many km covers a school. ``None`` counts hops
        only, and needs no coordinates.
    leaders : iterable of URNs, str or None, default None
        As :func:`schoolnet.system_leaders`.

    Returns
    -------
    pandas.DataFrame
        One row per area, indexed by the ``by`` attribute(s), with
        ``schools``, ``leaders`` (the leaders in the area), ``in_need``,
        ``covered`` and ``uncovered`` (of the schools in need) and
        ``share_covered`` (covered / in need, from 0 to 1; NaN where no
        school is in need). Ranked **worst first**: the most uncovered
        schools in need first, then the lowest share covered, then by name.
        ``attrs["definition"]`` records the arguments.

    Raises
    ------
    ParameterError
        If an argument is not valid, or both ``hops`` and ``km`` are None.
    MissingCoordinatesError
        If ``km`` is given and no school has coordinates.

    See Also
    --------
    uncovered : the schools in need that are not covered.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> table = coverage(G)
    >>> table.loc["Fellside", ["leaders", "in_need", "covered", "uncovered"]].tolist()
    [0, 31, 13, 18]
    >>> table.index[0], int(table["uncovered"].sum())
    ('Fellside', 18)
    """
    rule = _reach_rule(hops, km)
    schools = _Schools(G)
    columns = _area_columns(schools.nodes, by)
    lead, status = _status(schools, leaders, need, *rule, caller="coverage")
    table = _summarise(schools, lead, status, columns)
    table.attrs["definition"] = {"by": columns, "hops": rule[0], "km": rule[1], "leaders": len(lead)}
    return table


def uncovered(
    G: nx.Graph,
    *,
    by: str | Sequence[str] = "district",
    need: Need = None,
    hops: int | None = 2,
    km: float | None = 10,
    leaders: Leaders = None,
) -> pd.DataFrame:
    """List the schools in need that no system leader covers, with the nearest leader and how far it is.

    A school is covered when a leader is within ``hops`` of it in the network,
    or within ``km`` of it, as in :func:`coverage`.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
    by : str or list of str, default "district"
        The area attribute(s): the schools are listed area by area, in the
        worst-first order of :func:`coverage`.
    need, hops, km, leaders
        As :func:`coverage`.

    Returns
    -------
    pandas.DataFrame
        One row per uncovered school in need, indexed by URN, with ``name``,
        ``phase``, ``district``, any other ``by`` attribute, ``ofsted``, then
        ``nearest_by_hops``, ``nearest_by_hops_name``, ``hops`` (the nearest
        leader through the network, missing if none can be reached) and, when
        ``km`` is given, ``nearest_by_km``, ``nearest_by_km_name``, ``km``.
        Within an area the farthest school (in km, else in hops) comes first.
        ``attrs["definition"]`` records the arguments.

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If ``km`` is given and no school has coordinates.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> gaps = uncovered(G)
    >>> len(gaps), set(gaps["district"])
    (18, {'Fellside'})
    >>> bool((gaps["km"] > 10).all())
    True
    """
    rule = _reach_rule(hops, km)
    schools = _Schools(G)
    columns = _area_columns(schools.nodes, by)
    lead, status = _status(schools, leaders, need, *rule, caller="uncovered")
    areas = _summarise(schools, lead, status, columns).index.to_frame(index=False)
    gap = status["in_need"].to_numpy(dtype=bool) & ~status["covered"].to_numpy(dtype=bool)
    names = schools.nodes["name"]
    table = pd.DataFrame(index=schools.index)
    for column in columns:
        if column not in LABEL_COLUMNS:
            table[column] = schools.nodes[column]
    table["ofsted"] = schools.nodes["ofsted"]
    for way in ("hops", "km") if rule[1] is not None else ("hops",):
        nearest = status[f"nearest_by_{way}"]
        table[f"nearest_by_{way}"] = nearest
        table[f"nearest_by_{way}_name"] = names.reindex(nearest.astype(object).where(nearest.notna())).to_numpy()
        table[way] = status[way]
    place = {tuple(row): i for i, row in enumerate(areas.itertuples(index=False, name=None))}
    area_rank = [place[key] for key in zip(*(a.tolist() for a in _areas(schools.nodes, columns)), strict=True)]
    far = status["km"].to_numpy(dtype=float) if rule[1] is not None else np.zeros(len(schools))
    hop = status["hops"].astype(float).fillna(np.inf).to_numpy()
    order = np.lexsort((schools.rank, -hop, -np.nan_to_num(far, nan=np.inf), np.asarray(area_rank)))
    order = order[gap[order]]
    out = with_labels(table.iloc[order], G)
    out.attrs["definition"] = {"by": columns, "hops": rule[0], "km": rule[1], "leaders": len(lead)}
    return out


# ---------------------------------------------------------------------------
# Where to designate next
# ---------------------------------------------------------------------------


def _candidates(schools: _Schools, G: nx.Graph, candidates: Iterable[object] | None, lead: np.ndarray) -> np.ndarray:
    """The candidates' rows, in URN order: by default strong schools with no system-leader designation."""
    if candidates is None:
        eligible = strong(G).to_numpy(dtype=bool, copy=True)
        eligible[schools.positions(system_leaders(G))] = False
        eligible[lead] = False
        rows = np.flatnonzero(eligible)
    else:
        if isinstance(candidates, str) or not isinstance(candidates, Iterable):
            raise ParameterError(f"candidates={candidates!r}: expected URNs of schools of this network, or None")
        wanted = pd.Index(list(candidates))
        unknown = wanted[~wanted.isin(schools.index)]
        if len(unknown):
            raise ParameterError(
                f"candidates: {unknown.tolist()[0]!r} is not a school of this network; expected URNs of its nodes"
            )
        rows = np.unique(schools.positions(wanted))
    return rows[np.argsort(schools.rank[rows], kind="stable")]


def _cover_matrix(
    schools: _Schools, chosen: np.ndarray, gaps: np.ndarray, hops: int | None, km: float | None
) -> sparse.csr_array:
    """Which of the uncovered schools in need (columns) each candidate (rows) would cover."""
    shape = (len(chosen), len(gaps))
    column = np.full(len(schools), -1, dtype=np.int64)
    column[gaps] = np.arange(len(gaps))
    row = np.full(len(schools), -1, dtype=np.int64)
    row[chosen] = np.arange(len(chosen))
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    if hops is not None:
        # Hops are symmetric: search from the few uncovered schools rather than the many candidates.
        within = sparse.coo_array(_within_hops(schools.adjacency, gaps, [hops])[hops])
        hit = row[within.col] >= 0
        rows.append(row[within.col[hit]])
        cols.append(within.row[hit].astype(np.int64))
    if km is not None:
        what = f"suggest_leaders with km={km!r} (km=None counts network hops only)"
        source, found, _ = _pairs_within_km(schools, gaps, km, what)
        hit = row[found] >= 0
        rows.append(row[found[hit]])
        cols.append(source[hit])
    return _matrix(np.concatenate(rows), np.concatenate(cols), shape)


def suggest_leaders(
    G: nx.Graph,
    *,
    candidates: Iterable[object] | None = None,
    leaders: Leaders = None,
    need: Need = None,
    n: int = 5,
    hops: int | None = 2,
    km: float | None = 10,
) -> pd.DataFrame:
    """Suggest the schools to designate next, so that the most schools in need are covered.

    A school is covered when it is within ``hops`` of a leader in the
    network, or within ``km`` of one, as in :func:`coverage`. Starting from
    the schools in need that the current leaders leave uncovered, the
    candidate that would newly cover the most of them is picked, then the
    one that would cover the most of those left, and so on, ``n`` times:
    the greedy algorithm for maximum coverage. Its picks cover at least
    ``1 - 1/e`` (about 63%) of what the best ``n`` candidates could [1]_, and
    no algorithm that runs in polynomial time can promise more, unless P = NP
    [2]_.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
    candidates : iterable of URNs, optional
        The schools that could be designated. By default every school judged
        good or outstanding (:func:`schoolnet.strong`) that has no
        system-leader designation and is not among ``leaders``.
    leaders : iterable of URNs, str or None, default None
        The current leaders, as :func:`schoolnet.system_leaders`.
    need : pandas.Series, callable or None, default None
        Which schools are in need, as :func:`schoolnet.in_need`.
    n : int, default 5
        How many schools to suggest.
    hops : int or None, default 2
        A leader within this many hops covers a school; ``None`` counts
        distance only.
    km : float or None, default 10
        A leader within this many km covers a school; ``None`` counts hops
        only, and needs no coordinates.

    Returns
    -------
    pandas.DataFrame
        One row per pick, in the order picked, indexed by ``pick`` (1, 2,
        ...), with columns ``urn``, ``name``, ``phase``, ``district``,
        ``gain`` (the uncovered schools in need that this pick newly covers),
        ``covered_total`` (the schools in need covered by the leaders and the
        picks so far) and ``uncovered`` (those still not covered). Among
        candidates of equal gain, the lowest URN is picked. Picking stops
        early, with fewer than ``n`` rows, when no candidate would cover any
        more. ``attrs["definition"]`` records the arguments, and
        ``attrs["covered_before"]`` the schools in need covered before any
        pick.

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If ``km`` is given and no school has coordinates.

    References
    ----------
    .. [1] Nemhauser, G. L., Wolsey, L. A. and Fisher, M. L. (1978). An analysis
       of approximations for maximizing submodular set functions. Mathematical
       Programming 14, 265–294.
    .. [2] Feige, U. (1998). A threshold of ln n for approximating set cover.
       Journal of the ACM 45(4), 634–652.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> picks = suggest_leaders(G, n=3)
    >>> picks[["name", "district", "gain", "covered_total", "uncovered"]]
                                   name    district  gain  covered_total  uncovered
    pick
    1        Ostrbottom Primary Academy    Fellside    17            100          1
    2     Lathwick Howe Primary Academy  Marrowdale     1            101          0

    Two picks cover every school in need: there is no third to suggest.
    """
    rule = _reach_rule(hops, km)
    if not _is_whole(n) or int(n) < 1:
        raise ParameterError(f"n={n!r}: expected a whole number of schools to suggest, at least 1")
    schools = _Schools(G)
    lead, status = _status(schools, leaders, need, *rule, caller="suggest_leaders")
    chosen = _candidates(schools, G, candidates, lead)
    flags, covered = status["in_need"].to_numpy(dtype=bool), status["covered"].to_numpy(dtype=bool)
    gaps = np.flatnonzero(flags & ~covered)
    before = total = int((flags & covered).sum())
    remaining = np.ones(len(gaps), dtype=np.int64)
    picks: list[tuple[int, int, int, int]] = []
    if len(chosen) and len(gaps):
        covers = _cover_matrix(schools, chosen, gaps, *rule)
        for _ in progress(range(int(n)), desc="suggest_leaders"):
            gains = covers @ remaining
            best = int(np.argmax(gains))  # candidates are in URN order: the first of equal gains has the lowest URN
            if gains[best] <= 0:
                break
            remaining[covers[[best]].indices] = 0
            total += int(gains[best])
            picks.append((int(chosen[best]), int(gains[best]), total, int(remaining.sum())))
    out = _picks_frame(schools, picks)
    out.attrs["definition"] = {"hops": rule[0], "km": rule[1], "leaders": len(lead), "candidates": len(chosen)}
    out.attrs["covered_before"] = before
    return out


def _picks_frame(schools: _Schools, picks: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    rows = np.array([p[0] for p in picks], dtype=np.int64)
    labels = schools.nodes.iloc[rows].loc[:, list(LABEL_COLUMNS)]
    data: dict[str, Any] = {"urn": schools.index[rows].to_numpy()}
    data.update({c: labels[c].to_numpy() for c in LABEL_COLUMNS})
    for i, column in enumerate(("gain", "covered_total", "uncovered"), start=1):
        data[column] = np.array([p[i] for p in picks], dtype=np.int64)
    out = pd.DataFrame(data, index=pd.RangeIndex(1, len(picks) + 1, name="pick"))
    return out
