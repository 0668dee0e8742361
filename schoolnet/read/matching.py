"""School names, as analysts write them, matched to URNs as a person would match them.

Local authorities keep their clusters as spreadsheets of school *names*:
misspelt, abbreviated, with the town first or last, or out of date.
:func:`match_schools` finds the school each name means, with a score, the
runner-up and, when it does not match, the reason, so that a list of names
becomes memberships by URN.

A person matching "St Anne's RC Primary, Burnley" does not pick St Mary's RC
Primary in Burnley because most of the words are shared: the saint differs, so
it is another school. The matcher works the same way, in three steps:

1. **The words that tell schools apart must agree.** Names are normalised
   (:func:`~schoolnet.read.names.normalise_name`) and cut to their
   distinguishing words (:func:`~schoolnet.read.names.key_words`): the saint,
   the places, the phase. Each of the name's words must be one of the school's,
   in any order, allowing one slip of the pen
   (:func:`~schoolnet.read.names.word_agrees`), or one of the places the
   school is in (its town, district or local authority, when the table has
   them), so that a town may come first, last or after a comma. A denomination
   given ("CE", "RC") must be the school's, if the school's name gives one. A
   school whose words differ from the name's is never matched, however high its
   score.
2. **The score** is rapidfuzz's ratio of the two sets of distinguishing words,
   each sorted: 100 × (1 − the letters to insert or delete to turn one into the
   other / their length together), with the school's own town added to its words
   when the name gives it.
3. **The decision.** Among the schools whose words agree, the best is
   ``matched`` if it scores ``threshold`` (85) or more and is more than
   ``margin`` (3) points ahead of the next school whose words agree, or, below
   the threshold, if it is a clear winner: every distinguishing word of its own
   name is in the name given too (only misspelt), and it is ``clear_margin`` (10)
   points or more ahead. Otherwise the name is ``ambiguous`` (two schools agree
   and score alike) or ``unmatched``, with the reason.
"""

from __future__ import annotations

import itertools
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd

from .._extras import needs_extra
from .._validate import number
from ..errors import ParameterError, SchoolnetWarning
from ..tables.tables import Tables
from .names import DENOMINATIONS, corrected, key_words, normalise_name, word_agrees

__all__ = ["UnmatchedNamesWarning", "match_schools", "normalise_name"]

#: The columns of a schools table that name the places a school is in.
_PLACES: Final = ("town", "district", "la")
#: Schools scoring within this many points of a name's best are weighed one by one; the rest cannot be close.
_WINDOW: Final = 20.0
#: At most this many schools per name are weighed one by one; the score of the next bounds the rest.
_SHORTLIST: Final = 30


class UnmatchedNamesWarning(SchoolnetWarning):
    """Some names matched no school well enough, or two schools equally: see the ``status`` column."""


@dataclass(frozen=True)
class _Register:
    """The schools to match against, read once: their URNs, names, words, places and denominations."""

    urns: np.ndarray
    names: np.ndarray
    words: list[tuple[str, ...]]
    places: list[frozenset[str]]
    denominations: list[frozenset[str]]
    keys: list[str]
    #: Every word of each school's normalised name, those a person may leave out included.
    every_word: list[frozenset[str]]
    #: Every word of the schools' names and places, right as it is.
    known: frozenset[str]
    #: Each school's words with those of its town, sorted: how it reads in a name that gives the town.
    town_keys: np.ndarray
    #: For each word of a town, the positions of the schools in that town.
    by_town: dict[str, np.ndarray]


def _register(schools: pd.DataFrame | Tables, la: str | Iterable[str] | None) -> _Register:
    table = schools.schools if isinstance(schools, Tables) else schools
    if not isinstance(table, pd.DataFrame) or "name" not in table.columns:
        raise ParameterError("schools: expected a schools table with a 'name' column, indexed by urn")
    if la is not None:
        wanted = {la} if isinstance(la, str) else set(la)
        if "la" not in table.columns:
            raise ParameterError("la: the schools table has no 'la' column to choose by")
        unknown = wanted - set(table["la"].dropna())
        if unknown:
            raise ParameterError(f"la: {sorted(unknown)[0]!r} is not a local authority of the schools table")
        table = table[table["la"].isin(wanted)]
    # In URN order, so that equal scores go to the lower URN whatever the table's order.
    table = table.sort_index(kind="stable")
    normalised = table["name"].map(_once(table["name"], normalise_name))
    table, normalised = table[normalised != ""], normalised[normalised != ""]
    if table.empty:
        raise ParameterError(
            "schools: no school with a name to match against"
            + (f" in la={la!r}" if la is not None else "")
            + "; expected a schools table with names, such as read_gias(...).schools"
        )
    words = normalised.map(_once(normalised, key_words)).tolist()
    places = _places(table, _PLACES)
    towns = _places(table, ("town",))
    by_town: dict[str, list[int]] = {}
    for position, found in enumerate(towns):
        for word in found:
            by_town.setdefault(word, []).append(position)
    return _Register(
        urns=table.index.to_numpy(),
        names=table["name"].to_numpy(dtype=object),
        words=words,
        places=places,
        denominations=normalised.map(_once(normalised, lambda n: _denominations(n.split()))).tolist(),
        keys=[" ".join(sorted(w)) for w in words],
        every_word=normalised.map(_once(normalised, lambda n: frozenset(n.split()))).tolist(),
        known=frozenset(w for n in normalised.unique() for w in n.split()).union(*places),
        town_keys=np.array([" ".join(sorted({*w, *t})) for w, t in zip(words, towns, strict=True)], dtype=object),
        by_town={word: np.asarray(found) for word, found in by_town.items()},
    )


def _places(table: pd.DataFrame, columns: tuple[str, ...]) -> list[frozenset[str]]:
    places = [frozenset[str]()] * len(table)
    for column in (c for c in columns if c in table.columns):
        words = table[column].map(_once(table[column], lambda p: frozenset(key_words(normalise_name(p)))))
        places = [a | b for a, b in zip(places, words, strict=True)]
    return [p - {"saint", "saints"} for p in places]


def _once(values: pd.Series, function: Callable[[Any], Any]) -> dict[object, Any]:
    """``function`` of each distinct value, worked out once: a register repeats its towns and many names."""
    return {value: function(value) for value in values.unique()}


def _denominations(words: Iterable[str]) -> frozenset[str]:
    return frozenset(DENOMINATIONS[w] for w in words if w in DENOMINATIONS)


def _names_given(names: object, column: str | None) -> pd.Series:
    if isinstance(names, pd.DataFrame):
        if column is None:
            raise ParameterError(
                f"names: a DataFrame with columns {list(names.columns)[:6]}; "
                "expected a list or Series of names: pass column= to say which column holds them"
            )
        if column not in names.columns:
            raise ParameterError(f"column={column!r}: not a column of the names given; it has {list(names.columns)}")
        return names[column]
    if column is not None:
        raise ParameterError(f"column={column!r}: expected only with a DataFrame of names")
    if isinstance(names, (str, bytes, os.PathLike)):
        raise ParameterError(
            f"names={str(names)[:60]!r}: expected a list or Series of school names, not one "
            f"{'path' if isinstance(names, os.PathLike) else 'string'}; to match a spreadsheet's names, read it "
            "first: match_schools(pd.read_excel(path), schools, column='school')"
        )
    if isinstance(names, pd.Series):
        return names
    if not isinstance(names, Iterable) or isinstance(names, dict):
        raise ParameterError(f"names={names!r}: expected a list or Series of school names")
    return pd.Series(list(names), dtype=object)


def match_schools(
    names: Sequence[object] | pd.Series | pd.DataFrame,
    schools: pd.DataFrame | Tables,
    *,
    column: str | None = None,
    la: str | Iterable[str] | None = None,
    threshold: float = 85.0,
    margin: float = 3.0,
    clear_margin: float = 10.0,
) -> pd.DataFrame:
    """Find the school each name means: its URN, the score, the runner-up, and why a name was not matched.

    Parameters
    ----------
    names : sequence, pandas.Series or pandas.DataFrame
        School names as written, such as a column of a cluster spreadsheet.
        A Series keeps its index in the result; a DataFrame needs ``column``.
    schools : pandas.DataFrame or Tables
        The schools to match against: a schools table indexed by URN with a
        ``name`` column (and ``la`` to choose by; ``town``, ``district`` and
        ``la`` to read the places a name gives), or tables from
        :func:`schoolnet.read_gias`.
    column : str, optional
        The column of a DataFrame ``names`` that holds the names.
    la : str or iterable of str, optional
        Match only against the schools of these local authorities.
    threshold : float, default 85
        The lowest score, from 0 to 100, that counts as a match.
    margin : float, default 3
        A best score within this many points of the runner-up's is ambiguous.
    clear_margin : float, default 10
        Below ``threshold``, a school is still matched if every distinguishing
        word of its name is in the name given and it is this many points or
        more ahead of the runner-up.

    Returns
    -------
    pandas.DataFrame
        One row per name, in the order given, with ``name`` as given,
        ``normalised``, ``urn`` (blank unless matched), ``school`` (the best
        school whose words agree, or else the best of all), ``score``,
        ``runner_up``, ``runner_up_school``, ``runner_up_score`` (the next
        school whose words agree, or else the next best), ``status``:
        ``"matched"``, ``"ambiguous"`` or ``"unmatched"``, and ``reason``, in
        words. Nothing is dropped: every name has its row.

    Raises
    ------
    ParameterError
        If ``names`` is one string, a path, or a DataFrame without
        ``column``; if ``schools`` has no ``name`` column or no named school
        (in ``la``); if ``la`` is not one of its local authorities; or if
        ``threshold``, ``margin`` or ``clear_margin`` is negative.
    MissingExtraError
        If rapidfuzz is not installed (``pip install "schoolnet[matching]"``).

    Warns
    -----
    UnmatchedNamesWarning
        If any name is unmatched or ambiguous, with the counts.

    Examples
    --------
    >>> schools = pd.DataFrame(
    ...     {
    ...         "name": ["Saint Mary's C of E Primary School", "Oakfield Junior School", "Oakfield Infant School"],
    ...         "town": ["Burnley", "Padiham", "Padiham"],
    ...     },
    ...     index=pd.Index([101, 102, 103], name="urn"),
    ... )
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     found = match_schools(["Burnley St Marys CofE Prim", "Oakfeild Jun", "St Anne's CE, Burnley"], schools)
    >>> found[["urn", "score", "status"]]
        urn  score     status
    0   101  100.0    matched
    1   102   93.3    matched
    2  <NA>   57.9  unmatched
    >>> print(found.loc[2, "reason"])
    no school has the name's words: 'annes' is not in the best, Saint Mary's C of E Primary School

    "Burnley St Marys CofE Prim" gives the town first: its words are
    "burnley", "saint", "marys", "primary", and the school in Burnley has all
    four, so it scores 100. "junior oakfeild" becomes "junior oakfield" by
    deleting one letter and inserting it again, 2 of the two names' 30 letters:
    100 × (1 − 2 / 30) = 93.3, and its runner-up, the infant school, differs in
    "junior". St Anne's is not matched: "annes burnley saint" against St
    Mary's "marys primary saint" is 16 letters to insert or delete in 38,
    100 × (1 − 16 / 38) = 57.9; but were it 100, the saint differs, so it is
    another school.
    """
    least = number("threshold", threshold, minimum=0)
    gap = number("margin", margin, minimum=0)
    clear = number("clear_margin", clear_margin, minimum=0)
    given = _names_given(names, column)
    register = _register(schools, la)
    normalised = [corrected(normalise_name(n), register.known) for n in given]
    words = [key_words(n) for n in normalised]
    shortlists = _shortlists(words, register)
    rows = [
        _decide(w, set(n.split()), shortlist, bound, register, (least, gap, clear))
        for w, n, (shortlist, bound) in zip(words, normalised, shortlists, strict=True)
    ]
    out = pd.DataFrame(rows, index=given.index, columns=list(_Decision._fields))
    out.insert(0, "normalised", normalised)
    out.insert(0, "name", given.to_numpy(dtype=object))
    for name in ("urn", "runner_up"):
        out[name] = out[name].astype("Int64")
    for name in ("score", "runner_up_score"):
        out[name] = out[name].astype(float).round(1)
    _warn(out)
    return out


#: How many scores are held at once: names are scored in blocks of rows so that memory stays bounded.
_BLOCK: Final = 1 << 21


def _shortlists(words: list[tuple[str, ...]], register: _Register) -> list[tuple[dict[int, float], float]]:
    """For each name, the schools worth weighing, with their scores, and a bound on the score of all the others.

    Scores come from one pass of rapidfuzz's ``cdist`` over every school. The schools within ``_WINDOW`` of a
    name's best score are kept, at most ``_SHORTLIST`` of them; the others score less than the bound. The schools in
    a place the name gives are scored again with their place added to their words, and kept too.
    """
    process = needs_extra("rapidfuzz.process", extra="matching", what="match_schools")
    ratio = needs_extra("rapidfuzz.fuzz", extra="matching", what="match_schools").ratio
    keys = [" ".join(sorted(w)) for w in words]
    out: list[tuple[dict[int, float], float]] = []
    step = max(1, _BLOCK // len(register.keys))
    for start in range(0, len(keys), step):
        block = keys[start : start + step]
        scores = process.cdist(block, register.keys, scorer=ratio, dtype=np.float32, workers=-1)
        floor = scores.max(axis=1) - _WINDOW
        rows, columns = np.nonzero(scores >= floor[:, None])
        ends = np.searchsorted(rows, np.arange(len(block) + 1))
        for i in range(len(block)):
            kept = columns[ends[i] : ends[i + 1]]
            values = scores[i, kept]
            bound = float(floor[i])
            if len(kept) > _SHORTLIST:
                order = np.lexsort((kept, -values))
                bound = float(values[order[_SHORTLIST]])
                kept, values = kept[order[:_SHORTLIST]], values[order[:_SHORTLIST]]
            if len(kept) == 1 and len(register.keys) > 1:  # the runner-up, however far behind, is shown
                row = scores[i].copy()
                row[kept[0]] = -1
                kept, values = np.append(kept, np.argmax(row)), np.append(values, row.max())
            shortlist = dict(zip(kept.tolist(), values.tolist(), strict=True))
            if words[start + i]:
                _add_places(words[start + i], block[i], shortlist, register)
            out.append((shortlist, bound))
    return out


def _add_places(words: tuple[str, ...], key: str, shortlist: dict[int, float], register: _Register) -> None:
    """Score the schools in the towns a name gives with their town among their words, as a person reads them."""
    named = [register.by_town[w] for w in words if w in register.by_town]
    if not named:
        return
    positions = np.unique(np.concatenate(named))
    process = needs_extra("rapidfuzz.process", extra="matching", what="match_schools")
    ratio = needs_extra("rapidfuzz.fuzz", extra="matching", what="match_schools").ratio
    scores = process.cdist([key], register.town_keys[positions], scorer=ratio, dtype=np.float32)[0]
    floor = max(scores.max(), *shortlist.values()) - _WINDOW
    for position, score in zip(positions[scores >= floor].tolist(), scores[scores >= floor].tolist(), strict=True):
        shortlist[position] = max(score, shortlist.get(position, 0.0))


class _Decision(NamedTuple):
    urn: int | None
    school: str | None
    score: float
    runner_up: int | None
    runner_up_school: str | None
    runner_up_score: float
    status: str
    reason: str


def _decide(
    words: tuple[str, ...],
    normalised: set[str],
    shortlist: dict[int, float],
    bound: float,
    register: _Register,
    rule: tuple[float, float, float],
) -> _Decision:
    """Match one name: the best school whose words agree, if it is far enough ahead of the next."""
    least, gap, clear = rule
    if not words:
        said = "is blank" if not normalised else "has no word that tells schools apart, only words such as 'Academy'"
        return _Decision(None, None, 0.0, None, None, 0.0, "unmatched", f"the name {said}")
    denominations = _denominations(normalised)
    ranked = sorted(shortlist.items(), key=lambda item: (-item[1], item[0]))
    agreeing: list[tuple[int, float]] = []
    differences: dict[int, str] = {}
    unseen = bound
    for position, score in ranked:
        if agreeing and score < agreeing[0][1] - max(gap, clear):
            unseen = max(unseen, score)
            break
        differs = _difference(words, denominations, register, position)
        if differs is None:
            agreeing.append((position, score))
        else:
            differences[position] = differs
    if not agreeing:
        (best, score), *rest = ranked
        return _row(
            register, (best, score), rest[0] if rest else None, "unmatched",
            f"no school has the name's words: {differences[best]} the best, {register.names[best]}",
        )  # fmt: skip
    agreeing = _with_every_word(agreeing, normalised - set(words), register, gap)
    chosen, score = agreeing[0]
    rival = agreeing[1] if len(agreeing) > 1 else None
    against = max(unseen, rival[1] if rival else 0.0)
    shown = rival or next(((p, s) for p, s in ranked if p != chosen), None)
    ahead = score - against
    if rival and not set(words) <= {*register.words[chosen], *register.places[chosen]}:
        gap = max(gap, clear)  # two schools agree with a misspelt name: only a clear winner is matched
    if score >= least and ahead > gap:
        return _row(register, (chosen, score), shown, "matched", "")
    if ahead >= clear and _all_given(words, register, chosen):
        reason = f"below {least:g}, but every word of its name is in the name and it is {ahead:.1f} points ahead"
        return _row(register, (chosen, score), shown, "matched", reason)
    if score >= least:
        reason = f"two schools have the name's words and score within {gap:g} points: see runner_up"
        return _row(register, (chosen, score), shown, "ambiguous", reason)
    reason = (
        f"the best school with the name's words scores {score:.1f}, below {least:g}, and is {ahead:.1f} points "
        f"ahead of the next, less than {clear:g}"
        + ("" if _all_given(words, register, chosen) else " (or it has words the name has not)")
    )
    return _row(register, (chosen, score), shown, "unmatched", reason)


def _with_every_word(
    agreeing: list[tuple[int, float]], said: set[str], register: _Register, gap: float
) -> list[tuple[int, float]]:
    """Of schools that agree and score alike, those that also have the words a person may leave out but the name says.

    "St Mary's RC Primary, a Voluntary Academy" means the academy, not a plain St Mary's RC Primary of the same
    words: where some of the schools within ``gap`` of the best have every word of the name and some do not, those
    that do not are no rivals. Where the name says no such word, or all of them or none have them, nothing changes.
    """
    close = [a for a in agreeing if a[1] >= agreeing[0][1] - gap]
    full = [a for a in close if said <= register.every_word[a[0]]]
    if not said or not full or len(full) == len(close):
        return agreeing
    return [a for a in agreeing if a in full or a not in close]


def _row(
    register: _Register, best: tuple[int, float], runner_up: tuple[int, float] | None, status: str, reason: str
) -> _Decision:
    position, score = best
    second, second_score = runner_up if runner_up else (None, 0.0)
    return _Decision(
        urn=int(register.urns[position]) if status == "matched" else None,
        school=register.names[position],
        score=score,
        runner_up=None if second is None else int(register.urns[second]),
        runner_up_school=None if second is None else register.names[second],
        runner_up_score=second_score,
        status=status,
        reason=reason,
    )


def _difference(
    words: tuple[str, ...], denominations: frozenset[str], register: _Register, position: int
) -> str | None:
    """Why a school's words differ from a name's, or None if they agree."""
    theirs = register.denominations[position]
    if denominations and theirs and not denominations & theirs:
        return f"{' and '.join(sorted(denominations))} is not the denomination of"
    missing = _uncovered(words, register.words[position], register.places[position])
    return None if missing is None else f"{missing!r} is not in"


def _all_given(words: tuple[str, ...], register: _Register, position: int) -> bool:
    """Whether every distinguishing word of a school's own name, but for its places, is in the name given."""
    places = register.places[position]
    return _uncovered(tuple(w for w in register.words[position] if w not in places), words) is None


def _uncovered(words: tuple[str, ...], against: tuple[str, ...], places: Iterable[str] = ()) -> str | None:
    """The first of ``words`` that is neither one of ``against`` nor a place, allowing slips; or None.

    Two neighbouring words of either side may be written as one ("Oak Field", "Oakfield"), with one slip at most.
    """
    singles, joined = (*against, *places), _joined(against)
    for i, word in enumerate(words):
        if _found(word, singles, loose=True) or _found(word, joined, loose=False):
            continue
        if not any(_found(pair, singles, loose=False) for pair in _pairs_with(words, i)):
            return word
    return None


def _joined(words: tuple[str, ...]) -> tuple[str, ...]:
    """Each two neighbouring words written as one, as in "Oak Field" for "Oakfield"."""
    return tuple(a + b for a, b in itertools.pairwise(words))


def _pairs_with(words: tuple[str, ...], i: int) -> tuple[str, ...]:
    return tuple(words[j] + words[j + 1] for j in (i - 1, i) if 0 <= j < len(words) - 1)


def _found(word: str, among: tuple[str, ...], *, loose: bool) -> bool:
    size = len(word)
    return word in among or any(
        abs(len(other) - size) <= 2 and word_agrees(word, other, loose=loose) for other in among
    )


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
