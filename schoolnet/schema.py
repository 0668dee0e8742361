"""The vocabularies and table schemas of schoolnet, and checking a table.

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
:class:`~schoolnet.errors.SchemaError` lists every problem at once.

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
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

import numpy as np
import pandas as pd

from .errors import Problem, SchemaError

__all__ = [
    "DEFAULT_EXPANSION",
    "DEFAULT_TIE_STRENGTH",
    "DESIGNATIONS",
    "EDGE_KINDS",
    "EXPANSIONS",
    "GROUP_KINDS",
    "IN_NEED_OFSTED",
    "OFSTED",
    "OFSTED_GRADE",
    "PHASES",
    "ROLES",
    "STRONG_OFSTED",
    "SUPPORT",
    "SYSTEM_LEADER_DESIGNATIONS",
    "TABLES",
    "ColumnSpec",
    "TableSpec",
    "check_table",
    "designation_sets",
    "empty_table",
    "holds_any",
    "is_urban",
    "normalise_category",
]

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------

#: Phases of education. ``special`` and ``alternative provision`` are listed as
#: phases because analysts compare them as such, although the DfE register
#: records them as types.
PHASES: Final = (
    "nursery",
    "primary",
    "middle",
    "secondary",
    "all-through",
    "16 plus",
    "special",
    "alternative provision",
    "not applicable",
)

#: Ofsted overall effectiveness judgements, best first; ``none`` means no
#: graded judgement is on record.
OFSTED: Final = ("outstanding", "good", "requires improvement", "inadequate", "none")

#: Ofsted grade numbers (1 is outstanding). ``none`` has no grade.
OFSTED_GRADE: Final[Mapping[str, int]] = MappingProxyType(
    {"outstanding": 1, "good": 2, "requires improvement": 3, "inadequate": 4}
)

#: Judgements of a school that can support others.
STRONG_OFSTED: Final = frozenset({"outstanding", "good"})

#: Judgements of a school in need of support.
IN_NEED_OFSTED: Final = frozenset({"requires improvement", "inadequate"})

#: System-leadership designations a school can hold.
DESIGNATIONS: Final = ("teaching school hub", "teaching school", "NLE", "LLE", "SLE", "NLG")

#: Designations that make a school a system leader: it leads support for others.
SYSTEM_LEADER_DESIGNATIONS: Final = frozenset({"teaching school hub", "teaching school", "NLE", "LLE"})

#: Ways to turn a group's members into ties.
EXPANSIONS: Final = ("clique", "star", "none")

#: Kinds of group, each with its default expansion into ties.
#:
#: ``clique``
#:     every member is tied to every other: the members work together as
#:     equals (a cluster whose heads meet, a trust board, a shared governing
#:     body, a company the schools own together);
#: ``star``
#:     the lead is tied to each member: an alliance or hub works through its
#:     lead school, and a clique of a 250-school hub would be a modelling
#:     error as well as a cost;
#: ``none``
#:     membership is recorded but makes no tie between schools: a single-academy
#:     trust has one member, a sponsor or umbrella trust is a sponsor rather than
#:     a partnership, a phase association is a county-wide forum.
DEFAULT_EXPANSION: Final[Mapping[str, str]] = MappingProxyType(
    {
        "cluster": "clique",
        "trust": "clique",
        "federation": "clique",
        "company": "clique",
        "other": "clique",
        "alliance": "star",
        "hub": "star",
        "association": "none",
        "single_academy_trust": "none",
        "sponsor": "none",
        "umbrella_trust": "none",
        "childrens_centres": "none",
    }
)

#: Kinds of group.
GROUP_KINDS: Final = tuple(DEFAULT_EXPANSION)

#: The edge kind of a brokered or designated support link.
SUPPORT: Final = "support"

#: Kinds an edge can have: every group kind, and ``support``.
EDGE_KINDS: Final = (*GROUP_KINDS, SUPPORT)

#: Default strength of one tie of each kind, used when parallel ties are
#: collapsed into one weighted edge (:func:`schoolnet.collapse`). The scale is
#: ordinal: a shared governing body (3) binds schools more than a trust board
#: or a brokered support link (2), which binds more than a formal company
#: (1.5), which binds more than a cluster, alliance or other group (1), which
#: binds more than a hub's reach or a county-wide association (0.5).
DEFAULT_TIE_STRENGTH: Final[Mapping[str, float]] = MappingProxyType(
    {
        "federation": 3.0,
        "trust": 2.0,
        SUPPORT: 2.0,
        "company": 1.5,
        "cluster": 1.0,
        "alliance": 1.0,
        "other": 1.0,
        "hub": 0.5,
        "association": 0.5,
        "single_academy_trust": 1.0,
        "sponsor": 1.0,
        "umbrella_trust": 1.0,
        "childrens_centres": 1.0,
    }
)

#: Roles of a school in a group.
ROLES: Final = ("lead", "member")

_SYNONYMS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "phase": {
            "middle deemed primary": "middle",
            "middle deemed secondary": "middle",
            "all through": "all-through",
            "allthrough": "all-through",
            "16+": "16 plus",
            "post 16": "16 plus",
            "sixth form": "16 plus",
            "pru": "alternative provision",
            "pupil referral unit": "alternative provision",
            "ap": "alternative provision",
            "n/a": "not applicable",
        },
        "ofsted": {
            "1": "outstanding",
            "2": "good",
            "3": "requires improvement",
            "4": "inadequate",
            "ri": "requires improvement",
            "satisfactory": "requires improvement",
            "serious weaknesses": "inadequate",
            "special measures": "inadequate",
            "not reported": "none",
            "no judgement": "none",
            "not yet inspected": "none",
            "": "none",
        },
        "designations": {
            "teaching school hub": "teaching school hub",
            "tsh": "teaching school hub",
            "hub": "teaching school hub",
            "teaching school": "teaching school",
            "ts": "teaching school",
            "tsa": "teaching school",
            "nle": "NLE",
            "national leader of education": "NLE",
            "lle": "LLE",
            "local leader of education": "LLE",
            "sle": "SLE",
            "specialist leader of education": "SLE",
            "nlg": "NLG",
            "national leader of governance": "NLG",
        },
        "kind": {
            "teaching school alliance": "alliance",
            "tsa": "alliance",
            "teaching school hub": "hub",
            "multi-academy trust": "trust",
            "multi academy trust": "trust",
            "mat": "trust",
            "foundation trust": "trust",
            "single-academy trust": "single_academy_trust",
            "single academy trust": "single_academy_trust",
            "sat": "single_academy_trust",
            "school sponsor": "sponsor",
            "umbrella trust": "umbrella_trust",
            "children's centres group": "childrens_centres",
            "children's centres collaboration": "childrens_centres",
            "phase association": "association",
        },
        "role": {"leader": "lead", "led by": "lead", "": "member"},
    }
)

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
        ColumnSpec("phase", "category", "phase of education", vocabulary=PHASES),
        ColumnSpec("type", "str", "type of establishment, e.g. 'Academy converter'"),
        ColumnSpec("la", "str", "local authority"),
        ColumnSpec("district", "str", "district or other area within the local authority"),
        ColumnSpec("easting", "float", "British National Grid easting in metres", minimum=0, maximum=700_000),
        ColumnSpec("northing", "float", "British National Grid northing in metres", minimum=0, maximum=1_300_000),
        ColumnSpec("ofsted", "category", "last Ofsted judgement", vocabulary=OFSTED, default="none"),
        ColumnSpec("pupils", "int", "number of pupils on roll", minimum=0),
        ColumnSpec("fsm_pct", "float", "percentage of pupils eligible for free school meals", minimum=0, maximum=100),
        ColumnSpec("urban_rural", "str", "urban/rural classification, e.g. 'Rural village'"),
        ColumnSpec("religious_character", "str", "religious character, e.g. 'Church of England'"),
        ColumnSpec("designations", "designations", "system-leader designations", vocabulary=DESIGNATIONS, default=""),
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

# ---------------------------------------------------------------------------
# Normalising values
# ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00)?)?$")
_LIST_SEPARATORS = re.compile(r"[;,|]")


def normalise_category(values: pd.Series, column: str, vocabulary: Sequence[str]) -> pd.Series:
    """Map the spellings of a categorical column onto its vocabulary.

    Matching ignores case, spacing, underscores and hyphens, and knows common
    synonyms (``"RI"`` for requires improvement, ``"MAT"`` for trust,
    ``"PRU"`` for alternative provision). A value that matches nothing is left
    as it is, for the caller to report.

    Parameters
    ----------
    values : pandas.Series
        Raw values.
    column : str
        The column's name, which selects the synonyms (``phase``, ``ofsted``,
        ``kind``, ``role``, ``designations``).
    vocabulary : sequence of str
        The values allowed.

    Returns
    -------
    pandas.Series
        The values, mapped to the vocabulary where they match it.

    Examples
    --------
    >>> normalise_category(pd.Series(["Good", "RI", "Special Measures"]), "ofsted", OFSTED).tolist()
    ['good', 'requires improvement', 'inadequate']
    """
    lookup: dict[str, str] = {}
    for word in vocabulary:
        lookup[_fold(word)] = word
    for spelling, word in _SYNONYMS.get(column, {}).items():
        lookup[_fold(spelling)] = word
    return _per_unique(values, lambda v: lookup.get(_fold(v), v) if isinstance(v, str) else v)


def _per_unique(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """Apply a function to each distinct value once, and spread the results back: blanks give ``function(None)``.

    A table's columns repeat their values (phases, judgements, dates), so this
    costs one call per distinct value rather than one per row.
    """
    codes, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [function(u) for u in uniques]
    results[-1] = function(None)
    return pd.Series(results[codes], index=values.index, dtype="object")


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text.replace("_", " ").replace("-", " ").strip().lower())


def designation_sets(values: pd.Series) -> pd.Series:
    """Split a ``designations`` column into sets of designations.

    Parameters
    ----------
    values : pandas.Series
        A checked ``designations`` column: designations separated by ``"; "``.

    Returns
    -------
    pandas.Series
        A frozenset of designations per school; empty where there is none.

    Examples
    --------
    >>> [sorted(held) for held in designation_sets(pd.Series(["teaching school; NLE", ""]))]
    [['NLE', 'teaching school'], []]
    """
    # Few distinct values occur: split each once.
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    split = [
        frozenset(p.strip() for p in v.split(";") if p.strip()) if isinstance(v, str) else frozenset() for v in distinct
    ]
    sets = np.array([*split, frozenset()], dtype=object)
    return pd.Series(sets[codes], index=values.index, name=values.name, dtype=object)


def holds_any(values: pd.Series, designations: Collection[str]) -> np.ndarray:
    """Whether each school holds any of some designations, from a ``designations`` column.

    Parameters
    ----------
    values : pandas.Series
        A checked ``designations`` column, as :func:`designation_sets` reads it.
    designations : collection of str
        The designations looked for.

    Returns
    -------
    numpy.ndarray
        Boolean, in the order of ``values``.

    Examples
    --------
    >>> holds_any(pd.Series(["teaching school; NLE", "", None]), {"NLE"}).tolist()
    [True, False, False]
    """
    # Few distinct values occur: look in each once.
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    wanted = frozenset(designations)
    found = [bool(held & wanted) for held in designation_sets(pd.Series(distinct, dtype=object))]
    flags: np.ndarray = np.array([*found, False], dtype=bool)[codes]
    return flags


def is_urban(values: pd.Series) -> pd.Series:
    """Say whether each urban/rural classification is urban.

    The DfE register uses the ONS rural-urban classification, whose labels
    start with "Urban" or "Rural" (after an optional "(England/Wales) ").

    Parameters
    ----------
    values : pandas.Series
        An ``urban_rural`` column.

    Returns
    -------
    pandas.Series
        A float series: 1.0 for urban, 0.0 for rural, NaN where unknown.

    Examples
    --------
    >>> is_urban(pd.Series(["(England/Wales) Urban city and town", "Rural village", None])).tolist()
    [1.0, 0.0, nan]
    """
    text = values.astype("object").map(lambda v: v.lower() if isinstance(v, str) else "")
    urban = text.str.contains("urban", regex=False)
    rural = text.str.contains("rural", regex=False)
    return pd.Series(np.where(urban, 1.0, np.where(rural, 0.0, np.nan)), index=values.index)


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
    raw = pd.DataFrame({c: pd.Series([], dtype="object") for c in TABLES[name].names})
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
    if problems:
        raise SchemaError(problems)

    out = pd.DataFrame(index=pd.RangeIndex(len(raw)))
    for column in spec.columns:
        present = column.name in raw.columns
        source = (
            pd.Series(raw[column.name]).reset_index(drop=True)
            if present
            else pd.Series([None] * len(raw), dtype="object")
        )
        values, bad = _parse(column, source)
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
        out[column.name] = values
    problems.extend(_check_date_order(name, out, file, line_numbers))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, spec.names.index(p.column) if p.column in spec.names else 99))
        raise SchemaError(problems)

    for extra in [c for c in raw.columns if c not in spec.names]:
        out[extra] = raw[extra].to_numpy()
    if spec.index is not None:
        out = out.set_index(spec.index)
    return out


def _missing_column_hint(column: str, spec: TableSpec, found: pd.Index) -> str:
    text = f"a column named {column!r} ({spec[column].description})"
    close = difflib.get_close_matches(column, [str(c) for c in found], n=1, cutoff=0.6)
    exact_but_case = [str(c) for c in found if str(c).strip().lower() == column]
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
    empty = _per_unique(values, lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
    blank: np.ndarray = isna | empty
    return blank


def _parse(column: ColumnSpec, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Parse one column. Return the values (NA where blank) and a mask of bad values."""
    blank = _blank(values)
    parser = _PARSERS[column.type]
    parsed, bad = parser(values.where(~blank), blank, column)
    bad = bad & ~blank
    if column.minimum is not None or column.maximum is not None:
        numbers = pd.to_numeric(parsed, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            out_of_range = np.zeros(len(parsed), dtype=bool)
            if column.minimum is not None:
                out_of_range |= numbers < column.minimum
            if column.maximum is not None:
                out_of_range |= numbers > column.maximum
        bad = bad | out_of_range
    return parsed, bad


def _parse_int(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    numbers = _to_number(values)
    finite = np.isfinite(numbers)
    whole = finite & (np.mod(np.where(finite, numbers, 0), 1) == 0) & (np.abs(numbers) < 2**53)
    bad = ~blank & ~whole
    ints = pd.array(np.where(whole, numbers, 0).astype("int64"), dtype="Int64")
    ints[~whole] = pd.NA
    dtype = "int64" if not column.nullable else "Int64"
    series = pd.Series(ints, index=values.index)
    if dtype == "int64" and not series.isna().any():
        series = series.astype("int64")
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
    text = _per_unique(values, _number_text)
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _number_text(value: object) -> object:
    if isinstance(value, str):
        return value.strip().replace(",", "")
    return np.nan if isinstance(value, bool) or value is None else value


def _parse_str(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    text = _per_unique(values, _as_text).where(~blank, None)
    return text.astype("str"), np.zeros(len(values), dtype=bool)


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
    as_dates = _per_unique(values, _date_from_object)
    parsed = pd.to_datetime(as_dates, errors="coerce", format="%Y-%m-%d")
    bad = ~blank & parsed.isna().to_numpy()
    return pd.Series(parsed.to_numpy(dtype="datetime64[ns]"), index=values.index), bad


def _date_from_object(value: object) -> object:
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        return value.strip()[:10]
    return None


def _parse_category(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    text = _per_unique(values, _as_text)
    mapped = normalise_category(text, column.name, column.vocabulary)
    bad = ~blank & ~mapped.isin(column.vocabulary).to_numpy()
    return mapped.where(~bad & ~blank, None).astype("str"), bad


def _parse_designations(values: pd.Series, blank: np.ndarray, column: ColumnSpec) -> tuple[pd.Series, np.ndarray]:
    order = {d: i for i, d in enumerate(column.vocabulary)}
    lookup = {_fold(d): d for d in column.vocabulary}
    lookup.update({_fold(k): v for k, v in _SYNONYMS["designations"].items()})

    def read(value: object) -> tuple[str | None, bool]:
        if value is None:
            return None, False
        found = [lookup.get(_fold(t)) for t in _LIST_SEPARATORS.split(str(value)) if t.strip()]
        if any(f is None for f in found):
            return None, True
        return "; ".join(sorted({f for f in found if f is not None}, key=order.__getitem__)), False

    pairs = _per_unique(values.where(~blank), read)
    bad = np.fromiter((b for _, b in pairs), dtype=bool, count=len(pairs)) & ~blank
    text = pd.Series([v for v, _ in pairs], index=values.index, dtype="object")
    return text.astype("str"), bad


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


def _check_date_order(name: str, table: pd.DataFrame, file: str, lines: np.ndarray) -> list[Problem]:
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
