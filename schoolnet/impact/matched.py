"""Like for like: schools in a partnership against similar schools outside one.

Schools that join partnerships differ from those that do not, so the gap in
:func:`schoolnet.outcomes_by_group` is not an effect. :func:`compare_outcomes`
matches each school in a partnership to the most similar schools outside one,
on standardised covariates (size, disadvantage, prior attainment: what the
performance tables publish), and estimates the average effect on the schools
that joined (the ATT) as the mean difference between each and its matches.
It shows the balance of each covariate before and after matching
(standardised mean differences; under 0.1 is the usual mark of balance), and
counts the schools it could not match, with the reason.

Matching removes the differences it can see. It cannot remove a difference
in something it does not measure, such as leadership, which may lead both to
joining and to results; say so beside any estimate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import KDTree

from .._validate import number, whole_number
from ..errors import ParameterError
from ..network.convert import nodes_frame

__all__ = ["MatchedComparison", "compare_outcomes", "standardised_differences"]


def standardised_differences(
    covariates: pd.DataFrame, treated: np.ndarray, weights: np.ndarray | None = None
) -> pd.Series:
    """The standardised mean difference of each covariate between treated and control schools.

    The difference of the means, over the square root of the mean of the two
    groups' variances (as measured before matching, so that the scale does not
    change with the matching).

    Parameters
    ----------
    covariates : pandas.DataFrame
        One column per covariate, one row per school.
    treated : numpy.ndarray
        Boolean: which rows are treated.
    weights : numpy.ndarray, optional
        Weights of the rows in the means, such as how often a control is used
        as a match; 1 by default.

    Returns
    -------
    pandas.Series

    Examples
    --------
    >>> x = pd.DataFrame({"size": [1.0, 2.0, 3.0, 4.0]})
    >>> standardised_differences(x, np.array([True, True, False, False]))["size"]
    np.float64(-2.82842712474619)
    """
    w = np.ones(len(covariates)) if weights is None else np.asarray(weights, dtype=float)
    out = {}
    for column in covariates.columns:
        values = covariates[column].to_numpy(dtype=float)
        t, c = values[treated], values[~treated]
        scale = np.sqrt((_variance(t) + _variance(c)) / 2)
        diff = np.average(t, weights=w[treated]) - np.average(c, weights=w[~treated])
        out[column] = diff / scale if scale > 0 else 0.0
    return pd.Series(out, name="smd")


def _variance(values: np.ndarray) -> float:
    """The sample variance of the known values; 0 with fewer than two."""
    known = values[~np.isnan(values)]
    return float(known.var(ddof=1)) if len(known) > 1 else 0.0


@dataclass(frozen=True)
class MatchedComparison:
    """A matched comparison of treated schools with similar untreated ones.

    Attributes
    ----------
    effect : float
        The average effect on the treated (ATT): the mean of each treated
        school's outcome less the mean of its matches', each match's outcome
        corrected for what is left of its difference in covariates (the
        bias-corrected matching estimator of Abadie and Imbens, 2011).
    ci_low, ci_high : float
        Its confidence interval, from the variance of Abadie and Imbens
        (2006), which counts the controls used more than once.
    p_value : float
        For an effect of 0.
    balance : pandas.DataFrame
        For each covariate, ``before`` and ``after``: standardised mean
        differences before and after matching.
    matches : pandas.DataFrame
        One row per treated school matched: its outcome, the mean outcome of
        its matches, the difference, and the URNs matched.
    unmatched : pandas.DataFrame
        One row per treated school left out, with the ``reason``.
    definition : dict
        The arguments.
    """

    effect: float
    ci_low: float
    ci_high: float
    p_value: float
    balance: pd.DataFrame
    matches: pd.DataFrame
    unmatched: pd.DataFrame
    definition: dict[str, object] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        """The estimate in one line of numbers: effect, interval, p-value, schools matched and not."""
        return {
            "effect": self.effect,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p_value": self.p_value,
            "matched": len(self.matches),
            "unmatched": len(self.unmatched),
            "worst_smd_after": float(self.balance["after"].abs().max()) if len(self.balance) else float("nan"),
        }


def _strata(schools: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """A code per school for its values of these columns (all 0 with none)."""
    if not columns:
        return np.zeros(len(schools), dtype=np.int64)
    codes: np.ndarray = schools[columns].astype(str).groupby(columns, sort=True).ngroup().to_numpy()
    return codes


def _nearest(
    z: np.ndarray, controls: np.ndarray, candidates: np.ndarray, stratum: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each candidate, the distances to its ``k`` nearest controls of its stratum and their places in ``controls``.

    Also whether the candidate's stratum has ``k`` controls; a candidate's rows are meaningless where it has not.
    """
    distance = np.full((len(candidates), k), np.inf)
    found = np.zeros((len(candidates), k), dtype=np.int64)
    alike = np.zeros(len(candidates), dtype=bool)
    for code in np.unique(stratum[candidates]):
        places = np.flatnonzero(stratum[controls] == code)
        rows = np.flatnonzero(stratum[candidates] == code)
        if len(places) < k:
            continue
        near, which = KDTree(z[controls[places]]).query(z[candidates[rows]], k=k)
        distance[rows] = np.asarray(near, dtype=float).reshape(len(rows), -1)
        found[rows] = places[np.asarray(which, dtype=np.int64).reshape(len(rows), -1)]
        alike[rows] = True
    return distance, found, alike


def compare_outcomes(
    schools: pd.DataFrame | nx.Graph,
    outcomes: pd.DataFrame,
    *,
    treated: pd.Series | Iterable[int],
    measure: str,
    year: int,
    match_on: Sequence[str] = ("pupils", "fsm_pct", "ks2aps"),
    k: int = 5,
    caliper: float | None = None,
    exact: Sequence[str] = (),
    level: float = 0.95,
) -> MatchedComparison:
    """Match each treated school to the ``k`` most similar untreated schools, and compare their outcomes.

    Parameters
    ----------
    schools : pandas.DataFrame or networkx.Graph
        Indexed by URN, with the covariates of ``match_on``; or a network
        from :func:`schoolnet.build_network`, whose schools' attributes are
        used.
    outcomes : pandas.DataFrame
        As :func:`schoolnet.read_outcomes` returns it.
    treated : pandas.Series or iterable of int
        Boolean, indexed by URN: which schools are in a partnership; or their
        URNs, such as :func:`schoolnet.read.outcomes.in_partnership` gives.
    measure : str
        The outcome.
    year : int
        The year of the outcome.
    match_on : sequence of str
        The covariates, standardised (by their standard deviation over all
        schools) before the distances are taken.
    k : int, default 5
        How many controls each treated school is matched to (with replacement).
    caliper : float, optional
        The farthest a match may be, in standard deviations; a treated school
        with no control so near is left out, with the reason.
    exact : sequence of str, default ()
        Columns a match must share with its treated school, such as
        ``("phase", "urban_rural")``: each school is matched only among
        schools alike in them. A treated school with fewer than ``k`` such
        controls, or no value of one, is left out, with the reason.
    level : float, default 0.95
        The interval's coverage.

    Returns
    -------
    MatchedComparison

    Raises
    ------
    ParameterError
        If a covariate is not a column of ``schools``, or no school can be compared.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> schools = pd.DataFrame({"size": rng.normal(0, 1, 400)}, index=pd.Index(range(400), name="urn"))
    >>> treated = pd.Series(rng.random(400) < 1 / (1 + np.exp(-schools["size"])), index=schools.index)
    >>> value = schools["size"] + 0.2 * treated + rng.normal(0, 0.1, 400)
    >>> results = pd.DataFrame({"urn": schools.index, "year": 2015, "measure": "pass", "value": value})
    >>> found = compare_outcomes(schools, results, treated=treated, measure="pass", year=2015, match_on=["size"])
    >>> round(found.effect, 1), bool(found.ci_low < 0.2 < found.ci_high)
    (0.2, True)
    """
    if isinstance(schools, nx.Graph):
        schools = nodes_frame(schools)
    if not isinstance(treated, pd.Series):
        treated = pd.Series(schools.index.isin(list(treated)), index=schools.index)
    columns = list(match_on)
    missing = [c for c in columns if c not in schools.columns]
    if missing or not columns:
        raise ParameterError(f"match_on={match_on!r}: {missing or 'nothing'} is not a column of schools")
    strata = [exact] if isinstance(exact, str) else list(exact)
    if any(c not in schools.columns for c in strata):
        raise ParameterError(f"exact={exact!r}: {[c for c in strata if c not in schools.columns]} is not a column")
    neighbours = whole_number("k", k, minimum=1)
    limit = number("caliper", caliper, minimum=0, strict=True, allow_none=True)
    if not 0 < level < 1:
        raise ParameterError(f"level={level!r}: expected a coverage between 0 and 1, such as 0.95")
    rows = outcomes[(outcomes["measure"] == measure) & (outcomes["year"] == year)].drop_duplicates("urn")
    y = rows.set_index("urn")["value"].reindex(schools.index)
    x = schools[columns].astype(float)
    flag = treated.reindex(schools.index).fillna(False).astype(bool).to_numpy()
    reasons = pd.Series("", index=schools.index, dtype=object)
    for column in [*columns, *strata]:
        reasons = reasons.where((reasons != "") | schools[column].notna(), f"no {column}")
    reasons = reasons.where((reasons != "") | y.notna(), f"no {measure} in {year}")
    usable = (reasons == "").to_numpy()
    controls = np.flatnonzero(usable & ~flag)
    candidates = np.flatnonzero(usable & flag)
    if len(controls) < neighbours or not len(candidates):
        raise ParameterError(f"{len(candidates)} treated and {len(controls)} control schools can be compared; too few")
    scale = x[usable].std(ddof=1).replace(0, 1).to_numpy()
    z = (x.to_numpy() - x[usable].mean().to_numpy()) / scale
    distance, found, alike = _nearest(z, controls, candidates, _strata(schools, strata), neighbours)
    if strata:
        reasons.iloc[candidates[~alike]] = f"fewer than {neighbours} controls alike in {', '.join(strata)}"
    keep = alike if limit is None else alike & (distance.max(axis=1) <= limit)
    if limit is not None:
        reasons.iloc[candidates[alike & ~keep]] = f"no {neighbours} controls within {limit:g} standard deviations"
    chosen, found = candidates[keep], found[keep]
    if not len(chosen):
        raise ParameterError("no treated school could be matched: " + "; ".join(sorted(set(reasons.iloc[candidates]))))
    yv = y.to_numpy(dtype=float)
    # Bias correction (Abadie and Imbens, 2011): a match a little unlike its treated school has its outcome moved by
    # the difference in covariates times their slope among the controls, from a least-squares fit.
    design = np.column_stack([np.ones(len(controls)), z[controls]])
    fit = np.linalg.lstsq(design, yv[controls], rcond=None)[0]
    slope = fit[1:]
    residual = yv[controls] - design @ fit
    sigma2 = float(residual @ residual / max(len(controls) - design.shape[1], 1))
    gap = z[chosen][:, None, :] - z[controls[found]]
    matched_mean = (yv[controls[found]] + gap @ slope).mean(axis=1)
    differences = yv[chosen] - matched_mean
    n = len(differences)
    effect = float(differences.mean())
    # The variance of Abadie and Imbens (2006) for the ATT, with a control used K times by matches of k: the spread
    # of the differences, plus what reusing a control adds, ((K/k)^2 - K/k^2) times the controls' residual variance.
    uses = np.bincount(found.ravel(), minlength=len(controls)).astype(float)
    reuse = float((((uses / neighbours) ** 2) - uses / neighbours**2).sum() * sigma2)
    spread = float(((differences - effect) ** 2).sum())
    se = float(np.sqrt(spread + reuse) / n) if n > 1 else float("nan")
    t = stats.t.ppf((1 + level) / 2, df=max(n - 1, 1))
    p = float(2 * stats.t.sf(abs(effect / se), df=max(n - 1, 1))) if se > 0 else float("nan")
    both = np.concatenate([chosen, controls])
    weights = np.concatenate([np.ones(len(chosen)), uses])
    is_treated = np.concatenate([np.ones(len(chosen), bool), np.zeros(len(controls), bool)])
    everyone = np.concatenate([candidates, controls])
    before = standardised_differences(x.iloc[everyone], np.isin(everyone, candidates))
    after = standardised_differences(x.iloc[both], is_treated, weights)
    urns = schools.index.to_numpy()
    matches = pd.DataFrame(
        {
            "outcome": yv[chosen],
            "matched_outcome": matched_mean,
            "difference": differences,
            "matched_urns": ["; ".join(map(str, urns[controls[row]])) for row in found],
        },
        index=pd.Index(urns[chosen], name="urn"),
    )
    left = reasons[flag & (reasons != "").to_numpy()]
    return MatchedComparison(
        effect=effect,
        ci_low=effect - t * se,
        ci_high=effect + t * se,
        p_value=p,
        balance=pd.DataFrame({"before": before, "after": after}),
        matches=matches,
        unmatched=left.rename("reason").to_frame(),
        definition={
            "measure": measure,
            "year": year,
            "match_on": columns,
            "k": neighbours,
            "caliper": limit,
            "exact": strata,
        },
    )
