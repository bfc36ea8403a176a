"""The mixed-frequency dynamic factor nowcast (:mod:`jinshui_analysis.models.nowcast`) as a
quarter estimate: same information set, same results object.

The factor model has no additive contribution by indicator; its ``news`` table is the
statsmodels news decomposition (impact of each new release on the nowcast, 百分点) between the
previous month's data and this month's, parameters held at the previous month's estimates
(Bańbura & Modugno 2014).  Slow (an EM fit per estimate): not in the default backtest.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import JinshuiError
from jinshui_analysis.models.estimate.common import (
    EstimateResults,
    as_month,
    check_growth_series,
    information_set,
)
from jinshui_analysis.models.nowcast.model import nowcast

__all__ = ["dfm"]


def dfm(monthly: pd.DataFrame, quarterly: pd.Series, asof: object, *, maxiter: int = 50,
        previous: bool = True) -> EstimateResults:
    """Estimate the quarter containing ``asof`` with :func:`~jinshui_analysis.models.nowcast.
    nowcast` (one factor) on the information set at ``asof``."""
    k = as_month(asof)
    m, q = information_set(monthly, quarterly, k)
    check_growth_series(q, "quarterly")
    target = k.asfreq("Q")
    qs = q.rename("gdp_growth")
    from statsmodels.tools.sm_exceptions import EstimationWarning

    with warnings.catch_warnings():  # EM step reverts and start values: statsmodels' own notes
        warnings.simplefilter("ignore", EstimationWarning)
        res = nowcast(m, qs, target=target, maxiter=maxiter)
    notes = list(res.notes)
    news = pd.DataFrame(columns=["change_pp"], dtype=float)
    prev = np.nan
    if previous and (k - 1).asfreq("Q") == target:
        try:
            m0, q0 = information_set(monthly, quarterly, k - 1)
            q0s = q0.rename("gdp_growth")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", EstimationWarning)
                old = nowcast(m0, q0s, target=target, maxiter=maxiter)
                nw = old.news(m, qs)
            prev = nw.prev_nowcast
            by = nw.table["impact"].groupby(level="variable").sum() if len(nw.table) else \
                pd.Series(dtype=float)
            rows = {str(v): float(x) for v, x in by.items()}
            rows["parameters"] = float(res.nowcast - prev - sum(rows.values()))
            news = pd.DataFrame({"change_pp": rows})
            news.index.name = "item"
        except JinshuiError as exc:
            notes.append(f"news not computed: {exc}")
    contrib = pd.DataFrame({"weight": np.nan, "indicator_pct": np.nan, "elasticity": np.nan,
                            "contribution_pp": [res.nowcast]},
                           index=pd.Index(["factor model"], name="item"))
    known = int(m.loc[m.index.asfreq("Q") == target].notna().any(axis=1).sum())
    return EstimateResults(
        method="dfm", target=str(target), asof=str(k), months_known=known,
        point_pct=float(res.nowcast), lower_pct=float(res.lower_80),
        upper_pct=float(res.upper_80), contributions=contrib, news=news, previous_pct=prev,
        notes=tuple(notes))
