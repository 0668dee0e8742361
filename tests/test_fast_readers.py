"""Fast routes of the readers, checked against the plain ones: pyarrow's CSV reader, and short or missing columns."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schoolnet
from schoolnet.read import _gias_files
from schoolnet.read._gias_files import regular_csv
from schoolnet.tables.schema import _FEW, TABLES, _blank, _is_blank, _parse, _to_number, check_table

# ---------------------------------------------------------------------------
# pyarrow's CSV reader against pandas' C reader
# ---------------------------------------------------------------------------

WORDS = st.sampled_from(["", " ", "NA", "null", "#N/A", "nan", "None", "x", " y ", "Café", 'q"u', "a,b", "l\nm", "0"])


def both_readers(data: bytes, delimiter: str, columns: list[str], fields: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    fast = regular_csv(data, delimiter, "utf-8", columns, fields=fields)
    plain = regular_csv(data, delimiter, "utf-8", columns, fields=fields, engine="c")
    return fast, plain


@settings(max_examples=100, deadline=None)
@given(
    width=st.integers(1, 4),
    cells=st.lists(WORDS, min_size=0, max_size=24),
    delimiter=st.sampled_from([",", ";", "\t"]),
    blank_lines=st.booleans(),
)
def test_pyarrow_reads_regular_files_as_the_c_reader_does(
    width: int, cells: list[str], delimiter: str, blank_lines: bool
) -> None:
    header = [f"c{i}" for i in range(width)]
    rows = [cells[i : i + width] for i in range(0, len(cells) - len(cells) % width, width)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if blank_lines:
            out.write("\n")
    fast, plain = both_readers(out.getvalue().encode(), delimiter, header[::2], width)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\nNA,null\n#N/A,N/A\nnan,None\n",  # words pandas would read as blanks are kept as written
        b'a,b\n"","  "\n x , y \n',  # spaces are kept, empty cells are ""
        b'a,b\n"x\ny",1\n',  # a value over two lines
        b'a,b\n"q""u","x"y\n',  # a doubled quote, and text after a closing quote
        b"a,b\n1,2,3\n",  # a row with too many fields: pyarrow refuses it, and the C reader reads it
        b"a,a\n1,2\n",  # a name given to two columns
        b"a\nx\n \ny\n",  # one column, and a line of spaces
    ],
)
def test_pyarrow_reads_awkward_files_as_the_c_reader_does(data: bytes) -> None:
    header = data.split(b"\n")[0].decode()
    columns = ["a", "b"] if header.startswith("a,b") else ["a"]
    fast, plain = both_readers(data, ",", columns, header.count(",") + 1)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)


@pytest.mark.filterwarnings("ignore::schoolnet.SchoolnetWarning")
def test_a_register_file_reads_the_same_either_way(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A register extract of a few rows, read through read_gias with the fast reader and with the C reader alone.
    text = (
        "URN,EstablishmentName,EstablishmentStatus (name),PhaseOfEducation (name),OpenDate,NumberOfPupils,"
        "Trusts (code)\n"
        '100001,"Alder, Primary",Open,Primary,01-09-2010,210,\n'
        "100002,Birch Academy,Open,Secondary,,1050,5001\n"
        '100003,"Cedar ""Oak"" School",Closed,Primary,31-08-2023,,\n'
        "100004, Elm ,Open,Not applicable,NA,null,5001\n"
    )
    path = tmp_path / "edubasealldata20240101.csv"
    path.write_bytes(text.encode("cp1252"))
    fast = schoolnet.read_gias(path)
    plain_reader = _gias_files.regular_csv
    monkeypatch.setattr(_gias_files, "regular_csv", lambda *a, **k: plain_reader(*a, **k, engine="c"))
    plain = schoolnet.read_gias(path)
    for name in ("schools", "groups", "memberships", "rejected", "counts"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(plain, name), check_exact=True)


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
