"""Units: the units a table may use (:data:`KNOWN_UNITS`), their spelling, and the conversion of
money to 亿元 (:func:`normalise_unit`); units are never guessed."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from jinshui_analysis.data.tables.cells import CellProblem
from jinshui_analysis.exceptions import DataError


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
#: Units of a tidy frame after normalisation (money only in 亿元).
CANONICAL_UNITS = frozenset(info.unit for info in KNOWN_UNITS.values())
_PER_CAPITA = re.compile(r"人均|每人")
#: Levels of these indicators may be negative even in money/count units.
MAY_BE_NEGATIVE = re.compile(r"净|差额|余额|结余|利润|盈亏|顺差|逆差|变动|增减|增加额|减少")


def clean_unit(unit: Any) -> str:
    """A unit cell's text, normalised (NFKC, no 单位： prefix or brackets, aliases resolved)."""
    if unit is None or (isinstance(unit, float) and math.isnan(unit)):
        return ""
    return clean_unit_text(str(unit))


@functools.lru_cache(maxsize=4096)
def clean_unit_text(unit: str) -> str:
    """clean_unit of a unit's text (cached)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit))
    s = re.sub(r"^(?:单位|计量单位)[:]", "", s)
    while len(s) > 2 and s[0] == "(" and s[-1] == ")":
        s = s[1:-1]
    return _UNIT_ALIASES.get(s, s)


def unit_info(unit: str) -> UnitInfo:
    """The UnitInfo of a cleaned unit; CellProblem for a missing or unknown unit."""
    info = KNOWN_UNITS.get(unit)
    if info is None:
        if unit == "":
            raise CellProblem("unit missing: give a unit (亿元, %, 万人 …); units are never guessed")
        raise CellProblem(
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
    u = clean_unit(unit)
    try:
        info = unit_info(u)
    except CellProblem as exc:
        raise DataError(exc.message, column="unit", text=exc.text) from None
    return to_canonical_unit(float(value), u, info, indicator or "")


def to_canonical_unit(value: float, unit: str, info: UnitInfo, indicator: str) -> tuple[float, str]:
    """A value in a known unit converted to its canonical unit (money to 亿元; 元 per person kept)."""
    if info.kind == "money" and _PER_CAPITA.search(indicator) and unit in ("元", "万元"):
        return value, f"{unit}/人"
    if info.kind == "money":
        if info.multiplier != 1:
            value = value * info.multiplier
        if info.divisor != 1:
            value = value / info.divisor
    return value, info.unit
