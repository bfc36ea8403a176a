"""Mixed-frequency nowcast of quarterly GDP growth from monthly indicators, and its news.

Model: statsmodels :class:`~statsmodels.tsa.statespace.dynamic_factor_mq.DynamicFactorMQ`
(Bańbura & Modugno 2014; Mariano & Murasawa 2003 aggregation), estimated by EM.

**What is modelled.**  Chinese bulletins publish year-on-year (同比) growth.  The monthly
indicators enter as **single-month** year-on-year growth :math:`x_{i,t}` (%): year-to-date
(累计) levels are first converted to single months with :func:`models.ytd.ytd_to_single`, and
year-to-date *rates* are not accepted (a cumulative rate mixes months).  The quarterly target
is single-quarter (当季) year-on-year GDP growth :math:`y_q` (%).

**Aggregation.**  Treating rates as log differences × 100 and the quarter's level as the
geometric mean of its months (the approximation of Mariano & Murasawa 2003, §2), the
year-on-year growth of a quarter is the mean of its three months' year-on-year growth,

.. math:: y_q \approx \tfrac13\\,(x^*_t + x^*_{t-1} + x^*_{t-2}),\\qquad t = \text{last month of } q

(Bańbura, Giannone, Modugno & Reichlin 2013, "Now-casting and the real-time data flow",
*Handbook of Economic Forecasting* 2A, §3; exact when the three months have equal levels,
otherwise month shares are the weights).  Differencing once, the change in quarterly growth
is exactly the Mariano–Murasawa sum of monthly changes,

.. math:: \\Delta y_q = \tfrac13\\,(\\Delta x^*_t + 2\\Delta x^*_{t-1} + 3\\Delta x^*_{t-2}
          + 2\\Delta x^*_{t-3} + \\Delta x^*_{t-4}),

which is the aggregation DynamicFactorMQ imposes.  The model is therefore fitted to
:math:`\\Delta x_{i,t}` (month-on-month change of single-month yoy growth, pp) and
:math:`\\Delta y_q` (pp), with :math:`\\Delta x_{i,t} = \\lambda_i f_t + e_{i,t}`,
:math:`f_t = \\phi f_{t-1} + \\eta_t`; the nowcast of a quarter is the last published
quarterly growth plus the predicted changes up to it (%).

**January.**  Where January is published it is used.  Where only the combined 1–2月 figure
exists (``jan_feb_combined=True``: a February value whose January is missing), the combined
rate stands for both months (each month's rate ≈ the combined one; exact if both grew
alike) and the January→February change is unknown (missing); the Kalman filter skips
missing values.

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
from jinshui_analysis.models.ytd import ytd_to_single
from jinshui_analysis.periods import (
    pandas_freq,
    to_pandas_period,
    to_period_index,
)
from jinshui_analysis.results import Results, Summary

__all__ = ["NewsResults", "NowcastResults", "monthly_growth", "news", "nowcast"]


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


def monthly_growth(
    monthly: pd.DataFrame,
    *,
    kind: str = "growth",
    jan_feb_combined: bool = True,
) -> pd.DataFrame:
    r"""Single-month year-on-year growth (%) of monthly indicators, January kept where published.

    Parameters
    ----------
    monthly : DataFrame
        Monthly indicators (columns), index monthly labels (``"2023-03"``).
    kind : {"growth", "ytd_level"}
        ``"growth"``: values are single-month (当月) year-on-year growth, %.  ``"ytd_level"``:
        values are year-to-date (累计) levels (亿元…); each column is converted with
        :func:`models.ytd.ytd_to_single` (a year starting at February is the 1–2月 convention: its
        February value covers January–February) and growth is
        :math:`100\,(m_t/m_{t-12} - 1)`; a combined January–February value is compared with
        last year's January + February.
    jan_feb_combined : bool
        True (default): a February value whose January is missing is the combined 1–2月 figure
        and is written to both months (see the module docstring).  January values that are
        published are never dropped.

    Returns
    -------
    DataFrame
        Monthly PeriodIndex (consecutive months), one column per indicator, %;
        ``attrs["combined"]`` lists the ``(column, "YYYY-02")`` values that stood for
        January–February.

    Raises
    ------
    ParameterError
        Unknown ``kind``.
    DataError, ModelError
        Non-monthly index, non-numeric values; year-to-date levels with a gap inside a year.
    """
    if kind not in ("growth", "ytd_level"):
        raise ParameterError(f"must be 'growth' or 'ytd_level', got {kind!r}", parameter="kind")
    m = _monthly_frame(monthly)
    combined: list[tuple[str, str]] = []
    if kind == "ytd_level":
        out = pd.DataFrame(np.nan, index=m.index, columns=m.columns)
        for col in m.columns:
            ytd = m[col].dropna()
            if ytd.empty:
                continue
            single = ytd_to_single(ytd.set_axis([str(p) for p in ytd.index]))
            comb = single.attrs.get("combined", {})
            levels = pd.Series(single.to_numpy(dtype=float),
                               index=pd.PeriodIndex([pd.Period(x, freq="M") for x in single.index]))
            for p in levels.index:
                prev = p - 12
                if str(p) in comb:  # Jan–Feb combined: compare with last year's Jan + Feb
                    base = levels.get(prev, np.nan)
                    if str(prev) not in comb:
                        base = base + levels.get(prev - 1, np.nan)
                    val = 100 * (levels[p] / base - 1)
                    out.loc[p, col] = val
                    combined.append((col, str(p)))
                else:
                    if str(prev) in comb:
                        continue  # last year's February covers Jan–Feb: no single-month base
                    out.loc[p, col] = 100 * (levels[p] / levels.get(prev, np.nan) - 1)
        m = out
    elif jan_feb_combined:
        for col in m.columns:
            for p in m.index[m.index.month == 2]:
                if not np.isnan(m.loc[p, col]) and np.isnan(m[col].get(p - 1, np.nan)):
                    combined.append((col, str(p)))
    if jan_feb_combined or kind == "ytd_level":
        for col, p in combined:
            feb = pd.Period(p, freq="M")
            if feb - 1 not in m.index:
                m = m.reindex(pd.period_range(feb - 1, m.index[-1], freq="M"))
            m.loc[feb - 1, col] = m.loc[feb, col]
    m = m.reindex(pd.period_range(m.index[0], m.index[-1], freq="M"))
    m.attrs["combined"] = combined
    return m


def _changes(m: pd.DataFrame) -> pd.DataFrame:
    """Month-on-month change (pp) of single-month growth; unknown Jan→Feb changes missing."""
    d = m.diff()
    for col, p in m.attrs.get("combined", []):
        d.loc[pd.Period(p, freq="M"), col] = np.nan
    return d.iloc[1:]


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


@dataclass(frozen=True, repr=False)
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
                    "previous nowcast (%)",
                    "impact of news (pp)",
                    "impact of revisions (pp)",
                    "new nowcast (%)",
                ],
                name="item",
            ),
        )
        return Summary(
            title=f"Nowcast news: {self.gdp_name} {self.target}",
            tables=[("Totals", totals.round(4)), ("By release", self.table.round(4))],
            notes=[
                "impact = weight × (observed − previous forecast); parameters held at the old "
                "vintage's estimates, so news + revisions = change in the nowcast exactly.",
                "impacts in percentage points (百分点) of GDP growth.",
            ],
        )


@dataclass(frozen=True, repr=False)
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
        Smoothed factor(s) of the month-on-month changes of growth, index ``period`` (months),
        columns ``factor_1``…; sign normalised so that GDP loads positively on each factor
        (its cumulative sum tracks the level of growth).
    loadings : DataFrame
        Index ``variable``; one column per factor (standardised units; same sign convention).
    quarterly : DataFrame
        Index ``period`` (quarters); columns ``observed`` (single-quarter yoy growth, %) and
        ``fitted`` (previous quarter's published growth + the smoothed predicted change; after
        the last published quarter, the cumulated predicted changes), %.
    monthly : DataFrame
        Single-month yoy growth (%) the model saw (after the 1–2月 handling), index ``period``.
    monthly_kind : str
        What the monthly input held (``"growth"`` or ``"ytd_level"``).
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
    monthly_kind: str = "growth"

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
            f"{self.target}: last published quarter + predicted change (quarterly yoy growth = "
            "mean of monthly yoy growth; Mariano–Murasawa weights on the changes).",
            "bands ignore parameter uncertainty.",
        ]
        notes.extend(self.notes)
        return Summary(
            title=f"Nowcast of {self.gdp_name} {self.target}",
            tables=[
                ("Nowcast", head.round(3)),
                ("Loadings (standardised)", self.loadings.round(3)),
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
    kind: str = "growth",
    start: pd.Period | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series, list[str]]:
    """Single-month growth, its monthly changes, quarterly growth and its changes, notes."""
    notes: list[str] = []
    raw = _monthly_frame(monthly)
    q = _quarterly_series(quarterly, "quarterly_gdp_growth")
    if vintage is not None:
        v = to_pandas_period(vintage)
        if pandas_freq(v) != "M":
            raise ParameterError("must be a month label such as '2023-05'", parameter="vintage")
        raw = raw.loc[raw.index <= v]
        q = q.loc[[_qend(p) < v for p in q.index]]
        if raw.empty:
            raise DataError(f"monthly: no data up to the vintage {v}")
    mg = monthly_growth(raw, kind=kind, jan_feb_combined=jan_feb_combined)
    combined = mg.attrs.get("combined", [])
    if combined:
        notes.append(f"{len(combined)} combined 1–2月 value(s) stand for January and February "
                     "(January→February change unknown)")
    published_jan = int(mg.loc[mg.index.month == 1].notna().to_numpy().sum()) - len(combined)
    if published_jan:
        notes.append(f"{published_jan} published January value(s) used")
    dm = _changes(mg)
    if start is not None:
        if dm.index[0] > start:
            dm = dm.reindex(pd.period_range(start, dm.index[-1], freq="M"))
        dm = dm.loc[dm.index >= start]
    has = dm.notna().any(axis=1).to_numpy()
    if not has.any():
        raise DataError("monthly: no observed month-on-month changes of growth")
    dm = dm.iloc[: int(np.flatnonzero(has)[-1]) + 1]
    dm.attrs = {}
    q = q.dropna()
    dq = q.diff()
    dq = dq.loc[(_q_ends(dq) >= dm.index[0]) & (_q_ends(dq) <= dm.index[-1])].dropna()
    if len(dq) < 4:
        raise ModelError(f"quarterly GDP growth has {len(dq)} quarter-on-quarter change(s) in "
                         "the sample of the monthly data; need ≥ 4")
    return mg, dm, q, dq, notes


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
    mg, m, qlev, q, notes = _prepare(
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
    tend = _qend(tq)
    end_pos = int((tend - m.index[0]).n)
    if end_pos < 0:
        raise ParameterError("target quarter ends before the sample", parameter="target")
    mean, var = _predict(res, len(m), end_pos, gdp)
    last = qlev.index[-1]
    # level of growth = last published quarter + predicted quarter-on-quarter changes after it
    ahead = pd.period_range(last + 1, tq, freq="Q")
    pos = [int((_qend(p) - m.index[0]).n) for p in ahead]
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
    factor = pd.DataFrame(fac, index=pd.Index([str(p) for p in m.index], name="period"),
                          columns=pd.Index(labels, name="component"))
    loadings = pd.DataFrame(load, index=pd.Index(names, name="variable"),
                            columns=pd.Index(labels, name="component"))
    quarters = pd.period_range(q.index[0], tq, freq="Q")
    fitted = []
    for p in quarters:
        i = int((_qend(p) - m.index[0]).n)
        if p <= last and p - 1 in qlev.index and 0 <= i <= end_pos:
            fitted.append(float(qlev[p - 1] + mean.iloc[i]))
        elif p > last:
            fitted.append(float(qlev.iloc[-1] + sum(
                float(mean.iloc[int((_qend(r) - m.index[0]).n)])
                for r in pd.period_range(last + 1, p, freq="Q"))))
        else:
            fitted.append(np.nan)
    quarterly = pd.DataFrame(
        {"observed": qlev.reindex(quarters).to_numpy(), "fitted": fitted},
        index=pd.Index([str(p) for p in quarters], name="period"),
    )
    quarterly.columns.name = "component"
    used = mg.loc[(mg.index >= m.index[0] - 1) & (mg.index <= m.index[-1])]
    used = used.set_axis(pd.Index([str(p) for p in used.index], name="period"))
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
    start = pd.Period(results.factor.index[0], freq="M")
    q_in = results.quarterly_input if new_quarterly is None else new_quarterly
    _, m_new, qlev_new, q_new, _ = _prepare(
        new_monthly, q_in, vintage=None, jan_feb_combined=results.jan_feb_combined,
        kind=results.monthly_kind, start=start,
    )
    if list(m_new.columns) != list(results.monthly.columns):
        raise DataError(
            f"new_monthly columns {list(m_new.columns)} differ from the old vintage's "
            f"{list(results.monthly.columns)}"
        )
    tq = pd.Period(results.target, freq="Q")
    if tq in qlev_new.index:
        raise ModelError(f"new quarterly data already contain the target quarter {tq}")
    old_last = results.quarterly_input.index[-1]
    if tq != old_last + 1 or qlev_new.index[-1] != old_last:
        raise ModelError(
            f"news is computed for the quarter right after the last published one ({old_last} "
            f"→ {old_last + 1}); here the target is {tq} and the new data end at "
            f"{qlev_new.index[-1]}"
        )
    # the nowcast is a level: last published growth + predicted change; a revision of the
    # last published quarter moves it one for one
    base_old = float(results.quarterly_input.iloc[-1])
    base_new = float(qlev_new.iloc[-1])
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
    prev = base_old + float(nw.prev_impacted_forecasts[gdp].iloc[0])
    post = base_new + float(nw.post_impacted_forecasts[gdp].iloc[0])
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
    rev_val += base_new - base_old
    return NewsResults(
        target=results.target,
        prev_nowcast=prev,
        new_nowcast=post,
        table=table,
        news_impact=float(table["impact"].sum()) if len(table) else 0.0,
        revision_impact=rev_val,
        gdp_name=gdp,
    )
