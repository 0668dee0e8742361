"""Like-for-like comparisons checked on a panel with a planted effect and planted selection."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.datasets import outcomes_panel
from schoolnet.impact.matched import compare_outcomes, standardised_differences

EFFECT = 0.03


def _treated(schools: pd.DataFrame, year: int) -> pd.Series:
    return schools["joined"].le(year).fillna(False).astype(bool)


def test_standardised_differences_by_hand() -> None:
    x = pd.DataFrame({"a": [1.0, 3.0, 2.0, 4.0], "b": [5.0, 5.0, 5.0, 5.0]})
    treated = np.array([True, True, False, False])
    # a: means 2 and 3, variances 2 and 2 (ddof 1): (2 - 3) / sqrt(2) = -0.7071; b: no spread, no difference.
    smd = standardised_differences(x, treated)
    assert smd["a"] == pytest.approx(-1 / np.sqrt(2))
    assert smd["b"] == 0.0
    # Weights: the second control counted three times moves the control mean to (2 + 3 * 4) / 4 = 3.5.
    weighted = standardised_differences(x, treated, np.array([1, 1, 1, 3]))
    assert weighted["a"] == pytest.approx((2 - 3.5) / np.sqrt(2))


def test_the_raw_gap_is_biased_and_matching_recovers_the_planted_effect() -> None:
    schools, outcomes = outcomes_panel(3000, effect=EFFECT, selection=1.5, seed=11)
    treated = _treated(schools, 2017)
    year = outcomes[(outcomes["year"] == 2018) & (outcomes["measure"] == "pass")].set_index("urn")["value"]
    raw = year[treated].mean() - year[~treated].mean()
    # Stronger schools joined: the raw gap is several times the effect.
    assert raw > 3 * EFFECT
    found = compare_outcomes(schools, outcomes, treated=treated, measure="pass", year=2018)
    assert found.ci_low < EFFECT < found.ci_high
    assert not (found.ci_low < raw < found.ci_high)
    # Matching balances what it matches on.
    assert found.balance["before"].abs().max() > 0.5
    assert found.balance["after"].abs().max() < 0.1
    assert found.summary()["matched"] == int(treated.sum())


def test_with_no_effect_the_interval_holds_zero_about_as_often_as_it_says() -> None:
    # 40 panels with a planted effect of 0: a 95% interval should leave out 0 in about 2 of them.
    rejected = 0
    for seed in range(40):
        schools, outcomes = outcomes_panel(800, effect=0.0, selection=1.0, seed=seed)
        found = compare_outcomes(schools, outcomes, treated=_treated(schools, 2017), measure="pass", year=2018)
        rejected += found.p_value < 0.05
    assert rejected <= 6  # 15%: well above the nominal 5% for 40 draws, so a sound estimator passes


def test_schools_that_cannot_be_compared_are_listed_with_the_reason() -> None:
    schools, outcomes = outcomes_panel(300, seed=2)
    treated = _treated(schools, 2017)
    first, second = schools.index[treated.to_numpy()][:2]
    schools.loc[first, "ks2aps"] = np.nan
    outcomes = outcomes[~((outcomes["urn"] == second) & (outcomes["year"] == 2018))]
    found = compare_outcomes(schools, outcomes, treated=treated, measure="pass", year=2018, caliper=0.4)
    reasons = found.unmatched["reason"]
    assert reasons[first] == "no ks2aps" and reasons[second] == "no pass in 2018"
    assert set(reasons.drop([first, second])) <= {"no 5 controls within 0.4 standard deviations"}
    assert len(found.matches) > 0
    assert len(found.matches) + len(found.unmatched) == int(treated.sum())


def test_bad_arguments() -> None:
    schools, outcomes = outcomes_panel(100, seed=3)
    with pytest.raises(schoolnet.ParameterError, match="match_on"):
        compare_outcomes(schools, outcomes, treated=_treated(schools, 2017), measure="pass", year=2018, match_on=["x"])
    with pytest.raises(schoolnet.ParameterError, match="k=0"):
        compare_outcomes(schools, outcomes, treated=_treated(schools, 2017), measure="pass", year=2018, k=0)


def test_exact_matching_keeps_matches_within_their_phase() -> None:
    # T is a primary at x = 0; the nearest control is a secondary at x = 0, the nearest primary is at x = 5.
    schools = pd.DataFrame(
        {"x": [0.0, 5.0, 0.0, 1.0, 2.0], "phase": ["primary", "primary", "secondary", "special", None]},
        index=pd.Index([1, 2, 3, 4, 5], name="urn"),
    )
    results = pd.DataFrame({"urn": [1, 2, 3, 4, 5], "year": 2015, "measure": "m", "value": [12.0, 15, 10, 9, 9]})
    treated = pd.Series([True, False, False, True, True], index=schools.index)
    anywhere = compare_outcomes(schools, results, treated=treated, measure="m", year=2015, match_on=["x"], k=1)
    assert anywhere.matches.loc[1, "matched_urns"] == "3"
    alike = compare_outcomes(
        schools, results, treated=treated, measure="m", year=2015, match_on=["x"], k=1, exact=["phase"]
    )
    assert alike.matches.loc[1, "matched_urns"] == "2"
    # by hand: the bias correction is fitted on the matched controls of the stratum only, here school 2 alone,
    # from which no slope can be fitted: no correction, 12 - 15 = -3 (not school 3's line across the phases)
    assert alike.effect == pytest.approx(-3.0)
    assert alike.unmatched["reason"].to_dict() == {4: "fewer than 1 controls alike in phase", 5: "no phase"}
    with pytest.raises(schoolnet.ParameterError, match="'sector'"):
        compare_outcomes(schools, results, treated=treated, measure="m", year=2015, match_on=["x"], exact=["sector"])


def test_a_network_and_urns_give_the_same_comparison_as_a_table_and_flags() -> None:
    tables = schoolnet.load_sample()
    G = schoolnet.build_network(tables, as_of="2025-09-01")
    results = schoolnet.datasets.sample_outcomes(tables)
    inside = schoolnet.read.outcomes.in_partnership(G, "trust")
    nodes = schoolnet.nodes_frame(G)
    flags = pd.Series(nodes.index.isin(inside), index=nodes.index)
    options = {"measure": "PTRWM_EXP", "year": 2025, "match_on": ["pupils", "fsm_pct"]}
    from_graph = compare_outcomes(G, results, treated=inside, **options)
    from_table = compare_outcomes(nodes, results, treated=flags, **options)
    assert from_graph.effect == from_table.effect
    pd.testing.assert_frame_equal(from_graph.matches, from_table.matches)
    assert len(from_graph.matches) + len(from_graph.unmatched) == len(inside)


def test_the_bias_correction_is_fitted_on_the_matched_controls_weighted_by_use() -> None:
    sm = pytest.importorskip("statsmodels.api")
    schools, outcomes = outcomes_panel(600, effect=EFFECT, curvature=0.003, seed=8)
    treated = _treated(schools, 2017)
    found = compare_outcomes(schools, outcomes, treated=treated, measure="pass", year=2018)
    # Independently: each control's uses from the matches table, a WLS of the outcome on the covariates among the
    # used controls weighted by their uses, and each match moved by the slope times its gap to its treated school.
    y = outcomes[(outcomes["year"] == 2018)].set_index("urn")["value"]
    x = schools[["pupils", "fsm_pct", "ks2aps"]].astype(float)
    lists = found.matches["matched_urns"].str.split("; ").map(lambda urns: [int(u) for u in urns])
    uses = pd.Series([u for urns in lists for u in urns]).value_counts()
    fit = sm.WLS(y[uses.index].to_numpy(), sm.add_constant(x.loc[uses.index].to_numpy()), weights=uses.to_numpy()).fit()
    slope = np.asarray(fit.params)[1:]
    corrected = [
        np.mean([y[m] + (x.loc[urn] - x.loc[m]).to_numpy() @ slope for m in urns]) for urn, urns in lists.items()
    ]
    assert found.matches["matched_outcome"].to_numpy() == pytest.approx(np.array(corrected))
    assert found.effect == pytest.approx(float(np.mean(y[lists.index].to_numpy() - np.array(corrected))))


def test_an_outcome_not_linear_in_a_covariate_with_balance_under_a_tenth() -> None:
    pytest.importorskip("statsmodels")
    # A planted zero; the result bends with the square of prior attainment. Matching balances the means (every
    # standardised difference under 0.1) yet its estimate is pulled away from zero; the doubly robust estimate,
    # whose propensity model is the panel's own (logistic in prior attainment and disadvantage), is not.
    found: dict[str, list[tuple[float, bool, float]]] = {"matching": [], "doubly_robust": []}
    for seed in range(16):
        schools, outcomes = outcomes_panel(800, effect=0.0, curvature=0.01, seed=seed)
        for method, results in found.items():
            c = compare_outcomes(
                schools,
                outcomes,
                treated=_treated(schools, 2017),
                measure="pass",
                year=2018,
                method=method,  # type: ignore[arg-type]
            )
            results.append((c.effect, bool(c.ci_low < 0 < c.ci_high), float(c.balance["after"].abs().max())))
    matching, robust = (np.array(found[m]) for m in ("matching", "doubly_robust"))
    assert (matching[:, 2] < 0.1).mean() >= 0.5  # balance that looks good ...
    assert matching[:, 1].sum() <= 12  # ... and an interval that misses the planted zero too often
    assert robust[:, 1].sum() >= 13  # of 16: near the nominal 95%
    assert abs(robust[:, 0].mean()) < abs(matching[:, 0].mean())


def test_effects_that_vary_with_a_covariate_are_averaged_over_the_treated_by_the_doubly_robust_estimator() -> None:
    pytest.importorskip("statsmodels")
    held = 0
    for seed in range(12):
        # the effect is 0.03 plus 0.03 per standard deviation of prior attainment: larger for stronger schools
        schools, outcomes = outcomes_panel(800, effect=EFFECT, effect_slope=0.03, curvature=0.003, seed=seed)
        treated = _treated(schools, 2017)
        truth = schools.loc[treated, "effect"].mean()
        c = compare_outcomes(schools, outcomes, treated=treated, measure="pass", year=2018, method="doubly_robust")
        held += c.ci_low < truth < c.ci_high
        assert len(c.matches) == int(treated.sum()) and c.unmatched.empty
    assert held >= 10


def test_standard_errors_clustered_by_a_column() -> None:
    pytest.importorskip("statsmodels")
    schools, outcomes = outcomes_panel(400, effect=EFFECT, seed=9)
    treated = _treated(schools, 2017)
    options = {"treated": treated, "measure": "pass", "year": 2018}
    for method in ("matching", "doubly_robust"):
        plain = compare_outcomes(schools, outcomes, method=method, **options)  # type: ignore[arg-type]
        # every school its own cluster: the same standard error times sqrt(G / (G - 1))
        alone = compare_outcomes(
            schools.assign(trust=range(len(schools))), outcomes, method=method, cluster="trust", **options
        )  # type: ignore[arg-type]
        assert alone.effect == plain.effect
        if method == "doubly_robust":
            g = len(schools)
            assert alone.ci_high - alone.effect == pytest.approx((plain.ci_high - plain.effect) * np.sqrt(g / (g - 1)))
        # treated schools in trusts of ten that share a shock: their errors are related, and the interval widens
        trusts = pd.Series(np.nan, index=schools.index)
        trusts[treated] = np.arange(int(treated.sum())) // 10
        shock = pd.Series(np.random.default_rng(1).normal(0, 0.06, 200), name="shock")
        shocked = outcomes.assign(
            value=outcomes["value"] + outcomes["urn"].map(trusts).map(shock).fillna(0.0).to_numpy()
        )
        naive = compare_outcomes(schools, shocked, method=method, **options)  # type: ignore[arg-type]
        grouped = compare_outcomes(schools.assign(trust=trusts), shocked, method=method, cluster="trust", **options)  # type: ignore[arg-type]
        assert grouped.ci_high - grouped.effect > 1.5 * (naive.ci_high - naive.effect)
    with pytest.raises(schoolnet.ParameterError, match="cluster='trust'"):
        compare_outcomes(schools, outcomes, cluster="trust", **options)  # type: ignore[arg-type]
