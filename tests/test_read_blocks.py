"""Every sheet, every block (issue 18 items 1-2; issue 21 item 4 and the low items on formulas and
absurd numbers).

The three cases of issue 18's “Why” are here at the reading level: a workbook with one sheet per
month (管城回族区), a June table with 上半年 GDP and 上年同期累计 (新郑市), and a 进度表 with a
levels block and a growth block.  Files are written as offices publish them (GBK/GB18030 CSV,
merged XLSX title rows, 万元, “—”); expected values are worked by hand in the comments.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from jinshui_analysis.data import read_folder, read_table
from jinshui_analysis.data.tables.schema import NOT_READ_COLUMNS, READ_COLUMNS, is_stock
from jinshui_analysis.exceptions import DataError


def csv_file(path: Path, lines: list[str], encoding: str = "gbk") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def read(path: Path, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_table(path, **kw)


def rows(df: pd.DataFrame) -> set[tuple]:
    return {(r.indicator, r.measure, r.period, bool(r.cumulative),
             None if pd.isna(r.value) else round(r.value, 6)) for r in df.itertuples()}


def value(df: pd.DataFrame, indicator: str, measure: str, period: str, cumulative: bool) -> float:
    sel = df[(df.indicator == indicator) & (df.measure == measure) & (df.period == period)
             & (df.cumulative == cumulative)]
    assert len(sel) == 1, sel
    return float(sel.value.iloc[0])


# --------------------------------------------------------------------------- (a) one sheet per month
HEADER_A = ["指标名称", "计量单位", "本月", "1-{m}月累计", "比上年同期增长(%)"]


def guancheng_workbook(path: Path) -> Path:
    """管城回族区2025年主要经济指标.xlsx: sheets 7月/8月/9月 (merged title rows), a veryHidden
    working sheet with other figures, 注 rows and a note that does not start with 注."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    data = {  # month: (社零 本月 万元, 社零 累计 万元, 社零 增长, 规上 增长, 收入 本月 万元, 收入 累计 万元)
        7: (285600, 1987400, 5.2, 4.8, 21345, 165432),
        8: (303100, 2290500, 5.1, 5.0, 19870, 185302),
        9: (302200, 2592700, 5.0, 5.3, 24411, 209713),
    }
    titles = {7: "管城回族区2025年主要经济指标", 8: "管城回族区主要经济指标",
              9: "2025年1-9月管城回族区主要经济指标"}
    for m, (s1, s2, g, ind, r1, r2) in data.items():
        ws = wb.create_sheet(f"{m}月")
        ws.append([titles[m]])
        ws.merge_cells("A1:E1")
        ws.append([h.replace("{m}", str(m)) for h in HEADER_A])
        ws.append(["社会消费品零售总额", "万元", s1, s2, g])
        ws.append(["规模以上工业增加值", "%", "—", "—", ind])
        ws.append(["一般公共预算收入", "万元", r1, r2, 2.1])
        ws.append(["注：1.规模以上工业增加值增速按可比价计算。"])
        ws.append(["本表数据为快报数，以年报为准。"])
    hidden = wb.create_sheet("底稿")
    hidden.append(["管城回族区2025年9月主要经济指标"])
    hidden.append(["指标名称", "计量单位", "本月", "1-9月累计", "比上年同期增长(%)"])
    hidden.append(["社会消费品零售总额", "万元", 999900, 9999900, 99.9])
    hidden.sheet_state = "veryHidden"
    wb.save(path)
    return path


def test_one_sheet_per_month_every_sheet_read(tmp_path):
    p = guancheng_workbook(tmp_path / "管城回族区2025年主要经济指标.xlsx")
    df = read(p)  # no region= needed: the titles' official name is an alias of 管城区's profile
    assert set(df.region) == {"管城区"}
    # 7月: title gives only the year, the sheet name the month → 2025-07;
    # 302200万元 = 30.22亿元 in September, 2592700万元 = 259.27亿元 for 1-9月
    assert value(df, "社会消费品零售总额", "level", "2025-07", False) == pytest.approx(28.56)
    assert value(df, "社会消费品零售总额", "level", "2025-07", True) == pytest.approx(198.74)
    # 8月: the title has no year at all: the year comes from the file name
    assert value(df, "社会消费品零售总额", "level", "2025-08", True) == pytest.approx(229.05)
    assert value(df, "社会消费品零售总额", "level", "2025-09", False) == pytest.approx(30.22)
    assert value(df, "社会消费品零售总额", "level", "2025-09", True) == pytest.approx(259.27)
    assert value(df, "社会消费品零售总额", "yoy_pct", "2025-09", True) == pytest.approx(5.0)
    assert value(df, "规模以上工业增加值", "yoy_pct", "2025-09", True) == pytest.approx(5.3)
    assert value(df, "一般公共预算收入", "level", "2025-08", False) == pytest.approx(1.987)
    # the veryHidden 底稿 sheet is not read (its 99.9 appears nowhere) but is listed
    assert 99.9 not in set(df.value) and 999.99 not in set(df.value)
    nr = df.attrs["not_read"]
    assert list(nr.columns) == NOT_READ_COLUMNS
    hidden = nr[nr.sheet == "底稿"]
    assert len(hidden) == 1 and "veryHidden" in hidden.reason_en.iloc[0]
    # notes: the 注 row and the row that does not start with 注, on every sheet (2 × 3)
    notes = nr[nr.reason_en.str.contains("note")]
    assert len(notes) == 6
    assert set(notes.sheet) == {"7月", "8月", "9月"}
    assert any("快报数" in t for t in notes.text)
    # where each figure was read
    read_at = df.attrs["read"]
    assert list(read_at.columns) == READ_COLUMNS and len(read_at) == len(df)
    k = df.index[(df.indicator == "社会消费品零售总额") & (df.period == "2025-09")
                 & df.cumulative & (df.measure == "level")][0]
    assert (read_at.sheet.iloc[k], int(read_at.row.iloc[k])) == ("9月", 3)


def test_hidden_sheet_only_read_when_asked(tmp_path):
    p = guancheng_workbook(tmp_path / "管城回族区2025年主要经济指标.xlsx")
    df = read(p, region="管城回族区", sheet="底稿")  # named explicitly: read
    assert value(df, "社会消费品零售总额", "yoy_pct", "2025-09", True) == pytest.approx(99.9)


# --------------------------------------------------------------------------- (b) 进度表
JINDU = [
    "金水区2025年主要经济指标进度表,,,,,,",                          # row 1
    "一、总量指标,,,,,,单位：亿元",                                   # row 2
    "指标,单位,1-2月,1-3月,1-4月,1-5月,1-6月",                        # row 3
    "地区生产总值,亿元,—,412.35,—,—,861.20",                          # row 4
    "社会消费品零售总额,亿元,201.5,305.8,410.2,515.7,622.4",          # row 5
    "固定资产投资,亿元,80.2,126.4,170.1,215.9,262.3",                  # row 6
    "注：地区生产总值为季度数据。,,,,,,",                               # row 7
    ",,,,,,",                                                         # row 8
    "二、增长速度,,,,,,单位：%",                                       # row 9
    "指标,单位,1-2月,1-3月,1-4月,1-5月,1-6月",                        # row 10: second header
    "地区生产总值,%,—,5.1,—,—,5.3",                                    # row 11
    "社会消费品零售总额,%,5.6,5.8,5.9,6.0,6.1",                       # row 12
    "固定资产投资,%,0.5,0.7,1.2,—,2.1",                               # row 13
]


def test_progress_table_two_blocks(tmp_path):
    p = csv_file(tmp_path / "进度表.csv", JINDU)
    df = read(p)  # no "unknown unit '单位'" for row 10 any more
    assert set(df.region) == {"金水区"}
    lv = df[df.measure == "level"]
    assert set(lv.unit) == {"亿元"}  # no level in %: growth rows are never levels
    assert value(df, "地区生产总值", "level", "2025-03", True) == pytest.approx(412.35)
    assert value(df, "地区生产总值", "level", "2025-06", True) == pytest.approx(861.20)
    assert value(df, "社会消费品零售总额", "level", "2025-02", True) == pytest.approx(201.5)
    gr = df[df.measure == "yoy_pct"]
    assert set(gr.unit) == {"%"} and len(gr) == 15  # 3 rows × 5 periods
    assert value(df, "地区生产总值", "yoy_pct", "2025-06", True) == pytest.approx(5.3)
    assert value(df, "固定资产投资", "yoy_pct", "2025-03", True) == pytest.approx(0.7)
    assert math.isnan(value(df, "固定资产投资", "yoy_pct", "2025-05", True))
    # everything is year to date: no 当月 row (none derived from subtracting growth rates)
    assert df.cumulative.all()
    read_at = df.attrs["read"]
    blocks = set(read_at.block)
    assert blocks == {"一、总量指标", "二、增长速度"}
    k = df.index[(df.indicator == "固定资产投资") & (df.measure == "yoy_pct")
                 & (df.period == "2025-03")][0]
    assert (read_at.block.iloc[k], int(read_at.row.iloc[k])) == ("二、增长速度", 13)
    nr = df.attrs["not_read"]
    assert (nr.row == 7).sum() == 1  # the 注 row


def test_growth_block_without_repeated_header_and_unit_clash(tmp_path):
    p = csv_file(tmp_path / "jd.csv", [
        "金水区2025年1-3月主要经济指标,,",
        "指标,单位,1-3月",
        "一、总量指标（亿元）,,",
        "社会消费品零售总额,亿元,305.8",
        "二、主要指标增速,,",
        "社会消费品零售总额,%,5.8",
        "一般公共预算收入,亿元,3.1",  # 亿元 inside a growth block: ambiguous → not read
    ])
    df = read(p)
    assert rows(df) == {
        ("社会消费品零售总额", "level", "2025-03", True, 305.8),
        ("社会消费品零售总额", "yoy_pct", "2025-03", True, 5.8),
    }
    nr = df.attrs["not_read"]
    clash = nr[nr.row == 7]
    assert len(clash) == 1 and "growth block" in clash.reason_en.iloc[0]
    assert clash.block.iloc[0] == "二、主要指标增速"


# --------------------------------------------------------------------------- (c) 上年同期累计
XINZHENG = [
    "新郑市2024年6月主要经济指标,,,,,",
    "指标,单位,本月,本年累计,上年同期累计,累计增长%",
    "地区生产总值,亿元,—,436.2,414.1,5.3",
    "规模以上工业增加值增速,%,—,7.9,6.2,—",
    "社会消费品零售总额,万元,198700,1123400,1067800,5.2",
    "一般公共预算收入,万元,31200,246500,240100,2.7",
    "注：上年同期累计栏中，增速指标为上年同期增速。,,,,,",
]


def test_this_year_last_year_cumulative_gb18030(tmp_path):
    p = csv_file(tmp_path / "新郑市2024年6月主要经济指标.csv", XINZHENG, "gb18030")
    df = read(p)
    assert set(df.region) == {"新郑市"}
    # 上半年 GDP 436.2亿元, 5.3%; last year's 上半年 414.1亿元
    assert value(df, "地区生产总值", "level", "2024-06", True) == pytest.approx(436.2)
    assert value(df, "地区生产总值", "yoy_pct", "2024-06", True) == pytest.approx(5.3)
    assert value(df, "地区生产总值", "level", "2023-06", True) == pytest.approx(414.1)
    # a growth row: 上年同期累计 is last year's growth, not a level
    assert value(df, "规模以上工业增加值", "yoy_pct", "2024-06", True) == pytest.approx(7.9)
    assert value(df, "规模以上工业增加值", "yoy_pct", "2023-06", True) == pytest.approx(6.2)
    assert not ((df.indicator == "规模以上工业增加值") & (df.measure == "level")).any()
    # 1123400万元 = 112.34亿元; last year 106.78亿元; 112.34 / 106.78 − 1 = 5.2 %
    assert value(df, "社会消费品零售总额", "level", "2024-06", True) == pytest.approx(112.34)
    assert value(df, "社会消费品零售总额", "level", "2023-06", True) == pytest.approx(106.78)
    assert value(df, "社会消费品零售总额", "level", "2024-06", False) == pytest.approx(19.87)
    assert round((112.34 / 106.78 - 1) * 100, 1) == value(
        df, "社会消费品零售总额", "yoy_pct", "2024-06", True)


# --------------------------------------------------------------------------- (d) stocks
def test_stocks_at_end_of_period(tmp_path):
    p = csv_file(tmp_path / "fin.csv", [
        "金水区2025年9月主要经济指标,,,,",
        "指标名称,计量单位,本月,1-9月,比上年同期增长(%)",
        "金融机构人民币各项存款余额,亿元,—,3561.2,8.7",   # given in the 累计 column
        "金融机构人民币各项贷款余额,亿元,2987.4,—,6.1",   # given in the 本月 column
        "社会消费品零售总额,亿元,30.2,259.3,5.0",
    ])
    df = read(p)
    dep = df[df.indicator == "金融机构人民币各项存款余额"]
    # one figure at the end of September, never 当月 or 累计
    assert rows(dep) == {("金融机构人民币各项存款余额", "level", "2025-09", False, 3561.2),
                         ("金融机构人民币各项存款余额", "yoy_pct", "2025-09", False, 8.7)}
    loan = df[df.indicator == "金融机构人民币各项贷款余额"]
    assert rows(loan) == {("金融机构人民币各项贷款余额", "level", "2025-09", False, 2987.4),
                          ("金融机构人民币各项贷款余额", "yoy_pct", "2025-09", False, 6.1)}
    assert value(df, "社会消费品零售总额", "level", "2025-09", True) == pytest.approx(259.3)
    assert is_stock("年末常住人口") and not is_stock("社会消费品零售总额")


def test_month_end_column_and_change_since_january(tmp_path):
    p = csv_file(tmp_path / "fin9.csv", [
        "金水区2025年金融运行情况,,,",
        "指标,单位,9月末,比年初增减,同比增长%",
        "住户存款余额,亿元,2105.6,160.2,9.4",
    ])
    df = read(p)
    assert rows(df) == {("住户存款余额", "level", "2025-09", False, 2105.6),
                        ("住户存款余额", "yoy_pct", "2025-09", False, 9.4)}
    nr = df.attrs["not_read"]
    assert nr.text.str.contains("比年初增减").any()


# --------------------------------------------------------------------------- side by side, footers
def test_two_tables_side_by_side_and_footer(tmp_path):
    p = csv_file(tmp_path / "two.csv", [
        "金水区2025年1-6月主要经济指标,,,,,,,",
        "指标,单位,1-6月,增长%,指标,单位,1-6月,增长%",
        "社会消费品零售总额,亿元,622.4,6.1,一般公共预算收入,万元,551000,2.4",
        "固定资产投资,亿元,262.3,2.1,税收收入,万元,402000,1.8",
        "填报单位：金水区统计局,,审核人：张三,,,,,",
    ])
    df = read(p)
    # the right table: 551000万元 = 55.1亿元, 402000万元 = 40.2亿元
    assert rows(df) == {
        ("社会消费品零售总额", "level", "2025-06", True, 622.4),
        ("社会消费品零售总额", "yoy_pct", "2025-06", True, 6.1),
        ("固定资产投资", "level", "2025-06", True, 262.3),
        ("固定资产投资", "yoy_pct", "2025-06", True, 2.1),
        ("一般公共预算收入", "level", "2025-06", True, 55.1),
        ("一般公共预算收入", "yoy_pct", "2025-06", True, 2.4),
        ("税收收入", "level", "2025-06", True, 40.2),
        ("税收收入", "yoy_pct", "2025-06", True, 1.8),
    }
    read_at = df.attrs["read"]
    k = df.index[(df.indicator == "税收收入") & (df.measure == "level")][0]
    assert read_at.column.iloc[k] == "1-6月" and int(read_at.row.iloc[k]) == 4
    assert (df.attrs["not_read"].row == 5).any()  # the 填报单位 footer is listed


# --------------------------------------------------------------------------- absurd numbers, formulas
@pytest.mark.parametrize("text", ["1e309", "1e308", "inf"])
def test_absurd_magnitudes_refused(tmp_path, text):
    p = csv_file(tmp_path / "x.csv", [
        "金水区2025年1-6月主要经济指标", "指标,单位,1-6月", f"社会消费品零售总额,亿元,{text}",
    ])
    with pytest.raises(DataError) as info:
        read(p)
    e = info.value
    assert e.row == 3 and "1-6月" in str(e.column) and "x.csv" in str(e)


def test_absurd_xlsx_number_refused(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["金水区2025年1-6月主要经济指标"])
    ws.append(["指标", "单位", "1-6月"])
    ws.append(["社会消费品零售总额", "亿元", 1e308])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(DataError, match="implausible magnitude") as info:
        read(tmp_path / "x.xlsx")
    assert info.value.row == 3


def test_formula_cells_are_noted(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "6月"
    ws.append(["金水区2025年1-6月主要经济指标"])
    ws.append(["指标", "单位", "1-6月"])
    ws.append(["社会消费品零售总额", "亿元", 622.4])
    ws.append(["固定资产投资", "亿元", "=C3/2"])  # never calculated: no cached value
    wb.save(tmp_path / "f.xlsx")
    df = read(tmp_path / "f.xlsx")
    assert any("公式" in n for n in df.attrs["notes"])
    assert math.isnan(value(df, "固定资产投资", "level", "2025-06", True))


# --------------------------------------------------------------------------- .xls
def test_biff_xls_read(tmp_path):
    import xlwt  # dev dependency: writes the Excel 97-2003 file an office would send
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("6月")
    for i, r in enumerate([["金水区2025年1-6月主要经济指标"], ["指标", "单位", "1-6月", "增长%"],
                           ["社会消费品零售总额", "万元", 6224000, 6.1]]):
        for j, v in enumerate(r):
            ws.write(i, j, v)
    hidden = wb.add_sheet("旧")
    hidden.write(0, 0, "x")
    hidden.visibility = 1
    wb.save(str(tmp_path / "js.xls"))
    df = read(tmp_path / "js.xls")
    assert rows(df) == {("社会消费品零售总额", "level", "2025-06", True, 622.4),
                        ("社会消费品零售总额", "yoy_pct", "2025-06", True, 6.1)}


def test_html_saved_as_xls(tmp_path):
    html = ("<html><head><meta charset='gbk'></head><body><table>"
            "<tr><td colspan=3>金水区2025年1-6月主要经济指标</td></tr>"
            "<tr><td>指标</td><td>单位</td><td>1-6月</td></tr>"
            "<tr><td>一般公共预算收入</td><td>万元</td><td>551000</td></tr>"
            "</table></body></html>")
    (tmp_path / "export.xls").write_bytes(html.encode("gbk"))
    df = read(tmp_path / "export.xls")
    assert rows(df) == {("一般公共预算收入", "level", "2025-06", True, 55.1)}


def test_unreadable_xls_refused_in_one_line(tmp_path):
    (tmp_path / "bad.xls").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DataError, match="save it as .xlsx") as info:
        read(tmp_path / "bad.xls")
    assert "\n" not in str(info.value)


def test_folder_lists_files_not_read(tmp_path):
    csv_file(tmp_path / "新郑市2024年6月主要经济指标.csv", XINZHENG, "gb18030")
    (tmp_path / "说明.pdf").write_bytes(b"%PDF-1.4")
    sub = tmp_path / "2025"
    sub.mkdir()
    guancheng_workbook(sub / "管城区2025年主要经济指标.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_folder(tmp_path)
    nr = df.attrs["not_read"]
    assert list(nr.columns) == NOT_READ_COLUMNS
    assert "说明.pdf" in set(nr.file)
    assert "2025/管城区2025年主要经济指标.xlsx" in set(nr.file)  # relative to the folder
    read_at = df.attrs["read"]
    assert len(read_at) == len(df)
    assert set(read_at.file) == {"新郑市2024年6月主要经济指标.csv",
                                 "2025/管城区2025年主要经济指标.xlsx"}
    # the attrs survive concatenation and filtering
    both = pd.concat([df, df.iloc[:2]])
    assert len(both) == len(df) + 2


def test_growth_rows_split_into_their_own_file(tmp_path):
    # the 进度表's second block saved alone: with its block title, and without any title
    for lines in (JINDU[:1] + JINDU[8:], [JINDU[0], *JINDU[9:]]):
        df = read(csv_file(tmp_path / "g.csv", lines))
        assert set(df.measure) == {"yoy_pct"} and set(df.unit) == {"%"}
        assert value(df, "地区生产总值", "yoy_pct", "2025-03", True) == pytest.approx(5.1)
    rate = read(csv_file(tmp_path / "r.csv", [JINDU[0], JINDU[9], "城镇化率,%,—,65.2,—,—,65.4"]))
    assert set(rate.measure) == {"level"}  # a rate in % stays a level


def test_very_hidden_first_sheet_not_read(tmp_path):
    # issue 21: a veryHidden FIRST sheet said 999.90; the visible sheet says 120.30
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "x"
    for r in (["金水区2025年1-6月主要经济指标"], ["指标", "单位", "1-6月"],
              ["社会消费品零售总额", "亿元", 999.90]):
        hidden.append(r)
    hidden.sheet_state = "veryHidden"
    ws = wb.create_sheet("6月")
    for r in (["金水区2025年1-6月主要经济指标"], ["指标", "单位", "1-6月"],
              ["社会消费品零售总额", "亿元", 120.30]):
        ws.append(r)
    wb.active = 1
    wb.save(tmp_path / "h.xlsx")
    df = read(tmp_path / "h.xlsx")
    assert rows(df) == {("社会消费品零售总额", "level", "2025-06", True, 120.3)}
    nr = df.attrs["not_read"]
    assert list(nr.sheet) == ["x"] and "veryHidden" in nr.reason_en.iloc[0]


def test_sub_sections_keep_their_block_measure(tmp_path):
    df = read(csv_file(tmp_path / "sub.csv", [
        "金水区2025年主要经济指标进度表,,",
        "指标,单位,1-3月",
        "一、总量指标（亿元）,,",
        "（一）消费,,",
        "社会消费品零售总额,,305.8",        # the unit from the block title
        "二、增长速度（%）,,",
        "（一）工业,,",
        "规模以上工业增加值,,6.2",          # still a growth rate under a sub-section
        "（二）投资,,",
        "固定资产投资,%,0.7",
    ]))
    assert rows(df) == {
        ("社会消费品零售总额", "level", "2025-03", True, 305.8),
        ("规模以上工业增加值", "yoy_pct", "2025-03", True, 6.2),
        ("固定资产投资", "yoy_pct", "2025-03", True, 0.7),
    }
    assert set(df.attrs["read"].block) == {"（一）消费", "（一）工业", "（二）投资"}
