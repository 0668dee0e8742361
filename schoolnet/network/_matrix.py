"""The collapsed network as arrays and sparse matrices, built in one vectorised pass.

:func:`collapsed_ties` reads the ties of a network once and merges the
parallel ties between each pair of schools with numpy, giving the pairs, their
summed strength and their counts by kind. :func:`schoolnet.collapse` builds its
networkx graph from it, and the measures work on its sparse matrices directly,
so that they never build a networkx graph of the whole country.

:func:`known_groups` puts the schools in groups for the measures by groups
(the E-I index, brokerage roles), and says which schools have no group.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .._validate import non_negative_weights
from ..errors import UnknownGroupWarning
from ..tables.schema import DEFAULT_TIE_STRENGTH
from .convert import UNKNOWN_GROUP, GroupsBy, node_groups

__all__ = [
    "CACHE_KEY",
    "PLAIN_TIE",
    "CollapsedTies",
    "PathTies",
    "collapsed_ties",
    "distinct_sorted",
    "in_sorted",
    "known_groups",
    "ragged_positions",
    "tie_strengths",
    "ties_of_kind",
]

#: The kind given to ties of a graph that has no ``kind`` edge attribute.
PLAIN_TIE = "tie"


def tie_strengths(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The strength of one tie of each kind: the defaults, overridden by ``weights``.

    Raises
    ------
    ParameterError
        If a weight is negative or not a number.

    Examples
    --------
    >>> tie_strengths({"cluster": 4})["cluster"], tie_strengths(None)["trust"]
    (4.0, 2.0)
    """
    return non_negative_weights("weights", weights, DEFAULT_TIE_STRENGTH)


@dataclass(frozen=True)
class CollapsedTies:
    """One row per pair of tied schools, as arrays over the positions of ``nodes``.

    Attributes
    ----------
    nodes : list
        The schools, in the network's order; positions below index it.
    first, second : numpy.ndarray
        The positions of each pair's two schools, ``first < second``; pairs
        are sorted by ``(first, second)``.
    strength : numpy.ndarray
        The sum of the strengths of each pair's ties.
    counts : numpy.ndarray
        ``counts[p, j]``: the number of ties of kind ``kinds[j]`` in pair ``p``.
    kinds : tuple of str
        The kinds of tie present, sorted.
    tie_strength : dict of str to float
        The strength of one tie of each kind that was used.
    """

    nodes: list[Any]
    first: np.ndarray
    second: np.ndarray
    strength: np.ndarray
    counts: np.ndarray
    kinds: tuple[str, ...]
    tie_strength: dict[str, float]

    @property
    def n(self) -> int:
        """The number of schools."""
        return len(self.nodes)

    def matrix(self, values: np.ndarray | None = None, *, where: np.ndarray | None = None) -> sparse.csr_array:
        """A symmetric sparse matrix with ``values`` (by default the strength) at each pair, both ways round.

        ``where`` keeps only some pairs. Entries are stored even when zero, so
        the matrix's pattern is the network's ties.
        """
        data = self.strength if values is None else values
        first, second = self.first, self.second
        if where is not None:
            data, first, second = data[where], first[where], second[where]
        rows = np.concatenate([first, second])
        columns = np.concatenate([second, first])
        return sparse.csr_array((np.concatenate([data, data]), (rows, columns)), shape=(self.n, self.n))

    def __post_init__(self) -> None:
        # The arrays may be shared through the graph's cache: nobody may change them.
        for array in (self.first, self.second, self.strength, self.counts):
            array.flags.writeable = False

    @cached_property
    def strength_matrix(self) -> sparse.csr_array:
        """The symmetric matrix of tie strength, ties of strength 0 included."""
        return self.matrix()

    @cached_property
    def pattern(self) -> sparse.csr_array:
        """The symmetric 0/1 matrix of which schools are tied, however weakly."""
        return self.matrix(np.ones(len(self.first), dtype=np.int64))

    @cached_property
    def paths(self) -> PathTies:
        """The ties that carry paths (strength above 0), with length 1 / strength."""
        usable = self.strength > 0
        lengths = np.zeros(len(usable))
        lengths[usable] = 1.0 / self.strength[usable]
        distance = self.matrix(lengths, where=usable)
        first, second = self.first[usable], self.second[usable]
        parts, component = connected_components(distance, directed=False)
        return PathTies(
            first=first,
            second=second,
            length=lengths[usable],
            by_second=np.lexsort((first, second)),
            distance=distance,
            component=component,
            sizes=np.bincount(component, minlength=parts),
        )


@dataclass(frozen=True)
class PathTies:
    """The ties that carry shortest paths, for the path measures.

    Attributes
    ----------
    first, second, length : numpy.ndarray
        Each tie's ends (``first < second``, sorted by ``first``) and length.
    by_second : numpy.ndarray
        The order of the ties by ``second``.
    distance : scipy.sparse.csr_array
        The symmetric matrix of lengths.
    component, sizes : numpy.ndarray
        Each school's connected component, and each component's size.
    """

    first: np.ndarray
    second: np.ndarray
    length: np.ndarray
    by_second: np.ndarray
    distance: sparse.csr_array
    component: np.ndarray
    sizes: np.ndarray


def _edge_rows(G: nx.Graph, position: Mapping[Any, int]) -> tuple[np.ndarray, np.ndarray, list[Any], list[Any]]:
    """Both ends' positions, kind and own weight of every tie but self-loops, reading the adjacency once."""
    first: list[int] = []
    second: list[int] = []
    data: list[dict[str, Any]] = []
    directed, multi = G.is_directed(), G.is_multigraph()
    for u, partners in G.adjacency():
        pu = position[u]
        for v, found in partners.items():
            pv = position[v]
            # An undirected tie is listed from both ends: take it from the end that comes first.
            if pv == pu or (pv < pu and not directed):
                continue
            if multi:
                ties = list(found.values())
                data.extend(ties)
                first.extend([pu] * len(ties))
                second.extend([pv] * len(ties))
            else:
                data.append(found)
                first.append(pu)
                second.append(pv)
    kinds = [d.get("kind", PLAIN_TIE) for d in data]
    own = [d.get("weight", 1.0) for d in data]
    return np.array(first, dtype=np.int64), np.array(second, dtype=np.int64), kinds, own


def ties_of_kind(G: nx.Graph, kind: str) -> tuple[tuple[Any, Any, dict[str, Any]], ...]:
    """Every tie of one kind, ``(u, v, attributes)``, self-loops included, reading the adjacency once.

    The same ties as ``[e for e in G.edges(data=True) if e[2].get("kind") == kind]``,
    each once and from the same end (the one ``G.edges`` starts from), but
    without networkx's edge views, which take seconds over the 200,000 ties of
    a national network when only a few thousand are wanted. The result is kept
    in the graph's cache, as :func:`collapsed_ties` keeps its own.

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiGraph()
    >>> M.add_edges_from([(2, 1, {"kind": "support"}), (1, 3, {"kind": "trust"}), (3, 3, {"kind": "support"})])
    [0, 0, 0]
    >>> [(u, v) for u, v, _ in ties_of_kind(M, "support")]
    [(2, 1), (3, 3)]
    """
    cache = getattr(G, "__networkx_cache__", None) if nx.config.cache_converted_graphs else None
    key = ("ties_of_kind", kind)
    if cache is not None and (kept := cache.get(CACHE_KEY, {}).get(key)) is not None:
        cached: tuple[tuple[Any, Any, dict[str, Any]], ...] = kept
        return cached
    position = {u: i for i, u in enumerate(G)}
    directed, multi = G.is_directed(), G.is_multigraph()
    found: list[tuple[Any, Any, dict[str, Any]]] = []
    for u, partners in G.adjacency():
        pu = position[u]
        for v, ties in partners.items():
            # An undirected tie is listed from both ends: G.edges takes it from the end that comes first.
            if position[v] < pu and not directed:
                continue
            for data in ties.values() if multi else [ties]:
                if data.get("kind") == kind:
                    found.append((u, v, data))
    if cache is not None:
        cache.setdefault(CACHE_KEY, {})[key] = tuple(found)
    return tuple(found)


#: The key of schoolnet's entries in a graph's ``__networkx_cache__``.
CACHE_KEY = "schoolnet"


def collapsed_ties(G: nx.Graph, *, weights: Mapping[str, float] | None = None) -> CollapsedTies:
    """Merge the parallel ties between each pair of schools, as arrays.

    Each tie counts with the strength of its kind (:func:`tie_strengths`); a
    tie whose kind has no strength, or a graph without ``kind`` attributes,
    counts with its own ``weight`` attribute, or 1. Directed ties become
    undirected, and self-loops are dropped.

    The result is kept in the graph's cache, ``G.__networkx_cache__``, as
    networkx keeps the graphs it converts for its backends, unless
    ``networkx.config.cache_converted_graphs`` is False; so the measures of
    one network read its ties once. networkx empties that cache whenever a
    node or tie is added or removed through the graph's methods. A tie's
    attributes changed in place (``G.edges[u, v, k]["kind"] = ...``) do not
    empty it: call ``G.__networkx_cache__.clear()`` after such a change.

    Parameters
    ----------
    G : networkx.Graph
        Any networkx graph; usually a network from
        :func:`schoolnet.build_network`.
    weights : mapping of str to float, optional
        The strength of one tie of each kind, overriding the defaults.

    Returns
    -------
    CollapsedTies

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiGraph()
    >>> M.add_edge("a", "b", kind="cluster")
    0
    >>> M.add_edge("b", "a", kind="trust")
    1
    >>> ties = collapsed_ties(M)
    >>> ties.first.tolist(), ties.second.tolist(), ties.strength.tolist(), ties.kinds
    ([0], [1], [3.0], ('cluster', 'trust'))
    """
    strength = tie_strengths(weights)
    cache = getattr(G, "__networkx_cache__", None) if nx.config.cache_converted_graphs else None
    key = tuple(sorted(strength.items()))
    if cache is not None and (found := cache.get(CACHE_KEY, {}).get(key)) is not None:
        cached: CollapsedTies = found
        return cached
    ties = _collapse(G, strength)
    if cache is not None:
        cache.setdefault(CACHE_KEY, {})[key] = ties
    return ties


def _collapse(G: nx.Graph, strength: dict[str, float]) -> CollapsedTies:
    nodes = list(G)
    n = len(nodes)
    pu, pv, kinds, own = _edge_rows(G, {node: i for i, node in enumerate(nodes)})
    if not kinds:
        empty = np.zeros(0, dtype=np.int64)
        return CollapsedTies(nodes, empty, empty, np.zeros(0), np.zeros((0, 0), dtype=np.int64), (), strength)
    pair = np.minimum(pu, pv) * n + np.maximum(pu, pv)
    pairs, which = np.unique(pair, return_inverse=True)
    codes, names = pd.factorize(pd.Series(kinds, dtype=object).astype(str), sort=True)
    kind_names, kind_code = np.asarray(names, dtype=object), codes
    own_weight = pd.to_numeric(pd.Series(own, dtype=object), errors="coerce").fillna(1.0).to_numpy(dtype=float)
    per_kind = np.array([strength.get(k, np.nan) if k != PLAIN_TIE else np.nan for k in kind_names])[kind_code]
    per_tie = np.where(np.isnan(per_kind), own_weight, per_kind)
    total = np.bincount(which, weights=per_tie, minlength=len(pairs))
    counts = np.zeros((len(pairs), len(kind_names)), dtype=np.int64)
    np.add.at(counts, (which, kind_code), 1)
    return CollapsedTies(
        nodes, pairs // n, pairs % n, total, counts, tuple(str(k) for k in kind_names.tolist()), strength
    )


def ragged_positions(pointer: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of every entry of some rows of a compressed (CSR-style) array, and each row's length.

    Examples
    --------
    >>> positions, lengths = ragged_positions(np.array([0, 2, 2, 5]), np.array([2, 0]))
    >>> positions.tolist(), lengths.tolist()
    ([2, 3, 4, 0, 1], [3, 2])
    """
    starts = pointer[rows]
    lengths = pointer[rows + 1] - starts
    ends = np.cumsum(lengths)
    positions = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - ends + lengths, lengths)
    return positions, lengths


def distinct_sorted(keys: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array in increasing order, as :func:`numpy.unique` gives them.

    It sorts, where numpy 2's :func:`numpy.unique` builds a hash table that is slow on large integer keys.

    Examples
    --------
    >>> distinct_sorted(np.array([7, 3, 7, 1])).tolist()
    [1, 3, 7]
    """
    ordered = np.sort(keys, kind="stable")
    found: np.ndarray = ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered
    return found


def lexsorted(first: np.ndarray, value: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The order of ``numpy.lexsort((last, value, first))``: by ``first``, then ``value``, then ``last``, stably.

    ``first`` and ``last`` are whole numbers of at least 0 (positions, ranks) and ``value`` any numbers. The
    values are replaced by their ranks among the distinct values (NaN last, as lexsort puts it; -0.0 and 0.0
    alike), and the three keys made one integer, sorted once: several times faster than lexsort, which sorts
    once per key. When that integer could overflow, lexsort itself is used.

    Examples
    --------
    >>> lexsorted(np.array([1, 0, 1, 0]), np.array([0.5, 0.5, -1.0, 0.5]), np.array([0, 3, 1, 2])).tolist()
    [3, 1, 2, 0]
    """
    if not len(first):
        return np.zeros(0, dtype=np.intp)
    _, value_rank = np.unique(value, return_inverse=True)
    spans = [int(first.max()) + 1, int(value_rank.max()) + 1, int(last.max()) + 1]
    if min(int(first.min()), int(last.min())) < 0 or spans[0] * spans[1] * spans[2] >= 2**62:
        fallback: np.ndarray = np.lexsort((last, value, first))
        return fallback
    key = (first.astype(np.int64) * spans[1] + value_rank.ravel()) * spans[2] + last
    order: np.ndarray = np.argsort(key, kind="stable")
    return order


def in_sorted(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each value is one of ``keys``, sorted increasing, as :func:`numpy.isin` says, by binary search.

    Examples
    --------
    >>> in_sorted(np.array([3, 4, 9, 0]), np.array([1, 3, 9])).tolist()
    [True, False, True, False]
    """
    at = np.minimum(np.searchsorted(keys, values), max(len(keys) - 1, 0))
    found: np.ndarray = keys[at] == values if len(keys) else np.zeros(len(values), dtype=bool)
    return found


def known_groups(G: nx.Graph, by: GroupsBy, *, measure: str, left_out: str) -> tuple[pd.Series, np.ndarray]:
    """Each school's group, as :func:`schoolnet.node_groups` gives it, and which schools have one.

    A school with no value of ``by`` (which :func:`schoolnet.node_groups`
    puts in :data:`schoolnet.network.convert.UNKNOWN_GROUP`) is in no group: it is
    not in the same group as another such school, nor in a different one.
    When there are any, an :class:`UnknownGroupWarning` gives their count.

    Parameters
    ----------
    G : networkx.Graph
        A network.
    by : str, mapping or pandas.Series
        The groups, as :func:`schoolnet.node_groups` reads them.
    measure : str
        The measure's name, for the warning.
    left_out : str
        What the measure leaves out, for the warning, such as ``"their ties"``.

    Returns
    -------
    groups : pandas.Series
        Each school's group, indexed by node.
    known : numpy.ndarray
        Whether each school has a group.

    Examples
    --------
    >>> import warnings
    >>> G = nx.path_graph(3)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     groups, known = known_groups(G, {0: "A", 1: "B"}, measure="ei_index", left_out="their ties")
    >>> known.tolist()
    [True, True, False]
    >>> print(caught[0].message)
    ei_index: 1 of 3 schools have no group; their ties are left out
    """
    groups = node_groups(G, by)
    known: np.ndarray = (groups != UNKNOWN_GROUP).to_numpy(dtype=bool)
    missing = int((~known).sum())
    if missing:
        what = f"no value of {by!r}" if isinstance(by, str) else "no group"
        warnings.warn(
            f"{measure}: {missing} of {len(known)} schools have {what}; {left_out} are left out",
            UnknownGroupWarning,
            stacklevel=3,
        )
    return groups, known
