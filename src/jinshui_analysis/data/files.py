"""Which files a user's ``data`` argument stands for: one table, or the tables in a folder.

A folder may hold bulletin tables (read with :func:`~jinshui_analysis.data.read_table`) and a
key-project table whose file name starts with ``projects`` (read with
:func:`jinshui_analysis.data.projects.read_projects`).  Hidden files and Excel lock files (``~$…``)
are ignored.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import ParameterError

DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")
#: The ``data`` value that stands for the package's bundled data.
BUNDLED = "bundled"


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


def check_data(value: str, name: str = "data") -> str:
    """Check a ``data`` value: "bundled", or an existing CSV/XLSX file or a folder holding some.

    Returns the value with a path made absolute; raises :class:`ParameterError` otherwise.
    """
    if value == BUNDLED:
        return value
    path = Path(value).expanduser()
    if not path.exists():
        raise ParameterError(
            f"data file or folder not found: {value!r} (use \"bundled\" for the package data)",
            parameter=name,
        )
    if not (path.is_file() or path.is_dir()):
        raise ParameterError(f"{value!r} is not a regular file or a folder (a FIFO, socket or "
                             "device is not read): give a .csv/.xlsx file or a folder",
                             parameter=name)
    if path.is_file() and path.suffix.lower() not in DATA_SUFFIXES:
        raise ParameterError(f"expected a .csv or .xlsx file, got {value!r}", parameter=name)
    if path.is_dir() and not data_files(path):
        odd = next((p.name for p in path.rglob("*") if p.suffix.lower() in DATA_SUFFIXES
                    and not p.is_file() and not p.is_dir()), None)
        why = f" ({odd!r} is not a regular file: a FIFO, socket or device is not read)" if odd \
            else ""
        raise ParameterError(f"folder {value!r} holds no .csv/.xlsx file{why}", parameter=name)
    return str(path.resolve())


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's content (read in 1 MB chunks; OSError if unreadable)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@functools.lru_cache(maxsize=256)
def _file_sha(path: str, mtime_ns: int, size: int) -> str:
    return file_sha256(path)


def _bundled_files() -> tuple[Path, list[Path]]:
    root = Path(__file__).resolve().parent
    files = sorted(
        p for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".py", ".pyc")
    )
    return root, files


def data_fingerprint(data: str = BUNDLED) -> dict[str, Any]:
    """SHA-256 of the input data: the bundled data files, or the user's file / folder.

    The digest covers each file's relative path and content, in sorted order.
    """
    if data == BUNDLED:
        root, files = _bundled_files()
        label = "bundled (jinshui_analysis/data)"
    else:
        path = Path(data)
        files = data_files(path)
        root = path if path.is_dir() else path.parent
        label = str(path)
    h = hashlib.sha256()
    listing = []
    for f in files:
        st = f.stat()
        digest = _file_sha(str(f), st.st_mtime_ns, st.st_size)
        rel = f.relative_to(root).as_posix()
        h.update(rel.encode() + b"\0" + digest.encode() + b"\n")
        listing.append({"path": rel, "sha256": digest})
    return {"data": label, "sha256": h.hexdigest(), "files": listing}
