"""Interactive maps: what explore draws, checked on the folium objects and in a headless browser."""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet import MissingExtraError, NoCoordinatesWarning, explore
from schoolnet.lonlat import bng_to_wgs84

from .test_browser import browser, not_blank, open_page  # noqa: F401  (the report's headless chromium, reused)

folium = pytest.importorskip("folium")
pytest.importorskip("geopandas")


def layers(m: Any) -> dict[str, Any]:
    """The map's overlays by name."""
    return {c.layer_name: c for c in m._children.values() if isinstance(c, folium.FeatureGroup)}


def features(layer: Any) -> list[dict]:
    """The features of the GeoJSON a layer holds."""
    (geojson,) = [c for c in layer._children.values() if isinstance(c, folium.GeoJson)]
    return geojson.data["features"]


def small(name: str = "Alder") -> nx.MultiGraph:
    """Three schools 1 km apart in a row, tied by a cluster (1-2) and a trust (2-3); a fourth without coordinates."""
    G = nx.MultiGraph()
    for urn, x in ((1, 0), (2, 1000), (3, 2000)):
        G.add_node(urn, name=f"{name} {urn}", phase="primary", district="North", easting=400_000.0 + x, northing=3e5)
    G.add_node(4, name="Nowhere", phase="primary")
    G.add_edge(1, 2, key="CL1", kind="cluster", group_id="CL1")
    G.add_edge(2, 3, key="T1", kind="trust", group_id="T1")
    G.add_edge(3, 4, key="T1", kind="trust", group_id="T1")
    return G


def test_a_layer_for_each_kind_and_a_marker_for_each_placed_school(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    kinds = schoolnet.ties_frame(G)["kind"].value_counts()
    placed = schoolnet.nodes_frame(G)[["easting", "northing"]].notna().all(axis=1)
    shown = layers(explore(G, tiles=None, cliques=True))
    expected = {f"{kind} ties ({n:,})" for kind, n in kinds.items()} | {f"Schools ({int(placed.sum()):,})"}
    assert set(shown) == expected
    assert len(features(shown[f"Schools ({int(placed.sum()):,})"])) == int(placed.sum())
    assert sum(len(features(shown[f"{k} ties ({n:,})"])) for k, n in kinds.items()) == G.number_of_edges()


def test_points_are_at_the_schools_in_longitude_and_latitude(sample_network: nx.MultiGraph) -> None:
    nodes = schoolnet.nodes_frame(sample_network)
    (schools,) = [v for k, v in layers(explore(sample_network, tiles=None)).items() if k.startswith("Schools")]
    lon, lat = bng_to_wgs84(nodes["easting"], nodes["northing"])
    drawn = np.array([f["geometry"]["coordinates"] for f in features(schools)])
    np.testing.assert_allclose(drawn, np.column_stack([lon, lat]))
    assert [f["properties"]["urn"] for f in features(schools)] == [str(u) for u in nodes.index]


def test_tooltips_show_the_school_and_the_measure(sample_network: nx.MultiGraph) -> None:
    table = schoolnet.centrality(sample_network)
    m = explore(sample_network, table=table, column="betweenness", tiles=None)
    (schools,) = [v for k, v in layers(m).items() if k.startswith("Schools")]
    urn = table["betweenness"].idxmax()
    (feature,) = [f for f in features(schools) if f["properties"]["urn"] == str(urn)]
    row = table.loc[urn]
    assert {k: feature["properties"][k] for k in ("name", "phase", "district", "measure")} == {
        "name": html.escape(row["name"]),
        "phase": row["phase"],
        "district": row["district"],
        "measure": f"{row['betweenness']:.4g}",
    }
    assert feature["properties"]["style"]["fillColor"] == "#fde725"  # the top of viridis: the highest betweenness
    lowest = str(table["betweenness"].idxmin())
    assert (
        next(f for f in features(schools) if f["properties"]["urn"] == lowest)["properties"]["style"]["fillColor"]
        == "#440154"
    )  # the bottom of viridis


def test_isolation_reasons_colour_the_schools_by_category(sample_network: nx.MultiGraph) -> None:
    table = schoolnet.isolation(sample_network)
    m = explore(sample_network, table=table, column="reasons", tiles=None)
    (schools,) = [v for k, v in layers(m).items() if k.startswith("Schools")]
    colour = {f["properties"]["urn"]: f["properties"]["style"]["fillColor"] for f in features(schools)}
    not_isolated = [str(u) for u in table.index[table["reasons"] == ""]]
    assert {colour[u] for u in not_isolated} == {"#bbbbbb"}
    reasons = table.loc[table["reasons"] != "", "reasons"]
    by_reason = {r: {colour[str(u)] for u in reasons.index[reasons == r]} for r in reasons.unique()}
    assert all(len(c) == 1 for c in by_reason.values())  # one colour per reason
    assert len({next(iter(c)) for c in by_reason.values()}) == len(by_reason)  # and a different one for each


def test_kinds_choose_the_layers() -> None:
    with pytest.warns(NoCoordinatesWarning, match="1 of 4 schools have no coordinates"):
        m = explore(small(), kinds=["trust"], tiles=None)
    assert set(layers(m)) == {"trust ties (1)", "Schools (3)"}  # the trust tie to the school with no place is left off
    with pytest.warns(NoCoordinatesWarning), pytest.raises(schoolnet.ParameterError, match="hub"):
        explore(small(), kinds=["hub"], tiles=None)


def test_ties_are_lines_between_their_schools() -> None:
    with pytest.warns(NoCoordinatesWarning):
        m = explore(small(), tiles=None)
    (cluster,) = features(layers(m)["cluster ties (1)"])
    lon, lat = bng_to_wgs84([400_000.0, 401_000.0], [3e5, 3e5])
    np.testing.assert_allclose(cluster["geometry"]["coordinates"], np.column_stack([lon, lat]))
    assert {k: cluster["properties"][k] for k in ("kind", "group_id")} == {"kind": "cluster", "group_id": "CL1"}


def test_reach_rings_are_circles_of_each_radius_around_the_leader() -> None:
    with pytest.warns(NoCoordinatesWarning):
        m = explore(small(), reach=2, reach_km=(1, 2.5), tiles=None)
    ring = layers(m)["Reach of Alder 2: 1, 2.5 km"]
    circles = [c for c in ring._children.values() if type(c) is folium.Circle]
    assert [c.options["radius"] for c in circles] == [1000.0, 2500.0]
    lon, lat = bng_to_wgs84([401_000.0], [3e5])
    np.testing.assert_allclose(circles[0].location, [lat[0], lon[0]])
    with pytest.warns(NoCoordinatesWarning), pytest.raises(schoolnet.MissingCoordinatesError):
        explore(small(), reach=4, tiles=None)


def test_too_many_ties_are_refused_or_thinned(sample_network: nx.MultiGraph) -> None:
    G = sample_network
    n = G.number_of_edges()
    with pytest.raises(schoolnet.ParameterError, match=rf"would draw {n:,} ties.*thin=True"):
        explore(G, max_ties=100, tiles=None, cliques=True)
    shown = layers(explore(G, max_ties=100, thin=True, tiles=None, cliques=True))
    counts = schoolnet.ties_frame(G)["kind"].value_counts()
    drawn = {k.split()[0]: len(features(v)) for k, v in shown.items() if " ties " in k}
    assert sum(drawn.values()) == 100
    for kind, count in drawn.items():
        assert abs(count - counts[kind] * 100 / n) <= 1  # each kind in proportion to its number, to one tie
        assert f"{kind} ties ({count:,} of {counts[kind]:,})" in shown


def test_markup_in_names_is_escaped() -> None:
    name = '<b onmouseover="alert(1)">Alder</b> & Co'
    with pytest.warns(NoCoordinatesWarning):
        m = explore(small(name), reach=1, tiles=None)
    (schools,) = [v for k, v in layers(m).items() if k.startswith("Schools")]
    assert html.unescape(features(schools)[0]["properties"]["name"]) == f"{name} 1"
    assert f"Reach of {html.escape(name)} 1: 5, 10, 20 km" in layers(m)


def test_a_name_with_template_braces_is_shown_not_evaluated() -> None:
    # folium reads each element's output again as a Jinja template: {{ 7 * 7 }} in a name must not become 49.
    name = "Oak {{ 7 * 7 }} {% raw %}"
    with pytest.warns(NoCoordinatesWarning):
        m = explore(small(name), reach=1, tiles=None)
    page = m.get_root().render()
    assert "Oak 49" not in page
    (schools,) = [v for k, v in layers(m).items() if k.startswith("Schools")]
    shown = features(schools)[0]["properties"]["name"]
    assert html.unescape(shown) == f"{name} 1"
    assert "{" not in shown and "}" not in shown


def test_no_coordinates_at_all_is_an_error() -> None:
    G = nx.Graph([(1, 2)])
    with pytest.raises(schoolnet.MissingCoordinatesError, match="none of the 2 schools"):
        explore(G)


def test_the_map_carries_leaflet_unless_told_not_to(tmp_path: Path) -> None:
    with pytest.warns(NoCoordinatesWarning):
        explore(small(), tiles=None).save(tmp_path / "offline.html")
        explore(small(), tiles=None, offline=False).save(tmp_path / "online.html")
    offline = (tmp_path / "offline.html").read_text()
    assert "Leaflet 1.9.3" in offline and "<script src=" not in offline
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@' in (tmp_path / "online.html").read_text()


def test_without_folium_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "folium", None)
    with pytest.raises(MissingExtraError, match=r"schoolnet.explore needs folium.*schoolnet\[maps\]"):
        explore(small())


#: The map's Leaflet objects, found from the page: the GeoJSON layers and the overlays of the layer control.
FIND_LAYERS = """
const found = Object.values(window).filter(v => v instanceof L.GeoJSON);
return found.map(g => g.getLayers().map(l => l.feature.properties.urn || l.feature.properties.kind));
"""
OPEN_TOOLTIP = """
for (const g of Object.values(window).filter(v => v instanceof L.GeoJSON)) {
  for (const l of g.getLayers()) {
    if (l.feature.properties.urn === arguments[0]) { l.fire('mouseover', {latlng: l.getLatLng()}, true); }
  }
}
const tip = document.querySelector('.leaflet-tooltip');
return [tip.innerText, tip.querySelectorAll('b').length];
"""


def test_the_map_in_a_browser(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    name = '<b onmouseover="alert(1)">Alder</b> & Co'
    page = tmp_path / "map.html"
    with pytest.warns(NoCoordinatesWarning):
        explore(small(name), reach=2, tiles=None).save(page)
    assert open_page(browser, page) == []
    overlays = [
        e.text.strip() for e in browser.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays label")
    ]
    assert overlays == ["cluster ties (1)", "trust ties (1)", "Schools (3)", f"Reach of {name} 2: 5, 10, 20 km"]
    assert sorted(map(sorted, browser.execute_script(FIND_LAYERS))) == [["1", "2", "3"], ["cluster"], ["trust"]]
    # 3 school markers + 2 ties + 3 rings and the leader's marker, each an SVG path
    assert len(browser.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")) == 3 + 2 + 4
    text, bold = browser.execute_script(OPEN_TOOLTIP, "1")
    assert f"{name} 1" in text and "primary" in text and "North" in text
    assert bold == 0  # the name's markup is shown as text, not made bold
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.find_element(By.CSS_SELECTOR, ".schoolnet-legend").text.startswith("phase")


#: What a rendered map shows: its school markers' fill colours (none for a hollow one), the view's bounds
#: (south, west, north, east), the overlays of the layer control, and the boxes of the legend and the scale bar.
RENDERED = """
const map = Object.values(window).find(v => v instanceof L.Map);
const fills = [];
for (const g of Object.values(window).filter(v => v instanceof L.GeoJSON)) {
  for (const l of g.getLayers()) {
    if (l.feature.properties.urn !== undefined) { fills.push(l._path.getAttribute('fill')); }
  }
}
const b = map.getBounds();
const box = s => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom];
};
return {
  fills: fills,
  bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()],
  overlays: Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'), e => e.innerText.trim()),
  legend: box('.schoolnet-legend'),
  scale: box('.leaflet-control-scale'),
  layers: box('.leaflet-control-layers'),
};
"""


def overlap(a: list[float], b: list[float]) -> bool:
    """Whether two boxes (left, top, right, bottom) on the page overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def rendered(browser: Any, m: Any, page: Path) -> dict[str, Any]:  # noqa: F811
    m.save(page)
    assert open_page(browser, page) == []
    shown: dict[str, Any] = browser.execute_script(RENDERED)
    shot = page.with_suffix(".png")
    assert browser.save_screenshot(str(shot))
    assert not_blank(shot)
    return shown


def lonlat_of(G: nx.Graph, focus: bool | None = None) -> np.ndarray:
    """The schools' longitude and latitude: all, or only the focus (True) or boundary (False) schools."""
    nodes = schoolnet.nodes_frame(G).dropna(subset=["easting", "northing"])
    if focus is not None:
        nodes = nodes[schoolnet.network.convert.in_focus(G).reindex(nodes.index).to_numpy() == focus]
    return np.column_stack(bng_to_wgs84(nodes["easting"].to_numpy(float), nodes["northing"].to_numpy(float)))


def within(bounds: list[float], lonlat: np.ndarray) -> np.ndarray:
    south, west, north, east = bounds
    lon, lat = lonlat[:, 0], lonlat[:, 1]
    return (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)


def test_sample_map_filled_and_framed(browser: Any, sample_network: nx.MultiGraph, tmp_path: Path) -> None:  # noqa: F811
    G = sample_network
    table = schoolnet.isolation(G)
    shown = rendered(browser, explore(G, table=table, column="reasons", tiles=None), tmp_path / "sample.html")
    assert len(shown["fills"]) == G.number_of_nodes()  # every school of the sample has coordinates
    assert "none" not in shown["fills"]  # filled, not hollow
    # one colour per reason, and grey for the schools with none: as many colours as distinct reasons and blank
    assert len(set(shown["fills"])) == table["reasons"].nunique() > 1
    assert f"Schools ({G.number_of_nodes():,})" in shown["overlays"]
    assert any(o.startswith("cluster ties (") for o in shown["overlays"])
    assert within(shown["bounds"], lonlat_of(G)).all()  # the view holds every school
    assert not overlap(shown["legend"], shown["scale"]) and not overlap(shown["legend"], shown["layers"])


@pytest.fixture(scope="module")
def lancashire(real_data: Path) -> nx.MultiGraph:
    """The schools of Lancashire on the register of July 2022, with their partners across the border."""
    with pytest.warns(schoolnet.SetAsideWarning):
        tables = schoolnet.read_gias(
            real_data / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz",
            links=real_data / "gias-groups-2022-07" / "group_links.csv.gz",
            groups=real_data / "gias-groups-2022-07" / "groups.csv.gz",
            la="Lancashire",
        )
    return schoolnet.build_network(tables, as_of="2022-07-06")


def test_area_map_opens_on_the_area(browser: Any, lancashire: nx.MultiGraph, tmp_path: Path) -> None:  # noqa: F811
    G = lancashire
    focus, boundary = lonlat_of(G, focus=True), lonlat_of(G, focus=False)
    assert len(focus) and len(boundary)
    degree = schoolnet.centrality(G, measures=["degree"])
    shown = rendered(browser, explore(G, table=degree, column="degree", tiles=None), tmp_path / "area.html")
    assert len(shown["fills"]) == len(focus) + len(boundary)
    assert "none" not in shown["fills"]
    assert shown["fills"].count("#a0a0a0") == len(boundary)  # the boundary schools, grey
    assert len(set(shown["fills"]) - {"#a0a0a0"}) > 1  # the area's, by degree
    assert f"Schools ({len(focus):,})" in shown["overlays"]
    assert f"Schools across the border ({len(boundary):,})" in shown["overlays"]
    # The view holds every school of the area, and is no more than twice as wide and tall as the area: it is
    # fitted to the area, not to its partners (the partners of a Lancashire trust reach from Cumbria to London).
    assert within(shown["bounds"], focus).all()
    south, west, north, east = shown["bounds"]
    (lon0, lat0), (lon1, lat1) = focus.min(axis=0), focus.max(axis=0)
    assert north - south <= 2 * (lat1 - lat0) and east - west <= 2 * (lon1 - lon0) * 1.5
    assert not within(shown["bounds"], boundary).all()
    everything = np.vstack([focus, boundary])
    assert (everything[:, 1].max() - everything[:, 1].min()) > 2 * (north - south)
    assert not overlap(shown["legend"], shown["scale"]) and not overlap(shown["legend"], shown["layers"])


def trust_of(n: int, *, lead: bool = True) -> nx.MultiGraph:
    """A trust of ``n`` schools 1 km apart in a row, school 1 its lead (or no lead), tied as a clique."""
    G = nx.MultiGraph()
    for urn in range(1, n + 1):
        G.add_node(urn, name=f"School {urn}", phase="primary", easting=400_000.0 + 1000 * urn, northing=3e5)
    for u in range(1, n + 1):
        for v in range(u + 1, n + 1):
            G.add_edge(u, v, key="T1", kind="trust", group_id="T1")
    G.graph["memberships"] = pd.DataFrame(
        {"group_id": "T1", "urn": range(1, n + 1), "kind": "trust", "lead": [lead] + [False] * (n - 1)}
    )
    return G


def test_a_large_group_is_drawn_as_spokes_unless_cliques() -> None:
    G = trust_of(8)
    shown = layers(explore(G, tiles=None))
    # 8 schools: 28 ties as a clique, 7 spokes from the lead, school 1
    (spokes,) = [features(v) for k, v in shown.items() if k == "trust ties (7; 1 group as spokes)"]
    lon, lat = bng_to_wgs84([401_000.0], [3e5])
    assert all(np.allclose(f["geometry"]["coordinates"][0], [lon[0], lat[0]]) for f in spokes)
    assert len(features(layers(explore(G, tiles=None, cliques=True))["trust ties (28)"])) == 28
    assert "trust ties (28)" in layers(explore(G, tiles=None, star_above=8))  # 8 is not more than 8
    with pytest.raises(schoolnet.ParameterError, match="cliques='yes'"):
        explore(G, tiles=None, cliques="yes")  # type: ignore[arg-type]


def test_a_group_without_a_lead_is_drawn_from_its_centroid() -> None:
    shown = layers(explore(trust_of(7, lead=False), tiles=None))
    spokes = features(shown["trust ties (7; 1 group as spokes)"])  # one spoke to each of the 7 schools
    lon, lat = bng_to_wgs84([404_000.0], [3e5])  # the middle of 401 to 407 km
    np.testing.assert_allclose([f["geometry"]["coordinates"][0] for f in spokes], [[lon[0], lat[0]]] * 7)


def test_boundary_schools_are_small_grey_and_only_tied_to_the_area() -> None:
    G = trust_of(4)  # 4 schools, under the size of a star: every tie drawn, bar those between boundary schools
    nx.set_node_attributes(G, {3: False, 4: False}, "in_focus")
    m = explore(G, tiles=None)
    shown = layers(m)
    assert {f["properties"]["urn"] for f in features(shown["Schools (2)"])} == {"1", "2"}
    boundary = features(shown["Schools across the border (2)"])
    assert {f["properties"]["style"]["fillColor"] for f in boundary} == {"#a0a0a0"}
    assert {f["properties"]["style"]["radius"] for f in boundary} == {3}
    # 6 ties: 1-2, 1-3, 1-4, 2-3, 2-4 reach the area; 3-4 does not
    assert len(features(shown["trust ties (5)"])) == 5
    # the view is fitted to schools 1 and 2 alone
    lon, lat = bng_to_wgs84([401_000.0, 402_000.0], [3e5, 3e5])
    (fit,) = [c for c in m._children.values() if type(c).__name__ == "FitBounds"]
    np.testing.assert_allclose(fit.bounds, [[lat.min(), lon.min()], [lat.max(), lon.max()]])


def test_rings_are_labelled_with_their_distance_and_the_legend_is_a_control() -> None:
    with pytest.warns(NoCoordinatesWarning):
        m = explore(small(), reach=2, reach_km=(1, 2.5), tiles=None)
    ring = layers(m)["Reach of Alder 2: 1, 2.5 km"]
    labels = [c for c in ring._children.values() if type(c) is folium.Marker]
    assert [
        html.unescape(c.icon.options["html"]).count(f"{r} km") for c, r in zip(labels, ("1", "2.5"), strict=True)
    ] == [1, 1]
    _, lat = bng_to_wgs84([401_000.0], [3e5])
    # at the northern edge of each ring: its radius in degrees of latitude on Leaflet's sphere of 6,371 km
    assert [c.location[0] - lat[0] for c in labels] == pytest.approx([1 / 111.19493, 2.5 / 111.19493])
    page = m.get_root().render()
    assert 'L.control({position: "bottomleft"})' in page and "schoolnet-legend" in page


def test_the_default_background_is_openstreetmap_and_none_works_offline(tmp_path: Path) -> None:
    assert schoolnet.plot.explore.DEFAULT_TILES == "OpenStreetMap"
    with pytest.warns(NoCoordinatesWarning):
        page = explore(small()).get_root().render()
        offline = explore(small(), tiles=None).get_root().render()
    assert "tile.openstreetmap.org" in page and "cartocdn" not in page
    assert "tile.openstreetmap.org" not in offline and "L.tileLayer" not in offline
