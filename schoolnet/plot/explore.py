"""Interactive maps of a network, to explore in a notebook or a browser.

:func:`explore` draws a network on a Leaflet map, through folium, as
``GeoDataFrame.explore()`` does for any table of shapes: hover over a school to
see its name, phase, district and a measure; zoom into a district; switch each
kind of tie on and off in the layer control; and, for a system leader, show
rings of its reach in kilometres. The schools and ties come from
:func:`schoolnet.to_geodataframes`, their longitude and latitude from
:func:`schoolnet.lonlat.bng_to_wgs84`, and the colours from the palettes of
:mod:`schoolnet.plot`, so a cluster is the same colour here as on the static
maps; groups of more than 6 schools are spokes from their lead or centre, as
there (:mod:`schoolnet.plot.lines` works out the lines for both). A network
selected to an area opens on the area, its partners across the border small
and grey.

Every text a map shows (names, values, layer names) is escaped, so a school
named ``<b>Alder</b>`` shows those characters and no markup runs. By default
the map carries Leaflet's script and style itself, so that it opens with no
connection to the internet; the background tiles, OpenStreetMap's by
default, still need one (``tiles=None`` draws none).

folium is an extra: ``pip install "schoolnet[maps]"``. It is imported only
when :func:`explore` is called.
"""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd

from .._validate import distances_km, whole_number
from ..errors import MissingCoordinatesError, NoCoordinatesWarning, ParameterError
from ..geo import METRES_PER_KM, Locator
from ..lonlat import bng_to_wgs84
from ..measures.reach import DEFAULT_KM
from ..network.build import PLAIN_TIE
from ..network.convert import LABEL_COLUMNS
from .base import BOUNDARY_COLOUR, KIND_COLOURS, PHASE_COLOURS
from .geoframes import needs_extra, to_geodataframes
from .isolation import ISOLATION_COLOURS
from .lines import focus_mask, network_lines, tie_table
from .support import COVERAGE_COLOURS

if TYPE_CHECKING:
    import folium

__all__ = ["DEFAULT_MAX_TIES", "DEFAULT_STAR_ABOVE", "DEFAULT_TILES", "explore"]

#: The most ties :func:`explore` draws unless told otherwise: a local authority has about 5,000.
DEFAULT_MAX_TIES: Final = 20_000

#: The background map by default: OpenStreetMap's, which needs no key (CartoDB's tiles now ask for one).
DEFAULT_TILES: Final = "OpenStreetMap"

#: Groups of more schools than this are drawn as spokes from their lead or centre, as on the static maps.
DEFAULT_STAR_ABOVE: Final = 6

#: The palettes a categorical column is coloured from, when every value it has is one of theirs.
PALETTES: Final = (PHASE_COLOURS, ISOLATION_COLOURS, COVERAGE_COLOURS, KIND_COLOURS)

#: The colour of a school with no value, and of the reach rings.
BLANK_COLOUR: Final = "#bbbbbb"
RING_COLOUR: Final = "#222222"

#: How a ring's distance is written at its northern edge.
RING_LABEL_STYLE: Final = (
    "font:bold 11px sans-serif;color:#222;text-align:center;white-space:nowrap;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff"
)

#: Kilometres in a degree of latitude on Leaflet's sphere (radius 6,371 km), so a label sits on its ring.
KM_PER_DEGREE_LATITUDE: Final = 6371.0 * math.pi / 180.0

#: How a focus school and a boundary school are drawn: filled circles, the boundary's smaller and grey.
SCHOOL_STYLE: Final = {"radius": 5, "fill": True, "color": "#333333", "weight": 0.6, "fillOpacity": 0.9}
BOUNDARY_STYLE: Final = {"radius": 3, "fill": True, "color": "#777777", "weight": 0.4, "fillOpacity": 0.7}

#: The legend's box.
LEGEND_STYLE: Final = (
    "background:rgba(255,255,255,0.92);padding:6px 9px;border:1px solid #999;border-radius:4px;font:12px sans-serif"
)

#: The legend as a Leaflet control: Leaflet stacks the controls of a corner, so nothing covers it.
LEGEND_SCRIPT: Final = """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control({position: "bottomleft"});
{{ this.get_name() }}.onAdd = function () {
    var box = L.DomUtil.create("div", "schoolnet-legend");
    box.setAttribute("style", {{ this.style|tojson }});
    box.innerHTML = {{ this.html|tojson }};
    return box;
};
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}"""
#: How many values of a categorical column the legend lists.
LEGEND_ROWS: Final = 12

#: The fields of a school's tooltip (property, label), before the measure.
SCHOOL_FIELDS: Final = (("urn", "URN"), ("name", "Name"), ("phase", "Phase"), ("district", "District"))

#: The fields of a tie's tooltip (column of the ties, label).
TIE_FIELDS: Final = (("kind", "Kind"), ("group_id", "Partnership"), ("since", "Since"), ("until", "Until"))


def _safe(text: str) -> str:
    """Text as HTML that shows it as written: escaped, and with braces as entities.

    folium renders each element's output and then reads it again as a Jinja template, so ``{{ 7 * 7 }}`` in a
    school's name would otherwise be evaluated (and show as 49): text from a file must never reach a template.
    """
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


def _text(value: object) -> str:
    """A value as the tooltip shows it, escaped: blank for a missing value, dates as YYYY-MM-DD."""
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else f"{value:.4g}"
    if isinstance(value, pd.Timestamp):
        return value.isoformat()[:10]
    return _safe(str(value))


def _categorical(values: pd.Series) -> tuple[list[str], list[tuple[str, str]]]:
    """Each school's colour for a column of categories, and the legend's rows (label, colour)."""
    blank = values.isna() | (values.astype(str).str.strip() == "")
    labels = values.astype(str).where(~blank, "")
    present = sorted(set(labels[~blank]))
    palette = next((p for p in PALETTES if present and all(v in p for v in present)), None)
    if palette is not None:
        colours = {v: palette[v] for v in palette if v in present}
    else:
        cycle = matplotlib.colormaps["tab10"]
        colours = {v: matplotlib.colors.to_hex(cycle(i % 10)) for i, v in enumerate(present)}
    counts = labels[~blank].value_counts()
    legend = [(f"{v} ({counts[v]:,})", c) for v, c in colours.items()]
    if blank.any():
        legend.append((f"(none) ({int(blank.sum()):,})", BLANK_COLOUR))
    return [colours.get(v, BLANK_COLOUR) for v in labels], legend


def _hex(cmap: Any, fraction: float) -> str:
    """The colour of a colormap at a fraction of its range, as ``#rrggbb``."""
    red, green, blue, _ = cmap(float(fraction))
    return str(matplotlib.colors.to_hex((red, green, blue)))


def _numeric(values: pd.Series) -> tuple[list[str], list[tuple[str, str]]]:
    """Each school's colour for a column of numbers (viridis, low dark to high bright), and the legend's rows."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    finite = np.isfinite(numbers)
    if not finite.any():
        return [BLANK_COLOUR] * len(numbers), [("(none)", BLANK_COLOUR)]
    low, high = float(numbers[finite].min()), float(numbers[finite].max())
    span = high - low or 1.0
    cmap = matplotlib.colormaps["viridis"]
    colours = [
        _hex(cmap, (float(x) - low) / span) if ok else BLANK_COLOUR for x, ok in zip(numbers, finite, strict=True)
    ]
    steps = np.linspace(low, high, 5)
    legend = [(f"{x:.4g}", _hex(cmap, (float(x) - low) / span)) for x in steps]
    if not finite.all():
        legend.append((f"(none) ({int((~finite).sum()):,})", BLANK_COLOUR))
    return colours, legend


def _school_colours(values: pd.Series) -> tuple[list[str], list[tuple[str, str]]]:
    """Colour the schools by a column: numbers on a scale, anything else by category."""
    numeric = pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype)
    return _numeric(values) if numeric else _categorical(values.astype(object))


def _legend(title: str, rows: Sequence[tuple[str, str]]) -> str:
    """The legend's HTML: a title and a row per colour, every text escaped."""
    shown = [
        f'<div><span style="display:inline-block;width:11px;height:11px;border-radius:6px;'
        f'background:{colour};margin-right:5px;border:1px solid #333"></span>{_safe(label)}</div>'
        for label, colour in rows[:LEGEND_ROWS]
    ]
    if len(rows) > LEGEND_ROWS:
        shown.append(f"<div>and {len(rows) - LEGEND_ROWS} more</div>")
    return f"<b>{_safe(title)}</b>{''.join(shown)}"


def _legend_control(folium: Any, title: str, rows: Sequence[tuple[str, str]]) -> Any:
    """The legend as a Leaflet control in the lower left corner, which Leaflet stacks above the scale bar."""
    control = folium.MacroElement()
    control._name = "SchoolnetLegend"
    control._template = folium.template.Template(LEGEND_SCRIPT)
    control.html = _legend(title, rows)
    control.style = LEGEND_STYLE
    return control


def _chosen_kinds(present: Sequence[str], kinds: str | Iterable[str] | None) -> list[str]:
    """The kinds of tie to draw, in the order of :data:`KIND_COLOURS`."""
    ordered = [k for k in KIND_COLOURS if k in present] + sorted(k for k in present if k not in KIND_COLOURS)
    if kinds is None:
        return ordered
    wanted = {kinds} if isinstance(kinds, str) else set(kinds)
    unknown = sorted(map(str, wanted - set(present)))
    if unknown:
        raise ParameterError(
            f"kinds: {unknown} are not kinds of tie in this network; expected some of {', '.join(ordered) or 'none'}"
        )
    return [k for k in ordered if k in wanted]


def _thinned(kinds: pd.Series, max_ties: int | None, thin: bool) -> np.ndarray:
    """The positions of the ties to draw: all, or ``max_ties`` shared among the kinds by their numbers.

    Each kind gets its share of ``max_ties``, rounded by the largest remainders so that the shares add up,
    and draws that many of its ties, evenly spread through its order.
    """
    n = len(kinds)
    if max_ties is None or n <= max_ties:
        return np.arange(n)
    if not thin:
        raise ParameterError(
            f"max_ties={max_ties:,}: the map would draw {n:,} ties, which a browser opens slowly; select an area "
            "first (Tables.select(la=...) or schoolnet.select_schools), draw fewer kinds (kinds=[...]), pass "
            f"thin=True to draw an evenly spread {max_ties:,} of them, or max_ties=None to draw them all"
        )
    counts = kinds.value_counts(sort=False)
    share = counts.to_numpy() * max_ties / n
    quota = np.floor(share).astype(int)
    quota[np.argsort(quota - share, kind="stable")[: max_ties - int(quota.sum())]] += 1  # the largest remainders
    names = kinds.to_numpy()
    chosen = [
        np.flatnonzero(names == kind)[np.linspace(0, count - 1, q).round().astype(int)]
        for kind, count, q in zip(counts.index, counts.to_numpy(), quota, strict=True)
    ]
    return np.sort(np.concatenate(chosen))


def _values(frame: pd.DataFrame, column: str) -> list[object]:
    """A column's values, the index's for ``"urn"``, and blanks for a column the frame lacks."""
    if column == "urn":
        return frame.index.tolist()
    return frame[column].tolist() if column in frame.columns else [None] * len(frame)


def _colour_column(schools: pd.DataFrame, column: str | None) -> str | None:
    """The column to colour the schools by: the one asked for, else the phase if the schools have one."""
    if column is None:
        return "phase" if "phase" in schools.columns else None
    if column not in schools.columns or column == schools.geometry.name:
        raise ParameterError(
            f"column={column!r}: not a column of the table or an attribute of the schools; expected one of "
            f"{', '.join(map(str, schools.columns.drop([schools.geometry.name])))}"
        )
    return column


def _collection(geometries: list[dict[str, Any]], properties: list[dict[str, Any]]) -> dict[str, Any]:
    features = [
        {"type": "Feature", "geometry": g, "properties": p} for g, p in zip(geometries, properties, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def _tooltip(folium: Any, fields: Sequence[tuple[str, str]]) -> Any:
    """A tooltip of the given properties, labelled with escaped labels (folium shows both as HTML)."""
    return folium.GeoJsonTooltip(fields=[f for f, _ in fields], aliases=[_safe(a) for _, a in fields])


def _tie_layers(folium: Any, lines: pd.DataFrame, kinds: list[str], total: pd.Series, stars: pd.Series) -> list[Any]:
    """One layer of lines for each kind of tie, named with its count and, if any, its groups drawn as spokes."""
    layers = []
    for kind in kinds:
        rows = lines[lines["kind"].to_numpy() == kind]
        colour = KIND_COLOURS.get(kind, KIND_COLOURS[PLAIN_TIE])
        style = {"color": colour, "weight": 3.0 if kind == "support" else 1.5, "opacity": 0.6}
        columns = {f: _values(rows, f) for f, _ in TIE_FIELDS}
        properties = [{f: _text(columns[f][i]) for f, _ in TIE_FIELDS} | {"style": style} for i in range(len(rows))]
        ends = rows[["lon0", "lat0", "lon1", "lat1"]].to_numpy(dtype=float).reshape(-1, 2, 2)
        geometries = [{"type": "LineString", "coordinates": line} for line in ends.tolist()]
        shown = f"{len(rows):,}" if len(rows) == total[kind] else f"{len(rows):,} of {total[kind]:,}"
        spokes = int(stars.get(kind, 0))
        grouped = f"; {spokes:,} group{'s' if spokes != 1 else ''} as spokes" if spokes else ""
        layer = folium.FeatureGroup(name=_safe(f"{kind} ties ({shown}{grouped})"))
        folium.GeoJson(_collection(geometries, properties), tooltip=_tooltip(folium, TIE_FIELDS)).add_to(layer)
        layers.append(layer)
    return layers


def _ring_label(folium: Any, lat: float, lon: float, km: float) -> Any:
    """The distance of a ring, written at its northern edge."""
    north = lat + km / KM_PER_DEGREE_LATITUDE
    text = f"{km:g} km"
    return folium.Marker(
        location=(north, lon),
        icon=folium.DivIcon(
            html=f'<div class="schoolnet-ring-label" style="{RING_LABEL_STYLE}">{_safe(text)}</div>',
            icon_size=(60, 16),
            icon_anchor=(30, 16),
        ),
    )


def _reach_layers(
    folium: Any, schools: pd.DataFrame, lonlat: np.ndarray, leaders: object, km: tuple[float, ...]
) -> list[Any]:
    """For each leader, a layer of rings at each distance around it, each labelled with its distance."""
    if leaders is None:
        return []
    one = isinstance(leaders, (str, bytes)) or not isinstance(leaders, Iterable)
    chosen = [leaders] if one else list(leaders)  # type: ignore[call-overload]
    unknown = [u for u in chosen if u not in schools.index]
    if unknown:
        raise ParameterError(f"reach: {unknown[:5]} are not schools of the network; expected URNs of leaders")
    layers = []
    for leader in chosen:
        at = schools.index.get_loc(leader)
        if not np.isfinite(lonlat[at]).all():
            raise MissingCoordinatesError(f"reach={leader!r}: the school has no coordinates, so no rings around it")
        lon, lat = lonlat[at]
        name = _values(schools, "name")[at]
        label = f"{name if isinstance(name, str) and name else leader}"
        layer = folium.FeatureGroup(name=_safe(f"Reach of {label}: {', '.join(f'{r:g}' for r in km)} km"))
        for radius in km:
            folium.Circle(
                location=(float(lat), float(lon)),
                radius=radius * METRES_PER_KM,
                color=RING_COLOUR,
                weight=1.5,
                dash_array="6 4",
                fill=False,
            ).add_to(layer)
            _ring_label(folium, float(lat), float(lon), radius).add_to(layer)
        folium.CircleMarker(location=(float(lat), float(lon)), radius=8, color=RING_COLOUR, weight=2.5).add_to(layer)
        layers.append(layer)
    return layers


def _carry_leaflet(folium: Any, m: Any) -> None:
    """Put Leaflet's script and style in the page instead of loading them, and folium's other scripts, from the web."""
    m.default_js = []
    m.default_css = []
    static = resources.files("schoolnet") / "_static"
    css = (static / "leaflet.css").read_text(encoding="utf-8")
    js = (static / "leaflet.js").read_text(encoding="utf-8")
    m.get_root().header.add_child(folium.Element(f"<style>{css}</style>"), name="leaflet_css")
    m.get_root().header.add_child(folium.Element(f"<script>{js}</script>"), name="leaflet")


def explore(
    G: nx.Graph,
    *,
    table: pd.DataFrame | None = None,
    column: str | None = None,
    kinds: str | Iterable[str] | None = None,
    reach: object = None,
    reach_km: float | Iterable[float] = DEFAULT_KM,
    tiles: str | None = DEFAULT_TILES,
    max_ties: int | None = DEFAULT_MAX_TIES,
    thin: bool = False,
    offline: bool = True,
    star_above: int = DEFAULT_STAR_ABOVE,
    cliques: bool = False,
) -> folium.Map:
    """Draw a network on an interactive map: schools to hover over, and each kind of tie on a layer of its own.

    Each kind of tie is a layer of lines, in its colour of
    :data:`schoolnet.plot.base.KIND_COLOURS`, that the layer control switches on
    and off; its name counts its ties. The schools are circles on a layer of
    their own, coloured by ``column``: numbers on the viridis scale (dark low,
    bright high), categories from the palette of phases, isolation reasons,
    coverage or kinds when every value is one of its, else one colour each;
    a legend, stacked above the scale bar, says which is which. Hovering
    over a school shows its URN, name,
    phase, district and the value of ``column``; over a tie, its kind,
    partnership and dates. Schools without coordinates, and their ties, are
    left off, and a :class:`schoolnet.errors.NoCoordinatesWarning` counts
    them.

    A network selected to an area (:meth:`schoolnet.Tables.select`,
    ``read_gias(la=...)``) opens on the area: the view is fitted to its focus
    schools. The boundary schools, its partners across the border, are
    drawn smaller and grey on a layer of their own, with their ties to the
    area; the ties among them are left out.

    Parameters
    ----------
    G : networkx.Graph
        A network, such as :func:`schoolnet.build_network` returns; its
        schools need eastings and northings.
    table : pandas.DataFrame, optional
        A measure indexed by URN, such as :func:`schoolnet.isolation`,
        :func:`schoolnet.centrality` or :func:`schoolnet.uncovered` returns,
        joined to the schools as :func:`schoolnet.to_geodataframes` joins it.
    column : str, optional
        The column to colour the schools by and show in their tooltips: one
        of ``table`` (such as ``"reasons"``, ``"betweenness"``, ``"km"``) or a
        school attribute. By default the schools' phase.
    kinds : str or iterable of str, optional
        The kinds of tie to draw; all by default.
    reach : URN or iterable of URNs, optional
        Leaders to draw rings around, each on a layer of its own.
    reach_km : float or iterable of float, default (5, 10, 20)
        The radii of the rings, in km.
    tiles : str or None, default "OpenStreetMap"
        The background map, as folium names it, which needs the internet;
        ``None`` for none, as when offline. OpenStreetMap's tiles need no key
        (CartoDB's, such as ``"CartoDB positron"``, now ask for one).
    max_ties : int or None, default 20,000
        The most ties to draw; ``None`` for no limit. A local authority has
        about 5,000, England several hundred thousand, which a browser opens
        slowly.
    thin : bool, default False
        With more ties than ``max_ties``: ``False`` refuses, with a message
        saying how to draw fewer; ``True`` draws ``max_ties`` of them, spread
        evenly through each kind in proportion to its number, and each layer's
        name says how many of its ties it shows.
    offline : bool, default True
        Carry Leaflet 1.9.3's script and style (about 165 kB) inside the map,
        so that it opens with no connection to the internet. ``False`` loads
        them, and folium's other scripts, from the web as folium does.
    star_above : int, default 6
        Draw each group of more schools than this as spokes from its lead
        school (or the centroid of its members) to each other member, as the
        static maps do: a trust of 74 schools drawn whole is 2,701 ties that
        hide everything else. Each layer's name counts its groups drawn so.
    cliques : bool, default False
        Draw every group whole, every member tied to every other.

    Returns
    -------
    folium.Map
        The map; in a notebook it shows itself, and ``.save(path)`` writes it
        as an HTML page.

    Raises
    ------
    MissingExtraError
        If folium or geopandas is not installed (``pip install "schoolnet[maps]"``).
    MissingCoordinatesError
        If no school has coordinates, or a leader of ``reach`` has none.
    ParameterError
        If ``column`` is not a column, a kind of ``kinds`` is not in the
        network, a school of ``reach`` is not in it, an argument is not valid,
        or there are more ties than ``max_ties`` and ``thin`` is False.

    Warns
    -----
    NoCoordinatesWarning
        If some schools have no coordinates.

    Examples
    --------
    Three schools in a row, 1 km apart, tied by a cluster and a trust:

    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for urn, x in ((1, 0), (2, 1000), (3, 2000)):
    ...     G.add_node(urn, name=f"School {urn}", phase="primary", easting=400000.0 + x, northing=300000.0)
    >>> G.add_edge(1, 2, key="CL1", kind="cluster", group_id="CL1")
    'CL1'
    >>> G.add_edge(2, 3, key="T1", kind="trust", group_id="T1")
    'T1'
    >>> m = explore(G, tiles=None, reach=2, reach_km=1.5)
    >>> sorted(layer.layer_name for layer in m._children.values() if hasattr(layer, "layer_name"))
    ['Reach of School 2: 1.5 km', 'Schools (3)', 'cluster ties (1)', 'trust ties (1)']
    """
    folium = needs_extra("folium", what="schoolnet.explore")
    km, limit = _checked(reach_km, max_ties, thin, star_above, cliques)
    schools, placed = _placed_schools(G, table)
    chosen = _colour_column(schools, column)
    lonlat = np.column_stack(bng_to_wgs84(schools["easting"].to_numpy(float), schools["northing"].to_numpy(float)))
    focus = focus_mask(G, schools.index)
    lines, drawn, total = _lines(G, schools, kinds, None if cliques else star_above, (limit, thin))
    m = _new_map(folium, tiles, offline, lonlat[placed & focus] if (placed & focus).any() else lonlat[placed])
    stars = lines[lines["spoke"].to_numpy(dtype=bool)].groupby("kind")["group_id"].nunique()
    for layer in _tie_layers(folium, lines, drawn, total, stars):
        layer.add_to(m)
    legend = _school_layers(folium, m, schools, lonlat, (placed & focus, placed & ~focus), chosen)
    for ring in _reach_layers(folium, schools, lonlat, reach, km):
        ring.add_to(m)
    if legend:
        _legend_control(folium, str(chosen), legend).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m  # type: ignore[no-any-return]


def _checked(
    reach_km: object, max_ties: object, thin: object, star_above: object, cliques: object
) -> tuple[tuple[float, ...], int | None]:
    """The radii of the rings and the most ties to draw, once every option is checked."""
    km = distances_km("reach_km", reach_km)
    limit = whole_number("max_ties", max_ties, minimum=0, allow_none=True)
    whole_number("star_above", star_above, minimum=1, what="schools")
    for name, value, meaning in (
        ("thin", thin, "True (draw an evenly spread max_ties) or False (refuse)"),
        ("cliques", cliques, "True (draw every tie of a large group) or False (draw it as spokes)"),
    ):
        if not isinstance(value, bool):
            raise ParameterError(f"{name}={value!r}: expected {meaning}")
    return km, limit


def _placed_schools(G: nx.Graph, table: pd.DataFrame | None) -> tuple[pd.DataFrame, np.ndarray]:
    """The schools with the measure's columns, and which have coordinates; a warning counts those that do not."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoCoordinatesWarning)
        schools, _ = to_geodataframes(G, table=table)
    placed = ~schools.geometry.is_empty.to_numpy(dtype=bool)
    if not placed.any():
        raise MissingCoordinatesError(
            f"none of the {len(schools):,} schools has coordinates (easting and northing), so there is no map to draw"
        )
    if not placed.all():
        warnings.warn(
            f"{int((~placed).sum()):,} of {len(schools):,} schools have no coordinates: left off the map, "
            "with their ties",
            NoCoordinatesWarning,
            stacklevel=3,
        )
    return schools, placed


def _lines(
    G: nx.Graph,
    schools: pd.DataFrame,
    kinds: str | Iterable[str] | None,
    star_above: int | None,
    limits: tuple[int | None, bool],
) -> tuple[pd.DataFrame, list[str], pd.Series]:
    """The lines to draw with their ends in longitude and latitude, the kinds drawn, and each kind's lines in all."""
    ties = tie_table(G)
    drawn = _chosen_kinds(sorted(set(ties["kind"])), kinds)
    where = Locator(schools[["easting", "northing"]], what="schoolnet.explore")
    lines, _ = network_lines(G, where, kinds=drawn, star_above=star_above, ties=ties)
    total = lines["kind"].value_counts()
    lines = lines.iloc[_thinned(lines["kind"], *limits)]
    for end in ("0", "1"):
        lon, lat = bng_to_wgs84(lines[f"x{end}"].to_numpy(float), lines[f"y{end}"].to_numpy(float))
        lines = lines.assign(**{f"lon{end}": lon, f"lat{end}": lat})
    return lines, drawn, total


def _new_map(folium: Any, tiles: str | None, offline: bool, shown: np.ndarray) -> Any:
    """A map with a scale, opened on the points ``shown`` (longitude, latitude)."""
    m = folium.Map(tiles=tiles, control_scale=True, zoom_control=True, zoom_snap=0.25)  # to fit the focus closely
    if offline:
        _carry_leaflet(folium, m)
    m.fit_bounds([[shown[:, 1].min(), shown[:, 0].min()], [shown[:, 1].max(), shown[:, 0].max()]])
    return m


def _school_layers(
    folium: Any,
    m: Any,
    schools: pd.DataFrame,
    lonlat: np.ndarray,
    groups: tuple[np.ndarray, np.ndarray],
    chosen: str | None,
) -> list[tuple[str, str]]:
    """Add the focus schools, filled with the colour of their value, and the boundary schools, small and grey.

    Returns the legend's rows: the colours of the focus schools' values, then the boundary schools'.
    """
    focus, boundary = groups
    shown = schools[focus]
    colours, legend = _school_colours(shown[chosen]) if chosen else ([BLANK_COLOUR] * len(shown), [])
    fields = [*SCHOOL_FIELDS, *([("measure", chosen)] if chosen and chosen not in LABEL_COLUMNS else [])]
    layers = [(f"Schools ({len(shown):,})", focus, colours, SCHOOL_STYLE)]
    if boundary.any():
        label = f"across the border ({int(boundary.sum()):,})"
        layers.append((f"Schools {label}", boundary, [BOUNDARY_COLOUR] * int(boundary.sum()), BOUNDARY_STYLE))
        legend = [*legend, (label, BOUNDARY_COLOUR)]
    for name, rows, fill, style in layers:
        drawn = schools[rows]
        values = {f: _values(drawn, str(chosen) if f == "measure" else f) for f, _ in fields}
        properties = [
            {f: _text(values[f][i]) for f, _ in fields} | {"style": style | {"fillColor": fill[i]}}
            for i in range(len(drawn))
        ]
        points = [{"type": "Point", "coordinates": xy.tolist()} for xy in lonlat[rows]]
        layer = folium.FeatureGroup(name=_safe(name))
        folium.GeoJson(
            _collection(points, properties),
            marker=folium.CircleMarker(radius=style["radius"], fill=True),
            tooltip=_tooltip(folium, fields),
        ).add_to(layer)
        layer.add_to(m)
    return legend
