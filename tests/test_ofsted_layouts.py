"""Ofsted's file in each layout it has been published in: 2019, and the real one of February 2026.

The real file is Ofsted's management information for the schools of Leeds as at 28 February 2026 (see its PROVENANCE):
each figure read from it is checked against a plain pandas count of the same file. The 2019 file
``tests/data/ofsted/management_information_state_funded_schools_20191231.csv`` is written by hand in that year's
layout ("latest full inspection", "section 8" inspections, and a previous inspection that must not be read); each
expected value below is read off it by hand.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import schoolnet
from schoolnet.read.ofsted import need_from_ofsted, read_ofsted, strong_from_ofsted

LEEDS = Path("ofsted-mi-2026-02-leeds") / "leeds_state_funded_schools_inspections_20260228.csv"
FILE_2019 = (
    Path(__file__).resolve().parent / "data" / "ofsted" / "management_information_state_funded_schools_20191231.csv"
)
OEIF = "Latest OEIF "
AREAS = {
    "safeguarding_standards": "Safeguarding standards",
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_wellbeing": "Personal development and wellbeing",
    "early_years": "Early years (where applicable)",
    "post_16_provision": "Post-16 provision (where applicable)",
    "leadership_and_governance": "Leadership and governance",
}


@pytest.fixture(scope="module")
def leeds_path(real_data: Path) -> Path:
    return real_data / LEEDS


@pytest.fixture(scope="module")
def plain(leeds_path: Path) -> pd.DataFrame:
    """The real file as text, every cell as written, by URN."""
    return pd.read_csv(leeds_path, dtype=str, keep_default_na=False).set_index("URN")


@pytest.fixture(scope="module")
def leeds(leeds_path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every value of the real file is understood: no warning
        table = read_ofsted(leeds_path)
    table.index = table.index.astype(str)
    return table


def _counts(values: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in values.value_counts().items()}


def test_every_school_of_the_real_file_is_read(leeds: pd.DataFrame, plain: pd.DataFrame) -> None:
    assert len(plain) == 279
    assert sorted(leeds.index) == sorted(plain.index)


def test_the_real_graded_judgements_match_a_plain_count(leeds: pd.DataFrame, plain: pd.DataFrame) -> None:
    overall = plain[OEIF + "overall effectiveness"]
    graded = overall.isin(["1", "2", "3", "4"])
    # 170 schools have a graded inspection: 130 with a grade 1 to 4 and 40 "Not judged", kept apart.
    assert graded.sum() + (overall == "Not judged").sum() == 170
    assert leeds["overall_grade"].notna().sum() == graded.sum() == 130
    assert leeds["overall_not_judged"].sum() == (overall == "Not judged").sum() == 40
    assert _counts(leeds["overall_grade"].dropna().astype(int).astype(str)) == _counts(overall[graded])
    for name, heading in [
        ("quality_of_education", "quality of education"),
        ("behaviour_and_attitudes", "behaviour and attitudes"),
        ("personal_development", "personal development"),
        ("leadership_and_management", "effectiveness of leadership and management"),
        ("early_years", "early years provision (where applicable)"),
        ("sixth_form", "sixth form provision (where applicable)"),
    ]:
        column = plain[OEIF + heading]
        expected = _counts(column[column.isin(["1", "2", "3", "4"])])  # 9 is Ofsted's "not applicable"
        assert _counts(leeds[name].dropna().astype(int).astype(str)) == expected, name
    dates = pd.to_datetime(
        plain["Inspection start date of latest OEIF graded inspection"], format="%d/%m/%Y", errors="coerce"
    )
    assert leeds["graded_date"].tolist() == dates.reindex(leeds.index).tolist()
    numbers = plain["Inspection number of latest OEIF graded inspection"]
    assert leeds["graded_inspection_number"].dropna().astype(str).to_dict() == numbers[numbers != "NULL"].to_dict()
    # The URN at the time was another school's for 10 schools, as the file says in words.
    other = plain["Does the latest OEIF graded inspection relate to the URN of the current school?"] == "No"
    assert other.sum() == 10
    assert sorted(leeds.index[leeds["predecessor_inspected"]]) == sorted(plain.index[other])


def test_the_real_report_cards_match_a_plain_count(leeds: pd.DataFrame, plain: pd.DataFrame) -> None:
    carded = plain["Achievement"] != "NULL"
    assert carded.sum() == 2
    for area, heading in AREAS.items():
        read = leeds[f"report_card_{area}"].dropna()
        # Kept as Ofsted writes them, "Not applicable" included.
        assert read.to_dict() == plain.loc[carded, heading].to_dict(), area
    assert leeds["report_card_post_16_provision"].dropna().tolist() == ["Not applicable", "Not applicable"]
    card_dates = pd.to_datetime(plain.loc[carded, "Achievement - date of judgement"], format="%d/%m/%Y")
    assert leeds["report_card_date"].dropna().to_dict() == card_dates.to_dict()
    # The report card's start date is not taken for a graded inspection's.
    for urn in plain.index[carded]:
        assert leeds.loc[urn, "graded_date"] != leeds.loc[urn, "report_card_date"]


def test_the_real_categories_of_concern_match_a_plain_count(leeds: pd.DataFrame, plain: pd.DataFrame) -> None:
    codes = plain[OEIF + "category of concern"]
    assert (
        leeds.loc[leeds["category_of_concern"] == "special measures"].index.tolist()
        == codes.index[codes == "SM"].tolist()
    )
    assert (
        leeds.loc[leeds["category_of_concern"] == "serious weaknesses"].index.tolist()
        == codes.index[codes == "SWK"].tolist()
    )
    assert leeds["category_of_concern"].notna().sum() == 2


def test_the_real_ungraded_inspections_match_a_plain_count(leeds: pd.DataFrame, plain: pd.DataFrame) -> None:
    outcome = plain["Ungraded inspection overall outcome"]
    assert _counts(leeds["ungraded_outcome"].dropna()) == _counts(outcome[outcome != "NULL"])
    assert leeds["ungraded_date"].notna().sum() == (plain["Date of latest ungraded inspection"] != "NULL").sum() == 132


def _plain_need(plain: pd.DataFrame) -> pd.Series:
    """The default need, counted on the file's text: RI or inadequate overall, or in quality of education or
    leadership where there is no overall grade; special measures or serious weaknesses; a report card's area at
    "Needs attention" or "Urgent improvement", or safeguarding "Not met"."""
    bad = ["3", "4"]
    overall = plain[OEIF + "overall effectiveness"]
    no_overall = ~overall.isin(["1", "2", "3", "4"])
    key = plain[OEIF + "quality of education"].isin(bad) | plain[
        OEIF + "effectiveness of leadership and management"
    ].isin(bad)
    concern = plain[OEIF + "category of concern"].isin(["SM", "SWK"])
    cards = plain[list(AREAS.values())].isin(["Needs attention", "Urgent improvement", "Not met"]).any(axis=1)
    return overall.isin(bad) | (no_overall & key) | concern | cards


def test_need_on_the_real_file_matches_a_plain_count(leeds: pd.DataFrame, plain: pd.DataFrame) -> None:
    expected = _plain_need(plain)
    assert expected.sum() == 20
    need = need_from_ofsted(prefix="")(leeds)
    assert sorted(need.index[need]) == sorted(expected.index[expected])


def test_need_on_the_real_file_joined_to_a_register(leeds_path: Path, plain: pd.DataFrame) -> None:
    # The register of these schools carries no grade: need comes from Ofsted's file alone.
    register = pd.DataFrame({"urn": plain.index.astype(int), "name": plain["School name"].to_numpy()})
    tables = schoolnet.join_ofsted(schoolnet.Tables.from_frames(register), read_ofsted(leeds_path))
    need = need_from_ofsted()(tables.schools)
    expected = _plain_need(plain)
    assert sorted(need.index[need].astype(str)) == sorted(expected.index[expected])


def test_strength_on_the_real_file_matches_a_plain_count(leeds: pd.DataFrame, plain: pd.DataFrame) -> None:
    good = ["1", "2"]
    keys = [OEIF + "overall effectiveness", OEIF + "quality of education"]
    keys.append(OEIF + "effectiveness of leadership and management")
    graded = {k: plain[k].isin(["1", "2", "3", "4"]) for k in keys}
    all_good = pd.concat([~graded[k] | plain[k].isin(good) for k in keys], axis=1).all(axis=1)
    scale = ["Exceptional", "Strong standard", "Expected standard", "Needs attention", "Urgent improvement"]
    areas = plain[list(AREAS.values())]
    cards_good = (~areas.isin([*scale, "Not met"]) | areas.isin(["Exceptional", "Strong standard"])).all(axis=1)
    seen = pd.concat(list(graded.values()), axis=1).any(axis=1) | areas.isin(scale).any(axis=1)
    concern = plain[OEIF + "category of concern"].isin(["SM", "SWK"])
    expected = seen & all_good & cards_good & ~concern
    strong = strong_from_ofsted(prefix="")(leeds)
    assert sorted(strong.index[strong]) == sorted(expected.index[expected])
    # The two schools inspected by report card were graded good before, but have areas that need attention.
    assert not strong[plain.index[plain["Achievement"] != "NULL"]].any()


def test_later_files_name_the_report_cards_dates_differently(
    leeds: pd.DataFrame, plain: pd.DataFrame, tmp_path: Path
) -> None:
    renamed = plain.rename(columns=lambda c: c.replace(" - date of judgement", " - date of grade"))
    assert sum(c.endswith(" - date of grade") for c in renamed.columns) == 9
    path = tmp_path / "leeds_state_funded_schools_inspections_20260331.csv"
    renamed.reset_index().to_csv(path, index=False)
    again = read_ofsted(path)
    again.index = again.index.astype(str)
    pd.testing.assert_frame_equal(again, leeds)


@pytest.fixture(scope="module")
def file_2019() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return read_ofsted(FILE_2019)


def test_the_2019_layout_is_read(file_2019: pd.DataFrame) -> None:
    table = file_2019
    assert table.index.tolist() == [100001, 100002, 100003, 100004, 100005]
    assert table["overall"].tolist() == ["good", "inadequate", "outstanding", "requires improvement", "none"]
    assert [None if pd.isna(g) else int(g) for g in table["overall_grade"]] == [2, 4, 1, 3, None]
    assert not table["overall_not_judged"].any()
    assert [None if pd.isna(g) else int(g) for g in table["leadership_and_management"]] == [2, 4, 1, 3, None]
    # Only Beech High's sixth form was judged; 9 is "not applicable".
    assert table["sixth_form"].notna().tolist() == [False, True, False, False, False]
    assert table["category_of_concern"].tolist() == [None, "special measures", None, None, None]
    # Cherry Tree was inspected as its predecessor, URN 900003, in March 2016.
    assert table.loc[100003, "inspected_urn"] == 900003
    assert table["predecessor_inspected"].tolist() == [False, False, True, False, False]
    assert (
        table["graded_date"].tolist()[:4]
        == pd.to_datetime(["2019-10-10", "2019-11-14", "2016-03-03", "2019-09-25"]).tolist()
    )
    assert table.loc[100002, "graded_inspection_number"] == 10120002
    # The latest section 8 inspection is the ungraded one.
    assert table.loc[100003, "ungraded_date"] == pd.Timestamp("2019-11-20")
    assert table.loc[100003, "ungraded_outcome"] == "School remains Outstanding"
    assert table["ungraded_outcome"].notna().sum() == 1
    assert not [c for c in table.columns if c.startswith("report_card_") and table[c].notna().any()]


def test_need_and_strength_on_the_2019_layout(file_2019: pd.DataFrame) -> None:
    # Ash Primary's previous inspection (requires improvement, 2015) is not its latest: it is not in need.
    assert need_from_ofsted(prefix="")(file_2019).tolist() == [False, True, False, True, False]
    # On 1 January 2020, with 3 years: Cherry Tree's graded inspection of 2016 was followed by a section 8 one in
    # November 2019; Elder Free School has never been inspected.
    old = need_from_ofsted(prefix="", older_than_years=3, as_of="2020-01-01")(file_2019)
    assert old.tolist() == [False, True, False, True, True]
    assert strong_from_ofsted(prefix="")(file_2019).tolist() == [True, False, True, False, False]
