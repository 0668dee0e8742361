"""Change over time: what changed in the network between two dates, and the network date by date.

:func:`changes` compares two networks (or the network on two dates): the ties
gained and lost, the partnerships opened, closed and regrouped, the schools
that moved from one group to another, the schools newly isolated and no longer
isolated with the reason, and the schools whose centrality rank moved most.

:func:`snapshots` builds the network on many dates at once: it builds every
tie once, whatever its dates (``build_network(tables, as_of="all")``), and
picks the ties live on each date by comparing their ``since`` and ``until``
with the date, so that a dozen dates cost little more than one.
:func:`over_time` measures every school on each date, as a long table, and
:func:`groups_over_time` counts the partnerships of one kind and their sizes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .._validate import whole_number
from ..errors import ParameterError
from ..network._adjacency import add_multi_edges, add_nodes, collector_paused
from ..network.build import AsOf, Expansion, build_network, parse_as_of
from ..network.convert import nodes_frame, ties_frame, with_labels
from ..read.trust_history import TRUST_OF_ONE
from ..tables.schema import SUPPORT
from ..tables.tables import Tables
from .centrality import centrality
from .isolation import isolation

__all__ = [
    "MEASURES_OVER_TIME",
    "SIZE_BANDS",
    "Changes",
    "changes",
    "groups_over_time",
    "over_time",
    "snapshots",
]

#: The named measures of :func:`over_time`.
MEASURES_OVER_TIME = ("isolated", "partners", "degree", "trust_size")

#: The bands of partnership size counted by :func:`groups_over_time`: (label, smallest, largest).
SIZE_BANDS: tuple[tuple[str, int, float], ...] = (
    ("1 school", 1, 1),
    ("2-5", 2, 5),
    ("6-10", 6, 10),
    ("11-25", 11, 25),
    ("26-50", 26, 50),
    ("over 50", 51, np.inf),
)

Measure = str | Callable[[nx.MultiGraph], pd.Series]


@dataclass(frozen=True)
class Changes:
    """What changed in a network between two dates.

    Attributes
    ----------
    before, after : str
        The dates of the two networks (their ``G.graph["as_of"]``), or
        ``"before"`` and ``"after"`` for graphs without one.
    ties : pandas.DataFrame
        The ties gained and lost, indexed by ``partnership`` (the tie's key:
        its group or support id), with ``u``, ``v``, ``kind``, ``change``
        (``"gained"`` or ``"lost"``), ``since`` and ``until``.
    partnerships : pandas.DataFrame
        The partnerships opened, closed and regrouped, indexed by
        ``partnership``, with ``kind``, ``change`` (``"opened"``,
        ``"closed"`` or ``"regrouped"``: open on both dates with members
        gained or lost), ``members_before``, ``members_after``, and the URNs
        that ``joined`` and ``left``.
    moves : pandas.DataFrame
        Schools that left a partnership and joined another of the same kind,
        indexed by URN, with ``name``, ``phase``, ``district``, ``kind``,
        ``from`` and ``to`` (partnership ids, ``"; "`` between several). A
        single-academy trust is a trust of one: a school that moved from it
        into a multi-academy trust moved, of kind ``trust``.
    isolation : pandas.DataFrame
        Schools newly isolated or no longer isolated (by
        :func:`schoolnet.isolation`), indexed by URN, with ``name``,
        ``phase``, ``district``, ``change`` and ``reason``: the reasons it is
        isolated now, or what ended its isolation.
    ranks : pandas.DataFrame
        The schools whose centrality rank moved most, indexed by URN, with
        ``name``, ``phase``, ``district``, the measure before and after,
        ``rank_before``, ``rank_after`` (1 for the most central) and
        ``moved``: places risen (negative when fallen).
    summary : pandas.DataFrame
        One row per kind, with the counts ``ties_gained``, ``ties_lost``,
        ``opened``, ``closed``, ``regrouped`` and ``moved``, and ``text``, the
        same in one line.
    schools : pandas.DataFrame
        The schools of the later network (:func:`schoolnet.nodes_frame`), for
        maps.
    """

    before: str
    after: str
    ties: pd.DataFrame
    partnerships: pd.DataFrame
    moves: pd.DataFrame
    isolation: pd.DataFrame
    ranks: pd.DataFrame
    summary: pd.DataFrame
    schools: pd.DataFrame


def _tie_keys(G: nx.Graph) -> pd.DataFrame:
    """The ties of a graph: ``u <= v`` (by their order as text when URNs cannot be compared), key and kind."""
    frame = ties_frame(G)
    if "key" not in frame.columns:
        frame["key"] = frame["kind"] if "kind" in frame.columns else None
    for column in ("kind", "since", "until"):
        if column not in frame.columns:
            frame[column] = None
    u, v = frame["u"].to_numpy(dtype=object), frame["v"].to_numpy(dtype=object)
    try:
        swap = np.array([a > b for a, b in zip(u, v, strict=True)], dtype=bool)
    except TypeError:
        swap = np.array([str(a) > str(b) for a, b in zip(u, v, strict=True)], dtype=bool)
    first, second = np.where(swap, v, u), np.where(swap, u, v)
    return pd.DataFrame(
        {
            "u": pd.Series(first, dtype=object).infer_objects(),
            "v": pd.Series(second, dtype=object).infer_objects(),
            "partnership": frame["key"].to_numpy(dtype=object),
            "kind": frame["kind"].fillna("tie").to_numpy(dtype=object),
            "since": pd.to_datetime(frame["since"]).to_numpy(),
            "until": pd.to_datetime(frame["until"]).to_numpy(),
        }
    )


def _memberships(G: nx.Graph, ties: pd.DataFrame) -> pd.DataFrame:
    """Who belongs to which partnership: ``G.graph["memberships"]``, or the ends of the ties other than support."""
    recorded = G.graph.get("memberships")
    if isinstance(recorded, pd.DataFrame):
        return recorded[["urn", "group_id", "kind"]].rename(columns={"group_id": "partnership"})
    peer = ties[ties["kind"] != SUPPORT]
    ends = pd.concat(
        [peer[["u", "partnership", "kind"]].rename(columns={"u": "urn"}), peer.rename(columns={"v": "urn"})]
    )
    return ends[["urn", "partnership", "kind"]].drop_duplicates().reset_index(drop=True)


def _set_difference(first: pd.DataFrame, second: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The rows of ``first`` whose ``key`` is not in ``second``."""
    there = pd.MultiIndex.from_frame(second[key]) if len(second) else pd.MultiIndex.from_tuples([], names=key)
    return first[~pd.MultiIndex.from_frame(first[key]).isin(there)] if len(first) else first


def _tie_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    key = ["u", "v", "partnership"]
    gained = _set_difference(after, before, key).assign(change="gained")
    lost = _set_difference(before, after, key).assign(change="lost")
    out = pd.concat([gained, lost], ignore_index=True)
    out = out.sort_values(["change", "kind", "partnership", "u", "v"], kind="stable")
    return out.set_index("partnership")[["u", "v", "kind", "change", "since", "until"]]


def _sets(frame: pd.DataFrame, by: list[str], values: str) -> dict[Any, frozenset[Any]]:
    """The set of ``values`` for each value of ``by``: ``frame.groupby(by)[values].agg(frozenset)``, as a dict.

    Keyed as the groupby's index is (one value, or a tuple for several columns), without the rows where a column of
    ``by`` is blank, and made in one pass rather than one Python call per group.

    Examples
    --------
    >>> frame = pd.DataFrame({"urn": [1, 1, 2, None], "kind": "trust", "partnership": ["T1", "T2", "T1", "T3"]})
    >>> sorted((key, sorted(found)) for key, found in _sets(frame, ["urn", "kind"], "partnership").items())
    [((1.0, 'trust'), ['T1', 'T2']), ((2.0, 'trust'), ['T1'])]
    """
    known = frame[by].notna().all(axis=1).to_numpy()
    keys = [frame[column].to_numpy()[known].tolist() for column in by]
    found: dict[Any, set[Any]] = {}
    grouped = keys[0] if len(by) == 1 else list(zip(*keys, strict=True))
    for key, value in zip(grouped, frame[values].to_numpy()[known].tolist(), strict=True):
        found.setdefault(key, set()).add(value)
    return {key: frozenset(members) for key, members in found.items()}


def _partnership_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Partnerships whose members differ between the two dates."""
    members_before = _sets(before, ["partnership"], "urn")
    members_after = _sets(after, ["partnership"], "urn")
    kind = pd.concat([before, after]).drop_duplicates("partnership").set_index("partnership")["kind"]
    rows = []
    for partnership in sorted(members_before.keys() | members_after.keys(), key=str):
        was = members_before.get(partnership, frozenset())
        now = members_after.get(partnership, frozenset())
        if was == now:
            continue
        change = "opened" if not was else "closed" if not now else "regrouped"
        rows.append((partnership, kind[partnership], change, len(was), len(now), sorted(now - was), sorted(was - now)))
    columns = ["partnership", "kind", "change", "members_before", "members_after", "joined", "left"]
    return pd.DataFrame(rows, columns=columns).set_index("partnership")


def _moves(before: pd.DataFrame, after: pd.DataFrame, G: nx.Graph) -> pd.DataFrame:
    """Schools that left a partnership of a kind and joined another of the same kind.

    A single-academy trust is a trust of one, so a school absorbed from its own
    trust into a multi-academy trust moved from one ``trust`` to another.
    """
    was = _sets(before.replace({"kind": dict(TRUST_OF_ONE)}), ["urn", "kind"], "partnership")
    now = _sets(after.replace({"kind": dict(TRUST_OF_ONE)}), ["urn", "kind"], "partnership")
    rows = []
    for urn, kind in sorted(was.keys() & now.keys(), key=str):
        left, joined = was[(urn, kind)] - now[(urn, kind)], now[(urn, kind)] - was[(urn, kind)]
        if left and joined:
            rows.append((urn, kind, "; ".join(sorted(map(str, left))), "; ".join(sorted(map(str, joined)))))
    table = pd.DataFrame(rows, columns=["urn", "kind", "from", "to"]).set_index("urn")
    return with_labels(table, G)


def _isolation_changes(
    G_before: nx.Graph, G_after: nx.Graph, joined: pd.DataFrame, gained: pd.DataFrame, require: Iterable[str] | str
) -> pd.DataFrame:
    was = isolation(G_before, require=require)
    now = isolation(G_after, require=require)
    both = now.index.intersection(was.index)
    was_isolated = was.loc[both, "isolated"].to_numpy(dtype=bool)
    is_isolated = now.loc[both, "isolated"].to_numpy(dtype=bool)
    newly = both[~was_isolated & is_isolated]
    ended = both[was_isolated & ~is_isolated]
    reasons: dict[Any, str] = {urn: str(now.loc[urn, "reasons"]) for urn in newly}
    # Only the schools no longer isolated need the partnerships they joined and the ties they gained.
    joined = joined[joined["urn"].isin(ended)]
    joined_by = joined.groupby("urn")["partnership"].agg(lambda p: ", ".join(sorted(map(str, p))))
    ends = pd.concat(
        [gained[["u", "kind"]].rename(columns={"u": "urn"}), gained[["v", "kind"]].rename(columns={"v": "urn"})]
    )
    ends = ends[ends["urn"].isin(ended)]
    tied_by = ends.reset_index().groupby("urn")["partnership"].agg(lambda p: ", ".join(sorted(set(map(str, p)))))
    for urn in ended:
        if urn in joined_by.index:
            reasons[urn] = f"joined {joined_by[urn]}"
        elif urn in tied_by.index:
            reasons[urn] = f"new tie through {tied_by[urn]}"
        else:
            reasons[urn] = f"no longer: {was.loc[urn, 'reasons']!s}"
    table = pd.DataFrame(
        {
            "change": ["newly isolated"] * len(newly) + ["no longer isolated"] * len(ended),
            "reason": [reasons[u] for u in [*newly, *ended]],
        },
        index=pd.Index([*newly, *ended], name="urn"),
    )
    return with_labels(table, G_after)


def _rank_changes(G_before: nx.Graph, G_after: nx.Graph, rank_by: str, top: int) -> pd.DataFrame:
    was = centrality(G_before, measures=[rank_by], seed=0)[rank_by]
    now = centrality(G_after, measures=[rank_by], seed=0)[rank_by]
    both = now.index.intersection(was.index)
    was, now = was.loc[both], now.loc[both]
    table = pd.DataFrame(
        {
            f"{rank_by}_before": was,
            f"{rank_by}_after": now,
            "rank_before": was.rank(ascending=False, method="min").astype(int),
            "rank_after": now.rank(ascending=False, method="min").astype(int),
        }
    )
    table["moved"] = table["rank_before"] - table["rank_after"]
    table = table[table["moved"] != 0]
    order = np.lexsort((table["rank_after"].to_numpy(), -table["moved"].abs().to_numpy()))
    return with_labels(table.iloc[order[:top]], G_after)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _summary(ties: pd.DataFrame, partnerships: pd.DataFrame, moves: pd.DataFrame) -> pd.DataFrame:
    counts = pd.DataFrame(
        {
            "ties_gained": ties[ties["change"] == "gained"].groupby("kind").size(),
            "ties_lost": ties[ties["change"] == "lost"].groupby("kind").size(),
            "opened": partnerships[partnerships["change"] == "opened"].groupby("kind").size(),
            "closed": partnerships[partnerships["change"] == "closed"].groupby("kind").size(),
            "regrouped": partnerships[partnerships["change"] == "regrouped"].groupby("kind").size(),
            "moved": moves.groupby("kind").size(),
        }
    )
    counts = counts.fillna(0).astype(int)
    counts.index.name = "kind"
    counts["text"] = [
        f"{kind}: {_plural(gained, 'tie')} gained and {lost} lost"
        + (
            ""
            if kind == SUPPORT
            else f"; {_plural(opened, 'partnership')} opened, {closed} closed and {regrouped} regrouped; "
            f"{_plural(moved, 'school')} moved from one {kind} to another"
        )
        for kind, gained, lost, opened, closed, regrouped, moved in zip(
            counts.index, *(counts[c].tolist() for c in counts.columns), strict=True
        )
    ]
    return counts


def changes(
    before: nx.Graph | Tables,
    after: nx.Graph | None = None,
    *,
    between: tuple[AsOf, AsOf] | None = None,
    require: Iterable[str] | str = ("cluster",),
    rank_by: str = "betweenness",
    top: int = 20,
) -> Changes:
    """Say what changed in the network between two dates.

    Ties are matched by their two schools and their key (the group or
    support id), so a pair of schools that stays in the same cluster keeps its
    tie, and a school that moves from one trust to another loses the ties of
    the first and gains those of the second.

    Parameters
    ----------
    before : networkx.MultiGraph or Tables
        The earlier network (from :func:`schoolnet.build_network`), or the
        tables to build both networks from, with ``between``.
    after : networkx.MultiGraph, optional
        The later network, when ``before`` is a network.
    between : (date, date), optional
        The two dates, when ``before`` is the tables.
    require : str or iterable of str, default ("cluster",)
        Passed to :func:`schoolnet.isolation`: the kinds every school should
        belong to. Use ``()`` on the DfE register, which records no clusters.
    rank_by : str, default "betweenness"
        The measure of :func:`schoolnet.centrality` whose ranks are compared
        (sampled with seed 0 on large networks).
    top : int, default 20
        How many schools whose rank moved most to keep.

    Returns
    -------
    Changes
        The tables of what changed; see :class:`Changes`.

    Raises
    ------
    ParameterError
        If the arguments do not give two networks or the tables and two
        dates, the earlier first.

    Examples
    --------
    Three schools; on the second date school 3 has joined cluster C1 and
    trust T1 has closed, so 1-3 and 2-3 are gained and 1-2 of the trust is lost:

    >>> import pandas as pd, schoolnet
    >>> schools = pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"]})
    >>> groups = pd.DataFrame({"group_id": ["C1", "T1"], "kind": ["cluster", "trust"], "closed": [None, "2024-12-31"]})
    >>> members = pd.DataFrame({"group_id": ["C1", "C1", "C1", "T1", "T1"], "urn": [1, 2, 3, 1, 2],
    ...                         "joined": [None, None, "2025-01-01", None, None]})
    >>> tables = schoolnet.Tables.from_frames(schools, groups, members)
    >>> found = changes(tables, between=("2024-09-01", "2025-09-01"))
    >>> found.ties[["u", "v", "change"]]
                 u  v  change
    partnership
    C1           1  3  gained
    C1           2  3  gained
    T1           1  2    lost
    >>> found.partnerships["change"].to_dict()
    {'C1': 'regrouped', 'T1': 'closed'}
    >>> found.isolation[["change", "reason"]].to_dict("index")
    {3: {'change': 'no longer isolated', 'reason': 'joined C1'}}
    """
    if isinstance(before, Tables):
        if after is not None or not isinstance(between, (tuple, list)) or len(between) != 2:
            raise ParameterError("changes(tables, between=(date, date)): give the tables and two dates")
        first, second = parse_as_of(between[0]), parse_as_of(between[1])
        if first is None or second is None or first > second:
            raise ParameterError(
                f"between={tuple(between)!r}: expected two dates, the earlier first ('all' is not a date)"
            )
        G_before = build_network(before, as_of=first)
        G_after = build_network(before, as_of=second)
    else:
        if after is None or between is not None:
            raise ParameterError("changes(before, after): give two networks, or the tables and between=(date, date)")
        for name, G in (("before", before), ("after", after)):
            if not isinstance(G, nx.Graph):
                raise ParameterError(f"{name}: got {type(G).__name__}; expected a network or, for before, the Tables")
        G_before, G_after = before, after
    top = whole_number("top", top, minimum=0)
    ties_before, ties_after = _tie_keys(G_before), _tie_keys(G_after)
    ties = _tie_changes(ties_before, ties_after)
    members_before = _memberships(G_before, ties_before)
    members_after = _memberships(G_after, ties_after)
    partnerships = _partnership_changes(members_before, members_after)
    moves = _moves(members_before, members_after, G_after)
    joined = _set_difference(members_after, members_before, ["urn", "partnership"])
    found_isolation = _isolation_changes(G_before, G_after, joined, ties[ties["change"] == "gained"], require)
    return Changes(
        before=str(G_before.graph.get("as_of", "before")),
        after=str(G_after.graph.get("as_of", "after")),
        ties=ties,
        partnerships=partnerships,
        moves=moves,
        isolation=found_isolation,
        ranks=_rank_changes(G_before, G_after, rank_by, top),
        summary=_summary(ties, partnerships, moves),
        schools=nodes_frame(G_after),
    )


def _dates(dates: Iterable[AsOf] | AsOf) -> list[pd.Timestamp]:
    given: list[Any] = [dates] if isinstance(dates, (str, dt.date)) or not isinstance(dates, Iterable) else list(dates)
    parsed = [parse_as_of(d) for d in given]
    if not parsed or any(d is None for d in parsed):
        raise ParameterError("dates: expected one or more dates such as '2024-09-01' ('all' is not a date)")
    return sorted({d for d in parsed if d is not None})


def _live(since: np.ndarray, until: np.ndarray, date: pd.Timestamp) -> np.ndarray:
    """Live on ``date``: started on or before it and not ended before it; blank dates are open."""
    when = date.to_datetime64()
    live: np.ndarray = (np.isnat(since) | (since <= when)) & (np.isnat(until) | (until >= when))
    return live


def _ended_on(memberships: pd.DataFrame, support: pd.DataFrame, tying: set[str], date: pd.Timestamp) -> pd.DataFrame:
    """Each school's partnerships that had ended before ``date``, as ``build_network`` records them."""
    gone = memberships[memberships["kind"].isin(tying).to_numpy() & (memberships["end"] < date).to_numpy()]
    over = support[(support["end"] < date).to_numpy()]
    # Made as build_network makes it, so that the column types agree too.
    parts: list[tuple[pd.Series, pd.Series, Any, pd.Series, pd.Series]] = [
        (gone["urn"], gone["group_id"], gone["kind"].to_numpy(dtype=object), gone["start"], gone["end"])
    ]
    parts += [(over[end], over["partnership"], SUPPORT, over["start"], over["end"]) for end in ("u", "v")]
    ended = pd.concat(
        [
            pd.DataFrame(
                {
                    "urn": urn.to_numpy(dtype="int64"),
                    "partnership": partnership.to_numpy(dtype=object),
                    "kind": kind,
                    "start": start.to_numpy(),
                    "end": end.to_numpy(),
                }
            )
            for urn, partnership, kind, start, end in parts
        ],
        ignore_index=True,
    )
    ended["start"] = pd.to_datetime(ended["start"])
    ended["end"] = pd.to_datetime(ended["end"])
    return ended.sort_values(["urn", "end", "partnership"]).reset_index(drop=True)


def snapshots(
    tables: Tables,
    dates: Iterable[AsOf],
    *,
    kinds: Iterable[str] | str | None = None,
    expand: Mapping[str, Expansion] | None = None,
) -> dict[pd.Timestamp, nx.MultiGraph]:
    """Build the network on each of several dates, sharing the work.

    Every tie is built once, whatever its dates, by
    ``build_network(tables, as_of="all")``; the network on each date keeps the
    ties whose ``since`` and ``until`` span it, chosen by one vectorised
    comparison per date. Each network is the one
    ``build_network(tables, as_of=date)`` gives: the same schools, ties, keys
    and attributes, and the same ``G.graph`` tables ``memberships`` and
    ``ended``, which :func:`schoolnet.isolation` reads.

    Parameters
    ----------
    tables : Tables
        The tables to build from.
    dates : date or iterable of dates
        The dates, in any order; each is counted once.
    kinds, expand
        As for :func:`schoolnet.build_network`.

    Returns
    -------
    dict of pandas.Timestamp to networkx.MultiGraph
        The network on each date, earliest first.

    Raises
    ------
    ParameterError
        If ``tables`` is not :class:`~schoolnet.Tables`, a date is not valid,
        or no date is given.

    Examples
    --------
    Schools 1 and 2 are in cluster C1 from 2020; school 3 joins it in 2023:

    >>> import pandas as pd, schoolnet
    >>> tables = schoolnet.Tables.from_frames(
    ...     pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"]}),
    ...     pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"], "opened": ["2020-09-01"]}),
    ...     pd.DataFrame({"group_id": "C1", "urn": [1, 2, 3], "joined": [None, None, "2023-01-01"]}),
    ... )
    >>> {d.year: G.number_of_edges() for d, G in snapshots(tables, ["2019-09-01", "2021-09-01", "2023-09-01"]).items()}
    {2019: 0, 2021: 1, 2023: 3}
    """
    if not isinstance(tables, Tables):
        raise ParameterError(
            f"tables: got {type(tables).__name__}; expected Tables, as read_tables or read_gias return"
        )
    chosen = _dates(dates)
    whole = build_network(tables, as_of="all", kinds=kinds, expand=expand)
    edges = _keyed_as_on_a_date(list(whole.edges(keys=True, data=True)))
    since = pd.to_datetime(pd.Series([d.get("since") for *_, d in edges], dtype=object)).to_numpy()
    until = pd.to_datetime(pd.Series([d.get("until") for *_, d in edges], dtype=object)).to_numpy()
    kind = np.array([d.get("kind") for *_, d in edges], dtype=object)
    memberships: pd.DataFrame = whole.graph["memberships"]
    support_rows = [(u, v, k, d.get("since"), d.get("until")) for u, v, k, d in edges if d.get("kind") == SUPPORT]
    support = pd.DataFrame(support_rows, columns=["u", "v", "partnership", "start", "end"])
    support["start"], support["end"] = pd.to_datetime(support["start"]), pd.to_datetime(support["end"])
    tying = {k for k, how in whole.graph["expand"].items() if how != "none"}
    nodes = list(whole.nodes(data=True))
    # The same tie (its two schools and key) in several periods: the first live one is kept on each date.
    tie = pd.factorize(pd.Series([(u, v, k) for u, v, k, _ in edges], dtype=object))[0]
    out: dict[pd.Timestamp, nx.MultiGraph] = {}
    with collector_paused():  # the graphs are many small dictionaries, with no cycles to collect
        for date in chosen:
            live = np.flatnonzero(_live(since, until, date))
            first = live[np.sort(np.unique(tie[live], return_index=True)[1])]
            G = nx.MultiGraph()
            add_nodes(G, [(n, dict(d)) for n, d in nodes])
            add_multi_edges(G, [(*edges[i][:3], dict(edges[i][3])) for i in first])
            in_time = _live(memberships["start"].to_numpy(), memberships["end"].to_numpy(), date)
            G.graph.update(whole.graph)
            G.graph.update(
                {
                    "as_of": date.date().isoformat(),
                    "kinds": sorted(set(kind[live].tolist())),
                    "memberships": memberships[in_time].reset_index(drop=True).astype(memberships.dtypes.to_dict()),
                    "ended": _ended_on(memberships, support, tying, date),
                }
            )
            out[date] = G
    return out


def _keyed_as_on_a_date(
    edges: list[tuple[Any, Any, Any, dict[str, Any]]],
) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    """The ties of every period keyed as on one date: by their group, ``C1`` and not ``C1#2``.

    build_network keys the one period of a pair live on a date by its group; where two periods of a pair are live at
    once, the first is kept (by the caller, which adds a key only once).
    """
    return [(u, v, d.get("group_id", k) if isinstance(k, str) else k, d) for u, v, k, d in edges]


def _trust_size(G: nx.MultiGraph) -> pd.Series:
    """The number of schools in each school's live trust (the largest, if several); 0 in none."""
    members = G.graph.get("memberships")
    size = pd.Series(0, index=pd.Index(list(G.nodes), name="urn"), dtype="int64")
    if isinstance(members, pd.DataFrame):
        trusts = members[members["kind"] == "trust"]
        per_school = trusts["group_id"].map(trusts.groupby("group_id").size()).groupby(trusts["urn"]).max()
        if len(per_school):  # on a date before any trust, no school is in one (and the empty sizes are not numbers)
            size.loc[per_school.index.intersection(size.index)] = per_school
    return size


def _measure(measure: Measure) -> Callable[[nx.MultiGraph], pd.Series]:
    if callable(measure):
        return measure
    named: dict[str, Callable[[nx.MultiGraph], pd.Series]] = {
        "isolated": lambda G: isolation(G)["isolated"],
        "partners": lambda G: isolation(G)["partners"],
        "degree": lambda G: centrality(G, measures=["degree"])["degree"],
        "trust_size": _trust_size,
    }
    if not isinstance(measure, str) or measure not in named:
        raise ParameterError(
            f"measure={measure!r}: expected one of {', '.join(MEASURES_OVER_TIME)}, or a function of a network"
        )
    return named[measure]


def over_time(
    tables: Tables,
    dates: Iterable[AsOf],
    measure: Measure = "isolated",
    *,
    kinds: Iterable[str] | str | None = None,
    expand: Mapping[str, Expansion] | None = None,
) -> pd.DataFrame:
    """Measure every school on each of several dates, as one long table.

    Parameters
    ----------
    tables : Tables
        The tables to build from.
    dates : date or iterable of dates
        The dates; the networks are built by :func:`snapshots`.
    measure : str or callable, default "isolated"
        ``"isolated"`` (by :func:`schoolnet.isolation`'s default definition),
        ``"partners"`` (distinct partner schools), ``"degree"`` (by
        :func:`schoolnet.centrality`), ``"trust_size"`` (schools in the
        school's trust, 0 in none), or a function that takes a network and
        returns a Series indexed by URN, such as
        ``lambda G: schoolnet.isolation(G, require=())["isolated"]``.
    kinds, expand
        As for :func:`schoolnet.build_network`.

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``urn`` and ``value``: one row per school per date,
        earliest date first. ``attrs["measure"]`` names the measure.

    Raises
    ------
    ParameterError
        If ``measure`` is not known, or a date is not valid.

    Examples
    --------
    >>> import pandas as pd, schoolnet
    >>> tables = schoolnet.Tables.from_frames(
    ...     pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"]}),
    ...     pd.DataFrame({"group_id": ["T1"], "kind": ["trust"]}),
    ...     pd.DataFrame({"group_id": "T1", "urn": [1, 2, 3], "joined": [None, None, "2023-01-01"]}),
    ... )
    >>> long = over_time(tables, ["2022-09-01", "2023-09-01"], "trust_size")
    >>> long.pivot(index="urn", columns="date", values="value").to_numpy().tolist()
    [[2, 3], [2, 3], [0, 3]]
    """
    measuring = _measure(measure)
    frames = []
    for date, G in snapshots(tables, dates, kinds=kinds, expand=expand).items():
        values = pd.Series(measuring(G))
        frames.append(pd.DataFrame({"date": date, "urn": values.index.to_numpy(), "value": values.to_numpy()}))
    long = pd.concat(frames, ignore_index=True)
    long.attrs["measure"] = measure if isinstance(measure, str) else getattr(measure, "__name__", "measure")
    return long


def groups_over_time(graphs: Mapping[pd.Timestamp, nx.Graph], *, kind: str = "trust") -> pd.DataFrame:
    """Count the live partnerships of one kind on each date, their sizes, and the largest connected part.

    Parameters
    ----------
    graphs : mapping of date to networkx.MultiGraph
        Networks from :func:`snapshots` (or :func:`schoolnet.build_network`),
        with their ``G.graph["memberships"]``.
    kind : str, default "trust"
        The kind of partnership to count.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``date``, with ``schools`` (in the network), ``in_<kind>``
        (schools in a live partnership of the kind), ``<kind>s`` (live
        partnerships with at least one member), ``median_size``,
        ``largest`` (schools in the largest), one column per band of
        :data:`SIZE_BANDS` (partnerships of that many schools), and
        ``largest_component``: the schools in the largest connected part of
        the network's ties of every kind (0 without ties).

    Examples
    --------
    >>> import pandas as pd, schoolnet
    >>> tables = schoolnet.Tables.from_frames(
    ...     pd.DataFrame({"urn": [1, 2, 3, 4], "name": ["A", "B", "C", "D"]}),
    ...     pd.DataFrame({"group_id": ["T1", "T2"], "kind": "trust", "opened": ["2020-01-01", "2023-01-01"]}),
    ...     pd.DataFrame({"group_id": ["T1", "T1", "T1", "T2"], "urn": [1, 2, 3, 4]}),
    ... )
    >>> table = groups_over_time(snapshots(tables, ["2021-09-01", "2023-09-01"]))
    >>> table[["in_trust", "trusts", "largest", "1 school", "2-5", "largest_component"]].to_numpy().tolist()
    [[3, 1, 3, 0, 1, 3], [4, 2, 3, 1, 1, 3]]
    """
    rows = []
    for date, G in graphs.items():
        members = G.graph.get("memberships")
        if not isinstance(members, pd.DataFrame):
            raise ParameterError("graphs: each network needs G.graph['memberships'], as build_network records")
        of_kind = members[members["kind"] == kind]
        sizes = of_kind.groupby("group_id")["urn"].nunique()
        row: dict[str, Any] = {
            "date": pd.Timestamp(date),
            "schools": G.number_of_nodes(),
            f"in_{kind}": of_kind["urn"].nunique(),
            f"{kind}s": len(sizes),
            "median_size": float(sizes.median()) if len(sizes) else np.nan,
            "largest": int(sizes.max()) if len(sizes) else 0,
        }
        for label, low, high in SIZE_BANDS:
            row[label] = int(((sizes >= low) & (sizes <= high)).sum())
        # The parts of the network itself: a school without ties is a part of one, so a network with a tie has a
        # part of two or more; one without any counts 0, as a graph of its ties alone would.
        undirected = G.to_undirected(as_view=True) if G.is_directed() else G
        row["largest_component"] = 0 if nx.is_empty(G) else max(len(c) for c in nx.connected_components(undirected))
        rows.append(row)
    return pd.DataFrame(rows).set_index("date")
