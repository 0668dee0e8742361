from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import pandas as pd
import pytest

import schoolnet
from schoolnet.errors import SchemaError, SchoolnetError, SchoolnetWarning, SetAsideWarning
from schoolnet.read.io import read_csv_text, read_table_file

SCHOOLS = "urn,name,phase,ofsted\n100001,Alder Primary,primary,good\n100002,Birch High,secondary,outstanding\n"
GROUPS = "group_id,kind,name\nC1,cluster,North cluster\n"
MEMBERS = "group_id,urn\nC1,100001\nC1,100002\n"


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def assert_same(a: schoolnet.Tables, b: schoolnet.Tables) -> None:
    for name in ("schools", "groups", "memberships", "support"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=False, check_index_type=False)


def test_read_a_folder_with_only_schools(tmp_path: Path) -> None:
    tables = schoolnet.read_tables(write(tmp_path, {"schools.csv": SCHOOLS}))
    assert tables.schools.index.tolist() == [100001, 100002]
    assert len(tables.groups) == len(tables.memberships) == len(tables.support) == 0


def test_read_a_folder_with_tables(tmp_path: Path) -> None:
    tables = schoolnet.read_tables(
        write(tmp_path, {"schools.csv": SCHOOLS, "groups.csv": GROUPS, "memberships.csv": MEMBERS})
    )
    assert tables.memberships["urn"].tolist() == [100001, 100002]
    assert tables.groups.loc["C1", "kind"] == "cluster"
    counts = tables.counts.set_index("table")
    assert counts.loc["memberships", "read"] == 2
    assert counts.loc["memberships", "file"] == "memberships.csv"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_round_trip_through_every_format(tmp_path: Path, sample_tables: schoolnet.Tables, fmt: str) -> None:
    folder = sample_tables.to_folder(tmp_path / fmt, format=fmt)  # type: ignore[arg-type]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{n}.{fmt}" for n in ("schools", "groups", "memberships", "support")
    )
    again = schoolnet.read_tables(folder)
    assert_same(sample_tables, again)
    assert len(again.rejected) == 0


def test_gzipped_csv_and_a_mapping_of_paths(tmp_path: Path) -> None:
    (tmp_path / "s.csv.gz").write_bytes(gzip.compress(SCHOOLS.encode()))
    write(tmp_path, {"g.csv": GROUPS, "m.csv": MEMBERS})
    tables = schoolnet.read_tables(
        {"schools": tmp_path / "s.csv.gz", "groups": tmp_path / "g.csv", "memberships": tmp_path / "m.csv"}
    )
    assert len(tables.memberships) == 2


def test_one_workbook_with_a_sheet_per_table(tmp_path: Path, sample_tables: schoolnet.Tables) -> None:
    path = tmp_path / "county.xlsx"
    with pd.ExcelWriter(path) as writer:
        for name in ("schools", "groups", "memberships", "support"):
            sample_tables.table(name).to_excel(writer, sheet_name=name, index=False)
    assert_same(sample_tables, schoolnet.read_tables(path))


def test_a_single_schools_file(tmp_path: Path) -> None:
    tables = schoolnet.read_tables(write(tmp_path, {"my schools.csv": SCHOOLS}) / "my schools.csv")
    assert len(tables.schools) == 2


def test_windows_1252_is_read_with_a_warning() -> None:
    data = "urn,name\n100001,Saint Étienne School\n".encode("cp1252")
    with pytest.warns(SchoolnetWarning, match="Windows-1252"):
        raw = read_csv_text(data, file="schools.csv")
    assert raw.frame["name"].tolist() == ["Saint Étienne School"]


def test_utf8_with_a_byte_order_mark_reads_silently() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        raw = read_csv_text("urn,name\n1,Étoile\n".encode("utf-8-sig"), file="schools.csv")
    assert list(raw.frame.columns) == ["urn", "name"]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_other_delimiters_are_detected(delimiter: str) -> None:
    text = SCHOOLS.replace(",", delimiter)
    raw = read_csv_text(text.encode(), file="schools.csv")
    assert raw.frame["name"].tolist() == ["Alder Primary", "Birch High"]


def test_line_numbers_count_blank_lines_and_quoted_newlines() -> None:
    text = 'urn,name\n\n100001,"Alder\nPrimary"\n100002,Birch\n'
    raw = read_csv_text(text.encode(), file="schools.csv")
    assert raw.lines.tolist() == [4, 5]


def test_rows_with_the_wrong_number_of_fields_are_errors() -> None:
    text = "urn,name\n100001,Alder\n100002,Birch,extra\n100003\n"
    with pytest.raises(SchemaError) as caught:
        read_csv_text(text.encode(), file="schools.csv")
    assert [(p.line, p.expected) for p in caught.value.problems] == [
        (3, "2 fields as in the header, found 3"),
        (4, "2 fields as in the header, found 1"),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\n\n  \n", "the file is empty"),
        (b"\x00\x01\x02urn", "this is binary"),
        (b"urn,name,urn\n1,a,1\n", "this one is repeated"),
        (b"urn,,name\n1,,a\n", "a name for column 2"),
    ],
)
def test_unreadable_csv_files(content: bytes, expected: str) -> None:
    with pytest.raises(SchemaError, match=expected):
        read_csv_text(content, file="schools.csv")


def test_wrong_delimiter_that_cannot_be_detected_is_explained(tmp_path: Path) -> None:
    write(tmp_path, {"schools.csv": "urn name\n1 Alder\n"})
    with pytest.raises(SchemaError, match="a column named 'urn'"):
        schoolnet.read_tables(tmp_path)


def test_a_folder_without_schools(tmp_path: Path) -> None:
    write(tmp_path, {"groups.csv": GROUPS})
    with pytest.raises(SchoolnetError, match="no schools table"):
        schoolnet.read_tables(tmp_path)


def test_two_files_for_one_table(tmp_path: Path) -> None:
    write(tmp_path, {"schools.csv": SCHOOLS})
    pd.read_csv(tmp_path / "schools.csv").to_parquet(tmp_path / "schools.parquet")
    with pytest.raises(SchoolnetError, match="keep one file per table"):
        schoolnet.read_tables(tmp_path)


def test_missing_path_and_unknown_table_name(tmp_path: Path) -> None:
    with pytest.raises(SchoolnetError, match="no such file or folder"):
        schoolnet.read_tables(tmp_path / "nowhere")
    with pytest.raises(SchoolnetError, match="unknown table name 'pupils'"):
        schoolnet.read_tables({"pupils": tmp_path})


def test_corrupt_workbook_and_parquet(tmp_path: Path) -> None:
    write(tmp_path, {"schools.xlsx": b"not a zip file", "other.parquet": b"not parquet"})
    with pytest.raises(SchoolnetError, match="not a readable Excel workbook"):
        read_table_file(tmp_path / "schools.xlsx")
    with pytest.raises(SchoolnetError, match="not a readable parquet file"):
        read_table_file(tmp_path / "other.parquet")


def test_schema_errors_name_the_file(tmp_path: Path) -> None:
    write(tmp_path, {"schools.csv": SCHOOLS, "memberships.csv": "group_id,urn,joined\nC1,100001,1st May\n"})
    with pytest.raises(SchemaError) as caught:
        schoolnet.read_tables(tmp_path)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.column, problem.value) == ("memberships.csv", 2, "joined", "1st May")


def test_rows_read_equal_rows_kept_plus_rows_set_aside(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "schools.csv": SCHOOLS + "100002,Birch High,secondary,outstanding\n",
            "groups.csv": GROUPS,
            "memberships.csv": MEMBERS + "C1,999999\nC9,100001\nC1,100001\n",
            "support.csv": "supporter_urn,supported_urn\n100002,100001\n100001,100001\n",
        },
    )
    with pytest.warns(SetAsideWarning):
        tables = schoolnet.read_tables(tmp_path)
    counts = tables.counts.set_index("table")
    assert counts.loc["schools", ["read", "kept", "rejected"]].tolist() == [3, 2, 1]
    assert counts.loc["memberships", ["read", "kept", "rejected"]].tolist() == [5, 2, 3]
    assert counts.loc["support", ["read", "kept", "rejected"]].tolist() == [2, 1, 1]
    assert (counts["read"] == counts["kept"] + counts["rejected"]).all()
    assert sorted(tables.rejected["line"][tables.rejected["table"] == "memberships"]) == [4, 5, 6]
