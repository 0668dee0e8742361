"""The history of England's trusts from the register's own snapshots of its group links file."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import schoolnet
from schoolnet import ParameterError, SchemaError, SchoolnetWarning, SetAsideWarning

HAND_MADE = Path(__file__).parent / "data" / "trust_history"
SERIES = "gias-trust-links-2017-2019"
TRUST_TYPES = ("Multi-academy trust", "Single-academy trust")


def read_quietly(files: object, schools: schoolnet.Tables | None = None) -> schoolnet.Tables:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SchoolnetWarning)
        return schoolnet.read_trust_history(files, schools=schools)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def history() -> schoolnet.Tables:
    return read_quietly(HAND_MADE)


def ties(G: object) -> set[tuple[int, int, str]]:
    return {(min(u, v), max(u, v), k) for u, v, k in G.edges(keys=True)}  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# The hand-made series: three snapshots, 1 January 2018, 2019 and 2020
# ---------------------------------------------------------------------------


def test_every_stay_has_the_dates_worked_out_by_hand(history: schoolnet.Tables) -> None:
    stays = history.memberships.assign(group_id=history.memberships["group_id"].str.removeprefix("GIAS:"))
    got = {
        (row.group_id, row.urn, row.joined, row.left, row.joined_from, row.left_from)
        for row in stays.itertuples(index=False)
    }
    nat = pd.NaT
    day = pd.Timestamp
    expected = {
        # Alder stays in North Trust throughout.
        ("5001", 100001, day("2015-09-01"), nat, "Joined date", "in the last snapshot"),
        # Birch moves from North to South: South's Joined date 2019-04-01 is after the 2019-01-01 snapshot that
        # listed Birch in North, so Birch left North the day before, 2019-03-31. Its sponsor stays.
        ("5001", 100002, day("2016-09-01"), day("2019-03-31"), "Joined date", "next group's Joined date"),
        ("5002", 100002, day("2019-04-01"), nat, "Joined date", "in the last snapshot"),
        ("7001", 100002, day("2016-09-01"), nat, "Joined date", "in the last snapshot"),
        # Cedar is absorbed from its single-academy trust into South on 2018-09-01 (after 2018-01-01): left 2018-08-31.
        ("6001", 100003, day("2014-09-01"), day("2018-08-31"), "Joined date", "next group's Joined date"),
        ("5002", 100003, day("2018-09-01"), nat, "Joined date", "in the last snapshot"),
        # Damson leaves East (missing from the 2019-01-01 snapshot: left the day before, 2018-12-31), then rejoins
        # with Joined date 2019-09-01, after 2018-01-01, the last snapshot that listed it.
        ("5003", 100004, day("2017-09-01"), day("2018-12-31"), "Joined date", "first snapshot without it"),
        ("5003", 100004, day("2019-09-01"), nat, "Joined date", "in the last snapshot"),
        # Elm leaves: missing from the 2020-01-01 snapshot, so left 2019-12-31.
        ("5003", 100005, day("2017-09-01"), day("2019-12-31"), "Joined date", "first snapshot without it"),
        # West Trust closes: Fir moves to North on 2018-04-01 (after 2018-01-01), so it left West on 2018-03-31.
        ("5004", 100006, day("2016-01-01"), day("2018-03-31"), "Joined date", "next group's Joined date"),
        ("5001", 100006, day("2018-04-01"), nat, "Joined date", "in the last snapshot"),
        # Gorse's Joined date in North, 2017-09-01, is before 2018-01-01, when the register still listed it in West:
        # it contradicts that snapshot, so both ends fall at the first snapshot showing the move, 2019-01-01.
        ("5004", 100007, day("2016-01-01"), day("2018-12-31"), "Joined date", "first snapshot without it"),
        ("5001", 100007, day("2019-01-01"), nat, "first snapshot showing it", "in the last snapshot"),
    }
    assert got == expected


def test_contradicted_and_changed_joining_dates_are_reported_not_guessed(history: schoolnet.Tables) -> None:
    m = history.memberships.set_index(["group_id", "urn", "joined"])
    gorse = m.loc[("GIAS:5001", 100007, pd.Timestamp("2019-01-01"))]
    assert gorse["joined_register"] == pd.Timestamp("2017-09-01")
    assert "Joined date 2017-09-01 is not after 2018-01-01" in gorse["conflict"]
    elm = m.loc[("GIAS:5003", 100005, pd.Timestamp("2017-09-01"))]
    assert elm["conflict"].startswith("Joined date changed between snapshots: 2017-09-01 in ")
    assert "2017-09-04 in grouplinks_edubaseallacademiesandfree20190101.csv" in elm["conflict"]
    others = history.memberships[~history.memberships["urn"].isin([100005, 100007])]
    assert (others["conflict"] == "").all()
    with pytest.warns(SchoolnetWarning, match=r"1 joining dates \(1 of trust\) are on or before an earlier snapshot"):
        warnings.filterwarnings("ignore", category=SetAsideWarning)
        schoolnet.read_trust_history(HAND_MADE)


def test_a_vanished_trust_closes_the_day_before_the_first_snapshot_without_it(history: schoolnet.Tables) -> None:
    groups = history.groups
    closed = groups.loc[groups["closed"].notna(), ["kind", "closed", "closed_from"]].sort_index()
    # West Trust and Cedar's trust of one are in the 2018 snapshot, not in the 2019 one: closed 2018-12-31.
    assert closed.to_numpy().tolist() == [
        ["trust", pd.Timestamp("2018-12-31"), "first snapshot without it"],
        ["single_academy_trust", pd.Timestamp("2018-12-31"), "first snapshot without it"],
    ]
    assert closed.index.tolist() == ["GIAS:5004", "GIAS:6001"]
    assert groups.loc["GIAS:7001", "kind"] == "sponsor"
    assert groups.loc["GIAS:5002", "name"] == "South Trust"


def test_every_row_read_is_kept_or_set_aside_with_the_reason(history: schoolnet.Tables) -> None:
    counts = history.counts[history.counts["table"] == "memberships"].set_index("file")
    # 8 rows each; the 2019 file's "Local partnership" and the 2020 file's second Alder row are set aside.
    files = [p.name for p in sorted(HAND_MADE.glob("*.csv"))]
    assert counts.loc[files, ["read", "kept", "rejected"]].to_numpy().tolist() == [[8, 8, 0], [8, 7, 1], [8, 7, 1]]
    assert (counts["read"] == counts["kept"] + counts["rejected"]).all()
    # The 21 rows kept are the evidence of 13 stays, every one kept.
    assert counts.loc["stays in the links files", ["read", "kept", "rejected"]].tolist() == [13, 13, 0]
    rejected = history.rejected.set_index("file")
    assert rejected.loc["grouplinks_edubaseallacademiesandfree20190101.csv", "line"] == 9
    assert "'Local partnership'" in rejected.loc["grouplinks_edubaseallacademiesandfree20190101.csv", "reason"]
    assert rejected.loc["grouplinks_edubaseallacademiesandfree20200101.csv", "line"] == 3
    assert "line 2 was kept" in rejected.loc["grouplinks_edubaseallacademiesandfree20200101.csv", "reason"]
    with pytest.warns(SetAsideWarning, match="2 rows set aside"):
        warnings.filterwarnings("ignore", ".*joining dates", SchoolnetWarning)
        schoolnet.read_trust_history(HAND_MADE)


def test_schools_come_from_the_links_files_latest_rows(history: schoolnet.Tables) -> None:
    schools = history.schools
    assert schools.index.tolist() == [100001, 100002, 100003, 100004, 100005, 100006, 100007]
    assert schools.loc[100002, ["name", "phase", "la"]].tolist() == ["Birch Academy", "secondary", "Wexmoor"]


def test_a_register_gives_the_schools_and_a_school_not_in_it_is_set_aside(history: schoolnet.Tables) -> None:
    register = schoolnet.Tables.from_frames(
        history.schools.drop(index=100007).assign(easting=400000.0, northing=300000.0), source="register"
    )
    with pytest.warns(SetAsideWarning):
        with_register = schoolnet.read_trust_history(HAND_MADE, schools=register)
    assert with_register.schools["easting"].eq(400000.0).all()
    assert 100007 not in set(with_register.memberships["urn"])
    gorse = with_register.rejected[with_register.rejected["record"].str.contains("urn=100007")]
    assert len(gorse) == 3 and set(gorse["reason"]) == {"urn is not in the schools of register"}
    counts = with_register.counts[with_register.counts["file"].str.startswith("grouplinks")]
    assert counts[["kept", "rejected"]].to_numpy().tolist() == [[7, 1], [6, 2], [6, 2]]


def test_the_network_on_each_snapshot_date_is_the_one_the_snapshot_shows(history: schoolnet.Tables) -> None:
    # 2018: North {Alder, Birch}, East {Damson, Elm}, West {Fir, Gorse}; Cedar's trust of one makes no tie.
    # 2019: North {Alder, Birch, Fir, Gorse}: 4 x 3 / 2 = 6 ties; South {Cedar} and East {Elm} make none.
    # 2020: North {Alder, Fir, Gorse}: 3 ties; South {Birch, Cedar}: 1; East {Damson}: none.
    expected = {
        "2018-01-01": {(100001, 100002, "GIAS:5001"), (100004, 100005, "GIAS:5003"), (100006, 100007, "GIAS:5004")},
        "2019-01-01": {
            (u, v, "GIAS:5001") for u in (100001, 100002, 100006) for v in (100002, 100006, 100007) if u < v
        },
        "2020-01-01": {(100001, 100006, "GIAS:5001"), (100001, 100007, "GIAS:5001"), (100006, 100007, "GIAS:5001")}
        | {(100002, 100003, "GIAS:5002")},
    }
    graphs = schoolnet.snapshots(history, list(expected))
    for date, G in graphs.items():
        built = schoolnet.build_network(history, as_of=date)
        assert ties(G) == ties(built) == expected[date.date().isoformat()]


def test_changes_sees_moves_out_of_a_trust_of_one_and_closed_trusts(history: schoolnet.Tables) -> None:
    found = schoolnet.changes(history, between=("2018-01-01", "2019-01-01"), require=(), rank_by="degree")
    moves = found.moves[["kind", "from", "to"]].to_dict("index")
    assert moves == {
        100003: {"kind": "trust", "from": "GIAS:6001", "to": "GIAS:5002"},
        100006: {"kind": "trust", "from": "GIAS:5004", "to": "GIAS:5001"},
        100007: {"kind": "trust", "from": "GIAS:5004", "to": "GIAS:5001"},
    }
    closed = found.partnerships[found.partnerships["change"] == "closed"]
    assert closed["kind"].to_dict() == {"GIAS:5004": "trust", "GIAS:6001": "single_academy_trust"}
    later = schoolnet.changes(history, between=("2019-01-01", "2020-01-01"), require=(), rank_by="degree")
    assert later.moves[["from", "to"]].to_dict("index") == {100002: {"from": "GIAS:5001", "to": "GIAS:5002"}}


def test_files_are_dated_by_their_names_or_by_the_caller(tmp_path: Path, history: schoolnet.Tables) -> None:
    files = sorted(HAND_MADE.glob("*.csv"))
    assert read_quietly(reversed(files)).memberships.equals(history.memberships)
    undated = tmp_path / "links.csv"
    shutil.copy(files[0], undated)
    with pytest.raises(ParameterError, match=r"links\.csv has no date \(YYYYMMDD\) in its name"):
        schoolnet.read_trust_history([undated, files[1]])
    one = read_quietly({"2018-01-01": undated})
    assert one.memberships["left"].isna().all() and len(one.memberships) == 8
    with pytest.raises(ParameterError, match="both dated 2018-01-01"):
        schoolnet.read_trust_history({"20180101": files[0], "2018-01-01": undated})
    with pytest.raises(ParameterError, match="not a date"):
        schoolnet.read_trust_history({"sometime": undated})
    with pytest.raises(ParameterError, match="holds no links file"):
        schoolnet.read_trust_history(tmp_path)


def test_a_value_that_cannot_be_read_is_an_error_naming_file_line_column_and_value(tmp_path: Path) -> None:
    text = (HAND_MADE / "grouplinks_edubaseallacademiesandfree20180101.csv").read_text()
    bad = tmp_path / "grouplinks_edubaseallacademiesandfree20180101.csv"
    bad.write_text(text.replace('"01-09-2014"', '"2014-31-31"').replace("100005,", "10000x,"))
    with pytest.raises(SchemaError) as caught:
        schoolnet.read_trust_history([bad])
    problems = {(p.line, p.column, p.value) for p in caught.value.problems}
    assert problems == {(5, "Joined date", "2014-31-31"), (7, "URN", "10000x")}


def test_the_alllinksdata_layout_is_read_too() -> None:
    gias = Path(__file__).parent / "data" / "gias"
    history = read_quietly([gias / "alllinksdata20240901.csv"])
    links = pd.read_csv(gias / "alllinksdata20240901.csv", encoding="cp1252", dtype=str)
    counts = history.counts.set_index("file")
    assert counts.loc["alllinksdata20240901.csv", "read"] == len(links)
    assert counts.loc["alllinksdata20240901.csv", "kept"] == len(history.memberships)
    assert {"trust", "sponsor", "federation"} <= set(history.groups["kind"])


# ---------------------------------------------------------------------------
# The register's own snapshots, April 2017 to June 2019
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_history(real_data: Path) -> schoolnet.Tables:
    return read_quietly(real_data / SERIES)


def trusts_in(path: Path) -> pd.Series:
    """Each school's trust (multi- or single-academy) in one file, by a plain pandas read."""
    frame = pd.read_csv(path, encoding="cp1252", dtype=str, keep_default_na=False)
    trusts = frame[frame["Group Type"].isin(TRUST_TYPES)]
    return ("GIAS:" + trusts["Linked UID"]).set_axis(trusts["URN"].astype("int64"))


@pytest.mark.national
def test_real_moves_between_two_snapshots_equal_a_plain_comparison_of_the_files(
    real_data: Path, real_history: schoolnet.Tables
) -> None:
    files = sorted((real_data / SERIES).glob("*.csv.gz"))
    for first, second, before, after in ((1, 4, "2018-05-01", "2019-06-01"), (2, 3, "2018-09-02", "2019-01-01")):
        was, now = trusts_in(files[first]), trusts_in(files[second])
        both = was.index.intersection(now.index)
        moved = both[(was[both] != now[both]).to_numpy()]
        found = schoolnet.changes(real_history, between=(before, after), require=(), rank_by="degree")
        trust_moves = found.moves[found.moves["kind"] == "trust"]
        assert sorted(trust_moves.index) == sorted(moved)
        assert trust_moves["from"].to_dict() == was[trust_moves.index].to_dict()
        assert trust_moves["to"].to_dict() == now[trust_moves.index].to_dict()
    assert len(moved) > 0


@pytest.mark.national
def test_real_trusts_on_each_snapshot_date_are_those_the_file_lists(
    real_data: Path, real_history: schoolnet.Tables
) -> None:
    files = sorted((real_data / SERIES).glob("*.csv.gz"))
    dates = ["2017-04-03", "2018-05-01", "2018-09-02", "2019-01-01", "2019-06-01"]
    graphs = schoolnet.snapshots(real_history, dates)
    for path, G in zip(files, graphs.values(), strict=True):
        live = G.graph["memberships"]
        live = live[live["kind"].isin(["trust", "single_academy_trust"])]
        listed = pd.read_csv(path, encoding="cp1252", usecols=["URN"])["URN"]
        # A school the file does not list at all may join with an earlier date in a later file: the register
        # added it late, and no snapshot says otherwise. Every school the file lists is in the trust it lists.
        live = live[live["urn"].isin(listed)]
        assert set(zip(live["urn"], live["group_id"], strict=True)) == set(trusts_in(path).items())


@pytest.mark.national
def test_real_rows_read_are_kept_or_set_aside(real_data: Path, real_history: schoolnet.Tables) -> None:
    counts = real_history.counts[real_history.counts["file"].str.startswith("grouplinks")]
    rows = [len(pd.read_csv(p, encoding="cp1252", dtype=str)) for p in sorted((real_data / SERIES).glob("*.csv.gz"))]
    assert counts["read"].tolist() == rows == [9853, 11871, 12623, 13047, 14621]
    assert (counts["read"] == counts["kept"] + counts["rejected"]).all()
    assert len(real_history.rejected) == int(counts["rejected"].sum())


def test_a_row_short_of_a_column_that_is_read_is_still_an_error(tmp_path: Path) -> None:
    # The register leaves out a blank last field only after HasSharedHT, which is not read; without that column,
    # a row short of "LA (name)" has lost a value that is read, and is reported.
    path = tmp_path / "grouplinks_edubaseallacademiesandfree20180101.csv"
    path.write_text(
        "URN,Linked UID,Group Name,Group Type,Joined date,LA (name)\n"
        "100001,5001,North Trust,Multi-academy trust,01-09-2015,Wexmoor\n"
        "100002,5001,North Trust,Multi-academy trust,01-09-2016\n"
    )
    with pytest.raises(SchemaError, match=r"line 3.*expected 6 fields as in the header, found 5"):
        schoolnet.read_trust_history([path])
