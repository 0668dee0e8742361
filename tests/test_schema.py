from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from schoolnet.errors import KeptAsTextWarning, SchemaError
from schoolnet.tables.schema import (
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
        }
    )
    # The describing columns' values do not stop the load (see below); only the key and the name do.
    found = problems_of("schools", raw)
    assert set(found) == {(3, "urn", "abc"), (4, "name", None), (5, "urn", None)}


def test_messages_say_what_was_expected() -> None:
    raw = pd.DataFrame({"group_id": ["C1", "C2"], "kind": ["cluster", "gang"]})
    with pytest.raises(SchemaError) as caught:
        check_table("groups", raw, file="groups.csv")
    message = str(caught.value)
    assert "groups.csv, line 3, column 'kind': value 'gang'" in message
    assert "'federation'" in message
    assert isinstance(caught.value, ValueError)


def test_describing_values_outside_their_vocabulary_or_range_are_kept_as_text_and_counted() -> None:
    raw = pd.DataFrame(
        {
            "urn": [str(u) for u in range(100001, 100010)],
            "name": list("ABCDEFGHI"),
            "ofsted": [
                "Good",
                "Not judged",
                "",
                "Serious Weaknesses",
                "Special Measures",
                "Strong standard",
                "Excellent",
                "Excellent",
                "Urgent improvement",
            ],
            "phase": ["primary", "kindergarten", "primary", "primary", "Secondary", "", "primary", "primary", "x"],
            "pupils": ["210", "2.5", "-1", "90", "", "100", "100", "100", "100"],
            "fsm_pct": ["10", "130", "x", "", "5", "5", "5", "5", "5"],
            "easting": ["350000", "-3.2", "2000000", "", "350000", "350000", "350000", "350000", "350000"],
            "designations": ["NLE; maths hub", "", "", "", "", "", "LLE", "", "chief"],
        }
    )
    with pytest.warns(KeptAsTextWarning) as caught:
        table = check_table("schools", raw, file="schools.csv")
    # Known values are mapped; report-card grades and unknown values are no overall grade ('none').
    assert table["ofsted"].tolist() == [
        "good",
        "none",
        "none",
        "inadequate",
        "inadequate",
        "none",
        "none",
        "none",
        "none",
    ]
    assert table["ofsted_raw"].tolist()[5:9] == ["Strong standard", "Excellent", "Excellent", "Urgent improvement"]
    assert table["phase"].isna().tolist() == [False, True, False, False, False, True, False, False, True]
    assert table["phase_raw"].tolist()[1] == "kindergarten"
    assert table["pupils"].isna().tolist() == [False, True, True, False, True, False, False, False, False]
    assert table["pupils_raw"].tolist()[:3] == ["210", "2.5", "-1"]
    assert table["fsm_pct"].isna().tolist()[:4] == [False, True, True, True]
    assert table["easting"].isna().tolist()[:4] == [False, True, True, True]
    # A list of designations keeps the ones it knows.
    assert table["designations"].tolist()[0] == "NLE"
    assert table["designations"].tolist()[8] == ""
    [warning] = [w.message for w in caught]
    assert isinstance(warning, KeptAsTextWarning)
    counts = {(c, v): n for _, c, v, n in warning.counts.itertuples(index=False)}
    # Report-card grades are known, so they are kept as text without being counted.
    assert counts == {
        ("ofsted", "Excellent"): 2,
        ("phase", "kindergarten"): 1,
        ("phase", "x"): 1,
        ("pupils", "2.5"): 1,
        ("pupils", "-1"): 1,
        ("fsm_pct", "130"): 1,
        ("fsm_pct", "x"): 1,
        ("easting", "-3.2"): 1,
        ("easting", "2000000"): 1,
        ("designations", "NLE; maths hub"): 1,
        ("designations", "chief"): 1,
    }
    assert "schools.csv: 12 values kept as text in '<column>_raw'" in str(warning)
    assert "'ofsted': 'Excellent' (2 rows)" in str(warning)


def test_report_card_grades_alone_are_kept_without_a_warning() -> None:
    raw = schools(ofsted=["Expected standard", "Good"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = check_table("schools", raw)
    assert table["ofsted"].tolist() == ["none", "good"]
    assert table["ofsted_raw"].tolist() == ["Expected standard", "Good"]


def test_a_clean_table_has_no_raw_columns() -> None:
    table = check_table("schools", schools(ofsted=["Good", "Not judged"], phase=["Primary", "secondary"]))
    assert not [c for c in table.columns if c.endswith("_raw")]
    assert table["ofsted"].tolist() == ["good", "none"]


def test_missing_required_column_suggests_the_right_name() -> None:
    with pytest.raises(SchemaError) as caught:
        check_table("schools", pd.DataFrame({"URN": [1], "name": ["A"]}), file="schools.csv")
    assert "found 'URN': column names are lower case" in str(caught.value)
    with pytest.raises(SchemaError) as caught:
        check_table("schools", pd.DataFrame({"urn": [1], "nmae": ["A"]}), file="schools.csv")
    assert "did you mean 'nmae'?" in str(caught.value)


def test_a_known_optional_column_written_another_way_is_named_not_kept_as_an_extra() -> None:
    # An analyst's schools.csv with "Easting" and "Northing": kept as extra columns, every map would find no
    # coordinates. Both are named, as a capitalised URN is; an unknown column stays an extra column.
    raw = pd.DataFrame({"urn": [1], "name": ["A"], "Easting": [350000], "Northing ": [420000], "Notes": ["x"]})
    with pytest.raises(SchemaError) as caught:
        check_table("schools", raw, file="schools.csv")
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "Easting"), (1, "Northing ")]
    assert "found 'Easting': column names are lower case with no spaces" in str(caught.value)
    table = check_table("schools", raw.rename(columns={"Easting": "easting", "Northing ": "northing"}))
    assert table["easting"].tolist() == [350000] and table["Notes"].tolist() == ["x"]
    # "FSM pct" is spelt "fsm_pct".
    with pytest.raises(SchemaError, match=r"column 'FSM pct'.*found 'FSM pct'"):
        check_table("schools", pd.DataFrame({"urn": [1], "name": ["A"], "FSM pct": [4.5]}))


def test_lines_given_by_the_reader_are_used() -> None:
    raw = schools(urn=["100001", "bad"])
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
