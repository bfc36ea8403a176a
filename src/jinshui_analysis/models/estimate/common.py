"""What is known at a date, quarter means of monthly growth, and the results object.

Information set (pseudo real time).  An estimate made *with data through month k* uses

- monthly figures of months ``<= k`` (a month's 当月 growth is published in the middle of the
  next month; January only inside the combined 1–2月 figure, stored at February), and
- quarterly GDP of quarters ending *before* k (a quarter's GDP is published in the month after
  the quarter — for the nation on the same day as the quarter's last monthly figures — so with
  data through March the first quarter's GDP is still unknown).

:func:`information_set` is the one place that cuts the data; every estimate and the backtest go
through it, so no figure published after the estimate date can enter (``tests/test_estimate.py``
poisons later figures and checks the estimate does not move).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.periods import pandas_freq, to_pandas_period
from jinshui_analysis.results import Results, Summary

__all__ = ["EstimateResults", "as_month", "information_set", "month_of_quarter", "quarter_means"]


def as_month(asof: object, name: str = "asof") -> pd.Period:
    """A month label (``"2024-05"``) or monthly Period → monthly Period; else ParameterError."""
    try:
        p = asof if isinstance(asof, pd.Period) else to_pandas_period(asof)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the caller's bad parameter
        raise ParameterError(f"must be a month such as '2024-05', got {asof!r}",
                             parameter=name) from exc
    if pandas_freq(p) != "M":
        raise ParameterError(f"must be a month such as '2024-05', got {asof!r}", parameter=name)
    return p


def _check_inputs(monthly: pd.DataFrame, quarterly: pd.Series) -> None:
    if not isinstance(monthly, pd.DataFrame) or not isinstance(monthly.index, pd.PeriodIndex) \
            or monthly.index.freqstr[0] != "M":
        raise ParameterError("must be a DataFrame with a monthly PeriodIndex", parameter="monthly")
    if not isinstance(quarterly, pd.Series) or not isinstance(quarterly.index, pd.PeriodIndex) \
            or quarterly.index.freqstr[0] != "Q":
        raise ParameterError("must be a Series with a quarterly PeriodIndex",
                             parameter="quarterly")


def information_set(monthly: pd.DataFrame, quarterly: pd.Series,
                    asof: object) -> tuple[pd.DataFrame, pd.Series]:
    """Monthly figures of months ≤ ``asof`` and GDP of quarters that ended before ``asof``.

    Returns copies; the inputs are not modified.
    """
    _check_inputs(monthly, quarterly)
    k = as_month(asof)
    m = monthly.loc[monthly.index <= k].copy()
    m.attrs = dict(monthly.attrs)
    ends = quarterly.index.asfreq("M", how="end")
    q = quarterly.loc[ends < k].dropna().copy()
    return m, q


def month_of_quarter(asof: object) -> int:
    """1, 2 or 3: the position of month ``asof`` in its quarter."""
    return (as_month(asof).month - 1) % 3 + 1


def quarter_means(monthly: pd.DataFrame, quarters: pd.PeriodIndex) -> tuple[pd.DataFrame,
                                                                             pd.DataFrame]:
    r"""Mean single-month growth of each quarter over the months published, and months covered.

    .. math:: \bar x_{q} = \frac{\sum_{m \in q} n_m x_m}{\sum_{m \in q} n_m}

    over the months *m* of quarter *q* with a figure; :math:`n_m = 2` for a February figure
    whose January is missing (the combined 1–2月 figure stands for two months), else 1.  This is
    the quarter's year-on-year growth when the months are equally large (Mariano & Murasawa
    2003 approximation, see :mod:`jinshui_analysis.models.nowcast`).

    Returns
    -------
    means : DataFrame  (index quarters, one column per indicator; NaN where no month is known)
    months : DataFrame (months of the quarter covered, 0–3)
    """
    means = pd.DataFrame(np.nan, index=quarters, columns=monthly.columns, dtype=float)
    cover = pd.DataFrame(0, index=quarters, columns=monthly.columns, dtype=int)
    if monthly.empty:
        return means, cover
    # plain arrays, not pandas indexing: this runs ~60 times per report (the backtest), and
    # every pandas operation deep-copies the frame's ``attrs``; the arithmetic is the same
    values = monthly.to_numpy(dtype=float)
    ordinals = monthly.index.asi8  # months since 1970-01, as PeriodIndex ordinals
    month_no = monthly.index.month.to_numpy()
    mq = monthly.index.asfreq("Q").asi8
    out_means = means.to_numpy(copy=True)
    out_cover = cover.to_numpy(copy=True)
    for qi, q in enumerate(quarters.asi8):
        rows = np.flatnonzero(mq == q)
        if not len(rows):
            continue
        for ci in range(values.shape[1]):
            col = values[rows, ci]
            keep = ~np.isnan(col)
            if not keep.any():
                continue
            s, at, month = col[keep], ordinals[rows][keep], month_no[rows][keep]
            present = set(at.tolist())
            w = np.ones(len(s))
            for i in range(len(s)):
                if month[i] == 2 and at[i] - 1 not in present:
                    w[i] = 2.0
            out_means[qi, ci] = float(np.dot(w, s) / w.sum())
            out_cover[qi, ci] = int(w.sum())
    means = pd.DataFrame(out_means, index=quarters, columns=monthly.columns, dtype=float)
    cover = pd.DataFrame(out_cover, index=quarters, columns=monthly.columns, dtype=int)
    return means, cover


def filled_means(monthly: pd.DataFrame, quarters: pd.PeriodIndex) -> tuple[pd.DataFrame,
                                                                           pd.DataFrame]:
    """:func:`quarter_means` with quarters lacking an indicator filled by its latest earlier
    quarter mean (stale: said in the notes of the estimate); ``months`` stays 0 there."""
    means, cover = quarter_means(monthly, quarters)
    return means.ffill(), cover


def check_growth_series(s: pd.Series, name: str) -> None:
    if s.empty:
        raise DataError(f"{name}: no published quarterly GDP growth before the estimate date")


@dataclass(frozen=True, repr=False)
class EstimateResults(Results):
    """A quarter's real GDP growth estimated before its publication.

    Attributes
    ----------
    method : str
        ``"indicator"`` (速度推算), ``"bridge"`` (regression / Chow–Lin with ρ = 0) or ``"dfm"``.
    target : str
        Quarter estimated (``"2024Q2"``).
    asof : str
        Last month of data used (``"2024-05"``).
    months_known : int
        Months of the target quarter covered by the indicators (0–3; 1–2月 counts 2).
    point_pct, lower_pct, upper_pct : float
        Estimate of single-quarter (当季) real GDP growth year on year (%) and its 80% band
        (NaN where no error spread is available).
    contributions : DataFrame
        Index ``item`` (industry or indicator, plus ``constant``); columns ``weight`` (share,
        fraction), ``indicator_pct``, ``elasticity``, ``contribution_pp`` (百分点; they add up to
        ``point_pct``).
    news : DataFrame
        Index ``item``; ``change_pp``: how each item moved the estimate since the previous
        month's estimate (百分点; with a ``parameters`` row for re-estimated coefficients and
        newly published GDP).  Empty when there is no previous estimate.
    previous_pct : float
        Previous month's estimate of the same quarter (NaN when none).
    notes : tuple of str
        Assumptions and gaps, technical English (for the summary).
    stale : tuple of str
        Indicators with no figure yet in the target quarter: their latest quarter is carried
        forward (the report says so).
    calibration : {"industry", "gdp", "short", ""}
        How the elasticities were set (indicator method): on each industry's own history, one
        common elasticity on GDP history (``n_history`` quarters), or 1 because the history is
        too short (fewer than ``min_history`` quarters); ``""`` for other methods.
    n_history : int
        Quarters of GDP history used for a common elasticity (``calibration`` "gdp"/"short").
    """

    method: str
    target: str
    asof: str
    months_known: int
    point_pct: float
    lower_pct: float
    upper_pct: float
    contributions: pd.DataFrame
    news: pd.DataFrame = field(default_factory=pd.DataFrame)
    previous_pct: float = float("nan")
    notes: tuple[str, ...] = ()
    real: bool = True
    stale: tuple[str, ...] = ()
    calibration: str = ""
    n_history: int = 0

    @property
    def change_pp(self) -> float:
        """point_pct − previous_pct (百分点)."""
        return self.point_pct - self.previous_pct

    def to_frame(self) -> pd.DataFrame:
        """:attr:`contributions`."""
        return self.contributions

    def summary(self) -> Summary:
        head = pd.DataFrame(
            {"value": [self.point_pct, self.lower_pct, self.upper_pct, self.previous_pct,
                       float(self.months_known)]},
            index=pd.Index(["estimate (%)", "lower_80 (%)", "upper_80 (%)",
                            "previous month (%)", "months of the quarter known"], name="item"))
        tables = [("Estimate", head.round(3)),
                  ("Contributions", self.contributions.round(3))]
        if not self.news.empty:
            tables.append(("News since last month", self.news.round(3)))
        return Summary(
            title=f"Quarter GDP estimate ({self.method}) {self.target}, data through {self.asof}",
            tables=tables,
            notes=["Single-quarter (当季) real growth, year on year.", *self.notes])
