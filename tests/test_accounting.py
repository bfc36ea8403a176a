"""Perpetual inventory and Solow decomposition, worked by hand (示例数据 / synthetic inputs)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.exceptions import JinshuiWarning, ModelError, ParameterError
from jinshui_analysis.models.accounting import capital_stock, solow_decomposition


def test_capital_stock_default_zhang_wu_zhang_rate() -> None:
    inv = pd.Series([100.0, 110.0, 121.0], index=pd.Index([2018, 2019, 2020], name="period"))
    k = capital_stock(inv)
    # g = (121/100)^(1/2) − 1 = 10 %; δ = 9.6 % → K0 = 100·1.1 / 0.196 = 561.2245
    k0 = 110 / 0.196
    k1 = 0.904 * k0 + 110
    k2 = 0.904 * k1 + 121
    assert k.tolist() == pytest.approx([k0, k1, k2])
    assert k.iloc[0] == pytest.approx(561.2245, abs=1e-4)
    # steady state: investment grows 10 % → capital grows 10 % from the first period
    assert (k / k.shift(1) - 1).iloc[1:].tolist() == pytest.approx([0.1, 0.1], abs=1e-12)
    assert k.name == "capital_stock" and k.index.name == "period"


def test_capital_stock_growth_years_initial_and_deflator() -> None:
    inv = pd.Series([100.0, 110.0, 200.0])
    # growth over the first year only: g = 10 %; δ = 10 % → K0 = 100·1.1 / 0.2 = 550
    assert capital_stock(inv, depreciation_pct=10, growth_years=1).iloc[0] == pytest.approx(550)
    given = capital_stock(inv, depreciation_pct=10, initial=1000.0)
    assert given.tolist() == pytest.approx([1000, 1010, 1109])  # 0.9·1000 + 110; 0.9·1010 + 200
    nominal = pd.Series([100.0, 121.0])
    deflator = pd.Series([100.0, 110.0])
    # real investment 100, 110 → g = 10 %, K0 = 110/0.2 = 550, K1 = 495 + 110 = 605
    assert capital_stock(nominal, depreciation_pct=10, deflator=deflator).tolist() == (
        pytest.approx([550, 605])
    )


def test_capital_stock_errors() -> None:
    inv = pd.Series([100.0, 50.0])
    with pytest.raises(ModelError, match="g \\+ δ"):
        capital_stock(inv, depreciation_pct=10)  # g = −50 %
    with pytest.raises(ParameterError, match="depreciation_pct"):
        capital_stock(inv, depreciation_pct=150)
    with pytest.raises(ParameterError, match="depreciation_pct"):
        capital_stock(inv, depreciation_pct=0)
    with pytest.raises(ParameterError, match="deprecation_pct"):
        capital_stock(inv, deprecation_pct=10)  # a typo is named, not ignored
    with pytest.raises(ModelError, match="missing"):
        capital_stock(pd.Series([100.0, np.nan]))
    with pytest.raises(ModelError, match="two periods"):
        capital_stock(pd.Series([100.0]))
    with pytest.raises(ParameterError, match="initial"):
        capital_stock(inv, initial="steady")  # type: ignore[arg-type]


def test_solow_given_share_by_hand() -> None:
    idx = pd.Index([2020, 2021], name="period")
    y = pd.Series([100.0, 110.0], index=idx)
    k = pd.Series([200.0, 230.0], index=idx)
    lab = pd.Series([50.0, 51.0], index=idx)
    r = solow_decomposition(y, k, lab, capital_share_pct=40)
    c = r.contributions.loc[2021]
    gy, gk, gl = (100 * math.log(v) for v in (1.1, 1.15, 1.02))
    assert c["gdp_growth"] == pytest.approx(gy)  # 9.531 (log-difference × 100)
    assert c["capital_pp"] == pytest.approx(0.4 * gk)  # 5.590
    assert c["labour_pp"] == pytest.approx(0.6 * gl)  # 1.188
    assert c["tfp_pp"] == pytest.approx(gy - 0.4 * gk - 0.6 * gl)  # 2.752
    assert c["capital_pp"] + c["labour_pp"] + c["tfp_pp"] == pytest.approx(c["gdp_growth"])
    assert c["capital_share_pct"] + c["labour_share_pct"] + c["tfp_share_pct"] == (
        pytest.approx(100)
    )
    assert r.alpha_se is None and not r.estimated
    assert "given" in str(r.summary())


def test_solow_estimates_alpha_by_ols() -> None:
    rng = np.random.default_rng(20230213)
    n = 30
    idx = pd.Index(range(1995, 1995 + n), name="period")
    lab = pd.Series(500 * np.exp(0.01 * np.arange(n)), index=idx)
    k = pd.Series(1000 * np.exp(0.08 * np.arange(n) + rng.normal(0, 0.05, n)), index=idx)
    y = 2.0 * np.exp(0.015 * np.arange(n)) * k**0.4 * lab**0.6 * np.exp(rng.normal(0, 0.005, n))
    r = solow_decomposition(y, k, lab)
    assert r.estimated
    assert r.alpha == pytest.approx(0.4, abs=0.05)
    assert r.alpha_se is not None and 0 < r.alpha_se < 0.05
    parts = r.contributions[["capital_pp", "labour_pp", "tfp_pp"]].sum(axis=1)
    np.testing.assert_allclose(parts, r.contributions["gdp_growth"], atol=1e-12)
    assert "OLS" in str(r.summary())


def test_solow_errors_and_warnings() -> None:
    idx = pd.Index([2020, 2021, 2022], name="period")
    s = pd.Series([1.0, 2.0, 3.0], index=idx)
    with pytest.raises(ModelError, match="at least 4"):
        solow_decomposition(s, s, s)
    with pytest.raises(ParameterError, match="capital_share"):
        solow_decomposition(s, s, s, capital_share_pct=120)
    with pytest.raises(ModelError, match="same period index"):
        solow_decomposition(s, s.set_axis([1, 2, 3]), s, capital_share_pct=40)
    # Y = K^1.5 (L constant): α = 1.5 lies outside (0, 1) → warning, still decomposes
    idx5 = pd.Index(range(2018, 2023), name="period")
    y = pd.Series([100.0, 100, 100, 100, 100], index=idx5)
    k = pd.Series([100.0, 300, 150, 400, 120], index=idx5)
    lab = pd.Series([10.0, 10, 10, 10, 10], index=idx5)
    with pytest.warns(JinshuiWarning, match="outside"):
        solow_decomposition(y * k**1.5, k, lab)


def test_capital_stock_rejects_gaps_in_annual_periods() -> None:
    # 2011 missing: K_2012 = 0.9·K_2010 + I_2012 would skip a year of depreciation/investment
    inv = pd.Series([10.0, 11.0, 12.1], index=[2010, 2012, 2013])
    with pytest.raises(ModelError, match=r"investment skips year\(s\) \[2011\]"):
        capital_stock(inv, depreciation_pct=10)
    with pytest.raises(ModelError, match=r"\[2011, 2012\]"):
        capital_stock(pd.Series([10.0, 11.0], index=["2010", "2013"]), depreciation_pct=10)
    # consecutive string years are fine: g = 10 %, K0 = 11 / 0.2 = 55, K1 = 49.5 + 11 = 60.5
    ok = capital_stock(pd.Series([10.0, 11.0], index=["2010", "2011"]), depreciation_pct=10)
    assert ok.tolist() == pytest.approx([55.0, 60.5])
    # non-annual labels are not checked for gaps
    quarterly = pd.Series([10.0, 11.0], index=["2010Q1", "2010Q3"])
    assert capital_stock(quarterly, depreciation_pct=10).tolist() == pytest.approx([55.0, 60.5])


def test_solow_rejects_gaps_in_annual_periods() -> None:
    idx = pd.Index([2018, 2019, 2021], name="period")
    s = pd.Series([100.0, 110.0, 121.0], index=idx)
    with pytest.raises(ModelError, match=r"gdp skips year\(s\) \[2020\]"):
        solow_decomposition(s, s, s, capital_share_pct=40)


def test_solow_reports_published_style_growth_next_to_log_growth() -> None:
    idx = pd.Index([2020, 2021, 2022], name="period")
    y = pd.Series([100.0, 110.0, 115.5], index=idx)  # +10 %, +5 %
    k = pd.Series([200.0, 230.0, 250.0], index=idx)
    lab = pd.Series([50.0, 51.0, 51.0], index=idx)
    r = solow_decomposition(y, k, lab, capital_share_pct=40)
    c = r.contributions
    assert c["gdp_growth_pct"].tolist() == pytest.approx([10.0, 5.0])
    assert c["gdp_growth"].tolist() == pytest.approx([100 * math.log(1.1), 100 * math.log(1.05)])
    assert list(c.columns[:2]) == ["gdp_growth", "gdp_growth_pct"]
    # the decomposition still adds up to the LOG growth
    np.testing.assert_allclose(c[["capital_pp", "labour_pp", "tfp_pp"]].sum(axis=1),
                               c["gdp_growth"], atol=1e-12)
    assert r.average["gdp_growth_pct"] == pytest.approx(7.5)
    text = str(r.summary())
    assert "公报口径" in text and "100·Δln Y" in text and "10.0" in text


@pytest.mark.parametrize("g_pct", [-5.0, 0.0, 3.0, 10.0, 25.0])
@pytest.mark.parametrize("delta_pct", [6.0, 9.6, 15.0])
def test_capital_stock_steady_state_grows_at_g_from_the_first_period(
    g_pct: float, delta_pct: float
) -> None:
    # the case: with K0 = I0/(g+δ) capital grew 11.96 %, 11.58 %, 11.28 %… for g = 10 %
    g = g_pct / 100
    inv = pd.Series(100 * (1 + g) ** np.arange(12), index=range(2010, 2022))
    k = capital_stock(inv, depreciation_pct=delta_pct)
    assert k.iloc[0] == pytest.approx(100 * (1 + g) / (g + delta_pct / 100), rel=1e-12)
    growth = (k / k.shift(1) - 1).iloc[1:].to_numpy()
    np.testing.assert_allclose(growth, g, rtol=0, atol=1e-12)


def test_old_fraction_keywords_still_work_with_a_deprecation_warning() -> None:
    inv = pd.Series([10.0, 11.0], index=[2010, 2011])
    with pytest.warns(DeprecationWarning, match="depreciation_pct"):
        old = capital_stock(inv, depreciation=0.1)
    assert old.tolist() == capital_stock(inv, depreciation_pct=10).tolist()
    idx = pd.Index([2020, 2021], name="period")
    y, k, lab = (pd.Series(v, index=idx) for v in ([100.0, 110], [200.0, 230], [50.0, 51]))
    with pytest.warns(DeprecationWarning, match="capital_share_pct"):
        r = solow_decomposition(y, k, lab, capital_share=0.4)
    assert r.alpha == pytest.approx(0.4)
    assert r.contributions.equals(solow_decomposition(y, k, lab, capital_share_pct=40).contributions)
