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
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from .._progress import progress
from .._version import __version__
from ..brokering.brokerage import assign_supporters
from ..errors import SchoolnetError
from ..measures.brokerage_roles import ROLES, brokerage_roles
from ..measures.changes import changes
from ..measures.communities import communities, ei_index
from ..measures.coverage import coverage, reach, suggest_leaders, uncovered
from ..measures.isolation import isolation_summary
from ..network.build import AsOf, build_network, parse_as_of
from ..network.convert import in_focus, ties_frame
from ..plot.changes import plot_changes
from ..plot.isolation import plot_isolation
from ..plot.support import plot_assignment, plot_coverage, plot_reach
from ..plot.ties import plot_network
from ..tables.tables import Tables
from .outcomes import OUTCOME_KINDS, outcomes_section
from .parts import ReportContext, ReportTable, Section
from .sentences import highest_share, kinds_not_loaded_sentence

__all__ = ["SECTIONS", "changes_section", "write_report"]


def _count(values: pd.Series, name: str) -> pd.DataFrame:
    counts = values.fillna("(not recorded)").value_counts().rename("schools").to_frame()
    counts.index.name = name
    return counts


def overview_section(context: ReportContext) -> Section:
    """Schools by phase and area, partnerships and ties by kind, and schools with no partnership."""
    G, tables = context.network, context.tables
    focus = in_focus(G).reindex(context.nodes.index).to_numpy(dtype=bool)
    nodes = context.nodes[focus]
    area = context.area or "district"
    by_area = pd.crosstab(nodes[area].fillna("(not recorded)"), nodes["phase"].fillna("(not recorded)"))
    by_area.index.name = area
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
    areas = nodes[area].nunique()
    where = f"{areas} areas" if area == "district" else f"{areas} local authorit{'y' if areas == 1 else 'ies'}"
    text = (
        f"{len(nodes)} schools in {where}. On {G.graph['as_of']}, "
        f"{G.number_of_edges()} ties join them, from {live['group_id'].nunique()} live partnerships and "
        f"{int((ties['kind'] == 'support').sum()) if len(ties) else 0} live support links. "
        f"{len(none)} schools have no partnership of any kind."
    )
    text += kinds_not_loaded_sentence(groups, tables.support)
    text += _boundary_sentence(G, context.nodes.index[~focus])
    if not context.has_coordinates:
        text += " No school has coordinates, so the report has no maps and does not broker support by distance."
    text += f" The network is dated {G.graph['as_of']}: {context.as_of_source}."
    text += "".join(f" {note}" for note in context.notes)
    text += _unknown_paragraph(context.isolation)
    matched = _matches_paragraph(context.cluster_matches)
    text += matched[0]
    figures = context.maps(lambda: plot_network(G, title=f"School partnerships on {G.graph['as_of']}"))
    return Section(
        "summary",
        "Summary",
        text,
        (
            ReportTable("schools_by_area_and_phase", "Schools by area and phase", by_area, show=None),
            ReportTable("partnerships_by_kind", "Partnerships by kind", partnerships, show=None),
            ReportTable("ties_by_kind", "Ties between schools by kind", by_kind, show=None),
            ReportTable("schools_without_partnership", "Schools with no partnership of any kind", none, show=50),
            *matched[1],
        ),
        figures,
    )


def _matches_paragraph(matches: pd.DataFrame | None) -> tuple[str, tuple[ReportTable, ...]]:
    """A paragraph on the names of a cluster sheet matched to schools, and the tables of matches and misses."""
    if matches is None:
        return "", ()
    counts = matches["status"].value_counts()
    matched = int(counts.get("matched", 0) + counts.get("matched by URN", 0))
    missed = matches[matches["status"].isin(["ambiguous", "unmatched", "no cluster"]).to_numpy()]
    text = (
        f"\n\nThe cluster sheet has {len(matches)} rows: {matched} matched to a school "
        f"({int(counts.get('matched by URN', 0))} of them by URN), {int(counts.get('ambiguous', 0))} ambiguous and "
        f"{int(counts.get('unmatched', 0))} unmatched"
        + (f", and {int(counts.get('no cluster', 0))} with no cluster" if counts.get("no cluster", 0) else "")
        + ". The ambiguous and unmatched are listed below and left out of the clusters; cluster_matches.csv has "
        "every row with the school chosen, its score and the runner-up."
    )
    return text, (
        ReportTable("cluster_names_not_matched", "Names of the cluster sheet not matched", missed, show=None),
        ReportTable("cluster_matches", "Every row of the cluster sheet and the school chosen", matches, show=0),
    )


def _boundary_sentence(G: nx.Graph, boundary: pd.Index) -> str:
    """One sentence on the boundary schools kept across the border and their ties, or none without any."""
    if not len(boundary):
        return ""
    outside = set(boundary)
    ties = sum(1 for u, v in G.edges() if (u in outside) != (v in outside))
    n = len(boundary)
    return (
        f" The counts are of the area's schools; {n} boundary school{'s' if n != 1 else ''} across the border "
        f"{'are' if n != 1 else 'is'} kept as partners, with the {ties} tie{'s' if ties != 1 else ''} between "
        f"{'them' if n != 1 else 'it'} and the area's schools."
    )


def _unknown_paragraph(table: pd.DataFrame) -> str:
    """A paragraph saying that membership of the required kinds not loaded is unknown, and how to load them."""
    kinds = table.attrs.get("kinds_not_loaded", ())
    if not kinds:
        return ""
    names = " or ".join(kinds)
    unknown = int((table["status"] == "unknown").sum()) if "status" in table.columns else len(table)
    return (
        f"\n\n{names.capitalize()} membership is unknown: no {names} data is loaded, so no school is counted as "
        f"isolated for want of a {names}, and for {unknown} of the {len(table)} schools it cannot be told whether "
        f"they are isolated. Load the authority's own {' and '.join(f'{k}s' for k in kinds)} to judge it: "
        "schoolnet report --gias ... --clusters FILE, with a spreadsheet of clusters and schools."
    )


def _isolation_rule(table: pd.DataFrame) -> str:
    """The definition of isolation the table applied, in words, without the kinds not loaded."""
    rule = table.attrs.get("definition", {})
    unloaded = set(table.attrs.get("kinds_not_loaded", ()))
    parts = [f"in no {k}" for k in rule.get("require", ()) if k not in unloaded]
    parts.append("with no live partnership of any kind")
    if rule.get("max_km") is not None:
        parts.append(f"with no partner within {rule['max_km']:g} km")
    return ", or ".join(parts)


def isolation_section(context: ReportContext) -> Section:
    """The professionally isolated schools, by area, with the reasons."""
    table = context.isolation
    isolated = table[table["isolated"]]
    area = context.area or "district"
    labelled = table if area in table.columns else table.assign(**{area: context.nodes[area].reindex(table.index)})
    summary = isolation_summary(labelled, by=area)
    unknown = int((table["status"] == "unknown").sum())
    text = f"{len(isolated)} of {len(table)} schools are professionally isolated: {_isolation_rule(table)}"
    if unknown:
        kinds = " or ".join(table.attrs["kinds_not_loaded"])
        text += f"; for the other {unknown}, whether they are in a {kinds} is unknown"
    text += "."
    if len(isolated):
        text += (
            f" {highest_share(summary)} Reasons: "
            + "; ".join(
                f"{n} {str(r).replace('_', ' ')}" for r, n in isolated["main_reason"].value_counts().items() if n
            )
            + "."
        )
    first = _unknown_paragraph(table).strip()
    text = f"{first}\n\n{text}" if first else text
    figures = context.maps(lambda: plot_isolation(table, G=context.network))
    columns = ["name", "phase", "district", "partners", "nearest_partner_km", "reasons"]
    return Section(
        "isolation",
        "Professionally isolated schools",
        text,
        (
            ReportTable(f"isolation_by_{area}", f"Isolated schools by {_heading(area)}", summary, show=None),
            ReportTable("isolated_schools", "Isolated schools and why", isolated[columns], show=60),
            ReportTable("isolation", "Every school's partners and isolation", table, show=0),
        ),
        figures,
    )


def brokers_section(context: ReportContext) -> Section:
    """The schools that hold the network together, the brokers between areas, and unwritten partnerships."""
    G, table, area = context.network, context.own(context.centrality), context.area
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
        roles = context.own(brokerage_roles(G, by=area))
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
    differing = context.own(found.differing)
    text += (
        f"The ties form {found.schools['community'].nunique()} communities; "
        f"{len(differing)} of the area's schools work more with another cluster's schools than with their own."
    )
    if len(table) < G.number_of_nodes():
        text += (
            " Measures are taken on the whole network, partners across the border included; the rankings list "
            "the area's own schools."
        )
    tables += [
        ReportTable("unwritten_partnerships", "Schools whose community is not their cluster's", differing, show=30),
        ReportTable("centrality", "Every school's centrality", table, show=0),
    ]
    title = "The ten schools with the highest betweenness"
    figures = context.maps(lambda: plot_network(G, highlight=list(top.index[:10]), title=title))
    return Section("brokers", "Schools that hold the network together", text, tuple(tables), figures)


def coverage_section(context: ReportContext) -> Section:
    """Where support does not reach: schools in need beyond every system leader, by area, and where to designate."""
    G, need = context.network, context.need
    km = 10.0 if context.has_coordinates else None
    areas = coverage(G, need=need, km=km, by=context.area or "district")
    gaps = uncovered(G, need=need, km=km)
    picks = suggest_leaders(G, need=need, km=km)
    reached = reach(G, need=need, km=() if km is None else (5, 10, 20))
    reached = context.own(reached)
    rule = areas.attrs["definition"]
    within = f" or within {rule['km']:g} km" if rule["km"] is not None else " (no school has coordinates)"
    text = _need_sentence(context) + (
        f"{int(areas['covered'].sum())} of {int(areas['in_need'].sum())} schools in need have a system leader "
        f"within {rule['hops']} hops in the network{within}. "
    )
    if not int(areas["leaders"].sum()):
        text += "No school of these data holds a system-leader designation, so none is covered. "
    if len(gaps):
        leaders = int(areas["leaders"].iloc[0])
        text += (
            f"{len(gaps)} do not, {int(areas['uncovered'].iloc[0])} of them in {areas.index[0]}, which has "
            f"{leaders or 'no'} system leader{'s' if leaders != 1 else ''}. "
        )
    if len(picks):
        text += (
            f"Designating the {len(picks)} schools suggested below, picked greedily among strong schools that are "
            f"neither in need nor isolated, would cover {int(picks['gain'].sum())} of those {len(gaps)}. "
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


def _need_sentence(context: ReportContext) -> str:
    """The definition of need, where the report first uses it, with the area's schools in need by reason."""
    focus = context.focus
    need = context.need.reindex(focus, fill_value=False).to_numpy(dtype=bool)
    judged = context.judged_in_need.reindex(focus, fill_value=False).to_numpy(dtype=bool)
    alone = context.isolation["isolated"].reindex(focus, fill_value=False).to_numpy(dtype=bool)
    unknown = " (as far as can be told without cluster data)" if context.isolation.attrs.get("kinds_not_loaded") else ""
    return (
        "A school is in need of support when its latest Ofsted inspection found it requires improvement or "
        "inadequate (or in a category of concern), or when it is professionally isolated"
        f"{unknown}: {int(need.sum())} of the area's {len(focus)} schools are, {int((judged & ~alone).sum())} for "
        f"Ofsted's judgement alone, {int((alone & ~judged).sum())} for isolation alone and "
        f"{int((judged & alone).sum())} for both. "
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
        f"Of {s['schools in need']} schools in need (as defined in the section on coverage), a round of support "
        f"could match {s['matched']} with an eligible supporter within 20 km, without taking any supporter beyond "
        f"its capacity; the mean distance is {s['mean km']} km. A supporter is judged good or outstanding, or holds "
        "a system-leader designation, and is not itself in need, so no school both gives and receives support. "
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
:root{--ink:#1f2933;--muted:#5f6b7a;--rule:#d9dee4;--band:#f4f6f8;--accent:#1d4e89}
*{box-sizing:border-box}
body{font-family:"Segoe UI",system-ui,-apple-system,Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
margin:0;line-height:1.5;font-size:15px;background:#fff}
header.top{background:var(--accent);color:#fff;padding:1.6rem 0 1.3rem}
header.top h1{margin:0 0 .35rem;font-size:1.7rem;font-weight:600}header.top p{margin:0;color:#dbe6f3;font-size:.9rem}
.page{max-width:1120px;margin:0 auto;padding:0 1.5rem}
main{padding-bottom:2rem}
nav.contents{border:1px solid var(--rule);background:var(--band);border-radius:4px;padding:.9rem 1.4rem;margin:1.5rem 0}
nav.contents h2{font-size:1rem;margin:0 0 .4rem;border:0;padding:0}
nav.contents ol{margin:0;padding-left:1.3rem;columns:2;column-gap:2.5rem}
nav.contents li{margin:.15rem 0;break-inside:avoid}
nav.contents ul{margin:.1rem 0 .3rem;padding-left:1rem;font-size:.85rem;list-style:none}
a{color:var(--accent)}
section{margin-top:2.4rem}
h2{font-size:1.35rem;font-weight:600;border-bottom:2px solid var(--accent);padding-bottom:.25rem;margin:0 0 .8rem}
h2 .number{color:var(--muted);font-weight:400}
h3{font-size:1rem;font-weight:600;margin:1.6rem 0 .4rem}
p.findings{max-width:52rem}
figure{margin:1.2rem 0;text-align:center}
figure img{max-width:100%;height:auto;border:1px solid var(--rule)}
figcaption{color:var(--muted);font-size:.85rem;margin-top:.3rem}
.table-wrap{overflow-x:auto;width:fit-content;max-width:100%;border:1px solid var(--rule);border-radius:3px}
table{border-collapse:collapse;font-size:.82rem}
thead th{position:sticky;top:0;background:var(--band);border-bottom:2px solid var(--rule);font-weight:600}
th,td{padding:.3rem .6rem;text-align:left;vertical-align:top}
td{border-bottom:1px solid #eceff2}
tbody tr:nth-child(even){background:#fafbfc}
th.n,td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{min-width:14rem}td.id{font-variant-numeric:tabular-nums}
p.more{color:var(--muted);font-size:.8rem;margin:.3rem 0 0}
.data{background:var(--band);border-left:3px solid var(--accent);padding:.5rem .9rem;font-size:.85rem;margin-top:1.4rem}
.data ul{margin:.2rem 0 0;padding-left:1.2rem}
footer{border-top:1px solid var(--rule);color:var(--muted);font-size:.8rem;padding:1rem 0 2rem}
@media print{
@page{size:A4;margin:14mm 12mm}
body{font-size:10pt}
header.top{background:none;color:var(--ink);padding:0 0 .5rem;border-bottom:2px solid var(--ink)}
header.top p{color:var(--muted)}
.page{max-width:none;padding:0}
nav.contents{background:none}
nav.contents ol{columns:1}
section{break-before:page;margin-top:0}
h2,h3{break-after:avoid}
figure,tr{break-inside:avoid}
figure img{max-height:170mm;width:auto;border:0}
.table-wrap{overflow:visible;border:0}
table{font-size:8pt}
thead{display:table-header-group}
thead th{position:static}
a{color:var(--ink);text-decoration:none}
.data a::after{content:" (" attr(href) ")";color:var(--muted)}
}
"""


def _figure_html(fig: Figure, number: str) -> str:
    """A figure as an embedded PNG image, with its title as caption and alternative text."""
    title = next((ax.get_title() for ax in fig.axes if ax.get_title()), "") or "Figure"
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure><img alt="{html.escape(title)}" src="data:image/png;base64,{data}">'
        f"<figcaption>Figure {number}. {html.escape(title)}</figcaption></figure>"
    )


def _heading(column: object) -> str:
    """A column's name as a reader would write it: ``effective_size`` as ``effective size``."""
    return str(column).replace("_", " ")


#: Columns of whole numbers that name schools rather than count anything: shown as they are, on the left.
_IDENTIFIERS = frozenset(
    {
        "urn",
        "supporter",
        "supporter_urn",
        "supported_urn",
        "lead_urn",
        "nearest_leader",
        "nearest_by_hops",
        "nearest_by_km",
    }
)


def _cells(column: pd.Series, *, identifier: bool) -> list[str]:
    """The cells of a column as escaped text: numbers to a precision that suits the column, shares as percentages."""
    dtype = column.dtype
    if identifier and pd.api.types.is_numeric_dtype(dtype):
        return ["" if pd.isna(v) else str(int(v)) for v in column]
    if pd.api.types.is_bool_dtype(dtype):
        return ["" if pd.isna(v) else ("yes" if v else "no") for v in column]
    if pd.api.types.is_float_dtype(dtype) and str(column.name).startswith("share"):
        return ["" if pd.isna(v) else f"{v:.0%}" for v in column]
    if pd.api.types.is_float_dtype(dtype):
        finite = column.abs().dropna()
        whole = bool(len(finite)) and bool((finite == finite.round()).all())  # counts and ids with blanks
        decimals = 0 if whole else 3 if len(finite) and finite.max() < 1 else 2
        return ["" if pd.isna(v) else f"{v:,.{decimals}f}" for v in column]
    if pd.api.types.is_integer_dtype(dtype):
        return ["" if pd.isna(v) else f"{v:,}" for v in column]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return ["" if pd.isna(v) else v.date().isoformat() for v in column]
    return [
        "" if v is None or (not isinstance(v, (list, tuple, set)) and pd.isna(v)) else html.escape(str(v))
        for v in column
    ]


def _cell_class(column: pd.Series, name: str) -> str:
    """How a column's cells are set: numbers on the right, school names wide enough to read, identifiers plain."""
    dtype = column.dtype
    if name in _IDENTIFIERS:
        return ' class="id"'
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return ' class="n"'
    return ' class="name"' if name == "name" or name.endswith("_name") else ""


def _table_html(table: ReportTable, anchor: str) -> str:
    """A table of the report: its caption, the rows shown, and a link to the CSV file with every row."""
    link = f'<a href="{html.escape(table.name)}.csv">{html.escape(table.name)}.csv</a>'
    caption = html.escape(table.caption)
    if table.show == 0:
        return f'<p class="more" id="{anchor}">{caption}: {len(table.frame)} rows in {link}.</p>'
    if table.frame.empty:
        return f'<h3 id="{anchor}">{caption}</h3><p class="more">None: {link} has the column headings only.</p>'
    shown = table.frame if table.show is None else table.frame.head(table.show)
    if not isinstance(shown.index, pd.RangeIndex):  # row numbers mean nothing to a reader; names and URNs do
        shown = shown.reset_index()
    names = [str(c) for c in shown.columns]
    classes = [_cell_class(shown.iloc[:, i], name) for i, name in enumerate(names)]
    head_classes = [c if c == ' class="n"' else "" for c in classes]
    head = "".join(f"<th{c}>{html.escape(_heading(n))}</th>" for n, c in zip(names, head_classes, strict=True))
    columns = [_cells(shown.iloc[:, i], identifier=name in _IDENTIFIERS) for i, name in enumerate(names)]
    rows = "".join(
        "<tr>" + "".join(f"<td{c}>{cells[i]}</td>" for cells, c in zip(columns, classes, strict=True)) + "</tr>"
        for i in range(len(shown))
    )
    more = len(table.frame) - len(shown)
    note = f"The first {len(shown)} of {len(table.frame)} rows; every row is in {link}." if more > 0 else link
    return (
        f'<h3 id="{anchor}">{caption}</h3><div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
        f'<tbody>{rows}</tbody></table></div><p class="more">{note}</p>'
    )


def _data_html(section: Section) -> str:
    """The list of a section's CSV files, with their rows."""
    items = "".join(
        f'<li><a href="{html.escape(t.name)}.csv">{html.escape(t.name)}.csv</a>: {html.escape(t.caption)} '
        f"({len(t.frame)} rows)</li>"
        for t in section.tables
    )
    return f'<div class="data"><strong>Data for this section</strong> (CSV)<ul>{items}</ul></div>' if items else ""


def _contents_html(built: Sequence[Section]) -> str:
    """The contents list: each section, and the tables shown in it."""
    items = []
    for section in built:
        tables = "".join(
            f'<li><a href="#{section.key}-{i}">{html.escape(t.caption)}</a></li>'
            for i, t in enumerate(section.tables, start=1)
            if t.show != 0
        )
        items.append(
            f'<li><a href="#{section.key}">{html.escape(section.title)}</a>'
            + (f"<ul>{tables}</ul>" if tables else "")
            + "</li>"
        )
    return '<nav class="contents" aria-label="Contents"><h2>Contents</h2><ol>' + "".join(items) + "</ol></nav>"


def _section_html(section: Section, number: int) -> str:
    parts = [
        f'<section id="{section.key}"><h2><span class="number">{number}.</span> {html.escape(section.title)}</h2>',
        *(f'<p class="findings">{html.escape(part)}</p>' for part in section.text.split("\n\n")),
    ]
    parts.extend(_figure_html(fig, f"{number}.{i}") for i, fig in enumerate(section.figures, start=1))
    parts.extend(_table_html(t, f"{section.key}-{i}") for i, t in enumerate(section.tables, start=1))
    parts.append(_data_html(section))
    parts.append("</section>")
    return "\n".join(parts)


def changes_section(context: ReportContext, *, since: AsOf) -> Section:
    """What changed between ``since`` and the report's date: ties, partnerships, isolation and central schools.

    :func:`write_report` adds it, before the rows set aside, when given ``since``.
    """
    before = build_network(context.tables, as_of=since)
    found = changes(before, context.network)
    newly = int((found.isolation["change"] == "newly isolated").sum())
    ended = len(found.isolation) - newly
    gained = int((found.ties["change"] == "gained").sum())
    lines = "; ".join(found.summary["text"]) if len(found.summary) else "no tie or partnership changed"
    text = (
        f"From {found.before} to {found.after}, {gained} ties were gained and {len(found.ties) - gained} lost "
        f"({lines}). {newly} schools became isolated and {ended} are no longer isolated."
    )
    figures = context.maps(lambda: plot_changes(found))
    return Section(
        "changes",
        f"What changed since {found.before}",
        text,
        (
            ReportTable("changes_by_kind", "What changed, by kind", found.summary, show=None),
            ReportTable("changes_isolation", "Schools newly isolated and no longer isolated", found.isolation),
            ReportTable("changes_partnerships", "Partnerships opened, closed and regrouped", found.partnerships),
            ReportTable("changes_moves", "Schools that moved from one partnership to another", found.moves),
            ReportTable("changes_ranks", "Schools whose betweenness rank moved most", found.ranks, show=10),
            ReportTable("changes_ties", "Every tie gained or lost", found.ties, show=0),
        ),
        figures,
    )


def write_report(
    tables: Tables,
    *,
    out: str | Path = "schoolnet-report",
    as_of: AsOf = None,
    title: str | None = None,
    sections: Sequence[Callable[[ReportContext], Section]] = SECTIONS,
    progress_bar: bool | None = None,
    since: AsOf | None = None,
    outcomes: pd.DataFrame | None = None,
    measure: str | None = None,
    outcome_kinds: str | Iterable[str] = OUTCOME_KINDS,
    cluster_matches: pd.DataFrame | None = None,
    notes: Sequence[str] = (),
) -> Path:
    """Write the report on a network: ``index.html`` and one CSV file per table.

    The page is self-contained: its figures are embedded as PNG images and
    its style sheet is inline, so it opens offline and can be sent as one
    file. It has a contents list, one numbered section per entry of
    ``sections``, each linking to its tables' CSV files, and prints on A4
    with one section per page.

    Parameters
    ----------
    tables : Tables
        The data, from :func:`schoolnet.read_tables`, :func:`schoolnet.read_gias`
        or :func:`schoolnet.load_sample`.
    out : str or pathlib.Path, default "schoolnet-report"
        The folder to write; it is made if needed, and files of the same names
        are replaced.
    as_of : str or date, optional
        The date to describe. By default the data's own: a register
        extract's date, from its file name or else its latest date; today
        for data that carry no date. The page says which.
    title : str, optional
        The report's title.
    sections : sequence of callables, default SECTIONS
        The sections to include, in order.
    progress_bar : bool or None, default None
        Show a progress bar, one step per section: ``True`` always, ``False``
        never, ``None`` when the standard error is a terminal.
    since : str or date, optional
        If given, the report has a section "What changed since <date>"
        (:func:`changes_section`), before the rows set aside, comparing the
        network on this date with the network on ``as_of``.
    outcomes : pandas.DataFrame, optional
        Schools' results, from :func:`schoolnet.read_outcomes`. If given, the
        report has a section on outcomes (:func:`schoolnet.report.outcomes.outcomes_section`),
        before the rows set aside: the committee's table of schools in
        partnerships and not, a matched comparison, and before and after
        joining where joining dates are known.
    measure : str, optional
        The measure of ``outcomes`` to report; by default the one with
        results for the most schools in its latest year.
    outcome_kinds : str or iterable of str, default OUTCOME_KINDS
        The kinds of group that count as a partnership in the section on
        outcomes: trusts, federations, clusters, alliances and companies.
    cluster_matches : pandas.DataFrame, optional
        The matches of a cluster sheet's names, from :func:`schoolnet.read.additions.add_clusters`:
        the first section says how many were matched, ambiguous and
        unmatched, lists the last two, and writes ``cluster_matches.csv``.
    notes : sequence of str, default ()
        Sentences on the data added, such as :func:`schoolnet.read.additions.add_ofsted`'s,
        said in the first section.

    Returns
    -------
    pathlib.Path
        The path of ``index.html``.

    Raises
    ------
    SchoolnetError
        If the tables hold no school to report on.

    Examples
    --------
    >>> import schoolnet, tempfile
    >>> page = write_report(schoolnet.load_sample(), out=tempfile.mkdtemp(), as_of="2025-09-01")
    >>> page.name, (page.parent / "isolated_schools.csv").exists()
    ('index.html', True)
    """
    _check_schools(tables)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    context = ReportContext(tables, as_of=as_of)
    context.cluster_matches, context.notes = cluster_matches, tuple(notes)
    if since is not None:
        parse_as_of(since)
        sections = _before_set_aside(sections, partial(changes_section, since=since))
    if outcomes is not None:
        results = partial(outcomes_section, outcomes=outcomes, measure=measure, kinds=outcome_kinds)
        sections = _before_set_aside(sections, results)
    show = bool(sys.stderr is not None and sys.stderr.isatty()) if progress_bar is None else progress_bar
    built: list[Section] = []
    body: list[str] = []
    for number, make in enumerate(progress(sections, desc="Writing the report", show=show), start=1):
        section = make(context)
        for table in section.tables:
            numbered = isinstance(table.frame.index, pd.RangeIndex)  # row numbers are not data
            table.frame.to_csv(folder / f"{table.name}.csv", index=not numbered, lineterminator="\n")
        body.append(_section_html(section, number))
        built.append(section)
    heading = html.escape(title or f"School partnerships: {tables.source}")
    made = dt.date.today().isoformat()
    meta = (
        f"The network on {context.network.graph['as_of']} ({html.escape(context.as_of_source)}), "
        f"from {html.escape(tables.source)}."
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="schoolnet {_version()}">',
        f"<title>{heading}</title><style>{_CSS}</style></head><body>",
        f'<header class="top"><div class="page"><h1>{heading}</h1><p>{meta}</p></div></header>',
        '<main class="page">',
        _contents_html(built),
        *body,
        "</main>",
        f'<footer class="page">Made {made} with schoolnet {_version()}. Every table of this report is also a CSV '
        "file in the folder of this page, with all its rows.</footer>",
        "</body></html>",
    ]
    page = folder / "index.html"
    page.write_text("\n".join(parts), encoding="utf-8")
    return page


def _check_schools(tables: Tables) -> None:
    """Refuse tables with no school to report on, saying where they came from."""
    schools = tables.schools
    focus = schools["in_focus"].astype(bool).sum() if "in_focus" in schools.columns else len(schools)
    if not len(schools) or not focus:
        read = tables.counts.loc[tables.counts["table"] == "schools", "read"].sum() if len(tables.counts) else 0
        raise SchoolnetError(
            f"no school to report on: {tables.source} has no school"
            + (" in focus" if len(schools) else "")
            + (f" ({int(read)} rows of schools read, {len(tables.rejected)} rows set aside)" if read else "")
        )


def _before_set_aside(
    sections: Sequence[Callable[[ReportContext], Section]], section: Callable[[ReportContext], Section]
) -> list[Callable[[ReportContext], Section]]:
    """The sections with one more added before the rows set aside, or at the end."""
    out = list(sections)
    where = out.index(set_aside_section) if set_aside_section in out else len(out)
    out.insert(where, section)
    return out


def _version() -> str:
    return __version__
