"""Coverage: the schools in need that no system leader reaches, by area, and where to designate next.

A school in need is **covered** when a system leader is within ``hops`` of it
in the network, or within ``km`` of it in a straight line, with hops,
distances, need and leaders as :mod:`schoolnet.measures.reach` defines them:

- :func:`coverage`: by area, the schools in need that a leader covers, worst
  area first;
- :func:`uncovered`: the schools in need that no leader covers, with the
  nearest leader and how far it is;
- :func:`suggest_leaders`: the schools to designate next so that the most of
  them are covered.

:func:`schoolnet.reach` and :func:`schoolnet.nearest_leader`, which measure
the reach itself, may also be imported from here.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from .._progress import progress
from .._validate import distance_km, whole_number
from ..errors import NoGroupsLoadedWarning, ParameterError, SchoolnetWarning
from ..network.convert import LABEL_COLUMNS, in_focus, with_labels
from ..tables.schema import GROUP_KINDS
from ._proximity import Schools, hop_limit, nearest_table, ones_at, pairs_within_km, within_hops
from .isolation import isolation
from .need import Leaders, Need, in_need, strong, system_leaders
from .reach import nearest_leader as nearest_leader
from .reach import reach as reach

__all__ = ["UNKNOWN_AREA", "coverage", "suggest_leaders", "uncovered"]

#: The area of a school whose area is not recorded.
UNKNOWN_AREA: Final = "(unknown)"


def _reach_rule(hops: object, km: object, *, served: bool = False) -> tuple[int | None, float | None]:
    """The ``hops`` and ``km`` that say when a leader covers a school; at least one is needed, or ``served_by``."""
    rule = hop_limit(hops), distance_km("km", km, allow_none=True)
    if rule == (None, None) and not served:
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


def _kinds(served_by: str | Iterable[str] | None) -> frozenset[str]:
    if served_by is None:
        return frozenset()
    expected = f"expected a kind of group ({', '.join(GROUP_KINDS)}), such as 'hub', or a list of them"
    if not isinstance(served_by, (str, Iterable)):
        raise ParameterError(f"served_by={served_by!r}: {expected}")
    kinds = frozenset([served_by] if isinstance(served_by, str) else served_by)
    if not all(isinstance(k, str) and k in GROUP_KINDS for k in kinds):
        raise ParameterError(f"served_by={served_by!r}: {expected}")
    return kinds


def served_through(G: nx.Graph, kinds: frozenset[str], leaders: pd.Index) -> pd.Index:
    """The schools that are members of a live group of one of ``kinds`` led by one of ``leaders``."""
    memberships = G.graph.get("memberships")
    if not kinds or not isinstance(memberships, pd.DataFrame) or memberships.empty:
        return pd.Index([], name="urn")
    chosen = memberships[memberships["kind"].isin(kinds)]
    led = chosen.loc[chosen["lead"].astype(bool) & chosen["urn"].isin(leaders), "group_id"]
    served: pd.Index = pd.Index(chosen.loc[chosen["group_id"].isin(led), "urn"].unique(), name="urn")
    return served


def _status(
    schools: Schools,
    leaders: Leaders,
    need: Need,
    hops: int | None,
    km: float | None,
    caller: str,
    served_by: frozenset[str] = frozenset(),
) -> tuple[np.ndarray, pd.DataFrame]:
    """The leaders' rows, and each school's need, nearest leaders and whether a leader covers it.

    Only focus schools (see :func:`schoolnet.network.convert.in_focus`) count as in need: boundary schools are kept
    for their ties, and their leaders cover schools across the border.
    """
    G = schools.G
    leader_urns = system_leaders(G, leaders)
    lead = schools.positions(leader_urns)
    what = f"{caller} with km={km!r} (km=None counts network hops only)"
    table = nearest_table(schools, lead, use_km=km is not None, what=what)
    covered = np.zeros(len(schools), dtype=bool)
    if hops is not None:
        covered |= table["hops"].le(hops).fillna(False).to_numpy(dtype=bool)
    if km is not None:
        covered |= table["km"].le(km).to_numpy(dtype=bool)
    served = schools.index.isin(served_through(G, served_by, leader_urns))
    covered |= served
    focus = in_focus(G).to_numpy(dtype=bool)
    table.insert(0, "in_need", in_need(G, need).to_numpy(dtype=bool) & focus)
    table.insert(1, "covered", covered)
    table.insert(2, "served", served)
    table.insert(3, "in_focus", focus)
    return lead, table


def _areas(nodes: pd.DataFrame, columns: list[str]) -> list[pd.Series]:
    return [nodes[c].astype(object).where(nodes[c].notna(), UNKNOWN_AREA).rename(c) for c in columns]


def _summarise(schools: Schools, lead: np.ndarray, status: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Schools, leaders and schools in need (covered or not) by area, worst first."""
    need = status["in_need"].to_numpy(dtype=bool)
    covered = status["covered"].to_numpy(dtype=bool)
    focus = status["in_focus"].to_numpy(dtype=bool)
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
    areas = [a[focus] for a in _areas(schools.nodes, columns)]
    table = flags[focus].groupby(areas, sort=True).sum()
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
    served_by: str | Iterable[str] | None = None,
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
    served_by : str or iterable of str, optional
        Kinds of group, such as ``"hub"``, whose members a leader serves
        through its membership, however far: a school in a live group of
        these kinds led by a leader is covered. A teaching school hub serves
        every school of its districts, so ``coverage(G, leaders="hub",
        served_by="hub")`` counts each school as served by its hub.

    Only the focus schools of an area's network (:func:`schoolnet.network.convert.in_focus`)
    are counted; leaders across the border still cover them.

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
        If an argument is not valid, or ``hops``, ``km`` and ``served_by`` are all None.
    MissingCoordinatesError
        If ``km`` is given and no school has coordinates.

    See Also
    --------
    uncovered : the schools in need that are not covered.

    Examples
    --------
    Five schools 3 km apart on a line, each tied to the next; school 1 is an
    NLE, and 3 and 5 are judged inadequate:

    >>> import networkx as nx, schoolnet
    >>> G = nx.path_graph([1, 2, 3, 4, 5])
    >>> for urn, ofsted, district in [(1, "outstanding", "North"), (2, "good", "North"), (3, "inadequate", "North"),
    ...                               (4, "good", "South"), (5, "inadequate", "South")]:
    ...     G.add_node(urn, ofsted=ofsted, district=district, easting=3000 * (urn - 1), northing=0)
    >>> G.nodes[1]["designations"] = "NLE"
    >>> need = schoolnet.in_need(G)
    >>> coverage(G, need=need, hops=2, km=None)
              schools  leaders  in_need  covered  uncovered  share_covered
    district
    South           2        0        1        0          1            0.0
    North           3        1        1        1          0            1.0

    School 3 is 2 hops from the NLE, so it is covered; school 5 is 4 hops
    away. Within 1 hop or 5 km, neither is:

    >>> coverage(G, need=need, hops=1, km=5)["uncovered"].tolist()
    [1, 1]
    """
    rule = _reach_rule(hops, km, served=bool(_kinds(served_by)))
    schools = Schools(G)
    columns = _area_columns(schools.nodes, by)
    lead, status = _status(schools, leaders, need, *rule, caller="coverage", served_by=_kinds(served_by))
    table = _summarise(schools, lead, status, columns)
    table.attrs["definition"] = {
        "by": columns,
        "hops": rule[0],
        "km": rule[1],
        "leaders": len(lead),
        "served_by": sorted(_kinds(served_by)),
        "boundary_schools": int((~status["in_focus"]).sum()),
    }
    return table


def uncovered(
    G: nx.Graph,
    *,
    by: str | Sequence[str] = "district",
    need: Need = None,
    hops: int | None = 2,
    km: float | None = 10,
    leaders: Leaders = None,
    served_by: str | Iterable[str] | None = None,
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
    need, hops, km, leaders, served_by
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
    Five schools 3 km apart on a line, each tied to the next; school 1 is an
    NLE, and 3 and 5 are judged inadequate:

    >>> import networkx as nx, schoolnet
    >>> G = nx.path_graph([1, 2, 3, 4, 5])
    >>> for urn, ofsted, district in [(1, "outstanding", "North"), (2, "good", "North"), (3, "inadequate", "North"),
    ...                               (4, "good", "South"), (5, "inadequate", "South")]:
    ...     G.add_node(urn, ofsted=ofsted, district=district, easting=3000 * (urn - 1), northing=0)
    >>> G.nodes[1]["designations"] = "NLE"
    >>> need = schoolnet.in_need(G)
    >>> uncovered(G, need=need, hops=1, km=5)[["district", "nearest_by_hops", "hops", "nearest_by_km", "km"]]
        district  nearest_by_hops  hops  nearest_by_km    km
    urn
    3      North                1     2              1   6.0
    5      South                1     4              1  12.0
    """
    rule = _reach_rule(hops, km, served=bool(_kinds(served_by)))
    schools = Schools(G)
    columns = _area_columns(schools.nodes, by)
    lead, status = _status(schools, leaders, need, *rule, caller="uncovered", served_by=_kinds(served_by))
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
    area_rank = [
        place.get(key, len(place)) for key in zip(*(a.tolist() for a in _areas(schools.nodes, columns)), strict=True)
    ]
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


def _barred(G: nx.Graph, need: Need, allow_in_need: bool) -> np.ndarray:
    """Which schools may not be designated: those in need, and those known to be isolated (none if allowed)."""
    if allow_in_need:
        return np.zeros(len(G), dtype=bool)
    flags = in_need(G, need).to_numpy(dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoGroupsLoadedWarning)  # a kind not loaded is unknown: no school is barred
        alone = isolation(G, focus_only=False)["isolated"]
    barred: np.ndarray = flags | alone.reindex(list(G), fill_value=False).to_numpy(dtype=bool)
    return barred


def _candidates(
    schools: Schools, G: nx.Graph, candidates: Iterable[object] | None, lead: np.ndarray, barred: np.ndarray
) -> np.ndarray:
    """The candidates' rows, in URN order: by default strong schools with no system-leader designation.

    Schools in ``barred`` (in need, or isolated) are never candidates; those named in ``candidates`` are set aside
    with a warning.
    """
    if candidates is None:
        eligible = strong(G).to_numpy(dtype=bool, copy=True) & ~barred
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
        if barred[rows].any():
            out = schools.index[rows[barred[rows]]]
            warnings.warn(
                f"candidates: {len(out)} set aside, in need of support or isolated themselves "
                f"({', '.join(map(str, out[:5]))}{', ...' if len(out) > 5 else ''}); pass allow_in_need=True "
                "to consider them",
                SchoolnetWarning,
                stacklevel=3,
            )
            rows = rows[~barred[rows]]
    return rows[np.argsort(schools.rank[rows], kind="stable")]


def _coverones_at(
    schools: Schools, chosen: np.ndarray, gaps: np.ndarray, hops: int | None, km: float | None
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
        within = sparse.coo_array(within_hops(schools.adjacency, gaps, [hops])[hops])
        hit = row[within.col] >= 0
        rows.append(row[within.col[hit]])
        cols.append(within.row[hit].astype(np.int64))
    if km is not None:
        what = f"suggest_leaders with km={km!r} (km=None counts network hops only)"
        source, found, _ = pairs_within_km(schools, gaps, km, what)
        hit = row[found] >= 0
        rows.append(row[found[hit]])
        cols.append(source[hit])
    return ones_at(np.concatenate(rows), np.concatenate(cols), shape)


def suggest_leaders(
    G: nx.Graph,
    *,
    candidates: Iterable[object] | None = None,
    leaders: Leaders = None,
    need: Need = None,
    n: int = 5,
    hops: int | None = 2,
    km: float | None = 10,
    allow_in_need: bool = False,
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
        system-leader designation, is not among ``leaders``, and is neither in
        need nor isolated.
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
    allow_in_need : bool, default False
        A school in need (by ``need``) or professionally isolated (by
        :func:`schoolnet.isolation`'s default definition) is never suggested,
        nor kept among ``candidates`` (a warning says which were set aside),
        unless this is ``True``.

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
    Five schools 3 km apart on a line, each tied to the next; school 1 is an
    NLE, and 3 and 5 are judged inadequate:

    >>> import networkx as nx, schoolnet
    >>> G = nx.path_graph([1, 2, 3, 4, 5])
    >>> for urn, ofsted, district in [(1, "outstanding", "North"), (2, "good", "North"), (3, "inadequate", "North"),
    ...                               (4, "good", "South"), (5, "inadequate", "South")]:
    ...     G.add_node(urn, ofsted=ofsted, district=district, easting=3000 * (urn - 1), northing=0)
    >>> G.nodes[1]["designations"] = "NLE"
    >>> need = schoolnet.in_need(G)

    Within 1 hop of the NLE, neither 3 nor 5 is covered. The candidates are
    the good schools, 2 and 4: 2 would cover 3, and 4 would cover both.

    >>> suggest_leaders(G, need=need, hops=1, km=None)[["urn", "district", "gain", "covered_total", "uncovered"]]
          urn district  gain  covered_total  uncovered
    pick
    1       4    South     2              2          0

    One pick covers every school in need: there is no second to suggest.
    """
    rule = _reach_rule(hops, km)
    n = whole_number("n", n, minimum=1, what="schools to suggest")
    schools = Schools(G)
    lead, status = _status(schools, leaders, need, *rule, caller="suggest_leaders")
    chosen = _candidates(schools, G, candidates, lead, _barred(G, need, bool(allow_in_need)))
    flags, covered = status["in_need"].to_numpy(dtype=bool), status["covered"].to_numpy(dtype=bool)
    gaps = np.flatnonzero(flags & ~covered)
    before = total = int((flags & covered).sum())
    remaining = np.ones(len(gaps), dtype=np.int64)
    picks: list[tuple[int, int, int, int]] = []
    if len(chosen) and len(gaps):
        covers = _coverones_at(schools, chosen, gaps, *rule)
        for _ in progress(range(n), desc="suggest_leaders"):
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


def _picks_frame(schools: Schools, picks: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    rows = np.array([p[0] for p in picks], dtype=np.int64)
    labels = schools.nodes.iloc[rows].loc[:, list(LABEL_COLUMNS)]
    data: dict[str, Any] = {"urn": schools.index[rows].to_numpy()}
    data.update({c: labels[c].to_numpy() for c in LABEL_COLUMNS})
    for i, column in enumerate(("gain", "covered_total", "uncovered"), start=1):
        data[column] = np.array([p[i] for p in picks], dtype=np.int64)
    out = pd.DataFrame(data, index=pd.RangeIndex(1, len(picks) + 1, name="pick"))
    return out
