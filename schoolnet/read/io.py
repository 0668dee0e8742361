"""Reading and writing schoolnet's tables as CSV, Excel and parquet files.

A folder holds one file per table, named after it: ``schools.csv``,
``groups.csv``, ``memberships.csv`` and ``support.csv`` (or ``.xlsx``,
``.parquet``, or a gzip-compressed ``.csv.gz``). Only ``schools`` is required;
a missing table is empty. A single Excel workbook with one sheet per table
also works.

CSV files may be UTF-8 (with or without a byte-order mark) or Windows-1252, as
Excel on Windows saves them, and may be delimited by commas, semicolons, tabs
or bars: the delimiter is read off the header line.
"""

from __future__ import annotations

import csv
import gzip
import io as _io
import re
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem, SchemaError, SchoolnetError, SchoolnetWarning
from ..tables.schema import TABLES
from ..tables.tables import RawTable, Tables, assemble

__all__ = ["date_in_name", "read_csv_text", "read_table_file", "read_tables", "urn_problems"]

#: File extensions read, in the order they are looked for in a folder.
EXTENSIONS = (".csv", ".csv.gz", ".xlsx", ".xls", ".parquet")

_DELIMITERS = (",", ";", "\t", "|")


def read_tables(folder_or_paths: str | Path | Mapping[str, str | Path]) -> Tables:
    """Read the four tables of a school partnership network from files.

    Parameters
    ----------
    folder_or_paths : str, pathlib.Path or mapping
        One of:

        - a folder holding ``schools.csv`` and, optionally, ``groups.csv``,
          ``memberships.csv`` and ``support.csv`` (or the same names with
          ``.csv.gz``, ``.xlsx`` or ``.parquet``);
        - an Excel workbook with sheets named ``schools``, ``groups``,
          ``memberships`` and ``support``;
        - a single schools file;
        - a mapping from table name to file path, such as
          ``{"schools": "s.csv", "groups": "g.xlsx"}``.

    Returns
    -------
    Tables
        The checked tables. ``rejected`` lists every row set aside and why,
        and ``counts`` shows, for each file, rows read = kept + rejected.

    Raises
    ------
    SchemaError
        If a file does not follow its table's schema: a required column is
        missing, or a value is of the wrong type or outside its vocabulary.
        Every problem in a file is listed, each with its file, line, column and
        value.
    SchoolnetError
        If a file is missing, unreadable, or there is no schools table.

    Warns
    -----
    SetAsideWarning
        If rows were set aside: duplicates, memberships or support naming a
        school or group that does not exist, or support from a school to
        itself.

    Examples
    --------
    >>> import schoolnet
    >>> tables = schoolnet.read_tables(schoolnet.datasets.SAMPLE_FOLDER)
    >>> tables
    Tables(schools=..., groups=..., memberships=..., support=..., rejected=0, source=...)
    """
    paths = _resolve(folder_or_paths)
    raw: dict[str, RawTable] = {}
    for name, (path, sheet) in paths.items():
        raw[name] = read_table_file(path, sheet=sheet)
    source = str(folder_or_paths) if not isinstance(folder_or_paths, Mapping) else ", ".join(map(str, paths))
    return assemble(raw, source=source)


def _resolve(folder_or_paths: str | Path | Mapping[str, str | Path]) -> dict[str, tuple[Path, str | None]]:
    if isinstance(folder_or_paths, Mapping):
        unknown = [k for k in folder_or_paths if k not in TABLES]
        if unknown:
            raise SchoolnetError(f"unknown table name {unknown[0]!r}; expected some of {', '.join(TABLES)}")
        return {name: (_existing(Path(p)), None) for name, p in folder_or_paths.items()}
    path = _existing(Path(folder_or_paths))
    if path.is_dir():
        return _from_folder(path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        sheets = _excel_sheets(path)
        if "schools" in sheets:
            return {name: (path, name) for name in TABLES if name in sheets}
    return {"schools": (path, None)}


def _existing(path: Path) -> Path:
    if not path.exists():
        raise SchoolnetError(f"{path}: no such file or folder")
    return path


def _from_folder(folder: Path) -> dict[str, tuple[Path, str | None]]:
    found: dict[str, tuple[Path, str | None]] = {}
    for name in TABLES:
        matches = [folder / f"{name}{ext}" for ext in EXTENSIONS if (folder / f"{name}{ext}").is_file()]
        if len(matches) > 1:
            listed = ", ".join(p.name for p in matches)
            raise SchoolnetError(f"{folder}: {listed} are all there; keep one file per table")
        if matches:
            found[name] = (matches[0], None)
    if "schools" not in found:
        present = ", ".join(sorted(p.name for p in folder.iterdir())[:10]) or "nothing"
        raise SchoolnetError(
            f"{folder}: no schools table; expected a file named schools.csv (or .csv.gz, .xlsx, .parquet). "
            f"The folder holds: {present}"
        )
    return found


def read_table_file(path: str | Path, *, sheet: str | None = None) -> RawTable:
    """Read one table file as text, keeping the line number of each row.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv``, ``.csv.gz``, ``.xlsx`` or ``.parquet`` file.
    sheet : str, optional
        For a workbook, the sheet to read; defaults to the first.

    Returns
    -------
    RawTable
        The rows as read, not yet checked.

    Raises
    ------
    SchoolnetError
        If there is no such file, or it cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise SchoolnetError(f"{path}: no such file")
    name = path.name.lower()
    label = f"{path.name}[{sheet}]" if sheet else path.name
    if name.endswith((".xlsx", ".xls")):
        frame = _read_excel(path, sheet)
    elif name.endswith(".parquet"):
        frame = _read_parquet(path)
    else:
        data = path.read_bytes()
        if name.endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as err:
                raise SchoolnetError(f"{path.name}: not a readable gzip file ({err})") from err
        return read_csv_text(data, file=label)
    blank = frame.isna().all(axis=1).to_numpy()
    lines = np.flatnonzero(~blank) + 2
    return RawTable(frame[~blank].reset_index(drop=True), label, lines)


def _read_excel(path: Path, sheet: str | None) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=object)
    except ImportError as err:
        raise SchoolnetError(f"{path.name}: reading Excel needs openpyxl: pip install 'schoolnet[excel]'") from err
    except Exception as err:  # openpyxl and xlrd raise many kinds
        raise SchoolnetError(f"{path.name}: not a readable Excel workbook ({err})") from err
    return _check_header(frame, path.name)


def _excel_sheets(path: Path) -> list[str]:
    try:
        return list(pd.ExcelFile(path).sheet_names)  # type: ignore[arg-type]
    except ImportError as err:
        raise SchoolnetError(f"{path.name}: reading Excel needs openpyxl: pip install 'schoolnet[excel]'") from err
    except Exception as err:
        raise SchoolnetError(f"{path.name}: not a readable Excel workbook ({err})") from err


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except ImportError as err:
        raise SchoolnetError(f"{path.name}: reading parquet needs pyarrow: pip install 'schoolnet[parquet]'") from err
    except Exception as err:
        raise SchoolnetError(f"{path.name}: not a readable parquet file ({err})") from err
    return _check_header(frame, path.name)


def _check_header(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    names = [str(c) for c in frame.columns]
    unnamed = [i for i, c in enumerate(names) if c.startswith("Unnamed: ") or not c.strip()]
    if frame.shape[1] == 0:
        raise SchemaError([Problem(file, 1, None, None, "a header row naming the columns; the table is empty")])
    if unnamed and len(unnamed) == len(names):
        raise SchemaError([Problem(file, 1, None, None, "a header row naming the columns in the first row")])
    frame.columns = pd.Index([c.strip() for c in names])
    return frame


def read_csv_text(data: bytes, *, file: str) -> RawTable:
    r"""Parse the bytes of a CSV file into a raw table of text.

    The encoding (UTF-8 or Windows-1252) and the delimiter are detected. Blank
    lines are skipped. Every row must have as many fields as the header.

    Parameters
    ----------
    data : bytes
        The file's contents.
    file : str
        The file's name, for messages.

    Returns
    -------
    RawTable
        Every value as text (blank cells as ``""``), with each row's line.

    Raises
    ------
    SchemaError
        If the file is empty or binary, has a repeated or blank column name,
        or a row has the wrong number of fields.

    Examples
    --------
    >>> raw = read_csv_text(b"urn;name\n1;Alder\n\n2;Birch\n", file="schools.csv")
    >>> raw.frame["name"].tolist(), raw.lines.tolist()
    (['Alder', 'Birch'], [2, 4])
    """
    text = _decode(data, file)
    if "\x00" in text:
        raise SchemaError([Problem(file, None, None, None, "a text file of comma-separated values; this is binary")])
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise SchemaError([Problem(file, 1, None, None, "a header line naming the columns; the file is empty")])
    delimiter = max(_DELIMITERS, key=lambda d: (len(first.split(d)), d == ","))
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for record in reader:
            if not record or all(not field.strip() for field in record):
                continue
            if header is None:
                header = [h.strip() for h in record]
                problems.extend(_header_problems(header, file, reader.line_num))
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(
                        file,
                        reader.line_num,
                        None,
                        delimiter.join(record)[:80],
                        f"{len(header)} fields as in the header, found {len(record)}",
                    )
                )
                continue
            rows.append(record)
            lines.append(reader.line_num)
    except csv.Error as err:
        problems.append(Problem(file, reader.line_num, None, None, f"well-formed CSV ({err})"))
    if problems:
        raise SchemaError(problems)
    assert header is not None
    frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
    return RawTable(frame, file, np.asarray(lines, dtype="int64"))


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    warnings.warn(
        f"{file}: not UTF-8, so read as Windows-1252 (as Excel on Windows saves CSV files); "
        "check that names with accents read correctly",
        SchoolnetWarning,
        stacklevel=4,
    )
    return text


def _header_problems(header: list[str], file: str, line: int) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(file, line, None, "", f"a name for column {position} of the header"))
        elif name in seen:
            problems.append(Problem(file, line, name, name, "each column name once; this one is repeated"))
        seen.add(name)
    return problems


def urn_problems(values: pd.Series, *, column: str, file: str, lines: np.ndarray) -> tuple[pd.Series, list[Problem]]:
    """A column of URNs as whole numbers, and a problem for each value that is not one.

    Parameters
    ----------
    values : pandas.Series
        The column as read.
    column : str
        Its name in the file, for the problems.
    file : str
        The file, for the problems.
    lines : numpy.ndarray
        The line of each row in the file.

    Returns
    -------
    urns : pandas.Series
        The URNs, as numbers (missing where a value is not one).
    problems : list of Problem
        One per value that is not a whole number, blanks included.

    Examples
    --------
    >>> urns, problems = urn_problems(pd.Series(["100001", "10x"]), column="URN", file="f.csv", lines=np.array([2, 3]))
    >>> urns.tolist()[0], [str(p) for p in problems]
    (100001.0, ["f.csv, line 3, column 'URN': value '10x'; expected a whole number (a URN)"])
    """
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna().to_numpy() | (numbers.fillna(0) % 1 != 0).to_numpy()
    problems = [
        Problem(file, int(lines[i]), column, values.iloc[i], "a whole number (a URN)") for i in np.flatnonzero(bad)
    ]
    return numbers, problems


def date_in_name(name: str, *, after: str = "") -> pd.Timestamp | None:
    """The date written ``YYYYMMDD`` in a file's name, as the DfE and Ofsted date their extracts.

    Parameters
    ----------
    name : str
        A file name, or any text that holds one.
    after : str, default ""
        Text the date must follow at once, such as ``"edubasealldata"``.

    Returns
    -------
    pandas.Timestamp or None
        The first run of exactly eight digits (after ``after``) that is a
        valid date; ``None`` when there is none.

    Examples
    --------
    >>> date_in_name("edubasealldata20220706.csv.gz")
    Timestamp('2022-07-06 00:00:00')
    >>> date_in_name("links_20221399.csv") is None, date_in_name("12345678901.csv") is None
    (True, True)
    >>> date_in_name("groups 20190101, edubasealldata20220706.csv", after="edubasealldata")
    Timestamp('2022-07-06 00:00:00')
    """
    for found in re.finditer(rf"{re.escape(after)}(?<!\d)(\d{{8}})(?!\d)", name):
        date = pd.to_datetime(found.group(1), format="%Y%m%d", errors="coerce")
        if pd.notna(date):
            return pd.Timestamp(date)
    return None
