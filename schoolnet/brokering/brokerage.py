"""Brokering support: which strong school should support which school in need.

Local authority advisers broker school-to-school support from what they know
of each school. :func:`recommend_supporters` does it from data: for each
school in need it ranks the strong schools nearby that could support it, with
a score that says why, component by component. :func:`assign_supporters`
brokers a whole round at once, so that as many schools in need as possible get
a supporter, no supporter takes on more than it can, and, among such rounds,
the total score is the highest.

**Eligibility.** A school can support a school in need when it is judged good
or outstanding, or holds a system-leader designation; it is not itself in need
(unless ``allow_in_need=True``); it is in a compatible
phase (the same phase, all-through or middle with primary or secondary), or
holds a designation that spans phases (:data:`PHASE_SPANNING`); it is not the
school itself; neither supports the other already; and it is within ``max_km``.

**Score.** Each component is between 0 and 1, and the score is their sum
weighted by :data:`DEFAULT_WEIGHTS` (which add up to 1; ``score_weights=``
changes them); the tables give each component's weighted share, so that the
components add up to the score:

``strength``
    the supporter's Ofsted judgement (outstanding 1, good 0.6, other 0.2) and
    its strongest designation (hub 1, NLE 0.9, teaching school 0.8, LLE 0.6,
    SLE or NLG 0.3, none 0), averaged;
``similarity``
    how alike the two schools' contexts are: ``1 / (1 + d)`` for their
    distance ``d`` in standardised context (:func:`schoolnet.context_features`);
``distance``
    ``1 - km / max_km``: 1 next door, 0 at the limit;
``ties``
    existing ties between them, other than support: the strength of their
    collapsed tie over 3, at most 1 (a federation 1, a trust 0.67, a cluster
    0.33), since partnership grows out of partnership;
``load``
    ``1 - current / capacity``: the share of its capacity a supporter has left
    after the support it already gives.

**Capacity.** By its strongest designation: 4 for a teaching school hub or
teaching school, 3 for an NLE, 2 for an LLE, 1 for any other good or
outstanding school (:data:`DEFAULT_CAPACITY`). The live support a school
already gives counts against it. ``capacity=`` overrides it school by school.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, Literal

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching
from scipy.spatial import KDTree

from .._validate import distance_km, non_negative_weights, whole_number
from ..errors import ParameterError, SchoolnetDeprecationWarning
from ..geo import Locator
from ..measures.families import context_features
from ..measures.need import Need, in_need
from ..network._matrix import collapsed_ties, in_sorted, lexsorted, ties_of_kind
from ..network.convert import column_at, in_focus, nodes_frame
from ..tables.schema import SUPPORT, SYSTEM_LEADER_DESIGNATIONS, designation_sets, holds_any

__all__ = [
    "COMPONENTS",
    "DEFAULT_CAPACITY",
    "DEFAULT_WEIGHTS",
    "PHASE_SPANNING",
    "Assignment",
    "assign_supporters",
    "capacities",
    "recommend_supporters",
]

#: The components of the score, in order.
COMPONENTS: Final = ("strength", "similarity", "distance", "ties", "load")

#: The default weight of each component; they add up to 1.
DEFAULT_WEIGHTS: Final[Mapping[str, float]] = MappingProxyType(
    {"strength": 0.30, "similarity": 0.25, "distance": 0.25, "ties": 0.10, "load": 0.10}
)

#: How many schools a supporter can support at once, by designation.
DEFAULT_CAPACITY: Final[Mapping[str, int]] = MappingProxyType(
    {"teaching school hub": 4, "teaching school": 4, "NLE": 3, "LLE": 2}
)

#: The capacity of a good or outstanding school without a designation.
UNDESIGNATED_CAPACITY: Final = 1

#: Designations whose holders support schools of any phase.
PHASE_SPANNING: Final = frozenset({"teaching school hub", "NLE", "NLG"})

_DESIGNATION_STRENGTH: Final[Mapping[str, float]] = MappingProxyType(
    {"teaching school hub": 1.0, "NLE": 0.9, "teaching school": 0.8, "LLE": 0.6, "SLE": 0.3, "NLG": 0.3}
)
_OFSTED_STRENGTH: Final[Mapping[str, float]] = MappingProxyType({"outstanding": 1.0, "good": 0.6})
_OTHER_STRENGTH: Final = 0.2
_TIES_FULL: Final = 3.0  # a collapsed tie this strong scores 1 (a federation)
_RESOLUTION: Final = 1_000_000  # the solvers compare scores to a millionth of their spread
_PHASE_BRIDGES: Final = {
    ("all-through", "primary"),
    ("all-through", "secondary"),
    ("middle", "primary"),
    ("middle", "secondary"),
}

Solver = Literal["scipy", "networkx"]


def _score_weights(
    score_weights: Mapping[str, float] | None, weights: Mapping[str, float] | None, caller: str
) -> dict[str, float]:
    """The weight of each component: :data:`DEFAULT_WEIGHTS` updated with ``score_weights`` (or its old name)."""
    if weights is not None:
        if score_weights is not None:
            raise ParameterError(f"{caller}: give score_weights= only; weights= is its old name")
        warnings.warn(
            f"{caller}(weights=...) is deprecated: pass score_weights=... instead (weights= means tie strengths "
            "by kind in collapse and centrality)",
            SchoolnetDeprecationWarning,
            stacklevel=3,
        )
        score_weights = weights
    return non_negative_weights("score_weights", score_weights, DEFAULT_WEIGHTS, known=COMPONENTS)


def capacities(G: nx.Graph, capacity: Mapping[Any, int] | pd.Series | None = None) -> pd.DataFrame:
    """How many schools each school could support, and how many it supports already.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`.
    capacity : mapping or pandas.Series, optional
        Capacity of some schools, overriding :data:`DEFAULT_CAPACITY`.

    Returns
    -------
    pandas.DataFrame
        Indexed by URN: ``eligible`` (good or outstanding, or a system leader),
        ``capacity`` (0 for schools that are not eligible), ``current`` (live
        support links it gives) and ``remaining`` (capacity less current, at
        least 0).

    Raises
    ------
    ParameterError
        If a capacity is not a whole number of at least 0, or names no school.

    Examples
    --------
    An NLE can support 3 schools, and supports one already; a good school
    without a designation can support 1; an inadequate one none:

    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> G.add_nodes_from([(1, {"ofsted": "good", "designations": "NLE"}), (2, {"ofsted": "good"})])
    >>> G.add_node(3, ofsted="inadequate")
    >>> _ = G.add_edge(1, 3, kind="support", supporter=1)
    >>> capacities(G)
         eligible  capacity  current  remaining
    urn
    1        True         3        1          2
    2        True         1        0          1
    3       False         0        0          0
    """
    return _capacities(G, nodes_frame(G), capacity)


def _capacities(G: nx.Graph, nodes: pd.DataFrame, capacity: Mapping[Any, int] | pd.Series | None) -> pd.DataFrame:
    held = designation_sets(nodes["designations"])
    leader = holds_any(nodes["designations"], SYSTEM_LEADER_DESIGNATIONS)
    eligible = nodes["ofsted"].isin(list(_OFSTED_STRENGTH)).to_numpy() | leader
    by_designation = _per_set(held, lambda d: max((DEFAULT_CAPACITY.get(x, 0) for x in d), default=0))
    table = pd.DataFrame(
        {"eligible": eligible, "capacity": np.where(eligible, np.maximum(by_designation, UNDESIGNATED_CAPACITY), 0)},
        index=nodes.index,
    )
    if capacity is not None:
        given = pd.Series(capacity)
        unknown = given.index[~given.index.isin(nodes.index)]
        if len(unknown):
            raise ParameterError(f"capacity: {unknown.tolist()[0]!r} is not a school of this network")
        values = pd.to_numeric(given, errors="coerce")
        if values.isna().any() or (values < 0).any() or (values % 1 != 0).any():
            raise ParameterError("capacity: expected whole numbers of schools of at least 0")
        table.loc[given.index, "capacity"] = values.astype(int).to_numpy()
    supporters = [d.get("supporter") for _, _, d in ties_of_kind(G, SUPPORT)]
    current = pd.Series(supporters, dtype="object").value_counts().reindex(nodes.index, fill_value=0)
    table["current"] = current.to_numpy(dtype=int)
    table["remaining"] = np.maximum(table["capacity"] - table["current"], 0)
    return table


def _per_set(held: pd.Series, value: Callable[[frozenset[str]], float]) -> np.ndarray:
    """``held.map(value).to_numpy()``, with ``value`` worked out once for each distinct set of designations."""
    codes, distinct = pd.factorize(held)
    return pd.Series(distinct, dtype=object).map(value).to_numpy()[codes]


def _may_support(G: nx.Graph, nodes: pd.DataFrame, need: np.ndarray, supporter: np.ndarray) -> np.ndarray:
    """Whether each supporter may support each school, distance aside (rows of ``nodes``).

    It may when it is another school, in a compatible phase, that it does not
    support already and is not supported by; the caller checks eligibility and distance.
    """
    spans = holds_any(nodes["designations"], PHASE_SPANNING)
    n = len(nodes)
    supporting = _already_supporting(G, nodes.index)
    allowed: np.ndarray = (
        (need != supporter)
        & _phase_ok(nodes["phase"].to_numpy(dtype=object), need, supporter, spans[supporter])
        & ~in_sorted(supporter * n + need, supporting)
        & ~in_sorted(need * n + supporter, supporting)  # never the school it is supported by: no pair both ways
    )
    return allowed


def _phase_ok(phase: np.ndarray, need: np.ndarray, supporter: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """Whether each pair's phases (positions in every school's ``phase``) are the same, bridged, unknown or spanned."""
    codes, phases = pd.factorize(phase, use_na_sentinel=True)
    a, b = codes[need], codes[supporter]
    # Which phases may work together, as a small table over the phases present; -1 is an unknown phase.
    together = np.eye(len(phases) + 1, dtype=bool)
    together[-1, :] = together[:, -1] = True
    for i, x in enumerate(phases):
        for j, y in enumerate(phases):
            together[i, j] |= (x, y) in _PHASE_BRIDGES or (y, x) in _PHASE_BRIDGES
    compatible: np.ndarray = together[a, b] | spans
    return compatible


def _strength(nodes: pd.DataFrame) -> np.ndarray:
    judged = nodes["ofsted"].map(_OFSTED_STRENGTH).fillna(_OTHER_STRENGTH).to_numpy(dtype=float)
    held = designation_sets(nodes["designations"])
    designated = _per_set(held, lambda d: max((_DESIGNATION_STRENGTH.get(x, 0.0) for x in d), default=0.0))
    strength: np.ndarray = (judged + np.asarray(designated, dtype=float)) / 2
    return strength


def _tie_strengths(G: nx.Graph) -> sparse.csr_array:
    """The strength of each pair's ties other than support, as a symmetric sparse matrix in the graph's order."""
    return collapsed_ties(G, weights={SUPPORT: 0.0}).strength_matrix


def _already_supporting(G: nx.Graph, index: pd.Index) -> np.ndarray:
    position = {u: i for i, u in enumerate(index)}
    n = len(index)
    keys = []
    for u, v, data in ties_of_kind(G, SUPPORT):
        supporter = data.get("supporter", u)
        supported = v if supporter == u else u
        keys.append(position[supporter] * n + position[supported])
    return np.unique(np.array(keys, dtype=np.int64))


def candidate_pairs(
    G: nx.Graph,
    urns: pd.Index,
    *,
    max_km: float,
    capacity: Mapping[Any, int] | pd.Series | None = None,
    score_weights: Mapping[str, float] | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Every eligible supporter of each school in ``urns``, with its score and components.

    This is the one place eligibility and scores are worked out: both
    :func:`recommend_supporters` and :func:`assign_supporters` use it.
    ``weights`` is the old name of ``score_weights``, deprecated.
    """
    share = _score_weights(score_weights, weights, "candidate_pairs")
    limit = distance_km("max_km", max_km)
    nodes = nodes_frame(G)
    return _candidate_pairs(G, nodes, _capacities(G, nodes, capacity), urns, limit, share)


def _candidate_pairs(
    G: nx.Graph, nodes: pd.DataFrame, room: pd.DataFrame, urns: pd.Index, limit: float, share: Mapping[str, float]
) -> pd.DataFrame:
    """:func:`candidate_pairs` with its arguments checked, and the schools and their capacities worked out."""
    index = nodes.index
    where = Locator(nodes, what="brokering support")
    at = where.positions(index)  # each school's row of where.xy; -1 without coordinates
    need_pos = index.get_indexer(urns)
    need_pos = need_pos[at[need_pos] >= 0]
    supporter_pos = np.flatnonzero(room["eligible"].to_numpy() & (at >= 0))
    if len(supporter_pos) == 0 or len(need_pos) == 0:
        return _pairs_frame(nodes, np.zeros(0, int), np.zeros(0, int), {}, np.zeros(0), np.zeros(0))
    near, far = KDTree(where.xy[at[need_pos]]), KDTree(where.xy[at[supporter_pos]])
    found = near.sparse_distance_matrix(far, limit * 1000, output_type="ndarray")
    a, b, km = need_pos[found["i"]], supporter_pos[found["j"]], found["v"] / 1000
    keep = _may_support(G, nodes, a, b)
    a, b, km = a[keep], b[keep], km[keep]

    X = context_features(nodes).to_numpy(dtype=float)
    ties = np.asarray(_tie_strengths(G)[a, b]).ravel() if len(a) else np.zeros(0)
    capacity_of = room["capacity"].to_numpy(dtype=float)
    current = room["current"].to_numpy(dtype=float)
    values = {
        "strength": _strength(nodes)[b],
        "similarity": 1 / (1 + np.linalg.norm(X[a] - X[b], axis=1)),
        "distance": np.clip(1 - km / limit, 0, 1),
        "ties": np.minimum(ties / _TIES_FULL, 1.0),
        "load": np.clip(1 - current[b] / np.maximum(capacity_of[b], 1), 0, 1),
    }
    contributions = {name: share[name] * values[name] for name in COMPONENTS}
    return _pairs_frame(nodes, a, b, contributions, km, room["remaining"].to_numpy()[b])


def _pairs_frame(
    nodes: pd.DataFrame,
    a: np.ndarray,
    b: np.ndarray,
    parts: Mapping[str, np.ndarray],
    km: np.ndarray,
    remaining: np.ndarray,
) -> pd.DataFrame:
    index = nodes.index
    score = np.sum([parts[c] for c in COMPONENTS], axis=0) if parts else np.zeros(0)
    # Each school's candidates, best first; ties broken by the supporter's URN. Sorted before the table is made.
    rank_of = np.empty(len(index), dtype=np.int64)
    rank_of[index.argsort()] = np.arange(len(index))
    order = lexsorted(rank_of[a], -score, rank_of[b])
    a, b = a[order], b[order]
    school = rank_of[a]
    starts = np.flatnonzero(np.r_[True, school[1:] != school[:-1]]) if len(order) else order
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)])) + 1
    return pd.DataFrame(
        {
            "urn": index.to_numpy()[a],
            "name": column_at(nodes["name"], a),
            "phase": column_at(nodes["phase"], a),
            "district": column_at(nodes["district"], a),
            "supporter": index.to_numpy()[b],
            "supporter_name": column_at(nodes["name"], b),
            "supporter_designations": column_at(nodes["designations"], b),
            "score": score[order],
            "km": km[order],
            **{c: parts[c][order] if c in parts else np.zeros(0) for c in COMPONENTS},
            "remaining_capacity": remaining.astype(int)[order],
            "rank": rank,
        }
    )


def _need_urns(
    G: nx.Graph, nodes: pd.DataFrame, urns: object, need: Need, allow_in_need: bool
) -> tuple[pd.Index, np.ndarray]:
    """The schools to find supporters for (``urns``, or else the focus schools in need), and who may not support.

    Boundary schools, kept across an area's border for their ties, are never in need here; they may support.
    A school in need, or one of ``urns``, may not support, unless ``allow_in_need``; with ``urns``, need is the
    default definition.
    """
    if urns is None:
        flags = in_need(G, need).to_numpy(dtype=bool)
        chosen: pd.Index = pd.Index(nodes.index[flags & in_focus(G).to_numpy(dtype=bool)], name="urn")
    else:
        if need is not None:
            raise ParameterError("urns= and need=: give one of them; urns names the schools, need says who is in need")
        chosen = pd.Index([urns] if np.isscalar(urns) else list(urns), name="urn")  # type: ignore[call-overload]
        unknown = chosen[~chosen.isin(nodes.index)]
        if len(unknown):
            raise ParameterError(f"urns: {unknown.tolist()[0]!r} is not a school of this network")
        flags = np.zeros(len(nodes), dtype=bool) if allow_in_need else in_need(G).to_numpy(dtype=bool)
    if allow_in_need:
        return chosen, np.zeros(len(nodes), dtype=bool)
    barred = flags.copy()
    barred[nodes.index.get_indexer(chosen)] = True
    return chosen, barred


def _eligible_room(
    G: nx.Graph, nodes: pd.DataFrame, capacity: Mapping[Any, int] | pd.Series | None, barred: np.ndarray
) -> pd.DataFrame:
    """Each school's capacity, with the schools that may not support (in need, or supported) made ineligible."""
    room = _capacities(G, nodes, capacity)
    room["eligible"] = room["eligible"].to_numpy(dtype=bool) & ~barred
    return room


def recommend_supporters(
    G: nx.Graph,
    urns: object = None,
    *,
    need: Need = None,
    top: int | None = 5,
    max_km: float = 20.0,
    capacity: Mapping[Any, int] | pd.Series | None = None,
    score_weights: Mapping[str, float] | None = None,
    weights: Mapping[str, float] | None = None,
    allow_in_need: bool = False,
) -> pd.DataFrame:
    """Rank the schools that could support each school in need, and say why.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, with coordinates.
    urns : URN or iterable of URNs, optional
        The schools to find supporters for; by default every school in need.
    need : pandas.Series, callable or None, default None
        Which schools are in need when ``urns`` is not given, as for
        :func:`schoolnet.in_need`. Work it out once with ``need =
        schoolnet.in_need(G)`` and pass it to each function: the default
        definition measures isolation, which takes a while on a large network.
        In an area's network, only its focus schools are in need; the
        boundary schools across its border may support them.
    top : int or None, default 5
        How many supporters to give each school; ``None`` for every eligible one.
    max_km : float, default 20
        The farthest a supporter may be. A supporter without coordinates is at
        no known distance, and is not ranked.
    capacity : mapping or pandas.Series, optional
        Capacity of some schools, overriding :data:`DEFAULT_CAPACITY`; it
        changes the ``load`` component.
    score_weights : mapping, optional
        Weights of some score components, overriding :data:`DEFAULT_WEIGHTS`.
    weights : mapping, optional
        The old name of ``score_weights``; deprecated, with a
        :class:`~schoolnet.errors.SchoolnetDeprecationWarning`.
    allow_in_need : bool, default False
        ``True`` lets schools in need (by ``need``, or by default with
        ``urns``), and the schools to support, support others.

    Returns
    -------
    pandas.DataFrame
        One row per school and eligible supporter, best first for each school:
        ``urn``, ``name``, ``phase`` and ``district`` of the school in need;
        ``supporter``, ``supporter_name`` and ``supporter_designations``;
        ``score``; ``km``; the weighted share of each component
        (``strength``, ``similarity``, ``distance``, ``ties``, ``load``),
        which add up to ``score``; the supporter's ``remaining_capacity``;
        and ``rank`` (1 is the best; equal scores go to the lower URN).

    Raises
    ------
    ParameterError
        If an argument is not valid, or both ``urns`` and ``need`` are given.
    MissingCoordinatesError
        If no school has coordinates.

    Examples
    --------
    School 1 is inadequate; 2 (good, 2 km away and tied to it) and 3
    (outstanding, 5 km away) could support it; 4 is 30 km away. School 4 has
    no tie, so it is isolated, and in need too, with no supporter within
    20 km:

    >>> import networkx as nx, schoolnet
    >>> G = nx.Graph([(1, 2), (2, 3)])
    >>> for urn, ofsted, km in [(1, "inadequate", 0), (2, "good", 2), (3, "outstanding", 5), (4, "good", 30)]:
    ...     G.add_node(urn, phase="primary", ofsted=ofsted, easting=km * 1000, northing=0)
    >>> need = schoolnet.in_need(G)
    >>> need[need].index.tolist()
    [1, 4]
    >>> table = recommend_supporters(G, need=need)
    >>> table[["urn", "supporter", "score", "strength", "distance", "ties", "rank"]].round(4)
       urn  supporter   score  strength  distance    ties  rank
    0    1          2  0.6983      0.09    0.2250  0.0333     1
    1    1          3  0.6875      0.15    0.1875  0.0000     2

    Strength is Ofsted and designation averaged: good 0.6 and none 0 make
    0.3, weighted 0.3; outstanding makes 0.5. Distance is ``1 - km / 20``:
    0.9 and 0.75, weighted 0.25. School 2's plain tie, of strength 1, counts
    1/3 (a federation, of strength 3, would count 1), weighted 0.1. With no
    other context, both are equally similar (1, weighted 0.25), and neither
    supports anyone yet (load 1, weighted 0.1).
    """
    top = whole_number("top", top, minimum=1, allow_none=True)
    share = _score_weights(score_weights, weights, "recommend_supporters")
    limit = distance_km("max_km", max_km)
    nodes = nodes_frame(G)
    chosen, barred = _need_urns(G, nodes, urns, need, bool(allow_in_need))
    pairs = _candidate_pairs(G, nodes, _eligible_room(G, nodes, capacity, barred), chosen, limit, share)
    return pairs if top is None else pairs[pairs["rank"] <= top].reset_index(drop=True)


@dataclass(frozen=True)
class Assignment:
    """A round of brokered support: who supports whom, who is left, and each supporter's load.

    Attributes
    ----------
    pairs : pandas.DataFrame
        The pairs assigned, with the columns of :func:`recommend_supporters`.
    unmatched : pandas.DataFrame
        Schools in need left without a supporter: ``urn``, ``name``,
        ``district``, ``candidates`` (eligible supporters within reach) and
        ``reason``.
    load : pandas.DataFrame
        One row per eligible supporter within reach of a school in need:
        ``supporter``, ``name``, ``capacity``, ``current`` (support it gave
        already), ``assigned`` (in this round) and ``remaining``.
    solver : str
        The solver used.
    """

    pairs: pd.DataFrame
    unmatched: pd.DataFrame
    load: pd.DataFrame
    solver: str

    @property
    def summary(self) -> dict[str, Any]:
        """Headline figures, as plain numbers."""
        need = len(self.pairs) + len(self.unmatched)
        return {
            "schools in need": need,
            "matched": len(self.pairs),
            "unmatched": len(self.unmatched),
            "supporters used": int(self.pairs["supporter"].nunique()) if len(self.pairs) else 0,
            "total score": round(float(self.pairs["score"].sum()), 4),
            "mean km": round(float(self.pairs["km"].mean()), 2) if len(self.pairs) else float("nan"),
        }

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"Assignment({s['matched']} of {s['schools in need']} schools in need matched, {s['unmatched']} unmatched)"
        )

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in self.summary.items())
        reasons = self.unmatched["reason"].value_counts().to_frame("schools") if len(self.unmatched) else None
        extra = "" if reasons is None else "<p>Why schools are unmatched:</p>" + reasons.to_html()
        return f"<p><b>Brokered support ({html.escape(self.solver)})</b></p><table>{rows}</table>{extra}"


def _costs(scores: np.ndarray) -> np.ndarray:
    """Whole-number costs of the pairs for the solvers: 1 for the best score, up to ``_RESOLUTION + 1`` for the worst.

    The costs are scaled from the scores present, so that any non-negative
    weights give costs of the same size: among rounds that match as many
    schools, the cheapest is the one of highest total score, to a millionth of
    the spread of scores per pair. No cost is 0, which a sparse matrix would
    take for a missing pair.
    """
    if not len(scores):
        return np.zeros(0, dtype=np.int64)
    best, spread = float(scores.max()), float(np.ptp(scores))
    below = (best - scores) / spread if spread > 0 else np.zeros(len(scores))
    costs: np.ndarray = np.rint(below * _RESOLUTION).astype(np.int64) + 1
    return costs


def _solve_scipy(pairs: pd.DataFrame, remaining: pd.Series) -> np.ndarray:
    """Choose pairs by a minimum-weight full matching, with each supporter repeated once per place it has."""
    schools = pd.Index(pairs["urn"].unique())
    places = remaining.reindex(pd.Index(pairs["supporter"].unique())).fillna(0).astype(int)
    places = places[places > 0]
    if places.empty:
        return np.zeros(0, dtype=np.int64)
    usable = pairs["supporter"].isin(places.index).to_numpy()
    row = schools.get_indexer(pairs["urn"])[usable]
    supporter = pairs["supporter"].to_numpy()[usable]
    cost = _costs(pairs["score"].to_numpy())[usable].astype(float)
    first = pd.Series(np.concatenate([[0], np.cumsum(places.to_numpy())[:-1]]), index=places.index)
    copies = places.reindex(supporter).to_numpy()
    rows = np.repeat(row, copies)
    cols = np.repeat(first.reindex(supporter).to_numpy(), copies) + _ranges(copies)
    costs = np.repeat(cost, copies)
    which = np.repeat(np.flatnonzero(usable), copies)
    slots = int(places.sum())
    # One way out for each school: unmatched, at a cost above the sum of any pair costs it could be traded for,
    # so that matching one more school always pays. Totals stay below 2**53, exact in floats, up to about
    # 90,000 schools in need.
    dummy = float(len(schools) * (_RESOLUTION + 1) + 1)
    rows = np.concatenate([rows, np.arange(len(schools))])
    cols = np.concatenate([cols, slots + np.arange(len(schools))])
    costs = np.concatenate([costs, np.full(len(schools), dummy)])
    width = slots + len(schools)
    graph = sparse.csr_array((costs, (rows, cols)), shape=(len(schools), width))
    _, matched = min_weight_full_bipartite_matching(graph)
    real = np.flatnonzero(matched < slots)
    keys = rows * width + cols
    order = np.argsort(keys, kind="stable")
    found = order[np.searchsorted(keys[order], real * width + matched[real])]
    picked: np.ndarray = np.sort(which[found])
    return picked


def _ranges(counts: np.ndarray) -> np.ndarray:
    """0, 1, ..., n-1 for each n in ``counts``, concatenated."""
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    ranges: np.ndarray = np.arange(int(counts.sum())) - starts
    return ranges


def _solve_networkx(pairs: pd.DataFrame, remaining: pd.Series) -> np.ndarray:
    """Choose pairs by networkx's maximum flow of minimum cost."""
    F = nx.DiGraph()
    for urn in pairs["urn"].unique():
        F.add_edge("source", ("need", urn), capacity=1, weight=0)
    for supporter in pairs["supporter"].unique():
        F.add_edge(("supporter", supporter), "sink", capacity=int(remaining.get(supporter, 0)), weight=0)
    costs = _costs(pairs["score"].to_numpy())
    for urn, supporter, cost in zip(pairs["urn"], pairs["supporter"], costs, strict=True):
        F.add_edge(("need", urn), ("supporter", supporter), capacity=1, weight=int(cost))
    flow = nx.max_flow_min_cost(F, "source", "sink")
    chosen = [
        i
        for i, (urn, supporter) in enumerate(zip(pairs["urn"], pairs["supporter"], strict=True))
        if flow[("need", urn)].get(("supporter", supporter), 0) > 0
    ]
    return np.array(chosen, dtype=np.int64)


def assign_supporters(
    G: nx.Graph,
    *,
    need: Need = None,
    capacity: Mapping[Any, int] | pd.Series | None = None,
    max_km: float = 20.0,
    score_weights: Mapping[str, float] | None = None,
    solver: Solver = "scipy",
    weights: Mapping[str, float] | None = None,
    allow_in_need: bool = False,
) -> Assignment:
    """Broker a whole round of support at once, under each supporter's capacity.

    The round first matches as many schools in need as possible, each with
    one eligible supporter within ``max_km``, no supporter beyond the places
    it has left (its capacity less the support it already gives). Among the
    rounds that match that many, it takes one with the highest total score.
    It is a minimum-cost flow: source to each school in need (capacity 1), to
    each of its eligible supporters, to the sink (capacity: the places left).
    A pair costs how far its score falls below the best pair's, in millionths
    of the spread of scores, plus one, so the optimum is the same for weights
    of any size; scores within a millionth of that spread count as equal. The
    eligible pairs and their scores are those of :func:`recommend_supporters`
    with ``top=None``.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, with coordinates.
    need : pandas.Series, callable or None, default None
        Which schools are in need, as for :func:`schoolnet.in_need`. Work it
        out once with ``need = schoolnet.in_need(G)`` and pass it to each
        function: the default definition measures isolation, which takes a
        while on a large network. In an area's network, only its focus
        schools are in need; the boundary schools across its border may
        support them, within ``max_km``.
    capacity : mapping or pandas.Series, optional
        Capacity of some schools, overriding :data:`DEFAULT_CAPACITY`.
    max_km : float, default 20
        The farthest a supporter may be. A supporter without coordinates is at
        no known distance, and is not assigned; ``unmatched`` says so.
    score_weights : mapping, optional
        Weights of some score components, overriding :data:`DEFAULT_WEIGHTS`.
    solver : {"scipy", "networkx"}, default "scipy"
        ``"networkx"`` solves the flow with :func:`networkx.max_flow_min_cost`,
        the reference. ``"scipy"`` solves the same problem as a minimum-weight
        full bipartite matching (:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`),
        with each supporter repeated once per place and a costly way out for
        each school; it finds the same optimum, far faster at national scale.
    weights : mapping, optional
        The old name of ``score_weights``; deprecated, with a
        :class:`~schoolnet.errors.SchoolnetDeprecationWarning`.
    allow_in_need : bool, default False
        ``True`` lets schools in need (by ``need``, or by default with
        ``urns``), and the schools to support, support others.

    Returns
    -------
    Assignment

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If no school has coordinates.

    Examples
    --------
    School 1 is inadequate, and 2 (good, 2 km away) or 3 (outstanding, 5 km
    away) could support it; 4 (good, 30 km away) has no tie, so it is
    isolated and in need, with no supporter within 20 km:

    >>> import networkx as nx, schoolnet
    >>> G = nx.Graph([(1, 2), (2, 3)])
    >>> for urn, ofsted, km in [(1, "inadequate", 0), (2, "good", 2), (3, "outstanding", 5), (4, "good", 30)]:
    ...     G.add_node(urn, phase="primary", ofsted=ofsted, easting=km * 1000, northing=0)
    >>> need = schoolnet.in_need(G)
    >>> round_ = assign_supporters(G, need=need)
    >>> round_
    Assignment(1 of 2 schools in need matched, 1 unmatched)
    >>> round_.pairs[["urn", "supporter", "km"]]
       urn  supporter   km
    0    1          2  2.0
    >>> round_.unmatched[["urn", "reason"]]
       urn                               reason
    0    4  no eligible supporter within 20 km

    School 2 scores a little more than 3, as :func:`recommend_supporters`
    shows. Each has one place: give 2 none, and 3 takes school 1.

    >>> assign_supporters(G, need=need, capacity={2: 0}).pairs["supporter"].tolist()
    [3]
    """
    if solver not in ("scipy", "networkx"):
        raise ParameterError(f"solver={solver!r}: expected 'scipy' or 'networkx'")
    share = _score_weights(score_weights, weights, "assign_supporters")
    limit = distance_km("max_km", max_km)
    nodes = nodes_frame(G)
    urns, barred = _need_urns(G, nodes, None, need, bool(allow_in_need))
    room = _eligible_room(G, nodes, capacity, barred)
    pairs = _candidate_pairs(G, nodes, room, urns, limit, share)
    if len(pairs):
        chosen = (_solve_scipy if solver == "scipy" else _solve_networkx)(pairs, room["remaining"])
    else:
        chosen = np.zeros(0, dtype=np.int64)
    assigned = pairs.iloc[chosen].sort_values(["urn"]).reset_index(drop=True)
    load = _load(pairs, assigned, room, nodes)
    unmatched = _unmatched(G, urns, pairs, assigned, load, nodes, room, limit)
    return Assignment(assigned, unmatched, load, solver)


def _load(pairs: pd.DataFrame, assigned: pd.DataFrame, room: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    supporters = pd.Index(pairs["supporter"].unique(), name="supporter")
    load = room.reindex(supporters)[["capacity", "current"]].copy()
    load["assigned"] = assigned["supporter"].value_counts().reindex(supporters, fill_value=0).to_numpy()
    load["remaining"] = np.maximum(load["capacity"] - load["current"] - load["assigned"], 0)
    load.insert(0, "name", nodes["name"].reindex(supporters).to_numpy())
    return load.reset_index().sort_values(["assigned", "supporter"], ascending=[False, True]).reset_index(drop=True)


def _unmatched(
    G: nx.Graph,
    urns: pd.Index,
    pairs: pd.DataFrame,
    assigned: pd.DataFrame,
    load: pd.DataFrame,
    nodes: pd.DataFrame,
    room: pd.DataFrame,
    max_km: float,
) -> pd.DataFrame:
    left = urns[~urns.isin(assigned["urn"])]
    # Only the schools left unmatched need their candidates listed.
    candidates = pairs[pairs["urn"].isin(left)].groupby("urn")["supporter"].apply(list)
    full_before = set(load.loc[load["capacity"] - load["current"] <= 0, "supporter"])
    located = _located(nodes)
    unknown = _supporters_at_no_known_distance(G, nodes, room, left[~left.isin(candidates.index)], located)
    reasons, counts = [], []
    for urn in left:
        options = candidates.get(urn, [])
        counts.append(len(options))
        if not options and not located.loc[urn]:
            reasons.append("no coordinates, so no known distance to any supporter")
        elif not options:
            reason = f"no eligible supporter within {max_km:g} km"
            unplaced = int(unknown.get(urn, 0))
            if unplaced:
                reason += f", and {unplaced} at an unknown distance (no coordinates)"
            reasons.append(reason)
        elif all(s in full_before for s in options):
            reasons.append(f"all {len(options)} eligible supporters were already at capacity")
        else:
            reasons.append(f"all {len(options)} eligible supporters are at capacity after this round")
    return pd.DataFrame(
        {
            "urn": left.to_numpy(),
            "name": nodes["name"].reindex(left).to_numpy(),
            "district": nodes["district"].reindex(left).to_numpy(),
            "candidates": counts,
            "reason": reasons,
        }
    )


def _located(nodes: pd.DataFrame) -> pd.Series:
    """Whether each school has coordinates, as :class:`schoolnet.geo.Locator` reads them."""
    where = Locator(nodes, what="brokering support")
    return pd.Series(where.positions(nodes.index) >= 0, index=nodes.index)


def _supporters_at_no_known_distance(
    G: nx.Graph, nodes: pd.DataFrame, room: pd.DataFrame, urns: pd.Index, located: pd.Series
) -> pd.Series:
    """For each of ``urns``, how many supporters would be eligible but for their missing coordinates."""
    supporters = np.flatnonzero(room["eligible"].to_numpy() & ~located.to_numpy())
    schools = nodes.index.get_indexer(urns)
    if not len(supporters) or not len(schools):
        return pd.Series(0, index=urns)
    a, b = np.repeat(schools, len(supporters)), np.tile(supporters, len(schools))
    keep = _may_support(G, nodes, a, b)
    return pd.Series(np.bincount(a[keep], minlength=len(nodes))[schools], index=urns)
