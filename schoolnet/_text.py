"""Text helpers shared by the vocabularies and the table checks."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["fold", "per_distinct"]

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text as compared with a vocabulary: lower case, single spaces, no underscores or hyphens.

    Examples
    --------
    >>> fold("  Requires_Improvement ")
    'requires improvement'
    """
    return _SPACES.sub(" ", text.replace("_", " ").replace("-", " ").strip().lower())


def per_distinct(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """Apply a function to each distinct value once, and spread the results back: blanks give ``function(None)``.

    A table's columns repeat their values (phases, judgements, dates), so this
    costs one call per distinct value rather than one per row.

    Examples
    --------
    >>> per_distinct(pd.Series(["a", "b", "a", None]), lambda v: v is None).tolist()
    [False, False, False, True]
    """
    codes, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [function(u) for u in uniques]
    results[-1] = function(None)
    return pd.Series(results[codes], index=values.index, dtype="object")
