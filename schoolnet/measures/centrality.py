"""The schools that hold the network together: centrality and structural holes.

:func:`centrality` measures every school on the collapsed, weighted network
(:func:`schoolnet.collapse`): how many partners it has and how strongly it is
tied to them, how often it lies between other schools, how close it is to
them, how central its partners are, how deep in the network's core it sits, and
Burt's measures of the structural holes it spans. :func:`structural_holes`
computes Burt's measures alone, with sparse matrices, fast enough for the
whole of England.

Tie strength becomes a path length for the path measures (betweenness and
closeness) as **distance = 1 / strength**: two schools in the same trust and
cluster (strength 3) are closer than two that share only a cluster
(strength 1).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.sparse.linalg import ArpackNoConvergence, eigsh

from .._progress import bar
from .._validate import whole_number
from ..errors import ParameterError
from ..network._matrix import CollapsedTies, PathTies, collapsed_ties, ragged_positions
from ..network.convert import with_labels

__all__ = ["DEFAULT_BETWEENNESS_K", "EXACT_LIMIT", "MEASURES", "centrality", "structural_holes"]

#: Networks of up to this many schools get exact betweenness and closeness.
EXACT_LIMIT: Final = 1_000

#: The number of sampled schools for betweenness and closeness on larger networks.
DEFAULT_BETWEENNESS_K: Final = 100

_DISTANCE: Final = "distance"


def _weighted_adjacency(H: nx.Graph, nodes: list[Any], weight: str | None) -> sparse.csr_array:
    A = nx.to_scipy_sparse_array(H, nodelist=nodes, weight=weight, format="csr", dtype=float)
    A.setdiag(0)
    A.eliminate_zeros()
    return sparse.csr_array(A)


def structural_holes(G: nx.Graph, *, weight: str | None = "weight") -> pd.DataFrame:
    """Burt's effective size and constraint of every node, computed with sparse matrices.

    For a node ``i`` with neighbours ``j``, and tie weights ``w`` (1 when
    ``weight`` is None), let ``p_ij = w_ij / sum_k w_ik`` be the share of ``i``'s
    ties that go to ``j`` and ``m_jq = w_jq / max_k w_jk`` the strength of
    ``j``'s tie to ``q`` relative to ``j``'s strongest. Then

    - effective size: ``sum_j (1 - sum_q p_iq m_jq)``: the number of
      partners, less their redundancy with each other. Unweighted, it is
      Borgatti's ``n - 2t/n`` for ``n`` partners with ``t`` ties among them;
    - constraint: ``sum_j (p_ij + sum_q p_iq p_qj)^2``: how much ``i``'s ties
      are concentrated on partners who are tied to each other. A broker
      spanning structural holes has low constraint.

    The values match networkx's :func:`networkx.effective_size` (per-node
    path, ``nodes=list(G)``) and :func:`networkx.constraint` on the same
    graph. networkx's whole-graph effective size (``nodes=None``, networkx
    3.5 and later) divides each tie by the strongest tie of the wrong school
    on weighted or directed graphs (networkx pull request #8906), so it
    differs. Self-loops are dropped first: a school is not its own partner.
    Directed graphs are taken as undirected.

    Parameters
    ----------
    G : networkx.Graph
        A simple graph, such as :func:`schoolnet.collapse` returns. Parallel
        edges of a multigraph are summed.
    weight : str or None, default "weight"
        The edge attribute holding tie strength, or None for unweighted.

    Returns
    -------
    pandas.DataFrame
        Indexed by node, with each school's name, phase and district, then
        ``effective_size`` and ``constraint``; NaN for nodes with no tie, as
        in networkx. (On a directed graph, networkx's
        per-node effective size is also NaN for a node whose ties all come
        in; here it is measured, as networkx's constraint measures it.)

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of
       Competition*. Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's
       redundancy measures. *Connections* 20(1), 35-38.

    Examples
    --------
    >>> import networkx as nx
    >>> star = nx.star_graph(3)  # a centre with three partners who are not tied to each other
    >>> holes = structural_holes(star, weight=None)
    >>> holes.loc[0, "effective_size"], round(holes.loc[0, "constraint"], 4)
    (np.float64(3.0), np.float64(0.3333))
    """
    nodes = list(G)
    # networkx sums the weights of parallel edges; a directed tie counts towards both ends' mutual weight.
    A = _weighted_adjacency(G, nodes, weight)
    if G.is_directed():
        A = sparse.csr_array(A + A.T)
    return with_labels(_holes(A, pd.Index(nodes, name="urn")), G)


def _holes(
    A: sparse.csr_array, index: pd.Index, wanted: Iterable[str] = ("effective_size", "constraint")
) -> pd.DataFrame:
    """Effective size and constraint, those ``wanted``, from a symmetric matrix of tie weights with an empty diagonal.

    With ``P = D_strength^-1 A`` and ``A`` symmetric, a tie's redundancy
    ``sum_q p_iq m_jq`` is ``(P A)_ij / max_k a_jk`` and its indirect constraint
    ``sum_q p_iq p_qj`` is ``(P P)_ij``. Both products share their left factor
    and the pattern of their right one, so when both are wanted they are taken
    in one sparse product, ``P (A + iP)``, whose real and imaginary parts are
    the two; when one is wanted, its real product alone.
    """
    columns = [column for column in ("effective_size", "constraint") if column in wanted]
    n = A.shape[0]
    if n == 0:
        return pd.DataFrame({column: [] for column in columns}, index=index, dtype=float)
    alone = np.diff(A.indptr) == 0
    strength = np.asarray(A.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        per_strength = np.where(strength > 0, 1.0 / strength, 0.0)
    rows = np.repeat(np.arange(n), np.diff(A.indptr))
    P = sparse.csr_array((A.data * per_strength[rows], A.indices, A.indptr), shape=A.shape)
    right = {"effective_size": A.data, "constraint": P.data}
    # One right factor per measure, the second as the imaginary part.
    data = right[columns[0]] if len(columns) == 1 else right[columns[0]] + 1j * right[columns[1]]
    product = P @ sparse.csr_array((data, A.indices, A.indptr), shape=A.shape)
    # Only the pairs that are tied count.
    pattern = sparse.csr_array((np.ones(A.nnz), A.indices, A.indptr), shape=A.shape)
    product = sparse.csr_array(product.multiply(pattern))
    parts = dict(zip(columns, (product.data.real, product.data.imag), strict=False))
    out = {}
    if "effective_size" in parts:
        strongest = np.asarray(A.max(axis=1).toarray()).ravel()
        with np.errstate(divide="ignore"):
            per_strongest = np.where(strongest > 0, 1.0 / strongest, 0.0)
        tied = np.repeat(np.arange(n), np.diff(product.indptr))
        redundancy = np.bincount(tied, weights=parts["effective_size"] * per_strongest[product.indices], minlength=n)
        out["effective_size"] = np.where(alone, np.nan, np.diff(A.indptr) - redundancy)
    if "constraint" in parts:
        # Constraint of each tie: (p_ij + sum over q of p_iq p_qj) squared.
        indirect = sparse.csr_array((parts["constraint"], product.indices, product.indptr), shape=A.shape)
        local = sparse.csr_array(P + indirect)
        local.data **= 2
        out["constraint"] = np.where(alone, np.nan, np.asarray(local.sum(axis=1)).ravel())
    return pd.DataFrame(out, index=index)


#: Components whose leading eigenvalues differ by less than this share are taken as tied.
_TIED: Final = 1e-9

#: Components of up to this many schools get a dense eigendecomposition; larger ones ARPACK.
_DENSE_LIMIT: Final = 500


def _perron(A: sparse.csr_array) -> tuple[float, np.ndarray]:
    """The leading eigenvalue and eigenvector (non-negative, unit length) of a connected component's matrix."""
    n = A.shape[0]
    if n <= _DENSE_LIMIT:
        values, vectors = np.linalg.eigh(A.toarray())
        value, vector = float(values[-1]), vectors[:, -1]
    else:
        # A fixed start vector keeps the result the same from run to run; it overlaps the Perron vector,
        # whose entries are all positive.
        start = np.full(n, 1.0 / np.sqrt(n))
        try:
            found, vectors = eigsh(A, k=1, which="LA", v0=start, tol=1e-12, maxiter=max(10_000, 20 * n))
        except ArpackNoConvergence as err:  # pragma: no cover - depends on the solver
            found, vectors = err.eigenvalues, err.eigenvectors
        value, vector = float(found[0]), vectors[:, 0]
    vector = np.abs(vector)
    unit: np.ndarray = vector / np.linalg.norm(vector)
    return value, unit


def _eigenvector(A: sparse.csr_array) -> np.ndarray:
    """Eigenvector centrality of a symmetric non-negative matrix, component by component.

    The leading eigenvector of the whole matrix is that of the component with
    the largest leading eigenvalue, and 0 elsewhere. When several components
    share that eigenvalue (two identical trusts, say) the whole matrix has no
    single leading eigenvector; each of them then gets its own, scaled so that
    the whole has unit length, so that identical components score alike.
    A component's leading eigenvalue lies between its mean and its largest
    weighted degree, so only components whose largest weighted degree reaches
    the best eigenvalue found so far are solved.
    """
    n = A.shape[0]
    out = np.zeros(n)
    if A.nnz == 0:
        return out
    parts, label = connected_components(A, directed=False)
    strength = np.asarray(A.sum(axis=1)).ravel()
    upper = np.zeros(parts)
    np.maximum.at(upper, label, strength)
    order = np.argsort(label, kind="stable")
    starts = np.searchsorted(label[order], np.arange(parts + 1))
    best, leading = 0.0, []
    for part in sorted(range(parts), key=lambda c: (-upper[c], c)):
        if upper[part] == 0 or upper[part] < best * (1 - _TIED):
            break
        members = order[starts[part] : starts[part + 1]]
        value, vector = _perron(sparse.csr_array(A[members][:, members]))
        if value > best * (1 + _TIED):
            best, leading = value, [(members, vector)]
        elif value >= best * (1 - _TIED):
            leading.append((members, vector))
    for members, vector in leading:
        out[members] = vector / np.sqrt(len(leading))
    return out


#: The measures :func:`centrality` can compute, in the order of its columns.
MEASURES: Final = (
    "degree",
    "strength",
    "degree_by_kind",
    "betweenness",
    "closeness",
    "eigenvector",
    "core",
    "effective_size",
    "constraint",
)

#: Shortest paths from this many sources times schools are held in memory at once.
_BLOCK: Final = 2_000_000


def _measures(measures: Iterable[str] | str | None) -> frozenset[str]:
    if measures is None:
        return frozenset(MEASURES)
    chosen = [measures] if isinstance(measures, str) else list(measures)
    unknown = [m for m in chosen if m not in MEASURES]
    if unknown:
        raise ParameterError(f"measures: unknown measure {unknown[0]!r}; expected some of {', '.join(MEASURES)}")
    return frozenset(chosen)


def _sources(nodes: list[Any], k: int | None, seed: int | None) -> np.ndarray:
    """The positions of the sampled sources: the schools networkx's sampled betweenness draws for the same seed."""
    if k is None or k >= len(nodes):
        return np.arange(len(nodes))
    position = {x: i for i, x in enumerate(nodes)}
    return np.array([position[x] for x in random.Random(seed).sample(nodes, k)], dtype=np.int64)


class _Dag:
    """The shortest-path DAGs from a block of sources, over schools numbered ``source * n + school``.

    A tie u-v of length w lies on a shortest path from s when
    ``D[s, u] + w == D[s, v]``, compared exactly, as networkx compares path
    lengths: lengths are sums of the same floating-point numbers in both.
    The DAG ties are kept in two lists, those that run from ``first`` to
    ``second`` and those that run back, each sorted by its tail without a
    sort (``first`` is sorted, and ``by_second`` orders the ties by
    ``second``), so that the ties leaving any set of schools are gathered by
    position.
    """

    def __init__(
        self, D: np.ndarray, first: np.ndarray, second: np.ndarray, length: np.ndarray, by_second: np.ndarray
    ) -> None:
        b, n = D.shape
        self.size = b * n
        # Unreached schools get NaN, which equals nothing, so no tie between two of them is on a path.
        D = np.where(np.isfinite(D), D, np.nan)
        near, far = D[:, first], D[:, second]
        # Positions in the flattened (source, tie) array, split into source and tie: faster than 2-d nonzero.
        block, tie = np.divmod(np.flatnonzero(near + length == far), len(first))
        back_block, back = np.divmod(np.flatnonzero((far + length == near)[:, by_second]), len(first))
        back_tie = by_second[back]
        self.lists = []
        for tails, heads in (
            (block * n + first[tie], block * n + second[tie]),
            (back_block * n + second[back_tie], back_block * n + first[back_tie]),
        ):
            pointer = np.zeros(self.size + 1, dtype=np.int64)
            np.cumsum(np.bincount(tails, minlength=self.size), out=pointer[1:])
            self.lists.append((pointer, heads))

    @property
    def heads(self) -> np.ndarray:
        """The head of every DAG tie."""
        return np.concatenate([heads for _, heads in self.lists])

    def leaving(self, frontier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The DAG ties leaving the schools of ``frontier``: their tails and heads."""
        tails, heads = [], []
        for pointer, head in self.lists:
            positions, lengths = ragged_positions(pointer, frontier)
            tails.append(np.repeat(frontier, lengths))
            heads.append(head[positions])
        return np.concatenate(tails), np.concatenate(heads)


def _dependencies(D: np.ndarray, dag: _Dag, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependency of each source on each school, for a block of sources at once.

    Path counts flow forward through the DAGs level by level (Kahn's order:
    a school's level comes after all its predecessors'), then dependencies
    flow back through the same levels in reverse.
    """
    b, n = D.shape
    starts = np.arange(b) * n + sources
    waiting = np.bincount(dag.heads, minlength=dag.size)
    sigma = np.zeros(dag.size)
    sigma[starts] = 1.0
    frontier, levels = starts, []
    slot = np.zeros(dag.size, dtype=np.int64)
    while frontier.size:
        tails, heads = dag.leaving(frontier)
        levels.append((tails, heads))
        np.add.at(sigma, heads, sigma[tails])
        np.subtract.at(waiting, heads, 1)
        # A school joins the next level when its last predecessor is done; it may be listed once per predecessor.
        done = heads[waiting[heads] == 0]
        # Keep one listing of each: the last write to a school's slot wins.
        slot[done] = np.arange(len(done))
        frontier = done[slot[done] == np.arange(len(done))]
    delta = np.zeros(dag.size)
    for tails, heads in reversed(levels):
        np.add.at(delta, tails, sigma[tails] / sigma[heads] * (1.0 + delta[heads]))
    delta[starts] = 0.0
    dependency: np.ndarray = delta.reshape(b, n)
    return dependency


def _rescale(raw: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Normalise summed dependencies as networkx does, allowing for sampled sources being their own endpoints."""
    n, k = len(raw), len(sources)
    if n < 3:
        return raw
    if k == n:
        return raw / ((n - 1) * (n - 2))
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[sources] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else np.nan
    rescaled: np.ndarray = raw * scale
    return rescaled


def _blocks(paths: PathTies, sources: np.ndarray) -> list[np.ndarray]:
    """Blocks of sources, taken component by component, each within the memory of :data:`_BLOCK`.

    A block's work covers the schools and ties of its sources' components
    only, so a block may hold many sources from small components.
    """
    order = sources[np.argsort(paths.component[sources], kind="stable")]
    tie_counts = np.bincount(paths.component[paths.first], minlength=len(paths.sizes))
    blocks: list[np.ndarray] = []
    start, schools, ties, last = 0, 0, 0, -1
    for i, source in enumerate(order.tolist()):
        part = int(paths.component[source])
        grown = (schools + paths.sizes[part], ties + tie_counts[part]) if part != last else (schools, ties)
        if i > start and (i - start + 1) * max(grown) > _BLOCK:
            blocks.append(order[start:i])
            start, grown = i, (paths.sizes[part], tie_counts[part])
        schools, ties, last = int(grown[0]), int(grown[1]), part
    if len(order):
        blocks.append(order[start:])
    return blocks


def _within(paths: PathTies, block: np.ndarray) -> tuple[np.ndarray, PathTies]:
    """The schools of the components of ``block``'s sources, and the ties among them, renumbered."""
    n = len(paths.component)
    parts = np.unique(paths.component[block])
    if paths.sizes[parts].sum() > n // 2:
        return np.arange(n), paths
    inside = np.isin(paths.component, parts)
    schools = np.flatnonzero(inside)
    local = np.full(n, -1)
    local[schools] = np.arange(len(schools))
    kept = inside[paths.first]
    first, second = local[paths.first[kept]], local[paths.second[kept]]
    return schools, PathTies(
        first=first,
        second=second,
        length=paths.length[kept],
        by_second=np.lexsort((first, second)),
        distance=sparse.csr_array(paths.distance[schools][:, schools]),
        component=paths.component[schools],
        sizes=paths.sizes,
    )


@dataclass
class _Searches:
    """What the shortest-path searches from some sources add up, per school.

    ``to_sources`` and ``sources_seen``: the sum of the distances from the
    sources in the school's part of the network (but itself) to the school,
    and how many such sources there are. ``own``: for a source, the sum of
    its distances to the schools of its part; 0 for the other schools.
    ``dependency``: the sum of the sources' Brandes dependencies on the
    school, when betweenness is wanted.
    """

    to_sources: np.ndarray
    sources_seen: np.ndarray
    own: np.ndarray
    dependency: np.ndarray | None


def _search(paths: PathTies, sources: np.ndarray, *, betweenness: bool, closeness: bool, desc: str) -> _Searches:
    """Search shortest paths from ``sources``, a block at a time. Ties of strength 0 are no path.

    The sums of distances are kept only when ``closeness`` is wanted, and
    the dependencies only when ``betweenness`` is.
    """
    n = len(paths.component)
    found = _Searches(np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n) if betweenness else None)
    with bar(total=len(sources), desc=desc) as tick:
        for block in _blocks(paths, sources):
            schools, near = _within(paths, block)
            local = np.searchsorted(schools, block)
            D = dijkstra(near.distance, directed=True, indices=local)
            if closeness:
                component = near.component
                same = (component[local][:, None] == component[None, :]) & (local[:, None] != np.arange(len(schools)))
                reached = np.where(same, D, 0.0)
                found.to_sources[schools] += reached.sum(axis=0)
                found.sources_seen[schools] += same.sum(axis=0)
                found.own[block] = reached.sum(axis=1)
            if found.dependency is not None:
                dag = _Dag(D, near.first, near.second, near.length, near.by_second)
                found.dependency[schools] += _dependencies(D, dag, local).sum(axis=0)
            tick(len(block))
    return found


def _paths(
    ties: CollapsedTies, sources: np.ndarray, *, betweenness: bool, closeness: bool
) -> tuple[np.ndarray | None, np.ndarray | None, int]:
    """Betweenness and closeness (each when asked for) from shortest paths from ``sources``.

    A school's closeness is estimated from its distances to the sources in
    its part of the network (exact when every school is a source). A school
    whose part holds no source but itself is measured from a search of its
    own, so that it gets its exact closeness rather than none. Returns
    betweenness, closeness and the number of schools measured from their
    own search.
    """
    n = ties.n
    paths = ties.paths
    found = _search(paths, sources, betweenness=betweenness, closeness=closeness, desc="shortest paths")
    between = _rescale(found.dependency, sources) if found.dependency is not None else None
    if not closeness:
        return between, None, 0
    reach = paths.sizes[paths.component] - 1
    total, counted = found.to_sources, found.sources_seen
    # Schools that can reach others, but no source: a source alone in its part has its own search already.
    alone = np.flatnonzero((reach > 0) & (counted == 0))
    unsearched = np.setdiff1d(alone, sources)
    if len(unsearched):
        own = _search(paths, unsearched, betweenness=False, closeness=True, desc="schools no source reaches").own
        found.own[unsearched] = own[unsearched]
    total[alone], counted[alone] = found.own[alone], reach[alone]
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (reach / max(n - 1, 1)) * (counted / total)
    return between, np.where((reach > 0) & (total > 0), estimate, 0.0), len(alone) if len(sources) < n else 0


def _core(pattern: sparse.csr_array) -> np.ndarray:
    """The k-core number of every school, peeling every school of the lowest remaining degree at once."""
    n = pattern.shape[0]
    degree = np.diff(pattern.indptr).astype(np.int64)
    core = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    k, left = 0, n
    while left:
        k = max(k, int(degree[alive].min()))
        peel = np.flatnonzero(alive & (degree <= k))
        while peel.size:
            core[peel] = k
            alive[peel] = False
            left -= peel.size
            positions, _ = ragged_positions(pattern.indptr, peel)
            partners = pattern.indices[positions]
            partners = partners[alive[partners]]
            np.subtract.at(degree, partners, 1)
            touched = np.unique(partners)
            peel = touched[degree[touched] <= k]
    return core


def centrality(
    G: nx.Graph,
    *,
    weights: dict[str, float] | None = None,
    betweenness_k: int | None = None,
    seed: int | None = None,
    measures: Iterable[str] | str | None = None,
) -> pd.DataFrame:
    """Measure how central each school is in the partnership network.

    The measures are taken on the collapsed network (:func:`schoolnet.collapse`),
    in which each pair of schools has one edge whose ``weight`` is the sum of
    the strengths of their ties. They are computed on sparse matrices, without
    building the collapsed networkx graph, and equal networkx's algorithms run
    on :func:`schoolnet.collapse`'s graph (see Notes).

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph
        (its ties count as 1 unless they have a ``weight``).
    weights : dict of str to float, optional
        Tie strength by kind, passed to :func:`schoolnet.collapse`.
    betweenness_k : int, optional
        Estimate betweenness and closeness from this many sampled schools.
        By default they are exact on networks of up to :data:`EXACT_LIMIT`
        schools, and sampled from :data:`DEFAULT_BETWEENNESS_K` schools on
        larger ones.
    seed : int, optional
        Seed of the sample, so that results repeat. The sample is the one
        :func:`networkx.betweenness_centrality` draws with the same ``k`` and
        ``seed``.
    measures : str or iterable of str, optional
        Compute only these measures (names from :data:`MEASURES`;
        ``"degree_by_kind"`` stands for the ``degree_<kind>`` columns). By
        default, all of them.

    Returns
    -------
    pandas.DataFrame
        Indexed by URN, with ``name``, ``phase``, ``district`` and:

        ``degree``
            Distinct partner schools.
        ``strength``
            The sum of the strengths of the school's ties (weighted degree).
        ``degree_<kind>``
            Partner schools through ties of each kind.
        ``betweenness``
            The share of shortest paths between other schools that pass
            through this one (normalised to 0-1; distance = 1 / strength).
        ``closeness``
            The inverse of the mean distance to the schools it can reach,
            scaled by the share of the network it can reach (Wasserman and
            Faust's form for disconnected networks, as networkx computes it).
            When sampled, the mean distance is estimated from the school's
            distances to the sampled schools in its part of the network; a
            school whose part holds no sampled school but itself (a small
            trust on its own, say) gets its exact closeness, from a search
            of its own, rather than 0. 0 for a school with no partner.
        ``eigenvector``
            Eigenvector centrality: high for schools tied to central schools.
            It is the leading eigenvector of the weighted network, of unit
            length, as :func:`networkx.eigenvector_centrality_numpy` gives on
            a connected network. On a network in several parts (where networkx
            refuses) it is computed part by part: the part with the largest
            leading eigenvalue (usually the main component) gets its leading
            eigenvector, and schools in every other part, and schools with no
            tie, score 0. Parts that tie for the largest eigenvalue share the
            unit length equally, so that identical parts score alike.
        ``core``
            The k-core number: the largest k such that the school is in a
            group in which every school has at least k partners in the group.
        ``effective_size``, ``constraint``
            Burt's structural holes (:func:`structural_holes`): a broker has a
            large effective size and low constraint.

        ``attrs["betweenness"]`` records whether betweenness and closeness are
        ``"exact"`` or ``"sampled"``, with ``k`` and ``seed``; when closeness
        is sampled, ``closeness_own_search`` counts the schools whose
        closeness came from a search of their own. Sampled betweenness is 0 in a part of the
        network that holds no sampled school, as in networkx.

    Raises
    ------
    ParameterError
        If ``betweenness_k`` is not a positive whole number, or a measure is
        unknown.

    Notes
    -----
    Betweenness is Brandes' algorithm run on a block of sources at once:
    scipy's Dijkstra gives the distances from each source, the ties on a
    shortest path are those with ``D[s, u] + length == D[s, v]`` (compared
    exactly, as networkx does), and path counts and dependencies flow through
    the shortest-path DAGs of the whole block together, level by level. It
    equals :func:`networkx.betweenness_centrality` on the collapsed graph
    with ``weight`` set to the distance, to rounding in the last digits: the
    same sources for the same ``k`` and ``seed``, and the same rescaling of
    sampled sources (networkx 3.5 and later). Ties of strength 0 carry no
    path. The k-core number equals :func:`networkx.core_number`, and
    effective size and constraint equal :func:`networkx.effective_size` and
    :func:`networkx.constraint` with ``weight="weight"``.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *Journal of Mathematical Sociology* 25(2), 163-177.
    .. [2] Brandes, U. and Pich, C. (2007). Centrality estimation in large
       networks. *International Journal of Bifurcation and Chaos* 17(7).
    .. [3] Wasserman, S. and Faust, K. (1994). *Social Network Analysis*.
       Cambridge University Press.
    .. [4] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
    .. [5] Batagelj, V. and Zaversnik, M. (2003). An O(m) algorithm for cores
       decomposition of networks. arXiv:cs/0310049.

    Examples
    --------
    A path of four schools, 0 - 1 - 2 - 3, each tie of strength 1 (distance
    1). School 1 lies on the shortest paths 0-2 and 0-3, two of the three
    pairs of the other schools: betweenness 2/3. Its distances to the others
    are 1, 1 and 2: closeness ``3 / 4 = 0.75``.

    >>> import networkx as nx
    >>> table = centrality(nx.path_graph(4))
    >>> table["degree"].tolist(), table["core"].tolist()
    ([1, 2, 2, 1], [1, 1, 1, 1])
    >>> table.loc[1, ["betweenness", "closeness"]].round(4).tolist()
    [0.6667, 0.75]
    >>> table.attrs["betweenness"]["method"]
    'exact'
    >>> centrality(nx.path_graph(4), measures=["degree", "core"]).columns.tolist()
    ['name', 'phase', 'district', 'degree', 'core']
    """
    betweenness_k = whole_number("betweenness_k", betweenness_k, minimum=1, allow_none=True, what="schools")
    wanted = _measures(measures)
    ties = collapsed_ties(G, weights=weights)
    table = pd.DataFrame(index=pd.Index(ties.nodes, name="urn"))
    _add_degrees(table, ties, wanted)
    exact = betweenness_k is None and ties.n <= EXACT_LIMIT
    k = None if exact else min(ties.n, betweenness_k or DEFAULT_BETWEENNESS_K)
    own_search = _add_path_measures(table, ties, wanted, k, seed)
    _add_structure(table, ties, wanted)
    out = with_labels(table, G)
    if wanted & {"betweenness", "closeness"}:
        out.attrs["betweenness"] = {"method": "exact" if exact else "sampled", "k": k, "seed": seed}
        if not exact and "closeness" in wanted:
            out.attrs["betweenness"]["closeness_own_search"] = own_search
        out.attrs["distance"] = "1 / strength"
    return out


def _add_degrees(table: pd.DataFrame, ties: CollapsedTies, wanted: frozenset[str]) -> None:
    """Degree, strength and degree by kind, counted from both ends of each collapsed tie."""
    n = ties.n
    ends = np.concatenate([ties.first, ties.second])
    if "degree" in wanted:
        table["degree"] = np.bincount(ends, minlength=n)
    if "strength" in wanted:
        table["strength"] = np.bincount(ends, weights=np.concatenate([ties.strength, ties.strength]), minlength=n)
    if "degree_by_kind" in wanted:
        for j, kind in enumerate(ties.kinds):
            has = ties.counts[:, j] > 0
            table[f"degree_{kind}"] = np.bincount(np.concatenate([ties.first[has], ties.second[has]]), minlength=n)


def _add_path_measures(
    table: pd.DataFrame, ties: CollapsedTies, wanted: frozenset[str], k: int | None, seed: int | None
) -> int:
    """Betweenness and closeness from ``k`` sampled sources (every school when None).

    Returns the number of schools whose closeness came from a search of their own.
    """
    if not wanted & {"betweenness", "closeness"}:
        return 0
    sources = _sources(ties.nodes, k, seed)
    between, closeness, own_search = _paths(
        ties, sources, betweenness="betweenness" in wanted, closeness="closeness" in wanted
    )
    if between is not None:
        table["betweenness"] = between
    if closeness is not None:
        table["closeness"] = closeness
    return own_search


def _add_structure(table: pd.DataFrame, ties: CollapsedTies, wanted: frozenset[str]) -> None:
    """Eigenvector centrality, the k-core number and Burt's structural holes."""
    n = ties.n
    if "eigenvector" in wanted:
        table["eigenvector"] = _eigenvector(ties.matrix(where=ties.strength > 0)) if n else []
    if "core" in wanted:
        table["core"] = _core(ties.pattern) if n else np.zeros(0, dtype=np.int64)
    if wanted & {"effective_size", "constraint"}:
        holes = _holes(ties.strength_matrix, table.index, wanted)
        for column in holes:
            table[column] = holes[column].to_numpy()
