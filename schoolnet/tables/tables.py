"""The :class:`Tables` container: schools, groups, memberships and support.

Tables are the source of truth in schoolnet. A network is a view of them,
built for a date by :func:`schoolnet.build_network`. A :class:`Tables` is
checked when it is made: each table against its schema
(:mod:`schoolnet.tables.schema`), then the tables against each other. Rows that name
a school or group that does not exist, duplicate rows and support from a school
to itself are set aside with a :class:`~schoolnet.errors.SetAsideWarning`, and
listed with the reason in :attr:`Tables.rejected`.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .._write import write_table
from ..errors import ParameterError, SchoolnetError
from ._checks import (
    COUNT_COLUMNS,
    REJECTED_COLUMNS,
    SetAside,
    check_leads,
    check_memberships,
    check_support,
    count_rows,
    drop_duplicates,
    empty_rejected,
    escape,
    finish,
    rejected_rows,
    warn_set_aside,
)
from .schema import DEFAULT_EXPANSION, TABLES, check_table, empty_table

__all__ = ["REJECTED_COLUMNS", "RawTable", "Tables", "assemble", "rejected_rows"]


TableName = Literal["schools", "groups", "memberships", "support"]
FileFormat = Literal["csv", "xlsx", "parquet"]


@dataclass(frozen=True)
class RawTable:
    """A table as read from a file, before it is checked.

    Attributes
    ----------
    frame : pandas.DataFrame
        The rows as read.
    file : str
        The file's name, for messages.
    lines : numpy.ndarray
        The line of each row in the file.
    """

    frame: pd.DataFrame
    file: str
    lines: np.ndarray

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, name: str) -> RawTable:
        """Wrap a data frame made in memory; its rows are numbered from 2, as in a file."""
        frame = frame.reset_index() if _index_is_data(frame, name) else frame.reset_index(drop=True)
        return cls(frame, f"{name} table", np.arange(len(frame)) + 2)


def _index_is_data(frame: pd.DataFrame, name: str) -> bool:
    index = TABLES[name].index
    return index is not None and frame.index.name == index and index not in frame.columns


@dataclass(frozen=True, eq=False)
class Tables:
    """The four tables of a school partnership network.

    Make one with :func:`schoolnet.read_tables`, :func:`schoolnet.read_gias`,
    :func:`schoolnet.load_sample` or :meth:`Tables.from_frames`; each checks
    the tables on the way in.

    Attributes
    ----------
    schools : pandas.DataFrame
        One row per school, indexed by ``urn``.
    groups : pandas.DataFrame
        One row per partnership, indexed by ``group_id``.
    memberships : pandas.DataFrame
        One row per school in a group.
    support : pandas.DataFrame
        One row per directed support link between two schools.
    rejected : pandas.DataFrame
        The rows set aside while loading, with columns ``table``, ``file``,
        ``line``, ``record`` and ``reason``.
    counts : pandas.DataFrame
        For each table and file: rows ``read``, ``kept`` and ``rejected``.
        ``read == kept + rejected`` on every row.
    source : str
        Where the tables came from.

    Examples
    --------
    >>> import schoolnet
    >>> tables = schoolnet.load_sample()
    >>> tables.schools.index.name
    'urn'
    >>> bool((tables.counts["read"] == tables.counts["kept"] + tables.counts["rejected"]).all())
    True
    """

    schools: pd.DataFrame
    groups: pd.DataFrame
    memberships: pd.DataFrame
    support: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=empty_rejected)
    counts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COUNT_COLUMNS)))
    source: str = "in memory"

    @classmethod
    def from_frames(
        cls,
        schools: pd.DataFrame,
        groups: pd.DataFrame | None = None,
        memberships: pd.DataFrame | None = None,
        support: pd.DataFrame | None = None,
        *,
        source: str = "in memory",
    ) -> Tables:
        """Check data frames made in memory and make :class:`Tables` of them.

        Parameters
        ----------
        schools : pandas.DataFrame
            The schools, with a ``urn`` column or index.
        groups, memberships, support : pandas.DataFrame, optional
            The other tables; missing ones are empty.
        source : str, default "in memory"
            Where the data came from, recorded as provenance.

        Returns
        -------
        Tables

        Raises
        ------
        SchemaError
            If a table does not follow its schema.

        Examples
        --------
        >>> import pandas as pd
        >>> schools = pd.DataFrame({"urn": [1, 2], "name": ["Alder", "Birch"]})
        >>> groups = pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"]})
        >>> members = pd.DataFrame({"group_id": ["C1", "C1"], "urn": [1, 2]})
        >>> Tables.from_frames(schools, groups, members).memberships["urn"].tolist()
        [1, 2]
        """
        frames = {"schools": schools, "groups": groups, "memberships": memberships, "support": support}
        raw = {name: RawTable.from_frame(frame, name) for name, frame in frames.items() if frame is not None}
        return assemble(raw, source=source)

    # -- views ---------------------------------------------------------------

    def summary(self) -> pd.DataFrame:
        """Count the rows of each table, and those set aside.

        Returns
        -------
        pandas.DataFrame
            One row per table with ``rows`` kept and ``rejected``.

        Examples
        --------
        >>> import schoolnet
        >>> schoolnet.load_sample().summary().loc["schools", "rows"] > 300
        np.True_
        """
        rejected = self.rejected["table"].value_counts()
        return pd.DataFrame(
            {
                "rows": [len(getattr(self, name)) for name in TABLES],
                "rejected": [int(rejected.get(name, 0)) for name in TABLES],
            },
            index=pd.Index(list(TABLES), name="table"),
        )

    def __repr__(self) -> str:
        parts = ", ".join(f"{n}={len(getattr(self, n))}" for n in TABLES)
        return f"Tables({parts}, rejected={len(self.rejected)}, source={self.source!r})"

    def _repr_html_(self) -> str:
        head = f"<p><b>schoolnet.Tables</b> from {escape(self.source)}</p>"
        return head + self.summary().to_html()

    # -- selection -------------------------------------------------------------

    def select(
        self,
        *,
        la: str | Iterable[str] | None = None,
        district: str | Iterable[str] | None = None,
        phases: str | Iterable[str] | None = None,
        urns: Iterable[int] | None = None,
        boundary: Literal["keep", "cut"] = "keep",
    ) -> Tables:
        """Select some schools as the focus, with their partners across the border.

        The schools that match every criterion given are the focus
        (``in_focus`` is true). With ``boundary="keep"``, the schools outside
        the selection that share a group with a focus school (in a way that
        makes a tie: any member of a clique, the lead of a star, every member
        of a star whose lead is in focus), or a support link, are kept as
        boundary schools (``in_focus`` false), with those memberships and
        links, so that a partnership across the border still counts. The
        measures report the focus schools. With ``boundary="cut"``, only the
        focus schools are kept, with the memberships and support among them.
        Groups keep the members that are kept; a group left with no member is
        dropped. ``rejected`` and ``counts`` describe the loading and are kept
        as they are.

        Parameters
        ----------
        la, district, phases : str or iterable of str, optional
            Keep schools whose ``la``, ``district`` or ``phase`` is one of these.
        urns : iterable of int, optional
            Keep these schools.
        boundary : {"keep", "cut"}, default "keep"
            Whether the partners of the focus schools across the border are kept.

        Returns
        -------
        Tables
            A new object; this one is not changed.

        Raises
        ------
        ParameterError
            If a value given names no school, with the closest value that
            does; or if no school matches every criterion.

        Examples
        --------
        >>> import schoolnet
        >>> tables = schoolnet.load_sample()
        >>> try:
        ...     tables.select(district="Fellsid")
        ... except schoolnet.ParameterError as err:
        ...     print(str(err).split(": ", 1)[1])
        no school has that district; did you mean 'Fellside'?
        >>> secondary = tables.select(phases="secondary", boundary="cut")
        >>> set(secondary.schools["phase"])
        {'secondary'}
        >>> with_partners = tables.select(phases="secondary")
        >>> set(with_partners.schools.loc[with_partners.schools["in_focus"], "phase"])
        {'secondary'}
        """
        if boundary not in ("keep", "cut"):
            raise ParameterError(f"boundary={boundary!r}: expected 'keep' or 'cut'")
        keep = pd.Series(True, index=self.schools.index)
        given = []
        for column, wanted in (("la", la), ("district", district), ("phase", phases)):
            if wanted is not None:
                values = {wanted} if isinstance(wanted, str) else set(wanted)
                _check_known(column, values, self.schools[column])
                keep &= self.schools[column].isin(values)
                given.append(f"{'phases' if column == 'phase' else column}={wanted!r}")
        if urns is not None:
            keep &= self.schools.index.isin(list(urns))
            given.append("urns=...")
        focus = self.schools.index[keep.to_numpy()]
        if not len(focus) and given:
            raise ParameterError(f"no school is left after selecting {', '.join(given)}: no school matches them all")
        if boundary == "cut":
            schools = self.schools.loc[focus].drop(columns="in_focus", errors="ignore")
            memberships = self.memberships[self.memberships["urn"].isin(focus)]
            support = self.support[
                self.support["supporter_urn"].isin(focus) & self.support["supported_urn"].isin(focus)
            ]
        else:
            memberships, support = self._across(focus)
            kept = focus.union(pd.Index(memberships["urn"])).union(pd.Index(support["supporter_urn"]))
            kept = kept.union(pd.Index(support["supported_urn"]))
            schools = self.schools.loc[self.schools.index.isin(kept)].assign(
                in_focus=lambda frame: frame.index.isin(focus)
            )
        memberships = memberships.reset_index(drop=True)
        lead = self.groups["lead_urn"]
        groups = self.groups[self.groups.index.isin(memberships["group_id"]) | lead.isin(schools.index).to_numpy()]
        return replace(
            self, schools=schools, groups=groups, memberships=memberships, support=support.reset_index(drop=True)
        )

    def _across(self, focus: pd.Index) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The memberships and support links that tie a focus school to another school, and the focus's own."""
        members = self.memberships.merge(
            self.groups[["kind", "lead_urn"]], left_on="group_id", right_index=True, how="left"
        )
        expansion = members["kind"].map(lambda k: DEFAULT_EXPANSION.get(str(k), "none"))
        is_focus = members["urn"].isin(focus)
        is_lead = (members["role"] == "lead") | (members["urn"] == members["lead_urn"])
        clique_groups = set(members.loc[is_focus & (expansion == "clique"), "group_id"])
        led_from_focus = set(members.loc[is_focus & is_lead & (expansion == "star"), "group_id"])
        star_of_focus = set(members.loc[is_focus & (expansion == "star"), "group_id"])
        partner = (
            members["group_id"].isin(clique_groups)
            | members["group_id"].isin(led_from_focus)
            | (members["group_id"].isin(star_of_focus) & is_lead)
        )
        memberships = self.memberships[(is_focus | partner).to_numpy()]
        support = self.support[self.support["supporter_urn"].isin(focus) | self.support["supported_urn"].isin(focus)]
        return memberships, support

    def combine(self, other: Tables | Mapping[str, pd.DataFrame], *, source: str = "your tables") -> Tables:
        """Add another set of tables, such as an analyst's clusters, to these, such as the register's.

        These tables are the base: their schools are the schools. From
        ``other`` come its groups, memberships and support links, each
        checked against the base: a row that names a school not in the base,
        a duplicate, or a membership or link the base already holds is set
        aside with the reason, so that for every file of ``other`` rows read =
        rows kept + rows set aside, as in ``counts``. A group whose
        ``group_id`` the base already has is the base's group if every value
        it gives agrees with the base's (blanks agree with anything): it is
        counted as kept, the base's row standing for it, and its new members
        are added. If a value differs, the group is set aside with the values
        that differ, and its memberships with it. ``other``'s own schools are
        only checked: one the base does not have is set aside (it may be
        misspelt, closed, or of another area), and the others are counted as
        kept, the base's row standing for them. A row of ``other`` is named by
        its place in its table (line 2 is the first row, as in a file with a
        header line). Columns of the base's ``counts`` beyond ``read``,
        ``kept`` and ``rejected``, such as ``not_selected``, are 0 for
        ``other``'s files.

        Parameters
        ----------
        other : Tables or mapping of str to pandas.DataFrame
            The tables to add. Data frames by table name (``"groups"``,
            ``"memberships"``, ``"support"``, and optionally ``"schools"``),
            such as memberships made from :func:`schoolnet.match_schools`, are
            checked against these tables' schools: the usual way for an
            analyst's spreadsheet, which has no schools table of its own.
            :class:`Tables` (from :func:`schoolnet.read_tables`) were already
            checked against their own schools when they were made, so their
            memberships of schools they did not list are already set aside.
        source : str, default "your tables"
            What the data frames are, for ``counts``, ``rejected`` and
            messages; :class:`Tables` carry their own.

        Returns
        -------
        Tables
            New tables; neither input is changed.

        Warns
        -----
        SetAsideWarning
            If any row of ``other`` was set aside.

        Examples
        --------
        >>> import pandas as pd, schoolnet, warnings
        >>> register = schoolnet.Tables.from_frames(pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"]}))
        >>> clusters = {
        ...     "groups": pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"]}),
        ...     "memberships": pd.DataFrame({"group_id": ["C1", "C1", "C1"], "urn": [1, 2, 9]}),
        ... }
        >>> with warnings.catch_warnings(record=True):
        ...     both = register.combine(clusters, source="our clusters")
        >>> both.memberships["urn"].tolist(), both.rejected["reason"].tolist()
        ([1, 2], ['urn 9 is not in the schools table'])
        """
        given = other if isinstance(other, Tables) else _unchecked(other, source)
        return _combine(self, given)

    # -- writing -------------------------------------------------------------

    def to_folder(self, path: str | Path, *, format: FileFormat = "csv") -> Path:
        """Write the four tables to a folder, one file each.

        The files are named ``schools``, ``groups``, ``memberships`` and
        ``support`` with the format's extension, and can be read back with
        :func:`schoolnet.read_tables`. Dates are written as ``YYYY-MM-DD``.

        Parameters
        ----------
        path : str or pathlib.Path
            The folder; it is made if it does not exist.
        format : {"csv", "xlsx", "parquet"}, default "csv"
            The file format. ``xlsx`` needs openpyxl and ``parquet`` needs
            pyarrow (the ``excel`` and ``parquet`` extras).

        Returns
        -------
        pathlib.Path
            The folder.

        Examples
        --------
        >>> import schoolnet, tempfile
        >>> folder = schoolnet.load_sample().to_folder(tempfile.mkdtemp())
        >>> sorted(p.name for p in folder.iterdir())
        ['groups.csv', 'memberships.csv', 'schools.csv', 'support.csv']
        """
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            write_table(self.table(name), folder / f"{name}.{format}")
        return folder

    def table(self, name: str) -> pd.DataFrame:
        """Return one table as written to a file: its key as a column, in schema order.

        Parameters
        ----------
        name : str
            ``"schools"``, ``"groups"``, ``"memberships"`` or ``"support"``.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import schoolnet
        >>> list(schoolnet.load_sample().table("groups").columns[:3])
        ['group_id', 'kind', 'name']
        """
        if name not in TABLES:
            raise SchoolnetError(f"no table named {name!r}; expected one of {', '.join(TABLES)}")
        frame: pd.DataFrame = getattr(self, name)
        spec = TABLES[name]
        if spec.index is not None:
            frame = frame.reset_index()
        ordered = [c for c in spec.names if c in frame.columns]
        return frame[ordered + [c for c in frame.columns if c not in ordered]]


def assemble(
    raw: Mapping[str, RawTable],
    *,
    source: str,
    set_aside: pd.DataFrame | None = None,
    counts_read: Mapping[str, int] | None = None,
) -> Tables:
    """Check raw tables, each on its own and against each other, and make :class:`Tables`.

    This is the one place where tables are checked, whatever they were read
    from. Loaders call it with the rows they read.

    Parameters
    ----------
    raw : mapping of str to RawTable
        The tables as read; ``schools`` is required, the rest may be missing.
    source : str
        Where the tables came from.
    set_aside : pandas.DataFrame, optional
        Rows a loader has already set aside (with the columns of
        :data:`REJECTED_COLUMNS`), to list with the rest.
    counts_read : mapping of str to int, optional
        For loaders that set rows aside before calling this: the rows read
        from each file, keyed by file name. Defaults to the rows passed in.

    Returns
    -------
    Tables

    Raises
    ------
    SchemaError
        If a table does not follow its schema.
    SchoolnetError
        If there is no schools table.

    Warns
    -----
    SetAsideWarning
        If any row was set aside.
    """
    if "schools" not in raw:
        raise SchoolnetError(f"{source}: a schools table is required, and none was found")
    checked: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    for name in TABLES:
        if name in raw:
            table = raw[name]
            frame = check_table(name, table.frame, file=table.file, lines=table.lines).reset_index()
            frame["_line"] = np.asarray(table.lines, dtype="int64")
            files[name] = table.file
        else:
            frame = _no_rows(name).copy()
            files[name] = f"{name} (none)"
        checked[name] = frame
    aside = SetAside()
    schools = drop_duplicates("schools", checked["schools"], files["schools"], aside)
    urns = pd.Index(schools["urn"])
    groups = drop_duplicates("groups", checked["groups"], files["groups"], aside)
    groups = check_leads(groups, urns, files["groups"], aside)
    memberships = check_memberships(checked["memberships"], groups, urns, files["memberships"], aside)
    support = check_support(checked["support"], urns, files["support"], aside)

    rejected = aside.frame()
    if set_aside is not None and len(set_aside):
        rejected = pd.concat([set_aside[list(REJECTED_COLUMNS)], rejected], ignore_index=True)
    kept = {"schools": schools, "groups": groups, "memberships": memberships, "support": support}
    counts = count_rows(kept, files, rejected, counts_read or {})
    if len(rejected):
        warn_set_aside(rejected, source)
    final = {name: finish(name, frame) for name, frame in kept.items()}
    return Tables(**final, rejected=rejected, counts=counts, source=source)


@functools.cache
def _no_rows(name: str) -> pd.DataFrame:
    """A table that was not given, checked once: copy it before changing it."""
    frame = check_table(name, pd.DataFrame({c: [] for c in TABLES[name].required})).reset_index()
    frame["_line"] = pd.Series([], dtype="int64")
    return frame


def _file_of(tables: Tables, name: str) -> str:
    files = tables.counts.loc[tables.counts["table"] == name, "file"] if len(tables.counts) else pd.Series([])
    return str(files.iloc[0]) if len(files) else f"{name} ({tables.source})"


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index() if frame.index.name is not None else frame.reset_index(drop=True)
    out["_line"] = np.arange(len(out), dtype="int64") + 2
    return out


def _unchecked(frames: Mapping[str, pd.DataFrame], source: str) -> Tables:
    """Data frames by table name, each checked against its schema but not yet against any schools."""
    unknown = [name for name in frames if name not in TABLES]
    if unknown:
        raise ParameterError(f"other: {unknown[0]!r} is not a table; expected some of {', '.join(TABLES)}")
    tables: dict[str, pd.DataFrame] = {}
    rows = []
    for name in TABLES:
        if name in frames:
            frame = frames[name]
            raw = frame.reset_index() if _index_is_data(frame, name) else frame
            tables[name] = check_table(name, raw, file=f"{name} ({source})")
            rows.append((name, f"{name} ({source})", len(raw), len(raw), 0))
        else:
            tables[name] = empty_table(name)
    counts = pd.DataFrame(rows, columns=list(COUNT_COLUMNS))
    return Tables(**tables, counts=counts, source=source)


def _combine(base: Tables, other: Tables) -> Tables:
    """The work of :meth:`Tables.combine`."""
    aside = SetAside()
    urns = pd.Index(base.schools.index)
    where = f"the schools of {base.source}"
    files = {name: _file_of(other, name) for name in TABLES}

    schools = _numbered(other.schools)
    missing = ~schools["urn"].isin(urns).to_numpy()
    aside.add(
        "schools", files["schools"], schools, missing, "urn " + schools["urn"].astype(str) + f" is not in {where}"
    )

    groups = drop_duplicates("groups", _numbered(other.groups), files["groups"], aside)
    known = groups["group_id"].isin(base.groups.index).to_numpy()
    differences = _differences(groups, base.groups)
    clash = known & (differences != "").to_numpy()
    aside.add(
        "groups",
        files["groups"],
        groups,
        clash,
        "group_id " + groups["group_id"].astype(str) + f" is already in {_where(base.source)}, with " + differences,
    )
    clashing = set(groups.loc[clash, "group_id"])
    groups = check_leads(groups[~known], urns, files["groups"], aside)
    all_groups = pd.concat([base.groups.reset_index(), groups.drop(columns="_line")], ignore_index=True)
    all_groups = all_groups[~all_groups["group_id"].isin(clashing)]

    memberships = check_memberships(_numbered(other.memberships), all_groups, urns, files["memberships"], aside)
    memberships = _set_aside_known(
        "memberships", memberships, base.memberships, files["memberships"], aside, base.source
    )
    support = check_support(_numbered(other.support), urns, files["support"], aside)
    support = _set_aside_known("support", support, base.support, files["support"], aside, base.source)

    new = aside.frame()
    rejected = pd.concat([base.rejected, other.rejected, new], ignore_index=True)[list(REJECTED_COLUMNS)]
    counts = other.counts.copy()
    by_file = new.groupby(["table", "file"]).size() if len(new) else pd.Series(dtype="int64")
    for (table, file), n in zip(by_file.index.tolist(), by_file.tolist(), strict=True):
        row = (counts["table"] == table) & (counts["file"] == file)
        if row.any():
            counts.loc[row, "kept"] = counts.loc[row, "kept"].astype("int64") - int(n)
            counts.loc[row, "rejected"] = counts.loc[row, "rejected"].astype("int64") + int(n)
        else:
            extra = pd.DataFrame([(table, file, int(n), 0, int(n))], columns=list(COUNT_COLUMNS))
            counts = pd.concat([counts, extra], ignore_index=True)
    counts = pd.concat([base.counts, counts], ignore_index=True)
    for column in base.counts.columns.difference(list(COUNT_COLUMNS)):
        if pd.api.types.is_numeric_dtype(base.counts[column]):  # such as read_gias's not_selected: none of other's
            counts[column] = counts[column].fillna(0).astype(base.counts[column].dtype)
    if len(new):
        warn_set_aside(new, f"{other.source}, added to {base.source}")
    return Tables(
        schools=base.schools,
        groups=pd.concat([base.groups, finish("groups", groups)]),
        memberships=pd.concat([base.memberships, finish("memberships", memberships)], ignore_index=True),
        support=pd.concat([base.support, finish("support", support)], ignore_index=True),
        rejected=rejected,
        counts=counts,
        source=f"{base.source}; with {other.source}",
    )


def _differences(groups: pd.DataFrame, base: pd.DataFrame) -> pd.Series:
    """For each group, the values it gives that differ from the base's group of that id ("" if none or no such group).

    A blank value agrees with anything: a cluster list that names a trust by its
    ``group_id`` and ``kind`` only means the trust the base has.
    """
    held = groups["group_id"].isin(base.index).to_numpy()
    if not held.any():
        return pd.Series("", index=groups.index, dtype="object")
    mine = groups[held]
    theirs = base.loc[mine["group_id"]].set_axis(mine.index)
    parts = []
    for column in (c for c in TABLES["groups"].names if c != "group_id" and c in mine and c in theirs):
        given, held_value = mine[column], theirs[column]
        differs = given.notna() & (held_value.isna() | (given.astype(str) != held_value.astype(str)))
        shown = held_value.astype(str).where(held_value.notna(), "(blank)")
        parts.append((column + " " + shown + ", not " + given.astype(str)).where(differs, ""))
    joined = pd.concat(parts, axis=1).apply(lambda row: "; ".join(p for p in row if p), axis=1)
    return joined.reindex(groups.index, fill_value="").astype("object")


def _set_aside_known(
    name: str, frame: pd.DataFrame, base: pd.DataFrame, file: str, aside: SetAside, source: str
) -> pd.DataFrame:
    """Set aside the rows of ``frame`` whose key the base table already holds."""
    key = list(TABLES[name].key)
    held = pd.MultiIndex.from_frame(base.reset_index(drop=base.index.name is None)[key].astype(str))
    known = pd.MultiIndex.from_frame(frame[key].astype(str)).isin(held)
    aside.add(name, file, frame, known, f"already in {source}")
    return frame[~known]


def _check_known(column: str, values: Collection[object], found: pd.Series) -> None:
    """Refuse a value of ``column`` that no school has, naming the closest one that some school has."""
    known = [str(v) for v in pd.unique(found.dropna())]
    for value in sorted(set(values) - set(found.dropna()), key=str):
        close = difflib.get_close_matches(str(value), known, n=1, cutoff=0.6)
        if not close:  # letter case and spacing differ more than spelling does
            folded = {k.casefold().strip(): k for k in known}
            close = [folded[str(value).casefold().strip()]] if str(value).casefold().strip() in folded else []
        hint = f"; did you mean {close[0]!r}?" if close else f"; no school records any {column}" if not known else ""
        argument = "phases" if column == "phase" else column
        raise ParameterError(
            f"no school is left after selecting {argument}={value!r}: no school has that {column}{hint}"
        )


def _where(source: str) -> str:
    """A source as the place of a row: "the register", or "the tables made in memory" for the default source."""
    return f"the tables made {source}" if source.startswith("in ") else source
