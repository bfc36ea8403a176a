"""Two office shapes read right (中牟县, 2025年1-9月, written as a county office publishes them):

- a GBK CSV whose growth-only rows are named …增速 with "—" in 9月/1-9月 and the growth in the
  "1-9月比上年同期增长(%)" column, beside 万元 rows with a 上年同期累计 column;
- an XLSX with a merged two-row header whose units sit in the column headers
  (``2025年前三季度`` over ``绝对额（亿元）`` | ``比上年同期增长（%）``) and no 单位 column.
"""

from __future__ import annotations

import hashlib

import openpyxl
import pytest

from jinshui_analysis.data import read_folder

CSV = """中牟县2025年1-9月主要经济指标
填报单位：中牟县统计局,,,,,
指标,单位,9月,1-9月,1-9月比上年同期增长(%),上年同期累计
规模以上工业增加值增速,%,—,—,6.8,—
社会消费品零售总额,万元,285600,2512300,4.9,2394800
固定资产投资增速,%,—,—,-3.2,—
一般公共预算收入,万元,31200,356800,3.1,346100
注：规模以上工业增加值增速按可比价计算；其余为现价。
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("zhongmu")
    (d / "中牟县2025年9月主要经济指标.csv").write_bytes(CSV.encode("gbk"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "前三季度GDP"
    ws["A1"] = "中牟县2025年前三季度地区生产总值"
    ws.merge_cells("A1:C1")
    ws["A2"] = "指标"
    ws.merge_cells("A2:A3")
    ws["B2"] = "2025年前三季度"
    ws.merge_cells("B2:C2")
    ws["B3"], ws["C3"] = "绝对额（亿元）", "比上年同期增长（%）"
    for i, row in enumerate([("地区生产总值", 801.36, 5.2), ("第一产业", 22.15, 3.1),
                             ("第二产业", 301.47, 6.0), ("第三产业", 477.74, 4.8)], start=4):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    ws.cell(9, 1, "说明：绝对额按现价计算，增速按不变价计算。")
    wb.save(d / "中牟县2025年前三季度GDP.xlsx")
    return d


def _value(df, indicator, measure, period, cumulative=True):
    rows = df[(df["indicator"] == indicator) & (df["measure"] == measure)
              & (df["period"] == period) & (df["cumulative"] == cumulative)]
    assert len(rows) == 1, rows
    return float(rows["value"].iloc[0])


def test_growth_named_rows_give_the_growth_of_the_indicator(folder):
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    df = read_folder(folder, region="中牟县")
    # 规模以上工业增加值增速 | % | — | — | 6.8: the 6.8 is the growth of 规模以上工业增加值
    assert _value(df, "规模以上工业增加值", "yoy_pct", "2025-09") == 6.8
    assert _value(df, "固定资产投资", "yoy_pct", "2025-09") == -3.2
    assert not df["indicator"].str.endswith("增速").any()
    # 万元 → 亿元: 2512300万元 = 251.23亿元; 上年同期累计 2394800万元 = 239.48亿元 (2024-09)
    assert _value(df, "社会消费品零售总额", "level", "2025-09") == pytest.approx(251.23)
    assert _value(df, "社会消费品零售总额", "level", "2024-09") == pytest.approx(239.48)
    assert _value(df, "一般公共预算收入", "level", "2025-09") == pytest.approx(35.68)
    # 当月: 31200万元 = 3.12亿元
    assert _value(df, "一般公共预算收入", "level", "2025-09", False) == pytest.approx(3.12)
    assert hashes == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_units_in_merged_column_headers(folder):
    df = read_folder(folder, region="中牟县")
    gdp = df[df["indicator"] == "地区生产总值"]
    assert _value(df, "地区生产总值", "level", "2025Q3") == pytest.approx(801.36)
    assert set(gdp.loc[gdp["measure"] == "level", "unit"]) == {"亿元"}
    assert _value(df, "地区生产总值", "yoy_pct", "2025Q3") == 5.2
    # the three industries add up to the total: 22.15 + 301.47 + 477.74 = 801.36
    parts = sum(_value(df, f"第{k}产业", "level", "2025Q3") for k in "一二三")
    assert parts == pytest.approx(801.36)
