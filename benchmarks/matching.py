"""Measure match_schools on the real register: right, wrong, ambiguous and unmatched, and the time.

Run ``python benchmarks/matching.py`` beside ``../shared/data/real`` (or with
``$SCHOOLNET_REAL_DATA``). It reads the DfE register's July 2022 extract (20,188
open schools) and makes, with :mod:`schoolnet.datasets.names`:

- 2,000 misspelt names of its schools: abbreviated, the town moved or added,
  one slip of the pen;
- 200 names of schools that do not exist but have a sibling that does (the
  saint, the phase or the town changed).

It matches each set against every school in England and against the schools of
each name's own local authority (``la=``), and prints how many are right
(matched to the school meant), wrong (matched to another school: for the names
of no school, any match), ambiguous and unmatched, the wrong ones by name, and
the median time of 3 for the 2,000 names against England. It asserts nothing.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from _timing import median_seconds

import schoolnet
from schoolnet.datasets.names import misspelt_names, names_of_no_school

ROOT = Path(__file__).resolve().parent.parent


def outcome(found: pd.DataFrame, meant: pd.Series) -> pd.Series:
    """right, wrong, ambiguous or unmatched, for each name; ``meant`` is the URN meant, or NA for no school."""
    matched = found["status"] == "matched"
    right = matched & found["urn"].eq(meant).fillna(False)
    labels = found["status"].where(~matched, "wrong").where(~right, "right")
    return labels.astype(pd.CategoricalDtype(["right", "wrong", "ambiguous", "unmatched"]))


def report(title: str, labels: pd.Series) -> None:
    counts = labels.value_counts(sort=False)
    shares = ", ".join(f"{k} {v:,} ({v / len(labels):.1%})" for k, v in counts.items())
    print(f"{title:<44} {shares}")


def within_la(names: pd.Series, las: pd.Series, schools: pd.DataFrame) -> pd.DataFrame:
    """Each name matched among the schools of its own local authority, as an analyst of that authority would."""
    parts = [schoolnet.match_schools(group, schools, la=la) for la, group in names.groupby(las.to_numpy())]
    return pd.concat(parts).loc[names.index]


def cpu_seconds(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main() -> int:
    folder = ROOT / os.environ.get("SCHOOLNET_REAL_DATA", "../shared/data/real")
    if not folder.is_dir():
        print(f"real data not found in {folder}; set SCHOOLNET_REAL_DATA", file=sys.stderr)
        return 1
    warnings.simplefilter("ignore", schoolnet.SchoolnetWarning)
    schools = schoolnet.read_gias(folder / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz").schools
    misspelt = misspelt_names(schools, 2_000, seed=0)
    none = names_of_no_school(schools, 200, seed=0)
    run = lambda: schoolnet.match_schools(misspelt["name"], schools)  # noqa: E731
    wall, cpu = median_seconds(run), cpu_seconds(run)
    print(f"2,000 names against {len(schools):,} schools: {wall:.2f} s wall (median of 3), {cpu:.2f} s of CPU")
    print("  (the machine is shared: the wall-clock time waits for the others; the CPU time is this process's own)")
    meant = pd.Series(misspelt.index, index=misspelt.index, dtype="Int64")
    found = schoolnet.match_schools(misspelt["name"], schools)
    labels = outcome(found, meant)
    report("misspelt, against England", labels)
    report(
        "misspelt, within their la",
        outcome(within_la(misspelt["name"], schools.loc[misspelt.index, "la"], schools), meant),
    )
    nowhere = pd.Series(pd.NA, index=none.index, dtype="Int64")
    report("no such school, against England", outcome(schoolnet.match_schools(none["name"], schools), nowhere))
    in_la = within_la(none["name"], schools.loc[none["sibling"], "la"].set_axis(none.index), schools)
    report("no such school, within its la", outcome(in_la, nowhere))
    print("names of no school, by what was changed:", none["change"].value_counts().to_dict())
    taken = in_la[in_la["status"] == "matched"]
    print("\nnames of no school matched within their la:")
    print(taken[["name", "school", "score"]].to_string() if len(taken) else "  none")
    wrong = found[labels == "wrong"].assign(meant=misspelt.loc[labels[labels == "wrong"].index, "original"].to_numpy())
    print("\nmisspelt names matched to another school:")
    print(wrong[["name", "school", "score", "meant"]].to_string() if len(wrong) else "  none")
    print("\nwhy names were not matched, against England:")
    print(found.loc[labels == "unmatched", "reason"].str.extract(r"^([^:,]*)")[0].value_counts().head(8).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
