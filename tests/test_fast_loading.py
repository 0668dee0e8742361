"""The vectorised routes of reading and building, checked against plain ones on hand-made and generated cases."""

from __future__ import annotations

import csv
import io

import networkx as nx
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet._text import isin, per_distinct
from schoolnet.network._adjacency import add_nodes
from schoolnet.read._gias_files import records_of
from schoolnet.tables.schema import TABLES, _parse

from .conftest import AS_OF

# ---------------------------------------------------------------------------
# Records of a CSV file, against Python's csv module
# ---------------------------------------------------------------------------

CELLS = st.text(alphabet='ab ,;"\n', max_size=6)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=8), delimiter=st.sampled_from(",;"))
def test_records_match_the_csv_module(rows: list[list[str]], delimiter: str) -> None:
    # Each row is written on its own by csv.writer, so its first line is one more than the newlines written before it;
    # a row written as an empty line is no record.
    expected_fields, expected_lines, written = [], [], ""
    for row in rows:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\n").writerow(row)
        text = out.getvalue()
        if text != "\n":
            expected_fields.append(len(next(csv.reader([text], delimiter=delimiter))))
            expected_lines.append(written.count("\n") + 1)
        written += text
    _, _, fields, lines = records_of(written.encode(), delimiter)
    assert fields.tolist() == expected_fields
    assert lines.tolist() == expected_lines


def test_records_by_hand() -> None:
    # 'a,b' (2 fields, line 1); '"x,y",z' (the comma in quotes is no delimiter: 2 fields, line 2); a blank line;
    # '"p\nq",r' (2 fields over lines 4 and 5); '"un,closed' to the end: one record of 1 field on line 6.
    data = b'a,b\n"x,y",z\n\n"p\nq",r\n"un,closed\n1,2'
    starts, ends, fields, lines = records_of(data)
    assert fields.tolist() == [2, 2, 2, 1]
    assert lines.tolist() == [1, 2, 4, 6]
    assert data[starts[3] : ends[3]] == b'"un,closed\n1,2'


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------


def test_per_distinct_calls_once_per_distinct_value_as_text_or_objects() -> None:
    calls: list[object] = []

    def length(value: object) -> object:
        calls.append(value)
        return None if value is None else len(str(value))

    values = ["ab", "c", "ab", None, "c", "ab"]
    as_text = per_distinct(pd.Series(values, dtype="str"), length)
    # 'ab' and 'c' once each, and the blank once (function(None)).
    assert sorted(calls, key=str) == [None, "ab", "c"]
    as_objects = per_distinct(pd.Series(values, dtype="object"), length)
    assert as_text.tolist() == as_objects.tolist() == [2, 1, 2, None, 1, 2]


def test_per_distinct_then_converts_the_distinct_results() -> None:
    seen: list[int] = []

    def numbers(text: pd.Series) -> pd.Series:
        seen.append(len(text))
        return pd.to_numeric(text, errors="coerce")

    values = pd.Series([" 1", "2", " 1", "x", None], dtype="str", index=[10, 11, 12, 13, 14])
    out = per_distinct(values, lambda v: v if v is None else v.strip(), then=numbers)
    # Three distinct values and the blank: one conversion of four results.
    assert seen == [4]
    assert out.index.tolist() == [10, 11, 12, 13, 14]
    # pandas' own conversion of every row: 1, 2, 1, blank for 'x', blank for the blank.
    expected = pd.to_numeric(values.str.strip(), errors="coerce").astype(float)
    np.testing.assert_array_equal(out.to_numpy(dtype=float), expected.to_numpy(dtype=float))


def test_isin_answers_as_pandas_does_on_objects() -> None:
    values = pd.Series(["G1", "G2", None, "5", "G3"], dtype="str")
    among = pd.Series(["G2", "G3", None, "G9"], dtype="str")
    plain = pd.Series(values.to_numpy(dtype=object)).isin(among.to_numpy(dtype=object))
    assert isin(values, among).tolist() == plain.tolist() == [False, True, True, False, True]
    # Numbers never equal text; a set works as well as a column.
    assert isin(values, {5, "G1"}).tolist() == [True, False, False, False, False]
    assert isin(pd.Series([1, 2]), [2]).tolist() == [False, True]


# ---------------------------------------------------------------------------
# The network's nodes, against networkx's own route
# ---------------------------------------------------------------------------


def test_add_nodes_as_networkx_adds_them() -> None:
    nodes = [(3, {"a": 1}), (1, {"b": None}), (3, {"c": 2})]
    G, H = nx.MultiGraph(), nx.MultiGraph()
    add_nodes(G, [(n, dict(d)) for n, d in nodes])
    H.add_nodes_from(nodes)
    assert list(G.nodes(data=True)) == list(H.nodes(data=True)) == [(3, {"a": 1, "c": 2}), (1, {"b": None})]
    assert list(G.adj) == list(H.adj)


def test_node_attributes_are_the_schools_rows(sample_tables: schoolnet.Tables) -> None:
    G = schoolnet.build_network(sample_tables, as_of=AS_OF)
    schools = sample_tables.schools
    assert list(G) == schools.index.tolist()
    for urn, row in schools.iterrows():
        expected = {str(c): (None if pd.isna(v) else v) for c, v in row.items()}
        assert G.nodes[urn] == expected
        assert [type(v) for v in G.nodes[urn].values() if isinstance(v, pd.Timestamp)] == [
            pd.Timestamp for v in expected.values() if isinstance(v, pd.Timestamp)
        ]


# ---------------------------------------------------------------------------
# A column of text is read as the same column of Python objects is, value by value
# ---------------------------------------------------------------------------

NUMBER_CELLS = st.one_of(st.none(), st.text(alphabet=" ,.+-e1\t\xa0\x1ca٣", max_size=5))


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(NUMBER_CELLS, min_size=1, max_size=12))
def test_text_columns_are_checked_as_their_python_strings(cells: list[str | None]) -> None:
    text = pd.Series(cells, dtype="str")
    objects = pd.Series(text.to_numpy(dtype=object), dtype=object)  # the same cells, one Python object each
    for name in ("pupils", "easting", "name", "phase"):
        column = TABLES["schools"][name]
        from_text, bad_text = _parse(column, text)
        from_objects, bad_objects = _parse(column, objects)
        np.testing.assert_array_equal(bad_text, bad_objects)
        assert from_text.astype(object).where(from_text.notna(), None).tolist() == (
            from_objects.astype(object).where(from_objects.notna(), None).tolist()
        )
