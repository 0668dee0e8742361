"""Ofsted's own file of inspection outcomes, and definitions of need and strength on it.

Ofsted publishes each month a management-information file of the latest
inspections of every state-funded school in England ("State-funded schools
inspections and outcomes: management information"). It says more than the
register's one ``OfstedRating`` column ever did, and more than the register
says since Ofsted stopped giving an overall effectiveness grade in September
2024:

- the latest graded inspection: its start date, the overall effectiveness
  (1 to 4; blank or "Not judged" since September 2024), a category of concern
  (special measures or serious weaknesses), and the key judgements: quality of
  education, behaviour and attitudes, personal development, leadership and
  management, early years and sixth form;
- the latest ungraded inspection: its date and outcome in words;
- from November 2025, report cards: a grade per evaluation area on a
  five-point scale (exceptional, strong standard, expected standard, needs
  attention, urgent improvement).

:func:`read_ofsted` reads it into a table by URN. A school's latest
inspection may be of its predecessor (before an academy conversion); the file
says so in "URN at time of latest graded inspection", which is kept as
``inspected_urn``. :func:`join_ofsted` puts the table beside the schools, and
:func:`need_from_ofsted` and :func:`strong_from_ofsted` build the definitions
that :func:`schoolnet.in_need` and :func:`schoolnet.strong` accept.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from .._text import fold
from .._validate import number
from ..errors import Problem, SchemaError, SchoolnetError
from ..tables.schema import kept_as_text_warning
from ..tables.tables import Tables
from ..tables.vocabulary import OFSTED, OFSTED_GRADE, REPORT_CARD_GRADES
from .history import current_urns
from .io import read_table_file, urn_problems

__all__ = [
    "JUDGEMENTS",
    "OFSTED_COLUMNS",
    "join_ofsted",
    "need_from_ofsted",
    "read_ofsted",
    "strong_from_ofsted",
]

#: The key judgements of a graded inspection, as columns of :func:`read_ofsted`'s table, graded 1 to 4.
JUDGEMENTS: Final = (
    "overall_grade",
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
    "early_years",
    "sixth_form",
)

#: The columns of Ofsted's file that are read, by their names in the table :func:`read_ofsted` returns.
#: Each lists the headings Ofsted has used for it; they are matched ignoring case and spacing.
OFSTED_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "urn": ("URN",),
    "inspected_urn": (
        "URN at time of latest graded inspection",
        "URN at time of latest full inspection",
        "URN at time of inspection",
    ),
    "graded_date": (
        "Inspection start date of latest graded inspection",
        "Inspection start date of latest full inspection",
        "Inspection start date",
    ),
    "overall": ("Overall effectiveness",),
    "category_of_concern": ("Category of concern",),
    "quality_of_education": ("Quality of education",),
    "behaviour_and_attitudes": ("Behaviour and attitudes",),
    "personal_development": ("Personal development",),
    "leadership_and_management": ("Effectiveness of leadership and management",),
    "early_years": ("Early years provision (where applicable)", "Early years provision"),
    "sixth_form": ("Sixth form provision (where applicable)", "Sixth form provision"),
    "safeguarding": ("Safeguarding is effective?", "Safeguarding is effective", "Safeguarding"),
    "ungraded_date": ("Date of latest ungraded inspection", "Date of latest short inspection"),
    "ungraded_outcome": ("Ungraded inspection overall outcome", "Short inspection overall outcome"),
    "report_card_date": ("Report card inspection start date", "Date of latest report card inspection"),
}

_DATES: Final = ("graded_date", "ungraded_date", "report_card_date")
_GRADES: Final = tuple(j for j in JUDGEMENTS if j != "overall_grade")
# Ofsted writes these for "no judgement" in grade columns.
_NO_GRADE: Final = frozenset({"", "9", "null", "not judged", "not applicable", "n/a", "na", "none", "no judgement"})
_CONCERNS: Final = {"special measures": "special measures", "serious weaknesses": "serious weaknesses"}


def _find_columns(frame: pd.DataFrame, file: str) -> dict[str, str]:
    """The file's heading for each column read, by the table's name for it."""
    headings = {fold(str(c)): str(c) for c in frame.columns}
    found = {}
    for name, spellings in OFSTED_COLUMNS.items():
        for spelling in spellings:
            if fold(spelling) in headings:
                found[name] = headings[fold(spelling)]
                break
    if "urn" not in found:
        raise SchemaError(
            [Problem(file, 1, "URN", None, "a column named 'URN': Ofsted's file of state-funded school inspections")]
        )
    return found


def _grades(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Grades 1 to 4 from digits or words; blank for Ofsted's "no judgement" codes; and which values were not read."""
    text = values.astype("object").map(lambda v: fold(str(v)) if isinstance(v, str | int | float) and v == v else "")
    words = dict(OFSTED_GRADE)
    words.update({str(g): g for g in OFSTED_GRADE.values()})
    words.update({f"{g}.0": g for g in OFSTED_GRADE.values()})
    words.update({"serious weaknesses": 4, "special measures": 4})
    grade = text.map(words)
    unread = (grade.isna() & ~text.isin(_NO_GRADE)).to_numpy()
    return grade.astype("Int64"), unread


def _dates(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    text = values.astype("object").map(lambda v: str(v).strip() if isinstance(v, str) else v)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
    blank = values.isna().to_numpy() | values.astype("str").str.strip().isin(["", "NULL", "nan", "NaT"]).to_numpy()
    dated = values.map(lambda v: isinstance(v, pd.Timestamp))
    parsed = parsed.where(~dated.to_numpy(), pd.to_datetime(values.where(dated.to_numpy()), errors="coerce"))
    return parsed, (parsed.isna().to_numpy() & ~blank)


def _report_card_columns(frame: pd.DataFrame, used: Iterable[str]) -> dict[str, str]:
    """Other columns whose every value is on the report cards' five-point scale, by their names in the table."""
    scale = {fold(g) for g in REPORT_CARD_GRADES}
    found = {}
    for column in frame.columns:
        if column in set(used):
            continue
        values = frame[column].dropna().astype("str").map(fold)
        values = values[values != ""]
        if len(values) and values.isin(scale).all():
            name = "report_card_" + "_".join(fold(str(column)).replace("(", " ").replace(")", " ").split())
            found[name] = str(column)
    return found


def read_ofsted(path: str | Path, *, history: pd.DataFrame | None = None, sheet: str | None = None) -> pd.DataFrame:
    r"""Read Ofsted's management-information file of state-funded school inspections.

    Parameters
    ----------
    path : str or pathlib.Path
        The file as Ofsted publishes it each month: CSV (UTF-8 or
        Windows-1252, any delimiter) or Excel (with the ``excel`` extra).
    history : pandas.DataFrame, optional
        A school's URNs across conversions, from :func:`schoolnet.urn_history`.
        With it, each URN of the file becomes today's URN, so that an older
        file joins a newer register; rows that then name the same school are
        kept once, the latest inspected.
    sheet : str, optional
        The Excel sheet to read; the first that has a URN column by default.

    Returns
    -------
    pandas.DataFrame
        One row per school, indexed by ``urn``, with:

        - ``inspected_urn``: the URN the latest graded inspection was of (a
          predecessor's, before a conversion), and ``predecessor_inspected``;
        - ``graded_date``, ``overall`` (outstanding, good, requires
          improvement, inadequate or none: ``none`` since September 2024) and
          ``overall_grade`` (1 to 4);
        - ``category_of_concern`` ("special measures", "serious weaknesses" or
          blank);
        - the key judgements graded 1 to 4: ``quality_of_education``,
          ``behaviour_and_attitudes``, ``personal_development``,
          ``leadership_and_management``, ``early_years`` and ``sixth_form``;
        - ``safeguarding`` as written, ``ungraded_date``,
          ``ungraded_outcome`` as written, ``report_card_date``;
        - one column ``report_card_<area>`` per column of the file whose
          values are all on the report cards' scale.

        Columns the file does not have are blank. Values that cannot be read
        are blank and kept as written in ``<column>_raw``, with a
        :class:`~schoolnet.errors.KeptAsTextWarning`.

    Raises
    ------
    SchemaError
        If the file has no ``URN`` column, or a URN is not a whole number.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "management_information_state_funded_schools.csv"
    >>> _ = path.write_text(
    ...     "URN,URN at time of latest graded inspection,Inspection start date,Overall effectiveness,"
    ...     "Category of concern,Quality of education,Effectiveness of leadership and management\n"
    ...     "140001,100001,12/03/2019,2,,2,2\n"
    ...     "140002,140002,05/11/2024,Not judged,,3,2\n"
    ... )
    >>> table = read_ofsted(path)
    >>> table[["overall", "quality_of_education", "predecessor_inspected"]]
                overall  quality_of_education  predecessor_inspected
    urn
    140001         good                     2                   True
    140002         none                     3                  False
    """
    raw = read_table_file(path, sheet=sheet)
    frame, file = raw.frame, raw.file
    columns = _find_columns(frame, file)
    urn_text = frame[columns["urn"]]
    urns, problems = urn_problems(urn_text, column=columns["urn"], file=file, lines=raw.lines)
    if problems:
        raise SchemaError(problems)
    out = pd.DataFrame({"urn": urns.astype("int64").to_numpy()})
    unread: dict[str, pd.Series] = {}

    def keep_raw(name: str, mask: np.ndarray) -> None:
        if mask.any():
            source = frame[columns[name]].reset_index(drop=True)
            out[f"{name}_raw"] = source.astype("object").where(source.notna(), None).to_numpy()
            unread[columns[name]] = source[mask]

    inspected = frame[columns["inspected_urn"]] if "inspected_urn" in columns else urn_text
    out["inspected_urn"] = pd.to_numeric(inspected, errors="coerce").astype("Int64").to_numpy()
    out["predecessor_inspected"] = (out["inspected_urn"].notna() & (out["inspected_urn"] != out["urn"])).to_numpy(
        dtype=bool
    )
    for name in _DATES:
        if name in columns:
            dates, not_read = _dates(frame[columns[name]].reset_index(drop=True))
            out[name] = dates.to_numpy()
            keep_raw(name, not_read)
        else:
            out[name] = pd.NaT
    if "overall" in columns:
        grade, not_read = _grades(frame[columns["overall"]].reset_index(drop=True))
        keep_raw("overall", not_read)
    else:
        grade = pd.Series(pd.NA, index=out.index, dtype="Int64")
    by_grade = {g: w for w, g in OFSTED_GRADE.items()}
    out["overall"] = grade.map(by_grade).fillna(OFSTED[-1]).astype("str").to_numpy()
    out["overall_grade"] = grade.to_numpy()
    if "category_of_concern" in columns:
        concern = frame[columns["category_of_concern"]].reset_index(drop=True)
        out["category_of_concern"] = (
            concern.astype("object").map(lambda v: _CONCERNS.get(fold(v)) if isinstance(v, str) else None).to_numpy()
        )
    else:
        out["category_of_concern"] = None
    for name in _GRADES:
        if name in columns:
            values, not_read = _grades(frame[columns[name]].reset_index(drop=True))
            out[name] = values.to_numpy()
            keep_raw(name, not_read)
        else:
            out[name] = pd.array([pd.NA] * len(out), dtype="Int64")
    for name in ("safeguarding", "ungraded_outcome"):
        source = frame[columns[name]].reset_index(drop=True) if name in columns else pd.Series([None] * len(out))
        out[name] = (
            source.astype("object").where(source.notna() & (source.astype("str").str.strip() != ""), None).to_numpy()
        )
    for name, column in _report_card_columns(frame, columns.values()).items():
        scale = {fold(g): g for g in REPORT_CARD_GRADES}
        out[name] = frame[column].map(lambda v, s=scale: s.get(fold(v)) if isinstance(v, str) else None).to_numpy()
    warning = kept_as_text_warning(file, unread)
    if warning is not None:
        warnings.warn(warning, stacklevel=2)
    if history is not None:
        out["urn"] = current_urns(out["urn"], history).astype("int64").to_numpy()
    latest = out[["graded_date", "ungraded_date", "report_card_date"]].max(axis=1)
    order = np.lexsort((-latest.fillna(pd.Timestamp(0)).to_numpy().astype("int64"), out["urn"].to_numpy()))
    out = out.iloc[order].drop_duplicates("urn", keep="first")
    return out.set_index("urn").sort_index()


def join_ofsted(tables: Tables, ofsted: pd.DataFrame, *, prefix: str = "ofsted_") -> Tables:
    """Put Ofsted's outcomes beside the schools, and take the overall grade from them where the schools have none.

    Parameters
    ----------
    tables : Tables
        The tables to add to.
    ofsted : pandas.DataFrame
        As :func:`read_ofsted` returns it.
    prefix : str, default "ofsted_"
        Put before each of Ofsted's columns in the schools table, such as
        ``ofsted_quality_of_education``.

    Returns
    -------
    Tables
        New tables whose schools carry Ofsted's columns; a school whose
        ``ofsted`` is ``none`` takes Ofsted's overall effectiveness, where it
        has one. Schools Ofsted's file does not list are blank there.

    Examples
    --------
    >>> import schoolnet
    >>> tables = schoolnet.Tables.from_frames(pd.DataFrame({"urn": [1, 2], "name": ["A", "B"]}))
    >>> ofsted = pd.DataFrame(
    ...     {"overall": ["good"], "quality_of_education": pd.array([2], dtype="Int64")},
    ...     index=pd.Index([1], name="urn"),
    ... )
    >>> joined = join_ofsted(tables, ofsted).schools
    >>> joined[["ofsted", "ofsted_quality_of_education"]]
        ofsted  ofsted_quality_of_education
    urn
    1     good                            2
    2     none                         <NA>
    """
    if not isinstance(ofsted, pd.DataFrame) or ofsted.index.name != "urn":
        raise SchoolnetError("ofsted: expected the table read_ofsted returns, indexed by urn")
    schools = tables.schools.copy()
    added = ofsted.add_prefix(prefix).reindex(schools.index)
    schools = schools.drop(columns=[c for c in added.columns if c in schools.columns]).join(added)
    if "overall" in ofsted.columns:
        overall = added[f"{prefix}overall"]
        take = (schools["ofsted"] == OFSTED[-1]) & overall.notna() & (overall != OFSTED[-1])
        schools.loc[take, "ofsted"] = overall[take]
    return replace(tables, schools=schools)


def _column(schools: pd.DataFrame, name: str, prefix: str) -> pd.Series | None:
    for candidate in (f"{prefix}{name}", name):
        if candidate in schools.columns:
            return schools[candidate]
    return None


def need_from_ofsted(
    *,
    judgements: Iterable[str] = ("overall_grade", "quality_of_education", "leadership_and_management"),
    grades: Iterable[int] = (3, 4),
    concern: bool = True,
    report_card: Iterable[str] = ("needs attention", "urgent improvement"),
    older_than_years: float | None = None,
    as_of: str | pd.Timestamp | None = None,
    prefix: str = "ofsted_",
) -> Callable[[pd.DataFrame], pd.Series]:
    """A definition of need on Ofsted's outcomes, for :func:`schoolnet.in_need`.

    A school is in need when any of these holds: a judgement in
    ``judgements`` is one of ``grades``; it is in a category of concern
    (with ``concern``); a report-card area is graded one of ``report_card``;
    or (with ``older_than_years``) its latest graded inspection is older than
    that, or it has none. The register's own ``ofsted`` column counts as the
    overall grade where Ofsted's columns are absent.

    Parameters
    ----------
    judgements : iterable of str
        Columns of :data:`JUDGEMENTS` to look at.
    grades : iterable of int, default (3, 4)
        The grades that mean need: requires improvement and inadequate.
    concern : bool, default True
        Whether special measures and serious weaknesses mean need.
    report_card : iterable of str
        Report-card grades that mean need.
    older_than_years : float, optional
        Also count a school whose latest graded inspection is older than this.
    as_of : date, optional
        The date ages are measured from; today by default.
    prefix : str, default "ofsted_"
        The prefix :func:`join_ofsted` put before Ofsted's columns.

    Returns
    -------
    callable
        Takes a schools table (such as :func:`schoolnet.nodes_frame`) and
        returns a boolean Series.

    Examples
    --------
    >>> schools = pd.DataFrame(
    ...     {
    ...         "ofsted": ["none", "none", "good"],
    ...         "ofsted_quality_of_education": pd.array([3, 2, pd.NA], dtype="Int64"),
    ...         "ofsted_report_card_achievement": [None, "needs attention", None],
    ...     },
    ...     index=pd.Index([1, 2, 3], name="urn"),
    ... )
    >>> need_from_ofsted()(schools).tolist()
    [True, True, False]
    >>> need_from_ofsted(judgements=["quality_of_education"], report_card=())(schools).tolist()
    [True, False, False]
    """
    chosen = tuple(judgements)
    unknown = [j for j in chosen if j not in JUDGEMENTS]
    if unknown:
        raise SchoolnetError(f"judgements: {unknown[0]!r} is not a judgement; expected some of {', '.join(JUDGEMENTS)}")
    wanted = {int(g) for g in grades}
    cards = {fold(c) for c in report_card}
    years = number("older_than_years", older_than_years, minimum=0, allow_none=True)
    when = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.today().normalize()

    def definition(schools: pd.DataFrame) -> pd.Series:
        flags = np.zeros(len(schools), dtype=bool)
        for name in chosen:
            values = _column(schools, name, prefix)
            if values is None and name == "overall_grade" and "ofsted" in schools.columns:
                values = schools["ofsted"].map(OFSTED_GRADE)
            if values is not None:
                flags |= pd.to_numeric(values, errors="coerce").isin(wanted).to_numpy()
        concern_column = _column(schools, "category_of_concern", prefix)
        if concern and concern_column is not None:
            flags |= concern_column.notna().to_numpy() & concern_column.astype("str").isin(list(_CONCERNS)).to_numpy()
        for column in schools.columns:
            if str(column).startswith(f"{prefix}report_card_") and not str(column).endswith("_date"):
                flags |= schools[column].map(lambda v: isinstance(v, str) and fold(v) in cards).to_numpy(dtype=bool)
        if years is not None:
            graded = _column(schools, "graded_date", prefix)
            dates = pd.to_datetime(graded) if graded is not None else pd.Series(pd.NaT, index=schools.index)
            flags |= (dates.isna() | (dates < when - pd.DateOffset(days=round(365.25 * years)))).to_numpy()
        return pd.Series(flags, index=schools.index, name="in_need")

    return definition


def strong_from_ofsted(
    *,
    judgements: Iterable[str] = ("overall_grade", "quality_of_education", "leadership_and_management"),
    grades: Iterable[int] = (1, 2),
    report_card: Iterable[str] = ("exceptional", "strong standard"),
    prefix: str = "ofsted_",
) -> Callable[[pd.DataFrame], pd.Series]:
    """A definition of strength on Ofsted's outcomes, for :func:`schoolnet.strong`.

    A school is strong when every judgement in ``judgements`` that it has is
    one of ``grades`` and it has at least one; or, without any of them, when
    its report-card areas are all graded one of ``report_card``. A school in a
    category of concern is never strong.

    Parameters
    ----------
    judgements : iterable of str
        Columns of :data:`JUDGEMENTS` to look at.
    grades : iterable of int, default (1, 2)
        The grades that mean strength: outstanding and good.
    report_card : iterable of str
        Report-card grades that mean strength.
    prefix : str, default "ofsted_"
        The prefix :func:`join_ofsted` put before Ofsted's columns.

    Returns
    -------
    callable
        Takes a schools table and returns a boolean Series.

    Examples
    --------
    >>> schools = pd.DataFrame(
    ...     {
    ...         "ofsted": ["good", "none", "none"],
    ...         "ofsted_quality_of_education": pd.array([2, 3, pd.NA], dtype="Int64"),
    ...         "ofsted_report_card_achievement": [None, None, "strong standard"],
    ...     },
    ...     index=pd.Index([1, 2, 3], name="urn"),
    ... )
    >>> strong_from_ofsted()(schools).tolist()
    [True, False, True]
    """
    chosen = tuple(judgements)
    wanted = {int(g) for g in grades}
    cards = {fold(c) for c in report_card}

    def definition(schools: pd.DataFrame) -> pd.Series:
        seen = np.zeros(len(schools), dtype=bool)
        good = np.ones(len(schools), dtype=bool)
        for name in chosen:
            values = _column(schools, name, prefix)
            if values is None and name == "overall_grade" and "ofsted" in schools.columns:
                values = schools["ofsted"].map(OFSTED_GRADE)
            if values is None:
                continue
            grade = pd.to_numeric(values, errors="coerce")
            has = grade.notna().to_numpy()
            seen |= has
            good &= ~has | grade.isin(wanted).to_numpy()
        card_seen = np.zeros(len(schools), dtype=bool)
        card_good = np.ones(len(schools), dtype=bool)
        for column in schools.columns:
            if str(column).startswith(f"{prefix}report_card_") and not str(column).endswith("_date"):
                has = schools[column].map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
                card_seen |= has
                card_good &= ~has | schools[column].map(lambda v: isinstance(v, str) and fold(v) in cards).to_numpy(
                    dtype=bool
                )
        flags = (seen & good) | (~seen & card_seen & card_good)
        concern_column = _column(schools, "category_of_concern", prefix)
        if concern_column is not None:
            flags &= ~concern_column.astype("str").isin(list(_CONCERNS)).to_numpy()
        return pd.Series(flags, index=schools.index, name="strong")

    return definition
