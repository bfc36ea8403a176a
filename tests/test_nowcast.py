"""Tests of jinshui_analysis.nowcast on simulated data with a known factor structure.

示例数据 / synthetic: no monthly series exist for Jinshui in the bundled data, so the model is
checked on data drawn from a known one-factor process.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.exceptions import DataError, ModelError, ParameterError
from jinshui_analysis.nowcast import NewsResults, NowcastResults, news, nowcast

T = 120  # ten years of months
TRUE_LOADINGS = {"ip": 1.0, "retail": 0.8, "unemp": -0.6, "fai": 0.5}


def _simulate(seed: int = 1) -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    """One AR(1) factor (φ = 0.7); four monthly indicators x = λf + e (σ_e = 0.5); quarterly
    GDP growth = 5 + Mariano–Murasawa aggregate of g_t = 0.9 f_t + u_t (σ_u = 0.3)."""
    rng = np.random.default_rng(seed)
    f = np.zeros(T)
    for t in range(1, T):
        f[t] = 0.7 * f[t - 1] + rng.normal()
    lam = np.array(list(TRUE_LOADINGS.values()))
    x = f[:, None] * lam + rng.normal(scale=0.5, size=(T, len(lam)))
    months = [str(p) for p in pd.period_range("2014-01", periods=T, freq="M")]
    monthly = pd.DataFrame(x, index=months, columns=list(TRUE_LOADINGS))
    g = 0.9 * f + rng.normal(scale=0.3, size=T)
    w = np.array([1, 2, 3, 2, 1]) / 3
    gq = [sum(w[i] * g[3 * q + 2 - i] for i in range(5) if 3 * q + 2 - i >= 0)
          for q in range(T // 3)]
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
    assert len(est) == 118  # 2014-01 … 2023-10
    corr = np.corrcoef(est, f[: len(est)])[0, 1]
    # sign normalised so that GDP loads positively, as in the true process (0.9 > 0)
    assert corr > 0.9
    load = fitted.loadings["factor_1"]
    for name, true in TRUE_LOADINGS.items():
        assert np.sign(load[name]) == np.sign(true), name
    assert load["gdp"] > 0


def test_nowcast_target_vintage_and_jan_feb(fitted: NowcastResults) -> None:
    assert fitted.target == "2023Q4"
    assert fitted.vintage == "2023-10"
    # Jan–Feb combined: every January is missing in the data the model saw
    jan = [p for p in fitted.monthly.index if p.endswith("-01")]
    assert fitted.monthly.loc[jan].isna().all().all()
    assert fitted.lower_95 < fitted.lower_80 < fitted.nowcast < fitted.upper_80 < fitted.upper_95
    q = fitted.to_frame()
    assert list(q.columns) == ["observed", "fitted"]
    assert np.isnan(q.loc["2023Q4", "observed"])
    assert q.loc["2023Q4", "fitted"] == pytest.approx(fitted.nowcast)
    # in-sample fit of GDP: the factor explains most of it
    ok = q.dropna()
    assert np.corrcoef(ok["observed"], ok["fitted"])[0, 1] > 0.8
    assert "Nowcast" in str(fitted.summary())


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
