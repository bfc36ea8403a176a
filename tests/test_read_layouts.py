"""Bulletin layouts read_table must read (issue 10 item 1), folders (item 3), hardening (issue 14),
plain-words warnings (item 5) and the fill-in templates (item 6).

Each table is written as offices publish it (GBK CSV with a title row, XLSX with merged header
cells, 万元 units, “—” placeholders); expected values are computed by hand in the comments.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from jinshui_analysis.data import read_folder, read_table, write_templates
from jinshui_analysis.data.readers import TRADITIONAL
from jinshui_analysis.data.regions import find_region, known_regions, strip_basis
from jinshui_analysis.exceptions import (
    ConflictingValuesWarning,
    DataError,
    MissingValuesWarning,
    PeriodError,
    TableNotesWarning,
)


def csv_file(path: Path, lines: list[str], encoding: str = "gbk") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def xlsx_file(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append([None if v == "" else v for v in r])
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def read(path: Path, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_table(path, **kw)


def rows(df: pd.DataFrame) -> set[tuple]:
    """(indicator, measure, period, cumulative, value) of every row, values rounded."""
    return {(r.indicator, r.measure, r.period, bool(r.cumulative),
             None if pd.isna(r.value) else round(r.value, 6)) for r in df.itertuples()}


# --------------------------------------------------------------------------- 当月 and 累计 side by side
@pytest.mark.parametrize("cols", [("本月", "1-3月"), ("3月", "1-3月"), ("当月", "累计")])
def test_month_and_ytd_columns_gbk(tmp_path, cols):
    p = csv_file(tmp_path / "js.csv", [
        "2023年1-3月金水区主要经济指标,,,,",
        f"指标,单位,{cols[0]},{cols[1]},同比增长%",
        "社会消费品零售总额,万元,712345,2053000,4.8",  # 712345万元 = 71.2345亿元; 205.3亿元
        "固定资产投资,亿元,—,—,7.1",
    ])
    df = read(p)
    assert set(df.region) == {"金水区"}
    assert rows(df) == {
        ("社会消费品零售总额", "level", "2023-03", False, 71.2345),  # 当月: single month
        ("社会消费品零售总额", "level", "2023-03", True, 205.3),     # 累计: year to date
        ("社会消费品零售总额", "yoy_pct", "2023-03", True, 4.8),     # growth follows 累计
        ("固定资产投资", "level", "2023-03", False, None),
        ("固定资产投资", "level", "2023-03", True, None),
        ("固定资产投资", "yoy_pct", "2023-03", True, 7.1),
    }


def test_june_and_h1_columns(tmp_path):
    p = csv_file(tmp_path / "js6.csv", [
        "金水区2023年1-6月主要经济指标", "指标,单位,6月,1-6月,同比增长%",
        "一般公共预算收入,万元,41500,303000,6.1",  # 4.15亿元 in June, 30.3亿元 Jan–Jun
    ])
    assert rows(read(p)) == {
        ("一般公共预算收入", "level", "2023-06", False, 4.15),
        ("一般公共预算收入", "level", "2023-06", True, 30.3),
        ("一般公共预算收入", "yoy_pct", "2023-06", True, 6.1),
    }


def test_two_growth_columns_each_mapped(tmp_path):
    p = csv_file(tmp_path / "g2.csv", [
        "2023年1-6月金水区主要经济指标",
        "指标名称,计量单位,当月,累计,当月增长%,累计增长%",
        "社会消费品零售总额,亿元,70.5,410.2,3.9,5.5",
    ])
    assert rows(read(p)) == {
        ("社会消费品零售总额", "level", "2023-06", False, 70.5),
        ("社会消费品零售总额", "level", "2023-06", True, 410.2),
        ("社会消费品零售总额", "yoy_pct", "2023-06", False, 3.9),  # 当月增长 → the month
        ("社会消费品零售总额", "yoy_pct", "2023-06", True, 5.5),   # 累计增长 → year to date
    }


# --------------------------------------------------------------------------- merged XLSX header
def test_xlsx_merged_two_row_header(tmp_path):
    p = xlsx_file(tmp_path / "m.xlsx", [
        ["2023年1-5月金水区主要经济指标"],
        ["指标", "单位", "5月", "", "1-5月", ""],
        ["", "", "绝对值", "同比增长%", "绝对值", "同比增长%"],
        ["社会消费品零售总额", "万元", 690000, 4.2, 3400000, 5.0],  # 69亿元, 340亿元
        ["规模以上工业增加值", "%", "—", "—", "—", 3.3],
    ], merges=("A1:F1", "C2:D2", "E2:F2"))
    with pytest.warns(MissingValuesWarning) as rec:
        df = read_table(p)
    assert rows(df) == {
        ("社会消费品零售总额", "level", "2023-05", False, 69.0),
        ("社会消费品零售总额", "yoy_pct", "2023-05", False, 4.2),
        ("社会消费品零售总额", "level", "2023-05", True, 340.0),
        ("社会消费品零售总额", "yoy_pct", "2023-05", True, 5.0),
        ("规模以上工业增加值", "yoy_pct", "2023-05", False, None),  # “—” growth → missing
        ("规模以上工业增加值", "yoy_pct", "2023-05", True, 3.3),
    }
    missing = [w.message for w in rec if isinstance(w.message, MissingValuesWarning)][0]
    assert missing.file == "m.xlsx!Sheet"


# --------------------------------------------------------------------------- periods as rows
def test_periods_as_rows(tmp_path):
    p = csv_file(tmp_path / "q.csv", [
        "金水区分季度地区生产总值（单位：亿元）",
        "时期,地区生产总值,同比",
        "2023年一季度,470.15,4.1",     # a first quarter: single (and YTD) → cumulative False
        "2023年上半年,998.2,4.5",      # H1: year to date → 2023Q2 cumulative
        "2023年二季度,528.05,4.8",     # one quarter: single → 2023Q2 not cumulative
        "2023年前三季度,1500.4,5.0",
        "2023年,2100.0,5.2",           # the full year
        "注：地区生产总值按现价计算，增速按可比价计算。",
    ])
    df = read(p)
    assert set(df.region) == {"金水区"}  # not “分季度地区”
    assert rows(df) == {
        ("地区生产总值", "level", "2023Q1", False, 470.15),
        ("地区生产总值", "yoy_pct", "2023Q1", False, 4.1),
        ("地区生产总值", "level", "2023Q2", True, 998.2),
        ("地区生产总值", "yoy_pct", "2023Q2", True, 4.5),
        ("地区生产总值", "level", "2023Q2", False, 528.05),
        ("地区生产总值", "yoy_pct", "2023Q2", False, 4.8),
        ("地区生产总值", "level", "2023Q3", True, 1500.4),
        ("地区生产总值", "yoy_pct", "2023Q3", True, 5.0),
        ("地区生产总值", "level", "2023", False, 2100.0),
        ("地区生产总值", "yoy_pct", "2023", False, 5.2),
    }
    assert df.attrs["notes"] == ["注：地区生产总值按现价计算，增速按可比价计算。"]


def test_periods_as_rows_units_in_headers(tmp_path):
    p = csv_file(tmp_path / "q2.csv", [
        "金水区主要指标",
        "时期,地区生产总值（亿元）,同比增长（%）,一般公共预算收入（万元）,增速(%)",
        "2023年一季度,470.15,4.1,152300,6.1",  # 152300万元 = 15.23亿元
    ])
    assert rows(read(p)) == {
        ("地区生产总值", "level", "2023Q1", False, 470.15),
        ("地区生产总值", "yoy_pct", "2023Q1", False, 4.1),
        ("一般公共预算收入", "level", "2023Q1", False, 15.23),
        ("一般公共预算收入", "yoy_pct", "2023Q1", False, 6.1),
    }


def test_growth_row_under_its_level_row(tmp_path):
    p = csv_file(tmp_path / "gr.csv", [
        "2023年金水区分季度地区生产总值",
        "指标,一季度,上半年,前三季度",
        "地区生产总值（亿元）,470.15,998.2,1500.4",
        "同比增长（%）,4.1,4.5,5.0",
    ])
    df = read(p)
    assert "同比" not in set(df.indicator)
    assert rows(df) == {
        ("地区生产总值", "level", "2023Q1", False, 470.15),
        ("地区生产总值", "level", "2023Q2", True, 998.2),
        ("地区生产总值", "level", "2023Q3", True, 1500.4),
        ("地区生产总值", "yoy_pct", "2023Q1", False, 4.1),
        ("地区生产总值", "yoy_pct", "2023Q2", True, 4.5),
        ("地区生产总值", "yoy_pct", "2023Q3", True, 5.0),
    }


@pytest.mark.parametrize("growth", ["比上年同期增长（%）", "增长%", "增速(%)", "同比±%"])
def test_header_variants(tmp_path, growth):
    p = csv_file(tmp_path / "hv.csv", [
        "2023年1-3月金水区主要经济指标", f"指标名称,计量单位,1-3月,{growth}",
        "税收收入,亿元,20.5,-2.3",
    ])
    assert rows(read(p)) == {("税收收入", "level", "2023-03", True, 20.5),
                             ("税收收入", "yoy_pct", "2023-03", True, -2.3)}


# --------------------------------------------------------------------------- regions
def test_known_regions_and_title_matching():
    regions = known_regions(extra=("南关区(民政口径)",))
    assert {"金水区", "郑州市", "南关区"} <= regions
    assert strip_basis("金水区（管理口径）") == "金水区"
    assert find_region("金水区分季度地区生产总值", regions) == "金水区"
    assert find_region("郑州市金水区2023年3月主要经济指标", regions) == "金水区"
    assert find_region("郑东新区主要指标", regions) == "郑东新区"
    assert find_region("主要经济指标", regions) is None


def test_region_fallback_and_unknown_region(tmp_path):
    body = ["指标,单位,1-3月", "地区生产总值,亿元,470.15"]
    p = csv_file(tmp_path / "u.csv", ["2023年1-3月南关区主要经济指标", *body])
    with pytest.raises(DataError, match="region=") as info:
        read(p)
    assert "南关区" in str(info.value)
    assert set(read(p, region="南关区").region) == {"南关区"}
    # no region in the title: from the file name, else region=
    p = csv_file(tmp_path / "金水区主要指标.csv", ["2023年1-3月主要经济指标", *body])
    assert set(read(p).region) == {"金水区"}


# --------------------------------------------------------------------------- bad period headers
@pytest.mark.parametrize("head", ["2023年第13月", "2023年13月", "2023-13"])
def test_unparseable_period_header_raises(tmp_path, head):
    p = csv_file(tmp_path / "bad.csv", ["金水区主要经济指标", f"指标,单位,{head}",
                                        "地区生产总值,亿元,1"])
    with pytest.raises(PeriodError) as info:
        read(p)
    msg = str(info.value)
    assert "bad.csv" in msg and head in msg and info.value.column == head


# --------------------------------------------------------------------------- warnings
def test_warnings_in_plain_words(tmp_path):
    p = csv_file(tmp_path / "金水区主要指标.csv", [
        "2023年1-3月金水区主要经济指标", "指标,单位,1-3月,同比增长%",
        "固定资产投资,亿元,—,7.1", "税收收入,亿元,—,3.0", "说明：“—”表示未公布。",
    ])
    with pytest.warns(MissingValuesWarning) as rec:
        df = read_table(p)
    w = [r.message for r in rec if isinstance(r.message, MissingValuesWarning)][0]
    assert (w.file, w.n) == ("金水区主要指标.csv", 2)
    assert w.text("zh") == ("金水区主要指标.csv：2个单元格为“—”（未公布），按缺失处理："
                            "固定资产投资 1-3月、税收收入 1-3月。")
    assert str(w) == w.text("en") == (
        "金水区主要指标.csv: 2 cell(s) hold a placeholder (“—”, not published) and are read as "
        "missing: 固定资产投资 1-3月; 税收收入 1-3月.")
    assert str(tmp_path) not in w.text("zh") and "row" not in w.text("en")
    notes = [r.message for r in rec if isinstance(r.message, TableNotesWarning)][0]
    assert notes.text("zh") == "金水区主要指标.csv的表注：说明：“—”表示未公布。"
    assert df.attrs["notes"] == ["说明：“—”表示未公布。"]
    assert df.attrs["warnings"] == [w, notes]


# --------------------------------------------------------------------------- folders
def test_read_folder_duplicates_conflicts_and_warnings(tmp_path):
    d = tmp_path / "tables"
    (d / "sub").mkdir(parents=True)
    month = ["2023年1-3月金水区主要经济指标", "指标,单位,1-3月,同比增长%",
             "社会消费品零售总额,亿元,205.3,4.8", "固定资产投资,亿元,—,7.1"]
    csv_file(d / "a.csv", month)
    xlsx_file(d / "sub" / "b.xlsx", [[month[0]], ["指标", "单位", "1-3月"],
                                     ["社会消费品零售总额", "亿元", 205.3]])
    with pytest.warns(MissingValuesWarning):
        df = read_folder(d)
    assert len(df) == 4  # b.xlsx repeats a.csv's 205.3: dropped
    assert [w.file for w in df.attrs["warnings"]] == ["a.csv"]
    xlsx_file(d / "sub" / "c.xlsx", [[month[0]], ["指标", "单位", "1-3月"],
                                     ["社会消费品零售总额", "万元", 2050000]])  # 205.0亿元
    with pytest.raises(DataError) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read_folder(d)
    msg = str(info.value)
    assert "a.csv" in msg and "c.xlsx" in msg and "社会消费品零售总额" in msg and "2023-03" in msg


def test_conflict_within_one_file_keep(tmp_path):
    p = csv_file(tmp_path / "c.csv", ["region,indicator,period,value,unit",
                                      "金水区,地区生产总值,2025,3548.97,亿元",
                                      "金水区,地区生产总值,2025,2272.28,亿元"], "utf-8")
    with pytest.warns(ConflictingValuesWarning) as rec:
        read_table(p, on_duplicate="keep")
    assert rec[0].message.text("zh") == (
        "c.csv：1项数据出现多次且数值不同，均已保留：金水区 地区生产总值 2025（3548.97、2272.28）。")


# --------------------------------------------------------------------------- hardening
def test_size_limit(tmp_path):
    p = csv_file(tmp_path / "s.csv", ["region,indicator,period,value,unit",
                                      "金水区,地区生产总值,2022,1,亿元"], "utf-8")
    with pytest.raises(DataError, match="limit"):
        read_table(p, max_bytes=10)
    assert len(read_table(p, max_bytes=1000)) == 1


def test_zip_bomb_and_corrupt_xlsx(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))  # ratio ≈ 1000
    with pytest.raises(DataError, match="expands"):
        read_table(bomb)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(DataError, match="xlsx"):
        read_table(bad)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    p = csv_file(tmp_path / "locked.csv", ["a,b"], "utf-8")
    p.chmod(0)
    try:
        with pytest.raises(DataError, match="cannot read"):
            read_table(p)
    finally:
        p.chmod(0o644)


def test_big5_traditional_text(tmp_path):
    p = csv_file(tmp_path / "tw.csv", [
        "2023年1-3月金水區主要經濟指標", "指標,單位,1-3月,同比增長%",
        "社會消費品零售總額,萬元,2053000,4.8",  # 2053000萬元 = 205.3億元
        "地區生產總值,億元,470.15,4.1",
    ], "big5")
    df = read(p)
    assert set(df.region) == {"金水区"}
    assert rows(df) == {
        ("社会消费品零售总额", "level", "2023-03", True, 205.3),
        ("社会消费品零售总额", "yoy_pct", "2023-03", True, 4.8),
        ("地区生产总值", "level", "2023-03", True, 470.15),
        ("地区生产总值", "yoy_pct", "2023-03", True, 4.1),
    }
    assert "億萬區標".translate(TRADITIONAL) == "亿万区标"


def test_private_use_characters_refused(tmp_path):
    p = csv_file(tmp_path / "pua.csv", ["region,indicator,period,value,unit",
                                        "金水区,地区\ue000生产总值,2022,1,亿元"], "utf-8")
    with pytest.raises(DataError, match="U\\+E000") as info:
        read_table(p)
    assert info.value.row == 2 and info.value.column == "B"


def test_stray_boms_removed(tmp_path):
    p = csv_file(tmp_path / "bom.csv", ["\ufeffregion,indicator,period,value,unit",
                                        "金水区,\ufeff地区生产总值,2022,\ufeff12.5,亿元"], "utf-8")
    df = read_table(p)
    assert (df.indicator.iloc[0], df.value.iloc[0]) == ("地区生产总值", 12.5)


def test_unterminated_quote_refused(tmp_path):
    p = tmp_path / "cut.csv"
    p.write_bytes("2023年1-3月金水区主要经济指标\n指标,单位,1-3月\n社会消费品零售总额,万元,\"1875432"
                  .encode("gbk"))
    with pytest.raises(DataError, match="never closed"):
        read_table(p)


# --------------------------------------------------------------------------- templates
def test_templates_filled_and_read_back(tmp_path):
    paths = write_templates(tmp_path / "tpl")
    assert [p.name for p in paths] == ["主要经济指标模板.csv", "主要经济指标模板.xlsx", "README.txt"]
    assert paths[0].read_bytes().startswith(b"\xef\xbb\xbf")
    assert "怎样填写" in paths[2].read_text("utf-8")
    # fill the CSV: title, then 社零 and 一般公共预算收入 rows, others “—”
    text = paths[0].read_text("utf-8-sig").replace("XX区2023年1-N月", "金水区2023年1-6月")
    text = text.replace("社会消费品零售总额,亿元,,,", "社会消费品零售总额,亿元,70.5,410.2,5.5")
    text = text.replace("规模以上工业增加值,%,,,", "规模以上工业增加值,%,—,—,3.3")
    filled = tmp_path / "filled.csv"
    filled.write_text(text, encoding="utf-8-sig")
    df = read(filled)
    assert set(df.region) == {"金水区"}
    got = rows(df[df.value.notna()])
    assert got == {("社会消费品零售总额", "level", "2023-06", False, 70.5),
                   ("社会消费品零售总额", "level", "2023-06", True, 410.2),
                   ("社会消费品零售总额", "yoy_pct", "2023-06", True, 5.5),
                   ("规模以上工业增加值", "yoy_pct", "2023-06", True, 3.3)}
    # the XLSX template, filled with openpyxl
    wb = openpyxl.load_workbook(paths[1])
    ws = wb.active
    ws["A1"] = "金水区2023年1-6月主要经济指标"
    ws["C6"], ws["D6"], ws["E6"] = 70.5, 410.2, 5.5
    wb.save(tmp_path / "filled.xlsx")
    df = read(tmp_path / "filled.xlsx")
    assert ("社会消费品零售总额", "level", "2023-06", True, 410.2) in rows(df)


def test_unreadable_file_mocked(tmp_path, monkeypatch):
    p = csv_file(tmp_path / "locked.csv", ["a,b"], "utf-8")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(DataError, match="cannot read the file"):
        read_table(p)
