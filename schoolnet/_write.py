"""Writing one table to a file, as the readers read it back."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import SchoolnetError

__all__ = ["write_table"]


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write one table to a file; the format follows the extension.

    Dates are written as ``YYYY-MM-DD`` and blanks as empty cells, so that the
    file reads back as it was.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, with its key as a column.
    path : str or pathlib.Path
        A ``.csv``, ``.csv.gz``, ``.xlsx`` or ``.parquet`` path.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    name = path.name.lower()
    if name.endswith((".csv", ".csv.gz")):
        frame.to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")
    elif name.endswith(".xlsx"):
        out = frame.copy()
        for column in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[column].dtype):
                out[column] = out[column].dt.strftime("%Y-%m-%d")
        try:
            out.to_excel(path, index=False)
        except ImportError as err:
            raise SchoolnetError(f"{path.name}: writing Excel needs openpyxl: pip install 'schoolnet[excel]'") from err
    elif name.endswith(".parquet"):
        try:
            frame.to_parquet(path, index=False)
        except ImportError as err:
            raise SchoolnetError(
                f"{path.name}: writing parquet needs pyarrow: pip install 'schoolnet[parquet]'"
            ) from err
    else:
        raise SchoolnetError(f"{path}: unknown file type; expected .csv, .csv.gz, .xlsx or .parquet")
    return path
