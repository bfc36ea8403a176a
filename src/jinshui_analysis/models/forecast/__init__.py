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

One module per idea: :mod:`.common` (model names, series preparation), :mod:`.fitters`,
:mod:`.backtest` (accuracy and choice), :mod:`.series` (:func:`forecast`), :mod:`.projection`
(:func:`year_end_projection`), :mod:`.growth` (:func:`growth_forecast`).
"""

from jinshui_analysis.models.forecast.backtest import TREND_T
from jinshui_analysis.models.forecast.common import FAN_COLUMNS, MIN_EVIDENCE, MODELS, select_series
from jinshui_analysis.models.forecast.growth import GrowthForecastResults, growth_forecast
from jinshui_analysis.models.forecast.projection import ProjectionResults, year_end_projection
from jinshui_analysis.models.forecast.series import ForecastResults, forecast

__all__ = [
    "FAN_COLUMNS",
    "MIN_EVIDENCE",
    "MODELS",
    "TREND_T",
    "ForecastResults",
    "GrowthForecastResults",
    "ProjectionResults",
    "forecast",
    "growth_forecast",
    "select_series",
    "year_end_projection",
]

