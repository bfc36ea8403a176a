"""The reading list: what was read from a user's tables, where, and what was not (and why).

:func:`inspect` reads a file or a folder (as :func:`~jinshui_analysis.data.read_folder` does)
and returns an :class:`Inspection`: one row per figure read — file, sheet, block, row, column,
indicator, period, 当月/累计/期末/全年, level or growth, unit, value — and one row per file,
sheet, block, row, column or note *not* read, with its reason.  An analyst checks the reading
before trusting a report (``jinshui inspect DATA``).
"""

from __future__ import annotations

import html
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from jinshui_analysis.data.files import is_project_table, table_files
from jinshui_analysis.data.folder import located, other_files, read_folder
from jinshui_analysis.data.tables.schema import (
    NOT_READ_COLUMNS,
    READ_COLUMNS,
    TIDY_COLUMNS,
    is_stock,
)
from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.periods import PeriodError, parse_period
from jinshui_analysis.results import Results, Summary

__all__ = ["INSPECT_COLUMNS", "Inspection", "inspect", "span"]

#: Columns of :attr:`Inspection.read`.
INSPECT_COLUMNS = [*READ_COLUMNS, "region", "indicator", "period", "span", "measure", "unit",
                   "value"]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def span(period: str, cumulative: bool, indicator: str = "") -> str:
    """What a figure covers, in the words of a bulletin: 期末 (a stock at the end of the
    period), 累计 (year to date), 当月, 当季 or 全年."""
    if is_stock(indicator):
        return "期末"
    if cumulative:
        return "累计"
    if "Q" in period:
        return "当季"
    if "-" in period:
        return "当月"
    return "全年"


def _clean(text: Any) -> Any:
    """Text from a data file made safe for a terminal (control and bidi characters shown as �)."""
    return _CONTROL.sub("\ufffd", text) if isinstance(text, str) else text


@dataclass(frozen=True, repr=False)
class Inspection(Results):
    """The reading list of a file or folder.

    Attributes
    ----------
    data : the file or folder read (as given).
    read : DataFrame, columns :data:`INSPECT_COLUMNS` — one row per figure read.
    not_read : DataFrame, columns :data:`~jinshui_analysis.data.tables.schema.NOT_READ_COLUMNS`.
    notes : the tables' notes (注：…) and hints (e.g. the regions the files name when a
        ``region`` filter matched nothing).
    """

    data: str
    read: pd.DataFrame
    not_read: pd.DataFrame
    notes: tuple[str, ...] = field(default=())

    @property
    def n_read(self) -> int:
        """Number of figures read."""
        return len(self.read)

    @property
    def n_not_read(self) -> int:
        """Number of items not read."""
        return len(self.not_read)

    def summary(self) -> Summary:
        read = self.read.copy()
        read["value"] = [("" if pd.isna(v) else f"{v:,.4f}".rstrip("0").rstrip("."))
                         for v in read["value"]]
        read = read.map(_clean)
        nr = self.not_read.map(_clean)
        return Summary(
            f"读取清单 / reading list: {_clean(self.data)} — 已读取 {self.n_read} 项，"
            f"未读取 {self.n_not_read} 项",
            (("已读取 / read", read), ("未读取及原因 / not read, with the reason", nr)),
            tuple(_clean(n) for n in self.notes),
        )

    def to_frame(self) -> pd.DataFrame:
        """Both lists in one frame: a ``status`` column (``read`` / ``not_read``) first."""
        a = self.read.assign(status="read", reason_zh="", reason_en="", text="")
        b = self.not_read.assign(status="not_read")
        cols = ["status", *INSPECT_COLUMNS, "text", "reason_zh", "reason_en"]
        out = pd.concat([a, b], ignore_index=True)
        out = out.reindex(columns=cols)
        out.columns.name = "field"
        return out

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_frame` as CSV (UTF-8 with BOM, for Excel); text cells starting with
        ``= + - @`` are neutralised with a leading ``'``.  Returns the path."""
        out = self.to_frame().astype(object)
        for c in out.columns:
            if c == "value":
                continue
            out[c] = [f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v
                      for v in out[c]]
        p = Path(path)
        try:
            out.to_csv(p, index=False, encoding="utf-8-sig")
        except OSError as exc:
            raise DataError(f"cannot write the CSV ({exc.strerror or exc})", file=str(p)) from None
        return p

    def to_html(self) -> str:
        """The reading list as a standalone HTML page (all text from the files escaped)."""
        s = self.summary()
        body = s.as_html()
        return ("<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(s.title)}</title></head><body>{body}</body></html>")


def _file_by_file(folder: Path, region: str | None) -> pd.DataFrame:
    """Each table of ``folder`` read on its own; a table that cannot be read is listed as not
    read with the reason (the error, on one line)."""
    frames, reads, not_read, notes = [], [], [], []
    for f in table_files(folder):
        rel = f.relative_to(folder).as_posix()
        try:
            frame = read_folder(f, region=region)
        except DataError as exc:
            text = " ".join(str(exc).split())
            not_read.append(pd.DataFrame([[rel, "", "", "", "", f.name[:60],
                                           f"无法读取：{text}", f"cannot be read: {text}"]],
                                         columns=NOT_READ_COLUMNS))
            continue
        read, nr = located(frame, rel)
        reads.append(read)
        not_read.append(nr)
        notes.extend(frame.attrs.get("notes", []))
        frame.attrs = {}
        frames.append(frame)
    for other in other_files(folder):
        if not is_project_table(other):
            rel = other.relative_to(folder).as_posix()
            not_read.append(pd.DataFrame([[rel, "", "", "", "", other.name[:60],
                                           "不是表格文件，未读取", "not a table, not read"]],
                                         columns=NOT_READ_COLUMNS))
    out = (pd.concat(frames, ignore_index=True) if frames
           else pd.DataFrame({c: pd.Series(dtype=object) for c in TIDY_COLUMNS}))
    out.attrs["read"] = (pd.concat(reads, ignore_index=True) if reads
                         else pd.DataFrame(columns=READ_COLUMNS))
    out.attrs["not_read"] = (pd.concat(not_read, ignore_index=True) if not_read
                             else pd.DataFrame(columns=NOT_READ_COLUMNS))
    out.attrs["notes"] = notes
    return out


def inspect(data: str | os.PathLike[str] | pd.DataFrame, *, period: str | None = None,
            region: str | None = None) -> Inspection:
    """The reading list of a file or folder of bulletin tables.

    Parameters
    ----------
    data : path of a table (.csv, .xlsx, .xls) or folder, or a frame returned by
        :func:`~jinshui_analysis.data.read_folder` / :func:`~jinshui_analysis.data.read_table`
        (its ``attrs["read"]`` and ``attrs["not_read"]`` are used).
    period : str, optional
        Keep the figures of this period (``"2025-09"``, ``"2025年1-9月"``, ``"2025Q2"``, ``"2025"``;
        single and year-to-date alike).
    region : str, optional
        Region for tables that name none (as in ``read_folder``), and the figures kept.

    Returns
    -------
    Inspection

    Raises
    ------
    DataError
        For a single file that cannot be read.  In a folder, a file that cannot be read (or two
        files that disagree) does not stop the list: each file is read on its own, the failing
        ones are listed as not read with the error, and a note says the folder as a whole is
        refused (as a report would refuse it).
    ParameterError
        An unparseable ``period``, an empty ``region``.
    """
    if region is not None and (not isinstance(region, str) or not region.strip()):
        raise ParameterError("must be a non-empty string", parameter="region")
    want: str | None = None
    if period is not None:
        try:
            want = parse_period(period).period
        except PeriodError as exc:
            raise ParameterError(str(exc), parameter="period") from None
    refused: list[str] = []
    if isinstance(data, pd.DataFrame):
        frame, label = data, "(frame)"
    else:
        label = os.fspath(data)
        given = region.strip() if region else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                frame = read_folder(data, region=given)
            except DataError as exc:
                if not Path(data).is_dir():
                    raise
                # the folder as a whole is refused: list what each file gives, and why not
                frame = _file_by_file(Path(data), given)
                refused.append(f"整个文件夹会被拒绝 / the folder as a whole is refused: "
                               f"{' '.join(str(exc).split())}")
    where = frame.attrs.get("read")
    if where is None or len(where) != len(frame):
        where = pd.DataFrame({c: [""] * len(frame) for c in READ_COLUMNS})
    not_read = frame.attrs.get("not_read")
    if not_read is None:
        not_read = pd.DataFrame(columns=NOT_READ_COLUMNS)
    table = pd.DataFrame(where).astype(object).reset_index(drop=True)
    f = frame.reset_index(drop=True)
    for c in ("region", "indicator", "period", "unit", "value"):
        table[c] = f[c].to_numpy()
    table["span"] = [span(p, bool(c), i) for p, c, i in
                     zip(f["period"], f["cumulative"], f["indicator"])]
    table["measure"] = ["growth %" if m == "yoy_pct" else "level" for m in f["measure"]]
    table = table[INSPECT_COLUMNS]
    notes = [*refused, *(str(n) for n in frame.attrs.get("notes", []))]
    keep = pd.Series(True, index=table.index)
    if want is not None:
        keep &= table["period"] == want
    if region is not None:
        keep &= table["region"] == region.strip()
        if not keep.any() and len(table):
            named = "、".join(sorted(set(table["region"])))
            notes.append(f"没有{region.strip()}的数据：文件中的地区是 {named} / no figures for "
                         f"{region.strip()}: the files name {named}")
    return Inspection(label, table[keep].reset_index(drop=True),
                      pd.DataFrame(not_read).astype(object).reset_index(drop=True), tuple(notes))
