"""Read a folder of bulletin tables into one tidy frame, refusing contradictory files.

:func:`read_folder` reads every table below a folder (CSV and XLSX, subfolders included, key-
project tables left out: :func:`jinshui_analysis.data.files.table_files`) with
:func:`~jinshui_analysis.data.read_table`, combines them and drops exact duplicates (the same
figure published in two tables, e.g. a monthly table and a quarterly one).  Two files giving
*different* values for the same region/indicator/measure/period/cumulative (and price basis)
raise :class:`DataError` naming both files and the figure.
"""

from __future__ import annotations

import math
import os
import warnings
from pathlib import Path

import pandas as pd

from jinshui_analysis.data.files import table_files
from jinshui_analysis.data.tables import TIDY_COLUMNS, read_table
from jinshui_analysis.exceptions import DataError, TableWarning

__all__ = ["read_folder"]

_KEY = ["region", "indicator", "measure", "period", "cumulative", "price_basis"]


def _file_of(source: str) -> str:
    """The file name in a ``source`` cell (``"url (a.csv row 3)"`` → ``"a.csv"``)."""
    inner = source.rsplit("(", 1)[-1] if source.endswith(")") else source
    return inner.split(" row ", 1)[0].split("!", 1)[0]


def read_folder(path: str | os.PathLike[str], *, region: str | None = None) -> pd.DataFrame:
    """Read every bulletin table below ``path`` into one tidy frame.

    Parameters
    ----------
    path : folder (or a single table)
    region : str, optional
        Region for tables that name no known region (passed to ``read_table``).

    Returns
    -------
    DataFrame
        Columns :data:`~jinshui_analysis.data.tables.TIDY_COLUMNS`, files in sorted path order,
        exact duplicates across files dropped (the first kept).  ``attrs["notes"]``: the tables'
        notes (注：…) as ``"file: note"`` strings; ``attrs["warnings"]``: every reader warning
        (:class:`~jinshui_analysis.exceptions.TableWarning`, with ``text("zh"/"en")``), which
        are also emitted.

    Raises
    ------
    DataError
        From any table, or when two files give different values for one figure (naming both
        files, the figure and both values); when the folder holds no table.
    """
    folder = Path(path)
    if not folder.exists():
        raise DataError("folder not found", file=str(folder))
    files = table_files(folder)
    if not files:
        raise DataError("no tables (.csv, .xlsx) in the folder", file=str(folder))
    frames: list[pd.DataFrame] = []
    notes: list[str] = []
    caught_all: list[TableWarning] = []
    for f in files:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = read_table(f, region=region)
        caught_all.extend(w.message for w in caught if isinstance(w.message, TableWarning))
        for w in caught:  # other warnings pass through unchanged
            if not isinstance(w.message, TableWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        notes.extend(f"{f.name}: {n}" for n in frame.attrs.get("notes", []))
        frames.append(frame)
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TIDY_COLUMNS)
    combined = combined.drop_duplicates(subset=[*_KEY, "value", "unit"], keep="first")
    dup = combined.duplicated(_KEY, keep=False)
    if dup.any():
        clash = combined[dup].sort_index()
        first = clash.iloc[0]
        same = clash[(clash[_KEY] == first[_KEY]).all(axis=1)]
        a, b = same.iloc[0], same.iloc[1]
        both_nan = all(isinstance(v, float) and math.isnan(v) for v in (a.value, b.value))
        if not both_nan:
            when = f"{a.period}{' (累计)' if a.cumulative else ''}"
            raise DataError(
                f"two files disagree on {a.region}/{a.indicator}/{a.measure}/{when}: "
                f"{_file_of(a.source)} has {a.value:g} {a.unit} ({a.source}), "
                f"{_file_of(b.source)} has {b.value:g} {b.unit} ({b.source}); remove or correct "
                "one of them",
                file=str(folder), text=f"{a.region} {a.indicator} {when}",
            )
    out = combined.reset_index(drop=True)
    out.attrs["notes"] = notes
    out.attrs["warnings"] = caught_all
    for w in caught_all:
        warnings.warn(w, stacklevel=2)
    return out
