"""Small questions other modules ask of period codes ("which year?", "is it a year code?"):
answered here so that no other module slices or pattern-matches period strings."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import ParameterError, PeriodError
from jinshui_analysis.periods.parsing import Freq, Period, parse_period


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


def in_year(codes: pd.Index | pd.Series | np.ndarray | Iterable[Any], year: int) -> np.ndarray:
    """Whether each period code is a canonical code of ``year``: a boolean mask, vectorised.

    The question a filter such as "the rows of 2023" asks, answered by parsing each distinct
    code once (:func:`parse_period`) instead of matching a string prefix: ``"20230"`` or
    ``"2023年"`` start with ``"2023"`` but are not codes of 2023.  Only the canonical spellings
    count, as in :func:`code_freq`: ``"2023"``, ``"2023Q2"`` and ``"2023-05"`` are in 2023;
    other labels (``"2023年"``, ``"2023H1"``), non-periods, ``None`` and NaN are not.

    Parameters
    ----------
    codes : Index, Series, ndarray or iterable
        Period codes (typically a tidy frame's ``period`` column); :class:`Period` objects
        count by their year.
    year : int
        The calendar year.

    Returns
    -------
    numpy.ndarray
        Boolean, one element per code, in order (usable as a mask on the frame holding
        ``codes``).

    Raises
    ------
    ParameterError
        When ``year`` is not an integer.

    Examples
    --------
    >>> in_year(["2023", "2023Q2", "2023-05", "2022Q4", "20230", "2023年"], 2023).tolist()
    [True, True, True, False, False, False]
    """
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise ParameterError(f"must be an integer year, got {year!r}", parameter="year")
    values = codes.to_numpy(dtype=object) if isinstance(codes, (pd.Index, pd.Series)) \
        else np.asarray(list(codes) if not isinstance(codes, np.ndarray) else codes, dtype=object)
    if values.size == 0:
        return np.zeros(0, dtype=bool)
    position, uniques = pd.factorize(values, use_na_sentinel=True)
    hit = np.zeros(len(uniques) + 1, dtype=bool)  # the last slot: missing values (code −1)
    for k, code in enumerate(uniques.tolist()):
        if isinstance(code, Period):
            hit[k] = code.year == int(year)
        else:
            hit[k] = code_freq(code) is not None and _parsed(str(code)).year == int(year)
    return hit[position]
