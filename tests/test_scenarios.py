"""Tests of jinshui_analysis.models.scenarios: hand-computed scenario paths and the ICOR link."""

from __future__ import annotations

import pandas as pd
import pytest

from jinshui_analysis.data import load_bundled
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models.scenarios import (
    DEFAULT_GROWTH,
    gdp_scenarios,
    icor_from_data,
    investment_to_gdp,
)


@pytest.fixture(scope="module")
def jinshui() -> pd.DataFrame:
    df = load_bundled()
    return df[df.region == "金水区"].set_index(["indicator", "measure", "period"])["value"]


def test_default_baseline_is_the_published_target(jinshui: pd.Series) -> None:
    assert DEFAULT_GROWTH["baseline"] == jinshui[("地区生产总值目标", "yoy_pct", "2023")] == 8


def test_annual_paths_from_jinshui_2022(jinshui: pd.Series) -> None:
    base = jinshui[("地区生产总值", "level", "2022")]
    assert base == 1932
    res = gdp_scenarios(base, "2022", horizon=3, unit="亿元")
    lv = res.levels
    assert list(lv.index) == ["2022", "2023", "2024", "2025"]
    assert list(lv.columns) == ["baseline", "high", "low"]
    assert lv.loc["2023", "baseline"] == pytest.approx(2086.56)  # 1932 × 1.08
    assert lv.loc["2024", "baseline"] == pytest.approx(2253.4848)  # 1932 × 1.08²
    assert lv.loc["2025", "high"] == pytest.approx(1932 * 1.09**3)
    assert lv.loc["2025", "low"] == pytest.approx(1932 * 1.06**3)
    assert res.growth.loc["2024", "low"] == pytest.approx(6.0)
    long = res.to_frame()
    assert long.index.names == ["period", "scenario"]
    assert long.loc[("2023", "high"), "level"] == pytest.approx(2105.88)
    text = str(res.summary())
    assert "constant prices" in text and "大象新闻" in text


def test_path_of_rates_and_deflator() -> None:
    res = gdp_scenarios(100.0, "2022", growth={"path": [10, 0, -10]}, horizon=3,
                        deflator_pct=2.0)
    lv = res.levels["path"]
    assert lv.to_numpy() == pytest.approx([100, 112.2, 114.444, 105.05957], rel=1e-6)
    assert "current prices" in res.price_basis


def test_quarterly_yoy_paths_keep_seasonality() -> None:
    base = {"2022Q1": 100.0, "2022Q2": 120.0, "2022Q3": 130.0, "2022Q4": 150.0}
    res = gdp_scenarios(base, horizon=5, freq="Q", growth={"baseline": 8})
    lv = res.levels["baseline"]
    assert list(lv.index) == ["2022Q4", "2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"]
    assert lv["2023Q1"] == pytest.approx(108.0)
    assert lv["2023Q4"] == pytest.approx(162.0)
    assert lv["2024Q1"] == pytest.approx(116.64)
    ytd = res.ytd["baseline"]
    assert ytd["2022Q4"] == pytest.approx(500.0)
    assert ytd["2023Q2"] == pytest.approx(237.6)
    assert ytd["2023Q4"] == pytest.approx(540.0)  # = 500 × 1.08
    assert res.method == "yoy"


def test_quarterly_smooth_path_from_scalar(jinshui: pd.Series) -> None:
    q1 = jinshui[("地区生产总值", "level", "2021Q1")]
    assert q1 == pytest.approx(470.15)
    res = gdp_scenarios(q1, "2021Q1", horizon=4, freq="Q")
    assert res.levels.loc["2022Q1", "baseline"] == pytest.approx(470.15 * 1.08)
    assert res.method == "annualised"


def test_scenario_validation() -> None:
    with pytest.raises(ParameterError, match="freq"):
        gdp_scenarios(1.0, "2022", freq="M")
    with pytest.raises(ParameterError, match="growth"):
        gdp_scenarios(1.0, "2022", growth={"x": [1, 2]}, horizon=3)
    with pytest.raises(ParameterError, match="base_period"):
        gdp_scenarios(1.0, "2022Q1", freq="Y")
    with pytest.raises(ParameterError, match="base_value"):
        gdp_scenarios(-5.0, "2022")


def test_investment_to_gdp_jinshui_key_projects(jinshui: pd.Series) -> None:
    plan = jinshui[("重点项目年度计划投资", "level", "2023")]
    gdp = jinshui[("地区生产总值", "level", "2022")]
    assert plan == pytest.approx(587.7)
    res = investment_to_gdp(plan, icor=5.0, gdp_base=gdp, icor_source="test assumption")
    assert res.delta_gdp == pytest.approx(117.54)  # 587.7 / 5
    assert res.pull_pp == pytest.approx(117.54 / 1932 * 100)  # 6.08 pp
    text = str(res.summary())
    assert "ICOR = 5" in text and "test assumption" in text and "ASSUMPTION" in text


def test_investment_table_and_icor_required() -> None:
    res = investment_to_gdp({"a": 30.0, "b": 10.0}, icor=4)
    assert res.table.loc["a", "delta_gdp"] == pytest.approx(7.5)
    assert res.table.loc["total", "delta_gdp"] == pytest.approx(10.0)
    assert res.delta_gdp == pytest.approx(10.0)  # (30 + 10) / 4, the total row not re-added
    with pytest.raises(TypeError):
        investment_to_gdp(100.0)  # type: ignore[call-arg]  # no default ICOR
    with pytest.raises(ParameterError, match="icor"):
        investment_to_gdp(100.0, icor=0)
    with pytest.raises(ParameterError, match="icor"):
        investment_to_gdp(100.0, icor=None)  # type: ignore[arg-type]


def test_icor_from_data() -> None:
    inv = pd.Series({"2021": 50.0, "2022": 60.0, "2024": 70.0})
    gdp = pd.Series({"2020": 100.0, "2021": 110.0, "2022": 125.0, "2024": 140.0})
    icor = icor_from_data(inv, gdp)
    assert icor["2021"] == pytest.approx(5.0)  # 50 / (110 − 100)
    assert icor["2022"] == pytest.approx(4.0)  # 60 / 15
    assert pd.isna(icor["2024"])  # 2023 missing


def test_string_growth_rate_is_one_number() -> None:
    # "10" used to become list("10") → rates 1 % and 0 %; it is the number 10 %
    res = gdp_scenarios(1932.0, "2022", growth={"b": "10"}, horizon=2)
    assert res.growth["b"].dropna().tolist() == pytest.approx([10.0, 10.0])
    assert res.levels.loc["2024", "b"] == pytest.approx(1932 * 1.1**2)  # 2337.72
    with pytest.raises(ParameterError, match="not a number"):
        gdp_scenarios(1932.0, "2022", growth={"b": "ten"}, horizon=2)
    with pytest.raises(ParameterError, match="numbers"):
        gdp_scenarios(1932.0, "2022", growth={"b": True}, horizon=2)
