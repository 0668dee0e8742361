"""A school's history across URNs: the register's links file, chains of successors, and today's URN."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import schoolnet
from schoolnet import KeptAsTextWarning, SchemaError, SetAsideWarning
from schoolnet.read.history import current_urns, follow_urns, read_urn_links, urn_history

HEADER = '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"'


def links(*rows: tuple[int, int, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["urn", "link_urn", "link_type"])


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "links_edubasealldata20250727.csv"
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode("cp1252"))
    return path


def test_a_chain_is_followed_to_its_end_from_either_side() -> None:
    # 1 -> 2 said from 1's side; 2 -> 3 said only from 3's side ("Predecessor"); 3 -> 4 merged.
    history = urn_history(
        links((1, 2, "Successor"), (3, 2, "Predecessor"), (3, 4, "Successor - merged"), (2, 1, "Predecessor"))
    )
    assert history["current_urn"].to_dict() == {1: 4, 2: 4, 3: 4}
    assert history["steps"].to_dict() == {1: 3, 2: 2, 3: 1}
    assert set(history["status"]) == {"followed"}


def test_links_that_do_not_say_which_came_after_are_not_followed() -> None:
    history = urn_history(
        links((1, 2, "Sixth Form Centre Link"), (3, 4, "Result of Amalgamation"), (5, 6, "Other"), (7, 7, "Successor"))
    )
    assert history.empty


def test_a_split_school_is_ambiguous_until_todays_schools_settle_it() -> None:
    data = links((1, 2, "Successor - Split School"), (1, 3, "Successor - Split School"))
    history = urn_history(data)
    assert history.loc[1].tolist() == [1, 0, "ambiguous", "2; 3"]
    assert urn_history(data, schools=[3, 99]).loc[1].tolist() == [3, 1, "followed", "2; 3"]
    # Both still open: it stays ambiguous.
    assert urn_history(data, schools=[2, 3]).loc[1, "status"] == "ambiguous"


def test_a_circle_in_the_links_is_reported_not_followed() -> None:
    history = urn_history(links((1, 2, "Successor"), (2, 1, "Successor"), (0, 1, "Successor")))
    assert history.loc[1, "status"] == "circular" and history.loc[1, "current_urn"] == 1
    assert history.loc[2, "status"] == "circular"
    # A school whose chain runs only into the circle is circular too, not ambiguous: 0 -> 1 -> 2 -> 1.
    assert history.loc[0].tolist() == [0, 0, "circular", ""]


def test_a_chain_that_forks_into_a_school_and_a_circle_follows_the_school() -> None:
    # 0 -> 5 (a school of today) and 0 -> 1 -> 2 -> 1 (a circle): the only end is 5, one step away.
    history = urn_history(links((0, 5, "Successor"), (0, 1, "Successor"), (1, 2, "Successor"), (2, 1, "Successor")))
    assert history.loc[0].tolist() == [5, 1, "followed", "5"]


def test_current_urns_keeps_the_index_and_urns_without_history() -> None:
    history = urn_history(links((1, 2, "Successor")))
    found = current_urns(pd.Series([1, 5], index=["a", "b"]), history)
    assert found.to_dict() == {"a": 2, "b": 5}


def test_the_register_layout_is_read_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '100001,140001,"Alder Academy","Successor","01-09-2014"',
        '140001,100001,"Alder Primary School","Predecessor",""',
    )
    read = read_urn_links(path)
    assert read[["urn", "link_urn", "line"]].to_numpy().tolist() == [[100001, 140001, 2], [140001, 100001, 3]]
    assert read["established"].isna().tolist() == [False, True]


def test_a_bad_urn_names_its_line_and_a_bad_date_is_kept_as_text(tmp_path: Path) -> None:
    path = write(tmp_path, '100001,14000x,"Alder Academy","Successor","01-09-2014"')
    with pytest.raises(SchemaError) as caught:
        read_urn_links(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.value) == (2, "LinkURN", "14000x")
    path = write(tmp_path, '100001,140001,"Alder Academy","Successor","31-02-2014"')
    with pytest.warns(KeptAsTextWarning, match="LinkEstablishedDate"):
        read = read_urn_links(path)
    assert pd.isna(read.loc[0, "established"]) and read.loc[0, "established_raw"] == "31-02-2014"


def _tables() -> schoolnet.Tables:
    schools = pd.DataFrame({"urn": [140001, 100001, 100002], "name": ["Alder Academy", "Alder Primary", "Birch"]})
    groups = pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"], "lead_urn": [100001]})
    memberships = pd.DataFrame({"group_id": ["C1", "C1"], "urn": [100001, 100002]})
    return schoolnet.Tables.from_frames(schools, groups, memberships, source="hand-made")


def test_follow_urns_keys_memberships_by_todays_urn_and_sets_the_old_school_aside() -> None:
    tables = _tables()
    history = urn_history(links((100001, 140001, "Successor")))
    with pytest.warns(SetAsideWarning, match="1 schools set aside"):
        followed = follow_urns(tables, history)
    assert sorted(followed.schools.index) == [100002, 140001]
    assert followed.memberships[["urn", "urn_as_read"]].to_numpy().tolist() == [[140001, 100001], [100002, 100002]]
    assert followed.groups.loc["C1", "lead_urn"] == 140001
    [reason] = followed.rejected.loc[followed.rejected["table"] == "schools", "reason"]
    assert reason == "superseded by urn 140001"
    counts = followed.counts
    assert (counts["read"] == counts["kept"] + counts["rejected"]).all()
    assert counts.loc[counts["table"] == "schools", "kept"].sum() == 2
    # The network now ties the academy, not its closed predecessor.
    G = schoolnet.build_network(followed, as_of="all")
    assert sorted(map(sorted, G.edges())) == [[100002, 140001]]
    # The original is untouched.
    assert sorted(tables.schools.index) == [100001, 100002, 140001]


def test_follow_urns_changes_nothing_without_history() -> None:
    tables = _tables()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = follow_urns(tables, urn_history(links()))
    pd.testing.assert_frame_equal(same.memberships, tables.memberships)


def test_follow_urns_keeps_a_school_whose_history_is_ambiguous_or_circular() -> None:
    # 100001 split into 140001 and 150001 (neither of them in the tables); 100002 -> 100003 -> 100002 is a circle.
    schools = pd.DataFrame({"urn": [100001, 100002, 100003], "name": ["Alder", "Birch", "Cedar"]})
    groups = pd.DataFrame({"group_id": ["C1"], "kind": ["cluster"]})
    memberships = pd.DataFrame({"group_id": ["C1"] * 3, "urn": [100001, 100002, 100003]})
    tables = schoolnet.Tables.from_frames(schools, groups, memberships)
    history = urn_history(
        links(
            (100001, 140001, "Successor - Split School"),
            (100001, 150001, "Successor - Split School"),
            (100002, 100003, "Successor"),
            (100003, 100002, "Successor"),
        )
    )
    assert history["status"].to_dict() == {100001: "ambiguous", 100002: "circular", 100003: "circular"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is set aside, so nothing warns
        followed = follow_urns(tables, history)
    assert sorted(followed.schools.index) == [100001, 100002, 100003]
    assert followed.rejected.empty
    assert sorted(followed.memberships["urn"]) == [100001, 100002, 100003]


def test_history_functions_refuse_the_wrong_arguments() -> None:
    with pytest.raises(schoolnet.ParameterError, match="links: no column 'link_type'"):
        urn_history(pd.DataFrame({"urn": [1], "link_urn": [2]}))
    with pytest.raises(schoolnet.ParameterError, match="history: no column 'current_urn'"):
        current_urns([1], pd.DataFrame({"urn": [1]}))
    with pytest.raises(schoolnet.ParameterError, match="history: got list"):
        current_urns([1], [1, 2])  # type: ignore[arg-type]
    with pytest.raises(schoolnet.ParameterError, match="tables: got DataFrame"):
        follow_urns(pd.DataFrame(), urn_history(links()))  # type: ignore[arg-type]
    with pytest.raises(schoolnet.ParameterError, match="history: got str"):
        follow_urns(_tables(), "history.csv")  # type: ignore[arg-type]


# The real links files ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_links(real_data: Path) -> pd.DataFrame:
    return read_urn_links(real_data / "gias-links-2025-07" / "links_edubasealldata.csv.gz")


@pytest.mark.national
def test_both_published_layouts_of_the_real_links_read_every_row(real_data: Path, real_links: pd.DataFrame) -> None:
    raw = pd.read_csv(real_data / "gias-links-2025-07" / "links_edubasealldata.csv.gz", encoding="cp1252", dtype=str)
    assert len(real_links) == len(raw) == 34_044
    assert real_links["link_type"].value_counts().to_dict() == raw["LinkType"].value_counts().to_dict()
    resaved = read_urn_links(real_data / "gias-groups-2022-07" / "links.csv.gz")
    plain = pd.read_csv(real_data / "gias-groups-2022-07" / "links.csv.gz", index_col=0)
    assert len(resaved) == len(plain) == 30_646
    assert resaved["urn"].tolist() == plain["URN"].tolist()


def _walk(pairs: dict[int, list[int]], urn: int) -> int | None:
    """Brute force: follow single successors one step at a time; None where a chain forks or circles."""
    seen = {urn}
    while urn in pairs:
        nxt = pairs[urn]
        if len(nxt) != 1 or nxt[0] in seen:
            return None
        urn = nxt[0]
        seen.add(urn)
    return urn


@pytest.mark.national
def test_the_real_chains_agree_with_a_step_by_step_walk(real_links: pd.DataFrame) -> None:
    kind = real_links["link_type"].str.lower()
    succ = real_links[kind.str.startswith("successor")]
    pred = real_links[kind.str.startswith("predecessor")]
    pairs: dict[int, set[int]] = {}
    for before, after in [
        *zip(succ["urn"], succ["link_urn"], strict=True),
        *zip(pred["link_urn"], pred["urn"], strict=True),
    ]:
        if before != after:
            pairs.setdefault(int(before), set()).add(int(after))
    ordered = {k: sorted(v) for k, v in pairs.items()}
    history = urn_history(real_links)
    assert set(history.index) == set(ordered)
    walked = {urn: _walk(ordered, urn) for urn in ordered}
    followed = history[history["status"] == "followed"]["current_urn"].to_dict()
    # Every chain the walk can follow without a fork ends where urn_history says.
    assert {u: t for u, t in walked.items() if t is not None} == {
        u: t for u, t in followed.items() if walked[u] is not None
    }
    assert sum(t is not None for t in walked.values()) > 15_000
