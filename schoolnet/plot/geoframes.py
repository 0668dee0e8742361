"""A network as GeoPandas tables: schools as points and ties as lines, on the British National Grid.

:func:`to_geodataframes` turns a network into two GeoDataFrames, as OSMnx's
``graph_to_gdfs`` does for street networks: the schools, as points with their
attributes and any measure's columns, and the ties, as lines from one school
to the other with their kind, partnership (``group_id``) and dates. Both are on
the register's own coordinate reference system, the British National Grid
(EPSG:27700), so distances are in metres; ``to_crs(4326)`` gives longitude and
latitude, and ``GeoDataFrame.explore()`` or :func:`schoolnet.explore` an
interactive map. :func:`from_geodataframes` turns the two tables back into the
network.

GeoPandas is an extra: ``pip install "schoolnet[maps]"``. It is imported only
when these functions are called, so the core install stays light.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Final

import networkx as nx
import numpy as np
import pandas as pd

from .._extras import needs_extra as needs_extra
from ..errors import NoCoordinatesWarning, ParameterError
from ..network.convert import LABEL_COLUMNS, from_frames, to_frames

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "CRS",
    "from_geodataframes",
    "needs_extra",
    "to_geodataframes",
]

#: The coordinate reference system of the schools' eastings and northings: the British National Grid.
CRS: Final = "EPSG:27700"

#: The key of ``attrs`` that lists the columns a measure table added to the schools.
TABLE_COLUMNS: Final = "table_columns"


def _points(schools: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each school's easting and northing (NaN where it has none), and whether it has both."""
    xy = np.full((len(schools), 2), np.nan)
    for i, column in enumerate(("easting", "northing")):
        if column in schools.columns:
            xy[:, i] = pd.to_numeric(schools[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return xy, np.isfinite(xy).all(axis=1)


def _joined(nodes: pd.DataFrame, table: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
    """The schools with a measure's columns beside their attributes, and the names of the columns added."""
    if table is None:
        return nodes, []
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"table: got a {type(table).__name__}; expected a DataFrame indexed by URN")
    if len(table) and not table.index.isin(nodes.index).any():
        raise ParameterError(
            f"table: none of its index ({table.index[:3].tolist()} ...) is a school of the network; "
            "expected a measure indexed by URN, such as schoolnet.isolation(G) returns"
        )
    if not table.index.is_unique:
        raise ParameterError("table: some URNs appear more than once in the index; expected one row per school")
    added = [str(c) for c in table.columns if c not in nodes.columns and c not in LABEL_COLUMNS]
    joined = nodes.join(table.loc[:, added]) if added else nodes
    joined.attrs = dict(nodes.attrs)
    return joined, added


def to_geodataframes(G: nx.Graph, *, table: pd.DataFrame | None = None) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return a network as two GeoDataFrames: its schools as points and its ties as lines, in EPSG:27700.

    The tables are those of :func:`schoolnet.to_frames` with a ``geometry``
    column, on the British National Grid (EPSG:27700) in metres: a school is
    the point at its easting and northing, and a tie the straight line from
    its first school to its second. A school without coordinates is kept with
    an empty point, and a tie to it with an empty line, and a
    :class:`NoCoordinatesWarning` counts them, so nothing is left out.
    :func:`from_geodataframes` turns the two back into the network.

    Parameters
    ----------
    G : networkx.Graph
        Any network, such as :func:`schoolnet.build_network` returns.
    table : pandas.DataFrame, optional
        A measure indexed by URN, such as :func:`schoolnet.isolation` or
        :func:`schoolnet.centrality` returns: its columns that the schools do
        not already have (its ``name``, ``phase`` and ``district`` are theirs)
        are joined to the schools, blank for a school it has no row for. Its
        rows for schools outside ``G`` are left out.

    Returns
    -------
    schools : geopandas.GeoDataFrame
        One row per school, indexed by URN in the graph's order, with its
        attributes, the measure's columns, and its point.
    ties : geopandas.GeoDataFrame
        One row per tie: ``u``, ``v``, ``key`` (for a multigraph), every edge
        attribute (``kind``, ``group_id`` (the partnership), ``since``,
        ``until``, ...), and its line.

    Raises
    ------
    MissingExtraError
        If geopandas is not installed (``pip install "schoolnet[maps]"``).
    ParameterError
        If ``table`` is not a table indexed by the network's URNs.

    Warns
    -----
    NoCoordinatesWarning
        If some schools have no coordinates.

    Notes
    -----
    Both tables carry the network's metadata in ``attrs``, as
    :func:`schoolnet.to_frames` describes; ``schools.attrs["table_columns"]``
    lists the columns the measure added, which :func:`from_geodataframes`
    leaves out.

    Examples
    --------
    Two schools 3 km east and 4 km north of each other, and a third without
    coordinates:

    >>> import warnings, networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node(1, name="Alder", easting=400000.0, northing=300000.0)
    >>> G.add_node(2, name="Birch", easting=403000.0, northing=304000.0)
    >>> G.add_node(3, name="Cedar")
    >>> G.add_edge(1, 2, kind="cluster", group_id="CL1")
    >>> G.add_edge(2, 3, kind="trust", group_id="T1")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     schools, ties = to_geodataframes(G)
    >>> print(caught[0].message)
    1 of 3 schools have no coordinates: kept with an empty geometry
    >>> schools.crs.to_epsg(), schools.geometry.iloc[1].x, bool(schools.geometry.iloc[2].is_empty)
    (27700, 403000.0, True)
    >>> ties.loc[:, ["u", "v", "kind"]].assign(metres=ties.length)
       u  v     kind  metres
    0  1  2  cluster  5000.0
    1  2  3    trust     0.0
    """
    gpd = needs_extra("geopandas", what="schoolnet.to_geodataframes")
    shapely = needs_extra("shapely", what="schoolnet.to_geodataframes")
    nodes, edges = to_frames(G)
    nodes, added = _joined(nodes, table)
    xy, placed = _points(nodes)
    points = np.full(len(nodes), shapely.Point(), dtype=object)
    points[placed] = shapely.points(xy[placed])
    missing = int(np.count_nonzero(~placed))
    if missing:
        warnings.warn(
            f"{missing} of {len(nodes)} schools have no coordinates: kept with an empty geometry",
            NoCoordinatesWarning,
            stacklevel=2,
        )
    attrs = dict(nodes.attrs)
    schools = gpd.GeoDataFrame(nodes, geometry=gpd.GeoSeries(points, index=nodes.index, crs=CRS))
    schools.attrs = attrs | {TABLE_COLUMNS: added}
    position = pd.Series(np.arange(len(nodes)), index=nodes.index)
    lines = np.full(len(edges), shapely.LineString(), dtype=object)
    if len(edges):
        first = position.reindex(edges["u"]).to_numpy()
        second = position.reindex(edges["v"]).to_numpy()
        both = placed[first] & placed[second]
        ends = np.stack([xy[first[both]], xy[second[both]]], axis=1)
        lines[both] = shapely.linestrings(ends)
    ties = gpd.GeoDataFrame(edges, geometry=gpd.GeoSeries(lines, index=edges.index, crs=CRS))
    ties.attrs = dict(edges.attrs)
    return schools, ties


def _plain(frame: Any) -> pd.DataFrame:
    """A GeoDataFrame as a plain table, without its geometry, keeping ``attrs``."""
    name = frame.geometry.name if hasattr(frame, "geometry") and hasattr(frame, "crs") else None
    plain = pd.DataFrame(frame.drop(columns=[name])) if name is not None else pd.DataFrame(frame)
    plain.attrs = dict(frame.attrs)
    return plain


def from_geodataframes(schools: gpd.GeoDataFrame, ties: gpd.GeoDataFrame) -> nx.Graph:
    """Build a network from the schools and ties of :func:`to_geodataframes`.

    The inverse of :func:`to_geodataframes`: each school becomes a node with
    its columns as attributes, and each tie an edge, as
    :func:`schoolnet.from_frames` builds them. The geometries are not read
    back, since the eastings and northings are the schools' own; a table of
    schools without ``easting`` and ``northing`` columns (one made elsewhere)
    takes them from its points, on the British National Grid. The columns
    that a measure added (listed in ``schools.attrs["table_columns"]``) are
    left out.

    Parameters
    ----------
    schools : geopandas.GeoDataFrame
        One row per school, indexed by URN.
    ties : geopandas.GeoDataFrame or pandas.DataFrame
        One row per tie, with ``u`` and ``v`` (and ``key`` for a multigraph).

    Returns
    -------
    networkx.Graph
        As :func:`schoolnet.from_frames` returns.

    Raises
    ------
    ParameterError
        As :func:`schoolnet.from_frames`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node(1, name="Alder", easting=400000.0, northing=300000.0)
    >>> G.add_node(2, name="Birch", easting=403000.0, northing=304000.0)
    >>> G.add_edge(1, 2, kind="cluster", group_id="CL1")
    >>> H = from_geodataframes(*to_geodataframes(G))
    >>> H.nodes[2], H.edges[1, 2]
    ({'name': 'Birch', 'easting': 403000.0, 'northing': 304000.0}, {'kind': 'cluster', 'group_id': 'CL1'})
    """
    nodes = _plain(schools)
    added = list(schools.attrs.get(TABLE_COLUMNS, []))
    nodes = nodes.drop(columns=[c for c in added if c in nodes.columns])
    if not {"easting", "northing"} & set(nodes.columns) and hasattr(schools, "to_crs") and schools.crs is not None:
        grid = schools.geometry.to_crs(CRS)
        placed = ~(grid.is_empty | grid.isna())
        nodes["easting"] = grid.x.where(placed)
        nodes["northing"] = grid.y.where(placed)
    nodes.attrs = {k: v for k, v in nodes.attrs.items() if k != TABLE_COLUMNS}
    return from_frames(nodes, _plain(ties))
