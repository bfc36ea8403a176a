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

from jinshui_analysis.data.files import DATA_SUFFIXES, is_project_table, table_files
from jinshui_analysis.data.tables.read import read_table
from jinshui_analysis.data.tables.schema import (
    NOT_READ_COLUMNS,
    READ_COLUMNS,
    TIDY_COLUMNS,
    reading_list,
)
from jinshui_analysis.exceptions import DataError, TableWarning

__all__ = ["NOT_READ_COLUMNS", "READ_COLUMNS", "located", "other_files", "read_folder"]


def other_files(folder: Path) -> list[Path]:
    """Files below ``folder`` that are not tables (``.pdf``, ``.docx`` …): listed as not read."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() not in DATA_SUFFIXES
        and not any(part.startswith((".", "~$")) for part in p.relative_to(folder).parts)
    )

_KEY = ["region", "indicator", "measure", "period", "cumulative", "price_basis"]


def _file_of(source: str) -> str:
    """The file name in a ``source`` cell (``"url (a.csv row 3)"`` → ``"a.csv"``)."""
    inner = source.rsplit("(", 1)[-1] if source.endswith(")") else source
    return inner.split(" row ", 1)[0].split("!", 1)[0]


def located(frame: pd.DataFrame, rel: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A table's reading list and its list of items not read (``attrs["read"]`` and
    ``attrs["not_read"]``, as :func:`read_table` sets them), each with its ``file`` column set
    to ``rel`` (the file's path relative to the folder read)."""
    read = pd.DataFrame(frame.attrs["read"]).astype(object)
    read["file"] = rel
    nr = pd.DataFrame(frame.attrs["not_read"]).astype(object)
    nr["file"] = rel
    return read, nr


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
        Columns :data:`~jinshui_analysis.data.tables.schema.TIDY_COLUMNS`, files in sorted path order,
        exact duplicates across files dropped (the first kept).  ``attrs["read"]``: where each
        row was read (:data:`READ_COLUMNS`, ``file`` relative to ``path``);
        ``attrs["not_read"]``: every file, sheet, block, row, column or note not read, with its
        reason (:data:`NOT_READ_COLUMNS`; files that are not tables included);
        ``attrs["notes"]``: the tables' notes (注：…) as ``"file: note"`` strings; ``attrs["warnings"]``: every reader warning
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
    reads: list[pd.DataFrame] = []
    not_read: list[pd.DataFrame] = []
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
        rel = f.relative_to(folder).as_posix() if folder.is_dir() else f.name
        read, nr = located(frame, rel)
        reads.append(read)
        not_read.append(nr)
        frame.attrs = {}
        frames.append(frame)
    for other in other_files(folder):
        if is_project_table(other):
            continue
        rel = other.relative_to(folder).as_posix()
        not_read.append(pd.DataFrame([[rel, "", "", "", "", other.name[:60],
                                       f"不是表格文件（{other.suffix or '无扩展名'}），未读取："
                                       "表格请存为 .csv、.xlsx 或 .xls",
                                       f"not a table ({other.suffix or 'no extension'}), not "
                                       "read: save tables as .csv, .xlsx or .xls"]],
                                     columns=NOT_READ_COLUMNS))
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TIDY_COLUMNS)
    where = (pd.concat(reads, ignore_index=True) if reads
             else pd.DataFrame(columns=READ_COLUMNS))
    combined = combined.drop_duplicates(subset=[*_KEY, "value", "unit"], keep="first")
    where = where.loc[combined.index]
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
    out.attrs["read"] = reading_list(where)
    out.attrs["not_read"] = reading_list(
        pd.concat(not_read, ignore_index=True) if not_read
        else pd.DataFrame(columns=NOT_READ_COLUMNS))
    out.attrs["notes"] = notes
    out.attrs["warnings"] = caught_all
    for w in caught_all:
        warnings.warn(w, stacklevel=2)
    return out
