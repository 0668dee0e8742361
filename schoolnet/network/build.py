"""Building the partnership network from the tables, and collapsing it.

The network is a view of the tables for one date. :func:`build_network` turns
each live partnership into ties between schools: a ``networkx.MultiGraph``
with one edge per tie per group, so that a pair of schools in the same cluster
and the same trust has two edges. :func:`collapse` merges the parallel ties
into one weighted edge, for the measures that need a simple graph.

Pairs are made with vectorised pandas joins, never a Python loop per member
pair, so a national network of about 22,000 schools builds in seconds.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Collection, Iterable, Iterator, Mapping
from itertools import repeat
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

from .._text import isin, per_distinct, unchanged
from ..errors import DayFirstDateWarning, ParameterError
from ..tables.schema import DEFAULT_EXPANSION, DEFAULT_TIE_STRENGTH, EDGE_KINDS, EXPANSIONS, SUPPORT
from ..tables.tables import Tables
from ._adjacency import add_multi_edges, add_nodes, add_simple_edges, collector_paused
from ._matrix import PLAIN_TIE as PLAIN_TIE
from ._matrix import CollapsedTies, collapsed_ties

__all__ = [
    "ENDED_COLUMNS",
    "build_network",
    "collapse",
    "parse_as_of",
    "select_kinds",
    "select_schools",
]

#: Columns of the ``G.graph["ended"]`` table of partnerships that had ended by ``as_of``.
ENDED_COLUMNS = ("urn", "partnership", "kind", "start", "end")

AsOf = str | dt.date | pd.Timestamp | None
Expansion = Literal["clique", "star", "none"]


def parse_as_of(as_of: AsOf) -> pd.Timestamp | None:
    """Turn an ``as_of`` argument into a date, or ``None`` for all dates.

    Parameters
    ----------
    as_of : str, datetime.date, pandas.Timestamp or None
        A date (``"2024-09-01"``, a ``date`` or a ``Timestamp``); ``None`` for
        today; ``"all"`` for every date. Text is read as an ISO date, or as
        ``DD/MM/YYYY`` day first, with a :class:`~schoolnet.errors.DayFirstDateWarning`;
        anything else, such as ``"09-01-2025"`` or ``"1 Sept"``, is refused.

    Returns
    -------
    pandas.Timestamp or None
        The date at midnight, or ``None`` for ``"all"``.

    Raises
    ------
    ParameterError
        If the value is not a date.

    Examples
    --------
    >>> parse_as_of("2024-09-01")
    Timestamp('2024-09-01 00:00:00')
    >>> parse_as_of("all") is None
    True

    Day first is read as day first, and said so; month first never:

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     parse_as_of("01/09/2025")
    Timestamp('2025-09-01 00:00:00')
    """
    if as_of is None:
        return pd.Timestamp.today().normalize()
    if isinstance(as_of, str) and as_of.strip().lower() == "all":
        return None
    if isinstance(as_of, str):
        return _parse_date_text(as_of)
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError) as err:
        raise ParameterError(f"as_of={as_of!r}: expected a date such as '2024-09-01', or 'all'") from err
    if pd.isna(stamp):
        raise ParameterError(f"as_of={as_of!r}: expected a date such as '2024-09-01', or 'all'")
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+)?|\d{8}")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _parse_date_text(text: str) -> pd.Timestamp:
    """A date written as ISO (``2024-09-01``) or day first (``01/09/2024``, said so); never month first."""
    wanted = f"as_of={text!r}: expected an ISO date such as '2024-09-01' (or DD/MM/YYYY, read day first), or 'all'"
    value = text.strip()
    day_first = _DAY_FIRST.fullmatch(value)
    if not day_first and not _ISO_DATE.fullmatch(value):
        raise ParameterError(wanted)
    try:
        if day_first:
            day, month, year = (int(g) for g in day_first.groups())
            stamp = pd.Timestamp(dt.date(year, month, day))
            warnings.warn(
                f"as_of={text!r} read day first, as {stamp:%-d %B %Y} ({stamp.date().isoformat()}); write "
                "dates as YYYY-MM-DD to leave no doubt",
                DayFirstDateWarning,
                stacklevel=3,
            )
            return stamp
        return pd.Timestamp(value).normalize()
    except ValueError as err:
        raise ParameterError(f"{wanted}; {err}") from err


def resolve_expansions(expand: Mapping[str, str] | None) -> dict[str, str]:
    """The expansion of each group kind: the defaults, overridden by ``expand``.

    Parameters
    ----------
    expand : mapping of str to str, or None
        Group kind to ``"clique"``, ``"star"`` or ``"none"``.

    Returns
    -------
    dict of str to str

    Raises
    ------
    ParameterError
        If a kind or an expansion is unknown.

    Examples
    --------
    >>> resolve_expansions({"hub": "none"})["hub"], resolve_expansions(None)["cluster"]
    ('none', 'clique')
    """
    out = dict(DEFAULT_EXPANSION)
    for kind, how in (expand or {}).items():
        if kind not in DEFAULT_EXPANSION:
            raise ParameterError(f"expand={{{kind!r}: ...}}: unknown group kind; expected one of {', '.join(out)}")
        if how not in EXPANSIONS:
            raise ParameterError(f"expand={{{kind!r}: {how!r}}}: expected one of {', '.join(EXPANSIONS)}")
        out[kind] = how
    return out


def _kinds(kinds: Iterable[str] | str | None) -> frozenset[str] | None:
    if kinds is None:
        return None
    chosen = frozenset([kinds] if isinstance(kinds, str) else kinds)
    unknown = sorted(chosen - set(EDGE_KINDS))
    if unknown:
        raise ParameterError(f"kinds: unknown kind {unknown[0]!r}; expected some of {', '.join(EDGE_KINDS)}")
    return chosen


def is_live(start: pd.Series, end: pd.Series, as_of: pd.Timestamp | None) -> np.ndarray:
    """Whether each period is live on ``as_of``: started on or before it and not ended before it.

    Blank dates are open; with ``as_of`` ``None`` (every date) every period is live.

    Examples
    --------
    >>> start = pd.Series(pd.to_datetime(["2020-01-01", None, "2026-01-01"]))
    >>> end = pd.Series(pd.to_datetime(["2021-12-31", None, None]))
    >>> is_live(start, end, pd.Timestamp("2021-12-31")).tolist()
    [True, True, False]
    """
    if as_of is None:
        return np.ones(len(start), dtype=bool)
    started = (start.isna() | (start <= as_of)).to_numpy(dtype=bool)
    not_ended = (end.isna() | (end >= as_of)).to_numpy(dtype=bool)
    return started & not_ended


def member_periods(tables: Tables, expansions: Mapping[str, str], kinds: frozenset[str] | None) -> pd.DataFrame:
    """Every school in every group of the chosen kinds, with the period its membership is live.

    A group's ``lead_urn`` counts as a member for the life of the group when
    it has no membership row of its own. A school that left and rejoined a
    group has one row per period.

    Parameters
    ----------
    tables : Tables
        The tables.
    expansions : mapping of str to str
        The expansion of each kind, from :func:`resolve_expansions`.
    kinds : frozenset of str or None
        The group kinds to keep; ``None`` for all.

    Returns
    -------
    pandas.DataFrame
        One row per membership period: ``group_id``, ``urn``, ``joined``,
        ``left``, ``lead``, ``kind``, ``expansion``, and ``start`` and
        ``end``, the period clipped to the group's life.

    Examples
    --------
    >>> import pandas as pd
    >>> import schoolnet
    >>> tables = schoolnet.Tables.from_frames(
    ...     pd.DataFrame({"urn": [1, 2], "name": ["a", "b"]}),
    ...     pd.DataFrame({"group_id": ["C"], "kind": ["cluster"], "closed": ["2020-12-31"]}),
    ...     pd.DataFrame({"group_id": ["C", "C"], "urn": [1, 2], "joined": ["2019-01-01", None]}),
    ... )
    >>> rows = member_periods(tables, resolve_expansions(None), None)
    >>> rows[["urn", "start", "end"]]
       urn      start        end
    0    1 2019-01-01 2020-12-31
    1    2        NaT 2020-12-31
    """
    tying = tables.groups
    if kinds is not None:
        tying = tying[tying["kind"].isin(kinds).to_numpy()]
    m = tables.memberships
    m = m[isin(m["group_id"], tying.index)]
    rows = pd.DataFrame(
        {
            "group_id": m["group_id"].to_numpy(dtype=object),
            "urn": m["urn"].to_numpy(dtype="int64"),
            "joined": m["joined"].to_numpy(),
            "left": m["left"].to_numpy(),
            "lead": (m["role"] == "lead").to_numpy(dtype=bool),
        }
    )
    leads = tying[tying["lead_urn"].notna()]
    implied = pd.DataFrame(
        {
            "group_id": leads.index.to_numpy(dtype=object),
            "urn": leads["lead_urn"].to_numpy(dtype="int64"),
            "joined": pd.Series(pd.NaT, index=range(len(leads)), dtype="datetime64[ns]").to_numpy(),
            "left": pd.Series(pd.NaT, index=range(len(leads)), dtype="datetime64[ns]").to_numpy(),
            "lead": True,
        }
    )
    listed = pd.MultiIndex.from_arrays([rows["group_id"], rows["urn"]])
    implied = implied[~pd.MultiIndex.from_arrays([implied["group_id"], implied["urn"]]).isin(listed)]
    rows = pd.concat([rows, implied], ignore_index=True)
    # A group's lead_urn is its lead whatever its membership row says.
    lead_of = tying["lead_urn"]
    is_named_lead = rows["urn"].to_numpy() == lead_of.reindex(rows["group_id"]).to_numpy(dtype=float, na_value=-1)
    rows["lead"] = rows["lead"].to_numpy() | is_named_lead
    group = tying.reindex(rows["group_id"])
    rows["kind"] = group["kind"].to_numpy(dtype=object)
    rows["expansion"] = rows["kind"].map(expansions)
    rows["start"] = _latest(rows["joined"], group["opened"])
    rows["end"] = _earliest(rows["left"], group["closed"])
    return rows


def _latest(a: pd.Series, b: pd.Series) -> np.ndarray:
    x, y = np.asarray(a, dtype="datetime64[ns]"), np.asarray(b, dtype="datetime64[ns]")
    return np.where(np.isnat(x), y, np.where(np.isnat(y), x, np.maximum(x, y)))


def _earliest(a: pd.Series, b: pd.Series) -> np.ndarray:
    x, y = np.asarray(a, dtype="datetime64[ns]"), np.asarray(b, dtype="datetime64[ns]")
    return np.where(np.isnat(x), y, np.where(np.isnat(y), x, np.minimum(x, y)))


def _group_ties(members: pd.DataFrame, *, every_period: bool) -> pd.DataFrame:
    """Expand live members into ties: cliques for ``clique`` groups, stars for ``star`` groups.

    With ``every_period``, a pair tied in a group at several times (a school
    left and rejoined) has one tie per period, keyed ``group_id``, then
    ``group_id#2``, ``group_id#3``... in order of start; otherwise one tie per
    pair per group, from its first start.
    """
    columns = ["group_id", "urn", "start", "end", "lead", "kind"]
    clique = members.loc[members["expansion"] == "clique", columns]
    pairs = clique.merge(clique, on=["group_id", "kind"], suffixes=("_u", "_v"))
    pairs = pairs[pairs["urn_u"] < pairs["urn_v"]]
    star = members.loc[members["expansion"] == "star", columns]
    spokes = star[star["lead"]].merge(star, on=["group_id", "kind"], suffixes=("_u", "_v"))
    spokes = spokes[spokes["urn_u"] != spokes["urn_v"]]
    # A tie between two leads appears from both ends: keep it once.
    both_leads = spokes["lead_v"].to_numpy(dtype=bool)
    spokes = spokes[~both_leads | (spokes["urn_u"] < spokes["urn_v"]).to_numpy()]
    ties = pd.concat([pairs, spokes], ignore_index=True)
    ties["since"] = _latest(ties["start_u"], ties["start_v"])
    ties["until"] = _earliest(ties["end_u"], ties["end_v"])
    u = np.minimum(ties["urn_u"].to_numpy(), ties["urn_v"].to_numpy())
    v = np.maximum(ties["urn_u"].to_numpy(), ties["urn_v"].to_numpy())
    ties = pd.DataFrame(
        {
            "u": u,
            "v": v,
            "key": _objects(ties["group_id"]),
            "kind": _objects(ties["kind"]),
            "group_id": _objects(ties["group_id"]),
            "since": ties["since"].to_numpy(),
            "until": ties["until"].to_numpy(),
        }
    )
    # Two periods that never overlapped (one school left before the other joined) make no tie.
    never = (ties["since"] > ties["until"]).to_numpy(dtype=bool)
    ties = ties[~never].sort_values(["since", "until"], na_position="first", kind="stable")
    if not every_period:
        return ties.drop_duplicates(["u", "v", "key"], keep="first")
    ties = ties.drop_duplicates(["u", "v", "key", "since", "until"])
    period = ties.groupby(["u", "v", "key"], sort=False).cumcount().to_numpy()
    keys = ties["key"].to_numpy(dtype=object).copy()
    later = period > 0
    keys[later] = [f"{k}#{n + 1}" for k, n in zip(keys[later], period[later], strict=True)]
    return ties.assign(key=keys)


def _objects(values: pd.Series) -> pd.Series:
    """A column as Python objects, kept so: a plain array of them would be read as text again, at a cost per row."""
    return pd.Series(values.to_numpy(dtype=object), dtype=object)


def _support_ties(support: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "u": support["supporter_urn"].to_numpy(dtype="int64"),
            "v": support["supported_urn"].to_numpy(dtype="int64"),
            "key": support["support_id"].to_numpy(dtype=object),
            "kind": SUPPORT,
            "group_id": support["support_id"].to_numpy(dtype=object),
            "since": support["start"].to_numpy(),
            "until": support["end"].to_numpy(),
            "supporter": support["supporter_urn"].to_numpy(dtype="int64"),
            "support_kind": support["kind"].to_numpy(dtype=object),
            "focus": support["focus"].to_numpy(dtype=object),
        }
    )


def _membership_table(members: pd.DataFrame, *, every_period: bool) -> pd.DataFrame:
    """The live memberships, for measures that need to know who belongs to what.

    With ``every_period`` a school that left and rejoined a group keeps a row
    per period; otherwise one row per school and group.
    """
    table = pd.DataFrame(
        {
            "urn": members["urn"].to_numpy(dtype="int64"),
            "group_id": members["group_id"].to_numpy(dtype=object),
            "kind": members["kind"].to_numpy(dtype=object),
            "lead": members["lead"].to_numpy(dtype=bool),
            "start": pd.to_datetime(members["start"]),
            "end": pd.to_datetime(members["end"]),
        }
    )
    # Text whether or not there is a row, so that a date with no live membership has the same column types.
    table = table.astype({"group_id": "str", "kind": "str"})
    table = table.sort_values(["urn", "group_id", "start"], na_position="first", kind="stable")
    table = table.drop_duplicates(["urn", "group_id", "start", "end"] if every_period else ["urn", "group_id"])
    return table.reset_index(drop=True)


def _ended(members: pd.DataFrame, support: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    """Partnerships of each school that had ended before ``as_of``."""
    if as_of is None:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in ENDED_COLUMNS})
    gone = members[(pd.Series(members["end"]) < as_of).to_numpy()]
    from_groups = pd.DataFrame(
        {
            "urn": gone["urn"].to_numpy(dtype="int64"),
            "partnership": gone["group_id"].to_numpy(dtype=object),
            "kind": gone["kind"].to_numpy(dtype=object),
            "start": gone["start"].to_numpy(),
            "end": gone["end"].to_numpy(),
        }
    )
    over = support[(support["end"] < as_of).to_numpy(dtype=bool)]
    from_support = [
        pd.DataFrame(
            {
                "urn": over[column].to_numpy(dtype="int64"),
                "partnership": over["support_id"].to_numpy(dtype=object),
                "kind": SUPPORT,
                "start": over["start"].to_numpy(),
                "end": over["end"].to_numpy(),
            }
        )
        for column in ("supporter_urn", "supported_urn")
    ]
    ended = pd.concat([from_groups, *from_support], ignore_index=True)
    ended["start"] = pd.to_datetime(ended["start"])
    ended["end"] = pd.to_datetime(ended["end"])
    return ended.sort_values(["urn", "end", "partnership"]).reset_index(drop=True)


def _python_values(values: pd.Series) -> list[Any]:
    """A column as a list of plain Python values, blanks as ``None``.

    Dates and text repeat, so each distinct value is made once (a ``Timestamp``
    or ``str``) and shared by the rows that hold it.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype) or isinstance(values.dtype, pd.StringDtype):
        shared: list[Any] = per_distinct(values, unchanged).tolist()
        return shared
    plain = values.to_numpy(dtype=object, copy=True)
    plain[values.isna().to_numpy(dtype=bool)] = None
    listed: list[Any] = plain.tolist()
    return listed


def _edge_records(edges: pd.DataFrame) -> Iterable[tuple[Any, Any, Any, dict[str, Any]]]:
    """``(u, v, key, attributes)`` for networkx, built column by column rather than row by row."""
    edges = edges.assign(weight=edges["kind"].map(DEFAULT_TIE_STRENGTH).astype(float))
    names = [str(c) for c in edges.columns if c not in ("u", "v", "key")]
    columns = [_python_values(edges[c]) for c in names]
    return zip(edges["u"].tolist(), edges["v"].tolist(), edges["key"].tolist(), _records(names, columns), strict=True)


def _records(names: list[str], columns: list[list[Any]]) -> Iterator[dict[str, Any]]:
    """A dictionary per row of columns of equal length, made without a Python loop of our own."""
    return map(dict, map(zip, repeat(names), zip(*columns, strict=True)))


def node_attributes(schools: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """Turn a schools table into ``(urn, attributes)`` pairs for networkx, blanks as ``None``."""
    names = [str(c) for c in schools.columns]
    columns = [_python_values(schools[c]) for c in schools.columns]
    return list(zip(schools.index, _records(names, columns), strict=True))


def build_network(
    tables: Tables,
    *,
    as_of: AsOf = None,
    kinds: Iterable[str] | str | None = None,
    expand: Mapping[str, Expansion] | None = None,
) -> nx.MultiGraph:
    """Build the network of ties between schools that are live on a date.

    Each group becomes ties between its members according to its kind's
    expansion (see :data:`schoolnet.tables.schema.DEFAULT_EXPANSION`): clusters,
    trusts, federations and companies become cliques, in which every member is
    tied to every other; alliances and hubs become stars, in which the lead is
    tied to each member. Each support link is one tie.

    Parameters
    ----------
    tables : Tables
        The tables to build from.
    as_of : str, datetime.date or None, default None (today)
        The date the network describes. A membership is live from ``joined``
        to ``left``, a group from ``opened`` to ``closed`` and a support link
        from ``start`` to ``end``, all inclusive; a blank start has always
        been, and a blank end is still live. A tie is live when its group and
        both schools' memberships are. ``"all"`` keeps every tie, whatever its
        dates, and every period of it: a pair tied in one group at several
        times (a school left and rejoined) has one edge per period, keyed
        ``group_id``, then ``group_id#2``, ``group_id#3``... in order of
        start, and ``G.graph["memberships"]`` has a row per period. Two
        memberships of a group that never overlapped make no tie.
    kinds : str or iterable of str, optional
        Keep only ties of these kinds (group kinds, and ``"support"``).
    expand : mapping, optional
        Override the expansion of a group kind: ``"clique"``, ``"star"`` or
        ``"none"``; for example ``{"hub": "none"}``.

    Returns
    -------
    networkx.MultiGraph
        Nodes are URNs, with the school's columns as attributes. There is one
        edge per tie per group, keyed by the group or support id, with
        attributes ``kind``, ``group_id``, ``weight`` (the kind's default tie
        strength), ``since`` and ``until`` (when the tie started and ends,
        or ``None``). Support edges also carry ``supporter`` (the URN giving
        support), ``support_kind`` and ``focus``.

        ``G.graph`` holds the provenance: ``as_of`` (an ISO date or
        ``"all"``), ``source``, ``kinds`` (the edge kinds present),
        ``expand`` (the expansion used for each kind), ``crs`` of the
        coordinates; ``group_kinds``, the kinds of group the tables hold
        at any date; ``memberships``, a table of the memberships live on
        ``as_of``, of every kind including those that make no tie (columns
        ``urn``, ``group_id``, ``kind``, ``lead``, ``start``, ``end``); and
        ``ended``, a table of each school's partnerships that had ended by
        ``as_of`` (columns ``urn``, ``partnership``, ``kind``, ``start``,
        ``end``).

    Raises
    ------
    ParameterError
        If ``as_of``, ``kinds`` or ``expand`` is not valid.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-01-01")
    >>> G.graph["as_of"]
    '2025-01-01'
    >>> sorted(G.graph["kinds"])
    ['alliance', 'cluster', 'company', 'federation', 'hub', 'support', 'trust']
    >>> only_clusters = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-01-01", kinds="cluster")
    >>> {k for _, _, k in only_clusters.edges(data="kind")}
    {'cluster'}
    """
    when = parse_as_of(as_of)
    expansions = resolve_expansions(expand)
    chosen = _kinds(kinds)
    with collector_paused():
        return _built(tables, when, expansions, chosen)


def _built(
    tables: Tables, when: pd.Timestamp | None, expansions: dict[str, str], chosen: frozenset[str] | None
) -> nx.MultiGraph:
    """The network of :func:`build_network`, from its checked arguments."""
    members = member_periods(tables, expansions, chosen)
    live_members = members[is_live(pd.Series(members["start"]), pd.Series(members["end"]), when)]
    tie_making = members[(members["expansion"] != "none").to_numpy()]
    support = tables.support if chosen is None or SUPPORT in chosen else tables.support.iloc[0:0]
    live_support = support[is_live(support["start"], support["end"], when)]
    edge_sets = [_group_ties(live_members, every_period=when is None), _support_ties(live_support)]

    G = nx.MultiGraph()
    add_nodes(G, node_attributes(tables.schools))
    for edges in edge_sets:
        add_multi_edges(G, _edge_records(edges))
    G.graph.update(
        {
            "name": f"school partnerships ({tables.source})",
            "source": tables.source,
            "as_of": "all" if when is None else when.date().isoformat(),
            "kinds": sorted(set().union(*(set(e["kind"].unique().tolist()) for e in edge_sets))),
            "expand": expansions,
            "crs": "EPSG:27700",
            "group_kinds": sorted(set(members["kind"].astype(str).tolist())),
            "memberships": _membership_table(live_members, every_period=when is None),
            "ended": _ended(tie_making, support, when),
        }
    )
    return G


def collapse(G: nx.Graph, *, weights: Mapping[str, float] | None = None) -> nx.Graph:
    """Merge the parallel ties between each pair of schools into one weighted edge.

    Parameters
    ----------
    G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
        A network from :func:`build_network`, or any networkx graph. Directed
        ties become undirected. Self-loops are dropped: a school is not its own
        partner.
    weights : mapping of str to float, optional
        The strength of one tie of each kind, overriding
        :data:`schoolnet.tables.schema.DEFAULT_TIE_STRENGTH`. Ties of a graph
        without ``kind`` attributes have the kind ``"tie"`` and their
        ``weight`` attribute, or 1.

    Returns
    -------
    networkx.Graph
        The same nodes and attributes. Each edge has ``weight``, the sum of
        the strengths of its ties; ``ties``, their number; ``kinds``, a
        sorted tuple of their kinds; and ``n_<kind>``, the number of ties of
        each kind. ``G.graph`` is copied, with ``tie_strength`` recording the
        strengths used.

    Raises
    ------
    ParameterError
        If a weight is negative or not a number.

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiGraph()
    >>> M.add_edge(1, 2, key="C1", kind="cluster")
    'C1'
    >>> M.add_edge(1, 2, key="T1", kind="trust")
    'T1'
    >>> H = collapse(M)
    >>> H.edges[1, 2]["weight"], H.edges[1, 2]["kinds"], H.edges[1, 2]["n_trust"]
    (3.0, ('cluster', 'trust'), 1)
    """
    ties = collapsed_ties(G, weights=weights)
    H = nx.Graph()
    with collector_paused():
        H.add_nodes_from(G.nodes(data=True))
        add_simple_edges(H, _collapsed_edges(ties))
    H.graph.update(G.graph)
    H.graph["tie_strength"] = ties.tie_strength
    return H


def _collapsed_edges(ties: CollapsedTies) -> list[tuple[Any, Any, dict[str, Any]]]:
    """One weighted edge per pair of schools, with its count of ties of each kind.

    Few combinations of kinds occur, so the attribute dictionaries are made a
    combination at a time, each from its own columns, and put back in the
    order of the pairs.
    """
    nodes = ties.nodes
    present = ties.counts > 0
    masks = present @ (1 << np.arange(len(ties.kinds), dtype=np.int64))
    total = ties.counts.sum(axis=1)
    data: list[Any] = [None] * len(masks)
    for mask in np.unique(masks).tolist():
        pairs = np.flatnonzero(masks == mask)
        kinds = np.flatnonzero(present[pairs[0]])
        keys = ("weight", "ties", "kinds", *(f"n_{ties.kinds[j]}" for j in kinds))
        columns = [
            ties.strength[pairs].tolist(),
            total[pairs].tolist(),
            [tuple(ties.kinds[j] for j in kinds)] * len(pairs),
        ]
        columns += [ties.counts[pairs, j].tolist() for j in kinds]
        for i, row in zip(pairs.tolist(), zip(*columns, strict=True), strict=True):
            data[i] = dict(zip(keys, row, strict=True))
    first, second = ties.first.tolist(), ties.second.tolist()
    return [(nodes[x], nodes[y], d) for x, y, d in zip(first, second, data, strict=True)]


def select_kinds(G: nx.MultiGraph, kinds: Collection[str] | str) -> nx.MultiGraph:
    """Keep only the ties of some kinds; every school stays.

    Parameters
    ----------
    G : networkx.MultiGraph
        A network from :func:`build_network`.
    kinds : str or collection of str
        The edge kinds to keep.

    Returns
    -------
    networkx.MultiGraph
        A new graph; ``G`` is not changed. ``G.graph["kinds"]`` lists the
        kinds kept.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-01-01")
    >>> T = select_kinds(G, "trust")
    >>> T.number_of_nodes() == G.number_of_nodes(), {k for *_, k in T.edges(data="kind")}
    (True, {'trust'})
    """
    chosen = {kinds} if isinstance(kinds, str) else set(kinds)
    H = nx.MultiGraph()
    H.add_nodes_from(G.nodes(data=True))
    add_multi_edges(H, ((u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True) if d.get("kind") in chosen))
    H.graph.update(G.graph)
    H.graph["kinds"] = sorted(chosen & set(G.graph.get("kinds", chosen)))
    return H


def select_schools(
    G: nx.MultiGraph,
    *,
    la: str | Collection[str] | None = None,
    district: str | Collection[str] | None = None,
    phases: str | Collection[str] | None = None,
    boundary: Literal["keep", "cut"] = "keep",
) -> nx.MultiGraph:
    """Keep only the schools of some areas or phases, and their partners across the border.

    The schools chosen are the *focus* of the new network. With
    ``boundary="keep"`` their partners outside the choice stay too, as
    *boundary schools*, with the ties between them and the focus schools (but
    not the ties among boundary schools), so that a school whose only partner
    is across the border is not reported isolated. Measures such as
    :func:`schoolnet.isolation` and :func:`schoolnet.coverage` report the
    focus schools only.

    Parameters
    ----------
    G : networkx.MultiGraph
        A network from :func:`build_network`.
    la, district, phases : str or collection of str, optional
        Keep schools whose ``la``, ``district`` or ``phase`` is one of these.
        A boundary school of ``G`` (node attribute ``in_focus`` False) is
        never chosen as a focus school.
    boundary : {"keep", "cut"}, default "keep"
        ``"keep"`` keeps the focus schools' partners as boundary schools, and
        marks every school with the node attribute ``in_focus``; ``"cut"``
        keeps only the schools chosen and the ties among them, as they are.

    Returns
    -------
    networkx.MultiGraph
        A new graph; ``G`` is not changed. ``G.graph["memberships"]`` and
        ``G.graph["ended"]`` keep the rows of the schools kept.

    Raises
    ------
    ParameterError
        If ``boundary`` is not ``"keep"`` or ``"cut"``.

    Examples
    --------
    Schools 1 and 2 are in the North, 3 in the South; a trust ties 2 and 3.

    >>> import networkx as nx
    >>> G = nx.MultiGraph([(1, 2, "C"), (2, 3, "T")])
    >>> nx.set_node_attributes(G, {1: "North", 2: "North", 3: "South"}, "district")
    >>> H = select_schools(G, district="North")
    >>> sorted(H.nodes(data="in_focus")), H.number_of_edges()
    ([(1, True), (2, True), (3, False)], 2)
    >>> sorted(select_schools(G, district="North", boundary="cut"))
    [1, 2]
    """
    if boundary not in ("keep", "cut"):
        raise ParameterError(f"boundary={boundary!r}: expected 'keep' or 'cut'")
    criteria = {"la": la, "district": district, "phase": phases}
    wanted = {attr: {v} if isinstance(v, str) else set(v) for attr, v in criteria.items() if v is not None}
    chosen = [
        node
        for node, data in G.nodes(data=True)
        if all(data.get(attr) in values for attr, values in wanted.items())
        and (boundary == "cut" or data.get("in_focus") is not False)
    ]
    if boundary == "cut":
        H: nx.MultiGraph = G.subgraph(chosen).copy()
    else:
        H = _with_boundary(G, chosen)
    for name in ("ended", "memberships"):
        table = G.graph.get(name)
        if isinstance(table, pd.DataFrame):
            H.graph[name] = table[table["urn"].isin(list(H))].reset_index(drop=True)
    return H


def _with_boundary(G: nx.MultiGraph, focus: list[Any]) -> nx.MultiGraph:
    """The focus schools, their neighbours as boundary schools, and every tie that has a focus school at one end."""
    inside = set(focus)
    edges = list(G.edges(focus, keys=True, data=True))
    kept = inside | {n for u, v, _, _ in edges for n in (u, v)}
    H = nx.MultiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, {**d, "in_focus": n in inside}) for n, d in G.nodes(data=True) if n in kept)
    add_multi_edges(H, ((u, v, k, dict(d)) for u, v, k, d in edges))
    return H
