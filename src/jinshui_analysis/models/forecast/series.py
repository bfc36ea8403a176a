"""Forecasting one series: every model fitted, backtested on an expanding window, and the one
chosen (:func:`forecast`, :class:`ForecastResults`)."""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import ParameterError, ShortSeriesWarning
from jinshui_analysis.models.forecast.backtest import (
    TREND_T,
    accuracy_table,
    choose_model,
    mase_scale,
    trend_statistic,
)
from jinshui_analysis.models.forecast.common import (
    FALLBACK,
    FAN_COLUMNS,
    MIN_EVIDENCE,
    MODEL_LABELS,
    MODELS,
    SEASON,
    period_labels,
    prepare_series,
)
from jinshui_analysis.models.forecast.fitters import (
    band_arrays,
    fit_or_none,
    min_backtest,
    min_fit,
    quiet_fit,
    trailing_contiguous,
)
from jinshui_analysis.results import Results, Summary


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
            f"chosen model: {self.chosen} — {MODEL_LABELS[self.chosen]} "
            "(lowest backtest MASE strictly below the naive model's on the same forecasts, "
            f"with ≥{MIN_EVIDENCE} and ≥ half as many backtest forecasts as naive; naive wins "
            "ties).",
            "backtest: rolling origin, expanding window, horizons 1.."
            f"{self.horizon}; MASE scaled by the in-sample one-step naive MAE of each training "
            "window (Hyndman & Koehler 2006); MAPE in %, RMSE in series units.",
            "transforms: "
            + ", ".join(f"{m}={t or 'level'}" for m, t in self.transforms.items())
            + "; with log, mean = exp(μ+σ²/2), median = exp(μ).",
            "intervals: naive & drift use Student-t quantiles (exact for a Gaussian "
            "random walk with drift); ETS/ARIMA/LLT use normal quantiles and ignore parameter "
            "uncertainty, so they tend to be too narrow on short series.",
        ]
        notes.extend(self.notes)
        return Summary(
            title=f"Forecast: {self.name}{unit}",
            tables=[
                ("Backtest accuracy (* = chosen)", acc.round(4)),
                (f"Forecast ({self.chosen})", fc),
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
        Default ``"log"`` for every model (see :mod:`jinshui_analysis.models.forecast`).
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
    s, freq = prepare_series(series, name)
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
        s_period = SEASON[freq]
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
            ShortSeriesWarning(
                f"series {name!r} has {n_obs} observation: naive point forecast without "
                "interval", code="one_observation", name=name, n=n_obs),
            stacklevel=2,
        )
        notes.append("one observation: naive point forecast only, no interval")
    used: list[str] = []
    for m in requested:
        need = min_fit(m, lag)
        have = len(trailing_contiguous(y_raw)) if m == "ets" else n_obs
        if have >= need or (m == "naive"):
            used.append(m)
            continue
        fb = FALLBACK[m]
        while fb != "naive" and n_obs < min_fit(fb, lag):
            fb = FALLBACK[fb]
        what = "consecutive observations" if m == "ets" else "observations"
        msg = (
            f"series {name!r} has {have} {what}; model {m!r} needs at least {need}: "
            f"falling back to {fb!r}"
        )
        warnings.warn(ShortSeriesWarning(msg, code="short_series", name=name, n=have, model=m,
                                         need=need, fallback=fb, consecutive=m == "ets"),
                      stacklevel=2)
        notes.append("short series: " + msg)
    transforms = _resolve_transforms(transform, used, y_raw)

    def tr(model: str, arr: np.ndarray) -> np.ndarray:
        return np.log(arr) if transforms[model] == "log" else arr

    future = pd.period_range(s.index[-1] + 1, periods=horizon, freq=s.index.freq)
    future_labels = pd.Index(period_labels(future), name="period")
    min_train = (
        max(min_backtest(m, lag) for m in used) if backtest_min_train is None else backtest_min_train
    )
    if not isinstance(min_train, (int, np.integer)) or min_train < 2:
        raise ParameterError("must be an integer ≥ 2", parameter="backtest_min_train")
    labels = period_labels(s.index)
    obs_pos = np.flatnonzero(~np.isnan(y_raw))
    forecasts: dict[str, pd.DataFrame] = {}
    fitted: list[str] = []
    records: list[dict[str, Any]] = []
    for m in used:
        # ------------------------------------------------------------ backtest (expanding)
        need = max(int(min_train), min_backtest(m, lag))
        warm: Any = None  # parameters of the previous origin: a warm start, no look-ahead
        model_records: list[dict[str, Any]] = []
        for k, c in enumerate(obs_pos[:-1]):
            if k + 1 < need:
                continue
            train = y_raw[: c + 1]
            if m == "ets" and len(trailing_contiguous(train)) < min_fit("ets", lag):
                continue
            hmax = int(min(horizon, len(y_raw) - 1 - int(c)))
            fit = fit_or_none(m, tr(m, train), hmax, lag, warm)
            if fit is None:
                continue
            warm = fit.params
            b = band_arrays(fit, transforms[m])
            scale = mase_scale(train, lag)
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
            fit = quiet_fit(m, tr(m, y_raw), horizon, lag, warm)
        except Exception:  # noqa: BLE001 - retry from default starting values
            try:
                fit = quiet_fit(m, tr(m, y_raw), horizon, lag)
            except Exception as exc:  # noqa: BLE001 - a failed fit must not crash the forecast
                msg = f"model {m!r} failed on the full series ({exc}); dropped"
                warnings.warn(ShortSeriesWarning(msg, code="model_failed", model=m,
                                                 error=str(exc)), stacklevel=2)
                notes.append(msg)
                continue
        frame = pd.DataFrame(band_arrays(fit, transforms[m]), index=future_labels)
        frame.columns.name = "component"
        unbounded = [
            str(p) for p, a, b in zip(frame.index, frame["mean"], frame["upper_95"])
            if np.isposinf(a) or np.isposinf(b)
        ]
        if unbounded:
            notes.append(
                f"unbounded: model {m!r} has mean and/or upper band +inf for "
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
    accuracy = accuracy_table(backtest, fitted)
    trend_t = trend_statistic(y_raw)
    growing = freq == "Y" and trend_t > TREND_T and any(m != "naive" for m in fitted)
    chosen = choose_model(accuracy, trend=growing)
    if growing:
        notes.append(
            f"trend: the growth per year over the actual spacing of the observations is "
            f"significant (t = {trend_t:.1f} > {TREND_T:g}), so the no-change (naive) model is "
            f"not chosen; {chosen!r} has the lowest backtest MASE among the trend models"
        )
    seconds = time.perf_counter() - t0
    history = pd.Series(y_raw, index=pd.Index(labels, name="period"), name=name)
    if not len(backtest):
        notes.append("no backtest possible (series too short): naive kept by default")
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


