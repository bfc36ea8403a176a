"""The news decomposition of a nowcast revision between two data vintages (Bańbura & Modugno
2014; statsmodels ``MLEResults.news``): :func:`news`."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ModelError, ParameterError
from jinshui_analysis.models.nowcast.data import prepare, quarter_end
from jinshui_analysis.results import Results, Summary

__all__ = ["NewsResults", "news"]


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

def news(
    results: Results,
    new_monthly: pd.DataFrame,
    new_quarterly: pd.Series | None = None,
) -> NewsResults:
    """Which releases moved the nowcast, and by how many pp (statsmodels ``news``).

    Parameters
    ----------
    results : NowcastResults
        The old vintage's nowcast (:func:`~jinshui_analysis.models.nowcast.model.nowcast`;
        typed by its base class: :mod:`~jinshui_analysis.models.nowcast.results` imports this
        module for :meth:`NowcastResults.news`).
    new_monthly : DataFrame
        New vintage of the same monthly indicators.
    new_quarterly : Series, optional
        New vintage of quarterly GDP growth (default: the old one); it must not include the
        target quarter.

    Returns
    -------
    NewsResults
    """
    if not isinstance(results, Results) or getattr(results, "model_results", None) is None:
        raise ParameterError("must be a NowcastResults (from nowcast())", parameter="results")
    old = results.model_results
    start = results.factor.index[0]  # the first month of the old sample (a pd.Period)
    q_in = results.quarterly_input if new_quarterly is None else new_quarterly
    _, m_new, qlev_new, q_new, _ = prepare(
        new_monthly, q_in, vintage=None, jan_feb_combined=results.jan_feb_combined,
        kind=results.monthly_kind, start=start,
    )
    if list(m_new.columns) != list(results.monthly.columns):
        raise DataError(
            f"new_monthly columns {list(m_new.columns)} differ from the old vintage's "
            f"{list(results.monthly.columns)}"
        )
    tq = results.quarterly.index[-1]  # quarterly runs up to the target quarter
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
    tend = quarter_end(tq)
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
