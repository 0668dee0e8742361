from __future__ import annotations

import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import SchoolnetError, SetAsideWarning


def make(
    memberships: list[tuple[str, int]] | None = None,
    support: list[tuple[int, int]] | None = None,
    groups: list[tuple[str, str, int | None]] | None = None,
) -> schoolnet.Tables:
    schools = pd.DataFrame({"urn": [1, 2, 3], "name": ["A", "B", "C"]})
    group_rows = groups if groups is not None else [("C1", "cluster", None)]
    group_frame = pd.DataFrame(group_rows, columns=["group_id", "kind", "lead_urn"])
    member_frame = pd.DataFrame(memberships or [], columns=["group_id", "urn"])
    support_frame = pd.DataFrame(support or [], columns=["supporter_urn", "supported_urn"])
    return schoolnet.Tables.from_frames(schools, group_frame, member_frame, support_frame)


def rejected(tables: schoolnet.Tables, table: str) -> list[tuple[int, str]]:
    rows = tables.rejected[tables.rejected["table"] == table]
    return list(zip(rows["line"], rows["reason"], strict=True))


def test_clean_tables_raise_no_warning() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tables = make([("C1", 1), ("C1", 2)], [(1, 2)])
    assert len(tables.rejected) == 0


def test_membership_of_an_unknown_school_is_set_aside() -> None:
    with pytest.warns(SetAsideWarning, match="1 row: urn … is not in the schools table"):
        tables = make([("C1", 1), ("C1", 9)])
    assert rejected(tables, "memberships") == [(3, "urn 9 is not in the schools table")]
    assert tables.memberships["urn"].tolist() == [1]


def test_membership_of_an_unknown_group_is_set_aside() -> None:
    with pytest.warns(SetAsideWarning):
        tables = make([("C1", 1), ("X", 2)])
    assert rejected(tables, "memberships") == [(3, "group_id X is not in the groups table (or was set aside)")]


def test_duplicate_rows_keep_the_first() -> None:
    with pytest.warns(SetAsideWarning):
        tables = make([("C1", 1), ("C1", 2), ("C1", 1)])
    assert rejected(tables, "memberships") == [(4, "duplicate row; same as line 2")]


def test_duplicate_keys_with_other_values_keep_the_first() -> None:
    schools = pd.DataFrame({"urn": [1, 2, 1], "name": ["A", "B", "A again"]})
    with pytest.warns(SetAsideWarning):
        tables = schoolnet.Tables.from_frames(schools)
    assert rejected(tables, "schools") == [(4, "duplicate urn; line 2 has the same and was kept")]
    assert tables.schools.loc[1, "name"] == "A"


def test_support_to_itself_and_to_unknown_schools() -> None:
    with pytest.warns(SetAsideWarning):
        tables = make(support=[(1, 2), (2, 2), (7, 1), (1, 8)])
    assert rejected(tables, "support") == [
        (4, "supporter_urn 7 is not in the schools table"),
        (5, "supported_urn 8 is not in the schools table"),
        (3, "a school cannot support itself (supporter_urn = supported_urn)"),
    ]
    assert tables.support["support_id"].tolist() == ["brokered:1>2:"]


def test_a_group_led_by_an_unknown_school_is_set_aside_with_its_members() -> None:
    with pytest.warns(SetAsideWarning):
        tables = make([("A1", 1), ("A1", 2), ("C1", 3)], groups=[("A1", "alliance", 99), ("C1", "cluster", None)])
    assert rejected(tables, "groups") == [(2, "lead_urn 99 is not in the schools table; the group is set aside")]
    assert [line for line, _ in rejected(tables, "memberships")] == [2, 3]
    counts = tables.counts
    assert (counts["read"] == counts["kept"] + counts["rejected"]).all()


def test_schools_are_required() -> None:
    from schoolnet.tables.tables import assemble

    with pytest.raises(SchoolnetError, match="a schools table is required"):
        assemble({}, source="here")


def test_select_keeps_ties_among_the_selected(sample_tables: schoolnet.Tables) -> None:
    chosen = sample_tables.select(district="Fellside", phases=["primary", "secondary"], boundary="cut")
    assert set(chosen.schools["district"]) == {"Fellside"}
    assert set(chosen.schools["phase"]) <= {"primary", "secondary"}
    assert chosen.memberships["urn"].isin(chosen.schools.index).all()
    assert chosen.groups.index.isin(chosen.memberships["group_id"]).all()
    support = chosen.support
    assert support["supporter_urn"].isin(chosen.schools.index).all()
    assert support["supported_urn"].isin(chosen.schools.index).all()
    expected = sample_tables.schools[
        (sample_tables.schools["district"] == "Fellside")
        & sample_tables.schools["phase"].isin(["primary", "secondary"])
    ]
    assert len(chosen.schools) == len(expected)


def _incident(G, urns) -> set[tuple[int, int, str]]:
    return {(min(u, v), max(u, v), k) for u, v, k in G.edges(keys=True) if u in urns or v in urns}


@pytest.mark.parametrize("district", ["Fellside", "Kettleby", "Saltmere"])
def test_select_keeps_every_tie_that_crosses_the_border(sample_tables: schoolnet.Tables, district: str) -> None:
    # Independently: the partners of the focus schools are their neighbours in the whole county's network.
    whole = schoolnet.build_network(sample_tables, as_of="all")
    focus = set(sample_tables.schools.index[sample_tables.schools["district"] == district])
    neighbours = {n for u in focus for n in whole.neighbors(u)} - focus
    chosen = sample_tables.select(district=district)
    assert set(chosen.schools.index[chosen.schools["in_focus"]]) == focus
    assert set(chosen.schools.index[~chosen.schools["in_focus"]]) == neighbours
    part = schoolnet.build_network(chosen, as_of="all")
    # Every tie of a focus school is kept, and every tie kept is one the whole network has.
    assert _incident(part, focus) == _incident(whole, focus)
    assert {(min(u, v), max(u, v), k) for u, v, k in part.edges(keys=True)} <= _incident(
        whole, set(chosen.schools.index)
    )
    cut = sample_tables.select(district=district, boundary="cut")
    assert set(cut.schools.index) == focus and "in_focus" not in cut.schools.columns


def test_select_on_a_hand_made_border() -> None:
    # Two areas. A trust (T) spans them; a hub (H) is led from across the border; a cluster (C) is inside;
    # support (S1) comes from across the border.
    schools = pd.DataFrame({"urn": [1, 2, 3, 4, 5, 6, 7], "name": list("ABCDEFG"), "la": ["In"] * 3 + ["Out"] * 4})
    groups = pd.DataFrame(
        {
            "group_id": ["T", "H", "C", "X"],
            "kind": ["trust", "hub", "cluster", "cluster"],
            "lead_urn": [None, 4, None, None],
        }
    )
    memberships = pd.DataFrame(
        {
            "group_id": ["T", "T", "H", "H", "H", "C", "C", "X", "X"],
            "urn": [1, 5, 4, 2, 7, 1, 3, 5, 6],
            "role": ["member", "member", "lead", "member", "member", "member", "member", "member", "member"],
        }
    )
    support = pd.DataFrame({"support_id": ["S1"], "supporter_urn": [6], "supported_urn": [3], "kind": ["brokered"]})
    tables = schoolnet.Tables.from_frames(schools, groups, memberships, support)
    chosen = tables.select(la="In")
    # 5 (trust partner of 1), 4 (the hub's lead, partner of 2), 6 (supports 3). 7 is another member of the hub:
    # tied only to the lead, so not a partner of any focus school.
    assert chosen.schools["in_focus"].to_dict() == {1: True, 2: True, 3: True, 4: False, 5: False, 6: False}
    # 5's cluster X with 6 is not shared with a focus school: it is not kept.
    assert sorted(chosen.groups.index) == ["C", "H", "T"]
    assert sorted(zip(chosen.memberships["group_id"], chosen.memberships["urn"], strict=True)) == [
        ("C", 1), ("C", 3), ("H", 2), ("H", 4), ("T", 1), ("T", 5)
    ]  # fmt: skip
    assert chosen.support["support_id"].tolist() == ["S1"]


def test_table_puts_the_key_first(sample_tables: schoolnet.Tables) -> None:
    assert sample_tables.table("schools").columns[0] == "urn"
    with pytest.raises(SchoolnetError, match="no table named"):
        sample_tables.table("pupils")


def test_summary_and_repr(sample_tables: schoolnet.Tables) -> None:
    summary = sample_tables.summary()
    assert summary.loc["schools", "rows"] == len(sample_tables.schools)
    assert repr(sample_tables).startswith("Tables(schools=395")
    assert "<table" in sample_tables._repr_html_()


def test_select_refuses_an_area_no_school_is_in(sample_tables: schoolnet.Tables) -> None:
    with pytest.raises(schoolnet.ParameterError, match=r"district='Wexbridge': no school has that district$"):
        sample_tables.select(district="Wexbridge")
    with pytest.raises(schoolnet.ParameterError, match=r"did you mean 'Kettleby'\?"):
        sample_tables.select(district="kettleby")
    # Each criterion names some school, but none has them all: 910001 is a primary school of Brackenmoor.
    with pytest.raises(schoolnet.ParameterError, match="no school is left after selecting district='Fellside', phases"):
        sample_tables.select(district="Fellside", phases="primary", urns=[910001])
