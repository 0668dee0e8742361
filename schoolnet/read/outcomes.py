"""Schools' results from the DfE's performance tables, and the committee's table of them.

The Department for Education publishes each year's school performance tables:
one row per school, one column per measure (pupils at the end of the key
stage, the percentage reaching a level, prior attainment, the share of
disadvantaged pupils). :func:`read_outcomes` reads one or several such files
into one long table, a row per school, year and measure, whether a file
holds one year (``england_ks4final2016``) or several side by side (columns
such as ``tpup13``, ``tpup15``, or ``Attainment 8, 2019``), or is in the
tidy layout of the DfE's statistics service (``school_urn``,
``time_period``). Suppressed cells ("SUPP", "NE", "x", "LOW COV", "NP",
"z", "c") are missing, with the code kept as the reason: never zero.

:func:`outcomes_by_group` then gives the table a select committee asks for,
as Lincolnshire's report has it: for all schools, those in a partnership of
the kinds given and those not, the number of schools and pupils and the
pupil-weighted outcome, each with a bootstrap confidence interval over
schools. It describes; it does not say that partnerships cause the gap,
since the schools that join partnerships differ from those that do not.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import networkx as nx
import numpy as np
import pandas as pd

from .._validate import whole_number
from ..errors import ParameterError, Problem, SchemaError, SetAsideWarning
from .history import current_urns
from .io import read_table_file, urn_problems

__all__ = ["IDENTIFIERS", "OUTCOME_COLUMNS", "SUPPRESSED", "in_partnership", "outcomes_by_group", "read_outcomes"]

#: The columns of :func:`read_outcomes`' table.
OUTCOME_COLUMNS: Final = ("urn", "year", "measure", "value", "pupils", "missing")

#: The codes the performance tables write for a value they do not publish, and what each means.
SUPPRESSED: Final = {
    "SUPP": "suppressed: too few pupils",
    "NE": "no entries",
    "NP": "not published",
    "LOW COV": "low coverage",
    "X": "not applicable",
    "NA": "not available",
    "..": "not available",
    "Z": "not applicable",
    "C": "confidential: suppressed",
    "U": "low reliability",
}

#: Columns that name or place a school rather than measure it; never read as measures.
IDENTIFIERS: Final = frozenset(
    {"urn", "ea", "la", "estab", "laestab", "name", "schname", "pcode", "postcode", "lsoa", "lat", "long", "latitude",
     "longitude", "altitude", "london", "school.type", "relig", "admpol", "gender", "iclose", "feeder", "confexam",
     "tab.ks2", "tab.1618", "rectype", "alphaind", "lea", "address1", "address2", "address3", "town", "telnum",
     "pcon_code", "pcon_name", "urn_ac", "schname_ac", "open_ac", "nftype", "reldenom", "agerange", "tabks2", "tab15",
     "egender", "admpol_pt", "schstatus", "dfe number", "time_period", "time_identifier", "geographic_level",
     "country_code", "country_name", "school_laestab", "school_urn", "school_name", "old_la_code", "new_la_code",
     "la_name", "version", "establishment_type_group", "full_address", "contflag", "p8_banding"}
)  # fmt: skip

#: The column of the DfE's files that says what a row is: a school (1, 2) or a total (4: local authority, 5: England).
RECORD_TYPE: Final = "RECTYPE"

_PUPILS: Final = ("tpup", "TPUP", "TELIG", "telig", "KS4 pupils", "t_pupils")
_BY_YEAR: Final = re.compile(r"^(?P<measure>.*?[a-zA-Z.])(?P<yy>\d{2})$")
#: A column named by a measure, a comma and a year, and perhaps a unit: "Attainment 8, 2019", "KS4 EAL pupils, 2019, %".
_COMMA_YEAR: Final = re.compile(r"^(?P<measure>.+?), (?P<yyyy>20\d{2})(?P<unit>, %)?$")

#: The columns of the DfE's tidy layout (its statistics service): a row per school and period, named in the file.
TIDY_URN: Final = "school_urn"
TIDY_PERIOD: Final = "time_period"
_YEAR_IN_NAME: Final = re.compile(r"(20\d{2})")


def _numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers, and the reason each missing one is missing ("" where a number was read)."""
    text = values.astype("object").map(lambda v: str(v).strip() if v is not None and v == v else "")
    numbers = pd.to_numeric(text.str.rstrip("%"), errors="coerce")
    known = text.str.upper().map(SUPPRESSED)
    reason = np.where(
        numbers.notna(), "", np.where(known.notna(), known, np.where(text == "", "blank", "not a number: " + text))
    )
    return numbers, pd.Series(reason, index=values.index, dtype=object)


def _urns(frame: pd.DataFrame, file: str, lines: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    """The URN of each row, and which rows are totals (a blank URN where the file's RECTYPE says what the row is)."""
    column = next((c for c in frame.columns if str(c).strip().lower() in ("urn", TIDY_URN)), None)
    if column is None:
        raise SchemaError([Problem(file, 1, "URN", None, "a column named 'URN', the school's reference number")])
    kind = _kind_column(frame)
    blank = frame[column].isna().to_numpy() | (frame[column].astype(str).str.strip() == "").to_numpy()
    totals = blank & (frame[kind].notna().to_numpy() if kind is not None else np.zeros(len(frame), dtype=bool))
    urns, problems = urn_problems(frame.loc[~totals, column], column=str(column), file=file, lines=lines[~totals])
    if problems:
        raise SchemaError(problems)
    return urns.reindex(frame.index).fillna(0).astype("int64"), totals


def _measure_and_year(name: str) -> tuple[str, int] | None:
    """The measure and year a column of several years is named by ("tpup13", "Attainment 8, 2019"), or None."""
    comma = _COMMA_YEAR.match(name)
    if comma:
        return comma["measure"] + (comma["unit"] or ""), int(comma["yyyy"])
    found = _BY_YEAR.match(name)
    return (found["measure"], 2000 + int(found["yy"])) if found else None


def _kind_column(frame: pd.DataFrame) -> str | None:
    """The column that says what a row is: RECTYPE in the performance tables, geographic_level in the tidy layout."""
    return next((str(c) for c in frame.columns if str(c).strip().upper() in (RECORD_TYPE, "GEOGRAPHIC_LEVEL")), None)


def _periods(frame: pd.DataFrame, file: str, lines: np.ndarray) -> pd.Series:
    """The year of each row of a tidy file, from its time_period (202324: the summer of 2024)."""
    text = frame[TIDY_PERIOD].astype(str).str.strip()
    bad = ~text.str.fullmatch(r"20\d{4}")
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise SchemaError(
            [Problem(file, int(lines[first]), TIDY_PERIOD, text.iloc[first], "an academic year such as 202324")]
        )
    return 2000 + text.str[-2:].astype(int)


def _long(frame: pd.DataFrame, urns: pd.Series, year: int | None, file: str, *, tidy: bool = False) -> pd.DataFrame:
    """One file's rows as (urn, year, measure, value, pupils, missing); a tidy file's columns are never by year."""
    # Each column that may measure is parsed once: into numbers and reasons, or left out as text.
    parsed: dict[str, tuple[pd.Series, pd.Series]] = {}
    for column in frame.columns:
        name = str(column).strip()
        if name.lower() in IDENTIFIERS or name.endswith(".3y"):
            continue
        numbers, reasons = _numbers(frame[column])
        if not _is_text(numbers, reasons):
            parsed[name] = (numbers, reasons)
    by_year: dict[tuple[str, int], str] = {}
    single: list[str] = []
    for name in parsed:
        measure_year = None if tidy else _measure_and_year(name)
        if measure_year:
            by_year[measure_year] = name
        else:
            single.append(name)
    parts = []
    if by_year:
        for (measure, when), column in by_year.items():
            if measure in _PUPILS:
                continue
            pupils = next((by_year[(p, when)] for p in _PUPILS if (p, when) in by_year), None)
            parts.append(_part(urns, parsed, column, measure, when, pupils))
    if single and not by_year:  # in a file of several years, a column without one (IDACI, say) is not a result
        named = _YEAR_IN_NAME.findall(Path(file).name)
        if year is None and not named:
            raise ParameterError(f"{file}: the file names no year (such as 2016) and none was given; pass year=")
        when = year if year is not None else int(named[-1])
        pupils = next((p for p in _PUPILS if p in single), None)
        parts.extend(_part(urns, parsed, c, c, when, pupils) for c in single if c not in _PUPILS)
    if not parts:
        return pd.DataFrame({c: [] for c in OUTCOME_COLUMNS})
    return pd.concat(parts, ignore_index=True)


def _is_text(numbers: pd.Series, reasons: pd.Series) -> bool:
    """Whether a parsed column describes rather than measures: not one value is a number or a suppression code."""
    return bool(
        numbers.isna().all()
        and reasons.str.startswith("not a number").any()
        and not (reasons.isin(list(SUPPRESSED.values())).any())
    )


def _part(
    urns: pd.Series,
    parsed: dict[str, tuple[pd.Series, pd.Series]],
    column: str,
    measure: str,
    year: int,
    pupils: str | None,
) -> pd.DataFrame:
    values, missing = parsed[column]
    counts = parsed[pupils][0] if pupils is not None else pd.Series(np.nan, index=values.index)
    return pd.DataFrame(
        {
            "urn": urns.to_numpy(),
            "year": year,
            "measure": measure,
            "value": values.to_numpy(dtype=float),
            "pupils": counts.to_numpy(dtype=float),
            "missing": missing.to_numpy(dtype=object),
        }
    )


def read_outcomes(
    paths: str | Path | Iterable[str | Path],
    *,
    year: int | None = None,
    measures: Sequence[str] | None = None,
    history: pd.DataFrame | None = None,
) -> pd.DataFrame:
    r"""Read the DfE's school performance tables into one long table.

    Parameters
    ----------
    paths : path or iterable of paths
        Performance-table files (CSV, plain or gzip-compressed, or Excel),
        each with a ``URN`` column. A file with columns for several years
        (``tpup13``, ``tpup15``: the measure, then the year's last two
        digits) gives every year; any other file gives one year, named in its
        file name (``england_ks4final2016.xlsx``) or by ``year``. Columns
        ending ``.3y`` (averages of three years) are not read, nor are those
        that name or describe a school (its name, address, type) rather
        than measure it: :data:`IDENTIFIERS`, and columns with no number. In
        the DfE's layout, rows whose ``RECTYPE`` is a total (a local
        authority's or England's) have no URN: they are set aside. Two more
        layouts are read: columns named by a measure, a comma and the year
        (``Attainment 8, 2019``, ``KS4 PP pupils, 2019, %``; ``KS4 pupils``
        are the pupils), as in tables of several years collated from the
        performance tables; and the DfE's tidy layout from its statistics
        service (``school_urn``, ``time_period`` such as 202324, the summer
        of 2024, and ``t_pupils``), whose letter codes ("z": not applicable,
        "c": confidential, "u": low reliability) are missing values with
        their reason. Rows whose ``geographic_level`` is not a school are
        set aside as totals.
    year : int, optional
        The year of the files that hold one, when their names do not say.
    measures : sequence of str, optional
        Keep only these measures (as named in the files, without the year).
    history : pandas.DataFrame, optional
        From :func:`schoolnet.urn_history`: each URN becomes today's, so that a
        school that converted after a year is followed across its URNs.

    Returns
    -------
    pandas.DataFrame
        Columns ``urn``, ``year``, ``measure``, ``value`` (a number, or
        missing), ``pupils`` (the year's pupils at the end of the key stage,
        ``tpup``/``TPUP``, or those eligible, ``TELIG``, where the file has
        them), and ``missing``: why a
        value is missing, such as ``"suppressed: too few pupils"`` for
        "SUPP", or "" where it is there. Years are those of the summer the
        results were taken (2013 is 2012/13). With ``history``, the results
        of schools that merged (two URNs of a year that are one school today,
        both with a result), and the blank rows of a school with another row
        that year, are set aside, with a ``SetAsideWarning``, into
        ``attrs["set_aside"]``, with ``urn_as_read`` and the ``reason``: the
        rows read are the rows returned plus those set aside. The rows of
        totals are listed there too, with their ``file``, ``line`` and
        ``reason``.

    Raises
    ------
    SchemaError
        If a file has no URN column, or a URN is not a whole number.
    ParameterError
        If a one-year file's year is not known.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "ks4_results.csv"
    >>> _ = path.write_text("URN,tpup13,tpup15,ac.gcse.all13,ac.gcse.all15\n100001,120,130,0.55,SUPP\n")
    >>> read_outcomes(path)[["urn", "year", "measure", "value", "pupils", "missing"]]
          urn  year      measure  value  pupils                     missing
    0  100001  2013  ac.gcse.all   0.55   120.0
    1  100001  2015  ac.gcse.all    NaN   130.0  suppressed: too few pupils
    """
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    parts: list[pd.DataFrame] = []
    totals: list[pd.DataFrame] = []
    for path in files:
        raw = read_table_file(path)
        urns, total = _urns(raw.frame, raw.file, raw.lines)
        kind = _kind_column(raw.frame) if total.any() else None
        if kind is not None:
            reason = f"a total, not a school: {kind} " + raw.frame.loc[total, kind].astype(str)
            totals.append(pd.DataFrame({"file": raw.file, "line": raw.lines[total], "reason": reason.to_numpy()}))
        frame, kept = raw.frame[~total], urns[~total]
        if TIDY_PERIOD in frame.columns:
            periods = _periods(frame, raw.file, raw.lines[~total])
            parts.extend(
                _long(frame[periods == when], kept[periods == when], int(when), raw.file, tidy=True)
                for when in sorted(periods.unique())
            )
        else:
            parts.append(_long(frame, kept, year, raw.file))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({c: [] for c in OUTCOME_COLUMNS})
    if measures is not None:
        out = out[out["measure"].isin(list(measures))]
    aside = pd.DataFrame(columns=[*OUTCOME_COLUMNS, "urn_as_read", "reason"])
    if history is not None:
        out, aside = _follow(out, history)
    aside = pd.concat([*totals, aside], ignore_index=True) if totals else aside
    out = out.astype({"urn": "int64", "year": "int64", "value": "float64", "pupils": "float64"})
    out = out.sort_values(["measure", "year", "urn"], kind="stable").reset_index(drop=True)[list(OUTCOME_COLUMNS)]
    out.attrs["set_aside"] = aside
    return out


def _follow(out: pd.DataFrame, history: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Results under today's URNs, less those of schools that merged: two results a year for one school today."""
    as_read = out["urn"].to_numpy()
    out = out.assign(urn=current_urns(out["urn"], history).astype("int64").to_numpy())
    keys = ["urn", "year", "measure"]
    clash = out.duplicated(keys, keep=False).to_numpy()
    has = out["value"].notna().to_numpy()
    results = out["value"].notna().groupby([out[k] for k in keys]).transform("sum").to_numpy()
    merged = clash & has & (results > 1)
    blank = clash & ~has
    clash = merged | blank
    aside = out[clash].assign(urn_as_read=as_read[clash])
    aside["reason"] = [
        f"merged: more than one result of {m} in {y} for urn {u} today" if both
        else f"no result of {m} in {y} under this urn, one of several of urn {u} today"
        for (u, y, m), both in zip(aside[keys].to_numpy(), merged[clash], strict=True)
    ]  # fmt: skip
    if clash.any():
        schools = aside["urn"].nunique()
        warnings.warn(
            SetAsideWarning(
                f"{int(clash.sum())} results set aside: {schools} schools of today had more than one school's "
                "row in a year (they merged); see read_outcomes(...).attrs['set_aside']"
            ),
            stacklevel=3,
        )
    return out[~clash], aside.reset_index(drop=True)


def in_partnership(G: nx.Graph, kinds: str | Iterable[str]) -> pd.Index:
    """The schools in a live group of these kinds that has another live member.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, whose
        ``G.graph["memberships"]`` lists the memberships live on its date.
    kinds : str or iterable of str
        The kinds of group that count.

    Returns
    -------
    pandas.Index
        Their URNs, named ``urn``.

    Examples
    --------
    >>> G = nx.MultiGraph()
    >>> G.graph["memberships"] = pd.DataFrame({"urn": [1, 2, 3], "group_id": ["T", "T", "F"],
    ...                                        "kind": ["trust", "trust", "federation"]})
    >>> in_partnership(G, ["trust", "federation"]).tolist()
    [1, 2]
    """
    chosen_kinds = {kinds} if isinstance(kinds, str) else set(kinds)
    memberships = G.graph.get("memberships")
    if not isinstance(memberships, pd.DataFrame) or memberships.empty:
        return pd.Index([], name="urn")
    chosen = memberships[memberships["kind"].isin(chosen_kinds)]
    sizes = chosen.groupby("group_id")["urn"].transform("nunique")
    found: pd.Index = pd.Index(chosen.loc[sizes > 1, "urn"].unique(), name="urn")
    return found


def outcomes_by_group(
    G: nx.Graph,
    outcomes: pd.DataFrame,
    *,
    measure: str,
    year: int,
    kinds: str | Iterable[str] = ("trust", "federation", "cluster", "alliance", "company"),
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """The committee's table: schools, pupils and outcome for all, in a partnership, and not.

    Parameters
    ----------
    G : networkx.Graph
        A network from :func:`schoolnet.build_network`, built for the date
        that says who was in a partnership (for example the start of the
        year: ``as_of=f"{year - 1}-09-01"``).
    outcomes : pandas.DataFrame
        As :func:`read_outcomes` returns it.
    measure : str
        The measure to report, such as ``"ac.gcse.all"``.
    year : int
        The year of the results.
    kinds : str or iterable of str
        The kinds of group that count as a partnership; a school is in one when
        a live group of these kinds has it and at least one other member.
    n_boot : int, default 1000
        Bootstrap resamples of the schools of each row, for the interval.
    level : float, default 0.95
        The interval's coverage.
    seed : int, default 0
        The bootstrap's seed: the same seed gives the same intervals.

    Returns
    -------
    pandas.DataFrame
        One row per group (``all``, ``in a partnership``, ``not in one``)
        with ``schools`` (of the network, with a value of the measure),
        ``pupils``, ``outcome`` (the mean weighted by pupils; unweighted where
        the file gives no pupils), ``ci_low``, ``ci_high``, and ``missing``
        (schools of the network with no value that year). It describes the
        schools as they are; the gap between the rows is not an effect of
        partnership.

    Examples
    --------
    Two schools of 100 pupils in a trust score 0.6 and 0.8; one of 200 pupils alone scores 0.5:

    >>> G = nx.MultiGraph()
    >>> G.add_nodes_from([1, 2, 3])
    >>> G.graph["memberships"] = pd.DataFrame({"urn": [1, 2], "group_id": ["T", "T"], "kind": ["trust"] * 2})
    >>> results = pd.DataFrame({"urn": [1, 2, 3], "year": 2015, "measure": "pass", "value": [0.6, 0.8, 0.5],
    ...                         "pupils": [100, 100, 200], "missing": ""})
    >>> outcomes_by_group(G, results, measure="pass", year=2015)[["schools", "pupils", "outcome"]]
                      schools  pupils  outcome
    group
    all                     3   400.0      0.6
    in a partnership        2   200.0      0.7
    not in one              1   200.0      0.5
    """
    chosen = frozenset([kinds] if isinstance(kinds, str) else kinds)
    resamples = whole_number("n_boot", n_boot, minimum=1)
    if not 0 < level < 1:
        raise ParameterError(f"level={level!r}: expected a coverage between 0 and 1, such as 0.95")
    rows = outcomes[(outcomes["measure"] == measure) & (outcomes["year"] == year)]
    if rows.empty:
        raise ParameterError(f"measure={measure!r}, year={year!r}: no such results in outcomes")
    rows = rows.drop_duplicates("urn").set_index("urn")
    schools = pd.Index(list(G), name="urn")
    known = rows.reindex(schools)
    has = known["value"].notna().to_numpy()
    inside = schools.isin(in_partnership(G, chosen))
    rng = np.random.default_rng(seed)
    table = []
    for label, mask in (("all", np.ones(len(schools), bool)), ("in a partnership", inside), ("not in one", ~inside)):
        values = known["value"].to_numpy(dtype=float)[mask & has]
        weights = known["pupils"].to_numpy(dtype=float)[mask & has]
        weights = np.where(np.isnan(weights), 1.0, weights) if np.isnan(weights).all() else np.nan_to_num(weights)
        table.append((label, len(values), float(weights.sum()), *_weighted(values, weights, rng, resamples, level),
                      int((mask & ~has).sum())))  # fmt: skip
    out = pd.DataFrame(table, columns=["group", "schools", "pupils", "outcome", "ci_low", "ci_high", "missing"])
    out.attrs["definition"] = {"measure": measure, "year": year, "kinds": sorted(chosen), "n_boot": resamples}
    return out.set_index("group")


def _weighted(
    values: np.ndarray, weights: np.ndarray, rng: np.random.Generator, n_boot: int, level: float
) -> tuple[float, float, float]:
    """The weighted mean, and a percentile bootstrap interval over the schools."""
    if len(values) == 0 or weights.sum() <= 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(np.average(values, weights=weights))
    picks = rng.integers(0, len(values), size=(n_boot, len(values)))
    w = weights[picks]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = (values[picks] * w).sum(axis=1) / w.sum(axis=1)
    low, high = np.nanquantile(means, [(1 - level) / 2, (1 + level) / 2])
    return round(mean, 12), float(low), float(high)
