"""Every measure in the README's table returns a table indexed by URN, or says in its docstring why not."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import schoolnet

README = Path(__file__).resolve().parent.parent / "README.md"

#: Measures whose rows are not schools, and the words their docstring's Returns section must use to say so.
NOT_BY_SCHOOL = {
    "isolation_summary": "one row per",
    "ei_index": "one row per",
    "communities": "Communities",
    "coverage": "one row per",
    "suggest_leaders": "one row per",
    "similar_schools": "one row per",
    "similar_not_connected": "one row per",
    "recommend_supporters": "one row per",
    "assign_supporters": "Assignment",
}

#: Arguments a measure needs beyond the network.
ARGUMENTS: dict[str, Callable[[object], dict[str, object]]] = {
    "brokerage_roles": lambda G: {"by": "district"},
    "ei_index": lambda G: {"by": "district"},
    "isolation_summary": lambda G: {},
}


def _readme_measures() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## What it measures", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "function" not in line]
    names = {name for row in rows for name in re.findall(r"`([a-z_]+)`", row.split("|")[2])}
    plots = {n for n in names if n.startswith("plot_")}
    return sorted(names - plots - {"apply", "compare"})


MEASURES = _readme_measures()


def test_the_readme_table_is_read() -> None:
    # A control: the list must hold the measures everyone knows, or the checks below prove nothing.
    assert {"isolation", "centrality", "reach", "assign_supporters"} <= set(MEASURES)


def _returns_section(function: Callable[..., object]) -> str:
    doc = function.__doc__ or ""
    return doc.split("Returns\n", 1)[1].split("\n    Raises\n", 1)[0].split("\n    Examples\n", 1)[0] if doc else ""


@pytest.mark.parametrize("name", MEASURES)
def test_each_measure_returns_a_table_by_urn_or_says_why_not(name: str, sample_network) -> None:
    function = getattr(schoolnet, name)
    if name in NOT_BY_SCHOOL:
        says = NOT_BY_SCHOOL[name].lower() in _returns_section(function).lower()
        assert says, f"{name}'s docstring does not say what a row is"
        return
    G = sample_network
    argument = schoolnet.isolation(G) if name == "isolation_summary" else G
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", schoolnet.SchoolnetWarning)
        result = function(argument, **ARGUMENTS.get(name, lambda _: {})(G))
    assert isinstance(result, pd.DataFrame), f"{name} returned a {type(result).__name__}"
    assert result.index.name == "urn", f"{name} is indexed by {result.index.name!r}"
    assert result.index.is_unique
    assert set(result.index) <= set(G.nodes)
    assert {"name", "phase", "district"} <= set(result.columns), f"{name} has no label columns"
