"""Ofsted's own file of inspection outcomes, and definitions of need and strength on it.

Ofsted publishes each month a management-information file of the latest
inspections of every state-funded school in England ("State-funded schools
inspections and outcomes: management information"). It says more than the
register's one ``OfstedRating`` column ever did, and more than the register
says since Ofsted stopped giving an overall effectiveness grade in September
2024:

- the latest graded inspection under the old framework (the "OEIF"): its start
  date, inspection number and the URN it was of, the overall effectiveness (1
  to 4, or "Not judged" since September 2024), a category of concern (special
  measures or serious weaknesses) and the key judgements: quality of
  education, behaviour and attitudes, personal development, leadership and
  management, early years and sixth form;
- the latest ungraded inspection: its date and outcome in words;
- from November 2025, report cards: each evaluation area on a five-point scale
  ("Exceptional", "Strong standard", "Expected standard", "Needs attention",
  "Urgent improvement"), safeguarding "Met" or "Not met", each with its date.

Ofsted renames these columns from one file to the next; :func:`read_ofsted`
recognises them by what they mean (:mod:`schoolnet.read._ofsted_columns`) and
reads every layout published since 2019 into one table by URN.
:func:`join_ofsted` puts the table beside the schools, and
:func:`need_from_ofsted` and :func:`strong_from_ofsted` build the definitions
that :func:`schoolnet.in_need` and :func:`schoolnet.strong` accept.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, TypeVar

import numpy as np
import pandas as pd

from .._text import fold, per_distinct
from .._validate import is_whole, number
from ..errors import ParameterError, Problem, SchemaError, SchoolnetError, SetAsideWarning
from ..tables.schema import kept_as_text_warning
from ..tables.tables import Tables
from ..tables.vocabulary import OFSTED, OFSTED_CONCERNS, OFSTED_GRADE, REPORT_CARD_GRADES, REPORT_CARD_WORDS
from ._ofsted_columns import (
    BLANK,
    Layout,
    cell_text,
    find_layout,
    read_as_written,
    read_cards,
    read_concerns,
    read_dates,
    read_grades,
    read_whole,
)
from .history import current_urns
from .io import read_table_file, urn_problems

__all__ = [
    "JUDGEMENTS",
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

_DATES: Final = ("graded_date", "ungraded_date", "report_card_date")
_NOT_APPLICABLE: Final = fold(REPORT_CARD_WORDS[-1])
_Reader = Callable[[pd.Series], tuple[pd.Series, np.ndarray]]


@dataclass
class _Columns:
    """The file's columns, read one by one; the values not understood are kept for ``_raw`` columns and the warning."""

    frame: pd.DataFrame
    raw: dict[str, pd.Series] = field(default_factory=dict)
    unread: dict[str, pd.Series] = field(default_factory=dict)

    def read(self, name: str, heading: str | None, reader: _Reader) -> pd.Series:
        """The column ``heading`` read as ``name`` (blank if the file has no such column)."""
        if heading is None:
            return reader(pd.Series([None] * len(self.frame), dtype="object"))[0]
        source = self.frame[heading]
        values, unread = reader(source)
        if unread.any():
            self.raw[f"{name}_raw"] = source.astype("object").where(source.notna(), None)
            self.unread[heading] = source[unread]
        return values

    def blank(self, heading: str) -> np.ndarray:
        return per_distinct(self.frame[heading], cell_text).isin(BLANK).to_numpy()


def _graded(columns: _Columns, graded: Mapping[str, str], urns: pd.Series) -> dict[str, pd.Series]:
    """The latest graded inspection's columns of the table."""
    out: dict[str, pd.Series] = {}
    # Without a column of the URN at the time, the inspection was of the school as it is.
    inspected = columns.read("inspected_urn", graded.get("urn"), read_whole)
    out["inspected_urn"] = inspected if "urn" in graded else urns.astype("Int64")
    out["predecessor_inspected"] = (out["inspected_urn"].notna() & (out["inspected_urn"] != urns)).astype(bool)
    out["graded_inspection_number"] = columns.read("graded_inspection_number", graded.get("number"), read_whole)
    out["graded_date"] = columns.read("graded_date", graded.get("date"), read_dates)
    grade = columns.read("overall", graded.get("overall"), read_grades)
    by_grade = {g: w for w, g in OFSTED_GRADE.items()}
    out["overall"] = grade.astype("object").map(by_grade).fillna(OFSTED[-1]).astype("object")
    out["overall_grade"] = grade
    out["overall_not_judged"] = pd.Series(False, index=urns.index)
    if "overall" in graded:
        out["overall_not_judged"] = per_distinct(columns.frame[graded["overall"]], cell_text) == "not judged"
    for name in JUDGEMENTS[1:]:
        out[name] = columns.read(name, graded.get(name), read_grades)
    out["safeguarding"] = columns.read("safeguarding", graded.get("safeguarding"), read_as_written)
    return out


def _concern(columns: _Columns, layout: Layout, graded_date: pd.Series, card_date: pd.Series) -> pd.Series:
    """The category of concern at the latest inspection: the file's "most recent" column, or else the later one's."""
    if layout.latest_concern is not None:
        return columns.read("category_of_concern", layout.latest_concern, read_concerns)
    concern = columns.read("category_of_concern", layout.graded.get("concern"), read_concerns)
    if "concern" in layout.report_card:
        later = (card_date.notna() & ~(card_date < graded_date)).to_numpy()
        card = columns.read("report_card_category_of_concern", layout.report_card["concern"], read_concerns)
        concern = concern.where(~later, card)
    return concern


def _report_cards(columns: _Columns, layout: Layout) -> dict[str, pd.Series]:
    """Each report-card area and its date; the inspection's number and its date (the latest of its areas')."""
    out: dict[str, pd.Series] = {}
    out["report_card_inspection_number"] = columns.read(
        "report_card_inspection_number", layout.report_card.get("number"), read_whole
    )
    dates = [columns.read("report_card_date", layout.report_card.get("date"), read_dates)]
    areas: dict[str, pd.Series] = {}
    for area, (heading, date_heading) in layout.areas.items():
        name = f"report_card_{area}"
        areas[name] = columns.read(name, heading, read_cards)
        areas[f"{name}_date"] = columns.read(f"{name}_date", date_heading, read_dates)
        dates.append(areas[f"{name}_date"])
    out["report_card_date"] = pd.concat(dates, axis=1).max(axis=1)
    return {**out, **areas}


def _ungraded(columns: _Columns, ungraded: Mapping[str, str]) -> dict[str, pd.Series]:
    return {
        "ungraded_inspection_number": columns.read("ungraded_inspection_number", ungraded.get("number"), read_whole),
        "ungraded_date": columns.read("ungraded_date", ungraded.get("date"), read_dates),
        "ungraded_outcome": columns.read("ungraded_outcome", ungraded.get("outcome"), read_as_written),
    }


def _check_read(columns: _Columns, layout: Layout, out: pd.DataFrame, file: str) -> None:
    """Refuse a file whose judgements hold values of which none could be read."""
    looked = [*layout.judgement_columns, *layout.unread]
    if not any((~columns.blank(h)).any() for h in looked):
        return
    judged = [*JUDGEMENTS, "safeguarding", "category_of_concern", "ungraded_outcome"]
    judged += [f"report_card_{a}" for a in layout.areas]
    if out["overall_not_judged"].any() or any(out[c].notna().any() for c in judged):
        return
    named = ", ".join(repr(h) for h in looked)
    raise SchemaError(
        [
            Problem(
                file,
                1,
                None,
                None,
                f"Ofsted's judgements in the columns that look like them ({named}); none of their values could be "
                "read as a grade 1 to 4, a report card's grade, a category of concern or an outcome",
            )
        ]
    )


def read_ofsted(path: str | Path, *, history: pd.DataFrame | None = None, sheet: str | None = None) -> pd.DataFrame:
    r"""Read Ofsted's management-information file of state-funded school inspections.

    Every layout Ofsted has published since 2019 is read, by what its columns
    mean: the graded inspection's judgements bare ("Overall effectiveness", as
    in 2019 to 2025) or prefixed ("Latest OEIF overall effectiveness", from
    2025-26); report-card areas with their dates, however the dates are named
    ("Achievement - date of judgement", "Achievement - date of grade");
    categories of concern as codes ("SM", "SWK") or words; the ungraded (in
    2019, "section 8") inspection. Columns about a previous inspection are not
    read.

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
        The Excel sheet to read; the first by default.

    Returns
    -------
    pandas.DataFrame
        One row per school, indexed by ``urn``, with:

        - of the latest graded inspection: ``inspected_urn`` (the URN it was
          of: a predecessor's, before a conversion) and
          ``predecessor_inspected``; ``graded_inspection_number``,
          ``graded_date``; ``overall`` (outstanding, good, requires
          improvement, inadequate or none), ``overall_grade`` (1 to 4) and
          ``overall_not_judged`` (true where Ofsted wrote "Not judged", as it
          has since September 2024: not the same as no graded inspection);
          the key judgements graded 1 to 4: ``quality_of_education``,
          ``behaviour_and_attitudes``, ``personal_development``,
          ``leadership_and_management``, ``early_years`` and ``sixth_form``;
          ``safeguarding`` as written;
        - ``category_of_concern`` ("special measures", "serious weaknesses"
          or blank) at the latest inspection;
        - of the latest ungraded inspection: ``ungraded_inspection_number``,
          ``ungraded_date`` and ``ungraded_outcome`` as written;
        - of the latest report card: ``report_card_inspection_number``,
          ``report_card_date`` (the latest of its areas' dates), and for each
          area in the file ``report_card_<area>`` as Ofsted writes it
          ("Needs attention", "Met", "Not applicable"; blank where the school
          has no report card) with its date, ``report_card_<area>_date``.

        Columns the file does not have are blank. Values that cannot be read
        are blank and kept as written in ``<column>_raw``, with one
        :class:`~schoolnet.errors.KeptAsTextWarning`.

        ``attrs["line"]`` gives the line of the file each school's row was
        read from. A school listed on more than one row (the same URN twice,
        or, with ``history``, a school and its predecessor) keeps the row
        with the latest inspection; the others are set aside, with a
        :class:`~schoolnet.errors.SetAsideWarning`, into
        ``attrs["set_aside"]`` (``file``, ``line``, ``urn``, ``urn_as_read``,
        ``latest_inspection`` and ``reason``): the rows read are the rows
        returned plus those set aside.

    Raises
    ------
    SchemaError
        If the file has no ``URN`` column, or a URN is not a whole number; if
        it has no column of Ofsted's judgements; or if it has columns that
        look like judgements but none of their values could be read.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "management_information_state_funded_schools.csv"
    >>> _ = path.write_text(
    ...     "URN,URN at time of latest OEIF graded inspection,Inspection start date of latest OEIF graded inspection,"
    ...     "Latest OEIF overall effectiveness,Latest OEIF category of concern,Latest OEIF quality of education,"
    ...     "Achievement,Achievement - date of grade\n"
    ...     "140001,100001,12/03/2019,2,,2,NULL,NULL\n"
    ...     "140002,140002,05/11/2024,Not judged,SWK,3,NULL,NULL\n"
    ...     "140003,140003,NULL,NULL,NULL,NULL,Needs attention,17/11/2025\n"
    ... )
    >>> table = read_ofsted(path)
    >>> table[["overall", "overall_not_judged", "quality_of_education", "category_of_concern"]]
           overall  overall_not_judged  quality_of_education category_of_concern
    urn
    140001    good               False                     2                None
    140002    none                True                     3  serious weaknesses
    140003    none               False                  <NA>                None
    >>> table.loc[140003, ["report_card_achievement", "report_card_date"]].tolist()
    ['Needs attention', Timestamp('2025-11-17 00:00:00')]
    """
    raw = read_table_file(path, sheet=sheet)
    frame, file = raw.frame.reset_index(drop=True), raw.file
    layout = find_layout(frame, file)
    urns, problems = urn_problems(frame[layout.urn], column=layout.urn, file=file, lines=raw.lines)
    if problems:
        raise SchemaError(problems)
    urns = urns.astype("int64").reset_index(drop=True)
    columns = _Columns(frame)
    graded = _graded(columns, layout.graded, urns)
    cards = _report_cards(columns, layout)
    concern = _concern(columns, layout, graded["graded_date"], cards["report_card_date"])
    parts = {**graded, "category_of_concern": concern, **_ungraded(columns, layout.ungraded), **cards}
    out = pd.DataFrame({"urn": urns, **{k: parts[k].reset_index(drop=True) for k in _column_order(list(parts))}})
    for name, values in columns.raw.items():
        out[name] = values.reset_index(drop=True)
    _check_read(columns, layout, out, file)
    warning = kept_as_text_warning(file, columns.unread)
    if warning is not None:
        warnings.warn(warning, stacklevel=2)
    return _latest_per_school(out, raw.lines, file, history)


def _latest_per_school(out: pd.DataFrame, lines: np.ndarray, file: str, history: pd.DataFrame | None) -> pd.DataFrame:
    """One row per school, the latest inspected; the other rows of a school set aside, with a warning."""
    as_read = out["urn"].to_numpy()
    if history is not None:
        out["urn"] = current_urns(out["urn"], history).astype("int64").to_numpy()
    latest = out[list(_DATES)].max(axis=1)
    key = latest.fillna(pd.Timestamp(0)).to_numpy().astype("datetime64[ns]").astype("int64")
    order = np.lexsort((-key, out["urn"].to_numpy()))
    again = out["urn"].iloc[order].duplicated(keep="first").to_numpy()
    dropped = order[again]
    aside = pd.DataFrame(
        {
            "file": file,
            "line": lines[dropped],
            "urn": out["urn"].to_numpy()[dropped],
            "urn_as_read": as_read[dropped],
            "latest_inspection": latest.to_numpy()[dropped],
            "reason": "the school has another row in the file with a later inspection"
            + (" (under its own or a predecessor's URN)" if history is not None else ""),
        }
    )
    kept = order[~again]
    table = out.iloc[kept].set_index("urn").sort_index()
    table.attrs["line"] = pd.Series(lines[kept], index=out["urn"].to_numpy()[kept], name="line").sort_index()
    table.attrs["set_aside"] = aside
    if len(aside):
        warnings.warn(
            SetAsideWarning(
                f"{len(aside)} rows of {file} set aside: each names a school listed again with a later inspection; "
                "see read_ofsted(...).attrs['set_aside']"
            ),
            stacklevel=3,
        )
    return table


def _column_order(names: list[str]) -> list[str]:
    """The table's columns: the graded inspection, its concern, the ungraded one, then report cards."""
    first = ["inspected_urn", "predecessor_inspected", "graded_inspection_number", "graded_date", "overall"]
    first += ["overall_grade", "overall_not_judged", *JUDGEMENTS[1:], "safeguarding", "category_of_concern"]
    return [*first, *(n for n in names if n not in first)]


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
        has one. A school Ofsted's file does not list keeps the register's
        grade as its overall one (``ofsted_overall`` and
        ``ofsted_overall_grade``), and is blank in Ofsted's other columns.

    Examples
    --------
    School 2 is not in Ofsted's file: the register's grade stays its grade.

    >>> import schoolnet
    >>> register = pd.DataFrame({"urn": [1, 2], "name": ["A", "B"], "ofsted": ["none", "requires improvement"]})
    >>> tables = schoolnet.Tables.from_frames(register)
    >>> ofsted = pd.DataFrame(
    ...     {"overall": ["good"], "overall_grade": pd.array([2], dtype="Int64"),
    ...      "quality_of_education": pd.array([2], dtype="Int64")},
    ...     index=pd.Index([1], name="urn"),
    ... )
    >>> joined = join_ofsted(tables, ofsted).schools
    >>> joined[["ofsted", "ofsted_overall_grade", "ofsted_quality_of_education"]]
                       ofsted  ofsted_overall_grade  ofsted_quality_of_education
    urn
    1                    good                     2                            2
    2    requires improvement                     3                         <NA>
    """
    if not isinstance(ofsted, pd.DataFrame) or ofsted.index.name != "urn":
        raise SchoolnetError("ofsted: expected the table read_ofsted returns, indexed by urn")
    schools = tables.schools.copy()
    added = ofsted.add_prefix(prefix).reindex(schools.index)
    schools = schools.drop(columns=[c for c in added.columns if c in schools.columns]).join(added)
    register = (
        schools["ofsted"].astype("object") if "ofsted" in schools.columns else pd.Series(OFSTED[-1], schools.index)
    )
    unlisted = ~schools.index.isin(ofsted.index)
    if f"{prefix}overall" in schools.columns:
        overall = schools[f"{prefix}overall"].astype("object")
        take = (register == OFSTED[-1]) & overall.notna() & (overall != OFSTED[-1])
        schools.loc[take, "ofsted"] = overall[take]
        schools[f"{prefix}overall"] = overall.where(~unlisted, register)
    if f"{prefix}overall_grade" in schools.columns:
        fallback = pd.to_numeric(register.map(OFSTED_GRADE)).astype("Int64")
        grade = schools[f"{prefix}overall_grade"].astype("Int64")
        schools[f"{prefix}overall_grade"] = grade.where(~unlisted, fallback)
    return replace(tables, schools=schools)


def _column(schools: pd.DataFrame, name: str, prefix: str) -> pd.Series | None:
    for candidate in (f"{prefix}{name}", name):
        if candidate in schools.columns:
            return schools[candidate]
    return None


def _overall_grade(schools: pd.DataFrame, prefix: str) -> pd.Series | None:
    """Ofsted's overall grade, or the register's where the schools carry only the register's ``ofsted``."""
    values = _column(schools, "overall_grade", prefix)
    if values is None and "ofsted" in schools.columns:
        values = schools["ofsted"].astype("object").map(OFSTED_GRADE)
    return None if values is None else pd.to_numeric(values, errors="coerce")


def _area_columns(schools: pd.DataFrame, prefix: str) -> list[str]:
    """The report-card areas' columns, by their names in the schools table."""
    start, skip = f"{prefix}report_card_", ("_date", "_raw", "_inspection_number", "_category_of_concern")
    return [c for c in map(str, schools.columns) if c.startswith(start) and not c.endswith(skip)]


def _holds(values: pd.Series, words: Iterable[str]) -> np.ndarray:
    """Whether each value is one of ``words`` (folded)."""
    wanted = frozenset(words)
    return per_distinct(values, lambda v: isinstance(v, str) and fold(v) in wanted).to_numpy(dtype=bool)


def _latest_inspection(schools: pd.DataFrame, prefix: str) -> pd.Series:
    """The date of each school's latest inspection of any kind: graded, ungraded or report card."""
    dates = [pd.to_datetime(c) for name in _DATES if (c := _column(schools, name, prefix)) is not None]
    if not dates:
        return pd.Series(pd.NaT, index=schools.index, dtype="datetime64[ns]")
    return pd.concat(dates, axis=1).max(axis=1)


_T = TypeVar("_T")


def _some_of(
    name: str, value: object, allowed: Mapping[str, _T], example: str, key: Callable[[object], str] = cell_text
) -> tuple[_T, ...]:
    """Each of a list's values in ``allowed`` (looked up by ``key``), or a ParameterError naming the value."""
    listed = ", ".join(repr(a) for a in dict.fromkeys(allowed.values()))
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ParameterError(f"{name}={value!r}: expected a list of some of {listed}, such as {example}")
    chosen = []
    for item in value:
        if isinstance(item, bool) or key(item) not in allowed:
            raise ParameterError(f"{name}: {item!r} is not allowed; expected some of {listed}, such as {example}")
        chosen.append(allowed[key(item)])
    return tuple(dict.fromkeys(chosen))


def _definition_arguments(
    judgements: object, grades: object, report_card: object, prefix: object
) -> tuple[tuple[str, ...], frozenset[int], frozenset[str]]:
    """The checked arguments shared by :func:`need_from_ofsted` and :func:`strong_from_ofsted`."""
    chosen = _some_of("judgements", judgements, {fold(j): j for j in JUDGEMENTS}, "['quality_of_education']")
    by_grade = {str(g): g for g in OFSTED_GRADE.values()}
    wanted = _some_of("grades", grades, by_grade, "[3, 4]", key=lambda g: str(int(g)) if is_whole(g) else "")
    cards = {fold(w): fold(w) for w in REPORT_CARD_WORDS if fold(w) != _NOT_APPLICABLE}
    words = _some_of("report_card", report_card, cards, "['Needs attention', 'Urgent improvement']")
    if not isinstance(prefix, str):
        raise ParameterError(f"prefix={prefix!r}: expected text, such as 'ofsted_'")
    return chosen, frozenset(wanted), frozenset(words)


def need_from_ofsted(
    *,
    judgements: Iterable[str] = ("overall_grade", "quality_of_education", "leadership_and_management"),
    grades: Iterable[int] = (3, 4),
    concern: bool = True,
    report_card: Iterable[str] = ("Needs attention", "Urgent improvement", "Not met"),
    older_than_years: float | None = None,
    as_of: str | pd.Timestamp | None = None,
    prefix: str = "ofsted_",
) -> Callable[[pd.DataFrame], pd.Series]:
    """A definition of need on Ofsted's outcomes, for :func:`schoolnet.in_need`.

    With its defaults it reads, in words an analyst can quote: *a school is in
    need of support when its latest graded Ofsted inspection found it requires
    improvement or is inadequate (overall, or, where it has no overall grade,
    in the quality of education or in leadership and management), when it is
    in special measures or has serious weaknesses, or when its report card
    grades an area "needs attention" or "urgent improvement" or finds its
    safeguarding standards not met.* :func:`schoolnet.in_need` adds: *or when
    it is professionally isolated.*

    In general a school is in need when any of these holds: a judgement in
    ``judgements`` is one of ``grades`` (the others only where there is no
    overall grade, when ``overall_grade`` is among them); it is in a category
    of concern (with ``concern``); a report-card area is one of
    ``report_card``; or (with ``older_than_years``) its latest inspection of
    any kind, graded, ungraded or report card, is older than that, or it has
    none on record. The register's own ``ofsted`` column is the overall grade
    where Ofsted's columns are absent.

    Parameters
    ----------
    judgements : list of str
        Columns of :data:`JUDGEMENTS` to look at.
    grades : list of int, default (3, 4)
        The grades that mean need: requires improvement and inadequate.
    concern : bool, default True
        Whether special measures and serious weaknesses mean need.
    report_card : list of str
        Report-card grades that mean need, of ``REPORT_CARD_WORDS`` ("Not
        met" is safeguarding's); case does not matter.
    older_than_years : float, optional
        Also count a school whose latest inspection is older than this many
        calendar years (counted in months: 0.5 is 6 months), or that has none.
    as_of : date, optional
        The date ages are measured from; today by default.
    prefix : str, default "ofsted_"
        The prefix :func:`join_ofsted` put before Ofsted's columns.

    Returns
    -------
    callable
        Takes a schools table (such as :func:`schoolnet.nodes_frame`) and
        returns a boolean Series.

    Raises
    ------
    ParameterError
        If an argument is not one of the values allowed (a judgement, a grade,
        a report card's word), or is a string where a list is wanted.

    Examples
    --------
    >>> schools = pd.DataFrame(
    ...     {
    ...         "ofsted": ["none", "none", "good"],
    ...         "ofsted_quality_of_education": pd.array([3, 2, pd.NA], dtype="Int64"),
    ...         "ofsted_report_card_achievement": [None, "Needs attention", None],
    ...         "ofsted_graded_date": pd.to_datetime(["2023-03-01", None, "2019-01-10"]),
    ...     },
    ...     index=pd.Index([1, 2, 3], name="urn"),
    ... )
    >>> need_from_ofsted()(schools).tolist()
    [True, True, False]
    >>> need_from_ofsted(judgements=["quality_of_education"], report_card=())(schools).tolist()
    [True, False, False]

    A year is a calendar year: an inspection on 1 March 2023 is not more than a year old on 1 March 2024.

    >>> need_from_ofsted(grades=[4], report_card=[], older_than_years=1, as_of="2024-03-01")(schools).tolist()
    [False, True, True]
    """
    chosen, wanted, cards = _definition_arguments(judgements, grades, report_card, prefix)
    if not isinstance(concern, bool | np.bool_):
        raise ParameterError(f"concern={concern!r}: expected True or False")
    years = number("older_than_years", older_than_years, minimum=0, allow_none=True)
    months = None if years is None else round(12 * years)
    when = _as_of(as_of)

    def definition(schools: pd.DataFrame) -> pd.Series:
        flags = np.zeros(len(schools), dtype=bool)
        overall = _overall_grade(schools, prefix)
        graded = overall.notna().to_numpy() if overall is not None else np.zeros(len(schools), dtype=bool)
        for name in chosen:
            values = overall if name == "overall_grade" else _column(schools, name, prefix)
            if values is None:
                continue
            hit = pd.to_numeric(values, errors="coerce").isin(wanted).to_numpy(dtype=bool)
            flags |= hit & ~graded if name != "overall_grade" and "overall_grade" in chosen else hit
        concern_column = _column(schools, "category_of_concern", prefix)
        if concern and concern_column is not None:
            flags |= _holds(concern_column, OFSTED_CONCERNS)
        for column in _area_columns(schools, prefix):
            flags |= _holds(schools[column], cards)
        if months is not None:
            latest = _latest_inspection(schools, prefix)
            flags |= (latest.isna() | (latest < when - pd.DateOffset(months=months))).to_numpy(dtype=bool)
        return pd.Series(flags, index=schools.index, name="in_need")

    return definition


def _as_of(as_of: object) -> pd.Timestamp:
    if as_of is None:
        return pd.Timestamp.today().normalize()
    try:
        when = pd.Timestamp(as_of)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise ParameterError(f"as_of={as_of!r}: expected a date, such as '2026-02-28'") from err
    if pd.isna(when):
        raise ParameterError(f"as_of={as_of!r}: expected a date, such as '2026-02-28'")
    return when


def strong_from_ofsted(
    *,
    judgements: Iterable[str] = ("overall_grade", "quality_of_education", "leadership_and_management"),
    grades: Iterable[int] = (1, 2),
    report_card: Iterable[str] = ("Exceptional", "Strong standard"),
    prefix: str = "ofsted_",
) -> Callable[[pd.DataFrame], pd.Series]:
    """A definition of strength on Ofsted's outcomes, for :func:`schoolnet.strong`.

    A school is strong when it has at least one judgement in ``judgements``
    or one report-card area graded on the five-point scale, every such
    judgement it has is one of ``grades``, every such area is one of
    ``report_card``, its safeguarding standards are not "Not met", and it is
    not in a category of concern. A school inspected by report card is judged
    by it too: one graded good before that has an area that needs attention
    is not strong. The register's own ``ofsted`` column is the overall grade
    where Ofsted's columns are absent.

    Parameters
    ----------
    judgements : list of str
        Columns of :data:`JUDGEMENTS` to look at.
    grades : list of int, default (1, 2)
        The grades that mean strength: outstanding and good.
    report_card : list of str
        Report-card grades that mean strength; case does not matter.
    prefix : str, default "ofsted_"
        The prefix :func:`join_ofsted` put before Ofsted's columns.

    Returns
    -------
    callable
        Takes a schools table and returns a boolean Series.

    Raises
    ------
    ParameterError
        If an argument is not one of the values allowed, or is a string where
        a list is wanted.

    Examples
    --------
    >>> schools = pd.DataFrame(
    ...     {
    ...         "ofsted": ["good", "none", "none", "good"],
    ...         "ofsted_quality_of_education": pd.array([2, 3, pd.NA, 2], dtype="Int64"),
    ...         "ofsted_report_card_achievement": [None, None, "Strong standard", "Needs attention"],
    ...         "ofsted_report_card_safeguarding_standards": [None, None, "Met", "Met"],
    ...     },
    ...     index=pd.Index([1, 2, 3, 4], name="urn"),
    ... )
    >>> strong_from_ofsted()(schools).tolist()
    [True, False, True, False]
    >>> strong_from_ofsted(judgements=["overal"])
    Traceback (most recent call last):
    ...
    schoolnet.errors.ParameterError: judgements: 'overal' is not allowed; expected some of 'overall_grade', \
'quality_of_education', 'behaviour_and_attitudes', 'personal_development', 'leadership_and_management', \
'early_years', 'sixth_form', such as ['quality_of_education']
    """
    chosen, wanted, cards = _definition_arguments(judgements, grades, report_card, prefix)
    scale = frozenset(fold(g) for g in REPORT_CARD_GRADES)

    def definition(schools: pd.DataFrame) -> pd.Series:
        seen = np.zeros(len(schools), dtype=bool)
        good = np.ones(len(schools), dtype=bool)
        overall = _overall_grade(schools, prefix)
        for name in chosen:
            values = overall if name == "overall_grade" else _column(schools, name, prefix)
            if values is None:
                continue
            grade = pd.to_numeric(values, errors="coerce")
            has = grade.notna().to_numpy()
            seen |= has
            good &= ~has | grade.isin(wanted).to_numpy(dtype=bool)
        for column in _area_columns(schools, prefix):
            graded = _holds(schools[column], scale | {fold("Not met")})
            seen |= graded
            good &= ~graded | _holds(schools[column], cards)
        concern_column = _column(schools, "category_of_concern", prefix)
        if concern_column is not None:
            good &= ~_holds(concern_column, OFSTED_CONCERNS)
        return pd.Series(seen & good, index=schools.index, name="strong")

    return definition
