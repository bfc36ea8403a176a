"""A folder of office shapes beyond the README's examples (issue 18 item 3): each file in
``tests/fixtures/office_shapes`` (written by its ``generate.py``) is read and a few values are
checked by hand; the folder's reading list names every item not read."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pandas as pd
import pytest

from jinshui_analysis.data import inspect, read_folder, read_table

SHAPES = Path(__file__).resolve().parent / "fixtures" / "office_shapes"


def read(name: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_table(SHAPES / name)


def value(df, indicator, measure, period, cumulative, region=None) -> float:
    sel = df[(df.indicator == indicator) & (df.measure == measure) & (df.period == period)
             & (df.cumulative == cumulative)]
    if region is not None:
        sel = sel[sel.region == region]
    assert len(sel) == 1, sel
    return float(sel.value.iloc[0])


def test_regions_as_columns():
    df = read("01_郑州市分县区主要指标.csv")
    assert set(df.region) == {"郑州市", "中原区", "二七区", "金水区", "惠济区"}  # 全市 = 郑州市
    assert value(df, "地区生产总值", "level", "2025-06", True, "金水区") == 1312.4
    assert value(df, "社会消费品零售总额", "level", "2025-06", True, "郑州市") == 2856.1
    assert set(df.unit) == {"亿元"}  # from the 单位：亿元 row under the title


def test_wan_and_yi_yuan_rows_mixed():
    df = read("02_二七区万元亿元混排.xlsx")
    assert value(df, "一般公共预算收入", "level", "2025-03", True) == pytest.approx(4.876)  # 48760万元
    assert value(df, "地区生产总值", "level", "2025-03", True) == 265.4                   # 亿元 kept
    assert value(df, "限额以上单位消费品零售额", "level", "2025-03", False) == pytest.approx(15.23)


def test_january_february_merged():
    df = read("03_金水区1-2月合并发布.csv")
    assert value(df, "社会消费品零售总额", "level", "2025-02", True) == 201.5
    assert value(df, "规模以上工业增加值", "yoy_pct", "2025-02", True) == 6.4
    assert not ((df.indicator == "规模以上工业增加值") & (df.measure == "level")).any()
    assert not (~df.cumulative).any()  # no 当月 in a merged release


def test_side_by_side():
    df = read("04_中原区两表并排.xlsx")
    assert value(df, "税收收入", "level", "2025-06", True) == pytest.approx(22.15)  # 221500万元
    assert value(df, "固定资产投资", "yoy_pct", "2025-06", True) == -3.2


def test_total_row_takes_the_block_heading():
    df = read("05_金水区社零分行业合计.csv")
    # 合计 6502000万元 = 650.2亿元 = 批发 159.1 + 零售 403.5 + 住宿 21.0 + 餐饮 66.6
    total = value(df, "社会消费品零售总额", "level", "2025-06", True)
    parts = sum(value(df, i, "level", "2025-06", True) for i in ("批发业", "零售业", "住宿业", "餐饮业"))
    assert total == pytest.approx(650.2) and parts == pytest.approx(650.2)


def test_big5():
    df = read("06_金水區繁體Big5.csv")
    assert set(df.region) == {"金水区"}
    assert value(df, "一般公共预算收入", "level", "2025-03", True) == pytest.approx(27.9)  # 279000萬元


def test_footer_and_note_without_zhu():
    df = read("07_新郑市填报单位页脚.csv")
    assert value(df, "社会消费品零售总额", "level", "2025-05", False) == pytest.approx(20.13)
    nr = df.attrs["not_read"]
    assert list(nr.row) == [5, 6]
    assert "快报" in nr.text.iloc[0] and "填报单位" in nr.text.iloc[1]


def test_quarterly_gdp_by_sector():
    df = read("08_金水区分季度分产业GDP.xlsx")
    # 0.7 + 82.4 + 763.2 = 846.3 (上半年); the full year 1.6 + 180.2 + 1571.0 = 1752.8
    h1 = [value(df, s, "level", "2024Q2", True) for s in ("第一产业", "第二产业", "第三产业")]
    assert sum(h1) == pytest.approx(value(df, "地区生产总值", "level", "2024Q2", True))
    assert value(df, "地区生产总值", "yoy_pct", "2024", False) == 5.2
    assert set(df.price_basis[df.measure == "level"]) == {"current"}  # （现价） in the title


def test_unicode_text_tab_separated():
    df = read("09_航空港区Unicode文本.txt")
    assert value(df, "社会消费品零售总额", "level", "2024-05", False) == 17.9  # 上年同月
    assert value(df, "规模以上工业增加值", "yoy_pct", "2025-05", False) == 12.1


def test_html_saved_as_xls():
    df = read("10_高新区系统导出.xls")
    assert value(df, "一般公共预算收入", "level", "2025-05", True) == pytest.approx(4.563)
    assert math.isnan(value(df, "固定资产投资", "level", "2025-05", True))


def test_instructions_and_hidden_sheets():
    df = read("11_经开区带填表说明.xlsx")
    assert value(df, "社会消费品零售总额", "level", "2025-04", True) == 96.4
    assert 999 not in set(df.value)
    nr = df.attrs["not_read"]
    assert set(nr.sheet) == {"填表说明", "辅助"}


def test_thousands_separators_and_full_width():
    df = read("12_管城区千分位全角.csv")
    assert value(df, "社会消费品零售总额", "level", "2025-03", True) == pytest.approx(123.45)
    assert value(df, "社会消费品零售总额", "yoy_pct", "2025-03", True) == 5.2   # "５．２%"
    assert value(df, "规模以上工业企业数", "level", "2025-03", False) == 128  # a count at the end


def test_stocks_month_end():
    df = read("13_金水区存贷款月末.csv")
    assert value(df, "住户存款余额", "level", "2025-09", False) == 2105.6
    assert not df.cumulative.any()


def test_biff_xls_sheet_per_month():
    df = read("14_上街区按月分表.xls")
    assert value(df, "社会消费品零售总额", "level", "2025-06", True) == 109.7
    assert value(df, "社会消费品零售总额", "level", "2025-05", False) == 18.1


def test_the_whole_folder_and_its_reading_list():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_folder(SHAPES)
        result = inspect(SHAPES)
    assert len(result.read) == len(df)
    nr = result.not_read
    # the generator script and the .txt export are not tables of the folder; both listed
    assert {"generate.py", "09_航空港区Unicode文本.txt"} <= set(nr.file)
    text = str(result.summary())
    assert "未读取" in text and "填表说明" in text
    html = result.to_html()
    assert "<script" not in html and "辅助" in html
