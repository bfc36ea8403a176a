"""The state of one reading (:class:`Reader`): values checked and appended column-wise, cells not
read listed with their reason; then assembled into the tidy frame (duplicates dropped or
refused) and finished with its warnings and reading lists."""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.data.readers import Grid
from jinshui_analysis.data.tables.cells import CellProblem, cell_text, parse_value
from jinshui_analysis.data.tables.headers import GROWTH_WORDS
from jinshui_analysis.data.tables.schema import (
    KEY,
    NOT_READ_COLUMNS,
    READ_COLUMNS,
    TIDY_COLUMNS,
    ReadingList,
    coerce,
    reading_list,
)
from jinshui_analysis.data.tables.units import (
    KNOWN_UNITS,
    MAY_BE_NEGATIVE,
    to_canonical_unit,
    unit_info,
)
from jinshui_analysis.exceptions import (
    Cell,
    ConflictingValuesWarning,
    DataError,
    MissingValuesWarning,
    SkippedDataWarning,
    TableNotesWarning,
    TableWarning,
)
from jinshui_analysis.periods import Period


class Reader:
    """State shared while reading one table: the values (column-wise, to keep big tables small),
    placeholders, skipped cells and notes for the warnings."""

    def __init__(self, grid: Grid, region: str | None, on_bad_period: str,
                 regions: frozenset[str] = frozenset()) -> None:
        self.grid = grid
        self.region = region
        self.regions = regions
        self.on_bad_period = on_bad_period
        self.missing: list[Cell] = []
        self.skipped: list[Cell] = []
        self.notes: list[str] = []
        self.data: dict[str, list[Any]] = {
            c: [] for c in (*TIDY_COLUMNS, "row", "column", "sheet", "block")
        }
        self._strings: dict[str, str] = {}
        self.block = ""
        self.not_read: list[list[Any]] = []

    def set_grid(self, grid: Grid) -> None:
        self.grid = grid
        self.block = ""

    def skip(self, row: Any, column: Any, text: Any, zh: str, en: str) -> None:
        """List an item not read (for ``attrs["not_read"]``)."""
        t = cell_text(text) if not isinstance(text, str) else text
        t = re.sub(r"\s+", " ", t).strip()
        self.not_read.append([self.grid.path.name, self.grid.sheet or "", self.block,
                              row if row is not None else "", column or "",
                              t[:60], zh, en])

    def error(self, message: str, row: int | None = None, column: str | None = None,
              text: Any = None, cls: type[DataError] = DataError) -> DataError:
        return cls(message, file=self.grid.where, row=row, column=column, text=text)

    def _s(self, text: str) -> str:
        """One shared string object per distinct text (big tables repeat names)."""
        return self._strings.setdefault(text, text)

    def add(self, *, region: str, indicator: str, measure: str, period: Period, raw: Any,
            unit: str, price_basis: str, source: str, row: int, column: str,
            unit_column: str, plain: str = "") -> None:
        """Validate and append one value; ``plain`` names its column/period in plain words."""
        try:
            if measure == "yoy_pct":
                if unit not in ("", "%"):
                    raise CellProblem(f"growth rate (yoy_pct) must be in %, not {unit!r}", unit)
                unit, info = "%", KNOWN_UNITS["%"]
            else:
                info = unit_info(unit)
        except CellProblem as exc:
            raise self.error(exc.message, row, unit_column, exc.text) from None
        try:
            value = parse_value(raw, percent_ok=info.kind == "percent")
        except CellProblem as exc:
            raise self.error(exc.message, row, column, exc.text) from None
        if value is None:
            shown = indicator
            if measure == "yoy_pct" and not GROWTH_WORDS.search(plain or column):
                shown = f"{indicator}增速"
            self.missing.append(Cell(shown, plain or column, cell_text(raw)))
            value = float("nan")
        elif measure == "level" and info.nonnegative and value < 0 and not MAY_BE_NEGATIVE.search(
            indicator
        ):
            raise self.error(
                f"negative level of {indicator!r} in {unit}: this quantity cannot be negative",
                row, column, raw,
            )
        value, unit = to_canonical_unit(value, unit, info, indicator)
        d, s = self.data, self._s
        d["region"].append(s(region))
        d["indicator"].append(s(indicator))
        d["measure"].append(measure)
        d["period"].append(s(period.period))
        d["cumulative"].append(period.cumulative)
        d["value"].append(value)
        d["unit"].append(s(unit))
        d["price_basis"].append(price_basis)
        d["source"].append(source)
        d["row"].append(row)
        d["column"].append(s(column))
        d["sheet"].append(self.grid.sheet or "")
        d["block"].append(self.block)


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def assemble(rd: Reader, on_duplicate: str) -> tuple[pd.DataFrame, list[Cell], pd.DataFrame]:
    """The values as a frame, identical duplicates dropped; conflicting ones raise or are kept
    (returned as :class:`Cell` items for the warning)."""
    d = rd.data
    frame = pd.DataFrame(d, columns=[*TIDY_COLUMNS, "row", "column", "sheet", "block"])
    conflicts: list[Cell] = []
    if len(frame):
        dup = frame.duplicated(KEY, keep=False).to_numpy()
        if dup.any():
            drop: list[int] = []
            first: dict[tuple, int] = {}
            groups: dict[tuple, list[int]] = {}
            for i in np.flatnonzero(dup):
                key = tuple(d[c][i] for c in KEY)
                k0 = first.setdefault(key, int(i))
                if k0 == i:
                    continue
                if d["unit"][k0] == d["unit"][i] and _same(d["value"][k0], d["value"][i]):
                    drop.append(int(i))
                    continue
                if on_duplicate == "raise":
                    raise DataError(
                        f"duplicate entry for {key[0]}/{key[1]}/{key[2]}/{key[3]} with a different"
                        f" value: {d['source'][k0]} has {d['value'][k0]:g} {d['unit'][k0]}, this "
                        f"row has {d['value'][i]:g} {d['unit'][i]} (pass on_duplicate='keep' to "
                        "keep both)", file=sheet_where(rd.grid.path, d["sheet"][i]),
                        row=d["row"][i], column=d["column"][i], text=d["value"][i],
                    )
                groups.setdefault(key, [k0]).append(int(i))
            if drop:
                frame = frame.drop(index=drop)
            for key, idx in groups.items():
                conflicts.append(Cell(f"{key[0]} {key[1]}", key[3],
                                      "、".join(f"{d['value'][i]:g}" for i in idx)))
    where = pd.DataFrame({
        "file": rd.grid.path.name,
        "sheet": frame["sheet"].to_numpy(),
        "block": frame["block"].to_numpy(),
        "row": frame["row"].to_numpy(),
        "column": frame["column"].to_numpy(),
    }, columns=READ_COLUMNS)
    return coerce(frame[TIDY_COLUMNS].reset_index(drop=True)), conflicts, where


def sheet_where(path: Path, sheet: str) -> str:
    """A file and sheet as errors name them (``book.xlsx!Sheet1``)."""
    return f"{path}!{sheet}" if sheet else str(path)


def finish(frame: pd.DataFrame, rd: Reader, conflicts: list[Cell], read: pd.DataFrame,
            wname: str, stacklevel: int = 4) -> pd.DataFrame:
    """Warnings emitted (``stacklevel`` pointing at read_table's caller) and attrs set, as
    read_table returns them."""
    found: list[TableWarning] = []
    if rd.missing:
        found.append(MissingValuesWarning(file=wname, cells=rd.missing))
    if rd.skipped:
        found.append(SkippedDataWarning(file=wname, cells=rd.skipped))
    if conflicts:
        found.append(ConflictingValuesWarning(file=wname, cells=conflicts))
    if rd.notes:
        found.append(TableNotesWarning(file=wname, notes=rd.notes))
    for w in found:
        warnings.warn(w, stacklevel=stacklevel)
    frame.attrs["notes"] = list(rd.notes)
    frame.attrs["warnings"] = found
    frame.attrs["read"] = read if isinstance(read, ReadingList) else reading_list(read)
    frame.attrs["not_read"] = reading_list(pd.DataFrame(rd.not_read, columns=NOT_READ_COLUMNS))
    return frame
