"""Families of schools: the schools most like each one, and the partnerships they could form.

The Select Committee asked for richer data on similar schools, as the
"families of schools" of the City Challenges gave, so that schools can find
partners who work in a context like theirs. :func:`similar_schools` finds,
for every school, the schools closest to it in context (size, disadvantage,
setting and phase, or any columns chosen) with a KD-tree;
:func:`similar_not_connected` keeps the similar schools nearby that have no tie
yet: candidate new partnerships.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import networkx as nx
import numpy as np
import pandas as pd
from scipy.spatial import KDTree

from .._validate import distance_km, whole_number
from ..errors import ParameterError
from ..geo import Locator
from ..network._matrix import collapsed_ties, distinct_sorted, in_sorted, lexsorted, ragged_positions
from ..network.convert import column_at, nodes_frame
from ..tables.schema import is_urban

__all__ = ["DEFAULT_FEATURES", "context_features", "similar_not_connected", "similar_schools"]

#: The context features compared by default.
DEFAULT_FEATURES: Final = ("pupils", "fsm_pct", "urban_rural", "phase")

#: Features that are transformed before they are standardised.
_LOGGED: Final = frozenset({"pupils"})

#: One-hot columns are scaled so that a different category is as far as one standard deviation.
_CATEGORY_SCALE: Final = 1 / np.sqrt(2)

#: The relative margin on the KD-tree's distances when gathering the contexts tied at a cut.
_MARGIN: Final = 1e-9


def context_features(schools: pd.DataFrame, features: Sequence[str] | None = None) -> pd.DataFrame:
    """Turn schools' context into standardised numbers, for measuring how alike they are.

    - ``pupils`` is taken as ``log(1 + pupils)``, since a school of 200 and
      one of 400 differ as much as one of 800 and one of 1,600;
    - ``urban_rural`` is 1 for urban and 0 for rural settings;
    - any other numeric column is used as it is;
    - text columns, such as ``phase``, become one indicator per value, scaled
      so that two schools in different categories are as far apart as one
      standard deviation of a numeric feature.

    Each numeric feature is then standardised to mean 0 and standard
    deviation 1 over the schools given. A missing value becomes 0, the mean:
    it makes a school neither more nor less like any other.

    Parameters
    ----------
    schools : pandas.DataFrame
        Schools indexed by URN.
    features : sequence of str, optional
        The columns to use; :data:`DEFAULT_FEATURES` by default.

    Returns
    -------
    pandas.DataFrame
        One row per school, one column per number. ``attrs["missing"]``
        counts the missing values replaced.

    Raises
    ------
    ParameterError
        If a feature is not a column of ``schools``.

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"pupils": [99, 999], "fsm_pct": [10.0, 30.0], "phase": ["primary", "secondary"]})
    >>> context_features(schools, ["fsm_pct", "phase"]).round(3).to_numpy().tolist()
    [[-1.0, 0.707, 0.0], [1.0, 0.0, 0.707]]
    """
    chosen = list(DEFAULT_FEATURES if features is None else features)
    missing = [f for f in chosen if f not in schools.columns]
    if missing or not chosen:
        raise ParameterError(
            f"features={features!r}: {missing[0]!r} is not a column of the schools table"
            if missing
            else "features=[]: expected at least one column"
        )
    columns: dict[str, pd.Series] = {}
    blanks = 0
    for feature in chosen:
        values = schools[feature]
        if feature == "urban_rural":
            values = is_urban(values)
        elif feature in _LOGGED:
            values = np.log1p(pd.to_numeric(values, errors="coerce").clip(lower=0))
        if pd.api.types.is_numeric_dtype(values.dtype):
            numbers = pd.to_numeric(values, errors="coerce").astype(float)
            blanks += int(numbers.isna().sum())
            spread = numbers.std(ddof=0)
            standard = (numbers - numbers.mean()) / spread if spread and np.isfinite(spread) else numbers * 0.0
            columns[feature] = standard.fillna(0.0)
        else:
            dummies = pd.get_dummies(values.astype("object"), prefix=feature, dtype=float) * _CATEGORY_SCALE
            columns.update({str(c): dummies[c] for c in dummies.columns})
    frame = pd.DataFrame(columns, index=schools.index)
    frame.attrs["missing"] = blanks
    return frame


def _schools_and_graph(schools_or_G: pd.DataFrame | nx.Graph) -> tuple[pd.DataFrame, nx.Graph | None]:
    if isinstance(schools_or_G, nx.Graph):
        return nodes_frame(schools_or_G), schools_or_G
    if isinstance(schools_or_G, pd.DataFrame):
        return schools_or_G, None
    raise ParameterError(f"schools_or_G: expected a schools DataFrame or a network, got {type(schools_or_G).__name__}")


def _partner_keys(G: nx.Graph | None, index: pd.Index) -> np.ndarray:
    """Each tied pair of schools as one number, for fast membership tests."""
    if G is None:
        return np.zeros(0, dtype=np.int64)
    ties = collapsed_ties(G)
    position = np.asarray(index.get_indexer(pd.Index(ties.nodes)), dtype=np.int64)
    a, b = position[ties.first], position[ties.second]
    known = (a >= 0) & (b >= 0)
    a, b = a[known], b[known]
    return distinct_sorted(np.concatenate([a * len(index) + b, b * len(index) + a]))


def similar_schools(
    schools_or_G: pd.DataFrame | nx.Graph,
    *,
    k: int = 10,
    features: Sequence[str] | None = None,
    same_phase: bool = True,
) -> pd.DataFrame:
    """Find each school's family: the ``k`` schools most like it in context.

    Schools are compared on standardised context features
    (:func:`context_features`) by Euclidean distance, with a scipy KD-tree.

    Parameters
    ----------
    schools_or_G : pandas.DataFrame or networkx.Graph
        Schools indexed by URN, or a network from
        :func:`schoolnet.build_network` (then ``partners`` says whether two
        schools are already tied).
    k : int, default 10
        How many similar schools to find for each.
    features : sequence of str, optional
        The columns to compare; pupils, FSM %, urban/rural and phase by
        default. Any column can be added, such as ``"religious_character"``.
    same_phase : bool, default True
        Compare each school only with schools of its own phase.

    Returns
    -------
    pandas.DataFrame
        One row per school and similar school, nearest first: ``urn``,
        ``name``, ``similar``, ``similar_name``, ``rank`` (1 is the most
        similar), ``context_distance`` (in standard deviations), ``km``
        (NaN without coordinates) and ``partners`` (whether they are tied;
        always False for a table of schools). Ties in distance go to the lower
        URN.

    Raises
    ------
    ParameterError
        If ``k`` is not a positive whole number, or a feature is not a column.

    Examples
    --------
    Ash and Beech have 10% of pupils on free school meals, Cedar and Damson
    30%: standardised, -1 and +1, so 0 or 2 standard deviations apart.

    >>> import pandas as pd
    >>> schools = pd.DataFrame(
    ...     {"name": ["Ash", "Beech", "Cedar", "Damson"], "phase": "primary", "fsm_pct": [10, 10, 30, 30],
    ...      "easting": [0, 1000, 2000, 30000], "northing": 0},
    ...     index=pd.Index([1, 2, 3, 4], name="urn"),
    ... )
    >>> family = similar_schools(schools, k=2, features=["fsm_pct"])
    >>> family[family["urn"] == 1]
       urn name  similar similar_name  rank  context_distance   km  partners
    0    1  Ash        2        Beech     1               0.0  1.0     False
    1    1  Ash        3        Cedar     2               2.0  2.0     False

    Cedar and Damson are equally unlike Ash: the lower URN, Cedar, comes first.
    """
    k = whole_number("k", k, minimum=1, what="schools")
    schools, G = _schools_and_graph(schools_or_G)
    X = context_features(schools, features).to_numpy(dtype=float)
    phase = schools["phase"].fillna("(unknown)").to_numpy(dtype=object) if same_phase else np.zeros(len(schools))
    rank = _urn_rank(schools.index)
    rows: list[np.ndarray] = []
    for value in pd.unique(phase):
        members = np.flatnonzero(phase == value)
        if len(members) >= 2:
            rows.append(_nearest_in_context(X, members, rank, k))
    if not rows:
        return _family_frame(schools, G, np.zeros((0, 3)), k)
    return _family_frame(schools, G, np.concatenate(rows), k)


def _urn_rank(index: pd.Index) -> np.ndarray:
    """Each school's place in URN order."""
    rank = np.empty(len(index), dtype=np.int64)
    rank[index.argsort()] = np.arange(len(index))
    return rank


def _nearest_in_context(X: np.ndarray, members: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """For each of ``members`` (rows of ``X``), its ``k`` nearest other members: ``(source, target, distance)`` rows.

    Equal distances go to the lower URN (``rank``), however many schools are
    equally near. Schools with the same context (common where missing values
    become the mean) are searched once per distinct context: the KD-tree finds,
    for each context, the nearest contexts that hold at least ``k + 1``
    schools, and every context as near as the farthest of those; each context
    offers its ``k + 1`` lowest URNs. The work grows with the number of
    distinct contexts, not with the square of the schools that share one.
    """
    members = members[np.argsort(rank[members], kind="stable")]
    contexts, of, counts = np.unique(X[members], axis=0, return_inverse=True, return_counts=True)
    of = np.asarray(of).ravel()
    # The k + 1 lowest URNs of each context, context by context: as many as any school can take from one.
    by_context = members[np.argsort(of, kind="stable")]
    in_block = np.arange(len(members)) - np.repeat(np.cumsum(counts) - counts, counts)
    heads = by_context[in_block <= k]
    head_pointer = np.r_[0, np.cumsum(np.minimum(counts, k + 1))]
    near, far = _near_contexts(contexts, counts, k + 1)
    at, offered = ragged_positions(head_pointer, far)
    source_context, target = np.repeat(near, offered), heads[at]
    dist = np.repeat(np.linalg.norm(contexts[near] - contexts[far], axis=1), offered)
    # Each context's k + 1 nearest schools, ties to the lower URN; each school then takes those of its context.
    order = lexsorted(source_context, dist, rank[target])
    source_context, target, dist = source_context[order], target[order], dist[order]
    pointer = np.searchsorted(source_context, np.arange(len(contexts) + 1))
    place = np.arange(len(order)) - np.repeat(pointer[:-1], np.diff(pointer))
    keep = place <= k
    source_context, target, dist = source_context[keep], target[keep], dist[keep]
    at, lengths = ragged_positions(np.searchsorted(source_context, np.arange(len(contexts) + 1)), of)
    return np.column_stack([np.repeat(members, lengths), target[at], dist[at]])


def _near_contexts(contexts: np.ndarray, counts: np.ndarray, enough: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(context, other context)``: for each context, the nearest that hold ``enough`` schools, and all ties.

    A context is its own nearest. The distances compared are the KD-tree's,
    with a margin, so that the pairs hold every context as near as the
    farthest needed; the caller measures the distances itself.
    """
    n = len(contexts)
    tree = KDTree(contexts)
    q = min(enough + 1, n)
    dist, found = tree.query(contexts, k=q)
    dist, found = np.asarray(dist).reshape(n, q), np.asarray(found).reshape(n, q)
    held = np.cumsum(counts[found], axis=1)
    cut = np.minimum(np.argmax(held >= enough, axis=1), q - 1)
    cut[held[:, -1] < enough] = q - 1
    reach = dist[np.arange(n), cut] * (1 + _MARGIN) + _MARGIN
    # A tie at the last context found may go on past it: find those contexts' ties by radius.
    beyond = (dist[:, -1] <= reach) & (q < n)
    keep = (dist <= reach[:, None]) & ~beyond[:, None]
    near, far = [np.nonzero(keep)[0]], [found[keep]]
    if beyond.any():
        balls = tree.query_ball_point(contexts[beyond], reach[beyond])
        near.append(np.repeat(np.flatnonzero(beyond), [len(b) for b in balls]))
        far.append(np.concatenate([np.asarray(b, dtype=np.int64) for b in balls]))
    return np.concatenate(near), np.concatenate(far)


def _family_frame(schools: pd.DataFrame, G: nx.Graph | None, found: np.ndarray, k: int) -> pd.DataFrame:
    source, target = found[:, 0].astype(np.int64), found[:, 1].astype(np.int64)
    keep = source != target
    source, target, dist = source[keep], target[keep], found[keep, 2]
    urns = schools.index.to_numpy()
    # By school, nearest first, then lower URN: the places in URN order sort as the URNs do.
    rank = _urn_rank(schools.index)
    order = lexsorted(rank[source], dist, rank[target])
    source, target, dist = source[order], target[order], dist[order]
    # Each school's first k, ranked from 1.
    starts = np.flatnonzero(np.r_[True, source[1:] != source[:-1]]) if len(source) else source
    place = np.arange(len(source)) - np.repeat(starts, np.diff(np.r_[starts, len(source)]))
    keep = place < k
    source, target, dist, place = source[keep], target[keep], dist[keep], place[keep]
    names = schools["name"] if "name" in schools.columns else pd.Series(np.nan, index=schools.index)
    table = pd.DataFrame(
        {
            "urn": urns[source],
            "name": column_at(names, source),
            "similar": urns[target],
            "similar_name": column_at(names, target),
            "context_distance": dist,
            "rank": place + 1,
        }
    )
    has_xy = {"easting", "northing"} <= set(schools.columns) and schools[["easting", "northing"]].notna().all(
        axis=1
    ).any()
    table["km"] = (
        Locator(schools).km_between(table["urn"].to_numpy(), table["similar"].to_numpy()) if has_xy else np.nan
    )
    table["partners"] = in_sorted(source * len(schools) + target, _partner_keys(G, schools.index))
    return table[["urn", "name", "similar", "similar_name", "rank", "context_distance", "km", "partners"]]


def similar_not_connected(
    schools_or_G: pd.DataFrame | nx.Graph,
    *,
    k: int = 10,
    max_km: float = 15.0,
    features: Sequence[str] | None = None,
    same_phase: bool = True,
) -> pd.DataFrame:
    """Find similar schools near each other that have no tie yet: candidate new partnerships.

    Parameters
    ----------
    schools_or_G : pandas.DataFrame or networkx.Graph
        As for :func:`similar_schools`; give the network, so that existing
        partners are left out.
    k : int, default 10
        How many similar schools to consider for each school.
    max_km : float, default 15
        How far apart they may be.
    features : sequence of str, optional
        As for :func:`similar_schools`.
    same_phase : bool, default True
        As for :func:`similar_schools`.

    Returns
    -------
    pandas.DataFrame
        One row per pair of :func:`similar_schools` within ``max_km`` whose
        schools are not partners, each pair once (the lower URN in ``urn``), most
        similar first; without ``rank``, which depends on whose family it is.
        A pair in which a school has no coordinates is at no known distance,
        so it is left out, and counted in ``attrs["unknown_distance"]``.

    Raises
    ------
    ParameterError
        If ``max_km`` is not a positive distance.
    MissingCoordinatesError
        If no school has coordinates.

    Examples
    --------
    As in :func:`similar_schools`, with Ash and Beech already partners, and
    Damson 28 km from Cedar:

    >>> import networkx as nx, pandas as pd
    >>> schools = pd.DataFrame(
    ...     {"name": ["Ash", "Beech", "Cedar", "Damson"], "phase": "primary", "fsm_pct": [10, 10, 30, 30],
    ...      "easting": [0, 1000, 2000, 30000], "northing": 0},
    ...     index=pd.Index([1, 2, 3, 4], name="urn"),
    ... )
    >>> G = nx.Graph([(1, 2)])
    >>> G.add_nodes_from(schools.to_dict("index").items())
    >>> similar_not_connected(G, k=2, max_km=15, features=["fsm_pct"])
       urn   name  similar similar_name  context_distance   km  partners
    0    1    Ash        3        Cedar               2.0  2.0     False
    1    2  Beech        3        Cedar               2.0  1.0     False
    """
    limit = distance_km("max_km", max_km)
    schools, _ = _schools_and_graph(schools_or_G)
    Locator(schools, what="similar_not_connected")
    family = similar_schools(schools_or_G, k=k, features=features, same_phase=same_phase)
    apart = family[~family["partners"]].drop(columns="rank")
    near = _each_pair_once(apart[apart["km"] <= limit])
    out = near.sort_values(["context_distance", "urn", "similar"]).reset_index(drop=True)
    out.attrs["unknown_distance"] = len(_each_pair_once(apart[apart["km"].isna()]))
    return out


def _each_pair_once(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs of schools with the lower URN in ``urn``, each pair once."""
    swap = (pairs["urn"] > pairs["similar"]).to_numpy()
    flipped = pairs.copy()
    flipped.loc[swap, ["urn", "name", "similar", "similar_name"]] = pairs.loc[
        swap, ["similar", "similar_name", "urn", "name"]
    ].to_numpy()
    return flipped.drop_duplicates(["urn", "similar"])
