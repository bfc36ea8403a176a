"""Figures an economist would sign (issue 11): price bases, one answer per question, demo data
that never contradict published figures.  Hand-worked numbers in the comments."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jinshui_analysis.data import load_bundled
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models import targets
from jinshui_analysis.models.prices import Deflator, deflator_from, to_real
from jinshui_analysis.reports import sections as S
from jinshui_analysis.reports.price_words import (
    basis_label,
    change_words,
    deflator_words,
    growth_label,
)
from jinshui_analysis.reports.sections.common import gdp_outlook


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture()
def h1_table(tmp_path: Path) -> Path:
    d = tmp_path / "tables"
    d.mkdir()
    rows = ["region,indicator,period,value,unit,price_basis,source_url",
            "金水区,地区生产总值,2022年上半年,480,亿元,current,test",
            "金水区,地区生产总值,2022年,1000,亿元,current,test",
            "金水区,地区生产总值,2023年上半年,528,亿元,current,test",
            "金水区,地区生产总值增速,2023年上半年,5.0,%,comparable,test"]
    (d / "gdp.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return d


def test_target_progress_by_hand():
    # w = 480/1000 = 0.48; 1.08 = 0.48 × 1.05 + 0.52 × (1 + g) → g = (1.08 − 0.504)/0.52 − 1
    r = targets.target_progress(480, 1000, target_growth_pct=8, ytd_level=528,
                                ytd_real_growth_pct=5.0)
    assert r.required_rest_growth_pct == pytest.approx(10.769230769)
    assert r.share == pytest.approx(0.48)
    assert r.ytd_origin == "published"
    # implied deflator: 1.10 / 1.05 − 1 = 4.7619 %
    assert r.deflator.pct == pytest.approx(4.761904762)
    # levels only: an explicit deflator is required (no silent 0)
    with pytest.raises(ParameterError, match="deflator"):
        targets.target_progress(480, 1000, target_growth_pct=8, ytd_level=528)
    d = targets.target_progress(480, 1000, target_growth_pct=8, ytd_level=528, deflator=2.0)
    assert d.ytd_growth_pct == pytest.approx((1.10 / 1.02 - 1) * 100)
    assert d.deflator == Deflator(2.0, "assumed")
    assert len(repr(d)) < 200
    assert deflator_from(10, 5) == pytest.approx(4.761904762)
    assert to_real(10, deflator_from(10, 5)) == pytest.approx(5.0)


def test_target_section_reads_published_real_growth(h1_table: Path):
    rd = S.load_report_data("金水区", "2023-06", h1_table)
    sec = S.target(rd, 8.0, 2000.0)
    f = sec.figures_dict()
    assert f["gdp_ytd_growth"] == pytest.approx(5.0)  # the published rate, not 528/480 − 1
    assert f["gdp_ytd_growth_nominal"] == pytest.approx(10.0)
    assert f["required_rest_growth"] == pytest.approx(10.769230769)
    text = "".join(sec.notes)
    assert "10.77%" in text and "实际增长" in text and "已公布实际增速" in text
    # the threshold is nominal, the target real: both said, with the deflator assumption
    assert "现价门槛" in text and "目标为实际增速" in text and "平减指数" in text
    assert "2023Q2" not in text and "w=" not in text


def test_projection_probability_one_year_says_cannot_estimate(h1_table: Path):
    rd = S.load_report_data("金水区", "2023-06", h1_table)
    sec = S.projection(rd, 8.0)
    text = "".join(sec.notes)
    assert "nan" not in text.lower()
    assert "不足以估计" in text  # no past change of pace: no band, no probability
    assert "target_probability" not in sec.figures_dict()
    # the projection rests on the published real growth of 上半年, 5.0 %
    assert sec.figures_dict()["projected_growth"] == pytest.approx(5.0)


def test_target_without_deflator_or_published_real_does_not_assume_zero(tmp_path: Path):
    # levels only (no published real growth) for 2022 上半年: 郑州市 has no 2021 上半年 level, so
    # the province's implied deflator for the half-year is used (issue 19): 河南省 30757.20 /
    # 28927.96 = +6.32 % nominal against +3.1 % real → 1.06324/1.031 − 1 = +3.13 %; never 0
    d = tmp_path / "t"
    d.mkdir()
    (d / "gdp.csv").write_text(
        "region,indicator,period,value,unit,price_basis,source_url\n"
        "金水区,地区生产总值,2021年上半年,480,亿元,current,test\n"
        "金水区,地区生产总值,2021年,1000,亿元,current,test\n"
        "金水区,地区生产总值,2022年上半年,528,亿元,current,test\n", encoding="utf-8")
    rd = S.load_report_data("金水区", "2022-06", d)
    henan = (30757.20 / 28927.96 / 1.031 - 1) * 100
    assert round(henan, 2) == 3.13
    f = S.target(rd, 8.0, 2000.0).figures_dict()
    assert f["gdp_ytd_growth_nominal"] == pytest.approx(10.0)
    assert f["gdp_ytd_growth"] == pytest.approx((1.10 / (1 + henan / 100) - 1) * 100)
    text = "".join(S.target(rd, 8.0, 2000.0).notes)
    assert "由河南省2022年上半年已公布的名义增速与实际增速推算" in text
    # the data's deflator comes before an assumed one
    f2 = S.target(rd, 8.0, 2000.0, deflator_pct=2.0).figures_dict()
    assert f2["gdp_ytd_growth"] == pytest.approx(f["gdp_ytd_growth"])
    p = S.projection(rd, 8.0)
    assert "不足以估计区间" in "".join(p.notes)  # one past year: no interval, said


def _figures(sec) -> dict:
    return {r["name"]: r["value"] for r in sec.records}


@pytest.mark.parametrize("period", ["2022-12", "2025-12"])
def test_one_catch_up_and_forecast_answer_across_reports(period: str):
    """Monthly, annual and benchmark reports for the same as-of date call the same functions
    with their own notebook arguments and must give the same catch-up and forecast figures."""
    rd = S.load_report_data("金水区", period)
    monthly = _figures(S.benchmark_section(rd, language="zh", lag_growth=8.0))  # monthly cell
    annual = _figures(S.benchmark_section(rd, language="zh"))                   # annual cell
    bench = _figures(S.benchmark_section(rd, "南山区", "zh"))                    # benchmark cell
    annual_fc = _figures(S.forecast_section(rd, "zh"))
    for key in ("catch_up_years", "catch_up_years_target", "forecast_next", "benchmark_ratio"):
        vals = {str(d.get(key)) for d in (monthly, annual, bench)}
        assert len(vals) == 1, (key, vals)
    assert annual_fc.get("forecast_next") == monthly.get("forecast_next")


def test_report_uses_only_data_up_to_its_period():
    rd = S.load_report_data("金水区", "2023-06")
    f = _figures(S.benchmark_section(rd, "南山区"))
    assert f["benchmark_gdp"] == pytest.approx(8035.88)  # 2022, not 2025's 10102.38
    fc = _figures(S.forecast_section(rd))
    # levels 2017, 2018, 2022 only (2025 is after the report); 2018→2022 crosses the 2019
    # census revision (data/breaks.csv), so one growth observation (2017→2018) is left: too
    # little for a forecast, and the report says so instead of extrapolating +14.6 %
    assert "forecast_next" not in fc
    assert any("不作趋势预测" in n for n in S.forecast_section(rd).notes)


def test_forecast_on_growth_by_hand_where_the_data_allow_it():
    """郑州市 as of 2023-06: the growth forecast is the last level times exp(mean log growth)
    over the consistent windows (no growth across 2017 and the 2019 census revision)."""
    rd = S.load_report_data("郑州市", "2023-06")
    fc = _figures(S.forecast_section(rd))
    res, lv = gdp_outlook(rd)
    assert res is not None and res.n_growth >= 2
    last = float(lv.iloc[-1])
    # growth_pct is the annual rate exp(mean log growth) − 1, in %
    assert fc["forecast_next"] == pytest.approx(last * (1 + res.growth_pct / 100), rel=1e-6) \
        or fc["forecast_next"] == pytest.approx(last, rel=1e-9)  # no-change when flat


def test_catch_up_2025_on_both_bases_by_hand():
    rd = S.load_report_data("金水区", "2025-12")
    sec = S.benchmark_section(rd, "南山区", lag_growth=8.0)
    f = _figures(sec)
    text = "".join(sec.notes)
    # 2025: 管理口径 2272.28 / 10102.38 = 22.5 %; 民政口径 3548.97 / 10102.38 = 35.1 %, the
    # like-for-like one (南山区's figure is the whole district)
    assert f["benchmark_ratio"] == pytest.approx(2272.28 / 10102.38 * 100)
    assert f["benchmark_ratio_civil"] == pytest.approx(3548.97 / 10102.38 * 100)
    assert round(f["benchmark_ratio"], 1) == 22.5 and round(f["benchmark_ratio_civil"], 1) == 35.1
    assert "为南山区的35.1%，与之口径一致、可比" in text and "管理口径2,272.28亿元（22.5%）" in text
    # 8 % real against 南山区's latest real 6.3 %: ln(10102.38/2272.28)/ln(1.08/1.063) = 94.0 years,
    # on the administrative-area basis ln(10102.38/3548.97)/ln(1.08/1.063) = 65.9 years
    k = math.log(1.08 / 1.063)
    assert f["catch_up_years_target"] == pytest.approx(math.log(10102.38 / 2272.28) / k)
    assert f["catch_up_years_target_civil"] == pytest.approx(math.log(10102.38 / 3548.97) / k)
    assert round(f["catch_up_years_target"]) == 94 and round(f["catch_up_years_target_civil"]) == 66
    gap = S.gap_section(rd, "南山区", ["中原区"])
    assert "其民政口径（行政区域全域）2025年为3,548.97亿元，为南山区全区数据的35.1%" in "".join(gap.notes)
    # the path starts in 2026: no 2026 target in the data, so the configured 8 % is labelled
    assert "未找到2026年目标，按配置8%" in text
    # no trend: 2022→2025 would bridge the 2023 census revision, and 金水区 has one level since
    assert "catch_up_years" not in f and "5.56%" not in text
    assert "管理口径" in text
    # the peer table: one 口径 (民政, 2025, 12 of 16 units), the functional zones listed as left out
    caption = [c for c, _ in sec.tables if "各区县" in c][0]
    assert "民政口径" in caption and "12/16" in caption
    assert any("郑东新区" in n and "未含" in n for n in sec.notes)


@pytest.mark.parametrize("period", ["2022-12", "2023-06", "2024-12", "2025-12"])
def test_no_trend_window_crosses_a_break_of_either_region(period: str):
    """Every trend the catch-up uses lies within one consistent window of BOTH regions: no
    declared break (data/breaks.csv: census revisions of all regions, basis changes of one) b
    with start < b <= end, for the benchmark's window or the region's."""
    from jinshui_analysis.data import bundled
    from jinshui_analysis.reports.sections.benchmark import catch_up_figures, trend_breaks

    rd = S.load_report_data("金水区", period)
    res, _ = catch_up_figures(rd, "南山区", 8.0)
    declared = bundled.breaks()
    for region in ("金水区", "南山区"):
        years = declared[declared["region"].isin([region, "*"])
                         & declared["indicator"].isin(["地区生产总值", "*"])]["year"].astype(int)
        assert set(years) <= set(trend_breaks("金水区", "南山区"))
        if res is None or "trend" not in res.scenarios.index:
            continue
        for a, b in res.window.values():
            assert not [y for y in years if a < y <= b], (period, region, (a, b))


def test_no_demo_figure_contradicts_a_published_one():
    rd = S.load_report_data("金水区", "2023-06", demo=True)
    pub = load_bundled()
    pub = pub[(pub["region"] == "金水区") & (pub["indicator"] == "地区生产总值")
              & (pub["measure"] == "level")]
    q = rd.quarterly.set_index("period")
    for period, value in zip(pub["period"], pub["value"]):
        code = period + "Q4" if period.isdigit() else period
        if code in q.index:
            assert q.loc[code, "value"] == pytest.approx(value), period
    assert q.loc["2020Q2", "value"] == 841.12 and q.loc["2021Q1", "value"] == 470.15
    # one demo world: the sector accounts' GDP equals the quarterly world's annual totals
    levels, _ = rd.sectors
    for y in levels.index:
        assert levels.loc[y, "GDP"] == pytest.approx(q.loc[f"{y}Q4", "value"], abs=0.011), y
    # and every recorded figure that names a published period equals the published value
    secs = [S.target(rd, 8.0, 2000.0), S.benchmark_section(rd), S.contributions(rd, 8.0)]
    published = {("benchmark_gdp",): 8035.88, ("digital_share",): 42.0}
    got = {}
    for sec in secs:
        got.update(_figures(sec))
    for (name,), v in published.items():
        assert got[name] == pytest.approx(v)


def test_growth_forecast_on_growth_not_flat():
    from jinshui_analysis.models.forecast import growth_forecast
    s = pd.Series([100.0, 110, 121, 133.1, 146.41], index=[str(y) for y in range(2018, 2023)])
    r = growth_forecast(s, 2)
    assert r.growth_pct == pytest.approx(10.0)
    assert r.forecast["median"].iloc[0] == pytest.approx(161.051)
    assert not r.no_change
    # a declared break is not read as growth: 2020 level doubled by a 口径 change
    b = pd.Series([100.0, 105, 220.5, 231.525], index=["2018", "2019", "2020", "2021"])
    assert growth_forecast(b, 1, breaks=[2020]).growth_pct == pytest.approx(5.0)
    # flat only when the data support it: growth within 2 s.e. of 0
    noisy = pd.Series([100.0, 103, 99, 102, 98, 101], index=[str(y) for y in range(2017, 2023)])
    assert growth_forecast(noisy, 1).no_change
    z = growth_forecast(pd.Series(np.exp(np.arange(10) * 0.07 + np.sin(np.arange(10)) * 0.03),
                                  index=[str(y) for y in range(2010, 2020)]), 1)
    assert 0 <= z.coverage_80 <= 1 and len(z.backtest) == 7


def test_deflator_change_is_written_as_a_rise_or_a_fall():
    """涨幅0.46% / 降幅0.46%, never 涨幅-0.46% (郑州市 2024H1: 7252.4/7008.6 nominal vs 5.3 % real)."""
    fall = Deflator((7252.4 / 7008.6) / 1.053 * 100 - 100, "derived", "2024年上半年")
    assert change_words(fall) == ("降幅", "1.73%")
    assert change_words(fall, "en") == ("growth", "-1.73%")
    assert deflator_words(fall, "zh") == \
        "GDP平减指数降幅1.73%（由2024年上半年已公布的名义增速与实际增速推算）"
    assert deflator_words(Deflator(2.0, "assumed"), "zh") == \
        "GDP平减指数涨幅假设为2%（报告参数 deflator_pct）"
    assert deflator_words(Deflator(-0.5, "assumed"), "en") == \
        "GDP deflator growth assumed at -0.5% (report parameter deflator_pct)"
    # the model keeps codes: its str() is a technical English line, no Chinese wording
    assert str(fall) == "GDP deflator growth -1.73% (derived from published nominal and real " \
        "growth, 2024年上半年)"
    assert (basis_label("real", "zh"), growth_label("nominal", "en")) == ("按可比价", "nominal growth")
    with pytest.raises(ParameterError):
        growth_label("current")
