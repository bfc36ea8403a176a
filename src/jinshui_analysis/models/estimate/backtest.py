r"""Pseudo-real-time backtest of the quarter's GDP estimate, against a naive rule and an AR(1).

For each target quarter *Q* and each month of the quarter *h* = 1, 2, 3, the estimate is made
with data through that month (:func:`~.common.information_set`: monthly figures of months up to
it — 1–2月 combined, so a first quarter has no figure in January — and GDP of quarters that
ended before it).  Benchmarks on the same information set:

- **naive**: the last published quarter's growth, :math:`\hat y_Q = y_{Q-1}`;
- **AR(1)**: :math:`y_t = a + b\,y_{t-1} + e_t` by OLS on the published quarters, iterated to
  *Q*.

Errors :math:`e = \hat y - y` (百分点, against the bundled vintage of GDP: revisions are not
replayed, so this is *pseudo* real time); RMSE :math:`\sqrt{\overline{e^2}}` and MAE
:math:`\overline{|e|}` by method and month of the quarter, with and without the COVID quarters
2020Q1–2021Q4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import JinshuiError, ParameterError
from jinshui_analysis.models.estimate.common import EstimateResults, information_set
from jinshui_analysis.results import Results, Summary

__all__ = ["COVID", "BacktestResults", "ar1_forecast", "backtest", "naive_forecast"]

COVID = pd.period_range("2020Q1", "2021Q4", freq="Q")


def naive_forecast(q: pd.Series, target: pd.Period) -> float:
    """Last published quarter's growth (%)."""
    return float(q.dropna().iloc[-1]) if len(q.dropna()) else np.nan


def ar1_forecast(q: pd.Series, target: pd.Period) -> float:
    """AR(1) by OLS on the published quarters, iterated to ``target`` (%)."""
    s = q.dropna()
    if len(s) < 6:
        return naive_forecast(q, target)
    y, x = s.to_numpy()[1:], s.to_numpy()[:-1]
    X = np.column_stack([np.ones(len(x)), x])
    (a, b), *_ = np.linalg.lstsq(X, y, rcond=None)
    f = float(s.iloc[-1])
    for _ in range(max(1, (target - s.index[-1]).n)):
        f = a + b * f
    return float(f)


@dataclass(frozen=True, repr=False)
class BacktestResults(Results):
    """Backtest of quarter estimates.

    Attributes
    ----------
    table : DataFrame
        One row per (target quarter, month of quarter): ``asof``, ``actual`` and one column per
        method (estimates, %).
    methods : tuple of str
    """

    table: pd.DataFrame
    methods: tuple[str, ...]

    @property
    def quarters(self) -> int:
        """Number of target quarters with an actual and every method's estimate."""
        t = self.table.dropna(subset=["actual", *self.methods])
        return int(t["target"].nunique())

    def errors(self, exclude_covid: bool = False) -> pd.DataFrame:
        t = self.table.dropna(subset=["actual", *self.methods])
        if exclude_covid:
            t = t[~t["target"].isin([str(p) for p in COVID])]
        return t[list(self.methods)].sub(t["actual"], axis=0).assign(
            month_of_quarter=t["month_of_quarter"].to_numpy(), target=t["target"].to_numpy())

    def scores(self, exclude_covid: bool = False) -> pd.DataFrame:
        """RMSE and MAE (百分点) by method and month of the quarter (``all`` pools them)."""
        e = self.errors(exclude_covid)
        rows = []
        for h, g in [*e.groupby("month_of_quarter"), ("all", e)]:
            for meth in self.methods:
                v = g[meth].to_numpy(dtype=float)
                rows.append({"month_of_quarter": str(h), "method": meth, "n": len(v),
                             "rmse_pp": float(np.sqrt(np.mean(v ** 2))) if len(v) else np.nan,
                             "mae_pp": float(np.mean(np.abs(v))) if len(v) else np.nan})
        return pd.DataFrame(rows).set_index(["month_of_quarter", "method"])

    def rmse_ratio(self, method: str, *, against: str = "naive",
                   exclude_covid: bool = False, month: int | None = None) -> float:
        """RMSE of ``method`` / RMSE of ``against``."""
        e = self.errors(exclude_covid)
        if month is not None:
            e = e[e["month_of_quarter"] == month]
        r = np.sqrt(np.mean(e[method] ** 2)) / np.sqrt(np.mean(e[against] ** 2))
        return float(r)

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def summary(self) -> Summary:
        return Summary(
            title=f"Quarter estimate backtest ({self.quarters} quarters)",
            tables=[("All quarters", self.scores().round(3)),
                    ("Without the COVID quarters 2020Q1–2021Q4",
                     self.scores(exclude_covid=True).round(3))],
            notes=["error = estimate − published growth (pp); pseudo real time: "
                   "publication lags respected, revisions not."])


def backtest(monthly: pd.DataFrame, quarterly: pd.Series, *,
             estimators: dict[str, Callable[..., EstimateResults]],
             start: object, end: object) -> BacktestResults:
    """Run each estimator at months 1, 2, 3 of every quarter from ``start`` to ``end``.

    Parameters
    ----------
    monthly, quarterly
        As :func:`~.indicator.indicator_method`.
    estimators : dict name → callable ``f(monthly, quarterly, asof) -> EstimateResults``
        Each is given the full data and the date; it must cut with
        :func:`~.common.information_set` (all estimators of this package do).
    start, end : quarter labels
    """
    if not estimators:
        raise ParameterError("give at least one estimator", parameter="estimators")
    quarters = pd.period_range(pd.Period(str(start), freq="Q"), pd.Period(str(end), freq="Q"),
                               freq="Q")
    rows = []
    for tq in quarters:
        for h in (1, 2, 3):
            k = tq.asfreq("M", how="start") + (h - 1)
            _, qi = information_set(monthly, quarterly, k)
            row = {"target": str(tq), "month_of_quarter": h, "asof": str(k),
                   "actual": float(quarterly.get(tq, np.nan)),
                   "naive": naive_forecast(qi, tq), "ar1": ar1_forecast(qi, tq)}
            for name, f in estimators.items():
                try:
                    row[name] = f(monthly, quarterly, k).point_pct
                except JinshuiError:
                    row[name] = np.nan
            rows.append(row)
    table = pd.DataFrame(rows)
    return BacktestResults(table=table, methods=(*estimators, "naive", "ar1"))
