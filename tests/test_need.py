from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import ParameterError


def test_default_need_is_a_weak_judgement_or_isolation(sample_network: nx.MultiGraph) -> None:
    need = schoolnet.in_need(sample_network)
    nodes = schoolnet.nodes_frame(sample_network)
    judged = nodes["ofsted"].isin(["requires improvement", "inadequate"])
    isolated = schoolnet.isolation(sample_network)["isolated"]
    assert need.tolist() == (judged | isolated).tolist()
    assert need.name == "in_need"
    assert judged.sum() < need.sum() < judged.sum() + isolated.sum()


def test_need_from_a_series_or_a_callable(sample_network: nx.MultiGraph) -> None:
    first = next(iter(sample_network))
    by_series = schoolnet.in_need(sample_network, pd.Series({first: True}))
    assert by_series.sum() == 1 and by_series[first]
    by_callable = schoolnet.in_need(sample_network, lambda s: s["phase"] == "secondary")
    assert by_callable.sum() == 37
    by_array = schoolnet.in_need(sample_network, lambda s: (s["pupils"] > 1000).to_numpy())
    assert by_array.sum() == (schoolnet.nodes_frame(sample_network)["pupils"] > 1000).sum()


def test_need_that_cannot_be_read(sample_network: nx.MultiGraph) -> None:
    with pytest.raises(ParameterError, match="boolean Series"):
        schoolnet.in_need(sample_network, pd.Series({1: "yes"}))
    with pytest.raises(ParameterError, match="none of its index"):
        schoolnet.in_need(sample_network, pd.Series({-5: True}))
    with pytest.raises(ParameterError, match="boolean array of length 395"):
        schoolnet.in_need(sample_network, lambda s: np.ones(3, dtype=bool))


def test_leaders_by_designation_kind_or_list() -> None:
    G = nx.MultiGraph()
    G.add_node(1, designations="NLE")
    G.add_node(2, designations="SLE")
    G.add_node(3, designations="teaching school; SLE")
    G.add_node(4, designations="")
    G.graph["memberships"] = pd.DataFrame(
        {"urn": [4, 2], "group_id": ["H", "H"], "kind": ["hub", "hub"], "lead": [True, False]}
    )
    assert schoolnet.system_leaders(G).tolist() == [1, 3]
    assert schoolnet.system_leaders(G, "hub").tolist() == [4]
    assert schoolnet.system_leaders(G, [3, 2]).tolist() == [2, 3]
    with pytest.raises(ParameterError, match="99 is not a school"):
        schoolnet.system_leaders(G, [99])
    with pytest.raises(ParameterError, match="not a group kind"):
        schoolnet.system_leaders(G, "heads")


def test_strong_schools(sample_network: nx.MultiGraph) -> None:
    nodes = schoolnet.nodes_frame(sample_network)
    assert schoolnet.strong(sample_network).sum() == nodes["ofsted"].isin(["good", "outstanding"]).sum()


def test_the_sample_as_its_readme_describes_it(sample_network: nx.MultiGraph) -> None:
    # data/README.md: Ofsted judged 19 schools inadequate, 259 good and 62 outstanding; of the 5 alliances, the
    # Kettleby one closed in 2021, so 4 are live on 2025-09-01.
    assert int(schoolnet.in_need(sample_network, lambda s: s["ofsted"] == "inadequate").sum()) == 19
    assert int(schoolnet.strong(sample_network).sum()) == 259 + 62
    assert len(schoolnet.system_leaders(sample_network, "alliance")) == 4
    # Every school with a teaching school hub, teaching school, NLE or LLE designation, read here from the text.
    designations = schoolnet.nodes_frame(sample_network)["designations"].fillna("")
    held = designations.map(lambda text: {d.strip() for d in text.split(";")})
    leading = held.map(lambda d: bool(d & {"teaching school hub", "teaching school", "NLE", "LLE"}))
    assert schoolnet.system_leaders(sample_network).tolist() == designations.index[leading].tolist()


def test_in_need_by_default_is_a_weak_judgement_or_no_tie() -> None:
    # 2 is inadequate; 3 has no tie at all, so it is isolated; 1 is good and tied to 2.
    G = nx.Graph([(1, 2)])
    G.add_nodes_from([(1, {"ofsted": "good"}), (2, {"ofsted": "inadequate"}), (3, {"ofsted": "outstanding"})])
    assert schoolnet.in_need(G).tolist() == [False, True, True]
