"""Year-to-date (累计) ↔ single-period levels, year by year (the 1-2月 convention: January and
February published together), arithmetic on values whose labels :mod:`jinshui_analysis.periods`
parses.

The conversions take :class:`pandas.Series` indexed by period labels, by
:class:`jinshui_analysis.periods.Period` objects or by a :class:`pandas.PeriodIndex` (normalised
once, by :func:`as_period`, as statsmodels normalises dates), and return Series indexed by
canonical period codes (index name ``"period"``): the same result whichever was given.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import ModelError, ParameterError, PeriodError
from jinshui_analysis.periods import (
    Freq,
    Period,
    is_explicit_single,
    month_code,
    month_period,
    pandas_freq,
    parse_period,
    period_range,
    quarter_code_of,
    quarter_period,
)

__all__ = ["as_period", "period_series", "single_to_ytd", "ytd_to_single", "ytd_to_single_table"]


def as_period(label: object) -> Period:
    """A period label, :class:`~jinshui_analysis.periods.Period` or :class:`pandas.Period` as a
    :class:`~jinshui_analysis.periods.Period`.

    A :class:`pandas.Period` (annual, quarterly or monthly) is built from its fields, not
    re-parsed from text: ``pd.Period("2023Q2")`` is the period ``"2023Q2"``, read — like the
    code — as year to date where a year-to-date series is expected.

    Examples
    --------
    >>> as_period(pd.Period("2023-06", freq="M")) == as_period("2023-06")
    True
    """
    if isinstance(label, pd.Period):
        freq = pandas_freq(label)
        if freq == "Y":
            return parse_period(int(label.year))
        if freq == "Q":
            return quarter_period(int(label.year), int(label.quarter))
        return month_period(int(label.year), int(label.month))
    return parse_period(label)


def period_series(
    series: pd.Series, what: str, *, ytd: bool = False
) -> tuple[pd.Series, list[Period]]:
    """Canonical, chronologically sorted copy of ``series`` (float values) and its periods.

    With ``ytd=True`` the values are year-to-date by contract: explicitly single-period labels
    (:func:`is_explicit_single`) raise, and when years are mixed with quarters (months) each
    year becomes the fourth-quarter (December) year-to-date period of that year.
    """
    if not isinstance(series, pd.Series):
        raise ParameterError(f"must be a pandas Series, got {type(series).__name__}", parameter=what)
    periods = []
    for label in series.index:
        try:
            p = as_period(label)
        except PeriodError as exc:
            raise PeriodError(f"{what}: index label {label!r}: {exc}") from None
        if ytd and is_explicit_single(p):
            raise PeriodError(
                f"{what}: index label {label!r} names a single {'quarter' if p.freq == 'Q' else 'month'}"
                ", not a year-to-date (累计) period; year-to-date labels are e.g. '1-5月', '上半年', "
                "'前三季度' (canonical codes such as '2023Q2' are read as year-to-date)",
                text=label,
            )
        periods.append(p)
    freqs = {p.freq for p in periods}
    if ytd and "Y" in freqs and len(freqs) == 2:
        sub = (freqs - {"Y"}).pop()
        periods = [
            p if p.freq != "Y"
            else quarter_period(p.year, 4, cumulative=True, label=p.label) if sub == "Q"
            else month_period(p.year, 12, cumulative=True, label=p.label)
            for p in periods
        ]
    labels = [p.period for p in periods]
    dup = pd.Index(labels)[pd.Index(labels).duplicated()]
    if len(dup):
        raise ModelError(
            f"{what}: period {dup[0]!r} appears more than once in the index"
            + (" (a year counts as its Q4/December year-to-date value)" if ytd else "")
        )
    try:
        values = pd.to_numeric(pd.Series(series.to_numpy(), copy=False), errors="raise")
    except (TypeError, ValueError) as exc:
        raise ModelError(f"{what}: values must be numeric ({exc})") from None
    order = sorted(range(len(periods)), key=lambda k: periods[k].sort_key)
    out = pd.Series(
        values.to_numpy(dtype=float)[order],
        index=pd.Index([labels[k] for k in order], name="period"),
        name=series.name,
    )
    return out, [periods[k] for k in order]


def _check_single_freq(periods: list[Period], what: str) -> Freq | None:
    freqs = {p.freq for p in periods}
    if len(freqs) > 1:
        raise ModelError(f"{what}: mixes frequencies {sorted(freqs)}; give one frequency")
    return freqs.pop() if freqs else None


def _year_blocks(
    periods: list[Period], values: np.ndarray, what: str, combined: Mapping[str, str]
) -> dict[int, tuple[list[Period], np.ndarray, bool]]:
    """Split by year, checking each year starts at its first period and has no gap.

    Returns ``{year: (periods, values, starts_with_combined_jan_feb)}``.
    """
    blocks: dict[int, tuple[list[Period], list[float]]] = {}
    for p, v in zip(periods, values):
        blocks.setdefault(p.year, ([], []))
        blocks[p.year][0].append(p)
        blocks[p.year][1].append(v)
    out = {}
    for year, (ps, vs) in blocks.items():
        first = ps[0]
        combined_start = False
        if first.freq == "M":
            if first.last_month == 2 and (combined is None or first.period in combined):
                combined_start = True
            elif first.last_month != 1:
                jan, feb = month_code(year, 1), month_code(year, 2)
                need = jan if combined is not None else f"{jan} (or {feb} for 1-2月)"
                raise ModelError(
                    f"{what}: {year} starts at {first.period}; period {need} is missing"
                )
        elif first.freq == "Q" and first.last_month != 3:
            raise ModelError(f"{what}: {year} starts at {first.period}; period {quarter_code_of(year, 1)} is missing")
        for prev, cur in zip(ps, ps[1:]):
            step = 1 if cur.freq == "M" else 3
            if cur.last_month != prev.last_month + step:
                missing = period_range(prev.period, cur.period)[1]
                raise ModelError(f"{what}: period {missing!r} is missing (gap inside {year})")
        for p, v in zip(ps, vs):
            if not np.isfinite(v):
                raise ModelError(f"{what}: value for period {p.period!r} is missing (NaN)")
        out[year] = (ps, np.asarray(vs, dtype=float), combined_start)
    return out


def ytd_to_single(ytd: pd.Series, *, allow_negative: bool = False) -> pd.Series:
    """Convert year-to-date (累计) levels to single-period levels, year by year.

    ``single[t] = ytd[t] − ytd[t−1]`` within a year, ``single[first] = ytd[first]``.

    Parameters
    ----------
    ytd : Series
        Cumulative levels (e.g. 亿元) indexed by period labels of one frequency (months or
        quarters; a yearly series is returned unchanged), or by a :class:`pandas.PeriodIndex`
        (each period read as year to date through it).  Each year must start with its first
        period — or, for months, with ``YYYY-02`` (the ``1-2月`` convention: January is not
        published) — and have no gap; it may end early.

        Every value is year-to-date by contract: canonical codes (``"2023Q2"``, ``"2023-05"``)
        are read as year-to-date, but Chinese labels that explicitly name a single quarter or
        month (``"2023年二季度"``, ``"2023年5月"``; see :func:`is_explicit_single`) raise.
        A year (``"2023"``, ``"2023年"``) among quarterly (monthly) values is the year-to-date
        value through the fourth quarter (December): the standard quarterly bulletin
        一季度, 上半年, 前三季度, 2023年 gives ``2023Q1 … 2023Q4``.
    allow_negative : bool
        Whether a single-period value may be negative, i.e. a year-to-date value may fall
        within a year.  Default False: the levels converted here (GDP, retail sales, investment,
        output…) cannot be negative, and a falling cumulative value means a wrong label or a
        revised figure.  Pass True for quantities that can fall (profits, net flows).

    Returns
    -------
    Series
        Single-period levels indexed by canonical labels (index name ``"period"``).  Where a year
        starts with ``1-2月`` the value under ``"YYYY-02"`` is the **January–February combined**
        value, and ``result.attrs["combined"]`` maps it to the months it covers:
        ``{"2023-02": "2023-01~2023-02"}`` (empty dict when there is none).  ``attrs`` are metadata
        that pandas may drop in later operations; :func:`ytd_to_single_table` gives the same
        information as columns.

    Raises
    ------
    PeriodError
        An unknown or explicitly single-period label (naming it).
    ModelError
        Gap inside a year, missing first period, NaN value, mixed frequencies (other than years
        among quarters or months), or — unless ``allow_negative`` — a year-to-date value below
        the previous one of the same year (naming the period).
    """
    s, periods = period_series(ytd, "ytd", ytd=True)
    freq = _check_single_freq(periods, "ytd")
    combined: dict[str, str] = {}
    if freq in (None, "Y"):
        out = s.copy()
        out.attrs["combined"] = combined
        return out
    values = s.to_numpy()
    result = np.empty_like(values)
    pos = 0
    for year, (ps, vs, comb) in _year_blocks(periods, values, "ytd", combined=None).items():
        diffs = np.diff(vs, prepend=0.0)
        if not allow_negative and (diffs < 0).any():
            k = int(np.flatnonzero(diffs < 0)[0])
            where = (
                f"{ps[k].period} ({vs[k]:g}) is below {ps[k - 1].period} ({vs[k - 1]:g})"
                if k else f"{ps[k].period} is {vs[k]:g}"
            )
            raise ModelError(
                f"ytd: year-to-date value {where}: the single-period value for {ps[k].period!r} "
                "would be negative; check that the values are cumulative (累计), or pass "
                "allow_negative=True for a quantity that can fall"
            )
        result[pos : pos + len(ps)] = diffs
        if comb:
            combined[month_code(year, 2)] = f"{month_code(year, 1)}~{month_code(year, 2)}"
        pos += len(ps)
    out = pd.Series(result, index=s.index.copy(), name=s.name)
    out.attrs["combined"] = combined
    return out


def ytd_to_single_table(ytd: pd.Series, *, allow_negative: bool = False) -> pd.DataFrame:
    """:func:`ytd_to_single` as a frame that states what each value covers.

    Columns: ``value`` (single-period level), ``covers`` (``"2023-01~2023-02"`` for the combined
    January–February value, else the period itself), ``combined_months`` (bool).
    """
    single = ytd_to_single(ytd, allow_negative=allow_negative)
    combined = single.attrs.get("combined", {})
    frame = pd.DataFrame(
        {
            "value": single.to_numpy(),
            "covers": [combined.get(p, p) for p in single.index],
            "combined_months": [p in combined for p in single.index],
        },
        index=single.index.copy(),
    )
    frame.columns.name = "field"
    return frame


def single_to_ytd(single: pd.Series, *, combined: Mapping[str, str] | None = None) -> pd.Series:
    """Convert single-period levels to year-to-date (累计) levels: the inverse of ytd_to_single.

    ``ytd[t] = Σ single[s]`` over the periods ``s ≤ t`` of the same year.

    Parameters
    ----------
    single : Series
        Single-period levels indexed by period labels of one frequency or a
        :class:`pandas.PeriodIndex`.
    combined : mapping, optional
        Periods whose value covers January–February combined, e.g. ``{"2023-02":
        "2023-01~2023-02"}``.  Defaults to ``single.attrs.get("combined", {})`` as set by
        :func:`ytd_to_single`.  A year starting at February without this mark is an error
        (January missing).

    Raises
    ------
    ModelError
        Gap inside a year, missing first period, NaN value, mixed frequencies.
    """
    s, periods = period_series(single, "single")
    freq = _check_single_freq(periods, "single")
    if combined is None:
        combined = single.attrs.get("combined", {}) or {}
    if freq in (None, "Y"):
        out = s.copy()
        out.attrs = {}
        return out
    values = s.to_numpy()
    result = np.empty_like(values)
    pos = 0
    for _, (ps, vs, _comb) in _year_blocks(periods, values, "single", combined=combined).items():
        result[pos : pos + len(ps)] = np.cumsum(vs)
        pos += len(ps)
    out = pd.Series(result, index=s.index.copy(), name=s.name)
    out.attrs = {}
    return out
