"""The columns of a wide table (indicators as rows): what each header means — indicator, unit,
level or growth, of which period, for which region of a 分县区 table — and a block's header
with its sub-header."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jinshui_analysis.data.tables.cells import cell_text, norm_header
from jinshui_analysis.data.tables.headers import (
    GROWTH_WORDS,
    IGNORED,
    LEVEL_WORDS,
    WIDE_INDICATOR,
    WIDE_UNIT,
    is_subheader,
)
from jinshui_analysis.data.tables.indicators import price_basis_in_text
from jinshui_analysis.data.tables.reader import Reader
from jinshui_analysis.data.tables.titles import NOT_REGION
from jinshui_analysis.data.tables.units import KNOWN_UNITS
from jinshui_analysis.exceptions import Cell, PeriodError
from jinshui_analysis.periods import (
    Period,
    month_code,
    parse_period,
    quarter_code_of,
    search_period,
)


@dataclass
class Column:
    """One column of a wide table's header: its kind, period, price basis and region."""

    j: int
    header: str
    kind: str  # indicator, unit, level, growth, ignore, pp
    period: Period | None = None
    price_basis: str = ""
    stock: bool = False
    region: str = ""  # a region column of a 分县区 table (else the table's region)
    unit: str = ""  # a level column's unit named in its header (绝对额（亿元）), else ""


def header_unit(text: str) -> str:
    """The unit a column header names in brackets (``2025年前三季度 绝对额（亿元）`` → ``亿元``),
    when it is a known unit; else ``""``."""
    for found in reversed(re.findall(r"[（(]([^（）()]+)[）)]", str(text))):
        if found.strip() in KNOWN_UNITS:
            return found.strip()
    return ""


def _month_of(p: Period) -> Period:
    return parse_period(month_code(p.year, p.last_month))


def _quarter_of(p: Period) -> Period:
    return parse_period(quarter_code_of(p.year, (p.last_month - 1) // 3 + 1))


_REGION_HEADER = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|新区|区|县|市|旗)")
_WHOLE = re.compile(r"全市|全区|全县|全省|合计|总计")


def _region_header(rd: Reader, h: str) -> tuple[str, str] | None:
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
    if _REGION_HEADER.fullmatch(name) and name not in NOT_REGION:
        return name, rest
    return None


def classify(rd: Reader, text: str, j: int, title: Period | None, header_row: int,
              prev_level: Period | None, column_label: str) -> Column:
    """What a wide table's column header means: indicator, unit, a level or growth of a period,
    or a column not read."""
    h = norm_header(text)
    found_region = _region_header(rd, h) if not WIDE_INDICATOR.fullmatch(h) else None
    if found_region is not None:
        reg, rest = found_region
        col = classify(rd, rest or "本期数", j, title, header_row, prev_level, column_label)
        if col.kind in ("level", "growth"):
            col.region = reg
            col.header = text
        return col
    if WIDE_INDICATOR.fullmatch(h):
        return Column(j, text, "indicator")
    if WIDE_UNIT.fullmatch(h):
        return Column(j, text, "unit")
    if "百分点" in h:
        return Column(j, text, "pp")
    if re.search(r"比年初|较年初|比上月|环比", h):
        return Column(j, text, "since")
    if IGNORED.fullmatch(h):
        return Column(j, text, "ignore")
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
    basis = price_basis_in_text(h)
    if GROWTH_WORDS.search(h):
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
        return Column(j, text, "growth", p, basis)
    stock = re.search(r"期末|月末|季末|年末|末数|余额|\d月末|末$", h) is not None
    if explicit is not None:
        if re.search(r"上年|去年", h):
            explicit = explicit.shift_years(-1)
        if stock:
            explicit = explicit.as_cumulative(False)
        return Column(j, text, "level", explicit, basis, stock)
    if stock:
        p = need_title("the end of the period (期末)")
        if re.search(r"上年|去年", h):
            p = p.shift_years(-1)
        return Column(j, text, "level", p.as_cumulative(False), basis, True)
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
    elif LEVEL_WORDS.search(h):
        p = need_title("the table's period")
    else:
        raise rd.error(
            "unrecognised column header: expected 指标/单位, a period (2023年, 1-3月, 本月, 累计) "
            "or a growth column (同比增长%, 比上年增长(%))", header_row, column_label, text,
        )
    return Column(j, text, "level", p, basis)


@dataclass
class Block:
    """The header of a block of a wide table and what the block's title says."""

    top: list[str]
    columns: list[Column]
    value_cols: list[Column]
    unit_j: int | None
    growth: bool = False
    unit: str = ""


def wide_header(rd: Reader, k: int, ind_j: int, ncols: int, title_period: Period | None,
                 label_of: Any) -> tuple[Block, int]:
    """The columns of the header at ``grid.rows[k]`` (and its sub-header); the first data row."""
    grid = rd.grid
    header_row, header_cells = grid.rows[k]
    top = [cell_text(c) for c in header_cells] + [""] * (ncols - len(header_cells))
    top = top[:ncols]
    data_k = k + 1
    if data_k < len(grid.rows) and is_subheader(grid.rows[data_k][1], ind_j):
        sub_cells = grid.rows[data_k][1]
        sub = ([cell_text(c) for c in sub_cells] + [""] * (ncols - len(sub_cells)))[:ncols]
        filled = list(top)
        for j in range(1, ncols):  # merged period cells: only the first holds the text
            left = norm_header(filled[j - 1])
            if (not filled[j] and sub[j] and left
                    and not (WIDE_UNIT.fullmatch(left) or WIDE_INDICATOR.fullmatch(left))):
                filled[j] = filled[j - 1]
        top = [f"{a} {b}".strip() for a, b in zip(filled, sub)]
        data_k += 1

    def label(j: int) -> str:
        return label_of(j, top)

    columns: list[Column] = []
    prev_level: Period | None = None
    for j in range(ncols):
        if j == ind_j:
            continue
        if not top[j]:
            continue
        col = classify(rd, top[j], j, title_period, header_row, prev_level, label(j))
        if col.kind == "level":
            col.unit = header_unit(top[j])
        if col.kind == "level" and not re.search(r"上年|去年", norm_header(top[j])):
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
    return Block(top, columns, value_cols, unit_j), data_k
