"""How numbers, units, periods and sources are written in a report (Chinese and English style).

Chinese statistical writing puts the unit right after the number, without a space and without
thousands separators (``1932亿元``, ``9.9%``, ``2.3个百分点``, ``约32年``); English writing uses
thousands separators and spelled-out units (``1,932 (100 million yuan)``, ``9.9%``,
``2.3 percentage points``, ``about 32 years``).  Every section that writes a figure into a
sentence or a table cell goes through these helpers, so one figure reads the same everywhere.

Examples
--------
>>> amount(1932.0, "亿元", "zh"), amount(2086.556, "亿元", "zh", nd=2)
('1932亿元', '2086.56亿元')
>>> amount(1932.0, "亿元", "en")
'1,932 (100 million yuan)'
>>> pct(9.87), pp(2.34, "zh"), pp(-1.5, "en"), years(31.6, "zh")
('9.9%', '2.3个百分点', '-1.5 percentage points', '约32年')
>>> period_text("2023-06", "zh"), period_text("2023-06", "en", ytd=True)
('2023年6月', 'January–June 2023')
>>> source_label("data/sources/dxnews_2023-02-13_jinshui.txt (大象新闻 2023-02-13) [regional/x.csv row 2]")
'大象新闻 2023-02-13'
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from jinshui_analysis.data.profiles import on_profiles_changed
from jinshui_analysis.periods import parse_period
from jinshui_analysis.reports.text import demo_label, msg, pick

__all__ = ["amount", "catch_up_text", "cell", "chinese", "decimals_for", "english", "issuer_text", "number", "period_text",
           "pct", "pp", "region_text",
           "quarter_text", "source_label", "unit_text", "years"]

#: Units with a word in the catalogue (``numbers.unit_<name>``; a unit not listed is written
#: as given).
_UNITS = {
    "亿元": "yi_yuan", "万元": "wan_yuan", "元": "yuan", "%": "percent", "百分点": "pp",
    "个": "count", "年": "years", "万人": "wan_people", "人": "people", "项": "items", "": "none",
}
#: Units as written in English reports (from the catalogue).
UNITS_EN = {unit: msg(f"numbers.unit_{name}", "en") for unit, name in _UNITS.items()}


def _finite(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def number(x: Any, nd: int = 1, language: str = "zh", *, trim: bool = False) -> str:
    """``x`` with ``nd`` decimals; thousands separators in English only; ``""`` when missing.

    ``trim=True`` drops a decimal part of zeros (``1932.00`` → ``1932``), as for round totals.
    A minus sign is the ASCII hyphen, as in statistical tables.
    """
    v = _finite(x)
    if v is None:
        return ""
    if trim and abs(v - round(v)) < 0.5 * 10 ** (-nd):
        nd = 0
    # thousands separators in English only (a number format, not a message)
    text = pick(language, zh="{v:.{nd}f}", en="{v:,.{nd}f}").format(v=v, nd=nd)
    # a value that rounds to zero has no sign ("-0.0" → "0.0")
    return text[1:] if re.fullmatch(r"-0(\.0*)?", text) else text


def unit_text(unit: str, language: str = "zh") -> str:
    """A unit as written in ``language`` (``"亿元"`` → ``"100 million yuan"`` in English)."""
    name = _UNITS.get(unit)
    return msg(f"numbers.unit_{name}", language) if name else unit


def amount(x: Any, unit: str = "亿元", language: str = "zh", nd: int = 2) -> str:
    """A level with its unit: ``1932亿元`` / ``1,932 (100 million yuan)``; trailing ``.00`` dropped."""
    text = number(x, nd, language, trim=True)
    if not text:
        return "—"
    u = unit_text(unit, language)
    if not u:
        return text
    # 1932亿元 in Chinese; 9.9%, 1,932 (100 million yuan), 3 years in English
    key = ("numbers.amount_percent" if u == "%" else "numbers.amount_words" if " " in u
           else "numbers.amount")
    return msg(key, language, number=text, unit=u)


def pct(x: Any, nd: int = 1) -> str:
    """A growth rate or share: ``9.9%`` (same in both languages); ``—`` when missing."""
    text = number(x, nd, "zh")
    return f"{text}%" if text else "—"


def change(x: Any, language: str = "zh", nd: int = 1) -> str:
    """A growth rate as bureaus write it: ``增长8.7%`` / ``下降2.4%`` (never ``增长-2.4%``);
    English ``grew 8.7%`` / ``fell 2.4%``; ``—`` when missing."""
    text = number(abs(x), nd, "zh") if isinstance(x, (int, float)) and x == x else ""
    if not text:
        return "—"
    down = x < 0 and text.strip("0.") != ""
    return msg("numbers.fell" if down else "numbers.grew", language, value=text)


def pp(x: Any, language: str = "zh", nd: int = 1) -> str:
    """A difference of percentages: ``2.3个百分点`` / ``2.3 percentage points``."""
    text = number(x, nd, "zh")
    if not text:
        return "—"
    return msg("numbers.pp", language, value=text)


def years(x: Any, language: str = "zh") -> str:
    """A rounded number of years: ``约32年`` / ``about 32 years``."""
    v = _finite(x)
    if v is None:
        return "—"
    n = int(round(v))
    return msg("numbers.about_one_year" if n == 1 else "numbers.about_years", language, n=n)


def catch_up_text(x: Any, language: str = "zh") -> str:
    """Years to catch up as a report states them: ``约32年``, ``需100年以上`` beyond a century
    (a figure that far out says only "not within any plan"), ``追不上`` when never.

    >>> catch_up_text(31.6), catch_up_text(474.9), catch_up_text(float("inf"), "en")
    ('约32年', '需100年以上', 'never')
    """
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "—"
    if v != v:
        return "—"
    if math.isinf(v):
        return msg("numbers.never", language)
    if v > 100:
        return msg("numbers.over_century", language)
    return years(v, language)


def period_text(period: Any, language: str = "zh", *, ytd: bool = False) -> str:
    """A period label as prose: ``2023年6月`` / ``June 2023``; with ``ytd=True`` a month is the
    year to date (``2023年1-6月`` / ``January–June 2023``); quarters ``2023年二季度`` / ``Q2 2023``.

    The label is parsed by :func:`jinshui_analysis.periods.parse_period` (the only parser of
    period labels); a label it cannot parse is returned unchanged.
    """
    try:
        p = parse_period(str(period))
    except Exception:  # noqa: BLE001 - any unparseable label is printed as given
        return str(period)
    year = p.year
    if p.freq == "M":
        m = p.last_month
        month = msg(f"numbers.month_{m}", language)
        key = "numbers.months_ytd" if ytd and m > 1 else "numbers.month"
        return msg(key, language, year=year, month=month, january=msg("numbers.month_1", language))
    if p.freq == "Q":
        return quarter_text(year, (p.last_month - 1) // 3 + 1, language, ytd=ytd or p.cumulative)
    return msg("numbers.year", language, year=year)


def quarter_text(year: int, q: int, language: str = "zh", *, ytd: bool = False) -> str:
    """``2023年二季度`` / ``Q2 2023``; year to date ``2023年上半年``/``H1 2023`` style labels."""
    if ytd and q > 1:
        return msg(f"numbers.quarters_ytd_{q}", language, year=year)  # 上半年, 前三季度, 全年
    return msg("numbers.quarter", language, year=year, quarter=msg(f"numbers.quarter_{q}", language))


#: a file path (not the path part of a URL: nothing word-like, "/" or ":" just before it)
_PATH = re.compile(r"(?<![\w/:.\-])/?(?:[\w.\-]+/)+[\w.\-]+\.(?:txt|csv|xlsx|xls|json|md)\b")
_ROWREF_WORD = re.compile(r"\.csv|\.xlsx|\.xls|row|行")
#: the table reader's cell reference after a file name ("x.csv row 6 col B"); starts only where
#: a run of blanks starts, so a long run of blanks is not rescanned from every position
_CELLREF = re.compile(r"(?<!\s)\s+row \d+(?:\s+col(?:umn)?\s+[A-Z]+)?")
_PAREN_SOURCE = re.compile(r"(?:[\w.\-]+/)*[\w.\-]+\.\w+\s*\((.+)\)")


def _without_rowrefs(text: str) -> str:
    """``text`` without bracketed row references (``[regional/y.csv row 2]``) and the blanks
    before them, in one pass (linear in the text, however many unclosed brackets it holds)."""
    out: list[str] = []
    last = pos = 0
    while True:
        i = text.find("[", pos)
        if i < 0:
            break
        j = text.find("]", i)
        if j < 0:
            break
        if _ROWREF_WORD.search(text, i, j):
            out.append(text[last:i].rstrip())
            last = j + 1
        pos = j + 1
    out.append(text[last:])
    return "".join(out)


def source_label(source: Any) -> str:
    """A source as a reader sees it: the publisher and date, without file paths or row numbers.

    ``"data/sources/x.txt (大象新闻 2023-02-13) [regional/y.csv row 2]"`` → ``"大象新闻 2023-02-13"``;
    ``"管城区主要指标.csv row 6 col B"`` → ``"管城区主要指标.csv"``; a URL or a plain name is kept.  (Files, rows and digests belong to the provenance block at
    the end of the report.)
    """
    text = _CELLREF.sub("", _without_rowrefs(str(source or ""))).strip()
    m = _PAREN_SOURCE.fullmatch(text) if text.endswith(")") else None
    if m:
        return m.group(1).strip()
    return re.sub(r"\s{2,}", " ", _PATH.sub("", text)).strip(" ;,")


def decimals_for(column: Any) -> int:
    """Decimals of a table column: 1 for percentages and percentage points, else 2."""
    name = str(column)
    return 1 if re.search(r"%|％|百分点|\bpp\b|percent|增速|增长|growth|share|比重|率",
                          name, re.I) else 2


def cell(value: Any, column: Any = "", language: str = "zh") -> str:
    """A table cell as text: integers as such, floats with :func:`decimals_for` decimals,
    ``""`` for missing values, anything else as ``str``."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "")
                                  in "iu"):
        return number(value, 0, language)
    v = _finite(value)
    if v is None:
        try:
            if value != value:  # NaN, NaT, pd.NA
                return ""
        except (TypeError, ValueError):
            return ""
        return "" if isinstance(value, float) else str(value)
    return number(v, decimals_for(column), language)


#: Source line of a chart built on demo data.
DEMO_SOURCE = {language: msg("numbers.demo_source", language, label=demo_label(language))
               for language in ("zh", "en")}


@functools.lru_cache(maxsize=1)
def _english_names() -> dict[str, str]:
    from jinshui_analysis.data.profiles import load_profiles

    try:
        return {name: p.name_en for name, p in load_profiles().items() if p.name_en}
    except Exception:  # noqa: BLE001 - a broken user profile is reported where profiles load
        return {}


on_profiles_changed(_english_names.cache_clear)


@functools.lru_cache(maxsize=1)
def _indicator_names() -> dict[str, str]:
    from jinshui_analysis.reports.inputs import GDP, MONTHLY_INDICATORS

    names = {k: v[0] for k, v in MONTHLY_INDICATORS.items()}
    names[GDP] = "GDP"
    return dict(sorted(names.items(), key=lambda kv: -len(kv[0])))


def region_text(name: str, language: str = "zh") -> str:
    """A region as named in ``language``: ``金水区`` / ``Jinshui District (金水区)``.

    The English name comes from the region profile (``name_en``); without one the Chinese name
    is kept.
    """
    en = _english_names().get(name) if name else None
    # the English name beside the Chinese one in English; the Chinese name alone in Chinese
    return pick(language, zh="{name}", en="{name_en} ({name})").format(name=name, name_en=en) \
        if en else name


def issuer_text(issuer: str, region: str, language: str = "zh") -> str:
    """The issuing unit: ``金水区统计局`` / ``Jinshui District Bureau of Statistics (金水区统计局)``."""
    en = _english_names().get(region) if issuer else None
    return pick(language, zh="{issuer}", en="{name_en} Bureau of Statistics ({issuer})").format(
        issuer=issuer, name_en=en) if en else issuer


_CJK = "\u2e80-\u9fff\uf900-\ufaff"
_EN_UNITS = [
    (re.compile(r"(\d)\s*亿元"), rf"\1 ({UNITS_EN['亿元']})"),
    (re.compile(r"(\d)\s*万元"), rf"\1 ({UNITS_EN['万元']})"),
    (re.compile(r"(\d)\s*个百分点"), rf"\1 {UNITS_EN['百分点']}"),
    (re.compile(r"(\d)\s*百分点"), rf"\1 {UNITS_EN['百分点']}"),
    (re.compile(r"[(（]\s*亿元\s*[)）]"), f"({UNITS_EN['亿元']})"),
    (re.compile(r"[(（]\s*百分点\s*[)）]"), f"({UNITS_EN['百分点']})"),
    (re.compile(r"(?<![" + _CJK + r"])亿元"), UNITS_EN["亿元"]),
    (re.compile(r"(?<![" + _CJK + r"])百分点"), UNITS_EN["百分点"]),
    (re.compile(r"(?<!\s)\s*示例数据\s*/\s*synthetic"), " synthetic"),
    (re.compile(r"^\s*synthetic demo data"), "Synthetic demo data"),
    (re.compile(r"[/·]\s*示例数据：[^/]*$|^示例数据：[^/]*/\s*"), ""),
    (re.compile(r"(?<!\s)\s*/\s*序时进度\s*/\s*"), " "),
]


_ZH_AMOUNT = re.compile(r"(?<![\d.,])(-?\d{1,3}(?:,\d{3})+|-?\d+)(\.\d+)?\s*(亿元|万元|元|万人)")


def chinese(text: str) -> str:
    """Chinese report text in Chinese number style: an amount is written without thousands
    separators and without a decimal part of zeros, the unit right after it
    (``1,932.00 亿元`` → ``1932亿元``, ``2,213.5亿元`` → ``2213.5亿元``).

    Sections write most figures through :func:`amount`; this pass catches the figures that data
    labels and shared messages carry in.

    >>> chinese("地区生产总值1,932.00亿元，南山区8,035.88亿元，约2,213.5 亿元")
    '地区生产总值1932亿元，南山区8035.88亿元，约2213.5亿元'
    """
    def fix(m: re.Match[str]) -> str:
        whole, frac, unit = m.group(1).replace(",", ""), m.group(2) or "", m.group(3)
        if frac and not frac.strip(".0"):
            frac = ""
        return f"{whole}{frac}{unit}"

    return _ZH_AMOUNT.sub(fix, str(text))


def english(text: str) -> str:
    """English report text with Chinese units and names put the English way.

    Sections write their English strings themselves; this pass catches what data and shared
    labels carry in: ``1932亿元`` → ``1932 (100 million yuan)``, ``百分点`` → ``percentage
    points``, bilingual ``示例数据 / synthetic …`` → ``synthetic …``, the standard indicator
    names → their English names, Chinese punctuation → ASCII, and a known region name →
    ``Jinshui District (金水区)`` (names already in parentheses are left alone).
    """
    out = str(text)
    for pattern, repl in _EN_UNITS:
        out = pattern.sub(repl, out)
    out = (out.replace("、", ", ").replace("，", ", ").replace("；", "; ").replace("：", ": ")
           .replace("。", ". "))
    out = out.rstrip(" ") if out.strip() else out
    for zh, en in _indicator_names().items():
        out = re.sub(rf"(?<![(（{_CJK}]){re.escape(zh)}(?![)）])", en, out)
    names = _english_names()
    if names:
        alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        out = re.sub(rf"(?<![(（{_CJK}])({alt})(?![)）{_CJK}])",
                     lambda m: f"{names[m.group(1)]} ({m.group(1)})", out)
    return out
