"""Time the loaders on the whole of England: the register as published today, Ofsted's values, hubs and URN history.

Run ``python benchmarks/loading.py`` beside ``../shared/data/real`` (or with
``$SCHOOLNET_REAL_DATA``). The register published today lists about 52,000
establishments, closed ones included; the extract here holds the 20,188 open
mainstream schools, so the benchmark writes a register of the published size:
the extract, then closed copies of its rows under other URNs until it has
52,000 rows, with the Ofsted values a register of 2025 carries ("Not judged",
report-card words, blanks) mixed in. It then times, median of 3:

- ``read_gias`` of that file, with and without a local authority selected
  (the selection keeps the partners across the border);
- ``read_urn_links`` and ``urn_history`` of the register's links file;
- ``read_hubs`` of England's 87 teaching school hub regions;
- ``match_schools`` of 2,000 misspelt names of the register's schools against all of them.

It prints seconds (wall and CPU) and peak memory per stage; it asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from _timing import peak_rss_mb, reset_peak

import schoolnet

ROOT = Path(__file__).resolve().parent.parent
ROWS = 52_000


def real_data() -> Path:
    return ROOT / os.environ.get("SCHOOLNET_REAL_DATA", "../shared/data/real")


def register_of_todays_size(folder: Path, out: Path) -> Path:
    est = pd.read_csv(
        folder / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz",
        encoding="cp1252",
        dtype=str,
        keep_default_na=False,
    )
    copies = [est]
    offset = 1_000_000
    while sum(len(c) for c in copies) < ROWS:
        closed = est.copy()
        closed["URN"] = (closed["URN"].astype(int) + offset).astype(str)
        closed["EstablishmentStatus (name)"] = "Closed"
        copies.append(closed)
        offset += 1_000_000
    frame = pd.concat(copies, ignore_index=True).iloc[:ROWS]
    rows = np.arange(len(frame))
    ofsted = "OfstedRating (name)"
    frame.loc[rows % 4 == 0, ofsted] = "Not judged"
    frame.loc[rows % 97 == 1, ofsted] = "Strong standard"
    frame.loc[rows % 101 == 2, ofsted] = "Needs attention"
    path = out / "edubasealldata20251201.csv"
    frame.to_csv(path, index=False, encoding="cp1252")
    return path


def timed(name: str, run: Callable[[], object], repeat: int = 3) -> object:
    times, cpu, result = [], [], None
    reset_peak()
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"{name:<52} {statistics.median(times):7.2f} s {statistics.median(cpu):7.2f} s {peak_rss_mb():8.0f} MB")
    return result


def main() -> int:
    folder = real_data()
    if not folder.is_dir():
        print(f"real data not found in {folder}; set SCHOOLNET_REAL_DATA", file=sys.stderr)
        return 1
    warnings.simplefilter("ignore", schoolnet.SchoolnetWarning)
    with tempfile.TemporaryDirectory() as tmp:
        register = register_of_todays_size(folder, Path(tmp))
        links = folder / "gias-groups-2022-07" / "group_links.csv.gz"
        groups = folder / "gias-groups-2022-07" / "groups.csv.gz"
        print(f"{'stage':<52} {'median':>9} {'CPU':>9} {'peak':>11}")
        tables = timed(
            f"read_gias: {ROWS:,} rows, links, groups",
            lambda: schoolnet.read_gias(register, links=links, groups=groups),
        )
        assert isinstance(tables, schoolnet.Tables)
        print(f"{'':<4}{len(tables.schools):,} open schools kept")
        timed(
            "read_gias: la='Lancashire', partners kept",
            lambda: schoolnet.read_gias(register, links=links, groups=groups, la="Lancashire"),
        )
        url = folder / "gias-links-2025-07" / "links_edubasealldata.csv.gz"
        found = timed("read_urn_links: 34,044 links", lambda: schoolnet.read_urn_links(url))
        assert isinstance(found, pd.DataFrame)
        timed("urn_history: every chain followed", lambda: schoolnet.urn_history(found, schools=tables.schools))
        hubs = folder / "teaching-school-hubs"
        timed(
            "read_hubs: 87 regions over the register",
            lambda: schoolnet.read_hubs(hubs / "hub_lead_schools.csv", hubs / "hub_region_districts.csv", tables),
        )
        names = misspelt(tables.schools["name"].sample(2_000, random_state=0))
        found = timed("match_schools: 2,000 names against every school", lambda: schoolnet.match_schools(names, tables))
        assert isinstance(found, pd.DataFrame)
        matched = found[found["status"] == "matched"]
        right = (matched["urn"].astype(int).to_numpy() == matched.index.to_numpy()).mean()
        print(f"{'':<4}{len(matched):,} of 2,000 matched outright, {right:.1%} of them to the school meant")
    return 0


def misspelt(names: pd.Series) -> pd.Series:
    """Names as a spreadsheet might write them: two letters swapped, and "C of E" and "Prim" for short."""
    rng = np.random.default_rng(0)

    def one(name: str) -> str:
        i = int(rng.integers(2, max(3, len(name) - 2)))
        swapped = name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :] if len(name) > 4 else name
        return swapped.replace("Church of England", "C of E").replace("Primary School", "Prim")

    return names.map(one)


if __name__ == "__main__":
    sys.exit(main())
