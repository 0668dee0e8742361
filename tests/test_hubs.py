"""Teaching school hubs: regions, lead schools and districts matched to a register's schools."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import schoolnet
from schoolnet.read.hubs import HubsWarning, read_hubs


@pytest.fixture(scope="module")
def register() -> schoolnet.Tables:
    # Districts as the register writes them, in three authorities, one of which has since been reorganised.
    schools = pd.DataFrame(
        {
            "urn": [1, 2, 3, 4, 5, 6, 7, 8],
            "name": list("ABCDEFGH"),
            "la": ["Bristol, City of"] * 2 + ["Birmingham"] * 2 + ["Cumbria"] * 3 + ["Rutland"],
            "district": ["Bristol, City of"] * 2 + ["Birmingham"] * 2 + ["Allerdale", "Carlisle", "Eden", "Rutland"],
        }
    )
    return schoolnet.Tables.from_frames(schools)


def test_each_way_of_matching_a_district(register: schoolnet.Tables) -> None:
    leads = pd.DataFrame({"region_code": ["SW9", "WM9", "WM10", "NW11", "EM9"], "lead_urn": [1, 3, 4, 5, 8]})
    served = pd.DataFrame(
        {
            "region_code": ["SW9", "WM9", "WM10", "NW11", "EM9", "EM9"],
            "district": ["Bristol", "Birmingham North", "Birmingham S.", "Cumberland", "Rutland", "Atlantis"],
        }
    )
    with pytest.warns(HubsWarning, match=r"1 districts match no district or authority of the register: 'Atlantis'"):
        hubs = read_hubs(leads, served, register)
    assert hubs.districts["matched_as"].tolist() == ["spelling", "part", "part", "successor", "exact", "unmatched"]
    # Cumberland was made in 2023 from Allerdale, Carlisle and Copeland: Eden went to Westmorland and Furness.
    assert hubs.districts["register_districts"].tolist()[3] == "Allerdale; Carlisle"
    assert hubs.districts["schools"].tolist() == [2, 2, 2, 2, 1, 0]
    members = hubs.tables.memberships
    by_hub = members.groupby("group_id")["urn"].apply(sorted).to_dict()
    # Both halves of Birmingham serve all of it; the lead is a member of its own hub.
    assert by_hub == {"HUB:EM9": [8], "HUB:NW11": [5, 6], "HUB:SW9": [1, 2], "HUB:WM10": [3, 4], "HUB:WM9": [3, 4]}
    assert members.loc[members["role"] == "lead", "urn"].tolist() == [8, 5, 1, 4, 3]


def test_hubs_build_into_stars_from_their_leads(register: schoolnet.Tables) -> None:
    leads = pd.DataFrame({"region_code": ["NW11"], "lead_urn": [5]})
    served = pd.DataFrame({"region_code": ["NW11", "NW11"], "district": ["Cumberland", "Westmorland and Furness"]})
    hubs = read_hubs(leads, served, register)
    G = schoolnet.build_network(hubs.tables, as_of="2025-09-01")
    # Allerdale (5), Carlisle (6) and Eden (7): a star of two ties from the lead, not a triangle.
    assert sorted(tuple(sorted(e)) for e in G.edges()) == [(5, 6), (5, 7)]
    assert {k for _, _, k in G.edges(data="kind")} == {"hub"}


def test_a_lead_school_under_an_earlier_urn_is_found_through_the_history(register: schoolnet.Tables) -> None:
    leads = pd.DataFrame({"region_code": ["SW9", "WM9"], "lead_urn": [140001, 999999]})
    served = pd.DataFrame({"region_code": ["SW9", "WM9"], "district": ["Bristol", "Birmingham"]})
    history = pd.DataFrame({"current_urn": [140001]}, index=pd.Index([2], name="urn"))
    with pytest.warns(HubsWarning, match=r"1 lead schools are not in the register.*999999 \(WM9\)"):
        hubs = read_hubs(leads, served, register, history=history)
    assert hubs.leads["matched_as"].tolist() == ["predecessor", "unmatched"]
    assert hubs.leads["register_urn"].tolist()[0] == 2
    assert hubs.tables.groups.loc["HUB:SW9", "lead_urn"] == 2
    assert pd.isna(hubs.tables.groups.loc["HUB:WM9", "lead_urn"])


def test_a_reorganised_authority_serves_the_schools_still_listed_under_its_old_districts() -> None:
    # A register of 2024: two schools under the new authority Cumberland, one still under "Pre-LGR 2023 Cumbria" in
    # its old district Allerdale (one of Cumberland's), and one in Eden (Westmorland and Furness's).
    schools = pd.DataFrame(
        {
            "urn": [1, 2, 3, 4],
            "name": list("ABCD"),
            "la": ["Cumberland", "Cumberland", "Pre-LGR 2023 Cumbria", "Pre-LGR 2023 Cumbria"],
            "district": ["Cumberland", "Cumberland", "Allerdale", "Eden"],
        }
    )
    leads = pd.DataFrame({"region_code": ["NW11"], "lead_urn": [1]})
    served = pd.DataFrame({"region_code": ["NW11"], "district": ["Cumberland"]})
    hubs = read_hubs(leads, served, schoolnet.Tables.from_frames(schools))
    # Cumberland is a district of the register (1, 2), and Allerdale was one of its districts (3): 3 schools, not 4.
    assert hubs.districts[["matched_as", "register_districts", "schools"]].to_numpy().tolist() == [
        ["exact", "Cumberland; Allerdale", 3]
    ]
    assert sorted(hubs.tables.memberships["urn"]) == [1, 2, 3]


def test_a_lead_urn_that_is_no_number_and_a_missing_file_are_named(tmp_path: Path) -> None:
    served = pd.DataFrame({"region_code": ["A", "B"], "district": ["Rutland", "Rutland"]})
    register = schoolnet.load_sample()
    with pytest.raises(schoolnet.SchemaError) as caught:
        read_hubs(pd.DataFrame({"region_code": ["A", "B"], "lead_urn": ["abc", None]}), served, register)
    # The first data row is line 2 of the file: 'abc' on line 2, the blank on line 3.
    assert [(p.line, p.column, p.value) for p in caught.value.problems] == [
        (2, "lead_urn", "abc"),
        (3, "lead_urn", pd.NA),
    ]
    with pytest.raises(schoolnet.SchoolnetError, match="no such file"):
        read_hubs(tmp_path / "hub_lead_schools.csv", served, register)
    with pytest.raises(schoolnet.SchoolnetError, match="no such file"):
        schoolnet.read_ofsted(tmp_path / "ofsted.csv")


def test_missing_columns_are_named() -> None:
    with pytest.raises(schoolnet.SchemaError, match="region_code"):
        read_hubs(pd.DataFrame({"lead_urn": [1]}), pd.DataFrame(), schoolnet.load_sample())


@pytest.mark.national
def test_englands_hubs_on_the_real_register(real_data: Path, real_register: schoolnet.Tables) -> None:
    register = real_register
    links = schoolnet.read_urn_links(real_data / "gias-links-2025-07" / "links_edubasealldata.csv.gz")
    history = schoolnet.urn_history(links, schools=register.schools)
    folder = real_data / "teaching-school-hubs"
    with pytest.warns(HubsWarning):
        hubs = read_hubs(
            folder / "hub_lead_schools.csv", folder / "hub_region_districts.csv", register, history=history
        )
    districts = hubs.districts
    assert len(districts) == 302 and len(hubs.leads) == 87
    # 287 of the 302 names are the register's own (the PROVENANCE says so); none is left unmatched.
    assert (districts["matched_as"] == "exact").sum() == 287
    assert (districts["matched_as"] == "unmatched").sum() == 0
    # 80 of the 87 lead URNs are in the extract; two more are found under a predecessor's URN.
    assert hubs.leads["matched_as"].value_counts().to_dict() == {"exact": 80, "unmatched": 5, "predecessor": 2}
    # The Three Rivers hub (NE1, Northumberland) names URN 149328, which the links file makes the successor of
    # King Edward VI High School in Staffordshire (124445): the same name, 234 km from the region. It is the only
    # lead so far from its region.
    far = hubs.leads[hubs.leads["km_to_region"] > 50]
    assert far["region_code"].tolist() == ["NE1"] and far["lead_la"].tolist() == ["Staffordshire"]
    served = hubs.tables.memberships["urn"].nunique()
    assert served / len(register.schools) > 0.99


def test_each_school_is_served_by_its_hub_at_a_distance_from_the_lead() -> None:
    # The lead at (0, 0); school 2 is 3 km east and 4 km north of it (5 km); school 3 has no coordinates.
    schools = pd.DataFrame(
        {
            "urn": [1, 2, 3],
            "name": ["Lead", "Far", "Nowhere"],
            "district": ["Rutland"] * 3,
            "easting": [300_000, 303_000, None],
            "northing": [200_000, 204_000, None],
        }
    )
    hubs = read_hubs(
        pd.DataFrame({"region_code": ["EM9"], "lead_urn": [1], "hub_name": ["East"]}),
        pd.DataFrame({"region_code": ["EM9"], "district": ["Rutland"]}),
        schoolnet.Tables.from_frames(schools),
    )
    served = hubs.served()
    assert served.index.tolist() == [2, 1, 3]
    assert served["km"].tolist()[:2] == [5.0, 0.0] and pd.isna(served.loc[3, "km"])
    assert set(served["hub"]) == {"East (EM9)"} and set(served["lead_name"]) == {"Lead"}


def test_a_lead_far_from_its_region_is_warned_of() -> None:
    # Region A serves Rutland; its lead (3) is a school of the same kind 120 km away in another authority.
    schools = pd.DataFrame(
        {
            "urn": [1, 2, 3],
            "name": ["One", "Two", "Far Lead"],
            "la": ["Rutland", "Rutland", "Elsewhere"],
            "district": ["Rutland", "Rutland", "Elsewhere"],
            "easting": [300_000, 301_000, 300_000],
            "northing": [300_000, 300_000, 420_000],
        }
    )
    leads = pd.DataFrame({"region_code": ["A", "B"], "lead_urn": [3, 2]})
    served = pd.DataFrame({"region_code": ["A", "B"], "district": ["Rutland", "Rutland"]})
    with pytest.warns(HubsWarning, match=r"1 lead schools are more than 50 km .*3 \(A, in Elsewhere, 120 km\)"):
        hubs = read_hubs(leads, served, schoolnet.Tables.from_frames(schools))
    assert hubs.leads["in_region"].tolist() == [False, True]
    assert hubs.leads["km_to_region"].tolist() == [120.0, 0.0]
