"""Sentences of the report that a committee may quote, each with the counts that make it true.

Examples
--------
>>> import pandas as pd
>>> summary = pd.DataFrame({"schools": [4, 40], "isolated": [2, 6], "share_isolated": [0.5, 0.15]}, index=["A", "B"])
>>> highest_share(summary)
'The highest share is in A: 2 of 4 schools (50%). The most are in B: 6 of 40.'
"""

from __future__ import annotations

from typing import Final

import pandas as pd

__all__ = ["MAIN_KINDS", "highest_share", "kinds_not_loaded_sentence"]

#: The kinds of partnership whose absence from the data the summary names.
MAIN_KINDS: Final = ("cluster", "alliance", "hub", "trust", "federation")


def kinds_not_loaded_sentence(groups: pd.DataFrame, support: pd.DataFrame) -> str:
    """Name the main kinds of partnership the data do not hold, so that "no partnership" is read as it is.

    Parameters
    ----------
    groups : pandas.DataFrame
        The groups table, with its ``kind`` column.
    support : pandas.DataFrame
        The support table.

    Returns
    -------
    str
        A sentence that starts with a space, or ``""`` when the data hold every main kind and some support.

    Examples
    --------
    >>> import pandas as pd
    >>> groups = pd.DataFrame({"kind": ["trust", "federation"]})
    >>> kinds_not_loaded_sentence(groups, pd.DataFrame())
    ' The data hold no clusters, alliances, hubs or brokered support: a school may have partnerships of those kinds that no count here can see.'
    """  # noqa: E501
    absent = [f"{kind}s" for kind in MAIN_KINDS if not groups["kind"].eq(kind).any()]
    absent += [] if len(support) else ["brokered support"]
    if not absent:
        return ""
    listed = ", ".join(absent[:-1]) + (" or " if len(absent) > 1 else "") + absent[-1]
    return f" The data hold no {listed}: a school may have partnerships of those kinds that no count here can see."


def highest_share(summary: pd.DataFrame) -> str:
    """Name the area with the highest share of isolated schools, with its counts, and the area with the most.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`schoolnet.isolation_summary` by area, highest share first.

    Returns
    -------
    str
        One or two sentences; the area with the most isolated schools is named only when it is another area.
    """
    top = summary.iloc[0]
    text = f"The highest share is in {summary.index[0]}: {int(top['isolated'])} of {int(top['schools'])} schools"
    text += f" ({top['share_isolated']:.0%})."
    most = int(summary["isolated"].to_numpy().argmax())
    if most != 0 and summary["isolated"].iloc[most] > top["isolated"]:
        row = summary.iloc[most]
        text += f" The most are in {summary.index[most]}: {int(row['isolated'])} of {int(row['schools'])}."
    return text
