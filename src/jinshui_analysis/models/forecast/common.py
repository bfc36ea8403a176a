"""What every forecaster shares: the model names and their minimum lengths, the fan-chart
columns, and the series preparation (one frequency, a complete PeriodIndex, gaps as NaN)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from jinshui_analysis.data.select import select
from jinshui_analysis.exceptions import DataError, ModelError, ParameterError
from jinshui_analysis.periods import pandas_freq, to_period_index

#: Model names, simplest first (the order breaks ties).
MODELS: tuple[str, ...] = ("naive", "drift", "ets", "arima", "llt")

#: Technical descriptions of the models (summaries; reports word the codes themselves).
MODEL_LABELS = {
    "naive": "naive random walk",
    "drift": "random walk with drift",
    "ets": "ETS(A,A,N), initial states from the data (statsmodels ETSModel)",
    "arima": "ARIMA(1,1,0) with drift (SARIMAX)",
    "llt": "local linear trend (UnobservedComponents)",
}
#: Observations needed to fit a model with intervals (non-seasonal; seasonal adds 2·s).
MIN_FIT = {"naive": 2, "drift": 3, "ets": 6, "arima": 6, "llt": 6}
#: Observations needed for a backtest point forecast (and a MASE scale).
MIN_BACKTEST = {"naive": 2, "drift": 2, "ets": 6, "arima": 6, "llt": 6}
#: Backtest forecasts a model needs before it can be chosen over naive.
MIN_EVIDENCE = 3
FALLBACK = {"naive": "naive", "drift": "naive", "ets": "drift", "arima": "drift", "llt": "drift"}
SEASON = {"Y": 1, "Q": 4, "M": 12}
_FREQ_CODE = {"Y": "Y", "Q": "Q", "M": "M"}

FAN_COLUMNS: tuple[str, ...] = (
    "history",
    "mean",
    "median",
    "lower_95",
    "lower_80",
    "upper_80",
    "upper_95",
)


def period_labels(pi: pd.PeriodIndex | Sequence[pd.Period]) -> list[str]:
    return [str(p) for p in pi]


def prepare_series(series: pd.Series, name: str) -> tuple[pd.Series, str]:
    """Return a float Series on a complete PeriodIndex (gaps as NaN) and its frequency code."""
    if not isinstance(series, pd.Series):
        raise ParameterError("must be a pandas Series indexed by period", parameter="series")
    pi = to_period_index(series.index, name=name)
    try:
        values = pd.to_numeric(pd.Series(np.asarray(series, dtype=object)), errors="raise")
    except (TypeError, ValueError) as exc:
        raise DataError(f"{name}: non-numeric values ({exc})") from exc
    s = pd.Series(values.to_numpy(dtype=float), index=pi)
    if s.index.has_duplicates:
        dup = sorted({str(p) for p in s.index[s.index.duplicated()]})
        raise DataError(f"{name}: duplicated periods {dup}")
    s = s.sort_index()
    obs = s.dropna()
    if obs.empty:
        raise ModelError(f"{name}: no observed values")
    if not np.isfinite(obs.to_numpy()).all():
        raise DataError(f"{name}: infinite values")
    freq = pandas_freq(obs.index[0])
    full = pd.period_range(obs.index[0], obs.index[-1], freq=obs.index.freq)
    return s.reindex(full), freq


def select_series(
    frame: pd.DataFrame,
    *,
    region: str,
    indicator: str,
    measure: str = "level",
    freq: str = "Y",
    cumulative: bool | None = None,
    duplicates: str = "raise",
) -> pd.Series:
    """Pick one series (``region`` × ``indicator`` × ``measure``) out of the tidy frame.

    Parameters
    ----------
    frame : DataFrame
        The tidy layout of :func:`jinshui_analysis.data.load_bundled` (columns region,
        indicator, measure, period, cumulative, value, …).
    region, indicator, measure : str
        Exact matches.
    freq : {"Y", "Q", "M"}
        Keep only single periods of this frequency (``"2022"`` for ``"Y"``); other labels
        (``2020H1``, ``2021Q1-Q3``…) are skipped.
    cumulative : bool, optional
        If given, keep only rows whose ``cumulative`` flag equals it.
    duplicates : {"raise", "first", "last", "mean"}
        What to do with two rows for one period (sources that disagree, e.g. an initial
        estimate and a revision).  Values equal to 0.1 % are merged silently whatever the choice.

    Returns
    -------
    Series named ``indicator`` indexed by period strings (index named ``period``), sorted.
    """
    s = select(frame, region, indicator, measure=measure, freq=freq, cumulative=cumulative,
               duplicates=duplicates)  # type: ignore[arg-type]
    if s.empty:
        raise DataError(f"no {freq} rows for region={region!r}, indicator={indicator!r}")
    return s

