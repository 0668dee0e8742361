from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import ParameterError, SetAsideWarning

from .conftest import AS_OF

FELLSIDE = [910273, 910277, 910278, 910280, 910281]


def test_apply_support_links(sample_tables: schoolnet.Tables) -> None:
    pairs = pd.DataFrame({"supporter": [910024, 910045], "urn": [910273, 910277]})
    after = schoolnet.apply(sample_tables, pairs, start=AS_OF)
    assert len(after.support) == len(sample_tables.support) + 2
    proposed = after.support[after.support["proposed"]]
    assert proposed[["supporter_urn", "supported_urn"]].to_numpy().tolist() == [[910024, 910273], [910045, 910277]]
    assert (proposed["start"] == pd.Timestamp(AS_OF)).all()
    assert not after.support.loc[~after.support["proposed"], "support_id"].str.startswith("proposed").any()
    assert len(sample_tables.support) == 51  # unchanged
    G = schoolnet.build_network(after, as_of=AS_OF)
    assert G.has_edge(910024, 910273, key="proposed:910024>910273")
    assert not schoolnet.build_network(after, as_of="2025-08-31").has_edge(910024, 910273)


def test_apply_an_assignment(sample_tables: schoolnet.Tables, sample_network: nx.MultiGraph) -> None:
    result = schoolnet.assign_supporters(sample_network, max_km=5)
    after = schoolnet.apply(sample_tables, result, start=AS_OF)
    assert int(after.support["proposed"].sum()) == len(result.pairs)


def test_apply_a_partnership(sample_tables: schoolnet.Tables) -> None:
    cluster = pd.DataFrame({"group_id": "NEW", "kind": "cluster", "name": "Fellside villages", "urn": FELLSIDE})
    after = schoolnet.apply(sample_tables, cluster, start=AS_OF)
    assert after.groups.loc["NEW", "kind"] == "cluster" and bool(after.groups.loc["NEW", "proposed"])
    assert sorted(after.memberships.loc[after.memberships["group_id"] == "NEW", "urn"]) == FELLSIDE
    clash = pd.DataFrame({"group_id": "CL01", "kind": "cluster", "urn": [910273]})
    with pytest.raises(ParameterError, match="'CL01' already exists"):
        schoolnet.apply(sample_tables, clash)
    with pytest.raises(ParameterError, match="expected columns"):
        schoolnet.apply(sample_tables, pd.DataFrame({"school": [1]}))


def test_proposals_naming_unknown_schools_are_set_aside(sample_tables: schoolnet.Tables) -> None:
    with pytest.warns(SetAsideWarning):
        after = schoolnet.apply(sample_tables, pd.DataFrame({"supporter": [910024], "urn": [1]}), start=AS_OF)
    assert after.rejected["reason"].str.contains("supported_urn 1 is not in the schools table").any()


def test_compare_a_new_cluster(sample_tables: schoolnet.Tables) -> None:
    cluster = pd.DataFrame({"group_id": "NEW", "kind": "cluster", "urn": FELLSIDE})
    change = schoolnet.compare(sample_tables, schoolnet.apply(sample_tables, cluster, start=AS_OF), as_of=AS_OF)
    before = schoolnet.isolation(schoolnet.build_network(sample_tables, as_of=AS_OF))
    expected = [u for u in FELLSIDE if before.loc[u, "isolated"]]
    assert change.summary["no_longer_isolated"] == len(expected)
    assert sorted(change.isolation.index) == sorted(expected)
    assert not change.isolation["isolated_after"].any()
    # The five schools are the only ones whose ties change, each gaining the four others.
    assert sorted(change.centrality.index) == FELLSIDE
    assert (change.centrality["degree_change"] == 4).all()
    assert change.summary["newly_isolated"] == 0
    assert "What the proposals would change" in change._repr_html_()


def test_compare_a_round_of_support(sample_tables: schoolnet.Tables, sample_network: nx.MultiGraph) -> None:
    result = schoolnet.assign_supporters(sample_network)
    after = schoolnet.apply(sample_tables, result, start=AS_OF)
    change = schoolnet.compare(sample_network, schoolnet.build_network(after, as_of=AS_OF))
    coverage = change.coverage
    assert (coverage["covered_after"] >= coverage["covered_before"]).all()
    assert (
        coverage["change"].sum() == change.summary["in_need_covered_after"] - change.summary["in_need_covered_before"]
    )
    touched = set(result.pairs["urn"]) | set(result.pairs["supporter"])
    assert set(change.centrality.index) == touched
    # Support is not a peer partnership: it ends no school's isolation.
    assert change.summary["no_longer_isolated"] == 0
