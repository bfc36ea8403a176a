"""Periods on the calendar: chronological order, the same period a year earlier, first and last
days, ranges, and the one place where labels become pandas Periods (models work on
PeriodIndex)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError, PeriodError
from jinshui_analysis.periods.parsing import parse_period


# --------------------------------------------------------------------------- helpers
def period_sort_key(label: Any) -> tuple[int, int, int, int]:
    """Chronological sort key of a period label (see :attr:`Period.sort_key`)."""
    return parse_period(label).sort_key


def sort_periods(labels: Iterable[Any]) -> list[str]:
    """Canonical strings of ``labels`` in chronological order."""
    return [p.period for p in sorted((parse_period(x) for x in labels), key=lambda p: p.sort_key)]


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
    """``index`` as one :class:`pandas.PeriodIndex` of a single frequency.

    Parameters
    ----------
    index : pandas.Index
        Period codes or labels ("2023-06", "2023Q2", "2023年1-6月" …) or a PeriodIndex.
    name : str
        What the index belongs to, for messages.

    Returns
    -------
    pandas.PeriodIndex

    Raises
    ------
    DataError
        An empty index.
    PeriodError
        Labels that do not parse, or periods of mixed frequencies.
    """
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
