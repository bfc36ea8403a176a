"""Catch-up of Jinshui (金水区, 2022 GDP 1932亿) with Nanshan (南山区, 2022 GDP 8035.88亿).

Fixture ``fixtures/regional/benchmark_nanshan_jinshui_2022.csv`` holds the sourced rows (copied
from /work/shared/data/regional/, with ``source_url``).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.models.catchup import catch_up, gap_table, scenario_grid

FIX = Path(__file__).parent / "fixtures" / "regional" / "benchmark_nanshan_jinshui_2022.csv"
NANSHAN, JINSHUI = 8035.88, 1932.0


def test_nanshan_jinshui_catch_up_by_hand() -> None:
    # ratio 8035.88 / 1932 = 4.159358; ln = 1.425361; ln(1.08 / 1.06) = 0.0186921
    # t = 1.425361 / 0.0186921 = 76.2546 years
    r = catch_up(NANSHAN, JINSHUI, 6, 8, start_period=2022)
    assert r.years == pytest.approx(1.4253607782 / 0.0186921330, rel=1e-9)
    assert r.years == pytest.approx(76.2546, abs=1e-4)
    # whole periods: after 76 years Jinshui is still behind (670212.5 < 673409.4),
    # after 77 years ahead (723829.5 > 713814.0) → 2022 + 77 = 2099
    assert r.periods_needed == 77
    assert r.period == 2099
    assert r.path.loc[2098, "lag"] < r.path.loc[2098, "lead"]
    assert r.path.loc[2099, "lag"] == pytest.approx(1932 * 1.08**77)
    assert r.path.loc[2099, "gap"] < 0
    assert r.path.loc[2022, "ratio"] == pytest.approx(1932 / 8035.88)
    assert list(r.path.columns) == ["lead", "lag", "gap", "ratio"]
    assert "76.25" in str(r.summary())


def test_catch_up_never_and_already() -> None:
    never = catch_up(NANSHAN, JINSHUI, 8, 8, start_period=2022)
    assert math.isinf(never.years)
    assert never.period is None
    assert len(never.path) == 201  # 2022 … 2222 (horizon = 200)
    assert "never" in str(never.summary())
    ahead = catch_up(100, 120, 5, 1, start_period=2022)
    assert ahead.years == 0 and ahead.period == 2022


def test_catch_up_beyond_horizon() -> None:
    r = catch_up(NANSHAN, JINSHUI, 6, 6.5, horizon=50)
    assert math.isfinite(r.years) and r.years > 50
    assert r.period is None and len(r.path) == 51


def test_catch_up_validation() -> None:
    with pytest.raises(ParameterError, match="lag_value"):
        catch_up(NANSHAN, 0, 6, 8)
    with pytest.raises(ParameterError, match="lead_growth_pct"):
        catch_up(NANSHAN, JINSHUI, -100, 8)


def test_scenario_grid() -> None:
    grid = scenario_grid(NANSHAN, JINSHUI, [8, 10], [6, 8])
    assert grid.index.name == "lag_growth_pct" and grid.columns.name == "lead_growth_pct"
    assert grid.loc[8.0, 6.0] == pytest.approx(76.2546, abs=1e-4)
    # ln(4.159358) / ln(1.10 / 1.06) = 38.4803
    assert grid.loc[10.0, 6.0] == pytest.approx(math.log(NANSHAN / JINSHUI) / math.log(1.10 / 1.06))
    assert math.isinf(grid.loc[8.0, 8.0])


def test_gap_table_tidy() -> None:
    frame = pd.read_csv(FIX)
    assert frame["source_url"].str.startswith("http").any()
    table = gap_table(frame, ["南山区", "金水区"], period=2022)
    assert table.loc["金水区", "GDP (亿元)"] == 1932
    # first of duplicated rows kept: 8035.88 (统计局) rather than the rounded 8036
    assert table.loc["南山区", "GDP (亿元)"] == pytest.approx(8035.88)
    assert table.loc["金水区", "GDP ratio to 南山区 (%)"] == pytest.approx(1932 / 8035.88 * 100)
    assert table.loc["金水区", "GDP gap to 南山区 (亿元)"] == pytest.approx(6103.88)
    assert table.loc["南山区", "GDP growth (%)"] == pytest.approx(3.3)


def test_gap_table_wide_per_capita_and_shares() -> None:
    """示例数据 / synthetic wide table."""
    wide = pd.DataFrame(
        {
            "地区生产总值": [1000.0, 500.0],
            "常住人口": [100.0, 50.0],  # 万人
            "第一产业增加值": [10.0, 0.0],
            "第二产业增加值": [290.0, 100.0],
            "第三产业增加值": [700.0, 400.0],
        },
        index=["lead", "lag"],
    )
    table = gap_table(wide, ["lag", "lead"], benchmark="lead")
    # 1000亿 / 100万人 = 10⁸·1000 / 10⁴·100 = 100000 元
    assert table.loc["lead", "GDP per capita (元)"] == pytest.approx(100000)
    assert table.loc["lag", "第三产业增加值 share (%)"] == pytest.approx(80)
    assert table.loc["lag", "GDP ratio to lead (%)"] == pytest.approx(50)
    assert list(table.index) == ["lag", "lead"]


def test_gap_table_errors() -> None:
    frame = pd.read_csv(FIX)
    with pytest.raises(ParameterError, match="regions"):
        gap_table(frame, ["南山区"], period=2022)
    with pytest.raises(ParameterError, match="period"):
        gap_table(frame, ["南山区", "金水区"])
    with pytest.raises(DataError, match="福田区"):
        gap_table(frame, ["南山区", "福田区"], period=2022)
    with pytest.raises(ParameterError, match="benchmark"):
        gap_table(frame, ["南山区", "金水区"], period=2022, benchmark="x")


def test_catch_up_nearly_equal_rates_no_overflow() -> None:
    # t = ln(8035.88/1932) / ln(1.0601/1.06) = 1.4253608 / 9.43352e-5 ≈ 15109.5 years:
    # (1.0601)^15110 overflows a float, so the old power-based search raised OverflowError
    r = catch_up(NANSHAN, JINSHUI, 6, 6.01, start_period=2022)
    assert r.years == pytest.approx(
        math.log(NANSHAN / JINSHUI) / math.log(1.0601 / 1.06), rel=1e-12
    )
    assert 15109 < r.years < 15110
    assert r.periods_needed is None and r.period is None
    assert len(r.path) == 201 and r.path.index[-1] == 2222
    grid = scenario_grid(NANSHAN, JINSHUI, [6.01, 6.0], [6.0])
    assert grid.loc[6.01, 6.0] == pytest.approx(r.years, rel=1e-12)
    assert math.isinf(grid.loc[6.0, 6.0])


def test_catch_up_whole_period_at_the_horizon() -> None:
    # 100 → 200 at 100 % vs 0 %: exactly 1 year; exact integer must not be pushed to 2
    r = catch_up(200, 100, 0, 100, horizon=1)
    assert r.years == pytest.approx(1.0) and r.periods_needed == 1
    assert r.path["lag"].tolist() == [100.0, 200.0]


def test_gap_table_tidy_measure_column() -> None:
    # package tidy layout: growth is indicator "地区生产总值", measure "yoy_pct"; the yoy row
    # first must not be taken as the level (Nanshan 8035.88亿, 3.3 %; Jinshui 1932亿)
    tidy = pd.DataFrame(
        {
            "region": ["南山区", "南山区", "金水区", "金水区"],
            "indicator": ["地区生产总值"] * 4,
            "measure": ["yoy_pct", "level", "yoy_pct", "level"],
            "period": ["2022"] * 4,
            "value": [5.0, 8035.88, 4.0, 1932.0],
        }
    )
    table = gap_table(tidy, ["南山区", "金水区"], period=2022)
    assert table.loc["南山区", "GDP (亿元)"] == pytest.approx(8035.88)
    assert table.loc["金水区", "GDP (亿元)"] == pytest.approx(1932)
    assert table.loc["南山区", "GDP growth (%)"] == pytest.approx(5.0)
    assert table.loc["金水区", "growth gap to 南山区 (pp)"] == pytest.approx(-1.0)
    assert table.loc["金水区", "GDP gap to 南山区 (亿元)"] == pytest.approx(6103.88)
    # the old "…增速" indicator name still works when a measure column is present
    old = tidy.iloc[[1, 3]].copy()
    extra = pd.DataFrame({"region": ["南山区"], "indicator": ["地区生产总值增速"],
                          "measure": ["level"], "period": ["2022"], "value": [3.3]})
    table = gap_table(pd.concat([old, extra]), ["南山区", "金水区"], period=2022)
    assert table.loc["南山区", "GDP growth (%)"] == pytest.approx(3.3)
    assert table.loc["南山区", "GDP (亿元)"] == pytest.approx(8035.88)


def test_catch_up_trend_never_spans_a_change_of_basis():
    """A declared basis break (e.g. 郑州市 2017) starts the trend window: with levels
    2015, 2016 | 2017, 2018 and a break in 2017, the trend is measured over 2017–2018 only."""
    import pandas as pd

    from jinshui_analysis.models.catchup import catch_up_scenarios

    lead = pd.Series([100.0, 110.0, 121.0, 133.1], index=["2015", "2016", "2017", "2018"])
    lag = pd.Series([10.0, 20.0, 40.0, 44.0], index=["2015", "2016", "2017", "2018"])
    plain = catch_up_scenarios(lead, lag, as_of=2018)
    broken = catch_up_scenarios(lead, lag, as_of=2018, breaks=[2017])
    # (44/10)^(1/3) − 1 = 63.9 % over 2015–2018, but (44/40) − 1 = 10 % within 2017–2018
    assert plain.scenarios.loc["trend", "lag_growth_pct"] == pytest.approx(63.86, abs=0.01)
    assert broken.scenarios.loc["trend", "lag_growth_pct"] == pytest.approx(10.0)
    assert broken.window["lag"] == (2017, 2018)
    # a single level after the break: no trend, but the target scenario still stands
    only_target = catch_up_scenarios(lead, lag, as_of=2018, breaks=[2018],
                                     target_growth_pct=8.0, lead_real_growth_pct=5.0)
    assert list(only_target.scenarios.index) == ["target"]


def test_catch_up_scenarios_read_periods_as_their_codes():
    import pandas as pd

    from jinshui_analysis.models.catchup import catch_up_scenarios

    codes = ["2015", "2016", "2017", "2018"]
    lead = pd.Series([100.0, 110.0, 121.0, 133.1], index=codes)
    lag = pd.Series([10.0, 20.0, 40.0, 44.0], index=codes)
    years = pd.PeriodIndex(codes, freq="Y")
    by_code = catch_up_scenarios(lead, lag, as_of=2018, breaks=[2017])
    by_period = catch_up_scenarios(lead.set_axis(years), lag.set_axis(years),
                                   as_of=pd.Period("2018", "Y"), breaks=[2017])
    pd.testing.assert_frame_equal(by_period.scenarios, by_code.scenarios)
    assert by_period.window == by_code.window == {"lead": (2017, 2018), "lag": (2017, 2018)}
    # within 2017–2018: lead 133.1/121 − 1 = 10 %, lag 44/40 − 1 = 10 %
    trend = by_period.scenarios.loc["trend"]
    assert trend["lead_growth_pct"] == pytest.approx(10.0)
    assert trend["lag_growth_pct"] == pytest.approx(10.0)


def test_trend_window_never_spans_a_break_of_either_region():
    """Lead levels 2019–2022, lag levels 2017, 2018, 2022; a census break in 2019 (both regions):
    the lag has one level since the break, so there is no trend (the old check looked at the
    earlier start year only and measured the lag over 2017→2022 across the break)."""
    import pandas as pd

    from jinshui_analysis.models.catchup import catch_up_scenarios

    lead = pd.Series({"2019": 6103.69, "2020": 6502.22, "2022": 8035.88})
    lag = pd.Series({"2017": 1203.43, "2018": 1378.8, "2022": 1932.0})
    without = catch_up_scenarios(lead, lag, as_of=2022, target_growth_pct=8.0,
                                 lead_real_growth_pct=3.3)
    assert without.window["lag"] == (2017, 2022)  # what a break-blind trend would measure
    res = catch_up_scenarios(lead, lag, as_of=2022, target_growth_pct=8.0,
                             lead_real_growth_pct=3.3, breaks=[2019, 2023])
    assert "trend" not in res.scenarios.index
    for a, b in res.window.values():
        assert not [y for y in (2019, 2023) if a < y <= b] or a >= b
    # the target path: ln(8035.88/1932) / ln(1.08/1.033) = 32.0 years
    assert res.scenarios.loc["target", "years"] == pytest.approx(
        math.log(8035.88 / 1932) / math.log(1.08 / 1.033))
