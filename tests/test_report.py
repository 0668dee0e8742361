from __future__ import annotations

import base64
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import NoGroupsLoadedWarning
from schoolnet.report.parts import ReportContext, ReportTable
from schoolnet.report.write import (
    SECTIONS,
    _table_html,
    brokerage_section,
    brokers_section,
    isolation_section,
    overview_section,
    set_aside_section,
    write_report,
)

from .conftest import AS_OF


def test_sections_in_order() -> None:
    names = [s.__name__ for s in SECTIONS]
    assert names.index("isolation_section") < names.index("brokers_section") < names.index("set_aside_section")
    assert names[-1] == "set_aside_section"


def test_brokers_section_tables_agree_with_the_measures(sample_tables: schoolnet.Tables) -> None:
    context = ReportContext(sample_tables, as_of=AS_OF)
    section = brokers_section(context)
    tables = {t.name: t.frame for t in section.tables}
    expected = schoolnet.centrality(context.network, seed=0)
    top = tables["top_brokers"]
    assert top.index[0] == expected["betweenness"].idxmax()
    assert top["betweenness"].is_monotonic_decreasing
    assert len(tables["centrality"]) == 395
    unwritten = schoolnet.communities(context.network, seed=0).differing
    assert tables["unwritten_partnerships"].index.tolist() == unwritten.index.tolist()
    assert len(section.figures) == 1
    ringed = next(c for c in section.figures[0].axes[0].collections if c.get_gid() == "highlight")
    assert len(ringed.get_offsets()) == 10


def test_report_without_coordinates_has_no_maps(tmp_path: Path) -> None:
    schools = pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"], "ofsted": ["good", "inadequate", "good"]})
    groups = pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"]})
    members = pd.DataFrame({"group_id": ["C1", "C1"], "urn": [1, 2]})
    tables = schoolnet.Tables.from_frames(schools, groups, members)
    page = write_report(tables, out=tmp_path, as_of=AS_OF)
    text = page.read_text()
    assert "no school has coordinates" in text.lower()
    assert text.count("data:image/png") == 1  # only the coverage chart, which is not a map
    assert (tmp_path / "top_brokers.csv").exists()
    assert isinstance(ReportContext(tables).network, nx.MultiGraph)


def test_brokerage_section_proposes_the_assignment(sample_tables: schoolnet.Tables) -> None:
    context = ReportContext(sample_tables, as_of=AS_OF)
    section = brokerage_section(context)
    tables = {t.name: t.frame for t in section.tables}
    expected = schoolnet.assign_supporters(context.network)
    assert tables["proposed_support"][["urn", "supporter"]].to_numpy().tolist() == (
        expected.pairs[["urn", "supporter"]].to_numpy().tolist()
    )
    assert len(tables["unmatched_schools"]) == len(expected.unmatched)
    assert f"Of {len(expected.pairs) + len(expected.unmatched)} schools in need" in section.text
    pairs = next(c for c in section.figures[0].axes[0].collections if c.get_gid() == "pairs")
    assert len(pairs.get_segments()) == len(expected.pairs)


def test_a_school_name_is_shown_as_text_not_run(tmp_path: Path, sample_tables: schoolnet.Tables) -> None:
    folder = sample_tables.to_folder(tmp_path / "tables")
    schools = pd.read_csv(folder / "schools.csv")
    isolated = schoolnet.isolation(schoolnet.build_network(sample_tables, as_of=AS_OF)).query("isolated").index[0]
    schools.loc[schools["urn"] == isolated, "name"] = SCRIPT
    schools.to_csv(folder / "schools.csv", index=False)
    page = write_report(schoolnet.read_tables(folder), out=tmp_path / "out", as_of=AS_OF, title="<b>Wexmoor</b>")
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert text.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # in the isolated schools' table and others
    assert "<title>&lt;b&gt;Wexmoor&lt;/b&gt;</title>" in text


SCRIPT = "<script>alert(1)</script>"


class Page(HTMLParser):
    """The tags, ids, links and images of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.links: list[tuple[str, str | None]] = []  # (href, id of the section it is in)
        self.images: list[str] = []
        self.section: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "section":
            self.section = a.get("id")
        if "href" in a:
            self.links.append((str(a["href"]), self.section))
        if tag == "img":
            self.images.append(str(a.get("src")))


def test_the_page_is_self_contained_and_links_every_table(tmp_path: Path, sample_tables: schoolnet.Tables) -> None:
    page = write_report(sample_tables, out=tmp_path, as_of=AS_OF)
    parsed = Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    assert not {"script", "link", "iframe", "object", "embed"} & set(parsed.tags)
    assert len(parsed.images) == 6
    for src in parsed.images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(parsed.ids) == len(set(parsed.ids))
    sections = ["summary", "isolation", "brokers", "coverage", "brokerage", "set-aside"]
    assert [i for i in parsed.ids if i in sections] == sections
    anchors = {href[1:] for href, _ in parsed.links if href.startswith("#")}
    assert set(sections) <= anchors and anchors <= set(parsed.ids)  # the contents list reaches every section
    csvs = {(href, where) for href, where in parsed.links if not href.startswith("#")}
    assert all(href.endswith(".csv") and "/" not in href for href, _ in csvs)
    written = {p.name for p in tmp_path.glob("*.csv")}
    assert {href for href, _ in csvs} == written
    context = ReportContext(sample_tables, as_of=AS_OF)
    isolated = {f"{t.name}.csv" for t in isolation_section(context).tables}
    assert isolated == {href for href, where in csvs if where == "isolation"}


def test_tables_are_set_for_reading() -> None:
    frame = pd.DataFrame(
        {
            "name": ["Alder & Birch", "Cedar"],
            "supporter": [910001, 910002],
            "pupils": [1234, 56],
            "ratio": [0.12345, 0.5],
            "share_isolated": [0.25, 0.5],
            "km": [12.345, None],
            "community": [3.0, None],
            "isolated": [True, False],
        },
        index=pd.Index([910003, 910004], name="urn"),
    )
    html = _table_html(ReportTable("t", "A table", frame, show=1), "s-1")
    assert '<h3 id="s-1">A table</h3>' in html
    assert (
        '<tr><td class="id">910003</td><td class="name">Alder &amp; Birch</td><td class="id">910001</td>'
        '<td class="n">1,234</td><td class="n">0.123</td><td class="n">25%</td><td class="n">12.35</td>'
        '<td class="n">3</td><td>yes</td></tr>'
    ) in html
    assert "<th>urn</th>" in html and '<th class="n">km</th>' in html
    assert "Cedar" not in html and 'The first 1 of 2 rows; every row is in <a href="t.csv">t.csv</a>.' in html
    assert "2 rows in <a" in _table_html(ReportTable("t", "A table", frame, show=0), "s-1")
    assert "None: <a" in _table_html(ReportTable("t", "A table", frame.iloc[:0]), "s-1")


def test_rows_numbered_by_pandas_are_not_written(tmp_path: Path, sample_tables: schoolnet.Tables) -> None:
    write_report(sample_tables, out=tmp_path, as_of=AS_OF, sections=(brokerage_section,))
    assert (tmp_path / "proposed_support.csv").read_text().startswith("urn,name,")


def test_a_progress_bar_shows_each_section(tmp_path: Path, sample_tables: schoolnet.Tables, capsys) -> None:
    sections = (isolation_section, set_aside_section)
    write_report(sample_tables, out=tmp_path, as_of=AS_OF, sections=sections, progress_bar=True)
    assert "Writing the report" in capsys.readouterr().err
    write_report(sample_tables, out=tmp_path, as_of=AS_OF, sections=sections, progress_bar=False)
    assert capsys.readouterr().err == ""


def two_areas() -> schoolnet.Tables:
    """North: 1, 2, 3; South: 4, 5. Cluster CN of 1-2; trust T of 3 (North) and 4 (South); cluster CS of 4-5."""
    schools = pd.DataFrame({"urn": range(1, 6), "name": list("abcde"), "district": ["North"] * 3 + ["South"] * 2})
    groups = pd.DataFrame({"group_id": ["CN", "T", "CS"], "kind": ["cluster", "trust", "cluster"]})
    memberships = pd.DataFrame(
        [("CN", 1), ("CN", 2), ("T", 3), ("T", 4), ("CS", 4), ("CS", 5)], columns=["group_id", "urn"]
    )
    return schoolnet.Tables.from_frames(schools, groups, memberships)


def test_the_summary_counts_the_focus_schools_and_names_the_boundary() -> None:
    north = two_areas().select(district="North")  # focus 1, 2, 3; 4 kept across the border through T
    context = ReportContext(north, as_of=AS_OF)
    section = overview_section(context)
    # 3 focus schools in 1 area; one boundary school (4), with its one tie to the North (3-4 in T).
    assert section.text.startswith("3 schools in 1 areas.")
    assert (
        "1 boundary school across the border is kept as partners, with the 1 tie between it and the area's schools."
        in section.text
    )
    tables = {t.name: t.frame for t in section.tables}
    assert tables["schools_by_area_and_phase"]["all phases"].to_dict() == {"North": 3}
    # Isolation is of the focus schools: 3 is in no cluster (its trust partner 4 counts as a partner).
    iso = isolation_section(context)
    assert iso.text.startswith("1 of 3 schools are professionally isolated")
    cut = overview_section(ReportContext(two_areas().select(district="North", boundary="cut"), as_of=AS_OF))
    assert "boundary" not in cut.text


def test_the_isolation_section_says_first_when_no_cluster_is_loaded() -> None:
    schools = pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"]})
    groups = pd.DataFrame({"group_id": ["T"], "kind": ["trust"]})
    members = pd.DataFrame({"group_id": ["T", "T"], "urn": [1, 2]})
    context = ReportContext(schoolnet.Tables.from_frames(schools, groups, members), as_of=AS_OF)
    with pytest.warns(NoGroupsLoadedWarning):
        section = isolation_section(context)
    assert section.text.startswith("Cluster membership is unknown: no cluster data is loaded")
    assert "--clusters FILE" in section.text  # how to load them
    # Cluster membership cannot be told: only 3, with no partnership at all, is isolated; 1 and 2 are unknown.
    assert "1 of 3 schools are professionally isolated: with no live partnership of any kind; for the other 2" in (
        section.text
    )


def test_the_summary_names_the_kinds_of_partnership_the_data_do_not_hold() -> None:
    from schoolnet.report.sentences import kinds_not_loaded_sentence as _kinds_not_loaded_sentence

    tables = schoolnet.load_sample()
    # The sample holds every main kind and some support: nothing to say.
    assert _kinds_not_loaded_sentence(tables.groups, tables.support) == ""
    # A register holds trusts and federations only, and no support: the other kinds are named, not counted as none.
    register_like = tables.groups[tables.groups["kind"].isin(["trust", "federation"])]
    sentence = _kinds_not_loaded_sentence(register_like, tables.support.iloc[:0])
    assert sentence == (
        " The data hold no clusters, alliances, hubs or brokered support: a school may have partnerships of those kinds"
        " that no count here can see."
    )
    only_clusters_missing = tables.groups[tables.groups["kind"] != "cluster"]
    assert _kinds_not_loaded_sentence(only_clusters_missing, tables.support) == (
        " The data hold no clusters: a school may have partnerships of those kinds that no count here can see."
    )


def test_the_highest_share_of_isolated_schools_is_quoted_with_its_counts() -> None:
    from schoolnet.report.sentences import highest_share as _highest_share

    # Worked by hand: A has 1 of 1 isolated (100%), B 12 of 40 (30%); sorted by share, A comes first.
    summary = pd.DataFrame(
        {"schools": [1, 40], "isolated": [1, 12], "share_isolated": [1.0, 0.3]}, index=pd.Index(["A", "B"])
    )
    assert _highest_share(summary) == "The highest share is in A: 1 of 1 schools (100%). The most are in B: 12 of 40."
    # When the area with the highest share also has the most, it is named once.
    assert _highest_share(summary.iloc[[1]]) == "The highest share is in B: 12 of 40 schools (30%)."
