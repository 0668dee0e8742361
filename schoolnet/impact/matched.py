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
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy  # scipy.stats loads on first use, not with schoolnet (it takes a second)
from scipy.spatial import KDTree

from .._validate import number, whole_number
from ..errors import ParameterError
from ..network.convert import nodes_frame
from .robust import clustered, doubly_robust_att, propensity

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


@dataclass(frozen=True)
class _Sample:
    """The schools that can be compared: standardised covariates, outcomes, strata, and the treated and controls."""

    z: np.ndarray
    y: np.ndarray
    x: pd.DataFrame
    strata: np.ndarray
    controls: np.ndarray
    candidates: np.ndarray
    flag: np.ndarray
    reasons: pd.Series


def _sample(
    schools: pd.DataFrame,
    outcomes: pd.DataFrame,
    treated: pd.Series,
    *,
    measure: str,
    year: int,
    columns: list[str],
    strata: list[str],
    neighbours: int,
) -> _Sample:
    """Step 1: each school's covariates and outcome, and why a school cannot be compared ("" where it can)."""
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
    return _Sample(z, y.to_numpy(dtype=float), x, _strata(schools, strata), controls, candidates, flag, reasons.copy())


def _bias_slopes(s: _Sample, used: np.ndarray, uses: np.ndarray) -> tuple[np.ndarray, float]:
    """The slopes of the bias correction, and the residual variance, from the matched controls only.

    A least-squares fit of the outcome on the standardised covariates among
    the controls used as matches, each weighted by how often it is used, within
    strata (the outcome and covariates less their weighted mean in each
    stratum), as Abadie and Imbens (2011). Slopes the matched controls cannot
    tell apart are 0: no correction along them.
    """
    rows = s.controls[used]
    w = uses[used]
    codes = s.strata[rows]
    zc, yc = s.z[rows].copy(), s.y[rows].copy()
    for code in np.unique(codes):
        here = codes == code
        zc[here] -= np.average(zc[here], axis=0, weights=w[here])
        yc[here] -= np.average(yc[here], weights=w[here])
    root = np.sqrt(w)
    slope = np.linalg.lstsq(zc * root[:, None], yc * root, rcond=None)[0]
    residual = yc - zc @ slope
    terms = zc.shape[1] + len(np.unique(codes))
    return slope, float(residual @ residual / max(len(rows) - terms, 1))


def _matching(
    s: _Sample, chosen: np.ndarray, found: np.ndarray, neighbours: int, clusters: np.ndarray | None
) -> tuple[float, float, np.ndarray, np.ndarray, np.ndarray]:
    """Step 3, by matching: the effect, its standard error, each treated school's matched mean, and the uses."""
    uses = np.bincount(found.ravel(), minlength=len(s.controls)).astype(float)
    slope, sigma2 = _bias_slopes(s, uses > 0, uses)
    gap = s.z[chosen][:, None, :] - s.z[s.controls[found]]
    matched_mean = (s.y[s.controls[found]] + gap @ slope).mean(axis=1)
    differences = s.y[chosen] - matched_mean
    n = len(differences)
    effect = float(differences.mean())
    # The variance of Abadie and Imbens (2006) for the ATT, with a control used K times by matches of k: the spread
    # of the differences (summed by cluster first when asked), plus what reusing a control adds,
    # ((K/k)^2 - K/k^2) times the controls' residual variance.
    reuse = float((((uses / neighbours) ** 2) - uses / neighbours**2).sum() * sigma2)
    spread = float((clustered(differences - effect, clusters) ** 2).sum())
    se = float(np.sqrt(spread + reuse) / n) if n > 1 else float("nan")
    return effect, se, matched_mean, differences, uses


def _robust(s: _Sample, clusters: np.ndarray | None) -> tuple[float, float, np.ndarray, np.ndarray, np.ndarray]:
    """Step 3, doubly robust: the effect, its standard error, each treated school's prediction, controls' weights."""
    both = np.concatenate([s.candidates, s.controls])
    d = np.concatenate([np.ones(len(s.candidates), bool), np.zeros(len(s.controls), bool)])
    codes = s.strata[both]
    dummies = (codes[:, None] == np.unique(codes)[None, 1:]).astype(float)
    design = np.column_stack([s.z[both], dummies])
    effect, influence = doubly_robust_att(s.y[both], d, design, what="compare_outcomes")
    se = float(np.sqrt((clustered(influence, None if clusters is None else clusters[both]) ** 2).sum()))
    _, weights = propensity(d, design, what="compare_outcomes")
    # Each treated school's outcome as the controls' linear model predicts it without the effect (for the table).
    terms = np.column_stack([np.ones(len(both)), design])
    fit = np.linalg.lstsq(terms[~d], s.y[s.controls], rcond=None)[0]
    prediction = terms[d] @ fit
    return effect, se, prediction, s.y[s.candidates] - prediction, weights[len(s.candidates) :]


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
    method: Literal["matching", "doubly_robust"] = "matching",
    cluster: str | None = None,
) -> MatchedComparison:
    """Compare the outcomes of treated schools with those of similar untreated schools: by matching, or doubly robust.

    With ``method="matching"`` (the default), each treated school is matched
    to the ``k`` most similar untreated schools, and each match's outcome is
    corrected for what is left of its difference in covariates, by their
    slopes among the matched controls, weighted by how often each is used,
    within the strata of ``exact`` (the bias-corrected estimator of Abadie
    and Imbens, 2011). With ``method="doubly_robust"``, every control is
    weighted by the odds of its propensity (a logistic model of being
    treated on the covariates, statsmodels Logit) and a linear model of the
    outcome among the controls corrects what is left; the estimate is right
    if either model is, and its interval comes from its influence function
    (:func:`schoolnet.impact.robust.doubly_robust_att`).

    Balance is not proof: standardised differences under 0.1 after matching
    say the means of the covariates are alike, not that the estimate is
    unbiased. An outcome that bends with a covariate, or an effect that
    differs with one, can bias a comparison whose balance table looks
    perfect; and nothing here can balance what is not measured.

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
        controls, or no value of one, is left out, with the reason. The
        doubly robust estimator takes them as categories in both models.
    level : float, default 0.95
        The interval's coverage.
    method : {"matching", "doubly_robust"}, default "matching"
        The estimator.
    cluster : str, optional
        A column of ``schools``, such as ``"trust"``, whose schools' errors
        may be related: standard errors are clustered by it, with the usual
        G / (G - 1) correction; schools without a value are each their own
        cluster. In matching, the treated schools' differences are summed by
        cluster (the controls' reuse term is not).

    Returns
    -------
    MatchedComparison

    Raises
    ------
    ParameterError
        If a covariate is not a column of ``schools``, or no school can be compared.
    MissingExtraError
        With ``method="doubly_robust"``, if statsmodels is not installed.

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
    columns, strata, neighbours, limit = _arguments(schools, match_on, exact, k, caliper, level, method, cluster)
    s = _sample(
        schools, outcomes, treated, measure=measure, year=year, columns=columns, strata=strata, neighbours=neighbours
    )
    clusters = None if cluster is None else schools[cluster].to_numpy(dtype=object)
    if method == "doubly_robust":
        chosen = s.candidates
        effect, se, predicted, differences, weights = _robust(s, clusters)
        matched_urns = [""] * len(chosen)
        balance_rows, balance_weights = s.controls, weights
    else:
        chosen, found = _match(s, strata, neighbours, limit)
        effect, se, predicted, differences, uses = _matching(
            s, chosen, found, neighbours, None if clusters is None else clusters[chosen]
        )
        urns = schools.index.to_numpy()
        matched_urns = ["; ".join(map(str, urns[s.controls[row]])) for row in found]
        balance_rows, balance_weights = s.controls, uses
    n = len(chosen)
    t = scipy.stats.t.ppf((1 + level) / 2, df=max(n - 1, 1))
    p = float(2 * scipy.stats.t.sf(abs(effect / se), df=max(n - 1, 1))) if se > 0 else float("nan")
    everyone = np.concatenate([s.candidates, s.controls])
    before = standardised_differences(s.x.iloc[everyone], np.isin(everyone, s.candidates))
    both = np.concatenate([chosen, balance_rows])
    is_treated = np.concatenate([np.ones(n, bool), np.zeros(len(balance_rows), bool)])
    after = standardised_differences(s.x.iloc[both], is_treated, np.concatenate([np.ones(n), balance_weights]))
    matches = pd.DataFrame(
        {
            "outcome": s.y[chosen],
            "matched_outcome": predicted,
            "difference": differences,
            "matched_urns": matched_urns,
        },
        index=pd.Index(schools.index.to_numpy()[chosen], name="urn"),
    )
    left = s.reasons[s.flag & (s.reasons != "").to_numpy()]
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
            "method": method,
            "cluster": cluster,
        },
    )


def _arguments(
    schools: pd.DataFrame,
    match_on: Sequence[str],
    exact: Sequence[str],
    k: int,
    caliper: float | None,
    level: float,
    method: str,
    cluster: str | None,
) -> tuple[list[str], list[str], int, float | None]:
    """Step 0: the arguments checked: the covariates, the strata, k and the caliper."""
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
    if method not in ("matching", "doubly_robust"):
        raise ParameterError(f"method={method!r}: expected 'matching' or 'doubly_robust'")
    if cluster is not None and cluster not in schools.columns:
        raise ParameterError(f"cluster={cluster!r}: not a column of schools, such as 'trust'")
    return columns, strata, neighbours, limit


def _match(s: _Sample, strata: list[str], neighbours: int, limit: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Step 2: the treated schools matched and their controls; those left out get their reason in ``s.reasons``."""
    distance, found, alike = _nearest(s.z, s.controls, s.candidates, s.strata, neighbours)
    if strata:
        s.reasons.iloc[s.candidates[~alike]] = f"fewer than {neighbours} controls alike in {', '.join(strata)}"
    keep = alike if limit is None else alike & (distance.max(axis=1) <= limit)
    if limit is not None:
        s.reasons.iloc[s.candidates[alike & ~keep]] = f"no {neighbours} controls within {limit:g} standard deviations"
    if not keep.any():
        raise ParameterError(
            "no treated school could be matched: " + "; ".join(sorted(set(s.reasons.iloc[s.candidates])))
        )
    return s.candidates[keep], found[keep]
