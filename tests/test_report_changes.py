"""Tests for the report's section on what changed since a date, and ``schoolnet report --since``."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

import schoolnet
from schoolnet.cli import main
from schoolnet.report.parts import ReportContext
from schoolnet.report.write import changes_section, write_report

from .conftest import AS_OF

SINCE = "2022-09-01"


def _headings(page: Path) -> list[str]:
    return re.findall(r'<h2><span class="number">\d+\.</span> ([^<]*)</h2>', page.read_text(encoding="utf-8"))


def test_the_section_is_added_before_the_rows_set_aside_only_with_since(
    tmp_path: Path, sample_tables: schoolnet.Tables
) -> None:
    without = _headings(write_report(sample_tables, out=tmp_path / "a", as_of=AS_OF))
    assert not any(h.startswith("What changed") for h in without)
    with_since = _headings(write_report(sample_tables, out=tmp_path / "b", as_of=AS_OF, since=SINCE))
    assert with_since == [*without[:-1], f"What changed since {SINCE}", without[-1]]
    assert (tmp_path / "b" / "changes_ties.csv").is_file()


def test_the_section_tables_are_what_changes_finds(sample_tables: schoolnet.Tables) -> None:
    context = ReportContext(sample_tables, as_of=AS_OF)
    section = changes_section(context, since=SINCE)
    found = schoolnet.changes(sample_tables, between=(SINCE, AS_OF))
    tables = {t.name: t.frame for t in section.tables}
    pd.testing.assert_frame_equal(tables["changes_by_kind"], found.summary)
    pd.testing.assert_frame_equal(tables["changes_ties"], found.ties)
    pd.testing.assert_frame_equal(tables["changes_isolation"], found.isolation)
    gained = int((found.ties["change"] == "gained").sum())
    assert f"{gained} ties were gained and {len(found.ties) - gained} lost" in section.text
    assert len(section.figures) == 1


def test_the_command_writes_the_section_with_since(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["report", "--out", str(out), "--as-of", AS_OF, "--since", SINCE]) == 0
    assert f"What changed since {SINCE}" in _headings(out / "index.html")
    assert (out / "changes_by_kind.csv").is_file()


def test_the_command_refuses_a_bad_since(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["report", "--out", str(tmp_path), "--since", "last year"]) == 1
    assert "as_of='last year'" in capsys.readouterr().err
