"""Tests of jinshui_analysis.periods: label parsing, YTD ↔ single conversions, growth helpers.

Figures: 金水区 GDP 2017 1203.43亿元, 2018 1378.8亿元 (real growth 9.5% both years); 郑州市 GDP
2021 12691.02亿元, 2022 12934.7亿元, 2023H1 7008.6亿元, 2024Q1 3537.9亿元, 2024H1 7252.4亿元;
郑州市 社零 2023年1-2月 926.6亿元 (see /work/shared/data/regional/).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jinshui_analysis.exceptions import DataError, ModelError, ParameterError, PeriodError
from jinshui_analysis.models.rates import chain_growth, compound_growth, yoy_growth
from jinshui_analysis.models.ytd import single_to_ytd, ytd_to_single, ytd_to_single_table
from jinshui_analysis.periods import (
    Period,
    find_period,
    is_explicit_single,
    parse_period,
    period_range,
    same_period_last_year,
    sort_periods,
    to_timestamp,
)

# label → (canonical, cumulative, freq, first_month, last_month)
LABELS = [
    ("2022", "2022", False, "Y", 1, 12),
    ("2022年", "2022", False, "Y", 1, 12),
    ("2022年全年", "2022", False, "Y", 1, 12),
    (2022, "2022", False, "Y", 1, 12),
    (np.int64(2022), "2022", False, "Y", 1, 12),
    (2022.0, "2022", False, "Y", 1, 12),
    ("２０２２年", "2022", False, "Y", 1, 12),
    ("2023Q1", "2023Q1", False, "Q", 1, 3),
    ("2023q4", "2023Q4", False, "Q", 10, 12),
    ("2023年一季度", "2023Q1", False, "Q", 1, 3),
    ("2023年第一季度", "2023Q1", False, "Q", 1, 3),
    ("2023年二季度", "2023Q2", False, "Q", 4, 6),
    ("2023年第4季度", "2023Q4", False, "Q", 10, 12),
    ("2023年上半年", "2023Q2", True, "Q", 1, 6),
    ("2021H1", "2021Q2", True, "Q", 1, 6),
    ("2023年前三季度", "2023Q3", True, "Q", 1, 9),
    ("2021Q1-Q3", "2021Q3", True, "Q", 1, 9),
    ("2023年1-2月", "2023-02", True, "M", 1, 2),
    ("2023年1—6月", "2023-06", True, "M", 1, 6),  # em dash
    ("2023年1～6月", "2023-06", True, "M", 1, 6),  # full-width tilde
    ("2023年1–6月", "2023-06", True, "M", 1, 6),  # en dash
    ("2023年1~6月", "2023-06", True, "M", 1, 6),
    ("2023年1至6月", "2023-06", True, "M", 1, 6),
    ("2023年1-12月份", "2023-12", True, "M", 1, 12),
    ("２０２３年１－３月", "2023-03", True, "M", 1, 3),  # full-width digits and minus
    ("2023-01~2023-02", "2023-02", True, "M", 1, 2),
    ("2018-01~2018-09", "2018-09", True, "M", 1, 9),
    ("2023年3月", "2023-03", False, "M", 3, 3),
    ("2023年3月份", "2023-03", False, "M", 3, 3),
    ("2023年1月", "2023-01", False, "M", 1, 1),
    ("2023-03", "2023-03", False, "M", 3, 3),
    ("2023-3", "2023-03", False, "M", 3, 3),
    ("2023.3", "2023-03", False, "M", 3, 3),
    ("2023.10", "2023-10", False, "M", 10, 10),
    ("2023/03", "2023-03", False, "M", 3, 3),
    (" 2023 年 3 月 ", "2023-03", False, "M", 3, 3),
    (dt.date(2023, 3, 31), "2023-03", False, "M", 3, 3),
]


@pytest.mark.parametrize(("label", "period", "cumulative", "freq", "first", "last"), LABELS)
def test_parse_period_labels(label, period, cumulative, freq, first, last):
    p = parse_period(label)
    assert (p.period, p.cumulative, p.freq, p.first_month, p.last_month) == (
        period, cumulative, freq, first, last,
    )
    assert p.year == int(period[:4])
    assert str(p) == period


@pytest.mark.parametrize(
    ("label", "period", "cumulative"),
    [
        ("1-3月", "2023-03", True),
        ("1—2月", "2023-02", True),
        ("3月", "2023-03", False),
        ("上半年", "2023Q2", True),
        ("一季度", "2023Q1", False),
        ("第三季度", "2023Q3", False),
        ("前三季度", "2023Q3", True),
        ("全年", "2023", False),
        ("1-1月", "2023-01", False),
    ],
)
def test_parse_period_with_year_argument(label, period, cumulative):
    p = parse_period(label, year=2023)
    assert (p.period, p.cumulative) == (period, cumulative)


def test_year_in_label_wins_over_argument():
    assert parse_period("2022年1-3月", year=2023).period == "2022-03"


def test_label_is_kept_but_not_compared():
    a, b = parse_period("2023年上半年"), parse_period("2023H1")
    assert a == b
    assert a.label == "2023年上半年" and b.label == "2023H1"
    assert parse_period(a) is a


def test_q1_and_january_are_not_cumulative_and_stay_so():
    # documented choice: Q1 and January are both single and YTD; reported as cumulative=False
    assert parse_period("2023年1-3月").cumulative is True  # monthly YTD stays monthly
    assert parse_period("2023年一季度").cumulative is False
    assert parse_period("2023Q1").as_cumulative(True).cumulative is False
    assert parse_period("2023-01").as_cumulative(True).cumulative is False
    assert parse_period("2023-03").as_cumulative(True) == parse_period("2023年1-3月")
    assert parse_period("2023Q2").as_cumulative(True) == parse_period("2023年上半年")
    assert parse_period("2023").as_cumulative(True).cumulative is False


@pytest.mark.parametrize(
    "label", ["3-5月", "2023年3-5月", "2023-03~2023-05", "2023-01~2024-02"]
)
def test_range_not_starting_in_january_is_an_error(label):
    with pytest.raises(PeriodError):
        parse_period(label, year=2023)


@pytest.mark.parametrize(
    "label",
    ["(undated)", "(约2020)", "2021~2025", "abc", "", "2023年下半年", "2023H2", "2023Q5",
     "2023-13", "2023年13月", "20233", "2023.5.1"],
)
def test_unknown_labels_raise_period_error_quoting_label(label):
    with pytest.raises(PeriodError) as info:
        parse_period(label)
    assert repr(label) in str(info.value)
    assert isinstance(info.value, DataError)


def test_bad_types_and_ambiguous_float():
    with pytest.raises(PeriodError, match="ambiguous"):
        parse_period(2023.1)
    for bad in (None, True, [2023], 1776, 3000):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_missing_year_is_a_clear_error():
    with pytest.raises(PeriodError, match=r"'3月' has no year: pass year="):
        parse_period("3月")
    with pytest.raises(PeriodError, match="no year"):
        parse_period("上半年")


def test_find_period_in_titles_and_headers():
    p = find_period("2023年1-3月金水区主要经济指标")
    assert (p.period, p.cumulative) == ("2023-03", True)
    assert find_period("郑州市金水区2023年3月主要经济指标").period == "2023-03"
    assert find_period("1-3月比上年同期增长%", year=2023).period == "2023-03"
    assert find_period("同比增长%") is None
    assert find_period("比上年增长(%)") is None
    assert find_period("金水区主要经济指标") is None
    with pytest.raises(PeriodError, match="no year"):
        find_period("1-3月增长%")


def test_helpers():
    assert same_period_last_year("2023Q1") == "2022Q1"
    assert same_period_last_year("2023年1-2月") == "2022-02"
    assert same_period_last_year("2024-02") == "2023-02"
    assert same_period_last_year(2018) == "2017"
    assert period_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert period_range("2022Q3", "2023Q2") == ["2022Q3", "2022Q4", "2023Q1", "2023Q2"]
    assert period_range("2017", "2019") == ["2017", "2018", "2019"]
    with pytest.raises(ParameterError):
        period_range("2023Q1", "2023-05")
    with pytest.raises(ParameterError):
        period_range("2023-05", "2023-01")
    assert to_timestamp("2023Q2") == pd.Timestamp("2023-06-30")
    assert to_timestamp("2023年上半年", "start") == pd.Timestamp("2023-01-01")
    assert to_timestamp("2024-02") == pd.Timestamp("2024-02-29")
    assert to_timestamp("2023") == pd.Timestamp("2023-12-31")
    assert sort_periods(["2023", "2023-03", "2022Q4", "2023Q1", "2023-12"]) == [
        "2022Q4", "2023-03", "2023Q1", "2023-12", "2023",
    ]
    assert isinstance(parse_period("2023Q1"), Period)


# --------------------------------------------------------------------------- conversions
def _s(data: dict, name: str = "x") -> pd.Series:
    return pd.Series(list(data.values()), index=pd.Index(list(data), name="period"), name=name)


def test_ytd_to_single_quarterly_real_zhengzhou_2024():
    # 郑州市 GDP 2024: 一季度 3537.9亿元, 上半年 7252.4亿元 → Q2 alone = 7252.4 − 3537.9 = 3714.5
    ytd = _s({"2024年一季度": 3537.9, "2024年上半年": 7252.4}, "gdp")
    single = ytd_to_single(ytd)
    assert list(single.index) == ["2024Q1", "2024Q2"]
    assert single.index.name == "period" and single.name == "gdp"
    assert single["2024Q1"] == pytest.approx(3537.9)
    assert single["2024Q2"] == pytest.approx(3714.5)
    assert single.attrs["combined"] == {}
    back = single_to_ytd(single)
    assert back.to_numpy() == pytest.approx([3537.9, 7252.4])


def test_ytd_to_single_jan_feb_combined_round_trip():
    # 郑州市 社零 1-2月 926.6亿元 (published); later months 示例数据 (synthetic, shape only).
    ytd = _s(
        {
            "2022-02": 880.0, "2022-03": 1330.0,
            "2023-02": 926.6, "2023-03": 1402.3, "2023-04": 1860.0,
        },
        "retail",
    )
    single = ytd_to_single(ytd)
    # hand: 2023-03 = 1402.3 − 926.6 = 475.7; 2023-04 = 1860.0 − 1402.3 = 457.7
    assert single["2023-02"] == pytest.approx(926.6)  # January–February combined
    assert single["2023-03"] == pytest.approx(475.7)
    assert single["2023-04"] == pytest.approx(457.7)
    assert single["2022-03"] == pytest.approx(450.0)
    assert single.attrs["combined"] == {"2022-02": "2022-01~2022-02", "2023-02": "2023-01~2023-02"}
    table = ytd_to_single_table(ytd)
    assert list(table.columns) == ["value", "covers", "combined_months"]
    assert table.loc["2023-02", "covers"] == "2023-01~2023-02"
    assert bool(table.loc["2023-02", "combined_months"]) is True
    assert table.loc["2023-03", "covers"] == "2023-03"
    assert bool(table.loc["2023-03", "combined_months"]) is False
    back = single_to_ytd(single)
    pd.testing.assert_series_equal(back, ytd.rename_axis("period"), check_exact=False)
    # without the combined mark a year starting in February lacks January
    with pytest.raises(ModelError, match="2023-01"):
        single_to_ytd(single, combined={"2022-02": "2022-01~2022-02"})


def test_ytd_to_single_with_january_and_labels():
    ytd = _s({"2023年1月": 100.0, "2023年1-2月": 250.0, "2023年1-3月": 420.0})
    single = ytd_to_single(ytd)
    assert list(single.index) == ["2023-01", "2023-02", "2023-03"]
    assert single.to_numpy() == pytest.approx([100.0, 150.0, 170.0])
    assert single.attrs["combined"] == {}
    assert single_to_ytd(single).to_numpy() == pytest.approx([100.0, 250.0, 420.0])


def test_ytd_to_single_sorts_input():
    ytd = _s({"2023-03": 420.0, "2023-01": 100.0, "2023-02": 250.0})
    assert list(ytd_to_single(ytd).index) == ["2023-01", "2023-02", "2023-03"]


def test_gap_inside_a_year_is_an_error_naming_the_period():
    ytd = _s({"2023-02": 926.6, "2023-03": 1402.3, "2023-05": 2300.0})
    with pytest.raises(ModelError, match="2023-04"):
        ytd_to_single(ytd)
    with pytest.raises(ModelError, match="2023Q2"):
        ytd_to_single(_s({"2023Q1": 1.0, "2023Q3": 3.0}))
    with pytest.raises(ModelError, match="2023-01"):
        ytd_to_single(_s({"2023-03": 1.0, "2023-04": 2.0}))
    with pytest.raises(ModelError, match="2023Q1"):
        ytd_to_single(_s({"2023Q2": 1.0}))
    with pytest.raises(ModelError, match="2023-03"):
        ytd_to_single(_s({"2023-02": 1.0, "2023-03": np.nan}))
    with pytest.raises(ModelError, match="frequencies"):
        ytd_to_single(_s({"2023Q1": 1.0, "2023-06": 2.0}))
    with pytest.raises(ModelError, match="more than once"):
        ytd_to_single(_s({"2023年1-3月": 1.0, "2023-03": 2.0}))
    with pytest.raises(PeriodError, match="undated"):
        ytd_to_single(_s({"(undated)": 1.0}))


def test_yearly_series_passes_through():
    s = _s({"2017": 1203.43, "2018": 1378.8})
    assert ytd_to_single(s).to_numpy() == pytest.approx([1203.43, 1378.8])
    assert single_to_ytd(s).to_numpy() == pytest.approx([1203.43, 1378.8])


def test_yoy_growth_real_jinshui_and_zhengzhou():
    # 金水区 GDP 2017 1203.43 → 2018 1378.8亿元: (1378.8/1203.43 − 1)×100 = 14.5725% nominal
    g = yoy_growth(_s({"2017": 1203.43, "2018": 1378.8}))
    assert np.isnan(g["2017"])
    assert g["2018"] == pytest.approx(14.5725, abs=5e-5)
    # 郑州市 H1 (YTD) 2023 7008.6 → 2024 7252.4: 3.4786%
    g = yoy_growth(_s({"2023年上半年": 7008.6, "2024H1": 7252.4}))
    assert g["2024Q2"] == pytest.approx(3.4786, abs=5e-5)
    # monthly and quarterly lookups go to the same month/quarter a year earlier
    g = yoy_growth(_s({"2022-02": 880.0, "2023-01": 1.0, "2023-02": 926.6, "2022Q1": 10.0,
                       "2023Q1": 11.0}))
    assert g["2023-02"] == pytest.approx((926.6 / 880.0 - 1) * 100)
    assert g["2023Q1"] == pytest.approx(10.0)
    assert np.isnan(g["2023-01"])
    with pytest.raises(ModelError, match="2022"):
        yoy_growth(_s({"2022": 0.0, "2023": 5.0}))


def test_chain_and_compound_growth():
    # 金水区 real GDP growth 9.5% (2017) and 9.5% (2018), 2016 = 100
    rates = _s({"2017": 9.5, "2018": 9.5})
    idx = chain_growth(rates)
    assert idx.to_numpy() == pytest.approx([109.5, 119.9025])
    assert list(idx.index) == ["2017", "2018"]
    assert chain_growth(rates, base=1203.43 / 1.095)["2017"] == pytest.approx(1203.43)
    assert compound_growth(rates) == pytest.approx(19.9025)
    assert compound_growth([10.0, -10.0]) == pytest.approx(-1.0)
    with pytest.raises(ModelError):
        chain_growth([5.0, np.nan])
    with pytest.raises(ModelError):
        compound_growth([-150.0])
    with pytest.raises(ParameterError):
        chain_growth([5.0], base=0)
    with pytest.raises(ParameterError):
        compound_growth([])


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(0.01, 1e5, allow_nan=False), min_size=1, max_size=11),
    start=st.sampled_from([1, 2]),
    year=st.integers(2000, 2030),
)
def test_round_trip_property(values, start, year):
    months = [f"{year}-{m:02d}" for m in range(start, start + len(values))]
    single = _s(dict(zip(months, values)))
    combined = {f"{year}-02": f"{year}-01~{year}-02"} if start == 2 else {}
    ytd = single_to_ytd(single, combined=combined)
    assert ytd.iloc[-1] == pytest.approx(sum(values))
    back = ytd_to_single(ytd)
    assert back.to_numpy() == pytest.approx(np.asarray(values), rel=1e-9, abs=1e-6)
    assert back.attrs["combined"] == combined


# --------------------------------------------------------------------------- review fixes
@pytest.mark.parametrize(
    ("label", "explicit"),
    [
        ("2023年二季度", True),
        ("2023年第三季度", True),
        ("二季度", True),
        ("2022年四季度", True),
        ("2023年5月", True),
        ("5月份", True),
        ("2023年一季度", False),  # Q1 and January are single *and* year-to-date
        ("2023年1月", False),
        ("2023年上半年", False),
        ("2023年前三季度", False),
        ("2023年1-5月", False),
        ("2023年1—5月", False),
        ("2023Q2", False),  # canonical codes do not say: read as YTD where YTD is the contract
        ("2023-05", False),
        ("2023", False),
        ("2023年", False),
    ],
)
def test_is_explicit_single(label, explicit):
    assert is_explicit_single(label) is explicit


def test_ytd_to_single_standard_quarterly_bulletin_with_annual_value():
    # 一季度, 上半年, 前三季度, 全年 (示例数据 / synthetic figures, shape of a 统计公报):
    # Q2 = 6500 − 3000 = 3500, Q3 = 10000 − 6500 = 3500, Q4 = 13617.8 − 10000 = 3617.8
    ytd = _s({"2023年一季度": 3000.0, "2023年上半年": 6500.0, "2023年前三季度": 10000.0,
              "2023年": 13617.8})
    single = ytd_to_single(ytd)
    assert list(single.index) == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    assert single.to_numpy() == pytest.approx([3000.0, 3500.0, 3500.0, 3617.8])
    # monthly: the year is the 1-12月 value (1-m月 = 10·m for m = 2…11, year 130 → Dec 20)
    monthly = {f"2023年1-{m}月": 10.0 * m for m in range(2, 12)} | {"2023年": 130.0}
    m = ytd_to_single(_s(monthly))
    assert list(m.index) == [f"2023-{k:02d}" for k in range(2, 13)]
    assert m.to_numpy() == pytest.approx([20.0] + [10.0] * 9 + [20.0])
    # a year and its Q4 value given together: one value too many
    with pytest.raises(ModelError, match="2023Q4"):
        ytd_to_single(_s({"2023Q1": 1.0, "2023Q4": 5.0, "2023": 5.5}))


def test_ytd_to_single_rejects_single_month_labels_and_falling_ytd():
    # explicitly single months are not year-to-date: naming the label
    with pytest.raises(PeriodError, match="2023年3月"):
        ytd_to_single(pd.Series([20.0, 10, 15], index=["2023年1-2月", "2023年3月", "2023年4月"]))
    with pytest.raises(PeriodError, match="2023年二季度"):
        ytd_to_single(pd.Series([30.0, 32.0], index=["2023年一季度", "2023年二季度"]))
    # canonical codes are read as YTD; a YTD value falling within a year is an error
    falling = pd.Series([20.0, 10, 15], index=["2023-02", "2023-03", "2023-04"])
    with pytest.raises(ModelError, match="2023-03"):
        ytd_to_single(falling)
    # … unless the quantity can fall (profits): 10 − 20 = −10, 15 − 10 = 5
    out = ytd_to_single(falling, allow_negative=True)
    assert out.to_numpy() == pytest.approx([20.0, -10.0, 5.0])


def test_chain_growth_sorts_periods_and_rejects_minus_100():
    # 2017 first: 100 × 0.5 = 50, then × 1.095 = 54.75
    out = chain_growth(pd.Series([9.5, -50.0], index=["2018", "2017"]))
    assert list(out.index) == ["2017", "2018"]
    assert out.to_numpy() == pytest.approx([50.0, 54.75])
    with pytest.raises(ModelError, match="2017"):
        chain_growth(pd.Series([9.5, -100.0], index=["2018", "2017"]))
    with pytest.raises(ModelError, match="2017"):
        chain_growth(pd.Series([9.5, -120.0], index=["2018", "2017"]))
    # list input keeps its order
    assert chain_growth([-50.0, 10.0]).to_numpy() == pytest.approx([50.0, 55.0])


def test_code_helpers_answer_what_callers_used_to_slice():
    from jinshui_analysis import periods as P

    assert P.year_of_code("2023-06") == 2023 and P.year_of_code("2024年1-3月") == 2024
    assert [P.month_of_code(c) for c in ("2023-06", "2023Q3", "2023")] == [6, 9, None]
    assert [P.quarter_code(c) for c in ("2023-03", "2023-06", "2023-08", "2023-12", "2023")] \
        == ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2023Q4"]
    assert P.through_month("2023Q2") == "2023-06" and P.through_month("2022") == "2022-12"
    assert P.month_code(2023, 2) == "2023-02"
    # only canonical codes have a frequency: 2023年 is a label, not the data's code
    assert [P.code_freq(c) for c in ("2023", "2023Q4", "2023-11", "2023年", "2023-5", "合计")] \
        == ["Y", "Q", "M", None, None, None]
    info = P.codes_info(pd.Series(["2023", "2024Q2", "x"], index=[10, 11, 12]))
    assert list(info.index) == [10, 11, 12]
    assert info.loc[11, "year"] == 2024 and info.loc[11, "last_month"] == 6
    assert info.loc[10, "freq"] == "Y" and pd.isna(info.loc[12, "year"])
    with pytest.raises(PeriodError, match="合计"):
        P.year_of_code("合计")
    with pytest.raises(PeriodError):
        P.month_code(2023, 13)
