"""Growth rates in per cent: year-on-year growth of levels (同比), and period rates chained
into an index or compounded over a window."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import ModelError, ParameterError, PeriodError
from jinshui_analysis.models.ytd import as_period, period_series

__all__ = ["chain_growth", "compound_growth", "yoy_growth"]


def yoy_growth(levels: pd.Series) -> pd.Series:
    """Growth over the same period a year earlier (同比增长), in per cent.

    ``g_t = (x_t / x_{t−1y} − 1) × 100`` where ``t−1y`` is :func:`same_period_last_year`.
    Works for yearly, quarterly, monthly and year-to-date level series (a YTD series compares
    YTD with YTD, as bulletins do).  Nominal if the levels are at current prices.

    Returns
    -------
    Series
        Indexed like the (canonicalised, sorted) input; NaN where the earlier value is absent.

    Raises
    ------
    ModelError
        When an earlier-year value is zero or negative (growth undefined), naming the period.
    """
    s, periods = period_series(levels, "levels")
    lookup = dict(zip(s.index, s.to_numpy()))
    out = np.full(len(s), np.nan)
    for k, p in enumerate(periods):
        base = lookup.get(p.shift_years(-1).period)
        if base is None or not np.isfinite(base):
            continue
        if base <= 0:
            raise ModelError(
                f"levels: value for {p.shift_years(-1).period!r} is {base}; growth to "
                f"{p.period!r} is undefined for a non-positive base"
            )
        out[k] = (s.iloc[k] / base - 1.0) * 100.0
    return pd.Series(out, index=s.index.copy(), name=s.name)


def _rates(rates_pct: pd.Series | Iterable[float], *, strict: bool = False) -> pd.Series:
    """Growth rates as a float Series; ``strict`` also rejects −100 % (the level vanishes)."""
    s = rates_pct if isinstance(rates_pct, pd.Series) else pd.Series(list(rates_pct), dtype=float)
    try:
        s = s.astype(float)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"growth rates must be numeric ({exc})", parameter="rates_pct") from None
    bad = s.index[~np.isfinite(s.to_numpy())]
    if len(bad):
        raise ModelError(f"rates_pct: growth rate for {bad[0]!r} is missing or not finite")
    values = s.to_numpy()
    low = np.flatnonzero(values <= -100.0 if strict else values < -100.0)
    if len(low):
        k = int(low[0])
        raise ModelError(
            f"rates_pct: growth rate for {s.index[k]!r} is {values[k]:g}% "
            + ("(≤ −100%): a chained level would vanish or turn negative" if strict
               else "(below −100%)")
        )
    return s


def _sorted_by_period(s: pd.Series) -> pd.Series:
    """``s`` in chronological order when its index holds period labels, else unchanged.

    A default RangeIndex (rates given as a list) and labels that are not periods keep the
    order given.
    """
    if isinstance(s.index, pd.RangeIndex) or len(s) < 2:
        return s
    try:
        periods = [as_period(label) for label in s.index]
    except PeriodError:
        return s
    canon = pd.Index([p.period for p in periods])
    if canon.has_duplicates:
        raise ModelError(
            f"rates_pct: period {canon[canon.duplicated()][0]!r} appears more than once"
        )
    if len({p.freq for p in periods}) > 1:
        raise ModelError(
            f"rates_pct: mixes frequencies {sorted({p.freq for p in periods})}; give one frequency"
        )
    order = sorted(range(len(periods)), key=lambda k: periods[k].sort_key)
    return s.iloc[order]


def chain_growth(rates_pct: pd.Series | Iterable[float], *, base: float = 100.0) -> pd.Series:
    """Chain period growth rates (%) into an index of levels.

    ``L_t = base × ∏_{s ≤ t} (1 + g_s / 100)``: ``base`` is the level of the period *before*
    the first rate, so the result has one value per rate (same index).

    Example: growth of 9.5% in 2017 and 9.5% in 2018 (金水区 GDP, comparable prices) chained from
    2016 = 100 gives 109.5 and 119.9025.

    Rates indexed by period labels (anything :func:`parse_period` reads) are chained in
    chronological order whatever their order in the input (the result keeps the input's labels,
    sorted); rates given as a list or with non-period labels are chained in the order given.

    Raises
    ------
    ModelError
        A missing/non-finite rate or a rate ≤ −100 % (naming the period), a period given twice,
        mixed frequencies.
    """
    if not (isinstance(base, (int, float)) and math.isfinite(base) and base > 0):
        raise ParameterError(f"must be a positive finite number, got {base!r}", parameter="base")
    s = _sorted_by_period(_rates(rates_pct, strict=True))
    out = float(base) * np.cumprod(1.0 + s.to_numpy() / 100.0)
    result = pd.Series(out, index=s.index.copy(), name=s.name)
    if result.index.name is None:
        result.index.name = "period"
    return result


def compound_growth(rates_pct: pd.Series | Iterable[float]) -> float:
    """Total growth (%) over a window of period growth rates: ``(∏(1 + g/100) − 1) × 100``."""
    s = _rates(rates_pct)
    if len(s) == 0:
        raise ParameterError("needs at least one growth rate", parameter="rates_pct")
    return float((np.prod(1.0 + s.to_numpy() / 100.0) - 1.0) * 100.0)
