"""Professionally isolated schools: who they are, and why.

The local authority reports that schoolnet comes from say that every school
should belong to a cluster, so that none becomes professionally isolated.
:func:`isolation` says, for every school, how many partners it has and of what
kind, whether it belongs to the kinds of partnership it should, how far away
its partners are, and, for the schools it flags, the reasons in words and the
main reason as a code. :func:`isolation_summary` counts the isolated schools
by area or phase.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from .._validate import distance_km, whole_number
from ..errors import NoGroupsLoadedWarning, ParameterError
from ..geo import grid_points, km_apart
from ..network._matrix import collapsed_ties, distinct_sorted
from ..network.build import PLAIN_TIE, AsOf, is_live, parse_as_of
from ..network.convert import in_focus, nodes_frame, with_labels
from ..tables.schema import EDGE_KINDS, SUPPORT

__all__ = ["ISOLATION_REASONS", "isolation", "isolation_summary"]

#: The codes of the ``main_reason`` column of :func:`isolation`, most serious
#: first: a school with several reasons takes the first that applies.
#:
#: ``no_partnership``
#:     no live tie of any kind, and none that ended;
#: ``partnerships_ended``
#:     no live tie, and every partnership it had has ended;
#: ``support_only``
#:     only support given or received, no peer partnership;
#: ``too_few_partners``
#:     fewer peer partners than ``min_partners``;
#: ``no_required_group``
#:     in no live group of a required kind (such as no cluster);
#: ``no_partner_nearby``
#:     no partner within ``max_km``;
#: ``partner_distance_unknown``
#:     no partner known to be within ``max_km``, and some partners at an
#:     unknown distance (they or the school have no coordinates).
ISOLATION_REASONS = (
    "no_partnership",
    "partnerships_ended",
    "support_only",
    "too_few_partners",
    "no_required_group",
    "no_partner_nearby",
    "partner_distance_unknown",
)


def _ties(G: nx.Graph, as_of: pd.Timestamp | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every tie from both ends (``school``, ``partner``, ``kind``), and the ties ended by ``as_of``."""
    rows = [
        (u, v, d.get("kind", PLAIN_TIE), d.get("group_id"), d.get("since"), d.get("until"))
        for u, v, d in G.edges(data=True)
        if u != v
    ]
    ties = pd.DataFrame(rows, columns=["u", "v", "kind", "partnership", "since", "until"])
    ties["since"] = pd.to_datetime(ties["since"])
    ties["until"] = pd.to_datetime(ties["until"])
    ended = ties.iloc[0:0]
    if as_of is not None:
        started = (ties["since"].isna() | (ties["since"] <= as_of)).to_numpy(dtype=bool)
        not_over = (ties["until"].isna() | (ties["until"] >= as_of)).to_numpy(dtype=bool)
        ended = ties[started & ~not_over]
        ties = ties[started & not_over]
    both = pd.concat(
        [
            pd.DataFrame({"school": ties["u"], "partner": ties["v"], "kind": ties["kind"]}),
            pd.DataFrame({"school": ties["v"], "partner": ties["u"], "kind": ties["kind"]}),
        ],
        ignore_index=True,
    )
    ended_rows = pd.concat(
        [
            pd.DataFrame(
                {"urn": ended[end], "partnership": ended["partnership"], "kind": ended["kind"], "end": ended["until"]}
            )
            for end in ("u", "v")
        ],
        ignore_index=True,
    )
    return both, ended_rows


def _pairs_of_kinds(G: nx.Graph) -> pd.DataFrame:
    """Each tied pair once per kind of tie between them, from both ends: ``school``, ``partner``, ``kind``."""
    ties = collapsed_ties(G)
    pair, kind = np.nonzero(ties.counts)
    nodes = np.asarray(ties.nodes, dtype=object) if ties.nodes else np.zeros(0, dtype=object)
    school, partner = ties.first[pair], ties.second[pair]
    names = np.asarray(ties.kinds, dtype=object)[kind] if len(kind) else np.zeros(0, dtype=object)
    # The dtype is inferred from the distinct schools tied, as it would be from every row, then spread to the rows.
    ends = np.concatenate([school, partner])
    used, at = np.unique(ends, return_inverse=True)
    labels = pd.Series(nodes[used], dtype=object).infer_objects().array
    half = len(school)
    return pd.DataFrame(
        {
            "school": pd.Series(labels.take(at)),
            "partner": pd.Series(labels.take(np.concatenate([at[half:], at[:half]]))),
            "kind": np.concatenate([names, names]),
        }
    )


def _ended(G: nx.Graph, from_ties: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    """Each school's partnerships that had ended by the date looked at, each once with its last end.

    A partnership ends for a school on the last day it was tied through it
    or, where memberships are recorded, on the last day of its membership.
    """
    frames = [from_ties]
    recorded = G.graph.get("ended")
    if isinstance(recorded, pd.DataFrame) and len(recorded):
        if as_of is not None:
            recorded = recorded[(recorded["end"] < as_of).to_numpy(dtype=bool)]
        frames.append(recorded[["urn", "partnership", "kind", "end"]])
    memberships = G.graph.get("memberships")
    if as_of is not None and isinstance(memberships, pd.DataFrame) and len(memberships):
        # A network of every date records no ended table: its memberships say when each one ended.
        expand = G.graph.get("expand") or {}
        tying = memberships["kind"].map(lambda k: expand.get(k, "clique") != "none").to_numpy(dtype=bool)
        over = memberships[tying & (memberships["end"] < as_of).to_numpy(dtype=bool)]
        frames.append(
            pd.DataFrame(
                {"urn": over["urn"], "partnership": over["group_id"], "kind": over["kind"], "end": over["end"]}
            )
        )
    found = [f for f in frames if len(f)]
    if not found:
        return from_ties
    ended = pd.concat(found, ignore_index=True)
    if as_of is not None and isinstance(memberships, pd.DataFrame) and len(memberships):
        # A school still in a group has not ended that partnership, though its ties to those who left have.
        live = memberships[is_live(memberships["start"], memberships["end"], as_of)]
        still = pd.MultiIndex.from_arrays([live["urn"], live["group_id"]])
        ended = ended[~pd.MultiIndex.from_arrays([ended["urn"], ended["partnership"]]).isin(still)]
    ended["end"] = pd.to_datetime(ended["end"])
    ended = ended.sort_values("end", ascending=False, na_position="last", kind="stable")
    return ended.drop_duplicates(["urn", "partnership"])


def _members_of(G: nx.Graph, kinds: Iterable[str], ties: pd.DataFrame, as_of: pd.Timestamp | None) -> dict[str, set]:
    """For each kind, the schools in a live group of that kind (from memberships, or from ties)."""
    memberships = G.graph.get("memberships")
    out: dict[str, set] = {}
    for kind in kinds:
        found = set(ties.loc[ties["kind"] == kind, "school"])
        if isinstance(memberships, pd.DataFrame):
            rows = memberships[memberships["kind"] == kind]
            if as_of is not None:
                rows = rows[is_live(rows["start"], rows["end"], as_of)]
            found |= set(rows["urn"])
        out[kind] = found
    return out


def _loaded_kinds(G: nx.Graph, tie_kinds: set[str]) -> set[str]:
    """The kinds of group that the network knows of at any date: from its ties, memberships and ended table."""
    loaded = set(tie_kinds) | set(G.graph.get("group_kinds", ()))
    for name in ("memberships", "ended"):
        table = G.graph.get(name)
        if isinstance(table, pd.DataFrame) and "kind" in table.columns:
            loaded |= set(table["kind"].dropna().astype(str).unique())
    return loaded


def _warn_unloaded(kinds: list[str]) -> None:
    """Say once that no group of some required kinds is loaded, so that membership of one is unknown."""
    names = " or ".join(kinds)
    article = "an" if names[0] in "aeiou" else "a"
    plural = " and ".join(f"{k}s" for k in kinds)
    warnings.warn(
        f"no {names} data is loaded: whether a school is in {article} {names} is unknown, so no school is "
        f"isolated for want of one; load your {plural} or pass require=()",
        NoGroupsLoadedWarning,
        stacklevel=3,
    )


def _check(require: Iterable[str] | str, min_partners: int, max_km: float | None) -> tuple[str, ...]:
    required = (require,) if isinstance(require, str) else tuple(require)
    unknown = [k for k in required if k not in EDGE_KINDS]
    if unknown:
        raise ParameterError(f"require: unknown kind {unknown[0]!r}; expected some of {', '.join(EDGE_KINDS)}")
    whole_number("min_partners", min_partners, minimum=0)
    distance_km("max_km", max_km, allow_none=True)
    return required


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def isolation(
    G: nx.Graph,
    *,
    require: Iterable[str] | str = ("cluster",),
    min_partners: int = 1,
    max_km: float | None = None,
    as_of: AsOf = None,
    focus_only: bool = True,
) -> pd.DataFrame:
    """Find the professionally isolated schools, and say why each is isolated.

    A school is **isolated** when any of these holds:

    - it is in no live group of a kind in ``require`` (by default, no cluster);
    - it has fewer than ``min_partners`` distinct *peer* partners: schools it
      is tied to by a partnership other than brokered support (by default,
      none). A school whose only ties are support it gives or receives has no
      peer partnership. With ``min_partners=0`` a school needs no partner at
      all, so ``require=()`` and ``min_partners=0`` flag no school without
      ``max_km``;
    - ``max_km`` is given and no partner is known to be within ``max_km``
      kilometres: every partner is farther, or there is none, or some
      partners are at an unknown distance (they or the school have no
      coordinates), which the reasons say.

    The default follows the local authority reports: a school in no cluster,
    or with no live partnership of any kind, is isolated.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, or any networkx graph.
        On a graph whose ties have no ``kind`` and that records no
        memberships, ``require`` is not applied, since nothing says what a
        tie is.
    require : str or iterable of str, default ("cluster",)
        The kinds of partnership every school should belong to. ``()``
        requires none. When the network knows of no group of a required kind
        at any date (the DfE register, for one, has no clusters), whether a
        school is in one is unknown, not false: that test is not applied,
        ``in_<kind>`` is missing, a school that no other test flags has
        ``status`` ``"unknown"`` (reason ``"no cluster data loaded"``), and a
        :class:`~schoolnet.errors.NoGroupsLoadedWarning` says so. The tests that can be judged
        (no partnership, ``min_partners``, ``max_km``) still apply.
    min_partners : int, default 1
        The fewest peer partners a school should have.
    max_km : float, optional
        If given, a school with no partner within this distance is isolated.
        Needs coordinates.
    as_of : str or date, optional
        Look only at the ties live on this date, using each tie's ``since``
        and ``until``. By default every tie of ``G`` counts: ``G`` is already
        built for a date. To look at several dates, build ``G`` with
        ``as_of="all"``.
    focus_only : bool, default True
        Report only the network's focus schools (see
        :func:`schoolnet.network.convert.in_focus`): after selecting an area, its
        partners across the border are boundary schools, which count as
        partners but get no row. ``False`` gives every school a row, with an
        ``in_focus`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by URN, one row per school, with columns:

        ``name``, ``phase``, ``district``
            The school.
        ``partners``
            Distinct partner schools, through ties of any kind.
        ``partners_<kind>``
            Distinct partner schools through ties of each kind.
        ``in_<kind>``
            Whether the school is in a live group of each required kind;
            missing (a nullable boolean) when no group of that kind is loaded.
        ``nearest_partner_km``, ``farthest_partner_km``
            Distance to the nearest and farthest partner whose distance is
            known; NaN without partners or coordinates.
        ``isolated``
            Whether the school is known to be isolated.
        ``status``
            ``"isolated"``, ``"not isolated"``, or ``"unknown"`` when no
            test that can be judged flags the school but a required kind is
            not loaded, so it cannot be told whether the school is in one.
        ``reasons``
            Why, in words, separated by ``"; "``: for example ``"no cluster"``,
            ``"only partnership ended 2023-08-31"``, ``"support only, no peer
            partnership"``, ``"no partner within 10 km"``. Empty when not
            isolated; ``"no cluster data loaded"`` when the status is unknown.
        ``main_reason``
            The most serious reason as a code, an ordered categorical of
            :data:`ISOLATION_REASONS` (most serious first); missing when not
            isolated.
        ``in_focus``
            Only with ``focus_only=False``: whether the school is a focus
            school.

        ``attrs["definition"]`` records the arguments, and
        ``attrs["kinds_not_loaded"]`` the required kinds of which no group
        is loaded.

    Raises
    ------
    ParameterError
        If an argument is not valid.
    MissingCoordinatesError
        If ``max_km`` is given and no school has coordinates.

    Examples
    --------
    Schools 1 and 2 share a cluster; 3 has only a trust tie to 2; 4 has nothing.

    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> G.add_nodes_from([1, 2, 3, 4])
    >>> G.add_edges_from([(1, 2, "C", {"kind": "cluster"}), (2, 3, "T", {"kind": "trust"})])
    ['C', 'T']
    >>> table = isolation(G)
    >>> table["reasons"].tolist()
    ['', '', 'no cluster', 'no cluster; no partnership of any kind']
    >>> table["main_reason"].tolist()
    [nan, nan, 'no_required_group', 'no_partnership']
    >>> isolation(G, require=(), min_partners=0)["isolated"].any()
    np.False_
    """
    required = _check(require, min_partners, max_km)
    when = None if as_of is None else parse_as_of(as_of)
    nodes = nodes_frame(G)
    ties, ended_ties, tie_kinds = _live_ties(G, when)
    required = _applicable(G, required, tie_kinds)
    unloaded = [k for k in required if k not in _loaded_kinds(G, tie_kinds)]
    if unloaded:
        _warn_unloaded(unloaded)
    known = tuple(k for k in required if k not in unloaded)
    ends = _Ends(nodes.index, ties, distinct_kinds=when is not None)
    table, peers = _partner_counts(G, nodes, ends)
    members = _members_of(G, known, ties, when)
    for kind in required:
        if kind in unloaded:
            table[f"in_{kind}"] = pd.array([pd.NA] * len(table), dtype="boolean")
        else:
            table[f"in_{kind}"] = nodes.index.isin(list(members[kind]))
    nearest, farthest, unknown = _partner_distances(nodes, ends, need=max_km is not None)
    table["nearest_partner_km"] = nearest
    table["farthest_partner_km"] = farthest
    found = _reasons(table, peers, unknown, _ended(G, ended_ties, when), known, min_partners, max_km)
    _add_verdict(table, found, unloaded)
    focus = in_focus(G).reindex(nodes.index).to_numpy(dtype=bool)
    if focus_only:
        table = table[focus]
    else:
        table["in_focus"] = focus
    out = with_labels(table, G)
    out.attrs["definition"] = {
        "require": list(required),
        "min_partners": min_partners,
        "max_km": max_km,
        "as_of": None if when is None else when.date().isoformat(),
    }
    out.attrs["kinds_not_loaded"] = unloaded
    return out


def _live_ties(G: nx.Graph, when: pd.Timestamp | None) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """The ties looked at from both ends, the ties ended by ``when``, and the kinds of tie in the graph."""
    if when is None:
        # Without a date, only which kinds tie each pair matters: read it from the collapsed ties.
        ties = _pairs_of_kinds(G)
        return ties, pd.DataFrame(columns=["urn", "partnership", "kind", "end"]), set(ties["kind"].unique())
    ties, ended = _ties(G, when)
    return ties, ended, {str(k) for *_, k in G.edges(data="kind", default=PLAIN_TIE)}


def _applicable(G: nx.Graph, required: tuple[str, ...], tie_kinds: set[str]) -> tuple[str, ...]:
    """The required kinds, or none on a plain graph whose ties have no kind and that records no memberships."""
    built = "kinds" in G.graph or isinstance(G.graph.get("memberships"), pd.DataFrame)
    return required if built or tie_kinds - {PLAIN_TIE} else ()


class _Ends:
    """The ties from both ends as positions among the nodes: each school and partner once, and once per kind.

    Worked out with numpy on the positions, not by dropping duplicate rows of labels, which costs more on a
    national network and, in pandas' overhead, on a small one.
    """

    def __init__(self, index: pd.Index, ties: pd.DataFrame, *, distinct_kinds: bool) -> None:
        n = len(index)
        school = index.get_indexer(pd.Index(ties["school"])).astype(np.int64)
        partner = index.get_indexer(pd.Index(ties["partner"])).astype(np.int64)
        kind = ties["kind"]
        code, names = pd.factorize(kind)
        if distinct_kinds:
            # The same pair may be tied twice by one kind (two groups): each kind counts once.
            triple = (school * n + partner) * (len(names) + 1) + (code + 1)
            _, first = np.unique(triple, return_index=True)
            keep = np.sort(first)
            school, partner, code = school[keep], partner[keep], code[keep]
            kind = kind.iloc[keep]
        #: each row's kind, as a code of ``kinds`` (-1 where missing), from the pairs once per kind.
        self.school, self.partner, self.kind_code, self.kinds = school, partner, code, list(names)
        self.peer = (kind != SUPPORT).to_numpy(dtype=bool)
        self.n = n
        #: each school and partner once.
        self.first, self.second = self.distinct_pairs(school, partner)

    def distinct_pairs(self, school: np.ndarray, partner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each pair of ``school`` and ``partner`` (positions) once, sorted."""
        keys = distinct_sorted(school * self.n + partner)
        return keys // max(self.n, 1), keys % max(self.n, 1)

    def count(self, rows: np.ndarray) -> np.ndarray:
        """Each school's number of rows among ``rows`` (positions of schools)."""
        return np.bincount(rows, minlength=self.n).astype(np.int64)


def _partner_counts(G: nx.Graph, nodes: pd.DataFrame, ends: _Ends) -> tuple[pd.DataFrame, pd.Series]:
    """Each school's partners, in all and by kind, and its peer partners (other than through support)."""
    seen = {k for i, k in enumerate(ends.kinds) if (ends.kind_code == i).any()}
    present = [k for k in (*EDGE_KINDS, PLAIN_TIE) if k in set(G.graph.get("kinds", [])) | seen]
    peer_schools, _ = ends.distinct_pairs(ends.school[ends.peer], ends.partner[ends.peer])
    peers = pd.Series(ends.count(peer_schools), index=nodes.index)
    table = pd.DataFrame({"partners": ends.count(ends.first)}, index=nodes.index)
    for kind in present:
        code = ends.kinds.index(kind) if kind in ends.kinds else -2
        table[f"partners_{kind}"] = ends.count(ends.school[ends.kind_code == code])
    return table, peers


def _add_verdict(table: pd.DataFrame, found: list[list[tuple[str, str]]], unloaded: list[str]) -> None:
    """Add ``isolated``, ``status``, ``reasons`` and ``main_reason`` from each school's reasons.

    A school with no reason is ``"unknown"`` when a required kind is not loaded: whether it is in such a group
    cannot be told, so it is neither isolated nor known not to be.
    """
    isolated = np.array([bool(f) for f in found], dtype=bool)
    unknown_text = "; ".join(f"no {kind} data loaded" for kind in unloaded)
    table["isolated"] = isolated
    table["status"] = np.where(isolated, "isolated", "unknown" if unloaded else "not isolated")
    table["reasons"] = pd.Series(
        ["; ".join(text for _, text in f) if f else unknown_text for f in found], index=table.index, dtype="str"
    )
    order = {code: i for i, code in enumerate(ISOLATION_REASONS)}
    table["main_reason"] = pd.Categorical(
        [min((code for code, _ in f), key=order.__getitem__) if f else None for f in found],
        categories=ISOLATION_REASONS,
        ordered=True,
    )


def _partner_distances(nodes: pd.DataFrame, ends: _Ends, *, need: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each school's nearest and farthest partner in km, and how many partners are at an unknown distance.

    The distances are straight lines between coordinates, as everywhere (:func:`schoolnet.geo.km_apart`).
    """
    has_xy = nodes[["easting", "northing"]].notna().all(axis=1).any()
    if not has_xy and not need:
        empty = np.full(len(nodes), np.nan)
        return empty, empty.copy(), np.zeros(len(nodes), dtype="int64")
    xy = grid_points(nodes, what="max_km")
    km = km_apart(xy[ends.first], xy[ends.second])
    # fmin and fmax pass over a missing distance, as pandas' grouped min and max do.
    nearest, farthest = np.full(len(nodes), np.nan), np.full(len(nodes), np.nan)
    np.fmin.at(nearest, ends.first, km)
    np.fmax.at(farthest, ends.first, km)
    return nearest, farthest, ends.count(ends.first[np.isnan(km)])


def _reasons(
    table: pd.DataFrame,
    peers: pd.Series,
    unknown: np.ndarray,
    ended: pd.DataFrame,
    required: tuple[str, ...],
    min_partners: int,
    max_km: float | None,
) -> list[list[tuple[str, str]]]:
    """The reasons each school is isolated: ``(code, words)`` pairs, in the order they are written.

    Each test is worked out once for every school, as a mask; the words are then written for the schools
    that some test flags.
    """
    last_end_of: dict[Hashable, pd.Timestamp] = {}
    ended_of: dict[object, tuple[int, pd.Timestamp]] = {}
    if len(ended):
        last_end_of = ended.groupby(["urn", "kind"])["end"].max().to_dict()
        by_school = ended.groupby("urn").agg(n=("partnership", "nunique"), last=("end", "max"))
        # Looked up school by school: as dictionaries, each lookup is a hash rather than an index search.
        ended_of = dict(zip(by_school.index, zip(by_school["n"], by_school["last"], strict=True), strict=True))
    all_partners, all_peers = table["partners"].to_numpy(), peers.to_numpy()
    all_nearest = table["nearest_partner_km"].to_numpy()
    # One mask per test; the partner tests exclude each other, in this order.
    missing = {kind: ~table[f"in_{kind}"].to_numpy(dtype=bool) for kind in required}
    no_partner = (min_partners > 0) & (all_partners == 0)
    support_only = (min_partners > 0) & ~no_partner & (all_peers == 0)
    too_few = ~no_partner & ~support_only & (all_peers < min_partners)
    # Without partners, the reasons above say so, unless no partner is needed: then distance does.
    far = np.zeros(len(table), dtype=bool)
    if max_km is not None:
        far = ((all_partners > 0) | (min_partners == 0)) & ~(all_nearest <= max_km)
    flagged = no_partner | support_only | too_few | far
    for mask in missing.values():
        flagged |= mask
    out: list[list[tuple[str, str]]] = [[] for _ in range(len(table))]
    urns = table.index.tolist()
    for i in np.flatnonzero(flagged).tolist():
        urn, found = urns[i], out[i]
        for kind in required:
            if missing[kind][i]:
                when = last_end_of.get((urn, kind))
                text = f"no {kind} (its {kind} ended {when.date().isoformat()})" if when is not None else f"no {kind}"
                found.append(("no_required_group", text))
        if no_partner[i]:
            found.append(_no_partner(ended_of.get(urn)))
        elif support_only[i]:
            found.append(("support_only", "support only, no peer partnership"))
        elif too_few[i]:
            n_peers = int(all_peers[i])
            found.append(("too_few_partners", f"only {_plural(n_peers, 'partner school')}, fewer than {min_partners}"))
        if far[i]:
            if unknown[i]:
                found.append(
                    (
                        "partner_distance_unknown",
                        f"no partner known within {max_km:g} km: "
                        f"{_plural(int(unknown[i]), 'partner')} at an unknown distance",
                    )
                )
            else:
                found.append(("no_partner_nearby", f"no partner within {max_km:g} km"))
    return out


def _no_partner(ended: tuple[int, pd.Timestamp] | None) -> tuple[str, str]:
    """The reason of a school with no partner: its partnerships ended (how many, and when), or it never had one."""
    if ended is None:
        return ("no_partnership", "no partnership of any kind")
    n, last = ended
    if n == 1:
        return ("partnerships_ended", f"only partnership ended {last.date().isoformat()}")
    return ("partnerships_ended", f"all {n} partnerships ended, the last on {last.date().isoformat()}")


def isolation_summary(
    table: pd.DataFrame, *, by: str | list[str] = "district", focus_only: bool = True
) -> pd.DataFrame:
    """Count the isolated schools by area, phase or any other column.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`isolation`.
    by : str or list of str, default "district"
        The column(s) to group by, such as ``"district"``, ``"phase"`` or
        ``["district", "phase"]``. A column not in ``table`` is not allowed:
        join it first.
    focus_only : bool, default True
        Count only the focus schools, when ``table`` has an ``in_focus``
        column (from ``isolation(G, focus_only=False)``); ``False`` counts the
        boundary schools too.

    Returns
    -------
    pandas.DataFrame
        One row per group, worst share first, with ``schools``, ``isolated``,
        ``share_isolated`` (0 to 1), ``no_partnership`` (schools with no live
        tie at all), ``no_<kind>`` for each required kind (schools known to
        be in no such group), and ``unknown`` (schools whose status is
        unknown, since a required kind is not loaded).

    Raises
    ------
    ParameterError
        If ``by`` names a column that ``table`` does not have.

    Examples
    --------
    Schools 1 and 2 (North) share a cluster; 3 (South) has nothing.

    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> G.add_nodes_from([(1, {"district": "North"}), (2, {"district": "North"}), (3, {"district": "South"})])
    >>> G.add_edge(1, 2, key="C", kind="cluster")
    'C'
    >>> isolation_summary(isolation(G))[["schools", "isolated", "share_isolated", "no_cluster"]]
              schools  isolated  share_isolated  no_cluster
    district
    South           1         1             1.0           1
    North           2         0             0.0           0
    """
    columns = [by] if isinstance(by, str) else list(by)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(
            f"by={missing[0]!r}: not a column of the table; expected one of {', '.join(table.columns)}"
        )
    if focus_only and "in_focus" in table.columns:
        table = table[table["in_focus"].to_numpy(dtype=bool)]
    flags = pd.DataFrame(
        {
            "schools": 1,
            "isolated": table["isolated"].astype(int),
            "no_partnership": (table["partners"] == 0).astype(int),
        },
        index=table.index,
    )
    for column in table.columns:
        if column.startswith("in_") and column != "in_focus":
            flags[f"no_{column[3:]}"] = table[column].eq(False).fillna(False).astype(int)  # missing: unknown, not no
    if "status" in table.columns:
        flags["unknown"] = (table["status"] == "unknown").astype(int)
    keys = [table[c].fillna("(unknown)") for c in columns]
    summary = flags.groupby(keys).sum()
    summary.insert(2, "share_isolated", summary["isolated"] / summary["schools"])
    return summary.sort_values(["share_isolated", "isolated"], ascending=False)
