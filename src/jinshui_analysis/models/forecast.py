"""Forecasting short regional series with honest intervals, and year-end projection from YTD data.

Two entry points:

- :func:`forecast` fits a small set of models to an annual, quarterly or monthly series
  (naive random walk, random walk with drift, ETS, ARIMA, local-linear-trend), runs a
  rolling-origin backtest (expanding window, horizons 1..h) and returns a
  :class:`ForecastResults` whose ``accuracy`` table compares every model with the naive
  benchmark.  The model whose backtest MASE is lowest *and strictly below the naive model's on
  the same forecasts* is chosen; otherwise naive is chosen ("naive wins ties").
- :func:`year_end_projection` projects the full-year level and growth from the current year's
  year-to-date (YTD, 累计) figure and the share of the annual total reached by the same point
  of earlier years, with the growth required in the rest of the year to meet a target and the
  probability of meeting it.

Transforms
----------
Every model works on ``log(y)`` by default (``transform="log"``): GDP-like levels grow
geometrically, so a drift on the log scale is a constant growth rate and intervals stay
positive.  Pass ``transform="level"`` (or ``None``) for series that can be zero or negative —
growth rates in % for example — or a mapping ``{"ets": "level", ...}`` to choose per model.
A log transform on a non-positive series raises :class:`~jinshui_analysis.ParameterError`;
nothing is switched silently.

Models (kept lean: one ~12-point series fits and backtests in well under a second)
-----------------------------------------------------------------------------------
``naive`` random walk (seasonal naive for seasonal data); ``drift`` random walk with drift
(closed form; gaps handled by pairing consecutive observed points); ``ets`` statsmodels
``ETSModel`` ETS(A,A,N) with the initial level/trend fixed from the first points (only α, β
estimated) on the last unbroken run of data; ``arima`` SARIMAX ARIMA(1,1,0) with drift
(SARIMA(1,1,0)(0,1,0)s when seasonal); ``llt`` ``UnobservedComponents`` local linear trend.
The state-space models are estimated by Nelder–Mead (maxiter 200), warm-started at each
backtest origin from the previous origin's estimates (no look-ahead); statsmodels'
convergence warnings are silenced locally.

Point forecasts and intervals
-----------------------------
On the transformed scale each model gives a mean ``mu_h`` and standard error ``se_h``.  The
bands are ``mu_h ± q·se_h`` with ``q`` the Student-t quantile on the residual degrees of
freedom for the naive and drift models (exact for a Gaussian random walk with drift) and the
normal quantile for the state-space / ETS models (parameter uncertainty ignored, as in
statsmodels).  With the log transform the bands are exponentiated (quantiles are preserved),
``median = exp(mu_h)`` and ``mean = exp(mu_h + se_h²/2)`` (log-normal mean, the bias-adjusted
back-transform of Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed.,
§5.6).  Backtest errors use the ``mean`` column.

References
----------
Hyndman, R. J. & Koehler, A. B. (2006). Another look at measures of forecast accuracy.
*International Journal of Forecasting* 22(4), 679–688 (MASE).
Hyndman & Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed.), §5.5 (prediction
intervals of the benchmark methods: naive ``σ√h``, drift ``σ√(h(1+h/T))``), §5.10
(time-series cross-validation).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from jinshui_analysis.data.select import select
from jinshui_analysis.exceptions import (
    DataError,
    ModelError,
    NominalWarning,
    ParameterError,
    ShortSeriesWarning,
)
from jinshui_analysis.periods import pandas_freq, to_period_index, year_of_code
from jinshui_analysis.results import Results, Summary

__all__ = [
    "MODELS",
    "ForecastResults",
    "GrowthForecastResults",
    "ProjectionResults",
    "forecast",
    "growth_forecast",
    "select_series",
    "year_end_projection",
]

#: Model names, simplest first (the order breaks ties).
MODELS: tuple[str, ...] = ("naive", "drift", "ets", "arima", "llt")

_MODEL_LABELS = {
    "naive": "朴素(随机游走) / naive random walk",
    "drift": "带漂移随机游走 / random walk with drift",
    "ets": "指数平滑 / ETS(A,A,N), initial states from the data (statsmodels ETSModel)",
    "arima": "ARIMA(1,1,0)+漂移 / ARIMA(1,1,0) with drift (SARIMAX)",
    "llt": "局部线性趋势 / local linear trend (UnobservedComponents)",
}
#: Observations needed to fit a model with intervals (non-seasonal; seasonal adds 2·s).
_MIN_FIT = {"naive": 2, "drift": 3, "ets": 6, "arima": 6, "llt": 6}
#: Observations needed for a backtest point forecast (and a MASE scale).
_MIN_BACKTEST = {"naive": 2, "drift": 2, "ets": 6, "arima": 6, "llt": 6}
#: Backtest forecasts a model needs before it can be chosen over naive.
MIN_EVIDENCE = 3
_FALLBACK = {"naive": "naive", "drift": "naive", "ets": "drift", "arima": "drift", "llt": "drift"}
_SEASON = {"Y": 1, "Q": 4, "M": 12}
_FREQ_CODE = {"Y": "Y", "Q": "Q", "M": "M"}

FAN_COLUMNS: tuple[str, ...] = (
    "history",
    "mean",
    "median",
    "lower_95",
    "lower_80",
    "upper_80",
    "upper_95",
)


def _labels(pi: pd.PeriodIndex | Sequence[pd.Period]) -> list[str]:
    return [str(p) for p in pi]


def _prepare_series(series: pd.Series, name: str) -> tuple[pd.Series, str]:
    """Return a float Series on a complete PeriodIndex (gaps as NaN) and its frequency code."""
    if not isinstance(series, pd.Series):
        raise ParameterError("must be a pandas Series indexed by period", parameter="series")
    pi = to_period_index(series.index, name=name)
    try:
        values = pd.to_numeric(pd.Series(np.asarray(series, dtype=object)), errors="raise")
    except (TypeError, ValueError) as exc:
        raise DataError(f"{name}: non-numeric values ({exc})") from exc
    s = pd.Series(values.to_numpy(dtype=float), index=pi)
    if s.index.has_duplicates:
        dup = sorted({str(p) for p in s.index[s.index.duplicated()]})
        raise DataError(f"{name}: duplicated periods {dup}")
    s = s.sort_index()
    obs = s.dropna()
    if obs.empty:
        raise ModelError(f"{name}: no observed values")
    if not np.isfinite(obs.to_numpy()).all():
        raise DataError(f"{name}: infinite values")
    freq = pandas_freq(obs.index[0])
    full = pd.period_range(obs.index[0], obs.index[-1], freq=obs.index.freq)
    return s.reindex(full), freq


def select_series(
    frame: pd.DataFrame,
    *,
    region: str,
    indicator: str,
    measure: str = "level",
    freq: str = "Y",
    cumulative: bool | None = None,
    duplicates: str = "raise",
) -> pd.Series:
    """Pick one series (``region`` × ``indicator`` × ``measure``) out of the tidy frame.

    Parameters
    ----------
    frame : DataFrame
        The tidy layout of :func:`jinshui_analysis.data.load_bundled` (columns region,
        indicator, measure, period, cumulative, value, …).
    region, indicator, measure : str
        Exact matches.
    freq : {"Y", "Q", "M"}
        Keep only single periods of this frequency (``"2022"`` for ``"Y"``); other labels
        (``2020H1``, ``2021Q1-Q3``…) are skipped.
    cumulative : bool, optional
        If given, keep only rows whose ``cumulative`` flag equals it.
    duplicates : {"raise", "first", "last", "mean"}
        What to do with two rows for one period (sources that disagree, e.g. an initial
        estimate and a revision).  Values equal to 0.1 % are merged silently whatever the choice.

    Returns
    -------
    Series named ``indicator`` indexed by period strings (index named ``period``), sorted.
    """
    s = select(frame, region, indicator, measure=measure, freq=freq, cumulative=cumulative,
               duplicates=duplicates)  # type: ignore[arg-type]
    if s.empty:
        raise DataError(f"no {freq} rows for region={region!r}, indicator={indicator!r}")
    return s


# =========================================================================== models
@dataclass
class _Fit:
    """A model's forecast on the transformed scale."""

    mu: np.ndarray
    se: np.ndarray
    df: float | None  # Student-t degrees of freedom, None → normal
    info: str = ""
    params: Any = None  # estimated parameters (warm start for the next origin)


def _pairs(y: np.ndarray, lag: int) -> tuple[np.ndarray, np.ndarray]:
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


def _fit_naive(y: np.ndarray, h: int, lag: int, **_: Any) -> _Fit:
    d, g = _pairs(y, lag)
    k = _steps(h, lag)
    mu = _last_for(y, h, lag)
    if len(d) == 0:
        return _Fit(mu, np.full(h, np.nan), None, "no differences: no interval")
    sigma2 = float(np.sum(d**2 / g) / len(d))
    return _Fit(mu, np.sqrt(sigma2 * k), float(len(d)), f"σ={math.sqrt(sigma2):.4g}")


def _fit_drift(y: np.ndarray, h: int, lag: int, **_: Any) -> _Fit:
    d, g = _pairs(y, lag)
    k = _steps(h, lag)
    if len(d) == 0:
        raise ModelError("drift needs two observations")
    span = float(np.sum(g))
    c = float(np.sum(d) / span)
    mu = _last_for(y, h, lag) + c * k
    m = len(d)
    if m < 2:
        return _Fit(mu, np.full(h, np.nan), None, f"drift={c:.4g}; one difference: no interval")
    sigma2 = float(np.sum((d - c * g) ** 2 / g) / (m - 1))
    se = np.sqrt(sigma2 * (k + k**2 / span))
    return _Fit(mu, se, float(m - 1), f"drift={c:.4g}, σ={math.sqrt(sigma2):.4g}")


def _trailing_contiguous(y: np.ndarray) -> np.ndarray:
    nan = np.flatnonzero(np.isnan(y))
    return y if len(nan) == 0 else y[nan[-1] + 1 :]


def _fit_ets(y: np.ndarray, h: int, lag: int, maxiter: int = 100, **_: Any) -> _Fit:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    seg = _trailing_contiguous(y)  # ETSModel cannot skip gaps: use the last unbroken run
    need = _MIN_FIT["ets"] + (2 * lag if lag > 1 else 0)
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
    return _Fit(mu, se, None, f"fitted on the last {len(seg)} consecutive points")


def _fit_arima(
    y: np.ndarray, h: int, lag: int, maxiter: int = 200, start_params: Any = None, **_: Any
) -> _Fit:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    seasonal = (0, 1, 0, lag) if lag > 1 else (0, 0, 0, 0)
    trend = "n" if lag > 1 else "c"
    mod = SARIMAX(y, order=(1, 1, 0), seasonal_order=seasonal, trend=trend, concentrate_scale=True)
    return _fit_state_space(mod, h, maxiter, start_params)


def _fit_state_space(mod: Any, h: int, maxiter: int, start_params: Any) -> _Fit:
    """Fit a statsmodels state-space model (Nelder–Mead) and forecast ``h`` steps."""
    res = mod.fit(start_params=start_params, disp=False, maxiter=maxiter, method="nm")
    fc = res.get_forecast(int(h))
    return _Fit(
        np.asarray(fc.predicted_mean, dtype=float),
        np.asarray(fc.se_mean, dtype=float),
        None,
        params=np.asarray(res.params),
    )


def _fit_llt(
    y: np.ndarray, h: int, lag: int, maxiter: int = 200, start_params: Any = None, **_: Any
) -> _Fit:
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    kw: dict[str, Any] = {}
    if lag > 1:
        kw["freq_seasonal"] = [{"period": lag}]
    mod = UnobservedComponents(y, "local linear trend", **kw)
    return _fit_state_space(mod, h, maxiter, start_params)


_FITTERS: dict[str, Callable[..., _Fit]] = {
    "naive": _fit_naive,
    "drift": _fit_drift,
    "ets": _fit_ets,
    "arima": _fit_arima,
    "llt": _fit_llt,
}


def _quiet_fit(name: str, y: np.ndarray, h: int, lag: int, start_params: Any = None) -> _Fit:
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


def _fit_or_none(name: str, y: np.ndarray, h: int, lag: int, warm: Any) -> _Fit | None:
    """Fit at a backtest origin (warm start, then cold); None when the model cannot be fitted."""
    for start in ((warm, None) if warm is not None else (None,)):
        try:
            return _quiet_fit(name, y, h, lag, start)
        except Exception:  # noqa: BLE001,S112 - skip an origin where the model cannot be fitted
            continue
    return None


@lru_cache(maxsize=256)
def _quantiles(df: float | None) -> tuple[float, float]:
    if df is None:
        return float(stats.norm.ppf(0.90)), float(stats.norm.ppf(0.975))
    return float(stats.t.ppf(0.90, df)), float(stats.t.ppf(0.975, df))


def _band_arrays(fit: _Fit, transform: str | None) -> dict[str, np.ndarray]:
    """Back-transformed point forecasts and 80/95 % bands (see module docstring)."""
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


def _min_fit(name: str, lag: int) -> int:
    return _MIN_FIT[name] + (2 * lag if lag > 1 and name in ("ets", "arima", "llt") else 0)


def _min_backtest(name: str, lag: int) -> int:
    base = _MIN_BACKTEST[name]
    if lag > 1:
        base = max(base, lag + 1) if name in ("naive", "drift") else _min_fit(name, lag)
    return base


# =========================================================================== results
@dataclass(frozen=True, repr=False)
class ForecastResults(Results):
    """Forecasts of every model, the backtest and the chosen model.

    Attributes
    ----------
    history : Series
        The observed series on its complete period range (gaps NaN), index ``period`` (str).
    horizon : int
    freq : {"Y", "Q", "M"}
    seasonal_lag : int
        1, or the seasonal period used by the models.
    models : tuple of str
        Models fitted on the full series (after short-series fall-backs).
    transforms : dict
        Model → "log" or None (level).
    forecasts : dict
        Model → DataFrame indexed by future ``period`` with columns ``mean, median,
        lower_95, lower_80, upper_80, upper_95, se`` (``se`` on the transformed scale).
    backtest : DataFrame
        One row per (model, origin, horizon): ``model, origin, horizon, period, actual,
        forecast, lower_80, upper_80, lower_95, upper_95, scale`` (``scale`` = MASE scale of the
        training window).
    accuracy : DataFrame
        Index ``model``; columns ``n_forecasts, MAPE`` (%), ``RMSE`` (series units), ``MASE``,
        ``MASE_naive`` (naive's MASE on the same forecasts), ``relative_MASE`` (MASE/MASE_naive;
        < 1 beats naive), ``coverage_80, coverage_95`` (share of actuals inside the bands).
    chosen : str
        Lowest relative_MASE strictly below 1 among models with at least :data:`MIN_EVIDENCE`
        backtest forecasts and at least half as many as naive; "naive" when nothing beats naive
        (or there is no backtest).
    notes : tuple of str
        Fall-backs and other warnings raised during fitting.
    unit : str or None
    seconds : float
        Wall time of fitting + backtest.
    """

    history: pd.Series
    horizon: int
    freq: str
    seasonal_lag: int
    models: tuple[str, ...]
    transforms: dict[str, str | None]
    forecasts: dict[str, pd.DataFrame]
    backtest: pd.DataFrame
    accuracy: pd.DataFrame
    chosen: str
    notes: tuple[str, ...] = ()
    unit: str | None = None
    seconds: float = float("nan")
    name: str = field(default="series")

    @property
    def forecast(self) -> pd.DataFrame:
        """The chosen model's forecast (index ``period``; mean, median, bands, se)."""
        return self.forecasts[self.chosen]

    @cached_property
    def fan_data(self) -> pd.DataFrame:
        """History plus the chosen model's forecast, ready for a fan chart.

        Index ``period`` (str, history then future).  Columns (:data:`FAN_COLUMNS`):

        - ``history``: observed values (NaN for gaps and future periods);
        - ``mean``, ``median``: point forecasts (future rows);
        - ``lower_95, lower_80, upper_80, upper_95``: bands (future rows).

        The last observed row repeats the observed value in every forecast column so the fan
        starts at the last observation.  Units: those of the series (``unit``).
        """
        fc = self.forecast
        hist = self.history
        index = list(hist.index) + list(fc.index)
        out = pd.DataFrame(np.nan, index=pd.Index(index, name="period"), columns=list(FAN_COLUMNS))
        out.loc[hist.index, "history"] = hist.to_numpy()
        for col in FAN_COLUMNS[1:]:
            out.loc[fc.index, col] = fc[col].to_numpy()
        last = hist.dropna().index[-1]
        out.loc[last, list(FAN_COLUMNS[1:])] = hist[last]
        out.columns.name = "component"
        out.attrs["unit"] = self.unit
        out.attrs["model"] = self.chosen
        return out

    def to_frame(self) -> pd.DataFrame:
        """:attr:`fan_data` (history + chosen forecast and bands)."""
        return self.fan_data

    def summary(self) -> Summary:
        acc = self.accuracy.copy()
        acc.index = [f"{m}{' *' if m == self.chosen else ''}" for m in acc.index]
        acc.index.name = "model"
        fc = self.forecast.drop(columns=["se"]).round(2)
        unit = f" ({self.unit})" if self.unit else ""
        notes = [
            f"选用模型 / chosen model: {self.chosen} — {_MODEL_LABELS[self.chosen]} "
            "(lowest backtest MASE strictly below the naive model's on the same forecasts, "
            f"with ≥{MIN_EVIDENCE} and ≥ half as many backtest forecasts as naive; naive wins "
            "ties).",
            "回测 / backtest: rolling origin, expanding window, horizons 1.."
            f"{self.horizon}; MASE scaled by the in-sample one-step naive MAE of each training "
            "window (Hyndman & Koehler 2006); MAPE in %, RMSE in series units.",
            "变换 / transforms: "
            + ", ".join(f"{m}={t or 'level'}" for m, t in self.transforms.items())
            + "; with log, mean = exp(μ+σ²/2), median = exp(μ).",
            "区间 / intervals: naive & drift use Student-t quantiles (exact for a Gaussian "
            "random walk with drift); ETS/ARIMA/LLT use normal quantiles and ignore parameter "
            "uncertainty, so they tend to be too narrow on short series.",
        ]
        notes.extend(self.notes)
        return Summary(
            title=f"预测 / Forecast: {self.name}{unit}",
            tables=[
                ("回测精度 / Backtest accuracy (* = chosen)", acc.round(4)),
                (f"预测 / Forecast ({self.chosen})", fc),
            ],
            notes=notes,
        )


def _resolve_transforms(
    transform: str | None | Mapping[str, str | None], models: Sequence[str], y: np.ndarray
) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for m in models:
        t = transform.get(m, "log") if isinstance(transform, Mapping) else transform
        if t == "level":
            t = None
        if t not in ("log", None):
            raise ParameterError(f"unknown transform {t!r}: use 'log', 'level' or None", parameter="transform")
        if t == "log" and np.nanmin(y) <= 0:
            raise ParameterError(
                "log transform needs positive values; pass transform='level' for this series",
                parameter="transform",
            )
        out[m] = t
    return out


def _mase_scale(y: np.ndarray, lag: int) -> float:
    d, g = _pairs(y, lag)
    if len(d) == 0:
        return float("nan")
    return float(np.mean(np.abs(d) / g))


def forecast(
    series: pd.Series,
    horizon: int,
    *,
    models: Sequence[str] | None = None,
    transform: str | None | Mapping[str, str | None] = "log",
    backtest_min_train: int | None = None,
    seasonal: bool | None = None,
    seed: int | None = None,
    unit: str | None = None,
) -> ForecastResults:
    """Fit benchmark and statistical models, backtest them and pick one.

    Parameters
    ----------
    series : Series
        Observed values indexed by single-period labels of one frequency: canonical codes
        (``"2023"``, ``"2023Q1"``, ``"2023-03"``), any other single-period label
        :func:`jinshui_analysis.periods.parse_period` reads (``"2022年"``, ``"2023年二季度"``,
        ``"2023年3月"``) or a PeriodIndex.  Year-to-date labels (``"2023年1-3月"``) raise
        :class:`~jinshui_analysis.PeriodError`.  Gaps are allowed (missing years are
        NaN): the naive/drift models pair consecutive observed points across gaps, ARIMA and
        LLT skip them in the Kalman filter, ETS uses the last unbroken run.
    horizon : int
        Number of periods to forecast (≥ 1).
    models : sequence of str, optional
        Subset of :data:`MODELS` (default all).  ``"naive"`` is always added: it is the
        benchmark.
    transform : "log", "level"/None, or mapping model → transform
        Default ``"log"`` for every model (see module docstring).
    backtest_min_train : int, optional
        Observations in the first training window.  Default: the largest minimum of the
        models used (naive 2, drift 2, ETS/ARIMA/LLT 6; seasonal models 2·s more).
    seasonal : bool, optional
        Use seasonal variants (seasonal naive, SARIMA (1,1,0)(0,1,0)s, seasonal ETS and LLT)
        for quarterly/monthly data.  Default: True for Q/M series with at least 3 full
        cycles observed, False otherwise and always False for annual data.
    seed : int, optional
        Accepted for API symmetry; the models are deterministic.
    unit : str, optional
        Unit of the series (e.g. ``"亿元"``), shown in summaries.

    Returns
    -------
    ForecastResults

    Warns
    -----
    ShortSeriesWarning
        A model needs more observations than the series has; it is replaced by its simpler
        fall-back (ETS/ARIMA/LLT → drift → naive).
    """
    del seed
    name = str(series.name) if getattr(series, "name", None) is not None else "series"
    if not isinstance(horizon, (int, np.integer)) or isinstance(horizon, bool) or horizon < 1:
        raise ParameterError("must be a positive integer", parameter="horizon")
    horizon = int(horizon)
    s, freq = _prepare_series(series, name)
    y_raw = s.to_numpy(dtype=float)
    n_obs = int(np.sum(~np.isnan(y_raw)))
    if models is None:
        requested = list(MODELS)
    else:
        requested = list(models)
        bad = [m for m in requested if m not in MODELS]
        if bad:
            raise ParameterError(f"unknown model(s) {bad}; choose from {MODELS}", parameter="models")
        if "naive" not in requested:
            requested.insert(0, "naive")
    requested = [m for m in MODELS if m in requested]
    lag = 1
    if freq != "Y":
        s_period = _SEASON[freq]
        if seasonal is None:
            seasonal = n_obs >= 3 * s_period
        if seasonal:
            lag = s_period
    elif seasonal:
        raise ParameterError("annual series have no seasonality", parameter="seasonal")

    t0 = time.perf_counter()
    _resolve_transforms(transform, requested, y_raw)  # validate before any warning
    notes: list[str] = []
    if n_obs < 2:
        warnings.warn(
            f"series {name!r} has {n_obs} observation: naive point forecast without interval",
            ShortSeriesWarning,
            stacklevel=2,
        )
        notes.append("只有1个观测值 / one observation: naive point forecast only, no interval")
    used: list[str] = []
    for m in requested:
        need = _min_fit(m, lag)
        have = len(_trailing_contiguous(y_raw)) if m == "ets" else n_obs
        if have >= need or (m == "naive"):
            used.append(m)
            continue
        fb = _FALLBACK[m]
        while fb != "naive" and n_obs < _min_fit(fb, lag):
            fb = _FALLBACK[fb]
        what = "consecutive observations" if m == "ets" else "observations"
        msg = (
            f"series {name!r} has {have} {what}; model {m!r} needs at least {need}: "
            f"falling back to {fb!r}"
        )
        warnings.warn(msg, ShortSeriesWarning, stacklevel=2)
        notes.append("短序列 / short series: " + msg)
    transforms = _resolve_transforms(transform, used, y_raw)

    def tr(model: str, arr: np.ndarray) -> np.ndarray:
        return np.log(arr) if transforms[model] == "log" else arr

    future = pd.period_range(s.index[-1] + 1, periods=horizon, freq=s.index.freq)
    future_labels = pd.Index(_labels(future), name="period")
    min_train = (
        max(_min_backtest(m, lag) for m in used) if backtest_min_train is None else backtest_min_train
    )
    if not isinstance(min_train, (int, np.integer)) or min_train < 2:
        raise ParameterError("must be an integer ≥ 2", parameter="backtest_min_train")
    labels = _labels(s.index)
    obs_pos = np.flatnonzero(~np.isnan(y_raw))
    forecasts: dict[str, pd.DataFrame] = {}
    fitted: list[str] = []
    records: list[dict[str, Any]] = []
    for m in used:
        # ------------------------------------------------------------ backtest (expanding)
        need = max(int(min_train), _min_backtest(m, lag))
        warm: Any = None  # parameters of the previous origin: a warm start, no look-ahead
        model_records: list[dict[str, Any]] = []
        for k, c in enumerate(obs_pos[:-1]):
            if k + 1 < need:
                continue
            train = y_raw[: c + 1]
            if m == "ets" and len(_trailing_contiguous(train)) < _min_fit("ets", lag):
                continue
            hmax = int(min(horizon, len(y_raw) - 1 - int(c)))
            fit = _fit_or_none(m, tr(m, train), hmax, lag, warm)
            if fit is None:
                continue
            warm = fit.params
            b = _band_arrays(fit, transforms[m])
            scale = _mase_scale(train, lag)
            for j in range(hmax):
                actual = y_raw[c + 1 + j]
                if np.isnan(actual):
                    continue
                model_records.append(
                    {
                        "model": m,
                        "origin": labels[c],
                        "horizon": j + 1,
                        "period": labels[c + 1 + j],
                        "actual": actual,
                        "forecast": b["mean"][j],
                        "lower_80": b["lower_80"][j],
                        "upper_80": b["upper_80"][j],
                        "lower_95": b["lower_95"][j],
                        "upper_95": b["upper_95"][j],
                        "scale": scale,
                    }
                )
        # ------------------------------------------------------------ full-sample fit
        try:
            fit = _quiet_fit(m, tr(m, y_raw), horizon, lag, warm)
        except Exception:  # noqa: BLE001 - retry from default starting values
            try:
                fit = _quiet_fit(m, tr(m, y_raw), horizon, lag)
            except Exception as exc:  # noqa: BLE001 - a failed fit must not crash the forecast
                msg = f"model {m!r} failed on the full series ({exc}); dropped"
                warnings.warn(msg, ShortSeriesWarning, stacklevel=2)
                notes.append(msg)
                continue
        frame = pd.DataFrame(_band_arrays(fit, transforms[m]), index=future_labels)
        frame.columns.name = "component"
        unbounded = [
            str(p) for p, a, b in zip(frame.index, frame["mean"], frame["upper_95"])
            if np.isposinf(a) or np.isposinf(b)
        ]
        if unbounded:
            notes.append(
                f"无界区间 / unbounded: model {m!r} has mean and/or upper band +inf for "
                f"{unbounded} (standard error too large on the log scale, e.g. a season never "
                "observed)"
            )
        forecasts[m] = frame
        fitted.append(m)
        records.extend(model_records)
    bt_cols = [
        "model", "origin", "horizon", "period", "actual", "forecast",
        "lower_80", "upper_80", "lower_95", "upper_95", "scale",
    ]  # fmt: skip
    backtest = pd.DataFrame(records, columns=bt_cols)
    accuracy = _accuracy(backtest, fitted)
    trend_t = _trend_t(y_raw)
    growing = freq == "Y" and trend_t > TREND_T and any(m != "naive" for m in fitted)
    chosen = _choose(accuracy, trend=growing)
    if growing:
        notes.append(
            f"趋势 / trend: the growth per year over the actual spacing of the observations is "
            f"significant (t = {trend_t:.1f} > {TREND_T:g}), so the no-change (naive) model is "
            f"not chosen; {chosen!r} has the lowest backtest MASE among the trend models"
        )
    seconds = time.perf_counter() - t0
    history = pd.Series(y_raw, index=pd.Index(labels, name="period"), name=name)
    if not len(backtest):
        notes.append("无回测 / no backtest possible (series too short): naive kept by default")
    return ForecastResults(
        history=history,
        horizon=horizon,
        freq=freq,
        seasonal_lag=lag,
        models=tuple(fitted),
        transforms={m: transforms[m] for m in fitted},
        forecasts=forecasts,
        backtest=backtest,
        accuracy=accuracy,
        chosen=chosen,
        notes=tuple(notes),
        unit=unit,
        seconds=seconds,
        name=name,
    )


def _accuracy(backtest: pd.DataFrame, models: Sequence[str]) -> pd.DataFrame:
    cols = [
        "n_forecasts", "MAPE", "RMSE", "MASE", "MASE_naive", "relative_MASE",
        "coverage_80", "coverage_95",
    ]  # fmt: skip
    rows: dict[str, dict[str, float]] = {m: dict.fromkeys(cols, np.nan) for m in models}
    for m in models:
        rows[m]["n_forecasts"] = 0
    if not backtest.empty:
        model = backtest["model"].to_numpy()
        key = list(zip(backtest["origin"], backtest["horizon"]))
        act = backtest["actual"].to_numpy(dtype=float)
        err = act - backtest["forecast"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ase = np.abs(err) / backtest["scale"].to_numpy(dtype=float)
        naive = {k: a for k, a, mm in zip(key, ase, model) if mm == "naive"}
        bands = {lvl: (backtest[f"lower_{lvl}"].to_numpy(dtype=float),
                       backtest[f"upper_{lvl}"].to_numpy(dtype=float)) for lvl in (80, 95)}
        for m in models:
            sel = model == m
            if not sel.any():
                continue
            e, y, a = err[sel], act[sel], ase[sel]
            r = rows[m]
            r["n_forecasts"] = int(sel.sum())
            with np.errstate(divide="ignore", invalid="ignore"):
                r["MAPE"] = float(np.mean(np.abs(e / y)) * 100)
            r["RMSE"] = float(np.sqrt(np.mean(e**2)))
            r["MASE"] = float(np.nanmean(a)) if np.isfinite(a).any() else np.nan
            matched = np.array([naive.get(k, np.nan) for k, ok in zip(key, sel) if ok])
            ok = np.isfinite(matched) & np.isfinite(a)
            if ok.any():
                r["MASE_naive"] = float(np.mean(matched[ok]))
                if r["MASE_naive"] > 0:
                    r["relative_MASE"] = float(np.mean(a[ok])) / r["MASE_naive"]
            for lvl, (lo, hi) in bands.items():
                lo_m, hi_m = lo[sel], hi[sel]
                has = np.isfinite(lo_m) & np.isfinite(hi_m)
                if has.any():
                    inside = (y[has] >= lo_m[has]) & (y[has] <= hi_m[has])
                    r[f"coverage_{lvl}"] = float(np.mean(inside))
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    out.index.name = "model"
    out["n_forecasts"] = out["n_forecasts"].astype(int)
    out.columns.name = "metric"
    return out


#: t statistic of the mean growth per year above which an annual series is "growing" and is
#: not forecast flat (the no-change model is not chosen).
TREND_T = 2.0


def _trend_t(y: np.ndarray) -> float:
    r"""t statistic of the mean growth per period over the actual spacing of the observations.

    With observed points :math:`t_i` (gaps allowed) and log levels :math:`x_i` (levels when not
    all positive), the growth per period of each pair is :math:`r_i = (x_{i+1}-x_i)/g_i`,
    :math:`g_i = t_{i+1}-t_i`; :math:`t = \bar r / (s_r/\sqrt{n})`.  A 2009→2015 gap is one
    pair of spacing 6, not one year of 6 years' growth.  NaN with fewer than 3 pairs.
    """
    obs = np.flatnonzero(~np.isnan(y))
    if len(obs) < 4:
        return float("nan")
    v = y[obs]
    x = np.log(v) if np.all(v > 0) else v
    r = np.diff(x) / np.diff(obs)
    sd = float(np.std(r, ddof=1))
    if sd == 0:
        return float("inf") if np.mean(r) > 0 else float("nan")
    return float(np.mean(r) / (sd / math.sqrt(len(r))))


def _choose(accuracy: pd.DataFrame, tol: float = 1e-9, *, trend: bool = False) -> str:
    """Lowest relative MASE strictly below 1 among models with enough backtest evidence.

    A model is eligible only when its backtest has at least ``MIN_EVIDENCE`` forecasts and at
    least half as many as the naive model's (ETS on a gappy series may be testable at one
    origin only: one lucky forecast must not win).  With ``trend`` (an annual series growing
    significantly, :func:`_trend_t`) the naive model is not a candidate: the eligible trend
    model with the lowest MASE is chosen, else drift (growth over the observations' spacing).
    """
    if trend:
        cand = [m for m in accuracy.index if m != "naive"
                and int(accuracy.loc[m, "n_forecasts"]) >= MIN_EVIDENCE
                and np.isfinite(accuracy.loc[m, "MASE"])]
        if cand:
            return str(min(cand, key=lambda m: float(accuracy.loc[m, "MASE"])))
        return "drift" if "drift" in accuracy.index else str(
            next(m for m in accuracy.index if m != "naive"))
    best, best_val = "naive", 1.0 - tol
    n_naive = int(accuracy.loc["naive", "n_forecasts"]) if "naive" in accuracy.index else 0
    for m in accuracy.index:  # simplest first: a later model must be strictly better
        if m == "naive":
            continue
        n = int(accuracy.loc[m, "n_forecasts"])
        if n < MIN_EVIDENCE or 2 * n < n_naive:
            continue
        v = accuracy.loc[m, "relative_MASE"]
        if np.isfinite(v) and v < best_val:
            best, best_val = m, float(v) - tol
    return str(best)


# =========================================================================== year-end projection
_PROJ_COLUMNS = ("point", "median", "lower_95", "lower_80", "upper_80", "upper_95")


@dataclass(frozen=True, repr=False)
class ProjectionResults(Results):
    """Full-year projection from year-to-date (累计) figures.

    Attributes
    ----------
    year : int
        The year being projected.
    through_month : int
        Last month covered by the latest YTD figure (6 for ``2023H1``/``2023Q2``/``2023-06``).
    ytd_value : float
        Latest YTD cumulative level of the current year.
    shares : DataFrame
        Index ``year`` (past years used); columns ``ytd`` (cumulative level through the same
        month), ``annual`` (full-year level), ``share`` (= ytd / annual, fraction).
    share_mean, share_sd : float
        Mean and standard deviation of ``log(share)`` over those years (sd NaN for one year).
    projection : DataFrame
        Index ``quantity`` = ``level`` (series units) and ``growth_pct`` (%, on
        ``growth_basis``); columns ``point`` (YTD ÷ geometric-mean past share, and its growth),
        ``median`` (of the simulations) and ``lower_95, lower_80, upper_80, upper_95``
        (simulation quantiles).  No mean is reported: the level is YTD × exp(−t), whose mean
        does not exist for a Student-t draw.
    last_year_annual : float or None
        Last year's full-year level (growth base).
    growth_basis : {"current", "comparable"}
        ``current`` = nominal growth of current-price levels; ``comparable`` = real growth
        (inputs at constant prices, or nominal deflated by ``deflator_pct``).
    target_growth_pct : float or None
    done_share : float or None
        *w* = last year's YTD through the same month ÷ last year's annual total.
    ytd_growth_pct : float or None
        Year-to-date growth on ``growth_basis`` used for the required growth.
    required_remaining_growth_pct : float or None
        Growth needed in the rest of the year to meet the target (%, same basis).  NaN when
        the growth is nominal (current prices, no ``deflator_pct``) and no ``ytd_growth_pct``
        is given: nominal YTD growth is not compared with a real target.
    prob_meet_target : float or None
        Share of simulated full-year growth rates ≥ target (NaN when the bases differ).
    n_sims : int
    notes : tuple of str
    unit : str or None
    """

    year: int
    through_month: int
    ytd_value: float
    shares: pd.DataFrame
    share_mean: float
    share_sd: float
    projection: pd.DataFrame
    last_year_annual: float | None
    growth_basis: str
    target_growth_pct: float | None
    done_share: float | None
    ytd_growth_pct: float | None
    required_remaining_growth_pct: float | None
    prob_meet_target: float | None
    n_sims: int
    notes: tuple[str, ...] = ()
    unit: str | None = None

    @property
    def prob_meet_target_pct(self) -> float | None:
        """Probability of meeting the target, % (``prob_meet_target`` is the same as a fraction)."""
        p = self.prob_meet_target
        return None if p is None else float(p) * 100

    def to_frame(self) -> pd.DataFrame:
        """:attr:`projection` (rows ``level``/``growth_pct``; point, median and bands)."""
        return self.projection

    def summary(self) -> Summary:
        unit = self.unit or "series units"
        key = pd.DataFrame(
            {
                "value": [
                    self.ytd_value,
                    self.last_year_annual,
                    self.target_growth_pct,
                    self.done_share,
                    self.ytd_growth_pct,
                    self.required_remaining_growth_pct,
                    self.prob_meet_target,
                ]
            },
            index=pd.Index(
                [
                    f"本年累计 / YTD through month {self.through_month} ({unit})",
                    f"上年全年 / last year's annual ({unit})",
                    "目标增速 / target growth (%)",
                    "已完成权重 / done share w",
                    f"累计增速 / YTD growth (%, {self.growth_basis})",
                    "剩余期间所需增速 / required growth, rest of year (%)",
                    "达标概率 / P(full-year growth ≥ target)",
                ],
                name="item",
            ),
        )
        notes = [
            "方法 / method: full year = YTD ÷ s, with log s drawn from a Student-t predictive "
            "distribution fitted to past years' shares of the annual total reached by the same "
            f"month (n = {len(self.shares)} years, df = n−1, scale sd·√(1+1/n)); {self.n_sims} "
            "simulations.  Assumes this year's intra-year pattern is like past years'.",
            "剩余所需增速 / required growth: 1+G = w(1+g_ytd) + (1−w)(1+g_rest), w from last "
            "year's cumulative pattern (targets.required_remaining_growth).",
            f"价格口径 / price basis: growth is {self.growth_basis} "
            + ("(名义 / nominal)." if self.growth_basis == "current" else "(可比价 / real)."),
        ]
        notes.extend(self.notes)
        return Summary(
            title=f"全年预估 / Year-end projection {self.year}",
            tables=[
                ("预估 / Projection", self.projection.round(3)),
                ("历年累计占全年比重 / past shares", self.shares.round(4)),
                ("目标测算 / target arithmetic", key.round(4)),
            ],
            notes=notes,
        )


def _cumulative_points(series: pd.Series, name: str) -> dict[tuple[int, int], float]:
    """(year, last month) → cumulative value; annual labels give month 12.

    Values are year-to-date by contract: canonical codes ("2023Q2", "2023-05") are read as
    year-to-date; Chinese labels that explicitly name a single quarter or month ("2023年二季度",
    "2023年5月", see :func:`jinshui_analysis.periods.is_explicit_single`) raise DataError.
    """
    from jinshui_analysis.periods import is_explicit_single, parse_period

    if not isinstance(series, pd.Series):
        raise ParameterError("must be a pandas Series indexed by period labels", parameter=name)
    out: dict[tuple[int, int], float] = {}
    for label, value in series.items():
        if pd.isna(value):
            continue
        p = parse_period(label)
        if is_explicit_single(p):
            raise DataError(
                f"{name}: label {label!r} names a single "
                f"{'quarter' if p.freq == 'Q' else 'month'}, not a year-to-date (累计) period; "
                "year_end_projection needs cumulative values (labels such as '上半年', "
                "'前三季度', '1-5月', or the codes '2023Q2', '2023-05' read as year-to-date)",
                text=label,
            )
        key = (p.year, p.last_month)
        v = float(value)
        if key in out and abs(out[key] - v) > 1e-9 * max(1.0, abs(v)):
            raise DataError(
                f"{name}: two different values for year {p.year} through month {p.last_month}",
                text=label,
            )
        out[key] = v
    return out


def year_end_projection(
    ytd: pd.Series,
    history: pd.Series,
    *,
    target_growth_pct: float | None = None,
    price_basis: str = "current",
    deflator_pct: float | None = None,
    ytd_growth_pct: float | None = None,
    min_share_sd: float = 0.0,
    n_sims: int = 20_000,
    seed: int | None = 0,
    unit: str | None = None,
) -> ProjectionResults:
    r"""Project the full-year level and growth from this year's year-to-date figure.

    Method (the approximation, stated): let :math:`s_y = Y^{ytd}_y(M)/Y^{annual}_y` be the
    share of the annual total reached by month *M* in past year *y*.  This year's full-year
    level is :math:`\hat Y = Y^{ytd}(M)/s` with :math:`\log s \sim \bar m + sd\sqrt{1+1/n}\,
    t_{n-1}` (Student-t predictive of a normal sample of *n* past log shares).  Growth is
    :math:`\hat Y / Y^{annual}_{last} - 1`.  The same-period shares are a seasonal pattern of
    *levels*; they ignore a change of momentum within the year and revisions of last year's
    total.

    Parameters
    ----------
    ytd : Series
        This year's cumulative (累计) levels, labels parsed by
        :func:`jinshui_analysis.periods.parse_period` (``"2023Q1"``, ``"2023H1"``,
        ``"2023Q1-Q3"``, ``"2023-01~2023-02"``, ``"2023-05"``, ``"2023年上半年"``,
        ``"2023年1-5月"`` …).  The inputs are year-to-date **by contract**: every value is read as
        cumulative from January through the label's last month (canonical codes such as
        ``"2023Q2"``/``"2023-05"`` included); the latest one is used.  Chinese labels that
        explicitly name a single quarter or month (``"2023年二季度"``, ``"2023年5月"``) raise
        :class:`~jinshui_analysis.DataError` (the year-to-date forms are ``上半年``,
        ``前三季度``, ``1-5月``).  Jan–Feb combined monthly data simply have no January value.
    history : Series
        Past years' cumulative levels through the same month *and* full-year totals (label
        ``"2022"``, ``"2022年"``, ``"2022Q4"`` or ``"2022-12"``; not ``"2022年四季度"``, a single
        quarter).  Years lacking either are skipped.
    target_growth_pct : float, optional
        Annual growth target, % (official targets are real, 可比价).
    price_basis : {"current", "comparable"}
        Basis of the ``ytd``/``history`` levels.  ``"current"`` (现价, the published levels):
        projected growth is nominal unless ``deflator_pct`` is given.  ``"comparable"``: the
        levels are at constant prices (deflated by the user) and growth is real.
    deflator_pct : float, optional
        Assumed growth of the GDP deflator this year, %.  With current-price inputs, real
        growth ≈ (1+nominal)/(1+deflator) − 1 (one deflator for the whole year: an
        approximation).
    ytd_growth_pct : float, optional
        Published year-to-date growth (usually real, 可比价).  Used for the required growth
        instead of the growth computed from levels; it is taken to be on the output basis.
    min_share_sd : float
        Floor on the sd of log shares (default 0: none).  With two or three past years the
        estimated sd can be implausibly small; set a floor (e.g. 0.01) if you judge so.
    n_sims : int
        Number of simulations (≥ 1000).
    seed : int, optional
        Seed of the simulation (default 0, reproducible).
    unit : str, optional

    Returns
    -------
    ProjectionResults

    Warns
    -----
    ShortSeriesWarning
        Only one past year: no spread can be estimated, intervals and probability are NaN.
    NominalWarning
        A target is given but the projected growth is nominal (current prices, no deflator):
        the probability of meeting the (real) target is not computed (NaN), nor is the required
        growth unless the (real, published) ``ytd_growth_pct`` is given.

    Raises
    ------
    DataError
        An explicitly single-period label (see above), a non-positive latest YTD value,
        history values that are not cumulative.
    ModelError
        ``ytd`` spanning several years or already covering the full year; no usable past year.
    """
    from jinshui_analysis.models import targets as _targets

    if price_basis not in ("current", "comparable"):
        raise ParameterError("must be 'current' or 'comparable'", parameter="price_basis")
    if not isinstance(n_sims, (int, np.integer)) or n_sims < 1000:
        raise ParameterError("must be an integer ≥ 1000", parameter="n_sims")
    if min_share_sd < 0 or not np.isfinite(min_share_sd):
        raise ParameterError("must be ≥ 0", parameter="min_share_sd")
    cur = _cumulative_points(ytd, "ytd")
    if not cur:
        raise DataError("ytd: no values")
    years = {y for y, _ in cur}
    if len(years) != 1:
        raise ModelError(f"ytd spans several years {sorted(years)}: pass this year's figures only")
    year = years.pop()
    month = max(m for _, m in cur)
    if month == 12:
        raise ModelError("ytd already covers the full year: nothing to project")
    ytd_value = cur[(year, month)]
    if ytd_value <= 0:
        raise DataError("ytd: the latest cumulative value must be > 0", text=ytd_value)
    hist = _cumulative_points(history, "history")
    rows = []
    for y in sorted({y for y, _ in hist}):
        if y >= year:
            continue
        if (y, month) in hist and (y, 12) in hist:
            a, b = hist[(y, month)], hist[(y, 12)]
            if a <= 0 or b <= 0 or a > b:
                raise DataError(f"history: year {y} has ytd {a} and annual {b}: not cumulative")
            rows.append({"year": y, "ytd": a, "annual": b, "share": a / b})
    if not rows:
        raise ModelError(
            f"history has no past year with both a cumulative value through month {month} and "
            "a full-year total"
        )
    shares = pd.DataFrame(rows).set_index("year")
    shares.columns.name = "component"
    notes: list[str] = []
    logs = np.log(shares["share"].to_numpy())
    n = len(logs)
    m_log = float(np.mean(logs))
    sd = float(np.std(logs, ddof=1)) if n >= 2 else float("nan")
    if n >= 2 and sd < min_share_sd:
        notes.append(f"share sd {sd:.4g} raised to the floor min_share_sd={min_share_sd}")
        sd = float(min_share_sd)
    rng = np.random.default_rng(seed)
    if n >= 2:
        draws = m_log + sd * math.sqrt(1 + 1 / n) * rng.standard_t(n - 1, size=int(n_sims))
    else:
        msg = (
            "history has one past year with the same-period share: no spread can be "
            "estimated, intervals and probability are NaN"
        )
        warnings.warn(msg, ShortSeriesWarning, stacklevel=2)
        notes.append("短序列 / short: " + msg)
        draws = np.full(int(n_sims), m_log)
    levels = ytd_value / np.exp(draws)

    last = year - 1
    last_annual = hist.get((last, 12))
    last_ytd = hist.get((last, month))
    basis = "comparable" if (price_basis == "comparable" or deflator_pct is not None) else "current"

    def to_basis(nominal_or_real_pct: np.ndarray | float) -> np.ndarray | float:
        if price_basis == "current" and deflator_pct is not None:
            return ((1 + np.asarray(nominal_or_real_pct) / 100) / (1 + deflator_pct / 100) - 1) * 100
        return nominal_or_real_pct

    growth_sims = None
    if last_annual is not None:
        growth_sims = to_basis((levels / last_annual - 1) * 100)
    else:
        notes.append(f"no full-year total for {last}: growth not computed")

    def stats_row(x: np.ndarray | None, centre: float) -> dict[str, float]:
        if x is None:
            return dict.fromkeys(_PROJ_COLUMNS, float("nan"))
        spread_ok = n >= 2
        q = np.quantile(x, [0.025, 0.10, 0.90, 0.975]) if spread_ok else [np.nan] * 4
        return {
            "point": centre,
            "median": float(np.median(x)),
            "lower_95": float(q[0]),
            "lower_80": float(q[1]),
            "upper_80": float(q[2]),
            "upper_95": float(q[3]),
        }

    point_level = ytd_value / math.exp(m_log)
    point_growth = (
        float(to_basis((point_level / last_annual - 1) * 100)) if last_annual else float("nan")
    )
    projection = pd.DataFrame(
        [stats_row(levels, point_level), stats_row(growth_sims, point_growth)],
        index=pd.Index(["level", "growth_pct"], name="quantity"),
        columns=pd.Index(list(_PROJ_COLUMNS), name="component"),
    )

    # ------------------------------------------------------------ target arithmetic
    w = None
    if last_ytd is not None and last_annual is not None:
        lab = pd.Series({f"{last}-{month:02d}": last_ytd, f"{last}-12": last_annual})
        w = float(_targets.done_share(lab, month))
    else:
        notes.append(
            f"no cumulative value for {last} through month {month}: done share w not computed"
        )
    if ytd_growth_pct is not None:
        g_ytd: float | None = float(ytd_growth_pct)
        notes.append(f"YTD growth {g_ytd}% as given (assumed on the {basis} basis)")
    elif last_ytd is not None and (basis == "comparable"):
        g_ytd = float(to_basis((ytd_value / last_ytd - 1) * 100))
    elif last_ytd is not None:
        g_ytd = (ytd_value / last_ytd - 1) * 100  # nominal
    else:
        g_ytd = None
    required = None
    prob = None
    if target_growth_pct is not None:
        target = float(target_growth_pct)
        if not np.isfinite(target):
            raise ParameterError("must be finite", parameter="target_growth_pct")
        # nominal YTD growth against a real target would mix bases: no required growth then
        nominal_only = basis == "current" and ytd_growth_pct is None
        if nominal_only:
            required = float("nan")
        elif w is not None and g_ytd is not None:
            required = float(_targets.required_remaining_growth(g_ytd, target, w))
        if basis == "current":
            msg = (
                "projected growth is nominal (current prices, no deflator_pct) while targets are "
                "real: probability of meeting the target not computed; pass deflator_pct"
            )
            if nominal_only:
                msg += (
                    "; required growth not computed either (YTD growth is nominal): pass "
                    "ytd_growth_pct (published, real) or deflator_pct"
                )
            warnings.warn(msg, NominalWarning, stacklevel=2)
            notes.append("名义 / nominal: " + msg)
            prob = float("nan")
        elif growth_sims is not None and n >= 2:
            prob = float(np.mean(growth_sims >= target))
        else:
            prob = float("nan")
    return ProjectionResults(
        year=year,
        through_month=month,
        ytd_value=ytd_value,
        shares=shares,
        share_mean=m_log,
        share_sd=sd,
        projection=projection,
        last_year_annual=last_annual,
        growth_basis=basis,
        target_growth_pct=None if target_growth_pct is None else float(target_growth_pct),
        done_share=w,
        ytd_growth_pct=g_ytd,
        required_remaining_growth_pct=required,
        prob_meet_target=prob,
        n_sims=int(n_sims),
        notes=tuple(notes),
        unit=unit,
    )


@dataclass(frozen=True)
class GrowthForecastResults(Results):
    """Annual levels forecast on growth (log differences), with a measured interval coverage.

    Attributes
    ----------
    forecast : DataFrame
        Index ``period`` (years); columns ``median, lower_80, upper_80, lower_95, upper_95``
        (levels, units of the input).
    growth_pct : float
        Mean annual growth used, % (from log differences, gaps annualised).
    growth_sd_pct : float
        Standard deviation of annual log growth, % (NaN with one growth observation).
    n_growth : int
        Number of growth observations (pairs of levels, not crossing a declared break).
    no_change : bool
        True when the mean growth is not distinguishable from 0 (|t| < 2): the point forecast
        is then the last level, and the report says so.
    backtest : DataFrame
        One row per rolling origin: ``origin, target, actual, median, lower_80, upper_80,
        inside_80, inside_95``.
    coverage_80, coverage_95 : float
        Share of backtest actuals inside the bands (NaN without a backtest).
    """

    forecast: pd.DataFrame
    growth_pct: float
    growth_sd_pct: float
    n_growth: int
    no_change: bool
    backtest: pd.DataFrame
    coverage_80: float
    coverage_95: float

    def to_frame(self) -> pd.DataFrame:
        return self.forecast

    def summary(self) -> Summary:
        return Summary(title="增长率预测 / Forecast on growth",
                       tables=[("", self.forecast.round(2)), ("backtest", self.backtest.round(2))],
                       notes=[f"mean growth {self.growth_pct:.2f}% (n={self.n_growth}), coverage "
                              f"80% {self.coverage_80:.2f}, 95% {self.coverage_95:.2f}"])

    def __repr__(self) -> str:
        return (f"GrowthForecastResults(growth_pct={self.growth_pct:.2f}, n_growth={self.n_growth}, "
                f"no_change={self.no_change}, coverage_80={self.coverage_80:.2f})")


def _log_growth(levels: pd.Series, breaks: Sequence[int]) -> list[tuple[int, int, float]]:
    """(start year, end year, annualised log growth) of consecutive observed levels, skipping
    pairs that straddle a declared break year (a break in year b separates b−1 from b)."""
    years = [year_of_code(str(k)) for k in levels.index]
    vals = levels.to_numpy(float)
    out = []
    for (a, va), (b, vb) in zip(zip(years, vals), zip(years[1:], vals[1:])):
        if any(a < br <= b for br in breaks) or va <= 0 or vb <= 0:
            continue
        out.append((a, b, math.log(vb / va) / (b - a)))
    return out


def _growth_bands(last: float, g: float, sd: float, n: int, h: int) -> dict[str, float]:
    if n >= 2 and np.isfinite(sd):
        se = sd * math.sqrt(h + h * h / n)  # random walk with estimated drift
        q80, q95 = stats.t.ppf(0.90, n - 1), stats.t.ppf(0.975, n - 1)
    else:
        se, q80, q95 = float("nan"), float("nan"), float("nan")
    mu = math.log(last) + h * g
    return {"median": math.exp(mu), "lower_80": math.exp(mu - q80 * se),
            "upper_80": math.exp(mu + q80 * se), "lower_95": math.exp(mu - q95 * se),
            "upper_95": math.exp(mu + q95 * se)}


def growth_forecast(levels: pd.Series, horizon: int = 1, *,
                    breaks: Sequence[int] = ()) -> GrowthForecastResults:
    r"""Forecast an annual, growing level series on its growth (log differences).

    .. math:: g_i = \frac{\ln x_{b_i} - \ln x_{a_i}}{b_i - a_i},\quad \bar g = \text{mean}(g_i),
              \quad \hat x_{T+h} = x_T e^{h\bar g},

    with bands :math:`\ln\hat x_{T+h} \pm t_{n-1}\,s\sqrt{h + h^2/n}` (random walk with an
    estimated drift; Hyndman & Athanasopoulos, FPP3 §5.5).  Pairs of levels straddling a declared
    ``breaks`` year (a 口径 change, a census revision) are left out, so a break is never read as
    growth.  "No change" (:math:`\bar g = 0`) is used only when the data support it: the mean
    growth is within two standard errors of 0 (``no_change``).  Interval coverage is measured by
    a rolling-origin backtest (each origin uses only the levels up to it).

    Parameters
    ----------
    levels : Series
        Annual levels indexed by year (gaps allowed; annualised).
    horizon : int
        Years ahead (≥ 1).
    breaks : sequence of int
        Years whose level is not comparable with the previous ones.

    Raises
    ------
    ParameterError
        Bad horizon.
    DataError
        Fewer than one growth observation.
    """
    if isinstance(horizon, bool) or int(horizon) != horizon or horizon < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {horizon!r}", parameter="horizon")
    s = levels.dropna().sort_index()
    obs = _log_growth(s, breaks)
    if not obs:
        raise DataError("fewer than two comparable levels: no growth to forecast from")

    def fit(pairs: list[tuple[int, int, float]]) -> tuple[float, float, bool]:
        gs = np.array([p[2] for p in pairs])
        g = float(gs.mean())
        sd = float(gs.std(ddof=1)) if len(gs) >= 2 else float("nan")
        flat = bool(len(gs) >= 2 and sd > 0 and abs(g) < 2 * sd / math.sqrt(len(gs)))
        return (0.0 if flat else g), sd, flat

    g, sd, flat = fit(obs)
    years = [year_of_code(str(k)) for k in s.index]
    last_year, last = years[-1], float(s.iloc[-1])
    rows = {last_year + h: _growth_bands(last, g, sd, len(obs), h) for h in range(1, int(horizon) + 1)}
    fc = pd.DataFrame.from_dict(rows, orient="index")
    fc.index = pd.Index([str(y) for y in fc.index], name="period")
    bt = []
    for k in range(2, len(obs)):  # origins with ≥ 2 growth observations before them
        train = obs[:k]
        a, b, _ = obs[k]
        gk, sdk, _ = fit(train)
        origin_level = float(s.iloc[years.index(a)])
        band = _growth_bands(origin_level, gk, sdk, len(train), b - a)
        actual = float(s.iloc[years.index(b)])
        bt.append({"origin": str(a), "target": str(b), "actual": actual, **band,
                   "inside_80": band["lower_80"] <= actual <= band["upper_80"],
                   "inside_95": band["lower_95"] <= actual <= band["upper_95"]})
    backtest = pd.DataFrame(bt, columns=["origin", "target", "actual", "median", "lower_80",
                                         "upper_80", "lower_95", "upper_95", "inside_80",
                                         "inside_95"])
    cov80 = float(backtest["inside_80"].mean()) if len(backtest) else float("nan")
    cov95 = float(backtest["inside_95"].mean()) if len(backtest) else float("nan")
    return GrowthForecastResults(forecast=fc, growth_pct=(math.exp(g) - 1) * 100,
                                 growth_sd_pct=sd * 100, n_growth=len(obs), no_change=flat,
                                 backtest=backtest, coverage_80=cov80, coverage_95=cov95)
