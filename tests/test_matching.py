"""School names matched to URNs, and an analyst's tables combined with the register's."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.datasets.names import _schools_with, _some_school_has
from schoolnet.read.matching import UnmatchedNamesWarning, match_schools, normalise_name


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
        ("Ss Peter and Paul RC Prim Sch", "saints peter and paul catholic primary"),
        ("SS. Mary & John's", "saints mary and johns"),
        ("Sts Mary and John", "saints mary and john"),
        ("Beech Jnr Schl", "beech junior"),
        ("All Saints C.E. Infants", "all saints church of england infant"),
        # VA and VC tell apart schools of the same name, so they are spelt out, not ignored.
        ("St Mary's CofE (VA) Primary", "saint marys church of england voluntary aided primary"),
        ("Hippings Methodist VC Primary", "hippings methodist voluntary controlled primary"),
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


def test_scores_and_choices_agree_with_a_pair_by_pair_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    from rapidfuzz.fuzz import token_sort_ratio

    import schoolnet.read.matching

    rng = np.random.default_rng(7)
    # Words no slip of the pen turns into one another, so that words agree exactly when they are equal.
    words = ["oak", "elm", "st mary", "holy cross", "primary", "junior", "infant", "c of e", "rc", "academy"]
    schools = pd.DataFrame(
        {"name": [" ".join(rng.choice(words, size=3)) for _ in range(40)]},
        index=pd.Index(rng.permutation(np.arange(500, 540)), name="urn"),
    )
    names = [" ".join(rng.choice(words, size=int(rng.integers(1, 4)))) for _ in range(40)]
    # Blocks of 3 names at a time (100 scores / 40 schools), so that the names are scored in several blocks.
    monkeypatch.setattr(schoolnet.read.matching, "_BLOCK", 100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedNamesWarning)
        found = match_schools(names, schools, threshold=0, margin=0)
    omitted = {"church", "of", "england", "catholic", "academy"}

    def key(name: str) -> list[str]:
        return sorted(set(normalise_name(name).split()) - omitted) if name else []

    def denomination(name: str) -> set[str]:
        return {w for w in ("england", "catholic") if w in normalise_name(name).split()}

    ordered = schools.sort_index()
    for i, name in enumerate(names):
        agree = [
            set(key(name)) <= set(key(s))
            and not (denomination(name) and denomination(s) and not denomination(name) & denomination(s))
            for s in ordered["name"]
        ]
        scores = [token_sort_ratio(" ".join(key(name)), " ".join(key(s))) for s in ordered["name"]]
        row = found.loc[i]
        if not key(name):
            assert row["status"] == "unmatched"
            continue
        given = ordered.index[ordered["name"] == row["school"]]
        assert row["score"] == pytest.approx(max(scores[ordered.index.get_loc(u)] for u in given), abs=0.06)
        if not any(agree):
            assert row["status"] == "unmatched" and "no school has the name's words" in row["reason"]
            continue
        # Of the schools that agree and tie with the best, those with every word the name says (its "Academy", say)
        # are preferred when only some have them.
        said = set(normalise_name(name).split()) - set(key(name))
        top = max(scores[j] for j in range(len(scores)) if agree[j])
        close = [j for j in range(len(scores)) if agree[j] and scores[j] >= top]
        full = [j for j in close if said <= set(normalise_name(ordered["name"].iloc[j]).split())]
        dropped = set(close) - set(full) if said and full and len(full) < len(close) else set()
        candidates = [j for j in range(len(scores)) if agree[j] and j not in dropped]
        best = max(candidates, key=lambda j: (scores[j], -j))  # the first best, in URN order
        if row["status"] == "matched":
            assert row["urn"] == ordered.index[best]
            others = [scores[j] for j in candidates if j != best]
            assert not others or scores[best] > max(others)


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


#: A county as the register writes it: saints and towns tell its schools apart; a school of the same name in London.
COUNTY = pd.DataFrame(
    {
        "name": [
            "St Mary's Church of England Primary School, Rawtenstall",
            "St Paul's Church of England Primary School, Rawtenstall",
            "St Mary's Roman Catholic Primary School",
            "St Anne's Roman Catholic Primary School",
            "Springfield Community Primary School",
            "Springfield Community Primary School",
            "Padiham Primary School",
            "Burnley Road Academy",
            "Oakfield Junior School",
        ],
        "town": [
            "Rawtenstall",
            "Rawtenstall",
            "Burnley",
            "Blackburn",
            "Burnley",
            "London",
            "Padiham",
            "Padiham",
            "Padiham",
        ],
        "district": [
            "Rossendale",
            "Rossendale",
            "Burnley",
            "Blackburn",
            "Burnley",
            "Hackney",
            "Burnley",
            "Burnley",
            "Burnley",
        ],
        "la": ["Lancashire"] * 5 + ["Hackney"] + ["Lancashire"] * 3,
    },
    index=pd.Index([1, 2, 3, 4, 5, 6, 7, 8, 9], name="urn"),
)


def _match(names: list[str], **options: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedNamesWarning)
        return match_schools(names, COUNTY, **options)  # type: ignore[arg-type]


def test_the_words_that_tell_schools_apart_agree_in_any_order() -> None:
    found = _match(
        [
            "Rawtenstall St Mary's CE Primary",
            "St Paul's CofE Primary School Rawtenstall",
            "Primary, Rawtenstall St Pauls CE",
        ]
    )
    assert found["urn"].tolist() == [1, 2, 2]
    # "rawtenstall saint marys primary" has exactly the words of St Mary's: 100. St Paul's differs in the saint.
    assert found["score"].tolist() == [100.0, 100.0, 100.0]
    assert found["status"].tolist() == ["matched"] * 3


def test_a_school_whose_saint_or_town_differs_is_never_matched() -> None:
    found = _match(["St Anne's RC Primary School, Burnley", "St Joseph's CE Primary, Rawtenstall"])
    assert found["status"].tolist() == ["unmatched", "unmatched"]
    assert found["urn"].isna().all()
    # St Anne's RC is in Blackburn: 'burnley' is none of its words or places; St Mary's RC in Burnley has another
    # saint. Whichever scores best, the reason names the word that differs.
    assert "no school has the name's words" in found.loc[0, "reason"]
    assert "'josephs' is not in" in found.loc[1, "reason"]


def test_a_town_given_chooses_between_schools_of_one_name() -> None:
    found = _match(["Springfield Community Primary, Burnley", "Springfield Primary", "Springfield Primary, Hackney"])
    assert found["urn"].tolist()[0] == 5 and found.loc[0, "status"] == "matched"
    # Without a town the two Springfields tie: 100 and 100, ambiguous.
    assert found.loc[1, "status"] == "ambiguous" and (found.loc[1, "score"], found.loc[1, "runner_up_score"]) == (
        100,
        100,
    )
    # Hackney is the London school's district: a place of it, so it is matched.
    assert found.loc[2, "urn"] == 6


def test_the_phase_and_the_denomination_must_agree() -> None:
    found = _match(["Oakfield Infant School", "St Mary's CE Primary, Burnley", "Oakfield Juniors"])
    # 'infant' is not in Oakfield Junior; St Mary's in Burnley is Catholic, not Church of England.
    assert found["status"].tolist() == ["unmatched", "unmatched", "matched"]
    assert "Church of England is not the denomination of" in found.loc[1, "reason"]


def test_a_clear_winner_below_the_threshold_is_matched() -> None:
    found = _match(["St Pauls CE Primary", "Springfield Primary, Padiham"], la="Lancashire")
    # "pauls primary saint" against St Paul's "pauls primary rawtenstall saint": 12 letters to insert in 50,
    # 100 × (1 − 12 / 50) = 76.0, below 85; but Rawtenstall is the school's town, its other words are all given, and
    # St Mary's differs in its saint, so nothing else agrees: the best score of the rest is more than 20 behind.
    assert found.loc[0, ["urn", "score", "status"]].tolist() == [2, 76.0, "matched"]
    assert "below 85" in found.loc[0, "reason"]
    # Springfield is not in Padiham: no clear winner can be made of a school whose place differs.
    assert found.loc[1, "status"] == "unmatched"


def test_the_words_a_person_may_leave_out_choose_between_schools_that_otherwise_tie() -> None:
    schools = pd.DataFrame(
        {"name": ["St Mary's Catholic Primary School", "St Mary's RC Primary School, a Voluntary Academy"]},
        index=pd.Index([1, 2], name="urn"),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedNamesWarning)
        found = match_schools(["St Mary's RC Primary, A Voluntary Academy", "St Mary's RC Primary"], schools)
    # Both read "saint marys primary": 100 and 100. The first name also says "a voluntary academy", which only school 2
    # has, so it is school 2's; the second says nothing more than both have, so it stays ambiguous.
    assert found["score"].tolist() == [100.0, 100.0]
    assert found["urn"].tolist()[0] == 2 and found["status"].tolist() == ["matched", "ambiguous"]


def test_misspelt_common_words_and_abbreviations_are_read_as_a_person_reads_them() -> None:
    found = _match(["Padiham Prim Scohol", "Burnley Rd Acadmy", "Oakfeild Jnr, Padiham"])
    assert found["urn"].tolist() == [7, 8, 9]
    # "scohol" is one slip from "school", which is dropped: "padiham primary" against "padiham primary", 100.
    assert found["score"].tolist()[:2] == [100.0, 100.0]


def test_names_must_be_a_list_or_a_column() -> None:
    with pytest.raises(schoolnet.ParameterError, match="not one string"):
        match_schools("clusters.xlsx", COUNTY)
    with pytest.raises(schoolnet.ParameterError, match="not one path"):
        match_schools(Path("clusters.xlsx"), COUNTY)  # type: ignore[arg-type]
    sheet = pd.DataFrame({"cluster": ["C1", "C2"], "school": ["Padiham Primary", "Oakfield Junior"]})
    with pytest.raises(schoolnet.ParameterError, match="pass column="):
        match_schools(sheet, COUNTY)
    with pytest.raises(schoolnet.ParameterError, match="column='schools'"):
        match_schools(sheet, COUNTY, column="schools")
    found = match_schools(sheet, COUNTY, column="school")
    assert found["urn"].tolist() == [7, 9]


def test_an_empty_register_and_nameless_rows() -> None:
    with pytest.raises(schoolnet.ParameterError, match="no school with a name"):
        match_schools(["Padiham Primary"], COUNTY.iloc[:0])
    nameless = pd.concat([COUNTY, pd.DataFrame({"name": [None, ""]}, index=pd.Index([20, 21], name="urn"))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedNamesWarning)
        both = match_schools(["", "Padiham Primary"], nameless)
    # A blank name scores nothing, even against a nameless row: it is unmatched, with its reason.
    assert both.loc[0, ["status", "score", "reason"]].tolist() == ["unmatched", 0.0, "the name is blank"]
    assert both.loc[1, "urn"] == 7


@pytest.mark.national
def test_no_name_of_a_seeded_sample_is_matched_to_the_wrong_school_of_the_real_register(
    real_register: schoolnet.Tables,
) -> None:
    from schoolnet.datasets.names import misspelt_names, names_of_no_school

    schools = real_register.schools  # the register of 2022-07-06, read once per session
    misspelt = misspelt_names(schools, 400, seed=11)
    none = names_of_no_school(schools, 100, seed=11)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedNamesWarning)
        found = match_schools(pd.concat([misspelt["name"], none["name"]], ignore_index=True), schools)
    meant = pd.array([*misspelt.index, *[pd.NA] * len(none)], dtype="Int64")
    matched = found["status"].eq("matched").to_numpy()
    right = matched & (found["urn"].array == meant).fillna(False).to_numpy(dtype=bool)
    # No wrong match: every name matched is the school meant, and no name of a school that does not exist is matched.
    assert found.loc[matched & ~right, ["name", "school"]].empty
    # Measured on this sample: about 80% of the misspelt names are right against the whole of England (the rest are
    # names several schools share without a town, or slips that change a short word, left unmatched).
    assert right[: len(misspelt)].mean() > 0.7


@pytest.mark.national
def test_misspelt_names_of_the_real_register_are_matched_to_the_right_school(real_register: schoolnet.Tables) -> None:
    register = real_register
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
    # Measured: 334 of 500 (67%) are matched outright (the rest share their name with another school, or the swap
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
    groups = pd.DataFrame(
        {"group_id": ["T1", "F1"], "kind": ["trust", "federation"], "name": ["Oak Trust", "Ash Federation"]}
    )
    memberships = pd.DataFrame({"group_id": ["T1", "T1", "F1", "F1"], "urn": [1, 2, 3, 4]})
    return schoolnet.Tables.from_frames(schools, groups, memberships, source="the register")


def _clusters() -> dict[str, pd.DataFrame]:
    # An analyst's spreadsheet: its own clusters; the register's trust T1 by id and kind (the same group), with a
    # new member; a group F1 that clashes with the register's federation F1; support; and a few schools.
    return {
        "schools": pd.DataFrame({"urn": [1, 3, 9], "name": ["A", "C", "Z"]}),
        "groups": pd.DataFrame(
            {"group_id": ["C1", "T1", "F1", "C2"], "kind": ["cluster", "trust", "cluster", "cluster"]}
        ),
        "memberships": pd.DataFrame(
            {
                "group_id": ["C1", "C1", "C1", "C2", "T1", "T1", "F1", "C1"],
                "urn": [1, 3, 9, 4, 2, 3, 1, 1],
            }
        ),
        "support": pd.DataFrame(
            {"support_id": ["S1", "S2"], "supporter_urn": [1, 9], "supported_urn": [4, 3], "kind": ["nle"] * 2}
        ),
    }


def _pairs(memberships: pd.DataFrame) -> list[tuple[str, int]]:
    return sorted(zip(memberships["group_id"], memberships["urn"], strict=True))


def test_combine_adds_an_analysts_groups_to_the_register_and_sets_aside_what_does_not_fit() -> None:
    base, other = _register(), _clusters()
    with pytest.warns(schoolnet.SetAsideWarning):
        both = base.combine(other, source="our clusters")
    assert list(both.schools.index) == [1, 2, 3, 4]
    # C1 and C2 are added; T1 agrees with the register's (its blank name agrees with anything), so the register's
    # row stands for it; F1 says cluster where the register says federation: set aside.
    assert sorted(both.groups.index) == ["C1", "C2", "F1", "T1"]
    assert both.groups.loc["F1", "kind"] == "federation" and both.groups.loc["T1", "name"] == "Oak Trust"
    # Memberships, by line of the spreadsheet (the first row is line 2):
    #   2 C1-1 kept; 3 C1-3 kept; 4 C1-9 aside (9 is no school of the register); 5 C2-4 kept;
    #   6 T1-2 aside (the register has it); 7 T1-3 kept (a new member of the register's trust);
    #   8 F1-1 aside (its group was set aside); 9 C1-1 aside (duplicate of line 2).
    # So 8 read = 4 kept + 4 set aside, and the register's four stay.
    assert _pairs(both.memberships) == [
        ("C1", 1), ("C1", 3), ("C2", 4), ("F1", 3), ("F1", 4), ("T1", 1), ("T1", 2), ("T1", 3)
    ]  # fmt: skip
    assert both.support["support_id"].tolist() == ["S1"]
    assert sorted(zip(both.rejected["table"], both.rejected["line"], both.rejected["reason"], strict=True)) == [
        ("groups", 4, "group_id F1 is already in the register, with kind federation, not cluster"),
        ("memberships", 4, "urn 9 is not in the schools table"),
        ("memberships", 6, "already in the register"),
        ("memberships", 8, "group_id F1 is not in the groups table (or was set aside)"),
        ("memberships", 9, "duplicate row; same as line 2"),
        ("schools", 4, "urn 9 is not in the schools of the register"),
        ("support", 3, "supporter_urn 9 is not in the schools table"),
    ]
    counts = both.counts
    assert (counts["read"] == counts["kept"] + counts["rejected"]).all()
    mine = counts[counts["file"].str.contains("our clusters")].set_index("table")
    assert mine.loc["schools", ["read", "kept", "rejected"]].tolist() == [3, 2, 1]
    assert mine.loc["groups", ["read", "kept", "rejected"]].tolist() == [4, 3, 1]
    assert mine.loc["memberships", ["read", "kept", "rejected"]].tolist() == [8, 4, 4]
    assert mine.loc["support", ["read", "kept", "rejected"]].tolist() == [2, 1, 1]
    G = schoolnet.build_network(both, as_of="2025-09-01")
    # Cliques: T1 {1, 2, 3}, F1 {3, 4}, C1 {1, 3}, C2 {4} (no tie); and the support link S1 from 1 to 4.
    assert sorted((min(u, v), max(u, v), k) for u, v, k in G.edges(keys=True)) == [
        (1, 2, "T1"), (1, 3, "C1"), (1, 3, "T1"), (1, 4, "S1"), (2, 3, "T1"), (3, 4, "F1")
    ]  # fmt: skip


def test_a_clash_with_tables_made_in_memory_says_so_in_words() -> None:
    base = schoolnet.Tables.from_frames(_register().schools.reset_index(), _register().groups.reset_index())
    groups = pd.DataFrame({"group_id": ["F1"], "kind": ["cluster"]})
    with pytest.warns(schoolnet.SetAsideWarning):
        both = base.combine({"groups": groups})
    assert both.rejected["reason"].tolist() == [
        "group_id F1 is already in the tables made in memory, with kind federation, not cluster"
    ]


def test_combine_changes_neither_input() -> None:
    base, other = _register(), _clusters()
    before = {name: frame.copy() for name, frame in other.items()}
    with pytest.warns(schoolnet.SetAsideWarning):
        base.combine(other)
    assert len(base.groups) == 2 and len(base.memberships) == 4 and base.rejected.empty
    for name, frame in other.items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_combine_names_every_value_that_differs_and_warns_only_when_something_is_set_aside() -> None:
    base = _register()
    groups = pd.DataFrame({"group_id": ["T1", "F1"], "kind": ["trust", "trust"], "name": ["Oak Trust", "Ash Trust"]})
    with pytest.warns(schoolnet.SetAsideWarning, match="groups: 1 row"):
        both = base.combine({"groups": groups}, source="ours")
    assert both.rejected["reason"].tolist() == [
        "group_id F1 is already in the register, with kind federation, not trust; name Ash Federation, not Ash Trust"
    ]
    # The register's own groups, given again exactly, are the same groups: nothing is set aside, nothing warns.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = base.combine({"groups": base.groups, "memberships": pd.DataFrame({"group_id": ["F1"], "urn": [1]})})
    assert again.rejected.empty
    assert sorted(again.groups.index) == ["F1", "T1"]
    assert _pairs(again.memberships) == [("F1", 1), ("F1", 3), ("F1", 4), ("T1", 1), ("T1", 2)]
    mine = again.counts[again.counts["file"].str.contains("your tables")].set_index("table")
    assert mine.loc["groups", ["read", "kept", "rejected"]].tolist() == [2, 2, 0]


def test_combine_gives_other_tables_none_of_the_bases_extra_counts() -> None:
    # read_gias adds a count of rows not selected; the analyst's files had none.
    base = _register()
    base = replace(base, counts=base.counts.assign(not_selected=[5, 0, 0, 0]))
    with pytest.warns(schoolnet.SetAsideWarning):
        both = base.combine(_clusters())
    assert both.counts["not_selected"].tolist() == [5, 0, 0, 0, 0, 0, 0, 0]
    assert both.counts["not_selected"].dtype == base.counts["not_selected"].dtype


def test_combine_with_loaded_tables_keeps_their_own_checks() -> None:
    frames = _clusters()
    with pytest.warns(schoolnet.SetAsideWarning):
        loaded = schoolnet.Tables.from_frames(*(frames[t] for t in ("schools", "groups", "memberships", "support")))
    # Made on their own, the spreadsheet's memberships of 4 and 2 (lines 5, 6) and S1 (to 4) were set aside, as 4
    # and 2 are not in its schools, and the repeated C1-1 (line 9): 4 rows. Combined: school 9, the group F1, the
    # memberships C1-9 and F1-1, and S2 (from 9): 5 more.
    assert len(loaded.rejected) == 4
    with pytest.warns(schoolnet.SetAsideWarning):
        both = _register().combine(loaded)
    assert _pairs(both.memberships) == [
        ("C1", 1), ("C1", 3), ("F1", 3), ("F1", 4), ("T1", 1), ("T1", 2), ("T1", 3)
    ]  # fmt: skip
    assert (both.counts["read"] == both.counts["kept"] + both.counts["rejected"]).all()
    assert len(both.rejected) == 4 + 5


@pytest.mark.parametrize("seed", range(5))
def test_a_school_with_every_word_is_found_as_a_search_of_every_school_finds_it(seed: int) -> None:
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{i}" for i in range(12)]
    words = [frozenset(rng.choice(vocabulary, size=rng.integers(0, 5), replace=False)) for _ in range(40 * seed)]
    index = _schools_with(words)
    for _ in range(200):
        wanted = frozenset(rng.choice(vocabulary, size=rng.integers(0, 4), replace=False))
        # The plain search: some school's words include all of them.
        assert _some_school_has(wanted, index, len(words)) == any(wanted <= other for other in words)
