"""The tidy layout (region, indicator, period, value, unit …), read row by row and streamed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinshui_analysis.data.tables.cells import CellProblem, cell_text, parse_bool
from jinshui_analysis.data.tables.headers import TIDY_ALIASES
from jinshui_analysis.data.tables.indicators import (
    clean_indicator,
    implied_measure,
    parse_price_basis,
    unit_from_name,
)
from jinshui_analysis.data.tables.reader import Reader
from jinshui_analysis.data.tables.schema import MEASURES
from jinshui_analysis.data.tables.units import clean_unit
from jinshui_analysis.exceptions import SKIP_REASONS, Cell, PeriodError
from jinshui_analysis.periods import Period, parse_period


def read_tidy(rd: Reader, header_k: int, cols: dict[str, int]) -> None:
    """Read tidy rows, streamed (a big CSV is never held as a grid of cells)."""
    grid = rd.grid
    headers = {key: cell_text(grid.head[header_k][1][j]) for key, j in cols.items()}
    periods: dict[Any, Period | PeriodError] = {}

    width = max(cols.values()) + 1
    none_j = width  # index of the None padded onto every row, for absent columns
    ix = {key: cols.get(key, none_j) for key in TIDY_ALIASES}

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
        region = cell_text(cell(cells, "region")) or (rd.region or "")
        if not region:
            raise rd.error("region missing: fill the region column or pass region=…", rownum,
                           headers.get("region", "region"))
        indicator = clean_indicator(cell(cells, "indicator"))
        if not indicator:
            raise rd.error("indicator name missing", rownum, headers["indicator"])
        raw_period = cell(cells, "period")
        try:
            period = period_of(raw_period)
        except PeriodError as exc:
            if rd.on_bad_period == "skip":
                rd.skipped.append(Cell(indicator, cell_text(raw_period), reason="period"))
                rd.skip(rownum, headers["period"], f"{indicator} {cell_text(raw_period)}",
                        SKIP_REASONS["period"][0], SKIP_REASONS["period"][1])
                continue
            raise rd.error(str(exc), rownum, headers["period"], raw_period, PeriodError) from None
        try:
            cum = parse_bool(cell(cells, "cumulative")) if "cumulative" in cols else None
            price_basis = parse_price_basis(cell(cells, "price_basis")) if "price_basis" in cols else ""
        except CellProblem as exc:
            col = headers["cumulative"] if "cumulative" in exc.message else headers["price_basis"]
            raise rd.error(exc.message, rownum, col, exc.text) from None
        if cum is not None:
            period = period.as_cumulative(cum)
        unit = clean_unit(cell(cells, "unit"))
        if not unit:
            indicator, unit = unit_from_name(indicator)
        measure = cell_text(cell(cells, "measure")).lower()
        if measure and measure not in MEASURES:
            raise rd.error(f"measure must be one of {MEASURES}", rownum, headers["measure"],
                           cell(cells, "measure"))
        if not measure:
            indicator, measure, price_basis = implied_measure(indicator, unit, price_basis)
        url = cell_text(cell(cells, "source_url")) or cell_text(cell(cells, "source"))
        where = f"{name} row {rownum}"
        source = f"{url} ({where})" if url else where
        rd.add(region=region, indicator=indicator, measure=measure, period=period,
               raw=cell(cells, "value"), unit=unit, price_basis=price_basis, source=source,
               row=rownum, column=headers["value"], unit_column=headers.get("unit", "unit"),
               plain=cell_text(raw_period))


def _chain(*parts: Iterable[Any]) -> Iterable[Any]:
    for part in parts:
        yield from part
