"""Reading the DfE register's CSV files fast, with the exact line of every row.

The register's downloads are large (the establishments file has about 52,000
rows of 140 columns), so they are parsed by pandas' C reader rather than row
by row. The C reader does not say which line of the file each row came from,
so a vectorised scan of the bytes finds the records: a newline or delimiter is
inside a quoted field when an odd number of quotes come before it (a doubled
quote inside a field adds two). The scan gives each record's first line and
its number of fields. A file the scan finds irregular (a row with the wrong
number of fields, a line of spaces) is read again by
:func:`schoolnet.io.read_csv_text`, which reports each problem exactly or
skips the blank lines.
"""

from __future__ import annotations

import csv
import gzip
import io as _io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from .errors import Problem, SchemaError, SchoolnetError
from .io import read_csv_text
from .tables import RawTable

__all__ = ["FileKind", "read_register_file", "records_of"]

PathLike = str | os.PathLike[str]

_DELIMITERS: Final = (",", ";", "\t", "|")

# Columns that tell the register's files apart, for the message about a file passed as the wrong one.
_LOOKS_LIKE: Final = (
    (("Group UID", "URN"), "a group links file (alllinksdata): pass it as links="),
    (("Linked UID", "URN"), "a group links file (grouplinks_...): pass it as links="),
    (("Group UID",), "a groups file (allgroupsdata): pass it as groups="),
    (("URN", "EstablishmentName"), "an establishments file (edubasealldata): pass it first"),
    (("urn", "name"), "a schoolnet schools table: read it with schoolnet.read_tables()"),
)


@dataclass(frozen=True)
class FileKind:
    """The columns to read from one kind of register file.

    Attributes
    ----------
    what : str
        The kind of file, for messages: ``"establishments file"``.
    example : str
        Its name as the register publishes it.
    required : tuple of tuple of str
        The columns it must have; each inner tuple lists alternatives.
    wanted : frozenset of str
        The columns to read when present; the others are not read.
    excluded : tuple of str
        Columns that only another kind of register file has.
    """

    what: str
    example: str
    required: tuple[tuple[str, ...], ...]
    wanted: frozenset[str]
    excluded: tuple[str, ...] = ()


def read_register_file(path: PathLike, kind: FileKind) -> RawTable:
    """Read the wanted columns of a register file as stripped text, with the line of each row.

    Parameters
    ----------
    path : str or path
        A CSV file, plain or gzip-compressed, in UTF-8 or Windows-1252.
    kind : FileKind
        What to read from it.

    Returns
    -------
    RawTable
        The wanted columns that the file has, blank cells as ``""``. Rows
        blank in all of them are skipped.

    Raises
    ------
    SchemaError
        If the file is binary or empty, lacks a required column, repeats a
        column name, or has a row with the wrong number of fields.
    SchoolnetError
        If the file does not exist or is not a readable gzip file.
    """
    path = Path(path)
    data = _file_bytes(path)
    if b"\x00" in data:
        raise SchemaError(
            [Problem(path.name, None, None, None, "a text file of comma-separated values; this is binary")]
        )
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")
    encoding = _encoding(data)
    starts, ends, _, _ = records_of(data)
    if not len(starts):
        raise SchemaError([Problem(path.name, 1, None, None, "a header line naming the columns; the file is empty")])
    header_text = data[starts[0] : ends[0]].decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = max(_DELIMITERS, key=lambda d: (len(header_text.split(d)), d == ","))
    starts, ends, fields, lines = records_of(data, delimiter)
    as_written = next(csv.reader([header_text], delimiter=delimiter))
    header = [h.strip() for h in as_written]
    _require(header, path.name, kind)
    columns = [c for c in header if c in kind.wanted]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        problem = "each column name once; this one is repeated"
        raise SchemaError([Problem(path.name, int(lines[0]), c, c, problem) for c in repeated])
    frame = None
    if bool((fields[1:] == len(header)).all()):
        names = dict(zip(as_written, header, strict=True))
        frame = pd.read_csv(
            _io.BytesIO(data),
            sep=delimiter,
            encoding=encoding,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            usecols=lambda name: names.get(name, name) in kind.wanted,
            index_col=False,
            engine="c",
        ).rename(columns=names)
    if frame is not None and len(frame) == len(starts) - 1:
        row_lines = lines[1:]
    else:
        exact = _read_exactly(data, encoding, header, path.name)
        frame, row_lines = exact.frame, exact.lines
    frame = pd.DataFrame({c: frame[c].astype("str").str.strip() for c in columns}, index=frame.index)
    filled = (frame != "").any(axis=1).to_numpy() if columns else np.ones(len(frame), dtype=bool)
    return RawTable(frame[filled].reset_index(drop=True), path.name, np.asarray(row_lines, dtype="int64")[filled])


def records_of(data: bytes, delimiter: str = ",") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Find the records of CSV bytes without parsing them.

    Parameters
    ----------
    data : bytes
        The file's contents, in an encoding in which the delimiter, quote and
        newline are single ASCII bytes (UTF-8, Windows-1252).
    delimiter : str, default ","
        The delimiter.

    Returns
    -------
    starts, ends, fields, lines : numpy.ndarray
        For each record that is not an empty line: the offsets of its first
        byte and of the byte after it (less a final ``\r``), its number of
        fields, and the line it starts on (the first line is 1).

    Examples
    --------
    >>> starts, ends, fields, lines = records_of(b'a,b\n1,"x\ny"\n\n2,z\n')
    >>> fields.tolist(), lines.tolist()
    ([2, 2, 2], [1, 2, 5])
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(buffer == ord('"'))

    def outside(positions: np.ndarray) -> np.ndarray:
        inside = np.searchsorted(quotes, positions) % 2 == 1
        kept: np.ndarray = positions[~inside]
        return kept

    newlines = np.flatnonzero(buffer == ord("\n"))
    ends = outside(newlines)
    if len(buffer) and buffer[-1] != ord("\n"):
        ends = np.append(ends, len(buffer))
    starts = np.concatenate([[0], ends[:-1] + 1]).astype(np.int64) if len(ends) else np.zeros(0, dtype=np.int64)
    delimiters = outside(np.flatnonzero(buffer == ord(delimiter)))
    fields = np.bincount(np.searchsorted(ends, delimiters), minlength=len(ends))[: len(ends)] + 1
    lines = np.searchsorted(newlines, starts) + 1
    carriage = np.zeros(len(starts), dtype=bool)
    nonempty = ends > starts
    carriage[nonempty] = buffer[ends[nonempty] - 1] == ord("\r")
    ends = ends - carriage
    present = ends > starts
    return starts[present], ends[present], fields[present], lines[present]


def _file_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise SchoolnetError(f"{path}: no such file")
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise SchoolnetError(f"{path.name}: not a readable gzip file ({err})") from err
    return data


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, as the register publishes."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _read_exactly(data: bytes, encoding: str, header: list[str], file: str) -> RawTable:
    """Read an irregular file row by row, for exact messages about it."""
    text = data.decode(encoding, errors="replace").lstrip("\ufeff")
    if header and not header[0]:
        # A leading unnamed index column, as pandas writes one: give it a name.
        lead = len(text) - len(text.lstrip("\r\n"))
        text = text[:lead] + "_index" + text[lead:]
    return read_csv_text(text.encode("utf-8"), file=file)


def _either(choices: tuple[str, ...]) -> str:
    return repr(choices[0]) if len(choices) == 1 else "(" + " or ".join(repr(c) for c in choices) + ")"


def _require(header: list[str], file: str, kind: FileKind) -> None:
    """One clear error when a file is not a register file of the kind expected."""
    missing = [_either(choices) for choices in kind.required if not set(choices) & set(header)]
    others = [c for c in kind.excluded if c in header]
    if not missing and not others:
        return
    shown = ", ".join(repr(h) for h in header[:8]) + (f", ... ({len(header)} columns)" if len(header) > 8 else "")
    if missing:
        columns = f"the column{'s' if len(missing) > 1 else ''} {' and '.join(missing)}"
        text = f"{columns} of the DfE register's {kind.what} ({kind.example}); found {shown}"
    else:
        text = f"the DfE register's {kind.what} ({kind.example}); found the column {others[0]!r} of another file"
    looks_like = next((what for columns, what in _LOOKS_LIKE if set(columns) <= set(header)), None)
    if looks_like is not None:
        text += f". It looks like {looks_like}"
    raise SchemaError([Problem(file, 1, None, None, text)])
