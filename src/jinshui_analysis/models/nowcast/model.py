r"""Fitting the mixed-frequency dynamic factor model (statsmodels ``DynamicFactorMQ``, EM) and
the nowcast of a quarter from it (:func:`nowcast`; the model is described in the package
docstring)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import ModelError, ParameterError
from jinshui_analysis.models.nowcast.data import prepare, quarter_end
from jinshui_analysis.models.nowcast.results import NowcastResults
from jinshui_analysis.periods import pandas_freq, to_pandas_period

__all__ = ["nowcast"]

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
    monthly_kind: str = "growth",
    idiosyncratic_ar1: bool = False,
    maxiter: int = 100,
    tolerance: float = 1e-6,
) -> NowcastResults:
    """Nowcast quarterly GDP growth from monthly indicators with a dynamic factor model.

    Parameters
    ----------
    monthly : DataFrame
        Monthly indicators (columns), index monthly labels ``"2023-03"`` or a monthly
        PeriodIndex: single-month (当月) year-on-year growth, % (``monthly_kind="growth"``), or
        year-to-date levels (``monthly_kind="ytd_level"``, converted first; see
        :func:`monthly_growth`).  Year-to-date growth rates must be converted by the caller.
    quarterly_gdp_growth : Series
        Single-quarter (当季) year-on-year real GDP growth (%), index ``"2023Q1"`` or a
        quarterly PeriodIndex.
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
        A February value without a January value is the combined 1–2月 figure (default True);
        published January values are always used (see the module docstring).
    monthly_kind : {"growth", "ytd_level"}
        What ``monthly`` holds (see :func:`monthly_growth`).
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
    mg, m, qlev, q, notes = prepare(
        monthly, quarterly_gdp_growth, vintage=vintage, jan_feb_combined=jan_feb_combined,
        kind=monthly_kind,
    )
    gdp = str(q.name)
    if gdp in m.columns:
        raise ParameterError(f"GDP series name {gdp!r} clashes with a monthly column",
                             parameter="quarterly_gdp_growth")
    if m.shape[1] < 2 * factors:
        raise ModelError(f"{m.shape[1]} monthly indicator(s) for {factors} factor(s): too few")
    if target is None:
        tq = qlev.index[-1] + 1
    else:
        tq = to_pandas_period(target)
        if pandas_freq(tq) != "Q":
            raise ParameterError("must be a quarter such as '2023Q4'", parameter="target")
        if tq in qlev.index:
            raise ParameterError(f"GDP of {tq} is already in the data", parameter="target")
        if tq < qlev.index[-1]:
            raise ParameterError(f"{tq} is before the last published quarter "
                                 f"{qlev.index[-1]}", parameter="target")
    res = _fit(m, q, factors, factor_orders, idiosyncratic_ar1, maxiter, tolerance)
    return _results(res, m, q, qlev, mg, tq, notes, jan_feb_combined, monthly_kind)


def _predict(res: Any, nobs: int, end_pos: int, gdp: str) -> tuple[pd.Series, np.ndarray]:
    pred = res.get_prediction(start=0, end=end_pos)
    mean = pred.predicted_mean[gdp]
    var = np.asarray(pred.var_pred_mean)
    k = list(pred.predicted_mean.columns).index(gdp)
    return mean, var[:, k, k] if var.ndim == 3 else var[:, k]


def _results(res: Any, m: pd.DataFrame, q: pd.Series, qlev: pd.Series, mg: pd.DataFrame,
             tq: pd.Period, notes: list[str], jan_feb: bool, kind: str) -> NowcastResults:
    from scipy import stats

    gdp = str(q.name)
    tend = quarter_end(tq)
    end_pos = int((tend - m.index[0]).n)
    if end_pos < 0:
        raise ParameterError("target quarter ends before the sample", parameter="target")
    mean, var = _predict(res, len(m), end_pos, gdp)
    last = qlev.index[-1]
    # level of growth = last published quarter + predicted quarter-on-quarter changes after it
    ahead = pd.period_range(last + 1, tq, freq="Q")
    pos = [int((quarter_end(p) - m.index[0]).n) for p in ahead]
    nc = float(qlev.iloc[-1] + sum(float(mean.iloc[i]) for i in pos))
    sd = float(np.sqrt(sum(float(var[i]) for i in pos)))
    if len(ahead) > 1:
        notes = [*notes, f"{len(ahead)} quarters ahead: band adds the variances of the "
                 "quarterly changes (covariances ignored)"]
    z80, z95 = stats.norm.ppf(0.9), stats.norm.ppf(0.975)
    k = res.model.k_factors
    params = res.params
    names = list(m.columns) + [gdp]
    load = np.array([[params[f"loading.{j}->{v}"] for j in range(k)] for v in names], dtype=float)
    signs = np.where(load[-1] < 0, -1.0, 1.0)
    load = load * signs
    fac = np.asarray(res.factors.smoothed, dtype=float)[:, :k] * signs
    labels = [f"factor_{j + 1}" for j in range(k)]
    factor = pd.DataFrame(fac, index=m.index.rename("period"),
                          columns=pd.Index(labels, name="component"))
    loadings = pd.DataFrame(load, index=pd.Index(names, name="variable"),
                            columns=pd.Index(labels, name="component"))
    quarters = pd.period_range(q.index[0], tq, freq="Q")
    fitted = []
    for p in quarters:
        i = int((quarter_end(p) - m.index[0]).n)
        if p <= last and p - 1 in qlev.index and 0 <= i <= end_pos:
            fitted.append(float(qlev[p - 1] + mean.iloc[i]))
        elif p > last:
            fitted.append(float(qlev.iloc[-1] + sum(
                float(mean.iloc[int((quarter_end(r) - m.index[0]).n)])
                for r in pd.period_range(last + 1, p, freq="Q"))))
        else:
            fitted.append(np.nan)
    quarterly = pd.DataFrame(
        {"observed": qlev.reindex(quarters).to_numpy(), "fitted": fitted},
        index=quarters.rename("period"),
    )
    quarterly.columns.name = "component"
    used = mg.loc[(mg.index >= m.index[0] - 1) & (mg.index <= m.index[-1])]
    used = used.rename_axis("period")
    used.attrs = {}
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
        monthly=used,
        gdp_name=gdp,
        jan_feb_combined=jan_feb,
        model_results=res,
        quarterly_input=qlev,
        notes=tuple(notes),
        monthly_kind=kind,
    )
