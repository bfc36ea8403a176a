r"""The nowcast's data: monthly indicators as single-month year-on-year growth (January kept
where published, 1-2月 combined figures standing for both months), quarterly GDP growth, and
their month-on-month and quarter-on-quarter changes on one information set (vintage).

Inputs are indexed by period codes (``"2023-03"``, ``"2023Q1"``) or by a ``pd.PeriodIndex``;
:func:`prepare` normalises them once (:func:`jinshui_analysis.periods.to_period_index`) and
everything after works on periods.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ModelError, ParameterError
from jinshui_analysis.models.ytd import ytd_to_single
from jinshui_analysis.periods import pandas_freq, to_pandas_period, to_period_index

__all__ = ["monthly_growth", "prepare", "quarter_end"]

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
        ``attrs["combined"]`` lists the ``(column, Period("YYYY-02"))`` values that stood for
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
    combined: list[tuple[str, pd.Period]] = []
    if kind == "ytd_level":
        out = pd.DataFrame(np.nan, index=m.index, columns=m.columns)
        for col in m.columns:
            ytd = m[col].dropna()
            if ytd.empty:
                continue
            # ytd_to_single speaks period codes: codes in, its codes back to periods once
            single = ytd_to_single(ytd.set_axis([str(p) for p in ytd.index]))
            comb = set(to_period_index(pd.Index(list(single.attrs.get("combined", {}))),
                                       name=col)) if single.attrs.get("combined") else set()
            levels = pd.Series(single.to_numpy(dtype=float),
                               index=to_period_index(single.index, name=col))
            for p in levels.index:
                prev = p - 12
                if p in comb:  # Jan–Feb combined: compare with last year's Jan + Feb
                    base = levels.get(prev, np.nan)
                    if prev not in comb:
                        base = base + levels.get(prev - 1, np.nan)
                    val = 100 * (levels[p] / base - 1)
                    out.loc[p, col] = val
                    combined.append((col, p))
                else:
                    if prev in comb:
                        continue  # last year's February covers Jan–Feb: no single-month base
                    out.loc[p, col] = 100 * (levels[p] / levels.get(prev, np.nan) - 1)
        m = out
    elif jan_feb_combined:
        for col in m.columns:
            for p in m.index[m.index.month == 2]:
                if not np.isnan(m.loc[p, col]) and np.isnan(m[col].get(p - 1, np.nan)):
                    combined.append((col, p))
    if jan_feb_combined or kind == "ytd_level":
        for col, feb in combined:
            if feb - 1 not in m.index:
                m = m.reindex(pd.period_range(feb - 1, m.index[-1], freq="M"))
            m.loc[feb - 1, col] = m.loc[feb, col]
    m = m.reindex(pd.period_range(m.index[0], m.index[-1], freq="M"))
    m.attrs["combined"] = combined
    return m


def _changes(m: pd.DataFrame) -> pd.DataFrame:
    """Month-on-month change (pp) of single-month growth; unknown Jan→Feb changes missing."""
    d = m.diff()
    for col, feb in m.attrs.get("combined", []):
        d.loc[feb, col] = np.nan
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


def quarter_end(q: pd.Period) -> pd.Period:
    """The last month of quarter ``q`` (``2023Q2`` → ``2023-06``)."""
    return q.asfreq("M", how="end")


def prepare(
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
        q = q.loc[[quarter_end(p) < v for p in q.index]]
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
