""":func:`read_table`: a CSV/XLSX/XLS file's sheets, each read in its layout, into one tidy frame."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from jinshui_analysis.data.readers import MAX_BYTES, Grid, open_grids
from jinshui_analysis.data.regions import known_regions
from jinshui_analysis.data.tables.cells import cell_text
from jinshui_analysis.data.tables.headers import find_header
from jinshui_analysis.data.tables.reader import Reader, assemble, finish
from jinshui_analysis.data.tables.rows import read_rows
from jinshui_analysis.data.tables.tidy_csv import read_tidy_csv
from jinshui_analysis.data.tables.tidy_layout import read_tidy
from jinshui_analysis.data.tables.wide import read_wide
from jinshui_analysis.exceptions import DataError, ParameterError


def read_table(
    path: str | Path,
    *,
    region: str | None = None,
    sheet: str | int | None = None,
    on_bad_period: Literal["raise", "skip"] = "raise",
    on_duplicate: Literal["raise", "keep"] = "raise",
    max_bytes: int = MAX_BYTES,
) -> pd.DataFrame:
    """Read a bulletin table (CSV or XLSX; tidy or wide layout) into the tidy layout.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt`` (UTF-8, UTF-8 with BOM, UTF-16 with BOM or GB18030/GBK — detected;
        comma- or tab-separated) or ``.xlsx``/``.xlsm``.  Never modified.
    region : str, optional
        Fallback region: for a wide table whose title and file name name no known region
        (:func:`~jinshui_analysis.data.regions.known_regions`; the longest known name in the
        title wins, ``金水区分季度地区生产总值`` → 金水区), or for tidy rows whose region is empty.
        A title naming an unknown region (``南关区…``) needs it.
    sheet : str or int, optional
        Worksheet name or 0-based index (XLSX only); default the first sheet.
    on_bad_period : {"raise", "skip"}
        What to do with a tidy row whose period cannot be parsed (``"(undated)"``, ``"2021~2025"``):
        raise :class:`PeriodError`, or skip the row and report it in one ``SkippedDataWarning``.
    on_duplicate : {"raise", "keep"}
        Rows with the same (region, indicator, measure, period, cumulative, price_basis) and
        different values raise :class:`DataError`, or are all kept (one
        ``ConflictingValuesWarning``), e.g. two statistical bases published for one year.
        Identical duplicates are always dropped silently (the first row is kept).
    max_bytes : int
        Larger files are refused before loading (default :data:`MAX_BYTES`, 50 MB); XLSX
        workbooks that would expand implausibly are refused too (see
        :mod:`jinshui_analysis.data.readers`).

    Returns
    -------
    DataFrame
        Columns :data:`TIDY_COLUMNS` (string columns, ``cumulative`` bool, ``value`` float64),
        in file order.  ``attrs["notes"]``: the table's note rows (注：…, 说明：…, 资料来源：…) as
        strings, not data; ``attrs["warnings"]``: the warnings below (also emitted), each with
        ``text("zh")``/``text("en")``.

    Warns
    -----
    MissingValuesWarning
        Once, listing every placeholder (—, –, -, …, ..., /, －, blank) read as NaN.
    SkippedDataWarning
        Rows skipped for their period (``on_bad_period="skip"``) and 百分点 columns.
    TableNotesWarning
        The table's notes.

    Raises
    ------
    DataError
        Naming the file, the row (1-based as shown in Excel / the CSV line), the column and the
        text: non-numeric value, conflicting duplicate, unknown or missing unit, negative level of
        a quantity that cannot be negative, no header, unknown column header, no region.
    PeriodError
        (a DataError) for an unparseable period label.

    Notes
    -----
    Layouts: tidy; indicators as rows (指标 | 单位 | 本月/当月/6月 | 1-6月/累计 | 同比增长% …, a
    second header row 绝对值 | 同比增长% under merged period cells); periods as columns
    (2022年 | 2023年1-6月); periods as rows (时期 | 地区生产总值（亿元） | 同比 …, see
    :func:`~jinshui_analysis.data.tables.rows.read_rows`).  A single-month column (本月, 当月,
    6月) gives ``cumulative=False`` rows, a year-to-date column (1-6月, 累计, 上半年)
    ``cumulative=True``; a single quarter
    (``二季度``) is single, a full year is a year.  **A growth column belongs to the level
    column on its left**: in 本月 | 1-3月 | 同比增长% it is the growth of 1-3月 (year to date);
    headers naming their period (当月增长, 累计增长, 1-3月增长%) map to that period.  A row
    named only as a growth (``同比增长（%）``) directly under ``地区生产总值（亿元）`` is the
    yoy_pct of 地区生产总值.  A header that looks like a period but does not parse
    (``2023年第13月``, ``2023-13``) raises :class:`PeriodError`.

    Growth indicators in a tidy file (``地区生产总值增速`` in %, ``…增长(%)``) become
    ``measure="yoy_pct"`` rows of the base indicator (``地区生产总值``); ``…名义增速`` also sets
    ``price_basis="current"``.  ``…增速目标`` and ``…年均增速`` are not year-on-year growth and stay
    levels in %.  In a wide table, growth columns (同比增长%, 比上年增长(%), 1-3月增长%) give
    yoy_pct rows; their period is the one in the header, else 本月/累计, else that of the level
    column to their left, else the title's.  Indicator names lose whitespace and enumerations
    (``一、``, ``其中：``, ``#``); a trailing ``(亿元)`` is read as the unit.

    Rows published only as a growth rate (wide layout).  A unit is needed only for a level cell
    that holds a number: a unit cell that is blank or a placeholder (``—``) with placeholder
    level cells gives the yoy_pct rows alone (the placeholder levels are listed in the
    MissingValuesWarning, no level row).  A row in ``%`` (or ``‰``) is read as follows:

    - a level number is present, or the name is that of a rate (…率, 比重, 占比, 比例, 强度, 系数,
      份额): the level is a rate in %; its 增长 column would be a change of a rate and is
      skipped (SkippedDataWarning), as for rows in 百分点 and growth-named rows (…增速) that
      publish a number in a level column;
    - a growth-named row whose level cells are all placeholders
      (``规模以上工业增加值增速 | % | — | — | 6.8``) publishes its growth in the growth column:
      yoy_pct rows of the indicator it names (规模以上工业增加值);
    - otherwise (``规模以上工业增加值 | % | — | 3.2``, the level never published) the ``%``
      describes the growth column: its values are yoy_pct rows and the placeholder level cells
      give no row.
    """
    if on_bad_period not in ("raise", "skip"):
        raise ParameterError("must be 'raise' or 'skip'", parameter="on_bad_period")
    if on_duplicate not in ("raise", "keep"):
        raise ParameterError("must be 'raise' or 'keep'", parameter="on_duplicate")
    if region is not None and (not isinstance(region, str) or not region.strip()):
        raise ParameterError("must be a non-empty string", parameter="region")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ParameterError("must be a positive number of bytes", parameter="max_bytes")
    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", file=str(path))
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls") and sheet is not None:
        raise ParameterError("only for .xlsx/.xls files", parameter="sheet")
    given = region.strip() if region else None
    if sheet is None and path.suffix.lower() in (".csv", ".txt", ".tsv"):
        fast = read_tidy_csv(path, given, on_bad_period, on_duplicate, max_bytes)
        if fast is not None:
            return fast
    grids, sheets_skipped = open_grids(path, max_bytes, sheet)
    rd = Reader(grids[0] if grids else Grid(path, None, []), given, on_bad_period,
                 known_regions((given,) if given else ()))
    for sk in sheets_skipped:
        rd.grid = Grid(path, sk.sheet, [])
        rd.skip("", "", sk.sheet, sk.reason_zh, sk.reason_en)
    first_error: DataError | None = None
    n_read = 0
    read_grids: list[Grid] = []
    for grid in grids:
        rd.set_grid(grid)
        if not any(cell_text(c) for _, cells in grid.head for c in cells):
            rd.skip("", "", grid.sheet or "", "空白工作表", "empty sheet")
            continue
        try:
            header_k, layout, tidy_map = find_header(grid)
        except DataError as exc:
            if len(grids) == 1:
                raise
            first_error = first_error or exc
            text = next((cell_text(c) for _, cells in grid.head for c in cells
                         if cell_text(c)), "")
            rd.skip("", "", text, "工作表中找不到表头（指标/单位/时期），未读取：如是数据表请加表头",
                    "no header row (指标/单位/时期) on the sheet, not read")
            continue
        n_read += 1
        read_grids.append(grid)
        if layout == "tidy":
            assert tidy_map is not None
            read_tidy(rd, header_k, tidy_map)
        elif layout == "rows":
            read_rows(rd, header_k)
        else:
            read_wide(rd, header_k)
    if n_read == 0 and first_error is not None:
        raise first_error
    frame, conflicts, where = assemble(rd, on_duplicate)
    wname = read_grids[0].name if len(read_grids) == 1 else path.name
    return finish(frame, rd, conflicts, where, wname, stacklevel=3)
