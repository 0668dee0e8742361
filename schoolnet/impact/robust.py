"""The average effect on the treated with covariates: outcome regression and doubly robust, with influence functions.

Both estimators compare treated and control units alike in some covariates,
for one outcome: a result in a year (a matched comparison) or a change
between two years (one comparison of a difference in differences).

* :func:`outcome_regression_att` fits the outcome on the covariates among
  the controls only, and averages, over the treated, each one's outcome less
  what that fit predicts for it (Heckman, Ichimura and Todd [1]_; in
  differences in differences, Callaway and Sant'Anna's outcome regression).
  Where the effect differs with a covariate it is still the average effect
  on the treated, unlike a regression on treated and controls together,
  which weights the effects by the variance of treatment at each value.
* :func:`doubly_robust_att` adds a logistic model of being treated (the
  propensity): the controls are weighted to look like the treated and the
  outcome model corrects what is left. It is right if either model is right
  (Sant'Anna and Zhao [2]_, their estimator with a logit fitted by maximum
  likelihood).

Each returns the effect and every unit's influence on it: summed in squares,
the influences give the estimate's variance; summed by cluster first
(:func:`clustered`), the variance clustered by, say, trust. Models are
fitted by statsmodels (the ``impact`` extra).

References
----------
.. [1] Heckman, J., Ichimura, H. and Todd, P. (1997). Matching as an
   econometric evaluation estimator. Review of Economic Studies 64(4),
   605-654.
.. [2] Sant'Anna, P. H. C. and Zhao, J. (2020). Doubly robust
   difference-in-differences estimators. Journal of Econometrics 219(1),
   101-122.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._extras import needs_extra
from ..errors import ParameterError

__all__ = ["clustered", "doubly_robust_att", "outcome_regression_att", "propensity"]

#: The largest propensity used, so that no weight p / (1 - p) is infinite.
_CAP = 1 - 1e-6

#: Controls whose propensity reaches this are given no weight: nothing like them is treated-free (as DRDID does).
_TRIM = 0.995


def _design(covariates: np.ndarray) -> np.ndarray:
    """A constant and the covariates, standardised (the estimates do not change; the fits are better conditioned)."""
    x = np.asarray(covariates, dtype=float).reshape(len(covariates), -1)
    scale = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(scale > 0, scale, 1.0)
    return np.column_stack([np.ones(len(x)), z[:, scale > 0]])


def _control_fit(y: np.ndarray, d: np.ndarray, design: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
    """The controls' least-squares fit (statsmodels OLS): each unit's prediction and influence on the coefficients.

    The influence is the asymptotic linear representation of the coefficients: a control's row is its residual
    times its covariates times the inverse of the controls' mean cross-product; a treated unit's row is zero.
    """
    linear_model = needs_extra("statsmodels.regression.linear_model", extra="impact", what=what)
    control = d == 0
    fit = linear_model.OLS(y[control], design[control]).fit()
    prediction = design @ np.asarray(fit.params)
    residual = np.where(control, y - prediction, 0.0)
    cross = (design * control[:, None]).T @ design / len(y)
    return prediction, (design * residual[:, None]) @ np.linalg.pinv(cross)


def _checked(y: np.ndarray, treated: np.ndarray, covariates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float)
    d = np.asarray(treated, dtype=bool).astype(float)
    design = _design(covariates)
    if not np.isfinite(y).all() or not np.isfinite(design).all():
        raise ParameterError("an outcome or covariate is missing: set such units aside first")
    n_treated, n_control = int(d.sum()), int(len(d) - d.sum())
    if n_treated == 0 or n_control < design.shape[1]:
        raise ParameterError(
            f"{n_treated} treated and {n_control} controls: need a treated unit and as many controls as the "
            f"{design.shape[1]} terms of the model"
        )
    return y, d, design


def outcome_regression_att(
    y: np.ndarray, treated: np.ndarray, covariates: np.ndarray, *, what: str = "outcome_regression_att"
) -> tuple[float, np.ndarray]:
    """The average effect on the treated by outcome regression, fitted on the controls only.

    The outcome is regressed on a constant and the covariates among the
    controls; the effect is the mean, over the treated, of the outcome less
    its prediction.

    Parameters
    ----------
    y : numpy.ndarray
        The outcome of each unit (a result, or a change between two years).
    treated : numpy.ndarray
        Boolean: which units are treated.
    covariates : numpy.ndarray
        One row per unit, one column per covariate (none: a difference of means).
    what : str
        The function named in the error if statsmodels is missing.

    Returns
    -------
    effect : float
    influence : numpy.ndarray
        Each unit's influence on the effect, scaled so that the square root of
        the sum of squares is the standard error.

    Raises
    ------
    ParameterError
        If a value is missing, or there are no treated or too few controls.

    Examples
    --------
    Controls lie on y = 2x; the treated, at x = 3 and 5, are 1 and 3 above it:

    >>> y = np.array([0.0, 2, 4, 7, 13])
    >>> effect, influence = outcome_regression_att(y, np.array([0, 0, 0, 1, 1]), np.array([0.0, 1, 2, 3, 5]))
    >>> round(effect, 9), influence.shape
    (2.0, (5,))
    """
    y, d, design = _checked(y, treated, covariates)
    n, share = len(y), d.mean()
    prediction, lin = _control_fit(y, d, design, what)
    effect = float((d * (y - prediction)).sum() / d.sum())
    m1 = (d[:, None] * design).mean(axis=0)
    influence = (d * (y - prediction - effect) - lin @ m1) / share
    return effect, influence / n


def doubly_robust_att(
    y: np.ndarray, treated: np.ndarray, covariates: np.ndarray, *, what: str = "doubly_robust_att"
) -> tuple[float, np.ndarray]:
    """The doubly robust average effect on the treated: a logit propensity and a linear outcome model.

    The controls are weighted by the odds of their propensity, p / (1 - p),
    from a logistic regression of being treated on the covariates
    (statsmodels Logit), and the outcome model of
    :func:`outcome_regression_att` is subtracted from every unit's outcome.
    Controls with a propensity of 0.995 or more get no weight (as in the
    DRDID package). The estimate is right when either model is; its influence function
    counts the estimation of both (Sant'Anna and Zhao, 2020).

    Parameters
    ----------
    y, treated, covariates : numpy.ndarray
        The outcomes, which units are treated, and their covariates, as for
        :func:`outcome_regression_att`.
    what : str
        Names the function in the error if statsmodels is missing.

    Returns
    -------
    effect : float
    influence : numpy.ndarray
        As for :func:`outcome_regression_att`.

    Raises
    ------
    ParameterError
        If a value is missing, too few units, or the covariates separate the
        treated from the controls perfectly (no control is like a treated
        unit: no comparison can be made).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(0, 1, 2000)
    >>> d = rng.random(2000) < 1 / (1 + np.exp(-x))
    >>> y = x**2 + (1 + x) * d + rng.normal(0, 0.1, 2000)  # the effect on the treated is 1 + their mean x
    >>> effect, influence = doubly_robust_att(y, d, x)
    >>> truth, se = 1 + x[d].mean(), np.sqrt((influence**2).sum())
    >>> bool(abs(effect - truth) < 3 * se)
    True
    """
    y, d, design = _checked(y, treated, covariates)
    n = len(y)
    ps, w_cont = propensity(d, design[:, 1:], what=what)
    prediction, lin_ols = _control_fit(y, d, design, what)
    information = design.T @ ((ps * (1 - ps))[:, None] * design)
    lin_ps = ((d - ps)[:, None] * design) @ (np.linalg.pinv(information) * n)
    w_treat = d
    residual = y - prediction
    eta_treat = (w_treat * residual).mean() / w_treat.mean()
    eta_cont = (w_cont * residual).mean() / w_cont.mean()
    m1 = (w_treat[:, None] * design).mean(axis=0)
    m2 = ((w_cont * (residual - eta_cont))[:, None] * design).mean(axis=0)
    m3 = (w_cont[:, None] * design).mean(axis=0)
    inf_treat = (w_treat * (residual - eta_treat) - lin_ols @ m1) / w_treat.mean()
    inf_cont = (w_cont * (residual - eta_cont) + lin_ps @ m2 - lin_ols @ m3) / w_cont.mean()
    return float(eta_treat - eta_cont), (inf_treat - inf_cont) / n


def propensity(
    treated: np.ndarray, covariates: np.ndarray, *, what: str = "propensity"
) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's propensity, from a logistic regression of being treated on the covariates, and the controls' weights.

    A control's weight is the odds of its propensity, p / (1 - p), which
    makes the controls look like the treated; 0 where p reaches 0.995 (as
    the DRDID package does), and 0 for the treated. Propensities are capped
    below 1.

    Parameters
    ----------
    treated, covariates : numpy.ndarray
        Which units are treated (boolean), and their covariates (a row each).
    what : str
        Names the function in the error if statsmodels is missing.

    Returns
    -------
    propensity, weights : numpy.ndarray

    Raises
    ------
    ParameterError
        If the model cannot be fitted, as when the covariates separate the
        treated from the controls.

    Examples
    --------
    Half the units at x = 0 and three quarters at x = 1 are treated; the logit fits both shares exactly.

    >>> ps, w = propensity(np.array([1, 0, 1, 1, 1, 0]), np.array([0.0, 0, 1, 1, 1, 1]))
    >>> ps.round(2).tolist(), w.round(2).tolist()
    ([0.5, 0.5, 0.75, 0.75, 0.75, 0.75], [0.0, 1.0, 0.0, 0.0, 0.0, 3.0])
    """
    discrete_model = needs_extra("statsmodels.discrete.discrete_model", extra="impact", what=what)
    d = np.asarray(treated, dtype=bool).astype(float)
    design = _design(covariates)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            fit = discrete_model.Logit(d, design).fit(disp=0, maxiter=200)
        except Exception as error:  # statsmodels signals separation and failure to converge by warnings and errors
            raise ParameterError(
                f"the propensity model cannot be fitted ({type(error).__name__}: {error}); the covariates may "
                "separate the treated from the controls, so that no control is like them"
            ) from error
    ps = np.minimum(np.asarray(fit.predict(design), dtype=float), _CAP)
    return ps, np.where((d == 0) & (ps < _TRIM), ps / (1 - ps), 0.0)


def clustered(influence: np.ndarray, clusters: np.ndarray | None) -> np.ndarray:
    """Influences summed within clusters, for a variance clustered by them (rows of a matrix: several estimates).

    Each cluster's sum is scaled by sqrt(G / (G - 1)), G the number of
    clusters, the usual small-sample correction; units with no cluster
    (missing) are each their own. Without clusters, the influences as given.

    Parameters
    ----------
    influence : numpy.ndarray
        One value per unit, or one row per estimate and one column per unit.
    clusters : numpy.ndarray, optional
        The cluster of each unit.

    Returns
    -------
    numpy.ndarray
        One value (or column) per cluster.

    Examples
    --------
    Two units in cluster "a", one in "b": (1 + 2)^2 + 3^2 = 18, times 2 / (2 - 1).

    >>> psi = clustered(np.array([1.0, 2.0, 3.0]), np.array(["a", "a", "b"]))
    >>> float((psi**2).sum())
    36.0
    """
    if clusters is None:
        return influence
    labels = np.asarray(clusters, dtype=object)
    alone = np.array([v is None or v != v for v in labels], dtype=bool)
    keys = np.where(alone, [f"\0unit {i}" for i in range(len(labels))], labels.astype(str))
    _, codes = np.unique(keys, return_inverse=True)
    groups = int(codes.max()) + 1 if len(codes) else 0
    matrix = np.atleast_2d(influence)
    scale = float(np.sqrt(groups / (groups - 1))) if groups > 1 else 1.0
    summed = np.stack([np.bincount(codes, weights=row, minlength=groups) for row in matrix]) * scale
    return summed if np.ndim(influence) == 2 else summed[0]
