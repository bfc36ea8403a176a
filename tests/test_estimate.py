"""The quarter's GDP estimate: indicator method, bridge, information set, backtest, section."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.data.national_indicators import (
    national_monthly,
    national_quarterly_gdp,
    national_structure,
)
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models import estimate as est


def _national(asof, method="indicator", monthly=None, quarterly=None):
    m = national_monthly() if monthly is None else monthly
    q = national_quarterly_gdp() if quarterly is None else quarterly
    st = national_structure()
    if method == "bridge":
        return est.bridge(m, q, asof)
    return est.indicator_method(m, q, asof, structure=st[["primary", "secondary", "tertiary"]],
                                primary_growth_pct=st["primary_growth_pct"])


# --- hand-worked indicator method ------------------------------------------------------------

def test_indicator_growth_two_industries_by_hand():
    # weights given as levels 40 and 60 亿元 → shares 0.4 and 0.6
    # industry A indicator 5%, B 8%, elasticities 1: 0.4×5 + 0.6×8 = 2.0 + 4.8 = 6.8%
    t = est.indicator_growth({"A": 40.0, "B": 60.0}, {"A": 5.0, "B": 8.0})
    assert t.loc["A", "contribution_pp"] == pytest.approx(2.0)
    assert t.loc["B", "contribution_pp"] == pytest.approx(4.8)
    assert t.loc["total", "growth_pct"] == pytest.approx(6.8)
    # A with elasticity 0.5 and intercept 1: g_A = 1 + 0.5×5 = 3.5, 0.4×3.5 = 1.4;
    # total 1.4 + 4.8 = 6.2%
    t = est.indicator_growth({"A": 40.0, "B": 60.0}, {"A": 5.0, "B": 8.0},
                             elasticity={"A": 0.5}, intercept={"A": 1.0})
    assert t.loc["A", "growth_pct"] == pytest.approx(3.5)
    assert t.loc["total", "contribution_pp"] == pytest.approx(6.2)


def test_indicator_growth_rejects_bad_weights():
    with pytest.raises(ParameterError, match="weights"):
        est.indicator_growth({"A": -1.0, "B": 2.0}, {"A": 5.0, "B": 8.0})
    with pytest.raises(ParameterError, match="growth_pct"):
        est.indicator_growth({"A": 1.0, "B": 2.0}, {"A": 5.0})


def _tiny():
    """Two industries, monthly 当月 growth as published (January inside 1–2月 at February)."""
    months = pd.period_range("2023-01", "2024-06", freq="M")
    m = pd.DataFrame({"industry": 6.0, "retail": 9.0}, index=months)
    m.loc[m.index.month == 1, :] = np.nan
    m.loc[pd.Period("2024-04", freq="M")] = [5.0, 8.0]
    m.loc[pd.Period("2024-05", freq="M")] = [7.0, 10.0]
    m.loc[pd.Period("2024-06", freq="M")] = [99.0, 99.0]
    q = pd.Series([5.0, 5.2, 5.1, 5.3, 5.0, 4.0],
                  index=pd.period_range("2023Q1", "2024Q2", freq="Q"))
    st = pd.DataFrame({"secondary": [40.0], "tertiary": [60.0]}, index=[2023])
    return m, q, st


def test_indicator_method_by_hand_with_elasticity_one():
    m, q, st = _tiny()
    # data through May 2024: GDP up to 2024Q1 (5 quarters < min_history 8 → elasticity 1)
    # secondary: (5 + 7)/2 = 6; tertiary: (8 + 10)/2 = 9; weights 2023: 0.4, 0.6
    # estimate = 0.4×6 + 0.6×9 = 2.4 + 5.4 = 7.8%
    r = est.indicator_method(m, q, "2024-05", structure=st, min_history=8)
    assert r.target == "2024Q2" and r.months_known == 2
    assert r.point_pct == pytest.approx(7.8)
    assert r.contributions["contribution_pp"].sum() == pytest.approx(r.point_pct)
    assert any("elasticity 1" in n for n in r.notes)
    # April: secondary 5, tertiary 8 → 0.4×5 + 0.6×8 = 6.8; news: 0.4×(6−5) = 0.4 and
    # 0.6×(9−8) = 0.6, change 1.0 pp
    assert r.previous_pct == pytest.approx(6.8)
    assert r.news.loc["secondary", "change_pp"] == pytest.approx(0.4)
    assert r.news.loc["tertiary", "change_pp"] == pytest.approx(0.6)
    assert r.change_pp == pytest.approx(1.0)


def test_quarter_means_weights_jan_feb_twice():
    # 1–2月 4% stands for two months, March 7%: (2×4 + 7)/3 = 5%
    m = pd.DataFrame({"x": [np.nan, 4.0, 7.0]},
                     index=pd.period_range("2024-01", "2024-03", freq="M"))
    means, cover = est.quarter_means(m, pd.PeriodIndex([pd.Period("2024Q1", freq="Q")]))
    assert means.iloc[0, 0] == pytest.approx(5.0)
    assert cover.iloc[0, 0] == 3


# --- nothing published after the estimate date is used ---------------------------------------

@pytest.mark.parametrize("method", ["indicator", "bridge"])
def test_figures_published_later_are_not_used(method):
    m, q = national_monthly(), national_quarterly_gdp()
    asof = pd.Period("2023-05", freq="M")
    base = _national(str(asof), method)
    poisoned_m = m.copy()
    poisoned_m.loc[poisoned_m.index > asof, :] = 1e6
    poisoned_q = q.copy()
    poisoned_q.loc[poisoned_q.index.asfreq("M", how="end") >= asof] = np.nan
    again = _national(str(asof), method, poisoned_m, poisoned_q)
    assert again.point_pct == base.point_pct
    assert again.previous_pct == base.previous_pct
    # ... while a figure published before the date does move it (the test can fail)
    earlier = m.copy()
    earlier.loc[asof - 1, "industry"] += 10.0
    assert _national(str(asof), method, earlier).point_pct != base.point_pct


def test_first_quarter_gdp_unknown_until_after_march():
    m, q = national_monthly(), national_quarterly_gdp()
    _, known = est.information_set(m, q, "2024-03")
    assert known.index[-1] == pd.Period("2023Q4", freq="Q")
    _, known = est.information_set(m, q, "2024-04")
    assert known.index[-1] == pd.Period("2024Q1", freq="Q")


def test_backtest_rows_use_only_their_information():
    m, q, st = _tiny()

    def ind(mm, qq, k):
        return est.indicator_method(mm, qq, k, structure=st, previous=False)

    bt = est.backtest(m, q, estimators={"indicator": ind}, start="2024Q2", end="2024Q2")
    row = bt.table.set_index("month_of_quarter").loc[2]
    # same hand-worked 7.8% as above: June's 99% is not seen in May
    assert row["indicator"] == pytest.approx(7.8)
    assert row["naive"] == pytest.approx(5.0)  # 2024Q1 published
    assert row["actual"] == pytest.approx(4.0)


def test_naive_and_ar1_by_hand():
    # y = 1 + x exactly: AR(1) gives a = 1, b = 1 → 6 + 1 = 7; naive 6
    q = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
                  index=pd.period_range("2020Q1", "2021Q2", freq="Q"))
    t = pd.Period("2021Q3", freq="Q")
    assert est.naive_forecast(q, t) == 6.0
    assert est.ar1_forecast(q, t) == pytest.approx(7.0)


def test_rmse_ratio_by_hand():
    table = pd.DataFrame({"target": ["2019Q1", "2019Q2"], "month_of_quarter": [1, 1],
                          "asof": ["2019-01", "2019-04"], "actual": [6.0, 6.0],
                          "m": [6.3, 5.6], "naive": [7.0, 5.0], "ar1": [6.0, 6.0]})
    bt = est.BacktestResults(table=table, methods=("m", "naive", "ar1"))
    # RMSE m = sqrt((0.09 + 0.16)/2) = sqrt(0.125); naive = sqrt((1 + 1)/2) = 1
    assert bt.rmse_ratio("m") == pytest.approx(np.sqrt(0.125))
    assert bt.quarters == 2


def test_bad_asof_is_a_parameter_error():
    with pytest.raises(ParameterError, match="asof"):
        _national("2024Q2")


# --- the report section ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def zz_may():
    from jinshui_analysis.reports import sections as S

    return S.load_report_data("郑州市", "2024-05", demo=False)


def test_section_says_what_the_city_data_lack(zz_may):
    from jinshui_analysis.reports import sections as S

    sec = S.estimate_section(zz_may)
    text = " ".join(p.text for p in sec.body)
    assert "郑州市已公布数据缺少测算所需的当季地区生产总值增速" in text
    point = _national("2024-05").point_pct
    assert sec.figures_dict()["gdp_estimate_pct"] == pytest.approx(round(point, 2))
    assert "不变价" in text and "80%区间" in text and "均方根误差" in text
    assert any("名义增速" in n for n in sec.notes)
    assert "拉动：" in text and not sec.tables  # a city report keeps the reference short


def test_national_report_shows_the_contributions():
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("全国", "2024-05", demo=False)
    sec = S.estimate_section(rd)
    assert "缺少" not in " ".join(p.text for p in sec.body)
    contrib = sec.tables[0][1]
    point = _national("2024-05").point_pct
    assert contrib.iloc[:, -1].sum() == pytest.approx(point)  # contributions add up
    # weights are the 2022 structure (latest before 2024): secondary 483164 / 1210207 亿元
    assert contrib.iloc[1, 0] == pytest.approx(100 * 483164 / (88345 + 483164 + 638698))


def test_section_reports_last_quarter_error_once_published():
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("郑州市", "2024-07", demo=False)
    sec = S.estimate_section(rd, language="en")
    last = _national("2024-06").point_pct
    assert any("Q2 2024 national GDP is published" in n and "4.7%" in n for n in sec.notes)
    assert any(f"{last:.1f}%" in n for n in sec.notes)


def test_monthly_report_shows_the_estimate(rendered):
    html = rendered["monthly_report"].html.read_text(encoding="utf-8")
    assert "本季度地区生产总值测算" in html


@pytest.mark.slow
def test_dfm_estimate_uses_the_same_information():
    m, q = national_monthly(), national_quarterly_gdp()
    r = est.dfm(m.loc["2019-01":], q, "2024-05", maxiter=5)
    assert r.target == "2024Q2" and np.isfinite(r.point_pct)
    assert r.lower_pct < r.point_pct < r.upper_pct


def _own_region_rows():
    """A district's own published figures, tidy as read from its bulletins: 当季 GDP growth
    2021Q1–2024Q1, 当月 growth of 规上工业 and 社零 (1–2月 combined at February), 2020–2023 sector
    value added.  Retail growth is twice industrial growth and GDP = 1 + 0.5 × (0.4 × industry
    + 0.6 × retail) exactly, so the calibration recovers c = 1, e = 0.5."""
    rows = []

    def row(indicator, measure, period, cumulative, value, unit="%", basis="comparable"):
        rows.append({"region": "甲区", "indicator": indicator, "measure": measure,
                     "period": period, "cumulative": cumulative, "value": value, "unit": unit,
                     "price_basis": basis, "source": "甲区统计局 bulletin", "grade": "official",
                     "vintage": "initial", "published": "", "publisher": "甲区统计局",
                     "qualifier": ""})

    months = pd.period_range("2021-02", "2024-05", freq="M")
    ind = {m: 4.0 + (i % 5) for i, m in enumerate(months) if m.month != 1}
    ind[pd.Period("2024-04", freq="M")], ind[pd.Period("2024-05", freq="M")] = 5.0, 7.0
    for m, v in ind.items():
        cum = m.month == 2
        row("规模以上工业增加值", "yoy_pct", str(m), cum, v)
        row("社会消费品零售总额", "yoy_pct", str(m), cum, 2 * v, basis="current")
    for q in pd.period_range("2021Q1", "2024Q1", freq="Q"):
        vals = [ind[m] for m in pd.period_range(q.asfreq("M", "start"), q.asfreq("M", "end"),
                                                freq="M") if m in ind]
        w = [2.0 if (m.month == 2) else 1.0 for m in pd.period_range(
            q.asfreq("M", "start"), q.asfreq("M", "end"), freq="M") if m in ind]
        xbar = sum(a * b for a, b in zip(vals, w)) / sum(w)
        row(GDP_NAME, "yoy_pct", str(q), False, 1 + 0.5 * (0.4 * xbar + 0.6 * 2 * xbar))
    for year in (2020, 2021, 2022, 2023):
        row("第二产业增加值", "level", str(year), False, 400.0, "亿元", "current")
        row("第三产业增加值", "level", str(year), False, 600.0, "亿元", "current")
    return pd.DataFrame(rows)


GDP_NAME = "地区生产总值"


def test_section_estimates_from_the_offices_own_figures(zz_may):
    import dataclasses

    from jinshui_analysis.reports import sections as S

    rd = dataclasses.replace(zz_may, region="甲区", real=_own_region_rows(), memo={})
    sec = S.estimate_section(rd)
    text = " ".join(p.text for p in sec.body)
    assert "缺少" not in text and "甲区2024年二季度GDP增速" in text
    # April–May industry (5 + 7)/2 = 6, retail 12; composite 0.4×6 + 0.6×12 = 9.6;
    # calibrated c = 1, e = 0.5 → 1 + 0.5 × 9.6 = 5.8%
    assert sec.figures_dict()["gdp_estimate_pct"] == pytest.approx(5.8, abs=1e-6)
    assert sec.tables and "甲区" in sec.tables[0][0]


def test_section_says_elasticity_one_when_history_is_short(zz_may):
    import dataclasses

    from jinshui_analysis.reports import sections as S

    rows = _own_region_rows()
    # sector structure only for 2022–2023: quarters of 2021–2022 have no earlier weights, so
    # 2023Q1–2024Q1 (5 quarters < 8) calibrate nothing: elasticity 1, 0.4×6 + 0.6×12 = 9.6%
    rows = rows[~(rows["indicator"].str.contains("产业") & rows["period"].isin(["2020", "2021"]))]
    rd = dataclasses.replace(zz_may, region="甲区", real=rows, memo={})
    sec = S.estimate_section(rd)
    assert sec.figures_dict()["gdp_estimate_pct"] == pytest.approx(9.6)
    assert any("弹性取1" in n for n in sec.notes)


def test_industry_elasticities_estimated_on_their_own_history():
    m, q, st = _tiny()
    # make the indicators vary, and give each industry's own growth as an exact line:
    # secondary = 1 + 0.5 × industry, tertiary = −2 + 1.0 × retail
    rng = np.random.default_rng(0)
    months = m.index[(m.index < pd.Period("2024-04", freq="M")) & (m.index.month != 1)]
    m.loc[months, "industry"] = rng.uniform(3, 9, len(months))
    m.loc[months, "retail"] = rng.uniform(5, 12, len(months))
    means, _ = est.quarter_means(m, pd.period_range("2023Q1", "2024Q1", freq="Q"))
    hist = pd.DataFrame({"secondary": 1 + 0.5 * means["industry"],
                         "tertiary": -2 + 1.0 * means["retail"]})
    r = est.indicator_method(m, q, "2024-05", structure=st, industry_history=hist,
                             min_history=4)
    # secondary 1 + 0.5×6 = 4, tertiary −2 + 9 = 7: 0.4×4 + 0.6×7 = 1.6 + 4.2 = 5.8%
    assert r.contributions.loc["secondary", "elasticity"] == pytest.approx(0.5)
    assert r.contributions.loc["tertiary", "elasticity"] == pytest.approx(1.0)
    assert r.point_pct == pytest.approx(5.8)
