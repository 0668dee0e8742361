"""Tests of the coverage section of the report."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import schoolnet
from schoolnet.report.parts import ReportContext
from schoolnet.report.write import SECTIONS, coverage_section, set_aside_section

from .conftest import AS_OF


def test_coverage_section_comes_before_the_set_aside_section() -> None:
    assert SECTIONS.index(coverage_section) < SECTIONS.index(set_aside_section)


def test_coverage_section_on_the_sample(sample_tables: schoolnet.Tables, sample_network) -> None:
    section = coverage_section(ReportContext(sample_tables, as_of=AS_OF))
    assert section.key == "coverage"
    tables = {t.name: t.frame for t in section.tables}
    assert list(tables) == ["coverage_by_district", "uncovered_schools", "suggested_designations", "leader_reach"]
    pd.testing.assert_frame_equal(tables["coverage_by_district"], schoolnet.coverage(sample_network))
    pd.testing.assert_frame_equal(tables["uncovered_schools"], schoolnet.uncovered(sample_network))
    pd.testing.assert_frame_equal(tables["suggested_designations"], schoolnet.suggest_leaders(sample_network))
    uncovered = len(tables["uncovered_schools"])
    assert f"{uncovered} do not" in section.text
    assert "Fellside" in section.text
    # the reach map is of the leader that reaches the most schools, then the coverage chart
    reach_map, chart = section.figures
    top = tables["leader_reach"]["hops_2"].idxmax()
    assert str(tables["leader_reach"].loc[top, "name"]) in reach_map.axes[0].get_title()
    assert [p.get_gid() for p in chart.axes[0].patches].count("uncovered") == len(tables["coverage_by_district"])
    plt.close("all")


def test_report_writes_the_coverage_tables(sample_tables: schoolnet.Tables, tmp_path: Path) -> None:
    page = schoolnet.write_report(sample_tables, out=tmp_path, as_of=AS_OF, sections=(coverage_section,))
    html = page.read_text(encoding="utf-8")
    assert 'id="coverage"' in html
    assert html.count("<img") == 2
    uncovered = pd.read_csv(tmp_path / "uncovered_schools.csv", index_col="urn")
    assert set(uncovered["district"]) == {"Fellside"}
    assert (tmp_path / "leader_reach.csv").exists()
