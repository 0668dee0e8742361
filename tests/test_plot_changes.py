"""Tests for schoolnet.plot.changes: what the maps and charts of change draw."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

import schoolnet
from schoolnet.plot.changes import plot_changes, plot_over_time

from .test_changes import AFTER, BEFORE, town  # noqa: F401  (the fixture)


@pytest.fixture
def found(town: schoolnet.Tables) -> schoolnet.Changes:  # noqa: F811
    return schoolnet.changes(town, between=(BEFORE, AFTER), rank_by="degree")


def _lines(ax: plt.Axes) -> dict[str, LineCollection]:
    return {str(c.get_gid()): c for c in ax.collections if isinstance(c, LineCollection)}


def test_the_map_draws_each_tie_gained_solid_and_lost_dashed_in_its_kinds_colour(found: schoolnet.Changes) -> None:
    fig, ax = plot_changes(found)
    lines = _lines(ax)
    # Gained: C1 1-7, 2-7, 3-7; T2 2-6; S1 1-5. Lost: C2 4-5; T1 1-2 (see tests/test_changes.py).
    counts = {gid: len(c.get_segments()) for gid, c in lines.items()}
    assert counts == {"gained cluster": 3, "lost cluster": 1, "gained trust": 1, "lost trust": 1, "gained support": 1}
    for gid, collection in lines.items():
        kind = gid.split()[1]
        assert np.allclose(collection.get_colors()[0], to_rgba(schoolnet.KIND_COLOURS[kind]))
        dashes = collection.get_linestyle()[0][1]
        assert (dashes is None) == gid.startswith("gained")
    # School 4 is at (403000, 300500) and 5 at (404000, 300000): the lost C2 tie joins them.
    segment = lines["lost cluster"].get_segments()[0]
    assert segment.tolist() == [[403_000, 300_500], [404_000, 300_000]]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "cluster gained (3)",
        "cluster lost (1)",
        "trust gained (1)",
        "trust lost (1)",
        "support gained (1)",
    ]
    assert ax.get_title() == f"Ties gained and lost, {BEFORE} to {AFTER}"
    plt.close(fig)


def test_the_map_of_some_kinds_on_given_axes(found: schoolnet.Changes) -> None:
    fig, ax = plt.subplots()
    got_fig, got_ax = plot_changes(found, kinds=["trust"], ax=ax, title="Trusts")
    assert got_ax is ax and got_fig is fig
    assert set(_lines(ax)) == {"gained trust", "lost trust"}
    assert ax.get_title() == "Trusts"
    plt.close(fig)


def test_the_map_needs_coordinates() -> None:
    G0, G1 = (
        schoolnet.from_frames(pd.DataFrame({"urn": [1, 2]}).set_index("urn"), pd.DataFrame(columns=["u", "v"])),
        None,
    )
    G1 = G0.copy()
    G1.add_edge(1, 2)
    with pytest.raises(schoolnet.MissingCoordinatesError):
        plot_changes(schoolnet.changes(G0, G1, require=(), rank_by="degree"))


def test_over_time_sums_each_date_and_draws_a_line_per_group() -> None:
    long = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-09-01"] * 3 + ["2024-09-01"] * 3),
            "urn": [1, 2, 3] * 2,
            "value": [1, 0, 1, 0, 0, 1],
            "kind": ["trust", "cluster", "trust"] * 2,
        }
    )
    fig, ax = plot_over_time(long, by="kind")
    # trust: 1 + 1 = 2, then 0 + 1 = 1; cluster: 0, then 0.
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["trust"].get_ydata().tolist() == [2, 1]
    assert lines["cluster"].get_ydata().tolist() == [0, 0]
    assert lines["trust"].get_color() == schoolnet.KIND_COLOURS["trust"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["cluster", "trust"]
    plt.close(fig)


def test_over_time_draws_columns_of_a_table_indexed_by_date(town: schoolnet.Tables) -> None:  # noqa: F811
    table = schoolnet.groups_over_time(schoolnet.snapshots(town, [BEFORE, AFTER]))
    fig, ax = plot_over_time(table, y=["in_trust", "largest_component"], how="max")
    lines = {line.get_label(): line.get_ydata().tolist() for line in ax.get_lines()}
    # From tests/test_changes.py: schools in a trust 2 then 3; largest component 3 then 6.
    assert lines == {"in trust": [2, 3], "largest component": [3, 6]}  # the column names as words
    plt.close(fig)


def test_over_time_draws_a_column_on_a_right_hand_axis_with_labels(town: schoolnet.Tables) -> None:  # noqa: F811
    table = schoolnet.groups_over_time(schoolnet.snapshots(town, [BEFORE, AFTER]))
    words = {"in_trust": "schools in a trust", "largest_component": "largest part"}
    fig, ax = plot_over_time(
        table, y=["in_trust", "largest_component"], how="max", labels=words, right="largest_component"
    )
    (other,) = [a for a in fig.axes if a is not ax]
    assert [line.get_label() for line in ax.get_lines()] == ["schools in a trust"]
    assert [(line.get_label(), line.get_ydata().tolist()) for line in other.get_lines()] == [("largest part", [3, 6])]
    assert other.get_lines()[0].get_linestyle() == "--"
    assert other.get_ylim()[0] == 0 and ax.get_ylim()[0] == 0
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["schools in a trust", "largest part"]
    assert ax.get_lines()[0].get_color() != other.get_lines()[0].get_color()
    with pytest.raises(schoolnet.ParameterError, match="right='pupils'"):
        plot_over_time(table, y=["in_trust"], how="max", right="pupils")
    plt.close(fig)


def test_over_time_draws_a_share_as_a_percentage() -> None:
    long = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-09-01"] * 4 + ["2024-09-01"] * 4),
            "urn": [1, 2, 3, 4] * 2,
            "value": [True, True, True, False, True, False, False, False],
        }
    )
    fig, ax = plot_over_time(long, how="mean")
    # 3 of 4 schools, then 1 of 4: 75% and 25%, with the ticks in per cent
    assert ax.get_lines()[0].get_ydata().tolist() == [75.0, 25.0]
    assert ax.yaxis.get_major_formatter()(50.0) == "50%"
    plt.close(fig)
    fig, ax = plot_over_time(long, how="mean", percent=False)
    assert ax.get_lines()[0].get_ydata().tolist() == [0.75, 0.25]
    plt.close(fig)


def test_over_time_refuses_a_missing_column_or_unknown_how() -> None:
    long = pd.DataFrame({"date": pd.to_datetime(["2023-09-01"]), "urn": [1], "value": [1]})
    with pytest.raises(schoolnet.ParameterError, match="no column 'district'"):
        plot_over_time(long, by="district")
    with pytest.raises(schoolnet.ParameterError, match="how"):
        plot_over_time(long, how="total")  # type: ignore[arg-type]
