"""School names, as analysts write them, matched to URNs.

Local authorities keep their clusters as spreadsheets of school *names*:
misspelt, abbreviated, or out of date. :func:`match_schools` finds the school
each name means, with a score and the runner-up, so that a list of names
becomes memberships by URN. Names are first normalised, then compared with
rapidfuzz's ratio: 100 × (1 − the letters to insert or delete to turn one
name into the other / the two names' length together). Of rapidfuzz's scores
it is the fastest and, on misspelt names of the register's schools, the most
often right.

The normalisation, applied to the names given and to the register's alike:

=========================================  ===========================
written                                    read as
=========================================  ===========================
C of E, CofE, C.E., CE, Church of England  church of england
R.C., RC, Roman Catholic, Catholic         catholic
St, St., Saint                             saint
Ss, SS., Sts, Saints                       saints
Prim, Pri, Primary School                  primary
J&I, Junior and Infant(s)                  junior and infant
Inf, Infant(s) School                      infant
Jun, Jnr, Junior School                    junior
Sec, Secondary School                      secondary
Acad, Academy                              academy
VA, VC                                     voluntary aided, controlled
&, and                                     and
case, punctuation, "the"                   ignored
School, Sch, Schl                          ignored
=========================================  ===========================
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np
import pandas as pd

from .._extras import needs_extra
from .._validate import number
from ..errors import ParameterError, SchoolnetWarning
from ..tables.tables import Tables

__all__ = ["UnmatchedNamesWarning", "match_schools", "normalise_name"]

#: Words and phrases read alike, in the order they are replaced.
_RULES: Final = (
    (r"\bchurch of england\b|\bc\s*of\s*e\b|\bcofe\b|\bc\s*e\b", " church of england "),
    (r"\broman catholic\b|\br\s*c\b", " catholic "),
    (r"\bst\b|\bsaint\b", " saint "),
    (r"\bss\b|\bsts\b|\bsaints\b", " saints "),
    (r"\bj\s*(?:and|&)\s*i\b|\bjunior (?:and|&) infants?\b", " junior and infant "),
    (r"\bprim\b|\bpri\b|\bprimary\b", " primary "),
    (r"\binf\b|\binfants\b|\binfant\b", " infant "),
    (r"\bjun\b|\bjnr\b|\bjuniors\b|\bjunior\b", " junior "),
    (r"\bsec\b", " secondary "),
    (r"\bacad\b", " academy "),
    (r"\bva\b", " voluntary aided "),
    (r"\bvc\b", " voluntary controlled "),
)
#: Words that do not tell schools apart. (VA and VC do: "St Mary's CofE VA Primary" and "St Mary's CofE Primary"
#: are different schools, so they are spelt out, not ignored.)
_IGNORED: Final = re.compile(r"\b(?:the|school|sch|schl)\b")
_PUNCTUATION: Final = re.compile(r"[^\w\s]")
_SPACE: Final = re.compile(r"\s+")


class UnmatchedNamesWarning(SchoolnetWarning):
    """Some names matched no school well enough, or two schools equally: see the ``status`` column."""


def normalise_name(name: object) -> str:
    """A school's name as it is compared: lower case, spelt out, without punctuation or filler words.

    Parameters
    ----------
    name : object
        A name as written; anything else is read as blank.

    Returns
    -------
    str

    Examples
    --------
    >>> normalise_name("St. Mary's C of E Prim")
    'saint marys church of england primary'
    >>> normalise_name("Saint Mary's Church of England Primary School")
    'saint marys church of england primary'
    """
    if not isinstance(name, str):
        return ""
    text = name.lower().replace("'", "").replace("\u2019", "").replace("&", " and ")
    text = _PUNCTUATION.sub(" ", text)
    for pattern, replacement in _RULES:
        text = re.sub(pattern, replacement, text)
    text = _IGNORED.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _candidates(schools: pd.DataFrame | Tables, la: str | Iterable[str] | None) -> pd.DataFrame:
    table = schools.schools if isinstance(schools, Tables) else schools
    if "name" not in table.columns:
        raise ParameterError("schools: expected a schools table with a 'name' column, indexed by urn")
    if la is not None:
        wanted = {la} if isinstance(la, str) else set(la)
        if "la" not in table.columns:
            raise ParameterError("la: the schools table has no 'la' column to choose by")
        unknown = wanted - set(table["la"].dropna())
        if unknown:
            raise ParameterError(f"la: {sorted(unknown)[0]!r} is not a local authority of the schools table")
        table = table[table["la"].isin(wanted)]
    return table


def match_schools(
    names: Sequence[object] | pd.Series,
    schools: pd.DataFrame | Tables,
    *,
    la: str | Iterable[str] | None = None,
    threshold: float = 85.0,
    margin: float = 3.0,
) -> pd.DataFrame:
    """Find the school each name means: its URN, the score, and the runner-up.

    Parameters
    ----------
    names : sequence or pandas.Series
        School names as written, such as a column of a cluster spreadsheet.
        A Series keeps its index in the result.
    schools : pandas.DataFrame or Tables
        The schools to match against: a schools table indexed by URN with a
        ``name`` column (and ``la`` to choose by), or tables from
        :func:`schoolnet.read_gias`.
    la : str or iterable of str, optional
        Match only against the schools of these local authorities.
    threshold : float, default 85
        The lowest score, from 0 to 100, that counts as a match.
    margin : float, default 3
        A best score within this many points of the runner-up's is ambiguous.

    Returns
    -------
    pandas.DataFrame
        One row per name, in the order given, with ``name`` as given,
        ``normalised``, ``urn`` (blank unless matched), ``school`` (its name),
        ``score``, ``runner_up``, ``runner_up_school``, ``runner_up_score``,
        and ``status``: ``"matched"``; ``"ambiguous"`` when the runner-up is
        within ``margin`` of the best (two schools of the same name, say), so
        the name is not matched; or ``"unmatched"`` when nothing scores
        ``threshold``. Nothing is dropped: every name has its row.

    Raises
    ------
    ParameterError
        If ``schools`` has no ``name`` column, ``la`` is not one of its local
        authorities, or ``threshold`` or ``margin`` is negative.
    MissingExtraError
        If rapidfuzz is not installed (``pip install "schoolnet[matching]"``).

    Warns
    -----
    UnmatchedNamesWarning
        If any name is unmatched or ambiguous, with the counts.

    Examples
    --------
    >>> schools = pd.DataFrame(
    ...     {"name": ["Saint Mary's C of E Primary School", "Oakfield Junior School", "Oakfield Infant School"]},
    ...     index=pd.Index([101, 102, 103], name="urn"),
    ... )
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     found = match_schools(["St Marys CofE Prim", "Oakfeild Jun", "Atlantis High"], schools)
    >>> found[["urn", "score", "status"]]
        urn  score     status
    0   101  100.0    matched
    1   102   93.3    matched
    2  <NA>   35.7  unmatched
    >>> print(caught[0].message)
    1 name matched no school and 0 matched two equally well (for example 'Atlantis High'); ...

    "St Marys CofE Prim" and "Saint Mary's C of E Primary School" are both
    read as "saint marys church of england primary": 100. "oakfeild junior"
    becomes "oakfield junior" by deleting one letter and inserting it again,
    2 of the two names' 30 letters: 100 × (1 − 2 / 30) = 93.3.
    """
    least = number("threshold", threshold, minimum=0)
    gap = number("margin", margin, minimum=0)
    given = names if isinstance(names, pd.Series) else pd.Series(list(names))
    # In URN order, so that equal scores go to the lower URN whatever the table's order.
    table = _candidates(schools, la).sort_index(kind="stable")
    wanted = [normalise_name(n) for n in given]
    choices = table["name"].map(normalise_name).tolist()
    out = pd.DataFrame({"name": given.to_numpy(dtype=object), "normalised": wanted}, index=given.index)
    best, best_score, second, second_score = _best_two(wanted, choices)
    urns = table.index.to_numpy()
    school_names = table["name"].to_numpy(dtype=object)
    found = best >= 0
    ambiguous = found & (second >= 0) & (best_score - second_score <= gap) & (best_score >= least)
    matched = found & (best_score >= least) & ~ambiguous
    blank = np.array([not w for w in wanted], dtype=bool)
    matched &= ~blank
    out["urn"] = pd.Series(urns[np.maximum(best, 0)], index=out.index).where(matched).astype("Int64")
    out["school"] = pd.Series(school_names[np.maximum(best, 0)], index=out.index).where(found)
    out["score"] = np.round(best_score, 1)
    out["runner_up"] = pd.Series(urns[np.maximum(second, 0)], index=out.index).where(second >= 0).astype("Int64")
    out["runner_up_school"] = pd.Series(school_names[np.maximum(second, 0)], index=out.index).where(second >= 0)
    out["runner_up_score"] = np.round(second_score, 1)
    out["status"] = np.where(matched, "matched", np.where(ambiguous & ~blank, "ambiguous", "unmatched"))
    _warn(out)
    return out


#: How many scores are held at once: names are scored in blocks of rows so that memory stays bounded.
_BLOCK: Final = 1 << 24


def _best_two(wanted: list[str], choices: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each wanted name, the positions and scores of its best and second-best choices (-1 and 0 if none)."""
    process = needs_extra("rapidfuzz.process", extra="matching", what="match_schools")
    ratio = needs_extra("rapidfuzz.fuzz", extra="matching", what="match_schools").ratio
    n = len(wanted)
    best, second = np.full(n, -1), np.full(n, -1)
    best_score, second_score = np.zeros(n), np.zeros(n)
    if not n or not choices:
        return best, best_score, second, second_score
    step = max(1, _BLOCK // len(choices))
    for start in range(0, n, step):
        rows = slice(start, start + step)
        scores = process.cdist(wanted[rows], choices, scorer=ratio, dtype=np.float32, workers=-1)
        block = np.arange(len(scores))
        best[rows] = top = np.argmax(scores, axis=1)
        best_score[rows] = scores[block, top]
        if len(choices) > 1:
            scores[block, top] = -1
            second[rows] = runner = np.argmax(scores, axis=1)
            second_score[rows] = scores[block, runner]
    return best, best_score, second, second_score


def _warn(found: pd.DataFrame) -> None:
    counts = found["status"].value_counts()
    left = {s: int(counts.get(s, 0)) for s in ("unmatched", "ambiguous")}
    if any(left.values()):
        examples = ", ".join(repr(n) for n in found.loc[found["status"] != "matched", "name"].head(5))
        warnings.warn(
            UnmatchedNamesWarning(
                f"{left['unmatched']} name{'' if left['unmatched'] == 1 else 's'} matched no school and "
                f"{left['ambiguous']} matched two equally well "
                f"(for example {examples}); they have no urn: see the status, school and runner_up columns"
            ),
            stacklevel=2,
        )
