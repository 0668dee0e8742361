"""Schools as points and ties as lines in GeoDataFrames, and back to the network."""

from __future__ import annotations

import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet import MissingExtraError, NoCoordinatesWarning, from_geodataframes, to_geodataframes

gpd = pytest.importorskip("geopandas")


def small() -> nx.MultiGraph:
    """Alder and Birch 3 km east and 4 km north of each other (5 km apart); Cedar has no coordinates."""
    G = nx.MultiGraph(as_of="2025-09-01", crs="EPSG:27700")
    G.add_node(1, name="Alder", phase="primary", district="North", easting=400_000.0, northing=300_000.0)
    G.add_node(2, name="Birch", phase="secondary", district="North", easting=403_000.0, northing=304_000.0)
    G.add_node(3, name="Cedar", phase="primary", district="South")
    G.add_edge(1, 2, key="CL1", kind="cluster", group_id="CL1", since=pd.Timestamp("2020-09-01"), until=None)
    G.add_edge(2, 3, key="T1", kind="trust", group_id="T1", since=pd.Timestamp("2021-01-01"), until=None)
    return G


def without_blanks(data: dict) -> dict:
    """Attributes without the blank ones: from_frames gives every node and edge every column, blank as None."""
    return {k: v for k, v in data.items() if v is not None}


def test_schools_are_points_at_their_eastings_and_northings() -> None:
    with pytest.warns(NoCoordinatesWarning, match="1 of 3 schools have no coordinates"):
        schools, _ = to_geodataframes(small())
    assert schools.crs.to_epsg() == 27700
    assert schools.index.tolist() == [1, 2, 3]
    assert (schools.geometry.x.iloc[:2].tolist(), schools.geometry.y.iloc[:2].tolist()) == (
        [400_000.0, 403_000.0],
        [300_000.0, 304_000.0],
    )
    assert schools.geometry.is_empty.tolist() == [False, False, True]  # Cedar kept, with an empty point
    assert schools.loc[3, "name"] == "Cedar"


def test_ties_are_lines_between_their_schools_with_kind_partnership_and_dates() -> None:
    with pytest.warns(NoCoordinatesWarning):
        _, ties = to_geodataframes(small())
    assert ties.crs.to_epsg() == 27700
    assert ties[["u", "v", "kind", "group_id"]].to_numpy().tolist() == [[1, 2, "cluster", "CL1"], [2, 3, "trust", "T1"]]
    assert ties.loc[0, "since"] == pd.Timestamp("2020-09-01")
    assert list(ties.geometry.iloc[0].coords) == [(400_000.0, 300_000.0), (403_000.0, 304_000.0)]
    assert ties.length.tolist() == [5000.0, 0.0]  # sqrt(3000² + 4000²) = 5000 m; the tie to Cedar is empty
    assert bool(ties.geometry.iloc[1].is_empty)


def test_every_sample_point_is_at_its_school(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    schools, ties = to_geodataframes(G)
    nodes = schoolnet.nodes_frame(G)
    np.testing.assert_array_equal(schools.geometry.x.to_numpy(), nodes["easting"].to_numpy())
    np.testing.assert_array_equal(schools.geometry.y.to_numpy(), nodes["northing"].to_numpy())
    starts = np.array([line.coords[0] for line in ties.geometry])
    np.testing.assert_array_equal(starts, nodes.loc[ties["u"], ["easting", "northing"]].to_numpy())
    ends = np.array([line.coords[1] for line in ties.geometry])
    np.testing.assert_array_equal(ends, nodes.loc[ties["v"], ["easting", "northing"]].to_numpy())
    assert len(ties) == G.number_of_edges()


def test_a_measure_is_joined_to_the_schools(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    table = schoolnet.isolation(G)
    schools, _ = to_geodataframes(G, table=table)
    assert list(schools.columns).count("name") == 1  # the table's labels are the schools' own
    pd.testing.assert_series_equal(schools["reasons"], table["reasons"].reindex(schools.index), check_names=False)
    assert schools.attrs["table_columns"] == [c for c in table.columns if c not in ("name", "phase", "district")]


def test_a_measure_of_some_schools_leaves_the_others_blank() -> None:
    table = pd.DataFrame({"score": [0.5]}, index=[2])
    with pytest.warns(NoCoordinatesWarning):
        schools, _ = to_geodataframes(small(), table=table)
    assert schools["score"].isna().tolist() == [True, False, True]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pd.DataFrame({"score": [1.0]}, index=[99]), "none of its index"),
        (pd.DataFrame({"score": [1.0, 2.0]}, index=[1, 1]), "more than once"),
        (pd.Series([1.0], index=[1]), "expected a DataFrame"),
    ],
)
def test_a_table_that_is_not_a_measure_of_the_schools_is_refused(table: object, message: str) -> None:
    with pytest.raises(schoolnet.ParameterError, match=message):
        to_geodataframes(small(), table=table)  # type: ignore[arg-type]


def test_the_round_trip_gives_the_network_back(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    H = from_geodataframes(*to_geodataframes(G, table=schoolnet.centrality(G)))
    assert isinstance(H, nx.MultiGraph)
    assert list(H) == list(G)
    assert all(H.nodes[u] == G.nodes[u] for u in G)
    edges = sorted((u, v, k) for u, v, k in G.edges(keys=True))
    assert sorted((u, v, k) for u, v, k in H.edges(keys=True)) == edges
    assert all(without_blanks(H.edges[e]) == without_blanks(G.edges[e]) for e in edges)
    assert H.graph["as_of"] == G.graph["as_of"] and H.graph["kinds"] == G.graph["kinds"]


def test_the_round_trip_keeps_a_school_without_coordinates() -> None:
    G = small()
    with pytest.warns(NoCoordinatesWarning):
        H = from_geodataframes(*to_geodataframes(G))
    assert {u: without_blanks(d) for u, d in H.nodes(data=True)} == dict(G.nodes(data=True))
    assert H.nodes[3]["easting"] is None  # a blank, as from_frames gives it


def test_schools_from_elsewhere_take_their_coordinates_from_their_points() -> None:
    schools = gpd.GeoDataFrame(
        {"name": ["Alder", "Birch"]},
        index=pd.Index([1, 2], name="urn"),
        geometry=gpd.points_from_xy([400_000.0, 403_000.0], [300_000.0, 304_000.0]),
        crs="EPSG:27700",
    ).to_crs(4326)
    ties = pd.DataFrame({"u": [1], "v": [2], "kind": ["cluster"]})
    H = from_geodataframes(schools, ties)
    assert H.nodes[2]["easting"] == pytest.approx(403_000.0, abs=0.01)
    assert H.nodes[2]["northing"] == pytest.approx(304_000.0, abs=0.01)
    assert H.edges[1, 2] == {"kind": "cluster"}


def test_without_geopandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "geopandas", None)  # import geopandas now raises ImportError
    with pytest.raises(MissingExtraError, match=r"pip install 'schoolnet\[maps\]'"):
        to_geodataframes(small())
