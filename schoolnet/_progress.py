"""Progress bars for long work, shown in notebooks and terminals but not in logs or tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from typing import TypeVar

from tqdm.auto import tqdm

__all__ = ["bar", "progress"]

T = TypeVar("T")

#: Below this many steps no bar is drawn: the work is over before a bar would help.
MIN_STEPS = 200


def progress(items: Iterable[T], *, total: int | None = None, desc: str, show: bool | None = None) -> Iterator[T]:
    """Iterate over ``items`` with a progress bar.

    Parameters
    ----------
    items : iterable
        The work, one step per item.
    total : int, optional
        The number of steps, if ``items`` has no length.
    desc : str
        What the work is, shown beside the bar.
    show : bool or None, default None
        ``True`` always draws a bar and ``False`` never does. ``None`` draws
        one for long work (at least :data:`MIN_STEPS` steps) when the output
        is a terminal or a notebook, and not when it is a log file.

    Yields
    ------
    object
        The items, unchanged.

    Examples
    --------
    >>> list(progress(range(3), desc="counting", show=False))
    [0, 1, 2]
    """
    steps = total if total is not None else (len(items) if isinstance(items, Sized) else None)
    yield from tqdm(items, total=steps, desc=desc, disable=_disable(steps, show), leave=False)


def _disable(steps: int | None, show: bool | None) -> bool | None:
    if show is None:
        return None if steps is None or steps >= MIN_STEPS else True
    return not show


@contextmanager
def bar(*, total: int, desc: str, show: bool | None = None) -> Iterator[Callable[[int], object]]:
    """A progress bar for work done in blocks: yields a function that advances it by a number of steps.

    Parameters
    ----------
    total : int
        The number of steps.
    desc : str
        What the work is, shown beside the bar.
    show : bool or None, default None
        As for :func:`progress`.

    Yields
    ------
    callable
        Call it with the number of steps just done.

    Examples
    --------
    >>> with bar(total=6, desc="counting", show=False) as tick:
    ...     for block in ([1, 2, 3], [4, 5, 6]):
    ...         _ = tick(len(block))
    """
    with tqdm(total=total, desc=desc, disable=_disable(total, show), leave=False) as shown:
        yield shown.update
