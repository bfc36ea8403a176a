"""Pseudo-real-time accuracy of the quarter's GDP estimate on the bundled national data.

For every quarter from 2018Q2 (the first with a year of bundled monthly industrial output before
it) to 2025Q4 and each month of the quarter, the indicator method (速度推算) and the bridge
regression estimate national single-quarter real GDP growth with only the figures published by
then (:func:`jinshui_analysis.models.estimate.information_set`); the naive rule (last published
quarter's growth) and an AR(1) are computed on the same information in the same run.

Prints ``quarters: N``, ``RMSE ratio vs naive: X`` (indicator method, all quarters including
2020Q1–2021Q4), the ratios of the other methods, and RMSE/MAE (百分点) by month of the quarter,
with and without the COVID quarters.  ``--dfm`` adds the dynamic factor nowcast (slow: one EM
fit per estimate).

Run: ``.venv/bin/python benchmarks/gdp_estimate.py``.
"""

from __future__ import annotations

import sys
import time

import pandas as pd

from jinshui_analysis.data.national_indicators import (
    national_monthly,
    national_quarterly_gdp,
    national_structure,
)
from jinshui_analysis.models import estimate as est

START, END = "2018Q2", "2025Q4"


def main(argv: list[str]) -> int:
    m, q, st = national_monthly(), national_quarterly_gdp(), national_structure()
    structure = st[["primary", "secondary", "tertiary"]]

    def indicator(mm, qq, k):
        return est.indicator_method(mm, qq, k, structure=structure,
                                    primary_growth_pct=st["primary_growth_pct"], previous=False)

    def bridge(mm, qq, k):
        return est.bridge(mm, qq, k, previous=False)

    estimators = {"indicator": indicator, "bridge": bridge}
    if "--dfm" in argv:
        estimators["dfm"] = lambda mm, qq, k: est.dfm(mm, qq, k, previous=False)
    t0 = time.perf_counter()
    bt = est.backtest(m, q, estimators=estimators, start=START, end=END)
    secs = time.perf_counter() - t0
    print(f"targets {START}–{END}; national single-quarter real GDP growth (%)")
    done = bt.table.dropna(subset=["actual", *bt.methods])["target"]
    print(f"quarters: {bt.quarters}")
    print(f"  (targets {done.iloc[0]}–{done.iloc[-1]} with every method's estimate; "
          "the bridge needs 8 published quarters with indicators)")
    print(f"RMSE ratio vs naive: {bt.rmse_ratio('indicator'):.3f}")
    for meth in bt.methods:
        if meth == "naive":
            continue
        print(f"  {meth:<9} RMSE ratio vs naive {bt.rmse_ratio(meth):.3f} "
              f"(without 2020Q1–2021Q4: {bt.rmse_ratio(meth, exclude_covid=True):.3f})")
    with pd.option_context("display.width", 120):
        print("\nRMSE / MAE by month of the quarter (百分点), all quarters")
        print(bt.scores().round(3).unstack("method").to_string())
        print("\nwithout the COVID quarters 2020Q1–2021Q4")
        print(bt.scores(exclude_covid=True).round(3).unstack("method").to_string())
    # 郑州市 / 河南省: what their published figures hold for the same backtest
    from jinshui_analysis.reports.loader import load_report_data
    from jinshui_analysis.reports.sections.estimate import own_inputs

    for region in ("郑州市", "河南省"):
        inp, missing = own_inputs(load_report_data(region, "2025-12", demo=False))
        if inp is None:
            print(f"{region}: backtest not run — the bundled figures lack {'; '.join(missing)}")
        else:
            print(f"{region}: {len(inp.quarterly)} quarters of own single-quarter GDP growth")
    print(f"\nbacktest wall time {secs:.1f} s ({len(bt.table)} estimate dates × "
          f"{len(estimators)} estimated methods)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
