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

from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.sparse.linalg import ArpackNoConvergence, eigsh

from .convert import with_labels
from .errors import ParameterError
from .network import collapse

__all__ = ["DEFAULT_BETWEENNESS_K", "EXACT_LIMIT", "centrality", "structural_holes"]

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
    graph. Self-loops are dropped first: a school is not its own partner.
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
        Indexed by node, with ``effective_size`` and ``constraint``; NaN for
        nodes with no tie, as in networkx. (On a directed graph, networkx's
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
    return _holes(A, pd.Index(nodes, name="urn"))


def _holes(A: sparse.csr_array, index: pd.Index) -> pd.DataFrame:
    """Effective size and constraint from a symmetric matrix of tie weights with an empty diagonal."""
    alone = np.diff(A.indptr) == 0
    strength = np.asarray(A.sum(axis=1)).ravel()
    strongest = np.asarray(A.max(axis=1).toarray()).ravel()
    with np.errstate(divide="ignore"):
        P = sparse.diags_array(np.where(strength > 0, 1.0 / strength, 0.0)) @ A
        M = sparse.diags_array(np.where(strongest > 0, 1.0 / strongest, 0.0)) @ A
    pattern = A.copy()
    pattern.data = np.ones_like(pattern.data)
    # Redundancy of each tie: sum over q of p_iq m_jq, only where i and j are tied.
    redundancy = sparse.csr_array((P @ M.T).multiply(pattern))
    degree = np.asarray(pattern.sum(axis=1)).ravel()
    effective = degree - np.asarray(redundancy.sum(axis=1)).ravel()
    # Constraint of each tie: (p_ij + sum over q of p_iq p_qj) squared.
    local = sparse.csr_array(P + sparse.csr_array((P @ P).multiply(pattern)))
    local.data **= 2
    constraint = np.asarray(local.sum(axis=1)).ravel()
    return pd.DataFrame(
        {"effective_size": np.where(alone, np.nan, effective), "constraint": np.where(alone, np.nan, constraint)},
        index=index,
    )


def _check(betweenness_k: int | None) -> None:
    if betweenness_k is not None and (
        isinstance(betweenness_k, bool) or not isinstance(betweenness_k, (int, np.integer)) or betweenness_k < 1
    ):
        raise ParameterError(
            f"betweenness_k={betweenness_k!r}: expected a whole number of schools of at least 1, or None"
        )


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


def _closeness(D: np.ndarray, component: np.ndarray, sizes: np.ndarray, n: int, sources: np.ndarray) -> np.ndarray:
    """Closeness, improved by Wasserman and Faust for disconnected networks, from distances to sampled sources.

    ``D[s, v]`` is the distance from ``sources[s]`` to ``v``. Each school's mean
    distance to the rest of its component is estimated from the sampled
    sources in that component (all of them, when every school is a source).
    """
    reach = sizes[component] - 1
    finite = np.isfinite(D) & (component[sources][:, None] == component[None, :]) & (sources[:, None] != np.arange(n))
    total = np.where(finite, D, 0.0).sum(axis=0)
    counted = finite.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / counted
        closeness = (reach / (n - 1)) * (1.0 / mean)
    return np.where((reach > 0) & (counted > 0) & (mean > 0), closeness, 0.0)


def centrality(
    G: nx.Graph,
    *,
    weights: dict[str, float] | None = None,
    betweenness_k: int | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """Measure how central each school is in the partnership network.

    The measures are taken on the collapsed network (:func:`schoolnet.collapse`),
    in which each pair of schools has one edge whose ``weight`` is the sum of
    the strengths of their ties.

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
        Seed of the sample, so that results repeat.

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
        ``"exact"`` or ``"sampled"``, with ``k`` and ``seed``.

    Raises
    ------
    ParameterError
        If ``betweenness_k`` is not a positive whole number.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *Journal of Mathematical Sociology* 25(2), 163-177.
    .. [2] Brandes, U. and Pich, C. (2007). Centrality estimation in large
       networks. *International Journal of Bifurcation and Chaos* 17(7).
    .. [3] Wasserman, S. and Faust, K. (1994). *Social Network Analysis*.
       Cambridge University Press.
    .. [4] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> table = centrality(G, seed=1)
    >>> table.attrs["betweenness"]["method"]
    'exact'
    >>> top = table.sort_values("betweenness", ascending=False).iloc[0]
    >>> top["degree"] > table["degree"].median()
    np.True_
    """
    _check(betweenness_k)
    H = collapse(G, weights=weights)
    nodes = list(H)
    n = len(nodes)
    u, v, strength, kinds = _edge_arrays(H, nodes)
    for _, _, data in H.edges(data=True):
        data[_DISTANCE] = 1.0 / data["weight"] if data["weight"] > 0 else np.inf

    weights_matrix = _symmetric(u, v, strength, n)
    distance = _symmetric(u, v, np.where(strength > 0, 1.0 / np.where(strength > 0, strength, 1.0), np.inf), n)
    table = pd.DataFrame(index=pd.Index(nodes, name="urn"))
    table["degree"] = np.bincount(np.concatenate([u, v]), minlength=n)
    table["strength"] = np.bincount(np.concatenate([u, v]), weights=np.concatenate([strength, strength]), minlength=n)
    for kind in sorted(set().union(*kinds)) if kinds else []:
        has = np.fromiter((kind in k for k in kinds), dtype=bool, count=len(kinds))
        table[f"degree_{kind}"] = np.bincount(np.concatenate([u[has], v[has]]), minlength=n)

    exact = betweenness_k is None and n <= EXACT_LIMIT
    k = None if exact else min(n, betweenness_k or DEFAULT_BETWEENNESS_K)
    between = nx.betweenness_centrality(H, k=k, weight=_DISTANCE, seed=seed, normalized=True)
    table["betweenness"] = [between[x] for x in nodes]

    parts, component = connected_components(distance, directed=False)
    sizes = np.bincount(component, minlength=parts)
    if exact or k is None or k >= n:
        sources = np.arange(n)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    D = dijkstra(distance, directed=False, indices=sources) if n else np.zeros((0, 0))
    table["closeness"] = _closeness(np.atleast_2d(D), component, sizes, n, sources) if n > 1 else 0.0

    table["eigenvector"] = _eigenvector(weights_matrix) if n else []
    table["core"] = pd.Series(nx.core_number(H)).reindex(nodes).to_numpy() if n else []
    holes = _holes(weights_matrix, table.index)
    table["effective_size"] = holes["effective_size"].to_numpy()
    table["constraint"] = holes["constraint"].to_numpy()

    out = with_labels(table, G)
    out.attrs["betweenness"] = {"method": "exact" if exact else "sampled", "k": k, "seed": seed}
    out.attrs["distance"] = "1 / strength"
    return out


def _edge_arrays(H: nx.Graph, nodes: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, ...]]]:
    """The collapsed network's edges as arrays: positions of both ends, strength, and kinds."""
    position = {x: i for i, x in enumerate(nodes)}
    rows = [(position[a], position[b], float(d["weight"]), d.get("kinds", ())) for a, b, d in H.edges(data=True)]
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), []
    u, v, strength, kinds = zip(*rows, strict=True)
    return np.array(u), np.array(v), np.array(strength), list(kinds)


def _symmetric(u: np.ndarray, v: np.ndarray, values: np.ndarray, n: int) -> sparse.csr_array:
    """A symmetric sparse matrix with ``values`` at (u, v) and (v, u)."""
    return sparse.csr_array(
        (np.concatenate([values, values]), (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n)
    )
