"""A user's key-project table (重点项目, ``projects.csv`` or ``projects.xlsx``): one row per
project with ``project_id, name, level, planned`` (亿元, the year's planned investment) and one
column per month ``YYYY-MM`` of completed investment (亿元).

Read through the table reader's file layer (:func:`jinshui_analysis.data.readers.open_grid`):
the same encodings (UTF-8 with or without BOM, GB18030/GBK, Big5), size limits and damaged-file
checks as a bulletin table.  Every cell is checked: a planned investment must be a finite number
above 0, a month's completed investment a finite number ≥ 0 (blank, ``—`` or ``-`` = 0);
anything else is a :class:`DataError` naming the file, row and column.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from jinshui_analysis.data.readers import MAX_BYTES, col_letter, open_grid
from jinshui_analysis.exceptions import DataError
from jinshui_analysis.periods import code_freq, month_code, year_of_code

#: Cells that mean "nothing completed this month".
BLANKS = frozenset({"", "—", "–", "-", "--", "…", "...", "/"})
REQUIRED = ("project_id", "level", "planned")


@dataclass(frozen=True)
class ProjectData:
    """A key-project list: the projects and their monthly completed investment.

    Read from a user's table (:func:`read_projects`, ``synthetic=False``) or generated as demo
    data (:func:`jinshui_analysis.data.demo_projects.key_projects`, ``synthetic=True``).

    Attributes
    ----------
    projects : DataFrame indexed by ``project_id`` with columns name, level, level_en, sector,
        total_investment (亿元), planned (亿元, the year's planned investment), source.
    completed : DataFrame, rows months "YYYY-MM" (index name ``period``), columns project_id,
        values completed investment in that single month (亿元).
    year : int
        The plan year.
    synthetic : bool
        True for demo data (示例数据).
    """

    projects: pd.DataFrame
    completed: pd.DataFrame
    year: int
    synthetic: bool = True

    def completed_ytd(self, through: str) -> pd.Series:
        """Year-to-date completed investment per project through month ``through`` (亿元)."""
        return self.completed.loc[self.completed.index <= through].sum()


def _header(value: Any) -> str:
    """A header cell as text; a month Excel turned into a date reads ``YYYY-MM``."""
    if isinstance(value, _dt.datetime | _dt.date):
        return month_code(value.year, value.month)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id Excel stored as 1.0
    return "" if value is None else str(value).strip()


def _cell(value: Any) -> Any:
    """Another column's cell: numbers stay numbers, anything else is text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return _header(value)


def _number(value: Any, *, blank: float | None, where: dict[str, Any], what: str) -> float:
    if value is None or (isinstance(value, str) and value.strip() in BLANKS):
        if blank is None:
            raise DataError(f"{what} is empty", **where)
        return blank
    if isinstance(value, bool):
        raise DataError(f"{what} must be a number, got true/false", **where)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        try:
            number = float(text)
        except ValueError:
            raise DataError(f"{what} must be a number (亿元)", text=str(value)[:40],
                            **where) from None
    if not math.isfinite(number):
        raise DataError(f"{what} must be a finite number, got {number}", **where)
    return number


def read_projects(path: str | os.PathLike[str]) -> ProjectData:
    """Read a user's key-project table (see the module docstring).

    Raises
    ------
    DataError
        unreadable or undecodable file, missing columns, no month columns or months of more
        than one year, a duplicate project id, or a cell that is not a finite number
        (planned ≤ 0, a negative, ``inf`` or ``nan`` month), naming file, row and column.
    """
    path = Path(path)
    grid = open_grid(path, None, MAX_BYTES)
    where = grid.where
    rows = [(n, cells) for n, cells in grid.rows
            if any(c is not None and str(c).strip() for c in cells)]
    if not rows:
        raise DataError("the project table is empty", file=where)
    head_row, head = rows[0]
    header = [_header(c) for c in head]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DataError(f"project table lacks column(s) {missing} (needs project_id, level, "
                        "planned and month columns YYYY-MM)", file=where, row=head_row)
    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if name and name in seen:
            raise DataError(f"column {name!r} appears twice (columns {col_letter(seen[name])} "
                            f"and {col_letter(j)})", file=where, row=head_row)
        seen[name] = j
    months = [c for c in header if c and code_freq(c) == "M"]
    if not months:
        raise DataError("project table has no month columns like '2023-01'", file=where,
                        row=head_row)
    years = sorted({year_of_code(m) for m in months})
    if len(years) > 1:
        raise DataError(f"month columns span {years[0]}–{years[-1]}: one year per project table",
                        file=where, row=head_row)
    ids: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    completed: dict[str, list[float]] = {}
    for rownum, cells in rows[1:]:
        cells = list(cells) + [None] * (len(header) - len(cells))

        def at(name: str, rownum: int = rownum, cells: list[Any] = cells) -> tuple[Any, dict]:
            j = seen[name]
            return cells[j], {"file": where, "row": rownum, "column": col_letter(j)}

        pid_value, pid_where = at("project_id")
        pid = _header(pid_value)
        if not pid:
            raise DataError("project_id is empty", **pid_where)
        if pid in ids:
            raise DataError(f"project_id {pid[:40]!r} appears twice (rows {ids[pid]} and "
                            f"{rownum})", **pid_where)
        ids[pid] = rownum
        value, w = at("planned")
        planned = _number(value, blank=None, where=w, what="planned investment")
        if planned <= 0:
            raise DataError(f"planned investment must be above 0 (亿元), got {planned:g}", **w)
        record = {name: (planned if name == "planned" else _cell(cells[j]))
                  for name, j in seen.items() if name and name not in months}
        record["project_id"] = pid
        records.append(record)
        done = []
        for m in months:
            value, w = at(m)
            v = _number(value, blank=0.0, where=w, what=f"completed investment of {m}")
            if v < 0:
                raise DataError(f"completed investment of {m} must be 0 or more (亿元), got "
                                f"{v:g}", **w)
            done.append(v)
        completed[pid] = done
    if not records:
        raise DataError("the project table has no project rows", file=where)
    projects = pd.DataFrame(records).set_index("project_id")
    projects["planned"] = projects["planned"].astype(float)
    projects["source"] = grid.name
    frame = pd.DataFrame(completed, index=pd.Index(months, name="period"), dtype=float)
    return ProjectData(projects=projects, completed=frame, year=years[0], synthetic=False)
