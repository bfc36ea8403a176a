"""The latest annual level (issue 19, item 7).

郑州市 2023: no exact level was published in the stored pages ("突破1.36万亿元", +7.4 %), but the
2024 一季度 release (郑州市统计局 via hho98.cn) says 2024Q1's 3537.9亿 is "分别比去年第一季度、第三季度、
第四季度增加153亿元、110.6亿元、356亿元": 2023 Q3 (当季) = 3537.9 − 110.6 = 3427.3, Q4 = 3537.9 − 356 =
3181.9, so 2023 = 上半年 7008.6 (published) + 3427.3 + 3181.9 = 13617.8亿元 (推算).

H2 needed in 2024 for the 7%左右 target, from the published 上半年 growth 5.3 %:
w = 7008.6 / 13617.8 = 0.51466; 1.07 = w × 1.053 + (1 − w)(1 + g) →
g = (1.07 − 0.51466 × 1.053) / 0.48534 − 1 = 8.80 %.
"""

from __future__ import annotations

import pytest

from jinshui_analysis import sections as S
from jinshui_analysis.data import bundled, load_bundled


def test_2023_level_by_hand():
    q3 = 3537.9 - 110.6
    q4 = 3537.9 - 356
    assert round(7008.6 + q3 + q4, 1) == 13617.8
    f = load_bundled()
    row = f[(f.region == "郑州市") & (f.indicator == "地区生产总值") & (f.measure == "level")
            & (f.period == "2023")].iloc[0]
    assert row["value"] == pytest.approx(13617.8) and row["qualifier"] == "推算"
    assert "3537.9 − 356" in bundled.derivation("郑州市", "地区生产总值", "2023")
    assert row["value"] > 13600  # agrees with the published lower bound "突破1.36万亿元"


def test_annual_series_2015_2025_is_complete():
    s = bundled.series("郑州市", "地区生产总值")
    years = {int(y) for y in s.index}
    assert set(range(2015, 2026)) <= years
    assert s["2019"] == pytest.approx(11589.7)  # 1,158.97 billion yuan (UCLG ASPAC page)


def test_june_2024_finds_2023_and_the_second_half_requirement():
    rd = S.load_report_data("郑州市", "2024-06", demo=False)
    g, thr = S.profile_targets(rd, required=False)
    assert g == 7.0  # 2024: 7%左右
    sec = S.target(rd, g, thr, deflator_pct=2.0)
    f = {r["name"]: r["value"] for r in sec.records}
    w = 7008.6 / 13617.8
    need = ((1.07 - w * 1.053) / (1 - w) - 1) * 100
    assert round(need, 1) == 8.8
    assert f["required_rest_growth"] == pytest.approx(need)
    text = "".join(sec.notes)
    assert "为推算数" in text and "13617.8" in text and "8.80%" in text
    assert "实际增长7%左右" in text
    head = S.headline(rd)
    assert "2023年13,617.80亿元（来源：推算数" in head.notes[0]


def test_a_published_lower_bound_bounds_the_requirement():
    """河南省 2025-09: 2024's GDP is published only as "超6.35万亿" (63500, a lower bound).  The
    weight w = 47881.96 / Y2024 ≤ 47881.96 / 63500 = 0.75405; the 2025 target 5.5%左右 is below
    the published 前三季度 5.6 %, so the requirement falls with w and
    (1.055 − 0.75405 × 1.056) / (1 − 0.75405) − 1 = 5.19 % is a lower bound ("至少")."""
    w = 47881.96 / 63500
    need = ((1.055 - w * 1.056) / (1 - w) - 1) * 100
    assert round(need, 2) == 5.19
    rd = S.load_report_data("河南省", "2025-09", demo=False)
    sec = S.target(rd, 5.5, None, deflator_pct=2.0)
    f = {r["name"]: r["value"] for r in sec.records}
    assert f["required_rest_growth_bound"] == pytest.approx(need)
    assert "required_rest_growth" not in f
    text = "".join(sec.notes)
    assert "超过63500亿元" in text and "至少5.19%" in text and "下限只能给出界限" in text


def test_december_ytd_table_gives_last_years_total(tmp_path):
    """Issue 18: last year's 12月 table (1-12月累计) is that year's total.  管城回族区 (an alias
    of 管城区) publishes 2024 1-12月 GDP 812.40亿元 and 2025 1-9月 620.50亿元 (GBK, title row,
    万元 rows); the 2025-09 report finds 2024's total in the folder."""
    from jinshui_analysis.reports.inputs import latest_annual

    def table(year: int, months: str, gdp: str, retail: str) -> bytes:
        rows = [f"管城回族区{year}年{months.split('-')[-1]}主要经济指标,,,,",
                f"指标名称,计量单位,本月,{months}累计,比上年同期增长(%)",
                f"地区生产总值,亿元,—,{gdp},5.1", f"社会消费品零售总额,万元,310000,{retail},4.0"]
        return ("\r\n".join(rows) + "\r\n").encode("gbk")

    (tmp_path / "管城回族区2024年12月主要经济指标.csv").write_bytes(
        table(2024, "1-12月", "812.40", "3400000"))
    (tmp_path / "管城回族区2025年9月主要经济指标.csv").write_bytes(
        table(2025, "1-9月", "620.50", "2592700"))
    rd = S.load_report_data("管城回族区", "2025-09", str(tmp_path), demo=False)
    assert latest_annual(rd.real, "管城回族区", before=2025) == ("2024", 812.4)
    assert dict(zip(rd.quarterly["period"], rd.quarterly["value"], strict=True)) == {
        "2024Q4": 812.4, "2025Q3": 620.5}
