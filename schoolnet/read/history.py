"""A school's history across URNs: predecessors, successors, and today's URN.

A school that converts to an academy, merges, or reopens after a change of
type gets a new unique reference number (URN) in the DfE register, and the
register links the old and new establishments in its links file,
``links_edubasealldata<YYYYMMDD>.csv``: one row per link, with ``URN``,
``LinkURN``, ``LinkName``, ``LinkType`` and ``LinkEstablishedDate``. A row of
type ``Successor`` says that ``LinkURN`` took over from ``URN``; a row of type
``Predecessor`` says the reverse. The register writes most links twice, once
from each side.

:func:`read_urn_links` reads that file (as the register publishes it, or
re-saved by pandas), :func:`urn_history` follows every chain of successors to
the URN a school has today, and :func:`current_urns` and
:func:`follow_urns` use it to key a list of URNs, or an analyst's own tables,
by today's URN.

Only the links that say which school came after which are followed: the types
that begin ``Successor`` or ``Predecessor`` (plain, ``- merged``,
``- amalgamated`` and ``- Split School``). The others (``Sixth Form Centre
Link``, ``Result of Amalgamation``, ``Expansion``, ``Other`` and the like) say
that two establishments are related without saying which one carries on.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import replace
from typing import Final

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import ParameterError, Problem, SchemaError, SetAsideWarning
from ..tables.schema import kept_as_text_warning
from ..tables.tables import REJECTED_COLUMNS, Tables, rejected_rows
from ._gias_files import FileKind, PathLike, dates, read_register_file
from .io import urn_problems

__all__ = ["HISTORY_COLUMNS", "LINK_COLUMNS", "current_urns", "follow_urns", "read_urn_links", "urn_history"]

#: The columns of the table :func:`read_urn_links` returns.
LINK_COLUMNS: Final = ("urn", "link_urn", "link_name", "link_type", "established", "line")

#: The columns of the table :func:`urn_history` returns, indexed by ``urn``.
HISTORY_COLUMNS: Final = ("current_urn", "steps", "status", "candidates")

_LINKS_FILE: Final = FileKind(
    "establishment links file",
    "links_edubasealldata<YYYYMMDD>.csv",
    (("URN",), ("LinkURN",), ("LinkType",)),
    frozenset(["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"]),
    excluded=("Group UID", "Linked UID"),
)


def read_urn_links(path: PathLike) -> pd.DataFrame:
    r"""Read the register's establishment links file.

    Parameters
    ----------
    path : str or path
        ``links_edubasealldata<YYYYMMDD>.csv`` (or its ``statefunded`` or
        ``academiesandfree`` variant), plain or gzip-compressed, as the register
        publishes it (Windows-1252, dates DD-MM-YYYY) or re-saved by pandas
        (UTF-8, ISO dates, an unnamed index column).

    Returns
    -------
    pandas.DataFrame
        One row per link, with columns ``urn``, ``link_urn``, ``link_name``,
        ``link_type``, ``established`` (a date, blank where the register gives
        none) and ``line`` (the line in the file).

    Raises
    ------
    SchemaError
        If a column is missing, or a ``URN`` or ``LinkURN`` is not a whole
        number: every such problem is listed with its line.

    Warns
    -----
    KeptAsTextWarning
        If some ``LinkEstablishedDate`` cannot be read as a date: it is blank
        in ``established`` and kept as read in ``established_raw``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "links_edubasealldata20250727.csv"
    >>> _ = path.write_text(
    ...     '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\n'
    ...     '100001,140001,"Alder Academy","Successor","01-09-2014"\n'
    ...     '140001,100001,"Alder Primary School","Predecessor","01-09-2014"\n',
    ...     encoding="cp1252",
    ... )
    >>> read_urn_links(path)[["urn", "link_urn", "link_type", "established"]]
          urn  link_urn    link_type established
    0  100001    140001    Successor  2014-09-01
    1  140001    100001  Predecessor  2014-09-01
    """
    raw = read_register_file(path, _LINKS_FILE)
    frame, file, lines = raw.frame, raw.file, raw.lines
    problems: list[Problem] = []
    urns = {}
    for column in ("URN", "LinkURN"):
        urns[column], found = urn_problems(frame[column], column=column, file=file, lines=lines)
        problems.extend(found)
    if problems:
        raise SchemaError(problems)
    unreadable: list[Problem] = []
    established = (
        dates(frame["LinkEstablishedDate"], "LinkEstablishedDate", file, lines, unreadable)
        if "LinkEstablishedDate" in frame.columns
        else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    )
    out = pd.DataFrame(
        {
            "urn": urns["URN"].astype("int64").to_numpy(),
            "link_urn": urns["LinkURN"].astype("int64").to_numpy(),
            "link_name": frame["LinkName"].to_numpy() if "LinkName" in frame.columns else "",
            "link_type": frame["LinkType"].str.strip().to_numpy(),
            "established": established.to_numpy(),
            "line": np.asarray(lines, dtype="int64"),
        }
    )
    if unreadable:
        bad = np.isin(lines, [p.line for p in unreadable if p.line is not None])
        out["established_raw"] = frame["LinkEstablishedDate"].to_numpy()
        warning = kept_as_text_warning(file, {"LinkEstablishedDate": frame.loc[bad, "LinkEstablishedDate"]})
        if warning is not None:
            warnings.warn(warning, stacklevel=2)
    return out


def _successions(links: pd.DataFrame) -> pd.DataFrame:
    """The links that say which school came after which, as pairs (before, after), each once."""
    kind = links["link_type"].astype("str").str.strip().str.lower()
    successor = kind.str.startswith("successor").to_numpy()
    predecessor = kind.str.startswith("predecessor").to_numpy()
    before = np.where(successor, links["urn"], links["link_urn"])
    after = np.where(successor, links["link_urn"], links["urn"])
    keep = (successor | predecessor) & (before != after)
    pairs = pd.DataFrame({"before": before[keep], "after": after[keep]}).drop_duplicates()
    return pairs.reset_index(drop=True)


def urn_history(links: pd.DataFrame, *, schools: Iterable[int] | pd.DataFrame | None = None) -> pd.DataFrame:
    """Follow every chain of successors to the URN each school has today.

    Parameters
    ----------
    links : pandas.DataFrame
        The links, as :func:`read_urn_links` returns them.
    schools : iterable of int or pandas.DataFrame, optional
        Today's schools (a schools table, or URNs). Where a school was split,
        or a chain forks, and exactly one of the URNs it leads to is among
        them, that one is today's URN.

    Returns
    -------
    pandas.DataFrame
        Indexed by every URN that has a successor, with columns:

        ``current_urn``
            Today's URN: the end of its chain of successors. Where the chain
            forks and ``schools`` does not settle it, the URN itself.
        ``steps``
            How many successions lie between the URN and today's.
        ``status``
            ``"followed"``; ``"ambiguous"`` when the chain forks into several
            URNs of today (a split school); ``"circular"`` when the links go
            round in a circle, or the chain runs only into one (an error in the
            register), in which case the URN is its own.
        ``candidates``
            The URNs of today that the chain leads to, ``"; "``-separated.

    Raises
    ------
    ParameterError
        If ``links`` is not a table with ``urn``, ``link_urn`` and
        ``link_type``.

    Examples
    --------
    A primary school converts (100001 to 140001) and then joins a merger
    (140001 to 150001); another school splits into two:

    >>> links = pd.DataFrame(
    ...     {
    ...         "urn": [100001, 150001, 100002, 100002],
    ...         "link_urn": [140001, 140001, 160001, 160002],
    ...         "link_type": ["Successor", "Predecessor - merged", "Successor - Split School", "Successor"],
    ...     }
    ... )
    >>> urn_history(links)
            current_urn  steps     status       candidates
    urn
    100001       150001      2   followed           150001
    100002       100002      0  ambiguous  160001; 160002
    140001       150001      1   followed           150001
    >>> urn_history(links, schools=[150001, 160002]).loc[100002, "current_urn"]
    np.int64(160002)
    """
    _check_frame("links", links, ("urn", "link_urn", "link_type"), "as read_urn_links returns it")
    pairs = _successions(links)
    graph = nx.DiGraph()
    graph.add_edges_from(zip(pairs["before"].tolist(), pairs["after"].tolist(), strict=True))
    today = _urns_of(schools)
    condensed = nx.condensation(graph)
    members = nx.get_node_attributes(condensed, "members")
    # For each component, the URNs of today it leads to and the fewest steps to each: built from the last ones back.
    ends: dict[int, dict[int, int]] = {}
    # Whether a component is a circle or leads into one: a chain that ends only in a circle is circular too.
    circle: dict[int, bool] = {}
    for component in reversed(list(nx.topological_sort(condensed))):
        after = list(condensed.successors(component))
        circle[component] = len(members[component]) > 1 or any(circle[nxt] for nxt in after)
        if not after:
            ends[component] = dict.fromkeys(members[component], 0) if len(members[component]) == 1 else {}
            continue
        reached: dict[int, int] = {}
        for nxt in after:
            for urn, steps in ends[nxt].items():
                reached[urn] = min(reached.get(urn, steps + 1), steps + 1)
        ends[component] = reached
    rows = []
    for component, urns in members.items():
        circular = len(urns) > 1 or (circle[component] and not ends[component])
        for urn in sorted(urns):
            if graph.out_degree(urn) == 0:
                continue
            reached = ends[component]
            candidates = sorted(reached)
            chosen = candidates
            if len(candidates) > 1 and today is not None:
                chosen = [c for c in candidates if c in today]
            if circular:
                rows.append((urn, urn, 0, "circular", "; ".join(map(str, candidates))))
            elif len(chosen) == 1:
                rows.append((urn, chosen[0], reached[chosen[0]], "followed", "; ".join(map(str, candidates))))
            else:
                rows.append((urn, urn, 0, "ambiguous", "; ".join(map(str, candidates))))
    history = pd.DataFrame(rows, columns=["urn", *HISTORY_COLUMNS]).set_index("urn").sort_index()
    return history.astype({"current_urn": "int64", "steps": "int64"})


def _urns_of(schools: Iterable[int] | pd.DataFrame | None) -> set[int] | None:
    if schools is None:
        return None
    if isinstance(schools, pd.DataFrame):
        return {int(u) for u in schools.index}
    return {int(u) for u in schools}


def current_urns(urns: Iterable[int] | pd.Series, history: pd.DataFrame) -> pd.Series:
    """Today's URN of each URN: its successor's, or its own where it has none.

    Parameters
    ----------
    urns : iterable of int or pandas.Series
        URNs as found, for example in an analyst's spreadsheet or an older
        table of results.
    history : pandas.DataFrame
        As :func:`urn_history` returns it.

    Returns
    -------
    pandas.Series
        Today's URN of each, with the index of ``urns`` (a range index for a
        plain iterable) and the name ``current_urn``.

    Raises
    ------
    ParameterError
        If ``urns`` is not a list of URNs, or ``history`` has no
        ``current_urn`` column.

    Examples
    --------
    >>> history = pd.DataFrame({"current_urn": [140001]}, index=pd.Index([100001], name="urn"))
    >>> current_urns([100001, 100002], history).tolist()
    [140001, 100002]
    """
    _check_frame("history", history, ("current_urn",), "as urn_history returns it")
    if isinstance(urns, (str, bytes)) or not isinstance(urns, Iterable):
        raise ParameterError(f"urns={urns!r}: expected a list or Series of URNs")
    series = urns if isinstance(urns, pd.Series) else pd.Series(list(urns))
    values = pd.to_numeric(series, errors="coerce").astype("Int64")
    mapped = values.map(history["current_urn"]).astype("Int64")
    return mapped.fillna(values).rename("current_urn")


_URN_COLUMNS: Final = {"memberships": ("urn",), "support": ("supporter_urn", "supported_urn"), "groups": ("lead_urn",)}


def follow_urns(tables: Tables, history: pd.DataFrame) -> Tables:
    """Key an analyst's tables by today's URN: each old URN becomes its successor's.

    A cluster list made before a school converted names its old URN; the
    register names the academy by its new one. This maps every URN in
    ``memberships``, ``support`` and the groups' ``lead_urn`` to today's, when
    today's is a school of ``tables``. The URN as read is kept in
    ``<column>_as_read``.

    A school whose old and new URNs are both in the schools table is kept
    under its new URN: the old row is set aside, with the reason, in
    ``rejected``, and counted there.

    Parameters
    ----------
    tables : Tables
        The tables to re-key.
    history : pandas.DataFrame
        As :func:`urn_history` returns it.

    Returns
    -------
    Tables
        New tables; ``tables`` is left as it was.

    Raises
    ------
    ParameterError
        If ``tables`` is not :class:`~schoolnet.Tables`, or ``history`` has no
        ``current_urn`` column.

    Warns
    -----
    SetAsideWarning
        If schools were set aside because their successor is also listed.

    Examples
    --------
    >>> import schoolnet
    >>> schools = pd.DataFrame({"urn": [140001, 100002], "name": ["Alder Academy", "Birch Primary"]})
    >>> groups = pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"]})
    >>> memberships = pd.DataFrame({"group_id": ["C1", "C1"], "urn": [140001, 100002]})
    >>> tables = schoolnet.Tables.from_frames(schools, groups, memberships)
    >>> history = pd.DataFrame({"current_urn": [140001]}, index=pd.Index([100001], name="urn"))
    >>> follow_urns(tables, history).memberships["urn"].tolist()
    [140001, 100002]
    """
    if not isinstance(tables, Tables):
        raise ParameterError(
            f"tables: got {type(tables).__name__}; expected Tables, as read_tables or read_gias return"
        )
    _check_frame("history", history, ("current_urn",), "as urn_history returns it")
    known = set(tables.schools.index.astype("int64"))
    current = history["current_urn"]
    follow = current[(current.index != current.to_numpy()) & current.isin(list(known))]
    changed = {}
    for name, columns in _URN_COLUMNS.items():
        frame = getattr(tables, name).copy()
        for column in columns:
            if column not in frame.columns:
                continue
            values = frame[column]
            moved = values.isin(list(follow.index)).to_numpy()
            if moved.any():
                frame[f"{column}_as_read"] = values
                frame[column] = values.where(~moved, values.map(follow)).astype(values.dtype)
        changed[name] = frame
    schools = tables.schools
    lookup = follow.to_dict()
    # Only a school whose chain leads to another school of the tables is superseded; one whose history is
    # ambiguous or circular has itself as today's URN, and stays, with its status in the history.
    superseded = schools.index.isin(list(follow.index))
    rejected, counts = tables.rejected, tables.counts
    if superseded.any():
        old = schools.index[superseded]
        reasons = pd.Series("superseded by urn " + old.map(lookup).astype(str), index=range(len(old)))
        aside = pd.DataFrame({"urn": old, "_line": 0})
        counts, file = _count_aside(counts, len(old))
        rows = rejected_rows("schools", file, aside, np.ones(len(aside), dtype=bool), reasons)
        rejected = pd.concat([rejected, rows], ignore_index=True)[list(REJECTED_COLUMNS)]
        warnings.warn(
            SetAsideWarning(
                f"{int(superseded.sum())} schools set aside: their successor is also in the schools table; "
                "see the rejected table"
            ),
            stacklevel=2,
        )
        schools = schools[~superseded]
    return replace(
        tables,
        schools=schools,
        groups=changed["groups"],
        memberships=changed["memberships"],
        support=changed["support"],
        rejected=rejected,
        counts=counts,
    )


def _check_frame(name: str, frame: object, columns: tuple[str, ...], expected: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{name}: got {type(frame).__name__}; expected a DataFrame {expected}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"{name}: no column {', '.join(map(repr, missing))}; expected a DataFrame {expected}, "
            f"with {', '.join(columns)} (it has {', '.join(map(str, frame.columns))})"
        )


def _count_aside(counts: pd.DataFrame, n: int) -> tuple[pd.DataFrame, str]:
    """Move ``n`` schools from kept to set aside, in the schools file with the most kept; and that file's name."""
    counts = counts.copy()
    rows = counts.index[counts["table"] == "schools"]
    if not len(rows):
        return counts, "schools"
    row = counts.loc[rows, "kept"].astype("int64").idxmax()
    counts.loc[row, "kept"] = int(counts.loc[row, "kept"]) - n
    counts.loc[row, "rejected"] = int(counts.loc[row, "rejected"]) + n
    return counts, str(counts.loc[row, "file"])
