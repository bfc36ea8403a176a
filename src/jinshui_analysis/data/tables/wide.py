"""Indicators as rows (统计局 bulletin tables): blocks with their titles (一、总量指标, 二、增长速度),
repeated headers, bare growth rows, total rows, stocks, tables side by side."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from jinshui_analysis.data.readers import Grid, col_letter
from jinshui_analysis.data.tables.cells import (
    PLACEHOLDERS,
    cell_text,
    is_placeholder,
    norm_header,
    parse_value_or_none,
)
from jinshui_analysis.data.tables.columns import Block, Column, wide_header
from jinshui_analysis.data.tables.headers import WIDE_INDICATOR, is_bare_growth, is_header_row
from jinshui_analysis.data.tables.indicators import (
    RATE_NAME,
    clean_indicator,
    growth_base,
    price_basis_in_text,
    unit_from_name,
)
from jinshui_analysis.data.tables.reader import Reader
from jinshui_analysis.data.tables.schema import is_stock
from jinshui_analysis.data.tables.titles import (
    FOOTER_ROW,
    NOTE_ROW,
    note_text,
    sheet_hint,
    table_region,
    title_unit,
)
from jinshui_analysis.data.tables.units import KNOWN_UNITS, clean_unit
from jinshui_analysis.exceptions import SKIP_REASONS, Cell, PeriodError
from jinshui_analysis.periods import Period, search_period

_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分)"
)
#: A top-level section title (一、…, 第一部分): it starts a block of its own; a sub-section
#: ((一)…, 工业) inherits its block's growth flag and unit.
_TOP_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+部分)")
#: A block title that makes its rows growth rates: 二、增长速度, 三、主要指标增速 ….
_BLOCK_GROWTH = re.compile(r"增长速度|增速|增幅|增长率|同比增长|比上年增长|速度")
_BLOCK_UNIT = re.compile(r"\(?单位[:：]\s*([^,，、;；\s)）]+)")


def read_wide(rd: Reader, header_k: int) -> None:
    """Indicators as rows; tables side by side (two 指标 columns in one header) are read apart."""
    grid = rd.grid
    header_cells = grid.rows[header_k][1]
    ind_js = [j for j, c in enumerate(header_cells) if WIDE_INDICATOR.fullmatch(norm_header(c))]
    title_text = " ".join(
        cell_text(c) for _, cells in grid.rows[:header_k] for c in cells if cell_text(c)
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


def _read_wide_table(rd: Reader, header_k: int, title_text: str) -> None:
    grid = rd.grid
    excel = grid.sheet is not None
    col0 = grid.col0
    header_row, header_cells = grid.rows[header_k]
    ind_j = next(j for j, c in enumerate(header_cells) if WIDE_INDICATOR.fullmatch(norm_header(c)))
    ncols = max((len(cells) for _, cells in grid.rows), default=0)
    # title: period, region, table unit, price basis
    title_period: Period | None = None
    rest = ""
    if title_text:
        try:
            found = search_period(title_text, need_year=True)
        except PeriodError as exc:
            raise rd.error(str(exc), grid.rows[0][0], None, title_text, PeriodError) from None
        rest = norm_header(title_text)
        if found is not None:
            title_period, rest = found
    hint = sheet_hint(rd, title_period.year if title_period else None)
    if hint is not None and (title_period is None or (title_period.freq == "Y"
                                                      and hint.freq != "Y")):
        title_period = hint  # sheet 9月 of 管城回族区2025年主要经济指标.xlsx → 2025-09
    region = table_region(rd, rest if title_text else "")
    table_unit = title_unit(title_text)
    title_basis = price_basis_in_text(title_text)
    if grid.formulas:
        rd.notes.append(f"{grid.sheet}：{grid.formulas}个单元格是公式，读取的是文件保存时的计算结果"
                        "（缓存值）")

    def label_of(j: int, top: list[str]) -> str:
        t = top[j] if j < len(top) else ""
        return f"{col_letter(j + col0)} ({t})" if excel else (t or col_letter(j + col0))

    blk, data_k = wide_header(rd, header_k, ind_j, ncols, title_period, label_of)
    for _, cells in reversed(grid.rows[:header_k]):  # a block title right above the header
        first = next((cell_text(c) for c in cells if cell_text(c)), "")
        if first and _SECTION.match(unicodedata.normalize("NFKC", first)):
            rd.block = first[:60]
            mu = _BLOCK_UNIT.search(norm_header(note_text(cells)))
            bunit = clean_unit(mu[1]) if mu else unit_from_name(clean_indicator(first))[1]
            blk.unit = bunit if bunit in KNOWN_UNITS else ""
            blk.growth = _BLOCK_GROWTH.search(first) is not None
            break
    for c in range(ncols):
        if c != ind_j and (c >= len(blk.top) or not blk.top[c]):
            if any(c < len(cs) and cell_text(cs[c]) for _, cs in grid.rows[data_k:]):
                raise rd.error("column has values but no header", header_row,
                               col_letter(c + col0))

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
        raw_first = cell_text(cells[ind_j])
        if k - 1 > header_k and is_header_row(cells, ind_j):
            blk, k = wide_header(rd, k - 1, ind_j, ncols, title_period, label_of)
            if pending is not None:
                rd.block, blk.growth, blk.unit = pending
            else:
                rd.block = f"表头 row {rownum}"
            pending = None
            prev_name = None
            continue
        name = clean_indicator(cells[ind_j])
        value_cols = blk.value_cols
        values = [cells[c.j] for c in value_cols]
        line = note_text(cells)
        if NOTE_ROW.match(name) or FOOTER_ROW.match(name):
            footer = FOOTER_ROW.match(name) is not None
            if not footer:
                rd.notes.append(line)
            rd.skip(rownum, label(ind_j), line,
                    "填报信息（填报单位、审核人等），不是数据" if footer else "表注，不是数据",
                    "filing details (unit, reviewer …), not data" if footer else "a note, not data")
            continue
        unit_raw = cells[blk.unit_j] if blk.unit_j is not None else None
        if not name:
            if any(cell_text(v) for v in values):
                raise rd.error("row has values but no indicator name", rownum, label(ind_j))
            others = [cell_text(c) for c in cells if cell_text(c)]
            if others:
                rd.skip(rownum, "", " ".join(others), "没有指标名称的文字行，未读取",
                        "text row without an indicator name, not read")
            continue
        if all(cell_text(v) == "" or _BLOCK_UNIT.match(norm_header(v)) for v in values) and (
            not cell_text(unit_raw) or _BLOCK_UNIT.match(norm_header(unit_raw))
        ):
            prev_name = None
            text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))
            if _SECTION.match(unicodedata.normalize("NFKC", raw_first)) or (
                len(raw_first) <= 12 and not re.search(r"[，。；：:,;]", raw_first)
            ):
                # a block title: 一、总量指标 / 二、增长速度（%） / 工业
                mu = _BLOCK_UNIT.search(text)
                bunit = clean_unit(mu[1]) if mu else unit_from_name(name)[1]
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
        unit = clean_unit(unit_raw)
        if unit in PLACEHOLDERS:
            unit = ""  # "—" in the 单位 column: no unit given
        name, name_unit = unit_from_name(name)
        if name in ("合计", "总计", "小计", "全部"):
            # the total of a block (一、社会消费品零售总额 / 合计 / 批发业 …) is the block's indicator
            heading = unit_from_name(clean_indicator(rd.block))[0] if rd.block else ""
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
        if is_bare_growth(name) and (unit or name_unit) in ("", "%"):
            # 同比增长(%) right under 地区生产总值(亿元): the growth of that row, not an indicator
            if prev_name is None:
                raise rd.error("a growth row (同比增长) must follow the row of its indicator",
                               rownum, label(ind_j), cells[ind_j])
            for col, p in _stock_pick(value_cols, cells, is_stock(prev_name)):
                if col.kind == "level":
                    rd.add(region=col.region or region, indicator=prev_name, measure="yoy_pct",
                           period=p, raw=cells[col.j], unit="%",
                           price_basis=col.price_basis or title_basis,
                           source=f"{grid.name} row {rownum} col {col_letter(col.j + col0)}",
                           row=rownum, column=label(col.j), unit_column="单位",
                           plain=blk.top[col.j])
                elif parse_value_or_none(cells[col.j]) is not None:
                    rd.skipped.append(Cell(prev_name, blk.top[col.j], reason="rate_change"))
                    rd.skip(rownum, label(col.j), f"{prev_name} {blk.top[col.j]}",
                            SKIP_REASONS["rate_change"][0], SKIP_REASONS["rate_change"][1])
            continue
        level_measure, level_name, basis = "level", name, ""
        growth = growth_base(name) if unit == "%" else None
        if growth is not None:
            level_name, nominal = growth
            level_measure, basis = "yoy_pct", "current" if nominal else ""
        has_growth_cols = any(c.kind == "growth" for c in value_cols)
        if (growth is None and unit == "%" and not has_growth_cols
                and not RATE_NAME.search(name)):
            # 地区生产总值 | % | 5.1 in a table without growth columns (a 进度表's growth rows
            # split into their own file): a % on a quantity that is not a rate is its growth
            level_measure = "yoy_pct"
        has_level = any(
            parse_value_or_none(cells[c.j]) is not None for c in value_cols if c.kind == "level"
        )
        # A row in % whose growth columns hold "the growth of a rate" (a change in 百分点 or a
        # growth of a growth) has them skipped: a growth indicator (…增速), unit 百分点, or a
        # rate — a level in % is present or the name says so (…率, 比重, 强度 …).  Otherwise
        # the % describes the growth column (规模以上工业增加值 | % | — | 3.2): read as yoy_pct.
        # 规模以上工业增加值增速 | % | — | — | 6.8: a growth-named row whose level cells are all
        # placeholders publishes its growth in the growth column (of the indicator it names)
        growth_in_growth_col = growth is not None and not has_level and has_growth_cols
        rate_row = (growth is not None and not growth_in_growth_col) or unit == "百分点" or (
            unit in ("%", "‰") and (has_level or bool(RATE_NAME.search(name)))
        )
        growth_only = unit in ("%", "‰") and not rate_row and has_growth_cols
        # a stock (存款余额, 9月末) is read at the end of its period, never as 当月/累计
        for col, period in _stock_pick(value_cols, cells, is_stock(level_name)):
            source = f"{grid.name} row {rownum} col {col_letter(col.j + col0)}"
            pb = col.price_basis or title_basis or basis
            if col.kind == "growth":
                if rate_row:
                    if parse_value_or_none(cells[col.j]) is not None:
                        rd.skipped.append(Cell(name, blk.top[col.j], reason="rate_change"))
                        rd.skip(rownum, label(col.j), f"{name} {blk.top[col.j]}",
                                SKIP_REASONS["rate_change"][0], SKIP_REASONS["rate_change"][1])
                    continue
                rd.add(region=col.region or region,
                       indicator=level_name if growth_in_growth_col else name, measure="yoy_pct",
                       period=period, raw=cells[col.j], unit="%", price_basis=pb,
                       source=source, row=rownum, column=label(col.j), unit_column=unit_label,
                       plain=blk.top[col.j])
                continue
            if (growth_only or not unit) and is_placeholder(cells[col.j]):
                # a placeholder level of a row published only as a growth rate (unit "—",
                # blank or the growth column's %): no level row, the unit is not needed
                rd.missing.append(Cell(name, blk.top[col.j], cell_text(cells[col.j])))
                continue
            if not (unit or col.unit):
                raise rd.error("unit missing: fill the 单位 column (units are never guessed)",
                               rownum, unit_label)
            rd.add(region=col.region or region, indicator=level_name, measure=level_measure,
                   period=period, raw=cells[col.j], unit=unit or col.unit, price_basis=pb,
                   source=source, row=rownum, column=label(col.j), unit_column=unit_label,
                   plain=blk.top[col.j])
        prev_name = level_name if level_measure == "level" and unit not in ("%", "‰", "百分点") \
            else None


def _stock_pick(cols: list[Column], cells: list[Any], all_stock: bool
                ) -> list[tuple[Column, Period]]:
    """Each value column with the period it is read for; a stock's columns (本月 and 1-9月 of one
    end of month) collapse to one per (kind, period): the one holding a number, else the first."""
    out: list[tuple[Column, Period]] = []
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
        elif is_placeholder(cells[out[chosen[key]][0].j]) and not is_placeholder(cells[col.j]):
            out[chosen[key]] = (col, p)
    return out


def _growth_block_row(rd: Reader, blk: Block, region: str, name: str, unit: str,
                      cells: list[Any], rownum: int, title_basis: str, label: Any,
                      gname: str) -> None:
    """A row of a block titled as growth rates (二、增长速度): every level column is a yoy_pct."""
    if unit not in ("", "%"):
        rd.skip(rownum, label(blk.unit_j) if blk.unit_j is not None else "单位", name,
                f"增长速度板块“{rd.block}”中的行单位为{unit}，不是%，含义不明，未读取",
                f"row in {unit} inside the growth block {rd.block!r}: ambiguous, not read")
        return
    growth = growth_base(name)
    base = growth[0] if growth else name
    for col, period in _stock_pick(blk.value_cols, cells, is_stock(base)):
        if col.kind != "level":
            if parse_value_or_none(cells[col.j]) is not None:
                rd.skip(rownum, label(col.j), f"{name} {blk.top[col.j]}",
                        SKIP_REASONS["rate_change"][0], SKIP_REASONS["rate_change"][1])
            continue
        rd.add(region=col.region or region, indicator=base, measure="yoy_pct", period=period,
               raw=cells[col.j], unit="%", price_basis=col.price_basis or title_basis,
               source=f"{gname} row {rownum} col {col_letter(col.j + rd.grid.col0)}",
               row=rownum, column=label(col.j), unit_column="单位", plain=blk.top[col.j])
