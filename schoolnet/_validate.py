"""Checks of the arguments that the public functions take.

Each check raises :class:`~schoolnet.errors.ParameterError` with one message
shape, ``name=value: expected ...``, and returns the value in its plain
Python type, so a function checks an argument in one line and goes on with
the result. Booleans are never numbers here: ``k=True`` is refused.

Examples
--------
>>> whole_number("k", 3, minimum=1)
3
>>> whole_number("top", None, minimum=1, allow_none=True) is None
True
>>> distance_km("max_km", 7)
7.0
>>> distances_km("km", 5)
(5.0,)
>>> whole_numbers("hops", (2, 1, 2))
(1, 2)
>>> whole_number("k", 0, minimum=1, what="schools")
Traceback (most recent call last):
...
schoolnet.errors.ParameterError: k=0: expected a whole number of schools of at least 1
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, TypeGuard, overload

import numpy as np

from .errors import ParameterError

__all__ = [
    "distance_km",
    "distances_km",
    "is_distance",
    "is_real",
    "is_whole",
    "non_negative_weights",
    "number",
    "whole_number",
    "whole_numbers",
]


def is_whole(value: object) -> TypeGuard[int | np.integer]:
    """Whether ``value`` is an integer (Python's or numpy's), and not a bool.

    Examples
    --------
    >>> is_whole(3), is_whole(np.int64(3)), is_whole(3.0), is_whole(True)
    (True, True, False, False)
    """
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def is_real(value: object) -> TypeGuard[float | int | np.integer | np.floating]:
    """Whether ``value`` is a finite number (Python's or numpy's), and not a bool.

    Examples
    --------
    >>> is_real(2), is_real(np.float64(0.5)), is_real(float("nan")), is_real(True)
    (True, True, False, False)
    """
    return (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, bool)
        and bool(np.isfinite(value))
    )


def is_distance(value: object) -> TypeGuard[float | int | np.integer | np.floating]:
    """Whether ``value`` is a finite number greater than 0, and not a bool.

    Examples
    --------
    >>> is_distance(2.5), is_distance(0), is_distance(float("inf")), is_distance("5")
    (True, False, False, False)
    """
    return is_real(value) and float(value) > 0


def _or_none(allow_none: bool) -> str:
    return ", or None" if allow_none else ""


@overload
def whole_number(
    name: str, value: object, *, minimum: int = ..., allow_none: Literal[False] = ..., what: str = ...
) -> int: ...
@overload
def whole_number(
    name: str, value: object, *, minimum: int = ..., allow_none: bool = ..., what: str = ...
) -> int | None: ...
def whole_number(name: str, value: object, *, minimum: int = 0, allow_none: bool = False, what: str = "") -> int | None:
    """A whole number of at least ``minimum`` (or ``None`` where allowed), as ``int``.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        What the caller passed.
    minimum : int, default 0
        The smallest value accepted.
    allow_none : bool, default False
        Whether ``None`` is accepted (and returned).
    what : str, default ""
        What is counted, such as ``"schools"``, for the message.

    Returns
    -------
    int or None

    Raises
    ------
    ParameterError
        If ``value`` is not a whole number of at least ``minimum``.

    Examples
    --------
    >>> whole_number("permutations", np.int64(10))
    10
    """
    if value is None and allow_none:
        return None
    if not (is_whole(value) and int(value) >= minimum):
        counted = f" of {what}" if what else ""
        raise ParameterError(
            f"{name}={value!r}: expected a whole number{counted} of at least {minimum}{_or_none(allow_none)}"
        )
    return int(value)


@overload
def number(
    name: str, value: object, *, minimum: float = ..., strict: bool = ..., allow_none: Literal[False] = ...
) -> float: ...
@overload
def number(
    name: str, value: object, *, minimum: float = ..., strict: bool = ..., allow_none: bool = ...
) -> float | None: ...
def number(
    name: str, value: object, *, minimum: float = 0.0, strict: bool = False, allow_none: bool = False
) -> float | None:
    """A finite number of at least ``minimum`` (above it when ``strict``), as ``float``.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        What the caller passed.
    minimum : float, default 0
        The bound.
    strict : bool, default False
        Whether ``value`` must be greater than ``minimum``, rather than at least it.
    allow_none : bool, default False
        Whether ``None`` is accepted (and returned).

    Returns
    -------
    float or None

    Raises
    ------
    ParameterError
        If ``value`` is not such a number.

    Examples
    --------
    >>> number("resolution", 1, strict=True)
    1.0
    >>> number("resolution", 0, strict=True)
    Traceback (most recent call last):
    ...
    schoolnet.errors.ParameterError: resolution=0: expected a number greater than 0
    """
    if value is None and allow_none:
        return None
    if not (is_real(value) and (float(value) > minimum if strict else float(value) >= minimum)):
        bound = f"greater than {minimum:g}" if strict else f"of at least {minimum:g}"
        raise ParameterError(f"{name}={value!r}: expected a number {bound}{_or_none(allow_none)}")
    return float(value)


@overload
def distance_km(name: str, value: object, *, allow_none: Literal[False] = ...) -> float: ...
@overload
def distance_km(name: str, value: object, *, allow_none: bool = ...) -> float | None: ...
def distance_km(name: str, value: object, *, allow_none: bool = False) -> float | None:
    """A distance in km greater than 0 (or ``None`` where allowed), as ``float``.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        What the caller passed.
    allow_none : bool, default False
        Whether ``None`` is accepted (and returned).

    Returns
    -------
    float or None

    Raises
    ------
    ParameterError
        If ``value`` is not a finite number greater than 0.

    Examples
    --------
    >>> distance_km("max_km", -1)
    Traceback (most recent call last):
    ...
    schoolnet.errors.ParameterError: max_km=-1: expected a distance in km greater than 0
    """
    if value is None and allow_none:
        return None
    if not is_distance(value):
        raise ParameterError(f"{name}={value!r}: expected a distance in km greater than 0{_or_none(allow_none)}")
    return float(value)


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, Iterable) and not isinstance(value, str) else [value]


def whole_numbers(name: str, value: object, *, minimum: int = 0) -> tuple[int, ...]:
    """One whole number or several, each at least ``minimum``: sorted, each once.

    This is the form of ``hops=``: ``2``, ``(1, 2)`` and ``[2, 1, 2]`` all
    mean the same, and ``()`` means none.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        A whole number, or an iterable of them.
    minimum : int, default 0
        The smallest value accepted.

    Returns
    -------
    tuple of int

    Raises
    ------
    ParameterError
        If any value is not a whole number of at least ``minimum``.

    Examples
    --------
    >>> whole_numbers("hops", 1), whole_numbers("hops", ())
    ((1,), ())
    """
    values = _as_list(value)
    if not all(is_whole(v) and int(v) >= minimum for v in values):
        raise ParameterError(f"{name}={value!r}: expected whole numbers of at least {minimum}, such as (1, 2), or ()")
    return tuple(sorted({int(v) for v in values if is_whole(v)}))


def distances_km(name: str, value: object) -> tuple[float, ...]:
    """One distance in km or several, each greater than 0: sorted, each once.

    This is the form of ``km=``: ``5``, ``(5, 10)`` and ``[10, 5]`` all work,
    and ``()`` means none.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        A distance, or an iterable of them.

    Returns
    -------
    tuple of float

    Raises
    ------
    ParameterError
        If any value is not a finite number greater than 0.

    Examples
    --------
    >>> distances_km("km", [10, 5, 10])
    (5.0, 10.0)
    """
    values = _as_list(value)
    if not all(is_distance(v) for v in values):
        raise ParameterError(f"{name}={value!r}: expected distances in km greater than 0, such as (5, 10, 20), or ()")
    return tuple(sorted({float(v) for v in values if is_distance(v)}))


def non_negative_weights(
    name: str,
    weights: Mapping[str, object] | None,
    defaults: Mapping[str, float],
    *,
    known: Iterable[str] | None = None,
) -> dict[str, float]:
    """``defaults`` updated with ``weights``, each a finite number of at least 0.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    weights : mapping or None
        The caller's weights by key.
    defaults : mapping
        The weights used where the caller gives none.
    known : iterable of str, optional
        The keys accepted; any key when omitted.

    Returns
    -------
    dict

    Raises
    ------
    ParameterError
        If a key is unknown or a weight is negative, infinite or not a number.

    Examples
    --------
    >>> non_negative_weights("weights", {"trust": 3}, {"trust": 2.0, "cluster": 1.0})
    {'trust': 3.0, 'cluster': 1.0}
    """
    allowed = None if known is None else tuple(known)
    out = dict(defaults)
    for key, value in (weights or {}).items():
        if allowed is not None and key not in allowed:
            raise ParameterError(f"{name}={{{key!r}: ...}}: unknown key; expected some of {', '.join(allowed)}")
        if not (is_real(value) and float(value) >= 0):
            raise ParameterError(f"{name}={{{key!r}: {value!r}}}: expected a number of at least 0")
        out[str(key)] = float(value)
    return out
