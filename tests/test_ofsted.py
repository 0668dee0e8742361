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


def test_join_keeps_the_registers_grade_for_schools_the_file_does_not_list(ofsted: pd.DataFrame) -> None:
    # 140007 and 140008 are not in Ofsted's file; the register says requires improvement and outstanding.
    schools = pd.DataFrame(
        {
            "urn": [140001, 140007, 140008],
            "name": ["Alder Academy", "Gorse", "Hazel"],
            "ofsted": ["good", "requires improvement", "outstanding"],
        }
    )
    joined = join_ofsted(schoolnet.Tables.from_frames(schools), ofsted).schools
    assert grades(joined["ofsted_overall_grade"]) == [2, 3, 1]
    assert joined["ofsted_overall"].tolist() == ["good", "requires improvement", "outstanding"]
    assert need_from_ofsted()(joined).tolist() == [False, True, False]
    assert strong_from_ofsted()(joined).tolist() == [True, False, True]
    G = schoolnet.build_network(
        schoolnet.join_ofsted(schoolnet.Tables.from_frames(schools), ofsted), as_of="2026-01-31"
    )
    assert schoolnet.strong(G).tolist() == [True, False, True]


def test_a_report_card_area_with_not_applicable_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mi.csv"
    path.write_text(
        "URN,Post-16 provision (where applicable),Achievement,Personal development and well-being\n"
        "1,Not applicable,Expected standard,NULL\n"
        "2,Needs attention,Strong standard,NULL\n"
        "3,NULL,NULL,Urgent improvement\n",
        encoding="utf-8",
    )
    table = read_ofsted(path)
    assert table["report_card_post_16_provision"].tolist() == ["Not applicable", "Needs attention", None]
    # An area spelt another way is named as Ofsted names it now.
    assert table["report_card_personal_development_and_wellbeing"].tolist() == [None, None, "Urgent improvement"]
    assert need_from_ofsted(prefix="")(table).tolist() == [False, True, True]
    # "Not applicable" is neither strong nor weak: school 1 is judged on its achievement alone.
    assert strong_from_ofsted(prefix="", report_card=["Expected standard"])(table).tolist() == [True, False, False]


def test_a_column_no_heading_explains_is_an_area_when_its_values_are_a_report_cards(tmp_path: Path) -> None:
    path = tmp_path / "mi.csv"
    path.write_text("URN,Achievement,Belonging\n1,Met,Not applicable\n2,NULL,Needs attention\n", encoding="utf-8")
    assert read_ofsted(path)["report_card_belonging"].tolist() == ["Not applicable", "Needs attention"]


def test_safeguarding_not_met_is_need(tmp_path: Path) -> None:
    path = tmp_path / "mi.csv"
    path.write_text(
        "URN,Safeguarding standards,Inclusion\n1,Met,Exceptional\n2,Not met,Exceptional\n", encoding="utf-8"
    )
    table = read_ofsted(path)
    assert need_from_ofsted(prefix="")(table).tolist() == [False, True]
    assert strong_from_ofsted(prefix="")(table).tolist() == [True, False]


def test_the_category_of_concern_is_the_latest_inspections(tmp_path: Path) -> None:
    # Without a "most recent" column: school 1 was put in special measures at its graded inspection of 2023 and
    # has a later report card with no category; school 2's report card put it in serious weaknesses; school 3 has
    # no report card.
    path = tmp_path / "mi.csv"
    path.write_text(
        "URN,Inspection start date of latest OEIF graded inspection,Latest OEIF category of concern,"
        "Latest OEIF overall effectiveness,Inspection start date,Category of concern,Inclusion\n"
        "1,01/03/2023,SM,4,20/01/2026,,Expected standard\n"
        "2,01/03/2023,,3,21/01/2026,Serious weaknesses,Urgent improvement\n"
        "3,01/03/2023,SWK,4,NULL,NULL,NULL\n",
        encoding="utf-8",
    )
    table = read_ofsted(path)
    assert table["category_of_concern"].tolist() == [None, "serious weaknesses", "serious weaknesses"]
    assert table["graded_date"].tolist() == [pd.Timestamp("2023-03-01")] * 3
    assert table["report_card_date"].tolist()[:2] == [pd.Timestamp("2026-01-20"), pd.Timestamp("2026-01-21")]


def test_a_year_is_a_calendar_year() -> None:
    schools = pd.DataFrame(
        {
            "ofsted_graded_date": pd.to_datetime(["2023-03-01", "2023-02-28", "2020-01-01", None]),
            "ofsted_ungraded_date": pd.to_datetime([None, None, "2023-06-01", None]),
            "ofsted_report_card_date": pd.to_datetime([None, None, None, "2024-01-15"]),
        },
        index=pd.Index([1, 2, 3, 4], name="urn"),
    )
    # On 1 March 2024: 1 March 2023 is a year before, not more; 28 February 2023 is more. School 3's latest
    # inspection is its ungraded one of June 2023, school 4's its report card of January 2024.
    dated = need_from_ofsted(older_than_years=1, as_of="2024-03-01", report_card=[])(schools)
    assert dated.tolist() == [False, True, False, False]
    # Half a year is 6 calendar months: before 1 September 2023.
    assert need_from_ofsted(older_than_years=0.5, as_of="2024-03-01")(schools).tolist() == [True, True, True, False]


@pytest.mark.parametrize(
    ("function", "arguments", "message"),
    [
        (
            strong_from_ofsted,
            {"judgements": ["overal"]},
            r"judgements: 'overal' is not allowed; expected .*'overall_grade'",
        ),
        (need_from_ofsted, {"judgements": ["overal"]}, r"'overal' is not allowed"),
        (need_from_ofsted, {"judgements": "overall_grade"}, r"judgements='overall_grade': expected a list"),
        (
            need_from_ofsted,
            {"report_card": "needs attention"},
            r"report_card='needs attention': expected a list .*'needs attention'",
        ),
        (
            strong_from_ofsted,
            {"report_card": ["strong"]},
            r"report_card: 'strong' is not allowed; expected .*'strong standard'",
        ),
        (need_from_ofsted, {"grades": [5]}, r"grades: 5 is not allowed; expected some of 1, 2, 3, 4"),
        (strong_from_ofsted, {"grades": 2}, r"grades=2: expected a list"),
        (need_from_ofsted, {"concern": "yes"}, r"concern='yes': expected True or False"),
        (need_from_ofsted, {"as_of": "soon"}, r"as_of='soon': expected a date"),
        (need_from_ofsted, {"older_than_years": -1}, r"older_than_years"),
    ],
)
def test_every_definition_argument_is_checked(function, arguments, message) -> None:
    with pytest.raises(schoolnet.ParameterError, match=message):
        function(**arguments)


def test_judgements_of_which_none_can_be_read_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "mi.csv"
    path.write_text("URN,Latest OEIF overall effectiveness,Latest OEIF quality of education\n1,Super,Great\n")
    with pytest.raises(SchemaError, match=r"'Latest OEIF overall effectiveness', 'Latest OEIF quality of education'"):
        read_ofsted(path)
    path.write_text("URN,Overall grade\n1,Super\n")
    with pytest.raises(SchemaError, match=r"'Overall grade' look like judgements but are not named as Ofsted names"):
        read_ofsted(path)


def test_a_value_outside_what_is_known_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "mi.csv"
    path.write_text(
        "URN,Latest OEIF overall effectiveness,Latest OEIF category of concern,Achievement\n"
        "1,2,SX,Expected standard\n"
        "2,4,SM,Brilliant\n"
    )
    with pytest.warns(KeptAsTextWarning) as caught:
        table = read_ofsted(path)
    assert len(caught) == 1
    assert "'SX' (1 row)" in str(caught[0].message) and "'Brilliant' (1 row)" in str(caught[0].message)
    assert table["category_of_concern"].tolist() == [None, "special measures"]
    assert table["category_of_concern_raw"].tolist() == ["SX", "SM"]
    assert table["report_card_achievement"].tolist() == ["Expected standard", None]
    assert table["report_card_achievement_raw"].tolist() == ["Expected standard", "Brilliant"]


def test_a_school_listed_twice_keeps_its_latest_inspection_and_the_other_row_is_set_aside(tmp_path: Path) -> None:
    # Lines 2-5: URN 1 twice (2019 and 2023: the 2023 row on line 3 is kept), URN 2 once, and URN 3, which the
    # history makes URN 2 today with an older inspection (2018), so URN 3's row on line 5 is set aside.
    path = tmp_path / "ofsted.csv"
    path.write_text(
        "URN,Inspection start date,Overall effectiveness\n"
        "1,12/03/2019,3\n"
        "1,05/11/2023,2\n"
        "2,01/02/2022,1\n"
        "3,01/02/2018,4\n",
        encoding="utf-8",
    )
    with pytest.warns(schoolnet.SetAsideWarning, match="1 rows of ofsted.csv set aside"):
        alone = read_ofsted(path)
    assert alone["overall"].to_dict() == {1: "good", 2: "outstanding", 3: "inadequate"}
    assert alone.attrs["line"].to_dict() == {1: 3, 2: 4, 3: 5}
    aside = alone.attrs["set_aside"]
    assert aside[["line", "urn", "urn_as_read"]].to_numpy().tolist() == [[2, 1, 1]]
    history = pd.DataFrame({"current_urn": [2]}, index=pd.Index([3], name="urn"))
    with pytest.warns(schoolnet.SetAsideWarning, match="2 rows of ofsted.csv set aside"):
        followed = read_ofsted(path, history=history)
    assert followed["overall"].to_dict() == {1: "good", 2: "outstanding"}
    aside = followed.attrs["set_aside"].sort_values("line")
    assert aside[["line", "urn", "urn_as_read"]].to_numpy().tolist() == [[2, 1, 1], [5, 2, 3]]
    assert "predecessor" in aside["reason"].iloc[1]
    # Rows read = rows kept + rows set aside.
    assert len(followed) + len(aside) == 4


def test_add_ofsted_counts_every_row_of_the_file_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ofsted.csv"
    path.write_text(
        "URN,Inspection start date,Overall effectiveness\n1,12/03/2019,3\n1,05/11/2023,2\n9,01/02/2022,1\n",
        encoding="utf-8",
    )
    tables = schoolnet.Tables.from_frames(pd.DataFrame({"urn": [1, 2], "name": ["A", "B"]}))
    with pytest.warns(schoolnet.SetAsideWarning):
        tables, _ = schoolnet.add_ofsted(tables, path)
    count = tables.counts.iloc[-1]
    assert (count["read"], count["kept"], count["rejected"]) == (3, 1, 2)
    rejected = tables.rejected[tables.rejected["table"] == "ofsted"].sort_values("line")
    assert rejected[["line", "record"]].to_numpy().tolist() == [[2, "URN 1"], [4, "URN 9"]]
