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

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from ..errors import KeptAsTextWarning, ParameterError, SchemaError
from ..tables.schema import kept_as_text_warning
from ..tables.tables import RawTable, Tables, assemble
from ._gias_build import (
    Boundary,
    Links,
    Log,
    Rows,
    Schools,
    Selection,
    boundary_rows,
    check_own_groups,
    groups_from_file,
    groups_from_memberships,
    membership_rows,
    read_links,
    read_schools,
    school_memberships,
)
from ._gias_files import (
    ESTABLISHMENTS,
    EXTRA_COLUMNS,
    GROUP_ID_PREFIX,
    GROUP_TEXT,
    GROUP_TYPE_KINDS,
    GROUPS,
    LINKS,
    LINKS_WITHOUT_GROUPS,
    OPEN_STATUSES,
    PERSONAL_COLUMNS,
    SCHOOL_COLUMNS,
    PathLike,
    read_register_file,
)
from .io import date_in_name

__all__ = [
    "EXTRA_COLUMNS",
    "GROUP_ID_PREFIX",
    "GROUP_TYPE_KINDS",
    "OPEN_STATUSES",
    "PERSONAL_COLUMNS",
    "SCHOOL_COLUMNS",
    "read_gias",
    "register_date",
]


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
    boundary: Boundary = "keep",
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
        (:data:`schoolnet.tables.schema.PHASES`), e.g. ``"primary"`` or ``"special"``.
    boundary : {"keep", "cut"}, default "keep"
        What selecting by ``la`` or ``phases`` does to the partnerships that
        cross the selection's border. ``"keep"``: the selected schools are the
        focus (``in_focus`` is true), and their partners outside it, the open
        schools that share a trust or federation with one of them, are kept
        too as boundary schools (``in_focus`` false), with their
        memberships, so that a school whose only partners are across the
        border is not reported isolated. The measures report the focus
        schools. ``"cut"``: only the selected schools are read, and every
        partnership stops at the border.

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
        phase is not one of :data:`schoolnet.tables.schema.PHASES`.
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
    if boundary not in ("keep", "cut"):
        raise ParameterError(f"boundary={boundary!r}: expected 'keep' or 'cut'")
    selection = Selection.of(la, phases)
    log = Log()
    est, link_file, group_file = _register_files(establishments, links, groups, selection, log)
    partners = None
    if selection.active and boundary == "keep":
        partners = boundary_rows(est, link_file, group_file, selection, open_only=open_only)
    schools = read_schools(est, selection, open_only=open_only, log=log, partners=partners)
    link_rows = read_links(link_file, schools, selection, log) if link_file is not None else None
    group_rows, memberships = _groups_and_memberships(schools, link_rows, group_file, selection, log)
    source = _describe(est.file, link_rows, group_file, open_only=open_only, selection=selection)
    tables = _assembled(est, schools, group_rows, memberships, source, log)
    return _finish(tables, log, schools.dtypes)


def _register_files(
    establishments: PathLike, links: PathLike | None, groups: PathLike | None, selection: Selection, log: Log
) -> tuple[RawTable, RawTable | None, RawTable | None]:
    """The register's files read as text, the establishments checked for the selection."""
    est = read_register_file(establishments, ESTABLISHMENTS)
    log.columns[est.file] = {column: gias for gias, column in SCHOOL_COLUMNS.items()}
    selection.check(est)
    link_file = None
    if links is not None:
        link_file = read_register_file(links, LINKS if groups is not None else LINKS_WITHOUT_GROUPS)
    group_file = read_register_file(groups, GROUPS) if groups is not None else None
    return est, link_file, group_file


def _groups_and_memberships(
    schools: Schools, link_rows: Links | None, group_file: RawTable | None, selection: Selection, log: Log
) -> tuple[Rows, Rows]:
    """The groups (from the groups file, or else from the links and the schools' own columns) and memberships."""
    own = school_memberships(schools, link_rows)
    if group_file is not None:
        group_rows = groups_from_file(group_file, link_rows, schools, selection, log)
    else:
        group_rows = groups_from_memberships(link_rows, own, log)
    log.raise_problems()
    own = check_own_groups(own, group_rows, log)
    return group_rows, membership_rows(link_rows, own, schools, log, typed_links=group_file is None)


def _assembled(est: RawTable, schools: Schools, group_rows: Rows, memberships: Rows, source: str, log: Log) -> Tables:
    """The tables checked and assembled, with any problem named in the register's own terms."""
    raw = {
        "schools": RawTable(schools.raw, est.file, schools.lines),
        "groups": RawTable(group_rows.frame, group_rows.file, group_rows.lines),
        "memberships": RawTable(memberships.frame, memberships.file, memberships.lines),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            tables = assemble(raw, source=source, set_aside=log.set_aside_frame())
        except SchemaError as err:
            raise SchemaError(log.in_register_terms(err.problems)) from None
    _warn_again(caught, log)
    return tables


def _warn_again(caught: list[warnings.WarningMessage], log: Log) -> None:
    """Issue the warnings of the check again, describing columns' values by their register columns, in one warning."""
    unread = {file: dict(columns) for file, columns in log.unread.items()}
    register_column = {schema: gias for gias, schema in SCHOOL_COLUMNS.items()}
    for record in caught:
        message = record.message
        if isinstance(message, KeptAsTextWarning) and isinstance(message.counts, pd.DataFrame):
            for (file, column), group in message.counts.groupby(["file", "column"], sort=False):
                register = register_column.get(str(column), str(column))
                unread.setdefault(str(file), {})[register] = pd.Series(np.repeat(group["value"], group["rows"]))
        else:
            warnings.warn(message, stacklevel=4)
    for file, columns in unread.items():
        warning = kept_as_text_warning(file, columns)
        if warning is not None:
            warnings.warn(warning, stacklevel=4)


# ---------------------------------------------------------------------------
# Finishing
# ---------------------------------------------------------------------------


def _describe(est: str, links: Links | None, groups: RawTable | None, *, open_only: bool, selection: Selection) -> str:
    files = [est] + ([links.file] if links is not None else []) + ([groups.file] if groups is not None else [])
    parts = [f"DfE register (GIAS): {', '.join(files)}"]
    if open_only:
        parts.append("open schools")
    parts.extend(selection.given)
    return "; ".join(parts)


def _finish(tables: Tables, log: Log, dtypes: Mapping[str, str]) -> Tables:
    """Give the extra columns their types back, and count the rows of each file."""
    schools = tables.schools.astype({c: t for c, t in dtypes.items() if c in tables.schools.columns})
    groups = tables.groups.astype({c: "str" for c in tables.groups.columns if c in (*GROUP_TEXT.values(), "source")})
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


_EXTRACT_NAME = "edubasealldata"


def register_date(tables: Tables) -> tuple[pd.Timestamp, str] | None:
    """The date a register extract describes, and where it came from; ``None`` for tables not from the register.

    The extract's date is in its file name, ``edubasealldataYYYYMMDD``; without it, the register's latest date
    up to today (a school's opening or closing, a member's joining) stands for it.

    Parameters
    ----------
    tables : Tables
        Tables from :func:`schoolnet.read_gias`, or any others.

    Returns
    -------
    tuple of pandas.Timestamp and str, or None
        The date, and a phrase saying where it came from.

    Examples
    --------
    >>> import schoolnet
    >>> tables = schoolnet.load_sample()
    >>> register_date(tables) is None
    True
    >>> from dataclasses import replace
    >>> register_date(replace(tables, source="DfE register (GIAS): edubasealldata20220706.csv.gz"))
    (Timestamp('2022-07-06 00:00:00'), "the register's extract date, from its file name edubasealldata20220706")
    """
    named = date_in_name(tables.source, after=_EXTRACT_NAME)
    if named is not None:
        return named, f"the register's extract date, from its file name {_EXTRACT_NAME}{named:%Y%m%d}"
    if not tables.source.startswith("DfE register"):
        return None
    today = pd.Timestamp.today().normalize()
    frames = (tables.schools, tables.groups, tables.memberships)
    dates = [f[c] for f in frames for c in f.columns if pd.api.types.is_datetime64_any_dtype(f[c])]
    found = [latest for latest in (d[d <= today].max() for d in dates) if pd.notna(latest)]
    if not found:
        return None
    return pd.Timestamp(max(found)).normalize(), "the latest date in the register, as its file name gives no date"
