"""Seconds per series of the seasonal adjustment, against plain statsmodels STL in the same run.

    .venv/bin/python benchmarks/seasonal.py [repeats]

Series: the bundled national 社会消费品零售总额 2012-02 … 2018-05 (1-2月 combined) and a
synthetic 12-year series with a known 春节 effect.  Timed, per series (best of ``repeats``):

* baseline — ``statsmodels.tsa.seasonal.STL(log y, period=12, robust=True).fit()`` (no holiday);
* ``adjust(method="stl")`` — the fallback (OLS 春节 effect + STL);
* ``adjust()`` — X-13ARIMA-SEATS (one run; with the 1-2月 split, three runs), with sliding
  spans, and without them (``sliding_spans=False``).

Prints seconds and the ratio to the baseline.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd
from statsmodels.tsa.seasonal import STL

from jinshui_analysis.data.official_monthly import retail_sales_monthly
from jinshui_analysis.models.holidays import WINDOWS, holiday_regressor
from jinshui_analysis.models.seasonal import adjust, x13_binary


def synthetic() -> pd.Series:
    idx = pd.period_range("2008-01", "2019-12", freq="M")
    h = holiday_regressor(WINDOWS["spring_festival"], idx).to_numpy()
    rng = np.random.default_rng(1)
    season = np.log([0.90, 0.85, 1.00, 0.98, 1.02, 1.00, 0.97, 0.99, 1.03, 1.05, 1.04, 1.10])
    logy = 5 + 0.008 * np.arange(len(idx)) + season[idx.month - 1] - 0.2 * h \
        + rng.normal(0, 0.01, len(idx))
    return pd.Series(np.exp(logy), index=idx)


def best(fn, repeats: int, *args, **kwargs) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*args, **kwargs)
        times.append(time.perf_counter() - t0)
    return min(times)


def main(repeats: int = 3) -> None:
    print(f"X-13 binary: {x13_binary()}")
    cases = {"社零 2012-2018 (1-2月 combined)": (retail_sales_monthly(), "combined"),
             "synthetic 2008-2019": (synthetic(), None)}
    adjust(cases["synthetic 2008-2019"][0], method="stl")  # imports and caches warmed once
    for name, (s, jf) in cases.items():
        filled = s.interpolate().bfill()  # STL needs every month: baseline only
        base = best(lambda z: STL(z, period=12, robust=True).fit(), repeats,
                    np.log(filled.to_numpy()))
        rows = {
            "stl+ols fallback": best(adjust, repeats, s, jan_feb=jf, method="stl"),
            "x13, sliding spans": best(adjust, repeats, s, jan_feb=jf),
            "x13, no sliding spans": best(adjust, repeats, s, jan_feb=jf, sliding_spans=False),
        }
        print(f"\n{name}: {len(s)} months")
        print(f"  {'baseline STL (statsmodels)':28s} {base:8.4f} s   1.0×")
        for label, sec in rows.items():
            print(f"  {label:28s} {sec:8.4f} s   {sec / base:6.1f}× baseline")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
