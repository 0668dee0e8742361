"""Names of real schools as an analyst's spreadsheet writes them, and names of schools that do not exist.

Made to measure :func:`schoolnet.match_schools` on a register: each function
takes a schools table (indexed by URN, with ``name`` and ``town``) and a seed,
and returns a table of names with the URN each one means, or none.

- :func:`misspelt_names`: real schools' names abbreviated ("C of E", "RC",
  "St", "Prim", "Rd"), with their town moved to the front or the end or added
  after a comma, and one slip of the pen (two letters swapped, one left out, one
  doubled or one changed).
- :func:`names_of_no_school`: names of schools that do not exist but have a
  sibling that does: the saint changed to one no school of that town has, the
  phase changed ("Infant" for "Junior"), or another town of the same local
  authority given, where no school of that name is.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pandas as pd

from ..read.names import key_words, normalise_name

__all__ = ["misspelt_names", "names_of_no_school"]

#: Abbreviations an analyst writes, each tried in turn with probability 1/2.
_SHORT: Final = (
    ("Church of England", ("C of E", "CE", "CofE", "C.E.")),
    ("Roman Catholic", ("RC", "R.C.")),
    ("Catholic", ("RC", "Cath")),
    ("Saint ", ("St ", "St. ")),
    ("St ", ("Saint ", "St. ")),
    ("Primary School", ("Prim", "Primary", "Pri Sch")),
    ("Junior School", ("Jnr", "Junior", "Jun")),
    ("Infant School", ("Inf", "Infants")),
    ("Road", ("Rd",)),
    (" School", ("", " Sch")),
)
_SAINTS: Final = (
    "Aidan", "Alban", "Ambrose", "Andrew", "Anne", "Anselm", "Augustine", "Barnabas", "Bartholomew", "Bede",
    "Benedict", "Bernadette", "Bernard", "Catherine", "Chad", "Clare", "Columba", "Cuthbert", "Dominic", "Edmund",
    "Francis", "George", "Gregory", "Helen", "Hilda", "James", "John", "Joseph", "Jude", "Lawrence", "Leonard",
    "Luke", "Margaret", "Mark", "Martin", "Mary", "Matthew", "Michael", "Monica", "Nicholas", "Oswald", "Patrick",
    "Paul", "Peter", "Philip", "Stephen", "Teresa", "Thomas", "Vincent", "Wilfrid",
)  # fmt: skip
_SAINT: Final = re.compile(r"\b(St\.?|Saint) ([A-Z][a-z]+)('s)?")
_PHASES: Final = {"Infant": "Junior", "Junior": "Infant", "Primary": "Infant"}


def misspelt_names(schools: pd.DataFrame, n: int, *, seed: int = 0) -> pd.DataFrame:
    """``n`` schools' names abbreviated, with the town moved, and misspelt once, as a person writes them.

    Parameters
    ----------
    schools : pandas.DataFrame
        Indexed by URN, with ``name`` and ``town``.
    n : int
        How many names, of different schools.
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        Indexed by the URN meant, with ``name`` as written and ``original``.

    Examples
    --------
    >>> schools = pd.DataFrame(
    ...     {"name": ["St Paul's Church of England Primary School"], "town": ["Rawtenstall"]},
    ...     index=pd.Index([119500], name="urn"),
    ... )
    >>> misspelt_names(schools, 1, seed=3)["name"].tolist()
    ["Rawtenstall St Paul's C of E Primary"]
    """
    rng = np.random.default_rng(seed)
    picked = schools.loc[rng.choice(schools.index.to_numpy(), size=n, replace=False), ["name", "town"]]
    written = [_slip(_town_moved(_shortened(name, rng), town, rng), rng) for name, town in picked.to_numpy()]
    return pd.DataFrame({"name": written, "original": picked["name"].to_numpy()}, index=picked.index)


def names_of_no_school(schools: pd.DataFrame, n: int, *, seed: int = 0) -> pd.DataFrame:
    """``n`` names of schools that do not exist in their town, each made from a real school's (its sibling's).

    A name is kept only if no school of the town it gives has all its
    distinguishing words (:func:`schoolnet.read.names.key_words`), so that a
    match to any school is wrong. Half change the saint, a quarter the phase,
    a quarter the town (to another town of the same ``la``).

    Parameters
    ----------
    schools : pandas.DataFrame
        Indexed by URN, with ``name``, ``town`` and ``la``.
    n : int
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        With ``name``, ``sibling`` (the URN of the school it was made from),
        ``town`` and ``change`` (``"saint"``, ``"phase"`` or ``"town"``).

    Examples
    --------
    >>> schools = pd.DataFrame(
    ...     {
    ...         "name": ["St Mary's RC Primary School", "Oakfield Junior School", "Oakfield Infant School"],
    ...         "town": ["Burnley", "Padiham", "Padiham"],
    ...         "la": ["Lancashire"] * 3,
    ...     },
    ...     index=pd.Index([1, 2, 3], name="urn"),
    ... )
    >>> names_of_no_school(schools, 4, seed=0)[["name", "sibling", "change"]]
                                        name  sibling change
    0        Oakfield Infant School, Burnley        3   town
    1  St Clare's RC Primary School, Burnley        1  saint

    Padiham has both Oakfields, so changing the phase of either names the
    other, which exists: no such name is made, and fewer than ``n`` come back
    when the register has too few that fit.
    """
    rng = np.random.default_rng(seed)
    table = schools.dropna(subset=["name", "town", "la"])
    place_columns = [table[c].astype(str).tolist() for c in ("town", "district", "la") if c in table.columns]
    places = [" ".join(parts) for parts in zip(*place_columns, strict=True)]
    words = [_stems(f"{name} {place}") for name, place in zip(table["name"], places, strict=True)]
    schools_with = _schools_with(words)
    towns_of_la = table.groupby("la")["town"].unique()
    quotas = {"saint": n - n // 2, "phase": n // 4, "town": n // 2 - n // 4}
    rows: list[tuple[str, int, str, str]] = []
    where = dict(zip(table.index, zip(table["name"], table["town"], table["la"], strict=True), strict=True))
    for urn in rng.permutation(table.index.to_numpy()):
        if not any(quotas.values()):
            break
        name, town, la = where[urn]
        for change in (c for c in ("saint", "phase", "town") if quotas[c]):
            made = _changed(name, town, towns_of_la[la], change, rng)
            if made is None:
                continue
            new_name, new_town = made
            wanted = _stems(f"{new_name} {new_town}")
            if _some_school_has(wanted, schools_with, len(words)):  # a school with all its words exists
                continue
            rows.append((f"{new_name}, {new_town}", int(urn), new_town, change))
            quotas[change] -= 1
            break
    return pd.DataFrame(rows, columns=["name", "sibling", "town", "change"])


def _schools_with(words: list[frozenset[str]]) -> dict[str, set[int]]:
    """For each word, the positions of the schools whose words have it."""
    found: dict[str, set[int]] = {}
    for position, its_words in enumerate(words):
        for word in its_words:
            found.setdefault(word, set()).add(position)
    return found


def _some_school_has(wanted: frozenset[str], schools_with: dict[str, set[int]], schools: int) -> bool:
    """Whether some school has every word of ``wanted`` (any school, when it has none).

    Examples
    --------
    >>> words = [frozenset({"oak", "padiham"}), frozenset({"elm", "padiham"})]
    >>> index = _schools_with(words)
    >>> _some_school_has(frozenset({"oak", "padiham"}), index, 2), _some_school_has(frozenset({"oak", "elm"}), index, 2)
    (True, False)
    >>> _some_school_has(frozenset(), index, 2), _some_school_has(frozenset(), {}, 0)
    (True, False)
    """
    if not wanted:
        return schools > 0
    postings = sorted((schools_with.get(word, set()) for word in wanted), key=len)
    return bool(postings[0].intersection(*postings[1:]))


def _stems(text: str) -> frozenset[str]:
    """The distinguishing words of a text, without a plural or possessive s: "Peter" is "Peter's"."""
    return frozenset(w.removesuffix("s") for w in key_words(normalise_name(text)))


def _changed(name: str, town: str, towns: np.ndarray, change: str, rng: np.random.Generator) -> tuple[str, str] | None:
    if change == "saint":
        found = _SAINT.search(name)
        if found is None:
            return None
        saint = str(rng.choice([s for s in _SAINTS if s != found.group(2)]))
        return name[: found.start(2)] + saint + name[found.end(2) :], town
    if change == "phase":
        phase = next((p for p in _PHASES if re.search(rf"\b{p}\b", name)), None)
        return None if phase is None else (re.sub(rf"\b{phase}\b", _PHASES[phase], name), town)
    others = [t for t in towns if t.lower() != town.lower()]
    return None if not others else (name, str(rng.choice(others)))


def _shortened(name: str, rng: np.random.Generator) -> str:
    for long, short in _SHORT:
        if long in name and rng.random() < 0.5:
            name = name.replace(long, str(rng.choice(short)))
    return name


def _town_moved(name: str, town: object, rng: np.random.Generator) -> str:
    if not isinstance(town, str) or rng.random() < 0.4:
        return name
    at = name.lower().find(town.lower())
    if at >= 0:  # the town is in the name: move it to the other end
        rest = (name[:at] + name[at + len(town) :]).strip(" ,-")
        return f"{rest}, {town}" if at == 0 else f"{town} {rest}"
    return f"{town} {name}" if rng.random() < 0.5 else f"{name}, {town}"


def _slip(name: str, rng: np.random.Generator) -> str:
    """One slip of the pen in one word of 4 letters or more: two letters swapped, one left out, doubled or changed."""
    spans = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", name)]
    if not spans or rng.random() < 0.2:
        return name
    start, end = spans[int(rng.integers(len(spans)))]
    i = int(rng.integers(start + 1, end - 1))
    kind = rng.choice(["swap", "drop", "double", "change"], p=[0.4, 0.25, 0.2, 0.15])
    if kind == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[: i + 1] + name[i:]
    return name[:i] + str(rng.choice(list("aeiourstln"))) + name[i + 1 :]
