"""Exports for the tools analysts already use: Gephi and QGIS.

:func:`to_gephi` writes a network as GEXF or GraphML, with every attribute
turned into a type those formats hold, and each school placed at its position
on the map so that Gephi opens it laid out geographically. :func:`to_geojson`
writes schools as points and their ties as lines, in longitude and latitude,
for QGIS and web maps, with any measure's columns as properties.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from .errors import ParameterError
from .geo import METRES_PER_KM, Locator
from .lonlat import Method, bng_to_wgs84
from .network.convert import nodes_frame, to_frames

__all__ = ["to_geojson", "to_gephi"]

#: A value that GEXF, GraphML and JSON all hold.
Plain: TypeAlias = "str | int | float | bool"

#: Decimal places of longitude and latitude in GeoJSON: 1e-7 degrees is about a centimetre.
LONLAT_DECIMALS = 7


def _plain(value: object) -> Plain | None:
    """A value GEXF, GraphML and JSON can hold, or ``None`` to leave it out.

    Dates become ``YYYY-MM-DD``; lists, tuples and sets become their items
    separated by ``"; "``; mappings become JSON text.
    """
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
    if isinstance(value, dict):
        return json.dumps(value, default=str)
    return str(value)


def _plain_column(column: pd.Series) -> list[Plain | None]:
    """The values of a column as one plain type: whole numbers and fractions as floats, other mixtures as text."""
    values = [_plain(v) for v in column.tolist()]
    types = {type(v) for v in values if v is not None}
    if types == {int, float}:
        return [None if v is None else float(v) for v in values]
    if len(types) > 1:
        return [None if v is None else str(v) for v in values]
    return values


def _plain_rows(frame: pd.DataFrame) -> list[dict[str, Plain]]:
    """Each row of a table as a dict of plain values, without the blanks."""
    columns = {str(c): _plain_column(frame[c]) for c in frame.columns}
    return [{c: x for c, v in columns.items() if (x := v[i]) is not None} for i in range(len(frame))]


def to_gephi(G: nx.Graph, path: str | Path) -> Path:
    """Write a network for Gephi, as GEXF or GraphML (by the file's suffix).

    Every attribute becomes a type both formats hold, since networkx's writers
    fail on lists and mappings: dates become ``YYYY-MM-DD`` text, lists,
    tuples and sets (such as a collapsed edge's ``kinds``) their items
    separated by ``"; "``, mappings JSON text, and a column mixing whole
    numbers and fractions becomes fractions, other mixtures text; blanks are
    left out. Edges keep their keys (the group or support id). In GEXF, each
    school is labelled with its name and, if it has coordinates, placed at its
    easting and northing in kilometres, so the network opens laid out as a map.
    GraphML keeps ``G.graph``'s metadata (``as_of``, ``source``, ``kinds``,
    ...); GEXF keeps only its ``name``. Neither keeps the tables in
    ``G.graph`` (``memberships``, ``ended``).

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
        If the suffix is neither ``.gexf`` nor ``.graphml``.

    Examples
    --------
    >>> import schoolnet, tempfile, pathlib, networkx as nx
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> path = to_gephi(G, pathlib.Path(tempfile.mkdtemp()) / "wexmoor.graphml")
    >>> back = nx.read_graphml(path)
    >>> back.number_of_edges() == G.number_of_edges(), back.graph["as_of"]
    (True, '2025-09-01')
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".gexf", ".graphml"):
        raise ParameterError(f"path={str(path)!r}: expected a file ending .gexf or .graphml")
    nodes, ties = to_frames(G)
    H = G.__class__()
    H.graph.update({k: v for k, v in ((k, _plain(v)) for k, v in nodes.attrs["graph"].items()) if v is not None})
    for node, attributes in zip(nodes.index.tolist(), _plain_rows(nodes), strict=True):
        data: dict[str, object] = dict(attributes)
        if suffix == ".gexf":
            x, y = attributes.get("easting"), attributes.get("northing")
            if isinstance(x, float) and isinstance(y, float):
                data["viz"] = {"position": {"x": x / METRES_PER_KM, "y": y / METRES_PER_KM, "z": 0.0}}
            if "name" in attributes:
                data["label"] = attributes["name"]
        H.add_node(node, **data)
    ends = ["u", "v", "key"] if G.is_multigraph() else ["u", "v"]
    ids = zip(*(ties[c].tolist() for c in ends), strict=True)
    H.add_edges_from((*end, d) for end, d in zip(ids, _plain_rows(ties.drop(columns=ends)), strict=True))
    if suffix == ".gexf":
        nx.write_gexf(H, path)
    else:
        nx.write_graphml(H, path)
    return path


def _feature(geometry: dict[str, Any] | None, properties: dict[str, Plain]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def to_geojson(
    G: nx.Graph,
    path: str | Path,
    *,
    table: pd.DataFrame | None = None,
    columns: list[str] | None = None,
    ties: bool = True,
    method: Method = "auto",
) -> Path:
    """Write schools as points and ties as lines, in longitude and latitude, as GeoJSON for QGIS and web maps.

    The file follows RFC 7946: coordinates are longitude and latitude on
    WGS84 (EPSG:4326), to seven decimal places, converted from the schools'
    British National Grid eastings and northings by
    :func:`schoolnet.lonlat.bng_to_wgs84` (pyproj if installed, else its
    numpy implementation of the same transformation). A school without
    coordinates, and a tie to it, is kept with a null geometry, so nothing is
    left out. Properties are written as :func:`to_gephi` writes attributes.

    Parameters
    ----------
    G : networkx.Graph
        The network, for the schools' positions and ties.
    path : str or pathlib.Path
        The file to write (``.geojson`` by convention).
    table : pandas.DataFrame, optional
        Rows of schools indexed by URN, such as :func:`schoolnet.isolation`
        returns: the points are its rows and their properties its columns.
        By default, every school of ``G`` with its attributes.
    columns : list of str, optional
        The columns of ``table`` to write; all by default.
    ties : bool, default True
        Also write each tie between two of the schools as a line, with its
        ends ``u`` and ``v``, its ``key`` and its attributes.
    method : {"auto", "pyproj", "helmert"}, default "auto"
        How to convert the coordinates; see
        :func:`schoolnet.lonlat.bng_to_wgs84`.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    MissingCoordinatesError
        If no school has coordinates.
    ParameterError
        If a column of ``columns`` is not in the table.

    Examples
    --------
    >>> import schoolnet, tempfile, pathlib, json
    >>> G = schoolnet.build_network(schoolnet.load_sample(), as_of="2025-09-01")
    >>> path = to_geojson(G, pathlib.Path(tempfile.mkdtemp()) / "isolation.geojson", table=schoolnet.isolation(G))
    >>> data = json.loads(path.read_text())
    >>> kinds = [f["geometry"]["type"] for f in data["features"]]
    >>> kinds.count("Point"), kinds.count("LineString") == G.number_of_edges()
    (395, True)
    """
    rows, tie_rows = to_frames(G)
    if table is not None:
        rows = table
    chosen = [str(c) for c in rows.columns] if columns is None else list(columns)
    unknown = [c for c in chosen if c not in rows.columns]
    if unknown:
        raise ParameterError(f"columns={unknown}: not in the table; expected some of {[str(c) for c in rows.columns]}")
    where = Locator(nodes_frame(G), what="to_geojson")
    xy = where.points(rows.index)
    lon, lat = bng_to_wgs84(xy[:, 0], xy[:, 1], method=method)
    lonlat = pd.DataFrame({"lon": lon.round(LONLAT_DECIMALS), "lat": lat.round(LONLAT_DECIMALS)}, index=rows.index)
    placed = lonlat.dropna()
    position = {urn: [x, y] for urn, x, y in zip(placed.index, placed["lon"], placed["lat"], strict=True)}
    properties = _plain_rows(rows[chosen])
    features = [
        _feature({"type": "Point", "coordinates": position[urn]} if urn in position else None, {"urn": urn} | p)
        for urn, p in zip(rows.index.tolist(), properties, strict=True)
    ]
    if ties and len(tie_rows):
        tie_rows = tie_rows[tie_rows["u"].isin(rows.index) & tie_rows["v"].isin(rows.index)]
        for tie in _plain_rows(tie_rows):
            ends = (tie["u"], tie["v"])
            both = all(end in position for end in ends)
            line = {"type": "LineString", "coordinates": [position[e] for e in ends]} if both else None
            features.append(_feature(line, tie))
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    if "name" in G.graph:
        collection["name"] = str(G.graph["name"])
    if len(placed):
        collection["bbox"] = [placed["lon"].min(), placed["lat"].min(), placed["lon"].max(), placed["lat"].max()]
    collection["features"] = features
    path = Path(path)
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path
