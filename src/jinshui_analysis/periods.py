"""Reporting periods of Chinese statistical bulletins: parsing, wording and codes.

Chinese statistical bulletins (统计公报, 统计月报) label periods in many ways: ``2023年``,
``2023年一季度``, ``2023年上半年``, ``2023年1—6月``, ``1-3月`` (year in the title), ``3月`` …
Most sub-annual figures are published **year-to-date** (累计, cumulative from January):
``1-6月`` and ``上半年`` are the same six months.  :func:`parse_period` maps every label to a
:class:`Period` with a canonical string and a ``cumulative`` flag:

==================================  ============  ==========
label                               ``period``    cumulative
==================================  ============  ==========
``2023``, ``2023年``, ``2023年全年``   ``"2023"``    False
``2023Q1``, ``2023年一季度``           ``"2023Q1"``  False
``2023年二季度``, ``2023Q2``           ``"2023Q2"``  False
``2023年上半年``, ``2023H1``           ``"2023Q2"``  True
``2023年前三季度``, ``2023Q1-Q3``      ``"2023Q3"``  True
``2023年3月``, ``2023-03``, ``2023.3``  ``"2023-03"`` False
``2023年1-3月``, ``2023-01~2023-03``   ``"2023-03"`` True
==================================  ============  ==========

Conventions (choices, documented here once):

- A first quarter (``一季度``/``Q1``) and a January (``1月``) are both a single period and a
  year-to-date one; they are reported with ``cumulative=False``.
- Monthly year-to-date stays monthly: ``1-3月`` is ``"2023-03"`` cumulative, *not* ``"2023Q1"``;
  ``1-12月`` is ``"2023-12"`` cumulative, not the year ``"2023"`` (the values are equal, the labels
  are kept apart so that monthly series stay monthly).
- A range not starting in January (``3-5月``, ``2023-03~2023-05``) and ``下半年`` are neither a
  calendar period nor year-to-date: they raise :class:`~jinshui_analysis.exceptions.PeriodError`.
- Canonical codes (``2023Q2``, ``2023-05``) do not say whether a value is single-period or
  year-to-date (``cumulative=False``); functions whose inputs are year-to-date by contract
  (:func:`jinshui_analysis.models.ytd.ytd_to_single`,
  :func:`jinshui_analysis.models.forecast.year_end_projection`) read them as
  year-to-date, but reject Chinese labels that explicitly name one quarter or one month
  (``2023年二季度``, ``2023年5月``; see :func:`is_explicit_single`).
- Monthly bulletins usually publish January and February together (``1-2月``, January not
  published, because of the Spring Festival).  :func:`~jinshui_analysis.models.ytd.ytd_to_single`
  then returns the January–February combined value under ``"YYYY-02"`` and marks it in ``Series.attrs["combined"]``.

The arithmetic on values labelled by periods lives in the models layer: year-to-date ↔ single
periods in :mod:`jinshui_analysis.models.ytd`, year-on-year, chained and compound growth in
:mod:`jinshui_analysis.models.rates`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError, PeriodError

__all__ = [
    "Period",
    "code_freq",
    "codes_info",
    "describe",
    "find_period",
    "is_explicit_single",
    "month_code",
    "month_period",
    "month_of_code",
    "parse_period",
    "period_range",
    "period_sort_key",
    "quarter_code",
    "quarter_period",
    "same_period_last_year",
    "search_period",
    "sort_periods",
    "through_month",
    "to_timestamp",
    "year_of_code",
]

Freq = Literal["Y", "Q", "M"]
_FREQ_RANK = {"M": 0, "Q": 1, "Y": 2}
_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_MIN_YEAR, _MAX_YEAR = 1900, 2100


# --------------------------------------------------------------------------- Period
@dataclass(frozen=True)
class Period:
    """A reporting period.

    Attributes
    ----------
    period : str
        Canonical label: ``"2023"`` (year), ``"2023Q1"`` (quarter), ``"2023-03"`` (month).
        For a year-to-date period it is the label of the *last* sub-period (``1-6月`` → ``"2023Q2"``
        with ``cumulative=True`` when given as 上半年, ``"2023-06"`` when given as 1-6月).
    cumulative : bool
        True for a year-to-date (累计) period covering months ``1 … last_month`` with
        ``last_month > 1`` (months) or quarters ``1 … n`` with ``n > 1``.
    freq : {"Y", "Q", "M"}
        Frequency of the canonical label.
    year : int
    first_month, last_month : int
        Calendar months covered (1–12).
    label : str
        The original text (not used in comparisons).
    """

    period: str
    cumulative: bool
    freq: Freq
    year: int
    first_month: int
    last_month: int
    label: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.period

    @property
    def quarter(self) -> int | None:
        """Quarter number (1–4) of a quarterly period, else None."""
        return (self.last_month - 1) // 3 + 1 if self.freq == "Q" else None

    @property
    def month(self) -> int | None:
        """Last month (1–12) of a monthly period, else None."""
        return self.last_month if self.freq == "M" else None

    @property
    def n_months(self) -> int:
        """Number of calendar months covered."""
        return self.last_month - self.first_month + 1

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Chronological key: (year, last month, frequency rank M<Q<Y, cumulative)."""
        return (self.year, self.last_month, _FREQ_RANK[self.freq], int(self.cumulative))

    def as_cumulative(self, cumulative: bool) -> Period:
        """The same canonical period with the cumulative flag set (when it can be).

        A year, a first quarter and a January are both single and year-to-date; they stay
        ``cumulative=False`` whatever is asked.
        """
        if self.freq == "Y":
            return self
        if self.freq == "Q":
            return _quarter(self.year, self.quarter or 1, cumulative=cumulative, label=self.label)
        return _month(self.year, self.last_month, cumulative=cumulative, label=self.label)

    def shift_years(self, n: int) -> Period:
        """The same period ``n`` years later (earlier for negative ``n``)."""
        year = self.year + n
        if self.freq == "Y":
            return _year(year, label="")
        if self.freq == "Q":
            return _quarter(year, self.quarter or 1, cumulative=self.cumulative, label="")
        return _month(year, self.last_month, cumulative=self.cumulative, label="")


def _check_year(year: int, label: Any) -> int:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise PeriodError(f"year {year} out of range {_MIN_YEAR}–{_MAX_YEAR} in period label {label!r}")
    return year


def _year(year: int, *, label: str) -> Period:
    return Period(str(year), False, "Y", year, 1, 12, label)


def _quarter(year: int, q: int, *, cumulative: bool, label: str) -> Period:
    if not 1 <= q <= 4:
        raise PeriodError(f"quarter {q} out of range 1–4 in period label {label!r}")
    cumulative = bool(cumulative and q > 1)
    first = 1 if cumulative else 3 * q - 2
    return Period(f"{year}Q{q}", cumulative, "Q", year, first, 3 * q, label)


def _month(year: int, m: int, *, cumulative: bool, label: str) -> Period:
    if not 1 <= m <= 12:
        raise PeriodError(f"month {m} out of range 1–12 in period label {label!r}")
    cumulative = bool(cumulative and m > 1)
    first = 1 if cumulative else m
    return Period(f"{year}-{m:02d}", cumulative, "M", year, first, m, label)


def _month_range(year: int, first: int, last: int, *, label: str) -> Period:
    if first == last:
        return _month(year, last, cumulative=False, label=label)
    if first != 1:
        raise PeriodError(
            f"period label {label!r} covers months {first}–{last}: only year-to-date ranges "
            "starting in January (1-n月) or single months can be represented"
        )
    if last < first:
        raise PeriodError(f"period label {label!r}: range ends before it starts")
    return _month(year, last, cumulative=True, label=label)


def quarter_period(year: int, q: int, *, cumulative: bool = False, label: str = "") -> Period:
    """The :class:`Period` of quarter ``q`` of ``year`` (year-to-date through it if
    ``cumulative`` and ``q > 1``); ``label`` is kept as the original text."""
    return _quarter(year, q, cumulative=cumulative, label=label)


def month_period(year: int, m: int, *, cumulative: bool = False, label: str = "") -> Period:
    """The :class:`Period` of month ``m`` of ``year`` (year-to-date through it if
    ``cumulative`` and ``m > 1``); ``label`` is kept as the original text."""
    return _month(year, m, cumulative=cumulative, label=label)


# --------------------------------------------------------------------------- parsing
_DASHES = "‐‑‒–—―−﹣－⁃"
_DASH_TABLE = str.maketrans({c: "-" for c in _DASHES} | {"〜": "~", "～": "~", "∼": "~"})


def _normalise(text: str) -> str:
    """NFKC (full-width digits/letters → ASCII), unify dashes and tildes, drop whitespace."""
    s = unicodedata.normalize("NFKC", text).translate(_DASH_TABLE)
    s = re.sub(r"\s+", "", s)
    return s.replace("至", "-").replace("到", "-").upper()


_Y = r"(?P<y>\d{4})"
_CODE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_Y}"), "year"),
    (re.compile(rf"{_Y}年(?:全年|年度)?"), "year"),
    (re.compile(rf"{_Y}Q(?P<q>\d)"), "quarter"),
    (re.compile(rf"{_Y}H(?P<h>\d)"), "half"),
    (re.compile(rf"{_Y}Q1-Q(?P<q>\d)"), "quarter_ytd"),
    (re.compile(rf"{_Y}-(?P<m1>\d{{1,2}})~(?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})"), "month_range"),
    (re.compile(rf"{_Y}(?:[-./]|M)(?P<m>\d{{1,2}})"), "month"),
]
# Chinese part after an optional "YYYY年" (also used without a year, with ``year=``).
_QNUM = r"[一二两三四1-4]"
_CN_REST = (
    r"(?P<rest>全年|年度|上半年|下半年|前三季度"
    rf"|(?:一-|1-)(?P<qn>{_QNUM})季度"
    rf"|第?(?P<q>{_QNUM})季度"
    r"|(?P<m1>\d{1,2})[-~](?P<m2>\d{1,2})月份?"
    r"|(?P<m>\d{1,2})月份?)"
)
_CN_PATTERN = re.compile(rf"(?:{_Y}年)?{_CN_REST}")


def _qnum(text: str) -> int:
    return _CN_DIGIT[text] if text in _CN_DIGIT else int(text)


def parse_period(label: Any, *, year: int | None = None) -> Period:
    """Parse a period label of a Chinese bulletin (or of the project's data files).

    Parameters
    ----------
    label : str, int or Period
        ``"2022"``, ``"2022年"``, ``"2022年全年"``, ``2022`` (int), ``"2023Q1"``, ``"2023年一季度"``,
        ``"2023年第一季度"``, ``"2023年上半年"``, ``"2023H1"``, ``"2023年前三季度"``, ``"2021Q1-Q3"``,
        ``"2023年1-2月"`` (any dash: ``-``, ``—``, ``–``, ``～``, ``~``, ``至``), ``"2023-01~2023-02"``,
        ``"2023年3月"``, ``"2023-03"``, ``"2023.3"``; without a year (``"1-3月"``, ``"3月"``,
        ``"上半年"``, ``"一季度"``) when ``year`` is given.  Full-width digits are accepted.
        A :class:`datetime.date` is read as its month.
    year : int, optional
        Year for labels that carry none (e.g. taken from a table's title).  A year in the label
        itself wins.

    Returns
    -------
    Period

    Raises
    ------
    PeriodError
        For an unknown label (the message quotes it), a missing year, a month/quarter out of range,
        or a range that is neither a single period nor year-to-date from January.
    """
    if isinstance(label, Period):
        return label
    if isinstance(label, bool) or label is None:
        raise PeriodError(f"not a period label: {label!r}")
    if isinstance(label, (int, np.integer)):
        y = _check_year(int(label), label)
        return _year(y, label=str(label))
    if isinstance(label, (float, np.floating)):
        if math.isfinite(label) and float(label).is_integer():
            y = _check_year(int(label), label)
            return _year(y, label=str(label))
        raise PeriodError(
            f"period label {label!r} is a non-integer number: ambiguous (2023.1 vs 2023.10); "
            "write it as text, e.g. '2023-10'"
        )
    if isinstance(label, (_dt.date, pd.Timestamp)):
        return _month(_check_year(label.year, label), label.month, cumulative=False, label=str(label))
    if not isinstance(label, str):
        raise PeriodError(f"not a period label: {label!r}")
    text = label
    s = _normalise(text)
    if not s:
        raise PeriodError(f"empty period label {label!r}")

    for pattern, kind in _CODE_PATTERNS:
        m = pattern.fullmatch(s)
        if m is None:
            continue
        y = _check_year(int(m["y"]), label)
        if kind == "year":
            return _year(y, label=text)
        if kind == "quarter":
            return _quarter(y, int(m["q"]), cumulative=False, label=text)
        if kind == "quarter_ytd":
            return _quarter(y, int(m["q"]), cumulative=True, label=text)
        if kind == "half":
            if m["h"] != "1":
                raise PeriodError(
                    f"period label {label!r}: the second half-year (H2, 下半年) is neither a "
                    "calendar period nor year-to-date; use the full year and H1"
                )
            return _quarter(y, 2, cumulative=True, label=text)
        if kind == "month_range":
            if int(m["y2"]) != y:
                raise PeriodError(f"period label {label!r} spans two years")
            return _month_range(y, int(m["m1"]), int(m["m2"]), label=text)
        return _month(y, int(m["m"]), cumulative=False, label=text)

    m = _CN_PATTERN.fullmatch(s)
    if m is None:
        raise PeriodError(f"unknown period label {label!r}")
    if m["y"] is not None:
        y = _check_year(int(m["y"]), label)
    elif year is not None:
        y = _check_year(int(year), label)
    else:
        raise PeriodError(
            f"period label {label!r} has no year: pass year=… (e.g. from the table title)"
        )
    rest = m["rest"]
    if rest in ("全年", "年度"):
        return _year(y, label=text)
    if rest == "上半年":
        return _quarter(y, 2, cumulative=True, label=text)
    if rest == "下半年":
        raise PeriodError(
            f"period label {label!r}: the second half-year (下半年) is neither a calendar period "
            "nor year-to-date; use the full year and 上半年"
        )
    if rest == "前三季度":
        return _quarter(y, 3, cumulative=True, label=text)
    if m["qn"] is not None:
        return _quarter(y, _qnum(m["qn"]), cumulative=True, label=text)
    if m["q"] is not None:
        return _quarter(y, _qnum(m["q"]), cumulative=False, label=text)
    if m["m1"] is not None:
        return _month_range(y, int(m["m1"]), int(m["m2"]), label=text)
    return _month(y, int(m["m"]), cumulative=False, label=text)


_SEARCH_CODE = re.compile(
    r"(?<!\d)\d{4}(?:-\d{1,2}~\d{4}-\d{1,2}|Q1-Q\d|Q\d|H\d|[-./]\d{1,2})(?!\d)"
)
_SEARCH_WITH_YEAR = re.compile(rf"(?<!\d)\d{{4}}年(?:{_CN_REST.replace('?P<', '?P<s_')})?")
_SEARCH_BARE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?![\d.%])")
_SEARCH_NO_YEAR = re.compile(_CN_REST.replace("?P<", "?P<n_"))


#: Text right after a found label that still looks like part of a period (``2023年第13月``:
#: ``2023年`` is found, ``第13月`` is left over) — the whole label is then rejected.
_LEFTOVER_PERIOD = re.compile(r"第?\d+(?:月|季度?)|第[一二两三四五六七八九十]+(?:季度?|月)")


def search_period(
    text: str, *, year: int | None = None, bare_year: bool = False, need_year: bool = False
) -> tuple[Period, str] | None:
    """Find the first period label inside ``text`` (a title or a column header).

    Parameters
    ----------
    text : str
        Free text such as ``"2023年1-3月金水区主要经济指标"`` or ``"1-3月增长%"``.
    year : int, optional
        Year for labels without one (``"1-3月"``).
    bare_year : bool
        Also take a bare four-digit number (``"2023"``, 1900–2099) as a year.
    need_year : bool
        Only look for labels that carry a year (``2023年…``, ``2023Q1``, ``2023-03``).

    Returns
    -------
    (Period, str) or None
        The parsed period and the remaining text (normalised, with the label removed); None when
        the text holds no period label.

    Raises
    ------
    PeriodError
        When a label is found but cannot be parsed (``2023年13月``, ``2023-13``), when a year is
        followed by something that looks like a period but is not one (``2023年第13月``), or when
        a label has no year and ``year`` is not given.
    """
    s = _normalise(text)
    patterns = [_SEARCH_WITH_YEAR, _SEARCH_CODE]
    if bare_year:
        patterns.append(_SEARCH_BARE_YEAR)
    if not need_year:
        patterns.append(_SEARCH_NO_YEAR)
    for pattern in patterns:
        m = pattern.search(s)
        if m is None:
            continue
        found = m.group(0)
        if _LEFTOVER_PERIOD.match(s, m.end()):
            raise PeriodError(f"unknown period label {text!r}")
        if pattern is _SEARCH_NO_YEAR and year is None:
            raise PeriodError(
                f"period label {found!r} in {text!r} has no year: give the year in a title row "
                "(e.g. '2023年1-3月主要经济指标') or in the column header"
            )
        return parse_period(found, year=year), s[: m.start()] + s[m.end() :]
    return None


def find_period(text: str, *, year: int | None = None) -> Period | None:
    """The first period label found inside free text (a title or column header), or None.

    ``find_period("2023年1-3月金水区主要经济指标")`` → ``Period("2023-03", cumulative=True, …)``.
    Labels without a year (``"1-3月增长%"``) need ``year``; a bare number is not taken as a year.
    """
    found = search_period(text, year=year)
    return None if found is None else found[0]


_EXPLICIT_SINGLE_TEXT = re.compile(r"季度|月")


def _is_explicit_single(p: Period) -> bool:
    """See :func:`is_explicit_single` (on an already parsed period)."""
    if p.cumulative or p.freq == "Y" or p.first_month == 1:
        return False  # year-to-date, a year, a first quarter or a January
    text = _normalise(p.label) if isinstance(p.label, str) else ""
    return bool(_EXPLICIT_SINGLE_TEXT.search(text))


def is_explicit_single(label: Any, *, year: int | None = None) -> bool:
    """Whether a label *explicitly* names a single quarter or month that is not year-to-date.

    True for Chinese labels of a quarter other than the first written without 前/上半年/1-
    (``"2023年二季度"``, ``"第三季度"``, ``"四季度"``) and of a single month other than January
    (``"2023年5月"``, ``"5月份"``): in bulletins the year-to-date forms are ``上半年``,
    ``前三季度``, ``1-5月``/``1—5月``.  False for year-to-date labels, years, first quarters and
    Januaries (single *and* year-to-date), and for canonical codes (``"2023Q2"``, ``"2023-05"``,
    ``"2023.5"``), which do not say which they are.

    Parameters
    ----------
    label : str, int or Period
        Any label :func:`parse_period` accepts (a :class:`Period` is judged by its ``label``).
    year : int, optional
        Year for labels without one; the answer does not depend on it, so labels without a year
        are accepted even when it is not given.

    Raises
    ------
    PeriodError
        When ``label`` is not a period label.
    """
    return _is_explicit_single(parse_period(label, year=2000 if year is None else year))


# --------------------------------------------------------------------------- helpers
def period_sort_key(label: Any) -> tuple[int, int, int, int]:
    """Chronological sort key of a period label (see :attr:`Period.sort_key`)."""
    return parse_period(label).sort_key


def sort_periods(labels: Iterable[Any]) -> list[str]:
    """Canonical strings of ``labels`` in chronological order."""
    return [p.period for p in sorted((parse_period(x) for x in labels), key=lambda p: p.sort_key)]


_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ZH_QUARTERS = ("一", "二", "三", "四")
_ZH_YTD_QUARTERS = {2: "上半年", 3: "前三季度", 4: "全年"}
_EN_YTD_QUARTERS = {2: "H1", 3: "Q1–Q3", 4: "full year"}


def describe(code: Any, cumulative: bool | None = None, language: str = "zh") -> str:
    """A period as bulletins write it, for prose and table captions.

    ==============================  ==================  =================
    ``code``, ``cumulative``        ``"zh"``            ``"en"``
    ==============================  ==================  =================
    ``"2023"``                      ``2023年``           ``2023``
    ``"2023-06"``, True             ``2023年1-6月``      ``Jan–Jun 2023``
    ``"2023-06"``, False            ``2023年6月``        ``Jun 2023``
    ``"2023-02"``, True             ``2023年1-2月``      ``Jan–Feb 2023``
    ``"2023Q1"``                    ``2023年一季度``      ``Q1 2023``
    ``"2023Q2"``, True              ``2023年上半年``      ``H1 2023``
    ``"2023Q2"``, False             ``2023年二季度``      ``Q2 2023``
    ``"2023Q3"``, True              ``2023年前三季度``    ``Q1–Q3 2023``
    ==============================  ==================  =================

    Parameters
    ----------
    code : any label :func:`parse_period` reads (canonical codes or bulletin labels).
    cumulative : True for year to date (累计), False for the single period (当月/当季); None
        takes the flag the label itself carries (``"2023年上半年"`` is year to date).  A January,
        a first quarter and a year are the same either way.
    language : "zh" or "en".
    """
    if language not in ("zh", "en"):
        raise ParameterError("expected 'zh' or 'en'", parameter="language")
    p = parse_period(code)
    cum = p.cumulative if cumulative is None else bool(cumulative)
    zh = language == "zh"
    if p.freq == "Y":
        return f"{p.year}年" if zh else str(p.year)
    if p.freq == "Q":
        q = p.quarter or 1
        if cum and q > 1:
            return f"{p.year}年{_ZH_YTD_QUARTERS[q]}" if zh else f"{_EN_YTD_QUARTERS[q]} {p.year}"
        return f"{p.year}年{_ZH_QUARTERS[q - 1]}季度" if zh else f"Q{q} {p.year}"
    m = p.last_month
    if cum and m > 1:
        return f"{p.year}年1-{m}月" if zh else f"Jan–{_EN_MONTHS[m - 1]} {p.year}"
    return f"{p.year}年{m}月" if zh else f"{_EN_MONTHS[m - 1]} {p.year}"


def same_period_last_year(period: Any) -> str:
    """Canonical label of the same period one year earlier (``"2023Q1"`` → ``"2022Q1"``)."""
    return parse_period(period).shift_years(-1).period


def to_timestamp(period: Any, how: Literal["start", "end"] = "end") -> pd.Timestamp:
    """First day (``how="start"``) or last day (``how="end"``) of the months a period covers.

    A year-to-date period starts on 1 January.
    """
    p = parse_period(period)
    if how == "start":
        return pd.Timestamp(p.year, p.first_month, 1)
    if how == "end":
        return pd.Timestamp(p.year, p.last_month, 1) + pd.offsets.MonthEnd(0)
    raise ParameterError("must be 'start' or 'end'", parameter="how")


def period_range(start: Any, end: Any) -> list[str]:
    """Canonical labels from ``start`` to ``end`` inclusive, at their (common) frequency.

    ``period_range("2023-11", "2024-02")`` → ``["2023-11", "2023-12", "2024-01", "2024-02"]``.
    """
    a, b = parse_period(start), parse_period(end)
    if a.freq != b.freq:
        raise ParameterError(
            f"start {a.period!r} and end {b.period!r} have different frequencies", parameter="end"
        )
    step = {"Y": 12, "Q": 3, "M": 1}[a.freq]
    i, j = a.year * 12 + a.last_month - 1, b.year * 12 + b.last_month - 1
    if j < i:
        raise ParameterError(f"end {b.period!r} is before start {a.period!r}", parameter="end")
    out = []
    for k in range(i, j + 1, step):
        y, m = divmod(k, 12)
        if a.freq == "Y":
            out.append(str(y))
        elif a.freq == "Q":
            out.append(f"{y}Q{m // 3 + 1}")
        else:
            out.append(f"{y}-{m + 1:02d}")
    return out


# --------------------------------------------------------------------------- pandas periods
# The one place where labels become pandas Periods (models work on PeriodIndex).
_PD_ANNUAL = re.compile(r"^\s*(\d{4})\s*$")
_PD_QUARTER = re.compile(r"^\s*(\d{4})\s*[Qq]([1-4])\s*$")
_PD_MONTH = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,2})\s*$")


def pandas_freq(p: pd.Period) -> str:
    """The frequency code ("Y", "Q" or "M") of a pandas Period."""
    code = p.freqstr.split("-")[0].upper()
    if code in ("A", "Y"):
        return "Y"
    if code.startswith("Q"):
        return "Q"
    if code == "M":
        return "M"
    raise PeriodError(f"unsupported period frequency {p.freqstr!r}", text=str(p))


def to_pandas_period(label: Any) -> pd.Period:
    """Parse one single-period label or a pandas Period.

    Canonical codes ("2023", "2023Q1", "2023-03") and every other label
    :func:`jinshui_analysis.periods.parse_period` reads as a single period ("2022年",
    "2023年一季度", "2023年3月", "2023.3" …).  Year-to-date labels ("2023H1", "2023年1-3月",
    "2021Q1-Q3") are not single periods and raise :class:`PeriodError`.
    """
    if isinstance(label, pd.Period):
        pandas_freq(label)
        return label
    if isinstance(label, (int, np.integer)) and 1000 <= int(label) <= 9999:
        return pd.Period(str(int(label)), freq="Y")
    text = str(label)
    if m := _PD_ANNUAL.match(text):
        return pd.Period(m.group(1), freq="Y")
    if m := _PD_QUARTER.match(text):
        return pd.Period(f"{m.group(1)}Q{m.group(2)}", freq="Q")
    if m := _PD_MONTH.match(text):
        month = int(m.group(2))
        if 1 <= month <= 12:
            return pd.Period(f"{m.group(1)}-{month:02d}", freq="M")
    expected = "expected a single period such as '2023', '2022年', '2023Q1', '2023-03' or a Period"
    try:
        p = parse_period(label)
    except PeriodError as exc:
        raise PeriodError(f"not a single-period label ({exc}); {expected}", text=text) from None
    if p.cumulative:
        raise PeriodError(
            f"a year-to-date (累计) label is not a single period; {expected}", text=text
        )
    return pd.Period(p.period, freq=p.freq)


def to_period_index(index: pd.Index, *, name: str = "series") -> pd.PeriodIndex:
    if isinstance(index, pd.PeriodIndex):
        pi = index
    else:
        pi = pd.PeriodIndex([to_pandas_period(v) for v in index])
    if len(pi) == 0:
        raise DataError(f"{name}: empty series")
    freqs = {pandas_freq(p) for p in pi}
    if len(freqs) != 1:
        raise PeriodError(f"{name}: mixed period frequencies {sorted(freqs)}", text=list(index))
    return pi


def year_of(label: object, what: str = "period") -> int:
    """Convert a period label such as ``2023``, ``"2023"`` or ``np.int64(2023)`` to an int year."""
    if isinstance(label, bool):
        raise PeriodError(f"{what} label must be a year, got {label!r}", text=label)
    if isinstance(label, (int, np.integer)):
        return int(label)
    if isinstance(label, (float, np.floating)) and float(label).is_integer():
        return int(label)
    text = str(label).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    raise PeriodError(
        f"{what} label must be an annual period such as 2023 or '2023'", text=label
    )


# --------------------------------------------------------------------------- code helpers
# Small questions other modules ask of period codes ("which year?", "is it a year code?"):
# answered here so that no other module slices or pattern-matches period strings.
@functools.lru_cache(maxsize=8192)
def _parse_cached(label: Any) -> Period | None:
    try:
        return parse_period(label)
    except PeriodError:
        return None


def _parsed(code: Any) -> Period | None:
    """:func:`parse_period` of ``code`` (cached), or None when it is not a period label."""
    if isinstance(code, Period):
        return code
    try:
        return _parse_cached(code)
    except TypeError:  # unhashable
        try:
            return parse_period(code)
        except PeriodError:
            return None


def _parsed_strict(code: Any) -> Period:
    p = _parsed(code)
    if p is None:
        parse_period(code)  # raises the PeriodError naming the label
        raise PeriodError(f"not a period label: {code!r}")  # pragma: no cover
    return p


def code_freq(code: Any) -> Freq | None:
    """Frequency of a *canonical* period code, None for anything else.

    Only the canonical spellings count (``"2023"``, ``"2023Q2"``, ``"2023-05"``); other labels
    (``"2023年"``, ``"2023H1"``, ``"2023-5"``) and non-periods give None, so the result answers
    "is this the data's code of a year / quarter / month?".

    Examples
    --------
    >>> code_freq("2023"), code_freq("2023Q2"), code_freq("2023-05")
    ('Y', 'Q', 'M')
    >>> code_freq("2023年") is None, code_freq("合计") is None
    (True, True)
    """
    p = _parsed(code if isinstance(code, (Period, int, np.integer)) else str(code))
    if p is None or p.period != str(code):
        return None
    return p.freq


def year_of_code(code: Any) -> int:
    """Calendar year of a period label (any label :func:`parse_period` reads).

    Examples
    --------
    >>> year_of_code("2023-06"), year_of_code("2024Q3"), year_of_code(2022)
    (2023, 2024, 2022)

    Raises
    ------
    PeriodError
        When ``code`` is not a period label.
    """
    return _parsed_strict(code).year


def month_of_code(code: Any) -> int | None:
    """Last calendar month (1–12) of a monthly or quarterly period label; None for a year.

    Examples
    --------
    >>> month_of_code("2023-06"), month_of_code("2023Q3"), month_of_code("2023")
    (6, 9, None)
    """
    p = _parsed_strict(code)
    return None if p.freq == "Y" else p.last_month


def month_code(year: int, month: int) -> str:
    """The canonical code of a month: ``month_code(2023, 5) == "2023-05"``.

    >>> month_code(2023, 5)
    '2023-05'
    """
    return _month(_check_year(int(year), year), int(month), cumulative=False, label="").period


def quarter_code(code: Any) -> str:
    """The quarter code of the quarter holding a period's last month.

    ``"2023-06"`` → ``"2023Q2"`` (a quarter-end month of a year-to-date series is the quarter's
    year to date: 1-6月 ↔ 上半年); a quarter code is returned unchanged; a year is its fourth
    quarter (1-12月 ↔ 全年).

    Examples
    --------
    >>> quarter_code("2023-06"), quarter_code("2023-05"), quarter_code("2023Q3"), quarter_code("2023")
    ('2023Q2', '2023Q2', '2023Q3', '2023Q4')
    """
    p = _parsed_strict(code)
    return f"{p.year}Q{(p.last_month - 1) // 3 + 1}"


def through_month(code: Any) -> str:
    """The month code (``"YYYY-MM"``) of the last month a period covers.

    Examples
    --------
    >>> through_month("2023Q2"), through_month("2023"), through_month("2023-05")
    ('2023-06', '2023-12', '2023-05')
    """
    p = _parsed_strict(code)
    return f"{p.year}-{p.last_month:02d}"


def codes_info(codes: pd.Index | pd.Series | Iterable[Any]) -> pd.DataFrame:
    """Year, canonical frequency and last month of many period codes at once.

    Parameters
    ----------
    codes : Index, Series or iterable
        Period labels (typically a tidy frame's ``period`` column or a series' index).

    Returns
    -------
    DataFrame
        One row per code, indexed like ``codes`` when it is a Series (else 0…n−1), with columns
        ``year`` (Int64; NA for a non-period), ``freq`` (``"Y"``/``"Q"``/``"M"`` for canonical
        codes as in :func:`code_freq`, else missing) and ``last_month`` (Int64; 12 for a year).

    Examples
    --------
    >>> info = codes_info(["2023", "2023Q2", "2023-05", "合计"])
    >>> info["freq"].tolist()[:3], info["last_month"].tolist()[:3], bool(info.iloc[3].isna().all())
    (['Y', 'Q', 'M'], [12, 6, 5], True)
    """
    values = list(codes)
    index = codes.index if isinstance(codes, pd.Series) else pd.RangeIndex(len(values))
    years, freqs, months = [], [], []
    for v in values:
        key = v if isinstance(v, (Period, int, np.integer)) else str(v)
        p = _parsed(key)
        years.append(None if p is None else p.year)
        months.append(None if p is None else p.last_month)
        freqs.append(p.freq if p is not None and p.period == str(v) else None)
    return pd.DataFrame(
        {
            "year": pd.array(years, dtype="Int64"),
            "freq": np.array(freqs, dtype=object),
            "last_month": pd.array(months, dtype="Int64"),
        },
        index=index,
    )
