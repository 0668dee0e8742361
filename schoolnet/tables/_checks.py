"""Checking the tables against each other: rows that name what does not exist, duplicates, and their counts.

The functions here set rows aside, each with its reason, so that nothing is
dropped silently; :func:`schoolnet.tables.tables.assemble` and
:meth:`schoolnet.Tables.combine` use them, and list what was set aside in
``Tables.rejected`` and ``Tables.counts``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .._text import OBJECT, TEXT, isin, per_distinct, unchanged
from ..errors import SetAsideWarning
from .schema import TABLES

#: Columns of :attr:`Tables.rejected`.
REJECTED_COLUMNS = ("table", "file", "line", "record", "reason")

#: Columns of :attr:`Tables.counts`.
COUNT_COLUMNS = ("table", "file", "read", "kept", "rejected")


def empty_rejected() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="int64" if c == "line" else TEXT) for c in REJECTED_COLUMNS})


# ---------------------------------------------------------------------------
# Checking the tables against each other
# ---------------------------------------------------------------------------


class SetAside:
    """Collects the rows set aside from each table."""

    def __init__(self) -> None:
        self.rows: list[pd.DataFrame] = []

    def add(
        self,
        table: str,
        file: str,
        frame: pd.DataFrame,
        mask: np.ndarray,
        reasons: pd.Series | str | Callable[[], pd.Series],
    ) -> None:
        """Set aside the rows of ``frame`` where ``mask`` holds; ``reasons`` may be a function, called only then."""
        if mask.any():
            self.rows.append(rejected_rows(table, file, frame, mask, reasons() if callable(reasons) else reasons))

    def frame(self) -> pd.DataFrame:
        if not self.rows:
            return empty_rejected()
        out = pd.concat(self.rows, ignore_index=True)
        return out.astype({"table": TEXT, "file": TEXT, "record": TEXT, "reason": TEXT})


def rejected_rows(
    table: str, file: str, frame: pd.DataFrame, mask: np.ndarray, reasons: pd.Series | str
) -> pd.DataFrame:
    """Rows of the rejected table for the rows of ``frame`` where ``mask`` holds.

    Parameters
    ----------
    table : str
        The table the rows belong to.
    file : str
        The file they were read from.
    frame : pandas.DataFrame
        The rows, with the table's key columns and a ``_line`` column.
    mask : numpy.ndarray
        Which rows to set aside.
    reasons : pandas.Series or str
        Why: one reason for all, or one per row of ``frame``.

    Returns
    -------
    pandas.DataFrame
        With the columns of :data:`REJECTED_COLUMNS`.
    """
    picked = frame[mask]
    reason = reasons[mask] if isinstance(reasons, pd.Series) else pd.Series(reasons, index=picked.index)
    return pd.DataFrame(
        {
            "table": table,
            "file": file,
            "line": picked["_line"].to_numpy(dtype="int64"),
            "record": records(table, picked),
            "reason": reason.to_numpy(dtype=object),
        }
    )


def records(table: str, frame: pd.DataFrame) -> np.ndarray:
    key = list(TABLES[table].key)
    parts = [frame[c].astype(OBJECT).map(lambda v, c=c: f"{c}={show(v)}") for c in key]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + ", " + part
    return joined.to_numpy(dtype=object)


def show(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT or value is pd.NA:
        return "(blank)"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def finish(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    spec = TABLES[name]
    out = frame.drop(columns=["_line", "index"], errors="ignore")
    if spec.index is not None:
        return out.set_index(spec.index)
    return out.reset_index(drop=True)


def count_rows(
    kept: Mapping[str, pd.DataFrame], files: Mapping[str, str], rejected: pd.DataFrame, read: Mapping[str, int]
) -> pd.DataFrame:
    rows = []
    by_file = rejected.groupby(["table", "file"]).size() if len(rejected) else pd.Series(dtype="int64")
    seen = set()
    for name, frame in kept.items():
        file = files[name]
        n_rejected = int(by_file.get((name, file), 0))
        rows.append((name, file, read.get(file, len(frame) + n_rejected), len(frame), n_rejected))
        seen.add((name, file))
    for key, n in by_file.items():
        name, file = str(key[0]), str(key[1])  # type: ignore[index]
        if (name, file) not in seen:
            rows.append((name, file, read.get(file, int(n)), 0, int(n)))
    return pd.DataFrame(rows, columns=list(COUNT_COLUMNS))


VALUE_AFTER_NAME = r"\b(urn|group_id|supporter_urn|supported_urn|lead_urn|line|support_id) [^\s;,]+"


def warn_set_aside(rejected: pd.DataFrame, source: str) -> None:
    # Group reasons by their pattern, so that "urn 1 ..." and "urn 2 ..." count as one kind of problem.
    reasons = rejected["reason"]
    first_reason = per_distinct(reasons, unchanged, then=lambda text: _kind_of_reason(text.astype(reasons.dtype)))
    by_reason = rejected.groupby([rejected["table"], first_reason]).size()
    lines = [f"  {key[0]}: {n} row{'s' if n != 1 else ''}: {key[1]}" for key, n in by_reason.items()]  # type: ignore[index]
    if len(lines) > 12:
        lines = [*lines[:12], f"  ... {len(lines) - 12} more kinds of problem"]
    message = f"{source}: {len(rejected)} rows set aside; see the rejected table for each one:\n" + "\n".join(lines)
    warnings.warn(message, SetAsideWarning, stacklevel=3)


def _kind_of_reason(reasons: pd.Series) -> pd.Series:
    """The first part of each reason, with the values after names left out."""
    return reasons.str.split(";").str[0].str.replace(VALUE_AFTER_NAME, r"\1 …", regex=True)


def first_lines(frame: pd.DataFrame, key: Sequence[str]) -> pd.Series:
    """For each row, the line of the first row with the same key."""
    return frame.groupby(list(key), dropna=False, sort=False)["_line"].transform("first")


def drop_duplicates(name: str, frame: pd.DataFrame, file: str, aside: SetAside) -> pd.DataFrame:
    key = list(TABLES[name].key)
    duplicate = frame.duplicated(subset=key, keep="first").to_numpy()
    if not duplicate.any():
        return frame
    first = first_lines(frame, key)
    data_columns = [c for c in frame.columns if c not in ("_line", "index")]
    identical = frame.duplicated(subset=data_columns, keep="first").to_numpy()
    key_text = ", ".join(key)
    reasons = pd.Series(
        np.where(
            identical,
            "duplicate row; same as line " + first.astype(str),
            f"duplicate {key_text}; line " + first.astype(str) + " has the same and was kept",
        ),
        index=frame.index,
    )
    aside.add(name, file, frame, duplicate, reasons)
    return frame[~duplicate]


def check_leads(groups: pd.DataFrame, urns: pd.Index, file: str, aside: SetAside) -> pd.DataFrame:
    unknown = (groups["lead_urn"].notna() & ~groups["lead_urn"].isin(urns)).to_numpy(dtype=bool)
    aside.add(
        "groups",
        file,
        groups,
        unknown,
        lambda: "lead_urn " + groups["lead_urn"].astype(str) + " is not in the schools table; the group is set aside",
    )
    return groups[~unknown]


def check_memberships(
    memberships: pd.DataFrame, groups: pd.DataFrame, urns: pd.Index, file: str, aside: SetAside
) -> pd.DataFrame:
    unknown_group = ~isin(memberships["group_id"], groups["group_id"]).to_numpy()
    aside.add(
        "memberships",
        file,
        memberships,
        unknown_group,
        lambda: "group_id " + memberships["group_id"].astype(str) + " is not in the groups table (or was set aside)",
    )
    unknown_urn = ~unknown_group & ~memberships["urn"].isin(urns).to_numpy()
    aside.add(
        "memberships",
        file,
        memberships,
        unknown_urn,
        lambda: "urn " + memberships["urn"].astype(str) + " is not in the schools table",
    )
    memberships = memberships[~unknown_group & ~unknown_urn]
    return drop_duplicates("memberships", memberships, file, aside)


def check_support(support: pd.DataFrame, urns: pd.Index, file: str, aside: SetAside) -> pd.DataFrame:
    unknown = pd.Series("", index=support.index, dtype=OBJECT)
    for column in ("supporter_urn", "supported_urn"):
        missing = ~support[column].isin(urns)
        if missing.any():
            text = column + " " + support[column].astype(str) + " is not in the schools table"
            unknown = unknown.where(~missing | (unknown != ""), text)
    bad = (unknown != "").to_numpy()
    aside.add("support", file, support, bad, unknown)
    support = support[~bad]
    self_loop = (support["supporter_urn"] == support["supported_urn"]).to_numpy()
    aside.add("support", file, support, self_loop, "a school cannot support itself (supporter_urn = supported_urn)")
    support = drop_duplicates("support", support[~self_loop], file, aside)
    support = support.copy()
    blank_id = support["support_id"].isna()
    if blank_id.any():
        made = (
            support["kind"].astype(str)
            + ":"
            + support["supporter_urn"].astype(str)
            + ">"
            + support["supported_urn"].astype(str)
            + ":"
            + support["start"].dt.strftime("%Y-%m-%d").fillna("")
        )
        support["support_id"] = support["support_id"].where(~blank_id, made)
    repeated = support.duplicated(subset=["support_id"], keep="first").to_numpy()
    aside.add(
        "support",
        file,
        support,
        repeated,
        lambda: (
            "duplicate support_id; line "
            + first_lines(support, ["support_id"]).astype(str)
            + " has the same and was kept"
        ),
    )
    return support[~repeated]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
