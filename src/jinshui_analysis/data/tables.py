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
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from jinshui_analysis.data.readers import MAX_BYTES, Grid, col_letter, open_grids
from jinshui_analysis.data.regions import find_region, known_regions
from jinshui_analysis.exceptions import (
    SKIP_REASONS,
    Cell,
    ConflictingValuesWarning,
    DataError,
    MissingValuesWarning,
    ParameterError,
    PeriodError,
    SkippedDataWarning,
    TableNotesWarning,
    TableWarning,
)
from jinshui_analysis.periods import (
    Period,
    month_code,
    parse_period,
    quarter_code_of,
    search_period,
)

__all__ = [
    "KNOWN_UNITS",
    "MAX_BYTES",
    "MEASURES",
    "NOT_READ_COLUMNS",
    "READ_COLUMNS",
    "PLACEHOLDERS",
    "PRICE_BASES",
    "TIDY_COLUMNS",
    "UnitInfo",
    "is_stock",
    "normalise_unit",
    "read_table",
    "tidy",
]

TIDY_COLUMNS = [
    "region", "indicator", "measure", "period", "cumulative", "value", "unit", "price_basis", "source",
]
#: Columns of ``attrs["not_read"]``: one row per file / sheet / block / row / column / note not
#: read, with its reason in Chinese and English (``row`` 1-based as a spreadsheet shows it).
NOT_READ_COLUMNS = ["file", "sheet", "block", "row", "column", "text", "reason_zh", "reason_en"]
#: Columns of ``attrs["read"]``: where each tidy row was read, in the frame's order.
READ_COLUMNS = ["file", "sheet", "block", "row", "column"]
#: Indicators that are stocks (end-of-period levels: 存款余额, 年末常住人口, 9月末 …).
STOCK_NAME = re.compile(
    r"余额|期末|年末|月末|季末|末户数|存量|保有量|实有|(?<!新增)(?<!新登记)(?<!新设立)(?<!注销)企业数"
)


class ReadingList(pd.DataFrame):
    """``attrs["read"]``/``attrs["not_read"]`` of a tidy frame: a DataFrame treated as immutable.

    pandas deep-copies ``attrs`` on every operation and compares them with ``==`` when frames
    are concatenated; a plain DataFrame there would be copied on every filter and make
    ``pd.concat`` fail.  A ReadingList is not copied (``deepcopy`` returns it) and ``==``
    between two ReadingLists is a plain bool (:meth:`DataFrame.equals`).  Operations on it
    return plain DataFrames.
    """

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> ReadingList:
        return self

    def __eq__(self, other: object) -> Any:  # type: ignore[override]
        if isinstance(other, ReadingList):
            return self is other or bool(self.equals(other))
        return super().__eq__(other)

    __hash__ = object.__hash__  # type: ignore[assignment]


def reading_list(frame: pd.DataFrame) -> ReadingList:
    """``frame`` as a :class:`ReadingList` (text columns of few values stored as categories)."""
    out = ReadingList(frame.reset_index(drop=True))
    for c in out.columns:
        if out[c].dtype == object and len(out) > 1000:
            out[c] = out[c].astype("category")
    return out


def is_stock(indicator: str) -> bool:
    """Whether an indicator is a stock read at the end of its period (存款余额, 年末…人口).

    Stocks are stored as ``measure="level"``, ``cumulative=False``, ``period`` the period whose
    end they are measured at (``"2025-09"`` = at the end of September 2025); their growth is
    ``measure="yoy_pct"`` for the same period (against the end of the same month a year
    earlier).  They are never 当月 or 累计 flows: a 累计/1-9月 column is read at its end month.
    """
    return STOCK_NAME.search(indicator) is not None
MEASURES = ("level", "yoy_pct")
PRICE_BASES = ("current", "comparable", "")
_STR_COLUMNS = ["region", "indicator", "measure", "period", "unit", "price_basis", "source"]


# --------------------------------------------------------------------------- units
@dataclass(frozen=True)
class UnitInfo:
    """A known unit.

    Attributes
    ----------
    unit : canonical unit after :func:`normalise_unit` (亿元 for every money unit).
    multiplier, divisor : value in ``unit`` = value × multiplier / divisor (exact powers of ten).
    kind : money, per_capita, percent, pp, count, population, area, physical, intensity.
    nonnegative : whether a *level* in this unit can never be negative.
    """

    unit: str
    multiplier: int = 1
    divisor: int = 1
    kind: str = "count"
    nonnegative: bool = True


def _units() -> dict[str, UnitInfo]:
    money = {"元": (1, 10**8), "千元": (1, 10**5), "万元": (1, 10**4), "百万元": (1, 100),
             "亿元": (1, 1), "万亿元": (10**4, 1)}
    out = {u: UnitInfo("亿元", m, d, "money") for u, (m, d) in money.items()}
    for u in ("元/人", "万元/人"):
        out[u] = UnitInfo(u, kind="per_capita")
    out["%"] = UnitInfo("%", kind="percent", nonnegative=False)
    out["‰"] = UnitInfo("‰", kind="percent", nonnegative=False)
    out["百分点"] = UnitInfo("百分点", kind="pp", nonnegative=False)
    for u in ("家", "万家", "个", "户", "万户", "件", "项", "位", "所", "座", "套", "辆", "万辆",
              "台", "万台", "部", "万部", "张", "床", "人次", "万人次", "架次", "艘次", "次"):
        out[u] = UnitInfo(u, kind="count")
    for u in ("人", "万人"):
        out[u] = UnitInfo(u, kind="population")
    for u in ("平方公里", "平方米", "万平方米", "亩", "万亩", "公顷"):
        out[u] = UnitInfo(u, kind="area")
    for u in ("吨", "万吨", "亿吨", "千瓦时", "万千瓦时", "亿千瓦时", "立方米", "万立方米",
              "亿立方米", "标准箱", "万标准箱", "吨公里", "亿吨公里", "人公里", "亿人公里", "千瓦",
              "万千瓦", "公里", "千米"):
        out[u] = UnitInfo(u, kind="physical")
    for u in ("亿元/平方公里", "万元/平方公里", "件/万人", "人/平方公里"):
        out[u] = UnitInfo(u, kind="intensity")
    return out


#: Units read_table accepts, with their canonical unit.  Anything else raises DataError.
KNOWN_UNITS: dict[str, UnitInfo] = _units()
_UNIT_ALIASES = {"％": "%", "平方千米": "平方公里", "km2": "平方公里", "km²": "平方公里",
                 "万人民币": "万元", "亿人民币": "亿元", "元人民币": "元", "人民币元": "元",
                 "元/每人": "元/人", "个百分点": "百分点", "pp": "百分点"}
_CANONICAL_UNITS = frozenset(info.unit for info in KNOWN_UNITS.values())
_PER_CAPITA = re.compile(r"人均|每人")
#: Levels of these indicators may be negative even in money/count units.
_MAY_BE_NEGATIVE = re.compile(r"净|差额|余额|结余|利润|盈亏|顺差|逆差|变动|增减|增加额|减少")


class _CellProblem(Exception):
    """A problem with one cell; the caller adds file/row/column."""

    def __init__(self, message: str, text: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.text = text


def _clean_unit(unit: Any) -> str:
    if unit is None or (isinstance(unit, float) and math.isnan(unit)):
        return ""
    return _clean_unit_text(str(unit))


@functools.lru_cache(maxsize=4096)
def _clean_unit_text(unit: str) -> str:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit))
    s = re.sub(r"^(?:单位|计量单位)[:]", "", s)
    while len(s) > 2 and s[0] == "(" and s[-1] == ")":
        s = s[1:-1]
    return _UNIT_ALIASES.get(s, s)


def _unit_info(unit: str) -> UnitInfo:
    info = KNOWN_UNITS.get(unit)
    if info is None:
        if unit == "":
            raise _CellProblem("unit missing: give a unit (亿元, %, 万人 …); units are never guessed")
        raise _CellProblem(
            f"unknown unit {unit!r}; known units: {', '.join(sorted(KNOWN_UNITS))}", unit
        )
    return info


def normalise_unit(value: float, unit: str, *, indicator: str | None = None) -> tuple[float, str]:
    """Convert a level to its canonical unit.

    Money levels (元, 千元, 万元, 百万元, 亿元, 万亿元) are converted to 亿元 (1亿元 = 10⁴万元 = 10⁸元),
    by exact powers of ten.  For a per-capita indicator (name containing 人均/每人) a 元/万元 unit
    is a per-person amount: the value is kept and the unit becomes ``元/人``/``万元/人``.  Other
    known units are returned unchanged.

    Raises
    ------
    DataError
        For an unknown or missing unit (see :data:`KNOWN_UNITS`).
    """
    u = _clean_unit(unit)
    try:
        info = _unit_info(u)
    except _CellProblem as exc:
        raise DataError(exc.message, column="unit", text=exc.text) from None
    return _normalise(float(value), u, info, indicator or "")


def _normalise(value: float, unit: str, info: UnitInfo, indicator: str) -> tuple[float, str]:
    if info.kind == "money" and _PER_CAPITA.search(indicator) and unit in ("元", "万元"):
        return value, f"{unit}/人"
    if info.kind == "money":
        if info.multiplier != 1:
            value = value * info.multiplier
        if info.divisor != 1:
            value = value / info.divisor
    return value, info.unit


# --------------------------------------------------------------------------- cell values
#: Texts read as a missing value (after NFKC: "…" → "...", "－" → "-").
PLACEHOLDERS = frozenset(
    {"", "-", "--", "---", "—", "——", "–", "––", "...", "......", "…", "……", "/", "\\", "－"}
)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_MINUS = str.maketrans({"−": "-", "﹣": "-", "－": "-"})


def _cell_text(value: Any) -> str:
    """Display text of a cell (for headers, names and messages)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if not math.isfinite(value) or abs(value) >= 1e16:
            return f"{value:g}"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _parse_value(raw: Any, *, percent_ok: bool) -> float | None:
    """A cell as a float; None for a placeholder; _CellProblem otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _CellProblem("not a number", raw)
    if isinstance(raw, (int, float, np.integer, np.floating)):
        v = float(raw)
        return None if math.isnan(v) else _finite(v, raw)
    if not isinstance(raw, str):
        raise _CellProblem(f"not a number ({type(raw).__name__})", raw)
    if _PLAIN_NUMBER.fullmatch(raw):  # fast path: "123.45", "-1.5"
        return _finite(float(raw), raw)
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    if s in PLACEHOLDERS:
        return None
    s = s.translate(_MINUS)
    if s.endswith("%"):
        if not percent_ok:
            raise _CellProblem("a '%' sign on a value that is not a percentage", raw)
        s = s[:-1]
    if "," in s:
        if not _THOUSANDS.fullmatch(s):
            raise _CellProblem("not a number (misplaced thousands separator)", raw)
        s = s.replace(",", "")
    if not _NUMBER.fullmatch(s):
        raise _CellProblem("not a number", raw)
    return _finite(float(s), raw)


#: Largest magnitude of a figure read (in the table's own unit, 元 included): China's GDP is
#: about 1.3e14 元, so anything at 1e16 or beyond is a typing or export error.
MAX_MAGNITUDE = 1e16


def _finite(v: float, raw: Any) -> float:
    if not math.isfinite(v):
        raise _CellProblem("not a finite number (infinite or too large to be a figure)", raw)
    if abs(v) >= MAX_MAGNITUDE:
        raise _CellProblem(f"implausible magnitude {v:.3g} (limit {MAX_MAGNITUDE:.0e} in any "
                           "unit): a typing or export error?", raw)
    return v


def _is_placeholder(raw: Any) -> bool:
    """Whether a cell is empty or a placeholder (—, …, /, blank)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return True
    if not isinstance(raw, str):
        return False
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)) in PLACEHOLDERS


def _parse_value_or_none(raw: Any) -> float | None:
    """Like _parse_value but None for anything that is not a number."""
    try:
        return _parse_value(raw, percent_ok=True)
    except _CellProblem:
        return None


# --------------------------------------------------------------------------- indicators
_ENUM_PREFIX = re.compile(
    r"^(?:其中[:,]?|内:|#|△|▲|\*|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[、.](?!\d))+"
)
_GROWTH_NAME = re.compile(
    r"^(?P<base>.+?)(?P<nominal>名义)?(?:比上年同期|比上年|同比)?(?:增速|增长率|增长|增幅)"
    r"(?P<suffix>\((?:下限|约数|预计|初步核算|初步)\))?(?:\(%\))?$"
)
_NOT_GROWTH_BASE = re.compile(r"(?:年均|平均|目标)$")
#: Names of indicators whose level is a rate (in % or ‰): their 增长 column is not yoy growth.
_RATE_NAME = re.compile(r"率|比重|占比|比例|强度|系数|份额")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _clean_indicator(raw: Any) -> str:
    return _clean_indicator_text(_cell_text(raw))


@functools.lru_cache(maxsize=65536)
def _clean_indicator_text(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip()
    if _CJK.search(s):
        s = re.sub(r"\s+", "", s)
    s = _ENUM_PREFIX.sub("", s)
    return s.strip()


def _unit_from_name(name: str) -> tuple[str, str]:
    """Split a trailing known unit in brackets off an indicator name: 地区生产总值(亿元)."""
    m = re.fullmatch(r"(.+?)\(([^()]+)\)", name)
    if m:
        u = _clean_unit(m[2])
        if u in KNOWN_UNITS:
            return m[1], u
    return name, ""


@functools.lru_cache(maxsize=65536)
def _growth_base(indicator: str) -> tuple[str, bool] | None:
    """(base indicator, nominal) if ``indicator`` names a growth rate (…增速, …增长(%))."""
    m = _GROWTH_NAME.fullmatch(indicator)
    if m is None or _NOT_GROWTH_BASE.search(m["base"]):
        return None
    return m["base"] + (m["suffix"] or ""), m["nominal"] is not None


_PRICE_WORDS = {
    "current": "current", "现价": "current", "现行价": "current", "当年价": "current",
    "名义": "current", "nominal": "current",
    "comparable": "comparable", "可比价": "comparable", "不变价": "comparable",
    "可比价格": "comparable", "不变价格": "comparable", "real": "comparable", "实际": "comparable",
}


def _implied_measure(indicator: str, unit: str, price_basis: str) -> tuple[str, str, str]:
    """A tidy row without a ``measure``: a level, unless the unit is % and the name is a growth
    rate's (``…增速``), then ``yoy_pct`` of the base indicator — current prices where the name
    says the growth is nominal and no price basis is given.  Returns (indicator, measure,
    price_basis)."""
    growth = _growth_base(indicator) if unit == "%" else None
    if growth is None:
        return indicator, "level", price_basis
    base, nominal = growth
    return base, "yoy_pct", ("current" if nominal and not price_basis else price_basis)


def _price_basis(raw: Any) -> str:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", _cell_text(raw))).lower()
    if s == "":
        return ""
    if s not in _PRICE_WORDS:
        raise _CellProblem("price_basis must be 'current', 'comparable' or empty", raw)
    return _PRICE_WORDS[s]


def _price_basis_in_text(text: str) -> str:
    if re.search(r"可比价|不变价", text):
        return "comparable"
    if re.search(r"现价|现行价|当年价", text):
        return "current"
    return ""


# --------------------------------------------------------------------------- file reading
_Grid = Grid
_col_letter = col_letter


def _norm_header(value: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _cell_text(value)))


_TIDY_ALIASES = {
    "region": ("region", "地区", "区域"),
    "indicator": ("indicator", "指标", "指标名称"),
    "measure": ("measure",),
    "period": ("period", "时期", "期别", "期间", "时间"),
    "cumulative": ("cumulative", "累计"),
    "value": ("value", "数值", "值"),
    "unit": ("unit", "单位", "计量单位"),
    "price_basis": ("price_basis", "价格口径"),
    "source_url": ("source_url", "url", "来源链接"),
    "source": ("source", "来源", "资料来源"),
    "note": ("note", "备注", "说明"),
}
_WIDE_INDICATOR = re.compile(r"(?:主要)?(?:经济|统计)?指标(?:名称)?|项目|名称|indicator", re.I)
_WIDE_UNIT = re.compile(r"(?:计量)?单位|unit", re.I)
_IGNORED = re.compile(r"序号|编号|备注|注|说明|位次|排名|名次|排序|rank|note", re.I)
_GROWTH = re.compile(r"增长|增速|同比|增幅|增减|±|比上年|比去年|yoy", re.I)
_LEVEL_WORDS = re.compile(r"绝对值|绝对数|数值|总量|总额|金额|完成|实绩|数量|合计|本年|全年|value", re.I)
_SUBHEADER_WORDS = re.compile(
    r"增长|增速|同比|增幅|增减|累计|本月|当月|本期|绝对|数值|总量|金额|完成|%|月|季|年|比重|位次|排名"
)
_MAX_HEADER_SEARCH = 40
#: Header of the period column of a table with periods as rows (时期 | 地区生产总值 | 同比).
_PERIOD_HEADER = re.compile(r"时期|时间|期别|期间|年份|年度|季度|月份|日期|报告期|period", re.I)


def _tidy_header_map(cells: list[Any]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for j, c in enumerate(cells):
        h = _norm_header(c).lower()
        for key, aliases in _TIDY_ALIASES.items():
            if h in aliases and key not in found:
                found[key] = j
                break
    if {"indicator", "period", "value"} <= found.keys():
        return found
    return None


def _find_header(grid: _Grid) -> tuple[int, str, dict[str, int] | None]:
    """Index into grid.rows of the header row, the layout ("tidy"/"wide") and the tidy map."""
    for k, (_, cells) in enumerate(grid.head[:_MAX_HEADER_SEARCH]):
        tidy_map = _tidy_header_map(cells)
        if tidy_map is not None:
            return k, "tidy", tidy_map
        texts = [_norm_header(c) for c in cells if _cell_text(c)]
        if len(texts) >= 2 and any(_WIDE_INDICATOR.fullmatch(t) for t in texts):
            return k, "wide", None
        if len(texts) >= 2 and any(_PERIOD_HEADER.fullmatch(t) for t in texts):
            return k, "rows", None
    raise DataError(
        "no header row found in the first "
        f"{_MAX_HEADER_SEARCH} rows: expected a tidy header (region, indicator, period, value, "
        "unit), a bulletin header with a 指标/指标名称 column, or a 时期 column with one column "
        "per indicator",
        file=grid.where,
    )


# --------------------------------------------------------------------------- records
@dataclass
class _Record:
    region: str
    indicator: str
    measure: str
    period: Period
    value: float
    unit: str
    price_basis: str
    source: str
    row: int
    column: str

    @property
    def key(self) -> tuple[str, str, str, str, bool, str]:
        return (self.region, self.indicator, self.measure, self.period.period,
                self.period.cumulative, self.price_basis)


_KEY = ["region", "indicator", "measure", "period", "cumulative", "price_basis"]


class _Reader:
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
        t = _cell_text(text) if not isinstance(text, str) else text
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
                    raise _CellProblem(f"growth rate (yoy_pct) must be in %, not {unit!r}", unit)
                unit, info = "%", KNOWN_UNITS["%"]
            else:
                info = _unit_info(unit)
        except _CellProblem as exc:
            raise self.error(exc.message, row, unit_column, exc.text) from None
        try:
            value = _parse_value(raw, percent_ok=info.kind == "percent")
        except _CellProblem as exc:
            raise self.error(exc.message, row, column, exc.text) from None
        if value is None:
            shown = indicator
            if measure == "yoy_pct" and not _GROWTH.search(plain or column):
                shown = f"{indicator}增速"
            self.missing.append(Cell(shown, plain or column, _cell_text(raw)))
            value = float("nan")
        elif measure == "level" and info.nonnegative and value < 0 and not _MAY_BE_NEGATIVE.search(
            indicator
        ):
            raise self.error(
                f"negative level of {indicator!r} in {unit}: this quantity cannot be negative",
                row, column, raw,
            )
        value, unit = _normalise(value, unit, info, indicator)
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


# --------------------------------------------------------------------------- tidy layout
def _parse_bool(raw: Any) -> bool | None:
    s = _norm_header(raw).lower()
    if s in ("", "nan", "none"):
        return None
    if s in ("true", "1", "yes", "y", "是", "累计", "t"):
        return True
    if s in ("false", "0", "no", "n", "否", "当期", "f"):
        return False
    raise _CellProblem("cumulative must be true/false", raw)


def _read_tidy(rd: _Reader, header_k: int, cols: dict[str, int]) -> None:
    """Read tidy rows, streamed (a big CSV is never held as a grid of cells)."""
    grid = rd.grid
    headers = {key: _cell_text(grid.head[header_k][1][j]) for key, j in cols.items()}
    periods: dict[Any, Period | PeriodError] = {}

    width = max(cols.values()) + 1
    none_j = width  # index of the None padded onto every row, for absent columns
    ix = {key: cols.get(key, none_j) for key in _TIDY_ALIASES}

    def cell(cells: list[Any], key: str) -> Any:
        return cells[ix[key]]

    def period_of(raw: Any) -> Period:
        key = raw if isinstance(raw, str) else repr(raw)
        found = periods.get(key)
        if found is None:
            try:
                found = parse_period(raw if raw is not None else "")
            except PeriodError as exc:
                found = exc
            periods[key] = found
        if isinstance(found, PeriodError):
            raise found
        return found

    name = grid.name
    rows = [*grid.head[header_k + 1 :]]
    pad = [None] * (width + 1)
    for rownum, cells in _chain(rows, grid.tail()):
        if all(c is None or c == "" for c in cells):
            continue
        if len(cells) <= width:
            cells = [*cells, *pad[: width + 1 - len(cells)]]
        else:
            cells = [*cells[:width], None]
        region = _cell_text(cell(cells, "region")) or (rd.region or "")
        if not region:
            raise rd.error("region missing: fill the region column or pass region=…", rownum,
                           headers.get("region", "region"))
        indicator = _clean_indicator(cell(cells, "indicator"))
        if not indicator:
            raise rd.error("indicator name missing", rownum, headers["indicator"])
        raw_period = cell(cells, "period")
        try:
            period = period_of(raw_period)
        except PeriodError as exc:
            if rd.on_bad_period == "skip":
                rd.skipped.append(Cell(indicator, _cell_text(raw_period), reason="period"))
                rd.skip(rownum, headers["period"], f"{indicator} {_cell_text(raw_period)}",
                        SKIP_REASONS["period"][0], SKIP_REASONS["period"][1])
                continue
            raise rd.error(str(exc), rownum, headers["period"], raw_period, PeriodError) from None
        try:
            cum = _parse_bool(cell(cells, "cumulative")) if "cumulative" in cols else None
            price_basis = _price_basis(cell(cells, "price_basis")) if "price_basis" in cols else ""
        except _CellProblem as exc:
            col = headers["cumulative"] if "cumulative" in exc.message else headers["price_basis"]
            raise rd.error(exc.message, rownum, col, exc.text) from None
        if cum is not None:
            period = period.as_cumulative(cum)
        unit = _clean_unit(cell(cells, "unit"))
        if not unit:
            indicator, unit = _unit_from_name(indicator)
        measure = _cell_text(cell(cells, "measure")).lower()
        if measure and measure not in MEASURES:
            raise rd.error(f"measure must be one of {MEASURES}", rownum, headers["measure"],
                           cell(cells, "measure"))
        if not measure:
            indicator, measure, price_basis = _implied_measure(indicator, unit, price_basis)
        url = _cell_text(cell(cells, "source_url")) or _cell_text(cell(cells, "source"))
        where = f"{name} row {rownum}"
        source = f"{url} ({where})" if url else where
        rd.add(region=region, indicator=indicator, measure=measure, period=period,
               raw=cell(cells, "value"), unit=unit, price_basis=price_basis, source=source,
               row=rownum, column=headers["value"], unit_column=headers.get("unit", "unit"),
               plain=_cell_text(raw_period))


def _chain(*parts: Iterable[Any]) -> Iterable[Any]:
    for part in parts:
        yield from part


# --------------------------------------------------------------------------- wide layout
_REGION_IN_TITLE = re.compile(r"[\u4e00-\u9fff]{1,15}?(?:特别行政区|自治区|省|市|区|县|旗)")
_NOT_REGION = frozenset({"全市", "全区", "全省", "全县", "本市", "本区", "本县", "地区", "城区",
                         "市区", "辖区", "社区", "县区", "县市区", "各区", "各县", "分区", "园区",
                         "各县区", "各县市区"})


def _region_from_title(rest: str) -> str | None:
    """A region-like name in a title (``XX区``), for the error when it is not a known region."""
    found = [r for r in _REGION_IN_TITLE.findall(rest) if r not in _NOT_REGION]
    return found[-1] if found else None


def _table_region(rd: _Reader, title_rest: str) -> str:
    """The region of a wide table: a known region named in the title, else in the file name,
    else ``region=``; a title naming an unknown region without ``region=`` is an error."""
    found = find_region(title_rest, rd.regions) if title_rest else None
    if found is None:
        found = find_region(rd.grid.path.stem, rd.regions)
    if found is not None:
        return found
    if rd.region is not None:
        return rd.region
    named = _region_from_title(title_rest) if title_rest else None
    if named is not None:
        raise rd.error(
            f"the title names {named!r}, which is not a known region: pass region=… with the "
            "region's name to read this table", text=named,
        )
    raise rd.error(
        "region unknown: pass region=… or give it in a title row (e.g. '金水区主要经济指标')"
    )


#: A row or column that is only "the growth" of the row/column before it: 同比增长(%), 增速 ….
_BARE_GROWTH = re.compile(
    r"(?:同比|比上年同期|比上年|比去年同期|比去年|上年同期=100)?(?:增长率?|增速|增幅|增减|±|名义增长)?"
    r"(?:\(%\)|%|\(±%\)|±%)?"
)
_NOTE_ROW = re.compile(r"^(?:注|说明|资料来源|数据来源|备注)\s*\d*\s*[:：.、]?")


def _is_bare_growth(text: str) -> bool:
    h = _norm_header(text)
    return bool(h) and _BARE_GROWTH.fullmatch(h) is not None and _GROWTH.search(h) is not None


def _note_text(cells: list[Any]) -> str:
    return " ".join(_cell_text(c) for c in cells if _cell_text(c))


@dataclass
class _Column:
    j: int
    header: str
    kind: str  # indicator, unit, level, growth, ignore, pp
    period: Period | None = None
    price_basis: str = ""
    stock: bool = False
    region: str = ""  # a region column of a 分县区 table (else the table's region)


def _month_of(p: Period) -> Period:
    return parse_period(month_code(p.year, p.last_month))


def _quarter_of(p: Period) -> Period:
    return parse_period(quarter_code_of(p.year, (p.last_month - 1) // 3 + 1))


_REGION_HEADER = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|新区|区|县|市|旗)")
_WHOLE = re.compile(r"全市|全区|全县|全省|合计|总计")


def _region_header(rd: _Reader, h: str) -> tuple[str, str] | None:
    """(region, rest of the header) when a column header names a region (分县区 tables:
    全市 | 中原区 | 二七区 …, or 中原区 绝对值 under a merged 中原区)."""
    head = re.split(r"(?=绝对|增长|增速|同比|比上年|数值|总量|本月|当月|累计|\d)", h, maxsplit=1)
    name = head[0]
    rest = h[len(name):]
    if not name:
        return None
    if _WHOLE.fullmatch(name):
        return "*", rest
    if name in rd.regions:
        return name, rest
    if _REGION_HEADER.fullmatch(name) and name not in _NOT_REGION:
        return name, rest
    return None


def _classify(rd: _Reader, text: str, j: int, title: Period | None, header_row: int,
              prev_level: Period | None, column_label: str) -> _Column:
    h = _norm_header(text)
    found_region = _region_header(rd, h) if not _WIDE_INDICATOR.fullmatch(h) else None
    if found_region is not None:
        reg, rest = found_region
        col = _classify(rd, rest or "本期数", j, title, header_row, prev_level, column_label)
        if col.kind in ("level", "growth"):
            col.region = reg
            col.header = text
        return col
    if _WIDE_INDICATOR.fullmatch(h):
        return _Column(j, text, "indicator")
    if _WIDE_UNIT.fullmatch(h):
        return _Column(j, text, "unit")
    if "百分点" in h:
        return _Column(j, text, "pp")
    if re.search(r"比年初|较年初|比上月|环比", h):
        return _Column(j, text, "since")
    if _IGNORED.fullmatch(h):
        return _Column(j, text, "ignore")
    year = title.year if title is not None else None

    def need_title(what: str) -> Period:
        if title is None:
            raise rd.error(
                f"column header {text!r} means {what}: the table needs a title row with the "
                "period (e.g. '2023年1-3月金水区主要经济指标') or period headers (e.g. '1-3月')",
                header_row, column_label, text,
            )
        return title

    try:
        found = search_period(h, year=year, bare_year=True)
    except PeriodError as exc:
        raise rd.error(str(exc), header_row, column_label, text, PeriodError) from None
    explicit = found[0] if found else None
    if explicit is not None and "累计" in h:
        explicit = explicit.as_cumulative(True)
    basis = _price_basis_in_text(h)
    if _GROWTH.search(h):
        if explicit is not None:
            p = explicit
        elif re.search(r"本月|当月|同月", h):
            p = _month_of(need_title("the current month (本月)"))
        elif re.search(r"本季|当季", h):
            p = _quarter_of(need_title("the current quarter (本季)"))
        elif "累计" in h:
            p = need_title("year-to-date (累计)").as_cumulative(True)
        elif prev_level is not None:
            p = prev_level
        else:
            p = need_title("growth of the table's period")
        return _Column(j, text, "growth", p, basis)
    stock = re.search(r"期末|月末|季末|年末|末数|余额|\d月末|末$", h) is not None
    if explicit is not None:
        if re.search(r"上年|去年", h):
            explicit = explicit.shift_years(-1)
        if stock:
            explicit = explicit.as_cumulative(False)
        return _Column(j, text, "level", explicit, basis, stock)
    if stock:
        p = need_title("the end of the period (期末)")
        if re.search(r"上年|去年", h):
            p = p.shift_years(-1)
        return _Column(j, text, "level", p.as_cumulative(False), basis, True)
    if re.search(r"上年同月|去年同月", h):
        p = _month_of(need_title("last year's same month")).shift_years(-1)
    elif re.search(r"上年同期|去年同期|上年累计|去年累计", h):
        p = need_title("last year's same period").as_cumulative(True).shift_years(-1)
    elif h == "本期数":  # a region column of a 分县区 table: the table's period
        p = need_title("the table's period")
    elif re.search(r"本月|当月|本期", h):
        p = _month_of(need_title("the current month (本月)"))
    elif re.search(r"本季|当季", h):
        p = _quarter_of(need_title("the current quarter (本季)"))
    elif "累计" in h:
        p = need_title("year-to-date (累计)").as_cumulative(True)
    elif _LEVEL_WORDS.search(h):
        p = need_title("the table's period")
    else:
        raise rd.error(
            "unrecognised column header: expected 指标/单位, a period (2023年, 1-3月, 本月, 累计) "
            "or a growth column (同比增长%, 比上年增长(%))", header_row, column_label, text,
        )
    return _Column(j, text, "level", p, basis)


def _is_subheader(cells: list[Any], ind_j: int) -> bool:
    if ind_j < len(cells) and _cell_text(cells[ind_j]):
        return False
    texts = [_norm_header(c) for k, c in enumerate(cells) if k != ind_j and _cell_text(c)]
    if not texts:
        return False
    for t in texts:
        try:
            _parse_value(t, percent_ok=True)
            return False  # a number: data, not a header
        except _CellProblem:
            pass
        if not _SUBHEADER_WORDS.search(t):
            return False
    return True


_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分)"
)
#: A top-level section title (一、…, 第一部分): it starts a block of its own; a sub-section
#: ((一)…, 工业) inherits its block's growth flag and unit.
_TOP_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+部分)")
#: A block title that makes its rows growth rates: 二、增长速度, 三、主要指标增速 ….
_BLOCK_GROWTH = re.compile(r"增长速度|增速|增幅|增长率|同比增长|比上年增长|速度")
_FOOTER_ROW = re.compile(
    r"^(?:填报单位|填表单位|填表人|填报人|审核人|负责人|单位负责人|统计负责人|制表人?|制表单位|"
    r"填报日期|报出日期|联系电话|电话)\s*[:：]?"
)
_BLOCK_UNIT = re.compile(r"\(?单位[:：]\s*([^,，、;；\s)）]+)")


def _is_header_row(cells: list[Any], ind_j: int) -> bool:
    """A repeated header (指标 | 单位 | 1-2月 …) inside a sheet: it starts a new block."""
    if ind_j >= len(cells) or not _WIDE_INDICATOR.fullmatch(_norm_header(cells[ind_j])):
        return False
    texts = [c for c in cells if _cell_text(c)]
    if len(texts) < 2:
        return False
    for c in texts:
        v = _parse_value_or_none(c)
        if v is not None and not (v.is_integer() and 1900 <= v <= 2100):
            return False  # a number: data, not a header
    return True


@dataclass
class _Block:
    """The header of a block of a wide table and what the block's title says."""

    top: list[str]
    columns: list[_Column]
    value_cols: list[_Column]
    unit_j: int | None
    growth: bool = False
    unit: str = ""


def _wide_header(rd: _Reader, k: int, ind_j: int, ncols: int, title_period: Period | None,
                 label_of: Any) -> tuple[_Block, int]:
    """The columns of the header at ``grid.rows[k]`` (and its sub-header); the first data row."""
    grid = rd.grid
    header_row, header_cells = grid.rows[k]
    top = [_cell_text(c) for c in header_cells] + [""] * (ncols - len(header_cells))
    top = top[:ncols]
    data_k = k + 1
    if data_k < len(grid.rows) and _is_subheader(grid.rows[data_k][1], ind_j):
        sub_cells = grid.rows[data_k][1]
        sub = ([_cell_text(c) for c in sub_cells] + [""] * (ncols - len(sub_cells)))[:ncols]
        filled = list(top)
        for j in range(1, ncols):  # merged period cells: only the first holds the text
            left = _norm_header(filled[j - 1])
            if (not filled[j] and sub[j] and left
                    and not (_WIDE_UNIT.fullmatch(left) or _WIDE_INDICATOR.fullmatch(left))):
                filled[j] = filled[j - 1]
        top = [f"{a} {b}".strip() for a, b in zip(filled, sub)]
        data_k += 1

    def label(j: int) -> str:
        return label_of(j, top)

    columns: list[_Column] = []
    prev_level: Period | None = None
    for j in range(ncols):
        if j == ind_j:
            continue
        if not top[j]:
            continue
        col = _classify(rd, top[j], j, title_period, header_row, prev_level, label(j))
        if col.kind == "level" and not re.search(r"上年|去年", _norm_header(top[j])):
            prev_level = col.period  # growth columns refer to the level on their left
        columns.append(col)
    unit_j = next((c.j for c in columns if c.kind == "unit"), None)
    value_cols = [c for c in columns if c.kind in ("level", "growth")]
    for c in columns:
        if c.kind == "pp":
            rd.skipped.append(Cell(top[c.j], reason="pp"))
            rd.skip(header_row, label(c.j), top[c.j], "以百分点表示的增减列，不读取",
                    "column of changes in percentage points, not read")
        elif c.kind == "since":
            rd.skip(header_row, label(c.j), top[c.j], "比年初或比上月的增减（环比），不是同比，不读取",
                    "change since January or the previous month, not year-on-year: not read")
        elif c.kind == "ignore":
            rd.skip(header_row, label(c.j), top[c.j], "序号、位次或备注列，不是数据",
                    "serial number, rank or remark column, not data")
    if not value_cols:
        raise rd.error("no value columns found in the header", header_row)
    return _Block(top, columns, value_cols, unit_j), data_k


def _sheet_hint(rd: _Reader, year: int | None) -> Period | None:
    """The period a sheet's name gives (9月, 1-9月, 2025年9月), with the year of the title or
    of the file name when the sheet name has none."""
    name = rd.grid.sheet
    if not name:
        return None
    if year is None:
        try:
            found = search_period(rd.grid.path.stem, need_year=True)
        except PeriodError:
            found = None
        year = found[0].year if found else None
    try:
        found = search_period(name, year=year)
    except PeriodError:
        return None
    return found[0] if found else None


def _read_wide(rd: _Reader, header_k: int) -> None:
    """Indicators as rows; tables side by side (two 指标 columns in one header) are read apart."""
    grid = rd.grid
    header_cells = grid.rows[header_k][1]
    ind_js = [j for j, c in enumerate(header_cells) if _WIDE_INDICATOR.fullmatch(_norm_header(c))]
    title_text = " ".join(
        _cell_text(c) for _, cells in grid.rows[:header_k] for c in cells if _cell_text(c)
    )
    if len(ind_js) == 1:
        _read_wide_table(rd, header_k, title_text)
        return
    bounds = [*ind_js, max(len(c) for _, c in grid.rows)]
    for a, b in zip(bounds, bounds[1:]):
        part = Grid(grid.path, grid.sheet, [(r, list(c[a:b])) for r, c in grid.rows])
        part.col0 = grid.col0 + a
        rd.set_grid(part)
        _read_wide_table(rd, header_k, title_text)
    rd.set_grid(grid)


def _read_wide_table(rd: _Reader, header_k: int, title_text: str) -> None:
    grid = rd.grid
    excel = grid.sheet is not None
    col0 = grid.col0
    header_row, header_cells = grid.rows[header_k]
    ind_j = next(j for j, c in enumerate(header_cells) if _WIDE_INDICATOR.fullmatch(_norm_header(c)))
    ncols = max((len(cells) for _, cells in grid.rows), default=0)
    # title: period, region, table unit, price basis
    title_period: Period | None = None
    rest = ""
    if title_text:
        try:
            found = search_period(title_text, need_year=True)
        except PeriodError as exc:
            raise rd.error(str(exc), grid.rows[0][0], None, title_text, PeriodError) from None
        rest = _norm_header(title_text)
        if found is not None:
            title_period, rest = found
    hint = _sheet_hint(rd, title_period.year if title_period else None)
    if hint is not None and (title_period is None or (title_period.freq == "Y"
                                                      and hint.freq != "Y")):
        title_period = hint  # sheet 9月 of 管城回族区2025年主要经济指标.xlsx → 2025-09
    region = _table_region(rd, rest if title_text else "")
    m = re.search(r"单位[:]\s*([^,、;\s)]+)", unicodedata.normalize("NFKC", title_text))
    table_unit = _clean_unit(m[1]) if m and _clean_unit(m[1]) in KNOWN_UNITS else ""
    title_basis = _price_basis_in_text(title_text)
    if grid.formulas:
        rd.notes.append(f"{grid.sheet}：{grid.formulas}个单元格是公式，读取的是文件保存时的计算结果"
                        "（缓存值）")

    def label_of(j: int, top: list[str]) -> str:
        t = top[j] if j < len(top) else ""
        return f"{_col_letter(j + col0)} ({t})" if excel else (t or _col_letter(j + col0))

    blk, data_k = _wide_header(rd, header_k, ind_j, ncols, title_period, label_of)
    for _, cells in reversed(grid.rows[:header_k]):  # a block title right above the header
        first = next((_cell_text(c) for c in cells if _cell_text(c)), "")
        if first and _SECTION.match(unicodedata.normalize("NFKC", first)):
            rd.block = first[:60]
            mu = _BLOCK_UNIT.search(_norm_header(_note_text(cells)))
            bunit = _clean_unit(mu[1]) if mu else _unit_from_name(_clean_indicator(first))[1]
            blk.unit = bunit if bunit in KNOWN_UNITS else ""
            blk.growth = _BLOCK_GROWTH.search(first) is not None
            break
    for c in range(ncols):
        if c != ind_j and (c >= len(blk.top) or not blk.top[c]):
            if any(c < len(cs) and _cell_text(cs[c]) for _, cs in grid.rows[data_k:]):
                raise rd.error("column has values but no header", header_row,
                               _col_letter(c + col0))

    def label(j: int) -> str:
        return label_of(j, blk.top)

    prev_name: str | None = None  # the level row a bare growth row (同比增长(%)) refers to
    pending: tuple[str, bool, str] | None = None  # a section title waiting for its rows
    k = data_k
    rows = grid.rows
    while k < len(rows):
        rownum, cells = rows[k]
        k += 1
        cells = list(cells) + [None] * (ncols - len(cells))
        raw_first = _cell_text(cells[ind_j])
        if k - 1 > header_k and _is_header_row(cells, ind_j):
            blk, k = _wide_header(rd, k - 1, ind_j, ncols, title_period, label_of)
            if pending is not None:
                rd.block, blk.growth, blk.unit = pending
            else:
                rd.block = f"表头 row {rownum}"
            pending = None
            prev_name = None
            continue
        name = _clean_indicator(cells[ind_j])
        value_cols = blk.value_cols
        values = [cells[c.j] for c in value_cols]
        line = _note_text(cells)
        if _NOTE_ROW.match(name) or _FOOTER_ROW.match(name):
            footer = _FOOTER_ROW.match(name) is not None
            if not footer:
                rd.notes.append(line)
            rd.skip(rownum, label(ind_j), line,
                    "填报信息（填报单位、审核人等），不是数据" if footer else "表注，不是数据",
                    "filing details (unit, reviewer …), not data" if footer else "a note, not data")
            continue
        unit_raw = cells[blk.unit_j] if blk.unit_j is not None else None
        if not name:
            if any(_cell_text(v) for v in values):
                raise rd.error("row has values but no indicator name", rownum, label(ind_j))
            others = [_cell_text(c) for c in cells if _cell_text(c)]
            if others:
                rd.skip(rownum, "", " ".join(others), "没有指标名称的文字行，未读取",
                        "text row without an indicator name, not read")
            continue
        if all(_cell_text(v) == "" or _BLOCK_UNIT.match(_norm_header(v)) for v in values) and (
            not _cell_text(unit_raw) or _BLOCK_UNIT.match(_norm_header(unit_raw))
        ):
            prev_name = None
            text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))
            if _SECTION.match(unicodedata.normalize("NFKC", raw_first)) or (
                len(raw_first) <= 12 and not re.search(r"[，。；：:,;]", raw_first)
            ):
                # a block title: 一、总量指标 / 二、增长速度（%） / 工业
                mu = _BLOCK_UNIT.search(text)
                bunit = _clean_unit(mu[1]) if mu else _unit_from_name(name)[1]
                bunit = bunit if bunit in KNOWN_UNITS else ""
                growth = _BLOCK_GROWTH.search(raw_first) is not None
                if not _TOP_SECTION.match(unicodedata.normalize("NFKC", raw_first)):
                    # a sub-section (（一）工业, 工业) keeps its block's growth and unit
                    growth, bunit = growth or blk.growth, bunit or blk.unit
                rd.block = raw_first[:60]
                blk.growth, blk.unit = growth, bunit
                pending = (rd.block, growth, bunit)
            else:
                rd.notes.append(line)
                rd.skip(rownum, label(ind_j), line, "没有数值的文字行（说明），不是数据",
                        "text row without values (a note), not data")
            continue
        pending = None
        for c in value_cols:
            if c.region == "*":
                c.region = region
        unit = _clean_unit(unit_raw)
        if unit in PLACEHOLDERS:
            unit = ""  # "—" in the 单位 column: no unit given
        name, name_unit = _unit_from_name(name)
        if name in ("合计", "总计", "小计", "全部"):
            # the total of a block (一、社会消费品零售总额 / 合计 / 批发业 …) is the block's indicator
            heading = _unit_from_name(_clean_indicator(rd.block))[0] if rd.block else ""
            if not heading or heading.startswith("表头"):
                rd.skip(rownum, label(ind_j), name, "合计行上方没有说明它是什么的标题，未读取",
                        "a total row with no heading saying what it totals, not read")
                continue
            name = heading
        unit = unit or name_unit or blk.unit or table_unit
        unit_label = label(blk.unit_j) if blk.unit_j is not None else "单位"
        if blk.growth:
            _growth_block_row(rd, blk, region, name, unit, cells, rownum, title_basis, label,
                              grid.name)
            continue
        if _is_bare_growth(name) and (unit or name_unit) in ("", "%"):
            # 同比增长(%) right under 地区生产总值(亿元): the growth of that row, not an indicator
            if prev_name is None:
                raise rd.error("a growth row (同比增长) must follow the row of its indicator",
                               rownum, label(ind_j), cells[ind_j])
            for col, p in _stock_pick(value_cols, cells, is_stock(prev_name)):
                if col.kind == "level":
                    rd.add(region=col.region or region, indicator=prev_name, measure="yoy_pct",
                           period=p, raw=cells[col.j], unit="%",
                           price_basis=col.price_basis or title_basis,
                           source=f"{grid.name} row {rownum} col {_col_letter(col.j + col0)}",
                           row=rownum, column=label(col.j), unit_column="单位",
                           plain=blk.top[col.j])
                elif _parse_value_or_none(cells[col.j]) is not None:
                    rd.skipped.append(Cell(prev_name, blk.top[col.j], reason="rate_change"))
                    rd.skip(rownum, label(col.j), f"{prev_name} {blk.top[col.j]}",
                            SKIP_REASONS["rate_change"][0], SKIP_REASONS["rate_change"][1])
            continue
        level_measure, level_name, basis = "level", name, ""
        growth = _growth_base(name) if unit == "%" else None
        if growth is not None:
            level_name, nominal = growth
            level_measure, basis = "yoy_pct", "current" if nominal else ""
        has_growth_cols = any(c.kind == "growth" for c in value_cols)
        if (growth is None and unit == "%" and not has_growth_cols
                and not _RATE_NAME.search(name)):
            # 地区生产总值 | % | 5.1 in a table without growth columns (a 进度表's growth rows
            # split into their own file): a % on a quantity that is not a rate is its growth
            level_measure = "yoy_pct"
        has_level = any(
            _parse_value_or_none(cells[c.j]) is not None for c in value_cols if c.kind == "level"
        )
        # A row in % whose growth columns hold "the growth of a rate" (a change in 百分点 or a
        # growth of a growth) has them skipped: a growth indicator (…增速), unit 百分点, or a
        # rate — a level in % is present or the name says so (…率, 比重, 强度 …).  Otherwise
        # the % describes the growth column (规模以上工业增加值 | % | — | 3.2): read as yoy_pct.
        rate_row = growth is not None or unit == "百分点" or (
            unit in ("%", "‰") and (has_level or bool(_RATE_NAME.search(name)))
        )
        growth_only = unit in ("%", "‰") and not rate_row and has_growth_cols
        # a stock (存款余额, 9月末) is read at the end of its period, never as 当月/累计
        for col, period in _stock_pick(value_cols, cells, is_stock(level_name)):
            source = f"{grid.name} row {rownum} col {_col_letter(col.j + col0)}"
            pb = col.price_basis or title_basis or basis
            if col.kind == "growth":
                if rate_row:
                    if _parse_value_or_none(cells[col.j]) is not None:
                        rd.skipped.append(Cell(name, blk.top[col.j], reason="rate_change"))
                        rd.skip(rownum, label(col.j), f"{name} {blk.top[col.j]}",
                                SKIP_REASONS["rate_change"][0], SKIP_REASONS["rate_change"][1])
                    continue
                rd.add(region=col.region or region, indicator=name, measure="yoy_pct",
                       period=period, raw=cells[col.j], unit="%", price_basis=pb,
                       source=source, row=rownum, column=label(col.j), unit_column=unit_label,
                       plain=blk.top[col.j])
                continue
            if (growth_only or not unit) and _is_placeholder(cells[col.j]):
                # a placeholder level of a row published only as a growth rate (unit "—",
                # blank or the growth column's %): no level row, the unit is not needed
                rd.missing.append(Cell(name, blk.top[col.j], _cell_text(cells[col.j])))
                continue
            if not unit:
                raise rd.error("unit missing: fill the 单位 column (units are never guessed)",
                               rownum, unit_label)
            rd.add(region=col.region or region, indicator=level_name, measure=level_measure,
                   period=period, raw=cells[col.j], unit=unit, price_basis=pb,
                   source=source, row=rownum, column=label(col.j), unit_column=unit_label,
                   plain=blk.top[col.j])
        prev_name = level_name if level_measure == "level" and unit not in ("%", "‰", "百分点") \
            else None


def _stock_pick(cols: list[_Column], cells: list[Any], all_stock: bool
                ) -> list[tuple[_Column, Period]]:
    """Each value column with the period it is read for; a stock's columns (本月 and 1-9月 of one
    end of month) collapse to one per (kind, period): the one holding a number, else the first."""
    out: list[tuple[_Column, Period]] = []
    chosen: dict[tuple[str, str], int] = {}
    for col in cols:
        assert col.period is not None
        if not (all_stock or col.stock):
            out.append((col, col.period))
            continue
        p = col.period.as_cumulative(False)
        key = (col.kind, p.period)
        if key not in chosen:
            chosen[key] = len(out)
            out.append((col, p))
        elif _is_placeholder(cells[out[chosen[key]][0].j]) and not _is_placeholder(cells[col.j]):
            out[chosen[key]] = (col, p)
    return out


def _growth_block_row(rd: _Reader, blk: _Block, region: str, name: str, unit: str,
                      cells: list[Any], rownum: int, title_basis: str, label: Any,
                      gname: str) -> None:
    """A row of a block titled as growth rates (二、增长速度): every level column is a yoy_pct."""
    if unit not in ("", "%"):
        rd.skip(rownum, label(blk.unit_j) if blk.unit_j is not None else "单位", name,
                f"增长速度板块“{rd.block}”中的行单位为{unit}，不是%，含义不明，未读取",
                f"row in {unit} inside the growth block {rd.block!r}: ambiguous, not read")
        return
    growth = _growth_base(name)
    base = growth[0] if growth else name
    for col, period in _stock_pick(blk.value_cols, cells, is_stock(base)):
        if col.kind != "level":
            if _parse_value_or_none(cells[col.j]) is not None:
                rd.skip(rownum, label(col.j), f"{name} {blk.top[col.j]}",
                        SKIP_REASONS["rate_change"][0], SKIP_REASONS["rate_change"][1])
            continue
        rd.add(region=col.region or region, indicator=base, measure="yoy_pct", period=period,
               raw=cells[col.j], unit="%", price_basis=col.price_basis or title_basis,
               source=f"{gname} row {rownum} col {_col_letter(col.j + rd.grid.col0)}",
               row=rownum, column=label(col.j), unit_column="单位", plain=blk.top[col.j])


# --------------------------------------------------------------------------- periods as rows
def _title(rd: _Reader, header_k: int) -> tuple[str, Period | None, str]:
    """Title text above the header, its period (or None) and the rest (for the region)."""
    grid = rd.grid
    title_text = " ".join(
        _cell_text(c) for _, cells in grid.rows[:header_k] for c in cells if _cell_text(c)
    )
    if not title_text:
        return "", None, ""
    try:
        found = search_period(title_text, need_year=True)
    except PeriodError as exc:
        raise rd.error(str(exc), grid.rows[0][0], None, title_text, PeriodError) from None
    if found is None:
        return title_text, None, _norm_header(title_text)
    return title_text, found[0], found[1]


def _read_rows(rd: _Reader, header_k: int) -> None:
    """Periods as rows: 时期 | 地区生产总值（亿元） | 同比 | 一般公共预算收入（亿元） | 增长% ….

    Each column names an indicator (unit in brackets, in a row of units under the header, or
    the title's “单位：亿元”); a growth column (同比, 增长%, 增速) is the yoy_pct of the
    indicator column on its left (``地区生产总值增速`` names its own indicator).  Period cells
    without a year (一季度, 1-3月) take the title's year.
    """
    grid = rd.grid
    header_row, header_cells = grid.rows[header_k]
    title_text, title_period, rest = _title(rd, header_k)
    region = _table_region(rd, rest)
    m = re.search(r"单位[:]\s*([^,、;\s)]+)", unicodedata.normalize("NFKC", title_text))
    table_unit = _clean_unit(m[1]) if m and _clean_unit(m[1]) in KNOWN_UNITS else ""
    title_basis = _price_basis_in_text(title_text)
    ncols = max((len(cells) for _, cells in grid.rows), default=0)
    top = [_cell_text(c) for c in header_cells] + [""] * (ncols - len(header_cells))
    per_j = next(j for j, t in enumerate(top) if _PERIOD_HEADER.fullmatch(_norm_header(t)))
    data_k = header_k + 1
    units_row = [""] * ncols
    if data_k < len(grid.rows):
        cand = [_clean_unit(c) for c in grid.rows[data_k][1]] + [""] * ncols
        texts = [u for j, u in enumerate(cand[:ncols]) if j != per_j and u]
        if texts and all(u in KNOWN_UNITS for u in texts):
            units_row, data_k = cand[:ncols], data_k + 1

    def label(j: int) -> str:
        return f"{_col_letter(j)} ({top[j]})" if grid.sheet else (top[j] or _col_letter(j))

    # column j → (indicator, measure, unit)
    columns: dict[int, tuple[str, str, str]] = {}
    prev: str | None = None
    for j in range(ncols):
        if j == per_j:
            continue
        h = _clean_indicator(top[j])
        if not h:
            if any(j < len(c) and _cell_text(c[j]) for _, c in grid.rows[data_k:]):
                raise rd.error("column has values but no header", header_row, _col_letter(j))
            continue
        if _IGNORED.fullmatch(_norm_header(h)):
            continue
        name, unit = _unit_from_name(h)
        unit = units_row[j] or unit
        if _is_bare_growth(name):
            if prev is None:
                raise rd.error("a growth column (同比, 增长%) must follow its indicator's column",
                               header_row, label(j), top[j])
            columns[j] = (prev, "yoy_pct", "%")
            continue
        growth = _growth_base(name) if unit in ("", "%") else None
        if growth is not None:
            columns[j] = (growth[0], "yoy_pct", "%")
            continue
        columns[j] = (name, "level", unit or table_unit)
        prev = name
    if not columns:
        raise rd.error("no indicator columns found in the header", header_row)
    year = title_period.year if title_period is not None else None
    for rownum, cells in grid.rows[data_k:]:
        cells = list(cells) + [None] * (ncols - len(cells))
        first = _cell_text(cells[per_j])
        if _NOTE_ROW.match(first) or _FOOTER_ROW.match(first):
            if _NOTE_ROW.match(first):
                rd.notes.append(_note_text(cells))
            rd.skip(rownum, label(per_j), _note_text(cells), "表注或填报信息，不是数据",
                    "a note or filing details, not data")
            continue
        if not first:
            if any(_cell_text(cells[j]) for j in columns):
                raise rd.error("row has values but no period", rownum, label(per_j))
            continue
        try:
            period = parse_period(cells[per_j], year=year)
        except PeriodError as exc:
            if rd.on_bad_period == "skip":
                rd.skipped.append(Cell(first, reason="period"))
                rd.skip(rownum, label(per_j), first, SKIP_REASONS["period"][0],
                        SKIP_REASONS["period"][1])
                continue
            raise rd.error(str(exc), rownum, label(per_j), cells[per_j], PeriodError) from None
        for j, (name, measure, unit) in columns.items():
            if measure == "level" and not unit:
                if _is_placeholder(cells[j]):
                    continue
                raise rd.error("unit missing: give it in the header, e.g. '地区生产总值（亿元）'"
                               " (units are never guessed)", header_row, label(j), top[j])
            rd.add(region=region, indicator=name, measure=measure, period=period,
                   raw=cells[j], unit=unit, price_basis=_price_basis_in_text(top[j]) or title_basis,
                   source=f"{grid.name} row {rownum} col {_col_letter(j)}", row=rownum,
                   column=label(j), unit_column=label(j), plain=first)


# --------------------------------------------------------------------------- assembling
def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def _assemble(rd: _Reader, on_duplicate: str) -> tuple[pd.DataFrame, list[Cell], pd.DataFrame]:
    """The values as a frame, identical duplicates dropped; conflicting ones raise or are kept
    (returned as :class:`Cell` items for the warning)."""
    d = rd.data
    frame = pd.DataFrame(d, columns=[*TIDY_COLUMNS, "row", "column", "sheet", "block"])
    conflicts: list[Cell] = []
    if len(frame):
        dup = frame.duplicated(_KEY, keep=False).to_numpy()
        if dup.any():
            drop: list[int] = []
            first: dict[tuple, int] = {}
            groups: dict[tuple, list[int]] = {}
            for i in np.flatnonzero(dup):
                key = tuple(d[c][i] for c in _KEY)
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
                        "keep both)", file=_where(rd.grid.path, d["sheet"][i]),
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
    return _coerce(frame[TIDY_COLUMNS].reset_index(drop=True)), conflicts, where


def _where(path: Path, sheet: str) -> str:
    return f"{path}!{sheet}" if sheet else str(path)


def _coerce(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            **{c: pd.Series(frame[c].to_numpy(), dtype="str") for c in _STR_COLUMNS},
            "cumulative": pd.Series(frame["cumulative"].to_numpy(), dtype=bool),
            "value": pd.Series(frame["value"].to_numpy(), dtype="float64"),
        },
        columns=TIDY_COLUMNS,
    )
    out.columns.name = "field"
    return out


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
    :func:`_read_rows`).  A single-month column (本月, 当月, 6月) gives ``cumulative=False``
    rows, a year-to-date column (1-6月, 累计, 上半年) ``cumulative=True``; a single quarter
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
      skipped (SkippedDataWarning), as for rows in 百分点 and growth-named rows (…增速);
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
        fast = _fast_tidy(path, given, on_bad_period, on_duplicate, max_bytes)
        if fast is not None:
            return fast
    grids, sheets_skipped = open_grids(path, max_bytes, sheet)
    rd = _Reader(grids[0] if grids else Grid(path, None, []), given, on_bad_period,
                 known_regions((given,) if given else ()))
    for sk in sheets_skipped:
        rd.grid = Grid(path, sk.sheet, [])
        rd.skip("", "", sk.sheet, sk.reason_zh, sk.reason_en)
    first_error: DataError | None = None
    n_read = 0
    read_grids: list[Grid] = []
    for grid in grids:
        rd.set_grid(grid)
        if not any(_cell_text(c) for _, cells in grid.head for c in cells):
            rd.skip("", "", grid.sheet or "", "空白工作表", "empty sheet")
            continue
        try:
            header_k, layout, tidy_map = _find_header(grid)
        except DataError as exc:
            if len(grids) == 1:
                raise
            first_error = first_error or exc
            text = next((_cell_text(c) for _, cells in grid.head for c in cells
                         if _cell_text(c)), "")
            rd.skip("", "", text, "工作表中找不到表头（指标/单位/时期），未读取：如是数据表请加表头",
                    "no header row (指标/单位/时期) on the sheet, not read")
            continue
        n_read += 1
        read_grids.append(grid)
        if layout == "tidy":
            assert tidy_map is not None
            _read_tidy(rd, header_k, tidy_map)
        elif layout == "rows":
            _read_rows(rd, header_k)
        else:
            _read_wide(rd, header_k)
    if n_read == 0 and first_error is not None:
        raise first_error
    frame, conflicts, where = _assemble(rd, on_duplicate)
    wname = read_grids[0].name if len(read_grids) == 1 else path.name
    return _finish(frame, rd, conflicts, where, wname, stacklevel=3)


# --------------------------------------------------------------------------- validator
def tidy(frame: pd.DataFrame, *, on_duplicate: Literal["raise", "keep"] = "raise") -> pd.DataFrame:
    """Check that ``frame`` is in the tidy layout and return a clean copy.

    Checks: exactly the columns :data:`TIDY_COLUMNS` (any order); string columns hold strings
    (region, indicator, period, unit, source non-empty); ``measure`` in :data:`MEASURES`;
    ``period`` canonical (``parse_period(p).period == p``) and ``cumulative`` a bool consistent
    with it (a year, Q1 and January are never cumulative); ``value`` numeric (NaN allowed);
    ``unit`` canonical (money in 亿元; ``%`` for yoy_pct); ``price_basis`` in
    :data:`PRICE_BASES`; no negative level of a non-negative quantity; no conflicting duplicate
    (unless ``on_duplicate="keep"``).

    Returns
    -------
    DataFrame
        Columns in :data:`TIDY_COLUMNS` order with dtypes str/bool/float64, RangeIndex.

    Raises
    ------
    DataError
        Naming the column, the frame row (1-based position) and the offending value.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"must be a DataFrame, got {type(frame).__name__}", parameter="frame")
    if on_duplicate not in ("raise", "keep"):
        raise ParameterError("must be 'raise' or 'keep'", parameter="on_duplicate")
    cols = [str(c) for c in frame.columns]
    missing = [c for c in TIDY_COLUMNS if c not in cols]
    if missing:
        raise DataError(f"missing tidy column(s) {missing}", column=missing[0])
    extra = [c for c in cols if c not in TIDY_COLUMNS]
    if extra:
        raise DataError(f"unexpected column(s) {extra}; the tidy layout is {TIDY_COLUMNS}",
                        column=extra[0])
    f = frame.reset_index(drop=True)

    def fail(message: str, k: int, column: str, text: Any) -> DataError:
        return DataError(f"frame row {k + 1}: {message}", column=column, text=text)

    for c in _STR_COLUMNS:
        for k, v in enumerate(f[c].tolist()):
            if not isinstance(v, str):
                raise fail("not a string", k, c, v)
            if c in ("region", "indicator", "period", "unit", "source") and not v.strip():
                raise fail("empty", k, c, v)
    try:
        values = pd.to_numeric(f["value"], errors="raise").astype("float64")
    except (TypeError, ValueError) as exc:
        raise DataError(f"value must be numeric ({exc})", column="value") from None
    cum = f["cumulative"].tolist()
    for k, v in enumerate(cum):
        if not isinstance(v, (bool, np.bool_)):
            raise fail("cumulative must be a bool", k, "cumulative", v)
    records = []
    for k, row in enumerate(f.itertuples(index=False)):
        if row.measure not in MEASURES:
            raise fail(f"measure must be one of {MEASURES}", k, "measure", row.measure)
        try:
            p = parse_period(row.period)
        except PeriodError as exc:
            raise fail(str(exc), k, "period", row.period) from None
        if p.period != row.period:
            raise fail(f"period not canonical (write {p.period!r})", k, "period", row.period)
        if p.as_cumulative(bool(cum[k])).cumulative != bool(cum[k]):
            raise fail(f"period {p.period} cannot be cumulative", k, "cumulative", cum[k])
        p = p.as_cumulative(bool(cum[k]))
        if row.unit not in _CANONICAL_UNITS:
            raise fail(f"unit not canonical/known (money must be in 亿元; known: "
                       f"{', '.join(sorted(_CANONICAL_UNITS))})", k, "unit", row.unit)
        if row.measure == "yoy_pct" and row.unit != "%":
            raise fail("yoy_pct rows must be in %", k, "unit", row.unit)
        if row.price_basis not in PRICE_BASES:
            raise fail(f"price_basis must be one of {PRICE_BASES}", k, "price_basis",
                       row.price_basis)
        v = float(values.iloc[k])
        info = KNOWN_UNITS.get(row.unit) or UnitInfo(row.unit)
        if (row.measure == "level" and info.nonnegative and v < 0
                and not _MAY_BE_NEGATIVE.search(row.indicator)):
            raise fail(f"negative level of {row.indicator!r}", k, "value", v)
        records.append(_Record(row.region, row.indicator, row.measure, p, v, row.unit,
                               row.price_basis, row.source, k + 1, "value"))
    seen: dict[tuple, _Record] = {}
    for rec in records:
        prev = seen.setdefault(rec.key, rec)
        if prev is not rec and on_duplicate == "raise" and not (
            prev.value == rec.value or (math.isnan(prev.value) and math.isnan(rec.value))
        ):
            raise fail(f"duplicate of frame row {prev.row} with a different value "
                       f"({prev.value:g} vs {rec.value:g})", rec.row - 1, "value", rec.value)
    out = f.copy()
    out["value"] = values
    return _coerce(out[TIDY_COLUMNS])


# --------------------------------------------------------------------------- tidy CSV, vectorised
_FAST_HEAD_BYTES = 256 * 1024
#: Tidy CSV files from this size on are read column by column (smaller ones row by row).
_FAST_MIN_BYTES = 256 * 1024
#: Conflicting figures whose values are spelled out in the warning's cells (the rest are
#: counted; a warning lists at most 12).
_DETAILED_CONFLICTS = 1000


def _fast_head(path: Path) -> tuple[str, int, list[tuple[int, list[Any]]]] | None:
    """The first rows of a UTF-8 CSV (without decoding the whole file): (delimiter, BOM
    length, rows).  None when the file is not plain UTF-8."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_FAST_HEAD_BYTES)
    except OSError:
        return None
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    cut = raw.rfind(b"\n") if len(raw) == _FAST_HEAD_BYTES else len(raw)
    try:
        text = raw[bom:cut].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _BAD_CELL_TEXT.search(text) or "\r" in text.replace("\r\n", ""):
        return None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    import csv
    import io

    rows: list[tuple[int, list[Any]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    prev = 0
    try:
        for record in reader:
            rownum = prev + 1
            prev = reader.line_num
            if prev != rownum:
                return None  # a quoted line break: let the careful reader count lines
            rows.append((rownum, [c.strip() for c in record]))
            if len(rows) >= _MAX_HEADER_SEARCH:
                break
    except csv.Error:
        return None
    return delimiter, bom, rows


_BAD_CELL_TEXT = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
                            "\ufeff\u200b\u2060]")


def _fast_tidy(path: Path, region: str | None, on_bad_period: str, on_duplicate: str,
               max_bytes: int) -> pd.DataFrame | None:
    """A big tidy UTF-8 CSV read with pandas' C parser and checked column by column (each
    distinct text once): the same values, errors and warnings as the row-by-row reader.  None
    when the file is not a plain tidy UTF-8 CSV (the row-by-row reader then reads it)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size > max_bytes or size < _FAST_MIN_BYTES:
        return None  # small files: the row-by-row reader is fast enough
    head = _fast_head(path)
    if head is None:
        return None
    delimiter, bom, head_rows = head
    grid = Grid(path, None, head_rows)
    try:
        header_k, layout, cols = _find_header(grid)
    except DataError:
        return None
    if layout != "tidy" or cols is None:
        return None
    header_line = head_rows[header_k][0]
    header_cells = head_rows[header_k][1]
    keys = [k for k in _TIDY_ALIASES if k in cols]
    positions = [cols[k] for k in keys]
    # text columns as categories: the parser keeps each distinct text once
    dtype = {cols[k]: (np.float64 if k == "value" else "category") for k in keys}
    def parse(value_dtype: Any) -> pd.DataFrame:
        return pd.read_csv(
            path, sep=delimiter, header=None, skiprows=header_line, usecols=positions,
            dtype={**dtype, cols["value"]: value_dtype}, keep_default_na=False,
            na_values=[""], skip_blank_lines=False,
            encoding="utf-8-sig" if bom else "utf-8", engine="c", index_col=False,
        )

    try:
        try:
            raw = parse(np.float64)
        except (UnicodeDecodeError, pd.errors.ParserError):
            raise
        except ValueError:  # placeholders (—), 1,234, 5.2% …: the values as text
            raw = parse(object)
    except (ValueError, OSError):
        return None  # ragged rows, bad bytes …: read row by row
    n = len(raw)
    name = path.name
    rd = _Reader(grid, region, on_bad_period, known_regions((region,) if region else ()))
    headers = {key: _cell_text(header_cells[j]) for key, j in cols.items()}

    def codes_of(key: str) -> tuple[np.ndarray, list[str]]:
        if key not in cols:
            return np.zeros(n, dtype=np.int32), [""]
        cat = raw[cols[key]].cat
        texts = [str(u) for u in cat.categories]
        codes = cat.codes.to_numpy().astype(np.int32)
        blank = codes < 0
        if blank.any():  # blank cells
            texts.append("")
            codes[blank] = len(texts) - 1
        for t in texts:
            if "\n" in t or "\r" in t or _BAD_CELL_TEXT.search(t):
                raise _Fallback
        return codes, [t.strip() for t in texts]

    class _Fallback(Exception):
        pass

    try:
        c_region, u_region = codes_of("region")
        c_ind, u_ind = codes_of("indicator")
        c_per, u_per = codes_of("period")
        c_unit, u_unit = codes_of("unit")
        c_cum, u_cum = codes_of("cumulative")
        c_meas, u_meas = codes_of("measure")
        c_pb, u_pb = codes_of("price_basis")
        c_url, u_url = codes_of("source_url") if "source_url" in cols else codes_of("source")
    except _Fallback:
        return None
    rownums = np.arange(header_line + 1, header_line + 1 + n, dtype=np.int32)
    value_text: dict[int, str] = {}  # row → text of a placeholder read as missing
    pct_rows: list[int] = []  # rows whose value carried a % sign
    vcol = raw[cols["value"]]
    if vcol.dtype == np.float64:
        values = vcol.to_numpy(dtype=np.float64)
    else:
        values = pd.to_numeric(vcol, errors="coerce").to_numpy(dtype=np.float64, copy=True)
        odd = np.flatnonzero(np.isnan(values) & vcol.notna().to_numpy())
        parsed: dict[str, float | None] = {}
        for i, t in zip(odd.tolist(), vcol.to_numpy()[odd].tolist()):
            t = str(t)
            if t not in parsed:
                if "\n" in t or "\r" in t or _BAD_CELL_TEXT.search(t):
                    return None
                try:
                    parsed[t] = _parse_value(t, percent_ok=True)
                except _CellProblem as exc:
                    raise rd.error(exc.message, int(rownums[i]), headers["value"],
                                   exc.text) from None
            v = parsed[t]
            if v is None:
                value_text[int(rownums[i])] = _cell_text(t.strip())
            else:
                values[i] = v
                if unicodedata.normalize("NFKC", t).strip().endswith("%"):
                    pct_rows.append(int(rownums[i]))
    vcol = None
    raw = None  # the parsed cells are no longer needed
    empty = np.isnan(values)
    for codes, uniq in ((c_region, u_region), (c_ind, u_ind), (c_per, u_per), (c_unit, u_unit)):
        empty &= np.isin(codes, [k for k, t in enumerate(uniq) if t == ""])
    if empty.any():  # blank lines (and rows of blank cells) are not data
        keep = ~empty
        c_region, c_ind, c_per, c_unit = c_region[keep], c_ind[keep], c_per[keep], c_unit[keep]
        c_cum, c_meas, c_pb, c_url = c_cum[keep], c_meas[keep], c_pb[keep], c_url[keep]
        values, rownums = values[keep], rownums[keep]
        n = len(values)

    def first_row(mask: np.ndarray) -> int:
        return int(rownums[int(np.argmax(mask))])

    # region
    reg_text = [u or (rd.region or "") for u in u_region]
    for k, t in enumerate(reg_text):
        if not t and (c_region == k).any():
            raise rd.error("region missing: fill the region column or pass region=…",
                           first_row(c_region == k), headers.get("region", "region"))
    # indicator
    ind_text = [_clean_indicator_text(u) for u in u_ind]
    for k, t in enumerate(ind_text):
        if not t and (c_ind == k).any():
            raise rd.error("indicator name missing", first_row(c_ind == k), headers["indicator"])
    # period
    per_obj: list[Period | None] = []
    skip = np.zeros(n, dtype=bool)
    used = np.bincount(c_per, minlength=len(u_per)) > 0  # blank rows are gone
    for k, t in enumerate(u_per):
        if not used[k]:
            per_obj.append(None)
            continue
        try:
            per_obj.append(parse_period(t))
        except PeriodError as exc:
            per_obj.append(None)
            mask = c_per == k
            if rd.on_bad_period == "skip":
                skip |= mask
                for i in np.flatnonzero(mask):
                    rd.skipped.append(Cell(ind_text[c_ind[i]], t, reason="period"))
                    rd.skip(int(rownums[i]), headers["period"], f"{ind_text[c_ind[i]]} {t}",
                            SKIP_REASONS["period"][0], SKIP_REASONS["period"][1])
                continue
            raise rd.error(str(exc), first_row(mask), headers["period"], t, PeriodError) from None
    # cumulative, price basis, measure
    cum_val: list[bool | None] = []
    for k, t in enumerate(u_cum):
        try:
            cum_val.append(_parse_bool(t) if "cumulative" in cols else None)
        except _CellProblem as exc:
            raise rd.error(exc.message, first_row(c_cum == k), headers["cumulative"],
                           exc.text) from None
    pb_val: list[str] = []
    for k, t in enumerate(u_pb):
        try:
            pb_val.append(_price_basis(t) if "price_basis" in cols else "")
        except _CellProblem as exc:
            raise rd.error(exc.message, first_row(c_pb == k), headers["price_basis"],
                           exc.text) from None
    meas_val = [t.lower() for t in u_meas]
    for k, t in enumerate(meas_val):
        if t and t not in MEASURES:
            raise rd.error(f"measure must be one of {MEASURES}", first_row(c_meas == k),
                           headers["measure"], u_meas[k])
    # (indicator, unit, measure, price basis) combinations: names, units, growth names
    combo = (((c_ind.astype(np.int64) * len(u_unit) + c_unit) * len(u_meas) + c_meas)
             * len(u_pb) + c_pb)
    c_combo, combos = pd.factorize(combo)
    c_combo = c_combo.astype(np.int32)
    del combo, c_ind, c_unit, c_meas, c_pb
    n_combo = len(combos)
    out_ind: list[str] = []
    out_unit: list[str] = []
    out_meas: list[str] = []
    out_pb: list[str] = []
    mult = np.ones(n_combo)
    nonneg = np.zeros(n_combo, dtype=bool)
    percent = np.zeros(n_combo, dtype=bool)
    for q, code in enumerate(combos.tolist()):
        code, kpb = divmod(int(code), len(u_pb))
        code, kme = divmod(code, len(u_meas))
        kin, kun = divmod(code, len(u_unit))
        indicator, unit = ind_text[kin], _clean_unit_text(u_unit[kun]) if u_unit[kun] else ""
        price_basis = pb_val[kpb]
        if not unit:
            indicator, unit = _unit_from_name(indicator)
        measure = meas_val[kme]
        if not measure:
            indicator, measure, price_basis = _implied_measure(indicator, unit, price_basis)
        try:
            if measure == "yoy_pct":
                if unit not in ("", "%"):
                    raise _CellProblem(f"growth rate (yoy_pct) must be in %, not {unit!r}", unit)
                unit, info = "%", KNOWN_UNITS["%"]
            else:
                info = _unit_info(unit)
        except _CellProblem as exc:
            raise rd.error(exc.message, first_row(c_combo == q), headers.get("unit", "unit"),
                           exc.text) from None
        new_value, new_unit = _normalise(1.0, unit, info, indicator)
        mult[q] = new_value
        percent[q] = info.kind == "percent"
        nonneg[q] = (measure == "level" and info.nonnegative
                     and not _MAY_BE_NEGATIVE.search(indicator))
        out_ind.append(indicator)
        out_unit.append(new_unit)
        out_meas.append(measure)
        out_pb.append(price_basis)
    # values
    bad = ~np.isfinite(values) & ~np.isnan(values)
    bad |= np.abs(np.nan_to_num(values)) >= MAX_MAGNITUDE
    if bad.any():
        i = int(np.argmax(bad))
        v = float(values[i])
        msg = ("not a finite number (infinite or too large to be a figure)" if not math.isfinite(v)
               else f"implausible magnitude {v:.3g} (limit {MAX_MAGNITUDE:.0e} in any unit): a "
               "typing or export error?")
        raise rd.error(msg, int(rownums[i]), headers["value"], f"{v:g}")
    if pct_rows:
        wrong = np.isin(rownums, pct_rows) & ~percent[c_combo]
        if wrong.any():
            i = int(np.argmax(wrong))
            raise rd.error("a '%' sign on a value that is not a percentage", int(rownums[i]),
                           headers["value"], f"{values[i]:g}%")
    neg = nonneg[c_combo] & (values < 0)
    if neg.any():
        i = int(np.argmax(neg))
        q = int(c_combo[i])
        raise rd.error(f"negative level of {out_ind[q]!r} in {out_unit[q]}: this quantity cannot "
                       "be negative", int(rownums[i]), headers["value"], f"{values[i]:g}")
    values = values * mult[c_combo]
    missing = np.flatnonzero(np.isnan(values) & ~skip)
    for i in missing:
        q = int(c_combo[i])
        shown = out_ind[q]
        plain = u_per[c_per[i]]
        if out_meas[q] == "yoy_pct" and not _GROWTH.search(plain):
            shown = f"{shown}增速"
        rd.missing.append(Cell(shown, plain, value_text.get(int(rownums[i]), "")))
    # periods with the cumulative flag
    pc_code = c_per.astype(np.int64) * len(u_cum) + c_cum
    c_pc, pcs = pd.factorize(pc_code)
    c_pc = c_pc.astype(np.int32)
    del pc_code, c_per, c_cum
    pc_period: list[str] = []
    pc_cum: list[bool] = []
    for code in pcs.tolist():
        kp, kc = divmod(int(code), len(u_cum))
        p = per_obj[kp]
        if p is None:
            pc_period.append("")
            pc_cum.append(False)
            continue
        if cum_val[kc] is not None:
            p = p.as_cumulative(bool(cum_val[kc]))
        pc_period.append(p.period)
        pc_cum.append(p.cumulative)
    keep = ~skip
    if skip.any():
        c_region, c_combo, c_pc, c_url = c_region[keep], c_combo[keep], c_pc[keep], c_url[keep]
        values, rownums = values[keep], rownums[keep]

    def take(texts: list[Any], codes: np.ndarray) -> np.ndarray:
        return np.asarray(texts, dtype=object)[codes]

    # duplicates on integer codes of the key (region, indicator, measure, period, cumulative,
    # price basis): identical ones dropped, conflicting ones raise or are kept
    reg_id = pd.factorize(np.asarray(reg_text, dtype=object))[0]
    key_id = pd.factorize(np.asarray([f"{i}\x00{m}\x00{b}" for i, m, b in
                                      zip(out_ind, out_meas, out_pb)], dtype=object))[0]
    unit_id = pd.factorize(np.asarray(out_unit, dtype=object))[0]
    per_id = pd.factorize(np.asarray([f"{p}\x00{c}" for p, c in zip(pc_period, pc_cum)],
                                     dtype=object))[0]
    nk, npd = int(key_id.max(initial=0)) + 1, int(per_id.max(initial=0)) + 1
    key = (reg_id[c_region].astype(np.int64) * nk + key_id[c_combo]) * npd + per_id[c_pc]
    conflicts: list[Cell] = []
    if pd.Series(key).duplicated().any():
        same = pd.DataFrame({"k": key, "u": unit_id[c_combo],
                             "v": values.view(np.int64)}).duplicated().to_numpy()
        if same.any():
            keep = ~same
            c_region, c_combo, c_pc, c_url = (c_region[keep], c_combo[keep], c_pc[keep],
                                              c_url[keep])
            values, rownums, key = values[keep], rownums[keep], key[keep]
        ks = pd.Series(key)
        later = ks.duplicated(keep="first").to_numpy()
        if later.any():
            if on_duplicate == "raise":
                i = int(np.argmax(later))
                k0 = int(np.argmax(key == key[i]))
                q, q0 = int(c_combo[i]), int(c_combo[k0])
                raise rd.error(
                    f"duplicate entry for {reg_text[c_region[i]]}/{out_ind[q]}/{out_meas[q]}/"
                    f"{pc_period[c_pc[i]]} with a different value: row {rownums[k0]} has "
                    f"{values[k0]:g} {out_unit[q0]}, this row has {values[i]:g} {out_unit[q]} "
                    "(pass on_duplicate='keep' to keep both)",
                    int(rownums[i]), headers["value"], f"{values[i]:g}")
            clash = np.flatnonzero(ks.duplicated(keep=False).to_numpy())
            order = clash[np.argsort(key[clash], kind="stable")]
            ksorted = key[order]
            starts = np.flatnonzero(np.r_[True, ksorted[1:] != ksorted[:-1]])
            ends = np.r_[starts[1:], len(order)]
            first_pos = order[starts]
            sort_groups = np.argsort(first_pos, kind="stable")  # in file order
            # the values of each conflict as text, for the first ones (a warning lists 12)
            whats: dict[tuple[int, int], str] = {}
            g_first = order[starts[sort_groups]]
            texts = ["、".join(f"{v:g}" for v in values[order[starts[g]:ends[g]]].tolist())
                     for g in sort_groups[:_DETAILED_CONFLICTS].tolist()]
            texts += [""] * (len(sort_groups) - len(texts))
            for rq0, rq1, kp, text in zip(c_region[g_first].tolist(), c_combo[g_first].tolist(),
                                          c_pc[g_first].tolist(), texts):
                what = whats.get((rq0, rq1))
                if what is None:
                    what = whats[(rq0, rq1)] = f"{reg_text[rq0]} {out_ind[rq1]}"
                conflicts.append(Cell(what, pc_period[kp], text))
            del order, ksorted, starts, ends, first_pos, sort_groups, clash, texts, g_first
        del ks, later
    del key
    urls = u_url
    if any(urls):
        url_rows = take(urls, c_url)
        source = np.fromiter((f"{u} ({name} row {r})" if u else f"{name} row {r}"
                              for u, r in zip(url_rows, rownums.tolist())),
                             dtype=object, count=len(rownums))
        del url_rows
    else:
        source = np.fromiter((f"{name} row {r}" for r in rownums.tolist()), dtype=object,
                             count=len(rownums))
    del c_url

    def text_col(arr: np.ndarray) -> pd.Series:
        return pd.Series(arr, dtype="str", copy=False)

    out = pd.DataFrame({
        "region": text_col(take(reg_text, c_region)),
        "indicator": text_col(take(out_ind, c_combo)),
        "measure": text_col(take(out_meas, c_combo)),
        "period": text_col(take(pc_period, c_pc)),
        "cumulative": pd.Series(np.asarray(pc_cum, dtype=bool)[c_pc], copy=False),
        "value": pd.Series(values, dtype="float64", copy=False),
        "unit": text_col(take(out_unit, c_combo)),
        "price_basis": text_col(take(out_pb, c_combo)),
        "source": text_col(source),
    }, columns=TIDY_COLUMNS, copy=False)
    out.columns.name = "field"
    del source, c_region, c_combo, c_pc, values
    col_cat = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), [headers["value"]])
    blank = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), [""])
    read = ReadingList({
        "file": pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), [name]),
        "sheet": blank, "block": blank,
        "row": rownums.astype(np.int32),
        "column": col_cat,
    }, columns=READ_COLUMNS)
    return _finish(out, rd, conflicts, read, path.name)


def _finish(frame: pd.DataFrame, rd: _Reader, conflicts: list[Cell], read: pd.DataFrame,
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
