"""Read statistical-bulletin tables (CSV/XLSX) into one tidy layout.

:func:`read_table` accepts

(a) the **tidy** layout — columns ``region, indicator, period, value, unit`` and optionally
    ``measure, cumulative, price_basis, source_url``/``source, note`` (the layout of the
    project's shared ``regional/*.csv`` files);
(b) the **wide bulletin** layout of 统计局 monthly tables — indicators as rows, columns such as
    指标名称 | 计量单位 | 本月 | 1-3月 | 累计 | 同比增长% | 比上年增长(%) — with the period in a
    title row (``2023年1-3月金水区主要经济指标``) or in the column headers;
(c) **periods as columns** — 指标 | 单位 | 2021年 | 2022年 | 2023年1-6月 …;
(d) **periods as rows** — 时期 | 地区生产总值（亿元） | 同比 | … with rows 2023年一季度, 2023年上半年.

Files are opened by :mod:`jinshui_analysis.data.readers` (size limits, encodings, cell hygiene).

Title rows above the header (and a second header row such as 绝对值 | 增长% under merged period
cells) are detected.  The result has exactly :data:`TIDY_COLUMNS`:

=============  ============================================================================
region         地区: the tidy file's column, else a known region named in the title or file
               name, else the ``region=`` argument
indicator      指标 name; growth indicators (``…增速``/``…增长`` in %) are stored under the base
               name with ``measure="yoy_pct"``
measure        ``"level"`` or ``"yoy_pct"`` (growth over the same period a year earlier, %)
period         canonical period (``"2023"``, ``"2023Q1"``, ``"2023-03"``; see
               :mod:`jinshui_analysis.periods`)
cumulative     True for year-to-date (累计) values
value          float; NaN for placeholders (—, …, blank)
unit           亿元 for money levels (元/万元/亿元 are converted), else the unit as given
               (see :data:`KNOWN_UNITS`); ``%`` for yoy_pct
price_basis    ``"current"`` (现价), ``"comparable"`` (可比价) or ``""`` (not stated)
source         where the value was read: ``"file.csv row 3"``, ``"url (file.csv row 3)"`` when
               a tidy row has a ``source_url``, ``"book.xlsx!Sheet1 row 7 col C"`` for wide tables
=============  ============================================================================

Rows are 1-based as the user sees them (the spreadsheet row; for CSV the line number).
The input file is only read, never written.

The package, one module per idea (each imported by its real path inside the package):

=================  ==========================================================================
:mod:`.schema`     the tidy layout: :data:`TIDY_COLUMNS`, reading lists, stocks, dtypes
:mod:`.cells`      one cell: its text, its number, placeholders (—, …), true/false
:mod:`.units`      units: :data:`KNOWN_UNITS`, :func:`normalise_unit` (money to 亿元)
:mod:`.indicators`  indicator names: enumerations, units in brackets, growth names, price basis
:mod:`.headers`    header rows: where the header is, which layout, sub-headers, growth words
:mod:`.titles`     the rows above a header and beside a table: period, region, unit, notes
:mod:`.columns`    the columns of a wide table's header: level or growth, of which period
:mod:`.reader`     the state of one reading: values checked and appended, assembled, warned
:mod:`.tidy_layout`  the tidy layout, row by row
:mod:`.tidy_csv`   a big tidy UTF-8 CSV, column by column (same results, faster)
:mod:`.wide`       indicators as rows (bulletin tables), blocks, tables side by side
:mod:`.rows`       periods as rows
:mod:`.read`       :func:`read_table`: a file's sheets to the tidy frame
:mod:`.validate`   :func:`tidy`: check a frame is in the tidy layout
=================  ==========================================================================
"""

from jinshui_analysis.data.readers import MAX_BYTES
from jinshui_analysis.data.tables.cells import PLACEHOLDERS
from jinshui_analysis.data.tables.read import read_table
from jinshui_analysis.data.tables.schema import (
    MEASURES,
    NOT_READ_COLUMNS,
    PRICE_BASES,
    READ_COLUMNS,
    TIDY_COLUMNS,
    ReadingList,
    is_stock,
    reading_list,
)
from jinshui_analysis.data.tables.units import KNOWN_UNITS, UnitInfo, normalise_unit
from jinshui_analysis.data.tables.validate import tidy

__all__ = [
    "KNOWN_UNITS",
    "MAX_BYTES",
    "MEASURES",
    "NOT_READ_COLUMNS",
    "PLACEHOLDERS",
    "PRICE_BASES",
    "READ_COLUMNS",
    "TIDY_COLUMNS",
    "ReadingList",
    "UnitInfo",
    "is_stock",
    "normalise_unit",
    "read_table",
    "reading_list",
    "tidy",
]
