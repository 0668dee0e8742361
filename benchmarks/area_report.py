"""Time ``schoolnet report`` on one area of the real register, with a cluster sheet and Ofsted's file.

Run ``python benchmarks/area_report.py`` beside ``../shared/data/real`` (or with
``$SCHOOLNET_REAL_DATA``). It writes a cluster sheet for Lancashire as an
authority would (one cluster per district, names as spreadsheets write them,
every tenth school left out, two names of no school), then times, median of
``--repeat`` runs (1 by default), the whole command::

    schoolnet report --gias edubasealldata20220706.csv.gz --gias-links ... --gias-groups ... \\
        --la Lancashire --clusters clusters.csv --ofsted <Ofsted's management-information file>

The Ofsted file at hand is Leeds's (February 2026), so for Lancashire every
row is read, joined and set aside: the time is that of reading and joining a
file of its size. It prints seconds and peak memory; it asserts nothing. The
aim is under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd
from _timing import peak_rss_mb, reset_peak

import schoolnet
from schoolnet.cli import main

ROOT = Path(__file__).resolve().parent.parent


def real_data() -> Path:
    return ROOT / os.environ.get("SCHOOLNET_REAL_DATA", "../shared/data/real")


def cluster_sheet(establishments: Path, out: Path) -> Path:
    """A cluster sheet for Lancashire's schools, by name, as a spreadsheet would write them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = schoolnet.read_gias(establishments, la="Lancashire")
    own = tables.schools[tables.schools["in_focus"]].sort_index()
    rows = [
        (f"{school['district']} cluster", school["name"].replace("Saint ", "St ").replace(" School", ""))
        for i, (_, school) in enumerate(own.iterrows())
        if i % 10
    ]
    rows += [("Preston cluster", "Atlantis High"), ("Wyre cluster", "Hogwarts Academy of Magic")]
    path = out / "clusters.csv"
    pd.DataFrame(rows, columns=["Cluster", "School"]).to_csv(path, index=False)
    return path


def main_benchmark(repeat: int) -> None:
    folder = real_data()
    est = folder / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz"
    if not est.exists():
        sys.exit(f"the register extract is not at {est}; set SCHOOLNET_REAL_DATA")
    ofsted = next((folder / "ofsted-mi-2026-02-leeds").glob("*.csv"))
    with tempfile.TemporaryDirectory() as tmp:
        sheet = cluster_sheet(est, Path(tmp))
        args = ["report", "--gias", str(est), "--la", "Lancashire", "--out", str(Path(tmp) / "report")]
        args += ["--gias-links", str(folder / "gias-groups-2022-07" / "group_links.csv.gz")]
        args += ["--gias-groups", str(folder / "gias-groups-2022-07" / "groups.csv.gz")]
        args += ["--clusters", str(sheet), "--ofsted", str(ofsted)]
        times = []
        reset_peak()
        for _ in range(repeat):
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                status = main(args)
            times.append(time.perf_counter() - start)
            if status:
                sys.exit(f"schoolnet report failed with status {status}")
    print(
        f"Lancashire report, with a cluster sheet and Ofsted's file: {statistics.median(times):.1f} s "
        f"(median of {repeat}), peak {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    main_benchmark(parser.parse_args().repeat)
