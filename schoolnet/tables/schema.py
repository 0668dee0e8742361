"""The table schemas of schoolnet, and checking a table.

schoolnet keeps its data in four tables (see :class:`schoolnet.Tables`):

``schools``
    One row per school, indexed by ``urn``.
``groups``
    One row per partnership (cluster, alliance, hub, trust, federation, ...),
    indexed by ``group_id``.
``memberships``
    One row per school in a group.
``support``
    One row per directed support link from one school to another.

This module says what each column holds (:data:`TABLES`), what values the
categorical columns may take, and checks a raw table against its schema with
:func:`check_table`. Checking is done in one pass over the whole table, so a
:class:`~schoolnet.errors.SchemaError` lists every problem at once. The
vocabularies themselves live in :mod:`schoolnet.tables.vocabulary`; every name there
is re-exported here.

Examples
--------
>>> import pandas as pd
>>> raw = pd.DataFrame({"urn": ["100001"], "name": ["Alder Primary"], "ofsted": ["Good"]})
>>> check_table("schools", raw).loc[100001, "ofsted"]
'good'
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

import numpy as np
import pandas as pd

from .._text import INT, OBJECT, TEXT, per_distinct
from ..errors import KeptAsTextWarning, Problem, SchemaError
from .vocabulary import (
    DEFAULT_EXPANSION,
    DEFAULT_TIE_STRENGTH,
    DESIGNATIONS,
    EDGE_KINDS,
    EXPANSIONS,
    GROUP_KINDS,
    IN_NEED_OFSTED,
    OFSTED,
    OFSTED_CONCERNS,
    OFSTED_GRADE,
    PHASES,
    REPORT_CARD_GRADES,
    REPORT_CARD_WORDS,
    ROLES,
    STRONG_OFSTED,
    SUPPORT,
    SYNONYMS,
    SYSTEM_LEADER_DESIGNATIONS,
    designation_sets,
    holds_any,
    is_urban,
    normalise_category,
    read_designations,
)

__all__ = [
    "DEFAULT_EXPANSION",
    "DEFAULT_TIE_STRENGTH",
    "DESIGNATIONS",
    "EDGE_KINDS",
    "EXPANSIONS",
    "GROUP_KINDS",
    "IN_NEED_OFSTED",
    "OFSTED",
    "OFSTED_CONCERNS",
    "OFSTED_GRADE",
    "PHASES",
    "REPORT_CARD_GRADES",
    "REPORT_CARD_WORDS",
    "ROLES",
    "STRONG_OFSTED",
    "SUPPORT",
    "SYNONYMS",
    "SYSTEM_LEADER_DESIGNATIONS",
    "TABLES",
    "ColumnSpec",
    "TableSpec",
    "check_table",
    "designation_sets",
    "empty_table",
    "holds_any",
    "is_urban",
    "kept_as_text_warning",
    "normalise_category",
    "read_designations",
]

# ---------------------------------------------------------------------------
# Table schemas
# ---------------------------------------------------------------------------

ColumnType = Literal["int", "float", "str", "date", "category", "designations"]


@dataclass(frozen=True)
class ColumnSpec:
    """What one column of a table holds.

    Attributes
    ----------
    name : str
        The column name, exactly as in the file.
    type : {"int", "float", "str", "date", "category", "designations"}
        How the value is read. ``date`` is ISO ``YYYY-MM-DD``;
        ``designations`` is a list separated by ``;``.
    description : str
        What the column means, for the documentation and error messages.
    required : bool
        Whether the column must be in the file.
    nullable : bool
        Whether a value may be blank.
    vocabulary : tuple of str
        For ``category`` and ``designations`` columns, the values allowed.
    minimum, maximum : float or None
        The range allowed for numeric columns.
    default : object
        The value that stands for a blank cell, or for a missing column.
    describes : bool
        Whether the column only describes the row. A value of such a column
        that cannot be read, or is outside its vocabulary or range, does not
        stop the load: it is kept as read in a column ``<name>_raw``, the
        column itself is blank (or ``default``) there, and one
        :class:`~schoolnet.errors.KeptAsTextWarning` counts such values.
    known_text : tuple of str
        Values of a describing column that are known but outside its
        vocabulary, such as Ofsted's report-card grades in ``ofsted``: kept in
        ``<name>_raw`` like the others, without a warning.
    """

    name: str
    type: ColumnType
    description: str
    required: bool = False
    nullable: bool = True
    vocabulary: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    default: object = None
    describes: bool = False
    known_text: tuple[str, ...] = ()

    def expected(self) -> str:
        """Describe the values this column accepts, as an error message would."""
        if self.type == "int":
            text = "a whole number"
        elif self.type == "float":
            text = "a number"
        elif self.type == "date":
            text = "a date written YYYY-MM-DD"
        elif self.type in ("category", "designations"):
            values = ", ".join(repr(v) for v in self.vocabulary if v)
            text = f"one of {values}"
            if self.type == "designations":
                text = f"a list separated by ';' of {values}"
        else:
            text = "text"
        if self.minimum is not None and self.maximum is not None:
            text += f" from {self.minimum:g} to {self.maximum:g}"
        elif self.minimum is not None:
            text += f" of at least {self.minimum:g}"
        return f"{text} ({self.description})"


@dataclass(frozen=True)
class TableSpec:
    """The schema of one table.

    Attributes
    ----------
    name : str
        The table's name, which is also its file name without extension.
    columns : tuple of ColumnSpec
        The columns, in the order they are written.
    index : str or None
        The column that becomes the index (``urn`` for schools, ``group_id``
        for groups); ``None`` for a plain range index.
    key : tuple of str
        The columns that identify a row: a second row with the same key is a
        duplicate, and is set aside.
    """

    name: str
    columns: tuple[ColumnSpec, ...]
    index: str | None
    key: tuple[str, ...]
    description: str = ""
    _by_name: dict[str, ColumnSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    def __getitem__(self, name: str) -> ColumnSpec:
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        """The columns that every file of this table must have."""
        return tuple(c.name for c in self.columns if c.required)


_URN = "the school's unique reference number in the DfE register"

SCHOOLS = TableSpec(
    "schools",
    (
        ColumnSpec("urn", "int", _URN, required=True, nullable=False, minimum=1),
        ColumnSpec("name", "str", "the school's name", required=True, nullable=False),
        ColumnSpec("phase", "category", "phase of education", vocabulary=PHASES, describes=True),
        ColumnSpec("type", "str", "type of establishment, e.g. 'Academy converter'"),
        ColumnSpec("la", "str", "local authority"),
        ColumnSpec("district", "str", "district or other area within the local authority"),
        ColumnSpec(
            "easting", "float", "British National Grid easting in metres", minimum=0, maximum=700_000, describes=True
        ),
        ColumnSpec(
            "northing",
            "float",
            "British National Grid northing in metres",
            minimum=0,
            maximum=1_300_000,
            describes=True,
        ),
        ColumnSpec(
            "ofsted",
            "category",
            "last Ofsted overall effectiveness grade",
            vocabulary=OFSTED,
            default="none",
            describes=True,
            known_text=REPORT_CARD_GRADES,
        ),
        ColumnSpec("pupils", "int", "number of pupils on roll", minimum=0, describes=True),
        ColumnSpec(
            "fsm_pct",
            "float",
            "percentage of pupils eligible for free school meals",
            minimum=0,
            maximum=100,
            describes=True,
        ),
        ColumnSpec("urban_rural", "str", "urban/rural classification, e.g. 'Rural village'"),
        ColumnSpec("religious_character", "str", "religious character, e.g. 'Church of England'"),
        ColumnSpec(
            "designations",
            "designations",
            "system-leader designations",
            vocabulary=DESIGNATIONS,
            default="",
            describes=True,
        ),
    ),
    index="urn",
    key=("urn",),
    description="one row per school",
)

GROUPS = TableSpec(
    "groups",
    (
        ColumnSpec("group_id", "str", "the group's identifier", required=True, nullable=False),
        ColumnSpec("kind", "category", "kind of partnership", required=True, nullable=False, vocabulary=GROUP_KINDS),
        ColumnSpec("name", "str", "the group's name"),
        ColumnSpec("lead_urn", "int", "URN of the lead school, for alliances and hubs", minimum=1),
        ColumnSpec("opened", "date", "date the group opened; blank if not known"),
        ColumnSpec("closed", "date", "date the group closed; blank if still open"),
    ),
    index="group_id",
    key=("group_id",),
    description="one row per partnership",
)

MEMBERSHIPS = TableSpec(
    "memberships",
    (
        ColumnSpec("group_id", "str", "the group, as in groups.group_id", required=True, nullable=False),
        ColumnSpec("urn", "int", _URN, required=True, nullable=False, minimum=1),
        ColumnSpec("joined", "date", "date the school joined; blank if not known"),
        ColumnSpec("left", "date", "date the school left; blank if still a member"),
        ColumnSpec("role", "category", "the school's role in the group", vocabulary=ROLES, default="member"),
    ),
    index=None,
    key=("group_id", "urn", "joined"),
    description="one row per school in a group",
)

SUPPORT_TABLE = TableSpec(
    "support",
    (
        ColumnSpec("support_id", "str", "identifier of the support link; made from the row when blank"),
        ColumnSpec(
            "supporter_urn", "int", "URN of the school giving support", required=True, nullable=False, minimum=1
        ),
        ColumnSpec(
            "supported_urn", "int", "URN of the school receiving support", required=True, nullable=False, minimum=1
        ),
        ColumnSpec("kind", "str", "kind of support, e.g. brokered, nle, lle, progress_board", default="brokered"),
        ColumnSpec("start", "date", "date support started; blank if not known"),
        ColumnSpec("end", "date", "date support ended; blank if still under way"),
        ColumnSpec("focus", "str", "what the support is for, e.g. leadership, maths"),
    ),
    index=None,
    key=("supporter_urn", "supported_urn", "kind", "start"),
    description="one row per directed support link",
)

#: The four tables, in the order they are read.
TABLES: Final[Mapping[str, TableSpec]] = MappingProxyType(
    {spec.name: spec for spec in (SCHOOLS, GROUPS, MEMBERSHIPS, SUPPORT_TABLE)}
)

#: Pairs of date columns where the second must not be before the first.
DATE_ORDER: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {"groups": ("opened", "closed"), "memberships": ("joined", "left"), "support": ("start", "end")}
)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00)?)?$")

# ---------------------------------------------------------------------------
# Checking a table
# ---------------------------------------------------------------------------


def empty_table(name: str) -> pd.DataFrame:
    """Return an empty, correctly typed table.

    Parameters
    ----------
    name : str
        One of ``"schools"``, ``"groups"``, ``"memberships"``, ``"support"``.

    Returns
    -------
    pandas.DataFrame
        A table with no rows and the schema's columns.

    Examples
    --------
    >>> list(empty_table("memberships").columns)
    ['group_id', 'urn', 'joined', 'left', 'role']
    """
    raw = pd.DataFrame({c: pd.Series([], dtype=OBJECT) for c in TABLES[name].names})
    return check_table(name, raw)


def check_table(
    name: str,
    raw: pd.DataFrame,
    *,
    file: str | None = None,
    lines: Sequence[int] | np.ndarray | None = None,
) -> pd.DataFrame:
    """Check a raw table against its schema and return it typed and normalised.

    Every column is checked in one pass, and every problem found is reported
    together. Columns that the schema does not know are kept unchanged.
    Optional columns that are missing are added, filled with their default.

    Parameters
    ----------
    name : str
        The table: ``"schools"``, ``"groups"``, ``"memberships"`` or ``"support"``.
    raw : pandas.DataFrame
        The table as read, with one column per column of the file.
    file : str, optional
        The file name to give in error messages; defaults to the table's name.
    lines : sequence of int, optional
        The line in the file of each row, for error messages. Defaults to the
        row's position plus 2, as in a CSV file with a header on line 1.

    Returns
    -------
    pandas.DataFrame
        The checked table. ``schools`` is indexed by ``urn`` and ``groups`` by
        ``group_id``; the duplicates of those keys are *not* removed here
        (see :class:`schoolnet.Tables`).

    Raises
    ------
    SchemaError
        If a required column is missing, or a value cannot be read as its
        column's type, is outside its vocabulary or range, or is blank where a
        value is required.

    Examples
    --------
    >>> raw = pd.DataFrame({"urn": ["1", "x"], "name": ["A", ""]})
    >>> check_table("schools", raw, file="schools.csv")
    Traceback (most recent call last):
    ...
    schoolnet.errors.SchemaError: 2 problems in schools.csv:
      schools.csv, line 3, column 'urn': value 'x'; expected a whole number of at least 1 (the school's ...)
      schools.csv, line 3, column 'name': expected a value: this column may not be blank (the school's name)
    """
    spec = TABLES[name]
    file = file or name
    line_numbers = np.arange(len(raw)) + 2 if lines is None else np.asarray(lines)
    problems: list[Problem] = []

    missing = [c for c in spec.required if c not in raw.columns]
    for column_name in missing:
        problems.append(Problem(file, 1, column_name, None, _missing_column_hint(column_name, spec, raw.columns)))
    # A known column written another way ("Easting" for "easting") would be kept as an extra column without a word,
    # and whatever needs it would silently find nothing: it is named, as a missing required column is.
    for found in raw.columns:
        meant = _spelt_as(str(found))
        if meant != found and meant in spec.names and meant not in raw.columns and meant not in missing:
            problems.append(Problem(file, 1, str(found), None, _missing_column_hint(meant, spec, raw.columns)))
    if problems:
        raise SchemaError(problems)

    columns: dict[str, pd.Series] = {}
    kept_as_text: dict[str, pd.Series] = {}
    unread: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name in raw.columns:
            source = pd.Series(raw[column.name]).reset_index(drop=True)
            values, bad = _parse(column, source)
        else:
            source = pd.Series([None] * len(raw), dtype=OBJECT)
            values, bad = _all_blank(column, len(raw)), np.zeros(len(raw), dtype=bool)
        if column.describes and bad.any():
            text = per_distinct(source, _as_text)
            kept_as_text[f"{column.name}_raw"] = text.astype(TEXT)
            known = normalise_category(text, column.name, column.known_text).isin(column.known_text).to_numpy()
            unread[column.name] = text[bad & ~known]
            if column.type != "designations":
                values = values.mask(bad)
            bad = np.zeros(len(bad), dtype=bool)
        problems.extend(
            Problem(file, int(line_numbers[pos]), column.name, source.iloc[pos], column.expected())
            for pos in np.flatnonzero(bad)
        )
        if not column.nullable:
            blank = values.isna().to_numpy() & ~bad
            problems.extend(
                Problem(
                    file,
                    int(line_numbers[pos]),
                    column.name,
                    None,
                    f"a value: this column may not be blank ({column.description})",
                )
                for pos in np.flatnonzero(blank)
            )
        if column.default is not None:
            values = values.where(values.notna(), column.default)
        columns[column.name] = values
    problems.extend(_check_date_order(name, columns, file, line_numbers))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, spec.names.index(p.column) if p.column in spec.names else 99))
        raise SchemaError(problems)

    more: dict[str, pd.Series | np.ndarray] = {raw_name: text.to_numpy() for raw_name, text in kept_as_text.items()}
    for extra in [c for c in raw.columns if c not in spec.names and c not in kept_as_text]:
        more[extra] = _extra_values(raw[extra])
    # The frame is made once from all its columns: adding them one by one costs a copy of the index each time.
    out = pd.DataFrame({**columns, **more}, index=pd.RangeIndex(len(raw)))
    warning = kept_as_text_warning(file, unread)
    if warning is not None:
        warnings.warn(warning, stacklevel=2)
    if spec.index is not None:
        out = out.set_index(spec.index)
    return out


def kept_as_text_warning(file: str, unread: Mapping[str, pd.Series]) -> KeptAsTextWarning | None:
    """One warning for the values of describing columns that were kept as text, counted by value.

    Parameters
    ----------
    file : str
        The file the values were read from.
    unread : mapping of str to pandas.Series
        For each column, the values (one per row) that were not understood.

    Returns
    -------
    KeptAsTextWarning or None
        ``None`` when there is no such value.

    Examples
    --------
    >>> w = kept_as_text_warning("schools.csv", {"ofsted": pd.Series(["Super", "Super", "Fab"])})
    >>> print(w)
    schools.csv: 3 values kept as text in '<column>_raw' and read as blank:
    column 'ofsted': 'Super' (2 rows), 'Fab' (1 row)
    >>> w.counts
              file  column  value  rows
    0  schools.csv  ofsted  Super     2
    1  schools.csv  ofsted    Fab     1
    """
    rows = [
        (file, column, value, int(n))
        for column, values in unread.items()
        for value, n in values.value_counts(sort=True, dropna=False).items()
    ]
    if not rows:
        return None
    counts = pd.DataFrame(rows, columns=["file", "column", "value", "rows"])
    parts = []
    for column, group in counts.groupby("column", sort=False):
        listed = ", ".join(
            f"{v!r} ({n} row{'s' if n != 1 else ''})"
            for v, n in zip(group["value"][:10], group["rows"][:10], strict=True)
        )
        more = f" and {len(group) - 10} other values" if len(group) > 10 else ""
        parts.append(f"column {column!r}: {listed}{more}")
    total = int(counts["rows"].sum())
    message = (
        f"{file}: {total} value{'s' if total != 1 else ''} kept as text in '<column>_raw' and read as blank: "
        + "; ".join(parts)
    )
    return KeptAsTextWarning(message, counts)


def _extra_values(values: pd.Series) -> pd.Series | np.ndarray:
    """An extra column's values for the checked table: as they are for text, else as a plain array, as always."""
    if values.dtype == TEXT and values.notna().any():
        # The plain array of text with a value would become text again: keep it as it is stored.
        return pd.Series(values.array, index=pd.RangeIndex(len(values)))
    return values.to_numpy()


def _spelt_as(column: str) -> str:
    """A column's name as schoolnet spells it: lower case, with underscores for spaces."""
    return "_".join(column.strip().lower().split())


def _missing_column_hint(column: str, spec: TableSpec, found: pd.Index) -> str:
    text = f"a column named {column!r} ({spec[column].description})"
    close = difflib.get_close_matches(column, [str(c) for c in found], n=1, cutoff=0.6)
    exact_but_case = [str(c) for c in found if _spelt_as(str(c)) == column]
    if exact_but_case:
        text += f"; found {exact_but_case[0]!r}: column names are lower case with no spaces"
    elif close:
        text += f"; did you mean {close[0]!r}?"
    elif len(found) == 1 and any(sep in str(found[0]) for sep in ";\t|"):
        text += f"; the header {str(found[0])!r} looks as if it uses another delimiter than ','"
    return text


def _blank(values: pd.Series) -> np.ndarray:
    isna = values.isna().to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_datetime64_any_dtype(values.dtype):
        return isna
    if isinstance(values.dtype, pd.StringDtype) and len(values) > _FEW:
        # Only text that is empty or starts with a space can be blank: the rest are not looked at one by one.
        maybe = _ends_blank(values, 0, 1)
        empty = np.zeros(len(values), dtype=bool)
        empty[maybe] = per_distinct(values[maybe], _is_blank).to_numpy(dtype=bool)
    else:
        empty = per_distinct(values, _is_blank).to_numpy(dtype=bool)
    blank: np.ndarray = isna | empty
    return blank


# Up to this many rows, a column's values are looked at one by one at once: narrowing them down first costs more.
_FEW: Final = 1_000


def _is_blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _parse(column: ColumnSpec, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Parse one column. Return the values (NA where blank) and a mask of bad values."""
    blank = _blank(values)
    parser = _PARSERS[column.type]
    parsed, bad = parser(values.where(~blank), blank, column)
    bad = bad & ~blank
    if column.minimum is not None or column.maximum is not None:
        numeric = parsed if pd.api.types.is_numeric_dtype(parsed.dtype) else pd.to_numeric(parsed, errors="coerce")
        numbers = numeric.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            out_of_range = np.zeros(len(parsed), dtype=bool)
            if column.minimum is not None:
                out_of_range |= numbers < column.minimum
            if column.maximum is not None:
                out_of_range |= numbers > column.maximum
        bad = bad | out_of_range
    return parsed, bad


def _all_blank(column: ColumnSpec, rows: int) -> pd.Series:
    """A column that is not in the file, parsed: its blank value, parsed once and repeated."""
    return pd.Series(_parsed_blank(column).array.take(np.zeros(rows, dtype=np.intp)), index=pd.RangeIndex(rows))


@functools.cache
def _parsed_blank(column: ColumnSpec) -> pd.Series:
    # Every parser reads value by value, and a blank is never bad: one blank stands for a whole column of them.
    return _parse(column, pd.Series([None], dtype=OBJECT))[0]


def _parse_int(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    numbers = _to_number(values)
    finite = np.isfinite(numbers)
    whole = finite & (np.mod(np.where(finite, numbers, 0), 1) == 0) & (np.abs(numbers) < 2**53)
    bad = ~blank & ~whole
    ints = pd.array(np.where(whole, numbers, 0).astype("int64"), dtype=INT)
    ints[~whole] = pd.NA
    series = pd.Series(ints, index=values.index)
    if not column.nullable and not series.isna().any():
        series = series.astype(np.int64)
    return series, bad


def _parse_float(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    numbers = _to_number(values)
    bad = ~blank & ~np.isfinite(numbers)
    return pd.Series(np.where(np.isfinite(numbers), numbers, np.nan), index=values.index, dtype="float64"), bad


def _to_number(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.full(len(values), np.nan)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    numbers = np.full(len(values), np.nan)
    rest = np.ones(len(values), dtype=bool)
    if isinstance(values.dtype, pd.StringDtype) and len(values) > _FEW:
        # Text with no comma that starts and ends with a letter or digit is read as it is, not value by value.
        plain = values.str.fullmatch(_PLAIN_NUMBER).fillna(False).to_numpy(dtype=bool)
        numbers[plain] = pd.to_numeric(values[plain], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        rest = ~plain
    if rest.any():
        distinct = per_distinct(values[rest], _number_text, then=lambda text: pd.to_numeric(text, errors="coerce"))
        numbers[rest] = distinct.to_numpy(dtype=float, na_value=np.nan)
    return numbers


# Text that _number_text leaves as it is: no comma, and no space at either end.
_PLAIN_NUMBER: Final = r"[0-9A-Za-z.+-]([^,]*[0-9A-Za-z.])?"


def _number_text(value: object) -> object:
    if isinstance(value, str):
        return value.strip().replace(",", "")
    return np.nan if isinstance(value, bool) or value is None else value


def _parse_str(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    if values.dtype == TEXT and len(values) > _FEW:
        # Only text that starts or ends with a space changes when stripped: the rest are not looked at one by one.
        edge = _ends_blank(values, 0, 1) | _ends_blank(values, -1, None)
        stripped = values.array.copy()
        stripped[edge] = per_distinct(values[edge], _as_text).to_numpy()
        text = pd.Series(stripped, index=values.index)
    else:
        text = per_distinct(values, _as_text, then=_as_str)
    return text.where(~blank), np.zeros(len(values), dtype=bool)


def _ends_blank(values: pd.Series, start: int, stop: int | None) -> np.ndarray:
    """Whether the part ``[start:stop]`` of each text (its first or last character) is blank: empty or a space."""
    return per_distinct(values.str.slice(start, stop), _is_blank).to_numpy(dtype=bool)


def _as_str(values: pd.Series) -> pd.Series:
    return values.astype(TEXT)


def _as_text(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


def _parse_date(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = pd.to_datetime(values).dt.tz_localize(None) if getattr(values.dt, "tz", None) else values
        return pd.Series(parsed.dt.normalize().to_numpy(dtype="datetime64[ns]"), index=values.index), np.zeros(
            len(values), dtype=bool
        )
    parsed = per_distinct(values, _date_from_object, then=_iso_dates)
    bad = ~blank & parsed.isna().to_numpy()
    return pd.Series(parsed.to_numpy(dtype="datetime64[ns]"), index=values.index), bad


def _iso_dates(text: pd.Series) -> pd.Series:
    return pd.Series(pd.to_datetime(text, errors="coerce", format="%Y-%m-%d").to_numpy(dtype="datetime64[ns]"))


def _date_from_object(value: object) -> object:
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        return value.strip()[:10]
    return None


def _parse_category(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    text = per_distinct(values, _as_text, then=_as_str)
    mapped = normalise_category(text, column.name, column.vocabulary)
    bad = ~blank & ~mapped.isin(column.vocabulary).to_numpy()
    return mapped.where(~bad & ~blank, None).astype(TEXT), bad


def _parse_designations(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    text, bad = read_designations(values.where(~blank, None), column.vocabulary)
    return text.astype(TEXT), bad & ~blank


_PARSERS: Final[Mapping[str, Callable[[pd.Series, np.ndarray, ColumnSpec], tuple[pd.Series, np.ndarray]]]] = (
    MappingProxyType(
        {
            "int": _parse_int,
            "float": _parse_float,
            "str": _parse_str,
            "date": _parse_date,
            "category": _parse_category,
            "designations": _parse_designations,
        }
    )
)


def _check_date_order(name: str, table: Mapping[str, pd.Series], file: str, lines: np.ndarray) -> list[Problem]:
    if name not in DATE_ORDER:
        return []
    start, end = DATE_ORDER[name]
    backwards = (table[end] < table[start]).to_numpy(dtype=bool, na_value=False)
    return [
        Problem(
            file,
            int(lines[pos]),
            end,
            table[end].iloc[pos].date().isoformat(),
            f"a date on or after {start} ({table[start].iloc[pos].date().isoformat()})",
        )
        for pos in np.flatnonzero(backwards)
    ]
