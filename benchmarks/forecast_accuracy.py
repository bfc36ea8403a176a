"""Backtest accuracy and cost of :func:`jinshui_analysis.models.forecast.forecast` on the bundled data.

For every region × annual GDP-level series of the bundled, sourced data with at least
``MIN_POINTS`` annual observations, prints:

- the model chosen by the rolling-origin backtest and its MASE, the naive model's MASE on the
  same forecasts, their ratio (< 1: the model beats the random walk), the number of backtest
  forecasts and the empirical coverage of the chosen model's 80 % bands;
- the same for :func:`jinshui_analysis.models.forecast.growth_forecast` (the forecast on log
  growth every report shows), with the breaks declared in ``data/regional/breaks.csv``: its
  empirical 80 %/95 % interval coverage next to the chosen level model's, and its mean
  absolute error relative to the no-change (naive) forecast on the same backtest targets
  (``g_rel_MAE`` < 1: growth beats naive), all in the same run;
- the wall time of fit + backtest with all models, the same for the naive model alone
  (timed in the same process, median of ``REPEATS`` runs) and their ratio.

Run: ``.venv/bin/python benchmarks/forecast_accuracy.py`` (or ``make bench``).
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings

import pandas as pd

from jinshui_analysis.data import bundled, load_bundled
from jinshui_analysis.exceptions import DataError, ShortSeriesWarning
from jinshui_analysis.models.forecast import MIN_EVIDENCE, forecast, growth_forecast, select_series

MIN_POINTS = 4  # Jinshui and Nanshan have 4: shown, with what little backtest they allow
HORIZON = 2
REPEATS = 3
GDP_INDICATORS = ("地区生产总值", "国内生产总值")


def _timed(series: pd.Series, **kw: object) -> tuple[float, object]:
    times = []
    res = None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        res = forecast(series, HORIZON, **kw)  # type: ignore[arg-type]
        times.append(time.perf_counter() - t0)
    return statistics.median(times), res


def main() -> int:
    df = load_bundled()
    levels = df[df["indicator"].isin(GDP_INDICATORS) & (df["measure"] == "level")]
    rows = []
    skipped = []
    # warm-up: import statsmodels and compile its paths outside the timings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortSeriesWarning)
        forecast(pd.Series([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
                           index=[str(2000 + i) for i in range(7)]), 1)
    for (region, indicator), _ in levels.groupby(["region", "indicator"], sort=True):
        try:
            y = select_series(df, region=region, indicator=indicator, freq="Y")
        except Exception:  # noqa: BLE001 - no annual rows for this pair
            continue
        n = int(y.notna().sum())
        if n < MIN_POINTS:
            skipped.append(f"{region}/{indicator} ({n} annual points)")
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ShortSeriesWarning)
            t_all, res = _timed(y)
            t_naive, _ = _timed(y, models=["naive"])
        fallbacks = sorted({str(w.message).split("model ")[1].split(" ")[0].strip("'")
                            for w in caught if "falling back" in str(w.message)})
        acc = res.accuracy  # type: ignore[union-attr]
        chosen = res.chosen  # type: ignore[union-attr]
        others = acc.drop(index="naive")
        eligible = others[(others["n_forecasts"] >= MIN_EVIDENCE)
                          & (2 * others["n_forecasts"] >= acc.loc["naive", "n_forecasts"])]
        best_other = eligible["relative_MASE"].min() if len(eligible) else float("nan")
        g_cov80 = g_cov95 = g_rel = float("nan")
        g_n = 0
        try:
            gres = growth_forecast(y.dropna(), 1, breaks=bundled.breaks(region, indicator))
        except DataError:
            gres = None
        if gres is not None and len(gres.backtest):
            bt = gres.backtest
            origin_level = [float(y[o]) for o in bt["origin"]]
            mae_naive = (bt["actual"] - origin_level).abs().mean()
            g_rel = float((bt["actual"] - bt["median"]).abs().mean() / mae_naive)
            g_cov80, g_cov95, g_n = gres.coverage_80, gres.coverage_95, len(bt)
        rows.append(
            {
                "region": region,
                "span": f"{y.index[0]}–{y.index[-1]}",
                "n_obs": n,
                "chosen": chosen,
                "MASE_chosen": acc.loc[chosen, "MASE"],
                "MASE_naive": acc.loc[chosen, "MASE_naive"],
                "rel_MASE": acc.loc[chosen, "relative_MASE"],
                "best_rel_other": best_other,
                "n_fc": int(acc.loc[chosen, "n_forecasts"]),
                "cov80": acc.loc[chosen, "coverage_80"],
                "cov95": acc.loc[chosen, "coverage_95"],
                "g_n": g_n,
                "g_cov80": g_cov80,
                "g_cov95": g_cov95,
                "g_rel_MAE": g_rel,
                "beats_naive": "yes" if chosen != "naive" else "NO",
                "t_all_s": t_all,
                "t_naive_s": t_naive,
                "ratio": t_all / t_naive,
                "dropped": ",".join(fallbacks) or "-",
            }
        )
        per_model = acc[["n_forecasts", "MASE", "relative_MASE", "coverage_80", "coverage_95"]]
        print(f"\n{region} {indicator} ({y.index[0]}–{y.index[-1]}, {n} obs, h=1..{HORIZON})")
        print(per_model.round(3).to_string())
    table = pd.DataFrame(rows).set_index("region")
    pd.set_option("display.width", 200)
    print("\n=== Backtest MASE (rolling origin, expanding window, horizons 1.."
          f"{HORIZON}) and time per series ===")
    print(table.round(3).to_string())
    print("\nrel_MASE = MASE(chosen)/MASE(naive) on the same forecasts; best_rel_other = best "
          f"ratio among non-naive models with ≥ {MIN_EVIDENCE} backtest forecasts and ≥ half "
          "as many as naive (NaN: none has enough evidence; ≥ 1: none beats naive).")
    print("g_* = growth_forecast (log growth, declared breaks skipped; one-step rolling origins "
          "with ≥ 2 growth observations): g_n backtest forecasts, coverage of its 80%/95% bands, "
          "g_rel_MAE = its mean absolute error / the no-change forecast's on the same targets.")
    print("dropped = models the series is too short (or too gappy) for: ShortSeriesWarning, "
          "fallback to a simpler model.")
    print(f"times: median of {REPEATS} runs, wall clock, fit + backtest; ratio = all models / "
          "naive only.")
    if skipped:
        print(f"skipped (< {MIN_POINTS} annual points): " + "; ".join(skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
