"""Mixed-frequency nowcast of quarterly GDP growth from monthly indicators, and its news.

Model: statsmodels :class:`~statsmodels.tsa.statespace.dynamic_factor_mq.DynamicFactorMQ`
(Bańbura & Modugno 2014; Mariano & Murasawa 2003 aggregation), estimated by EM:

.. math:: x_{i,t} = \\lambda_i f_t + e_{i,t}, \\qquad f_t = \\phi f_{t-1} + \\eta_t,

for the monthly indicators *x* (standardised), and the quarterly GDP growth observed in the
last month of each quarter as :math:`y^Q_t = \\lambda_y (f_t + 2f_{t-1} + 3f_{t-2} + 2f_{t-3}
+ f_{t-4})/3 + \\dots` (the Mariano–Murasawa approximation, exact for log-differences of a
flow; for the year-on-year growth rates Chinese bulletins publish it is an approximation).
The nowcast of a quarter is the model's prediction of GDP growth in that quarter's last
month, in the units of the quarterly input (%).

Chinese monthly bulletins publish January and February together (1–2月): January is then
unobserved.  With ``jan_feb_combined=True`` (default) every January value is set to missing
and the February value is used as is (it is the Jan–Feb cumulative figure: an approximation
of February's own value); the Kalman filter skips missing values.

News (Bańbura & Modugno 2014; statsmodels ``MLEResults.news``): with the parameters held
fixed, the change in the nowcast between two data vintages splits exactly into the impacts of
each new release (``impact = weight × (observed − previous forecast)``) plus the impact of
revisions to data already published.  Impacts are in percentage points (pp) of GDP growth.

References
----------
Bańbura, M. & Modugno, M. (2014). Maximum likelihood estimation of factor models on datasets
with arbitrary pattern of missing data. *Journal of Applied Econometrics* 29(1), 133–160.
Mariano, R. S. & Murasawa, Y. (2003). A new coincident index of business cycles based on
monthly and quarterly series. *Journal of Applied Econometrics* 18(4), 427–443.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ModelError, ParameterError
from jinshui_analysis.periods import pandas_freq, to_pandas_period, to_period_index
from jinshui_analysis.results import Results, Summary

__all__ = ["NewsResults", "NowcastResults", "news", "nowcast"]


def _monthly_frame(monthly: pd.DataFrame, name: str = "monthly") -> pd.DataFrame:
    if isinstance(monthly, pd.Series):
        monthly = monthly.to_frame(monthly.name or "indicator")
    if not isinstance(monthly, pd.DataFrame) or monthly.shape[1] == 0:
        raise ParameterError("must be a DataFrame of monthly indicators", parameter=name)
    pi = to_period_index(monthly.index, name=name)
    if pandas_freq(pi[0]) != "M":
        raise DataError(f"{name}: index must be monthly ('2023-03')", text=str(pi[0]))
    try:
        values = monthly.apply(pd.to_numeric).to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{name}: non-numeric values ({exc})") from exc
    out = pd.DataFrame(values, index=pi, columns=[str(c) for c in monthly.columns])
    if out.index.has_duplicates:
        raise DataError(f"{name}: duplicated months")
    out = out.sort_index()
    full = pd.period_range(out.index[0], out.index[-1], freq="M")
    return out.reindex(full)


def _quarterly_series(q: pd.Series | pd.DataFrame, name: str) -> pd.Series:
    if isinstance(q, pd.DataFrame):
        if q.shape[1] != 1:
            raise ParameterError("must be one quarterly series", parameter=name)
        q = q.iloc[:, 0]
    if not isinstance(q, pd.Series):
        raise ParameterError("must be a Series of quarterly GDP growth (%)", parameter=name)
    pi = to_period_index(q.index, name=name)
    if pandas_freq(pi[0]) != "Q":
        raise DataError(f"{name}: index must be quarterly ('2023Q1')", text=str(pi[0]))
    s = pd.Series(pd.to_numeric(pd.Series(np.asarray(q, dtype=object))).to_numpy(dtype=float),
                  index=pi, name=str(q.name) if q.name is not None else "gdp_growth")
    return s.sort_index()


def _qend(q: pd.Period) -> pd.Period:
    return q.asfreq("M", how="end")


@dataclass(frozen=True)
class NewsResults(Results):
    """Decomposition of a nowcast revision into the news of each data release.

    Attributes
    ----------
    target : str
        Quarter nowcast (e.g. ``"2023Q4"``).
    prev_nowcast, new_nowcast : float
        Nowcast (%) with the old and the new data, parameters held fixed.
    table : DataFrame
        Index (``update_date``, ``variable``); columns ``observed``, ``forecast_prev`` (the
        old vintage's forecast of that release), ``news`` (observed − forecast_prev),
        ``weight`` (pp of GDP growth per unit of news) and ``impact`` (pp).  Units of
        ``observed``/``forecast_prev``/``news``: those of the indicator.
    news_impact : float
        Sum of ``impact`` (pp).
    revision_impact : float
        Impact of revisions to previously published data (pp; 0 when none).
    """

    target: str
    prev_nowcast: float
    new_nowcast: float
    table: pd.DataFrame
    news_impact: float
    revision_impact: float
    gdp_name: str = "gdp_growth"

    @property
    def change(self) -> float:
        """new_nowcast − prev_nowcast (pp)."""
        return self.new_nowcast - self.prev_nowcast

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def summary(self) -> Summary:
        totals = pd.DataFrame(
            {
                "value (%/pp)": [
                    self.prev_nowcast,
                    self.news_impact,
                    self.revision_impact,
                    self.new_nowcast,
                ]
            },
            index=pd.Index(
                [
                    "原预测 / previous nowcast (%)",
                    "新发布数据影响 / impact of news (pp)",
                    "修订影响 / impact of revisions (pp)",
                    "新预测 / new nowcast (%)",
                ],
                name="item",
            ),
        )
        return Summary(
            title=f"新闻分解 / Nowcast news: {self.gdp_name} {self.target}",
            tables=[("合计 / totals", totals.round(4)), ("逐项 / by release", self.table.round(4))],
            notes=[
                "impact = weight × (observed − previous forecast); parameters held at the old "
                "vintage's estimates, so news + revisions = change in the nowcast exactly.",
                "百分点 / impacts in percentage points of GDP growth.",
            ],
        )


@dataclass(frozen=True)
class NowcastResults(Results):
    """A fitted mixed-frequency dynamic factor model and its nowcast.

    Attributes
    ----------
    target : str
        Quarter nowcast.
    nowcast : float
        Predicted GDP growth of ``target`` (%, units of the quarterly input).
    lower_80, upper_80, lower_95, upper_95 : float
        Normal bands from the state-space prediction variance (parameters held fixed).
    vintage : str
        Last month of monthly data used.
    factor : DataFrame
        Smoothed factor(s), index ``period`` (months), columns ``factor_1``…; sign normalised
        so that GDP loads positively on each factor.
    loadings : DataFrame
        Index ``variable``; one column per factor (standardised units; same sign convention).
    quarterly : DataFrame
        Index ``period`` (quarters); columns ``observed`` and ``fitted`` (smoothed model value
        of GDP growth in the quarter's last month), %.
    monthly : DataFrame
        The monthly data used (after the Jan–Feb handling), index ``period``.
    notes : tuple of str
    """

    target: str
    nowcast: float
    lower_80: float
    upper_80: float
    lower_95: float
    upper_95: float
    vintage: str
    factor: pd.DataFrame
    loadings: pd.DataFrame
    quarterly: pd.DataFrame
    monthly: pd.DataFrame
    gdp_name: str
    jan_feb_combined: bool
    model_results: Any = field(repr=False, compare=False)
    quarterly_input: pd.Series = field(repr=False, compare=False, default=None)
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """:attr:`quarterly` (observed and fitted GDP growth by quarter, incl. the nowcast)."""
        return self.quarterly

    def summary(self) -> Summary:
        head = pd.DataFrame(
            {
                "value": [
                    self.nowcast,
                    self.lower_80,
                    self.upper_80,
                    self.lower_95,
                    self.upper_95,
                ]
            },
            index=pd.Index(
                ["nowcast (%)", "lower_80", "upper_80", "lower_95", "upper_95"], name="item"
            ),
        )
        notes = [
            f"DynamicFactorMQ, {self.loadings.shape[1]} factor(s), EM; data through "
            f"{self.vintage}; nowcast = predicted {self.gdp_name} in the last month of "
            f"{self.target} (Mariano–Murasawa aggregation).",
            "区间 / bands ignore parameter uncertainty.",
        ]
        if self.jan_feb_combined:
            notes.append("1–2月合并 / January treated as missing (Jan–Feb combined releases).")
        notes.extend(self.notes)
        return Summary(
            title=f"即时预测 / Nowcast of {self.gdp_name} {self.target}",
            tables=[
                ("即时预测 / nowcast", head.round(3)),
                ("载荷 / loadings (standardised)", self.loadings.round(3)),
            ],
            notes=notes,
        )

    def news(
        self, new_monthly: pd.DataFrame, new_quarterly: pd.Series | None = None
    ) -> NewsResults:
        """News decomposition of the nowcast between this vintage and new data.

        Parameters
        ----------
        new_monthly : DataFrame
            The later vintage of the same monthly indicators (same columns; it may add months
            and revise old values).
        new_quarterly : Series, optional
            Later vintage of quarterly GDP growth (default: the one used for this nowcast).
            Must not contain the target quarter itself.
        """
        return news(self, new_monthly, new_quarterly)


def _prepare(
    monthly: pd.DataFrame,
    quarterly: pd.Series,
    *,
    vintage: Any,
    jan_feb_combined: bool,
    start: pd.Period | None = None,
) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    notes: list[str] = []
    m = _monthly_frame(monthly)
    q = _quarterly_series(quarterly, "quarterly_gdp_growth")
    if vintage is not None:
        v = to_pandas_period(vintage)
        if pandas_freq(v) != "M":
            raise ParameterError("must be a month label such as '2023-05'", parameter="vintage")
        m = m.loc[m.index <= v]
        q = q.loc[[_qend(p) < v for p in q.index]]
    if jan_feb_combined:
        jan = m.index.month == 1
        dropped = int(m.loc[jan].notna().to_numpy().sum())
        m.loc[jan, :] = np.nan
        if dropped:
            notes.append(f"{dropped} January value(s) set to missing (Jan–Feb combined releases)")
    if start is not None:
        if m.index[0] > start:
            m = m.reindex(pd.period_range(start, m.index[-1], freq="M"))
        m = m.loc[m.index >= start]
    # drop trailing months with no data at all
    has = m.notna().any(axis=1).to_numpy()
    if not has.any():
        raise DataError("monthly: no observed values")
    m = m.iloc[: int(np.flatnonzero(has)[-1]) + 1]
    q = q.loc[(q.index.asfreq("M", how="end") >= m.index[0]) & (_q_ends(q) <= m.index[-1])]
    q = q.dropna()
    if len(q) < 4:
        raise ModelError(f"quarterly GDP growth has {len(q)} observations in the sample; need ≥ 4")
    return m, q, notes


def _q_ends(q: pd.Series) -> pd.PeriodIndex:
    return q.index.asfreq("M", how="end")


def _fit(m: pd.DataFrame, q: pd.Series, factors: int, factor_orders: int, ar1: bool,
         maxiter: int, tolerance: float) -> Any:
    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.statespace.dynamic_factor_mq import DynamicFactorMQ

    qf = q.to_frame()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        mod = DynamicFactorMQ(
            m, endog_quarterly=qf, factors=factors, factor_orders=factor_orders,
            idiosyncratic_ar1=ar1,
        )
        return mod.fit(maxiter=maxiter, tolerance=tolerance, disp=False)


def nowcast(
    monthly: pd.DataFrame,
    quarterly_gdp_growth: pd.Series,
    *,
    factors: int = 1,
    factor_orders: int = 1,
    vintage: Any = None,
    target: Any = None,
    jan_feb_combined: bool = True,
    idiosyncratic_ar1: bool = False,
    maxiter: int = 100,
    tolerance: float = 1e-6,
) -> NowcastResults:
    """Nowcast quarterly GDP growth from monthly indicators with a dynamic factor model.

    Parameters
    ----------
    monthly : DataFrame
        Monthly indicators (columns), index monthly labels ``"2023-03"`` or a monthly
        PeriodIndex.  Use stationary transforms (year-on-year growth %, as published).
    quarterly_gdp_growth : Series
        Quarterly GDP growth (%), index ``"2023Q1"`` or a quarterly PeriodIndex.
    factors : int
        Number of common factors (default 1).
    factor_orders : int
        VAR order of the factors (default 1).
    vintage : str, optional
        Information set: keep monthly data up to this month and the GDP of quarters that ended
        before it (``"2023-05"`` keeps 2023Q1 GDP, drops later quarters).
    target : str, optional
        Quarter to nowcast; default the quarter after the last observed GDP quarter.
    jan_feb_combined : bool
        Treat every January as missing (see module docstring).
    idiosyncratic_ar1 : bool
        AR(1) idiosyncratic errors.  Default False: with short samples the EM steps with AR(1)
        errors proved unstable (diverging likelihood) in our checks.
    maxiter, tolerance : EM settings (kept small: seconds per fit).

    Returns
    -------
    NowcastResults
    """
    if not isinstance(factors, (int, np.integer)) or factors < 1:
        raise ParameterError("must be a positive integer", parameter="factors")
    if not isinstance(maxiter, (int, np.integer)) or maxiter < 1:
        raise ParameterError("must be a positive integer", parameter="maxiter")
    m, q, notes = _prepare(
        monthly, quarterly_gdp_growth, vintage=vintage, jan_feb_combined=jan_feb_combined
    )
    gdp = str(q.name)
    if gdp in m.columns:
        raise ParameterError(f"GDP series name {gdp!r} clashes with a monthly column",
                             parameter="quarterly_gdp_growth")
    if m.shape[1] < 2 * factors:
        raise ModelError(f"{m.shape[1]} monthly indicator(s) for {factors} factor(s): too few")
    if target is None:
        tq = q.index[-1] + 1
    else:
        tq = to_pandas_period(target)
        if pandas_freq(tq) != "Q":
            raise ParameterError("must be a quarter such as '2023Q4'", parameter="target")
        if tq in q.index:
            raise ParameterError(f"GDP of {tq} is already in the data", parameter="target")
    res = _fit(m, q, factors, factor_orders, idiosyncratic_ar1, maxiter, tolerance)
    return _results(res, m, q, tq, notes, jan_feb_combined)


def _predict(res: Any, nobs: int, end_pos: int, gdp: str) -> tuple[pd.Series, np.ndarray]:
    pred = res.get_prediction(start=0, end=end_pos)
    mean = pred.predicted_mean[gdp]
    var = np.asarray(pred.var_pred_mean)
    k = list(pred.predicted_mean.columns).index(gdp)
    return mean, var[:, k, k] if var.ndim == 3 else var[:, k]


def _results(res: Any, m: pd.DataFrame, q: pd.Series, tq: pd.Period, notes: list[str],
             jan_feb: bool) -> NowcastResults:
    from scipy import stats

    gdp = str(q.name)
    tend = _qend(tq)
    end_pos = int((tend - m.index[0]).n)
    if end_pos < 0:
        raise ParameterError("target quarter ends before the sample", parameter="target")
    mean, var = _predict(res, len(m), end_pos, gdp)
    nc = float(mean.iloc[end_pos])
    sd = float(np.sqrt(var[end_pos]))
    z80, z95 = stats.norm.ppf(0.9), stats.norm.ppf(0.975)
    k = res.model.k_factors
    params = res.params
    names = list(m.columns) + [gdp]
    load = np.array([[params[f"loading.{j}->{v}"] for j in range(k)] for v in names], dtype=float)
    signs = np.where(load[-1] < 0, -1.0, 1.0)
    load = load * signs
    fac = np.asarray(res.factors.smoothed, dtype=float)[:, :k] * signs
    labels = [f"factor_{j + 1}" for j in range(k)]
    factor = pd.DataFrame(fac, index=pd.Index([str(p) for p in m.index], name="period"),
                          columns=pd.Index(labels, name="component"))
    loadings = pd.DataFrame(load, index=pd.Index(names, name="variable"),
                            columns=pd.Index(labels, name="component"))
    quarters = pd.period_range(q.index[0], max(q.index[-1], tq), freq="Q")
    fitted = []
    for p in quarters:
        pos = int((_qend(p) - m.index[0]).n)
        fitted.append(float(mean.iloc[pos]) if 0 <= pos <= end_pos else np.nan)
    quarterly = pd.DataFrame(
        {"observed": q.reindex(quarters).to_numpy(), "fitted": fitted},
        index=pd.Index([str(p) for p in quarters], name="period"),
    )
    quarterly.columns.name = "component"
    return NowcastResults(
        target=str(tq),
        nowcast=nc,
        lower_80=nc - z80 * sd,
        upper_80=nc + z80 * sd,
        lower_95=nc - z95 * sd,
        upper_95=nc + z95 * sd,
        vintage=str(m.index[-1]),
        factor=factor,
        loadings=loadings,
        quarterly=quarterly,
        monthly=m.set_axis(pd.Index([str(p) for p in m.index], name="period")),
        gdp_name=gdp,
        jan_feb_combined=jan_feb,
        model_results=res,
        quarterly_input=q,
        notes=tuple(notes),
    )


def news(
    results: NowcastResults,
    new_monthly: pd.DataFrame,
    new_quarterly: pd.Series | None = None,
) -> NewsResults:
    """Which releases moved the nowcast, and by how many pp (statsmodels ``news``).

    Parameters
    ----------
    results : NowcastResults
        The old vintage's nowcast.
    new_monthly : DataFrame
        New vintage of the same monthly indicators.
    new_quarterly : Series, optional
        New vintage of quarterly GDP growth (default: the old one); it must not include the
        target quarter.

    Returns
    -------
    NewsResults
    """
    if not isinstance(results, NowcastResults):
        raise ParameterError("must be a NowcastResults", parameter="results")
    old = results.model_results
    start = pd.Period(results.monthly.index[0], freq="M")
    q_in = results.quarterly_input if new_quarterly is None else new_quarterly
    m_new, q_new, _ = _prepare(
        new_monthly, q_in, vintage=None, jan_feb_combined=results.jan_feb_combined, start=start
    )
    if list(m_new.columns) != list(results.monthly.columns):
        raise DataError(
            f"new_monthly columns {list(m_new.columns)} differ from the old vintage's "
            f"{list(results.monthly.columns)}"
        )
    tq = pd.Period(results.target, freq="Q")
    if tq in q_new.index:
        raise ModelError(f"new quarterly data already contain the target quarter {tq}")
    q_new = q_new.rename(results.gdp_name)
    tend = _qend(tq)
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        nw = old.news(
            m_new,
            impact_date=tend,
            impacted_variable=results.gdp_name,
            comparison_type="updated",
            endog_quarterly=q_new.to_frame(),
        )
    gdp = results.gdp_name
    prev = float(nw.prev_impacted_forecasts[gdp].iloc[0])
    post = float(nw.post_impacted_forecasts[gdp].iloc[0])
    det = nw.details_by_impact
    cols = ["observed", "forecast_prev", "news", "weight", "impact"]
    if det is None or len(det) == 0:
        table = pd.DataFrame(columns=cols, index=pd.MultiIndex.from_arrays(
            [[], []], names=["update_date", "variable"]), dtype=float)
    else:
        d = det.reset_index()
        d = d[d["impacted variable"] == gdp]
        table = pd.DataFrame(
            {
                "observed": d["observed"].to_numpy(dtype=float),
                "forecast_prev": d["forecast (prev)"].to_numpy(dtype=float),
                "news": d["news"].to_numpy(dtype=float),
                "weight": d["weight"].to_numpy(dtype=float),
                "impact": d["impact"].to_numpy(dtype=float),
            },
            index=pd.MultiIndex.from_arrays(
                [[str(p) for p in d["update date"]], [str(v) for v in d["updated variable"]]],
                names=["update_date", "variable"],
            ),
        )
    table.columns.name = "component"
    rev = nw.revision_impacts
    rev_val = 0.0
    if rev is not None and gdp in getattr(rev, "columns", []):
        v = float(rev[gdp].iloc[0])
        rev_val = 0.0 if np.isnan(v) else v
    return NewsResults(
        target=results.target,
        prev_nowcast=prev,
        new_nowcast=post,
        table=table,
        news_impact=float(table["impact"].sum()) if len(table) else 0.0,
        revision_impact=rev_val,
        gdp_name=gdp,
    )
