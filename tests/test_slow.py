"""Heavier checks, run by `make test-slow` (marked ``slow``; `make test` deselects them).

A whole year of monthly reports for two regions, rendered as one batch: every month renders,
the key figures move the way the formulas say they must across the year, and a rerun skips all.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from jinshui_analysis import collect
from jinshui_analysis.render import batch
from jinshui_analysis.reports import sections as S

pytestmark = pytest.mark.slow

MONTHS = [f"2023-{m:02d}" for m in range(1, 13)]


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("year")
    # the demo world (demo=true): a year of complete monthly reports
    res = batch.render_grid("monthly_report", periods=MONTHS, regions=["金水区", "南山区"],
                            out_dir=out, jobs=2, progress=False, params={"demo": True})
    return out, res


def test_every_month_renders(year):
    out, res = year
    assert res.exit_code == 0, res.summary
    assert res.counts() == {"ok": 24}


def test_key_figures_across_the_year(year):
    out, _ = year
    figs = collect(out)
    js = figs[figs["region"] == "金水区"]
    wide = js.pivot_table(index="period", columns="figure", values="value", aggfunc="first")
    wide = wide.reindex(MONTHS)
    # 序时进度: the schedule is m/12 and the completion share of the annual plan never falls
    gap = wide["projects_gap_pp"] + [m / 12 * 100 for m in range(1, 13)]
    assert (gap - wide["projects_completion_pct"]).abs().max() < 1e-9
    assert wide["projects_completion_pct"].is_monotonic_increasing
    # the growth still needed exists only while the year is incomplete (Q1–Q3 published)
    need = wide["required_rest_growth"].dropna()
    assert set(need.index) == set(MONTHS[2:11])
    assert pd.isna(wide.loc["2023-01", "gdp_ytd"]) and pd.isna(wide.loc["2023-02", "gdp_ytd"])
    # demo Q4 YTD = the demo world's annual total (the figure its source line names)
    rd = S.load_report_data("金水区", "2023-12", demo=True)
    q = rd.quarterly[(rd.quarterly["measure"] == "level") & (rd.quarterly["period"] == "2023Q4")]
    total = float(re.search(r"calibrated to ([0-9.]+)", str(q["source"].iloc[0])).group(1))
    assert wide.loc["2023-12", "gdp_ytd"] == pytest.approx(total)


def test_rerun_skips_everything(year):
    out, _ = year
    res = batch.render_grid("monthly_report", periods=MONTHS, regions=["金水区", "南山区"],
                            out_dir=out, jobs=2, progress=False, params={"demo": True})
    assert res.counts() == {"skipped": 24}
