"""The six fitters (naive, drift, ETS, ARIMA, state-space, local linear trend) on the transformed
scale, fitted quietly, and their back-transformed 80/95 % bands."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from jinshui_analysis.exceptions import ModelError
from jinshui_analysis.models.forecast.common import MIN_BACKTEST, MIN_FIT


# =========================================================================== models
@dataclass
class Fit:
    """A model's forecast on the transformed scale."""

    mu: np.ndarray
    se: np.ndarray
    df: float | None  # Student-t degrees of freedom, None → normal
    info: str = ""
    params: Any = None  # estimated parameters (warm start for the next origin)


def paired_differences(y: np.ndarray, lag: int) -> tuple[np.ndarray, np.ndarray]:
    """Differences between observed points: (d_i, g_i) in units of ``lag`` periods.

    With ``lag == 1`` consecutive *observed* points are paired across gaps (gap length g_i);
    with a seasonal lag only exact-lag pairs are used (g_i = 1).
    """
    t = np.flatnonzero(~np.isnan(y))
    if lag == 1:
        if len(t) < 2:
            return np.empty(0), np.empty(0)
        return np.diff(y[t]), np.diff(t).astype(float)
    d = y[lag:] - y[:-lag]
    d = d[~np.isnan(d)]
    return d, np.ones_like(d)


def _steps(h: int, lag: int) -> np.ndarray:
    return np.ceil(np.arange(1, h + 1) / lag)


def _last_for(y: np.ndarray, h: int, lag: int) -> np.ndarray:
    """Base value of each horizon: last observation (lag 1) or the same season last cycle."""
    n = len(y)
    obs = np.flatnonzero(~np.isnan(y))
    if lag == 1:
        return np.full(h, y[obs[-1]])
    base = np.empty(h)
    for j in range(h):
        idx = n + j - lag * int(math.ceil((j + 1) / lag))
        while idx >= 0 and np.isnan(y[idx]):
            idx -= lag
        base[j] = y[idx] if idx >= 0 else y[obs[-1]]
    return base


def _fit_naive(y: np.ndarray, h: int, lag: int, **_: Any) -> Fit:
    d, g = paired_differences(y, lag)
    k = _steps(h, lag)
    mu = _last_for(y, h, lag)
    if len(d) == 0:
        return Fit(mu, np.full(h, np.nan), None, "no differences: no interval")
    sigma2 = float(np.sum(d**2 / g) / len(d))
    return Fit(mu, np.sqrt(sigma2 * k), float(len(d)), f"σ={math.sqrt(sigma2):.4g}")


def _fit_drift(y: np.ndarray, h: int, lag: int, **_: Any) -> Fit:
    d, g = paired_differences(y, lag)
    k = _steps(h, lag)
    if len(d) == 0:
        raise ModelError("drift needs two observations")
    span = float(np.sum(g))
    c = float(np.sum(d) / span)
    mu = _last_for(y, h, lag) + c * k
    m = len(d)
    if m < 2:
        return Fit(mu, np.full(h, np.nan), None, f"drift={c:.4g}; one difference: no interval")
    sigma2 = float(np.sum((d - c * g) ** 2 / g) / (m - 1))
    se = np.sqrt(sigma2 * (k + k**2 / span))
    return Fit(mu, se, float(m - 1), f"drift={c:.4g}, σ={math.sqrt(sigma2):.4g}")


def trailing_contiguous(y: np.ndarray) -> np.ndarray:
    nan = np.flatnonzero(np.isnan(y))
    return y if len(nan) == 0 else y[nan[-1] + 1 :]


def _fit_ets(y: np.ndarray, h: int, lag: int, maxiter: int = 100, **_: Any) -> Fit:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    seg = trailing_contiguous(y)  # ETSModel cannot skip gaps: use the last unbroken run
    need = MIN_FIT["ets"] + (2 * lag if lag > 1 else 0)
    if len(seg) < need:
        raise ModelError(f"ETS needs {need} consecutive observations, has {len(seg)}")
    kw: dict[str, Any] = {"error": "add", "trend": "add"}
    if lag > 1:
        kw.update(seasonal="add", seasonal_periods=lag)
    else:
        # Initial states fixed from the data (level = first value, trend = mean change over
        # the first three steps) so only α and β are estimated: lean and stable on short series.
        k = min(3, len(seg) - 1)
        kw.update(
            initialization_method="known",
            initial_level=float(seg[0]),
            initial_trend=float((seg[k] - seg[0]) / k),
        )
    endog = pd.Series(seg, index=pd.RangeIndex(len(seg)))
    res = ETSModel(endog, **kw).fit(disp=False, maxiter=maxiter)
    pred = res.get_prediction(start=len(seg), end=len(seg) + h - 1)
    frame = pred.summary_frame(alpha=0.05)
    mu = frame["mean"].to_numpy(dtype=float)
    se = np.sqrt(np.asarray(pred.forecast_variance, dtype=float))
    return Fit(mu, se, None, f"fitted on the last {len(seg)} consecutive points")


def _fit_arima(
    y: np.ndarray, h: int, lag: int, maxiter: int = 200, start_params: Any = None, **_: Any
) -> Fit:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    seasonal = (0, 1, 0, lag) if lag > 1 else (0, 0, 0, 0)
    trend = "n" if lag > 1 else "c"
    mod = SARIMAX(y, order=(1, 1, 0), seasonal_order=seasonal, trend=trend, concentrate_scale=True)
    return _fit_state_space(mod, h, maxiter, start_params)


def _fit_state_space(mod: Any, h: int, maxiter: int, start_params: Any) -> Fit:
    """Fit a statsmodels state-space model (Nelder–Mead) and forecast ``h`` steps."""
    res = mod.fit(start_params=start_params, disp=False, maxiter=maxiter, method="nm")
    fc = res.get_forecast(int(h))
    return Fit(
        np.asarray(fc.predicted_mean, dtype=float),
        np.asarray(fc.se_mean, dtype=float),
        None,
        params=np.asarray(res.params),
    )


def _fit_llt(
    y: np.ndarray, h: int, lag: int, maxiter: int = 200, start_params: Any = None, **_: Any
) -> Fit:
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    kw: dict[str, Any] = {}
    if lag > 1:
        kw["freq_seasonal"] = [{"period": lag}]
    mod = UnobservedComponents(y, "local linear trend", **kw)
    return _fit_state_space(mod, h, maxiter, start_params)


_FITTERS: dict[str, Callable[..., Fit]] = {
    "naive": _fit_naive,
    "drift": _fit_drift,
    "ets": _fit_ets,
    "arima": _fit_arima,
    "llt": _fit_llt,
}


def quiet_fit(name: str, y: np.ndarray, h: int, lag: int, start_params: Any = None) -> Fit:
    """Fit with statsmodels' convergence/estimation warnings silenced locally."""
    from statsmodels.tools.sm_exceptions import (
        ConvergenceWarning,
        EstimationWarning,
        ValueWarning,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", EstimationWarning)
        warnings.simplefilter("ignore", ValueWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.filterwarnings("ignore", message=".*[Nn]on-(stationary|invertible).*")
        with np.errstate(all="ignore"):
            fit = _FITTERS[name](y, h, lag, start_params=start_params)
    if not np.all(np.isfinite(fit.mu)):
        raise ModelError(f"{name}: non-finite forecast")
    return fit


def fit_or_none(name: str, y: np.ndarray, h: int, lag: int, warm: Any) -> Fit | None:
    """Fit at a backtest origin (warm start, then cold); None when the model cannot be fitted."""
    for start in ((warm, None) if warm is not None else (None,)):
        try:
            return quiet_fit(name, y, h, lag, start)
        except Exception:  # noqa: BLE001,S112 - skip an origin where the model cannot be fitted
            continue
    return None


@lru_cache(maxsize=256)
def _quantiles(df: float | None) -> tuple[float, float]:
    if df is None:
        return float(stats.norm.ppf(0.90)), float(stats.norm.ppf(0.975))
    return float(stats.t.ppf(0.90, df)), float(stats.t.ppf(0.975, df))


def band_arrays(fit: Fit, transform: str | None) -> dict[str, np.ndarray]:
    """Back-transformed point forecasts and 80/95 % bands (see
    :mod:`jinshui_analysis.models.forecast`)."""
    mu, se = fit.mu, fit.se
    q80, q95 = _quantiles(fit.df)
    cols = {
        "lower_95": mu - q95 * se,
        "lower_80": mu - q80 * se,
        "upper_80": mu + q80 * se,
        "upper_95": mu + q95 * se,
    }
    if transform == "log":
        se0 = np.where(np.isfinite(se), se, 0.0)
        # A huge log-scale se (a season never observed, e.g. every January missing) overflows
        # exp: the mean and upper bands are then +inf (unbounded), the lower bands 0.
        with np.errstate(over="ignore", under="ignore"):
            out = {"mean": np.exp(mu + se0**2 / 2), "median": np.exp(mu)}
            out |= {k: np.exp(v) for k, v in cols.items()}
        out["se"] = se  # on the log scale
    else:
        out = {"mean": mu, "median": mu} | cols
        out["se"] = se
    return out


def min_fit(name: str, lag: int) -> int:
    return MIN_FIT[name] + (2 * lag if lag > 1 and name in ("ets", "arima", "llt") else 0)


def min_backtest(name: str, lag: int) -> int:
    base = MIN_BACKTEST[name]
    if lag > 1:
        base = max(base, lag + 1) if name in ("naive", "drift") else min_fit(name, lag)
    return base

