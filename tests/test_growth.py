"""Growth arithmetic worked by hand from the 2023 Jinshui article (大象新闻 2023-02-13).

Figures: Jinshui 2022 GDP 1932亿元, 2023 growth target 8 %, digital economy > 42 % of GDP and
46.5 % of growth.  Synthetic inputs are labelled 示例数据.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.exceptions import (
    ModelError,
    NominalWarning,
    ParameterError,
    PeriodError,
)
from jinshui_analysis.models import growth, prices, targets
from jinshui_analysis.periods import parse_period


# --------------------------------------------------------------------------- targets
def test_jinshui_2000_yi_crossing_at_8pct() -> None:
    r = targets.crossing(1932, 8, 2000, 2022)
    assert r.period == 2023
    assert r.periods_needed == 1
    assert r.crossed
    assert r.path.loc[2022] == 1932
    assert r.path.loc[2023] == pytest.approx(2086.56, abs=1e-9)  # 1932 × 1.08
    assert list(r.path.index) == [2022, 2023]
    assert r.path.index.name == "period"
    assert "2022" in r.price_basis  # real growth: constant 2022 prices
    assert "2023" in r.message


def test_required_growth_to_2000_yi() -> None:
    g = targets.required_growth(1932, 2000)
    assert g == pytest.approx((2000 / 1932 - 1) * 100)
    assert g == pytest.approx(3.5196687, abs=1e-6)
    assert round(g, 2) == 3.52
    # two periods: sqrt(2000/1932) − 1
    assert targets.required_growth(1932, 2000, 2) == pytest.approx(
        (math.sqrt(2000 / 1932) - 1) * 100
    )


def test_crossing_not_before_required_growth() -> None:
    g = targets.required_growth(1932, 2000)
    assert targets.crossing(1932, g, 2000, 2022).period == 2023
    assert targets.crossing(1932, g - 0.01, 2000, 2022).period == 2024


def test_crossing_sequence_runs_out() -> None:
    r = targets.crossing(1932, [1.0, 1.0], 2000, 2022)
    assert r.period is None and not r.crossed
    assert r.horizon == 2
    assert "not within horizon" in r.message
    assert r.path.loc[2024] == pytest.approx(1932 * 1.01**2)
    # per-period path: 1 %, then 5 % → 1932·1.01·1.05 = 2048.88 ≥ 2000 in 2024
    r2 = targets.crossing(1932, [1.0, 5.0, 5.0], 2000, 2022)
    assert r2.period == 2024
    assert r2.path.loc[2024] == pytest.approx(1932 * 1.01 * 1.05)


def test_crossing_never_within_max_periods_and_already_there() -> None:
    assert targets.crossing(1932, -1, 2000, 2022, horizon=30).period is None
    already = targets.crossing(2100, 8, 2000, 2022)
    assert already.period == 2022 and already.periods_needed == 0


def test_crossing_basis_explicit() -> None:
    # real 5 % with 3 % deflator → nominal 8.15 % → 1932 × 1.0815 = 2089.458
    r = targets.crossing(1932, 5, 2000, 2022, deflator_pct=3)
    assert r.path.loc[2023] == pytest.approx(1932 * 1.05 * 1.03)
    assert r.period == 2023
    assert r.price_basis.startswith("current prices")
    with pytest.raises(ParameterError, match="deflator_pct"):
        targets.crossing(1932, 5, 2000, 2022, growth_basis="nominal", deflator_pct=3)
    with pytest.raises(ParameterError, match="growth_pct"):
        targets.crossing(1932, -100, 2000, 2022)


def test_cagr_by_hand() -> None:
    assert targets.cagr(100, 121, 2) == pytest.approx(10.0)
    # Nanshan 2019 6103.69 → 2022 8035.88 亿元 (current prices): (8035.88/6103.69)^(1/3) − 1
    assert targets.cagr(6103.69, 8035.88, 3) == pytest.approx(
        ((8035.88 / 6103.69) ** (1 / 3) - 1) * 100
    )
    with pytest.raises(ParameterError, match="years"):
        targets.cagr(1, 2, 0)


# --------------------------------------------------------------------------- digital economy
def test_implied_digital_growth() -> None:
    # 42 % share, 46.5 % contribution: g_i = g × 46.5 / 42
    assert growth.implied_growth(42, 46.5, 8) == pytest.approx(8 * 46.5 / 42)
    assert round(growth.implied_growth(42, 46.5, 8), 3) == 8.857
    with pytest.raises(ParameterError, match="share_pct"):
        growth.implied_growth(0, 46.5, 8)
    with pytest.raises(ParameterError, match="total_growth_pct"):
        growth.implied_growth(42, 46.5, 0)


def test_share_path_by_hand() -> None:
    gi = growth.implied_growth(42, 46.5, 8)
    path = growth.share_path(42, gi, 8, 2, start_period=2022)
    assert list(path.index) == [2022, 2023, 2024]
    # s_2023 = 42 × (1 + 0.088571) / 1.08 = 42.3333; s_2024 = s_2023 × same factor
    f = (1 + gi / 100) / 1.08
    assert path["share_pct"].tolist() == pytest.approx([42, 42 * f, 42 * f * f])
    assert path.loc[2023, "share_pct"] == pytest.approx(42.3333, abs=1e-4)
    # the share grows by exactly the contribution in share terms: Δs = s(g_i − g)/(1+g)
    assert path.loc[2023, "share_pct"] - 42 == pytest.approx(42 * (gi - 8) / 108)


def test_contributions_digital_sub_aggregate() -> None:
    """示例数据: digital 42 of GDP 100; digital +8.857 %, GDP +8 % → 46.5 % of growth."""
    gi = 8 * 46.5 / 42
    idx = pd.Index(["2022", "2023"], name="period")
    levels = pd.DataFrame({"digital": [42.0, 46.0], "GDP": [100.0, 110.0]}, index=idx)
    rg = pd.DataFrame({"digital": [0.0, gi], "GDP": [0.0, 8.0]}, index=idx)
    res = growth.contributions(levels, real_growth=rg, base_years=(2022,), denominator="total")
    assert res.rate.loc["2023", "digital"] == pytest.approx(46.5)
    assert res.pulling.loc["2023", "digital"] == pytest.approx(46.5 * 8 / 100)
    # the rest of the economy sits in the discrepancy: 8 − 42 × 0.0885714 = 4.28 亿元
    assert res.discrepancy.loc["2023"] == pytest.approx(8 - 42 * gi / 100)
    assert list(res.rate.index) == ["2023"]  # labels kept as given (strings)


# --------------------------------------------------------------------------- year-to-date targets
def test_required_remaining_growth_by_hand() -> None:
    # H1 done (w = 0.45), YTD 6 %, target 8 %:
    # 1.08 = 0.45 × 1.06 + 0.55 × (1 + g) → g = (1.08 − 0.477) / 0.55 − 1 = 9.636 %
    g = targets.required_remaining_growth(6, 8, 0.45)
    assert g == pytest.approx(((1.08 - 0.45 * 1.06) / 0.55 - 1) * 100)
    assert g == pytest.approx(9.636363636)
    for w in (0, 1, -0.1, 1.5):
        with pytest.raises(ParameterError, match="done_share"):
            targets.required_remaining_growth(6, 8, w)


def test_done_share_quarterly_and_monthly() -> None:
    q = pd.Series([400.0, 900, 1400, 2000], index=["2022Q1", "2022Q2", "2022Q3", "2022Q4"])
    assert targets.done_share(q, "2023Q2") == pytest.approx(0.45)
    assert targets.done_share(q, "2022Q3") == pytest.approx(0.70)
    assert targets.done_share(q, "Q1") == pytest.approx(0.20)
    assert targets.done_share(q, "2023H1") == pytest.approx(0.45)
    m = pd.Series(
        [300.0 + 100 * k for k in range(11)],
        index=[f"2022-{k:02d}" for k in range(2, 13)],
    )
    assert targets.done_share(m, "2023-06") == pytest.approx(700 / 1300)
    assert targets.done_share(m, "2023-01~2023-06") == pytest.approx(700 / 1300)
    assert targets.done_share(m, 6) == pytest.approx(700 / 1300)
    # combined with the remaining-growth rule
    w = targets.done_share(q, "2023Q2")
    assert targets.required_remaining_growth(6, 8, w) == pytest.approx(9.636363636)


def test_period_inputs_give_the_same_results_as_codes() -> None:
    """A pd.PeriodIndex (or a Period argument) is read as its codes are: same w, same path."""
    codes = ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    q = pd.Series([400.0, 900, 1400, 2000], index=codes)
    qp = q.set_axis(pd.PeriodIndex(codes, freq="Q"))
    for through in ("2023Q2", pd.Period("2023Q2", "Q"), parse_period("2023年上半年")):
        assert targets.done_share(qp, through) == targets.done_share(q, "2023Q2") == 0.45
    months = pd.period_range("2022-02", "2022-12", freq="M")  # 1-2月 under February
    m = pd.Series([300.0 + 100 * k for k in range(11)], index=[str(p) for p in months])
    assert targets.done_share(m.set_axis(months), pd.Period("2023-06", "M")) == \
        targets.done_share(m, "2023-06") == pytest.approx(700 / 1300)  # (300 + 4·100) / 1300
    by_code = targets.crossing(1932, 8, 2000, 2022)
    for start in (pd.Period("2022", "Y"), parse_period("2022年")):
        r = targets.crossing(1932, 8, 2000, start)
        assert r.period == by_code.period == 2023
        pd.testing.assert_series_equal(r.path, by_code.path)
    levels, rg = _small()
    yearly = pd.PeriodIndex(["2020", "2021"], freq="Y", name="period")
    res = growth.contributions(levels.set_axis(yearly), real_growth=rg.set_axis(yearly))
    assert res.rate.to_numpy().tolist() == growth.contributions(
        levels, real_growth=rg).rate.to_numpy().tolist() == [[75.0, 25.0]]


def test_done_share_errors() -> None:
    q = pd.Series([400.0, 500, 500, 600], index=["2022Q1", "2022Q2", "2022Q3", "2022Q4"])
    with pytest.raises(ModelError, match="cumulative"):
        targets.done_share(pd.Series([400.0, 300], index=["2022Q1", "2022Q4"]), "Q1")
    with pytest.raises(ModelError, match="annual total"):
        targets.done_share(q.iloc[:3], "Q1")
    with pytest.raises(ModelError, match="month 6"):
        targets.done_share(q.drop("2022Q2"), "Q2")
    with pytest.raises(PeriodError):
        targets.done_share(q, "second half")


def test_real_nominal_conversion() -> None:
    assert prices.to_nominal(5, 2) == pytest.approx(7.1)  # 1.05 × 1.02 = 1.071
    assert prices.to_real(7.1, 2) == pytest.approx(5.0)
    assert prices.to_real(prices.to_nominal(8, 1.5), 1.5) == pytest.approx(8)
    with pytest.raises(ParameterError, match="deflator_growth_pct"):
        prices.to_real(5, -100)


# --------------------------------------------------------------------------- contributions: errors
def _small() -> tuple[pd.DataFrame, pd.DataFrame]:
    """示例数据."""
    idx = pd.Index([2020, 2021], name="period")
    levels = pd.DataFrame({"a": [60.0, 70.0], "b": [40.0, 45.0], "GDP": [100.0, 115.0]}, index=idx)
    rg = pd.DataFrame({"a": [0.0, 10.0], "b": [0.0, 5.0], "GDP": [0.0, 8.0]}, index=idx)
    return levels, rg


def test_contributions_hand_example_real_growth() -> None:
    levels, rg = _small()
    res = growth.contributions(levels, real_growth=rg)
    # increments at 2020 prices: a 60 × 10 % = 6; b 40 × 5 % = 2 → 75 %, 25 %; pulling 6 and 2
    assert res.rate.loc[2021].tolist() == pytest.approx([75, 25])
    assert res.pulling.loc[2021].tolist() == pytest.approx([6, 2])
    assert res.total_growth.loc[2021] == pytest.approx(8)
    frame = res.to_frame()
    assert list(frame.columns) == [
        "period", "component", "rate_pct", "pulling_pp", "increment_100m_yuan"
    ]
    assert frame["increment_100m_yuan"].tolist() == pytest.approx([6, 2])
    assert res.rate.index.name == "period" and res.rate.columns.name == "component"


def test_previous_year_method_hand_example() -> None:
    idx = pd.Index([2020, 2021, 2022], name="period")
    levels = pd.DataFrame(
        {"a": [60.0, 70.0, 80.0], "b": [40.0, 45.0, 46.0], "GDP": [100.0, 115.0, 126.0]},
        index=idx,
    )
    rg = pd.DataFrame({"a": [0.0, 10, 10], "b": [0.0, 5, 5], "GDP": [0.0, 8, 8.5]}, index=idx)
    prev = growth.contributions(levels, real_growth=rg, method="previous_year")
    # 2022 at 2021 prices: a 70 × 10 % = 7; b 45 × 5 % = 2.25 → 75.68 %
    assert prev.increment.loc[2022].tolist() == pytest.approx([7.0, 2.25])
    assert prev.rate.loc[2022, "a"] == pytest.approx(7 / 9.25 * 100)
    # official (2020 prices): a 60·1.1·0.1 = 6.6; b 40·1.05·0.05 = 2.1 → 75.86 %
    off = growth.contributions(levels, real_growth=rg)
    assert off.increment.loc[2022].tolist() == pytest.approx([6.6, 2.1])
    assert off.rate.loc[2022, "a"] == pytest.approx(6.6 / 8.7 * 100)


def test_nominal_contributions_warn_and_label() -> None:
    levels, _ = _small()
    with pytest.warns(NominalWarning, match="nominal"):
        res = growth.contributions(levels)
    assert res.nominal
    # current-price increments 10 and 5 → 66.67 %, 33.33 %; nominal GDP growth 15 %
    assert res.rate.loc[2021].tolist() == pytest.approx([200 / 3, 100 / 3])
    assert res.total_growth.loc[2021] == pytest.approx(15)
    text = str(res.summary())
    assert "名义" in text and "nominal" in text.lower()


def test_nominal_allows_negative_net_exports() -> None:
    idx = pd.Index([2020, 2021], name="period")
    levels = pd.DataFrame(
        {"consumption": [50.0, 56], "investment": [55.0, 58], "net_exports": [-5.0, -4],
         "GDP": [100.0, 110]},
        index=idx,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NominalWarning)
        res = growth.contributions(levels)
    assert res.rate.loc[2021].tolist() == pytest.approx([60, 30, 10])
    with pytest.raises(ModelError, match="negative level"):
        growth.contributions(levels, real_growth=levels * 0 + 5)


def test_contributions_errors() -> None:
    levels, rg = _small()
    with pytest.raises(ParameterError, match="not both"):
        growth.contributions(levels, real_growth=rg, volume_index=rg + 100)
    bad = rg.copy()
    bad.loc[2021, "b"] = -100
    with pytest.raises(ParameterError, match=r"component 'b'"):
        growth.contributions(levels, real_growth=bad)
    with pytest.raises(ParameterError, match="volume index must be > 0"):
        growth.contributions(levels, volume_index=rg)  # zeros
    with pytest.raises(ModelError, match="columns"):
        growth.contributions(levels, real_growth=rg.rename(columns={"b": "c"}))
    with pytest.raises(ModelError, match="index"):
        growth.contributions(levels, real_growth=rg.set_axis([2021, 2022]))
    with pytest.raises(ModelError, match="total column 'Y'"):
        growth.contributions(levels, real_growth=rg, total="Y")
    with pytest.raises(ParameterError, match="denominator"):
        growth.contributions(levels, real_growth=rg, denominator="mean")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="method"):
        growth.contributions(levels, method="previous_year")
    with pytest.raises(PeriodError):
        growth.contributions(levels.set_axis(["2020Q4", "2021Q4"]), real_growth=rg)


def test_contributions_missing_values_named() -> None:
    levels, rg = _small()
    lv = levels.copy()
    lv.loc[2020, "b"] = np.nan
    with pytest.raises(ModelError, match=r"period 2021.*2020.*component 'b'"):
        growth.contributions(lv, real_growth=rg)
    # a gap in the periods
    idx = pd.Index([2020, 2022], name="period")
    with pytest.raises(ModelError, match=r"period 2022.*2021"):
        growth.contributions(levels.set_axis(idx), real_growth=rg.set_axis(idx))


def test_contributions_zero_denominator() -> None:
    levels, rg = _small()
    flat = rg.copy()
    flat.loc[2021] = 0.0
    with pytest.raises(ModelError, match="zero"):
        growth.contributions(levels, real_growth=flat)


def test_done_share_bulletin_labels_henan_2021() -> None:
    # 河南省 2021: 上半年 GDP 28927.96亿 (河南商报), 全年 58887.41亿 (2021年统计公报)
    # w = 28927.96 / 58887.41 = 0.4912418…
    w = 28927.96 / 58887.41
    for labels in (["2021年上半年", "2021"], ["2021年1-6月", "2021年"], ["2021H1", "2021年全年"],
                   ["2021-01~2021-06", "2021Q4"], ["2021Q2", "2021-12"]):
        s = pd.Series([28927.96, 58887.41], index=labels)
        assert targets.done_share(s, "2022年上半年") == pytest.approx(w), labels
        assert targets.done_share(s, 6) == pytest.approx(w), labels
    s = pd.Series([28927.96, 58887.41], index=["2021年上半年", 2021])
    assert targets.done_share(s, "H1") == pytest.approx(0.4912418, abs=1e-7)
    assert targets.done_share(s, "2022") == 1.0  # the whole year
    # the annual label and Q4 cumulative agree → accepted; disagree → error
    both = pd.Series([28927.96, 58887.41, 58887.41], index=["2021年上半年", "2021", "2021Q4"])
    assert targets.done_share(both, "Q2") == pytest.approx(w)
    with pytest.raises(PeriodError, match="two different values"):
        targets.done_share(
            pd.Series([28927.96, 58887.41, 58887.0], index=["2021H1", "2021", "2021Q4"]), "Q2"
        )


def test_done_share_rejects_non_ytd_ranges_and_single_periods() -> None:
    # a range starting in April is not year-to-date: it used to be read as "through June" (0.3)
    with pytest.raises(PeriodError, match="2022-04~2022-06"):
        targets.done_share(pd.Series([30.0, 100], index=["2022-04~2022-06", "2022-12"]), 6)
    with pytest.raises(PeriodError, match="3-5"):
        targets.done_share(pd.Series([30.0, 100], index=["2022年3-5月", "2022"]), 5)
    # a Chinese label naming one quarter (当季) is not a cumulative value
    with pytest.raises(PeriodError, match="single quarter"):
        targets.done_share(pd.Series([45.0, 100], index=["2022年二季度", "2022"]), "Q2")
    with pytest.raises(PeriodError, match="through"):
        targets.done_share(pd.Series([45.0, 100], index=["2022H1", "2022"]), "3-5月")
    with pytest.raises(ModelError, match="several years"):
        targets.done_share(pd.Series([45.0, 100], index=["2021年上半年", "2022"]), "Q2")
