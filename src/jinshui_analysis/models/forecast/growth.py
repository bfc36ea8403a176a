"""Forecasting an annual level on its growth (log differences), breaks excluded, with the
interval coverage measured by a rolling-origin backtest."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.periods import pandas_freq, to_period_index
from jinshui_analysis.results import Results, Summary


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
        return Summary(title="Forecast on growth",
                       tables=[("", self.forecast.round(2)), ("Backtest", self.backtest.round(2))],
                       notes=[f"mean growth {self.growth_pct:.2f}% (n={self.n_growth}), coverage "
                              f"80% {self.coverage_80:.2f}, 95% {self.coverage_95:.2f}"])

    def __repr__(self) -> str:
        return (f"GrowthForecastResults(growth_pct={self.growth_pct:.2f}, n_growth={self.n_growth}, "
                f"no_change={self.no_change}, coverage_80={self.coverage_80:.2f})")


def _log_growth(levels: pd.Series, breaks: Sequence[int]) -> list[tuple[int, int, float]]:
    """(start year, end year, annualised log growth) of consecutive observed levels, skipping
    pairs that straddle a declared break year (a break in year b separates b−1 from b)."""
    years = [p.year for p in levels.index]
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
        Annual levels indexed by year: codes or labels (``"2023"``, ``"2023年"``, ``2023``) or
        an annual :class:`pandas.PeriodIndex`, normalised once on entry (gaps allowed;
        annualised).
    horizon : int
        Years ahead (≥ 1).
    breaks : sequence of int
        Years whose level is not comparable with the previous ones.

    Raises
    ------
    ParameterError
        Bad horizon.
    DataError
        Fewer than one growth observation; an index that is not annual.
    """
    if isinstance(horizon, bool) or int(horizon) != horizon or horizon < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {horizon!r}", parameter="horizon")
    if not isinstance(levels, pd.Series):
        raise ParameterError("must be a pandas Series indexed by year", parameter="levels")
    pi = to_period_index(levels.index, name="levels")
    if pandas_freq(pi[0]) != "Y":
        raise DataError(f"levels: annual levels expected, got periods such as {str(pi[0])!r}")
    s = pd.Series(levels.to_numpy(dtype=float), index=pi).dropna().sort_index()
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
    years = [p.year for p in s.index]
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
