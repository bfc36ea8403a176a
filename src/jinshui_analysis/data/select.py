"""The one series selector on the tidy frame.

Every model input and report figure that comes from a tidy frame (bundled, the user's tables, or
demo data) is picked with :func:`select`: one region × indicator × measure, one frequency, 当月
(single period) or 累计 (year to date) kept apart, one price basis.  ``data.bundled.series`` and
``models.forecast.select_series`` are thin wrappers of it.
"""

from __future__ import annotations

import functools
from typing import Literal

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError, PeriodError
from jinshui_analysis.periods import parse_period

FREQS = ("Y", "Q", "M")
Duplicates = Literal["raise", "first", "last", "mean"]


@functools.lru_cache(maxsize=4096)
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

    # plain arrays, not DataFrame filters: this runs hundreds of times per report
    def col(name: str, default: object = "") -> np.ndarray:
        if name in frame.columns:
            return frame[name].to_numpy(dtype=object)
        return np.full(len(frame), default, dtype=object)

    mask = (col("region") == region) & (col("indicator") == indicator)
    if "measure" in frame.columns:
        mask &= col("measure") == measure
    if price_basis is not None and "price_basis" in frame.columns:
        basis_all = np.array(["" if b is None or b != b else str(b) for b in col("price_basis")],
                             dtype=object)
        mask &= basis_all == price_basis
    idx = np.flatnonzero(mask)
    periods = [str(p) for p in col("period")[idx]]
    if freq is not None:
        keep = [k for k, p in enumerate(periods) if _freq_of(p) == freq]
        idx, periods = idx[keep], [periods[k] for k in keep]
    flags = [bool(c) if c is not None and c == c else False for c in col("cumulative", False)[idx]]
    if "cumulative" in frame.columns and len(idx):
        if cumulative is not None and freq != "Y":
            keep = [k for k, c in enumerate(flags) if c == cumulative]
            idx, periods = idx[keep], [periods[k] for k in keep]
        elif cumulative is None and freq in ("Q", "M"):
            kinds: dict[str, set[bool]] = {}
            for p, c in zip(periods, flags):
                kinds.setdefault(p, set()).add(c)
            both = sorted(p for p, k in kinds.items() if len(k) > 1)
            if both:
                raise DataError(
                    f"{region}/{indicator} ({measure}): both 当月 and 累计 values for "
                    f"{both[:3]}; pass cumulative=True (累计) or False (当月)")
    vals = col("value", np.nan)[idx]
    srcs = col("source")[idx]
    ok = [k for k, v in enumerate(vals) if v is not None and v == v]
    idx, periods = idx[ok], [periods[k] for k in ok]
    vals, srcs = vals[ok], srcs[ok]
    values: dict[str, list[tuple[float, str]]] = {}
    for period, value, source in zip(periods, vals, srcs):
        values.setdefault(period, []).append((float(value), str(source)))
    data = {}
    for period in sorted(values):
        pairs = values[period]
        nums = [v for v, _ in pairs]
        if len(nums) > 1 and (max(nums) - min(nums)) > 1e-3 * max(abs(v) for v in nums):
            if duplicates == "raise":
                raise DataError(
                    f"{region}/{indicator} ({measure}) {period}: conflicting values "
                    + "; ".join(f"{v:g} ({s})" for v, s in pairs)
                    + " — pass duplicates='first'|'last'|'mean'")
            nums = [nums[0]] if duplicates == "first" else [nums[-1]] \
                if duplicates == "last" else nums
        data[period] = float(np.mean(nums))
    s = pd.Series(list(data.values()), name=indicator, dtype=float,
                  index=pd.Index(list(data), dtype=object, name="period"))
    src_list = [str(x) for x in srcs]
    s.attrs["unit"] = str(col("unit")[idx][0]) if len(idx) and "unit" in frame.columns else ""
    s.attrs["sources"] = sorted(set(src_list))
    s.attrs["synthetic"] = any(x.startswith("synthetic") for x in src_list)
    s.attrs["cumulative"] = cumulative
    s.attrs["price_basis"] = sorted({"" if b is None or b != b else str(b)
                                     for b in col("price_basis")[idx]}) \
        if "price_basis" in frame.columns else []
    s.attrs["grades"] = sorted({str(g) for g in col("grade", None)[idx] if g is not None
                                and g == g}) if "grade" in frame.columns else []
    return s
