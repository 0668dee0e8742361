"""The columns of Ofsted's management-information file, recognised by what they mean.

Ofsted has renamed the columns of its monthly file of state-funded school
inspections many times since 2019: the graded inspection was the "latest full
inspection", then the "latest graded inspection", and from the 2025-26 files the
"Latest OEIF" one, whose judgements are prefixed (``Latest OEIF overall
effectiveness``); the ungraded inspection was a "section 8" or "short"
inspection; report cards, from November 2025, have a column per evaluation area,
each with its date ("Achievement - date of judgement", later "- date of grade").

:func:`find_layout` reads the headings as words: which inspection a column is
about (the graded one, the ungraded one, the report card, or the most recent of
any kind) and what it says of it (a date, an inspection number, the URN at the
time, a judgement). A column about a previous inspection is never read. The
``read_*`` functions read the values of a column: each returns the values read
and which of them could not be.

Examples
--------
>>> import pandas as pd
>>> headings = ["URN", "Latest OEIF overall effectiveness", "Inspection start date of latest OEIF graded inspection",
...             "Inspection start date", "Achievement", "Achievement - date of grade", "Previous overall effectiveness"]
>>> layout = find_layout(pd.DataFrame(columns=headings), "mi.csv")
>>> layout.graded
{'overall': 'Latest OEIF overall effectiveness', 'date': 'Inspection start date of latest OEIF graded inspection'}
>>> layout.report_card, layout.areas
({'date': 'Inspection start date'}, {'achievement': ('Achievement', 'Achievement - date of grade')})
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from .._text import fold, per_distinct
from ..errors import Problem, SchemaError
from ..tables.vocabulary import OFSTED_CONCERNS, OFSTED_GRADE, REPORT_CARD_WORDS

__all__ = [
    "BLANK",
    "JUDGEMENT_WORDS",
    "REPORT_CARD_AREAS",
    "Layout",
    "cell_text",
    "find_layout",
    "read_as_written",
    "read_cards",
    "read_concerns",
    "read_dates",
    "read_grades",
    "read_whole",
]

#: What each of a graded inspection's judgements is called in Ofsted's headings, by its name in the table:
#: a heading holds these words (ignoring case, spacing and hyphens) and none of the words after them.
JUDGEMENT_WORDS: Final[Mapping[str, tuple[str, tuple[str, ...]]]] = {
    "overall": ("overall effectiveness", ()),
    "quality_of_education": ("quality of education", ()),
    "behaviour_and_attitudes": ("behaviour and attitudes", ()),
    "personal_development": ("personal development", ("wellbeing", "well being", "behaviour")),
    "leadership_and_management": ("leadership and management", ()),
    "early_years": ("early years provision", ()),
    "sixth_form": ("sixth form provision", ()),
    "safeguarding": ("safeguarding", ("standards",)),
}

#: The evaluation areas of Ofsted's report cards (from November 2025), as Ofsted names their columns without
#: "(where applicable)". A column named as one of these, or with a date column "<name> - date of ...", is an area.
REPORT_CARD_AREAS: Final = (
    "Safeguarding standards",
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and wellbeing",
    "Early years",
    "Post-16 provision",
    "Leadership and governance",
)

_AREA_DATE = re.compile(r"^(?P<area>.+) date of (?:judgement|grade|grading)$")
_WHERE_APPLICABLE = re.compile(r"\(where applicable\)|[()?]")
# Words of a heading that looks like a judgement, for the error when none is read.
_JUDGEMENT_LIKE: Final = ("effectiveness", "judgement", "grade", "outcome", "concern", "standard")
_NO_JUDGEMENTS: Final = (
    "columns of Ofsted's judgements, such as 'Overall effectiveness', 'Latest OEIF quality of education', "
    "'Achievement' or 'Ungraded inspection overall outcome'"
)


@dataclass(frozen=True)
class Layout:
    """The headings of the columns read from one file, by what they hold.

    Attributes
    ----------
    urn : str
        The URN column.
    graded : dict
        Of the latest graded inspection: ``date``, ``number``, ``urn`` (the URN
        at the time), ``concern`` and the judgements of :data:`JUDGEMENT_WORDS`.
    report_card : dict
        Of the latest report-card inspection: ``date``, ``number``, ``urn`` and
        ``concern``, where the file has them apart from the graded one's.
    areas : dict
        Each report-card area, by its name in the table (``achievement``): its
        column and its date column, if any.
    ungraded : dict
        Of the latest ungraded inspection: ``date``, ``number``, ``urn`` and
        ``outcome``.
    latest_concern : str or None
        A column of the category of concern at the most recent inspection of
        any kind ("Most recent category of concern").
    unread : tuple of str
        Other headings that look like judgements, named when nothing is read.
    """

    urn: str
    graded: dict[str, str] = field(default_factory=dict)
    report_card: dict[str, str] = field(default_factory=dict)
    areas: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    ungraded: dict[str, str] = field(default_factory=dict)
    latest_concern: str | None = None
    unread: tuple[str, ...] = ()

    @property
    def judgement_columns(self) -> list[str]:
        """Every column read that holds a judgement, an outcome or a category of concern."""
        graded = [h for k, h in self.graded.items() if k in JUDGEMENT_WORDS or k == "concern"]
        others = [self.report_card.get("concern"), self.ungraded.get("outcome"), self.latest_concern]
        return [*graded, *(h for h, _ in self.areas.values()), *(h for h in others if h is not None)]


def _block(heading: str) -> str | None:
    """Which inspection a folded heading is about: graded, ungraded, full (either), latest, or None (previous)."""
    if "previous" in heading:
        return None
    if any(w in heading for w in ("ungraded", "section 8", "short inspection")):
        return "ungraded"
    if "oeif" in heading or "graded" in heading:
        return "graded"
    if "most recent" in heading:
        return "latest"
    return "full"


def _field(heading: str) -> str | None:
    """What a folded heading says of its inspection, or None."""
    if heading.startswith("urn at time"):
        return "urn"
    if "inspection number" in heading:
        return "number"
    if "category of concern" in heading:
        return "concern"
    if "outcome" in heading:
        return "outcome"
    dated = "start date" in heading or heading.startswith("date of") or "inspection date" in heading
    if dated and "publication" not in heading and "end date" not in heading:
        return "date"
    for name, (words, unless) in JUDGEMENT_WORDS.items():
        if words in heading and not any(u in heading for u in unless):
            return name
    return None


def _area(heading: str) -> str:
    """A report-card area's heading without "(where applicable)", folded."""
    return " ".join(_WHERE_APPLICABLE.sub(" ", heading).split())


def _known(heading: str, known: Mapping[str, str]) -> str:
    """A report-card area's heading, folded, without "(where applicable)", and as Ofsted names it now if it is known."""
    area = _area(heading)
    return known.get(area.replace(" ", ""), area)


def _slug(area: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", area).strip("_")


#: What Ofsted writes for an empty cell, in any column, folded.
BLANK: Final = frozenset({"", "null", "nan", "nat", "n/a", "na"})
# ... and these for "no grade" in a grade column: 9 is "not applicable", as for the sixth form of a primary school.
_NO_GRADE: Final = frozenset({"9", "9.0", "not judged", "not applicable", "none", "no judgement"})
_GRADE_WORDS: Final[Mapping[str, int]] = {
    **OFSTED_GRADE,
    **{str(g): g for g in OFSTED_GRADE.values()},
    **{f"{g}.0": g for g in OFSTED_GRADE.values()},
}
_CARD_WORDS: Final[Mapping[str, str]] = {fold(w): w for w in REPORT_CARD_WORDS}


def cell_text(value: object) -> str:
    """A cell's text, folded; empty for a missing value."""
    return fold(str(value)) if isinstance(value, str | int | float) and value == value else ""


def _words(values: pd.Series, words: Mapping[str, object], no_value: frozenset[str]) -> tuple[pd.Series, np.ndarray]:
    """Values looked up in ``words`` (folded); blank for empty cells and ``no_value``; and which were not read."""
    text = per_distinct(values, cell_text)
    read = text.map(words)
    return read, (read.isna() & ~text.isin(BLANK | no_value)).to_numpy()


def read_grades(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Grades 1 to 4 from digits or words; blank for Ofsted's "no judgement" codes; and which values were not read."""
    read, unread = _words(values, _GRADE_WORDS, _NO_GRADE)
    return pd.to_numeric(read).astype("Int64"), unread


def read_concerns(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Categories of concern from codes (SM, SWK) or words; blank for none."""
    read, unread = _words(values, OFSTED_CONCERNS, frozenset({"none"}))
    return read.astype("object").where(read.notna(), None), unread


def read_cards(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Report-card grades as Ofsted writes them, whatever their case and spacing."""
    read, unread = _words(values, _CARD_WORDS, frozenset())
    return read.astype("object").where(read.notna(), None), unread


def read_as_written(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Text kept as written, blank for Ofsted's empty cells."""
    blank = per_distinct(values, cell_text).isin(BLANK)
    kept = values.astype("object").map(lambda v: v.strip() if isinstance(v, str) else v)
    return kept.where(~blank, None), np.zeros(len(values), dtype=bool)


def read_whole(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Whole numbers (URNs, inspection numbers); blank for Ofsted's empty cells."""
    blank = per_distinct(values, cell_text).isin(BLANK)
    numbers = pd.to_numeric(values.astype("object").where(~blank), errors="coerce")
    whole = numbers.notna() & (numbers.fillna(0.5) % 1 == 0)
    return numbers.where(whole).astype("Int64"), (~whole & ~blank).to_numpy()


def read_dates(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Dates written DD/MM/YYYY (as Ofsted does), DD-MM-YYYY or YYYY-MM-DD, or read as dates from Excel."""
    # A column of dates repeats a few hundred days: parse each once.
    codes, distinct = pd.factorize(values.astype("object"), use_na_sentinel=True)
    parsed, unread = _parse_dates(pd.Series([*distinct, None], dtype="object"))
    at = np.where(codes < 0, len(distinct), codes)
    return pd.Series(parsed.to_numpy()[at], index=values.index, dtype="datetime64[ns]"), unread[at]


def _parse_dates(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    text = values.map(lambda v: str(v).strip() if isinstance(v, str) else v)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
    blank = values.isna().to_numpy() | values.map(cell_text).isin(BLANK).to_numpy()
    dated = values.map(lambda v: isinstance(v, pd.Timestamp)).to_numpy(dtype=bool)
    parsed = parsed.where(~dated, pd.to_datetime(values.where(dated), errors="coerce"))
    return parsed, (parsed.isna().to_numpy() & ~blank)


_SCALE: Final = frozenset(fold(w) for w in REPORT_CARD_WORDS[:5])


def _on_report_card_scale(values: pd.Series | pd.DataFrame) -> bool:
    """Whether a column's values are all a report card's words, and some are on its five-point scale."""
    if isinstance(values, pd.DataFrame):  # two columns of the same heading: neither is read
        return False
    most = 2 * len(REPORT_CARD_WORDS)  # more distinct values are names, postcodes, numbers: not a report card's
    if len(pd.unique(values.iloc[:500].to_numpy(dtype=object))) > most:
        return False
    distinct = pd.unique(values.to_numpy(dtype=object))
    if len(distinct) > most:
        return False
    text = pd.Series([cell_text(v) for v in distinct], dtype="object")
    text = text[~text.isin(BLANK)]
    return bool(len(text)) and bool(text.isin(list(_CARD_WORDS)).all()) and bool(text.isin(list(_SCALE)).any())


def find_layout(frame: pd.DataFrame, file: str) -> Layout:
    """Recognise the columns of an Ofsted management-information file by their headings.

    Parameters
    ----------
    frame : pandas.DataFrame
        The file as read. Its headings say what most columns hold; a column
        no heading explains whose values are all a report card's is read as a
        report-card area.
    file : str
        The file's name, for messages.

    Returns
    -------
    Layout
        The headings read, by what they hold. A bare heading ("Inspection start
        date", "Category of concern") is the graded inspection's where the file
        has no graded heading of the same kind, and the report card's otherwise.

    Raises
    ------
    SchemaError
        If no heading is ``URN``, or none holds a judgement.

    Examples
    --------
    The 2019 layout, where the graded inspection is the "latest full inspection":

    >>> headings = ["URN", "URN at time of latest full inspection", "Inspection start date",
    ...             "Overall effectiveness", "Date of latest section 8 inspection"]
    >>> layout = find_layout(pd.DataFrame(columns=headings), "mi.csv")
    >>> layout.graded, layout.ungraded
    ({'urn': 'URN at time of latest full inspection', 'date': 'Inspection start date', \
'overall': 'Overall effectiveness'}, {'date': 'Date of latest section 8 inspection'})
    """
    folded = {str(h): fold(str(h)) for h in frame.columns}
    urns = [h for h, f in folded.items() if f == "urn"]
    if not urns:
        raise SchemaError(
            [Problem(file, 1, "URN", None, "a column named 'URN': Ofsted's file of state-funded school inspections")]
        )
    # Areas are compared without spaces ("well-being" is "wellbeing"), and named as Ofsted names them now.
    known_areas = {_area(fold(a)).replace(" ", ""): _area(fold(a)) for a in REPORT_CARD_AREAS}
    area_dates = {_known(m["area"], known_areas): h for h, f in folded.items() if (m := _AREA_DATE.match(f))}
    blocks: dict[str, dict[str, str]] = {"graded": {}, "ungraded": {}, "full": {}, "latest": {}}
    areas: dict[str, tuple[str, str | None]] = {}
    unread = []
    for heading, text in folded.items():
        if heading in urns or heading in area_dates.values():
            continue
        area, block = _known(text, known_areas), _block(text)
        if block is not None and (area in known_areas.values() or area in area_dates):
            areas.setdefault(_slug(area), (heading, area_dates.get(area)))
            continue
        kind = _field(text) if block is not None else None
        if block is not None and kind is not None:
            blocks[block].setdefault(kind, heading)
        elif block is not None and _on_report_card_scale(frame[heading]):
            areas.setdefault(_slug(area), (heading, None))
        elif block is not None and any(w in text for w in _JUDGEMENT_LIKE):
            unread.append(heading)
    graded, report_card = blocks["graded"], {}
    for kind, heading in blocks["full"].items():
        if kind in graded:
            report_card[kind] = heading
        else:
            graded[kind] = heading
    layout = Layout(
        urn=urns[0],
        graded=graded,
        report_card=report_card,
        areas=areas,
        ungraded=blocks["ungraded"],
        latest_concern=blocks["latest"].get("concern"),
        unread=tuple(unread),
    )
    if not layout.judgement_columns and not layout.graded.get("date") and not layout.ungraded.get("date"):
        looked = f"; {', '.join(map(repr, unread))} look like judgements but are not named as Ofsted names any"
        raise SchemaError([Problem(file, 1, None, None, _NO_JUDGEMENTS + (looked if unread else ""))])
    return layout
