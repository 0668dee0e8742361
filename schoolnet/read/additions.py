"""What an analyst adds to the register: their own clusters, by school name, and Ofsted's file.

The DfE register holds trusts and federations but no clusters: those live in
the local authority's own spreadsheet, by school name. :func:`add_clusters`
matches the names to the register (:func:`schoolnet.match_schools`) and adds
the clusters as groups of kind ``cluster``; :func:`add_ofsted` joins Ofsted's
management-information file (:func:`schoolnet.read_ofsted`) and accounts for
its rows. Both return new tables, and what they matched or used.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem, SchemaError
from ..tables.tables import Tables
from .io import date_in_name, read_table_file
from .matching import match_schools
from .ofsted import join_ofsted, read_ofsted

__all__ = ["add_clusters", "add_ofsted"]

#: The headers each column of a cluster sheet may have, compared without case, spaces or punctuation.
_CLUSTER_HEADERS = ("cluster", "clustername", "clusterid", "cluster name", "group", "partnership", "network")
_SCHOOL_HEADERS = ("school", "schoolname", "name", "establishmentname", "establishment")
_URN_HEADERS = ("urn", "schoolurn")


def _fold(header: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


def _column(frame: pd.DataFrame, wanted: tuple[str, ...]) -> str | None:
    folded = {_fold(c): str(c) for c in frame.columns}
    return next((folded[_fold(w)] for w in wanted if _fold(w) in folded), None)


def add_clusters(
    tables: Tables, path: str | Path, *, sheet: str | None = None, threshold: float = 85.0
) -> tuple[Tables, pd.DataFrame]:
    r"""Add the authority's clusters from a spreadsheet of cluster and school, by name or URN.

    Each row of the sheet names a cluster and a school: by name (matched to
    the tables' schools, the area's and its partners across the border, by
    :func:`schoolnet.match_schools`), by URN, or both (the URN is used when it
    is a school of the tables). Headers such as ``Cluster``, ``School`` and
    ``URN`` are found without regard to case or spacing. Each cluster becomes
    a group of kind ``cluster``, named as in the sheet, and each school
    matched a member of it, added with :meth:`schoolnet.Tables.combine`.

    Parameters
    ----------
    tables : Tables
        The register's tables, from :func:`schoolnet.read_gias`.
    path : str or pathlib.Path
        The sheet: CSV or Excel.
    sheet : str, optional
        For a workbook, the sheet to read; the first by default.
    threshold : float, default 85
        The lowest score of a name match, as for :func:`schoolnet.match_schools`.

    Returns
    -------
    tables : Tables
        The tables with the clusters added.
    matches : pandas.DataFrame
        One row per row of the sheet, in order: ``line``, ``cluster``,
        ``name`` and ``urn_given`` as written, the ``urn`` chosen, ``school``,
        ``score``, ``runner_up``, ``runner_up_school``, ``runner_up_score``,
        and ``status``: ``"matched"``, ``"matched by URN"``, ``"ambiguous"``,
        ``"unmatched"``, or ``"no cluster"`` for a row with no cluster.

    Raises
    ------
    SchemaError
        If the sheet has no cluster column, or neither a school nor a URN column.

    Examples
    --------
    >>> import schoolnet, tempfile, warnings
    >>> from pathlib import Path
    >>> tables = schoolnet.Tables.from_frames(
    ...     pd.DataFrame({"urn": [1, 2, 3], "name": ["Alder Primary School", "Birch Academy", "Cedar Infants"]})
    ... )
    >>> sheet = Path(tempfile.mkdtemp()) / "clusters.csv"
    >>> _ = sheet.write_text("Cluster,School\nNorth,Alder Primary\nNorth,Birch Academy\nNorth,Atlantis High\n")
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tables, matches = add_clusters(tables, sheet)
    >>> matches[["cluster", "name", "urn", "status"]]
      cluster           name   urn     status
    0   North  Alder Primary     1    matched
    1   North  Birch Academy     2    matched
    2   North  Atlantis High  <NA>  unmatched
    >>> tables.memberships[["group_id", "urn"]].values.tolist()
    [['cluster:North', 1], ['cluster:North', 2]]
    """
    raw = read_table_file(path, sheet=sheet)
    frame = raw.frame
    cluster_col = _column(frame, _CLUSTER_HEADERS)
    school_col, urn_col = _column(frame, _SCHOOL_HEADERS), _column(frame, _URN_HEADERS)
    if cluster_col is None or (school_col is None and urn_col is None):
        raise SchemaError(
            [
                Problem(
                    raw.file,
                    1,
                    None,
                    ", ".join(map(str, frame.columns)),
                    "a cluster column (such as 'Cluster') and a school column ('School', a name, or 'URN')",
                )
            ]
        )
    text = frame.astype("object").where(frame.notna(), None)
    clusters = text[cluster_col].map(lambda v: str(v).strip() if v is not None and str(v).strip() else None)
    names = (
        text[school_col].map(lambda v: str(v).strip() if v is not None else "")
        if school_col
        else pd.Series([""] * len(frame))
    )
    given = (
        pd.to_numeric(text[urn_col], errors="coerce").astype("Int64")
        if urn_col
        else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    )
    by_urn = given.isin(tables.schools.index).fillna(False).to_numpy(dtype=bool)
    found = match_schools(names, tables.schools, threshold=threshold)
    matches = pd.DataFrame(
        {
            "line": raw.lines,
            "cluster": clusters.to_numpy(),
            "name": names.to_numpy(),
            "urn_given": given.to_numpy(),
        }
    )
    for column in ("urn", "school", "score", "runner_up", "runner_up_school", "runner_up_score", "status"):
        matches[column] = found[column].to_numpy()
    matches["urn"] = matches["urn"].astype("Int64")
    matches.loc[by_urn, "urn"] = given[by_urn].to_numpy()
    matches.loc[by_urn, "school"] = tables.schools["name"].reindex(given[by_urn].astype("int64")).to_numpy()
    matches.loc[by_urn, "status"] = "matched by URN"
    matches.loc[clusters.isna().to_numpy(), "status"] = "no cluster"
    chosen = matches[matches["status"].isin(["matched", "matched by URN"]).to_numpy()]
    memberships = pd.DataFrame(
        {"group_id": "cluster:" + chosen["cluster"].astype(str), "urn": chosen["urn"].astype("int64")}
    ).reset_index(drop=True)
    groups = pd.DataFrame({"group_id": "cluster:" + pd.Series(pd.unique(chosen["cluster"]), dtype="str")})
    groups["kind"] = "cluster"
    groups["name"] = groups["group_id"].str.removeprefix("cluster:")
    combined = tables.combine({"groups": groups, "memberships": memberships}, source=raw.file)
    return combined, matches


def add_ofsted(tables: Tables, path: str | Path) -> tuple[Tables, str]:
    r"""Join Ofsted's management-information file to the schools, and say whose judgements, as at which date.

    Parameters
    ----------
    tables : Tables
        The tables to add to.
    path : str or pathlib.Path
        Ofsted's file, as :func:`schoolnet.read_ofsted` reads it.

    Returns
    -------
    tables : Tables
        The tables with Ofsted's columns beside the schools (:func:`schoolnet.join_ofsted`),
        and the file's rows in ``counts``: read, kept (a school of the tables)
        and set aside (another school: another area, or closed; or a row of
        a school listed again with a later inspection), each set aside row in
        ``rejected`` with its line and the reason.
    note : str
        A sentence saying whose judgements were used, as at which date.

    Examples
    --------
    >>> import schoolnet, tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "inspections_20260228.csv"
    >>> _ = path.write_text("URN,Inspection start date,Overall effectiveness\n1,12/03/2019,2\n9,05/11/2023,3\n")
    >>> tables = schoolnet.Tables.from_frames(pd.DataFrame({"urn": [1, 2], "name": ["A", "B"]}))
    >>> tables, note = add_ofsted(tables, path)
    >>> tables.counts.iloc[-1][["read", "kept", "rejected"]].astype(int).tolist()
    [2, 1, 1]
    >>> print(note.replace(", ", ",\n"))
    Ofsted's judgements from its management-information file inspections_20260228.csv,
    as at 2026-02-28 (the date in its name),
    for 1 of the 2 schools.
    """
    path = Path(path)
    ofsted = read_ofsted(path)
    joined = join_ofsted(tables, ofsted)
    known = ofsted.index.isin(tables.schools.index)
    outside = ofsted.index[~known]
    again = ofsted.attrs["set_aside"]
    rejected = pd.DataFrame(
        {
            "table": "ofsted",
            "file": path.name,
            "line": np.concatenate([ofsted.attrs["line"].loc[outside].to_numpy(), again["line"].to_numpy()]),
            "record": [f"URN {u}" for u in outside] + [f"URN {u}" for u in again["urn_as_read"]],
            "reason": ["not a school of these tables (another area, or closed)"] * len(outside)
            + again["reason"].tolist(),
        }
    )
    counts = pd.DataFrame(
        [
            {
                "table": "ofsted",
                "file": path.name,
                "read": len(ofsted) + len(again),
                "kept": int(known.sum()),
                "rejected": len(rejected),
            }
        ]
    )
    extra = [c for c in joined.counts.columns if c not in counts.columns]
    counts = counts.assign(**dict.fromkeys(extra, 0))
    joined = Tables(
        joined.schools,
        joined.groups,
        joined.memberships,
        joined.support,
        pd.concat([joined.rejected, rejected[list(joined.rejected.columns)]], ignore_index=True)
        if len(rejected)
        else joined.rejected,
        pd.concat([joined.counts, counts[list(joined.counts.columns)]], ignore_index=True),
        f"{joined.source}; Ofsted: {path.name}",
    )
    named = date_in_name(path.name)
    if named is not None:
        when, how = named.date().isoformat(), "the date in its name"
    else:
        dates = ofsted.select_dtypes("datetime").max(axis=1).max()
        when, how = (
            ("unknown", "no date in its name")
            if pd.isna(dates)
            else (dates.date().isoformat(), "its latest inspection")
        )
    focus = (
        tables.schools["in_focus"].astype(bool)
        if "in_focus" in tables.schools.columns
        else pd.Series(True, index=tables.schools.index)
    )
    covered = int(tables.schools.index[focus.to_numpy()].isin(ofsted.index).sum())
    note = (
        f"Ofsted's judgements from its management-information file {path.name}, as at {when} ({how}), for "
        f"{covered} of the {int(focus.sum())} schools."
    )
    return joined, note
