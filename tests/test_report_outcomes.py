"""The report's section on outcomes, and ``schoolnet report --outcomes``."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.cli import main
from schoolnet.datasets import sample_outcomes
from schoolnet.report.outcomes import outcomes_section
from schoolnet.report.parts import ReportContext
from schoolnet.report.write import write_report

from .conftest import AS_OF


@pytest.fixture(scope="module")
def results(sample_tables: schoolnet.Tables) -> pd.DataFrame:
    return sample_outcomes(sample_tables)


@pytest.fixture(scope="module")
def trust_section(sample_tables: schoolnet.Tables, results: pd.DataFrame) -> schoolnet.report.parts.Section:
    return outcomes_section(ReportContext(sample_tables, as_of=AS_OF), outcomes=results, kinds="trust")


def _table(section: schoolnet.report.parts.Section, name: str) -> pd.DataFrame:
    return next(t.frame for t in section.tables if t.name == name)


def test_the_sample_results_are_published_as_england_publishes_them(
    sample_tables: schoolnet.Tables, results: pd.DataFrame
) -> None:
    assert sorted(results["year"].unique()) == [2016, 2017, 2018, 2019, 2022, 2023, 2024, 2025]
    # a primary's measure for primaries, Attainment 8 for secondaries
    phase = sample_tables.schools["phase"].reindex(results["urn"]).to_numpy()
    assert set(phase[results["measure"] == "ATT8SCR"]) == {"secondary"}
    assert set(phase[results["measure"] == "PTRWM_EXP"]) == {"primary", "all-through"}
    # 10 pupils or fewer: suppressed, never zero
    small = results["pupils"] <= 10
    assert small.any() and results.loc[small, "value"].isna().all()
    assert (results.loc[small, "missing"] == "suppressed: too few pupils").all()
    assert results.loc[~small, "value"].notna().all()
    pd.testing.assert_frame_equal(results, sample_outcomes(sample_tables))  # the same seed, the same results
    assert not sample_outcomes(sample_tables, seed=1).equals(results)


def test_the_planted_effect_of_a_trust_is_found_before_and_after(
    trust_section: schoolnet.report.parts.Section, results: pd.DataFrame
) -> None:
    event = _table(trust_section, "outcomes_event_study")
    # the planted effect (3 points) lies in each interval from the year of joining on, but for the few that miss
    after = event[event.index >= 0]
    held = ((after["ci_low"] <= 3.0) & (after["ci_high"] >= 3.0)).mean()
    assert results.attrs["effect"]["PTRWM_EXP"] == 3.0
    assert held >= 0.75
    # before joining there is no effect to find: the joint test does not reject, and the text says so
    assert "Before joining, no sign that the joiners were on a different path (joint test of the 7 years" in (
        trust_section.text
    )


def test_the_text_quotes_the_tables(trust_section: schoolnet.report.parts.Section, results: pd.DataFrame) -> None:
    committee = _table(trust_section, "outcomes_by_partnership")
    inside = committee.loc["in a partnership"]
    assert f"the {int(inside['schools'])} schools in a partnership (trust)" in trust_section.text
    assert f"of {inside['outcome']:.1f} (95% interval {inside['ci_low']:.1f} to {inside['ci_high']:.1f})" in (
        trust_section.text
    )
    assert "is not an effect of partnership" in trust_section.text
    # the matched comparison is balanced, and the text says how well
    balance = _table(trust_section, "outcomes_balance")
    assert list(balance.index) == ["pupils", "fsm_pct"]
    assert f"{balance['after'].abs().max():.2f} (under 0.1 is good balance of the means, but balance is no proof" in (
        trust_section.text
    )
    # pupils from the results of the first year, before joining; disadvantage from the register, and it says so
    assert "Adjusted for pupils from the results of 2016" in trust_section.text
    assert "fsm_pct from the schools table at the report's date" in trust_section.text
    assert trust_section.figures and trust_section.figures[0].axes[0].get_xlabel()


def test_every_school_with_results_is_compared_or_set_aside(
    sample_tables: schoolnet.Tables, trust_section: schoolnet.report.parts.Section, results: pd.DataFrame
) -> None:
    aside = _table(trust_section, "outcomes_set_aside")
    before_after = aside[aside["comparison"] == "before and after"]
    joined = schoolnet.joining_years(sample_tables, kinds="trust")
    measured = results.loc[results["measure"] == "PTRWM_EXP", "urn"].unique()
    cohorts = joined.reindex(measured).dropna()
    # by hand: in a trust by 2016 (the first year), and any school whose every result was suppressed; the cohorts
    # of 2021 and 2022, after years without results, are measured from 2019
    expected = {urn for urn, year in cohorts.items() if year <= 2016}
    ks2 = results[results["measure"] == "PTRWM_EXP"]
    never = ks2.groupby("urn")["value"].count().pipe(lambda n: set(n.index[n == 0]))
    reasons = before_after.loc[list(never - expected), "reason"]
    assert len(reasons) and reasons.eq("no value of PTRWM_EXP in any year").all()
    expected |= never
    assert set(before_after.index) == expected
    group_time = _table(trust_section, "outcomes_group_time")
    compared = group_time.drop_duplicates("cohort")["treated"].sum()
    assert compared + len(expected - never) == len(cohorts.index.difference(list(never)))
    firsts = group_time.drop_duplicates("cohort").set_index("cohort")["base"]
    assert firsts[2021] == firsts[2022] == 2019 and firsts[2017] == 2016
    assert "(in 2021, 2022) are measured from the latest year with results before they joined (2019)" in (
        trust_section.text
    )
    assert (aside["name"] == sample_tables.schools["name"].reindex(aside.index)).all()


def test_a_member_with_no_joining_date_is_neither_joiner_nor_control(
    sample_tables: schoolnet.Tables, results: pd.DataFrame, trust_section: schoolnet.report.parts.Section
) -> None:
    members = sample_tables.memberships.copy()
    trust = members["group_id"].isin(sample_tables.groups.index[sample_tables.groups["kind"] == "trust"])
    measured = members["urn"].isin(results["urn"])
    undated = members.index[trust & measured & members["joined"].dt.year.eq(2018)][0]
    urn = int(members.loc[undated, "urn"])
    assert schoolnet.joining_years(sample_tables, kinds="trust")[urn] == 2018
    members.loc[undated, "joined"] = pd.NaT
    schools, groups = sample_tables.schools.reset_index(), sample_tables.groups.reset_index()
    tables = schoolnet.Tables.from_frames(schools, groups, members, sample_tables.support)
    section = outcomes_section(ReportContext(tables, as_of=AS_OF), outcomes=results, kinds="trust")
    assert _table(section, "outcomes_set_aside").loc[urn, "reason"] == "in a trust with no joining date recorded"
    # the school left its cohort of 2018, and no comparison counts it as a control
    after = _table(section, "outcomes_group_time").set_index(["cohort", "year"])
    before = _table(trust_section, "outcomes_group_time").set_index(["cohort", "year"])
    assert (after.loc[2018, "treated"] == before.loc[2018, "treated"] - 1).all()
    assert (after["controls"] <= before["controls"]).all()


def test_the_default_measure_is_the_most_widely_reported(
    sample_tables: schoolnet.Tables, results: pd.DataFrame
) -> None:
    context = ReportContext(sample_tables, as_of=AS_OF)
    section = outcomes_section(context, outcomes=results)
    assert section.title == "Outcomes: PTRWM_EXP in 2025"  # 330 primaries against 37 secondaries
    chosen = outcomes_section(context, outcomes=results, measure="ATT8SCR", year=2019, kinds="trust")
    assert chosen.title == "Outcomes: ATT8SCR in 2019"
    with pytest.raises(schoolnet.ParameterError, match=r"'KS2APS': no such results.*'ATT8SCR', 'PTRWM_EXP'"):
        outcomes_section(context, outcomes=results, measure="KS2APS")
    elsewhere = results.assign(urn=results["urn"] + 1_000_000)
    with pytest.raises(schoolnet.ParameterError, match="no result is of a school of the network"):
        outcomes_section(context, outcomes=elsewhere)


def test_without_covariates_or_statsmodels_the_section_says_what_it_could_not_do(
    sample_tables: schoolnet.Tables, results: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = schoolnet.Tables.from_frames(
        sample_tables.schools.drop(columns=["pupils", "fsm_pct"]).reset_index(),
        sample_tables.groups.reset_index(),
        sample_tables.memberships,
        sample_tables.support,
    )
    monkeypatch.setitem(sys.modules, "statsmodels.regression.linear_model", None)
    uncounted = results.assign(pupils=np.nan)  # nor pupils in the results
    section = outcomes_section(ReportContext(bare, as_of=AS_OF), outcomes=uncounted, kinds="trust")
    assert "No comparison of like with like: no pupils, fsm_pct or ks2aps in the results or the schools table." in (
        section.text
    )
    assert "No before-and-after comparison: staggered_did needs statsmodels" in section.text
    assert "pip install 'schoolnet[impact]'" in section.text
    assert [t.name for t in section.tables] == ["outcomes_by_partnership", "outcomes_set_aside"]
    assert not section.figures


def test_write_report_puts_outcomes_before_the_rows_set_aside(
    tmp_path: Path, sample_tables: schoolnet.Tables, results: pd.DataFrame
) -> None:
    page = write_report(sample_tables, out=tmp_path, as_of=AS_OF, outcomes=results, outcome_kinds=["trust"])
    html = page.read_text(encoding="utf-8")
    assert html.index("Outcomes: PTRWM_EXP in 2025") < html.index("Rows set aside")
    # the findings in four paragraphs: the committee's table, matching, before and after, and the caveats
    start = html.index('id="outcomes"')
    assert html[start : html.index("</section>", start)].count('<p class="findings">') == 4
    written = pd.read_csv(tmp_path / "outcomes_by_partnership.csv", index_col="group")
    expected = schoolnet.outcomes_by_group(
        schoolnet.build_network(sample_tables, as_of=AS_OF), results, measure="PTRWM_EXP", year=2025, kinds="trust"
    )
    np.testing.assert_allclose(written["outcome"], expected["outcome"])
    assert (tmp_path / "outcomes_event_study.csv").exists()


def _performance_tables(results: pd.DataFrame, folder: Path, renamed: dict[int, int]) -> list[str]:
    """Write the results as the DfE's KS2 tables, one file a year, with old URNs before 2019."""
    files = []
    ks2 = results[results["measure"] == "PTRWM_EXP"]
    for year, rows in ks2.groupby("year"):
        urns = rows["urn"].replace({new: old for old, new in renamed.items()}) if year < 2019 else rows["urn"]
        shown = np.where(rows["value"].isna(), "SUPP", rows["value"].map("{:.1f}%".format))
        frame = pd.DataFrame({"URN": urns, "TPUP": rows["pupils"].astype(int), "PTRWM_EXP": shown})
        path = folder / f"england_ks2final{year}.csv"
        frame.to_csv(path, index=False)
        files.append(str(path))
    return files


def test_report_outcomes_from_performance_tables_following_changed_urns(
    tmp_path: Path, sample_tables: schoolnet.Tables, results: pd.DataFrame
) -> None:
    joined = schoolnet.joining_years(sample_tables, kinds="trust")
    measured = set(results.loc[results["measure"] == "PTRWM_EXP", "urn"])
    # a school that joined in 2019 had another URN in the year before, its base year
    school = next(u for u, y in joined.items() if y == 2019 and u in measured)
    files = _performance_tables(results, tmp_path, {800001: school})
    links = tmp_path / "links_edubasealldata20250901.csv"
    links.write_text(
        '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\n'
        f'800001,{school},"Academy","Successor","01-09-2018"\n',
        encoding="cp1252",
    )
    base = ["report", "--as-of", AS_OF, "--kind", "trust", "--outcomes", *files]
    assert main([*base, "--urn-links", str(links), "--out", str(tmp_path / "followed")]) == 0
    assert main([*base, "--out", str(tmp_path / "not-followed")]) == 0
    followed = pd.read_csv(tmp_path / "followed" / "outcomes_group_time.csv")
    # adjusted for pupils in the first year of the files (2016, before joining) and disadvantage from the register
    first = results[(results["measure"] == "PTRWM_EXP") & (results["year"] == 2016)].set_index("urn")["pupils"]
    covariates = pd.DataFrame({"pupils": first, "fsm_pct": sample_tables.schools["fsm_pct"].astype(float)})
    expected = schoolnet.staggered_did(
        results, joined=joined, measure="PTRWM_EXP", covariates=covariates, base="latest"
    ).group_time
    np.testing.assert_allclose(followed["att"], expected["att"])
    assert followed["treated"].tolist() == expected["treated"].tolist()
    # not followed, the school has no base year under its URN, and its cohort is one smaller
    lost = pd.read_csv(tmp_path / "not-followed" / "outcomes_group_time.csv")
    n2019 = expected.query("cohort == 2019 and year == 2019")["treated"].iloc[0]
    assert lost.query("cohort == 2019 and year == 2019")["treated"].iloc[0] == n2019 - 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--measure", "PTRWM_EXP"], "--measure, --kind and --urn-links need --outcomes"),
        (["--gias", "x.csv", "--outcomes", "sample"], "the sample's results are of the sample county"),
    ],
)
def test_bad_outcome_arguments(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--out", str(tmp_path), *args]) == 1
    assert message in capsys.readouterr().err


def test_report_outcomes_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--outcomes", "sample", "--as-of", AS_OF, "--out", str(tmp_path)]) == 0
    assert "Outcomes: PTRWM_EXP in 2025" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_an_area_reports_its_own_schools_not_its_partners_across_the_border(
    sample_tables: schoolnet.Tables, results: pd.DataFrame
) -> None:
    area = sample_tables.select(district="Brackenmoor")  # with its partners elsewhere as boundary schools
    context = ReportContext(area, as_of=AS_OF)
    focus = schoolnet.network.convert.in_focus(context.network)
    own = set(focus.index[focus])
    assert len(own) < len(focus)  # there are boundary schools
    section = outcomes_section(context, outcomes=results, kinds="trust")
    committee = _table(section, "outcomes_by_partnership")
    ks2 = results[(results["measure"] == "PTRWM_EXP") & (results["year"] == 2025)]
    assert committee.loc["all", "schools"] == ks2[ks2["urn"].isin(own)]["value"].notna().sum()
    assert committee.loc["all", "schools"] + committee.loc["all", "missing"] == len(own)
    outside = results.loc[~results["urn"].isin(own), "urn"].nunique()
    assert f"Results of {outside} schools outside the report's area were not used." in section.text
    matched = _table(section, "outcomes_matches")
    assert set(matched.index) <= own


def test_shares_are_written_to_three_places_and_percentages_to_one(
    sample_tables: schoolnet.Tables, results: pd.DataFrame
) -> None:
    context = ReportContext(sample_tables, as_of=AS_OF)
    shares = results.assign(value=results["value"] / 100)
    section = outcomes_section(context, outcomes=shares, kinds="trust")
    committee = _table(section, "outcomes_by_partnership").loc["in a partnership"]
    assert f"of {committee['outcome']:.3f} (95% interval {committee['ci_low']:.3f} to {committee['ci_high']:.3f})" in (
        section.text
    )


def test_prior_attainment_and_disadvantage_are_taken_from_the_first_year_of_results(
    sample_tables: schoolnet.Tables, results: pd.DataFrame
) -> None:
    # The performance tables of 2016 also publish KS2APS and EVER6FSM: the section takes them from there, before
    # joining, rather than from the register at the report's date.
    first = results[(results["year"] == 2016) & (results["measure"] == "PTRWM_EXP")]
    rng = np.random.default_rng(0)
    extra = [
        first.assign(measure=m, value=rng.normal(mean, 3, len(first))) for m, mean in [("KS2APS", 28), ("EVER6FSM", 25)]
    ]
    section = outcomes_section(
        ReportContext(sample_tables, as_of=AS_OF),
        outcomes=pd.concat([results, *extra]),
        measure="PTRWM_EXP",
        kinds="trust",
    )
    assert list(_table(section, "outcomes_balance").index) == ["pupils", "fsm_pct", "ks2aps"]
    assert "Adjusted for pupils, fsm_pct, ks2aps from the results of 2016, before" in section.text
    assert "from the schools table at the report's date" not in section.text
