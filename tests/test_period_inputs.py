"""Model inputs indexed by a ``pandas.PeriodIndex`` (or given as ``pd.Period`` / ``Period``)
give the same results as the same inputs keyed by period codes: each public entry normalises
them once (as statsmodels does with dates)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.models.forecast import forecast, growth_forecast, year_end_projection
from jinshui_analysis.models.projects import schedule_pct, schedule_progress
from jinshui_analysis.models.rates import chain_growth, yoy_growth
from jinshui_analysis.models.scenarios import gdp_scenarios, icor_from_data
from jinshui_analysis.models.ytd import as_period, single_to_ytd, ytd_to_single
from jinshui_analysis.periods import parse_period

# 金水区 GDP 2015–2022 as published (亿元; 2019–2022 on the 2019 census basis)
GDP = [1017.6, 1108.0, 1203.43, 1315.0, 1384.4, 1456.9, 1638.7, 1932.0]
YEARS = [str(y) for y in range(2015, 2023)]


def _both(values: list[float], codes: list[str], freq: str) -> tuple[pd.Series, pd.Series]:
    return (pd.Series(values, index=codes, name="gdp"),
            pd.Series(values, index=pd.PeriodIndex(codes, freq=freq), name="gdp"))


def test_forecast_same_with_periodindex() -> None:
    by_code, by_period = _both(GDP, YEARS, "Y")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a, b = forecast(by_code, 2), forecast(by_period, 2)
    assert a.chosen == b.chosen
    assert_frame_equal(a.forecast, b.forecast)
    assert_frame_equal(a.accuracy, b.accuracy)
    assert list(b.forecast.index) == ["2023", "2024"]


def test_growth_forecast_same_with_periodindex() -> None:
    by_code, by_period = _both(GDP, YEARS, "Y")
    a = growth_forecast(by_code, 1, breaks=[2019])
    b = growth_forecast(by_period, 1, breaks=[2019])
    assert_frame_equal(a.forecast, b.forecast)
    assert a.growth_pct == b.growth_pct
    # 2015→2018 (before the break): ln(1315/1017.6)/3; 2019→2022: ln(1932/1384.4)/3; the
    # 2018→2019 pair straddles the break and is left out; mean of 6 yearly log growths
    assert a.n_growth == 6
    quarterly = pd.Series([1.0, 2.0], index=pd.PeriodIndex(["2022Q1", "2022Q2"], freq="Q"))
    with pytest.raises(DataError, match="annual"):
        growth_forecast(quarterly, 1)


def test_ytd_same_with_periodindex() -> None:
    # 社零 1-2月 (combined), 1-3月 … 1-5月, 亿元: 80, 125, 168, 210
    codes = ["2023-02", "2023-03", "2023-04", "2023-05"]
    by_code, by_period = _both([80.0, 125.0, 168.0, 210.0], codes, "M")
    a, b = ytd_to_single(by_code), ytd_to_single(by_period)
    assert_series_equal(a, b)
    assert a.tolist() == [80.0, 45.0, 43.0, 42.0]  # 125−80, 168−125, 210−168
    s_code, s_period = _both([30.0, 40.0, 50.0], ["2023-01", "2023-02", "2023-03"], "M")
    assert_series_equal(single_to_ytd(s_code), single_to_ytd(s_period))
    assert single_to_ytd(s_period).tolist() == [30.0, 70.0, 120.0]  # 30, 30+40, 70+50
    # quarters read as year to date; growth of 2023H1 on 2022H1: 110/100 − 1 = 10 %
    lv_code, lv_period = _both([100.0, 110.0], ["2022Q2", "2023Q2"], "Q")
    assert_series_equal(yoy_growth(lv_code), yoy_growth(lv_period))
    assert yoy_growth(lv_period).loc["2023Q2"] == pytest.approx(10.0)
    rates_code, rates_period = _both([10.0, -10.0], ["2022", "2021"], "Y")
    # chain_growth keeps the input's labels (sorted): the PeriodIndex stays one
    a, b = chain_growth(rates_code), chain_growth(rates_period)
    assert list(a.index) == ["2021", "2022"] and [str(p) for p in b.index] == list(a.index)
    assert a.tolist() == b.tolist() == pytest.approx([90.0, 99.0])  # 100 × 0.9, × 1.1


def test_as_period_builds_from_fields() -> None:
    assert as_period(pd.Period("2023Q2", freq="Q")) == parse_period("2023Q2")
    assert as_period(pd.Period("2023-06", freq="M")) == parse_period("2023-06")
    assert as_period(pd.Period("2023", freq="Y")) == parse_period("2023")


def test_year_end_projection_same_with_periodindex() -> None:
    # 2021, 2022: 1-6月 and full year; 2023 1-6月 110 → shares 100/210 and 104/220
    ytd_code, ytd_period = _both([110.0], ["2023-06"], "M")
    hist_code = pd.Series({"2021-06": 100.0, "2021-12": 210.0, "2022-06": 104.0,
                           "2022-12": 220.0})
    hist_period = pd.Series(hist_code.to_numpy(), index=pd.PeriodIndex(hist_code.index, freq="M"))
    a = year_end_projection(ytd_code, hist_code, price_basis="comparable", n_sims=1000)
    b = year_end_projection(ytd_period, hist_period, price_basis="comparable", n_sims=1000)
    assert_frame_equal(a.projection, b.projection)
    assert_frame_equal(a.shares, b.shares)


def test_scenarios_same_with_periods() -> None:
    a = gdp_scenarios(1932.0, "2022", horizon=3)
    b = gdp_scenarios(1932.0, pd.Period("2022", freq="Y"), horizon=3)
    c = gdp_scenarios(1932.0, parse_period("2022年"), horizon=3)
    assert_frame_equal(a.levels, b.levels)
    assert_frame_equal(a.levels, c.levels)
    assert b.levels.loc["2023", "baseline"] == pytest.approx(2086.56)  # 1932 × 1.08
    quarters = ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    q_code, q_period = _both([400.0, 450.0, 500.0, 582.0], quarters, "Q")
    qa = gdp_scenarios(q_code, freq="Q", horizon=4)
    qb = gdp_scenarios(q_period, freq="Q", horizon=4)
    assert_frame_equal(qa.levels, qb.levels)
    assert_frame_equal(qa.ytd, qb.ytd)
    inv_code, inv_period = _both([300.0, 320.0], ["2021", "2022"], "Y")
    gdp_code, gdp_period = _both([1638.7, 1932.0], ["2021", "2022"], "Y")
    assert_series_equal(icor_from_data(inv_code, gdp_code), icor_from_data(inv_period, gdp_period))
    # 2022: 320 / (1932 − 1638.7) = 1.0910…
    assert icor_from_data(inv_period, gdp_period).loc["2022"] == pytest.approx(320 / 293.3)


def test_projects_same_with_periods() -> None:
    projects = pd.DataFrame({"level": ["市级", "区级"], "planned": [100.0, 50.0]},
                            index=pd.Index(["A", "B"], name="project_id"))
    codes = ["2023-01", "2023-02", "2023-03", "2023-04"]
    completed = pd.DataFrame({"A": [10.0, 20.0, 15.0, 40.0], "B": [2.0, 4.0, 6.0, 9.0]},
                             index=codes)
    by_period = completed.set_axis(pd.PeriodIndex(codes, freq="M"))
    a = schedule_progress(projects, completed, "2023-03")
    b = schedule_progress(projects, by_period, pd.Period("2023-03", freq="M"))
    c = schedule_progress(projects, completed, parse_period("2023年1-3月"))
    assert_frame_equal(a.table, b.table)
    assert_frame_equal(a.table, c.table)
    assert a.through == b.through == c.through == "2023-03"
    # through March: A 45/100 = 45 %, B 12/50 = 24 %; schedule 3/12 = 25 %
    assert b.table.loc["A", "gap_pp"] == pytest.approx(20.0)
    assert b.table.loc["B", "gap_pp"] == pytest.approx(-1.0)
    assert schedule_pct(pd.Period("2023-06", freq="M")) == pytest.approx(50.0)
    with pytest.raises(ParameterError, match="month"):
        schedule_pct(pd.Period("2023Q2", freq="Q"))


def test_capital_stock_checks_gaps_of_an_annual_periodindex() -> None:
    from jinshui_analysis.exceptions import ModelError
    from jinshui_analysis.models.accounting import capital_stock

    by_code, by_period = _both([10.0, 11.0, 12.1], ["2020", "2021", "2022"], "Y")
    assert capital_stock(by_code).tolist() == capital_stock(by_period).tolist()
    gappy = pd.Series([10.0, 11.0], index=pd.PeriodIndex(["2020", "2022"], freq="Y"))
    with pytest.raises(ModelError, match="skips year"):
        capital_stock(gappy)
