"""Which files a user's ``data`` argument stands for: one table, or the tables in a folder.

A folder may hold bulletin tables (read with :func:`~jinshui_analysis.data.read_table`) and a
key-project table whose file name starts with ``projects`` (read with
:func:`jinshui_analysis.sections.read_projects`).  Hidden files and Excel lock files (``~$…``)
are ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def is_project_table(path: str | os.PathLike[str]) -> bool:
    """True for a key-project table (file name starting with ``projects``)."""
    return Path(path).name.lower().startswith("projects")


def data_files(path: str | os.PathLike[str]) -> list[Path]:
    """The data files of ``path``: the file itself, or every table below the folder, sorted."""
    path = Path(path)
    if path.is_file():
        return [path]
    return sorted(
        p for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith((".", "~$"))
    )


def table_files(path: str | os.PathLike[str]) -> list[Path]:
    """The bulletin tables of ``path`` (project tables left out)."""
    return [p for p in data_files(path) if not is_project_table(p)]


def project_files(path: str | os.PathLike[str]) -> list[Path]:
    """The key-project tables of ``path``."""
    return [p for p in data_files(path) if is_project_table(p)]
