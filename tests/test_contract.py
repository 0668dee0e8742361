"""validate_network: what the measures assume of a network, each problem on a tiny hand-made graph."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import NetworkError
from schoolnet.network.contract import MEMBERSHIP_COLUMNS, validate_network


def _problems(G: nx.Graph) -> list[str]:
    with pytest.raises(NetworkError) as caught:
        validate_network(G)
    return caught.value.problems


def test_the_sample_network_is_valid_on_a_date_and_over_all_time(sample_tables) -> None:
    for as_of in ("2025-09-01", "all"):
        G = schoolnet.build_network(sample_tables, as_of=as_of)
        assert validate_network(G) is G


def test_a_plain_graph_without_attributes_is_valid() -> None:
    G = nx.path_graph(4)
    assert validate_network(G) is G


def test_directed_ties_are_refused() -> None:
    [problem] = _problems(nx.DiGraph([(1, 2)]))
    assert "DiGraph" in problem and "undirected" in problem


def test_every_problem_of_the_ties_is_listed_at_once() -> None:
    G = nx.MultiGraph()
    G.add_edge(1, 2, kind="cluster")  # fine
    G.add_edge(2, 3, kind="friendship")  # unknown kind, no weight
    G.add_edge(3, 4, kind="friendship", weight=1.5)  # unknown kind with its own weight: fine
    G.add_edge(4, 4, kind="trust")  # a school tied to itself
    G.add_edge(1, 3, kind="trust", weight=float("nan"))
    G.add_edge(1, 4, kind=7)
    G.add_edge(2, 4, kind="support", since="2024-09-01", until="2023-08-31")
    G.add_edge(3, 1, kind="support", since="not a date")
    problems = _problems(G)
    assert len(problems) == 6
    assert any(p.startswith("tie 2-3: kind 'friendship'") for p in problems)
    assert not any(p.startswith("tie 3-4") for p in problems)
    assert any(p.startswith("tie 4-4: the school is tied to itself") for p in problems)
    assert any(p.startswith("tie 1-3: weight nan") for p in problems)
    assert any(p.startswith("tie 1-4: kind 7") for p in problems)
    assert any(p.startswith("tie 2-4: until '2023-08-31' is before since '2024-09-01'") for p in problems)
    assert any(p.startswith("tie 1-3: since 'not a date'") for p in problems)


def test_missing_dates_are_no_dates_and_a_time_zone_is_refused_not_a_type_error() -> None:
    G = nx.MultiGraph()
    # None, NaN and NaT all say "no date": the measures read each as a tie with no start or no end.
    G.add_edge(1, 2, kind="cluster", since=None, until=float("nan"))
    G.add_edge(1, 3, kind="cluster", since=pd.NaT, until=pd.Timestamp("2025-08-31"))
    assert validate_network(G) is G
    # A start with a time zone and an end without: comparing them would raise a TypeError; the measures compare dates
    # with dates of no time zone, so the zone is the problem, named.
    G.add_edge(2, 3, kind="cluster", since=pd.Timestamp("2024-09-01", tz="Europe/London"), until="2025-08-31")
    [problem] = _problems(G)
    assert problem.startswith(
        "tie 2-3: since Timestamp('2024-09-01 00:00:00+0100', tz='Europe/London') has a time zone"
    )


def _memberships(**changes: list[object]) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "urn": [1, 2],
            "group_id": ["C1", "C1"],
            "kind": ["cluster", "cluster"],
            "lead": [True, False],
            "start": pd.to_datetime(["2020-09-01", "2020-09-01"]),
            "end": pd.to_datetime([None, None]),
        }
    )
    for column, values in changes.items():
        table[column] = values
    return table


def test_memberships_are_checked_against_the_network() -> None:
    G = nx.MultiGraph([(1, 2)])
    G.graph["memberships"] = _memberships()
    assert validate_network(G) is G

    G.graph["memberships"] = _memberships(urn=[1, 99], kind=["cluster", "gang"])
    problems = _problems(G)
    assert problems == [
        "G.graph[\"memberships\"], row 1, column 'urn': value 99; expected a school of the network",
        "G.graph[\"memberships\"], row 1, column 'kind': value 'gang'; expected a kind of group: "
        + ", ".join(schoolnet.tables.schema.GROUP_KINDS),
    ]

    G.graph["memberships"] = _memberships(end=pd.to_datetime(["2019-08-31", None]))
    [problem] = _problems(G)
    assert problem.startswith('G.graph["memberships"], row 0: start') and "expected start <= end" in problem


def test_memberships_need_their_columns() -> None:
    G = nx.MultiGraph([(1, 2)])
    G.graph["memberships"] = _memberships().drop(columns=["lead", "end"])
    [problem] = _problems(G)
    assert "'lead', 'end'" in problem and ", ".join(MEMBERSHIP_COLUMNS) in problem
    G.graph["memberships"] = [(1, "C1")]
    [problem] = _problems(G)
    assert "is a list; expected a pandas DataFrame" in problem


def test_the_error_is_a_schoolnet_error_and_a_value_error() -> None:
    G = nx.Graph([(1, 1)])
    with pytest.raises(schoolnet.SchoolnetError):
        validate_network(G)
    with pytest.raises(ValueError, match="1 problem in the network"):
        validate_network(G)
