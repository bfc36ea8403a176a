"""Indicator names: enumerations and whitespace removed, a unit in brackets split off, growth
names (…增速, …增长(%)) mapped to their base indicator, and the price basis (现价/可比价)."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from jinshui_analysis.data.tables.cells import CellProblem, cell_text
from jinshui_analysis.data.tables.units import KNOWN_UNITS, clean_unit

_ENUM_PREFIX = re.compile(
    r"^(?:其中[:,]?|内:|#|△|▲|\*|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[、.](?!\d))+"
)
_GROWTH_NAME = re.compile(
    r"^(?P<base>.+?)(?P<nominal>名义)?(?:比上年同期|比上年|同比)?(?:增速|增长率|增长|增幅)"
    r"(?P<suffix>\((?:下限|约数|预计|初步核算|初步)\))?(?:\(%\))?$"
)
_NOT_GROWTH_BASE = re.compile(r"(?:年均|平均|目标)$")
#: Names of indicators whose level is a rate (in % or ‰): their 增长 column is not yoy growth.
RATE_NAME = re.compile(r"率|比重|占比|比例|强度|系数|份额")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def clean_indicator(raw: Any) -> str:
    """An indicator name from a cell: NFKC, no whitespace between Chinese, no enumeration (一、,
    其中：, #)."""
    return clean_indicator_text(cell_text(raw))


@functools.lru_cache(maxsize=65536)
def clean_indicator_text(text: str) -> str:
    """clean_indicator of a cell's text (cached: big tables repeat names)."""
    s = unicodedata.normalize("NFKC", text).strip()
    if _CJK.search(s):
        s = re.sub(r"\s+", "", s)
    s = _ENUM_PREFIX.sub("", s)
    return s.strip()


def unit_from_name(name: str) -> tuple[str, str]:
    """Split a trailing known unit in brackets off an indicator name: 地区生产总值(亿元)."""
    m = re.fullmatch(r"(.+?)\(([^()]+)\)", name)
    if m:
        u = clean_unit(m[2])
        if u in KNOWN_UNITS:
            return m[1], u
    return name, ""


@functools.lru_cache(maxsize=65536)
def growth_base(indicator: str) -> tuple[str, bool] | None:
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


def implied_measure(indicator: str, unit: str, price_basis: str) -> tuple[str, str, str]:
    """A tidy row without a ``measure``: a level, unless the unit is % and the name is a growth
    rate's (``…增速``), then ``yoy_pct`` of the base indicator — current prices where the name
    says the growth is nominal and no price basis is given.  Returns (indicator, measure,
    price_basis)."""
    growth = growth_base(indicator) if unit == "%" else None
    if growth is None:
        return indicator, "level", price_basis
    base, nominal = growth
    return base, "yoy_pct", ("current" if nominal and not price_basis else price_basis)


def parse_price_basis(raw: Any) -> str:
    """A price_basis cell as "current", "comparable" or ""; CellProblem otherwise."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(raw))).lower()
    if s == "":
        return ""
    if s not in _PRICE_WORDS:
        raise CellProblem("price_basis must be 'current', 'comparable' or empty", raw)
    return _PRICE_WORDS[s]


def price_basis_in_text(text: str) -> str:
    """The price basis a header or title names (可比价/不变价, 现价/当年价), else ""."""
    if re.search(r"可比价|不变价", text):
        return "comparable"
    if re.search(r"现价|现行价|当年价", text):
        return "current"
    return ""
