"""A workbook shaped as 惠济区 publishes it, read into a report (a shape the other tests lack):
the unit in a line above the table (单位：万元、%), no unit column, GDP's unit in its name, the
year-to-date columns before the month's (1-9月 | 9月 merged over 累计/增长% and 当月/增长%), a
说明 note, and a second sheet 上年同期 with last year's 1-9月 figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from jinshui_analysis.reports import sections as S
from jinshui_analysis.reports.loader import load_report_data


def _workbook(folder: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "1-9月"
    ws.append(["惠济区2025年1-9月主要经济指标"])
    ws.merge_cells("A1:E1")
    ws.append(["单位：万元、%"])
    ws.append(["指标", "1-9月", None, "9月", None])
    ws.merge_cells("B3:C3")
    ws.merge_cells("D3:E3")
    ws.append([None, "累计", "增长%", "当月", "增长%"])
    ws.merge_cells("A3:A4")
    for row in (["地区生产总值（亿元）", 290.6, 5.2, None, None],
                ["规模以上工业增加值", None, 8.1, None, 7.5],
                ["固定资产投资", None, -3.2, None, None],
                ["社会消费品零售总额", 1286500, 4.6, 152300, 5.1],
                ["一般公共预算收入", 198700, 2.8, 18900, -1.5]):
        ws.append(row)
    ws.append(["说明：地区生产总值为前三季度数据，按可比价格计算；固定资产投资不含农户。"])
    last = wb.create_sheet("上年同期")
    last.append(["惠济区2024年1-9月主要经济指标"])
    last.append(["单位：万元、%"])
    last.append(["指标", "1-9月累计", "增长%"])
    last.append(["地区生产总值（亿元）", 280.3, 5.6])
    last.append(["社会消费品零售总额", 1229900, 5.3])
    path = folder / "惠济区2025年1-9月主要经济指标.xlsx"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def rd(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("huiji")
    _workbook(folder)
    return load_report_data("惠济区", "2025-09", str(folder))


def test_figures_agree_with_the_workbook(rd) -> None:
    figs = {r["name"]: r["value"] for r in S.headline(rd).records}
    # 1286500万元 = 128.65亿元 (1-9月), 152300万元 = 15.23亿元 (9月), 198700万元 = 19.87亿元
    assert figs["retail_ytd"] == pytest.approx(128.65) and figs["retail_month"] == pytest.approx(
        15.23)
    assert figs["revenue_ytd"] == pytest.approx(19.87) and figs["revenue_month_yoy"] == -1.5
    assert figs["gdp_q_ytd"] == pytest.approx(290.6) and figs["gdp_q_ytd_yoy"] == 5.2
    # 社零 1-9月 +4.6% against last year's +5.3% (the 上年同期 sheet): −0.7 points
    assert figs["retail_ytd_yoy_change"] == pytest.approx(-0.7)
    (_, table), = S.headline(rd).tables
    # a falling month is written 当月下降1.5%, never 当月增长-1.5%
    assert "当月下降1.5%" in table.loc["一般公共预算收入", "说明"]
    assert "当月增长7.5%" in table.loc["规模以上工业增加值", "说明"]


def test_lead_dates_the_benchmark_comparison(rd) -> None:
    lead = " ".join(str(getattr(b, "text", getattr(b, "items", ""))) for b in S.summary(
        rd, 7.0, None, "zh").body)
    bench = S.benchmark_section(rd)
    year = {r["name"]: r["value"] for r in bench.records}["benchmark_year"]
    # the latest year both units published on one 口径 is old: the lead says which year
    assert f"{year}年惠济区地区生产总值相当于金水区的" in lead
