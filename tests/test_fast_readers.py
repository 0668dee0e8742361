"""Fast routes of the readers, checked against the plain ones: short or missing columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schoolnet.tables.schema import _FEW, TABLES, _blank, _is_blank, _parse, _to_number, check_table

# ---------------------------------------------------------------------------
# Columns not in the file, and short columns
# ---------------------------------------------------------------------------

SAMPLE_ROWS = {
    "schools": {"urn": ["100001", "100002"], "name": ["Alder", "Birch"]},
    "groups": {"group_id": ["C1", "T1"], "kind": ["cluster", "trust"]},
    "memberships": {"group_id": ["C1", "T1"], "urn": ["100001", "100002"]},
    "support": {"supporter_urn": ["100001", "100002"], "supported_urn": ["100002", "100001"]},
}


@pytest.mark.parametrize("rows", [0, 2])
@pytest.mark.parametrize("name", list(TABLES))
def test_a_missing_column_is_read_as_a_column_of_blanks(name: str, rows: int) -> None:
    # The plain route: every column of the schema given, those not in SAMPLE_ROWS as blanks (None).
    given = {c: v[:rows] for c, v in SAMPLE_ROWS[name].items()}
    spelt_out = {c: given.get(c, [None] * rows) for c in TABLES[name].names}
    missing = check_table(name, pd.DataFrame(given, dtype=object))
    blank = check_table(name, pd.DataFrame(spelt_out, dtype=object))
    pd.testing.assert_frame_equal(missing, blank, check_exact=True)


@pytest.mark.parametrize("repeat", [1, 400])
def test_blanks_are_found_in_short_and_long_text_columns(repeat: int) -> None:
    # 7 values x 1 (short: looked at one by one) or x 400 = 2,800 (long: narrowed down by their first character).
    values = pd.Series(["", " ", "\t x", "x", None, " \n", "é"] * repeat, dtype="str")
    expected = [v is None or v != v or not v.strip() for v in values.astype(object)]
    assert _blank(values).tolist() == expected
    assert [bool(_is_blank(v)) for v in ["", " ", "x"]] == [True, True, False]


NUMBERS = [
    "210",
    "",
    "1,050",
    " 12 ",
    "1e3",
    "abc",
    None,
    "-4",
    "12.5",
    "0x1",
    "\u0663",
    "9007199254740993",
    "+7",
    ".5",
]


@given(st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=12))
@settings(max_examples=50, deadline=None)
def test_short_text_columns_read_as_numbers_as_long_ones_do(values: list[str | None]) -> None:
    # A short column is read value by value; the same values at the head of a long one are read by the long route.
    short = pd.Series(values, dtype="str")
    long = pd.Series(values * (_FEW // len(values) + 1), dtype="str")
    assert len(short) <= _FEW < len(long)
    expected = _to_number(long)[: len(values)]
    assert np.array_equal(_to_number(short), expected, equal_nan=True)


TEXTS = ["Alder", " Birch", "Cedar ", "", "  ", None, "\x1c Elm", "Oak\u2003", "Café", "\tPine\n", "x"]


@given(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=12))
@settings(max_examples=50, deadline=None)
def test_short_and_long_text_columns_are_stripped_alike(values: list[str | None]) -> None:
    # Python's str.strip() is the rule (it strips "\x1c" and "\u2003" too); a long column strips only the values
    # that start or end with a space, a short one every value.
    column = TABLES["schools"]["type"]
    short = pd.Series(values, dtype="str")
    long = pd.Series(values * (_FEW // len(values) + 1), dtype="str")
    parsed, bad = _parse(column, short)
    parsed_long, _ = _parse(column, long)
    expected = [v.strip() if isinstance(v, str) and v.strip() else None for v in values]
    assert [None if v != v else v for v in parsed.tolist()] == expected
    pd.testing.assert_series_equal(parsed_long[: len(values)], parsed, check_exact=True)
    assert not bad.any()
