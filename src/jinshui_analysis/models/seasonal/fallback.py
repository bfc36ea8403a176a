r"""The fallback when X-13 cannot run: OLS holiday (and weekday) effects on 12-month log
differences, then statsmodels' robust STL; and the diagnostics computed outside X-13 (M7 from
the SI ratios, the residual-seasonality F-test).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["FALLBACK", "fit_fallback", "residual_seasonality", "weekday_contrasts"]

FALLBACK = "stl+ols"


def fit_fallback(s: pd.Series, regs: pd.DataFrame, td: bool | str = False) -> dict[str, Any]:
    """OLS holiday (and weekday) effects on 12-month log differences, then robust STL;
    ``td="aic"`` keeps the weekday contrasts only if they lower the regression's AICc."""
    from statsmodels.tsa.seasonal import STL

    z = np.log(s.to_numpy(float))
    h = regs.reindex(s.index).to_numpy(float)
    k = h.shape[1]
    w = weekday_contrasts(s.index) if td else np.zeros((len(z), 0))
    if td == "aic" and _ols_aicc(z, h) <= _ols_aicc(z, np.column_stack([h, w])):
        w = np.zeros((len(z), 0))
    X_all = np.column_stack([h, w])
    if X_all.shape[1]:
        dz = z[12:] - z[:-12]
        dx = X_all[12:] - X_all[:-12]
        X = np.column_stack([np.ones(len(dz)), dx])
        beta, *_ = np.linalg.lstsq(X, dz, rcond=None)
        resid = dz - X @ beta
        dof = max(len(dz) - X.shape[1], 1)
        cov = float(resid @ resid) / dof * np.linalg.pinv(X.T @ X)
        b, se = beta[1:1 + k], np.sqrt(np.diag(cov))[1:1 + k]
        hol = h @ b
        tdc = w @ beta[1 + k:]
    else:
        b = se = np.zeros(0)
        hol = tdc = np.zeros(len(z))
    stl = STL(pd.Series(z - hol - tdc, index=s.index.to_timestamp()), period=12,
              robust=True).fit()
    seas = np.asarray(stl.seasonal)
    irr = np.asarray(stl.resid)
    coef = pd.DataFrame({"coef": b, "se": se, "t": b / np.where(se > 0, se, np.nan)},
                        index=pd.Index(list(regs.columns), name="regressor"))
    tables = {
        "d10": pd.Series(np.exp(seas), index=s.index),
        "hol": pd.Series(np.exp(hol), index=s.index),
        "td": pd.Series(np.exp(tdc), index=s.index),
        "d11": pd.Series(np.exp(z - seas - hol - tdc), index=s.index),
    }
    diag = {"M7": _m7(np.exp(seas + irr), s.index), "Q": math.nan, "Q2": math.nan,
            "sliding_spans_unstable_pct": math.nan, "sliding_spans_mm_unstable_pct": math.nan,
            "QS_adjusted": math.nan, "QS_adjusted_p": math.nan, "aicc": math.nan,
            "arima": "", "constant": False, "outliers": 0}
    return {"tables": tables, "coef": coef, "diag": diag}


def _ols_aicc(z: np.ndarray, x: np.ndarray) -> float:
    """AICc of the OLS of 12-month log differences on 12-month differences of ``x``."""
    dz = z[12:] - z[:-12]
    X = np.column_stack([np.ones(len(dz)), x[12:] - x[:-12]])
    beta, *_ = np.linalg.lstsq(X, dz, rcond=None)
    n, p = len(dz), X.shape[1] + 1
    rss = float(((dz - X @ beta) ** 2).sum())
    if n - p - 1 <= 0 or rss <= 0:
        return math.inf
    return n * math.log(rss / n) + 2 * p + 2 * p * (p + 1) / (n - p - 1)


def weekday_contrasts(index: pd.PeriodIndex) -> np.ndarray:
    """X-13's ``td`` regressors: for Monday…Saturday, the month's count of that weekday minus
    its count of Sundays (6 columns)."""
    out = np.zeros((len(index), 6))
    for i, p in enumerate(index):
        first = p.start_time.day_of_week
        counts = np.full(7, p.days_in_month // 7)
        for k in range(p.days_in_month % 7):  # the extra days from the month's first weekday
            counts[(first + k) % 7] += 1
        out[i] = counts[:6] - counts[6]
    return out


def _m7(si: np.ndarray, index: pd.PeriodIndex) -> float:
    r"""X-11's M7 from SI ratios: :math:`M7=\sqrt{(7/F_S + 3F_M/F_S)/2}` (Lothian & Morry
    1978), :math:`F_S` the one-way ANOVA F of SI by month (stable seasonality), :math:`F_M` the
    F of the year effect in a two-way ANOVA of :math:`|SI-1|` by year and month (moving
    seasonality), on complete years."""
    frame = pd.DataFrame({"si": si, "year": index.year, "month": index.month})
    full = frame.groupby("year")["month"].transform("size") == 12
    frame = frame[full]
    n_years = frame["year"].nunique()
    if n_years < 3:
        return math.nan
    x = frame["si"].to_numpy()
    grand = x.mean()
    means_m = frame.groupby("month")["si"].transform("mean").to_numpy()
    ss_between = float(((means_m - grand) ** 2).sum())
    ss_within = float(((x - means_m) ** 2).sum())
    f_s = (ss_between / 11) / (ss_within / (len(x) - 12))
    a = np.abs(x - 1.0)
    ga = a.mean()
    ym = frame.assign(a=a).groupby("year")["a"].transform("mean").to_numpy()
    mm = frame.assign(a=a).groupby("month")["a"].transform("mean").to_numpy()
    ss_year = float(((ym - ga) ** 2).sum())
    ss_res = float(((a - ym - mm + ga) ** 2).sum())
    f_m = (ss_year / (n_years - 1)) / (ss_res / ((n_years - 1) * 11))
    if not (f_s > 0 and math.isfinite(f_s)):
        return math.nan
    return math.sqrt(max(0.5 * (7.0 / f_s + 3.0 * f_m / f_s), 0.0))


def residual_seasonality(adjusted: pd.Series) -> tuple[float, float]:
    """F-test of 11 month dummies on the adjusted series' month-on-month log changes."""
    from scipy.special import fdtrc  # F survival function, without importing scipy.stats

    d = np.log(adjusted).diff().dropna()
    if len(d) < 24:
        return math.nan, math.nan
    months = d.index.month
    X = np.column_stack([np.ones(len(d))] + [(months == m).astype(float) for m in range(2, 13)])
    y = d.to_numpy()
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    rss1 = float(((y - X @ beta) ** 2).sum())
    rss0 = float(((y - y.mean()) ** 2).sum())
    df1, df2 = 11, len(y) - 12
    if rss1 <= 0 or df2 <= 0:
        return math.nan, math.nan
    f = ((rss0 - rss1) / df1) / (rss1 / df2)
    return float(f), float(fdtrc(df1, df2, f))
