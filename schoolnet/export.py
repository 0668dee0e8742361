"""Exports for the tools analysts already use: Gephi and QGIS.

:func:`write_gephi` writes a network as GEXF or GraphML, with every attribute
turned into a type those formats hold, and each school placed at its position
on the map so that Gephi opens it laid out geographically. :func:`write_geojson`
writes schools (and, optionally, their ties) with any measure's columns as a
GeoJSON file for QGIS.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .convert import nodes_frame
from .errors import ParameterError
from .geo import METRES_PER_KM, Locator

__all__ = ["write_geojson", "write_gephi"]


def _plain(value: object) -> str | int | float | bool | None:
    """A value GEXF, GraphML and JSON can hold, or ``None`` to leave it out."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()[:10]
    if isinstance(value, (tuple, list, set, frozenset)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _attributes(data: dict[str, Any]) -> dict[str, str | int | float | bool]:
    return {k: v for k, v in ((str(k), _plain(v)) for k, v in data.items()) if v is not None}


def write_gephi(G: nx.Graph, path: str | Path) -> Path:
    """Write a network for Gephi, as GEXF or GraphML.

    Dates become ``YYYY-MM-DD`` text, tuples (such as a collapsed edge's
    ``kinds``) become text separated by ``"; "``, and blanks are left out. In
    GEXF, each school with coordinates is placed at its easting and northing in
    kilometres, so the network opens laid out as a map. Tables kept in
    ``G.graph`` are not written; the graph keeps its ``as_of``, ``source`` and
    ``crs``.

    Parameters
    ----------
    G : networkx.Graph
        Any network, such as :func:`schoolnet.build_network` or
        :func:`schoolnet.collapse` returns.
    path : str or pathlib.Path
        A ``.gexf`` or ``.graphml`` file.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ParameterError
        If the extension is neither ``.gexf`` nor ``.graphml``.

    Examples
    --------
    >>> import schoolnet, tempfile, pathlib, networkx as nx
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> path = write_gephi(G, pathlib.Path(tempfile.mkdtemp()) / "wexmoor.graphml")
    >>> nx.read_graphml(path).number_of_edges() == G.number_of_edges()
    True
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".gexf", ".graphml"):
        raise ParameterError(f"path={str(path)!r}: expected a file ending .gexf or .graphml")
    H = G.__class__()
    H.graph.update({k: _plain(v) for k, v in G.graph.items() if k in ("name", "as_of", "source", "crs")})
    for node, data in G.nodes(data=True):
        attributes: dict[str, object] = dict(_attributes(data))
        x, y = attributes.get("easting"), attributes.get("northing")
        if suffix == ".gexf" and isinstance(x, float) and isinstance(y, float):
            attributes["viz"] = {"position": {"x": x / METRES_PER_KM, "y": y / METRES_PER_KM, "z": 0.0}}
        H.add_node(node, **attributes)
    if G.is_multigraph():
        H.add_edges_from((u, v, k, _attributes(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((u, v, _attributes(d)) for u, v, d in G.edges(data=True))
    if suffix == ".gexf":
        nx.write_gexf(H, path)
    else:
        nx.write_graphml(H, path)
    return path


def write_geojson(
    table: pd.DataFrame, G: nx.Graph, path: str | Path, *, ties: bool = False, columns: Iterable[str] | None = None
) -> Path:
    """Write schools, with a measure's columns, as GeoJSON points for QGIS.

    Coordinates stay on the British National Grid, in metres, and the file
    names that system (EPSG:27700) in its ``crs`` member, which QGIS reads.
    (RFC 7946 GeoJSON expects longitude and latitude; reprojecting would need
    a projection library that schoolnet does not depend on.)

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of schools indexed by URN, such as :func:`schoolnet.isolation` or
        :func:`schoolnet.nodes_frame` returns.
    G : networkx.Graph
        The network, for the schools' positions and ties.
    path : str or pathlib.Path
        The file to write.
    ties : bool, default False
        Also write each tie between two schools of ``table`` as a line.
    columns : iterable of str, optional
        The columns of ``table`` to write; all by default.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    MissingCoordinatesError
        If no school has coordinates.

    Examples
    --------
    >>> import schoolnet, tempfile, pathlib, json
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> table = schoolnet.isolation(G)
    >>> path = write_geojson(table, G, pathlib.Path(tempfile.mkdtemp()) / "isolation.geojson")
    >>> data = json.loads(path.read_text())
    >>> len(data["features"]), data["crs"]["properties"]["name"]
    (395, 'urn:ogc:def:crs:EPSG::27700')
    """
    where = Locator(nodes_frame(G), what="write_geojson")
    chosen = list(columns) if columns is not None else [str(c) for c in table.columns]
    xy = where.points(table.index)
    features: list[dict[str, Any]] = []
    for urn, (x, y), row in zip(table.index, xy, table[chosen].to_dict("records"), strict=True):
        if np.isfinite(x) and np.isfinite(y):
            properties = {"urn": _plain(urn), **{str(k): _plain(v) for k, v in row.items()}}
            features.append(
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": properties}
            )
    if ties:
        keep = set(table.index)
        for u, v, data in G.edges(data=True):
            if u in keep and v in keep and u != v:
                (a, b) = where.points([u, v])
                if np.isfinite(a).all() and np.isfinite(b).all():
                    tie: dict[str, object] = {"u": _plain(u), "v": _plain(v), **_attributes(data)}
                    geometry = {"type": "LineString", "coordinates": [a.tolist(), b.tolist()]}
                    features.append({"type": "Feature", "geometry": geometry, "properties": tie})
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
        "features": features,
    }
    path = Path(path)
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path
