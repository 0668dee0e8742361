"""Results of the sample county's schools, year by year, with a planted effect of joining a trust.

The bundled county, *Wexmoor*, has partnerships but no results. For the
report's section on outcomes and for examples, :func:`sample_outcomes` makes
results for its schools in the layout of the DfE's performance tables, as
:func:`schoolnet.read_outcomes` returns them:

- primaries (and all-through schools), ``PTRWM_EXP``: the percentage of
  pupils at the end of Key Stage 2 reaching the expected standard in reading,
  writing and maths;
- secondaries, ``ATT8SCR``: the average Attainment 8 score at the end of Key
  Stage 4.

Years are those the tables were published for: none for 2020 and 2021, as in
England, when exams were cancelled. A school with 10 pupils or fewer at the
end of the key stage has its value suppressed ("SUPP"), as the tables do.

A school's result falls with its share of pupils eligible for free school
meals, has a lasting part of its own and some noise, and rises by
``effect`` standard deviations of the measure from the first year it is in a
trust (:func:`schoolnet.joining_years`). The results are made up: they serve
to show the method on a county where the answer is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from .._validate import number
from ..impact.staggered import joining_years
from ..tables.tables import Tables
from .sample import SAMPLE_SEED, load_sample

__all__ = ["SAMPLE_RESULT_YEARS", "sample_outcomes"]

#: The years the sample has results for: England published none in 2020 and 2021.
SAMPLE_RESULT_YEARS: Final = (2016, 2017, 2018, 2019, 2022, 2023, 2024, 2025)

# measure: (phases, mean, standard deviation, per point of FSM %, share of pupils at the end of the key stage)
_MEASURES: Final = {
    "PTRWM_EXP": (("primary", "all-through"), 62.0, 12.0, -0.45, 1 / 7),
    "ATT8SCR": (("secondary",), 46.0, 7.0, -0.30, 1 / 5),
}


def sample_outcomes(
    tables: Tables | None = None,
    *,
    years: Sequence[int] = SAMPLE_RESULT_YEARS,
    effect: float = 0.25,
    seed: int = SAMPLE_SEED,
) -> pd.DataFrame:
    """Results of the sample county's schools, with a planted effect of joining a trust.

    Parameters
    ----------
    tables : Tables, optional
        The county; :func:`schoolnet.load_sample` by default. Its schools need
        ``phase``, ``pupils`` and ``fsm_pct``.
    years : sequence of int
        The years of results.
    effect : float, default 0.25
        The planted effect of being in a trust, in standard deviations of the
        measure (0.25 is 3 percentage points of ``PTRWM_EXP``).
    seed : int
        The same seed gives the same results.

    Returns
    -------
    pandas.DataFrame
        As :func:`schoolnet.read_outcomes` returns: ``urn``, ``year``,
        ``measure``, ``value``, ``pupils``, ``missing``. ``attrs["effect"]``
        holds the planted effect of each measure, in its own units.

    Examples
    --------
    >>> results = sample_outcomes()
    >>> sorted(results["measure"].unique()), sorted(results["year"].unique().tolist())[:4]
    (['ATT8SCR', 'PTRWM_EXP'], [2016, 2017, 2018, 2019])
    >>> results.attrs["effect"]
    {'PTRWM_EXP': 3.0, 'ATT8SCR': 1.75}
    """
    county = load_sample() if tables is None else tables
    planted = number("effect", effect, minimum=-float("inf"))
    rng = np.random.default_rng(seed)
    schools = county.schools
    joined = joining_years(county, kinds="trust").reindex(schools.index)
    fsm = pd.to_numeric(schools["fsm_pct"], errors="coerce")
    pupils = pd.to_numeric(schools["pupils"], errors="coerce")
    parts = []
    effects = {}
    for measure, (phases, mean, sd, per_fsm, share) in _MEASURES.items():
        chosen = schools["phase"].isin(phases).to_numpy() & fsm.notna().to_numpy() & pupils.notna().to_numpy()
        n = int(chosen.sum())
        centred = (fsm[chosen] - fsm[chosen].mean()).to_numpy(float)
        lasting = rng.normal(0, 0.5 * sd, n)
        size = pupils[chosen].to_numpy(float) * share
        start = joined[chosen].to_numpy(float)
        effects[measure] = round(planted * sd, 10)
        for year in years:
            member = ~np.isnan(start) & (year >= np.nan_to_num(start, nan=np.inf))
            cohort = np.maximum(np.round(size * rng.uniform(0.85, 1.15, n)), 1)
            noise = rng.normal(0, 0.3 * sd, n) * np.sqrt(30 / np.maximum(cohort, 1))
            value = mean + per_fsm * centred + lasting + noise + 0.1 * (year - years[0]) + planted * sd * member
            small = cohort <= 10
            parts.append(
                pd.DataFrame(
                    {
                        "urn": schools.index[chosen],
                        "year": int(year),
                        "measure": measure,
                        "value": np.where(small, np.nan, np.round(np.clip(value, 0, 100), 1)),
                        "pupils": cohort,
                        "missing": np.where(small, "suppressed: too few pupils", ""),
                    }
                )
            )
    out = pd.concat(parts, ignore_index=True).astype({"urn": "int64", "value": "float64", "pupils": "float64"})
    out = out.sort_values(["measure", "year", "urn"], kind="stable").reset_index(drop=True)
    out.attrs["effect"] = effects
    return out
