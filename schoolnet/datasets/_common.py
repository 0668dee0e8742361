"""Pieces shared by the sample county and the synthetic generator."""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

#: Ofsted judgements in the order the generators draw them.
OFSTED_ORDER: Final = ("outstanding", "good", "requires improvement", "inadequate", "none")

#: Urban and rural settings, as the DfE register labels them.
URBAN: Final = ("(England/Wales) Urban city and town", "(England/Wales) Urban major conurbation")
RURAL: Final = (
    "(England/Wales) Rural town and fringe",
    "(England/Wales) Rural village",
    "(England/Wales) Rural hamlet and isolated dwellings",
)

_DAY_NS: Final = 86_400_000_000_000


def random_dates(rng: np.random.Generator, start: str, end: str, n: int) -> pd.Series:
    """Draw ``n`` dates uniformly between ``start`` and ``end``, inclusive."""
    lo, hi = pd.Timestamp(start).value // _DAY_NS, pd.Timestamp(end).value // _DAY_NS
    days = rng.integers(lo, hi + 1, size=n)
    return pd.Series(pd.to_datetime(days, unit="D"))


def ids(prefix: str, numbers: np.ndarray) -> np.ndarray:
    """Identifiers such as ``CL12`` from a prefix and numbers."""
    return np.char.add(prefix, np.asarray(numbers).astype(str)).astype(object)
