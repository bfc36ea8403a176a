"""Header rows: which row is the header and which layout it starts (tidy, indicators as rows,
periods as rows), the words of headers, second header rows and headers repeated inside a sheet."""

from __future__ import annotations

import re
from typing import Any

from jinshui_analysis.data.readers import Grid
from jinshui_analysis.data.tables.cells import (
    CellProblem,
    cell_text,
    norm_header,
    parse_value,
    parse_value_or_none,
)
from jinshui_analysis.exceptions import DataError

#: Header texts of the tidy layout's columns (English or Chinese), by column.
TIDY_ALIASES = {
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
#: The header of the indicator column of a wide table (指标, 指标名称, 项目).
WIDE_INDICATOR = re.compile(r"(?:主要)?(?:经济|统计)?指标(?:名称)?|项目|名称|indicator", re.I)
#: The header of the unit column (单位, 计量单位).
WIDE_UNIT = re.compile(r"(?:计量)?单位|unit", re.I)
#: Headers of columns that are not data (序号, 位次, 备注).
IGNORED = re.compile(r"序号|编号|备注|注|说明|位次|排名|名次|排序|rank|note", re.I)
#: Words that make a header or a name a growth rate (增长, 增速, 同比 …).
GROWTH_WORDS = re.compile(r"增长|增速|同比|增幅|增减|±|比上年|比去年|yoy", re.I)
#: Words of a header holding a level of the table's period (绝对值, 总量, 完成 …).
LEVEL_WORDS = re.compile(r"绝对值|绝对数|数值|总量|总额|金额|完成|实绩|数量|合计|本年|全年|value", re.I)
_SUBHEADER_WORDS = re.compile(
    r"增长|增速|同比|增幅|增减|累计|本月|当月|本期|绝对|数值|总量|金额|完成|%|月|季|年|比重|位次|排名"
)
#: Rows searched for the header row.
MAX_HEADER_SEARCH = 40
#: Header of the period column of a table with periods as rows (时期 | 地区生产总值 | 同比).
PERIOD_HEADER = re.compile(r"时期|时间|期别|期间|年份|年度|季度|月份|日期|报告期|period", re.I)


def _tidy_header_map(cells: list[Any]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for j, c in enumerate(cells):
        h = norm_header(c).lower()
        for key, aliases in TIDY_ALIASES.items():
            if h in aliases and key not in found:
                found[key] = j
                break
    if {"indicator", "period", "value"} <= found.keys():
        return found
    return None


def find_header(grid: Grid) -> tuple[int, str, dict[str, int] | None]:
    """Index into grid.rows of the header row, the layout ("tidy"/"wide") and the tidy map."""
    for k, (_, cells) in enumerate(grid.head[:MAX_HEADER_SEARCH]):
        tidy_map = _tidy_header_map(cells)
        if tidy_map is not None:
            return k, "tidy", tidy_map
        texts = [norm_header(c) for c in cells if cell_text(c)]
        if len(texts) >= 2 and any(WIDE_INDICATOR.fullmatch(t) for t in texts):
            return k, "wide", None
        if len(texts) >= 2 and any(PERIOD_HEADER.fullmatch(t) for t in texts):
            return k, "rows", None
    raise DataError(
        "no header row found in the first "
        f"{MAX_HEADER_SEARCH} rows: expected a tidy header (region, indicator, period, value, "
        "unit), a bulletin header with a 指标/指标名称 column, or a 时期 column with one column "
        "per indicator",
        file=grid.where,
    )


#: A row or column that is only "the growth" of the row/column before it: 同比增长(%), 增速 ….
_BARE_GROWTH = re.compile(
    r"(?:同比|比上年同期|比上年|比去年同期|比去年|上年同期=100)?(?:增长率?|增速|增幅|增减|±|名义增长)?"
    r"(?:\(%\)|%|\(±%\)|±%)?"
)


def is_bare_growth(text: str) -> bool:
    """Whether a header or name is only "the growth" (同比增长%, 增速) of the row or column before it."""
    h = norm_header(text)
    return bool(h) and _BARE_GROWTH.fullmatch(h) is not None and GROWTH_WORDS.search(h) is not None


def is_subheader(cells: list[Any], ind_j: int) -> bool:
    """Whether a row under the header is a second header row (绝对值 | 同比增长% under merged cells)."""
    if ind_j < len(cells) and cell_text(cells[ind_j]):
        return False
    texts = [norm_header(c) for k, c in enumerate(cells) if k != ind_j and cell_text(c)]
    if not texts:
        return False
    for t in texts:
        try:
            parse_value(t, percent_ok=True)
            return False  # a number: data, not a header
        except CellProblem:
            pass
        if not _SUBHEADER_WORDS.search(t):
            return False
    return True


def is_header_row(cells: list[Any], ind_j: int) -> bool:
    """A repeated header (指标 | 单位 | 1-2月 …) inside a sheet: it starts a new block."""
    if ind_j >= len(cells) or not WIDE_INDICATOR.fullmatch(norm_header(cells[ind_j])):
        return False
    texts = [c for c in cells if cell_text(c)]
    if len(texts) < 2:
        return False
    for c in texts:
        v = parse_value_or_none(c)
        if v is not None and not (v.is_integer() and 1900 <= v <= 2100):
            return False  # a number: data, not a header
    return True
