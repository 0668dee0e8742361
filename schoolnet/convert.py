"""Turning a network back into tables: its schools, and its ties.

Every measure in schoolnet returns a table indexed by URN with the school's
name, phase and district beside the figures. The functions here make those
tables from any networkx graph: one built by :func:`schoolnet.build_network`,
or a plain graph of the analyst's own without school attributes, where the
label columns are left empty.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Final, TypeAlias

import networkx as nx
import pandas as pd

from .errors import ParameterError
from .schema import TABLES

__all__ = [
    "LABEL_COLUMNS",
    "UNKNOWN_GROUP",
    "GroupsBy",
    "node_groups",
    "node_values",
    "nodes_frame",
    "ties_frame",
    "with_labels",
]

#: What a ``by=`` argument may be: a school attribute, a kind of group, or a mapping from school to group.
GroupsBy: TypeAlias = "str | Mapping[Any, Hashable] | pd.Series"

#: The group of a school with no value of ``by``.
UNKNOWN_GROUP: Final = "(unknown)"

#: The columns put beside every measure so that a table can be read as it is.
LABEL_COLUMNS: Final = ("name", "phase", "district")


def nodes_frame(G: nx.Graph) -> pd.DataFrame:
    """Return a table of the schools in a network, one row per node.

    Parameters
    ----------
    G : networkx.Graph
        Any networkx graph.

    Returns
    -------
    pandas.DataFrame
        Indexed by node (``urn``), in the graph's node order, with every column
        of the schools schema (blank where a node lacks the attribute) and any
        other node attribute.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2)])
    >>> G.nodes[1]["name"] = "Alder Primary"
    >>> nodes_frame(G).loc[:, ["name", "phase"]]
                  name phase
    urn
    1    Alder Primary   NaN
    2              NaN   NaN
    """
    columns = [c for c in TABLES["schools"].names if c != "urn"]
    frame = pd.DataFrame.from_dict(dict(G.nodes(data=True)), orient="index")
    frame = frame.reindex(list(G.nodes))
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series(None, index=frame.index, dtype="object")
    for column in ("easting", "northing", "fsm_pct", "pupils"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame = frame[columns + [c for c in frame.columns if c not in columns]]
    frame.index.name = "urn"
    return frame


def node_values(G: nx.Graph, attribute: str) -> pd.Series:
    """One attribute of every school, in the graph's node order: a single column of :func:`nodes_frame`.

    Parameters
    ----------
    G : networkx.Graph
        Any networkx graph.
    attribute : str
        The node attribute.

    Returns
    -------
    pandas.Series
        Indexed by node (``urn``), named after the attribute; missing where a
        node lacks it.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2)])
    >>> G.nodes[1]["ofsted"] = "good"
    >>> node_values(G, "ofsted").tolist()
    ['good', nan]
    """
    values = [data.get(attribute) for _, data in G.nodes(data=True)]
    return pd.Series(values, index=pd.Index(list(G), name="urn"), name=attribute)


def ties_frame(G: nx.Graph) -> pd.DataFrame:
    """Return a table of the ties in a network, one row per edge.

    Parameters
    ----------
    G : networkx.Graph
        Any networkx graph; for a multigraph each parallel edge is a row.

    Returns
    -------
    pandas.DataFrame
        Columns ``u`` and ``v`` (and ``key`` for a multigraph), then every
        edge attribute.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-01-01")
    >>> ties = ties_frame(G)
    >>> list(ties.columns[:6])
    ['u', 'v', 'key', 'kind', 'group_id', 'since']
    """
    if G.is_multigraph():
        rows = [{"u": u, "v": v, "key": k, **d} for u, v, k, d in G.edges(keys=True, data=True)]
        head = ["u", "v", "key"]
    else:
        rows = [{"u": u, "v": v, **d} for u, v, d in G.edges(data=True)]
        head = ["u", "v"]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=head)
    return frame


def with_labels(table: pd.DataFrame, G: nx.Graph) -> pd.DataFrame:
    """Put each school's name, phase and district in front of a measure's columns.

    Parameters
    ----------
    table : pandas.DataFrame
        A measure, indexed by URN.
    G : networkx.Graph
        The network it was measured on.

    Returns
    -------
    pandas.DataFrame
        A new table with :data:`LABEL_COLUMNS` first, empty for nodes without
        those attributes.

    Examples
    --------
    >>> import networkx as nx, pandas as pd
    >>> G = nx.Graph([(1, 2)])
    >>> G.nodes[1]["name"] = "Alder Primary"
    >>> with_labels(pd.DataFrame({"degree": [1, 1]}, index=[1, 2]), G).columns.tolist()
    ['name', 'phase', 'district', 'degree']
    """
    attributes = dict(G.nodes(data=True))
    found = [attributes.get(u, {}) for u in table.index]
    labels = pd.DataFrame(
        {column: pd.Series([a.get(column) for a in found], index=table.index) for column in LABEL_COLUMNS}
    )
    out = pd.concat([labels, table.drop(columns=[c for c in LABEL_COLUMNS if c in table.columns])], axis=1)
    out.index.name = "urn"
    return out


def node_groups(G: nx.Graph, by: GroupsBy) -> pd.Series:
    """Put each school of a network in a group.

    Parameters
    ----------
    G : networkx.Graph
        A network.
    by : str, mapping or pandas.Series
        A school attribute, such as ``"la"``, ``"district"`` or ``"phase"``;
        a kind of group, such as ``"trust"``, whose live memberships in
        ``G.graph["memberships"]`` give each school its group (the lowest
        group id if it has several; a school in none is a group of its own,
        ``"(no trust) <urn>"``, since it shares no trust with anyone); or a
        mapping from node to group. A school with no
        value is put in :data:`UNKNOWN_GROUP`.

    Returns
    -------
    pandas.Series
        Each node's group, indexed by node in the graph's order, named ``group``.

    Raises
    ------
    ParameterError
        If ``by`` is a string that is neither an attribute nor a kind of group.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3)])
    >>> nx.set_node_attributes(G, {1: "North", 2: "North"}, "district")
    >>> node_groups(G, "district").tolist()
    ['North', 'North', '(unknown)']
    """
    nodes = list(G)
    if isinstance(by, str):
        frame = nodes_frame(G)
        if by in frame.columns and frame[by].notna().any():
            values = frame[by]
        else:
            memberships = G.graph.get("memberships")
            if not isinstance(memberships, pd.DataFrame) or not (memberships["kind"] == by).any():
                raise ParameterError(
                    f"by={by!r}: not a school attribute or a kind of group in this network; "
                    "expected e.g. 'la', 'district', 'phase', 'trust', or a mapping from school to group"
                )
            first = memberships[memberships["kind"] == by].sort_values(["urn", "group_id"]).drop_duplicates("urn")
            values = pd.Series(nodes, index=nodes).map(first.set_index("urn")["group_id"])
            values = values.where(values.notna(), [f"(no {by}) {u}" for u in nodes])
    else:
        # As objects, so that whole-number groups stay whole when a node has none (NaN would make them floats).
        given = by if isinstance(by, pd.Series) else pd.Series(dict(by), dtype=object)
        values = given.astype(object).reindex(nodes)
    values = values.astype(object).where(pd.notna(values), UNKNOWN_GROUP)
    return pd.Series(values.to_numpy(), index=pd.Index(nodes, name="urn"), name="group")
