"""The one series selector on the tidy frame.

Every model input and report figure that comes from a tidy frame (bundled, the user's tables, or
demo data) is picked with :func:`select`: one region × indicator × measure, one frequency, 当月
(single period) or 累计 (year to date) kept apart, one price basis.  ``data.bundled.series`` and
``models.forecast.select_series`` are thin wrappers of it.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError, PeriodError
from jinshui_analysis.periods import parse_period

FREQS = ("Y", "Q", "M")
Duplicates = Literal["raise", "first", "last", "mean"]


def _freq_of(code: str) -> str | None:
    try:
        return parse_period(code).freq
    except PeriodError:
        return None


def select(
    frame: pd.DataFrame,
    region: str,
    indicator: str = "地区生产总值",
    *,
    measure: str = "level",
    freq: str | None = "Y",
    cumulative: bool | None = None,
    price_basis: str | None = None,
    duplicates: Duplicates = "raise",
) -> pd.Series:
    """One series of a tidy frame, indexed by canonical period code.

    Parameters
    ----------
    frame : DataFrame
        Tidy layout (columns ``region, indicator, measure, period, cumulative, value, unit,
        price_basis, source`` and, for bundled rows, ``grade, vintage …``).
    region, indicator, measure : str
        Exact matches (``measure`` is ``"level"`` or ``"yoy_pct"``).
    freq : {"Y", "Q", "M"} or None
        Keep periods of this frequency ("2022"; "2022Q2"; "2022-06"); None keeps all.
    cumulative : bool, optional
        ``True`` keeps year-to-date rows (累计, e.g. 1-6月 as "2023-06"), ``False`` single periods
        (当月, 6月 as "2023-06").  Required for ``freq`` "Q" or "M" when the frame holds both
        kinds for the same period, so that they are never mixed (a :class:`DataError` says so).
        Full years are both.
    price_basis : str, optional
        Keep rows with this ``price_basis`` ("current", "comparable", or "" for not stated).
    duplicates : {"raise", "first", "last", "mean"}
        Two different values for one period: raise :class:`DataError` naming both sources, or
        keep the first/last row or the mean.  Values within 0.1 % are merged silently.

    Returns
    -------
    Series
        Named ``indicator``, index ``period`` (sorted); ``attrs``: ``unit``, ``sources``,
        ``synthetic`` (any row from demo data), ``cumulative``, ``price_basis``, ``grades``.
    """
    if freq is not None and freq not in FREQS:
        raise ParameterError(f"must be one of {FREQS} or None, got {freq!r}", parameter="freq")
    if duplicates not in ("raise", "first", "last", "mean"):
        raise ParameterError("must be raise/first/last/mean", parameter="duplicates")
    need = {"region", "indicator", "period", "value"}
    missing = need - set(frame.columns)
    if missing:
        raise DataError(f"tidy frame lacks columns {sorted(missing)}")
    mask = (frame["region"] == region) & (frame["indicator"] == indicator)
    if "measure" in frame.columns:
        mask &= frame["measure"] == measure
    if price_basis is not None and "price_basis" in frame.columns:
        mask &= frame["price_basis"].fillna("").astype(str) == price_basis
    rows = frame.loc[mask]
    if freq is not None and len(rows):
        freqs = rows["period"].astype(str).map(_freq_of)
        rows = rows[freqs == freq]
    if "cumulative" in rows.columns and len(rows):
        flags = rows["cumulative"].fillna(False).astype(bool)
        if cumulative is not None and freq != "Y":
            rows = rows[flags == cumulative]
        elif cumulative is None and freq in ("Q", "M"):
            both = rows.assign(_c=flags).groupby("period")["_c"].nunique()
            if (both > 1).any():
                raise DataError(
                    f"{region}/{indicator} ({measure}): both 当月 and 累计 values for "
                    f"{sorted(both[both > 1].index)[:3]}; pass cumulative=True (累计) or False (当月)")
    rows = rows[rows["value"].notna()]
    values: dict[str, list[tuple[float, str]]] = {}
    for period, value, source in zip(rows["period"].astype(str), rows["value"].astype(float),
                                     rows["source"].astype(str) if "source" in rows else
                                     [""] * len(rows)):
        values.setdefault(period, []).append((value, source))
    data = {}
    for period in sorted(values):
        vals = values[period]
        nums = [v for v, _ in vals]
        if len(nums) > 1 and (max(nums) - min(nums)) > 1e-3 * max(abs(v) for v in nums):
            if duplicates == "raise":
                raise DataError(
                    f"{region}/{indicator} ({measure}) {period}: conflicting values "
                    + "; ".join(f"{v:g} ({s})" for v, s in vals)
                    + " — pass duplicates='first'|'last'|'mean'")
            nums = [nums[0]] if duplicates == "first" else [nums[-1]] \
                if duplicates == "last" else nums
        data[period] = float(np.mean(nums))
    s = pd.Series(list(data.values()), name=indicator, dtype=float,
                  index=pd.Index(list(data), dtype=object, name="period"))
    s.attrs["unit"] = str(rows["unit"].iloc[0]) if len(rows) and "unit" in rows else ""
    s.attrs["sources"] = sorted(set(rows["source"].astype(str))) if "source" in rows else []
    s.attrs["synthetic"] = bool(
        "source" in rows and rows["source"].astype(str).str.startswith("synthetic").any())
    s.attrs["cumulative"] = cumulative
    s.attrs["price_basis"] = sorted(set(rows["price_basis"].fillna("").astype(str))) \
        if "price_basis" in rows else []
    s.attrs["grades"] = sorted(set(rows["grade"].dropna().astype(str))) if "grade" in rows else []
    return s
