from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

import schoolnet
from schoolnet.datasets import outcomes_panel


def _joined(schools: pd.DataFrame) -> pd.Series:
    """The year each school of the panel joined, for the schools that did."""
    return schools["joined"].dropna().astype(int)


def _long(values: dict[int, list[float]], years: list[int]) -> pd.DataFrame:
    rows = [(urn, year, v) for urn, vs in values.items() for year, v in zip(years, vs, strict=True)]
    frame = pd.DataFrame(rows, columns=["urn", "year", "value"])
    frame["measure"] = "score"
    return frame


def test_group_time_effects_by_hand_with_not_yet_treated_controls() -> None:
    # years 2014-2016. School 1 joins in 2015, school 2 in 2016, 3 and 4 never.
    values = {1: [10, 15, 17], 2: [20, 21, 30], 3: [30, 31, 32], 4: [40, 43, 44]}
    study = schoolnet.staggered_did(
        _long(values, [2014, 2015, 2016]), joined=pd.Series({1: 2015, 2: 2016}), measure="score"
    )
    gt = study.group_time.set_index(["cohort", "year"])
    # ATT(2015, 2015), base 2014: school 1 +5; controls not yet treated in 2015: 2 (+1), 3 (+1), 4 (+3): 5 - 5/3
    assert gt.loc[(2015, 2015), "att"] == pytest.approx(5 - 5 / 3)
    # ATT(2015, 2016): school 1 +7; controls not yet treated in 2016: 3 (+2), 4 (+4): 7 - 3 = 4
    assert gt.loc[(2015, 2016), "att"] == pytest.approx(4.0)
    assert gt.loc[(2015, 2016), "controls"] == 2
    # ATT(2016, 2016), base 2015: school 2 +9; controls 3 (+1), 4 (+1): 9 - 1 = 8
    assert gt.loc[(2016, 2016), "att"] == pytest.approx(8.0)
    # ATT(2016, 2014), a pre-period against base 2015: school 2 20 - 21 = -1; 3: -1, 4: -3: -1 - (-2) = 1
    assert gt.loc[(2016, 2014), "att"] == pytest.approx(1.0)
    # event time 0: cohorts 2015 and 2016, one school each: (5 - 5/3 + 8) / 2
    assert study.event.loc[0, "att"] == pytest.approx((5 - 5 / 3 + 8) / 2)
    assert study.event.loc[1, "att"] == pytest.approx(4.0)
    assert -1 not in study.event.index  # the reference year
    # overall: the mean of event times 0 and 1
    assert study.overall["att"] == pytest.approx(((5 - 5 / 3 + 8) / 2 + 4.0) / 2)


def test_schools_in_a_partnership_from_the_first_year_are_set_aside() -> None:
    values = {1: [10, 15], 2: [20, 21], 3: [30, 33]}
    study = schoolnet.staggered_did(_long(values, [2015, 2016]), joined=pd.Series({1: 2015, 2: 2016}), measure="score")
    assert study.excluded["reason"].to_dict() == {1: "in a partnership from the first year"}
    # school 1 is no control either: ATT(2016, 2016) = (21 - 20) - (33 - 30) = -2
    assert study.event.loc[0, "att"] == pytest.approx(-2.0)


def test_group_time_standard_error_is_the_cluster_robust_regression_one() -> None:
    sm = pytest.importorskip("statsmodels.api")
    schools, outcomes = outcomes_panel(300, seed=4)
    joined = _joined(schools)
    study = schoolnet.staggered_did(outcomes, joined=joined, measure="pass")
    wide = outcomes[outcomes["measure"] == "pass"].pivot(index="urn", columns="year", values="value")
    cohort = joined.reindex(wide.index)
    for g, t in [(2015, 2017), (2017, 2014), (2016, 2018)]:
        change = wide[t] - wide[g - 1]
        treated = cohort == g
        control = cohort.isna() | (cohort > max(t, g - 1))
        keep = treated | control
        X = sm.add_constant(treated[keep].astype(float).to_numpy())
        fit = sm.OLS(change[keep].to_numpy(), X).fit(
            cov_type="cluster", cov_kwds={"groups": np.arange(int(keep.sum())), "use_correction": False}
        )
        row = study.group_time.set_index(["cohort", "year"]).loc[(g, t)]
        assert row["att"] == pytest.approx(fit.params[1])
        assert row["se"] == pytest.approx(fit.bse[1])


def test_event_effects_are_cohort_size_weighted_means_of_group_time_effects() -> None:
    schools, outcomes = outcomes_panel(400, seed=5)
    study = schoolnet.staggered_did(outcomes, joined=_joined(schools), measure="pass")
    gt = study.group_time
    for e, part in gt.groupby("event_time"):
        expected = (part["att"] * part["treated"]).sum() / part["treated"].sum()
        assert study.event.loc[e, "att"] == pytest.approx(expected)


def test_on_known_truth_the_event_study_recovers_the_planted_effect() -> None:
    effect = 0.03
    schools, outcomes = outcomes_panel(2000, effect=effect, seed=0)
    study = schoolnet.staggered_did(outcomes, joined=_joined(schools), measure="pass")
    assert study.overall["ci_low"] < effect < study.overall["ci_high"]
    assert study.event.loc[0, "ci_low"] < effect < study.event.loc[0, "ci_high"]
    pre = study.event[study.event.index < -1]
    assert ((pre["ci_low"] < 0) & (pre["ci_high"] > 0)).sum() >= len(pre) - 1  # no effect before joining


def test_with_no_effect_the_event_study_is_rarely_significant() -> None:
    significant = trending = 0
    for seed in range(40):
        schools, outcomes = outcomes_panel(400, effect=0.0, seed=seed)
        study = schoolnet.staggered_did(outcomes, joined=_joined(schools), measure="pass")
        significant += not (study.overall["ci_low"] < 0.0 < study.overall["ci_high"])
        trending += study.pretrend["p_value"] < 0.05
    assert significant < 0.15 * 40
    # parallel trends hold in the panel: the joint test of the years before joining rejects at about 5%
    assert trending < 0.15 * 40


def test_the_pretrend_test_with_one_year_is_the_square_of_its_z() -> None:
    schools, outcomes = outcomes_panel(300, years=(2014, 2015, 2016), join_years=(2016,), seed=2)
    study = schoolnet.staggered_did(outcomes, joined=_joined(schools), measure="pass")
    before = study.event.loc[-2]
    z = before["att"] / before["se"]
    assert study.pretrend["df"] == 1
    assert study.pretrend["statistic"] == pytest.approx(z**2)
    assert study.pretrend["p_value"] == pytest.approx(2 * norm.sf(abs(z)))


def test_joiners_already_on_another_path_fail_the_pretrend_test() -> None:
    schools, outcomes = outcomes_panel(1000, effect=0.0, seed=3)
    joined = _joined(schools)
    # the joiners rise by 0.01 a year more than the others, in every year, before joining as after
    steeper = outcomes["urn"].isin(joined.index) * 0.01 * (outcomes["year"] - 2013)
    study = schoolnet.staggered_did(outcomes.assign(value=outcomes["value"] + steeper), joined=joined, measure="pass")
    assert study.pretrend["df"] == len(study.event.query("event_time < 0"))
    assert study.pretrend["p_value"] < 0.001
    no_years = schoolnet.staggered_did(
        _long({1: [10, 15], 2: [20, 21]}, [2015, 2016]), joined=pd.Series({1: 2016}), measure="score"
    )
    assert no_years.pretrend["df"] == 0 and np.isnan(no_years.pretrend["p_value"])


def test_a_school_with_no_value_in_any_year_is_set_aside() -> None:
    outcomes = _long({1: [10, 15], 2: [20, 21], 3: [np.nan, np.nan], 4: [40, 44]}, [2015, 2016])
    study = schoolnet.staggered_did(outcomes, joined=pd.Series({1: 2016, 3: 2016}), measure="score")
    assert study.excluded["reason"].to_dict() == {3: "no value of score in any year"}
    assert study.group_time.loc[0, ["treated", "controls"]].tolist() == [1, 2]


def test_a_cohort_after_a_year_without_results_is_set_aside_with_the_reason() -> None:
    # Results in 2019 and 2022 only, as in England, where none were published in 2020 and 2021.
    values = {1: [10, 15], 2: [20, 26], 3: [30, 31], 4: [40, 43]}
    joined = pd.Series({1: 2021, 2: 2022})
    study = schoolnet.staggered_did(_long(values, [2019, 2022]), joined=joined, measure="score")
    assert study.excluded["reason"].to_dict() == {
        1: "joined in 2021, after a year without results (2020): compared only before it",
        2: "joined in 2022, after a year without results (2021): compared only before it",
    }
    assert study.group_time.empty and study.event.empty


def test_with_the_latest_base_a_cohort_after_a_gap_is_measured_from_before_the_gap() -> None:
    # Results in 2019, 2022 and 2023. School 1 joins in 2021, school 2 in 2023; 3 and 4 never.
    values = {1: [10, 18, 19], 2: [20, 21, 30], 3: [30, 32, 33], 4: [40, 44, 46]}
    outcomes = _long(values, [2019, 2022, 2023])
    joined = pd.Series({1: 2021, 2: 2023})
    study = schoolnet.staggered_did(outcomes, joined=joined, measure="score", base="latest")
    gt = study.group_time.set_index(["cohort", "year"])
    # ATT(2021, 2022), from 2019: school 1 +8; not yet joined in 2022: 2 (+1), 3 (+2), 4 (+4): 8 - 7/3
    assert gt.loc[(2021, 2022), "att"] == pytest.approx(8 - 7 / 3)
    assert gt.loc[(2021, 2022), "base"] == 2019
    # ATT(2021, 2023): school 1 +9; not yet joined in 2023: 3 (+3), 4 (+6): 9 - 4.5
    assert gt.loc[(2021, 2023), "att"] == pytest.approx(4.5)
    # the 2023 cohort has its year before, 2022: school 2 +9; 3 (+1), 4 (+2): 7.5
    assert gt.loc[(2023, 2023), "att"] == pytest.approx(7.5)
    assert gt.loc[(2023, 2023), "base"] == 2022
    assert study.excluded.empty
    # with the year before as the base, the 2021 cohort is not estimated
    strict = schoolnet.staggered_did(outcomes, joined=joined, measure="score")
    assert set(strict.group_time["cohort"]) == {2023}
    with pytest.raises(schoolnet.ParameterError, match="base='first'"):
        schoolnet.staggered_did(outcomes, joined=joined, measure="score", base="first")  # type: ignore[arg-type]


def test_a_cohort_without_a_base_year_is_still_a_control_before_it_joins() -> None:
    # Results in 2016, 2017 and 2019. School 1 joins in 2019 (no 2018 results); school 2 in 2017; 3 never.
    values = {1: [10, 14, 20], 2: [20, 30, 31], 3: [30, 32, 33]}
    study = schoolnet.staggered_did(
        _long(values, [2016, 2017, 2019]), joined=pd.Series({1: 2019, 2: 2017}), measure="score"
    )
    gt = study.group_time.set_index(["cohort", "year"])
    # ATT(2017, 2017), base 2016: school 2 +10; not yet joined in 2017: schools 1 (+4) and 3 (+2): 10 - 3 = 7
    assert gt.loc[(2017, 2017), "att"] == pytest.approx(7.0)
    assert gt.loc[(2017, 2017), "controls"] == 2
    # ATT(2017, 2019): school 2 +11; school 1 has joined by 2019, so only school 3 (+3): 8
    assert gt.loc[(2017, 2019), "att"] == pytest.approx(8.0)
    assert 2019 not in gt.index.get_level_values("cohort")
    assert list(study.excluded.index) == [1]


def test_covariates_make_the_trends_parallel_among_alike_schools() -> None:
    # The outcome rises by 2 a year per unit of x, and the joiners have larger x: without x the
    # comparison mixes their steeper trend into the effect; with x it finds the planted 1.0.
    rng = np.random.default_rng(0)
    n = 400
    x = rng.normal(0, 1, n)
    joins = np.where(rng.random(n) < 1 / (1 + np.exp(-2 * x)), 2016, 0)
    years = [2014, 2015, 2016, 2017]
    rows = [
        (urn, year, 50 + 3 * x[urn] + 2 * x[urn] * (year - 2014) + 1.0 * (joins[urn] and year >= joins[urn]))
        for urn in range(n)
        for year in years
    ]
    outcomes = pd.DataFrame(rows, columns=["urn", "year", "value"]).assign(measure="score")
    joined = pd.Series(joins, index=range(n))[joins > 0]
    raw = schoolnet.staggered_did(outcomes, joined=joined, measure="score")
    adjusted = schoolnet.staggered_did(
        outcomes, joined=joined, measure="score", covariates=pd.DataFrame({"x": x}, index=range(n))
    )
    # by hand: the 2016 cohort's mean x exceeds the never-joined schools' mean x, so the raw estimate at
    # event time 0 is 1 + 2 * (mean x of joiners - mean x of the others)
    expected_raw = 1.0 + 2 * (x[joins > 0].mean() - x[joins == 0].mean())
    assert raw.event.loc[0, "att"] == pytest.approx(expected_raw)
    assert adjusted.event.loc[0, "att"] == pytest.approx(1.0)
    assert adjusted.event.loc[1, "att"] == pytest.approx(1.0)
    assert adjusted.event.loc[-2, "att"] == pytest.approx(0.0, abs=1e-9)


def test_schools_without_a_covariate_are_set_aside_and_words_are_refused() -> None:
    values = {1: [10, 15], 2: [20, 21], 3: [30, 33], 4: [40, 41]}
    outcomes = _long(values, [2015, 2016])
    covariates = pd.DataFrame({"fsm_pct": [20.0, 30.0, np.nan, 25.0]}, index=[1, 2, 3, 4])
    study = schoolnet.staggered_did(outcomes, joined=pd.Series({1: 2016}), measure="score", covariates=covariates)
    assert study.excluded["reason"].to_dict() == {3: "no fsm_pct"}
    assert study.group_time.loc[0, "controls"] == 2
    with pytest.raises(schoolnet.ParameterError, match="'phase' is not numbers"):
        schoolnet.staggered_did(
            outcomes, joined=pd.Series({1: 2016}), measure="score", covariates=pd.DataFrame({"phase": ["a"] * 4})
        )


def test_a_school_is_in_a_partnership_from_when_another_is_in_its_group() -> None:
    schools = pd.DataFrame({"urn": range(1, 8), "name": list("ABCDEFG")})
    groups = pd.DataFrame({"group_id": ["T1", "T2", "T3", "F1"], "kind": ["trust", "trust", "trust", "federation"]})
    day = pd.to_datetime
    members = pd.DataFrame(
        {
            "group_id": ["T1", "T1", "T2", "T2", "T3", "F1", "F1"],
            "urn": [1, 2, 3, 4, 5, 6, 7],
            # T1: 1 alone from September 2014 until 2 joins in March 2016.
            # T2: 3 left in January 2012, before 4 joined in 2013: never together.
            # T3: 5 alone. F1: a federation, with a school whose date is not known.
            "joined": day(["2014-09-01", "2016-03-01", "2010-01-01", "2013-01-01", "2011-09-01", "2012-09-01", None]),
            "left": day([None, None, "2012-01-01", None, None, None, None]),
        }
    )
    tables = schoolnet.Tables.from_frames(schools, groups, members)
    assert schoolnet.joining_years(tables).to_dict() == {1: 2016, 2: 2016}
    assert schoolnet.joining_years(tables, alone=True).to_dict() == {
        1: 2015,
        2: 2016,
        3: 2010,
        4: 2013,
        5: 2012,
        6: 2013,
    }
    assert schoolnet.joining_years(tables, kinds="federation", alone=True).to_dict() == {6: 2013}
    assert schoolnet.joining_years(tables, kinds="federation").empty


def test_the_outcome_regression_is_fitted_on_the_controls_only() -> None:
    # Controls (x = 0, 1, 2) change by 1 + 2x: 1, 3, 5. Treated: x = 3 changes by 17 (7 expected: effect 10) and
    # x = 1 by 5 (3 expected: effect 2). The average effect on the treated is (10 + 2) / 2 = 6. A regression on
    # treated and controls together with one slope would weight the two effects by the variance of joining.
    x = {1: 0.0, 2: 1.0, 3: 2.0, 4: 3.0, 5: 1.0}
    change = {1: 1.0, 2: 3.0, 3: 5.0, 4: 17.0, 5: 5.0}
    outcomes = _long({u: [10.0, 10.0 + c] for u, c in change.items()}, [2015, 2016])
    covariates = pd.DataFrame({"x": pd.Series(x)})
    study = schoolnet.staggered_did(
        outcomes, joined=pd.Series({4: 2016, 5: 2016}), measure="score", covariates=covariates
    )
    assert study.event.loc[0, "att"] == pytest.approx(6.0)
    assert study.school_years["att"] == pytest.approx(6.0)


def test_both_summaries_by_hand() -> None:
    # The case of the first test: ATT(2015, 2015) = 5 - 5/3, ATT(2015, 2016) = 4, ATT(2016, 2016) = 8, one school
    # each. Over years since joining: year 0 is (10/3 + 8) / 2, year 1 is 4, and their mean is "overall". Over
    # treated school-years each of the three counts once: (10/3 + 4 + 8) / 3.
    values = {1: [10, 15, 17], 2: [20, 21, 30], 3: [30, 31, 32], 4: [40, 43, 44]}
    study = schoolnet.staggered_did(
        _long(values, [2014, 2015, 2016]), joined=pd.Series({1: 2015, 2: 2016}), measure="score"
    )
    assert study.overall["att"] == pytest.approx(((10 / 3 + 8) / 2 + 4) / 2)
    assert study.school_years["att"] == pytest.approx((10 / 3 + 4 + 8) / 3)


def _truth(schools: pd.DataFrame, study: schoolnet.EventStudy) -> float:
    """The planted average effect over the treated school-years the study averaged: each cell's cohort mean."""
    cells = study.group_time[study.group_time["event_time"] >= 0]
    by_cohort = schools.groupby("joined")["effect"].mean()
    means = by_cohort.reindex(cells["cohort"].astype(float)).to_numpy()
    return float((means * cells["treated"]).sum() / cells["treated"].sum())


def _adjusted(outcomes: pd.DataFrame, schools: pd.DataFrame, method: str) -> schoolnet.EventStudy:
    """The study of a planted panel, adjusted for prior attainment and disadvantage by the method given."""
    return schoolnet.staggered_did(
        outcomes,
        joined=_joined(schools),
        measure="pass",
        covariates=schools[["ks2aps", "fsm_pct"]],
        method=method,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("method", ["regression", "doubly_robust"])
def test_effects_that_vary_with_a_covariate_are_averaged_over_the_treated(method: str) -> None:
    pytest.importorskip("statsmodels")
    # The effect is 0.03 plus 0.03 per standard deviation of prior attainment; stronger schools join more often and
    # improve faster (trend), so the covariates are needed; 12 panels, each 95% interval should hold the truth.
    held, errors = 0, []
    for seed in range(12):
        schools, outcomes = outcomes_panel(
            500, effect=0.03, effect_slope=0.03, trend=0.01, selection=1.5, seed=seed, years=(2014, 2015, 2016, 2017)
        )
        study = _adjusted(outcomes, schools, method)
        truth = _truth(schools, study)
        s = study.school_years
        held += s["ci_low"] < truth < s["ci_high"]
        errors.append((s["att"] - truth) / s["se"])
    assert held >= 10
    assert abs(np.mean(errors)) < 0.6  # no bias of more than about half a standard error


def test_an_outcome_not_linear_in_a_covariate_needs_the_doubly_robust_estimator() -> None:
    pytest.importorskip("statsmodels")
    # A planted zero; the trend grows with the square of prior attainment, which the linear outcome model misses
    # and the propensity model (the panel's own, logistic in prior attainment and disadvantage) does not need.
    found: dict[str, list[tuple[float, bool]]] = {"regression": [], "doubly_robust": []}
    for seed in range(16):
        schools, outcomes = outcomes_panel(
            500, effect=0.0, curvature=0.01, join_years=(2016,), seed=seed, years=(2014, 2015, 2016, 2017)
        )
        for method, results in found.items():
            s = _adjusted(outcomes, schools, method).school_years
            results.append((s["att"] / s["se"], bool(s["ci_low"] < 0 < s["ci_high"])))
    regression, robust = (np.array(found[m]) for m in ("regression", "doubly_robust"))
    assert robust[:, 1].sum() >= 13  # of 16: a planted zero called significant about as often as it should be
    assert abs(robust[:, 0].mean()) < abs(regression[:, 0].mean())
    assert regression[:, 1].sum() < robust[:, 1].sum()


def test_standard_errors_clustered_by_a_column_are_statsmodels_cluster_robust_ones() -> None:
    sm = pytest.importorskip("statsmodels.api")
    schools, outcomes = outcomes_panel(300, seed=6)
    joined = _joined(schools)
    trust = pd.Series(np.arange(len(schools)) // 4, index=schools.index)  # clusters of four schools
    study = schoolnet.staggered_did(outcomes, joined=joined, measure="pass", cluster=trust)
    wide = outcomes[outcomes["measure"] == "pass"].pivot(index="urn", columns="year", values="value")
    cohort = joined.reindex(wide.index)
    g, t = 2016, 2017
    change = wide[t] - wide[g - 1]
    keep = ((cohort == g) | cohort.isna() | (cohort > t)).to_numpy()
    X = sm.add_constant((cohort == g)[keep].astype(float).to_numpy())
    groups = trust.reindex(wide.index)[keep].to_numpy()
    fit = sm.OLS(change[keep].to_numpy(), X).fit(
        cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False}
    )
    # statsmodels without its correction is CR0; the study scales it by G / (G - 1), G the clusters of the panel
    everyone = len(np.unique(trust.reindex(wide.index).to_numpy()))
    row = study.group_time.set_index(["cohort", "year"]).loc[(g, t)]
    assert row["se"] == pytest.approx(fit.bse[1] * np.sqrt(everyone / (everyone - 1)))


def test_the_simultaneous_band_is_wider_than_the_pointwise_intervals() -> None:
    schools, outcomes = outcomes_panel(400, seed=7)
    study = schoolnet.staggered_did(outcomes, joined=_joined(schools), measure="pass")
    event = study.event
    critical = (event["band_high"] - event["att"]) / event["se"]
    # one critical value for all years, between the pointwise 1.96 and Bonferroni's for the number of years
    assert np.allclose(critical, critical.iloc[0])
    assert norm.ppf(0.975) < critical.iloc[0] < norm.ppf(1 - 0.025 / len(event))
    assert ((event["band_low"] < event["ci_low"]) & (event["band_high"] > event["ci_high"])).all()
