from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import MissingCoordinatesError, ParameterError
from schoolnet.export import to_geojson, to_gephi


def plain(value: Any) -> Any:
    """What the exports are documented to write for a value of the sample network."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return value


def written(data: dict[str, Any]) -> dict[str, Any]:
    return {k: plain(v) for k, v in data.items() if v is not None}


def tie_index(G: nx.MultiGraph) -> dict[tuple[frozenset[str], str], dict[str, Any]]:
    return {(frozenset((str(u), str(v))), str(k)): d for u, v, k, d in G.edges(keys=True, data=True)}


def hand_made() -> nx.MultiGraph:
    G = nx.MultiGraph(name="hand-made", kinds=["cluster", "trust"], expand={"cluster": "clique"})
    G.add_node(1, name="Alder <Primary>", easting=1000.0, northing=2000.0, pupils=120, tags=["a", "b"])
    G.add_node(2, name="Birch", easting=4000.0, northing=6000.0, pupils=None, score=1.5, code=7)
    G.add_node(3, name="Cedar", score=2, code="X1", extra={"k": 1})
    G.add_edge(1, 2, key="C1", kind="cluster", since=pd.Timestamp("2020-09-01"), until=None, weight=1.0)
    G.add_edge(1, 2, key="T1", kind="trust", since=pd.Timestamp("2021-01-01"), until=None, weight=1.0)
    G.add_edge(2, 3, key="S1", kind="support", supporter=2, weight=0.5)
    return G


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_gephi_round_trip_of_the_sample(tmp_path: Path, sample_network: nx.MultiGraph, suffix: str) -> None:
    path = to_gephi(sample_network, tmp_path / f"net{suffix}")
    back = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)
    assert isinstance(back, nx.MultiGraph)
    assert set(back) == {str(u) for u in sample_network}
    for urn, data in sample_network.nodes(data=True):
        got = {k: v for k, v in back.nodes[str(urn)].items() if k not in ("label", "viz")}
        assert got == written(data)
    ours, theirs = tie_index(sample_network), tie_index(back)
    assert theirs.keys() == ours.keys()
    for tie, data in ours.items():
        assert {k: v for k, v in theirs[tie].items() if k != "id"} == written(data)


def test_gexf_labels_schools_and_places_them_on_the_map(tmp_path: Path, sample_network: nx.MultiGraph) -> None:
    back = nx.read_gexf(to_gephi(sample_network, tmp_path / "net.gexf"))
    urn = next(iter(sample_network))
    node = back.nodes[str(urn)]
    assert node["label"] == sample_network.nodes[urn]["name"]
    assert node["viz"]["position"]["x"] == pytest.approx(sample_network.nodes[urn]["easting"] / 1000)
    assert node["viz"]["position"]["y"] == pytest.approx(sample_network.nodes[urn]["northing"] / 1000)


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_gephi_writes_lists_mappings_dates_and_mixed_columns(tmp_path: Path, suffix: str) -> None:
    G = hand_made()
    with pytest.raises(nx.NetworkXError):  # what networkx does with a list attribute
        nx.write_graphml(G, tmp_path / "raw.graphml")
    path = to_gephi(G, tmp_path / f"net{suffix}")
    back = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)
    nodes = {n: {k: v for k, v in d.items() if k not in ("label", "viz")} for n, d in back.nodes(data=True)}
    assert nodes == {
        "1": {"name": "Alder <Primary>", "easting": 1000.0, "northing": 2000.0, "pupils": 120, "tags": "a; b"},
        "2": {"name": "Birch", "easting": 4000.0, "northing": 6000.0, "score": 1.5, "code": "7"},
        "3": {"name": "Cedar", "score": 2.0, "code": "X1", "extra": '{"k": 1}'},
    }
    ties = {k: {a: b for a, b in d.items() if a != "id"} for _, _, k, d in back.edges(keys=True, data=True)}
    assert ties == {
        "C1": {"kind": "cluster", "since": "2020-09-01", "weight": 1.0},
        "T1": {"kind": "trust", "since": "2021-01-01", "weight": 1.0},
        "S1": {"kind": "support", "supporter": 2, "weight": 0.5},
    }
    if suffix == ".graphml":
        assert back.graph["kinds"] == "cluster; trust"
        assert json.loads(back.graph["expand"]) == {"cluster": "clique"}
    assert back.graph["name"] == "hand-made"


def test_graphml_of_a_collapsed_network(tmp_path: Path, sample_network: nx.MultiGraph) -> None:
    H = schoolnet.collapse(sample_network)
    back = nx.read_graphml(to_gephi(H, tmp_path / "net.graphml"))
    assert type(back) is nx.Graph and back.number_of_edges() == H.number_of_edges()
    for u, v, data in H.edges(data=True):
        assert back.edges[str(u), str(v)]["kinds"] == "; ".join(data["kinds"])
        assert back.edges[str(u), str(v)]["weight"] == pytest.approx(data["weight"])
    assert back.graph["as_of"] == "2025-09-01"
    with pytest.raises(ParameterError, match=r"path='.*net.csv': expected a file ending \.gexf or \.graphml"):
        to_gephi(H, tmp_path / "net.csv")


def features_by_geometry(data: dict[str, Any]) -> dict[str | None, list[dict[str, Any]]]:
    out: dict[str | None, list[dict[str, Any]]] = {}
    for f in data["features"]:
        out.setdefault(f["geometry"]["type"] if f["geometry"] else None, []).append(f)
    return out


def test_geojson_points_lines_and_schools_without_coordinates(tmp_path: Path) -> None:
    pyproj = pytest.importorskip("pyproj")
    G = hand_made()
    data = json.loads(to_geojson(G, tmp_path / "x.geojson").read_text())
    assert data["type"] == "FeatureCollection" and "crs" not in data  # RFC 7946: WGS84, no crs member
    by = features_by_geometry(data)
    points, lines, unplaced = by["Point"], by["LineString"], by[None]
    to_wgs84 = pyproj.Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    assert [p["properties"]["urn"] for p in points] == [1, 2]
    for point, (e, n) in zip(points, [(1000.0, 2000.0), (4000.0, 6000.0)], strict=True):
        assert point["geometry"]["coordinates"] == pytest.approx(list(to_wgs84.transform(e, n)), abs=1e-7)
    assert points[0]["properties"] == {"urn": 1, "name": "Alder <Primary>", "easting": 1000.0, "northing": 2000.0,
                                       "pupils": 120, "tags": "a; b"}  # fmt: skip
    assert [p["properties"]["urn"] for p in unplaced if "urn" in p["properties"]] == [3]
    assert sorted(line["properties"]["key"] for line in lines) == ["C1", "T1"]
    assert lines[0]["geometry"]["coordinates"] == [points[0]["geometry"]["coordinates"],
                                                   points[1]["geometry"]["coordinates"]]  # fmt: skip
    assert lines[0]["properties"]["since"] in ("2020-09-01", "2021-01-01")
    support = [f for f in unplaced if f["properties"].get("key") == "S1"]
    assert support[0]["properties"] == {"u": 2, "v": 3, "key": "S1", "kind": "support", "supporter": 2, "weight": 0.5}
    (x0, y0), (x1, y1) = (p["geometry"]["coordinates"] for p in points)
    assert data["bbox"] == [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def test_geojson_of_the_sample_with_a_measure(tmp_path: Path, sample_network: nx.MultiGraph) -> None:
    table = schoolnet.isolation(sample_network)
    path = to_geojson(sample_network, tmp_path / "isolation.geojson", table=table, columns=["name", "isolated"])
    by = features_by_geometry(json.loads(path.read_text()))
    assert None not in by  # every school of the sample has coordinates
    assert {p["properties"]["urn"]: p["properties"]["isolated"] for p in by["Point"]} == table["isolated"].to_dict()
    assert set(by["Point"][0]["properties"]) == {"urn", "name", "isolated"}
    lon, lat = np.array([p["geometry"]["coordinates"] for p in by["Point"]]).T
    assert (lon > -6).all() and (lon < 2).all() and (lat > 49).all() and (lat < 61).all()  # in England
    ties = Counter(
        (frozenset((f["properties"]["u"], f["properties"]["v"])), f["properties"]["key"]) for f in by["LineString"]
    )
    assert ties == Counter((frozenset((u, v)), k) for u, v, k in sample_network.edges(keys=True))
    with pytest.raises(ParameterError, match=r"columns=\['colour'\]: not in the table"):
        to_geojson(sample_network, tmp_path / "x.geojson", table=table, columns=["colour"])


def test_geojson_without_pyproj_agrees_with_pyproj(
    tmp_path: Path, sample_network: nx.MultiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyproj")
    with_pyproj = json.loads(to_geojson(sample_network, tmp_path / "a.geojson", ties=False).read_text())
    monkeypatch.setattr(schoolnet.lonlat, "has_pyproj", lambda: False)
    without = json.loads(to_geojson(sample_network, tmp_path / "b.geojson", ties=False).read_text())
    a = np.array([f["geometry"]["coordinates"] for f in with_pyproj["features"]])
    b = np.array([f["geometry"]["coordinates"] for f in without["features"]])
    assert len(a) == 395 and np.abs(a - b).max() <= 2e-7  # a hundredth of a metre, at the file's precision


def test_geojson_needs_coordinates(tmp_path: Path) -> None:
    with pytest.raises(MissingCoordinatesError, match="to_geojson needs distances"):
        to_geojson(nx.MultiGraph([(1, 2)]), tmp_path / "x.geojson")
