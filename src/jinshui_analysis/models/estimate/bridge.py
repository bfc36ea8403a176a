r"""Bridge equation: quarterly GDP growth regressed on the quarter means of monthly indicators.

.. math::

    y_Q = \alpha + \sum_j \beta_j\,\bar x_{j,Q} + u_Q,\qquad
    \hat y_{Q^*} = \hat\alpha + \sum_j \hat\beta_j\,\bar x_{j,Q^*}

estimated by OLS on the quarters whose GDP is published at the estimate date;
:math:`\bar x_{j,Q^*}` is the mean of the months of the target quarter published so far (the
"ragged edge"; the latest quarter mean where none is), see :func:`~.common.quarter_means`.

This is the Chow–Lin (1971) temporal-disaggregation regression with white-noise errors
(:math:`\rho = 0`): Chow–Lin regresses the low-frequency series on the temporally aggregated
indicators by GLS with :math:`\Sigma = C V(\rho) C'`; with :math:`\rho = 0` and growth rates
aggregated by averaging, :math:`C V C' = \tfrac13 I`, GLS is OLS and the extrapolation of the
current quarter is :math:`\hat\alpha + \hat\beta'\bar x_{Q^*}` — the formula above (Chow, G. &
Lin, A. 1971, *Review of Economics and Statistics* 53(4), 372–375; Baffigi, Golinelli & Parigi
2004, "Bridge models to forecast the euro area GDP", *IJF* 20(3)).

Band: the OLS prediction interval of a new observation, 80%
(:math:`\hat y \pm t_{0.9,n-k}\,s\sqrt{1 + x'(X'X)^{-1}x}`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.models.estimate.common import (
    EstimateResults,
    as_month,
    check_growth_series,
    filled_means,
    information_set,
)

__all__ = ["bridge"]


def bridge(monthly: pd.DataFrame, quarterly: pd.Series, asof: object, *,
           indicators: list[str] | None = None, min_history: int = 8,
           previous: bool = True) -> EstimateResults:
    """Estimate the quarter containing ``asof`` with the bridge equation.

    Parameters
    ----------
    monthly, quarterly, asof
        As :func:`~.indicator.indicator_method`.
    indicators : list of str, optional
        Columns of ``monthly`` to use (default all).
    min_history : int
        Quarters of GDP with indicators needed (default 8; at least the number of
        coefficients + 2).
    previous : bool
        Also estimate with data through the previous month, for the news.
    """
    k = as_month(asof)
    m, q = information_set(monthly, quarterly, k)
    check_growth_series(q, "quarterly")
    cols = list(m.columns) if indicators is None else list(indicators)
    bad = [c for c in cols if c not in m.columns]
    if bad:
        raise ParameterError(f"unknown indicator column(s) {bad}", parameter="indicators")
    target = k.asfreq("Q")
    first = min(q.index[0], m.index[0].asfreq("Q")) if len(m) else q.index[0]
    quarters = pd.period_range(first, target, freq="Q")
    means, cover = filled_means(m[cols], quarters)
    hist = means.reindex(q.index).dropna()
    y = q.reindex(hist.index).to_numpy(dtype=float)
    if len(hist) < max(min_history, len(cols) + 3):
        raise DataError(f"bridge: {len(hist)} quarters of GDP with indicators up to {k}; need "
                        f"≥ {max(min_history, len(cols) + 3)}")
    xt = means.loc[target]
    if xt.isna().any():
        raise DataError(f"bridge: no figure of {list(xt.index[xt.isna()])} up to {k}")
    X = np.column_stack([np.ones(len(hist)), hist.to_numpy(dtype=float)])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    n, p = X.shape
    s2 = float(resid @ resid) / (n - p)
    x0 = np.concatenate([[1.0], xt.to_numpy(dtype=float)])
    point = float(x0 @ beta)
    xtx_inv = np.linalg.pinv(X.T @ X)
    se = float(np.sqrt(s2 * (1.0 + x0 @ xtx_inv @ x0)))
    t = float(stats.t.ppf(0.9, n - p))
    tab = pd.DataFrame({
        "weight": np.nan,
        "indicator_pct": xt.to_numpy(dtype=float),
        "elasticity": beta[1:],
        "contribution_pp": beta[1:] * xt.to_numpy(dtype=float),
    }, index=pd.Index(cols, name="item"))
    tab.loc["constant"] = [np.nan, np.nan, np.nan, float(beta[0])]
    notes = [f"OLS on {n} quarters of published GDP (Chow–Lin with ρ = 0)"]
    stale = [c for c in cols if cover.at[target, c] == 0]
    if stale:
        notes.append(f"no figure yet for {', '.join(stale)} this quarter: latest quarter "
                     "carried forward")
    news = pd.DataFrame(columns=["change_pp"], dtype=float)
    prev = np.nan
    if previous and (k - 1).asfreq("Q") == target:
        try:
            old = bridge(monthly, quarterly, k - 1, indicators=cols, min_history=min_history,
                         previous=False)
        except DataError:
            old = None
        if old is not None:
            prev = old.point_pct
            rows = {c: float(beta[1 + j] * (xt[c] - old.contributions.at[c, "indicator_pct"]))
                    for j, c in enumerate(cols)}
            rows["parameters"] = float(point - prev - sum(rows.values()))
            news = pd.DataFrame({"change_pp": rows})
            news.index.name = "item"
    return EstimateResults(
        method="bridge", target=str(target), asof=str(k),
        months_known=int(cover.loc[target].min()),
        point_pct=point, lower_pct=point - t * se, upper_pct=point + t * se,
        contributions=tab, news=news, previous_pct=prev, notes=tuple(notes),
        stale=tuple(stale))
