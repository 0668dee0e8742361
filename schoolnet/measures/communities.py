"""Whether ties stay inside boundaries, and the partnerships no one has written down.

:func:`ei_index` tells an analyst whether ties stay inside local-authority,
phase or trust boundaries, layer by layer: Krackhardt and Stern's E-I index
with a permutation test, beside networkx's attribute assortativity.

:func:`communities` finds the groups of schools that the ties themselves make
(Louvain communities of the weighted network) and compares them with the
formal clusters and with districts. Schools whose community is not that of
their cluster are working with schools that no one has put them with: de facto
partnerships.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Final

import networkx as nx
import numpy as np
import pandas as pd

from .._progress import progress
from .._validate import number, whole_number
from ..errors import ParameterError
from ..network._matrix import collapsed_ties, known_groups
from ..network.build import PLAIN_TIE, collapse
from ..network.convert import GroupsBy, nodes_frame
from ..tables.schema import EDGE_KINDS

__all__ = ["Communities", "adjusted_rand_index", "communities", "ei_index", "normalised_mutual_information"]

#: The row of :func:`ei_index` for ties of every kind together.
ALL_KINDS: Final = "all"

_CHUNK: Final = 2_000_000  # shuffled group labels (permutations x schools or ties) held at once


def _pairs_by_kind(G: nx.Graph, order: pd.Index) -> dict[str, np.ndarray]:
    """The distinct pairs of schools tied by each kind of tie, and by any kind, as positions in ``order``."""
    ties = collapsed_ties(G)
    position = np.asarray(order.get_indexer(pd.Index(ties.nodes)), dtype=np.int64)
    a, b = position[ties.first], position[ties.second]
    low, high = np.minimum(a, b), np.maximum(a, b)
    out = {}
    for kind in (*EDGE_KINDS, PLAIN_TIE):
        if kind in ties.kinds:
            has = ties.counts[:, ties.kinds.index(kind)] > 0
            out[kind] = _sorted_pairs(low[has], high[has], len(order))
    out[ALL_KINDS] = _sorted_pairs(low, high, len(order))
    return out


def _sorted_pairs(low: np.ndarray, high: np.ndarray, n: int) -> np.ndarray:
    order = np.argsort(low * n + high, kind="stable")
    pairs: np.ndarray = np.column_stack([low[order], high[order]]).astype(np.int64).reshape(-1, 2)
    return pairs


def ei_index(
    G: nx.Graph, *, by: GroupsBy, kind: str | None = None, permutations: int = 1000, seed: int | None = None
) -> pd.DataFrame:
    """Measure whether each kind of tie stays inside groups, by Krackhardt and Stern's E-I index.

    ``EI = (E - I) / (E + I)``, where ``E`` counts the pairs of tied schools in
    different groups and ``I`` those in the same group. It runs from -1 (every
    tie inside a group) to +1 (every tie across groups). Since it depends on
    the sizes of the groups, it is compared with the E-I index of the same
    ties when the schools' groups are shuffled at random.

    A school with no value of ``by`` is in no group: a tie that it is part of
    is neither internal nor external, so it is left out of the counts, and
    the school is left out of the shuffles (an
    :class:`~schoolnet.SchoolnetWarning` gives how many schools).
    The result is that of the network of the schools that have a group.

    Parameters
    ----------
    G : networkx.Graph
        A network; a pair of schools tied several times by one kind counts once
        for that kind, and once in the ``"all"`` row.
    by : str, mapping or pandas.Series
        The groups, as :func:`schoolnet.network.convert.node_groups` reads them: a
        school attribute (``"la"``, ``"district"``, ``"phase"``), a kind of
        group (``"trust"``), or a mapping from school to group.
    kind : str, optional
        Only this kind of tie; by default every kind present, and all together.
    permutations : int, default 1000
        How many random shuffles of the groups to compare with; 0 for none.
    seed : int, optional
        Seed of the shuffles, so that results repeat.

    Returns
    -------
    pandas.DataFrame
        One row per kind of tie and ``"all"``, with ``ties`` (distinct pairs
        of schools that both have a group), ``external``, ``internal``,
        ``ei``, ``expected`` (the mean E-I index over the shuffles),
        ``p_value`` (two-sided: from the shuffles at least as far from
        ``expected`` as the observed index), ``p_inside`` (one-sided: from the
        shuffles with an index at most the observed one; small when ties stay
        inside groups more than chance would have them), and
        ``assortativity`` (networkx's attribute assortativity coefficient of
        the same ties). ``attrs`` records ``permutations``, ``seed`` and
        ``unknown``, the number of schools with no group.

    Raises
    ------
    ParameterError
        If ``kind`` is not a kind of tie in ``G``, or ``permutations`` is not
        a whole number of at least 0.

    Notes
    -----
    Each p-value counts the observed index as one of the shuffles: with
    ``N`` shuffles of which ``c`` are at least as extreme, it is
    ``(1 + c) / (1 + N)``, never 0, and at least ``1 / (1 + N)``, as
    Phipson and Smyth [3]_ advise. With 1000 shuffles the smallest p-value
    is about 0.001. Shuffles within ``1e-12`` of the observed distance count
    as at least as extreme.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and
       organizational crises: an experimental simulation. *Social Psychology
       Quarterly* 51(2), 123-140.
    .. [2] Newman, M. E. J. (2003). Mixing patterns in networks. *Physical
       Review E* 67, 026126.
    .. [3] Phipson, B. and Smyth, G. K. (2010). Permutation p-values should
       never be zero. *Statistical Applications in Genetics and Molecular
       Biology* 9(1), article 39.

    Examples
    --------
    A path 1 - 2 - 3 - 4 with 1 and 2 in group A, 3 and 4 in B: the tie 2 - 3
    crosses groups and the other two stay inside, so ``EI = (1 - 2) / 3``.

    >>> import networkx as nx
    >>> G = nx.path_graph([1, 2, 3, 4])
    >>> table = ei_index(G, by={1: "A", 2: "A", 3: "B", 4: "B"}, permutations=0)
    >>> table.loc["all", ["external", "internal"]].astype(int).tolist(), round(float(table.loc["all", "ei"]), 3)
    ([1, 2], -0.333)

    With 19 shuffles, the smallest p-value possible is ``1 / 20``:

    >>> shuffled = ei_index(G, by={1: "A", 2: "A", 3: "B", 4: "B"}, permutations=19, seed=0)
    >>> float(shuffled.loc["all", "p_inside"]) >= 1 / 20
    True
    """
    permutations = whole_number("permutations", permutations, minimum=0)
    groups, known = known_groups(G, by, measure="ei_index", left_out="their ties")
    pairs = _pairs_by_kind(G, groups.index)
    if kind is not None:
        if kind not in pairs:
            raise ParameterError(f"kind={kind!r}: no tie of that kind; expected one of {', '.join(pairs)}")
        pairs = {kind: pairs[kind]}
    # The schools with a group, renumbered, and the pairs among them.
    code = pd.factorize(groups[known])[0]
    renumbered = np.cumsum(known) - 1
    pairs = {name: renumbered[pair[known[pair].all(axis=1)]].reshape(-1, 2) for name, pair in pairs.items()}
    null = _shuffled_ei(code, pairs, permutations, seed)
    rows = []
    for name, pair in pairs.items():
        internal = int(np.sum(code[pair[:, 0]] == code[pair[:, 1]]))
        external = len(pair) - internal
        observed = (external - internal) / len(pair) if len(pair) else np.nan
        rows.append(
            {
                "kind": name,
                "ties": len(pair),
                "external": external,
                "internal": internal,
                "ei": observed,
                **_p_values(observed, null[name]),
                "assortativity": _assortativity(code, pair),
            }
        )
    table = pd.DataFrame(rows).set_index("kind")
    table.attrs["permutations"] = permutations
    table.attrs["seed"] = seed
    table.attrs["unknown"] = int((~known).sum())
    return table


def _shuffled_ei(
    code: np.ndarray, pairs: dict[str, np.ndarray], permutations: int, seed: int | None
) -> dict[str, np.ndarray]:
    """The E-I index of each kind's ties under each random shuffle of the groups.

    The shuffles are drawn one after another from one generator, and made and
    compared a block at a time, so that memory stays bounded however many are
    asked for.
    """
    rng = np.random.default_rng(seed)
    names = [name for name, pair in pairs.items() if len(pair)]
    if not names:
        return {name: np.zeros(0) for name in pairs}
    null: dict[str, list[np.ndarray]] = {name: [] for name in pairs}
    # Each distinct pair is compared once per shuffle; each kind then counts its own pairs among them.
    every, where = np.unique(
        np.concatenate([_pair_keys(pairs[name], len(code)) for name in names]), return_inverse=True
    )
    sizes = [len(pairs[name]) for name in names]
    kind_of = np.repeat(np.arange(len(names)), sizes)
    # The pairs tied by the same kinds are put together, so that each run of them is summed at once.
    member = np.zeros((len(every), len(names)), dtype=np.int64)
    member[where, kind_of] = 1
    signature = member @ (1 << np.arange(len(names), dtype=np.int64))
    order = np.argsort(signature, kind="stable")
    kinds_of_run, starts = np.unique(signature[order], return_index=True)
    in_kind = (kinds_of_run[:, None] >> np.arange(len(names))) & 1
    first, second = every[order] // len(code), every[order] % len(code)
    # numpy shuffles 64-bit integers fastest; the shuffles are then held as 16 bits where the groups allow.
    wide = code.astype(np.int64)
    small = np.int16 if code.max(initial=0) < np.iinfo(np.int16).max else np.int64
    step = max(1, _CHUNK // max(len(code), len(every), 1))
    starts_of_blocks = range(0, permutations, step)
    for start in progress(starts_of_blocks, desc="shuffling groups"):
        shuffles = [rng.permutation(wide) for _ in range(min(step, permutations - start))]
        # One row per school, one column per shuffle.
        block = np.array(shuffles).T.astype(small, order="C")
        inside = np.take(block, first, axis=0) == np.take(block, second, axis=0)
        # Summed as bytes into 32 bits (a run holds fewer than 2**31 pairs), several times faster than booleans
        # into 64 bits; the counts are the same whole numbers.
        per_run = np.add.reduceat(inside.view(np.uint8), starts, axis=0, dtype=np.int32)
        internal = per_run.T.astype(np.int64) @ in_kind
        for j, name in enumerate(names):
            null[name].append((sizes[j] - 2 * internal[:, j]) / sizes[j])
    return {name: np.concatenate(parts) if parts else np.zeros(0) for name, parts in null.items()}


def _pair_keys(pair: np.ndarray, n: int) -> np.ndarray:
    keys: np.ndarray = pair[:, 0] * n + pair[:, 1]
    return keys


def _p_values(observed: float, null: np.ndarray) -> dict[str, float]:
    if len(null) == 0 or np.isnan(observed):
        return {"expected": np.nan, "p_value": np.nan, "p_inside": np.nan}
    expected = float(null.mean())
    tolerance = 1e-12
    extreme = np.abs(null - expected) >= abs(observed - expected) - tolerance
    return {
        "expected": expected,
        "p_value": float((1 + extreme.sum()) / (1 + len(null))),
        "p_inside": float((1 + (null <= observed + tolerance).sum()) / (1 + len(null))),
    }


def _assortativity(code: np.ndarray, pair: np.ndarray) -> float:
    """Newman's assortativity coefficient of the groups over undirected ties, from the mixing matrix.

    It equals :func:`networkx.attribute_assortativity_coefficient` on the same
    ties: each tie counts in both directions, ``e`` is the share of tie ends
    joining each pair of groups, and ``r = (tr e - sum a_i^2) / (1 - sum
    a_i^2)`` with ``a`` the share of tie ends in each group.
    """
    if len(pair) == 0:
        return float("nan")
    groups = int(code.max(initial=0)) + 1
    ends = np.concatenate([code[pair[:, 0]] * groups + code[pair[:, 1]], code[pair[:, 1]] * groups + code[pair[:, 0]]])
    e = np.bincount(ends, minlength=groups * groups).reshape(groups, groups) / len(ends)
    a = e.sum(axis=1)
    chance = a @ a
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (np.trace(e) - chance) / (1 - chance)
    return float(value)


# ---------------------------------------------------------------------------
# Comparing partitions
# ---------------------------------------------------------------------------


def _contingency(a: pd.Series, b: pd.Series) -> np.ndarray:
    """The contingency table of two partitions, over the items labelled in both."""
    first, second = pd.Series(a).to_numpy(dtype=object), pd.Series(b).to_numpy(dtype=object)
    if len(first) != len(second):
        raise ParameterError(
            f"a and b: expected the groups of the same items in the same order; got {len(first)} and {len(second)}"
        )
    labelled = ~(pd.isna(first) | pd.isna(second))
    codes_a = pd.factorize(first[labelled])[0]
    codes_b = pd.factorize(second[labelled])[0]
    table = np.zeros((codes_a.max(initial=-1) + 1, codes_b.max(initial=-1) + 1))
    np.add.at(table, (codes_a, codes_b), 1)
    return table


def adjusted_rand_index(a: pd.Series, b: pd.Series) -> float:
    """Hubert and Arabie's adjusted Rand index of two partitions of the same items.

    1 when the partitions are the same, about 0 for partitions no more alike
    than chance. An item with a missing label (None or NaN) in either
    partition is left out: it is in no group, so it is neither together with
    nor apart from any other item.

    Parameters
    ----------
    a, b : pandas.Series
        Each item's group in the two partitions, in the same order.

    Returns
    -------
    float
        NaN when fewer than two items are labelled in both.

    Raises
    ------
    ParameterError
        If ``a`` and ``b`` have different lengths.

    References
    ----------
    .. [1] Hubert, L. and Arabie, P. (1985). Comparing partitions. *Journal of
       Classification* 2, 193-218.

    Examples
    --------
    Splitting one of two groups in two: of the 2 pairs together in ``a``,
    1 is together in ``b`` (pair counts 1, 2 and 1, expected 2 * 1 / 6), so
    ``ARI = (1 - 1/3) / ((2 + 1) / 2 - 1/3) = 4/7``:

    >>> round(adjusted_rand_index(pd.Series([0, 0, 1, 1]), pd.Series([0, 0, 1, 2])), 4)
    0.5714

    The first item has no label in ``a``, so it is left out, and the other
    four are grouped alike:

    >>> adjusted_rand_index(pd.Series([None, 0, 0, 1, 1]), pd.Series([0, 0, 0, 1, 1]))
    1.0
    """
    table = _contingency(a, b)
    n = table.sum()
    if n < 2:
        return float("nan")

    def pairs(x: np.ndarray) -> float:
        return float(np.sum(x * (x - 1) / 2))

    both, rows, cols = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / float(n * (n - 1) / 2)
    top = (rows + cols) / 2
    if top == expected:
        return 1.0
    return float((both - expected) / (top - expected))


def normalised_mutual_information(a: pd.Series, b: pd.Series) -> float:
    """The mutual information of two partitions over the mean of their entropies.

    1 when the partitions are the same, 0 when they are independent. The
    arithmetic mean of the entropies is scikit-learn's default normalisation.
    An item with a missing label (None or NaN) in either partition is left
    out, as in :func:`adjusted_rand_index`.

    Parameters
    ----------
    a, b : pandas.Series
        Each item's group in the two partitions, in the same order.

    Returns
    -------
    float
        NaN when no item is labelled in both.

    Raises
    ------
    ParameterError
        If ``a`` and ``b`` have different lengths.

    References
    ----------
    .. [1] Danon, L., Díaz-Guilera, A., Duch, J. and Arenas, A. (2005).
       Comparing community structure identification. *Journal of Statistical
       Mechanics* P09008.

    Examples
    --------
    ``b`` refines ``a``, so their mutual information is ``H(a) = ln 2``;
    ``H(b) = 1.5 ln 2``, and ``NMI = ln 2 / 1.25 ln 2 = 0.8``:

    >>> round(normalised_mutual_information(pd.Series([0, 0, 1, 1]), pd.Series([0, 0, 1, 2])), 4)
    0.8
    """
    table = _contingency(a, b)
    n = table.sum()
    if n == 0:
        return float("nan")
    joint = table / n
    pa, pb = joint.sum(axis=1), joint.sum(axis=0)

    def entropy(p: np.ndarray) -> float:
        p = p[p > 0]
        return float(-np.sum(p * np.log(p)))

    ha, hb = entropy(pa), entropy(pb)
    if ha == 0 and hb == 0:
        return 1.0
    nz = joint > 0
    mutual = float(np.sum(joint[nz] * np.log(joint[nz] / np.outer(pa, pb)[nz])))
    return mutual / ((ha + hb) / 2)


# ---------------------------------------------------------------------------
# Communities against formal structure
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Communities:
    """Communities of the network, compared with its formal clusters and districts.

    Attributes
    ----------
    schools : pandas.DataFrame
        Indexed by URN: ``name``, ``phase``, ``district``, its ``community``
        (numbered from 1, largest first), its formal ``cluster`` (blank if
        none), its ``cluster_community`` (the community holding most of its
        cluster's members), and ``differs``: whether the school's community is
        not its cluster's.
    scores : pandas.DataFrame
        Adjusted Rand index and normalised mutual information of the
        communities against the formal clusters and against the districts,
        with the number of schools compared.
    modularity : float
        The modularity of the communities on the weighted network.
    """

    schools: pd.DataFrame
    scores: pd.DataFrame
    modularity: float

    @property
    def differing(self) -> pd.DataFrame:
        """The schools whose community differs from their formal cluster's: de facto partnerships."""
        return self.schools[self.schools["differs"]]

    def __repr__(self) -> str:
        n = self.schools["community"].nunique()
        return f"Communities({n} communities, modularity {self.modularity:.3f}, {len(self.differing)} schools differ)"

    def _repr_html_(self) -> str:
        head = html.escape(repr(self))
        return f"<p><b>{head}</b></p>" + self.scores.to_html(float_format=lambda x: f"{x:.3f}")


def _cluster_of(G: nx.Graph) -> pd.Series:
    """Each school's formal cluster (the lowest cluster id if it is in several)."""
    memberships = G.graph.get("memberships")
    nodes = list(G)
    if not isinstance(memberships, pd.DataFrame):
        return pd.Series(None, index=pd.Index(nodes, name="urn"), dtype="object")
    clusters = memberships[memberships["kind"] == "cluster"].sort_values(["urn", "group_id"]).drop_duplicates("urn")
    return pd.Series(nodes, index=pd.Index(nodes, name="urn")).map(clusters.set_index("urn")["group_id"])


def _scores(found: pd.Series, other: pd.Series) -> dict[str, float]:
    """ARI and NMI of the communities against another partition, over the schools that have both."""
    compared = int((found.notna() & other.notna()).sum())
    return {
        "ari": adjusted_rand_index(found, other),
        "nmi": normalised_mutual_information(found, other) if compared >= 2 else np.nan,
        "schools": compared,
    }


def communities(G: nx.Graph, *, seed: int | None = None, resolution: float = 1.0) -> Communities:
    """Find the communities the ties make, and compare them with formal clusters and districts.

    Louvain's method groups schools so that ties are dense within groups and
    sparse between them, on the collapsed weighted network
    (:func:`schoolnet.collapse`). Each formal cluster is then matched with the
    community that holds most of its members (the lowest-numbered one, if
    several hold as many). A school *differs* when its own community is not
    its cluster's: its ties pull it towards schools outside its cluster, a
    partnership no one has written down.

    A school's formal cluster is its live cluster membership in
    ``G.graph["memberships"]``; a school in several clusters is counted in
    the one with the lowest group id. Schools in no cluster never differ,
    and are left out of the comparison with clusters (and schools with no
    district out of that with districts).

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network` (its
        ``G.graph["memberships"]`` gives the clusters), or any networkx graph
        (then there are no clusters to compare with).
    seed : int, optional
        Seed of Louvain's random order, so that results repeat.
    resolution : float, default 1.0
        Louvain's resolution: above 1 favours smaller communities.

    Returns
    -------
    Communities

    Raises
    ------
    ParameterError
        If ``resolution`` is not a positive number.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E.
       (2008). Fast unfolding of communities in large networks. *Journal of
       Statistical Mechanics* P10008.

    Examples
    --------
    Two triangles, 0-1-2 and 3-4-5, joined by the tie 2-3: each triangle is a
    community. Each holds 3 of the 7 ties and half of the 14 tie ends, so the
    modularity is ``2 * (3/7 - (1/2)^2) = 5/14``.

    >>> import networkx as nx
    >>> found = communities(nx.barbell_graph(3, 0), seed=1)
    >>> found.schools["community"].tolist()
    [1, 1, 1, 2, 2, 2]
    >>> round(found.modularity, 4), round(5 / 14, 4)
    (0.3571, 0.3571)
    """
    resolution = number("resolution", resolution, strict=True)
    H = collapse(G)
    found = nx.community.louvain_communities(H, weight="weight", seed=seed, resolution=resolution)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    community = pd.Series({u: i for i, members in enumerate(ordered, start=1) for u in members}, dtype="int64")
    nodes = nodes_frame(G)
    community = community.reindex(nodes.index)
    cluster = _cluster_of(G)
    shared = pd.DataFrame({"community": community, "cluster": cluster}).dropna()
    counts = shared.groupby(["cluster", "community"]).size().reset_index(name="n")
    best = counts.sort_values(["cluster", "n", "community"], ascending=[True, False, True]).drop_duplicates("cluster")
    cluster_community = cluster.map(best.set_index("cluster")["community"])
    schools = nodes[["name", "phase", "district"]].copy()
    schools["community"] = community.to_numpy()
    schools["cluster"] = cluster.to_numpy()
    schools["cluster_community"] = cluster_community.astype("Int64").to_numpy()
    schools["differs"] = (cluster.notna() & (cluster_community != community)).to_numpy(dtype=bool)
    scores = pd.DataFrame(
        {
            "formal clusters": _scores(community, cluster),
            "districts": _scores(community, nodes["district"]),
        }
    ).T
    scores["schools"] = scores["schools"].astype(int)
    modularity = float(nx.community.modularity(H, ordered, weight="weight")) if H.number_of_edges() else float("nan")
    return Communities(schools, scores, modularity)
