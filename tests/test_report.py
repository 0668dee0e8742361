from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

import schoolnet
from schoolnet.report import SECTIONS, ReportContext, brokerage_section, brokers_section, write_report

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
