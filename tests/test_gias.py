"""Tests of reading the DfE register (GIAS).

The fixtures in ``tests/data/gias/`` are written by hand in the register's own
layout: Windows-1252, DD-MM-YYYY dates, ``(code)`` / ``(name)`` columns. The
expected values below were worked out by hand from those files; the comments
give the lines concerned. The real national extracts are checked against
counts made with plain pandas in the tests themselves.
"""

from __future__ import annotations

import csv
import gzip
import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet import (
    KeptAsTextWarning,
    ParameterError,
    SchemaError,
    SchoolnetError,
    SetAsideWarning,
    Tables,
    build_network,
    read_gias,
)
from schoolnet.read._gias_files import records_of
from schoolnet.read.gias import PERSONAL_COLUMNS

from .conftest import ROOT

DATA = Path(__file__).resolve().parent / "data" / "gias"
EST = DATA / "edubasealldata20240901.csv"
LINKS = DATA / "alllinksdata20240901.csv"
NEW_LINKS = DATA / "grouplinks_edubaseallacademiesandfree20240901.csv"
GROUPS = DATA / "allgroupsdata20240901.csv"

#: Kept from the fixture with open_only: all but 900005 (closed), 900010 (proposed to open)
#: and the second row of 900002 (line 12).
OPEN_URNS = {900001, 900002, 900003, 900004, 900006, 900007, 900008, 900009, 900011, 900012, 900013}


def read(*args: object, **kwargs: object) -> Tables:
    """read_gias, expecting rows to be set aside."""
    with pytest.warns(SetAsideWarning):
        return read_gias(*args, **kwargs)  # type: ignore[arg-type]


def ties(tables: Tables, as_of: str) -> set[tuple[int, int, str]]:
    G = build_network(tables, as_of=as_of)
    return {(min(u, v), max(u, v), k) for u, v, k in G.edges(keys=True)}


def members(tables: Tables) -> set[tuple[str, int, str | None]]:
    m = tables.memberships
    joined = m["joined"].dt.strftime("%Y-%m-%d").astype(object).where(m["joined"].notna(), None)
    return set(zip(m["group_id"], m["urn"].astype(int), joined, strict=True))


def counts(tables: Tables) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    c = tables.counts
    return {
        (t, f): (int(r), int(k), int(x), int(n))
        for t, f, r, k, x, n in zip(
            c["table"], c["file"], c["read"], c["kept"], c["rejected"], c["not_selected"], strict=True
        )
    }


def assert_balanced(tables: Tables) -> None:
    c = tables.counts
    assert (c["read"] == c["kept"] + c["rejected"]).all()
    assert c["rejected"].sum() == len(tables.rejected)
    for table in ("schools", "groups", "memberships"):
        assert c.loc[c["table"] == table, "kept"].sum() == len(getattr(tables, table))


def reasons(tables: Tables, table: str) -> dict[tuple[str, int], str]:
    r = tables.rejected[tables.rejected["table"] == table]
    return {(f, int(line)): reason for f, line, reason in zip(r["file"], r["line"], r["reason"], strict=True)}


@pytest.fixture(scope="module")
def full() -> Tables:
    return read(EST, links=LINKS, groups=GROUPS)


# ---------------------------------------------------------------------------
# Establishments
# ---------------------------------------------------------------------------


def test_fixture_is_in_the_registers_own_encoding() -> None:
    data = EST.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\xc9cole Sainte-Th\xe9r\xe8se" in data  # "École Sainte-Thérèse" in Windows-1252
    assert b"14-03-2019" in data


def test_schools_are_mapped_onto_the_schema(full: Tables) -> None:
    s = full.schools
    assert set(s.index) == OPEN_URNS
    assert s.loc[900003, "name"] == "École Sainte-Thérèse"
    assert s["phase"].to_dict() == {
        900001: "primary",
        900002: "secondary",
        900003: "primary",
        900004: "primary",
        900006: "special",  # Community special school, phase Not applicable
        900007: "alternative provision",  # Pupil referral unit
        900008: "middle",  # Middle deemed secondary
        900009: "secondary",
        900011: "primary",
        900012: "primary",
        900013: "primary",
    }
    assert s.loc[900003, "ofsted"] == "none"  # blank OfstedRating (name)
    assert s.loc[900004, "ofsted"] == "requires improvement"
    assert s.loc[900002, "ofsted"] == "outstanding"
    assert s.loc[900001, ["la", "district", "type"]].tolist() == ["Wexmoor", "Wexbridge", "Academy converter"]
    assert s.loc[900006, ["easting", "northing"]].tolist() == [395000.0, 305000.0]
    assert np.isnan(s.loc[900011, "easting"]) and np.isnan(s.loc[900011, "northing"])  # written 0, 0
    assert s.loc[900002, "pupils"] == 1104
    assert s.loc[900004, "fsm_pct"] == pytest.approx(30.1)
    assert pd.isna(s.loc[900007, "fsm_pct"])
    assert s.loc[900009, "urban_rural"] == "(England/Wales) Rural village"
    assert s.loc[900003, "religious_character"] == "Roman Catholic"


def test_extra_columns_are_kept_with_types(full: Tables) -> None:
    s = full.schools
    assert s.loc[900004, "status"] == "Open, but proposed to close"
    assert s.loc[900001, "opened"] == pd.Timestamp("2015-09-01")  # 01-09-2015
    assert s.loc[900004, "closed"] == pd.Timestamp("2025-08-31")
    assert s.loc[900001, "ofsted_date"] == pd.Timestamp("2019-03-14")
    assert pd.isna(s.loc[900003, "opened"])
    assert s.loc[900006, ["low_age", "high_age", "capacity"]].tolist() == [2, 19, 80]
    assert str(s["capacity"].dtype) == "Int64"
    assert s.loc[900001, ["la_code", "type_group", "postcode"]].tolist() == ["990", "Academies", "WX1 1AA"]
    assert s.loc[900012, ["trust_id", "trust"]].tolist() == ["GIAS:4999", "Heath Schools Trust"]
    assert s.loc[900012, ["federation_id", "federation"]].tolist() == ["GIAS:7002", "Gorse and Heath Federation"]
    assert s.loc[900002, "sponsor"] == "Wexmoor Learning Trust"
    assert pd.isna(s.loc[900001, "sponsor"])


def test_closed_and_proposed_schools_are_set_aside(full: Tables) -> None:
    found = reasons(full, "schools")
    assert found[(EST.name, 6)] == "not open (open_only=True); status 'Closed'"
    assert found[(EST.name, 11)] == "not open (open_only=True); status 'Proposed to open'"


def test_open_only_false_keeps_every_school() -> None:
    tables = read(EST, open_only=False)  # the duplicate URN is still set aside
    assert set(tables.schools.index) == OPEN_URNS | {900005, 900010}
    assert tables.schools.loc[900005, "status"] == "Closed"
    assert list(tables.rejected["line"]) == [12]


def test_a_duplicate_urn_is_set_aside(full: Tables) -> None:
    found = reasons(full, "schools")
    assert found[(EST.name, 12)] == "duplicate urn; line 3 has the same and was kept"
    assert full.schools.loc[900002, "name"] == "Birch Academy"


def test_personal_data_is_never_read() -> None:
    tables = read(EST, links=LINKS, groups=GROUPS, open_only=False)
    names = {"Jane", "Example", "Sample", "Muñoz", "Patel", "Trustworthy", "Hazelwood", "Fellows", "Hubbard", "Mrs"}
    for frame in (tables.schools, tables.groups, tables.memberships, tables.rejected):
        text = frame.map(str).to_numpy().ravel().tolist() + [str(c) for c in frame.columns]
        assert not any(name in cell for cell in text for name in names)
        assert not any(cell.startswith("0163296") for cell in text)  # telephone numbers
        assert not {c.lower() for c in frame.columns} & {c.lower() for c in PERSONAL_COLUMNS}
    G = build_network(tables, as_of="2024-01-01")
    assert not any("Example" in str(v) for _, data in G.nodes(data=True) for v in data.values())


# ---------------------------------------------------------------------------
# Groups and memberships
# ---------------------------------------------------------------------------


def test_groups_file_gives_kinds_names_and_dates(full: Tables) -> None:
    g = full.groups
    assert g["kind"].to_dict() == {
        "GIAS:4001": "trust",  # 2 Trust (foundation trust)
        "GIAS:5001": "trust",  # 6 Multi-academy trust
        "GIAS:5002": "single_academy_trust",
        "GIAS:5003": "trust",
        "GIAS:6001": "sponsor",
        "GIAS:7001": "federation",
        "GIAS:7002": "federation",
        "GIAS:7003": "federation",
        "GIAS:7100": "umbrella_trust",
        "GIAS:9001": "childrens_centres",
    }
    assert g.loc["GIAS:7001", "name"] == "Thérèse and Cedar Federation"
    assert g.loc["GIAS:7003", ["opened", "closed"]].tolist() == [pd.Timestamp("2015-09-01"), pd.Timestamp("2018-08-31")]
    assert pd.isna(g.loc["GIAS:9001", "opened"])  # 01-01-1900 is the register's "not recorded"
    assert g.loc["GIAS:5001", ["group_type", "gias_group_id", "status"]].tolist() == [
        "Multi-academy trust",
        "TR00001",
        "Open",
    ]
    assert g.loc["GIAS:5001", "incorporated"] == pd.Timestamp("2014-04-01")
    found = reasons(full, "groups")
    assert found[(GROUPS.name, 10)] == "closed before it opened; Closed Date 2017-04-30 is before Open date 2017-05-01"
    assert found[(GROUPS.name, 13)].startswith(
        "group type not read by schoolnet; found Group Type 'Curriculum hub' (code '3'); the codes read are 1 ("
    )


def test_links_give_memberships_with_joined_dates(full: Tables) -> None:
    assert members(full) == {
        ("GIAS:5001", 900001, "2015-09-01"),
        ("GIAS:5001", 900002, "2018-09-01"),
        ("GIAS:6001", 900002, "2018-09-01"),
        ("GIAS:7001", 900003, "2019-09-01"),
        ("GIAS:7001", 900004, "2019-09-01"),
        ("GIAS:5002", 900009, "2012-04-01"),
        ("GIAS:5003", 900011, "2021-01-01"),
        ("GIAS:5003", 900013, "2023-09-01"),
        ("GIAS:4001", 900006, "2010-09-01"),
        ("GIAS:4001", 900007, "2012-09-01"),
        # Named only by the Federations column of the establishments file.
        ("GIAS:7002", 900008, None),
        ("GIAS:7002", 900012, None),
    }
    assert set(full.memberships["role"]) == {"member"}
    found = reasons(full, "memberships")
    assert found == {
        (LINKS.name, 7): "school not open (open_only=True); status 'Closed'",
        (LINKS.name, 11): "urn 999999 is not in the schools table",
        (LINKS.name, 12): "group_id GIAS:8888 is not in the groups table (or was set aside)",
        (LINKS.name, 13): "urn 20001 is not in the schools table",
        (f"{EST.name} (Trusts, Federations)", 14): (f"group not in {GROUPS.name} (or set aside); Trusts (code) 4999"),
    }


def test_counts_of_every_file_balance(full: Tables) -> None:
    own = f"{EST.name} (Trusts, Federations)"
    assert counts(full) == {
        # read, kept, rejected, not selected
        ("schools", EST.name): (14, 11, 3, 0),
        ("memberships", LINKS.name): (14, 10, 4, 0),
        # Nine of the establishments' Trusts and Federations memberships are also links:
        # counted once, as links. Three are not; 4999 is no group of the groups file.
        ("memberships", own): (3, 2, 1, 0),
        ("groups", GROUPS.name): (12, 10, 2, 0),
        ("support", "support (none)"): (0, 0, 0, 0),
    }
    assert_balanced(full)


def test_the_network_follows_joined_dates(full: Tables) -> None:
    assert ties(full, "2023-01-01") == {
        (900001, 900002, "GIAS:5001"),
        (900006, 900007, "GIAS:4001"),
        (900003, 900004, "GIAS:7001"),
        (900008, 900012, "GIAS:7002"),
    }
    # Ivy Academy joined Fellshire Schools Partnership on 01-09-2023.
    assert ties(full, "2024-01-01") - ties(full, "2023-01-01") == {(900011, 900013, "GIAS:5003")}
    # A single-academy trust and a sponsor make no tie; their memberships are kept.
    G = build_network(full, as_of="2024-01-01")
    assert G.degree(900009) == 0
    assert {k for *_, k in G.edges(data="kind")} == {"trust", "federation"}


def test_links_without_a_groups_file_make_the_groups() -> None:
    tables = read(EST, links=LINKS)
    named = f"{LINKS.name} (groups named in it)"
    own = f"{EST.name} (Trusts, Federations)"
    assert tables.groups["kind"].to_dict() == {
        "GIAS:5001": "trust",
        "GIAS:6001": "sponsor",
        "GIAS:7001": "federation",
        "GIAS:5002": "single_academy_trust",
        "GIAS:5003": "trust",
        "GIAS:8888": "trust",
        "GIAS:9001": "childrens_centres",
        "GIAS:4001": "trust",
        "GIAS:7002": "federation",
        "GIAS:4999": "trust",
    }
    assert tables.groups.loc["GIAS:5001", "name"] == "Wexmoor Learning Trust"
    assert tables.groups.loc["GIAS:7002", "name"] == "Gorse and Heath Federation"
    assert tables.groups["source"].value_counts().to_dict() == {named: 8, own: 2}
    assert counts(tables) == {
        ("schools", EST.name): (14, 11, 3, 0),
        ("memberships", LINKS.name): (14, 11, 3, 0),  # 8888 is now a group; lines 7, 11, 13 set aside
        ("groups", named): (8, 8, 0, 0),
        ("groups", own): (2, 2, 0, 0),
        ("memberships", own): (3, 3, 0, 0),
        ("support", "support (none)"): (0, 0, 0, 0),
    }
    assert_balanced(tables)
    assert ties(tables, "2023-01-01") == ties(read(EST, links=LINKS, groups=GROUPS), "2023-01-01")


def test_establishments_alone_give_trusts_and_federations() -> None:
    tables = read(EST)
    own = f"{EST.name} (Trusts, Federations)"
    assert tables.groups["kind"].to_dict() == {
        "GIAS:5001": "trust",
        "GIAS:4001": "trust",
        "GIAS:5002": "trust",  # without a links or groups file, a trust's type is not known
        "GIAS:5003": "trust",
        "GIAS:4999": "trust",
        "GIAS:7001": "federation",
        "GIAS:7002": "federation",
    }
    assert members(tables) == {
        ("GIAS:5001", 900001, None),
        ("GIAS:5001", 900002, None),  # from line 3; the duplicate on line 12 is set aside
        ("GIAS:4001", 900006, None),
        ("GIAS:5002", 900009, None),
        ("GIAS:5003", 900011, None),
        ("GIAS:4999", 900012, None),
        ("GIAS:5003", 900013, None),
        ("GIAS:7001", 900003, None),
        ("GIAS:7001", 900004, None),
        ("GIAS:7002", 900008, None),
        ("GIAS:7002", 900012, None),
    }
    assert counts(tables)[("memberships", own)] == (11, 11, 0, 0)
    assert counts(tables)[("groups", own)] == (7, 7, 0, 0)
    assert_balanced(tables)
    # No joined dates: Ivy Academy's tie to Juniper counts whatever the date.
    expected = {
        (900001, 900002, "GIAS:5001"),
        (900011, 900013, "GIAS:5003"),
        (900003, 900004, "GIAS:7001"),
        (900008, 900012, "GIAS:7002"),
    }
    assert ties(tables, "2023-01-01") == ties(tables, "2024-01-01") == expected


def test_the_newer_links_layout() -> None:
    # Linked UID, Group Type before its code, zero-padded codes ("06"), FederationType.
    tables = read(EST, links=NEW_LINKS, groups=GROUPS)
    own = f"{EST.name} (Trusts, Federations)"
    assert members(tables) == {
        ("GIAS:5001", 900001, "2015-09-01"),
        ("GIAS:5001", 900002, "2018-09-01"),
        ("GIAS:6001", 900002, "2018-09-01"),
        ("GIAS:5002", 900009, "2012-04-01"),
        ("GIAS:5003", 900011, "2021-01-01"),
        ("GIAS:5003", 900013, "2023-09-01"),
        ("GIAS:7001", 900003, "2019-09-01"),
        # Not in this links file, so taken from the Trusts and Federations columns:
        ("GIAS:7001", 900004, None),
        ("GIAS:4001", 900006, None),
        ("GIAS:7002", 900008, None),
        ("GIAS:7002", 900012, None),
    }
    assert counts(tables)[("memberships", NEW_LINKS.name)] == (7, 7, 0, 0)
    assert counts(tables)[("memberships", own)] == (5, 4, 1, 0)  # 4999 is no group of the groups file
    assert_balanced(tables)
    assert ties(tables, "2023-01-01") == {
        (900001, 900002, "GIAS:5001"),
        (900003, 900004, "GIAS:7001"),
        (900008, 900012, "GIAS:7002"),
    }


def test_the_newer_links_layout_without_a_groups_file() -> None:
    tables = read(EST, links=NEW_LINKS)
    g = tables.groups
    assert g.loc[["GIAS:5001", "GIAS:6001", "GIAS:5002", "GIAS:7001"], "kind"].tolist() == [
        "trust",
        "sponsor",
        "single_academy_trust",
        "federation",
    ]
    assert g.loc["GIAS:7001", "federation_type"] == "Hard"
    assert g.loc["GIAS:5003", "opened"] == pd.Timestamp("2021-01-01")
    assert_balanced(tables)


def test_files_resaved_by_pandas_read_the_same(tmp_path: Path, full: Tables) -> None:
    # As the 2022 extracts were re-saved: read as Latin-1 with day-first dates, written
    # back by pandas as UTF-8 with ISO dates and a leading unnamed index column.
    for source in (LINKS, GROUPS):
        frame = pd.read_csv(source, encoding="latin-1", dtype=str, keep_default_na=False)
        for column in ("Closed Date", "Open date", "Incorporated on (open date)", "Joined date"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column], format="%d-%m-%Y")
        frame.to_csv(tmp_path / source.name, index=source is LINKS)
    assert (tmp_path / LINKS.name).read_text(encoding="utf-8").startswith(",URN,Group UID")
    resaved = read(EST, links=tmp_path / LINKS.name, groups=tmp_path / GROUPS.name)
    assert members(resaved) == members(full)
    pd.testing.assert_frame_equal(resaved.groups, full.groups)
    assert resaved.rejected[["table", "line", "reason"]].equals(full.rejected[["table", "line", "reason"]])


def test_gzip_compressed_files(tmp_path: Path, full: Tables) -> None:
    for source in (EST, LINKS, GROUPS):
        (tmp_path / f"{source.name}.gz").write_bytes(gzip.compress(source.read_bytes()))
    zipped = read(
        *(tmp_path / f"{EST.name}.gz",), links=tmp_path / f"{LINKS.name}.gz", groups=tmp_path / f"{GROUPS.name}.gz"
    )
    pd.testing.assert_frame_equal(zipped.schools, full.schools)
    assert members(zipped) == members(full)
    assert list(zipped.rejected["line"]) == list(full.rejected["line"])


def test_only_urn_and_name_are_required(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata.csv"
    path.write_text("URN,EstablishmentName\n100001,Alder Primary School\n100002,Birch Academy\n", encoding="cp1252")
    tables = read_gias(path)
    assert tables.schools["name"].to_dict() == {100001: "Alder Primary School", 100002: "Birch Academy"}
    assert tables.schools["phase"].isna().all()
    assert tables.schools["ofsted"].tolist() == ["none", "none"]
    assert len(tables.groups) == len(tables.memberships) == len(tables.rejected) == 0
    assert set(tables.counts["file"]) == {path.name, "groups (none)", "memberships (none)", "support (none)"}
    assert_balanced(tables)


# ---------------------------------------------------------------------------
# Selection
# ---------------------------------------------------------------------------


def test_selecting_an_area_keeps_the_partners_across_its_border(tmp_path: Path) -> None:
    # Hazel Academy (900009, Fellshire) joins the Wexmoor Learning Trust (5001) of Alder (900001) and Birch (900002).
    path = _edited(tmp_path, 10, ",5002,Hazel Academy Trust,", ",5001,Wexmoor Learning Trust,")
    kept = read(path, la="Wexmoor")
    assert kept.schools["in_focus"].to_dict() == {
        900001: True,
        900002: True,
        900003: True,
        900004: True,
        900006: True,
        900007: True,
        900009: False,
    }
    # Its row is read and kept, as a boundary school: rows read = kept + set aside still.
    assert counts(kept)[("schools", path.name)] == (9, 7, 2, 5)
    assert_balanced(kept)
    assert (900001, 900009, "GIAS:5001") in ties(kept, "2023-01-01")
    cut = read(path, la="Wexmoor", boundary="cut")
    assert 900009 not in cut.schools.index and "in_focus" not in cut.schools.columns
    assert not any(900009 in (u, v) for u, v, _ in ties(cut, "2023-01-01"))


def test_selecting_phases_keeps_partners_of_other_phases() -> None:
    tables = read(EST, phases=["primary", "special"])
    # Birch Academy (secondary) shares trust 5001 with Alder; Gorse Middle shares federation 7002 with Heath First.
    boundary = tables.schools.index[~tables.schools["in_focus"]]
    assert sorted(boundary) == [900002, 900008]
    assert_balanced(tables)


def test_boundary_must_be_keep_or_cut() -> None:
    with pytest.raises(ParameterError, match="boundary='trim'"):
        read_gias(EST, la="Wexmoor", boundary="trim")  # type: ignore[arg-type]


def test_selecting_a_local_authority() -> None:
    tables = read(EST, links=LINKS, groups=GROUPS, la="wexmoor")
    assert set(tables.schools.index) == {900001, 900002, 900003, 900004, 900006, 900007}
    assert counts(tables) == {
        # Lines 2-8 and 12 are Wexmoor's; 6 (closed) and 12 (duplicate) are set aside.
        ("schools", EST.name): (8, 6, 2, 6),
        # Links of Wexmoor's schools, and of 999999, a school the establishments file lacks whose
        # link says it is in Wexmoor; lines 8, 9, 10 (Fellshire's schools) and 13 (a Fellshire
        # children's centre) are not selected.
        ("memberships", LINKS.name): (10, 7, 3, 4),
        # The groups that selected links or schools name: 4001, 5001, 6001, 7001 (8888 is not in the file).
        ("groups", GROUPS.name): (4, 4, 0, 8),
        ("support", "support (none)"): (0, 0, 0, 0),
    }
    assert_balanced(tables)
    assert set(tables.rejected["line"][tables.rejected["table"] == "memberships"]) == {7, 11, 12}
    assert ties(tables, "2023-01-01") == {
        (900001, 900002, "GIAS:5001"),
        (900006, 900007, "GIAS:4001"),
        (900003, 900004, "GIAS:7001"),
    }
    assert "la=wexmoor" in tables.source


def test_a_selection_keeps_every_joining_date() -> None:
    # Each membership selected has the date its line of the links file gives, as without the selection.
    whole = read(EST, links=LINKS, groups=GROUPS).memberships.set_index(["group_id", "urn"])["joined"]
    for selected in (
        read(EST, links=LINKS, groups=GROUPS, la="wexmoor"),
        read(EST, links=LINKS, groups=GROUPS, phases="primary"),
    ):
        part = selected.memberships.set_index(["group_id", "urn"])["joined"]
        assert part.notna().sum() > 1
        pd.testing.assert_series_equal(part, whole.reindex(part.index))
    raw = pd.read_csv(LINKS, encoding="cp1252", dtype=str)
    keys = zip("GIAS:" + raw["Group UID"], raw["URN"].astype(int), strict=True)
    dated = dict(zip(keys, pd.to_datetime(raw["Joined date"], format="%d-%m-%Y"), strict=True))
    wexmoor = read(EST, links=LINKS, groups=GROUPS, la="wexmoor").memberships
    found = [(row.joined, dated[row.group_id, row.urn]) for row in wexmoor.itertuples()]
    assert found and all(a == b or (pd.isna(a) and pd.isna(b)) for a, b in found)


def test_selecting_phases() -> None:
    tables = read(EST, phases=["primary", "special"], boundary="cut")
    assert set(tables.schools.index) == {900001, 900003, 900004, 900006, 900011, 900012, 900013}
    # Primary or special: lines 2, 4, 5, 6, 7, 11, 13, 14, 15; 6 and 11 are not open.
    assert counts(tables)[("schools", EST.name)] == (9, 7, 2, 5)
    assert_balanced(tables)


def test_selection_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="did you mean 'Wexmoor'"):
        read_gias(EST, la="Wexmor")
    with pytest.raises(ParameterError, match="'infant' is not a phase"):
        read_gias(EST, phases="infant")
    with pytest.raises(ParameterError, match="la"):
        read_gias(EST, la=[])
    no_la = tmp_path / "edubasealldata.csv"
    no_la.write_text("URN,EstablishmentName\n100001,Alder Primary School\n", encoding="cp1252")
    with pytest.raises(ParameterError, match=r"no 'LA \(name\)' column"):
        read_gias(no_la, la="Wexmoor")


# ---------------------------------------------------------------------------
# Files that are not what they should be
# ---------------------------------------------------------------------------


def test_a_file_that_is_not_a_register_extract() -> None:
    with pytest.raises(SchemaError) as caught:
        read_gias(DATA / "not_a_register.csv")
    assert isinstance(caught.value, SchoolnetError) and isinstance(caught.value, ValueError)
    assert len(caught.value.problems) == 1
    message = str(caught.value)
    assert message.startswith("1 problem in not_a_register.csv:")
    assert "'URN' and 'EstablishmentName'" in message
    assert "found 'stop_id', 'stop_name', 'latitude', 'longitude'" in message


def test_schoolnets_own_schools_table_is_pointed_to_read_tables() -> None:
    with pytest.raises(SchemaError, match=r"schools\.csv.*read it with schoolnet\.read_tables\(\)") as caught:
        read_gias(ROOT / "data" / "schools.csv")
    assert len(caught.value.problems) == 1


def test_register_files_passed_as_the_wrong_one() -> None:
    with pytest.raises(SchemaError, match=r"found the column 'Group UID' of another file.*pass it as links="):
        read_gias(LINKS)
    with pytest.raises(
        SchemaError,
        match=r"columns 'Group UID' and \('Group Type \(code\)' or 'Group Type'\) of the DfE register's groups"
        r" file.*pass it first",
    ):
        read_gias(EST, groups=EST)
    with pytest.raises(
        SchemaError, match=r"expected the column 'URN' of the DfE register's group links file.*pass it as groups="
    ):
        read_gias(EST, links=GROUPS)


def test_missing_file() -> None:
    with pytest.raises(SchoolnetError, match="no such file"):
        read_gias(DATA / "edubasealldata19990101.csv")


def _edited(tmp_path: Path, line: int, old: str, new: str, *, source: Path = EST) -> Path:
    lines = source.read_bytes().decode("cp1252").split("\r\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / EST.name
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


def _read_recording(path: Path, **kwargs: object) -> tuple[Tables, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = read_gias(path, **kwargs)  # type: ignore[arg-type]
    return tables, caught


def test_describing_values_the_register_does_not_know_are_kept_as_text(tmp_path: Path) -> None:
    path = _edited(tmp_path, 3, "01-09-2018", "31-02-2018")  # 900002's OpenDate: no such day
    path = _edited(tmp_path, 4, ",301,8.3,", ",lots,8.3,", source=path)  # 900003's NumberOfPupils
    path = _edited(tmp_path, 2, ",Good", ",Exceptional", source=path)  # 900001: a report-card grade
    path = _edited(tmp_path, 5, ",Requires improvement", ",Not judged", source=path)  # 900004: no grade since 2024
    path = _edited(tmp_path, 2, ",Primary,4,11,", ",Kindergarten,4,11,", source=path)  # 900001's phase
    tables, caught = _read_recording(path)
    kept = [w.message for w in caught if isinstance(w.message, KeptAsTextWarning)]
    assert len(kept) == 1, "one warning for the whole file"
    counts = {(c, v): n for _, c, v, n in kept[0].counts.itertuples(index=False)}
    assert counts == {
        ("OpenDate", "31-02-2018"): 1,
        ("NumberOfPupils", "lots"): 1,
        ("PhaseOfEducation (name)", "Kindergarten"): 1,
    }
    schools = tables.schools
    assert pd.isna(schools.loc[900002, "opened"]) and schools.loc[900002, "opened_raw"] == "31-02-2018"
    assert pd.isna(schools.loc[900003, "pupils"]) and schools.loc[900003, "pupils_raw"] == "lots"
    assert schools.loc[900001, "ofsted"] == "none" and schools.loc[900001, "ofsted_raw"] == "Exceptional"
    assert schools.loc[900004, "ofsted"] == "none" and schools.loc[900004, "ofsted_raw"] == "Not judged"
    assert pd.isna(schools.loc[900001, "phase"]) and schools.loc[900001, "phase_raw"] == "Kindergarten"
    assert schools.loc[900002, "ofsted"] == "outstanding"
    assert_balanced(tables)


def test_a_bad_urn_still_stops_the_load_and_names_the_register_column(tmp_path: Path) -> None:
    path = _edited(tmp_path, 4, "900003,990,", "9000x3,990,")
    with pytest.raises(SchemaError) as caught:
        read_gias(path)
    assert any((p.file, p.line, p.column, p.value) == (EST.name, 4, "URN", "9000x3") for p in caught.value.problems), (
        caught.value.problems
    )


def test_lines_are_exact_with_quoted_newlines_and_blank_lines(tmp_path: Path) -> None:
    # A name with a line break inside its quotes, and a blank line, move the closed school to line 8.
    path = _edited(tmp_path, 2, "Alder Primary School", '"Alder Primary\r\nSchool"')
    text = path.read_bytes().replace(b"\r\n900004,", b"\r\n\r\n900004,")
    path.write_bytes(text)
    tables = read(path)
    assert tables.schools.loc[900001, "name"] == "Alder Primary\r\nSchool"
    assert reasons(tables, "schools")[(EST.name, 8)] == "not open (open_only=True); status 'Closed'"
    assert sorted(tables.rejected["line"]) == [8, 13, 14]


def test_a_row_with_too_many_fields_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _edited(tmp_path, 5, "Cedar Infant School,", "Cedar Infant School,extra,")
    with pytest.raises(SchemaError) as caught:
        read_gias(path)
    [problem] = caught.value.problems
    assert problem.line == 5
    assert "38 fields as in the header, found 39" in problem.expected


FIELDS = st.text(alphabet=st.sampled_from(list('ab ,"\né;')), max_size=6)
ROWS = st.lists(st.lists(FIELDS, min_size=1, max_size=4) | st.just([]), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(rows=ROWS, crlf=st.booleans(), delimiter=st.sampled_from([",", ";"]))
def test_the_record_scan_agrees_with_the_csv_module(rows: list[list[str]], crlf: bool, delimiter: str) -> None:
    # Fields with delimiters, quotes and line breaks, and blank lines (the empty rows), written by the csv module.
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    for row in rows:
        if row:
            writer.writerow(row)
        else:
            out.write("\r\n" if crlf else "\n")
    text = out.getvalue()
    expected = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last_line = 0
    for record in reader:
        if record:
            expected.append((last_line + 1, len(record)))
        last_line = reader.line_num
    _, _, fields, lines = records_of(text.encode("utf-8"), delimiter)
    assert list(zip(lines.tolist(), fields.tolist(), strict=True)) == expected


def test_the_loader_is_exported() -> None:
    assert schoolnet.read_gias is read_gias
    assert "read_gias" in schoolnet.__all__


# ---------------------------------------------------------------------------
# The real national extracts
# ---------------------------------------------------------------------------

OPEN = ("Open", "Open, but proposed to close")


@pytest.fixture(scope="module")
def national_files(real_data: Path) -> dict[str, Path]:
    return {
        "establishments": real_data / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz",
        "links": real_data / "gias-groups-2022-07" / "group_links.csv.gz",
        "groups": real_data / "gias-groups-2022-07" / "groups.csv.gz",
    }


@pytest.fixture(scope="module")
def plain(national_files: dict[str, Path]) -> dict[str, pd.DataFrame]:
    """The national files read with plain pandas, for counts made independently of the loader."""
    est = pd.read_csv(national_files["establishments"], encoding="cp1252", dtype=str, keep_default_na=False)
    links = pd.read_csv(national_files["links"], dtype=str, keep_default_na=False, index_col=0)
    groups = pd.read_csv(national_files["groups"], dtype=str, keep_default_na=False)
    return {"establishments": est, "links": links, "groups": groups}


@pytest.fixture(scope="module")
def national(national_files: dict[str, Path]) -> Tables:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SetAsideWarning)
        return read_gias(
            national_files["establishments"], links=national_files["links"], groups=national_files["groups"]
        )


def _plain_memberships(plain: dict[str, pd.DataFrame], codes: set[str], urns: set[str]) -> pd.DataFrame:
    """(Group UID, URN) of open schools in groups of these type codes, from the links and the establishments file."""
    est, links, groups = plain["establishments"], plain["links"], plain["groups"]
    backwards = (groups["Closed Date"] != "") & (groups["Closed Date"] < groups["Open date"])
    typed = groups.loc[groups["Group Type (code)"].isin(codes) & ~backwards, "Group UID"]
    from_links = links[["Group UID", "URN"]]
    from_columns = pd.concat(
        [
            est[["Trusts (code)", "URN"]].set_axis(["Group UID", "URN"], axis=1),
            est[["Federations (code)", "URN"]].set_axis(["Group UID", "URN"], axis=1),
        ]
    )
    both = pd.concat([from_links, from_columns]).drop_duplicates()
    return both[both["Group UID"].isin(typed) & both["URN"].isin(urns)]


def _clique_ties(pairs: pd.DataFrame) -> int:
    sizes = pairs.groupby("Group UID").size()
    return int((sizes * (sizes - 1) // 2).sum())


@pytest.mark.national
def test_national_open_schools(national: Tables, plain: dict[str, pd.DataFrame]) -> None:
    est = plain["establishments"]
    open_urns = est.loc[est["EstablishmentStatus (name)"].isin(OPEN), "URN"].astype(int)
    assert len(open_urns) == 20_188
    assert set(national.schools.index) == set(open_urns)
    assert counts(national)[("schools", "edubasealldata20220706.csv.gz")] == (20_188, 20_188, 0, 0)
    assert_balanced(national)


@pytest.mark.national
def test_national_links_to_other_establishments_are_set_aside(national: Tables, plain: dict[str, pd.DataFrame]) -> None:
    links, est = plain["links"], plain["establishments"]
    elsewhere = ~links["URN"].isin(est["URN"])
    unknown_group = links["URN"].isin(est["URN"]) & ~links["Group UID"].isin(plain["groups"]["Group UID"])
    rejected = national.rejected[national.rejected["file"] == "group_links.csv.gz"]
    assert len(rejected) == int(elsewhere.sum() + unknown_group.sum())
    assert rejected["reason"].str.endswith("is not in the schools table").sum() == int(elsewhere.sum())


@pytest.mark.national
def test_national_multi_academy_trusts(national: Tables, plain: dict[str, pd.DataFrame]) -> None:
    urns = set(national.schools.index.astype(str))
    in_a_mat = _plain_memberships(plain, {"6"}, urns)["URN"].nunique()
    m = national.memberships.merge(national.groups[["group_type"]], left_on="group_id", right_index=True)
    assert m.loc[m["group_type"] == "Multi-academy trust", "urn"].nunique() == in_a_mat
    assert in_a_mat > 8_000


@pytest.mark.national
def test_national_network_has_a_clique_per_trust_and_federation(
    national: Tables, plain: dict[str, pd.DataFrame]
) -> None:
    urns = set(national.schools.index.astype(str))
    G = build_network(national, as_of="all")
    kinds = pd.Series([k for *_, k in G.edges(data="kind")]).value_counts()
    assert kinds["trust"] == _clique_ties(_plain_memberships(plain, {"2", "6"}, urns))
    assert kinds["federation"] == _clique_ties(_plain_memberships(plain, {"1"}, urns))
    assert set(kinds.index) == {"trust", "federation"}
    assert G.number_of_nodes() == 20_188
    on_the_day = build_network(national, as_of="2022-07-06")
    assert 0 < on_the_day.number_of_edges() <= G.number_of_edges()


@pytest.mark.national
def test_national_lancashire(national_files: dict[str, Path], plain: dict[str, pd.DataFrame]) -> None:
    est = plain["establishments"]
    lancashire = est.loc[est["LA (name)"] == "Lancashire", "URN"]
    assert len(lancashire) == 564
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SetAsideWarning)
        tables = read_gias(
            national_files["establishments"],
            links=national_files["links"],
            groups=national_files["groups"],
            la="Lancashire",
            boundary="cut",
        )
    assert set(tables.schools.index.astype(str)) == set(lancashire)
    assert counts(tables)[("schools", "edubasealldata20220706.csv.gz")] == (564, 564, 0, 20_188 - 564)
    assert_balanced(tables)
    federations = _plain_memberships(plain, {"1"}, set(lancashire)).groupby("Group UID").size()
    sizes = tables.memberships.merge(tables.groups[["kind"]], left_on="group_id", right_index=True)
    sizes = sizes[sizes["kind"] == "federation"].groupby("group_id").size()
    assert (sizes >= 2).sum() == (federations >= 2).sum()
    G = build_network(tables, as_of="all")
    assert G.number_of_nodes() == 564
    assert sum(1 for *_, k in G.edges(data="kind") if k == "federation") == _clique_ties(
        _plain_memberships(plain, {"1"}, set(lancashire))
    )


@pytest.mark.national
def test_national_lancashire_keeps_its_partners_across_the_border(
    national_files: dict[str, Path], plain: dict[str, pd.DataFrame]
) -> None:
    est = plain["establishments"]
    lancashire = set(est.loc[est["LA (name)"] == "Lancashire", "URN"])
    open_urns = set(est.loc[est["EstablishmentStatus (name)"].isin(OPEN), "URN"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SetAsideWarning)
        tables = read_gias(
            national_files["establishments"],
            links=national_files["links"],
            groups=national_files["groups"],
            la="Lancashire",
        )
    assert_balanced(tables)
    focus = tables.schools.index[tables.schools["in_focus"]]
    assert set(focus.astype(str)) == lancashire
    # Independently: the open schools outside Lancashire that share a multi-academy trust (6), trust (2) or
    # federation (1) with a Lancashire school.
    pairs = _plain_memberships(plain, {"1", "2", "6"}, open_urns)
    shared = set(pairs.loc[pairs["URN"].isin(lancashire), "Group UID"])
    partners = set(pairs.loc[pairs["Group UID"].isin(shared), "URN"]) - lancashire
    boundary = tables.schools.index[~tables.schools["in_focus"]]
    assert set(boundary.astype(str)) == partners
    # No Lancashire school with a partner anywhere is left without a tie.
    G = build_network(tables, as_of="all")
    with_partners = set(pairs.loc[pairs["Group UID"].isin(pairs["Group UID"][pairs["Group UID"].duplicated()]), "URN"])
    lonely = [u for u in focus if str(u) in with_partners and G.degree(u) == 0]
    assert lonely == []
    # Nor is any reported as having no partnership of any kind, and the measures report Lancashire's schools only.
    alone = schoolnet.isolation(G, require=())
    assert set(alone.index) == set(focus)
    flagged = alone.index[alone["main_reason"] == "no_partnership"]
    assert not any(str(u) in with_partners for u in flagged)
    cut = build_network(
        read_gias(national_files["establishments"], links=national_files["links"], la="Lancashire", boundary="cut"),
        as_of="all",
    )
    cut_lonely = [u for u in focus if str(u) in with_partners and cut.degree(u) == 0]
    assert len(cut_lonely) == 8  # the count: 8 of Lancashire's 564 schools lose every partner when cut


@pytest.mark.national
def test_the_real_register_with_todays_ofsted_values_loads_and_keeps_them(
    tmp_path: Path, plain: dict[str, pd.DataFrame]
) -> None:
    # The 2022 register rewritten as a register of 2025 would read: one school in five has no grade since
    # September 2024 ("Not judged"), some carry report-card words, and a few carry a value no vocabulary knows.
    est = plain["establishments"].copy()
    column = "OfstedRating (name)"
    new = ["Not judged", "Strong standard", "Needs attention", "Graded: see report card"]
    rows = np.arange(len(est))
    est.loc[rows % 5 == 0, column] = new[0]
    est.loc[rows % 50 == 1, column] = new[1]
    est.loc[rows % 50 == 2, column] = new[2]
    est.loc[rows % 500 == 3, column] = new[3]
    path = tmp_path / "edubasealldata20250801.csv"
    est.to_csv(path, index=False, encoding="cp1252")
    tables, caught = _read_recording(path)
    kept = [w.message for w in caught if isinstance(w.message, KeptAsTextWarning)]
    assert len(kept) == 1
    assert kept[0].counts[["column", "value"]].to_numpy().tolist() == [[column, new[3]]]
    open_rows = est[est["EstablishmentStatus (name)"].isin(["Open", "Open, but proposed to close"])]
    assert int(kept[0].counts["rows"].sum()) == int((open_rows[column] == new[3]).sum())
    schools = tables.schools
    assert len(schools) == 20_188
    by_urn = open_rows.set_index(open_rows["URN"].astype(int))[column]
    assert (schools["ofsted_raw"].fillna("") == by_urn.reindex(schools.index).fillna("")).all()
    # Only the four grades map onto the four grades; everything new is "no overall grade".
    expected = by_urn.str.lower().map(
        {"outstanding": "outstanding", "good": "good", "requires improvement": "requires improvement"}
    )
    expected = expected.fillna(by_urn.str.lower().map({"inadequate": "inadequate"})).fillna("none")
    assert (schools["ofsted"] == expected.reindex(schools.index)).all()
