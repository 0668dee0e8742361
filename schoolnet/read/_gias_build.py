"""The register's rows, read from its files, as the rows of schoolnet's tables.

:func:`schoolnet.read_gias` reads the files with :mod:`schoolnet.read._gias_files`,
then turns them here into the rows of the schools, groups and memberships
tables: establishments into schools (with the trust and federation each names),
group links into memberships, and the groups file (or the links) into groups.
Rows that cannot be kept are logged with the reason, to be listed in
``Tables.rejected``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Final, Literal

import numpy as np
import pandas as pd

from .._text import isin, per_distinct
from ..errors import ParameterError, Problem, SchemaError
from ..tables.schema import DEFAULT_EXPANSION, PHASES, normalise_category
from ..tables.tables import REJECTED_COLUMNS, RawTable, rejected_rows
from ._gias_files import (
    DATE_EXTRAS,
    GROUP_DATES,
    GROUP_ID_PREFIX,
    GROUP_OF_SCHOOL,
    GROUP_TEXT,
    INT_EXTRAS,
    KNOWN_TYPES,
    LINK_SCHOOL_COLUMNS,
    OPEN_STATUSES,
    SCHOOL_COLUMNS,
    STATUS,
    TEXT_EXTRAS,
    TYPE_COLUMNS,
    UID_COLUMNS,
    UNKNOWN_TYPE,
    blank_as_na,
    dates,
    fold,
    group_ids,
    kinds_of,
    no_dates,
    phases_of,
    whole_numbers,
)

__all__ = [
    "GROUP_OUT",
    "Boundary",
    "Links",
    "Log",
    "Rows",
    "Schools",
    "Selection",
    "as_strings",
    "boundary_rows",
    "check_own_groups",
    "group_columns",
    "group_frame",
    "groups_from_file",
    "groups_from_memberships",
    "membership_rows",
    "own_memberships",
    "read_links",
    "read_schools",
    "school_columns",
    "school_memberships",
    "set_aside_bad_groups",
]


# ---------------------------------------------------------------------------
# Bookkeeping: rows set aside, rows counted, problems found
# ---------------------------------------------------------------------------


@dataclass
class Log:
    """What happened to the rows of each file before the tables are checked."""

    aside: list[pd.DataFrame] = field(default_factory=list)
    read: dict[tuple[str, str], int] = field(default_factory=dict)
    not_selected: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: For each file, the register column behind each schema column, for messages.
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    #: For each file, the values of describing register columns kept as text, by register column.
    unread: dict[str, dict[str, pd.Series]] = field(default_factory=dict)

    def count(self, table: str, file: str, read: int, not_selected: int = 0) -> None:
        self.read[(table, file)] = self.read.get((table, file), 0) + int(read)
        self.not_selected[(table, file)] = self.not_selected.get((table, file), 0) + int(not_selected)

    def set_aside(self, table: str, file: str, frame: pd.DataFrame, mask: np.ndarray, reasons: pd.Series | str) -> None:
        """Set aside the rows of ``frame`` (with the table's key columns and ``_line``) where ``mask``."""
        if mask.any():
            self.aside.append(rejected_rows(table, file, frame, mask, reasons))

    def set_aside_frame(self) -> pd.DataFrame | None:
        return pd.concat(self.aside, ignore_index=True)[list(REJECTED_COLUMNS)] if self.aside else None

    def raise_problems(self) -> None:
        if self.problems:
            raise SchemaError(self.problems)

    def in_register_terms(self, problems: Iterable[Problem]) -> list[Problem]:
        """Name the register's columns, not the schema's, in problems found by the schema check."""
        return [replace(p, column=self.columns.get(p.file, {}).get(p.column or "", p.column)) for p in problems]


@dataclass(frozen=True)
class Selection:
    """The schools chosen with ``la=`` and ``phases=``."""

    las: frozenset[str] | None
    phases: frozenset[str] | None
    given: tuple[str, ...]

    @classmethod
    def of(cls, la: str | Iterable[str] | None, phases: str | Iterable[str] | None) -> Selection:
        las = None if la is None else as_strings(la, "la")
        chosen = None if phases is None else as_strings(phases, "phases")
        if chosen is not None:
            mapped = normalise_category(pd.Series(list(chosen), dtype=object), "phase", PHASES)
            unknown = sorted(str(p) for p, m in zip(chosen, mapped, strict=True) if m not in PHASES)
            if unknown:
                raise ParameterError(f"phases: {unknown[0]!r} is not a phase; expected some of {', '.join(PHASES)}")
            chosen = frozenset(str(m) for m in mapped)
        given = tuple(
            f"{name}={', '.join(sorted(values))}" for name, values in (("la", las), ("phases", chosen)) if values
        )
        return cls(None if las is None else frozenset(fold(pd.Series(list(las)))), chosen, given)

    @property
    def active(self) -> bool:
        return self.las is not None or self.phases is not None

    def check(self, est: RawTable) -> None:
        """Check that ``la`` and ``phases`` can select in the establishments file."""
        if self.las is None:
            return
        if "LA (name)" not in est.frame.columns:
            raise ParameterError(f"la: {est.file} has no 'LA (name)' column to select the local authority by")
        names = pd.unique(est.frame["LA (name)"])
        known = dict(zip(fold(pd.Series(names)), names, strict=True))
        unknown = sorted(self.las - set(known))
        if unknown:
            close = difflib.get_close_matches(unknown[0], list(known), n=1, cutoff=0.6)
            hint = f"; did you mean {known[close[0]]!r}?" if close else ""
            raise ParameterError(f"la: no school of {est.file} is in a local authority named {unknown[0]!r}{hint}")

    def matches(self, frame: pd.DataFrame, *, strict: bool) -> np.ndarray:
        """Which rows are selected. Without ``strict``, a missing column selects every row."""
        keep = np.ones(len(frame), dtype=bool)
        if self.las is not None and ("LA (name)" in frame.columns or strict):
            keep &= fold(frame["LA (name)"]).isin(self.las).to_numpy()
        has_phase = any(c in frame.columns for c in LINK_SCHOOL_COLUMNS[1:])
        if self.phases is not None and (has_phase or strict):
            keep &= phases_of(frame).isin(self.phases).to_numpy()
        return keep


def as_strings(values: str | Iterable[str], argument: str) -> frozenset[str]:
    try:
        chosen = frozenset([values] if isinstance(values, str) else values)
    except TypeError:
        chosen = frozenset()
    if not chosen or not all(isinstance(v, str) and v.strip() for v in chosen):
        raise ParameterError(f"{argument}={values!r}: expected a name, or a list of names")
    return frozenset(v.strip() for v in chosen)


# ---------------------------------------------------------------------------
# Establishments
# ---------------------------------------------------------------------------


#: What selecting an area does to the partnerships across its border: keep the partners, or cut them.
Boundary = Literal["keep", "cut"]


@dataclass(frozen=True)
class Schools:
    """The establishments file, read."""

    file: str
    raw: pd.DataFrame  # the rows kept, in the schools schema's columns and the extras
    lines: np.ndarray
    dtypes: dict[str, str]  # the dtypes of the extra columns
    urns: pd.Series  # URN of every row of the file, as a number (NaN where unreadable)
    selected: np.ndarray  # the rows in the selection
    aside_status: pd.Series  # status of the schools set aside for their status, by URN
    own: pd.DataFrame  # memberships named by the Trusts and Federations columns of the rows kept


def read_schools(
    est: RawTable, selection: Selection, *, open_only: bool, log: Log, partners: np.ndarray | None = None
) -> Schools:
    """The schools of the establishments file: those selected, and ``partners`` (boundary schools) if given."""
    frame = est.frame
    focus = selection.matches(frame, strict=True)
    selected = focus if partners is None else focus | partners
    log.count("schools", est.file, selected.sum(), (~selected).sum())
    if open_only and STATUS in frame.columns:
        status = frame[STATUS]
        is_open = fold(status).isin({s.casefold() for s in OPEN_STATUSES}).to_numpy()
    else:
        status = pd.Series("", index=frame.index, dtype="str")
        is_open = np.ones(len(frame), dtype=bool)
    urns = pd.to_numeric(frame["URN"], errors="coerce")
    closing = selected & ~is_open
    log.set_aside(
        "schools",
        est.file,
        pd.DataFrame({"urn": frame["URN"], "_line": est.lines}),
        closing,
        "not open (open_only=True); status " + per_distinct(status, repr),
    )
    keep = selected & is_open
    raw, dtypes = school_columns(frame[keep].reset_index(drop=True), est.file, est.lines[keep], log)
    if partners is not None:
        raw["in_focus"] = focus[keep]
        dtypes["in_focus"] = "bool"
    kept_urns = pd.Index(urns[keep].dropna().astype("int64").unique())
    aside = pd.Series(status[closing].to_numpy(), index=urns[closing].to_numpy())
    aside = aside[~aside.index.isin(kept_urns) & aside.index.notna()]
    aside = aside[~aside.index.duplicated()]
    own = own_memberships(raw, est.lines[keep], est.file)
    return Schools(est.file, raw, est.lines[keep], dtypes, urns, selected, aside, own)


def boundary_rows(
    est: RawTable, links: RawTable | None, groups: RawTable | None, selection: Selection, *, open_only: bool
) -> np.ndarray:
    """The rows of the establishments file outside the selection that share a trust or federation with a school in it.

    A school's groups are read from its own ``Trusts (code)`` and
    ``Federations (code)`` and from the links file. Only groups whose kind
    makes ties count (not sponsors, umbrella trusts or children's centre
    groups), by the type in the groups file or else in the links file; and
    only open schools when ``open_only``.
    """
    frame = est.frame
    focus = selection.matches(frame, strict=True)
    usable = np.ones(len(frame), dtype=bool)
    if open_only and STATUS in frame.columns:
        usable = fold(frame[STATUS]).isin({s.casefold() for s in OPEN_STATUSES}).to_numpy()
    codes = [group_ids(frame[column]) for column in GROUP_OF_SCHOOL if column in frame.columns]
    urns = pd.to_numeric(frame["URN"], errors="coerce")
    shared: set[object] = set()
    for code in codes:
        shared |= set(code[focus & usable].dropna().tolist())
    linked = pd.DataFrame({"urn": [], "group_id": []})
    if links is not None:
        uid = next(c for c in UID_COLUMNS if c in links.frame.columns)
        linked = pd.DataFrame(
            {"urn": pd.to_numeric(links.frame["URN"], errors="coerce"), "group_id": group_ids(links.frame[uid])}
        )
        typed = groups if groups is not None else links
        if any(c in typed.frame.columns for c in TYPE_COLUMNS):
            typed_uid = next(c for c in UID_COLUMNS if c in typed.frame.columns)
            kinds, _ = kinds_of(typed.frame)
            tying = kinds.map(lambda k: DEFAULT_EXPANSION.get(k, "none") != "none").to_numpy(dtype=bool)
            linked = linked[isin(linked["group_id"], set(group_ids(typed.frame[typed_uid])[tying].dropna()))]
        shared |= set(linked.loc[linked["urn"].isin(urns[focus & usable]), "group_id"].dropna())
    partner_urns = set(linked.loc[isin(linked["group_id"], shared), "urn"].dropna())
    in_shared = urns.isin(partner_urns).to_numpy(dtype=bool, copy=True)
    for code in codes:
        in_shared |= isin(code, shared).to_numpy(dtype=bool)
    rows: np.ndarray = in_shared & usable & ~focus
    return rows


def school_columns(frame: pd.DataFrame, file: str, lines: np.ndarray, log: Log) -> tuple[pd.DataFrame, dict[str, str]]:
    """The schools schema's columns, then the extra columns, of the rows kept."""
    out = pd.DataFrame(index=frame.index)
    for gias, column in SCHOOL_COLUMNS.items():
        if column == "phase":
            out[column] = phases_of(frame)
        elif gias in frame.columns:
            out[column] = frame[gias]
    if "easting" in out.columns and "northing" in out.columns:
        nowhere = (out["easting"].isin(["0", "0.0"]) & out["northing"].isin(["0", "0.0"])).to_numpy()
        out.loc[nowhere, ["easting", "northing"]] = ""
    dtypes: dict[str, str] = {}
    for gias, column in TEXT_EXTRAS.items():
        if gias in frame.columns:
            out[column] = blank_as_na(frame[gias])
            dtypes[column] = "str"
    # The register's own dates and counts only describe a school: a value that cannot be read is kept as text.
    unread = log.unread.setdefault(file, {})
    for gias, column in DATE_EXTRAS.items():
        if gias in frame.columns:
            found: list[Problem] = []
            out[column] = dates(frame[gias], gias, file, lines, found)
            keep_as_text(out, frame[gias], column, lines, found, dtypes, unread)
    for gias, column in INT_EXTRAS.items():
        if gias in frame.columns:
            found = []
            out[column] = whole_numbers(frame[gias], gias, file, lines, found)
            dtypes[column] = "Int64"
            keep_as_text(out, frame[gias], column, lines, found, dtypes, unread)
    for gias, (column, _) in GROUP_OF_SCHOOL.items():
        if gias in frame.columns:
            out[column] = group_ids(frame[gias])
            dtypes[column] = "str"
    return out, dtypes


def keep_as_text(
    out: pd.DataFrame,
    values: pd.Series,
    column: str,
    lines: np.ndarray,
    problems: list[Problem],
    dtypes: dict[str, str],
    unread: dict[str, pd.Series],
) -> None:
    """Keep the values of a describing column that could not be read, as text in ``<column>_raw``."""
    if not problems:
        return
    bad = np.isin(lines, [p.line for p in problems if p.line is not None])
    out[f"{column}_raw"] = blank_as_na(values).to_numpy()
    dtypes[f"{column}_raw"] = "str"
    unread[problems[0].column or column] = values[bad]


def own_memberships(raw: pd.DataFrame, lines: np.ndarray, file: str) -> pd.DataFrame:
    """Memberships named by the Trusts and Federations columns, from the first row of each URN."""
    first = ~raw["urn"].duplicated().to_numpy()
    parts = []
    for gias, (column, name_column) in GROUP_OF_SCHOOL.items():
        if column not in raw.columns:
            continue
        named = first & raw[column].notna().to_numpy()
        parts.append(
            pd.DataFrame(
                {
                    "group_id": raw.loc[named, column].to_numpy(dtype=object),
                    "urn": raw.loc[named, "urn"].to_numpy(dtype=object),
                    "kind": "trust" if column == "trust_id" else "federation",
                    "name": raw.loc[named, name_column].to_numpy(dtype=object) if name_column in raw.columns else None,
                    "column": gias,
                    "_line": lines[named],
                }
            )
        )
    columns = ["group_id", "urn", "kind", "name", "column", "_line"]
    own = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({c: [] for c in columns})
    own["source"] = f"{file} (Trusts, Federations)"
    return own


# ---------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """The links file, read: one row per link in the selection."""

    file: str
    frame: pd.DataFrame  # group_id, urn, joined, kind, group columns, _line
    named: frozenset[str]  # every group_id that a link in the selection names


def read_links(file: RawTable, schools: Schools, selection: Selection, log: Log) -> Links:
    frame = file.frame
    uid = next(c for c in UID_COLUMNS if c in frame.columns)
    log.columns[file.file] = {"urn": "URN", "group_id": uid, "joined": "Joined date"}
    urns = pd.to_numeric(frame["URN"], errors="coerce")
    in_register = urns.isin(schools.urns.dropna()).to_numpy()
    selected_urns = schools.urns[schools.selected].dropna()
    # A link of a school in the register is selected with its school; a link of a
    # school the register lacks is selected by the link's own LA and phase columns.
    chosen = np.where(in_register, urns.isin(selected_urns).to_numpy(), selection.matches(frame, strict=False))
    log.count("memberships", file.file, chosen.sum(), (~chosen).sum())
    rows = group_frame(frame[chosen].reset_index(drop=True), file.file, file.lines[chosen], log)
    rows["urn"] = frame.loc[chosen, "URN"].to_numpy()
    if "Joined date" in frame.columns:
        joined = frame.loc[chosen, "Joined date"].reset_index(drop=True)  # aligned with rows, not with frame
        rows["joined"] = dates(joined, "Joined date", file.file, file.lines[chosen], log.problems)
    else:
        rows["joined"] = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    rows["source"] = file.file
    return Links(file.file, rows, frozenset(rows["group_id"].tolist()))


def group_frame(frame: pd.DataFrame, file: str, lines: np.ndarray, log: Log) -> pd.DataFrame:
    """The groups schema's columns, and the extra group columns, of rows of a links or groups file."""
    uid = next(c for c in UID_COLUMNS if c in frame.columns)
    out = pd.DataFrame({"group_id": group_ids(frame[uid]).to_numpy(dtype=object)}, index=frame.index)
    out["kind"], out["type_text"] = kinds_of(frame)
    out["name"] = blank_as_na(frame["Group Name"]) if "Group Name" in frame.columns else None
    for gias, column in GROUP_DATES.items():
        if gias in frame.columns:
            out[column] = dates(frame[gias], gias, file, lines, log.problems)
    for gias, column in GROUP_TEXT.items():
        if gias in frame.columns:
            out[column] = blank_as_na(frame[gias])
    out["_line"] = lines
    return out


# ---------------------------------------------------------------------------
# Groups
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """Rows for one table, from one file or more, ready to be checked."""

    file: str  # the file named in the messages of the schema check
    frame: pd.DataFrame
    lines: np.ndarray


GROUP_OUT: Final = ["group_id", "kind", "name", "opened", "closed", *GROUP_TEXT.values(), "incorporated", "source"]


def groups_from_file(file: RawTable, links: Links | None, schools: Schools, selection: Selection, log: Log) -> Rows:
    log.columns[file.file] = {
        "group_id": "Group UID",
        "kind": "Group Type (code)",
        "name": "Group Name",
        "opened": "Open date",
        "closed": "Closed Date",
    }
    frame = group_frame(file.frame, file.file, file.lines, log)
    frame["source"] = file.file
    if selection.active:
        named = set(links.named if links is not None else ())
        chosen_rows = schools.raw
        for column in ("trust_id", "federation_id"):
            if column in chosen_rows.columns:
                named.update(chosen_rows[column].dropna())
        chosen = isin(frame["group_id"], named).to_numpy()
    else:
        chosen = np.ones(len(frame), dtype=bool)
    log.count("groups", file.file, chosen.sum(), (~chosen).sum())
    frame = frame[chosen]
    frame = set_aside_bad_groups(frame, file.file, log)
    return Rows(file.file, group_columns(frame), frame["_line"].to_numpy(dtype="int64"))


def groups_from_memberships(links: Links | None, own: pd.DataFrame, log: Log) -> Rows:
    """Make the groups from the links file and the Trusts and Federations columns, when there is no groups file."""
    parts = []
    if links is not None:
        label = f"{links.file} (groups named in it)"
        log.columns[label] = {"group_id": log.columns[links.file]["group_id"], "name": "Group Name"}
        log.columns[label].update({"opened": "Open date", "closed": "Closed Date"})
        from_links = links.frame[links.frame["kind"] != ""].drop_duplicates("group_id").copy()
        from_links["source"] = label
        log.count("groups", label, len(from_links))
        parts.append(set_aside_bad_groups(from_links, label, log))
        taken = links.named
    else:
        taken = frozenset()
    from_own = own[~isin(own["group_id"], taken)].drop_duplicates("group_id")
    if len(from_own):
        log.count("groups", str(from_own["source"].iloc[0]), len(from_own))
    parts.append(from_own)
    frame = pd.concat(parts, ignore_index=True)
    file = str(frame["source"].iloc[0]) if len(frame) else "groups (none)"
    return Rows(file, group_columns(frame), frame["_line"].to_numpy(dtype="int64"))


def set_aside_bad_groups(frame: pd.DataFrame, file: str, log: Log) -> pd.DataFrame:
    unknown = (frame["kind"] == "").to_numpy()
    log.set_aside("groups", file, frame, unknown, UNKNOWN_TYPE + frame["type_text"] + KNOWN_TYPES)
    frame = frame[~unknown]
    if "opened" in frame.columns and "closed" in frame.columns:
        backwards = (frame["closed"] < frame["opened"]).to_numpy(dtype=bool)
        reasons = (
            "closed before it opened; Closed Date "
            + frame["closed"].dt.strftime("%Y-%m-%d")
            + " is before Open date "
            + frame["opened"].dt.strftime("%Y-%m-%d")
        )
        log.set_aside("groups", file, frame, backwards, reasons)
        frame = frame[~backwards]
    return frame


def group_columns(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=[c for c in GROUP_OUT if c in frame.columns]).reset_index(drop=True)
    for column in ("opened", "closed", "incorporated"):
        if column not in out.columns:
            out[column] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    return out


def check_own_groups(own: pd.DataFrame, groups: Rows, log: Log) -> pd.DataFrame:
    """Count the memberships named by the Trusts and Federations columns alone, and set aside those of no group."""
    if not len(own):
        return own
    label = str(own["source"].iloc[0])
    log.count("memberships", label, len(own))
    unknown = ~isin(own["group_id"], groups.frame["group_id"]).to_numpy()
    uid = own["group_id"].astype("str").str.removeprefix(GROUP_ID_PREFIX)
    reasons = f"group not in {groups.file} (or set aside); " + own["column"] + " " + uid
    log.set_aside("memberships", label, own.assign(joined=no_dates(len(own))), unknown, reasons)
    return own[~unknown]


# ---------------------------------------------------------------------------
# Memberships
# ---------------------------------------------------------------------------


def school_memberships(schools: Schools, links: Links | None) -> pd.DataFrame:
    """The memberships of the Trusts and Federations columns that no link names already."""
    own = schools.own
    if links is not None:
        said = pd.MultiIndex.from_arrays([links.frame["group_id"], pd.to_numeric(links.frame["urn"], errors="coerce")])
        key = pd.MultiIndex.from_arrays([own["group_id"], pd.to_numeric(own["urn"], errors="coerce")])
        own = own[~key.isin(said)]
    return own.reset_index(drop=True)


def membership_rows(links: Links | None, own: pd.DataFrame, schools: Schools, log: Log, *, typed_links: bool) -> Rows:
    """The memberships to check: the links (less those of schools set aside), then the columns' own.

    With ``typed_links`` (no groups file), the groups come from the links, so a link
    of a type schoolnet does not read is set aside here.
    """
    parts = []
    if links is not None:
        rows = links.frame
        urns = pd.to_numeric(rows["urn"], errors="coerce")
        closed = urns.isin(schools.aside_status.index).to_numpy()
        status = urns.map(schools.aside_status).astype(object).fillna("")
        log.set_aside(
            "memberships",
            links.file,
            rows,
            closed,
            "school not open (open_only=True); status " + status.map(repr),
        )
        rows = rows[~closed]
        if typed_links:
            unknown = (rows["kind"] == "").to_numpy()
            reasons = UNKNOWN_TYPE + rows["type_text"] + KNOWN_TYPES
            log.set_aside("memberships", links.file, rows, unknown, reasons)
            rows = rows[~unknown]
        parts.append(rows)
    if len(own):
        parts.append(own.assign(joined=no_dates(len(own))))
    if not parts:
        parts.append(pd.DataFrame({"group_id": [], "urn": [], "joined": [], "source": [], "_line": []}))
    frame = pd.concat(parts, ignore_index=True)
    out = pd.DataFrame(
        {
            "group_id": frame["group_id"].to_numpy(dtype=object),
            "urn": frame["urn"].to_numpy(dtype=object),
            "joined": pd.to_datetime(frame["joined"]).to_numpy(dtype="datetime64[ns]"),
            "role": "member",
            "source": frame["source"].to_numpy(dtype=object),
        }
    )
    file = links.file if links is not None else (str(own["source"].iloc[0]) if len(own) else "memberships (none)")
    return Rows(file, out, frame["_line"].to_numpy(dtype="int64"))
