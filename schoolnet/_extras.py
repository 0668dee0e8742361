"""The optional packages of schoolnet's extras, imported when a function first needs one."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtraError

__all__ = ["needs_extra"]


def needs_extra(module: str, *, extra: str = "maps", what: str = "this function") -> ModuleType:
    """Import an optional package, or say which of schoolnet's extras installs it.

    Parameters
    ----------
    module : str
        The package to import, such as ``"geopandas"``.
    extra : str, default "maps"
        The extra of schoolnet that installs it.
    what : str, default "this function"
        What needs it, for the message.

    Returns
    -------
    module
        The imported package.

    Raises
    ------
    MissingExtraError
        If the package is not installed; also an ``ImportError``.

    Examples
    --------
    >>> needs_extra("json").__name__
    'json'
    >>> needs_extra("no_such_package_here", what="schoolnet.explore")
    Traceback (most recent call last):
    ...
    schoolnet.errors.MissingExtraError: schoolnet.explore needs no_such_package_here, ...
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(
            f"{what} needs {module}, which is not installed: install it with pip install 'schoolnet[{extra}]'"
        ) from error
