"""The results of a nowcast (:class:`NowcastResults`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from jinshui_analysis.results import Results, Summary

__all__ = ["NowcastResults"]

@dataclass(frozen=True, repr=False)
class NowcastResults(Results):
    """A fitted mixed-frequency dynamic factor model and its nowcast.

    Attributes
    ----------
    target : str
        Quarter nowcast (its code, e.g. ``"2023Q4"``; the last row of :attr:`quarterly`).
    nowcast : float
        Predicted GDP growth of ``target`` (%, units of the quarterly input).
    lower_80, upper_80, lower_95, upper_95 : float
        Normal bands from the state-space prediction variance (parameters held fixed).
    vintage : str
        Last month of monthly data used.
    factor : DataFrame
        Smoothed factor(s) of the month-on-month changes of growth, index ``period`` (a monthly
        ``pd.PeriodIndex``), columns ``factor_1``…; sign normalised so that GDP loads
        positively on each factor (its cumulative sum tracks the level of growth).
    loadings : DataFrame
        Index ``variable``; one column per factor (standardised units; same sign convention).
    quarterly : DataFrame
        Index ``period`` (a quarterly ``pd.PeriodIndex``, up to :attr:`target`); columns
        ``observed`` (single-quarter yoy growth, %) and ``fitted`` (previous quarter's published
        growth + the smoothed predicted change; after the last published quarter, the cumulated
        predicted changes), %.
    monthly : DataFrame
        Single-month yoy growth (%) the model saw (after the 1–2月 handling), index ``period``
        (a monthly ``pd.PeriodIndex``).
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
    ) -> Results:
        """News decomposition of the nowcast between this vintage and new data.

        Parameters
        ----------
        new_monthly : DataFrame
            The later vintage of the same monthly indicators (same columns; it may add months
            and revise old values).
        new_quarterly : Series, optional
            Later vintage of quarterly GDP growth (default: the one used for this nowcast).
            Must not contain the target quarter itself.

        Returns
        -------
        NewsResults
            (:class:`jinshui_analysis.models.nowcast.decomposition.NewsResults`)
        """
        from jinshui_analysis.models.nowcast.decomposition import news

        return news(self, new_monthly, new_quarterly)
