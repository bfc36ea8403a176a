"""Tests of jinshui_analysis.models.nowcast on simulated data with a known factor structure.

示例数据 / synthetic: no monthly series exist for Jinshui in the bundled data, so the model is
checked on data drawn from a known one-factor process.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.exceptions import DataError, ModelError, ParameterError
from jinshui_analysis.models.nowcast import (
    NewsResults,
    NowcastResults,
    monthly_growth,
    news,
    nowcast,
)

T = 120  # ten years of months
TRUE_LOADINGS = {"ip": 1.0, "retail": 0.8, "unemp": -0.6, "fai": 0.5}


def _simulate(seed: int = 1) -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    """One AR(1) factor (φ = 0.95, persistent as growth rates are); four monthly single-month
    yoy growth rates x = λf + e (σ_e = 0.3); quarterly yoy GDP growth = 5 + the mean of the
    quarter's three monthly g_t = 0.9 f_t + u_t (σ_u = 0.1): the aggregation for yoy rates."""
    rng = np.random.default_rng(seed)
    f = np.zeros(T)
    for t in range(1, T):
        f[t] = 0.95 * f[t - 1] + rng.normal()
    lam = np.array(list(TRUE_LOADINGS.values()))
    x = f[:, None] * lam + rng.normal(scale=0.3, size=(T, len(lam)))
    months = [str(p) for p in pd.period_range("2014-01", periods=T, freq="M")]
    monthly = pd.DataFrame(x, index=months, columns=list(TRUE_LOADINGS))
    g = 0.9 * f + rng.normal(scale=0.1, size=T)
    gq = [g[3 * q: 3 * q + 3].mean() for q in range(T // 3)]
    quarters = [str(p) for p in pd.period_range("2014Q1", periods=T // 3, freq="Q")]
    return monthly, pd.Series(np.array(gq) + 5, index=quarters, name="gdp"), f


@pytest.fixture(scope="module")
def sim() -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    return _simulate()


@pytest.fixture(scope="module")
def fitted(sim: tuple[pd.DataFrame, pd.Series, np.ndarray]) -> NowcastResults:
    monthly, gdp, _ = sim
    # information set of end-October 2023: 2023Q3 GDP known, 2023Q4 to be nowcast
    return nowcast(monthly, gdp, vintage="2023-10")


def test_recovers_factor_and_loading_signs(
    fitted: NowcastResults, sim: tuple[pd.DataFrame, pd.Series, np.ndarray]
) -> None:
    _, _, f = sim
    est = fitted.factor["factor_1"].to_numpy()
    assert len(est) == 117  # changes 2014-02 … 2023-10
    # the model's factor drives month-on-month changes of growth: it tracks Δf …
    assert np.corrcoef(est, np.diff(f)[: len(est)])[0, 1] > 0.8
    # … and its cumulative sum tracks the level of the true factor
    corr = np.corrcoef(np.cumsum(est), f[1: len(est) + 1])[0, 1]
    # sign normalised so that GDP loads positively, as in the true process (0.9 > 0)
    assert corr > 0.9
    load = fitted.loadings["factor_1"]
    for name, true in TRUE_LOADINGS.items():
        assert np.sign(load[name]) == np.sign(true), name
    assert load["gdp"] > 0


def test_nowcast_target_vintage_and_published_january_kept(
    fitted: NowcastResults, sim: tuple[pd.DataFrame, pd.Series, np.ndarray]
) -> None:
    monthly, gdp, f = sim
    assert fitted.target == "2023Q4"
    assert fitted.vintage == "2023-10"
    # January is published in these data: the model sees it (it is not blanked)
    jan = [p for p in fitted.monthly.index if p.month == 1]
    assert fitted.monthly.loc[jan].notna().all().all()
    assert fitted.monthly.loc["2023-01", "ip"] == monthly.loc["2023-01", "ip"]
    # the nowcast is a level of yoy growth: last published quarter + predicted change
    assert fitted.quarterly.loc["2023Q3", "observed"] == gdp["2023Q3"]
    assert abs(fitted.nowcast - gdp["2023Q4"]) < 1.0  # true value of the held-out quarter
    assert fitted.lower_95 < gdp["2023Q4"] < fitted.upper_95
    assert fitted.lower_95 < fitted.lower_80 < fitted.nowcast < fitted.upper_80 < fitted.upper_95
    q = fitted.to_frame()
    assert list(q.columns) == ["observed", "fitted"]
    assert np.isnan(q.loc["2023Q4", "observed"])
    assert q.loc["2023Q4", "fitted"] == pytest.approx(fitted.nowcast)
    # in-sample fit of GDP: the factor explains most of it
    ok = q.dropna()
    assert np.corrcoef(ok["observed"], ok["fitted"])[0, 1] > 0.8
    assert "Nowcast" in str(fitted.summary())


def test_period_index_input_gives_the_same_nowcast_as_codes(
    fitted: NowcastResults, sim: tuple[pd.DataFrame, pd.Series, np.ndarray]
) -> None:
    monthly, gdp, _ = sim  # indexed by codes "2014-01", "2014Q1"
    res = nowcast(monthly.set_axis(pd.PeriodIndex(monthly.index, freq="M")),
                  gdp.set_axis(pd.PeriodIndex(gdp.index, freq="Q")),
                  vintage=pd.Period("2023-10", "M"))
    assert (res.target, res.vintage) == (fitted.target, fitted.vintage) == ("2023Q4", "2023-10")
    assert (res.nowcast, res.lower_80, res.upper_95) == \
        (fitted.nowcast, fitted.lower_80, fitted.upper_95)
    pd.testing.assert_frame_equal(res.quarterly, fitted.quarterly)
    pd.testing.assert_frame_equal(res.factor, fitted.factor)
    pd.testing.assert_frame_equal(res.monthly, fitted.monthly)
    # results are indexed by periods whatever the input was
    assert isinstance(fitted.quarterly.index, pd.PeriodIndex)
    assert fitted.quarterly.index[-1] == pd.Period("2023Q4", "Q")


def test_news_sums_to_nowcast_change(
    fitted: NowcastResults, sim: tuple[pd.DataFrame, pd.Series, np.ndarray]
) -> None:
    monthly, _, _ = sim
    nw = fitted.news(monthly)  # November and December released, nothing revised
    assert isinstance(nw, NewsResults)
    assert nw.prev_nowcast == pytest.approx(fitted.nowcast, abs=1e-8)
    assert nw.revision_impact == 0.0
    assert nw.news_impact == pytest.approx(nw.new_nowcast - nw.prev_nowcast, abs=1e-6)
    tab = nw.to_frame()
    assert list(tab.columns) == ["observed", "forecast_prev", "news", "weight", "impact"]
    assert set(tab.index.get_level_values("update_date")) == {"2023-11", "2023-12"}
    assert set(tab.index.get_level_values("variable")) == set(TRUE_LOADINGS)
    assert tab["news"].to_numpy() == pytest.approx(
        (tab["observed"] - tab["forecast_prev"]).to_numpy(), abs=1e-8
    )
    assert tab["impact"].to_numpy() == pytest.approx(
        (tab["weight"] * tab["news"]).to_numpy(), abs=1e-8
    )
    assert abs(nw.change) > 0
    # the module-level function gives the same decomposition
    again = news(fitted, monthly)
    assert again.new_nowcast == pytest.approx(nw.new_nowcast)


def test_news_rejects_target_quarter_and_bad_columns(
    fitted: NowcastResults, sim: tuple[pd.DataFrame, pd.Series, np.ndarray]
) -> None:
    monthly, gdp, _ = sim
    with pytest.raises(ModelError, match="target quarter"):
        fitted.news(monthly, gdp)
    with pytest.raises(DataError, match="columns"):
        fitted.news(monthly.rename(columns={"ip": "ip2"}))


def test_parameter_validation(sim: tuple[pd.DataFrame, pd.Series, np.ndarray]) -> None:
    monthly, gdp, _ = sim
    with pytest.raises(ParameterError, match="factors"):
        nowcast(monthly, gdp, factors=0)
    with pytest.raises(ParameterError, match="target"):
        nowcast(monthly, gdp.iloc[:-1], target="2023Q2")
    with pytest.raises(DataError, match="monthly"):
        nowcast(gdp.to_frame(), gdp)


def test_combined_jan_feb_stands_for_both_months_published_january_kept() -> None:
    # "ip" publishes January; "retail" publishes only 1–2月 combined (under February)
    idx = ["2023-01", "2023-02", "2023-03", "2024-01", "2024-02", "2024-03"]
    frame = pd.DataFrame({"ip": [5.0, 6.0, 7.0, 4.0, 4.5, 5.5],
                          "retail": [np.nan, 8.0, 9.0, np.nan, 3.0, 4.0]}, index=idx)
    g = monthly_growth(frame)
    assert g.loc[pd.Period("2024-01", "M"), "ip"] == 4.0  # published January kept
    assert g.loc[pd.Period("2024-01", "M"), "retail"] == 3.0  # combined → both months
    assert g.loc[pd.Period("2024-02", "M"), "retail"] == 3.0
    assert sorted(g.attrs["combined"]) == [("retail", pd.Period("2023-02", "M")),
                                           ("retail", pd.Period("2024-02", "M"))]
    # without the 1–2月 convention, a missing January stays missing
    plain = monthly_growth(frame, jan_feb_combined=False)
    assert np.isnan(plain.loc[pd.Period("2024-01", "M"), "retail"])


def test_ytd_levels_become_single_month_growth_by_hand() -> None:
    # 2022: January published (10), 累计 21, 33 → single months 10, 11, 12
    # 2023: 1–2月 combined 累计 23.1, then 36.3 → Jan–Feb 23.1, March 13.2
    ytd = pd.DataFrame({"retail": [10.0, 21.0, 33.0, np.nan, 23.1, 36.3]},
                       index=["2022-01", "2022-02", "2022-03", "2023-01", "2023-02", "2023-03"])
    g = monthly_growth(ytd, kind="ytd_level")
    p = lambda s: pd.Period(s, "M")  # noqa: E731
    # Jan–Feb 2023 vs Jan + Feb 2022: 23.1 / (10 + 11) − 1 = 10 %, written to both months
    assert g.loc[p("2023-02"), "retail"] == pytest.approx(10.0)
    assert g.loc[p("2023-01"), "retail"] == pytest.approx(10.0)
    assert g.loc[p("2023-03"), "retail"] == pytest.approx(10.0)  # 13.2 / 12 − 1
    assert g.loc[p("2022-03"), "retail"] != g.loc[p("2022-03"), "retail"]  # no 2021 base: NaN
    with pytest.raises(ParameterError, match="kind"):
        monthly_growth(ytd, kind="ytd_growth")


def test_nowcast_with_combined_jan_feb_uses_the_other_months(
    sim: tuple[pd.DataFrame, pd.Series, np.ndarray]
) -> None:
    monthly, gdp, _ = sim
    combined = monthly.copy()
    jan = [p for p in combined.index if p.endswith("-01")]
    combined.loc[jan, ["retail", "fai"]] = np.nan  # these two publish 1–2月 only
    res = nowcast(combined, gdp, vintage="2023-10")
    # the model saw the combined value in January, and no January→February change
    assert res.monthly.loc["2023-01", "retail"] == combined.loc["2023-02", "retail"]
    assert res.monthly.loc["2023-01", "ip"] == combined.loc["2023-01", "ip"]
    assert any("1–2月" in n for n in res.notes)
    assert abs(res.nowcast - gdp["2023Q4"]) < 1.0
