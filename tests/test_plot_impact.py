from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.datasets import outcomes_panel


def _joined(schools: pd.DataFrame) -> pd.Series:
    """The year each school of the panel joined, for the schools that did."""
    return schools["joined"].dropna().astype(int)


EVENT = pd.DataFrame(
    {"att": [0.2, -0.1, 3.0, 2.5], "ci_low": [-0.4, -0.6, 2.0, 1.5], "ci_high": [0.8, 0.4, 4.0, 3.5]},
    index=pd.Index([-3, -2, 0, 1], name="event_time"),
)


def test_draws_each_effect_with_its_interval_before_and_after_joining() -> None:
    fig, ax = schoolnet.plot_impact(EVENT)
    before, after = ax.containers
    assert before.get_label() == "before joining"
    assert after.get_label() == "after joining"
    assert before.lines[0].get_xydata().tolist() == [[-3.0, 0.2], [-2.0, -0.1]]
    assert after.lines[0].get_xydata().tolist() == [[0.0, 3.0], [1.0, 2.5]]
    # the vertical bars run from ci_low to ci_high
    segments = [seg.tolist() for seg in after.lines[2][0].get_segments()]
    assert segments == [[[0.0, 2.0], [0.0, 4.0]], [[1.0, 1.5], [1.0, 3.5]]]
    # a dashed line at no effect and a dotted one at the reference year -1
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert [list(line.get_ydata()) for line in dashed] == [[0.0, 0.0]]
    assert [list(line.get_xdata()) for line in dotted] == [[-1.0, -1.0]]
    assert ax.get_xlabel() == "years since joining"
    plt.close(fig)


def test_draws_on_the_axes_given_from_an_event_study() -> None:
    schools, outcomes = outcomes_panel(300, seed=1)
    study = schoolnet.staggered_did(outcomes, joined=_joined(schools), measure="pass")
    fig, ax = plt.subplots()
    fig2, ax2 = schoolnet.plot_impact(study, ax=ax, title=None)
    assert (fig2, ax2) == (fig, ax)
    drawn = np.vstack([c.lines[0].get_xydata() for c in ax.containers])
    assert drawn[:, 0].tolist() == study.event.index.astype(float).tolist()
    assert drawn[:, 1] == pytest.approx(study.event["att"].to_numpy())
    assert ax.get_title() == ""
    plt.close(fig)


def test_an_empty_table_is_refused() -> None:
    with pytest.raises(schoolnet.ParameterError, match="no rows"):
        schoolnet.plot_impact(EVENT.iloc[:0])


def test_in_percentage_points_with_each_effect_written_and_the_legend_off_the_data() -> None:
    fig, ax = schoolnet.plot_impact(EVENT, points=True)
    _, after = ax.containers
    # 100 times the shares: 0.2 -> 20 points, 3.0 -> 300 points; whiskers from 100 * ci_low to 100 * ci_high
    assert after.lines[0].get_xydata().tolist() == [[0.0, 300.0], [1.0, 250.0]]
    assert after.lines[2][0].get_segments()[0].tolist() == [[0.0, 200.0], [0.0, 400.0]]
    assert ax.get_ylabel() == "effect on the outcome (percentage points)"
    assert [t.get_text() for t in ax.texts] == ["+20.0", "-10.0", "+300.0", "+250.0"]
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= ax.get_window_extent().y0  # below the axes, so over no point or whisker
    plt.close(fig)


def test_a_year_that_could_not_be_estimated_is_named() -> None:
    event = EVENT.assign(att=[0.2, np.nan, 3.0, 2.5])
    fig, ax = schoolnet.plot_impact(event)
    assert [c.lines[0].get_xydata()[:, 0].tolist() for c in ax.containers] == [[-3.0], [0.0, 1.0]]
    assert "not estimable: -2" in [t.get_text() for t in ax.texts]
    assert ax.get_xlim()[0] < -3 and ax.get_xlim()[1] > 1  # every point inside the axes, with room
    plt.close(fig)
