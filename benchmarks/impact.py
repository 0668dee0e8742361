"""Time the evaluation of impact for 22,000 schools over 6 years, on a panel with a planted effect.

Run ``python benchmarks/impact.py``. It prints the time of each estimator and
its estimate beside the planted effect; it asserts nothing.
"""

from __future__ import annotations

import time

from _timing import median_seconds

import schoolnet
from schoolnet.datasets import outcomes_panel

EFFECT = 0.03


def main() -> None:
    start = time.perf_counter()
    schools, outcomes = outcomes_panel(22_000, effect=EFFECT, seed=0)
    print(f"panel of 22,000 schools over 6 years       {time.perf_counter() - start:6.2f} s")
    treated = schools["joined"].le(2017).fillna(False).astype(bool)
    joined = schools["joined"].dropna().astype(int)

    def matched() -> object:
        return schoolnet.compare_outcomes(schools, outcomes, treated=treated, measure="pass", year=2018)

    def staggered() -> object:
        return schoolnet.staggered_did(outcomes, joined=joined, measure="pass")

    covariates = schools[["pupils", "fsm_pct", "ks2aps"]]

    def adjusted() -> object:
        return schoolnet.staggered_did(outcomes, joined=joined, measure="pass", covariates=covariates)

    timings = {name: median_seconds(run) for name, run in (("m", matched), ("s", staggered), ("a", adjusted))}
    print(f"matched comparison, k=5                    {timings['m']:6.2f} s")
    print(f"staggered difference in differences        {timings['s']:6.2f} s")
    print(f"  with 3 covariates                        {timings['a']:6.2f} s")
    total = time.perf_counter() - start
    print(f"the whole evaluation, panel included       {total:6.2f} s (median of 3 for each estimator)")
    found = schoolnet.compare_outcomes(schools, outcomes, treated=treated, measure="pass", year=2018)
    study = schoolnet.staggered_did(outcomes, joined=joined, measure="pass")
    year = outcomes[outcomes["year"] == 2018].set_index("urn")["value"]
    print(f"planted effect {EFFECT}; raw gap {year[treated].mean() - year[~treated].mean():.4f}")
    print(f"matched {found.effect:.4f} ({found.ci_low:.4f} to {found.ci_high:.4f})")
    overall = study.overall
    print(f"difference in differences {overall['att']:.4f} ({overall['ci_low']:.4f} to {overall['ci_high']:.4f})")
    with_x = schoolnet.staggered_did(outcomes, joined=joined, measure="pass", covariates=covariates).overall
    print(f"  with covariates {with_x['att']:.4f} ({with_x['ci_low']:.4f} to {with_x['ci_high']:.4f})")
    test = study.pretrend
    print(f"joint test of the years before joining: chi2 {test['statistic']:.2f} on {test['df']:.0f} df, "
          f"p = {test['p_value']:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
