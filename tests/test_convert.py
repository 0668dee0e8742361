"""Tests of turning a network into two tables and back."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import ParameterError
from schoolnet.network.convert import from_frames, to_frames


def without_blanks(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def edge_map(G: nx.MultiGraph) -> dict[tuple[frozenset[Any], Any], dict[str, Any]]:
    return {(frozenset((u, v)), k): without_blanks(d) for u, v, k, d in G.edges(keys=True, data=True)}


def test_the_sample_network_comes_back_whole(sample_network: nx.MultiGraph) -> None:
    nodes, ties = to_frames(sample_network)
    assert len(nodes) == sample_network.number_of_nodes() and len(ties) == sample_network.number_of_edges()
    back = from_frames(nodes, ties)
    assert type(back) is nx.MultiGraph
    assert list(back.nodes) == list(sample_network.nodes)
    assert dict(back.nodes(data=True)) == dict(sample_network.nodes(data=True))
    assert edge_map(back) == edge_map(sample_network)
    kept = {k: v for k, v in sample_network.graph.items() if k not in ("memberships", "ended")}
    assert back.graph == kept
    assert nodes.attrs["graph"]["kinds"] == sample_network.graph["kinds"]


def test_the_register_network_keeps_dates_blanks_and_whole_numbers() -> None:
    from .test_cli import GIAS

    with pytest.warns(schoolnet.SetAsideWarning):
        tables = schoolnet.read_gias(GIAS / "edubasealldata20240901.csv", links=GIAS / "alllinksdata20240901.csv")
    G = schoolnet.build_network(tables, as_of="2024-09-01")
    back = from_frames(*to_frames(G))
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert edge_map(back) == edge_map(G)
    for node, data in G.nodes(data=True):
        assert {k: type(v) for k, v in back.nodes[node].items()} == {k: type(v) for k, v in data.items()}


def test_a_plain_graph_with_uneven_attributes() -> None:
    G = nx.DiGraph(name="hand-made")
    G.add_node("a", pupils=120, flag=True)
    G.add_node("b", pupils=None)
    G.add_node("c")
    G.add_edge("a", "b", weight=2.5)
    G.add_edge("b", "c")
    nodes, ties = to_frames(G)
    assert list(nodes.columns) == ["pupils", "flag"]  # the schools schema's other columns are left out
    assert str(nodes["pupils"].dtype) == "Int64"
    back = from_frames(nodes, ties)
    assert type(back) is nx.DiGraph and back.graph == {"name": "hand-made"}
    assert back.nodes["a"] == {"pupils": 120, "flag": True} and type(back.nodes["a"]["pupils"]) is int
    assert back.nodes["b"] == {"pupils": None, "flag": None}
    assert back.nodes["c"] == {"pupils": None, "flag": None}
    assert list(back.edges(data=True)) == [("a", "b", {"weight": 2.5}), ("b", "c", {"weight": None})]


def test_frames_without_attrs_make_a_graph_or_a_multigraph_by_their_columns() -> None:
    nodes = pd.DataFrame({"name": ["A", "B"]}, index=[1, 2])
    simple = from_frames(nodes, pd.DataFrame({"u": [1], "v": [2]}))
    multi = from_frames(nodes, pd.DataFrame({"u": [1, 1], "v": [2, 2], "key": ["C1", "T1"], "kind": ["c", "t"]}))
    assert type(simple) is nx.Graph and simple.number_of_edges() == 1
    assert type(multi) is nx.MultiGraph and sorted(k for *_, k in multi.edges(keys=True)) == ["C1", "T1"]


@pytest.mark.parametrize(
    ("nodes", "ties", "message"),
    [
        (pd.DataFrame(index=[1, 2]), pd.DataFrame({"u": [1]}), "ties has no column 'v'"),
        (pd.DataFrame(index=[1, 1]), pd.DataFrame({"u": [1], "v": [1]}), r"\[1\] appear more than once"),
        (pd.DataFrame(index=[1, 2]), pd.DataFrame({"u": [1], "v": [3]}), r"not in nodes: \[3\]"),
    ],
)
def test_bad_frames(nodes: pd.DataFrame, ties: pd.DataFrame, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        from_frames(nodes, ties)
