"""Errors and warnings raised by schoolnet.

Every error that schoolnet raises on purpose is a :class:`SchoolnetError`, so a
notebook can catch the package's own problems in one ``except`` clause. Errors
about the *content* of a file or table are also :class:`ValueError`, so code
that already catches ``ValueError`` keeps working.

Problems that the package can recover from are never dropped silently: they
raise a :class:`SetAsideWarning` and the rows concerned are listed, with the
reason, in a ``rejected`` table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "DayFirstDateWarning",
    "KeptAsTextWarning",
    "MissingCoordinatesError",
    "MissingExtraError",
    "NetworkError",
    "NoCoordinatesWarning",
    "NoGroupsLoadedWarning",
    "ParameterError",
    "Problem",
    "SchemaError",
    "SchoolnetDeprecationWarning",
    "SchoolnetError",
    "SchoolnetWarning",
    "SetAsideWarning",
    "UnknownGroupWarning",
]

#: How many problems an error message lists before summarising the rest.
MAX_LISTED = 25


class SchoolnetError(Exception):
    """Base class of every error that schoolnet raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a file or table.

    Attributes
    ----------
    file : str
        The file (or table name, for data frames passed in memory).
    line : int or None
        The line number as in the file: the header is line 1, so the first
        data row is line 2. ``None`` for a problem with the whole file.
    column : str or None
        The column concerned, or ``None`` for a problem with a whole row.
    value : object
        The offending value, as read.
    expected : str
        What was expected instead, phrased so that it says how to fix it.
    """

    file: str
    line: int | None
    column: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column!r}"
        if self.value is None:
            return f"{where}: expected {self.expected}"
        return f"{where}: value {self.value!r}; expected {self.expected}"


class SchemaError(SchoolnetError, ValueError):
    """A table does not follow its schema.

    Every problem found in one pass is listed, not only the first one. The
    problems are also available, as :class:`Problem` objects, in
    :attr:`problems`.

    Examples
    --------
    >>> err = SchemaError([Problem("schools.csv", 3, "urn", "abc", "a whole number")])
    >>> print(err)
    1 problem in schools.csv:
      schools.csv, line 3, column 'urn': value 'abc'; expected a whole number
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self._message(self.problems))

    @staticmethod
    def _message(problems: Sequence[Problem]) -> str:
        files = sorted({p.file for p in problems})
        n = len(problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {', '.join(files)}:"
        lines = [f"  {p}" for p in problems[:MAX_LISTED]]
        if n > MAX_LISTED:
            lines.append(f"  ... and {n - MAX_LISTED} more (see SchemaError.problems)")
        return "\n".join([head, *lines])


class ParameterError(SchoolnetError, ValueError):
    """An argument has a value that the function cannot use.

    The message names the argument, the value given and what was expected.
    """


class MissingCoordinatesError(SchoolnetError, ValueError):
    """A measure in kilometres was asked of schools that have no coordinates."""


class NetworkError(SchoolnetError, ValueError):
    """A network is not what schoolnet's measures assume.

    Raised by :func:`schoolnet.validate_network`, which lists every problem
    found, not only the first one; they are also in :attr:`problems`.

    Examples
    --------
    >>> print(NetworkError(["tie 1-1: the school is tied to itself; expected ties between two different schools"]))
    1 problem in the network:
      tie 1-1: the school is tied to itself; expected ties between two different schools
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: list[str] = list(problems)
        n = len(self.problems)
        lines = [f"  {p}" for p in self.problems[:MAX_LISTED]]
        if n > MAX_LISTED:
            lines.append(f"  ... and {n - MAX_LISTED} more (see NetworkError.problems)")
        super().__init__("\n".join([f"{n} problem{'s' if n != 1 else ''} in the network:", *lines]))


class SchoolnetWarning(UserWarning):
    """Base class of the warnings that schoolnet issues."""


class SetAsideWarning(SchoolnetWarning):
    """Rows were set aside while loading; see the ``rejected`` table."""


class KeptAsTextWarning(SchoolnetWarning):
    """Values of a describing column were not understood, and were kept as text.

    A column that only describes a school (its phase, Ofsted grade,
    designations, pupils, dates of the register's own) never stops a load:
    a value outside the column's vocabulary or range is kept, as read, in a
    column ``<column>_raw`` beside it, and the column itself is left blank
    (or at its default) for that school. The warning counts the rows by value;
    :attr:`counts` holds the same as a table, with columns ``file``,
    ``column``, ``value`` and ``rows``.
    """

    def __init__(self, message: str, counts: object = None) -> None:
        super().__init__(message)
        self.counts = counts


class UnknownGroupWarning(SchoolnetWarning):
    """Some schools have no group, so a measure by groups leaves them out."""


class SchoolnetDeprecationWarning(SchoolnetWarning, DeprecationWarning):
    """An argument of schoolnet's has a new name; the old one still works, for now."""


class NoGroupsLoadedWarning(SchoolnetWarning):
    """No group of a kind that :func:`schoolnet.isolation` requires is loaded, so membership of one is unknown."""


class MissingExtraError(SchoolnetError, ImportError):
    """A function needs a package of one of schoolnet's extras, which is not installed."""


class NoCoordinatesWarning(SchoolnetWarning):
    """Some schools have no coordinates: kept with an empty geometry, or left off a map."""


class DayFirstDateWarning(SchoolnetWarning):
    """A date written ``DD/MM/YYYY`` was read day first, as in England; ISO dates (``YYYY-MM-DD``) leave no doubt."""
