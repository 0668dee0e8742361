"""The report: measures and figures assembled into one HTML file and CSV tables.

:func:`write_report` builds the network for a date, runs each section of the
report on it, and writes ``index.html`` (one self-contained file, with its
figures embedded) and one CSV file per table into a folder. It is what
``schoolnet report`` runs.

Each section is a function of a :class:`ReportContext` that returns a
:class:`Section`. The context builds the network and each measure once, when
a section first asks for it, so sections can share them.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from .brokerage import assign_supporters
from .brokerage_roles import ROLES, brokerage_roles
from .centrality import centrality
from .communities import communities, ei_index
from .convert import nodes_frame, ties_frame
from .coverage import coverage, reach, suggest_leaders, uncovered
from .isolation import isolation, isolation_summary
from .need import in_need
from .network import AsOf, build_network
from .plot import plot_assignment, plot_coverage, plot_isolation, plot_network, plot_reach
from .tables import Tables

__all__ = ["SECTIONS", "ReportContext", "ReportTable", "Section", "write_report"]


@dataclass(frozen=True)
class ReportTable:
    """A table of the report: shown in the page and written in full as CSV.

    Attributes
    ----------
    name : str
        The CSV file's name, without ``.csv``.
    caption : str
        What the table shows.
    frame : pandas.DataFrame
        The table.
    show : int or None
        How many rows to show in the page; ``None`` for all. The CSV has all.
    """

    name: str
    caption: str
    frame: pd.DataFrame
    show: int | None = 15


@dataclass(frozen=True)
class Section:
    """A section of the report.

    Attributes
    ----------
    key : str
        A short identifier, used as the HTML anchor.
    title : str
        The heading.
    text : str
        The findings in a few sentences (plain text; it is escaped).
    tables : tuple of ReportTable
        Its tables.
    figures : tuple of matplotlib.figure.Figure
        Its figures, embedded as PNG images.
    """

    key: str
    title: str
    text: str
    tables: tuple[ReportTable, ...] = ()
    figures: tuple[Figure, ...] = field(default=())


class ReportContext:
    """What the sections of a report share: the tables, the network, and measures computed once.

    Parameters
    ----------
    tables : Tables
        The data.
    as_of : str or date, optional
        The date of the network; today by default.
    """

    def __init__(self, tables: Tables, *, as_of: AsOf = None) -> None:
        self.tables = tables
        self.as_of = as_of

    @cached_property
    def network(self) -> nx.MultiGraph:
        """The network on the report's date."""
        return build_network(self.tables, as_of=self.as_of)

    @cached_property
    def nodes(self) -> pd.DataFrame:
        """The schools of the network."""
        return nodes_frame(self.network)

    @cached_property
    def has_coordinates(self) -> bool:
        """Whether any school has coordinates, so that maps can be drawn."""
        return bool(self.nodes[["easting", "northing"]].notna().all(axis=1).any())

    def maps(self, *draw: Callable[[], tuple[Figure, object]]) -> tuple[Figure, ...]:
        """Draw maps, or none when no school has coordinates."""
        return tuple(d()[0] for d in draw) if self.has_coordinates else ()

    @cached_property
    def area(self) -> str | None:
        """The area column to compare schools by: district if recorded, else local authority, else none."""
        return next((c for c in ("district", "la") if self.nodes[c].notna().any()), None)

    @cached_property
    def centrality(self) -> pd.DataFrame:
        """Centrality of every school (sampled betweenness on large networks, with a fixed seed)."""
        return centrality(self.network, seed=0)

    @cached_property
    def need(self) -> pd.Series:
        """Which schools are in need of support, by the default definition."""
        return in_need(self.network)

    @cached_property
    def isolation(self) -> pd.DataFrame:
        """Isolation of every school, by the default definition."""
        return isolation(self.network)


def _count(values: pd.Series, name: str) -> pd.DataFrame:
    counts = values.fillna("(not recorded)").value_counts().rename("schools").to_frame()
    counts.index.name = name
    return counts


def overview_section(context: ReportContext) -> Section:
    """Schools by phase and area, partnerships and ties by kind, and schools with no partnership."""
    G, nodes, tables = context.network, context.nodes, context.tables
    by_area = pd.crosstab(nodes["district"].fillna("(not recorded)"), nodes["phase"].fillna("(not recorded)"))
    by_area["all phases"] = by_area.sum(axis=1)
    groups = tables.groups
    live = G.graph["memberships"]
    partnerships = (
        pd.DataFrame(
            {
                "groups": groups["kind"].value_counts(),
                "live groups": live.drop_duplicates("group_id")["kind"].value_counts(),
                "schools in a live group": live.drop_duplicates(["urn", "kind"])["kind"].value_counts(),
            }
        )
        .fillna(0)
        .astype(int)
    )
    partnerships.index.name = "kind"
    ties = ties_frame(G)
    by_kind = ties.groupby("kind").size().rename("ties").to_frame() if len(ties) else pd.DataFrame({"ties": []})
    by_kind["schools tied"] = [
        len(set(ties.loc[ties["kind"] == k, "u"]) | set(ties.loc[ties["kind"] == k, "v"])) for k in by_kind.index
    ]
    alone = context.isolation[context.isolation["partners"] == 0]
    none = alone[["name", "phase", "district", "reasons"]]
    text = (
        f"{len(nodes)} schools in {nodes['district'].nunique()} areas. On {G.graph['as_of']}, "
        f"{G.number_of_edges()} ties join them, from {live['group_id'].nunique()} live partnerships and "
        f"{int((ties['kind'] == 'support').sum()) if len(ties) else 0} live support links. "
        f"{len(none)} schools have no partnership of any kind."
    )
    if not context.has_coordinates:
        text += " No school has coordinates, so the report has no maps."
    figures = context.maps(lambda: plot_network(G, title=f"School partnerships on {G.graph['as_of']}"))
    return Section(
        "overview",
        "Overview",
        text,
        (
            ReportTable("schools_by_area_and_phase", "Schools by area and phase", by_area, show=None),
            ReportTable("partnerships_by_kind", "Partnerships by kind", partnerships, show=None),
            ReportTable("ties_by_kind", "Ties between schools by kind", by_kind, show=None),
            ReportTable("schools_without_partnership", "Schools with no partnership of any kind", none, show=50),
        ),
        figures,
    )


def isolation_section(context: ReportContext) -> Section:
    """The professionally isolated schools, by area, with the reasons."""
    table = context.isolation
    isolated = table[table["isolated"]]
    summary = isolation_summary(table, by="district")
    worst = summary.index[0] if len(summary) else "none"
    text = (
        f"{len(isolated)} of {len(table)} schools are professionally isolated: in no cluster, or with no live "
        f"partnership of any kind. The highest share is in {worst} "
        f"({summary['share_isolated'].iloc[0]:.0%})."
        if len(summary)
        else "No school is isolated."
    )
    figures = context.maps(lambda: plot_isolation(table, G=context.network))
    columns = ["name", "phase", "district", "partners", "nearest_partner_km", "reasons"]
    return Section(
        "isolation",
        "Professionally isolated schools",
        text,
        (
            ReportTable("isolation_by_district", "Isolated schools by district", summary, show=None),
            ReportTable("isolated_schools", "Isolated schools and why", isolated[columns], show=60),
            ReportTable("isolation", "Every school's partners and isolation", table, show=0),
        ),
        figures,
    )


def brokers_section(context: ReportContext) -> Section:
    """The schools that hold the network together, the brokers between areas, and unwritten partnerships."""
    G, table, area = context.network, context.centrality, context.area
    columns = ["name", "phase", "district", "degree", "strength", "betweenness", "effective_size", "constraint", "core"]
    top = table.sort_values(["betweenness", "effective_size"], ascending=False)[columns]
    found = communities(G, seed=0)
    method = table.attrs["betweenness"]
    how = "exactly" if method["method"] == "exact" else f"from a sample of {method['k']} schools"
    text = (
        f"Betweenness (measured {how}, with distance = 1 / tie strength) shows the schools that lie on the most "
        "shortest paths between others; low constraint shows schools whose partners are not tied to each other. "
    )
    if len(top) and top["betweenness"].iloc[0] > 0:
        text += f"{top['name'].iloc[0]} ({top['district'].iloc[0]}) lies between the most pairs of schools. "
    tables = [ReportTable("top_brokers", "Schools by betweenness", top, show=20)]
    if area is not None:
        roles = brokerage_roles(G, by=area)
        roles["between_areas"] = roles[["gatekeeper", "representative", "liaison"]].sum(axis=1)
        shown = ["name", "phase", "district", *ROLES, "between_areas", "z_total"]
        between = roles.sort_values(["between_areas", "total"], ascending=False)[shown]
        boundaries = ei_index(G, by=area, seed=0)
        if "all" in boundaries.index:
            ei = float(boundaries["ei"].to_numpy(dtype=float)[list(boundaries.index).index("all")])
            text += f"The E-I index of all ties across {area} boundaries is {ei:.2f} (-1 when every tie stays inside). "
        tables += [
            ReportTable("brokers_between_areas", f"Gould-Fernandez brokerage between areas ({area})", between, show=15),
            ReportTable("ties_across_areas", f"Do ties stay inside areas ({area})? E-I index by kind", boundaries),
            ReportTable("brokerage_roles", f"Every school's brokerage roles between areas ({area})", roles, show=0),
        ]
    text += (
        f"The ties form {found.schools['community'].nunique()} communities; "
        f"{len(found.differing)} schools work more with another cluster's schools than with their own."
    )
    tables += [
        ReportTable(
            "unwritten_partnerships", "Schools whose community is not their cluster's", found.differing, show=30
        ),
        ReportTable("centrality", "Every school's centrality", table, show=0),
    ]
    title = "The ten schools with the highest betweenness"
    figures = context.maps(lambda: plot_network(G, highlight=list(top.index[:10]), title=title))
    return Section("brokers", "Schools that hold the network together", text, tuple(tables), figures)


def coverage_section(context: ReportContext) -> Section:
    """Where support does not reach: schools in need beyond every system leader, by area, and where to designate."""
    G, need = context.network, context.need
    km = 10.0 if context.has_coordinates else None
    areas = coverage(G, need=need, km=km)
    gaps = uncovered(G, need=need, km=km)
    picks = suggest_leaders(G, need=need, km=km)
    reached = reach(G, need=need, km=() if km is None else (5, 10, 20))
    rule = areas.attrs["definition"]
    within = f" or within {rule['km']:g} km" if rule["km"] is not None else " (no school has coordinates)"
    text = (
        f"{int(areas['covered'].sum())} of {int(areas['in_need'].sum())} schools in need have a system leader "
        f"within {rule['hops']} hops in the network{within}. "
    )
    if len(gaps):
        leaders = int(areas["leaders"].iloc[0])
        text += (
            f"{len(gaps)} do not, {int(areas['uncovered'].iloc[0])} of them in {areas.index[0]}, which has "
            f"{leaders or 'no'} system leader{'s' if leaders != 1 else ''}. "
        )
    if len(picks):
        text += (
            f"Designating the {len(picks)} schools suggested below, picked greedily, would cover "
            f"{int(picks['gain'].sum())} of those {len(gaps)}. "
        )
    figures: list[Figure] = []
    if len(reached):
        most = reached["hops_2"]
        top = most.idxmax()
        text += f"{reached['name'].get(top)} reaches the most schools: {int(most.max())} within 2 hops."
        figures.extend(context.maps(lambda: plot_reach(G, top)))
    figures.append(plot_coverage(areas)[0])
    return Section(
        "coverage",
        "Where support does not reach",
        text,
        (
            ReportTable("coverage_by_district", "Schools in need covered by a system leader, worst first", areas),
            ReportTable("uncovered_schools", "Schools in need that no system leader covers", gaps, show=60),
            ReportTable("suggested_designations", "Where to designate next, in the order picked", picks, show=None),
            ReportTable("leader_reach", "The reach of every system leader", reached, show=0),
        ),
        tuple(figures),
    )


def brokerage_section(context: ReportContext) -> Section:
    """A proposed round of brokered support: who should support whom, and who is left without."""
    if not context.has_coordinates:
        text = "Brokering support weighs distance, so it needs the schools' coordinates; none has them."
        return Section("brokerage", "A proposed round of brokered support", text)
    G = context.network
    round_ = assign_supporters(G, need=context.need)
    s = round_.summary
    text = (
        f"Of {s['schools in need']} schools in need, a round of support could match {s['matched']} with an "
        f"eligible supporter within 20 km, without taking any supporter beyond its capacity; the mean distance "
        f"is {s['mean km']} km. "
    )
    if len(round_.unmatched):
        reasons = round_.unmatched["reason"].str.replace(r"\d+", "N", regex=True).value_counts()
        text += f"{s['unmatched']} are left without: " + "; ".join(f"{n} with {r}" for r, n in reasons.items()) + "."
    columns = ["urn", "name", "district", "supporter", "supporter_name", "score", "km", "strength", "similarity"]
    columns += ["distance", "ties", "load", "rank"]
    return Section(
        "brokerage",
        "A proposed round of brokered support",
        text,
        (
            ReportTable(
                "proposed_support", "Proposed pairs, with the parts of each score", round_.pairs[columns], show=30
            ),
            ReportTable("unmatched_schools", "Schools in need left without a supporter, and why", round_.unmatched),
            ReportTable("supporter_load", "Each supporter's capacity and load", round_.load, show=20),
        ),
        context.maps(lambda: plot_assignment(round_, G)),
    )


def set_aside_section(context: ReportContext) -> Section:
    """The rows set aside while loading, so that nothing is dropped silently."""
    rejected = context.tables.rejected
    counts = context.tables.counts.set_index(["table", "file"])
    text = (
        f"{len(rejected)} rows were set aside while loading; each is listed with the reason."
        if len(rejected)
        else "Every row read was loaded: none was set aside."
    )
    return Section(
        "set-aside",
        "Rows read, loaded and set aside",
        text,
        (
            ReportTable("rows_read", "Rows read, kept and set aside, by file", counts, show=None),
            ReportTable("rows_set_aside", "Rows set aside, and why", rejected, show=100),
        ),
    )


#: The sections of ``schoolnet report``, in order.
SECTIONS: tuple[Callable[[ReportContext], Section], ...] = (
    overview_section,
    isolation_section,
    brokers_section,
    coverage_section,
    brokerage_section,
    set_aside_section,
)

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;
line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1.2rem}th,td{padding:.2rem .55rem;
border-bottom:1px solid #eee;text-align:left;vertical-align:top}th{background:#f6f6f6}td.n{text-align:right}
h3{font-size:1rem;margin:1.2rem 0 .3rem}img{max-width:100%}.meta{color:#666;font-size:.9rem}
.more{color:#666;font-size:.8rem;margin-top:-.9rem}nav a{margin-right:1rem}
"""


def _figure_html(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="figure" src="data:image/png;base64,{data}">'


def _numbers_right(frame: pd.DataFrame, body: str) -> str:
    """Mark the cells of numeric columns so that numbers line up on the right and text on the left."""
    numeric = [pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype) for dtype in frame.dtypes]
    rows = body.split("<tr>")
    for i, row in enumerate(rows[1:], start=1):
        cells = row.split("<td>")
        if len(cells) - 1 == len(numeric):
            rows[i] = cells[0] + "".join(
                ("<td class='n'>" if is_number else "<td>") + cell
                for is_number, cell in zip(numeric, cells[1:], strict=True)
            )
    return "<tr>".join(rows)


def _table_html(table: ReportTable) -> str:
    link = f'<a href="{html.escape(table.name)}.csv">{html.escape(table.name)}.csv</a>'
    if table.show == 0:
        return f"<p>{html.escape(table.caption)}: {len(table.frame)} rows in {link}.</p>"
    shown = table.frame if table.show is None else table.frame.head(table.show)
    plain = isinstance(shown.index, pd.RangeIndex)  # row numbers mean nothing to a reader
    html_table = shown.to_html(float_format=lambda x: f"{x:,.2f}", na_rep="", border=0, index=not plain)
    body = _numbers_right(shown, html_table)
    more = len(table.frame) - len(shown)
    note = f'<p class="more">{more} more rows in {link}.</p>' if more > 0 else f'<p class="more">{link}</p>'
    return f"<h3>{html.escape(table.caption)}</h3>" + body + note


def write_report(
    tables: Tables,
    *,
    out: str | Path = "schoolnet-report",
    as_of: AsOf = None,
    title: str | None = None,
    sections: Sequence[Callable[[ReportContext], Section]] = SECTIONS,
) -> Path:
    """Write the report on a network: ``index.html`` and one CSV file per table.

    Parameters
    ----------
    tables : Tables
        The data, from :func:`schoolnet.read_tables`, :func:`schoolnet.read_gias`
        or :func:`schoolnet.load_sample`.
    out : str or pathlib.Path, default "schoolnet-report"
        The folder to write; it is made if needed, and files of the same names
        are replaced.
    as_of : str or date, optional
        The date to describe; today by default.
    title : str, optional
        The report's title.
    sections : sequence of callables, default SECTIONS
        The sections to include, in order.

    Returns
    -------
    pathlib.Path
        The path of ``index.html``.

    Examples
    --------
    >>> import schoolnet, tempfile
    >>> page = write_report(schoolnet.load_sample(), out=tempfile.mkdtemp(), as_of="2025-09-01")
    >>> page.name, (page.parent / "isolated_schools.csv").exists()
    ('index.html', True)
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    context = ReportContext(tables, as_of=as_of)
    built = [section(context) for section in sections]
    heading = title or f"School partnerships: {tables.source}"
    meta = (
        f"Network on {context.network.graph['as_of']} from {html.escape(tables.source)}. "
        f"Made {dt.date.today().isoformat()} by schoolnet {_version()}."
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(heading)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(heading)}</h1><p class='meta'>{meta}</p>",
        "<nav>" + "".join(f'<a href="#{s.key}">{html.escape(s.title)}</a>' for s in built) + "</nav>",
    ]
    for section in built:
        parts.append(f'<section id="{section.key}"><h2>{html.escape(section.title)}</h2>')
        parts.append(f"<p>{html.escape(section.text)}</p>")
        parts.extend(_figure_html(fig) for fig in section.figures)
        for table in section.tables:
            table.frame.to_csv(folder / f"{table.name}.csv", lineterminator="\n")
            parts.append(_table_html(table))
        parts.append("</section>")
    parts.append("</body></html>")
    page = folder / "index.html"
    page.write_text("\n".join(parts), encoding="utf-8")
    return page


def _version() -> str:
    from . import __version__

    return __version__
