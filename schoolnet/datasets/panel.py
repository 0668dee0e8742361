"""A panel of schools' results over years, with a planted effect of joining a partnership and planted selection.

For checking the estimators of :mod:`schoolnet.impact.matched` on a known truth: the
schools that join are chosen, more often, among those with stronger intakes
(selection on what the performance tables publish), and joining raises a
school's result by exactly ``effect`` from the year it joins.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validate import number, whole_number

__all__ = ["outcomes_panel"]


def outcomes_panel(
    n_schools: int = 2_000,
    years: Sequence[int] = (2013, 2014, 2015, 2016, 2017, 2018),
    *,
    effect: float = 0.03,
    selection: float = 1.0,
    join_years: Sequence[int] = (2015, 2016, 2017),
    share_joining: float = 0.3,
    seed: int = 0,
    effect_slope: float = 0.0,
    trend: float = 0.0,
    curvature: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Schools and their results over years, with a known effect of joining and known selection.

    Each school has ``pupils``, ``fsm_pct`` (disadvantage) and ``ks2aps``
    (prior attainment). Its result in a year (``measure`` ``"pass"``, a share
    of pupils from 0 to 1) is 0.55, plus 0.08 per standard deviation of prior
    attainment, less 0.05 per standard deviation of disadvantage, plus 0.01 a
    year, plus a lasting school effect (standard deviation 0.03, unrelated to
    joining), plus noise (0.02), plus ``effect`` from the year it joined. A
    school joins with a probability that rises with prior attainment and falls
    with disadvantage, by ``selection`` on the log-odds scale, so that about
    ``share_joining`` of the schools join, in one of ``join_years``.

    Three options make the panel harder, as real data may be: with
    ``effect_slope``, a school's effect is ``effect`` plus ``effect_slope``
    per standard deviation of prior attainment, so that the effect on the
    schools that join (stronger ones, more often) differs from the effect on
    all; with ``trend``, the result rises by ``trend`` a year more per
    standard deviation of prior attainment, so that stronger schools improve
    faster whether or not they join; with ``curvature``, the result has
    ``curvature`` times (z ** 2 - 1) times the years since the first, plus
    one, with z the standard score of prior attainment: not linear in the
    covariate, in level or in trend. The planted effect of each school is in
    ``schools["effect"]``; the true average effect on the treated is its
    mean over the schools that joined.

    Parameters
    ----------
    n_schools : int, default 2000
        How many schools.
    years : sequence of int
        The years of results.
    effect : float, default 0.03
        The planted effect of joining, on the share.
    selection : float, default 1.0
        How strongly stronger schools join first; 0 for joining at random.
    join_years : sequence of int
        The years schools join in, equally often.
    share_joining : float, default 0.3
        About this share of the schools join.
    seed : int, default 0
        The same seed gives the same panel.
    effect_slope : float, default 0.0
        How much the effect rises per standard deviation of prior attainment.
    trend : float, default 0.0
        How much faster, a year, the result rises per standard deviation of
        prior attainment.
    curvature : float, default 0.0
        The size of a term in the square of prior attainment's standard score.

    Returns
    -------
    schools : pandas.DataFrame
        Indexed by ``urn``: ``pupils``, ``fsm_pct``, ``ks2aps``, ``joined``
        (the year joined, blank for a school that never joins) and ``effect``
        (what joining does, or would do, to the school's result).
    outcomes : pandas.DataFrame
        As :func:`schoolnet.read_outcomes` returns: ``urn``, ``year``,
        ``measure``, ``value``, ``pupils``, ``missing``.

    Examples
    --------
    >>> schools, outcomes = outcomes_panel(200, seed=1)
    >>> len(schools), len(outcomes), sorted(schools["joined"].dropna().astype(int).unique().tolist())
    (200, 1200, [2015, 2016, 2017])
    """
    n = whole_number("n_schools", n_schools, minimum=10, what="schools")
    planted = number("effect", effect, minimum=-1)
    strength = number("selection", selection, minimum=0)
    share = number("share_joining", share_joining, minimum=0)
    slope = number("effect_slope", effect_slope, minimum=-np.inf)
    steeper = number("trend", trend, minimum=-np.inf)
    bend = number("curvature", curvature, minimum=-np.inf)
    rng = np.random.default_rng(seed)
    ks2 = rng.normal(0, 1, n)
    fsm = rng.normal(0, 1, n)
    pupils = np.round(np.exp(rng.normal(5.2, 0.3, n))).astype(int)
    score = strength * (ks2 - fsm) / np.sqrt(2)
    # The intercept that makes about `share` of the schools join.
    grid = np.linspace(-10, 10, 2001)
    odds = np.array([np.mean(1 / (1 + np.exp(-(score + c)))) for c in grid])
    joins = rng.random(n) < 1 / (1 + np.exp(-(score + grid[np.argmin(np.abs(odds - share))])))
    joined = np.where(joins, rng.choice(np.asarray(join_years, dtype=float), n), np.nan)
    lasting = rng.normal(0, 0.03, n)
    own_effect = planted + slope * ks2
    urns = pd.Index(500_000 + np.arange(n), name="urn")
    schools = pd.DataFrame(
        {
            "pupils": pupils,
            "fsm_pct": np.clip(20 + 8 * fsm, 0, 100),
            "ks2aps": 27 + 1.5 * ks2,
            "joined": joined,
            "effect": own_effect,
        },
        index=urns,
    )
    rows = []
    for year in years:
        after = ~np.isnan(joined) & (year >= np.nan_to_num(joined, nan=np.inf))
        since = year - years[0]
        value = (
            0.55 + 0.08 * ks2 - 0.05 * fsm + 0.01 * since + lasting + rng.normal(0, 0.02, n)
            + own_effect * after + steeper * ks2 * since + bend * (ks2**2 - 1) * (since + 1)
        )  # fmt: skip
        rows.append(
            pd.DataFrame(
                {"urn": urns, "year": year, "measure": "pass", "value": value, "pupils": pupils, "missing": ""}
            )
        )
    return schools, pd.concat(rows, ignore_index=True)
