"""Progress bars for long work, shown in notebooks and terminals but not in logs or tests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from typing import TypeVar

from tqdm.auto import tqdm

__all__ = ["progress"]

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
    if show is None:
        disable: bool | None = None if steps is None or steps >= MIN_STEPS else True
    else:
        disable = not show
    yield from tqdm(items, total=steps, desc=desc, disable=disable, leave=False)
