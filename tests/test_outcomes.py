"""Results from the performance tables, and the committee's table of them."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.read.outcomes import outcomes_by_group, read_outcomes


def test_a_file_of_several_years_and_a_file_of_one(tmp_path: Path) -> None:
    several = tmp_path / "ks4_2013_2015.csv"
    several.write_text(
        "URN,schname,tpup13,tpup15,ac.gcse.all13,ac.gcse.all15,ac.gcse.all.3y,IDACI\n"
        "100001,Alder,120,130,0.55,SUPP,0.5,0.2\n"
        "100002,Birch,40,NE,LOW COV,0.61,0.6,0.3\n"
    )
    one = tmp_path / "england_ks4final2016.csv"
    one.write_text("URN,TPUP,ATT8SCR,P8MEA\n100001,131,48.2,x\n100002,45,NP,0.12\n")
    found = read_outcomes([several, one])
    # Several years: ac.gcse.all for 2013 and 2015 (the 3-year average and IDACI, with no year, are not results).
    # One year, 2016 from the file's name: ATT8SCR and P8MEA, with TPUP as the pupils.
    assert sorted(found.groupby(["measure", "year"]).size().items()) == [
        (("ATT8SCR", 2016), 2), (("P8MEA", 2016), 2), (("ac.gcse.all", 2013), 2), (("ac.gcse.all", 2015), 2)
    ]  # fmt: skip
    row = found.set_index(["urn", "measure", "year"])
    assert row.loc[(100001, "ac.gcse.all", 2013), "value"] == 0.55
    assert row.loc[(100001, "ac.gcse.all", 2013), "pupils"] == 120
    assert row.loc[(100001, "ATT8SCR", 2016), "pupils"] == 131
    # Suppressed cells are missing, with the reason; never zero.
    reasons = {
        (100001, "ac.gcse.all", 2015): "suppressed: too few pupils",
        (100002, "ac.gcse.all", 2013): "low coverage",
        (100001, "P8MEA", 2016): "not applicable",
        (100002, "ATT8SCR", 2016): "not published",
    }
    for key, reason in reasons.items():
        assert np.isnan(row.loc[key, "value"]) and row.loc[key, "missing"] == reason
    assert np.isnan(row.loc[(100002, "ac.gcse.all", 2015), "pupils"])  # "NE" pupils: no number
    assert (found.loc[found["value"].notna(), "missing"] == "").all()


def test_a_file_without_a_year_or_a_urn(tmp_path: Path) -> None:
    nameless = tmp_path / "results.csv"
    nameless.write_text("URN,P8MEA\n100001,0.1\n")
    with pytest.raises(schoolnet.ParameterError, match="pass year="):
        read_outcomes(nameless)
    assert read_outcomes(nameless, year=2016)["year"].tolist() == [2016]
    bad = tmp_path / "results2016.csv"
    bad.write_text("URN,P8MEA\n1000x1,0.1\n")
    with pytest.raises(schoolnet.SchemaError) as caught:
        read_outcomes(bad)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.value) == (2, "URN", "1000x1")


def test_schools_are_followed_to_todays_urn(tmp_path: Path) -> None:
    path = tmp_path / "results2016.csv"
    path.write_text("URN,P8MEA\n100001,0.1\n100002,0.2\n")
    history = pd.DataFrame({"current_urn": [140001]}, index=pd.Index([100001], name="urn"))
    assert sorted(read_outcomes(path, history=history)["urn"]) == [100002, 140001]


def test_results_of_schools_that_merged_are_set_aside_with_a_warning(tmp_path: Path) -> None:
    # 100001 and 100002 merged into 140001; 100003 converted to 140003. The file of 2015 has all three.
    path = tmp_path / "results.csv"
    path.write_text("URN,tpup15,ac.gcse.all15,tpup16,ac.gcse.all16\n100001,90,0.5,,\n100002,60,0.7,,\n100003,80,0.6,,\n"
                    "140001,,,150,0.62\n")  # fmt: skip
    history = pd.DataFrame(
        {"current_urn": [140001, 140001, 140003]}, index=pd.Index([100001, 100002, 100003], name="urn")
    )
    with pytest.warns(schoolnet.SetAsideWarning, match="5 results set aside: 1 schools of today"):
        found = read_outcomes(path, history=history)
    kept = found.dropna(subset=["value"])
    assert sorted(map(tuple, kept[["urn", "year"]].to_numpy().tolist())) == [(140001, 2016), (140003, 2015)]
    aside = found.attrs["set_aside"]
    # 2015: both had a result, so neither stands for today's school, and 140001's blank row goes too;
    # 2016: their blank rows beside 140001's result
    merged = "merged: more than one result of ac.gcse.all in 2015 for urn 140001 today"
    blank = "no result of ac.gcse.all in {} under this urn, one of several of urn 140001 today"
    assert sorted(zip(aside["urn_as_read"], aside["reason"], strict=True)) == [
        (100001, merged), (100001, blank.format(2016)), (100002, merged), (100002, blank.format(2016)),
        (140001, blank.format(2015)),
    ]  # fmt: skip
    # nothing is lost: 4 schools by 2 years are read, and each row is kept or set aside
    assert len(found) + len(aside) == 8


def _town() -> tuple[nx.MultiGraph, pd.DataFrame]:
    # Two schools of 100 pupils in a trust score 0.6 and 0.8; one of 200 pupils alone scores 0.5; a fourth school
    # has no published result; a fifth is in a trust of one, which is no partnership.
    G = nx.MultiGraph()
    G.add_nodes_from([1, 2, 3, 4, 5])
    G.graph["memberships"] = pd.DataFrame(
        {"urn": [1, 2, 4, 5], "group_id": ["T", "T", "T", "S"], "kind": ["trust"] * 4}
    )
    results = pd.DataFrame(
        {
            "urn": [1, 2, 3, 4, 5],
            "year": 2015,
            "measure": "pass",
            "value": [0.6, 0.8, 0.5, np.nan, 0.9],
            "pupils": [100, 100, 200, 50, 100],
            "missing": ["", "", "", "suppressed: too few pupils", ""],
        }
    )
    return G, results


def test_the_committees_table_by_hand() -> None:
    G, results = _town()
    table = outcomes_by_group(G, results, measure="pass", year=2015, kinds="trust")
    # all: (60 + 80 + 100 + 90) / 500 = 0.66; in a partnership (1, 2 and 4): (60 + 80) / 200 = 0.7, with 4 missing;
    # not in one (3, 5): (100 + 90) / 300 = 0.6333.
    assert table["schools"].tolist() == [4, 2, 2]
    assert table["pupils"].tolist() == [500, 200, 300]
    assert table["outcome"].tolist() == pytest.approx([0.66, 0.7, 190 / 300])
    assert table["missing"].tolist() == [1, 1, 0]
    assert (table["ci_low"] <= table["outcome"]).all() and (table["outcome"] <= table["ci_high"]).all()
    # Two schools resampled: the interval runs from all of 1 (0.6) to all of 2 (0.8).
    assert table.loc["in a partnership", ["ci_low", "ci_high"]].tolist() == pytest.approx([0.6, 0.8])
    again = outcomes_by_group(G, results, measure="pass", year=2015, kinds="trust")
    pd.testing.assert_frame_equal(table, again)


def test_the_interval_covers_a_known_mean() -> None:
    # 400 schools drawn around 0.5: the 95% interval of the mean must hold 0.5 in about 95 of 100 draws.
    rng = np.random.default_rng(3)
    G = nx.MultiGraph()
    G.add_nodes_from(range(400))
    G.graph["memberships"] = pd.DataFrame({"urn": [], "group_id": [], "kind": []})
    held = 0
    for _ in range(100):
        results = pd.DataFrame(
            {"urn": range(400), "year": 2015, "measure": "pass", "value": rng.normal(0.5, 0.1, 400), "pupils": 100,
             "missing": ""}
        )  # fmt: skip
        row = outcomes_by_group(G, results, measure="pass", year=2015, n_boot=400).loc["all"]
        held += row["ci_low"] <= 0.5 <= row["ci_high"]
    assert 88 <= held <= 100


def test_bad_arguments() -> None:
    G, results = _town()
    with pytest.raises(schoolnet.ParameterError, match="no such results"):
        outcomes_by_group(G, results, measure="pass", year=2014)
    with pytest.raises(schoolnet.ParameterError, match="level"):
        outcomes_by_group(G, results, measure="pass", year=2015, level=95)


@pytest.mark.national
def test_the_real_ks4_tables(real_data: Path) -> None:
    folder = real_data / "ks4-2013-2016"
    found = read_outcomes(
        [folder / "iso4all.csv.gz", folder / "england_ks4final2016.xlsx", folder / "prog8_2016.csv.gz"]
    )
    wide = pd.read_csv(folder / "iso4all.csv.gz", dtype=str)
    prog8 = pd.read_csv(folder / "prog8_2016.csv.gz", dtype=str, encoding="utf-8-sig")
    sizes = found.groupby(["measure", "year"]).size()
    assert sizes[("ac.gcse.all", 2013)] == sizes[("ac.gcse.all", 2015)] == len(wide)
    assert ("ac.gcse.all", 2014) not in sizes.index  # the extract has no 2014 column of it
    assert sizes[("P8MEA", 2016)] == len(prog8)
    # Values and pupils equal plain pandas, school by school.
    mine = found[(found["measure"] == "ac.gcse.all") & (found["year"] == 2015)].set_index("urn")
    plain = wide.set_index(wide["URN"].astype(int))
    assert np.allclose(mine["value"], plain.loc[mine.index, "ac.gcse.all15"].astype(float))
    assert np.allclose(mine["pupils"], plain.loc[mine.index, "tpup15"].astype(float))


def test_the_dfe_layout_with_totals_and_describing_columns(tmp_path: Path) -> None:
    # The layout of england_ks2final: a school per row (RECTYPE 1, 2), then the local authority's and England's
    # totals (RECTYPE 4, 5) with no URN; names, addresses and types beside the measures.
    path = tmp_path / "england_ks2final2019.csv"
    path.write_text(
        "RECTYPE,ALPHAIND,LEA,ESTAB,URN,SCHNAME,TOWN,PCODE,NFTYPE,AGERANGE,TELIG,PTRWM_EXP,READPROG,PCON_NAME\n"
        "1,Alder,888,2001,119001,Alder Primary,Wexford,WX1 1AA,CY,4-11,30,65%,0.4,Wexmoor North\n"
        "2,Beech,888,7001,119002,Beech School,Wexford,WX1 1AB,CYS,7-11,8,SUPP,SUPP,Wexmoor North\n"
        "4,,888,,,,,,,,4000,64%,0.1,\n"
        "5,,,,,,,,,,650000,65%,0.0,\n",
        encoding="utf-8",
    )
    found = read_outcomes(path)
    assert sorted(found["measure"].unique()) == ["PTRWM_EXP", "READPROG"]  # no names, towns or types
    alder = found[(found["urn"] == 119001) & (found["measure"] == "PTRWM_EXP")].iloc[0]
    assert (alder["year"], alder["value"], alder["pupils"]) == (2019, 65.0, 30.0)
    beech = found[found["urn"] == 119002]
    assert beech["value"].isna().all() and set(beech["missing"]) == {"suppressed: too few pupils"}
    aside = found.attrs["set_aside"]
    assert aside[["line", "reason"]].to_numpy().tolist() == [
        [4, "a total, not a school: RECTYPE 4"],
        [5, "a total, not a school: RECTYPE 5"],
    ]
    # the school rows read are those returned, each with one row per measure; the totals are set aside
    assert found["urn"].nunique() + len(aside) == 4


def test_a_blank_urn_without_a_record_type_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "results2019.csv"
    path.write_text("URN,PTRWM_EXP\n119001,65%\n,64%\n", encoding="utf-8")
    with pytest.raises(schoolnet.SchemaError, match=r"line 3, column 'URN'.*a whole number"):
        read_outcomes(path)


@pytest.mark.national
def test_the_real_tables_of_2017_to_2019_with_the_year_after_a_comma(real_data: Path) -> None:
    path = real_data / "ks4-2017-2019" / "ks4_2017_2019.csv.gz"
    found = read_outcomes(path)
    plain = pd.read_csv(path)
    plain = plain.set_index(plain["URN"].astype(int))
    # every school, every year of Attainment 8; values, pupils and what is missing equal plain pandas
    for year in (2017, 2018, 2019):
        mine = found[(found["measure"] == "Attainment 8") & (found["year"] == year)].set_index("urn")
        assert len(mine) == len(plain) == 3295
        theirs = plain.loc[mine.index, f"Attainment 8, {year}"]
        assert mine["value"].notna().sum() == theirs.notna().sum()
        assert np.allclose(mine["value"].dropna(), theirs.dropna())
        assert np.allclose(mine["pupils"].fillna(-1), plain.loc[mine.index, f"KS4 pupils, {year}"].fillna(-1))
    # the count the provenance gives: 3,179 schools with Attainment 8 in 2019
    assert found.query("measure == 'Attainment 8' and year == 2019")["value"].notna().sum() == 3179
    disadvantaged = found.query("measure == 'KS4 PP pupils, %' and year == 2019").set_index("urn")["value"]
    assert np.allclose(disadvantaged.dropna(), plain.loc[disadvantaged.dropna().index, "KS4 PP pupils, 2019, %"])
    assert not found["measure"].isin(["School name", "DfE number", "Easting"]).any()


@pytest.mark.national
def test_the_real_tidy_file_of_2023_24(real_data: Path) -> None:
    path = real_data / "ks4-2024" / "ks4_school_info_2023_24.csv.gz"
    found = read_outcomes(path)
    plain = pd.read_csv(path, dtype=str)
    assert set(found["year"]) == {2024}
    mine = found[found["measure"] == "diffn_att8"].set_index("urn")
    assert len(mine) == len(plain) == 5709
    codes = plain.set_index(plain["school_urn"].astype(int)).loc[mine.index, "diffn_att8"]
    numbers = pd.to_numeric(codes, errors="coerce")
    # each "z" and "c" missing with its reason, never zero; numbers equal plain pandas
    assert (mine["missing"] == "not applicable").sum() == (codes == "z").sum()
    assert (mine["missing"] == "confidential: suppressed").sum() == (codes == "c").sum()
    assert mine["value"].notna().sum() == numbers.notna().sum()
    assert np.allclose(mine["value"].dropna(), numbers.dropna())
    pupils = pd.to_numeric(plain.set_index(plain["school_urn"].astype(int))["t_pupils"], errors="coerce")
    assert np.allclose(mine["pupils"].fillna(-1), pupils.loc[mine.index].fillna(-1))
    assert not found["measure"].isin(["school_laestab", "p8_banding", "contflag", "time_period"]).any()


def test_a_tidy_file_with_a_bad_period_or_a_total(tmp_path: Path) -> None:
    path = tmp_path / "ks4.csv"
    path.write_text(
        "time_period,geographic_level,school_urn,t_pupils,diffn_att8\n"
        "202324,School,100001,120,2.5\n"
        "202324,School,100002,z,c\n"
        "202324,National,,500000,0\n"
        "202223,School,100001,110,1.5\n"
    )
    found = read_outcomes(path)
    # two periods: 202223 is the summer of 2023
    att8 = found[found["measure"] == "diffn_att8"]
    assert att8[["urn", "year"]].to_numpy().tolist() == [[100001, 2023], [100001, 2024], [100002, 2024]]
    assert att8["value"].tolist()[:2] == [1.5, 2.5] and att8["pupils"].tolist()[:2] == [110, 120]
    assert found.set_index(["urn", "year"]).loc[(100002, 2024), "missing"] == "confidential: suppressed"
    assert found.attrs["set_aside"]["reason"].tolist() == ["a total, not a school: geographic_level National"]
    path.write_text("time_period,school_urn,diffn_att8\n2023/24,100001,2.5\n")
    with pytest.raises(schoolnet.SchemaError, match="time_period"):
        read_outcomes(path)
