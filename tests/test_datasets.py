from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist

import schoolnet
from schoolnet.datasets import SAMPLE_FOLDER, sample_county, synthetic, write_sample
from schoolnet.tables.schema import EDGE_KINDS, PHASES, designation_sets

from .conftest import AS_OF

FILES = ("schools.csv", "groups.csv", "memberships.csv", "support.csv")


def test_the_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    first = write_sample(tmp_path / "a")
    second = write_sample(tmp_path / "b")
    for name in FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_the_committed_sample_is_the_generators_output(tmp_path: Path) -> None:
    fresh = write_sample(tmp_path)
    for name in FILES:
        assert (SAMPLE_FOLDER / name).read_bytes() == (fresh / name).read_bytes(), f"data/{name} is out of date"


def test_another_seed_gives_another_county() -> None:
    a = sample_county(1)["schools"]
    b = sample_county(2)["schools"]
    assert not a[["easting", "northing"]].equals(b[["easting", "northing"]])


def test_load_sample_reads_the_same_tables_as_the_files(sample_tables: schoolnet.Tables) -> None:
    from_files = schoolnet.read_tables(SAMPLE_FOLDER)
    for name in ("schools", "groups", "memberships", "support"):
        pd.testing.assert_frame_equal(getattr(sample_tables, name), getattr(from_files, name), check_dtype=False)


def test_the_sample_is_a_realistic_county(sample_tables: schoolnet.Tables) -> None:
    schools = sample_tables.schools
    assert 300 <= len(schools) <= 600
    assert schools["district"].nunique() >= 4
    assert {"nursery", "primary", "secondary", "special", "alternative provision"} <= set(schools["phase"])
    assert set(schools["phase"]) <= set(PHASES)
    assert schools[["easting", "northing", "pupils", "fsm_pct"]].notna().all().all()
    assert set(schools["ofsted"]) == {"outstanding", "good", "requires improvement", "inadequate", "none"}
    held = set().union(*designation_sets(schools["designations"]))
    assert {"teaching school", "teaching school hub", "NLE", "LLE"} <= held


def test_the_sample_has_every_kind_of_tie_and_an_ended_partnership(sample_network) -> None:
    kinds = {kind for *_, kind in sample_network.edges(data="kind")}
    assert {"cluster", "alliance", "hub", "trust", "federation", "support"} <= kinds
    assert kinds <= set(EDGE_KINDS)
    ended = sample_network.graph["ended"]
    assert {"cluster", "alliance", "federation", "support"} <= set(ended["kind"])
    assert (ended["end"] < pd.Timestamp(AS_OF)).all()


def test_the_sample_is_imperfect_on_purpose(sample_tables: schoolnet.Tables, sample_network) -> None:
    schools = sample_tables.schools
    in_cluster = set(sample_network.graph["memberships"].query("kind == 'cluster'")["urn"])
    assert (~schools.index.isin(list(in_cluster))).sum() >= 10

    # Schools in need more than 10 km from every system leader, measured directly.
    held = designation_sets(schools["designations"])
    leader = held.map(lambda d: bool(d & {"teaching school", "teaching school hub", "NLE", "LLE"}))
    need = schools["ofsted"].isin(["requires improvement", "inadequate"])
    xy = schools[["easting", "northing"]].to_numpy()
    nearest_km = cdist(xy[need.to_numpy()], xy[leader.to_numpy()]).min(axis=1) / 1000
    assert (nearest_km > 10).sum() >= 5

    # A trust with academies in every district.
    trusts = sample_tables.memberships.merge(sample_tables.groups, left_on="group_id", right_index=True)
    trusts = trusts[trusts["kind"] == "trust"].join(schools["district"], on="urn")
    spread = trusts.groupby("group_id")["district"].nunique()
    assert spread.max() == schools["district"].nunique()


def test_the_sample_names_no_real_school(sample_tables: schoolnet.Tables, real_data: Path) -> None:
    with gzip.open(real_data / "gias-establishments-2024-06" / "establishments_20240617.csv.gz", "rt") as f:
        register = pd.read_csv(f, usecols=["name"])["name"]
    real = set(register.str.lower().str.strip())
    assert len(real) > 40_000
    ours = sample_tables.schools["name"].str.lower()
    assert not ours[ours.isin(real)].tolist()
    assert sample_tables.schools["name"].is_unique


@pytest.fixture(scope="module")
def national_groups(national_tables: schoolnet.Tables) -> pd.DataFrame:
    m = national_tables.memberships.merge(national_tables.groups, left_on="group_id", right_index=True)
    return m.groupby(["kind", "group_id"]).size().rename("size").reset_index()


@pytest.mark.national
def test_synthetic_groups_have_realistic_sizes(
    national_tables: schoolnet.Tables, national_groups: pd.DataFrame
) -> None:
    assert len(national_tables.schools) == 22_000
    sizes = {kind: frame["size"] for kind, frame in national_groups.groupby("kind")}
    assert 4 <= sizes["trust"].median() <= 6
    assert (sizes["trust"] >= 50).sum() >= 1 and sizes["trust"].max() <= 100
    assert sizes["cluster"].between(8, 15).all()
    assert sizes["federation"].between(2, 4).all()
    assert 80 <= len(sizes["hub"]) <= 100
    assert sizes["hub"].between(201, 301).all()  # 200 to 300 schools reached, and the lead
    assert 1_000 <= len(national_tables.support) <= 5_000
    assert len(national_tables.rejected) == 0


def test_synthetic_is_deterministic_for_a_seed() -> None:
    a, b, c = synthetic(1_000, seed=3), synthetic(1_000, seed=3), synthetic(1_000, seed=4)
    pd.testing.assert_frame_equal(a.schools, b.schools)
    pd.testing.assert_frame_equal(a.memberships, b.memberships)
    assert not np.array_equal(a.schools["easting"].to_numpy(), c.schools["easting"].to_numpy())


def test_synthetic_refuses_too_few_schools() -> None:
    with pytest.raises(schoolnet.ParameterError, match="n_schools=10"):
        synthetic(10)


def test_the_panel_plants_effects_that_vary_with_prior_attainment_and_a_bend() -> None:
    plain_schools, plain = schoolnet.datasets.outcomes_panel(200, effect=0.03, seed=4)
    schools, outcomes = schoolnet.datasets.outcomes_panel(200, effect=0.03, effect_slope=0.02, curvature=0.01, seed=4)
    # the same draws: the standard score of prior attainment is (ks2aps - 27) / 1.5
    z = (schools["ks2aps"] - 27) / 1.5
    assert np.allclose(schools["effect"], 0.03 + 0.02 * z)
    assert np.allclose(plain_schools["effect"], 0.03)
    # in the third year (2015, two after the first) the result differs from the plain panel's by the bend,
    # 0.01 (z^2 - 1) (2 + 1), and, for a school that had joined, by 0.02 z more effect
    year = 2015
    a = outcomes[outcomes["year"] == year].set_index("urn")["value"]
    b = plain[plain["year"] == year].set_index("urn")["value"]
    joined = schools["joined"].le(year).fillna(False).astype(bool)
    expected = 0.01 * (z**2 - 1) * 3 + 0.02 * z * joined
    assert np.allclose(a - b, expected)
