"""Seasonal adjustment with the Spring Festival (models.seasonal, models.holidays) and the
report section 季节调整后环比.

X-13 runs are shared through module-scoped fixtures (one run each, about 0.3–1.5 s)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.data.official_monthly import (
    retail_sales_mom_published,
    retail_sales_monthly,
    retail_sales_table,
)
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models import seasonal as sa
from jinshui_analysis.models.holidays import (
    WINDOWS,
    Window,
    festival_date,
    holiday_regressor,
    window_shares,
)
from jinshui_analysis.models.seasonal import adjustment, x13
from jinshui_analysis.models.seasonal.fallback import weekday_contrasts
from jinshui_analysis.reports import phrases
from jinshui_analysis.reports.sections.seasonal import monthly_levels

BETA = -0.20  # the festival effect built into the synthetic series (log points per unit of h)
SF = WINDOWS["spring_festival"]
MONTHS = pd.period_range("2008-01", "2019-12", freq="M")
SEASON = np.log([0.90, 0.85, 1.00, 0.98, 1.02, 1.00, 0.97, 0.99, 1.03, 1.05, 1.04, 1.10])


def _synthetic(seed: int = 1) -> tuple[pd.Series, pd.Series]:
    """log y = 5 + 0.008 t + seasonal(month) + BETA·h + N(0, 0.01²)."""
    h = holiday_regressor(SF, MONTHS)
    rng = np.random.default_rng(seed)
    t = np.arange(len(MONTHS))
    logy = 5 + 0.008 * t + SEASON[MONTHS.month - 1] + BETA * h.to_numpy() \
        + rng.normal(0, 0.01, len(MONTHS))
    return pd.Series(np.exp(logy), index=MONTHS, name="synthetic"), h


def _combined(y: pd.Series) -> pd.Series:
    """As offices publish: January missing, February = January + February."""
    out = y.copy()
    for p in y.index[y.index.month == 2]:
        out[p] = y[p] + y[p - 1]
    out[out.index.month == 1] = np.nan
    return out


@pytest.fixture(scope="module")
def synthetic():
    return _synthetic()


@pytest.fixture(scope="module")
def x13_fit(synthetic):
    y, _ = synthetic
    return sa.adjust(y)


@pytest.fixture(scope="module")
def stl_fit(synthetic):
    y, _ = synthetic
    return sa.adjust(y, method="stl")


@pytest.fixture(scope="module")
def combined_fit(synthetic):
    y, _ = synthetic
    return sa.adjust(_combined(y), jan_feb="combined")


@pytest.fixture(scope="module")
def retail_prebreak_fit():
    return sa.adjust(retail_sales_monthly()[:"2015-09"], jan_feb="combined")


@pytest.fixture(scope="module")
def retail_fit():
    return sa.adjust(retail_sales_monthly(), jan_feb="combined")


# --------------------------------------------------------------------------- holidays
def test_festival_dates_known_years():
    assert festival_date("spring_festival", 2023) == dt.date(2023, 1, 22)
    assert festival_date("spring_festival", 2024) == dt.date(2024, 2, 10)
    assert festival_date("spring_festival", 2025) == dt.date(2025, 1, 29)
    assert festival_date("spring_festival", 2019) == dt.date(2019, 2, 5)
    assert festival_date("dragon_boat", 2024) == dt.date(2024, 6, 10)
    assert festival_date("mid_autumn", 2024) == dt.date(2024, 9, 17)


def test_holiday_window_worded_by_the_reports_layer():
    assert phrases.holiday_window(WINDOWS["spring_festival"]) == "春节（节前5天、节后15天）"
    assert phrases.holiday_window(Window("mid_autumn", 3, 1), "en") == \
        "Mid-Autumn Festival (3 days before, 1 after)"
    assert phrases.holiday_name("dragon_boat") == "端午"
    with pytest.raises(ParameterError, match="unknown holiday"):
        phrases.holiday_name("qingming")


def test_window_shares_and_centring_by_hand():
    # 5 days before + 15 from the festival day = 20 days.
    # 2023 (1-22): Jan 17–31 = 15 days, Feb 1–5 = 5 → 0.75 / 0.25
    # 2024 (2-10): Feb 5–24, all 20 in February → 0 / 1
    # 2025 (1-29): Jan 24–31 = 8 days, Feb 1–12 = 12 → 0.40 / 0.60
    shares = window_shares(SF, [2023, 2024, 2025])
    assert shares.loc[2023, 1] == pytest.approx(0.75)
    assert shares.loc[2023, 2] == pytest.approx(0.25)
    assert shares.loc[2024, 2] == pytest.approx(1.0)
    assert shares.loc[2025, 1] == pytest.approx(0.40)
    assert shares.loc[2025, 2] == pytest.approx(0.60)
    assert np.allclose(shares.sum(axis=1), 1.0)
    # centred by calendar month: mean January share (0.75 + 0 + 0.40)/3 = 0.38333
    h = holiday_regressor(SF, pd.period_range("2023-01", "2025-12", freq="M"))
    assert h[pd.Period("2023-01", "M")] == pytest.approx(0.75 - 1.15 / 3)
    assert h[pd.Period("2024-01", "M")] == pytest.approx(-1.15 / 3)
    assert h[pd.Period("2024-07", "M")] == 0.0


def test_weekday_contrasts_by_hand():
    # 2024-01 starts on a Monday, 31 days: Mon, Tue, Wed five times, the rest (Sun too) four
    # 2024-02 starts on a Thursday, 29 days: Thursday five times
    # 2024-03 starts on a Friday, 31 days: Fri, Sat, Sun five times → Mon–Thu four, i.e. −1
    w = weekday_contrasts(pd.period_range("2024-01", "2024-03", freq="M"))
    assert w.tolist() == [[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0], [-1, -1, -1, -1, 0, 0]]


def test_window_rejects_bad_days():
    with pytest.raises(ParameterError, match="holidays"):
        Window("spring_festival", -1, 15)
    with pytest.raises(ParameterError, match="holidays"):
        Window("qingming", 1, 1)


# --------------------------------------------------------------------------- synthetic: X-13
def test_x13_recovers_festival_coefficient(x13_fit):
    assert x13_fit.method == "x13"
    coef = x13_fit.coefficients.loc[SF.code, "coef"]
    assert abs(coef - BETA) < 0.02


def test_adjusted_changes_do_not_correlate_with_regressor(x13_fit, synthetic):
    _, h = synthetic
    r = np.corrcoef(x13_fit.mom_pct.iloc[1:], h.diff().iloc[1:])[0, 1]
    assert abs(r) < 0.1


def test_holiday_effect_is_removed_not_left_in(x13_fit, synthetic):
    """Fails if the festival stays in the adjusted series (as with a generic user regressor):
    the same correlation test applied to the series adjusted for seasonality only is strong."""
    _, h = synthetic
    # what X-13 gives for usertype=user: seasonal and trading-day effects out, festival in
    left_in = x13_fit.series / (x13_fit.seasonal * x13_fit.trading_day_effect)
    r_left = np.corrcoef(left_in.pct_change().iloc[1:], h.diff().iloc[1:])[0, 1]
    assert abs(r_left) > 0.5  # the check below can fail: this series would fail it
    # the holiday factor is exp(β̂·h) and the adjusted series is y / (S·H)
    beta = x13_fit.coefficients.loc[SF.code, "coef"]
    assert np.allclose(x13_fit.holiday_effect, np.exp(beta * h), rtol=1e-4)
    rebuilt = x13_fit.series / (x13_fit.seasonal * x13_fit.holiday_effect
                                * x13_fit.trading_day_effect)
    assert np.allclose(rebuilt, x13_fit.adjusted, rtol=1e-5)
    r = np.corrcoef(x13_fit.adjusted.pct_change().iloc[1:], h.diff().iloc[1:])[0, 1]
    assert abs(r) < 0.1


def test_x13_spec_declares_holiday_and_keeps_lines_short(synthetic):
    y, _ = synthetic
    regs = adjustment._regressors((SF, WINDOWS["mid_autumn"]), y)
    spec = x13._spec(y, regs, None, False, outliers=True, sliding=True)
    assert "usertype=(holiday holiday)" in spec
    assert max(len(line) for line in spec.splitlines()) <= 133


def test_diagnostics_and_results_shape(x13_fit):
    d = x13_fit.diagnostics
    for key in ("M7", "Q", "sliding_spans_unstable_pct", "residual_seasonality_F",
                "residual_seasonality_p"):
        assert key in d
    assert d["M7"] < 1 and d["Q"] < 1
    assert 0 <= d["sliding_spans_unstable_pct"] <= 100
    assert d["residual_seasonality_p"] > 0.05  # no seasonality left in the adjusted changes
    assert x13_fit.adjusted.index.equals(MONTHS)
    frame = x13_fit.to_frame()
    assert list(frame.columns) == ["series", "adjusted", "seasonal", "holiday_effect",
                                   "trading_day_effect", "mom_pct", "split"]
    # mom_pct is the adjusted series' m/m growth in %: hand-check one month
    p = MONTHS[30]
    assert frame.loc[p, "mom_pct"] == pytest.approx(
        100 * (frame.loc[p, "adjusted"] / frame.loc[p - 1, "adjusted"] - 1))
    assert "x13" in str(x13_fit.summary())
    assert len(repr(x13_fit)) <= 200
    with pytest.raises(dataclasses.FrozenInstanceError):
        x13_fit.method = "other"


# --------------------------------------------------------------------------- fallback
def test_fallback_recovers_coefficient(stl_fit, synthetic):
    _, h = synthetic
    assert stl_fit.method == "stl+ols"
    assert abs(stl_fit.coefficients.loc[SF.code, "coef"] - BETA) < 0.02
    r = np.corrcoef(stl_fit.mom_pct.iloc[1:], h.diff().iloc[1:])[0, 1]
    assert abs(r) < 0.1
    assert stl_fit.diagnostics["M7"] < 1
    assert np.isnan(stl_fit.diagnostics["Q"])  # an X-11 statistic: not pretended


def test_optional_dragon_boat_and_mid_autumn(synthetic):
    y, _ = synthetic  # built with a festival effect only: the other two estimate near 0
    res = sa.adjust(y, holidays=("spring_festival", "dragon_boat", "mid_autumn"),
                    method="stl")
    coef = res.coefficients["coef"]
    assert list(coef.index) == ["sf5_15", "db3_1", "ma3_1"]
    assert abs(coef["sf5_15"] - BETA) < 0.02
    assert abs(coef["db3_1"]) < 0.02 and abs(coef["ma3_1"]) < 0.02


def test_missing_binary_falls_back_and_says_so(monkeypatch, synthetic, tmp_path):
    y, _ = synthetic
    monkeypatch.setenv("X13PATH", str(tmp_path / "no-such-x13as"))
    with pytest.warns(sa.SeasonalFallbackWarning, match="binary not found"):
        res = sa.adjust(y.iloc[-48:])
    assert res.method == "stl+ols"
    assert "not found" in res.fallback_reason


# --------------------------------------------------------------------------- 1-2月
def test_combined_jan_feb(combined_fit, x13_fit, synthetic):
    y, _ = synthetic
    res = combined_fit
    assert res.jan_feb == "combined" and sa.JAN_FEB_RULE in str(res.summary())
    # the rule as the report words it: calendar days (not working days), in both languages
    assert "日历天数" in phrases.jan_feb_rule("zh") and "working" not in phrases.jan_feb_rule("en")
    # the split keeps every 1-2月 total: e.g. 2015
    jan, feb = pd.Period("2015-01", "M"), pd.Period("2015-02", "M")
    assert res.series[jan] + res.series[feb] == pytest.approx(y[jan] + y[feb])
    assert jan in res.split_months and feb in res.split_months
    assert not res.to_frame().loc[pd.Period("2015-03", "M"), "split"]
    # β estimated from the totals (through March's share of the window) and used for the
    # split agrees with X-13's estimate from the split series, and both are near the truth
    coef = res.coefficients.loc[SF.code, "coef"]
    assert abs(coef - res.diagnostics["jan_feb_beta"]) < 0.01
    assert abs(res.diagnostics["jan_feb_beta"] - BETA) < 0.05
    assert abs(coef - BETA) < 0.05
    # April–December adjusted m/m close to the adjustment with every month known
    d = (res.mom_pct - x13_fit.mom_pct).abs()
    assert d[d.index.month >= 4].mean() < 0.3


def test_combined_rejects_a_january_value(synthetic):
    y, _ = synthetic
    c = _combined(y)
    c[pd.Period("2012-01", "M")] = 5.0
    with pytest.raises(ParameterError, match="2012-01"):
        sa.adjust(c, jan_feb="combined", method="stl")


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("series, kwargs, parameter", [
    (pd.Series([1.0] * 48), {}, "series"),                       # no PeriodIndex
    (pd.Series([1.0] * 30, index=pd.period_range("2020-01", periods=30, freq="M")), {},
     "series"),                                                    # < 36 months
    (pd.Series([1.0] * 47 + [-1.0], index=pd.period_range("2020-01", periods=48, freq="M")),
     {}, "series"),                                                # not positive
    (pd.Series([1.0] * 48, index=pd.period_range("2020-01", periods=48, freq="M")),
     {"method": "seats"}, "method"),
    (pd.Series([1.0] * 48, index=pd.period_range("2020-01", periods=48, freq="M")),
     {"holidays": ("easter",)}, "holidays"),
    (pd.Series([1.0] * 48, index=pd.period_range("2020-01", periods=48, freq="M")),
     {"jan_feb": "split"}, "jan_feb"),
])
def test_bad_input_names_parameter(series, kwargs, parameter):
    with pytest.raises(ParameterError) as err:
        sa.adjust(series, **kwargs)
    assert err.value.parameter == parameter


def test_month_codes_give_the_same_adjustment_as_periods(synthetic):
    y, _ = synthetic
    s = y.iloc[-48:]
    by_period = sa.adjust(s, method="stl")
    by_code = sa.adjust(s.set_axis([str(p) for p in s.index]), method="stl")  # "2020-01" …
    pd.testing.assert_series_equal(by_code.adjusted, by_period.adjusted)
    pd.testing.assert_frame_equal(by_code.coefficients, by_period.coefficients)
    assert isinstance(by_code.adjusted.index, pd.PeriodIndex)


def test_missing_january_needs_combined(synthetic):
    y, _ = synthetic
    with pytest.raises(ParameterError, match="jan_feb='combined'"):
        sa.adjust(_combined(y), method="stl")


# --------------------------------------------------------------------------- real series
def test_bundled_retail_values_as_published():
    t = retail_sales_table()
    by = dict(zip(t["label"], t["value"]))
    # NBS releases (reprints named in each row's note): 2016年1-2月 52910, 2016年12月 31757
    assert by["2016年1-2月"] == pytest.approx(52910.3)
    assert by["2016年12月"] == pytest.approx(31757.0)
    assert len(t) == 70 and set(t["grade"]) == {"secondary"}
    s = retail_sales_monthly()
    assert s.index[0] == pd.Period("2012-01", "M") and np.isnan(s.iloc[0])
    assert s[pd.Period("2012-02", "M")] == pytest.approx(33668.6)  # the 1-2月 total


def test_retail_sales_diagnostics(retail_fit):
    d = retail_fit.diagnostics
    assert retail_fit.method == "x13"
    assert d["M7"] < 1 and d["Q"] < 1
    # every 1-2月 total kept: 2016 = 52910.3
    jan, feb = pd.Period("2016-01", "M"), pd.Period("2016-02", "M")
    assert retail_fit.series[jan] + retail_fit.series[feb] == pytest.approx(52910.3)


def test_retail_seasonal_break_in_2015():
    """Why the NBS comparison uses the span before October 2015: the bundled levels change
    their autumn pattern (hand arithmetic from the file)."""
    s = retail_sales_monthly()
    sep_oct = {y: s[pd.Period(f"{y}-10", "M")] / s[pd.Period(f"{y}-09", "M")] for y in
               range(2012, 2018)}
    assert sep_oct[2014] == pytest.approx(23967.2 / 23042.4)  # +4.0 %
    assert sep_oct[2016] == pytest.approx(31119.2 / 27976.4)  # +11.2 %
    assert max(sep_oct[y] for y in (2012, 2013, 2014)) < 1.05
    assert min(sep_oct[y] for y in (2015, 2016, 2017)) > 1.10


def test_adjusted_mom_close_to_nbs_published(retail_prebreak_fit):
    """NBS's 环比 of 2013-10 … 2014-10 (one vintage) against ours on 2012-02 … 2015-09."""
    nbs = retail_sales_mom_published()
    assert len(nbs) == 13 and nbs[pd.Period("2014-02", "M")] == 0.64
    d = (retail_prebreak_fit.mom_pct.reindex(nbs.index) - nbs).abs()
    assert d.notna().all()
    assert d[d.index.month >= 4].mean() < 0.3  # April–December: no 1-2月 split involved
    assert d.mean() < 0.5  # January–March rest on the split rule (NBS has single months)
    assert retail_prebreak_fit.diagnostics["residual_seasonality_p"] > 0.05


@pytest.mark.slow
def test_window_choice_by_aicc_finds_the_true_window(synthetic):
    y, _ = synthetic  # built with 5 days before, 15 after
    with warnings.catch_warnings():
        warnings.simplefilter("error", sa.SeasonalFallbackWarning)
        res = sa.adjust(y, select_window=True, sliding_spans=False)
    assert res.windows[0] == SF
    assert res.window_aicc.idxmin() == SF.code and len(res.window_aicc) == 4


# --------------------------------------------------------------------------- report section
def _with_monthly_levels(rd, years: range):
    """The 金水区 report data with 社零 as YTD levels over ``years`` (1-2月 combined)."""
    months = pd.period_range(f"{years[0]}-01", f"{years[-1]}-06", freq="M")
    h = holiday_regressor(SF, months)
    rng = np.random.default_rng(3)
    logy = np.log(50) + 0.006 * np.arange(len(months)) + SEASON[months.month - 1] \
        - 0.1 * h.to_numpy() + rng.normal(0, 0.01, len(months))
    y = pd.Series(np.exp(logy), index=months)
    rows = []
    for yr in years:
        for p, v in y[y.index.year == yr].cumsum().items():
            if p.month > 1:
                rows.append({"region": rd.region, "indicator": "社会消费品零售总额",
                             "measure": "level", "period": f"{yr}-{p.month:02d}",
                             "cumulative": True, "value": round(float(v), 2), "unit": "亿元",
                             "price_basis": "current", "source": "test.csv"})
    keep = rd.monthly[rd.monthly["indicator"] != "社会消费品零售总额"]
    return dataclasses.replace(rd, monthly=pd.concat([keep, pd.DataFrame(rows)],
                                                     ignore_index=True), memo={})


def test_section_shows_adjusted_growth_with_three_years():
    from jinshui_analysis.reports import sections as S

    rd = _with_monthly_levels(S.load_report_data("金水区", "2023-06"), range(2019, 2024))
    levels, combined, _ = monthly_levels(rd, "社会消费品零售总额")
    assert combined and levels.notna().sum() == 4 * 11 + 5
    sec = S.seasonal_adjustment(rd, "zh")
    table = sec.tables[0][1]
    assert "社会消费品零售总额" in table.index
    assert len(sec.figures) == 1
    assert any("环比" in n and "M7" in n for n in sec.notes)
    assert any("1-2月合计" in n for n in sec.notes)
    assert any("春节效应窗口为春节（节前5天、节后15天）" in n for n in sec.notes)
    assert any("一般公共预算收入的当月数据不足三年" in n for n in sec.notes)
    rec = {r["name"]: r for r in sec.records}
    assert rec["seasonal_mom_pct_社会消费品零售总额"]["unit"] == "%"


def test_section_says_why_not_shown():
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("金水区", "2023-06")
    sec = S.seasonal_adjustment(rd, "zh")
    assert not sec.tables and not sec.figures and sec.title == ""
    assert sec.notes == ["金水区当月数据不足三年（36个月），不列示季节调整后的环比。"]
    en = S.seasonal_adjustment(rd, "en")
    assert "fewer than three years" in en.notes[0]
