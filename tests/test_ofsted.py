"""Ofsted's management-information file, and definitions of need and strength on it.

The fixture ``tests/data/ofsted/management_information_state_funded_schools_20260131.csv`` is written by hand in
Ofsted's published layout (Windows-1252, DD/MM/YYYY); each school's row is described there, and the expected values
below are read off it by hand.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import schoolnet
from schoolnet import KeptAsTextWarning, SchemaError
from schoolnet.read.ofsted import join_ofsted, need_from_ofsted, read_ofsted, strong_from_ofsted

FILE = Path(__file__).resolve().parent / "data" / "ofsted" / "management_information_state_funded_schools_20260131.csv"


@pytest.fixture(scope="module")
def ofsted() -> pd.DataFrame:
    with pytest.warns(KeptAsTextWarning, match=r"'Quality of education': 'Z' \(1 row\)"):
        return read_ofsted(FILE)


def grades(values: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in values]


def test_every_school_is_read_with_its_grades(ofsted: pd.DataFrame) -> None:
    assert ofsted.index.tolist() == [140001, 140002, 140003, 140004, 140005, 140006]
    assert ofsted["overall"].tolist() == ["good", "none", "inadequate", "good", "none", "outstanding"]
    assert grades(ofsted["overall_grade"]) == [2, None, 4, 2, None, 1]
    assert grades(ofsted["quality_of_education"]) == [2, 3, 4, 2, None, None]
    assert ofsted["quality_of_education_raw"].tolist()[5] == "Z"
    assert grades(ofsted["leadership_and_management"]) == [2, 2, 4, 2, None, 1]
    # Ofsted's 9 is "no judgement": the sixth form of a primary school.
    assert grades(ofsted["sixth_form"]) == [None, None, 3, None, None, None]
    concern = [v if isinstance(v, str) else None for v in ofsted["category_of_concern"]]
    assert concern == [None, None, "special measures", None, None, None]


def test_the_inspection_of_a_predecessor_is_marked(ofsted: pd.DataFrame) -> None:
    assert ofsted.loc[140001, "inspected_urn"] == 100001
    assert ofsted["predecessor_inspected"].tolist() == [True, False, False, False, False, False]


def test_dates_ungraded_outcomes_and_report_cards(ofsted: pd.DataFrame) -> None:
    assert ofsted.loc[140004, "graded_date"] == pd.Timestamp("2016-06-14")
    assert ofsted.loc[140004, "ungraded_date"] == pd.Timestamp("2022-02-08")
    assert ofsted.loc[140004, "ungraded_outcome"] == "School remains Good"
    # Report-card grades are kept as Ofsted writes them.
    assert ofsted.loc[140005, "report_card_achievement"] == "Needs attention"
    assert ofsted.loc[140005, "report_card_inclusion"] == "Expected standard"
    assert ofsted.loc[140005, "report_card_leadership_and_governance"] == "Strong standard"
    assert ofsted["report_card_achievement"].isna().sum() == 5


def _schools(ofsted: pd.DataFrame) -> schoolnet.Tables:
    # A register of 2026: no overall grades at all, as the register has none since January 2025.
    names = [
        "Alder Academy",
        "Birch Primary School",
        "Cedar High School",
        "Damson C of E School",
        "Elm",
        "Fir",
        "Gorse",
    ]
    schools = pd.DataFrame({"urn": [*ofsted.index, 140007], "name": names})
    return join_ofsted(schoolnet.Tables.from_frames(schools), ofsted)


def test_joined_to_a_register_without_grades_the_overall_grade_comes_from_ofsted(ofsted: pd.DataFrame) -> None:
    schools = _schools(ofsted).schools
    assert schools["ofsted"].tolist() == ["good", "none", "inadequate", "good", "none", "outstanding", "none"]
    assert schools.loc[140002, "ofsted_quality_of_education"] == 3
    assert pd.isna(schools.loc[140007, "ofsted_quality_of_education"])


def test_the_default_need_on_ofsted_works_without_overall_grades(ofsted: pd.DataFrame) -> None:
    schools = _schools(ofsted).schools
    # 140002: quality of education 3; 140003: special measures (and grades of 4); 140005: a report card area
    # that needs attention. 140007 has no inspection on file: nothing says it is in need.
    assert need_from_ofsted()(schools).tolist() == [False, True, True, False, True, False, False]
    # A latest inspection of any kind older than 5 years before 31 January 2026 (140001's graded one in 2019, and
    # 140007's missing one) counts as well. 140004's graded inspection of 2016 was followed by an ungraded one on
    # 8 February 2022, less than 5 years before.
    dated = need_from_ofsted(older_than_years=5, as_of="2026-01-31")(schools)
    assert dated.tolist() == [True, True, True, False, True, False, True]
    only_quality = need_from_ofsted(judgements=["quality_of_education"], concern=False, report_card=())
    assert only_quality(schools).tolist() == [False, True, True, False, False, False, False]


def test_strong_on_ofsted(ofsted: pd.DataFrame) -> None:
    schools = _schools(ofsted).schools
    # 140001 good throughout; 140002 has a 3; 140003 is in special measures; 140004 good; 140005's report card has
    # an area that needs attention; 140006 outstanding (its unreadable grade is left out); 140007 has nothing.
    assert strong_from_ofsted()(schools).tolist() == [True, False, False, True, False, True, False]


def test_in_need_and_strong_take_these_definitions(ofsted: pd.DataFrame) -> None:
    G = schoolnet.build_network(_schools(ofsted), as_of="2026-01-31")
    need = schoolnet.in_need(G, need_from_ofsted())
    assert need[need].index.tolist() == [140002, 140003, 140005]


def test_an_older_file_joins_a_newer_register_through_the_history() -> None:
    history = pd.DataFrame({"current_urn": [150001]}, index=pd.Index([140001], name="urn"))
    with pytest.warns(KeptAsTextWarning):
        table = read_ofsted(FILE, history=history)
    assert 150001 in table.index and 140001 not in table.index
    assert table.loc[150001, "inspected_urn"] == 100001


def test_a_file_without_urns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not_ofsted.csv"
    path.write_text("School,Grade\nAlder,2\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="URN"):
        read_ofsted(path)
    path.write_text("URN,Overall effectiveness\n14000x,2\n", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        read_ofsted(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.value) == (2, "URN", "14000x")
