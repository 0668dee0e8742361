"""Text helpers shared by the vocabularies and the table checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final

import numpy as np
import pandas as pd

__all__ = ["INT", "OBJECT", "TEXT", "fold", "isin", "per_distinct", "unchanged"]

_SPACES = re.compile(r"\s+")

# Dtypes named once: pandas looks a dtype given by name up among every dtype it knows, at each call.
#: pandas' text dtype, as ``"str"`` names it.
TEXT: Final = pd.api.types.pandas_dtype("str")
#: The dtype of Python objects.
OBJECT: Final = np.dtype(object)
#: pandas' whole numbers that may be missing, ``"Int64"``.
INT: Final = pd.Int64Dtype()


def fold(text: str) -> str:
    """Text as compared with a vocabulary: lower case, single spaces, no underscores or hyphens.

    Examples
    --------
    >>> fold("  Requires_Improvement ")
    'requires improvement'
    """
    return _SPACES.sub(" ", text.replace("_", " ").replace("-", " ").strip().lower())


def isin(values: pd.Series, among: Iterable[object]) -> pd.Series:
    """``values.isin(among)``, the same answer, for text columns too.

    pandas checks each value of ``among`` on its own for a column of text, at a
    cost per value that dominates when ``among`` is another table's column of
    thousands of ids; the column is compared as Python strings instead.

    Examples
    --------
    >>> isin(pd.Series(["G1", "G2", None], dtype="str"), pd.Series(["G2", "G3"], dtype="str")).tolist()
    [False, True, False]
    """
    if not isinstance(values.dtype, pd.StringDtype):
        return values.isin(among)
    allowed = among.to_numpy(dtype=object) if isinstance(among, (pd.Series, pd.Index)) else among
    return values.astype(OBJECT).isin(allowed)


def per_distinct(
    values: pd.Series,
    function: Callable[[object], object],
    *,
    then: Callable[[pd.Series], pd.Series] | None = None,
) -> pd.Series:
    """Apply a function to each distinct value once, and spread the results back: blanks give ``function(None)``.

    A table's columns repeat their values (phases, judgements, dates), so this
    costs one call per distinct value rather than one per row. Text and date
    columns are told apart as they are stored, without making a Python string
    or ``Timestamp`` of each cell.
    ``then``, a vectorised function of a Series (a conversion to a type,
    ``pandas.to_numeric``), is applied to the results of the distinct values
    before they are spread, so that it too runs once per distinct value; it
    must work value by value.

    Examples
    --------
    >>> per_distinct(pd.Series(["a", "b", "a", None]), lambda v: v is None).tolist()
    [False, False, False, True]
    >>> per_distinct(pd.Series([" 1", "2 ", " 1", None], dtype="str"), lambda v: v and v.strip(), then=pd.to_numeric)
    0    1.0
    1    2.0
    2    1.0
    3    NaN
    dtype: float64
    """
    # Text and dates are told apart as stored; other columns as Python objects.
    stored = isinstance(values.dtype, pd.StringDtype) or pd.api.types.is_datetime64_any_dtype(values.dtype)
    # The column's own array is factorized: through the Series, pandas would also wrap the distinct values in an Index.
    plain = values.array if stored else values.astype(OBJECT).to_numpy()
    codes, uniques = pd.factorize(plain, use_na_sentinel=True)
    distinct = uniques.tolist()
    results = np.empty(len(distinct) + 1, dtype=object)
    results[:-1] = [function(u) for u in distinct]
    results[-1] = function(None)
    spread = np.where(codes < 0, len(distinct), codes)
    if then is None:
        return pd.Series(results[spread], index=values.index, dtype=OBJECT)
    converted = pd.Series(then(pd.Series(results, dtype=OBJECT))).array
    return pd.Series(converted.take(spread), index=values.index)


def unchanged(value: object) -> object:
    """The value itself: with :func:`per_distinct`, when only ``then`` is wanted.

    Examples
    --------
    >>> per_distinct(pd.Series(["b", "a", "b"]), unchanged, then=lambda s: s.str.upper()).tolist()
    ['B', 'A', 'B']
    """
    return value
