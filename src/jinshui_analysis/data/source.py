"""One reading of a report's input data: :class:`DataSource` and :func:`open_source`.

A report's ``data`` (``"bundled"``, a table, or a folder of tables) is validated, listed,
hashed and read **once per process**: the render step (parameter checks, job keys) and the
notebook (:func:`jinshui_analysis.reports.loader.load_report_data`) both take it from
:func:`open_source`, and a worker forked from a process that holds the reading
(:func:`adopt`, the render worker) reads nothing again.

Cache rules
-----------
- The *content* fingerprint (SHA-256 of every file, :func:`~jinshui_analysis.data.files.data_fingerprint`)
  is computed when a folder is first opened in a process, and again only when a file's size or
  modification time changed, or when it is older than ``since`` (the render step passes the
  start of its batch, so an edit that keeps a file's size and time is still seen).
- The reading (:func:`~jinshui_analysis.data.read_folder`) is kept per resolved path, ``region``
  (the fallback region of the tables that name none changes what is read) and content
  fingerprint: the same content is never read twice in one process.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from jinshui_analysis.data import files as _files
from jinshui_analysis.data.tables.schema import TIDY_COLUMNS
from jinshui_analysis.exceptions import JinshuiWarning, TableWarning

__all__ = ["NOT_READ_COLUMNS", "DataSource", "adopt", "clear_cache", "fingerprint_of", "open_source"]

try:  # the reader's own constant, where it has one
    from jinshui_analysis.data.folder import NOT_READ_COLUMNS  # type: ignore[attr-defined]
except ImportError:
    try:
        from jinshui_analysis.data.tables.schema import NOT_READ_COLUMNS  # type: ignore[attr-defined]
    except ImportError:
        #: Columns of :attr:`DataSource.not_read` (the agreed shape of ``frame.attrs["not_read"]``).
        NOT_READ_COLUMNS = ["file", "sheet", "block", "row", "column", "text", "reason_zh",
                            "reason_en"]


def _empty_not_read() -> pd.DataFrame:
    return pd.DataFrame(columns=NOT_READ_COLUMNS)


@dataclass(frozen=True, eq=False)
class DataSource:
    """A report's input data, validated, listed, hashed and read once.

    Attributes
    ----------
    path : the resolved file or folder; None for the bundled data only.
    region : the fallback region the tables were read with (tables naming none).
    tables : the bulletin tables read (sorted).
    projects : the key-project tables (``projects*.csv``).
    frame : the tidy frame of every table (:data:`~jinshui_analysis.data.tables.schema.TIDY_COLUMNS`).
    not_read : one row per file / sheet / block / row / note not read, with its reason
        (columns :data:`NOT_READ_COLUMNS`; empty when everything was read).
    notes : the reader's warnings (objects with ``text(language)``).
    fingerprint : ``{"data", "sha256", "files": [{"path", "sha256"}]}``, as
        :func:`~jinshui_analysis.data.files.data_fingerprint` returns.
    """

    path: Path | None
    region: str | None
    tables: tuple[Path, ...]
    projects: tuple[Path, ...]
    frame: pd.DataFrame = field(repr=False)
    not_read: pd.DataFrame = field(repr=False)
    notes: tuple[Any, ...] = field(default=(), repr=False)
    fingerprint: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def data(self) -> str:
        """The ``data`` value this source stands for: ``"bundled"`` or the path."""
        return _files.BUNDLED if self.path is None else str(self.path)

    @property
    def sha256(self) -> str:
        return str(self.fingerprint.get("sha256", ""))

    @property
    def n_read(self) -> int:
        """Figures read: tidy rows holding a value (a placeholder such as “—” is read as a
        missing value and said in the reader's warnings, not counted here)."""
        if self.frame.empty:
            return 0
        return int(pd.to_numeric(self.frame["value"], errors="coerce").notna().sum())

    @property
    def n_not_read(self) -> int:
        """Items not read (rows of :attr:`not_read`)."""
        return len(self.not_read)

    def regions(self) -> frozenset[str]:
        """Regions named by the tables (after the fallback ``region``)."""
        if self.frame.empty:
            return frozenset()
        return frozenset(str(r) for r in self.frame["region"].dropna().unique())

    def __repr__(self) -> str:
        where = "bundled" if self.path is None else self.path.name
        return (f"DataSource({where!r}, {len(self.tables)} table(s), {self.n_read} figure(s) "
                f"read, {self.n_not_read} not read)")


# --------------------------------------------------------------------------- the cache
_LOCK = threading.RLock()
#: resolved path → (stat listing, fingerprint, time.monotonic() when hashed)
_HASHES: dict[str, tuple[tuple[Any, ...], dict[str, Any], float]] = {}
#: (resolved path, region, content sha256) → DataSource
_READINGS: dict[tuple[str, str | None, str], DataSource] = {}
#: how often each expensive step ran in this process (for tests and the read-once benchmark)
COUNTS = {"hash": 0, "read": 0}


def clear_cache() -> None:
    """Forget every reading and fingerprint of this process."""
    with _LOCK:
        _HASHES.clear()
        _READINGS.clear()


def adopt(source: DataSource) -> None:
    """Take ``source`` as this process's reading of its data (the render worker does this with
    the reading the controller made, so the notebook reads and hashes nothing again)."""
    with _LOCK:
        if source.path is None:
            _READINGS[(_files.BUNDLED, None, "")] = source
            return
        key = str(source.path)
        _HASHES[key] = (_stat_listing(_listed(source.path)), source.fingerprint, time.monotonic())
        _READINGS[(key, source.region, source.sha256)] = source


def _listed(path: Path) -> list[Path]:
    return _files.data_files(path)


def _stat_listing(paths: list[Path]) -> tuple[Any, ...]:
    out = []
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            out.append((str(p), None, None))
            continue
        out.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _content_fingerprint(path: Path, listed: list[Path]) -> dict[str, Any]:
    """SHA-256 of each file's content (no cache) and of the whole listing, as
    :func:`~jinshui_analysis.data.files.data_fingerprint` lays it out."""
    from jinshui_analysis.exceptions import ParameterError

    COUNTS["hash"] += 1
    root = path if path.is_dir() else path.parent
    h = hashlib.sha256()
    listing = []
    from jinshui_analysis.data.readers import MAX_BYTES

    for f in listed:
        try:
            size = f.stat().st_size
            # a file over the size limit is not hashed: the reader refuses it at once by size
            digest = (hashlib.sha256(f"size {size}".encode()).hexdigest() if size > MAX_BYTES
                      else _files.file_sha256(f))
        except OSError as exc:
            raise ParameterError(f"cannot read the data file {str(f)!r}: {exc.strerror or exc}",
                                 parameter="data") from None
        rel = f.relative_to(root).as_posix()
        h.update(rel.encode() + b"\0" + digest.encode() + b"\n")
        listing.append({"path": rel, "sha256": digest})
    return {"data": str(path), "sha256": h.hexdigest(), "files": listing}


def _read(path: Path, region: str | None) -> tuple[pd.DataFrame, list[Any]]:
    """The tables of ``path`` (one :func:`read_folder`); warnings kept as objects."""
    from jinshui_analysis.data.folder import read_folder

    if not _files.table_files(path):
        return pd.DataFrame(columns=TIDY_COLUMNS), []
    COUNTS["read"] += 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_folder(path, region=region)
    notes: list[Any] = list(frame.attrs.get("warnings", []))
    seen = {id(w) for w in notes}
    for w in caught:
        if isinstance(w.message, JinshuiWarning) and id(w.message) not in seen \
                and not isinstance(w.message, TableWarning):
            notes.append(w.message)
            seen.add(id(w.message))
    return frame, notes


def _not_read_of(frame: pd.DataFrame) -> pd.DataFrame:
    got = frame.attrs.get("not_read")
    if not isinstance(got, pd.DataFrame):
        return _empty_not_read()
    out = got.copy()
    for col in NOT_READ_COLUMNS:
        if col not in out:
            out[col] = ""
    return out[NOT_READ_COLUMNS].reset_index(drop=True)


def _fingerprint(checked: str, listed: list[Path], since: float | None) -> dict[str, Any]:
    stats = _stat_listing(listed)
    with _LOCK:
        known = _HASHES.get(checked)
        if known is not None and known[0] == stats and (since is None or known[2] >= since):
            return known[1]
        stamp = time.monotonic()
        fingerprint = _content_fingerprint(Path(checked), listed)
        _HASHES[checked] = (stats, fingerprint, stamp)
        return fingerprint


def fingerprint_of(data: str | os.PathLike[str] = _files.BUNDLED, *,
                   since: float | None = None) -> dict[str, Any]:
    """The content fingerprint of ``data`` (as :func:`~jinshui_analysis.data.files.data_fingerprint`
    lays it out), hashed once per process: again only when a file's size or time changed, or
    when the last hashing is older than ``since`` (a :func:`time.monotonic` value; the render
    step passes the start of its batch, so an edit that keeps a file's size and time is seen)."""
    checked = _files.check_data(str(data))
    if checked == _files.BUNDLED:
        return open_source(checked).fingerprint
    return _fingerprint(checked, _listed(Path(checked)), since)


def open_source(data: str | os.PathLike[str] = _files.BUNDLED, *, region: str | None = None,
                since: float | None = None) -> DataSource:
    """Validate, list, hash and read ``data`` — once per process.

    Parameters
    ----------
    data : ``"bundled"``, or a CSV/XLSX table or a folder of them
        (:func:`~jinshui_analysis.data.files.check_data`).
    region : str, optional
        Region of the tables that name none (passed to
        :func:`~jinshui_analysis.data.read_folder`).
    since : float, optional
        Hash the files' content again if the last hashing is older than this
        :func:`time.monotonic` value, even when sizes and times are unchanged (job keys).

    Returns
    -------
    DataSource
        The same object for the same path, region and content within one process.

    Raises
    ------
    ParameterError
        ``data`` is not "bundled" nor an existing table or folder holding one; a file cannot be
        read.
    DataError
        From the table reader.
    """
    checked = _files.check_data(str(data))
    region = region.strip() if isinstance(region, str) and region.strip() else None
    if checked == _files.BUNDLED:
        with _LOCK:
            key = (_files.BUNDLED, None, "")
            hit = _READINGS.get(key)
            if hit is None:
                hit = DataSource(path=None, region=None, tables=(), projects=(),
                                 frame=pd.DataFrame(columns=TIDY_COLUMNS),
                                 not_read=_empty_not_read(),
                                 fingerprint=_files.data_fingerprint(_files.BUNDLED))
                _READINGS[key] = hit
            return hit
    path = Path(checked)
    listed = _listed(path)
    with _LOCK:
        fingerprint = _fingerprint(checked, listed, since)
        key = (checked, region, fingerprint["sha256"])
        hit = _READINGS.get(key)
        if hit is not None:
            return hit
        frame, notes = _read(path, region)
        source = DataSource(
            path=path, region=region,
            tables=tuple(p for p in listed if not _files.is_project_table(p)),
            projects=tuple(p for p in listed if _files.is_project_table(p)),
            frame=frame, not_read=_not_read_of(frame), notes=tuple(notes),
            fingerprint=fingerprint,
        )
        for stale in [k for k in _READINGS if k[:2] == key[:2]]:  # an older content's reading
            del _READINGS[stale]
        _READINGS[key] = source
        return source
