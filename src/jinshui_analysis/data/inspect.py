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

from jinshui_analysis.data.folder import read_folder
from jinshui_analysis.data.tables import NOT_READ_COLUMNS, READ_COLUMNS, is_stock
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
    not_read : DataFrame, columns :data:`~jinshui_analysis.data.tables.NOT_READ_COLUMNS`.
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
        As :func:`~jinshui_analysis.data.read_folder` (a table that cannot be read at all).
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
    if isinstance(data, pd.DataFrame):
        frame, label = data, "(frame)"
    else:
        label = os.fspath(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = read_folder(data, region=region.strip() if region else None)
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
    notes = [str(n) for n in frame.attrs.get("notes", [])]
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
