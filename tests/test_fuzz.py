"""Malformed tables thrown at read_tables: it either raises a SchoolnetError or accounts for every row."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet.errors import SchoolnetError

# Each column draws from values that load (including ones that are set aside: unknown references, duplicates)
# and, rarely, from values that cannot be read.
URNS = (["100001", "100002", "100003", "100004", "999999", "100001"], ["abc", "", "1.5", "-4"])
GROUP_IDS = (["C1", "C2", "T1", "missing"], [""])
STARTS = (["2019-01-01", "2020-09-01", "", "2019-01-01 00:00:00"], ["31/08/2023", "2023-02-30", "soon"])
ENDS = (["", "2023-08-31", "2024-07-31"], ["2018-01-01", "later"])
KINDS = (["cluster", "trust", "MAT", "alliance", "hub"], ["", "club"])
OFSTED = (["good", "Outstanding", "RI", "", "4"], ["splendid"])
NAMES = (["Alder", "Birch", "Café Élan", 'Comma, "quoted"', "x" * 200], [""])
EASTINGS = (["350000", "", "351000.5"], ["-1", "1e9", "abc"])
PUPILS = (["210", "", "1,050"], ["-1", "12.5", "many"])
PERCENTS = (["12.5", "", "40"], ["130", "-2", "half"])

COLUMNS = {
    "schools": {
        "urn": URNS,
        "name": NAMES,
        "ofsted": OFSTED,
        "easting": EASTINGS,
        "pupils": PUPILS,
        "fsm_pct": PERCENTS,
    },
    "groups": {"group_id": GROUP_IDS, "kind": KINDS, "lead_urn": URNS, "opened": STARTS, "closed": ENDS},
    "memberships": {
        "group_id": GROUP_IDS,
        "urn": URNS,
        "joined": STARTS,
        "left": ENDS,
        "role": (["lead", "member", ""], ["boss"]),
    },
    "support": {
        "supporter_urn": URNS,
        "supported_urn": URNS,
        "kind": (["brokered", "nle", ""], []),
        "start": STARTS,
        "end": ENDS,
    },
}


def cells(pools: tuple[list[str], list[str]]) -> st.SearchStrategy[str]:
    valid, invalid = pools
    if not invalid:
        return st.sampled_from(valid)
    return st.integers(0, 99).flatmap(lambda i: st.sampled_from(invalid if i == 0 else valid))


@st.composite
def table_files(draw: st.DrawFn, name: str) -> tuple[str, bytes, int]:
    """A table file as bytes, and how many data rows it holds."""
    columns = dict(COLUMNS[name])
    header = list(columns)
    rows = draw(st.lists(st.tuples(*(cells(v) for v in columns.values())), max_size=8))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    text = pd.DataFrame(rows, columns=header).to_csv(index=False, sep=delimiter, lineterminator="\n")
    if draw(st.booleans()):
        text = text.replace("\n", "\n\n", 1)  # a blank line after the header
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return name, text.encode(encoding, errors="replace"), len(rows)


def corrupt(data: bytes, how: str, column: int) -> bytes:
    """Spoil a file: empty it, encode it as UTF-16, or remove one of its columns."""
    if how == "empty":
        return b""
    if how == "utf-16":
        return data.decode("utf-8", errors="replace").encode("utf-16")
    lines = data.decode("latin-1").split("\n")
    delimiter = max(",;\t", key=lines[0].count)
    cut = [delimiter.join(f for i, f in enumerate(line.split(delimiter)) if i != column) for line in lines]
    return "\n".join(cut).encode("latin-1")


@st.composite
def folders(draw: st.DrawFn) -> list[tuple[str, bytes, int]]:
    files = [draw(table_files("schools"))]
    for name in ("groups", "memberships", "support"):
        if draw(st.booleans()):
            files.append(draw(table_files(name)))
    how = draw(st.sampled_from(["none"] * 6 + ["empty", "utf-16", "drop a column", "drop a column"]))
    if how != "none":
        which = draw(st.integers(0, len(files) - 1))
        name, data, n = files[which]
        files[which] = (name, corrupt(data, how, draw(st.integers(0, 4))), n)
    return files


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folders())
def test_malformed_tables_raise_or_account_for_every_row(files: list[tuple[str, bytes, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data, _ in files:
            (folder / f"{name}.csv").write_bytes(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tables = schoolnet.read_tables(folder)
        except SchoolnetError as err:
            event(f"error: {type(err).__name__}")
            return
    event(f"loaded, {'with' if len(tables.rejected) else 'without'} rows set aside")
    counts = tables.counts.set_index("table")
    for name, _, n_rows in files:
        read, kept, rejected = counts.loc[name, ["read", "kept", "rejected"]]
        assert read == n_rows
        assert kept == len(getattr(tables, name))
        assert read == kept + rejected
        assert rejected == (tables.rejected["table"] == name).sum()
    assert tables.rejected["reason"].str.len().gt(0).all()
