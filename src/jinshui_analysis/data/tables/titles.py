"""What the rows above a header (and a sheet's name) say: the period, the region, the unit; note
rows (注：…) and filing rows (填报单位：…) that are not data."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from jinshui_analysis.data.regions import find_region
from jinshui_analysis.data.tables.cells import cell_text, norm_header
from jinshui_analysis.data.tables.reader import Reader
from jinshui_analysis.data.tables.units import KNOWN_UNITS, clean_unit
from jinshui_analysis.exceptions import PeriodError
from jinshui_analysis.periods import Period, search_period

_REGION_IN_TITLE = re.compile(r"[\u4e00-\u9fff]{1,15}?(?:特别行政区|自治区|省|市|区|县|旗)")
#: Words ending like a region's name that name none (全市, 辖区, 各县区 …).
NOT_REGION = frozenset({"全市", "全区", "全省", "全县", "本市", "本区", "本县", "地区", "城区",
                        "市区", "辖区", "社区", "县区", "县市区", "各区", "各县", "分区", "园区",
                        "各县区", "各县市区"})


def _region_from_title(rest: str) -> str | None:
    """A region-like name in a title (``XX区``), for the error when it is not a known region."""
    found = [r for r in _REGION_IN_TITLE.findall(rest) if r not in NOT_REGION]
    return found[-1] if found else None


def table_region(rd: Reader, title_rest: str) -> str:
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


#: A note row (注：…, 资料来源：…): kept as a table note, not data.
NOTE_ROW = re.compile(r"^(?:注|说明|资料来源|数据来源|备注)\s*\d*\s*[:：.、]?")


def note_text(cells: list[Any]) -> str:
    """The non-empty cells of a row joined by spaces (a note, a title)."""
    return " ".join(cell_text(c) for c in cells if cell_text(c))


#: A filing row (填报单位：…, 审核人：…): not data.
FOOTER_ROW = re.compile(
    r"^(?:填报单位|填表单位|填表人|填报人|审核人|负责人|单位负责人|统计负责人|制表人?|制表单位|"
    r"填报日期|报出日期|联系电话|电话)\s*[:：]?"
)


def title_unit(title_text: str) -> str:
    """The table's unit a title gives (``单位：亿元``) when it is a known unit, else ``""``."""
    m = re.search(r"单位[:]\s*([^,、;\s)]+)", unicodedata.normalize("NFKC", title_text))
    return clean_unit(m[1]) if m and clean_unit(m[1]) in KNOWN_UNITS else ""


def sheet_hint(rd: Reader, year: int | None) -> Period | None:
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


def read_title(rd: Reader, header_k: int) -> tuple[str, Period | None, str]:
    """Title text above the header, its period (or None) and the rest (for the region)."""
    grid = rd.grid
    title_text = " ".join(
        cell_text(c) for _, cells in grid.rows[:header_k] for c in cells if cell_text(c)
    )
    if not title_text:
        return "", None, ""
    try:
        found = search_period(title_text, need_year=True)
    except PeriodError as exc:
        raise rd.error(str(exc), grid.rows[0][0], None, title_text, PeriodError) from None
    if found is None:
        return title_text, None, norm_header(title_text)
    return title_text, found[0], found[1]
