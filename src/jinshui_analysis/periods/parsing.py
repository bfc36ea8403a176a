"""A reporting period and its parser: :class:`Period`, :func:`parse_period` of every label
bulletins write, :func:`search_period` / :func:`find_period` in free text, and
:func:`is_explicit_single`."""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import PeriodError

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


def month_code(year: int, month: int) -> str:
    """The canonical code of a month: ``month_code(2023, 5) == "2023-05"``.

    >>> month_code(2023, 5)
    '2023-05'
    """
    return _month(_check_year(int(year), year), int(month), cumulative=False, label="").period


def quarter_code_of(year: int, quarter: int) -> str:
    """The canonical code of a quarter: ``quarter_code_of(2023, 2) == "2023Q2"``.

    >>> quarter_code_of(2023, 2), quarter_code_of(2022, 4)
    ('2023Q2', '2022Q4')
    """
    return _quarter(_check_year(int(year), year), int(quarter), cumulative=False, label="").period


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
