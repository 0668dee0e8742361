"""What the measures assume of a network, checked in one call.

Every measure in schoolnet takes a networkx graph: one made by
:func:`schoolnet.build_network`, read back from a file, or built by hand. The
measures assume a few things of it, and :func:`validate_network` checks them
all at once, so a graph assembled by hand fails with one clear list of
problems rather than with a wrong answer or a stack trace deep inside a
measure:

- the ties are undirected (a ``Graph`` or ``MultiGraph``), and no school is
  tied to itself;
- each tie's ``kind``, where given, is one of
  :data:`schoolnet.tables.schema.EDGE_KINDS` or ``"tie"`` (a plain tie of no kind);
  another kind is accepted only with its own ``weight``, since it has no
  default tie strength;
- each tie's ``weight``, where given, is a finite number of at least 0;
- each tie's ``since`` and ``until``, where given, are dates without a time
  zone, in that order (None, NaN and NaT are no date: no start, or no end);
- ``G.graph["memberships"]``, where present, is a table with columns
  ``urn``, ``group_id``, ``kind``, ``lead``, ``start`` and ``end``, whose
  schools are in the graph, whose kinds are kinds of group, and whose
  periods do not end before they start.

A graph without kinds, weights, dates or memberships is valid: each measure
then says in its own documentation what it does without them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any, Final

import networkx as nx
import pandas as pd

from .._validate import is_real
from ..errors import NetworkError
from ..tables.schema import EDGE_KINDS, GROUP_KINDS
from ._matrix import PLAIN_TIE

__all__ = ["MEMBERSHIP_COLUMNS", "validate_network"]

#: The columns of ``G.graph["memberships"]``.
MEMBERSHIP_COLUMNS: Final = ("urn", "group_id", "kind", "lead", "start", "end")

_KNOWN_KINDS: Final = frozenset((*EDGE_KINDS, PLAIN_TIE))


def validate_network(G: nx.Graph) -> nx.Graph:
    """Check that a network is what schoolnet's measures assume, and return it.

    Parameters
    ----------
    G : networkx.Graph
        A network of schools: nodes are URNs, ties carry ``kind`` (and
        optionally ``weight``, ``since``, ``until``); ``G.graph`` may hold
        ``memberships``. See the module's documentation for what is checked.

    Returns
    -------
    networkx.Graph
        ``G`` itself, so that the check can be chained.

    Raises
    ------
    NetworkError
        Listing every problem found, each naming the school(s), the attribute
        and the value, and saying what was expected.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> G.add_edge(101, 102, kind="cluster")
    0
    >>> validate_network(G) is G
    True
    >>> G.add_edge(102, 103, kind="friendship")
    0
    >>> G.add_edge(103, 103, kind="trust", weight=-1)
    0
    >>> validate_network(G)
    Traceback (most recent call last):
    ...
    schoolnet.errors.NetworkError: 3 problems in the network:
      tie 102-103: kind 'friendship'; expected one of ... or a tie with its own weight
      tie 103-103: the school is tied to itself; expected ties between two different schools
      tie 103-103: weight -1; expected a finite number of at least 0
    """
    problems = [*_graph_problems(G), *_tie_problems(G), *_membership_problems(G)]
    if problems:
        raise NetworkError(problems)
    return G


def _graph_problems(G: nx.Graph) -> Iterator[str]:
    if not isinstance(G, nx.Graph):
        yield f"the network is a {type(G).__name__}; expected a networkx Graph or MultiGraph"
    elif G.is_directed():
        yield f"the network is a {type(G).__name__}; expected undirected ties: a networkx Graph or MultiGraph"
    elif None in G:
        yield "a school's URN is None; expected every node to be a school's URN"


def _as_date(value: object) -> pd.Timestamp | None:
    if isinstance(value, (dt.date, pd.Timestamp, str)):
        try:
            stamp = pd.Timestamp(value)
        except ValueError:
            return None
        return None if pd.isna(stamp) else stamp
    return None


def _tie_problems(G: nx.Graph) -> Iterator[str]:
    if not isinstance(G, nx.Graph):
        return
    kinds = ", ".join(sorted(_KNOWN_KINDS))
    edges = G.edges(data=True)
    for u, v, data in edges:
        where = f"tie {u}-{v}"
        kind = data.get("kind", PLAIN_TIE)
        weight = data.get("weight")
        if not isinstance(kind, str):
            yield f"{where}: kind {kind!r}; expected the kind as text, one of {kinds}"
        elif kind not in _KNOWN_KINDS and not is_real(weight):
            yield f"{where}: kind {kind!r}; expected one of {kinds}, or a tie with its own weight"
        if u == v:
            yield f"{where}: the school is tied to itself; expected ties between two different schools"
        if weight is not None and not (is_real(weight) and weight >= 0):
            yield f"{where}: weight {weight!r}; expected a finite number of at least 0"
        yield from _period_problems(where, data)


def _period_problems(where: str, data: dict[str, Any]) -> Iterator[str]:
    dates = {}
    for name in ("since", "until"):
        value = data.get(name)
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            continue  # no date: the tie has no start, or no end
        stamp = _as_date(value)
        if stamp is None:
            yield f"{where}: {name} {value!r}; expected a date, or None"
        elif stamp.tzinfo is not None:
            yield f"{where}: {name} {value!r} has a time zone; expected a date without one, as measures compare dates"
        else:
            dates[name] = stamp
    if len(dates) == 2 and dates["until"] < dates["since"]:
        yield f"{where}: until {data['until']!r} is before since {data['since']!r}; expected since <= until"


def _membership_problems(G: nx.Graph) -> Iterator[str]:
    if not isinstance(G, nx.Graph) or G.graph.get("memberships") is None:
        return
    table = G.graph["memberships"]
    where = 'G.graph["memberships"]'
    if not isinstance(table, pd.DataFrame):
        yield f"{where} is a {type(table).__name__}; expected a pandas DataFrame"
        return
    missing = [c for c in MEMBERSHIP_COLUMNS if c not in table.columns]
    if missing:
        yield f"{where} has no column {', '.join(map(repr, missing))}; expected columns {', '.join(MEMBERSHIP_COLUMNS)}"
        return
    unknown = ~table["urn"].isin(list(G.nodes))
    for row, urn in table.loc[unknown, "urn"].head(5).items():
        yield f"{where}, row {row}, column 'urn': value {urn!r}; expected a school of the network"
    if unknown.sum() > 5:
        yield f"{where}: {int(unknown.sum()) - 5} more rows name schools that are not in the network"
    bad_kind = ~table["kind"].isin(GROUP_KINDS)
    for row, kind in table.loc[bad_kind, "kind"].head(5).items():
        yield f"{where}, row {row}, column 'kind': value {kind!r}; expected a kind of group: {', '.join(GROUP_KINDS)}"
    start = pd.to_datetime(table["start"], errors="coerce")
    end = pd.to_datetime(table["end"], errors="coerce")
    backwards = (end < start).to_numpy()
    for row, first, last in table.loc[backwards, ["start", "end"]].head(5).itertuples():
        yield f"{where}, row {row}: start {first!r} is after end {last!r}; expected start <= end"
