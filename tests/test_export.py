from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.export import write_geojson, write_gephi


def test_gexf_keeps_every_tie_and_places_schools_on_the_map(tmp_path: Path, sample_network: nx.MultiGraph) -> None:
    path = write_gephi(sample_network, tmp_path / "net.gexf")
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == sample_network.number_of_nodes()
    assert back.number_of_edges() == sample_network.number_of_edges()
    urn = next(iter(sample_network))
    node = back.nodes[str(urn)]
    assert node["viz"]["position"]["x"] == pytest.approx(sample_network.nodes[urn]["easting"] / 1000)
    assert node["name"] == sample_network.nodes[urn]["name"]


def test_graphml_of_a_collapsed_network_turns_tuples_and_dates_into_text(
    tmp_path: Path, sample_network: nx.MultiGraph
) -> None:
    H = schoolnet.collapse(sample_network)
    back = nx.read_graphml(write_gephi(H, tmp_path / "net.graphml"))
    u, v, data = next(iter(H.edges(data=True)))
    assert back.edges[str(u), str(v)]["kinds"] == "; ".join(data["kinds"])
    assert back.graph["as_of"] == "2025-09-01"
    with pytest.raises(ParameterError, match=r"expected a file ending \.gexf or \.graphml"):
        write_gephi(H, tmp_path / "net.csv")


def test_geojson_points_and_lines(tmp_path: Path) -> None:
    G = nx.MultiGraph()
    G.add_node(1, easting=1000.0, northing=2000.0, name="A")
    G.add_node(2, easting=4000.0, northing=6000.0, name="B")
    G.add_node(3, name="C")
    G.add_edge(1, 2, key="C1", kind="cluster", since=pd.Timestamp("2020-09-01"))
    table = pd.DataFrame({"score": [0.5, 1.5, 2.5]}, index=pd.Index([1, 2, 3], name="urn"))
    data = json.loads(write_geojson(table, G, tmp_path / "x.geojson", ties=True).read_text())
    points = [f for f in data["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    assert [p["properties"] for p in points] == [{"urn": 1, "score": 0.5}, {"urn": 2, "score": 1.5}]
    assert points[0]["geometry"]["coordinates"] == [1000.0, 2000.0]
    assert lines[0]["geometry"]["coordinates"] == [[1000.0, 2000.0], [4000.0, 6000.0]]
    assert lines[0]["properties"]["since"] == "2020-09-01"
