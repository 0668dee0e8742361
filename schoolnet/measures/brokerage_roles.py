"""Gould and Fernandez's brokerage roles: who brokers between which groups.

A school *brokers* between two others when it is tied to both and they are
not tied to each other. :func:`brokerage_roles` counts, for every school, the
brokerage it does of each kind, by the groups (local authorities, phases,
trusts, ...) of the three schools involved, and compares each count with what
random ties of the same density would give, as R's ``sna::brokerage`` does.
No Python library offered this measure before.
"""

from __future__ import annotations

from typing import Any, Final, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import comb

from ..network._matrix import collapsed_ties, known_groups
from ..network.convert import GroupsBy, with_labels

__all__ = ["ROLES", "brokerage_roles"]

#: The five roles, in the order of sna's ``w_I``, ``w_O``, ``b_IO``, ``b_OI``, ``b_O``.
ROLES: Final = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _adjacency(G: nx.Graph) -> sparse.csr_array:
    """Binary directed adjacency without self-loops; an undirected tie is a tie both ways."""
    if not G.is_directed():
        return sparse.csr_array(collapsed_ties(G).pattern.astype(float))
    A = nx.to_scipy_sparse_array(G, nodelist=list(G), weight=None, format="csr", dtype=float)
    A.setdiag(0)
    A.eliminate_zeros()
    A.data[:] = 1.0
    return sparse.csr_array(A)


#: Networks of at most this many schools are counted with dense arrays: on a few dozen schools scipy's sparse
#: products cost more in their overhead than in their sums (12 schools: 8 ms a call sparse, 5.5 dense). From
#: about 100 schools the dense products cost more than the sparse ones (100: 58 ms against 10).
_DENSE_UP_TO: Final = 64

#: A scipy sparse array or a numpy array: the two share the operations used here (``@``, ``*``, ``.T``, ``.sum``).
Matrix: TypeAlias = Any


def _ones_at(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int], *, dense: bool) -> Matrix:
    """A matrix of ones at ``(rows[i], cols[i])``, each place given once; dense or sparse like the network's."""
    if dense:
        ones = np.zeros(shape)
        ones[rows, cols] = 1.0
        return ones
    return sparse.csr_array((np.ones(len(rows)), (rows, cols)), shape=shape)


def _entries(M: Matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows, columns and values of a matrix's stored entries (a dense one's nonzero ones)."""
    if isinstance(M, np.ndarray):
        row, col = np.nonzero(M)
        return row, col, M[row, col]
    coo = M.tocoo()
    return coo.row, coo.col, coo.data


def _row_sums(M: Matrix) -> np.ndarray:
    return np.asarray(M.sum(axis=1)).ravel()


def _counts(A: Matrix, code: np.ndarray, n_groups: int, *, symmetric: bool = False) -> np.ndarray:
    """The five role counts of every node as broker, shape ``(n, 5)``.

    All two-paths i -> b -> k with i != k are counted by the groups of their
    ends, and the closed ones (with a tie i -> k) are taken away. ``symmetric`` says that ``A`` is its own
    transpose, as an undirected network's is. ``A`` is a scipy sparse array or, for a small network, a numpy
    array: the same products, of whole numbers held exactly in floats, give the same counts.
    """
    n = A.shape[0]
    dense = isinstance(A, np.ndarray)
    C = _ones_at(np.arange(n), code, (n, n_groups), dense=dense)
    into = A.T @ C  # into[b, g]: ties into b from group g
    out = A @ C  # out[b, g]: ties from b into group g
    mine = (np.arange(n), code)
    in_same, out_same = np.asarray(into[mine]).ravel(), np.asarray(out[mine]).ravel()
    in_other = _row_sums(into) - in_same
    out_other = _row_sums(out) - out_same
    same_group_pairs = _row_sums(into * out)  # sum over g of in_g * out_g
    mutual = A * A.T
    mutual_same = np.asarray((mutual @ C)[mine]).ravel()
    mutual_all = _row_sums(mutual)

    rows, cols = A.nonzero()
    within = code[rows] == code[cols]
    Aw = _ones_at(rows[within], cols[within], A.shape, dense=dense)
    Ab = _ones_at(rows[~within], cols[~within], A.shape, dense=dense)

    def closed(first: Matrix, closing: Matrix) -> tuple[np.ndarray, np.ndarray]:
        # For each broker b: pairs (i, k) with first[i, b], a tie b -> k and closing[i, k]; split by whether
        # b -> k stays in b's group or leaves it. The counts are whole numbers, exact in floats whatever the order.
        # An undirected network's ties, within and between groups, are symmetric: no transpose to make.
        through = ((first if symmetric else first.T) @ closing) * A
        row, col, data = _entries(through)
        stays = code[row] == code[col]
        inside = np.bincount(row, weights=np.where(stays, data, 0.0), minlength=n)
        across = np.bincount(row, weights=np.where(stays, 0.0, data), minlength=n)
        return inside, across

    closed_ww, closed_wb = closed(Aw, A)  # i -> b inside the group, then b -> k inside or out of it
    closed_bw, closed_bb = closed(Ab, A)  # i -> b from another group
    # Of the two-paths from another group and out of it, those closed by a tie inside a group (i -> k).
    closed_bb_w = _row_sums(((Ab if symmetric else Ab.T) @ Aw) * Ab)

    coordinator = in_same * out_same - mutual_same - closed_ww
    representative = in_same * out_other - closed_wb
    gatekeeper = in_other * out_same - closed_bw
    itinerant = (same_group_pairs - in_same * out_same) - (mutual_all - mutual_same) - closed_bb_w
    liaison = in_other * out_other - (same_group_pairs - in_same * out_same) - (closed_bb - closed_bb_w)
    return np.column_stack([coordinator, itinerant, representative, gatekeeper, liaison]).round().astype(np.int64)


def _expectations(sizes: np.ndarray, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected counts and variances of each role, and the total, for a broker of each group (sna's formulas)."""
    N = float(sizes.sum())
    p = d**2 * (1 - d)
    q = d**3 * (1 - d) ** 3
    expected = np.zeros((len(sizes), 6))
    variance = np.zeros((len(sizes), 6))
    for g, n in enumerate(sizes.astype(float)):
        others = np.delete(sizes.astype(float), g)
        expected[g, 0] = p * (n - 1) * (n - 2)
        extra0 = 2 * (n - 1) * (n - 2) * (n - 3) * q
        expected[g, 1] = p * np.sum(others * (others - 1))
        extra1 = 2 * np.sum(others * (others - 1) * (others - 2)) * q
        expected[g, 2] = expected[g, 3] = p * (N - n) * (n - 1)
        extra2 = 2 * ((n - 1) * comb(N - n, 2) + (N - n) * comb(n - 1, 2)) * q
        expected[g, 4] = p * (others.sum() ** 2 - np.sum(others**2))
        extra4 = 4 * np.sum(others * comb(N - others - n, 2)) * q
        expected[g, 5] = p * (N - 1) * (N - 2)
        extra5 = 2 * (N - 1) * (N - 2) * (N - 3) * q
        variance[g] = expected[g] * (1 - p) + np.array([extra0, extra1, extra2, extra2, extra4, extra5])
    expected[expected == 0] = 0.0  # no negative zeros from (n - 1)(n - 2) with n = 1
    return expected, variance


def _global(raw: np.ndarray, sizes: np.ndarray, d: float) -> pd.DataFrame:
    """Brokerage of the whole network against its expectation (sna's ``raw.gli``, ``exp.gli``, ``z.gli``)."""
    n = sizes.astype(float)
    N = float(n.sum())
    p = d**2 * (1 - d)
    a, b, c = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    expected = np.zeros(6)
    variance = np.zeros(6)
    expected[0] = p * np.sum(n * (n - 1) * (n - 2))
    variance[0] = expected[0] * (1 - p) + np.sum(
        n * (n - 1) * (n - 2) * ((4 * n - 10) * a - 4 * (n - 3) * b + (n - 3) * c)
    )
    expected[1] = p * np.sum(n * (N - n) * (n - 1))
    x, y = n[:, None], n[None, :]
    outer = x * y * (x - 1) * ((2 * x + 2 * y - 6) * a + (N - x - 1) * c)
    variance[1] = expected[1] * (1 - p) + outer.sum() - np.sum(n * n * (n - 1) * ((4 * n - 6) * a + (N - n - 1) * c))
    expected[2] = expected[3] = p * np.sum(n * (N - n) * (n - 1))
    variance[2] = variance[3] = expected[2] * (1 - p) + np.sum(n * (N - n) * (n - 1) * ((N - 3) * a + (n - 2) * c))
    expected[4] = p * (np.sum(x * y * (N - x - y)) - np.sum(n * n * (N - 2 * n)))
    # sna sums over every ordered triple of distinct groups; the same sum in closed form, by power sums:
    # P3 = sum of n_i n_j n_k and Q = sum of n_i^2 n_j n_k over distinct ordered (i, j, k).
    p1, p2, p3, p4 = (np.sum(n**e) for e in (1, 2, 3, 4))
    P3 = p1**3 - 3 * p1 * p2 + 2 * p3
    Q = p2 * p1**2 - 2 * p3 * p1 - p2**2 + 2 * p4
    variance[4] = expected[4] * (1 - p) + (a - b) * ((4 * N - 2) * P3 - 8 * Q) + c * ((N - 1) * P3 - 2 * Q)
    expected[5] = p * N * (N - 1) * (N - 2)
    variance[5] = expected[5] * (1 - p) + N * (N - 1) * (N - 2) * ((4 * N - 10) * a - 4 * (N - 3) * b + (N - 3) * c)
    totals = np.append(raw.sum(axis=0), raw.sum())
    sd = np.sqrt(variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (totals - expected) / sd
    return pd.DataFrame(
        {"observed": totals, "expected": expected, "sd": sd, "z": z}, index=pd.Index([*ROLES, "total"], name="role")
    )


def brokerage_roles(G: nx.Graph, *, by: GroupsBy) -> pd.DataFrame:
    """Count each school's Gould-Fernandez brokerage roles between groups.

    School ``b`` brokers from ``i`` to ``k`` when ``i`` is tied to ``b``, ``b``
    to ``k``, and ``i`` not to ``k``. By the groups of the three schools, the
    brokerage is that of a

    ``coordinator``
        all three in the same group;
    ``itinerant``
        ``i`` and ``k`` in one group, ``b`` in another (a consultant);
    ``representative``
        ``b`` in ``i``'s group, ``k`` in another: ``b`` represents its group;
    ``gatekeeper``
        ``b`` in ``k``'s group, ``i`` in another: ``b`` lets outsiders in;
    ``liaison``
        all three in different groups.

    An undirected tie counts in both directions, as in UCINET and R's sna, so
    each pair of a school's unlinked partners gives it two brokerages.
    Expected counts and z-scores are those of ``sna::brokerage``: under
    random ties of the network's density with the groups held fixed.

    Parameters
    ----------
    G : networkx.Graph, DiGraph or MultiGraph
        The network; parallel ties count once and self-loops not at all.
    by : str, mapping or pandas.Series
        The groups: a school attribute such as ``"la"``, ``"district"`` or
        ``"phase"``; a kind of group, such as ``"trust"``, whose membership
        in ``G.graph["memberships"]`` gives each school its group (a school
        in none is a group of its own); or a mapping from node to group.
        A school with no value of ``by`` is in no group (see Notes).

    Returns
    -------
    pandas.DataFrame
        Indexed by URN with ``name``, ``phase``, ``district``, the school's
        ``group``, the count of each role and their ``total``; the expected
        counts ``exp_<role>`` and ``exp_total``; and the z-scores
        ``z_<role>`` and ``z_total`` (NaN where the expectation has no
        variance). ``attrs["global"]`` compares the whole network's brokerage
        with its expectation, ``attrs["density"]`` records the density, and
        ``attrs["unknown"]`` the number of schools with no group.

    Raises
    ------
    ParameterError
        If ``by`` is not an attribute, a kind of group or a mapping.

    Notes
    -----
    With ``N`` schools, ``m`` directed ties (an undirected tie is two),
    density ``d = m / (N (N - 1))`` and ``p = d^2 (1 - d)``, the chance that
    a given ordered triple is an open two-path, sna's expectation for a broker
    in a group of ``n`` schools, with the other groups of sizes ``n_h``, is
    ``p`` times the number of ordered pairs of other schools of the role's
    kind: ``(n - 1)(n - 2)`` for coordinator, ``sum_h n_h (n_h - 1)`` for
    itinerant, ``(n - 1)(N - n)`` for representative and for gatekeeper,
    ``(sum_h n_h)^2 - sum_h n_h^2`` for liaison and ``(N - 1)(N - 2)`` in
    total. The variances, and the whole network's expectations in
    ``attrs["global"]``, are sna's too, which treat the two-paths as
    Bernoulli trials of chance ``p`` and add the covariance of two-paths that
    share a tie. They are approximations: Gould and Fernandez advise that the
    z-scores be read as a guide, not as an exact test. Self-loops are dropped
    before the density is taken (sna would count them among the ties).

    A school with no value of ``by`` has its group shown as ``"(unknown)"``,
    but it is in no group: a two-path through it, or from or to it, cannot
    be given a role. Such schools are left out, with a
    :class:`~schoolnet.SchoolnetWarning` giving how many: the counts,
    density, expectations and ``attrs["global"]`` are those of the network
    of the schools that have a group, and the schools left out have missing
    counts (``<NA>``; the count columns are then pandas' nullable
    ``Int64``) and NaN expectations and z-scores.

    The counts are sparse matrix products: every two-path through a broker
    is classified by the groups of its ends, and the closed ones (whose ends
    are tied) are taken away. Time and memory grow with the number of
    two-paths, the sum over schools of in-degree times out-degree, so a
    national network of 22,000 schools and 200,000 ties takes about a second.

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation:
       a formal approach to brokerage in transaction networks. *Sociological
       Methodology* 19, 89-126.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. *Journal of
       Statistical Software* 24(6).
    .. [3] Butts, C. T. sna: Tools for Social Network Analysis. R package,
       version 2.7-2 (CRAN), function ``brokerage``: the expectations and
       variances used here.

    Examples
    --------
    >>> import networkx as nx
    >>> path = nx.path_graph(3)  # 0 - 1 - 2: school 1 brokers both ways between 0 and 2
    >>> roles = brokerage_roles(path, by={0: "A", 1: "B", 2: "A"})
    >>> roles.loc[1, ["itinerant", "total"]].tolist()
    [2, 2]
    >>> roles.loc[0, "total"]
    np.int64(0)

    School 1's group is not known, so the path's only brokerage is left out:

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     unknown = brokerage_roles(path, by={0: "A", 2: "A"})
    >>> unknown.loc[1, "total"] is pd.NA, int(unknown.loc[0, "total"])
    (True, 0)
    """
    groups, known = known_groups(G, by, measure="brokerage_roles", left_out="their two-paths")
    code, labels = pd.factorize(groups[known], sort=True)
    n = len(code)
    A: Matrix = _adjacency(G)
    if not known.all():
        A = sparse.csr_array(A[known][:, known])
    if n <= _DENSE_UP_TO:
        A = A.toarray()
    raw = _counts(A, code, len(labels), symmetric=not G.is_directed()) if n else np.zeros((0, 5), dtype=np.int64)
    sizes = np.bincount(code, minlength=len(labels)).astype(float)
    ties = np.count_nonzero(A) if isinstance(A, np.ndarray) else A.nnz
    d = ties / (n * (n - 1)) if n > 1 else 0.0
    expected, variance = _expectations(sizes, d)
    columns = [*ROLES, "total"]
    counts = pd.DataFrame(np.column_stack([raw, raw.sum(axis=1)]), columns=columns, index=groups.index[known])
    exp = expected[code]
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (counts.to_numpy(dtype=float) - exp) / np.sqrt(variance[code])
    table = pd.concat(
        [
            counts,
            pd.DataFrame(exp, columns=[f"exp_{role}" for role in columns], index=counts.index),
            pd.DataFrame(z, columns=[f"z_{role}" for role in columns], index=counts.index),
        ],
        axis=1,
    )
    if not known.all():
        table = table.astype(dict.fromkeys(columns, "Int64")).reindex(groups.index)
    table.insert(0, "group", groups.to_numpy())
    out = with_labels(table, G)
    out.attrs["global"] = _global(raw, sizes, d)
    out.attrs["density"] = d
    out.attrs["unknown"] = int((~known).sum())
    return out
