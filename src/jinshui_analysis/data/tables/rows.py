"""Periods as rows: 时期 | 地区生产总值（亿元） | 同比 | … with rows 2023年一季度, 2023年上半年."""

from __future__ import annotations

from jinshui_analysis.data.readers import col_letter
from jinshui_analysis.data.tables.cells import cell_text, is_placeholder, norm_header
from jinshui_analysis.data.tables.headers import IGNORED, PERIOD_HEADER, is_bare_growth
from jinshui_analysis.data.tables.indicators import (
    clean_indicator,
    growth_base,
    price_basis_in_text,
    unit_from_name,
)
from jinshui_analysis.data.tables.reader import Reader
from jinshui_analysis.data.tables.titles import (
    FOOTER_ROW,
    NOTE_ROW,
    note_text,
    read_title,
    table_region,
    title_unit,
)
from jinshui_analysis.data.tables.units import KNOWN_UNITS, clean_unit
from jinshui_analysis.exceptions import SKIP_REASONS, Cell, PeriodError
from jinshui_analysis.periods import parse_period


def read_rows(rd: Reader, header_k: int) -> None:
    """Periods as rows: 时期 | 地区生产总值（亿元） | 同比 | 一般公共预算收入（亿元） | 增长% ….

    Each column names an indicator (unit in brackets, in a row of units under the header, or
    the title's “单位：亿元”); a growth column (同比, 增长%, 增速) is the yoy_pct of the
    indicator column on its left (``地区生产总值增速`` names its own indicator).  Period cells
    without a year (一季度, 1-3月) take the title's year.
    """
    grid = rd.grid
    header_row, header_cells = grid.rows[header_k]
    title_text, title_period, rest = read_title(rd, header_k)
    region = table_region(rd, rest)
    table_unit = title_unit(title_text)
    title_basis = price_basis_in_text(title_text)
    ncols = max((len(cells) for _, cells in grid.rows), default=0)
    top = [cell_text(c) for c in header_cells] + [""] * (ncols - len(header_cells))
    per_j = next(j for j, t in enumerate(top) if PERIOD_HEADER.fullmatch(norm_header(t)))
    data_k = header_k + 1
    units_row = [""] * ncols
    if data_k < len(grid.rows):
        cand = [clean_unit(c) for c in grid.rows[data_k][1]] + [""] * ncols
        texts = [u for j, u in enumerate(cand[:ncols]) if j != per_j and u]
        if texts and all(u in KNOWN_UNITS for u in texts):
            units_row, data_k = cand[:ncols], data_k + 1

    def label(j: int) -> str:
        return f"{col_letter(j)} ({top[j]})" if grid.sheet else (top[j] or col_letter(j))

    # column j → (indicator, measure, unit)
    columns: dict[int, tuple[str, str, str]] = {}
    prev: str | None = None
    for j in range(ncols):
        if j == per_j:
            continue
        h = clean_indicator(top[j])
        if not h:
            if any(j < len(c) and cell_text(c[j]) for _, c in grid.rows[data_k:]):
                raise rd.error("column has values but no header", header_row, col_letter(j))
            continue
        if IGNORED.fullmatch(norm_header(h)):
            continue
        name, unit = unit_from_name(h)
        unit = units_row[j] or unit
        if is_bare_growth(name):
            if prev is None:
                raise rd.error("a growth column (同比, 增长%) must follow its indicator's column",
                               header_row, label(j), top[j])
            columns[j] = (prev, "yoy_pct", "%")
            continue
        growth = growth_base(name) if unit in ("", "%") else None
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
        first = cell_text(cells[per_j])
        if NOTE_ROW.match(first) or FOOTER_ROW.match(first):
            if NOTE_ROW.match(first):
                rd.notes.append(note_text(cells))
            rd.skip(rownum, label(per_j), note_text(cells), "表注或填报信息，不是数据",
                    "a note or filing details, not data")
            continue
        if not first:
            if any(cell_text(cells[j]) for j in columns):
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
                if is_placeholder(cells[j]):
                    continue
                raise rd.error("unit missing: give it in the header, e.g. '地区生产总值（亿元）'"
                               " (units are never guessed)", header_row, label(j), top[j])
            rd.add(region=region, indicator=name, measure=measure, period=period,
                   raw=cells[j], unit=unit, price_basis=price_basis_in_text(top[j]) or title_basis,
                   source=f"{grid.name} row {rownum} col {col_letter(j)}", row=rownum,
                   column=label(j), unit_column=label(j), plain=first)
