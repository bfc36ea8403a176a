"""The results of a seasonal adjustment (:class:`SeasonalResults`) and the statement of the
1-2月 split rule every result that used it carries in its summary."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from jinshui_analysis.exceptions import JinshuiWarning
from jinshui_analysis.models.holidays import Window
from jinshui_analysis.results import Results, Summary

__all__ = ["JAN_FEB_RULE", "SeasonalFallbackWarning", "SeasonalResults"]

#: the 1-2月 split rule, stated in the summary of every result that used it (the reports layer
#: words it: :func:`jinshui_analysis.reports.phrases.jan_feb_rule`)
JAN_FEB_RULE = (
    "the January–February (1-2月) total is split by calendar days adjusted for the Spring "
    "Festival: January's share is 31·exp(βh₁)/(31·exp(βh₁)+d₂·exp(βh₂)), h the festival "
    "regressor and β estimated from the published figures (the 1-2月 total and March–December) "
    "by regressing their 12-month log changes on the change of the regressor; the seasonal "
    "difference between January and February cannot be identified from the totals and is set "
    "by this rule"
)


class SeasonalFallbackWarning(JinshuiWarning):
    """X-13ARIMA-SEATS could not run; the fallback method was used (the results say so)."""


@dataclass(frozen=True, repr=False)
class SeasonalResults(Results):
    """Seasonal adjustment of one monthly series.

    Attributes
    ----------
    series : pd.Series
        The levels adjusted (after the 1-2月 split when ``jan_feb="combined"``).
    adjusted : pd.Series
        Seasonally and holiday adjusted levels :math:`A_t`, same units and index as ``series``.
    seasonal : pd.Series
        Seasonal factors :math:`S_t` (ratios, about 1).
    holiday_effect : pd.Series
        Holiday factors :math:`H_t` (ratios; 1 = no effect).
    trading_day_effect : pd.Series
        Trading-day (weekday composition) factors :math:`D_t` (ratios; all 1 when
        ``trading_days=False``); ``adjusted = series / (seasonal · holiday_effect ·
        trading_day_effect)``.
    mom_pct : pd.Series
        Adjusted month-on-month growth (环比), % (NaN in the first month).
    diagnostics : dict
        ``"M7"``, ``"Q"``, ``"Q2"``, ``"sliding_spans_unstable_pct"`` (share of months whose
        seasonal factors are unstable across spans, %), ``"sliding_spans_mm_unstable_pct"``,
        ``"residual_seasonality_F"`` / ``"residual_seasonality_p"`` (F-test of month dummies on
        the adjusted m/m log changes), ``"QS_adjusted"`` / ``"QS_adjusted_p"`` (X-13),
        ``"aicc"``, ``"arima"``; NaN where a method does not give one.
    method : str
        ``"x13"`` or ``"stl+ols"`` (the fallback).
    coefficients : pd.DataFrame
        One row per holiday regressor: ``coef`` (β, log points per unit of the regressor, a
        fraction), ``se``, ``t``.
    windows : tuple of Window
    jan_feb : str or None
        ``"combined"`` when the 1-2月 total was split; ``split_months`` lists the months whose
        level comes from the split by the rule :data:`JAN_FEB_RULE`.
    fallback_reason : str
        Why the fallback was used ("" for X-13).
    window_aicc : pd.Series
        AICc per candidate 春节 window when the window was chosen by AICc (else empty).
    """

    series: pd.Series
    adjusted: pd.Series
    seasonal: pd.Series
    holiday_effect: pd.Series
    trading_day_effect: pd.Series
    mom_pct: pd.Series
    diagnostics: dict[str, Any]
    method: str
    coefficients: pd.DataFrame
    windows: tuple[Window, ...] = ()
    jan_feb: str | None = None
    split_months: tuple[pd.Period, ...] = ()
    fallback_reason: str = ""
    window_aicc: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))

    @property
    def quality_ok(self) -> bool:
        """M7 < 1 and Q < 1 (Q NaN, as in the fallback, counts as not shown to be ok)."""
        m7, q = self.diagnostics.get("M7"), self.diagnostics.get("Q")
        return bool(m7 is not None and q is not None and m7 < 1 and q < 1)

    def to_frame(self) -> pd.DataFrame:
        out = pd.DataFrame({
            "series": self.series, "adjusted": self.adjusted, "seasonal": self.seasonal,
            "holiday_effect": self.holiday_effect,
            "trading_day_effect": self.trading_day_effect, "mom_pct": self.mom_pct,
        })
        out["split"] = out.index.isin(list(self.split_months))
        out.index.name = "month"
        return out

    def summary(self) -> Summary:
        diag = pd.DataFrame(
            {"value": [self.diagnostics.get(k, math.nan) for k in _DIAG_ROWS]},
            index=pd.Index(list(_DIAG_ROWS), name="diagnostic"),
        )
        notes = [f"method: {self.method}" + (f" ({self.fallback_reason})"
                                               if self.fallback_reason else "")]
        notes += [f"holiday window: {w.holiday} ({w.before} days before, {w.after} after)"
                  for w in self.windows]
        if self.jan_feb == "combined":
            notes.append(JAN_FEB_RULE)
        notes.append("mom_pct: seasonally adjusted month-on-month growth, %")
        tables = [("Holiday regressors", self.coefficients), ("Diagnostics", diag)]
        if len(self.window_aicc):
            tables.append(("AICc by Spring Festival window", self.window_aicc.to_frame("aicc")))
        tables.append(("Last 12 months", self.to_frame().tail(12)))
        return Summary("Seasonal adjustment", tables, notes)


_DIAG_ROWS = ("M7", "Q", "Q2", "sliding_spans_unstable_pct", "sliding_spans_mm_unstable_pct",
              "residual_seasonality_F", "residual_seasonality_p", "QS_adjusted",
              "QS_adjusted_p", "aicc")
