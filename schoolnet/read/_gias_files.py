"""Reading the DfE register's CSV files and values: text columns with exact lines, then typed values.

The register's downloads are large (the establishments file has about 52,000
rows of 140 columns), so they are parsed by pandas' C reader rather than row
by row. The C reader does not say which line of the file each row came from,
so a vectorised scan of the bytes finds the records: a newline or delimiter is
inside a quoted field when an odd number of quotes come before it (a doubled
quote inside a field adds two). The scan gives each record's first line and
its number of fields. A file the scan finds irregular (a row with the wrong
number of fields, a line of spaces) is read again by
:func:`schoolnet.read.io.read_csv_text`, which reports each problem exactly or
skips the blank lines.

The register's values are then read column by column: dates written
DD-MM-YYYY (or YYYY-MM-DD, as re-saved files have them), whole numbers, group
UIDs, phases and group types in schoolnet's vocabularies.

This module also says which of the register's columns are read from each
file, and what they are called in schoolnet's tables.
"""

from __future__ import annotations

import csv
import gzip
import io as _io
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd

from .._text import per_distinct, unchanged
from ..errors import Problem, SchemaError, SchoolnetError
from ..tables.schema import GROUP_KINDS, PHASES, normalise_category
from ..tables.tables import RawTable
from .io import read_csv_text

__all__ = [
    "DATE_EXTRAS",
    "ESTABLISHMENTS",
    "EXTRA_COLUMNS",
    "GROUPS",
    "GROUP_COLUMNS",
    "GROUP_DATES",
    "GROUP_ID_PREFIX",
    "GROUP_OF_SCHOOL",
    "GROUP_TEXT",
    "GROUP_TYPE_KINDS",
    "INT_EXTRAS",
    "KNOWN_TYPES",
    "LINKS",
    "LINKS_WITHOUT_GROUPS",
    "LINK_SCHOOL_COLUMNS",
    "OPEN_STATUSES",
    "PERSONAL_COLUMNS",
    "SCHOOL_COLUMNS",
    "STATUS",
    "TEXT_EXTRAS",
    "TYPE_COLUMNS",
    "UID_COLUMNS",
    "UNKNOWN_TYPE",
    "FileKind",
    "blank_as_na",
    "dates",
    "fold",
    "group_ids",
    "kinds_of",
    "no_dates",
    "phases_of",
    "read_register_file",
    "records_of",
    "whole_numbers",
]

PathLike = str | os.PathLike[str]

_DELIMITERS: Final = (",", ";", "\t", "|")

#: A group's ``group_id`` is this prefix and its register ``Group UID``, e.g.
#: ``"GIAS:5143"``. The UID is the register's stable key for a group: it stays
#: the same when a trust is renamed.
GROUP_ID_PREFIX: Final = "GIAS:"

#: The register's ``Group Type (code)`` and the kind of group it becomes.
#: Multi-academy trusts (6) and foundation trusts (2) are ``trust``; a
#: federation (1) is ``federation``; a single-academy trust (10), a school
#: sponsor (5), an umbrella trust (7) and children's-centre groups (8, 9) are
#: kept as memberships that make no tie between schools (see
#: :data:`schoolnet.tables.schema.DEFAULT_EXPANSION`).
GROUP_TYPE_KINDS: Final[Mapping[int, str]] = MappingProxyType(
    {
        1: "federation",
        2: "trust",
        5: "sponsor",
        6: "trust",
        7: "umbrella_trust",
        8: "childrens_centres",
        9: "childrens_centres",
        10: "single_academy_trust",
    }
)

_PHASE_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "0": "Not applicable",
        "1": "Nursery",
        "2": "Primary",
        "3": "Middle deemed primary",
        "4": "Secondary",
        "5": "Middle deemed secondary",
        "6": "16 plus",
        "7": "All-through",
    }
)
# TypeOfEstablishment codes of special schools and of alternative provision, for
# files with the codes but not the names (the register's establishment type lookup).
_SPECIAL_TYPE_CODES: Final = frozenset({"7", "8", "10", "12", "33", "36", "44"})
_AP_TYPE_CODES: Final = frozenset({"14", "38", "42", "43"})
_SPECIAL_TYPE: Final = re.compile(r"\bspecial\b", re.IGNORECASE)
_AP_TYPE: Final = r"pupil referral unit|alternative provision"

# Dates before this are the register's placeholders for "not recorded" (01-01-1900, 01-01-1800).
_FIRST_REAL_DATE: Final = pd.Timestamp("1901-01-01")
_DATE_EXPECTED: Final = "a date written DD-MM-YYYY, as the register publishes it, or YYYY-MM-DD"

# Columns that tell the register's files apart, for the message about a file passed as the wrong one.
_LOOKS_LIKE: Final = (
    (("Group UID", "URN"), "a group links file (alllinksdata): pass it as links="),
    (("Linked UID", "URN"), "a group links file (grouplinks_...): pass it as links="),
    (("Group UID",), "a groups file (allgroupsdata): pass it as groups="),
    (("URN", "EstablishmentName"), "an establishments file (edubasealldata): pass it first"),
    (("urn", "name"), "a schoolnet schools table: read it with schoolnet.read_tables()"),
)


@dataclass(frozen=True)
class FileKind:
    """The columns to read from one kind of register file.

    Attributes
    ----------
    what : str
        The kind of file, for messages: ``"establishments file"``.
    example : str
        Its name as the register publishes it.
    required : tuple of tuple of str
        The columns it must have; each inner tuple lists alternatives.
    wanted : frozenset of str
        The columns to read when present; the others are not read.
    excluded : tuple of str
        Columns that only another kind of register file has.
    """

    what: str
    example: str
    required: tuple[tuple[str, ...], ...]
    wanted: frozenset[str]
    excluded: tuple[str, ...] = ()


def read_register_file(path: PathLike, kind: FileKind) -> RawTable:
    """Read the wanted columns of a register file as stripped text, with the line of each row.

    Parameters
    ----------
    path : str or path
        A CSV file, plain or gzip-compressed, in UTF-8 or Windows-1252.
    kind : FileKind
        What to read from it.

    Returns
    -------
    RawTable
        The wanted columns that the file has, blank cells as ``""``. Rows
        blank in all of them are skipped.

    Raises
    ------
    SchemaError
        If the file is binary or empty, lacks a required column, repeats a
        column name, or has a row with the wrong number of fields.
    SchoolnetError
        If the file does not exist or is not a readable gzip file.
    """
    path = Path(path)
    data = _file_bytes(path)
    if b"\x00" in data:
        raise SchemaError(
            [Problem(path.name, None, None, None, "a text file of comma-separated values; this is binary")]
        )
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")
    encoding, text = _decoded(data)
    by_comma = records_of(data)
    starts, ends = by_comma[0], by_comma[1]
    if not len(starts):
        raise SchemaError([Problem(path.name, 1, None, None, "a header line naming the columns; the file is empty")])
    header_text = data[starts[0] : ends[0]].decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = max(_DELIMITERS, key=lambda d: (len(header_text.split(d)), d == ","))
    starts, ends, fields, lines = by_comma if delimiter == "," else records_of(data, delimiter)
    as_written = next(csv.reader([header_text], delimiter=delimiter))
    header = [h.strip() for h in as_written]
    _require(header, path.name, kind)
    columns = [c for c in header if c in kind.wanted]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        problem = "each column name once; this one is repeated"
        raise SchemaError([Problem(path.name, int(lines[0]), c, c, problem) for c in repeated])
    frame = None
    # The register's older links files leave out the last field of a row when it is blank (HasSharedHT):
    # such a row is read whole when that column is not one of those read.
    short = fields[1:] == len(header) - 1
    if short.any() and header[-1] not in kind.wanted:
        fields = np.concatenate([fields[:1], np.where(short, len(header), fields[1:])])
    if bool((fields[1:] == len(header)).all()):
        names = dict(zip(as_written, header, strict=True))
        # Text in Windows-1252 is given to the C reader as UTF-8, which it reads without decoding it again.
        utf8 = encoding == "utf-8-sig"
        frame = pd.read_csv(
            _io.BytesIO(data if utf8 else text.encode("utf-8")),
            sep=delimiter,
            encoding=encoding if utf8 else "utf-8",
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            usecols=lambda name: names.get(name, name) in kind.wanted,
            index_col=False,
            engine="c",
        ).rename(columns=names)
    if frame is not None and len(frame) == len(starts) - 1:
        row_lines = lines[1:]
    else:
        exact = _read_exactly(data, encoding, header, path.name)
        frame, row_lines = exact.frame, exact.lines
    frame = pd.DataFrame({c: frame[c].astype("str").str.strip() for c in columns}, index=frame.index)
    filled = (frame != "").any(axis=1).to_numpy() if columns else np.ones(len(frame), dtype=bool)
    kept = frame if filled.all() else frame[filled]
    return RawTable(kept.reset_index(drop=True), path.name, np.asarray(row_lines, dtype="int64")[filled])


def records_of(data: bytes, delimiter: str = ",") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Find the records of CSV bytes without parsing them.

    Parameters
    ----------
    data : bytes
        The file's contents, in an encoding in which the delimiter, quote and
        newline are single ASCII bytes (UTF-8, Windows-1252).
    delimiter : str, default ","
        The delimiter.

    Returns
    -------
    starts, ends, fields, lines : numpy.ndarray
        For each record that is not an empty line: the offsets of its first
        byte and of the byte after it (less a final ``\r``), its number of
        fields, and the line it starts on (the first line is 1).

    Examples
    --------
    >>> starts, ends, fields, lines = records_of(b'a,b\n1,"x\ny"\n\n2,z\n')
    >>> fields.tolist(), lines.tolist()
    ([2, 2, 2], [1, 2, 5])
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(buffer == ord('"'))
    newlines = np.flatnonzero(buffer == ord("\n"))
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    if len(buffer) and buffer[-1] != ord("\n"):
        ends = np.append(ends, len(buffer))
    starts = np.concatenate([[0], ends[:-1] + 1]).astype(np.int64) if len(ends) else np.zeros(0, dtype=np.int64)
    fields = np.ones(len(ends), dtype=np.int64)
    if len(ends):
        # The delimiters from each record's start to the next one's, less those between a quote and its closing one.
        is_delimiter = (buffer[: ends[-1] + 1] == ord(delimiter)).view(np.uint8)
        fields += np.add.reduceat(is_delimiter, starts, dtype=np.int32)
        opening = quotes[: np.searchsorted(quotes, ends[-1])]
        if len(opening):
            quoted = np.add.reduceat(is_delimiter, opening, dtype=np.int32)[::2]
            record = np.searchsorted(ends, opening[::2])
            fields -= np.bincount(record, weights=quoted, minlength=len(ends)).astype(np.int64)
    lines = np.searchsorted(newlines, starts) + 1
    carriage = np.zeros(len(starts), dtype=bool)
    nonempty = ends > starts
    carriage[nonempty] = buffer[ends[nonempty] - 1] == ord("\r")
    ends = ends - carriage
    present = ends > starts
    return starts[present], ends[present], fields[present], lines[present]


def _file_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise SchoolnetError(f"{path}: no such file")
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise SchoolnetError(f"{path.name}: not a readable gzip file ({err})") from err
    return data


def _decoded(data: bytes) -> tuple[str, str]:
    """The encoding (UTF-8, with or without a byte-order mark, else Windows-1252 as the register publishes) and text."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return "latin-1", data.decode("latin-1")


def _read_exactly(data: bytes, encoding: str, header: list[str], file: str) -> RawTable:
    """Read an irregular file row by row, for exact messages about it."""
    text = data.decode(encoding, errors="replace").lstrip("\ufeff")
    if header and not header[0]:
        # A leading unnamed index column, as pandas writes one: give it a name.
        lead = len(text) - len(text.lstrip("\r\n"))
        text = text[:lead] + "_index" + text[lead:]
    return read_csv_text(text.encode("utf-8"), file=file)


def _either(choices: tuple[str, ...]) -> str:
    return repr(choices[0]) if len(choices) == 1 else "(" + " or ".join(repr(c) for c in choices) + ")"


def _require(header: list[str], file: str, kind: FileKind) -> None:
    """One clear error when a file is not a register file of the kind expected."""
    missing = [_either(choices) for choices in kind.required if not set(choices) & set(header)]
    others = [c for c in kind.excluded if c in header]
    if not missing and not others:
        return
    shown = ", ".join(repr(h) for h in header[:8]) + (f", ... ({len(header)} columns)" if len(header) > 8 else "")
    if missing:
        columns = f"the column{'s' if len(missing) > 1 else ''} {' and '.join(missing)}"
        text = f"{columns} of the DfE register's {kind.what} ({kind.example}); found {shown}"
    else:
        text = f"the DfE register's {kind.what} ({kind.example}); found the column {others[0]!r} of another file"
    looks_like = next((what for columns, what in _LOOKS_LIKE if set(columns) <= set(header)), None)
    if looks_like is not None:
        text += f". It looks like {looks_like}"
    raise SchemaError([Problem(file, 1, None, None, text)])


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def no_dates(n: int) -> np.ndarray:
    """``n`` blank dates."""
    return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")


def blank_as_na(values: pd.Series) -> pd.Series:
    """Text, with blank cells missing."""
    text = values.astype("str")
    return text.where(text != "")


def _map_unique(values: pd.Series, how: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a function of a Series to the distinct values only, and spread the result."""
    unique = pd.Series(pd.unique(values), dtype=object)
    return values.map(dict(zip(unique, how(unique), strict=True)))


def group_ids(values: pd.Series) -> pd.Series:
    """``"GIAS:<uid>"`` from a UID column; blank stays blank. ``"5143.0"`` is UID 5143."""
    uid = values.astype("str").str.strip().str.replace(r"\.0+$", "", regex=True)
    return (GROUP_ID_PREFIX + uid).where(uid != "")


def phases_of(frame: pd.DataFrame) -> pd.Series:
    """The phase in schoolnet's vocabulary, from the register's phase and type of establishment."""
    if "PhaseOfEducation (name)" in frame.columns:
        phase = frame["PhaseOfEducation (name)"]
    elif "PhaseOfEducation (code)" in frame.columns:
        code = frame["PhaseOfEducation (code)"]
        phase = code.map(_PHASE_CODES).fillna(code)
    else:
        phase = pd.Series("", index=frame.index, dtype="str")
    phase = _map_unique(phase, lambda u: normalise_category(u, "phase", PHASES))
    if "TypeOfEstablishment (name)" in frame.columns:
        kind = frame["TypeOfEstablishment (name)"]
        special = _map_unique(kind, lambda u: u.str.contains(_SPECIAL_TYPE)).astype(bool)
        ap = _map_unique(kind, lambda u: u.str.contains(_AP_TYPE, case=False)).astype(bool)
    elif "TypeOfEstablishment (code)" in frame.columns:
        special = frame["TypeOfEstablishment (code)"].isin(_SPECIAL_TYPE_CODES)
        ap = frame["TypeOfEstablishment (code)"].isin(_AP_TYPE_CODES)
    else:
        return phase.astype("str")
    phase = phase.mask(special.to_numpy(), "special").mask(ap.to_numpy(), "alternative provision")
    return phase.astype("str")


def dates(values: pd.Series, column: str, file: str, lines: np.ndarray, problems: list[Problem]) -> pd.Series:
    """Dates written DD-MM-YYYY or YYYY-MM-DD; placeholders before 1901 are blank; the rest are problems."""
    text = values.astype("str")
    blank = (text == "").to_numpy()
    parsed = per_distinct(text, unchanged, then=_register_dates)
    bad = ~blank & parsed.isna().to_numpy()
    problems.extend(Problem(file, int(lines[i]), column, text.iloc[i], _DATE_EXPECTED) for i in np.flatnonzero(bad))
    return parsed.where(parsed >= _FIRST_REAL_DATE)


def _register_dates(text: pd.Series) -> pd.Series:
    """Text read as dates DD-MM-YYYY, or else YYYY-MM-DD; missing where neither."""
    day_first = pd.to_datetime(text, format="%d-%m-%Y", errors="coerce")
    iso = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    return day_first.where(day_first.notna(), iso).astype("datetime64[ns]")


def whole_numbers(values: pd.Series, column: str, file: str, lines: np.ndarray, problems: list[Problem]) -> pd.Series:
    """Whole numbers; a value that is not one is a problem."""
    text = values.astype("str")
    blank = (text == "").to_numpy()
    numbers = pd.to_numeric(text.where(~blank), errors="coerce")
    whole = numbers.notna().to_numpy() & (numbers.fillna(0) % 1 == 0).to_numpy()
    bad = ~blank & ~whole
    problems.extend(Problem(file, int(lines[i]), column, text.iloc[i], "a whole number") for i in np.flatnonzero(bad))
    return numbers.where(whole).astype("Int64")


def kinds_of(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The kind of group of each row, from its ``Group Type (code)`` or else its ``Group Type``.

    Returns the kinds (blank where the type is not known) and the type as written, for messages.
    """
    blank = pd.Series("", index=frame.index, dtype="str")
    code = frame["Group Type (code)"] if "Group Type (code)" in frame.columns else blank
    name = frame["Group Type"] if "Group Type" in frame.columns else blank
    kinds = pd.to_numeric(code, errors="coerce").map(dict(GROUP_TYPE_KINDS))
    by_name = _map_unique(name, lambda u: normalise_category(u, "kind", GROUP_KINDS))
    by_name = by_name.where(by_name.isin(GROUP_KINDS))
    kinds = kinds.where(kinds.notna(), by_name).fillna("")
    text = ("Group Type " + per_distinct(name, repr) + " (code " + per_distinct(code, repr) + ")").where(
        (name != "") | (code != ""), "a blank Group Type"
    )
    return kinds.astype("str"), text.astype("str")


def fold(values: pd.Series) -> pd.Series:
    """Text stripped and case-folded, for matching names in any case."""
    return values.astype("str").str.strip().str.casefold()


# ---------------------------------------------------------------------------
# Which columns are read
# ---------------------------------------------------------------------------

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

TEXT_EXTRAS: Final[Mapping[str, str]] = MappingProxyType(
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
DATE_EXTRAS: Final[Mapping[str, str]] = MappingProxyType(
    {"OpenDate": "opened", "CloseDate": "closed", "OfstedLastInsp": "ofsted_date"}
)
INT_EXTRAS: Final[Mapping[str, str]] = MappingProxyType(
    {"StatutoryLowAge": "low_age", "StatutoryHighAge": "high_age", "SchoolCapacity": "capacity"}
)
GROUP_OF_SCHOOL: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {"Trusts (code)": ("trust_id", "trust"), "Federations (code)": ("federation_id", "federation")}
)

#: Other register columns kept in the schools table, and their names there.
#: ``trust_id`` and ``federation_id`` are the ``group_id`` of the school's
#: trust and federation, made from ``Trusts (code)`` and ``Federations (code)``.
EXTRA_COLUMNS: Final[Mapping[str, str]] = MappingProxyType(
    {
        **TEXT_EXTRAS,
        **DATE_EXTRAS,
        **INT_EXTRAS,
        **{code: names[0] for code, names in GROUP_OF_SCHOOL.items()},
    }
)

STATUS: Final = "EstablishmentStatus (name)"
# The group columns of the links and groups files, and their names in the groups table.
GROUP_TEXT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "Group Type": "group_type",
        "Group ID": "gias_group_id",
        "Group Status": "status",
        "Companies House Number": "companies_house_number",
        "UKPRN": "ukprn",
        "FederationType": "federation_type",
    }
)
GROUP_DATES: Final[Mapping[str, str]] = MappingProxyType(
    {"Open date": "opened", "Closed Date": "closed", "Incorporated on (open date)": "incorporated"}
)
UID_COLUMNS: Final = ("Group UID", "Linked UID")
UNKNOWN_TYPE: Final = "group type not read by schoolnet; found "
KNOWN_TYPES: Final = "; the codes read are " + ", ".join(f"{c} ({k})" for c, k in GROUP_TYPE_KINDS.items())
TYPE_COLUMNS: Final = ("Group Type (code)", "Group Type")


# ---------------------------------------------------------------------------
# What is read from each file
# ---------------------------------------------------------------------------


LINK_SCHOOL_COLUMNS: Final = (
    "LA (name)",
    "PhaseOfEducation (name)",
    "PhaseOfEducation (code)",
    "TypeOfEstablishment (name)",
    "TypeOfEstablishment (code)",
)
ESTABLISHMENTS: Final = FileKind(
    "establishments file",
    "edubasealldata<YYYYMMDD>.csv",
    (("URN",), ("EstablishmentName",)),
    frozenset(
        [
            *SCHOOL_COLUMNS,
            *TEXT_EXTRAS,
            *DATE_EXTRAS,
            *INT_EXTRAS,
            *GROUP_OF_SCHOOL,
            "PhaseOfEducation (code)",
            "TypeOfEstablishment (code)",
        ]
    ),
    excluded=UID_COLUMNS,
)
GROUP_COLUMNS: Final = frozenset([*UID_COLUMNS, *TYPE_COLUMNS, "Group Name", *GROUP_TEXT, *GROUP_DATES])
LINKS: Final = FileKind(
    "group links file",
    "alllinksdata<YYYYMMDD>.csv or grouplinks_edubaseallacademiesandfree<YYYYMMDD>.csv",
    (("URN",), UID_COLUMNS),
    frozenset([*GROUP_COLUMNS, "URN", "Joined date", *LINK_SCHOOL_COLUMNS]),
)
LINKS_WITHOUT_GROUPS: Final = replace(LINKS, required=(*LINKS.required, TYPE_COLUMNS))
GROUPS: Final = FileKind(
    "groups file",
    "allgroupsdata<YYYYMMDD>.csv",
    (("Group UID",), TYPE_COLUMNS),
    GROUP_COLUMNS,
    excluded=("URN",),
)
