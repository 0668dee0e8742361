"""Turning a network back into tables: its schools, and its ties.

Every measure in schoolnet returns a table indexed by URN with the school's
name, phase and district beside the figures. The functions here make those
tables from any networkx graph: one built by :func:`schoolnet.build_network`,
or a plain graph of the analyst's own without school attributes, where the
label columns are left empty.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any, Final, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from ..errors import ParameterError
from ..tables.schema import TABLES

__all__ = [
    "LABEL_COLUMNS",
    "UNKNOWN_GROUP",
    "GroupsBy",
    "column_at",
    "from_frames",
    "in_focus",
    "node_groups",
    "node_values",
    "nodes_frame",
    "ties_frame",
    "to_frames",
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
    frame = _attributes_frame(G)
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series(None, index=frame.index, dtype="object")
    frame = _numbers(frame)
    frame = frame[columns + [c for c in frame.columns if c not in columns]]
    frame.index.name = "urn"
    return frame


def _attributes_frame(G: nx.Graph, attribute: str | None = None) -> pd.DataFrame:
    """The nodes' attributes (or one of them), one row per node in the graph's order, before any conversion.

    Each column's dtype is inferred from that column's values alone, so one attribute's column is the same
    whether it is read alone or with the others.
    """
    records = [
        d if attribute is None else ({attribute: d[attribute]} if attribute in d else {}) for _, d in G.nodes(data=True)
    ]
    return pd.DataFrame(records, index=list(G))


def _numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """The numeric school columns of a node table as numbers, anything else being missing."""
    for column in ("easting", "northing", "fsm_pct", "pupils"):
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def column_at(values: pd.Series, rows: np.ndarray) -> ExtensionArray | np.ndarray:
    """A column's values at some rows (positions), for a new table.

    A text column is taken as text: a table made from its values as objects
    would infer the same text dtype from them, more slowly. With no rows,
    the values are objects, which a new table keeps as objects.

    Parameters
    ----------
    values : pandas.Series
        The column.
    rows : numpy.ndarray
        Positions of rows, repeated as wanted.

    Returns
    -------
    pandas.api.extensions.ExtensionArray or numpy.ndarray

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["Ash", "Beech"], "pupils": [210, 420]})
    >>> pd.DataFrame({"name": column_at(frame["name"], np.array([1, 1, 0]))})["name"].tolist()
    ['Beech', 'Beech', 'Ash']
    >>> column_at(frame["pupils"], np.array([0])).tolist()
    [210]
    """
    if len(rows) and values.dtype == pd.StringDtype(na_value=np.nan):
        text: ExtensionArray = values.array.take(rows)
        return text
    found: np.ndarray = values.to_numpy()[rows]
    return found


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


def in_focus(G: nx.Graph) -> pd.Series:
    """Whether each school is a focus school of the network, rather than a boundary school.

    Selecting an area (``la=`` in :func:`schoolnet.read_gias`,
    :meth:`schoolnet.Tables.select`) keeps the area's schools as the focus and
    their partners across the border as boundary schools, marked by the node
    attribute ``in_focus``. A school without the attribute is in focus, so in a
    network of no selection every school is.

    Parameters
    ----------
    G : networkx.Graph
        Any networkx graph.

    Returns
    -------
    pandas.Series
        Boolean, indexed by node (``urn``) in the graph's order, named ``in_focus``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2), (2, 3)])
    >>> G.nodes[3]["in_focus"] = False
    >>> in_focus(G).tolist()
    [True, True, False]
    """
    values = node_values(G, "in_focus")
    flags = values.map(lambda v: not (isinstance(v, (bool, np.bool_)) and not v))
    return flags.astype(bool).rename("in_focus")


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
        # Only the attribute asked for is read: its column is as nodes_frame(G) would give it.
        frame = _numbers(_attributes_frame(G, by))
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


def _missing(value: object) -> bool:
    """Whether a cell is blank: None, NaN, NaT or NA."""
    return value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _whole_numbers(frame: pd.DataFrame, records: list[dict[str, Any]]) -> pd.DataFrame:
    """Make float columns whole again where every value in the graph was a whole number and some were blank."""
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column].dtype) and frame[column].isna().any():
            values = [r.get(column) for r in records]
            if pd.api.types.infer_dtype(values, skipna=True) == "integer":
                frame[column] = pd.array(values, dtype="Int64")
    return frame


def _graph_attrs(G: nx.Graph) -> dict[str, Any]:
    """What :func:`to_frames` keeps of a network's metadata in ``DataFrame.attrs``."""
    metadata = {str(k): v for k, v in G.graph.items() if not isinstance(v, (pd.DataFrame, pd.Series))}
    return {"graph": metadata, "directed": G.is_directed(), "multigraph": G.is_multigraph()}


def to_frames(G: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a network as two tables: its schools and its ties.

    The tables are those of :func:`nodes_frame` and :func:`ties_frame`, with
    the schools schema's columns that no node has left out. Whole-number
    attributes with blanks are kept whole (pandas' ``Int64``).
    :func:`from_frames` turns the two tables back into the network.

    Parameters
    ----------
    G : networkx.Graph
        Any network, such as :func:`schoolnet.build_network` returns.

    Returns
    -------
    nodes : pandas.DataFrame
        One row per node, indexed by node (``urn``).
    ties : pandas.DataFrame
        One row per edge: ``u``, ``v``, ``key`` (for a multigraph), then every
        edge attribute.

    Notes
    -----
    Both tables carry the network's metadata in ``DataFrame.attrs``:
    ``attrs["graph"]`` holds ``G.graph`` (such as ``as_of``, ``source``,
    ``kinds`` and ``crs``) except the tables kept in it (``memberships`` and
    ``ended``, which are the loaded tables themselves: build the network again
    to have them), and ``attrs["directed"]`` and ``attrs["multigraph"]`` say
    what kind of graph it was. A pandas operation on a table may drop
    ``attrs``.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> nodes, ties = to_frames(G)
    >>> len(nodes), len(ties) == G.number_of_edges(), nodes.attrs["graph"]["as_of"]
    (395, True, '2025-09-01')
    """
    records = [d for _, d in G.nodes(data=True)]
    present = {str(k) for d in records for k in d}
    nodes = nodes_frame(G)
    nodes = _whole_numbers(nodes.loc[:, [c for c in nodes.columns if c in present]], records)
    edge_records = [d for *_, d in G.edges(data=True)]
    ties = _whole_numbers(ties_frame(G), edge_records)
    nodes.attrs.update(_graph_attrs(G))
    ties.attrs.update(_graph_attrs(G))
    return nodes, ties


def from_frames(nodes: pd.DataFrame, ties: pd.DataFrame) -> nx.Graph:
    """Build a network from a table of schools and a table of ties.

    The inverse of :func:`to_frames`. Each row of ``nodes`` becomes a node
    with its columns as attributes, and each row of ``ties`` an edge. A blank
    cell becomes ``None``, as :func:`schoolnet.build_network` records a blank,
    so an attribute that some edges lack (such as a support tie's
    ``supporter``) comes back as ``None`` on the others: schoolnet treats the
    two alike.

    Parameters
    ----------
    nodes : pandas.DataFrame
        One row per node, indexed by node.
    ties : pandas.DataFrame
        One row per edge, with columns ``u`` and ``v`` (and ``key`` for a
        multigraph); every other column is an edge attribute.

    Returns
    -------
    networkx.Graph
        A ``MultiGraph`` when ``ties`` has a ``key`` column, else a ``Graph``
        (directed if ``attrs["directed"]`` says so), with ``G.graph`` from
        ``attrs["graph"]`` of ``nodes``, or of ``ties``.

    Raises
    ------
    ParameterError
        If ``ties`` lacks ``u`` or ``v``, if a node appears twice in
        ``nodes``, or if a tie names a node that ``nodes`` lacks.

    Examples
    --------
    >>> import schoolnet
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> H = from_frames(*to_frames(G))
    >>> school = next(iter(G))
    >>> H.number_of_edges() == G.number_of_edges(), H.nodes[school] == G.nodes[school], H.graph["as_of"]
    (True, True, '2025-09-01')
    """
    missing = [c for c in ("u", "v") if c not in ties.columns]
    if missing:
        raise ParameterError(
            f"ties has no column {missing[0]!r}; expected columns 'u', 'v' and, for a multigraph, 'key'"
        )
    if not nodes.index.is_unique:
        twice = nodes.index[nodes.index.duplicated()].unique().tolist()[:5]
        raise ParameterError(f"nodes: {twice} appear more than once in the index; expected one row per node")
    unknown = pd.Index(ties["u"]).append(pd.Index(ties["v"])).difference(nodes.index).unique().tolist()
    if unknown:
        raise ParameterError(f"ties names nodes that are not in nodes: {unknown[:5]}; add a row for each to nodes")
    attrs = nodes.attrs or ties.attrs
    multigraph = "key" in ties.columns
    directed = bool(attrs.get("directed", False))
    G: nx.Graph = {
        (False, False): nx.Graph,
        (False, True): nx.MultiGraph,
        (True, False): nx.DiGraph,
        (True, True): nx.MultiDiGraph,
    }[(directed, multigraph)]()
    G.graph.update(attrs.get("graph", {}))
    G.add_nodes_from(zip(nodes.index.tolist(), _records(nodes), strict=True))
    ends = ["u", "v", "key"] if multigraph else ["u", "v"]
    edges = zip(*(ties[c].tolist() for c in ends), _records(ties.drop(columns=ends)), strict=True)
    G.add_edges_from(edges)
    return G


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row as a dict of attributes, with blank cells as ``None``."""
    columns = [str(c) for c in frame.columns]
    rows = frame.astype(object).itertuples(index=False, name=None)
    return [{c: (None if _missing(v) else v) for c, v in zip(columns, row, strict=True)} for row in rows]
