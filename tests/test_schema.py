from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from schoolnet.errors import SchemaError
from schoolnet.schema import (
    OFSTED,
    TABLES,
    check_table,
    designation_sets,
    empty_table,
    is_urban,
    normalise_category,
)


def schools(**columns: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {"urn": ["100001", "100002"], "name": ["Alder Primary", "Birch High"]}
    base.update(columns)
    return pd.DataFrame(base)


def problems_of(name: str, raw: pd.DataFrame) -> list[tuple[int | None, str | None, object]]:
    with pytest.raises(SchemaError) as caught:
        check_table(name, raw, file=f"{name}.csv")
    return [(p.line, p.column, p.value) for p in caught.value.problems]


def test_values_are_typed_and_normalised() -> None:
    raw = schools(
        phase=["Primary", "Middle deemed secondary"],
        ofsted=["RI", "Special Measures"],
        easting=["350000", "351000.5"],
        northing=["420000", ""],
        pupils=["210", "1,050"],
        fsm_pct=["12.5", ""],
        designations=["nle; Teaching School", "national leader of education,LLE"],
    )
    table = check_table("schools", raw)
    assert table.index.name == "urn"
    assert table.index.tolist() == [100001, 100002]
    assert table["phase"].tolist() == ["primary", "middle"]
    assert table["ofsted"].tolist() == ["requires improvement", "inadequate"]
    assert table["easting"].tolist() == [350000.0, 351000.5]
    assert np.isnan(table.loc[100002, "northing"])
    assert table["pupils"].tolist() == [210, 1050]
    # Designations are written in the vocabulary's order, whatever order they came in.
    assert table["designations"].tolist() == ["teaching school; NLE", "NLE; LLE"]


def test_missing_optional_columns_are_added_with_their_defaults() -> None:
    table = check_table("schools", schools())
    assert list(table.columns) == list(TABLES["schools"].names[1:])
    assert table["ofsted"].tolist() == ["none", "none"]
    assert table["designations"].tolist() == ["", ""]
    assert table["easting"].isna().all()


def test_extra_columns_are_kept() -> None:
    table = check_table("schools", schools(local_code=["A1", "B2"]))
    assert table["local_code"].tolist() == ["A1", "B2"]


def test_every_problem_is_listed_in_one_pass_with_file_line_column_and_value() -> None:
    raw = pd.DataFrame(
        {
            "urn": ["100001", "abc", "100003", ""],
            "name": ["A", "B", "", "D"],
            "ofsted": ["good", "excellent", "good", "good"],
            "easting": ["350000", "-3.2", "350000", "2000000"],
            "fsm_pct": ["10", "10", "130", "x"],
            "pupils": ["10", "2.5", "-1", "10"],
            "designations": ["NLE", "", "chief", ""],
            "phase": ["primary", "kindergarten", "primary", "primary"],
        }
    )
    found = problems_of("schools", raw)
    assert set(found) == {
        (3, "urn", "abc"),
        (3, "ofsted", "excellent"),
        (3, "easting", "-3.2"),
        (3, "pupils", "2.5"),
        (3, "phase", "kindergarten"),
        (4, "name", None),
        (4, "fsm_pct", "130"),
        (4, "pupils", "-1"),
        (4, "designations", "chief"),
        (5, "urn", None),
        (5, "easting", "2000000"),
        (5, "fsm_pct", "x"),
    }


def test_messages_say_what_was_expected() -> None:
    with pytest.raises(SchemaError) as caught:
        check_table("schools", schools(ofsted=["good", "excellent"]), file="schools.csv")
    message = str(caught.value)
    assert "schools.csv, line 3, column 'ofsted': value 'excellent'" in message
    assert "'requires improvement'" in message
    assert isinstance(caught.value, ValueError)


def test_missing_required_column_suggests_the_right_name() -> None:
    with pytest.raises(SchemaError) as caught:
        check_table("schools", pd.DataFrame({"URN": [1], "name": ["A"]}), file="schools.csv")
    assert "found 'URN': column names are lower case" in str(caught.value)
    with pytest.raises(SchemaError) as caught:
        check_table("schools", pd.DataFrame({"urn": [1], "nmae": ["A"]}), file="schools.csv")
    assert "did you mean 'nmae'?" in str(caught.value)


def test_lines_given_by_the_reader_are_used() -> None:
    raw = schools(ofsted=["good", "bad"])
    with pytest.raises(SchemaError) as caught:
        check_table("schools", raw, lines=[10, 12])
    assert caught.value.problems[0].line == 12


def test_dates_must_be_iso_and_in_order() -> None:
    raw = pd.DataFrame(
        {
            "group_id": ["C1", "C2", "C3", "C4"],
            "kind": ["cluster", "Teaching School Alliance", "MAT", "federation"],
            "opened": ["2014-09-01", "01/09/2014", "2014-02-30", "2020-01-01"],
            "closed": ["", "", "", "2019-12-31"],
        }
    )
    found = problems_of("groups", raw)
    assert found == [(3, "opened", "01/09/2014"), (4, "opened", "2014-02-30"), (5, "closed", "2019-12-31")]


def test_group_kinds_accept_the_register_names() -> None:
    raw = pd.DataFrame(
        {
            "group_id": ["A", "B", "C", "D"],
            "kind": ["Multi-academy trust", "teaching school hub", "Single-academy trust", "school sponsor"],
        }
    )
    table = check_table("groups", raw)
    assert table["kind"].tolist() == ["trust", "hub", "single_academy_trust", "sponsor"]


def test_dates_from_spreadsheets_are_accepted() -> None:
    raw = pd.DataFrame(
        {
            "group_id": ["C1", "C1"],
            "urn": [1, 2],
            "joined": [pd.Timestamp("2020-09-01 00:00"), "2021-09-01 00:00:00"],
            "left": [None, np.nan],
        }
    )
    table = check_table("memberships", raw)
    assert table["joined"].tolist() == [pd.Timestamp("2020-09-01"), pd.Timestamp("2021-09-01")]
    assert table["role"].tolist() == ["member", "member"]


def test_whole_numbers_from_spreadsheets_are_accepted() -> None:
    table = check_table("schools", pd.DataFrame({"urn": [100001.0, 100002.0], "name": ["A", "B"]}))
    assert table.index.tolist() == [100001, 100002]


def test_empty_tables_have_the_schema() -> None:
    for name, spec in TABLES.items():
        table = empty_table(name)
        assert len(table) == 0
        expected = [c for c in spec.names if c != spec.index]
        assert list(table.columns) == expected


def test_normalise_category_leaves_unknown_values_for_the_caller() -> None:
    values = normalise_category(pd.Series(["Outstanding", "stellar", None]), "ofsted", OFSTED)
    assert values.tolist()[:2] == ["outstanding", "stellar"]


def test_designation_sets_and_is_urban() -> None:
    assert designation_sets(pd.Series(["NLE; LLE", "", None])).tolist() == [
        frozenset({"NLE", "LLE"}),
        frozenset(),
        frozenset(),
    ]
    flags = is_urban(pd.Series(["(England/Wales) Urban major conurbation", "(England/Wales) Rural hamlet", "x"]))
    assert flags.tolist()[:2] == [1.0, 0.0]
    assert np.isnan(flags.iloc[2])
