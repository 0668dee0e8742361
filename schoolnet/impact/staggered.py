"""Before and after: differences in differences for schools joining at different times.

Schools join partnerships in different years. Comparing each cohort's change
with that of schools not yet in a partnership gives group-time effects
(Callaway and Sant'Anna [1]_), summed up by years since joining into an
event-study table that :func:`schoolnet.plot_impact` draws. The two-way
fixed-effects regression is not used: with staggered joining and effects that
change over time it compares late joiners with early ones and can even get
the sign wrong (Goodman-Bacon [2]_).

References
----------
.. [1] Callaway, B. and Sant'Anna, P. H. C. (2021). Difference-in-differences
   with multiple time periods. Journal of Econometrics 225(2), 200-230.
.. [2] Goodman-Bacon, A. (2021). Difference-in-differences with variation in
   treatment timing. Journal of Econometrics 225(2), 254-277.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import scipy  # scipy.stats loads on first use, not with schoolnet (it takes a second)

from .._validate import number
from ..errors import ParameterError
from ..tables.tables import Tables
from .robust import clustered, doubly_robust_att, outcome_regression_att

__all__ = ["EventStudy", "joining_years", "kind_memberships", "staggered_did"]


def kind_memberships(tables: Tables, *, kinds: str | Collection[str] | None = None) -> pd.DataFrame:
    """The memberships of groups of the kinds given, with each group's ``kind``.

    Parameters
    ----------
    tables : Tables
        The schools and partnerships.
    kinds : str or collection of str, optional
        The kinds of group to keep; all kinds by default.

    Returns
    -------
    pandas.DataFrame
        Rows of ``tables.memberships``, with a ``kind`` column.
    """
    m = tables.memberships.merge(tables.groups[["kind"]], left_on="group_id", right_index=True, how="left")
    if kinds is None:
        return m
    wanted = {kinds} if isinstance(kinds, str) else set(kinds)
    return m[m["kind"].astype(str).isin(wanted)]


def joining_years(tables: Tables, *, kinds: str | Collection[str] | None = None, alone: bool = False) -> pd.Series:
    """The first year each school counts as in a partnership of the kinds given.

    A school is in a partnership from the day it and another school are both
    in one of its groups: the later of its own joining date and the other's,
    before either left. A school alone in its group (a trust of one) is not
    in a partnership until another joins, unless ``alone``. Years are
    academic years by their summer: a partnership that began on or after 1
    September counts from the next summer (2014-09-01: 2015).

    Parameters
    ----------
    tables : Tables
        Tables with memberships whose ``joined`` dates are known.
    kinds : str or collection of str, optional
        The kinds of group that count; all kinds by default.
    alone : bool, default False
        Count a school from its own joining date, whether or not another
        school was in the group.

    Returns
    -------
    pandas.Series
        Indexed by ``urn``, named ``joined``: the first year, for schools with
        a joining date and, unless ``alone``, a partner with one; the others
        are left out. Memberships without a joining date are not used.

    Examples
    --------
    School 1 joined trust T1 in September 2014, alone until school 2 joined in
    March 2016: both are in a partnership from the summer of 2016.

    >>> schools = pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"]})
    >>> groups = pd.DataFrame({"group_id": ["T1"], "kind": ["trust"]})
    >>> joined = pd.to_datetime(["2014-09-01", "2016-03-01"])
    >>> members = pd.DataFrame({"group_id": ["T1", "T1"], "urn": [1, 2], "joined": joined})
    >>> tables = Tables.from_frames(schools, groups, members)
    >>> joining_years(tables).to_dict()
    {1: 2016, 2: 2016}
    >>> joining_years(tables, alone=True).to_dict()
    {1: 2015, 2: 2016}
    """
    m = kind_memberships(tables, kinds=kinds).dropna(subset=["joined"])
    m = m.assign(joined=pd.to_datetime(m["joined"]), left=pd.to_datetime(m["left"]))[
        ["group_id", "urn", "joined", "left"]
    ]
    if alone:
        start = m.set_index("urn")["joined"]
    else:
        pairs = m.merge(m, on="group_id", suffixes=("", "_other"))
        pairs = pairs[pairs["urn"] != pairs["urn_other"]]
        begins = pairs[["joined", "joined_other"]].max(axis=1)
        live = (pairs["left"].isna() | (begins < pairs["left"])) & (
            pairs["left_other"].isna() | (begins < pairs["left_other"])
        )
        start = begins[live].set_axis(pairs.loc[live, "urn"].to_numpy())
    years = start.dt.year + (start.dt.month >= 9).astype(int)
    first: pd.Series = years.groupby(level=0).min().rename("joined").rename_axis("urn").astype("int64")
    return first


@dataclass(frozen=True)
class EventStudy:
    """What :func:`staggered_did` found.

    Attributes
    ----------
    group_time : pandas.DataFrame
        One row per cohort (``cohort``: the first year in a partnership) and
        ``year``: the ``base`` year the change is measured from,
        ``event_time`` (year minus cohort), ``att``, ``se``,
        ``ci_low``, ``ci_high``, ``treated`` and ``controls`` (schools in the
        comparison).
    event : pandas.DataFrame
        Indexed by ``event_time`` (years since joining; the base year, the
        year before joining, -1, unless ``base="latest"`` took an earlier
        one, is the reference and left out): the cohort-size weighted
        ``att`` over cohorts, ``se``, ``ci_low`` and ``ci_high`` (pointwise:
        each year's interval holds its effect at the level given, but not all
        at once), ``band_low`` and ``band_high`` (simultaneous: the band holds
        every year's effect at once at the level given, a sup-t band from
        the joint normal distribution of the estimates), ``treated``.
    overall : pandas.Series
        The mean over years since joining (0 on) of the event-time effects,
        each year counting once however many schools it has (Callaway and
        Sant'Anna's "dynamic" summary), with ``se``, ``ci_low`` and
        ``ci_high``.
    excluded : pandas.DataFrame
        Schools set aside, indexed by ``urn``, with their ``reason``.
    pretrend : pandas.Series
        A joint test that every effect before joining is zero (no sign that
        the joiners were already on a different path): the Wald
        ``statistic``, its degrees of freedom ``df`` (the years before
        joining, less the reference) and ``p_value`` from the chi-squared
        distribution (scipy), with the covariance of the effects from the
        schools' influences. Missing with no year before joining to test.
    school_years : pandas.Series
        The average effect over the treated school-years: every ATT(g, t)
        from joining on, weighted by its schools (Callaway and Sant'Anna's
        "simple" summary), with ``se``, ``ci_low`` and ``ci_high``. Unlike
        ``overall`` it gives more weight to the first years after joining,
        which more cohorts reach.
    """

    group_time: pd.DataFrame
    event: pd.DataFrame
    overall: pd.Series
    excluded: pd.DataFrame
    pretrend: pd.Series = field(default_factory=lambda: pd.Series({"statistic": np.nan, "df": 0, "p_value": np.nan}))
    school_years: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))


def _interval(att: float, influence: np.ndarray, zq: float) -> tuple[float, float, float, float]:
    se = float(np.sqrt((influence**2).sum()))
    return att, se, att - zq * se, att + zq * se


def _covariates(covariates: pd.DataFrame | None, urns: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """The covariates of these schools as numbers, and why a school lacks them ("" where it has them)."""
    if covariates is None:
        return np.empty((len(urns), 0)), np.full(len(urns), "", dtype=object)
    found = covariates.reindex(urns)
    bad = [c for c in found.columns if not pd.api.types.is_numeric_dtype(found[c])]
    if bad:
        raise ParameterError(f"covariates: column {bad[0]!r} is not numbers ({found[bad[0]].dtype})")
    reason = np.full(len(urns), "", dtype=object)
    for column in reversed(found.columns):
        reason = np.where(found[column].isna().to_numpy(), f"no {column}", reason)
    return found.to_numpy(float), reason


def _base_year(cohort: int, years: list[int], base: str) -> int | None:
    """The year a cohort's changes are measured from, or None if the years of results have none for it."""
    if base == "previous":
        return cohort - 1 if cohort - 1 in years else None
    return max((t for t in years if t < cohort), default=None)


@dataclass(frozen=True)
class _Panel:
    """The outcomes as one row per school and one column per year, with each school's cohort and covariates."""

    y: np.ndarray
    years: list[int]
    never: np.ndarray  # the cohort; +inf never joined (always a control); -inf set aside (neither)
    bases: dict[int, int | None]
    x: np.ndarray
    excluded: pd.DataFrame
    urns: pd.Index


def _panel(
    outcomes: pd.DataFrame, joined: pd.Series, measure: str, covariates: pd.DataFrame | None, base: str
) -> _Panel:
    """Step 1: the schools, their results by year, their cohorts, and those set aside with the reason."""
    rows = outcomes[outcomes["measure"] == measure]
    if rows.empty:
        raise ParameterError(f"no outcomes for measure={measure!r}; check measure=")
    wide = rows.pivot_table(index="urn", columns="year", values="value", aggfunc="last", dropna=False)
    wide = wide.reindex(pd.Index(sorted(rows["urn"].unique()), name="urn"))
    years = [int(c) for c in wide.columns]
    x, lacking = _covariates(covariates, wide.index)
    cohort = pd.to_numeric(joined, errors="coerce").reindex(wide.index).to_numpy(float, copy=True)
    # A cohort that joined within the years of results, after a year without them, has no base year: no effect of
    # it is estimated, but it is still a school not yet in a partnership in the comparisons before it joined.
    bases = {g: _base_year(g, years, base) for g in {int(c) for c in cohort[np.isfinite(cohort)]}}
    within = np.isfinite(cohort) & (cohort > years[0]) & (cohort <= years[-1])
    no_base = within & np.isin(cohort, [g for g, b in bases.items() if b is None])
    reason = np.where(cohort <= years[0], "in a partnership from the first year", lacking)
    reason = np.where(wide.isna().all(axis=1).to_numpy() & (reason == ""), f"no value of {measure} in any year", reason)
    out = reason != ""
    gap = [f"joined in {c:.0f}, after a year without results ({c - 1:.0f}): compared only before it" for c in cohort]
    reason = np.where(no_base & ~out, gap, reason)
    listed = reason != ""
    never = np.where(np.isnan(cohort), np.inf, cohort)
    never[out] = -np.inf
    return _Panel(
        y=wide.to_numpy(float),
        years=years,
        never=never,
        bases=bases,
        x=x,
        excluded=pd.DataFrame({"reason": reason[listed]}, index=wide.index[listed]),
        urns=wide.index,
    )


def _group_time(panel: _Panel, method: str) -> tuple[list[tuple[int, int, int, int, float, int, int]], np.ndarray]:
    """Step 2: every ATT(g, t) against schools not yet in a partnership, and each school's influence on it."""
    estimate = doubly_robust_att if method == "doubly_robust" and panel.x.shape[1] else outcome_regression_att
    col = {t: i for i, t in enumerate(panel.years)}
    records, influences = [], []
    for g in sorted({int(c) for c in panel.never[np.isfinite(panel.never)]}):
        b = panel.bases[g]
        if b is None:
            continue
        for t in panel.years:
            if t == b:
                continue
            change = panel.y[:, col[t]] - panel.y[:, col[b]]
            has = np.isfinite(change)
            tr = has & (panel.never == g)
            co = has & (panel.never > max(t, b)) & (panel.never != g)
            if tr.sum() == 0 or co.sum() <= panel.x.shape[1]:  # no controls, or too few to fit the covariates
                continue
            both = tr | co
            att, psi_both = estimate(change[both], tr[both], panel.x[both], what="staggered_did")
            psi = np.zeros(len(panel.y))
            psi[both] = psi_both
            records.append((g, b, t, t - g, att, int(tr.sum()), int(co.sum())))
            influences.append(psi)
    return records, np.array(influences).reshape(len(records), len(panel.y))


def _summary(att: float, psi: np.ndarray, zq: float, name: str) -> pd.Series:
    values = _interval(att, psi, zq) if np.isfinite(att) else (np.nan,) * 4
    return pd.Series(dict(zip(["att", "se", "ci_low", "ci_high"], values, strict=True)), name=name)


def _band(event: pd.DataFrame, psi: np.ndarray, conf: float, seed: int) -> float:
    """The sup-t critical value: the quantile of the largest |estimate / se| over the years, drawn jointly normal."""
    se = event["se"].to_numpy(float)
    usable = se > 0
    if not usable.any():
        return float("nan")
    scaled = psi[usable] / se[usable, None]
    draws = np.random.default_rng(seed).standard_normal((10_000, scaled.shape[0]))
    correlation = scaled @ scaled.T
    root = np.linalg.cholesky(correlation + 1e-12 * np.eye(len(correlation)))
    return float(np.quantile(np.abs(draws @ root.T).max(axis=1), conf))


def staggered_did(
    outcomes: pd.DataFrame,
    *,
    joined: pd.Series,
    measure: str,
    covariates: pd.DataFrame | None = None,
    method: Literal["regression", "doubly_robust"] = "regression",
    cluster: pd.Series | None = None,
    base: Literal["previous", "latest"] = "previous",
    level: float = 0.95,
    seed: int = 0,
) -> EventStudy:
    """Differences in differences for schools joining at different times.

    For each cohort *g* (the schools first in a partnership in year *g*) and
    each year *t*, the effect ATT(g, t) is the cohort's mean change in the
    outcome from year g - 1 to year t minus that of the schools not yet in a
    partnership by then (joining after both years, or never), as Callaway
    and Sant'Anna [1]_ with not-yet-treated controls and a universal base
    year. The effects are averaged over cohorts by years since joining,
    weighted by cohort size. The biased two-way fixed-effects regression is
    not used.

    With ``covariates``, the trends are assumed parallel only among schools
    alike in them, and each ATT(g, t) is [1]_'s outcome regression: the
    change is fitted on the covariates among the controls only (statsmodels
    OLS), and the effect is the mean over the cohort of its change less
    that fit's prediction (:func:`schoolnet.impact.robust.outcome_regression_att`).
    Where the effect differs with a covariate this is still the average
    effect on the cohort. ``method="doubly_robust"`` adds a logistic model of
    joining ([1]_'s doubly robust estimator, from Sant'Anna and Zhao), right
    if either model is.

    Standard errors come from each school's influence on the estimate,
    summed over every comparison the school is in, so they are clustered
    by school (and by ``cluster`` when given); for one ATT(g, t) without
    covariates this is the heteroscedasticity-robust (HC0) standard error
    of a regression on a dummy for the cohort. The cohort weights are taken
    as fixed. Intervals are normal: ``ci_low``, ``ci_high`` pointwise,
    ``band_low``, ``band_high`` of ``event`` simultaneous.

    Years may be missing: a cohort whose year before joining has no results
    is set aside with the reason, and an ATT(g, t) is computed only from the
    schools with results in both of its years.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The long table of :func:`schoolnet.read_outcomes`, several years.
    joined : pandas.Series
        The first year in a partnership, indexed by ``urn``, as
        :func:`joining_years` gives; schools not in it never joined.
    measure : str
        The outcome measure.
    covariates : pandas.DataFrame, optional
        Indexed by ``urn``: numbers that do not change with joining, such as
        the share of disadvantaged pupils before any school joined. Schools
        without them are set aside, with the reason.
    method : {"regression", "doubly_robust"}, default "regression"
        With covariates, the outcome regression or the doubly robust
        estimator; without, both are the difference of mean changes.
    cluster : pandas.Series, optional
        Indexed by ``urn``: a group whose schools' errors may be related,
        such as the trust; standard errors are clustered by it (schools
        without one are each their own cluster).
    base : {"previous", "latest"}, default "previous"
        The year each cohort's changes are measured from: ``"previous"``,
        the year before joining, g - 1; ``"latest"``, the latest year with
        results before joining, so that a cohort joining after a year without
        results (England published none in 2020 and 2021) is still
        estimated, from an earlier year, assuming trends parallel over the
        longer gap. The ``base`` column of ``group_time`` says which year.
    level : float, default 0.95
        Confidence level of the intervals.
    seed : int, default 0
        Seed of the draws that give the simultaneous band.

    Returns
    -------
    EventStudy
        The group-time effects, the event-study table, the two summaries
        (``overall``: the mean over years since joining; ``school_years``:
        over treated school-years), the pre-trend test and the schools set
        aside: those already in a partnership in the first year, who have no
        year before joining; those without covariates or without any result.
        Schools that joined in a year after a year without results are
        listed too: no effect of theirs is estimated, but they are compared
        as not yet joined before they joined.

    Raises
    ------
    ParameterError
        If there are no outcomes of ``measure``, or a covariate is not a number.
    MissingExtraError
        If statsmodels is not installed (``pip install 'schoolnet[impact]'``).

    Examples
    --------
    School 1 joins in 2016 and rises from 50 to 60; schools 2 and 3 never
    join and rise by 2 and 4: ATT(2016, 2016) = 10 - (2 + 4) / 2 = 7.

    >>> outcomes = pd.DataFrame({"urn": [1, 2, 3] * 2, "year": [2015] * 3 + [2016] * 3,
    ...                          "measure": "score", "value": [50.0, 40, 45, 60, 42, 49]})
    >>> study = staggered_did(outcomes, joined=pd.Series({1: 2016}), measure="score")
    >>> round(float(study.event.loc[0, "att"]), 9)
    7.0
    """
    conf = number("level", level, minimum=0.0, strict=True)
    zq = float(scipy.stats.norm.ppf(0.5 + conf / 2.0))
    if base not in ("previous", "latest"):
        raise ParameterError(f"base={base!r}: expected 'previous' (the year before joining) or 'latest'")
    if method not in ("regression", "doubly_robust"):
        raise ParameterError(f"method={method!r}: expected 'regression' or 'doubly_robust'")
    panel = _panel(outcomes, joined, measure, covariates, base)
    records, psi_gt = _group_time(panel, method)
    groups = None if cluster is None else cluster.reindex(panel.urns).to_numpy(dtype=object)
    psi_gt = clustered(psi_gt, groups) if len(records) else psi_gt
    group_time = pd.DataFrame.from_records(
        [(g, b, t, e, *_interval(att, psi_gt[i], zq), n, c) for i, (g, b, t, e, att, n, c) in enumerate(records)],
        columns=["cohort", "base", "year", "event_time", "att", "se", "ci_low", "ci_high", "treated", "controls"],
    )
    return _aggregate(group_time, psi_gt, panel.excluded, measure, zq, conf, seed)


def _aggregate(
    group_time: pd.DataFrame,
    psi_gt: np.ndarray,
    excluded: pd.DataFrame,
    measure: str,
    zq: float,
    conf: float,
    seed: int,
) -> EventStudy:
    """Step 3: the effects by years since joining, their two summaries, the band and the test of the years before."""
    event_rows, event_psi = [], []
    for e_key, part in group_time.groupby("event_time"):
        w = part["treated"].to_numpy(float) / part["treated"].sum()
        psi = w @ psi_gt[part.index.to_numpy()]
        att = float(w @ part["att"].to_numpy(float))
        event_rows.append((int(str(e_key)), *_interval(att, psi, zq), int(part["treated"].sum())))
        event_psi.append(psi)
    event = pd.DataFrame.from_records(
        event_rows, columns=["event_time", "att", "se", "ci_low", "ci_high", "treated"]
    ).set_index("event_time")
    psi_e = np.array(event_psi).reshape(len(event), psi_gt.shape[1])
    critical = _band(event, psi_e, conf, seed) if len(event) else float("nan")
    event.insert(4, "band_low", event["att"] - critical * event["se"])
    event.insert(5, "band_high", event["att"] + critical * event["se"])
    post = (event.index >= 0) if len(event) else np.zeros(0, dtype=bool)
    dynamic = float(event["att"][post].mean()) if post.any() else np.nan
    overall = _summary(dynamic, psi_e[post].mean(axis=0) if post.any() else psi_e[:0].sum(axis=0), zq, measure)
    after = (group_time["event_time"] >= 0).to_numpy()
    w = group_time["treated"].to_numpy(float) * after
    simple = float(w @ group_time["att"].to_numpy(float) / w.sum()) if w.sum() else np.nan
    school_years = _summary(simple, (w / w.sum()) @ psi_gt if w.sum() else psi_gt[:0].sum(axis=0), zq, measure)
    pre = [(psi_e[i], float(event["att"].iloc[i])) for i in np.flatnonzero(~post)]
    return EventStudy(
        group_time=group_time,
        event=event,
        overall=overall,
        excluded=excluded,
        pretrend=_wald(pre),
        school_years=school_years,
    )


def _wald(effects: list[tuple[np.ndarray, float]]) -> pd.Series:
    """The joint Wald test that these effects are all zero, their covariance from the schools' influences."""
    if not effects:
        return pd.Series({"statistic": np.nan, "df": 0, "p_value": np.nan})
    psi = np.array([p for p, _ in effects])
    b = np.array([a for _, a in effects])
    statistic = float(b @ np.linalg.pinv(psi @ psi.T) @ b)
    df = int(np.linalg.matrix_rank(psi))
    return pd.Series({"statistic": statistic, "df": df, "p_value": float(scipy.stats.chi2.sf(statistic, df))})
