"""The report's section on outcomes: the committee's table, then the honest comparisons.

:func:`outcomes_section` answers, for the schools of the report, "do schools
in partnerships do better?" in three steps, each with what it cannot say:

1. the select committee's table (:func:`schoolnet.outcomes_by_group`):
   schools, pupils and pupil-weighted outcome for all, in a partnership and
   not in one: a description, not an effect;
2. like for like (:func:`schoolnet.compare_outcomes`): each school in a
   partnership against the most similar schools not in one, with the balance
   before and after matching;
3. before and after (:func:`schoolnet.staggered_did`): where joining dates
   are known, each cohort's change from the year before it joined against
   schools not yet in a partnership, by years since joining.

:func:`schoolnet.write_report` adds it when given ``outcomes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..errors import MissingExtraError, ParameterError
from ..impact.matched import MatchedComparison, compare_outcomes
from ..impact.staggered import EventStudy, joining_years, kind_memberships, staggered_did
from ..network.convert import in_focus
from ..plot.impact import plot_impact
from ..read.outcomes import in_partnership, outcomes_by_group
from .parts import ReportContext, ReportTable, Section

__all__ = ["OUTCOME_KINDS", "outcomes_section"]

#: The kinds of group that count as a partnership in the section, unless told otherwise.
OUTCOME_KINDS: Final = ("trust", "federation", "cluster", "alliance", "company")

#: What matching and the before-and-after comparison adjust for, when the results or the schools table have it.
_ADJUST_FOR: Final = ("pupils", "fsm_pct", "ks2aps")

#: The measures of the performance tables that stand for each covariate (pupils: the results' own ``pupils``).
_INTAKE_MEASURES: Final = {"fsm_pct": ("ever6fsm", "ptfsm6cla1a", "fsm6", "fsm_pct"), "ks2aps": ("ks2aps", "tks2aps")}


def _intake(nodes: pd.DataFrame, outcomes: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The covariates to adjust for, from before joining where the results have them, and a sentence on where from.

    Each covariate is taken from the first year of the results (their base year: pupils at the end of the key
    stage, and the performance tables' disadvantage and prior attainment) where they have it; otherwise from the
    schools table, as the register has it at the report's date, which for schools that joined before then is a
    value after joining, and the sentence says so.
    """
    first = int(outcomes["year"].min())
    rows = outcomes[outcomes["year"] == first]
    columns: dict[str, pd.Series] = {}
    pupils = rows.dropna(subset=["pupils"]).groupby("urn")["pupils"].first()
    if len(pupils):
        columns["pupils"] = pupils
    for name, measures in _INTAKE_MEASURES.items():
        found = rows[rows["measure"].str.lower().isin(measures) & rows["value"].notna()]
        if len(found):
            columns[name] = found.groupby("urn")["value"].first()
    registered = [
        c
        for c in _ADJUST_FOR
        if c not in columns and c in nodes and pd.to_numeric(nodes[c], errors="coerce").notna().any()
    ]
    for name in registered:
        columns[name] = pd.to_numeric(nodes[name], errors="coerce")
    if not columns:
        return pd.DataFrame(index=nodes.index), ""
    intake = pd.DataFrame({c: columns[c] for c in _ADJUST_FOR if c in columns}).reindex(nodes.index)
    parts = []
    early = [c for c in intake.columns if c not in registered]
    if early:
        parts.append(f"{', '.join(early)} from the results of {first}, before the comparisons' years of joining")
    if registered:
        parts.append(
            f"{', '.join(registered)} from the schools table at the report's date, which for schools that joined "
            "before then is measured after joining and may itself reflect partnership"
        )
    return intake, "Adjusted for " + "; and ".join(parts) + "."


def _measure(outcomes: pd.DataFrame, schools: pd.Index) -> str:
    """The measure with a value for the most schools of the network in its latest year."""
    known = outcomes[outcomes["urn"].isin(schools) & outcomes["value"].notna()]
    if known.empty:
        raise ParameterError("outcomes: no result is of a school of the network; check the URNs and the files")
    latest = known[known["year"] == known.groupby("measure")["year"].transform("max")]
    counts = latest.groupby("measure")["urn"].nunique()
    return str(counts.sort_values(ascending=False, kind="stable").index[0])


def _schools(n: int) -> str:
    return f"{n} school" if n == 1 else f"{n} schools"


def _digits(outcomes: pd.DataFrame, measure: str) -> int:
    """Decimals to write the measure's figures with: 1 for percentages and scores, 3 for shares from 0 to 1."""
    typical = outcomes.loc[outcomes["measure"] == measure, "value"].abs().median()
    return 1 if typical >= 2 else 3


def _number(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


def _interval(low: float, high: float, digits: int) -> str:
    return f"95% interval {_number(low, digits)} to {_number(high, digits)}"


def _matched(
    context: ReportContext,
    outcomes: pd.DataFrame,
    intake: pd.DataFrame,
    *,
    measure: str,
    year: int,
    kinds: frozenset[str],
    digits: int,
) -> tuple[MatchedComparison | None, str]:
    """The matched comparison and the sentence on it."""
    match_on = list(intake.columns)
    if not match_on:
        return (
            None,
            "No comparison of like with like: no pupils, fsm_pct or ks2aps in the results or the schools table.",
        )
    # The schools the measure is for (a primary has no Key Stage 4 results): those with a result of it in any year.
    measured = outcomes.loc[(outcomes["measure"] == measure) & outcomes["value"].notna(), "urn"].unique()
    schools = intake.loc[intake.index.isin(measured)]
    treated = in_partnership(context.network, kinds)
    try:
        found = compare_outcomes(schools, outcomes, treated=treated, measure=measure, year=year, match_on=match_on)
    except ParameterError as error:
        return None, f"No comparison of like with like: {error}."
    s = found.summary()
    text = (
        f"Matched on {', '.join(match_on)}, each of the {s['matched']} schools in a partnership against its "
        f"{found.definition['k']} most similar schools not in one, the difference is {_number(found.effect, digits)} "
        f"({_interval(found.ci_low, found.ci_high, digits)}; p = {found.p_value:.2g}); the largest standardised "
        f"difference left after matching is {s['worst_smd_after']:.2f} (under 0.1 is good balance of the means, "
        "but balance is no proof: an outcome that bends with a covariate, or an effect that differs with one, can "
        "bias a comparison with perfect balance). "
        f"{_schools(len(found.unmatched))} could not be compared. Matching evens out only what it is given: schools "
        "may still differ in leadership, inspection history or direction of travel, which can explain the difference "
        "as well as partnership can."
    )
    return found, text


def _dated_kinds(context: ReportContext, kinds: frozenset[str]) -> list[str]:
    """The kinds of group, among these, whose memberships have joining dates."""
    members = kind_memberships(context.tables, kinds=kinds)
    dated = members.groupby(members["kind"].astype(str))["joined"].count()
    return sorted(dated.index[dated > 0])


def _before_after(
    context: ReportContext,
    outcomes: pd.DataFrame,
    *,
    measure: str,
    kinds: frozenset[str],
    intake: pd.DataFrame,
    digits: int,
) -> tuple[EventStudy | None, pd.DataFrame, str]:
    """The event study, the schools it set aside, and the sentence on it."""
    dated = _dated_kinds(context, kinds)
    years = sorted(outcomes.loc[outcomes["measure"] == measure, "year"].unique())
    if not dated or len(years) < 2:
        why = "no joining dates are recorded" if not dated else f"{measure} has results for one year only"
        return None, pd.DataFrame(), f"No before-and-after comparison: {why}."
    members = kind_memberships(context.tables, kinds=dated)
    joined = joining_years(context.tables, kinds=dated)
    undated = pd.Index(members.loc[members["joined"].isna(), "urn"].unique()).difference(joined.index)
    kept = outcomes[~outcomes["urn"].isin(undated)]
    adjust = list(intake.columns)
    covariates = intake if adjust else None
    try:
        study = staggered_did(kept, joined=joined, measure=measure, covariates=covariates, base="latest")
    except MissingExtraError as error:
        return None, pd.DataFrame(), f"No before-and-after comparison: {error}."
    unknown = pd.DataFrame({"reason": f"in a {' or '.join(dated)} with no joining date recorded"}, index=undated)
    aside = pd.concat([study.excluded, unknown.rename_axis("urn")])
    if study.event.empty:
        return study, aside, "No before-and-after comparison: no cohort has results both before and after joining."
    o, sy = study.overall, study.school_years
    firsts = study.group_time.drop_duplicates("cohort")
    cohorts, joiners = len(firsts), int(firsts["treated"].sum())
    gapped = firsts[firsts["base"] < firsts["cohort"] - 1]
    gap_text = (
        f" The {int(gapped['treated'].sum())} schools that joined after a year without results (in "
        f"{', '.join(map(str, gapped['cohort']))}) are measured from the latest year with results before they joined "
        f"({', '.join(map(str, sorted(set(gapped['base']))))}), assuming the trends parallel across the gap."
        if len(gapped)
        else ""
    )
    test = study.pretrend
    joint = f"joint test of the {int(test['df'])} years before joining: p = {float(test['p_value']):.2g}"
    if int(test["df"]) == 0:
        pre_text = "There is no year before joining to check that the joiners were on the same path as the others."
    elif float(test["p_value"]) < 0.05:
        pre_text = (
            f"Before joining, the joiners were already changing differently from the others ({joint}), so the "
            "estimate is in doubt."
        )
    else:
        pre_text = f"Before joining, no sign that the joiners were on a different path ({joint})."
    alike = f" alike in {', '.join(adjust)}" if adjust else ""
    text = (
        f"Before and after joining a {' or '.join(dated)}: {joiners} schools in {cohorts} cohorts, each compared from "
        f"the year before it joined (or the latest year with results before it) with schools not yet in one{alike}. "
        f"Averaged over the years since joining, each year counting once, the change is "
        f"{_number(float(o['att']), digits)} ({_interval(float(o['ci_low']), float(o['ci_high']), digits)}); "
        f"averaged over the schools' years since joining, {_number(float(sy['att']), digits)} "
        f"({_interval(float(sy['ci_low']), float(sy['ci_high']), digits)}). The intervals of the table by year are "
        f"each for one year; its band columns hold every year at once.{gap_text} "
        + pre_text
        + f" {_schools(len(aside))} set aside (table below, with the reasons)."
    )
    return study, aside, text


def outcomes_section(
    context: ReportContext,
    *,
    outcomes: pd.DataFrame,
    measure: str | None = None,
    year: int | None = None,
    kinds: str | Iterable[str] = OUTCOME_KINDS,
    seed: int = 0,
) -> Section:
    """Do schools in partnerships do better? The committee's table, a matched comparison, and before and after.

    Parameters
    ----------
    context : ReportContext
        The report's network and tables.
    outcomes : pandas.DataFrame
        Results, as :func:`schoolnet.read_outcomes` returns them.
    measure : str, optional
        The measure to report; by default the one with results for the most
        schools of the network in its latest year.
    year : int, optional
        The year of the committee's table and the matched comparison; the
        measure's latest year by default.
    kinds : str or iterable of str, default OUTCOME_KINDS
        The kinds of group that count as a partnership. The before-and-after
        comparison uses those of them whose joining dates are recorded.
    seed : int, default 0
        The seed of the bootstrap intervals.

    Returns
    -------
    Section

    Raises
    ------
    ParameterError
        If no result is of a school of the network, or ``measure`` and
        ``year`` have no results.

    Examples
    --------
    >>> import schoolnet
    >>> from schoolnet.datasets import sample_outcomes
    >>> context = ReportContext(schoolnet.load_sample(), as_of="2025-09-01")
    >>> section = outcomes_section(context, outcomes=sample_outcomes())
    >>> section.title
    'Outcomes: PTRWM_EXP in 2025'
    >>> [t.name for t in section.tables][:2]
    ['outcomes_by_partnership', 'outcomes_balance']
    """
    chosen = frozenset([kinds] if isinstance(kinds, str) else kinds)
    # The report's own schools: not those of other areas in the files, nor partners across the border.
    focus = in_focus(context.network)
    schools = focus.index[focus.to_numpy(dtype=bool)]
    elsewhere = outcomes.loc[~outcomes["urn"].isin(schools), "urn"].nunique()
    outcomes = outcomes[outcomes["urn"].isin(schools)]
    what = _measure(outcomes, schools) if measure is None else measure
    rows = outcomes[outcomes["measure"] == what]
    if rows.empty:
        known = sorted(outcomes["measure"].unique())
        raise ParameterError(f"measure={what!r}: no such results in outcomes, whose measures are {known}")
    when = int(rows["year"].max()) if year is None else year
    digits = _digits(outcomes, what)
    network = context.network.subgraph(schools)  # its memberships are still the whole network's
    table = outcomes_by_group(network, outcomes, measure=what, year=when, kinds=chosen, seed=seed)
    row = {g: table.loc[g, ["outcome", "ci_low", "ci_high"]].astype(float).to_numpy() for g in table.index}
    inside, outside = row["in a partnership"], row["not in one"]
    n_in, n_out = (int(n) for n in table["schools"].reindex(["in a partnership", "not in one"]))
    described = (
        f"In {when}, the {n_in} schools in a partnership "
        f"({', '.join(sorted(chosen))}) had a pupil-weighted {what} of {_number(inside[0], digits)} "
        f"({_interval(inside[1], inside[2], digits)}), and the {n_out} not in one "
        f"{_number(outside[0], digits)} ({_interval(outside[1], outside[2], digits)}). This gap describes the schools; "
        "it is not an effect of partnership, since the schools that join partnerships differ from those that do not."
    )
    intake, whence = _intake(context.nodes, outcomes)
    found, matched_text = _matched(context, outcomes, intake, measure=what, year=when, kinds=chosen, digits=digits)
    matched_text = f"{matched_text} {whence}".strip()
    study, aside, before_after = _before_after(
        context, outcomes, measure=what, kinds=chosen, intake=intake, digits=digits
    )
    tables = [ReportTable("outcomes_by_partnership", f"{what} in {when}: the committee's table", table, show=None)]
    figures: list[Figure] = []
    set_aside = [aside.assign(comparison="before and after")]
    if found is not None:
        balance = found.balance.rename_axis("covariate")
        tables.append(ReportTable("outcomes_balance", "Standardised differences before and after matching", balance))
        tables.append(ReportTable("outcomes_matches", "Each school in a partnership and its matches", found.matches, 0))
        set_aside.insert(0, found.unmatched.assign(comparison="matched"))
    if study is not None and not study.event.empty:
        figures.append(plot_impact(study, title=f"{what}: change since joining")[0])
        tables.append(ReportTable("outcomes_event_study", "Effect by years since joining", study.event, show=None))
        tables.append(ReportTable("outcomes_group_time", "Effect by cohort and year", study.group_time, show=0))
    aside_all = pd.concat(set_aside).rename_axis("urn")
    names = context.nodes["name"].reindex(aside_all.index).to_numpy() if len(aside_all) else np.array([])
    aside_all.insert(0, "name", names)
    tables.append(ReportTable("outcomes_set_aside", "Schools left out of a comparison, and why", aside_all))
    unused = f"Results of {_schools(elsewhere)} outside the report's area were not used. " if elsewhere else ""
    caveat = (
        f"{unused}A school that changed its URN when it converted is followed across the change only if its results "
        "were read with the register's links. None of these figures proves that partnership caused a difference."
    )
    text = "\n\n".join([described, matched_text, before_after, caveat])
    return Section("outcomes", f"Outcomes: {what} in {when}", text, tuple(tables), tuple(figures))
