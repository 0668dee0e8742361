"""England's trusts as they were: memberships rebuilt from the register's own snapshots of its links file.

The register's group links file lists each school's current groups and the day
it joined each; it has no date of leaving, and a group that closed is no longer
in it. The register publishes the file every day, and old copies survive. Read
in date order, a series of them shows every stay of every school in every group
as observed: :func:`read_trust_history` joins them into one :class:`~schoolnet.Tables`.

How each end of a stay is known:

- ``joined`` is the register's ``Joined date``, from the first snapshot that
  shows the stay. When that date is on or before an earlier snapshot that did
  not show the school in the group (the register moved it late, or re-keyed the
  trust), the date contradicts that snapshot: it is reported in ``conflict``,
  kept in ``joined_register``, and ``joined`` is the first snapshot showing the
  stay.
- ``left`` is the day before the joining date of the school's next trust, when
  the next snapshot shows it in another group of the same kind (a single-academy
  trust counts as a trust of one); otherwise, when it simply disappeared, the day
  before the first snapshot without it, so that the network on that snapshot's
  date is the one the snapshot shows.
- A group no longer in a snapshot closed the day before it, unless the register
  gives its ``Closed Date``.
"""

from __future__ import annotations

import itertools
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd

from ..errors import ParameterError, Problem, SchoolnetWarning
from ..tables.tables import RawTable, Tables, assemble
from ._gias_build import Log, group_frame, school_columns
from ._gias_files import (
    KNOWN_TYPES,
    LINKS,
    LINKS_WITHOUT_GROUPS,
    UID_COLUMNS,
    UNKNOWN_TYPE,
    PathLike,
    dates,
    no_dates,
    read_register_file,
    whole_numbers,
)
from .io import date_in_name

__all__ = ["TRUST_OF_ONE", "read_trust_history"]

_SNAPSHOT: Final = replace(LINKS_WITHOUT_GROUPS, wanted=LINKS.wanted | {"EstablishmentName", "LA (code)"})
#: A school moves between groups of the same kind, and a single-academy trust is a trust of one: the kinds
#: of group counted as another kind when a school's next group is found.
TRUST_OF_ONE: Final[Mapping[str, str]] = MappingProxyType({"single_academy_trust": "trust"})
_DAY: Final = np.timedelta64(1, "D")

Files = PathLike | Iterable[PathLike] | Mapping[object, PathLike]


@dataclass(frozen=True)
class _Read:
    """The rows kept from every snapshot, and what was set aside."""

    rows: pd.DataFrame  # one row per school in a group per snapshot
    latest: pd.DataFrame  # each school's latest row, in the register's columns, for the schools table
    log: Log
    files: list[str]
    dates: np.ndarray  # datetime64 of each snapshot, in order


def read_trust_history(files: Files, schools: Tables | None = None) -> Tables:
    r"""Read a series of the register's group links files into the history of every school's trusts.

    Each file is a snapshot of the register's group links on the date in its
    name, ``grouplinks_edubaseallacademiesandfree<YYYYMMDD>.csv`` or
    ``alllinksdata<YYYYMMDD>.csv`` (plain or gzip-compressed, as published).
    A stay is a run of consecutive snapshots that show a school in a group;
    the memberships are every stay of every school in every group, so that
    :func:`schoolnet.build_network` on a snapshot's date gives the groups that
    snapshot shows, and :func:`schoolnet.changes` between two dates sees the
    schools that moved trust and the trusts that closed.

    Parameters
    ----------
    files : folder, iterable of paths, or mapping of date to path
        The snapshots, in any order: a folder (its files whose names hold
        ``links`` and a date), the files, or ``{date: file}`` for files whose
        names hold no date.
    schools : Tables, optional
        A register's tables (from :func:`schoolnet.read_gias`) whose schools
        are the schools; a link to a school not among them is set aside.
        Without it, the schools are made from the links files' own columns:
        each school's URN, name, type, phase and local authority from the
        latest snapshot that lists it (no coordinates).

    Returns
    -------
    Tables
        ``groups`` with ``kind`` from the group type, the latest name and
        columns the files give, ``closed`` (the register's ``Closed Date``,
        or the day before the first snapshot without the group) and
        ``closed_from``, ``first_seen`` and ``last_seen``.

        ``memberships``: one row per stay, with ``joined`` and ``left`` and
        how each is known in ``joined_from`` (``"Joined date"``, ``"first
        snapshot showing it"`` or ``"not given"``) and ``left_from`` (``"next
        group's Joined date"``, ``"first snapshot without it"`` or ``"in the
        last snapshot"``); ``first_seen`` and ``last_seen``, the snapshots
        showing the stay; ``joined_register``, the register's own date; and
        ``conflict``, blank unless the register's joining date contradicts an
        earlier snapshot or changes from one snapshot to the next (then it
        says how); ``source``, the first file showing the stay.

        ``counts`` has a row per file: its rows ``read``, ``kept`` (each the
        evidence of a stay) and ``rejected`` (listed in ``rejected`` with the
        reason), ``read == kept + rejected``; and a row for the stays made of
        the rows kept (``"stays in the links files"``), as for any table.

    Raises
    ------
    ParameterError
        If no file is given, a file's name holds no date, or two files have
        the same date.
    SchemaError
        If a file is not a group links file, or a URN, group UID or date in
        it cannot be read; every problem is listed with its file, line,
        column and value.
    SchoolnetError
        If a file is missing or unreadable.

    Warns
    -----
    SetAsideWarning
        If rows were set aside: groups of a type schoolnet does not read, a
        school in the same group twice in one file, or a school not among
        ``schools``.
    SchoolnetWarning
        If a joining date contradicts an earlier snapshot.

    See Also
    --------
    schoolnet.changes : what changed between two dates, with the moves.
    schoolnet.snapshots : the network on many dates.

    Notes
    -----
    The snapshots do not say when between two of them a school left: a
    school that disappeared left after the last snapshot showing it and
    before the first without it, and ``left`` is the latest of those days.

    Examples
    --------
    School 1 moves from its single-academy trust (UID 11) into trust 12 on
    1 September 2018, then into trust 13; trust 12 closes when school 2
    leaves it, after the 2019 snapshot:

    >>> import tempfile, warnings
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> head = "URN,Linked UID,Group Name,Group Type,Joined date,EstablishmentName\n"
    >>> _ = (folder / "grouplinks_20180101.csv").write_text(
    ...     head + "1,11,ONE TRUST,Single-academy trust,01-09-2012,Alder\n"
    ...     "2,12,TWO TRUST,Multi-academy trust,01-09-2014,Birch\n")
    >>> _ = (folder / "grouplinks_20190101.csv").write_text(
    ...     head + "1,12,TWO TRUST,Multi-academy trust,01-09-2018,Alder\n"
    ...     "2,12,TWO TRUST,Multi-academy trust,01-09-2014,Birch\n")
    >>> _ = (folder / "grouplinks_20200101.csv").write_text(
    ...     head + "1,13,THREE TRUST,Multi-academy trust,01-11-2019,Alder\n")
    >>> history = read_trust_history(folder)
    >>> history.memberships[["group_id", "urn", "joined", "left", "left_from"]]
      group_id  urn     joined       left                 left_from
    0  GIAS:11    1 2012-09-01 2018-08-31    next group's Joined date
    1  GIAS:12    1 2018-09-01 2019-10-31    next group's Joined date
    2  GIAS:13    1 2019-11-01        NaT        in the last snapshot
    3  GIAS:12    2 2014-09-01 2019-12-31  first snapshot without it
    >>> history.groups.loc["GIAS:12", ["kind", "closed", "closed_from"]].tolist()
    ['trust', Timestamp('2019-12-31 00:00:00'), 'first snapshot without it']
    """
    snapshots = _snapshot_files(files)
    read = _read_snapshots(snapshots, schools)
    stays = _stays(read.rows, read.dates)
    groups = _groups(read.rows, read.dates)
    if schools is not None:
        school_rows = schools.schools.reset_index()
        schools_file = f"schools of {schools.source}"
        school_lines = np.arange(len(school_rows), dtype="int64") + 2
    else:
        school_rows, _ = school_columns(read.latest, "links files", read.latest["_line"].to_numpy(), read.log)
        schools_file = "links files (each school's latest row)"
        school_lines = read.latest["_line"].to_numpy(dtype="int64")
    first, last = (pd.Timestamp(d).date().isoformat() for d in read.dates[[0, -1]])
    when = f"{len(read.files)} snapshots from {first} to {last}" if len(read.files) > 1 else f"snapshot of {first}"
    source = f"DfE register (GIAS) group links, {when}"
    raw = {
        "schools": RawTable(school_rows, schools_file, school_lines),
        "groups": RawTable(groups.drop(columns="_line"), "groups named in the links files", groups["_line"].to_numpy()),
        "memberships": RawTable(stays.drop(columns="_line"), "stays in the links files", stays["_line"].to_numpy()),
    }
    tables = assemble(raw, source=source, set_aside=read.log.set_aside_frame())
    contradicted = tables.memberships["joined_from"] == "first snapshot showing it"
    if contradicted.any():
        kinds = tables.groups["kind"].reindex(tables.memberships.loc[contradicted, "group_id"]).value_counts()
        by_kind = ", ".join(f"{n} of {kind}" for kind, n in kinds.items())
        warnings.warn(
            f"{source}: {int(contradicted.sum())} joining dates ({by_kind}) are on or before an earlier snapshot "
            "that listed the school but not in the group; those memberships start at the first snapshot showing "
            "them: see memberships['conflict'] and ['joined_register']",
            SchoolnetWarning,
            stacklevel=2,
        )
    return replace(tables, counts=_counts(tables, read))


# ---------------------------------------------------------------------------
# Reading the snapshots
# ---------------------------------------------------------------------------


def _snapshot_files(files: Files) -> list[tuple[pd.Timestamp, Path]]:
    """The files with their dates, earliest first."""
    if isinstance(files, Mapping):
        pairs = [(_date_of(key, str(path)), Path(path)) for key, path in files.items()]
    else:
        if isinstance(files, (str, os.PathLike)):
            folder = Path(files)
            paths = [folder]
            if folder.is_dir():
                paths = sorted(p for p in folder.iterdir() if "links" in p.name and date_in_name(p.name) is not None)
                if not paths:
                    raise ParameterError(f"files: {folder} holds no links file with a date (YYYYMMDD) in its name")
        else:
            paths = [Path(p) for p in files]
        pairs = []
        for path in paths:
            date = date_in_name(path.name)
            if date is None:
                raise ParameterError(
                    f"files: {path.name} has no date (YYYYMMDD) in its name; pass {{date: path}} to date it"
                )
            pairs.append((date, path))
    if not pairs:
        raise ParameterError("files: expected one or more group links files")
    pairs.sort(key=lambda pair: pair[0])
    for (date, a), (later, b) in itertools.pairwise(pairs):
        if date == later:
            raise ParameterError(f"files: {a.name} and {b.name} are both dated {date.date()}; give one file per date")
    return pairs


def _date_of(value: object, file: str) -> pd.Timestamp:
    text = str(value)
    try:
        date = pd.to_datetime(text, format="%Y%m%d") if re.fullmatch(r"\d{8}", text) else pd.Timestamp(text)
    except (ValueError, TypeError):
        date = None
    if date is None or pd.isna(date):
        raise ParameterError(f"files: {file} is dated {text!r}, which is not a date; expected YYYYMMDD")
    return pd.Timestamp(date).normalize()


def _read_snapshots(snapshots: list[tuple[pd.Timestamp, Path]], schools: Tables | None) -> _Read:
    log = Log()
    parts, latest = [], []
    for k, (date, path) in enumerate(snapshots):
        file = read_register_file(path, _SNAPSHOT)
        frame, lines = file.frame, file.lines
        log.count("memberships", file.file, len(frame))
        rows = group_frame(frame, file.file, lines, log)
        rows["urn"] = whole_numbers(frame["URN"], "URN", file.file, lines, log.problems)
        uid = next(c for c in UID_COLUMNS if c in frame.columns)
        for column in ("URN", uid):
            log.problems.extend(
                Problem(file.file, int(lines[i]), column, "", "a value; this one is blank")
                for i in np.flatnonzero((frame[column] == "").to_numpy())
            )
        if "Joined date" in frame.columns:
            rows["joined"] = dates(frame["Joined date"], "Joined date", file.file, lines, log.problems)
        else:
            rows["joined"] = no_dates(len(frame))
        rows["k"], rows["date"], rows["file"] = k, date, file.file
        if log.problems:
            continue
        keep = _set_aside(rows, file.file, schools, log)
        parts.append(rows[keep])
        latest.append(frame[keep].assign(_line=lines[keep], _k=k))
    log.raise_problems()
    rows = pd.concat(parts, ignore_index=True)
    rows["urn"] = rows["urn"].astype("int64")
    rows["family"] = rows["kind"].replace(dict(TRUST_OF_ONE))
    school_rows = pd.concat(latest, ignore_index=True).sort_values("_k", kind="stable")
    school_rows = school_rows.drop_duplicates("URN", keep="last")
    school_rows = school_rows.iloc[np.argsort(school_rows["URN"].astype("int64").to_numpy(), kind="stable")]
    files = [path.name for _, path in snapshots]
    return _Read(rows, school_rows, log, files, np.array([d.to_datetime64() for d, _ in snapshots]))


def _set_aside(rows: pd.DataFrame, file: str, schools: Tables | None, log: Log) -> np.ndarray:
    """Set aside the rows of one file that cannot be kept; return which are kept."""
    keyed = rows.assign(urn=rows["urn"].astype("int64"))
    unknown = (rows["kind"] == "").to_numpy()
    if unknown.any():
        log.set_aside("memberships", file, keyed, unknown, UNKNOWN_TYPE + rows["type_text"] + KNOWN_TYPES)
    keep = ~unknown
    if schools is not None:
        absent = keep & ~keyed["urn"].isin(schools.schools.index).to_numpy()
        log.set_aside("memberships", file, keyed, absent, f"urn is not in the schools of {schools.source}")
        keep &= ~absent
    twice = np.zeros(len(keyed), dtype=bool)
    twice[keep] = keyed[keep].duplicated(["urn", "group_id"]).to_numpy()
    if twice.any():
        first = keyed[keep].groupby(["urn", "group_id"])["_line"].transform("first").reindex(keyed.index)
        reasons = "the school is in this group on an earlier line too; line " + first.astype("Int64").astype(str)
        log.set_aside("memberships", file, keyed, twice, reasons + " was kept")
    keep &= ~twice
    return keep


# ---------------------------------------------------------------------------
# Stays and groups
# ---------------------------------------------------------------------------


def _stays(rows: pd.DataFrame, snapshot_dates: np.ndarray) -> pd.DataFrame:
    """One row per run of consecutive snapshots showing a school in a group, with its dates and how each is known."""
    rows = rows.sort_values(["urn", "group_id", "k"], kind="stable").reset_index(drop=True)
    same = (rows["urn"] == rows["urn"].shift()) & (rows["group_id"] == rows["group_id"].shift())
    rows["stay"] = (~(same & (rows["k"] == rows["k"].shift() + 1))).cumsum() - 1
    by_stay = rows.groupby("stay", sort=True)
    stays = rows.drop_duplicates("stay").set_index("stay")[["urn", "group_id", "family", "joined", "file", "_line"]]
    stays["first_k"], stays["last_k"] = by_stay["k"].min(), by_stay["k"].max()
    stays["joined_register"] = stays["joined"]
    stays["conflict"] = _changed_dates(rows, stays)

    # A stay's joining date must fall after the last snapshot that listed the school without it.
    n = len(snapshot_dates)
    listed = np.unique(rows["urn"].to_numpy() * n + rows["k"].to_numpy())
    key = stays["urn"].to_numpy() * n + stays["first_k"].to_numpy()
    at = np.searchsorted(listed, key) - 1
    was_listed = (at >= 0) & (listed[np.maximum(at, 0)] // n == stays["urn"].to_numpy())
    previous = snapshot_dates[np.where(was_listed, listed[np.maximum(at, 0)] % n, 0)]
    contradicts = was_listed & ~(stays["joined"].to_numpy() > previous)  # a blank date contradicts too
    first_seen = snapshot_dates[stays["first_k"].to_numpy()]
    stays["joined_from"] = np.where(contradicts, "first snapshot showing it", "Joined date")
    stays.loc[contradicts & stays["joined"].isna().to_numpy(), "conflict"] = "no Joined date after an earlier snapshot"
    said = stays["joined"].dt.strftime("%Y-%m-%d")
    prior = pd.Series(previous, index=stays.index).dt.strftime("%Y-%m-%d")
    message = "Joined date " + said + " is not after " + prior + ", when a snapshot listed the school but not in it"
    late = contradicts & stays["joined"].notna().to_numpy()
    stays.loc[late, "conflict"] = _also(message[late], stays.loc[late, "conflict"])
    stays.loc[contradicts, "joined"] = first_seen[contradicts]
    stays.loc[~contradicts & stays["joined"].isna().to_numpy(), "joined_from"] = "not given"

    # How each stay ended: the next group's joining date, or the first snapshot without it.
    last = len(snapshot_dates) - 1
    ends = stays[stays["last_k"] < last].reset_index()[["stay", "urn", "family", "last_k"]]
    ends["first_k"] = ends["last_k"] + 1
    starts = stays.reset_index()[["stay", "urn", "family", "first_k", "joined", "joined_from"]]
    nxt = ends.merge(starts, on=["urn", "family", "first_k"])
    nxt = nxt[nxt.groupby("stay_x")["stay_y"].transform("size") == 1].set_index("stay_x")
    stays["left"] = pd.Series(pd.NaT, index=stays.index, dtype="datetime64[ns]")
    stays["left_from"] = "in the last snapshot"
    gone = (stays["last_k"] < last).to_numpy()
    stays.loc[gone, "left"] = snapshot_dates[np.minimum(stays["last_k"].to_numpy() + 1, last)][gone] - _DAY
    stays.loc[gone, "left_from"] = "first snapshot without it"
    moved = nxt.index[(nxt["joined_from"] == "Joined date").to_numpy()]
    stays.loc[moved, "left"] = nxt.loc[moved, "joined"] - _DAY
    stays.loc[moved, "left_from"] = "next group's Joined date"
    early = (stays["left"] < stays["joined"]).to_numpy()
    stays.loc[early, "conflict"] = _also(
        "Joined date " + stays.loc[early, "joined"].dt.strftime("%Y-%m-%d") + " is after the stay ended",
        stays.loc[early, "conflict"],
    )
    stays.loc[early, "left"] = stays.loc[early, "joined"]

    stays["first_seen"] = first_seen
    stays["last_seen"] = snapshot_dates[stays["last_k"].to_numpy()]
    stays["role"] = "member"
    columns = ["group_id", "urn", "joined", "left", "role", "source", "joined_from", "left_from"]
    columns += ["first_seen", "last_seen", "joined_register", "conflict", "_line"]
    stays = stays.rename(columns={"file": "source"}).sort_values(["urn", "first_seen", "group_id"], kind="stable")
    return stays[columns].reset_index(drop=True)


def _changed_dates(rows: pd.DataFrame, stays: pd.DataFrame) -> pd.Series:
    """For each stay, how its Joined date changed from one snapshot to the next ("" if it did not)."""
    first = rows["stay"].map(stays["joined"])
    differs = (rows["joined"] != first) & (rows["joined"].notna() | first.notna())
    conflict = pd.Series("", index=stays.index, dtype="object")
    if differs.any():
        changed = rows[rows["stay"].isin(rows.loc[differs, "stay"])]
        said = changed["joined"].dt.strftime("%Y-%m-%d").fillna("blank") + " in " + changed["file"]
        text = said.groupby(changed["stay"]).agg("; ".join)
        conflict.loc[text.index] = "Joined date changed between snapshots: " + text + "; the first is kept"
    return conflict


def _also(message: pd.Series, already: pd.Series) -> pd.Series:
    return message.where(already == "", already + "; " + message)


def _groups(rows: pd.DataFrame, snapshot_dates: np.ndarray) -> pd.DataFrame:
    """One row per group, from its latest row, closed the day before the first snapshot without it."""
    latest = rows.sort_values("k", kind="stable").drop_duplicates("group_id", keep="last").set_index("group_id")
    columns = ["kind", "name", "opened", "closed", "group_type", "status", "companies_house_number", "gias_group_id"]
    columns += ["ukprn", "federation_type", "incorporated"]
    groups = latest[[c for c in columns if c in latest.columns]].copy()
    if "closed" not in groups.columns:
        groups["closed"] = pd.Series(pd.NaT, index=groups.index, dtype="datetime64[ns]")
    seen = rows.groupby("group_id")["k"]
    first_k, last_k = seen.min().reindex(groups.index), seen.max().reindex(groups.index)
    last = len(snapshot_dates) - 1
    groups["closed_from"] = np.where(groups["closed"].notna(), "Closed Date", "open in the last snapshot")
    gone = groups["closed"].isna().to_numpy() & (last_k < last).to_numpy()
    groups.loc[gone, "closed"] = snapshot_dates[np.minimum(last_k.to_numpy() + 1, last)][gone] - _DAY
    groups.loc[gone, "closed_from"] = "first snapshot without it"
    groups["first_seen"] = snapshot_dates[first_k.to_numpy()]
    groups["last_seen"] = snapshot_dates[last_k.to_numpy()]
    groups["source"] = latest["file"]
    groups["_line"] = latest["_line"]
    return groups.reset_index()


def _counts(tables: Tables, read: _Read) -> pd.DataFrame:
    """The counts of the tables, with a row per links file: read = kept (the evidence of a stay) + rejected."""
    files = set(read.files)
    counts = tables.counts[~((tables.counts["table"] == "memberships") & tables.counts["file"].isin(files))]
    rejected = tables.rejected[tables.rejected["table"] == "memberships"].groupby("file").size()
    rows = []
    for file in read.files:
        n_read, n_rejected = read.log.read[("memberships", file)], int(rejected.get(file, 0))
        rows.append(("memberships", file, n_read, n_read - n_rejected, n_rejected))
    return pd.concat([counts, pd.DataFrame(rows, columns=list(tables.counts.columns))], ignore_index=True)
