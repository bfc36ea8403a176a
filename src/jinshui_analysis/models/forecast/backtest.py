"""Scoring the rolling-origin backtest: the MASE scale, the accuracy table, the trend test and
the choice of model (naive wins ties)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from jinshui_analysis.models.forecast.common import MIN_EVIDENCE
from jinshui_analysis.models.forecast.fitters import paired_differences


def mase_scale(y: np.ndarray, lag: int) -> float:
    d, g = paired_differences(y, lag)
    if len(d) == 0:
        return float("nan")
    return float(np.mean(np.abs(d) / g))


def accuracy_table(backtest: pd.DataFrame, models: Sequence[str]) -> pd.DataFrame:
    cols = [
        "n_forecasts", "MAPE", "RMSE", "MASE", "MASE_naive", "relative_MASE",
        "coverage_80", "coverage_95",
    ]  # fmt: skip
    rows: dict[str, dict[str, float]] = {m: dict.fromkeys(cols, np.nan) for m in models}
    for m in models:
        rows[m]["n_forecasts"] = 0
    if not backtest.empty:
        model = backtest["model"].to_numpy()
        key = list(zip(backtest["origin"], backtest["horizon"]))
        act = backtest["actual"].to_numpy(dtype=float)
        err = act - backtest["forecast"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ase = np.abs(err) / backtest["scale"].to_numpy(dtype=float)
        naive = {k: a for k, a, mm in zip(key, ase, model) if mm == "naive"}
        bands = {lvl: (backtest[f"lower_{lvl}"].to_numpy(dtype=float),
                       backtest[f"upper_{lvl}"].to_numpy(dtype=float)) for lvl in (80, 95)}
        for m in models:
            sel = model == m
            if not sel.any():
                continue
            e, y, a = err[sel], act[sel], ase[sel]
            r = rows[m]
            r["n_forecasts"] = int(sel.sum())
            with np.errstate(divide="ignore", invalid="ignore"):
                r["MAPE"] = float(np.mean(np.abs(e / y)) * 100)
            r["RMSE"] = float(np.sqrt(np.mean(e**2)))
            r["MASE"] = float(np.nanmean(a)) if np.isfinite(a).any() else np.nan
            matched = np.array([naive.get(k, np.nan) for k, ok in zip(key, sel) if ok])
            ok = np.isfinite(matched) & np.isfinite(a)
            if ok.any():
                r["MASE_naive"] = float(np.mean(matched[ok]))
                if r["MASE_naive"] > 0:
                    r["relative_MASE"] = float(np.mean(a[ok])) / r["MASE_naive"]
            for lvl, (lo, hi) in bands.items():
                lo_m, hi_m = lo[sel], hi[sel]
                has = np.isfinite(lo_m) & np.isfinite(hi_m)
                if has.any():
                    inside = (y[has] >= lo_m[has]) & (y[has] <= hi_m[has])
                    r[f"coverage_{lvl}"] = float(np.mean(inside))
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    out.index.name = "model"
    out["n_forecasts"] = out["n_forecasts"].astype(int)
    out.columns.name = "metric"
    return out


#: t statistic of the mean growth per year above which an annual series is "growing" and is
#: not forecast flat (the no-change model is not chosen).
TREND_T = 2.0


def trend_statistic(y: np.ndarray) -> float:
    r"""t statistic of the mean growth per period over the actual spacing of the observations.

    With observed points :math:`t_i` (gaps allowed) and log levels :math:`x_i` (levels when not
    all positive), the growth per period of each pair is :math:`r_i = (x_{i+1}-x_i)/g_i`,
    :math:`g_i = t_{i+1}-t_i`; :math:`t = \bar r / (s_r/\sqrt{n})`.  A 2009→2015 gap is one
    pair of spacing 6, not one year of 6 years' growth.  NaN with fewer than 3 pairs.
    """
    obs = np.flatnonzero(~np.isnan(y))
    if len(obs) < 4:
        return float("nan")
    v = y[obs]
    x = np.log(v) if np.all(v > 0) else v
    r = np.diff(x) / np.diff(obs)
    sd = float(np.std(r, ddof=1))
    if sd == 0:
        return float("inf") if np.mean(r) > 0 else float("nan")
    return float(np.mean(r) / (sd / math.sqrt(len(r))))


def choose_model(accuracy: pd.DataFrame, tol: float = 1e-9, *, trend: bool = False) -> str:
    """Lowest relative MASE strictly below 1 among models with enough backtest evidence.

    A model is eligible only when its backtest has at least ``MIN_EVIDENCE`` forecasts and at
    least half as many as the naive model's (ETS on a gappy series may be testable at one
    origin only: one lucky forecast must not win).  With ``trend`` (an annual series growing
    significantly, :func:`trend_statistic`) the naive model is not a candidate: the eligible trend
    model with the lowest MASE is chosen, else drift (growth over the observations' spacing).
    """
    if trend:
        cand = [m for m in accuracy.index if m != "naive"
                and int(accuracy.loc[m, "n_forecasts"]) >= MIN_EVIDENCE
                and np.isfinite(accuracy.loc[m, "MASE"])]
        if cand:
            return str(min(cand, key=lambda m: float(accuracy.loc[m, "MASE"])))
        return "drift" if "drift" in accuracy.index else str(
            next(m for m in accuracy.index if m != "naive"))
    best, best_val = "naive", 1.0 - tol
    n_naive = int(accuracy.loc["naive", "n_forecasts"]) if "naive" in accuracy.index else 0
    for m in accuracy.index:  # simplest first: a later model must be strictly better
        if m == "naive":
            continue
        n = int(accuracy.loc[m, "n_forecasts"])
        if n < MIN_EVIDENCE or 2 * n < n_naive:
            continue
        v = accuracy.loc[m, "relative_MASE"]
        if np.isfinite(v) and v < best_val:
            best, best_val = m, float(v) - tol
    return str(best)


