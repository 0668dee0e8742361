"""Reading the DfE register, *Get Information about Schools* (GIAS).

:func:`read_gias` reads the register's own downloads straight into
:class:`~schoolnet.Tables`:

- the establishments file, ``edubasealldata<YYYYMMDD>.csv``: one row per
  school, with its trust and federation in ``Trusts (code)`` and
  ``Federations (code)``;
- optionally a group links file: ``alllinksdata<YYYYMMDD>.csv``, or the newer
  ``grouplinks_edubaseallacademiesandfree<YYYYMMDD>.csv``: one row per school
  in a group, with the date it joined;
- optionally the groups file, ``allgroupsdata<YYYYMMDD>.csv``: one row per
  trust, federation, sponsor or other group, with its dates.

The files may be as the register publishes them (Windows-1252, dates written
DD-MM-YYYY, possibly gzip-compressed) or re-saved as UTF-8 with ISO dates and
a leading unnamed index column, as pandas writes them. They are read with
pandas' C reader, and mapped onto the schema column by column, never row by
row, so that the national files load in about a second.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd

from ._gias_files import (
    GROUP_ID_PREFIX,
    GROUP_TYPE_KINDS,
    FileKind,
    PathLike,
    blank_as_na,
    dates,
    fold,
    group_ids,
    kinds_of,
    no_dates,
    phases_of,
    read_register_file,
    whole_numbers,
)
from .errors import ParameterError, Problem, SchemaError
from .schema import PHASES, normalise_category
from .tables import REJECTED_COLUMNS, RawTable, Tables, assemble, rejected_rows

__all__ = [
    "EXTRA_COLUMNS",
    "GROUP_ID_PREFIX",
    "GROUP_TYPE_KINDS",
    "OPEN_STATUSES",
    "PERSONAL_COLUMNS",
    "SCHOOL_COLUMNS",
    "read_gias",
]

#: The values of ``EstablishmentStatus (name)`` kept when ``open_only=True``.
OPEN_STATUSES: Final = ("Open", "Open, but proposed to close")

#: Register columns about people, never read: head teachers' and heads of
#: group's names and titles, and telephone numbers.
PERSONAL_COLUMNS: Final = (
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "HeadPreferredJobTitle",
    "TelephoneNum",
    "Head of Group Title",
    "Head of Group First Name",
    "Head of Group Last Name",
)

#: Register columns read into the columns of the schools schema. ``phase``
#: also depends on ``TypeOfEstablishment (name)``: special schools are
#: ``special``, and pupil referral units and alternative provision are
#: ``alternative provision``.
SCHOOL_COLUMNS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "URN": "urn",
        "EstablishmentName": "name",
        "PhaseOfEducation (name)": "phase",
        "TypeOfEstablishment (name)": "type",
        "LA (name)": "la",
        "DistrictAdministrative (name)": "district",
        "Easting": "easting",
        "Northing": "northing",
        "OfstedRating (name)": "ofsted",
        "NumberOfPupils": "pupils",
        "PercentageFSM": "fsm_pct",
        "UrbanRural (name)": "urban_rural",
        "ReligiousCharacter (name)": "religious_character",
    }
)

_TEXT_EXTRAS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "EstablishmentStatus (name)": "status",
        "LA (code)": "la_code",
        "EstablishmentNumber": "establishment_number",
        "EstablishmentTypeGroup (name)": "type_group",
        "Gender (name)": "gender",
        "Diocese (name)": "diocese",
        "AdmissionsPolicy (name)": "admissions_policy",
        "Trusts (name)": "trust",
        "Federations (name)": "federation",
        "SchoolSponsors (name)": "sponsor",
        "GOR (name)": "region",
        "AdministrativeWard (name)": "ward",
        "ParliamentaryConstituency (name)": "constituency",
        "MSOA (code)": "msoa_code",
        "MSOA (name)": "msoa",
        "LSOA (code)": "lsoa_code",
        "LSOA (name)": "lsoa",
        "Town": "town",
        "Postcode": "postcode",
        "UKPRN": "ukprn",
    }
)
_DATE_EXTRAS: Final[Mapping[str, str]] = MappingProxyType(
    {"OpenDate": "opened", "CloseDate": "closed", "OfstedLastInsp": "ofsted_date"}
)
_INT_EXTRAS: Final[Mapping[str, str]] = MappingProxyType(
    {"StatutoryLowAge": "low_age", "StatutoryHighAge": "high_age", "SchoolCapacity": "capacity"}
)
_GROUP_OF_SCHOOL: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {"Trusts (code)": ("trust_id", "trust"), "Federations (code)": ("federation_id", "federation")}
)

#: Other register columns kept in the schools table, and their names there.
#: ``trust_id`` and ``federation_id`` are the ``group_id`` of the school's
#: trust and federation, made from ``Trusts (code)`` and ``Federations (code)``.
EXTRA_COLUMNS: Final[Mapping[str, str]] = MappingProxyType(
    {
        **_TEXT_EXTRAS,
        **_DATE_EXTRAS,
        **_INT_EXTRAS,
        **{code: names[0] for code, names in _GROUP_OF_SCHOOL.items()},
    }
)

_STATUS: Final = "EstablishmentStatus (name)"
# The group columns of the links and groups files, and their names in the groups table.
_GROUP_TEXT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "Group Type": "group_type",
        "Group ID": "gias_group_id",
        "Group Status": "status",
        "Companies House Number": "companies_house_number",
        "UKPRN": "ukprn",
        "FederationType": "federation_type",
    }
)
_GROUP_DATES: Final[Mapping[str, str]] = MappingProxyType(
    {"Open date": "opened", "Closed Date": "closed", "Incorporated on (open date)": "incorporated"}
)
_UID_COLUMNS: Final = ("Group UID", "Linked UID")
_UNKNOWN_TYPE: Final = "group type not read by schoolnet; found "
_KNOWN_TYPES: Final = "; the codes read are " + ", ".join(f"{c} ({k})" for c, k in GROUP_TYPE_KINDS.items())
_TYPE_COLUMNS: Final = ("Group Type (code)", "Group Type")


# ---------------------------------------------------------------------------
# The loader
# ---------------------------------------------------------------------------


def read_gias(
    establishments: PathLike,
    *,
    links: PathLike | None = None,
    groups: PathLike | None = None,
    open_only: bool = True,
    la: str | Iterable[str] | None = None,
    phases: str | Iterable[str] | None = None,
) -> Tables:
    r"""Read the DfE register (GIAS) downloads into schoolnet's tables.

    Reads the register's files as it publishes them: Windows-1252 text, dates
    written DD-MM-YYYY, columns in ``(code)`` / ``(name)`` pairs, plain or
    gzip-compressed (``.csv.gz``). Files re-saved as UTF-8 with ISO dates
    and a leading unnamed index column also work.

    **Personal data is never read.** Head teachers' titles, names and job
    titles, telephone numbers, and the names of heads of group
    (:data:`PERSONAL_COLUMNS`) are left out of every table, so that nothing
    built from the tables (networks, reports, exports) can spread them.

    Parameters
    ----------
    establishments : str or path
        The establishments file, ``edubasealldata<YYYYMMDD>.csv`` (or a
        download of some of its columns). Only ``URN`` and
        ``EstablishmentName`` are required; every column of
        :data:`SCHOOL_COLUMNS` and :data:`EXTRA_COLUMNS` is used when present.
    links : str or path, optional
        A group links file: ``alllinksdata<YYYYMMDD>.csv`` (with ``Group UID``)
        or ``grouplinks_edubaseallacademiesandfree<YYYYMMDD>.csv`` (with
        ``Linked UID``). Each row is a membership; its ``Joined date`` becomes
        ``joined``, so that :func:`schoolnet.build_network` with ``as_of``
        counts a tie only once both schools have joined.
    groups : str or path, optional
        The groups file, ``allgroupsdata<YYYYMMDD>.csv``. It names each group
        and gives its type and ``Open date`` / ``Closed Date`` (``opened`` /
        ``closed``). Without it, groups are made from the links file and the
        ``Trusts`` and ``Federations`` columns.
    open_only : bool, default True
        Keep only schools whose ``EstablishmentStatus (name)`` is "Open" or
        "Open, but proposed to close". Closed and proposed schools are set
        aside (listed in ``rejected`` with their status), and so are their
        group links.
    la : str or iterable of str, optional
        Keep only the schools of these local authorities (``LA (name)``, in
        any case).
    phases : str or iterable of str, optional
        Keep only the schools of these phases, in schoolnet's vocabulary
        (:data:`schoolnet.schema.PHASES`), e.g. ``"primary"`` or ``"special"``.

    Returns
    -------
    Tables
        ``schools`` indexed by URN with the schema's columns and the extra
        columns of :data:`EXTRA_COLUMNS`; ``groups`` indexed by ``group_id``
        (``"GIAS:<Group UID>"``) with ``kind`` from the group type
        (:data:`GROUP_TYPE_KINDS`), and the extra columns ``group_type``,
        ``gias_group_id``, ``status``, ``companies_house_number``, ``ukprn``,
        ``incorporated``, ``federation_type`` where known; ``memberships``;
        and an empty ``support``. ``groups`` and ``memberships`` have a
        ``source`` column naming where each row came from.

        ``rejected`` lists every row set aside, with its file, line and
        reason: closed or proposed schools (with ``open_only``), a second row
        with the same URN, links of closed schools, links to a URN that is not
        in the establishments file, links to a group that is not in the groups
        file, and groups of a type schoolnet does not know or that closed
        before they opened.

        ``counts`` has a row for each file (or part of one) the tables were
        made from. ``read == kept + rejected`` on every row. With ``la`` or
        ``phases``, the rows outside the selection are not read into the
        tables, so they are in neither ``kept`` nor ``rejected``: the extra
        column ``not_selected`` counts them, and ``read + not_selected`` is
        the number of rows in the file. A membership named both by a links
        row and by the ``Trusts`` or ``Federations`` columns is counted once,
        as the links row; the row ``"<file> (Trusts, Federations)"`` counts
        those named by the columns alone. Without a groups file, groups are
        counted as the distinct groups each file names.

    Raises
    ------
    SchemaError
        If a file is not a register file of its kind (the error names the
        file and the required columns it lacks), or a value cannot be read:
        each problem is listed with its file, line, register column and value.
    ParameterError
        If ``la`` names no local authority of the establishments file, or a
        phase is not one of :data:`schoolnet.schema.PHASES`.
    SchoolnetError
        If a file is missing or unreadable.

    Warns
    -----
    SetAsideWarning
        If any row was set aside; see ``rejected``.

    See Also
    --------
    schoolnet.build_network : build the network of the tables for a date.
    schoolnet.Tables.select : select schools after loading.

    Notes
    -----
    Without a links or groups file, the register does not say whether a trust
    in ``Trusts (code)`` is a multi-academy, single-academy or foundation
    trust, so every such trust is of kind ``trust``: a single-academy trust
    has one member, so it makes no tie either way.

    The register writes 01-01-1900 (and 01-01-1800) for dates it does not
    know; they are read as blank. So are an ``Easting`` and ``Northing`` that
    are both 0.

    Examples
    --------
    >>> import tempfile, warnings
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> register = folder / "edubasealldata20240901.csv"
    >>> _ = register.write_text(
    ...     "URN,EstablishmentName,EstablishmentStatus (name),PhaseOfEducation (name),Trusts (code),Trusts (name)\n"
    ...     "900001,Alder Primary School,Open,Primary,5001,Wexmoor Learning Trust\n"
    ...     "900002,Birch Academy,Open,Secondary,5001,Wexmoor Learning Trust\n"
    ...     "900003,Cedar Infant School,Closed,Primary,,\n",
    ...     encoding="cp1252",
    ... )
    >>> with warnings.catch_warnings(record=True):
    ...     tables = read_gias(register)
    >>> tables.schools[["name", "phase", "trust_id"]]
                            name      phase   trust_id
    urn
    900001  Alder Primary School    primary  GIAS:5001
    900002         Birch Academy  secondary  GIAS:5001
    >>> tables.rejected.loc[0, "reason"]
    "not open (open_only=True); status 'Closed'"
    >>> import schoolnet
    >>> schoolnet.build_network(tables, as_of="2024-09-01").number_of_edges()
    1
    """
    selection = _Selection.of(la, phases)
    log = _Log()
    est = read_register_file(establishments, _ESTABLISHMENTS)
    log.columns[est.file] = {column: gias for gias, column in SCHOOL_COLUMNS.items()}
    selection.check(est)
    schools = _schools(est, selection, open_only=open_only, log=log)

    link_rows = None
    if links is not None:
        link_file = read_register_file(links, _LINKS if groups is not None else _LINKS_WITHOUT_GROUPS)
        link_rows = _links(link_file, schools, selection, log)
    group_file = read_register_file(groups, _GROUPS) if groups is not None else None

    own = _school_memberships(schools, link_rows)
    if group_file is not None:
        group_rows = _groups_from_file(group_file, link_rows, schools, selection, log)
    else:
        group_rows = _groups_from_memberships(link_rows, own, log)
    log.raise_problems()
    own = _check_own_groups(own, group_rows, log)
    memberships = _membership_rows(link_rows, own, schools, log, typed_links=group_file is None)

    raw = {
        "schools": RawTable(schools.raw, est.file, schools.lines),
        "groups": RawTable(group_rows.frame, group_rows.file, group_rows.lines),
        "memberships": RawTable(memberships.frame, memberships.file, memberships.lines),
    }
    source = _describe(est.file, link_rows, group_file, open_only=open_only, selection=selection)
    try:
        tables = assemble(raw, source=source, set_aside=log.set_aside_frame())
    except SchemaError as err:
        raise SchemaError(log.in_register_terms(err.problems)) from None
    return _finish(tables, log, schools.dtypes)


# ---------------------------------------------------------------------------
# What is read from each file
# ---------------------------------------------------------------------------


_LINK_SCHOOL_COLUMNS: Final = (
    "LA (name)",
    "PhaseOfEducation (name)",
    "PhaseOfEducation (code)",
    "TypeOfEstablishment (name)",
    "TypeOfEstablishment (code)",
)
_ESTABLISHMENTS: Final = FileKind(
    "establishments file",
    "edubasealldata<YYYYMMDD>.csv",
    (("URN",), ("EstablishmentName",)),
    frozenset(
        [
            *SCHOOL_COLUMNS,
            *_TEXT_EXTRAS,
            *_DATE_EXTRAS,
            *_INT_EXTRAS,
            *_GROUP_OF_SCHOOL,
            "PhaseOfEducation (code)",
            "TypeOfEstablishment (code)",
        ]
    ),
    excluded=_UID_COLUMNS,
)
_GROUP_COLUMNS: Final = frozenset([*_UID_COLUMNS, *_TYPE_COLUMNS, "Group Name", *_GROUP_TEXT, *_GROUP_DATES])
_LINKS: Final = FileKind(
    "group links file",
    "alllinksdata<YYYYMMDD>.csv or grouplinks_edubaseallacademiesandfree<YYYYMMDD>.csv",
    (("URN",), _UID_COLUMNS),
    frozenset([*_GROUP_COLUMNS, "URN", "Joined date", *_LINK_SCHOOL_COLUMNS]),
)
_LINKS_WITHOUT_GROUPS: Final = replace(_LINKS, required=(*_LINKS.required, _TYPE_COLUMNS))
_GROUPS: Final = FileKind(
    "groups file",
    "allgroupsdata<YYYYMMDD>.csv",
    (("Group UID",), _TYPE_COLUMNS),
    _GROUP_COLUMNS,
    excluded=("URN",),
)


# ---------------------------------------------------------------------------
# Bookkeeping: rows set aside, rows counted, problems found
# ---------------------------------------------------------------------------


@dataclass
class _Log:
    """What happened to the rows of each file before the tables are checked."""

    aside: list[pd.DataFrame] = field(default_factory=list)
    read: dict[tuple[str, str], int] = field(default_factory=dict)
    not_selected: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: For each file, the register column behind each schema column, for messages.
    columns: dict[str, dict[str, str]] = field(default_factory=dict)

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
class _Selection:
    """The schools chosen with ``la=`` and ``phases=``."""

    las: frozenset[str] | None
    phases: frozenset[str] | None
    given: tuple[str, ...]

    @classmethod
    def of(cls, la: str | Iterable[str] | None, phases: str | Iterable[str] | None) -> _Selection:
        las = None if la is None else _as_strings(la, "la")
        chosen = None if phases is None else _as_strings(phases, "phases")
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
        has_phase = any(c in frame.columns for c in _LINK_SCHOOL_COLUMNS[1:])
        if self.phases is not None and (has_phase or strict):
            keep &= phases_of(frame).isin(self.phases).to_numpy()
        return keep


def _as_strings(values: str | Iterable[str], argument: str) -> frozenset[str]:
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


@dataclass(frozen=True)
class _Schools:
    """The establishments file, read."""

    file: str
    raw: pd.DataFrame  # the rows kept, in the schools schema's columns and the extras
    lines: np.ndarray
    dtypes: dict[str, str]  # the dtypes of the extra columns
    urns: pd.Series  # URN of every row of the file, as a number (NaN where unreadable)
    selected: np.ndarray  # the rows in the selection
    aside_status: pd.Series  # status of the schools set aside for their status, by URN
    own: pd.DataFrame  # memberships named by the Trusts and Federations columns of the rows kept


def _schools(est: RawTable, selection: _Selection, *, open_only: bool, log: _Log) -> _Schools:
    frame = est.frame
    selected = selection.matches(frame, strict=True)
    log.count("schools", est.file, selected.sum(), (~selected).sum())
    if open_only and _STATUS in frame.columns:
        status = frame[_STATUS]
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
        "not open (open_only=True); status " + status.map(repr),
    )
    keep = selected & is_open
    raw, dtypes = _school_columns(frame[keep].reset_index(drop=True), est.file, est.lines[keep], log)
    kept_urns = pd.Index(urns[keep].dropna().astype("int64").unique())
    aside = pd.Series(status[closing].to_numpy(), index=urns[closing].to_numpy())
    aside = aside[~aside.index.isin(kept_urns) & aside.index.notna()]
    aside = aside[~aside.index.duplicated()]
    own = _own_memberships(raw, est.lines[keep], est.file)
    return _Schools(est.file, raw, est.lines[keep], dtypes, urns, selected, aside, own)


def _school_columns(
    frame: pd.DataFrame, file: str, lines: np.ndarray, log: _Log
) -> tuple[pd.DataFrame, dict[str, str]]:
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
    for gias, column in _TEXT_EXTRAS.items():
        if gias in frame.columns:
            out[column] = blank_as_na(frame[gias])
            dtypes[column] = "str"
    for gias, column in _DATE_EXTRAS.items():
        if gias in frame.columns:
            out[column] = dates(frame[gias], gias, file, lines, log.problems)
    for gias, column in _INT_EXTRAS.items():
        if gias in frame.columns:
            out[column] = whole_numbers(frame[gias], gias, file, lines, log.problems)
            dtypes[column] = "Int64"
    for gias, (column, _) in _GROUP_OF_SCHOOL.items():
        if gias in frame.columns:
            out[column] = group_ids(frame[gias])
            dtypes[column] = "str"
    return out, dtypes


def _own_memberships(raw: pd.DataFrame, lines: np.ndarray, file: str) -> pd.DataFrame:
    """Memberships named by the Trusts and Federations columns, from the first row of each URN."""
    first = ~raw["urn"].duplicated().to_numpy()
    parts = []
    for gias, (column, name_column) in _GROUP_OF_SCHOOL.items():
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
class _Links:
    """The links file, read: one row per link in the selection."""

    file: str
    frame: pd.DataFrame  # group_id, urn, joined, kind, group columns, _line
    named: frozenset[str]  # every group_id that a link in the selection names


def _links(file: RawTable, schools: _Schools, selection: _Selection, log: _Log) -> _Links:
    frame = file.frame
    uid = next(c for c in _UID_COLUMNS if c in frame.columns)
    log.columns[file.file] = {"urn": "URN", "group_id": uid, "joined": "Joined date"}
    urns = pd.to_numeric(frame["URN"], errors="coerce")
    in_register = urns.isin(schools.urns.dropna()).to_numpy()
    selected_urns = schools.urns[schools.selected].dropna()
    # A link of a school in the register is selected with its school; a link of a
    # school the register lacks is selected by the link's own LA and phase columns.
    chosen = np.where(in_register, urns.isin(selected_urns).to_numpy(), selection.matches(frame, strict=False))
    log.count("memberships", file.file, chosen.sum(), (~chosen).sum())
    rows = _group_frame(frame[chosen].reset_index(drop=True), file.file, file.lines[chosen], log)
    rows["urn"] = frame.loc[chosen, "URN"].to_numpy()
    if "Joined date" in frame.columns:
        rows["joined"] = dates(
            frame.loc[chosen, "Joined date"], "Joined date", file.file, file.lines[chosen], log.problems
        )
    else:
        rows["joined"] = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    rows["source"] = file.file
    return _Links(file.file, rows, frozenset(rows["group_id"]))


def _group_frame(frame: pd.DataFrame, file: str, lines: np.ndarray, log: _Log) -> pd.DataFrame:
    """The groups schema's columns, and the extra group columns, of rows of a links or groups file."""
    uid = next(c for c in _UID_COLUMNS if c in frame.columns)
    out = pd.DataFrame({"group_id": group_ids(frame[uid]).to_numpy(dtype=object)}, index=frame.index)
    out["kind"], out["type_text"] = kinds_of(frame)
    out["name"] = blank_as_na(frame["Group Name"]) if "Group Name" in frame.columns else None
    for gias, column in _GROUP_DATES.items():
        if gias in frame.columns:
            out[column] = dates(frame[gias], gias, file, lines, log.problems)
    for gias, column in _GROUP_TEXT.items():
        if gias in frame.columns:
            out[column] = blank_as_na(frame[gias])
    out["_line"] = lines
    return out


# ---------------------------------------------------------------------------
# Groups
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rows:
    """Rows for one table, from one file or more, ready to be checked."""

    file: str  # the file named in the messages of the schema check
    frame: pd.DataFrame
    lines: np.ndarray


_GROUP_OUT: Final = ["group_id", "kind", "name", "opened", "closed", *_GROUP_TEXT.values(), "incorporated", "source"]


def _groups_from_file(
    file: RawTable, links: _Links | None, schools: _Schools, selection: _Selection, log: _Log
) -> _Rows:
    log.columns[file.file] = {
        "group_id": "Group UID",
        "kind": "Group Type (code)",
        "name": "Group Name",
        "opened": "Open date",
        "closed": "Closed Date",
    }
    frame = _group_frame(file.frame, file.file, file.lines, log)
    frame["source"] = file.file
    if selection.active:
        named = set(links.named if links is not None else ())
        chosen_rows = schools.raw
        for column in ("trust_id", "federation_id"):
            if column in chosen_rows.columns:
                named.update(chosen_rows[column].dropna())
        chosen = frame["group_id"].isin(named).to_numpy()
    else:
        chosen = np.ones(len(frame), dtype=bool)
    log.count("groups", file.file, chosen.sum(), (~chosen).sum())
    frame = frame[chosen]
    frame = _set_aside_bad_groups(frame, file.file, log)
    return _Rows(file.file, _group_columns(frame), frame["_line"].to_numpy(dtype="int64"))


def _groups_from_memberships(links: _Links | None, own: pd.DataFrame, log: _Log) -> _Rows:
    """Make the groups from the links file and the Trusts and Federations columns, when there is no groups file."""
    parts = []
    if links is not None:
        label = f"{links.file} (groups named in it)"
        log.columns[label] = {"group_id": log.columns[links.file]["group_id"], "name": "Group Name"}
        log.columns[label].update({"opened": "Open date", "closed": "Closed Date"})
        from_links = links.frame[links.frame["kind"] != ""].drop_duplicates("group_id").copy()
        from_links["source"] = label
        log.count("groups", label, len(from_links))
        parts.append(_set_aside_bad_groups(from_links, label, log))
        taken = links.named
    else:
        taken = frozenset()
    from_own = own[~own["group_id"].isin(taken)].drop_duplicates("group_id")
    if len(from_own):
        log.count("groups", str(from_own["source"].iloc[0]), len(from_own))
    parts.append(from_own)
    frame = pd.concat(parts, ignore_index=True)
    file = str(frame["source"].iloc[0]) if len(frame) else "groups (none)"
    return _Rows(file, _group_columns(frame), frame["_line"].to_numpy(dtype="int64"))


def _set_aside_bad_groups(frame: pd.DataFrame, file: str, log: _Log) -> pd.DataFrame:
    unknown = (frame["kind"] == "").to_numpy()
    log.set_aside("groups", file, frame, unknown, _UNKNOWN_TYPE + frame["type_text"] + _KNOWN_TYPES)
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


def _group_columns(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=[c for c in _GROUP_OUT if c in frame.columns]).reset_index(drop=True)
    for column in ("opened", "closed", "incorporated"):
        if column not in out.columns:
            out[column] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    return out


def _check_own_groups(own: pd.DataFrame, groups: _Rows, log: _Log) -> pd.DataFrame:
    """Count the memberships named by the Trusts and Federations columns alone, and set aside those of no group."""
    if not len(own):
        return own
    label = str(own["source"].iloc[0])
    log.count("memberships", label, len(own))
    unknown = ~own["group_id"].isin(groups.frame["group_id"]).to_numpy()
    uid = own["group_id"].astype("str").str.removeprefix(GROUP_ID_PREFIX)
    reasons = f"group not in {groups.file} (or set aside); " + own["column"] + " " + uid
    log.set_aside("memberships", label, own.assign(joined=no_dates(len(own))), unknown, reasons)
    return own[~unknown]


# ---------------------------------------------------------------------------
# Memberships
# ---------------------------------------------------------------------------


def _school_memberships(schools: _Schools, links: _Links | None) -> pd.DataFrame:
    """The memberships of the Trusts and Federations columns that no link names already."""
    own = schools.own
    if links is not None:
        said = pd.MultiIndex.from_arrays([links.frame["group_id"], pd.to_numeric(links.frame["urn"], errors="coerce")])
        key = pd.MultiIndex.from_arrays([own["group_id"], pd.to_numeric(own["urn"], errors="coerce")])
        own = own[~key.isin(said)]
    return own.reset_index(drop=True)


def _membership_rows(
    links: _Links | None, own: pd.DataFrame, schools: _Schools, log: _Log, *, typed_links: bool
) -> _Rows:
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
            reasons = _UNKNOWN_TYPE + rows["type_text"] + _KNOWN_TYPES
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
    return _Rows(file, out, frame["_line"].to_numpy(dtype="int64"))


# ---------------------------------------------------------------------------
# Finishing
# ---------------------------------------------------------------------------


def _describe(
    est: str, links: _Links | None, groups: RawTable | None, *, open_only: bool, selection: _Selection
) -> str:
    files = [est] + ([links.file] if links is not None else []) + ([groups.file] if groups is not None else [])
    parts = [f"DfE register (GIAS): {', '.join(files)}"]
    if open_only:
        parts.append("open schools")
    parts.extend(selection.given)
    return "; ".join(parts)


def _finish(tables: Tables, log: _Log, dtypes: Mapping[str, str]) -> Tables:
    """Give the extra columns their types back, and count the rows of each file."""
    schools = tables.schools.astype({c: t for c, t in dtypes.items() if c in tables.schools.columns})
    groups = tables.groups.astype({c: "str" for c in tables.groups.columns if c in (*_GROUP_TEXT.values(), "source")})
    memberships = tables.memberships.astype({"source": "str"})
    rows = []
    rejected = tables.rejected.groupby(["table", "file"]).size()
    for (table, file), read in log.read.items():
        kept_frame = {"schools": schools, "groups": groups, "memberships": memberships}[table]
        kept = len(kept_frame) if table == "schools" else int((kept_frame["source"] == file).sum())
        rows.append((table, file, read, kept, int(rejected.get((table, file), 0)), log.not_selected[(table, file)]))
    for table in ("groups", "memberships"):
        if not any(t == table for t, _ in log.read):
            rows.append((table, f"{table} (none)", 0, 0, 0, 0))
    support = tables.counts[tables.counts["table"] == "support"]
    rows.extend((*row, 0) for row in support.itertuples(index=False))
    counts = pd.DataFrame(rows, columns=[*tables.counts.columns, "not_selected"])
    return replace(tables, schools=schools, groups=groups, memberships=memberships, counts=counts)
