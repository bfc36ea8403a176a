"""Tests of jinshui_analysis.models.forecast: model set, backtest, intervals, year-end projection."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.data import load_bundled
from jinshui_analysis.exceptions import (
    DataError,
    NominalWarning,
    ParameterError,
    PeriodError,
    ShortSeriesWarning,
)
from jinshui_analysis.models.forecast import (
    FAN_COLUMNS,
    MODELS,
    ForecastResults,
    forecast,
    select_series,
    year_end_projection,
)

ACC_COLUMNS = [
    "n_forecasts", "MAPE", "RMSE", "MASE", "MASE_naive", "relative_MASE",
    "coverage_80", "coverage_95",
]  # fmt: skip
BAND_COLUMNS = ["mean", "median", "lower_95", "lower_80", "upper_80", "upper_95", "se"]


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return load_bundled()


def _annual(bundled: pd.DataFrame, region: str, indicator: str = "地区生产总值") -> pd.Series:
    return select_series(bundled, region=region, indicator=indicator, freq="Y")


# --------------------------------------------------------------------------- hand-worked
def test_backtest_metrics_by_hand() -> None:
    """Linear series 100,110,…,140: naive errs by 10 each time, drift is exact."""
    y = pd.Series([100.0, 110, 120, 130, 140], index=["2019", "2020", "2021", "2022", "2023"])
    res = forecast(y, 1, models=["naive", "drift"], transform="level", backtest_min_train=2)
    acc = res.accuracy
    assert list(acc.columns) == ACC_COLUMNS
    assert list(acc.index) == ["naive", "drift"]
    assert acc.loc["naive", "n_forecasts"] == 3  # origins 2020, 2021, 2022
    # MAPE = mean(10/120, 10/130, 10/140) × 100
    assert acc.loc["naive", "MAPE"] == pytest.approx((10 / 120 + 10 / 130 + 10 / 140) / 3 * 100)
    assert acc.loc["naive", "RMSE"] == pytest.approx(10.0)
    # in-sample one-step naive MAE of every training window is 10 → MASE = 10/10
    assert acc.loc["naive", "MASE"] == pytest.approx(1.0)
    assert acc.loc["drift", "MASE"] == pytest.approx(0.0, abs=1e-12)
    assert acc.loc["drift", "relative_MASE"] == pytest.approx(0.0, abs=1e-12)
    assert res.chosen == "drift"
    assert res.forecast.loc["2024", "mean"] == pytest.approx(150.0)


def test_naive_wins_ties() -> None:
    """A model must be strictly better than naive, with enough backtest forecasts."""
    from jinshui_analysis.models.forecast.backtest import choose_model

    acc = pd.DataFrame(
        {"n_forecasts": [6, 6, 6, 1], "relative_MASE": [1.0, 1.0, 1.2, 0.1]},
        index=pd.Index(["naive", "drift", "arima", "ets"], name="model"),
    )
    assert choose_model(acc) == "naive"  # drift ties, arima worse, ets has 1 forecast only
    acc.loc["arima", "relative_MASE"] = 0.9
    assert choose_model(acc) == "arima"
    acc.loc["drift", "relative_MASE"] = 0.9
    assert choose_model(acc) == "drift"  # tie between two models → the simpler one


def test_drift_forecast_national_gdp_by_hand(bundled: pd.DataFrame) -> None:
    """National GDP 2014–2024 (2017 missing): log drift = ln(1349084/636463)/10 a year."""
    y = _annual(bundled, "全国", "国内生产总值")
    assert list(y.index) == ["2014", "2015", "2016", "2018", "2019", "2020", "2021", "2022",
                             "2023", "2024"]
    res = forecast(y, 2, unit="亿元")
    c = math.log(1349084 / 636463) / 10  # 0.07512…, i.e. 7.8 % nominal a year
    assert res.forecasts["drift"].loc["2025", "median"] == pytest.approx(1349084 * math.exp(c))
    assert res.forecasts["drift"].loc["2025", "median"] == pytest.approx(1454329, rel=1e-4)
    assert res.forecasts["naive"].loc["2026", "median"] == pytest.approx(1349084)
    assert math.isnan(res.history.loc["2017"])  # the gap is kept as NaN


# --------------------------------------------------------------------------- real series
@pytest.mark.parametrize(
    ("region", "indicator", "n_obs"),
    [
        ("全国", "国内生产总值", 10),
        ("郑州市", "地区生产总值", 12),  # 2009, 2015–2025 (2019 and 2023 added in issue 19)
        ("南山区", "地区生产总值", 4),
        ("金水区", "地区生产总值", 4),
    ],
)
def test_backtest_table_on_real_series(
    bundled: pd.DataFrame, region: str, indicator: str, n_obs: int
) -> None:
    y = _annual(bundled, region, indicator)
    assert y.notna().sum() == n_obs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortSeriesWarning)
        res = forecast(y, 2, unit="亿元")
    assert isinstance(res, ForecastResults)
    acc = res.accuracy
    assert list(acc.columns) == ACC_COLUMNS
    assert acc.index.name == "model"
    assert set(acc.index) == set(res.models) and "naive" in acc.index
    if region == "全国":  # 2018–2024 unbroken: every model of MODELS can be fitted
        assert res.models == MODELS
    assert res.chosen in res.models
    for m in acc.index:
        row = acc.loc[m]
        if row["n_forecasts"] > 0:
            assert np.isfinite(row[["MAPE", "RMSE", "MASE"]].to_numpy(dtype=float)).all()
            assert row["MAPE"] >= 0 and row["RMSE"] >= 0
    if acc.loc["naive", "n_forecasts"] > 0:
        assert acc.loc["naive", "relative_MASE"] == pytest.approx(1.0)
    fc = res.forecast
    assert list(fc.columns) == BAND_COLUMNS
    assert fc.index.name == "period"
    last = int(y.dropna().index[-1])
    assert list(fc.index) == [str(last + 1), str(last + 2)]
    ok = fc.dropna()
    assert (ok["lower_95"] <= ok["lower_80"]).all() and (ok["lower_80"] <= ok["median"]).all()
    assert (ok["median"] <= ok["upper_80"]).all() and (ok["upper_80"] <= ok["upper_95"]).all()
    fan = res.fan_data
    assert list(fan.columns) == list(FAN_COLUMNS)
    assert fan.loc[str(last), "mean"] == pytest.approx(y.dropna().iloc[-1])
    assert "Backtest accuracy" in str(res.summary())
    assert res.to_frame().equals(fan)


def test_zhengzhou_growing_series_is_not_forecast_flat(bundled: pd.DataFrame) -> None:
    """Zhengzhou's level series has a basis break (2016→2017) and the 2020–22 slump, and on
    the 2-year-ahead backtest the random walk does well; but the series grows significantly
    over the spacing of its observations (issue 19), so the no-change model is not chosen."""
    y = _annual(bundled, "郑州市")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortSeriesWarning)
        res = forecast(y, 2)
    assert res.chosen != "naive"
    assert (res.forecast["median"] > float(y.dropna().iloc[-1])).all()


def test_gappy_ets_needs_consecutive_points(bundled: pd.DataFrame) -> None:
    # 2009, 2015–2018, 2020–2022, 2024–2025: the series as it was before 2019 and 2023 were
    # found (issue 19)
    y = _annual(bundled, "郑州市")
    y[["2019", "2023"]] = np.nan
    with pytest.warns(ShortSeriesWarning, match="'ets' needs at least 6"):
        res = forecast(y, 1)
    assert "ets" not in res.models
    assert {"arima", "llt"} <= set(res.models)  # the Kalman filter skips the gaps


# --------------------------------------------------------------------------- short series
def test_three_point_series_falls_back_with_warning(bundled: pd.DataFrame) -> None:
    y = _annual(bundled, "金水区").loc[["2017", "2018", "2022"]]
    with pytest.warns(ShortSeriesWarning) as rec:
        res = forecast(y, 2)
    messages = " ".join(str(w.message) for w in rec)
    for m in ("ets", "arima", "llt"):
        assert f"model {m!r}" in messages
    assert res.models == ("naive", "drift")
    assert res.chosen == "naive"
    # drift on logs from 2017 to 2022: (1932/1203.43)^(1/5) a year
    g = (1932 / 1203.43) ** (1 / 5)
    assert res.forecasts["drift"].loc["2023", "median"] == pytest.approx(1932 * g)
    assert np.isfinite(res.forecasts["drift"][["lower_95", "upper_95"]].to_numpy()).all()


def test_two_and_one_point_series() -> None:
    with pytest.warns(ShortSeriesWarning):
        two = forecast(pd.Series([10.0, 11.0], index=["2021", "2022"]), 1)
    assert two.models == ("naive",)
    assert two.forecast.loc["2023", "median"] == pytest.approx(11.0)
    with pytest.warns(ShortSeriesWarning):
        one = forecast(pd.Series([10.0], index=["2022"]), 1)
    assert one.forecast.loc["2023", "median"] == pytest.approx(10.0)
    assert np.isnan(one.forecast.loc["2023", "upper_95"])


def test_period_index_and_quarterly_input() -> None:
    idx = pd.period_range("2018Q1", periods=16, freq="Q")
    rng = np.random.default_rng(3)
    season = np.tile([0.0, 0.1, 0.15, 0.3], 4)
    y = pd.Series(np.exp(5 + 0.02 * np.arange(16) + season + rng.normal(0, 0.01, 16)), index=idx)
    res = forecast(y, 4)
    assert res.seasonal_lag == 4
    assert list(res.forecast.index) == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    # seasonal naive repeats last year's quarters
    assert res.forecasts["naive"]["median"].to_numpy() == pytest.approx(y.iloc[-4:].to_numpy())
    assert res.chosen != "naive"  # the seasonal models beat seasonal naive on a clean trend


def test_input_validation() -> None:
    y = pd.Series([1.0, 2.0, 3.0], index=["2020", "2021", "2022"])
    with pytest.raises(ParameterError, match="horizon"):
        forecast(y, 0)
    with pytest.raises(ParameterError, match="models"):
        forecast(y, 1, models=["prophet"])
    with pytest.raises(ParameterError, match="transform"):
        forecast(pd.Series([1.0, -2.0, 3.0], index=["2020", "2021", "2022"]), 1)
    with pytest.raises(PeriodError):
        forecast(pd.Series([1.0, 2.0], index=["2020", "2020H1"]), 1)


# --------------------------------------------------------------------------- coverage
def test_interval_coverage_random_walk_with_drift() -> None:
    """Drift-model intervals on a Gaussian random walk with drift (log scale).

    For this process the drift interval with Student-t(m−1) quantiles is exact, so the
    observed coverage of N independent replications is Binomial(N, p)/N.  With N = 300 and
    three horizons pooled (900 intervals, positively correlated within a replication) we
    allow ±0.06 around 80 % and ±0.04 around 95 %: about 4 binomial standard errors
    (0.0133 and 0.0073 at N = 900) widened for the within-replication correlation.
    """
    rng = np.random.default_rng(20240601)
    n_rep, n, h = 300, 12, 3
    idx = [str(2000 + i) for i in range(n + h)]
    hit80 = hit95 = total = 0
    for _ in range(n_rep):
        path = np.exp(np.cumsum(rng.normal(0.07, 0.03, n + h)) + 6)
        y = pd.Series(path[:n], index=idx[:n])
        res = forecast(y, h, models=["drift"], backtest_min_train=n - 1)
        fc = res.forecasts["drift"]
        actual = path[n:]
        hit80 += int(np.sum((actual >= fc["lower_80"]) & (actual <= fc["upper_80"])))
        hit95 += int(np.sum((actual >= fc["lower_95"]) & (actual <= fc["upper_95"])))
        total += h
    assert abs(hit80 / total - 0.80) < 0.06
    assert abs(hit95 / total - 0.95) < 0.04


def test_naive_intervals_undercover_when_there_is_drift() -> None:
    """The same process: the naive model ignores the drift, so its 80 % band misses more often
    at long horizons than drift's — a check that the coverage test can fail."""
    rng = np.random.default_rng(7)
    n, h = 12, 3
    idx = [str(2000 + i) for i in range(n + h)]
    hits = 0
    for _ in range(200):
        path = np.exp(np.cumsum(rng.normal(0.10, 0.01, n + h)) + 6)
        res = forecast(pd.Series(path[:n], index=idx[:n]), h, models=["drift"],
                       backtest_min_train=n - 1)
        fc = res.forecasts["naive"]
        hits += int(path[n + h - 1] <= fc["upper_80"].iloc[-1])
    assert hits / 200 < 0.5


# --------------------------------------------------------------------------- year-end
def _henan(bundled: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    lv = bundled[(bundled.region == "河南省") & (bundled.indicator == "地区生产总值")
                 & (bundled.measure == "level")].set_index("period")["value"]
    history = lv.loc[["2020Q2", "2020", "2021Q2", "2021"]]  # 2019: H1 and annual on mixed vintages
    return lv.loc[["2022Q2"]], history


def test_year_end_projection_worked_example_henan_2022(bundled: pd.DataFrame) -> None:
    """Henan at 2022H1 (30757.2亿).  Shares of the annual total reached by June:
    2020: 25608.46/54997.07 = 0.46563; 2021: 28927.96/58887.41 = 0.49124.
    Geometric mean 0.47827 → full year 30757.2/0.47827 = 64309.8亿 (nominal +9.21 %).
    Required real growth in H2 for a 7 % target (a hypothetical target for the test), with the
    published H1 real growth 3.1 % and w = 0.49124:
    ((1.07 − 0.49124·1.031)/(1 − 0.49124) − 1)·100 = 10.766 %."""
    ytd, history = _henan(bundled)
    yoy = bundled[(bundled.region == "河南省") & (bundled.indicator == "地区生产总值")
                  & (bundled.measure == "yoy_pct") & (bundled.period == "2022Q2")]["value"]
    g_h1 = float(yoy.iloc[0])
    assert g_h1 == pytest.approx(3.1)
    res = year_end_projection(ytd, history, target_growth_pct=7, deflator_pct=2.0,
                              ytd_growth_pct=g_h1, unit="亿元")
    assert res.shares["share"].to_numpy() == pytest.approx([0.465634, 0.491242], abs=1e-6)
    assert res.projection.loc["level", "point"] == pytest.approx(64309.8, abs=0.1)
    assert res.done_share == pytest.approx(28927.96 / 58887.41)
    assert res.required_remaining_growth_pct == pytest.approx(10.7657, abs=1e-3)
    # real growth of the point projection: (64309.8/58887.41)/1.02 − 1
    assert res.projection.loc["growth_pct", "point"] == pytest.approx(
        ((64309.8 / 58887.41) / 1.02 - 1) * 100, abs=1e-3
    )
    row = res.projection.loc["level"]
    assert row["lower_95"] < row["lower_80"] < row["point"] < row["upper_80"] < row["upper_95"]
    # the published outcome (61345.05) lies inside the 80 % band
    assert row["lower_80"] < 61345.05 < row["upper_80"]
    assert 0 < res.prob_meet_target < 1
    assert res.growth_basis == "comparable"
    assert "Year-end projection 2022" in str(res.summary())


def test_year_end_projection_nominal_warns(bundled: pd.DataFrame) -> None:
    ytd, history = _henan(bundled)
    with pytest.warns(NominalWarning):
        res = year_end_projection(ytd, history, target_growth_pct=7)
    assert res.growth_basis == "current"
    assert math.isnan(res.prob_meet_target)
    # nominal H1 growth 30757.2/28927.96 − 1 = 6.3234 %
    assert res.ytd_growth_pct == pytest.approx((30757.2 / 28927.96 - 1) * 100)
    # nominal point growth: 64309.8/58887.41 − 1 = 9.208 %
    assert res.projection.loc["growth_pct", "point"] == pytest.approx(9.208, abs=1e-3)


def test_year_end_projection_one_year_history_warns(bundled: pd.DataFrame) -> None:
    ytd, history = _henan(bundled)
    with pytest.warns(ShortSeriesWarning):
        res = year_end_projection(ytd, history.loc[["2021Q2", "2021"]], price_basis="comparable",
                                  target_growth_pct=7)
    assert res.projection.loc["level", "point"] == pytest.approx(30757.2 / (28927.96 / 58887.41))
    assert math.isnan(res.projection.loc["level", "upper_95"])


def test_year_end_projection_monthly_jan_feb() -> None:
    """Monthly YTD with Jan–Feb combined (no January label) works on month numbers."""
    hist = pd.Series({"2021-01~2021-02": 15.0, "2021-05": 40.0, "2021-12": 100.0,
                      "2022-01~2022-02": 16.0, "2022-05": 42.0, "2022-12": 105.0})
    res = year_end_projection(pd.Series({"2023-01~2023-02": 17.0, "2023-05": 45.0}), hist,
                              price_basis="comparable", target_growth_pct=5, n_sims=5000)
    shares = [0.40, 0.40]
    assert res.shares["share"].to_numpy() == pytest.approx(shares)
    assert res.through_month == 5
    assert res.projection.loc["level", "point"] == pytest.approx(112.5)
    # 1+G = w(1+g_ytd)+(1−w)(1+g_rest): w = 0.4, g_ytd = 45/42−1
    g_ytd = 45 / 42 - 1
    assert res.required_remaining_growth_pct == pytest.approx(
        ((1.05 - 0.4 * (1 + g_ytd)) / 0.6 - 1) * 100
    )


# --------------------------------------------------------------------------- review fixes
def test_year_end_projection_rejects_explicit_single_period_labels() -> None:
    """二季度 alone is not 上半年: treating it as YTD would project 30/avg(28/30, 27/29)."""
    history = pd.Series({"2022年二季度": 28.0, "2022年四季度": 30.0, "2021年二季度": 27.0,
                         "2021年四季度": 29.0})
    with pytest.raises(DataError, match="2023年二季度"):
        year_end_projection(pd.Series({"2023年二季度": 30.0}), history, price_basis="comparable")
    with pytest.raises(DataError, match="2023年5月"):
        year_end_projection(pd.Series({"2023年5月": 30.0}), history, price_basis="comparable")
    ok_hist = pd.Series({"2022年上半年": 28.0, "2022年": 60.0, "2021年上半年": 27.0, "2021年": 58.0})
    with pytest.raises(DataError, match="2022年四季度"):
        year_end_projection(pd.Series({"2023年上半年": 30.0}),
                            pd.concat([ok_hist, pd.Series({"2022年四季度": 60.0})]),
                            price_basis="comparable")
    # YTD labels and canonical codes (YTD by contract) give the same projection:
    # shares 28/60 and 27/58, geometric mean → 30 / sqrt(28/60 · 27/58)
    point = 30.0 / math.sqrt(28 / 60 * 27 / 58)
    res = year_end_projection(pd.Series({"2023年上半年": 30.0}), ok_hist, price_basis="comparable",
                              n_sims=1000)
    assert res.projection.loc["level", "point"] == pytest.approx(point)
    codes = pd.Series({"2022Q2": 28.0, "2022Q4": 60.0, "2021Q2": 27.0, "2021Q4": 58.0})
    res = year_end_projection(pd.Series({"2023Q1": 14.0, "2023Q2": 30.0}), codes,
                              price_basis="comparable", n_sims=1000)
    assert res.projection.loc["level", "point"] == pytest.approx(point)


def test_year_end_projection_nominal_required_growth_is_nan(bundled: pd.DataFrame) -> None:
    """Current prices, no deflator: nominal YTD growth is not set against a real target."""
    ytd, history = _henan(bundled)
    with pytest.warns(NominalWarning, match="required growth not computed"):
        res = year_end_projection(ytd, history, target_growth_pct=7)
    assert math.isnan(res.required_remaining_growth_pct)
    # with the published (real) H1 growth 3.1 % it is computed: w = 28927.96/58887.41
    with pytest.warns(NominalWarning):
        res = year_end_projection(ytd, history, target_growth_pct=7, ytd_growth_pct=3.1)
    w = 28927.96 / 58887.41
    assert res.required_remaining_growth_pct == pytest.approx(
        ((1.07 - w * 1.031) / (1 - w) - 1) * 100
    )


def test_band_arrays_do_not_overflow() -> None:
    from jinshui_analysis.models.forecast.fitters import Fit, band_arrays

    fit = Fit(np.array([5.0, 5.0]), np.array([2558.4, 0.1]), None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        out = band_arrays(fit, "log")
    assert np.isposinf(out["mean"][0]) and np.isposinf(out["upper_95"][0])
    assert out["lower_95"][0] == 0.0
    assert out["median"][0] == pytest.approx(math.exp(5.0))
    assert out["mean"][1] == pytest.approx(math.exp(5.0 + 0.1**2 / 2))


def test_monthly_series_without_januaries_no_overflow_warning() -> None:
    """示例数据 / synthetic: a seasonal monthly series whose Januaries are never published."""
    idx = pd.period_range("2020-01", "2023-12", freq="M")
    t = np.arange(len(idx))
    vals = 100 * np.exp(0.01 * t) * (1 + 0.2 * np.sin(t * 2 * np.pi / 12))
    s = pd.Series(vals, index=[str(p) for p in idx])
    s = s[[not p.endswith("-01") for p in s.index]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        res = forecast(s, 2, models=["llt"], backtest_min_train=len(s) - 2)
    jan = res.forecasts["llt"].loc["2024-01"]
    assert np.isposinf(jan["upper_95"])  # January never observed: unbounded
    assert any("unbounded" in n for n in res.notes)


def test_forecast_accepts_bulletin_year_labels() -> None:
    y = pd.Series([100.0, 110, 120, 130, 140], index=["2019年", "2020年", "2021年", "2022年", "2023年"])
    res = forecast(y, 1, models=["naive", "drift"], transform="level", backtest_min_train=2)
    assert list(res.history.index) == ["2019", "2020", "2021", "2022", "2023"]
    assert res.forecast.index.tolist() == ["2024"]
    assert res.forecasts["drift"].loc["2024", "mean"] == pytest.approx(150.0)
    q = pd.Series([1.0, 2, 3], index=["2023年一季度", "2023年二季度", "2023年三季度"])
    assert forecast(q, 1, models=["naive"]).forecast.index.tolist() == ["2023Q4"]
    with pytest.raises(PeriodError, match="year-to-date"):
        forecast(pd.Series([1.0, 2], index=["2022年1-3月", "2023年1-3月"]), 1)


def test_declared_breaks_reach_the_report_forecast() -> None:
    # data/breaks.csv: 郑州市 2017 (2016→2017 basis change) and the census years
    from jinshui_analysis.data import bundled
    from jinshui_analysis.models.forecast import growth_forecast

    assert bundled.breaks("郑州市", "地区生产总值") == [2017, 2019, 2023]
    assert 2017 not in bundled.breaks("金水区", "地区生产总值")
    table = bundled.breaks()
    assert {"region", "indicator", "year", "kind", "reason", "source"} <= set(table.columns)
    assert (table["reason"].str.len() > 0).all() and (table["source"].str.len() > 0).all()
    levels = pd.Series([7994.16, 9130.17, 10143.32], index=["2016", "2017", "2018"])
    with_break = growth_forecast(levels, 1, breaks=bundled.breaks("郑州市", "地区生产总值"))
    assert with_break.n_growth == 1  # 2016→2017 is not read as 14 % growth
    assert with_break.growth_pct == pytest.approx((10143.32 / 9130.17 - 1) * 100)


def test_growing_annual_series_with_gaps_is_not_forecast_flat():
    """郑州市 annual GDP with the 2019 and 2023 gaps (issue 19): the growth per year over the
    actual spacing is significant, so the no-change model is never chosen.  By hand: the log
    growth per year of the pairs (2009→2015 over 6 years, 2018→2020 and 2022→2024 over 2) has
    t = mean / (sd/√n) well above 2."""
    import math
    import warnings

    from jinshui_analysis.data import bundled

    s = bundled.series("郑州市", "地区生产总值").drop(["2019", "2023"])
    years = [int(y) for y in s.index]
    logs = [math.log(v) for v in s]
    r = [(logs[i + 1] - logs[i]) / (years[i + 1] - years[i]) for i in range(len(s) - 1)]
    mean = sum(r) / len(r)
    sd = math.sqrt(sum((x - mean) ** 2 for x in r) / (len(r) - 1))
    assert mean / (sd / math.sqrt(len(r))) > 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = forecast(s, 1)
    assert res.chosen != "naive"
    med = float(res.forecast["median"].iloc[0])
    assert med > 15244.57 * 1.02  # grows: not the 15244.6 flat median of the naive model
    assert any(n.startswith("trend: ") for n in res.notes)


def test_flat_noisy_annual_series_may_stay_naive():
    import warnings

    noisy = pd.Series([100.0, 103, 99, 102, 98, 101, 100, 99],
                      index=[str(y) for y in range(2015, 2023)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = forecast(noisy, 1)
    assert not any(n.startswith("trend: ") for n in res.notes)
