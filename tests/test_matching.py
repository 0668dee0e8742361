"""School names matched to URNs, and an analyst's tables combined with the register's."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.matching import UnmatchedNamesWarning, match_schools, normalise_name


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("St. Mary's C of E Prim", "saint marys church of england primary"),
        ("Saint Mary's Church of England Primary School", "saint marys church of england primary"),
        ("St Marys CofE Primary", "saint marys church of england primary"),
        ("Holy Cross R.C. Junior & Infant School", "holy cross catholic junior and infant"),
        ("Holy Cross Roman Catholic J&I", "holy cross catholic junior and infant"),
        ("The Oaks Inf", "oaks infant"),
        ("Oaks Infants' School", "oaks infant"),
        ("Beech Jun. School", "beech junior"),
        ("Moor Sec", "moor secondary"),
        ("Fell Acad", "fell academy"),
        ("  THE   Ash & Elm School ", "ash and elm"),
        (None, ""),
    ],
)
def test_each_rule_of_normalisation(written: object, read: str) -> None:
    assert normalise_name(written) == read


SCHOOLS = pd.DataFrame(
    {
        "name": [
            "Saint Mary's Church of England Primary School",
            "St Mary's Church of England Primary School",
            "Oakfield Junior School",
            "Oakfield Infant School",
            "Brackenmoor Academy",
        ],
        "la": ["Wexmoor", "Fellshire", "Wexmoor", "Wexmoor", "Fellshire"],
    },
    index=pd.Index([105, 101, 102, 103, 104], name="urn"),
)


def test_names_are_matched_scored_and_their_runner_up_given() -> None:
    names = pd.Series(["Oakfeild Jun", "Brakenmoor Academy"], index=["row 7", "row 9"])
    found = match_schools(names, SCHOOLS)
    assert found.index.tolist() == ["row 7", "row 9"]
    assert found["urn"].tolist() == [102, 104]
    assert found["status"].tolist() == ["matched", "matched"]
    # "oakfeild junior" against "oakfield junior": two characters swapped, 2 edits in 30 characters: 93.3.
    assert found.loc["row 7", "score"] == pytest.approx(100 * (1 - 2 / 30), abs=0.05)
    assert found.loc["row 7", "runner_up"] == 103


def test_a_name_two_schools_share_is_ambiguous_until_the_area_is_given() -> None:
    with pytest.warns(UnmatchedNamesWarning, match="0 names matched no school and 1 matched two equally well"):
        found = match_schools(["St Mary's C of E Prim"], SCHOOLS)
    assert found.loc[0, "status"] == "ambiguous" and pd.isna(found.loc[0, "urn"])
    # Equal scores: the lower URN is named first, whatever the table's order.
    assert (found.loc[0, "school"], found.loc[0, "runner_up"]) == (SCHOOLS.loc[101, "name"], 105)
    assert found.loc[0, "score"] == found.loc[0, "runner_up_score"] == 100.0
    within = match_schools(["St Mary's C of E Prim"], SCHOOLS, la="Wexmoor")
    assert within["urn"].tolist() == [105] and within["status"].tolist() == ["matched"]


def test_names_below_the_threshold_and_blank_names_are_listed_not_dropped() -> None:
    with pytest.warns(UnmatchedNamesWarning, match="2 names matched no school"):
        found = match_schools(["Atlantis High", ""], SCHOOLS)
    assert found["status"].tolist() == ["unmatched", "unmatched"]
    assert found["urn"].isna().all()
    assert found.loc[0, "school"] in set(SCHOOLS["name"])  # the best guess is shown, for the analyst to check


def test_bad_arguments() -> None:
    with pytest.raises(schoolnet.ParameterError, match="la: 'Atlantis'"):
        match_schools(["A"], SCHOOLS, la="Atlantis")
    with pytest.raises(schoolnet.ParameterError, match="threshold"):
        match_schools(["A"], SCHOOLS, threshold=-1)
    with pytest.raises(schoolnet.ParameterError, match="'name' column"):
        match_schools(["A"], SCHOOLS[["la"]])


@pytest.mark.national
def test_misspelt_names_of_the_real_register_are_matched_to_the_right_school(real_data: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", schoolnet.SetAsideWarning)
        register = schoolnet.read_gias(real_data / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz")
    schools = register.schools
    picked = schools.sample(500, random_state=1)
    rng = np.random.default_rng(1)

    def misspelt(name: str) -> str:
        letters = list(name)
        i = int(rng.integers(2, max(3, len(letters) - 2)))
        letters[i], letters[i - 1] = letters[i - 1], letters[i]
        return "".join(letters).replace("Church of England", "C of E").replace("Primary School", "Prim")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedNamesWarning)
        found = match_schools(picked["name"].map(misspelt), schools)
    matched = found[found["status"] == "matched"]
    # Measured: about 72% are matched outright (the rest share their name with another school, or the swap
    # falls in a short name), and of those matched more than 99% are the school meant.
    assert len(matched) > 0.65 * len(found)
    assert (matched["urn"].astype(int) == matched.index).mean() > 0.99
    # A name that several schools share is never matched to one of them.
    shared = schools["name"].duplicated(keep=False)
    assert (
        not matched.index.isin(schools.index[shared]).any()
        or found.loc[found.index.isin(schools.index[shared]), "status"].ne("matched").mean() > 0.5
    )


def _register() -> schoolnet.Tables:
    schools = pd.DataFrame({"urn": [1, 2, 3, 4], "name": list("ABCD")})
    groups = pd.DataFrame({"group_id": ["T1"], "kind": ["trust"]})
    memberships = pd.DataFrame({"group_id": ["T1", "T1"], "urn": [1, 2]})
    return schoolnet.Tables.from_frames(schools, groups, memberships, source="the register")


def _clusters() -> dict[str, pd.DataFrame]:
    # An analyst's spreadsheet: its own clusters, a trust the register already has, and support; no schools table.
    return {
        "schools": pd.DataFrame({"urn": [1, 3, 9], "name": ["A", "C", "Z"]}),
        "groups": pd.DataFrame({"group_id": ["C1", "T1", "C2"], "kind": ["cluster", "trust", "cluster"]}),
        "memberships": pd.DataFrame({"group_id": ["C1", "C1", "C1", "C2", "T1"], "urn": [1, 3, 9, 4, 2]}),
        "support": pd.DataFrame(
            {"support_id": ["S1", "S2"], "supporter_urn": [1, 9], "supported_urn": [4, 3], "kind": ["nle"] * 2}
        ),
    }


def test_combine_adds_an_analysts_groups_to_the_register_and_sets_aside_what_does_not_fit() -> None:
    base, other = _register(), _clusters()
    with pytest.warns(schoolnet.SetAsideWarning):
        both = base.combine(other, source="our clusters")
    assert list(both.schools.index) == [1, 2, 3, 4]
    assert sorted(both.groups.index) == ["C1", "C2", "T1"]
    # Kept: the register's T1 (1, 2); C1's 1 and 3; C2's 4, a school the spreadsheet's own schools leave out.
    # Set aside: C1's 9 (not in the register), and the spreadsheet's T1 group and T1 membership of 2 (the
    # register has them already).
    assert sorted(zip(both.memberships["group_id"], both.memberships["urn"], strict=True)) == [
        ("C1", 1), ("C1", 3), ("C2", 4), ("T1", 1), ("T1", 2)
    ]  # fmt: skip
    assert both.support["support_id"].tolist() == ["S1"]
    assert sorted(both.rejected["reason"]) == [
        "already in the register",
        "group_id T1 is already in the register",
        "supporter_urn 9 is not in the schools table",
        "urn 9 is not in the schools of the register",
        "urn 9 is not in the schools table",
    ]
    counts = both.counts
    assert (counts["read"] == counts["kept"] + counts["rejected"]).all()
    mine = counts[counts["file"].str.contains("our clusters")].set_index("table")
    assert mine.loc["groups", ["read", "kept", "rejected"]].tolist() == [3, 2, 1]
    assert mine.loc["support", ["read", "kept", "rejected"]].tolist() == [2, 1, 1]
    assert mine.loc["memberships", ["read", "kept", "rejected"]].tolist() == [5, 3, 2]
    assert mine.loc["schools", ["read", "kept", "rejected"]].tolist() == [3, 2, 1]
    G = schoolnet.build_network(both, as_of="2025-09-01")
    assert sorted((min(u, v), max(u, v), k) for u, v, k in G.edges(keys=True)) == [
        (1, 2, "T1"), (1, 3, "C1"), (1, 4, "S1")
    ]  # fmt: skip


def test_combine_with_loaded_tables_keeps_their_own_checks() -> None:
    frames = _clusters()
    with pytest.warns(schoolnet.SetAsideWarning):
        loaded = schoolnet.Tables.from_frames(*(frames[t] for t in ("schools", "groups", "memberships", "support")))
    # Made on their own, the spreadsheet's memberships of 4 and 2, and S1 (to 4), were set aside: 4 and 2 are not in
    # its schools. Combined, school 9, the group T1, C1's membership of 9 and S2 (from 9) are set aside too.
    with pytest.warns(schoolnet.SetAsideWarning):
        both = _register().combine(loaded)
    assert sorted(zip(both.memberships["group_id"], both.memberships["urn"], strict=True)) == [
        ("C1", 1), ("C1", 3), ("T1", 1), ("T1", 2)
    ]  # fmt: skip
    assert (both.counts["read"] == both.counts["kept"] + both.counts["rejected"]).all()
    assert len(loaded.rejected) == 3 and len(both.rejected) == 3 + 4
